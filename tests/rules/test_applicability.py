"""Which rules apply to which class, GVWR, body style and powertrain."""

from __future__ import annotations

import pytest

from keidesigner.design import USClass, switch_powertrain, with_value, with_values
from keidesigner.rules import Status, evaluate

PASS, FAIL, WARN, NA = Status.pass_, Status.fail, Status.warn, Status.not_applicable
CLASSES = [c.value for c in USClass]


@pytest.mark.parametrize("us_class", CLASSES)
def test_bumper_only_for_passenger_cars(ev_hatch, us_class):
    low = with_value(ev_hatch, "lighting.bumper_height_mm", 300)  # below the 406.4 mm zone
    f = evaluate(low, us_class).by_id("us.581.bumper_height")
    assert f.status is (FAIL if us_class == "passenger_car" else NA)


@pytest.mark.parametrize("kind, present, status", [
    ("gas", False, NA), ("gas", True, NA),
    ("electric", True, PASS), ("electric", False, FAIL),
    ("hybrid", True, PASS), ("hybrid", False, FAIL),
])
@pytest.mark.parametrize("us_class", CLASSES)
def test_pedestrian_alert_only_for_electric_and_hybrid(ev_hatch, kind, present, status, us_class):
    design = with_value(switch_powertrain(ev_hatch, kind), "safety.pedestrian_alert_sound", present)
    assert evaluate(design, us_class).by_id("us.141.alert_sound").status is status


def test_electric_safety_only_for_electrified_non_lsv(ev_hatch, hybrid_wagon, van):
    assert evaluate(ev_hatch).by_id("us.305.electric_safety").status is WARN  # 350 V, 130 km/h
    assert evaluate(hybrid_wagon).by_id("us.305.electric_safety").status is WARN  # 100 V, 135 km/h
    assert evaluate(van).by_id("us.305.electric_safety").status is NA
    assert evaluate(switch_powertrain(van, "electric")).by_id("us.305.electric_safety").status is WARN
    assert evaluate(ev_hatch, "lsv").by_id("us.305.electric_safety").status is NA
    for cls in ("mpv", "truck", "passenger_car"):
        assert evaluate(ev_hatch, cls).by_id("us.305.electric_safety").status is WARN
    assert evaluate(with_value(hybrid_wagon, "powertrain.pack_voltage_v", 48)).by_id(
        "us.305.electric_safety").status is NA


def test_electric_safety_applies_to_heavy_passenger_cars(ev_hatch):
    heavy = with_value(ev_hatch, "mass.rated_gvwr_kg", 5000)
    assert evaluate(heavy, "passenger_car").by_id("us.305.electric_safety").status is WARN


def test_ejection_mitigation_not_applicable_for_roadsters(roadster, ev_hatch):
    assert roadster.safety.curtain_airbags is False
    assert evaluate(roadster).by_id("us.226.ejection_mitigation").status is NA
    no_curtains = with_value(ev_hatch, "safety.curtain_airbags", False)
    assert evaluate(no_curtains).by_id("us.226.ejection_mitigation").status is FAIL
    assert evaluate(with_value(no_curtains, "body_style", "roadster")).by_id(
        "us.226.ejection_mitigation").status is NA


LSV_NOT_APPLICABLE = [
    "us.108.headlamp_height", "us.108.tail_lamp_height", "us.581.bumper_height", "us.216a.roof_crush",
    "us.208.frontal_airbags", "us.208.crush_pulse", "us.214.side_airbags", "us.214.door_beams",
    "us.226.ejection_mitigation", "us.126.esc", "us.138.tpms", "us.305.electric_safety", "us.225.latch",
]


@pytest.mark.parametrize("rule_id", LSV_NOT_APPLICABLE)
def test_rules_not_applicable_to_low_speed_vehicles(truck, rule_id):
    # the truck fails or would be checked on these rules as a truck; as an LSV they do not apply
    bare = with_values(truck, {
        "safety.side_airbags": False, "safety.curtain_airbags": False, "safety.esc": False, "safety.tpms": False,
        "safety.frontal_airbags": False, "structure.side_door_beams": False, "lighting.headlamp_height_mm": 300,
        "lighting.tail_lamp_height_mm": 300, "lighting.bumper_height_mm": 300,
    })
    as_lsv = evaluate(bare, "lsv").by_id(rule_id)
    assert as_lsv.status is NA
    assert as_lsv.explanation
    as_car = evaluate(bare, "passenger_car").by_id(rule_id)
    if rule_id not in ("us.305.electric_safety", "us.225.latch"):  # gas, two seats: n/a anyway
        assert as_car.status is not NA


