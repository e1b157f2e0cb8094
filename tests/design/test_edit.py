"""Edits: with_value / with_values / switch_powertrain produce new validated designs and never mutate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import valid_designs

from keidesigner.design import (
    POWERTRAIN_KINDS,
    Design,
    EditError,
    get_value,
    switch_powertrain,
    with_value,
    with_values,
)


def test_with_value_returns_a_new_validated_design_and_leaves_the_original(van):
    before = van.model_dump()
    edited = with_value(van, "dimensions.length_mm", 3300)
    assert isinstance(edited, Design) and edited is not van
    assert edited.dimensions.length_mm == 3300.0
    assert van.dimensions.length_mm == 3395.0
    assert van.model_dump() == before
    # everything else is carried over
    rest = edited.model_dump()
    rest["dimensions"]["length_mm"] = 3395.0
    assert rest == before


def test_with_values_applies_several_changes_at_once(van):
    # each change alone would be refused (rear overhang), together they fit
    with pytest.raises(EditError):
        with_value(van, "dimensions.wheelbase_mm", 2800)
    edited = with_values(van, {"dimensions.length_mm": 3800, "dimensions.wheelbase_mm": 2800})
    assert (edited.dimensions.length_mm, edited.dimensions.wheelbase_mm) == (3800, 2800)
    assert get_value(edited, "dimensions.wheelbase_mm") == 2800


def test_with_value_validates_and_converts(van):
    edited = with_value(van, "package.rows.1.seats.0.latch_positions", 0)
    assert edited.package.rows[1].seats[0].latch_positions == 0
    assert type(edited.package.rows[1].seats[0].latch_positions) is int
    assert with_value(van, "package.rows.1.seats.0.belt", "lap").package.rows[1].seats[0].belt == "lap"
    assert with_value(van, "mass.cg_height_mm", None).mass.cg_height_mm is None
    assert with_value(van, "mass.rated_gvwr_kg", None).mass.rated_gvwr_kg is None
    assert with_value(van, "us_class", "lsv").us_class == "lsv"


@pytest.mark.parametrize("path, value, field", [
    ("dimensions.length_mm", -5, "dimensions.length_mm"),
    ("dimensions.length_mm", float("nan"), "dimensions.length_mm"),
    ("dimensions.length_mm", "long", "dimensions.length_mm"),
    ("package.rows.1.seats.0.latch_positions", 5, "package.rows.1.seats.0.latch_positions"),
    ("package.rows.1.seats.0.declared_positions", 0, "package.rows.1.seats.0.declared_positions"),
    ("package.rows.1.seats.0.declared_positions", 2, "package.rows.1.seats.0.declared_positions"),  # a bucket
    ("package.rows.5.h_point_x_mm", 900, "package.rows.5.h_point_x_mm"),  # no sixth row
    ("package.rows.0.seats.x.belt", "lap", "package.rows.0.seats.x.belt"),
    ("package.rows.1.h_point_x_mm", 0, "package.rows.1.h_point_x_mm"),  # ahead of the front row
    ("body_style", "sedan", "body_style"),
    ("us_class", "bus", "us_class"),
    ("name", "", "name"),
    ("name", "x" * 121, "name"),
    ("powertrain.engine_power_kw", 401, "powertrain.engine_power_kw"),
    ("dimensions.front_track_mm", 1400, "front_track_mm"),
    ("lighting.headlamp_height_mm", 1950, "lighting.headlamp_height_mm"),
    ("dimensions.nonexistent_mm", 1, "dimensions.nonexistent_mm"),
    ("nowhere.length_mm", 1, "nowhere.length_mm"),
    ("powertrain.motor_power_kw", 40, "powertrain.motor_power_kw"),  # a gas powertrain has no motor
])
def test_bad_values_raise_one_line_edit_error_naming_the_field(van, path, value, field):
    before = van.model_dump()
    with pytest.raises(EditError) as info:
        with_value(van, path, value)
    message = str(info.value)
    assert field in message
    assert "\n" not in message and message.strip() == message
    assert isinstance(info.value, ValueError)
    assert van.model_dump() == before


@pytest.mark.parametrize("kind", ["electric", "hybrid", "gas"])
def test_switch_to_the_same_kind_is_a_no_op(kind, van, ev_hatch, hybrid_wagon):
    design = {"gas": van, "electric": ev_hatch, "hybrid": hybrid_wagon}[kind]
    assert switch_powertrain(design, kind) is design


def test_switch_to_an_unknown_kind_is_refused(van):
    with pytest.raises(EditError, match=r"^powertrain\.kind: 'diesel'"):
        switch_powertrain(van, "diesel")


def _shared_kept(before: Design, after: Design):
    old, new = before.powertrain.model_dump(), after.powertrain.model_dump()
    for name in set(old) & set(new) - {"kind"}:
        if name == "system_power_kw":
            continue
        assert new[name] == old[name], name
    a, b = before.model_dump(), after.model_dump()
    del a["powertrain"], b["powertrain"]
    assert a == b


def test_switch_chain_gas_electric_hybrid_gas_keeps_shared_fields(preset):
    design = preset
    for kind in ("gas", "electric", "hybrid", "gas"):
        switched = switch_powertrain(design, kind)
        assert switched.powertrain.kind == kind
        assert Design.model_validate(switched.model_dump()) == switched
        _shared_kept(design, switched)
        design = switched
    assert design.powertrain.top_speed_kmh == preset.powertrain.top_speed_kmh


def test_switch_gas_to_electric_uses_engine_power_for_the_motor(van):
    electric = switch_powertrain(van, "electric")
    assert electric.powertrain.motor_power_kw == van.powertrain.engine_power_kw
    assert electric.powertrain.top_speed_kmh == van.powertrain.top_speed_kmh
    assert van.powertrain.kind == "gas"  # the original is untouched


def test_switch_to_hybrid_keeps_system_power_possible(ev_hatch):
    hybrid = switch_powertrain(ev_hatch, "hybrid")
    pt = hybrid.powertrain
    assert pt.motor_power_kw == 47 and pt.battery_kwh == 20 and pt.pack_voltage_v == 350
    assert pt.system_power_kw <= pt.engine_power_kw + pt.motor_power_kw


@settings(max_examples=100, deadline=None)
@given(valid_designs(), st.sampled_from(sorted(POWERTRAIN_KINDS)))
def test_switch_powertrain_always_yields_a_valid_design(design, kind):
    switched = switch_powertrain(design, kind)
    assert switched.powertrain.kind == kind
    assert Design.model_validate(switched.model_dump()) == switched
    _shared_kept(design, switched)
