"""Where the drawing sheet's three views and their dimension lines go: views from the analysis's outlines, dimension
lines sorted into stacks beside each view, and the largest standard scale at which everything fits the frame.

Views are arranged in third-angle projection: top view above the side view, front view to the right of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QRectF

from ..analysis import Analysis
from ..design.seating import SeatProfile, place_profile
from ..geometry import Outline
from ..rules.finding import Finding
from .layout import LEFT, TOP

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
TB_H = 70.0  # the legend's eight keys in two columns
ARROW = 2.2  # arrowhead length (mm)
DIM_FONT_PT = 6.3


class TextPlace(NamedTuple):
    """Where a label's text goes on the paper (mm): the box it is drawn in, aligned by `flags`, turned `angle`
    degrees counter-clockwise about the box's centre (90: reads upwards)."""

    rect: QRectF
    angle: float = 0.0
    flags: int = LEFT | TOP

    def bounds(self) -> QRectF:
        """The paper the box covers, axis-aligned: what another label must keep clear of."""
        if not self.angle:
            return QRectF(self.rect)
        a = math.radians(self.angle)
        w, h = self.rect.width(), self.rect.height()
        bw = abs(w * math.cos(a)) + abs(h * math.sin(a))
        bh = abs(w * math.sin(a)) + abs(h * math.cos(a))
        c = self.rect.center()
        return QRectF(c.x() - bw / 2, c.y() - bh / 2, bw, bh)

    def cover(self) -> list[QRectF]:
        """Axis-aligned boxes covering the text's box closely: the box itself when level or upright, else squares
        along it (a slanted label's bounds would also cover the line it is written along)."""
        if self.angle % 90 == 0:
            return [self.bounds()]
        a = math.radians(self.angle)
        w, h = self.rect.width(), self.rect.height()
        c = self.rect.center()
        ux, uy = math.cos(a), -math.sin(a)  # along the text on the paper (y down)
        n = max(1, math.ceil(w / h))
        step = w / n
        return [QRectF(c.x() + ux * (step * (i + 0.5) - w / 2) - h / 2, c.y() + uy * (step * (i + 0.5) - w / 2) - h / 2,
                       h, h) for i in range(n)]


@dataclass
class Dim:
    label: str
    value_mm: float
    field: str | None  # the design field or derived figure it shows
    start: np.ndarray  # model mm, in the view's (u, v)
    end: np.ndarray
    vertical: bool
    place: str  # "below", "left", "right", "inside"
    rank: int = 0


@dataclass(frozen=True)
class RowSeat:
    """One seat row as the side view draws it, model (x, z) mm."""

    row: int  # 0 = front
    profile: SeatProfile  # of the row's right-hand seat location: the side view looks at the right-hand side
    headroom_foot: tuple[float, float]  # the effective-headroom line's start, headroom_offset_mm below the H-point
    headroom_top: tuple[float, float]  # where it meets the headliner
    headroom: Finding | None  # us.fit.headroom.<row>: the label shows what it measured

    @property
    def h_point(self) -> tuple[float, float]:
        return self.profile.h_point


def seat_polygons(profile: SeatProfile) -> list[tuple[tuple[float, float], ...]]:
    """The closed polygons of a seat profile, cushion first, without the head restraint a seat does not have."""
    return [poly for poly in (profile.cushion, profile.back, profile.head_restraint) if poly]


@dataclass(frozen=True)
class SidePackage:
    """The occupant package over the side view: each row's seat and headroom line, and the headliner over them."""

    rows: tuple[RowSeat, ...]
    headliner_z: float  # model z of the headliner, mm
    headliner_x: tuple[float, float]  # model x it is drawn over (rear, front): the seats' extent


def side_package(analysis: Analysis) -> SidePackage:
    """The seats, H-points and headroom lines the side view draws.

    The effective-headroom line leaves the H-point at the setting's angle behind vertical and ends at the headliner
    (SAE J1100 H61); it is drawn from the setting's offset below the H-point, so that its length is the effective
    headroom the finding measured.
    """
    design, settings = analysis.design, analysis.settings
    headliner = design.package.headliner_height_mm
    angle = math.radians(settings.headroom_line_deg)
    along = (-math.sin(angle), math.cos(angle))  # rearward and up
    findings = {f.rule_id: f for f in analysis.findings if f.rule_id.startswith("us.fit.headroom.")}
    rows = []
    for r in range(len(design.package.rows)):
        place = analysis.derived.seating.in_row(r)[-1]  # seats run left to right: the last is the right-hand one
        profile = place_profile(design, place)
        x, z = profile.h_point
        rise = (headliner - z) / along[1]
        offset = settings.headroom_offset_mm
        rows.append(RowSeat(r, profile, (x - along[0] * offset, z - along[1] * offset),
                            (x + along[0] * rise, headliner), findings.get(f"us.fit.headroom.{r + 1}")))
    xs = [x for row in rows for poly in seat_polygons(row.profile) for x, _ in poly]
    return SidePackage(tuple(rows), headliner, (min(xs), max(xs)))


@dataclass
class View:
    name: str
    outline: Outline
    lo: np.ndarray  # model bounds of what is drawn (vehicle and kei box)
    hi: np.ndarray
    dims: list[Dim] = field(default_factory=list)
    package: SidePackage | None = None  # the side view's seats

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
        dims.append(Dim(d.label, d.value_mm, d.field, np.asarray(d.start, float), np.asarray(d.end, float), vertical,
                        place))
    span = lambda d: abs(d.end[1] - d.start[1])  # noqa: E731
    for place, key in (("below", lambda d: -d.start[1]), ("right", span), ("left", span)):
        levels = sorted({round(key(d), 3) for d in dims if d.place == place})
        for d in dims:
            if d.place == place:
                d.rank = levels.index(round(key(d), 3))
    view.dims = dims


def build_views(analysis: Analysis) -> dict[str, View]:
    """The three views of the analysed design, from its outlines (built once, shared with anything else drawing)."""
    views = {}
    for name in ("side", "front", "top"):
        ol = analysis.outline(name)
        package = side_package(analysis) if name == "side" else None
        loops = [p for parts in ol.polylines.values() for p in parts]
        if package is not None:  # a seat that pokes out of the body is drawn all the same
            loops += [np.asarray(poly) for row in package.rows for poly in seat_polygons(row.profile)]
        pts = np.concatenate(loops)
        view = View(name, ol, pts.min(axis=0), pts.max(axis=0), package=package)
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
