"""Autosave snapshots and crash recovery, without Qt: the app decides when; this module decides what and where.

A snapshot is an ordinary .kei file plus a sidecar JSON naming the file it belongs to (or none, for an untitled
design) and the process that wrote it. After a crash, a snapshot is offered only when its process is gone and it is
newer than the file it belongs to; a snapshot older than the saved file is never offered.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..design import Design
from .format import DesignFileError, dumps_design, load_design
from .save import write_atomic


@dataclass(frozen=True)
class Snapshot:
    design_path: Path  # the snapshot .kei
    source: Path | None  # the file it belongs to
    pid: int
    written_at: float

    @property
    def meta_path(self) -> Path:
        return self.design_path.with_suffix(".json")

    def load(self) -> Design:
        return load_design(self.design_path)

    def discard(self) -> None:
        for p in (self.design_path, self.meta_path):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def snapshot_stem(source: Path | None, pid: int | None = None) -> str:
    """One snapshot per file per process: an untitled design of another process never collides with ours."""
    pid = os.getpid() if pid is None else pid
    key = str(source.resolve()) if source is not None else "untitled"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:16]}-{pid}"


def write_snapshot(folder: Path, design: Design, source: Path | None) -> Snapshot:
    folder.mkdir(parents=True, exist_ok=True)
    stem = snapshot_stem(source)
    snap = Snapshot(folder / f"{stem}.kei", source.resolve() if source else None, os.getpid(), time.time())
    write_atomic(snap.design_path, dumps_design(design).encode("utf-8"))
    meta = {"source": str(snap.source) if snap.source else None, "pid": snap.pid, "written_at": snap.written_at}
    write_atomic(snap.meta_path, json.dumps(meta).encode("utf-8"))
    return snap


def remove_snapshot(folder: Path, source: Path | None) -> None:
    stem = snapshot_stem(source)
    Snapshot(folder / f"{stem}.kei", source, os.getpid(), 0).discard()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recoverable(folder: Path) -> list[Snapshot]:
    """Snapshots left by processes that are gone and newer than their saved file; stale ones are deleted."""
    found = []
    if not folder.is_dir():
        return found
    for meta_path in sorted(folder.glob("*.json")):
        design_path = meta_path.with_suffix(".kei")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            snap = Snapshot(design_path, Path(meta["source"]) if meta.get("source") else None, int(meta["pid"]),
                            float(meta["written_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            with contextlib.suppress(OSError):
                meta_path.unlink()
            continue
        if _alive(snap.pid):
            continue
        if not design_path.is_file():
            snap.discard()
            continue
        if snap.source is not None and snap.source.exists():
            saved = snap.source.stat().st_mtime
            if design_path.stat().st_mtime <= saved or snap.written_at <= saved:
                snap.discard()  # the saved file is newer: never offer an older state
                continue
        try:
            snap.load()
        except DesignFileError:
            snap.discard()
            continue
        found.append(snap)
    _remove_debris(folder)
    return sorted(found, key=lambda s: s.written_at, reverse=True)


def _stem_pid(name: str) -> int | None:
    """The writer's pid in a snapshot file's name ('<hash>-<pid>.kei', '.<hash>-<pid>.json.XXXX.tmp')."""
    stem = name.lstrip(".").split(".", 1)[0]
    _, _, pid = stem.rpartition("-")
    return int(pid) if pid.isdigit() else None


def _remove_debris(folder: Path) -> None:
    """What a process killed mid-snapshot leaves: temporary files, and a snapshot whose sidecar was never written.
    Only for writers that are gone; a running session's files are its own business."""
    for path in folder.iterdir():
        pid = _stem_pid(path.name)
        orphan = path.suffix == ".kei" and not path.with_suffix(".json").exists()
        if pid is not None and (path.name.endswith(".tmp") or orphan) and not _alive(pid):
            with contextlib.suppress(OSError):
                path.unlink()
