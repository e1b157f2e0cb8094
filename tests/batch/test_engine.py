"""The vectorised engine's own behaviour: refused variants and their reasons, findings that exist for some variants
only, rules and validators without a twin going through the scalar path, twins kept to their declarations, the
edge cases of a batch (no variant, no varied field, nothing valid)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from keidesigner.batch import Variants, differences, engine, evaluate_batch, evaluate_scalar, grid, validate
from keidesigner.batch.columns import BaseValues, Columns
from keidesigner.batch.result import FAIL, MISSING
from keidesigner.batch.twin import TWINS, Batch, UndeclaredInput, View, places_of
from keidesigner.rules import DEFAULT_SETTINGS, kei, us


def _agree(v, us_class=None, rule_settings=DEFAULT_SETTINGS):
    batch = evaluate_batch(v, us_class, rule_settings)
    assert differences(batch, evaluate_scalar(v, us_class, rule_settings)) == []
    return batch


def test_refused_variants_name_the_field_and_say_why_as_the_model_does(truck):
    v = grid(truck, {"dimensions.wheelbase_mm": (1800.0, 3000.0, 100.0), "mass.curb_mass_kg": (600.0, 6000.0, 900.0)})
    r = _agree(v)
    assert set(r.invalid_field[~r.valid]) == {"dimensions.wheelbase_mm", "mass.curb_mass_kg"}
    long = r.invalid_field == "dimensions.wheelbase_mm"
    assert all("rear overhang" in text for text in r.invalid_reason[long])
    heavy = r.invalid_field == "mass.curb_mass_kg"
    assert set(r.invalid_reason[heavy]) == {"mass.curb_mass_kg: Input should be less than or equal to 5000"}
    assert (r.invalid_reason[r.valid] == "").all() and (r.invalid_field[r.valid] == "").all()
    for rule_id in r.status:
        assert (r.status[rule_id][~r.valid] == MISSING).all() and np.isnan(r.margin[rule_id][~r.valid]).all()
    assert all(np.isnan(column[~r.valid]).all() for column in r.derived.values())


def test_without_reasons_the_field_is_still_named(truck):
    v = grid(truck, {"dimensions.wheelbase_mm": (1800.0, 3000.0, 100.0)})
    full, bare = evaluate_batch(v), evaluate_batch(v, reasons=False)
    assert (bare.invalid_reason == "").all()
    assert bare.invalid_field.tolist() == full.invalid_field.tolist() and (bare.valid == full.valid).all()


def test_a_head_restraint_finding_exists_only_where_the_seat_is_outboard(van):
    """Narrow front seats leave the cabin's sides: no outboard position, so no head restraint findings there."""
    v = grid(van, {"package.rows.0.seats.0.seating_width_mm": (200.0, 480.0, 20.0)})
    r = _agree(v)
    height = r.status["us.202a.height.1.1"]
    assert r.valid.all() and (height == MISSING).any() and (height != MISSING).any()
    assert (r.status["us.202a.backset.1.1"] == MISSING).tolist() == (height == MISSING).tolist()


def test_a_finding_no_valid_variant_has_is_left_out(van):
    v = Variants(van, {"package.rows.0.seats.0.seating_width_mm": np.array([200.0, 250.0, 10_000.0])})
    r = _agree(v)
    assert "us.202a.height.1.1" not in r.status and "us.202a.height.1.2" in r.status


@pytest.mark.parametrize("columns", [{}, {"dimensions.length_mm": np.array([])}])
def test_a_batch_of_the_base_alone_or_of_nothing(truck, columns):
    v = Variants(truck, columns)
    r = _agree(v)
    assert len(r) == len(v)


def test_a_batch_with_nothing_valid_has_no_findings(truck):
    r = _agree(Variants(truck, {"dimensions.length_mm": np.array([100.0, 9000.0, math.nan])}))
    assert not r.valid.any() and r.status == {} and r.invalid_reason[2].endswith("Input should be a finite number")


