"""Autosave snapshots: what recovery offers after a crash, and what it may delete on its own.

The rule under test: a snapshot is offered whenever its writer is gone, unless the file it belongs to *loads* and is
newer. A file that is empty, cut short, deleted, a folder or unreadable never wins over a snapshot, whether it broke
before or after the snapshot was written; a damaged snapshot is reported, not deleted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from keidesigner.common import PathError
from keidesigner.design import with_values
from keidesigner.files import autosave, dumps_design, load_preset, save_design
from keidesigner.files.autosave import own_snapshot, recoverable, snapshot_stem, write_snapshot


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def snapshot_of_dead(folder: Path, design, source: Path | None, monkeypatch, pid: int | None = None):
    """A snapshot as a crashed session leaves it: written by this code under a pid that is no longer running."""
    pid = pid or _dead_pid()
    with monkeypatch.context() as patch:
        patch.setattr(os, "getpid", lambda: pid)
        return write_snapshot(folder, design, source)


def set_mtime(path: Path, when: float) -> None:
    os.utime(path, (when, when), follow_symlinks=False)


# the ways a saved file stops loading; each leaves the path in place (or not) with a given modification time
def break_file(path: Path, how: str) -> None:
    if how == "empty":
        path.write_bytes(b"")
    elif how == "half":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "not-utf8":
        path.write_bytes(b"\xff\xfe" + path.read_bytes()[:100])
    elif how == "deleted":
        path.unlink()
    elif how == "folder":
        path.unlink()
        path.mkdir()
    elif how == "symlink-loop":  # unreadable even for root: open() fails with ELOOP
        path.unlink()
        path.symlink_to(path.name)
    else:
        raise ValueError(how)


BREAKS = ("empty", "half", "not-utf8", "deleted", "folder", "symlink-loop")


@pytest.fixture
def crashed(tmp_path, monkeypatch, truck):
    """A saved truck, and a dead session's snapshot of an edited truck written a minute after the save."""
    source = tmp_path / "truck.kei"
    save_design(truck, source)
    set_mtime(source, time.time() - 120)
    edited = with_values(truck, {"name": "Edited before the crash", "dimensions.length_mm": 3350})
    snap = snapshot_of_dead(tmp_path / "autosave", edited, source, monkeypatch)
    return source, snap, edited


@pytest.mark.parametrize("when", ["after", "before"], ids=["broken-after-the-snapshot", "broken-before"])
@pytest.mark.parametrize("how", BREAKS)
def test_a_file_that_does_not_load_never_wins_over_a_snapshot(crashed, tmp_path, how, when):
    source, snap, edited = crashed
    break_file(source, how)
    if how != "deleted":
        set_mtime(source, snap.written_at + 60 if when == "after" else snap.written_at - 60)

    offered = recoverable(tmp_path / "autosave")

    assert [s.design_path for s in offered] == [snap.design_path]
    assert offered[0].load() == edited
    assert offered[0].problem is None
    assert offered[0].source == source.parent.resolve() / source.name
    assert offered[0].source_problem and str(source.name) in offered[0].source_problem
    assert snap.design_path.exists() and snap.meta_path.exists()
    # asking again (a restart that kept it for later) offers it again
    assert [s.design_path for s in recoverable(tmp_path / "autosave")] == [snap.design_path]


def test_a_snapshot_older_than_a_file_that_loads_is_not_offered_and_removed(crashed, tmp_path, van):
    source, snap, _edited = crashed
    save_design(van, source)  # saved again after the crash, by another session: the user's latest state
    set_mtime(source, snap.written_at + 60)

    assert recoverable(tmp_path / "autosave") == []
    assert not snap.design_path.exists() and not snap.meta_path.exists()


def test_a_snapshot_newer_than_a_file_that_loads_is_offered_with_no_problem(crashed, tmp_path):
    _source, snap, edited = crashed
    (offered,) = recoverable(tmp_path / "autosave")
    assert (offered.design_path, offered.problem, offered.source_problem) == (snap.design_path, None, None)
    assert offered.load() == edited


