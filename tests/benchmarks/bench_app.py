"""Desktop app speed under Xvfb: edit-to-frame, start-up to first frame, and memory over 1,000 edits.

Baselines measured in the same run: a bare repaint of the same GLViewWidget (the floor of any frame), and a bare
PySide6 + pyqtgraph.opengl window started the same way as the app.
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
MEMORY_EDITS = 1000
MEMORY_BLOCKS = 3
STARTS = 5

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
w.frameSwapped.connect(lambda: (print(time.time() - t0), app.quit()))
w.show()
app.exec()
"""

APP_START = r"""
import time, sys
t0 = float(sys.argv[1])
from pathlib import Path
import tempfile
from PySide6.QtCore import QSettings
from keidesigner.app.main import make_application
app = make_application()
from keidesigner.app.document import DesignDocument
from keidesigner.app.mainwindow import MainWindow
from keidesigner.files import load_preset
folder = Path(tempfile.mkdtemp())
w = MainWindow(DesignDocument(load_preset("kei-truck")), QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat),
               folder / "autosave")
w.viewer.frame_drawn.connect(lambda: (print(time.time() - t0), app.quit()))
w.show()
app.exec()
"""


def _start_times(script: str) -> Stats:
    samples = []
    for _ in range(STARTS):
        out = subprocess.run([sys.executable, "-c", script, repr(time.time())], capture_output=True, text=True,
                             check=True, env=os.environ)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return summarise(samples)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QSettings

    from keidesigner.app.main import has_opengl, make_application

    app = make_application()
    if not has_opengl():
        print("App: skipped (no OpenGL on this Qt platform; run under xvfb-run with QT_QPA_PLATFORM=xcb)")
        return
    from keidesigner.app.document import DesignDocument
    from keidesigner.app.mainwindow import MainWindow
    from keidesigner.files import load_preset

    folder = Path(tempfile.mkdtemp())
    window = MainWindow(DesignDocument(load_preset("kei-truck")),
                        QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat), folder / "autosave")
    window.show()
    viewer = window.viewer
    frames = {"n": 0}
    viewer.frame_drawn.connect(lambda: frames.__setitem__("n", frames["n"] + 1))

    def wait_frame(since: int) -> None:
        deadline = time.perf_counter() + 5
        while frames["n"] == since and time.perf_counter() < deadline:
            app.processEvents()

    wait_frame(0)
    spin = window.parameters.editors["dimensions.length_mm"].spin

    def edit_to_frame(count: int) -> list[float]:
        samples = []
        for i in range(count):
            since = frames["n"]
            start = time.perf_counter()
            spin.setValue(3000 + (i % 60) * 5)  # a value change in the panel, as a spin-box hold makes
            wait_frame(since)
            samples.append(time.perf_counter() - start)
        return samples

    edit_to_frame(20)
    edits = summarise(edit_to_frame(EDITS))

    def repaint_only(count: int) -> list[float]:
        samples = []
        for _ in range(count):
            since = frames["n"]
            start = time.perf_counter()
            viewer.update()
            wait_frame(since)
            samples.append(time.perf_counter() - start)
        return samples

    repaint_only(20)
    floor = summarise(repaint_only(EDITS))
    triangles = sum(len(p.faces) for p in window.scene)

    print(f"App: edit-to-frame over {EDITS} length edits, kei-truck ({triangles:,} triangles), Xvfb + llvmpipe")
    print(f"  {'bare GLViewWidget repaint (floor)':<38} mean {ms(floor.mean_s)}  median {ms(floor.median_s)}  "
          f"p95 {ms(floor.p95_s)}")
    print(f"  {'edit -> frame':<38} mean {ms(edits.mean_s)}  median {ms(edits.median_s)}  p95 {ms(edits.p95_s)}  "
          f"{edits.median_s / floor.median_s:5.2f}× floor")

    # RSS after each block of 1,000 edits: the first block includes one-time growth (driver buffer pools, caches);
    # flat means the later blocks add nothing
    readings = [_rss_mb()]
    for _ in range(MEMORY_BLOCKS):
        edit_to_frame(MEMORY_EDITS)
        app.processEvents()
        readings.append(_rss_mb())
    steps = "  ".join(f"{r:.1f}" for r in readings)
    print(f"  RSS every {MEMORY_EDITS:,} edits (MB): {steps}   last block {readings[-1] - readings[-2]:+.1f} MB "
          f"(undo steps after merging: {window.document.undo_stack.count()})")
    window.document.undo_stack.setClean()
    window.close()

    bare = _start_times(BARE_START)
    full = _start_times(APP_START)
    print(f"App: start-up to first rendered frame ({STARTS} starts each, new process)")
    print(f"  {'bare PySide6 + pyqtgraph.opengl window':<38} median {ms(bare.median_s)}  p95 {ms(bare.p95_s)}")
    print(f"  {'KeiDesigner main window':<38} median {ms(full.median_s)}  p95 {ms(full.p95_s)}  "
          f"{full.median_s / bare.median_s:5.2f}× bare")


if __name__ == "__main__":
    main()
