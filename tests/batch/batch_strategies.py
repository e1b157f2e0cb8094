"""Hypothesis strategies for batches: variants of a preset varying several number fields at once, with values inside
and outside the fields' bounds, on the limits the rules and validators test (so that the `same` tolerances and the
strict limits are crossed), and rule settings other than the defaults.

Values are drawn around the base design's own (most variants stay valid), at the bounds and a hair beyond them, at
every number the base design holds (one field set equal to another is where a validator's `<` and `<=` differ), at the
rules' limits and a hair either side, anywhere in and a little beyond the bounds, and rarely NaN or infinity.
"""

from __future__ import annotations

import math
import typing
from typing import Any

import numpy as np
from hypothesis import strategies as st
from pydantic import BaseModel

from keidesigner.batch import Variants
from keidesigner.batch.columns import is_whole_number_field
from keidesigner.design import Design, field_info
from keidesigner.design.derived import OCCUPANT_MASS_KG
from keidesigner.design.kei import KEI
from keidesigner.rules import occupants as occ
from keidesigner.rules import us
from keidesigner.rules.settings import Occupant, PairedReading, RuleSettings

# Limits the rules compare with, in the units of the fields they are compared with.
RULE_LIMITS = (
    KEI.length_mm, KEI.width_mm, KEI.height_mm, KEI.displacement_cc, KEI.payload_kg, KEI.power_kw,
    KEI.ev_convention_kw, us.HEADLAMP_MIN_MM, us.HEADLAMP_MAX_MM, us.TAIL_LAMP_MIN_MM, us.TAIL_LAMP_MAX_MM,
    us.BUMPER_MIN_MM, us.BUMPER_MAX_MM, us.CHMSL_MIN_MM, us.CHMSL_WIDTH_MM, us.HV_DC_V, us.HV_SPEED_KMH,
    us.LSV_MIN_SPEED.metric, us.LSV_MIN_SPEED.us, us.LSV_MAX_SPEED.metric, us.LSV_MAX_SPEED.us,
    us.LSV_GVWR.metric, us.LSV_GVWR.us, us.GVWR_SCOPE.metric, us.GVWR_SCOPE.us, us.ROOF_3X_GVWR.us,
    occ.HR_FRONT_MIN_MM, occ.HR_ANY_MIN_MM, occ.HR_ROOF_FRONT_MIN_MM, occ.BACKSET_MAX_MM, occ.DSP_MIN_MM,
    occ.LATCH_GVWR_SCOPE_KG, 350.0, 700.0, 1050.0, 1400.0, 450.0 * 4, OCCUPANT_MASS_KG,
)
HAIRS = (0.0, 1e-10, -1e-10, 1e-8, -1e-8, 1e-6, -1e-6)


def _annotation_types(info) -> tuple[type, ...]:
    args = typing.get_args(info.annotation)
    return tuple(a for a in args if a is not type(None)) if args else (info.annotation,)


def numeric_paths(design: Design) -> list[str]:
    """Every number field of the design (a None that holds a number when set included), as dotted paths."""
    out: list[str] = []

    def walk(model: BaseModel, prefix: str) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            path = f"{prefix}{name}"
            if isinstance(value, BaseModel):
                walk(value, path + ".")
            elif isinstance(value, tuple):
                for i, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        walk(item, f"{path}.{i}.")
            elif isinstance(value, bool):
                continue
            elif isinstance(value, (int, float)) or (value is None and {int, float} & set(
                    _annotation_types(field_info(path, design)))):
                out.append(path)

    walk(design, "")
    return out


def all_numbers(design: Design) -> list[float]:
    """The numbers the design holds (to set one field equal to another)."""
    from keidesigner.design.edit import get_value

    values = (get_value(design, p) for p in numeric_paths(design))
    return sorted({float(v) for v in values if v is not None})


def field_bounds_at(design: Design, path: str) -> tuple[float | None, float | None]:
    """(lower, upper) bounds of the field at a dotted path of `design` (None where it has none)."""
    lo = hi = None
    for meta in field_info(path, design).metadata:
        for attr in ("ge", "gt"):
            if getattr(meta, attr, None) is not None:
                lo = float(getattr(meta, attr))
        for attr in ("le", "lt"):
            if getattr(meta, attr, None) is not None:
                hi = float(getattr(meta, attr))
    return lo, hi


