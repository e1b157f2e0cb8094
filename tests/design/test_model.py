"""The Design model: presets are valid, the impossible is refused with a message naming field and bound,
the merely non-compliant is accepted, models are frozen and every numeric field carries its metadata."""

from __future__ import annotations

import math
import types
import typing

import pytest
from hypothesis import given, settings
from pydantic import BaseModel, ValidationError
from strategies import valid_designs

from keidesigner.design import Design, EditError, with_value, with_values
from keidesigner.design.front_end import FrontEnd
from keidesigner.design.model import (
    Dimensions,
    ElectricPowertrain,
    GasPowertrain,
    HybridPowertrain,
    Lighting,
    Mass,
    Occupancy,
    Safety,
    Structure,
)
from keidesigner.design.package import Package, SeatLocation, SeatRow
from keidesigner.design.road_load import RoadLoad
from keidesigner.files import preset_names
from keidesigner.rules import RuleSettings

MODELS = (Dimensions, GasPowertrain, ElectricPowertrain, HybridPowertrain, Structure, FrontEnd, RoadLoad, Occupancy,
          Mass, Lighting, Safety, Package, SeatRow, SeatLocation, Design)


def test_the_five_presets_are_bundled():
    assert preset_names() == ["kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster", "kei-truck", "kei-van"]


def test_every_preset_loads_and_revalidates(preset):
    assert isinstance(preset, Design)
    again = Design.model_validate(preset.model_dump())
    assert again == preset
    assert preset.name.strip()


# --- refused: physically impossible -----------------------------------------------------------------------------

def _refused(design: Design, changes: dict, *needles: str) -> str:
    with pytest.raises(EditError) as info:
        with_values(design, changes)
    message = str(info.value)
    assert "\n" not in message
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"
    return message


@pytest.mark.parametrize("value", [0, 0.0, -1, -3400.0])
@pytest.mark.parametrize("path, bound", [
    ("dimensions.length_mm", "1200"),
    ("dimensions.width_mm", "800"),
    ("dimensions.height_mm", "800"),
    ("dimensions.wheelbase_mm", "800"),
    ("dimensions.front_overhang_mm", "150"),
    ("dimensions.tire_diameter_mm", "300"),
    ("front_end.cowl_height_mm", "200"),
])
def test_zero_or_negative_lengths_are_refused_naming_field_and_bound(van, path, value, bound):
    _refused(van, {path: value}, path, bound, "greater than or equal")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("path", [
    "dimensions.length_mm", "dimensions.width_mm", "mass.curb_mass_kg", "mass.cg_height_mm",
    "powertrain.engine_power_kw", "structure.roof_strength_kn", "lighting.headlamp_height_mm",
    "occupancy.payload_kg",
])
def test_non_finite_numbers_are_refused(van, path, value):
    message = _refused(van, {path: value}, path)
    assert "finite" in message


def test_nan_refused_by_model_validate_too(van):
    data = van.model_dump()
    data["dimensions"]["length_mm"] = float("nan")
    with pytest.raises(ValidationError):
        Design.model_validate(data)


def test_wheelbase_plus_front_overhang_must_leave_a_rear_overhang_of_a_tyre_radius(van):
    d = van.dimensions  # 3395 long, 480 front overhang, 540 tyre: rear overhang must stay >= 270
    limit_wb = d.length_mm - d.front_overhang_mm - d.tire_diameter_mm / 2
    assert with_value(van, "dimensions.wheelbase_mm", limit_wb).dimensions.rear_overhang_mm == pytest.approx(270)
    _refused(van, {"dimensions.wheelbase_mm": limit_wb + 5}, "wheelbase_mm", "270", "3,395")
    # wheelbase + front overhang longer than the whole vehicle
    _refused(van, {"dimensions.wheelbase_mm": 3000, "dimensions.front_overhang_mm": 500}, "wheelbase_mm")


def test_front_overhang_shorter_than_tyre_radius_is_refused(van):
    radius = van.dimensions.tire_diameter_mm / 2
    # the front end stays where it was behind the bumper face (its positions are from the front axle)
    shift = van.dimensions.front_overhang_mm - radius
    shorter = with_values(van, {"dimensions.front_overhang_mm": radius,
                                "front_end.cowl_x_mm": van.front_end.cowl_x_mm + shift,
                                "front_end.firewall_x_mm": van.front_end.firewall_x_mm + shift})
    assert shorter.dimensions.front_overhang_mm == radius
    _refused(van, {"dimensions.front_overhang_mm": radius - 5}, "front_overhang_mm", f"{radius:g}")


