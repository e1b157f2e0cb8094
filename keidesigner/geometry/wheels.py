"""Wheels: a tyre revolved from a rounded profile around a rim, one cached mesh per tyre size, placed four times."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..design import Design
from .primitives import Piece, cylinder_y, merge, revolve_y

TYRE_SEGMENTS = 32  # divisible by 4: the tread's extreme radius lies exactly on the ground and at the top
_SHOULDER_POINTS = 4


@lru_cache(maxsize=32)
def wheel_at_origin(diameter: float, width: float) -> tuple[Piece, int]:
    """(one wheel centred on the origin with its axle along y, number of tyre faces before the rim's faces)."""
    r, half = diameter / 2, width / 2
    rim_r = max(0.55 * r, r - 0.45 * width)  # low-profile on big rims, balloon on small ones
    shoulder = min(0.22 * width, 0.15 * r)
    a = np.linspace(0.0, np.pi / 2, _SHOULDER_POINTS)
    # closed (radius, y) loop: inner sidewall up, tread across, outer sidewall down, bead seat back
    near = np.stack([r - shoulder + shoulder * np.sin(a), -half + shoulder - shoulder * np.cos(a)], -1)
    far = np.stack([r - shoulder + shoulder * np.cos(a), half - shoulder + shoulder * np.sin(a)], -1)
    profile = np.concatenate([[[rim_r, -half]], near, far, [[rim_r, half]]])
    tyre = revolve_y(profile, TYRE_SEGMENTS)
    # the rim sits in the tyre's bore, its faces set back from the sidewalls
    rim = cylinder_y(rim_r + 0.5, -half + 0.15 * width, half - 0.15 * width, TYRE_SEGMENTS)
    piece = merge([tyre, rim])
    piece.vertices.flags.writeable = False
    piece.faces.flags.writeable = False
    return piece, len(tyre.faces)


def wheel_centres(design: Design) -> np.ndarray:
    """(4, 3) wheel centres: front left, front right, rear left, rear right."""
    d = design.dimensions
    r = d.tire_diameter_mm / 2
    xf, xr = -d.front_overhang_mm, -(d.front_overhang_mm + d.wheelbase_mm)
    yf, yr = d.front_track_mm / 2, d.rear_track_mm / 2
    return np.array([[xf, yf, r], [xf, -yf, r], [xr, yr, r], [xr, -yr, r]])


def wheels_piece(design: Design) -> tuple[Piece, np.ndarray]:
    """All four wheels and a per-face flag that is True on rim faces."""
    d = design.dimensions
    one, tyre_faces = wheel_at_origin(float(d.tire_diameter_mm), float(d.tire_width_mm))
    centres = wheel_centres(design)
    verts = (one.vertices[None, :, :] + centres[:, None, :]).reshape(-1, 3)
    n = len(one.vertices)
    faces = (one.faces[None, :, :] + n * np.arange(4)[:, None, None]).reshape(-1, 3)
    is_rim = np.tile(np.arange(len(one.faces)) >= tyre_faces, 4)
    return Piece(verts, faces), is_rim
