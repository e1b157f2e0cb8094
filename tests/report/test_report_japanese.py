"""Japanese in the report: a design named in kana and kanji prints in real glyphs, extracts from the PDF's text layer,
and costs only the glyphs it uses; a character no font has is named in a warning instead of vanishing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader
from report_pdftools import HAVE_PDFTOPPM, read_ppm

from keidesigner.analysis import analyse
from keidesigner.design import Design
from keidesigner.files import load_preset, save_design
from keidesigner.report import ReportResult, write_report
from keidesigner.report.layout import CONTENT_TOP, MARGIN_X

NAME = "軽トラック ダンプ 改"
NOTES = "荷台は三方開き。車検証の記載どおり。"
CAR = "\U0001F697"  # 🚗 AUTOMOBILE: no font here has it (the test skips on a system that draws it)


def named(name: str, notes: str | None = None) -> Design:
    base = load_preset("kei-truck")
    return Design.model_validate({**base.model_dump(), "name": name, "notes": base.notes if notes is None else notes})


def page_texts(path: Path) -> list[str]:
    """pypdf's text of each page, whitespace runs as one space (layout mode keeps a line's runs in one line; the
    plain mode breaks between a kanji run and a katakana run)."""
    return [re.sub(r"\s+", " ", page.extract_text(extraction_mode="layout")) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def japanese(tmp_path_factory) -> tuple[Path, ReportResult]:
    out = tmp_path_factory.mktemp("japanese") / "report.pdf"
    return out, write_report(analyse(named(NAME, NOTES)), out)


def test_the_name_is_in_the_text_layer_of_the_cover_and_every_footer(japanese):
    path, result = japanese
    pages = page_texts(path)
    assert len(pages) >= 5
    cover_title = pages[0].split("COMPLIANCE SCREENING REPORT ", 1)[1]
    assert cover_title.startswith(NAME + " Cab-over truck, gas powertrain")
    for number, text in enumerate(pages, start=1):
        assert f"{NAME} — KeiDesigner" in text, f"page {number} footer"
    assert NAME in pages[1].split("GENERAL ARRANGEMENT", 1)[1]  # the drawing's title block
    assert any(NOTES in text for text in pages), "the design's notes"
    assert result.warnings == () and result.missing_characters == ()


def test_the_japanese_face_is_embedded_as_a_subset(japanese, tmp_path):
    """Qt embeds only the glyphs drawn: the Japanese name costs kilobytes, not the 4 MB font. Measured here: 94 kB
    with a Latin name, 103 kB with this name and notes."""
    path, _ = japanese
    latin = tmp_path / "latin.pdf"
    write_report(analyse(named("Kei truck dump mod", "Three-way drop sides.")), latin)
    data = path.read_bytes()
    assert b"NotoSansCJKjp-Bold" in data and b"NotoSansCJKjp-Regular" in data
    assert path.stat().st_size < latin.stat().st_size + 64 * 1024, (path.stat().st_size, latin.stat().st_size)


def title_band(pdf: Path, tmp: Path, dpi: int = 100) -> np.ndarray:
    """The cover's title line (the design name at 24 pt bold) as grey pixels, from a pdftoppm rendering."""
    scale = dpi / 25.4
    top, height = CONTENT_TOP + 10, 12  # the cover draws the name 11 mm below the content top; the line is ~9 mm
    args = ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-x", str(round(MARGIN_X * scale)),
            "-y", str(round(top * scale)), "-W", str(round(120 * scale)), "-H", str(round(height * scale)), str(pdf)]
    w, h, rgb = read_ppm(subprocess.run(args, check=True, capture_output=True).stdout)
    return np.frombuffer(rgb, dtype=np.uint8).reshape(h, w, 3).min(axis=2)


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) not installed")
def test_distinct_kanji_render_as_distinct_ink_on_the_cover(tmp_path):
    """An empty box looks the same whatever character it stands for: two names of five equal kanji each, differing
    only in the kanji, must look different where the name is, and carry as much ink as real letters do."""
    bands, results = [], []
    for i, name in enumerate(("軽軽軽軽軽", "改改改改改")):
        pdf = tmp_path / f"n{i}.pdf"
        results.append(write_report(analyse(named(name)), pdf))
        bands.append(title_band(pdf, tmp_path))
    latin = tmp_path / "latin.pdf"
    write_report(analyse(named("WWWWW")), latin)
    ink = [float((band < 128).mean()) for band in bands]
    latin_ink = float((title_band(latin, tmp_path) < 128).mean())
    assert min(ink) > 0.3 * latin_ink, (ink, latin_ink)  # an outlined box has a fraction of a glyph's ink
    differing = float((np.abs(bands[0].astype(int) - bands[1].astype(int)) > 64).mean())
    assert differing > 0.05, differing
    assert [r.warnings for r in results] == [(), ()]


def can_draw(char: str) -> bool:
    from PySide6.QtGui import QFont, QFontMetricsF

    from keidesigner.report import style
    from keidesigner.report.writer import ensure_gui_application

    ensure_gui_application()
    font = QFont()
    font.setFamilies(style.FAMILIES)
    return QFontMetricsF(font).inFontUcs4(ord(char))


def test_a_character_no_font_has_is_named_in_one_warning_and_the_pdf_is_written(tmp_path):
    if can_draw(CAR):
        pytest.skip("this system has a font with U+1F697 (an emoji font): nothing to warn about")
    out = tmp_path / "car.pdf"
    result = write_report(analyse(named(f"{NAME} {CAR}")), out)
    assert out.read_bytes()[:5] == b"%PDF-"
    assert result.missing_characters == (CAR,)
    (warning,) = result.warnings
    assert "U+1F697" in warning and CAR in warning and str(out) in warning and "\n" not in warning
    assert NAME in page_texts(out)[0]  # the rest of the name is there all the same


def test_an_ideograph_outside_the_carried_font_is_reported_with_the_emoji(tmp_path):
    """们 (U+4EEC, simplified Chinese) is not in JIS X 0213, so not in the carried face: on a system without a
    Chinese font it is a box, and the warning says so alongside the emoji, each named once."""
    if can_draw("们") or can_draw(CAR):
        pytest.skip("this system has a font for U+4EEC or U+1F697")
    result = write_report(analyse(named(f"们{CAR} {CAR}们", notes=f"{CAR}")), tmp_path / "r.pdf")
    assert result.missing_characters == ("们", CAR)
    (warning,) = result.warnings
    assert "们 (U+4EEC), 🚗 (U+1F697)" in warning and "these 2 characters" in warning


def test_cli_prints_the_warning_on_stderr_and_exits_0(tmp_path):
    if can_draw(CAR):
        pytest.skip("this system has a font with U+1F697")
    source = tmp_path / "car.kei"
    save_design(named(f"{NAME} {CAR}"), source)
    out = tmp_path / "car.pdf"
    run = subprocess.run([sys.executable, "-m", "keidesigner", "report", str(source), "-o", str(out)],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote {out}"
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: ") and "U+1F697" in lines[0], run.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
