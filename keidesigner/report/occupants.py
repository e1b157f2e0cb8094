"""The occupant package section: the designated seating capacity and the cabin, every seat location as the rules
count it (49 CFR 571.10 designated seating positions, 571.3 outboard positions, FMVSS 208 belts, 202a head
restraints, 225 LATCH), and each row's SAE J1100 figures.

Everything comes from the analysis: the seating its rules counted (with the 571.10 divisors of its settings) and,
for effective headroom, the very findings the findings table lists, so that this page, the drawing and the findings
agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QColor

from ..analysis import Analysis
from ..design.package import SeatBelts, SeatKind
from ..design.seating import OUTBOARD_MM, SeatPlace
from ..design.units import Formatter, UnitSystem
from ..rules.finding import Finding, Status
from ..rules.settings import RuleSettings
from . import style
from .flow import Block, paragraph
from .layout import RIGHT, Sheet
from .tables import Cell, Column, table_blocks

SECTION = "Occupant package"
BELT_TEXT = {SeatBelts.lap_shoulder: ("lap and shoulder", "Type 2"), SeatBelts.lap: ("lap only", "Type 1"),
             SeatBelts.none: ("none", "")}  # FMVSS 209 types
KIND_TEXT = {SeatKind.bucket: "bucket", SeatKind.bench: "bench"}

SEAT_COLUMNS = [  # shares: about the millimetres each needs, so that an A4 page sets every cell's first line whole
    Column("Seat location", 22),
    Column("Kind", 11.5),
    Column("Seating surface width", 14, RIGHT),
    Column("Declared positions", 15.4, RIGHT),
    Column("DSPs by 571.10", 12.2, RIGHT),
    Column("Positions counted", 15.4, RIGHT),
    Column("Outboard DSPs", 15.8, RIGHT),
    Column("Belts", 25),
    Column("Head restraint height", 14.8, RIGHT),
    Column("Backset", 13.6, RIGHT),
    Column("LATCH\u00a0/ tethers", 14.2, RIGHT),
]
ROW_COLUMNS = [
    Column("Row", 6),
    Column("H-point behind front axle (J1100\u00a0L114)", 15, RIGHT),
    Column("H-point height (J1100\u00a0H5)", 13, RIGHT),
    Column("Seat height (J1100\u00a0H30)", 13, RIGHT),
    Column("Seat-back angle (J1100\u00a0A40)", 13, RIGHT),
    Column("Seat-back thickness", 13, RIGHT),
    Column("Gap between seats", 12, RIGHT),
    Column("Effective headroom (finding)", 15, RIGHT),
]
CABIN_COLUMNS = [Column("Figure", 30), Column("Value", 14, RIGHT), Column("What it is", 56)]

BODY_PT = 7.2  # as the findings table
SMALL_PT = 6.6


def _metric(fmt: Formatter) -> Formatter:
    return Formatter(UnitSystem.metric, fmt.digits, fmt.locale_name)


def length_text(value_mm: float, fmt: Formatter) -> str:
    """'480 mm', or '18.9 in (480 mm)' in US units: a stored length at the precision that shows it exactly."""
    text = fmt.value(value_mm, "mm", places=fmt.exact_places(value_mm, "mm"))
    if fmt.system is UnitSystem.us:
        metric = _metric(fmt)
        text += f" ({metric.value(value_mm, 'mm', places=metric.exact_places(value_mm, 'mm'))})"
    return text


def _length_cell(value_mm: float, fmt: Formatter, bold: bool = False, color: QColor | None = None) -> list[Cell]:
    """A stored length: its reading, and in US units the millimetres stored under it."""
    cells = [Cell(fmt.value(value_mm, "mm", places=fmt.exact_places(value_mm, "mm")), style.font(BODY_PT, bold=bold),
                  color or style.INK)]
    if fmt.system is UnitSystem.us:
        metric = _metric(fmt)
        cells.append(Cell(f"({metric.value(value_mm, 'mm', places=metric.exact_places(value_mm, 'mm'))})",
                          style.font(SMALL_PT), style.MUTED))
    return cells


def _count_cell(n: int, fmt: Formatter, bold: bool = False, color: QColor | None = None) -> list[Cell]:
    return [Cell(fmt.number(n, 0), style.font(BODY_PT, bold=bold), color or style.INK)]


def _text_cell(text: str, bold: bool = False, color: QColor | None = None) -> list[Cell]:
    return [Cell(text, style.font(BODY_PT, bold=bold), color or style.INK)]


def _anchorage_cell(latch: int, tethers: int, fmt: Formatter, bold: bool = False,
                   color: QColor | None = None) -> list[Cell]:
    """FMVSS 225: positions with a full LATCH system / positions with a top tether (LATCH positions included)."""
    return [Cell(f"{fmt.number(latch, 0)} / {fmt.number(tethers, 0)}", style.font(BODY_PT, bold=bold),
                 color or style.INK)]


def _belt_cell(belt: SeatBelts, color: QColor) -> list[Cell]:
    what, kind = BELT_TEXT[belt]
    return _text_cell(what, color=color) + ([Cell(f"({kind})", style.font(SMALL_PT), style.MUTED)] if kind else [])


def _flag(finding: Finding | None) -> QColor:
    """Ink, or the status colour of the finding about a figure when it fails or warns: the table points at what the
    findings table explains."""
    if finding is not None and finding.status in (Status.fail, Status.warn):
        return style.STATUS_COLOR[finding.status]
    return style.INK


def _side(place: SeatPlace, seats_in_row: int) -> str:
    """Where the seat location sits across its row, facing forward."""
    if seats_in_row == 1:
        return "full width"
    if place.index == 0:
        return "left"
    return "right" if place.index == seats_in_row - 1 else "centre"


def seat_cells(place: SeatPlace, seats_in_row: int, fmt: Formatter,
               findings: Mapping[str, Finding] | None = None) -> list[list[Cell]]:
    """One seat location's row of the seat table; `findings` by rule id colour the figures a finding fails or warns
    about (us.10.positions, us.208.belts, us.202a.height and .backset of the seat)."""
    seat = place.seat
    found = findings or {}
    suffix = f".{place.row + 1}.{place.index + 1}"

    def flag(rule: str) -> QColor:
        return _flag(found.get(rule + suffix))

    where = [Cell(f"row {place.row + 1}, seat {place.index + 1}", style.font(BODY_PT, bold=True)),
             Cell(_side(place, seats_in_row), style.font(SMALL_PT), style.MUTED)]
    if seat.head_restraint_mm is None:
        restraint = _text_cell("none", color=flag("us.202a.height"))
        backset = _text_cell("—")
    else:
        restraint = _length_cell(seat.head_restraint_mm, fmt, color=flag("us.202a.height"))
        backset = _length_cell(seat.backset_mm, fmt, color=flag("us.202a.backset"))
    positions = flag("us.10.positions")
    return [
        where,
        _text_cell(KIND_TEXT[seat.kind]),
        _length_cell(seat.seating_width_mm, fmt, color=positions),
        _count_cell(seat.declared_positions, fmt, color=positions),
        _count_cell(place.dsp, fmt, bold=True, color=positions),
        _count_cell(place.positions, fmt, color=positions),
        _count_cell(place.outboard, fmt),
        _belt_cell(seat.belt, flag("us.208.belts")),
        restraint,
        backset,
        _anchorage_cell(seat.latch_positions, seat.tether_positions, fmt),
    ]


def total_cells(analysis: Analysis, fmt: Formatter) -> list[list[Cell]]:
    """The seat table's last row: the vehicle's sums (positions counted = the designated seating capacity)."""
    places = analysis.derived.seating.places
    anchorages = [f for f in analysis.findings if f.rule_id in ("us.225.latch", "us.225.third_tether")]
    pressing = sorted((f for f in anchorages if f.status in (Status.fail, Status.warn)),
                      key=lambda f: f.status is not Status.fail)  # a failure before a warning
    blank: list[Cell] = []
    return [
        _text_cell("Total", bold=True),
        blank,
        blank,
        _count_cell(sum(p.seat.declared_positions for p in places), fmt, bold=True),
        _count_cell(sum(p.dsp for p in places), fmt, bold=True),
        _count_cell(analysis.derived.seats, fmt, bold=True),
        _count_cell(sum(p.outboard for p in places), fmt, bold=True),
        blank,
        blank,
        blank,
        _anchorage_cell(sum(p.seat.latch_positions for p in places), sum(p.seat.tether_positions for p in places),
                        fmt, bold=True, color=_flag(pressing[0]) if pressing else None),
    ]


def headroom_finding(analysis: Analysis, row: int) -> Finding | None:
    """The effective-headroom finding of a row (0 = front), as the rules measured it."""
    rule_id = f"us.fit.headroom.{row + 1}"
    return next((f for f in analysis.findings if f.rule_id == rule_id), None)


def _headroom_cell(finding: Finding | None, fmt: Formatter) -> list[Cell]:
    if finding is None or not finding.numeric:
        return _text_cell("—")
    cells = [Cell(finding.show(fmt).measured, style.font(BODY_PT, bold=finding.violated is not None), _flag(finding))]
    if fmt.system is UnitSystem.us:
        cells.append(Cell(f"({finding.show(_metric(fmt)).measured})", style.font(SMALL_PT), style.MUTED))
    return cells


def row_cells(analysis: Analysis, index: int, fmt: Formatter) -> list[list[Cell]]:
    """A seat row's SAE J1100 figures (L114, H5, H30, A40; lengths in mm as stored) and its effective headroom."""
    row = analysis.design.package.rows[index]
    return [
        _text_cell(fmt.number(index + 1, 0), bold=True),
        _length_cell(row.h_point_x_mm, fmt),
        _length_cell(row.h_point_z_mm, fmt),
        _length_cell(row.seat_height_mm, fmt),
        _text_cell(fmt.value(row.back_angle_deg, "°", places=fmt.exact_places(row.back_angle_deg, "°", extra=1))),
        _length_cell(row.back_thickness_mm, fmt),
        _length_cell(row.seat_gap_mm, fmt) if len(row.seats) > 1 else _text_cell("—"),
        _headroom_cell(headroom_finding(analysis, index), fmt),
    ]


