"""US rules (49 CFR Parts 567, 571, 581 and NHTSA consumer information): reference section B.

Each rule states its applicability by class, GVWR and powertrain as the reference gives it. Limits marked [C] or [S]
in the reference are `regulation`; engineering estimates are `screening`; consumer ratings and unconfirmed [M]
numbers are `advisory` and never fail a design.
"""

from __future__ import annotations

from ..design import USClass
from ..design.derived import FRONTAL_TEST_SPEED_KMH, OCCUPANT_MASS_KG
from ..design.units import MM_PER_IN, STANDARD_GRAVITY
from .context import GVWR_SCOPE_KG, Context, Rule, bounded, equipment, mm, not_applicable
from .finding import Basis, Finding, Status

HEADLAMP_MIN_MM, HEADLAMP_MAX_MM = 22 * MM_PER_IN, 54 * MM_PER_IN  # 571.108 Table I-a
TAIL_LAMP_MIN_MM, TAIL_LAMP_MAX_MM = 15 * MM_PER_IN, 72 * MM_PER_IN
BUMPER_MIN_MM, BUMPER_MAX_MM = 16 * MM_PER_IN, 20 * MM_PER_IN  # 581.7
ROOF_3X_GVWR_KG = 2722.0  # 216a: 3.0 x UVW up to 6,000 lb GVWR, 1.5 x above
LSV_MIN_KMH, LSV_MAX_KMH, LSV_GVWR_KG = 32.0, 40.0, 1361.0  # 571.3 / 571.500
HV_DC_V = 60.0  # 305: propulsion above 60 V DC
HV_SPEED_KMH = 40.0  # 305: able to exceed 40 km/h
# SSF star cut points: reference B19 marks them [M], so the rollover rule is advisory and says so.
SSF_STAR_CUTS = ((1.45, 5), (1.25, 4), (1.13, 3), (1.04, 2))

LAMP_CITATION = "49 CFR 571.108 S6.1.4, Table I-a"
LSV_OUT = "FMVSS 500 S5 lists what a low-speed vehicle needs, and this is not on it."


def _over_scope(ctx: Context) -> bool:
    return ctx.derived.gvwr_kg > GVWR_SCOPE_KG


def _scope_note(ctx: Context) -> str:
    return f"GVWR {ctx.derived.gvwr_kg:,.0f} kg is above the standard's 4,536 kg (10,000 lb) scope."


# --- FMVSS 108 lamps -------------------------------------------------------------------------------------------

def _lamp(rule_id: str, title: str, field: str, low: float, high: float) -> Rule:
    def rule(ctx: Context) -> Finding:
        if ctx.is_lsv:
            return not_applicable(
                rule_id, title, "FMVSS 500 S5 requires the lamp on a low-speed vehicle; the reference gives no "
                "mounting height for LSVs.", citation=LAMP_CITATION, field=f"lighting.{field}",
            )
        h = getattr(ctx.design.lighting, field)
        return bounded(
            rule_id, title, "us", measured=h, unit="mm", minimum=low, maximum=high, basis=Basis.regulation,
            citation=LAMP_CITATION, field=f"lighting.{field}",
            ok=f"Centre at {mm(h)} is within {mm(low)} – {mm(high)} above the road.",
            too_low=f"Centre at {mm(h)} is below the {mm(low)} minimum; raise the lamp by {h - low:+.0f} mm.",
            too_high=f"Centre at {mm(h)} is above the {mm(high)} maximum; lower the lamp by {h - high:.0f} mm.",
        )

    return rule


headlamp_height = _lamp("us.108.headlamp_height", "Headlamp mounting height", "headlamp_height_mm",
                        HEADLAMP_MIN_MM, HEADLAMP_MAX_MM)
tail_lamp_height = _lamp("us.108.tail_lamp_height", "Tail lamp mounting height", "tail_lamp_height_mm",
                         TAIL_LAMP_MIN_MM, TAIL_LAMP_MAX_MM)


# --- Part 581 bumpers ------------------------------------------------------------------------------------------

