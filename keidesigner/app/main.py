"""Start the desktop program: application set-up, crash recovery, and the --screenshot mode for docs and tests."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ..design import UnitSystem
from ..files import DEFAULT_PRESET, DesignFileError, load_preset, load_source
from ..files.autosave import Snapshot, recoverable
from ..files.presets import PRESET_PREFIX
from ..fonts import register_fonts
from . import recovery

NO_GL_PLATFORMS = {"offscreen", "minimal", "vnc"}


def make_application(argv: list[str] | None = None) -> QApplication:
    # Qt holds a window's repaint back 5 ms after it is asked for, to merge requests; the 3D view asks once per edit
    # (edits are coalesced already), so the wait only delays every frame. Read once, when Qt first repaints.
    os.environ.setdefault("QT_QPA_UPDATE_IDLE_TIME", "0")
    # pyqtgraph caches shader programs per process: a second GL widget draws nothing without shared contexts
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(argv if argv is not None else [sys.argv[0]])
    app.setOrganizationName("KeiDesigner")
    app.setApplicationName("KeiDesigner")
    register_fonts()  # the Japanese face the program carries: design names in kana and kanji, not empty boxes
    return app


class FileOpenHandler(QObject):
    """macOS hands a design double-clicked in Finder to the running program as a FileOpen event on the application."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FileOpen and event.file():
            self.window.open_path(event.file())
            return True
        return False


def handle_file_open(app: QApplication, window) -> FileOpenHandler:
    handler = FileOpenHandler(window)
    app.installEventFilter(handler)
    return handler


def has_opengl() -> bool:
    """The offscreen platform has no QOpenGLWidget support (and GLViewWidget crashes there)."""
    return QGuiApplication.platformName() not in NO_GL_PLATFORMS


def autosave_folder() -> Path:
    """Where snapshots go: the user's data folder; usable before the QApplication exists (run_app looks there
    before starting Qt)."""
    if QCoreApplication.instance() is None:  # the names make_application gives, which the location is built from
        QCoreApplication.setOrganizationName("KeiDesigner")
        QCoreApplication.setApplicationName("KeiDesigner")
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "autosave"


def offer_recovery(window, snapshots: list[Snapshot], opening: tuple[Path, DesignFileError] | None = None) -> bool:
    """Ask about each snapshot left by a session that is gone (see app/recovery.py); True when one was recovered."""
    return recovery.offer_recovery(window, snapshots, opening)


def _recovery_enabled(screenshot: str | None) -> bool:
    return not screenshot and not os.environ.get("KEIDESIGNER_NO_RECOVERY")


def run_app(file: str | None, screenshot: str | None = None, units: str | None = None, tab: str | None = None) -> int:
    from .document import DesignDocument
    from .mainwindow import MainWindow

    opening: tuple[Path, DesignFileError] | None = None
    try:  # before Qt starts: a file that does not load costs no window, unless autosaved changes to it are waiting
        design, path = load_source(file) if file else (load_preset(DEFAULT_PRESET), None)
    except DesignFileError as exc:
        if not (file and not file.startswith(PRESET_PREFIX) and _recovery_enabled(screenshot)
                and recoverable(autosave_folder(), file)):
            print(f"keidesigner: {exc}", file=sys.stderr)
            return 2
        design, path, opening = load_preset(DEFAULT_PRESET), None, (Path(file), exc)
    app = make_application()
    gl = has_opengl()
    if screenshot and not gl:
        print(f"keidesigner: no OpenGL on the '{QGuiApplication.platformName()}' platform; "
              "a screenshot needs a display (try xvfb-run)", file=sys.stderr)
        return 2
    document = DesignDocument(design, path)
    if screenshot:
        # a screenshot shows the default layout and leaves the user's settings and snapshots alone
        with tempfile.TemporaryDirectory(prefix="keidesigner-shot-") as scratch:
            settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(document, settings, Path(scratch) / "autosave", gl=gl)
            if units:
                window.set_units(UnitSystem(units))
            if tab:
                window.show_tab(tab)
            if tab == "explore":
                window.explore.run()  # the tab's default sweep, so that the picture shows a finished map
            window.show()
            return _screenshot(app, window, screenshot)
    window = MainWindow(document, QSettings(), autosave_folder(), gl=gl)
    if units:
        window.set_units(UnitSystem(units))
    if tab:
        window.show_tab(tab)
    handle_file_open(app, window)
    window.show()
    if _recovery_enabled(screenshot):
        QTimer.singleShot(0, lambda: offer_recovery(window, recoverable(window.autosave_dir), opening))
    return app.exec()


def _screenshot(app: QApplication, window, out: str) -> int:
    result = {"code": 2}

    def grab() -> None:
        from .viewer import grab_window

        image = grab_window(window)  # window.grab() alone leaves the native 3D view out
        result["code"] = 0 if image.save(out) else 2
        if result["code"]:
            print(f"keidesigner: {out}: could not write the PNG", file=sys.stderr)
        window.document.undo_stack.setClean()
        window.close()
        app.quit()

    when_shown(window, grab)
    QTimer.singleShot(20000, lambda: (print("keidesigner: no frame was rendered", file=sys.stderr), app.quit()))
    app.exec()
    return result["code"]


def when_shown(window, then) -> None:
    """Call `then()` once the window has drawn its first 3D frame and what is worked out in the background (the
    pedestrian head zones, the energy estimate, a sweep of the Explore tab) has joined it, one more turn later so
    that every dock has painted too."""

    def first_frame() -> None:
        window.viewer.frame_drawn.disconnect(first_frame)  # the first frame only
        measured()

    def measured() -> None:
        if window.wad_worker.busy or window.energy_worker.busy or window.explore.busy:
            QTimer.singleShot(25, measured)
        else:
            QTimer.singleShot(50, then)

    window.viewer.frame_drawn.connect(first_frame)
