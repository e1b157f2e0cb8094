"""One axis of the Explore map as the user sets it: a numeric field of the design, its range and its steps.

The field is chosen in a combo box listing the design's numeric fields by title, under their group's heading, each
with its unit in the user's unit system ('Length (in)'). The range's ends are quantity boxes (the stored value kept
exactly, typed and shown in the user's units and locale, as in the Parameters dock); choosing another field sets
its default range, about ±15 % around the design's value.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from ..design import Derived, Design
from ..design.fieldspec import FieldSpec
from ..design.units import Formatter
from ..rules.finding import WHOLE_UNITS
from .explore_fields import DEFAULT_STEPS, MAX_STEPS, Axis, accepted_range, current_value, default_range
from .quantity import QuantitySpinBox

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def field_label(spec: FieldSpec, fmt: Formatter) -> str:
    """'Length (mm)', 'Length (in)'; a count or a ratio without a unit as its title alone."""
    unit = fmt.unit(spec.unit)
    return f"{spec.title} ({unit})" if unit and unit not in WHOLE_UNITS else spec.title


class FieldCombo(QComboBox):
    """The design's numeric fields under their groups' headings (headings are not selectable)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(QStandardItemModel(self))
        self.setMaxVisibleItems(24)
        self.specs: dict[str, FieldSpec] = {}

    def set_fields(self, groups: list[tuple[str, list[FieldSpec]]], fmt: Formatter) -> None:
        model: QStandardItemModel = self.model()
        self.blockSignals(True)
        chosen = self.path()
        model.clear()
        self.specs = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for title, specs in groups:
            heading = QStandardItem(title)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown as a heading, never chosen (not selectable)
            heading.setFont(bold)
            model.appendRow(heading)
            for spec in specs:
                item = QStandardItem(field_label(spec, fmt))
                item.setData(spec.path, PATH_ROLE)
                item.setToolTip(spec.description)
                model.appendRow(item)
                self.specs[spec.path] = spec
        if chosen in self.specs:
            self.set_path(chosen)
        self.blockSignals(False)

    def relabel(self, fmt: Formatter) -> None:
        """Units in another system; the choice stays."""
        model: QStandardItemModel = self.model()
        for row in range(model.rowCount()):
            item = model.item(row)
            path = item.data(PATH_ROLE)
            if path in self.specs:
                item.setText(field_label(self.specs[path], fmt))

    def path(self) -> str | None:
        return self.currentData(PATH_ROLE)

    def set_path(self, path: str) -> bool:
        index = self.findData(path, PATH_ROLE)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True

    def spec(self) -> FieldSpec | None:
        path = self.path()
        return self.specs.get(path) if path else None


class AxisChooser(QWidget):
    """A field combo on one line, 'from [start] to [stop] [41] steps' on the next; `field_changed` when the
    user picks another field (its default range is set already)."""

    field_changed = Signal()

    def __init__(self, fmt: Formatter, parent: QWidget | None = None):
        super().__init__(parent)
        self.fmt = fmt
        self.combo = FieldCombo()
        self.combo.currentIndexChanged.connect(self._picked)
        placeholder = FieldSpec(path="", title="", description="", kind="float")
        self.start = QuantitySpinBox(placeholder, fmt)
        self.stop = QuantitySpinBox(placeholder, fmt)
        for box in (self.start, self.stop):
            box.setMinimumWidth(78)
        self.steps = QSpinBox()
        self.steps.setRange(2, MAX_STEPS)
        self.steps.setValue(DEFAULT_STEPS)
        self.steps.setToolTip(f"Values along this side of the map, both ends included (at most {MAX_STEPS}).")
        self.range_row = QWidget()
        row = QHBoxLayout(self.range_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(QLabel("from"))
        row.addWidget(self.start, 1)
        row.addWidget(QLabel("to"))
        row.addWidget(self.stop, 1)
        row.addSpacing(4)
        row.addWidget(self.steps)
        row.addWidget(QLabel("steps"))
        self.design: Design | None = None
        self.derived: Derived | None = None
        self._last = 0  # the combo's index before, to step over a heading

    def set_fields(self, groups: list[tuple[str, list[FieldSpec]]], path: str, design: Design,
                   derived: Derived | None) -> None:
        """The fields to choose from, `path` chosen unless the choice before is still there (then kept)."""
        self.design, self.derived = design, derived
        before = self.combo.path()
        self.combo.set_fields(groups, self.fmt)
        keep = before if before in self.combo.specs else path
        if keep != before or self.start.spec.path != keep:
            self.combo.blockSignals(True)
            self.combo.set_path(keep)
            self.combo.blockSignals(False)
            self.reset_range()
        self._last = self.combo.currentIndex()

    def set_context(self, design: Design, derived: Derived | None) -> None:
        """The design a field's default range centres on."""
        self.design, self.derived = design, derived

    def _picked(self, index: int) -> None:
        combo = self.combo
        if combo.itemData(index, PATH_ROLE) is None:  # a heading, reached by the keyboard or the wheel: the
            step = 1 if index >= self._last or index == 0 else -1  # field next to it in the direction moved
            target = index + step
            while 0 <= target < combo.count() and combo.itemData(target, PATH_ROLE) is None:
                target += step
            combo.setCurrentIndex(target if 0 <= target < combo.count() else self._last)
            return
        self._last = index
        self.reset_range()
        self.field_changed.emit()

    def reset_range(self) -> None:
        """The chosen field's default range: about ±15 % around its value now, in round steps, cut to the values the
        model accepts with the other fields as they are."""
        spec = self.combo.spec()
        if spec is None or self.design is None:
            return
        boxed = replace(spec, optional=False)
        for box in (self.start, self.stop):
            box.spec = boxed
        value = current_value(self.design, self.derived, spec.path)
        start, stop = default_range(spec, value, self.fmt, self.steps.value())
        start, stop = accepted_range(self.design, Axis(spec, start, stop, self.steps.value()), self.fmt)
        self.start.set_stored(start)
        self.stop.set_stored(stop)

    def set_formatter(self, fmt: Formatter) -> None:
        self.fmt = fmt
        self.combo.relabel(fmt)
        self.start.set_formatter(fmt)
        self.stop.set_formatter(fmt)

    @property
    def spec(self) -> FieldSpec | None:
        return self.combo.spec()

    def axis(self) -> Axis:
        """The axis as set. Raises ValueError when no field is chosen."""
        spec = self.combo.spec()
        if spec is None:
            raise ValueError("choose a field")
        return Axis(spec, float(self.start.stored()), float(self.stop.stored()), self.steps.value())

    def set_range(self, start: float, stop: float, steps: int | None = None) -> None:
        """Set the range (stored units) as if typed (tests, scripts)."""
        self.start.set_stored(start)
        self.stop.set_stored(stop)
        if steps is not None:
            self.steps.setValue(steps)


__all__ = ["AxisChooser", "FieldCombo", "field_label"]
