"""The front end over the side and top views: the firewall, the rigid block ahead of it and the crush length between
the bumper face and the block; the pedestrian WAD points of the centre-line section; the small-overlap bands and the
front rails.

Like drawing_package.py, `plan_front_side` and `plan_front_top` place everything on the paper first (paper mm, through
the view's Painter) and the sheet paints only the plan, so the plan is what the tests read.

Positions come from the design's front end (design/front_end.py: behind the front wheel centre line, negative ahead of
it), turned into model x (forward, 0 at the bumper face): x = -(front overhang + position). The crush length is the
derived figure (derived.py): bumper face to firewall, less the block, so its dimension runs from the bumper face to
the block's front face. The WAD points are measured on the scene's front structure (geometry/wad.py) at y = 0. The
small-overlap band is 25 % of the vehicle width at each front corner (IIHS small overlap front test, consumer
information, not a FMVSS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor

from ..analysis import Analysis
from ..design.units import Formatter
from ..geometry.wad import DEFAULT_DISTANCES_MM, front_structure, wad_lines
from . import style
from .drawing_layout import ARROW, DIM_FONT_PT, TextPlace, View
from .drawing_package import _best
from .layout import HCENTER, TOP, Sheet

if TYPE_CHECKING:
    from .drawings import Painter

FRONT_INK = QColor(0, 112, 122)  # firewall, rigid block, crush length and rails: the front end's layer
CHILD_INK = QColor(214, 138, 0)  # WAD marks, as the 3D view's child and adult zones
ADULT_INK = QColor(186, 30, 146)
OVERLAP_INK = QColor(230, 110, 20)  # the small-overlap bands
SMALL_OVERLAP_SHARE = 0.25  # of the vehicle width at each front corner (IIHS small overlap)
WAD_MARK_R = 0.75  # paper mm
BLOCK_INSET_MM = 50.0  # model mm the block's box keeps below the bonnet edge and above the ground clearance


@dataclass(frozen=True)
class WadMark:
    distance_mm: float
    centre: QPointF  # paper mm
    text: str
    place: TextPlace


@dataclass(frozen=True)
class FrontSidePlan:
    """What the side view paints of the front end, paper mm."""

    firewall: QLineF  # from the floor (ground clearance) up to the cowl height
    block: QRectF | None  # the rigid block ahead of the firewall; None without one
    crush: QLineF  # the crush length's dimension line: bumper face to the block's front face
    crush_text: str
    crush_place: TextPlace
    wad: tuple[WadMark, ...]  # the reached WAD points of the centre-line section, nearest first


@dataclass(frozen=True)
class FrontTopPlan:
    """What the top view paints of the front end, paper mm."""

    bands: tuple[QRectF, QRectF]  # the small-overlap bands, left (y > 0) then right
    rails: tuple[QLineF, QLineF]  # the front rails at +rail offset then -rail offset
    band_width_mm: float  # model mm


def model_x(analysis: Analysis, behind_axle_mm: float) -> float:
    """Model x (mm, forward, 0 at the bumper face) of a position behind the front wheel centre line."""
    return -(analysis.design.dimensions.front_overhang_mm + behind_axle_mm)


def centre_wad_points(analysis: Analysis) -> dict[float, tuple[float, float] | None]:
    """{WAD mm: (x, z) model mm or None where unreached} on the centre-line section of the front structure; {} when
    the scene has no front structure or the section misses it."""
    try:
        lines = wad_lines(*front_structure(analysis.scene), DEFAULT_DISTANCES_MM, lateral=[0.0])
    except ValueError:
        return {}
    return {d: (float(line.points[0][0]), float(line.points[0][2])) if line.reached[0] else None
            for d, line in lines.items()}


def wad_name(distance_mm: float) -> str:
    """'WAD1000': the line's name as GTR 9 and Euro NCAP write it, the same in either unit system."""
    return f"WAD{distance_mm:.0f}"


def wad_ink(distance_mm: float) -> QColor:
    return CHILD_INK if distance_mm < 1700.0 else ADULT_INK


def _mark_places(c: QPointF, tw: float, th: float) -> list[TextPlace]:
    g = WAD_MARK_R + 0.5
    return [TextPlace(QRectF(x, y, tw, th)) for x, y in (
        (c.x() - tw / 2, c.y() - g - th),  # above
        (c.x() + g, c.y() - g - th),  # above, ahead
        (c.x() - g - tw, c.y() - g - th),  # above, behind
        (c.x() + g, c.y() - th / 2),  # ahead
        (c.x() - g - tw, c.y() - th / 2),  # behind
        (c.x() - tw / 2, c.y() + g),  # below
    )]


