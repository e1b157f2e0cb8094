"""A spin box for a stored quantity: the value it holds is the stored value itself, never its display rounding.

QDoubleSpinBox keeps the *displayed* number (58.27 in) and hands back its conversion (1,480.058 mm), so stepping up
and down, or pressing Enter on untouched text, changed the stored value; and it parses with its locale's rules, which
read '36,5' as 365 in en_US. This box keeps the stored value, shows it through the one Formatter, steps from the exact
value (and back to exactly it), parses with `design.units.parse_number` (a decimal comma or point, group separators
only where they group) and refuses anything else with a one-line message for the field.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QWidget

from ..design.fieldspec import FieldSpec
from ..design.units import (
    Formatter,
    NumberSyntaxError,
    display_step,
    entry_decimals,
    from_display,
    parse_number,
    round_to,
    to_display,
)
from ..report.numbers import user_locale
from ..rules.finding import WHOLE_UNITS

AUTO = "auto"  # an optional field left empty is estimated (CG height, GVWR)
NONE = "none"  # ... or means nothing is fitted (a head restraint)
NONE_FIELDS = frozenset({"head_restraint_mm", "exemption_basis"})  # optional fields whose empty value is "none"
NOT_STATED = "not stated"  # ... or that the designer has not said (the plan's volumes)
NOT_STATED_FIELDS = frozenset({"us_sales_per_year", "maker_production_per_year"})
# what may appear while a number is being typed, after NFKC folding (grouping marks of every locale included)
_TYPABLE = frozenset("0123456789.,+-−' \u00a0\u202f") | frozenset(AUTO) | frozenset(NONE)


def empty_word(path: str) -> str:
    """How an optional field's empty value (None) reads: 'none' where it means nothing fitted, else 'auto'."""
    name = path.rsplit(".", 1)[-1]
    return NONE if name in NONE_FIELDS else NOT_STATED if name in NOT_STATED_FIELDS else AUTO


