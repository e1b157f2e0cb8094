"""US rules (49 CFR Parts 567, 571, 581 and NHTSA consumer information): reference section B.

Each rule states its applicability by class, GVWR and powertrain as the reference gives it. Limits marked [C] or [S]
in the reference are `regulation`; engineering estimates are `screening`; consumer ratings and unconfirmed [M]
numbers are `advisory` and never fail a design. A limit the CFR states in two units ("40 km/h (25 mph)") is a
`Paired` limit, applied as the user's `paired_units` setting reads it.
"""

from __future__ import annotations

from ..design import USClass
from ..design.derived import FRONTAL_TEST_SPEED_KMH, OCCUPANT_MASS_KG
from ..design.message import LazyMsg, Msg, Num
from ..design.units import KG_PER_LB, KM_PER_MI, MM_PER_IN, STANDARD_GRAVITY
from .context import Context, Paired, Rule, bounded, equipment, not_applicable
from .finding import Basis, Finding, Fix, Status
from .front_end import small_overlap
from .occupants import OCCUPANT_RULES
from .settings import PairedReading

HEADLAMP_MIN_MM, HEADLAMP_MAX_MM = 22 * MM_PER_IN, 54 * MM_PER_IN  # 571.108 Table I-a
TAIL_LAMP_MIN_MM, TAIL_LAMP_MAX_MM = 15 * MM_PER_IN, 72 * MM_PER_IN
BUMPER_MIN_MM, BUMPER_MAX_MM = 16 * MM_PER_IN, 20 * MM_PER_IN  # 581.7
GVWR_SCOPE = Paired(4536.0, 10_000 * KG_PER_LB)  # scope ceiling of most FMVSS named in the reference
ROOF_3X_GVWR = Paired(2722.0, 6_000 * KG_PER_LB)  # 216a: 3.0 x UVW up to 6,000 lb GVWR, 1.5 x above
ROOF_FACTOR_LIGHT, ROOF_FACTOR_HEAVY = 3.0, 1.5  # 216a: the force as a multiple of the unloaded vehicle weight
LSV_MIN_SPEED = Paired(32.0, 20 * KM_PER_MI)  # 571.3: more than 32 km/h (20 mph)
LSV_MAX_SPEED = Paired(40.0, 25 * KM_PER_MI)  # and not more than 40 km/h (25 mph)
LSV_GVWR = Paired(1361.0, 3_000 * KG_PER_LB)  # GVWR less than 1,361 kg (3,000 lb)
HV_DC_V = 60.0  # 305: propulsion above 60 V DC
HV_SPEED_KMH = 40.0  # 305: able to exceed 40 km/h
# SSF star cut points: reference B19 marks them [M], so the rollover rule is advisory and says so.
SSF_STAR_CUTS = ((1.45, 5), (1.25, 4), (1.13, 3), (1.04, 2))

LAMP_CITATION = "49 CFR 571.108 S6.1.4, Table I-a"
# figures quoted in explanations, written by the reader's formatter (and unit system) like every other number
_SCOPE = Num(4536, "kg", dual=True)
_TEST_SPEED = Num(FRONTAL_TEST_SPEED_KMH, "km/h", dual=True)
_POLE = (Num(32, "km/h", dual=True), Num(44, "mm", dual=True))
_MDB = (Num(54, "km/h", dual=True), Num(1361, "kg", dual=True))
_HEADFORM = (Num(18, "kg", dual=True), Num(20, "km/h", dual=True), Num(100, "mm", dual=True), Num(278, "", places=0))
_REAR_ZONE = (Num(3.05, "m", dual=True), Num(6.10, "m", dual=True))  # 10 × 20 ft
_ALERT_SPEED = Num(30, "km/h", dual=True)
LSV_OUT = "FMVSS 500 S5 lists what a low-speed vehicle needs, and this is not on it."
READING = {PairedReading.us: "the US customary figures, as NHTSA states them", PairedReading.metric:
           "the metric figures", PairedReading.either: "whichever figure lets the vehicle pass"}


