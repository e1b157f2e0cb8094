"""Reading produced PDFs back: text (pdftotext, else pypdf), fonts (pdffonts) and page renders (pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np

HAVE_PDFTOTEXT = shutil.which("pdftotext") is not None
HAVE_PDFFONTS = shutil.which("pdffonts") is not None
HAVE_PDFTOPPM = shutil.which("pdftoppm") is not None


def pdf_text(path: Path) -> str:
    """The text in content-stream order (a wrapped table cell stays together)."""
    if HAVE_PDFTOTEXT:
        return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def flat(text: str) -> str:
    """Whitespace runs (line breaks inside cells included) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text)


def read_ppm(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of a binary P6 PPM."""
    tokens, pos = [], 0
    while len(tokens) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        tokens.append(data[pos:end])
        pos = end
    assert tokens[0] == b"P6", tokens[0]
    width, height, maxval = int(tokens[1]), int(tokens[2]), int(tokens[3])
    assert maxval == 255
    return width, height, data[pos + 1:pos + 1 + width * height * 3]


def ink_fractions(path: Path, tmp: Path, dpi: int = 40) -> list[float]:
    """For each page, the fraction of pixels that are not (near) white."""
    prefix = tmp / "page"
    subprocess.run(["pdftoppm", "-r", str(dpi), str(path), str(prefix)], check=True, capture_output=True)
    fractions = []
    for ppm in sorted(tmp.glob("page-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        w, h, rgb = read_ppm(ppm.read_bytes())
        pixels = np.frombuffer(rgb, dtype=np.uint8).reshape(h, w, 3)
        fractions.append(float((pixels.min(axis=2) < 235).mean()))
    return fractions
