"""Units and numbers as people read and type them: conversion, the one formatter, and strict locale-aware parsing.

Stored values never change unit: a field's name ends with its unit (`_mm`, `_kg`, ...). Conversion to US customary
units happens here, for display and input only. Every factor is exact by definition (1 in = 25.4 mm,
1 lb = 0.45359237 kg, 1 hp = 745.7 W, 1 PS = 735.49875 W, standard gravity 9.80665 m/s²).

Every number the program shows goes through a `Formatter`: it knows the unit system and how the user's locale writes
digits. The core's default writes English digits ("1,234.5"); the desktop app plugs in Qt's QLocale, the report a
fixed locale it states. Nothing else formats a number for a person.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Callable

MM_PER_IN = 25.4
KG_PER_LB = 0.45359237
KW_PER_HP = 0.7457
KW_PER_PS = 0.73549875  # 75 kgf·m/s = 75 × 9.80665 W
STANDARD_GRAVITY = 9.80665  # m/s²
KM_PER_MI = 1.609344
L_PER_GAL = 3.785411784
N_PER_LBF = KG_PER_LB * STANDARD_GRAVITY
MM2_PER_FT2 = (12 * MM_PER_IN) ** 2


class UnitSystem(StrEnum):
    metric = "metric"
    us = "us"


@dataclass(frozen=True, slots=True)
class UnitFormat:
    """How one stored unit is shown: its US equivalent and the decimals a reading and an entry need."""

    us_unit: str | None  # None: shown as stored in both systems
    us_factor: float  # US value = stored value × factor
    places: int  # decimals of a reading (tables, messages), metric
    us_places: int
    entry_places: int  # decimals a field accepts and shows (a metric length takes 0.1 mm)
    us_entry_places: int
    us_step: float | None = None  # a field's arrow step in US units (None: the metric step converted)


UNITS: dict[str, UnitFormat] = {
    "mm": UnitFormat("in", 1 / MM_PER_IN, 0, 1, 1, 2, None),
    "m": UnitFormat("ft", 1000 / (12 * MM_PER_IN), 2, 0, 3, 2, None),
    "kg": UnitFormat("lb", 1 / KG_PER_LB, 0, 0, 1, 1, 10.0),
    "kW": UnitFormat("hp", 1 / KW_PER_HP, 1, 1, 1, 1, 1.0),
    "km/h": UnitFormat("mph", 1 / KM_PER_MI, 0, 1, 1, 1, 1.0),
    "L": UnitFormat("gal", 1 / L_PER_GAL, 0, 1, 1, 2, 0.1),
    "kN": UnitFormat("lbf", 1000 / N_PER_LBF, 1, 0, 2, 0, 100.0),
    "cc": UnitFormat(None, 1.0, 0, 0, 0, 0),
    "kWh": UnitFormat(None, 1.0, 1, 1, 2, 2),
    "V": UnitFormat(None, 1.0, 0, 0, 0, 0),
    "g": UnitFormat(None, 1.0, 1, 1, 1, 1),
    "ft²": UnitFormat(None, 1.0, 1, 1, 1, 1),
    "m²": UnitFormat("ft²", 1e6 / MM2_PER_FT2, 2, 1, 2, 1, 0.1),
    "Cd": UnitFormat(None, 1.0, 3, 3, 3, 3),
    "N/kN": UnitFormat(None, 1.0, 1, 1, 1, 1),
    "W": UnitFormat(None, 1.0, 0, 0, 0, 0),
    "%": UnitFormat(None, 1.0, 0, 0, 1, 1),
    "seats": UnitFormat(None, 1.0, 0, 0, 0, 0),
    "positions": UnitFormat(None, 1.0, 0, 0, 0, 0),
    "vehicles": UnitFormat(None, 1.0, 0, 0, 0, 0),
    "°": UnitFormat(None, 1.0, 0, 0, 1, 1),
    "": UnitFormat(None, 1.0, 2, 2, 2, 2),
}
_PLAIN = UnitFormat(None, 1.0, 1, 1, 2, 2)
_US_STEP_FRACTIONS = (1.0, 2.0, 2.5, 5.0)


def _unit(unit: str) -> UnitFormat:
    return UNITS.get(unit, _PLAIN)


def display_unit(unit: str, system: UnitSystem) -> str:
    u = _unit(unit)
    return u.us_unit if system == UnitSystem.us and u.us_unit else unit


def to_display(value: float, unit: str, system: UnitSystem) -> float:
    u = _unit(unit)
    return value * u.us_factor if system == UnitSystem.us and u.us_unit else value


def from_display(value: float, unit: str, system: UnitSystem) -> float:
    u = _unit(unit)
    return value / u.us_factor if system == UnitSystem.us and u.us_unit else value


def decimals(unit: str, system: UnitSystem) -> int:
    """Decimals of a reading of `unit` in `system` (a table cell, a message)."""
    u = _unit(unit)
    return u.us_places if system == UnitSystem.us and u.us_unit else u.places


def entry_decimals(unit: str, system: UnitSystem) -> int:
    """Decimals a field of `unit` accepts and shows in `system`: 0.1 mm, 0.01 in, 0.01 kWh ..."""
    u = _unit(unit)
    return u.us_entry_places if system == UnitSystem.us and u.us_unit else u.entry_places


def display_step(step: float, unit: str, system: UnitSystem) -> float:
    """A field's arrow step in `system`: the stored step, or in US units a round figure near its conversion
    (5 mm → 0.2 in) so that stepping lands on numbers people type."""
    u = _unit(unit)
    if system != UnitSystem.us or not u.us_unit:
        return step
    if u.us_step is not None:
        return u.us_step
    raw = step * u.us_factor
    power = 10.0 ** math.floor(math.log10(raw))
    return min((f * power for f in _US_STEP_FRACTIONS + (10.0,)), key=lambda s: abs(math.log(s / raw)))


def english_digits(value: float, places: int) -> str:
    """'1,234.5': the core's digits, for the command line and as the formatter's default."""
    return f"{value:,.{places}f}"


Digits = Callable[[float, int], str]  # (value in display units, decimals) -> digits with the locale's separators


def round_to(value: float, places: int, direction: str = "nearest") -> float:
    """value rounded to `places` decimals: to the nearest, "up" (toward +inf) or "down".

    A value within floating-point noise of a step (22.000000000000004 in) counts as that step, so that a limit of
    22 in rounded up stays 22.0, not 22.1.
    """
    scale = 10.0**places
    scaled = value * scale
    nearest = round(scaled)
    if direction == "nearest" or math.isclose(scaled, nearest, rel_tol=1e-12, abs_tol=1e-9):
        return nearest / scale
    return (math.ceil(scaled) if direction == "up" else math.floor(scaled)) / scale


@dataclass(frozen=True, slots=True)
class Formatter:
    """The one formatter: unit system plus how the locale writes digits.

    `digits` receives a value already converted to display units and a number of decimals; the app passes QLocale's
    `toString(value, 'f', places)`, the report a fixed QLocale it states, the command line `english_digits`.
    """

    system: UnitSystem = UnitSystem.metric
    digits: Digits = english_digits
    locale_name: str = "en"

    def unit(self, unit: str) -> str:
        return display_unit(unit, self.system)

    def shown(self, value: float, unit: str) -> float:
        return to_display(value, unit, self.system)

    def places(self, unit: str) -> int:
        return decimals(unit, self.system)

    def number(self, value: float, places: int, *, trim: bool = False) -> str:
        """A bare number in the locale's digits; never '-0'. trim=True drops trailing zero decimals (a field)."""
        value = round_to(value, places)
        if value == 0:
            value = 0.0  # no '-0.0'
        if trim:
            while places > 0 and round_to(value, places - 1) == value:
                places -= 1
        return self.digits(value, places)

    def exact_places(self, value: float, unit: str, extra: int = 2) -> int:
        """The reading's decimals, or up to `extra` more when those show the value exactly (a limit of 558.8 mm must
        not read 559 mm, a typed 1,480.5 mm not 1,480 mm); a value no such rounding shows exactly (3,400 mm in
        inches, a computed force) keeps the reading's decimals."""
        shown = self.shown(value, unit)
        places = self.places(unit)
        for more in range(extra + 1):
            if math.isclose(round_to(shown, places + more), shown, rel_tol=1e-12, abs_tol=1e-9):
                return places + more
        return places

    def value(self, value: float, unit: str, *, places: int | None = None, direction: str = "nearest",
              with_unit: bool = True, trim: bool = False) -> str:
        """'3,400 mm' / '133.9 in' / '3.400 mm' under de_DE: the value in display units, at `places` decimals
        (the unit's own by default), rounded to the nearest or "up"/"down" (a target that must pass when typed)."""
        shown = self.shown(value, unit)
        places = self.places(unit) if places is None else places
        text = self.number(round_to(shown, places, direction), places, trim=trim)
        label = self.unit(unit)
        if not with_unit or not label:
            return text
        return f"{text}{label}" if label == "°" else f"{text} {label}"

    def signed(self, value: float, unit: str, places: int) -> str:
        """'+12 mm' / '-0.3 in': a margin; zero reads '0'."""
        text = self.value(abs(value), unit, places=places)
        if round_to(abs(self.shown(value, unit)), places) == 0:
            return text
        return ("-" if value < 0 else "+") + text


