"""The front end's advice: the small-overlap band against the rails, and the pedestrian head-impact zones measured on
the drawn body (advisory: they warn, never fail; a cab-over is 'applicability uncertain')."""

from __future__ import annotations

import pytest

from keidesigner.analysis import analyse
from keidesigner.analysis.pedestrian import PEDESTRIAN_GVWR_SCOPE_KG, pedestrian_findings, pedestrian_zones
from keidesigner.design import UnitSystem, USClass, with_value, with_values
from keidesigner.design.units import formatter
from keidesigner.files import load_preset, preset_names
from keidesigner.rules import DEFAULT_SETTINGS, Basis, Status, evaluate

PASS, WARN, NA = Status.pass_, Status.warn, Status.not_applicable


# --- small overlap (IIHS, 25 % of the width) --------------------------------------------------------------------------

@pytest.mark.parametrize("offset, status", [(368.75, PASS), (368.7, WARN), (368.8, PASS), (300.0, WARN),
                                            (570.0, PASS)])
def test_a_rail_inside_the_outer_quarter_of_the_width_engages_the_small_overlap_barrier(offset, status):
    hatch = load_preset("kei-ev-hatch")  # 1,475 mm wide: the band's inner edge is 737.5 - 368.75 = 368.75 mm out
    f = evaluate(with_value(hatch, "front_end.rail_offset_mm", offset)).by_id("us.iihs.small_overlap")
    assert f.status is status and f.basis is Basis.advisory
    assert f.minimum == pytest.approx(368.75) and f.field == "front_end.rail_offset_mm"
    if status is WARN:
        assert "misses both rails" in f.explanation


def test_the_truck_frame_rails_miss_the_band_of_its_narrow_body():
    f = evaluate(load_preset("kei-truck")).by_id("us.iihs.small_overlap")
    assert f.status is WARN and f.measured == 354.0
    assert "14.75 mm inboard" in f.explanation


def test_small_overlap_is_not_rated_for_an_lsv():
    assert evaluate(load_preset("kei-ev-hatch"), "lsv").by_id("us.iihs.small_overlap").status is NA


# --- pedestrian head impact (proposed FMVSS 228) ----------------------------------------------------------------------

def _zone(design, name, **settings):
    rules = DEFAULT_SETTINGS.model_copy(update=settings)
    return analyse(design, rules, complete=True).by_id(f"us.228.{name}_zone")


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_gets_both_zones_as_advice_never_a_failure(name):
    analysis = analyse(load_preset(name), complete=True)
    for zone in ("child", "adult"):
        f = analysis.by_id(f"us.228.{zone}_zone")
        assert f.basis is Basis.advisory and f.status in (PASS, WARN)
        assert 0.0 <= f.measured <= 100.0 and f.field == "front_end.cowl_x_mm"
    assert analysis.complete() is analysis  # complete once


@pytest.mark.parametrize("name", ["kei-truck", "kei-van"])
def test_a_cab_over_is_applicability_uncertain(name):
    for zone in ("child", "adult"):
        f = _zone(load_preset(name), zone)
        assert f.status is WARN and f.explanation.startswith("Applicability uncertain")
        # whatever the share: even allowing all of it on hard areas, a cab-over is never a pass
        assert _zone(load_preset(name), zone, head_zone_hard_share_pct=100.0).status is WARN


def test_the_forward_control_distance_is_a_setting():
    van = load_preset("kei-van")  # front row 200 mm behind the axle, firewall ahead of it
    assert not _zone(van, "child", forward_control_r_point_mm=150.0).explanation.startswith("Applicability")
    assert _zone(van, "child", forward_control_r_point_mm=200.0).explanation.startswith("Applicability")


def test_the_hard_share_limit_is_a_setting_at_below_and_above():
    hatch = load_preset("kei-ev-hatch")
    share = _zone(hatch, "child").measured
    assert 0 < share < 100  # the hatch's short bonnet: part of the child zone on the windscreen
    assert _zone(hatch, "child", head_zone_hard_share_pct=share).status is PASS
    assert _zone(hatch, "child", head_zone_hard_share_pct=share - 0.01).status is WARN
    assert _zone(hatch, "child", head_zone_hard_share_pct=share + 0.01).status is PASS


