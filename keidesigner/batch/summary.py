"""What a sweep found, built chunk by chunk (nothing per variant is kept): how many variants, how many the model
refused and on which field most often, the share compliant (kei, US, both), where each failing rule binds on each
varied field, and the compliant variant nearest the base design. Each chunk is summarised where it is evaluated
(`summarise`), and the sweep's process merges the partial summaries in order (`SweepSummary.merge`). As text through
the project's Formatter (units and digits as `check` writes them) or as JSON (numbers in the units the design
stores)."""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from ..design import Design
from ..design.units import KM_PER_MI, Formatter, UnitSystem
from ..rules.finding import places_apart
from .result import FAIL, MISSING
from .spec import Axis, Plan
from .table import rule_order

if TYPE_CHECKING:
    from .chunk import ChunkResult, SweepJob

GROUPS = {"all": "kei and US", "kei": "kei", "us": "US"}  # compliance: every rule / the kei rules / the US rules


LOOSE_MAX = 4096  # distinct failing values a span keeps while no passing value has been seen


def _no_values() -> np.ndarray:
    return np.empty(0)


@dataclass
class Span:
    """Where on one field a rule failed, and where (among valid variants that it did not fail) it did not: the
    extents of each, whether a failing value lies within the passing range (`mixed`), and the failing values
    nearest the passing range on either side (`below`: the largest under it, `above`: the smallest over it). Until
    a passing value is seen, the distinct failing values themselves (`loose`, at most LOOSE_MAX; None beyond: a
    later passing range straddled by them is then taken as mixed). Chunks merge exactly in any grouping."""

    fail_low: float = math.inf
    fail_high: float = -math.inf
    ok_low: float = math.inf
    ok_high: float = -math.inf
    mixed: bool = False
    below: float = -math.inf
    above: float = math.inf
    loose: np.ndarray | None = field(default_factory=_no_values)

    @property
    def passed(self) -> bool:
        return self.ok_low <= self.ok_high

    def add(self, values: np.ndarray, fails: np.ndarray, oks: np.ndarray,
            distinct: Callable[[np.ndarray], np.ndarray | None] | None = None) -> None:
        """One chunk's values of the field, where the rule failed and where it passed. `distinct(fails)` gives the
        sorted distinct failing values (or None when there are too many), for a chunk where the rule never passed."""
        chunk = Span()
        failing = values[fails]
        if failing.size:
            chunk.fail_low, chunk.fail_high = float(failing.min()), float(failing.max())
        if oks.any():
            passing = values[oks]
            low, high = float(passing.min()), float(passing.max())
            chunk.ok_low, chunk.ok_high, chunk.loose = low, high, None
            if failing.size:
                chunk.mixed = bool(((failing >= low) & (failing <= high)).any())
                under, over = failing[failing < low], failing[failing > high]
                chunk.below = float(under.max()) if under.size else -math.inf
                chunk.above = float(over.min()) if over.size else math.inf
        elif failing.size:
            if failing.size <= LOOSE_MAX:
                chunk.loose = np.unique(failing)
            else:
                chunk.loose = distinct(fails) if distinct is not None else None
        self.merge(chunk)

    def merge(self, other: Span) -> None:
        fail_low, fail_high = min(self.fail_low, other.fail_low), max(self.fail_high, other.fail_high)
        if not self.passed and not other.passed:
            if self.loose is None or other.loose is None:
                loose = None
            else:
                loose = np.union1d(self.loose, other.loose)
                loose = loose if loose.size <= LOOSE_MAX else None
            self.fail_low, self.fail_high, self.loose = fail_low, fail_high, loose
            return
        low, high = min(self.ok_low, other.ok_low), max(self.ok_high, other.ok_high)
        mixed, below, above = self.mixed or other.mixed, -math.inf, math.inf
        for s in (self, other):
            if s.fail_low > s.fail_high:
                continue  # it never failed there
            if s.passed:  # its failing values are at most s.below, at least s.above, or (s.mixed) within
                if s.below >= low:
                    mixed = True
                elif s.below > -math.inf:
                    below = max(below, s.below)
                if s.above <= high:
                    mixed = True
                elif s.above < math.inf:
                    above = min(above, s.above)
            elif s.loose is not None:
                v = s.loose
                mixed = mixed or bool(((v >= low) & (v <= high)).any())
                under, over = v[v < low], v[v > high]
                if under.size:
                    below = max(below, float(under.max()))
                if over.size:
                    above = min(above, float(over.min()))
            elif s.fail_high < low:
                below = max(below, s.fail_high)
            elif s.fail_low > high:
                above = min(above, s.fail_low)
            else:  # failing values whose spread straddles or meets the passing range, not kept one by one
                mixed = True
        self.fail_low, self.fail_high, self.ok_low, self.ok_high = fail_low, fail_high, low, high
        self.mixed, self.below, self.above, self.loose = mixed, below, above, None

    @property
    def side(self) -> str:
        """'everywhere' (it never passed), 'above' / 'below' (every failing value is above / below every value it
        passed at), 'outside' (failing values on both sides of the passing range, none within it: a band), or
        'within' (it failed within the range it passed over: the other fields decide)."""
        if not self.passed:
            return "everywhere"
        if self.mixed:
            return "within"
        if self.fail_low > self.ok_high:
            return "above"
        if self.fail_high < self.ok_low:
            return "below"
        return "outside"


