"""The compliance matrix section, its Part 555 annex and the cover's US verdict, read back from the PDF: every
standard the matrix has is listed once where it belongs, with the status rules/matrix.py gives it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_pdftools import flat, pdf_text

from keidesigner.analysis import analyse
from keidesigner.design import UnitSystem
from keidesigner.files import load_design, preset_names
from keidesigner.report import write_report
from keidesigner.report.cover import coverage_text
from keidesigner.rules.exemption import assess_exemption
from keidesigner.rules.finding import Status
from keidesigner.rules.matrix import SCREENED, compliance_matrix

PRESET_NAMES = tuple(preset_names())
PRESETS = Path(__file__).resolve().parents[2] / "resources" / "presets"
STATUS_WORD = {Status.fail: "FAIL", Status.warn: "WARN", Status.pass_: "PASS", Status.info: "INFO"}
CHECK_WORD = {True: "MET", False: "NOTMET", None: "CANNOTBECHECKED"}
CASES = [(name, "metric") for name in PRESET_NAMES] + [("kei-truck", "us"), ("kei-ev-hatch", "us")]


def solid(text: str) -> str:
    """Without whitespace: a wrapped cell may break a line anywhere Unicode allows (after a dash too)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, object]]:
    """(pdf, analysis) per preset in metric units, and for the truck and the EV hatch in US units."""
    out = tmp_path_factory.mktemp("matrix")
    made = {}
    for name, units in CASES:
        source = PRESETS / f"{name}.kei"
        analysis = analyse(load_design(source), complete=True)
        path = out / f"{name}-{units}.pdf"
        write_report(analysis, path, source=source, units=UnitSystem(units))
        made[(name, units)] = (path, analysis)
    return made


def sections(path: Path) -> tuple[str, str, str]:
    """The section's applicable tables, its not-applicable table and its annex, whitespace removed."""
    text = solid(pdf_text(path))
    # the section's heading, not the cover's contents line ("4 Compliance matrix: where ...")
    start = next(m.start() for m in re.finditer("4Compliancematrix(?!:)", text))
    end = text.index("5Energy(EPAcycles)", start)  # the next section
    section = text[start:end]
    na = section.index("Notapplicable")
    annex = section.index("Exemption(Part555)")
    return section[:na], section[na:annex], section[annex:]


@pytest.mark.parametrize("name,units", CASES)
def test_every_applicable_standard_is_listed_once_with_its_status(reports, name, units):
    path, analysis = reports[(name, units)]
    matrix = compliance_matrix(analysis.evaluation)
    applicable, _, _ = sections(path)
    assert solid(matrix.summary) in applicable
    rows = [r for r in matrix.rows if r.applies]
    where = []
    for r in rows:
        key = solid(f"{r.standard.label} {r.standard.title}")
        assert applicable.count(key) == 1, (r.standard.label, applicable.count(key))
        where.append(applicable.index(key))
    assert where == sorted(where)  # series by series, in the catalogue's order
    for i, r in enumerate(rows):
        row = applicable[where[i]:where[i + 1] if i + 1 < len(rows) else len(applicable)]
        if r.status == SCREENED:
            assert f"screened:{STATUS_WORD[r.result]}" in row, (r.standard.label, row)
        else:
            assert r.status in row, (r.standard.label, row)
            if r.result is not None:  # planned exempt, its screened result beside it
                assert f"screened:{STATUS_WORD[r.result]}" in row
        if r.entry is not None and r.entry.reference:
            assert solid(r.entry.reference) in row


@pytest.mark.parametrize("name,units", CASES)
def test_the_standards_that_do_not_apply_are_listed_with_the_reason(reports, name, units):
    path, analysis = reports[(name, units)]
    matrix = compliance_matrix(analysis.evaluation)
    _, na, _ = sections(path)
    skipped = [r for r in matrix.rows if not r.applies]
    assert skipped
    for r in skipped:
        assert solid(f"{r.standard.label} {r.standard.title}") in na, r.standard.label
        # the design's GVWR in a reason is shown as the cover shows it: compare what follows it
        reason = r.reason.split(" kg is ", 1)[1] if r.reason.startswith("GVWR ") else r.reason
        assert solid(reason) in na, (r.standard.label, reason)
    assert not any(solid(f"{r.standard.label} {r.standard.title}") in na for r in matrix.rows if r.applies)


def test_us_units_give_the_design_gvwr_in_pounds_in_the_reasons(reports):
    path, analysis = reports[("kei-truck", "us")]
    _, na, _ = sections(path)
    assert re.search(r"GVWR[\d,]+lb\(minimum\)\([\d,]+kg\(minimum\)\)isnotabove|GVWR[\d,]+lb\([\d,]+kg\)isnotabove",
                     na), na[:400]
    assert PdfReader(path).pages[0].mediabox.width == pytest.approx(612, abs=1)  # US Letter


@pytest.mark.parametrize("name,units", CASES)
def test_the_annex_names_what_a_petition_would_and_the_checks(reports, name, units):
    path, analysis = reports[(name, units)]
    matrix = compliance_matrix(analysis.evaluation)
    plan = analysis.design.plan
    assessment = assess_exemption(matrix, plan.exemption_basis, plan.us_sales_per_year,
                                  plan.maker_production_per_year)
    _, _, annex = sections(path)
    if not matrix.to_exempt:
        assert "Nothingtoexempt" in annex
        assert "Apetitionwouldname" not in annex
        return
    named = annex[annex.index("Apetitionwouldname"):annex.index("Checksofthebasis")]
    labels = re.findall(r"(?:FMVSS|Part)\d{3}[a-z]?", named)
    assert labels == [solid(r.standard.label) for r in matrix.to_exempt]
    checks = annex[annex.index("Checksofthebasis"):]
    for c in assessment.checks:
        assert CHECK_WORD[c.ok] + solid(c.what) in checks, c.what
    assert "WhetherNHTSAwouldgrant" in annex and "cannotbechecked" in annex
    if assessment.basis is None:
        assert "Basis:nonechosen." in annex
    else:
        assert f"atmost{assessment.years}years" in annex


def test_the_truck_annex_has_its_basis_and_duration(reports):
    path, _ = reports[("kei-truck", "metric")]
    _, _, annex = sections(path)
    assert "Basis:economichardship" in annex
    assert "Duration:atmost3years" in annex
    assert "CANNOTBECHECKED" in annex
    # the duration is the basis's rule, stated, not a check marked met (found trying it)
    assert "METAnexemptionlasts" not in annex and "permanentlabelnamingtheexemptedstandards" in annex
    assert "screened:FAIL,3ofits" not in annex or "failing" in annex


@pytest.mark.parametrize("name,units", CASES)
def test_the_cover_says_the_us_verdict_covers_the_screened_standards(reports, name, units):
    path, analysis = reports[(name, units)]
    matrix = compliance_matrix(analysis.evaluation)
    cover = solid(flat(PdfReader(path).pages[0].extract_text()))
    assert "screenedstandardsonly" in cover
    assert solid(coverage_text(matrix)) in cover
    if not matrix.complete:  # a design with open standards never reads as simply compliant
        assert "notcomplete:" in cover
    assert "screened standards only" in PdfReader(path).metadata.subject
