"""Crash recovery in the real window: every snapshot is asked about, a file that does not load is no dead end, and no
path through recovery raises.

The dialogs are answered by replacing `recovery.ask` (one modal question per snapshot) with a script of answers;
one test drives the real QMessageBox to check its buttons and that Escape keeps the snapshot.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QFileOpenEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from keidesigner.app import recovery
from keidesigner.app.main import handle_file_open, offer_recovery
from keidesigner.common import PathError
from keidesigner.design import with_values
from keidesigner.files import DesignFileError, autosave, dumps_design, load_design, load_preset, save_design
from keidesigner.files.autosave import canonical, own_snapshot, recoverable, write_snapshot

REAL_ASK = recovery.ask  # captured before the autouse fixture replaces it
BREAKS = ("empty", "half", "not-utf8", "deleted", "folder", "symlink-loop")
RECOVER, DISCARD, KEEP = recovery.RECOVER, recovery.DISCARD, recovery.KEEP


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def crashed_snapshot(folder: Path, design, source: Path | None, monkeypatch):
    pid = dead_pid()
    with monkeypatch.context() as patch:  # not monkeypatch.undo(): that would also lift the dialog guards
        patch.setattr(os, "getpid", lambda: pid)
        return write_snapshot(folder, design, source)


def break_file(path: Path, how: str) -> bytes | None:
    """Break a saved design the way `how` says; the bytes left at the path (None when no file is there)."""
    data = path.read_bytes()
    if how == "empty":
        path.write_bytes(b"")
    elif how == "half":
        path.write_bytes(data[: len(data) // 2])
    elif how == "not-utf8":
        path.write_bytes(b"\xff\xfe" + data[:100])
    elif how == "deleted":
        path.unlink()
    elif how == "folder":
        path.unlink()
        path.mkdir()
    elif how == "symlink-loop":
        path.unlink()
        path.symlink_to(path.name)
    return path.read_bytes() if how in ("empty", "half", "not-utf8") else None


class Answers:
    """Stands in for recovery.ask: answers in order, and records every question."""

    def __init__(self, *answers: str):
        self.answers = list(answers)
        self.asked: list[dict] = []

    def __call__(self, parent, title, text, choices, warning=False):
        self.asked.append({"title": title, "text": text, "choices": tuple(choices), "warning": warning})
        assert self.answers, f"an unexpected recovery question: {text}"
        answer = self.answers.pop(0)
        assert answer in choices, f"{answer!r} is not offered ({choices}) in: {text}"
        return answer


@pytest.fixture
def answer(monkeypatch):
    def install(*answers: str) -> Answers:
        script = Answers(*answers)
        monkeypatch.setattr(recovery, "ask", script)
        return script
    return install


@pytest.fixture
def shown(monkeypatch):
    """Error and warning boxes, recorded instead of shown."""
    boxes: list[tuple[str, str, str]] = []

    def recorder(kind: str):
        def show(parent, title, text, *args, **kwargs):
            boxes.append((kind, title, text))
            return QMessageBox.StandardButton.Ok
        return show

    for kind in ("critical", "warning"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return boxes


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "autosave"  # the make_window fixture's autosave folder


@pytest.fixture
def edited(truck):
    return with_values(truck, {"name": "Edited before the crash", "dimensions.length_mm": 3350})


def saved_then_crashed(tmp_path, folder, truck, edited, monkeypatch, how: str, when: str = "after"):
    """A saved truck, a crashed session's snapshot of an edited one, then the file broken before or after it."""
    source = tmp_path / "designs" / "truck.kei"
    source.parent.mkdir()
    save_design(truck, source)
    written = time.time()
    os.utime(source, (written - 120, written - 120))
    snap = crashed_snapshot(folder, edited, source, monkeypatch)
    left = break_file(source, how)
    if how not in ("deleted", "symlink-loop"):
        stamp = snap.written_at + 60 if when == "after" else snap.written_at - 60
        os.utime(source, (stamp, stamp))
    return source, snap, left


