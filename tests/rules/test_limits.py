"""Every rule at, just below and just above its limit."""

from __future__ import annotations

import pytest

from keidesigner.design import derive, with_value, with_values
from keidesigner.design.kei import KEI
from keidesigner.files import load_preset
from keidesigner.rules import RuleSettings, Status, evaluate
from keidesigner.rules import us as U
from keidesigner.rules.settings import PairedReading

PASS, FAIL, WARN, NA = Status.pass_, Status.fail, Status.warn, Status.not_applicable
G = 9.80665
LSV_BASE = {"us_class": "lsv", "powertrain.top_speed_kmh": 40, "mass.rated_gvwr_kg": 1300}

# (rule_id, preset, field path, limit, direction, step, base changes)
# direction "max": the value may not exceed the limit; "min": it may not fall below it.
LIMITS = [
    ("kei.length", "kei-van", "dimensions.length_mm", KEI.length_mm, "max", 0.1, {}),
    ("kei.width", "kei-van", "dimensions.width_mm", KEI.width_mm, "max", 0.1, {}),
    ("kei.height", "kei-van", "dimensions.height_mm", KEI.height_mm, "max", 0.1, {}),
    ("kei.displacement", "kei-van", "powertrain.displacement_cc", KEI.displacement_cc, "max", 0.1, {}),
    ("kei.displacement", "kei-hybrid-wagon", "powertrain.displacement_cc", KEI.displacement_cc, "max", 1, {}),
    ("kei.payload", "kei-van", "occupancy.payload_kg", KEI.payload_kg, "max", 0.1, {}),
    ("kei.power", "kei-van", "powertrain.engine_power_kw", KEI.power_kw, "max", 0.01, {}),
    ("us.108.headlamp_height", "kei-van", "lighting.headlamp_height_mm", U.HEADLAMP_MIN_MM, "min", 0.1, {}),
    ("us.108.headlamp_height", "kei-van", "lighting.headlamp_height_mm", U.HEADLAMP_MAX_MM, "max", 0.1, {}),
    ("us.108.tail_lamp_height", "kei-van", "lighting.tail_lamp_height_mm", U.TAIL_LAMP_MIN_MM, "min", 0.1, {}),
    ("us.108.tail_lamp_height", "kei-van", "lighting.tail_lamp_height_mm", U.TAIL_LAMP_MAX_MM, "max", 0.1, {}),
    ("us.581.bumper_height", "kei-ev-hatch", "lighting.bumper_height_mm", U.BUMPER_MIN_MM, "min", 0.1, {}),
    ("us.581.bumper_height", "kei-ev-hatch", "lighting.bumper_height_mm", U.BUMPER_MAX_MM, "max", 0.1, {}),
    ("us.500.speed", "kei-ev-hatch", "powertrain.top_speed_kmh", 25 * 1.609344, "max", 0.1, LSV_BASE),
    ("us.108.chmsl", "kei-truck", "lighting.chmsl_height_mm", 34 * 25.4, "min", 0.1, {"lighting.chmsl": True}),
    ("us.202a.backset.1.1", "kei-van", "package.rows.0.seats.0.backset_mm", 55.0, "max", 0.1, {}),
    ("us.10.positions.2.1", "kei-van", "package.rows.1.seats.0.seating_width_mm", 330.0, "min", 0.1, {}),
]


@pytest.mark.parametrize("rule_id, preset_name, path, limit, direction, step, base", LIMITS,
                         ids=[f"{r[0]}-{r[4]}-{r[1]}" for r in LIMITS])
def test_rule_at_just_inside_and_just_outside_its_limit(rule_id, preset_name, path, limit, direction, step, base):
    design = with_values(load_preset(preset_name), base) if base else load_preset(preset_name)
    outside = limit + step if direction == "max" else limit - step
    inside = limit - step if direction == "max" else limit + step
    results = {}
    for label, value in (("at", limit), ("inside", inside), ("outside", outside)):
        finding = evaluate(with_value(design, path, value)).by_id(rule_id)
        assert finding.field == path
        assert finding.measured == pytest.approx(value)
        assert (finding.maximum if direction == "max" else finding.minimum) == pytest.approx(limit)
        results[label] = finding
    assert results["at"].status is not FAIL and results["inside"].status is not FAIL
    assert results["outside"].status is FAIL
    assert results["at"].margin == pytest.approx(0, abs=1e-9)
    assert results["inside"].margin == pytest.approx(step)
    assert results["outside"].margin == pytest.approx(-step)
    assert results["outside"].explanation != results["inside"].explanation


