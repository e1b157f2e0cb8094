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