@dataclass
class Binding:
    rule_id: str
    group: str
    fails: int = 0
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass
class Nearest:
    index: int
    distance: float
    values: dict[str, float]
    energy: dict[str, float] = field(default_factory=dict)


@dataclass
class SweepSummary:
    design: str
    source: str
    pathway: str | None
    plan: Plan
    variants: int = 0
    invalid: int = 0
    invalid_fields: Counter = field(default_factory=Counter)
    invalid_examples: dict[str, str] = field(default_factory=dict)
    compliant: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))
    bindings: dict[str, Binding] = field(default_factory=dict)
    nearest: dict[str, Nearest | None] = field(default_factory=lambda: dict.fromkeys(GROUPS))
    energy_unit: str | None = None
    energy: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)
    output: dict[str, Any] | None = None
    provenance: dict[str, Any] = field(default_factory=dict)  # the base design's SHA-256, the rule settings

    base_rules: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.energy_unit is not None and not self.energy:
            # errors: how many variants could not be simulated, by cause (EnergyModelError.cause); examples: the
            # first such variant's reason for each cause, in sweep order (chunks merge in order: whatever ran them)
            self.energy = {"simulated": 0, "errors": Counter(), "examples": {},
                           "label_combined": [math.inf, -math.inf], "label_range_mi": [math.inf, -math.inf]}

    def merge(self, other: SweepSummary) -> None:
        """Add the summary of the variants that follow this one's (a chunk's, summarised where it ran)."""
        self.variants += other.variants
        self.invalid += other.invalid
        self.invalid_fields.update(other.invalid_fields)
        for path, reason in other.invalid_examples.items():
            self.invalid_examples.setdefault(path, reason)
        for group, count in other.compliant.items():
            self.compliant[group] += count
        for rule, b in other.bindings.items():
            mine = self.bindings.setdefault(rule, Binding(rule, b.group))
            mine.fails += b.fails
            for path, span in b.spans.items():
                mine.spans.setdefault(path, Span()).merge(span)
        for group, best in other.nearest.items():
            mine = self.nearest[group]
            if best is not None and (mine is None or best.distance < mine.distance):  # a tie: the earlier variant
                self.nearest[group] = best
        if self.energy_unit is not None:
            e, o = self.energy, other.energy
            e["simulated"] += o["simulated"]
            e["errors"].update(o["errors"])
            for cause, reason in o["examples"].items():
                e["examples"].setdefault(cause, reason)
            for name in ("label_combined", "label_range_mi"):
                e[name] = [min(e[name][0], o[name][0]), max(e[name][1], o[name][1])]

    @property
    def failing_rules(self) -> list[Binding]:
        """The rules that failed any variant, most failures first; ties in the table's column order (the base
        design's rules as findings are listed, then the others by id), whatever order the chunks came in."""
        order = {rule: i for i, rule in enumerate(self.base_rules)}
        return sorted((b for b in self.bindings.values() if b.fails),
                      key=lambda b: (-b.fails, order.get(b.rule_id, len(order)), rule_order(b.rule_id)))