def test_limits_are_the_reference_numbers():
    assert KEI.box_mm == (3400, 1480, 2000)
    assert (KEI.displacement_cc, KEI.seats, KEI.payload_kg) == (660, 4, 350)
    # the makers' agreement is 64 PS (47.07 kW); the US press's 64 hp is 47.72 kW
    assert KEI.power_kw == pytest.approx(64 * 0.73549875) == pytest.approx(47.0719, abs=1e-4)
    assert KEI.press_power_kw == pytest.approx(47.7248)
    assert KEI.ev_convention_kw == 47.0
    assert (U.HEADLAMP_MIN_MM, U.HEADLAMP_MAX_MM) == pytest.approx((558.8, 1371.6))
    assert (U.TAIL_LAMP_MIN_MM, U.TAIL_LAMP_MAX_MM) == pytest.approx((381.0, 1828.8))
    assert (U.BUMPER_MIN_MM, U.BUMPER_MAX_MM) == pytest.approx((406.4, 508.0))
    assert (U.LSV_MIN_SPEED.metric, U.LSV_MAX_SPEED.metric, U.LSV_GVWR.metric) == (32, 40, 1361)
    assert (U.LSV_MIN_SPEED.us, U.LSV_MAX_SPEED.us) == pytest.approx((32.18688, 40.2336))
    assert U.LSV_GVWR.us == pytest.approx(1360.7771)
    assert U.ROOF_3X_GVWR.metric == 2722 and U.ROOF_3X_GVWR.us == pytest.approx(2721.554, abs=1e-3)
    assert U.GVWR_SCOPE.metric == 4536 and U.GVWR_SCOPE.us == pytest.approx(4535.924, abs=1e-3)
    assert U.HV_DC_V == 60 and U.HV_SPEED_KMH == 40


# --- kei power: pass <= 47 kW, warn up to 64 PS (47.07 kW), fail above --------------------------------------------

@pytest.mark.parametrize("kw, status", [
    (40.0, PASS), (47.0, PASS), (47.01, WARN), (47.07, WARN), (KEI.power_kw, WARN),
    (KEI.power_kw + 0.001, FAIL), (47.72, FAIL), (80.0, FAIL),
])
@pytest.mark.parametrize("kind, path", [
    ("electric", "powertrain.motor_power_kw"),
    ("gas", "powertrain.engine_power_kw"),
    ("hybrid", "powertrain.system_power_kw"),
])
def test_kei_power_bands(kw, status, kind, path):
    design = {"electric": load_preset("kei-ev-hatch"), "gas": load_preset("kei-roadster"),
              "hybrid": with_values(load_preset("kei-hybrid-wagon"), {"powertrain.motor_power_kw": 60})}[kind]
    f = evaluate(with_value(design, path, kw)).by_id("kei.power")
    assert f.status is status
    assert f.field == path and f.measured == kw and f.basis == "screening"
    assert f.maximum == pytest.approx(47.0719, abs=1e-4)
    if status is WARN:
        assert "47" in f.explanation and f.margin >= 0


def test_kei_power_says_which_figure_is_which(ev_hatch):
    """The limit, its unit and its citation agree: 64 PS is the makers' agreement, 64 hp the US press's figure."""
    f = evaluate(ev_hatch).by_id("kei.power")
    assert "64 PS" in f.citation and "agreement" in f.citation
    assert "64 PS agreement (47.07 kW)" in f.explanation
    assert "64 hp" in f.explanation and "47.72 kW" in f.explanation
    over = evaluate(with_value(ev_hatch, "powertrain.motor_power_kw", 47.5)).by_id("kei.power")
    assert over.status is FAIL and "47.50 kW exceeds" in over.explanation and "to 47.07 kW or less" in over.explanation


def test_kei_displacement_not_applicable_for_electric(ev_hatch):
    f = evaluate(ev_hatch).by_id("kei.displacement")
    assert f.status is NA and f.measured is None
    assert "660" in f.explanation


# --- roof crush: 3.0 x curb weight up to 6,000 lb GVWR, 1.5 x to 10,000 lb, n/a above ----------------------------

@pytest.mark.parametrize("gvwr, factor", [(None, 3.0), (2000, 3.0), (2721.5, 3.0), (6000 * 0.45359237, 3.0),
                                          (2722, 1.5), (4000, 1.5), (4535.9, 1.5)])
