"""A sweep end to end: the variants of a plan, evaluated in chunks (here, on a process pool or on Dask), each chunk
as it comes back (summarised and turned into rows where it ran) merged into the summary and written to the table, in
the sweep's order.

The first variants (a probe) always run in this process: the first one pays the imports, the others say what a
variant costs. That sizes the chunks (about a second's work each, at most 50,000 variants) and decides whether
worker processes pay for themselves: only when sharing the rest of the sweep among them saves more time than they
take to start (about 10 ms forked, 0.6 s spawned, 1.5 s spawned with FASTSim to import; backends.start_method
says which). Memory stays flat whatever the sweep's size: the
variants' values (spec.VALUES_BUDGET_BYTES at most) and a few chunks in flight.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .. import __version__
from ..design import Design
from ..files.digest import design_digest
from ..rules import DEFAULT_SETTINGS, RuleSettings
from . import run
from .backends import MAX_CHUNK, Dask, Inline, Pool, Task, start_method
from .chunk import ChunkOutput, SweepJob, evaluate_chunk, remember_variants
from .effective import with_effective_values
from .progress import Progress
from .spec import Plan
from .summary import SweepSummary
from .table import Layout, TableWriter

CHUNK_SECONDS = 1.0  # the work a chunk aims at
WORKER_START_S = {"spawn": 0.6,  # a spawned worker's interpreter and the Qt-free core, measured here: 0.45–0.55 s
                  "fork": 0.05}  # a forked one, measured here: 0.01–0.03 s to start, as much to stop
FASTSIM_START_S = 0.9  # FASTSim's import and the calibration in a worker, measured here: 0.84–1.12 s
PROBE = 256  # variants evaluated here first (4 with --with-energy), the first one apart
PROBE_ENERGY = 4


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    """How to run a sweep: where to write the table (None: no table), how many processes (`jobs`), a Dask
    scheduler's address or 'local' (None: this machine), whether to draw progress (None: when stderr is a terminal).
    `parallel`, `probe`, `chunk` and `ship` are for tests and benchmarks: True to use the pool however small the
    sweep, the probe's size, a fixed chunk size, and how Dask gets the job ('scatter' or 'argument').

    Worker processes are forked on Linux and spawned elsewhere (backends.start_method): a script that may run a
    sweep on spawned ones must do so under `if __name__ == "__main__":`, as multiprocessing requires (the
    `keidesigner` command does)."""

    output: str | os.PathLike[str] | None = None
    jobs: int | None = None
    scheduler: str | None = None
    progress: bool | None = None
    parallel: bool | None = None
    probe: int | None = None
    chunk: int | None = None
    ship: str = "scatter"


def chunk_size(remaining: int, seconds_per_variant: float, workers: int, most: int = MAX_CHUNK) -> int:
    """About CHUNK_SECONDS of work, at most `most` variants (the runner's max_chunk), and small enough that every
    worker gets four chunks."""
    by_time = CHUNK_SECONDS / max(seconds_per_variant, 1e-9)
    by_balance = math.ceil(remaining / (4 * workers))
    return int(max(1, min(most, by_time, by_balance)))


def _tasks(n: int, start: int, size: int) -> Iterator[Task]:
    for i in range(start, n, size):
        yield i, min(i + size, n)


def workers_pay(remaining_s: float, jobs: int, with_energy: bool, method: str = "spawn") -> bool:
    """Whether `jobs` worker processes started by `method` ('fork' or 'spawn') finish the rest of a sweep
    (`remaining_s` of work in one process) sooner than this process alone, counting what they take to start."""
    start = WORKER_START_S[method] + (FASTSIM_START_S if with_energy else 0.0)
    return jobs > 1 and remaining_s * (1 - 1 / jobs) > start


def _local_runner(job: SweepJob, options: Options, remaining_s: float):
    jobs = options.jobs or default_jobs()
    method = start_method(job.with_energy)
    parallel = options.parallel if options.parallel is not None else workers_pay(remaining_s, jobs, job.with_energy,
                                                                                 method)
    if jobs <= 1 or not parallel or (getattr(sys, "frozen", False) and method != "fork"):
        # a bundled program cannot spawn worker processes of itself without multiprocessing.freeze_support(); a
        # forked worker does not start the program again, so it needs none
        return Inline(job)
    return Pool(job, jobs, method)


def probe_size(n: int, with_energy: bool, on_cluster: bool, asked: int | None = None) -> int:
    """How many variants run here first: PROBE (PROBE_ENERGY with energy), at most a tenth of the sweep when a
    cluster was asked for (it gets the rest, however small), and at least one."""
    size = asked or (PROBE_ENERGY if with_energy else PROBE)
    if on_cluster:
        size = min(size, max(1, n // 10))
    return max(1, min(n, size))


def _probe_parts(probe: int) -> list[tuple[int, int]]:
    """The probe in parts: the first variant alone (it pays the imports), then a sixteenth and the rest, whose
    times' difference is what one more variant costs (a vectorised engine's fixed cost per call apart)."""
    if probe <= 1:
        return [(0, 1)]
    small = min(probe, 1 + max(1, (probe - 1) // 16))
    return [(0, 1), (1, small)] + ([(small, probe)] if probe > small else [])


def _cost_per_variant(spent: list[tuple[int, float]]) -> float:
    """Seconds one more variant costs, from the probe's parts ((variants, seconds) each, the first variant's
    alone first and left out when there are others)."""
    timed = spent[1:] if len(spent) > 1 else spent
    if len(timed) == 2 and timed[1][0] > timed[0][0]:
        (n1, t1), (n2, t2) = timed
        slope = (t2 - t1) / (n2 - n1)
        if slope > 0:
            return slope
    n, t = timed[-1]
    return t / n


def run_sweep(base: Design, plan: Plan, source: str, us_class: str | None = None,
              settings: RuleSettings = DEFAULT_SETTINGS, *, with_energy: bool = False,
              options: Options = Options(), source_path: Path | None = None) -> SweepSummary:
    """Run `plan` on `base`; write the table to `options.output` when given; return the summary. `source` names the
    base design (a path or preset:NAME), `source_path` is its file (None for a preset): its SHA-256 is recorded."""
    started = time.perf_counter()
    plan = with_effective_values(plan, base, settings)
    variants = plan.variants(base)
    n = len(variants)
    energy_unit = None
    if with_energy:
        from .energy import economy_unit

        energy_unit = economy_unit(base)
    rules = run.base_rules(base, us_class, settings)
    layout = Layout.start(plan.axes, rules, with_energy)
    job = SweepJob(base, us_class, settings, with_energy, plan, layout if options.output is not None else None)
    remember_variants(job, variants)
    pathway = us_class or base.us_class.value
    summary = SweepSummary(base.name, source, pathway, plan, energy_unit=energy_unit,
                           base_rules=tuple(r[0] for r in rules))
    digest = design_digest(base, source_path, when="read when the sweep started")
    summary.provenance = {"design_sha256": digest.sha256, "design_sha256_of": digest.note,
                          "settings": settings.model_dump(mode="json")}
    info = {"keidesigner": __version__, "design": base.name, "source": source, "pathway": pathway,
            **summary.provenance, "sweep": plan.record(), "engine": run.ENGINE, "kind": plan.kind,
            "energy_unit": energy_unit, "rule_units": {rule: unit for rule, _, unit in rules}}
    clock = {"starting_workers": 0.0, "evaluating": 0.0, "writing": 0.0, "stopping_workers": 0.0}
    progress = Progress(n, enabled=options.progress)
    backend, started_by = "in this process", None
    with contextlib.ExitStack() as stack:
        stack.callback(progress.close)
        writer = None
        if options.output is not None:  # the file is created now: a place that cannot be written fails at once
            writer = TableWriter(options.output, layout, info)
            _timed(clock, "writing", writer.__enter__)
            stack.push(_exit_timed(writer, clock, "writing"))  # closing it: footer, fsync, rename
        runner = None

        def dask():
            return Dask(job, options.scheduler, options.jobs or default_jobs(), ship=options.ship)

        if options.scheduler not in (None, "local"):  # reach the cluster before any work: a wrong address fails at once
            runner = _timed(clock, "starting_workers", dask)
            stack.push(_exit_timed(runner, clock, "stopping_workers"))
        probe = probe_size(n, with_energy, options.scheduler is not None, options.probe)
        spent: list[tuple[int, float]] = []  # (variants, seconds) of each part of the probe
        for start, stop in _probe_parts(probe):
            t = time.perf_counter()
            chunk = _timed(clock, "evaluating", lambda s=start, e=stop: evaluate_chunk(
                job, s, {k: v[s:e] for k, v in variants.columns.items()}))
            spent.append((stop - start, time.perf_counter() - t))
            clock["writing"] += _take(chunk, summary, writer, progress)
        per_variant = _cost_per_variant(spent)
        remaining = n - probe
        if remaining:
            progress.settle(probe)
            if runner is None:
                # a LocalCluster, like the pool, after the probe: its workers are forked from a process that has
                # imported what a chunk needs (writing rows imports pandas through pyarrow: 0.3-0.45 s a worker).
                # Starting it on a thread while this process evaluated chunks was measured slower here (0.98 s
                # against 1.02 s for 1,000,000 variants, medians of 5), the two contending for one interpreter
                runner = _timed(clock, "starting_workers", dask if options.scheduler == "local" else
                                lambda: _local_runner(job, options, remaining * per_variant))
                stack.push(_exit_timed(runner, clock, "stopping_workers"))
            backend, started_by = runner.name, getattr(runner, "method", None)
            rate = runner.workers / max(per_variant, 1e-12)
            progress.announce(remaining / rate, rate)
            size = options.chunk or chunk_size(remaining, per_variant, runner.workers, runner.max_chunk)
            results = runner.results(_tasks(n, probe, size))
            while (chunk := _timed(clock, "evaluating", lambda: next(results, None))) is not None:
                clock["writing"] += _take(chunk, summary, writer, progress)
    summary.run = {"engine": run.ENGINE, "backend": backend, "workers_started_by": started_by,
                   "seconds": time.perf_counter() - started,
                   **{f"seconds_{k}": v for k, v in clock.items()}}
    if writer is not None:
        summary.output = {"path": str(options.output), "format": writer.kind, "rows": writer.rows,
                          "columns": len(writer.layout.names())}
    return summary


def _timed(clock: dict[str, float], what: str, fn):
    t = time.perf_counter()
    try:
        return fn()
    finally:
        clock[what] += time.perf_counter() - t


def _exit_timed(manager, clock: dict[str, float], what: str):
    """An ExitStack callback: `manager`'s exit (closing a table, stopping workers), timed into clock[what]."""
    def leave(*exc) -> bool:
        return bool(_timed(clock, what, lambda: manager.__exit__(*exc)))

    return leave


def _take(chunk: ChunkOutput, summary: SweepSummary, writer: TableWriter | None, progress: Progress) -> float:
    """Add a chunk to the summary and the table; the seconds the table took."""
    summary.merge(chunk.summary)
    spent = 0.0
    if writer is not None:
        t = time.perf_counter()
        writer.write(chunk)
        spent = time.perf_counter() - t
    progress.update(chunk.stop)
    return spent
