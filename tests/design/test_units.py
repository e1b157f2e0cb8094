"""Unit conversion: exact factors, display round trips and formatting."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keidesigner.design import UnitSystem, format_value
from keidesigner.design.units import (
    KG_PER_LB,
    KW_PER_HP,
    MM2_PER_FT2,
    MM_PER_IN,
    NumberSyntaxError,
    display_unit,
    from_display,
    parse_number,
    to_display,
)

US, METRIC = UnitSystem.us, UnitSystem.metric


def test_factors_are_the_exact_definitions():
    assert MM_PER_IN == 25.4
    assert KG_PER_LB == 0.45359237
    assert KW_PER_HP == 0.7457  # 745.7 W per mechanical hp
    assert MM2_PER_FT2 == pytest.approx(304.8**2, rel=1e-15)


@pytest.mark.parametrize("stored, unit, shown, label", [
    (25.4, "mm", 1.0, "in"),
    (558.8, "mm", 22.0, "in"),
    (1371.6, "mm", 54.0, "in"),
    (0.45359237, "kg", 1.0, "lb"),
    (1361.0, "kg", 3000.49, "lb"),
    (0.7457, "kW", 1.0, "hp"),
    (47.7248, "kW", 64.0, "hp"),
    (1.609344, "km/h", 1.0, "mph"),
    (40.0, "km/h", 24.85, "mph"),
    (3.785411784, "L", 1.0, "gal"),
])
def test_to_display_us(stored, unit, shown, label):
    assert to_display(stored, unit, US) == pytest.approx(shown, abs=0.01)
    assert display_unit(unit, US) == label


def test_kn_display_in_pound_force():
    # 1 lbf = 0.45359237 kg x 9.80665 m/s² = 4.4482216 N
    assert to_display(4.4482216152605 / 1000, "kN", US) == pytest.approx(1.0, rel=1e-12)
    assert display_unit("kN", US) == "lbf"


@pytest.mark.parametrize("unit", ["mm", "kg", "kW", "km/h", "L", "kN", "cc", "kWh", "V", "g", "seats", ""])
def test_metric_display_is_the_stored_value(unit):
    assert to_display(1234.5, unit, METRIC) == 1234.5
    assert from_display(1234.5, unit, METRIC) == 1234.5
    assert display_unit(unit, METRIC) == unit


@pytest.mark.parametrize("unit", ["cc", "kWh", "V", "g", "seats"])
def test_units_without_us_equivalent_are_unchanged(unit):
    assert to_display(660, unit, US) == 660
    assert display_unit(unit, US) == unit


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e7, 1e7, allow_nan=False), st.sampled_from(["mm", "kg", "kW", "km/h", "L", "kN", "cc", "V"]),
       st.sampled_from(list(UnitSystem)))
def test_display_round_trip(value, unit, system):
    back = from_display(to_display(value, unit, system), unit, system)
    assert math.isclose(back, value, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize("value, unit, system, text", [
    (3400, "mm", METRIC, "3,400 mm"),
    (3400, "mm", US, "133.9 in"),
    (3395, "mm", US, "133.7 in"),
    (558.8, "mm", METRIC, "559 mm"),
    (850, "kg", METRIC, "850 kg"),
    (850, "kg", US, "1,874 lb"),
    (47.0, "kW", METRIC, "47.0 kW"),
    (47.0, "kW", US, "63.0 hp"),
    (130, "km/h", US, "80.8 mph"),
    (1.25, "", METRIC, "1.25"),
    (1234567.0, "mm", METRIC, "1,234,567 mm"),
    (-0.2, "mm", METRIC, "0 mm"),  # no "-0"
    (-5, "mm", METRIC, "-5 mm"),
])
def test_format_value(value, unit, system, text):
    assert format_value(value, unit, system) == text


def test_format_value_precise_keeps_a_hidden_decimal():
    assert format_value(558.8, "mm", precise=True) == "558.8 mm"
    assert format_value(1371.6, "mm", precise=True) == "1,371.6 mm"
    assert format_value(3400, "mm", precise=True) == "3,400 mm"  # nothing hidden, nothing added
    assert format_value(47.72, "kW", precise=True) == "47.72 kW"
    # a value no rounding shows exactly (64 hp in kW) keeps the reading's precision
    assert format_value(47.7218, "kW", precise=True) == "47.7 kW"


def test_format_value_without_unit():
    assert format_value(3400, "mm", with_unit=False) == "3,400"
    assert format_value(3400, "mm", US, with_unit=False) == "133.9"


# --- typed numbers under a locale ------------------------------------------------------------------------------------

EN, DE, FR, JA = (".", ","), (",", "."), (",", "\u202f"), (".", ",")


@pytest.mark.parametrize("text, locale, value", [
    ("36.5", EN, 36.5), ("36,5", EN, 36.5), ("36.5", DE, 36.5), ("36,5", DE, 36.5), ("36.5", FR, 36.5),
    ("36,5", FR, 36.5), ("36.500", FR, 36.5),  # fr_FR groups with spaces: a point is a decimal point
    ("1,480", EN, 1480), ("1.480", DE, 1480), ("1,480", DE, 1.48), ("1.480", EN, 1.48),  # the locale's reading
    ("0,125", EN, 0.125), ("0.125", DE, 0.125), ("00,480", EN, 0.48),  # a leading zero starts no thousands group
    ("1,234,567.5", EN, 1234567.5), ("1.234.567,5", DE, 1234567.5), ("1 234 567,5", FR, 1234567.5),
    ("1\u202f234,5", FR, 1234.5), ("-3", EN, -3), ("\u22123", EN, -3), ("+3", EN, 3), (" 12 ", EN, 12),
    ("３３５０", JA, 3350), ("１，４８０", JA, 1480), ("３．５", JA, 3.5),  # full-width, as an input method types
])
def test_parse_number(text, locale, value):
    decimal, group = locale
    assert parse_number(text, decimal, group) == pytest.approx(value)


@pytest.mark.parametrize("text, locale", [
    ("1,48,0", EN), ("1.234,5.6", DE), ("12 34", FR), ("1,23,456.7", EN), ("nan", EN), ("inf", EN), ("1e5", EN),
    ("--3", EN), (".", EN), ("", EN), ("3 400", EN), ("0,1,2", EN),
])
def test_parse_number_refuses_what_is_not_a_number_in_one_line(text, locale):
    with pytest.raises(NumberSyntaxError) as info:
        parse_number(text, *locale)
    assert "\n" not in str(info.value)
