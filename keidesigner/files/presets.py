"""Presets shipped with the program, found the same way from source, an installed wheel or a bundle."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..design import Design
from .format import SUFFIX, DesignFileError, load_design, loads_design

DEFAULT_PRESET = "kei-truck"


def _folder() -> Traversable:
    return resources.files("keidesigner.resources") / "presets"


def preset_names() -> list[str]:
    return sorted(p.name.removesuffix(SUFFIX) for p in _folder().iterdir() if p.name.endswith(SUFFIX))


def load_preset(name: str) -> Design:
    entry = _folder() / f"{name}{SUFFIX}"
    if not entry.is_file():
        raise DesignFileError(name, f"no such preset (choose from {', '.join(preset_names())})")
    return loads_design(entry.read_text(encoding="utf-8"), path=f"preset {name}")


PRESET_PREFIX = "preset:"


def load_source(text: str) -> tuple[Design, Path | None]:
    """A design named on a command line: a file path, or `preset:NAME`; with the file's path (None for a preset)."""
    if text.startswith(PRESET_PREFIX):
        return load_preset(text.removeprefix(PRESET_PREFIX)), None
    return load_design(text), Path(text)
