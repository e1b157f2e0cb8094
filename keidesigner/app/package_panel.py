"""The occupant package tab: the cabin's fields, each seat row with its fields and its seat locations with theirs,
buttons that add and remove rows and seats, and beside each seat's width what 49 CFR 571.10 makes of it.

Editors are generated from the package models' field metadata and registered with the ParameterPanel by their
indexed paths ('package.rows.1.seats.0.seating_width_mm'), so that edits, refusals, undo texts, unit switches and
findings reach them as they reach every other field. The widgets of a row or seat are made when it appears and
deleted when it goes; an edit that keeps the structure only updates values in place (the panel's show_design).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..design import EditError
from ..design.fieldspec import FieldSpec, _spec
from ..design.package import Package, SeatLocation, SeatRow
from ..design.seating import DSP_571_10, Seating, SeatPlace
from ..design.units import Formatter
from ..rules.context import dsp_formula
from ..rules.occupants import HR_ANY_MIN_MM, HR_FRONT_MIN_MM
from . import package_edits
from .editors import FittedNumberEditor, NumberEditor

if TYPE_CHECKING:
    from .parameters import ParameterPanel

# How the fields of a seat location sit: short ones two to a line. A field of the model not listed gets its own line.
SEAT_LINES: tuple[tuple[str, ...], ...] = (
    ("kind", "belt"), ("seating_width_mm",), ("declared_positions",), ("latch_positions", "tether_positions"),
    ("head_restraint_mm",), ("backset_mm",),
)
SIDES = {1: ("",), 2: ("left", "right"), 3: ("left", "centre", "right"),
         4: ("left", "left centre", "right centre", "right")}
NOTE_STYLE = "background: #fff3c4; border: 1px solid #e0c068; border-radius: 4px; padding: 4px 6px;"
HINT_STYLE = "color: #555; font-size: 11px;"
DSP_STYLE = {"same": "color: #555;", "more": "background: #ffe1dc; color: #b71c1c; border-radius: 3px; padding: 0 3px;",
             "fewer": "background: #fff3c4; color: #7a4f00; border-radius: 3px; padding: 0 3px;"}
DSP_TIP = ("Designated seating positions 49 CFR 571.10 makes of this seating surface width (the divisors are in "
           "Edit ▸ Rule Settings), beside the positions declared; outboard: less than 12 in from the side of the "
           "cabin (571.3).")


def model_specs(prefix: str, model: type[BaseModel], skip: tuple[str, ...] = ()) -> list[FieldSpec]:
    """FieldSpecs of a package model's own fields under `prefix` ('package.rows.1'), from its metadata."""
    return [_spec(f"{prefix}.{name}", model, name) for name in model.model_fields if name not in skip]


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def dsp_text(place: SeatPlace, fmt: Formatter) -> tuple[str, str]:
    """('3 DSPs (2 declared) · outboard', 'more') for a seat location; the second says how the count compares
    with the declared positions: 'same', 'more' (the US counts more than declared) or 'fewer'."""
    declared = place.seat.declared_positions
    if place.dsp == 0:
        text = f"no DSP: narrower than {fmt.value(DSP_571_10.min_width_mm, 'mm')}"
    else:
        text = (f"{fmt.number(place.dsp, 0)} DSP{'' if place.dsp == 1 else 's'}"
                + (f" ({fmt.number(declared, 0)} declared)" if place.dsp != declared else ""))
        text += " · " + ("inboard", "outboard", "outboard both sides")[place.outboard]
    state = "same" if place.dsp == declared else ("more" if place.dsp > declared or place.dsp == 0 else "fewer")
    return text, state


def row_title(index: int, rows: int) -> str:
    if index == 0:
        return "Row 1 · front" if rows > 1 else "Row 1"
    return f"Row {index + 1}" + (" · rear" if index == rows - 1 else " · middle")


def seat_title(index: int, seats: int) -> str:
    side = SIDES.get(seats, ("",) * seats)[index]
    return f"Seat {index + 1}" + (f" · {side}" if side else "")