@pytest.mark.parametrize("track", ["front_track_mm", "rear_track_mm"])
def test_track_plus_tyre_width_wider_than_body_is_refused(van, track):
    width, tyre = van.dimensions.width_mm, van.dimensions.tire_width_mm
    assert getattr(with_value(van, f"dimensions.{track}", width - tyre).dimensions, track) == width - tyre
    _refused(van, {f"dimensions.{track}": width - tyre + 5}, track, f"{width:,g}")
    # a wider tyre pushes the wider of the two tracks out first
    _refused(van, {"dimensions.tire_width_mm": width - getattr(van.dimensions, track) + 5}, "_track_mm", "tyre width")


def test_hybrid_system_power_cannot_exceed_engine_plus_motor(hybrid_wagon):
    pt = hybrid_wagon.powertrain
    total = pt.engine_power_kw + pt.motor_power_kw  # 38 + 10
    assert with_value(hybrid_wagon, "powertrain.system_power_kw", total).powertrain.system_power_kw == total
    _refused(hybrid_wagon, {"powertrain.system_power_kw": total + 0.5}, "system_power_kw", f"{total:g}")


def test_declared_positions_are_one_to_four_and_a_bucket_is_for_one(van, truck):
    bench = "package.rows.0.seats.0.declared_positions"
    assert with_value(truck, bench, 4).package.rows[0].seats[0].declared_positions == 4
    _refused(truck, {bench: 5}, bench, "4")
    _refused(van, {"package.rows.0.seats.0.declared_positions": 2}, "package.rows.0.seats.0.declared_positions",
             "bench")


@pytest.mark.parametrize("lamp", ["headlamp_height_mm", "tail_lamp_height_mm", "bumper_height_mm"])
def test_lamp_heights_must_lie_within_the_body(van, lamp):
    low, high = van.dimensions.ground_clearance_mm, van.dimensions.height_mm
    path = f"lighting.{lamp}"
    assert getattr(with_value(van, path, low).lighting, lamp) == low
    if lamp != "bumper_height_mm":  # the bumper field itself stops at 1500 mm
        assert getattr(with_value(van, path, high).lighting, lamp) == high
        _refused(van, {path: high + 5}, path, f"{high:,g}")
    _refused(van, {path: low - 5}, path, f"{low:,g}")


def test_cg_height_must_be_below_the_height(van):
    h = van.dimensions.height_mm
    assert with_value(van, "mass.cg_height_mm", h - 5).mass.cg_height_mm == h - 5
    _refused(van, {"mass.cg_height_mm": h}, "mass.cg_height_mm", f"{h:,g}")
    _refused(van, {"mass.cg_height_mm": h + 100}, "mass.cg_height_mm", f"{h:,g}")


def test_anchorages_cannot_exceed_the_declared_positions(truck):
    latch, tether = "package.rows.0.seats.0.latch_positions", "package.rows.0.seats.0.tether_positions"
    both = with_values(truck, {latch: 2, tether: 2})
    assert both.package.rows[0].seats[0].latch_positions == 2
    _refused(truck, {tether: 3, latch: 0}, tether, "2")
    _refused(truck, {latch: 1}, tether, "each LATCH position has a tether")  # a LATCH position without a tether


