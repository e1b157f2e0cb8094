"""Desktop app speed under Xvfb: edit-to-frame, start-up to first frame, and memory over 1,000 edits.

The main window is measured at 1,500 × 920 with its docks arranged as shipped: parameters on the left, compliance
in a bottom dock, which leaves the 3D view about VIEW_SIZE pixels (the bench moves the compliance dock there itself
while the window still has it on the right, and prints the size the view really had).

Baselines, measured in the same run:
- the floor: the main window repainted whole (every widget, and the 3D frame) with nothing edited - the window's own
  repaint, which the target is set against (edit -> frame at most 1.25 times it, p95 at most 1.6 times);
- the 3D frame alone with nothing edited (what orbiting the camera costs; the native GL window draws it without
  the widgets);
- a bare pyqtgraph GLViewWidget of the 3D view's size in a plain window of the same 1,500 × 920, showing the same
  meshes the way pyqtgraph draws them by default: one GLMeshItem per part, normals computed at paint time, no face
  culling (same shader, colours, grid and camera) - what a QOpenGLWidget-based view costs in this window;
- the same bare meshes in a native QOpenGLWindow (glwindow.GLWindow) in a window container, as the app hosts its view;
- start-up: a bare PySide6 + pyqtgraph.opengl window started the same way as the app; both are timed to their first
  3D frame plus the events pending then (the main window paints its widgets after the 3D view's first frame).

Subjects are timed in turns of BLOCK samples so that the machine's drift lands on all of them alike; the ratios are
the figures to compare between runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

try:
    from .timing import Stats, ms, summarise
except ImportError:  # run as a script
    from timing import Stats, ms, summarise

EDITS = 200
BLOCK = 20  # samples per turn when subjects are timed in turns
BLOCK_WARMUP = 3  # frames after raising a window, not counted (the first one redraws it whole)
MEMORY_EDITS = 1000
MEMORY_BLOCKS = int(os.environ.get("KEIDESIGNER_BENCH_MEMORY_BLOCKS", 3))
STARTS = int(os.environ.get("KEIDESIGNER_BENCH_STARTS", 8))
# The bottom tab in front while edits are timed: 'compliance' (the findings, as shipped), 'plan', 'energy' or
# 'explore' (with its default map made before the edits: a length edit moves its crosshair)
TAB = os.environ.get("KEIDESIGNER_BENCH_TAB", "compliance")
WINDOW_SIZE = (1500, 920)
VIEW_SIZE = (1100, 520)  # the 3D view with the compliance panel in a bottom dock

BARE_START = r"""
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QCoreApplication, Qt, QTimer
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
from PySide6.QtWidgets import QApplication
import pyqtgraph.opengl as gl
app = QApplication([])
w = gl.GLViewWidget()
w.resize(1500, 920)
def first_frame():
    w.frameSwapped.disconnect(first_frame)
    app.processEvents()  # whatever else the first frame left to paint (the main window's widgets)
    print(time.time() - t0)
    app.quit()
w.frameSwapped.connect(first_frame)
w.show()
app.exec()
"""

APP_START = r"""
import time, sys
t0 = float(sys.argv[1])
from pathlib import Path
import tempfile
from keidesigner.app.main import make_application  # first, as `keidesigner` starts it: the core loads before Qt
from PySide6.QtCore import QSettings
app = make_application()
from keidesigner.app.document import DesignDocument
from keidesigner.app.mainwindow import MainWindow
from keidesigner.files import load_preset
folder = Path(tempfile.mkdtemp())
w = MainWindow(DesignDocument(load_preset("kei-truck")), QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat),
               folder / "autosave")
def first_frame():
    w.viewer.frame_drawn.disconnect(first_frame)
    app.processEvents()  # whatever else the first frame left to paint (the main window's widgets)
    print(time.time() - t0)
    app.quit()
w.viewer.frame_drawn.connect(first_frame)
w.show()
app.exec()
"""


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class FrameClock:
    """Counts a view's frames; wait() spins the event loop until the next one (5 s at most)."""

    def __init__(self, app, signal) -> None:
        self.app = app
        self.count = 0
        signal.connect(self._tick)

    def _tick(self) -> None:
        self.count += 1

    def wait(self, since: int) -> None:
        deadline = time.perf_counter() + 5
        while self.count == since and time.perf_counter() < deadline:
            self.app.processEvents()

    def time(self, action, count: int, first: int = 0) -> list[float]:
        """Seconds from action(i) to the frame after it, for i in first..first+count-1. Work an action leaves queued
        after its frame (painting the panels) runs while the next sample waits, so a median still pays for it."""
        samples = []
        for i in range(first, first + count):
            since = self.count
            start = time.perf_counter()
            action(i)
            self.wait(since)
            samples.append(time.perf_counter() - start)
        return samples


