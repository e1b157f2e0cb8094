"""One editor widget per design field, built from its FieldSpec; values are converted for display only."""

from __future__ import annotations

import math
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QSpinBox,
    QWidget,
)

from ..design.fieldspec import FieldSpec
from ..design.units import UnitSystem, decimals, display_unit, from_display, to_display

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
    """A spin box with unit suffix plus a slider over the field's whole range; a drag is one gesture."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.system = UnitSystem.metric
        is_int = spec.kind == "int" and spec.unit not in ("mm", "kg")
        self.spin: QAbstractSpinBox = QSpinBox() if is_int else QDoubleSpinBox()
        self.spin.setKeyboardTracking(False)  # typed text commits on Enter or focus-out, not per keystroke
        self.spin.setAccelerated(True)
        self.spin.setToolTip(spec.description)
        self.spin.setMinimumWidth(110)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setToolTip(spec.description)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.spin.valueChanged.connect(self._spin_changed)
        self.slider.valueChanged.connect(self._slider_changed)
        self.setFocusProxy(self.spin)
        self.set_units(UnitSystem.metric)

    # the display range, in display units; an optional field's "auto" sits one step below the minimum
    def _display_range(self) -> tuple[float, float, float]:
        lo = to_display(self.spec.minimum or 0.0, self.spec.unit, self.system)
        hi = to_display(self.spec.maximum or 0.0, self.spec.unit, self.system)
        step = to_display(self.spec.step, self.spec.unit, self.system)
        return lo, hi, step

    def set_units(self, system: UnitSystem) -> None:
        self.system = system
        lo, hi, step = self._display_range()
        unit = display_unit(self.spec.unit, system)
        spin = self.spin
        spin.blockSignals(True)
        if isinstance(spin, QDoubleSpinBox):
            # fine enough to reach every step and, in converted units, one stored unit (0.01 in for 1 mm)
            finest = min(step, to_display(1.0, self.spec.unit, system))
            places = max(decimals(self.spec.unit, system), 0 if finest >= 1 else math.ceil(-math.log10(finest)))
            spin.setDecimals(places)
        spin.setSingleStep(step if isinstance(spin, QDoubleSpinBox) else max(int(step), 1))
        auto_slot = step if self.spec.optional else 0
        spin.setRange(lo - auto_slot, hi)
        spin.setSpecialValueText("auto" if self.spec.optional else "")
        spin.setSuffix(f" {unit}" if unit and unit != "seats" else "")
        spin.blockSignals(False)
        if self._value is not None or self.spec.optional:
            self.show_value(self._value)

    def show_value(self, value: Any) -> None:
        self._value = value
        self.spin.blockSignals(True)
        self.slider.blockSignals(True)
        if value is None:
            self.spin.setValue(self.spin.minimum())
            self.slider.setValue(0)
        else:
            shown = to_display(value, self.spec.unit, self.system)
            self.spin.setValue(shown)
            lo, hi, _ = self._display_range()
            self.slider.setValue(round((shown - lo) / (hi - lo) * SLIDER_STEPS) if hi > lo else 0)
        self.spin.blockSignals(False)
        self.slider.blockSignals(False)

    def _stored(self, shown: float) -> Any:
        if self.spec.optional and shown <= self.spin.minimum():
            return None
        value = from_display(shown, self.spec.unit, self.system)
        if self.spec.kind == "int":
            return int(round(value))
        # a display round trip (in → mm) must not invent sub-micron noise in the stored design
        return round(value, 6)

    def _spin_changed(self, shown: float) -> None:
        self.edited.emit(self.spec.path, self._stored(shown))

    def _slider_changed(self, position: int) -> None:
        lo, hi, step = self._display_range()
        shown = lo + (hi - lo) * position / SLIDER_STEPS
        shown = lo + round((shown - lo) / step) * step if step > 0 else shown
        self.spin.setValue(min(max(shown, lo), hi))  # emits through _spin_changed


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


def make_editor(spec: FieldSpec) -> FieldEditor:
    return {"float": NumberEditor, "int": NumberEditor, "bool": BoolEditor, "choice": ChoiceEditor,
            "text": TextEditor}[spec.kind](spec)
