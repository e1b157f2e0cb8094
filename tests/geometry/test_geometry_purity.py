"""The geometry package stays Qt-free, so the CLI, the PDF and headless workers run the same code as the GUI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import keidesigner.geometry

PACKAGE = Path(keidesigner.geometry.__file__).parent


BANNED = {"PySide6", "PyQt5", "PyQt6", "pyqtgraph", "OpenGL"}


def test_no_qt_imports_in_the_source():
    for source in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in BANNED, f"{source.name} imports {name}"


def test_importing_and_building_loads_no_qt():
    code = (
        "import sys\n"
        "from keidesigner.files import load_preset\n"
        "from keidesigner.geometry import build_scene, outlines\n"
        "outlines(load_preset('kei-truck'), 'side')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'OpenGL')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
