"""The findings table and the design-data tables, as blocks for `flow.paginate`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from PySide6.QtGui import QColor, QFont

from ..analysis import Analysis
from ..design import FIGURES, Design, get_value
from ..design.derived import figure_text
from ..design.fieldspec import FieldSpec, grouped_fields
from ..design.units import Formatter, UnitSystem
from ..rules.finding import Finding, Status
from ..rules.summary import group_title
from . import style
from .flow import Block, paragraph, spacer
from .layout import LEFT, RIGHT, TOP, WRAP, Sheet

PAD_X = 1.2  # cell padding, mm
PAD_Y = 1.1
NBSP = "\u00a0"
_AFTER_NUMBER = re.compile(r"(?<=\d) ")


@dataclass(frozen=True)
class Column:
    title: str
    weight: float  # share of the table width
    align: int = LEFT


@dataclass(frozen=True)
class Cell:
    text: str
    font: QFont
    color: QColor = field(default_factory=lambda: QColor(style.INK))


def _widths(columns: list[Column], width: float) -> list[float]:
    total = sum(c.weight for c in columns)
    return [width * c.weight / total for c in columns]


HEADER_PT = 7


def keep_units(text: str) -> str:
    """The text with a no-break space after each number, so that no line parts '15' from its '%' or '34' from its
    'L' ('band 30.3–34.7 mpg', '34 L tank'); a fitted column counts the pair as one word."""
    return _AFTER_NUMBER.sub(NBSP, text)


def _words(text: str) -> list[str]:
    """What a line may not break inside: words between spaces and line breaks (a no-break space joins)."""
    return [w for w in text.replace("\n", " ").split(" ") if w]


def fitted(sheet: Sheet, columns: list[Column], rows: list[list[list[Cell]]], width: float) -> list[Column]:
    """The columns with their shares raised, where the table allows, so that every cell sets each of its lines whole,
    else so that no word is wider than its column (Qt clips such a word); taken from the columns with room to
    spare. Header words count; header lines may wrap."""
    header = style.font(HEADER_PT, bold=True)
    pad = 2 * PAD_X + 0.2
    words, lines = [], []
    for i, col in enumerate(columns):
        runs = [(c.text, c.font) for cells in rows for c in cells[i]]
        title = max((sheet.text_width(w, header) for w in _words(col.title)), default=0.0)
        words.append(max([title] + [sheet.text_width(w, f) for text, f in runs for w in _words(text)]) + pad)
        lines.append(max([title] + [sheet.text_width(t, f) for text, f in runs for t in text.splitlines()]) + pad)
    widths = _widths(columns, width)
    for need in (lines, words):
        if sum(need) > width:
            continue
        deficit = sum(max(n - w, 0.0) for n, w in zip(need, widths))
        spare = sum(max(w - n, 0.0) for n, w in zip(need, widths))
        if deficit <= 0.0:
            return columns
        widths = [n if w < n else w - (w - n) * deficit / spare for n, w in zip(need, widths)]
        return [replace(col, weight=w) for col, w in zip(columns, widths)]
    return columns


def header_block(sheet: Sheet, columns: list[Column], width: float) -> Block:
    f = style.font(HEADER_PT, bold=True)
    widths = _widths(columns, width)
    h = max(sheet.text_height(c.title, f, w - 2 * PAD_X) for c, w in zip(columns, widths)) + 2 * PAD_Y

    def paint(s: Sheet, x: float, y: float, w: float) -> None:
        s.box(x, y, w, h, fill=style.FAINT)
        cx = x
        for col, cw in zip(columns, _widths(columns, w)):
            s.text(cx + PAD_X, y + PAD_Y, cw - 2 * PAD_X, h, col.title, f, style.MUTED, col.align | TOP | WRAP)
            cx += cw
        s.line(x, y + h, x + w, y + h, style.INK, 0.3)

    return Block(h, paint)


def row_block(sheet: Sheet, columns: list[Column], cells: list[list[Cell]], width: float, *,
              note: Cell | None = None, note_from: int = 1, note_to: int | None = None, fill: QColor | None = None,
              repeat: list[Block] | None = None) -> Block:
    """One table row; each cell is a stack of text runs. An optional note runs under the cells of columns
    note_from..note_to (exclusive); the columns beyond may run down beside it."""
    widths = _widths(columns, width)
    heights = [sum(sheet.text_height(c.text, c.font, w - 2 * PAD_X) for c in stack) for stack, w in zip(cells, widths)]
    end = len(columns) if note_to is None else note_to
    over_h = max(heights[note_from:end]) if note else max(heights)  # cells the note sits under
    note_w = sum(widths[note_from:end])
    note_h = sheet.text_height(note.text, note.font, note_w - 2 * PAD_X) + 0.6 if note else 0.0
    body_h = max(max(heights), over_h + note_h)
    h = body_h + 2 * PAD_Y + 0.4

    def paint(s: Sheet, x: float, y: float, w: float) -> None:
        ws = _widths(columns, w)
        if fill is not None:
            s.box(x, y, w, h, fill=fill)
        cx = x
        for col, cw, stack in zip(columns, ws, cells):
            cy = y + PAD_Y
            for c in stack:
                cy += s.text(cx + PAD_X, cy, cw - 2 * PAD_X, h, c.text, c.font, c.color, col.align | TOP | WRAP)
            cx += cw
        if note:
            nx = x + sum(ws[:note_from])
            s.text(nx + PAD_X, y + PAD_Y + over_h + 0.6, sum(ws[note_from:end]) - 2 * PAD_X, note_h + 1, note.text,
                   note.font, note.color, LEFT | TOP | WRAP)
        s.line(x, y + h, x + w, y + h, style.RULE, 0.15)

    return Block(h, paint, repeat=repeat or [])


def table_blocks(sheet: Sheet, title: str, columns: list[Column], rows: list[list[list[Cell]]], width: float, *,
                 fills: list[QColor | None] | None = None, gap_after: float = 5.0, right: str = "",
                 right_color: QColor = style.INK, heading_pt: float = 11, fit: bool = True) -> list[Block]:
    """A titled table: its heading (with `right` at its right end) and header row kept with the first row, both
    repeated ("continued") above a row that moves to a new page; no word wider than its column (fit=False: the
    columns are already fitted, to the rows of several tables that should line up)."""
    if fit:
        columns = fitted(sheet, columns, rows, width)
    header = header_block(sheet, columns, width)
    header.keep_with_next = True
    repeat = [group_heading(sheet, title, right, right_color, continued=True, size_pt=heading_pt), header]
    blocks = [group_heading(sheet, title, right, right_color, size_pt=heading_pt), header]
    for i, cells in enumerate(rows):
        fill = fills[i] if fills is not None else None
        blocks.append(row_block(sheet, columns, cells, width, fill=fill, repeat=repeat))
    blocks[-1].gap_after = gap_after
    return blocks


def group_heading(sheet: Sheet, text: str, right: str, right_color: QColor, *, continued: bool = False,
                  size_pt: float = 11) -> Block:
    f = style.font(size_pt, bold=True)
    h = sheet.line_height(f) + 1.5
    title = f"{text} (continued)" if continued else text

    def paint(s: Sheet, x: float, y: float, w: float) -> None:
        s.text(x, y, w, h, title, f, style.INK, LEFT | TOP)
        s.text(x, y + 0.6, w, h, right, style.font(9, bold=True), right_color, RIGHT | TOP)

    return Block(h, paint, keep_with_next=True)


# --- findings --------------------------------------------------------------------------------------------------------

FINDING_COLUMNS = [
    Column("Status", 9),
    Column("Rule", 35),
    Column("Measured", 17, RIGHT),
    Column("Limit", 25, RIGHT),
    Column("Margin", 15, RIGHT),
    Column("Basis", 13),
    Column("Citation", 26),
]


def finding_cells(f: Finding, fmt: Formatter) -> tuple[list[list[Cell]], str]:
    """The row's cells and its explanation, all from one `Finding.show` (one precision for every number)."""
    body = style.font(7.2)
    num = style.font(7.2)
    color = style.STATUS_COLOR[f.status]
    shown = f.show(fmt)
    texts = [shown.measured, shown.limit, shown.margin]
    # Inch readings of limits set in millimetres or in inches both need the millimetre figure beside them: a lamp
    # limit of 22 in is 558.8 mm, and a kei limit of 3,400 mm is not exactly 133.9 in.
    if fmt.system is UnitSystem.us and f.unit == "mm":
        metric = f.show(Formatter(UnitSystem.metric, fmt.digits, fmt.locale_name))
        texts = [t if t in ("—", "") else f"{t}\n({m})" for t, m in zip(texts, (metric.measured, metric.limit,
                                                                                  metric.margin))]
    cells = [
        [Cell(style.STATUS_TEXT[f.status], style.font(7.2, bold=True), color)],
        [Cell(f.title, style.font(7.4, bold=True)), Cell(f.rule_id, style.font(6.6, mono=True), style.MUTED)],
        [Cell(texts[0], num)],
        [Cell(texts[1], num)],
        [Cell(texts[2], num, style.FAIL if f.violated is not None else style.INK)],
        [Cell(f.basis.value, body)],
        [Cell(f.citation, style.font(6.8))],
    ]
    return cells, shown.explanation