class Summariser:
    """Feed it each chunk in order (`add`); `summary` is the running result."""

    def __init__(self, plan: Plan, base: Design, source: str, pathway: str | None, base_rules: tuple[str, ...] = (),
                 energy_unit: str | None = None) -> None:
        self.plan = plan
        self.summary = SweepSummary(base.name, source, pathway, plan, energy_unit=energy_unit, base_rules=base_rules)
        self._bases = np.array([np.nan if a.reference is None else a.reference for a in plan.axes])
        self._spans = np.array([_span(a) for a in plan.axes])

    def add(self, chunk: ChunkResult) -> None:
        s, r = self.summary, chunk.result
        n = len(r)
        values = {a.path: _evaluated(a, r.variants.columns[a.path]) for a in self.plan.axes}
        s.variants += n
        valid = r.valid
        s.invalid += int(n - valid.sum())
        if not valid.all():
            refused = Counter(r.invalid_field[~valid].tolist())
            s.invalid_fields.update(refused)
            for i in np.flatnonzero(~valid):
                s.invalid_examples.setdefault(r.invalid_field[i], r.invalid_reason[i])
        distinct = {a.path: _Distinct(values[a.path], a.step is not None) for a in self.plan.axes}
        for rule, status in r.status.items():
            b = s.bindings.setdefault(rule, Binding(rule, r.group[rule]))
            fails = status == FAIL
            b.fails += int(fails.sum())
            oks = valid & ~fails & (status != MISSING)  # where it passes, in every chunk: a rule may fail later
            for path, column in values.items():
                b.spans.setdefault(path, Span()).add(column, fails, oks, distinct[path])
        distance = self._distance(values)
        for group in GROUPS:
            passes = r.passes(None if group == "all" else group)
            s.compliant[group] += int(passes.sum())
            if passes.any():
                i = int(np.flatnonzero(passes)[np.argmin(distance[passes])])
                best = s.nearest[group]
                if best is None or distance[i] < best.distance:
                    s.nearest[group] = Nearest(chunk.start + i, float(distance[i]),
                                               {p: float(v[i]) for p, v in values.items()},
                                               {k: float(v[i]) for k, v in chunk.energy.items()})
        if s.energy_unit is not None:
            self._add_energy(chunk)

    def _distance(self, values: dict[str, np.ndarray]) -> np.ndarray:
        """Each variant's distance from the base design: the root of the summed squares of each field's difference
        over the range swept (fields the base leaves empty, or swept over a single value, do not count)."""
        total = np.zeros(len(next(iter(values.values()))))
        for (_, column), base, span in zip(values.items(), self._bases, self._spans):
            if not math.isnan(base) and span > 0:
                total += ((column - base) / span) ** 2
        return np.sqrt(total)

    def _add_energy(self, chunk: ChunkResult) -> None:
        e = self.summary.energy
        e["errors"].update(chunk.energy_errors)
        for cause, reason in chunk.energy_examples.items():
            e["examples"].setdefault(cause, reason)
        combined = chunk.energy["energy.label_combined"]
        e["simulated"] += int(np.isfinite(combined).sum())
        for name in ("label_combined", "label_range_mi"):
            column = chunk.energy[f"energy.{name}"]
            finite = column[np.isfinite(column)]
            if finite.size:
                low, high = e[name]
                e[name] = [min(low, float(finite.min())), max(high, float(finite.max()))]


