"""Crash recovery in the window: one question per snapshot left by a session that is gone, and never a traceback.

Each snapshot gets its own dialog — Recover, Discard, or Keep for later — newest first. The window holds one
document, so once one snapshot is recovered the others can only be kept (offered again at the next start, or when
their file is opened and does not load) or discarded. Nothing is deleted without the user's Discard, except what
`files.autosave` deletes as holding nothing to lose, and a recovered snapshot once this session's own snapshot holds
the same design.

A damaged snapshot is reported (with the loader's one line and the snapshot's path) and kept unless the user discards
it: the program cannot read it, but the bytes are the user's and may be salvaged by hand, and only a save or the
user's discard may delete a snapshot.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ..files import DesignFileError, load_design
from ..files.autosave import Snapshot, canonical, own_snapshot, recoverable, remove_snapshot

RECOVER, DISCARD, KEEP = "recover", "discard", "keep"
_BUTTONS = {
    RECOVER: ("Recover", QMessageBox.ButtonRole.AcceptRole),
    DISCARD: ("Discard", QMessageBox.ButtonRole.DestructiveRole),
    KEEP: ("Keep for later", QMessageBox.ButtonRole.RejectRole),
}
TITLE = "Recover unsaved changes"
UNDO_TEXT = "Recover unsaved changes"


def ask(parent: QWidget, title: str, text: str, choices: tuple[str, ...], warning: bool = False) -> str:
    """One modal question; returns the choice clicked. Escape (or closing the box) keeps: it never deletes."""
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    buttons = {}
    for choice in choices:
        label, role = _BUTTONS[choice]
        buttons[choice] = box.addButton(label, role)
    box.setDefaultButton(buttons[RECOVER if RECOVER in buttons else KEEP])
    box.setEscapeButton(buttons[KEEP])
    box.exec()
    clicked = box.clickedButton()
    return next((choice for choice, button in buttons.items() if button is clicked), KEEP)


def describe(snap: Snapshot) -> str:
    """'crash test.kei (autosaved 2026-11-23 14:05)'"""
    label = snap.source.name if snap.source else "an untitled design"
    return f"{label} (autosaved {time.strftime('%Y-%m-%d %H:%M', time.localtime(snap.written_at))})"


def offer_recovery(window, snapshots: list[Snapshot], opening: tuple[Path, DesignFileError] | None = None) -> bool:
    """Ask about every snapshot, newest first; True when one was recovered into the window.

    opening: a file the user asked to open that did not load, with its error. Its snapshots are asked about first;
    when none of them is recovered, the loader's error is shown as it would have been without them, and then the
    other snapshots (if any) are asked about.
    """
    target = _resolved(opening[0]) if opening is not None else None
    own = [s for s in snapshots if target is not None and s.source == target]
    ordered = own + [s for s in snapshots if s not in own]
    recovered: Snapshot | None = None
    for index, snap in enumerate(ordered):
        if opening is not None and index == len(own) and recovered is None:
            QMessageBox.critical(window, "Cannot open design", str(opening[1]))
        count = f" ({index + 1} of {len(ordered)})" if len(ordered) > 1 else ""
        if snap.problem:
            _ask_damaged(window, snap, count)
        elif recovered is not None:
            text = (f"Unsaved changes to {describe(snap)} are also waiting. This window now holds "
                    f"{describe(recovered)}.\n\nKeep these for later (they are offered again at the next start) or "
                    "discard them?")
            if ask(window, TITLE + count, text, (KEEP, DISCARD)) == DISCARD:
                snap.discard()
        else:
            answer = ask(window, TITLE + count, _question(snap, opening if snap in own else None),
                         (RECOVER, DISCARD, KEEP))
            if answer == RECOVER and recover(window, snap):
                recovered = snap
            elif answer == DISCARD:
                snap.discard()
    if opening is not None and len(own) == len(ordered) and recovered is None:
        QMessageBox.critical(window, "Cannot open design", str(opening[1]))
    return recovered is not None


def _resolved(path: Path) -> Path | None:
    try:
        return canonical(path)
    except (OSError, ValueError, RuntimeError):  # a NUL in the name: no snapshot can belong to it
        return None


def _question(snap: Snapshot, opening: tuple[Path, DesignFileError] | None) -> str:
    if opening is not None:
        return (f"{opening[1]}\n\nA session that ended without saving left changes to this file: "
                f"{describe(snap)}.\n\nRecover them?")
    text = f"KeiDesigner closed without saving changes to {describe(snap)}."
    if snap.source is None and snap.source_problem:
        text += f"\n\nIts file name is unknown ({snap.source_problem}): it is recovered as an untitled design."
    elif snap.source_problem:
        text += f"\n\nThe saved file does not open ({snap.source_problem}); these changes may be all that is left."
    return text + "\n\nRecover them?"


def _ask_damaged(window, snap: Snapshot, count: str) -> None:
    text = (f"The autosaved changes to {describe(snap)} cannot be recovered: the autosave is damaged "
            f"({snap.problem}).\n\nKeep it for later (for instance to rescue it by hand), or discard it?")
    if ask(window, "Damaged autosave" + count, text, (KEEP, DISCARD), warning=True) == DISCARD:
        snap.discard()


def recover(window, snap: Snapshot) -> bool:
    """Put the snapshot's design into the window, unsaved, on the snapshot's file; False (after a dialog) if it
    cannot be read any more. The previous document must already be saved or given up by the user.

    When the file loads, the recovery is one undoable step on top of it. When it does not (empty, cut short,
    deleted, a folder), there is no saved state to go back to: the design is marked unsaved without an undo step,
    so Save writes the file back (keeping the broken one as .bak, as every save does).
    """
    try:
        design = snap.load()
    except DesignFileError as exc:
        QMessageBox.warning(window, "Cannot recover", f"{exc}\nThe autosave is kept.")
        return False
    document = window.document
    previous = document.path
    base = None
    if snap.source is not None:
        try:
            base = load_design(snap.source)
        except DesignFileError:
            base = None
    if base is not None:
        document.reset(base, snap.source)
        document.replace(design, UNDO_TEXT)
    else:
        document.reset(design, snap.source)
        document.undo_stack.resetClean()  # unsaved: nothing on disk holds this design
    remove_snapshot(window.autosave_dir, previous)  # the document given up (saved or discarded by the user)
    window.autosave()
    # The crashed session's snapshot goes only once this session's own snapshot holds the design (or it needs
    # none: recovering a snapshot equal to its file leaves nothing unsaved).
    if not document.dirty or own_snapshot(window.autosave_dir, document.path) is not None:
        snap.discard()
    return True


def recover_unloadable(window, path: Path, error: DesignFileError) -> bool:
    """A file the user opened did not load: offer its snapshots (File ▸ Open, Open Recent, a drop, a FileOpen event,
    a file named at start). True when one was recovered; otherwise the loader's error has been shown."""
    return offer_recovery(window, recoverable(window.autosave_dir, path), opening=(path, error))
