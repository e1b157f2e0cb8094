"""The drawing sheet: side, top and front views as vector outlines at a standard scale, dimensioned, with the kei box.

Everything drawn comes from the analysis: the outlines of the same meshes the 3-D view shows (part silhouettes, the
kei box and the dimension lines with their values), and the findings, found by the field each dimension shows, so
that the drawing and the findings table agree. Dimension lines are re-stacked at fixed paper spacing so their text
stays legible at any scale (drawing_layout.py places them). Overruns are drawn in red: where the body leaves the kei
box (by the kei findings' margins), and where a lamp or bumper height lies outside the band its regulation allows.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPolygonF

from ..analysis import Analysis
from ..design.kei import KEI_BOX_MM
from ..design.units import Formatter, UnitSystem
from ..geometry.outlines import wheel_centres_2d
from ..geometry.scene import ENVELOPE
from ..rules.finding import Finding, Status
from . import style
from .drawing_front import (
    CHILD_INK,
    FRONT_INK,
    OVERLAP_INK,
    WAD_MARK_R,
    FrontSidePlan,
    FrontTopPlan,
    plan_front_side,
    plan_front_top,
    wad_ink,
)
from .drawing_layout import (
    ARROW,
    DIM_FONT_PT,
    FRAME_BOTTOM,
    FRAME_SIDE,
    FRAME_TOP,
    GAP0,
    ROW,
    VIEW_TITLE_H,
    Dim,
    RowSeat,
    TextPlace,
    View,
    build_views,
    plan,
    seat_polygons,
)
from .drawing_package import H_POINT_R, PackagePlan, failed, plan_package
from .layout import HCENTER, LANDSCAPE, LEFT, TOP, VCENTER, WRAP, Page, Sheet

SHORT = {"Front overhang": "F. overhang", "Rear overhang": "R. overhang", "Ground clearance": "Ground cl.",
         "Front track": "F. track", "Rear track": "R. track"}
REGULATED_HEIGHTS = ("lighting.headlamp_height_mm", "lighting.tail_lamp_height_mm", "lighting.bumper_height_mm")
KEI_BOX_FIELDS = ("dimensions.length_mm", "dimensions.width_mm", "dimensions.height_mm")
CHAIN = [6.0, 1.2, 0.8, 1.2]  # centre-line dash pattern, mm
CENTER = HCENTER | VCENTER

PARTS = {  # name -> (fill, stroke, stroke width mm)
    "body": (QColor(226, 231, 238), style.INK, 0.32),
    "bed": (QColor(242, 242, 238), style.INK, 0.2),
    "interior": (QColor(150, 150, 156), style.INK, 0.15),
    "glass": (QColor(176, 200, 222), QColor(52, 72, 96), 0.15),
    "bumpers": (QColor(108, 110, 116), style.INK, 0.18),
    "wheels": (QColor(52, 52, 56), style.INK, 0.2),
    "headlamps": (QColor(255, 232, 150), style.INK, 0.15),
    "tail_lamps": (QColor(205, 38, 38), style.INK, 0.15),
}
ORDER = {
    "side": ("body", "bed", "interior", "glass", "bumpers", "headlamps", "tail_lamps", "wheels"),
    "front": ("wheels", "body", "bed", "interior", "bumpers", "glass", "headlamps"),
    "top": ("body", "bed", "interior", "glass", "bumpers", "headlamps", "tail_lamps", "wheels"),
}
TITLES = {"side": "SIDE VIEW (right-hand side)", "front": "FRONT VIEW", "top": "TOP VIEW"}
SEAT_FILL = QColor(222, 186, 140)
PACKAGE_INK = QColor(122, 72, 30)  # seat outlines, headliner, headroom lines and labels: the occupant package's layer
HALO = QColor(255, 255, 255, 215)  # behind a label that lies on the drawing
HEADLINER_DASH = [2.0, 0.9]
ESTIMATED_SEATS = "seats estimated from an older design file's seat count"


def _metric(fmt: Formatter) -> Formatter:
    return Formatter(UnitSystem.metric, fmt.digits, fmt.locale_name)


def _dim_text(d: Dim, fmt: Formatter) -> str:
    """'Wheelbase 1,905' (mm) or 'Wheelbase 75.0' (in); a regulated height in inches also in mm."""
    short = SHORT.get(d.label, d.label)
    text = f"{short} {fmt.value(d.value_mm, 'mm', with_unit=False)}"
    if fmt.system is UnitSystem.us and d.field in REGULATED_HEIGHTS:
        text += f" ({_metric(fmt).value(d.value_mm, 'mm')})"
    return text


def _checking(analysis: Analysis, d: Dim) -> Finding | None:
    """The finding that checks the value a dimension shows (a limit in mm on that very field), if any."""
    f = analysis.finding_for(d.field) if d.field else None
    if f is None or f.unit != "mm" or (f.minimum is None and f.maximum is None):
        return None
    return f


class Painter:
    def __init__(self, sheet: Sheet, scale: float, origin: tuple[float, float]):
        self.sheet = sheet
        self.s = scale
        self.ox, self.oy = origin
        self.p = sheet.painter

    def X(self, u: float) -> float:
        return self.ox + u / self.s

    def Y(self, v: float) -> float:
        return self.oy - v / self.s

    def poly(self, loop: np.ndarray) -> QPolygonF:
        k = self.sheet.scale
        xs = (self.ox + loop[:, 0] / self.s) * k
        ys = (self.oy - loop[:, 1] / self.s) * k
        return QPolygonF([QPointF(float(x), float(y)) for x, y in zip(xs, ys)])

    def path(self, loops: list[np.ndarray]) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        for loop in loops:
            path.addPolygon(self.poly(loop))
            path.closeSubpath()
        return path

    def fill_path(self, path: QPainterPath, fill: QColor | None, stroke: QColor | None, width: float,
                  dash: list[float] | None = None) -> None:
        self.p.setPen(self.sheet.pen(stroke, width, dash) if stroke is not None else Qt.PenStyle.NoPen)
        self.p.setBrush(QBrush(fill) if fill is not None else Qt.BrushStyle.NoBrush)
        self.p.drawPath(path)
        self.p.setBrush(Qt.BrushStyle.NoBrush)

    def arrow(self, tip: QPointF, direction: tuple[float, float], color: QColor) -> None:
        """A filled arrowhead (paper mm) pointing along direction."""
        dx, dy = direction
        n = math.hypot(dx, dy) or 1.0
        dx, dy = dx / n, dy / n
        half = ARROW * 0.28
        bx, by = tip.x() - dx * ARROW, tip.y() - dy * ARROW
        pts = [QPointF(tip.x(), tip.y()), QPointF(bx - dy * half, by + dx * half),
               QPointF(bx + dy * half, by - dx * half)]
        k = self.sheet.scale
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(color)
        self.p.drawPolygon(QPolygonF([QPointF(q.x() * k, q.y() * k) for q in pts]))
        self.p.setBrush(Qt.BrushStyle.NoBrush)

    def hatch(self, rect: QRectF, color: QColor, pitch: float = 1.2) -> None:
        """Translucent fill and 45° hatching inside a paper-mm rectangle."""
        sh = self.sheet
        if rect.width() <= 0 or rect.height() <= 0:
            return
        sh.box(rect.x(), rect.y(), rect.width(), rect.height(), fill=style.tinted(color, 60))
        self.p.save()
        self.p.setClipRect(sh.rect(rect.x(), rect.y(), rect.width(), rect.height()))
        self.p.setPen(sh.pen(color, 0.13))
        span = rect.width() + rect.height()
        t = 0.0
        while t < span:
            self.p.drawLine(sh.pt(rect.left() + t, rect.bottom()), sh.pt(rect.left() + t - rect.height(), rect.top()))
            t += pitch
        self.p.restore()


def paint_text(sheet: Sheet, place: TextPlace, text: str, f: QFont, color: QColor,
               halo: QColor | None = None) -> None:
    """A label at its place; `halo` fills its box first, so that it reads over the parts it lies on."""
    p = sheet.painter
    r = place.rect
    p.save()
    p.translate(sheet.pt(r.center().x(), r.center().y()))
    if place.angle:
        p.rotate(-place.angle)
    box = sheet.rect(-r.width() / 2, -r.height() / 2, r.width(), r.height())
    if halo is not None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(halo)
        p.drawRoundedRect(box, sheet.px(0.5), sheet.px(0.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
    p.setFont(f)
    p.setPen(color)
    p.drawText(box, place.flags, text)
    p.restore()


def _band_rect(P: Painter, u0: float, u1: float, v0: float, v1: float) -> QRectF:
    x0, x1 = sorted((P.X(u0), P.X(u1)))
    y0, y1 = sorted((P.Y(v0), P.Y(v1)))
    return QRectF(x0, y0, x1 - x0, y1 - y0)


def _reference_lines(sheet: Sheet, view: View, P: Painter, vb: np.ndarray) -> None:
    """Ground line under side and front views; centre lines of front and top views."""
    if view.name in ("side", "front"):
        sheet.line(P.X(view.lo[0]) - 6, P.Y(0), P.X(view.hi[0]) + 6, P.Y(0), style.INK, 0.35)
    if view.name == "front":
        sheet.line(P.X(0), P.Y(vb[1][1]) - 3, P.X(0), P.Y(0) + 2, style.MUTED, 0.13, CHAIN)
    if view.name == "top":
        sheet.line(P.X(view.lo[0]) - 4, P.Y(0), P.X(view.hi[0]) + 1.5, P.Y(0), style.MUTED, 0.13, CHAIN)


def _parts(view: View, P: Painter) -> None:
    for name in ORDER[view.name]:
        loops = view.outline.polylines.get(name)
        if not loops:
            continue
        fill, stroke, width = PARTS[name]
        if view.name == "top" and name == "wheels":  # hidden under the body: dashed hidden lines
            P.fill_path(P.path(loops), None, style.INK, 0.18, [1.4, 0.8])
            continue
        P.fill_path(P.path(loops), fill, stroke, width)


def _hubs(sheet: Sheet, P: Painter, analysis: Analysis) -> None:
    """Side view: hub discs and axle centre marks on the near-side wheels."""
    design = analysis.design
    r = design.dimensions.tire_diameter_mm / 2 / P.s
    for u, v in wheel_centres_2d(design, "side")[::2]:
        hub = QPainterPath()
        hub.addEllipse(sheet.pt(P.X(u), P.Y(v)), sheet.px(0.55 * r), sheet.px(0.55 * r))
        P.fill_path(hub, QColor(190, 192, 198), style.INK, 0.15)
        sheet.line(P.X(u), P.Y(v) - r - 2.5, P.X(u), P.Y(v) + r + 1.5, style.MUTED, 0.13, CHAIN)
        sheet.line(P.X(u) - r * 0.75, P.Y(v), P.X(u) + r * 0.75, P.Y(v), style.MUTED, 0.13)


def _kei_box(sheet: Sheet, view: View, P: Painter, fmt: Formatter, vb: np.ndarray) -> np.ndarray:
    """The kei box, dashed, with its size; returns its outline."""
    env = view.outline.polylines[ENVELOPE][0]
    P.fill_path(P.path([env]), None, style.ACCENT, 0.3, [2.4, 1.2])
    L, W, H = KEI_BOX_MM
    span = {"side": (L, H), "front": (W, H), "top": (L, W)}[view.name]

    def sizes(f: Formatter) -> str:
        return " × ".join(f.value(x, "mm", with_unit=False) for x in span) + " " + f.unit("mm")

    label = "KEI BOX " + sizes(fmt)
    if fmt.system is UnitSystem.us:
        label += f" ({sizes(_metric(fmt))})"
    elo, ehi = env.min(axis=0), env.max(axis=0)
    sheet.text(P.X(elo[0]) + 0.5, P.Y(max(ehi[1], vb[1][1])) - 3.6, 80, 3.5, label, style.font(5.8, bold=True),
               style.ACCENT, LEFT | TOP)
    return env


def _overruns(sheet: Sheet, view: View, P: Painter, analysis: Analysis, env: np.ndarray) -> None:
    """Red hatched bands where the design pushes through the kei box, sized by the kei findings' margins."""
    over = analysis.kei_overrun
    elo, ehi = env.min(axis=0), env.max(axis=0)
    vb = view.outline.vehicle_bounds()
    bands = []
    if view.name in ("side", "top") and over.length_mm > 0:  # the box starts at the front: overrun at the rear
        bands.append((elo[0] - over.length_mm, elo[0], vb[0][1], vb[1][1]))
    if view.name == "front" and over.width_mm > 0:
        bands += [(ehi[0], ehi[0] + over.width_mm / 2, vb[0][1], vb[1][1]),
                  (elo[0] - over.width_mm / 2, elo[0], vb[0][1], vb[1][1])]
    if view.name == "top" and over.width_mm > 0:
        bands += [(vb[0][0], vb[1][0], ehi[1], ehi[1] + over.width_mm / 2),
                  (vb[0][0], vb[1][0], elo[1] - over.width_mm / 2, elo[1])]
    if view.name in ("side", "front") and over.height_mm > 0:
        bands.append((vb[0][0], vb[1][0], ehi[1], ehi[1] + over.height_mm))
    for u0, u1, v0, v1 in bands:
        rect = _band_rect(P, u0, u1, v0, v1)
        P.hatch(rect, style.FAIL)
        sheet.painter.setPen(sheet.pen(style.FAIL, 0.3))
        sheet.painter.drawRect(sheet.rect(rect.x(), rect.y(), rect.width(), rect.height()))