class _Distinct:
    """A chunk's distinct values of one field where a rule fails, for a span that has seen no passing value: found
    once per set of failing variants (the rules that fail every valid variant share one), and only on a grid's
    field (a sample's values are all distinct: too many to keep)."""

    def __init__(self, column: np.ndarray, gridded: bool) -> None:
        self.column, self.gridded = column, gridded
        self._last: tuple[np.ndarray, np.ndarray | None] | None = None

    def __call__(self, fails: np.ndarray) -> np.ndarray | None:
        if not self.gridded:
            return None
        if self._last is not None and np.array_equal(self._last[0], fails):
            return self._last[1]
        found = np.unique(self.column[fails])
        result = found if found.size <= LOOSE_MAX else None
        self._last = (fails, result)
        return result


def summarise(job: SweepJob, chunk: ChunkResult) -> SweepSummary:
    """One chunk's summary, to merge into the sweep's."""
    from .energy import economy_unit

    unit = economy_unit(job.base) if job.with_energy else None
    summariser = Summariser(job.plan, job.base, "", None, energy_unit=unit)
    summariser.add(chunk)
    return summariser.summary


def _span(axis: Axis) -> float:
    return _last(axis) - axis.low


def _last(axis: Axis) -> float:
    """The highest value swept: a grid's last value (as the variants take it), a sample's high end."""
    if axis.step is None:
        return axis.high
    return float(axis.values()[-1])


def _evaluated(axis: Axis, column: np.ndarray) -> np.ndarray:
    """The values the variants were evaluated with (a whole-number field takes the whole part, as Variants does)."""
    return np.trunc(column) if axis.integer else column


# --- text --------------------------------------------------------------------------------------------------------

def _value(fmt: Formatter, value: float, axis: Axis, *, with_unit: bool = True, places: int = 0) -> str:
    """A value of the field as read (at least `places` decimals where the unit has decimals to give)."""
    if axis.integer:
        return fmt.number(value, 0) + (f" {axis.unit}" if with_unit and axis.unit else "")
    if not axis.unit:
        return fmt.number(value, max(4, places), trim=True)
    return fmt.value(value, axis.unit, places=max(fmt.exact_places(value, axis.unit), places), with_unit=with_unit)


def _range(fmt: Formatter, low: float, high: float, axis: Axis, places: int = 0) -> str:
    if low == high:
        return _value(fmt, low, axis, places=places)
    return f"{_value(fmt, low, axis, with_unit=False, places=places)}–{_value(fmt, high, axis, places=places)}"


def _apart(fmt: Formatter, axis: Axis, pairs: list[tuple[float, float]]) -> int:
    """Decimals at which each pair (a failing value, the passing value beside it) reads as two values (the finding's
    rule: rules/finding.py `places_apart`), so that a failing range never prints as where it starts failing."""
    if axis.integer:
        return 0
    places = 0
    for a, b in pairs:
        if axis.unit:
            start = max(fmt.exact_places(a, axis.unit), fmt.exact_places(b, axis.unit))
            places = max(places, places_apart(fmt.shown(a, axis.unit), fmt.shown(b, axis.unit), start))
        else:
            places = max(places, places_apart(a, b, 4))
    return places


def _share(fmt: Formatter, count: int, total: int) -> str:
    share = 100.0 * count / total if total else 0.0
    return f"{fmt.number(count, 0)} of {fmt.number(total, 0)} ({fmt.number(share, 1)} %)"