def _over_scope(ctx: Context) -> bool:
    return ctx.derived.gvwr_kg > ctx.paired(GVWR_SCOPE, "max")


def _scope_note(ctx: Context) -> Msg:
    return Msg("GVWR {0} is above the standard's scope of {1}.", Num(ctx.derived.gvwr_kg, "kg"), _SCOPE)


# --- FMVSS 108 lamps -------------------------------------------------------------------------------------------

def _lamp(rule_id: str, title: str, field: str, low: float, high: float) -> Rule:
    band = (Num(low, "mm", exact=True, dual=True), Num(high, "mm", exact=True, dual=True))
    ok = Msg("Centre at {measured} is within {0} – {1} above the road.", *band)
    too_low = Msg("Centre at {measured} is {excess} below the {0} minimum; raise the lamp to at least {target}.",
                  band[0])
    too_high = Msg("Centre at {measured} is {excess} above the {0} maximum; lower the lamp to at most {target}.",
                   band[1])

    def rule(ctx: Context) -> Finding:
        if ctx.is_lsv:
            return not_applicable(
                rule_id, title, "FMVSS 500 S5 requires the lamp on a low-speed vehicle; the reference gives no "
                "mounting height for LSVs.", citation=LAMP_CITATION, field=f"lighting.{field}",
            )
        return bounded(
            rule_id, title, "us", measured=getattr(ctx.design.lighting, field), unit="mm", minimum=low,
            maximum=high, basis=Basis.regulation, citation=LAMP_CITATION, field=f"lighting.{field}", ok=ok,
            too_low=too_low, too_high=too_high,
        )

    return rule


headlamp_height = _lamp("us.108.headlamp_height", "Headlamp mounting height", "headlamp_height_mm",
                        HEADLAMP_MIN_MM, HEADLAMP_MAX_MM)
tail_lamp_height = _lamp("us.108.tail_lamp_height", "Tail lamp mounting height", "tail_lamp_height_mm",
                         TAIL_LAMP_MIN_MM, TAIL_LAMP_MAX_MM)


# --- FMVSS 108 centre high-mounted stop lamp -------------------------------------------------------------------

CHMSL_MIN_MM = 34 * MM_PER_IN  # trucks and MPVs (reference B25)
CHMSL_WIDTH_MM = 80 * MM_PER_IN  # required on trucks, MPVs and buses under 80 in overall width
CHMSL_GVWR_KG = 10_000 * KG_PER_LB  # and under 10,000 lb GVWR
CHMSL_CITATION = "49 CFR 571.108 Table I-a, S6.1.4"
_CHMSL_MISSING = Msg("Trucks and MPVs under {0} wide with a GVWR of {1} or less carry a centre high-mounted stop "
                     "lamp since 1 Sep 1993 (most kei trucks have none); fit one, its centre at least {2} above the "
                     "road.",
                     Num(CHMSL_WIDTH_MM, "mm", dual=True), Num(CHMSL_GVWR_KG, "kg", dual=True),
                     Num(CHMSL_MIN_MM, "mm", exact=True, dual=True))