def test_roof_crush_required_force(ev_hatch, gvwr, factor):
    design = with_value(ev_hatch, "mass.rated_gvwr_kg", gvwr)
    required = factor * 1070 * G / 1000  # 31.48 kN at 3.0 x, 15.74 kN at 1.5 x
    for strength, status in ((required, PASS), (required - 0.01, FAIL), (required + 0.01, PASS)):
        f = evaluate(with_value(design, "structure.roof_strength_kn", strength)).by_id("us.216a.roof_crush")
        assert f.status is status, (gvwr, strength)
        assert f.minimum == pytest.approx(required)
        assert f.unit == "kN" and f.field == "structure.roof_strength_kn"


def test_roof_crush_hand_computed(ev_hatch, truck):
    assert evaluate(ev_hatch).by_id("us.216a.roof_crush").minimum == pytest.approx(31.479, abs=0.001)
    f = evaluate(truck).by_id("us.216a.roof_crush")  # 3 x 850 kg x 9.80665 = 25.007 kN > 12 kN
    assert f.minimum == pytest.approx(25.007, abs=0.001) and f.status is FAIL
    assert f.margin == pytest.approx(12 - 25.007, abs=0.001)


@pytest.mark.parametrize("us_class", ["passenger_car", "mpv", "truck"])
def test_roof_crush_not_applicable_above_4536_kg(ev_hatch, us_class):
    design = with_values(ev_hatch, {"mass.rated_gvwr_kg": 4536.5, "structure.roof_strength_kn": 1})
    assert evaluate(design, us_class).by_id("us.216a.roof_crush").status is NA


def test_roof_crush_not_applicable_for_lsv(ev_hatch):
    weak = with_value(ev_hatch, "structure.roof_strength_kn", 1)
    assert evaluate(weak, "lsv").by_id("us.216a.roof_crush").status is NA
    assert evaluate(weak, "passenger_car").by_id("us.216a.roof_crush").status is FAIL


# --- frontal crash pulse (screening): derived deceleration vs the settings' limit --------------------------------

def test_crush_pulse_at_the_setting_limit(ev_hatch):
    g = derive(ev_hatch).crash_decel_g  # 27.42 g for 450 mm
    for limit, status in ((g, PASS), (g - 0.01, FAIL), (g + 0.01, PASS)):
        f = evaluate(ev_hatch, settings=RuleSettings(frontal_decel_limit_g=limit)).by_id("us.208.crush_pulse")
        assert f.status is status
        assert f.maximum == limit and f.measured == pytest.approx(g)
        assert f.basis == "screening"


@pytest.mark.parametrize("crush_mm, status", [(412, PASS), (411, FAIL), (250, FAIL), (620, PASS)])
def test_crush_pulse_default_30_g_needs_411_mm(ev_hatch, crush_mm, status):
    # 30 g from 56 km/h: d = 15.556² / (2 x 30 x 9.80665) = 0.4112 m
    # the hatch: 480 mm overhang, a 300 mm block; the firewall crush - 180 mm behind the axle gives crush_mm
    f = evaluate(with_value(ev_hatch, "front_end.firewall_x_mm", crush_mm - 180)).by_id("us.208.crush_pulse")
    assert f.status is status
    assert f.maximum == 30.0
    if status is FAIL:  # 411.2 mm needed: the firewall 411.2 - 180 = 231.2 mm behind the axle, typed as 232
        assert "needs 411.3 mm of crush" in f.explanation and "at least 232 mm" in f.explanation
        assert f.fix.field == "front_end.firewall_x_mm" and f.fix.value == pytest.approx(231.2, abs=0.05)


def test_crush_pulse_not_applicable_for_lsv(truck):
    assert evaluate(truck, "lsv").by_id("us.208.crush_pulse").status is NA


# --- capacity weight ----------------------------------------------------------------------------------------------

def test_capacity_weight_rated_gvwr_vs_minimum(van):
    minimum = 900 + 4 * 150 * 0.45359237 + 250  # 1,422.16 kg
    for rated, status in ((minimum, PASS), (minimum - 0.01, FAIL), (minimum + 0.01, PASS), (1450, PASS)):
        f = evaluate(with_value(van, "mass.rated_gvwr_kg", rated)).by_id("us.110.capacity_weight")
        assert f.status is status, rated
        assert f.minimum == pytest.approx(minimum) and f.measured == rated
    missing = evaluate(with_value(van, "mass.rated_gvwr_kg", None)).by_id("us.110.capacity_weight")
    assert missing.status is PASS and missing.measured == pytest.approx(minimum) and missing.margin == 0
    assert "No rated GVWR" in missing.explanation


