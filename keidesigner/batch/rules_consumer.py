"""Twins of the advisory and information findings: NCAP rollover, the CAFE footprint (rules/us.py) and the IIHS
small-overlap band (rules/front_end.py)."""

from __future__ import annotations

import numpy as np

from ..rules import front_end, us
from .outcome import INFO, NOT_APPLICABLE, PASS, WARN, Outcome, margin
from .twin import View, twin

_FOUR_STARS = us.SSF_STAR_CUTS[1][0]  # the rollover finding's minimum: below it, fewer than 4 stars


@twin(us.rollover, "us", inputs=("derived.ssf",))
def rollover(v: View) -> dict:
    """A warning under the 4-star SSF (compared without tolerance, as the scalar rule does); the margin to it."""
    ssf = v.figure("ssf")
    status = np.where(np.less(ssf, _FOUR_STARS), WARN, PASS).astype(np.int8, copy=False)
    return {"us.ncap.rollover": Outcome(status, margin(ssf, minimum=_FOUR_STARS))}


@twin(us.footprint, "us", inputs=("derived.footprint_ft2",))
def footprint(v: View) -> dict:
    """Information only: no limit, so no margin (the footprint, its measured value, is a derived figure)."""
    return {"us.cafe.footprint": Outcome(INFO)}


@twin(front_end.small_overlap, "us", inputs=("dimensions.width_mm", "front_end.rail_offset_mm"))
def small_overlap(v: View) -> dict:
    """Pass where the rails reach the outer 25 % of the width (offset ≥ its inner edge, without tolerance), else
    warn; the margin to the inner edge."""
    if v.is_lsv:
        return {"us.iihs.small_overlap": NOT_APPLICABLE}
    width = v.field("dimensions.width_mm")
    inner_edge = width / 2 - front_end.SMALL_OVERLAP_SHARE * width
    offset = v.field("front_end.rail_offset_mm")
    status = np.where(np.greater_equal(offset, inner_edge), PASS, WARN).astype(np.int8, copy=False)
    return {"us.iihs.small_overlap": Outcome(status, margin(offset, minimum=inner_edge))}
