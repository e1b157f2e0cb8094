"""The compliance matrix section: every applicable standard of the US pathway with where it stands (screened,
declared, exempt, open), series by series as rules/catalogue.py groups them, the standards that do not apply with
the reason, and the Part 555 annex: what an exemption petition would name and what can and cannot be checked of it.

Everything comes from rules/matrix.py and rules/exemption.py, as `keidesigner matrix` prints it, so that the report,
the command line and the status bar agree.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from ..analysis import Analysis
from ..design.derived import FIGURE_BY_KEY, figure_text
from ..design.plan import PlanStatus
from ..design.units import Formatter, UnitSystem
from ..rules.catalogue import SERIES, gvwr_text
from ..rules.engine import PATHWAY_TITLES
from ..rules.exemption import BASIS_TEXT, CITATION, ExemptionAssessment
from ..rules.finding import Status
from ..rules.matrix import SCREENED, Matrix, MatrixRow, exemption_of
from . import style
from .flow import Block, paragraph
from .layout import Sheet
from .tables import Cell, Column, fitted, group_heading, table_blocks

NBSP = "\u00a0"  # keeps 'FMVSS 208' and 'screened: FAIL' on one line: the tables widen their columns for them

SECTION = "Compliance matrix"
FINDINGS_SECTION = "3"  # where the findings that screen a standard are listed (writer.build_pages)
BODY_PT = 7.2  # as the findings table
SMALL_PT = 6.6

MATRIX_COLUMNS = [
    Column("Standard", 13),
    Column("Title", 54),
    Column("Status", 17),
    Column("Shown by / reference", 62),
    Column("Mark", 7),
]
NA_COLUMNS = [Column("Standard", 13), Column("Title", 46), Column("Why it does not apply", 94)]
PETITION_COLUMNS = [Column("Standard", 13), Column("Title", 60), Column("Why it is named", 80)]
CHECK_COLUMNS = [Column("Check", 14), Column("Statement", 139)]

PLAN_COLOR = {PlanStatus.declared.value: style.INFO, PlanStatus.exempt.value: style.WARN,
              PlanStatus.open.value: style.MUTED}
CHECK_TEXT = {True: ("MET", style.PASS), False: (f"NOT{NBSP}MET", style.FAIL),
              None: (f"CANNOT{NBSP}BE{NBSP}CHECKED", style.NA)}
MARK_TEXT = {"C": "C", "S": "S", "M": "M"}
MAX_RULES_LISTED = 3  # failing rule ids named in a row; the findings table has them all


def label(row: MatrixRow) -> str:
    return row.standard.label.replace(" ", NBSP)


def _status_cells(row: MatrixRow) -> list[Cell]:
    bold = style.font(BODY_PT, bold=True)
    if row.status == SCREENED:
        return [Cell(f"screened:{NBSP}{style.STATUS_TEXT[row.result]}", bold, style.STATUS_COLOR[row.result])]
    cells = [Cell(row.status, bold, PLAN_COLOR[row.status])]
    if row.result is not None:  # a screened standard planned exempt keeps its result under it
        cells.append(Cell(f"screened:{NBSP}{style.STATUS_TEXT[row.result]}", style.font(SMALL_PT, bold=True),
                          style.STATUS_COLOR[row.result]))
    return cells


def _fill(row: MatrixRow) -> QColor | None:
    if row.result is Status.fail:
        return style.tinted(style.FAIL, 14)
    if row.status == PlanStatus.exempt.value:
        return style.tinted(style.WARN, 14)
    return None


def _shown_by(row: MatrixRow, failing: list[str]) -> list[Cell]:
    """How the standard is shown: the rules that screen it (failing rule ids named), and the plan's entry."""
    small = style.font(SMALL_PT)
    cells: list[Cell] = []
    if row.findings:
        n = len(row.findings)
        text = f"KeiDesigner rules: {n} finding{'s' if n != 1 else ''} (section {FINDINGS_SECTION})"
        cells.append(Cell(text, style.font(BODY_PT)))
        if failing:
            listed = ", ".join(failing[:MAX_RULES_LISTED])
            more = f" and {len(failing) - MAX_RULES_LISTED} more" if len(failing) > MAX_RULES_LISTED else ""
            cells.append(Cell(f"fails: {listed}{more}", style.font(SMALL_PT, mono=True), style.FAIL))
    if row.entry is not None:
        how = row.entry.shown_by.value
        plan = f"plan: {how}" if how != "none" else "plan"
        text = f"{plan}: {row.entry.reference}" if row.entry.reference else plan
        cells.append(Cell(text, small if row.findings else style.font(BODY_PT),
                          style.MUTED if row.findings else style.INK))
    if not cells:
        cells.append(Cell("no plan yet", style.font(BODY_PT, italic=True), style.MUTED))
    return cells