def test_rear_camera_and_alert_sound_still_apply_to_lsv(ev_hatch):
    lsv = with_values(ev_hatch, {"safety.rear_camera": False, "safety.pedestrian_alert_sound": False})
    ev = evaluate(lsv, "lsv")
    assert ev.by_id("us.111.rear_visibility").status is FAIL
    assert "S6.2" in ev.by_id("us.111.rear_visibility").citation
    assert ev.by_id("us.141.alert_sound").status is FAIL


@pytest.mark.parametrize("us_class", CLASSES)
def test_only_the_lsv_pathway_has_fmvss_500_rules(ev_hatch, us_class):
    ids = {f.rule_id for f in evaluate(ev_hatch, us_class).findings}
    lsv_ids = {"us.500.speed", "us.500.gvwr", "us.500.equipment"}
    if us_class == "lsv":
        assert lsv_ids <= ids
    else:
        assert not any(i.startswith("us.500.") for i in ids)


SCOPED = ["us.216a.roof_crush", "us.111.rear_visibility", "us.126.esc", "us.138.tpms", "us.305.electric_safety"]


@pytest.mark.parametrize("us_class", ["mpv", "truck"])
def test_above_4536_kg_gvwr_scoped_rules_do_not_apply(ev_hatch, us_class):
    heavy = with_value(ev_hatch, "mass.rated_gvwr_kg", 4600)
    at_limit = with_value(ev_hatch, "mass.rated_gvwr_kg", 10_000 * 0.45359237)  # 10,000 lb: the figure applied
    for rule_id in SCOPED + ["us.214.side_airbags", "us.214.door_beams", "us.226.ejection_mitigation"]:
        f = evaluate(heavy, us_class).by_id(rule_id)
        assert f.status is NA, rule_id
        assert "4,536" in f.explanation
        assert evaluate(at_limit, us_class).by_id(rule_id).status is not NA, rule_id


def test_side_impact_applies_to_passenger_cars_of_any_weight(ev_hatch):
    heavy = with_values(ev_hatch, {"mass.rated_gvwr_kg": 4600, "safety.side_airbags": False})
    assert evaluate(heavy, "passenger_car").by_id("us.214.side_airbags").status is FAIL
    assert evaluate(heavy, "passenger_car").by_id("us.214.door_beams").status is PASS
    for rule_id in ("us.216a.roof_crush", "us.111.rear_visibility", "us.126.esc", "us.138.tpms",
                    "us.226.ejection_mitigation"):
        assert evaluate(heavy, "passenger_car").by_id(rule_id).status is NA, rule_id


def test_lamp_heights_are_checked_for_every_class_but_lsv(ev_hatch):
    low = with_value(ev_hatch, "lighting.headlamp_height_mm", 500)
    for cls in ("passenger_car", "mpv", "truck"):
        assert evaluate(low, cls).by_id("us.108.headlamp_height").status is FAIL
    assert evaluate(low, "lsv").by_id("us.108.headlamp_height").status is NA


@pytest.mark.parametrize("path, rule_id", [
    ("safety.frontal_airbags", "us.208.frontal_airbags"),
    ("safety.side_airbags", "us.214.side_airbags"),
    ("structure.side_door_beams", "us.214.door_beams"),
    ("safety.curtain_airbags", "us.226.ejection_mitigation"),
    ("safety.rear_camera", "us.111.rear_visibility"),
    ("safety.esc", "us.126.esc"),
    ("safety.tpms", "us.138.tpms"),
    ("safety.pedestrian_alert_sound", "us.141.alert_sound"),
])
def test_equipment_rules_follow_their_flag(ev_hatch, path, rule_id):
    with_it = evaluate(ev_hatch).by_id(rule_id)
    without = evaluate(with_value(ev_hatch, path, False)).by_id(rule_id)
    assert (with_it.status, without.status) == (PASS, FAIL)
    assert with_it.measured is True and without.measured is False and without.field == path
    assert without.limit_json() == {"required": True}
    assert with_it.explanation != without.explanation
