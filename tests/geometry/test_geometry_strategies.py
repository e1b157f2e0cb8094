"""The design strategy itself: it must produce valid designs without rejecting most draws, and reach the bounds."""

from __future__ import annotations

from geometry_strategies import valid_designs
from hypothesis import given, settings

from keidesigner.design import Dimensions
from keidesigner.design.fields import field_bounds


@settings(max_examples=200, deadline=None)  # the filter_too_much health check stays on
@given(valid_designs())
def test_strategy_yields_valid_designs(design):
    d = design.dimensions
    assert d.rear_overhang_mm >= d.tire_diameter_mm / 2
    assert d.front_track_mm + d.tire_width_mm <= d.width_mm


def test_strategy_reaches_extremes():
    seen = []

    @settings(max_examples=300, deadline=None, database=None)
    @given(valid_designs())
    def collect(design):
        seen.append(design.dimensions)

    collect()
    (short, long), (narrow, wide) = field_bounds(Dimensions, "length_mm"), field_bounds(Dimensions, "width_mm")
    assert any(d.length_mm == long for d in seen) and any(d.length_mm == short for d in seen)
    assert any(d.width_mm == narrow for d in seen) and any(d.width_mm == wide for d in seen)
    assert any(d.height_mm - d.ground_clearance_mm == 400 for d in seen)
