"""What you see is what is checked: the scene's geometry matches the design's numbers, for every preset and for
random valid designs up to the extremes of every bound."""

from __future__ import annotations

import os

import numpy as np
import pytest
from geometry_strategies import valid_designs
from hypothesis import given, settings

from keidesigner.design import BodyStyle, Design
from keidesigner.files import load_preset, preset_names
from keidesigner.geometry import KEI_BOX_MM, Scene, build_scene

TOL = 1.0  # mm
MIN_FACE_AREA_MM2 = 1e-3


def _box_centre(vertices: np.ndarray) -> np.ndarray:
    return (vertices.min(axis=0) + vertices.max(axis=0)) / 2


def check_scene(design: Design, scene: Scene) -> None:
    d, light = design.dimensions, design.lighting
    L, W, H = d.length_mm, d.width_mm, d.height_mm

    required = {"body", "glass", "wheels", "headlamps", "tail_lamps", "envelope"}
    assert required <= set(scene.names)
    assert ("bed" in scene) == (design.body_style == BodyStyle.truck)

    # overall size: bumper to bumper, side to side, ground to roof
    low, high = scene.bounds
    np.testing.assert_allclose(low, [-L, -W / 2, 0.0], atol=TOL)
    np.testing.assert_allclose(high, [0.0, W / 2, H], atol=TOL)

    # the body's lowest point is the ground clearance; nothing but the tyres goes lower
    assert scene["body"].mesh.bounds[0, 2] == pytest.approx(d.ground_clearance_mm, abs=TOL)
    for part in scene.vehicle_parts():
        if part.name != "wheels":
            assert part.mesh.bounds[0, 2] >= d.ground_clearance_mm - TOL, part.name

    # wheels on the ground, at the axles and tracks, of the tyre's size
    wheels = np.asarray(scene["wheels"].vertices)
    assert wheels[:, 2].min() == pytest.approx(0.0, abs=1e-6)
    expected = [
        (x, y, d.tire_diameter_mm / 2)
        for x in (-d.front_overhang_mm, -d.front_overhang_mm - d.wheelbase_mm)
        for y in (d.front_track_mm / 2 if x == -d.front_overhang_mm else d.rear_track_mm / 2) * np.array([1, -1])
    ]
    # tyres may overlap at the extremes, so wheels are told apart by mesh connectivity, not by position
    by_centre: dict[tuple, list[np.ndarray]] = {}
    for component in components(scene["wheels"].mesh):
        key = tuple(np.round(_box_centre(component), 3))
        by_centre.setdefault(key, []).append(component)
    assert len(by_centre) == 4
    for centre, expect in zip(sorted(by_centre), sorted(expected)):
        np.testing.assert_allclose(centre, expect, atol=TOL)
        wheel = np.concatenate(by_centre[centre])
        size = wheel.max(axis=0) - wheel.min(axis=0)
        np.testing.assert_allclose(size, [d.tire_diameter_mm, d.tire_width_mm, d.tire_diameter_mm], atol=TOL)

    # lamp centres at the stated heights, a symmetric pair at each end (each kind its own part)
    centres = {}
    for is_tail, height in ((False, light.headlamp_height_mm), (True, light.tail_lamp_height_mm)):
        pair = np.asarray(scene["tail_lamps" if is_tail else "headlamps"].vertices)
        centre = centres[is_tail] = _box_centre(pair)
        assert centre[2] == pytest.approx(height, abs=TOL)
        assert centre[1] == pytest.approx(0.0, abs=TOL)
        assert pair[:, 1].min() < 0 < pair[:, 1].max()
    assert centres[False][0] > centres[True][0]  # headlamps ahead of tail lamps
    bumpers = np.asarray(scene["bumpers"].vertices)
    for front in (True, False):
        bar = bumpers[(bumpers[:, 0] > -L / 2) == front]
        assert _box_centre(bar)[2] == pytest.approx(light.bumper_height_mm, abs=TOL)

    # the kei box sits around the vehicle: from its front, centred on its width, on the ground
    kl, kw, kh = KEI_BOX_MM
    np.testing.assert_allclose(scene.envelope.mesh.bounds, [[-kl, -kw / 2, 0.0], [0.0, kw / 2, kh]], atol=1e-9)

    for part in scene:
        check_mesh(part)


def components(mesh) -> list[np.ndarray]:
    """Vertex arrays of the mesh's face-connected components (no scipy or networkx needed)."""
    faces = np.asarray(mesh.faces)
    labels = np.arange(len(mesh.vertices))
    while True:
        low = labels[faces].min(axis=1)
        new = labels.copy()
        np.minimum.at(new, faces.ravel(), np.repeat(low, 3))
        new = new[new]  # pointer jumping speeds up convergence
        if np.array_equal(new, labels):
            break
        labels = new
    vertices = np.asarray(mesh.vertices)
    return [vertices[labels == root] for root in np.unique(labels)]


def check_mesh(part) -> None:
    mesh = part.mesh
    vertices, faces = np.asarray(mesh.vertices), np.asarray(mesh.faces)
    assert np.isfinite(vertices).all(), part.name
    assert faces.min() >= 0 and faces.max() < len(vertices), part.name
    a, b, c = vertices[faces[:, 0]], vertices[faces[:, 1]], vertices[faces[:, 2]]
    areas = 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=1)
    assert areas.min() > MIN_FACE_AREA_MM2, f"{part.name}: degenerate face of area {areas.min():g} mm²"
    assert mesh.is_watertight, part.name
    assert mesh.is_winding_consistent, part.name
    assert mesh.volume > 0, part.name
    colors = np.asarray(part.face_colors)
    assert colors.shape == (len(faces), 4) and (colors >= 0).all() and (colors <= 1).all(), part.name