def chmsl(ctx: Context) -> Finding:
    rule_id, title = "us.108.chmsl", "Centre high-mounted stop lamp"
    light = ctx.design.lighting
    if ctx.is_lsv:
        return not_applicable(rule_id, title, "FMVSS 500 S5 lists stop lamps but not a centre high-mounted one.",
                              citation=CHMSL_CITATION, field="lighting.chmsl")
    if ctx.us_class is USClass.passenger_car:
        return equipment(
            rule_id, title, present=light.chmsl, citation=CHMSL_CITATION, field="lighting.chmsl",
            ok=LazyMsg("A CHMSL is fitted on the vertical centre line at {0}. FMVSS 108 S6.1.4.1.1 also keeps a "
                       "passenger car's lens no lower than {1} below the rear window when it is mounted below it, "
                       "which this design does not describe.",
                       lambda: (Num(light.chmsl_height_mm, "mm"), Num(77, "mm", dual=True))),
            missing="Every passenger car since 1 Sep 1985 carries a centre high-mounted stop lamp on its vertical "
                    "centre line; fit one.",
        )
    width, gvwr = ctx.design.dimensions.width_mm, ctx.derived.gvwr_kg
    if width >= CHMSL_WIDTH_MM or gvwr > CHMSL_GVWR_KG:
        return not_applicable(rule_id, title, LazyMsg(
            "Required on trucks and MPVs under {0} wide with a GVWR of {1} or less; this one is {2} wide at {3}.",
            lambda: (Num(CHMSL_WIDTH_MM, "mm", dual=True), Num(CHMSL_GVWR_KG, "kg", dual=True), Num(width, "mm"),
                     Num(gvwr, "kg"))), citation=CHMSL_CITATION, field="lighting.chmsl")
    if not light.chmsl:
        return equipment(
            rule_id, title, present=False, citation=CHMSL_CITATION, field="lighting.chmsl", ok="",
            missing=_CHMSL_MISSING,
        )
    return bounded(
        rule_id, title, "us", measured=light.chmsl_height_mm, unit="mm", minimum=CHMSL_MIN_MM,
        basis=Basis.regulation, citation=CHMSL_CITATION, field="lighting.chmsl_height_mm",
        ok=Msg("The CHMSL's centre at {measured} is at least the {minimum} a truck or MPV needs."),
        too_low=Msg("The CHMSL's centre at {measured} is {excess} under the {minimum} a truck or MPV needs; raise it "
                    "to at least {target}."),
    )


# --- Part 581 bumpers ------------------------------------------------------------------------------------------

_BUMPER_ZONE = (Num(BUMPER_MIN_MM, "mm", exact=True, dual=True), Num(BUMPER_MAX_MM, "mm", exact=True, dual=True))
_BUMPER_OK = Msg("Impact line at {measured} is inside the {0} – {1} pendulum zone.", *_BUMPER_ZONE)
_BUMPER_LOW = Msg("Impact line at {measured} is {excess} below the {0} zone the {1} pendulum strikes; raise the "
                  "bumper beam to at least {target}.", _BUMPER_ZONE[0], Num(2.5 * 1.609344, "km/h", places=1,
                                                                             dual=True))
_BUMPER_HIGH = Msg("Impact line at {measured} is {excess} above the {0} top of the zone; lower the bumper beam to at "
                   "most {target}.", _BUMPER_ZONE[1])


def bumper_height(ctx: Context) -> Finding:
    citation = "49 CFR 581.5, 581.7"
    if ctx.us_class is not USClass.passenger_car:
        return not_applicable(
            "us.581.bumper_height", "Bumper impact height",
            "Part 581 applies to passenger cars; MPVs, trucks and LSVs are exempt.", citation=citation,
            field="lighting.bumper_height_mm",
        )
    return bounded(
        "us.581.bumper_height", "Bumper impact height", "us", measured=ctx.design.lighting.bumper_height_mm,
        unit="mm", minimum=BUMPER_MIN_MM, maximum=BUMPER_MAX_MM, basis=Basis.regulation, citation=citation,
        field="lighting.bumper_height_mm", ok=_BUMPER_OK, too_low=_BUMPER_LOW, too_high=_BUMPER_HIGH,
    )


# --- FMVSS 216a roof crush -------------------------------------------------------------------------------------

_ROOF_CONVERTIBLE = Msg("FMVSS 216a does not apply to convertibles (S3.1(a)(3)), except as a manufacturer's optional "
                        "alternative to FMVSS 208's rollover test (S5.3).")


