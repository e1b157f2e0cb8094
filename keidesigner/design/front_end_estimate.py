"""A front end for a design that has none: a file older than format version 4, which typed a crush zone instead.

The shape (bonnet leading edge, cowl point, windscreen rake) is the one earlier versions drew for the body style:
the side-profile key points of `geometry/styles.py` as they stood in version 3, as fractions of the body's length
and of its height above the ground clearance. The firewall is placed to keep the crush length the file typed: at
the typed crush length plus the rigid block behind the bumper face, moved forward where that would put it behind the
front row's H-point (then the crush length is shorter, and the note says so).

The rigid block and rail positions are estimates by layout, not published figures (none were found; see
docs/sources.md): no block ahead of the firewall in a cab-over (engine under the seats) or a mid-engined roadster;
ESTIMATED_FRONT_BLOCK_MM for a front-engined hatchback; front rails at RAIL_OFFSET_FRACTION of the width from the
centre line (a ladder frame's narrower).
"""

from __future__ import annotations

import math
from typing import Any

from .model import BodyStyle

# style -> (bonnet leading edge z, cowl s, cowl z, windscreen top s, windscreen top z): the version-3 drawing's key
# points, z as a fraction of the height above the ground clearance, s of the length from the front; the roadster's
# free-standing windscreen had no top point but a run of ROADSTER_RUN_PER_RISE
STYLE_NOSE: dict[BodyStyle, tuple[float, float, float, float | None, float | None]] = {
    BodyStyle.truck: (0.50, 0.015, 0.52, 0.075, 0.985),
    BodyStyle.van: (0.44, 0.05, 0.48, 0.17, 0.99),
    BodyStyle.hatchback: (0.44, 0.15, 0.49, 0.36, 0.98),
    BodyStyle.roadster: (0.40, 0.39, 0.55, None, None),
}
ROADSTER_RUN_PER_RISE = 1.15
ESTIMATED_FRONT_BLOCK_MM = 300.0  # a transverse 660 cc three-cylinder and gearbox, fore-aft: an estimate
FRONT_BLOCK: dict[BodyStyle, float] = {
    BodyStyle.truck: 0.0, BodyStyle.van: 0.0, BodyStyle.hatchback: ESTIMATED_FRONT_BLOCK_MM, BodyStyle.roadster: 0.0,
}
RAIL_OFFSET_FRACTION: dict[BodyStyle, float] = {
    BodyStyle.truck: 0.24, BodyStyle.van: 0.30, BodyStyle.hatchback: 0.31, BodyStyle.roadster: 0.31,
}
FIREWALL_CLEARANCE_MM = 1.0  # the firewall stops this short of the front row's H-point
MAX_RAKE_DEG = 75.0  # FrontEnd.windscreen_rake_deg's bound
RAIL_MIN_MM = 50.0  # FrontEnd.rail_offset_mm's bound


def estimated_front_end(body_style: str, dimensions: dict[str, float], crush_mm: float,
                        front_row_h_point_x_mm: float) -> tuple[dict[str, Any], float]:
    """A front end (as file data) for a body of these dimensions that typed `crush_mm` of crush, and the crush
    length it keeps (crush_mm unless the front row's H-point or the length stops the firewall). Raises KeyError or
    ValueError for a body style or dimensions that are not a design's."""
    style = BodyStyle(body_style)
    length, width, height = dimensions["length_mm"], dimensions["width_mm"], dimensions["height_mm"]
    clearance, overhang = dimensions["ground_clearance_mm"], dimensions["front_overhang_mm"]
    span = height - clearance
    edge_z, cowl_s, cowl_z, top_s, top_z = STYLE_NOSE[style]
    if top_s is None or top_z is None:
        rake = math.degrees(math.atan(ROADSTER_RUN_PER_RISE))
    else:
        rake = math.degrees(math.atan2((top_s - cowl_s) * length, (top_z - cowl_z) * span))
    # the windscreen base ahead of the front row (a millimetre, or half the room); its rake no further back than the
    # field allows or than reaches the roof inside the length
    room = min(overhang + front_row_h_point_x_mm, length)
    cowl_from_front = min(cowl_s * length, room - min(FIREWALL_CLEARANCE_MM, room / 2))
    cowl_height = clearance + cowl_z * span
    reach = math.degrees(math.atan((length - cowl_from_front) / (height - cowl_height)))
    rake = min(rake, MAX_RAKE_DEG, reach - 0.1)
    block = FRONT_BLOCK[style]
    # from the bumper face; short of the front row's H-point and the rear (a millimetre, or half the room left)
    firewall = min(crush_mm + block, room - min(FIREWALL_CLEARANCE_MM, room / 2))
    # where the seats leave less room, the block gives way first, so that the typed crush is kept if it can be
    block = max(0.0, min(block, firewall - crush_mm))
    front_end = {
        "firewall_x_mm": firewall - overhang,
        "block_length_mm": math.ceil(block * 10) / 10,  # up: the crush kept is never more than typed
        "bonnet_leading_edge_height_mm": round(clearance + edge_z * span, 1),
        "cowl_x_mm": round(cowl_from_front - overhang, 1),
        "cowl_height_mm": round(cowl_height, 1),
        "windscreen_rake_deg": math.floor(rake * 10) / 10,
        # inboard of the front tyres, whatever the width says
        "rail_offset_mm": max(RAIL_MIN_MM, min(round(RAIL_OFFSET_FRACTION[style] * width, 1),
                                               math.floor((dimensions["front_track_mm"]
                                                           - dimensions["tire_width_mm"]) / 2) - 1.0)),
    }
    return front_end, front_end["firewall_x_mm"] + overhang - front_end["block_length_mm"]