def _where(fmt: Formatter, span: Span, axis: Axis) -> str:
    side = span.side
    if side == "everywhere":
        return f"fails at every value swept ({_range(fmt, span.fail_low, span.fail_high, axis)})"
    if side == "above":
        p = _apart(fmt, axis, [(span.fail_low, span.ok_high)])
        return (f"fails above {_value(fmt, span.ok_high, axis, places=p)} "
                f"(at {_range(fmt, span.fail_low, span.fail_high, axis, p)})")
    if side == "below":
        p = _apart(fmt, axis, [(span.fail_high, span.ok_low)])
        return (f"fails below {_value(fmt, span.ok_low, axis, places=p)} "
                f"(at {_range(fmt, span.fail_low, span.fail_high, axis, p)})")
    if side == "outside":
        p = _apart(fmt, axis, [(span.below, span.ok_low), (span.above, span.ok_high)])
        return (f"fails below {_value(fmt, span.ok_low, axis, places=p)} "
                f"(at {_range(fmt, span.fail_low, span.below, axis, p)}) and above "
                f"{_value(fmt, span.ok_high, axis, places=p)} (at {_range(fmt, span.above, span.fail_high, axis, p)})")
    fails = _range(fmt, span.fail_low, span.fail_high, axis)
    passes = _range(fmt, span.ok_low, span.ok_high, axis)
    return f"fails within {fails}, passes within {passes}: the other fields decide"


def _axis_line(fmt: Formatter, axis: Axis) -> str:
    if axis.step is not None:
        swept = _range(fmt, axis.low, _last(axis), axis)
        text = f"{swept}, step {_value(fmt, axis.step, axis)} ({fmt.number(axis.count, 0)} values)"
    else:
        text = _range(fmt, axis.low, axis.high, axis)
    if axis.base_value is not None:
        base = _value(fmt, axis.base_value, axis)
    elif axis.effective is not None:
        base = f"{_value(fmt, axis.effective, axis)} ({axis.effective_source})"
    else:
        base = "empty (no value stands in for it)"
    return f"  {axis.path}: {text}; base {base}"


def _economy(fmt: Formatter, value: float, unit: str) -> str:
    return f"{fmt.number(value, 0 if unit == 'MPGe' else 1)} {unit}"


def _miles(fmt: Formatter, low: float, high: float) -> str:
    def span(factor: float, unit: str) -> str:
        a, b = fmt.number(low * factor, 0), fmt.number(high * factor, 0)
        return f"{a} {unit}" if a == b else f"{a}–{b} {unit}"

    if fmt.system is UnitSystem.us:
        return span(1.0, "mi")
    return f"{span(KM_PER_MI, 'km')} ({span(1.0, 'mi')})"


