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
from ..design.units import english_digits, round_to
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
KMH_PER_MPS = 3.6
# a battery whose state of charge is this close to its floor when FASTSim stops has run down (FASTSim stops a hair
# above or below it: 0.02901 against the Zoe's 0.029, 0.2457 against the Prius's 0.25)
SOC_FLOOR_SLACK = 0.01
# a hybrid battery under this share of its template's (the Prius's 0.75 kWh) is named as a likely cause when FASTSim
# stops without saying why: a tenth of the pack the template's controls were tuned for
HYBRID_BATTERY_SHARE = 0.1

_lock = threading.RLock()  # the first import and the template cache are built once, whichever thread asks first


# Why a vehicle cannot be simulated, in a few words that are the same for every vehicle refused that way (the message
# beside it names the vehicle's own figures): what a sweep counts its refusals by. Each is set where its message is
# built.
TOP_SPEED = "top speed below a cycle's peak"
ENGINE_START = "engine start-up power below the accessory load"
TOO_LITTLE_POWER = "too little power for the trace (mass/drag)"
SMALL_MOTOR = "motor too small for regenerative braking"
UNBALANCED = "hybrid charge not balanced"
SMALL_BATTERY = "battery too small for the cycle"
EMPTY_BATTERY = "battery empty"
VEHICLE_REFUSED = "FASTSim refused the vehicle"
NO_CALIBRATION = "calibration missing"
FASTSIM_STOPPED = "FASTSim stopped"  # anything FASTSim stops on that the message cannot name a cause for
CAUSES = (TOP_SPEED, ENGINE_START, TOO_LITTLE_POWER, SMALL_MOTOR, UNBALANCED, SMALL_BATTERY, EMPTY_BATTERY,
          VEHICLE_REFUSED, NO_CALIBRATION, FASTSIM_STOPPED)


class EnergyModelError(UserError, ValueError):
    """The vehicle cannot be simulated (for example it cannot follow a cycle's speed trace); one line, says why.
    `cause`: the kind of refusal (one of CAUSES), without the vehicle's figures."""

    def __init__(self, message: str, cause: str = FASTSIM_STOPPED) -> None:
        super().__init__(message)
        self.cause = cause


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
def cycle_peak_kmh(name: str) -> float:
    """The highest speed of a cycle's trace as FASTSim ships it, km/h (UDDS 91.25, HWFET 96.40)."""
    with _lock:
        trace = _cycle(name).to_dict()
    return max(trace["speed_meters_per_second"]) * KMH_PER_MPS


def number(value: float, places: int = 1) -> str:
    """'1,100', '0.9': a figure of a refusal in the command line's digits, trailing zero decimals dropped (the
    energy text's numbers come from the same `english_digits`)."""
    value = round_to(value, places)
    while places > 0 and round_to(value, places - 1) == value:
        places -= 1
    return english_digits(value, places)


def _refuse_a_top_speed_below_the_cycles(inputs: EnergyInputs) -> None:
    """A vehicle slower than a cycle's peak cannot drive it: FASTSim knows no top speed and would drive it through
    regardless. Refused with the first cycle it cannot reach."""
    top = inputs.top_speed_kmh
    if top is None:
        return
    for cycle in CYCLES:
        peak = cycle_peak_kmh(cycle)
        if top < peak:
            places = 1
            while places < 4 and round_to(peak, places) <= top:
                places += 1  # 96.401 against 96.4013: the peak shown to the digit that tells them apart
            raise EnergyModelError(
                f"top speed {number(top, 3)} km/h is below the {cycle.upper()} cycle's peak of "
                f"{english_digits(peak, places)} km/h: the EPA cycles cannot be driven", TOP_SPEED)


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