# --- LSV speed band and weight -------------------------------------------------------------------------------------
# The CFR states the band as "more than 32 km/h (20 mph) and not more than 40 km/h (25 mph)" and the weight as "less
# than 1,361 kg (3,000 lb)"; by default the US customary figures apply (the RuleSettings.paired_units reading).

@pytest.mark.parametrize("speed, status", [(31.9, FAIL), (32.0, FAIL), (32.18, FAIL), (32.19, PASS), (36, PASS),
                                           (40.0, PASS), (25 * 1.609344, PASS), (40.24, FAIL), (130, FAIL)])
def test_lsv_speed_band_over_20_up_to_25_mph(ev_hatch, speed, status):
    design = with_values(ev_hatch, LSV_BASE | {"powertrain.top_speed_kmh": speed})
    f = evaluate(design).by_id("us.500.speed")
    assert f.status is status, speed
    if status is FAIL:
        assert f.margin <= 0 and f.margin_text().startswith("-")


def test_a_25_mph_governor_is_inside_the_lsv_band(ev_hatch):
    """What the mini-truck market fits: 25 mph, stored as 40.2336 km/h."""
    governed = with_values(ev_hatch, LSV_BASE | {"powertrain.top_speed_kmh": 25 * 1.609344})
    assert evaluate(governed).by_id("us.500.speed").status is PASS
    for reading in PairedReading:
        f = evaluate(governed, settings=RuleSettings(paired_units=reading)).by_id("us.500.speed")
        assert f.status is (FAIL if reading is PairedReading.metric else PASS), reading


@pytest.mark.parametrize("reading, speed_limits, gvwr_limit", [
    (PairedReading.us, (32.18688, 40.2336), 1360.7771),
    (PairedReading.metric, (32.0, 40.0), 1361.0),
    (PairedReading.either, (32.0, 40.2336), 1361.0),
])
def test_paired_limits_follow_the_reading(ev_hatch, reading, speed_limits, gvwr_limit):
    settings = RuleSettings(paired_units=reading)
    ev = evaluate(with_values(ev_hatch, LSV_BASE), settings=settings)
    speed, gvwr = ev.by_id("us.500.speed"), ev.by_id("us.500.gvwr")
    assert (speed.minimum, speed.maximum) == pytest.approx(speed_limits)
    assert gvwr.maximum == pytest.approx(gvwr_limit, abs=1e-4)


@pytest.mark.parametrize("gvwr, status", [(1000, PASS), (1360.7, PASS), (1360.78, FAIL), (1360.9, FAIL),
                                          (1361, FAIL), (2000, FAIL)])
def test_lsv_gvwr_under_3000_lb(ev_hatch, gvwr, status):
    f = evaluate(with_values(ev_hatch, LSV_BASE | {"mass.rated_gvwr_kg": gvwr})).by_id("us.500.gvwr")
    assert f.status is status, gvwr
    assert f.measured == gvwr and f.field == "mass.rated_gvwr_kg"


@pytest.mark.parametrize("rule_id, changes", [
    ("us.500.gvwr", {"mass.rated_gvwr_kg": 3000 * 0.45359237}),
    ("us.500.speed", {"powertrain.top_speed_kmh": 20 * 1.609344}),
])
def test_lsv_failure_at_exactly_the_limit_shows_a_negative_margin(ev_hatch, rule_id, changes):
    f = evaluate(with_values(ev_hatch, LSV_BASE | changes)).by_id(rule_id)
    assert f.status is FAIL
    assert f.margin_text().startswith("-"), f.margin_text()


def test_lsv_equipment(ev_hatch):
    lsv = with_values(ev_hatch, LSV_BASE)
    assert evaluate(lsv).by_id("us.500.equipment").status is PASS
    for path in ("lighting.turn_signals", "lighting.reflex_reflectors", "safety.exterior_mirrors",
                 "safety.parking_brake", "safety.safety_glazing"):
        f = evaluate(with_value(lsv, path, False)).by_id("us.500.equipment")
        assert f.status is FAIL and f.field == path
    belt = "package.rows.1.seats.1.belt"
    f = evaluate(with_value(lsv, belt, "none")).by_id("us.500.equipment")
    assert f.status is FAIL and f.field == belt
    assert evaluate(with_value(lsv, belt, "lap")).by_id("us.500.equipment").status is PASS