@pytest.mark.parametrize("damage", ["empty", "half"])
def test_a_damaged_snapshot_is_offered_with_its_problem_and_kept(crashed, tmp_path, damage):
    _source, snap, _edited = crashed
    data = snap.design_path.read_bytes()
    snap.design_path.write_bytes(b"" if damage == "empty" else data[: len(data) // 2])

    (offered,) = recoverable(tmp_path / "autosave")

    assert offered.design_path == snap.design_path
    assert offered.problem and snap.design_path.name in offered.problem
    assert snap.design_path.read_bytes() == (b"" if damage == "empty" else data[: len(data) // 2])
    assert snap.meta_path.exists()


@pytest.mark.parametrize("sidecar", ["damaged", "missing"])
def test_a_snapshot_without_a_readable_sidecar_is_offered_as_untitled(crashed, tmp_path, sidecar):
    _source, snap, edited = crashed
    if sidecar == "damaged":
        snap.meta_path.write_text('{"source": ')
    else:
        snap.meta_path.unlink()

    (offered,) = recoverable(tmp_path / "autosave")

    assert (offered.design_path, offered.source, offered.problem) == (snap.design_path, None, None)
    assert sidecar in offered.source_problem
    assert offered.load() == edited


def test_every_snapshot_is_offered_newest_first(tmp_path, monkeypatch, truck, van, roadster):
    folder = tmp_path / "autosave"
    files = {name: tmp_path / f"{name}.kei" for name in ("a", "b")}
    for path in files.values():
        save_design(truck, path)
        set_mtime(path, time.time() - 600)
    older = snapshot_of_dead(folder, van, files["a"], monkeypatch)
    newer = snapshot_of_dead(folder, roadster, files["b"], monkeypatch)
    untitled = snapshot_of_dead(folder, truck, None, monkeypatch)
    files["b"].write_bytes(b"")  # broken after its snapshot, and so newer than it

    offered = recoverable(folder)

    assert [s.design_path for s in offered] == [untitled.design_path, newer.design_path, older.design_path]
    assert [s.design_path for s in recoverable(folder, files["b"])] == [newer.design_path]
    assert recoverable(folder, tmp_path / "nothing.kei") == []
    assert recoverable(folder, "no\0such") == []


def test_a_running_sessions_snapshot_is_not_offered(tmp_path, truck):
    folder = tmp_path / "autosave"
    source = tmp_path / "truck.kei"
    source.write_bytes(b"")
    snap = write_snapshot(folder, truck, source)  # ours: this process is alive
    assert recoverable(folder) == [] and recoverable(folder, source) == []
    assert own_snapshot(folder, source) is not None and snap.design_path.exists()


def test_debris_of_a_killed_writer_is_removed_and_every_complete_design_offered(tmp_path, monkeypatch):
    folder = tmp_path / "autosave"
    truck = load_preset("kei-truck")
    dead = _dead_pid()
    complete = snapshot_of_dead(folder, truck, tmp_path / "truck.kei", monkeypatch, pid=dead)
    stem = snapshot_stem(tmp_path / "van.kei", dead)
    debris = [folder / f".{stem}.kei.ab12cd.tmp", folder / f".{stem}.json.ef34gh.tmp"]
    for path in debris:
        path.write_text(dumps_design(load_preset("kei-van")))
    # a complete design whose sidecar is gone (written by an older version, which wrote the design first, or
    # removed by hand): it holds work, so it is offered as untitled rather than deleted as debris
    lone = folder / f"{stem}.kei"
    lone.write_text(dumps_design(load_preset("kei-van")))
    ours = folder / f".{snapshot_stem(None)}.kei.zz99.tmp"  # a running session's write in progress
    ours.write_text("{")

    offered = recoverable(folder)

    assert sorted(s.design_path for s in offered) == sorted([complete.design_path, lone])
    assert {s.design_path: s.load() for s in offered} == {complete.design_path: truck, lone: load_preset("kei-van")}
    assert not any(p.exists() for p in debris)
    assert ours.exists()


def test_a_sidecar_without_its_design_holds_nothing_and_is_removed(crashed, tmp_path):
    _source, snap, _edited = crashed
    snap.design_path.unlink()
    assert recoverable(tmp_path / "autosave") == []
    assert not snap.meta_path.exists()


@pytest.mark.parametrize("fails_at", [1, 2])
def test_a_write_interrupted_between_its_two_files_never_leaves_a_design_recovery_deletes(
        tmp_path, monkeypatch, truck, fails_at):
    """write_snapshot renames two files; a kill between them must not leave a complete design that the next
    start throws away (the sidecar is written first, so the design is either absent or attributed)."""
    folder = tmp_path / "autosave"
    dead = _dead_pid()
    real = autosave.write_atomic
    calls = []

    def dies_at_the_nth_write(path, data, **kwargs):
        calls.append(Path(path).suffix)
        if len(calls) == fails_at:
            raise PathError(path, "killed")
        return real(path, data, **kwargs)

    with monkeypatch.context() as patch, pytest.raises(PathError):
        patch.setattr(autosave, "write_atomic", dies_at_the_nth_write)
        patch.setattr(os, "getpid", lambda: dead)
        write_snapshot(folder, truck, tmp_path / "truck.kei")

    designs_on_disk = list(folder.glob("*.kei"))
    offered = recoverable(folder)
    assert [s.design_path for s in offered] == designs_on_disk  # whatever complete design there is, is offered
    assert calls[0] == ".json", "the sidecar must be written before the design"


def test_a_hostile_sidecar_is_treated_as_damaged(tmp_path, monkeypatch, truck):
    folder = tmp_path / "autosave"
    snap = snapshot_of_dead(folder, truck, None, monkeypatch)
    for meta in ({"source": None, "pid": 2 ** 70, "written_at": 1.0}, {"source": None, "pid": -1, "written_at": 1},
                 {"source": 5, "pid": 7, "written_at": 1}, ["not", "an", "object"], {"source": "a\0b", "pid": 3}):
        snap.meta_path.write_text(json.dumps(meta))
        offered = recoverable(folder)
        assert [s.design_path for s in offered] == [snap.design_path], meta
        assert offered[0].load() == truck
