"""The body shell, its glass and a truck's bed, from the design's dimensions, front end and body style.

The shell is lofted from rounded cross-sections along the length (see loft.py). Along x, s is the distance behind
the shell's front; the shell spans s in [0, shell_length] and the bumpers stand BUMPER_PROUD_MM proud of it at
both ends, so the bumpers are the vehicle's ends ("length: bumper to bumper"). Wheel arches are the shell's
underside raised over each tyre; an underframe inboard of the tyres (a floor tub, or a truck's chassis) sets the
lowest body point at the ground clearance whatever the arches do.

The nose follows the design's front end (design/front_end.py): the side profile's top line starts at the bonnet
leading edge height, meets the windscreen at the cowl point, and the windscreen rises from there at the design's
rake; the style (styles.py) gives the rest of the profile. What is drawn is what the frontal checks read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..design import BodyStyle, Design
from .loft import Sections, loft, side_half_width
from .primitives import Piece, box, boxes, hexahedron, loft_faces, merge, outward
from .styles import STYLES, StyleShape

BUMPER_PROUD_MM = 30.0
ARCH_GAP_MM = 30.0  # clearance between tyre and arch
GLASS_PROUD_MM = 1.5  # glass stands this far out of the body surface so the two never z-fight
GLASS_THICKNESS_MM = 6.0
_UNIFORM_STATIONS = 36
_END_STATIONS = 6
_ARCH_STATIONS = 11
_MIN_STATION_GAP_MM = 0.5
_PANE_COLUMNS = 24
# least distance between top line key points: a windscreen standing upright (rake 0) is drawn this far off vertical,
# and a style's point the windscreen's top passes stands this far behind it
_KEY_GAP_MM = 1.0
FREE_WINDSCREEN_ROOT_MM = 30.0  # a roadster's windscreen reaches this far below the cowl, into the scuttle
FREE_WINDSCREEN_THICKNESS_MM = 8.0


@dataclass(frozen=True)
class BodyPlan:
    """Everything later stages need to place glass, lamps and bumpers on the body."""

    style: BodyStyle
    shape: StyleShape
    length: float
    width: float
    height: float
    clearance: float
    shell_length: float
    loft_length: float  # = shell_length, except a truck's cab
    key_s: np.ndarray  # top line key points, absolute
    key_z: np.ndarray
    belt_z: float
    sections: Sections
    inner_half_width: float  # inboard edge of the tyres, less a gap: room for the underframe
    axle_s: tuple[float, float]  # front and rear axle stations
    # truck bed (zeros otherwise)
    bed_floor_z: float = 0.0
    bed_top_z: float = 0.0
    bed_start_s: float = 0.0
    cockpit_floor_z: float = 0.0
    windscreen_run_per_rise: float = 0.0  # tan of the design's windscreen rake

    @staticmethod
    def x(s):
        """x coordinate of a station distance s behind the shell's front."""
        return -BUMPER_PROUD_MM - np.asarray(s, dtype=np.float64)


def _strictly_increasing(s: np.ndarray, low: float, high: float) -> np.ndarray:
    """Sorted stations kept inside [low, high] at least _MIN_STATION_GAP_MM apart (coincident stations would
    make zero-area faces); the shell is always far longer than stations * gap."""
    s = np.sort(np.clip(s, low, high))
    gap = _MIN_STATION_GAP_MM
    steps = np.arange(len(s)) * gap
    s = np.maximum.accumulate(s - steps) + steps  # forward: each at least gap past the one before
    # then pull the tail back under `high`; the minimum of two sequences rising by >= gap still rises by >= gap
    return np.minimum(s, high - steps[::-1])


def _quarter_stations(radius: float) -> np.ndarray:
    """Distances from an end at which a quarter-circle rounding of `radius` is sampled evenly in angle."""
    phi = np.linspace(0.0, np.pi / 2, _END_STATIONS)
    return radius * (1.0 - np.cos(phi))


