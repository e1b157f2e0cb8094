"""Editable fields of a design, read from the models' metadata: what forms and the report's data tables are made of."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .fields import field_bounds
from .model import POWERTRAIN_KINDS, Design


@dataclass(frozen=True, slots=True)
class FieldSpec:
    path: str  # dotted path in the design: "dimensions.length_mm"
    title: str
    description: str
    kind: str  # "float" | "int" | "bool" | "choice" | "text"
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    step: float = 1.0
    optional: bool = False  # None allowed (estimated / automatic)
    choices: tuple[str, ...] = ()


GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Vehicle", ("name", "body_style", "us_class")),
    ("Dimensions", ("dimensions",)),
    ("Powertrain", ("powertrain",)),
    ("Structure & Safety", ("structure", "safety")),
    ("Front end", ("front_end",)),
    ("Mass & Occupancy", ("mass", "occupancy")),
    ("Road load", ("road_load",)),
    ("Lighting & Bumpers", ("lighting",)),
)


def _spec(path: str, model: type[BaseModel], name: str) -> FieldSpec:
    info = model.model_fields[name]
    annotation = info.annotation
    optional = False
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    common: dict[str, Any] = dict(path=path, title=info.title or name, description=info.description or "")
    if annotation is bool:
        return FieldSpec(kind="bool", **common)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return FieldSpec(kind="choice", choices=tuple(m.value for m in annotation), **common)
    if annotation is str:
        return FieldSpec(kind="text", **common)
    lo, hi = field_bounds(model, name)
    return FieldSpec(
        kind="int" if annotation is int else "float", unit=extra.get("unit", ""), minimum=lo, maximum=hi,
        step=float(extra.get("step", 1)), optional=optional, **common,
    )


def section_fields(section: str, powertrain_kind: str = "gas") -> list[FieldSpec]:
    """FieldSpecs of a top-level field or section of the design ('name', 'dimensions', 'powertrain', ...)."""
    info = Design.model_fields[section]
    if section == "powertrain":
        model = POWERTRAIN_KINDS[powertrain_kind]
    elif isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
        model = info.annotation
    else:
        return [_spec(section, Design, section)]
    return [_spec(f"{section}.{name}", model, name) for name in model.model_fields if name != "kind"]


def grouped_fields(powertrain_kind: str = "gas") -> list[tuple[str, list[FieldSpec]]]:
    return [
        (title, [spec for section in sections for spec in section_fields(section, powertrain_kind)])
        for title, sections in GROUPS
    ]
