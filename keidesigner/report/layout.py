"""The sheet every page is painted on: millimetre coordinates, text helpers, header and footer.

Pages are laid out first (measuring text with the PDF writer's own font metrics) and painted afterwards, so each
footer can say "Page 3 of 7". A page may change orientation (the drawing sheet is landscape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from ..fonts import GlyphCheck
from . import style

PORTRAIT = QPageLayout.Orientation.Portrait
LANDSCAPE = QPageLayout.Orientation.Landscape

# Portrait text pages: generous outer margins, header and footer inside the paper's printable area.
MARGIN_X = 18.0
CONTENT_TOP = 24.0
CONTENT_BOTTOM_GAP = 20.0  # from the paper's bottom edge to the end of the content area
FOOTER_FROM_BOTTOM = 11.0

WRAP = int(Qt.TextFlag.TextWordWrap)
WRAP_ANYWHERE = int(Qt.TextFlag.TextWrapAnywhere)
LEFT = int(Qt.AlignmentFlag.AlignLeft)
RIGHT = int(Qt.AlignmentFlag.AlignRight)
HCENTER = int(Qt.AlignmentFlag.AlignHCenter)
TOP = int(Qt.AlignmentFlag.AlignTop)
VCENTER = int(Qt.AlignmentFlag.AlignVCenter)
BOTTOM = int(Qt.AlignmentFlag.AlignBottom)


class CheckedPainter(QPainter):
    """A QPainter that shows every text it is asked to draw, with the current font, to a GlyphCheck first: the
    report's pages draw through Sheet.text and, for dimension labels, through QPainter.drawText itself, and both
    pass here."""

    def __init__(self, glyphs: GlyphCheck) -> None:
        super().__init__()
        self.glyphs = glyphs

    def drawText(self, *args):  # noqa: N802 - Qt API; every overload carries its text as a str argument
        for arg in args:
            if isinstance(arg, str):
                self.glyphs.add(arg, self.font())
        return super().drawText(*args)


@dataclass
class Page:
    section: str
    paint: Callable[["Sheet"], None]
    orientation: QPageLayout.Orientation = PORTRAIT
    header: bool = True
    number: int = 0  # 1-based, set once every page is laid out


@dataclass
class Frame:
    """What every page's header and footer say."""

    design_name: str
    short_hash: str
    version: str
    pages: list[Page] = field(default_factory=list)


