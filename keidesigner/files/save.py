"""Saving a design: atomically, keeping one `.kei.bak` of the previous version."""

from __future__ import annotations

import os

from ..common import PathError, write_atomic
from ..common.atomic import BACKUP_SUFFIX
from ..design import Design
from .format import DesignFileError, dumps_design

__all__ = ["BACKUP_SUFFIX", "save_design", "write_atomic"]


def save_design(design: Design, path: str | os.PathLike[str], *, backup: bool = True) -> None:
    """Save a design atomically, keeping one .kei.bak of the previous version; DesignFileError names the path."""
    try:
        write_atomic(path, dumps_design(design).encode("utf-8"), backup=backup)
    except PathError as exc:
        raise DesignFileError(exc.path, exc.problem) from None
