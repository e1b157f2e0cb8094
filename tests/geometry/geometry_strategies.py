"""Hypothesis strategies for valid designs that exercise the geometry: every dimension and lamp height drawn
within its model bounds, in dependency order, so the cross-field rules hold by construction (no mass rejection).
Bounds come from the model metadata, so a bound changed in the model is picked up here. The occupant package is the
one `estimated_package` lays out for the drawn body (it fits any valid body); tests/strategies.py draws packages
field by field. The front end is the one `estimated_front_end` places for the style (the presets' front ends came
from it) with a drawn crush length, its windscreen rake drawn within 10 degrees of the style's: a body of the style,
whatever its size, so the drawn nose is exactly the design's.
"""

from __future__ import annotations

import math

from hypothesis import assume
from hypothesis import strategies as st
from pydantic import ValidationError

from keidesigner.design import BodyStyle, Design, Dimensions, Lighting
from keidesigner.design.fields import field_bounds
from keidesigner.design.front_end_estimate import estimated_front_end
from keidesigner.design.package_estimate import estimated_package
from keidesigner.files import load_preset


def bounds(model, name):
    return field_bounds(model, name)


def between(draw, lo: float, hi: float) -> float:
    """A value in [lo, hi], often exactly at one of the ends: the extremes are where geometry breaks."""
    if hi <= lo:
        return lo
    return draw(st.one_of(st.just(lo), st.just(hi), st.floats(lo, hi, allow_nan=False, allow_infinity=False)))


def dim(draw, name: str, lo: float | None = None, hi: float | None = None) -> float:
    mlo, mhi = bounds(Dimensions, name)
    return between(draw, max(mlo, lo) if lo is not None else mlo, min(mhi, hi) if hi is not None else mhi)


@st.composite
def valid_designs(draw, styles=tuple(BodyStyle)):
    style = draw(st.sampled_from(list(styles)))
    width = dim(draw, "width_mm")
    tyre_w = dim(draw, "tire_width_mm", hi=width - bounds(Dimensions, "front_track_mm")[0])
    front_track = dim(draw, "front_track_mm", hi=width - tyre_w)
    rear_track = dim(draw, "rear_track_mm", hi=width - tyre_w)
    height = dim(draw, "height_mm")
    clearance = dim(draw, "ground_clearance_mm", hi=height - 400)
    tyre_d = dim(draw, "tire_diameter_mm", hi=height - 1)
    radius = tyre_d / 2
    front_overhang = dim(draw, "front_overhang_mm", lo=radius)
    length = dim(draw, "length_mm", lo=front_overhang + bounds(Dimensions, "wheelbase_mm")[0] + radius)
    wheelbase = dim(draw, "wheelbase_mm", hi=length - front_overhang - radius)

    def lamp(name):
        lo, hi = bounds(Lighting, name)
        return between(draw, max(lo, clearance), min(hi, height))

    base = load_preset("kei-truck").model_dump()
    base["body_style"] = str(style)
    base["dimensions"] = dict(
        length_mm=length, width_mm=width, height_mm=height, wheelbase_mm=wheelbase,
        front_overhang_mm=front_overhang, front_track_mm=front_track, rear_track_mm=rear_track,
        ground_clearance_mm=clearance, tire_diameter_mm=tyre_d, tire_width_mm=tyre_w,
    )
    base["lighting"].update(
        headlamp_height_mm=lamp("headlamp_height_mm"),
        tail_lamp_height_mm=lamp("tail_lamp_height_mm"),
        bumper_height_mm=lamp("bumper_height_mm"),
        chmsl=draw(st.booleans()),
        chmsl_height_mm=lamp("chmsl_height_mm"),
    )
    # the preset's own seats need not fit the drawn body (the design refuses a package outside it)
    base["package"] = estimated_package(str(style), base["dimensions"], draw(st.integers(1, 4)), "lap_shoulder",
                                        draw(st.integers(0, 2)))
    base["front_end"], _ = estimated_front_end(str(style), base["dimensions"], draw(st.floats(50.0, 1500.0)),
                                               base["package"]["rows"][0]["h_point_x_mm"])
    front = base["front_end"]
    # reaching the roof 50 mm inside the length (design/model.py `_front_end_fits` wants it inside; a roadster's
    # free windscreen, 8 mm thick, is cut short right at the rear)
    room = length - 50.0 - front_overhang - front["cowl_x_mm"]
    reach = math.degrees(math.atan(max(room, 0.0) / (height - front["cowl_height_mm"])))
    rake = front["windscreen_rake_deg"]
    hi = min(rake + 10.0, reach)
    front["windscreen_rake_deg"] = between(draw, min(max(rake - 10.0, 0.0), hi), hi)
    base["mass"]["cg_height_mm"] = None
    try:
        return Design.model_validate(base)
    except ValidationError:  # float rounding at a bound; rare
        assume(False)
