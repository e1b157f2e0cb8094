"""Crash during editing, with real processes: the program is SIGKILLed mid-session and started again.

An editor child runs the real main window on a saved design, built the way `run_app` builds it (the real QSettings
and autosave folder, resolved from the child's own XDG folders), makes edits through the document and is killed.
A restart child then runs `run_app` itself with the recovery question answered, and reports what it ended up with.
The parent works out on its own which design each edit produced, so a recovered design is checked against an
independent expectation, not against what the crashed process claimed to have saved.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from soak import scale

from keidesigner.app.mainwindow import AUTOSAVE_EVERY_EDITS as EVERY
from keidesigner.design import Design, with_values
from keidesigner.files import dumps_design, load_design, load_preset, save_design
from keidesigner.files.autosave import recoverable

# A cold start of Qt and OpenGL on a loaded machine can take a while; a hang still fails, it just takes this long.
TIMEOUT_S = 120
REQUIRE_GL = os.environ.get("REQUIRE_GL") == "1"
PRESETS = ("kei-truck", "kei-van", "kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster")
SEED = 20240611
EDITS = 2 * EVERY + 7  # two snapshots on the way, then edits that no snapshot holds

EDITOR = r'''
import json, os, sys, time
from pathlib import Path

from PySide6.QtCore import QSettings

from keidesigner.app.document import DesignDocument
from keidesigner.app.main import autosave_folder, has_opengl, make_application
from keidesigner.app.mainwindow import MainWindow
from keidesigner.files import dumps_design, load_source

config = json.loads(sys.argv[1])


def say(**fields):
    print(json.dumps(fields), flush=True)


def wait_for_the_kill():
    time.sleep(600)
    say(error="never killed")
    os._exit(3)


app = make_application()
design, path = load_source(config["file"])
window = MainWindow(DesignDocument(design, path), QSettings(), autosave_folder(), gl=has_opengl())
window.show()
app.processEvents()
folder = window.autosave_dir
first_count = window.document.edit_count
state = {"snaps": [], "snapshot_design": None}


def timer_fired():
    # the interval snapshot restarts the 20-edit count, so the parent must know it happened
    say(timer=window.document.edit_count - first_count)


window.autosave_timer.timeout.connect(timer_fired)


def ready(**extra):
    say(ready=True, snaps=state["snaps"], snapshot_design=state["snapshot_design"], **extra)


def snapshot_stamp():
    """written_at of this process's own snapshot as read back from disk: what a restart would find."""
    for meta in folder.glob("*.json"):
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if data.get("pid") == os.getpid():
            return data.get("written_at")
    return None


if config.get("pause_at"):
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        # hold one snapshot write with its temporary file complete but not yet renamed into place
        target = Path(dst)
        if (target.parent == folder and target.suffix == config["pause_suffix"]
                and window.document.edit_count - first_count == config["pause_at"]):
            ready(paused=target.suffix, edits=config["pause_at"])
            wait_for_the_kill()
        return real_replace(src, dst, *args, **kwargs)

    os.replace = replace