def narrow(holder: QWidget) -> QWidget:
    """A number field of the package, with a spin box a little narrower than the vehicle tab's: a seat's fields sit
    two boxes in, and the tab must fit the parameters dock's 400 px."""
    field = holder.layout().itemAt(0).widget()
    if isinstance(field, NumberEditor):
        field.spin.setMinimumWidth(100)
    return holder


def small_button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class SeatBox(QFrame):
    """One seat location: its title, a Remove button, its fields, and its DSP count under its width."""

    def __init__(self, editor: PackageEditor, row: int, index: int):
        super().__init__()
        self.editor = editor
        self.row, self.index = row, index
        self.path = f"package.rows.{row}.seats.{index}"
        self.setObjectName(self.path)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(5, 3, 5, 3)
        layout.setSpacing(2)
        header = QHBoxLayout()
        self.title = QLabel()
        self.title.setToolTip("Seat locations are numbered left to right, seen from the seat facing forward.")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        header.addWidget(self.title)
        header.addStretch(1)
        self.remove = QToolButton()
        self.remove.setText("Remove seat")
        self.remove.setObjectName(f"remove.{self.path}")
        self.remove.setToolTip("Remove this seat location from its row.")
        self.remove.clicked.connect(lambda: editor.structure_edit(
            package_edits.remove_seat, self.row, self.index, at=f"package.rows.{self.row}"))
        header.addWidget(self.remove)
        layout.addLayout(header)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(3)
        specs = {s.path.rsplit(".", 1)[1]: s for s in model_specs(self.path, SeatLocation)}
        lines = [line for line in SEAT_LINES if all(name in specs for name in line)]
        listed = {name for line in lines for name in line}
        lines += [(name,) for name in specs if name not in listed]
        for line in lines:
            first = specs[line[0]]
            if len(line) == 1:
                form.addRow(first.title, narrow(editor.panel.field(first)))
                continue
            pair = QWidget()  # two short fields across the seat's whole width, each after its title
            across = QHBoxLayout(pair)
            across.setContentsMargins(0, 0, 0, 0)
            for n, name in enumerate(line):
                label = QLabel(specs[name].title)
                label.setToolTip(specs[name].description)
                if n:
                    across.addSpacing(8)
                across.addWidget(label)
                across.addWidget(self._compact(editor.panel.field(specs[name])), 1)
            form.addRow(pair)
        layout.addLayout(form)
        self.dsp = QLabel()
        self.dsp.setObjectName(f"dsp.{self.path}")
        self.dsp.setToolTip(DSP_TIP)
        self.dsp.setWordWrap(True)  # '3 DSPs (2 declared) · outboard both sides' must not widen the tab
        self.dsp_state = ""
        width = editor.panel.rows[f"{self.path}.seating_width_mm"]
        width.layout().insertWidget(1, self.dsp)  # under the width's editor, above its error line

    def _compact(self, holder: QWidget) -> QWidget:
        """A counted field two to a line: its spin box alone, without the slider."""
        field = holder.layout().itemAt(0).widget()
        if isinstance(field, NumberEditor) and field.spec.kind == "int":
            field.slider.hide()
            field.spin.setMinimumWidth(56)
        return holder

    def show_place(self, place: SeatPlace, fmt: Formatter) -> None:
        text, state = dsp_text(place, fmt)
        if self.dsp.text() != text:
            self.dsp.setText(text)
        if state != self.dsp_state:  # restyling is costly, and this runs on every edit
            self.dsp_state = state
            self.dsp.setStyleSheet(DSP_STYLE[state])


