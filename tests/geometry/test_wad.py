"""Wrap-around distance: the taut tape over hand-made shapes against hand computations, and on the presets."""

from __future__ import annotations

import math

import numpy as np
import pytest
import trimesh

from keidesigner.files import load_preset, preset_names
from keidesigner.geometry import wad
from keidesigner.geometry.build import build_scene
from keidesigner.geometry.primitives import prisms_y

W = 1400.0  # width of the hand-made shapes; every section below is at y = 0 unless it says otherwise
TOL = 1e-6


def prism(*polygon):
    """A convex side-view polygon (x, z) extruded across y in [-W/2, W/2]."""
    return prisms_y(np.array([polygon], dtype=np.float64), -W / 2, W / 2)


def tape_of(*pieces, y: float = 0.0, **options) -> wad.Tape:
    return wad.tape_line(wad.section_profile(*wad.front_structure(pieces), y), **options)


def point(tape, distance):
    found = wad.wad_point(tape, distance)
    assert found is not None, distance
    return found


# ---------------------------------------------------------------------------------------------------- a box

L, H = 3000.0, 1500.0


@pytest.fixture(scope="module")
def box_tape():
    box = trimesh.creation.box(bounds=[[-L, -W / 2, 0.0], [0.0, W / 2, H]])
    profile = wad.section_profile(box.vertices, box.faces, 123.0)
    np.testing.assert_allclose(profile[[0, -1]], [[0.0, H], [-L, H]], atol=TOL)
    return wad.tape_line(profile)


def test_box_wad_climbs_the_front_then_runs_along_the_roof(box_tape):
    np.testing.assert_allclose(box_tape.points[0], [0.0, 0.0])  # the ground below the front face
    assert point(box_tape, 400.0) == pytest.approx((0.0, 400.0))
    assert point(box_tape, H) == pytest.approx((0.0, H))  # the front top edge
    assert point(box_tape, H + 700.0) == pytest.approx((-700.0, H))
    assert point(box_tape, H + L) == pytest.approx((-L, H))


def test_box_tape_runs_out_past_the_rear_of_the_roof(box_tape):
    assert box_tape.reach_mm == pytest.approx(H + L)
    assert wad.wad_point(box_tape, H + L + 1.0) is None
    assert wad.tape_path(box_tape, H + L + 1.0) is None


def test_tape_path_is_the_tape_and_as_long_as_the_distance(box_tape):
    path = wad.tape_path(box_tape, H + 700.0)
    np.testing.assert_allclose(path, [[0.0, 0.0], [0.0, H], [-700.0, H]], atol=TOL)


# ---------------------------------------------------------------------------------------------------- a wedge


def test_sloped_bonnet_wad_is_the_length_along_the_slope():
    # front face to 600 mm, then a bonnet 400 mm back and 300 mm up (500 mm long), then a flat roof at 900 mm
    tape = tape_of(prism((0, 0), (0, 600), (-400, 900), (-2500, 900), (-2500, 0)))
    assert point(tape, 600.0 + 250.0) == pytest.approx((-200.0, 750.0))  # half-way up the slope
    assert point(tape, 1000.0) == pytest.approx((-400.0 * 0.8, 600.0 + 300.0 * 0.8))  # 400 of its 500 mm
    assert point(tape, 600.0 + 500.0 + 100.0) == pytest.approx((-500.0, 900.0))
    assert tape.reach_mm == pytest.approx(600.0 + 500.0 + 2100.0)


# ---------------------------------------------------------------------------------------------------- hollows


def cowl_gap():
    """A flat bonnet at 800 mm to x = -1000, a gap 100 mm wide and 150 mm deep, then a 45-degree windscreen from
    (-1100, 800) up to a roof at 1,400 mm."""
    return (prism((0, 0), (0, 800), (-1000, 800), (-1000, 0)),
            prism((-1000, 0), (-1000, 650), (-1100, 650), (-1100, 0)),
            prism((-1100, 0), (-1100, 800), (-1700, 1400), (-3000, 1400), (-3000, 0)))


