"""Work around a reference-count bug: PySide6 6.12.0 drops one reference to None on every call of a method that
returns void (QPainter.drawLine, QPen.setWidthF, QObject.setObjectName, ...).

On Python 3.12+ None is immortal and nothing happens; on Python 3.11 a few thousand such calls drive None's count to
zero and the interpreter aborts ("Fatal Python error: none_dealloc"), often at exit, after the report was written.
`balanced_none()` measures what a block of painting took from None and gives it back. Giving back too much is
harmless (None is never freed); giving back too little is not, so a margin is added.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from typing import Iterator

MARGIN = 256


def _leak_per_call() -> int:
    from PySide6.QtGui import QPen

    pen = QPen()
    pen.setWidthF(1.0)
    before = sys.getrefcount(None)
    for _ in range(16):
        pen.setWidthF(1.0)
    return max(0, round((before - sys.getrefcount(None)) / 16))


LEAKS = _leak_per_call() > 0


def give_back(count: int) -> None:
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    obj = None
    for _ in range(count):
        incref(obj)


@contextlib.contextmanager
def balanced_none() -> Iterator[None]:
    if not LEAKS:
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        taken = before - sys.getrefcount(None)
        if taken > 0:
            give_back(taken + MARGIN)
