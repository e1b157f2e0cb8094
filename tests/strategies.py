"""Hypothesis strategies for KeiDesigner designs.

`valid_designs()` draws `Design` objects that pass validation. Every number is drawn inside the bounds declared in
the model's field metadata (pydantic `FieldInfo.metadata`: `ge`/`gt`/`le`/`lt`), and the fields tied together by
cross-field validators are drawn in dependency order so that (almost) every draw is valid:

- tyre diameter < height, body height above ground clearance >= 400 mm;
- front overhang >= tyre radius, wheelbase + front overhang + tyre radius <= length;
- each track + tyre width <= width;
- lamp and bumper heights between ground clearance and height;
- CG height below the height; hybrid system power <= engine + motor;
- the package inside the body: shoulder room under the width, headliner under the height and over every H-point,
  rows front to back between the ends, floors above the ground clearance, head restraints under the headliner
  (one that would not fit is drawn as none), each row's seats and gaps within the
  shoulder room, a bucket for one, LATCH positions <= tether positions <= declared positions.

Reused by tests/geometry, so keep it public and free of test-only imports.
"""

from __future__ import annotations

import math
import types
import typing
from enum import Enum
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from keidesigner.design.front_end import FrontEnd
from keidesigner.design.model import (
    POWERTRAIN_KINDS,
    Design,
    Dimensions,
    Lighting,
    Mass,
    Occupancy,
    Safety,
    Structure,
)
from keidesigner.design.package import MAX_ROWS, MAX_SEATS_PER_ROW, Package, SeatLocation, SeatRow
from keidesigner.design.plan import ExemptionBasis, PlanStatus, ShownBy
from keidesigner.design.road_load import RoadLoad

__all__ = ["bounds", "valid_design_dicts", "valid_designs", "number_in"]

# Slack kept on the inequalities between dependent floats, so that float rounding in the validators
# (e.g. length - wheelbase - front overhang) never turns an allowed value into a refused one.
_SLACK = 1e-3


def bounds(model: type[BaseModel], name: str) -> tuple[float, float]:
    """(lower, upper) of a numeric field as declared in its pydantic metadata (ge/gt/le/lt)."""
    lo = hi = None
    for meta in model.model_fields[name].metadata:
        if getattr(meta, "ge", None) is not None:
            lo = meta.ge
        if getattr(meta, "gt", None) is not None:
            lo = math.nextafter(meta.gt, math.inf)
        if getattr(meta, "le", None) is not None:
            hi = meta.le
        if getattr(meta, "lt", None) is not None:
            hi = math.nextafter(meta.lt, -math.inf)
    if lo is None or hi is None:
        raise ValueError(f"{model.__name__}.{name} has no declared bounds")
    return float(lo), float(hi)


