"""A design's fuel economy or electric consumption and range on the EPA cycles, calibrated, with its band.

    design ─ inputs_for ─> EnergyInputs ─ simulate (FASTSim) ─> raw per-cycle energy
           ─ calibration factor (calibration.py) ─> unadjusted city / highway ─ label.py ─> label figures, range

Figures are in EPA's units (mpg, MPGe, kWh/100 mi, miles); `to_dict` adds metric equivalents. The band is the
calibration's leave-one-out spread for the powertrain (10th–90th percentile of its cars' errors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..design.units import KM_PER_MI
from . import label
from .calibration import Calibration, bundled, economy
from .inputs import EnergyInputs
from .vehicle import CYCLES, TEMPLATES, EnergyModelError, simulate, template_facts

# Warn when a vehicle covers this much less than the cycle's distance. The test's driver keeps within 2 mph of the
# trace, and "speeds lower than those prescribed are acceptable provided the vehicle is operated at maximum
# available power" (40 CFR 600.109-08(b)(2)): the figure stays a test figure, but a vehicle more than 1 % short
# cannot keep up with the cycle, which a designer should know. A screening threshold, not the rule's.
TRACE_SHORTFALL_WARNING = 0.01
L100KM_MPG = 100 * label.LITRES_PER_GALLON / KM_PER_MI  # L/100 km = this ÷ mpg (235.2)


@dataclass(frozen=True, slots=True)
class Band:
    """Where the true figure is expected: the estimate scaled by the 10th and 90th percentile of the leave-one-out
    errors of the calibration cars of its powertrain (calibration.py)."""

    low: float
    high: float


@dataclass(frozen=True)
class EnergyEstimate:
    """The EPA-cycle figures of one design.

    For "gas" and "hybrid": economy in mpg. For "electric": economy in MPGe at the wall, consumption in kWh/100 mi
    (at the wall, and at the battery), range in miles. `range_mi` of a fuelled car is its tank times the label
    combined economy.
    """

    inputs: EnergyInputs
    template: str
    accessory_load_w: float
    unadjusted_city: float
    unadjusted_highway: float
    unadjusted_combined: float
    label_city: float
    label_highway: float
    label_combined: float
    label_band: Band
    unadjusted_band: Band
    unadjusted_range_mi: float | None
    label_range_mi: float | None
    cycle_shortfall: dict[str, float]  # share of each cycle's distance not covered (vehicle.CycleRun)
    calibration_factors: dict[str, float]
    calibration_cars: int
    calibration_share_within_15pct: float
    warnings: tuple[str, ...] = field(default=())

    @property
    def powertrain(self) -> str:
        return self.inputs.powertrain

    @property
    def electric(self) -> bool:
        return self.powertrain == "electric"

    @property
    def unit(self) -> str:
        return "MPGe" if self.electric else "mpg"

    @property
    def label_range_band(self) -> Band | None:
        """The label range's band, miles: the range scales with the economy (a pack or tank over consumption), so
        the economy's band carried over. None when there is no range (no tank)."""
        if self.label_range_mi is None:
            return None
        scale = self.label_range_mi / self.label_combined
        return Band(self.label_band.low * scale, self.label_band.high * scale)

    def kwh_per_100mi(self, figure: str = "label_combined", at: str = "wall") -> float:
        """Electric consumption of one of the MPGe figures, kWh/100 mi, at the wall or at the battery."""
        if not self.electric:
            raise ValueError("a fuelled vehicle has no electric consumption")
        wall = 100 * label.kwh_per_mi(getattr(self, figure))
        return wall * label.CHARGING_EFFICIENCY if at == "battery" else wall

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures under keys that say what they hold (`label_combined_mpg`, `label_range_mi`, ...)."""
        u = "mpge" if self.electric else "mpg"
        out: dict[str, Any] = {"powertrain": self.powertrain}
        for kind in ("unadjusted", "label"):
            for cycle in ("city", "highway", "combined"):
                out[f"{kind}_{cycle}_{u}"] = round(getattr(self, f"{kind}_{cycle}"), 2)
        out[f"label_combined_{u}_band"] = [round(self.label_band.low, 2), round(self.label_band.high, 2)]
        out[f"unadjusted_combined_{u}_band"] = [round(self.unadjusted_band.low, 2),
                                                 round(self.unadjusted_band.high, 2)]
        if self.electric:
            for kind in ("unadjusted", "label"):
                for cycle in ("city", "highway", "combined"):
                    out[f"{kind}_{cycle}_kwh_per_100mi"] = round(self.kwh_per_100mi(f"{kind}_{cycle}"), 2)
            out["label_combined_battery_kwh_per_100mi"] = round(self.kwh_per_100mi("label_combined", "battery"), 2)
            out["label_combined_kwh_per_100km"] = round(self.kwh_per_100mi() / KM_PER_MI, 2)
        else:
            out["label_combined_l_per_100km"] = round(L100KM_MPG / self.label_combined, 2)
        out["unadjusted_range_mi"] = None if self.unadjusted_range_mi is None else round(self.unadjusted_range_mi, 1)
        out["label_range_mi"] = None if self.label_range_mi is None else round(self.label_range_mi, 1)
        out["label_range_km"] = None if self.label_range_mi is None else round(self.label_range_mi * KM_PER_MI, 1)
        band = self.label_range_band
        out["label_range_mi_band"] = None if band is None else [round(band.low, 1), round(band.high, 1)]
        i = self.inputs
        out["inputs"] = {
            "test_mass_kg": round(i.test_mass_kg, 1), "curb_mass_kg": i.curb_mass_kg,
            "drag_coefficient": i.drag_coefficient, "drag_coefficient_source": i.drag_source,
            "frontal_area_m2": round(i.frontal_area_m2, 3), "frontal_area_source": i.frontal_area_source,
            "rolling_resistance_n_per_kn": i.rolling_resistance_n_per_kn,
            "accessory_load_w": self.accessory_load_w, "engine_kw": i.engine_kw, "motor_kw": i.motor_kw,
            "battery_kwh": i.battery_kwh, "fuel_tank_l": i.fuel_tank_l, "fastsim_template": self.template,
        }
        out["cycle_distance_shortfall_pct"] = {c: round(100 * v, 2) for c, v in self.cycle_shortfall.items()}
        out["calibration"] = {"factors": dict(self.calibration_factors), "cars": self.calibration_cars,
                              "leave_one_out_share_within_15pct": round(self.calibration_share_within_15pct, 3)}
        out["warnings"] = list(self.warnings)
        return out


def _band(value: float, errors: tuple[float, float]) -> Band:
    low_error, high_error = errors
    return Band(value / (1 + high_error), value / (1 + low_error))


def estimate(inputs: EnergyInputs, calibration: Calibration | None = None) -> EnergyEstimate:
    """Simulate `inputs` on UDDS and HWFET and turn the result into calibrated unadjusted and label figures.

    Raises EnergyModelError when FASTSim cannot drive the vehicle through a cycle. Takes 10–60 ms after FASTSim's
    first import (README, Benchmarks).
    """
    calibration = calibration or bundled()
    pt = inputs.powertrain
    facts = template_facts(pt)
    runs = simulate(inputs)
    raw = economy(runs, pt)  # the calibration's own path from runs to economy
    factors = calibration.factors[pt]
    electric = pt == "electric"
    city, highway = (raw[c] * factors[c] for c in CYCLES)
    combined = label.combined(city, highway)
    l_city, l_highway = label.label_city(city, electric), label.label_highway(highway, electric)
    l_combined = label.combined(l_city, l_highway)
    errors = calibration.band[pt]
    # the band of the label figure: both cycles scaled by the band's ratios, then adjusted as the estimate is
    low_ratio, high_ratio = 1 / (1 + errors[1]), 1 / (1 + errors[0])
    label_band = Band(*(label.combined(label.label_city(city * r, electric), label.label_highway(highway * r, electric))
                        for r in (low_ratio, high_ratio)))
    warnings = []
    if electric:
        battery_kwh_per_mi = label.kwh_per_mi(combined) * label.CHARGING_EFFICIENCY
        usable = (inputs.battery_kwh or 0.0) * facts.soc_window
        unadjusted_range = usable / battery_kwh_per_mi
        label_range = unadjusted_range * label.EV_LABEL_FACTOR
    elif inputs.fuel_tank_l:
        unadjusted_range = inputs.fuel_tank_l / label.LITRES_PER_GALLON * combined
        label_range = inputs.fuel_tank_l / label.LITRES_PER_GALLON * l_combined
    else:
        unadjusted_range = label_range = None
    shortfall = {c: runs[c].shortfall for c in CYCLES}
    for cycle, short in shortfall.items():
        if short > TRACE_SHORTFALL_WARNING:
            warnings.append(f"falls behind the {cycle.upper()} speed trace and covers {100 * short:.1f} % less "
                            f"distance: too little power for its mass ({inputs.test_mass_kg:,.0f} kg) and drag "
                            f"(Cd·A {inputs.drag_area_m2:.2f} m²); the figure is for the speeds it reached")
    return EnergyEstimate(
        inputs=inputs, template=TEMPLATES[pt],
        accessory_load_w=inputs.accessory_load_w if inputs.accessory_load_w is not None else facts.accessory_load_w,
        unadjusted_city=city, unadjusted_highway=highway, unadjusted_combined=combined,
        label_city=l_city, label_highway=l_highway, label_combined=l_combined, label_band=label_band,
        unadjusted_band=_band(combined, errors), unadjusted_range_mi=unadjusted_range, label_range_mi=label_range,
        cycle_shortfall=shortfall, calibration_factors=dict(factors), calibration_cars=calibration.cars(pt),
        calibration_share_within_15pct=calibration.share_within(0.15, pt), warnings=tuple(warnings),
    )


__all__ = ["Band", "EnergyEstimate", "EnergyModelError", "estimate"]