def findings_blocks(sheet: Sheet, analysis: Analysis, fmt: Formatter, width: float) -> list[Block]:
    blocks: list[Block] = []
    intro = ("Every rule of the kei class and of the US pathway, failures first. Measured values, limits and margins "
             "are in " + ("US customary units, with millimetres in brackets where the limit is a length"
                          if fmt.system is UnitSystem.us else "metric units")
             + "; a negative margin is the amount by which the limit is missed.")
    blocks.append(paragraph(sheet, intro, style.font(8.5), width, style.MUTED, gap_after=4))
    for group in ("kei", "us"):
        counts = analysis.counts(group)
        verdict = analysis.verdict(group)
        summary = (f"{verdict.upper()}  ·  {fmt.number(counts[Status.fail], 0)} fail, "
                   f"{fmt.number(counts[Status.warn], 0)} warn, {fmt.number(counts[Status.pass_], 0)} pass")
        title = group_title(analysis.evaluation, group)
        heading = group_heading(sheet, title, summary, style.VERDICT_COLOR[verdict])
        header = header_block(sheet, FINDING_COLUMNS, width)
        header.keep_with_next = True
        repeat = [group_heading(sheet, title, summary, style.VERDICT_COLOR[verdict], continued=True), header]
        blocks += [heading, header]
        for f in analysis.sorted(group):
            fill = style.tinted(style.FAIL, 14) if f.status is Status.fail else (
                style.tinted(style.WARN, 14) if f.status is Status.warn else None)
            cells, explanation = finding_cells(f, fmt)
            note = Cell(explanation, style.font(7, italic=False), style.MUTED)
            blocks.append(row_block(sheet, FINDING_COLUMNS, cells, width, note=note,
                                    note_to=len(FINDING_COLUMNS) - 1, fill=fill, repeat=repeat))
        blocks[-1].gap_after = 7
    return blocks