def number_in(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats in [lo, hi]: mostly arbitrary floats, sometimes the bounds and round numbers (as a form types)."""
    if lo > hi:
        if lo - hi > 1e-6:
            raise ValueError(f"empty range [{lo}, {hi}]")
        lo = hi  # float rounding in a derived bound
    if lo == hi:
        return st.just(float(lo))
    options = [st.floats(lo, hi, allow_nan=False, allow_infinity=False), st.sampled_from([float(lo), float(hi)])]
    ilo, ihi = math.ceil(lo), math.floor(hi)
    if ilo <= ihi:
        options.append(st.integers(ilo, ihi).map(float))
    return st.one_of(options)


def _field(model: type[BaseModel], name: str, lo: float | None = None, hi: float | None = None):
    """A strategy for one field from its annotation and metadata, optionally narrowed to [lo, hi]."""
    info = model.model_fields[name]
    annotation = info.annotation
    optional = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0] if len(args) == 1 else annotation
    if annotation is bool:
        strategy: st.SearchStrategy[Any] = st.booleans()
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        strategy = st.sampled_from(list(annotation))
    elif annotation is int:
        flo, fhi = bounds(model, name)
        strategy = st.integers(math.ceil(max(flo, lo if lo is not None else flo)),
                               math.floor(min(fhi, hi if hi is not None else fhi)))
    elif annotation is float:
        flo, fhi = bounds(model, name)
        strategy = number_in(max(flo, lo if lo is not None else flo), min(fhi, hi if hi is not None else fhi))
    else:
        raise TypeError(f"no strategy for {model.__name__}.{name}: {annotation!r}")
    return st.one_of(st.none(), strategy) if optional else strategy


def _simple_fields(draw, model: type[BaseModel], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every field of a model that no cross-field rule constrains, drawn from its own metadata."""
    return {name: draw(_field(model, name)) for name in model.model_fields if name not in skip and name != "kind"}


@st.composite
def _dimensions(draw) -> dict[str, Any]:
    m = Dimensions
    diameter = draw(_field(m, "tire_diameter_mm"))
    radius = diameter / 2
    clearance = draw(_field(m, "ground_clearance_mm"))
    height = draw(_field(m, "height_mm", lo=max(clearance + 400, diameter) + _SLACK))
    front_overhang = draw(_field(m, "front_overhang_mm", lo=radius))
    length_hi = bounds(m, "length_mm")[1]
    wheelbase = draw(_field(m, "wheelbase_mm", hi=length_hi - front_overhang - radius - 2 * _SLACK))
    length = draw(_field(m, "length_mm", lo=wheelbase + front_overhang + radius + _SLACK))
    tire_width = draw(_field(m, "tire_width_mm"))
    track_lo = bounds(m, "front_track_mm")[0]
    width = draw(_field(m, "width_mm", lo=track_lo + tire_width + 2 * _SLACK))
    track_hi = width - tire_width - _SLACK
    return {
        "length_mm": length,
        "width_mm": width,
        "height_mm": height,
        "wheelbase_mm": wheelbase,
        "front_overhang_mm": front_overhang,
        "front_track_mm": draw(_field(m, "front_track_mm", hi=track_hi)),
        "rear_track_mm": draw(_field(m, "rear_track_mm", hi=track_hi)),
        "ground_clearance_mm": clearance,
        "tire_diameter_mm": diameter,
        "tire_width_mm": tire_width,
    }


@st.composite
def _seat(draw) -> dict[str, Any]:
    m = SeatLocation
    kind = draw(_field(m, "kind"))
    declared = 1 if kind == "bucket" else draw(_field(m, "declared_positions"))
    tethers = draw(_field(m, "tether_positions", hi=declared))
    return {
        **_simple_fields(draw, m, skip=("kind", "declared_positions", "latch_positions", "tether_positions",
                                        "seating_width_mm")),
        "kind": kind,
        "declared_positions": declared,
        "latch_positions": draw(_field(m, "latch_positions", hi=tethers)),
        "tether_positions": tethers,
    }


@st.composite
def _package(draw, dims: dict[str, Any]) -> dict[str, Any]:
    clearance, height = dims["ground_clearance_mm"], dims["height_mm"]
    cabin = draw(_field(Package, "cabin_width_mm", hi=dims["width_mm"] - _SLACK))
    lowest_h_point = max(150.0, clearance + 50.0) + 2 * _SLACK
    headliner = draw(_field(Package, "headliner_height_mm", lo=lowest_h_point + 2 * _SLACK, hi=height - _SLACK))
    n_rows = draw(st.integers(1, MAX_ROWS))
    start, end = -dims["front_overhang_mm"], dims["length_mm"] - dims["front_overhang_mm"]
    lo_x, hi_x = bounds(SeatRow, "h_point_x_mm")
    xs = draw(st.lists(number_in(max(start, lo_x) + 1.0, min(end, hi_x) - 1.0), min_size=n_rows, max_size=n_rows,
                       unique_by=lambda x: round(x, 3)))
    rows = []
    for x in sorted(xs):
        n_seats = draw(st.integers(1, min(MAX_SEATS_PER_ROW, int((cabin - 1) // 200))))
        gap = draw(_field(SeatRow, "seat_gap_mm", hi=(cabin - (200 + 2 * _SLACK) * n_seats) / (n_seats - 1))
                   if n_seats > 1 else _field(SeatRow, "seat_gap_mm"))
        widest = (cabin - gap * (n_seats - 1)) / n_seats - _SLACK
        seats = [{**draw(_seat()), "seating_width_mm": draw(_field(SeatLocation, "seating_width_mm", hi=widest))}
                 for _ in range(n_seats)]
        h5 = draw(_field(SeatRow, "h_point_z_mm", lo=lowest_h_point, hi=headliner - _SLACK))
        angle = draw(_field(SeatRow, "back_angle_deg"))
        reach = (headliner - h5) / math.cos(math.radians(angle)) - _SLACK  # a head restraint stays under the roof
        for seat in seats:
            if seat["head_restraint_mm"] is not None and seat["head_restraint_mm"] > reach:
                seat["head_restraint_mm"] = None
        rows.append({
            **_simple_fields(draw, SeatRow, skip=("h_point_x_mm", "h_point_z_mm", "seat_height_mm", "seat_gap_mm",
                                                  "seats", "back_angle_deg")),
            "h_point_x_mm": x, "h_point_z_mm": h5, "seat_gap_mm": gap, "seats": seats, "back_angle_deg": angle,
            "seat_height_mm": draw(_field(SeatRow, "seat_height_mm", hi=h5 - clearance - _SLACK)),
        })
    return {"cabin_width_mm": cabin, "headliner_height_mm": headliner, "rows": rows,
            "estimated": draw(st.booleans())}


@st.composite
def _front_end(draw, dims: dict[str, Any], front_row_x: float) -> dict[str, Any]:
    """A front end inside the body (design/model.py `_front_end_fits`): the firewall between the bumper face and the
    front row's H-point, a block shorter than the room ahead of it, the cowl inside the length and the height, the
    windscreen reaching the roof before the rear, the rails inside the width."""
    length, overhang = dims["length_mm"], dims["front_overhang_mm"]
    clearance, height = dims["ground_clearance_mm"], dims["height_mm"]
    room = min(length, overhang + front_row_x)  # from the bumper face to where the firewall must stop
    firewall = draw(number_in(max(room * 0.01, overhang - 2000.0), min(room * 0.99, overhang + 6000.0)))
    block = draw(_field(FrontEnd, "block_length_mm", hi=firewall * 0.99))
    low, high = clearance + _SLACK, height - _SLACK
    cowl = draw(number_in(max(room * 0.01, overhang - 2000.0), min(room * 0.99, overhang + 6000.0)))
    cowl_z = draw(_field(FrontEnd, "cowl_height_mm", lo=low, hi=high))
    steepest = math.degrees(math.atan((length - cowl) / (height - cowl_z))) - 0.01
    return {
        "firewall_x_mm": firewall - overhang,
        "block_length_mm": block,
        "bonnet_leading_edge_height_mm": draw(_field(FrontEnd, "bonnet_leading_edge_height_mm", lo=low, hi=high)),
        "cowl_x_mm": cowl - overhang,
        "cowl_height_mm": cowl_z,
        "windscreen_rake_deg": draw(_field(FrontEnd, "windscreen_rake_deg", hi=steepest)),
        "rail_offset_mm": draw(_field(FrontEnd, "rail_offset_mm",
                                      hi=(dims["front_track_mm"] - dims["tire_width_mm"]) / 2 - _SLACK)),
    }


@st.composite
def _plan(draw) -> dict[str, Any]:
    """A compliance plan of a few distinct standards, each declared with a method, exempt or open."""
    numbers = draw(st.lists(st.sampled_from(["108", "111", "138", "202a", "208", "214", "216a", "305a", "581"]),
                            max_size=4, unique=True))
    entries = []
    for number in numbers:
        status = draw(st.sampled_from(list(PlanStatus)))
        ways = ([ShownBy.none] if status is PlanStatus.exempt
                else [s for s in ShownBy if status is not PlanStatus.declared or s is not ShownBy.none])
        shown = draw(st.sampled_from(ways))
        entries.append({"standard": number, "status": status, "shown_by": shown,
                        "reference": draw(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                                                  max_size=20))})
    return {"entries": entries, "exemption_basis": draw(st.none() | st.sampled_from(list(ExemptionBasis))),
            "us_sales_per_year": draw(st.none() | st.integers(1, 10_000_000)),
            "maker_production_per_year": draw(st.none() | st.integers(0, 100_000_000))}


@st.composite
def _powertrain(draw, kinds: tuple[str, ...]) -> dict[str, Any]:
    kind = draw(st.sampled_from(kinds))
    model = POWERTRAIN_KINDS[kind]
    data = {"kind": kind, **_simple_fields(draw, model, skip=("system_power_kw",))}
    if "system_power_kw" in model.model_fields:
        data["system_power_kw"] = draw(
            _field(model, "system_power_kw", hi=data["engine_power_kw"] + data["motor_power_kw"])
        )
    return data


@st.composite
def valid_design_dicts(draw, kinds: tuple[str, ...] = tuple(POWERTRAIN_KINDS)) -> dict[str, Any]:
    """Plain dicts (as `Design.model_dump()` gives) that `Design.model_validate` accepts."""
    dims = draw(_dimensions())
    low, high = dims["ground_clearance_mm"], dims["height_mm"]
    occupancy = _simple_fields(draw, Occupancy)
    lamps = ("headlamp_height_mm", "tail_lamp_height_mm", "bumper_height_mm", "chmsl_height_mm")
    lighting = _simple_fields(draw, Lighting, skip=lamps)
    for name in lamps:
        lighting[name] = draw(_field(Lighting, name, lo=low, hi=high))
    mass = _simple_fields(draw, Mass, skip=("cg_height_mm",))
    mass["cg_height_mm"] = draw(_field(Mass, "cg_height_mm", hi=high - _SLACK))
    safety = _simple_fields(draw, Safety)
    package = draw(_package(dims))
    name_field = Design.model_fields["name"]
    max_name = next(m.max_length for m in name_field.metadata if getattr(m, "max_length", None))
    return {
        # a name is one printable line (no control or line-separator characters, not blank); notes are plain text
        "name": draw(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                             max_size=min(max_name, 40)).filter(str.strip)),
        "notes": draw(st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"),
                              max_size=60)),
        "body_style": draw(_field(Design, "body_style")),
        "us_class": draw(_field(Design, "us_class")),
        "dimensions": dims,
        "powertrain": draw(_powertrain(kinds)),
        "structure": _simple_fields(draw, Structure),
        "occupancy": occupancy,
        "package": package,
        "front_end": draw(_front_end(dims, package["rows"][0]["h_point_x_mm"])),
        "mass": mass,
        "lighting": lighting,
        "safety": safety,
        "plan": draw(_plan()),
        "road_load": _simple_fields(draw, RoadLoad),
    }


def valid_designs(kinds: tuple[str, ...] = tuple(POWERTRAIN_KINDS)) -> st.SearchStrategy[Design]:
    """Valid `Design` objects (validated through `Design.model_validate`), with a powertrain of one of `kinds`."""
    return valid_design_dicts(kinds).map(Design.model_validate)
