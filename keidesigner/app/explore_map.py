"""The Explore map's data: a sweep's results gathered as its chunks arrive, and what each cell is coloured by.

Qt-free. `SweepMap` holds, for every variant of a `SweepRequest`, whether it is done yet and valid, and each rule's
status code and margin (as `BatchResult` gives them). Which rules count is a group choice: "all" (kei and US), "us"
or "kei". A cell reads as the number of rules of that group it fails (0: compliant), or as one rule's margin in
that rule's unit: margins are in each rule's own unit (mm, kg, g, positions), so the smallest margin across rules
would compare millimetres with kilograms; the map shows one rule's at a time, by default the rule that binds.
"""

from __future__ import annotations

import numpy as np

from ..batch import BatchResult
from ..batch.result import FAIL, MISSING
from .explore_sweep import SweepRequest

GROUPS = ("all", "us", "kei")  # which rules count: kei and US, US only, kei only
NOT_DONE = -2  # a cell not evaluated yet
INVALID = -1  # a variant the model refuses


class SweepMap:
    """The results of `request` so far. Arrays are indexed by variant (see SweepRequest.index)."""

    def __init__(self, request: SweepRequest):
        self.request = request
        n = len(request)
        self.done = np.zeros(n, dtype=bool)
        self.valid = np.zeros(n, dtype=bool)
        self.invalid_field = np.full(n, "", dtype=object)
        self.status: dict[str, np.ndarray] = {}
        self.margin: dict[str, np.ndarray] = {}
        self.group: dict[str, str] = {}
        self.finished = False
        self.seconds: float | None = None
        self._varying: dict[str, bool] = {}  # worked out once for the variants evaluated so far
        # failing rules of each group, counted as each chunk arrives (a map is recoloured after every chunk)
        self._fails = {g: np.zeros(n, dtype=np.int32) for g in ("kei", "us")}

    def __len__(self) -> int:
        return len(self.done)

    @property
    def count_done(self) -> int:
        return int(self.done.sum())

    def add(self, start: int, result: BatchResult) -> None:
        """The results of the variants from `start` on."""
        stop = start + len(result)
        self._varying.clear()
        self.done[start:stop] = True
        self.valid[start:stop] = result.valid
        self.invalid_field[start:stop] = result.invalid_field
        n = len(self)
        for rule, codes in result.status.items():
            if rule not in self.status:
                self.status[rule] = np.full(n, MISSING, dtype=np.int8)
                self.margin[rule] = np.full(n, np.nan)
                self.group[rule] = result.group[rule]
            self.status[rule][start:stop] = codes
            self.margin[rule][start:stop] = result.margin[rule]
            fails = self._fails.get(result.group[rule])
            if fails is not None:
                fails[start:stop] += codes == FAIL

    def rules(self, group: str = "all") -> list[str]:
        """Rule ids of `group` in the order findings are listed (kei first)."""
        return [r for r in self.status if group == "all" or self.group[r] == group]

    def failing(self, group: str = "all") -> np.ndarray:
        """int (n,): rules of `group` each variant fails; INVALID where the model refuses it, NOT_DONE where it is
        not evaluated yet."""
        counts = self._fails["kei"] + self._fails["us"] if group == "all" else self._fails[group]
        counts = np.where(self.valid, counts, INVALID)
        return np.where(self.done, counts, NOT_DONE)

    def failing_rules(self, index: int, group: str = "all") -> list[str]:
        return [r for r in self.rules(group) if self.status[r][index] == FAIL]

    def margin_rules(self, group: str = "all") -> list[str]:
        """Rules of `group` with a margin somewhere in the map."""
        return [r for r in self.rules(group) if np.isfinite(self.margin[r]).any()]

    def varying(self, rule: str) -> bool:
        """Whether the rule's status or margin differs between the valid variants evaluated."""
        if rule not in self._varying:
            self._varying[rule] = self._differs(rule)
        return self._varying[rule]

    def _differs(self, rule: str) -> bool:
        rows = self.valid & self.done
        codes, margins = self.status[rule][rows], self.margin[rule][rows]
        if len(codes) and (codes != codes[0]).any():
            return True
        finite = margins[np.isfinite(margins)]
        return len(finite) > 1 and not np.allclose(finite, finite[0], rtol=1e-9, atol=1e-9)

    def binding_rule(self, group: str = "all") -> str | None:
        """The rule the map is about by default: of the rules with a margin that the sweep moves, the one failing
        the most variants short of all of them (the boundary it draws is the one a designer looks for), else the
        one that moves first in the findings' order; None when no rule of the group has a moving margin."""
        moving = [r for r in self.margin_rules(group) if self.varying(r)]
        if not moving:
            return None
        rows = self.valid & self.done
        total = int(rows.sum())

        def share(rule: str) -> int:
            fails = int((self.status[rule][rows] == FAIL).sum())
            return fails if 0 < fails < total else -1

        best = max(moving, key=share)
        return best if share(best) > 0 else moving[0]

    def margin_of(self, rule: str) -> np.ndarray:
        """float (n,): the rule's margin (its unit, stored); NaN where it has none, is invalid or not done."""
        if rule not in self.margin:
            return np.full(len(self), np.nan)
        return np.where(self.valid & self.done, self.margin[rule], np.nan)


__all__ = ["GROUPS", "INVALID", "NOT_DONE", "SweepMap"]