def cabin_rows(analysis: Analysis, fmt: Formatter) -> list[list[list[Cell]]]:
    """The package-level figures: capacity (571.10, 571.3), declared positions, shoulder room (J1100 W3), headliner."""
    package = analysis.design.package
    derived = analysis.derived
    declared = sum(p.seat.declared_positions for p in derived.seating.places)
    small = style.font(SMALL_PT)

    def line(title: str, value: list[Cell], what: str) -> list[list[Cell]]:
        return [_text_cell(title), value, [Cell(what, small, style.MUTED)]]

    return [
        line("Designated seating capacity", _count_cell(derived.seats, fmt, bold=True),
             "positions counted over every seat location (49 CFR 571.10, 571.3): what the US counts for belts, "
             "the 150 lb per occupant in the GVWR and the kei limit of 4"),
        line("Rear designated seating positions", _count_cell(derived.rear_seats, fmt),
             "positions counted in the second and third rows (FMVSS 208, 225)"),
        line("Declared positions", _count_cell(declared, fmt),
             "people the maker designs the seats for (Japan's riding capacity)"),
        line("Shoulder room (SAE J1100 W3)", _length_cell(package.cabin_width_mm, fmt),
             "interior width at shoulder height, door trim to door trim"),
        line("Headliner height", _length_cell(package.headliner_height_mm, fmt),
             "underside of the roof lining above the ground, over the seats"),
        line("Seat rows", _count_cell(len(package.rows), fmt), "front to back"),
    ]


