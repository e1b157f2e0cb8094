"""Each body style reads as itself: the features that tell a cab-over truck from a one-box van, a two-box hatch
and a roadster, measured on the built meshes of the presets."""

from __future__ import annotations

import numpy as np
import pytest

from keidesigner.files import load_preset
from keidesigner.geometry import build_scene


def _body(design):
    scene = build_scene(design)
    return scene, np.asarray(scene["body"].vertices)


def _roof_span(design, vertices):
    """Fraction of the length, from the front, over which the body stands within 1 % of the full height."""
    d = design.dimensions
    roof = vertices[vertices[:, 2] >= d.height_mm - 0.01 * d.height_mm]
    return -roof[:, 0].max() / d.length_mm, -roof[:, 0].min() / d.length_mm


def _top_at(vertices, x, width=40.0):
    near = vertices[np.abs(vertices[:, 0] - x) < width]
    return near[:, 2].max()


def test_truck_is_a_cab_over_with_a_flat_bed():
    design = load_preset("kei-truck")
    d = design.dimensions
    scene, body = _body(design)
    start, end = _roof_span(design, body)
    assert start < 0.12 and end < 0.45  # the cab is at the front and short
    # the front axle is under the cab (cab-over), the front face near vertical: full-ish height right at the front
    assert _top_at(body, -d.front_overhang_mm) == pytest.approx(d.height_mm, rel=0.01)
    assert _top_at(body, -0.03 * d.length_mm) > 0.5 * d.height_mm
    bed = np.asarray(scene["bed"].vertices)
    assert bed[:, 0].max() < -0.4 * d.length_mm  # behind the cab
    assert bed[:, 0].min() == pytest.approx(-d.length_mm + 30.0, abs=1.0)  # to the rear bumper
    floor = bed[:, 2].min()
    assert floor > d.tire_diameter_mm  # clears the rear wheels: a flat bed, no wheel boxes
    # open: its sides rise only a little above the floor, the cab guard aside
    sides = bed[bed[:, 0] < -0.5 * d.length_mm]
    assert sides[:, 2].max() - floor < 0.25 * d.height_mm


def test_van_is_one_box():
    design = load_preset("kei-van")
    d = design.dimensions
    _, body = _body(design)
    start, end = _roof_span(design, body)
    assert start < 0.25 and end > 0.95  # tall roof almost end to end
    assert _top_at(body, -0.1 * d.length_mm) > 0.6 * d.height_mm  # near-vertical nose, no bonnet
    assert _top_at(body, -0.99 * d.length_mm) > 0.5 * d.height_mm  # boxy tail


def test_hatchback_is_two_box():
    design = load_preset("kei-ev-hatch")
    d = design.dimensions
    _, body = _body(design)
    start, end = _roof_span(design, body)
    assert 0.3 < start < 0.45 and 0.8 < end < 0.92  # roof between windscreen and hatch
    assert _top_at(body, -0.1 * d.length_mm) < 0.6 * d.height_mm  # short bonnet
    hatch_drop = _top_at(body, -end * d.length_mm) - _top_at(body, -0.97 * d.length_mm)
    assert hatch_drop > 0.35 * d.height_mm  # steep hatch: height falls fast over the last few percent


def test_roadster_is_low_and_open():
    design = load_preset("kei-roadster")
    d = design.dimensions
    scene, body = _body(design)
    assert body[:, 2].max() < 0.7 * d.height_mm  # no roof: only the windscreen reaches the height
    assert np.asarray(scene["glass"].vertices)[:, 2].max() == pytest.approx(d.height_mm, abs=1.0)
    # open cockpit: on the centre line the body top dips well below the doors beside it
    x = -0.55 * d.length_mm
    shell = body[np.abs(body[:, 0] - x) < 60]
    inboard = shell[(np.abs(shell[:, 1]) < 0.4 * d.width_mm) & (shell[:, 2] > 0.3 * d.height_mm)]
    doors = shell[:, 2].max()
    assert len(inboard) and doors - inboard[:, 2].min() > 0.15 * d.height_mm
    # the seats show in the cockpit: the design's own, nothing else standing in for them
    assert "seats" in scene and "interior" not in scene
    assert _top_at(body, -0.2 * d.length_mm) < 0.55 * d.height_mm  # long low bonnet
