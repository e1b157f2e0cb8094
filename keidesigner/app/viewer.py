"""The 3D preview: the vehicle as one flat-shaded mesh updated in place, the kei box; orthographic Front / Side / Top.

VehicleView is the widget the main window holds; it hosts the GL drawing (VehicleGL, a native QOpenGLWindow, see
glwindow.py for why) in a window container and passes its public methods through.
"""

from __future__ import annotations

from math import radians, tan

import numpy as np
import pyqtgraph.opengl as gl
from OpenGL import GL
from pyqtgraph.opengl.MeshData import MeshData
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QImage, QMatrix4x4, QPainter, QPixmap, QVector3D
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..geometry import KEI_BOX_MM, Part, Scene
from ..geometry.scene import OCCUPANTS
from .glwindow import GLWindow
from .shading import VEHICLE_SHADER

MM = 0.001  # the scene is in millimetres, the view in metres
ENVELOPE_OK = np.array([0.30, 0.55, 0.95, 0.10], dtype=np.float32)
ENVELOPE_OVER = np.array([0.90, 0.10, 0.10, 0.45], dtype=np.float32)
ENVELOPE_EDGE = (0.25, 0.45, 0.85, 0.9)
# Opaque, and faces turned away from the camera are not drawn: every part is closed and wound outwards
# (tests/geometry checks both for every preset and for generated designs), so those faces are always hidden behind
# others; skipping them took a 1,094 × 520 frame of the kei truck from 9.6 to 7.2 ms on llvmpipe.
VEHICLE_GL = {GL.GL_DEPTH_TEST: True, GL.GL_BLEND: False, GL.GL_CULL_FACE: True}

# The seated figures, a viewing aid (not exported or measured): drawn with the vehicle on request (View ▸ Show
# Occupants), when not hidden.
ON_REQUEST = frozenset({OCCUPANTS})
# With the occupants shown the shell and its glass are drawn see-through, as their own blended item after the opaque
# parts, or the people would sit inside a closed body; opaque otherwise, where the extra item would cost every frame
# for nothing. Only faces towards the camera: one layer of the shell over the seats, not a muddle of its far side.
SEE_THROUGH = {"body": 0.22, "glass": 0.3}  # part -> alpha
# Drawing order (pyqtgraph draws items by rising depth value): the opaque parts, then the see-through shell, which
# needs what is inside it drawn already, then the kei box, whose faces write depth and would hide the shell inside.
SEE_THROUGH_DEPTH, ENVELOPE_DEPTH = 1, 2
SEE_THROUGH_GL = {GL.GL_DEPTH_TEST: True, GL.GL_BLEND: True, GL.GL_CULL_FACE: True,
                  # the frame's alpha stays 1: blended into it, grabs (screenshots, the report) read the
                  # translucent faces as holes and the colours as unpremultiplied garbage
                  "glBlendFuncSeparate": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ZERO, GL.GL_ONE)}
# The pedestrian WAD lines (View ▸ Show Pedestrian Zones): the child zone's lines (1,000 mm, its start) amber, the
# adult zone's (2,100 mm, its end) magenta (the kei box is blue), and 1,700 mm, where the one ends and the other
# begins, dashed in both.
# Drawn after the see-through shell, before the kei box (whose faces write depth).
CHILD_ZONE_RGBA = (0.95, 0.62, 0.05, 1.0)
ADULT_ZONE_RGBA = (0.80, 0.12, 0.62, 1.0)
WAD_DEPTH = 1.5
# The lines join points measured on the surface: lifted this far forward and up (the way the front structure's
# surfaces face), they stay in front of the faces they lie on instead of flickering in and out of them.
WAD_LIFT_MM = (6.0, 0.0, 6.0)
WAD_DASHES = 2  # dashes per section-to-section step of the 1,700 mm line
FIT_MAX_ASPECT = 1.4  # width / height beyond which fit() moves the camera back so the vehicle keeps its height

