"""The report shows the findings measured on the geometry (the pedestrian head zones) and the small-overlap advice,
whoever asks for it: the command line's complete analysis or the app's fast one."""

from __future__ import annotations

from report_pdftools import pdf_text

from keidesigner.analysis import analyse
from keidesigner.files import load_preset
from keidesigner.report import write_report


def test_a_report_from_a_fast_analysis_still_carries_the_head_zones(tmp_path):
    analysis = analyse(load_preset("kei-ev-hatch"))  # as the app holds it: no geometry findings yet
    assert not any(f.rule_id.startswith("us.228.") for f in analysis.findings)
    out = tmp_path / "hatch.pdf"
    write_report(analysis, out)
    text = " ".join(pdf_text(out).split())
    assert "Pedestrian head, child zone" in text
    assert "Pedestrian head, adult zone" in text
    assert "Small-overlap engagement (IIHS)" in text


def test_a_cab_overs_report_says_applicability_uncertain(tmp_path):
    out = tmp_path / "truck.pdf"
    write_report(analyse(load_preset("kei-truck")), out)
    assert "Applicability uncertain" in " ".join(pdf_text(out).split())
