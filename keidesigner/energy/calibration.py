"""Calibrating the FASTSim model on real small cars, and how well it then predicts them.

FASTSim's templates with press-style inputs (curb mass, power, Cd, frontal area) are optimistic on small cars:
about 20 % on the gasoline cars of the calibration set. The set (`data/calibration_set.csv`, every figure sourced
in docs/calibration-set.md) holds small gasoline, hybrid and electric cars with their EPA unadjusted city (UDDS)
and highway (HWFET) results from fueleconomy.gov. Per powertrain and cycle the model is scaled by one factor:

    factor = geometric mean over the cars of (EPA unadjusted ÷ simulated)      (mpg, or MPGe at the wall)

Accuracy is measured leave-one-out: each car is predicted with factors fitted on the others, and its predicted
combined figure compared with EPA's. The band an estimate is shown with is the 10th to 90th percentile of those
errors for its powertrain (interpolated: with four cars of a powertrain, the two extremes lie outside it).

`python -m keidesigner.energy.recalibrate` recomputes the factors, the band and the leave-one-out table and writes
`data/calibration.json`; the tests check that the file matches what the data gives.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

import numpy as np

from ..design.road_load import DEFAULT_ROLLING_RESISTANCE_N_PER_KN, STYLE_DRAG_COEFFICIENT
from . import label
from .inputs import EPA_TEST_LOAD_KG, EnergyInputs
from .vehicle import CYCLES, NO_CALIBRATION, CycleRun, EnergyModelError, simulate

DATA = "data"
SET_FILE = "calibration_set.csv"
RESULT_FILE = "calibration.json"
BAND_PERCENTILES = (10.0, 90.0)
# Frontal area of a car whose area is unpublished: this share of overall width × height. "the product of the
# overall vehicle height, width and the coefficient, 0.80, yields a good approximation of the actual vehicle
# reference frontal area" (Goodall & Thompson, Prediction of Vehicle Reference Frontal Area, US EPA technical
# support report, 1977; docs/calibration-set.md).
FRONTAL_AREA_SHARE = 0.80
_TYRE = re.compile(r"^P?(\d{3})/(\d{2})R(\d{2})$")


@dataclass(frozen=True, slots=True)
class CalibrationCar:
    """One row of the calibration set: specifications (SI units) and EPA's unadjusted results (mpg, or MPGe for
    an electric car)."""

    id: str
    name: str
    powertrain: str
    curb_mass_kg: float
    width_mm: float | None
    height_mm: float | None
    frontal_area_m2: float | None
    drag_coefficient: float | None
    engine_kw: float | None
    motor_kw: float | None
    battery_kwh: float | None
    tyre: str | None
    epa_unadj_city: float
    epa_unadj_highway: float

    @property
    def epa_unadj_combined(self) -> float:
        return label.combined(self.epa_unadj_city, self.epa_unadj_highway)

    @property
    def usable(self) -> bool:
        """Whether the model can be given the car's frontal area: published, or from its width and height."""
        return self.frontal_area_m2 is not None or bool(self.width_mm and self.height_mm)


def _number(row: dict[str, str], key: str) -> float | None:
    text = row.get(key, "").strip()
    return float(text) if text else None


def _required(row: dict[str, str], key: str) -> float:
    value = _number(row, key)
    if value is None:
        raise ValueError(f"calibration car {row.get('id')!r} has no {key}")
    return value


def load_set(text: str | None = None) -> list[CalibrationCar]:
    """The calibration set (the bundled CSV unless `text` is given). Raises ValueError for a row lacking a
    required figure (mass, EPA results, the powertrain's power and an electric car's battery)."""
    if text is None:
        text = resources.files(__package__).joinpath(DATA, SET_FILE).read_text(encoding="utf-8")
    cars = []
    for row in csv.DictReader(text.splitlines()):
        powertrain = row["powertrain"].strip()
        cars.append(CalibrationCar(
            id=row["id"], name=f"{row['model_year']} {row['make']} {row['model']}", powertrain=powertrain,
            curb_mass_kg=_required(row, "curb_mass_kg"), width_mm=_number(row, "width_mm"),
            height_mm=_number(row, "height_mm"), frontal_area_m2=_number(row, "frontal_area_m2"),
            drag_coefficient=_number(row, "drag_coefficient"),
            engine_kw=_required(row, "engine_kw") if powertrain != "electric" else None,
            motor_kw=_required(row, "motor_kw") if powertrain != "gas" else None,
            battery_kwh=_required(row, "battery_kwh") if powertrain == "electric" else _number(row, "battery_kwh"),
            tyre=row.get("tyre", "").strip() or None,
            epa_unadj_city=_required(row, "epa_unadj_city"), epa_unadj_highway=_required(row, "epa_unadj_highway"),
        ))
    return cars


