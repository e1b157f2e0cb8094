"""The vectorised batch engine: many variants validated, derived and checked over numpy arrays, with the result the
scalar reference (scalar.py, `evaluate_scalar`) gives for the same variants, field for field.

The variants are held as struct-of-arrays (columns.py): each varied field a float64 array (n,), every other field
the base design's value. In order:

1. Validity (validate.py): each variant's first failing check in the order pydantic reports errors, so the same
   variants are refused, naming the same field. The one-line reason (English digits, as str(EditError) reads) is
   the model's own, written once for each refused field and set of values its message reads: a validator's by the
   message function the validator itself calls (`Check.reasons`, about 11 µs a reason, most of it formatting the
   numbers), a field constraint's ('Input should be less than or equal to 6000', the same for every value) by
   pydantic, through the scalar path (`Variants.design`) once for the batch. Of each validator's check that refuses
   some variant, one variant also goes through the scalar path, which must name the same field and give the same
   text, or the engine raises RuntimeError: a disagreement is a bug here, never a result. The environment variable
   KEIDESIGNER_BATCH_REASONS=check sends every rendered reason through that comparison (slow: for debugging), and
   =model writes every reason through the scalar path (one validation, about 100 µs, a reason: as the engine did
   before validators' messages were rendered; for benchmarks).
2. Derived figures (derive.py): every key of design.derived.FIGURES.
3. Rules: each rule of the kei set and the pathway's US set through its twin (rules_*.py), which declares what it
   reads; a twin that reads no varied field is evaluated once and its outcome given to every valid variant. A rule
   without a twin goes through the scalar rule for each valid variant (correct, about 100 µs a variant) and is
   listed in `BatchResult.scalar_rules`.

Invalid variants get no findings (MISSING) and NaN figures, as in the scalar result. Variants are processed in
chunks of `chunk_size` so that the temporary arrays stay in the CPU cache.

Not here: the pedestrian head-impact findings (us.228.child_zone, us.228.adult_zone; analysis/pedestrian.py) are
measured on the body mesh, are not part of rules.evaluate, and stay out of sweeps; neither engine evaluates them.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..design import FIGURES, Design, USClass, derive
from ..design.edit import EditError
from ..rules import DEFAULT_SETTINGS, RuleSettings
from ..rules.context import Context, Rule, dsp_formula
from ..rules.finding import Finding
from ..rules.kei import KEI_RULES
from ..rules.us import us_rules
from . import derive as _derive  # noqa: F401 - registers the figures' twins
from . import rules_consumer, rules_kei, rules_lsv, rules_occupants, rules_us  # noqa: F401 - register the rules' twins
from .columns import BaseValues, Columns, prepared
from .outcome import ABSENT, Outcome
from .result import MISSING, STATUS_CODES, BatchResult
from .twin import FIGURE_TWINS, TWINS, Batch, Place, Twin, places_of, reads_varied
from .validate import Check, checks, first_failure
from .variants import Variants

CHUNK_SIZE = 1 << 15  # variants per chunk: 32,768 float64 = 256 kB an array, about a core's L2 cache
REASONS_ENV = "KEIDESIGNER_BATCH_REASONS"
REASON_MODES = ("render", "check", "model")  # see the module's docstring, point 1


def reasons_mode() -> str:
    """How refused variants' reasons are written: KEIDESIGNER_BATCH_REASONS, "render" when unset (read at each call,
    so that worker processes follow their parent). Raises ValueError for a value not in REASON_MODES."""
    mode = os.environ.get(REASONS_ENV) or "render"
    if mode not in REASON_MODES:
        raise ValueError(f"{REASONS_ENV}={mode!r}: use one of {', '.join(REASON_MODES)}")
    return mode


def evaluate_batch(variants: Variants, us_class: USClass | str | None = None,
                   settings: RuleSettings = DEFAULT_SETTINGS, *, reasons: bool = True,
                   chunk_size: int = CHUNK_SIZE) -> BatchResult:
    """Every variant validated, derived and checked against the kei rules and the pathway `us_class` (the base
    design's own class unless given), as `evaluate_scalar` does, vectorised.

    reasons=False leaves `invalid_reason` empty (the refused field is still named): the reasons are the model's own
    text, some 11 µs for each refused field and set of values its message reads, which is most of the time of a
    batch with many refused variants that nobody will read. Raises RuntimeError where the vectorised validation
    and the model disagree on a refused variant (a bug), ValueError for a bad KEIDESIGNER_BATCH_REASONS."""
    base = variants.base
    cls = USClass(us_class) if us_class is not None else base.us_class
    n = len(variants)
    columns = prepared(base, variants.columns) if variants.columns else {}
    cols = Columns(BaseValues(base), columns, n)
    plan = _plan(base, tuple(columns), cls, settings)
    chunks = [(start, min(start + chunk_size, n)) for start in range(0, n, chunk_size)]

    with np.errstate(all="ignore"):  # invalid variants compute on out-of-range values; their results are dropped
        if plan.checks is None:
            warnings.warn("the design model validates something the batch engine has no twin for: every variant is "
                          "validated through the model", RuntimeWarning, stacklevel=2)
            valid, invalid_field, invalid_reason = _validate_scalar(variants)
        else:
            code = np.empty(n, dtype=np.int32)
            for start, stop in chunks:
                code[start:stop] = first_failure(cols.rows(start, stop), plan.checks)
            valid = code < 0
            invalid_field, invalid_reason = _reasons(variants, cols, code, plan.checks, reasons,
                                                     reasons_mode() if reasons else "render")
        refused = np.logical_not(valid)
        any_valid = not refused.all() if n else False

        derived = {}
        for key in (f.key for f in FIGURES):
            if key in plan.fixed_figures:
                derived[key] = np.where(refused, np.nan, plan.fixed_figures[key])
            else:
                derived[key] = np.empty(n)
        out = _Outputs(n, refused, any_valid)
        for index, twin, outcomes in plan.fixed_outcomes:
            out.write_all(index, twin, outcomes)
        if plan.moving_figures or plan.moving_twins:
            for start, stop in chunks:
                batch = Batch(cols.rows(start, stop), settings, cls, plan.places)
                rows = slice(start, stop)
                here = _Rows(rows, refused[rows])
                for key in plan.moving_figures:
                    column = derived[key][rows]
                    column[...] = batch.figure(key)
                    if here.some_refused:
                        np.putmask(column, here.refused, np.nan)
                for index, twin in plan.moving_twins:
                    out.write(index, twin, twin.compute(batch.view(twin)), here)

        if plan.scalar_rules and any_valid:
            _scalar_path(variants, valid, cls, settings, plan.scalar_rules, out)
        status, margin, group = out.finish()
    scalar_ids = tuple(rule_id for i, _ in plan.scalar_rules for rule_id in out.ids.get(i, ()) if rule_id in status)
    return BatchResult(variants, valid, invalid_field, invalid_reason, derived, status, margin, group,
                       scalar_rules=scalar_ids)


@dataclass(frozen=True)
class _Plan:
    """What a batch of variants of one base design, varying given fields, under one pathway and settings, needs
    beyond its arrays: the checks that can refuse it, which figures and rules move with the varied fields, and the
    values of those that do not (computed once, on the base design)."""

    places: tuple[Place, ...]
    checks: tuple[Check, ...] | None
    fixed_figures: dict[str, Any]
    fixed_outcomes: tuple[tuple[int, Twin, dict[str, Outcome]], ...]
    moving_figures: tuple[str, ...]
    moving_twins: tuple[tuple[int, Twin], ...]
    scalar_rules: tuple[tuple[int, Rule], ...]


@lru_cache(maxsize=32)
def _plan(base: Design, varied: tuple[str, ...], cls: USClass, settings: RuleSettings) -> _Plan:
    places = places_of(base)
    rules = KEI_RULES + us_rules(cls)
    twins = [TWINS.get(rule) for rule in rules]
    constant = Batch(Columns(BaseValues(base), {}, 1), settings, cls, places)
    moving_figures = tuple(f.key for f in FIGURES if reads_varied(FIGURE_TWINS[f.key].inputs, varied))
    return _Plan(
        places=places,
        checks=checks(base, varied),
        fixed_figures={f.key: constant.figure(f.key) for f in FIGURES if f.key not in moving_figures},
        fixed_outcomes=tuple((i, t, t.compute(constant.view(t))) for i, t in enumerate(twins)
                             if t is not None and not reads_varied(t.inputs, varied)),
        moving_figures=moving_figures,
        moving_twins=tuple((i, t) for i, t in enumerate(twins) if t is not None and reads_varied(t.inputs, varied)),
        scalar_rules=tuple((i, rule) for i, (rule, t) in enumerate(zip(rules, twins)) if t is None),
    )


class _Rows:
    """A chunk of variants: its rows and which of them the model refuses."""

    __slots__ = ("rows", "refused", "some_refused", "some_valid")

    def __init__(self, rows: slice, refused: np.ndarray) -> None:
        self.rows = rows
        self.refused = refused
        self.some_refused = bool(refused.any())
        self.some_valid = not refused.all()


class _Outputs:
    """The status and margin arrays of every rule id, in the order of the rules and their findings, and whether a
    valid variant has the finding at all (an id no valid variant has is left out, as the scalar result leaves it).
    Refused variants get MISSING and NaN as each array is written."""

    def __init__(self, n: int, refused: np.ndarray, any_valid: bool) -> None:
        self.n = n
        self.refused = refused
        self.any_valid = any_valid
        self.ids: dict[int, list[str]] = {}  # rule index -> its finding ids
        self.status: dict[str, np.ndarray] = {}
        self.margin: dict[str, np.ndarray] = {}
        self.group: dict[str, str] = {}
        self.present: dict[str, bool] = {}

    def _arrays(self, index: int, rule_id: str, group: str, written: bool) -> tuple[np.ndarray, np.ndarray]:
        """The arrays of `rule_id`, made on first use: left unset when the caller writes every row (`written`),
        else MISSING and NaN."""
        if rule_id not in self.status:
            self.ids.setdefault(index, []).append(rule_id)
            make = np.empty if written else np.full
            fill = () if written else (MISSING,)
            self.status[rule_id] = make(self.n, *fill, dtype=np.int8)
            self.margin[rule_id] = make(self.n, *(() if written else (np.nan,)))
            self.group[rule_id] = group
            self.present[rule_id] = False
        return self.status[rule_id], self.margin[rule_id]

    def write_all(self, index: int, twin: Twin, outcomes: dict[str, Outcome]) -> None:
        """A twin's outcomes that no varied field moves, for every variant."""
        for rule_id, o in outcomes.items():
            if rule_id in self.status or not bool(o.present):
                self._arrays(index, rule_id, twin.group, False)
                continue
            self.ids.setdefault(index, []).append(rule_id)
            self.status[rule_id] = np.where(self.refused, ABSENT, np.int8(o.status))
            self.margin[rule_id] = np.where(self.refused, np.nan, o.margin)
            self.group[rule_id] = twin.group
            self.present[rule_id] = self.any_valid

    def write(self, index: int, twin: Twin, outcomes: dict[str, Outcome], here: _Rows) -> None:
        """A twin's outcomes for the chunk `here`."""
        rows = here.rows
        for rule_id, o in outcomes.items():
            status, margin = self._arrays(index, rule_id, twin.group, rows.start == 0)
            status, margin = status[rows], margin[rows]
            status[...] = o.status
            margin[...] = o.margin
            present = o.present
            if np.ndim(present) == 0:
                if not present:
                    status[...] = MISSING
                    margin[...] = np.nan
                    continue
                absent = here.refused if here.some_refused else None
                self.present[rule_id] |= here.some_valid
            else:
                absent = np.logical_or(np.logical_not(present), here.refused)
                self.present[rule_id] |= not absent.all()
            if absent is not None:
                np.putmask(status, absent, ABSENT)
                np.putmask(margin, absent, np.nan)

    def record(self, index: int, finding: Finding, row: int) -> None:
        """One finding of the scalar path (valid variants only)."""
        status, margin = self._arrays(index, finding.rule_id, finding.group, False)
        status[row] = STATUS_CODES[finding.status]
        m = finding.margin
        margin[row] = np.nan if m is None else float(m)
        self.present[finding.rule_id] = True

    def finish(self) -> tuple[dict, dict, dict]:
        status, margin, group = {}, {}, {}
        for index in sorted(self.ids):
            for rule_id in self.ids[index]:
                if self.present[rule_id]:
                    status[rule_id], margin[rule_id], group[rule_id] = (
                        self.status[rule_id], self.margin[rule_id], self.group[rule_id])
        return status, margin, group


def _scalar_path(variants: Variants, valid: np.ndarray, cls: USClass, settings: RuleSettings,
                 rules: list[tuple[int, Rule]], out: _Outputs) -> None:
    """The rules without a twin, through the scalar rule, one valid variant at a time."""
    dsp = dsp_formula(settings)
    for row in np.flatnonzero(valid).tolist():
        design = variants.design(row)
        ctx = Context(design=design, derived=derive(design, dsp), settings=settings, us_class=cls)
        for index, rule in rules:
            found = rule(ctx)
            for finding in (found,) if isinstance(found, Finding) else found:
                out.record(index, finding, row)


def _scalar_reason(variants: Variants, row: int) -> tuple[str, str] | None:
    """(field, one-line reason) the model gives for the variant `row`, None when it accepts it."""
    try:
        variants.design(row)
    except EditError as exc:
        return exc.path, str(exc)
    return None


def _validate_scalar(variants: Variants) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validity, field and reason of every variant through the model (when a validator has no twin)."""
    n = len(variants)
    valid = np.ones(n, dtype=bool)
    field = np.full(n, "", dtype=object)
    reason = np.full(n, "", dtype=object)
    for row in range(n):
        refusal = _scalar_reason(variants, row)
        if refusal is not None:
            valid[row] = False
            field[row], reason[row] = refusal
    return valid, field, reason


def _group_keys(cols: Columns, check: Check, rows: np.ndarray) -> np.ndarray:
    """int (len(rows),): which rows share the values the check's message reads (bit for bit, so -0.0 is not 0.0)."""
    if check.constant_message:
        return np.zeros(len(rows), dtype=np.intp)
    keys = [np.asarray(cols[p], dtype=np.float64)[rows].view(np.int64) for p in check.inputs if cols.varies(p)]
    if not keys:
        return np.zeros(len(rows), dtype=np.intp)
    _, inverse = np.unique(np.stack(keys, axis=1), axis=0, return_inverse=True)
    return inverse.reshape(-1)


def _reasons(variants: Variants, cols: Columns, code: np.ndarray, found: tuple[Check, ...],
             with_text: bool = True, mode: str = "render") -> tuple[Any, Any]:
    """The refused field (from the vectorised checks) and the model's one-line reason of every invalid variant
    (left empty without `with_text`): object arrays (n,), "" where the variant is valid. `mode` is one of
    REASON_MODES. Raises RuntimeError where the model names another field or says otherwise."""
    n = len(code)
    field = np.full(n, "", dtype=object)
    reason = np.full(n, "", dtype=object)
    invalid = np.flatnonzero(code >= 0)
    if not len(invalid):
        return field, reason
    codes = code[invalid]
    field[invalid] = np.array([c.path for c in found], dtype=object)[codes]
    if not with_text:
        return field, reason
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    for group in np.split(order, bounds):
        rows = invalid[group]
        check = found[int(code[rows[0]])]
        _, first, inverse = np.unique(_group_keys(cols, check, rows), return_index=True, return_inverse=True)
        heads = rows[first]  # one variant of each set of values the message reads
        if check.says is not None and mode != "model":
            texts = check.reasons(cols, heads)
            # one variant a check is cheap insurance against a twin that has drifted from its validator
            for row, text in zip(heads.tolist() if mode == "check" else heads[:1].tolist(), texts):
                _model_reason(variants, row, check, text)
        else:
            texts = [_model_reason(variants, row, check) for row in heads.tolist()]
        reason[rows] = np.array(texts, dtype=object)[inverse.reshape(-1)]
    return field, reason


def _model_reason(variants: Variants, row: int, check: Check, rendered: str | None = None) -> str:
    """The model's reason for refusing the variant `row`, which `check` refuses (and renders as `rendered`). Raises
    RuntimeError when the model accepts it, names another field or gives another text."""
    refusal = _scalar_reason(variants, row)
    if refusal is None or refusal[0] != check.path or (rendered is not None and refusal[1] != rendered):
        said = "" if rendered is None else f" saying {rendered!r}"
        raise RuntimeError(f"batch validation disagrees with the model at variant {row}: it refuses {check.path} "
                           f"({check.kind}){said}, the model says {refusal!r}")
    return refusal[1]