def test_the_roadster_long_bonnet_takes_the_child_zone():
    f = _zone(load_preset("kei-roadster"), "child")
    assert f.status is PASS and f.measured == 0.0
    assert "lies on the bonnet" in f.explanation


def test_zones_are_not_applicable_beyond_the_proposals_scope():
    hatch = load_preset("kei-ev-hatch")
    assert analyse(hatch, us_class="lsv", complete=True).by_id("us.228.child_zone").status is NA
    for gvwr, applies in ((PEDESTRIAN_GVWR_SCOPE_KG, True), (PEDESTRIAN_GVWR_SCOPE_KG + 1, False),
                          (PEDESTRIAN_GVWR_SCOPE_KG - 1, True)):  # "4,536 kg or less"
        rated = with_values(hatch, {"mass.rated_gvwr_kg": gvwr})
        assert (analyse(rated, complete=True).by_id("us.228.adult_zone").status is not NA) is applies, gvwr


def test_the_zone_split_is_at_the_designs_windscreen_base():
    hatch = load_preset("kei-ev-hatch")
    analysis = analyse(hatch)
    zones = pedestrian_zones(hatch, analysis.scene, DEFAULT_SETTINGS)
    assert zones.windscreen_base_x_mm == pytest.approx(-(480.0 + hatch.front_end.cowl_x_mm))
    for zone in zones.zones.values():  # every millimetre of every band is somewhere
        total = zone.ahead + zone.behind + zone.unreached
        assert total == pytest.approx([zone.end_mm - zone.start_mm] * len(zone.lateral))
    # the split moved rearward (as if the windscreen began further back) puts more of the band on the bonnet
    moved = with_value(hatch, "front_end.cowl_x_mm", hatch.front_end.cowl_x_mm + 200)
    later = pedestrian_zones(moved, analysis.scene, DEFAULT_SETTINGS)
    assert later.zones["child"].hard_share < zones.zones["child"].hard_share
    f = pedestrian_findings(hatch, analysis.derived, USClass.passenger_car, DEFAULT_SETTINGS, zones)
    assert [x.rule_id for x in f] == ["us.228.child_zone", "us.228.adult_zone"]


@pytest.mark.parametrize("name", ["kei-truck", "kei-ev-hatch"])
def test_an_upright_windscreen_counts_as_hard_as_a_raked_one(name):
    # found trying it: at 0-2 degrees the glass stands proud of the cowl line and was counted as bonnet (19 % for the
    # truck at 0 degrees against 100 % at 5)
    design = load_preset(name)
    shares = [_zone(with_value(design, "front_end.windscreen_rake_deg", r), "child", forward_control_r_point_mm=0.0
                    ).measured for r in (0.0, 0.5, 2.0, 10.0, 20.0)]
    assert shares == sorted(shares, reverse=True) or len(set(shares)) == 1, shares
    assert shares[0] >= shares[-1] - 1e-9


def test_a_roadster_with_its_firewall_ahead_of_the_axle_is_no_cab_over():
    # found trying it: a version-3 roadster migrated with its firewall 150 mm ahead of the axle read "a cab-over";
    # its windscreen base stands 724 mm behind the axle
    roadster = with_value(load_preset("kei-roadster"), "front_end.firewall_x_mm", -150.0)
    assert not _zone(roadster, "child").explanation.startswith("Applicability")


def test_the_shares_said_add_up():
    f = _zone(load_preset("kei-ev-hatch"), "child", head_zone_hard_share_pct=10.0)
    shown = f.show(formatter(UnitSystem.metric))
    bonnet = float(shown.explanation.split(" of the zone lies on the bonnet")[0].rsplit(" ", 2)[-2])
    assert bonnet + float(shown.measured.split(" ")[0]) == pytest.approx(100.0, abs=0.05)
