"""The seats drawn are the seats the rules check, a figure sits at every designated seating position, and the CHMSL
is where the design puts it: for every preset and for random valid designs (tests/strategies.py)."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
from geometry_strategies import valid_designs as valid_bodies
from hypothesis import given, settings
from strategies import valid_designs
from test_geometry_scene import check_mesh, components

from keidesigner.analysis import analyse
from keidesigner.design import Design, seating, with_value, with_values
from keidesigner.design.seating import BACK_LENGTH_MM, CUSHION_BELOW_H_POINT_MM, HEAD_RESTRAINT_DEPTH_MM
from keidesigner.files import load_preset, preset_names
from keidesigner.geometry import all_outlines, build_scene
from keidesigner.geometry.body import plan_body, surface_s
from keidesigner.geometry.build import FOOTWELL_WALL_MM
from keidesigner.geometry.export import scene_bytes
from keidesigner.geometry.lamps import LAMP_PROUD_MM
from keidesigner.geometry.seats import DEFAULT_SITTING_HEIGHT_MM, MIN_CUSHION_MM, OCCUPANT_BOXES, OCCUPANT_VERTICES
from keidesigner.rules import DEFAULT_SETTINGS, Status, evaluate
from keidesigner.rules.settings import SITTING_HEIGHT_MM, Occupant

TOL = 1.0  # mm
EXAMPLES = int(os.environ.get("GEOMETRY_EXAMPLES", 60))


def _frame(angle_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """(up the torso line, square to it forward) in model (x, z)."""
    a = math.radians(angle_deg)
    return np.array([-math.sin(a), math.cos(a)]), np.array([math.cos(a), math.sin(a)])


# --- seats ---------------------------------------------------------------------------------------------------------

def _best(shells: list[np.ndarray], errors: list[float], what: str) -> np.ndarray:
    """The shell that matches best; it must match within 1 mm (rows may stand a hair apart, so several can)."""
    i = int(np.argmin(errors))
    assert errors[i] < TOL, f"{what}: {errors[i]:g} mm off"
    return shells[i]


def _off_torso_line(shell: np.ndarray, h: np.ndarray, angle_deg: float, top_along: float) -> float:
    """How far (mm) the shell's front face is off the torso line through the H-point `h`, or its top off
    `top_along` up that line."""
    up, ahead = _frame(angle_deg)
    rel = shell[:, [0, 2]] - h
    return max(abs((rel @ ahead).max()), abs((rel @ up).max() - top_along))


def check_seats(design: Design, scene) -> None:
    """Every seat location: its seat back's front face on the torso line through its H-point, up to the back's top;
    its head restraint's top on that line at the design's height; its cushion 100 mm under the H-point; all of it
    exactly as wide as the location, nothing under the row's floor, and no other solid in the part."""
    check_mesh(scene["seats"])
    shells = components(scene["seats"].mesh)
    places = seating(design).places
    assert len(shells) == sum(2 + (p.seat.head_restraint_mm is not None) for p in places)
    for place in places:
        row = design.package.rows[place.row]
        mine = [s for s in shells if abs(s[:, 1].min() - place.right_mm) < 1e-6
                and abs(s[:, 1].max() - place.left_mm) < 1e-6]
        h, angle = np.array([place.x_mm, place.z_mm]), row.back_angle_deg
        top = place.seat.head_restraint_mm
        back_top = BACK_LENGTH_MM if top is None else top - HEAD_RESTRAINT_DEPTH_MM
        parts = [_best(mine, [_off_torso_line(s, h, angle, back_top) for s in mine], f"{place.path} back")]
        if top is not None:
            parts.append(_best(mine, [_off_torso_line(s, h, angle, top) for s in mine], f"{place.path} head restraint"))
        cushion_top = max(place.z_mm - CUSHION_BELOW_H_POINT_MM, row.floor_z_mm + MIN_CUSHION_MM)
        parts.append(_best(mine, [max(abs(s[:, 2].max() - cushion_top), abs(s[:, 2].min() - row.floor_z_mm),
                                      0.0 if s[:, 0].min() < place.x_mm < s[:, 0].max() else np.inf) for s in mine],
                           f"{place.path} cushion"))
        seat = np.concatenate(parts)
        assert seat[:, 2].min() >= row.floor_z_mm - 0.5  # a corner within half a millimetre is put on the floor
        np.testing.assert_allclose([seat[:, 1].min(), seat[:, 1].max()], [place.right_mm, place.left_mm], atol=TOL)


@pytest.mark.parametrize("name", preset_names())
def test_preset_seats_are_the_seats_the_rules_check(name):
    design = load_preset(name)
    check_seats(design, build_scene(design))