def values_for(design: Design, path: str, numbers: list[float], non_finite: bool = False) -> st.SearchStrategy[float]:
    """Values of one field: near its base value mostly; at and beyond its bounds; equal to other numbers of the
    design and to the rules' limits, give or take a hair; anywhere in and around its range; rarely non-finite."""
    from keidesigner.design.edit import get_value

    lo, hi = field_bounds_at(design, path)
    base = get_value(design, path)
    centre = float(base) if base is not None else 0.5 * (lo + hi)
    span = hi - lo
    near = st.floats(-0.08, 0.08).map(lambda f: centre * (1 + f))
    step = st.sampled_from((0.5, 1.0, 5.0, 10.0, 25.0, 50.0, 100.0)).flatmap(
        lambda s: st.sampled_from((centre - s, centre + s)))
    edges = st.sampled_from((lo, hi, math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf), lo - 1, hi + 1))
    pinned = st.tuples(st.sampled_from(numbers + list(RULE_LIMITS)), st.sampled_from(HAIRS)).map(lambda t: t[0] + t[1])
    anywhere = st.floats(lo - 0.1 * span, hi + 0.1 * span, allow_nan=False, allow_infinity=False)
    options = [st.just(centre), near, near, near, step, step, edges, pinned, pinned, anywhere]
    if is_whole_number_field(design, path):
        options.append(st.integers(int(lo) - 1, int(hi) + 1).map(float))
        options.append(st.floats(lo - 1, hi + 1))  # truncated toward zero, as Variants hands it over
    elif non_finite:
        options.append(st.sampled_from((math.nan, math.inf, -math.inf)))
    return st.one_of(options)


@st.composite
def variants_of(draw, design: Design, max_fields: int = 5, max_rows: int = 48) -> Variants:
    """A batch of variants of `design` varying 1–max_fields fields at once, 1–max_rows rows."""
    paths = numeric_paths(design)
    fields = draw(st.lists(st.sampled_from(paths), min_size=1, max_size=max_fields, unique=True))
    rows = draw(st.integers(1, max_rows))
    numbers = all_numbers(design)
    columns: dict[str, Any] = {}
    for path in fields:
        strategy = values_for(design, path, numbers, non_finite=draw(st.integers(0, 9)) == 0)  # one column in ten
        columns[path] = np.array(draw(st.lists(strategy, min_size=rows, max_size=rows)), dtype=np.float64)
    return Variants(design, columns)


def crafted_designs() -> dict[str, Design]:
    """Presets changed to reach branches the presets do not: a van with three rows, a rear bench beside a bucket
    (an inboard rear position, tethers at three rear positions but none at the centre), no head restraints in the
    third row, front head restraints under 800 mm with the headliner 25.8 mm above them, an entered CG and axle
    split and no rated GVWR; a hybrid wagon on its limits (system power = engine + motor, a 60 V pack, 40 km/h,
    a GVWR rated at the 6,000 lb of FMVSS 216a)."""
    from keidesigner.design.edit import plain, validated
    from keidesigner.files import load_preset

    van = plain(load_preset("kei-van"))
    front, second = van["package"]["rows"]
    for seat in front["seats"]:
        seat["head_restraint_mm"] = 760.0
    bucket = dict(second["seats"][0], seating_width_mm=450.0, latch_positions=1, tether_positions=1)
    bench = dict(second["seats"][0], kind="bench", seating_width_mm=800.0, declared_positions=2, latch_positions=1,
                 tether_positions=1)
    second.update(seat_gap_mm=60.0, seats=[bucket, bench])
    third = dict(second, h_point_x_mm=1700.0, h_point_z_mm=700.0, seat_gap_mm=300.0,
                 seats=[dict(bucket, head_restraint_mm=None, latch_positions=0),
                        dict(bucket, head_restraint_mm=None, latch_positions=0, tether_positions=0)])
    van["package"]["rows"].append(third)
    van["package"]["headliner_height_mm"] = 1600.0
    van["mass"].update(cg_height_mm=650.0, curb_front_axle_pct=57.0, rated_gvwr_kg=None)
    van["name"] = "van, three rows"
    hybrid = plain(load_preset("kei-hybrid-wagon"))
    train = hybrid["powertrain"]
    train.update(system_power_kw=train["engine_power_kw"] + train["motor_power_kw"], pack_voltage_v=us.HV_DC_V,
                 top_speed_kmh=us.HV_SPEED_KMH)
    hybrid["mass"]["rated_gvwr_kg"] = us.ROOF_3X_GVWR.us
    hybrid["name"] = "hybrid on its limits"
    return {d["name"]: validated(d) for d in (van, hybrid)}


def _setting(name: str) -> st.SearchStrategy:
    info = RuleSettings.model_fields[name]
    lo = hi = None
    for meta in info.metadata:
        if getattr(meta, "ge", None) is not None:
            lo = float(meta.ge)
        if getattr(meta, "gt", None) is not None:
            lo = math.nextafter(float(meta.gt), math.inf)
        if getattr(meta, "le", None) is not None:
            hi = float(meta.le)
    return st.one_of(st.just(info.default), st.floats(lo, hi), st.integers(math.ceil(lo), math.floor(hi)).map(float))


@st.composite
def rule_settings(draw) -> RuleSettings:
    """Rule settings other than the defaults: every figure a rule reads drawn in its bounds, any reading of paired
    units, any occupant."""
    numbers = {name: draw(_setting(name)) for name in (
        "frontal_decel_limit_g", "dsp_narrow_divisor_mm", "dsp_wide_divisor_mm", "headroom_line_deg",
        "headroom_offset_mm", "head_clearance_mm", "thigh_mm", "knee_clearance_mm")}
    return RuleSettings(paired_units=draw(st.sampled_from(list(PairedReading))),
                        occupant=draw(st.sampled_from(list(Occupant))), **numbers)
