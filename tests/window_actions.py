"""What the window tests do as a user does: type into a field and press Enter, and wait for the refresh."""

from __future__ import annotations

from PySide6.QtCore import Qt


def type_into(qtbot, window, path: str, text: str) -> None:
    """Select a number field's text, type `text` and press Enter, as a user would."""
    line = window.parameters.editors[path].spin.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def settle(qtbot, window) -> None:
    """Wait for the coalesced refresh that follows an edit."""
    if window._refresh_pending:
        with qtbot.waitSignal(window.refreshed, timeout=3000):
            pass


def fresh_window_script(preset: str, gl: bool = False) -> str:
    """Python source that opens the main window on `preset` in a process of its own (isolated settings and autosave
    folder) and shows it: `app` and `window` are defined after it. For tests of what a fresh start imports or does."""
    return f"""
import json, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QSettings
from keidesigner.app.main import make_application
app = make_application()
from keidesigner.app.document import DesignDocument
from keidesigner.app.mainwindow import MainWindow
from keidesigner.files import load_preset
folder = Path(tempfile.mkdtemp())
window = MainWindow(DesignDocument(load_preset({preset!r})),
                    QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat), folder / "autosave", gl={gl!r})
"""
