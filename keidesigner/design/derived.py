"""Figures derived from a design, each with the formula it uses.

Numbers come from ../shared/reference/regulations.md: 150 lb (68 kg) per seat in the vehicle capacity weight
(49 CFR 567.4(g)(3)), footprint = wheelbase x average track in ft² rounded to 0.1 (49 CFR 523/531.5),
SSF = T / (2H) (NHTSA rollover resistance), d = v² / (2a) (constant-deceleration crush). Axle loads follow from
the lever rule over the wheelbase; the load positions and default weight distributions are screening estimates
(docs/sources.md lists what each default rests on).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .message import Msg, Num
from .model import BodyStyle, Design
from .seating import DSP_571_10, DspFormula, Seating, seating
from .units import KG_PER_LB, METRIC, MM2_PER_FT2, STANDARD_GRAVITY, Formatter

OCCUPANT_MASS_KG = 150 * KG_PER_LB  # 68.04 kg: 150 lb per designated seating position
FRONTAL_TEST_SPEED_KMH = 56.0  # FMVSS 208 belted full-frontal barrier
FOOTPRINT_PLACES = 1  # the footprint is rounded to 0.1 ft² (49 CFR 523)

# CG estimate: fraction of the body height (above the ground clearance) at which the centre of gravity sits.
# A screening estimate for when no measured CG is entered; it is not from the regulatory reference.
# Production kei cars and trucks put CG at roughly 0.3 of their body height; a floor battery lowers it,
# a loaded-high cab-over truck raises it.
CG_POWERTRAIN_SHIFT = {"gas": 0.0, "hybrid": -0.02, "electric": -0.04}

# Share of the curb mass on the front axle, in %, when none is entered. Published kei splits [S]: Nissan Sakura
# (EV hatch) 590/500 kg = 54.6 %; Nissan Dayz NA (gas hatch) 62:38; Honda S660 (mid-engined roadster) 45:55.
# No split was found for kei trucks and vans: their figures are estimates for a cab-over layout with the engine
# under the seats. Enter a weighed figure when there is one.
FRONT_AXLE_PCT: dict[tuple[BodyStyle, str], float] = {
    (BodyStyle.hatchback, "electric"): 54.6, (BodyStyle.hatchback, "gas"): 62.0, (BodyStyle.hatchback, "hybrid"): 62.0,
    (BodyStyle.van, "electric"): 54.0, (BodyStyle.van, "gas"): 58.0, (BodyStyle.van, "hybrid"): 58.0,
    (BodyStyle.truck, "electric"): 55.0, (BodyStyle.truck, "gas"): 58.0, (BodyStyle.truck, "hybrid"): 58.0,
    (BodyStyle.roadster, "electric"): 45.0, (BodyStyle.roadster, "gas"): 45.0, (BodyStyle.roadster, "hybrid"): 45.0,
}


@dataclass(frozen=True, slots=True)
class DerivedFigure:
    key: str
    title: str
    unit: str
    formula: Msg  # how it is found, its numbers written by whoever shows it
    rounding: str = "nearest"  # "up" for a minimum rating: what is shown must cover the load
    estimated: str | None = None  # the Derived flag that says the figure is estimated, not entered


@dataclass(frozen=True, slots=True)
class Derived:
    seating: Seating  # every seat location placed and counted (seating.py)
    seats: int  # designated seating capacity: the DSPs of every seat location (571.10), or more where declared
    rear_seats: int
    rear_overhang_mm: float
    min_gvwr_kg: float
    gvwr_kg: float
    average_track_mm: float
    footprint_ft2: float
    cg_height_mm: float
    cg_estimated: bool
    ssf: float
    peak_power_kw: float
    crush_length_mm: float  # bumper face to firewall, less the rigid block (front_end.py)
    crash_decel_g: float
    curb_front_axle_pct: float
    front_axle_estimated: bool
    curb_front_axle_kg: float
    curb_rear_axle_kg: float
    gvwr_front_axle_kg: float  # axle loads at GVWR: the minimum GAWRs
    gvwr_rear_axle_kg: float


_G = Num(OCCUPANT_MASS_KG, "kg", places=2)
FIGURES: tuple[DerivedFigure, ...] = (
    DerivedFigure("seats", "Designated seating capacity", "seats",
                  Msg("each seat location's designated seating positions from its seating surface width (49 CFR "
                      "571.10), or the positions the maker declares where that is more")),
    DerivedFigure("rear_seats", "Rear designated seating positions", "seats",
                  Msg("the designated seating positions of the second and third rows")),
    DerivedFigure("rear_overhang_mm", "Rear overhang", "mm", Msg("length − wheelbase − front overhang")),
    DerivedFigure("min_gvwr_kg", "Minimum GVWR", "kg", Msg("curb mass + {0} (150 lb) × seats + payload", _G), "up"),
    DerivedFigure("gvwr_kg", "GVWR", "kg", Msg("rated GVWR, or the minimum GVWR when none is entered"), "up"),
    DerivedFigure("average_track_mm", "Average track", "mm", Msg("(front track + rear track) / 2")),
    DerivedFigure("footprint_ft2", "CAFE footprint", "ft²",
                  Msg("wheelbase × average track, in ft², rounded to {0}", 0.1)),
    DerivedFigure(
        "cg_height_mm", "CG height", "mm",
        Msg("entered value, or ground clearance + k × (height − ground clearance), k = {0}–{1} by body style, "
            "−{2} hybrid, −{3} electric", *(Num(k, "", places=2) for k in (0.30, 0.32, 0.02, 0.04))),
        estimated="cg_estimated",
    ),
    DerivedFigure("ssf", "Static stability factor", "", Msg("SSF = average track / (2 × CG height)")),
    DerivedFigure("peak_power_kw", "Peak power", "kW",
                  Msg("gas: engine; electric: motor; hybrid: system power, or the engine's where that is higher")),
    DerivedFigure(
        "crush_length_mm", "Front crush length", "mm",
        Msg("front overhang + firewall behind front axle − rigid block ahead of the firewall: the bumper face to the "
            "firewall, less what does not crush"),
    ),
    DerivedFigure(
        "crash_decel_g", "Frontal crash deceleration", "g",
        Msg("a = v² / (2 d), v = {0}, d = front crush length, in g", Num(FRONTAL_TEST_SPEED_KMH, "km/h")),
    ),
    DerivedFigure(
        "curb_front_axle_pct", "Front axle share (curb)", "%",
        Msg("entered value, or a published split of the layout ({0} EV hatch, {1} gas hatch, {2} mid-engined "
            "roadster) or an estimate ({3} cab-over truck and van)", Num(54.6, "%", places=1), Num(62, "%"),
            Num(45, "%"), Num(58, "%")), estimated="front_axle_estimated",
    ),
    DerivedFigure("curb_front_axle_kg", "Front axle load (curb)", "kg", Msg("curb mass × front axle share")),
    DerivedFigure("curb_rear_axle_kg", "Rear axle load (curb)", "kg", Msg("curb mass − front axle load")),
    DerivedFigure(
        "gvwr_front_axle_kg", "Minimum front GAWR", "kg",
        Msg("front axle load at GVWR: curb share + {0} per designated seat at its row's H-point + the rest of the "
            "GVWR at the middle of the cargo area, by the lever rule over the wheelbase", _G), "up",
    ),
    DerivedFigure("gvwr_rear_axle_kg", "Minimum rear GAWR", "kg", Msg("GVWR − front axle load at GVWR"), "up"),
)
assert {f.key for f in FIGURES} <= {f.name for f in fields(Derived)}


def figure_text(figure: DerivedFigure, derived: Derived, fmt: Formatter = METRIC, *, with_state: bool = True) -> str:
    """A derived figure as the app, the check and the report show it: at the precision its value needs, a minimum
    rating rounded up (what is shown must carry the load), a negative axle load as 0, and '(estimated)' where the
    figure is not entered."""
    value = getattr(derived, figure.key)
    if figure.rounding == "up":
        value = max(value, 0.0)
    places = fmt.places(figure.unit) if figure.unit else 2
    text = (fmt.value(value, figure.unit, places=places, direction=figure.rounding) if figure.unit
            else fmt.number(value, places))
    if with_state and figure.estimated and getattr(derived, figure.estimated):
        text += " (estimated)"
    return text


FIGURE_BY_KEY = {f.key: f for f in FIGURES}


def estimated_cg_height_mm(design: Design) -> float:
    d = design.dimensions
    k = design.body_style.traits.cg_fraction + CG_POWERTRAIN_SHIFT[design.powertrain.kind]
    return d.ground_clearance_mm + k * (d.height_mm - d.ground_clearance_mm)


def crush_length_mm(design: Design) -> float:
    """The front crush length in mm: from the bumper face to the firewall, less the rigid block ahead of it (see
    front_end.py for the assumptions). Always > 0 for a valid design."""
    f = design.front_end
    return design.dimensions.front_overhang_mm + f.firewall_x_mm - f.block_length_mm


def crash_deceleration_g(crush_mm: float, speed_kmh: float = FRONTAL_TEST_SPEED_KMH) -> float:
    """Average deceleration (in g) that stops a vehicle from speed_kmh within crush_mm: a = v² / (2d)."""
    v = speed_kmh / 3.6
    return v * v / (2 * crush_mm / 1000) / STANDARD_GRAVITY


def front_axle_share(design: Design, position_mm: float) -> float:
    """Share (0..1, beyond for overhung loads) of a load at `position_mm` behind the vehicle's front that the front
    axle carries: the lever rule over the wheelbase."""
    d = design.dimensions
    return (d.front_overhang_mm + d.wheelbase_mm - position_mm) / d.wheelbase_mm


def gvwr_front_axle_kg(design: Design, seats: Seating, gvwr_kg: float, curb_front_kg: float) -> float:
    """Front axle load with the vehicle at its GVWR: an occupant of 68.04 kg (150 lb) at each designated seating
    position, at its row's H-point, and whatever the GVWR leaves on top of curb mass and occupants at the middle of
    the cargo area."""
    traits = design.body_style.traits
    length = design.dimensions.length_mm
    front = curb_front_kg
    for place in seats.places:
        front += OCCUPANT_MASS_KG * place.positions * front_axle_share(design, -place.x_mm)
    cargo = max(gvwr_kg - design.mass.curb_mass_kg - OCCUPANT_MASS_KG * seats.positions, 0.0)
    cargo_at = 0.5 * (traits.cargo_span[0] + traits.cargo_span[1]) * length
    return front + cargo * front_axle_share(design, cargo_at)


def derive(design: Design, dsp: DspFormula = DSP_571_10) -> Derived:
    """Every derived figure of `design`; `dsp` is the 571.10 formula that counts its seats."""
    d, m = design.dimensions, design.mass
    seats = seating(design, dsp)
    min_gvwr = m.curb_mass_kg + OCCUPANT_MASS_KG * seats.positions + design.occupancy.payload_kg
    average_track = (d.front_track_mm + d.rear_track_mm) / 2
    cg = m.cg_height_mm if m.cg_height_mm is not None else estimated_cg_height_mm(design)
    gvwr = m.rated_gvwr_kg if m.rated_gvwr_kg is not None else min_gvwr
    share = m.curb_front_axle_pct
    if share is None:
        share = FRONT_AXLE_PCT[design.body_style, design.powertrain.kind]
    curb_front = m.curb_mass_kg * share / 100
    gvwr_front = gvwr_front_axle_kg(design, seats, gvwr, curb_front)
    crush = crush_length_mm(design)
    return Derived(
        seating=seats,
        seats=seats.positions,
        rear_seats=seats.rear_positions,
        rear_overhang_mm=d.rear_overhang_mm,
        min_gvwr_kg=min_gvwr,
        gvwr_kg=gvwr,
        average_track_mm=average_track,
        footprint_ft2=round(d.wheelbase_mm * average_track / MM2_PER_FT2, FOOTPRINT_PLACES),
        cg_height_mm=cg,
        cg_estimated=m.cg_height_mm is None,
        ssf=average_track / (2 * cg),
        peak_power_kw=design.powertrain.peak_power_kw,
        crush_length_mm=crush,
        crash_decel_g=crash_deceleration_g(crush),
        curb_front_axle_pct=share,
        front_axle_estimated=m.curb_front_axle_pct is None,
        curb_front_axle_kg=curb_front,
        curb_rear_axle_kg=m.curb_mass_kg - curb_front,
        gvwr_front_axle_kg=gvwr_front,
        gvwr_rear_axle_kg=gvwr - gvwr_front,
    )
