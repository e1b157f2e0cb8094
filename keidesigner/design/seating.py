"""What the seats a designer draws count as: each seat location laid out in the cabin, its designated seating
positions (DSPs) under 49 CFR 571.10 and which of them are outboard under 571.3.

Numbers (docs/sources.md, reference B22): a seat location narrower than 330 mm (13 in) is not a DSP; below
1,400 mm of seating surface width the count is the width / 350 mm, at or above it the width / 450 mm, rounded down
(571.10 S4); an outboard DSP is one whose seat cushion's outboard side is less than 12 in (304.8 mm) from the
innermost interior surface (571.3). Model coordinates as the geometry's: x forward with 0 at the vehicle's front,
y left, z up, millimetres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from .model import Design
from .package import SeatKind, SeatLocation
from .units import MM_PER_IN

DSP_ROUNDING_SLACK = 1e-9  # a width that is a whole number of divisors counts that many (1,050 / 350 = 3, not 2.999…)


@dataclass(frozen=True, slots=True)
class DspFormula:
    """49 CFR 571.10 S4: the number of designated seating positions a seat location's width makes."""

    min_width_mm: float = 330.0  # narrower than this: not a designated seating position
    split_mm: float = 1400.0  # the formula changes at this width
    narrow_divisor_mm: float = 350.0  # below the split
    wide_divisor_mm: float = 450.0  # at or above it

    def positions(self, width_mm: float) -> int:
        """DSPs at a seat location `width_mm` wide: 0 below min_width_mm, else at least 1."""
        if width_mm < self.min_width_mm:
            return 0
        divisor = self.narrow_divisor_mm if width_mm < self.split_mm else self.wide_divisor_mm
        return max(1, math.floor(width_mm / divisor + DSP_ROUNDING_SLACK))

    def width_for(self, positions: int) -> float:
        """The narrowest seating surface width that makes `positions` DSPs (positions ≥ 1)."""
        if positions <= 1:
            return self.min_width_mm
        narrow = positions * self.narrow_divisor_mm
        return narrow if narrow < self.split_mm else max(self.split_mm, positions * self.wide_divisor_mm)


DSP_571_10 = DspFormula()
OUTBOARD_MM = 12 * MM_PER_IN  # 571.3: "less than 12 inches"


class SeatPlace(NamedTuple):
    """One seat location as placed in the vehicle and counted under US law (a NamedTuple: a check makes several)."""

    row: int  # 0 = front row
    index: int  # left to right
    seat: SeatLocation
    x_mm: float  # H-point, model x (0 at the vehicle's front, negative rearward)
    z_mm: float  # H-point above the ground
    left_mm: float  # model y of the seating surface's left edge
    right_mm: float  # and its right edge (left_mm > right_mm: y is positive to the left)
    dsp: int  # designated seating positions 571.10 makes of its width
    positions: int  # US seating capacity of the location: the DSPs, or more when the maker declares more
    outboard: int  # how many of its positions are outboard DSPs (0, 1 or 2)
    clear_left_mm: float  # from the left edge to the interior surface
    clear_right_mm: float

    @property
    def path(self) -> str:
        """The design path of this seat location: 'package.rows.0.seats.1'."""
        return f"package.rows.{self.row}.seats.{self.index}"

    @property
    def centre_y_mm(self) -> float:
        return 0.5 * (self.left_mm + self.right_mm)

    @property
    def rear(self) -> bool:
        return self.row > 0

    def position_centres_y(self) -> list[float]:
        """Lateral centre of each of its positions, left to right: the positions share the width equally."""
        n = max(self.positions, 1)
        step = (self.left_mm - self.right_mm) / n
        return [self.left_mm - step * (i + 0.5) for i in range(n)]


@dataclass(frozen=True, slots=True)
class Seating:
    places: tuple[SeatPlace, ...]

    @property
    def positions(self) -> int:
        """US designated seating capacity: what 571.3/567 call the designated seating capacity."""
        return sum(p.positions for p in self.places)

    @property
    def rear_positions(self) -> int:
        return sum(p.positions for p in self.places if p.rear)

    @property
    def rear_latch(self) -> int:
        return sum(min(p.seat.latch_positions, p.positions) for p in self.places if p.rear)

    def in_row(self, row: int) -> list[SeatPlace]:
        return [p for p in self.places if p.row == row]

    def at(self, path: str) -> SeatPlace | None:
        return next((p for p in self.places if path == p.path or path.startswith(p.path + ".")), None)


def _outboard(seat: SeatLocation, positions: int, clear_left: float, clear_right: float) -> int:
    if positions == 0:
        return 0
    sides = int(clear_left < OUTBOARD_MM) + int(clear_right < OUTBOARD_MM)
    if seat.kind is SeatKind.bucket or positions == 1:
        return min(sides, 1)
    return sides


