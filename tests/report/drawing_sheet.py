"""A drawing sheet laid out as the report lays it out, for tests that check what a view's plan places where."""

from __future__ import annotations

from typing import NamedTuple

from keidesigner.analysis import Analysis
from keidesigner.design import UnitSystem


class SheetViews(NamedTuple):
    sheet: object  # report.layout.Sheet, painting into a throwaway PDF
    views: dict  # name -> the view's outline and dimensions (report.drawing_layout.build_views)
    painters: dict  # name -> report.drawings.Painter at the view's place on the sheet
    dims: list  # the side view's dimension labels as placed (dim_label_place)
    fmt: object  # the report's formatter for the units


def sheet_views(analysis: Analysis, units: str = "metric") -> SheetViews:
    """The drawing page of `analysis` in `units` (A4 metric, Letter US), landscape, every view placed."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPageSize, QPdfWriter

    from keidesigner.fonts import register_fonts
    from keidesigner.report.drawing_layout import build_views, plan
    from keidesigner.report.drawings import Painter, _checking, dim_label_place
    from keidesigner.report.layout import LANDSCAPE, Sheet
    from keidesigner.report.numbers import report_formatter
    from keidesigner.report.writer import RESOLUTION, ensure_gui_application

    ensure_gui_application()
    register_fonts()
    fmt = report_formatter(UnitSystem(units))
    buffer = QBuffer(QByteArray())
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    sheet = Sheet(writer, QPageSize(QPageSize.PageSizeId.Letter if units == "us" else QPageSize.PageSizeId.A4))
    sheet.orientation = LANDSCAPE
    views = build_views(analysis)
    place = plan(views, sheet.width, sheet.height)
    painters = {name: Painter(sheet, place.scale, place.origin[name]) for name in views}
    side = views["side"]
    dims = [dim_label_place(sheet, side, painters["side"], d, _checking(analysis, d), fmt) for d in side.dims]
    return SheetViews(sheet, views, painters, dims, fmt)