def paint_view(sheet: Sheet, view: View, P: Painter, analysis: Analysis, fmt: Formatter, title_x: float) -> None:
    vb = view.outline.vehicle_bounds()
    _reference_lines(sheet, view, P, vb)
    _parts(view, P)
    if view.name == "side":
        _hubs(sheet, P, analysis)
    checking = [_checking(analysis, d) for d in view.dims]
    dim_labels = [dim_label_place(sheet, view, P, d, f, fmt).bounds() for d, f in zip(view.dims, checking)]
    package = plan_package(sheet, view, P, fmt, dim_labels)
    if package is not None:
        _package_lines(sheet, P, package)
    taken = dim_labels + ([box for label in package.labels for box in label.place.cover()] if package else [])
    front = plan_front_side(sheet, view, P, analysis, fmt, taken)
    if front is not None:
        _front_lines(sheet, P, front)
    top = plan_front_top(view, P, analysis)
    if top is not None:
        _front_top(sheet, top)
    env = _kei_box(sheet, view, P, fmt, vb)
    _overruns(sheet, view, P, analysis, env)
    for d, f in zip(view.dims, checking):
        _paint_dim(sheet, view, P, d, f, fmt)
    if package is not None:
        _package_labels(sheet, package)
    if front is not None:
        _front_labels(sheet, front)
    title_y = P.Y(view.hi[1]) - VIEW_TITLE_H + 0.3
    title_font = style.font(7.5, bold=True)
    sheet.text(title_x, title_y, 90, 4, TITLES[view.name], title_font, style.INK, LEFT | TOP)
    if package is not None and analysis.design.package.estimated:
        sheet.text(title_x + sheet.text_width(TITLES[view.name], title_font) + 3, title_y + 0.4, 110, 4,
                   ESTIMATED_SEATS, style.font(6.5, bold=True), style.WARN, LEFT | TOP)


