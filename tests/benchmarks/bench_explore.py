"""The Explore tab under Xvfb: does a sweep running in the background make the 3D view stutter?

The main window is arranged as bench_app.py arranges it (1,500 × 920, the 3D view about 1,100 × 520) with the
Explore tab in front. The 3D view is orbited one step a frame, as a mouse drag does, and each step is timed from the
orbit to the frame that shows it:
- idle: nothing else running;
- during a sweep: the Explore tab's sweep of SIDE × SIDE variants (length × width of the kei truck) running,
  started again whenever it ends, so every timed frame shares the machine with it (the map redrawn as its chunks
  arrive, a few times a second, is part of what the GUI thread does meanwhile).
Subjects alternate in turns of BLOCK frames so that the machine's drift lands on both alike. A frame over
STUTTER_MS (two frames of a 60 Hz display) is counted as a stutter. Also printed: the sweep's variants a second
while the view is orbited, against the same sweep with the view left alone.
"""

from __future__ import annotations

import os
import time

try:
    from .bench_app import _close, shipped_window
    from .timing import ms, summarise
except ImportError:  # run as a script
    from bench_app import _close, shipped_window
    from timing import ms, summarise

FRAMES = int(os.environ.get("KEIDESIGNER_BENCH_FRAMES", 400))  # per subject
BLOCK = 40
SIDE = int(os.environ.get("KEIDESIGNER_BENCH_SIDE", 200))  # the sweep: SIDE × SIDE variants
STUTTER_MS = 33.3


def _row(label: str, samples: list[float]) -> str:
    stats = summarise(samples)
    slow = sum(1 for s in samples if s * 1000 > STUTTER_MS)
    return (f"  {label:<34} median {ms(stats.median_s)}  p95 {ms(stats.p95_s)}  max {ms(max(samples))}  "
            f"over {STUTTER_MS:.0f} ms: {slow} of {len(samples)}")


def main() -> None:
    opened = shipped_window("Explore", "explore")
    if opened is None:
        return
    app, window, clock = opened
    viewer = window.viewer
    panel = window.explore.ensure_built()
    panel.x_axis.set_range(2900.0, 3900.0, SIDE)
    panel.y_axis.set_range(1280.0, 1680.0, SIDE)
    job = panel.job

    def orbit(_i: int) -> None:
        viewer.gl.orbit(1.5, 0)

    def sweeping(_i: int) -> None:
        if not job.running:
            panel.run()
        orbit(_i)

    def sweep_rate(orbiting: bool) -> float:
        """Variants a second of one whole sweep, the view orbited meanwhile or left alone."""
        panel.run()
        start = time.perf_counter()
        while job.running:
            if orbiting:
                clock.time(orbit, 1)
            else:
                app.processEvents()
                time.sleep(0.001)
        return len(panel.sweep) / (time.perf_counter() - start)

    clock.time(orbit, 20)
    idle, busy = [], []
    for _ in range(max(1, FRAMES // BLOCK)):
        idle += clock.time(orbit, BLOCK)
        busy += clock.time(sweeping, BLOCK)
    job.cancel()
    while job.running:
        app.processEvents()
    alone, shared = sweep_rate(False), sweep_rate(True)

    view = viewer.size()
    print(f"Explore: 3D view {view.width():,} × {view.height()} orbited a step a frame, kei-truck, Xvfb + llvmpipe; "
          f"a {SIDE} × {SIDE} sweep ({job.engine} engine) in the background")
    print(_row("frame, nothing else running", idle))
    print(_row("frame, a sweep running", busy))
    print(f"  sweep: {alone:,.0f} variants/s with the view left alone, {shared:,.0f} while it is orbited")
    window.document.undo_stack.setClean()
    _close(app, window)


if __name__ == "__main__":
    main()
