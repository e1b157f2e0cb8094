"""Japan's kei (keijidōsha) class: reference section A."""

from __future__ import annotations

from ..design.units import KW_PER_HP, KW_PER_PS
from .context import Context, Rule, bounded, not_applicable
from .finding import Basis, Finding

KEI_LENGTH_MM = 3400.0
KEI_WIDTH_MM = 1480.0
KEI_HEIGHT_MM = 2000.0
KEI_DISPLACEMENT_CC = 660.0
KEI_SEATS = 4
KEI_PAYLOAD_KG = 350.0
KEI_POWER_KW = 64 * KW_PER_HP  # 47.72 kW: 64 hp
KEI_CONVENTION_KW = 47.0  # production kei EVs keep to 47 kW peak; 64 PS = 47.07 kW

DIMENSIONS_CITATION = "Japan Road Transport Vehicle Act rules, kei class (1998)"
SEATS_CITATION = "Japan Road Transport Vehicle Act rules, kei class"
POWER_CITATION = "Japanese industry voluntary agreement, 64 PS"


def _dimension(rule_id: str, title: str, field: str, limit: float) -> Rule:
    def rule(ctx: Context) -> Finding:
        value = getattr(ctx.design.dimensions, field)
        return bounded(
            rule_id, title, "kei", measured=value, unit="mm", maximum=limit, basis=Basis.regulation,
            citation=DIMENSIONS_CITATION, field=f"dimensions.{field}",
            ok=f"{title} {value:,.0f} mm is within the kei limit of {limit:,.0f} mm.",
            too_high=f"{title} {value:,.0f} mm exceeds the kei limit of {limit:,.0f} mm by {value - limit:,.0f} mm; "
            f"reduce it to stay in the class.",
        )

    return rule


kei_length = _dimension("kei.length", "Length", "length_mm", KEI_LENGTH_MM)
kei_width = _dimension("kei.width", "Width", "width_mm", KEI_WIDTH_MM)
kei_height = _dimension("kei.height", "Height", "height_mm", KEI_HEIGHT_MM)


def _power_warning(kw: float) -> str | None:
    if kw > KEI_CONVENTION_KW:
        return (
            f"Peak power {kw:.1f} kW is within 64 hp but above Japan's 64 PS / 47 kW convention "
            f"({64 * KW_PER_PS:.2f} kW); production kei vehicles keep to 47 kW."
        )
    return None


def kei_power(ctx: Context) -> Finding:
    kw = ctx.derived.peak_power_kw
    field = {"gas": "powertrain.engine_power_kw", "electric": "powertrain.motor_power_kw",
             "hybrid": "powertrain.system_power_kw"}[ctx.design.powertrain.kind]
    return bounded(
        "kei.power", "Peak power", "kei", measured=kw, unit="kW", maximum=KEI_POWER_KW, basis=Basis.screening,
        citation=POWER_CITATION, field=field,
        ok=f"Peak power {kw:.1f} kW is within the kei cap of 64 hp ({KEI_POWER_KW:.1f} kW), "
        "an industry agreement rather than a statute.",
        too_high=f"Peak power {kw:.1f} kW exceeds the kei cap of 64 hp ({KEI_POWER_KW:.1f} kW) by "
        f"{kw - KEI_POWER_KW:.1f} kW; the cap is an industry agreement, but no kei vehicle is sold above it.",
        warn_if=_power_warning,
    )


def kei_displacement(ctx: Context) -> Finding:
    pt = ctx.design.powertrain
    if pt.kind == "electric":
        return not_applicable(
            "kei.displacement", "Engine displacement",
            "Electric kei vehicles are classed by size, seats and cargo; the 660 cc limit is for engines.",
            citation=DIMENSIONS_CITATION, group="kei",
        )
    cc = pt.displacement_cc
    return bounded(
        "kei.displacement", "Engine displacement", "kei", measured=cc, unit="cc", maximum=KEI_DISPLACEMENT_CC,
        basis=Basis.regulation, citation=DIMENSIONS_CITATION, field="powertrain.displacement_cc",
        ok=f"{cc:,.0f} cc is within the kei limit of 660 cc.",
        too_high=f"{cc:,.0f} cc exceeds the kei limit of 660 cc; a kei engine must be 660 cc or less.",
    )


def kei_seats(ctx: Context) -> Finding:
    seats = ctx.design.occupancy.seats
    return bounded(
        "kei.seats", "Seating capacity", "kei", measured=seats, unit="seats", maximum=KEI_SEATS,
        basis=Basis.regulation, citation=SEATS_CITATION, field="occupancy.seats",
        ok=f"{seats} seats is within the kei limit of 4.",
        too_high=f"{seats} seats exceeds the kei limit of 4 persons.",
    )


def kei_payload(ctx: Context) -> Finding:
    kg = ctx.design.occupancy.payload_kg
    return bounded(
        "kei.payload", "Cargo capacity", "kei", measured=kg, unit="kg", maximum=KEI_PAYLOAD_KG,
        basis=Basis.regulation, citation=SEATS_CITATION, field="occupancy.payload_kg",
        ok=f"Payload {kg:,.0f} kg is within the kei cargo limit of 350 kg.",
        too_high=f"Payload {kg:,.0f} kg exceeds the kei cargo limit of 350 kg; lower the rated payload.",
    )


KEI_RULES: tuple[Rule, ...] = (
    kei_length, kei_width, kei_height, kei_power, kei_displacement, kei_seats, kei_payload,
)