def _paint_seat(P: Painter, row: RowSeat) -> None:
    for poly in seat_polygons(row.profile):
        P.fill_path(P.path([np.asarray(poly, dtype=float)]), SEAT_FILL, PACKAGE_INK, 0.18)


def _paint_h_point(sheet: Sheet, centre: QPointF) -> None:
    """The SgRP symbol: a circle with a cross, opposite quarters filled."""
    p = sheet.painter
    c = sheet.pt(centre.x(), centre.y())
    r = sheet.px(H_POINT_R)
    box = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
    p.setPen(sheet.pen(style.INK, 0.14))
    p.setBrush(QColor("white"))
    p.drawEllipse(box)
    quarters = QPainterPath()
    for start in (0, 180):
        quarters.moveTo(c)
        quarters.arcTo(box, start, 90)
        quarters.closeSubpath()
    p.setBrush(style.INK)
    p.drawPath(quarters)
    p.setBrush(Qt.BrushStyle.NoBrush)
    reach = r + sheet.px(0.5)
    p.drawLine(QPointF(c.x() - reach, c.y()), QPointF(c.x() + reach, c.y()))
    p.drawLine(QPointF(c.x(), c.y() - reach), QPointF(c.x(), c.y() + reach))


def _package_lines(sheet: Sheet, P: Painter, plan: PackagePlan) -> None:
    """Seats, the headliner, the headroom lines and the H-points, under the dimensions and every label."""
    for row in plan.package.rows:
        _paint_seat(P, row)
    h = plan.headliner
    sheet.line(h.x1(), h.y1(), h.x2(), h.y2(), PACKAGE_INK, 0.35, HEADLINER_DASH)
    for row, line in zip(plan.package.rows, plan.headroom_lines):
        color = style.FAIL if failed(row.headroom) else PACKAGE_INK
        _arrows(sheet, P, (line.x1(), line.y1()), (line.x2(), line.y2()), color)
    for centre in plan.h_points:
        _paint_h_point(sheet, centre)