# --- start-up recovery (a plain start) ---------------------------------------------------------------------------
@pytest.mark.parametrize("when", ["after", "before"], ids=["broken-after-the-snapshot", "broken-before"])
@pytest.mark.parametrize("how", BREAKS)
def test_recovering_a_snapshot_whose_file_does_not_load(qtbot, make_window, tmp_path, folder, truck, edited,
                                                         monkeypatch, answer, shown, how, when):
    source, snap, left = saved_then_crashed(tmp_path, folder, truck, edited, monkeypatch, how, when)
    window = make_window()
    script = answer(RECOVER)

    assert offer_recovery(window, recoverable(folder))

    (question,) = script.asked
    assert question["choices"] == (RECOVER, DISCARD, KEEP)
    assert "truck.kei" in question["text"] and "does not open" in question["text"]
    doc = window.document
    assert doc.design == edited and doc.dirty and doc.path == canonical(source)
    assert not doc.undo_stack.canUndo(), "no saved state to go back to: the file does not load"
    assert "*" in window.windowTitle()
    mine = own_snapshot(folder, doc.path)
    assert mine is not None and load_design(mine.design_path) == edited, "the recovered design must be protected"
    assert not snap.design_path.exists(), "the crashed snapshot is replaced by this session's own"
    assert shown == []

    if how == "folder":  # Save cannot write over a folder: one message, and the design stays unsaved
        assert not window.save()
        assert shown and "is a folder" in shown[0][2] and doc.dirty
        return
    assert window.save()
    assert load_design(source) == edited and not doc.dirty
    bak = source.with_name(source.name + ".bak")
    assert (bak.read_bytes() if bak.exists() else None) == left, "the broken file is kept as .bak, as saves do"
    assert own_snapshot(folder, doc.path) is None and recoverable(folder) == []


def test_recovering_on_a_file_that_loads_is_one_undoable_step(qtbot, make_window, tmp_path, folder, truck, edited,
                                                               monkeypatch, answer):
    source = tmp_path / "truck.kei"
    save_design(truck, source)
    os.utime(source, (time.time() - 60,) * 2)
    crashed_snapshot(folder, edited, source, monkeypatch)
    window = make_window()
    answer(RECOVER)
    assert offer_recovery(window, recoverable(folder))
    assert window.document.design == edited and window.document.dirty
    assert window.document.undo_stack.undoText() == recovery.UNDO_TEXT
    window.document.undo_stack.undo()
    assert window.document.design == truck and not window.document.dirty


def test_a_recovered_untitled_design_is_unsaved(qtbot, make_window, folder, van, monkeypatch, answer):
    crashed_snapshot(folder, van, None, monkeypatch)
    window = make_window()
    answer(RECOVER)
    assert offer_recovery(window, recoverable(folder))
    assert window.document.design == van and window.document.path is None
    assert window.document.dirty, "closing must ask before losing a recovered design"
    assert own_snapshot(folder, None) is not None


def test_every_snapshot_is_asked_about_and_only_the_users_choice_is_deleted(qtbot, make_window, tmp_path, folder,
                                                                             truck, van, roadster, monkeypatch,
                                                                             answer):
    files = {}
    for name in ("a", "b"):
        files[name] = tmp_path / f"{name}.kei"
        save_design(truck, files[name])
        os.utime(files[name], (time.time() - 60,) * 2)
    first = crashed_snapshot(folder, van, files["a"], monkeypatch)
    second = crashed_snapshot(folder, roadster, files["b"], monkeypatch)
    third = crashed_snapshot(folder, with_values(truck, {"name": "Untitled work"}), None, monkeypatch)
    window = make_window()
    script = answer(KEEP, RECOVER, DISCARD)  # newest first: the untitled one, then b, then a

    assert offer_recovery(window, recoverable(folder))

    assert [q["choices"] for q in script.asked] == [(RECOVER, DISCARD, KEEP), (RECOVER, DISCARD, KEEP),
                                                    (KEEP, DISCARD)]
    assert [q["title"] for q in script.asked] == [f"{recovery.TITLE} ({i} of 3)" for i in (1, 2, 3)]
    assert "b.kei" in script.asked[1]["text"] and "a.kei" in script.asked[2]["text"]
    assert window.document.design == roadster and window.document.path == files["b"].resolve()
    assert third.design_path.exists() and not first.design_path.exists() and not second.design_path.exists()
    # the kept one comes back at the next start
    assert [s.design_path for s in recoverable(folder)] == [third.design_path]


