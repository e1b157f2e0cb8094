"""The compliance report: a PDF with cover, drawings, findings, design data and notes (QtGui only, no widgets).

    result = write_report(analyse(design), "out.pdf", source=Path("truck.kei"), units=UnitSystem.metric)
    for line in result.warnings: ...   # characters no font could draw, one line each
"""

from .writer import ReportError, ReportResult, write_report

__all__ = ["ReportError", "ReportResult", "write_report"]