class Sheet:
    """A QPainter on a QPdfWriter, addressed in millimetres from the top-left corner of the current page."""

    def __init__(self, writer: QPdfWriter, page_size: QPageSize):
        self.writer = writer
        self.page_size = page_size
        self.dpi = writer.resolution()
        self.scale = self.dpi / 25.4
        self.painter: QPainter | None = None
        self.orientation = PORTRAIT
        self.page_number = 0
        self.page_total = 0
        self._metrics: dict[int, QFontMetricsF] = {}

    # --- geometry ---------------------------------------------------------------------------------------------
    @property
    def width(self) -> float:
        w, h = self._paper()
        return w if self.orientation == PORTRAIT else h

    @property
    def height(self) -> float:
        w, h = self._paper()
        return h if self.orientation == PORTRAIT else w

    def _paper(self) -> tuple[float, float]:
        s = self.page_size.size(QPageSize.Unit.Millimeter)
        return s.width(), s.height()

    def content_rect(self) -> QRectF:
        """The text area of a portrait page, in mm."""
        return QRectF(MARGIN_X, CONTENT_TOP, self.width - 2 * MARGIN_X, self.height - CONTENT_TOP - CONTENT_BOTTOM_GAP)

    def px(self, mm: float) -> float:
        return mm * self.scale

    def pt(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.scale, y * self.scale)

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x * self.scale, y * self.scale, w * self.scale, h * self.scale)

    # --- measuring --------------------------------------------------------------------------------------------
    def metrics(self, f: QFont) -> QFontMetricsF:
        key = hash((f.key(),))
        m = self._metrics.get(key)
        if m is None:
            m = self._metrics[key] = QFontMetricsF(f, self.writer)
        return m

    def text_height(self, text: str, f: QFont, width_mm: float) -> float:
        """Height in mm of text wrapped to width_mm."""
        if not text:
            return self.line_height(f)
        r = self.metrics(f).boundingRect(QRectF(0, 0, self.px(width_mm), 1e9), WRAP | LEFT | TOP, text)
        return r.height() / self.scale

    def text_width(self, text: str, f: QFont) -> float:
        return self.metrics(f).horizontalAdvance(text) / self.scale

    def wrap(self, text: str, f: QFont, width_mm: float) -> int:
        """Word wrap, or wrap anywhere when a word is wider than the box (a long name without spaces)."""
        widest = max((self.text_width(word, f) for word in text.split()), default=0.0)
        return WRAP_ANYWHERE if widest > width_mm else WRAP

    def elided(self, text: str, f: QFont, width_mm: float) -> str:
        """text cut with '…' to fit width_mm (a header or footer line)."""
        return self.metrics(f).elidedText(text, Qt.TextElideMode.ElideRight, self.px(width_mm))

    def line_height(self, f: QFont) -> float:
        return self.metrics(f).height() / self.scale

    def ascent(self, f: QFont) -> float:
        return self.metrics(f).ascent() / self.scale

    # --- painting ---------------------------------------------------------------------------------------------
    def pen(self, color: QColor = style.INK, width_mm: float = 0.25, dash: list[float] | None = None,
            cap: Qt.PenCapStyle = Qt.PenCapStyle.FlatCap) -> QPen:
        p = QPen(color)
        p.setWidthF(self.px(width_mm))
        p.setCapStyle(cap)
        p.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        if dash:
            p.setDashPattern([d / width_mm for d in dash])  # dash lengths in mm; Qt counts in pen widths
        return p

    def text(self, x: float, y: float, w: float, h: float, text: str, f: QFont, color: QColor = style.INK,
             flags: int = LEFT | TOP | WRAP) -> float:
        """Draw text in a box; returns the height used (mm)."""
        p = self.painter
        p.setFont(f)
        p.setPen(color)
        used = p.drawText(self.rect(x, y, w, h), flags, text)  # draws, and returns the rectangle it filled
        return used.height() / self.scale

    def line(self, x1: float, y1: float, x2: float, y2: float, color: QColor = style.RULE, width_mm: float = 0.2,
             dash: list[float] | None = None) -> None:
        self.painter.setPen(self.pen(color, width_mm, dash))
        self.painter.drawLine(self.pt(x1, y1), self.pt(x2, y2))

    def box(self, x: float, y: float, w: float, h: float, *, fill: QColor | None = None,
            stroke: QColor | None = None, width_mm: float = 0.2, radius: float = 0.0) -> None:
        p = self.painter
        p.setPen(self.pen(stroke, width_mm) if stroke is not None else Qt.PenStyle.NoPen)
        p.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
        if radius:
            p.drawRoundedRect(self.rect(x, y, w, h), self.px(radius), self.px(radius))
        else:
            p.drawRect(self.rect(x, y, w, h))
        p.setBrush(Qt.BrushStyle.NoBrush)

    def section_heading(self, x: float, y: float, w: float, number: str, title: str) -> float:
        """A numbered section heading with a rule under it; returns the y below it."""
        f = style.font(15, bold=True)
        self.text(x, y, w, 10, f"{number}  {title}", f, style.ACCENT, LEFT | TOP)
        y += self.line_height(f) + 1.2
        self.line(x, y, x + w, y, style.ACCENT, 0.35)
        return y + 4.0

    # --- frame ------------------------------------------------------------------------------------------------
    def header_footer(self, frame: Frame, page: Page, number: int, total: int) -> None:
        small = style.font(7.5)
        x0, x1 = (MARGIN_X, self.width - MARGIN_X) if page.orientation == PORTRAIT else (10.0, self.width - 10.0)
        if page.header:
            y = 11.0 if page.orientation == PORTRAIT else 4.0
            self.text(x0, y, 120, 5, f"KeiDesigner compliance screening  ·  {page.section}", small, style.MUTED,
                      LEFT | TOP)
            self.text(x1 - 90, y, 90, 5, f"design SHA-256 {frame.short_hash}", style.font(7.5, mono=True),
                      style.MUTED, RIGHT | TOP)
            if page.orientation == PORTRAIT:
                self.line(x0, y + 5.2, x1, y + 5.2, style.RULE, 0.15)
        yb = self.height - (FOOTER_FROM_BOTTOM if page.orientation == PORTRAIT else 7.5)
        if page.orientation == PORTRAIT:
            self.line(x0, yb - 1.8, x1, yb - 1.8, style.RULE, 0.15)
        name = self.elided(frame.design_name, small, 115)
        self.text(x0, yb, 150, 5, f"{name}  —  KeiDesigner {frame.version}", small, style.MUTED,
                  LEFT | TOP)
        self.text(x1 - 40, yb, 40, 5, f"Page {number} of {total}", style.font(7.5, bold=True), style.INK, RIGHT | TOP)
