"""Explanations agree with their verdicts: same numbers, same precision, right sign, and a target that passes.

The field report's examples, each with the text it must now read: a headlamp at 540 mm was told to "raise the lamp
by -19 mm"; 40.2 km/h "exceeds the 40 km/h ceiling"; 3,400.2 mm "exceeds the kei limit of 3,400 mm by 0 mm"; a roof
"must carry 25.0 kN" while 25.0 kN failed; "about 411 mm" of crush still failed. Then a property over every rule:
for designs near each limit, the numbers in the explanation are the verdict's, and a stated target, typed into its
field, passes.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from soak import scale
from wording import stray_negative

from keidesigner.design import EditError, UnitSystem, get_value, with_value, with_values
from keidesigner.design.units import formatter, from_display, parse_number
from keidesigner.files import load_preset
from keidesigner.rules import Status, evaluate

FAIL = Status.fail
METRIC, US = formatter(UnitSystem.metric), formatter(UnitSystem.us)
# a light LSV: curb mass, seats and payload (1,172 kg) leave room under the 3,000 lb GVWR limit
LSV = {"us_class": "lsv", "mass.curb_mass_kg": 800, "occupancy.payload_kg": 100, "mass.rated_gvwr_kg": 1300,
       "powertrain.top_speed_kmh": 36}


def _finding(preset: str, changes: dict, rule_id: str):
    return evaluate(with_values(load_preset(preset), changes)).by_id(rule_id)


def test_a_low_headlamp_is_told_to_go_up_by_a_positive_amount_to_a_height_that_passes():
    f = _finding("kei-van", {"lighting.headlamp_height_mm": 540}, "us.108.headlamp_height")
    assert f.status is FAIL
    assert f.explanation == ("Centre at 540.0 mm is 18.8 mm below the 558.8 mm (22.0 in) minimum; raise the lamp to "
                             "at least 558.8 mm.")
    assert "-" not in f.explanation


def test_a_top_speed_over_the_lsv_ceiling_reads_over_it():
    f = _finding("kei-ev-hatch", LSV | {"powertrain.top_speed_kmh": 40.3}, "us.500.speed")
    assert f.status is FAIL
    assert f.explanation.startswith("Top speed 40.3 km/h exceeds the LSV ceiling of 40.2 km/h (25 mph)")
    assert "by 0.1 km/h" in f.explanation and "govern it to 40.2 km/h" in f.explanation


def test_a_length_just_over_the_kei_limit_says_by_how_much():
    f = _finding("kei-van", {"dimensions.length_mm": 3400.2}, "kei.length")
    assert f.explanation == ("Length 3,400.2 mm exceeds the kei limit of 3,400.0 mm by 0.2 mm; shorten the body to "
                             "3,400.0 mm or less to stay in the class.")


def test_a_roof_at_the_rounded_requirement_states_a_requirement_it_does_not_meet():
    f = _finding("kei-truck", {"structure.roof_strength_kn": 25.0}, "us.216a.roof_crush")
    assert f.status is FAIL  # 3 x 850 kg x g = 25.007 kN
    shown = f.show(METRIC)
    assert (shown.measured, shown.limit, shown.margin) == ("25.00 kN", "≥ 25.01 kN", "-0.01 kN")
    assert "must carry 3 × the 850 kg unloaded weight = 25.01 kN" in shown.explanation
    assert "at least 25.01 kN" in shown.explanation


def test_the_crush_length_stated_passes():
    # the truck: 690 mm overhang, no block; 411.2 mm of crush needs the firewall 278.8 mm ahead of the axle
    f = _finding("kei-truck", {"front_end.firewall_x_mm": -279}, "us.208.crush_pulse")
    assert f.status is FAIL
    # needed and short rounded up, so that neither reads as less than it is (411.24 mm; 0.24 mm short)
    assert "needs 411.3 mm of crush, 0.3 mm more" in f.explanation
    assert "Move the firewall back to at least -278 mm" in f.explanation
    assert _finding("kei-truck", {"front_end.firewall_x_mm": -278}, "us.208.crush_pulse").status is not FAIL
    preset = _finding("kei-truck", {}, "us.208.crush_pulse")
    assert "250.0 mm of crush" in preset.explanation
    assert "needs 411.3 mm of crush, 161.3 mm more" in preset.explanation  # 250.0 + 161.3 = 411.3 as read
    # where the firewall cannot go back far enough (the front row sits just behind it), the block is the fix
    hatch = _finding("kei-ev-hatch", {"front_end.block_length_mm": 600.0, "front_end.firewall_x_mm": 440.0,
                                      "package.rows.0.h_point_x_mm": 450.0}, "us.208.crush_pulse")
    assert hatch.status is FAIL and hatch.fix.field == "front_end.block_length_mm"
    assert "The firewall cannot go that far back" in hatch.explanation
    fixed = _finding("kei-ev-hatch", {"front_end.block_length_mm": hatch.fix.value, "front_end.firewall_x_mm": 440.0,
                                      "package.rows.0.h_point_x_mm": 450.0}, "us.208.crush_pulse")
    assert fixed.status is not FAIL
    # and with no block to shorten either, the front overhang
    truck = _finding("kei-truck", {"front_end.firewall_x_mm": -440.0, "package.rows.0.h_point_x_mm": -300.0},
                     "us.208.crush_pulse")
    assert truck.fix.field == "dimensions.front_overhang_mm" and "lengthen the front overhang to at least" in \
        truck.explanation


# --- the property over every rule -----------------------------------------------------------------------------------

# (rule id, preset, design changes that make the rule apply, field the limit is on, the limit)
NEAR = [
    ("kei.length", "kei-van", {}, "dimensions.length_mm", 3400.0),
    ("kei.width", "kei-van", {}, "dimensions.width_mm", 1480.0),
    ("kei.height", "kei-van", {}, "dimensions.height_mm", 2000.0),
    ("kei.power", "kei-van", {}, "powertrain.engine_power_kw", 47.0719),
    ("kei.displacement", "kei-van", {}, "powertrain.displacement_cc", 660.0),
    ("kei.payload", "kei-van", {}, "occupancy.payload_kg", 350.0),
    ("us.108.headlamp_height", "kei-van", {}, "lighting.headlamp_height_mm", 558.8),
    ("us.108.headlamp_height", "kei-van", {"dimensions.height_mm": 1900}, "lighting.headlamp_height_mm", 1371.6),
    ("us.108.tail_lamp_height", "kei-van", {}, "lighting.tail_lamp_height_mm", 381.0),
    ("us.581.bumper_height", "kei-ev-hatch", {}, "lighting.bumper_height_mm", 406.4),
    ("us.581.bumper_height", "kei-ev-hatch", {}, "lighting.bumper_height_mm", 508.0),
    ("us.216a.roof_crush", "kei-truck", {}, "structure.roof_strength_kn", 25.0075),
    ("us.208.crush_pulse", "kei-truck", {}, "front_end.firewall_x_mm", 411.2 - 690.0),
    ("us.110.capacity_weight", "kei-van", {}, "mass.rated_gvwr_kg", 1422.16),
    ("us.500.speed", "kei-ev-hatch", LSV, "powertrain.top_speed_kmh", 40.2336),
    ("us.500.speed", "kei-ev-hatch", LSV, "powertrain.top_speed_kmh", 32.18688),
    ("us.500.gvwr", "kei-ev-hatch", LSV, "mass.rated_gvwr_kg", 1360.7771),
]


def _number(text: str) -> float:
    """The number at the start of a rendered quantity ('3,400.0 mm' -> 3400.0)."""
    return parse_number(text.split(" ")[0])


@settings(max_examples=scale(300, 5000), deadline=None)
@given(st.sampled_from(NEAR), st.one_of(st.floats(-30, 30), st.sampled_from([-1e-3, -0.01, -0.06, 0.0, 1e-3,
                                                                              0.01, 0.06])),
       st.sampled_from([METRIC, US]))
def test_explanations_agree_with_status_margin_and_limit(case, delta, fmt):
    rule_id, preset, base, path, limit = case
    try:
        design = with_value(with_values(load_preset(preset), base), path, round(limit + delta, 6))
    except EditError:
        assume(False)
    f = evaluate(design).by_id(rule_id)
    shown = f.show(fmt)
    # the explanation speaks of the very numbers the table shows
    assert shown.measured in shown.explanation, (shown.measured, shown.explanation)
    assert not stray_negative(f, shown), shown.explanation
    if f.status is not FAIL:
        assert not shown.margin.startswith("-") or f.status is Status.warn
        return
    # a failure never reads as equal to its limit, and its margin is a visible, negative amount
    violated = f.limit_value_text(f.violated, fmt, shown.places)
    at_strict_limit = f.measured == pytest.approx(f.violated, abs=1e-9) and (f.strict_minimum or f.strict_maximum)
    if at_strict_limit:  # "32.2 km/h" fails "> 32.2 km/h": equal is the reason, and it reads so
        assert shown.limit.startswith((">", "<")) or ", <" in shown.limit or "> " in shown.limit
    else:
        assert shown.measured != violated, (shown.measured, violated)
        assert shown.margin.startswith("-") and _number(shown.margin.lstrip("-")) > 0, shown.margin
    # the stated target, typed into its field in the same units, passes
    assert f.fix is not None and shown.target in shown.explanation, shown.explanation
    typed = from_display(_number(shown.target), f.fix.unit, fmt.system)
    try:
        fixed = with_value(design, f.fix.field, typed)
    except EditError:
        assume(False)
    assert evaluate(fixed).by_id(rule_id).status is not FAIL, (shown.target, shown.explanation)
    assert get_value(fixed, f.fix.field) == pytest.approx(typed)