def roof_crush(ctx: Context) -> Finding:
    citation = "49 CFR 571.216a"
    title = "Roof crush resistance"
    field = "structure.roof_strength_kn"
    if ctx.is_lsv:
        return not_applicable("us.216a.roof_crush", title, LSV_OUT, citation=citation, field=field)
    if _over_scope(ctx):
        return not_applicable("us.216a.roof_crush", title, _scope_note(ctx), citation=citation, field=field)
    if ctx.design.body_style.traits.open_top:
        return not_applicable("us.216a.roof_crush", title, _ROOF_CONVERTIBLE, citation=citation + " S3.1(a)(3)",
                              field=field)
    factor = ROOF_FACTOR_LIGHT if ctx.derived.gvwr_kg <= ctx.paired(ROOF_3X_GVWR, "max") else ROOF_FACTOR_HEAVY
    uvw = ctx.design.mass.curb_mass_kg
    required = factor * uvw * STANDARD_GRAVITY / 1000

    def args() -> tuple:
        return Num(factor, "", places=0 if factor.is_integer() else 1), Num(uvw, "kg"), Num(127, "mm", dual=True)

    return bounded(
        "us.216a.roof_crush", title, "us", measured=ctx.design.structure.roof_strength_kn, unit="kN",
        minimum=required, basis=Basis.regulation, citation=citation, field=field,
        ok=LazyMsg(_ROOF_OK, args), too_low=LazyMsg(_ROOF_LOW, args),
    )


_ROOF_OK = "Roof carries {measured}, at least {0} × the {1} unloaded weight ({minimum}) on each side."
_ROOF_LOW = ("Roof carries {measured} but must carry {0} × the {1} unloaded weight = {minimum} within {2} of platen "
             "travel, {excess} more; stiffen the pillars and roof rails to at least {target}.")


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


def crush_needed_mm(limit_g: float, speed_kmh: float = FRONTAL_TEST_SPEED_KMH) -> float:
    """Crush length (mm) that stops speed_kmh at an average of limit_g: d = v² / (2a)."""
    v = speed_kmh / 3.6
    return v * v / (2 * limit_g * STANDARD_GRAVITY) * 1000


_CRUSH_FIX_TEXT = {
    "front_end.firewall_x_mm": ("Move the firewall back to at least {target} (behind the front axle; negative is "
                                "ahead of it), or shorten the rigid block or lengthen the front overhang, by that "
                                "much between the three."),
    "front_end.block_length_mm": ("The firewall cannot go that far back (the front row sits behind it): shorten the "
                                  "rigid block to {target} or less, or lengthen the front overhang."),
    "dimensions.front_overhang_mm": ("Neither the firewall (the front row sits behind it) nor the rigid block can "
                                     "give that much: lengthen the front overhang to at least {target}, or move the "
                                     "front row back to make room for the firewall."),
}


def _crush_fix(ctx: Context, shortfall_mm: float) -> Fix:
    """The field to change for `shortfall_mm` more crush: the firewall while it stays ahead of the front row's
    H-point, else the rigid block while it is long enough, else the front overhang."""
    front, d = ctx.design.front_end, ctx.design.dimensions
    firewall = front.firewall_x_mm + shortfall_mm
    if firewall < ctx.design.package.rows[0].h_point_x_mm:
        return Fix("front_end.firewall_x_mm", firewall, "mm", "up", current=front.firewall_x_mm)
    if front.block_length_mm >= shortfall_mm:
        return Fix("front_end.block_length_mm", front.block_length_mm - shortfall_mm, "mm", "down",
                   current=front.block_length_mm)
    return Fix("dimensions.front_overhang_mm", d.front_overhang_mm + shortfall_mm, "mm", "up",
               current=d.front_overhang_mm)


