"""Autosave snapshots left by a process that was killed while writing one."""

from __future__ import annotations

import os
import subprocess
import sys

from keidesigner.files import dumps_design, load_preset
from keidesigner.files.autosave import recoverable, snapshot_stem, write_snapshot


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_debris_of_a_killed_writer_is_removed_and_its_complete_snapshot_offered(tmp_path, monkeypatch):
    folder = tmp_path / "autosave"
    truck = load_preset("kei-truck")
    dead = _dead_pid()
    monkeypatch.setattr(os, "getpid", lambda: dead)
    complete = write_snapshot(folder, truck, tmp_path / "truck.kei")
    monkeypatch.undo()
    stem = snapshot_stem(tmp_path / "van.kei", dead)
    debris = [folder / f".{stem}.kei.ab12cd.tmp", folder / f".{stem}.json.ef34gh.tmp", folder / f"{stem}.kei"]
    for path in debris:
        path.write_text(dumps_design(load_preset("kei-van")))
    ours = folder / f".{snapshot_stem(None)}.kei.zz99.tmp"  # a running session's write in progress
    ours.write_text("{")

    offered = recoverable(folder)

    assert [s.design_path for s in offered] == [complete.design_path]
    assert offered[0].load() == truck
    assert not any(p.exists() for p in debris)
    assert ours.exists()