def plan_front_side(sheet: Sheet, view: View, P: Painter, analysis: Analysis, fmt: Formatter,
                    taken: list[QRectF]) -> FrontSidePlan | None:
    """The side view's front end, its labels clear of `taken` (paper boxes: dimension and package labels) and of
    each other where they can be; None for any other view."""
    if view.name != "side":
        return None
    design = analysis.design
    fe, dims = design.front_end, design.dimensions
    x_fire = model_x(analysis, fe.firewall_x_mm)
    x_block = x_fire + fe.block_length_mm
    floor = dims.ground_clearance_mm
    firewall = QLineF(P.X(x_fire), P.Y(floor), P.X(x_fire), P.Y(max(fe.cowl_height_mm, floor + 100.0)))
    block = None
    z_top = max(floor + 2 * BLOCK_INSET_MM + 100.0, min(fe.bonnet_leading_edge_height_mm, fe.cowl_height_mm)
                - BLOCK_INSET_MM)
    z_bottom = floor + BLOCK_INSET_MM
    if fe.block_length_mm > 0:
        block = QRectF(P.X(x_fire), P.Y(z_top), P.X(x_block) - P.X(x_fire), P.Y(z_bottom) - P.Y(z_top))
    z_dim = (z_top + z_bottom) / 2
    crush = QLineF(P.X(0.0), P.Y(z_dim), P.X(x_block), P.Y(z_dim))
    crush_mm = analysis.derived.crush_length_mm
    text = f"Crush {fmt.value(crush_mm, 'mm', with_unit=False)}"
    f = style.font(DIM_FONT_PT)
    tw, th = sheet.text_width(text, f) + 1.0, sheet.line_height(f)
    x0, x1 = sorted((crush.x1(), crush.x2()))
    mid = (x0 + x1) / 2
    places = [TextPlace(QRectF(mid - tw / 2, crush.y1() - th - 0.15, tw, th), flags=HCENTER | TOP),
              TextPlace(QRectF(mid - tw / 2, crush.y1() + 0.3, tw, th), flags=HCENTER | TOP),
              TextPlace(QRectF(x0 - ARROW - 0.8 - tw, crush.y1() - th / 2, tw, th))]
    crush_place = _best(places, taken)
    taken = [*taken, *crush_place.cover()]
    marks = []
    mark_font = style.font(DIM_FONT_PT - 0.5, bold=True)
    for distance, point in sorted(centre_wad_points(analysis).items()):
        if point is None:
            continue
        centre = QPointF(P.X(point[0]), P.Y(point[1]))
        name = wad_name(distance)
        place = _best(_mark_places(centre, sheet.text_width(name, mark_font) + 0.8, sheet.line_height(mark_font)),
                      taken + [QRectF(m.centre.x() - WAD_MARK_R, m.centre.y() - WAD_MARK_R, 2 * WAD_MARK_R,
                                      2 * WAD_MARK_R) for m in marks])
        taken = [*taken, *place.cover()]
        marks.append(WadMark(distance, centre, name, place))
    return FrontSidePlan(firewall, block, crush, text, crush_place, tuple(marks))


def plan_front_top(view: View, P: Painter, analysis: Analysis) -> FrontTopPlan | None:
    """The top view's small-overlap bands and front rails, from the bumper face back to the firewall or the front
    axle, whichever is further back; None for any other view."""
    if view.name != "top":
        return None
    design = analysis.design
    half = design.dimensions.width_mm / 2
    band = SMALL_OVERLAP_SHARE * design.dimensions.width_mm
    x_end = min(model_x(analysis, design.front_end.firewall_x_mm), model_x(analysis, 0.0))
    bands = (QRectF(P.X(x_end), P.Y(half), P.X(0.0) - P.X(x_end), P.Y(half - band) - P.Y(half)),
             QRectF(P.X(x_end), P.Y(-half + band), P.X(0.0) - P.X(x_end), P.Y(-half) - P.Y(-half + band)))
    rail = design.front_end.rail_offset_mm
    rails = (QLineF(P.X(0.0), P.Y(rail), P.X(x_end), P.Y(rail)), QLineF(P.X(0.0), P.Y(-rail), P.X(x_end), P.Y(-rail)))
    return FrontTopPlan(bands, rails, band)