def test_after_one_recovery_the_others_are_kept_by_default(qtbot, make_window, folder, truck, van, monkeypatch,
                                                           answer):
    older = crashed_snapshot(folder, truck, None, monkeypatch)
    crashed_snapshot(folder, van, None, monkeypatch)
    window = make_window()
    script = answer(RECOVER, KEEP)
    assert offer_recovery(window, recoverable(folder))
    assert script.asked[1]["choices"] == (KEEP, DISCARD)
    assert older.design_path.exists()


@pytest.mark.parametrize("choice", [KEEP, DISCARD])
def test_a_damaged_snapshot_is_reported_and_deleted_only_on_discard(qtbot, make_window, folder, truck, monkeypatch,
                                                                    answer, choice):
    snap = crashed_snapshot(folder, truck, None, monkeypatch)
    snap.design_path.write_text('{"format": "keidesigner", "ver')
    window = make_window()
    script = answer(choice)

    assert not offer_recovery(window, recoverable(folder))

    (question,) = script.asked
    assert question["choices"] == (KEEP, DISCARD) and question["warning"]
    assert "damaged" in question["text"] and snap.design_path.name in question["text"]
    assert snap.design_path.exists() == (choice == KEEP)
    assert window.document.design == truck and not window.document.dirty


def test_a_snapshot_that_vanishes_before_recover_is_a_message_not_a_traceback(qtbot, make_window, folder, van,
                                                                                monkeypatch, shown):
    snap = crashed_snapshot(folder, van, None, monkeypatch)
    window = make_window()
    listed = recoverable(folder)

    def answer_after_removal(*args, **kwargs):
        snap.design_path.unlink()  # another session recovered it meanwhile
        return RECOVER

    monkeypatch.setattr(recovery, "ask", answer_after_removal)
    assert not offer_recovery(window, listed)
    assert [(kind, title) for kind, title, _ in shown] == [("warning", "Cannot recover")]
    assert window.document.design == load_preset("kei-truck") and not window.document.dirty


def test_a_crashed_snapshot_stays_when_this_session_cannot_write_its_own(qtbot, make_window, folder, van,
                                                                        monkeypatch, answer):
    snap = crashed_snapshot(folder, van, None, monkeypatch)
    window = make_window()
    answer(RECOVER)

    def unwritable(path, data, **kwargs):
        raise PathError(path, "no space left on device")

    monkeypatch.setattr(autosave, "write_atomic", unwritable)
    assert offer_recovery(window, recoverable(folder))
    assert window.document.design == van and window.document.dirty
    assert snap.design_path.exists(), "the only copy on disk must not go before another one exists"


# --- opening a file that does not load ---------------------------------------------------------------------------
def open_by(entry: str, window, path: Path, qapp, monkeypatch) -> None:
    if entry == "open_path":
        window.open_path(path)
    elif entry == "open_dialog":
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
        window.open_dialog()
    elif entry == "recent":
        window.settings.setValue("recent", [str(path)])
        window._fill_recent()
        (action,) = [a for a in window.recent_menu.actions() if a.text() == str(path)]
        action.trigger()
    elif entry == "drop":
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        window.dropEvent(event)
    elif entry == "file_open_event":
        handler = handle_file_open(qapp, window)
        try:
            QApplication.sendEvent(qapp, QFileOpenEvent(str(path)))
        finally:
            qapp.removeEventFilter(handler)
    else:
        raise ValueError(entry)


ENTRIES = ("open_path", "open_dialog", "recent", "drop", "file_open_event")


@pytest.mark.parametrize("entry", ENTRIES)
def test_opening_a_file_that_does_not_load_offers_its_snapshot(qtbot, qapp, make_window, tmp_path, folder, truck,
                                                               edited, monkeypatch, answer, shown, entry):
    source, snap, _left = saved_then_crashed(tmp_path, folder, truck, edited, monkeypatch, "half")
    window = make_window("kei-van")
    script = answer(RECOVER)

    open_by(entry, window, source, qapp, monkeypatch)

    (question,) = script.asked
    assert question["choices"] == (RECOVER, DISCARD, KEEP)
    assert str(source) in question["text"] and "not valid JSON" in question["text"]
    assert shown == []
    doc = window.document
    assert (doc.design, doc.dirty, doc.path) == (edited, True, canonical(source))
    assert window.recent_files()[0] == str(source.resolve())
    assert not snap.design_path.exists() and own_snapshot(folder, doc.path) is not None


