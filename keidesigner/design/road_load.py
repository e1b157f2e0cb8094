"""What the energy model needs that the rest of the design does not say: drag, frontal area, tyres, accessories.

Every field may be left empty (None) for a stated default, so a designer gets a figure before typing anything:
the drag coefficient from the body style (`STYLE_DRAG_COEFFICIENT`, sources in docs/sources.md), the frontal area
measured on the 3-D model's front projection (geometry/frontal_area.py), the accessory load from the FASTSim
template of the powertrain (energy/vehicle.py).
"""

from __future__ import annotations

from .fields import Frozen, quantity

# The drag coefficient a design starts from until its own is measured (wind tunnel, coast-down): the van's is the
# figure NREL's FASTSim uses for a Honda N-Box; the others are estimates placed in published ranges for their
# style (docs/sources.md, "Energy model": small hatches 0.27–0.36, pickups 0.35–0.45, sports cars 0.28–0.4).
STYLE_DRAG_COEFFICIENT: dict[str, float] = {
    "hatchback": 0.32,
    "van": 0.38,
    "truck": 0.45,
    "roadster": 0.35,
}

# An EU tyre-label class C tyre's upper limit for passenger-car (C1) tyres (Regulation (EU) 2020/740, Annex I
# Part A): a mid-range original-equipment tyre. The calibration (energy/calibration.py) assumed this value for
# every car of its set, so a design that keeps it is estimated on the same footing.
DEFAULT_ROLLING_RESISTANCE_N_PER_KN = 9.0


class RoadLoad(Frozen):
    drag_coefficient: float | None = quantity(
        title="Drag coefficient", unit="Cd", ge=0.15, le=1.2, step=0.01,
        description="Aerodynamic drag coefficient Cd; leave empty for the body style's typical value.",
    )
    frontal_area_m2: float | None = quantity(
        title="Frontal area", unit="m²", ge=0.5, le=8.0, step=0.01,
        description="Projected frontal area A; leave empty to measure it on the 3-D model's front projection.",
    )
    rolling_resistance_n_per_kn: float = quantity(
        title="Tyre rolling resistance", unit="N/kN", ge=4.0, le=30.0, step=0.1,
        description="Tyre rolling resistance coefficient (RRC), as on the EU tyre label: class A ≤ 6.5, "
        "C ≤ 9.0, E ≥ 10.6 N/kN for car tyres.",
    )
    accessory_load_w: float | None = quantity(
        title="Accessory load", unit="W", ge=0, le=10000, step=10,
        description="Constant electrical load on the test cycles (lights, fans, controllers); leave empty for "
        "the powertrain template's value.",
    )


def default_road_load() -> RoadLoad:
    """Every default: the body style's Cd, the measured frontal area, class C tyres, the template's accessories."""
    return RoadLoad(drag_coefficient=None, frontal_area_m2=None,
                    rolling_resistance_n_per_kn=DEFAULT_ROLLING_RESISTANCE_N_PER_KN, accessory_load_w=None)
