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
from ..geometry import Outline
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
TB_H = 66.0
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
