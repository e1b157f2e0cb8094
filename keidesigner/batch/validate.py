"""Which variants the model refuses, and the field it names, decided over arrays as pydantic decides it.

`Design.model_validate` reports errors in a fixed order, and `design.edit.problem` names the first: the fields of each
model in declaration order (nested models and the items of a tuple in place, each field's own constraints: a finite
number, a whole number, then its ge/gt/le/lt bounds), and after a model's fields, if none of them failed, that
model's validator, its conditions in the order the code tests them; Design's own validator comes last. So the
refusal a variant gets is its first failing check in one linear list (`checks`), and `first_failure` finds it with one
array operation per check. Only checks that read a varied field can fail (the base design is valid).

Each model validator's conditions are mirrored below next to the names of its model and method, operation for
operation (math.cos and math.tan through batch.exact), with the fields its condition and its message read, so that
variants that agree on those fields get the same message (engine.py renders one per group). A model validator the
twins here do not know makes `checks` return None: the engine then validates every variant through the model.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from pydantic import BaseModel

from ..design import Design
from ..design.model import (
    MIN_BODY_ABOVE_CLEARANCE_MM,
    SYSTEM_POWER_SLACK_KW,
    Dimensions,
    HybridPowertrain,
)
from ..design.package import ROW_WIDTH_SLACK_MM, Package, SeatKind, SeatLocation
from ..design.plan import CompliancePlan, PlanEntry
from .columns import Columns
from .exact import cos_deg, tan_deg


@dataclass(frozen=True)
class Check:
    """One way a variant can be refused: the field the refusal names, what kind of refusal, the fields its condition
    and message read, and the condition (True where it fails: a bool array (n,) or a bool)."""

    path: str
    kind: str  # "finite", "whole", "ge", "gt", "le", "lt" (a field's own constraint) or "model" (a validator)
    inputs: tuple[str, ...]
    fails: Callable[[Columns], Any]

    @property
    def constant_message(self) -> bool:
        """A field constraint's message does not depend on the value ('Input should be less than or equal to
        6000'); a validator's does."""
        return self.kind != "model"


def _not(x: Any) -> Any:
    return np.logical_not(x)


def _between(low: Any, value: Any, high: Any, strict: bool) -> Any:
    """low <= value <= high (or with <) as Python chains it."""
    if strict:
        return np.logical_and(np.less(low, value), np.less(value, high))
    return np.logical_and(np.less_equal(low, value), np.less_equal(value, high))


# --- a field's own constraints ---------------------------------------------------------------------------------

def _annotation_types(info) -> tuple[type, ...]:
    annotation = info.annotation
    args = typing.get_args(annotation)
    return tuple(a for a in args if a is not type(None)) if args else (annotation,)


def field_checks(info, path: str, whole_number_input: bool) -> list[Check]:
    """The constraints of the field `path` (its FieldInfo `info`) as pydantic tests them. `whole_number_input`:
    the variants hand it an int (its base value is one), else a float."""
    out: list[Check] = []
    is_int = int in _annotation_types(info)
    if not whole_number_input:
        out.append(Check(path, "finite", (), lambda c: _not(np.isfinite(c[path]))))
        if is_int:
            out.append(Check(path, "whole", (), lambda c: np.not_equal(c[path], np.trunc(c[path]))))
    for meta in info.metadata:
        for kind, fails in (("ge", np.less), ("gt", np.less_equal), ("le", np.greater), ("lt", np.greater_equal)):
            bound = getattr(meta, kind, None)
            if bound is not None:
                out.append(Check(path, kind, (), lambda c, fails=fails, bound=bound: fails(c[path], bound)))
    return out


# --- model validators, in their models' order ------------------------------------------------------------------

def _dimensions(p: str, model: Dimensions) -> list[Check]:
    """Dimensions._fits_together."""
    length, width, height, wheelbase, overhang, front_track, rear_track, clearance, diameter, tyre = (
        f"{p}.{n}" for n in ("length_mm", "width_mm", "height_mm", "wheelbase_mm", "front_overhang_mm",
                             "front_track_mm", "rear_track_mm", "ground_clearance_mm", "tire_diameter_mm",
                             "tire_width_mm"))
    out = [
        Check(overhang, "model", (overhang, diameter), lambda c: np.less(c[overhang], c[diameter] / 2)),
        Check(wheelbase, "model", (length, wheelbase, overhang, diameter),
              lambda c: np.less(c[length] - c[wheelbase] - c[overhang], c[diameter] / 2)),
    ]
    for track in (front_track, rear_track):
        out.append(Check(track, "model", (track, tyre, width),
                         lambda c, track=track: np.greater(c[track] + c[tyre], c[width])))
    out.append(Check(height, "model", (height, clearance),
                     lambda c: np.less(c[height] - c[clearance], MIN_BODY_ABOVE_CLEARANCE_MM)))
    out.append(Check(diameter, "model", (diameter, height), lambda c: np.greater_equal(c[diameter], c[height])))
    return out


def _hybrid(p: str, model: HybridPowertrain) -> list[Check]:
    """HybridPowertrain._system_power_possible."""
    system, engine, motor = (f"{p}.{n}" for n in ("system_power_kw", "engine_power_kw", "motor_power_kw"))
    return [Check(system, "model", (system, engine, motor),
                  lambda c: np.greater(c[system], c[engine] + c[motor] + SYSTEM_POWER_SLACK_KW))]


def _seat(p: str, model: SeatLocation) -> list[Check]:
    """SeatLocation._anchorages_at_positions."""
    latch, tether, declared = (f"{p}.{n}" for n in ("latch_positions", "tether_positions", "declared_positions"))
    out = [Check(tether, "model", (latch, tether), lambda c: np.greater(c[latch], c[tether])),
           Check(tether, "model", (tether, declared), lambda c: np.greater(c[tether], c[declared]))]
    if model.kind is SeatKind.bucket:
        out.append(Check(declared, "model", (declared,), lambda c: np.greater(c[declared], 1)))
    return out


def _package(p: str, model: Package) -> list[Check]:
    """Package._rows_fit."""
    cabin, headliner = f"{p}.cabin_width_mm", f"{p}.headliner_height_mm"
    out = []
    for i, row in enumerate(model.rows):
        r = f"{p}.rows.{i}"
        widths = tuple(f"{r}.seats.{j}.seating_width_mm" for j in range(len(row.seats)))
        gap, count = f"{r}.seat_gap_mm", len(row.seats)

        def occupied(c: Columns, widths=widths, gap=gap, count=count) -> Any:  # SeatRow.occupied_width_mm
            out_: Any = 0
            for w in widths:
                out_ = out_ + c[w]
            return out_ + c[gap] * (count - 1)

        out.append(Check(f"{r}.seats" if count > 1 else f"{r}.seats.0.seating_width_mm", "model",
                         (*widths, gap, cabin),
                         lambda c, occupied=occupied: np.greater(occupied(c), c[cabin] + ROW_WIDTH_SLACK_MM)))
        z = f"{r}.h_point_z_mm"
        out.append(Check(z, "model", (z, headliner), lambda c, z=z: np.greater_equal(c[z], c[headliner])))
        if i:
            x, ahead = f"{r}.h_point_x_mm", f"{p}.rows.{i - 1}.h_point_x_mm"
            out.append(Check(x, "model", (x, ahead), lambda c, x=x, ahead=ahead: np.less_equal(c[x], c[ahead])))
    return out


def _design(model: Design, varied: tuple[str, ...]) -> list[Check]:
    """Design._parts_agree, with _package_fits and _front_end_fits."""
    length, width, height, overhang, clearance = (f"dimensions.{n}" for n in (
        "length_mm", "width_mm", "height_mm", "front_overhang_mm", "ground_clearance_mm"))
    out = []
    for name in ("headlamp_height_mm", "tail_lamp_height_mm", "bumper_height_mm", "chmsl_height_mm"):
        lamp = f"lighting.{name}"
        out.append(Check(lamp, "model", (lamp, clearance, height),
                         lambda c, lamp=lamp: _not(_between(c[clearance], c[lamp], c[height], False))))
    cg = "mass.cg_height_mm"
    if model.mass.cg_height_mm is not None or cg in varied:
        out.append(Check(cg, "model", (cg, height), lambda c: np.greater_equal(c[cg], c[height])))
    # _package_fits
    cabin, headliner = "package.cabin_width_mm", "package.headliner_height_mm"
    out.append(Check(cabin, "model", (cabin, width), lambda c: np.greater_equal(c[cabin], c[width])))
    out.append(Check(headliner, "model", (headliner, height), lambda c: np.greater_equal(c[headliner], c[height])))
    for i, row in enumerate(model.package.rows):
        r = f"package.rows.{i}"
        x, z, angle, seat_height = (f"{r}.{n}" for n in ("h_point_x_mm", "h_point_z_mm", "back_angle_deg",
                                                         "seat_height_mm"))
        out.append(Check(x, "model", (x, overhang, length),
                         lambda c, x=x: _not(_between(0, c[overhang] + c[x], c[length], True))))
        for j, seat in enumerate(row.seats):
            restraint = f"{r}.seats.{j}.head_restraint_mm"
            if seat.head_restraint_mm is None and restraint not in varied:
                continue
            out.append(Check(restraint, "model", (restraint, z, angle, headliner),
                             lambda c, restraint=restraint, z=z, angle=angle: np.greater(
                                 c[z] + c[restraint] * cos_deg(c[angle]), c[headliner])))
        out.append(Check(seat_height, "model", (z, seat_height, clearance),
                         lambda c, z=z, seat_height=seat_height: np.less(c[z] - c[seat_height], c[clearance])))
    # _front_end_fits
    firewall, block, cowl_x, cowl_z, rake, rail = (f"front_end.{n}" for n in (
        "firewall_x_mm", "block_length_mm", "cowl_x_mm", "cowl_height_mm", "windscreen_rake_deg", "rail_offset_mm"))
    front_track, tyre = "dimensions.front_track_mm", "dimensions.tire_width_mm"
    front_row = "package.rows.0.h_point_x_mm"
    out += [
        Check(firewall, "model", (firewall, overhang, length),
              lambda c: _not(_between(0, c[overhang] + c[firewall], c[length], True))),
        Check(block, "model", (block, overhang, firewall),
              lambda c: np.greater_equal(c[block], c[overhang] + c[firewall])),
    ]
    for name in ("bonnet_leading_edge_height_mm", "cowl_height_mm"):
        edge = f"front_end.{name}"
        out.append(Check(edge, "model", (edge, clearance, height),
                         lambda c, edge=edge: _not(_between(c[clearance], c[edge], c[height], True))))
    out += [
        Check(cowl_x, "model", (cowl_x, overhang, length),
              lambda c: _not(_between(0, c[overhang] + c[cowl_x], c[length], True))),
        Check(rake, "model", (rake, overhang, cowl_x, height, cowl_z, length),
              lambda c: np.greater_equal(c[overhang] + c[cowl_x] + (c[height] - c[cowl_z]) * tan_deg(c[rake]),
                                         c[length])),
        Check(rail, "model", (rail, front_track, tyre),
              lambda c: np.greater_equal(c[rail], (c[front_track] - c[tyre]) / 2)),
        Check(cowl_x, "model", (cowl_x, front_row), lambda c: np.greater_equal(c[cowl_x], c[front_row])),
        Check(firewall, "model", (firewall, front_row), lambda c: np.less_equal(c[front_row], c[firewall])),
    ]
    return out


# The model validators mirrored above, by model; the validators of models whose numbers cannot vary (text, choices)
# have nothing to mirror. Any other validator is unknown: `checks` returns None.
TWINNED: dict[type[BaseModel], tuple[frozenset[str], Callable | None]] = {
    Dimensions: (frozenset({"_fits_together"}), _dimensions),
    HybridPowertrain: (frozenset({"_system_power_possible"}), _hybrid),
    SeatLocation: (frozenset({"_anchorages_at_positions"}), _seat),
    Package: (frozenset({"_rows_fit"}), _package),
    Design: (frozenset({"_parts_agree", "_one_printable_line", "_text_lines"}), None),  # _design, after every field
    PlanEntry: (frozenset({"_a_standard_number", "_one_line", "_declared_says_how"}), None),  # text and choices
    CompliancePlan: (frozenset({"_one_entry_a_standard"}), None),  # the entries' standards (text)
}


def _validators(model: type[BaseModel]) -> frozenset[str]:
    decorators = model.__pydantic_decorators__
    return frozenset(decorators.model_validators) | frozenset(decorators.field_validators)


def unknown_validators(model: type[BaseModel]) -> frozenset[str]:
    known = TWINNED.get(model, (frozenset(), None))[0]
    return _validators(model) - known


class NoTwin(Exception):
    """The model validates something the checks here do not mirror."""


def checks(base: Design, varied: tuple[str, ...]) -> tuple[Check, ...] | None:
    """Every check a variant of `base` varying `varied` could fail, in the order pydantic reports them; None when
    the model holds a validator with no twin here, or a varied field is not a number field (Variants allows none)."""
    out: list[Check] = []
    varied_set = frozenset(varied)
    try:
        _walk(base, "", out, varied_set)
    except NoTwin:
        return None
    out += _design(base, varied)
    return tuple(c for c in out if c.kind != "model" or any(i in varied_set for i in c.inputs))


def _walk(model: BaseModel, prefix: str, out: list[Check], varied: frozenset[str]) -> None:
    cls = type(model)
    if unknown_validators(cls):
        raise NoTwin(cls.__name__)
    for name, info in cls.model_fields.items():
        path = f"{prefix}{name}"
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            _walk(value, path + ".", out, varied)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _walk(item, f"{path}.{i}.", out, varied)
        elif path in varied:
            if not {int, float} & set(_annotation_types(info)):
                raise NoTwin(path)
            out += field_checks(info, path, isinstance(value, int) and not isinstance(value, bool))
    mirror = TWINNED[cls][1] if cls in TWINNED else None
    if mirror is not None:
        out += mirror(prefix.removesuffix("."), model)


def first_failure(cols: Columns, checks_: tuple[Check, ...]) -> np.ndarray:
    """int32 (n,): the index in `checks_` of each variant's first failing check, -1 where none fails (valid)."""
    code = np.full(cols.n, -1, dtype=np.int32)
    for k in range(len(checks_) - 1, -1, -1):  # last first, so that the earliest failing check is written last
        fails = checks_[k].fails(cols)
        if np.ndim(fails) == 0:
            if fails:
                code[:] = k
        else:
            np.putmask(code, fails, k)
    return code