METRIC = Formatter()
US = Formatter(UnitSystem.us)


def formatter(system: UnitSystem | str = UnitSystem.metric) -> Formatter:
    """The core's English formatter for a unit system (command line, tests)."""
    return US if UnitSystem(system) is UnitSystem.us else METRIC


def format_value(value: float, unit: str, system: UnitSystem = UnitSystem.metric, *, with_unit: bool = True,
                 precise: bool = False) -> str:
    """'3,400 mm' or '133.9 in' in English digits; precise=True adds decimals where rounding would hide them."""
    fmt = formatter(system)
    places = fmt.exact_places(value, unit) if precise else None
    return fmt.value(value, unit, places=places, with_unit=with_unit)


# --- parsing ---------------------------------------------------------------------------------------------------------

class NumberSyntaxError(ValueError):
    """Text that is not a number in the user's locale; str() is one line a field can show."""


_SPACES = " \u00a0\u202f\u2009"
_MINUS = ("-", "\u2212")


def _grouped(text: str, group: str) -> bool:
    """'1,234,567' groups thousands; '12,34', '1,2345' and '0,125' (a leading zero starts no group) do not."""
    parts = text.split(group)
    return (1 <= len(parts[0]) <= 3 and not parts[0].startswith("0") and all(len(p) == 3 for p in parts[1:])
            and all(p.isdigit() for p in parts))