def frontal_crush(ctx: Context) -> Finding:
    """The 56 km/h barrier pulse from the front end's crush length (derived.crush_length_mm: bumper face to
    firewall, less the rigid block); the fix moves the firewall, and the text names the other two fields that move
    the crush length."""
    citation = "49 CFR 571.208 (56 km/h barrier); d = v² / 2a"
    crush = ctx.derived.crush_length_mm
    title = "Frontal crash pulse (screening)"
    field = "front_end.firewall_x_mm"
    if ctx.is_lsv:
        return not_applicable("us.208.crush_pulse", title, LSV_OUT, citation=citation, basis=Basis.screening,
                              field=field)
    limit = ctx.settings.frontal_decel_limit_g
    needed = crush_needed_mm(limit)
    front = ctx.design.front_end
    fix = _crush_fix(ctx, needed - crush)
    return bounded(
        "us.208.crush_pulse", title, "us", measured=ctx.derived.crash_decel_g, unit="g", maximum=limit,
        basis=Basis.screening, citation=citation, field=fix.field, fix=fix,
        ok=LazyMsg("{0} of crush (bumper face to firewall, less {1} of rigid block) stops the car from {2} at an "
                   "average {measured}, under the {maximum} screening limit (a setting; no regulation states one).",
                   lambda: (Num(crush, "mm"), Num(front.block_length_mm, "mm", exact=True), _TEST_SPEED)),
        too_high=LazyMsg(
            "{0} of crush (bumper face to firewall, less {1} of rigid block) means an average {measured} from {2}, "
            "{excess} over the {maximum} screening limit: the front end needs {3} of crush, {4} more. "
            + _CRUSH_FIX_TEXT[fix.field],
            lambda: (Num(crush, "mm", places=1), Num(front.block_length_mm, "mm", exact=True), _TEST_SPEED,
                     Num(needed, "mm", places=1, direction="up"), Num(needed - crush, "mm", places=1, direction="up"))),
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
        ok=Msg("Side airbags protect the thorax in the {0}, 75° pole test (ES-2re rib deflection ≤ {1}).", *_POLE),
        missing=Msg("No side airbags: in the {0}, 75° pole test the ES-2re thorax meets the door directly, and a "
                    "narrow kei body leaves little room to keep rib deflection ≤ {1}. Screened as a likely fail.",
                    *_POLE),
    )


def door_beams(ctx: Context) -> Finding:
    rule_id, title, citation = "us.214.door_beams", "Side door intrusion beams", "49 CFR 571.214"
    if skip := _side_scope(ctx, rule_id, title, citation, "structure.side_door_beams"):
        return skip
    return equipment(
        rule_id, title, present=ctx.design.structure.side_door_beams, citation=citation,
        field="structure.side_door_beams", basis=Basis.screening,
        ok=Msg("Door beams resist intrusion in the {0} moving-barrier and pole tests.", _MDB[0]),
        missing=Msg("No door beams: the {0}, {1} moving barrier would drive the door into the occupant. Screened as a "
                    "likely fail.", *_MDB),
    )


def curtain_airbags(ctx: Context) -> Finding:
    rule_id, title, citation = "us.226.ejection_mitigation", "Ejection mitigation", "49 CFR 571.226"
    # 226 covers every class only up to 4,536 kg (B6)
    if skip := _side_scope(ctx, rule_id, title, citation, "safety.curtain_airbags", cars_any_weight=False):
        return skip
    if ctx.design.body_style.traits.open_top:
        return not_applicable(rule_id, title, "Convertibles are excluded from FMVSS 226.", citation=citation,
                              basis=Basis.screening, field="safety.curtain_airbags")
    return equipment(
        rule_id, title, present=ctx.design.safety.curtain_airbags, citation=citation,
        field="safety.curtain_airbags", basis=Basis.screening,
        ok=Msg("Curtain airbags cover the side windows to hold the {3} J headform within {2} of the window plane.",
               *_HEADFORM),
        missing=Msg("No curtain airbags: FMVSS 226 fires a headform of {0} at {1} through each side window and allows "
                    "{2} of travel past the glass; in practice only a curtain airbag achieves it.", *_HEADFORM),
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
        ok=Msg("A rear camera shows the {0} × {1} zone behind the vehicle.", *_REAR_ZONE),
        missing=Msg("A rear-view image of the {0} × {1} zone behind the vehicle has been required since 1 May 2018 "
                    "(LSVs included); fit a rear camera and display.", *_REAR_ZONE),
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
        missing=Msg("ESC is required on vehicles up to {0} GVWR; fit it.", _SCOPE),
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
        ok=Msg("An alert sound plays when stationary in gear, in reverse and below {0}.", _ALERT_SPEED),
        missing=Msg("Electric and hybrid vehicles must sound an alert when stationary in gear, in reverse "
                    "and below {0}; fit an acoustic alerting system.", _ALERT_SPEED),
    )


