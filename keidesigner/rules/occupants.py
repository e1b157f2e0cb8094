"""US rules on the occupant package, checked from the seats the designer draws: designated seating positions
(49 CFR 571.10), belts (FMVSS 208), head restraints (202a), child restraint anchorages (225), and whether the
chosen occupant fits under the roof and behind the seat ahead (a screening).

Per-seat rules return one finding per seat location, its id ending in '.<row>.<seat>' (1-based, seats left to
right), its field the seat's own. Figures read in the rule text (docs/sources.md): the 330 mm DSP threshold and
1,400 mm split (571.3, 571.10), 12 in for an outboard seat (571.3), Type 2 belts at every front outboard and rear
position and Type 1 or 2 at the front centre (208 S4.1.5.1, S4.1.5.5.1, S4.2.6, S4.2.7.1), head restraints at front
outboard positions 800 mm high, 750 mm at any outboard position that has one, the roofline exception, and the
55 mm front backset (202a S4.1, S4.2.1, S4.2.3), child restraint anchorages and tethers by the number of rear
positions (225 S4.4, S5(a)). Recalled figures are settings, and the rules built on them say so: the 571.10
divisors, the J1100 headroom line.
"""

from __future__ import annotations

import math
from functools import lru_cache, partial
from typing import NamedTuple

from ..design.message import LazyMsg, Msg, Num
from ..design.package import SeatBelts, SeatKind
from ..design.seating import SeatPlace, torso_top_z
from .context import Context, bounded, not_applicable
from .finding import Basis, Finding, Status
from .settings import OCCUPANT_LABEL, SITTING_HEIGHT_MM

DSP_CITATION = "49 CFR 571.10; 571.3 (designated seating position)"
BELT_CITATION = "49 CFR 571.208 S4.1.5.1, S4.1.5.5.1, S4.2.6, S4.2.7.1"
HEAD_RESTRAINT_CITATION = "49 CFR 571.202a S4.1, S4.2.1"
BACKSET_CITATION = "49 CFR 571.202a S4.2.3"
LATCH_CITATION = "49 CFR 571.225 S4.4"
HR_FRONT_MIN_MM = 800.0  # 202a S4.2.1(a)(1)
HR_ANY_MIN_MM = 750.0  # S4.2.1(b)(1): every outboard head restraint
HR_ROOF_FRONT_MIN_MM = 700.0  # S4.2.1(a)(2): where the roofline stops it
HR_ROOF_GAP_MM = 25.0  # S4.2.1(a)(2), (b)(2): top to roofline, 50 mm in convertibles
HR_ROOF_GAP_OPEN_MM = 50.0
FIT_CITATION = "SAE J1100 H61 effective headroom; SAE J826 thigh segment"
BACKSET_MAX_MM = 55.0  # 202a, at the design seat-back angle (72 FR 25484)
DSP_MIN_MM = 330.0  # 571.10: a seat location at least this wide is a designated seating position
LATCH_GVWR_SCOPE_KG = 8500 * 0.45359237  # 225 S2: trucks and MPVs of 8,500 lb GVWR or less (passenger cars: all)
LATCH_SCOPE = Num(LATCH_GVWR_SCOPE_KG, "kg", dual=True)
HR_GVWR_SCOPE_KG = 4536.0  # 202a S2.1
LATCH_REAR_POSITIONS = 2  # 225 S4.4(a)(1), (b): LATCH at each of one or two rear positions, at two of more
THIRD_TETHER_REAR_POSITIONS = 3  # 225 S4.4(a)(2): with this many rear positions or more, a tether at a third
LSV_NOT_LISTED = "FMVSS 500 S5 lists what a low-speed vehicle needs, and this is not on it."


@lru_cache(maxsize=256)
class _SeatNames(NamedTuple):
    """What the rules call a seat location and its findings: 'row 1, seat 2', 'bench (row 1, seat 2)', '.1.2',
    'package.rows.0.seats.1.', and each rule's id, title and field."""

    where: str
    name: str
    suffix: str
    path: str
    positions: tuple[str, str, str]  # id, title, field
    belts: tuple[str, str, str]
    height: tuple[str, str, str]
    backset: tuple[str, str, str]


