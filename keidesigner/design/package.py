"""The occupant package: seat rows, seat locations, head restraints, belts and LATCH, and the cabin around them.

Positions use SAE J1100 terms. The H-point (SgRP for a design) of a row is placed by its distance behind the front
wheel centreline (J1100 L114 for the front row; negative ahead of it, as in a cab-over) and its height above the
ground (J1100 H5); H30 is its height above the heel point on the floor, A40 the seat-back angle from vertical. Seat
locations of a row are listed from left to right as seen from the seat, facing forward, and stand side by side on
the vehicle's centre line with `seat_gap_mm` between neighbours; the cabin's shoulder room (J1100 W3) and its
headliner height bound them.

What a seat location counts as under US law (designated seating positions, outboard or not) is derived from these
fields in `seating.py`, never typed in.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .fields import Frozen, choice, flag, quantity
from .message import FieldValueError, Msg, Num


class SeatKind(StrEnum):
    bucket = "bucket"
    bench = "bench"


class SeatBelts(StrEnum):
    lap_shoulder = "lap_shoulder"  # FMVSS 209 Type 2
    lap = "lap"  # Type 1
    none = "none"


MAX_ROWS = 3
MAX_SEATS_PER_ROW = 4
ROW_WIDTH_SLACK_MM = 1e-9  # float noise allowed when a row's seats and gaps fill the shoulder room exactly


class SeatLocation(Frozen):
    kind: SeatKind = choice(title="Seat kind", description="A bucket seat for one, or a bench.")
    seating_width_mm: float = quantity(
        title="Seating surface width", unit="mm", ge=200, le=2400, step=5,
        description="Width of the seat cushion's seating surface as 49 CFR 571.10 measures it: it decides how many "
        "designated seating positions the location is.",
    )
    declared_positions: int = Field(
        ..., title="Declared positions", ge=1, le=4,
        description="People the maker designs this seat for (Japan's riding capacity); a belt is fitted at each.",
        json_schema_extra={"unit": "positions", "step": 1},
    )
    belt: SeatBelts = choice(title="Belts", description="Belt type fitted at each declared position.")
    head_restraint_mm: float | None = quantity(
        title="Head restraint height", unit="mm", ge=300, le=1200, step=5,
        description="Top of the head restraint above the H-point, measured along the torso line (FMVSS 202a); "
        "empty when none is fitted.",
    )
    backset_mm: float = quantity(
        title="Backset", unit="mm", ge=0, le=300, step=1,
        description="Horizontal distance from the back of the head form to the head restraint at the design "
        "seat-back angle (FMVSS 202a); ignored without a head restraint.",
    )
    latch_positions: int = Field(
        ..., title="LATCH positions", ge=0, le=4,
        description="Positions of this seat with a child restraint anchorage system: two lower anchorages and a "
        "top tether (FMVSS 225).",
        json_schema_extra={"unit": "positions", "step": 1},
    )
    tether_positions: int = Field(
        ..., title="Tether positions", ge=0, le=4,
        description="Positions of this seat with a top tether anchorage (FMVSS 225 S6), the LATCH positions "
        "included.",
        json_schema_extra={"unit": "positions", "step": 1},
    )

    @model_validator(mode="after")
    def _anchorages_at_positions(self) -> SeatLocation:
        if self.latch_positions > self.tether_positions:
            raise FieldValueError("tether_positions", fewer_tethers_than_latch_message(
                self.tether_positions, self.latch_positions))
        if self.tether_positions > self.declared_positions:
            raise FieldValueError("tether_positions", more_tethers_than_positions_message(
                self.tether_positions, self.declared_positions))
        if self.kind is SeatKind.bucket and self.declared_positions > 1:
            raise FieldValueError("declared_positions", bucket_for_one_message())
        return self


class SeatRow(Frozen):
    h_point_x_mm: float = quantity(
        title="H-point behind front axle", unit="mm", ge=-2000, le=6000, step=5,
        description="H-point (SgRP) behind the front wheel centreline, SAE J1100 L114; negative ahead of it "
        "(a cab-over's front row).",
    )
    h_point_z_mm: float = quantity(
        title="H-point height", unit="mm", ge=150, le=2500, step=5,
        description="H-point (SgRP) above the ground at curb weight, SAE J1100 H5.",
    )
    seat_height_mm: float = quantity(
        title="Seat height (H30)", unit="mm", ge=50, le=800, step=5,
        description="H-point above the heel point on the floor, SAE J1100 H30.",
    )
    back_angle_deg: float = quantity(
        title="Seat-back angle", unit="°", ge=0, le=45, step=0.5,
        description="Torso line angle from vertical at the design seat-back position, SAE J1100 A40.",
    )
    back_thickness_mm: float = quantity(
        title="Seat-back thickness", unit="mm", ge=20, le=400, step=5,
        description="From the torso line to the back face of the seat back: what the knees of the row behind "
        "must clear.",
    )
    seat_gap_mm: float = quantity(
        title="Gap between seats", unit="mm", ge=0, le=1000, step=5,
        description="Lateral space between neighbouring seat locations of the row (console, aisle).",
    )
    seats: tuple[SeatLocation, ...] = Field(
        ..., title="Seat locations", min_length=1, max_length=MAX_SEATS_PER_ROW,
        description="Seat locations from left to right, facing forward.",
    )

    @property
    def floor_z_mm(self) -> float:
        """Height of the heel point (the floor under the row) above the ground."""
        return self.h_point_z_mm - self.seat_height_mm

    @property
    def occupied_width_mm(self) -> float:
        return occupied_width_mm(tuple(s.seating_width_mm for s in self.seats), self.seat_gap_mm)


class Package(Frozen):
    cabin_width_mm: float = quantity(
        title="Shoulder room", unit="mm", ge=400, le=2500, step=5,
        description="Interior width at shoulder height, door trim to door trim, SAE J1100 W3.",
    )
    headliner_height_mm: float = quantity(
        title="Headliner height", unit="mm", ge=500, le=3000, step=5,
        description="Underside of the roof lining above the ground over the seats.",
    )
    rows: tuple[SeatRow, ...] = Field(
        ..., title="Seat rows", min_length=1, max_length=MAX_ROWS, description="Seat rows from front to back.",
    )
    estimated: bool = flag(
        title="Estimated package",
        description="Set when the package was estimated from an older file's seat count; cleared by any edit of "
        "the package.",
    )

    @model_validator(mode="after")
    def _rows_fit(self) -> Package:
        for i, row in enumerate(self.rows):
            if row.occupied_width_mm > self.cabin_width_mm + ROW_WIDTH_SLACK_MM:
                # the seats and gaps together: whichever of them was just changed, the row is what does not fit
                raise FieldValueError(f"rows.{i}.seats" if len(row.seats) > 1 else
                                      f"rows.{i}.seats.0.seating_width_mm", row_too_wide_message(
                    tuple(s.seating_width_mm for s in row.seats), row.seat_gap_mm, self.cabin_width_mm))
            if row.h_point_z_mm >= self.headliner_height_mm:
                raise FieldValueError(f"rows.{i}.h_point_z_mm", h_point_above_headliner_message(
                    row.h_point_z_mm, self.headliner_height_mm))
            if i and row.h_point_x_mm <= self.rows[i - 1].h_point_x_mm:
                raise FieldValueError(f"rows.{i}.h_point_x_mm", row_not_behind_message(
                    row.h_point_x_mm, self.rows[i - 1].h_point_x_mm))
        return self


def occupied_width_mm(seating_widths_mm: tuple[float, ...], seat_gap_mm: float) -> float:
    """The width (mm) a row's seats take side by side with `seat_gap_mm` between neighbours; the seats' widths
    left to right (at least one)."""
    return sum(seating_widths_mm) + seat_gap_mm * (len(seating_widths_mm) - 1)


# --- the validators' refusals ------------------------------------------------------------------------------------
# Each message is made by one function from the values the validator reads, so that the batch engine's twin of a
# validator (batch/validate.py) gives a refused variant the very text the model gives it, without building the model.

def fewer_tethers_than_latch_message(tether_positions: int, latch_positions: int) -> Msg:
    """SeatLocation: more LATCH positions than tether positions (whole numbers)."""
    return Msg("{0} tethers but {1} LATCH positions; each LATCH position has a tether", tether_positions,
               latch_positions)


def more_tethers_than_positions_message(tether_positions: int, declared_positions: int) -> Msg:
    """SeatLocation: more tether positions than declared positions (whole numbers)."""
    return Msg("{0} tether positions on a seat declared for {1}", tether_positions, declared_positions)


def bucket_for_one_message() -> Msg:
    """SeatLocation: a bucket seat declared for more than one."""
    return Msg("a bucket seat is for one person; make it a bench")


def row_too_wide_message(seating_widths_mm: tuple[float, ...], seat_gap_mm: float, cabin_width_mm: float) -> Msg:
    """Package: a row's seats and gaps (mm; the seats' widths left to right) wider than the shoulder room (mm)."""
    return Msg("the row's seats and gaps take {0}, more than the {1} shoulder room",
               Num(occupied_width_mm(seating_widths_mm, seat_gap_mm), "mm", exact=True),
               Num(cabin_width_mm, "mm", exact=True))


def h_point_above_headliner_message(h_point_z_mm: float, headliner_height_mm: float) -> Msg:
    """Package: a row's H-point height (mm) at or above the headliner (mm)."""
    return Msg("{0} is not below the headliner at {1}", Num(h_point_z_mm, "mm", exact=True),
               Num(headliner_height_mm, "mm", exact=True))


def row_not_behind_message(h_point_x_mm: float, ahead_h_point_x_mm: float) -> Msg:
    """Package: a row's H-point (mm behind the front axle) not behind the H-point of the row ahead (mm)."""
    return Msg("{0} is not behind the row ahead ({1}); rows are listed front to back",
               Num(h_point_x_mm, "mm", exact=True), Num(ahead_h_point_x_mm, "mm", exact=True))