# --- design data ---------------------------------------------------------------------------------------------------

def _value_text(design: Design, spec: FieldSpec, fmt: Formatter) -> tuple[str, str]:
    value = get_value(design, spec.path)
    if value is None:
        return "not entered", ""
    if spec.kind == "bool":
        return ("yes" if value else "no"), ""
    if spec.kind in ("choice", "text"):
        text = str(getattr(value, "value", value))
        return (text.replace("_", " ") if spec.kind == "choice" else text), ""
    places = fmt.exact_places(float(value), spec.unit)
    return fmt.value(float(value), spec.unit, places=places, with_unit=False), fmt.unit(spec.unit)


def design_blocks(sheet: Sheet, analysis: Analysis, fmt: Formatter, width: float) -> list[Block]:
    design = analysis.design
    us = fmt.system is UnitSystem.us
    metric = Formatter(UnitSystem.metric, fmt.digits, fmt.locale_name)
    columns = [Column("Parameter", 34), Column("Value", 16, RIGHT), Column("Unit", 8)]
    if us:
        columns.append(Column("As stored", 16, RIGHT))
    columns.append(Column("Field", 30))
    blocks: list[Block] = [paragraph(
        sheet, "Every parameter of the design as checked" + (", shown in US customary units beside the metric value "
        "the design file stores" if us else ", in the units the design file stores") + ".",
        style.font(8.5), width, style.MUTED, gap_after=4)]
    body, mono = style.font(7.6), style.font(6.8, mono=True)
    for title, specs in grouped_fields(design.powertrain.kind):
        heading = group_heading(sheet, title, "", style.INK)
        header = header_block(sheet, columns, width)
        header.keep_with_next = True
        repeat = [group_heading(sheet, title, "", style.INK, continued=True), header]
        blocks += [heading, header]
        for spec in specs:
            value, unit = _value_text(design, spec, fmt)
            cells = [[Cell(spec.title, body)], [Cell(value, body)], [Cell(unit, body, style.MUTED)]]
            if us:
                stored = _value_text(design, spec, metric)
                same = stored[1] == unit
                cells.append([Cell("" if same else f"{stored[0]} {stored[1]}".strip(), body, style.MUTED)])
            cells.append([Cell(spec.path, mono, style.MUTED)])
            blocks.append(row_block(sheet, columns, cells, width, repeat=repeat))
        blocks[-1].gap_after = 5

    # derived figures with their formulas
    dcols = [Column("Derived figure", 30), Column("Value", 17, RIGHT), Column("Formula", 57)]
    heading = group_heading(sheet, "Derived figures", "", style.INK)
    header = header_block(sheet, dcols, width)
    header.keep_with_next = True
    repeat = [group_heading(sheet, "Derived figures", "", style.INK, continued=True), header]
    blocks += [heading, header]
    derived = analysis.derived
    for fig in FIGURES:
        text = figure_text(fig, derived, fmt, with_state=False)
        if us and fmt.unit(fig.unit) != fig.unit:
            text += f" ({figure_text(fig, derived, metric, with_state=False)})"
        if fig.estimated:
            text += "\nestimated" if getattr(derived, fig.estimated) else "\nentered"
        blocks.append(row_block(sheet, dcols, [[Cell(fig.title, body)], [Cell(text, body)],
                                               [Cell(fig.formula.render(fmt), body)]], width, repeat=repeat))
    blocks[-1].gap_after = 6
    if design.notes.strip():
        blocks.append(group_heading(sheet, "Designer's notes", "", style.INK))
        blocks.append(paragraph(sheet, design.notes.strip(), style.font(8.5), width))
    return blocks


def notes_blocks(sheet: Sheet, paragraphs: list[tuple[str, str]], width: float) -> list[Block]:
    """(heading, text) pairs; a heading of '' continues the previous one."""
    blocks: list[Block] = []
    for head, text in paragraphs:
        if head:
            blocks.append(group_heading(sheet, head, "", style.INK))
            blocks.append(paragraph(sheet, text, style.font(9), width, gap_after=5.0))
        else:
            if blocks and blocks[-1].gap_after == 5.0:
                blocks[-1].gap_after = 2.0
            blocks.append(paragraph(sheet, "•  " + text, style.font(9), width, gap_after=5.0, indent=5))
            if len(blocks) > 1 and blocks[-2].gap_after == 5.0 and not blocks[-2].keep_with_next:
                blocks[-2].gap_after = 1.5
    blocks.append(spacer(1))
    return blocks

