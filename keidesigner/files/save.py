"""Atomic saving: the target is either the old file or the new one, whatever happens mid-save."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..design import Design
from .format import DesignFileError, dumps_design

BACKUP_SUFFIX = ".bak"


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes, *, backup: bool = False) -> None:
    """Write data to path via a temporary file in the same folder, fsync, rename over the target.

    With backup=True the previous file is kept as `<name>.bak` (hard-linked, so no moment exists without a target).
    Raises DesignFileError with one line on any failure and leaves no temporary file behind.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if "\0" in str(target):
        raise DesignFileError(path, "not a valid file name")
    tmp_name = None
    try:
        # inside the try: stat() itself fails on some names (ENAMETOOLONG), which must still be a DesignFileError
        if target.is_dir():
            raise DesignFileError(path, "is a folder; choose a file name")
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, 0o644)
        if backup and target.is_file():
            _keep_backup(target)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except DesignFileError:
        raise
    except FileNotFoundError:
        raise DesignFileError(path, "folder does not exist") from None
    except PermissionError:
        raise DesignFileError(path, "permission denied") from None
    except OSError as exc:
        raise DesignFileError(path, f"could not save: {exc.strerror or exc}") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


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


def save_design(design: Design, path: str | os.PathLike[str], *, backup: bool = True) -> None:
    """Save a design atomically, keeping one .kei.bak of the previous version."""
    write_atomic(path, dumps_design(design).encode("utf-8"), backup=backup)