@pytest.mark.parametrize("name", preset_names())
def test_preset_scene_matches_design(name):
    design = load_preset(name)
    check_scene(design, build_scene(design))


@settings(max_examples=int(os.environ.get("GEOMETRY_EXAMPLES", 80)), deadline=None)
@given(valid_designs())
def test_any_valid_design_scene_matches_design(design):
    check_scene(design, build_scene(design))


def test_scene_api_for_the_viewer():
    design = load_preset("kei-roadster")
    scene = build_scene(design)
    names = [part.name for part in scene]
    assert names == scene.names and names[-1] == "envelope"
    assert "envelope" not in [p.name for p in scene.vehicle_parts()]
    for part in scene:
        assert part.vertices.dtype.kind == "f" and part.vertices.shape[1] == 3
        assert part.faces.dtype.kind in "iu" and part.faces.shape[1] == 3
        assert len(part.color) == 4 and all(0.0 <= c <= 1.0 for c in part.color)
    # the roadster is lower than the kei box: the vehicle bounds must not be the envelope's
    assert scene.bounds[1, 2] == pytest.approx(design.dimensions.height_mm, abs=TOL)
    assert scene.bounds[1, 2] < KEI_BOX_MM[2] - 100
    with pytest.raises(KeyError):
        scene["no-such-part"]


def test_tail_lamps_red_headlamps_white():
    scene = build_scene(load_preset("kei-van"))
    head, tail = scene["headlamps"], scene["tail_lamps"]
    length = load_preset("kei-van").dimensions.length_mm
    assert (np.asarray(head.mesh.triangles_center)[:, 0] > -length / 2).all()  # at the front
    assert (np.asarray(tail.mesh.triangles_center)[:, 0] < -length / 2).all()  # at the rear
    assert (np.asarray(head.face_colors)[:, 2] > 0.5).all()  # white-ish: has blue
    colors = np.asarray(tail.face_colors)
    assert (colors[:, 0] > 0.6).all() and (colors[:, 2] < 0.2).all()  # red


def test_rebuild_reflects_an_edit():
    from keidesigner.design import with_value

    design = load_preset("kei-hatch" if "kei-hatch" in preset_names() else "kei-ev-hatch")
    longer = with_value(design, "dimensions.length_mm", design.dimensions.length_mm + 200)
    assert build_scene(longer).extents[0] == pytest.approx(design.dimensions.length_mm + 200, abs=TOL)
    wider_tyres = with_value(design, "dimensions.tire_diameter_mm", design.dimensions.tire_diameter_mm + 40)
    assert build_scene(wider_tyres)["wheels"].mesh.bounds[1, 2] == pytest.approx(
        design.dimensions.tire_diameter_mm + 40, abs=TOL)


def test_lamps_at_the_header_of_a_tiny_roadster_keep_head_ahead_of_tail():
    # found by the property test: a 1.2 m roadster with both lamps at its 817 mm height put the tail lamps 0.3 mm
    # ahead of the headlamps (its front and rear surfaces meet at the windscreen header)
    from keidesigner.design import with_values

    design = with_values(load_preset("kei-truck"), {
        "body_style": "roadster",
        "dimensions.length_mm": 1200.0, "dimensions.width_mm": 800.0, "dimensions.height_mm": 817.0,
        "dimensions.wheelbase_mm": 800.0, "dimensions.front_overhang_mm": 150.0, "dimensions.front_track_mm": 700.0,
        "dimensions.rear_track_mm": 700.0, "dimensions.ground_clearance_mm": 50.0,
        "dimensions.tire_diameter_mm": 300.0, "dimensions.tire_width_mm": 100.0,
        "front_end.firewall_x_mm": -100.0, "front_end.block_length_mm": 0.0,
        "front_end.bonnet_leading_edge_height_mm": 356.8, "front_end.cowl_x_mm": 318.0,
        "front_end.cowl_height_mm": 471.9, "front_end.windscreen_rake_deg": 58.9, "front_end.rail_offset_mm": 248.0,
        "package.cabin_width_mm": 660.0, "package.headliner_height_mm": 777.0,
        "package.rows.0.h_point_x_mm": 414.0, "package.rows.0.h_point_z_mm": 280.1,
        "package.rows.0.seat_height_mm": 138.1, "package.rows.0.back_angle_deg": 25.0,
        "package.rows.0.back_thickness_mm": 100.0, "package.rows.0.seat_gap_mm": 60.0,
        "package.rows.0.seats.0.kind": "bucket", "package.rows.0.seats.0.backset_mm": 50.0,
        "package.rows.0.seats.0.seating_width_mm": 480.0, "package.rows.0.seats.0.declared_positions": 1,
        "package.rows.0.seats.0.head_restraint_mm": 547.0,
        "lighting.headlamp_height_mm": 817.0, "lighting.tail_lamp_height_mm": 817.0,
        "lighting.bumper_height_mm": 100.0, "lighting.chmsl_height_mm": 100.0,
    })
    check_scene(design, build_scene(design))
