"""Make the Japanese fonts in resources/fonts/ from Debian's fonts-noto-cjk (run only to update them).

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto    # or: apt-get install fonts-noto-cjk
    python -m pip install 'fonttools==4.68.0'
    python installer/make_cjk_font.py noto/usr/share/fonts/opentype/noto   # default: /usr/share/fonts/opentype/noto

Takes the Japanese face (index 0, "Noto Sans CJK JP") of NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc and keeps
only the characters a Japanese design name or note needs, so the program carries about 4 MB per weight instead of
the 16 MB pan-CJK face:

- every character of JIS X 0213:2004, both planes (the Japanese standard character set: the 10,050 kanji of JIS
  levels 1-4 including every joyo and jinmeiyo kanji, kana, half-width katakana, symbols), enumerated from Python's
  euc_jis_2004 codec, so the list needs no download;
- the whole Unicode blocks CJK Symbols and Punctuation, Hiragana, Katakana, Katakana Phonetic Extensions, Enclosed
  CJK Letters and Months, CJK Compatibility (the square unit signs such as U+338F ㎏) and Halfwidth and Fullwidth
  Forms.

Only horizontal text is drawn, so the layout features kept are ccmp (kana with a combining semi-voiced mark), kern
and palt. The family name stays "Noto Sans CJK JP": the SIL OFL 1.1 of Noto CJK reserves only the name "Source".
Output is deterministic (no timestamps recalculated): the same input and fontTools version give the same bytes.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto")
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
JP_FACE = 0  # the face order of the Noto CJK collections: JP, KR, SC, TC, HK, then the Mono faces
BLOCKS = [(0x3000, 0x303F), (0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0x3200, 0x32FF),
          (0x3300, 0x33FF), (0xFF00, 0xFFEF)]
FEATURES = ["ccmp", "kern", "palt"]


def jis_x_0213() -> set[int]:
    """The code points of JIS X 0213:2004 as the euc_jis_2004 codec maps them (plane 1: two bytes A1-FE; plane 2:
    8F and two bytes; half-width katakana: 8E and one byte). A few cells decode to a base letter plus a combining
    mark: both code points are kept."""
    chars: set[int] = set()
    cells = range(0xA1, 0xFF)
    candidates = [bytes([a, b]) for a in cells for b in cells] + [bytes([0x8F, a, b]) for a in cells for b in cells]
    candidates += [bytes([0x8E, b]) for b in range(0xA1, 0xE0)]
    for raw in candidates:
        try:
            chars.update(ord(c) for c in raw.decode("euc_jis_2004"))
        except UnicodeDecodeError:
            pass
    return chars


def wanted() -> set[int]:
    chars = jis_x_0213()
    for first, last in BLOCKS:
        chars.update(range(first, last + 1))
    return chars


def subset(source: Path, target: Path, unicodes: set[int]) -> int:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, fontNumber=JP_FACE, recalcTimestamp=False)
    family = font["name"].getDebugName(1)
    if family != "Noto Sans CJK JP":
        raise SystemExit(f"{source}: face {JP_FACE} is {family!r}, not 'Noto Sans CJK JP'")
    options = ft_subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ["*"]  # keep copyright, licence and its URL (name IDs 0, 13, 14)
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes & set(font.getBestCmap()))
    subsetter.subset(font)
    font.save(target)
    return len(font.getGlyphOrder())


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    unicodes = wanted()
    FONTS.mkdir(parents=True, exist_ok=True)
    for weight, name in WEIGHTS.items():
        source = folder / name
        if not source.is_file():
            print(f"make_cjk_font: {source}: not found (install or extract Debian's fonts-noto-cjk)", file=sys.stderr)
            return 1
        target = FONTS / f"NotoSansCJKjp-{weight}-JIS2004.otf"
        glyphs = subset(source, target, unicodes)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        print(f"wrote {target.relative_to(FONTS.parent.parent)}: {glyphs} glyphs, {target.stat().st_size:,} bytes, "
              f"SHA-256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