def seating(design: Design, formula: DspFormula = DSP_571_10) -> Seating:
    """Every seat location of the design placed in the cabin and counted (571.10, 571.3)."""
    package = design.package
    half = package.cabin_width_mm / 2
    front_axle_x = -design.dimensions.front_overhang_mm
    places = []
    for r, row in enumerate(package.rows):
        seats = row.seats
        left = (sum(s.seating_width_mm for s in seats) + row.seat_gap_mm * (len(seats) - 1)) / 2
        x = front_axle_x - row.h_point_x_mm
        for i, seat in enumerate(seats):
            right = left - seat.seating_width_mm
            dsp = formula.positions(seat.seating_width_mm)
            positions = (dsp if dsp > seat.declared_positions else seat.declared_positions) if dsp else 0
            clear_left, clear_right = half - left, half + right
            places.append(SeatPlace(r, i, seat, x, row.h_point_z_mm, left, right, dsp, positions,
                                    _outboard(seat, positions, clear_left, clear_right), clear_left, clear_right))
            left = right - row.seat_gap_mm
    return Seating(tuple(places))


# --- the seat as drawn: one side-view profile per row, shared by the 3-D scene and the report drawing ---------------
CUSHION_LENGTH_MM = 450.0  # drawing convention: the cushion reaches this far forward of the torso line
CUSHION_BELOW_H_POINT_MM = 100.0  # drawing convention: the compressed cushion surface under the H-point
CUSHION_DEPTH_MM = 150.0  # drawing convention: the cushion's thickness (the riser under it, to the floor, is not drawn)
BACK_LENGTH_MM = 600.0  # drawing convention: a seat back without a head restraint ends this far up the torso line
HEAD_RESTRAINT_DEPTH_MM = 200.0  # drawing convention: the head restraint's extent along the torso line


@dataclass(frozen=True, slots=True)
class SeatProfile:
    """A row's seat in side view, model (x, z) in mm: x forward (0 at the vehicle's front), z up.

    The torso line runs from the H-point up and rearward at the seat-back angle; the seat back is the band between
    it and a parallel line `back_thickness_mm` behind it; the head restraint's top lies on the torso line at its
    height above the H-point (what FMVSS 202a measures and the rules check). The cushion follows the drawing
    conventions above, no lower than the floor (H5 − H30): a seat over a wheel house or an engine stands on it, not on
    the floor of the footwell. Every polygon is closed (last point = first).
    """

    h_point: tuple[float, float]
    torso_top: tuple[float, float]  # the end of the torso line: the head restraint's top, or the back's
    cushion: tuple[tuple[float, float], ...]
    back: tuple[tuple[float, float], ...]
    head_restraint: tuple[tuple[float, float], ...]  # empty when none is fitted
    floor_z: float


def torso_top_z(z_mm: float, back_angle_deg: float, head_restraint_mm: float | None) -> float:
    """Height above the ground (mm) of the end of the torso line of a seat whose H-point is z_mm high: the head
    restraint's top, or the back's (BACK_LENGTH_MM) without one; SeatProfile.torso_top[1] without the profile."""
    top = head_restraint_mm if head_restraint_mm is not None else BACK_LENGTH_MM
    return z_mm + math.cos(math.radians(back_angle_deg)) * top


def seat_profile(x_mm: float, z_mm: float, back_angle_deg: float, back_thickness_mm: float, floor_z_mm: float,
                 head_restraint_mm: float | None) -> SeatProfile:
    """The side-view profile of a seat whose H-point is at model (x_mm, z_mm); see SeatProfile."""
    angle = math.radians(back_angle_deg)
    up = (-math.sin(angle), math.cos(angle))  # along the torso line, leaning rearward (x decreases)
    back_dir = (-math.cos(angle), -math.sin(angle))  # from the torso line towards the back's rear face

    def at(along: float, behind: float = 0.0) -> tuple[float, float]:
        return (x_mm + up[0] * along + back_dir[0] * behind, z_mm + up[1] * along + back_dir[1] * behind)

    top = head_restraint_mm if head_restraint_mm is not None else BACK_LENGTH_MM
    back_top = top - HEAD_RESTRAINT_DEPTH_MM if head_restraint_mm is not None else top
    cushion_top = z_mm - CUSHION_BELOW_H_POINT_MM
    base = min(max(floor_z_mm, cushion_top - CUSHION_DEPTH_MM), cushion_top - 1.0)
    rear = x_mm - back_thickness_mm
    cushion = ((rear, base), (x_mm + CUSHION_LENGTH_MM, base), (x_mm + CUSHION_LENGTH_MM, cushion_top),
               (rear, cushion_top), (rear, base))
    back = (at(-CUSHION_BELOW_H_POINT_MM), at(back_top), at(back_top, back_thickness_mm),
            at(-CUSHION_BELOW_H_POINT_MM, back_thickness_mm), at(-CUSHION_BELOW_H_POINT_MM))
    head = ()
    if head_restraint_mm is not None:
        depth = min(back_thickness_mm, 120.0)
        head = (at(back_top), at(top), at(top, depth), at(back_top, depth), at(back_top))
    return SeatProfile((x_mm, z_mm), at(top), cushion, back, head, floor_z_mm)


def place_profile(design: Design, place: SeatPlace) -> SeatProfile:
    """The profile of the seat location `place` of `design` (its row's H-point, angle and floor; its own head
    restraint)."""
    row = design.package.rows[place.row]
    return seat_profile(place.x_mm, place.z_mm, row.back_angle_deg, row.back_thickness_mm, row.floor_z_mm,
                        place.seat.head_restraint_mm)