@pytest.mark.parametrize("choice", [DISCARD, KEEP])
@pytest.mark.parametrize("entry", ENTRIES)
def test_declining_shows_the_loaders_error_as_before(qtbot, qapp, make_window, tmp_path, folder, truck, edited,
                                                     monkeypatch, answer, shown, entry, choice):
    source, snap, _left = saved_then_crashed(tmp_path, folder, truck, edited, monkeypatch, "empty")
    with pytest.raises(DesignFileError) as error:
        load_design(source)
    window = make_window("kei-van")
    answer(choice)

    open_by(entry, window, source, qapp, monkeypatch)

    assert shown == [("critical", "Cannot open design", str(error.value))]
    assert window.document.design == load_preset("kei-van") and not window.document.dirty
    assert snap.design_path.exists() == (choice == KEEP)


def test_opening_a_broken_file_without_a_snapshot_only_refuses_it(qtbot, make_window, tmp_path, shown):
    bad = tmp_path / "bad.kei"
    bad.write_bytes(b"")
    window = make_window()
    assert not window.open_path(bad)
    assert shown == [("critical", "Cannot open design", f"{bad}: empty file")]


def test_opening_a_file_that_loads_does_not_ask(qtbot, make_window, tmp_path, folder, truck, edited, monkeypatch):
    source = tmp_path / "truck.kei"
    save_design(truck, source)
    os.utime(source, (time.time() - 60,) * 2)
    snap = crashed_snapshot(folder, edited, source, monkeypatch)
    window = make_window("kei-van")
    assert window.open_path(source)  # no dialog: the autouse fixture fails on any
    assert window.document.design == truck and snap.design_path.exists()


def test_a_start_with_a_broken_file_asks_about_its_snapshots_first(qtbot, make_window, tmp_path, folder, truck,
                                                                   edited, van, monkeypatch, answer, shown):
    """run_app FILE: the file's snapshots first; declined, the loader's error, then the other snapshots."""
    source, snap, _left = saved_then_crashed(tmp_path, folder, truck, edited, monkeypatch, "empty", "before")
    other = crashed_snapshot(folder, van, None, monkeypatch)  # newer, but about another design
    with pytest.raises(DesignFileError) as error:
        load_design(source)
    window = make_window()
    script = answer(KEEP, RECOVER)
    order: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: order.append(text))
    real = script.__call__
    monkeypatch.setattr(recovery, "ask", lambda *a, **k: (order.append(a[2]), real(*a, **k))[1])

    assert offer_recovery(window, recoverable(folder), opening=(source, error.value))

    assert "truck.kei" in order[0] and order[1] == str(error.value) and "untitled" in order[2]
    assert window.document.design == van and snap.design_path.exists() and not other.design_path.exists()


# --- the real dialog ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("press", ["Recover", "Discard", "Keep for later", "escape"])
def test_the_recovery_question_has_three_buttons_and_escape_keeps(qtbot, window, press):
    seen = {}

    def answer_the_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer_the_box)
            return
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["default"] = box.defaultButton().text()
        if press == "escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            next(b for b in box.buttons() if b.text() == press).click()

    QTimer.singleShot(0, answer_the_box)
    choice = REAL_ASK(window, recovery.TITLE, "Recover them?", (RECOVER, DISCARD, KEEP))

    assert sorted(seen["buttons"]) == ["Discard", "Keep for later", "Recover"]
    assert seen["default"] == "Recover"
    assert choice == {"Recover": RECOVER, "Discard": DISCARD, "Keep for later": KEEP, "escape": KEEP}[press]


def test_recovered_text_is_the_snapshot_exactly(qtbot, make_window, tmp_path, folder, truck, edited, monkeypatch,
                                                answer):
    """What Save writes after a recovery is byte for byte what the crashed session had autosaved."""
    source, snap, _left = saved_then_crashed(tmp_path, folder, truck, edited, monkeypatch, "half")
    autosaved = snap.design_path.read_text(encoding="utf-8")
    window = make_window()
    answer(RECOVER)
    assert offer_recovery(window, recoverable(folder))
    assert window.save()
    assert source.read_text(encoding="utf-8") == autosaved == dumps_design(edited)