class RowBox(QGroupBox):
    """One seat row: Add seat / Remove row, its fields, and its seat locations."""

    def __init__(self, editor: PackageEditor, index: int):
        super().__init__()
        self.editor = editor
        self.index = index
        self.path = f"package.rows.{index}"
        self.setObjectName(self.path)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        header = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setStyleSheet(HINT_STYLE)
        header.addWidget(self.summary, 1)
        self.add_seat = small_button("Add seat", "Add a seat location at the right end of this row, a copy of its "
                                                 "neighbour (narrowed to the shoulder room left).")
        self.add_seat.setObjectName(f"add_seat.{self.path}")
        self.add_seat.clicked.connect(lambda: editor.structure_edit(package_edits.add_seat, self.index,
                                                                    editor.formula(), at=self.path))
        self.remove = small_button("Remove row", "Remove this seat row and its seat locations.")
        self.remove.setObjectName(f"remove.{self.path}")
        self.remove.clicked.connect(lambda: editor.structure_edit(package_edits.remove_row, self.index, at=self.path))
        header.addWidget(self.add_seat)
        header.addWidget(self.remove)
        layout.addLayout(header)
        self.error = editor.panel.error_label()
        editor.panel.errors[self.path] = self.error
        layout.addWidget(self.error)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(3)
        for spec in model_specs(self.path, SeatRow, skip=("seats",)):
            form.addRow(spec.title, narrow(editor.panel.field(spec)))
        layout.addLayout(form)
        self.seats_column = QVBoxLayout()
        self.seats_column.setSpacing(4)
        layout.addLayout(self.seats_column)
        self.seats: list[SeatBox] = []

    def show_count(self, seats: int) -> None:
        """Seat boxes for `seats` seat locations: the last ones made or deleted; the others keep their widgets."""
        while len(self.seats) > seats:
            box = self.seats.pop()
            self.editor.panel.forget(box.path)
            box.setParent(None)
            box.deleteLater()
        while len(self.seats) < seats:
            box = SeatBox(self.editor, self.index, len(self.seats))
            self.seats.append(box)
            self.seats_column.addWidget(box)
        for box in self.seats:
            box.title.setText(seat_title(box.index, seats))


