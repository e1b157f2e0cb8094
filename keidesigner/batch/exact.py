"""Array arithmetic that gives bit for bit what the scalar code's `math` calls and `round` give.

numpy's own tan (and on some CPUs its sin and cos) may differ from the C library's by an ulp, and `np.round` from
Python's correctly rounded `round` at a half; a model validator compares such a figure with no tolerance
('the windscreen reaches the roof at or beyond the length'), so the batch engine calls the same functions the scalar
code calls. Shapes: a scalar in, a Python float out; an array (n,) in, a float64 array (n,) out.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

# Beyond this share of distinct values in an array, one call per element beats sorting out the distinct ones.
_DISTINCT_SHARE = 0.5


def elementwise(fn: Callable[[float], float], x: Any) -> Any:
    """fn (a scalar function of `math`) at every element of x, exactly as the scalar code computes it. Non-finite
    elements (only invalid variants hold them) give NaN instead of raising."""
    if np.ndim(x) == 0:
        value = float(x)
        return fn(value) if math.isfinite(value) else math.nan
    x = np.asarray(x, dtype=np.float64)
    finite = np.isfinite(x)
    if not finite.all():
        x = np.where(finite, x, 0.0)
    distinct, inverse = np.unique(x, return_inverse=True)
    if len(distinct) <= _DISTINCT_SHARE * len(x):
        out = np.fromiter((fn(v) for v in distinct.tolist()), np.float64, len(distinct))[inverse]
    else:
        out = np.fromiter((fn(v) for v in x.tolist()), np.float64, len(x))
    if not finite.all():
        out[~finite] = math.nan
    return out


def _cos_deg(deg: float) -> float:
    return math.cos(math.radians(deg))


def _tan_deg(deg: float) -> float:
    return math.tan(math.radians(deg))


def cos_deg(deg: Any) -> Any:
    """math.cos(math.radians(deg)), elementwise."""
    return elementwise(_cos_deg, deg)


def tan_deg(deg: Any) -> Any:
    """math.tan(math.radians(deg)), elementwise."""
    return elementwise(_tan_deg, deg)


def py_round(x: Any, places: int) -> Any:
    """Python's round(x, places), elementwise: np.round (x · 10^places to the nearest integer, divided back) agrees
    with it except where x · 10^places lies within float noise of a half, which Python resolves on the exact binary
    value; those elements are rounded by Python itself."""
    if np.ndim(x) == 0:
        return round(float(x), places)
    out = np.round(x, places)
    scaled = x * 10.0**places
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near_half.any():
        out[near_half] = [round(v, places) for v in x[near_half].tolist()]
    return out
