"""Derived figures, checked against hand-computed numbers and the formulas in the regulatory reference."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from strategies import valid_designs

from keidesigner.design import FIGURES, Derived, derive, with_value, with_values
from keidesigner.design.derived import OCCUPANT_MASS_KG, crash_deceleration_g

LB = 0.45359237


def test_occupant_mass_is_exactly_150_lb():
    assert OCCUPANT_MASS_KG == pytest.approx(68.0388555, abs=1e-9)
    assert OCCUPANT_MASS_KG == 150 * LB


def test_rear_overhang(van):
    assert derive(van).rear_overhang_mm == 3395 - 2430 - 480  # 485 mm
    assert derive(with_value(van, "dimensions.length_mm", 3600)).rear_overhang_mm == 690


def test_minimum_gvwr_is_curb_plus_150_lb_per_seat_plus_payload(truck):
    d = derive(truck)  # 850 kg, a 1,150 mm bench (three designated seating positions), 350 kg payload
    assert d.min_gvwr_kg == pytest.approx(850 + 3 * 68.0388555 + 350, abs=1e-6)  # 1,404.12 kg
    assert d.gvwr_kg == d.min_gvwr_kg  # no rated GVWR entered
    two = derive(with_values(truck, {"package.rows.0.seats.0.seating_width_mm": 1040, "occupancy.payload_kg": 0}))
    assert two.min_gvwr_kg == pytest.approx(850 + 2 * 68.0388555, abs=1e-6)


def test_rated_gvwr_is_used_when_given(van):
    d = derive(van)  # rated 1,450 kg; minimum 900 + 4 x 68.04 + 250 = 1,422.16 kg
    assert d.gvwr_kg == 1450
    assert d.min_gvwr_kg == pytest.approx(1422.155422, abs=1e-6)
    # even a rated GVWR below the minimum is reported as entered (the capacity rule flags it)
    assert derive(with_value(van, "mass.rated_gvwr_kg", 1000)).gvwr_kg == 1000


def test_footprint_hand_computed(truck, ev_hatch):
    # truck: 1,905 mm x 1,300 mm = 2,476,500 mm² / 92,903.04 mm² per ft² = 26.657 -> 26.7 ft²
    assert derive(truck).footprint_ft2 == 26.7
    # ev hatch: 2,495 x (1,300 + 1,290) / 2 = 3,231,025 mm² = 34.778 ft² -> 34.8 ft²
    d = derive(ev_hatch)
    assert d.average_track_mm == 1295
    assert d.footprint_ft2 == 34.8
    # 3,048 mm (10 ft) x 1,524 mm (5 ft) = exactly 50 ft²
    fifty = with_values(ev_hatch, {
        "dimensions.length_mm": 4200, "dimensions.wheelbase_mm": 3048, "dimensions.front_overhang_mm": 580,
        "dimensions.width_mm": 1700, "dimensions.front_track_mm": 1524, "dimensions.rear_track_mm": 1524,
    })
    assert derive(fifty).footprint_ft2 == 50.0


def test_estimated_cg_by_body_style_and_powertrain(truck, ev_hatch, hybrid_wagon, roadster):
    # ground clearance + k x (height - ground clearance)
    assert derive(truck).cg_height_mm == pytest.approx(160 + 0.32 * (1765 - 160))  # gas truck: 673.6
    assert derive(ev_hatch).cg_height_mm == pytest.approx(145 + 0.26 * (1655 - 145))  # electric hatch: 537.6
    assert derive(hybrid_wagon).cg_height_mm == pytest.approx(150 + 0.29 * (1785 - 150))  # hybrid van: 624.15
    assert derive(roadster).cg_height_mm == pytest.approx(110 + 0.30 * (1280 - 110))  # gas roadster: 461
    assert all(derive(d).cg_estimated for d in (truck, ev_hatch, hybrid_wagon, roadster))


def test_entered_cg_is_used(truck):
    d = derive(with_value(truck, "mass.cg_height_mm", 650))
    assert d.cg_height_mm == 650 and d.cg_estimated is False
    assert d.ssf == pytest.approx(1300 / 1300)


def test_ssf_is_track_over_twice_cg(truck, ev_hatch):
    assert derive(truck).ssf == pytest.approx(1300 / (2 * 673.6))  # 0.965
    assert derive(ev_hatch).ssf == pytest.approx(1295 / (2 * 537.6))  # 1.204


def test_peak_power_per_powertrain_kind(van, ev_hatch, hybrid_wagon):
    assert derive(van).peak_power_kw == 36.8  # gas: engine
    assert derive(with_value(ev_hatch, "powertrain.motor_power_kw", 60)).peak_power_kw == 60  # electric: motor
    assert derive(hybrid_wagon).peak_power_kw == 47  # hybrid: system power, not engine 38 + motor 10
    assert derive(with_value(hybrid_wagon, "powertrain.system_power_kw", 40)).peak_power_kw == 40


@pytest.mark.parametrize("crush_m, g", [
    # reference section D: 56 km/h = 15.56 m/s; 0.41 m -> 30 g, 0.62 m -> 20 g, 0.50 m -> 24.7 g, 0.70 m -> 17.6 g
    (0.41, 30.09),  # 15.556² / (2 x 0.41) = 295.09 m/s² = 30.09 g
    (0.62, 19.90),  # 241.98 / 1.24 = 195.14 m/s² = 19.90 g
    (0.50, 24.68),
    (0.60, 20.56),
    (0.70, 17.62),
])
def test_crash_deceleration_at_56_kmh(crush_m, g):
    assert crash_deceleration_g(crush_m * 1000) == pytest.approx(g, abs=0.01)


def test_crash_deceleration_of_a_design(ev_hatch):
    # 480 mm overhang + firewall 270 mm behind the axle - 300 mm block = 450 mm: 241.975 / 0.9 / 9.80665 = 27.42 g
    assert derive(ev_hatch).crush_length_mm == pytest.approx(450.0)
    assert derive(ev_hatch).crash_decel_g == pytest.approx(27.416, abs=0.001)
    assert derive(with_value(ev_hatch, "front_end.firewall_x_mm", 720)).crash_decel_g == pytest.approx(
        27.416 / 2, abs=0.001)


@pytest.mark.parametrize("path, value, crush", [
    ("front_end.firewall_x_mm", 370.0, 550.0),  # the firewall back 100 mm: 100 mm more
    ("front_end.block_length_mm", 200.0, 550.0),  # a block 100 mm shorter: 100 mm more
    ("front_end.block_length_mm", 0.0, 750.0),  # nothing rigid: bumper face to firewall
    ("dimensions.front_overhang_mm", 580.0, 550.0),  # a longer nose with the firewall where it was on the axle
])
def test_the_crush_length_is_bumper_face_to_firewall_less_the_block(ev_hatch, path, value, crush):
    assert derive(with_value(ev_hatch, path, value)).crush_length_mm == pytest.approx(crush)


def test_every_figure_names_a_field_of_derived():
    names = {f.name for f in dataclasses.fields(Derived)}
    keys = [f.key for f in FIGURES]
    assert len(keys) == len(set(keys))
    assert set(keys) <= names
    assert all(f.title and f.formula for f in FIGURES)


@settings(max_examples=100, deadline=None)
@given(valid_designs())
def test_derived_figures_are_consistent_for_any_valid_design(design):
    d = derive(design)
    dims = design.dimensions
    assert d.rear_overhang_mm >= dims.tire_diameter_mm / 2 - 1e-6
    assert d.min_gvwr_kg >= design.mass.curb_mass_kg
    assert d.gvwr_kg == (design.mass.rated_gvwr_kg if design.mass.rated_gvwr_kg is not None else d.min_gvwr_kg)
    assert d.cg_height_mm < dims.height_mm
    if d.cg_estimated:
        assert dims.ground_clearance_mm < d.cg_height_mm < dims.ground_clearance_mm + 0.33 * (
            dims.height_mm - dims.ground_clearance_mm)
    assert d.ssf == pytest.approx(d.average_track_mm / (2 * d.cg_height_mm))
    assert d.crash_decel_g > 0
    assert abs(d.footprint_ft2 - dims.wheelbase_mm * d.average_track_mm / 304.8**2) <= 0.05 + 1e-9
