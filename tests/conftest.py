"""Shared fixtures: the bundled presets, by name and as designs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# tests/strategies.py is imported as a plain module by the test packages below tests/
sys.path.insert(0, str(Path(__file__).parent))

from keidesigner.files import load_preset  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def qt_application_made_first():
    """The desktop app's QApplication, made before any test runs. Qt allows one application object a process, and a
    QGuiApplication made first (the report draws with one when none is running) leaves no way to make the
    QWidget-capable one the app tests need: a run that reached a report test before the app tests aborted. Without a
    display, Qt's offscreen platform, as the report itself would choose."""
    try:
        from keidesigner.app.main import make_application
    except ImportError:  # no PySide6: the core's tests still run
        yield None
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    yield make_application()

PRESET_NAMES = ("kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster", "kei-truck", "kei-van")


@pytest.fixture(params=PRESET_NAMES)
def preset_name(request) -> str:
    return request.param


@pytest.fixture
def preset(preset_name):
    """Every bundled preset, one test per preset."""
    return load_preset(preset_name)


@pytest.fixture
def truck():
    return load_preset("kei-truck")


@pytest.fixture
def ev_hatch():
    return load_preset("kei-ev-hatch")


@pytest.fixture
def van():
    return load_preset("kei-van")


@pytest.fixture
def hybrid_wagon():
    return load_preset("kei-hybrid-wagon")


@pytest.fixture
def roadster():
    return load_preset("kei-roadster")

