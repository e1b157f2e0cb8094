"""The pedestrian head zones and their WAD lines, measured off the GUI thread.

Measuring the WAD sections on an analysis's scene takes 11-17 ms (analysis/pedestrian.py, geometry/wad.py), too long
for an edit's frame: WadWorker is a latest-wins background job (latest_job.py) that hands back only the zones of the
latest analysis asked for, measured once the edits pause. The window turns the zones into the head-zone findings of
the compliance table and, on request, the lines of the 3D view.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from ..analysis import Analysis
from ..analysis.pedestrian import PedestrianZones, pedestrian_zones
from .latest_job import SETTLE_MS, LatestJob


def measure(analysis: Analysis) -> PedestrianZones | None:
    """The analysis's pedestrian zones (with their WAD lines), measured on its scene, which the GUI thread built
    already; None when a section misses the body (a shape the measurement cannot take is no reason to stop)."""
    try:
        return pedestrian_zones(analysis.design, analysis.scene, analysis.settings)
    except ValueError:
        return None


class WadWorker(LatestJob):
    """Measures pedestrian zones in the background; `ready(analysis, zones)` gives those of the latest analysis
    passed to `request` (zones None when nothing could be measured); results of older requests are dropped."""

    def __init__(self, parent: QObject | None = None):
        # `measure` looked up at each run, so that tests can stand in for it
        super().__init__(lambda analysis: measure(analysis), SETTLE_MS, parent)


__all__ = ["SETTLE_MS", "WadWorker", "measure"]
