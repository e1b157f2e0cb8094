"""The seats the rules check, and a person at each designated seating position, as closed meshes.

Seats: every seat location's side-view profile (`design.seating.place_profile`: cushion, seat back, head restraint
when fitted) extruded across its seating surface width, from its right edge to its left, so the drawn seat is the
one the rules read: H-point, seat-back angle and thickness, head restraint height along the torso line, width. The
only departures: nothing goes below the row's floor (a steep back over a low seat reaches under it; the back is cut
there) and a cushion keeps MIN_CUSHION_MM of thickness on the floor when the seat is lower than the 100 mm the
drawing convention puts its surface under the H-point.

Occupants: a viewing aid, not part of the vehicle (see scene.py). One seated figure per designated seating position
(`SeatPlace.positions` of them, centred at `SeatPlace.position_centres_y()`), built from OCCUPANT_BOXES boxes in a
fixed order, so occupant i of the part is vertices [i * OCCUPANT_VERTICES, (i + 1) * OCCUPANT_VERTICES), in the order
of the seating's places and, within a place, left to right. Its height is the occupant's sitting height S, measured
from the seat surface, which the drawing convention puts CUSHION_BELOW_H_POINT_MM (100 mm) under the H-point, along
the torso line: the top of the head is level with the point S - 100 mm up the torso line from the H-point, at
z = H5 + (S - 100) cos(back angle). (The headroom rule measures along a line 8 degrees behind vertical from 102 mm
under the H-point, so over a seat back more upright than about 9 degrees the drawn head stands up to ~10 mm taller
than the rule's.) The figure's back lies on the torso line, in front of the seat back, from the cushion up to level
shoulders; the head is held upright, as people sit, its back the seat's backset (horizontally) ahead of the torso
line at the head's lowest point when a head restraint is fitted; the thighs run level forward to the knee, the lower
legs down to feet on the row's floor, sloping forward when the seat is too low for them to stand upright (longer than
life when it is too high). Where stretched legs would put the toes past the footwell's front wall (the firewall, see
build.py), the feet come back and the knees rise. Nothing of a figure goes under its row's floor. Body proportions
are those of a 50th-percentile adult male, scaled by S / 884 mm, and narrowed to the position's share of the seat
when they would not fit it; they are a drawing, not anthropometric data.

Model coordinates in millimetres: x forward (0 at the vehicle's front), y left, z up.
"""

from __future__ import annotations

import math

import numpy as np

from ..design import Design
from ..design.seating import CUSHION_BELOW_H_POINT_MM, Seating, SeatProfile, place_profile
from .primitives import Piece, merge, prisms_y

# The Hybrid III 50th-percentile male's sitting height, 34.8 in (NHTSA): the rules' default occupant
# (rules.settings.SITTING_HEIGHT_MM, which geometry may not import; a test holds the two equal).
DEFAULT_SITTING_HEIGHT_MM = 884.0

SITTING_RANGE_MM = (600.0, 1200.0)  # the figure is drawn for adults: the rules' occupants sit 787-977 mm tall
MIN_CUSHION_MM = 20.0
_SNAP_MM = 0.5  # a corner this close under the floor is put on it rather than cut off as a sliver

# --- the figure's proportions at a sitting height of 884 mm (mm) ---------------------------------------------------
_REFERENCE_SITTING_MM = 884.0
_SHOULDER_ABOVE_SEAT = 600.0
_ON_CUSHION = 10.0  # the figure's seat rests this far above the cushion surface (100 mm under the H-point)
_TORSO_DEPTH = 240.0
_HEAD_HEIGHT, _HEAD_DEPTH = 230.0, 200.0
_NECK_DEPTH, _NECK_INTO = 100.0, 30.0  # the neck reaches this far into the torso and the head
_SETBACK_NO_RESTRAINT = 50.0  # back of the head ahead of the torso line with no head restraint to set it
_UPPER_ARM, _ARM_DEPTH, _ARM_FROM_BACK = 300.0, 90.0, 55.0
_FOREARM, _FOREARM_THICK = 300.0, 80.0
_THIGH_TO_KNEE = 401.0  # H-point to knee pivot, as the J826 thigh segment
_THIGH_BEYOND_KNEE, _THIGH_TOP = 60.0, 60.0
_LOWER_LEG, _LOWER_LEG_THICK = 430.0, 110.0
_FOOT_LENGTH, _FOOT_HEEL, _FOOT_HEIGHT = 250.0, 50.0, 80.0
# lateral extents (inner, outer) from the position's centre; every box but the torso, neck and head comes in a pair
_HALF_WIDTH = 240.0  # arms included
_TORSO_Y, _NECK_Y, _HEAD_Y = (-170.0, 170.0), (-50.0, 50.0), (-80.0, 80.0)
_ARM_Y, _THIGH_Y, _LOWER_LEG_Y, _FOOT_Y = (170.0, 240.0), (10.0, 160.0), (30.0, 140.0), (25.0, 145.0)