def test_a_seat_lower_than_its_cushion_keeps_a_cushion_and_its_back_stops_at_the_floor():
    # H30 50 mm: the drawing's cushion surface (100 mm under the H-point) would be under the floor, and a 45° back
    # 400 mm thick reaches far below it
    design = with_values(load_preset("kei-van"), {
        "package.rows.0.seat_height_mm": 50.0, "package.rows.0.back_angle_deg": 45.0,
        "package.rows.0.back_thickness_mm": 400.0})
    check_seats(design, build_scene(design))


# --- occupants -----------------------------------------------------------------------------------------------------

def check_occupants(design: Design, scene, sitting_mm: float = DEFAULT_SITTING_HEIGHT_MM,
                    places=None) -> list[np.ndarray]:
    """One figure per designated seating position, within its share of the seat, its head's top level with the point
    S - 100 mm up the torso line. Returns each figure's vertices."""
    places = places if places is not None else seating(design).places
    positions = sum(p.positions for p in places)
    if not positions:
        assert "occupants" not in scene
        return []
    part = scene["occupants"]
    check_mesh(part)
    assert len(part.vertices) == positions * OCCUPANT_VERTICES
    assert len(components(part.mesh)) == positions * OCCUPANT_BOXES
    figures = []
    i = 0
    for place in places:
        row = design.package.rows[place.row]
        share = (place.left_mm - place.right_mm) / max(place.positions, 1)
        for centre in place.position_centres_y()[:place.positions]:
            figure = part.vertices[i * OCCUPANT_VERTICES:(i + 1) * OCCUPANT_VERTICES]
            i += 1
            assert abs(figure[:, 1] - centre).max() <= share / 2 + 1e-6
            head_top = place.z_mm + (sitting_mm - CUSHION_BELOW_H_POINT_MM) * math.cos(math.radians(row.back_angle_deg))
            assert figure[:, 2].max() == pytest.approx(head_top, abs=TOL), place.path
            assert figure[:, 2].min() >= row.floor_z_mm - TOL  # feet on the floor, not through it
            figures.append(figure)
    return figures


def _head_fits(design: Design, row: int, sitting_mm: float, s=DEFAULT_SITTING_HEIGHT_MM) -> bool:
    """The headroom rule passes for the row, and the rule's line is no steeper than the drawn torso line (the rule
    measures along a line 8° behind vertical from 102 mm under the H-point, the drawing up the torso line from
    100 mm under it: for a near-upright seat back the drawn head stands taller than the rule's)."""
    finding = evaluate(design).by_id(f"us.fit.headroom.{row + 1}")
    r = design.package.rows[row]
    st = DEFAULT_SETTINGS
    drawn = (sitting_mm - CUSHION_BELOW_H_POINT_MM) * math.cos(math.radians(r.back_angle_deg))
    ruled = (sitting_mm - st.headroom_offset_mm) * math.cos(math.radians(st.headroom_line_deg))
    return finding.status is Status.pass_ and drawn <= ruled


@pytest.mark.parametrize("name", preset_names())
def test_preset_occupants_sit_at_every_position_under_the_headliner(name):
    design = load_preset(name)
    scene = build_scene(design)
    figures = check_occupants(design, scene)
    i = 0
    for place in seating(design).places:
        for _ in range(place.positions):
            assert evaluate(design).by_id(f"us.fit.headroom.{place.row + 1}").status is Status.pass_
            assert figures[i][:, 2].max() < design.package.headliner_height_mm  # the presets' rule passes
            i += 1
    # inside the body: behind its front surface and ahead of its rear one at every height they reach, so no knee
    # pokes through a cab-over's face and no head through a roadster's windscreen
    plan = plan_body(design)
    for part in ("seats", "occupants"):
        v = scene[part].vertices
        for z in np.unique(np.round(v[:, 2])):
            at = v[np.abs(v[:, 2] - z) <= 0.5, 0]
            front = plan.x(surface_s(plan, float(z), rear=False))
            rear = plan.x(surface_s(plan, float(z), rear=True))
            assert at.max() <= front + TOL and at.min() >= rear - TOL, (part, z, at.max() - front, rear - at.min())


def test_the_truck_bench_seats_three_and_the_analysis_counts_them():
    truck = load_preset("kei-truck")
    assert [p.positions for p in seating(truck).places] == [3]  # 1,150 mm / 350 mm
    assert len(build_scene(truck)["occupants"].vertices) == 3 * OCCUPANT_VERTICES
    # the analysis's scene seats whom its rules counted: a wider divisor makes the bench two positions
    wide = DEFAULT_SETTINGS.model_copy(update={"dsp_narrow_divisor_mm": 500.0})
    analysis = analyse(truck, wide)
    assert [p.positions for p in analysis.derived.seating.places] == [2]
    check_occupants(truck, analysis.scene, places=analysis.derived.seating.places)


