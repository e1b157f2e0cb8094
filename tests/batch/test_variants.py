"""Variants of a base design: grids include both ends, samples fill their box, only number fields may vary."""

from __future__ import annotations

import numpy as np
import pytest

from keidesigner.batch import evaluate_scalar, grid, product_count, sample
from keidesigner.design.edit import EditError


def test_a_grid_includes_both_ends_and_is_full_factorial(truck):
    ranges = {"dimensions.length_mm": (3300.0, 3500.0, 50.0), "mass.curb_mass_kg": (700.0, 1000.0, 100.0)}
    v = grid(truck, ranges)
    assert len(v) == product_count(ranges) == 5 * 4
    assert set(v.columns["dimensions.length_mm"]) == {3300.0, 3350.0, 3400.0, 3450.0, 3500.0}
    assert set(v.columns["mass.curb_mass_kg"]) == {700.0, 800.0, 900.0, 1000.0}
    assert len({tuple(v.values(i).values()) for i in range(len(v))}) == 20


def test_a_step_that_does_not_divide_the_span_stops_inside_it(truck):
    v = grid(truck, {"dimensions.length_mm": (3300.0, 3400.0, 30.0)})
    assert list(v.columns["dimensions.length_mm"]) == [3300.0, 3330.0, 3360.0, 3390.0]


@pytest.mark.parametrize("ranges, says", [({"dimensions.length_mm": (3300.0, 3400.0, 0.0)}, "step"),
                                          ({"dimensions.length_mm": (3400.0, 3300.0, 10.0)}, "before the start")])
def test_a_bad_grid_is_refused(truck, ranges, says):
    with pytest.raises(ValueError, match=says):
        grid(truck, ranges)


@pytest.mark.parametrize("method", ["sobol", "halton", "lhs"])
def test_samples_fill_their_box(truck, method):
    v = sample(truck, {"dimensions.length_mm": (3000.0, 3400.0), "mass.curb_mass_kg": (600.0, 900.0)}, 256,
               method=method, seed=1)
    length, mass = v.columns["dimensions.length_mm"], v.columns["mass.curb_mass_kg"]
    assert len(v) == 256 and 3000 <= length.min() and length.max() <= 3400 and 600 <= mass.min() <= mass.max() <= 900
    # space-filling: every quarter of the length range is visited
    assert len(np.unique(np.floor((length - 3000) / 100))) == 4


@pytest.mark.parametrize("path, says", [("dimensions.nope_mm", "no such field"), ("body_style", "not a number"),
                                        ("safety.esc", "not a number")])
def test_only_number_fields_vary(truck, path, says):
    with pytest.raises(EditError, match=says):
        grid(truck, {path: (1.0, 2.0, 1.0)})


@pytest.mark.parametrize("path, ok", [("plan.exemption_basis", False), ("mass.cg_height_mm", True),
                                      ("plan.us_sales_per_year", True)])
def test_an_empty_field_varies_only_when_it_holds_a_number(van, path, ok):
    """The van leaves these empty (None): a CG height and a sales figure are numbers once set, a basis a choice."""
    if ok:
        grid(van, {path: (1.0, 2.0, 1.0)})
    else:
        with pytest.raises(EditError, match="not a number"):
            grid(van, {path: (1.0, 2.0, 1.0)})


def test_the_scalar_reference_marks_invalid_variants_with_the_model_s_reason(truck):
    v = grid(truck, {"dimensions.wheelbase_mm": (1500.0, 3000.0, 750.0)})
    r = evaluate_scalar(v)
    assert r.valid.tolist() == [True, True, False]
    assert r.invalid_field[2] == "dimensions.wheelbase_mm" and "rear overhang" in r.invalid_reason[2]
    assert all(r.status[rule][2] == -1 for rule in r.status)
    assert r.status["kei.length"][0] == 2
    assert r.margin["kei.length"][0] == pytest.approx(3400 - truck.dimensions.length_mm)
