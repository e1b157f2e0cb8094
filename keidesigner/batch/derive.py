"""The derived figures of many variants: design/derived.py and design/seating.py over arrays, operation for
operation (the same order of float operations, so the same bits), each figure a twin with its inputs declared.

Every key of design.derived.FIGURES is a twin here, plus what else of derived.Derived the rules read: the flags
'cg_estimated' and 'front_axle_estimated', and the seat locations' figures 'seating.dsp', 'seating.positions',
'seating.outboard' and 'seating.x_mm', each a tuple with one value per seat location of the base design (their
number and kinds never vary). Shapes: a figure is an array (n,) where it depends
on a varied field, else a scalar. Units as in derived.Derived (mm, kg, kW, g, ft², %, seats).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..design.derived import (
    CG_POWERTRAIN_SHIFT,
    FOOTPRINT_PLACES,
    FRONT_AXLE_PCT,
    OCCUPANT_MASS_KG,
    crash_deceleration_g,
)
from ..design.seating import DSP_ROUNDING_SLACK, OUTBOARD_MM, DspFormula
from ..design.units import MM2_PER_FT2
from .exact import py_round
from .twin import View, figure, total

WIDTH = "package.rows.*.seats.*.seating_width_mm"
DECLARED = "package.rows.*.seats.*.declared_positions"
SEAT_KIND = "package.rows.*.seats.*.kind"
SEAT_GAP = "package.rows.*.seat_gap_mm"
CABIN = "package.cabin_width_mm"
H_POINT_X = "package.rows.*.h_point_x_mm"
LENGTH, WHEELBASE, OVERHANG = "dimensions.length_mm", "dimensions.wheelbase_mm", "dimensions.front_overhang_mm"
CURB = "mass.curb_mass_kg"


def dsp_count(formula: DspFormula, width: Any) -> Any:
    """DspFormula.positions over arrays: 0 under the minimum width, else ⌊width / divisor⌋, at least 1."""
    divisor = np.where(np.less(width, formula.split_mm), formula.narrow_divisor_mm, formula.wide_divisor_mm)
    count = np.maximum(1.0, np.floor(width / divisor + DSP_ROUNDING_SLACK))
    return np.where(np.less(width, formula.min_width_mm), 0.0, count)


def dsp_width_for(formula: DspFormula, positions: Any) -> Any:
    """DspFormula.width_for over arrays: the narrowest width that makes `positions` DSPs."""
    narrow = positions * formula.narrow_divisor_mm
    wide = np.where(np.less(narrow, formula.split_mm), narrow,
                    np.maximum(formula.split_mm, positions * formula.wide_divisor_mm))
    return np.where(np.less_equal(positions, 1), formula.min_width_mm, wide)


# --- the seat locations (seating.seating) --------------------------------------------------------------------------

@figure("seating.dsp", inputs=(WIDTH,))
def _seating_dsp(v: View) -> tuple:
    return tuple(dsp_count(v.dsp, v.field(f"{p.path}.seating_width_mm")) for p in v.places)


@figure("seating.positions", inputs=(DECLARED, "derived.seating.dsp"))
def _seating_positions(v: View) -> tuple:
    """The DSPs, or the declared positions where more; none where the location makes no DSP."""
    out = []
    for p, dsp in zip(v.places, v.figure("seating.dsp")):
        declared = v.field(f"{p.path}.declared_positions")
        out.append(np.where(dsp == 0, 0.0, np.where(np.greater(dsp, declared), dsp, declared)))
    return tuple(out)


@figure("seating.outboard", inputs=(CABIN, WIDTH, SEAT_GAP, SEAT_KIND, "derived.seating.positions"))
def _seating_outboard(v: View) -> tuple:
    """seating._outboard at each location: how many of its positions are outboard (571.3, within OUTBOARD_MM of
    the interior surface), the seats laid side by side on the centre line as seating.seating lays them."""
    half = v.field(CABIN) / 2
    positions = v.figure("seating.positions")
    out = []
    k = 0
    by_row: dict[int, list] = {}
    for p in v.places:
        by_row.setdefault(p.row, []).append(p)
    for r, seats in by_row.items():
        gap = v.field(f"package.rows.{r}.seat_gap_mm")
        widths = [v.field(f"{p.path}.seating_width_mm") for p in seats]
        left = (total(widths) + gap * (len(seats) - 1)) / 2
        for p, width in zip(seats, widths):
            right = left - width
            clear_left, clear_right = half - left, half + right
            sides = np.less(clear_left, OUTBOARD_MM).astype(np.float64) + np.less(clear_right, OUTBOARD_MM)
            count = positions[k]
            one = np.minimum(sides, 1.0)
            outboard = one if p.kind == "bucket" else np.where(count == 1, one, sides)
            out.append(np.where(count == 0, 0.0, outboard))
            left = right - gap
            k += 1
    return tuple(out)


@figure("seating.x_mm", inputs=(OVERHANG, H_POINT_X))
def _seating_x(v: View) -> tuple:
    """Each location's H-point in model x: 0 at the vehicle's front, negative rearward (SeatPlace.x_mm)."""
    front_axle_x = -v.field(OVERHANG)
    return tuple(front_axle_x - v.field(f"package.rows.{p.row}.h_point_x_mm") for p in v.places)


# --- derived.derive ----------------------------------------------------------------------------------------------

@figure("seats", inputs=("derived.seating.positions",))
def _seats(v: View) -> Any:
    return total(v.figure("seating.positions"))


@figure("rear_seats", inputs=("derived.seating.positions",))
def _rear_seats(v: View) -> Any:
    return total(n for p, n in zip(v.places, v.figure("seating.positions")) if p.rear)


@figure("rear_overhang_mm", inputs=(LENGTH, WHEELBASE, OVERHANG))
def _rear_overhang(v: View) -> Any:
    return v.field(LENGTH) - v.field(WHEELBASE) - v.field(OVERHANG)


@figure("min_gvwr_kg", inputs=(CURB, "occupancy.payload_kg", "derived.seats"))
def _min_gvwr(v: View) -> Any:
    return v.field(CURB) + OCCUPANT_MASS_KG * v.figure("seats") + v.field("occupancy.payload_kg")


@figure("gvwr_kg", inputs=("mass.rated_gvwr_kg", "derived.min_gvwr_kg"))
def _gvwr(v: View) -> Any:
    rated = v.field("mass.rated_gvwr_kg")
    return rated if rated is not None else v.figure("min_gvwr_kg")


@figure("average_track_mm", inputs=("dimensions.front_track_mm", "dimensions.rear_track_mm"))
def _average_track(v: View) -> Any:
    return (v.field("dimensions.front_track_mm") + v.field("dimensions.rear_track_mm")) / 2


@figure("footprint_ft2", inputs=(WHEELBASE, "derived.average_track_mm"))
def _footprint(v: View) -> Any:
    return py_round(v.field(WHEELBASE) * v.figure("average_track_mm") / MM2_PER_FT2, FOOTPRINT_PLACES)


@figure("cg_height_mm", inputs=("mass.cg_height_mm", "dimensions.ground_clearance_mm", "dimensions.height_mm",
                                "body_style", "powertrain.kind"))
def _cg_height(v: View) -> Any:
    entered = v.field("mass.cg_height_mm")
    if entered is not None:
        return entered
    k = v.field("body_style").traits.cg_fraction + CG_POWERTRAIN_SHIFT[v.field("powertrain.kind")]
    clearance = v.field("dimensions.ground_clearance_mm")
    return clearance + k * (v.field("dimensions.height_mm") - clearance)


@figure("cg_estimated", inputs=("mass.cg_height_mm",))
def _cg_estimated(v: View) -> Any:
    return v.field("mass.cg_height_mm") is None


@figure("ssf", inputs=("derived.average_track_mm", "derived.cg_height_mm"))
def _ssf(v: View) -> Any:
    return v.figure("average_track_mm") / (2 * v.figure("cg_height_mm"))


_PEAK_POWER = {"gas": "powertrain.engine_power_kw", "electric": "powertrain.motor_power_kw",
               "hybrid": "powertrain.system_power_kw"}


@figure("peak_power_kw", inputs=("powertrain.kind", *_PEAK_POWER.values()))
def _peak_power(v: View) -> Any:
    kind = v.field("powertrain.kind")
    if kind == "hybrid":  # HybridPowertrain.peak_power_kw: the engine's where it is typed above the system power
        return np.maximum(v.field(_PEAK_POWER[kind]), v.field("powertrain.engine_power_kw"))
    return v.field(_PEAK_POWER[kind])


@figure("crush_length_mm", inputs=(OVERHANG, "front_end.firewall_x_mm", "front_end.block_length_mm"))
def _crush_length(v: View) -> Any:
    return v.field(OVERHANG) + v.field("front_end.firewall_x_mm") - v.field("front_end.block_length_mm")


@figure("crash_decel_g", inputs=("derived.crush_length_mm",))
def _crash_decel(v: View) -> Any:
    return crash_deceleration_g(v.figure("crush_length_mm"))


@figure("curb_front_axle_pct", inputs=("mass.curb_front_axle_pct", "body_style", "powertrain.kind"))
def _front_axle_pct(v: View) -> Any:
    share = v.field("mass.curb_front_axle_pct")
    return share if share is not None else FRONT_AXLE_PCT[v.field("body_style"), v.field("powertrain.kind")]


@figure("front_axle_estimated", inputs=("mass.curb_front_axle_pct",))
def _front_axle_estimated(v: View) -> Any:
    return v.field("mass.curb_front_axle_pct") is None


@figure("curb_front_axle_kg", inputs=(CURB, "derived.curb_front_axle_pct"))
def _curb_front(v: View) -> Any:
    return v.field(CURB) * v.figure("curb_front_axle_pct") / 100


@figure("curb_rear_axle_kg", inputs=(CURB, "derived.curb_front_axle_kg"))
def _curb_rear(v: View) -> Any:
    return v.field(CURB) - v.figure("curb_front_axle_kg")


@figure("gvwr_front_axle_kg", inputs=(CURB, OVERHANG, WHEELBASE, LENGTH, "body_style", "derived.curb_front_axle_kg",
                                      "derived.seating.positions", "derived.seating.x_mm", "derived.seats",
                                      "derived.gvwr_kg"))
def _gvwr_front(v: View) -> Any:
    """derived.gvwr_front_axle_kg: an occupant at each DSP at its row's H-point, the rest of the GVWR at the middle
    of the cargo area, by the lever rule over the wheelbase (derived.front_axle_share)."""
    overhang, wheelbase = v.field(OVERHANG), v.field(WHEELBASE)

    def front_share(position: Any) -> Any:
        return (overhang + wheelbase - position) / wheelbase

    front = v.figure("curb_front_axle_kg")
    for positions, x in zip(v.figure("seating.positions"), v.figure("seating.x_mm")):
        front = front + OCCUPANT_MASS_KG * positions * front_share(-x)
    curb = v.field(CURB)
    cargo = np.maximum(v.figure("gvwr_kg") - curb - OCCUPANT_MASS_KG * v.figure("seats"), 0.0)
    span = v.field("body_style").traits.cargo_span
    cargo_at = 0.5 * (span[0] + span[1]) * v.field(LENGTH)
    return front + cargo * front_share(cargo_at)


@figure("gvwr_rear_axle_kg", inputs=("derived.gvwr_kg", "derived.gvwr_front_axle_kg"))
def _gvwr_rear(v: View) -> Any:
    return v.figure("gvwr_kg") - v.figure("gvwr_front_axle_kg")
