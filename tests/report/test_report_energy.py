"""The energy section of the report, read back from the PDF: the estimate's rows as the energy model writes them, in
the report's unit system; the leave-one-out table of the design's powertrain and the accuracy; the CAFE footprint;
and a design the energy model cannot simulate, which still gets its report, with a warning."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_pdftools import flat, pdf_text

from keidesigner.analysis import Analysis, analyse
from keidesigner.design import UnitSystem, with_values
from keidesigner.design.derived import FIGURE_BY_KEY, figure_text
from keidesigner.energy import EnergyModelError
from keidesigner.energy.calibration import bundled
from keidesigner.energy.summary import assumption_rows, result_rows
from keidesigner.files import load_preset
from keidesigner.report import write_report
from keidesigner.report.numbers import report_formatter
from keidesigner.report.tables import keep_units

CASES = [(name, units) for name in ("kei-truck", "kei-ev-hatch") for units in ("metric", "us")]


def energy_section(path: Path) -> str:
    """The text of the energy section, from its heading (not the cover's contents line) to the next section's,
    whitespace runs as one space."""
    text = flat(pdf_text(path))
    start = text.index("5 Energy (EPA cycles) ")
    return text[start:text.index("6 Design data Every parameter", start)]


def solid(text: str) -> str:
    """Without whitespace: a wrapped cell may break a line anywhere Unicode allows (after '/' too)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, Analysis, tuple[str, ...]]]:
    """The truck (gas) and the EV hatch in both unit systems: the PDF, its analysis and write_report's warnings."""
    out = tmp_path_factory.mktemp("energy")
    made = {}
    for name, units in CASES:
        analysis = analyse(load_preset(name), complete=True)
        path = out / f"{name}-{units}.pdf"
        made[(name, units)] = (path, analysis, write_report(analysis, path, units=units).warnings)
    return made


@pytest.mark.parametrize("name,units", CASES)
def test_the_results_are_the_energy_models_rows_in_the_reports_units(reports, name, units):
    path, analysis, warnings = reports[(name, units)]
    section = energy_section(path)
    fmt = report_formatter(UnitSystem(units))
    rows = result_rows(analysis.energy, fmt)
    combined = rows[0]
    assert combined.title == "Combined (label)"
    assert f"Combined (label) {combined.value} " in section  # the label combined figure as result_rows writes it
    for row in rows:
        assert f"{row.title} {row.value}" in section, row
        assert solid(row.note) in solid(section), row
    assert warnings == ()  # figures, and every character drawn: nothing to warn about


@pytest.mark.parametrize("name,units", CASES)
def test_the_assumptions_are_listed_as_the_energy_model_writes_them(reports, name, units):
    path, analysis, _ = reports[(name, units)]
    section = solid(energy_section(path))
    for row in assumption_rows(analysis.energy, report_formatter(UnitSystem(units))):
        assert solid(f"{row.title}{row.value}{row.note}") in section, row


@pytest.mark.parametrize("name", ["kei-truck", "kei-ev-hatch"])
def test_us_units_read_mpg_and_miles_metric_adds_litres_or_kilowatt_hours_per_100_km(reports, name):
    us = energy_section(reports[(name, "us")][0])
    metric = energy_section(reports[(name, "metric")][0])
    electric = name == "kei-ev-hatch"
    assert ("MPGe" if electric else " mpg") in us and re.search(r"Range \(label\) \d+ mi ", us)
    assert " km" not in us and "/100 km" not in us
    assert re.search(r"Range \(label\) [\d,]+ km \(\d+ mi\) ", metric)
    assert ("kWh/100 km" if electric else "L/100 km") in metric
    # the assumptions follow the unit system: pounds and square feet, or kilograms and square metres
    assert re.search(r"Test mass [\d,]+ lb ", us) and re.search(r"Frontal area [\d.]+ ft² ", us)
    assert re.search(r"Test mass [\d,]+ kg ", metric) and re.search(r"Frontal area [\d.]+ m² ", metric)


@pytest.mark.parametrize("name,units", CASES)
def test_the_calibration_table_lists_the_powertrains_cars_and_the_accuracy(reports, name, units):
    path, analysis, _ = reports[(name, units)]
    section = energy_section(path)
    calibration = bundled()
    powertrain = analysis.energy.powertrain
    own = [h for h in calibration.held_out if h.powertrain == powertrain]
    assert len(own) >= 2
    for h in own:
        error = f"{'+' if h.error > 0 else '-'}{abs(100 * h.error):.1f} %"
        assert re.search(re.escape(h.name) + r" [\d.,]+ [\d.,]+ " + re.escape(error), section), (h.name, error)
    for h in calibration.held_out:
        if h.powertrain != powertrain:
            assert h.name not in section, h.name  # the design's powertrain only
    within = sum(abs(h.error) <= 0.15 for h in own)
    overall = sum(abs(h.error) <= 0.15 for h in calibration.held_out)
    assert (f"Predicted within ±15 %: {within} of {len(own)} {powertrain} cars "
            f"({100 * calibration.share_within(0.15, powertrain):.0f} %); {overall} of {len(calibration.held_out)} "
            f"cars of all powertrains ({100 * calibration.share_within(0.15):.0f} %).") in section
    assert "Each car predicted with factors fitted on the others; the band is the 10th–90th percentile of these " \
           "errors" in section
    assert "docs/calibration-set.md" in section