def parse_number(text: str, decimal: str = ".", group: str = ",") -> float:
    """A number typed under a locale whose decimal separator is `decimal` and group separator `group`.

    Accepted: '.' or ',' used once as the decimal separator in every locale ('36.5' and '36,5' are 36.5 under de_DE,
    en_US and fr_FR alike), except where it is the locale's own group separator followed by exactly three digits
    after a number that does not start with 0 ('1,480' is 1480 in en_US, '3.350' is 3350 in de_DE; '0,125' is
    0.125 everywhere); group separators only where they group thousands (spaces where the locale groups with them);
    full-width digits and signs as an input method types them ('３３５０'). Refused with NumberSyntaxError (one line):
    a group separator in the wrong place ('1,48,0', '1.234,5.6'), letters, 'nan' and 'inf', several signs.
    """
    shown = text.strip()
    body = unicodedata.normalize("NFKC", shown)  # full-width digits, separators and signs from an input method
    spaced = group not in ".,"
    if spaced:  # the locale groups with spaces (fr_FR) or apostrophes (de_CH): those group, '.' and ',' are decimal
        for ch in {group, *(_SPACES if group in _SPACES else ())}:
            body = body.replace(ch, "_")
    sign = ""
    if body[:1] in ("+", *_MINUS):
        sign, body = ("" if body[0] == "+" else "-"), body[1:]
    if not re.fullmatch(r"[0-9.,_]*[0-9][0-9.,_]*", body):
        raise NumberSyntaxError(f"'{shown}' is not a number")
    if spaced:
        whole, _, frac = body.replace(",", ".").partition(".")
        if "." in frac or "_" in frac or ("_" in whole and not _grouped(whole, "_")):
            raise NumberSyntaxError(f"'{shown}': a group separator in the wrong place")
        return float(sign + (whole.replace("_", "") or "0") + "." + (frac or "0"))
    seps = [ch for ch in body if ch in ".,"]
    if len(set(seps)) == 2:  # both: the last is the decimal separator, the other must group thousands
        point = max(body.rfind("."), body.rfind(","))
        whole, frac = body[:point], body[point + 1:]
        other = "," if body[point] == "." else "."
        if body[point] in whole or not frac.isdigit() or not _grouped(whole, other):
            raise NumberSyntaxError(f"'{shown}': a group separator in the wrong place")
        return float(sign + whole.replace(other, "") + "." + frac)
    if not seps:
        return float(sign + body)
    sep = seps[0]
    if len(seps) > 1:  # only a group separator repeats
        if not _grouped(body, sep):
            raise NumberSyntaxError(f"'{shown}': a group separator in the wrong place")
        return float(sign + body.replace(sep, ""))
    whole, frac = body.split(sep)
    if sep == group and sep != decimal and len(frac) == 3 and _grouped(body, sep):
        return float(sign + whole + frac)  # the locale's grouping: '1,480' in en_US
    return float(sign + (whole or "0") + "." + (frac or "0"))