_HV_OUT = Msg("Applies to propulsion above {0} DC in vehicles able to exceed {1}; this one is not.",
              Num(HV_DC_V, "V"), Num(HV_SPEED_KMH, "km/h"))
_HV_WARN = Msg("The {measured} pack is a high-voltage source: after the 208, 214 and 301 crash tests it must keep "
               "isolation ≥ {0} Ω/V (≥ {1} Ω/V DC with continuous monitoring) and stay attached. FMVSS 305a applies "
               "from 1 Sep 2027. Shown by test, not by this design.", 500, 100)


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
        return Finding(rule_id, title, "us", Status.not_applicable, Basis.regulation, citation, _HV_OUT, "V",
                       pt.pack_voltage_v, field=field)
    return Finding(rule_id, title, "us", Status.warn, Basis.regulation, citation, _HV_WARN, "V",
                   pt.pack_voltage_v, field=field)


# --- Weights and child seats -----------------------------------------------------------------------------------

def capacity_weight(ctx: Context) -> Finding:
    d = ctx.derived
    occupancy = ctx.design.occupancy

    def parts() -> tuple:
        return (Num(ctx.design.mass.curb_mass_kg, "kg"), d.seats, Num(OCCUPANT_MASS_KG, "kg", exact=True),
                Num(occupancy.payload_kg, "kg"))

    sum_text = "curb {0} + {1} designated seats × {2} + payload {3} = {minimum}"
    rated = ctx.design.mass.rated_gvwr_kg
    return bounded(
        "us.110.capacity_weight", "GVWR covers capacity weight", "us", measured=d.gvwr_kg, unit="kg",
        minimum=d.min_gvwr_kg, basis=Basis.regulation, citation="49 CFR 567.4(g)(3); 571.110",
        field="mass.rated_gvwr_kg",
        ok=(LazyMsg("GVWR {measured} covers " + sum_text + ".", parts) if rated is not None
            else LazyMsg("No rated GVWR entered; the minimum is used: " + sum_text + ".", parts)),
        too_low=LazyMsg("Rated GVWR {measured} is {excess} less than " + sum_text + "; rate it at {target} or more, "
                        "or cut the payload.", parts),
    )


_GAWR = Msg("Axle loads at GVWR {0}: front {1}, rear {2} (curb {3} on the front axle; occupants at their seat rows, "
            "the rest of the GVWR at the middle of the cargo area). The Part 567 label's GAWRs must carry at least "
            "these; their sum at least equals the GVWR (NHTSA letter nht74-3.36). A screening estimate of where the "
            "loads sit.")


_GAWR_LIFT = Msg("Axle loads at GVWR {0}: the {1} axle would carry {2}: the load placed {3} lifts it, so the vehicle "
                 "cannot be loaded to this GVWR as laid out (curb {4} on the front axle; occupants at their seat rows, "
                 "the rest of the GVWR at the middle of the cargo area). Move the cargo area or the seats, or lower "
                 "the GVWR. A screening estimate of where the loads sit.")