def _title_cells(row: MatrixRow) -> list[Cell]:
    cells = [Cell(row.standard.title, style.font(BODY_PT))]
    if row.standard.condition:  # assumed to hold: the engineer should see what the listing rests on
        cells.append(Cell(f"applies {row.standard.condition}", style.font(SMALL_PT, italic=True), style.MUTED))
    return cells


def _series_right(rows: list[MatrixRow]) -> str:
    parts = []
    screened = [r for r in rows if r.status == SCREENED]
    if screened:
        failing = sum(1 for r in screened if r.result is Status.fail)
        parts.append(f"{len(screened)} screened" + (f" ({failing} failing)" if failing else ""))
    for status in (PlanStatus.declared.value, PlanStatus.exempt.value, PlanStatus.open.value):
        n = sum(1 for r in rows if r.status == status)
        if n:
            parts.append(f"{n} {status}")
    return "  ·  ".join(parts)


def series_blocks(sheet: Sheet, matrix: Matrix, analysis: Analysis, width: float) -> list[Block]:
    """One table per series of the applicable standards."""
    failing_of = {f.rule_id for f in analysis.findings if f.status is Status.fail}
    series = {name: [r for r in matrix.rows if r.applies and r.series == name] for name in SERIES}
    cells_of = {}
    for name, rows in series.items():
        cells_of[name] = [[
            [Cell(label(r), style.font(BODY_PT, bold=True))],
            _title_cells(r),
            _status_cells(r),
            _shown_by(r, [rule for rule in r.findings if rule in failing_of]),
            [Cell(MARK_TEXT.get(r.standard.mark, r.standard.mark), style.font(BODY_PT), style.MUTED)],
        ] for r in rows]
    # one set of column widths for every series: the tables read as one matrix
    columns = fitted(sheet, MATRIX_COLUMNS, [c for cells in cells_of.values() for c in cells], width)
    blocks: list[Block] = []
    for name, rows in series.items():
        if not rows:
            continue
        blocks += table_blocks(sheet, name, columns, cells_of[name], width, fills=[_fill(r) for r in rows],
                               gap_after=4, right=_series_right(rows), right_color=style.MUTED,
                               heading_pt=10, fit=False)
    return blocks


def _reason(row: MatrixRow, analysis: Analysis, fmt: Formatter) -> str:
    """The catalogue's reason, the design's GVWR in it as the cover shows it (a minimum rating rounded up; in US
    units pounds first, the kilograms in brackets)."""
    kg = gvwr_text(analysis.derived.gvwr_kg)  # as catalogue.applies writes it
    figure = FIGURE_BY_KEY["gvwr_kg"]
    shown = figure_text(figure, analysis.derived, fmt, with_state=False)
    if fmt.system is UnitSystem.us:
        metric = Formatter(UnitSystem.metric, fmt.digits, fmt.locale_name)
        shown += f" ({figure_text(figure, analysis.derived, metric, with_state=False)})"
    return row.reason.replace(kg, f"GVWR {shown}")


def not_applicable_blocks(sheet: Sheet, matrix: Matrix, analysis: Analysis, fmt: Formatter,
                          width: float) -> list[Block]:
    rows = [r for r in matrix.rows if not r.applies]
    if not rows:
        return []
    small = style.font(SMALL_PT)
    cells = [[[Cell(label(r), style.font(SMALL_PT, bold=True))], [Cell(r.standard.title, small)],
              [Cell(_reason(r, analysis, fmt), small, style.MUTED)]] for r in rows]
    return table_blocks(sheet, "Not applicable", NA_COLUMNS, cells, width, gap_after=6,
                        right=f"{len(rows)} standards", right_color=style.MUTED, heading_pt=10)


def _petition_why(row: MatrixRow) -> str:
    if row.status == PlanStatus.exempt.value:
        why = "planned exempt"
        if row.result is Status.fail:
            why += "; screened: FAIL"
        if row.entry is not None and row.entry.reference:
            why += f" ({row.entry.reference})"
        return why
    return (f"screened: FAIL, {len(row.failing)} of its {len(row.findings)} finding"
            f"{'s' if len(row.findings) != 1 else ''} failing")