class Subject:
    """One thing to time: a window, its frame clock and the action that should lead to a frame."""

    def __init__(self, label: str, window, clock: FrameClock, action) -> None:
        self.label, self.window, self.clock, self.action = label, window, clock, action
        self.samples: list[float] = []
        self.done = 0

    def block(self, count: int) -> None:
        self.window.raise_()  # the measured window on top: nothing of it hidden behind another
        self.clock.time(self.action, BLOCK_WARMUP, self.done)
        self.samples += self.clock.time(self.action, count, self.done + BLOCK_WARMUP)
        self.done += BLOCK_WARMUP + count


def _interleaved(subjects: list[Subject], total: int) -> dict[str, Stats]:
    """Time every subject in turns of BLOCK samples, so the machine's drift (other processes, CPU clock) lands on
    each of them alike and the ratios between them hold."""
    for _ in range(total // BLOCK):
        for subject in subjects:
            subject.block(BLOCK)
    return {s.label: summarise(s.samples) for s in subjects}


def _arrange_as_shipped(app, window) -> None:
    """Compliance in the bottom dock and the 3D view at about VIEW_SIZE (docks absorb the rest)."""
    from PySide6.QtCore import Qt

    if window.dockWidgetArea(window.compliance_dock) != Qt.DockWidgetArea.BottomDockWidgetArea:
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, window.compliance_dock)
    for _ in range(4):
        app.processEvents()
        view = window.viewer.size()
        window.resizeDocks([window.parameters_dock], [window.parameters_dock.width() + view.width() - VIEW_SIZE[0]],
                           Qt.Orientation.Horizontal)
        # the findings share the bottom area with the plan tab, which resizeDocks leaves alone
        window.set_bottom_height(window.compliance_dock.height() + view.height() - VIEW_SIZE[1])
        app.processEvents()
    app.processEvents()


def _bare_window(app, native: bool, scene, camera: dict, size) -> tuple:
    """A plain 1,500 × 920 window whose only content is a pyqtgraph view of `size` showing `scene`'s meshes one item
    per part, with the app's shader, colours, grid and camera. Returns (window, view, FrameClock)."""
    import numpy as np
    import pyqtgraph.opengl as gl
    from PySide6.QtWidgets import QWidget

    from keidesigner.app.glwindow import GLWindow
    from keidesigner.app.shading import VEHICLE_SHADER

    top = QWidget()
    top.resize(*WINDOW_SIZE)
    if native:
        view = GLWindow()
        holder = QWidget.createWindowContainer(view, top)
    else:
        view = holder = gl.GLViewWidget(top)
    holder.setGeometry(400, 30, size.width(), size.height())
    view.setBackgroundColor((236, 239, 243))
    grid = gl.GLGridItem()
    grid.setSize(8, 5)
    grid.setSpacing(0.5, 0.5)
    view.addItem(grid)
    for part in scene:
        vehicle = part.is_vehicle
        colors = part.face_colors if vehicle else np.tile([0.3, 0.55, 0.95, 0.1], (len(part.faces), 1))
        view.addItem(gl.GLMeshItem(
            vertexes=np.asarray(part.vertices * 0.001, np.float32), faces=np.asarray(part.faces, np.int32),
            faceColors=np.asarray(colors, np.float32), smooth=False, shader=VEHICLE_SHADER if vehicle else None,
            glOptions="opaque" if vehicle else "translucent"))
    view.setCameraParams(**camera)
    clock = FrameClock(app, view.frameSwapped)
    top.show()
    clock.wait(0)
    return top, view, clock


def _start_times() -> tuple[Stats, Stats]:
    """Start-up of the bare window and of the app, alternating, after one untimed start of each.

    Both start with Python's bytecode cache on and filled, as an installed program does: with PYTHONDONTWRITEBYTECODE
    set (as in some shells and CI images) every start would compile all of KeiDesigner's modules from source, about
    50 ms here, while the bare window's libraries were compiled when pip installed them.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def start(script: str) -> float:
        out = subprocess.run([sys.executable, "-c", script, repr(time.time())], capture_output=True, text=True,
                             check=True, env=env)
        return float(out.stdout.strip().splitlines()[-1])

    start(BARE_START), start(APP_START)
    bare, full = [], []
    for _ in range(STARTS):
        bare.append(start(BARE_START))
        full.append(start(APP_START))
    return summarise(bare), summarise(full)


def _row(label: str, stats: Stats, floor: Stats | None = None) -> str:
    ratio = (f"  {stats.median_s / floor.median_s:5.2f}× floor, p95 {stats.p95_s / floor.median_s:4.2f}×"
             if floor else "")
    return f"  {label:<46} median {ms(stats.median_s)}  p95 {ms(stats.p95_s)}{ratio}"


def _close(app, *windows) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def shipped_window(title: str, tab: str):
    """(app, window, frame clock) of the kei-truck main window as shipped, `tab` in front and the first energy
    estimate and head zones done (FASTSim's import is not timed); None, after saying so, without OpenGL."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QSettings

    from keidesigner.app.main import has_opengl, make_application

    app = make_application()
    if not has_opengl():
        print(f"{title}: skipped (no OpenGL on this Qt platform; run under xvfb-run with QT_QPA_PLATFORM=xcb)")
        return None
    from keidesigner.app.document import DesignDocument
    from keidesigner.app.mainwindow import MainWindow
    from keidesigner.files import load_preset

    folder = Path(tempfile.mkdtemp())
    window = MainWindow(DesignDocument(load_preset("kei-truck")),
                        QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat), folder / "autosave")
    window.resize(*WINDOW_SIZE)
    window.show()
    clock = FrameClock(app, window.viewer.frame_drawn)
    clock.wait(0)
    _arrange_as_shipped(app, window)
    window.show_tab(tab)
    deadline = time.perf_counter() + 60
    while (window.energy_worker.busy or window.wad_worker.busy) and time.perf_counter() < deadline:
        app.processEvents()
    return app, window, clock


