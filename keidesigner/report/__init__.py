"""The compliance report: a PDF with cover, drawings, occupant package, findings, compliance matrix, energy (EPA
cycles), design data and notes (QtGui only, no widgets).

    result = write_report(analyse(design), "out.pdf", source=Path("truck.kei"), units=UnitSystem.metric)
    for line in result.warnings: ...   # characters no font could draw, a design without energy figures; one line each

The writer and its pages are imported when first used: the desktop app needs only `report.numbers` to start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .writer import ReportError, ReportResult, write_report

__all__ = ["ReportError", "ReportResult", "write_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        # the Qt-free geometry (numpy) first: PySide6's import hook reads the source of every module imported after it
        from .. import geometry  # noqa: F401
        from . import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
