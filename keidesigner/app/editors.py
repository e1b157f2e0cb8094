"""One editor widget per design field, built from its FieldSpec; values are converted for display only."""

from __future__ import annotations

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
from .quantity import QuantitySpinBox

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
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setToolTip(spec.description)
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

    def _place_slider(self, value: Any) -> None:
        self.slider.blockSignals(True)
        if value is None:
            self.slider.setValue(0)
        else:
            lo, hi = self._display_range()
            shown = to_display(value, self.spec.unit, self.system)
            self.slider.setValue(round((shown - lo) / (hi - lo) * SLIDER_STEPS) if hi > lo else 0)
        self.slider.blockSignals(False)

    def show_value(self, value: Any) -> None:
        self._value = value
        self.spin.set_stored(value)
        self._place_slider(value)

    def _slider_changed(self, position: int) -> None:
        lo, hi = self._display_range()
        step = display_step(self.spec.step, self.spec.unit, self.system)
        shown = lo + (hi - lo) * position / SLIDER_STEPS
        shown = lo + round((shown - lo) / step) * step if step > 0 else shown
        self.spin.setValue(min(max(shown, lo), hi))  # commits through the spin box


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
        return NumberEditor(spec, fmt=fmt)
    return {"bool": BoolEditor, "choice": ChoiceEditor, "text": TextEditor}[spec.kind](spec)