def main() -> None:
    opened = shipped_window("App", TAB)
    if opened is None:
        return
    app, window, clock = opened
    viewer = window.viewer
    deadline = time.perf_counter() + 60
    if TAB == "explore":  # the tab as it is used: its default map made, the crosshair following every edit
        window.explore.run()
        while window.explore.busy and time.perf_counter() < deadline:
            app.processEvents()
    view_size = viewer.size()
    spin = window.parameters.editors["dimensions.length_mm"].spin

    def edit(i: int) -> None:
        spin.setValue(3000 + (i % 60) * 5)  # a value change in the panel, as a spin-box hold makes

    clock.time(edit, 20)
    bare_widget, widget_view, widget_clock = _bare_window(app, False, window.scene, viewer.gl.cameraParams(), view_size)
    bare_native, native_view, native_clock = _bare_window(app, True, window.scene, viewer.gl.cameraParams(), view_size)
    stats = _interleaved([
        Subject("edit", window, clock, edit),
        Subject("floor", window, clock, lambda _: viewer.request_frame()),
        Subject("window", window, clock, lambda _: (window.update(), viewer.request_frame())),
        Subject("widget", bare_widget, widget_clock, lambda _: widget_view.update()),
        Subject("native", bare_native, native_clock, lambda _: native_view.update()),
    ], EDITS)
    _close(app, bare_widget, bare_native)
    floor, frame = stats["window"], stats["floor"]
    triangles = sum(len(p.faces) for p in window.scene)

    print(f"App: edit-to-frame over {EDITS} length edits, kei-truck ({triangles:,} triangles), Xvfb + llvmpipe; "
          f"window {WINDOW_SIZE[0]:,} × {WINDOW_SIZE[1]}, 3D view {view_size.width():,} × {view_size.height()}, "
          f"'{TAB}' tab in front")
    print(_row("floor: main window repainted whole, no edit", floor))
    edit_stats = stats["edit"]
    ok = edit_stats.median_s <= 1.25 * floor.median_s and edit_stats.p95_s <= 1.6 * floor.median_s
    print(_row("edit -> frame", edit_stats, floor) + f"   {'OK' if ok else 'OVER'} (≤ 1.25×, p95 ≤ 1.6×)")
    print(_row("3D frame alone, no edit", frame, floor))
    print(_row("bare GLViewWidget, same meshes/view/window size", stats["widget"], floor))
    print(_row("bare native GL window, same meshes/view/window", stats["native"], floor))

    # RSS after each block of 1,000 edits: the first block includes one-time growth (driver buffer pools, caches);
    # flat means the later blocks add nothing
    readings = [_rss_mb()]
    for _ in range(MEMORY_BLOCKS):
        clock.time(edit, MEMORY_EDITS)
        app.processEvents()
        readings.append(_rss_mb())
    if MEMORY_BLOCKS:
        steps = "  ".join(f"{r:.1f}" for r in readings)
        print(f"  RSS every {MEMORY_EDITS:,} edits (MB): {steps}   last block {readings[-1] - readings[-2]:+.1f} MB")
    window.document.undo_stack.setClean()
    _close(app, window)

    if STARTS:
        bare, full = _start_times()
        print(f"App: start-up to first rendered frame ({STARTS} starts each, new processes, alternating)")
        print(f"  {'bare PySide6 + pyqtgraph.opengl window':<46} median {ms(bare.median_s)}  p95 {ms(bare.p95_s)}")
        print(f"  {'KeiDesigner main window':<46} median {ms(full.median_s)}  p95 {ms(full.p95_s)}  "
              f"{full.median_s / bare.median_s:5.2f}× bare")


if __name__ == "__main__":
    main()
