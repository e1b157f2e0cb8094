"""The front end table: where the passenger compartment begins, what does not crush ahead of it, the crush length
derived from them, the bonnet and windscreen that the pedestrian WAD lines run over, and the front rails against the
small-overlap band. In the occupant package section, after the seat rows; lengths as occupants.py writes them (US
units with the stored millimetres in brackets).
"""

from __future__ import annotations

from ..analysis import Analysis
from ..design.units import Formatter
from . import style
from .drawing_front import SMALL_OVERLAP_SHARE
from .flow import Block
from .layout import Sheet
from .occupants import BODY_PT, CABIN_COLUMNS, SMALL_PT, _length_cell, _text_cell
from .tables import Cell, table_blocks

TITLE = "Front end"


def rail_in_band(analysis: Analysis) -> bool:
    """Whether the front rails (their centre lines) lie in the small-overlap band: 25 % of the vehicle width in from
    each side."""
    width = analysis.design.dimensions.width_mm
    return analysis.design.front_end.rail_offset_mm >= width / 2 - SMALL_OVERLAP_SHARE * width


def front_end_rows(analysis: Analysis, fmt: Formatter) -> list[list[list[Cell]]]:
    """Figure, value, what it is: the front end fields, the derived crush length and the small-overlap band."""
    fe, width = analysis.design.front_end, analysis.design.dimensions.width_mm
    small = style.font(SMALL_PT)

    def line(title: str, value: list[Cell], what: str) -> list[list[Cell]]:
        return [_text_cell(title), value, [Cell(what, small, style.MUTED)]]

    band = SMALL_OVERLAP_SHARE * width
    inside = rail_in_band(analysis)
    return [
        line("Firewall behind front axle", _length_cell(fe.firewall_x_mm, fmt),
             "where the passenger compartment begins (negative: ahead of the front wheel centre line)"),
        line("Rigid block ahead of firewall", _length_cell(fe.block_length_mm, fmt),
             "engine or motor unit that does not crush"),
        line("Crush length", _length_cell(analysis.derived.crush_length_mm, fmt, bold=True),
             "bumper face to firewall, less the rigid block (derived)"),
        line("Bonnet leading edge height", _length_cell(fe.bonnet_leading_edge_height_mm, fmt),
             "top of the front face, where the bonnet begins"),
        line("Windscreen base behind front axle", _length_cell(fe.cowl_x_mm, fmt), "the cowl point"),
        line("Windscreen base height", _length_cell(fe.cowl_height_mm, fmt), "the cowl point above the ground"),
        line("Windscreen rake", [Cell(f"{fmt.number(fe.windscreen_rake_deg, 1, trim=True)}°", style.font(BODY_PT),
                                      style.INK)], "from the vertical in side view"),
        line("Front rail offset", _length_cell(fe.rail_offset_mm, fmt),
             "each rail's centre line from the vehicle's: "
             + ("inside the small-overlap band" if inside else "inboard of the small-overlap band")),
        line("Small-overlap band width", _length_cell(band, fmt),
             f"{SMALL_OVERLAP_SHARE:.0%} of the vehicle width at each front corner (IIHS small overlap, consumer "
             "information)"),
    ]


def front_end_blocks(sheet: Sheet, analysis: Analysis, fmt: Formatter, width: float) -> list[Block]:
    return table_blocks(sheet, TITLE, CABIN_COLUMNS, front_end_rows(analysis, fmt), width, gap_after=4)