def test_taut_tape_bridges_a_cowl_gap():
    tape = tape_of(*cowl_gap())
    # to the windscreen's foot the tape runs straight over the gap: 800 up, 1,100 along, not 2,200 through it
    assert point(tape, 1900.0) == pytest.approx((-1100.0, 800.0))
    # and a WAD line over the gap crosses on the chord
    assert point(tape, 1850.0) == pytest.approx((-1050.0, 800.0))
    # up the windscreen the tape leaves the nose edge (0, 800) straight for the point (-1100 - t, 800 + t):
    # 800 + hypot(1100 + t, t) = 2300  ->  t^2 + 1100 t - 520000 = 0
    t = (-1100.0 + math.sqrt(1100.0**2 + 4 * 520000.0)) / 2
    assert point(tape, 2300.0) == pytest.approx((-1100.0 - t, 800.0 + t))
    np.testing.assert_allclose(wad.tape_path(tape, 2300.0), [[0, 0], [0, 800], [-1100.0 - t, 800.0 + t]], atol=TOL)


def test_without_bridging_the_wad_line_goes_into_the_gap_but_the_tape_is_as_long():
    tape = tape_of(*cowl_gap(), bridge_mm=0.0)
    assert point(tape, 1850.0) == pytest.approx((-1000.0, 750.0))  # 50 mm down the gap's front wall
    t = (-1100.0 + math.sqrt(1100.0**2 + 4 * 520000.0)) / 2
    assert point(tape, 2300.0) == pytest.approx((-1100.0 - t, 800.0 + t))


def test_bonnet_under_a_windscreen_keeps_its_own_wad():
    # a bonnet rising from (0, 700) to (-1000, 800), a windscreen up to the roof's front (-1600, 1400): the bonnet
    # meets the windscreen in a hollow, which the tape to the roof bridges; a point on the bonnet is still measured
    # along the bonnet
    tape = tape_of(prism((0, 0), (0, 700), (-1000, 800), (-1600, 1400), (-3000, 1400), (-3000, 0)))
    bonnet = math.hypot(1000.0, 100.0)
    assert point(tape, 700.0 + 500.0) == pytest.approx((-1000.0 * 500 / bonnet, 700.0 + 100.0 * 500 / bonnet))
    # to the roof's front the tape leaves the nose straight: the slope from there is shallower than from (-1000, 800)
    to_roof = 700.0 + math.hypot(1600.0, 700.0)
    assert point(tape, to_roof) == pytest.approx((-1600.0, 1400.0))
    assert point(tape, to_roof + 400.0) == pytest.approx((-2000.0, 1400.0))


def test_raised_nose_sets_the_ground_point_below_the_front_most_point():
    # a recessed lower front (x <= -100, to 450 mm) under a nose reaching to x = 0 (450 to 800 mm)
    lower = trimesh.creation.box(bounds=[[-2500.0, -W / 2, 0.0], [-100.0, W / 2, 450.0]])
    upper = trimesh.creation.box(bounds=[[-2500.0, -W / 2, 450.0], [0.0, W / 2, 800.0]])
    tape = tape_of(lower, upper)
    np.testing.assert_allclose(tape.points[0], [0.0, 0.0])
    assert point(tape, 300.0) == pytest.approx((0.0, 300.0))  # the tape hangs clear of the recessed front
    assert point(tape, 1000.0) == pytest.approx((-200.0, 800.0))


# ---------------------------------------------------------------------------------------------------- zone shares


def test_zone_share_splits_a_band_at_the_windscreen_base(box_tape):
    # on the box, WAD 0..1,500 is the front face and the roof passes x = -500 at WAD 2,000
    child = wad.zone_share(box_tape, -500.0, *wad.CHILD_ZONE_MM)
    assert (child.ahead_mm, child.behind_mm, child.unreached_mm) == pytest.approx((700.0, 0.0, 0.0))
    adult = wad.zone_share(box_tape, -500.0, *wad.ADULT_ZONE_MM)
    assert (adult.ahead_mm, adult.behind_mm, adult.unreached_mm) == pytest.approx((300.0, 100.0, 0.0))
    assert adult.ahead_fraction == pytest.approx(0.75)
    past = wad.zone_share(box_tape, -500.0, 4000.0, 5000.0)  # the tape reaches 4,500
    assert (past.ahead_mm, past.behind_mm, past.unreached_mm) == pytest.approx((0.0, 500.0, 500.0))


