"""Autosave snapshots and crash recovery, without Qt: the app decides when; this module decides what and where.

A snapshot is an ordinary .kei file plus a sidecar JSON naming the file it belongs to (or none, for an untitled
design) and the process that wrote it. After a crash, every snapshot whose process is gone is offered, with what
is known about it: whether it loads itself, and whether the file it belongs to loads.

What deletes a snapshot: a successful save of its document or the user's explicit discard (both in the app), and
here only what holds nothing to lose: a snapshot older than its file when that file *loads* (the file is then the
user's latest saved state), a sidecar whose snapshot is gone, and the debris of an interrupted write. A file that
does not load (empty, cut short, a folder, deleted, unreadable) never wins over a snapshot, however new it is.
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
    """One snapshot on disk, and what `recoverable` found out about it when it listed it.

    problem: why the snapshot itself does not load (the loader's one line), None when it loads.
    source_problem: why the file it belongs to does not load (None when it loads or the design is untitled); for an
    untitled snapshot, a note that its sidecar was damaged and the file name is unknown.
    """

    design_path: Path  # the snapshot .kei
    source: Path | None  # the file it belongs to
    pid: int
    written_at: float  # seconds since the epoch (time.time() of the writer)
    problem: str | None = None
    source_problem: str | None = None

    @property
    def meta_path(self) -> Path:
        return self.design_path.with_suffix(".json")

    def load(self) -> Design:
        """The snapshot's design; DesignFileError (naming the snapshot file) when it no longer loads."""
        return load_design(self.design_path)

    def discard(self) -> None:
        # the design first: a kill in between leaves a sidecar without a design (removed as holding nothing), never
        # a design without its sidecar, which recovery would offer again
        for p in (self.design_path, self.meta_path):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def canonical(path: str | os.PathLike[str]) -> Path:
    """The path a snapshot records for its file: resolved, or, when the file itself cannot be resolved (a symlink
    loop), its resolved folder and its name; raises ValueError for a name no file can have (a NUL byte)."""
    path = Path(path)
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a symlink loop
        return path.absolute().parent.resolve() / path.name


def snapshot_stem(source: Path | None, pid: int | None = None) -> str:
    """One snapshot per file per process: an untitled design of another process never collides with ours."""
    pid = os.getpid() if pid is None else pid
    key = str(canonical(source)) if source is not None else "untitled"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:16]}-{pid}"


def write_snapshot(folder: Path, design: Design, source: Path | None) -> Snapshot:
    """Write this process's snapshot of `design` (belonging to `source`); PathError when the folder is unwritable."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = snapshot_stem(source)
    snap = Snapshot(folder / f"{stem}.kei", canonical(source) if source else None, os.getpid(), time.time())
    meta = {"source": str(snap.source) if snap.source else None, "pid": snap.pid, "written_at": snap.written_at}
    # The sidecar first: a kill between the two renames then leaves either the previous complete pair or a sidecar
    # with no design (nothing to lose), never a complete design without its sidecar, which could not be attributed.
    write_atomic(snap.meta_path, json.dumps(meta).encode("utf-8"))
    write_atomic(snap.design_path, dumps_design(design).encode("utf-8"))
    return snap


def own_snapshot(folder: Path, source: Path | None) -> Snapshot | None:
    """This process's snapshot for `source`, when both of its files are on disk."""
    snap = Snapshot(folder / f"{snapshot_stem(source)}.kei", source, os.getpid(), 0)
    return snap if snap.design_path.is_file() and snap.meta_path.is_file() else None


def remove_snapshot(folder: Path, source: Path | None) -> None:
    stem = snapshot_stem(source)
    Snapshot(folder / f"{stem}.kei", source, os.getpid(), 0).discard()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except (OSError, OverflowError):  # no such process, or a number no process can have
        return False
    return True


