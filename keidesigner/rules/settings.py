"""User-visible rule settings: limits the regulatory reference does not give, with sensible defaults.

Every setting here feeds a `screening` or `advisory` rule only; a regulation rule takes its numbers from the
reference and nowhere else.
"""

from __future__ import annotations

from pydantic import Field

from ..design.fields import Frozen


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
