"""US rules on the occupant package, checked from the seats the designer draws: designated seating positions
(49 CFR 571.10), belts (FMVSS 208), head restraints (202a), child restraint anchorages (225), and whether the
chosen occupant fits under the roof and behind the seat ahead (a screening).

Per-seat rules return one finding per seat location, its id ending in '.<row>.<seat>' (1-based, seats left to
right), its field the seat's own. Confirmed figures (docs/sources.md): the 330 mm DSP threshold and 1,400 mm split
(571.10), 12 in for an outboard seat (571.3), Type 2 belts at every rear and front outboard position (208;
69 FR 70904), front outboard head restraints and the 55 mm backset (202a; 72 FR 25484), LATCH at two forward-facing
rear positions (225 S4.4). Recalled figures are settings, and the rules built on them say so: the 571.10 divisors,
the head restraint heights, the J1100 headroom line.
"""

from __future__ import annotations

import math
from functools import lru_cache, partial

from ..design.message import LazyMsg, Msg, Num
from ..design.package import SeatBelts, SeatKind
from ..design.seating import SeatPlace
from .context import Context, bounded, not_applicable
from .finding import Basis, Finding, Status
from .settings import OCCUPANT_LABEL, SITTING_HEIGHT_MM

DSP_CITATION = "49 CFR 571.10; 571.3 (designated seating position)"
BELT_CITATION = "49 CFR 571.208 (Type 2 at outboard and rear positions: 69 FR 70904)"
HEAD_RESTRAINT_CITATION = "49 CFR 571.202a S4.2"
LATCH_CITATION = "49 CFR 571.225 S4.4"
FIT_CITATION = "SAE J1100 H61 effective headroom; SAE J826 thigh segment"
BACKSET_MAX_MM = 55.0  # 202a, at the design seat-back angle (72 FR 25484)
DSP_MIN_MM = 330.0  # 571.10: a seat location at least this wide is a designated seating position
LATCH_GVWR_SCOPE_KG = 8500 * 0.45359237  # 225 S2: trucks and MPVs of 8,500 lb GVWR or less (passenger cars: all)
LATCH_SCOPE = Num(LATCH_GVWR_SCOPE_KG, "kg", dual=True)
HR_GVWR_SCOPE_KG = 4536.0  # 202a S2.1
LSV_NOT_LISTED = "FMVSS 500 S5 lists what a low-speed vehicle needs, and this is not on it."


@lru_cache(maxsize=256)
def _names(row: int, index: int, kind: SeatKind) -> tuple[str, str, str, str]:
    """('row 1, seat 2', 'bench (row 1, seat 2)', '.1.2', 'package.rows.0.seats.1.') for a seat location: made
    once, not per check."""
    where = f"row {row + 1}, seat {index + 1}"
    return (where, f"{'bench' if kind is SeatKind.bench else 'bucket seat'} ({where})", f".{row + 1}.{index + 1}",
            f"package.rows.{row}.seats.{index}.")


def _dsps(n: int) -> Msg:
    return Msg("{0} designated seating position" + ("" if n == 1 else "s"), n)


@lru_cache(maxsize=16)
def _formula_args(narrow: float, split: float, wide: float) -> tuple[Num, Num, Num]:
    return Num(narrow, "mm"), Num(split, "mm", dual=True), Num(wide, "mm")


# --- 571.10 designated seating positions --------------------------------------------------------------------------

_DSP_OK = ("The {0} makes {1} of its {measured} seating surface (571.10: width / "
              "{2} below {3}, / {4} from it, rounded down; the divisors are settings); {5} declared and belted.")
_DSP_OVER = ("The {0}'s {measured} seating surface makes {1} under 571.10 (width / {2} below {3}, / {4} from it, "
                "rounded down; the divisors are settings), but {5} are declared: the US counts {6} belted positions, "
                "{6} × 150 lb in the GVWR and {6} toward the kei limit of 4. Narrow the seating surface to less than "
                "{maximum} to keep {5}, or declare {6} and belt them.")
_DSP_NARROW = ("The {0}'s seating surface is {measured}, under the {minimum} at which 571.10 makes a seat location "
                  "a designated seating position: its declared positions cannot be designated. Widen it to at "
                  "least {target} or remove the seat.")


def seat_positions(ctx: Context) -> tuple[Finding, ...]:
    formula = ctx.dsp_formula
    divisors = _formula_args(formula.narrow_divisor_mm, formula.split_mm, formula.wide_divisor_mm)
    findings = []
    for place in ctx.derived.seating.places:
        seat = place.seat
        where, name, suffix, path = _names(place.row, place.index, seat.kind)

        def common(place=place, name=name, seat=seat) -> tuple:
            return (name, _dsps(place.dsp), *divisors, seat.declared_positions, place.dsp)

        findings.append(bounded(
            "us.10.positions" + suffix, "Designated seating positions, " + where, "us",
            measured=seat.seating_width_mm, unit="mm", minimum=DSP_MIN_MM,
            maximum=formula.width_for(seat.declared_positions + 1), strict_maximum=True, basis=Basis.screening,
            citation=DSP_CITATION, field=path + "seating_width_mm",
            ok=LazyMsg(_DSP_OK, common), too_high=LazyMsg(_DSP_OVER, common),
            too_low=Msg(_DSP_NARROW, name),
        ))
    return tuple(findings)