def tyre_radius_m(code: str | None) -> float | None:
    """Unloaded radius of a tyre from its size code ('175/65R15'), m; None for no or an unreadable code."""
    match = _TYRE.match(code or "")
    if not match:
        return None
    width, aspect, rim = (int(g) for g in match.groups())
    return (rim * 25.4 + 2 * width * aspect / 100) / 2000


def car_inputs(car: CalibrationCar) -> EnergyInputs:
    """The energy model's inputs for a calibration car, with the defaults a design gets where a figure is
    unpublished: the hatchback Cd (every car of the set is a hatch or a hatch-derived coupe or convertible, tested
    roof up), the width × height share for the frontal area, class C tyres, the template's accessory load, wheel
    radius and, for a hybrid of unpublished battery, the template's battery. Raises ValueError when neither a
    frontal area nor width and height are known."""
    if car.frontal_area_m2 is not None:
        area, area_source = car.frontal_area_m2, "published"
    elif car.width_mm and car.height_mm:
        area, area_source = FRONTAL_AREA_SHARE * car.width_mm * car.height_mm / 1e6, "width × height"
    else:
        raise ValueError(f"calibration car {car.id!r} has neither a frontal area nor width and height")
    cd = car.drag_coefficient if car.drag_coefficient is not None else STYLE_DRAG_COEFFICIENT["hatchback"]
    return EnergyInputs(
        powertrain=car.powertrain, curb_mass_kg=car.curb_mass_kg, test_mass_kg=car.curb_mass_kg + EPA_TEST_LOAD_KG,
        drag_coefficient=cd, drag_source="published" if car.drag_coefficient is not None else "body style",
        frontal_area_m2=area, frontal_area_source=area_source,
        rolling_resistance_n_per_kn=DEFAULT_ROLLING_RESISTANCE_N_PER_KN,
        wheel_radius_m=tyre_radius_m(car.tyre), wheelbase_m=None,
        engine_kw=car.engine_kw, motor_kw=car.motor_kw, battery_kwh=car.battery_kwh, fuel_tank_l=None,
        accessory_load_w=None,
    )


def economy(runs: dict[str, CycleRun], powertrain: str) -> dict[str, float]:
    """Uncalibrated unadjusted economy per cycle from `simulate`'s runs: mpg for fuel, MPGe of the battery's
    energy for electric cars."""
    if powertrain == "electric":
        return {c: label.mpge(runs[c].battery_kwh / runs[c].distance_mi) for c in CYCLES}
    return {c: runs[c].distance_mi / (runs[c].fuel_kwh / label.KWH_PER_GALLON_EQUIVALENT) for c in CYCLES}


def simulated_unadjusted(inputs: EnergyInputs) -> dict[str, float]:
    """`economy` of `inputs` driven through both cycles. Raises EnergyModelError (vehicle.py) when the vehicle
    cannot be simulated."""
    return economy(simulate(inputs), inputs.powertrain)


def _epa(car: CalibrationCar) -> dict[str, float]:
    return {"udds": car.epa_unadj_city, "hwfet": car.epa_unadj_highway}


