"""The Explore map's colours: a cell's failing-rule count or margin as RGBA, and the legend that reads them.

Qt-free. Compliant (no rule of the chosen group failing) is teal, set apart from the failing ramp, which runs from
yellow (the fewest failing the map has) to dark red (the most); a margin runs from pale at the limit to deep teal
far inside it and deep red far outside, so the boundary is the pale band. A variant the model refuses is grey (and
hatched by the plot); a cell not evaluated yet is left clear. Teal against yellow-to-red stays apart for red-green
colour blindness.
"""

from __future__ import annotations

import numpy as np

from .explore_map import INVALID, NOT_DONE

COMPLIANT = (42, 157, 143)
INVALID_GREY = (184, 184, 184)
FAIL_RAMP = ((244, 211, 94), (238, 155, 0), (202, 103, 2), (174, 32, 18), (110, 20, 26))
INSIDE_RAMP = ((222, 242, 238), (42, 157, 143), (16, 84, 78))  # margin: at the limit → far inside
OUTSIDE_RAMP = ((253, 228, 200), (202, 103, 2), (110, 20, 26))  # margin: at the limit → far outside
MAX_SWATCHES = 8  # failing counts listed one by one in the legend; more are shown as ranges
SHADES = 256  # steps of a margin's colours


def ramp(stops: tuple[tuple[int, int, int], ...], t: np.ndarray) -> np.ndarray:
    """uint8 (n, 3): `t` in [0, 1] along the colour stops."""
    t = np.clip(np.asarray(t, dtype=float), 0.0, 1.0) * (len(stops) - 1)
    low = np.minimum(np.floor(t).astype(int), len(stops) - 2)
    frac = (t - low)[:, None]
    table = np.asarray(stops, dtype=float)
    return np.round(table[low] * (1 - frac) + table[low + 1] * frac).astype(np.uint8)


def failing_levels(counts: np.ndarray) -> np.ndarray:
    """The failing counts (≥ 1) the map has, in order."""
    present = np.bincount(counts[counts > 0]) if (counts > 0).any() else np.zeros(0, dtype=np.int64)
    return np.flatnonzero(present)


def _fail_t(values: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Where each failing count sits on the ramp: by rank among the counts present when they are few (each its
    own clearly different colour: 10 and 11 failing must not both read dark red), else by value."""
    if len(levels) <= 1:
        return np.zeros(len(values))
    if len(levels) <= MAX_SWATCHES:
        return np.searchsorted(levels, values) / (len(levels) - 1)
    return (values - levels[0]) / (levels[-1] - levels[0])


def count_colors(counts: np.ndarray) -> np.ndarray:
    """uint8 RGBA (n, 4) for failing-rule counts (SweepMap.failing): INVALID grey, NOT_DONE clear. A palette of
    one colour per count present, looked up by count (a 200 × 200 map is recoloured after every chunk)."""
    levels = failing_levels(counts)
    top = int(levels[-1]) if len(levels) else 0
    shift = -NOT_DONE  # the palette is indexed by count + shift: NOT_DONE, INVALID, 0, 1, ...
    palette = np.zeros((top + shift + 1, 4), dtype=np.uint8)
    palette[INVALID + shift:, 3] = 255  # a cell not done stays clear
    palette[INVALID + shift, :3] = INVALID_GREY
    palette[shift, :3] = COMPLIANT
    if len(levels):
        palette[levels + shift, :3] = ramp(FAIL_RAMP, _fail_t(levels, levels))
    return palette[counts + shift]


def margin_scale(margin: np.ndarray) -> tuple[float, float]:
    """(outside, inside): how far the map's margins reach beyond the limit and inside it, each side's colours
    saturating at its own extreme (a map 200 mm over at worst and 25 mm inside at best shows both in full);
    1 for a side the map does not reach."""
    finite = margin[np.isfinite(margin)]
    low = float(-finite.min()) if len(finite) and finite.min() < 0 else 1.0
    high = float(finite.max()) if len(finite) and finite.max() > 0 else 1.0
    return low, high


def margin_colors(margin: np.ndarray, valid: np.ndarray, done: np.ndarray, scale: tuple[float, float]
                  ) -> np.ndarray:
    """uint8 RGBA (n, 4) for one rule's margins (stored unit): inside the limit teal, outside red, both deeper
    further from it (to `scale`, see margin_scale); a valid variant without a margin for the rule (not applicable)
    light grey-blue; invalid grey; not done clear."""
    low, high = scale
    rgba = np.zeros((len(margin), 4), dtype=np.uint8)
    finite = np.isfinite(margin)
    steps = np.linspace(0.0, 1.0, SHADES)
    inside, outside = ramp(INSIDE_RAMP, steps), ramp(OUTSIDE_RAMP, steps)  # looked up, not worked out per cell
    with np.errstate(invalid="ignore"):
        t = np.where(margin >= 0, margin / high, -margin / low)
        shade = np.round(np.clip(np.nan_to_num(t), 0.0, 1.0) * (SHADES - 1)).astype(np.intp)
        rgba[:, :3] = np.where((margin >= 0)[:, None], inside[shade], outside[shade])
    rgba[valid & ~finite, :3] = (214, 220, 228)
    rgba[~valid, :3] = INVALID_GREY
    rgba[:, 3] = np.where(done, 255, 0)
    return rgba


def count_legend(counts: np.ndarray) -> list[tuple[tuple[int, int, int], int, int]]:
    """(colour, first count, last count) swatches for the counts of a map: compliant (0) first, then each failing
    count present, or ranges of them when there are more than MAX_SWATCHES."""
    swatches = [(COMPLIANT, 0, 0)]
    levels = failing_levels(counts)
    if len(levels) == 0:
        return swatches

    def color(value: int) -> tuple[int, int, int]:
        return tuple(int(c) for c in ramp(FAIL_RAMP, _fail_t(np.array([value]), levels))[0])

    if len(levels) <= MAX_SWATCHES:
        return swatches + [(color(int(k)), int(k), int(k)) for k in levels]
    edges = np.unique(np.round(np.linspace(levels[0], levels[-1] + 1, MAX_SWATCHES + 1)).astype(int))
    return swatches + [(color(int(a)), int(a), int(b) - 1) for a, b in zip(edges[:-1], edges[1:])]


__all__ = ["COMPLIANT", "INVALID_GREY", "count_colors", "count_legend", "failing_levels", "margin_colors",
           "margin_scale", "ramp"]
