"""Page 1: what was checked (design, file, hash, program, pathway) and the two verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import Analysis
from ..design.units import Formatter, UnitSystem
from ..rules.engine import PATHWAY_TITLES
from ..rules.finding import Status
from ..rules.matrix import Matrix
from ..rules.summary import group_title, weights_line
from . import style
from .layout import BOTTOM, HCENTER, LEFT, RIGHT, TOP, WRAP, Page, Sheet
from .numbers import locale_example

UNIT_TITLES = {UnitSystem.metric: "metric (mm, kg, kW)", UnitSystem.us: "US customary (in, lb, hp); metric in brackets"}
LABEL_W = 34.0
CARD_H = 34.0  # without the US card's coverage lines
CARD_GAP = 6.0
CONTENTS_H = 44.0


@dataclass(frozen=True)
class Provenance:
    """Where the checked design came from: the file name and the SHA-256 of exactly the bytes checked."""

    file_label: str  # "kei-truck.kei" or "unsaved design"
    sha256: str
    hash_note: str  # what was hashed
    generated: str  # local date and time
    version: str


def _title(sheet: Sheet, analysis: Analysis, x: float, y: float, w: float) -> float:
    design = analysis.design
    sheet.text(x, y, w, 6, "COMPLIANCE SCREENING REPORT", style.font(9, bold=True), style.ACCENT, LEFT | TOP)
    y += 7
    title = style.font(24, bold=True)
    y += sheet.text(x, y, w, 40, design.name, title, style.INK, LEFT | TOP | sheet.wrap(design.name, title, w)) + 1.5
    sub = (f"{design.body_style.traits.label.capitalize()}, {design.powertrain.kind} powertrain  ·  checked against "
           f"the kei class (Japan) and the {PATHWAY_TITLES[analysis.us_class]} pathway")
    y += sheet.text(x, y, w, 20, sub, style.font(10), style.MUTED) + 5
    sheet.line(x, y, x + w, y, style.INK, 0.5)
    return y + 5


def coverage_text(matrix: Matrix) -> str:
    """'39 applicable: 11 screened (7 failing) · 5 declared · 2 exempt · 21 open': what the US verdict rests on."""
    return matrix.summary.replace(" applicable standards:", " applicable:")


def _verdict_cards(sheet: Sheet, analysis: Analysis, fmt: Formatter, x: float, y: float, w: float) -> float:
    """The kei and US verdicts; the US card says that its verdict covers the screened standards only and how the
    rest of the applicable standards stand, so that a design with open standards never reads as simply compliant."""
    cw = (w - CARD_GAP) / 2
    matrix = analysis.matrix
    small = style.font(7.5)
    coverage = coverage_text(matrix)
    coverage_h = sheet.text_height(coverage, small, cw - 10)
    card_h = CARD_H + coverage_h + 1.0
    for i, group in enumerate(("kei", "us")):
        cx = x + i * (cw + CARD_GAP)
        verdict = analysis.verdict(group)
        color = style.VERDICT_COLOR[verdict]
        sheet.box(cx, y, cw, card_h, fill=style.tinted(color, 22), stroke=color, width_mm=0.5, radius=1.5)
        sheet.box(cx, y, 2.2, card_h, fill=color)
        sheet.text(cx + 6, y + 3.5, cw - 10, 6, group_title(analysis.evaluation, group).upper(),
                   style.font(9, bold=True), style.INK, LEFT | TOP)
        big = style.font(28, bold=True)
        sheet.text(cx + 6, y + 9, cw - 10, 14, verdict.upper(), big, color, LEFT | TOP)
        counts = analysis.counts(group)
        n = {s: fmt.number(counts[s], 0) for s in Status}
        line = (f"{n[Status.fail]} fail  ·  {n[Status.warn]} warn  ·  {n[Status.pass_]} pass  ·  "
                f"{n[Status.info]} info  ·  {n[Status.not_applicable]} n/a")
        sheet.text(cx + 6, y + CARD_H - 8, cw - 10, 6, line, style.font(8.5), style.INK, LEFT | TOP)
        if group != "us":
            continue
        side = cx + 6 + sheet.text_width(verdict.upper(), big) + 4
        side_w = cx + cw - 3 - side
        sheet.text(side, y + 10.5, side_w, 5, "screened standards only", style.font(8, bold=True), style.INK,
                   LEFT | TOP | WRAP)
        if not matrix.complete:
            gaps = []
            if matrix.count("open"):
                gaps.append(f"{fmt.number(matrix.count('open'), 0)} open")
            if matrix.to_exempt:
                gaps.append(f"{fmt.number(len(matrix.to_exempt), 0)}\u00a0to\u00a0exempt")
            sheet.text(side, y + 14.5, side_w, 8, "not complete: " + " · ".join(gaps), style.font(8, bold=True),
                       style.WARN, LEFT | TOP | WRAP)
        sheet.text(cx + 6, y + CARD_H - 3, cw - 10, coverage_h + 1, coverage, small, style.MUTED)
    return y + card_h + 7


def _provenance_rows(analysis: Analysis, prov: Provenance, fmt: Formatter) -> list[tuple[str, str]]:
    settings = analysis.settings
    return [
        ("Design file", prov.file_label),
        ("SHA-256", prov.sha256),
        ("", prov.hash_note),
        ("Pathway", f"Kei (Japan) and {PATHWAY_TITLES[analysis.us_class]} (49 CFR 571.3 class "
                    f"'{analysis.us_class.value}')"),
        ("Ratings", weights_line(analysis.evaluation, fmt)),
        ("Units", UNIT_TITLES[fmt.system]),
        ("Numbers", f"written as in {fmt.locale_name.replace('_', '-')}: {locale_example(fmt)}"),
        ("Frontal decel. limit", f"{fmt.number(settings.frontal_decel_limit_g, 1, trim=True)} g average at 56 km/h "
                                 "(screening setting)"),
        ("Two-unit limits", f"the {settings.paired_units.value} figure applies (setting paired_units; see Notes)"),
        ("Generated", prov.generated),
        ("Program", f"KeiDesigner {prov.version}"),
    ]


def _provenance(sheet: Sheet, rows: list[tuple[str, str]], x: float, y: float, w: float) -> float:
    for label, value in rows:
        f = style.font(8.5, mono=label == "SHA-256") if label else style.font(7.5, italic=True)
        sheet.text(x, y, LABEL_W, 6, label, style.font(8.5, bold=True), style.MUTED, LEFT | TOP)
        h = sheet.text(x + LABEL_W, y, w - LABEL_W, 20, value, f, style.INK if label else style.MUTED)
        y += max(h, sheet.line_height(f)) + 1.2
    y += 3
    sheet.line(x, y, x + w, y, style.RULE, 0.2)
    return y + 5


def _attention(sheet: Sheet, analysis: Analysis, fmt: Formatter, x: float, y: float, w: float,
               bottom: float) -> None:
    """The failures and warnings with their explanations, as many as fit above `bottom`."""
    attention = [f for g in ("kei", "us") for f in analysis.sorted(g) if f.status in (Status.fail, Status.warn)]
    sheet.text(x, y, w, 7, "Needs attention" if attention else "Nothing needs attention",
               style.font(11, bold=True), style.INK, LEFT | TOP)
    y += 7
    body = style.font(8.5)
    shown = 0
    for f in attention:
        text = f"{f.title} ({f.rule_id}): {f.explain(fmt)}"
        h = sheet.text_height(text, body, w - 16)
        if y + h > bottom - 6:
            break
        sheet.text(x, y, 14, 5, style.STATUS_TEXT[f.status], style.font(8, bold=True), style.STATUS_COLOR[f.status],
                   LEFT | TOP)
        sheet.text(x + 16, y, w - 16, h + 1, text, body)
        y += h + 1.6
        shown += 1
    if shown < len(attention):
        sheet.text(x + 16, y, w - 16, 6, f"… and {fmt.number(len(attention) - shown, 0)} more: see the findings.",
                   style.font(8.5, italic=True), style.MUTED, LEFT | TOP)


def _contents(sheet: Sheet, contents: list[tuple[str, str, Page]], x: float, y: float, w: float) -> None:
    sheet.line(x, y, x + w, y, style.RULE, 0.2)
    y += 3
    sheet.text(x, y, w, 6, "Contents", style.font(9, bold=True), style.INK, LEFT | TOP)
    y += 5.5
    for number, title, first in contents:
        sheet.text(x, y, 10, 5, number, style.font(8.5), style.MUTED, LEFT | TOP)
        sheet.text(x + 8, y, w - 8 - 32, 5, title, style.font(8.5), style.INK, LEFT | TOP)
        sheet.text(x + w - 30, y, 30, 5, f"page {first.number}", style.font(8.5), style.MUTED, RIGHT | TOP)
        y += 4.6


def cover_page(analysis: Analysis, prov: Provenance, fmt: Formatter, contents: list[tuple[str, str, Page]]) -> Page:
    def paint(sheet: Sheet) -> None:
        r = sheet.content_rect()
        x, w = r.x(), r.width()
        y = _title(sheet, analysis, x, r.y() + 4, w)
        y = _verdict_cards(sheet, analysis, fmt, x, y, w)
        y = _provenance(sheet, _provenance_rows(analysis, prov, fmt), x, y, w)
        bottom = r.bottom() - CONTENTS_H
        _attention(sheet, analysis, fmt, x, y, w, bottom)
        _contents(sheet, contents, x, bottom, w)
        sheet.text(x, r.bottom() - 7, w, 8, "A design screening against published limits, not a certification of "
                   "FMVSS compliance or of kei type approval.", style.font(8, italic=True), style.MUTED,
                   HCENTER | BOTTOM | WRAP)

    return Page("Cover", paint, header=False)
