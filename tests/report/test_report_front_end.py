"""The front end in the report: the side view dimensions the crush length from the bumper face to the rigid block
before the firewall and marks the centre line's WAD points; the top view draws the small-overlap bands and the front
rails; the package section lists the front end; all where the design puts them, in both unit systems."""

from __future__ import annotations

import pytest
from drawing_sheet import sheet_views
from pypdf import PdfReader
from report_pdftools import flat, pdf_text

from keidesigner.analysis import Analysis, analyse
from keidesigner.files import load_preset
from keidesigner.report import write_report
from keidesigner.report.drawing_front import centre_wad_points, model_x


def front_plans(analysis: Analysis, units: str = "metric"):
    """The side and top views' front-end plans as the drawing sheet places them, with each view's Painter."""
    from keidesigner.report.drawing_front import plan_front_side, plan_front_top

    sheet, views, painters, dims, fmt = sheet_views(analysis, units)
    side, top = painters["side"], painters["top"]
    return (plan_front_side(sheet, views["side"], side, analysis, fmt, [d.bounds() for d in dims]), side,
            plan_front_top(views["top"], top, analysis), top, views)


PRESETS = ["kei-truck", "kei-hybrid-wagon", "kei-roadster"]


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("units", ["metric", "us"])
def test_the_side_view_dimensions_the_crush_length_to_the_block_before_the_firewall(name, units):
    analysis = analyse(load_preset(name))
    front, P, *_ = front_plans(analysis, units)
    fe = analysis.design.front_end
    x_fire = model_x(analysis, fe.firewall_x_mm)
    assert front.firewall.x1() == pytest.approx(P.X(x_fire)) and front.firewall.x2() == pytest.approx(P.X(x_fire))
    assert front.firewall.y2() == pytest.approx(P.Y(fe.cowl_height_mm))
    if fe.block_length_mm > 0:
        assert front.block.left() == pytest.approx(P.X(x_fire))
        assert front.block.width() * P.s == pytest.approx(fe.block_length_mm)
    else:
        assert front.block is None
    assert front.crush.x1() == pytest.approx(P.X(0.0))  # the bumper face
    assert front.crush.length() * P.s == pytest.approx(analysis.derived.crush_length_mm)
    fmt_value = analysis.derived.crush_length_mm if units == "metric" else analysis.derived.crush_length_mm / 25.4
    assert front.crush_text == f"Crush {fmt_value:,.{0 if units == 'metric' else 1}f}"


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("units", ["metric", "us"])
def test_the_side_view_marks_the_centre_lines_wad_points(name, units):
    analysis = analyse(load_preset(name))
    front, P, _, _, views = front_plans(analysis, units)
    points = centre_wad_points(analysis)
    assert points[1000.0] is not None  # every preset's 1,000 mm line is reached
    reached = {d: p for d, p in points.items() if p is not None}
    assert [m.distance_mm for m in front.wad] == sorted(reached)
    assert [m.text for m in front.wad] == [f"WAD{d:.0f}" for d in sorted(reached)]
    lo, hi = views["side"].outline.vehicle_bounds()
    for mark in front.wad:
        x, z = reached[mark.distance_mm]
        assert (mark.centre.x(), mark.centre.y()) == pytest.approx((P.X(x), P.Y(z)))
        assert lo[0] - 1e-6 <= x <= hi[0] + 1e-6 and lo[1] - 1e-6 <= z <= hi[1] + 1e-6  # on the body
    xs = [reached[d][0] for d in sorted(reached)]
    assert xs == sorted(xs, reverse=True)  # further along the tape, further back


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("units", ["metric", "us"])
def test_the_top_view_draws_the_small_overlap_bands_and_the_rails(name, units):
    analysis = analyse(load_preset(name))
    *_, top, P, _ = front_plans(analysis, units)
    design = analysis.design
    width, rail = design.dimensions.width_mm, design.front_end.rail_offset_mm
    left, right = top.bands
    for band in top.bands:
        assert band.height() * P.s == pytest.approx(0.25 * width)
        assert band.right() == pytest.approx(P.X(0.0))  # from the bumper face
    assert left.top() == pytest.approx(P.Y(width / 2)) and right.bottom() == pytest.approx(P.Y(-width / 2))
    assert [r.y1() for r in top.rails] == pytest.approx([P.Y(rail), P.Y(-rail)])
    assert top.rails[0].x1() == pytest.approx(P.X(0.0))
    assert top.band_width_mm == pytest.approx(0.25 * width)


@pytest.fixture(scope="module")
def wagon(tmp_path_factory):
    out = tmp_path_factory.mktemp("front")
    made = {}
    for units in ("metric", "us"):
        made[units] = out / f"wagon-{units}.pdf"
        write_report(analyse(load_preset("kei-hybrid-wagon")), made[units], units=units)
    return made


def test_the_package_section_lists_the_front_end_in_both_unit_systems(wagon):
    design = load_preset("kei-hybrid-wagon")
    fe = design.front_end
    assert (fe.firewall_x_mm, fe.block_length_mm) == (255, 300)  # what the rows below read
    metric = flat(pdf_text(wagon["metric"]))
    for row in ("Firewall behind front axle 255 mm", "Rigid block ahead of firewall 300 mm",
                "Crush length 430 mm bumper face to firewall, less the rigid block",
                "Front rail offset", "Small-overlap band width 368.75 mm 25% of the vehicle width"):
        assert row in metric, row
    us = flat(pdf_text(wagon["us"]))
    for row in ("Firewall behind front axle 10.0 in (255 mm)", "Rigid block ahead of firewall 11.8 in (300 mm)",
                "Crush length 16.9 in (430 mm)"):
        assert row in us, row


def test_the_drawing_page_carries_the_crush_length_and_the_wad_names(wagon):
    for units, crush in (("metric", "Crush 430"), ("us", "Crush 16.9")):
        drawing = flat(PdfReader(wagon[units]).pages[1].extract_text())
        assert crush in drawing
        for name in ("WAD1000", "WAD1700", "WAD2100"):
            assert name in drawing, (units, name)
        assert "small-overlap band" in drawing

