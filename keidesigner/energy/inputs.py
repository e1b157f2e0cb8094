"""What the energy model is told about a vehicle: the design's figures in the units FASTSim takes, each with where
it came from, so the report can say which were typed and which were defaults.

Pure Python; knows nothing of FASTSim (energy/vehicle.py builds the FASTSim vehicle) or of the geometry (the
analysis measures the frontal area on the 3-D model and passes it in).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..design import Design
from ..design.road_load import STYLE_DRAG_COEFFICIENT
from ..design.units import KG_PER_LB

# EPA tests a light-duty vehicle at its loaded vehicle weight: curb weight plus 300 lb (40 CFR 86.1803-01,
# "Loaded vehicle weight"; docs/sources.md). The test-weight classes of 40 CFR 1066.805 round this to inertia
# steps of 125–250 lb; the model uses the loaded weight itself, which the rounding moves by at most 2 %.
EPA_TEST_LOAD_KG = 300 * KG_PER_LB


@dataclass(frozen=True, slots=True)
class EnergyInputs:
    """One vehicle as the energy model sees it.

    powertrain: "gas" | "electric" | "hybrid". Masses in kg, powers in kW, energies in kWh, lengths in m.
    `*_source` fields say where a figure came from ("typed", "body style", "3-D model", "template").
    """

    powertrain: str
    curb_mass_kg: float
    test_mass_kg: float
    drag_coefficient: float
    drag_source: str
    frontal_area_m2: float
    frontal_area_source: str
    rolling_resistance_n_per_kn: float
    wheel_radius_m: float | None  # None: the template's
    wheelbase_m: float | None
    engine_kw: float | None
    motor_kw: float | None
    battery_kwh: float | None
    fuel_tank_l: float | None
    accessory_load_w: float | None  # None: the FASTSim template's own auxiliary load
    top_speed_kmh: float | None = None  # None: not checked against the cycles' peaks (a calibration car)

    @property
    def drag_area_m2(self) -> float:
        """Cd·A, m²: what the air resists."""
        return self.drag_coefficient * self.frontal_area_m2


def drag_coefficient(design: Design) -> tuple[float, str]:
    """The drag coefficient the energy model takes, and where it comes from: the typed one, else the body style's."""
    if design.road_load.drag_coefficient is not None:
        return design.road_load.drag_coefficient, "typed"
    return STYLE_DRAG_COEFFICIENT[design.body_style.value], "body style"


def inputs_for(design: Design, measured_frontal_area_m2: float | None) -> EnergyInputs:
    """The energy model's inputs for `design`.

    `measured_frontal_area_m2` is the 3-D model's front projection (geometry/frontal_area.py); it is used when the
    design leaves `road_load.frontal_area_m2` empty. Raises ValueError when the design leaves it empty and no
    measurement is given.
    """
    road, p = design.road_load, design.powertrain
    if road.frontal_area_m2 is not None:
        area, area_source = road.frontal_area_m2, "typed"
    elif measured_frontal_area_m2 is not None and measured_frontal_area_m2 > 0:
        area, area_source = measured_frontal_area_m2, "3-D model"
    else:
        raise ValueError("the frontal area is neither typed nor measured on the 3-D model")
    cd, cd_source = drag_coefficient(design)
    return EnergyInputs(
        powertrain=p.kind,
        curb_mass_kg=design.mass.curb_mass_kg,
        test_mass_kg=design.mass.curb_mass_kg + EPA_TEST_LOAD_KG,
        drag_coefficient=cd,
        drag_source=cd_source,
        frontal_area_m2=area,
        frontal_area_source=area_source,
        rolling_resistance_n_per_kn=road.rolling_resistance_n_per_kn,
        wheel_radius_m=design.dimensions.tire_diameter_mm / 2000,
        wheelbase_m=design.dimensions.wheelbase_mm / 1000,
        engine_kw=getattr(p, "engine_power_kw", None),
        motor_kw=getattr(p, "motor_power_kw", None),
        battery_kwh=getattr(p, "battery_kwh", None),
        fuel_tank_l=getattr(p, "fuel_tank_l", None),
        accessory_load_w=road.accessory_load_w,
        top_speed_kmh=p.top_speed_kmh,
    )
