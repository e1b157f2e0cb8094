"""Where a sweep's chunks run: in this process, on a pool of worker processes on this machine, or on a Dask
cluster (an existing one by its scheduler's address, or a LocalCluster started for the sweep). Each runner gives
the chunks' results back in the sweep's order, with a bounded number in flight so memory stays flat.

The base design, pathway and rule settings (the job) travel once per worker: as the pool's initializer argument,
or scattered to every Dask worker; each chunk is only its rows' span, and every process takes their values from the
job's plan (chunk.rows_of).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import sys
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator

from .. import __version__
from ..common import UserError
from .chunk import ChunkResult, SweepJob, evaluate_chunk, evaluate_span, pool_chunk, rows_of, start_worker
from .optional import INSTALL, require

Task = tuple[int, int]  # a chunk: its first row and the row after its last
MAX_CHUNK = 50_000  # variants a chunk holds at most in this process or the pool (its result is about 0.5 kB a
#                     variant; larger arrays come from fresh pages each time and made the pool slower here)


class ClusterError(UserError):
    """A Dask cluster that cannot be reached or cannot run the sweep."""


# modules whose threads a forked child would lack while still using them: FASTSim's dataframes (polars' thread pool;
# polars' own documentation warns that fork deadlocks) and FASTSim's Rust core
FORK_UNSAFE = ("polars", "fastsim")


def start_method(with_energy: bool) -> str:
    """How worker processes start: 'fork' on Linux, where a worker is up in about 10 ms with the Qt-free core
    already imported and exits in as little, against 0.45–0.55 s to spawn one (a new interpreter importing numpy,
    pydantic and the core again) and 0.1–0.2 s to stop it (measured here); 'spawn' elsewhere (macOS and Windows
    have no safe fork), and whenever the workers will simulate energy or this process has loaded FASTSim, whose
    thread pools a forked child would inherit dead. A forked worker only runs the core (numpy, whose OpenBLAS and
    pyarrow, whose thread pools, both re-initialise after a fork), never Qt, even when forked from a process that
    has it."""
    # a module with no file is a bundle's stand-in (installer/runtime_hooks/fastsim_frames.py), with no threads
    if with_energy or any(getattr(sys.modules.get(m), "__file__", None) for m in FORK_UNSAFE):
        return "spawn"
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _in_order(submit: Callable[[Task], Any], tasks: Iterable[Task], window: int,
              result: Callable[[Any], ChunkResult]) -> Iterator[ChunkResult]:
    """Submit tasks keeping at most `window` in flight; yield their results in submission order."""
    pending: deque = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class Inline:
    """Every chunk in this process, one after another."""

    max_chunk = MAX_CHUNK

    def __init__(self, job: SweepJob) -> None:
        self.job = job
        self.workers = 1
        self.name = "in this process"

    def __enter__(self) -> Inline:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def results(self, tasks: Iterable[Task]) -> Iterator[ChunkResult]:
        for start, stop in tasks:
            yield evaluate_chunk(self.job, start, rows_of(self.job, start, stop))


class Pool:
    """Worker processes on this machine, started as `start_method` says."""

    max_chunk = MAX_CHUNK

    def __init__(self, job: SweepJob, workers: int, method: str | None = None) -> None:
        self.workers = workers
        self.method = method or start_method(job.with_energy)
        self.name = f"on {workers} worker processes"
        self._executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(self.method),
                                             initializer=start_worker, initargs=(job,))

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def results(self, tasks: Iterable[Task]) -> Iterator[ChunkResult]:
        def result(future) -> ChunkResult:
            try:
                return future.result()
            except BrokenProcessPool:
                raise UserError("a sweep worker process stopped unexpectedly (killed, out of memory, or a crash in a "
                                "native library such as FASTSim); try fewer --jobs") from None

        return _in_order(lambda t: self._executor.submit(pool_chunk, *t), tasks, 2 * self.workers, result)


@contextlib.contextmanager
def _sigint_held(method: str):
    """A LocalCluster's workers, started in here, keep from SIGINT: a Ctrl-C at the terminal reaches the whole process
    group, and workers that took it printed tracebacks while the sweep's process closed them anyway. Forked workers
    inherit a handler that only notes the signal (this process raises KeyboardInterrupt once the cluster is up, if
    it came meanwhile); spawned ones can only inherit SIGINT ignored (an ignored signal stays ignored across exec,
    and Python then installs no KeyboardInterrupt), so a Ctrl-C while they start, about a second, is lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    before = signal.signal(signal.SIGINT, signal.SIG_IGN if method == "spawn" else lambda sig, frame: came.append(sig))
    term = signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the nanny stops a worker that hangs with SIGTERM
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
        signal.signal(signal.SIGTERM, term)
    if came:
        raise KeyboardInterrupt


