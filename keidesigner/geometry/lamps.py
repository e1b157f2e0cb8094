"""Lamps and bumpers, centred exactly at the heights the design states.

A lamp or bumper keeps its centre at the stated height even at the extremes of the valid range; near the roof or
the ground clearance it gets thinner instead of moving, and never thinner than MIN_HALF_HEIGHT_MM, so it is never
a zero-area sliver (and pokes at most that far past the vehicle's height).
"""

from __future__ import annotations

import numpy as np

from ..design import Design
from .body import BUMPER_PROUD_MM, BodyPlan, half_width_at, surface_s
from .primitives import Piece, box, boxes, merge

MIN_HALF_HEIGHT_MM = 0.25
HEADLAMP_HALF_HEIGHT_MM = 55.0
TAIL_LAMP_HALF_HEIGHT_MM = 45.0
CHMSL_HALF_HEIGHT_MM = 20.0
CHMSL_HALF_WIDTH_MM = 110.0
CHMSL_POST_HALF_WIDTH_MM = 15.0
BUMPER_HALF_HEIGHT_MM = 55.0
LAMP_DEPTH_MM = 45.0
LAMP_PROUD_MM = 3.0


def _half_height(centre: float, nominal: float, floor: float, ceiling: float) -> float:
    return max(min(nominal, centre - floor, ceiling - centre), MIN_HALF_HEIGHT_MM)


def _pair(x0: float, x1: float, y_outer: float, width: float, z: float, hh: float) -> Piece:
    lows = np.array([[x0, y_outer - width, z - hh], [x0, -y_outer, z - hh]])
    highs = np.array([[x1, y_outer, z + hh], [x1, -y_outer + width, z + hh]])
    return boxes(lows, highs)


def lamps_piece(design: Design, plan: BodyPlan) -> tuple[Piece, Piece, Piece | None]:
    """(headlamps, tail lamps, a lamp bar for the body or None).

    Headlamps sit on the body's front surface at their height, tail lamps on its rear surface; a truck's tail lamps
    go on the bed's tailgate, or on a bar hung from the bed when they are below or above it.
    """
    light = design.lighting
    gc, H = plan.clearance, plan.height
    x = plan.x

    h = light.headlamp_height_mm
    hh = _half_height(h, HEADLAMP_HALF_HEIGHT_MM, gc, H)
    # inside the length even on a roadster's windscreen (above its body) standing at the very rear
    s_front = min(surface_s(plan, h, rear=False), plan.shell_length + BUMPER_PROUD_MM - LAMP_DEPTH_MM)
    w = half_width_at(plan, s_front, h)
    lamp_w = min(0.16 * plan.width, 0.4 * w)
    head = _pair(x(s_front + LAMP_DEPTH_MM), x(s_front - LAMP_PROUD_MM), 0.95 * w, lamp_w, h, hh)

    t = light.tail_lamp_height_mm
    th = _half_height(t, TAIL_LAMP_HALF_HEIGHT_MM, gc, H)
    bar = None
    if plan.style.traits.cargo_bed:
        s_rear = plan.shell_length
        w = plan.width / 2 - 20.0
        if not plan.bed_floor_z <= t <= plan.bed_top_z:
            z0 = max(min(t - th - 20.0, plan.bed_floor_z + 5.0), gc)
            z1 = min(max(t + th + 20.0, plan.bed_floor_z + 5.0), H)
            bar = box((x(s_rear), -w, z0), (x(s_rear - 50.0), w, z1))
    else:
        # never ahead of the headlamps: on a body so small and lamps so high that its front and rear surfaces meet
        # (a 1.2 m roadster's lamps at its windscreen header), the pair sits back to back
        s_rear = max(surface_s(plan, t, rear=True), min(s_front + LAMP_DEPTH_MM, plan.shell_length))
        w = half_width_at(plan, s_rear, t)
    lamp_w = min(0.12 * plan.width, 0.35 * w)
    tail = _pair(x(s_rear + LAMP_PROUD_MM), x(s_rear - LAMP_DEPTH_MM), 0.96 * w, lamp_w, t, th)

    return head, tail, bar


