"""One editor widget per design field, built from its FieldSpec; values are converted for display only."""

from __future__ import annotations

import math
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QWidget,
)

from ..design.fieldspec import FieldSpec
from ..design.units import Formatter, UnitSystem, display_step, to_display
from .quantity import NONE, QuantitySpinBox, empty_word

SLIDER_STEPS = 1000


def choice_label(value: str) -> str:
    special = {"mpv": "MPV", "lsv": "Low-speed vehicle (LSV)", "cfrp": "CFRP", "lap_shoulder": "Lap + shoulder"}
    return special.get(value, value.replace("_", " ").capitalize())


class FieldEditor(QWidget):
    """Emits `edited(path, stored_value)` when the user changes the value; `show_value` never emits."""

    edited = Signal(str, object)

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.setToolTip(spec.description)
        self._value: Any = None

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_units(self, system: UnitSystem) -> None:
        """Only numeric editors change with the unit system."""

    def focus_editor(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)


class NumberEditor(FieldEditor):
    """A QuantitySpinBox with its unit plus a slider over the field's whole range; a drag is one gesture.

    `refused(path, message)` carries a typed value the field does not take, for the panel to show beside it.
    """

    refused = Signal(str, str)

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None, fmt: Formatter | None = None):
        super().__init__(spec, parent)
        self.fmt = fmt or Formatter()
        self.spin = QuantitySpinBox(spec, self.fmt)
        self.spin.setToolTip(spec.description)
        self.spin.setMinimumWidth(118)
        self.slider = FieldSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setToolTip(spec.description)
        self._slider_position = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.spin.committed.connect(lambda value: self.edited.emit(spec.path, value))
        self.spin.refused.connect(lambda message: self.refused.emit(spec.path, message))
        self.slider.valueChanged.connect(self._slider_changed)
        self.setFocusProxy(self.spin)

    @property
    def system(self) -> UnitSystem:
        return self.fmt.system

    def set_units(self, system: UnitSystem) -> None:
        self.set_formatter(Formatter(system, self.fmt.digits, self.fmt.locale_name))

    def set_formatter(self, fmt: Formatter) -> None:
        self.fmt = fmt
        self.spin.set_formatter(fmt)
        self._place_slider(self._value)

    def _display_range(self) -> tuple[float, float]:
        lo = to_display(self.spec.minimum or 0.0, self.spec.unit, self.system)
        hi = to_display(self.spec.maximum or 0.0, self.spec.unit, self.system)
        return lo, hi

    def set_auto_value(self, value: float | None) -> None:
        """The estimate an empty optional field stands for: where stepping starts, and where the slider sits."""
        self.spin.auto_value = value
        if self._value is None:
            self._place_slider(None)

    def _place_slider(self, value: Any) -> None:
        if value is None:
            value = self.spin.auto_value
        position = 0
        if value is not None:
            lo, hi = self._display_range()
            shown = to_display(value, self.spec.unit, self.system)
            position = min(max(round((shown - lo) / (hi - lo) * SLIDER_STEPS), 0), SLIDER_STEPS) if hi > lo else 0
        self._slider_position = position
        self.slider.blockSignals(True)
        self.slider.setValue(position)
        self.slider.blockSignals(False)

    def show_value(self, value: Any) -> None:
        self._value = value
        self.spin.set_stored(value)
        self._place_slider(value)

    def _slider_changed(self, position: int) -> None:
        """A slider position as a value on the field's step grid (multiples of the step, in the units shown), moved
        at least one step the way the slider moved, so that a notch never goes backwards."""
        lo, hi = self._display_range()
        step = display_step(self.spec.step, self.spec.unit, self.system)
        exact = lo + (hi - lo) * position / SLIDER_STEPS
        shown = round(exact / step) * step if step > 0 else exact
        value = self._value if self._value is not None else self.spin.auto_value
        if value is not None and step > 0:
            current = to_display(value, self.spec.unit, self.system)
            moved = position - self._slider_position
            if moved > 0 and shown <= current:
                shown = (math.floor(current / step + 1e-9) + 1) * step
            elif moved < 0 and shown >= current:
                shown = (math.ceil(current / step - 1e-9) - 1) * step
        self._slider_position = position
        self.spin.setValue(min(max(shown, lo), hi))  # commits through the spin box


class FittedNumberEditor(NumberEditor):
    """An optional quantity whose empty value means nothing is fitted (a head restraint): a 'Fitted' box switches
    between none and a height, the spin box reads "none" while it is off (typing "none" or nothing switches it off
    too). Switched on, the field takes the value it last had, else its `auto_value` (what the rules ask), else its
    minimum."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None, fmt: Formatter | None = None):
        super().__init__(spec, parent, fmt)
        self.fitted = QCheckBox("Fitted")
        self.fitted.setToolTip(spec.description)
        self.layout().insertWidget(0, self.fitted)
        self.fitted.toggled.connect(self._fitted_toggled)
        self._last: float | None = None

    def show_value(self, value: Any) -> None:
        super().show_value(value)
        if value is not None:
            self._last = value
        self.fitted.blockSignals(True)
        self.fitted.setChecked(value is not None)
        self.fitted.blockSignals(False)
        self.slider.setEnabled(value is not None)

    def forget(self) -> None:
        """The editor now shows another seat: what it remembered was that seat's."""
        self._last = None

    def fitted_value(self) -> float | None:
        return self._last if self._last is not None else self.spin.auto_value or self.spec.minimum

    def _fitted_toggled(self, on: bool) -> None:
        self.edited.emit(self.spec.path, self.fitted_value() if on else None)


class FieldSlider(QSlider):
    """A slider that a wheel passing over the panel does not move: only a focused one takes the wheel."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.box = QCheckBox(spec.title)
        self.box.setToolTip(spec.description)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self.box.toggled.connect(lambda on: self.edited.emit(spec.path, bool(on)))
        self.setFocusProxy(self.box)

    def show_value(self, value: Any) -> None:
        self._value = value
        self.box.blockSignals(True)
        self.box.setChecked(bool(value))
        self.box.blockSignals(False)


class ChoiceEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None, labels: Callable[[str], str] = choice_label):
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.setToolTip(spec.description)
        for choice in spec.choices:
            self.combo.addItem(labels(choice), choice)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.combo.activated.connect(lambda i: self.edited.emit(spec.path, self.combo.itemData(i)))
        self.setFocusProxy(self.combo)

    def show_value(self, value: Any) -> None:
        self._value = value
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(getattr(value, "value", value)))
        self.combo.blockSignals(False)


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self.line.setToolTip(spec.description)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        self.line.editingFinished.connect(self._commit)
        self.setFocusProxy(self.line)

    def _commit(self) -> None:
        if self.line.text() != self._value:
            self.edited.emit(self.spec.path, self.line.text())

    def show_value(self, value: Any) -> None:
        self._value = value
        self.line.blockSignals(True)
        self.line.setText(value)
        self.line.blockSignals(False)


def make_editor(spec: FieldSpec, fmt: Formatter | None = None) -> FieldEditor:
    if spec.kind in ("float", "int"):
        if spec.optional and empty_word(spec.path) == NONE:
            return FittedNumberEditor(spec, fmt=fmt)
        return NumberEditor(spec, fmt=fmt)
    return {"bool": BoolEditor, "choice": ChoiceEditor, "text": TextEditor}[spec.kind](spec)