def _worker_version() -> str:
    return __version__


class Dask:
    """A Dask cluster: `address` is a scheduler's ('tcp://host:8786'), or 'local' to start a LocalCluster of
    `workers` single-threaded worker processes for this sweep, started as `start_method` says (or `method`)."""

    # a task's way through the scheduler and back costs a Dask worker some 10-15 ms here, half a 50,000-variant
    # chunk's work: chunks of up to 200,000 keep that under a tenth (a 5,000,000-variant sweep: 1.6x the pool's
    # time in chunks of 50,000, 1.0x in chunks of 200,000)
    max_chunk = 200_000

    def __init__(self, job: SweepJob, address: str, workers: int, ship: str = "scatter",
                 timeout: str = "10s", method: str | None = None) -> None:
        distributed = require("distributed", "--scheduler (running the sweep on Dask)")
        self._cluster = None
        self.method = None  # an existing cluster's workers are started by whoever started them
        try:
            if address == "local":
                import dask

                self.method = method or start_method(job.with_energy)
                # no MALLOC_TRIM_THRESHOLD_ for our workers (chunk._arrays_from_the_heap says why); the nannies
                # run in this process and would set it here too, for any process started after
                config = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                          "distributed.worker.multiprocessing-method": self.method}
                with dask.config.set(config), _sigint_held(self.method):
                    # the sweep reports its own errors; Dask's own logs of a cluster closed mid-task are noise
                    self._cluster = distributed.LocalCluster(
                        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                        silence_logs=logging.CRITICAL)
                self.client = distributed.Client(self._cluster)
            else:
                self.client = distributed.Client(address, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            self._close()
            raise ClusterError(f"--scheduler {address}: cannot reach the Dask scheduler: {_one_line(exc)}") from None
        try:
            self._check_workers(address)
            self.workers = max(1, sum(self.client.nthreads().values()))
            self.name = (f"on a local Dask cluster of {self.workers} workers" if address == "local"
                         else f"on the Dask cluster at {address} ({self.workers} worker threads)")
            # the job once per worker ("scatter"), or with every chunk ("argument"; the benchmark compares the two)
            self._job = self.client.scatter(job, broadcast=True, hash=False) if ship == "scatter" else job
        except BaseException:
            self._close()
            raise

    def _check_workers(self, address: str) -> None:
        try:
            self.client.wait_for_workers(1, timeout=30)
        except TimeoutError:
            raise ClusterError(f"--scheduler {address}: the Dask cluster has no workers") from None
        try:
            versions = self.client.run(_worker_version)
        except Exception as exc:  # a worker without keidesigner cannot even unpickle the function
            raise ClusterError(f"--scheduler {address}: the Dask workers cannot run KeiDesigner ({_one_line(exc)}); "
                               f"install it on every worker: {INSTALL}") from None
        other = {w: v for w, v in versions.items() if v != __version__}
        if other:
            worker, version = next(iter(other.items()))
            raise ClusterError(f"--scheduler {address}: worker {worker} runs keidesigner {version}, this is "
                               f"{__version__}; install the same version everywhere")

    def __enter__(self) -> Dask:
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()

    def results(self, tasks: Iterable[Task]) -> Iterator[ChunkResult]:
        """The chunks' results in the sweep's order, at most two chunks a worker in flight; each result is fetched
        as soon as its task ends (as_completed with results), while this process is still writing earlier ones,
        not when its turn comes."""
        from distributed import as_completed

        tasks = iter(tasks)
        arriving = as_completed(with_results=True)
        order: deque = deque()  # the keys of the tasks in flight, in the sweep's order
        arrived: dict[str, ChunkResult] = {}

        def submit() -> None:
            task = next(tasks, None)
            if task is not None:
                future = self.client.submit(evaluate_span, self._job, *task, pure=False)
                order.append(future.key)
                arriving.add(future)

        for _ in range(2 * self.workers):
            submit()
        while order:
            while order[0] not in arrived:
                try:
                    future, result = next(arriving)
                except ModuleNotFoundError as exc:
                    raise ClusterError(f"a Dask worker cannot import {exc.name}: {INSTALL} on every worker") from None
                arrived[future.key] = result
                future.release()
            yield arrived.pop(order.popleft())
            submit()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
