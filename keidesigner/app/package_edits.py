"""Structural edits of the occupant package: a seat row or seat location added or removed.

Each returns the design's plain data with the change made and the undo text for it, for `DesignDocument.set_data`
to validate and push as one step; a change the package cannot take (more than MAX_ROWS rows, fewer than one seat,
no room left in the row) raises EditError with a message that says what to do. A new row or seat copies its
neighbour, placed where it fits. No Qt here: it is design logic that lives beside the one widget that uses it.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from ..design import Design, EditError
from ..design.edit import plain
from ..design.message import Msg, Num
from ..design.package import MAX_ROWS, MAX_SEATS_PER_ROW, SeatKind
from ..design.seating import DSP_571_10, DspFormula

NEW_ROW_SPACING_MM = 850.0  # between the H-points of a lone row and a row added behind it (a kei's rear row)
WIDTH_STEP_MM = 5.0  # a narrowed new seat's width is a multiple of the field's step


def _rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["package"]["rows"]


def _edited(data: dict[str, Any]) -> dict[str, Any]:
    data["package"]["estimated"] = False  # the designer has drawn the package now
    return data


def add_row(design: Design) -> tuple[dict[str, Any], str]:
    """A row behind the last, a copy of it as far behind it as it is behind the row ahead (or 850 mm)."""
    data = plain(design)
    rows = _rows(data)
    if len(rows) >= MAX_ROWS:
        raise EditError("package.rows", Msg("the package has {0} seat rows, the most a design takes", MAX_ROWS))
    last = rows[-1]
    spacing = last["h_point_x_mm"] - rows[-2]["h_point_x_mm"] if len(rows) > 1 else NEW_ROW_SPACING_MM
    row = copy.deepcopy(last)
    row["h_point_x_mm"] = last["h_point_x_mm"] + spacing
    rows.append(row)
    return _edited(data), f"Add row {len(rows)}"


def remove_row(design: Design, index: int) -> tuple[dict[str, Any], str]:
    data = plain(design)
    rows = _rows(data)
    if len(rows) <= 1:
        raise EditError("package.rows", Msg("the package has one seat row, and a design needs at least one"))
    if not 0 <= index < len(rows):
        raise EditError("package.rows", Msg("there is no row {0}", index + 1))
    del rows[index]
    return _edited(data), f"Remove row {index + 1}"


def add_seat(design: Design, row_index: int,
             formula: DspFormula = DSP_571_10) -> tuple[dict[str, Any], str | Msg]:
    """A seat location at the right end of a row, a copy of its neighbour. Where the copy does not fit, it takes
    the shoulder room left if that is a designated seating position's width (330 mm) or more; else the row's seats
    share the room equally, each narrowed to its share where it is wider (the undo text says so). The copy declares
    no more positions than its width makes. Refused when a share would be under 330 mm, or the row is full."""
    data = plain(design)
    rows = _rows(data)
    if not 0 <= row_index < len(rows):
        raise EditError("package.rows", Msg("there is no row {0}", row_index + 1))
    row = rows[row_index]
    seats = row["seats"]
    where = f"package.rows.{row_index}"
    if len(seats) >= MAX_SEATS_PER_ROW:
        raise EditError(where, Msg("row {0} has {1} seat locations, the most a row takes", row_index + 1,
                                   MAX_SEATS_PER_ROW))
    cabin = data["package"]["cabin_width_mm"]
    gap = row["seat_gap_mm"]
    taken = sum(s["seating_width_mm"] for s in seats) + gap * (len(seats) - 1)
    left = _down(cabin - taken - gap)
    share = _down((cabin - gap * len(seats)) / (len(seats) + 1))
    seat = copy.deepcopy(seats[-1])
    text: str | Msg = f"Add seat (row {row_index + 1})"
    if seat["seating_width_mm"] <= left:
        pass
    elif left >= formula.min_width_mm:
        _narrow(seat, left, formula)
    elif share >= formula.min_width_mm:
        for other in seats:
            other["seating_width_mm"] = min(other["seating_width_mm"], share)
        _narrow(seat, share, formula)
        text = Msg("Add seat (row {0}), its seats narrowed to {1}", row_index + 1, Num(share, "mm", exact=True))
    else:
        raise EditError(where, Msg(
            "no room for another seat in row {0}: {1} of shoulder room shared by {2} seats with {3} gaps leaves "
            "each less than the {4} a designated seating position needs; narrow the gap or widen the shoulder room",
            row_index + 1, Num(cabin, "mm", exact=True), len(seats) + 1, Num(gap, "mm", exact=True),
            Num(formula.min_width_mm, "mm", exact=True)))
    seats.append(seat)
    return _edited(data), text


def _down(width: float) -> float:
    """A width rounded down to the field's step."""
    return math.floor(width / WIDTH_STEP_MM + 1e-9) * WIDTH_STEP_MM


def _narrow(seat: dict[str, Any], width: float, formula: DspFormula) -> None:
    """A new seat copied from a wider one, at `width`: no more declared positions than the width makes, and what
    follows from that (a bench for one becomes a bucket)."""
    seat["seating_width_mm"] = width
    declared = max(1, min(seat["declared_positions"], formula.positions(width)))
    seat["declared_positions"] = declared
    seat["tether_positions"] = min(seat["tether_positions"], declared)
    seat["latch_positions"] = min(seat["latch_positions"], seat["tether_positions"])
    if declared == 1 and seat["kind"] == SeatKind.bench:
        seat["kind"] = SeatKind.bucket


def remove_seat(design: Design, row_index: int, index: int) -> tuple[dict[str, Any], str]:
    data = plain(design)
    rows = _rows(data)
    if not 0 <= row_index < len(rows) or not 0 <= index < len(rows[row_index]["seats"]):
        raise EditError("package.rows", Msg("there is no seat {0} in row {1}", index + 1, row_index + 1))
    seats = rows[row_index]["seats"]
    if len(seats) <= 1:
        raise EditError(f"package.rows.{row_index}", Msg(
            "row {0} has one seat location, and a row needs at least one; remove the row instead", row_index + 1)
            if len(rows) > 1 else Msg("this is the design's only seat location"))
    del seats[index]
    return _edited(data), f"Remove seat (row {row_index + 1}, seat {index + 1})"


def bucket_changes(design: Design, path: str) -> dict[str, Any]:
    """Choosing 'bucket' for a seat location makes it a seat for one: its declared, tether and LATCH positions
    follow in the same step (a bucket declared for two is refused, and the user asked for a bucket)."""
    seat_path = path.rsplit(".", 1)[0]
    parts = seat_path.split(".")
    seat = design.package.rows[int(parts[2])].seats[int(parts[4])]
    changes: dict[str, Any] = {}
    if seat.declared_positions > 1:
        changes[f"{seat_path}.declared_positions"] = 1
    for name in ("tether_positions", "latch_positions"):
        if getattr(seat, name) > 1:
            changes[f"{seat_path}.{name}"] = 1
    return changes
