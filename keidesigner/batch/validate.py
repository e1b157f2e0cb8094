"""Which variants the model refuses, and the field it names, decided over arrays as pydantic decides it.

`Design.model_validate` reports errors in a fixed order, and `design.edit.problem` names the first: the fields of each
model in declaration order (nested models and the items of a tuple in place, each field's own constraints: a finite
number, a whole number, then its ge/gt/le/lt bounds), and after a model's fields, if none of them failed, that
model's validator, its conditions in the order the code tests them; Design's own validator comes last. So the
refusal a variant gets is its first failing check in one linear list (`checks`), and `first_failure` finds it with one
array operation per check. Only checks that read a varied field can fail (the base design is valid).

Each model validator's conditions are mirrored below next to the names of its model and method, operation for
operation (math.cos and math.tan through batch.exact), with the fields its condition and its message read, so that
variants that agree on those fields get the same message (engine.py renders one per group). Each condition's check
carries the message function the validator itself calls (design/model.py, package.py: `no_rear_overhang_message`
...) and the fields whose values the validator passes it, so `Check.reasons` writes a refused variant's reason with
the model's own code and without building the model. A model validator the twins here do not know makes `checks`
return None: the engine then validates every variant through the model.
"""

from __future__ import annotations

import itertools
import typing
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Union

import numpy as np
from pydantic import BaseModel

from ..design import Design
from ..design import model as design_model
from ..design import package as design_package
from ..design.edit import reason_line
from ..design.message import Msg
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

Read = Union[str, tuple[str, ...]]  # a field whose value a message function takes, or fields whose values it takes
# as one tuple (a row's seat widths)


@dataclass(frozen=True)
class Check:
    """One way a variant can be refused: the field the refusal names, what kind of refusal, the fields its condition
    and message read, and the condition (True where it fails: a bool array (n,) or a bool).

    A validator's check also holds the message function its validator calls (`says`, returning a Msg) and what the
    validator passes it (`reads`, positionally), so that `reasons` renders the model's text; a field constraint's
    check holds none (pydantic writes its text, the same for every value)."""

    path: str
    kind: str  # "finite", "whole", "ge", "gt", "le", "lt" (a field's own constraint) or "model" (a validator)
    inputs: tuple[str, ...]
    fails: Callable[[Columns], Any]
    says: Callable[..., Msg] | None = None
    reads: tuple[Read, ...] = ()

    @property
    def constant_message(self) -> bool:
        """A field constraint's message does not depend on the value ('Input should be less than or equal to
        6000'); a validator's does."""
        return self.kind != "model"

    def reasons(self, cols: Columns, rows: np.ndarray) -> list[str]:
        """The one-line reason ('path: why', English digits; str(EditError)) the model gives each variant of
        `rows` (int (k,), indices into `cols`) that this check refuses: `says` called with the values the model
        holds at `reads`. Raises TypeError for a check without a message function (a field constraint)."""
        if self.says is None:
            raise TypeError(f"the check of {self.path} ({self.kind}) has no message function")
        count = len(rows)
        if not self.reads:
            return [reason_line(self.path, self.says())] * count
        args = [_held_tuples(cols, r, rows) if isinstance(r, tuple) else _held(cols, r, rows) for r in self.reads]
        return [reason_line(self.path, self.says(*values)) for values in zip(*args)]


def _held(cols: Columns, path: str, rows: np.ndarray) -> Iterable[Any]:
    """The values the model holds at `path` for the variants `rows` (k of them): a varied field's Python floats, or
    ints where `Variants` hands the model an int (the base holds one; the column is already truncated), or the
    base design's own value k times."""
    base = cols.base[path]
    if not cols.varies(path):
        return itertools.repeat(base, len(rows))
    values = cols[path][rows].tolist()
    if isinstance(base, int) and not isinstance(base, bool):
        return [int(v) for v in values]
    return values


def _held_tuples(cols: Columns, paths: tuple[str, ...], rows: np.ndarray) -> Iterable[tuple[Any, ...]]:
    return zip(*(_held(cols, p, rows) for p in paths))