def test_zone_share_over_a_bridged_gap():
    # the windscreen's foot at x = -1100 is WAD 1,900 (over the gap, see above)
    share = wad.zone_share(tape_of(*cowl_gap()), -1100.0, *wad.ADULT_ZONE_MM)
    assert (share.ahead_mm, share.behind_mm) == pytest.approx((200.0, 200.0))


# ---------------------------------------------------------------------------------------------------- errors


def test_a_plane_beside_the_body_is_refused_by_its_y(box_tape):
    box = trimesh.creation.box(bounds=[[-L, -W / 2, 0.0], [0.0, W / 2, H]])
    with pytest.raises(ValueError, match=r"y = 900 mm"):
        wad.section_profile(box.vertices, box.faces, 900.0)
    with pytest.raises(ValueError, match=r"y = -2500 mm"):
        wad.wad_lines(box.vertices, box.faces, lateral=[0.0, -2500.0])


def test_bad_profiles_and_distances_are_refused(box_tape):
    with pytest.raises(ValueError, match="front rearward"):
        wad.tape_line(np.array([[-100.0, 500.0], [0.0, 600.0]]))
    with pytest.raises(ValueError, match="non-empty"):
        wad.tape_line(np.zeros((0, 2)))
    with pytest.raises(ValueError, match=">= 0"):
        wad.wad_point(box_tape, -1.0)
    with pytest.raises(ValueError, match="before it starts"):
        wad.zone_share(box_tape, 0.0, 1700.0, 1000.0)


# ---------------------------------------------------------------------------------------------------- the presets


@pytest.fixture(scope="module", params=preset_names())
def preset(request):
    design = load_preset(request.param)
    scene = build_scene(design)
    return request.param, design, wad.wad_lines(*wad.front_structure(scene))


def test_preset_lines_reach_1000_everywhere_and_run_in_order(preset):
    name, design, lines = preset
    d = design.dimensions
    assert lines[1000.0].reached.all(), name
    x = {distance: line.points[:, 0] for distance, line in lines.items()}
    ahead = lines[1700.0].reached
    assert np.all(x[1000.0][ahead] > x[1700.0][ahead]), name
    both = lines[2100.0].reached
    assert np.all(x[1700.0][both] > x[2100.0][both]), name
    for line in lines.values():
        p = line.points[line.reached]
        assert np.all((p[:, 0] <= 0) & (p[:, 0] >= -d.length_mm)), name
        assert np.all((p[:, 2] > 0) & (p[:, 2] <= d.height_mm + 1e-6)), name
        np.testing.assert_allclose(p[:, 1], line.lateral[line.reached])


def test_preset_lines_lie_on_the_surface(preset):
    # Without bridging every WAD point is on the section's upper outline (with it, the roadster's 1,000 line
    # crosses the notch behind its headlamps, which stand out of the rising bonnet)
    name, design, _ = preset
    vertices, faces = wad.front_structure(build_scene(design))
    lines = wad.wad_lines(vertices, faces, bridge_mm=0.0)
    for k, y in enumerate(lines[1000.0].lateral):
        profile = wad.section_profile(vertices, faces, y)
        for line in lines.values():
            if line.reached[k]:
                x, _, z = line.points[k]
                under = np.interp(-x, -profile[:, 0], profile[:, 1])
                on_step = np.any(np.abs(profile[:, 0] - x) < 1e-6)  # a vertical face: interp picks one end
                assert on_step or abs(z - under) < 1e-3, (name, y, line.distance_mm)


def test_cab_over_truck_wad_1000_is_on_its_upright_front():
    lines = wad.wad_lines(*wad.front_structure(build_scene(load_preset("kei-truck"))))
    x, z = lines[1000.0].points[:, 0], lines[1000.0].points[:, 2]
    # The tape only climbs and runs rearward, so it is at least as long as its rise and at most rise + run
    assert np.all(z <= 1000.0 + TOL) and np.all(z - x >= 1000.0 - TOL)
    # the cab front stands within 100 mm of the bumper face to this height: the tape has barely wrapped
    assert np.all(x > -100.0) and np.all(z > 950.0)
    # while the hatch's short bonnet takes its 1,000 line well back
    hatch = wad.wad_lines(*wad.front_structure(build_scene(load_preset("kei-ev-hatch"))))
    assert np.all(hatch[1000.0].points[:, 0] < -200.0)