# One figure: which side-view quad each box extrudes, and its lateral span.
_TORSO, _NECK, _HEAD, _UPPER_ARM_Q, _FOREARM_Q, _THIGH, _LOWER_LEG_Q, _FOOT = range(8)
_BOX_ORDER = (_TORSO, _NECK, _HEAD, _UPPER_ARM_Q, _UPPER_ARM_Q, _FOREARM_Q, _FOREARM_Q, _THIGH, _THIGH, _LOWER_LEG_Q,
              _LOWER_LEG_Q, _FOOT, _FOOT)


def _mirrored(span: tuple[float, float]) -> list[tuple[float, float]]:
    return [span, (-span[1], -span[0])]


_BOX_Y = np.array([_TORSO_Y, _NECK_Y, _HEAD_Y, *_mirrored(_ARM_Y), *_mirrored(_ARM_Y), *_mirrored(_THIGH_Y),
                   *_mirrored(_LOWER_LEG_Y), *_mirrored(_FOOT_Y)])
OCCUPANT_BOXES = len(_BOX_ORDER)
OCCUPANT_VERTICES = 8 * OCCUPANT_BOXES


# --- seats ---------------------------------------------------------------------------------------------------------

def _above_floor(points, floor: float) -> list[tuple[float, float]]:
    """The convex polygon `points` (open, (x, z)) cut at z = floor, keeping what is above it."""
    if min(z for _, z in points) >= floor:
        return list(points)
    pts = [(x, floor if floor - _SNAP_MM <= z < floor else z) for x, z in points]
    out: list[tuple[float, float]] = []
    for i, p in enumerate(pts):
        q = pts[(i + 1) % len(pts)]
        p_in, q_in = p[1] >= floor, q[1] >= floor
        if p_in:
            out.append(p)
        if p_in != q_in and p[1] != floor and q[1] != floor:
            t = (floor - p[1]) / (q[1] - p[1])
            out.append((p[0] + t * (q[0] - p[0]), floor))
    return out


def _area(points) -> float:
    return 0.5 * abs(sum(x0 * z1 - x1 * z0 for (x0, z0), (x1, z1) in zip(points, points[1:] + points[:1])))


def _seat_outlines(profile: SeatProfile) -> list[list[tuple[float, float]]]:
    """The side-view (x, z) outlines of a seat location as drawn: cushion, back and head restraint (when fitted), cut
    at the floor, slivers left out."""
    floor = profile.floor_z
    (rear, _), (front, _), _, (_, top), _ = profile.cushion
    top = max(top, floor + MIN_CUSHION_MM)
    outlines = [[(rear, floor), (front, floor), (front, top), (rear, top)]]
    for poly in (profile.back, profile.head_restraint):
        if poly:
            cut = _above_floor(poly[:-1], floor)
            if len(cut) >= 3 and (len(cut) == 4 and cut == list(poly[:-1]) or _area(cut) >= 1.0):
                outlines.append(cut)
    return outlines


def seats_piece(design: Design, seating: Seating) -> Piece:
    """Every seat location of `seating` (the design's, placed by design.seating.seating) as closed prisms.

    Each location is its cushion, seat back and head restraint (when fitted): one prism each, spanning model y
    from place.right_mm to place.left_mm. Returns (V, 3) float64 vertices in mm and (F, 3) int64 faces, outward.
    Raises ValueError when the seating has no place (a valid design always has one).
    """
    by_size: dict[int, tuple[list, list, list]] = {}
    profiles: dict[tuple, list] = {}  # the locations of a row share their side view but for the head restraint
    for place in seating.places:
        key = (place.row, place.seat.head_restraint_mm)
        outlines = profiles.get(key)
        if outlines is None:
            outlines = profiles[key] = _seat_outlines(place_profile(design, place))
        for outline in outlines:
            polygons, y0, y1 = by_size.setdefault(len(outline), ([], [], []))
            polygons.append(outline)
            y0.append(place.right_mm)
            y1.append(place.left_mm)
    pieces = [prisms_y(np.array(p), np.array(a), np.array(b)) for p, a, b in by_size.values()]
    return pieces[0] if len(pieces) == 1 else merge(pieces)


# --- occupants -----------------------------------------------------------------------------------------------------