def _inset(s: np.ndarray, start_radius: float, end_radius: float, end: float) -> np.ndarray:
    """How far a quarter-circle rounding of each end pulls the section in at s."""
    e = np.zeros_like(s)
    for dist, r in ((s, start_radius), (end - s, end_radius)):
        inside = dist < r
        q = np.clip(r - dist[inside], 0.0, r)
        e[inside] = np.maximum(e[inside], r - np.sqrt(np.maximum(r * r - q * q, 0.0)))
    return e


@dataclass(frozen=True)
class _TopLine:
    """The side profile's key points and the lengths and heights everything else is placed by."""

    shell_length: float
    loft_end: float
    key_s: np.ndarray
    key_z: np.ndarray
    belt_z: float
    clearance: float
    span: float  # body height above the ground clearance
    cockpit_s: tuple[float, float] | None  # an open cockpit's start and end stations


def front_end_s(design: Design, behind_axle_mm: float) -> float:
    """Station s (mm behind the shell's front) of a front end position given behind the front wheel centre line
    (design/front_end.py: negative ahead of it); the shell's front stands BUMPER_PROUD_MM behind the bumper face."""
    return design.dimensions.front_overhang_mm + behind_axle_mm - BUMPER_PROUD_MM


def _in_order(s: list[float], end: float, roof_end: int | None, roof_limit: float) -> np.ndarray:
    """Key stations strictly increasing by at least _KEY_GAP_MM, the first at 0 and the last at `end`: a point that
    an earlier one passed stands just behind it; then, from the end forward, each point stands just ahead of the
    next, and the roof's last point (index roof_end) no further back than roof_limit, so that a roof is left at the
    design height outside the tail's rounding (s[-1] - s[0] is far more than the points times the gap)."""
    s = list(s)
    for i in range(1, len(s)):
        s[i] = max(s[i], s[i - 1] + _KEY_GAP_MM)
    s[-1] = end
    for i in range(len(s) - 2, 0, -1):
        s[i] = min(s[i], s[i + 1] - _KEY_GAP_MM, roof_limit if i == roof_end else np.inf)
    return np.array(s)


