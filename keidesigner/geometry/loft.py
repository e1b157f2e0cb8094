"""Lofting rounded cross-sections along the vehicle's length.

Each station is one cross-section (y, z) at a distance s behind the body's front: a rectangle with rounded bottom
and top corners, sides that lean in above the belt line (tumblehome), and a top edge with a recess in the middle
that is flat (depth 0) everywhere except in an open cockpit. Every ring has the same vertex count, so the face
template depends only on (stations, ring size) and is cached; consecutive ring vertices are always distinct (the
recess walls lean, so even a zero-depth recess has edges of non-zero length), which keeps every triangle non-degenerate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .primitives import Piece, loft_faces, outward

ARC_POINTS = 6  # vertices per rounded corner, both ends included
RING_SIZE = 4 * ARC_POINTS + 6


@dataclass(frozen=True)
class Sections:
    """Per-station section parameters, each an (N,) array in mm; s strictly increasing."""

    s: np.ndarray  # distance behind the body's front
    bottom: np.ndarray  # z of the section's underside
    top: np.ndarray  # z of the section's top (outer edge of the top; the recess dips below it)
    half_width: np.ndarray  # y of the sides below the belt
    top_half_width: np.ndarray  # y of the sides at the top (less than half_width: tumblehome)
    bottom_radius: np.ndarray
    top_radius: np.ndarray
    belt: np.ndarray  # z where the sides start leaning in
    recess_half_width: np.ndarray  # y of the recess's upper edge
    recess_depth: np.ndarray  # 0 outside an open cockpit

    def __len__(self) -> int:
        return len(self.s)


def ring_points(sec: Sections) -> np.ndarray:
    """(N, RING_SIZE, 2) section outlines as (y, z), counter-clockwise seen from the front."""
    n = len(sec)
    col = lambda a: np.asarray(a, dtype=np.float64)[:, None]  # noqa: E731
    b, t, w, wt = col(sec.bottom), col(sec.top), col(sec.half_width), col(sec.top_half_width)
    rb, rt = col(sec.bottom_radius), col(sec.top_radius)
    # Keep the belt strictly between the corner arcs so no two ring vertices coincide.
    lo, hi = b + rb, t - rt
    belt = np.clip(col(sec.belt), lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo))
    yo = col(sec.recess_half_width)
    depth = col(sec.recess_depth)
    yi = yo - np.maximum(4.0, 0.12 * depth)  # recess walls lean in a little, even when flat

    a = np.linspace(0.0, np.pi / 2, ARC_POINTS)[None, :]
    # right-hand side, bottom centre to top centre
    bottom_right = np.stack(
        np.broadcast_arrays(w - rb + rb * np.sin(a), b + rb - rb * np.cos(a)), -1
    )
    belt_right = np.stack(np.broadcast_arrays(w, belt), -1)
    top_right = np.stack(np.broadcast_arrays(wt - rt + rt * np.cos(a), t - rt + rt * np.sin(a)), -1)
    recess_right = np.stack([np.concatenate([yo, yi], 1), np.concatenate([t, t - depth], 1)], -1)
    right = np.concatenate([bottom_right, belt_right, top_right, recess_right], axis=1)
    # left-hand side: the right-hand side mirrored and walked top to bottom
    left = right[:, ::-1, :] * np.array([-1.0, 1.0])
    ring = np.concatenate([right, left], axis=1)
    assert ring.shape == (n, RING_SIZE, 2)
    return ring


def loft(sec: Sections, x_of_s) -> Piece:
    """The closed lofted solid; x_of_s maps station distance s to the x coordinate."""
    rings = ring_points(sec)
    n = len(sec)
    x = np.broadcast_to(np.asarray(x_of_s(sec.s), dtype=np.float64)[:, None], (n, RING_SIZE))
    verts = np.empty((n * RING_SIZE + 2, 3))
    verts[: n * RING_SIZE, 0] = x.ravel()
    verts[: n * RING_SIZE, 1] = rings[:, :, 0].ravel()
    verts[: n * RING_SIZE, 2] = rings[:, :, 1].ravel()
    # Fan centres: mid-height on the centre line, inside the convex end sections (ends never have a recess).
    for k, i in enumerate((0, n - 1)):
        verts[n * RING_SIZE + k] = (x[i, 0], 0.0, 0.5 * (sec.bottom[i] + sec.top[i]))
    return outward(verts, loft_faces(n, RING_SIZE))


def side_half_width(sec: Sections, s: np.ndarray, z: np.ndarray) -> np.ndarray:
    """y of the body's side surface at (s, z) for z between the belt and the top corner, interpolated along s."""
    s = np.asarray(s, dtype=np.float64)
    at = lambda a: np.interp(s, sec.s, a)  # noqa: E731
    b, t, rb, rt = at(sec.bottom), at(sec.top), at(sec.bottom_radius), at(sec.top_radius)
    lo, hi = b + rb, t - rt
    belt = np.clip(at(sec.belt), lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo))
    w, wt = at(sec.half_width), at(sec.top_half_width)
    z = np.asarray(z, dtype=np.float64)
    f = np.clip((z - belt) / np.maximum(hi - belt, 1e-6), 0.0, 1.0)
    y = w + (wt - w) * f
    # above the straight side, on the top corner's arc
    up = np.clip(z - hi, 0.0, rt)
    return np.where(z > hi, wt - rt + np.sqrt(np.maximum(rt * rt - up * up, 0.0)), y)