def test_a_whole_number_field_fed_nan_is_refused_as_the_scalar_path_refuses_it(van):
    v = Variants(van, {"package.rows.0.seats.0.declared_positions": np.array([1.0, math.nan])})
    with pytest.raises(ValueError):
        evaluate_scalar(v)
    with pytest.raises(ValueError):
        evaluate_batch(v)


def test_a_rule_without_a_twin_goes_through_the_scalar_path(van, monkeypatch):
    for rule in (us.roof_crush, kei.kei_seats):
        monkeypatch.delitem(TWINS, rule)
    engine._plan.cache_clear()
    try:
        v = grid(van, {"mass.curb_mass_kg": (700.0, 1300.0, 100.0), "dimensions.wheelbase_mm": (2300.0, 2700.0, 100.0)})
        r = _agree(v, "mpv")
        assert set(r.scalar_rules) == {"us.216a.roof_crush", "kei.seats"}
    finally:
        engine._plan.cache_clear()


def test_a_validator_without_a_twin_sends_every_variant_through_the_model(van, monkeypatch):
    monkeypatch.delitem(validate.TWINNED, validate.Dimensions)
    engine._plan.cache_clear()
    try:
        v = grid(van, {"dimensions.wheelbase_mm": (2300.0, 3000.0, 100.0)})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _agree(v)
        assert any("no twin" in str(w.message) for w in caught)
    finally:
        engine._plan.cache_clear()


def test_the_model_holds_no_validator_without_a_twin(preset):
    assert validate.checks(preset, ("dimensions.length_mm",)) is not None


def test_a_twin_reads_only_what_it_declares(van):
    batch = Batch(Columns(BaseValues(van), {}, 1), DEFAULT_SETTINGS, van.us_class, places_of(van))
    view = View(batch, ("dimensions.length_mm", "derived.gvwr_kg", "package.rows.*.h_point_x_mm"), "test")
    assert view.field("dimensions.length_mm") == van.dimensions.length_mm
    assert view.field("package.rows.1.h_point_x_mm") == van.package.rows[1].h_point_x_mm
    assert view.figure("gvwr_kg") == van.mass.rated_gvwr_kg
    with pytest.raises(UndeclaredInput, match="dimensions.width_mm"):
        view.field("dimensions.width_mm")
    with pytest.raises(UndeclaredInput, match="derived.ssf"):
        view.figure("ssf")


def test_a_varied_column_that_holds_one_value_gives_the_base_design_s_result(preset):
    """The array paths (a varied field) and the scalar paths (the base design's value) agree."""
    fields = ("dimensions.length_mm", "mass.curb_mass_kg", "package.rows.0.h_point_x_mm", "lighting.headlamp_height_mm")
    columns = {}
    for path in fields:
        node = preset
        for part in path.split("."):
            node = node[int(part)] if part.isdigit() else getattr(node, part)
        columns[path] = np.full(3, float(node))
    varied, fixed = evaluate_batch(Variants(preset, columns)), evaluate_batch(Variants(preset, {}))
    assert varied.valid.all()
    for rule_id, status in fixed.status.items():
        assert (varied.status[rule_id] == status[0]).all()
        assert np.array_equal(varied.margin[rule_id], np.full(3, fixed.margin[rule_id][0]), equal_nan=True)
    for key, column in fixed.derived.items():
        assert np.array_equal(varied.derived[key], np.full(3, column[0]), equal_nan=True)


def test_a_hybrid_engine_counts_for_kei_power_where_it_exceeds_the_system_power():
    from keidesigner.files import load_preset

    hybrid = load_preset("kei-hybrid-wagon")
    v = grid(hybrid, {"powertrain.engine_power_kw": (20.0, 200.0, 10.0),
                      "powertrain.system_power_kw": (5.0, 45.0, 10.0)})
    r = _agree(v)
    engine = v.columns["powertrain.engine_power_kw"]
    over = r.valid & (engine > 47.0719)
    assert over.any() and (r.status["kei.power"][over] == FAIL).all()
