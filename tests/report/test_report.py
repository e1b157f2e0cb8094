"""The compliance PDF: read it back and check that what it says traces to the design and its findings."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_pdftools import HAVE_PDFFONTS, HAVE_PDFTOPPM, flat, ink_fractions, pdf_text

from keidesigner import __version__
from keidesigner.analysis import analyse
from keidesigner.design import UnitSystem, with_values
from keidesigner.files import dumps_design, load_design, load_preset, preset_names
from keidesigner.report import ReportError, write_report
from keidesigner.report.writer import add_document_info
from keidesigner.rules import evaluate

PRESET_NAMES = tuple(preset_names())
PRESETS = Path(__file__).resolve().parents[2] / "resources" / "presets"
LIGATURES = re.compile("[\ufb00-\ufb06]")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """One report per preset in metric units, and the EV hatch and truck in US units, written once."""
    out = tmp_path_factory.mktemp("reports")
    made = {}
    for name in PRESET_NAMES:
        made[(name, "metric")] = out / f"{name}.pdf"
        source = PRESETS / f"{name}.kei"
        write_report(analyse(load_design(source)), made[(name, "metric")], source=source)
    for name in ("kei-ev-hatch", "kei-truck"):
        made[(name, "us")] = out / f"{name}-us.pdf"
        write_report(analyse(load_design(PRESETS / f"{name}.kei")), made[(name, "us")], source=PRESETS / f"{name}.kei",
                     units=UnitSystem.us)
    return made


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_finding_is_in_the_report(reports, name):
    text = flat(pdf_text(reports[(name, "metric")]))
    # a wrapped cell may break a line anywhere Unicode allows (after "/" too): compare without whitespace
    solid = re.sub(r"\s+", "", text)
    ev = evaluate(load_preset(name))
    for f in ev.findings:
        assert f.rule_id in text, f.rule_id
        assert re.sub(r"\s+", "", f.citation) in solid, (f.rule_id, f.citation)
    for group in ("kei", "us"):
        assert ev.verdict(group).upper() in text


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_cover_hash_is_the_design_files_sha256(reports, name):
    text = flat(pdf_text(reports[(name, "metric")]))
    digest = hashlib.sha256((PRESETS / f"{name}.kei").read_bytes()).hexdigest()
    assert digest in text
    assert f"{name}.kei" in text


def test_page_count_metadata_and_footer(reports):
    for (name, _units), path in reports.items():
        reader = PdfReader(path)
        # the front end table can take a page; the compliance matrix takes three or four; the energy section one
        assert 4 <= len(reader.pages) <= 19, (name, len(reader.pages))
        meta = reader.metadata
        design = load_preset(name)
        assert design.name in meta.title
        assert meta.author == f"KeiDesigner {__version__}"
        assert meta.subject and "compliance screening" in meta.subject
        text = pdf_text(path)
        n = len(reader.pages)
        for page in range(1, n + 1):
            assert f"Page {page} of {n}" in text


def test_page_sizes_a4_metric_letter_us_drawing_landscape(reports):
    a4 = PdfReader(reports[("kei-truck", "metric")])
    letter = PdfReader(reports[("kei-truck", "us")])
    w, h = (float(x) for x in a4.pages[0].mediabox.upper_right)
    assert (round(w), round(h)) == (595, 842)
    w, h = (float(x) for x in letter.pages[0].mediabox.upper_right)
    assert (round(w), round(h)) == (612, 792)
    w, h = (float(x) for x in a4.pages[1].mediabox.upper_right)
    assert w > h  # the drawing sheet


def test_no_ligature_glyphs_and_words_extract(reports):
    for path in reports.values():
        text = pdf_text(path)
        assert not LIGATURES.search(text), LIGATURES.findall(text)[:5]
    text = flat(pdf_text(reports[("kei-truck", "metric")]))
    assert "certification" in text and "stiffen" in text  # 'fi' and 'ff' came through as letters


@pytest.mark.skipif(not HAVE_PDFFONTS, reason="pdffonts (poppler-utils) not installed")
def test_fonts_are_embedded(reports):
    out = subprocess.run(["pdffonts", str(reports[("kei-ev-hatch", "us")])], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    rows = [line for line in out[2:] if line.strip()]
    assert rows
    for line in rows:
        # columns: name type encoding emb sub uni id gen; 'emb' is the 4th field from the right-hand 'yes/no' block
        fields = line.split()
        assert fields[-5] == "yes", line


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) not installed")
def test_every_page_renders_with_ink(reports, tmp_path):
    for key in (("kei-truck", "metric"), ("kei-ev-hatch", "us")):
        folder = tmp_path / f"{key[0]}-{key[1]}"
        folder.mkdir()
        fractions = ink_fractions(reports[key], folder)
        assert len(fractions) == len(PdfReader(reports[key]).pages)
        for page, fraction in enumerate(fractions, start=1):
            assert fraction > 0.01, (key, page, fraction)
        assert fractions[1] > 0.05  # the drawing sheet is mostly drawing


def test_drawings_are_vectors_not_images(reports):
    page = PdfReader(reports[("kei-truck", "metric")]).pages[1]
    assert not list(page.images)
    text = flat(page.extract_text())
    assert re.search(r"Scale 1:\d+|SCALE 1:\d+", text, re.I)
    for label in ("Length 3,395", "Width 1,475", "Height 1,765", "Wheelbase 1,905", "F. track 1,300",
                  "R. track 1,300", "F. overhang 690", "R. overhang 800", "Headlamp 860", "Tail lamp 640",
                  "Bumper 430"):
        assert label in text, label


def test_us_units_show_inches_with_millimetres(reports):
    text = flat(pdf_text(reports[("kei-ev-hatch", "us")]))
    assert re.search(r"\d+\.\d+ in \([\d,]+(\.\d)? mm\)", text)
    assert "29.1 in (740.0 mm)" in text  # headlamp height, a limit stated in inches
    assert "(558.8 – 1,371.6 mm)" in text
    assert "Headlamp 29.1 (740 mm)" in text  # on the drawing
    assert " lb" in text and " hp" in text


def test_unsaved_design_hashes_its_canonical_serialisation(tmp_path):
    design = load_preset("kei-van")
    out = tmp_path / "van.pdf"
    write_report(analyse(design), out)
    text = flat(pdf_text(out))
    assert "unsaved design" in text
    assert hashlib.sha256(dumps_design(design).encode("utf-8")).hexdigest() in text


def test_design_changed_since_its_file_is_not_given_the_files_hash(tmp_path):
    path = PRESETS / "kei-van.kei"
    design = with_values(load_design(path), {"dimensions.height_mm": 1900})  # the headliner is at 1,840 mm
    out = tmp_path / "van.pdf"
    write_report(analyse(design), out, source=path)
    text = flat(pdf_text(out))
    assert hashlib.sha256(path.read_bytes()).hexdigest() not in text
    assert hashlib.sha256(dumps_design(design).encode("utf-8")).hexdigest() in text
    assert "unsaved changes" in text


def test_overruns_are_marked_on_the_drawing(tmp_path):
    design = with_values(load_preset("kei-ev-hatch"), {
        "dimensions.length_mm": 3650, "dimensions.width_mm": 1560, "dimensions.front_track_mm": 1380,
        "dimensions.height_mm": 2080, "lighting.headlamp_height_mm": 520,
    })
    out = tmp_path / "big.pdf"
    write_report(analyse(design, us_class="passenger_car"), out)
    drawing = flat(PdfReader(out).pages[1].extract_text())
    assert "Length 3,650 (+250 mm over kei)" in drawing
    assert "Width 1,560 (+80 mm over kei)" in drawing
    assert "Height 2,080 (+80 mm over kei)" in drawing
    assert "Headlamp 520" in drawing
    text = flat(pdf_text(out))
    assert "FAIL" in text


def test_class_override_and_settings_are_reported(tmp_path):
    from keidesigner.rules import RuleSettings

    out = tmp_path / "lsv.pdf"
    write_report(analyse(load_preset("kei-truck"), RuleSettings(frontal_decel_limit_g=25), "lsv"), out)
    text = flat(pdf_text(out))
    assert "US low-speed vehicle" in text
    assert "limit of 25 g" in text


def test_string_unit_system_and_repeated_reports_reuse_the_application(tmp_path):
    from PySide6.QtGui import QGuiApplication

    for i in range(3):
        write_report(analyse(load_preset("kei-roadster")), tmp_path / f"r{i}.pdf", units="us")
    assert QGuiApplication.instance() is not None
    assert len({(tmp_path / f"r{i}.pdf").stat().st_size > 0 for i in range(3)}) == 1


# --- failures leave nothing behind -------------------------------------------------------------------------------

def _single_line(exc: ReportError) -> str:
    message = str(exc)
    assert "\n" not in message and message
    return message


def test_missing_folder(tmp_path):
    target = tmp_path / "missing" / "r.pdf"
    with pytest.raises(ReportError) as info:
        write_report(analyse(load_preset("kei-truck")), target)
    assert str(target) in _single_line(info.value)
    assert not target.parent.exists()


def test_target_is_a_directory(tmp_path):
    target = tmp_path / "folder.pdf"
    target.mkdir()
    with pytest.raises(ReportError) as info:
        write_report(analyse(load_preset("kei-truck")), target)
    assert "folder" in _single_line(info.value)
    assert target.is_dir() and not any(target.iterdir())
    assert [p.name for p in tmp_path.iterdir()] == ["folder.pdf"]


def test_write_failure_leaves_no_partial_or_temporary_file(tmp_path, monkeypatch):
    import keidesigner.files.save as save

    target = tmp_path / "r.pdf"

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(save.os, "replace", refuse)
    with pytest.raises(ReportError) as info:
        write_report(analyse(load_preset("kei-truck")), target)
    assert "permission denied" in _single_line(info.value)
    assert list(tmp_path.iterdir()) == []


def test_disk_full_leaves_the_old_report_in_place(tmp_path, monkeypatch):
    import keidesigner.files.save as save

    target = tmp_path / "r.pdf"
    target.write_bytes(b"old report")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(save.os, "fsync", full)
    with pytest.raises(ReportError) as info:
        write_report(analyse(load_preset("kei-truck")), target)
    assert "No space left" in _single_line(info.value)
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
                    reason="root bypasses folder permissions (the monkeypatched test covers this case)")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ReportError):
            write_report(analyse(load_preset("kei-truck")), folder / "r.pdf")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_document_info_update_is_a_valid_incremental_update(reports, tmp_path):
    data = reports[("kei-van", "metric")].read_bytes()
    again = add_document_info(data, {"Subject": "second"})
    out = tmp_path / "again.pdf"
    out.write_bytes(again)
    reader = PdfReader(out)
    assert reader.metadata.subject == "second"
    assert len(reader.pages) == len(PdfReader(reports[("kei-van", "metric")]).pages)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        assert "Subject:" in info and "second" in info


def test_the_cover_states_gvwr_and_the_minimum_gawrs(reports):
    cover = flat(PdfReader(reports[("kei-truck", "metric")]).pages[0].extract_text())
    # the truck's 1,150 mm bench is 3 designated seating positions under 571.10 (1,150 / 350), 2 declared: the US
    # counts 3 occupants of 150 lb
    assert "GVWR 1,405 kg (minimum) · minimum GAWR front 708 kg, rear 697 kg" in cover
    data = flat(pdf_text(reports[("kei-truck", "metric")]))
    assert "Minimum front GAWR" in data and "Minimum rear GAWR" in data