def _front_lines(sheet: Sheet, P: Painter, plan: FrontSidePlan) -> None:
    """The rigid block (hatched), the firewall and the crush length's dimension line, under every label."""
    if plan.block is not None:
        P.hatch(plan.block, FRONT_INK, 0.9)
        b = plan.block
        sheet.painter.setPen(sheet.pen(FRONT_INK, 0.2))
        sheet.painter.drawRect(sheet.rect(b.x(), b.y(), b.width(), b.height()))
    f = plan.firewall
    sheet.line(f.x1(), f.y1(), f.x2(), f.y2(), FRONT_INK, 0.45)
    c = plan.crush
    _arrows(sheet, P, (c.x1(), c.y1()), (c.x2(), c.y2()), FRONT_INK)


def _wad_mark(sheet: Sheet, centre: QPointF, distance_mm: float) -> None:
    """A WAD point: a disc in its zone's colour; 1,700 mm, where the child zone ends and the adult one begins, half
    in each."""
    p = sheet.painter
    r = sheet.px(WAD_MARK_R)
    c = sheet.pt(centre.x(), centre.y())
    box = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
    p.setPen(sheet.pen(QColor("white"), 0.12))
    p.setBrush(wad_ink(distance_mm))
    p.drawEllipse(box)
    if distance_mm == 1700.0:
        p.setBrush(CHILD_INK)
        p.drawPie(box, 90 * 16, 180 * 16)  # the front half (the drawing's right is forward): the child zone's
    p.setBrush(Qt.BrushStyle.NoBrush)


