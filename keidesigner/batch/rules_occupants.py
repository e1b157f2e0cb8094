"""Twins of the occupant package rules (rules/occupants.py): one finding per seat location or row, as the scalar
rules make them, with the same ids (rules.occupants._names).

A head restraint's two findings exist only where the seat location has an outboard position; where a variant's seat
widths leave it none, its Outcome is not `present` (the result holds MISSING there).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..design.package import SeatBelts
from ..rules import occupants as occ
from ..rules.settings import SITTING_HEIGHT_MM
from .derive import dsp_width_for
from .exact import cos_deg, tan_deg
from .outcome import FAIL, NOT_APPLICABLE, PASS, WARN, Outcome, bounded, choose, equipment
from .rules_us import GVWR
from .twin import View, total, twin

SEATS = "package.rows.*.seats.*"


def _latch_scope_out(v: View) -> Any:
    """occupants._latch_scope: LSVs, and trucks and MPVs over 8,500 lb GVWR, are outside FMVSS 225."""
    if v.is_lsv:
        return True
    if v.us_class.value == "passenger_car":
        return False
    return np.greater(v.figure("gvwr_kg"), occ.LATCH_GVWR_SCOPE_KG)


# --- 571.10 designated seating positions ---------------------------------------------------------------------------

@twin(occ.seat_positions, "us", inputs=(f"{SEATS}.seating_width_mm", f"{SEATS}.declared_positions", f"{SEATS}.kind"))
def seat_positions(v: View) -> dict:
    """At least 330 mm to be a DSP, and narrower than the width that would make one more than declared."""
    out = {}
    for p in v.places:
        width = v.field(f"{p.path}.seating_width_mm")
        limit = dsp_width_for(v.dsp, v.field(f"{p.path}.declared_positions") + 1)
        out[p.names.positions[0]] = bounded(width, minimum=occ.DSP_MIN_MM, maximum=limit, strict_maximum=True)
    return out


# --- 208 belts -----------------------------------------------------------------------------------------------------

@twin(occ.seat_belts, "us", inputs=(f"{SEATS}.belt", "derived.seating.positions", "derived.seating.outboard"))
def seat_belts(v: View) -> dict:
    """Type 2 where a rear or outboard position needs it, Type 1 or 2 at the front centre, none nowhere."""
    out = {}
    positions, outboard = v.figure("seating.positions"), v.figure("seating.outboard")
    for k, p in enumerate(v.places):
        rule_id = p.names.belts[0]
        if v.is_lsv:
            out[rule_id] = NOT_APPLICABLE
            continue
        belt = v.field(f"{p.path}.belt")
        if belt is SeatBelts.none:
            belted = equipment(False)
        elif belt is SeatBelts.lap:
            belted = equipment(False) if p.rear else equipment(np.equal(outboard[k], 0))
        else:
            belted = Outcome(PASS)
        out[rule_id] = choose(np.equal(positions[k], 0), NOT_APPLICABLE, belted)
    return out


# --- 202a head restraints ------------------------------------------------------------------------------------------

@twin(occ.head_restraints, "us", inputs=(
        GVWR, "derived.seating.outboard", "body_style", "package.headliner_height_mm", "package.rows.*.h_point_z_mm",
        "package.rows.*.back_angle_deg", f"{SEATS}.head_restraint_mm", f"{SEATS}.backset_mm"))
def head_restraints(v: View) -> dict:
    """Height (800 mm front, 750 mm rear, or the roofline exception) and backset (55 mm, front only) at each
    outboard seat location; not applicable to LSVs, over 4,536 kg GVWR, or at a rear seat without one."""
    out = {}
    over_scope = v.is_lsv or np.greater(v.figure("gvwr_kg"), occ.HR_GVWR_SCOPE_KG)
    allowed_gap = occ.HR_ROOF_GAP_OPEN_MM if v.field("body_style").traits.open_top else occ.HR_ROOF_GAP_MM
    headliner = v.field("package.headliner_height_mm")
    for p, outboard in zip(v.places, v.figure("seating.outboard")):
        height_id, backset_id = p.names.height[0], p.names.backset[0]
        present = np.greater(outboard, 0)
        restraint = v.field(f"{p.path}.head_restraint_mm")
        if restraint is None:
            height = NOT_APPLICABLE if p.rear else choose(over_scope, NOT_APPLICABLE, equipment(False))
            out[height_id] = height._replace(present=present)
            out[backset_id] = NOT_APPLICABLE._replace(present=present)
            continue
        row = f"package.rows.{p.row}"
        top_z = v.field(f"{row}.h_point_z_mm") + cos_deg(v.field(f"{row}.back_angle_deg")) * restraint
        full = occ.HR_ANY_MIN_MM if p.rear else occ.HR_FRONT_MIN_MM
        roofline = np.logical_and(np.less(restraint, full), np.less_equal(headliner - top_z, allowed_gap))
        minimum = np.where(roofline, 0.0 if p.rear else occ.HR_ROOF_FRONT_MIN_MM, full)
        height = choose(over_scope, NOT_APPLICABLE, bounded(restraint, minimum=minimum))
        backset = NOT_APPLICABLE if p.rear else choose(
            over_scope, NOT_APPLICABLE, bounded(v.field(f"{p.path}.backset_mm"), maximum=occ.BACKSET_MAX_MM))
        out[height_id] = height._replace(present=present)
        out[backset_id] = backset._replace(present=present)
    return out


# --- 225 child restraint anchorages --------------------------------------------------------------------------------

@twin(occ.child_anchorages, "us", inputs=(GVWR, "body_style", f"{SEATS}.latch_positions", f"{SEATS}.tether_positions",
                                          "derived.rear_seats", "derived.seating.positions"))
def child_anchorages(v: View) -> dict:
    """LATCH at min(2, rear DSPs) rear positions; with no rear DSP, a tether at each front passenger position
    (convertibles excluded)."""
    rule_id = "us.225.latch"
    positions = v.figure("seating.positions")
    rear = v.figure("rear_seats")
    front = [(p, n) for p, n in zip(v.places, positions) if not p.rear]
    if v.field("body_style").traits.open_top:
        no_rear = NOT_APPLICABLE
    else:
        passengers = np.maximum(total(n for _, n in front) - 1, 0)
        tethers = total(np.minimum(v.field(f"{p.path}.tether_positions"), n) for p, n in front)
        no_rear = bounded(np.minimum(tethers, passengers), minimum=passengers)
    latched = total(np.minimum(v.field(f"{p.path}.latch_positions"), n) for p, n in zip(v.places, positions)
                    if p.rear)
    with_rear = bounded(latched, minimum=np.minimum(occ.LATCH_REAR_POSITIONS, rear))
    return {rule_id: choose(_latch_scope_out(v), NOT_APPLICABLE, choose(np.equal(rear, 0), no_rear, with_rear))}


@twin(occ.third_tether, "us", inputs=(GVWR, f"{SEATS}.tether_positions", "derived.rear_seats",
                                      "derived.seating.positions", "derived.seating.outboard"))
def third_tether(v: View) -> dict:
    """With three or more rear DSPs, tethers at three, one of them at a rear centre position where there is one."""
    tethers: Any = 0
    centre: Any = False
    centre_tether: Any = False
    for p, n, outboard in zip(v.places, v.figure("seating.positions"), v.figure("seating.outboard")):
        if not p.rear:
            continue
        seated = np.greater(n, 0)
        count = np.minimum(v.field(f"{p.path}.tether_positions"), n)
        tethers = tethers + np.where(seated, count, 0)
        inboard = np.logical_and(seated, np.greater(n - outboard, 0))
        centre = np.logical_or(centre, inboard)
        centre_tether = np.logical_or(centre_tether, np.logical_and(inboard, np.greater(count, outboard)))
    third = occ.THIRD_TETHER_REAR_POSITIONS
    missing_centre = np.logical_and(np.logical_and(np.greater_equal(tethers, third), centre),
                                    np.logical_not(centre_tether))
    found = choose(missing_centre, Outcome(FAIL), bounded(tethers, minimum=third))
    return {"us.225.third_tether": choose(np.logical_or(_latch_scope_out(v), np.less(v.figure("rear_seats"), third)),
                                          NOT_APPLICABLE, found)}


# --- fit: headroom, knees, windscreen (screening) ------------------------------------------------------------------

@twin(occ.occupant_fit, "us", inputs=("package.headliner_height_mm", "package.rows.*.h_point_z_mm",
                                      "package.rows.*.h_point_x_mm", "package.rows.*.back_thickness_mm"))
def occupant_fit(v: View) -> dict:
    """Effective headroom (J1100 H61) of every row against the occupant's sitting height + clearance; knee room of
    every row behind the first against the knee clearance."""
    s = v.settings
    cos_line = cos_deg(s.headroom_line_deg)
    headliner = v.field("package.headliner_height_mm")
    out = {}
    rows = sorted({p.row for p in v.places})
    for r in rows:
        row = f"package.rows.{r}"
        effective = (headliner - v.field(f"{row}.h_point_z_mm")) / cos_line + s.headroom_offset_mm
        out[f"us.fit.headroom.{r + 1}"] = bounded(effective,
                                                  minimum=SITTING_HEIGHT_MM[s.occupant] + s.head_clearance_mm)
        if r == 0:
            continue
        ahead = f"package.rows.{r - 1}"
        couple = v.field(f"{row}.h_point_x_mm") - v.field(f"{ahead}.h_point_x_mm")
        room = couple - v.field(f"{ahead}.back_thickness_mm") - s.thigh_mm
        out[f"us.fit.knee.{r + 1}"] = bounded(room, minimum=s.knee_clearance_mm)
    return out


@twin(occ.windscreen_fit, "us", inputs=("package.rows.0.h_point_x_mm", "package.rows.0.h_point_z_mm",
                                        "dimensions.height_mm", "front_end.cowl_x_mm", "front_end.cowl_height_mm",
                                        "front_end.windscreen_rake_deg"))
def windscreen_fit(v: View) -> dict:
    """The front row's head top (the headroom line's end, capped at the roof) behind the windscreen line by the head
    clearance."""
    s = v.settings
    reach = SITTING_HEIGHT_MM[s.occupant] - s.headroom_offset_mm
    line_deg = s.headroom_line_deg
    head_x = v.field("package.rows.0.h_point_x_mm") + reach * math.sin(math.radians(line_deg))
    head_z = np.minimum(v.field("package.rows.0.h_point_z_mm") + reach * cos_deg(line_deg),
                        v.field("dimensions.height_mm"))
    screen_x = v.field("front_end.cowl_x_mm") + np.maximum(head_z - v.field("front_end.cowl_height_mm"), 0.0) * tan_deg(
        v.field("front_end.windscreen_rake_deg"))
    return {"us.fit.windscreen.1": bounded(head_x - screen_x, minimum=s.head_clearance_mm)}


@twin(occ.package_estimated, "us", inputs=("package.estimated",))
def package_estimated(v: View) -> dict:
    return {"us.package.estimated": Outcome(WARN if v.field("package.estimated") else PASS)}