# name -> (azimuth, elevation, orthographic)
VIEWS = {
    "iso": (-50.0, 20.0, False),  # front three-quarter, from the right: where a designer shapes the car
    "front": (0.0, 0.0, True),
    "side": (-90.0, 0.0, True),
    "top": (-90.0, 90.0, True),
}


class FlatMesh(MeshData):
    """Triangles drawn flat, with their per-face normals worked out once, in numpy, when the mesh is made.

    pyqtgraph's MeshData would compute the normals (and index the corners and colours by face) inside the paint
    that first draws the mesh; GLMeshItem asks for them through faceNormals(indexed="faces"), answered here.
    corners: (F, 3, 3) float32 triangle corners; colors: (F, 3, 4) uint8 RGBA per corner; normals: (F, 3) float32
    or None for a shader that uses none.
    """

    def __init__(self, corners: np.ndarray, colors: np.ndarray, normals: np.ndarray | None) -> None:
        super().__init__(vertexes=corners, vertexColors=colors)
        self._flat_normals = None if normals is None else np.repeat(normals[:, None, :], 3, axis=1)

    def faceNormals(self, indexed=None):  # noqa: N802 - pyqtgraph API
        if indexed == "faces" and self._flat_normals is not None:
            return self._flat_normals
        return super().faceNormals(indexed)


def wad_segments(lines: dict) -> tuple[np.ndarray, np.ndarray]:
    """The WAD lines as GL line segments: (2S, 3) float32 metres (pairs of ends, lifted by WAD_LIFT_MM) and (2S, 4)
    float32 RGBA per end. lines: {distance mm: WadLine} (geometry/wad.py); a line breaks where a section is not
    reached. The 1,000 mm line in CHILD_ZONE_RGBA, 2,100 mm in ADULT_ZONE_RGBA, 1,700 mm alternating (WAD_DASHES
    dashes a step); any other distance takes the zone it starts."""
    ends, colours = [], []
    for distance, line in lines.items():
        points = np.asarray(line.points, dtype=np.float64) + WAD_LIFT_MM
        for k in range(len(points) - 1):
            a, b = points[k], points[k + 1]
            if not (line.reached[k] and line.reached[k + 1]):
                continue
            if distance == 1700.0:
                t = np.linspace(0.0, 1.0, WAD_DASHES * 2 + 1)
                for i in range(len(t) - 1):
                    ends += [a + t[i] * (b - a), a + t[i + 1] * (b - a)]
                    colours += [CHILD_ZONE_RGBA if i % 2 == 0 else ADULT_ZONE_RGBA] * 2
            else:
                ends += [a, b]
                colours += [CHILD_ZONE_RGBA if distance < 1700.0 else ADULT_ZONE_RGBA] * 2
    if not ends:
        return np.zeros((0, 3), np.float32), np.zeros((0, 4), np.float32)
    return (np.asarray(ends) * MM).astype(np.float32), np.asarray(colours, dtype=np.float32)


