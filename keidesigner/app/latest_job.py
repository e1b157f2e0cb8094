"""Latest-wins background jobs: work an edit triggers that is too slow for the edit's frame, run off the GUI thread.

A `LatestJob` runs one function on its own one-thread pool and hands back only the result for the newest request.
A request waits until no newer one has come for `settle_ms` (a slider drag or a run of typed steps is worked on
once it pauses: the work's Python holds the GIL, and working on every step would take frames from the drag); one
run goes at a time, and requests that come meanwhile replace each other, so a drag queues at most one more run, of
the newest request. A result whose request has been overtaken is dropped. The window's pedestrian head zones
(wad_worker.py) and its energy estimate (energy_worker.py) are two such jobs.

The function receives the request as it was passed (an Analysis whose scene the GUI thread has built: cached
properties are not built across threads) and must not change it; whatever it returns is handed to `ready`, an
exception it raises to `failed`, both on the GUI thread.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

# Edits closer together than this (a slider drag) are worked on once they pause: measured with the head zones, working
# on every step made edit-to-frame 2.1x the repaint floor instead of 1.3x (p95 3x).
SETTLE_MS = 150


class _Relay(QObject):
    """Carries a result from the pool's thread to the GUI thread (a queued signal: the relay lives in the GUI)."""

    done = Signal(int, object, bool, object)  # generation, request, succeeded, result or exception


class _Run(QRunnable):
    def __init__(self, work: Callable[[Any], Any], generation: int, item: Any, relay: _Relay):
        super().__init__()
        self.work, self.generation, self.item, self.relay = work, generation, item, relay

    def run(self) -> None:
        try:
            result, ok = self.work(self.item), True
        except Exception as exc:  # any failure reaches the GUI thread: a lost result would leave the job busy forever
            result, ok = exc, False
        self.relay.done.emit(self.generation, self.item, ok, result)


class LatestJob(QObject):
    """Runs `work(request)` in the background; `ready` gives the result for the latest request only.

    Signals: ready(request, result) for the newest request; failed(request, exception) when `work` raised for it.
    Results of requests overtaken by a newer one are dropped (counted in `dropped`). `running` is True while a run
    goes; `busy` also while a request waits for the edits to pause or for the run before it.
    """

    ready = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self, work: Callable[[Any], Any], settle_ms: int = SETTLE_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.work = work
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self.generation = 0  # of the latest request
        # (generation, request): the latest asked for, and the one to run when the running one is done. A run keeps
        # the generation of its own request, so that its result is never taken for a newer request's.
        self._latest: tuple[int, Any] | None = None
        self._waiting: tuple[int, Any] | None = None
        self.running = False
        self.dropped = 0  # stale results thrown away (tests read it)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._settled)

    @property
    def busy(self) -> bool:
        """A request waits for the edits to pause, or for a run, or runs."""
        return self.running or self._settle.isActive() or self._waiting is not None

    def request(self, item: Any) -> None:
        """Work on `item` once no newer request has come for the settle time (replacing any request not yet
        started); `ready` or `failed` follows, unless a newer request does."""
        self.generation += 1
        self._latest = (self.generation, item)
        self._settle.start()

    def _settled(self) -> None:
        if self._latest is None:
            return
        if self.running:
            self._waiting = self._latest
        else:
            self._start(self._latest)

    def cancel(self) -> None:
        """Drop whatever is asked for or running (the window closes)."""
        self.generation += 1
        self._latest = self._waiting = None
        self._settle.stop()

    def _start(self, job: tuple[int, Any]) -> None:
        self.running = True
        self.pool.start(_Run(self.work, *job, self._relay))

    def _done(self, generation: int, item: Any, ok: bool, result: Any) -> None:
        self.running = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            if waiting[0] == self.generation:  # else a newer request waits for the edits to pause and runs then
                self._start(waiting)
        if generation != self.generation:
            self.dropped += 1
            return
        (self.ready if ok else self.failed).emit(item, result)

    def wait(self) -> None:
        """Block until the pool is idle (closing the window; tests)."""
        self.pool.waitForDone()