# --- rollover (advisory): SSF cut point 1.25 -> warn, never fail ------------------------------------------------

def test_rollover_ssf_cut_point(ev_hatch):
    cg = 1295 / 2.5  # average track 1,295 mm: SSF exactly 1.25 at CG 518 mm
    for cg_mm, status in ((cg, PASS), (cg - 1, PASS), (cg + 1, WARN), (1600, WARN)):
        f = evaluate(with_value(ev_hatch, "mass.cg_height_mm", cg_mm)).by_id("us.ncap.rollover")
        assert f.status is status, cg_mm
        assert f.basis == "advisory" and f.minimum == 1.25
        assert f.measured == pytest.approx(1295 / (2 * cg_mm))
    assert "unconfirmed" in f.explanation


def test_footprint_is_information_only(truck):
    f = evaluate(truck).by_id("us.cafe.footprint")
    assert f.status is Status.info and f.basis == "advisory" and f.measured == 26.7 and f.unit == "ft²"


# --- 305 electrical safety thresholds -----------------------------------------------------------------------------

@pytest.mark.parametrize("volts, speed, status", [
    (350, 130, WARN), (60.1, 130, WARN), (60, 130, NA), (48, 130, NA),
    (350, 40.1, WARN), (350, 40, NA), (350, 30, NA),
])
def test_electric_safety_above_60_v_and_40_kmh(ev_hatch, volts, speed, status):
    design = with_values(ev_hatch, {"powertrain.pack_voltage_v": volts, "powertrain.top_speed_kmh": speed})
    f = evaluate(design).by_id("us.305.electric_safety")
    assert f.status is status
    assert f.field == "powertrain.pack_voltage_v" and f.measured == volts


def test_strict_limits_read_as_strict_and_pass_just_inside(ev_hatch):
    speed = evaluate(with_values(ev_hatch, LSV_BASE | {"powertrain.top_speed_kmh": 32.5})).by_id("us.500.speed")
    assert speed.status is PASS and speed.limit_text() == "> 32.2, ≤ 40.2 km/h"  # 20 and 25 mph
    assert speed.to_json()["limit"] == {"min": pytest.approx(32.18688), "max": pytest.approx(40.2336),
                                        "min_exclusive": True}
    gvwr = evaluate(with_values(ev_hatch, LSV_BASE | {"mass.rated_gvwr_kg": 1359})).by_id("us.500.gvwr")
    # 3,000 lb = 1,360.78 kg, shown rounded the way that passes when typed
    assert gvwr.status is PASS and gvwr.limit_text() == "< 1,360.7 kg" and gvwr.margin_text() == "+1.8 kg"


def test_a_failure_smaller_than_the_display_precision_shows_its_size(ev_hatch):
    over = with_value(ev_hatch, "dimensions.length_mm", 3400.03)
    f = evaluate(over).by_id("kei.length")
    assert f.status is FAIL
    assert (f.measured_text(), f.limit_text(), f.margin_text()) == ("3,400.03 mm", "≤ 3,400.00 mm", "-0.03 mm")
    assert evaluate(with_value(ev_hatch, "dimensions.length_mm", 3400)).by_id("kei.length").margin_text() == "0 mm"


def test_a_hybrid_engine_over_64_ps_fails_whatever_system_power_is_typed():
    """A 200 kW engine under a typed 47 kW system power passed: the check read the system power alone."""
    hybrid = load_preset("kei-hybrid-wagon")
    big = with_values(hybrid, {"powertrain.engine_power_kw": 200, "powertrain.system_power_kw": 47})
    f = evaluate(big).by_id("kei.power")
    assert f.status is FAIL and f.measured == 200 and f.field == "powertrain.engine_power_kw"
    assert "The engine's 200.00 kW exceeds" in f.explanation and "whatever the system power typed" in f.explanation
    assert f.fix is not None and f.fix.field == "powertrain.engine_power_kw"
    assert derive(big).peak_power_kw == 200  # the figure a table or a filter reads says so too
    # an engine within the agreement under a smaller system power passes on the engine's figure
    small = evaluate(with_values(hybrid, {"powertrain.engine_power_kw": 40, "powertrain.system_power_kw": 5}))
    g = small.by_id("kei.power")
    assert g.status is PASS and g.measured == 40 and g.field == "powertrain.engine_power_kw"
    # where the system power is the larger, it is what counts, as before
    assert evaluate(hybrid).by_id("kei.power").field == "powertrain.system_power_kw"
