"""What an edit did to the energy estimate, in a designer's words: '+45 kg curb mass → -0.8 mpg combined (label)'.

A `TradeOff` holds two estimates (before and after) and the energy-relevant inputs that differ between them; its text
is written at display time by the window's formatter, so it follows the unit system and locale. Pure Python: the
window decides which estimates to compare (energy_worker.py computes them) and which findings an edit touched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ..design import Design, get_value
from ..design.units import KM_PER_MI, L_PER_GAL, Formatter, UnitSystem, round_to
from ..rules import Evaluation

if TYPE_CHECKING:
    from ..energy import EnergyEstimate

MAX_NAMED = 3  # inputs named in one line; more read '…'
L100KM_MPG = 100 * L_PER_GAL / KM_PER_MI  # L/100 km = this ÷ mpg (energy/estimate.py)


@dataclass(frozen=True, slots=True)
class Input:
    """One energy-relevant input: how to read it from an estimate, what it is called, its stored unit."""

    key: str
    title: str
    unit: str
    read: Callable[[Any], float | None]


# What the energy model is told that a designer changes, in the order a change is named (energy/inputs.py)
INPUTS: tuple[Input, ...] = (
    Input("curb_mass_kg", "curb mass", "kg", lambda e: e.inputs.curb_mass_kg),
    Input("drag_coefficient", "Cd", "Cd", lambda e: e.inputs.drag_coefficient),
    Input("frontal_area_m2", "frontal area", "m²", lambda e: e.inputs.frontal_area_m2),
    Input("engine_kw", "engine power", "kW", lambda e: e.inputs.engine_kw),
    Input("motor_kw", "motor power", "kW", lambda e: e.inputs.motor_kw),
    Input("battery_kwh", "battery", "kWh", lambda e: e.inputs.battery_kwh),
    Input("rolling_resistance_n_per_kn", "tyre rolling resistance", "N/kN",
          lambda e: e.inputs.rolling_resistance_n_per_kn),
    Input("tyre_diameter_mm", "tyre diameter", "mm",
          lambda e: None if e.inputs.wheel_radius_m is None else e.inputs.wheel_radius_m * 2000),
    Input("accessory_load_w", "accessory load", "W", lambda e: e.accessory_load_w),
    Input("fuel_tank_l", "fuel tank", "L", lambda e: e.inputs.fuel_tank_l),
    Input("wheelbase_mm", "wheelbase", "mm",
          lambda e: None if e.inputs.wheelbase_m is None else e.inputs.wheelbase_m * 1000),
)


@dataclass(frozen=True, slots=True)
class InputChange:
    input: Input
    before: float | None
    after: float | None


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is not b
    return not math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)  # not a measurement's floating-point noise


def _delta_places(shown: float, places: int, extra: int = 2) -> int | None:
    """Decimals that show a change of `shown` (display units) as not zero: the reading's own, or up to `extra` more;
    None when even those round it away."""
    for more in range(extra + 1):
        if round_to(abs(shown), places + more) != 0:
            return places + more
    return None


def signed(fmt: Formatter, value: float, places: int, trim: bool = False) -> str:
    """'+0.8' / '-0.8' in the formatter's digits (a bare number, already in display units); trim=True drops trailing
    zero decimals ('+0.05 Cd', not '+0.050')."""
    text = fmt.number(abs(value), places, trim=trim)
    return ("-" if value < 0 else "+") + text


@dataclass(frozen=True)
class TradeOff:
    """The estimate `before` an edit and `after` it, and the inputs that changed between them."""

    before: EnergyEstimate
    after: EnergyEstimate
    changes: tuple[InputChange, ...]

    @property
    def powertrain_changed(self) -> bool:
        return self.before.powertrain != self.after.powertrain

    @property
    def combined_delta(self) -> float:
        """Label combined, after minus before (mpg or MPGe; meaningless across a powertrain change)."""
        return self.after.label_combined - self.before.label_combined

    @property
    def range_delta_mi(self) -> float | None:
        a, b = self.after.label_range_mi, self.before.label_range_mi
        return None if a is None or b is None else a - b

    # --- in words ------------------------------------------------------------------------------------------------
    def causes(self, fmt: Formatter) -> str:
        """'+45 kg curb mass, +0.02 m² frontal area': the changed inputs with their deltas."""
        if self.powertrain_changed:
            return f"{self.before.powertrain} → {self.after.powertrain} powertrain"
        parts = []
        for change in self.changes[:MAX_NAMED]:
            parts.append(self._input_text(fmt, change))
        if len(self.changes) > MAX_NAMED:
            parts.append("…")
        return ", ".join(parts) if parts else "other inputs"

    @staticmethod
    def _input_text(fmt: Formatter, change: InputChange) -> str:
        unit, title = change.input.unit, change.input.title
        before, after = change.before, change.after
        if before is None or after is None:  # a typed value set or cleared: the template's, the body style's ...
            return f"{title} {'default' if before is None else fmt.value(before, unit)} → " \
                   f"{'default' if after is None else fmt.value(after, unit)}"
        shown = fmt.shown(after, unit) - fmt.shown(before, unit)
        places = _delta_places(shown, fmt.places(unit), extra=3)
        if places is None:
            return f"{title} ±0"
        label = fmt.unit(unit)
        number = signed(fmt, shown, places, trim=True)
        if unit == "Cd":
            return f"{number} {title}"
        return f"{number} {label} {title}"

    def effects(self, fmt: Formatter) -> str:
        """'-0.8 mpg combined (label)', with the range for an electric car (and for a fuelled one whose tank
        changed), and in metric units the consumption's change in L/100 km."""
        after = self.after
        if self.powertrain_changed:
            return f"{self._economy(fmt, after.label_combined, after.unit)} combined (label), was " \
                   f"{self._economy(fmt, self.before.label_combined, self.before.unit)}"
        places = 0 if after.electric else 1
        delta = self.combined_delta
        d_places = _delta_places(delta, places)
        economy = (f"{signed(fmt, delta, d_places)} {after.unit} combined" if d_places is not None
                   else f"no change to {after.unit} combined")
        parts = [economy]
        tank_changed = any(c.input.key == "fuel_tank_l" for c in self.changes)
        range_delta = self.range_delta_mi
        if range_delta is not None and (after.electric or tank_changed):
            metric = fmt.system is UnitSystem.metric
            shown = range_delta * (KM_PER_MI if metric else 1.0)
            r_places = _delta_places(shown, 0)
            if r_places is not None:
                parts.append(f"{signed(fmt, shown, r_places)} {'km' if metric else 'mi'} range")
        text = ", ".join(parts) + " (label)"
        if fmt.system is UnitSystem.metric and not after.electric and d_places is not None:
            litres = L100KM_MPG / after.label_combined - L100KM_MPG / self.before.label_combined
            l_places = _delta_places(litres, 1)
            if l_places is not None:
                text += f", {signed(fmt, litres, l_places)} L/100 km"
        return text

    @staticmethod
    def _economy(fmt: Formatter, value: float, unit: str) -> str:
        return f"{fmt.number(value, 0 if unit == 'MPGe' else 1)} {unit}"

    def text(self, fmt: Formatter) -> str:
        """'+45 kg curb mass → -0.8 mpg combined (label)'."""
        return f"{self.causes(fmt)} → {self.effects(fmt)}"


def trade_off(before: EnergyEstimate, after: EnergyEstimate) -> TradeOff | None:
    """What changed from `before` to `after`; None when the estimate did not change (the same inputs)."""
    if before is after or (before.inputs == after.inputs and before.label_combined == after.label_combined):
        return None
    changes = tuple(InputChange(i, i.read(before), i.read(after)) for i in INPUTS
                    if _differs(i.read(before), i.read(after)))
    return TradeOff(before, after, changes)


def touched_findings(before: Evaluation, after: Evaluation) -> frozenset[str]:
    """The rule ids of `after`'s findings that an edit from `before` changed (another status, number or wording) or
    whose design field it changed."""
    old = {f.rule_id: f for f in before.findings}
    touched = set()
    for f in after.findings:
        if old.get(f.rule_id) != f or (f.field is not None and _field_changed(before.design, after.design, f.field)):
            touched.add(f.rule_id)
    return frozenset(touched)


def _field_changed(before: Design, after: Design, path: str) -> bool:
    try:
        return get_value(before, path) != get_value(after, path)
    except (AttributeError, KeyError, IndexError, ValueError, TypeError):  # not a field of the other design
        return True
