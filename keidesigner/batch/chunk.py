"""One chunk of a sweep, evaluated wherever it runs: this process, a worker process of the pool, a Dask worker.

The worker does everything a chunk needs but writing: it evaluates the variants, summarises them (a partial summary
the sweep's process merges) and, when the sweep writes a table, turns them into the table's rows (an Arrow record
batch, compressed with zstd on its way back: about 0.5 MB for 50,000 variants instead of 17 MB of arrays). The
sweep's own process merges summaries and writes rows, in order.

What is shipped to a worker is this module's functions (by name) and their arguments: the job (base design, pathway,
rule settings, plan, table layout; sent once per worker) and a chunk's values. This module and what it imports are
the Qt-free core (design, rules, the batch engine; geometry and energy with --with-energy; pyarrow for a table), so a
worker needs keidesigner installed without its app, and never imports PySide6 (tests/batch/test_sweep.py checks it).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..design import Design
from ..rules import RuleSettings
from .result import BatchResult
from .run import evaluate
from .variants import Variants

if TYPE_CHECKING:
    from .spec import Plan
    from .summary import SweepSummary
    from .table import Layout


@dataclass(frozen=True)
class SweepJob:
    """What every chunk of one sweep shares: the base design, pathway and rule settings, whether to estimate
    energy, the plan (for the summary) and the table's layout (None: no table)."""

    base: Design
    us_class: str | None
    settings: RuleSettings
    with_energy: bool = False
    plan: Plan | None = None
    layout: Layout | None = None
    # which sweep this is, wherever a copy of the job arrives (a worker keeps the variants of the last one)
    token: str = field(default_factory=lambda: uuid.uuid4().hex, compare=False)


@dataclass
class ChunkResult:
    """Rows start .. start + len(result) of the sweep, evaluated: the engine's result, and with energy the
    per-variant EPA-cycle figures (batch/energy.py) and why those that have none could not be simulated (cause ->
    count, and cause -> the chunk's first reason of that cause)."""

    start: int
    result: BatchResult
    energy: dict[str, np.ndarray] = field(default_factory=dict)
    energy_errors: dict[str, int] = field(default_factory=dict)
    energy_examples: dict[str, str] = field(default_factory=dict)

    @property
    def stop(self) -> int:
        return self.start + len(self.result)


@dataclass
class ChunkOutput:
    """What a chunk sends back: its rows' span, its partial summary, the rules its variants got (id -> group) and,
    when the sweep writes a table, its rows (a pyarrow RecordBatch in the chunk's own layout)."""

    start: int
    stop: int
    summary: SweepSummary
    rules: dict[str, str]
    table: Any = None
    packed: bytes | None = field(default=None, repr=False)  # the rows packed for travel already (for_travel)

    def for_travel(self) -> ChunkOutput:
        """This chunk with its rows packed now, in the task: a Dask worker would otherwise pack them when the
        client fetches them, on the event loop that serves its other transfers."""
        if self.table is None:
            return self
        return ChunkOutput(self.start, self.stop, self.summary, self.rules, None, _packed(self.table))

    def __reduce__(self):
        # travelling between processes the rows go as a zstd-compressed Arrow IPC stream: 30–50× smaller
        packed = self.packed if self.packed is not None else _packed(self.table)
        return _arrived, (self.start, self.stop, self.summary, self.rules, packed)


def _packed(batch) -> bytes | None:
    if batch is None:
        return None
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


def _arrived(start: int, stop: int, summary: SweepSummary, rules: dict[str, str], packed: bytes | None
             ) -> ChunkOutput:
    table = None
    if packed is not None:
        import pyarrow as pa

        table = pa.ipc.open_stream(packed).read_next_batch()
    return ChunkOutput(start, stop, summary, rules, table)


def evaluate_rows(job: SweepJob, start: int, columns: dict[str, np.ndarray]) -> ChunkResult:
    """The variants of `columns` (field path -> values) on the job's base design, evaluated."""
    variants = Variants(job.base, columns)
    result = evaluate(variants, job.us_class, job.settings)
    if not job.with_energy:
        return ChunkResult(start, result)
    from .energy import energy_figures

    figures, errors, examples = energy_figures(variants, result.valid)
    return ChunkResult(start, result, figures, errors, examples)