def fit(cars: list[CalibrationCar], simulated: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """{powertrain: {cycle: factor}}: the geometric mean of EPA ÷ simulated over `cars` of each powertrain.
    `simulated` maps a car id to its `simulated_unadjusted`."""
    factors: dict[str, dict[str, float]] = {}
    for powertrain in sorted({c.powertrain for c in cars}):
        group = [c for c in cars if c.powertrain == powertrain]
        factors[powertrain] = {
            cycle: math.exp(float(np.mean([math.log(_epa(c)[cycle] / simulated[c.id][cycle]) for c in group])))
            for cycle in CYCLES
        }
    return factors


@dataclass(frozen=True, slots=True)
class HeldOut:
    """One car predicted by factors fitted on the others: combined unadjusted figures and the relative error
    (predicted ÷ EPA − 1)."""

    id: str
    name: str
    powertrain: str
    epa_combined: float
    predicted_combined: float

    @property
    def error(self) -> float:
        return self.predicted_combined / self.epa_combined - 1


def leave_one_out(cars: list[CalibrationCar], simulated: dict[str, dict[str, float]]) -> list[HeldOut]:
    """Each car predicted with factors fitted on the rest of its powertrain's cars (needs ≥ 2 per powertrain)."""
    result = []
    for car in cars:
        others = [c for c in cars if c.id != car.id]
        factors = fit(others, simulated)[car.powertrain]
        predicted = label.combined(*(simulated[car.id][c] * factors[c] for c in CYCLES))
        result.append(HeldOut(car.id, car.name, car.powertrain, car.epa_unadj_combined, predicted))
    return result


@dataclass(frozen=True)
class Calibration:
    """The calibration as the estimate uses it: factors and band per powertrain, and the leave-one-out table."""

    factors: dict[str, dict[str, float]]
    band: dict[str, tuple[float, float]]  # powertrain -> (10th, 90th percentile of the relative error)
    held_out: tuple[HeldOut, ...]
    fastsim_version: str

    def share_within(self, tolerance: float, powertrain: str | None = None) -> float:
        """Share of the held-out cars (of `powertrain`, or all) predicted within ±tolerance (0.15 = 15 %)."""
        rows = [h for h in self.held_out if powertrain in (None, h.powertrain)]
        return sum(abs(h.error) <= tolerance for h in rows) / len(rows)

    def cars(self, powertrain: str) -> int:
        return sum(h.powertrain == powertrain for h in self.held_out)

    def to_json(self) -> str:
        return json.dumps({
            "fastsim_version": self.fastsim_version,
            "band_percentiles": list(BAND_PERCENTILES),
            "factors": self.factors,
            "band": {k: list(v) for k, v in self.band.items()},
            "held_out": [asdict(h) | {"error": round(h.error, 6)} for h in self.held_out],
        }, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        data = json.loads(text)
        held = tuple(HeldOut(**{k: v for k, v in h.items() if k != "error"}) for h in data["held_out"])
        return cls(data["factors"], {k: (float(a), float(b)) for k, (a, b) in data["band"].items()}, held,
                   data["fastsim_version"])


def calibrate(cars: list[CalibrationCar] | None = None) -> Calibration:
    """Simulate every car of the set, fit the factors on all of them and measure leave-one-out accuracy.
    Takes about a second. Raises EnergyModelError if a car cannot be simulated."""
    from .vehicle import fastsim

    cars = [c for c in (load_set() if cars is None else cars) if c.usable]
    simulated = {car.id: simulated_unadjusted(car_inputs(car)) for car in cars}
    held = leave_one_out(cars, simulated)
    band = {}
    for powertrain in sorted({c.powertrain for c in cars}):
        errors = [h.error for h in held if h.powertrain == powertrain]
        low, high = np.percentile(errors, BAND_PERCENTILES)
        band[powertrain] = (round(float(low), 6), round(float(high), 6))
    factors = {p: {c: round(f, 6) for c, f in by.items()} for p, by in fit(cars, simulated).items()}
    held = [HeldOut(h.id, h.name, h.powertrain, round(h.epa_combined, 4), round(h.predicted_combined, 4))
            for h in held]
    return Calibration(factors, band, tuple(held), fastsim().__version__)


@cache
def bundled() -> Calibration:
    """The calibration shipped with the program (data/calibration.json). Raises EnergyModelError when the
    installation lacks it or it cannot be read."""
    try:
        text = resources.files(__package__).joinpath(DATA, RESULT_FILE).read_text(encoding="utf-8")
        return Calibration.from_json(text)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EnergyModelError(f"the energy model's calibration ({DATA}/{RESULT_FILE}) is missing or unreadable in "
                               f"this installation: {exc.__class__.__name__}; reinstall KeiDesigner",
                               NO_CALIBRATION) from None