@lru_cache(maxsize=512)
def _names(row: int, index: int, kind: SeatKind) -> _SeatNames:
    """The names of a seat location, made once per location and kept: the rules run for every edit and the strings
    were a tenth of their time."""
    where = f"row {row + 1}, seat {index + 1}"
    suffix, path = f".{row + 1}.{index + 1}", f"package.rows.{row}.seats.{index}."
    return _SeatNames(
        where, f"{'bench' if kind is SeatKind.bench else 'bucket seat'} ({where})", suffix, path,
        ("us.10.positions" + suffix, "Designated seating positions, " + where, path + "seating_width_mm"),
        ("us.208.belts" + suffix, "Seat belts, " + where, path + "belt"),
        ("us.202a.height" + suffix, "Head restraint height, " + where, path + "head_restraint_mm"),
        ("us.202a.backset" + suffix, "Head restraint backset, " + where, path + "backset_mm"),
    )


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
        names = _names(place.row, place.index, seat.kind)
        name = names.name
        rule_id, title, field = names.positions

        def common(place=place, name=name, seat=seat) -> tuple:
            return (name, _dsps(place.dsp), *divisors, seat.declared_positions, place.dsp)

        findings.append(bounded(
            rule_id, title, "us",
            measured=seat.seating_width_mm, unit="mm", minimum=DSP_MIN_MM,
            maximum=formula.width_for(seat.declared_positions + 1), strict_maximum=True, basis=Basis.screening,
            citation=DSP_CITATION, field=field,
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
        names = _names(place.row, place.index, place.seat.kind)
        name = names.name
        rule_id, title, field = names.belts
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
_BELTS_LAP_CENTRE = ("Lap belts at the {0}, a front centre position, where FMVSS 208 allows a Type 1 or a Type 2 "
                     "belt.")
_BELTS_OK = "Lap and shoulder (Type 2) belts at the {0}."


# --- 202a head restraints ------------------------------------------------------------------------------------------

_HR_LSV = Msg(LSV_NOT_LISTED)
_HR_REAR_NONE = Msg("No head restraint at this rear outboard seat; FMVSS 202a S4.1 asks for them at front outboard "
                    "positions, and checks a rear one only where it is fitted.")
_HR_MISSING = ("The {0} is a front outboard seat without a head restraint; FMVSS 202a S4.1 requires one at every front "
               "outboard position.")
_HR_OK = ("Head restraint {measured} above the H-point, along the torso line: at least the {minimum} FMVSS 202a "
          "asks {0}.")
_HR_LOW = ("Head restraint {measured} above the H-point, along the torso line: {excess} under the {minimum} FMVSS 202a "
           "asks {0}; raise it to {target}{1}.")
_HR_ROOF_OK = ("Head restraint {measured} above the H-point, its top {0} under the headliner: the roofline stops it "
               "short of {1}, which FMVSS 202a S4.2.1 allows within {2} of the roof{3}.")
_NO_BACKSET = Msg("No head restraint, so no backset to measure.")
_REAR_BACKSET = Msg("FMVSS 202a S4.2.3 limits the backset of front outboard head restraints only.")
_BACKSET_OK = Msg("Backset {measured} at the design seat-back angle, within the {maximum} FMVSS 202a allows.")
_BACKSET_HIGH = Msg("Backset {measured} at the design seat-back angle is {excess} over the {maximum} FMVSS 202a "
                    "allows; bring the head restraint forward to {target} or less.")


def _head_restraint_height(ctx: Context, place: SeatPlace, height_id: str, title: str, field: str) -> Finding:
    """S4.2.1: 800 mm at a front outboard seat, 750 mm at any outboard seat with one, unless the roofline stops it
    within 25 mm (50 mm in a convertible) - then 700 mm at the front and no minimum at the rear."""
    height = place.seat.head_restraint_mm
    top_z = torso_top_z(place.z_mm, ctx.design.package.rows[place.row].back_angle_deg, height)
    gap = ctx.design.package.headliner_height_mm - top_z
    allowed_gap = HR_ROOF_GAP_OPEN_MM if ctx.design.body_style.traits.open_top else HR_ROOF_GAP_MM
    full = HR_ANY_MIN_MM if place.rear else HR_FRONT_MIN_MM
    where = "at any outboard seat that has one" if place.rear else "at a front outboard seat"
    if height < full and gap <= allowed_gap:
        minimum = 0.0 if place.rear else HR_ROOF_FRONT_MIN_MM
        args = (Num(gap, "mm"), Num(full, "mm"), Num(allowed_gap, "mm"),
                "" if place.rear else Msg(" when it is at least {0}", Num(minimum, "mm")))
        return bounded(height_id, title, "us", measured=height, unit="mm", minimum=minimum, basis=Basis.regulation,
                       citation=HEAD_RESTRAINT_CITATION, field=field, ok=Msg(_HR_ROOF_OK, *args),
                       too_low=Msg(_HR_LOW, where, ""))
    roof_hint = "" if place.rear else Msg(", or to within {0} of the headliner (then at least {1})",
                                          Num(allowed_gap, "mm"), Num(HR_ROOF_FRONT_MIN_MM, "mm"))
    return bounded(height_id, title, "us", measured=height, unit="mm", minimum=full, basis=Basis.regulation,
                   citation=HEAD_RESTRAINT_CITATION, field=field, ok=Msg(_HR_OK, where),
                   too_low=LazyMsg(_HR_LOW, lambda: (where, roof_hint)))


def head_restraints(ctx: Context) -> tuple[Finding, ...]:
    """Two findings per outboard seat location, always both (not applicable where they do not apply): the
    restraint's height and its backset (front outboard only); a front outboard seat without one fails."""
    findings = []
    over_scope = ctx.derived.gvwr_kg > HR_GVWR_SCOPE_KG
    for place in ctx.derived.seating.places:
        if not place.outboard:
            continue
        seat = place.seat
        names = _names(place.row, place.index, seat.kind)
        name = names.name
        height_id, title, field = names.height
        backset_id, backset_title, backset_field = names.backset
        skip = None
        if ctx.is_lsv:
            skip = _HR_LSV
        elif over_scope:
            skip = Msg("GVWR {0} is above the standard's scope of {1}.", Num(ctx.derived.gvwr_kg, "kg"),
                       Num(HR_GVWR_SCOPE_KG, "kg", dual=True))
        elif seat.head_restraint_mm is None and place.rear:
            skip = _HR_REAR_NONE
        if skip is not None:
            findings.append(not_applicable(height_id, title, skip, citation=HEAD_RESTRAINT_CITATION, field=field))
            findings.append(not_applicable(backset_id, backset_title, skip, citation=BACKSET_CITATION,
                                           field=backset_field))
            continue
        if seat.head_restraint_mm is None:
            findings.append(Finding(height_id, title, "us", Status.fail, Basis.regulation, HEAD_RESTRAINT_CITATION,
                                    Msg(_HR_MISSING, name), measured=False, required=True, field=field))
            findings.append(not_applicable(backset_id, backset_title, _NO_BACKSET, citation=BACKSET_CITATION,
                                           field=backset_field))
            continue
        findings.append(_head_restraint_height(ctx, place, height_id, title, field))
        if place.rear:
            findings.append(not_applicable(backset_id, backset_title, _REAR_BACKSET, citation=BACKSET_CITATION,
                                           field=backset_field))
            continue
        findings.append(bounded(
            backset_id, backset_title, "us", measured=seat.backset_mm, unit="mm", maximum=BACKSET_MAX_MM,
            basis=Basis.regulation, citation=BACKSET_CITATION, field=backset_field, ok=_BACKSET_OK,
            too_high=_BACKSET_HIGH,
        ))
    return tuple(findings)


# --- 225 child restraint anchorages --------------------------------------------------------------------------------

def _latch_field(ctx: Context, rear: bool = True) -> str | None:
    places = [p for p in ctx.derived.seating.places if p.rear == rear and p.positions]
    return f"{places[0].path}.{'latch_positions' if rear else 'tether_positions'}" if places else None


def _latch_scope(ctx: Context) -> Msg | None:
    if ctx.is_lsv:
        return Msg(LSV_NOT_LISTED)
    if ctx.us_class.value != "passenger_car" and ctx.derived.gvwr_kg > LATCH_GVWR_SCOPE_KG:
        return Msg("GVWR {0} is above the standard's scope of {1} for trucks and MPVs.",
                   Num(ctx.derived.gvwr_kg, "kg"), LATCH_SCOPE)
    return None


_NO_REAR_OK = Msg("No rear designated seating position: tethers at {measured} of the {0} front passenger positions "
                  "(S4.4(c) asks one at each; S5(c) asks a full LATCH system at a front passenger seat instead when "
                  "the passenger air bag has an on-off switch).")
_NO_REAR_LOW = Msg("No rear designated seating position, so FMVSS 225 S4.4(c) asks a tether anchorage at each front "
                   "passenger position: {0} here, tethers at {measured}. Fit tethers at {minimum} (S5(c) asks a full "
                   "LATCH system at a front passenger seat instead when the passenger air bag has an on-off switch).")
_CONVERTIBLE = Msg("Convertibles are excluded from the tether anchorage requirements (FMVSS 225 S5(a)), and this "
                   "vehicle has no rear designated seating position.")


def _front_tethers(ctx: Context, title: str) -> Finding:
    """S4.4(c): without a forward-facing rear DSP, a tether at each front forward-facing passenger position."""
    front = [p for p in ctx.derived.seating.places if not p.rear]
    passengers = max(sum(p.positions for p in front) - 1, 0)  # all but the driver
    field = _latch_field(ctx, rear=False)
    if ctx.design.body_style.traits.open_top:
        return not_applicable("us.225.latch", title, _CONVERTIBLE, citation=LATCH_CITATION, field=field)
    tethers = sum(min(p.seat.tether_positions, p.positions) for p in front)
    return bounded("us.225.latch", title, "us", measured=min(tethers, passengers), unit="positions",
                   minimum=passengers, basis=Basis.regulation, citation="49 CFR 571.225 S4.4(c), S5", field=field,
                   fix=False, ok=Msg(_NO_REAR_OK.template, passengers), too_low=Msg(_NO_REAR_LOW.template, passengers))


def child_anchorages(ctx: Context) -> Finding:
    """S4.4(a)(1), (b): a child restraint anchorage system at each of one or two forward-facing rear positions, at
    two of three or more; without rear positions, S4.4(c)'s front tethers."""
    title = "Child restraint anchorages (LATCH)"
    if (why := _latch_scope(ctx)) is not None:
        return not_applicable("us.225.latch", title, why, citation=LATCH_CITATION, field=_latch_field(ctx))
    rear = ctx.derived.rear_seats
    if rear == 0:
        return _front_tethers(ctx, title)
    needed = min(LATCH_REAR_POSITIONS, rear)
    return bounded(
        "us.225.latch", title, "us", measured=ctx.derived.seating.rear_latch, unit="positions",
        minimum=needed, basis=Basis.regulation, citation=LATCH_CITATION, field=_latch_field(ctx), fix=False,
        ok=Msg("{measured} of the {0} rear designated seating positions have two lower anchorages and a tether "
               "(at least {minimum} needed).", rear),
        too_low=Msg("LATCH at {measured} of the {0} rear designated seating positions; FMVSS 225 S4.4 asks a child "
                    "restraint anchorage system at {1}: fit lower anchorages and a tether at {minimum}.", rear,
                    "each of them" if rear <= 2 else "two of them"),
    )


def _rear_tethers(ctx: Context) -> tuple[int, bool, bool]:
    """(tethers at rear positions, whether any rear position is not outboard, whether a tether is at one)."""
    tethers, centre, centre_tether = 0, False, False
    for p in ctx.derived.seating.places:
        if not p.rear or not p.positions:
            continue
        count = min(p.seat.tether_positions, p.positions)
        tethers += count
        inboard = p.positions - p.outboard
        if inboard > 0:
            centre = True
            centre_tether = centre_tether or count > p.outboard  # more tethers than its outboard positions
    return tethers, centre, centre_tether


def third_tether(ctx: Context) -> Finding:
    """S4.4(a)(2): with three or more forward-facing rear positions, a tether at a third, and one at a rear
    position that is not outboard where there is one."""
    title = "Tether at a third rear position"
    field = _latch_field(ctx)
    if (why := _latch_scope(ctx)) is not None:
        return not_applicable("us.225.third_tether", title, why, citation=LATCH_CITATION, field=field)
    rear = ctx.derived.rear_seats
    if rear < THIRD_TETHER_REAR_POSITIONS:
        return not_applicable("us.225.third_tether", title, Msg("{0} rear designated seating position(s); the third "
                              "tether concerns vehicles with three or more.", rear), citation=LATCH_CITATION,
                              field=field)
    tethers, centre, centre_tether = _rear_tethers(ctx)
    if tethers >= THIRD_TETHER_REAR_POSITIONS and centre and not centre_tether:
        return Finding("us.225.third_tether", title, "us", Status.fail, Basis.regulation, LATCH_CITATION,
                       Msg("Tethers at {0} rear positions, but none at the rear centre: FMVSS 225 S4.4(a)(2) asks at "
                           "least one tether at a rear position that is not outboard; move one there.", tethers),
                       measured=False, required=True, field=field)
    return bounded(
        "us.225.third_tether", title, "us", measured=tethers, unit="positions",
        minimum=THIRD_TETHER_REAR_POSITIONS,
        basis=Basis.regulation, citation=LATCH_CITATION, field=field.replace("latch_positions", "tether_positions")
        if field else None, fix=False,
        ok=Msg("Tethers at {measured} rear positions cover a third rear position" + (", one of them at the centre."
                                                                                    if centre else ".")),
        too_low=Msg("{0} rear designated seating positions but tethers at {measured}: FMVSS 225 S4.4(a)(2) asks a "
                    "tether anchorage at a third rear position" + (", at least one of them at the centre"
                                                                   if centre else "") + "; fit one.", rear),
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


_SCREEN_OK = ("The top of the {0}'s head (the end of the headroom line, {1} behind vertical) stands {measured} behind "
              "the windscreen at its height, at least the {minimum} clearance the settings ask.")
_SCREEN_LOW = ("The top of the {0}'s head (the end of the headroom line, {1} behind vertical) stands {measured} behind "
               "the windscreen at its height, {excess} short of the {minimum} the settings ask: the windscreen, laid "
               "back {2} from its base, comes down through the front row's head room. Stand the windscreen up, move "
               "its base forward, or move the front row back.")
_SCREEN_THROUGH = ("The windscreen, laid back {2} from its base, passes {3} behind the top of the {0}'s head (the end "
                   "of the headroom line, {1} behind vertical): the head would be outside the glass. Stand the "
                   "windscreen up, move its base forward, or move the front row back.")


def windscreen_fit(ctx: Context) -> Finding:
    """Screening: the front row's head top (the effective-headroom line's end for the settings' occupant) stays
    behind the windscreen line (cowl point at its rake) at the head's height, capped at the roof; the clearance is
    the head clearance setting. Measured to the top of the head only: the forehead ahead of it is not modelled."""
    s, d = ctx.settings, ctx.design
    row, front = d.package.rows[0], d.front_end
    line = math.radians(s.headroom_line_deg)
    reach = SITTING_HEIGHT_MM[s.occupant] - s.headroom_offset_mm  # H-point to the head top along the line
    # behind the front axle, as the front end's positions are measured
    head_x = row.h_point_x_mm + reach * math.sin(line)
    head_z = min(row.h_point_z_mm + reach * math.cos(line), d.dimensions.height_mm)
    screen_x = front.cowl_x_mm + max(head_z - front.cowl_height_mm, 0.0) * math.tan(
        math.radians(front.windscreen_rake_deg))
    clearance = head_x - screen_x

    def args() -> tuple:
        return (OCCUPANT_LABEL[s.occupant], Num(s.headroom_line_deg, "°"), Num(front.windscreen_rake_deg, "°"),
                Num(-clearance, "mm"))

    return bounded(
        "us.fit.windscreen.1", "Head clear of the windscreen, row 1", "us", measured=clearance, unit="mm",
        minimum=s.head_clearance_mm, basis=Basis.screening, citation=FIT_CITATION,
        field="front_end.windscreen_rake_deg", fix=False, ok=LazyMsg(_SCREEN_OK, args),
        too_low=LazyMsg(_SCREEN_LOW if clearance >= 0 else _SCREEN_THROUGH, args),
    )


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
                  windscreen_fit, package_estimated)