def summary_text(s: SweepSummary, fmt: Formatter) -> str:
    axes = {a.path: a for a in s.plan.axes}
    how = "full-factorial grid" if s.plan.samples is None else f"{s.plan.sampler} sample, seed {s.plan.seed}"
    lines = [f"{s.design}  ({s.source}): sweep of {fmt.number(s.variants, 0)} variants, {how}"]
    lines += [_axis_line(fmt, a) for a in s.plan.axes]
    lines.append("")
    if s.invalid:
        field_path, count = s.invalid_fields.most_common(1)[0]
        example = s.invalid_examples[field_path].removeprefix(f"{field_path}: ")
        lines.append(f"Invalid (refused by the design model): {_share(fmt, s.invalid, s.variants)}; most often "
                     f"{field_path} ({fmt.number(count, 0)}), e.g. {example}")
    else:
        lines.append("Invalid (refused by the design model): none")
    lines.append("Compliant: " + " · ".join(f"{GROUPS[g]} {_share(fmt, s.compliant[g], s.variants)}"
                                            for g in ("kei", "us", "all")))
    failing = s.failing_rules
    valid = s.variants - s.invalid
    lines.append("")
    if failing:
        lines.append("Failing rules: how many variants each fails, and where on each varied field")
        everywhere = [b.rule_id for b in failing if b.fails == valid]
        for b in failing:
            if b.fails == valid:
                continue
            group = "kei" if b.group == "kei" else "US"
            lines.append(f"  {b.rule_id} ({group}): fails {_share(fmt, b.fails, s.variants)}")
            for path, span in b.spans.items():
                lines.append(f"    {path}: {_where(fmt, span, axes[path])}")
        if everywhere:
            lines.extend(textwrap.wrap(
                f"Failing every valid variant (nothing swept changes them): {', '.join(everywhere)}", 116,
                initial_indent="  ", subsequent_indent="    "))
    elif valid == 0:
        lines.append("Failing rules: no valid variant to check")
    else:
        lines.append("Failing rules: none")
    lines.append("")
    lines.append("Compliant variant nearest the base design (distance: each field's difference over its range swept)")
    left_out = [a.path for a in s.plan.axes if a.reference is None]
    if left_out:
        lines.append(f"  left out of the distance (empty in the base, with no value the model uses): "
                     f"{', '.join(left_out)}")
    for group, label in GROUPS.items():
        best = s.nearest[group]
        if best is None:
            lines.append(f"  {label}: none")
            continue
        values = ", ".join(f"{p} {_value(fmt, v, axes[p])}" for p, v in best.values.items())
        energy = ""
        if best.energy and s.energy_unit and math.isfinite(best.energy.get("energy.label_combined", math.nan)):
            energy = f"; {_economy(fmt, best.energy['energy.label_combined'], s.energy_unit)}"
        lines.append(f"  {label}: variant {fmt.number(best.index, 0)}, distance {fmt.number(best.distance, 3)}: "
                     f"{values}{energy}")
    if s.energy_unit is not None:
        lines.append("")
        lines.extend(_energy_lines(fmt, s))
    lines.append("")
    for what, why in NOT_SWEPT.items():
        lines.extend(textwrap.wrap(f"Not in the sweep: {what} ({why})", 116, subsequent_indent="  "))
    if s.run:
        lines.append("")
        lines.append(_run_line(fmt, s))
    if s.output:
        lines.append(f"wrote {s.output['path']} ({fmt.number(s.output['rows'], 0)} rows, "
                     f"{fmt.number(s.output['columns'], 0)} columns)")
    return "\n".join(lines)


def _energy_causes(s: SweepSummary) -> list[tuple[str, int, str]]:
    """(cause, variants, the first variant's reason) of every cause a variant could not be simulated for, most
    variants first, ties by cause."""
    e = s.energy
    return [(cause, count, e["examples"].get(cause, ""))
            for cause, count in sorted(e["errors"].items(), key=lambda item: (-item[1], item[0]))]


def _energy_lines(fmt: Formatter, s: SweepSummary) -> list[str]:
    """The energy range over the variants simulated, then one line for each cause the others could not be."""
    e, unit = s.energy, s.energy_unit
    line = "Energy (EPA label, combined): "
    if e["simulated"]:
        low, high = (_economy(fmt, v, unit) for v in e["label_combined"])
        line += (f"{low if low == high else f'{low} to {high}'}, range {_miles(fmt, *e['label_range_mi'])} over "
                 f"{fmt.number(e['simulated'], 0)} variant{'s' if e['simulated'] != 1 else ''}")
    else:
        line += "no variant simulated"
    causes = _energy_causes(s)
    if not causes:
        return [line]
    failed = sum(count for _, count, _ in causes)
    lines = [f"{line}; {fmt.number(failed, 0)} could not be simulated:"]
    for cause, count, example in causes:
        lines.append(f"  {cause}: {fmt.number(count, 0)} variant{'s' if count != 1 else ''}, e.g. {example}")
    return lines


def _run_line(fmt: Formatter, s: SweepSummary) -> str:
    r = s.run
    seconds = r["seconds"]
    rate = s.variants / seconds if seconds > 0 else 0.0
    parts = [f"writing the table {fmt.number(r['seconds_writing'], 1)} s"] if s.output else []
    if r.get("seconds_starting_workers", 0) >= 0.05:
        parts.insert(0, f"workers ready after {fmt.number(r['seconds_starting_workers'], 1)} s")
    detail = f" ({'; '.join(parts)})" if parts else ""
    started_by = {"fork": " (forked)", "spawn": " (spawned)"}.get(r.get("workers_started_by"), "")
    return (f"Ran the {r['engine']} engine {r['backend']}{started_by}: {fmt.number(seconds, 1)} s, "
            f"{fmt.number(rate, 0)} variants/s{detail}")


