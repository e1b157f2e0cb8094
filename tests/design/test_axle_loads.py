"""Axle loads at curb and at GVWR (the minimum GAWRs of the Part 567 label), by the lever rule, hand-checked."""

from __future__ import annotations

import pytest

from keidesigner.design import derive, with_value, with_values
from keidesigner.design.derived import FRONT_AXLE_PCT, OCCUPANT_MASS_KG
from keidesigner.files import load_preset
from keidesigner.rules import Status, evaluate


def test_kei_truck_axle_loads_by_hand():
    d = derive(load_preset("kei-truck"))
    # curb 850 kg, 58 % on the front axle (estimate for a cab-over truck: no published split was found)
    assert d.curb_front_axle_pct == 58.0 and d.front_axle_estimated
    assert d.curb_front_axle_kg == pytest.approx(493.0) and d.curb_rear_axle_kg == pytest.approx(357.0)
    # Its 1,150 mm bench is three designated seating positions (571.10): GVWR = 850 + 3 x 68.04 + 350 = 1,404.12 kg.
    # Front axle at 690 mm from the front, rear at 2,595 mm. The occupants sit at the bench's H-point, 250 mm behind
    # the front axle (940 mm from the front): (2,595 - 940) / 1,905 = 86.9 % on the front axle.
    # 350 kg of cargo at the middle of the bed, 0.705 x 3,395 = 2,393.5 mm: 10.6 % on the front axle.
    assert d.seats == 3 and d.gvwr_kg == pytest.approx(850 + 3 * OCCUPANT_MASS_KG + 350)
    occupants = 3 * OCCUPANT_MASS_KG * (2595 - 940) / 1905
    cargo = 350 * (2595 - 0.705 * 3395) / 1905
    assert d.gvwr_front_axle_kg == pytest.approx(493 + occupants + cargo)
    assert d.gvwr_front_axle_kg == pytest.approx(707.4, abs=0.1)
    assert d.gvwr_front_axle_kg + d.gvwr_rear_axle_kg == pytest.approx(d.gvwr_kg)


def test_published_splits_are_the_defaults_where_there_are_any():
    assert FRONT_AXLE_PCT["hatchback", "electric"] == pytest.approx(590 / 1080 * 100, abs=0.1)  # Nissan Sakura
    assert FRONT_AXLE_PCT["hatchback", "gas"] == 62.0  # Nissan Dayz 62:38
    assert FRONT_AXLE_PCT["roadster", "gas"] == 45.0  # Honda S660 45:55


def test_an_entered_split_is_used_and_not_marked_estimated(ev_hatch):
    d = derive(with_value(ev_hatch, "mass.curb_front_axle_pct", 60))
    assert d.curb_front_axle_pct == 60 and not d.front_axle_estimated
    assert d.curb_front_axle_kg == pytest.approx(0.6 * 1070)


def test_a_rated_gvwr_above_the_minimum_loads_the_cargo_area(van):
    light, heavy = derive(van), derive(with_value(van, "mass.rated_gvwr_kg", 1600))
    extra = 1600 - light.gvwr_kg
    assert heavy.gvwr_front_axle_kg + heavy.gvwr_rear_axle_kg == pytest.approx(1600)
    assert heavy.gvwr_rear_axle_kg - light.gvwr_rear_axle_kg > 0.5 * extra  # the cargo area is behind the middle


def test_gawr_finding_states_both_minimum_ratings(truck):
    f = evaluate(truck).by_id("us.567.gawr")
    assert f.status is Status.info and f.basis == "screening"
    assert "front 708 kg, rear 697 kg" in f.explanation  # rounded up: a rating must carry the load
    assert "567.4(g)(4)" in f.citation


def test_a_load_that_lifts_an_axle_is_a_warning(truck):
    """Cargo far behind a short wheelbase unloads the front axle: the GVWR cannot be used as laid out."""
    lifted = with_values(truck, {"dimensions.wheelbase_mm": 1000, "mass.rated_gvwr_kg": 5000,
                                 "mass.curb_front_axle_pct": 40})
    d = derive(lifted)
    assert d.gvwr_front_axle_kg < 0
    f = evaluate(lifted).by_id("us.567.gawr")
    assert f.status is Status.warn and "front axle would carry a negative load" in f.explanation
