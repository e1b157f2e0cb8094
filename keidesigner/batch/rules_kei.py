"""Twins of the kei rules (rules/kei.py): the box, peak power, displacement, seats and payload, over arrays."""

from __future__ import annotations

from ..design.kei import KEI
from ..rules import kei
from .outcome import NOT_APPLICABLE, bounded
from .twin import View, twin


def _box(rule, rule_id: str, field: str) -> None:
    path = f"dimensions.{field}"

    @twin(rule, "kei", inputs=(path,), name=rule_id)
    def kei_box(v: View) -> dict:
        return {rule_id: bounded(v.field(path), maximum=getattr(KEI, field))}


_box(kei.kei_length, "kei.length", "length_mm")
_box(kei.kei_width, "kei.width", "width_mm")
_box(kei.kei_height, "kei.height", "height_mm")


@twin(kei.kei_power, "kei", inputs=("derived.peak_power_kw",))
def kei_power(v: View) -> dict:
    """Over 64 PS fails; over the 47 kW of production kei EVs warns (a hybrid's peak power is its engine's where
    that is typed above the system power)."""
    kw = v.figure("peak_power_kw")
    return {"kei.power": bounded(kw, maximum=KEI.power_kw, warn=kw > KEI.ev_convention_kw)}


@twin(kei.kei_displacement, "kei", inputs=("powertrain.kind", "powertrain.displacement_cc"))
def kei_displacement(v: View) -> dict:
    if v.field("powertrain.kind") == "electric":
        return {"kei.displacement": NOT_APPLICABLE}
    return {"kei.displacement": bounded(v.field("powertrain.displacement_cc"), maximum=KEI.displacement_cc)}


@twin(kei.kei_seats, "kei", inputs=("derived.seats",))
def kei_seats(v: View) -> dict:
    return {"kei.seats": bounded(v.figure("seats"), maximum=KEI.seats)}


@twin(kei.kei_payload, "kei", inputs=("occupancy.payload_kg",))
def kei_payload(v: View) -> dict:
    return {"kei.payload": bounded(v.field("occupancy.payload_kg"), maximum=KEI.payload_kg)}
