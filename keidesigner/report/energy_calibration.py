"""How well the energy model predicts real cars: the leave-one-out table of the design's powertrain and the share of
cars predicted within ±15 %, for that powertrain and for the whole calibration set.

The figures are the bundled calibration's (keidesigner.energy.calibration: `bundled().held_out`, `share_within`,
`band`), computed from the EPA unadjusted results of fueleconomy.gov; the cars and their sources are listed in
docs/calibration-set.md of the KeiDesigner project.
"""

from __future__ import annotations

from ..design.units import Formatter
from ..energy.calibration import BAND_PERCENTILES, Calibration, HeldOut, bundled
from . import style
from .flow import Block, paragraph
from .layout import RIGHT, Sheet
from .tables import Cell, Column, keep_units, table_blocks

TOLERANCE = 0.15  # the accuracy the section states: predicted within ±15 % of EPA's figure
SOURCES = "docs/calibration-set.md"
BODY_PT = 7.4


def columns(unit: str) -> list[Column]:
    return [Column("Car", 46), Column(f"EPA combined, unadjusted ({unit})", 20, RIGHT),
            Column(f"Predicted ({unit})", 18, RIGHT), Column("Error", 14, RIGHT)]


def _economy(fmt: Formatter, value: float, unit: str) -> str:
    return fmt.number(value, 0 if unit == "MPGe" else 1)  # as the estimate's rows write mpg and MPGe


def _percent(fmt: Formatter, share: float) -> str:
    return keep_units(fmt.value(100 * share, "%", places=0))


def _error(fmt: Formatter, error: float) -> str:
    """A relative error as a signed percentage: '+6.5 %', '-11.6 %'."""
    return keep_units(fmt.signed(100 * error, "%", 1))


def held_out_cells(h: HeldOut, unit: str, fmt: Formatter) -> list[list[Cell]]:
    """One car: its name, EPA's combined figure, the prediction of factors fitted without it, and the error (in the
    warning colour beyond the tolerance)."""
    body = style.font(BODY_PT)
    outside = abs(h.error) > TOLERANCE
    return [[Cell(h.name, body)], [Cell(_economy(fmt, h.epa_combined, unit), body)],
            [Cell(_economy(fmt, h.predicted_combined, unit), body)],
            [Cell(_error(fmt, h.error), style.font(BODY_PT, bold=outside),
                  style.WARN if outside else style.INK)]]


def accuracy_text(calibration: Calibration, powertrain: str, fmt: Formatter) -> str:
    """'Predicted within ±15 %: 4 of 4 gas cars (100 %); 12 of 13 cars of all powertrains (92 %).'"""
    def count(rows: list[HeldOut]) -> str:
        within = sum(abs(h.error) <= TOLERANCE for h in rows)
        return f"{fmt.number(within, 0)} of {fmt.number(len(rows), 0)}"

    own = [h for h in calibration.held_out if h.powertrain == powertrain]
    return (f"Predicted within ±{_percent(fmt, TOLERANCE)}: {count(own)} {powertrain} cars "
            f"({_percent(fmt, calibration.share_within(TOLERANCE, powertrain))}); "
            f"{count(list(calibration.held_out))} cars of all powertrains "
            f"({_percent(fmt, calibration.share_within(TOLERANCE))}).")


def method_text(calibration: Calibration, powertrain: str, fmt: Formatter) -> str:
    """How the table is made, the powertrain's band, and where the cars' figures come from."""
    low, high = calibration.band[powertrain]
    p_low, p_high = (f"{p:.0f}th" for p in BAND_PERCENTILES)
    return (f"Each car predicted with factors fitted on the others; the band is the {p_low}–{p_high} percentile of "
            f"these errors ({powertrain}: {_error(fmt, low)} to {_error(fmt, high)}). "
            "Combined: EPA's unadjusted city and highway results combined 55/45, as the estimate's unadjusted "
            f"combined. The cars' specifications and EPA results, each with its source: {SOURCES} in the "
            f"KeiDesigner project. FASTSim {calibration.fastsim_version}.")


def calibration_blocks(sheet: Sheet, powertrain: str, fmt: Formatter, width: float,
                       calibration: Calibration | None = None) -> list[Block]:
    """The leave-one-out table of `powertrain`'s calibration cars, the accuracy line and the method under it."""
    calibration = calibration or bundled()
    unit = "MPGe" if powertrain == "electric" else "mpg"
    rows = [held_out_cells(h, unit, fmt) for h in calibration.held_out if h.powertrain == powertrain]
    title = f"Calibration set and accuracy: {powertrain} cars, leave-one-out"
    blocks = table_blocks(sheet, title, columns(unit), rows, width, gap_after=2.5)
    blocks[-1].keep_with_next = True  # the last car does not leave the accuracy line alone on a page
    blocks.append(paragraph(sheet, keep_units(accuracy_text(calibration, powertrain, fmt)), style.font(8, bold=True),
                            width, gap_after=1.5))
    blocks.append(paragraph(sheet, keep_units(method_text(calibration, powertrain, fmt)), style.font(7.6), width,
                            style.MUTED, gap_after=4))
    return blocks