# --- 208 belts -------------------------------------------------------------------------------------------------------

def _belt_needed(place: SeatPlace) -> str:
    """'type2' where FMVSS 208 requires a lap and shoulder belt at some position of the seat, else 'any'."""
    return "type2" if place.rear or place.outboard else "any"


def seat_belts(ctx: Context) -> tuple[Finding, ...]:
    findings = []
    for place in ctx.derived.seating.places:
        where_text, name, suffix, path = _names(place.row, place.index, place.seat.kind)
        rule_id, title = "us.208.belts" + suffix, "Seat belts, " + where_text
        field = path + "belt"
        if ctx.is_lsv:
            findings.append(not_applicable(rule_id, title, _BELTS_LSV, citation=BELT_CITATION, field=field))
            continue
        if place.positions == 0:
            findings.append(not_applicable(rule_id, title, Msg("The {0} is not a designated seating position.", name),
                                           citation=BELT_CITATION, field=field))
            continue
        belt, needed = place.seat.belt, _belt_needed(place)
        if belt is SeatBelts.none:
            ok, template = False, _BELTS_NONE
        elif belt is SeatBelts.lap and needed == "type2":
            ok, template = False, _BELTS_LAP
        elif belt is SeatBelts.lap:
            ok, template = True, _BELTS_LAP_CENTRE
        else:
            ok, template = True, _BELTS_OK
        where = Msg(_BELTS_WHERE, name, place.outboard, "rear" if place.rear else "front")
        findings.append(Finding(rule_id, title, "us", Status.pass_ if ok else Status.fail, Basis.regulation,
                                BELT_CITATION, Msg(template, where), measured=ok, required=True, field=field))
    return tuple(findings)


_BELTS_LSV = Msg("FMVSS 500 asks for a Type 1 or Type 2 belt at each seat; see LSV required equipment.")
_BELTS_WHERE = "{0} (outboard positions: {1}; {2} row)"
_BELTS_NONE = ("The {0} has no belts: FMVSS 208 requires a belt at every designated seating position; fit lap and "
               "shoulder (Type 2) belts.")
_BELTS_LAP = ("Lap belts at the {0}: FMVSS 208 requires lap and shoulder (Type 2) belts at every outboard position "
              "and, since 69 FR 70904, at every rear position; fit Type 2 belts.")
_BELTS_LAP_CENTRE = ("Lap belts at the {0}, a front centre position; whether the current FMVSS 208 still allows a "
                     "Type 1 belt there was not confirmed in the rule text.")
_BELTS_OK = "Lap and shoulder (Type 2) belts at the {0}."


# --- 202a head restraints ------------------------------------------------------------------------------------------

_HR_LSV = Msg(LSV_NOT_LISTED)
_HR_REAR_NONE = Msg("No head restraint at this rear outboard seat; FMVSS 202a applies to rear head restraints only "
                    "where they are fitted.")
_HR_MISSING = ("The {0} is a front outboard seat without a head restraint; FMVSS 202a requires one at every front "
               "outboard position.")
_HR_NO_BACKSET = Msg("No head restraint, so no backset to measure.")
_HR_OK = Msg("Head restraint {measured} above the H-point, at least the {minimum} the setting asks (a recalled FMVSS "
             "202a figure, not confirmed in the rule text).")
_HR_LOW = Msg("Head restraint {measured} above the H-point, {excess} under the {minimum} the setting asks (a recalled "
              "FMVSS 202a figure, not confirmed in the rule text); raise it to {target}.")
_BACKSET_OK = Msg("Backset {measured} at the design seat-back angle, within the {maximum} FMVSS 202a allows.")
_BACKSET_HIGH = Msg("Backset {measured} at the design seat-back angle is {excess} over the {maximum} FMVSS 202a "
                    "allows; bring the head restraint forward to {target} or less.")