def axle_ratings(ctx: Context) -> Finding:
    d = ctx.derived
    front, rear = d.gvwr_front_axle_kg, d.gvwr_rear_axle_kg

    def share() -> Num | Msg:
        pct = Num(d.curb_front_axle_pct, "%")
        return Msg("{0} (estimated)", pct) if d.front_axle_estimated else pct

    status, message = Status.info, LazyMsg(_GAWR.template, lambda: (
        Num(d.gvwr_kg, "kg"), Num(front, "kg", direction="up"), Num(rear, "kg", direction="up"), share()))
    if min(front, rear) <= 0:
        lifted, overhang = ("front", "behind the rear axle") if front <= 0 else ("rear", "ahead of the front axle")
        status = Status.warn
        message = Msg(_GAWR_LIFT.template, Num(d.gvwr_kg, "kg"), lifted, Msg("no load" if min(front, rear) > -0.5
                      else "a negative load ({0} up)", Num(-min(front, rear), "kg")), overhang, share())
    return Finding("us.567.gawr", "Gross axle weight ratings (GAWR)", "us", status, Basis.screening,
                   "49 CFR 567.4(g)(4); 571.3 (GAWR)", message, field="mass.curb_front_axle_pct")


# --- FMVSS 500 low-speed vehicles --------------------------------------------------------------------------------

def lsv_speed(ctx: Context) -> Finding:
    reading = Msg(READING[ctx.settings.paired_units])
    return bounded(
        "us.500.speed", "LSV speed band", "us", measured=ctx.design.powertrain.top_speed_kmh, unit="km/h",
        minimum=ctx.paired(LSV_MIN_SPEED, "min"), strict_minimum=True, maximum=ctx.paired(LSV_MAX_SPEED, "max"),
        basis=Basis.regulation, citation="49 CFR 571.3; 571.500", field="powertrain.top_speed_kmh",
        ok=Msg("Top speed {measured} is in the LSV band: more than 32 km/h (20 mph) and not more than 40 km/h "
               "(25 mph), read as {0} (a setting).", reading),
        too_low=Msg("Top speed {measured} is not more than {minimum} (20 mph), read as {0}: such a vehicle is not an "
                    "LSV; it needs at least {target}.", reading),
        too_high=Msg("Top speed {measured} exceeds the LSV ceiling of {maximum} (25 mph), read as {0}, by {excess}; "
                     "govern it to {target} or choose another class.", reading),
    )


def lsv_gvwr(ctx: Context) -> Finding:
    d = ctx.derived
    limit = ctx.paired(LSV_GVWR, "max")
    rated = ctx.design.mass.rated_gvwr_kg
    # lowering the rating helps only while it still covers the capacity weight
    fix = rated is not None and d.min_gvwr_kg < limit
    reading = Msg("{0} read as {1}", Num(LSV_GVWR.metric, "kg", dual=True), Msg(READING[ctx.settings.paired_units]))
    return bounded(
        "us.500.gvwr", "LSV weight limit", "us", measured=d.gvwr_kg, unit="kg", maximum=limit, strict_maximum=True,
        basis=Basis.regulation, citation="49 CFR 571.3; 571.500", field="mass.rated_gvwr_kg", fix=fix,
        ok=Msg("GVWR {measured} is under the LSV limit of less than {0}, read as {1}.",
               Num(LSV_GVWR.metric, "kg", dual=True), reading),
        too_high=(Msg("GVWR {measured} is not under the LSV limit of {maximum} ({0}): too heavy for an LSV; rate it "
                      "at {target} or less.", reading) if fix else
                  Msg("GVWR {measured} is not under the LSV limit of {maximum} ({0}): too heavy for an LSV; the curb "
                      "mass, seats and payload alone need {1}.", reading, Num(d.min_gvwr_kg, "kg", direction="up"))),
    )


