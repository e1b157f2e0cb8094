"""The outcome of evaluating many variants: validity, derived figures, each rule's status and margin, as arrays.

Every engine (the scalar reference in scalar.py, the vectorised one in engine.py) returns a `BatchResult`; two
results of the same variants compare equal field by field (`differences`), which is what the agreement tests check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..rules.finding import Status
from .variants import Variants

# Status as a small integer, in the order findings are listed (what needs attention first); MISSING: the rule made
# no finding for that variant (an invalid variant makes none).
STATUS_CODES: dict[Status, int] = {Status.fail: 0, Status.warn: 1, Status.pass_: 2, Status.info: 3,
                                   Status.not_applicable: 4}
CODE_STATUS: dict[int, Status] = {v: k for k, v in STATUS_CODES.items()}
MISSING = -1
FAIL = STATUS_CODES[Status.fail]


@dataclass
class BatchResult:
    """n variants' results.

    valid: bool (n,). invalid_field / invalid_reason: str (n,), the refused field's dotted path and the one-line
    reason (English digits), "" for a valid variant. derived: Derived figure key -> float64 (n,), NaN where invalid.
    status: rule id -> int8 (n,) of STATUS_CODES or MISSING. margin: rule id -> float64 (n,), NaN where the finding
    has none. group: rule id -> "kei" | "us". scalar_rules: the rule ids evaluated through the scalar path.
    """

    variants: Variants
    valid: np.ndarray
    invalid_field: np.ndarray
    invalid_reason: np.ndarray
    derived: dict[str, np.ndarray]
    status: dict[str, np.ndarray]
    margin: dict[str, np.ndarray]
    group: dict[str, str]
    scalar_rules: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.valid)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(self.status)

    def failing(self, group: str | None = None) -> np.ndarray:
        """int (n,): how many rules (of `group`, or all) fail each variant; invalid variants count 0."""
        ids = [r for r in self.status if group in (None, self.group[r])]
        if not ids:
            return np.zeros(len(self), dtype=np.int32)
        return np.sum([self.status[r] == FAIL for r in ids], axis=0, dtype=np.int32)

    def passes(self, group: str | None = None) -> np.ndarray:
        """bool (n,): valid and no rule (of `group`, or all) fails."""
        return self.valid & (self.failing(group) == 0)

    def smallest_margin(self) -> np.ndarray:
        """float (n,): each variant's smallest margin over the rules that have one (NaN where none)."""
        if not self.margin:
            return np.full(len(self), np.nan)
        stacked = np.vstack(list(self.margin.values()))
        with np.errstate(all="ignore"):
            out = np.nanmin(np.where(np.isnan(stacked), np.inf, stacked), axis=0)
        return np.where(np.isinf(out), np.nan, out)


def differences(a: BatchResult, b: BatchResult, rel: float = 1e-9, abs_: float = 1e-9) -> list[str]:
    """Where two results of the same variants disagree (empty when they agree): one line per disagreement."""
    out = []
    if len(a) != len(b):
        return [f"lengths differ: {len(a)} against {len(b)}"]
    for name in ("valid", "invalid_field", "invalid_reason"):
        x, y = getattr(a, name), getattr(b, name)
        for i in np.flatnonzero(x != y)[:5]:
            out.append(f"row {i}: {name} {x[i]!r} against {y[i]!r}")
    for kind in ("derived", "margin"):
        xa, xb = getattr(a, kind), getattr(b, kind)
        for key in sorted(set(xa) | set(xb)):
            if key not in xa or key not in xb:
                out.append(f"{kind} {key}: only in one result")
                continue
            u, v = xa[key], xb[key]
            same = np.isclose(u, v, rtol=rel, atol=abs_) | (np.isnan(u) & np.isnan(v))
            for i in np.flatnonzero(~same)[:5]:
                out.append(f"row {i}: {kind} {key} {u[i]!r} against {v[i]!r}")
    for key in sorted(set(a.status) | set(b.status)):
        if key not in a.status or key not in b.status:
            out.append(f"status {key}: only in one result")
            continue
        for i in np.flatnonzero(a.status[key] != b.status[key])[:5]:
            out.append(f"row {i}: status {key} {a.status[key][i]} against {b.status[key][i]}")
    return out
