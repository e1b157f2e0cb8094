"""The occupant package in the report: the package page lists every seat location as the rules count it, in both unit
systems, and says when the package is estimated; the side view marks each row's H-point and labels its effective
headroom with what the headroom finding measured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from drawing_sheet import sheet_views
from pypdf import PdfReader
from PySide6.QtCore import QRectF
from report_pdftools import flat, pdf_text

from keidesigner.analysis import Analysis, analyse
from keidesigner.design import with_values
from keidesigner.files import load_preset, preset_names
from keidesigner.report import write_report
from keidesigner.rules import RuleSettings
from keidesigner.rules.settings import Occupant

BUCKET = {"kind": "bucket", "seating_width_mm": 480.0, "declared_positions": 1, "belt": "lap_shoulder",
          "head_restraint_mm": 800.0, "backset_mm": 50.0, "latch_positions": 0, "tether_positions": 1}
# a 300 mm perch between the front buckets (under 571.10's 330 mm: no designated seating position) and a rear bench
# of 1,100 mm declared for two, which 571.10 makes three (1,100 / 350 rounded down)
PERCH = {**BUCKET, "seating_width_mm": 300.0, "belt": "none", "head_restraint_mm": None, "tether_positions": 0}
BENCH = {"kind": "bench", "seating_width_mm": 1100.0, "declared_positions": 2, "belt": "lap_shoulder",
         "head_restraint_mm": 750.0, "backset_mm": 60.0, "latch_positions": 2, "tether_positions": 2}


def mixed_seats():
    return with_values(load_preset("kei-hybrid-wagon"), {
        "package.rows.0.seats": [BUCKET, PERCH, BUCKET], "package.rows.0.seat_gap_mm": 20.0,
        "package.rows.1.seats": [BENCH],
    })


def package_text(path: Path) -> str:
    """The text of the occupant package section (from its heading to the findings'), whitespace runs as one."""
    text = flat(pdf_text(path))
    start = text.index("2 Occupant package The seats as drawn")  # the heading, not the cover's contents line
    return text[start:text.index("3 Findings Every rule", start)]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("package")
    made = {}
    for units in ("metric", "us"):
        made[units] = out / f"mixed-{units}.pdf"
        write_report(analyse(mixed_seats()), made[units], units=units)
    return made


def test_every_seat_location_is_listed_with_its_designated_seating_positions(mixed):
    text = package_text(mixed["metric"])
    # location, side, kind, width, declared, DSPs by 571.10, positions counted, outboard, belts, head restraint,
    # backset, LATCH / tethers
    for row in ("row 1, seat 1 left bucket 480 mm 1 1 1 1 lap and shoulder (Type 2) 800 mm 50 mm 0 / 1",
                "row 1, seat 2 centre bucket 300 mm 1 0 0 0 none none — 0 / 0",
                "row 1, seat 3 right bucket 480 mm 1 1 1 1 lap and shoulder (Type 2) 800 mm 50 mm 0 / 1",
                "row 2, seat 1 full width bench 1,100 mm 2 3 3 2 lap and shoulder (Type 2) 750 mm 60 mm 2 / 2",
                "Total 5 5 5 4 2 / 4"):
        assert row in text, row
    assert "Designated seating capacity 5" in text
    assert "Shoulder room (SAE J1100 W3) 1,345 mm" in text
    assert "Headliner height 1,740 mm" in text
    # each row's J1100 figures: L114, H5, H30, A40, back thickness, gap, and the headroom the finding measured
    assert "1 780 mm 630 mm 300 mm 23° 100 mm 20 mm 1,223 mm" in text
    assert "2 1,550 mm 650 mm 300 mm 25° 100 mm — 1,203 mm" in text


def test_every_preset_lists_each_seat_location_and_the_capacity(tmp_path):
    for name in preset_names():
        analysis = analyse(load_preset(name))
        out = tmp_path / f"{name}.pdf"
        write_report(analysis, out)
        text = package_text(out)
        for place in analysis.derived.seating.places:
            assert re.search(rf"row {place.row + 1}, seat {place.index + 1} \w+( \w+)? {place.seat.kind.value} "
                             rf"[\d,]+ mm {place.seat.declared_positions} {place.dsp} {place.positions} ", text), \
                (name, place.path)
        assert f"Designated seating capacity {analysis.derived.seats} " in text, name


def test_us_units_show_inches_with_the_stored_millimetres(mixed):
    text = package_text(mixed["us"])
    assert "row 2, seat 1 full width bench 43.3 in (1,100 mm) 2 3 3 2 lap and shoulder (Type 2) 29.5 in (750 mm) " \
           "2.4 in (60 mm) 2 / 2" in text
    assert "row 1, seat 2 centre bucket 11.8 in (300 mm) 1 0 0 0 none none — 0 / 0" in text
    assert "Shoulder room (SAE J1100 W3) 53.0 in (1,345 mm)" in text
    assert "1 30.7 in (780 mm) 24.8 in (630 mm) 11.8 in (300 mm) 23° 3.9 in (100 mm) 0.8 in (20 mm) 48.15 in " \
           "(1,223 mm)" in text
    assert "dsp_narrow_divisor_mm = 13.8 in (350 mm) (the default)" in text
    assert " mm " not in text.replace("(", " ").split("Seat locations")[1].split("row 1, seat 1")[0]  # header


def test_the_divisors_are_the_analysis_settings_and_the_note_says_so(tmp_path):
    out = tmp_path / "wide.pdf"
    write_report(analyse(mixed_seats(), RuleSettings(dsp_narrow_divisor_mm=400)), out)
    text = package_text(out)
    assert "row 2, seat 1 full width bench 1,100 mm 2 2 2 2 " in text  # 1,100 / 400 makes 2
    assert "dsp_narrow_divisor_mm = 400 mm (default 350 mm)" in text
    assert "dsp_wide_divisor_mm = 450 mm (the default)" in text
    assert "The two divisors are settings" in text


def test_an_estimated_package_says_so(tmp_path):
    estimated = with_values(load_preset("kei-van"), {"package.estimated": True})
    out, drawn = tmp_path / "estimated.pdf", tmp_path / "drawn.pdf"
    write_report(analyse(estimated), out)
    write_report(analyse(load_preset("kei-van")), drawn)
    assert "Estimated package: this design came from an older design file" in package_text(out)
    assert "Estimated package" not in package_text(drawn)
    assert "seats estimated from an older design file's seat count" in flat(PdfReader(out).pages[1].extract_text())
    assert "seats estimated" not in flat(PdfReader(drawn).pages[1].extract_text())


# --- the side view ----------------------------------------------------------------------------------------------------

def side_plan(analysis: Analysis, units: str = "metric"):
    """The side view's package as the drawing sheet places it (the plan it paints), with the view's Painter."""
    from keidesigner.report.drawing_package import plan_package

    sheet, views, painters, dims, fmt = sheet_views(analysis, units)
    return plan_package(sheet, views["side"], painters["side"], fmt, [d.bounds() for d in dims]), painters["side"], \
        dims, fmt


@pytest.mark.parametrize("name", ["kei-van", "kei-truck", "kei-roadster"])
@pytest.mark.parametrize("units", ["metric", "us"])
def test_the_side_view_marks_each_rows_h_point_and_labels_the_findings_headroom(name, units):
    analysis = analyse(load_preset(name))
    package, P, _, fmt = side_plan(analysis, units)
    design = analysis.design
    rows = design.package.rows
    assert len(package.h_points) == len(rows)
    for row, mark in zip(rows, package.h_points):
        x = -(design.dimensions.front_overhang_mm + row.h_point_x_mm)  # behind the front wheel centreline
        assert (mark.x(), mark.y()) == pytest.approx((P.X(x), P.Y(row.h_point_z_mm)))
    headroom = [label for label in package.labels if label.kind == "headroom"]
    assert [label.row for label in headroom] == list(range(len(rows)))
    for label in headroom:
        finding = analysis.by_id(f"us.fit.headroom.{label.row + 1}")
        shown = finding.show(fmt).measured.removesuffix(" " + fmt.unit("mm"))
        assert label.text == f"Eff. headroom {shown}"
        # the line is drawn as long as the headroom it is labelled with
        assert package.headroom_lines[label.row].length() * P.s == pytest.approx(finding.measured, rel=1e-6)


def test_the_drawing_page_carries_the_headroom_labels(tmp_path):
    out = tmp_path / "van.pdf"
    analysis = analyse(load_preset("kei-van"))
    write_report(analysis, out)
    drawing = flat(PdfReader(out).pages[1].extract_text())
    for r in (1, 2):
        assert f"Eff. headroom {analysis.by_id(f'us.fit.headroom.{r}').show().measured.removesuffix(' mm')}" in drawing
    assert "Headliner 1,840" in drawing


def test_a_failing_headroom_is_drawn_as_failing():
    analysis = analyse(load_preset("kei-roadster"), RuleSettings(occupant=Occupant.male_95th))
    assert analysis.by_id("us.fit.headroom.1").status.value == "fail"
    package, *_ = side_plan(analysis)
    (label,) = [label for label in package.labels if label.kind == "headroom"]
    assert label.failed


SPECIAL = {  # the mixed seats; a headliner so low the headroom label cannot be written along its line
    "mixed": mixed_seats, "low headliner": lambda: with_values(load_preset("kei-truck"),
                                                               {"package.headliner_height_mm": 1150,
                                                                "package.rows.0.seats.0.head_restraint_mm": 300}),
}


@pytest.mark.parametrize("name", tuple(preset_names()) + tuple(SPECIAL))
def test_package_labels_overlap_no_dimension_label_mark_line_or_each_other(name):
    analysis = analyse(SPECIAL[name]() if name in SPECIAL else load_preset(name))
    for units in ("metric", "us"):
        package, _, dims, _ = side_plan(analysis, units)
        boxes = [(f"dim {i}", box) for i, d in enumerate(dims) for box in d.cover()]
        boxes += [(f"H-point {r + 1}", QRectF(c.x() - 1, c.y() - 1, 2, 2)) for r, c in enumerate(package.h_points)]
        for r, line in enumerate(package.headroom_lines):  # the line a label is written beside, arrowheads included
            boxes += [(f"headroom line {r + 1}", QRectF(line.pointAt(t / 40).x() - 0.1, line.pointAt(t / 40).y() - 0.1,
                                                        0.2, 0.2)) for t in range(41)]
        for label in package.labels:
            mine = label.place.cover()
            for other, box in boxes:
                assert not any(b.intersects(box) for b in mine), (name, units, label.text, other)
            boxes += [(label.text, box) for box in mine]