def _figure_quads(hx: float, hz: float, angle_deg: float, floor: float, sitting_mm: float, setback: float | None,
                  toe_limit_x: float) -> list[list[tuple[float, float]]]:
    """Side-view (x, z) quads of one seated figure whose H-point is at (hx, hz): torso, neck, head, upper arm,
    forearm, thigh, lower leg, foot (see the module text). setback: the back of the head ahead of the torso line,
    None for the default. Plain floats: a handful of points per figure, where numpy's per-call cost would dominate."""
    k = sitting_mm / _REFERENCE_SITTING_MM
    a = math.radians(angle_deg)
    sin, cos = math.sin(a), math.cos(a)

    def at(along: float, ahead: float) -> tuple[float, float]:
        # `along` up the torso line (leaning rearward), `ahead` square to it, forward
        return (hx - along * sin + ahead * cos, hz + along * cos + ahead * sin)

    def level(z: float, ahead: float) -> tuple[float, float]:
        # the point at height z on the line `ahead` in front of the torso line
        return at((z - hz - ahead * sin) / cos, ahead)

    def box(x0: float, x1: float, z0: float, z1: float) -> list[tuple[float, float]]:
        return [(x0, z0), (x1, z0), (x1, z1), (x0, z1)]

    def bar(p: tuple[float, float], q: tuple[float, float], behind: float, beyond: float,
            half: float) -> list[tuple[float, float]]:
        # a band `half` either side of the segment p-q, lengthened by `behind` and `beyond` along it
        length = math.hypot(q[0] - p[0], q[1] - p[1])
        ux, uz = (q[0] - p[0]) / length, (q[1] - p[1]) / length
        sx, sz = -uz * half, ux * half
        p0, p1 = (p[0] - behind * ux, p[1] - behind * uz), (q[0] + beyond * ux, q[1] + beyond * uz)
        return [(p0[0] - sx, p0[1] - sz), (p1[0] - sx, p1[1] - sz), (p1[0] + sx, p1[1] + sz),
                (p0[0] + sx, p0[1] + sz)]

    head_top = hz + (sitting_mm - CUSHION_BELOW_H_POINT_MM) * cos
    head_bottom = head_top - _HEAD_HEIGHT * k
    setback = _SETBACK_NO_RESTRAINT * k if setback is None else setback
    head_back = level(head_bottom, 0.0)[0] + setback  # clear of the head restraint all the way up the head
    head = box(head_back, head_back + _HEAD_DEPTH * k, head_bottom, head_top)

    depth = _TORSO_DEPTH * k
    seat = max(hz - CUSHION_BELOW_H_POINT_MM, floor + MIN_CUSHION_MM) + _ON_CUSHION  # as seats_piece draws it
    bottom = (seat - hz) / cos  # the pelvis's lowest corner on the seat
    # the shoulders are level; a deep recline would put them over the chin, so they stay under the head
    shoulders = min(hz + (_SHOULDER_ABOVE_SEAT * k - CUSHION_BELOW_H_POINT_MM) * cos, head_bottom - _NECK_INTO * k)
    shoulders = max(shoulders, at(bottom, depth)[1] + 10.0)
    torso = [at(bottom, 0.0), at(bottom, depth), level(shoulders, depth), level(shoulders, 0.0)]

    neck_x = head_back + 0.5 * _HEAD_DEPTH * k
    neck = box(neck_x - 0.5 * _NECK_DEPTH * k, neck_x + 0.5 * _NECK_DEPTH * k, shoulders - _NECK_INTO * k,
               head_bottom + _NECK_INTO * k)

    shoulder_along = (shoulders - hz) / cos - 20.0 * k
    elbow_along = max(shoulder_along - _UPPER_ARM * k, bottom)
    arm0, arm1 = _ARM_FROM_BACK * k, (_ARM_FROM_BACK + _ARM_DEPTH) * k
    upper_arm = [at(elbow_along, arm0), at(elbow_along, arm1), at(shoulder_along, arm1), at(shoulder_along, arm0)]
    elbow_x, elbow_z = at(elbow_along, 0.5 * (arm0 + arm1))
    half = 0.5 * _FOREARM_THICK * k
    forearm = box(elbow_x - half, elbow_x + _FOREARM * k, elbow_z - half, elbow_z + half)

    thigh_low, thigh_top = seat, hz + _THIGH_TOP * k
    hip = (hx, 0.5 * (thigh_low + thigh_top))  # on the thigh's centre line, under the H-point
    thigh_length, lower_leg = _THIGH_TO_KNEE * k, _LOWER_LEG * k
    knee = (hx + thigh_length, hip[1])
    leg_half = 0.5 * _LOWER_LEG_THICK * k
    # high enough that the lower leg's corners stay over the floor whichever way it points
    ankle_z = floor + max(min(_FOOT_HEIGHT * k, 0.5 * (hip[1] - floor)), leg_half)
    ankle = (knee[0] + math.sqrt(max(lower_leg**2 - (knee[1] - ankle_z) ** 2, 0.0)), ankle_z)
    toe_ahead = (_FOOT_LENGTH - _FOOT_HEEL) * k
    if ankle[0] + toe_ahead > toe_limit_x:
        # no room for the legs stretched out: the feet come back under the knees, which rise
        ankle = (max(toe_limit_x - toe_ahead, hx), ankle_z)
        knee = _knee(hip, ankle, thigh_length, lower_leg)
    # from the hip, not behind it: a thigh raised to the knee would otherwise dip its back under the seat
    thigh = bar(hip, knee, 0.0, _THIGH_BEYOND_KNEE * k, 0.5 * (thigh_top - thigh_low))
    lower_leg_quad = bar(knee, ankle, 0.0, 0.0, leg_half)
    foot = box(ankle[0] - _FOOT_HEEL * k, ankle[0] + toe_ahead, floor, ankle_z)
    quads = [torso, neck, head, upper_arm, forearm, thigh, lower_leg_quad, foot]
    return [quads[i] for i in _BOX_ORDER]


