"""The Scene: named vehicle parts as trimesh meshes, plus the kei box around them.

Conventions (every part, every view):
- millimetres; x forward, y to the vehicle's left, z up (right-handed);
- origin on the ground (z = 0), on the vehicle's centre line (y = 0), at its front-most point (x = 0): the vehicle
  occupies x in [-length, 0], the front axle sits at x = -front_overhang, the rear one at
  x = -(front_overhang + wheelbase);
- colours are RGBA floats in 0..1 (what pyqtgraph's GLMeshItem takes); a part may also carry per-face colours.

Parts come in three kinds. Viewing aids (the kei envelope, the occupants) are not the vehicle: a viewer draws them
by name, and they are neither in `vehicle_parts()` nor exported, outlined or measured. Interior parts (the seats) are
the vehicle's, exported and outlined, but its size is measured on its exterior only: nothing keeps a design's seats
inside its body, and the size is the design's length, width and height whatever the seats do. Every other part is
exterior.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

import numpy as np

if TYPE_CHECKING:
    import trimesh


ENVELOPE = "envelope"
SEATS = "seats"
OCCUPANTS = "occupants"
VIEWING_AIDS = frozenset({ENVELOPE, OCCUPANTS})
INTERIOR = frozenset({SEATS})

Color = tuple[float, float, float, float]


@dataclass(frozen=True, eq=False)
class Part:
    name: str
    vertices: np.ndarray = field(repr=False)  # (V, 3) float64, mm
    faces: np.ndarray = field(repr=False)  # (F, 3) int64
    color: Color = (0.5, 0.5, 0.5, 1.0)
    # One RGBA row per face when a part has more than one colour (tail lamps red, headlamps white); None = uniform.
    face_colors_override: np.ndarray | None = field(default=None, repr=False)

    @cached_property
    def mesh(self) -> trimesh.Trimesh:
        """The part as a trimesh mesh, made on first use: the live preview draws the arrays and never needs it, and
        each Trimesh is a reference cycle that would hold its arrays until a full garbage collection. trimesh
        itself is imported here, not at start-up: importing it takes longer than building a scene."""
        import trimesh

        # process=False: the pieces are closed and consistently wound by construction (the tests check it), and
        # trimesh's merge/cleanup pass would cost more than building them.
        return trimesh.Trimesh(vertices=self.vertices, faces=self.faces, process=False, validate=False)

    @property
    def face_colors(self) -> np.ndarray:
        """(F, 4) float32 RGBA per face, in 0..1."""
        if self.face_colors_override is not None:
            return self.face_colors_override
        return np.broadcast_to(np.asarray(self.color, dtype=np.float32), (len(self.faces), 4))

    @property
    def is_vehicle(self) -> bool:
        """Part of the vehicle (exported, outlined): not a viewing aid."""
        return self.name not in VIEWING_AIDS

    @property
    def is_exterior(self) -> bool:
        """What the vehicle's size is measured on: a vehicle part that is not inside it."""
        return self.is_vehicle and self.name not in INTERIOR


class Scene:
    """Named parts in a fixed order; iterate for (name, mesh, colour) via Part attributes."""

    def __init__(self, parts: list[Part] | tuple[Part, ...]):
        self._parts = tuple(parts)
        self._by_name = {p.name: p for p in self._parts}
        if len(self._by_name) != len(self._parts):
            raise ValueError("scene part names must be unique")

    def __iter__(self) -> Iterator[Part]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Part:
        return self._by_name[name]

    @property
    def names(self) -> list[str]:
        return [p.name for p in self._parts]

    @property
    def parts(self) -> tuple[Part, ...]:
        return self._parts

    def vehicle_parts(self) -> list[Part]:
        """Every part of the vehicle, the seats included: not the viewing aids (kei envelope, occupants)."""
        return [p for p in self._parts if p.is_vehicle]

    @property
    def envelope(self) -> Part:
        return self._by_name[ENVELOPE]

    @property
    def bounds(self) -> np.ndarray:
        """(2, 3) min and max corner of the vehicle's exterior (no viewing aid, no seat), in mm."""
        lows, highs = zip(*((p.vertices.min(axis=0), p.vertices.max(axis=0)) for p in self._parts if p.is_exterior))
        return np.array([np.min(lows, axis=0), np.max(highs, axis=0)])

    @property
    def extents(self) -> np.ndarray:
        low, high = self.bounds
        return high - low

    def to_trimesh_scene(self, with_envelope: bool = False) -> trimesh.Scene:
        """A trimesh.Scene with one named geometry per vehicle part (and the kei envelope if with_envelope; never the
        occupants), coloured, for the exporters."""
        import trimesh

        scene = trimesh.Scene()
        for part in self._parts:
            if not (part.is_vehicle or (with_envelope and part.name == ENVELOPE)):
                continue
            mesh = trimesh.Trimesh(vertices=part.vertices, faces=part.faces, process=False)
            # Vertex colours, not face colours: trimesh converts face colours through scipy, which is not a
            # dependency, and no vertex of a part is shared between two of its colours, so this is exact.
            rgba = np.clip(np.round(np.asarray(part.face_colors) * 255), 0, 255).astype(np.uint8)
            vertex_rgba = np.zeros((len(mesh.vertices), 4), dtype=np.uint8)
            vertex_rgba[mesh.faces] = rgba[:, None, :]
            mesh.visual = trimesh.visual.ColorVisuals(mesh=mesh, vertex_colors=vertex_rgba)
            scene.add_geometry(mesh, geom_name=part.name, node_name=part.name)
        return scene