def bumper_height(ctx: Context) -> Finding:
    citation = "49 CFR 581.5, 581.7"
    if ctx.us_class is not USClass.passenger_car:
        return not_applicable(
            "us.581.bumper_height", "Bumper impact height",
            "Part 581 applies to passenger cars; MPVs, trucks and LSVs are exempt.", citation=citation,
            field="lighting.bumper_height_mm",
        )
    h = ctx.design.lighting.bumper_height_mm
    return bounded(
        "us.581.bumper_height", "Bumper impact height", "us", measured=h, unit="mm", minimum=BUMPER_MIN_MM,
        maximum=BUMPER_MAX_MM, basis=Basis.regulation, citation=citation, field="lighting.bumper_height_mm",
        ok=f"Impact line at {mm(h)} is inside the {mm(BUMPER_MIN_MM)} – {mm(BUMPER_MAX_MM)} pendulum zone.",
        too_low=f"Impact line at {mm(h)} is below the 16 in ({BUMPER_MIN_MM:.1f} mm) zone the 2.5 mph pendulum "
        f"strikes; raise the bumper beam by {BUMPER_MIN_MM - h:.0f} mm.",
        too_high=f"Impact line at {mm(h)} is above the 20 in ({BUMPER_MAX_MM:.1f} mm) zone; lower the bumper beam "
        f"by {h - BUMPER_MAX_MM:.0f} mm.",
    )


# --- FMVSS 216a roof crush -------------------------------------------------------------------------------------

def roof_crush(ctx: Context) -> Finding:
    citation = "49 CFR 571.216a"
    title = "Roof crush resistance"
    if ctx.is_lsv:
        return not_applicable("us.216a.roof_crush", title, LSV_OUT, citation=citation,
                              field="structure.roof_strength_kn")
    if _over_scope(ctx):
        return not_applicable("us.216a.roof_crush", title, _scope_note(ctx), citation=citation,
                              field="structure.roof_strength_kn")
    factor = 3.0 if ctx.derived.gvwr_kg <= ROOF_3X_GVWR_KG else 1.5
    uvw = ctx.design.mass.curb_mass_kg
    required = factor * uvw * STANDARD_GRAVITY / 1000
    strength = ctx.design.structure.roof_strength_kn
    return bounded(
        "us.216a.roof_crush", title, "us", measured=strength, unit="kN", minimum=required,
        basis=Basis.regulation, citation=citation, field="structure.roof_strength_kn",
        ok=f"Roof carries {strength:.1f} kN, at least {factor:g} × the {uvw:,.0f} kg unloaded weight "
        f"({required:.1f} kN) on each side.",
        too_low=f"Roof carries {strength:.1f} kN but must carry {factor:g} × the {uvw:,.0f} kg unloaded weight "
        f"= {required:.1f} kN within 127 mm of platen travel; stiffen the pillars and roof rails.",
    )


# --- FMVSS 208 frontal ------------------------------------------------------------------------------------------

def frontal_airbags(ctx: Context) -> Finding:
    citation = "49 CFR 571.208"
    if ctx.is_lsv:
        return not_applicable("us.208.frontal_airbags", "Frontal airbags", LSV_OUT, citation=citation,
                              field="safety.frontal_airbags")
    return equipment(
        "us.208.frontal_airbags", "Frontal airbags", present=ctx.design.safety.frontal_airbags, citation=citation,
        field="safety.frontal_airbags",
        ok="Driver and right-front frontal airbags are fitted, as FMVSS 208 requires.",
        missing="FMVSS 208 requires frontal airbags at the driver and right-front positions; fit them.",
    )