def head_restraints(ctx: Context) -> tuple[Finding, ...]:
    """Two findings per outboard seat location, always both (not applicable where they do not apply): the
    restraint's height (advisory: the figure is recalled) and its backset (55 mm, confirmed); a front outboard seat
    without one fails."""
    findings = []
    s = ctx.settings
    over_scope = ctx.derived.gvwr_kg > HR_GVWR_SCOPE_KG
    for place in ctx.derived.seating.places:
        if not place.outboard:
            continue
        seat = place.seat
        where, name, suffix, path = _names(place.row, place.index, seat.kind)
        height_id = "us.202a.height" + suffix
        title = "Head restraint, " + where
        field = path + "head_restraint_mm"
        skip = None
        if ctx.is_lsv:
            skip = _HR_LSV
        elif over_scope:
            skip = Msg("GVWR {0} is above the standard's scope of {1}.", Num(ctx.derived.gvwr_kg, "kg"),
                       Num(HR_GVWR_SCOPE_KG, "kg", dual=True))
        elif seat.head_restraint_mm is None and place.rear:
            skip = _HR_REAR_NONE
        backset_id, backset_title = "us.202a.backset" + suffix, "Head restraint backset, " + where
        if skip is not None:
            findings.append(not_applicable(height_id, title, skip, citation=HEAD_RESTRAINT_CITATION, field=field))
            findings.append(not_applicable(backset_id, backset_title, skip, citation=HEAD_RESTRAINT_CITATION,
                                           field=path + "backset_mm"))
            continue
        if seat.head_restraint_mm is None:
            findings.append(Finding(height_id, title, "us", Status.fail, Basis.regulation, HEAD_RESTRAINT_CITATION,
                                    Msg(_HR_MISSING, name), measured=False, required=True, field=field))
            findings.append(not_applicable(backset_id, backset_title, _HR_NO_BACKSET, citation=HEAD_RESTRAINT_CITATION,
                                           field=path + "backset_mm"))
            continue
        findings.append(bounded(
            height_id, "Head restraint height, " + where, "us", measured=seat.head_restraint_mm, unit="mm",
            minimum=s.head_restraint_rear_min_mm if place.rear else s.head_restraint_front_min_mm,
            basis=Basis.advisory, citation=HEAD_RESTRAINT_CITATION, field=field, fail_status=Status.warn,
            ok=_HR_OK, too_low=_HR_LOW,
        ))
        findings.append(bounded(
            backset_id, backset_title, "us", measured=seat.backset_mm,
            unit="mm", maximum=BACKSET_MAX_MM, basis=Basis.regulation, citation=HEAD_RESTRAINT_CITATION,
            field=path + "backset_mm", ok=_BACKSET_OK, too_high=_BACKSET_HIGH,
        ))
    return tuple(findings)


# --- 225 child restraint anchorages --------------------------------------------------------------------------------

def _latch_field(ctx: Context) -> str | None:
    rear = [p for p in ctx.derived.seating.places if p.rear and p.positions]
    return f"{rear[0].path}.latch_positions" if rear else None


def _latch_scope(ctx: Context) -> Msg | None:
    if ctx.is_lsv:
        return Msg(LSV_NOT_LISTED)
    if ctx.us_class.value != "passenger_car" and ctx.derived.gvwr_kg > LATCH_GVWR_SCOPE_KG:
        return Msg("GVWR {0} is above the standard's scope of {1} for trucks and MPVs.",
                   Num(ctx.derived.gvwr_kg, "kg"), LATCH_SCOPE)
    if ctx.derived.rear_seats == 0:
        return Msg("No rear designated seating positions; FMVSS 225 has provisions for vehicles without rear seats "
                   "that were not read in the rule text.")
    return None


def child_anchorages(ctx: Context) -> Finding:
    title = "Child restraint anchorages (LATCH)"
    field = _latch_field(ctx)
    if (why := _latch_scope(ctx)) is not None:
        return not_applicable("us.225.latch", title, why, citation=LATCH_CITATION, field=field)
    rear = ctx.derived.rear_seats
    return bounded(
        "us.225.latch", title, "us", measured=ctx.derived.seating.rear_latch, unit="positions",
        minimum=min(2, rear), basis=Basis.regulation, citation=LATCH_CITATION, field=field, fix=False,
        ok=Msg("{measured} of the {0} rear designated seating positions have two lower anchorages and a tether "
               "(at least {minimum} needed).", rear),
        too_low=Msg("LATCH at {measured} of the {0} rear designated seating positions; FMVSS 225 requires a full "
                    "system at two forward-facing rear positions ({minimum} here): fit lower anchorages and a tether "
                    "at {minimum}.", rear),
    )


def third_tether(ctx: Context) -> Finding:
    title = "Tether at a third rear position"
    field = _latch_field(ctx)
    if (why := _latch_scope(ctx)) is not None:
        return not_applicable("us.225.third_tether", title, why, citation=LATCH_CITATION, basis=Basis.advisory,
                              field=field)
    rear = ctx.derived.rear_seats
    if rear < 3:
        return not_applicable("us.225.third_tether", title, Msg("{0} rear designated seating position(s); the third "
                              "tether concerns vehicles with three or more.", rear), citation=LATCH_CITATION,
                              basis=Basis.advisory, field=field)
    return bounded(
        "us.225.third_tether", title, "us", measured=ctx.derived.seating.rear_latch, unit="positions", minimum=3,
        basis=Basis.advisory, citation=LATCH_CITATION, field=field, fix=False, fail_status=Status.warn,
        ok=Msg("Tethers at {measured} rear positions cover a third rear position."),
        too_low=Msg("{0} rear designated seating positions but tethers at {measured}: FMVSS 225 is recalled to ask a "
                    "tether anchorage at a third rear position when there are three or more (not confirmed in the "
                    "rule text); fit one.", rear),
    )


