"""Every rule at, just below and just above its limit."""

from __future__ import annotations

import pytest

from keidesigner.design import derive, with_value, with_values
from keidesigner.files import load_preset
from keidesigner.rules import RuleSettings, Status, evaluate
from keidesigner.rules import kei as K
from keidesigner.rules import us as U

PASS, FAIL, WARN, NA = Status.pass_, Status.fail, Status.warn, Status.not_applicable
G = 9.80665
LSV_BASE = {"us_class": "lsv", "powertrain.top_speed_kmh": 40, "mass.rated_gvwr_kg": 1300}

# (rule_id, preset, field path, limit, direction, step, base changes)
# direction "max": the value may not exceed the limit; "min": it may not fall below it.
LIMITS = [
    ("kei.length", "kei-van", "dimensions.length_mm", K.KEI_LENGTH_MM, "max", 0.1, {}),
    ("kei.width", "kei-van", "dimensions.width_mm", K.KEI_WIDTH_MM, "max", 0.1, {}),
    ("kei.height", "kei-van", "dimensions.height_mm", K.KEI_HEIGHT_MM, "max", 0.1, {}),
    ("kei.displacement", "kei-van", "powertrain.displacement_cc", K.KEI_DISPLACEMENT_CC, "max", 0.1, {}),
    ("kei.displacement", "kei-hybrid-wagon", "powertrain.displacement_cc", K.KEI_DISPLACEMENT_CC, "max", 1, {}),
    ("kei.seats", "kei-van", "occupancy.seats", K.KEI_SEATS, "max", 1, {}),
    ("kei.payload", "kei-van", "occupancy.payload_kg", K.KEI_PAYLOAD_KG, "max", 0.1, {}),
    ("kei.power", "kei-van", "powertrain.engine_power_kw", K.KEI_POWER_KW, "max", 0.01, {}),
    ("us.108.headlamp_height", "kei-van", "lighting.headlamp_height_mm", U.HEADLAMP_MIN_MM, "min", 0.1, {}),
    ("us.108.headlamp_height", "kei-van", "lighting.headlamp_height_mm", U.HEADLAMP_MAX_MM, "max", 0.1, {}),
    ("us.108.tail_lamp_height", "kei-van", "lighting.tail_lamp_height_mm", U.TAIL_LAMP_MIN_MM, "min", 0.1, {}),
    ("us.108.tail_lamp_height", "kei-van", "lighting.tail_lamp_height_mm", U.TAIL_LAMP_MAX_MM, "max", 0.1, {}),
    ("us.581.bumper_height", "kei-ev-hatch", "lighting.bumper_height_mm", U.BUMPER_MIN_MM, "min", 0.1, {}),
    ("us.581.bumper_height", "kei-ev-hatch", "lighting.bumper_height_mm", U.BUMPER_MAX_MM, "max", 0.1, {}),
    ("us.500.speed", "kei-ev-hatch", "powertrain.top_speed_kmh", U.LSV_MAX_KMH, "max", 0.1, LSV_BASE),
]


@pytest.mark.parametrize("rule_id, preset_name, path, limit, direction, step, base", LIMITS,
                         ids=[f"{r[0]}-{r[4]}-{r[1]}" for r in LIMITS])
def test_rule_at_just_inside_and_just_outside_its_limit(rule_id, preset_name, path, limit, direction, step, base):
    design = with_values(load_preset(preset_name), base) if base else load_preset(preset_name)
    outside = limit + step if direction == "max" else limit - step
    inside = limit - step if direction == "max" else limit + step
    if path == "occupancy.seats":  # an integer field
        limit, inside, outside = int(limit), int(inside), int(outside)
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
    assert (K.KEI_LENGTH_MM, K.KEI_WIDTH_MM, K.KEI_HEIGHT_MM) == (3400, 1480, 2000)
    assert (K.KEI_DISPLACEMENT_CC, K.KEI_SEATS, K.KEI_PAYLOAD_KG) == (660, 4, 350)
    assert K.KEI_POWER_KW == pytest.approx(64 * 0.7457) == pytest.approx(47.7248)
    assert K.KEI_CONVENTION_KW == 47.0
    assert (U.HEADLAMP_MIN_MM, U.HEADLAMP_MAX_MM) == pytest.approx((558.8, 1371.6))
    assert (U.TAIL_LAMP_MIN_MM, U.TAIL_LAMP_MAX_MM) == pytest.approx((381.0, 1828.8))
    assert (U.BUMPER_MIN_MM, U.BUMPER_MAX_MM) == pytest.approx((406.4, 508.0))
    assert (U.LSV_MIN_KMH, U.LSV_MAX_KMH, U.LSV_GVWR_KG) == (32, 40, 1361)
    assert U.ROOF_3X_GVWR_KG == 2722 and U.HV_DC_V == 60 and U.HV_SPEED_KMH == 40


# --- kei power: pass <= 47 kW, warn up to 64 hp, fail above ------------------------------------------------------