def frontal_crush(ctx: Context) -> Finding:
    citation = "49 CFR 571.208 (56 km/h barrier); d = v² / 2a"
    crush = ctx.design.structure.front_crush_zone_mm
    title = "Frontal crash pulse (screening)"
    if ctx.is_lsv:
        return not_applicable("us.208.crush_pulse", title, LSV_OUT, citation=citation, basis=Basis.screening,
                              field="structure.front_crush_zone_mm")
    g = ctx.derived.crash_decel_g
    limit = ctx.settings.frontal_decel_limit_g
    v = FRONTAL_TEST_SPEED_KMH / 3.6
    needed_mm = v * v / (2 * limit * STANDARD_GRAVITY) * 1000
    return bounded(
        "us.208.crush_pulse", title, "us", measured=g, unit="g", maximum=limit, basis=Basis.screening,
        citation=citation, field="structure.front_crush_zone_mm",
        ok=f"{crush:.0f} mm of crush stops the car from 56 km/h at an average {g:.1f} g, under the "
        f"{limit:g} g screening limit (a setting; no regulation states one).",
        too_high=f"{crush:.0f} mm of crush means an average {g:.1f} g from 56 km/h, over the {limit:g} g "
        f"screening limit; about {needed_mm:.0f} mm of crush zone is needed.",
    )


# --- FMVSS 214 / 226 side ----------------------------------------------------------------------------------------

def _cars_any_weight_scope(ctx: Context) -> bool:
    """214 and 305 cover passenger cars of any GVWR, MPVs, trucks and buses only up to 4,536 kg (B4, B17)."""
    return _over_scope(ctx) and ctx.us_class is not USClass.passenger_car


def _side_scope(ctx: Context, rule_id: str, title: str, citation: str, field: str, *,
                cars_any_weight: bool = True) -> Finding | None:
    if ctx.is_lsv:
        return not_applicable(rule_id, title, LSV_OUT, citation=citation, basis=Basis.screening, field=field)
    if _cars_any_weight_scope(ctx) if cars_any_weight else _over_scope(ctx):
        return not_applicable(rule_id, title, _scope_note(ctx), citation=citation, basis=Basis.screening,
                              field=field)
    return None


def side_airbags(ctx: Context) -> Finding:
    rule_id, title, citation = "us.214.side_airbags", "Side impact thorax protection", "49 CFR 571.214"
    if skip := _side_scope(ctx, rule_id, title, citation, "safety.side_airbags"):
        return skip
    return equipment(
        rule_id, title, present=ctx.design.safety.side_airbags, citation=citation, field="safety.side_airbags",
        basis=Basis.screening,
        ok="Side airbags protect the thorax in the 32 km/h, 75° pole test (ES-2re rib deflection ≤ 44 mm).",
        missing="No side airbags: in the 32 km/h, 75° pole test the ES-2re thorax meets the door directly, and "
        "a narrow kei body leaves little room to keep rib deflection ≤ 44 mm. Screened as a likely fail.",
    )


def door_beams(ctx: Context) -> Finding:
    rule_id, title, citation = "us.214.door_beams", "Side door intrusion beams", "49 CFR 571.214"
    if skip := _side_scope(ctx, rule_id, title, citation, "structure.side_door_beams"):
        return skip
    return equipment(
        rule_id, title, present=ctx.design.structure.side_door_beams, citation=citation,
        field="structure.side_door_beams", basis=Basis.screening,
        ok="Door beams resist intrusion in the 54 km/h moving-barrier and pole tests.",
        missing="No door beams: the 54 km/h, 1,361 kg moving barrier would drive the door into the occupant. "
        "Screened as a likely fail.",
    )


def curtain_airbags(ctx: Context) -> Finding:
    rule_id, title, citation = "us.226.ejection_mitigation", "Ejection mitigation", "49 CFR 571.226"
    # 226 covers every class only up to 4,536 kg (B6)
    if skip := _side_scope(ctx, rule_id, title, citation, "safety.curtain_airbags", cars_any_weight=False):
        return skip
    if ctx.design.body_style == "roadster":
        return not_applicable(rule_id, title, "Convertibles are excluded from FMVSS 226.", citation=citation,
                              basis=Basis.screening, field="safety.curtain_airbags")
    return equipment(
        rule_id, title, present=ctx.design.safety.curtain_airbags, citation=citation,
        field="safety.curtain_airbags", basis=Basis.screening,
        ok="Curtain airbags cover the side windows to hold the 278 J headform within 100 mm of the window plane.",
        missing="No curtain airbags: FMVSS 226 fires an 18 kg headform at 20 km/h through each side window and "
        "allows 100 mm of travel past the glass; in practice only a curtain airbag achieves it.",
    )


# --- Presence checks: 111, 126, 138, 141, 305 ------------------------------------------------------------------

