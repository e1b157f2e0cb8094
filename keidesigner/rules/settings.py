"""User-visible rule settings: figures and readings the regulatory reference does not settle, with sensible defaults.

A setting feeds a `screening` or `advisory` rule, or says how a regulation's own figures are read; a regulation's
numbers themselves come from the reference and nowhere else.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ..design.fields import Frozen


class PairedReading(StrEnum):
    """How a limit the CFR states in two units that differ slightly ('40 km/h (25 mph)') is applied."""

    us = "us"  # the US customary figure: the one NHTSA's own interpretations state
    metric = "metric"  # the metric figure, written first in the CFR text
    either = "either"  # whichever of the two lets the vehicle pass


class Occupant(StrEnum):
    """Whose body the fit checks use. Sitting heights: the FMVSS 208 crash-test dummies (NHTSA, Hybrid III family)
    and, for the 95th-percentile male, the ANSUR II survey (docs/sources.md)."""

    male_50th = "male_50th"  # Hybrid III 50th-percentile male: sitting height 34.8 in (884 mm)
    female_5th = "female_5th"  # Hybrid III 5th-percentile female: 31.0 in (787 mm)
    male_95th = "male_95th"  # ANSUR II 95th-percentile male: 977 mm


# to the whole millimetre: 34.8 in = 883.92 mm, 31.0 in = 787.4 mm
SITTING_HEIGHT_MM = {Occupant.male_50th: 884.0, Occupant.female_5th: 787.0, Occupant.male_95th: 977.0}
OCCUPANT_LABEL = {Occupant.male_50th: "50th-percentile male (Hybrid III)",
                  Occupant.female_5th: "5th-percentile female (Hybrid III)",
                  Occupant.male_95th: "95th-percentile male (ANSUR II)"}


class RuleSettings(Frozen):
    frontal_decel_limit_g: float = Field(
        30.0,
        title="Frontal crash deceleration limit",
        gt=5,
        le=100,
        description=(
            "Average deceleration at 56 km/h that the front crush zone should keep under. No regulation states one; "
            "20–40 g is quoted as typical of severe impacts and 30 g needs about 0.41 m of crush."
        ),
        json_schema_extra={"unit": "g", "step": 0.5},
    )
    forward_control_r_point_mm: float = Field(
        1100.0, title="Forward-control R-point limit", ge=0, le=3000,
        description=(
            "UN R127 exempts N1 goods vehicles whose driver's R-point is ahead of the front axle or at most 1,100 mm "
            "behind it; whether NHTSA's proposed FMVSS 228 keeps such an exemption is not known. A design whose "
            "front row is within this distance behind the front axle gets 'applicability uncertain', never a pass "
            "or a fail, for pedestrian head impact."
        ),
        json_schema_extra={"unit": "mm", "step": 10},
    )
    head_zone_hard_share_pct: float = Field(
        0.0, title="Head zone on hard areas before a warning", ge=0, le=100,
        description=(
            "How much of a pedestrian head-impact zone (child WAD 1,000–1,700 mm, adult 1,700–2,100 mm) may lie on "
            "the windscreen base, cowl or beyond before the advice warns. No rule states one (proposed FMVSS 228 "
            "limits head injury, not geometry); 0 warns at any share."
        ),
        json_schema_extra={"unit": "%", "step": 1},
    )
    paired_units: PairedReading = Field(
        PairedReading.us,
        title="Limits stated in two units",
        description=(
            "Which figure applies where the CFR states a limit in metric and US units that differ by rounding "
            "(LSV: 40 km/h (25 mph), 1,361 kg (3,000 lb)). No NHTSA text found says which governs; NHTSA calls its "
            "metric figures equivalent, not exact, conversions that were not meant to change stringency "
            "(interpretation 18432.drn; 60 FR 13639) and states the LSV limits in its own letters as 25 mph and "
            "3,000 lb (interpretation 08-006170as). Default: the US customary figure."
        ),
    )
    dsp_narrow_divisor_mm: float = Field(
        350.0, title="Seat width per position below 1,400 mm", ge=200, le=700,
        description=(
            "49 CFR 571.10 counts the designated seating positions of a seat location narrower than 1,400 mm by "
            "dividing its seating surface width by a figure; 350 mm is recalled but was not read in the CFR text "
            "(the 330 mm threshold and the 1,400 mm split are confirmed), so the count is a screening."
        ),
        json_schema_extra={"unit": "mm", "step": 5},
    )
    dsp_wide_divisor_mm: float = Field(
        450.0, title="Seat width per position from 1,400 mm", ge=200, le=900,
        description="The 571.10 divisor for seat locations 1,400 mm wide or more; 450 mm is recalled, not confirmed.",
        json_schema_extra={"unit": "mm", "step": 5},
    )
    occupant: Occupant = Field(
        Occupant.male_50th, title="Occupant for the fit checks",
        description=(
            "Whose sitting height the headroom check uses: the Hybrid III 50th-percentile male (884 mm) or 5th-"
            "percentile female (787 mm) that FMVSS 208 crash tests seat, or the ANSUR II 95th-percentile male "
            "(977 mm)."
        ),
    )
    headroom_line_deg: float = Field(
        8.0, title="Headroom line behind vertical", ge=0, le=30,
        description=(
            "Effective headroom (SAE J1100 H61) is measured along a line this far rearward of vertical from the "
            "H-point to the headliner; 8° is quoted by third-party sources, not read in J1100."
        ),
        json_schema_extra={"unit": "°", "step": 0.5},
    )
    headroom_offset_mm: float = Field(
        102.0, title="Headroom added below the H-point", ge=0, le=250,
        description=(
            "J1100 H61 adds this to the distance from the H-point to the headliner, for the seat surface below the "
            "H-point; 102 mm (4 in) is quoted by third-party sources, not read in J1100."
        ),
        json_schema_extra={"unit": "mm", "step": 1},
    )
    head_clearance_mm: float = Field(
        0.0, title="Head clearance", ge=0, le=300,
        description="Space demanded between the occupant's head and the headliner; no rule states one.",
        json_schema_extra={"unit": "mm", "step": 5},
    )
    thigh_mm: float = Field(
        401.0, title="Thigh length (H-point to knee)", ge=250, le=600,
        description=(
            "The SAE J826 H-point machine's thigh segment as a Canadian safety regulation sets it (401 mm), from "
            "the H-point to the knee pivot; the knee check holds it level, its longest reach."
        ),
        json_schema_extra={"unit": "mm", "step": 1},
    )
    knee_clearance_mm: float = Field(
        60.0, title="Knee clearance", ge=0, le=300,
        description=(
            "Space demanded between the knee pivot and the seat back ahead. The knee itself reaches about half its "
            "depth beyond the pivot: (buttock–knee − buttock–popliteal length) / 2 = 57.5 mm for the ANSUR II "
            "50th-percentile male; no rule states a clearance."
        ),
        json_schema_extra={"unit": "mm", "step": 5},
    )
