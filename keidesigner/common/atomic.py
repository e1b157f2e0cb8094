"""The one way the program writes a file: designs, autosave snapshots, exported models, reports, check results.

The target is either the old file or the new one, whatever happens mid-write: the bytes go to a temporary file in the
same folder, are flushed to disk, and the temporary file is renamed over the target. A new file gets the permissions
the user's umask gives (0644 under umask 022); a file that already exists keeps its own.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from pathlib import Path
from typing import Iterator

from .errors import PathError

BACKUP_SUFFIX = ".bak"
_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process umask (there is no way to read it without setting it, hence the lock)."""
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def write_atomic(path: str | os.PathLike[str], data: bytes, *, backup: bool = False) -> Path:
    """Write data to path via a temporary file in the same folder, fsync, rename over the target; returns the path.

    With backup=True the previous file is kept as `<name>.bak` (hard-linked, so no moment exists without a target).
    Raises PathError naming `path` (never the temporary file) on any failure, and leaves no temporary file behind.
    """
    with atomic_path(path, backup=backup) as tmp:
        try:
            with os.fdopen(os.open(tmp, os.O_WRONLY), "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise path_error(path, exc) from None
    return _resolved(Path(path))


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, backup: bool = False) -> Iterator[Path]:
    """The atomic writer for what is written in pieces (a sweep's table, chunk by chunk): yields the path of an empty
    temporary file in the target's folder for the caller to open and fill. When the block ends normally the file is
    fsynced, given the target's permissions and renamed over the target (the old file or the new one, never half of
    one); when it raises, the temporary file is removed and the target left as it was.

    The target is checked before the block runs, so a place that cannot be written is refused before any work.
    Raises PathError naming `path` (never the temporary file) when the target cannot be written or committed; an
    exception the block raises passes through unchanged (the caller turns its own write's OSError into a PathError
    with `path_error`).
    """
    target = Path(path)
    if "\0" in str(target):
        raise PathError(path, "not a valid file name")
    tmp_name = None
    in_block = False
    try:
        # inside the try: stat() itself fails on some names (ENAMETOOLONG), which must still be a PathError
        target = _resolved(target)  # write the file a link points to; the link stays a link
        folder = target.parent if str(target.parent) else Path(".")
        if target.is_dir():
            raise PathError(path, "is a folder; choose a file name")
        if target.exists() and not target.is_file():
            raise PathError(path, "is not a regular file (a device, a pipe or a socket); choose a file name")
        if not folder.is_dir():
            raise PathError(path, "folder does not exist" if not folder.exists() else "parent is not a folder")
        mode = _mode_for(target)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        in_block = True
        yield Path(tmp_name)
        in_block = False
        fd = os.open(tmp_name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, mode)  # mkstemp creates 0600, which would otherwise survive the rename
        if backup and target.is_file():
            _keep_backup(target)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except PathError:
        raise
    except OSError as exc:
        if in_block:
            raise
        raise path_error(path, exc) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def path_error(path: str | os.PathLike[str], exc: OSError) -> PathError:
    """An OSError met writing `path`, as the one-line PathError the user reads."""
    if isinstance(exc, FileNotFoundError):
        return PathError(path, "folder does not exist")
    if isinstance(exc, NotADirectoryError):
        return PathError(path, "parent is not a folder")
    if isinstance(exc, PermissionError):
        return PathError(path, "permission denied")
    return PathError(path, f"could not write: {exc.strerror or exc}")


def _resolved(target: Path) -> Path:
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _keep_backup(target: Path) -> None:
    bak = target.with_name(target.name + BACKUP_SUFFIX)
    tmp_bak = target.with_name(f".{target.name}.bak.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp_bak)
    try:
        os.link(target, tmp_bak)
    except OSError:
        # file systems without hard links: copy the bytes instead
        tmp_bak.write_bytes(target.read_bytes())
    try:
        os.replace(tmp_bak, bak)
    finally:
        # left behind when the rename failed, and when it "succeeded" between two links to one file (POSIX does
        # nothing then): the case after a save that stopped between its backup step and its rename
        with contextlib.suppress(OSError):
            os.unlink(tmp_bak)