@pytest.mark.parametrize("changes, field, says", [
    ({"package.rows.0.seat_gap_mm": 400}, "package.rows.0.seats", "shoulder room"),
    ({"package.rows.0.seats.0.seating_width_mm": 1400}, "package.rows.0.seats", "shoulder room"),
    ({"package.rows.1.h_point_z_mm": 1840}, "package.rows.1.h_point_z_mm", "headliner"),
    ({"package.rows.1.h_point_x_mm": 100}, "package.rows.1.h_point_x_mm", "front to back"),
    ({"package.cabin_width_mm": 1475}, "package.cabin_width_mm", "body width"),
    ({"package.headliner_height_mm": 1890}, "package.headliner_height_mm", "roof"),
    ({"package.rows.1.h_point_x_mm": 2915}, "package.rows.1.h_point_x_mm", "length"),
    ({"package.rows.0.h_point_x_mm": -480}, "package.rows.0.h_point_x_mm", "length"),
    ({"package.rows.0.seat_height_mm": 720}, "package.rows.0.seat_height_mm", "ground clearance"),
    ({"package.rows.0.seats.0.head_restraint_mm": 1050}, "package.rows.0.seats.0.head_restraint_mm", "headliner"),
])
def test_a_package_that_does_not_fit_the_body_is_refused(van, changes, field, says):
    _refused(van, changes, field, says)


def test_a_package_just_inside_the_body_is_valid(van):
    inside = with_values(van, {"package.cabin_width_mm": 1474, "package.headliner_height_mm": 1889,
                               "package.rows.1.h_point_x_mm": 2914, "package.rows.0.seat_height_mm": 710})
    assert inside.package.rows[0].floor_z_mm == van.dimensions.ground_clearance_mm


def test_height_must_leave_room_above_ground_clearance_and_tyre(van):
    _refused(van, {"dimensions.height_mm": 850, "dimensions.ground_clearance_mm": 500,
                   "lighting.headlamp_height_mm": 600, "lighting.tail_lamp_height_mm": 600,
                   "lighting.bumper_height_mm": 600, "mass.cg_height_mm": 600}, "height_mm", "400")


def test_extra_fields_are_refused(van):
    for where in (None, "dimensions", "powertrain", "safety"):
        data = van.model_dump(mode="json")
        (data if where is None else data[where])["wingspan_mm"] = 1
        with pytest.raises(ValidationError) as info:
            Design.model_validate(data)
        assert any(e["type"] == "extra_forbidden" and e["loc"][-1] == "wingspan_mm" for e in info.value.errors())


@pytest.mark.parametrize("path", ["name", "notes", "dimensions.length_mm", "powertrain.engine_power_kw",
                                  "mass.cg_height_mm", "mass.rated_gvwr_kg", "safety.esc", "occupancy"])
def test_missing_fields_are_refused_not_defaulted(van, path):
    data = van.model_dump(mode="json")
    *parents, leaf = path.split(".")
    node = data
    for p in parents:
        node = node[p]
    del node[leaf]
    with pytest.raises(ValidationError) as info:
        Design.model_validate(data)
    assert any(e["type"] == "missing" and e["loc"][-1] == leaf for e in info.value.errors())


def test_wrong_powertrain_kind_fields_are_refused(van):
    data = van.model_dump(mode="json")
    data["powertrain"]["kind"] = "electric"  # gas fields under an electric powertrain
    with pytest.raises(ValidationError):
        Design.model_validate(data)


# --- accepted: possible but not compliant -----------------------------------------------------------------------

def test_non_compliant_but_possible_designs_are_valid(van, ev_hatch):
    long = with_value(van, "dimensions.length_mm", 3600)
    assert long.dimensions.length_mm == 3600
    assert long.dimensions.rear_overhang_mm == pytest.approx(3600 - 2430 - 480)
    strong = with_value(ev_hatch, "powertrain.motor_power_kw", 80)
    assert strong.powertrain.peak_power_kw == 80
    big = with_values(van, {"occupancy.payload_kg": 1200, "powertrain.displacement_cc": 1500,
                            "package.rows.1.seats.0.kind": "bench", "package.rows.1.seats.0.declared_positions": 4})
    assert big.package.rows[1].seats[0].declared_positions == 4  # four on a 500 mm seat: possible, and flagged


# --- frozen -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target, attr, value", [
    (lambda d: d, "name", "renamed"),
    (lambda d: d.dimensions, "length_mm", 3000.0),
    (lambda d: d.powertrain, "top_speed_kmh", 99.0),
    (lambda d: d.safety, "esc", False),
    (lambda d: d.mass, "cg_height_mm", 500.0),
])
def test_models_are_frozen(van, target, attr, value):
    obj = target(van)
    before = getattr(obj, attr)
    with pytest.raises(ValidationError) as info:
        setattr(obj, attr, value)
    assert info.value.errors()[0]["type"] == "frozen_instance"
    assert getattr(obj, attr) == before


