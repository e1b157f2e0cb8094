"""Field metadata shared by every design model.

Each numeric field carries a title, a unit, bounds, a display step and a one-line description in its pydantic
metadata, so that forms, reports and the JSON Schema are generated from one declaration.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    """Base of all design models: immutable, strict about unknown keys, no NaN or infinity."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, validate_default=True)


def quantity(
    *,
    title: str,
    unit: str,
    ge: float | None = None,
    gt: float | None = None,
    le: float,
    step: float,
    description: str,
) -> Any:
    """A required physical quantity with its unit, inclusive upper bound and display step.

    Every field is required, so a design file that omits one is refused rather than silently defaulted.
    """
    return Field(
        ...,
        title=title,
        description=description,
        ge=ge,
        gt=gt,
        le=le,
        json_schema_extra={"unit": unit, "step": step},
    )


def flag(*, title: str, description: str) -> Any:
    return Field(..., title=title, description=description)


def choice(*, title: str, description: str) -> Any:
    return Field(..., title=title, description=description)


def field_unit(model: type[BaseModel], name: str) -> str:
    extra = model.model_fields[name].json_schema_extra
    return extra.get("unit", "") if isinstance(extra, dict) else ""


def field_bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """(lower, upper) bounds of a numeric field, from its annotated constraints."""
    lo = hi = None
    for meta in model.model_fields[name].metadata:
        for attr in ("ge", "gt"):
            if getattr(meta, attr, None) is not None:
                lo = getattr(meta, attr)
        for attr in ("le", "lt"):
            if getattr(meta, attr, None) is not None:
                hi = getattr(meta, attr)
    return lo, hi
