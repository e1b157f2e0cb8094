"""The single owner of the current design, its file, its dirty state and its undo history."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..analysis import Analysis, analyse
from ..design import Design, EditError, field_info, get_value, switch_powertrain, with_values
from ..design.edit import plain, validated
from ..design.message import Msg
from ..design.units import Formatter, UnitSystem
from ..files import DesignFileError, load_design, save_design
from ..rules import DEFAULT_SETTINGS, RuleSettings
from ..rules.finding import WHOLE_UNITS
from .quantity import AUTO, empty_word

# Edits of one field closer together than this merge into one undo step (a held spin box, a slider drag).
MERGE_WINDOW_S = 1.0
ESTIMATED = "package.estimated"


def where(path: str) -> str:
    """Which seat row or seat location a path is inside, for a reader: ' (row 2, seat 1)', ' (row 2)', or ''."""
    parts = path.split(".")
    if len(parts) < 4 or parts[:2] != ["package", "rows"] or not parts[2].isdigit():
        return ""
    row = int(parts[2]) + 1
    if len(parts) > 5 and parts[3] == "seats" and parts[4].isdigit():
        return f" (row {row}, seat {int(parts[4]) + 1})"
    return f" (row {row})"


def touches_package(changes: dict[str, Any]) -> bool:
    return any(path.startswith("package.") and path != ESTIMATED for path in changes)


@dataclass(frozen=True)
class Change:
    """What an undo step did, kept as data so that its text follows the unit system and locale of the moment:
    'Wheelbase 1,905 → 1,950 mm', or a label for a change of the whole design ('Powertrain gas → electric')."""

    title: str
    old: Any = None
    new: Any = None
    unit: str = ""
    label: str | Msg | None = None  # a Msg with numbers in it reads in the units and locale of the moment
    empty: str = AUTO  # how an empty (None) value reads: "auto", or "none" for a part not fitted

    @classmethod
    def of_field(cls, before: Design, path: str, after: Design) -> Change:
        """The change of one field; a field of a seat row or location names it: 'Backset (row 2, seat 1)'."""
        info = field_info(path, after)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        return cls((info.title or path) + where(path), get_value(before, path), get_value(after, path),
                   extra.get("unit", ""), empty=empty_word(path))

    def merged(self, later: Change) -> Change:
        """One step for a drag: from this change's old value to the later one's new value."""
        return Change(self.title, self.old, later.new, self.unit, self.label, self.empty)

    def text(self, fmt: Formatter) -> str:
        if self.label is not None:
            return self.label.render(fmt) if isinstance(self.label, Msg) else self.label

        numbers = [v for v in (self.old, self.new) if isinstance(v, (int, float)) and not isinstance(v, bool)]
        places = max((fmt.exact_places(float(v), self.unit) for v in numbers), default=0)

        def show(value: Any) -> str:
            if value is None:
                return self.empty
            if isinstance(value, bool):
                return "on" if value else "off"
            if isinstance(value, (int, float)):
                return fmt.value(value, self.unit, places=places, with_unit=False)
            return str(getattr(value, "value", value)).replace("_", " ")

        numeric = isinstance(self.new, (int, float)) and not isinstance(self.new, bool)
        suffix = f" {fmt.unit(self.unit)}" if numeric and self.unit and self.unit not in WHOLE_UNITS else ""
        return f"{self.title} {show(self.old)} → {show(self.new)}{suffix}"


def describe_change(before: Design, path: str, after: Design, fmt: Formatter | UnitSystem = UnitSystem.metric) -> str:
    """'Wheelbase 1,905 → 1,950 mm' for the undo menu."""
    if not isinstance(fmt, Formatter):
        fmt = Formatter(UnitSystem(fmt))
    return Change.of_field(before, path, after).text(fmt)


class EditCommand(QUndoCommand):
    """Replace the document's design; consecutive edits of the same field within MERGE_WINDOW_S merge.

    The document merges them itself (`absorb`) instead of through QUndoCommand.mergeWith: PySide6 never frees the
    Python side of a command that QUndoStack deletes after merging it, so a slider drag leaked one design per step.
    """

    def __init__(self, document: DesignDocument, before: Design, after: Design, change: Change, key: str | None):
        super().__init__(change.text(document.formatter))
        self.document = document
        self.before = before
        self.after = after
        self.change = change
        self.key = key
        self.stamp = time.monotonic()

    def can_absorb(self, key: str | None, stamp: float) -> bool:
        return key is not None and key == self.key and stamp - self.stamp <= MERGE_WINDOW_S

    def absorb(self, after: Design, change: Change, stamp: float) -> None:
        self.after = after
        self.stamp = stamp
        self.change = self.change.merged(change)
        self.setText(self.change.text(self.document.formatter))

    def redo(self) -> None:
        self.document._set_design(self.after)

    def undo(self) -> None:
        self.document._set_design(self.before)


class DesignDocument(QObject):
    """Every edit — typed, dragged, preset, undo — goes through here; views re-read on design_changed."""

    design_changed = Signal(object)  # Design
    state_changed = Signal()  # path, dirty flag or title changed
    settings_changed = Signal()  # rule settings changed: the design is the same, its analysis is not

    def __init__(self, design: Design, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._design = design
        self._path = Path(path) if path else None
        self.formatter = Formatter()
        self._settings = DEFAULT_SETTINGS
        self._analysis: Analysis | None = None
        self._powertrains: dict[str, dict[str, Any]] = {}  # each kind's values, as last left
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda _clean: self.state_changed.emit())
        self.edit_count = 0

    # --- how numbers read, and what the rules assume: views, not part of the design ------------------------------
    @property
    def units(self) -> UnitSystem:
        return self.formatter.system

    def set_formatter(self, fmt: Formatter) -> None:
        """Another unit system or locale: the undo texts follow; the design, its dirty flag and history do not."""
        self.formatter = fmt
        for index in range(self.undo_stack.count()):
            command = self.undo_stack.command(index)
            if isinstance(command, EditCommand):
                text = command.change.text(fmt)
                if command.text() != text:
                    command.setText(text)
        self.undo_stack.undoTextChanged.emit(self.undo_stack.undoText())
        self.undo_stack.redoTextChanged.emit(self.undo_stack.redoText())

    @property
    def settings(self) -> RuleSettings:
        return self._settings

    def set_settings(self, settings: RuleSettings) -> None:
        if settings != self._settings:
            self._settings = settings
            self._analysis = None
            self.settings_changed.emit()

    @property
    def analysis(self) -> Analysis:
        """The analysis of the current design under the current settings, built once per change."""
        if self._analysis is None or self._analysis.design is not self._design:
            self._analysis = analyse(self._design, self._settings)
        return self._analysis

    # --- state ---------------------------------------------------------------------------------------------------
    @property
    def design(self) -> Design:
        return self._design

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self._path.name if self._path else "Untitled"

    def _set_design(self, design: Design) -> None:
        if design == self._design:
            return
        self._design = design
        self.edit_count += 1
        self.design_changed.emit(design)

    # --- edits ---------------------------------------------------------------------------------------------------
    def set_value(self, path: str, value: Any, *, merge: bool = True) -> Design:
        """Set one field; raises EditError (one line) and leaves the design untouched when the value is invalid."""
        return self.set_values({path: value}, key=path if merge else None)

    def set_values(self, changes: dict[str, Any], *, key: str | None = None, text: str | Msg | None = None) -> Design:
        """Set fields by path as one undo step (titled by the first, or `text`: a Msg with numbers in it reads in
        the units and locale of the moment); an edit of the occupant package
        clears its `estimated` flag in the same step. Raises EditError and leaves the design untouched when the
        values are invalid."""
        if self._design.package.estimated and touches_package(changes):
            changes = {**changes, ESTIMATED: False}
        after = with_values(self._design, changes)
        if after == self._design:
            return after
        if text is None:
            change = Change.of_field(self._design, next(iter(changes)), after)
        else:
            change = Change(str(text), label=text)
        stamp = time.monotonic()
        top = self._open_top_command()
        if top is not None and top.can_absorb(key, stamp):
            top.absorb(after, change, stamp)
            if top.after == top.before:
                # a drag or a run of steps that came back to where it started is no step at all: QUndoStack drops
                # an obsolete command on undo() without calling its undo(), so the design is set here
                top.setObsolete(True)
                self.undo_stack.undo()
                self._set_design(after)
                return after
            self._set_design(after)
            self.undo_stack.undoTextChanged.emit(self.undo_stack.undoText())
            return after
        self.undo_stack.push(EditCommand(self, self._design, after, change, key))
        return after

    def _open_top_command(self) -> EditCommand | None:
        """The last command, when an edit may still merge into it: nothing to redo and not the saved state (as
        QUndoStack's own merging: a merge must never change what the clean state means)."""
        stack = self.undo_stack
        index = stack.index()
        if index == 0 or index != stack.count() or index == stack.cleanIndex():
            return None
        top = stack.command(index - 1)
        return top if isinstance(top, EditCommand) else None

    def set_powertrain(self, kind: str) -> Design:
        """Switch the powertrain's kind; the values the design last had under that kind come back with it."""
        before = self._design.powertrain
        after = switch_powertrain(self._design, kind, self._powertrains.get(kind))
        if after != self._design:
            self._powertrains[before.kind] = before.model_dump()
            change = Change("Powertrain", self._design.powertrain.kind, kind)
            self.undo_stack.push(EditCommand(self, self._design, after, change, None))
        return after

    def set_data(self, data: dict[str, Any], text: str | Msg) -> Design:
        """A change of the design's structure made on its plain data (`design.edit.plain`: a seat row or location
        added or removed) as one undo step named `text`. A changed package is no longer estimated. Raises
        EditError (naming the field refused) and leaves the design untouched when the data is not valid."""
        package = data.get("package")
        if self._design.package.estimated and isinstance(package, dict) and package != plain(self._design)["package"]:
            data = {**data, "package": {**package, "estimated": False}}
        after = validated(data)
        if after != self._design:
            self.undo_stack.push(EditCommand(self, self._design, after, Change(str(text), label=text), None))
        return after

    def replace(self, design: Design, text: str) -> None:
        """A whole new design (a preset applied to this document) as one undoable step."""
        if design != self._design:
            self.undo_stack.push(EditCommand(self, self._design, design, Change(text, label=text), None))

    # --- files ---------------------------------------------------------------------------------------------------
    def load(self, path: str | Path) -> None:
        """Open a file into this document; DesignFileError leaves the current design untouched."""
        design = load_design(path)
        self.reset(design, Path(path))

    def reset(self, design: Design, path: Path | None) -> None:
        self.undo_stack.clear()
        self._path = path
        self._design = design
        self.edit_count = 0
        self.design_changed.emit(design)
        self.state_changed.emit()

    def save(self, path: str | Path | None = None) -> None:
        """Save atomically; DesignFileError leaves the document (and its dirty state) as it was."""
        target = Path(path) if path else self._path
        if target is None:
            raise DesignFileError("Untitled", "no file name; use Save As")
        save_design(self._design, target)
        self._path = target
        self.undo_stack.setClean()
        self.state_changed.emit()


__all__ = ["Change", "DesignDocument", "EditCommand", "EditError", "describe_change"]
