"""The energy estimate of the current design, computed off the GUI thread.

One estimate takes 10-70 ms (FASTSim through UDDS and HWFET, hybrids the most) after FASTSim's import, which takes
0.3-1 s the first time, and the frontal area it needs is measured on the 3-D scene (6-8 ms): far too long for an
edit's frame. EnergyWorker is a latest-wins background job (latest_job.py): it works on the latest analysis once the
edits pause and drops results that a newer design has overtaken. FASTSim is imported by its first run, on the
worker's thread, never at start-up.

An estimate depends only on its EnergyInputs, so estimates are kept by their inputs: an edit that leaves them as
they were (a lamp height, an undo back to a design already estimated) costs the area's measurement only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ..analysis import Analysis
from ..common import UserError
from .latest_job import SETTLE_MS, LatestJob

if TYPE_CHECKING:  # the energy model is imported by the worker's first run, not at start-up
    from ..energy import EnergyEstimate, EnergyInputs

KEPT_ESTIMATES = 32  # estimates kept by their inputs (a few kB each)


@dataclass(frozen=True)
class EnergyOutcome:
    """What the worker made of one analysis: its inputs and estimate, or the one-line reason there is none."""

    analysis: Analysis
    inputs: EnergyInputs | None
    estimate: EnergyEstimate | None
    error: str | None = None
    measured_area_m2: float | None = None  # the frontal area measured on the scene (None when the design types it)

    @property
    def design(self):
        return self.analysis.design


_kept: OrderedDict[EnergyInputs, EnergyEstimate] = OrderedDict()
_kept_lock = threading.Lock()


def estimate_for(inputs: EnergyInputs) -> EnergyEstimate:
    """The estimate of `inputs`, computed once for the last KEPT_ESTIMATES inputs asked for. Raises EnergyModelError
    (not kept: a refusal is quick)."""
    with _kept_lock:
        found = _kept.get(inputs)
        if found is not None:
            _kept.move_to_end(inputs)
            return found
    from ..energy import estimate

    made = estimate(inputs)
    with _kept_lock:
        _kept[inputs] = made
        while len(_kept) > KEPT_ESTIMATES:
            _kept.popitem(last=False)
    return made


def compute(analysis: Analysis) -> EnergyOutcome:
    """The analysis's energy estimate, on the worker's thread. Reads the scene the GUI thread built and changes
    nothing of the analysis (the window stores the estimate in it on the GUI thread). A design the model cannot
    drive (EnergyModelError) or whose frontal area cannot be measured gives an outcome with its one-line error."""
    from ..energy import inputs_for

    design = analysis.design
    typed = design.road_load.frontal_area_m2
    measured = None
    try:
        if typed is None:
            from ..geometry.frontal_area import frontal_area_m2

            measured = frontal_area_m2(analysis.scene)
        inputs = inputs_for(design, measured)  # the typed area when there is one
    except ValueError as exc:
        return EnergyOutcome(analysis, None, None, f"the frontal area cannot be measured on the 3-D model: {exc}")
    try:
        return EnergyOutcome(analysis, inputs, estimate_for(inputs), None, measured)
    except UserError as exc:  # EnergyModelError: one line saying why
        return EnergyOutcome(analysis, inputs, None, str(exc), measured)


class EnergyWorker(LatestJob):
    """Estimates the energy use of the latest analysis passed to `request`: `ready(analysis, EnergyOutcome)`;
    `failed(analysis, exception)` when the model broke in a way it does not describe."""

    def __init__(self, parent: QObject | None = None):
        # `compute` looked up at each run, so that tests can stand in for it
        super().__init__(lambda analysis: compute(analysis), SETTLE_MS, parent)


__all__ = ["EnergyOutcome", "EnergyWorker", "compute", "estimate_for"]