class PackageEditor(QScrollArea):
    """The occupant package tab of the ParameterPanel (which owns the editors it makes)."""

    TITLE = "Occupant package"
    TOOLTIP = ("Seat rows and seat locations: what the designated seating positions, belts, head restraints, LATCH "
               "and headroom findings are checked on.")

    def __init__(self, panel: ParameterPanel):
        super().__init__()
        self.panel = panel
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(6, 6, 4, 6)  # every pixel across counts: a seat's fields sit two boxes in
        column.setSpacing(6)

        self.note = QFrame()
        self.note.setObjectName("package_estimated")
        self.note.setStyleSheet(NOTE_STYLE)
        note_row = QHBoxLayout(self.note)
        note_row.setContentsMargins(2, 2, 2, 2)
        note_text = QLabel("<b>Estimated package.</b> These seats were estimated from an older file's seat count; "
                           "check them. Editing any package field makes them yours.")
        note_text.setWordWrap(True)
        note_text.setStyleSheet("border: none; background: transparent;")
        note_row.addWidget(note_text, 1)
        self.keep = small_button("Keep as drawn", "Take the estimated seats as they are: the package is no longer "
                                                  "marked estimated (one undo step).")
        self.keep.setObjectName("package_keep_estimate")
        self.keep.clicked.connect(self._keep_estimate)
        note_row.addWidget(self.keep)
        self.note.hide()
        column.addWidget(self.note)

        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("package_summary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.add_row = small_button("Add row", "Add a seat row behind the last one, a copy of it.")
        self.add_row.setObjectName("add_row")
        self.add_row.clicked.connect(lambda: self.structure_edit(package_edits.add_row, at="package.rows"))
        top.addWidget(self.add_row)
        column.addLayout(top)
        self.error = panel.error_label()
        panel.errors["package.rows"] = self.error
        column.addWidget(self.error)
        hint = QLabel("Rows front to back; seat locations left to right, seen from the seat facing forward.")
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        column.addWidget(hint)

        cabin = QGroupBox("Cabin")
        form = QFormLayout(cabin)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in model_specs("package", Package, skip=("rows", "estimated")):
            form.addRow(spec.title, narrow(panel.field(spec)))
        column.addWidget(cabin)
        self.rows_column = QVBoxLayout()
        self.rows_column.setSpacing(8)
        column.addLayout(self.rows_column)
        column.addStretch(1)
        self.setWidget(body)
        self.row_boxes: list[RowBox] = []
        self._structure: tuple[int, ...] = ()
        self._estimated: bool | None = None

    # --- the design's structure and state -------------------------------------------------------------------------
    def show_package(self, package: Package) -> None:
        """Widgets for the package's rows and seats (made or deleted only when their number changes), and the note
        while it is estimated. Values are shown by the panel, which holds every editor."""
        structure = tuple(len(row.seats) for row in package.rows)
        if structure != self._structure:
            self._restructure(structure)
        if package.estimated != self._estimated:
            self._estimated = package.estimated
            self.note.setVisible(package.estimated)
            index = self.panel.indexOf(self)
            if index >= 0:
                self.panel.setTabText(index, self.TITLE + (" (estimated)" if package.estimated else ""))

    def _restructure(self, structure: tuple[int, ...]) -> None:
        self._structure = structure
        while len(self.row_boxes) > len(structure):
            box = self.row_boxes.pop()
            self.panel.forget(box.path)
            box.setParent(None)
            box.deleteLater()
        while len(self.row_boxes) < len(structure):
            box = RowBox(self, len(self.row_boxes))
            self.row_boxes.append(box)
            self.rows_column.addWidget(box)
        for box, seats in zip(self.row_boxes, structure):
            box.setTitle(row_title(box.index, len(structure)))
            box.show_count(seats)
        for editor in self.panel.editors.values():
            if isinstance(editor, FittedNumberEditor):
                editor.forget()  # a seat's remembered height may now be another seat's

    def show_seating(self, seating: Seating) -> None:
        """Each seat location's DSP count beside its width, and the counts of the rows and the package; what the
        analysis counted (with the rule settings' divisors), never counted here."""
        for place in seating.places:
            if place.row < len(self.row_boxes) and place.index < len(self.row_boxes[place.row].seats):
                self.row_boxes[place.row].seats[place.index].show_place(place, self.panel.fmt)
        for box in self.row_boxes:
            places = seating.in_row(box.index)
            text = f"{plural(len(places), 'seat location')} · {plural(sum(p.positions for p in places), 'DSP')}"
            if box.summary.text() != text:
                box.summary.setText(text)
            for seat in box.seats:  # a head restraint switched on starts at the height FMVSS 202a asks of it
                editor = self.panel.editors.get(f"{seat.path}.head_restraint_mm")
                if isinstance(editor, NumberEditor):
                    editor.set_auto_value(HR_ANY_MIN_MM if box.index else HR_FRONT_MIN_MM)
        rows = len(self.row_boxes)
        text = (f"{plural(rows, 'row')} · {plural(len(seating.places), 'seat location')} · "
                f"{plural(seating.positions, 'designated seating position')}")
        if self.summary.text() != text:
            self.summary.setText(text)

    def formula(self):
        return dsp_formula(self.panel.document.settings)

    def box_around(self, path: str) -> QWidget | None:
        """The seat location (or else the row) a field path is inside, to bring into view with the field."""
        parts = path.split(".")
        if len(parts) < 4 or parts[1] != "rows" or not parts[2].isdigit() or int(parts[2]) >= len(self.row_boxes):
            return None
        row = self.row_boxes[int(parts[2])]
        if len(parts) > 5 and parts[3] == "seats" and parts[4].isdigit() and int(parts[4]) < len(row.seats):
            return row.seats[int(parts[4])]
        return row

    # --- edits ----------------------------------------------------------------------------------------------------
    def structure_edit(self, make: Any, *args: Any, at: str) -> None:
        """A row or seat added or removed as one undo step; a refusal is shown at `at` (the row, or the package's
        line of buttons), and the design stays as it was."""
        document = self.panel.document
        try:
            data, text = make(document.design, *args)
            document.set_data(data, text)
        except EditError as exc:
            # the reason alone, after the title of the field refused when it is one ('H-point behind front axle
            # (row 3): ... outside the 3,395 mm length')
            why = exc.render(self.panel.fmt)
            self.panel.show_error(at, f"{self.panel.title_of(exc.path)}: {why}" if exc.path in self.panel.editors
                                  else why)
        else:
            self.panel.clear_errors()

    def _keep_estimate(self) -> None:
        self.panel.document.set_values({"package.estimated": False}, text="Keep the estimated package as drawn")


__all__ = ["PackageEditor", "dsp_text"]