@pytest.mark.parametrize("name,units", CASES)
def test_the_cafe_footprint_stands_beside_the_figures_and_points_to_its_listings(reports, name, units):
    path, analysis, _ = reports[(name, units)]
    section = energy_section(path)
    footprint = figure_text(FIGURE_BY_KEY["footprint_ft2"], analysis.derived, report_formatter(UnitSystem(units)))
    assert f"CAFE footprint {footprint} (wheelbase × average track" in section
    assert "us.cafe.footprint, section 3" in section and "derived figures (section 6)" in section
    text = flat(pdf_text(path))
    assert "6 Design data Every parameter" in text and "7 Notes" in text  # the sections it points to
    assert re.search(r"5 Energy: EPA-cycle fuel economy or consumption and range, calibration page \d+", text)


@pytest.mark.parametrize("name,units", CASES)
def test_a_value_is_set_on_one_line_and_no_number_parts_from_its_unit(reports, name, units):
    path, analysis, _ = reports[(name, units)]
    text = pdf_text(path)  # line by line, as set
    section = text[text.index("5 Energy (EPA cycles)\n"):text.index("6 Design data\n")]
    template = next(r.value for r in assumption_rows(analysis.energy) if r.title == "FASTSim template")
    assert f"FASTSim template {template} " in section  # the longest value, whole on its line
    lines = section.splitlines()
    assert not [line for line in lines if re.search(r"\d$", line) and "Page " not in line]  # but the footer
    assert keep_units("34 L tank × label combined; 100 % within ±15 %") == \
        "34\u00a0L tank × label combined; 100\u00a0% within ±15\u00a0%"


def weak_truck():
    """A 10 kW engine under 1,500 kg: FASTSim cannot drive it through the city cycle."""
    return with_values(load_preset("kei-truck"), {"powertrain.engine_power_kw": 10.0, "mass.curb_mass_kg": 1500.0})


def test_a_design_the_energy_model_cannot_simulate_still_gets_its_report_with_a_warning(tmp_path):
    analysis = analyse(weak_truck(), complete=True)
    with pytest.raises(EnergyModelError) as raised:
        _ = analysis.energy
    message = str(raised.value)
    path = tmp_path / "weak.pdf"
    result = write_report(analysis, path)
    assert len(PdfReader(path).pages) >= 10  # the whole report, every section
    assert result.warnings == (f"{path}: written without energy figures: {message}",)
    section = energy_section(path)
    assert f"This design has no energy figures: {message}." in section
    assert "Results:" not in section and "Assumptions" not in section and "Calibration set" not in section
    assert "CAFE footprint 26.7 ft²" in section  # the footprint does not need the energy model


def test_an_energy_model_that_cannot_be_loaded_costs_the_section_not_the_report(tmp_path, monkeypatch):
    def missing(self):
        raise ModuleNotFoundError("No module named 'pandas'")

    monkeypatch.setattr(Analysis, "energy", property(missing))
    path = tmp_path / "no-fastsim.pdf"
    result = write_report(analyse(load_preset("kei-ev-hatch")), path, units="us")
    (warning,) = result.warnings
    assert warning == (f"{path}: written without energy figures: the energy model (FASTSim) could not be loaded "
                       "(No module named 'pandas')")
    assert "This design has no energy figures: the energy model (FASTSim) could not be loaded" in energy_section(path)


def test_the_estimates_warnings_are_shown_under_the_results(tmp_path, monkeypatch):
    real = analyse(load_preset("kei-truck")).energy
    warning = "falls behind the UDDS speed trace and covers 2.5 % less distance"
    monkeypatch.setattr(Analysis, "energy", property(lambda self: dataclasses.replace(real, warnings=(warning,))))
    path = tmp_path / "behind.pdf"
    result = write_report(analyse(load_preset("kei-truck")), path)
    section = energy_section(path)
    assert f"Warning: {warning}." in section
    assert section.index("Unadjusted combined") < section.index("Warning:") < section.index("Assumptions")
    assert result.warnings == ()  # a warning about the design, not about the report


def test_a_design_slower_than_the_cycles_has_the_reason_in_the_report_s_energy_section():
    from keidesigner.report.energy import energy_outcome

    lsv = with_values(load_preset("kei-ev-hatch"), {"powertrain.top_speed_kmh": 40})
    outcome = energy_outcome(analyse(lsv, complete=True))
    assert outcome.estimate is None
    assert outcome.error == ("top speed 40 km/h is below the UDDS cycle's peak of 91.3 km/h: the EPA cycles cannot "
                             "be driven")
