"""The value the model uses for a field the base design leaves empty: the sweep measures its distances from it
(the nearest compliant variant) and its summary states it ("base 0.320 Cd (body style)").

Each comes from the function the model itself uses, never a copy of it: the drag coefficient from the energy model's
inputs (energy/inputs.py, the body style's), the frontal area measured on the 3-D model as the analysis measures it,
the accessory load from the FASTSim template (importing FASTSim, about 1 s, only when that field is swept empty), the
CG height, GVWR and front axle share from the derived figures (design/derived.py). A field with no such value (a head
restraint that is not fitted, a plan's sales figure not stated) has none: the sweep leaves it out of the distance.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..design import Design
from ..rules import RuleSettings
from .spec import Axis, Plan


def _derived(key: str, source: str) -> Callable[[Design, RuleSettings], tuple[float, str]]:
    def value(design: Design, settings: RuleSettings) -> tuple[float, str]:
        from ..design.derived import derive
        from ..rules.context import dsp_formula

        return float(getattr(derive(design, dsp_formula(settings)), key)), source

    return value


def _drag(design: Design, settings: RuleSettings) -> tuple[float, str]:
    from ..energy.inputs import drag_coefficient

    return drag_coefficient(design)


def _frontal_area(design: Design, settings: RuleSettings) -> tuple[float, str]:
    from .energy import measured_frontal_area_m2

    return measured_frontal_area_m2(design), "3-D model"


def _accessories(design: Design, settings: RuleSettings) -> tuple[float, str]:
    from ..energy.vehicle import template_facts

    return template_facts(design.powertrain.kind).accessory_load_w, "FASTSim template"


EFFECTIVE: dict[str, Callable[[Design, RuleSettings], tuple[float, str]]] = {
    "road_load.drag_coefficient": _drag,
    "road_load.frontal_area_m2": _frontal_area,
    "road_load.accessory_load_w": _accessories,
    "mass.cg_height_mm": _derived("cg_height_mm", "estimated"),
    "mass.rated_gvwr_kg": _derived("gvwr_kg", "minimum GVWR"),
    "mass.curb_front_axle_pct": _derived("curb_front_axle_pct", "estimated"),
}


def effective_value(design: Design, path: str, settings: RuleSettings) -> tuple[float, str] | None:
    """(value, where it comes from) the model uses for `path` where `design` leaves it empty; None when the design
    holds a value there, or when nothing stands in for an empty one."""
    from ..design.edit import get_value

    if get_value(design, path) is not None or path not in EFFECTIVE:
        return None
    return EFFECTIVE[path](design, settings)


def with_effective_values(plan: Plan, design: Design, settings: RuleSettings) -> Plan:
    """`plan` with each axis the base leaves empty given the value the model uses instead (where there is one)."""
    axes: list[Axis] = []
    for axis in plan.axes:
        found = effective_value(design, axis.path, settings) if axis.base_value is None else None
        axes.append(replace(axis, effective=found[0], effective_source=found[1]) if found else axis)
    return replace(plan, axes=tuple(axes))