def rear_camera(ctx: Context) -> Finding:
    citation = "49 CFR 571.111" + (" S6.2" if ctx.is_lsv else "")
    if _over_scope(ctx):
        return not_applicable("us.111.rear_visibility", "Rear visibility", _scope_note(ctx), citation=citation,
                              field="safety.rear_camera")
    return equipment(
        "us.111.rear_visibility", "Rear visibility", present=ctx.design.safety.rear_camera, citation=citation,
        field="safety.rear_camera",
        ok="A rear camera shows the 3.05 × 6.10 m (10 × 20 ft) zone behind the vehicle.",
        missing="A rear-view image of the 10 × 20 ft zone behind the vehicle has been required since 1 May 2018 "
        "(LSVs included); fit a rear camera and display.",
    )


def esc(ctx: Context) -> Finding:
    citation = "49 CFR 571.126"
    if ctx.is_lsv:
        return not_applicable("us.126.esc", "Electronic stability control", LSV_OUT, citation=citation,
                              field="safety.esc")
    if _over_scope(ctx):
        return not_applicable("us.126.esc", "Electronic stability control", _scope_note(ctx), citation=citation,
                              field="safety.esc")
    return equipment(
        "us.126.esc", "Electronic stability control", present=ctx.design.safety.esc, citation=citation,
        field="safety.esc", ok="ESC is fitted.",
        missing="ESC is required on vehicles up to 4,536 kg GVWR; fit it.",
    )


def tpms(ctx: Context) -> Finding:
    citation = "49 CFR 571.138"
    if ctx.is_lsv:
        return not_applicable("us.138.tpms", "Tyre pressure monitoring", LSV_OUT, citation=citation,
                              field="safety.tpms")
    if _over_scope(ctx):
        return not_applicable("us.138.tpms", "Tyre pressure monitoring", _scope_note(ctx), citation=citation,
                              field="safety.tpms")
    return equipment(
        "us.138.tpms", "Tyre pressure monitoring", present=ctx.design.safety.tpms, citation=citation,
        field="safety.tpms", ok="TPMS warns when a tyre is 25 % below placard pressure.",
        missing="TPMS must warn within 20 minutes when a tyre is 25 % or more below placard pressure; fit it.",
    )


def pedestrian_alert(ctx: Context) -> Finding:
    citation = "49 CFR 571.141"
    if not ctx.is_electrified:
        return not_applicable("us.141.alert_sound", "Pedestrian alert sound",
                              "Applies to electric and hybrid vehicles only.", citation=citation,
                              field="safety.pedestrian_alert_sound")
    return equipment(
        "us.141.alert_sound", "Pedestrian alert sound", present=ctx.design.safety.pedestrian_alert_sound,
        citation=citation, field="safety.pedestrian_alert_sound",
        ok="An alert sound plays when stationary in gear, in reverse and below 30 km/h.",
        missing="Electric and hybrid vehicles must sound an alert when stationary in gear, in reverse and "
        "below 30 km/h; fit an acoustic alerting system.",
    )


def electric_safety(ctx: Context) -> Finding:
    rule_id, title, citation = "us.305.electric_safety", "High-voltage electrical safety", "49 CFR 571.305 / 305a"
    pt = ctx.design.powertrain
    if pt.kind == "gas":
        return not_applicable(rule_id, title, "No traction battery.", citation=citation)
    field = "powertrain.pack_voltage_v"
    if ctx.is_lsv:
        return not_applicable(rule_id, title, "LSVs were outside the original FMVSS 305.", citation=citation,
                              field=field)
    if _cars_any_weight_scope(ctx):
        return not_applicable(rule_id, title, _scope_note(ctx), citation=citation, field=field)
    if pt.pack_voltage_v <= HV_DC_V or pt.top_speed_kmh <= HV_SPEED_KMH:
        return Finding(
            rule_id=rule_id, title=title, group="us", status=Status.not_applicable, basis=Basis.regulation,
            citation=citation, unit="V", measured=pt.pack_voltage_v, maximum=HV_DC_V, field=field,
            explanation="Applies to propulsion above 60 V DC in vehicles able to exceed 40 km/h; this one is not.",
        )
    return Finding(
        rule_id=rule_id, title=title, group="us", status=Status.warn, basis=Basis.regulation, citation=citation,
        unit="V", measured=pt.pack_voltage_v, field=field,
        explanation=f"The {pt.pack_voltage_v:.0f} V pack is a high-voltage source: after the 208, 214 and 301 "
        "crash tests it must keep isolation ≥ 500 Ω/V (≥ 100 Ω/V DC with continuous monitoring) and stay "
        "attached. FMVSS 305a applies from 1 Sep 2027. Shown by test, not by this design.",
    )


