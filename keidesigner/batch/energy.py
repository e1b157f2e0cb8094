"""Per-variant EPA-cycle figures for a sweep (--with-energy): label combined economy (mpg, or MPGe for an electric
design) and label range, the figures `analyse(design).energy` gives one design.

Slow next to the rules: a FASTSim run of UDDS and HWFET per variant (10–60 ms by powertrain), plus the frontal area
when the design does not type one: it is measured on the variant's 3-D scene (about 8 ms), once per distinct shape
in a chunk — a sweep that varies only fields the body's shape does not read (masses, powertrain, road load, ...)
measures it once per chunk.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ..design import Design
from ..energy import EnergyModelError, estimate, inputs_for
from .variants import Variants

COLUMNS = ("energy.label_combined", "energy.label_range_mi")
# Sections of the design the 3-D scene does not read (geometry/build.py): varying them leaves the frontal area as it
# is. Any other field (dimensions, front end, lighting, package, or one added later) is taken to change the shape.
SHAPELESS = ("mass.", "powertrain.", "road_load.", "structure.", "occupancy.", "safety.", "plan.")


def economy_unit(design: Design) -> str:
    """'MPGe' for an electric design, else 'mpg': the unit of `energy.label_combined` (a sweep varies numbers
    only, so every variant has the base design's powertrain)."""
    return "MPGe" if design.powertrain.kind == "electric" else "mpg"


def measured_frontal_area_m2(design: Design) -> float:
    """The front projection of the design's 3-D scene, m², as the analysis measures it."""
    from ..geometry import build_scene
    from ..geometry.frontal_area import frontal_area_m2

    return frontal_area_m2(build_scene(design))


def energy_figures(variants: Variants, valid: np.ndarray
                   ) -> tuple[dict[str, np.ndarray], dict[str, int], dict[str, str]]:
    """The energy columns of `variants` (NaN for an invalid variant and one the model cannot simulate), and why
    those could not be simulated: how many for each cause (EnergyModelError.cause, the same words for every vehicle
    refused that way) and the first of them's one-line reason (which names that variant's own figures)."""
    n = len(variants)
    out = {name: np.full(n, np.nan) for name in COLUMNS}
    errors: Counter[str] = Counter()
    examples: dict[str, str] = {}
    shape_fields = [p for p in variants.fields if not p.startswith(SHAPELESS)]
    areas: dict[tuple[float, ...], float] = {}
    for i in np.flatnonzero(valid):
        design = variants.design(int(i))
        area = None
        if design.road_load.frontal_area_m2 is None:
            key = tuple(float(variants.columns[p][i]) for p in shape_fields)
            if key not in areas:
                areas[key] = measured_frontal_area_m2(design)
            area = areas[key]
        try:
            e = estimate(inputs_for(design, area))
        except EnergyModelError as exc:
            errors[exc.cause] += 1
            examples.setdefault(exc.cause, str(exc))
            continue
        out["energy.label_combined"][i] = e.label_combined
        out["energy.label_range_mi"][i] = np.nan if e.label_range_mi is None else e.label_range_mi
    return out, dict(errors), examples
