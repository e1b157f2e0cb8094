"""Figures derived from a design, each with the formula it uses.

Numbers come from ../shared/reference/regulations.md: 150 lb (68 kg) per seat in the vehicle capacity weight
(49 CFR 567.4(g)(3)), footprint = wheelbase x average track in ft² rounded to 0.1 (49 CFR 523/531.5),
SSF = T / (2H) (NHTSA rollover resistance), d = v² / (2a) (constant-deceleration crush).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .model import BodyStyle, Design
from .units import KG_PER_LB, MM2_PER_FT2, STANDARD_GRAVITY

OCCUPANT_MASS_KG = 150 * KG_PER_LB  # 68.04 kg: 150 lb per designated seating position
FRONTAL_TEST_SPEED_KMH = 56.0  # FMVSS 208 belted full-frontal barrier

# CG estimate: fraction of the body height (above the ground clearance) at which the centre of gravity sits.
# A screening estimate for when no measured CG is entered; it is not from the regulatory reference.
# Production kei cars and trucks put CG at roughly 0.3 of their body height; a floor battery lowers it,
# a loaded-high cab-over truck raises it.
CG_FRACTION = {BodyStyle.truck: 0.32, BodyStyle.van: 0.31, BodyStyle.hatchback: 0.30, BodyStyle.roadster: 0.30}
CG_POWERTRAIN_SHIFT = {"gas": 0.0, "hybrid": -0.02, "electric": -0.04}


@dataclass(frozen=True, slots=True)
class DerivedFigure:
    key: str
    title: str
    unit: str
    formula: str


@dataclass(frozen=True, slots=True)
class Derived:
    rear_overhang_mm: float
    min_gvwr_kg: float
    gvwr_kg: float
    average_track_mm: float
    footprint_ft2: float
    cg_height_mm: float
    cg_estimated: bool
    ssf: float
    peak_power_kw: float
    crash_decel_g: float


FIGURES: tuple[DerivedFigure, ...] = (
    DerivedFigure("rear_overhang_mm", "Rear overhang", "mm", "length − wheelbase − front overhang"),
    DerivedFigure("min_gvwr_kg", "Minimum GVWR", "kg", "curb mass + 68.04 kg (150 lb) × seats + payload"),
    DerivedFigure("gvwr_kg", "GVWR", "kg", "rated GVWR, or the minimum GVWR when none is entered"),
    DerivedFigure("average_track_mm", "Average track", "mm", "(front track + rear track) / 2"),
    DerivedFigure("footprint_ft2", "CAFE footprint", "ft²", "wheelbase × average track, in ft², rounded to 0.1"),
    DerivedFigure(
        "cg_height_mm", "CG height", "mm",
        "entered value, or ground clearance + k × (height − ground clearance), "
        "k = 0.30–0.32 by body style, −0.02 hybrid, −0.04 electric",
    ),
    DerivedFigure("ssf", "Static stability factor", "", "SSF = average track / (2 × CG height)"),
    DerivedFigure("peak_power_kw", "Peak power", "kW", "gas: engine; electric: motor; hybrid: system power"),
    DerivedFigure(
        "crash_decel_g", "Frontal crash deceleration", "g",
        "a = v² / (2 d), v = 56 km/h, d = front crush zone, in g",
    ),
)
assert {f.key for f in FIGURES} <= {f.name for f in fields(Derived)}


def estimated_cg_height_mm(design: Design) -> float:
    d = design.dimensions
    k = CG_FRACTION[design.body_style] + CG_POWERTRAIN_SHIFT[design.powertrain.kind]
    return d.ground_clearance_mm + k * (d.height_mm - d.ground_clearance_mm)


def crash_deceleration_g(crush_mm: float, speed_kmh: float = FRONTAL_TEST_SPEED_KMH) -> float:
    """Average deceleration (in g) that stops a vehicle from speed_kmh within crush_mm: a = v² / (2d)."""
    v = speed_kmh / 3.6
    return v * v / (2 * crush_mm / 1000) / STANDARD_GRAVITY


def derive(design: Design) -> Derived:
    d, m = design.dimensions, design.mass
    min_gvwr = m.curb_mass_kg + OCCUPANT_MASS_KG * design.occupancy.seats + design.occupancy.payload_kg
    average_track = (d.front_track_mm + d.rear_track_mm) / 2
    cg = m.cg_height_mm if m.cg_height_mm is not None else estimated_cg_height_mm(design)
    return Derived(
        rear_overhang_mm=d.rear_overhang_mm,
        min_gvwr_kg=min_gvwr,
        gvwr_kg=m.rated_gvwr_kg if m.rated_gvwr_kg is not None else min_gvwr,
        average_track_mm=average_track,
        footprint_ft2=round(d.wheelbase_mm * average_track / MM2_PER_FT2, 1),
        cg_height_mm=cg,
        cg_estimated=m.cg_height_mm is None,
        ssf=average_track / (2 * cg),
        peak_power_kw=design.powertrain.peak_power_kw,
        crash_decel_g=crash_deceleration_g(design.structure.front_crush_zone_mm),
    )
