"""The pedestrian head zones and their WAD lines, measured off the GUI thread.

Measuring the WAD sections on an analysis's scene takes 11-17 ms (analysis/pedestrian.py, geometry/wad.py), too long
for an edit's frame: WadWorker runs it on its own one-thread pool and hands back only the result for the latest
analysis asked for. One measurement runs at a time; analyses asked for meanwhile replace each other, so a slider drag
queues at most one more measurement, of the newest design, and results of older ones are dropped. The window turns
the zones into the head-zone findings of the compliance table and, on request, the lines of the 3D view.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ..analysis import Analysis
from ..analysis.pedestrian import PedestrianZones, pedestrian_zones

# Edits closer together than this (a slider drag) are measured once they pause: the measurement's Python holds the
# GIL, and measuring every step took frames from the drag (edit-to-frame 1.3x the repaint floor became 2.1x, p95 3x).
SETTLE_MS = 150


def measure(analysis: Analysis) -> PedestrianZones | None:
    """The analysis's pedestrian zones (with their WAD lines), measured on its scene, which the GUI thread built
    already; None when a section misses the body (a shape the measurement cannot take is no reason to stop)."""
    try:
        return pedestrian_zones(analysis.design, analysis.scene, analysis.settings)
    except ValueError:
        return None


class _Relay(QObject):
    """Carries a result from the pool's thread to the GUI thread (a queued signal: the relay lives in the GUI)."""

    done = Signal(int, object)  # generation, PedestrianZones | None


class _Measurement(QRunnable):
    def __init__(self, generation: int, analysis: Analysis, relay: _Relay):
        super().__init__()
        self.generation, self.analysis, self.relay = generation, analysis, relay

    def run(self) -> None:
        self.relay.done.emit(self.generation, measure(self.analysis))


class WadWorker(QObject):
    """Measures pedestrian zones in the background; `ready` gives those of the latest analysis passed to `request`.

    Signals: ready(analysis, zones): zones is the PedestrianZones (None when nothing could be measured) of
    `analysis`, the newest requested; results for analyses requested before it are dropped. `measuring` is True
    while a measurement runs.
    """

    ready = Signal(object, object)  # Analysis, PedestrianZones | None

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self.generation = 0  # of the latest request
        self._latest: Analysis | None = None
        self._waiting: Analysis | None = None  # asked for while a measurement ran: measured next
        self.measuring = False
        self.dropped = 0  # stale results thrown away (tests read it)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)

    @property
    def busy(self) -> bool:
        """A request waits for the edits to pause, or a measurement runs."""
        return self.measuring or self._settle.isActive() or self._waiting is not None

    def request(self, analysis: Analysis) -> None:
        """Measure `analysis` once no newer request has come for SETTLE_MS (replacing any request not yet started);
        `ready` follows, unless a newer request does. Its scene must be built already (on the GUI thread: cached
        properties are not built across threads)."""
        self.generation += 1
        self._latest = analysis
        self._settle.start()

    def _settled(self) -> None:
        if self._latest is None:
            return
        if self.measuring:
            self._waiting = self._latest
        else:
            self._start(self._latest)

    def cancel(self) -> None:
        """Drop whatever is asked for or running (the window closes)."""
        self.generation += 1
        self._latest = self._waiting = None
        self._settle.stop()

    def _start(self, analysis: Analysis) -> None:
        self.measuring = True
        self.pool.start(_Measurement(self.generation, analysis, self._relay))

    def _done(self, generation: int, zones: PedestrianZones | None) -> None:
        self.measuring = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(waiting)
        if generation != self.generation:
            self.dropped += 1
            return
        self.ready.emit(self._latest, zones)

    def wait(self) -> None:
        """Block until the pool is idle (closing the window; tests)."""
        self.pool.waitForDone()
