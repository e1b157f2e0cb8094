"""The 3D preview: one GLMeshItem per scene part, updated in place; orthographic Front / Side / Top views."""

from __future__ import annotations

from math import radians, tan

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtCore import Signal
from PySide6.QtGui import QMatrix4x4, QVector3D

from ..geometry import KEI_BOX_MM, Scene
from .shading import VEHICLE_SHADER

MM = 0.001  # the scene is in millimetres, the view in metres
ENVELOPE_OK = np.array([0.30, 0.55, 0.95, 0.10], dtype=np.float32)
ENVELOPE_OVER = np.array([0.90, 0.10, 0.10, 0.45], dtype=np.float32)
ENVELOPE_EDGE = (0.25, 0.45, 0.85, 0.9)

# name -> (azimuth, elevation, orthographic)
VIEWS = {
    "iso": (-135.0, 22.0, False),
    "front": (0.0, 0.0, True),
    "side": (-90.0, 0.0, True),
    "top": (-90.0, 90.0, True),
}


class VehicleView(gl.GLViewWidget):
    """GLViewWidget with an orthographic mode; never re-creates its items on an edit."""

    frame_drawn = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackgroundColor((236, 239, 243))
        self.setMinimumSize(480, 360)
        self.orthographic = False
        self.items_by_part: dict[str, gl.GLMeshItem] = {}
        self.show_envelope = True
        self.envelope_edges: gl.GLLinePlotItem | None = None
        self.wireframe = False
        self.frameSwapped.connect(self.frame_drawn)
        grid = gl.GLGridItem()
        grid.setSize(8, 5)
        grid.setSpacing(0.5, 0.5)
        grid.setColor((150, 156, 166, 110))
        grid.translate(-KEI_BOX_MM[0] * MM / 2, 0, 0)
        self.addItem(grid)
        self.grid = grid
        self._fitted = False
        self.set_view("iso")

    # --- projection -------------------------------------------------------------------------------------------
    def projectionMatrix(self, region, viewport):  # noqa: N802 - pyqtgraph API
        if not self.orthographic:
            return super().projectionMatrix(region, viewport)
        x0, y0, w, h = viewport
        dist = self.opts["distance"]
        half_w = dist * tan(0.5 * radians(self.opts["fov"]))
        half_h = half_w * h / w
        left = half_w * ((region[0] - x0) * (2.0 / w) - 1)
        right = half_w * ((region[0] + region[2] - x0) * (2.0 / w) - 1)
        bottom = half_h * ((region[1] - y0) * (2.0 / h) - 1)
        top = half_h * ((region[1] + region[3] - y0) * (2.0 / h) - 1)
        matrix = QMatrix4x4()
        matrix.ortho(left, right, bottom, top, -dist * 100, dist * 100)
        return matrix

    def set_view(self, name: str) -> None:
        azimuth, elevation, ortho = VIEWS[name]
        self.orthographic = ortho
        self.setCameraPosition(azimuth=azimuth, elevation=elevation)
        self.update()

    def fit(self, scene: Scene) -> None:
        lo, hi = scene.bounds
        centre = (lo + hi) / 2 * MM
        size = float(np.max(hi - lo)) * MM
        self.setCameraPosition(pos=QVector3D(*centre), distance=size * 1.45)

    # --- scene ------------------------------------------------------------------------------------------------
    def show_scene(self, scene: Scene, over: tuple[bool, bool, bool] = (False, False, False)) -> None:
        """Update every part's mesh in place; `over` says which kei limits (length, width, height) are exceeded."""
        for part in scene:
            item = self.items_by_part.get(part.name)
            envelope = not part.is_vehicle
            vertices = np.ascontiguousarray(part.vertices * MM, dtype=np.float32)
            faces = np.ascontiguousarray(part.faces, dtype=np.int32)
            colors = (self._envelope_colors(part, over) if envelope
                      else np.ascontiguousarray(part.face_colors, dtype=np.float32))
            style = {} if envelope else self._face_style()
            if item is None:
                item = gl.GLMeshItem(
                    vertexes=vertices, faces=faces, faceColors=colors, smooth=False,
                    shader=None if envelope else VEHICLE_SHADER, glOptions="translucent" if envelope else "opaque",
                    **style,
                )
                self.items_by_part[part.name] = item
                self.addItem(item)
                item.setVisible(self.show_envelope if envelope else True)
            else:
                item.setMeshData(vertexes=vertices, faces=faces, faceColors=colors, **style)
            if envelope:
                self._show_box_edges(part.vertices * MM)
        for name, item in self.items_by_part.items():
            if name not in scene and item.visible():
                item.setVisible(False)  # a part the new body style lacks (the truck's bed)
            elif name in scene and (name != "envelope" or self.show_envelope) and not item.visible():
                item.setVisible(True)
        if not self._fitted:
            self.fit(scene)
            self._fitted = True
        self.update()

    def _show_box_edges(self, vertices: np.ndarray) -> None:
        """The kei box's twelve edges (a mesh's own edges would draw every face diagonal too)."""
        lo, hi = vertices.min(axis=0), vertices.max(axis=0)
        corners = np.array([[(lo, hi)[(i >> k) & 1][k] for k in range(3)] for i in range(8)], dtype=np.float32)
        pairs = [(i, i | 1 << k) for i in range(8) for k in range(3) if not i >> k & 1]
        segments = corners[np.array(pairs).ravel()]
        if self.envelope_edges is None:
            self.envelope_edges = gl.GLLinePlotItem(pos=segments, mode="lines", color=ENVELOPE_EDGE, width=1.5,
                                                    antialias=True, glOptions="translucent")
            self.envelope_edges.setVisible(self.show_envelope)
            self.addItem(self.envelope_edges)
        else:
            self.envelope_edges.setData(pos=segments)

    @staticmethod
    def _envelope_colors(part, over: tuple[bool, bool, bool]) -> np.ndarray:
        """Faces of the kei box turn red on the sides the design pushes through."""
        v = part.vertices[part.faces]
        normals = np.cross(v[:, 1] - v[:, 0], v[:, 2] - v[:, 0])
        normals /= np.linalg.norm(normals, axis=1, keepdims=True)
        colors = np.tile(ENVELOPE_OK, (len(normals), 1))
        length_over, width_over, height_over = over
        red = np.zeros(len(normals), dtype=bool)
        if length_over:
            red |= normals[:, 0] < -0.9  # the box starts at the vehicle front: overrun shows at the rear
        if width_over:
            red |= np.abs(normals[:, 1]) > 0.9
        if height_over:
            red |= normals[:, 2] > 0.9
        colors[red] = ENVELOPE_OVER
        return colors

    def set_envelope_visible(self, visible: bool) -> None:
        self.show_envelope = visible
        for item in (self.items_by_part.get("envelope"), self.envelope_edges):
            if item is not None:
                item.setVisible(visible)

    def _face_style(self) -> dict[str, bool]:
        return {"drawEdges": self.wireframe, "drawFaces": not self.wireframe}

    def set_wireframe(self, on: bool) -> None:
        """Draw the vehicle as its triangles' edges, or solid.

        The options go through setMeshData, which makes the item re-read its mesh: GLMeshItem builds its edge
        buffers only while parsing mesh data, so flipping `opts["drawEdges"]` alone drew from buffers that did not
        exist ("Error while drawing item" on every paint, and no vehicle).
        """
        self.wireframe = on
        for name, item in self.items_by_part.items():
            if name != "envelope":
                item.setMeshData(meshdata=item.opts["meshdata"], **self._face_style())
