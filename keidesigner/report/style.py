"""Typography, colours, paper and unit formatting shared by every page of the report.

All page geometry is written in millimetres and converted to device units by `Sheet.px`; fonts are sized in points.
Ligatures are switched off on every font: Qt otherwise writes "ff", "fi", "fl" as single glyphs and the PDF's text
no longer extracts as the words it shows.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont

from ..fonts import CJK_FAMILY
from ..rules.finding import Status

# Latin text in DejaVu; Japanese in the Noto Sans CJK JP the program carries (keidesigner.fonts), named here so that
# kanji take their Japanese forms rather than whichever CJK face the system's fallback would pick.
FAMILIES = ["DejaVu Sans", CJK_FAMILY, "Noto Sans", "Liberation Sans", "Helvetica Neue", "Helvetica", "Arial"]
MONO_FAMILIES = ["DejaVu Sans Mono", CJK_FAMILY, "Noto Sans Mono", "Liberation Mono", "Menlo", "Consolas",
                 "Courier New"]

INK = QColor(25, 27, 31)
MUTED = QColor(96, 100, 108)
RULE = QColor(176, 180, 188)
FAINT = QColor(236, 238, 241)
ACCENT = QColor(31, 78, 140)  # headings, kei box
FAIL = QColor(192, 28, 40)
WARN = QColor(184, 112, 0)
PASS = QColor(22, 128, 60)
INFO = QColor(60, 100, 160)
NA = QColor(130, 134, 140)

STATUS_COLOR = {Status.fail: FAIL, Status.warn: WARN, Status.pass_: PASS, Status.info: INFO, Status.not_applicable: NA}
STATUS_TEXT = {Status.fail: "FAIL", Status.warn: "WARN", Status.pass_: "PASS", Status.info: "INFO",
               Status.not_applicable: "N/A"}
VERDICT_COLOR = {"fail": FAIL, "pass": PASS}


@lru_cache(maxsize=None)
def font(size_pt: float, *, bold: bool = False, italic: bool = False, mono: bool = False) -> QFont:
    """The report's font at a size and style; shared, so callers must not change it (QPainter.setFont copies)."""
    f = QFont()
    f.setFamilies(MONO_FAMILIES if mono else FAMILIES)
    f.setPointSizeF(size_pt)
    f.setBold(bold)
    f.setItalic(italic)
    f.setKerning(True)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    for tag in ("liga", "clig", "dlig", "hlig"):
        f.setFeature(QFont.Tag(tag), 0)
    return f


def tinted(color: QColor, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c