class QuantitySpinBox(QAbstractSpinBox):
    """Emits `committed(stored value)` when the user steps or commits typed text that means another value, and
    `refused(message)` when the typed text is not a value the field takes (the text then reverts)."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, spec: FieldSpec, fmt: Formatter, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.fmt = fmt
        self._value: float | int | None = None
        self._anchor: float | None = None  # the value a run of steps started from
        self._steps = 0
        self.auto_value: float | None = None  # what an optional field left empty is estimated at
        self.empty_text = empty_word(spec.path)  # how None reads: "auto", or "none" (nothing fitted)
        self.setKeyboardTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel passing over the panel neither focuses nor edits
        self.setAccelerated(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.editingFinished.connect(self.commit_text)

    # --- what is shown -----------------------------------------------------------------------------------------
    @property
    def places(self) -> int:
        return 0 if self.spec.kind == "int" else entry_decimals(self.spec.unit, self.fmt.system)

    def suffix(self) -> str:
        unit = self.fmt.unit(self.spec.unit)
        if unit == "°":
            return unit  # '20°', as every other reading of an angle
        return f" {unit}" if unit and unit not in WHOLE_UNITS else ""

    def text_for(self, value: float | None) -> str:
        if value is None:
            return self.empty_text
        return self.fmt.value(value, self.spec.unit, places=self.places, with_unit=False, trim=True) + self.suffix()

    def set_formatter(self, fmt: Formatter) -> None:
        """Another unit system or locale: only the text changes, never the value."""
        self.fmt = fmt
        self._anchor = None
        self._show()

    def set_stored(self, value: Any) -> None:
        """Show a value the design holds; emits nothing."""
        if value != self._value or self._anchor is None:
            self._anchor = None
        self._value = value
        self._show()

    def stored(self) -> Any:
        return self._value

    def _show(self) -> None:
        text = self.text_for(self._value)
        if self.lineEdit().text() != text:
            self.lineEdit().setText(text)
        self.update()

    # --- the display value (QDoubleSpinBox's API, for callers that think in displayed numbers) ----------------
    def value(self) -> float:
        return to_display(self._value, self.spec.unit, self.fmt.system) if self._value is not None else math.nan

    def setValue(self, shown: float) -> None:  # noqa: N802 - QDoubleSpinBox's name
        """Set a displayed value as if the user had: converted, clamped to the field's range, committed."""
        stored = self._clamped(from_display(shown, self.spec.unit, self.fmt.system))
        self._commit_value(stored if self.spec.kind == "int" else round(stored, 9))

    # --- range and steps ------------------------------------------------------------------------------------------
    @property
    def minimum(self) -> float | None:
        return self.spec.minimum

    @property
    def maximum(self) -> float | None:
        return self.spec.maximum

    def _clamped(self, stored: float) -> float:
        if self.spec.minimum is not None:
            stored = max(stored, self.spec.minimum)
        if self.spec.maximum is not None:
            stored = min(stored, self.spec.maximum)
        return int(round(stored)) if self.spec.kind == "int" else stored

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 - Qt API
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self._value is None:
            return QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self.spec.maximum is None or self._value < self.spec.maximum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self.spec.optional or self.spec.minimum is None or self._value > self.spec.minimum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt API
        """Steps count from the value the run started at, so Up then Down returns exactly to it. Typed text not yet
        committed is taken first; an empty optional field starts from its estimate."""
        if self.lineEdit().text() != self.text_for(self._value):
            self.commit_text()
        if self._value is None:
            self._commit_value(self._from_auto(steps))
            return
        if self._anchor is None:
            self._anchor, self._steps = float(self._value), 0
        if self.spec.optional and steps < 0 and self._value <= (self.spec.minimum or 0):
            self._commit_value(None)  # below the minimum: back to "auto"
            return
        self._steps += steps
        anchor, unit, system = self._anchor, self.spec.unit, self.fmt.system
        if self._steps == 0:
            target = anchor
        else:
            step = display_step(self.spec.step, unit, system) if self.spec.kind != "int" else max(self.spec.step, 1)
            shown = to_display(anchor, unit, system) + self._steps * step
            target = round(from_display(shown, unit, system), 9)
        anchor_keep, steps_keep = self._anchor, self._steps
        self._commit_value(self._clamped(target))
        self._anchor, self._steps = anchor_keep, steps_keep  # the run goes on

    def _from_auto(self, steps: int) -> float | None:
        """The first value an "auto" field takes when stepped: its estimate at the field's decimals (rounded the way
        of the step), or the minimum when there is no estimate; stepping down from auto leaves it auto."""
        if steps < 0 and self.auto_value is None:
            return None
        if self.auto_value is None:
            return self.spec.minimum
        unit, system = self.spec.unit, self.fmt.system
        shown = round_to(to_display(self.auto_value, unit, system), self.places, "up" if steps > 0 else "down")
        return self._clamped(round(from_display(shown, unit, system), 9))

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the panel scrolls; the field under the pointer is not edited

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape and self.lineEdit().text() != self.text_for(self._value):
            self._show()  # Esc takes back what was typed
            event.accept()
            return
        super().keyPressEvent(event)

    # --- typed text ---------------------------------------------------------------------------------------------
    def _body(self, text: str) -> str:
        body = text.strip()
        suffix = self.suffix().strip()
        if suffix and body.endswith(suffix):
            body = body[: -len(suffix)].strip()
        return body

    def validate(self, text: str, pos: int) -> object:  # noqa: D401 - Qt API
        """Letting the user type freely (the message comes when the text is committed): only text that cannot
        become a number is blocked, so that '1,480.5' can be typed one keystroke at a time. Full-width digits and
        separators from a Japanese input method count as their ASCII forms, as parse_number reads them."""
        body = unicodedata.normalize("NFKC", self._body(text))
        if all(ch in _TYPABLE for ch in body):
            return QValidator.State.Intermediate
        return QValidator.State.Invalid

    def fixup(self, text: str) -> str:
        return text

    def interpret(self, text: str) -> tuple[float | None, str | None]:
        """(stored value, None) for committed text, or (None, why not) for text the field refuses."""
        body = self._body(text)
        if self.spec.optional and body.lower() in ("", self.empty_text):
            return None, None
        locale = user_locale()
        try:
            shown = parse_number(body, locale.decimalPoint() or ".", locale.groupSeparator() or ",")
        except NumberSyntaxError as exc:
            return None, str(exc)
        if self.spec.kind == "int" and shown != int(shown):
            return None, f"'{body}' is not a whole number"
        stored = from_display(shown, self.spec.unit, self.fmt.system)
        for bound, below in ((self.spec.minimum, True), (self.spec.maximum, False)):
            if bound is not None and (stored < bound if below else stored > bound):
                limit = self.fmt.value(bound, self.spec.unit, places=self.fmt.exact_places(bound, self.spec.unit))
                return None, f"{'at least' if below else 'at most'} {limit}"
        return (int(round(stored)) if self.spec.kind == "int" else stored), None

    def commit_text(self) -> None:
        """Take what the user typed: commit it, refuse it with a message, or (unchanged text) do nothing."""
        text = self.lineEdit().text()
        if text == self.text_for(self._value):
            return  # untouched: the stored value stays exactly as it is
        value, problem = self.interpret(text)
        if problem is not None:
            self._show()
            self.refused.emit(problem)
            return
        if value is not None and self._value is not None and self._is_shown_value(value):
            self._show()  # the displayed number typed again ('58.27' for 1,480 mm): not a change
            return
        if self.spec.kind != "int" and value is not None:
            value = round(value, 9)  # a conversion must not invent sub-nanometre noise in the stored design
        self._commit_value(value)

    def _is_shown_value(self, value: float) -> bool:
        """Whether `value` is what the field displays for the stored value, at the field's decimals."""
        unit, system = self.spec.unit, self.fmt.system
        typed = to_display(value, unit, system)
        shown = round_to(to_display(self._value, unit, system), self.places)
        return math.isclose(typed, shown, rel_tol=1e-12, abs_tol=1e-9)

    def _commit_value(self, value: Any) -> None:
        self._anchor = None
        if value == self._value:
            self._show()
            return
        self._value = value
        self._show()
        self.committed.emit(value)