def _front_labels(sheet: Sheet, plan: FrontSidePlan) -> None:
    paint_text(sheet, plan.crush_place, plan.crush_text, style.font(DIM_FONT_PT), FRONT_INK, HALO)
    for mark in plan.wad:
        _wad_mark(sheet, mark.centre, mark.distance_mm)
        paint_text(sheet, mark.place, mark.text, style.font(DIM_FONT_PT - 0.5, bold=True), wad_ink(mark.distance_mm),
                   HALO)


def _front_top(sheet: Sheet, plan: FrontTopPlan) -> None:
    """The small-overlap bands (tinted, dashed edge) and the front rails over them."""
    for band in plan.bands:
        sheet.box(band.x(), band.y(), band.width(), band.height(), fill=style.tinted(OVERLAP_INK, 45))
        sheet.painter.setPen(sheet.pen(OVERLAP_INK, 0.18, [1.2, 0.6]))
        sheet.painter.drawRect(sheet.rect(band.x(), band.y(), band.width(), band.height()))
    for rail in plan.rails:
        sheet.line(rail.x1(), rail.y1(), rail.x2(), rail.y2(), FRONT_INK, 0.5)


def _package_labels(sheet: Sheet, plan: PackagePlan) -> None:
    for label in plan.labels:
        color = style.FAIL if label.failed else PACKAGE_INK
        paint_text(sheet, label.place, label.text, style.font(DIM_FONT_PT, bold=label.failed), color, HALO)


def _dim_label(d: Dim, finding: Finding | None, fmt: Formatter) -> str:
    text = _dim_text(d, fmt)
    if finding is not None and finding.violated is not None and d.field in KEI_BOX_FIELDS:
        text += f"  (+{fmt.value(-finding.margin, 'mm', places=finding.places(fmt))} over kei)"
    return text


def _horizontal_y(view: View, P: Painter, d: Dim) -> float:
    """Paper y of a horizontal dimension line."""
    if d.place == "below":
        vb = view.outline.vehicle_bounds()
        return P.Y(min(view.lo[1], vb[0][1])) + GAP0 + d.rank * ROW + ROW * 0.55
    return P.Y(d.start[1])


def _horizontal_place(sheet: Sheet, view: View, P: Painter, d: Dim, text: str, f) -> TextPlace:
    tw, th = sheet.text_width(text, f), sheet.line_height(f)
    y = _horizontal_y(view, P, d)
    x0, x1 = P.X(d.start[0]), P.X(d.end[0])
    if tw <= abs(x1 - x0) + 3.0:  # centred over the line, overhanging its ends a little at most
        return TextPlace(QRectF((x0 + x1) / 2 - tw / 2 - 0.5, y - th - 0.15, tw + 1, th), flags=HCENTER | TOP)
    middle = P.X((view.lo[0] + view.hi[0]) / 2)
    if abs(max(x0, x1) - middle) >= abs(min(x0, x1) - middle):
        return TextPlace(QRectF(max(x0, x1) + ARROW + 0.8, y - th / 2, tw + 1, th))
    # outside, beyond the end farther from the middle of the drawing
    return TextPlace(QRectF(min(x0, x1) - ARROW - 1.8 - tw, y - th / 2, tw + 1, th))


def _horizontal_dim(sheet: Sheet, view: View, P: Painter, d: Dim, color: QColor) -> None:
    y = _horizontal_y(view, P, d)
    if d.place == "below":
        vb = view.outline.vehicle_bounds()
        edge = P.Y(min(view.lo[1], vb[0][1])) + 0.8
        sheet.painter.setPen(sheet.pen(style.MUTED, 0.12))
        for u in (d.start[0], d.end[0]):
            sheet.painter.drawLine(sheet.pt(P.X(u), edge), sheet.pt(P.X(u), y + 1.2))
    _arrows(sheet, P, (P.X(d.start[0]), y), (P.X(d.end[0]), y), color)


def _vertical_x(view: View, P: Painter, d: Dim) -> tuple[float, float | None]:
    """Paper x of a vertical dimension line, and of the drawing edge its extension lines start from."""
    vb = view.outline.vehicle_bounds()
    if d.place == "right":
        return P.X(max(view.hi[0], vb[1][0])) + GAP0 + d.rank * ROW + ROW * 0.55, P.X(vb[1][0]) + 0.8
    if d.place == "left":
        return P.X(min(view.lo[0], vb[0][0])) - GAP0 - d.rank * ROW - ROW * 0.55, P.X(vb[0][0]) - 0.8
    return P.X(d.start[0]), None


