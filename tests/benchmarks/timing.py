"""Timing helpers for the benchmarks: medians and p95 of repeated runs, reported as ratios to a baseline."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Stats:
    runs: int
    mean_s: float
    median_s: float
    p95_s: float

    @property
    def per_second(self) -> float:
        return 1.0 / self.median_s if self.median_s > 0 else float("inf")


def summarise(samples: list[float]) -> Stats:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return Stats(len(samples), statistics.fmean(samples), statistics.median(samples), p95)


def measure(fn: Callable[[], object], runs: int, warmup: int = 20, batch: int = 1) -> Stats:
    """Time fn; each sample is one batch of `batch` calls divided by the batch size (for sub-µs calls)."""
    for _ in range(warmup):
        fn()
    samples = []
    clock = time.perf_counter
    for _ in range(runs):
        start = clock()
        for _ in range(batch):
            fn()
        samples.append((clock() - start) / batch)
    return summarise(samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.3f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:8.1f} µs"


def row(label: str, stats: Stats, baseline: Stats | None = None, unit: Callable[[float], str] = us) -> str:
    ratio = f"  {stats.median_s / baseline.median_s:6.1f}× baseline" if baseline else ""
    return f"  {label:<34} median {unit(stats.median_s)}  p95 {unit(stats.p95_s)}{ratio}"
