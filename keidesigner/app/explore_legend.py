"""The Explore map's legend: what each colour means, the hatching of a variant the model refuses, the marker.

Two forms: swatches for failing-rule counts (0 compliant, then each count or a range of them), or a bar for one
rule's margin from the most outside to the most inside its limit, in the user's units.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .explore_colors import INSIDE_RAMP, INVALID_GREY, OUTSIDE_RAMP, ramp
from .explore_plot import HATCH_COLOR, MARKER_COLOR

SWATCH = 12
ROW = 17


class Legend(QWidget):
    """Call show_counts(swatches) or show_margin(low_text, high_text, scale_texts) to set what it says."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.swatches: list[tuple[tuple[int, int, int], str]] = []
        self.margin: tuple[str, str, str] | None = None  # texts at the bar's left end, middle (0) and right end
        self.invalid = False
        self._update_height()

    def show_counts(self, swatches: list[tuple[tuple[int, int, int], str]], invalid: bool) -> None:
        self.swatches, self.margin, self.invalid = swatches, None, invalid
        self._update_height()
        self.update()

    def show_margin(self, ends: tuple[str, str, str], invalid: bool) -> None:
        self.swatches, self.margin, self.invalid = [], ends, invalid
        self._update_height()
        self.update()

    def texts(self) -> list[str]:
        """What the legend says (tests read it)."""
        out = [text for _, text in self.swatches] + (list(self.margin) if self.margin else [])
        if self.invalid:
            out.append(INVALID_TEXT)
        return out + [MARKER_TEXT]

    def _second_column(self) -> int | None:
        """Where the swatches' second column starts, or None when two columns do not fit (one then)."""
        metrics = self.fontMetrics()
        left = max((metrics.horizontalAdvance(t) for _, t in self.swatches[::2]), default=0)
        right = max((metrics.horizontalAdvance(t) for _, t in self.swatches[1::2]), default=0)
        start = max(self.width() // 2, SWATCH + 6 + left + 14)
        return start if start + SWATCH + 6 + right <= self.width() else None

    def _rows(self) -> int:
        per_row = 2 if self._second_column() is not None else 1
        count_rows = -(-len(self.swatches) // per_row) if self.swatches else 0
        return count_rows + (2 if self.margin else 0) + 1 + int(self.invalid)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_height()

    def _update_height(self) -> None:
        self.setFixedHeight(self._rows() * ROW + 4)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(240, self._rows() * ROW + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        y = 2
        second = self._second_column()
        per_row = 1 if second is None else 2
        for i, (color, text) in enumerate(self.swatches):
            x = 0 if i % per_row == 0 else second
            self._swatch(painter, x, y, QColor(*color))
            painter.drawText(x + SWATCH + 6, y + metrics.ascent(), text)
            if i % per_row == per_row - 1 or i == len(self.swatches) - 1:
                y += ROW
        if self.margin:
            bar = QRectF(0, y + 1, self.width() - 2, SWATCH)
            gradient = QLinearGradient(bar.left(), 0, bar.right(), 0)
            stops = np.linspace(0, 1, 9)
            for t, rgb in zip(stops, ramp(OUTSIDE_RAMP, stops)[::-1]):
                gradient.setColorAt(float(t) / 2, QColor(*map(int, rgb)))
            for t, rgb in zip(stops, ramp(INSIDE_RAMP, stops)):
                gradient.setColorAt(0.5 + float(t) / 2, QColor(*map(int, rgb)))
            painter.fillRect(bar, QBrush(gradient))
            painter.setPen(QPen(QColor("#555")))
            painter.drawRect(bar)
            y += ROW
            left, middle, right = self.margin
            painter.drawText(0, y + metrics.ascent(), left)
            painter.drawText(int(bar.center().x() - metrics.horizontalAdvance(middle) / 2), y + metrics.ascent(),
                             middle)
            painter.drawText(int(bar.right() - metrics.horizontalAdvance(right)), y + metrics.ascent(), right)
            y += ROW
        if self.invalid:
            self._swatch(painter, 0, y, QColor(*INVALID_GREY), hatched=True)
            painter.drawText(SWATCH + 6, y + metrics.ascent(), INVALID_TEXT)
            y += ROW
        painter.setPen(QPen(QColor(MARKER_COLOR), 2))
        painter.setBrush(QBrush(QColor("white")))
        painter.drawEllipse(QRectF(1, y + 1, SWATCH - 2, SWATCH - 2))
        painter.drawText(SWATCH + 6, y + metrics.ascent(), MARKER_TEXT)
        painter.end()

    @staticmethod
    def _swatch(painter: QPainter, x: int, y: int, color: QColor, hatched: bool = False) -> None:
        rect = QRectF(x, y, SWATCH, SWATCH)
        painter.fillRect(rect, color)
        if hatched:
            painter.fillRect(rect, QBrush(HATCH_COLOR, Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(QColor(0, 0, 0, 90)))
        painter.drawRect(rect)
        painter.setPen(QPen(QColor("#222")))


INVALID_TEXT = "refused by the model (invalid)"
MARKER_TEXT = "current design"

__all__ = ["INVALID_TEXT", "Legend", "MARKER_TEXT"]