# --- fit: the occupant under the roof and behind the seat ahead (screening) -------------------------------------------

_HEADROOM_OK = ("Effective headroom {measured} (H-point to headliner along a line {0} behind vertical, + {1}) seats "
                "the {2} ({3} sitting height + {4} clearance, both settings).")
_HEADROOM_LOW = ("Effective headroom {measured} (H-point to headliner along a line {0} behind vertical, + {1}) is "
                 "{excess} short of the {2}'s {3} sitting height + {4} clearance (settings): raise the headliner or "
                 "lower row {5}'s H-point by {excess}.")
_KNEE_OK = ("Knee pivot {measured} clear of the seat back ahead: {0} between the rows' H-points − {1} seat back − {2} "
            "thigh (settings ask {minimum}).")
_KNEE_LOW = ("Knee pivot {measured} from the seat back ahead, {excess} short of the {minimum} the settings ask: {0} "
             "between the rows' H-points − {1} seat back − {2} thigh. Move row {3} back or row {4} forward by "
             "{excess}.")
_KNEE_INSIDE = ("The knee pivot would sit {5} inside the seat back ahead, {excess} short of the {minimum} the settings "
                "ask: {0} between the rows' H-points − {1} seat back − {2} thigh. Move row {3} back or row {4} "
                "forward by {excess}.")


def occupant_fit(ctx: Context) -> tuple[Finding, ...]:
    s = ctx.settings
    package = ctx.design.package
    sitting = SITTING_HEIGHT_MM[s.occupant]
    cos_line = math.cos(math.radians(s.headroom_line_deg))
    findings = []

    def head_args(r: int) -> tuple:
        return (Num(s.headroom_line_deg, "°"), Num(s.headroom_offset_mm, "mm"), OCCUPANT_LABEL[s.occupant],
                Num(sitting, "mm"), Num(s.head_clearance_mm, "mm"), r + 1)

    for r, row in enumerate(package.rows):
        effective = (package.headliner_height_mm - row.h_point_z_mm) / cos_line + s.headroom_offset_mm
        findings.append(bounded(
            f"us.fit.headroom.{r + 1}", f"Headroom, row {r + 1}", "us", measured=effective, unit="mm",
            minimum=sitting + s.head_clearance_mm, basis=Basis.screening, citation=FIT_CITATION,
            field="package.headliner_height_mm", fix=False,
            ok=LazyMsg(_HEADROOM_OK, partial(head_args, r)), too_low=LazyMsg(_HEADROOM_LOW, partial(head_args, r)),
        ))
        if r == 0:
            continue
        ahead = package.rows[r - 1]
        couple = row.h_point_x_mm - ahead.h_point_x_mm

        room = couple - ahead.back_thickness_mm - s.thigh_mm

        def knee_args(r=r, couple=couple, ahead=ahead, room=room) -> tuple:
            return (Num(couple, "mm"), Num(ahead.back_thickness_mm, "mm"), Num(s.thigh_mm, "mm"), r + 1, r,
                    Num(-room, "mm"))

        findings.append(bounded(
            f"us.fit.knee.{r + 1}", f"Knee room, row {r + 1}", "us", measured=room, unit="mm",
            minimum=s.knee_clearance_mm, basis=Basis.screening, citation=FIT_CITATION,
            field=f"package.rows.{r}.h_point_x_mm", fix=False, ok=LazyMsg(_KNEE_OK, knee_args),
            too_low=LazyMsg(_KNEE_LOW if room >= 0 else _KNEE_INSIDE, knee_args),
        ))
    return tuple(findings)


_DRAWN = Msg("The seats, belts and anchorages are the designer's own.")
_ESTIMATED = Msg("The package was estimated from the seat count of an older design file: the seat findings rest on "
                 "estimated seats until you edit them.")


def package_estimated(ctx: Context) -> Finding:
    estimated = ctx.design.package.estimated
    return Finding("us.package.estimated", "Occupant package drawn", "us", Status.warn if estimated else Status.pass_,
                   Basis.advisory, DSP_CITATION, _ESTIMATED if estimated else _DRAWN, field="package.cabin_width_mm")


OCCUPANT_RULES = (seat_positions, seat_belts, head_restraints, child_anchorages, third_tether, occupant_fit,
                  package_estimated)