@pytest.mark.parametrize("occupant", list(Occupant))
def test_the_analysis_seats_the_settings_occupant(occupant):
    design = load_preset("kei-van")
    settings_ = DEFAULT_SETTINGS.model_copy(update={"occupant": occupant})
    check_occupants(design, analyse(design, settings_).scene, SITTING_HEIGHT_MM[occupant])


def test_default_occupant_is_the_rules_default():
    assert DEFAULT_SITTING_HEIGHT_MM == SITTING_HEIGHT_MM[DEFAULT_SETTINGS.occupant]


def test_a_sitting_height_no_adult_has_is_refused():
    design = load_preset("kei-van")
    with pytest.raises(ValueError, match="sitting height"):
        build_scene(design, sitting_height_mm=100.0)


def test_legs_stop_at_the_front_wall():
    # the van's front row sits 680 mm behind the bumper: stretched legs would leave the body, so the knees rise
    design = load_preset("kei-van")
    scene = build_scene(design)
    assert scene["occupants"].vertices[:, 0].max() <= -FOOTWELL_WALL_MM + TOL
    check_occupants(design, scene)


# --- what is exported, outlined and measured -----------------------------------------------------------------------

def test_seats_are_exported_and_outlined_occupants_are_not(tmp_path):
    design = load_preset("kei-truck")
    scene = build_scene(design)
    names = [p.name for p in scene.vehicle_parts()]
    assert "seats" in names and "occupants" not in names and "envelope" not in names
    glb = scene_bytes(scene, "glb", with_envelope=True)
    assert b'"seats"' in glb and b'"envelope"' in glb and b'"occupants"' not in glb
    side = all_outlines(design, ("side",), scene)["side"]
    assert "seats" in side.polylines and "occupants" not in side.polylines
    d = design.dimensions
    np.testing.assert_allclose(side.vehicle_bounds(), [[-d.length_mm, 0.0], [0.0, d.height_mm]], atol=TOL)


def test_seats_through_the_roof_do_not_change_the_vehicle_size():
    # a head restraint through the headliner is refused, but a seat back drawn to its conventional 600 mm can still
    # pass the roof over an H-point just under it: the design's size stays its length x width x height
    design = with_values(load_preset("kei-roadster"), {"package.rows.0.seats.0.head_restraint_mm": None,
                                                       "package.rows.0.seats.1.head_restraint_mm": None,
                                                       "package.rows.0.h_point_z_mm": 1100.0})
    scene = build_scene(design)
    d = design.dimensions
    assert scene["seats"].vertices[:, 2].max() > d.height_mm + 100
    np.testing.assert_allclose(scene.bounds, [[-d.length_mm, -d.width_mm / 2, 0.0], [0.0, d.width_mm / 2,
                                                                                      d.height_mm]], atol=TOL)
    side = all_outlines(design, ("side",), scene)["side"]
    np.testing.assert_allclose(side.vehicle_bounds(), [[-d.length_mm, 0.0], [0.0, d.height_mm]], atol=TOL)


# --- CHMSL ---------------------------------------------------------------------------------------------------------

def _face_shells(faces: np.ndarray) -> np.ndarray:
    """Each face's closed shell (face-connected component) as a label: a part may be several overlapping solids."""
    labels = np.arange(faces.max() + 1)
    while True:
        low = labels[faces].min(axis=1)
        new = labels.copy()
        np.minimum.at(new, faces.ravel(), np.repeat(low, 3))
        new = new[new]
        if np.array_equal(new, labels):
            return labels[faces[:, 0]]
        labels = new


def _line_hits(scene, z: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """(x, shell label) of every crossing of the line along x at (y = 0, z) with the body's and a truck's bed's
    faces, per part."""
    out = []
    for name in ("body", "bed"):
        if name not in scene:
            continue
        faces = scene[name].faces
        tri = scene[name].vertices[faces]  # (F, 3, 3)
        (y0, z0), (y1, z1), (y2, z2) = ((tri[:, i, 1], tri[:, i, 2]) for i in range(3))
        det = (y1 - y0) * (z2 - z0) - (y2 - y0) * (z1 - z0)
        ok = np.abs(det) > 1e-12
        u = np.where(ok, ((0 - y0) * (z2 - z0) - (y2 - y0) * (z - z0)) / np.where(ok, det, 1), -1)
        v = np.where(ok, ((y1 - y0) * (z - z0) - (0 - y0) * (z1 - z0)) / np.where(ok, det, 1), -1)
        hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1)
        x = tri[:, 0, 0] + u * (tri[:, 1, 0] - tri[:, 0, 0]) + v * (tri[:, 2, 0] - tri[:, 0, 0])
        out.append((x[hit], _face_shells(faces)[hit]))
    return out


