"""Many variants of one base design: the base, and one array of values per varied numeric field.

A variant is the base design with each varied field (a dotted path, `dimensions.length_mm`) set to its value in
that row. Nothing here validates: a row may describe a design the model refuses (the engines mark it invalid, with
the field and the reason the scalar model gives).
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..design import Design
from ..design.edit import EditError, field_info, get_value, with_values


@dataclass(frozen=True)
class Variants:
    """`columns` maps a field path to a float64 array; every array has the same length (the number of variants)."""

    base: Design
    columns: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        lengths = {len(v) for v in self.columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"variant columns differ in length: {sorted(lengths)}")
        for path in self.columns:
            check_numeric_field(self.base, path)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 1

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.columns)

    def values(self, i: int) -> dict[str, float]:
        """Row i's varied fields and their values (int fields as int)."""
        return {path: _typed(self.base, path, float(column[i])) for path, column in self.columns.items()}

    def design(self, i: int) -> Design:
        """Row i as a validated design; raises EditError naming the refused field, as any edit would."""
        return with_values(self.base, self.values(i)) if self.columns else self.base

    def slice(self, start: int, stop: int) -> Variants:
        return Variants(self.base, {k: v[start:stop] for k, v in self.columns.items()})


def _typed(base: Design, path: str, value: float) -> Any:
    return int(value) if isinstance(get_value(base, path), int) and not isinstance(get_value(base, path), bool) \
        else value


def check_numeric_field(base: Design, path: str) -> None:
    """Raise EditError unless `path` is a numeric (int or float) field of `base`; an empty one (None) counts when
    it holds a number once set (a CG height), not when it holds a choice (an exemption basis)."""
    try:
        value = get_value(base, path)
        info = field_info(path, base)
    except (AttributeError, KeyError, IndexError, ValueError, TypeError):
        raise EditError(path, "no such field") from None
    number = (isinstance(value, (int, float)) and not isinstance(value, bool) if value is not None
              else bool({int, float} & set(typing.get_args(info.annotation))))
    if not number:
        raise EditError(path, "is not a number field; a sweep varies numbers")


def grid(base: Design, ranges: dict[str, tuple[float, float, float]],
         places: dict[str, int | None] | None = None) -> Variants:
    """The full-factorial grid of `ranges` (path -> (start, stop, step), both ends included; a step that does not
    divide the span stops at the last value not beyond `stop`). `places` (path -> decimals) gives a field's values
    as start + i·step rounded to that many decimals: the decimals its start, stop and step were typed with, so that
    a value typed comes out as typed (0.45, not 0.45000000000000007). Raises ValueError for a step ≤ 0 or a stop
    before the start."""
    places = places or {}
    axes = []
    for path, (start, stop, step) in ranges.items():
        if not step > 0:
            raise ValueError(f"{path}: the step must be more than 0")
        if stop < start:
            raise ValueError(f"{path}: the stop {stop:g} is before the start {start:g}")
        axes.append(grid_values(start, stop, step, places.get(path)))
    if not axes:
        return Variants(base, {})
    mesh = np.meshgrid(*axes, indexing="ij")
    return Variants(base, {path: m.ravel() for path, m in zip(ranges, mesh)})


# Decimals up to which start, stop and step are counted in whole units of 10^-places: their integers stay exact in a
# float64 (below 2^53) for the values a design holds.
MAX_TYPED_PLACES = 9


def _scaled(start: float, stop: float, step: float, places: int | None) -> tuple[int, int, int, float] | None:
    """start, stop and step as whole numbers of 10^-places (and the scale), when they are such numbers exactly."""
    if places is None or not 0 <= places <= MAX_TYPED_PLACES:
        return None
    scale = 10.0**places
    ints = [round(x * scale) for x in (start, stop, step)]
    for i, x in zip(ints, (start, stop, step)):
        if abs(i) >= 2**53 or not math.isclose(i / scale, x, rel_tol=1e-12, abs_tol=1e-300):
            return None
    if ints[2] <= 0:
        return None
    return ints[0], ints[1], ints[2], scale


def grid_count(start: float, stop: float, step: float, places: int | None = None) -> int:
    """How many values one grid field takes, both ends included (counted in whole decimals when `places` says
    how many were typed: 0.15:0.45:0.1 is 4 values however the floats round)."""
    scaled = _scaled(start, stop, step, places)
    if scaled is not None:
        s, e, t, _ = scaled
        return (e - s) // t + 1
    return int(math.floor((stop - start) / step + 1e-9)) + 1


def grid_values(start: float, stop: float, step: float, places: int | None = None) -> np.ndarray:
    """One grid field's values: start + i·step, rounded to `places` decimals when given (see `grid`)."""
    count = grid_count(start, stop, step, places)
    scaled = _scaled(start, stop, step, places)
    if scaled is not None:
        s, _, t, scale = scaled
        return (s + t * np.arange(count, dtype=np.int64)) / scale  # each the float nearest its decimal value
    return start + step * np.arange(count, dtype=np.float64)


def sample(base: Design, ranges: dict[str, tuple[float, float]], n: int, method: str = "sobol",
           seed: int | None = 0) -> Variants:
    """`n` space-filling samples of `ranges` (path -> (low, high)) by a scipy.stats.qmc sampler: "sobol" (scrambled),
    "halton" or "lhs" (Latin hypercube). Raises ValueError for an unknown method or an empty range."""
    from scipy.stats import qmc  # only sampling needs scipy

    samplers = {"sobol": qmc.Sobol, "halton": qmc.Halton, "lhs": qmc.LatinHypercube}
    if method not in samplers:
        raise ValueError(f"unknown sampler '{method}': use one of {', '.join(samplers)}")
    for path, (low, high) in ranges.items():
        if not high > low:
            raise ValueError(f"{path}: the high end {high:g} must be above the low end {low:g}")
    sampler = samplers[method](d=len(ranges), seed=seed)
    unit = sampler.random(n)
    lows = np.array([r[0] for r in ranges.values()])
    highs = np.array([r[1] for r in ranges.values()])
    points = qmc.scale(unit, lows, highs)
    return Variants(base, {path: np.ascontiguousarray(points[:, i]) for i, path in enumerate(ranges)})


def product_count(ranges: dict[str, tuple[float, float, float]], places: dict[str, int | None] | None = None) -> int:
    """How many variants `grid(ranges, places)` makes, without making them."""
    places = places or {}
    return math.prod(grid_count(*r, places.get(path)) for path, r in ranges.items())


__all__ = ["Variants", "check_numeric_field", "grid", "grid_count", "grid_values", "product_count", "sample"]