def _regulated_band(sheet: Sheet, P: Painter, d: Dim, x: float, finding: Finding) -> None:
    """The height band a lamp or bumper regulation allows, beside its dimension, and any overrun hatched red."""
    lo = finding.minimum if finding.minimum is not None else 0.0
    hi = finding.maximum if finding.maximum is not None else d.value_mm
    sheet.box(x - 0.9, P.Y(hi), 1.8, P.Y(lo) - P.Y(hi), fill=style.tinted(style.PASS, 55),
              stroke=style.tinted(style.PASS, 160), width_mm=0.12)
    if finding.violated is not None:
        v = d.value_mm
        a, b = (hi, v) if v > hi else (v, lo)
        P.hatch(QRectF(x - 1.4, P.Y(b), 2.8, P.Y(a) - P.Y(b)), style.FAIL, 0.8)


def _vertical_place(sheet: Sheet, d: Dim, x: float, y0: float, y1: float, text: str, f, offset: float) -> TextPlace:
    tw, th = sheet.text_width(text, f), sheet.line_height(f)
    span = abs(y1 - y0)
    if d.place == "inside" and tw + 1 > span - 2 * ARROW:
        # short dimension inside the drawing (ground clearance): horizontal text beside it
        return TextPlace(QRectF(x + 1.2, (y0 + y1) / 2 - th / 2, tw + 1, th))
    if tw + 1.0 <= span - 2 * ARROW:
        cy = (y0 + y1) / 2  # rotated, reading upwards, centred along the line
    else:
        cy = min(y0, y1) - (ARROW + 1.5 if span < 2 * ARROW + 1.0 else 1.0) - tw / 2  # beyond the upper end
    # turned to read upwards, its foot `offset` left of the line
    return TextPlace(QRectF(x - offset - th / 2 - (tw + 1) / 2, cy - th / 2, tw + 1, th), 90.0, CENTER)


def _banded(d: Dim, finding: Finding | None) -> bool:
    return finding is not None and finding.status is not Status.not_applicable and d.field in REGULATED_HEIGHTS


def _vertical_dim(sheet: Sheet, view: View, P: Painter, d: Dim, finding: Finding | None, color: QColor) -> None:
    x, edge = _vertical_x(view, P, d)
    y0, y1 = P.Y(d.start[1]), P.Y(d.end[1])
    if edge is not None:
        sheet.painter.setPen(sheet.pen(style.MUTED, 0.12))
        for yy in (y0, y1):
            sheet.painter.drawLine(sheet.pt(edge, yy), sheet.pt(x + (1.2 if x > edge else -1.2), yy))
    if _banded(d, finding):
        _regulated_band(sheet, P, d, x, finding)
    _arrows(sheet, P, (x, y0), (x, y1), color, on_ground=d.place == "inside" and d.start[1] == 0)


def _dim_style(d: Dim, finding: Finding | None, fmt: Formatter) -> tuple[str, QFont, QColor]:
    failed = finding is not None and finding.status is Status.fail
    return _dim_label(d, finding, fmt), style.font(DIM_FONT_PT, bold=failed), style.FAIL if failed else style.INK


def dim_label_place(sheet: Sheet, view: View, P: Painter, d: Dim, finding: Finding | None,
                    fmt: Formatter) -> TextPlace:
    """Where the label of a dimension goes on the paper (what the overlap checks of other labels avoid)."""
    text, f, _ = _dim_style(d, finding, fmt)
    if d.vertical:
        x, _ = _vertical_x(view, P, d)
        return _vertical_place(sheet, d, x, P.Y(d.start[1]), P.Y(d.end[1]), text, f,
                               1.4 if _banded(d, finding) else 0.6)
    return _horizontal_place(sheet, view, P, d, text, f)


def _paint_dim(sheet: Sheet, view: View, P: Painter, d: Dim, finding: Finding | None, fmt: Formatter) -> None:
    text, f, color = _dim_style(d, finding, fmt)
    if d.vertical:
        _vertical_dim(sheet, view, P, d, finding, color)
    else:
        _horizontal_dim(sheet, view, P, d, color)
    paint_text(sheet, dim_label_place(sheet, view, P, d, finding, fmt), text, f, color)