# --- Weights and child seats -----------------------------------------------------------------------------------

def capacity_weight(ctx: Context) -> Finding:
    d = ctx.derived
    occupancy = ctx.design.occupancy
    minimum = d.min_gvwr_kg
    rated = ctx.design.mass.rated_gvwr_kg
    parts = (f"curb {ctx.design.mass.curb_mass_kg:,.0f} kg + {occupancy.seats} × {OCCUPANT_MASS_KG:.0f} kg "
             f"+ payload {occupancy.payload_kg:,.0f} kg = {minimum:,.0f} kg")
    return bounded(
        "us.110.capacity_weight", "GVWR covers vehicle capacity weight", "us", measured=d.gvwr_kg, unit="kg",
        minimum=minimum, basis=Basis.regulation, citation="49 CFR 567.4(g)(3); 571.110",
        field="mass.rated_gvwr_kg",
        ok=(f"GVWR {d.gvwr_kg:,.0f} kg covers {parts}." if rated is not None
            else f"No rated GVWR entered; the minimum is used: {parts}."),
        too_low=f"Rated GVWR {d.gvwr_kg:,.0f} kg is less than {parts}; raise the rating or cut the payload.",
    )


def child_anchorages(ctx: Context) -> Finding:
    citation = "49 CFR 571.225"
    title = "Child restraint anchorages (LATCH)"
    if ctx.is_lsv:
        return not_applicable("us.225.latch", title, LSV_OUT, citation=citation, field="safety.latch_positions")
    rear = max(ctx.design.occupancy.seats - 2, 0)
    if rear == 0:
        return not_applicable("us.225.latch", title, "No rear seats; FMVSS 225 has special provisions for "
                              "vehicles without rear seats that the reference does not give.",
                              citation=citation, field="safety.latch_positions")
    need = min(2, rear)
    have = ctx.design.safety.latch_positions
    return bounded(
        "us.225.latch", title, "us", measured=have, unit="seats", minimum=need, basis=Basis.regulation,
        citation=citation, field="safety.latch_positions",
        ok=f"{have} rear positions have lower anchorages and a tether (at least {need} needed).",
        too_low=f"{have} LATCH positions; FMVSS 225 requires a full system at no fewer than two forward-facing "
        f"rear seats ({need} here).",
    )


# --- FMVSS 500 low-speed vehicles --------------------------------------------------------------------------------

def lsv_speed(ctx: Context) -> Finding:
    v = ctx.design.powertrain.top_speed_kmh
    return bounded(
        "us.500.speed", "LSV speed band", "us", measured=v, unit="km/h", minimum=LSV_MIN_KMH, strict_minimum=True,
        maximum=LSV_MAX_KMH, basis=Basis.regulation, citation="49 CFR 571.3; 571.500",
        field="powertrain.top_speed_kmh",
        ok=f"Top speed {v:.0f} km/h is in the LSV band (over 32, at most 40 km/h).",
        too_low=f"Top speed {v:.0f} km/h is not over 32 km/h (20 mph); such a vehicle is not an LSV.",
        too_high=f"Top speed {v:.0f} km/h exceeds the 40 km/h (25 mph) LSV ceiling; limit the speed or "
        "choose another class.",
    )