def _read_meta(meta_path: Path) -> Snapshot | None:
    """The snapshot a sidecar describes; None when the sidecar is missing or damaged."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        source = canonical(meta["source"]) if meta.get("source") else None
        snap = Snapshot(meta_path.with_suffix(".kei"), source, int(meta["pid"]), float(meta["written_at"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError):
        return None
    return snap if snap.pid > 0 else None


def _check(snap: Snapshot) -> Snapshot | None:
    """The snapshot with its problems filled in, or None when it is stale: older than a file that loads."""
    problem = source_problem = None
    try:
        snap.load()
    except DesignFileError as exc:
        problem = str(exc)
    if snap.source is not None:
        try:
            load_design(snap.source)
            saved = snap.source.stat().st_mtime
        except DesignFileError as exc:
            source_problem = str(exc)
        except OSError as exc:  # the file vanished between loading and stat
            source_problem = f"{snap.source}: {exc.strerror or exc}"
        else:
            with contextlib.suppress(OSError):  # a snapshot that vanished meanwhile: its problem says so already
                if snap.design_path.stat().st_mtime <= saved or snap.written_at <= saved:
                    return None
    return Snapshot(snap.design_path, snap.source, snap.pid, snap.written_at, problem,
                    source_problem or snap.source_problem)


def recoverable(folder: Path, source: str | os.PathLike[str] | None = None) -> list[Snapshot]:
    """Snapshots left by processes that are gone, newest first: every one of them, a damaged one too (with its
    `problem`) and one whose file does not load (with its `source_problem`). Deleted here, as holding nothing to
    lose: stale snapshots (older than a file that loads), sidecars without a design, temporary files of dead writers.

    source: only the snapshots of that file (compared as resolved paths).
    """
    found: list[Snapshot] = []
    if not folder.is_dir():
        return found
    try:
        wanted = canonical(source) if source is not None else None
    except (OSError, ValueError, RuntimeError):  # a name no file can have (a NUL byte) has no snapshot
        return found
    stems = {p.stem for p in folder.iterdir() if p.suffix in (".json", ".kei") and not p.name.startswith(".")}
    for stem in sorted(stems):
        meta_path, design_path = folder / f"{stem}.json", folder / f"{stem}.kei"
        snap = _read_meta(meta_path)
        if snap is None:
            # No readable sidecar (this program writes it first, so only damage or removal by hand does this): the
            # writer is known from the name, the file the design belongs to is not. Offered as untitled, not deleted.
            pid = _stem_pid(stem)
            if pid is None or _alive(pid) or wanted is not None:
                continue
            try:
                written_at = design_path.stat().st_mtime
            except OSError:
                with contextlib.suppress(OSError):
                    meta_path.unlink()  # neither a design nor a readable record: nothing to recover
                continue
            what = "damaged" if meta_path.exists() else "missing"
            snap = Snapshot(design_path, None, pid, written_at,
                            source_problem=f"the record of which file it belongs to is {what}")
        if _alive(snap.pid):
            continue
        if wanted is not None and snap.source != wanted:
            continue
        if not design_path.is_file():
            snap.discard()  # a sidecar whose design was never written or was removed: nothing to recover
            continue
        checked = _check(snap)
        if checked is None:
            snap.discard()  # the saved file loads and is newer: it is the user's latest saved state
            continue
        found.append(checked)
    _remove_debris(folder)
    return sorted(found, key=lambda s: s.written_at, reverse=True)


def _stem_pid(name: str) -> int | None:
    """The writer's pid in a snapshot file's name ('<hash>-<pid>.kei', '.<hash>-<pid>.json.XXXX.tmp')."""
    stem = name.lstrip(".").split(".", 1)[0]
    _, _, pid = stem.rpartition("-")
    return int(pid) if pid.isdigit() else None


def _remove_debris(folder: Path) -> None:
    """What a process killed mid-snapshot leaves: temporary files (incomplete by definition; the renamed files are
    the complete ones). Only for writers that are gone; a running session's files are its own business."""
    for path in folder.iterdir():
        pid = _stem_pid(path.name)
        if pid is not None and path.name.endswith(".tmp") and not _alive(pid):
            with contextlib.suppress(OSError):
                path.unlink()
