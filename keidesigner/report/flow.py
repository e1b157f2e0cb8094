"""Flowing blocks (headings, table rows, paragraphs) onto as many portrait pages as they need.

A block is never split. A heading stays with what follows it, and a table row that moves to a new page brings its
table's heading ("continued") and header row with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .layout import Page, Sheet

Painter = Callable[[Sheet, float, float, float], None]  # (sheet, x, y, width)


@dataclass(eq=False)
class Block:
    height: float
    paint: Painter
    keep_with_next: bool = False
    repeat: list["Block"] = field(default_factory=list)  # printed first when this block starts a new page
    gap_after: float = 0.0


def paginate(sheet: Sheet, section: str, number: str, title: str, blocks: list[Block]) -> list[Page]:
    """Pages holding the blocks in order under a numbered section heading."""
    r = sheet.content_rect()
    heading_h = 14.0
    placed: list[list[tuple[Block, float]]] = [[]]
    y = r.y() + heading_h
    i = 0
    while i < len(blocks):
        block = blocks[i]
        # height of the chain that must stay together (a heading and the first row after it)
        need, j = block.height, i
        while blocks[j].keep_with_next and j + 1 < len(blocks):
            j += 1
            need += blocks[j - 1].gap_after + blocks[j].height
        if y + need > r.bottom() and placed[-1]:
            placed.append([])
            y = r.y()
            for rep in block.repeat:
                placed[-1].append((rep, y))
                y += rep.height + rep.gap_after
        placed[-1].append((block, y))
        y += block.height + block.gap_after
        i += 1

    pages = []
    for index, content in enumerate(placed):
        def paint(sheet: Sheet, content=content, first=index == 0) -> None:
            rect = sheet.content_rect()
            if first:
                sheet.section_heading(rect.x(), rect.y(), rect.width(), number, title)
            for blk, top in content:
                blk.paint(sheet, rect.x(), top, rect.width())

        pages.append(Page(section, paint))
    return pages


def paragraph(sheet: Sheet, text: str, font, width: float, color=None, gap_after: float = 2.5,
              indent: float = 0.0) -> Block:
    from . import style

    h = sheet.text_height(text, font, width - indent)

    def paint(s: Sheet, x: float, y: float, w: float) -> None:
        s.text(x + indent, y, w - indent, h + 2, text, font, color or style.INK)

    return Block(h, paint, gap_after=gap_after)


def spacer(height: float) -> Block:
    return Block(height, lambda s, x, y, w: None)