def lsv_gvwr(ctx: Context) -> Finding:
    g = ctx.derived.gvwr_kg
    return bounded(
        "us.500.gvwr", "LSV weight limit", "us", measured=g, unit="kg", maximum=LSV_GVWR_KG, strict_maximum=True,
        basis=Basis.regulation, citation="49 CFR 571.3; 571.500", field="mass.rated_gvwr_kg",
        ok=f"GVWR {g:,.0f} kg is under the 1,361 kg (3,000 lb) LSV limit.",
        too_high=f"GVWR {g:,.0f} kg is not under 1,361 kg (3,000 lb); too heavy for an LSV.",
    )


_LSV_EQUIPMENT = (
    ("lighting.turn_signals", "turn signals"),
    ("lighting.reflex_reflectors", "red reflex reflectors"),
    ("safety.exterior_mirrors", "exterior mirrors"),
    ("safety.parking_brake", "parking brake"),
    ("safety.safety_glazing", "FMVSS 205 windshield"),
)


def lsv_equipment(ctx: Context) -> Finding:
    missing = []
    for path, label in _LSV_EQUIPMENT:
        group, name = path.split(".")
        if not getattr(getattr(ctx.design, group), name):
            missing.append((path, label))
    if ctx.design.safety.seat_belts == "none":
        missing.append(("safety.seat_belts", "seat belts (Type 1 or Type 2) at each seat"))
    present = not missing
    return Finding(
        rule_id="us.500.equipment", title="LSV required equipment", group="us",
        status=Status.pass_ if present else Status.fail, basis=Basis.regulation, citation="49 CFR 571.500 S5",
        measured=present, required=True, field=missing[0][0] if missing else None,
        explanation=("Headlamps, turn signals, tail and stop lamps, reflectors, mirrors, parking brake, "
                     "windshield and belts are all fitted." if present
                     else "Missing: " + ", ".join(label for _, label in missing) + "."),
    )


# --- Consumer information ----------------------------------------------------------------------------------------

def _stars(ssf: float) -> int:
    for cut, stars in SSF_STAR_CUTS:
        if ssf >= cut:
            return stars
    return 1


def rollover(ctx: Context) -> Finding:
    d = ctx.derived
    stars = _stars(d.ssf)
    cg = f"{d.cg_height_mm:.0f} mm" + (" (estimated)" if d.cg_estimated else "")
    base = (f"SSF {d.ssf:.2f} = track {d.average_track_mm:.0f} mm / (2 × CG {cg}) suggests about {stars}★ "
            "(cut points 1.04/1.13/1.25/1.45 are unconfirmed; NCAP also runs a dynamic tip-up test).")
    low = d.ssf < SSF_STAR_CUTS[1][0]
    return Finding(
        rule_id="us.ncap.rollover", title="Rollover resistance (NCAP)", group="us",
        status=Status.warn if low else Status.pass_, basis=Basis.advisory,
        citation="NHTSA NCAP rollover resistance rating (consumer information)", unit="", measured=d.ssf,
        minimum=SSF_STAR_CUTS[1][0], field="dimensions.front_track_mm",
        explanation=base + (" Widen the track or lower the CG to reach 4★." if low else ""),
    )


def footprint(ctx: Context) -> Finding:
    f = ctx.derived.footprint_ft2
    return Finding(
        rule_id="us.cafe.footprint", title="CAFE footprint", group="us", status=Status.info, basis=Basis.advisory,
        citation="49 CFR 523; 531.5", unit="ft²", measured=f, field="dimensions.wheelbase_mm",
        explanation=f"Footprint {f:.1f} ft² (wheelbase × average track) sets the fuel-economy target; small "
        "footprints sit on the flat, most demanding end of the target curve.",
    )


COMMON_US_RULES: tuple[Rule, ...] = (
    headlamp_height, tail_lamp_height, bumper_height, roof_crush, frontal_airbags, frontal_crush, side_airbags,
    door_beams, curtain_airbags, rear_camera, esc, tpms, pedestrian_alert, electric_safety, capacity_weight,
    child_anchorages, rollover, footprint,
)
LSV_RULES: tuple[Rule, ...] = (lsv_speed, lsv_gvwr, lsv_equipment)


def us_rules(us_class: USClass) -> tuple[Rule, ...]:
    """The pathway: rules evaluated for a US class."""
    if us_class is USClass.lsv:
        return LSV_RULES + COMMON_US_RULES
    return COMMON_US_RULES