def _refusal(path: str, inputs: tuple[str, ...], fails: Callable[[Columns], Any], says: Callable[..., Msg],
             reads: tuple[Read, ...] | None = None) -> Check:
    """A validator's check: `says` is called with the values of `reads`, by default the fields of `inputs` in their
    order (which is then the message function's)."""
    return Check(path, "model", inputs, fails, says, inputs if reads is None else reads)


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
# The message functions are looked up in their modules as the checks are made, as the validators look them up as
# they run: one replaced in its module (tests/batch/test_reasons.py) reaches the model and its twin alike.

def _dimensions(p: str, model: Dimensions) -> list[Check]:
    """Dimensions._fits_together."""
    length, width, height, wheelbase, overhang, front_track, rear_track, clearance, diameter, tyre = (
        f"{p}.{n}" for n in ("length_mm", "width_mm", "height_mm", "wheelbase_mm", "front_overhang_mm",
                             "front_track_mm", "rear_track_mm", "ground_clearance_mm", "tire_diameter_mm",
                             "tire_width_mm"))
    out = [
        _refusal(overhang, (overhang, diameter), lambda c: np.less(c[overhang], c[diameter] / 2),
                 design_model.overhang_within_wheel_message),
        _refusal(wheelbase, (wheelbase, overhang, diameter, length),
                 lambda c: np.less(c[length] - c[wheelbase] - c[overhang], c[diameter] / 2),
                 design_model.no_rear_overhang_message),
    ]
    for track in (front_track, rear_track):
        out.append(_refusal(track, (track, tyre, width),
                            lambda c, track=track: np.greater(c[track] + c[tyre], c[width]),
                            design_model.track_too_wide_message))
    out.append(_refusal(height, (height, clearance),
                        lambda c: np.less(c[height] - c[clearance], MIN_BODY_ABOVE_CLEARANCE_MM),
                        design_model.body_too_low_message))
    out.append(_refusal(diameter, (diameter, height), lambda c: np.greater_equal(c[diameter], c[height]),
                        design_model.tyre_too_tall_message))
    return out


def _hybrid(p: str, model: HybridPowertrain) -> list[Check]:
    """HybridPowertrain._system_power_possible."""
    system, engine, motor = (f"{p}.{n}" for n in ("system_power_kw", "engine_power_kw", "motor_power_kw"))
    return [_refusal(system, (system, engine, motor),
                     lambda c: np.greater(c[system], c[engine] + c[motor] + SYSTEM_POWER_SLACK_KW),
                     design_model.system_power_message)]


def _seat(p: str, model: SeatLocation) -> list[Check]:
    """SeatLocation._anchorages_at_positions."""
    latch, tether, declared = (f"{p}.{n}" for n in ("latch_positions", "tether_positions", "declared_positions"))
    out = [_refusal(tether, (tether, latch), lambda c: np.greater(c[latch], c[tether]),
                    design_package.fewer_tethers_than_latch_message),
           _refusal(tether, (tether, declared), lambda c: np.greater(c[tether], c[declared]),
                    design_package.more_tethers_than_positions_message)]
    if model.kind is SeatKind.bucket:
        out.append(_refusal(declared, (declared,), lambda c: np.greater(c[declared], 1),
                            design_package.bucket_for_one_message, ()))
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

        out.append(_refusal(f"{r}.seats" if count > 1 else f"{r}.seats.0.seating_width_mm", (*widths, gap, cabin),
                            lambda c, occupied=occupied: np.greater(occupied(c), c[cabin] + ROW_WIDTH_SLACK_MM),
                            design_package.row_too_wide_message, (widths, gap, cabin)))
        z = f"{r}.h_point_z_mm"
        out.append(_refusal(z, (z, headliner), lambda c, z=z: np.greater_equal(c[z], c[headliner]),
                            design_package.h_point_above_headliner_message))
        if i:
            x, ahead = f"{r}.h_point_x_mm", f"{p}.rows.{i - 1}.h_point_x_mm"
            out.append(_refusal(x, (x, ahead), lambda c, x=x, ahead=ahead: np.less_equal(c[x], c[ahead]),
                                design_package.row_not_behind_message))
    return out


