"""The occupant package over the side view: each row's seat, its H-point, the headliner over the rows and each row's
effective-headroom line, labelled with what the headroom finding measured.

`plan_package` places everything on the paper first (marks, lines and labels, in paper mm); the drawing sheet
(drawings.py) paints only that plan, so the plan is what the tests read. Labels keep clear of the dimension labels,
of the H-point marks and of each other; a label that fits nowhere clear takes the place where it overlaps least.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF

from ..design.units import Formatter
from ..rules.finding import Finding, Status
from . import style
from .drawing_layout import ARROW, DIM_FONT_PT, SidePackage, TextPlace, View
from .layout import HCENTER, VCENTER, Sheet

if TYPE_CHECKING:
    from .drawings import Painter

H_POINT_R = 1.05  # paper mm
CLEAR = 0.4  # paper mm kept between a label and what it must not touch
LINE_HALF = 0.3  # half the width of the strip a line takes, paper mm
GAP = CLEAR + LINE_HALF + 0.5  # from a headroom line to its label (its slant takes the 0.5)


@dataclass(frozen=True)
class PackageLabel:
    kind: str  # "headroom" or "headliner"
    row: int | None  # 0 = front; None for the headliner
    text: str
    place: TextPlace
    failed: bool = False


@dataclass(frozen=True)
class PackagePlan:
    """What the side view paints of the occupant package, in paper mm (seats in model mm, through the view's
    Painter)."""

    package: SidePackage
    h_points: tuple[QPointF, ...]  # one per row, front row first
    headliner: QLineF
    headroom_lines: tuple[QLineF, ...]  # one per row: from the foot below the H-point to the headliner
    labels: tuple[PackageLabel, ...]


def headroom_text(finding: Finding, fmt: Formatter) -> str:
    """The number a headroom label shows: the finding's measured value at the finding's own precision, so that it
    reads as in the findings table (without the unit, like every dimension of the sheet)."""
    return fmt.value(finding.measured, finding.unit, places=finding.places(fmt), with_unit=False)


def _overlap(box: QRectF, taken: list[QRectF]) -> float:
    grown = box.adjusted(-CLEAR, -CLEAR, CLEAR, CLEAR)
    total = 0.0
    for other in taken:
        common = grown.intersected(other)
        if not common.isEmpty():
            total += common.width() * common.height()
    return total


def _best(candidates: list[TextPlace], taken: list[QRectF]) -> TextPlace:
    """The first candidate clear of everything taken, else the one overlapping least."""
    scored = [(sum(_overlap(box, taken) for box in c.cover()), i, c) for i, c in enumerate(candidates)]
    clear = [c for score, _, c in scored if score == 0.0]
    return clear[0] if clear else min(scored)[2]


def _line_boxes(line: QLineF, step: float = 1.0, half: float = LINE_HALF) -> list[QRectF]:
    """Small boxes along a line: what a label must not cover (a headroom line's arrowheads above all)."""
    n = max(1, math.ceil(line.length() / step))
    points = [line.pointAt(i / n) for i in range(n + 1)]
    return [QRectF(p.x() - half, p.y() - half, 2 * half, 2 * half) for p in points]


def _along_line(line: QLineF, tw: float, th: float) -> list[TextPlace]:
    """Labels reading up the headroom line, beside it: forward of it first (the rear side has the seat back), at
    points from its middle outwards; none when the line is shorter than the text."""
    length = line.length()
    if tw + 2 * ARROW + 1.0 > length:
        return []
    ux, uy = (line.x2() - line.x1()) / length, (line.y2() - line.y1()) / length
    angle = math.degrees(math.atan2(-uy, ux))  # counter-clockwise on the paper
    half = (tw + 1.0) / 2
    room = length / 2 - half - ARROW
    places = []
    for side in (1.0, -1.0):  # the paper's right of a line running up is forward in this view
        nx, ny = -uy * side, ux * side
        for shift in (0.0, -0.5, 0.5, -1.0, 1.0):
            mid = length / 2 + shift * room
            cx = line.x1() + ux * mid + nx * (th / 2 + GAP)
            cy = line.y1() + uy * mid + ny * (th / 2 + GAP)
            places.append(TextPlace(QRectF(cx - half, cy - th / 2, tw + 1.0, th), angle, HCENTER | VCENTER))
    return places


def _level(line: QLineF, tw: float, th: float) -> list[TextPlace]:
    """Level labels for a line too short to write along: forward of it (clear of its slant) at its middle, then
    higher and lower, then rearward of it."""
    right, left = max(line.x1(), line.x2()) + 1.2, min(line.x1(), line.x2()) - 2.2 - tw
    places = []
    for x in (right, left):
        for t in (0.5, 0.75, 0.25):
            y = line.pointAt(t).y() - th / 2
            places.append(TextPlace(QRectF(x, y, tw + 1.0, th)))
    return places


def _headliner_places(line: QLineF, tw: float, th: float) -> list[TextPlace]:
    """Under the headliner line at its rear end, then its front end; above them last (the roof is there)."""
    x0, x1, y = min(line.x1(), line.x2()), max(line.x1(), line.x2()), line.y1()
    w = tw + 1.0
    return [TextPlace(QRectF(x0 + 0.6, y + 0.5, w, th)), TextPlace(QRectF(x1 - 0.6 - w, y + 0.5, w, th)),
            TextPlace(QRectF(x0 + 0.6, y - 0.5 - th, w, th)), TextPlace(QRectF(x1 - 0.6 - w, y - 0.5 - th, w, th))]


def failed(finding: Finding | None) -> bool:
    return finding is not None and finding.status is Status.fail


def plan_package(sheet: Sheet, view: View, P: Painter, fmt: Formatter, taken: list[QRectF]) -> PackagePlan | None:
    """The side view's package on the paper; `taken` holds the boxes of the labels already placed (the
    dimensions'), and is extended with the package's own."""
    package = view.package
    if package is None:
        return None
    f = style.font(DIM_FONT_PT)
    th = sheet.line_height(f)
    taken = list(taken)
    h_points = tuple(QPointF(P.X(row.h_point[0]), P.Y(row.h_point[1])) for row in package.rows)
    r = H_POINT_R
    taken += [QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r) for c in h_points]
    lines = tuple(QLineF(P.X(row.headroom_foot[0]), P.Y(row.headroom_foot[1]), P.X(row.headroom_top[0]),
                         P.Y(row.headroom_top[1])) for row in package.rows)
    taken += [box for line in lines for box in _line_boxes(line)]
    labels = []
    for row, line in zip(package.rows, lines):
        if row.headroom is None or not row.headroom.numeric:
            continue
        text = f"Eff. headroom {headroom_text(row.headroom, fmt)}"
        lf = style.font(DIM_FONT_PT, bold=failed(row.headroom))
        tw = sheet.text_width(text, lf)
        place = _best(_along_line(line, tw, th) + _level(line, tw, th), taken)
        taken += place.cover()
        labels.append(PackageLabel("headroom", row.row, text, place, failed(row.headroom)))
    x0, x1 = package.headliner_x
    headliner = QLineF(P.X(x0), P.Y(package.headliner_z), P.X(x1), P.Y(package.headliner_z))
    z = package.headliner_z
    text = f"Headliner {fmt.value(z, 'mm', places=fmt.exact_places(z, 'mm'), with_unit=False)}"
    place = _best(_headliner_places(headliner, sheet.text_width(text, f), th), taken)
    labels.append(PackageLabel("headliner", None, text, place))
    return PackagePlan(package, h_points, headliner, lines, tuple(labels))
