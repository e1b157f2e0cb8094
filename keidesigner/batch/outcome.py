"""What a rule says about each variant, as arrays: a status code and a margin, as rules.finding and
rules.context.bounded say it about one design.

`same`, `below` and `above` are the scalar helpers' twins (math.isclose with the same tolerances; a strict limit
fails on equality); `bounded` gives the status `rules.context.bounded` gives and the margin `Finding.margin` gives
(0 where the measured value is `same` as the nearest limit). Every function takes scalars or arrays of shape (n,)
and broadcasts; a result that depends on no array stays a scalar. Values are those of valid variants: finite.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ..rules.finding import SAME_ABS_TOL, SAME_REL_TOL, Status
from .result import MISSING, STATUS_CODES

FAIL, WARN, PASS, INFO, NA = (np.int8(STATUS_CODES[s]) for s in (Status.fail, Status.warn, Status.pass_, Status.info,
                                                                  Status.not_applicable))
ABSENT = np.int8(MISSING)
NAN = math.nan


class Outcome(NamedTuple):
    """One finding's status code (int8), margin (float, NaN where the finding has none) and whether the rule makes
    the finding at all for the variant (a head restraint finding exists only at an outboard seat)."""

    status: Any
    margin: Any = NAN
    present: Any = True


NOT_APPLICABLE = Outcome(NA)


def same(a: Any, b: Any) -> Any:
    """rules.finding.same: math.isclose(a, b, rel_tol=SAME_REL_TOL, abs_tol=SAME_ABS_TOL), which is
    a == b or |b − a| ≤ max(|rel·b|, |rel·a|, abs)."""
    tolerance = np.maximum(np.maximum(np.abs(SAME_REL_TOL * b), np.abs(SAME_REL_TOL * a)), SAME_ABS_TOL)
    return np.logical_or(a == b, np.abs(b - a) <= tolerance)


def below(value: Any, limit: Any, strict: bool = False) -> Any:
    """rules.finding.below: under a minimum, or on a strict one."""
    on = same(value, limit)
    return np.logical_or(np.less(value, limit), on) if strict else np.logical_and(np.less(value, limit),
                                                                                   np.logical_not(on))


def above(value: Any, limit: Any, strict: bool = False) -> Any:
    """rules.finding.above: over a maximum, or on a strict one."""
    on = same(value, limit)
    return np.logical_or(np.greater(value, limit), on) if strict else np.logical_and(np.greater(value, limit),
                                                                                      np.logical_not(on))


def margin(measured: Any, minimum: Any = None, maximum: Any = None) -> Any:
    """Finding.margin: the distance to the nearest limit, positive inside, 0 where `same`; NaN without limits."""
    sides = []
    if minimum is not None:
        sides.append(np.where(same(measured, minimum), 0.0, np.subtract(measured, minimum, dtype=np.float64)))
    if maximum is not None:
        sides.append(np.where(same(measured, maximum), 0.0, np.subtract(maximum, measured, dtype=np.float64)))
    if not sides:
        return NAN
    return sides[0] if len(sides) == 1 else np.minimum(sides[0], sides[1])


def bounded(measured: Any, *, minimum: Any = None, maximum: Any = None, strict_minimum: bool = False,
            strict_maximum: bool = False, warn: Any = False, fail: np.int8 = FAIL) -> Outcome:
    """rules.context.bounded: `fail` under the minimum or over the maximum, else warn where `warn` (the rule's
    warn_if, evaluated by the caller), else pass; the margin as Finding.margin."""
    failing = False
    if minimum is not None:
        failing = below(measured, minimum, strict_minimum)
    if maximum is not None:
        failing = np.logical_or(failing, above(measured, maximum, strict_maximum))
    status = np.where(failing, fail, np.where(warn, WARN, PASS)).astype(np.int8, copy=False)
    return Outcome(status, margin(measured, minimum, maximum))


def equipment(present: Any, missing: np.int8 = FAIL) -> Outcome:
    """rules.context.equipment: pass where fitted, else `missing`; no margin."""
    return Outcome(np.where(present, PASS, missing).astype(np.int8, copy=False))


def choose(condition: Any, then: Outcome, otherwise: Outcome) -> Outcome:
    """`then` where condition holds, else `otherwise` (the branches of a rule, elementwise)."""
    if np.ndim(condition) == 0:
        return then if bool(condition) else otherwise
    return Outcome(np.where(condition, then.status, otherwise.status).astype(np.int8, copy=False),
                   np.where(condition, then.margin, otherwise.margin),
                   np.where(condition, then.present, otherwise.present))
