"""Batch speed: variants validated, derived and checked per second on one core, the vectorised engine beside the
scalar reference.

Each preset is swept over four fields a designer varies together (length, wheelbase, curb mass, headlamp height;
1,000,000 Sobol samples, some of them refused by the model): the vectorised engine decides validity and names the
refused field, derives every figure and evaluates every rule with its margin (`evaluate_batch(..., reasons=False)`),
and the scalar reference (`evaluate_scalar`) does the same, plus the reasons, for the first few thousand of the same
variants. The reasons the vectorised engine writes for refused variants are timed apart: they are the model's own
text, written once per refused field and set of values its message reads, by the message function the validator
itself calls (a field constraint's, the same for every value, by pydantic once).

Reasons (`reasons_figure`, alone with `python bench_batch.py reasons`): a sample whose refusals all differ, the EV
hatch over length, wheelbase and curb mass with about 39 % refused (the sweep of README's "Batch engine and sweeps"),
with reasons rendered by the validators' message functions, and with every reason through the model
(KEIDESIGNER_BATCH_REASONS=model, as the engine wrote them before) on the first few thousand, in the same run.

Targets: at least 1,000,000 variants a second on one core, and at least 500 times the scalar engine's rate.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from contextlib import contextmanager

from keidesigner.batch import Variants, evaluate_batch, evaluate_scalar, sample
from keidesigner.batch.engine import REASONS_ENV
from keidesigner.files import load_preset, preset_names

try:
    from .timing import summarise
except ImportError:  # run as a script
    from timing import summarise

VARIANTS = int(os.environ.get("KEIDESIGNER_BENCH_VARIANTS", 1_000_000))
SCALAR_VARIANTS = 3_000
RUNS = 7
TARGET_RATE = 1_000_000
TARGET_RATIO = 500
# four fields swept together, ±8 % around the preset's own value: a designer's neighbourhood of the design
SWEPT = ("dimensions.length_mm", "dimensions.wheelbase_mm", "mass.curb_mass_kg", "lighting.headlamp_height_mm")
# a sample whose refusals all differ: the EV hatch with too little rear overhang in about 39 % of its variants
REASONS_PRESET = "kei-ev-hatch"
REASONS_RANGES = {"dimensions.length_mm": (2900.0, 3600.0), "dimensions.wheelbase_mm": (2000.0, 2800.0),
                  "mass.curb_mass_kg": (700.0, 1400.0)}
REASONS_VARIANTS = 1 << 16
REASONS_THROUGH_MODEL = 1 << 12  # about 100 µs a refused variant: a few thousand say enough


def _variants(name: str, n: int) -> Variants:
    base = load_preset(name)
    ranges = {}
    for path in SWEPT:
        group, field = path.split(".")
        value = getattr(getattr(base, group), field)
        ranges[path] = (value * 0.92, value * 1.08)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Sobol's balance wants a power of 2; a round million is asked
        return sample(base, ranges, n, method="sobol", seed=1)


def _rate(label: str, fn, n: int, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    stats = summarise(samples)
    median, p95 = n / stats.median_s, n / stats.p95_s
    print(f"  {label:<44} median {median:>12,.0f}/s  p95 {p95:>12,.0f}/s  ({stats.median_s * 1e3:,.1f} ms a run)")
    return median, p95


def main() -> None:
    print(f"Batch: variants validated + derived + checked per second, one core ({VARIANTS:,} variants, "
          f"targets ≥ {TARGET_RATE:,}/s and ≥ {TARGET_RATIO}× the scalar engine)")
    print(f"  swept: {', '.join(SWEPT)} (±8 %, Sobol)")
    worst_rate, worst_ratio = float("inf"), float("inf")
    for name in preset_names():
        v = _variants(name, VARIANTS)
        head = Variants(v.base, {k: c[:SCALAR_VARIANTS] for k, c in v.columns.items()})
        evaluate_batch(head)  # warm: the plan, first-call caches
        result = evaluate_batch(v, reasons=False)  # and the allocator: a result is some 600 MB of arrays
        refused = int((~result.valid).sum())
        print(f" {name}: {len(result.status)} findings a variant, {refused / len(v):.1%} refused, scalar path: "
              f"{', '.join(result.scalar_rules) or 'none'}")
        del result
        batch_rate, _ = _rate("vectorised (validity, figures, rules, margins)",
                              lambda v=v: evaluate_batch(v, reasons=False), len(v), RUNS)
        scalar_rate, _ = _rate(f"scalar reference ({SCALAR_VARIANTS:,} variants)",
                               lambda head=head: evaluate_scalar(head), SCALAR_VARIANTS, 3)
        with_reasons, _ = _rate(f"vectorised with reasons ({SCALAR_VARIANTS:,} variants)",
                                lambda head=head: evaluate_batch(head), SCALAR_VARIANTS, 3)
        ratio = batch_rate / scalar_rate
        print(f"  ratio {ratio:,.0f}× the scalar engine")
        worst_rate, worst_ratio = min(worst_rate, batch_rate), min(worst_ratio, ratio)
    print(f"  slowest preset: {worst_rate:,.0f} variants/s — {'OK' if worst_rate >= TARGET_RATE else 'UNDER'} "
          f"{TARGET_RATE:,}; smallest ratio {worst_ratio:,.0f}× — {'OK' if worst_ratio >= TARGET_RATIO else 'UNDER'} "
          f"{TARGET_RATIO}×")
    reasons_figure()


@contextmanager
def _reasons_mode(mode: str):
    before = os.environ.get(REASONS_ENV)
    os.environ[REASONS_ENV] = mode
    try:
        yield
    finally:
        if before is None:
            del os.environ[REASONS_ENV]
        else:
            os.environ[REASONS_ENV] = before


def reasons_figure() -> None:
    """Variants a second with the reasons of a sample whose refusals all differ, rendered and through the model."""
    base = load_preset(REASONS_PRESET)
    v = sample(base, REASONS_RANGES, REASONS_VARIANTS, method="sobol", seed=1)
    head = v.slice(0, REASONS_THROUGH_MODEL)
    evaluate_batch(head)  # warm: the plan, first-call caches
    result = evaluate_batch(v)
    refused = result.invalid_reason[~result.valid]
    print(f"Reasons: {REASONS_PRESET}, {len(v):,} Sobol variants over "
          f"{', '.join(f'{p} {lo:g}–{hi:g}' for p, (lo, hi) in REASONS_RANGES.items())}, one core")
    print(f"  {len(refused) / len(v):.1%} refused, {len(set(refused.tolist())):,} distinct reasons")
    bare, _ = _rate("without reasons", lambda: evaluate_batch(v, reasons=False), len(v), 3)
    rendered, _ = _rate("reasons by the validators' message functions", lambda: evaluate_batch(v), len(v), 3)
    with _reasons_mode("model"):
        through, _ = _rate(f"reasons through the model ({len(head):,} variants)", lambda: evaluate_batch(head),
                           len(head), 3)
    print(f"  rendered {rendered / through:,.1f}× the rate through the model; {rendered / bare:.0%} of the rate "
          f"without reasons")


if __name__ == "__main__":
    if sys.argv[1:] == ["reasons"]:
        reasons_figure()
    else:
        main()
