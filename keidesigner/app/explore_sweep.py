"""A two-field sweep of the current design, evaluated off the GUI thread in chunks.

`SweepRequest` is what a Run asks for: the base design, the rule settings, and the stored values along each of the
two axes (the variants are the full grid, the first field varying fastest). `SweepJob` evaluates it on its own
one-thread pool with the batch engine (`evaluator`: the vectorised `batch.engine.evaluate_batch` when it is
installed, else the scalar reference) and hands each chunk's `BatchResult` to the GUI thread as it comes, with the
progress; Cancel stops the run at the next slice, and a new run supersedes the one before it: its results are
dropped, whatever is already on its way.

The evaluation holds Python's lock while it works, and the 3-D view's paint needs it too: the worker works in
slices of about SLICE_S and lets go of the lock for YIELD_S after each, so a frame never waits on the sweep for
more than one slice. The chunks the GUI thread receives are larger (about CHUNK_S of work each), so the map is
redrawn a few times a second, not after every slice.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..batch import BatchResult, Variants
from ..design import Design
from ..rules import RuleSettings

SLICE_S = 0.002  # work between two breaks for the GUI thread
YIELD_S = 0.0005  # each break: long enough for a waiting thread to take Python's lock
CHUNK_S = 0.1  # work between two results handed to the GUI thread (the map redrawn, the progress bar moved)
FIRST_SLICE = 4  # variants in the first slice; later slices are sized by how long the ones before took
MAX_SLICE = 1 << 14

Evaluate = Callable[..., BatchResult]


def evaluator() -> tuple[Evaluate, str]:
    """The batch engine as the command line's sweep chooses it (batch/run.py): (evaluate, "vectorised" | "scalar")."""
    from ..batch.run import ENGINE, evaluate

    return evaluate, ENGINE


@dataclass(frozen=True, eq=False)
class SweepRequest:
    """The full grid of `xs` (field `x`) by `ys` (field `y`) on `design`; variant i is (xs[i % nx], ys[i // nx])."""

    design: Design
    settings: RuleSettings
    x: str
    y: str
    xs: np.ndarray
    ys: np.ndarray
    variants: Variants = field(init=False)

    def __post_init__(self) -> None:
        if self.x == self.y:
            raise ValueError("choose two different fields")
        columns = {self.x: np.tile(self.xs, len(self.ys)), self.y: np.repeat(self.ys, len(self.xs))}
        object.__setattr__(self, "variants", Variants(self.design, columns))

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns) = (len(ys), len(xs)), as the map's image is laid out."""
        return len(self.ys), len(self.xs)

    def __len__(self) -> int:
        return len(self.xs) * len(self.ys)

    def index(self, column: int, row: int) -> int:
        return row * len(self.xs) + column

    def cell(self, index: int) -> tuple[int, int]:
        """(column, row) of variant `index`."""
        return index % len(self.xs), index // len(self.xs)


def lower_priority() -> None:
    """Let the GUI thread and the GL driver's threads have the CPU first (Linux: a thread has its own nice value;
    elsewhere the call would name the process, so nothing is done)."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            pass


class _Relay(QObject):
    """Carries a run's news from the pool's thread to the GUI thread (queued: the relay lives in the GUI thread)."""

    chunk = Signal(int, object, int, object)  # generation, request, start, BatchResult
    done = Signal(int, object, str, object)  # generation, request, "finished" | "cancelled" | "failed", detail


class _Run(QRunnable):
    def __init__(self, request: SweepRequest, generation: int, stop: threading.Event, relay: _Relay,
                 evaluate: Evaluate):
        super().__init__()
        self.request, self.generation, self.stop, self.relay, self.evaluate = request, generation, stop, relay, evaluate

    def run(self) -> None:
        lower_priority()
        request, generation = self.request, self.generation
        started = time.perf_counter()
        try:
            finished = self._sweep()
        except Exception as exc:  # reaches the GUI thread: a run that vanished would leave the panel running
            self.relay.done.emit(generation, request, "failed", exc)
            return
        detail = time.perf_counter() - started
        self.relay.done.emit(generation, request, "finished" if finished else "cancelled", detail)

    def _sweep(self) -> bool:
        request, variants, n = self.request, self.request.variants, len(self.request)
        size, start = FIRST_SLICE, 0
        while start < n:
            chunk_start, chunk_began, parts = start, time.perf_counter(), []
            while start < n and time.perf_counter() - chunk_began < CHUNK_S:
                if self.stop.is_set():
                    return False
                stop = min(start + size, n)
                began = time.perf_counter()
                parts.append(self.evaluate(variants.slice(start, stop), None, request.settings))
                took = time.perf_counter() - began
                size = int(min(MAX_SLICE, max(1, size * min(4.0, SLICE_S / max(took, 1e-6)))))
                start = stop
                time.sleep(YIELD_S)
            self.relay.chunk.emit(self.generation, request, chunk_start, parts)
        return True


class SweepJob(QObject):
    """Runs one sweep at a time in the background.

    Signals (GUI thread, for the current run only): progress(request, start, results) with the BatchResults of
    the variants from `start` on, in order; finished(request, seconds); cancelled(request); failed(request,
    exception). `running` is True from `start` until one of the last three.
    """

    progress = Signal(object, int, object)
    finished = Signal(object, float)
    cancelled = Signal(object)
    failed = Signal(object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.chunk.connect(self._chunk)
        self._relay.done.connect(self._done)
        self.generation = 0
        self._stop = threading.Event()
        self.request: SweepRequest | None = None
        self.running = False
        self.dropped = 0  # chunks of superseded runs thrown away (tests read it)
        self.evaluate, self.engine = evaluator()

    def start(self, request: SweepRequest) -> None:
        """Evaluate `request`; a run still going is superseded (it stops at its next slice, its results dropped)."""
        self._stop.set()
        self._stop = threading.Event()
        self.generation += 1
        self.request = request
        self.running = True
        self.pool.start(_Run(request, self.generation, self._stop, self._relay, self.evaluate))

    def cancel(self) -> None:
        """Stop the current run at its next slice; `cancelled` follows (nothing when no run goes)."""
        self._stop.set()

    def drop(self) -> None:
        """Forget the current run: it stops, and nothing more of it is signalled (the window closes)."""
        self._stop.set()
        self.generation += 1
        self.request = None
        self.running = False

    def wait(self) -> None:
        """Block until the pool is idle (closing the window; tests)."""
        self.pool.waitForDone()

    def _chunk(self, generation: int, request: SweepRequest, start: int, parts: list[BatchResult]) -> None:
        if generation != self.generation:
            self.dropped += 1
            return
        self.progress.emit(request, start, parts)

    def _done(self, generation: int, request: SweepRequest, how: str, detail: object) -> None:
        if generation != self.generation:
            return
        self.running = False
        if how == "finished":
            self.finished.emit(request, float(detail))
        elif how == "cancelled":
            self.cancelled.emit(request)
        else:
            self.failed.emit(request, detail)


__all__ = ["SweepJob", "SweepRequest", "evaluator", "lower_priority"]
