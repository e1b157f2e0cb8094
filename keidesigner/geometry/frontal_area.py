"""The frontal area the energy model uses: the shadow of the vehicle's exterior seen from straight ahead.

The area is the union of every exterior part's front projection (body, glass, wheels, lamps, bumpers, bed; the
seats and occupants, inside the body, and the kei box excluded), computed by manifold3d as the outlines for the
drawings are, so the number is exactly the model on the screen: a taller roof or wider track shows in it.
"""

from __future__ import annotations

import numpy as np

from .outlines import _TO_PLANE, _solid
from .scene import Scene


def frontal_area_m2(scene: Scene) -> float:
    """Projected frontal area of the scene's exterior, m² (float > 0). Takes 6–8 ms for a preset on this project's
    reference machine (README, Benchmarks). Raises ValueError if a part is not a closed manifold."""
    to_plane = np.zeros((3, 4))
    to_plane[:, :3] = _TO_PLANE["front"]
    shadow = None
    for part in scene.vehicle_parts():
        if not part.is_exterior:
            continue
        projected = _solid(part).transform(to_plane).project()
        shadow = projected if shadow is None else shadow + projected
    if shadow is None:
        raise ValueError("the scene has no exterior part to project")
    return float(shadow.area()) / 1e6
