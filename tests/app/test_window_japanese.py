"""The desktop app shows a Japanese design name: in the name field (as real glyphs, not empty boxes) and the title."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage
from window_actions import settle

NAME = "軽トラック ダンプ 改"


def grey(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * height)
    return data.reshape(height, image.bytesPerLine())[:, :width].copy()


def test_a_japanese_name_typed_in_the_name_field_shows_in_real_glyphs_and_the_title(qtbot, window):
    line = window.parameters.editors["name"].line
    line.setText(NAME)
    line.editingFinished.emit()
    settle(qtbot, window)
    assert window.document.design.name == NAME
    assert window.windowTitle().startswith(f"{NAME} — ")

    # An empty box looks the same whatever character it stands for: two names of equal kanji, differing only in the
    # kanji, must grab differently, and a name must leave ink where a blank field leaves none.
    line.clearFocus()  # no blinking cursor in the grabs
    grabs = {}
    for text in ("", "軽軽軽軽軽", "改改改改改"):
        line.setText(text)
        line.setCursorPosition(0)
        grabs[text] = grey(line)
    blank = grabs[""]
    for text in ("軽軽軽軽軽", "改改改改改"):
        assert (np.abs(grabs[text].astype(int) - blank) > 64).sum() > 40, f"{text} drew (almost) nothing"
    differing = (np.abs(grabs["軽軽軽軽軽"].astype(int) - grabs["改改改改改"]) > 64).sum()
    assert differing > 40, f"distinct kanji drew alike ({differing} pixels differ): empty boxes"


def test_export_names_a_character_no_font_has_in_a_dialog(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QFont, QFontMetricsF
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from keidesigner.report import style

    font = QFont()
    font.setFamilies(style.FAMILIES)
    if QFontMetricsF(font).inFontUcs4(0x1F697):
        pytest.skip("this system has a font with U+1F697 (an emoji font): nothing to warn about")
    line = window.parameters.editors["name"].line
    line.setText(f"{NAME} \U0001F697")
    line.editingFinished.emit()
    settle(qtbot, window)
    out = tmp_path / "report.pdf"
    shown = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    window.export_report()
    assert out.read_bytes()[:5] == b"%PDF-"
    (title, text), = shown
    assert "U+1F697" in text and "\n" not in text
    assert window.statusBar().currentMessage() == f"Wrote {out}"