def flat_arrays(parts, with_normals: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The parts' triangles as one flat mesh: (F, 3, 3) float32 corners in metres, (F, 3, 4) uint8 colours and (F, 3)
    float32 face normals (not normalised: the shader does it after the view transform), or None."""
    # np.take of float32 rows: a tenth of the time of vertices[faces] on the float64 arrays
    corners = np.concatenate([np.take(p.vertices.astype(np.float32), p.faces, axis=0) for p in parts])
    corners *= MM
    rgba = np.concatenate([np.asarray(p.face_colors) for p in parts])
    colors = np.repeat(np.clip(np.rint(rgba * 255), 0, 255).astype(np.uint8)[:, None, :], 3, axis=1)
    if not with_normals:
        return corners, colors, None
    a = corners[:, 1] - corners[:, 0]
    b = corners[:, 2] - corners[:, 0]
    normals = np.empty((len(corners), 3), dtype=np.float32)  # a × b, written out: np.cross costs more
    normals[:, 0] = a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1]
    normals[:, 1] = a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2]
    normals[:, 2] = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    return corners, colors, normals


class VehicleGL(GLWindow):
    """The GL drawing: the whole vehicle as one flat-shaded GLMeshItem, the kei box as a translucent one plus its
    edges, a ground grid; an orthographic mode. Items are made once and updated in place on every edit.

    One item for every vehicle part rather than one each: each item costs its own Python set-up and draw calls in
    every frame (0.3-0.6 ms here), whatever its size, and the truck had six.
    """

    def __init__(self):
        super().__init__()
        self.setBackgroundColor((236, 239, 243))
        self.orthographic = False
        self.vehicle: gl.GLMeshItem | None = None
        self.see_through: gl.GLMeshItem | None = None  # the shell and glass, while the occupants are shown
        self.envelope: gl.GLMeshItem | None = None
        self.envelope_edges: gl.GLLinePlotItem | None = None
        self.wad_item: gl.GLLinePlotItem | None = None  # the pedestrian WAD lines, while shown
        self.wad_lines: dict | None = None  # {distance mm: WadLine} they show
        self._envelope_key: tuple | None = None
        self.show_envelope = True
        self.wireframe = False
        self.hidden_parts: set[str] = {OCCUPANTS}
        self.shown_parts: tuple[str, ...] = ()  # the scene parts the vehicle mesh holds now
        self._scene: Scene | None = None
        grid = gl.GLGridItem()
        grid.setSize(8, 5)
        grid.setSpacing(0.5, 0.5)
        grid.setColor((150, 156, 166, 110))
        grid.translate(-KEI_BOX_MM[0] * MM / 2, 0, 0)
        self.addItem(grid)
        self.grid = grid
        self._fitted = False
        self._fit_size = 0.0
        self._auto_distance = False
        self.set_view("iso")

    @property
    def items_by_part(self) -> dict[str, gl.GLMeshItem]:
        """'vehicle' (every opaque vehicle part), 'see_through' (the shell and glass, shown with the occupants) and
        'envelope' (the kei box), once made."""
        items = (("vehicle", self.vehicle), ("see_through", self.see_through), ("envelope", self.envelope))
        return {name: item for name, item in items if item is not None}

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
        """Centre the camera on the vehicle, far enough back that it fits the view's width and height.

        The field of view is horizontal, so a wide, low view (the 3D view with the compliance panel docked below it
        is about 1,100 × 520) needs the camera further back than a tall one. Until the user zooms or pans, the
        distance follows the view's shape as it is resized.
        """
        lo, hi = scene.bounds
        self._fit_size = float(np.max(hi - lo)) * MM
        self._auto_distance = True
        self.setCameraPosition(pos=QVector3D(*((lo + hi) / 2 * MM)), distance=self._fit_distance())

    def _fit_distance(self) -> float:
        # 1.45 × the longest side across the width; the height then shows 1/FIT_MAX_ASPECT of that at least
        aspect = self.width() / self.height() if self.height() > 0 else 1.0
        return self._fit_size * 1.45 * max(1.0, aspect / FIT_MAX_ASPECT)

    def resizeGL(self, w: int, h: int) -> None:  # noqa: N802 - Qt API
        if self._auto_distance and self._fit_size:
            self.opts["distance"] = self._fit_distance()

    def wheelEvent(self, ev) -> None:  # noqa: N802 - Qt API
        self._auto_distance = False  # the user's zoom stays
        super().wheelEvent(ev)

    def pan(self, dx, dy, dz, relative="global") -> None:
        self._auto_distance = False
        super().pan(dx, dy, dz, relative)

    # --- scene ------------------------------------------------------------------------------------------------
    def show_scene(self, scene: Scene, over: tuple[bool, bool, bool] = (False, False, False)) -> None:
        """Show `scene`; `over` says which kei limits (length, width, height) the design exceeds."""
        self._scene = scene
        self._show_vehicle(scene)
        if "envelope" in scene:
            self._show_envelope(scene.envelope, over)
        if not self._fitted:
            self.fit(scene)
            self._fitted = True
        self.update()

    def _show_vehicle(self, scene: Scene) -> None:
        """Every vehicle part and part shown on request (the occupants) that is not hidden, merged into the one mesh
        item."""
        parts = [p for p in scene if (p.is_vehicle or p.name in ON_REQUEST) and p.name not in self.hidden_parts]
        self.shown_parts = tuple(p.name for p in parts)
        see_through = [p for p in parts if p.name in SEE_THROUGH] if ON_REQUEST.intersection(self.shown_parts) else []
        self._show_see_through(see_through)
        parts = [p for p in parts if p.name not in SEE_THROUGH] if see_through else parts
        if parts:
            mesh = FlatMesh(*flat_arrays(parts))
        else:
            mesh = FlatMesh(np.zeros((0, 3, 3), np.float32), np.zeros((0, 3, 4), np.uint8),
                            np.zeros((0, 3), np.float32))
        if self.vehicle is None:
            self.vehicle = gl.GLMeshItem(meshdata=mesh, smooth=False, shader=VEHICLE_SHADER, glOptions=VEHICLE_GL,
                                         **self._face_style())
            self.addItem(self.vehicle)
        else:
            self.vehicle.setMeshData(meshdata=mesh, **self._face_style())

    def _show_see_through(self, parts: list[Part]) -> None:
        """The see-through item: `parts` at their SEE_THROUGH alpha, or hidden when there are none."""
        if not parts:
            if self.see_through is not None:
                self.see_through.setVisible(False)
            return
        tinted = []
        for part in parts:
            rgba = np.array(part.face_colors, dtype=np.float32)
            rgba[:, 3] = SEE_THROUGH[part.name]
            tinted.append(Part(part.name, part.vertices, part.faces, face_colors_override=rgba))
        mesh = FlatMesh(*flat_arrays(tinted))
        if self.see_through is None:
            self.see_through = gl.GLMeshItem(meshdata=mesh, smooth=False, shader=VEHICLE_SHADER,
                                             glOptions=SEE_THROUGH_GL, **self._face_style())
            self.see_through.setDepthValue(SEE_THROUGH_DEPTH)
            self.addItem(self.see_through)
        else:
            self.see_through.setMeshData(meshdata=mesh, **self._face_style())
        self.see_through.setVisible(True)

    def set_part_visible(self, name: str, visible: bool) -> None:
        """Show or hide the scene part `name` (by name: 'occupants'), now and in every scene shown after."""
        if (name not in self.hidden_parts) == visible:
            return
        if visible:
            self.hidden_parts.discard(name)
        else:
            self.hidden_parts.add(name)
        if self._scene is not None and name in self._scene:
            self._show_vehicle(self._scene)
            self.update()

    def show_wad_lines(self, lines: dict | None) -> None:
        """Draw the pedestrian WAD lines ({distance mm: WadLine}, geometry/wad.py) on the vehicle; None hides them."""
        self.wad_lines = lines
        if not lines:
            if self.wad_item is not None:
                self.wad_item.setVisible(False)
                self.update()
            return
        pos, colours = wad_segments(lines)
        if self.wad_item is None:
            self.wad_item = gl.GLLinePlotItem(pos=pos, color=colours, mode="lines", width=3.0, antialias=True,
                                              glOptions="translucent")
            self.wad_item.setDepthValue(WAD_DEPTH)
            self.addItem(self.wad_item)
        else:
            self.wad_item.setData(pos=pos, color=colours)
        self.wad_item.setVisible(len(pos) > 0)
        self.update()

    def _show_envelope(self, part, over: tuple[bool, bool, bool]) -> None:
        """The kei box, with the sides a design pushes through in red; left alone while neither changes."""
        key = (part.vertices.tobytes(), part.faces.tobytes(), tuple(over))
        if key == self._envelope_key:
            return
        self._envelope_key = key
        tinted = Part(part.name, part.vertices, part.faces, face_colors_override=self._envelope_colors(part, over))
        mesh = FlatMesh(*flat_arrays([tinted], with_normals=False))
        if self.envelope is None:
            # the default shader uses no normals: computeNormals=False spares making them
            self.envelope = gl.GLMeshItem(meshdata=mesh, smooth=False, computeNormals=False,
                                          glOptions="translucent")
            self.envelope.setVisible(self.show_envelope)
            self.envelope.setDepthValue(ENVELOPE_DEPTH)
            self.addItem(self.envelope)
        else:
            self.envelope.setMeshData(meshdata=mesh)
        self._show_box_edges(part.vertices * MM)

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
            self.envelope_edges.setDepthValue(ENVELOPE_DEPTH)
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
        for item in (self.envelope, self.envelope_edges):
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
        for item in (self.vehicle, self.see_through):
            if item is not None:
                item.setMeshData(meshdata=item.opts["meshdata"], **self._face_style())


class VehicleView(QWidget):
    """The 3D preview widget: VehicleGL in a window container, with its public methods.

    Signals: frame_drawn after every frame the view puts on screen (see GLWindow.frame_drawn).
    """

    frame_drawn = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.gl = VehicleGL()
        self.gl.frame_drawn.connect(self.frame_drawn)
        self.container = QWidget.createWindowContainer(self.gl, self)
        # The container owns the window in Qt (it deletes it) but PySide leaves the Python wrapper owning it too; at
        # interpreter exit PySide then deletes the window first, and Qt crashes tearing down the container
        # (QWindowContainer::toplevelAboutToBeDestroyed reads the deleted window). Setting the QObject parent the
        # window already has changes nothing in Qt and hands ownership to C++.
        QObject.setParent(self.gl, self.gl.parent())
        self.container.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # what GLViewWidget had: arrow keys orbit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.container)
        self.setMinimumSize(480, 360)

    # the scene and view options
    def show_scene(self, scene: Scene, over: tuple[bool, bool, bool] = (False, False, False)) -> None:
        self.gl.show_scene(scene, over)

    def set_view(self, name: str) -> None:
        self.gl.set_view(name)

    def fit(self, scene: Scene) -> None:
        self.gl.fit(scene)

    def set_envelope_visible(self, visible: bool) -> None:
        self.gl.set_envelope_visible(visible)

    def set_wireframe(self, on: bool) -> None:
        self.gl.set_wireframe(on)

    def set_part_visible(self, name: str, visible: bool) -> None:
        self.gl.set_part_visible(name, visible)

    def show_wad_lines(self, lines: dict | None) -> None:
        self.gl.show_wad_lines(lines)

    def request_frame(self) -> None:
        """Draw the view again with nothing changed (benchmarks time this as the floor of any frame)."""
        self.gl.update()

    @property
    def items_by_part(self) -> dict[str, gl.GLMeshItem]:
        return self.gl.items_by_part

    @property
    def envelope_edges(self) -> gl.GLLinePlotItem | None:
        return self.gl.envelope_edges

    # pictures of the view
    def grabFramebuffer(self) -> QImage:  # noqa: N802 - the name GLViewWidget gave it
        """The 3D view's pixels as drawn now (empty before it was first shown)."""
        return self.gl.grabFramebuffer()

    def grab_into(self, pixmap: QPixmap, window: QWidget) -> None:
        """Paint the 3D view into `pixmap`, a grab of `window`: QWidget.grab leaves a native GL window out."""
        if not self.isVisible():
            return
        image = self.grabFramebuffer()
        if image.isNull():
            return
        painter = QPainter(pixmap)
        painter.drawImage(self.container.mapTo(window, QPoint(0, 0)), image)
        painter.end()


def grab_window(window: QWidget) -> QPixmap:
    """window.grab() with every 3D view in it drawn in."""
    pixmap = window.grab()
    for view in window.findChildren(VehicleView):
        view.grab_into(pixmap, window)
    return pixmap