def _arrows(sheet: Sheet, P: Painter, a: tuple[float, float], b: tuple[float, float], color: QColor,
            on_ground: bool = False) -> None:
    """A dimension line between two points with arrowheads; a short one gets its arrows outside, pointing in (not
    below the ground line when it stands on it, where the dimensions under the view are)."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1e-6:
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    p = sheet.painter
    p.setPen(sheet.pen(color, 0.16))
    if length >= 2 * ARROW + 1.0:
        p.drawLine(sheet.pt(x0, y0), sheet.pt(x1, y1))
        P.arrow(QPointF(x0, y0), (-ux, -uy), color)
        P.arrow(QPointF(x1, y1), (ux, uy), color)
    else:  # too short: arrows outside, pointing in
        ext = ARROW + 1.5
        start = 0.0 if on_ground else ext
        p.drawLine(sheet.pt(x0 - ux * start, y0 - uy * start), sheet.pt(x1 + ux * ext, y1 + uy * ext))
        if not on_ground:
            P.arrow(QPointF(x0, y0), (ux, uy), color)
        P.arrow(QPointF(x1, y1), (-ux, -uy), color)


TB_ROW = 8.5  # title block cell height, mm


def _tb_cell(sheet: Sheet, left: float, cx: float, cy: float, cw: float, label: str, value: str, vf=None) -> None:
    """One labelled cell of the title block; `left` is the block's left edge (no divider there)."""
    sheet.line(cx, cy, cx + cw, cy, style.INK, 0.15)
    if cx > left:
        sheet.line(cx, cy, cx, cy + TB_ROW, style.INK, 0.15)
    sheet.text(cx + 1.2, cy + 0.8, cw - 2.4, 3, label.upper(), style.font(5.6), style.MUTED, LEFT | TOP)
    sheet.text(cx + 1.2, cy + 3.4, cw - 2.4, TB_ROW - 3.6, value, vf or style.font(7.6), style.INK,
               LEFT | TOP | WRAP)