def _crossings(scene, z: float) -> np.ndarray:
    """Model x of every point where the line along x at (y = 0, z) crosses the body's or a truck's bed's surface,
    sorted, each once (a line through an edge or a vertex meets every face sharing it at one point)."""
    hits = [x for x, _ in _line_hits(scene, z)]
    return np.unique(np.round(np.concatenate(hits), 6)) if hits else np.empty(0)


def _inside(scene, x: float, z: float) -> bool:
    """Whether (x, 0, z) is inside one of the closed solids of the body or the bed (an odd number of its crossings
    behind the point)."""
    for xs, shells in _line_hits(scene, z):
        for shell in np.unique(shells):
            behind = np.unique(np.round(xs[(shells == shell) & (xs < x)], 6))
            if len(behind) % 2 == 1:
                return True
    return False


def check_chmsl(design: Design, scene) -> None:
    """The lamp (the part's widest solid; a narrower post may hold it) centred on the centre line at its height,
    facing rearward from a surface of the body or a truck's bed (3 mm proud of it), or on a post reaching into
    them."""
    light, d = design.lighting, design.dimensions
    assert ("chmsl" in scene) == light.chmsl
    if not light.chmsl:
        return
    part = scene["chmsl"]
    check_mesh(part)
    shells = components(part.mesh)
    assert len(shells) <= 2
    lamp = max(shells, key=lambda s: s[:, 1].max())
    low, high = lamp.min(axis=0), lamp.max(axis=0)
    assert (low[2] + high[2]) / 2 == pytest.approx(light.chmsl_height_mm, abs=TOL)
    assert (low[1] + high[1]) / 2 == pytest.approx(0.0, abs=1e-9)  # on the vertical centre line
    assert low[1] < 0 < high[1]
    assert low[0] >= -d.length_mm - TOL
    middle = (low[0] + high[0]) / 2
    if len(shells) == 1:
        # at its height (or, over an edge of the body, a little above or below it) its rear face 3 mm behind a
        # surface of the body or the bed and its middle inside them
        heights = [light.chmsl_height_mm, *np.linspace(low[2] + 1e-3, high[2] - 1e-3, 9)]
        assert any(len(c := _crossings(scene, z)) and np.abs(c - LAMP_PROUD_MM - low[0]).min() < TOL
                   and _inside(scene, middle, z) for z in heights)
    else:  # held on a post that reaches into the body or the bed
        post = min(shells, key=lambda s: s[:, 1].max())
        below = post[:, 2].mean() < light.chmsl_height_mm
        z = post[:, 2].min() if below else post[:, 2].max()  # the end away from the lamp
        assert _inside(scene, post[:, 0].mean(), z), "the post does not reach the body"


@pytest.mark.parametrize("name", preset_names())
def test_preset_chmsl_on_the_rear_at_its_height(name):
    design = load_preset(name)
    check_chmsl(design, build_scene(design))
    other = with_value(design, "lighting.chmsl", not design.lighting.chmsl)
    check_chmsl(other, build_scene(other))


@pytest.mark.parametrize("height", [700.0, 1000.0, 1600.0])  # the truck's bed: below, within, above its sides
def test_truck_chmsl_on_the_tailgate_or_the_cab(height):
    design = with_values(load_preset("kei-truck"), {"lighting.chmsl": True, "lighting.chmsl_height_mm": height})
    check_chmsl(design, build_scene(design))


# --- any valid design ------------------------------------------------------------------------------------------------

@settings(max_examples=EXAMPLES, deadline=None)
@given(valid_designs())
def test_any_valid_design_builds_its_seats_and_occupants(design):
    scene = build_scene(design)
    check_seats(design, scene)
    figures = check_occupants(design, scene)
    check_chmsl(design, scene)
    i = 0
    for place in seating(design).places:
        fits = place.positions and _head_fits(design, place.row, DEFAULT_SITTING_HEIGHT_MM)
        for _ in range(place.positions):
            if fits:
                assert figures[i][:, 2].max() <= design.package.headliner_height_mm + 1e-6
            i += 1
    d = design.dimensions
    np.testing.assert_allclose(scene.bounds, [[-d.length_mm, -d.width_mm / 2, 0.0], [0.0, d.width_mm / 2,
                                                                                      d.height_mm]], atol=TOL)


@settings(max_examples=EXAMPLES, deadline=None)
@given(valid_bodies())
def test_any_valid_body_carries_its_chmsl_and_its_estimated_seats(design):
    scene = build_scene(design)
    check_chmsl(design, scene)
    check_seats(design, scene)
    check_occupants(design, scene)
