"""An occupant package estimated from a seat count, for designs that never drew their seats (files before format
version 3). Marked `estimated` until the designer edits it.

Every figure here is a layout estimate, not a regulatory number, chosen so that the estimate keeps the design's
seat count under 49 CFR 571.10 and fits any valid body (docs/sources.md, "Estimated package"):
- shoulder room = body width − 140 mm (current kei cars: 125–205 mm between body width and interior width);
- front row: one bucket per seat up to two (480 mm seating surface, 60 mm apart), or a bench when the row takes
  three or four, or when two buckets of at least 330 mm do not fit; further rows: one bench each;
- a bench for n is min(n × 450 mm, (n + 1) × 350 mm − 10 mm) wide (so that 571.10 counts no more than n), n × 450 mm
  for four, narrowed to the shoulder room when wider;
- rows at the body style's screening positions (fractions of the length from the front), 20 % of the length
  apart beyond them;
- floor 12 % of the body height above the ground clearance, H-point 18 % above the floor (50–350 mm), headliner
  4 % of the height (at least 40 mm) below the roof;
- seat back 25° from vertical (18° in a cab-over truck), 100 mm thick;
- front seats with a head restraint 800 mm above the H-point (lower where the headliner stops it) at 50 mm backset,
  rear seats without;
- every seat with the file's belt type; LATCH positions (each with its tether) spread over the rear seats first,
  then the front.
"""

from __future__ import annotations

import math
from typing import Any

from .model import BodyStyle
from .package import MAX_ROWS, MAX_SEATS_PER_ROW

BUCKET_MM = 480.0
BUCKET_MIN_MM = 330.0
BUCKET_GAP_MM = 60.0
CABIN_INSET_MM = 140.0
HEAD_RESTRAINT_MM = 800.0


def _bench_width(n: int) -> float:
    return 4 * 450.0 if n >= 4 else min(n * 450.0, (n + 1) * 350.0 - 10.0)


def _rows_of(seats: int, single_row: bool) -> list[int]:
    """Seats per row, front to back."""
    if single_row and seats <= MAX_SEATS_PER_ROW:
        return [seats]
    front = min(seats, 1 if seats == 1 else 2)
    rest = seats - front
    rear_rows = min(MAX_ROWS - 1, max(1, math.ceil(rest / 3))) if rest else 0
    counts = [front]
    for i in range(rear_rows):
        share = math.ceil(rest / (rear_rows - i))
        counts.append(min(share, MAX_SEATS_PER_ROW))
        rest -= counts[-1]
    return counts


def _seat(kind: str, width: float, n: int, belt: str, head_restraint: float | None) -> dict[str, Any]:
    return {"kind": kind, "seating_width_mm": width, "declared_positions": n, "belt": belt,
            "head_restraint_mm": head_restraint, "backset_mm": 50.0, "latch_positions": 0, "tether_positions": 0}


def _row_seats(n: int, front: bool, cabin: float, belt: str,
               head_restraint: float | None) -> tuple[list[dict[str, Any]], float]:
    restraint = head_restraint if front else None
    if front and n <= 2:
        width = min(BUCKET_MM, (cabin - BUCKET_GAP_MM * (n - 1)) / n)
        if width >= BUCKET_MIN_MM:
            return [_seat("bucket", width, 1, belt, restraint) for _ in range(n)], BUCKET_GAP_MM
    if n == 1:
        return [_seat("bucket", min(BUCKET_MM, cabin), 1, belt, restraint)], 0.0
    return [_seat("bench", min(_bench_width(n), cabin), n, belt, restraint)], 0.0


def estimated_package(body_style: str, dimensions: dict[str, float], seats: int, belt: str,
                      latch: int) -> dict[str, Any]:
    """A package (as file data) for `seats` people in a body of these dimensions; see the module text."""
    style = BodyStyle(body_style)
    traits = style.traits
    length, width, height = dimensions["length_mm"], dimensions["width_mm"], dimensions["height_mm"]
    clearance, overhang = dimensions["ground_clearance_mm"], dimensions["front_overhang_mm"]
    cabin = width - CABIN_INSET_MM
    body = height - clearance
    floor = clearance + 0.12 * body
    seat_height = min(max(0.18 * body, 50.0), 350.0)
    headliner = height - max(40.0, 0.04 * height)
    rows = []
    counts = _rows_of(max(seats, 1), len(traits.row_positions) == 1)
    for r, n in enumerate(counts):
        at = (traits.row_positions[r] if r < len(traits.row_positions)
              else traits.row_positions[-1] + 0.2 * (r - len(traits.row_positions) + 1))
        at = min(at, 0.9 - 0.02 * (len(counts) - 1 - r))
        angle = 18.0 if traits.cab_over and r == 0 else 25.0
        # 800 mm, or as high as the headliner lets it (a low roadster's roof stops it): never through the roof
        reach = (headliner - floor - seat_height) / math.cos(math.radians(angle)) - 1.0
        restraint = min(HEAD_RESTRAINT_MM, math.floor(reach)) if reach >= 300.0 else None
        row_seats, gap = _row_seats(n, r == 0, cabin, belt, restraint)
        rows.append({
            "h_point_x_mm": round(at * length - overhang, 1), "h_point_z_mm": round(floor + seat_height, 1),
            "seat_height_mm": round(seat_height, 1), "back_angle_deg": angle,
            "back_thickness_mm": 100.0, "seat_gap_mm": gap, "seats": row_seats,
        })
    for row in rows[1:] + rows[:1]:
        for seat in row["seats"]:
            seat["latch_positions"] = seat["tether_positions"] = min(latch, seat["declared_positions"])
            latch -= seat["latch_positions"]
    return {"cabin_width_mm": cabin, "headliner_height_mm": round(headliner, 1), "rows": rows, "estimated": True}
