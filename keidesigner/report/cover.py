"""Page 1: what was checked (design, file, hash, program, pathway) and the two verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from ..design.units import UnitSystem
from ..rules.engine import PATHWAY_TITLES, Evaluation
from ..rules.finding import Status
from ..rules.summary import group_title
from . import style
from .layout import BOTTOM, HCENTER, LEFT, RIGHT, TOP, WRAP, Page, Sheet

UNIT_TITLES = {UnitSystem.metric: "metric (mm, kg, kW)", UnitSystem.us: "US customary (in, lb, hp); metric in brackets"}


@dataclass(frozen=True)
class Provenance:
    """Where the checked design came from: the file name and the SHA-256 of exactly the bytes checked."""

    file_label: str  # "kei-truck.kei" or "unsaved design"
    sha256: str
    hash_note: str  # what was hashed
    generated: str  # local date and time
    version: str


def cover_page(ev: Evaluation, prov: Provenance, units: UnitSystem, contents: list[tuple[str, str, Page]],
               decel_limit_g: float) -> Page:
    def paint(sheet: Sheet) -> None:
        r = sheet.content_rect()
        x, w = r.x(), r.width()
        y = r.y() + 4
        sheet.text(x, y, w, 6, "COMPLIANCE SCREENING REPORT", style.font(9, bold=True), style.ACCENT, LEFT | TOP)
        y += 7
        y += sheet.text(x, y, w, 40, ev.design.name, style.font(24, bold=True), style.INK) + 1.5
        pt = ev.design.powertrain.kind
        sub = (f"{ev.design.body_style.value.capitalize()}, {pt} powertrain  ·  checked against the kei class "
               f"(Japan) and the {PATHWAY_TITLES[ev.us_class]} pathway")
        y += sheet.text(x, y, w, 20, sub, style.font(10), style.MUTED) + 5
        sheet.line(x, y, x + w, y, style.INK, 0.5)
        y += 5

        # verdict cards
        gap = 6.0
        cw = (w - gap) / 2
        ch = 34.0
        for i, group in enumerate(("kei", "us")):
            cx = x + i * (cw + gap)
            verdict = ev.verdict(group)
            color = style.VERDICT_COLOR[verdict]
            sheet.box(cx, y, cw, ch, fill=style.tinted(color, 22), stroke=color, width_mm=0.5, radius=1.5)
            sheet.box(cx, y, 2.2, ch, fill=color)
            sheet.text(cx + 6, y + 3.5, cw - 10, 6, group_title(ev, group).upper(), style.font(9, bold=True),
                       style.INK, LEFT | TOP)
            sheet.text(cx + 6, y + 9, cw - 10, 14, verdict.upper(), style.font(28, bold=True), color, LEFT | TOP)
            counts = ev.counts(group)
            line = (f"{counts[Status.fail]} fail  ·  {counts[Status.warn]} warn  ·  {counts[Status.pass_]} pass"
                    f"  ·  {counts[Status.info]} info  ·  {counts[Status.not_applicable]} n/a")
            sheet.text(cx + 6, y + ch - 8, cw - 10, 6, line, style.font(8.5), style.INK, LEFT | TOP)
        y += ch + 7

        # provenance
        label_w = 34.0
        rows = [
            ("Design file", prov.file_label),
            ("SHA-256", prov.sha256),
            ("", prov.hash_note),
            ("Pathway", f"Kei (Japan) and {PATHWAY_TITLES[ev.us_class]} (49 CFR 571.3 class "
                        f"'{ev.us_class.value}')"),
            ("Units", UNIT_TITLES[units]),
            ("Frontal decel. limit", f"{decel_limit_g:g} g average at 56 km/h (screening setting)"),
            ("Generated", prov.generated),
            ("Program", f"KeiDesigner {prov.version}"),
        ]
        for label, value in rows:
            mono = label == "SHA-256"
            f = style.font(8.5, mono=mono) if not label == "" else style.font(7.5, italic=True)
            color = style.INK if label else style.MUTED
            sheet.text(x, y, label_w, 6, label, style.font(8.5, bold=True), style.MUTED, LEFT | TOP)
            h = sheet.text(x + label_w, y, w - label_w, 20, value, f, color)
            y += max(h, sheet.line_height(f)) + 1.2
        y += 3
        sheet.line(x, y, x + w, y, style.RULE, 0.2)
        y += 5

        # what needs attention
        bottom = r.bottom() - 44
        attention = [f for g in ("kei", "us") for f in ev.sorted(g) if f.status in (Status.fail, Status.warn)]
        sheet.text(x, y, w, 7, "Needs attention" if attention else "Nothing needs attention",
                   style.font(11, bold=True), style.INK, LEFT | TOP)
        y += 7
        body = style.font(8.5)
        shown = 0
        for f in attention:
            text = f"{f.title} ({f.rule_id}): {f.explanation}"
            h = sheet.text_height(text, body, w - 16)
            if y + h > bottom - 6:
                break
            sheet.text(x, y, 14, 5, style.STATUS_TEXT[f.status], style.font(8, bold=True),
                       style.STATUS_COLOR[f.status], LEFT | TOP)
            sheet.text(x + 16, y, w - 16, h + 1, text, body)
            y += h + 1.6
            shown += 1
        if shown < len(attention):
            sheet.text(x + 16, y, w - 16, 6, f"… and {len(attention) - shown} more: see the findings.",
                       style.font(8.5, italic=True), style.MUTED, LEFT | TOP)

        # contents
        y = bottom
        sheet.line(x, y, x + w, y, style.RULE, 0.2)
        y += 3
        sheet.text(x, y, w, 6, "Contents", style.font(9, bold=True), style.INK, LEFT | TOP)
        y += 5.5
        for number, title, first in contents:
            sheet.text(x, y, 10, 5, number, style.font(8.5), style.MUTED, LEFT | TOP)
            sheet.text(x + 8, y, 100, 5, title, style.font(8.5), style.INK, LEFT | TOP)
            sheet.text(x + w - 30, y, 30, 5, f"page {first.number}", style.font(8.5), style.MUTED, RIGHT | TOP)
            y += 4.6
        y = r.bottom() - 7
        sheet.text(x, y, w, 8, "A design screening against published limits, not a certification of FMVSS "
                   "compliance or of kei type approval.", style.font(8, italic=True), style.MUTED, HCENTER | BOTTOM
                   | WRAP)

    return Page("Cover", paint, header=False)