def template_battery_kwh(powertrain: str) -> float:
    """The template's battery energy, kWh (0 for the conventional car)."""
    with _lock:
        res = _powertrain(_template(powertrain)).get("res")
    return res["energy_capacity_joules"] / J_PER_KWH if res else 0.0


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
            f"the engine's start-up power ({number(start_w / 1000, 2)} kW, {number(share, 0)} % of its "
            f"{number(inputs.engine_kw or 0, 1)} kW) cannot carry the {number(accessories_w, 0)} W accessory load: "
            f"too little engine power to simulate", ENGINE_START)


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


def _template_name(powertrain: str) -> str:
    """'2016 TOYOTA Prius Two': a template's file name as words."""
    return TEMPLATES[powertrain].removesuffix(".yaml").replace("_", " ")


def _kw(watts: float) -> str:
    return f"{number(watts / 1000, 1)} kW"


def _battery_ran_down(stopped: dict[str, Any] | None) -> bool:
    """Whether the battery was at its minimum state of charge on the step FASTSim stopped at."""
    res = _powertrain(stopped).get("res") if stopped else None
    return bool(res) and res["state"]["soc"] <= res["min_soc"] + SOC_FLOOR_SLACK


def _behind(cycle: str, when: str, inputs: EnergyInputs | None, stopped: dict[str, Any] | None) -> str:
    """A trace miss: the road load the powertrain could not meet where it fell behind, as FASTSim computed it, and
    which of drag (Cd·A) and mass (the tyres' rolling and the acceleration) took more of it."""
    head = f"the vehicle cannot follow the {cycle} speed trace{when}: it falls more than 5 % of the distance behind"
    if inputs is None:
        return f"{head} (too little power for its mass and drag)"
    mass, drag_area = f"{number(inputs.test_mass_kg, 0)} kg", f"Cd·A {number(inputs.drag_area_m2, 2)} m²"
    if stopped is None:
        return f"{head}: too little power for its mass ({mass}) and drag ({drag_area})"
    state = stopped["state"]
    drag_w = state["pwr_drag_watts"]
    mass_w = state["pwr_rr_watts"] + max(0.0, state["pwr_accel_watts"]) + max(0.0, state["pwr_whl_inertia_watts"])
    cause = "drag" if drag_w > 1.5 * mass_w else "mass" if mass_w > 1.5 * drag_w else "mass and drag"
    return (f"{head}; at {number(state['speed_ach_meters_per_second'] * KMH_PER_MPS, 1)} km/h the powertrain gave "
            f"at most {_kw(state['pwr_prop_fwd_max_watts'])}, drag took {_kw(drag_w)} ({drag_area}), rolling and "
            f"accelerating the {mass} test mass {_kw(mass_w)}: too little power for its {cause}")


