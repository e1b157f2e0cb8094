"""One chunk of a sweep, evaluated wherever it runs: this process, a worker process of the pool, a Dask worker.

What is shipped to a worker is this module's functions (by name) and their arguments: the job (base design, pathway,
rule settings; sent once per worker) and a chunk's values. This module and what it imports are the Qt-free core
(design, rules, the batch engine; geometry and energy with --with-energy), so a worker needs keidesigner installed
without its app, and never imports PySide6 (tests/batch/test_sweep.py checks it).
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field

import numpy as np

from ..design import Design
from ..rules import RuleSettings
from .result import BatchResult
from .run import evaluate
from .variants import Variants


@dataclass(frozen=True)
class SweepJob:
    """What every chunk of one sweep shares."""

    base: Design
    us_class: str | None
    settings: RuleSettings
    with_energy: bool = False


@dataclass
class ChunkResult:
    """Rows start .. start + len(result) of the sweep: the engine's result, and with energy the per-variant
    EPA-cycle figures (batch/energy.py) and why those that have none could not be simulated (reason -> count)."""

    start: int
    result: BatchResult
    energy: dict[str, np.ndarray] = field(default_factory=dict)
    energy_errors: dict[str, int] = field(default_factory=dict)

    @property
    def stop(self) -> int:
        return self.start + len(self.result)


def evaluate_chunk(job: SweepJob, start: int, columns: dict[str, np.ndarray]) -> ChunkResult:
    """The variants of `columns` (field path -> values) on the job's base design, evaluated."""
    variants = Variants(job.base, columns)
    result = evaluate(variants, job.us_class, job.settings)
    if not job.with_energy:
        return ChunkResult(start, result)
    from .energy import energy_figures

    figures, errors = energy_figures(variants, result.valid)
    return ChunkResult(start, result, figures, errors)


# --- the process pool's side: the job arrives once per worker process (the initializer), chunks by the task ------

_JOB: SweepJob | None = None


def start_worker(job: SweepJob) -> None:
    """A pool worker's initializer: keep the job; leave Ctrl-C to the parent, which stops the pool (a worker that
    took it too would print a traceback of its own)."""
    global _JOB
    _JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def pool_chunk(start: int, columns: dict[str, np.ndarray]) -> ChunkResult:
    assert _JOB is not None, "pool_chunk runs in a worker started by start_worker"
    return evaluate_chunk(_JOB, start, columns)