def _top_line(design: Design, shape: StyleShape) -> _TopLine:
    """The style's profile with the design's nose: key point 0 (the shell's front) at the bonnet leading edge
    height, the style's cowl point (`shape.windscreen[0]`) at the design's cowl, and the style's windscreen top
    (`shape.windscreen[1]`) kept at its height (at least the cowl's) but moved to where the design's rake from the
    cowl reaches it. Points between the leading edge and the cowl (a roadster's bonnet crown) keep their fraction of
    the way along and their height over the straight line between the two. The point after the windscreen top (the
    header rounding onto the roof) moves with it. Any later point the windscreen's top passes stands _KEY_GAP_MM
    behind the one before it (a roof cut short, a rear window squeezed). Should that run the roof into the tail's
    rounding (or past the style's last point), the points are pulled forward instead, down to a roof _KEY_GAP_MM
    long, and the windscreen is drawn steeper than its rake: a windscreen laid back over the whole cab, which no
    body of the style has. A cowl in the bumper (ahead of the shell) is drawn at the shell's front. An open cockpit
    starts behind the cowl as far as the style's does."""
    d, fe = design.dimensions, design.front_end
    gc, span = d.ground_clearance_mm, d.height_mm - d.ground_clearance_mm
    shell = d.length_mm - 2 * BUMPER_PROUD_MM
    style_s = np.array([f for f, _ in shape.top]) * shell
    style_z = gc + np.array([z for _, z in shape.top]) * span
    style_z[np.isclose(style_z, d.height_mm)] = d.height_mm  # the roof exactly at the design height
    key_s, key_z = style_s.copy(), style_z.copy()
    cowl, top = shape.windscreen
    # a cowl in the bumper (ahead of the shell) stands just inside the shell, its windscreen at the design's rake
    cowl_s = max(front_end_s(design, fe.cowl_x_mm), cowl * _KEY_GAP_MM)
    cowl_z, edge_z = fe.cowl_height_mm, fe.bonnet_leading_edge_height_mm
    along = style_s[1:cowl] / style_s[cowl]
    crown = style_z[1:cowl] - (style_z[0] + along * (style_z[cowl] - style_z[0]))
    key_s[1:cowl] = along * cowl_s
    key_z[1:cowl] = np.minimum(edge_z + along * (cowl_z - edge_z) + crown, d.height_mm)
    key_s[0], key_z[0] = 0.0, edge_z
    key_s[cowl], key_z[cowl] = cowl_s, cowl_z
    if top != cowl:
        key_z[top] = max(style_z[top], cowl_z)
        key_s[top] = cowl_s + fe.windscreen_run_mm(key_z[top] - cowl_z)
        if top + 1 < len(key_s):
            key_s[top + 1] += key_s[top] - style_s[top]
    loft_end = (shape.cab_end or 1.0) * shell
    roof = np.flatnonzero(style_z == d.height_mm)
    roof_limit = loft_end - _tail_radius(shape, float(style_z[-1]) - gc, loft_end) - _KEY_GAP_MM
    key_s = _in_order(key_s.tolist(), float(style_s[-1]), int(roof[-1]) if len(roof) else None, roof_limit)
    cockpit = None
    if shape.cockpit:
        start = key_s[cowl] + (shape.cockpit[0] - shape.top[cowl][0]) * shell
        end = max(shape.cockpit[1] * shell, start + 0.1 * shell)
        end = min(end, 0.95 * shell)
        cockpit = (min(start, end - 0.05 * shell), end)
    return _TopLine(shell, loft_end, key_s, key_z, gc + shape.belt * span, gc, span, cockpit)


def _tail_radius(shape: StyleShape, rear_h: float, loft_end: float) -> float:
    """The side view's tail rounding for a rear end rear_h high above the ground clearance."""
    return min(shape.tail_radius_mm, 0.25 * rear_h, 0.08 * loft_end)


def _roundings(shape: StyleShape, line: _TopLine, width: float) -> tuple[float, float, float, float]:
    """(nose, tail, plan nose, plan tail) radii: never more than a quarter of the section they round, so end sections
    stay substantial; the nose's never reaching past the cowl, so the cowl is drawn where the design has it. The top
    line's last key point is at the loft's end (`_top_line`)."""
    front_h = line.key_z[0] - line.clearance
    cowl_s = float(line.key_s[shape.windscreen[0]])
    return (min(shape.nose_radius_mm, 0.25 * front_h, 0.08 * line.loft_end, cowl_s),
            _tail_radius(shape, float(line.key_z[-1]) - line.clearance, line.loft_end),
            min(shape.plan_nose_radius_mm, 0.2 * width, 0.12 * line.loft_end),
            min(shape.plan_tail_radius_mm, 0.2 * width, 0.12 * line.loft_end))


def _cockpit_stations(line: _TopLine) -> np.ndarray:
    if line.cockpit_s is None:
        return np.array([])
    c0, c1 = line.cockpit_s
    edge = min(25.0, 0.1 * (c1 - c0))
    return np.array([c0, c0 + edge, c1 - edge, c1])


def _stations(line: _TopLine, radii: tuple[float, float, float, float], axles: np.ndarray, arch: float,
              cockpit_s: np.ndarray) -> np.ndarray:
    """Where the sections go: evenly, plus at every key point, end rounding, wheel arch and cockpit edge."""
    rn, rr, pn, pr = radii
    psi = np.linspace(-np.pi / 2, np.pi / 2, _ARCH_STATIONS)
    s = np.concatenate([
        np.linspace(0.0, line.loft_end, _UNIFORM_STATIONS),
        line.key_s[line.key_s <= line.loft_end],
        _quarter_stations(rn), _quarter_stations(pn),
        line.loft_end - _quarter_stations(rr), line.loft_end - _quarter_stations(pr),
        (axles[:, None] + arch * np.sin(psi)[None, :]).ravel(),
        cockpit_s,
    ])
    return _strictly_increasing(s, 0.0, line.loft_end)


