"""Closed mesh primitives as bare (vertices, faces) numpy pairs.

trimesh's creation helpers validate and post-process every call; the scene is rebuilt on every edit, so the shapes
here are written out directly with face index templates computed once, and merged into one array pair per part
(a Part, whose trimesh mesh is made only when asked for).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np


class Piece(NamedTuple):
    vertices: np.ndarray  # (V, 3) float64
    faces: np.ndarray  # (F, 3) int64


def signed_volume(vertices: np.ndarray, faces: np.ndarray) -> float:
    a, b, c = vertices[faces[:, 0]], vertices[faces[:, 1]], vertices[faces[:, 2]]
    return float(np.einsum("ij,ij->", a, np.cross(b, c))) / 6.0


def outward(vertices: np.ndarray, faces: np.ndarray) -> Piece:
    """The piece with its faces wound outward (positive volume).

    A template's winding depends on whether its parameters mirror it (e.g. a profile running the other way round),
    so orientation is settled from the volume sign instead of by case analysis.
    """
    if signed_volume(vertices, faces) < 0:
        faces = faces[:, ::-1]
    return Piece(vertices, faces)


def merge(pieces: list[Piece]) -> Piece:
    if not pieces:
        raise ValueError("nothing to merge")
    offsets = np.cumsum([0] + [len(p.vertices) for p in pieces[:-1]])
    vertices = np.concatenate([p.vertices for p in pieces])
    faces = np.concatenate([p.faces + o for p, o in zip(pieces, offsets)])
    return Piece(vertices, faces)


# Hexahedron vertex order: bottom quad (0..3) then top quad (4..7), each counter-clockwise seen from above,
# vertex i+4 above vertex i.
_HEX_FACES = np.array(
    [
        [0, 2, 1], [0, 3, 2],  # bottom
        [4, 5, 6], [4, 6, 7],  # top
        [0, 1, 5], [0, 5, 4],
        [1, 2, 6], [1, 6, 5],
        [2, 3, 7], [2, 7, 6],
        [3, 0, 4], [3, 4, 7],
    ],
    dtype=np.int64,
)


def hexahedron(corners: np.ndarray) -> Piece:
    """A closed six-sided solid from 8 corners in box order (see _HEX_FACES)."""
    return outward(np.asarray(corners, dtype=np.float64), _HEX_FACES)


def box(low, high) -> Piece:
    (x0, y0, z0), (x1, y1, z1) = low, high
    corners = np.array(
        [
            [x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0],
            [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1],
        ],
        dtype=np.float64,
    )
    return Piece(corners, _HEX_FACES)


def boxes(lows: np.ndarray, highs: np.ndarray) -> Piece:
    """Many axis-aligned boxes in one piece (each box its own closed shell)."""
    lows, highs = np.atleast_2d(lows), np.atleast_2d(highs)
    pick = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]])
    corners = np.where(pick[None, :, :] == 1, highs[:, None, :], lows[:, None, :])
    faces = _HEX_FACES[None, :, :] + 8 * np.arange(len(lows))[:, None, None]
    return Piece(corners.reshape(-1, 3), faces.reshape(-1, 3))


@lru_cache(maxsize=64)
def _loop_faces(rows: int, cols: int, closed_rows: bool) -> np.ndarray:
    """Quads between consecutive rows of a (rows, cols) vertex grid whose columns wrap around.

    closed_rows: the last row also joins the first (a torus, as in a revolved profile); otherwise the caller caps
    the first and last rows.
    """
    r = np.arange(rows if closed_rows else rows - 1)
    c = np.arange(cols)
    r0, c0 = np.meshgrid(r, c, indexing="ij")
    r1, c1 = (r0 + 1) % rows, (c0 + 1) % cols
    a, b, cc, d = r0 * cols + c0, r0 * cols + c1, r1 * cols + c1, r1 * cols + c0
    faces = np.stack([np.stack([a, b, cc], -1), np.stack([a, cc, d], -1)], axis=2)
    faces = faces.reshape(-1, 3)
    faces.flags.writeable = False
    return faces


@lru_cache(maxsize=64)
def loft_faces(stations: int, ring: int) -> np.ndarray:
    """Faces of a loft of `stations` rings of `ring` vertices each, closed by a fan to one centre vertex per end.

    Vertex layout: rings in order (stations * ring vertices), then the first-end centre, then the last-end centre.
    """
    side = _loop_faces(stations, ring, closed_rows=False)
    c = np.arange(ring)
    first_centre, last_centre = stations * ring, stations * ring + 1
    last = (stations - 1) * ring
    cap0 = np.stack([np.full(ring, first_centre), (c + 1) % ring, c], -1)
    cap1 = np.stack([np.full(ring, last_centre), last + c, last + (c + 1) % ring], -1)
    faces = np.concatenate([side, cap0, cap1])
    faces.flags.writeable = False
    return faces


def revolve_y(profile: np.ndarray, segments: int) -> Piece:
    """Revolve a closed (radius, y) profile loop about the y axis; the profile must not touch the axis.

    Angles start at 0 and step by 360/segments, so with segments divisible by 4 the extreme radius lands exactly
    on +-x and +-z: a tyre's bounding box is exactly its diameter.
    """
    theta = np.arange(segments) * (2 * np.pi / segments)
    cos, sin = np.cos(theta), np.sin(theta)
    r, y = profile[:, 0], profile[:, 1]
    verts = np.stack(
        [cos[:, None] * r[None, :], np.broadcast_to(y, (segments, len(y))), sin[:, None] * r[None, :]], -1
    ).reshape(-1, 3)
    return outward(verts, _loop_faces(segments, len(profile), closed_rows=True))


def cylinder_y(radius: float, y0: float, y1: float, segments: int) -> Piece:
    """A closed cylinder along y from y0 to y1, centred on the y axis."""
    theta = np.arange(segments) * (2 * np.pi / segments)
    ring = np.stack([radius * np.cos(theta), np.zeros(segments), radius * np.sin(theta)], -1)
    rings = np.stack([ring + [0, y0, 0], ring + [0, y1, 0]])
    verts = np.concatenate([rings.reshape(-1, 3), [[0, y0, 0], [0, y1, 0]]])
    return outward(verts, loft_faces(2, segments))


@lru_cache(maxsize=8)
def _prism_faces(k: int) -> np.ndarray:
    """Faces of a prism over a k-gon: ring 0 (vertices 0..k-1), ring 1 (k..2k-1), sides then a fan cap per ring.

    Wound outward for a polygon clockwise in (x, z) extruded towards +y; `prisms_y` reverses the others.
    """
    i = np.arange(k)
    j = (i + 1) % k
    sides = np.concatenate([np.stack([i, j, k + j], -1), np.stack([i, k + j, k + i], -1)])
    fan = np.arange(1, k - 1)
    caps = np.concatenate([np.stack([np.zeros_like(fan), fan + 1, fan], -1),
                           np.stack([np.full_like(fan, k), k + fan, k + fan + 1], -1)])
    faces = np.concatenate([sides, caps]).astype(np.int64)
    faces.flags.writeable = False
    return faces


@lru_cache(maxsize=8)
def _flipped_prism_faces(k: int) -> np.ndarray:
    faces = np.ascontiguousarray(_prism_faces(k)[:, ::-1])
    faces.flags.writeable = False
    return faces


@lru_cache(maxsize=8)
def _next_corner(k: int) -> np.ndarray:
    return np.roll(np.arange(k), -1)


def prisms_y(polygons: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> Piece:
    """Side-view polygons extruded across the vehicle: one closed, outward-wound prism per polygon.

    polygons: (N, k, 2) model (x, z) in mm, each convex (its caps are fans from its first corner), open (the first
    corner not repeated) and of either orientation; y0, y1: (N,) or scalars, the lateral faces' model y in mm, in
    either order. Returns N * 2k vertices (polygon n's at [2kn, 2k(n+1)): its y0 ring then its y1 ring) and
    N * (4k - 4) faces. Raises ValueError for a shape other than (N, k >= 3, 2).
    """
    polygons = np.asarray(polygons, dtype=np.float64)
    if polygons.ndim != 3 or polygons.shape[1] < 3 or polygons.shape[2] != 2:
        raise ValueError(f"polygons must be (N, k >= 3, 2), not {polygons.shape}")
    n, k, _ = polygons.shape
    y0 = np.broadcast_to(np.asarray(y0, dtype=np.float64), (n,))
    y1 = np.broadcast_to(np.asarray(y1, dtype=np.float64), (n,))
    x, z = polygons[:, :, 0], polygons[:, :, 1]
    vertices = np.empty((n, 2, k, 3))
    vertices[:, :, :, 0] = x[:, None, :]
    vertices[:, 0, :, 1] = y0[:, None]
    vertices[:, 1, :, 1] = y1[:, None]
    vertices[:, :, :, 2] = z[:, None, :]
    # twice the signed area in (x, z); a counter-clockwise polygon extruded towards +y comes out inside-out
    nxt = _next_corner(k)
    area2 = np.einsum("ij,ij->i", x, z[:, nxt]) - np.einsum("ij,ij->i", x[:, nxt], z)
    flip = (area2 * (y1 - y0) > 0)[:, None, None]
    faces = np.where(flip, _flipped_prism_faces(k), _prism_faces(k)) + (2 * k * np.arange(n))[:, None, None]
    return Piece(vertices.reshape(-1, 3), faces.reshape(-1, 3))
