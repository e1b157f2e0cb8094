"""What is drawn is what is checked: the body's nose is the design's front end (design/front_end.py). On the built
meshes of every preset and of random valid bodies: the centre-line profile starts at the bonnet leading edge height
and passes through the cowl point, the windscreen glass stands on the line from the cowl at the design's rake, and
the front row's toes stay behind the firewall."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
from geometry_strategies import valid_designs
from hypothesis import given, settings
from test_geometry_scene import components
from test_geometry_seats import _crossings

from keidesigner.design import Design, with_value
from keidesigner.files import load_preset, preset_names
from keidesigner.geometry import build_scene
from keidesigner.geometry.body import _KEY_GAP_MM, BUMPER_PROUD_MM
from keidesigner.geometry.build import FOOTWELL_WALL_MM
from keidesigner.geometry.styles import STYLES

TOL = 1.0  # mm
RAKE_TOL_DEG = 0.05
EXAMPLES = int(os.environ.get("GEOMETRY_EXAMPLES", 60))


def _x(design: Design, behind_axle_mm: float) -> float:
    """Model x of a front end position (mm behind the front wheel centre line)."""
    return -(design.dimensions.front_overhang_mm + behind_axle_mm)


def _centre_top(scene, x: float) -> float:
    """The body's highest point on the centre line at model x: where the vertical line (x, 0) last leaves it."""
    tri = scene["body"].vertices[scene["body"].faces]  # (F, 3, 3)
    (x0, y0), (x1, y1), (x2, y2) = ((tri[:, i, 0], tri[:, i, 1]) for i in range(3))
    det = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)
    ok = np.abs(det) > 1e-12
    u = np.where(ok, ((x - x0) * (y2 - y0) - (x2 - x0) * (0 - y0)) / np.where(ok, det, 1), -1)
    v = np.where(ok, ((x1 - x0) * (0 - y0) - (x - x0) * (y1 - y0)) / np.where(ok, det, 1), -1)
    hit = ok & (u >= -1e-9) & (v >= -1e-9) & (u + v <= 1 + 1e-9)
    z = tri[:, 0, 2] + u * (tri[:, 1, 2] - tri[:, 0, 2]) + v * (tri[:, 2, 2] - tri[:, 0, 2])
    return float(z[hit].max())


def _windscreen(design: Design, scene) -> np.ndarray:
    """The windscreen's vertices: the foremost glass solid spanning the centre line."""
    panes = [c for c in components(scene["glass"].mesh) if c[:, 1].min() < 0 < c[:, 1].max()]
    return max(panes, key=lambda c: c[:, 0].mean())


def _line(cowl_x: float, design: Design) -> tuple[np.ndarray, np.ndarray]:
    """The design's windscreen line in model (x, z): the cowl point and the unit direction up the glass."""
    f = design.front_end
    a = math.radians(f.windscreen_rake_deg)
    return np.array([cowl_x, f.cowl_height_mm]), np.array([-math.sin(a), math.cos(a)])


def check_nose(design: Design, scene) -> None:
    """The nose as the front end has it; a cowl in the bumper (ahead of the shell) is drawn just inside the shell."""
    f, d = design.front_end, design.dimensions
    shape = STYLES[design.body_style]
    front = -BUMPER_PROUD_MM
    cowl_x = min(_x(design, f.cowl_x_mm), front - shape.windscreen[0] * _KEY_GAP_MM)
    # the leading edge: the front face's top is the bonnet's edge, rounded off by at most the style's nose radius
    edge = _centre_top(scene, front - 1e-6)
    assert f.bonnet_leading_edge_height_mm - shape.nose_radius_mm - TOL <= edge <= f.bonnet_leading_edge_height_mm + TOL
    # behind the rounding a straight bonnet (no crown) is on the line from the leading edge to the cowl
    behind = front - shape.nose_radius_mm
    if shape.windscreen[0] == 1 and behind > cowl_x + 1.0:
        on = np.interp(-behind, [-front, -cowl_x], [f.bonnet_leading_edge_height_mm, f.cowl_height_mm])
        assert _centre_top(scene, behind) == pytest.approx(on, abs=TOL)
    # the cowl point: the top line passes through it, to within the loft's half-millimetre stations in x (found by
    # the property test: an upright windscreen 2.6 mm behind the shell's front, where 0.1 mm of x is 110 mm of z)
    # and so, on the bonnet's slope, to within half a millimetre of it in z too
    near = [_centre_top(scene, cowl_x + dx) for dx in np.linspace(-0.5, 0.5, 21)]
    slope = abs(f.cowl_height_mm - f.bonnet_leading_edge_height_mm) / max(front - cowl_x, 1e-9)
    assert min(abs(z - f.cowl_height_mm) for z in near) <= TOL + 0.5 * slope, (near, f.cowl_height_mm)
    # the windscreen glass: its front face on the line from the cowl at the rake, from the cowl up
    glass = _windscreen(design, scene)
    base, up = _line(cowl_x, design)
    normal = np.array([up[1], -up[0]])  # square to the glass, forward
    rel = glass[:, [0, 2]] - base
    off = rel @ normal
    face = glass[np.argsort(off)[-4:]]  # the front face's four corners
    # an upright windscreen (rake 0) is drawn _KEY_GAP_MM off vertical, the least step the top line takes
    assert np.ptp(off[np.argsort(off)[-4:]]) <= _KEY_GAP_MM + 0.01
    assert -TOL <= off.max() <= 2.0  # on the line, or the glass's 1.5 mm proud of the body
    low, high = face[np.argmin(face[:, 2])], face[np.argmax(face[:, 2])]
    drawn = math.degrees(math.atan2(low[0] - high[0], high[2] - low[2]))
    tol = max(RAKE_TOL_DEG, math.degrees(math.atan(_KEY_GAP_MM / (high[2] - low[2]))))
    assert drawn == pytest.approx(f.windscreen_rake_deg, abs=tol)
    # its lower edge at the cowl: within the glass's margin above it, or rooted a little below (a free windscreen)
    rise = high[2] - f.cowl_height_mm
    assert f.cowl_height_mm - 30.0 - TOL <= low[2] <= f.cowl_height_mm + 0.06 * rise + TOL
    if shape.windscreen[0] != shape.windscreen[1]:  # the windscreen's top on the roof line, not past it
        assert high[2] <= d.height_mm + TOL


