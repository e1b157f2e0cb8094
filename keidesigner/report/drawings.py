"""The drawing sheet: side, top and front views as vector outlines at a standard scale, dimensioned, with the kei box.

Everything drawn comes from `geometry.outlines` (the same meshes the 3-D view shows and the rules measure): part
silhouettes, the kei box and the dimension lines with their values. The geometry places dimension lines in model
millimetres; here they are re-stacked at fixed paper spacing so their text stays legible at any scale.

Views are arranged in third-angle projection: top view above the side view, front view to the right of it.
Overruns are drawn in red: where the body leaves the kei box, and where a lamp or bumper height lies outside the
band its regulation allows (from the evaluation's findings, so the drawing and the findings table agree).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPolygonF

from ..design.units import MM_PER_IN, UnitSystem, format_value
from ..geometry import KEI_BOX_MM, Outline, outlines
from ..geometry.outlines import wheel_centres_2d
from ..geometry.scene import ENVELOPE
from ..rules.engine import Evaluation
from ..rules.finding import Finding, Status
from . import style
from .layout import HCENTER, LANDSCAPE, LEFT, TOP, WRAP, Page, Sheet

SCALES = (10, 20, 25, 30, 40, 50, 100, 200)  # 1:n, preferred first
FRAME_SIDE = 10.0
FRAME_TOP = 9.0
FRAME_BOTTOM = 10.0
ROW = 6.2  # paper distance between stacked dimension lines (mm)
GAP0 = 2.5  # from the drawing to its first dimension line
VIEW_TITLE_H = 7.0
HGAP = 6.0
VGAP = 2.5
TB_W = 104.0  # title block, widest
TB_MIN_W = 78.0
TB_H = 66.0
ARROW = 2.2  # arrowhead length (mm)
DIM_FONT_PT = 6.3

SHORT = {"Front overhang": "F. overhang", "Rear overhang": "R. overhang", "Ground clearance": "Ground cl.",
         "Front track": "F. track", "Rear track": "R. track"}
# dimension label -> the finding that checks it
CHECKED_BY = {"Length": "kei.length", "Width": "kei.width", "Height": "kei.height",
              "Headlamp": "us.108.headlamp_height", "Tail lamp": "us.108.tail_lamp_height",
              "Bumper": "us.581.bumper_height"}
REGULATED_HEIGHTS = ("Headlamp", "Tail lamp", "Bumper")

PARTS = {  # name -> (fill, stroke, stroke width mm)
    "body": (QColor(226, 231, 238), style.INK, 0.32),
    "bed": (QColor(242, 242, 238), style.INK, 0.2),
    "interior": (QColor(150, 150, 156), style.INK, 0.15),
    "glass": (QColor(176, 200, 222), QColor(52, 72, 96), 0.15),
    "bumpers": (QColor(108, 110, 116), style.INK, 0.18),
    "wheels": (QColor(52, 52, 56), style.INK, 0.2),
}
HEADLAMP = QColor(255, 232, 150)
TAIL_LAMP = QColor(205, 38, 38)
ORDER = {
    "side": ("body", "bed", "interior", "glass", "bumpers", "lamps", "wheels"),
    "front": ("wheels", "body", "bed", "interior", "bumpers", "glass", "lamps"),
    "top": ("body", "bed", "interior", "glass", "bumpers", "lamps", "wheels"),
}
TITLES = {"side": "SIDE VIEW (right-hand side)", "front": "FRONT VIEW", "top": "TOP VIEW"}


@dataclass
class Dim:
    label: str
    value_mm: float
    start: np.ndarray  # model mm, in the view's (u, v)
    end: np.ndarray
    vertical: bool
    place: str  # "below", "left", "right", "inside"
    rank: int = 0


@dataclass
class View:
    name: str
    outline: Outline
    lo: np.ndarray  # model bounds of what is drawn (vehicle and kei box)
    hi: np.ndarray
    dims: list[Dim] = field(default_factory=list)

    def stack(self, place: str) -> int:
        ranks = [d.rank for d in self.dims if d.place == place]
        return max(ranks) + 1 if ranks else 0

    # paper margins around the drawing, mm
    def left(self) -> float:
        n = self.stack("left")
        return GAP0 + n * ROW if n else 4.0

    def right(self) -> float:
        n = self.stack("right")
        return GAP0 + n * ROW if n else 4.0

    def below(self) -> float:
        n = self.stack("below")
        return GAP0 + n * ROW + 1.0 if n else 5.0

    def size(self, scale: float) -> tuple[float, float]:
        w = (self.hi[0] - self.lo[0]) / scale
        h = (self.hi[1] - self.lo[1]) / scale
        return w, h


def _classify(view: View) -> None:
    vb = view.outline.vehicle_bounds()
    dims = []
    for d in view.outline.dimensions:
        vertical = abs(d.start[0] - d.end[0]) < 1e-6
        if vertical:
            u = d.start[0]
            place = "right" if u > vb[1][0] + 1e-6 else "left" if u < vb[0][0] - 1e-6 else "inside"
        else:
            v = d.start[1]
            place = "below" if v < vb[0][1] - 1e-6 else "inside"
        dims.append(Dim(d.label, d.value_mm, np.asarray(d.start, float), np.asarray(d.end, float), vertical, place))
    span = lambda d: abs(d.end[1] - d.start[1])  # noqa: E731
    for place, key in (("below", lambda d: -d.start[1]), ("right", span), ("left", span)):
        levels = sorted({round(key(d), 3) for d in dims if d.place == place})
        for d in dims:
            if d.place == place:
                d.rank = levels.index(round(key(d), 3))
    view.dims = dims


def build_views(design, scene=None) -> dict[str, View]:
    views = {}
    for name in ("side", "front", "top"):
        ol = outlines(design, name, scene)
        pts = np.concatenate([p for loops in ol.polylines.values() for p in loops])
        view = View(name, ol, pts.min(axis=0), pts.max(axis=0))
        _classify(view)
        views[name] = view
    return views


# --- layout --------------------------------------------------------------------------------------------------------

@dataclass
class Placement:
    scale: int
    origin: dict[str, tuple[float, float]]  # view -> paper (x, y) of model (0, 0)
    title_block: QRectF


def plan(views: dict[str, View], width: float, height: float) -> Placement | None:
    """The largest preferred scale at which the three views, their dimensions and the title block fit the frame."""
    fx0, fy0 = FRAME_SIDE, FRAME_TOP
    fx1, fy1 = width - FRAME_SIDE, height - FRAME_BOTTOM
    side, top, front = views["side"], views["top"], views["front"]
    for n in SCALES:
        s = float(n)
        left_m = max(side.left(), top.left()) + 2.0
        right_m = max(side.right(), top.right())
        u_lo = min(side.lo[0], top.lo[0])
        u_hi = max(side.hi[0], top.hi[0])
        col_w = left_m + (u_hi - u_lo) / s + right_m
        x0 = fx0 + 2.0
        ox = x0 + left_m - u_lo / s  # paper x of u = 0 in the left column
        # top view
        ty = fy0 + 2.0 + VIEW_TITLE_H
        oy_top = ty + top.hi[1] / s
        top_bottom = oy_top - top.lo[1] / s + top.below()
        # side view below it
        sy = top_bottom + VGAP + VIEW_TITLE_H
        oy_side = sy + side.hi[1] / s
        side_bottom = oy_side - side.lo[1] / s + side.below()
        # front view right of the side view, on the same ground line
        fx = x0 + col_w + HGAP + front.left()
        ox_front = fx - front.lo[0] / s
        front_right = ox_front + front.hi[0] / s + front.right()
        front_top = oy_side - front.hi[1] / s - VIEW_TITLE_H
        front_bottom = oy_side - front.lo[1] / s + front.below()
        tb_w = min(TB_W, fx1 - 1.0 - (x0 + col_w + HGAP))
        tb = QRectF(fx1 - tb_w - 1.0, fy0 + 1.0, tb_w, TB_H)
        fits = (
            side_bottom <= fy1 - 1.0 and front_bottom <= fy1 - 1.0 and front_right <= fx1 - 1.0
            and tb_w >= TB_MIN_W and tb.bottom() + 3.0 <= front_top
        )
        if fits:
            return Placement(n, {"top": (ox, oy_top), "side": (ox, oy_side), "front": (ox_front, oy_side)}, tb)
    return None


# --- painting ------------------------------------------------------------------------------------------------------

def _dim_text(label: str, value_mm: float, system: UnitSystem) -> str:
    short = SHORT.get(label, label)
    if system is UnitSystem.us:
        text = f"{short} {value_mm / MM_PER_IN:,.1f}"
        if label in REGULATED_HEIGHTS:
            text += f" ({value_mm:,.0f} mm)"
        return text
    return f"{short} {value_mm:,.0f}"


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
        pts = [QPointF(tip.x(), tip.y()), QPointF(bx - dy * half, by + dx * half), QPointF(bx + dy * half, by - dx * half)]
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


def _band_rect(P: Painter, u0: float, u1: float, v0: float, v1: float) -> QRectF:
    x0, x1 = sorted((P.X(u0), P.X(u1)))
    y0, y1 = sorted((P.Y(v0), P.Y(v1)))
    return QRectF(x0, y0, x1 - x0, y1 - y0)


def paint_view(sheet: Sheet, view: View, P: Painter, ev: Evaluation, system: UnitSystem, title_x: float) -> None:
    ol = view.outline
    design = ev.design
    vb = ol.vehicle_bounds()
    findings = {f.rule_id: f for f in ev.findings}

    # ground line and centre lines
    if view.name in ("side", "front"):
        sheet.line(P.X(view.lo[0]) - 6, P.Y(0), P.X(view.hi[0]) + 6, P.Y(0), style.INK, 0.35)
    chain = [6.0, 1.2, 0.8, 1.2]
    if view.name == "front":
        sheet.line(P.X(0), P.Y(vb[1][1]) - 3, P.X(0), P.Y(0) + 2, style.MUTED, 0.13, chain)
    if view.name == "top":
        sheet.line(P.X(view.lo[0]) - 4, P.Y(0), P.X(view.hi[0]) + 1.5, P.Y(0), style.MUTED, 0.13, chain)

    # parts
    for name in ORDER[view.name]:
        loops = ol.polylines.get(name)
        if not loops:
            continue
        if name == "lamps":
            _paint_lamps(view, P, loops, design)
            continue
        fill, stroke, width = PARTS[name]
        if view.name == "top" and name == "wheels":  # hidden under the body: dashed hidden lines
            P.fill_path(P.path(loops), None, style.INK, 0.18, [1.4, 0.8])
            continue
        P.fill_path(P.path(loops), fill, stroke, width)
    if view.name == "side":
        r = design.dimensions.tire_diameter_mm / 2
        for u, v in wheel_centres_2d(design, "side")[::2]:
            hub = QPainterPath()
            hub.addEllipse(sheet.pt(P.X(u), P.Y(v)), sheet.px(0.55 * r / P.s), sheet.px(0.55 * r / P.s))
            P.fill_path(hub, QColor(190, 192, 198), style.INK, 0.15)
            sheet.line(P.X(u), P.Y(v) - r / P.s - 2.5, P.X(u), P.Y(v) + r / P.s + 1.5, style.MUTED, 0.13, chain)
            sheet.line(P.X(u) - r / P.s * 0.75, P.Y(v), P.X(u) + r / P.s * 0.75, P.Y(v), style.MUTED, 0.13)

    # kei box
    env = ol.polylines[ENVELOPE][0]
    P.fill_path(P.path([env]), None, style.ACCENT, 0.3, [2.4, 1.2])
    L, W, H = KEI_BOX_MM
    span = {"side": (L, H), "front": (W, H), "top": (L, W)}[view.name]
    label = "KEI BOX " + " × ".join(format_value(x, "mm", with_unit=False) for x in span) + " mm"
    if system is UnitSystem.us:
        label = "KEI BOX " + " × ".join(format_value(x, "mm", system, with_unit=False) for x in span) + " in (" + \
            " × ".join(format_value(x, "mm", with_unit=False) for x in span) + " mm)"
    elo, ehi = env.min(axis=0), env.max(axis=0)
    sheet.text(P.X(elo[0]) + 0.5, P.Y(max(ehi[1], vb[1][1])) - 3.6, 80, 3.5, label, style.font(5.8, bold=True), style.ACCENT,
               LEFT | TOP)

    # overruns of the kei box (red hatched band between the box edge and the body edge)
    over = style.FAIL
    axes = {"side": ("Length", "Height"), "front": ("Width", "Height"), "top": ("Length", "Width")}[view.name]
    bands = []
    if vb[0][0] < elo[0] - 0.5:
        bands.append(((vb[0][0], elo[0], vb[0][1], vb[1][1]), axes[0], elo[0] - vb[0][0]))
    if vb[1][0] > ehi[0] + 0.5:
        bands.append(((ehi[0], vb[1][0], vb[0][1], vb[1][1]), axes[0], vb[1][0] - ehi[0]))
    if vb[0][1] < elo[1] - 0.5:
        bands.append(((vb[0][0], vb[1][0], vb[0][1], elo[1]), axes[1], elo[1] - vb[0][1]))
    if vb[1][1] > ehi[1] + 0.5:
        bands.append(((vb[0][0], vb[1][0], ehi[1], vb[1][1]), axes[1], vb[1][1] - ehi[1]))
    for (u0, u1, v0, v1), _what, _amount in bands:
        rect = _band_rect(P, u0, u1, v0, v1)
        P.hatch(rect, over)
        sheet.painter.setPen(sheet.pen(over, 0.3))
        sheet.painter.drawRect(sheet.rect(rect.x(), rect.y(), rect.width(), rect.height()))

    # dimensions
    for d in view.dims:
        finding = findings.get(CHECKED_BY.get(d.label, ""))
        _paint_dim(sheet, view, P, d, finding, system)

    # view title
    title_y = P.Y(view.hi[1]) - VIEW_TITLE_H + 0.3
    sheet.text(title_x, title_y, 90, 4, TITLES[view.name], style.font(7.5, bold=True), style.INK, LEFT | TOP)


def _paint_lamps(view: View, P: Painter, loops: list[np.ndarray], design) -> None:
    light = design.lighting
    L = design.dimensions.length_mm
    for loop in loops:
        c = loop.mean(axis=0)
        if view.name == "front":
            is_head = abs(c[1] - light.headlamp_height_mm) <= abs(c[1] - light.tail_lamp_height_mm)
            if not is_head:
                continue  # tail lamps are hidden behind the body in a front view
        else:
            is_head = c[0] > -L / 2
        P.fill_path(P.path([loop]), HEADLAMP if is_head else TAIL_LAMP, style.INK, 0.15)


def _paint_dim(sheet: Sheet, view: View, P: Painter, d: Dim, finding: Finding | None, system: UnitSystem) -> None:
    failed = finding is not None and finding.status is Status.fail
    color = style.FAIL if failed else style.INK
    f = style.font(DIM_FONT_PT, bold=failed)
    text = _dim_text(d.label, d.value_mm, system)
    if failed and d.label not in REGULATED_HEIGHTS and finding.margin is not None:
        text += f"  (+{format_value(-finding.margin, 'mm', system)} over kei)"
    tw = sheet.text_width(text, f)
    th = sheet.line_height(f)
    ext_pen = sheet.pen(style.MUTED, 0.12)
    vb = view.outline.vehicle_bounds()
    p = sheet.painter

    if not d.vertical:
        if d.place == "below":
            y = P.Y(min(view.lo[1], vb[0][1])) + GAP0 + d.rank * ROW + ROW * 0.55
            edge = P.Y(min(view.lo[1], vb[0][1])) + 0.8
            p.setPen(ext_pen)
            for u in (d.start[0], d.end[0]):
                p.drawLine(sheet.pt(P.X(u), edge), sheet.pt(P.X(u), y + 1.2))
        else:
            y = P.Y(d.start[1])
        x0, x1 = P.X(d.start[0]), P.X(d.end[0])
        _arrows(sheet, P, (x0, y), (x1, y), color)
        if tw <= abs(x1 - x0) + 3.0:  # centred over the line, overhanging its ends a little at most
            sheet.text(min(x0, x1), y - th - 0.15, abs(x1 - x0), th, text, f, color, HCENTER | TOP)
        else:  # outside, beyond the end farther from the middle of the drawing
            mid = P.X((view.lo[0] + view.hi[0]) / 2)
            if abs(max(x0, x1) - mid) >= abs(min(x0, x1) - mid):
                sheet.text(max(x0, x1) + ARROW + 0.8, y - th / 2, tw + 1, th, text, f, color, LEFT | TOP)
            else:
                sheet.text(min(x0, x1) - ARROW - 1.8 - tw, y - th / 2, tw + 1, th, text, f, color, LEFT | TOP)
        return

    # vertical
    if d.place == "right":
        x = P.X(max(view.hi[0], vb[1][0])) + GAP0 + d.rank * ROW + ROW * 0.55
        edge = P.X(vb[1][0]) + 0.8
    elif d.place == "left":
        x = P.X(min(view.lo[0], vb[0][0])) - GAP0 - d.rank * ROW - ROW * 0.55
        edge = P.X(vb[0][0]) - 0.8
    else:
        x = P.X(d.start[0])
        edge = None
    y0, y1 = P.Y(d.start[1]), P.Y(d.end[1])
    if edge is not None:
        p.setPen(ext_pen)
        for v, yy in ((d.start[1], y0), (d.end[1], y1)):
            over = 1.2 if x > edge else -1.2
            p.drawLine(sheet.pt(edge, yy), sheet.pt(x + over, yy))

    # the regulated band for lamp and bumper heights, and the overrun beyond it
    if finding is not None and finding.status is not Status.not_applicable and d.label in REGULATED_HEIGHTS:
        lo = finding.minimum if finding.minimum is not None else 0.0
        hi = finding.maximum if finding.maximum is not None else d.value_mm
        band = QRectF(x - 0.9, P.Y(hi), 1.8, P.Y(lo) - P.Y(hi))
        sheet.box(band.x(), band.y(), band.width(), band.height(), fill=style.tinted(style.PASS, 55),
                  stroke=style.tinted(style.PASS, 160), width_mm=0.12)
        if failed:
            v = d.value_mm
            a, b = (hi, v) if v > hi else (v, lo)
            r = QRectF(x - 1.4, P.Y(b), 2.8, P.Y(a) - P.Y(b))
            P.hatch(r, style.FAIL, 0.8)

    _arrows(sheet, P, (x, y0), (x, y1), color)
    span = abs(y1 - y0)
    banded = finding is not None and finding.status is not Status.not_applicable and d.label in REGULATED_HEIGHTS
    off = 1.4 if banded else 0.6
    if d.place == "inside" and tw + 1 > span - 2 * ARROW:
        # short dimension inside the drawing (ground clearance): horizontal text beside it
        sheet.text(x + 1.2, (y0 + y1) / 2 - th / 2, tw + 1, th, text, f, color, LEFT | TOP)
        return
    if tw + 1.0 <= span - 2 * ARROW:
        cy = (y0 + y1) / 2  # rotated, reading upwards, centred along the line
    else:
        cy = min(y0, y1) - (ARROW + 1.5 if span < 2 * ARROW + 1.0 else 1.0) - tw / 2  # beyond the upper end
    p.save()
    p.translate(sheet.pt(x - off, cy))
    p.rotate(-90)
    p.setFont(f)
    p.setPen(color)
    p.drawText(sheet.rect(-tw / 2 - 0.5, -th, tw + 1, th), int(Qt.AlignmentFlag.AlignCenter), text)
    p.restore()


def _arrows(sheet: Sheet, P: Painter, a: tuple[float, float], b: tuple[float, float], color: QColor) -> None:
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
        p.drawLine(sheet.pt(x0 - ux * ext, y0 - uy * ext), sheet.pt(x1 + ux * ext, y1 + uy * ext))
        P.arrow(QPointF(x0, y0), (ux, uy), color)
        P.arrow(QPointF(x1, y1), (-ux, -uy), color)


def _title_block(sheet: Sheet, rect: QRectF, ev: Evaluation, scale: int, system: UnitSystem, file_label: str,
                 sha: str, date: str) -> None:
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    sheet.box(x, y, w, h, fill=style.tinted(style.FAINT, 255), stroke=style.INK, width_mm=0.35)
    small, bold = style.font(5.6), style.font(7.6, bold=True)
    label_c = style.MUTED

    def cell(cx: float, cy: float, cw: float, ch: float, label: str, value: str, vf=None) -> None:
        sheet.line(cx, cy, cx + cw, cy, style.INK, 0.15)
        if cx > x:
            sheet.line(cx, cy, cx, cy + ch, style.INK, 0.15)
        sheet.text(cx + 1.2, cy + 0.8, cw - 2.4, 3, label.upper(), small, label_c, LEFT | TOP)
        sheet.text(cx + 1.2, cy + 3.4, cw - 2.4, ch - 3.6, value, vf or style.font(7.6), style.INK,
                   LEFT | TOP | WRAP)

    # name
    sheet.text(x + 1.2, y + 0.8, w - 2.4, 3, "GENERAL ARRANGEMENT", small, label_c, LEFT | TOP)
    sheet.text(x + 1.2, y + 3.4, w - 2.4, 9, ev.design.name, style.font(9.5, bold=True), style.INK,
               LEFT | TOP | WRAP)
    row = 11.0
    c = w / 4
    cell(x, y + row, c, 8.5, "Scale", f"1:{scale}", bold)
    cell(x + c, y + row, c, 8.5, "Units", "in (mm)" if system is UnitSystem.us else "mm", bold)
    cell(x + 2 * c, y + row, c, 8.5, "Projection", "third angle", style.font(7.2))
    cell(x + 3 * c, y + row, c, 8.5, "Sheet", f"{sheet.page_number} of {sheet.page_total}", bold)
    row += 8.5
    cell(x, y + row, w / 2, 8.5, "Design file", file_label, style.font(7.0))
    cell(x + w / 2, y + row, w / 2, 8.5, "Date", date, style.font(7.0))
    row += 8.5
    cell(x, y + row, w, 8.5, "SHA-256", sha, style.font(5.4, mono=True))
    row += 8.5
    # legend
    sheet.line(x, y + row, x + w, y + row, style.INK, 0.15)
    sheet.text(x + 1.2, y + row + 0.8, w, 3, "LEGEND", small, label_c, LEFT | TOP)
    ly = y + row + 4.6
    lf = style.font(6.2)
    items = [
        ("dash", "kei box: length × width × height limit"),
        ("band", "allowed lamp / bumper height band"),
        ("over", "limit exceeded (box overrun, height out of band)"),
    ]
    for kind, text in items:
        if kind == "dash":
            sheet.line(x + 2, ly + 1.3, x + 10, ly + 1.3, style.ACCENT, 0.3, [2.4, 1.2])
        elif kind == "band":
            sheet.box(x + 2, ly + 0.4, 8, 1.8, fill=style.tinted(style.PASS, 55), stroke=style.tinted(style.PASS, 160),
                      width_mm=0.12)
        else:
            Painter(sheet, 1, (0, 0)).hatch(QRectF(x + 2, ly + 0.1, 8, 2.4), style.FAIL, 0.8)
        sheet.text(x + 12, ly, w - 14, 3, text, lf, style.INK, LEFT | TOP)
        ly += 3.6
    # scale bar: one metre (or 3 ft) at drawing scale
    if system is UnitSystem.us:
        unit_mm, n, lab = 304.8, 3, "0 – 3 ft"
    else:
        unit_mm, n, lab = 250.0, 4, "0 – 1 m"
    bx, by = x + 2, y + h - 4.0
    seg = unit_mm / scale
    for i in range(n):
        sheet.box(bx + i * seg, by, seg, 1.2, fill=style.INK if i % 2 == 0 else QColor("white"), stroke=style.INK,
                  width_mm=0.12)
    sheet.text(bx + n * seg + 1.5, by - 1.0, 40, 3, lab, lf, style.INK, LEFT | TOP)
    note = ("Dimensions in inches; regulated heights also in mm." if system is UnitSystem.us
            else "Dimensions in millimetres.")
    sheet.text(x + 1.2, by - 5.2, w - 2.4, 4, note, style.font(5.8, italic=True), style.MUTED, LEFT | TOP)


def drawing_page(ev: Evaluation, system: UnitSystem, file_label: str, sha: str, date: str, scene=None) -> Page:
    views = build_views(ev.design, scene)

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
            paint_view(sheet, views[name], P, ev, system, title_x)
        _title_block(sheet, place.title_block, ev, place.scale, system, file_label, sha, date)

    return Page("Drawings", paint, orientation=LANDSCAPE)

