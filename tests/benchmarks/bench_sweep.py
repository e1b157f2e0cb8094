"""Sweep speed and memory (issue 15).

1. `keidesigner sweep` of 1,000,000 variants of the kei truck end to end, in a fresh process (start, evaluate on
   every core, write the Parquet table): wall time, the split between evaluating (waiting for results) and writing
   the table, and the peak resident memory of the command's own process and of its largest worker (target: under
   2 GB).
2. The same sweep on the process pool (`--jobs 2`) and on a 2-worker Dask LocalCluster (`--scheduler local --jobs
   2`), each a fresh `keidesigner sweep`: with its table, then without one at 1,000,000 and 5,000,000 variants,
   where Dask's fixed cost (its import, the scheduler, the cluster's start and stop) weighs most and less:
   variants/s and the ratio (target: Dask within 1.3× of the pool); and Dask with the job scattered once against
   the job sent with every chunk.
3. --with-energy (a FASTSim run per variant) in one process, on the pool and on Dask.
4. Where a chunk's time goes apart from evaluating it, whatever the engine, per 1,000,000 variants in chunks of
   50,000: on the worker (summarise, make the table's rows, pack them) and in the sweep's process (unpack, merge,
   write Parquet or CSV), and what a chunk weighs travelling.

The figures mean something with the vectorised engine (batch/engine.py); the scalar reference evaluates about
3,000 variants a second a core, so there the sweep takes minutes: set BENCH_SWEEP_VARIANTS (default 1,000,000)
and BENCH_SWEEP_COMPARE (default 1,000,000 with the vectorised engine, 100,000 with the scalar one) to run fewer.
Every line says which engine ran.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from keidesigner.batch import run
from keidesigner.batch.chunk import ChunkOutput, ChunkResult, SweepJob, evaluate_rows
from keidesigner.batch.result import BatchResult
from keidesigner.batch.spec import plan
from keidesigner.batch.summary import SweepSummary, summarise
from keidesigner.batch.sweep import MAX_CHUNK
from keidesigner.batch.table import Layout, TableWriter, record_batch
from keidesigner.batch.variants import Variants
from keidesigner.files import load_preset
from keidesigner.rules import DEFAULT_SETTINGS

MEMORY_TARGET_MB = 2048
RATIO_TARGET = 1.3
# 500 lengths × 400 masses × 5 wheelbases = 1,000,000 variants (the longest wheelbases on the shortest trucks are
# refused by the model: a sweep's table holds invalid variants too)
AXES_1M = ["dimensions.length_mm=3000:3499:1", "mass.curb_mass_kg=700:1099:1", "dimensions.wheelbase_mm=1800:2200:100"]

# a fresh process running the command as `keidesigner` does, then reporting its own and its children's peak memory
DRIVER = """
import json, resource, sys
from keidesigner.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({"code": code, "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}), file=sys.stderr)
"""


def _axes(count: int) -> list[str]:
    """About `count` variants: the 1,000,000-variant grid, with its mass axis cut down below that, with more
    wheelbases (10 mm apart) above."""
    if count > 1_000_000:
        return [*AXES_1M[:2], f"dimensions.wheelbase_mm=1800:{1800 + 10 * (count // 200_000 - 1)}:10"]
    if count == 1_000_000:
        return AXES_1M
    masses = max(1, count // (500 * 5))
    return [AXES_1M[0], f"mass.curb_mass_kg=700:{700 + masses - 1}:1", AXES_1M[2]]


def _sweep(*argv: str, preset: str = "kei-truck") -> tuple[float, dict, dict]:
    """Wall seconds of a fresh process running `keidesigner sweep ARGV --format json`, its summary, its memory."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", DRIVER, "sweep", f"preset:{preset}", *argv, "--format", "json"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    memory = json.loads(done.stderr.strip().splitlines()[-1])
    if memory["code"] != 0:
        raise RuntimeError(done.stderr)
    return wall, json.loads(done.stdout), memory


def _end_to_end(count: int) -> None:
    axes = _axes(count)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "sweep.parquet"
        wall, doc, memory = _sweep(*(a for axis in axes for a in ("--vary", axis)), "-o", str(out))
        size = out.stat().st_size
    n, r = doc["sweep"]["variants"], doc["run"]
    own, worker = memory["self_kb"] / 1024, memory["children_kb"] / 1024
    print(f" end to end: {n:,} variants, {r['backend']}, {doc['output']['columns']} columns, "
          f"{size / 2**20:,.1f} MiB of Parquet")
    print(f"  wall (fresh process: start, evaluate, write)  {wall:8.1f} s   {n / wall:10,.0f} variants/s")
    print(f"  evaluating (waiting for results)              {r['seconds_evaluating']:8.1f} s")
    print(f"  writing the table (convert, compress, fsync)  {r['seconds_writing']:8.1f} s")
    print(f"  start-up and the rest                         {wall - r['seconds']:8.1f} s")
    ok = max(own, worker) < MEMORY_TARGET_MB
    print(f"  peak resident memory: the command {own:,.0f} MB, its largest worker {worker:,.0f} MB   "
          f"{'OK' if ok else 'OVER'} (< {MEMORY_TARGET_MB:,} MB)")


def _pool_against_dask(count: int, table: bool, rounds: int = 2) -> None:
    """Each backend `rounds` times, alternating, the fastest of each kept: the machine's other load lands on both."""
    vary = [a for axis in _axes(count) for a in ("--vary", axis)]
    backends = {"process pool, 2 processes": ("--jobs", "2"),
                "Dask LocalCluster, 2 workers": ("--scheduler", "local", "--jobs", "2")}
    best: dict[str, tuple[float, dict]] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = ("-o", str(Path(folder) / "sweep.parquet")) if table else ()
        for _ in range(rounds):
            for label, extra in backends.items():
                wall, doc, _ = _sweep(*vary, *extra, *out, *(("--force",) if table else ()))
                if label not in best or wall < best[label][0]:
                    best[label] = (wall, doc)
    n = next(iter(best.values()))[1]["sweep"]["variants"]
    print(f" process pool against Dask: {n:,} variants, {'the Parquet table written' if table else 'no table'}, "
          f"fresh processes, fastest of {rounds} each")
    for label, (wall, doc) in best.items():
        r = doc["run"]
        evaluating, started, stopped = (r[f"seconds_{k}"] for k in ("evaluating", "starting_workers",
                                                                    "stopping_workers"))
        print(f"  {label:<30} wall {wall:6.1f} s {n / wall:10,.0f} variants/s; evaluating {evaluating:5.1f} s "
              f"{n / evaluating:10,.0f} variants/s; workers ({r['workers_started_by']}ed) started in "
              f"{started:.2f} s, stopped in {stopped:.2f} s")
    (pool_wall, pool), (dask_wall, dask) = best.values()
    ratio = dask_wall / pool_wall
    evaluating = dask["run"]["seconds_evaluating"] / pool["run"]["seconds_evaluating"]
    print(f"  Dask / pool: {ratio:.2f}× end to end   {'OK' if ratio <= RATIO_TARGET else 'OVER'} (≤ {RATIO_TARGET}×); "
          f"{evaluating:.2f}× evaluating alone; Dask's fixed cost {dask_wall - pool_wall:+.2f} s")


def _ship_once_or_with_every_chunk(tasks: int = 400) -> None:
    """Dask tasks that take the job (base design, pathway, settings) as an argument: scattered to every worker once
    and passed as a future, against pickled into every task. Tasks that do nothing else, so the difference is the
    shipping alone."""
    import logging

    from distributed import Client, LocalCluster

    job = SweepJob(load_preset("kei-van"), None, DEFAULT_SETTINGS)
    print(f" Dask: the job ({len(pickle.dumps(job)):,} bytes pickled) shipped once or with every task; "
          f"{tasks} tasks that only take it, 2 workers")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        scattered = client.scatter(job, broadcast=True, hash=False)
        for _ in range(2):
            for ship, arg in (("scatter", scattered), ("argument", job)):
                start = time.perf_counter()
                client.gather([client.submit(id, arg, pure=False) for _ in range(tasks)])
                seconds = time.perf_counter() - start
                print(f"  {ship:<9} {seconds / tasks * 1000:6.2f} ms a task")


def _energy(count: int = 200) -> None:
    """--with-energy: a FASTSim run of both cycles per variant, where more cores pay. The truck with its mass varied
    (the frontal area measured once per chunk), the EV hatch with its length and mass varied (measured on every
    variant's scene)."""
    cases = {"kei-truck": [f"mass.curb_mass_kg=700:{700 + count - 1}:1"],
             "kei-ev-hatch": ["dimensions.length_mm=3300:3490:10", f"mass.curb_mass_kg=900:{900 + count // 20 - 1}:1"]}
    backends = {"one process": ("--jobs", "1"), "process pool, 2": ("--jobs", "2"),
                "Dask LocalCluster, 2": ("--scheduler", "local", "--jobs", "2")}
    print(f" --with-energy: {count} variants, fresh processes (FASTSim imported in each process that simulates)")
    for preset, axes in cases.items():
        vary = [a for axis in axes for a in ("--vary", axis)]
        for label, extra in backends.items():
            wall, doc, _ = _sweep(*vary, "--with-energy", *extra, preset=preset)
            n = doc["sweep"]["variants"]
            print(f"  {preset:<13} {label:<22} wall {wall:6.1f} s  {wall / n * 1000:6.1f} ms a variant  "
                  f"{n / wall:6.1f} variants/s")


def _tiled_chunk(rows: int) -> tuple[SweepJob, ChunkResult]:
    """A chunk of `rows` variants: 2,000 evaluated ones repeated (a chunk the size the vectorised engine gets,
    without evaluating that many with the scalar one), and a job that writes a table."""
    truck = load_preset("kei-truck")
    p = plan(truck, AXES_1M)
    variants = p.variants(truck)
    layout = Layout.start(p.axes, run.base_rules(truck, None, DEFAULT_SETTINGS), False)
    job = SweepJob(truck, None, DEFAULT_SETTINGS, False, p, layout)
    r = evaluate_rows(job, 0, {k: v[:2_000] for k, v in variants.columns.items()}).result
    k = -(-rows // 2_000)

    def tile(x):
        return np.tile(x, k)[:rows]

    big = BatchResult(Variants(truck, {a: tile(x) for a, x in r.variants.columns.items()}), tile(r.valid),
                      tile(r.invalid_field), tile(r.invalid_reason), {a: tile(x) for a, x in r.derived.items()},
                      {a: tile(x) for a, x in r.status.items()}, {a: tile(x) for a, x in r.margin.items()}, r.group)
    return job, ChunkResult(0, big)


def _timed(fn, repeat: int = 5) -> tuple[float, object]:
    best, out = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def _per_chunk(count: int) -> None:
    """Where a chunk's time goes apart from evaluating it, whatever the engine: on the worker (summarise it, make
    its rows, pack them), in the sweep's process (unpack, merge the summary, write the rows), per 1,000,000
    variants in chunks of 50,000; and what a chunk's result weighs travelling."""
    size = MAX_CHUNK
    job, chunk = _tiled_chunk(size)
    per = count / size
    print(f" per {count:,} variants in chunks of {size:,}, any engine (fastest of 5 per chunk, times {per:.0f})")
    t_summary, partial = _timed(lambda: summarise(job, chunk))
    t_rows, batch = _timed(lambda: record_batch(job.layout, chunk))
    output = ChunkOutput(0, size, partial, dict(chunk.result.group), batch)
    t_pack, packed = _timed(lambda: pickle.dumps(output))
    t_unpack, _ = _timed(lambda: pickle.loads(packed))
    arrays = pickle.dumps(chunk)
    print(f"  worker:  summarise {t_summary * per:5.2f} s, make the rows {t_rows * per:5.2f} s, pack them "
          f"{t_pack * per:5.2f} s")
    print(f"  a chunk travels as {len(packed) / 2**20:.2f} MiB (its arrays would be {len(arrays) / 2**20:.1f} MiB)")
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("parquet", "csv"):
            out = Path(folder) / f"t.{kind}"
            start = time.perf_counter()
            summary = SweepSummary("t", "t", None, job.plan)
            with TableWriter(out, job.layout, {}) as writer:
                for _ in range(0, count, size):
                    arrived = pickle.loads(packed)
                    summary.merge(arrived.summary)
                    writer.write(arrived)
            seconds = time.perf_counter() - start
            print(f"  the sweep's process, {kind:<7}: unpack, merge, write {seconds:5.2f} s   "
                  f"{count / seconds:10,.0f} rows/s   {out.stat().st_size / 2**20:7,.1f} MiB (unpack alone "
                  f"{t_unpack * per:.2f} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory of this benchmark process so far: {peak:,.0f} MB")


def main() -> None:
    engine = run.ENGINE
    variants = int(os.environ.get("BENCH_SWEEP_VARIANTS", 1_000_000))
    compare = int(os.environ.get("BENCH_SWEEP_COMPARE", 1_000_000 if engine == "vectorised" else 100_000))
    print(f"Sweep: the {engine} engine ran every figure below"
          + ("" if engine == "vectorised" else " (the vectorised batch/engine.py is not there yet: the figures "
                                               "show the pipeline, not the speed a sweep is meant to have)"))
    _end_to_end(variants)
    _pool_against_dask(compare, table=True, rounds=4)  # the sweep of the end-to-end target
    for count in (compare, 5 * compare):  # the engines alone, where a fixed cost weighs most and where less
        _pool_against_dask(count, table=False, rounds=4)
    _ship_once_or_with_every_chunk()
    _energy()
    _per_chunk(1_000_000)


if __name__ == "__main__":
    main()
