"""Assemble the report from one Analysis: lay out every page, paint into a PDF in memory, write it atomically.

Nothing here evaluates a rule or builds a scene: the analysis holds the findings, and builds the scene and the
outlines once for all three drawings.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter

from .. import __version__
from ..analysis import Analysis
from ..common import PathError, UserError, write_atomic
from ..design import Design
from ..design.units import Formatter, UnitSystem
from ..files.digest import design_digest
from ..fonts import GlyphCheck, describe, register_fonts
from ..rules.engine import PATHWAY_TITLES
from .cover import Provenance, cover_page, coverage_text
from .drawings import drawing_page
from .energy import SECTION as ENERGY_SECTION
from .energy import EnergyOutcome, energy_blocks, energy_outcome
from .flow import paginate
from .front_end import front_end_blocks
from .layout import PORTRAIT, CheckedPainter, Frame, Page, Sheet
from .matrix import SECTION as MATRIX_SECTION
from .matrix import matrix_blocks
from .notes import notes_text
from .numbers import report_formatter
from .occupants import SECTION as PACKAGE_SECTION
from .occupants import package_blocks
from .tables import design_blocks, findings_blocks, notes_blocks

RESOLUTION = 600  # device units per inch; geometry is vector, this only sets coordinate granularity

_app: QGuiApplication | None = None  # kept alive for the process when we had to create it


class ReportError(UserError):
    """The report could not be written; str() is one line naming the path and the problem."""


MAX_LISTED = 8  # characters named in the warning; a long run of emoji needs no full inventory


@dataclass(frozen=True)
class ReportResult:
    """What write_report wrote: the path, the characters of the report's text that no font could draw (first met
    first; drawn as empty boxes, and missing from the PDF's text layer), and why the energy section has no figures
    ('' when it has them)."""

    path: Path
    missing_characters: tuple[str, ...] = ()
    energy_error: str = ""

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line each, for the user: empty when the report shows every character it was given and the energy
        section its figures."""
        energy = (f"{self.path}: written without energy figures: {self.energy_error}",) if self.energy_error else ()
        return self._glyph_warnings() + energy

    def _glyph_warnings(self) -> tuple[str, ...]:
        chars = self.missing_characters
        if not chars:
            return ()
        listed = describe(chars[:MAX_LISTED]) + (f" and {len(chars) - MAX_LISTED} more" if len(chars) > MAX_LISTED
                                                  else "")
        what = ("this character, shown as an empty box" if len(chars) == 1
                else f"these {len(chars)} characters, shown as empty boxes")
        return (f"{self.path}: no font on this system can draw {what}: {listed}",)


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication (the desktop app's QApplication included), or a new one.

    Without a display on Linux the offscreen platform is chosen, since creating a GUI application for an
    unreachable X server aborts the process.
    """
    global _app
    app = QGuiApplication.instance()
    if app is None:
        if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
                and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "keidesigner"])
        return _app
    if not isinstance(app, QGuiApplication):
        raise ReportError("a QCoreApplication without GUI support is running; the report needs QtGui")
    return app


def provenance(design: Design, source: Path | None) -> Provenance:
    now = datetime.now().astimezone()
    generated = now.strftime("%Y-%m-%d %H:%M ") + now.strftime("%z")[:3] + ":" + now.strftime("%z")[3:]
    try:
        digest = design_digest(design, source, when="read when this report was written")
    except OSError as exc:
        raise ReportError(f"{source}: cannot read the design file ({exc.strerror or exc})") from None
    return Provenance(digest.label, digest.sha256, digest.note, generated, __version__)


def _pdf_string(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def add_document_info(pdf: bytes, info: dict[str, str]) -> bytes:
    """Append an incremental update that replaces the document information dictionary.

    QPdfWriter sets title, author and creator but has no subject; an appended Info object with a new xref section
    and trailer is the standard way to amend a finished PDF without rewriting it.
    """
    tail = pdf[-4096:]
    size = re.search(rb"/Size\s+(\d+)", tail)
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", tail)
    prev = re.findall(rb"startxref\s+(\d+)", tail)
    old_info = re.search(rb"/Info\s+(\d+)\s+0\s+R", tail)
    ident = re.search(rb"/ID\s*\[[^\]]*\]", tail)
    if not (size and root and prev):
        return pdf
    dates = {}
    if old_info:  # keep Qt's dates
        obj = re.search(rb"\n" + old_info.group(1) + rb" 0 obj(.*?)endobj", pdf, re.S)
        if obj:
            for key in (b"CreationDate", b"ModDate"):
                m = re.search(rb"/" + key + rb"\s*(\([^)]*\))", obj.group(1))
                if m:
                    dates[key] = m.group(1)
    number = int(size.group(1))
    body = b"".join(b"/" + k.encode() + b" " + _pdf_string(v) + b"\n" for k, v in info.items())
    body += b"".join(b"/" + k + b" " + v + b"\n" for k, v in dates.items())
    out = bytearray(pdf)
    if not out.endswith(b"\n"):
        out += b"\n"
    offset = len(out)
    out += b"%d 0 obj\n<<\n" % number + body + b">>\nendobj\n"
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
    out += b"trailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %s " % (number + 1, root.group(1), number, prev[-1])
    out += (ident.group(0) + b" " if ident else b"") + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def build_pages(sheet: Sheet, analysis: Analysis, prov: Provenance, fmt: Formatter,
                energy: EnergyOutcome) -> list[Page]:
    sheet.orientation = PORTRAIT
    width = sheet.content_rect().width()
    drawing = drawing_page(analysis, fmt, prov.file_label, prov.sha256, prov.generated.split(" ")[0])
    package = paginate(sheet, PACKAGE_SECTION, "2", PACKAGE_SECTION,
                       package_blocks(sheet, analysis, fmt, width) + front_end_blocks(sheet, analysis, fmt, width))
    findings = paginate(sheet, "Findings", "3", "Findings", findings_blocks(sheet, analysis, fmt, width))
    matrix = paginate(sheet, MATRIX_SECTION, "4", MATRIX_SECTION, matrix_blocks(sheet, analysis, fmt, width))
    energy_pages = paginate(sheet, ENERGY_SECTION, "5", ENERGY_SECTION,
                            energy_blocks(sheet, analysis, energy, fmt, width, findings_section="3",
                                          data_section="6"))
    data = paginate(sheet, "Design data", "6", "Design data", design_blocks(sheet, analysis, fmt, width))
    notes = paginate(sheet, "Notes", "7", "Notes", notes_blocks(sheet, notes_text(analysis.settings, fmt), width))
    contents = [("1", "Drawings: side, top and front views with the kei box and the seats", drawing),
                ("2", "Occupant package: capacity, seat locations and their positions, seat rows, front end",
                 package[0]),
                ("3", "Findings: every rule, kei and US", findings[0]),
                ("4", "Compliance matrix: where every US standard stands; Part 555 annex", matrix[0]),
                ("5", "Energy: EPA-cycle fuel economy or consumption and range, calibration", energy_pages[0]),
                ("6", "Design data: parameters and derived figures", data[0]),
                ("7", "Notes: bases, statuses, settings", notes[0])]
    cover = cover_page(analysis, prov, fmt, contents)
    pages = [cover, drawing, *package, *findings, *matrix, *energy_pages, *data, *notes]
    for i, page in enumerate(pages, start=1):
        page.number = i
    return pages


def _pdf_writer(buffer: QBuffer, units: UnitSystem, title: str, author: str) -> tuple[QPdfWriter, QPageSize]:
    writer = QPdfWriter(buffer)
    # Letter for US customary units (US offices print on it), A4 otherwise (ISO 216 everywhere else).
    page_size = QPageSize(QPageSize.PageSizeId.Letter if units is UnitSystem.us else QPageSize.PageSizeId.A4)
    writer.setPageSize(page_size)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator(author)
    if hasattr(writer, "setAuthor"):  # Qt 6.8+
        writer.setAuthor(author)
    return writer, page_size


def _paint(writer: QPdfWriter, sheet: Sheet, pages: list[Page], frame: Frame, glyphs: GlyphCheck | None) -> None:
    writer.setPageOrientation(pages[0].orientation)
    painter = CheckedPainter(glyphs if glyphs is not None else GlyphCheck())
    if not painter.begin(writer):
        raise ReportError("could not start the PDF writer")
    sheet.painter = painter
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        for i, page in enumerate(pages):
            if i:
                writer.setPageOrientation(page.orientation)
                writer.newPage()
            sheet.orientation = page.orientation
            sheet.page_number, sheet.page_total = i + 1, len(pages)
            painter.save()
            page.paint(sheet)
            painter.restore()
            sheet.header_footer(frame, page, i + 1, len(pages))
    finally:
        painter.end()


def render_pdf(analysis: Analysis, *, source: Path | None, units: UnitSystem,
               glyphs: GlyphCheck | None = None, energy: EnergyOutcome | None = None) -> bytes:
    """The report of an analysis as PDF bytes (in memory; nothing is written); glyphs, when given, collects the
    characters no font could draw; energy: the analysis's energy outcome, when the caller has it already."""
    ensure_gui_application()
    register_fonts()
    design = analysis.design
    fmt = report_formatter(units)
    prov = provenance(design, source)
    title = f"{design.name} — compliance screening report"
    subject = (f"Kei (Japan) and {PATHWAY_TITLES[analysis.us_class]} compliance screening of {design.name}: "
               f"kei {analysis.verdict('kei')}, US {analysis.verdict('us')} (screened standards only; "
               f"{coverage_text(analysis.matrix)}); design SHA-256 {prov.sha256}")
    author = f"KeiDesigner {__version__}"
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        writer, page_size = _pdf_writer(buffer, units, title, author)
        sheet = Sheet(writer, page_size)
        pages = build_pages(sheet, analysis, prov, fmt, energy if energy is not None else energy_outcome(analysis))
        _paint(writer, sheet, pages, Frame(design.name, prov.sha256[:16] + "…", __version__, pages), glyphs)
    finally:
        buffer.close()
    pdf = bytes(data.data())
    return add_document_info(pdf, {"Title": title, "Author": author, "Subject": subject,
                                   "Keywords": f"kei, FMVSS, {analysis.us_class.value}, compliance screening",
                                   "Creator": author, "Producer": f"Qt {__import__('PySide6').__version__}"})


def write_report(analysis: Analysis, path: str | os.PathLike[str], *, source: Path | None = None,
                 units: UnitSystem | str = UnitSystem.metric) -> ReportResult:
    """Write the compliance report of an analysed design as a PDF at path, atomically.

    source: the design file the design came from (its SHA-256 goes on the cover), or None for an unsaved design.
    The report shows every finding, those measured on the geometry too (`Analysis.complete`), whoever calls it.
    Returns the path and the warnings to show the user: characters of the design's name or notes that no font can
    draw (an emoji without an emoji font), and a design the energy model cannot simulate (EnergyModelError: the
    energy section says why), do not stop the report; they are named in ReportResult.warnings.
    Raises ReportError (a UserError, one line naming the path) when it cannot be written.
    """
    target = Path(path)
    try:
        units = UnitSystem(units)
    except ValueError:
        raise ReportError(f"{target}: unknown unit system {units!r}") from None
    glyphs = GlyphCheck()
    try:
        if target.is_dir():
            raise PathError(target, "is a folder; choose a file name")
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise PathError(target, "folder does not exist")
        complete = analysis.complete()
        energy = energy_outcome(complete)
        pdf = render_pdf(complete, source=Path(source) if source is not None else None, units=units, glyphs=glyphs,
                         energy=energy)
        write_atomic(target, pdf)
    except PathError as exc:
        raise ReportError(str(exc)) from None
    except OSError as exc:  # stat() of an unreachable name
        raise ReportError(f"{target}: {exc.strerror or exc}") from None
    return ReportResult(target, glyphs.missing, energy.error)