def check_toes(design: Design, scene) -> None:
    """The front row's feet behind the firewall (its wall FOOTWELL_WALL_MM thick), where a foot has room there."""
    if "occupants" not in scene:
        return
    row = design.package.rows[0]
    wall = _x(design, design.front_end.firewall_x_mm) - FOOTWELL_WALL_MM
    if wall - 300.0 < _x(design, row.h_point_x_mm):  # no foot's length between the H-point and the wall
        return
    v = scene["occupants"].vertices
    feet = v[v[:, 2] <= row.floor_z_mm + 100.0]
    assert feet[:, 0].max() <= wall + TOL


@pytest.mark.parametrize("name", preset_names())
def test_preset_nose_is_its_front_end(name):
    design = load_preset(name)
    scene = build_scene(design)
    check_nose(design, scene)
    check_toes(design, scene)


@pytest.mark.parametrize("name", preset_names())
def test_preset_toes_stay_behind_the_firewall(name):
    design = load_preset(name)
    v = build_scene(design)["occupants"].vertices
    wall = _x(design, design.front_end.firewall_x_mm) - FOOTWELL_WALL_MM
    feet = v[v[:, 2] <= design.package.rows[0].floor_z_mm + 100.0]
    assert feet[:, 0].max() <= wall + TOL
    # and the raised knees too: the presets' front rows have the leg room their firewalls leave
    firewall = _x(design, design.front_end.firewall_x_mm)
    assert v[:, 0].max() <= firewall + TOL, v[:, 0].max() - firewall


@pytest.mark.parametrize("name", ["kei-ev-hatch", "kei-van", "kei-truck", "kei-roadster"])
def test_the_rake_lays_the_drawn_windscreen_back(name):
    design = load_preset(name)
    slopes = []
    for rake in (design.front_end.windscreen_rake_deg - 10.0, design.front_end.windscreen_rake_deg + 5.0):
        changed = with_value(design, "front_end.windscreen_rake_deg", rake)
        scene = build_scene(changed)
        check_nose(changed, scene)
        face = _windscreen(changed, scene)
        slopes.append(np.ptp(face[:, 0]))
    assert slopes[0] < slopes[1]  # laid further back, the glass runs further along


def test_the_cab_over_front_face_stays_flat():
    design = load_preset("kei-truck")
    scene = build_scene(design)
    f, d = design.front_end, design.dimensions
    radius = STYLES[design.body_style].nose_radius_mm
    for z in np.linspace(d.ground_clearance_mm + radius, f.bonnet_leading_edge_height_mm - radius, 12):
        assert _crossings(scene, float(z)).max() == pytest.approx(-BUMPER_PROUD_MM, abs=TOL), z


def test_a_raised_bonnet_edge_and_cowl_are_drawn():
    design = load_preset("kei-ev-hatch")
    for field, delta in (("bonnet_leading_edge_height_mm", 120.0), ("cowl_height_mm", 80.0), ("cowl_x_mm", 150.0)):
        changed = with_value(design, f"front_end.{field}", getattr(design.front_end, field) + delta)
        check_nose(changed, build_scene(changed))


@settings(max_examples=EXAMPLES, deadline=None)
@given(valid_designs())
def test_any_valid_body_nose_is_its_front_end(design):
    scene = build_scene(design)
    check_nose(design, scene)
    check_toes(design, scene)