def _divisor(value: float, default: float, fmt: Formatter) -> str:
    note = "the default" if value == default else f"default {length_text(default, fmt)}"
    return f"{length_text(value, fmt)} ({note})"


def counting_note(settings: RuleSettings, fmt: Formatter) -> str:
    """How the table's counts are made, with the 571.10 divisors this analysis used (settings, not confirmed)."""
    defaults = RuleSettings()
    narrow = _divisor(settings.dsp_narrow_divisor_mm, defaults.dsp_narrow_divisor_mm, fmt)
    wide = _divisor(settings.dsp_wide_divisor_mm, defaults.dsp_wide_divisor_mm, fmt)
    return (
        f"DSPs by 571.10: a seat location narrower than {length_text(330, fmt)} of seating surface is no designated "
        f"seating position; below {length_text(1400, fmt)} it makes its width divided by "
        f"{length_text(settings.dsp_narrow_divisor_mm, fmt)}, from {length_text(1400, fmt)} its width divided by "
        f"{length_text(settings.dsp_wide_divisor_mm, fmt)}, rounded down. The two divisors are settings, recalled "
        f"and not read in the CFR text, so the count is a screening: dsp_narrow_divisor_mm = {narrow}, "
        f"dsp_wide_divisor_mm = {wide}; the {length_text(330, fmt)} threshold and the {length_text(1400, fmt)} "
        "split are confirmed. Positions counted: the DSPs, or the declared positions where more are declared. "
        "LATCH / tethers: positions with lower anchorages and a tether / positions with a tether (FMVSS 225). "
        f"Outboard: a DSP whose cushion's outboard side is less than {length_text(OUTBOARD_MM, fmt)} from the "
        "interior surface (571.3). Seats are listed left to right, facing forward; the side view of the drawing "
        "shows each row's right-hand seat."
    )


