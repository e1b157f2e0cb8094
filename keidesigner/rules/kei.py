"""Japan's kei (keijidōsha) class: reference section A. The limits themselves are defined once, in design.kei."""

from __future__ import annotations

from ..design.kei import KEI
from ..design.message import Msg, Num
from .context import Context, Rule, bounded, not_applicable
from .finding import Basis, Finding

DIMENSIONS_CITATION = "Japan Road Transport Vehicle Act rules, kei class (1998)"
SEATS_CITATION = "Japan Road Transport Vehicle Act rules, kei class"
POWER_CITATION = "Japanese makers' voluntary agreement, 64 PS (not a statute)"
POWER_FIELD = {"gas": "powertrain.engine_power_kw", "electric": "powertrain.motor_power_kw",
               "hybrid": "powertrain.system_power_kw"}
_BOX = (("kei.length", "Length", "length_mm", "shorten"), ("kei.width", "Width", "width_mm", "narrow"),
        ("kei.height", "Height", "height_mm", "lower"))


def _dimension(rule_id: str, title: str, field: str, verb: str) -> Rule:
    limit = getattr(KEI, field)
    ok = Msg(title + " {measured} is within the kei limit of {maximum}.")
    too_high = Msg(title + " {measured} exceeds the kei limit of {maximum} by {excess}; " + verb
                   + " the body to {target} or less to stay in the class.")

    def rule(ctx: Context) -> Finding:
        return bounded(
            rule_id, title, "kei", measured=getattr(ctx.design.dimensions, field), unit="mm", maximum=limit,
            basis=Basis.regulation, citation=DIMENSIONS_CITATION, field=f"dimensions.{field}", ok=ok,
            too_high=too_high,
        )

    return rule


kei_length, kei_width, kei_height = (_dimension(*box) for box in _BOX)

_POWER_NOTE = Num(KEI.press_power_kw, "kW", places=2)
_POWER_OK = Msg("Peak power {measured} is within the Japanese makers' 64 PS agreement ({maximum}); the \"64 hp\" the "
                "US press quotes is {0}, a looser reading of the same agreement.", _POWER_NOTE)
_POWER_HIGH = Msg("Peak power {measured} exceeds the Japanese makers' 64 PS agreement ({maximum}) by {excess}; no kei "
                  "vehicle is sold above it. Bring it to {target} or less (the \"64 hp\" of the US press, {0}, is a "
                  "looser reading of the same agreement).", _POWER_NOTE)
_POWER_EV = Msg("Peak power {measured} is within the 64 PS agreement ({maximum}) but above the {0} that production kei "
                "EVs keep to.", Num(KEI.ev_convention_kw, "kW"))


def _power_warning(kw: float) -> Msg | None:
    return _POWER_EV if kw > KEI.ev_convention_kw else None


_ENGINE_OK = Msg("The engine's {measured}, above the system power typed, is within the Japanese makers' 64 PS "
                 "agreement ({maximum}).")
_ENGINE_HIGH = Msg("The engine's {measured} exceeds the Japanese makers' 64 PS agreement ({maximum}) by {excess}, "
                   "whatever the system power typed; bring it to {target} or less.")


def kei_output(design) -> tuple[float, str]:
    """(kW, field) the 64 PS agreement is read against: the powertrain's peak power (gas: the engine's; electric: the
    motor's; hybrid: the system power, or the engine's where that is typed higher) and the field that holds it.
    Whether the agreement means a hybrid's engine or its combined output is not confirmed (reference A); either must
    stay within it, so a system power typed below the engine's cannot hide an engine over 64 PS."""
    pt = design.powertrain
    if pt.kind == "hybrid" and pt.engine_power_kw > pt.system_power_kw:
        return pt.peak_power_kw, "powertrain.engine_power_kw"
    return pt.peak_power_kw, POWER_FIELD[pt.kind]


def kei_power(ctx: Context) -> Finding:
    kw, field = kei_output(ctx.design)
    by_engine = field != POWER_FIELD[ctx.design.powertrain.kind]
    return bounded(
        "kei.power", "Peak power", "kei", measured=kw, unit="kW", maximum=KEI.power_kw,
        basis=Basis.screening, citation=POWER_CITATION, field=field,
        ok=_ENGINE_OK if by_engine else _POWER_OK, too_high=_ENGINE_HIGH if by_engine else _POWER_HIGH,
        warn_if=_power_warning, min_places=2,
    )


_DISPLACEMENT_OK = Msg("{measured} is within the kei limit of {maximum}.")
_DISPLACEMENT_HIGH = Msg("{measured} exceeds the kei limit of {maximum} by {excess}; a kei engine must be {target} or "
                         "less.")


def kei_displacement(ctx: Context) -> Finding:
    pt = ctx.design.powertrain
    if pt.kind == "electric":
        return not_applicable(
            "kei.displacement", "Engine displacement",
            "Electric kei vehicles are classed by size, seats and cargo; the 660 cc limit is for engines.",
            citation=DIMENSIONS_CITATION, group="kei",
        )
    return bounded(
        "kei.displacement", "Engine displacement", "kei", measured=pt.displacement_cc, unit="cc",
        maximum=KEI.displacement_cc, basis=Basis.regulation, citation=DIMENSIONS_CITATION,
        field="powertrain.displacement_cc", ok=_DISPLACEMENT_OK, too_high=_DISPLACEMENT_HIGH,
    )


_SEATS_OK = Msg("{measured}, counted as the US counts designated seating positions from the seats (49 CFR "
                "571.10), is within the kei limit of {maximum}.")
_SEATS_HIGH = Msg("{measured}, counted as the US counts designated seating positions from the seats (49 CFR "
                  "571.10), exceeds the kei limit of {maximum} persons: narrow or remove seats until {maximum} or "
                  "fewer remain.")


def kei_seats(ctx: Context) -> Finding:
    places = ctx.derived.seating.places
    widest = max(places, key=lambda p: (p.positions, p.row))  # the seat whose positions are likeliest to go
    return bounded(
        "kei.seats", "Seating capacity", "kei", measured=ctx.derived.seats, unit="seats",
        maximum=KEI.seats, basis=Basis.regulation, citation=SEATS_CITATION,
        field=f"{widest.path}.seating_width_mm", ok=_SEATS_OK, too_high=_SEATS_HIGH, fix=False,
    )


_PAYLOAD_OK = Msg("Payload {measured} is within the kei cargo limit of {maximum}.")
_PAYLOAD_HIGH = Msg("Payload {measured} exceeds the kei cargo limit of {maximum} by {excess}; rate it at {target} or "
                    "less.")


def kei_payload(ctx: Context) -> Finding:
    return bounded(
        "kei.payload", "Cargo capacity", "kei", measured=ctx.design.occupancy.payload_kg, unit="kg",
        maximum=KEI.payload_kg, basis=Basis.regulation, citation=SEATS_CITATION, field="occupancy.payload_kg",
        ok=_PAYLOAD_OK, too_high=_PAYLOAD_HIGH,
    )


KEI_RULES: tuple[Rule, ...] = (
    kei_length, kei_width, kei_height, kei_power, kei_displacement, kei_seats, kei_payload,
)