def _why(text: str, cycle: str, powertrain: str, inputs: EnergyInputs | None = None,
         stopped: dict[str, Any] | None = None) -> EnergyModelError:
    """FASTSim's error chain (a Rust backtrace) as a refusal: one line a designer can act on, and its cause.
    `stopped`: the FASTSim vehicle (as its dict) on the step the simulation stopped at, whose powers and state of
    charge say what ran short."""
    step = re.search(r"time step: (\d+)", text)
    if "trace miss" in text:
        return EnergyModelError(_behind(cycle, f" after {step.group(1)} s" if step else "", inputs, stopped),
                                TOO_LITTLE_POWER)
    regen = re.search(r"charge power \(([\d.]+) kW\) exceeds current max charge power \(([\d.]+) kW\)", text)
    if regen:
        return EnergyModelError(
            f"the {cycle} cycle's braking asks {number(float(regen.group(1)), 1)} kW of a motor that takes "
            f"{number(float(regen.group(2)), 1)} kW back (FASTSim does not blend in friction brakes): too little "
            f"motor power for its mass", SMALL_MOTOR)
    if "SOC balancing surpassed" in text:
        return EnergyModelError(
            f"FASTSim could not balance the hybrid battery's charge over the {cycle} cycle: a charge-sustaining "
            f"figure needs a battery and motor in proportion to the vehicle", UNBALANCED)
    if step:
        after = f"after {step.group(1)} s of the {cycle} cycle"
        battery = inputs.battery_kwh if inputs is not None else None
        template_kwh = template_battery_kwh(powertrain)
        if powertrain == "hybrid" and battery is not None and (
                _battery_ran_down(stopped) or battery < HYBRID_BATTERY_SHARE * template_kwh):
            how = "ran down to its minimum charge" if _battery_ran_down(stopped) else "stopped FASTSim's solver"
            return EnergyModelError(
                f"the hybrid battery ({number(battery, 2)} kWh, against {number(template_kwh, 2)} kWh in FASTSim's "
                f"{_template_name(powertrain)} template) {how} {after}: too small to buffer the cycle", SMALL_BATTERY)
        if powertrain == "electric" and _battery_ran_down(stopped):
            kwh = f" ({number(battery, 2)} kWh)" if battery is not None else ""
            return EnergyModelError(
                f"FASTSim's solver stopped {after} on an empty battery{kwh}, run down to its minimum charge: too "
                f"small a battery for the cycle", EMPTY_BATTERY)
        if "solver step failed" in text:
            if powertrain == "electric":
                hint = "an empty battery, or too little motor power for its mass"
            elif inputs is not None:
                hint = (f"too little power for its mass ({number(inputs.test_mass_kg, 0)} kg) and drag "
                        f"(Cd·A {number(inputs.drag_area_m2, 2)} m²)")
            else:
                hint = "too little power for its mass and drag"
            # the hint is a guess, not read from FASTSim's state: the catch-all cause
            return EnergyModelError(f"FASTSim's solver stopped {after} ({hint})", FASTSIM_STOPPED)
    first = text.strip().splitlines()[0] if text.strip() else "no message"
    return EnergyModelError(f"FASTSim could not drive the {cycle} cycle: {first[:200]}", FASTSIM_STOPPED)


def _stopped(sim) -> dict[str, Any] | None:
    """The FASTSim vehicle as its dict on the step a failed simulation stopped at; None when it cannot be read."""
    try:
        return sim.to_dict()["veh"]
    except Exception:
        return None


def _run(vehicle, cycle: str, powertrain: str, inputs: EnergyInputs | None = None) -> CycleRun:
    fs = fastsim()
    sim = fs.SimDrive(vehicle, _cycle(cycle), _sim_params())
    try:
        sim.run()
    except Exception as exc:  # FASTSim raises RuntimeError carrying a Rust error chain and backtrace
        raise _why(str(exc), cycle.upper(), powertrain, inputs, _stopped(sim)) from None
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

    Raises EnergyModelError when its top speed is below a cycle's peak, FASTSim refuses the vehicle or the vehicle
    cannot follow a cycle. Takes 10–60 ms (README, Benchmarks); holds no lock while FASTSim runs, so workers may
    simulate in parallel.
    """
    fs = fastsim()
    _refuse_a_top_speed_below_the_cycles(inputs)
    data = vehicle_dict(inputs)
    try:
        vehicle = fs.Vehicle.from_dict(data)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EnergyModelError(f"FASTSim refused the vehicle: {first[:200]}", VEHICLE_REFUSED) from None
    vehicle.set_save_interval(None)  # no second-by-second history: only the totals are read
    return {cycle: _run(vehicle, cycle, inputs.powertrain, inputs) for cycle in CYCLES}


def bare_template_run(powertrain: str) -> dict[str, CycleRun]:
    """The unmodified template through both cycles: the benchmark's baseline for `simulate`."""
    fs = fastsim()
    with _lock:
        vehicle = fs.Vehicle.from_dict(copy.deepcopy(_template(powertrain)))
    vehicle.set_save_interval(None)
    return {cycle: _run(vehicle, cycle, powertrain) for cycle in CYCLES}