def evaluate_chunk(job: SweepJob, start: int, columns: dict[str, np.ndarray], travel: bool = False) -> ChunkOutput:
    """A chunk evaluated, summarised and (when the job has a table layout) turned into the table's rows, packed
    for the way back to the sweep's process when `travel`."""
    from .summary import summarise

    _arrays_from_the_heap()
    chunk = evaluate_rows(job, start, columns)
    table = None
    if job.layout is not None:
        from .table import record_batch

        table = record_batch(job.layout.grown(chunk.result.group) or job.layout, chunk)
    out = ChunkOutput(start, chunk.stop, summarise(job, chunk), dict(chunk.result.group), table)
    return out.for_travel() if travel else out


_MALLOC_TUNED = False
M_MMAP_THRESHOLD = -3  # glibc's malloc.h
ARRAY_HEAP_BYTES = 16 * 2**20


def _arrays_from_the_heap() -> None:
    """Dask's nanny starts its workers with MALLOC_TRIM_THRESHOLD_ set (to hand memory back sooner), and setting it
    turns off glibc's adaptive mmap threshold: every array over 128 KiB is then mmapped and its pages faulted in
    afresh, which made a 50,000-variant chunk 2.2× slower (measured: 42 ms against 93 ms). In such a process, once,
    let arrays up to 16 MiB come from the heap again (glibc only; anywhere else nothing changes)."""
    global _MALLOC_TUNED
    if _MALLOC_TUNED:
        return
    _MALLOC_TUNED = True
    if sys.platform.startswith("linux") and "MALLOC_TRIM_THRESHOLD_" in os.environ \
            and "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        try:
            import ctypes

            ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, ARRAY_HEAP_BYTES)
        except (OSError, AttributeError):  # no glibc: leave malloc as it is
            pass


# --- the process pool's side: the job arrives once per worker process (the initializer), chunks by the task ------

_JOB: SweepJob | None = None


def start_worker(job: SweepJob) -> None:
    """A pool worker's initializer: keep the job; leave Ctrl-C to the parent, which stops the pool (a worker that
    took it too would print a traceback of its own)."""
    global _JOB
    _JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the command's (cli.Terminated)


def pool_chunk(start: int, stop: int) -> ChunkOutput:
    assert _JOB is not None, "pool_chunk runs in a worker started by start_worker"
    return evaluate_span(_JOB, start, stop)


# --- a chunk travels as its rows' span: each process takes the values from the plan ----------------------------

_VARIANTS: tuple[SweepJob, Variants] | None = None  # the last job this process swept, and its variants
_VARIANTS_LOCK = threading.Lock()  # a Dask worker may run tasks on several threads


def remember_variants(job: SweepJob, variants: Variants) -> None:
    """The job's variants as the sweep's process made them: a worker forked after this inherits them."""
    global _VARIANTS
    with _VARIANTS_LOCK:
        _VARIANTS = (job, variants)


def _variants_of(job: SweepJob) -> Variants:
    """The variants of the job's plan, made once a process (the plan is deterministic: a grid, or a sample from
    its seed) and kept for the job's next chunks; spec.VALUES_BUDGET_BYTES at most."""
    global _VARIANTS
    with _VARIANTS_LOCK:
        if _VARIANTS is None or _VARIANTS[0].token != job.token:
            assert job.plan is not None, "a job sent to workers carries its plan"
            _VARIANTS = (job, job.plan.variants(job.base))
        return _VARIANTS[1]


def rows_of(job: SweepJob, start: int, stop: int) -> dict[str, np.ndarray]:
    """The values (field path -> array (stop - start,)) of rows start..stop of the job's plan."""
    return {k: v[start:stop] for k, v in _variants_of(job).columns.items()}


def evaluate_span(job: SweepJob, start: int, stop: int) -> ChunkOutput:
    """Rows start..stop of the job's plan, evaluated as evaluate_chunk does and packed to travel: a chunk goes to a
    worker as two numbers instead of its values (1.2 MB for 50,000 variants of 3 fields, which a Dask task carries
    through the scheduler twice)."""
    return evaluate_chunk(job, start, rows_of(job, start, stop), travel=True)
