"""Pedestrian head-impact wrap-around distance (WAD), measured on the vehicle's own meshes.

Definition (UN GTR 9 style, the basis of the proposed FMVSS 228; regulations.md B23): at a lateral position y, take
the vertical fore-aft section of the front structure. The WAD of a point on its outer surface is the length of a
flexible tape held in that plane, taut, with one end on the ground vertically below the front-most point of the
section (the bumper face) and the other end on the point. A taut tape is the shortest path from the ground point to
the point that stays on or above the section's upper outline: in side view, the upper convex hull of the outline
ahead of the point (its concave majorant), ending at the point. So the tape bridges every hollow it passes over on
the way (a cowl gap, an open cockpit, and also the bonnet under a tape reaching up the windscreen from the nose),
but the tape's end still touches the surface: a WAD line lies on the body, except across a gap too narrow and deep
for a headform (see BRIDGE_MM), which it crosses on the tape's chord.

One hull over the whole outline would not do: the bonnet meets the windscreen in a hollow (the slope steepens), so
that hull runs from the nose straight to the roof and would put the WAD 1,000 line in the air above the bonnet.

Where the surface is in the tape's shadow (the far wall of a deep hollow, reached by a shorter tape than the hollow's
floor before it), the WAD falls as the end moves rearward; a WAD line is where the tape's end first reaches the
distance going rearward along the outline.

Millimetres; model axes (x forward, y left, z up; origin on the ground, centre line, front-most point). Side-view
points are (x, z). The WAD distances and zones (child 1,000-1,700 mm, adult 1,700-2,100 mm) are marked [M]
(recalled, not confirmed) in regulations.md B23: a rule built on them is advisory.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .scene import Scene

if TYPE_CHECKING:
    import trimesh

# regulations.md B23, marked [M]: the WAD zones of GTR 9
CHILD_ZONE_MM = (1000.0, 1700.0)
ADULT_ZONE_MM = (1700.0, 2100.0)
DEFAULT_DISTANCES_MM = (1000.0, 1700.0, 2100.0)

# What the tape lies on: the parts of a built scene that make the front and top surfaces (bed, wheels, lamps at the
# rear and seats never reach the upper outline ahead of the roof's rear edge).
FRONT_STRUCTURE = ("body", "glass", "bumpers", "headlamps")

DEFAULT_LATERAL_COUNT = 11  # odd, so the centre line is one of them; ~125 mm apart on a 1,475 mm kei
# How far inside the front structure's widest point the outermost default WAD lines run. GTR 9 bounds its test area
# by side reference lines where a 45-degree straight edge touches the side [M]; on the styles' rounded corners and
# tumblehome (styles.py: inset = tumblehome * width + (1 - cos 45 deg) * top corner radius) that point is 38-101 mm
# in from the widest point, so 100 mm keeps every default line on the top surface without computing those lines.
DEFAULT_SIDE_MARGIN_MM = 100.0
# The tape runs over the top to the rear end of the highest part of the outline (the roof; a roadster's windscreen
# header): beyond it the outline goes down the back. Heights within this of the highest count as the top, so float
# noise on a flat roof does not end the tape at the roof's front.
TOP_TOLERANCE_MM = 5.0
# The outline is walked in steps no longer than this: where the tape leaves the surface (the support point) can move
# along a long flat facet (a windscreen pane is one facet), and a WAD point between two walked points is solved
# exactly for the support point of the later one. 10 mm keeps that error well under 0.1 mm.
TAPE_STEP_MM = 10.0
# A gap the tape spans (a cowl gap, a shut line) is crossed by the WAD line on the tape's chord, not followed to its
# floor: no headform reaches into it. A gap here is a hollow at most this wide at its mouth (the 165 mm sphere GTR 9
# rolls over the windscreen for its rear reference line, regulations.md B23, marked [M]) and more than half as deep
# as it is wide (sharper than a right angle: an open concave corner, where a bonnet meets a windscreen, is not a
# gap, and the points in it stay on the surface). Wider hollows (the bonnet below a tape reaching up the windscreen
# from the nose, an open cockpit) keep their surface points too.
BRIDGE_MM = 165.0
_SAME_X_MM = 1e-6  # section points this close in x are the same station (a vertical edge of the section)


class Tape(NamedTuple):
    """The taut tape at one lateral position, as the trace of its end over the surface.

    points: (M, 2) float64 (x, z) mm: the ground point (x_front, 0), then the section's upper outline from the
    front-most point rearward, in steps of at most TAPE_STEP_MM, to the rear end of the top (see TOP_TOLERANCE_MM),
    less the points inside a bridged gap (BRIDGE_MM), which the trace crosses in one straight step.
    wad: (M,) float64 mm, the tape's length from the ground point to each point (0 at the ground point).
    support: (M,) int64, for each point the index of the point where the tape to it last touches the surface before
    it (the previous point on a convex run; further forward where the tape bridges a hollow); support[0] = 0.
    """

    points: np.ndarray
    wad: np.ndarray
    support: np.ndarray

    @property
    def reach_mm(self) -> float:
        """The longest WAD this tape reaches (at the rear of the top): past it, wad_point gives None."""
        return float(self.wad.max())


class WadLine(NamedTuple):
    """One WAD across the width.

    distance_mm: the WAD. lateral: (K,) float64 y of each section, mm. points: (K, 3) float64 model (x, y, z) mm of
    the WAD point in each section, NaN where the tape runs out before the distance (past the rear of the top).
    reached: (K,) bool, where the points are not NaN.
    """

    distance_mm: float
    lateral: np.ndarray
    points: np.ndarray
    reached: np.ndarray


class ZoneShare(NamedTuple):
    """How a band of WAD (start_mm to end_mm) divides at the windscreen base, in mm of WAD.

    ahead_mm: WADs whose point is ahead of the windscreen base (on the bonnet); behind_mm: on or behind it (the
    windscreen, the roof); unreached_mm: past the tape's reach. The three add up to end_mm - start_mm.
    """

    start_mm: float
    end_mm: float
    ahead_mm: float
    behind_mm: float
    unreached_mm: float

    @property
    def ahead_fraction(self) -> float:
        """ahead_mm as a fraction of the band (0 for an empty band)."""
        span = self.end_mm - self.start_mm
        return self.ahead_mm / span if span > 0 else 0.0


# ---------------------------------------------------------------------------------------------------- sections


def front_structure(parts: Scene | Iterable, names: Sequence[str] = FRONT_STRUCTURE) -> tuple[np.ndarray, np.ndarray]:
    """One (vertices, faces) pair from several meshes, for the section functions.

    parts: a Scene (its parts named in `names` that it has), or an iterable of scene Parts, trimesh meshes (anything
    with .vertices and .faces) or (vertices, faces) pairs. Returns (V, 3) float64 mm and (F, 3) int64, the faces
    re-indexed into the joined vertices; the meshes are not merged or cleaned (a section only needs their triangles).
    Raises ValueError when there is no mesh, or a mesh's arrays are not (V, 3) and (F, 3).
    """
    if isinstance(parts, Scene):
        parts = [parts[name] for name in names if name in parts]
    vertices, faces, offset = [], [], 0
    for part in parts:
        v, f = (part.vertices, part.faces) if hasattr(part, "faces") else part
        v, f = _checked(v, f)
        vertices.append(v)
        faces.append(f + offset)
        offset += len(v)
    if not vertices:
        raise ValueError("no mesh to measure the wrap-around distance on")
    return np.concatenate(vertices), np.concatenate(faces)


def _checked(vertices, faces) -> tuple[np.ndarray, np.ndarray]:
    v = np.asarray(vertices, dtype=np.float64)
    f = np.asarray(faces, dtype=np.int64)
    if v.ndim != 2 or v.shape[1] != 3 or f.ndim != 2 or f.shape[1] != 3:
        raise ValueError(f"vertices must be (V, 3) and faces (F, 3), not {v.shape} and {f.shape}")
    return v, f


def _mesh(vertices, faces) -> trimesh.Trimesh:
    # imported here, not at start-up (see Part.mesh); process=False: a section needs no merged vertices
    import trimesh

    v, f = _checked(vertices, faces)
    return trimesh.Trimesh(vertices=v, faces=f, process=False, validate=False)


def _section_segments(mesh: trimesh.Trimesh, y: float) -> np.ndarray:
    """(S, 2, 2) side-view (x, z) segments where the plane at y cuts the mesh; ValueError naming y when it misses."""
    from trimesh.intersections import mesh_plane

    if not math.isfinite(y):
        raise ValueError(f"lateral position y = {y} mm is not a finite number")
    # A face lying in the plane yields no segment (trimesh.intersections.mesh_plane), so a plane only grazing a flat
    # side counts as missing; the default positions keep DEFAULT_SIDE_MARGIN_MM clear of the sides.
    lines = mesh_plane(mesh, plane_normal=[0.0, 1.0, 0.0], plane_origin=[0.0, y, 0.0])
    if len(lines) == 0:
        low, high = mesh.vertices[:, 1].min(), mesh.vertices[:, 1].max()
        raise ValueError(f"the section plane y = {y:g} mm misses the front structure (it spans y = {low:g} to "
                         f"{high:g} mm)")
    return lines[:, :, [0, 2]]


def _upper_outline(segments: np.ndarray) -> np.ndarray:
    """(N, 2) the highest z the segments reach at each x, as a polyline from the front-most x rearward.

    Sampled at every segment end (a station) and where the highest segment changes between two stations; a
    vertical edge of the section (a box's front face) appears as a vertical step or spike at its station. A stretch
    of x that no segment covers (a gap between two parts) is bridged by a straight line.
    """
    ends = np.round(segments[:, :, 0], 6)
    z0, z1 = segments[:, 0, 1], segments[:, 1, 1]
    u = np.unique(ends)  # stations, rear to front; interval j lies between stations j and j + 1
    n = len(u)
    first = ends[:, 0] > ends[:, 1]
    ja = np.searchsorted(u, np.where(first, ends[:, 1], ends[:, 0]))  # each segment's rear and front station
    jb = np.searchsorted(u, np.where(first, ends[:, 0], ends[:, 1]))
    za, zb = np.where(first, z1, z0), np.where(first, z0, z1)
    vertical = ja == jb
    # a vertical edge reaches its higher end at its station
    spike = np.full(n, -np.inf)
    np.maximum.at(spike, ja[vertical], np.maximum(za, zb)[vertical])

    # Sparse: (segment, interval) pairs for the intervals each sloped segment spans (a loft facet spans one or two,
    # so this is some thousands of pairs, not stations x segments).
    ja, jb, za, zb = ja[~vertical], jb[~vertical], za[~vertical], zb[~vertical]
    slope = (zb - za) / (u[jb] - u[ja])
    count = jb - ja
    seg = np.repeat(np.arange(len(ja)), count)
    interval = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count) + ja[seg]

    def highest(at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The highest segment's z and index over each interval at x = at[interval] (-inf where none covers it)."""
        z = za[seg] + slope[seg] * (at[interval] - u[ja[seg]])
        order = np.lexsort((z, interval))
        last = np.flatnonzero(np.r_[interval[order][1:] != interval[order][:-1], True])
        best, top = np.full(n - 1, -np.inf), np.full(n - 1, -1)
        best[interval[order][last]] = z[order][last]
        top[interval[order][last]] = seg[order][last]
        return best, top

    rear, front = u[:-1], u[1:]
    z_rear, i_rear = highest(rear)
    z_front, i_front = highest(front)
    covered = i_rear >= 0
    # where the highest segment changes inside an interval the outline has a corner there (two surfaces meeting)
    xc = np.full(n - 1, np.nan)
    changes = covered & (i_front != i_rear)
    if changes.any():
        a, b = i_rear[changes], i_front[changes]
        with np.errstate(divide="ignore", invalid="ignore"):
            xc[changes] = (zb[b] - zb[a] + slope[a] * u[jb[a]] - slope[b] * u[jb[b]]) / (slope[a] - slope[b])
        xc[~((xc > rear) & (xc < front))] = np.nan
    zc, _ = highest(np.where(np.isnan(xc), 0.5 * (rear + front), xc))

    nan = np.full(1, np.nan)
    ahead = np.concatenate([np.where(covered, z_rear, np.nan), nan])  # at each station, from the interval in front
    behind = np.concatenate([nan, np.where(covered, z_front, np.nan)])  # from the interval behind it
    spike[np.isinf(spike)] = np.nan
    top = np.fmax(np.fmax(ahead, behind), spike)
    # per station, walking rearward: down from the surface ahead, the top, down to the surface behind, then the
    # corner inside the interval behind
    rows = np.full((n, 4, 2), np.nan)
    rows[:, :3, 0] = u[:, None]
    rows[:, 0, 1] = np.where(ahead < top, ahead, np.nan)
    rows[:, 1, 1] = top
    rows[:, 2, 1] = np.where(behind < top, behind, np.nan)
    rows[1:, 3, 0] = xc
    rows[1:, 3, 1] = np.where(np.isnan(xc), np.nan, zc)
    points = rows[::-1].reshape(-1, 2)
    points = points[~np.isnan(points).any(axis=1)]
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(np.abs(np.diff(points, axis=0)) > 1e-9, axis=1)
    return points[keep]


def section_profile(vertices: np.ndarray, faces: np.ndarray, y: float) -> np.ndarray:
    """The upper outline of the front structure's vertical fore-aft section at lateral position y.

    vertices: (V, 3) float64 mm, faces: (F, 3) int64 (join several parts with `front_structure`); y: mm, model
    axes. Returns (N, 2) float64 (x, z) mm: the highest point of the section at each x, from the front-most x
    rearward (x non-increasing; a vertical face of the section is a vertical step in it). What lies below it (the
    front face under the front-most point, the underside) does not touch the tape, which hangs vertically from the
    front-most point to the ground. Raises ValueError naming y when the plane misses the meshes (or only grazes a
    face lying in it), and for arrays of the wrong shape.
    """
    return _upper_outline(_section_segments(_mesh(vertices, faces), float(y)))


# ---------------------------------------------------------------------------------------------------- the tape


def _walked(profile: np.ndarray) -> np.ndarray:
    """The profile up to the rear end of its top, with long steps split to at most TAPE_STEP_MM."""
    top = profile[:, 1].max()
    end = int(np.flatnonzero(profile[:, 1] >= top - TOP_TOLERANCE_MM)[-1])
    profile = profile[: end + 1]
    if len(profile) < 2:
        return profile
    step = np.hypot(*np.diff(profile, axis=0).T)
    pieces = np.maximum(np.ceil(step / TAPE_STEP_MM), 1).astype(np.int64)
    start = np.repeat(profile[:-1], pieces, axis=0)
    delta = np.repeat(np.diff(profile, axis=0) / pieces[:, None], pieces, axis=0)
    fraction = np.arange(pieces.sum()) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    return np.concatenate([start + fraction[:, None] * delta, profile[-1:]])


def _depth(xs: list[float], zs: list[float], s: int, i: int) -> float:
    """How far the points between s and i lie below the chord from s to i, at most (mm)."""
    c = math.hypot(xs[i] - xs[s], zs[i] - zs[s])
    ux, uz = (xs[i] - xs[s]) / c, (zs[i] - zs[s]) / c
    # walking rearward (ux < 0), the cross product is positive below the chord
    return max(ux * (zs[k] - zs[s]) - uz * (xs[k] - xs[s]) for k in range(s + 1, i))


def tape_line(profile: np.ndarray, bridge_mm: float = BRIDGE_MM) -> Tape:
    """The taut tape over an upper outline: where its end touches the surface, and its length to each point.

    profile: (N, 2) (x, z) mm from the front rearward, x non-increasing (as `section_profile` gives; a hand-made
    outline may start at the ground or part-way up the front). The ground point is (x of the first point, 0): the
    ground vertically below the front-most point. From there the tape runs straight up to the first point, then
    over the outline as the upper convex hull of what lies ahead of its end, to the rear end of the top (the highest
    part, within TOP_TOLERANCE_MM). Where the tape spans a gap with a mouth of at most bridge_mm and more than half
    as deep (see BRIDGE_MM; 0 keeps every point of the surface) the trace crosses on the tape's chord. Raises
    ValueError for an empty, non-finite or rearward-running profile.
    """
    profile = np.asarray(profile, dtype=np.float64)
    if profile.ndim != 2 or profile.shape[1] != 2 or len(profile) == 0 or not np.isfinite(profile).all():
        raise ValueError(f"a profile must be a non-empty, finite (N, 2) array, not {profile.shape}")
    if np.any(np.diff(profile[:, 0]) > _SAME_X_MM):
        raise ValueError("a profile must run from the front rearward (x non-increasing)")
    walked = _walked(profile)
    points = np.concatenate([[[walked[0, 0], 0.0]], walked])
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(np.abs(np.diff(points, axis=0)) > 1e-9, axis=1)
    points = points[keep]

    # Andrew's monotone chain over the points in walking order: after point i the stack is the taut tape to it (the
    # concave majorant of the points so far), so its top before i is pushed is where the tape to i leaves the
    # surface. Plain floats: a scalar loop over numpy elements costs ten times as much.
    xs, zs = points[:, 0].tolist(), points[:, 1].tolist()
    n = len(xs)
    wad, support, stack = [0.0] * n, [0] * n, [0]
    spanned = [0] * (n + 1)  # +1 where a bridged run of points starts, -1 after it ends
    for i in range(1, n):
        px, pz = xs[i], zs[i]
        while len(stack) >= 2:
            o, a = stack[-2], stack[-1]
            # keep a while o -> a -> i turns left (the tape bends over a) or runs straight on: the tape then leaves
            # a straight run at its nearest point, so a gap's chord starts at its rim, not where the run began
            ax, az, bx, bz = xs[a] - xs[o], zs[a] - zs[o], px - xs[o], pz - zs[o]
            if ax * bz - az * bx >= -1e-12 * (abs(ax) + abs(az)) * (abs(bx) + abs(bz)):
                break
            stack.pop()
        s = stack[-1]
        chord = math.hypot(px - xs[s], pz - zs[s])
        wad[i] = wad[s] + chord
        support[i] = s
        stack.append(i)
        if s < i - 1 and 0.0 < chord <= bridge_mm and _depth(xs, zs, s, i) > 0.5 * chord:
            spanned[s + 1] += 1
            spanned[i] -= 1
    # A point under a bridge is never the support of a point kept (a later bridge over it takes it off the stack),
    # so dropping the bridged points leaves every kept point's support kept.
    kept = np.cumsum(spanned[:n]) == 0
    index = np.cumsum(kept) - 1
    return Tape(points[kept], np.array(wad)[kept], index[np.array(support, dtype=np.int64)[kept]])


def _locate(tape: Tape, distance_mm: float) -> tuple[int, np.ndarray] | None:
    """(i, point): the first point along the tape's trace at the distance, between trace points i - 1 and i."""
    d = float(distance_mm)
    if not math.isfinite(d) or d < 0:
        raise ValueError(f"a wrap-around distance must be a finite length >= 0 mm, not {distance_mm}")
    reach = np.maximum.accumulate(tape.wad)
    if d > reach[-1] + 1e-9:
        return None
    i = int(np.searchsorted(reach, d, side="left"))
    if i == 0:
        return 0, tape.points[0].copy()
    a, b = tape.points[i - 1], tape.points[i]
    s = tape.support[i]
    # |a + t (b - a) - q| = d - wad(q) for the tape leaving the surface at q, the smallest root in [0, 1]
    u, v, r = a - tape.points[s], b - a, d - tape.wad[s]
    qa, qb, qc = v @ v, 2.0 * (u @ v), u @ u - r * r
    disc = qb * qb - 4.0 * qa * qc
    roots = (np.array([-qb - math.sqrt(disc), -qb + math.sqrt(disc)]) / (2.0 * qa)) if disc >= 0 else np.array([])
    roots = roots[(roots >= -1e-9) & (roots <= 1.0 + 1e-9)]
    if len(roots):
        t = float(np.clip(roots.min(), 0.0, 1.0))
    else:  # the support point moved inside the step; the step is short enough for a straight blend
        w0, w1 = tape.wad[i - 1], tape.wad[i]
        t = (d - w0) / (w1 - w0) if w1 > w0 else 1.0
    return i, a + t * v


def wad_point(tape: Tape, distance_mm: float) -> tuple[float, float] | None:
    """(x, z) mm where the tape's end reaches distance_mm going rearward, or None when the tape runs out first (the
    distance is past the rear of the roof, or of the highest part of the outline: see `tape_line`).

    Below the front-most point the end hangs on the vertical tape, not on the surface. Raises ValueError for a
    negative or non-finite distance.
    """
    found = _locate(tape, distance_mm)
    if found is None:
        return None
    return float(found[1][0]), float(found[1][1])


def tape_path(tape: Tape, distance_mm: float) -> np.ndarray | None:
    """(k, 2) (x, z) mm: the taut tape itself, from the ground point to the WAD point at distance_mm (straight
    across the hollows it bridges), for drawings; None where wad_point gives None. Its length is distance_mm."""
    found = _locate(tape, distance_mm)
    if found is None:
        return None
    i, end = found
    chain = [tape.support[i]] if i > 0 else []
    while chain and chain[-1] != 0:
        chain.append(tape.support[chain[-1]])
    path = np.concatenate([tape.points[chain[::-1]].reshape(-1, 2), end[None, :]])
    if len(path) < 3:
        return path
    # the tape touches every walked point of a straight run; a drawing needs only where it bends
    d0, d1 = path[1:-1] - path[:-2], path[2:] - path[1:-1]
    bend = np.abs(d0[:, 0] * d1[:, 1] - d0[:, 1] * d1[:, 0]) > 1e-9 * np.hypot(*d0.T) * np.hypot(*d1.T)
    return path[np.r_[True, bend, True]]


def zone_share(tape: Tape, windscreen_base_x_mm: float, start_mm: float, end_mm: float) -> ZoneShare:
    """How much of the WAD band start_mm..end_mm lands ahead of the windscreen base (on the bonnet) and how much on
    or behind it, at one lateral position.

    windscreen_base_x_mm: the model x of the windscreen's base (the cowl) in this section, supplied by the caller
    (the body model knows where it put the glass; this module does not guess it). The WAD point moves rearward as
    the WAD grows, so the band splits at the WAD where the tape's end first reaches that x. E.g. CHILD_ZONE_MM and
    ADULT_ZONE_MM. Raises ValueError for end_mm < start_mm or a negative start.
    """
    if not start_mm <= end_mm:
        raise ValueError(f"a WAD band must not end ({end_mm} mm) before it starts ({start_mm} mm)")
    if start_mm < 0:
        raise ValueError(f"a WAD band starts at a length >= 0 mm, not {start_mm}")
    reach = float(np.maximum.accumulate(tape.wad)[-1])
    split = _wad_at_x(tape, float(windscreen_base_x_mm))
    reached_end = min(end_mm, reach)
    ahead = max(0.0, min(reached_end, split) - start_mm)
    behind = max(0.0, reached_end - max(start_mm, split))
    return ZoneShare(float(start_mm), float(end_mm), ahead, behind, (end_mm - start_mm) - ahead - behind)


def _wad_at_x(tape: Tape, x: float) -> float:
    """The smallest WAD whose point is at or behind x (inf when the whole trace is ahead of x)."""
    px = tape.points[:, 0]
    behind = np.flatnonzero(px <= x)
    if len(behind) == 0:
        return math.inf
    i = int(behind[0])
    reach = np.maximum.accumulate(tape.wad)
    if i == 0:
        return 0.0
    a, b = tape.points[i - 1], tape.points[i]
    t = (a[0] - x) / (a[0] - b[0])
    q = tape.points[tape.support[i]]
    at = a + t * (b - a)
    return float(max(reach[i - 1], tape.wad[tape.support[i]] + math.hypot(*(at - q))))


# ---------------------------------------------------------------------------------------------------- across the width


def lateral_positions(vertices: np.ndarray, count: int = DEFAULT_LATERAL_COUNT,
                      margin_mm: float = DEFAULT_SIDE_MARGIN_MM) -> np.ndarray:
    """(count,) float64 y mm: evenly spaced across the meshes' width, margin_mm in from each side.

    Raises ValueError when count < 1 or the width is not more than twice the margin.
    """
    if count < 1:
        raise ValueError(f"need at least one lateral position, not {count}")
    y = np.asarray(vertices, dtype=np.float64)[:, 1]
    low, high = float(y.min()) + margin_mm, float(y.max()) - margin_mm
    if high <= low:
        raise ValueError(f"the meshes ({y.max() - y.min():g} mm wide) are no wider than twice the {margin_mm:g} mm "
                         "side margin")
    return np.linspace(low, high, count) if count > 1 else np.array([0.5 * (low + high)])


def section_tapes(vertices: np.ndarray, faces: np.ndarray, lateral: Iterable[float],
                  bridge_mm: float = BRIDGE_MM) -> list[Tape]:
    """The tape (`tape_line`) at each lateral position (mm), sliced from one mesh. Raises ValueError naming the
    first y whose plane misses the meshes."""
    mesh = _mesh(vertices, faces)
    return [tape_line(_upper_outline(_section_segments(mesh, float(y))), bridge_mm) for y in lateral]


def wad_lines(vertices: np.ndarray, faces: np.ndarray, distances: Iterable[float] = DEFAULT_DISTANCES_MM,
              lateral: Iterable[float] | None = None, bridge_mm: float = BRIDGE_MM) -> dict[float, WadLine]:
    """The WAD lines across the width, for drawing and for the pedestrian-protection advice.

    vertices: (V, 3) float64 mm, faces: (F, 3) int64, the front structure (`front_structure(scene)`); distances:
    WADs in mm (default DEFAULT_DISTANCES_MM); lateral: the sections' y in mm, default `lateral_positions(vertices)`
    (DEFAULT_LATERAL_COUNT positions, DEFAULT_SIDE_MARGIN_MM in from the sides). Returns {distance: WadLine} with
    (K, 3) points, NaN where the tape runs out; bridge_mm as in `tape_line`. Raises ValueError naming y when a
    section plane misses the meshes, and for a negative distance.

    Takes 11-13 ms per design on the five presets (median of 30, 11 sections of the scene's front structure,
    this machine kind): about 3 ms trimesh's slicing, 3 ms the outlines, the rest the tape walks. The first call in
    a process also imports trimesh (about 60 ms).
    """
    vertices, faces = _checked(vertices, faces)
    ys = lateral_positions(vertices) if lateral is None else np.asarray(list(lateral), dtype=np.float64)
    return lines_from_tapes(section_tapes(vertices, faces, ys, bridge_mm), ys, distances)


def lines_from_tapes(tapes: Sequence[Tape], ys: np.ndarray, distances: Iterable[float] = DEFAULT_DISTANCES_MM
                     ) -> dict[float, WadLine]:
    """The WAD lines ({distance: WadLine}) of tapes already measured at the lateral positions ys (mm), as `wad_lines`
    gives them; for a caller that needs the tapes as well (the pedestrian zones)."""
    ys = np.asarray(ys, dtype=np.float64)
    lines = {}
    for d in distances:
        points = np.full((len(ys), 3), np.nan)
        for k, tape in enumerate(tapes):
            at = wad_point(tape, d)
            if at is not None:
                points[k] = (at[0], ys[k], at[1])
        lines[float(d)] = WadLine(float(d), ys.copy(), points, ~np.isnan(points[:, 0]))
    return lines
