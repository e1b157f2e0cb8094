"""Edits produce new validated designs; a design is never mutated.

`model_copy(update=...)` skips validation, so every edit goes through `Design.model_validate` of the updated dict.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import ValidationError

from ..common import UserError
from .message import FieldValueError, Msg
from .model import POWERTRAIN_KINDS, Design
from .units import Formatter


class EditError(UserError, ValueError):
    """An edit that would make the design invalid: `path` names the field, `message` says why (a Msg, rendered
    with the caller's formatter); str() is one line 'path: why' in English digits."""

    def __init__(self, path: str, message: Msg | str) -> None:
        self.path = path
        self.message = message if isinstance(message, Msg) else Msg("{0}", message)
        super().__init__(reason_line(path, self.message))

    def render(self, fmt: Formatter) -> str:
        """The reason alone (without the path), with the caller's digits and units, for a message beside a field."""
        return self.message.render(fmt)


def reason_line(path: str, why: Msg) -> str:
    """A refusal as one line: 'path: why' (the reason alone without a path) in English digits, as str(EditError)
    and a sweep's `invalid_reason` read it."""
    return f"{path}: {why.render()}" if path else why.render()


def shown_key(key: object) -> str:
    """A key from a file as it may appear in a one-line message: quoted when it holds line breaks or controls."""
    text = str(key)
    return text if text.isprintable() else repr(text)


def problem(error: ValidationError) -> tuple[str, Msg]:
    """The first validation problem as (dotted field path, why). Our own validators' refusals (FieldValueError) give
    their Msg as it is, the field path their model's location plus the field they name (a powertrain's kind left
    out); pydantic's own ('Input should be ...') their text without the 'Value error, ' it puts before a plain
    ValueError's."""
    first = error.errors()[0]
    loc = [shown_key(p) for p in first["loc"] if p not in ("gas", "electric", "hybrid")]
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, FieldValueError):  # our own validators name the field relative to their model
        return ".".join([*loc, *([cause.field] if cause.field else [])]), cause.message
    return ".".join(loc), Msg("{0}", first["msg"].removeprefix("Value error, "))


def one_line(error: ValidationError) -> str:
    """The first validation problem as 'field.path: message'."""
    return reason_line(*problem(error))


def get_value(design: Design, path: str) -> Any:
    """The value at a dotted path; a number indexes a list ('package.rows.0.seats.1.belt')."""
    node: Any = design
    for part in path.split("."):
        node = node[int(part)] if part.isdigit() else getattr(node, part)
    return node


def _item_model(annotation: Any) -> Any:
    """The model of a tuple field's items (tuple[SeatRow, ...] -> SeatRow)."""
    args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
    return args[0] if args else annotation


def field_info(path: str, design: Design | None = None):
    """The pydantic FieldInfo for a dotted path ('dimensions.length_mm', 'package.rows.0.seats.1.belt');
    powertrain fields need the design."""
    *parents, leaf = path.split(".")
    model: Any = Design
    for part in parents:
        if part.isdigit():
            continue  # the list's item model was taken with the list
        if part == "powertrain":
            kind = design.powertrain.kind if design is not None else "gas"
            model = POWERTRAIN_KINDS[kind]
        else:
            annotation = model.model_fields[part].annotation
            model = _item_model(annotation) if typing.get_origin(annotation) is tuple else annotation
    return model.model_fields[leaf]


def _set_in(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node: Any = data
    for part in parents:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and isinstance(node.get(part), (dict, list)):
            node = node[part]
        else:
            raise EditError(path, "no such field")
    if not isinstance(node, dict) or leaf not in node:
        raise EditError(path, "no such field")
    node[leaf] = value


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _lists(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_lists(v) for v in node]
    return node


def plain(design: Design) -> dict[str, Any]:
    """The design as nested dicts and lists (model_dump gives tuples for the package's rows and seats), to edit
    and validate again."""
    return _lists(design.model_dump())


def validated(data: dict[str, Any]) -> Design:
    """A design from plain data; raises EditError naming the first field refused."""
    try:
        return Design.model_validate(data)
    except ValidationError as exc:
        raise EditError(*problem(exc)) from None


def with_values(design: Design, changes: dict[str, Any]) -> Design:
    """A new design with the dotted-path fields set, validated; raises EditError with a one-line message."""
    data = plain(design)
    for path, value in changes.items():
        _set_in(data, path, value)
    return validated(data)


def with_value(design: Design, path: str, value: Any) -> Design:
    return with_values(design, {path: value})


# Typical kei figures used when a powertrain is switched to a kind that lacks a field (reference section D:
# Nissan Sakura 47 kW / 20 kWh; a 660 cc engine; a small fuel tank).
_SWITCH_DEFAULTS: dict[str, Any] = {
    "displacement_cc": 658,
    "engine_power_kw": 47,
    "motor_power_kw": 47,
    "battery_kwh": 20,
    "pack_voltage_v": 350,
    "fuel_tank_l": 27,
    "top_speed_kmh": 130,
}


def switch_powertrain(design: Design, kind: str, remembered: dict[str, Any] | None = None) -> Design:
    """The design with a powertrain of another kind, keeping every shared field; the others are taken from
    `remembered` (what this design had the last time it had that kind, so gas -> electric -> gas returns to where it
    started), else filled sensibly (power carried across, typical kei figures)."""
    if kind == design.powertrain.kind:
        return design
    if kind not in POWERTRAIN_KINDS:
        raise EditError("powertrain.kind", f"'{kind}' is not one of {', '.join(POWERTRAIN_KINDS)}")
    old = design.powertrain.model_dump()
    target = POWERTRAIN_KINDS[kind]
    new: dict[str, Any] = {"kind": kind}
    for name in target.model_fields:
        if name == "kind":
            continue
        if name in old:
            new[name] = old[name]
        elif remembered and name in remembered:
            new[name] = remembered[name]
        elif name == "system_power_kw":
            new[name] = max(old.get("engine_power_kw", 0), old.get("motor_power_kw", 0)) or 47
        elif name == "motor_power_kw" and kind == "electric":
            new[name] = old.get("engine_power_kw", _SWITCH_DEFAULTS[name])
        else:
            new[name] = _SWITCH_DEFAULTS[name]
    if kind == "hybrid":
        new["system_power_kw"] = min(new["system_power_kw"], new["engine_power_kw"] + new["motor_power_kw"])
    data = design.model_dump()
    data["powertrain"] = new
    return validated(data)