say(started=True, pid=os.getpid(), autosave_dir=str(folder), gl=has_opengl())
stamp = snapshot_stamp()
for number, (name, value) in enumerate(config["plan"], 1):
    if number == config.get("break_at"):
        # another program (or the disk) spoils the saved file while the session still has unsaved edits
        target = Path(config["file"])
        data = target.read_bytes()
        target.write_bytes(b"" if config["break_how"] == "empty" else data[: len(data) // 2])
        say(broken=number)
    window.document.set_value(name, value)
    app.processEvents()
    if window.document.edit_count - first_count != number:
        say(error=f"edit {number} ({name}={value!r}) did not change the design")
        os._exit(4)
    now = snapshot_stamp()
    if now != stamp:
        stamp = now
        state["snaps"].append(number)
        state["snapshot_design"] = dumps_design(window.document.design)
        say(snap=number)
    say(edit=number)
ready(edits=len(config["plan"]), final_design=dumps_design(window.document.design))
wait_for_the_kill()
'''

RESTART = r'''
import json, os, sys, traceback

from PySide6.QtWidgets import QFileDialog, QMessageBox

from keidesigner.app import main, recovery
from keidesigner.files import dumps_design

config = json.loads(sys.argv[1])
questions = []
boxes = []


def say(**fields):
    print(json.dumps(fields), flush=True)


def ask(parent, title, text, choices, warning=False):
    questions.append({"title": title, "text": text, "choices": list(choices)})
    if not config["answers"]:
        say(error=f"no answer left for: {text}")
        os._exit(6)
    answer = config["answers"].pop(0)
    if answer not in choices:
        say(error=f"{answer!r} is not among {choices} in: {text}")
        os._exit(6)
    return answer


def box(kind):
    def show(parent, title, text, *args, **kwargs):
        boxes.append([kind, title, text])
        return QMessageBox.StandardButton.Ok
    return show


def no_file_dialog(*args, **kwargs):
    say(error="a file dialog opened: nobody would answer it")
    os._exit(7)


recovery.ask = ask
QMessageBox.critical = box("critical")
QMessageBox.warning = box("warning")
QFileDialog.getOpenFileName = QFileDialog.getSaveFileName = no_file_dialog
real_offer_recovery = main.offer_recovery


def design_of(snap):
    try:
        return dumps_design(snap.load())
    except Exception:
        return None


def offer_recovery(window, snapshots, opening=None):
    # run_app looks this name up when its start-up timer fires: the real function runs with run_app's arguments
    try:
        offered = [{"pid": s.pid, "source": str(s.source) if s.source else None, "design": design_of(s),
                    "problem": s.problem, "source_problem": s.source_problem} for s in snapshots]
        recovered = real_offer_recovery(window, snapshots, opening)
        doc = window.document
        folder = window.autosave_dir
        report = {
            "done": True, "pid": os.getpid(), "questions": [q["text"] for q in questions],
            "choices": [q["choices"] for q in questions], "offered": offered, "recovered": recovered,
            "opening": str(opening[1]) if opening else None,
            "design": dumps_design(doc.design), "dirty": doc.dirty, "path": str(doc.path) if doc.path else None,
            "undo_text": doc.undo_stack.undoText(), "autosave_dir": str(folder),
            "remaining": sorted(p.name for p in folder.iterdir()) if folder.is_dir() else [],
        }
        if config.get("save") and recovered:
            report["saved"] = window.save()
        report["boxes"] = boxes
        if doc.undo_stack.canUndo():
            doc.undo_stack.undo()
            report["after_undo"] = dumps_design(doc.design)
        say(**report)
    except BaseException as exc:
        traceback.print_exc()
        say(error=f"offer_recovery raised {type(exc).__name__}: {exc}")
        os._exit(4)
    # the rest of the session is not under test; a plain exit keeps the window's own snapshot where it is
    os._exit(0)


main.offer_recovery = offer_recovery
code = main.run_app(config["file"])
say(error=f"run_app returned {code} without offering recovery")
os._exit(5)
'''

ANSWER = {"yes": "recover", "no": "discard"}  # the answers of the tests written for a Yes/No question


@pytest.fixture(autouse=True)
def display() -> None:
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") \
            or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal"):
        return
    message = "no display for the child processes (run under xvfb-run, as `make test` does)"
    if REQUIRE_GL:
        pytest.fail(message + " and REQUIRE_GL=1")
    pytest.skip(message)


# --- the edits and the designs they make -------------------------------------------------------------------------
def edit_plan(design: Design, count: int, tag: str) -> list[tuple[str, object]]:
    """Edits that each change the design and stay valid: new names, a growing length, a wheelbase that only shrinks.

    Every edit must change the design, or the document would not count it and the snapshot points would shift.
    """
    d = design.dimensions
    plan: list[tuple[str, object]] = []
    for i in range(count):
        step = i // 3
        if i % 3 == 0:
            plan.append(("name", f"{design.name} {tag}/{i}"))
        elif i % 3 == 1:
            plan.append(("dimensions.length_mm", d.length_mm + 5 * (step + 1)))
        else:
            plan.append(("dimensions.wheelbase_mm", d.wheelbase_mm - 5 * (step % 20 + 1)))
    return plan


def designs_along(saved: Design, plan: list[tuple[str, object]]) -> list[str]:
    """The file text of the design after each number of edits, [0] being the saved design."""
    designs = [saved]
    for name, value in plan:
        designs.append(with_values(designs[-1], {name: value}))
    return [dumps_design(d) for d in designs]


# --- child processes ---------------------------------------------------------------------------------------------
class Child:
    """One program process; its stdout is a stream of JSON lines, read on a thread so a hang cannot block the test."""

    def __init__(self, role: str, script: str, config: dict, env: dict[str, str], log: Path):
        self.role = role
        self.log = log
        with log.open("wb") as err:
            self.proc = subprocess.Popen([sys.executable, "-c", script, json.dumps(config)], stdout=subprocess.PIPE,
                                         stderr=err, env=env, text=True)
        self.pid = self.proc.pid
        self.messages: list[dict] = []
        self._lines: queue.Queue[dict | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                self._lines.put(message)
        self._lines.put(None)

    def expect(self, key: str, where=lambda message: True) -> dict:
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            try:
                message = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                message = {"error": f"no {key!r} line within {TIMEOUT_S} s"}
            if message is None:
                self.proc.wait(timeout=TIMEOUT_S)
                self.fail(f"exited with {self.proc.returncode} before a {key!r} line")
            self.messages.append(message)
            if "error" in message:
                self.fail(message["error"])
            if key in message and where(message):
                return message

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.proc.wait(timeout=TIMEOUT_S)
        # a killed process's last lines are still in the pipe: they tell how far it got
        self._reader.join(timeout=TIMEOUT_S)
        while (message := self._lines.get_nowait()) is not None:
            self.messages.append(message)
        assert self.proc.returncode == -signal.SIGKILL, f"{self.role} died on its own: {self.stderr()}"
        errors = [m["error"] for m in self.messages if "error" in m]
        assert not errors, f"{self.role} (pid {self.pid}) reported {errors}\n{self.stderr()}"

    def finish(self) -> int:
        self.proc.wait(timeout=TIMEOUT_S)
        return self.proc.returncode

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=TIMEOUT_S)

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def fail(self, why: str) -> None:
        self.stop()
        pytest.fail(f"{self.role} (pid {self.pid}): {why}\n--- its stderr ---\n{self.stderr()}")


@dataclass
class Crash:
    """What the parent knows about a killed editor: every line it managed to print."""

    pid: int
    messages: list[dict] = field(default_factory=list)

    @property
    def ready(self) -> dict | None:
        return next((m for m in self.messages if m.get("ready")), None)

    @property
    def snaps(self) -> list[int]:
        return [m["snap"] for m in self.messages if "snap" in m]

    @property
    def timer_fired(self) -> bool:
        return any("timer" in m for m in self.messages)

    def snapshot_points(self) -> set[int]:
        """Edit counts whose design a restart may offer (0: none at all), from how far the editor got."""
        last = self.snaps[-1] if self.snaps else 0
        ready = self.ready
        if ready is not None and "paused" in ready:
            return {last, ready["edits"]}  # the interrupted write either made it or left the previous snapshot
        if ready is not None:
            return {last}
        # killed while editing: the snapshot of the edit under way may be on disk without its line
        return set(range(last, last + EVERY + 1)) if self.timer_fired else {last, last + EVERY}


class Session:
    """A user's folders (settings, autosave) and one design file, shared by the processes of one test."""

    def __init__(self, root: Path):
        self.root = root
        self.env = {**os.environ, "XDG_DATA_HOME": str(root / "data"), "XDG_CONFIG_HOME": str(root / "config")}
        self.env.pop("KEIDESIGNER_NO_RECOVERY", None)
        self.autosave_dir = root / "data" / "KeiDesigner" / "KeiDesigner" / "autosave"
        self.file = root / "designs" / "crash test.kei"
        self.file.parent.mkdir(parents=True)
        self.children: list[Child] = []

    def spawn(self, role: str, script: str, config: dict) -> Child:
        child = Child(role, script, config, self.env, self.root / f"{len(self.children):03d}-{role}.log")
        self.children.append(child)
        return child

    def save(self, design: Design) -> str:
        save_design(design, self.file)
        return dumps_design(design)

    def crash(self, plan: list[tuple[str, object]], *, kill_at: int | None = None, jitter: float = 0.0,
              file: Path | None = None, **options) -> Crash:
        """Edit in an editor child, then SIGKILL it: once it is idle, at a held snapshot write, or mid-stream."""
        child = self.spawn("editor", EDITOR, {"file": str(file or self.file), "plan": plan, **options})
        started = child.expect("started")
        assert started["autosave_dir"] == str(self.autosave_dir), "the child did not resolve its own XDG folders"
        if REQUIRE_GL and not started["gl"]:
            child.fail("no OpenGL in the child and REQUIRE_GL=1")
        if kill_at is None:
            child.expect("ready")
        else:
            child.expect("edit", where=lambda m: m["edit"] >= kill_at)
            time.sleep(jitter)
        child.kill()
        return Crash(child.pid, child.messages)

    def restart(self, *answers: str, file: Path | None | str = "default", save: bool = False) -> dict:
        """Start the program through run_app (with `file`, or none), answer the recovery questions in order."""
        file = self.file if file == "default" else file
        config = {"file": str(file) if file else None, "answers": [ANSWER.get(a, a) for a in answers], "save": save}
        child = self.spawn("restart", RESTART, config)
        report = child.expect("done")
        code = child.finish()
        assert code == 0, f"restart exited with {code}: {child.stderr()}"
        assert "Traceback" not in child.stderr(), child.stderr()
        assert report["autosave_dir"] == str(self.autosave_dir)
        return report

    def files_of(self, pid: int) -> list[str]:
        """Everything in the autosave folder written by one process (its snapshot, sidecar, temporary files)."""
        if not self.autosave_dir.is_dir():
            return []
        return sorted(p.name for p in self.autosave_dir.iterdir() if f"-{pid}." in p.name)

    def close(self) -> None:
        for child in self.children:
            child.stop()


@pytest.fixture
def session(tmp_path):
    session = Session(tmp_path)
    yield session
    session.close()


def crash_with_two_snapshots(session: Session, tag: str) -> tuple[str, list[str], Crash, int]:
    """A truck saved, 47 edits, killed while idle: the saved text, the designs along the way, the crash, last point."""
    saved = session.save(load_preset("kei-truck"))
    plan = edit_plan(load_design(session.file), EDITS, tag)
    designs = designs_along(load_design(session.file), plan)
    crash = session.crash(plan)
    ready = crash.ready
    if not crash.timer_fired:  # an idle snapshot (the editor held up 2 s on a loaded machine) restarts the count
        assert ready["snaps"] == [EVERY, 2 * EVERY]
    last = ready["snaps"][-1]
    assert EDITS - last < EVERY, "more edits went by without a snapshot than AUTOSAVE_EVERY_EDITS"
    assert ready["snapshot_design"] == designs[last], "the editor's edits did not make the designs planned"
    assert ready["final_design"] == designs[EDITS] != designs[last]
    return saved, designs, crash, last


# --- the tests ---------------------------------------------------------------------------------------------------
def test_accepting_recovery_restores_the_edits_up_to_the_last_snapshot(session):
    saved, designs, crash, last = crash_with_two_snapshots(session, "accept")

    report = session.restart("yes")

    assert len(report["questions"]) == 1 and session.file.name in report["questions"][0]
    assert [o["pid"] for o in report["offered"]] == [crash.pid]
    assert report["recovered"] is True
    assert report["design"] == designs[last]
    assert report["dirty"] is True, "recovered changes must be unsaved"
    assert report["path"] == str(session.file.resolve())
    assert report["undo_text"] == "Recover unsaved changes"
    assert report["after_undo"] == saved, "undoing the recovery must bring back the saved design"
    assert dumps_design(load_design(session.file)) == saved, "recovery must not write the design file"
    assert session.files_of(crash.pid) == [], "the crashed session's snapshot must be gone"
    # the recovered changes are unsaved again, so the restarted session protects them with a snapshot of its own
    left = recoverable(session.autosave_dir)
    assert [(s.pid, dumps_design(s.load())) for s in left] == [(report["pid"], designs[last])]


def test_declining_recovery_keeps_the_saved_file_and_drops_the_snapshot(session):
    saved, designs, crash, last = crash_with_two_snapshots(session, "decline")

    report = session.restart("no")

    assert len(report["questions"]) == 1
    assert [(o["pid"], o["design"]) for o in report["offered"]] == [(crash.pid, designs[last])]
    assert report["recovered"] is False
    assert report["design"] == saved
    assert report["dirty"] is False
    assert report["path"] == str(session.file)
    assert report["remaining"] == [], "a declined snapshot must be deleted"


def test_a_snapshot_older_than_the_saved_file_is_never_offered(session):
    _saved, _designs, crash, _last = crash_with_two_snapshots(session, "stale")
    meta = [session.autosave_dir / n for n in session.files_of(crash.pid) if n.endswith(".json")]
    assert len(meta) == 1, "the crash must leave a snapshot behind, or this test proves nothing"
    # saved again after the crash (elsewhere, or by a later session): the snapshot now holds an older state
    resaved = session.save(with_values(load_design(session.file), {"name": "Saved after the crash"}))
    assert session.file.stat().st_mtime > json.loads(meta[0].read_text())["written_at"]

    report = session.restart("yes")

    assert report["questions"] == [] and report["offered"] == []
    assert report["design"] == resaved
    assert report["dirty"] is False
    assert session.files_of(crash.pid) == [], "a stale snapshot must be deleted, not kept for later"


@pytest.mark.parametrize("stage", [".kei", ".json"], ids=["before-design-rename", "before-sidecar-rename"])
def test_a_kill_during_a_snapshot_write_never_loses_the_previous_one(session, stage):
    saved = session.save(load_preset("kei-van"))
    plan = edit_plan(load_design(session.file), 2 * EVERY, "write")
    designs = designs_along(load_design(session.file), plan)
    crash = session.crash(plan, pause_at=2 * EVERY, pause_suffix=stage)
    assert crash.ready.get("paused") == stage, "the kill did not land inside the second snapshot write"
    assert crash.snaps == [EVERY]

    report = session.restart("yes")

    assert len(report["offered"]) == 1, "the complete snapshot before the interrupted one must still be offered"
    assert report["offered"][0]["design"] in (designs[EVERY], designs[2 * EVERY])
    assert report["design"] == report["offered"][0]["design"] != saved
    assert report["dirty"] is True
    assert not [n for n in session.files_of(crash.pid) if n.endswith(".json")]


def test_repeated_crashes_recover_or_are_ignored_cleanly(tmp_path):
    """Crash and restart again and again in one user's folders, killing at seeded random moments.

    Kinds of kill, in turn: inside a snapshot write (held at one of its renames), once the editor is idle after a
    random number of edits, and at a random moment while it is still editing. Each cycle saves the file anew, so
    a snapshot a previous restart kept for its recovered changes is stale and must not come back.
    """
    rng = random.Random(SEED)
    session = Session(tmp_path)
    earlier_pids: list[int] = []
    try:
        for cycle in range(scale(3, 30)):
            kind = ("write", "idle", "stream")[cycle % 3]
            saved = session.save(load_preset(rng.choice(PRESETS)))
            answer = rng.choice(("yes", "no"))
            options: dict = {}
            if kind == "write":
                count = EVERY * rng.randint(1, 3)
                options = {"pause_at": count, "pause_suffix": rng.choice((".kei", ".json"))}
            elif kind == "idle":
                count = rng.randint(1, 3 * EVERY + 5)
            else:
                options = {"kill_at": rng.randint(1, 3 * EVERY + 5), "jitter": rng.uniform(0, 0.05)}
                count = options["kill_at"] + 2 * EVERY
            plan = edit_plan(load_design(session.file), count, f"c{cycle}")
            designs = designs_along(load_design(session.file), plan)

            crash = session.crash(plan, **options)
            points = crash.snapshot_points()
            report = session.restart(answer)

            context = (f"seed {SEED} cycle {cycle}: {kind} kill, {count} edits {options}, answer {answer}, "
                       f"snapshot points {sorted(points)}, editor said {crash.messages[-3:]!r:.400}")
            offered = report["offered"]
            assert [o["pid"] for o in offered] in ([], [crash.pid]), context
            if 0 not in points:
                assert offered, "a complete snapshot was not offered: " + context
            possible = {designs[k] for k in points if k}
            for o in offered:
                assert o["design"] in possible, "the offered snapshot is not a state the editor had: " + context
            assert len(report["questions"]) == len(offered), context
            if offered and answer == "yes":
                assert (report["design"], report["dirty"]) == (offered[0]["design"], True), context
                assert report["path"] == str(session.file.resolve()), context
                own = {n for n in session.files_of(report["pid"]) if not n.startswith(".")}
                assert len(own) == 2, context
            else:
                assert (report["design"], report["dirty"]) == (saved, False), context
            for pid in [*earlier_pids, crash.pid]:
                left = [n for n in session.files_of(pid) if n.endswith(".json")]
                assert not left, f"a snapshot of dead process {pid} is still there ({left}): " + context
            earlier_pids += [crash.pid, report["pid"]]
    finally:
        session.close()


# --- a saved file that does not load (FreeCAD#18044: recovery lost work when the saved file was corrupt) ----------
def break_file(path: Path, how: str) -> bytes | None:
    """Break the saved file after the crash; the bytes left at the path (None when no file is there)."""
    if how == "empty":
        path.write_bytes(b"")
    elif how == "half":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "deleted":
        path.unlink()
    elif how == "folder":
        path.unlink()
        path.mkdir()
    else:
        raise ValueError(how)
    return path.read_bytes() if path.is_file() else None


def crash_then_break(session: Session, how: str, when: str) -> tuple[str, list[str], Crash, int, bytes | None]:
    """A truck saved, 47 edits, the file broken before the last snapshot (by the editor, mid-session) or after the
    kill, and the editor killed while idle: what crash_with_two_snapshots gives, and the broken file's bytes."""
    if when == "before":
        saved = session.save(load_preset("kei-truck"))
        plan = edit_plan(load_design(session.file), EDITS, f"{how}-{when}")
        designs = designs_along(load_design(session.file), plan)
        crash = session.crash(plan, break_at=EVERY + 1, break_how=how)
        assert any(m.get("broken") == EVERY + 1 for m in crash.messages)
        last = crash.ready["snaps"][-1]
        assert last > EVERY + 1, "the last snapshot must come after the file broke"
        assert crash.ready["snapshot_design"] == designs[last]
        left = session.file.read_bytes()
        assert session.file.stat().st_mtime < max(json.loads(p.read_text())["written_at"]
                                                   for p in session.autosave_dir.glob("*.json"))
    else:
        saved, designs, crash, last = crash_with_two_snapshots(session, f"{how}-{when}")
        time.sleep(0.01)  # a file broken after the crash is newer than every snapshot, even on a coarse clock
        left = break_file(session.file, how)
    return saved, designs, crash, last, left


BROKEN = [("empty", "after"), ("half", "after"), ("empty", "before"), ("half", "before"), ("deleted", "after"),
          ("folder", "after")]


@pytest.mark.parametrize("start", ["with-the-file", "plain"])
@pytest.mark.parametrize(("how", "when"), BROKEN, ids=[f"{h}-{w}" for h, w in BROKEN])
def test_a_saved_file_that_does_not_load_never_costs_the_snapshot(session, how, when, start):
    """Reproductions (a), (b), (c): `keidesigner FILE` refused the file without offering the snapshot; a plain start
    deleted the snapshot because the broken file was newer; recovering over a file broken before the last snapshot
    raised out of offer_recovery. Now the snapshot is offered, recovered exactly, and Save writes the file back."""
    _saved, designs, crash, last, left = crash_then_break(session, how, when)

    report = session.restart("recover", file=session.file if start == "with-the-file" else None, save=True)

    assert [(o["pid"], o["design"]) for o in report["offered"]] == [(crash.pid, designs[last])]
    assert report["offered"][0]["source_problem"], "the offer must say the saved file does not open"
    assert report["choices"] == [["recover", "discard", "keep"]]
    assert session.file.name in report["questions"][0]
    assert report["recovered"] is True
    assert report["design"] == designs[last], "accepting must restore exactly the snapshot's design"
    assert report["dirty"] is True
    assert report["path"] == str(session.file.resolve())
    assert session.files_of(crash.pid) == [], "the crashed snapshot is replaced by the restarted session's own"
    if how == "folder":  # Save cannot write over a folder: one message; the design stays unsaved and protected
        assert report["saved"] is False
        assert [b[:2] for b in report["boxes"]] == [["critical", "Cannot save design"]]
        left_over = recoverable(session.autosave_dir)
        assert [(s.pid, dumps_design(s.load())) for s in left_over] == [(report["pid"], designs[last])]
        return
    assert report["saved"] is True and report["boxes"] == []
    assert dumps_design(load_design(session.file)) == designs[last], "Save writes the recovered design back"
    bak = session.file.with_name(session.file.name + ".bak")
    assert (bak.read_bytes() if bak.exists() else None) == left, "the broken file is kept as .bak, as saves do"
    assert recoverable(session.autosave_dir) == []


@pytest.mark.parametrize("answer", ["discard", "keep"])
def test_declining_at_a_start_with_a_broken_file_shows_the_loaders_error(session, answer):
    _saved, designs, crash, last, _left = crash_then_break(session, "empty", "after")

    report = session.restart(answer)

    assert [o["pid"] for o in report["offered"]] == [crash.pid] and report["recovered"] is False
    assert report["boxes"] == [["critical", "Cannot open design", f"{session.file}: empty file"]]
    assert report["opening"] == f"{session.file}: empty file"
    assert (report["design"], report["dirty"], report["path"]) == (dumps_design(load_preset("kei-truck")), False,
                                                                    None)
    if answer == "discard":
        assert session.files_of(crash.pid) == []
        return
    # kept: the next start with the file offers it again, and recovering then restores it
    again = session.restart("recover")
    assert [(o["pid"], o["design"]) for o in again["offered"]] == [(crash.pid, designs[last])]
    assert again["design"] == designs[last] and again["dirty"] is True


def test_a_damaged_snapshot_is_reported_not_deleted(session):
    _saved, _designs, crash, _last = crash_with_two_snapshots(session, "damaged")
    (snapshot,) = [session.autosave_dir / n for n in session.files_of(crash.pid) if n.endswith(".kei")]
    snapshot.write_bytes(snapshot.read_bytes()[:200])

    report = session.restart("keep")

    assert [(o["pid"], o["design"]) for o in report["offered"]] == [(crash.pid, None)]
    assert report["choices"] == [["keep", "discard"]] and "damaged" in report["questions"][0]
    assert report["recovered"] is False and snapshot.exists()
    assert session.restart("discard")["recovered"] is False
    assert not snapshot.exists()


def test_two_crashed_sessions_each_snapshot_is_offered(session):
    """Two sessions on two files crash; the first restart keeps one for later and recovers the other; the next
    start offers the kept one again. No snapshot is dropped without an answer."""
    other = session.file.with_name("second truck.kei")
    designs = {}
    crashes = {}
    for name, path in (("first", session.file), ("second", other)):
        save_design(load_preset("kei-truck"), path)
        plan = edit_plan(load_design(path), EVERY + 3, name)
        designs[name] = designs_along(load_design(path), plan)
        crashes[name] = session.crash(plan, file=path)
        assert crashes[name].ready["snaps"][-1] == EVERY or crashes[name].timer_fired
    saved_text = session.file.read_text(encoding="utf-8")

    report = session.restart("keep", "recover", file=None, save=True)  # newest first: the second, then the first

    assert [o["pid"] for o in report["offered"]] == [crashes["second"].pid, crashes["first"].pid]
    assert report["choices"] == [["recover", "discard", "keep"], ["recover", "discard", "keep"]]
    assert other.name in report["questions"][0] and session.file.name in report["questions"][1]
    first_snap = crashes["first"].ready["snapshot_design"]
    assert report["design"] == first_snap and report["saved"] is True
    assert dumps_design(load_design(session.file)) == first_snap != saved_text

    again = session.restart("recover", file=None)

    assert [(o["pid"], o["design"]) for o in again["offered"]] == [(crashes["second"].pid,
                                                                     crashes["second"].ready["snapshot_design"])]
    assert again["design"] == crashes["second"].ready["snapshot_design"]
    assert again["path"] == str(other.resolve())
