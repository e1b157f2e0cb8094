"""2-D outlines: each view's silhouettes span exactly the design's dimensions; the kei box and the dimension lines
carry the right numbers."""

from __future__ import annotations

import os

import numpy as np
import pytest
from geometry_strategies import valid_designs
from hypothesis import given, settings

from keidesigner.files import load_preset, preset_names
from keidesigner.geometry import KEI_BOX_MM, build_scene, outlines

TOL = 1.0


def expected_extents(design, view):
    d = design.dimensions
    return {
        "side": (d.length_mm, d.height_mm),
        "front": (d.width_mm, d.height_mm),
        "top": (d.length_mm, d.width_mm),
    }[view]


def check_outlines(design):
    scene = build_scene(design)
    for view in ("side", "front", "top"):
        outline = outlines(design, view, scene=scene)
        np.testing.assert_allclose(outline.vehicle_extents, expected_extents(design, view), atol=TOL)
        for name, loops in outline.polylines.items():
            assert loops, name
            for loop in loops:
                assert loop.ndim == 2 and loop.shape[1] == 2 and len(loop) >= 4, name
                np.testing.assert_array_equal(loop[0], loop[-1])
                assert np.isfinite(loop).all()


@pytest.mark.parametrize("name", preset_names())
def test_preset_outlines_span_the_design(name):
    check_outlines(load_preset(name))


@settings(max_examples=max(25, int(os.environ.get("GEOMETRY_EXAMPLES", 80)) // 3), deadline=None)
@given(valid_designs())
def test_any_valid_design_outlines_span_the_design(design):
    check_outlines(design)


def test_side_view_places_the_vehicle_in_model_coordinates():
    design = load_preset("kei-truck")
    d = design.dimensions
    side = outlines(design, "side")
    assert side.axes == ("x", "z")
    np.testing.assert_allclose(side.vehicle_bounds(), [[-d.length_mm, 0.0], [0.0, d.height_mm]], atol=TOL)
    # the silhouette is a vehicle, not its bounding box: a cab-over truck's bed is far lower than the cab roof
    body = np.concatenate(side.polylines["bed"])
    assert body[:, 1].max() < d.height_mm - 100
    # wheel silhouettes are round: the side view's wheel outline has many points
    assert all(len(loop) > 16 for loop in side.polylines["wheels"])


def test_envelope_and_dimension_lines():
    design = load_preset("kei-van")
    d = design.dimensions
    kl, kw, kh = KEI_BOX_MM
    side, front, top = (outlines(design, v) for v in ("side", "front", "top"))
    np.testing.assert_allclose(np.ptp(side.polylines["envelope"][0], axis=0), [kl, kh])
    np.testing.assert_allclose(np.ptp(front.polylines["envelope"][0], axis=0), [kw, kh])
    np.testing.assert_allclose(np.ptp(top.polylines["envelope"][0], axis=0), [kl, kw])
    dims = {dim.label: dim for dim in side.dimensions}
    assert dims["Length"].value_mm == d.length_mm
    assert dims["Wheelbase"].value_mm == d.wheelbase_mm
    assert dims["Rear overhang"].value_mm == pytest.approx(d.rear_overhang_mm)
    for dim in side.dimensions + front.dimensions + top.dimensions:
        # each line is as long as the value it shows
        assert np.linalg.norm(dim.end - dim.start) == pytest.approx(dim.value_mm, abs=1e-6), dim.label
    # each dimension names what it shows, so a drawing finds the finding about it by field, not by label
    from keidesigner.design import derive, get_value
    for dim in side.dimensions + front.dimensions + top.dimensions:
        assert dim.field is not None, dim.label
        value = get_value(design, dim.field) if "." in dim.field else getattr(derive(design), dim.field)
        assert value == pytest.approx(dim.value_mm), dim.label
    assert {dim.label for dim in front.dimensions} >= {"Width", "Front track", "Height"}


def test_unknown_view_is_refused():
    with pytest.raises(ValueError, match="view"):
        outlines(load_preset("kei-van"), "isometric")


def test_the_analysis_outlines_are_the_ones_each_view_makes_alone():
    from keidesigner.analysis import analyse

    analysis = analyse(load_preset("kei-truck"))
    for view in ("side", "front", "top"):
        alone = outlines(analysis.design, view, analysis.scene)
        together = analysis.outline(view)
        assert together.view == view and together.axes == alone.axes
        assert together.polylines.keys() == alone.polylines.keys()
        for name, loops in alone.polylines.items():
            assert len(together.polylines[name]) == len(loops), (view, name)
            for a, b in zip(sorted(loops, key=len), sorted(together.polylines[name], key=len)):
                np.testing.assert_allclose(a, b, atol=1e-3, err_msg=f"{view} {name}")
    with pytest.raises(ValueError, match="view"):
        analysis.outline("isometric")
