"""The compliance report: a PDF with cover, drawings, findings, design data and notes (QtGui only, no widgets).

    write_report(design, "out.pdf", source=Path("truck.kei"), us_class=None, units=UnitSystem.metric)
"""

from .writer import ReportError, write_report

__all__ = ["ReportError", "write_report"]
