"""The seats as placed and drawn: layout in the cabin, the side-view profile the scene and the drawing share."""

from __future__ import annotations

import math

import pytest

from keidesigner.design import derive
from keidesigner.design.seating import CUSHION_BELOW_H_POINT_MM, place_profile, seat_profile, seating, torso_top_z
from keidesigner.geometry.wheels import wheel_centres

TYRE_CLEARANCE_MM = 20.0


def _edge_points(poly, steps: int = 20):
    for (x0, z0), (x1, z1) in zip(poly, poly[1:]):
        for i in range(steps + 1):
            t = i / steps
            yield x0 + (x1 - x0) * t, z0 + (z1 - z0) * t


def test_every_presets_seats_clear_its_tyres(preset):
    """A seat drawn through a wheel (the van's front seats sat in the front tyres) is not the vehicle designed."""
    radius = preset.dimensions.tire_diameter_mm / 2
    centres = {(round(float(c[0]), 3), float(c[2])) for c in wheel_centres(preset)}
    for place in derive(preset).seating.places:
        profile = place_profile(preset, place)
        for poly in (profile.cushion, profile.back, profile.head_restraint):
            for x, z in _edge_points(poly):
                for cx, cz in centres:
                    assert math.hypot(x - cx, z - cz) >= radius + TYRE_CLEARANCE_MM, (place.path, x, z)


def test_the_profile_puts_the_head_restraint_top_on_the_torso_line_at_its_height():
    p = seat_profile(-1000.0, 600.0, 25.0, 100.0, 300.0, 800.0)
    top_x, top_z = p.torso_top
    assert math.hypot(top_x + 1000.0, top_z - 600.0) == pytest.approx(800.0)
    assert (top_x + 1000.0) == pytest.approx(-800.0 * math.sin(math.radians(25.0)))  # leaning rearward
    assert p.head_restraint[1] == pytest.approx(p.torso_top)
    assert max(z for _, z in p.cushion) == pytest.approx(600.0 - CUSHION_BELOW_H_POINT_MM)
    assert min(z for _, z in p.cushion) >= 300.0  # never below the floor
    assert p.cushion[0] == p.cushion[-1] and p.back[0] == p.back[-1] and p.head_restraint[0] == p.head_restraint[-1]
    no_restraint = seat_profile(-1000.0, 600.0, 25.0, 100.0, 300.0, None)
    assert no_restraint.head_restraint == ()


def test_seats_stand_side_by_side_on_the_centre_line(van):
    places = seating(van).places
    front = [p for p in places if p.row == 0]
    row = van.package.rows[0]
    assert front[0].left_mm == pytest.approx(row.occupied_width_mm / 2)
    assert front[0].right_mm - front[1].left_mm == pytest.approx(row.seat_gap_mm)
    assert front[1].right_mm == pytest.approx(-row.occupied_width_mm / 2)
    assert front[0].clear_left_mm == pytest.approx((van.package.cabin_width_mm - row.occupied_width_mm) / 2)
    assert front[0].x_mm == pytest.approx(-van.dimensions.front_overhang_mm - row.h_point_x_mm)


@pytest.mark.parametrize("angle", [0.0, 8.0, 25.0, 40.0])
@pytest.mark.parametrize("head_restraint", [None, 650.0, 820.0])
def test_torso_top_z_is_the_profiles(angle, head_restraint):
    # the head restraint rule reads the height alone; the drawings and the scene draw the profile: one top for both
    profile = seat_profile(-1200.0, 640.0, angle, 90.0, 300.0, head_restraint)
    assert torso_top_z(640.0, angle, head_restraint) == pytest.approx(profile.torso_top[1], abs=1e-9)