def _design(model: Design, varied: tuple[str, ...]) -> list[Check]:
    """Design._parts_agree, with _package_fits and _front_end_fits."""
    length, width, height, overhang, clearance = (f"dimensions.{n}" for n in (
        "length_mm", "width_mm", "height_mm", "front_overhang_mm", "ground_clearance_mm"))
    out = []
    for name in ("headlamp_height_mm", "tail_lamp_height_mm", "bumper_height_mm", "chmsl_height_mm"):
        lamp = f"lighting.{name}"
        out.append(_refusal(lamp, (lamp, clearance, height),
                            lambda c, lamp=lamp: _not(_between(c[clearance], c[lamp], c[height], False)),
                            design_model.outside_the_body_message))
    cg = "mass.cg_height_mm"
    if model.mass.cg_height_mm is not None or cg in varied:
        out.append(_refusal(cg, (cg, height), lambda c: np.greater_equal(c[cg], c[height]),
                            design_model.cg_above_roof_message))
    # _package_fits
    cabin, headliner = "package.cabin_width_mm", "package.headliner_height_mm"
    out.append(_refusal(cabin, (cabin, width), lambda c: np.greater_equal(c[cabin], c[width]),
                        design_model.cabin_too_wide_message))
    out.append(_refusal(headliner, (headliner, height), lambda c: np.greater_equal(c[headliner], c[height]),
                        design_model.headliner_above_roof_message))
    for i, row in enumerate(model.package.rows):
        r = f"package.rows.{i}"
        x, z, angle, seat_height = (f"{r}.{n}" for n in ("h_point_x_mm", "h_point_z_mm", "back_angle_deg",
                                                         "seat_height_mm"))
        out.append(_refusal(x, (x, overhang, length),
                            lambda c, x=x: _not(_between(0, c[overhang] + c[x], c[length], True)),
                            design_model.h_point_outside_length_message))
        for j, seat in enumerate(row.seats):
            restraint = f"{r}.seats.{j}.head_restraint_mm"
            if seat.head_restraint_mm is None and restraint not in varied:
                continue
            out.append(_refusal(restraint, (restraint, z, angle, headliner),
                                lambda c, restraint=restraint, z=z, angle=angle: np.greater(
                                    c[z] + c[restraint] * cos_deg(c[angle]), c[headliner]),
                                design_model.head_restraint_too_high_message))
        out.append(_refusal(seat_height, (z, seat_height, clearance),
                            lambda c, z=z, seat_height=seat_height: np.less(c[z] - c[seat_height], c[clearance]),
                            design_model.floor_below_clearance_message))
    # _front_end_fits
    firewall, block, cowl_x, cowl_z, rake, rail = (f"front_end.{n}" for n in (
        "firewall_x_mm", "block_length_mm", "cowl_x_mm", "cowl_height_mm", "windscreen_rake_deg", "rail_offset_mm"))
    front_track, tyre = "dimensions.front_track_mm", "dimensions.tire_width_mm"
    front_row = "package.rows.0.h_point_x_mm"
    out += [
        _refusal(firewall, (firewall, overhang, length),
                 lambda c: _not(_between(0, c[overhang] + c[firewall], c[length], True)),
                 design_model.firewall_outside_length_message),
        _refusal(block, (block, overhang, firewall), lambda c: np.greater_equal(c[block], c[overhang] + c[firewall]),
                 design_model.nothing_to_crush_message),
    ]
    for name in ("bonnet_leading_edge_height_mm", "cowl_height_mm"):
        edge = f"front_end.{name}"
        out.append(_refusal(edge, (edge, clearance, height),
                            lambda c, edge=edge: _not(_between(c[clearance], c[edge], c[height], True)),
                            design_model.outside_the_body_message))
    out += [
        _refusal(cowl_x, (cowl_x, overhang, length),
                 lambda c: _not(_between(0, c[overhang] + c[cowl_x], c[length], True)),
                 design_model.windscreen_base_outside_length_message),
        _refusal(rake, (rake, overhang, cowl_x, cowl_z, height, length),
                 lambda c: np.greater_equal(c[overhang] + c[cowl_x] + (c[height] - c[cowl_z]) * tan_deg(c[rake]),
                                            c[length]),
                 design_model.windscreen_too_raked_message),
        _refusal(rail, (rail, front_track, tyre), lambda c: np.greater_equal(c[rail], (c[front_track] - c[tyre]) / 2),
                 design_model.rails_through_wheels_message),
        _refusal(cowl_x, (cowl_x, front_row), lambda c: np.greater_equal(c[cowl_x], c[front_row]),
                 design_model.windscreen_among_occupants_message),
        _refusal(firewall, (firewall, front_row), lambda c: np.less_equal(c[front_row], c[firewall]),
                 design_model.firewall_behind_front_row_message),
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