def exemption_blocks(sheet: Sheet, matrix: Matrix, assessment: ExemptionAssessment, analysis: Analysis,
                     fmt: Formatter, width: float) -> list[Block]:
    """The Part 555 annex; one line when nothing is to be exempted."""
    title = "Exemption (Part 555)"
    body = style.font(8.5)
    if not assessment.needed:
        return [group_heading(sheet, title, "nothing to exempt", style.PASS),
                paragraph(sheet, "Nothing to exempt: no screened standard fails and the plan marks none exempt; no "
                          "Part 555 petition is needed.", body, width, gap_after=6)]
    plan = analysis.design.plan
    n = len(assessment.standards)
    blocks = [group_heading(sheet, title, f"{n} standard{'s' if n != 1 else ''} to name", style.WARN)]
    if assessment.basis is None:
        basis = "Basis: none chosen."
        duration = ("Duration: set by the basis: at most 3 years for economic hardship, 2 for the other bases.")
    else:
        basis = (f"Basis: {assessment.basis.value.replace('_', ' ')}: {BASIS_TEXT[assessment.basis]} "
                 f"({CITATION}).")
        duration = f"Duration: at most {assessment.years} years, renewable on reapplication."
    sales = (f"{fmt.number(plan.us_sales_per_year, 0)} a year" if plan.us_sales_per_year is not None
             else "not stated")
    made = (f"{fmt.number(plan.maker_production_per_year, 0)} vehicles" if plan.maker_production_per_year is not None
            else "not stated")
    blocks.append(paragraph(sheet, f"{basis} {duration} Planned US sales: {sales}; maker's production last year: "
                            f"{made}. A petition would have to name every screened failure and every standard "
                            "planned exempt:", body, width, gap_after=3))
    rows = [[[Cell(label(r), style.font(BODY_PT, bold=True))], [Cell(r.standard.title, style.font(BODY_PT))],
             [Cell(_petition_why(r), style.font(BODY_PT))]] for r in matrix.to_exempt]
    blocks += table_blocks(sheet, "A petition would name", PETITION_COLUMNS, rows, width, gap_after=4,
                           heading_pt=9)
    checks = []
    for c in assessment.checks:
        word, color = CHECK_TEXT[c.ok]
        checks.append([[Cell(word, style.font(BODY_PT, bold=True), color)], [Cell(c.what, style.font(BODY_PT))]])
    blocks += table_blocks(sheet, "Checks of the basis", CHECK_COLUMNS, checks, width, gap_after=3, heading_pt=9)
    for fact in assessment.facts:
        blocks.append(paragraph(sheet, fact, body, width, gap_after=3))
    if not any("would grant" in c.what for c in assessment.checks):
        blocks.append(paragraph(sheet, "Whether NHTSA would grant a petition cannot be checked.", body, width,
                                gap_after=6))
    else:
        blocks[-1].gap_after = 6
    return blocks


def matrix_blocks(sheet: Sheet, analysis: Analysis, fmt: Formatter, width: float) -> list[Block]:
    matrix = analysis.matrix
    pathway = PATHWAY_TITLES[analysis.us_class]
    intro = (f"Every standard of 49 CFR Part 571 and Parts 565, 567 and 581 against the {pathway} pathway and the "
             f"design's GVWR. Screened: KeiDesigner's rules check the standard; its result is the "
             f"worst of their findings (section {FINDINGS_SECTION}). Declared: the designer states that a test, a "
             "supplier's certificate or an analysis shows compliance, with the reference given; KeiDesigner does not "
             "check it. Exempt: planned to be exempted under 49 CFR Part 555 (see the Exemption annex at the end of "
             "this section). Open: no plan yet. "
             "The US verdict on the cover covers the screened standards only. Mark: how sure the catalogue's "
             "applicability is: C read in the CFR text, S from a secondary source, M recalled and not confirmed.")
    blocks = [paragraph(sheet, matrix.summary[0].upper() + matrix.summary[1:], style.font(9.5, bold=True), width,
                        gap_after=1.5),
              paragraph(sheet, intro, style.font(8), width, style.MUTED, gap_after=4)]
    blocks += series_blocks(sheet, matrix, analysis, width)
    blocks += not_applicable_blocks(sheet, matrix, analysis, fmt, width)
    blocks += exemption_blocks(sheet, matrix, exemption_of(matrix, analysis.design.plan), analysis, fmt, width)
    return blocks
