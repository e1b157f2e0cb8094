"""The pedestrian WAD lines for the 3D view, measured off the GUI thread.

Measuring the WAD 1,000 / 1,700 / 2,100 mm lines on a scene's front structure takes 11-13 ms (geometry/wad.py), too
long for an edit's frame: WadWorker runs it on its own one-thread pool and hands back only the result for the latest
scene asked for. One measurement runs at a time; scenes asked for meanwhile replace each other, so a slider drag
queues at most one more measurement, of the newest scene, and results of older scenes are dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..geometry import Scene
from ..geometry.wad import DEFAULT_DISTANCES_MM, WadLine, front_structure, wad_lines


def measure(scene: Scene) -> dict[float, WadLine]:
    """The WAD lines (DEFAULT_DISTANCES_MM) on the scene's front structure; {} when it has none or a section misses
    it (a shape the measurement cannot take is no reason to stop the view)."""
    try:
        return wad_lines(*front_structure(scene), distances=DEFAULT_DISTANCES_MM)
    except ValueError:
        return {}


class _Relay(QObject):
    """Carries a result from the pool's thread to the GUI thread (a queued signal: the relay lives in the GUI)."""

    done = Signal(int, object)  # generation, {distance: WadLine}


class _Measurement(QRunnable):
    def __init__(self, generation: int, scene: Scene, relay: _Relay):
        super().__init__()
        self.generation, self.scene, self.relay = generation, scene, relay

    def run(self) -> None:
        self.relay.done.emit(self.generation, measure(self.scene))


class WadWorker(QObject):
    """Measures WAD lines in the background; `ready` gives those of the latest scene passed to `request`.

    Signals: ready(scene, lines): lines is {distance mm: WadLine} ({} when nothing could be measured) for `scene`,
    the newest requested; results for scenes requested before it are dropped. `measuring` is True while a
    measurement runs.
    """

    ready = Signal(object, object)  # Scene, {distance: WadLine}

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self.generation = 0  # of the latest request
        self._latest: Scene | None = None
        self._waiting: Scene | None = None  # asked for while a measurement ran: measured next
        self.measuring = False
        self.dropped = 0  # stale results thrown away (tests read it)

    def request(self, scene: Scene) -> None:
        """Measure `scene` (replacing any request not yet started); `ready` follows, unless a newer request does."""
        self.generation += 1
        self._latest = scene
        if self.measuring:
            self._waiting = scene
        else:
            self._start(scene)

    def cancel(self) -> None:
        """Drop whatever is asked for or running (the lines were switched off)."""
        self.generation += 1
        self._latest = self._waiting = None

    def _start(self, scene: Scene) -> None:
        self.measuring = True
        self.pool.start(_Measurement(self.generation, scene, self._relay))

    def _done(self, generation: int, lines: dict) -> None:
        self.measuring = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(waiting)
        if generation != self.generation:
            self.dropped += 1
            return
        self.ready.emit(self._latest, lines)

    def wait(self) -> None:
        """Block until the pool is idle (closing the window; tests)."""
        self.pool.waitForDone()