# --- JSON ----------------------------------------------------------------------------------------------------------

def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _span_json(sp: Span) -> dict[str, Any]:
    """Where a rule fails on a field; `fails_below` / `fails_above`: the failing values under / over the passing
    range ([low, high], null when there are none or they are not apart from it: side 'within' or 'everywhere')."""
    side = sp.side
    below = {"below": [sp.fail_low, sp.fail_high], "outside": [sp.fail_low, sp.below]}.get(side)
    above = {"above": [sp.fail_low, sp.fail_high], "outside": [sp.above, sp.fail_high]}.get(side)
    return {"side": side, "fails_low": sp.fail_low, "fails_high": sp.fail_high,
            "passes_low": _finite(sp.ok_low), "passes_high": _finite(sp.ok_high),
            "fails_below": below, "fails_above": above}


# what `keidesigner check` reports that a sweep does not, and why: the analyses made on the 3-D mesh
NOT_SWEPT = {"pedestrian head-impact zones": "measured on each variant's 3-D model, not vectorised; "
                                             "`keidesigner check` and the report have them"}


def summary_json(s: SweepSummary) -> dict[str, Any]:
    """The summary as data: numbers in the units the design stores (each field says its unit)."""
    n = s.variants
    doc: dict[str, Any] = {
        "file": s.source, "design": s.design, "pathway": s.pathway, **s.provenance,
        "sweep": {
            "kind": s.plan.kind, "variants": n,
            **({"sampler": s.plan.sampler, "seed": s.plan.seed, "samples": s.plan.samples}
               if s.plan.samples is not None else {}),
            "fields": [{"path": a.path, "unit": a.unit, "low": a.low, "high": _last(a),
                        "step": a.step, "values": a.count or None, "base": a.base_value,
                        "base_effective": a.reference,
                        "base_source": "design" if a.base_value is not None else a.effective_source,
                        "in_distance": a.reference is not None} for a in s.plan.axes],
        },
        "invalid": {
            "count": s.invalid,
            "most_common_field": s.invalid_fields.most_common(1)[0][0] if s.invalid else None,
            "most_common_count": s.invalid_fields.most_common(1)[0][1] if s.invalid else 0,
            "example_reason": s.invalid_examples[s.invalid_fields.most_common(1)[0][0]] if s.invalid else None,
        },
        "compliant": {g: {"count": c, "share": c / n if n else 0.0} for g, c in s.compliant.items()},
        "failing_rules": [{
            "rule_id": b.rule_id, "group": b.group, "fails": b.fails, "share": b.fails / n if n else 0.0,
            "fields": {p: _span_json(sp) for p, sp in b.spans.items()},
        } for b in s.failing_rules],
        "nearest_compliant": {g: None if best is None else {
            "index": best.index, "distance": best.distance, "values": best.values,
            **({"energy": {k: _finite(v) for k, v in best.energy.items()}} if best.energy else {}),
        } for g, best in s.nearest.items()},
    }
    if s.energy_unit is not None:
        e = s.energy
        doc["energy"] = {
            "unit": s.energy_unit, "simulated": e["simulated"], "failed": sum(e["errors"].values()),
            "errors": [{"cause": cause, "count": count, "example": example}
                       for cause, count, example in _energy_causes(s)],
            "label_combined": {"low": _finite(e["label_combined"][0]), "high": _finite(e["label_combined"][1])},
            "label_range_mi": {"low": _finite(e["label_range_mi"][0]), "high": _finite(e["label_range_mi"][1])},
        }
    doc["not_swept"] = NOT_SWEPT
    doc["run"] = s.run
    if s.output:
        doc["output"] = s.output
    return doc
