"""Shared fixtures: the bundled presets, by name and as designs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# tests/strategies.py is imported as a plain module by the test packages below tests/
sys.path.insert(0, str(Path(__file__).parent))

from keidesigner.files import load_preset  # noqa: E402

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