def _heights(s: np.ndarray, line: _TopLine, radii, axles: np.ndarray, arch: float,
             radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(top line, section tops, section bottoms): the profile rounded at its ends, the underside over each wheel."""
    rn, rr = radii[0], radii[1]
    gc = line.clearance
    vertical_inset = _inset(s, rn, rr, line.loft_end)
    top_line = np.interp(s, line.key_s, line.key_z)
    top = top_line - vertical_inset
    bottom = gc + vertical_inset
    for axle in axles:
        over = np.abs(s - axle) < arch
        arch_z = radius + np.sqrt(np.maximum(arch**2 - (s[over] - axle) ** 2, 0.0))
        bottom[over] = np.maximum(bottom[over], arch_z)
    # A tyre taller than the body leaves a thin sill over it rather than no body at all.
    bottom = np.minimum(bottom, top - np.maximum(40.0, 0.3 * (top_line - gc)))
    return top_line, top, np.maximum(bottom, gc)


def _sections(s: np.ndarray, shape: StyleShape, line: _TopLine, radii, top: np.ndarray, bottom: np.ndarray,
              width: float, height: float, cockpit_s: np.ndarray) -> tuple[Sections, float]:
    """The cross-sections at the stations (widths, corner radii, tumblehome, an open cockpit's recess) and the
    cockpit floor height (0 without one)."""
    pn, pr = radii[2], radii[3]
    half_width = width / 2 - _inset(s, pn, pr, line.loft_end)
    above_belt = np.clip((top - line.belt_z) / max(height - line.belt_z, 1.0), 0.0, 1.0)
    top_half_width = half_width - shape.tumblehome * width * above_belt
    depth = top - bottom
    bottom_radius = np.minimum.reduce([np.full_like(s, shape.bottom_radius_mm), 0.25 * depth, 0.25 * half_width])
    top_radius = np.minimum.reduce([np.full_like(s, shape.top_radius_mm), 0.25 * depth, 0.25 * top_half_width])
    recess_half_width = 0.6 * (top_half_width - top_radius)
    recess_depth = np.zeros_like(s)
    cockpit_floor = 0.0
    if shape.cockpit:
        recess_half_width = 0.82 * (top_half_width - top_radius)
        cockpit_floor = line.clearance + shape.cockpit[2] * line.span
        full = np.interp(s, cockpit_s, [0.0, 1.0, 1.0, 0.0], left=0.0, right=0.0)
        # the cockpit floor stays clear of the underside (raised over a wheel under the cockpit)
        recess_depth = full * np.clip(top - np.maximum(cockpit_floor, bottom + 0.2 * depth), 0.0, None)
    sections = Sections(
        s=s, bottom=bottom, top=top, half_width=half_width, top_half_width=top_half_width,
        bottom_radius=bottom_radius, top_radius=top_radius, belt=np.full_like(s, line.belt_z),
        recess_half_width=recess_half_width, recess_depth=recess_depth,
    )
    return sections, cockpit_floor


def _with_bed(plan: BodyPlan, design: Design, line: _TopLine) -> BodyPlan:
    """A truck's flat bed behind its cab: floor clear of the tyres, sides a sixth of the body high."""
    d = design.dimensions
    gc, span = line.clearance, line.span
    floor = min(max(d.tire_diameter_mm + 40.0, gc + 120.0), gc + 0.5 * span)
    top_z = min(floor + 50.0 + max(0.17 * span, 120.0), gc + 0.85 * span)
    return replace(plan, bed_floor_z=floor, bed_top_z=top_z, bed_start_s=line.loft_end + 40.0)


def plan_body(design: Design) -> BodyPlan:
    d = design.dimensions
    shape = STYLES[design.body_style]
    line = _top_line(design, shape)
    radii = _roundings(shape, line, d.width_mm)
    radius = d.tire_diameter_mm / 2
    arch = radius + max(ARCH_GAP_MM, 0.05 * d.tire_diameter_mm)
    axles = np.array([d.front_overhang_mm, d.front_overhang_mm + d.wheelbase_mm]) - BUMPER_PROUD_MM
    cockpit_s = _cockpit_stations(line)
    s = _stations(line, radii, axles, arch, cockpit_s)
    _, top, bottom = _heights(s, line, radii, axles, arch, radius)
    sections, cockpit_floor = _sections(s, shape, line, radii, top, bottom, d.width_mm, d.height_mm, cockpit_s)
    plan = BodyPlan(
        style=design.body_style, shape=shape, length=d.length_mm, width=d.width_mm, height=d.height_mm,
        clearance=line.clearance, shell_length=line.shell_length, loft_length=line.loft_end, key_s=line.key_s,
        key_z=line.key_z, belt_z=line.belt_z, sections=sections,
        inner_half_width=min(d.front_track_mm, d.rear_track_mm) / 2 - d.tire_width_mm / 2 - 25.0,
        axle_s=(float(axles[0]), float(axles[1])), cockpit_floor_z=cockpit_floor,
        windscreen_run_per_rise=math.tan(math.radians(design.front_end.windscreen_rake_deg)),
    )
    return _with_bed(plan, design, line) if shape.cab_end is not None else plan


# ---------------------------------------------------------------------------------------------------- the shell


def shell_piece(plan: BodyPlan) -> Piece:
    return loft(plan.sections, plan.x)


def underframe_piece(plan: BodyPlan) -> Piece:
    """What holds the body's lowest point at the ground clearance, inboard of the tyres.

    Trucks: ladder-frame rails, and bearers from the rails up to the bed floor. Others: a floor tub, which also
    fills the tunnel the raised arches would otherwise leave between the wheels.
    """
    gc, inner, x, sec = plan.clearance, plan.inner_half_width, plan.x, plan.sections
    if plan.style.traits.cargo_bed:
        rail_w = min(70.0, 0.5 * inner)
        rail_top = gc + min(130.0, 0.25 * (plan.height - gc))
        lows, highs = [], []
        for y0, y1 in ((inner - rail_w, inner), (-inner, -inner + rail_w)):
            lows += [(x(plan.shell_length - 10.0), y0, gc), (x(plan.shell_length - 10.0), y0, rail_top - 1.0)]
            highs += [(x(0.1 * plan.loft_length), y1, rail_top), (x(plan.bed_start_s - 10.0), y1,
                                                                     max(plan.bed_floor_z + 1.0, rail_top))]
        return boxes(np.array(lows), np.array(highs))
    s0, s1 = sec.s[0] + 0.08 * plan.loft_length, sec.s[-1] - 0.08 * plan.loft_length
    inside = (sec.s >= s0) & (sec.s <= s1)
    lowest_top = float(np.min(sec.top[inside] - sec.recess_depth[inside]))
    tub_top = min(gc + 0.3 * (plan.height - gc), lowest_top - 20.0)
    tub_top = max(tub_top, gc + 20.0)
    return box((x(s1), -inner, gc), (x(s0), inner, tub_top))


# ---------------------------------------------------------------------------------------------------- glass


def _slab(outer: np.ndarray, inner: np.ndarray) -> Piece:
    """A four-cornered pane from its outer and inner corner loops (same order)."""
    return hexahedron(np.concatenate([inner, outer]))


def _sloped_pane(plan: BodyPlan, i0: int, i1: int) -> Piece | None:
    """A pane lying on the top line between key points i0 and i1 (windscreen, rear window)."""
    s0, z0, s1, z1 = plan.key_s[i0], plan.key_z[i0], plan.key_s[i1], plan.key_z[i1]
    ds, dz = s1 - s0, z1 - z0
    length = float(np.hypot(ds, dz))
    if length < 60.0:
        return None
    # outward normal in (s, z): forward-up on a windscreen, rearward-up on a rear window
    ns, nz = -dz / length, ds / length
    if nz < 0:
        ns, nz = -ns, -nz
    sec = plan.sections
    frac = np.array([0.05, 0.93]) if i0 < i1 else np.array([0.07, 0.95])
    ps, pz = s0 + frac * ds, z0 + frac * dz
    pillar = max(45.0, 0.045 * plan.width)
    half = np.interp(ps, sec.s, sec.top_half_width - sec.top_radius) - pillar
    if np.any(half < 40.0):
        return None
    corners = []
    for offset in (GLASS_PROUD_MM, GLASS_PROUD_MM - GLASS_THICKNESS_MM):
        cs, cz = ps + offset * ns, pz + offset * nz
        x = plan.x(cs)
        corners.append(np.array([
            [x[0], -half[0], cz[0]], [x[1], -half[1], cz[1]], [x[1], half[1], cz[1]], [x[0], half[0], cz[0]],
        ]))
    return _slab(corners[0], corners[1])


def _free_windscreen_line(plan: BodyPlan) -> tuple[float, float, float, float]:
    """(s, z) of a roadster windscreen's foot, and its run and rise up to the design height: on the line through
    the cowl point at the design's rake, from FREE_WINDSCREEN_ROOT_MM below the cowl (rooted in the scuttle; less
    where that would reach ahead of the shell); run cut short where the top would pass the vehicle's rear."""
    cowl = plan.shape.windscreen[0]
    per_rise = plan.windscreen_run_per_rise
    cowl_s = float(plan.key_s[cowl])
    root = min(FREE_WINDSCREEN_ROOT_MM, cowl_s / per_rise) if per_rise > 0 else FREE_WINDSCREEN_ROOT_MM
    z_bottom = float(plan.key_z[cowl]) - root
    s_bottom = cowl_s - root * per_rise
    rise = plan.height - z_bottom
    run = min(per_rise * rise, plan.shell_length + BUMPER_PROUD_MM - FREE_WINDSCREEN_THICKNESS_MM - s_bottom)
    return s_bottom, z_bottom, run, rise


def _free_windscreen(plan: BodyPlan) -> Piece:
    """A roadster's windscreen: stands up from the scuttle to the design height, glass only; its front face on the
    line of `_free_windscreen_line`."""
    sec = plan.sections
    s_base, z_bottom, run, rise = _free_windscreen_line(plan)
    thick = FREE_WINDSCREEN_THICKNESS_MM
    cowl_s = float(plan.key_s[plan.shape.windscreen[0]])
    half_base = float(np.interp(cowl_s, sec.s, sec.top_half_width - sec.top_radius)) - 15.0
    half_top = max(half_base - 0.12 * rise, 0.5 * half_base)
    x = plan.x
    bottom = np.array([
        [x(s_base), -half_base, z_bottom], [x(s_base + thick), -half_base, z_bottom],
        [x(s_base + thick), half_base, z_bottom], [x(s_base), half_base, z_bottom],
    ])
    top = np.array([
        [x(s_base + run), -half_top, plan.height], [x(s_base + run + thick), -half_top, plan.height],
        [x(s_base + run + thick), half_top, plan.height], [x(s_base + run), half_top, plan.height],
    ])
    return hexahedron(np.concatenate([bottom, top]))


def _line_s(plan: BodyPlan, i0: int, i1: int, z: float) -> float:
    """s where the top line segment i0..i1 passes height z (clamped to the segment)."""
    zs, ss = plan.key_z[[i0, i1]], plan.key_s[[i0, i1]]
    order = np.argsort(zs)
    return float(np.interp(z, zs[order], ss[order]))


def _side_panes(plan: BodyPlan) -> list[Piece]:
    shape, sec = plan.shape, plan.sections
    if shape.side_windows == 0 or shape.rear_window is None:
        return []
    roof = (sec.top >= plan.height - 1.0)
    if not roof.any():
        return []
    roof_radius = float(np.max(sec.top_radius[roof]))
    margin = max(25.0, 0.025 * (plan.height - plan.clearance))
    z_lo = plan.belt_z + margin
    z_hi = plan.height - roof_radius - 0.5 * margin
    if z_hi - z_lo < 40.0:
        return []
    a_pillar, c_pillar = max(40.0, 0.03 * plan.width), shape.c_pillar * plan.shell_length
    w0, w1 = shape.windscreen
    r0, r1 = shape.rear_window
    front = [_line_s(plan, w0, w1, z) + a_pillar for z in (z_lo, z_hi)]
    rear = [_line_s(plan, r0, r1, z) - c_pillar for z in (z_lo, z_hi)]
    quads = [(front, rear)]
    if shape.side_windows == 2:
        b_half = max(30.0, 0.012 * plan.shell_length)
        split = 0.5 * (front[0] + rear[0])  # B-pillar
        quads = [(front, [split - b_half] * 2), ([split + b_half] * 2, rear)]
    panes = []
    for (f_lo, f_hi), (r_lo, r_hi) in quads:
        if min(r_lo, r_hi) - max(f_lo, f_hi) < 40.0:
            continue
        panes += _side_pane_pair(plan, (f_lo, r_lo), (f_hi, r_hi), z_lo, z_hi)
    return panes


def _side_pane_pair(plan: BodyPlan, bottom, top, z_lo: float, z_hi: float) -> list[Piece]:
    """Left and right panes over the trapezoid with the given bottom and top (front s, rear s) edges.

    The pane follows the side's curvature along s (tumblehome changes under the windscreen and the rear window),
    sampled in columns; a flat pane would sink into the side in some places and stand off it in others.
    """
    u = np.linspace(0.0, 1.0, _PANE_COLUMNS)
    s_b, s_t = bottom[0] + u * (bottom[1] - bottom[0]), top[0] + u * (top[1] - top[0])
    half = plan.width / 2
    out_b = np.minimum(side_half_width(plan.sections, s_b, np.full_like(u, z_lo)) + GLASS_PROUD_MM, half)
    out_t = np.minimum(side_half_width(plan.sections, s_t, np.full_like(u, z_hi)) + GLASS_PROUD_MM, half)
    x_b, x_t = plan.x(s_b), plan.x(s_t)
    zb, zt = np.full_like(u, z_lo), np.full_like(u, z_hi)
    panes = []
    for sign in (1.0, -1.0):
        # one 4-cornered cross-section per column, lofted along the pane: the pane bends with the side
        rings = np.stack([
            np.stack([x_b, sign * out_b, zb], -1),
            np.stack([x_t, sign * out_t, zt], -1),
            np.stack([x_t, sign * (out_t - GLASS_THICKNESS_MM), zt], -1),
            np.stack([x_b, sign * (out_b - GLASS_THICKNESS_MM), zb], -1),
        ], axis=1)
        verts = np.concatenate([rings.reshape(-1, 3), rings[[0, -1]].mean(axis=1)])
        panes.append(outward(verts, loft_faces(_PANE_COLUMNS, 4)))
    return panes


def glass_piece(plan: BodyPlan) -> Piece:
    shape = plan.shape
    panes: list[Piece | None] = []
    if shape.cockpit:
        panes.append(_free_windscreen(plan))
    else:
        panes.append(_sloped_pane(plan, *shape.windscreen))
    if shape.rear_window is not None:
        panes.append(_sloped_pane(plan, *shape.rear_window))
    panes.extend(_side_panes(plan))
    return merge([p for p in panes if p is not None])


# ---------------------------------------------------------------------------------------------------- truck bed


def bed_piece(plan: BodyPlan) -> Piece:
    """A drop-side flat bed: floor, two sides, tailgate, headboard and the cab guard frame above it."""
    x = plan.x
    half = plan.width / 2
    s0, s1 = plan.bed_start_s, plan.shell_length
    floor, top = plan.bed_floor_z, plan.bed_top_z
    wall = 30.0
    lows, highs = [], []

    def add(sa, sb, ya, yb, za, zb):
        lows.append((x(sb), ya, za))
        highs.append((x(sa), yb, zb))

    add(s0, s1, -half, half, floor, floor + 50.0)  # floor
    for sign in (1.0, -1.0):  # drop sides
        ya, yb = sorted((sign * half, sign * (half - wall)))
        add(s0, s1, ya, yb, floor + 49.0, top)
    add(s1 - wall, s1, -half, half, floor + 49.0, top)  # tailgate
    add(s0, s0 + wall, -half, half, floor + 49.0, top)  # headboard
    guard_top = plan.height - 0.08 * (plan.height - plan.clearance)
    if guard_top > top + 40.0:
        post = 40.0
        gs0, gs1 = s0 + 2.0, s0 + 2.0 + 25.0
        inner = half - 45.0
        add(gs0, gs1, -inner, -inner + post, top - 1.0, guard_top)
        add(gs0, gs1, inner - post, inner, top - 1.0, guard_top)
        add(gs0, gs1, -inner, inner, guard_top - post, guard_top)
        bars = np.linspace(-inner + post, inner - post, 9)[1:-1]
        for yc in bars:
            add(gs0 + 5.0, gs1 - 5.0, yc - 8.0, yc + 8.0, top - 1.0, guard_top - post + 1.0)
    return boxes(np.array(lows), np.array(highs))


# ---------------------------------------------------------------------------------------------------- surface lookup


def surface_s(plan: BodyPlan, z: float, rear: bool) -> float:
    """s of the shell's front (or rear) surface at height z, on the centre line, looked for ahead of the front
    axle (behind the rear one).

    Below the shell there (a lamp under a raised nose) the end itself is used; above it, the windscreen's face for
    a roadster's front lamps, else the nearest section reaching up to z, or the highest one, in that end's half of
    the body: a nose higher than a roadster's deck is no rear surface.
    """
    sec = plan.sections
    s, b, t = sec.s, sec.bottom, sec.top
    if rear:
        s, b, t = s[::-1], b[::-1], t[::-1]
    near = (s >= plan.axle_s[1]) if rear else (s <= plan.axle_s[0])
    near[0] = True
    own = near | ((s >= 0.5 * plan.loft_length) if rear else (s <= 0.5 * plan.loft_length))
    covered = (b <= z + 1e-6) & (z <= t + 1e-6) & own
    if not (covered & near).any():
        if z < np.max(t[near]):
            return float(s[0])
        if plan.shape.cockpit and not rear:
            s_base, z_bottom, run, rise = _free_windscreen_line(plan)
            return s_base + run * float(np.clip((z - z_bottom) / rise, 0.0, 1.0))
        if not covered.any():
            return float(s[int(np.argmax(np.where(own, t, -np.inf)))])
    i = int(np.argmax(covered))
    if i == 0:
        return float(s[0])
    if z > t[i - 1]:
        f = (z - t[i - 1]) / (t[i] - t[i - 1])
    else:
        f = (b[i - 1] - z) / (b[i - 1] - b[i])
    return float(s[i - 1] + np.clip(f, 0.0, 1.0) * (s[i] - s[i - 1]))


def half_width_at(plan: BodyPlan, s: float, z: float) -> float:
    sec = plan.sections
    w = float(np.interp(s, sec.s, sec.half_width))
    if z > plan.belt_z:
        w = min(w, float(side_half_width(sec, np.array([s]), np.array([z]))[0]))
    return w
