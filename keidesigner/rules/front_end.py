"""Front-end advice that reads the drawn front end: where the front rails stand against the IIHS small-overlap band.

The pedestrian head-impact zones need the body's surface (the wrap-around distance is measured on the mesh), so
they are worked out with the geometry, in analysis/pedestrian.py.
"""

from __future__ import annotations

from ..design.message import LazyMsg, Num
from .context import Context, not_applicable
from .finding import Basis, Finding, Status

# IIHS small overlap frontal test: 25 % of the vehicle's width strikes a rigid barrier at 40 mph, driver and
# passenger sides [S] (IIHS via jdpower.com and automotive-fleet.com; docs/sources.md "Front end"). Consumer
# information, not law.
SMALL_OVERLAP_SHARE = 0.25
SMALL_OVERLAP_CITATION = "IIHS small overlap frontal test, 25 % of width at 40 mph (consumer information)"

_IN_BAND = ("Each front rail's centre line is {measured} from the centre line, inside the small-overlap band: the "
            "barrier strikes the outer {0} ({1} of the {2} width), from {minimum} outward, so the rails take the load.")
_OUTSIDE = ("Each front rail's centre line is {measured} from the centre line, {0} inboard of the small-overlap band: "
            "the barrier strikes the outer {1} ({2} of the {3} width) and misses both rails, so the wheel, the "
            "hinge pillar and the sill take the load (in 2014 IIHS rated 1 of 11 minicars acceptable in this test). A "
            "rail or an outrigger reaching {minimum} from the centre line engages it; on a narrow body the band is "
            "narrow too.")


def small_overlap(ctx: Context) -> Finding:
    """Advisory: whether the front rails lie inside the 25 % band the IIHS small-overlap barrier strikes; warns (never
    fails) when they lie inboard of it."""
    title = "Small-overlap engagement (IIHS)"
    field = "front_end.rail_offset_mm"
    if ctx.is_lsv:
        return not_applicable("us.iihs.small_overlap", title, "IIHS does not rate low-speed vehicles.",
                              citation=SMALL_OVERLAP_CITATION, basis=Basis.advisory, field=field)
    width = ctx.design.dimensions.width_mm
    band = SMALL_OVERLAP_SHARE * width
    inner_edge = width / 2 - band  # from the centre line
    offset = ctx.design.front_end.rail_offset_mm
    inside = offset >= inner_edge

    def args() -> tuple:  # made only when the text is read
        return Num(band, "mm", exact=True), Num(SMALL_OVERLAP_SHARE * 100, "%"), Num(width, "mm", exact=True)

    return Finding(
        "us.iihs.small_overlap", title, "us", Status.pass_ if inside else Status.warn, Basis.advisory,
        SMALL_OVERLAP_CITATION,
        LazyMsg(_IN_BAND, args) if inside else LazyMsg(
            _OUTSIDE, lambda: (Num(inner_edge - offset, "mm", direction="up", exact=True), *args())),
        "mm", offset, minimum=inner_edge, field=field,
    )