def test_designs_are_hashable_and_compare_by_value(van):
    again = Design.model_validate(van.model_dump())
    assert again == van and hash(again) == hash(van)
    assert with_value(van, "name", "other") != van


# --- metadata the GUI builds its forms from ---------------------------------------------------------------------

def _numeric(annotation) -> bool:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_numeric(a) for a in typing.get_args(annotation) if a is not type(None))
    return annotation in (int, float)


NUMERIC_FIELDS = [(m, n) for m in MODELS + (RuleSettings,) for n, f in m.model_fields.items()
                  if _numeric(f.annotation)]


def test_numeric_fields_are_found():
    # 10 dimensions, gas 4, electric 4, hybrid 8, structure 1, front end 7, road load 4, occupancy 1, mass 4,
    # lighting 4, package 2, row 6, seat 6, settings 10
    assert len(NUMERIC_FIELDS) == 71


@pytest.mark.parametrize("model, name", NUMERIC_FIELDS, ids=[f"{m.__name__}.{n}" for m, n in NUMERIC_FIELDS])
def test_every_numeric_field_has_title_unit_bounds_step_and_description(model: type[BaseModel], name: str):
    info = model.model_fields[name]
    assert info.title and info.title.strip()
    assert info.description and info.description.strip()
    extra = info.json_schema_extra
    assert isinstance(extra, dict)
    assert isinstance(extra.get("unit"), str) and extra["unit"]
    assert isinstance(extra.get("step"), (int, float)) and extra["step"] > 0
    lo = hi = None
    for meta in info.metadata:
        lo = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else lo
        lo = getattr(meta, "gt", None) if getattr(meta, "gt", None) is not None else lo
        hi = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else hi
    assert lo is not None and hi is not None and math.isfinite(lo) and math.isfinite(hi) and lo < hi
    if name.endswith("_mm"):
        assert extra["unit"] == "mm"
    if name.endswith("_kg"):
        assert extra["unit"] == "kg"
    if name.endswith("_kw"):
        assert extra["unit"] == "kW"


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_every_field_has_a_title_and_description(model):
    for name, info in model.model_fields.items():
        if name in {"dimensions", "powertrain", "structure", "front_end", "road_load", "occupancy", "package", "mass",
                    "lighting", "safety", "plan"}:
            continue
        assert info.title, f"{model.__name__}.{name} has no title"
        assert info.description, f"{model.__name__}.{name} has no description"


# --- the strategy other test packages reuse ---------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(valid_designs())
def test_generated_designs_are_valid_and_revalidate_identically(design):
    assert Design.model_validate(design.model_dump()) == design
    d = design.dimensions
    assert d.rear_overhang_mm >= d.tire_diameter_mm / 2
    package = design.package
    assert all(row.occupied_width_mm <= package.cabin_width_mm for row in package.rows)
    assert all(s.latch_positions <= s.tether_positions <= s.declared_positions for row in package.rows
               for s in row.seats)


def test_front_rails_stay_inboard_of_the_front_wheels(van):
    inner = (van.dimensions.front_track_mm - van.dimensions.tire_width_mm) / 2  # the tyres' inner faces
    assert with_value(van, "front_end.rail_offset_mm", inner - 0.5).front_end.rail_offset_mm == inner - 0.5
    _refused(van, {"front_end.rail_offset_mm": inner}, "front_end.rail_offset_mm", "through the front wheels")


def test_the_windscreen_base_stands_ahead_of_the_front_row(van):
    row = van.package.rows[0].h_point_x_mm
    assert with_value(van, "front_end.cowl_x_mm", row - 1).front_end.cowl_x_mm == row - 1
    _refused(van, {"front_end.cowl_x_mm": row}, "front_end.cowl_x_mm", "among the occupants")


@pytest.mark.parametrize("path, value, says", [
    ("front_end.cowl_x_mm", -600.0, "120 mm ahead of the bumper face"),  # the van's front overhang is 480 mm
    ("front_end.firewall_x_mm", -480.0, "0 mm ahead of the bumper face"),
])
def test_a_front_end_ahead_of_the_bumper_says_how_far(van, path, value, says):
    _refused(van, {path: value}, path, says)