@pytest.mark.parametrize("kw, status", [
    (40.0, PASS), (47.0, PASS), (47.01, WARN), (47.72, WARN), (K.KEI_POWER_KW, WARN),
    (K.KEI_POWER_KW + 0.001, FAIL), (47.73, FAIL), (80.0, FAIL),
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
    if status is WARN:
        assert "47" in f.explanation and f.margin >= 0


def test_kei_displacement_not_applicable_for_electric(ev_hatch):
    f = evaluate(ev_hatch).by_id("kei.displacement")
    assert f.status is NA and f.measured is None
    assert "660" in f.explanation


# --- roof crush: 3.0 x curb weight up to 2,722 kg GVWR, 1.5 x to 4,536 kg, n/a above --------------------------

@pytest.mark.parametrize("gvwr, factor", [(None, 3.0), (2000, 3.0), (2722, 3.0), (2722.5, 1.5), (4000, 1.5),
                                          (4536, 1.5)])
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
    f = evaluate(with_value(ev_hatch, "structure.front_crush_zone_mm", crush_mm)).by_id("us.208.crush_pulse")
    assert f.status is status
    assert f.maximum == 30.0
    if status is FAIL:
        assert "411 mm" in f.explanation


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

@pytest.mark.parametrize("speed, status", [(31.9, FAIL), (32.0, FAIL), (32.1, PASS), (36, PASS), (40.0, PASS),
                                           (40.1, FAIL), (130, FAIL)])
def test_lsv_speed_band_over_32_up_to_40(ev_hatch, speed, status):
    design = with_values(ev_hatch, LSV_BASE | {"powertrain.top_speed_kmh": speed})
    f = evaluate(design).by_id("us.500.speed")
    assert f.status is status
    if speed == 32.0:  # on a limit it must exceed: no distance left, and not inside
        assert f.margin == 0 and f.margin_text() == "-0 km/h"
    elif status is FAIL:
        assert f.margin < 0


@pytest.mark.parametrize("gvwr, status", [(1000, PASS), (1360.9, PASS), (1361, FAIL), (1361.1, FAIL), (2000, FAIL)])
def test_lsv_gvwr_under_1361(ev_hatch, gvwr, status):
    f = evaluate(with_values(ev_hatch, LSV_BASE | {"mass.rated_gvwr_kg": gvwr})).by_id("us.500.gvwr")
    assert f.status is status
    assert f.measured == gvwr and f.field == "mass.rated_gvwr_kg"


@pytest.mark.parametrize("rule_id, changes", [
    ("us.500.gvwr", {"mass.rated_gvwr_kg": 1361}),
    ("us.500.speed", {"powertrain.top_speed_kmh": 32}),
])
def test_lsv_failure_at_exactly_the_limit_shows_a_negative_margin(ev_hatch, rule_id, changes):
    f = evaluate(with_values(ev_hatch, LSV_BASE | changes)).by_id(rule_id)
    assert f.status is FAIL
    assert not f.margin_text().startswith("+"), f.margin_text()


def test_lsv_equipment(ev_hatch):
    lsv = with_values(ev_hatch, LSV_BASE)
    assert evaluate(lsv).by_id("us.500.equipment").status is PASS
    for path in ("lighting.turn_signals", "lighting.reflex_reflectors", "safety.exterior_mirrors",
                 "safety.parking_brake", "safety.safety_glazing"):
        f = evaluate(with_value(lsv, path, False)).by_id("us.500.equipment")
        assert f.status is FAIL and f.field == path
    f = evaluate(with_value(lsv, "safety.seat_belts", "none")).by_id("us.500.equipment")
    assert f.status is FAIL and f.field == "safety.seat_belts"
    assert evaluate(with_value(lsv, "safety.seat_belts", "lap")).by_id("us.500.equipment").status is PASS


# --- LATCH: min(2, seats - 2) ------------------------------------------------------------------------------------

@pytest.mark.parametrize("seats, latch, status", [
    (4, 2, PASS), (4, 1, FAIL), (4, 0, FAIL), (4, 3, PASS),
    (3, 1, PASS), (3, 0, FAIL),
    (10, 2, PASS), (10, 1, FAIL),
    (2, 0, NA), (1, 0, NA), (2, 2, NA),
])
def test_latch_needs_min_of_2_and_rear_seats(ev_hatch, seats, latch, status):
    design = with_values(ev_hatch, {"occupancy.seats": seats, "safety.latch_positions": latch})
    f = evaluate(design).by_id("us.225.latch")
    assert f.status is status
    if status is not NA:
        assert f.minimum == min(2, seats - 2) and f.measured == latch
        assert f.margin == latch - min(2, seats - 2)


def test_latch_not_applicable_for_lsv(ev_hatch):
    design = with_values(ev_hatch, {"safety.latch_positions": 0})
    assert evaluate(design).by_id("us.225.latch").status is FAIL
    assert evaluate(design, "lsv").by_id("us.225.latch").status is NA


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
    assert speed.status is PASS and speed.limit_text() == "> 32, ≤ 40 km/h"
    assert speed.to_json()["limit"] == {"min": 32.0, "max": 40.0, "min_exclusive": True}
    gvwr = evaluate(with_values(ev_hatch, LSV_BASE | {"mass.rated_gvwr_kg": 1360})).by_id("us.500.gvwr")
    assert gvwr.status is PASS and gvwr.limit_text() == "< 1,361 kg" and gvwr.margin_text() == "+1 kg"


def test_a_failure_smaller_than_the_display_precision_is_not_shown_as_a_positive_margin(ev_hatch):
    over = with_value(ev_hatch, "dimensions.length_mm", 3400.03)
    f = evaluate(over).by_id("kei.length")
    assert f.status is FAIL and f.margin_text() == "-0 mm"
    assert evaluate(with_value(ev_hatch, "dimensions.length_mm", 3400)).by_id("kei.length").margin_text() == "+0 mm"
