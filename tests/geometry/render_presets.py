"""Render each preset's scene to a PNG (one per body style) for eyeballing and for resources/renders/.

Needs a real OpenGL context, so run it under Xvfb:

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python tests/geometry/render_presets.py [OUT_DIR] [--envelope] [--views]

Not a test (pytest only collects test_*.py); it is the lead's tool for refreshing the committed renders.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
STYLE_PRESETS = {"truck": "kei-truck", "van": "kei-van", "hatchback": "kei-ev-hatch", "roadster": "kei-roadster"}


# Lighting baked into face colours: predictable under llvmpipe, and each face of a flat-shaded body reads apart.
_LIGHTS = [(np.array([0.5, 0.6, 0.8]), 0.55), (np.array([-0.6, -0.3, 0.4]), 0.25)]
_AMBIENT = 0.35


def _lit(part) -> np.ndarray:
    normals = np.asarray(part.mesh.face_normals)
    shade = np.full(len(normals), _AMBIENT)
    for direction, strength in _LIGHTS:
        shade += strength * np.clip(normals @ (direction / np.linalg.norm(direction)), 0.0, None)
    colors = np.array(part.face_colors, dtype=np.float32)
    colors[:, :3] = np.clip(colors[:, :3] * shade[:, None], 0.0, 1.0)
    return colors


def render(design, path: Path, size=(800, 500), envelope: bool = False, view=(35.0, 18.0)) -> None:
    import pyqtgraph.opengl as gl
    from PySide6 import QtGui

    from keidesigner.geometry import build_scene

    scene = build_scene(design)
    widget = gl.GLViewWidget()
    widget.resize(*size)
    widget.setBackgroundColor((235, 238, 242))
    low, high = scene.bounds / 1000.0
    centre = (low + high) / 2
    for part in scene:
        if part.name == "envelope" and not envelope:
            continue
        item = gl.GLMeshItem(
            vertexes=np.asarray(part.vertices, dtype=np.float32) / 1000.0,
            faces=np.asarray(part.faces, dtype=np.uint32),
            faceColors=_lit(part),
            smooth=False, shader=None, drawEdges=False,
            glOptions="translucent" if part.name == "envelope" else "opaque",
        )
        widget.addItem(item)
    grid = gl.GLGridItem()
    grid.setSize(8, 6)
    grid.setSpacing(0.5, 0.5)
    grid.translate(centre[0], 0, 0)
    widget.addItem(grid)
    azimuth, elevation = view
    widget.setCameraPosition(
        pos=QtGui.QVector3D(*centre), distance=1.75 * float(np.max(high - low)), elevation=elevation, azimuth=azimuth
    )
    widget.show()
    image = widget.grabFramebuffer()
    image.save(str(path))
    widget.close()


def main(argv: list[str]) -> int:
    from PySide6 import QtCore, QtWidgets

    from keidesigner.files import load_preset

    QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])  # noqa: F841
    args = [a for a in argv if not a.startswith("--")]
    out = Path(args[0]) if args else ROOT / "resources" / "renders"
    out.mkdir(parents=True, exist_ok=True)
    for style, preset in STYLE_PRESETS.items():
        design = load_preset(preset)
        render(design, out / f"{style}.png", envelope="--envelope" in argv)
        print(out / f"{style}.png")
        if "--views" in argv:
            for name, view in {"side": (90.0, 0.0), "front": (0.0, 5.0), "rear": (180.0, 20.0)}.items():
                render(design, out / f"{style}-{name}.png", view=view)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
