"""The vehicle design: frozen pydantic models whose field names carry their unit.

Validation refuses what is physically impossible (a wheel outside the body, a hybrid that makes more power than its
engine and motor together). What is merely non-compliant (too long for kei, too powerful) is valid: reporting it is
the rules' job.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal, Union

from pydantic import Field, field_validator, model_validator

from .fields import Frozen, choice, flag, quantity
from .front_end import FrontEnd, windscreen_run_mm
from .message import FieldValueError, Msg, Num
from .package import Package, SeatBelts  # noqa: F401 - SeatBelts is part of the model's public names
from .plan import CompliancePlan
from .road_load import RoadLoad


@dataclass(frozen=True)
class StyleTraits:
    """What a body style means to the rules, the mass model and the geometry, in one place.

    Load positions are screening estimates from current kei production layouts (a cab-over truck's driver sits over
    the front axle; a two-box hatch's front row is about a third of the length back), as fractions of the overall
    length from the front, until the occupant package gives real H-points.
    """

    label: str
    open_top: bool  # a convertible: FMVSS 226 excludes it
    cargo_bed: bool  # an open bed behind the cab
    cab_over: bool  # the front row sits over the front axle
    cg_fraction: float  # CG height as a fraction of the body height above the ground clearance (derived.py)
    row_positions: tuple[float, ...]  # seat rows, front to back
    cargo_span: tuple[float, float]  # the cargo area, front and rear end


class BodyStyle(StrEnum):
    truck = "truck"
    van = "van"
    hatchback = "hatchback"
    roadster = "roadster"

    @property
    def traits(self) -> StyleTraits:
        return STYLE_TRAITS[self]


STYLE_TRAITS: dict[BodyStyle, StyleTraits] = {
    BodyStyle.truck: StyleTraits("cab-over truck", False, True, True, 0.32, (0.22,), (0.42, 0.99)),
    BodyStyle.van: StyleTraits("one-box van", False, False, True, 0.31, (0.22, 0.47), (0.58, 0.97)),
    BodyStyle.hatchback: StyleTraits("two-box hatchback", False, False, False, 0.30, (0.34, 0.60), (0.72, 0.95)),
    BodyStyle.roadster: StyleTraits("open two-seater", True, False, False, 0.30, (0.47,), (0.80, 0.96)),
}


class USClass(StrEnum):
    passenger_car = "passenger_car"
    mpv = "mpv"
    truck = "truck"
    lsv = "lsv"


class Frame(StrEnum):
    ladder = "ladder"
    unibody = "unibody"


class Material(StrEnum):
    mild_steel = "mild_steel"
    high_strength_steel = "high_strength_steel"
    aluminium = "aluminium"
    cfrp = "cfrp"


MIN_BODY_ABOVE_CLEARANCE_MM = 400  # the body a design must keep above its ground clearance
SYSTEM_POWER_SLACK_KW = 1e-9  # float noise allowed when a hybrid's system power equals engine + motor


class Dimensions(Frozen):
    length_mm: float = quantity(
        title="Length", unit="mm", ge=1200, le=6000, step=5,
        description="Overall length, bumper to bumper.",
    )
    width_mm: float = quantity(
        title="Width", unit="mm", ge=800, le=2500, step=5,
        description="Overall body width, excluding mirrors.",
    )
    height_mm: float = quantity(
        title="Height", unit="mm", ge=800, le=3000, step=5,
        description="Overall height at curb weight, ground to roof.",
    )
    wheelbase_mm: float = quantity(
        title="Wheelbase", unit="mm", ge=800, le=4500, step=5,
        description="Distance between front and rear axle centres.",
    )
    front_overhang_mm: float = quantity(
        title="Front overhang", unit="mm", ge=150, le=2000, step=5,
        description="From the front axle centre to the foremost point of the body.",
    )
    front_track_mm: float = quantity(
        title="Front track", unit="mm", ge=700, le=2300, step=5,
        description="Distance between the front tyre centre lines.",
    )
    rear_track_mm: float = quantity(
        title="Rear track", unit="mm", ge=700, le=2300, step=5,
        description="Distance between the rear tyre centre lines.",
    )
    ground_clearance_mm: float = quantity(
        title="Ground clearance", unit="mm", ge=50, le=600, step=5,
        description="Lowest point of the body above the road at curb weight.",
    )
    tire_diameter_mm: float = quantity(
        title="Tyre diameter", unit="mm", ge=300, le=1000, step=5,
        description="Overall diameter of the tyre.",
    )
    tire_width_mm: float = quantity(
        title="Tyre width", unit="mm", ge=100, le=400, step=5,
        description="Section width of the tyre.",
    )

    @property
    def rear_overhang_mm(self) -> float:
        return self.length_mm - self.wheelbase_mm - self.front_overhang_mm

    @model_validator(mode="after")
    def _fits_together(self) -> Dimensions:
        radius = self.tire_diameter_mm / 2
        if self.front_overhang_mm < radius:
            raise FieldValueError("front_overhang_mm", overhang_within_wheel_message(
                self.front_overhang_mm, self.tire_diameter_mm))
        if self.rear_overhang_mm < radius:
            raise FieldValueError("wheelbase_mm", no_rear_overhang_message(
                self.wheelbase_mm, self.front_overhang_mm, self.tire_diameter_mm, self.length_mm))
        for name in ("front_track_mm", "rear_track_mm"):
            track = getattr(self, name)
            if track + self.tire_width_mm > self.width_mm:
                raise FieldValueError(name, track_too_wide_message(track, self.tire_width_mm, self.width_mm))
        if self.height_mm - self.ground_clearance_mm < MIN_BODY_ABOVE_CLEARANCE_MM:
            raise FieldValueError("height_mm", body_too_low_message(self.height_mm, self.ground_clearance_mm))
        if self.tire_diameter_mm >= self.height_mm:
            raise FieldValueError("tire_diameter_mm", tyre_too_tall_message(self.tire_diameter_mm, self.height_mm))
        return self


_TOP_SPEED = dict(
    title="Top speed", unit="km/h", ge=10, le=300, step=1,
    description="Maximum speed the vehicle can attain (decides the low-speed-vehicle class).",
)
_PACK = dict(
    title="Pack voltage", unit="V", ge=12, le=1000, step=1,
    description="Nominal working voltage of the traction battery (DC).",
)
_BATTERY = dict(
    title="Battery energy", unit="kWh", ge=0.01, le=250, step=0.1,
    description="Usable energy of the traction battery (a 12 V mild-hybrid pack holds about 0.1 kWh).",
)
_FUEL = dict(
    title="Fuel tank", unit="L", ge=1, le=200, step=1,
    description="Fuel tank capacity.",
)
_DISPLACEMENT = dict(
    title="Displacement", unit="cc", ge=50, le=5000, step=1,
    description="Engine swept volume.",
)
_ENGINE = dict(
    title="Engine power", unit="kW", ge=1, le=400, step=0.1,
    description="Peak engine output.",
)
_MOTOR = dict(
    title="Motor power", unit="kW", ge=0.5, le=400, step=0.1,
    description="Peak traction-motor output.",
)


class GasPowertrain(Frozen):
    kind: Literal["gas"] = Field("gas", title="Powertrain", description="Gasoline engine.")
    displacement_cc: float = quantity(**_DISPLACEMENT)
    engine_power_kw: float = quantity(**_ENGINE)
    fuel_tank_l: float = quantity(**_FUEL)
    top_speed_kmh: float = quantity(**_TOP_SPEED)

    @property
    def peak_power_kw(self) -> float:
        return self.engine_power_kw


class ElectricPowertrain(Frozen):
    kind: Literal["electric"] = Field("electric", title="Powertrain", description="Battery-electric drive.")
    motor_power_kw: float = quantity(**_MOTOR)
    battery_kwh: float = quantity(**_BATTERY)
    pack_voltage_v: float = quantity(**_PACK)
    top_speed_kmh: float = quantity(**_TOP_SPEED)

    @property
    def peak_power_kw(self) -> float:
        return self.motor_power_kw


class HybridPowertrain(Frozen):
    kind: Literal["hybrid"] = Field("hybrid", title="Powertrain", description="Gasoline engine with traction motor.")
    displacement_cc: float = quantity(**_DISPLACEMENT)
    engine_power_kw: float = quantity(**_ENGINE)
    motor_power_kw: float = quantity(**_MOTOR)
    system_power_kw: float = quantity(
        title="System power", unit="kW", ge=0.5, le=800, step=0.1,
        description="Combined peak output of engine and motor together.",
    )
    battery_kwh: float = quantity(**_BATTERY)
    pack_voltage_v: float = quantity(**_PACK)
    fuel_tank_l: float = quantity(**_FUEL)
    top_speed_kmh: float = quantity(**_TOP_SPEED)

    @property
    def peak_power_kw(self) -> float:
        """The system power, or the engine's where it is typed above that: a system power typed below the engine's
        cannot make the vehicle less powerful than its engine (kW)."""
        return max(self.system_power_kw, self.engine_power_kw)

    @model_validator(mode="after")
    def _system_power_possible(self) -> HybridPowertrain:
        total = self.engine_power_kw + self.motor_power_kw
        if self.system_power_kw > total + SYSTEM_POWER_SLACK_KW:
            raise FieldValueError("system_power_kw", system_power_message(
                self.system_power_kw, self.engine_power_kw, self.motor_power_kw))
        return self


Powertrain = Annotated[Union[GasPowertrain, ElectricPowertrain, HybridPowertrain], Field(discriminator="kind")]
POWERTRAIN_KINDS: dict[str, type[Frozen]] = {
    "gas": GasPowertrain,
    "electric": ElectricPowertrain,
    "hybrid": HybridPowertrain,
}


class Structure(Frozen):
    frame: Frame = choice(title="Frame", description="Ladder frame (trucks) or unitary body.")
    material: Material = choice(title="Main material", description="Material of the main body structure.")
    roof_strength_kn: float = quantity(
        title="Roof strength", unit="kN", ge=1, le=300, step=0.5,
        description="Peak force the roof carries in the platen test within 127 mm of travel (weaker side).",
    )
    side_door_beams: bool = flag(title="Side door beams", description="Intrusion beams in the side doors.")


class Occupancy(Frozen):
    """The seats are the occupant package's (`Design.package`): their count is derived, never typed."""

    payload_kg: float = quantity(
        title="Payload", unit="kg", ge=0, le=2000, step=5,
        description="Rated cargo and luggage load.",
    )


class Mass(Frozen):
    curb_mass_kg: float = quantity(
        title="Curb mass", unit="kg", ge=200, le=5000, step=5,
        description="Unloaded vehicle weight: full fluids, no occupants or cargo.",
    )
    cg_height_mm: float | None = quantity(
        title="CG height", unit="mm", ge=150, le=2000, step=5,
        description="Centre-of-gravity height at curb mass; leave empty to estimate it from the geometry.",
    )
    rated_gvwr_kg: float | None = quantity(
        title="Rated GVWR", unit="kg", ge=300, le=10000, step=5,
        description="Gross vehicle weight rating to be declared; leave empty to use the minimum the rules allow.",
    )
    curb_front_axle_pct: float | None = quantity(
        title="Front axle share", unit="%", ge=20, le=80, step=0.5,
        description="Share of the curb mass on the front axle (weight distribution); leave empty to estimate it "
        "from the layout.",
    )


class Lighting(Frozen):
    headlamp_height_mm: float = quantity(
        title="Headlamp height", unit="mm", ge=100, le=2500, step=5,
        description="Height of the headlamp centre above the road at curb weight.",
    )
    tail_lamp_height_mm: float = quantity(
        title="Tail lamp height", unit="mm", ge=100, le=2500, step=5,
        description="Height of the tail lamp centre above the road at curb weight.",
    )
    bumper_height_mm: float = quantity(
        title="Bumper height", unit="mm", ge=100, le=1500, step=5,
        description="Height of the bumper's impact line (centre of the bumper face) above the road.",
    )
    turn_signals: bool = flag(title="Turn signals", description="Front and rear turn signal lamps.")
    reflex_reflectors: bool = flag(title="Reflex reflectors",
                                   description="Red reflex reflectors at the rear and sides.")
    chmsl: bool = flag(title="Centre high-mounted stop lamp",
                       description="A third stop lamp on the vertical centre line (FMVSS 108 CHMSL).")
    chmsl_height_mm: float = quantity(
        title="CHMSL height", unit="mm", ge=100, le=3000, step=5,
        description="Height of the centre high-mounted stop lamp's centre above the road at curb weight.",
    )


class Safety(Frozen):
    frontal_airbags: bool = flag(title="Frontal airbags", description="Driver and right-front frontal airbags.")
    side_airbags: bool = flag(title="Side airbags", description="Seat- or door-mounted thorax side airbags.")
    curtain_airbags: bool = flag(title="Curtain airbags", description="Roof-rail curtains covering the side windows.")
    esc: bool = flag(title="ESC", description="Electronic stability control.")
    tpms: bool = flag(title="TPMS", description="Tyre pressure monitoring system.")
    rear_camera: bool = flag(title="Rear camera", description="Rear-view camera and display.")
    pedestrian_alert_sound: bool = flag(
        title="Pedestrian alert sound", description="Acoustic vehicle alerting system for low speeds."
    )
    exterior_mirrors: bool = flag(
        title="Exterior mirrors", description="Driver-side exterior mirror plus a passenger-side or interior mirror."
    )
    parking_brake: bool = flag(title="Parking brake", description="Parking brake fitted.")
    safety_glazing: bool = flag(
        title="Safety-glazed windshield", description="Windshield of FMVSS 205 safety glazing."
    )


def _outside_the_body(path: str, height_mm: float, d: Dimensions) -> FieldValueError:
    return FieldValueError(path, outside_the_body_message(height_mm, d.ground_clearance_mm, d.height_mm))


class Design(Frozen):
    name: str = Field(..., title="Name", min_length=1, max_length=120, description="Name of the design.")
    notes: str = Field(..., title="Notes", max_length=20000, description="Free text for the designer.")
    body_style: BodyStyle = choice(title="Body style", description="Shape of the body.")
    us_class: USClass = choice(
        title="US class", description="Vehicle class under 49 CFR 571.3; decides which US rules apply."
    )
    dimensions: Dimensions
    powertrain: Powertrain
    structure: Structure
    front_end: FrontEnd
    road_load: RoadLoad
    occupancy: Occupancy
    package: Package
    mass: Mass
    lighting: Lighting
    safety: Safety
    plan: CompliancePlan

    @field_validator("name")
    @classmethod
    def _one_printable_line(cls, name: str) -> str:
        """A name is a title on one line: no line breaks, tabs or terminal control sequences (it goes into window
        titles, file names, report headers and terminal output)."""
        bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Zl", "Zp")), None)
        if bad is not None:
            raise FieldValueError("", Msg("holds a control character (U+{0}); a name is one line of text",
                                          f"{ord(bad):04X}"))
        if not name.strip():
            raise FieldValueError("", Msg("is blank; give the design a name"))
        return name

    @field_validator("notes")
    @classmethod
    def _text_lines(cls, notes: str) -> str:
        bad = next((ch for ch in notes if unicodedata.category(ch) == "Cc" and ch not in "\n\t\r"), None)
        if bad is not None:
            raise FieldValueError("", Msg("holds a control character (U+{0}); notes are plain text",
                                          f"{ord(bad):04X}"))
        return notes

    @model_validator(mode="after")
    def _parts_agree(self) -> Design:
        d = self.dimensions
        low, high = d.ground_clearance_mm, d.height_mm
        for name in ("headlamp_height_mm", "tail_lamp_height_mm", "bumper_height_mm", "chmsl_height_mm"):
            value = getattr(self.lighting, name)
            if not low <= value <= high:
                raise _outside_the_body(f"lighting.{name}", value, d)
        cg = self.mass.cg_height_mm
        if cg is not None and cg >= d.height_mm:
            raise FieldValueError("mass.cg_height_mm", cg_above_roof_message(cg, d.height_mm))
        self._package_fits()
        self._front_end_fits()
        return self

    def _front_end_fits(self) -> None:
        """The front end inside the body: the firewall and the cowl between the vehicle's ends, the rigid block
        shorter than the room ahead of the firewall (some length must crush), the windscreen reaching the roof
        before the rear, the cowl and bonnet edge inside the height, the rails inside the width, the front row
        behind the firewall."""
        d, f = self.dimensions, self.front_end
        firewall = d.front_overhang_mm + f.firewall_x_mm
        if not 0 < firewall < d.length_mm:
            raise FieldValueError("front_end.firewall_x_mm", firewall_outside_length_message(
                f.firewall_x_mm, d.front_overhang_mm, d.length_mm))
        if f.block_length_mm >= firewall:
            raise FieldValueError("front_end.block_length_mm", nothing_to_crush_message(
                f.block_length_mm, d.front_overhang_mm, f.firewall_x_mm))
        for name in ("bonnet_leading_edge_height_mm", "cowl_height_mm"):
            value = getattr(f, name)
            if not d.ground_clearance_mm < value < d.height_mm:
                raise _outside_the_body(f"front_end.{name}", value, d)
        cowl = d.front_overhang_mm + f.cowl_x_mm
        if not 0 < cowl < d.length_mm:
            raise FieldValueError("front_end.cowl_x_mm", windscreen_base_outside_length_message(
                f.cowl_x_mm, d.front_overhang_mm, d.length_mm))
        top = windscreen_top_mm(d.front_overhang_mm, f.cowl_x_mm, f.cowl_height_mm, f.windscreen_rake_deg,
                                d.height_mm)
        if top >= d.length_mm:
            raise FieldValueError("front_end.windscreen_rake_deg", windscreen_too_raked_message(
                f.windscreen_rake_deg, d.front_overhang_mm, f.cowl_x_mm, f.cowl_height_mm, d.height_mm, d.length_mm))
        wheel = (d.front_track_mm - d.tire_width_mm) / 2  # the front tyres' inner faces, from the centre line
        if f.rail_offset_mm >= wheel:
            raise FieldValueError("front_end.rail_offset_mm", rails_through_wheels_message(
                f.rail_offset_mm, d.front_track_mm, d.tire_width_mm))
        front_row = self.package.rows[0].h_point_x_mm
        if f.cowl_x_mm >= front_row:
            raise FieldValueError("front_end.cowl_x_mm", windscreen_among_occupants_message(f.cowl_x_mm, front_row))
        if front_row <= f.firewall_x_mm:
            raise FieldValueError("front_end.firewall_x_mm", firewall_behind_front_row_message(
                f.firewall_x_mm, front_row))

    def _package_fits(self) -> None:
        """The seats inside the body: the cabin narrower and lower than the vehicle, every H-point between its
        ends, every head restraint under the headliner, every floor above the body's lowest point."""
        d, package = self.dimensions, self.package
        if package.cabin_width_mm >= d.width_mm:
            raise FieldValueError("package.cabin_width_mm", cabin_too_wide_message(package.cabin_width_mm, d.width_mm))
        if package.headliner_height_mm >= d.height_mm:
            raise FieldValueError("package.headliner_height_mm", headliner_above_roof_message(
                package.headliner_height_mm, d.height_mm))
        for i, row in enumerate(package.rows):
            from_front = d.front_overhang_mm + row.h_point_x_mm
            if not 0 < from_front < d.length_mm:
                raise FieldValueError(f"package.rows.{i}.h_point_x_mm", h_point_outside_length_message(
                    row.h_point_x_mm, d.front_overhang_mm, d.length_mm))
            for j, seat in enumerate(row.seats):
                if seat.head_restraint_mm is None:
                    continue
                top = head_restraint_top_mm(row.h_point_z_mm, seat.head_restraint_mm, row.back_angle_deg)
                if top > package.headliner_height_mm:
                    raise FieldValueError(
                        f"package.rows.{i}.seats.{j}.head_restraint_mm", head_restraint_too_high_message(
                            seat.head_restraint_mm, row.h_point_z_mm, row.back_angle_deg,
                            package.headliner_height_mm))
            if row.floor_z_mm < d.ground_clearance_mm:
                raise FieldValueError(f"package.rows.{i}.seat_height_mm", floor_below_clearance_message(
                    row.h_point_z_mm, row.seat_height_mm, d.ground_clearance_mm))


# --- the validators' refusals ------------------------------------------------------------------------------------
# Each message is made by one function from the values the validator reads (lengths in mm, powers in kW, angles in
# degrees), so that the batch engine's twin of a validator (batch/validate.py) gives a refused variant the very text
# the model gives it, without building the model.

def _mm(value: float) -> Num:
    return Num(value, "mm", exact=True)


def overhang_within_wheel_message(front_overhang_mm: float, tire_diameter_mm: float) -> Msg:
    """Dimensions: a front overhang shorter than the tyre radius."""
    return Msg("{0} is shorter than the tyre radius {1}; the front wheel would stand out of the body",
               _mm(front_overhang_mm), _mm(tire_diameter_mm / 2))


def no_rear_overhang_message(wheelbase_mm: float, front_overhang_mm: float, tire_diameter_mm: float,
                             length_mm: float) -> Msg:
    """Dimensions: a rear overhang shorter than the tyre radius."""
    return Msg("wheelbase + front overhang ({0}) must leave a rear overhang of at least the tyre radius ({1}) "
               "within the length {2}", _mm(wheelbase_mm + front_overhang_mm), _mm(tire_diameter_mm / 2),
               _mm(length_mm))


def track_too_wide_message(track_mm: float, tire_width_mm: float, width_mm: float) -> Msg:
    """Dimensions: a track (front or rear) whose tyres stand out of the body width."""
    return Msg("track + tyre width ({0}) exceeds the body width {1}", _mm(track_mm + tire_width_mm), _mm(width_mm))


def body_too_low_message(height_mm: float, ground_clearance_mm: float) -> Msg:
    """Dimensions: less than MIN_BODY_ABOVE_CLEARANCE_MM of body above the ground clearance."""
    return Msg("{0} leaves less than {1} of body above the {2} ground clearance", _mm(height_mm),
               Num(MIN_BODY_ABOVE_CLEARANCE_MM, "mm"), _mm(ground_clearance_mm))


def tyre_too_tall_message(tire_diameter_mm: float, height_mm: float) -> Msg:
    """Dimensions: a tyre at least as tall as the vehicle."""
    return Msg("{0} must be less than the height {1}", _mm(tire_diameter_mm), _mm(height_mm))


def system_power_message(system_power_kw: float, engine_power_kw: float, motor_power_kw: float) -> Msg:
    """HybridPowertrain: a system power above engine + motor."""
    return Msg("{0} exceeds engine + motor ({1})", Num(system_power_kw, "kW", exact=True),
               Num(engine_power_kw + motor_power_kw, "kW", exact=True))


def outside_the_body_message(value_mm: float, ground_clearance_mm: float, height_mm: float) -> Msg:
    """Design: a lamp, the bumper, the bonnet's leading edge or the cowl at a height outside the body."""
    return Msg("{0} lies outside the body: it must be between the ground clearance {1} and the height {2}",
               _mm(value_mm), _mm(ground_clearance_mm), _mm(height_mm))


def cg_above_roof_message(cg_height_mm: float, height_mm: float) -> Msg:
    """Design: a CG height at or above the vehicle's height."""
    return Msg("{0} must be below the height {1}", _mm(cg_height_mm), _mm(height_mm))


def cabin_too_wide_message(cabin_width_mm: float, width_mm: float) -> Msg:
    """Design: shoulder room at least the body width."""
    return Msg("{0} is not inside the {1} body width", _mm(cabin_width_mm), _mm(width_mm))


def headliner_above_roof_message(headliner_height_mm: float, height_mm: float) -> Msg:
    """Design: a headliner at or above the roof."""
    return Msg("{0} is not below the {1} roof", _mm(headliner_height_mm), _mm(height_mm))


def h_point_outside_length_message(h_point_x_mm: float, front_overhang_mm: float, length_mm: float) -> Msg:
    """Design: a row's H-point (behind the front axle) at or beyond an end of the vehicle."""
    return Msg("{0} puts the H-point {1} from the front, outside the {2} length", _mm(h_point_x_mm),
               _mm(front_overhang_mm + h_point_x_mm), _mm(length_mm))


def head_restraint_top_mm(h_point_z_mm: float, head_restraint_mm: float, back_angle_deg: float) -> float:
    """Height (mm above the ground) of a head restraint's top: `head_restraint_mm` above the H-point along a torso
    line `back_angle_deg` from the vertical."""
    return h_point_z_mm + head_restraint_mm * math.cos(math.radians(back_angle_deg))


def head_restraint_too_high_message(head_restraint_mm: float, h_point_z_mm: float, back_angle_deg: float,
                                    headliner_height_mm: float) -> Msg:
    """Design: a head restraint whose top is above the headliner."""
    return Msg("{0} along the torso line puts its top at {1}, through the {2} headliner", _mm(head_restraint_mm),
               Num(head_restraint_top_mm(h_point_z_mm, head_restraint_mm, back_angle_deg), "mm"),
               _mm(headliner_height_mm))


def floor_below_clearance_message(h_point_z_mm: float, seat_height_mm: float, ground_clearance_mm: float) -> Msg:
    """Design: a row's floor (H-point height − seat height) below the ground clearance."""
    return Msg("H-point {0} − seat height {1} puts the floor at {2}, below the {3} ground clearance",
               _mm(h_point_z_mm), _mm(seat_height_mm), _mm(h_point_z_mm - seat_height_mm), _mm(ground_clearance_mm))


def _ahead_or_behind(from_front_mm: float) -> str:
    return "ahead of" if from_front_mm <= 0 else "behind"


def firewall_outside_length_message(firewall_x_mm: float, front_overhang_mm: float, length_mm: float) -> Msg:
    """Design: a firewall (behind the front axle) at or beyond an end of the vehicle."""
    firewall = front_overhang_mm + firewall_x_mm
    return Msg("{0} puts the firewall {1} {2} the bumper face, outside the {3} length", _mm(firewall_x_mm),
               Num(abs(firewall), "mm"), _ahead_or_behind(firewall), _mm(length_mm))


def nothing_to_crush_message(block_length_mm: float, front_overhang_mm: float, firewall_x_mm: float) -> Msg:
    """Design: a rigid block at least as long as the bumper face to the firewall."""
    return Msg("{0} fills the {1} from the bumper face to the firewall: nothing would be left to crush",
               _mm(block_length_mm), _mm(front_overhang_mm + firewall_x_mm))


def windscreen_base_outside_length_message(cowl_x_mm: float, front_overhang_mm: float, length_mm: float) -> Msg:
    """Design: a cowl point (behind the front axle) at or beyond an end of the vehicle."""
    cowl = front_overhang_mm + cowl_x_mm
    return Msg("{0} puts the windscreen base {1} {2} the bumper face, outside the {3} length", _mm(cowl_x_mm),
               Num(abs(cowl), "mm"), _ahead_or_behind(cowl), _mm(length_mm))


def windscreen_top_mm(front_overhang_mm: float, cowl_x_mm: float, cowl_height_mm: float, windscreen_rake_deg: float,
                      height_mm: float) -> float:
    """Where (mm from the bumper face) the windscreen reaches the roof at `height_mm`."""
    return front_overhang_mm + cowl_x_mm + windscreen_run_mm(height_mm - cowl_height_mm, windscreen_rake_deg)


def windscreen_too_raked_message(windscreen_rake_deg: float, front_overhang_mm: float, cowl_x_mm: float,
                                 cowl_height_mm: float, height_mm: float, length_mm: float) -> Msg:
    """Design: a windscreen that would reach the roof at or beyond the rear end."""
    return Msg("{0} lays the windscreen back so far that it would reach the roof {1} from the front, beyond the {2} "
               "length", Num(windscreen_rake_deg, "°", exact=True),
               Num(windscreen_top_mm(front_overhang_mm, cowl_x_mm, cowl_height_mm, windscreen_rake_deg, height_mm),
                   "mm"), _mm(length_mm))


def rails_through_wheels_message(rail_offset_mm: float, front_track_mm: float, tire_width_mm: float) -> Msg:
    """Design: front rails at or beyond the front tyres' inner faces."""
    return Msg("{0} from the centre line runs the rails through the front wheels, whose inner faces are {1} out "
               "(front track {2}, tyres {3} wide)", _mm(rail_offset_mm),
               Num((front_track_mm - tire_width_mm) / 2, "mm"), _mm(front_track_mm), _mm(tire_width_mm))


def windscreen_among_occupants_message(cowl_x_mm: float, front_row_h_point_x_mm: float) -> Msg:
    """Design: a cowl point at or behind the front row's H-point (both behind the front axle)."""
    return Msg("{0} puts the windscreen base behind the front row's H-point ({1} behind the front axle): the "
               "windscreen would stand among the occupants", _mm(cowl_x_mm), _mm(front_row_h_point_x_mm))


def firewall_behind_front_row_message(firewall_x_mm: float, front_row_h_point_x_mm: float) -> Msg:
    """Design: a firewall at or behind the front row's H-point (both behind the front axle)."""
    return Msg("{0} puts the firewall behind the front row's H-point ({1} behind the front axle)", _mm(firewall_x_mm),
               _mm(front_row_h_point_x_mm))
