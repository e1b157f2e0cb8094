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