def _knee(hip: tuple[float, float], ankle: tuple[float, float], thigh: float,
          lower_leg: float) -> tuple[float, float]:
    """The knee of a thigh from `hip` and a lower leg to `ankle` (side view), bent up and forward; the legs
    straightened towards the ankle when it is out of their reach."""
    rx, rz = ankle[0] - hip[0], ankle[1] - hip[1]
    reach = max(math.hypot(rx, rz), 1e-9)
    ux, uz = rx / reach, rz / reach
    d = min(max(reach, abs(thigh - lower_leg) + 1.0), thigh + lower_leg)
    along = (d * d + thigh * thigh - lower_leg * lower_leg) / (2 * d)
    up = math.sqrt(max(thigh * thigh - along * along, 0.0))
    nx, nz = (-uz, ux) if ux >= 0 else (uz, -ux)  # square to the reach, upward
    return (hip[0] + along * ux + up * nx, hip[1] + along * uz + up * nz)


def occupants_piece(design: Design, seating: Seating, sitting_height_mm: float,
                    toe_limit_x: float = 0.0) -> Piece | None:
    """A seated figure at every designated seating position of `seating` (see the module text), or None when the
    seats make no position.

    sitting_height_mm: the occupant's sitting height (seat surface to the top of the head), in SITTING_RANGE_MM.
    toe_limit_x: no toe goes ahead of this model x (mm; the footwell's front wall: the firewall, or the body's front
    where that is further back): where stretched legs would, the feet come back and the knees rise.
    Returns positions * OCCUPANT_VERTICES (V, 3) float64 vertices in mm and (F, 3) int64 faces, each box a closed,
    outward-wound prism. Raises ValueError for a sitting height outside SITTING_RANGE_MM (no adult's; the figure's
    proportions are not made for it).
    """
    low, high = SITTING_RANGE_MM
    if not low <= sitting_height_mm <= high:
        raise ValueError(f"a sitting height of {sitting_height_mm:g} mm is outside {low:g}-{high:g} mm")
    rows = design.package.rows
    k = sitting_height_mm / _REFERENCE_SITTING_MM
    figures: dict[tuple, int] = {}  # the places of a row mostly share one side view: each is worked out once
    unique, which, centres, scales = [], [], [], []
    for place in seating.places:
        if not place.positions:
            continue
        row = rows[place.row]
        seat = place.seat
        key = (place.x_mm, place.z_mm, row.back_angle_deg, row.floor_z_mm,
               seat.backset_mm if seat.head_restraint_mm is not None else None)
        if key not in figures:
            figures[key] = len(unique)
            unique.append(_figure_quads(*key[:4], sitting_height_mm, key[4], toe_limit_x))
        share = (place.left_mm - place.right_mm) / place.positions
        scale = k * min(1.0, max(0.5 * share - 5.0, 1.0) / (_HALF_WIDTH * k))
        for centre in place.position_centres_y():
            which.append(figures[key])
            centres.append(centre)
            scales.append(scale)
    if not which:
        return None
    quads = np.array(unique)[which].reshape(-1, 4, 2)
    centre = np.repeat(centres, OCCUPANT_BOXES)
    scale = np.repeat(scales, OCCUPANT_BOXES)
    spans = np.tile(_BOX_Y, (len(which), 1))
    return prisms_y(quads, centre + scale * spans[:, 0], centre + scale * spans[:, 1])