def _tb_legend(sheet: Sheet, x: float, y: float, w: float) -> None:
    """Eight keys in two columns of four: a column each fits between the SHA-256 cell and the scale note."""
    sheet.line(x, y, x + w, y, style.INK, 0.15)
    sheet.text(x + 1.2, y + 0.8, w, 3, "LEGEND", style.font(5.6), style.MUTED, LEFT | TOP)
    keys = (("dash", "kei box (L × W × H limit)"),
            ("band", "allowed lamp, bumper height"),
            ("over", "limit exceeded"),
            ("seat", "seat, H-point (SgRP)"),
            ("headroom", "headliner, eff. headroom"),
            ("front", "firewall, rigid block, crush"),
            ("wad", "WAD1000, 1700, 2100"),
            ("overlap", "small-overlap band, rails"))
    column = w / 2
    size = 6.0  # down to what the narrowest title block's columns hold
    while size > 4.8 and max(sheet.text_width(t, style.font(size)) for _, t in keys) > column - 12.5:
        size -= 0.2
    for i, (kind, text) in enumerate(keys):
        x0, ly = x + (i // 4) * column, y + 4.6 + (i % 4) * 3.6
        if kind == "seat":
            sheet.box(x0 + 2, ly + 0.4, 5.4, 1.8, fill=SEAT_FILL, stroke=PACKAGE_INK, width_mm=0.15)
            _paint_h_point(sheet, QPointF(x0 + 9.0, ly + 1.3))
        elif kind == "headroom":
            sheet.line(x0 + 2, ly + 0.3, x0 + 10, ly + 0.3, PACKAGE_INK, 0.35, HEADLINER_DASH)
            _arrows(sheet, Painter(sheet, 1, (0, 0)), (x0 + 2, ly + 2.0), (x0 + 10, ly + 2.0), PACKAGE_INK)
        elif kind == "front":
            Painter(sheet, 1, (0, 0)).hatch(QRectF(x0 + 7.4, ly + 0.1, 2.2, 2.4), FRONT_INK, 0.9)
            sheet.line(x0 + 9.6, ly - 0.1, x0 + 9.6, ly + 2.6, FRONT_INK, 0.45)
            sheet.line(x0 + 2, ly + 1.3, x0 + 7.4, ly + 1.3, FRONT_INK, 0.16)
        elif kind == "wad":
            for k, d in enumerate((1000.0, 1700.0, 2100.0)):
                _wad_mark(sheet, QPointF(x0 + 3 + 3 * k, ly + 1.3), d)
        elif kind == "overlap":
            sheet.box(x0 + 2, ly + 0.3, 8, 2.0, fill=style.tinted(OVERLAP_INK, 45))
            sheet.line(x0 + 2, ly + 1.7, x0 + 10, ly + 1.7, FRONT_INK, 0.5)
        elif kind == "dash":
            sheet.line(x0 + 2, ly + 1.3, x0 + 10, ly + 1.3, style.ACCENT, 0.3, [2.4, 1.2])
        elif kind == "band":
            sheet.box(x0 + 2, ly + 0.4, 8, 1.8, fill=style.tinted(style.PASS, 55), stroke=style.tinted(style.PASS, 160),
                      width_mm=0.12)
        else:
            Painter(sheet, 1, (0, 0)).hatch(QRectF(x0 + 2, ly + 0.1, 8, 2.4), style.FAIL, 0.8)
        sheet.text(x0 + 11.5, ly, column - 12, 3, text, style.font(size), style.INK, LEFT | TOP)


def _tb_scale_bar(sheet: Sheet, x: float, y: float, w: float, scale: int, fmt: Formatter) -> None:
    """One metre (or 3 ft) at drawing scale, and what the dimensions are in."""
    us = fmt.system is UnitSystem.us
    unit_mm, n = (304.8, 3) if us else (250.0, 4)
    label = f"0 – {fmt.number(3, 0)} ft" if us else f"0 – {fmt.number(1, 0)} m"
    seg = unit_mm / scale
    for i in range(n):
        sheet.box(x + i * seg, y, seg, 1.2, fill=style.INK if i % 2 == 0 else QColor("white"), stroke=style.INK,
                  width_mm=0.12)
    sheet.text(x + n * seg + 1.5, y - 1.0, 40, 3, label, style.font(6.2), style.INK, LEFT | TOP)
    note = "Dimensions in inches; regulated heights also in mm." if us else "Dimensions in millimetres."
    sheet.text(x - 0.8, y - 5.2, w - 2.4, 4, note, style.font(5.8, italic=True), style.MUTED, LEFT | TOP)


def _title_block(sheet: Sheet, rect: QRectF, analysis: Analysis, scale: int, fmt: Formatter, file_label: str,
                 sha: str, date: str) -> None:
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    sheet.box(x, y, w, h, fill=style.tinted(style.FAINT, 255), stroke=style.INK, width_mm=0.35)
    bold = style.font(7.6, bold=True)
    sheet.text(x + 1.2, y + 0.8, w - 2.4, 3, "GENERAL ARRANGEMENT", style.font(5.6), style.MUTED, LEFT | TOP)
    name_font = style.font(9.5, bold=True)
    name = sheet.elided(analysis.design.name, name_font, 2 * (w - 2.4) - 8)  # two lines at most
    sheet.text(x + 1.2, y + 3.4, w - 2.4, 9, name, name_font, style.INK,
               LEFT | TOP | sheet.wrap(name, name_font, w - 2.4))
    row, c = y + 11.0, w / 4
    _tb_cell(sheet, x, x, row, c, "Scale", f"1:{scale}", bold)
    _tb_cell(sheet, x, x + c, row, c, "Units", "in (mm)" if fmt.system is UnitSystem.us else "mm", bold)
    _tb_cell(sheet, x, x + 2 * c, row, c, "Projection", "third angle", style.font(7.2))
    _tb_cell(sheet, x, x + 3 * c, row, c, "Sheet", f"{sheet.page_number} of {sheet.page_total}", bold)
    row += TB_ROW
    _tb_cell(sheet, x, x, row, w / 2, "Design file", file_label, style.font(7.0))
    _tb_cell(sheet, x, x + w / 2, row, w / 2, "Date", date, style.font(7.0))
    row += TB_ROW
    _tb_cell(sheet, x, x, row, w, "SHA-256", sha, style.font(5.4, mono=True))
    _tb_legend(sheet, x, row + TB_ROW, w)
    _tb_scale_bar(sheet, x + 2, y + h - 4.0, w, scale, fmt)


def drawing_page(analysis: Analysis, fmt: Formatter, file_label: str, sha: str, date: str) -> Page:
    views = build_views(analysis)

    def paint(sheet: Sheet) -> None:
        place = plan(views, sheet.width, sheet.height)
        fx, fy = FRAME_SIDE, FRAME_TOP
        sheet.box(fx, fy, sheet.width - 2 * FRAME_SIDE, sheet.height - FRAME_TOP - FRAME_BOTTOM, stroke=style.INK,
                  width_mm=0.5)
        if place is None:
            sheet.text(fx + 10, fy + 20, 200, 10, "The vehicle is too large to draw on one sheet.", style.font(11),
                       style.FAIL, LEFT | TOP)
            return
        left_x = place.origin["side"][0] + min(views["side"].lo[0], views["top"].lo[0]) / place.scale - max(
            views["side"].left(), views["top"].left())
        for name in ("top", "side", "front"):
            P = Painter(sheet, place.scale, place.origin[name])
            title_x = left_x if name != "front" else P.X(views["front"].lo[0]) - views["front"].left()
            paint_view(sheet, views[name], P, analysis, fmt, title_x)
        _title_block(sheet, place.title_block, analysis, place.scale, fmt, file_label, sha, date)

    return Page("Drawings", paint, orientation=LANDSCAPE)
