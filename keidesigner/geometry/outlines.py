"""2-D orthographic outlines (side, front, top) for drawings: part silhouettes, the kei box and dimension lines.

Silhouettes are the parts' shadows computed by manifold3d's projection (the union of everything a part covers in
that view, as closed polygons), so they are exactly what the 3-D scene shows. Coordinates are model millimetres:
side view (x, z), front view (y, z), top view (x, y); x forward, y left, z up, origin on the ground at the
vehicle's front on its centre line. Every polyline is closed (its last point repeats its first).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..design import Design
from ..design.kei import KEI_BOX_MM
from .build import build_scene
from .scene import ENVELOPE, INTERIOR, Part, Scene
from .wheels import wheel_centres

VIEWS = ("side", "front", "top")

# Proper rotations (det +1, so meshes stay outward-wound) taking each view's drawing plane to manifold's x-y plane.
_TO_PLANE = {
    "side": np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]]),  # (x, z)
    "front": np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]),  # (y, z)
    "top": np.eye(3),  # (x, y)
}
AXES = {"side": ("x", "z"), "front": ("y", "z"), "top": ("x", "y")}


@dataclass(frozen=True)
class Dimension:
    """A dimension line drawn from start to end (already set clear of the vehicle), labelled with its value."""

    start: np.ndarray
    end: np.ndarray
    label: str
    value_mm: float
    field: str | None = None  # the design field (or derived figure) the dimension shows, e.g. "dimensions.length_mm"


@dataclass(frozen=True)
class Outline:
    view: str
    axes: tuple[str, str]
    polylines: dict[str, list[np.ndarray]] = field(default_factory=dict)  # part name -> closed (N, 2) loops
    dimensions: list[Dimension] = field(default_factory=list)

    def vehicle_bounds(self) -> np.ndarray:
        """(2, 2) min and max corner of the vehicle's exterior polylines (the kei box, the seats and dimension lines
        excluded: see scene.py)."""
        points = np.concatenate([p for name, loops in self.polylines.items()
                                 if name != ENVELOPE and name not in INTERIOR for p in loops])
        return np.array([points.min(axis=0), points.max(axis=0)])

    @property
    def vehicle_extents(self) -> np.ndarray:
        low, high = self.vehicle_bounds()
        return high - low


def _solid(part: Part):
    import manifold3d  # only drawings need it: not imported at the app's start

    mesh = manifold3d.Mesh(
        vert_properties=np.ascontiguousarray(part.vertices, dtype=np.float32),
        tri_verts=np.ascontiguousarray(part.faces, dtype=np.uint32),
    )
    solid = manifold3d.Manifold(mesh)
    if solid.status() != manifold3d.Error.NoError:
        raise ValueError(f"cannot project part '{part.name}': not a closed manifold ({solid.status()})")
    return solid


def _silhouette(solid, view: str) -> list[np.ndarray]:
    to_plane = np.zeros((3, 4))
    to_plane[:, :3] = _TO_PLANE[view]
    loops = []
    for loop in solid.transform(to_plane).project().to_polygons():
        loop = np.asarray(loop, dtype=np.float64)
        loops.append(np.concatenate([loop, loop[:1]]))
    return loops


def _rectangle(low, high) -> np.ndarray:
    (u0, v0), (u1, v1) = low, high
    return np.array([[u0, v0], [u1, v0], [u1, v1], [u0, v1], [u0, v0]], dtype=np.float64)


def _envelope(view: str) -> np.ndarray:
    length, width, height = KEI_BOX_MM
    spans = {"x": (-length, 0.0), "y": (-width / 2, width / 2), "z": (0.0, height)}
    (u0, u1), (v0, v1) = (spans[a] for a in AXES[view])
    return _rectangle((u0, v0), (u1, v1))


_FIELDS = {
    "Length": "dimensions.length_mm", "Width": "dimensions.width_mm", "Height": "dimensions.height_mm",
    "Wheelbase": "dimensions.wheelbase_mm", "Front overhang": "dimensions.front_overhang_mm",
    "Rear overhang": "rear_overhang_mm", "Ground clearance": "dimensions.ground_clearance_mm",
    "Front track": "dimensions.front_track_mm", "Rear track": "dimensions.rear_track_mm",
    "Headlamp": "lighting.headlamp_height_mm", "Tail lamp": "lighting.tail_lamp_height_mm",
    "Bumper": "lighting.bumper_height_mm",
}


def _dim(u0, v0, u1, v1, label: str, value: float) -> Dimension:
    return Dimension(np.array([u0, v0], dtype=np.float64), np.array([u1, v1], dtype=np.float64), label, value,
                     _FIELDS.get(label))


def _dimensions(design: Design, view: str) -> list[Dimension]:
    d, light = design.dimensions, design.lighting
    L, W, H = d.length_mm, d.width_mm, d.height_mm
    xf, xr = -d.front_overhang_mm, -(d.front_overhang_mm + d.wheelbase_mm)
    gap = 0.06 * max(L, W, H)  # dimension lines stand clear of the drawing by a fraction of its size
    if view == "side":
        mid = 0.5 * (xf + xr)
        return [
            _dim(-L, -2 * gap, 0.0, -2 * gap, "Length", L),
            _dim(xr, -gap, xf, -gap, "Wheelbase", d.wheelbase_mm),
            _dim(xf, -gap, 0.0, -gap, "Front overhang", d.front_overhang_mm),
            _dim(-L, -gap, xr, -gap, "Rear overhang", d.rear_overhang_mm),
            _dim(gap, 0.0, gap, H, "Height", H),
            _dim(mid, 0.0, mid, d.ground_clearance_mm, "Ground clearance", d.ground_clearance_mm),
            _dim(0.5 * gap, 0.0, 0.5 * gap, light.headlamp_height_mm, "Headlamp", light.headlamp_height_mm),
            _dim(-L - 0.5 * gap, 0.0, -L - 0.5 * gap, light.tail_lamp_height_mm, "Tail lamp",
                 light.tail_lamp_height_mm),
            _dim(-L - gap, 0.0, -L - gap, light.bumper_height_mm, "Bumper", light.bumper_height_mm),
        ]
    if view == "front":
        return [
            _dim(-W / 2, -2 * gap, W / 2, -2 * gap, "Width", W),
            _dim(-d.front_track_mm / 2, -gap, d.front_track_mm / 2, -gap, "Front track", d.front_track_mm),
            _dim(W / 2 + gap, 0.0, W / 2 + gap, H, "Height", H),
            _dim(0.0, 0.0, 0.0, d.ground_clearance_mm, "Ground clearance", d.ground_clearance_mm),
        ]
    return [
        _dim(-L, -W / 2 - 2 * gap, 0.0, -W / 2 - 2 * gap, "Length", L),
        _dim(xr, -W / 2 - gap, xf, -W / 2 - gap, "Wheelbase", d.wheelbase_mm),
        _dim(gap, -W / 2, gap, W / 2, "Width", W),
        _dim(xf, -d.front_track_mm / 2, xf, d.front_track_mm / 2, "Front track", d.front_track_mm),
        _dim(xr, -d.rear_track_mm / 2, xr, d.rear_track_mm / 2, "Rear track", d.rear_track_mm),
    ]


def outlines(design: Design, view: str, scene: Scene | None = None) -> Outline:
    """Silhouettes of every vehicle part in `view` ('side', 'front' or 'top'; the seats included, the occupants
    not), the kei box and dimension lines.

    Pass the design's already-built scene to skip rebuilding it. Raises ValueError for an unknown view.
    """
    return all_outlines(design, (view,), scene)[view]


def all_outlines(design: Design, views: tuple[str, ...] = VIEWS, scene: Scene | None = None) -> dict[str, Outline]:
    """The outline of each of `views`, each part's solid made once for all of them (making a solid costs several
    times more than projecting it: 6.5 ms against 16 ms for a kei truck's three views). Raises ValueError for an
    unknown view."""
    unknown = [v for v in views if v not in VIEWS]
    if unknown:
        raise ValueError(f"unknown view '{unknown[0]}': use one of {', '.join(VIEWS)}")
    scene = scene or build_scene(design)
    polylines: dict[str, dict[str, list[np.ndarray]]] = {view: {} for view in views}
    for part in scene.vehicle_parts():
        solid = _solid(part)
        for view in views:
            polylines[view][part.name] = _silhouette(solid, view)
    result = {}
    for view in views:
        polylines[view][ENVELOPE] = [_envelope(view)]
        result[view] = Outline(view, AXES[view], polylines[view], _dimensions(design, view))
    return result


def wheel_centres_2d(design: Design, view: str) -> np.ndarray:
    """Wheel centres in the view's coordinates (for drawing axle marks)."""
    index = {"x": 0, "y": 1, "z": 2}
    u, v = (index[a] for a in AXES[view])
    return wheel_centres(design)[:, [u, v]]
