"""The design as a FASTSim vehicle, driven through the EPA city (UDDS) and highway (HWFET) cycles.

FASTSim 3 (NREL, https://github.com/NREL/fastsim; `fastsim` on PyPI) simulates the powertrain second by second.
A design starts from FASTSim's own vehicle file of its powertrain (`TEMPLATES`) and takes the design's mass, drag,
tyres, engine, motor and battery; the efficiency maps, transmission and control strategy stay the template's.
FASTSim is imported on first use only: it takes about 0.4–1 s and pulls pandas, polars and plotly.

Hybrids: FASTSim balances the battery's state of charge over each cycle itself (its `balance_soc`, to within 0.5 %
of the fuel energy), the condition SAE J1711 sets for a charge-sustaining hybrid's test.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..common.errors import UserError
from .inputs import EnergyInputs

# FASTSim's bundled vehicle files (`fastsim.Vehicle.list_resources()`) each powertrain starts from. The Zoe is the
# smallest electric car FASTSim ships, the Prius its smallest hybrid, the Fusion its only conventional car.
TEMPLATES: dict[str, str] = {
    "gas": "2012_Ford_Fusion.yaml",
    "hybrid": "2016_TOYOTA_Prius_Two.yaml",
    "electric": "2022_Renault_Zoe_ZE50_R135.yaml",
}
CYCLES = ("udds", "hwfet")
J_PER_KWH = 3.6e6
M_PER_MI = 1609.344

_lock = threading.RLock()  # the first import and the template cache are built once, whichever thread asks first


class EnergyModelError(UserError, ValueError):
    """The vehicle cannot be simulated (for example it cannot follow a cycle's speed trace); one line, says why."""


@dataclass(frozen=True, slots=True)
class CycleRun:
    """One cycle driven: distance in miles (and the cycle's own), fuel energy and net battery energy (chemical, out
    of the pack) in kWh."""

    cycle: str
    distance_mi: float
    cycle_distance_mi: float
    fuel_kwh: float
    battery_kwh: float

    @property
    def shortfall(self) -> float:
        """How much of the cycle's distance the vehicle did not cover by falling behind the trace (0.01 = 1 %)."""
        return max(0.0, 1 - self.distance_mi / self.cycle_distance_mi)


@dataclass(frozen=True, slots=True)
class TemplateFacts:
    """What a template keeps that the estimate reports: its auxiliary load (W) and usable state-of-charge window."""

    name: str
    accessory_load_w: float
    soc_window: float  # max SOC − min SOC: the share of the pack a range can use (0 for a conventional car)


def fastsim():
    """The fastsim module, imported on first use (thread-safe)."""
    with _lock:
        import fastsim as module
    return module


@cache
def _template(powertrain: str) -> dict[str, Any]:
    return fastsim().Vehicle.from_resource(TEMPLATES[powertrain]).to_dict()


@cache
def _cycle(name: str):
    return fastsim().Cycle.from_resource(f"{name}.csv")


@cache
def _cycle_distance_mi(name: str) -> float:
    """The trace's distance as FASTSim integrates it (each step at its own speed)."""
    trace = _cycle(name).to_dict()
    time, speed = trace["time_seconds"], trace["speed_meters_per_second"]
    return sum(v * (t - t0) for t0, t, v in zip(time, time[1:], speed[1:])) / M_PER_MI


@cache
def _sim_params():
    params = fastsim().SimParams.default().to_dict()
    # small engines fall a little behind the trace in the hardest accelerations; FASTSim then corrects within its
    # tolerances (5 % distance, 10 m/s speed) and refuses beyond them instead of stopping at the first miss
    params["trace_miss_opts"] = "AllowChecked"
    return fastsim().SimParams.from_dict(params)


def _powertrain(vehicle: dict[str, Any]) -> dict[str, Any]:
    return next(iter(vehicle["pt_type"].values()))


def template_facts(powertrain: str) -> TemplateFacts:
    """The template's auxiliary load and SOC window. Raises KeyError for an unknown powertrain."""
    with _lock:
        vehicle = _template(powertrain)
    pt = _powertrain(vehicle)
    res = pt.get("res")
    window = (res["max_soc"] - res["min_soc"]) if res else 0.0
    return TemplateFacts(TEMPLATES[powertrain], float(vehicle["pwr_aux_base_watts"]), float(window))


def _refuse_what_fastsim_cannot_drive(inputs: EnergyInputs, vehicle: dict[str, Any]) -> None:
    """FASTSim 3.1 loses its process (a stack overflow in its speed solver) when an engine's start-up power — the
    template's share of its peak, before the power ramp — cannot carry the accessory load. Refuse such a vehicle
    before simulating it (measured: a 6 kW engine runs with 900 W of accessories and crashes with 1,100 W)."""
    pt = _powertrain(vehicle)
    if "fc" not in pt:
        return
    start_w = pt["fc"]["pwr_out_max_init_watts"]
    accessories_w = vehicle["pwr_aux_base_watts"]
    if start_w <= accessories_w:
        share = 100 * start_w / pt["fc"]["pwr_out_max_watts"]
        raise EnergyModelError(
            f"the engine's start-up power ({start_w / 1000:.2f} kW, {share:.0f} % of its {inputs.engine_kw:g} kW) "
            f"cannot carry the {accessories_w:.0f} W accessory load: too little engine power to simulate")


def vehicle_dict(inputs: EnergyInputs) -> dict[str, Any]:
    """The FASTSim vehicle (as its dict) for `inputs`: the template with the design's figures set."""
    with _lock:
        vehicle = copy.deepcopy(_template(inputs.powertrain))
    vehicle["name"] = f"KeiDesigner {inputs.powertrain} vehicle from {TEMPLATES[inputs.powertrain]}"
    vehicle["mass_kilograms"] = inputs.test_mass_kg
    chassis = vehicle["chassis"]
    # the vehicle mass is set whole: the template's glider and cargo masses would otherwise be added to it
    chassis.update(glider_mass_kilograms=None, cargo_mass_kilograms=None, mass_kilograms=None,
                   drag_coef=inputs.drag_coefficient, frontal_area_square_meters=inputs.frontal_area_m2,
                   wheel_rr_coef=inputs.rolling_resistance_n_per_kn / 1000)
    if inputs.wheel_radius_m is not None:
        chassis["wheel_radius_meters"] = inputs.wheel_radius_m
    if inputs.wheelbase_m is not None:
        chassis["wheel_base_meters"] = inputs.wheelbase_m
    if inputs.accessory_load_w is not None:
        vehicle["pwr_aux_base_watts"] = inputs.accessory_load_w
    pt = _powertrain(vehicle)
    if inputs.engine_kw is not None and "fc" in pt:
        fc = pt["fc"]
        # the engine's transient start power keeps the template's share of its peak
        share = fc["pwr_out_max_init_watts"] / fc["pwr_out_max_watts"]
        fc["pwr_out_max_watts"] = inputs.engine_kw * 1000
        fc["pwr_out_max_init_watts"] = inputs.engine_kw * 1000 * share
        fc["mass_kilograms"] = None
    if inputs.motor_kw is not None and "em" in pt:
        pt["em"]["pwr_out_max_watts"] = inputs.motor_kw * 1000
        pt["em"]["mass_kilograms"] = None
    if inputs.battery_kwh is not None and "res" in pt:
        pt["res"]["energy_capacity_joules"] = inputs.battery_kwh * J_PER_KWH
        pt["res"]["mass_kilograms"] = None
    pt["mass_kilograms"] = None
    _refuse_what_fastsim_cannot_drive(inputs, vehicle)
    return vehicle


def _why(text: str, cycle: str, powertrain: str) -> str:
    """FASTSim's error chain (a Rust backtrace) as one line a designer can act on."""
    if "SOC balancing surpassed" in text:
        return (f"FASTSim could not balance the hybrid battery's charge over the {cycle} cycle: a charge-sustaining "
                f"figure needs a battery and motor in proportion to the vehicle")
    step = re.search(r"time step: (\d+)", text)
    if "solver step failed" in text and step:
        hint = ("an empty battery, or too little motor power for its mass" if powertrain == "electric"
                else "too little power for its mass")
        return f"FASTSim's solver stopped after {step.group(1)} s of the {cycle} cycle ({hint})"
    first = text.strip().splitlines()[0] if text.strip() else "no message"
    return f"FASTSim could not drive the {cycle} cycle: {first[:200]}"


def _run(vehicle, cycle: str, powertrain: str) -> CycleRun:
    fs = fastsim()
    sim = fs.SimDrive(vehicle, _cycle(cycle), _sim_params())
    try:
        sim.run()
    except Exception as exc:  # FASTSim raises RuntimeError carrying a Rust error chain and backtrace
        text = str(exc)
        if "trace miss" in text:
            step = re.search(r"time step: (\d+)", text)
            when = f" after {step.group(1)} s" if step else ""
            raise EnergyModelError(
                f"the vehicle cannot follow the {cycle.upper()} speed trace{when}: it falls more than 5 % of the "
                f"distance behind (too little power for its mass)") from None
        regen = re.search(r"charge power \(([\d.]+) kW\) exceeds current max charge power \(([\d.]+) kW\)", text)
        if regen:
            raise EnergyModelError(
                f"the {cycle.upper()} cycle's braking asks {float(regen.group(1)):.1f} kW of a motor that takes "
                f"{float(regen.group(2)):.1f} kW back (FASTSim does not blend in friction brakes): too little motor "
                f"power for its mass") from None
        raise EnergyModelError(_why(text, cycle.upper(), powertrain)) from None
    result = sim.to_dict()["veh"]
    pt = _powertrain(result)
    fuel_j = pt["fc"]["state"]["energy_fuel_joules"] if "fc" in pt else 0.0
    battery_j = pt["res"]["state"]["energy_out_chemical_joules"] if "res" in pt else 0.0
    state = result["state"]
    with _lock:
        target = _cycle_distance_mi(cycle)
    return CycleRun(cycle, state["dist_meters"] / M_PER_MI, target, fuel_j / J_PER_KWH, battery_j / J_PER_KWH)


def simulate(inputs: EnergyInputs) -> dict[str, CycleRun]:
    """Drive `inputs` through UDDS and HWFET: {"udds": CycleRun, "hwfet": CycleRun}.

    Raises EnergyModelError when FASTSim refuses the vehicle or the vehicle cannot follow a cycle. Takes 10–60 ms
    (README, Benchmarks); holds no lock while FASTSim runs, so workers may simulate in parallel.
    """
    fs = fastsim()
    data = vehicle_dict(inputs)
    try:
        vehicle = fs.Vehicle.from_dict(data)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EnergyModelError(f"FASTSim refused the vehicle: {first[:200]}") from None
    vehicle.set_save_interval(None)  # no second-by-second history: only the totals are read
    return {cycle: _run(vehicle, cycle, inputs.powertrain) for cycle in CYCLES}


def bare_template_run(powertrain: str) -> dict[str, CycleRun]:
    """The unmodified template through both cycles: the benchmark's baseline for `simulate`."""
    fs = fastsim()
    with _lock:
        vehicle = fs.Vehicle.from_dict(copy.deepcopy(_template(powertrain)))
    vehicle.set_save_interval(None)
    return {cycle: _run(vehicle, cycle, powertrain) for cycle in CYCLES}
