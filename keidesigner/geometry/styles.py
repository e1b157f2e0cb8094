"""What each body style looks like, as proportions of the design's dimensions.

Side profiles are (s, z) key points: s as a fraction of the body shell's length from its front, z as a fraction of
the body's height above the ground clearance (1.0 = the roof at the design's height). Proportions are taken from
current kei production: a cab-over truck with a cab ~40 % of the length, a one-box van whose windscreen carries on
from a stub nose, a two-box tall hatch with a short bonnet, and a roadster with a long bonnet and an open cockpit.

The nose is the design's, not the style's (body.py `_top_line`): the first key point's height is the design's bonnet
leading edge, the cowl point (`windscreen[0]`) is the design's cowl, and the windscreen's top (`windscreen[1]`)
keeps only its height here, standing where the design's rake takes the windscreen. The fractions those points carry
below are the ones the presets' front ends were estimated from (design/front_end_estimate.py, STYLE_NOSE); a
roadster's bonnet crown (its points between the leading edge and the cowl) and the header after the windscreen's
top keep their shape relative to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..design import BodyStyle


@dataclass(frozen=True)
class StyleShape:
    top: tuple[tuple[float, float], ...]  # top line key points (s fraction, z fraction)
    windscreen: tuple[int, int]  # indices into `top` of the cowl point and the windscreen's top (equal: free-standing)
    rear_window: tuple[int, int] | None  # likewise for the rear window (on a near-vertical back: van, truck cab)
    side_windows: int  # panes per side between the windscreen and the rear window (0: open car)
    belt: float  # belt line, z fraction
    tumblehome: float  # how far the glasshouse leans in at the roof, as a fraction of the width
    nose_radius_mm: float  # rounding of the front edges in side view
    tail_radius_mm: float
    plan_nose_radius_mm: float  # rounding of the front corners seen from above
    plan_tail_radius_mm: float
    top_radius_mm: float  # section corner radii
    bottom_radius_mm: float
    color: tuple[float, float, float, float]
    cab_end: float | None = None  # truck: the lofted cab ends here (fraction of the shell); a bed follows
    # roadster: (start, end) s fractions and floor z fraction; the start moves with the design's cowl
    cockpit: tuple[float, float, float] | None = None
    c_pillar: float = 0.03  # solid body between the last side window and the rear window, fraction of the shell


STYLES: dict[BodyStyle, StyleShape] = {
    BodyStyle.truck: StyleShape(
        # flat cab front, windscreen laid back ~20 degrees, flat roof, near-vertical cab back with a rear window
        top=((0.0, 0.50), (0.015, 0.52), (0.075, 0.985), (0.095, 1.0), (0.37, 1.0), (0.385, 0.985), (0.40, 0.52)),
        windscreen=(1, 2),
        rear_window=(5, 6),
        side_windows=1,
        belt=0.52,
        tumblehome=0.025,
        nose_radius_mm=45,
        tail_radius_mm=25,
        plan_nose_radius_mm=90,
        plan_tail_radius_mm=30,
        top_radius_mm=55,
        bottom_radius_mm=30,
        color=(0.93, 0.93, 0.91, 1.0),
        cab_end=0.40,
        c_pillar=0.05,
    ),
    BodyStyle.van: StyleShape(
        # stub nose, long windscreen continuing its line, tall flat roof to a near-vertical tailgate
        top=((0.0, 0.44), (0.05, 0.48), (0.17, 0.99), (0.2, 1.0), (0.96, 1.0), (0.98, 0.985), (1.0, 0.46)),
        windscreen=(1, 2),
        rear_window=(5, 6),
        side_windows=2,
        belt=0.48,
        tumblehome=0.03,
        nose_radius_mm=90,
        tail_radius_mm=60,
        plan_nose_radius_mm=160,
        plan_tail_radius_mm=80,
        top_radius_mm=90,
        bottom_radius_mm=45,
        color=(0.80, 0.83, 0.86, 1.0),
        c_pillar=0.025,
    ),
    BodyStyle.hatchback: StyleShape(
        # short bonnet, raked windscreen, roof, steep hatch
        top=((0.0, 0.44), (0.15, 0.49), (0.36, 0.98), (0.40, 1.0), (0.85, 1.0), (0.885, 0.975), (0.975, 0.50),
             (1.0, 0.47)),
        windscreen=(1, 2),
        rear_window=(5, 6),
        side_windows=2,
        belt=0.49,
        tumblehome=0.045,
        nose_radius_mm=130,
        tail_radius_mm=70,
        plan_nose_radius_mm=260,
        plan_tail_radius_mm=120,
        top_radius_mm=120,
        bottom_radius_mm=50,
        color=(0.30, 0.55, 0.78, 1.0),
        c_pillar=0.07,
    ),
    BodyStyle.roadster: StyleShape(
        # long bonnet rising to the scuttle, open cockpit, short rear deck; the windscreen stands free at the cowl
        top=((0.0, 0.40), (0.20, 0.50), (0.39, 0.55), (0.72, 0.57), (0.93, 0.57), (1.0, 0.46)),
        windscreen=(2, 2),
        rear_window=None,
        side_windows=0,
        belt=0.55,
        tumblehome=0.0,
        nose_radius_mm=120,
        tail_radius_mm=90,
        plan_nose_radius_mm=280,
        plan_tail_radius_mm=180,
        top_radius_mm=130,
        bottom_radius_mm=50,
        color=(0.78, 0.10, 0.12, 1.0),
        cockpit=(0.405, 0.69, 0.30),
    ),
}