def chmsl_piece(design: Design, plan: BodyPlan) -> Piece | None:
    """The centre high-mounted stop lamp, or None when the design has none.

    A bar on the vehicle's centre line with its centre at chmsl_height_mm, on the body's rear surface at that
    height: a truck's cab back when it is above the bed's sides, else the tailgate plane (as its tail lamps). Where
    the body there does not reach that height (over a roadster's deck, under a truck's bed, at a rounded edge) the
    lamp stands on a post from the body, as on a spoiler.
    """
    light = design.lighting
    if not light.chmsl:
        return None
    h = light.chmsl_height_mm
    hh = _half_height(h, CHMSL_HALF_HEIGHT_MM, plan.clearance, plan.height)
    s_middle = LAMP_DEPTH_MM / 2  # the lamp's middle, this far inside the surface
    if plan.style.traits.cargo_bed and h <= plan.bed_top_z:
        s_rear = plan.shell_length
        w = plan.width / 2 - 20.0
        low, high = plan.bed_floor_z, plan.bed_top_z  # the tailgate and the floor
    else:
        sec = plan.sections
        # the rear half's top, not the whole body's: a nose higher than a roadster's deck is no place for it
        if h > sec.top[sec.s >= 0.5 * plan.loft_length].max():
            # above the body's rear (a roadster's windscreen alone reaches higher): on a post from the highest point
            # behind the rear axle, the rearmost of equals
            behind = np.flatnonzero(sec.s >= plan.axle_s[1]) if (sec.s >= plan.axle_s[1]).any() else [-1]
            s_rear = float(sec.s[behind][::-1][int(np.argmax(sec.top[behind][::-1]))])
        else:
            s_rear = surface_s(plan, h, rear=True)
        # the narrower of the body's widths there (at its belt, at its top) is room enough for a 220 mm lamp, and
        # costs less than the exact width at h
        w = min(float(np.interp(s_rear, sec.s, sec.half_width)), float(np.interp(s_rear, sec.s, sec.top_half_width)))
        top = sec.top - sec.recess_depth  # on the centre line: an open cockpit's floor where there is one
        # the body's extent at the lamp's middle, not at the surface: an end may be rounded down to a sliver
        s = s_rear - s_middle
        low, high = float(np.interp(s, sec.s, sec.bottom)), float(np.interp(s, sec.s, top))
    half = min(CHMSL_HALF_WIDTH_MM, 0.3 * w)
    x = plan.x
    x0, x1 = x(s_rear + LAMP_PROUD_MM), x(s_rear - LAMP_DEPTH_MM)
    lamp = box((x0, -half, h - hh), (x1, half, h + hh))
    if low + 1.0 <= h <= high - 1.0:  # not at an edge, where the surface only grazes the lamp
        return lamp
    # the post reaches into the middle of the body (a truck's bed floor) there
    middle = low + 25.0 if plan.style.traits.cargo_bed and h <= plan.bed_top_z else 0.5 * (low + high)
    if h - hh <= middle <= h + hh:  # a sliver of a body: the lamp reaches its middle by itself
        return lamp
    post_half = min(CHMSL_POST_HALF_WIDTH_MM, 0.5 * half)
    z0, z1 = (middle, h - hh + 1.0) if h > middle else (h + hh - 1.0, middle)
    return merge([lamp, box((x0 + 5.0, -post_half, z0), (x1 - 5.0, post_half, z1))])


def bumpers_piece(design: Design, plan: BodyPlan) -> Piece:
    """Front and rear bumper bars with their faces' centre line at the bumper height: the vehicle's two ends."""
    h = design.lighting.bumper_height_mm
    hh = _half_height(h, BUMPER_HALF_HEIGHT_MM, plan.clearance, plan.height)
    half_front = plan.width / 2 - 0.5 * plan.shape.plan_nose_radius_mm * min(1.0, plan.width / 1475.0)
    half_rear = plan.width / 2 - 0.5 * plan.shape.plan_tail_radius_mm * min(1.0, plan.width / 1475.0)
    x = plan.x
    depth = 70.0
    lows = np.array([
        [x(depth), -half_front, h - hh],
        [-plan.length, -half_rear, h - hh],
    ])
    highs = np.array([
        [0.0, half_front, h + hh],
        [x(plan.shell_length - depth), half_rear, h + hh],
    ])
    return boxes(lows, highs)
