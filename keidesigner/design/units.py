"""Unit conversion for display, input and the report. Stored values never change unit.

Every factor is exact by definition (1 in = 25.4 mm, 1 lb = 0.45359237 kg, 1 hp = 745.7 W, standard gravity).
"""

from __future__ import annotations

from enum import StrEnum

MM_PER_IN = 25.4
KG_PER_LB = 0.45359237
KW_PER_HP = 0.7457
KW_PER_PS = 0.7355
STANDARD_GRAVITY = 9.80665  # m/s²
KM_PER_MI = 1.609344
L_PER_GAL = 3.785411784
N_PER_LBF = KG_PER_LB * STANDARD_GRAVITY
MM2_PER_FT2 = (12 * MM_PER_IN) ** 2


class UnitSystem(StrEnum):
    metric = "metric"
    us = "us"


# stored unit -> (US customary unit, factor: US value = stored value * factor, decimals in US display)
_US: dict[str, tuple[str, float, int]] = {
    "mm": ("in", 1 / MM_PER_IN, 1),
    "kg": ("lb", 1 / KG_PER_LB, 0),
    "kW": ("hp", 1 / KW_PER_HP, 1),
    "km/h": ("mph", 1 / KM_PER_MI, 1),
    "L": ("gal", 1 / L_PER_GAL, 1),
    "kN": ("lbf", 1000 / N_PER_LBF, 0),
}
# decimals for metric display
_METRIC_DECIMALS: dict[str, int] = {
    "mm": 0, "kg": 0, "kW": 1, "km/h": 0, "L": 0, "kN": 1, "cc": 0, "kWh": 1, "V": 0, "g": 1, "ft²": 1,
    "seats": 0, "": 2,
}


def display_unit(unit: str, system: UnitSystem) -> str:
    if system is UnitSystem.us and unit in _US:
        return _US[unit][0]
    return unit


def to_display(value: float, unit: str, system: UnitSystem) -> float:
    if system is UnitSystem.us and unit in _US:
        return value * _US[unit][1]
    return value


def from_display(value: float, unit: str, system: UnitSystem) -> float:
    if system is UnitSystem.us and unit in _US:
        return value / _US[unit][1]
    return value


def decimals(unit: str, system: UnitSystem) -> int:
    if system is UnitSystem.us and unit in _US:
        return _US[unit][2]
    return _METRIC_DECIMALS.get(unit, 1)


def format_value(
    value: float, unit: str, system: UnitSystem = UnitSystem.metric, *, with_unit: bool = True, precise: bool = False
) -> str:
    """'3,400 mm' or '133.9 in': grouped thousands, the unit's usual precision.

    precise=True adds a decimal where rounding would hide one (a limit of 558.8 mm must not read 559 mm).
    """
    shown = to_display(value, unit, system)
    places = decimals(unit, system)
    if precise and round(shown, places) != round(shown, places + 1):
        places += 1
    text = f"{shown:,.{places}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    label = display_unit(unit, system)
    return f"{text} {label}" if with_unit and label else text
