"""The Explore map: a pyqtgraph plot of the sweep's cells, the current design's crosshair, hover and click.

Axes are in the user's units, their numbers written by the one Formatter (the locale's digits). Cells are one
ImageItem (one pixel a variant, stretched over the range), invalid variants hatched over their grey. The view does
not pan or zoom: it always shows the range swept. `hovered(index)` follows the pointer (-1 off the map), `clicked
(index)` is a left click on a cell.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem, QWidget

from ..design.units import Formatter

BACKGROUND = "#f6f7f9"
AXIS_COLOR = "#333333"
MARKER_COLOR = "#111111"
HATCH_COLOR = QColor(96, 96, 96)
MARKER_RADIUS = 6  # px
STALE_ALPHA = 0.35  # the map of a design that has since changed is drawn faded


class LocaleAxis(pg.AxisItem):
    """Tick labels with the Formatter's digits (3.400 under de_DE), never an SI prefix."""

    def __init__(self, orientation: str, fmt: Formatter):
        super().__init__(orientation)
        self.fmt = fmt
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph API
        places = max(0, math.ceil(-math.log10(spacing * scale) - 1e-9)) if spacing > 0 else 0
        return [self.fmt.number(v * scale, places) for v in values]


class SweepPlot(pg.PlotWidget):
    """Cells of a sweep drawn over x (columns) and y (rows) in display units."""

    hovered = Signal(int)
    clicked = Signal(int)

    def __init__(self, fmt: Formatter, parent: QWidget | None = None):
        self.axes = {"bottom": LocaleAxis("bottom", fmt), "left": LocaleAxis("left", fmt)}
        super().__init__(parent, background=BACKGROUND, axisItems=self.axes)
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        for axis in self.axes.values():
            axis.setPen(pg.mkPen(AXIS_COLOR))
            axis.setTextPen(pg.mkPen(AXIS_COLOR))
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        self.hatch = QGraphicsPathItem()
        brush = QBrush(HATCH_COLOR, Qt.BrushStyle.BDiagPattern)
        self.hatch.setBrush(brush)
        self.hatch.setPen(QPen(Qt.PenStyle.NoPen))
        item.addItem(self.hatch)
        self.cursor = QGraphicsRectItem()
        pen = QPen(QColor(MARKER_COLOR), 1.5)
        pen.setCosmetic(True)
        self.cursor.setPen(pen)
        self.cursor.hide()
        item.addItem(self.cursor)
        dashed = pg.mkPen(MARKER_COLOR, width=1, style=Qt.PenStyle.DashLine)
        self.vline = pg.InfiniteLine(angle=90, pen=dashed, movable=False)
        self.hline = pg.InfiniteLine(angle=0, pen=dashed, movable=False)
        # a plain item moved by setPos: the crosshair follows every edit, and a ScatterPlotItem's setData costs
        # ten times as much
        self.marker = QGraphicsEllipseItem(-MARKER_RADIUS, -MARKER_RADIUS, 2 * MARKER_RADIUS, 2 * MARKER_RADIUS)
        self.marker.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.marker.setPen(QPen(QColor(MARKER_COLOR), 2))
        self.marker.setBrush(QBrush(QColor(255, 255, 255, 230)))
        for part in (self.vline, self.hline, self.marker):
            part.setZValue(20)
            part.hide()
            item.addItem(part, ignoreBounds=True)
        self.xs: np.ndarray | None = None  # display values of the columns
        self.ys: np.ndarray | None = None
        self._hover = -1
        self.scene().sigMouseMoved.connect(self._moved)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setMouseTracking(True)

    # --- what is drawn -----------------------------------------------------------------------------------------
    def set_formatter(self, fmt: Formatter) -> None:
        for axis in self.axes.values():
            axis.fmt = fmt
            axis.picture = None  # tick labels written again
            axis.update()

    def set_titles(self, x: str, y: str) -> None:
        self.axes["bottom"].setLabel(x)
        self.axes["left"].setLabel(y)

    def set_grid(self, xs: np.ndarray, ys: np.ndarray) -> None:
        """The cells' centres in display units; the view shows the whole range, half a cell beyond each end."""
        self.xs, self.ys = np.asarray(xs, float), np.asarray(ys, float)
        rect = self.extent()
        self.image.setImage(np.zeros((len(ys), len(xs), 4), dtype=np.uint8), levels=None)
        self.image.setRect(rect)
        self.hatch.setPath(QPainterPath())
        self.getPlotItem().getViewBox().setRange(rect, padding=0)
        self._hover = -1
        self.cursor.hide()

    def extent(self) -> QRectF:
        dx, dy = self._pitch()
        return QRectF(self.xs[0] - dx / 2, self.ys[0] - dy / 2, dx * len(self.xs), dy * len(self.ys))

    def _pitch(self) -> tuple[float, float]:
        def pitch(v: np.ndarray) -> float:
            return (v[-1] - v[0]) / (len(v) - 1) if len(v) > 1 else 1.0

        return pitch(self.xs), pitch(self.ys)

    def set_colors(self, rgba: np.ndarray, invalid: np.ndarray, stale: bool = False) -> None:
        """rgba: uint8 (rows, columns, 4); invalid: bool (rows, columns), hatched."""
        self.image.setImage(rgba, autoLevels=False, levels=None)
        self.image.setRect(self.extent())
        self.image.setOpacity(STALE_ALPHA if stale else 1.0)
        self.hatch.setPath(self._cells_path(invalid))
        self.hatch.setOpacity(STALE_ALPHA if stale else 1.0)

    def _cells_path(self, mask: np.ndarray) -> QPainterPath:
        """The cells of `mask` as one path, a rectangle for each run of them along a row."""
        path = QPainterPath()
        if not mask.any():
            return path
        rect = self.extent()
        dx, dy = self._pitch()
        for row in np.flatnonzero(mask.any(axis=1)):
            line = np.concatenate(([False], mask[row], [False]))
            edges = np.flatnonzero(line[1:] != line[:-1])
            for a, b in zip(edges[::2], edges[1::2]):
                path.addRect(QRectF(rect.left() + a * dx, rect.top() + row * dy, (b - a) * dx, dy))
        return path

    def set_marker(self, x: float | None, y: float | None) -> None:
        """The current design at (x, y) in display units; a line alone when only one is known."""
        self.vline.setVisible(x is not None)
        self.hline.setVisible(y is not None)
        if x is not None:
            self.vline.setValue(x)
        if y is not None:
            self.hline.setValue(y)
        if x is None or y is None:
            self.marker.hide()
            return
        self.marker.setPos(x, y)
        self.marker.show()

    def marker_position(self) -> tuple[float, float] | None:
        if not self.marker.isVisible():
            return None
        return self.marker.pos().x(), self.marker.pos().y()

    # --- pointer -------------------------------------------------------------------------------------------------
    def cell_at(self, x: float, y: float) -> int:
        """The variant index under view point (x, y), or -1 off the map."""
        if self.xs is None or self.ys is None or not self.extent().contains(QPointF(x, y)):
            return -1
        rect = self.extent()
        dx, dy = self._pitch()
        column = min(int((x - rect.left()) / dx), len(self.xs) - 1)
        row = min(int((y - rect.top()) / dy), len(self.ys) - 1)
        return row * len(self.xs) + column

    def cell_center(self, index: int) -> tuple[float, float]:
        """View coordinates of a cell's centre (tests click there)."""
        assert self.xs is not None and self.ys is not None
        rect = self.extent()
        dx, dy = self._pitch()
        column, row = index % len(self.xs), index // len(self.xs)
        return rect.left() + (column + 0.5) * dx, rect.top() + (row + 0.5) * dy

    def _moved(self, scene_pos) -> None:
        point = self.getPlotItem().getViewBox().mapSceneToView(scene_pos)
        self._hover_to(self.cell_at(point.x(), point.y()))

    def _hover_to(self, index: int) -> None:
        if index == self._hover:
            return
        self._hover = index
        if index < 0:
            self.cursor.hide()
        else:
            x, y = self.cell_center(index)
            dx, dy = self._pitch()
            self.cursor.setRect(QRectF(x - dx / 2, y - dy / 2, dx, dy))
            self.cursor.show()
        self.hovered.emit(index)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._hover_to(-1)
        super().leaveEvent(event)

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        point = self.getPlotItem().getViewBox().mapSceneToView(event.scenePos())
        index = self.cell_at(point.x(), point.y())
        if index >= 0:
            self.clicked.emit(index)


__all__ = ["LocaleAxis", "SweepPlot"]
