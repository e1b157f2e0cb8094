"""The fonts KeiDesigner carries, and which characters Qt can draw with a font (QtGui: the app, the report, the
self-test; never imported by the Qt-free core).

Qt brings no fonts and draws a character that no font has as an empty box, silently. DejaVu Sans, the report's text
face and the usual Linux UI face, has no Japanese, so the program carries "Noto Sans CJK JP" cut down to JIS X
0213 (resources/fonts/README.md says how it is made and why) and registers it at start-up. A character outside
every font Qt can use (an emoji on a system without an emoji font, a rare ideograph outside JIS X 0213) is found
by `GlyphCheck`, so the report can say so instead of printing a box.
"""

from __future__ import annotations

import unicodedata
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QGuiApplication

CJK_FAMILY = "Noto Sans CJK JP"
FONT_FILES = ("NotoSansCJKjp-Regular-JIS2004.otf", "NotoSansCJKjp-Bold-JIS2004.otf")

_registered: list[str] | None = None
# whether Qt can draw a character with a font (by QFont.key()): the answer holds until the font database changes,
# which only register_fonts does here, so it is kept across reports (emptied when fonts are added)
_drawn: dict[str, set[str]] = {}
_not_drawn: dict[str, set[str]] = {}


def register_fonts() -> list[str]:
    """Add the fonts in keidesigner.resources/fonts to Qt's font database, once per process (later calls return the
    first answer); returns the families added, [] when no file could be read (the self-test fails on that).

    Needs a QGuiApplication. The application's default family gets the Japanese face as its first substitute, so a
    widget shows kanji in their Japanese forms even where the system's fallback would pick a Chinese face first.
    """
    global _registered
    if _registered is not None:
        return _registered
    if QGuiApplication.instance() is None:
        raise RuntimeError("register_fonts() needs a QGuiApplication")
    families: list[str] = []
    folder = resources.files("keidesigner.resources") / "fonts"
    for name in FONT_FILES:
        entry = folder / name
        if isinstance(entry, Path):  # a real file (source tree, wheel install, bundle): Qt maps it, no copy
            font_id = QFontDatabase.addApplicationFont(str(entry))
        elif entry.is_file():
            font_id = QFontDatabase.addApplicationFontFromData(QByteArray(entry.read_bytes()))
        else:
            font_id = -1
        if font_id >= 0:
            families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    if CJK_FAMILY in families:
        default = QGuiApplication.font().family()
        if CJK_FAMILY not in QFont.substitutes(default):
            QFont.insertSubstitution(default, CJK_FAMILY)
    _registered = families
    _drawn.clear()
    _not_drawn.clear()
    return families


def _ignorable(char: str) -> bool:
    """Characters that draw nothing by design: controls and line breaks, format characters (zero-width joiner,
    direction marks) and variation selectors; Qt does not look for a glyph for them."""
    code = ord(char)
    return (unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


def describe(chars) -> str:
    """'🚗 (U+1F697), 𠮟 (U+20B9F)'."""
    return ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)


class GlyphCheck:
    """Collects, in the order first met, the characters of the texts it is given that no font Qt can use for that
    QFont has: neither a family of the font's list nor a system fallback. Those are the characters Qt draws as empty
    boxes (QFontMetricsF.inFontUcs4 answers for the font with its fallbacks, as drawing resolves it)."""

    def __init__(self) -> None:
        self._missing: dict[str, None] = {}

    def add(self, text: str, font: QFont) -> None:
        key = font.key()
        drawn = _drawn.setdefault(key, set())
        rest = set(text) - drawn  # most texts end here: every character already known to draw
        if not rest:
            return
        not_drawn = _not_drawn.setdefault(key, set())
        unknown = rest - not_drawn
        if unknown:
            metrics = QFontMetricsF(font)
            for char in unknown:
                (drawn if _ignorable(char) or metrics.inFontUcs4(ord(char)) else not_drawn).add(char)
        for char in text:  # in the order met
            if char in not_drawn:
                self._missing[char] = None

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(self._missing)
