"""Fixtures that drive the real main window with isolated settings and autosave folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402

from keidesigner.app import recovery  # noqa: E402
from keidesigner.app.document import DesignDocument  # noqa: E402
from keidesigner.app.main import has_opengl, make_application  # noqa: E402
from keidesigner.app.mainwindow import MainWindow  # noqa: E402
from keidesigner.files import load_preset  # noqa: E402


@pytest.fixture(scope="session")
def qapp_cls():
    return type(make_application())


@pytest.fixture(scope="session")
def qapp(qapp_args):
    return make_application()


@pytest.fixture
def gl() -> None:
    """Tests that need real OpenGL: skipped without it, failed when REQUIRE_GL=1 (CI)."""
    require_gl()


def require_gl() -> None:
    if not has_opengl():
        message = f"no OpenGL on the '{QGuiApplication.platformName()}' Qt platform"
        if os.environ.get("REQUIRE_GL") == "1":
            pytest.fail(message + " and REQUIRE_GL=1")
        pytest.skip(message)


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A modal dialog nobody answers would hang the run: fail instead, unless the test answers it itself."""
    def refuse(name):
        def dialog(*args, **kwargs):
            raise AssertionError(f"unexpected modal dialog {name}: {args[2:3] or kwargs}")
        return dialog

    for name in ("warning", "question", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse(f"QMessageBox.{name}"))
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, refuse(f"QFileDialog.{name}"))
    monkeypatch.setattr(recovery, "ask", refuse("recovery.ask"))  # the recovery questions are QMessageBox.exec()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qapp, qtbot, tmp_path, settings):
    made = []

    def make(preset: str = "kei-truck", path: Path | None = None) -> MainWindow:
        document = DesignDocument(load_preset(preset), path)
        window = MainWindow(document, settings, tmp_path / "autosave", gl=has_opengl())
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.document.undo_stack.setClean()  # no prompt while tearing down
        window.close()
        window.deleteLater()
    qtbot.wait(0)


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()
