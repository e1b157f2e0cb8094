"""The compliance matrix: every standard once, applicability from the catalogue and the design, screened standards
exactly those the rules check, the plan for the rest; the Part 555 assessment; the matrix on the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from keidesigner.analysis import analyse
from keidesigner.design import with_value, with_values
from keidesigner.files import load_preset, preset_names
from keidesigner.rules import Status, evaluate
from keidesigner.rules.catalogue import STANDARDS
from keidesigner.rules.exemption import HARDSHIP_PRODUCTION_MAX, OTHER_SALES_MAX, assess_exemption
from keidesigner.rules.matrix import NOT_APPLICABLE, SCREENED, compliance_matrix, matrix_csv, rule_standards


def _matrix(design, us_class=None):
    return compliance_matrix(analyse(design, us_class=us_class, complete=True).evaluation)


@pytest.mark.parametrize("name", preset_names())
def test_every_standard_once_and_screened_exactly_where_the_rules_check(name):
    design = load_preset(name)
    ev = analyse(design, complete=True).evaluation
    matrix = compliance_matrix(ev)
    assert [r.standard.number for r in matrix.rows] == [s.number for s in STANDARDS]
    checked = {n for f in ev.findings if f.status is not Status.not_applicable for n in rule_standards(f.rule_id)}
    for row in matrix.rows:
        if row.applies and row.standard.number in checked:
            assert row.status in (SCREENED, "exempt") and row.result is not None and row.findings
        else:
            assert row.result is None and not row.findings
        if not row.applies:
            assert row.status == NOT_APPLICABLE and row.reason
    fails = {r.standard.number for r in matrix.rows if r.result is Status.fail}
    assert {r.standard.number for r in matrix.to_exempt} >= fails


def test_the_truck_plan_reads_as_a_working_document():
    matrix = _matrix(load_preset("kei-truck"))
    row = {r.standard.number: r for r in matrix.rows}
    assert row["216a"].status == "exempt" and row["216a"].result is Status.fail  # planned exempt, still failing
    assert row["209"].status == "declared" and row["209"].entry.shown_by.value == "certificate"
    assert row["101"].status == "open" and row["101"].entry is None
    assert row["121"].status == NOT_APPLICABLE and "air brakes" in row["121"].reason
    assert row["500"].status == NOT_APPLICABLE  # an LSV standard
    assert not matrix.complete and "open" in matrix.summary


def test_conditions_the_design_answers():
    hatch, truck = _matrix(load_preset("kei-ev-hatch")), _matrix(load_preset("kei-truck"))
    by = {r.standard.number: r for r in hatch.rows}
    assert by["141"].applies and by["305a"].applies and not by["301"].applies  # an EV: sound, no fuel system
    by = {r.standard.number: r for r in truck.rows}
    assert not by["141"].applies and not by["305a"].applies and by["301"].applies  # gasoline
    assert not by["202"].applies and by["202a"].applies


def test_an_lsv_pathway_lists_the_lsv_standards():
    matrix = _matrix(load_preset("kei-ev-hatch"), "lsv")
    assert {r.standard.number for r in matrix.rows if r.applies} == {"500", "205", "141", "111", "209", "565", "110",
                                                                     "567"}


def test_declaring_every_open_standard_makes_the_matrix_complete_only_without_failures():
    hatch = load_preset("kei-ev-hatch")  # no screened failure
    open_ = [r.standard.number for r in _matrix(hatch).rows if r.status == "open"]
    entries = [e.model_dump() for e in hatch.plan.entries] + [
        {"standard": n, "status": "declared", "shown_by": "test", "reference": "test plan"} for n in open_]
    planned = with_value(hatch, "plan.entries", entries)
    assert _matrix(planned).complete and _matrix(planned).count("open") == 0
    # a screened failure (no TPMS) keeps it from being complete, whatever is declared
    assert not _matrix(with_value(planned, "safety.tpms", False)).complete


@pytest.mark.parametrize("basis, sales, production, ok", [
    ("new_safety_feature", OTHER_SALES_MAX, None, True), ("new_safety_feature", OTHER_SALES_MAX + 1, None, False),
    ("equal_safety", None, None, None),
    ("economic_hardship", None, HARDSHIP_PRODUCTION_MAX, True),
    ("economic_hardship", None, HARDSHIP_PRODUCTION_MAX + 1, False),
    ("economic_hardship", None, None, None),
])
def test_the_exemption_basis_is_checked_where_the_reference_confirms_it(basis, sales, production, ok):
    truck = with_values(load_preset("kei-truck"), {"plan.exemption_basis": basis, "plan.us_sales_per_year": sales,
                                                   "plan.maker_production_per_year": production})
    matrix = _matrix(truck)
    plan = truck.plan
    result = assess_exemption(matrix, plan.exemption_basis, plan.us_sales_per_year, plan.maker_production_per_year)
    assert result.needed and result.years == (3 if basis == "economic_hardship" else 2)
    assert result.checks[0].ok is ok
    assert any("cannot be checked" in c.what for c in result.checks)


def test_nothing_to_exempt_says_so():
    hatch = load_preset("kei-ev-hatch")
    result = assess_exemption(_matrix(hatch), None, None, None)
    assert not result.needed and result.checks[0].ok is True


def test_the_check_text_says_what_the_us_verdict_covers(capsys):
    from keidesigner.cli import main

    assert main(["check", "preset:kei-ev-hatch"]) == 0
    out = capsys.readouterr().out
    assert "US passenger car: PASS" in out and "The US verdict covers the screened standards." in out
    assert "14 open" in out


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_the_matrix_command(capsys, fmt):
    from keidesigner.cli import main

    assert main(["matrix", "preset:kei-truck", "--format", fmt]) == 1  # open standards and failures: not complete
    out = capsys.readouterr().out
    if fmt == "json":
        doc = json.loads(out)
        assert len(doc["standards"]) == len(STANDARDS) and "216a" in doc["to_exempt"]
        assert doc["exemption"]["years"] == 3
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == len(STANDARDS) and {r["status"] for r in rows} >= {"declared", "exempt", "open"}
    else:
        assert out.startswith("Kei truck (cab-over, gas) — US truck: 39 applicable standards")
        assert "A Part 555 exemption would have to name:" in out and "Not applicable" in out


def test_csv_quotes_titles_with_commas():
    text = matrix_csv(compliance_matrix(evaluate(load_preset("kei-van"))))
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(r) == len(rows[0]) for r in rows)


def test_a_reason_writes_the_gvwr_as_the_program_shows_it():
    # the truck's minimum GVWR is 1,404.12 kg, shown rounded up everywhere (a rating must carry the load)
    row = {r.standard.number: r for r in _matrix(load_preset("kei-truck")).rows}["105"]
    assert "GVWR 1,405 kg" in row.reason


def test_what_the_rules_find_not_applicable_is_not_applicable_in_the_matrix():
    # found trying it: the convertible roadster's 225 and 226 read "open" while check said n/a; 216a S3.1(a)(3)
    # excludes convertibles too
    rows = {r.standard.number: r for r in _matrix(load_preset("kei-roadster")).rows}
    for number in ("216a", "225", "226"):
        assert rows[number].status == NOT_APPLICABLE and "does not apply to this design" in rows[number].reason
    assert "convertible" in rows["216a"].reason.lower()
    assert evaluate(load_preset("kei-roadster")).by_id("us.216a.roof_crush").status is Status.not_applicable


def test_the_plan_and_the_vehicle_disagreeing_is_said():
    truck = load_preset("kei-truck")
    entries = [e.model_dump() for e in truck.plan.entries] + [
        {"standard": "500", "status": "exempt", "shown_by": "none", "reference": ""},
        {"standard": "111", "status": "declared", "shown_by": "test", "reference": "camera test"}]
    conflicts = _matrix(with_value(truck, "plan.entries", entries)).conflicts
    assert any(c.startswith("FMVSS 500 is planned exempt but does not apply") for c in conflicts)
    assert any(c.startswith("FMVSS 111 is declared (test) but KeiDesigner's rules find it failing") for c in conflicts)
    assert _matrix(truck).conflicts == ()


def test_the_pounds_are_the_cfrs():
    rows = {r.standard.number: r for r in _matrix(load_preset("kei-van")).rows}
    assert "8,500 lb" in rows["225"].reason and "8,499" not in rows["225"].reason


def test_a_petition_row_counts_the_failing_findings_and_the_duration_is_a_fact():
    matrix = _matrix(load_preset("kei-truck"))
    row = {r.standard.number: r for r in matrix.rows}["108"]
    assert row.result is Status.fail and 0 < len(row.failing) < len(row.findings)  # 1 of 3 (found trying it)
    truck = load_preset("kei-truck")
    plan = truck.plan
    result = assess_exemption(matrix, plan.exemption_basis, plan.us_sales_per_year, plan.maker_production_per_year)
    assert not any("lasts at most" in c.what for c in result.checks) and "at most 3 years" in result.facts[0]