_LSV_EQUIPMENT = (
    ("lighting.turn_signals", "turn signals"),
    ("lighting.reflex_reflectors", "red reflex reflectors"),
    ("safety.exterior_mirrors", "exterior mirrors"),
    ("safety.parking_brake", "parking brake"),
    ("safety.safety_glazing", "FMVSS 205 windshield"),
)
_LSV_ALL = Msg("Headlamps, turn signals, tail and stop lamps, reflectors, mirrors, parking brake, windshield and belts "
               "are all fitted.")


def lsv_equipment(ctx: Context) -> Finding:
    missing = []
    for path, label in _LSV_EQUIPMENT:
        group, name = path.split(".")
        if not getattr(getattr(ctx.design, group), name):
            missing.append((path, label))
    unbelted = next((p for p in ctx.derived.seating.places if p.positions and p.seat.belt == "none"), None)
    if unbelted is not None:
        missing.append((f"{unbelted.path}.belt", "seat belts (Type 1 or Type 2) at each seat"))
    present = not missing
    return Finding(
        "us.500.equipment", "LSV required equipment", "us", Status.pass_ if present else Status.fail,
        Basis.regulation, "49 CFR 571.500 S5",
        _LSV_ALL if present else Msg("Missing: {0}.", ", ".join(label for _, label in missing)),
        measured=present, required=True, field=missing[0][0] if missing else None,
    )


# --- Consumer information ----------------------------------------------------------------------------------------

def _stars(ssf: float) -> int:
    for cut, stars in SSF_STAR_CUTS:
        if ssf >= cut:
            return stars
    return 1


_ROLLOVER = ("SSF {measured} = track {0} / (2 × CG {1}) suggests about {2}★ (cut points {3}/{4}/{5}/{6} are "
             "unconfirmed; NCAP also runs a dynamic tip-up test).")
_CUTS = tuple(Num(cut, "", places=2) for cut, _ in reversed(SSF_STAR_CUTS))


def rollover(ctx: Context) -> Finding:
    d = ctx.derived
    low = d.ssf < SSF_STAR_CUTS[1][0]
    template = _ROLLOVER + (" Widen the track or lower the CG to reach 4★." if low else "")

    def args() -> tuple:
        cg = Msg("{0} (estimated)", Num(d.cg_height_mm, "mm")) if d.cg_estimated else Num(d.cg_height_mm, "mm")
        return (Num(d.average_track_mm, "mm"), cg, _stars(d.ssf), *_CUTS)

    return Finding(
        "us.ncap.rollover", "Rollover resistance (NCAP)", "us", Status.warn if low else Status.pass_,
        Basis.advisory, "NHTSA NCAP rollover resistance rating (consumer information)",
        LazyMsg(template, args), "", d.ssf,
        minimum=SSF_STAR_CUTS[1][0], field="dimensions.front_track_mm",
    )


def footprint(ctx: Context) -> Finding:
    return Finding(
        "us.cafe.footprint", "CAFE footprint", "us", Status.info, Basis.advisory, "49 CFR 523; 531.5",
        Msg("Footprint {measured} (wheelbase × average track) sets the fuel-economy target; small footprints sit on "
            "the flat, most demanding end of the target curve."), "ft²", ctx.derived.footprint_ft2,
        field="dimensions.wheelbase_mm",
    )


COMMON_US_RULES: tuple[Rule, ...] = (
    headlamp_height, tail_lamp_height, chmsl, bumper_height, roof_crush, frontal_airbags, frontal_crush,
    side_airbags, door_beams, curtain_airbags, rear_camera, esc, tpms, pedestrian_alert, electric_safety,
    capacity_weight, axle_ratings, *OCCUPANT_RULES, small_overlap, rollover, footprint,
)
LSV_RULES: tuple[Rule, ...] = (lsv_speed, lsv_gvwr, lsv_equipment)


def us_rules(us_class: USClass) -> tuple[Rule, ...]:
    """The pathway: rules evaluated for a US class."""
    if us_class is USClass.lsv:
        return LSV_RULES + COMMON_US_RULES
    return COMMON_US_RULES