ESTIMATED_NOTE = (
    "Estimated package: this design came from an older design file (before format version 3) that recorded only a "
    "seat count, and KeiDesigner estimated the seats, rows and cabin from it. Every figure on this page, and each "
    "seat finding, rests on that estimate until the package is edited."
)


def package_blocks(sheet: Sheet, analysis: Analysis, fmt: Formatter, width: float) -> list[Block]:
    """The section's blocks for `flow.paginate`: capacity and cabin, seat locations with their counts, rows."""
    design = analysis.design
    blocks: list[Block] = [paragraph(
        sheet, "The seats as drawn in the design and as the US rules count them. "
        + ("Lengths in US customary units, with the millimetres the design stores in brackets."
           if fmt.system is UnitSystem.us else "Lengths in millimetres, as the design stores them."),
        style.font(8.5), width, style.MUTED, gap_after=3)]
    if design.package.estimated:
        blocks.append(paragraph(sheet, ESTIMATED_NOTE, style.font(8.5, bold=True), width, style.WARN, gap_after=4))
    blocks += table_blocks(sheet, "Capacity and cabin", CABIN_COLUMNS, cabin_rows(analysis, fmt), width)
    places = analysis.derived.seating.places
    findings = {f.rule_id: f for f in analysis.findings}
    rows = [seat_cells(p, len(design.package.rows[p.row].seats), fmt, findings) for p in places]
    blocks += table_blocks(sheet, "Seat locations", SEAT_COLUMNS, [*rows, total_cells(analysis, fmt)], width,
                           fills=[None] * len(rows) + [style.FAINT], gap_after=2.5)
    blocks.append(paragraph(sheet, counting_note(analysis.settings, fmt), style.font(7.4), width, style.MUTED,
                            gap_after=6))
    blocks += table_blocks(sheet, "Seat rows", ROW_COLUMNS,
                           [row_cells(analysis, i, fmt) for i in range(len(design.package.rows))], width,
                           gap_after=2.5)
    blocks.append(paragraph(
        sheet, "H-points are the seating reference points (SgRP) of SAE J1100: behind the front wheel centreline "
        "(negative ahead of it) and above the ground at curb mass; H30 is the H-point above the heel point on the "
        "floor. Effective headroom is the finding us.fit.headroom of each row: the distance from the H-point to the "
        f"headliner along a line {fmt.number(analysis.settings.headroom_line_deg, 1, trim=True)}° behind vertical, "
        f"plus {length_text(analysis.settings.headroom_offset_mm, fmt)} (both settings; SAE J1100 H61).",
        style.font(7.4), width, style.MUTED, gap_after=4))
    return blocks
