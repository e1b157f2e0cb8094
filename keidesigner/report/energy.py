"""The energy section: the design's fuel economy or electric consumption and range on the EPA city (UDDS) and highway
(HWFET) cycles, what the figures rest on, and how well the calibration predicts real small cars.

Every figure is the energy model's (keidesigner.energy, NREL FASTSim calibrated on EPA results), written by its own
rows (`energy.summary.result_rows`, `assumption_rows`) with the report's Formatter, as the app's Energy panel and
`keidesigner energy` show them. When the model cannot simulate the design (EnergyModelError: too little power to
follow a cycle, a vehicle FASTSim refuses) the section says why in one sentence and the report is written all the
same, with a warning (writer.write_report).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..analysis import Analysis
from ..design.derived import FIGURE_BY_KEY, figure_text
from ..design.units import Formatter, UnitSystem
from ..energy import EnergyEstimate, EnergyModelError
from ..energy.summary import Row, assumption_rows, result_rows
from . import style
from .energy_calibration import calibration_blocks
from .flow import Block, paragraph
from .layout import RIGHT, Sheet
from .tables import Cell, Column, fitted, keep_units, table_blocks

SECTION = "Energy (EPA cycles)"
FOOTPRINT_RULE = "us.cafe.footprint"
BODY_PT = 7.4
SMALL_PT = 6.8

ROW_COLUMNS = [Column("Figure", 28), Column("Value", 22, RIGHT), Column("Note", 50)]
ASSUMPTION_COLUMNS = [Column("Input", 28), Column("Value", 22, RIGHT), Column("Source", 50)]


@dataclass(frozen=True)
class EnergyOutcome:
    """What the section shows: the design's estimate, or, when there is none, the energy model's one-line reason."""

    estimate: EnergyEstimate | None = None
    error: str = ""


def energy_outcome(analysis: Analysis) -> EnergyOutcome:
    """The analysis's energy estimate, or why it has none. The model not loading (FASTSim or one of its libraries
    missing from an installation) costs the section, not the report."""
    try:
        return EnergyOutcome(analysis.energy)
    except EnergyModelError as exc:
        return EnergyOutcome(error=str(exc))
    except ImportError as exc:
        return EnergyOutcome(error=f"the energy model (FASTSim) could not be loaded ({exc})")


def _rows(rows: list[Row], emphasise_first: bool = False) -> list[list[list[Cell]]]:
    body, small = style.font(BODY_PT), style.font(SMALL_PT)
    return [[[Cell(r.title, body)],
             [Cell(keep_units(r.value), style.font(BODY_PT, bold=emphasise_first and i == 0))],
             [Cell(keep_units(r.note), small, style.MUTED)]] for i, r in enumerate(rows)]


def _intro(analysis: Analysis, e: EnergyEstimate | None, fmt: Formatter) -> str:
    electric = analysis.design.powertrain.kind == "electric"
    what = "Electric consumption and range" if electric else "Fuel economy and range"
    how = (f"{what} on the EPA city (UDDS) and highway (HWFET) test cycles: the design driven through both cycles "
           "second by second by NREL's FASTSim, scaled by factors fitted on small cars' EPA results, and turned into "
           "label figures by EPA's derived 5-cycle method.")
    if e is None:
        return how
    units = ("mpg" if not electric else "MPGe, kWh/100 mi") + (", miles" if e.label_range_mi is not None else "")
    return (f"{how} Figures in EPA's units ({units})"
            + ("" if fmt.system is UnitSystem.us else ", the combined figure and the range also in metric units")
            + ". An estimate for design decisions, not a label value: the band is where the calibration cars' errors "
            "put the true figure.")


def footprint_line(analysis: Analysis, fmt: Formatter, findings_section: str, data_section: str) -> str:
    """The CAFE footprint beside the energy figures (49 CFR 523; 531.5: wheelbase × average track), pointing to where
    the report lists it: the finding of that name, when the pathway has it, and the derived figures."""
    figure = FIGURE_BY_KEY["footprint_ft2"]
    finding = next((f for f in analysis.findings if f.rule_id == FOOTPRINT_RULE), None)
    where = [f"the derived figures (section {data_section})"]
    if finding is not None:
        where.insert(0, f"the findings ({FOOTPRINT_RULE}, section {findings_section})")
    cited = f"; {finding.citation}" if finding is not None else ""
    return (f"CAFE footprint {figure_text(figure, analysis.derived, fmt)} (wheelbase × average track{cited}), for "
            "information: it sets the vehicle's fuel-economy target under CAFE and does not enter the energy model. "
            f"Also in {' and '.join(where)}.")


def energy_blocks(sheet: Sheet, analysis: Analysis, outcome: EnergyOutcome, fmt: Formatter, width: float, *,
                  findings_section: str, data_section: str) -> list[Block]:
    """The section's blocks for `flow.paginate`: results and warnings, the CAFE footprint, assumptions, and the
    calibration's accuracy; or, without an estimate, the reason in one sentence and the footprint."""
    e = outcome.estimate
    blocks = [paragraph(sheet, _intro(analysis, e, fmt), style.font(8.5), width, style.MUTED, gap_after=4)]
    footprint = paragraph(sheet, keep_units(footprint_line(analysis, fmt, findings_section, data_section)),
                          style.font(7.6), width, style.MUTED, gap_after=6)
    if e is None:
        blocks.append(paragraph(sheet, keep_units(f"This design has no energy figures: {outcome.error}."),
                                style.font(9, bold=True), width, style.WARN, gap_after=5))
        return [*blocks, footprint]
    results, assumptions = _rows(result_rows(e, fmt), emphasise_first=True), _rows(assumption_rows(e, fmt))
    # one set of column widths for both tables, so that their values line up down the page: titles and values set
    # whole on one line (a template's name too), the notes wrapping in what is left
    shares = [c.weight for c in fitted(sheet, ROW_COLUMNS, [r[:2] + [[]] for r in results + assumptions], width)]
    result_columns, assumption_columns = ([replace(c, weight=w) for c, w in zip(cols, shares)]
                                          for cols in (ROW_COLUMNS, ASSUMPTION_COLUMNS))
    title = f"Results: {'electric' if e.electric else e.powertrain} powertrain"
    blocks += table_blocks(sheet, title, result_columns, results, width, gap_after=3, fit=False)
    for warning in e.warnings:
        blocks.append(paragraph(sheet, keep_units(f"Warning: {warning}."), style.font(8, bold=True), width, style.WARN,
                                gap_after=3))
    blocks.append(footprint)
    blocks += table_blocks(sheet, "Assumptions", assumption_columns, assumptions, width, gap_after=6, fit=False)
    return blocks + calibration_blocks(sheet, e.powertrain, fmt, width)
