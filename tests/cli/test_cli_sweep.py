"""`keidesigner sweep`: grids and samples from the command line, the summary in text and JSON, the table, one-line
refusals (exit 2), a missing optional dependency, and the progress bar only on a terminal."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pty
import re
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from keidesigner.cli import main
from keidesigner.files import load_preset, save_design

LENGTHS = ("--vary", "dimensions.length_mm=3300:3500:50")


@pytest.fixture(autouse=True)
def _qt_platform(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", os.environ.get("QT_QPA_PLATFORM", "offscreen"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["sweep", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("keidesigner: ") and "Traceback" not in err
    return lines[0]


def test_a_length_grid_on_the_truck(capsys, tmp_path):
    out_file = tmp_path / "lengths.parquet"
    code, out, err = run(capsys, "preset:kei-truck", *LENGTHS, "-o", str(out_file))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Kei truck (cab-over, gas)  (preset:kei-truck): sweep of 5 variants, full-factorial grid"
    assert lines[1] == "  dimensions.length_mm: 3,300–3,500 mm, step 50 mm (5 values); base 3,395 mm"
    assert "Invalid (refused by the design model): none" in lines
    assert "Compliant: kei 3 of 5 (60.0 %) · US 0 of 5 (0.0 %) · kei and US 0 of 5 (0.0 %)" in lines
    at = lines.index("  kei.length (kei): fails 2 of 5 (40.0 %)")
    assert lines[at + 1] == "    dimensions.length_mm: fails above 3,400 mm (at 3,450–3,500 mm)"
    assert "  kei: variant 2, distance 0.025: dimensions.length_mm 3,400 mm" in lines
    assert "  kei and US: none" in lines and "  US: none" in lines
    assert lines[-1] == f"wrote {out_file} (5 rows, {len(pq.read_schema(out_file).names)} columns)"
    rows = pq.read_table(out_file).to_pylist()
    assert [(r["dimensions.length_mm"], r["kei.length"]) for r in rows] == [
        (3300, "pass"), (3350, "pass"), (3400, "pass"), (3450, "fail"), (3500, "fail")]


def test_a_grid_of_two_fields_as_json_with_a_design_file_and_a_pathway(capsys, tmp_path):
    design = tmp_path / "truck.kei"
    save_design(load_preset("kei-truck"), design)
    code, out, _ = run(capsys, str(design), *LENGTHS, "--vary", "mass.curb_mass_kg=800:900:100", "--class", "mpv",
                       "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["file"] == str(design) and doc["pathway"] == "mpv"
    assert doc["sweep"]["variants"] == 10 and [f["path"] for f in doc["sweep"]["fields"]] == [
        "dimensions.length_mm", "mass.curb_mass_kg"]
    assert doc["sweep"]["fields"][0] == {"path": "dimensions.length_mm", "unit": "mm", "low": 3300.0, "high": 3500.0,
                                         "step": 50.0, "values": 5, "base": 3395.0, "base_effective": 3395.0,
                                         "base_source": "design", "in_distance": True}
    assert doc["design_sha256"] == hashlib.sha256(design.read_bytes()).hexdigest()
    assert doc["design_sha256_of"] == "SHA-256 of the bytes of truck.kei as read when the sweep started."
    assert doc["compliant"]["kei"] == {"count": 6, "share": 0.6}
    kei = next(r for r in doc["failing_rules"] if r["rule_id"] == "kei.length")
    assert kei["fails"] == 4 and kei["fields"]["dimensions.length_mm"] == {
        "side": "above", "fails_low": 3450.0, "fails_high": 3500.0, "passes_low": 3300.0, "passes_high": 3400.0,
        "fails_below": None, "fails_above": [3450.0, 3500.0]}
    assert kei["fields"]["mass.curb_mass_kg"]["side"] == "within"
    # the base's 850 kg is as far from 800 as from 900 kg: a tie goes to the earlier variant
    nearest = doc["nearest_compliant"]["kei"]
    assert nearest["index"] == 4
    assert nearest["values"] == {"dimensions.length_mm": 3400.0, "mass.curb_mass_kg": 800.0}
    assert nearest["distance"] == pytest.approx(((5 / 200) ** 2 + 0.5 ** 2) ** 0.5)
    assert doc["run"]["engine"] in ("scalar", "vectorised") and "output" not in doc


def test_a_sample_writes_csv(capsys, tmp_path):
    out_file = tmp_path / "sample.csv"
    code, out, _ = run(capsys, "preset:kei-ev-hatch", "--sample", "32", "--sampler", "halton", "--seed", "3",
                       "--vary", "dimensions.length_mm=3300:3500", "--vary", "mass.curb_mass_kg=900:1200",
                       "-o", str(out_file), "--units", "us")
    assert code == 0
    assert "sweep of 32 variants, halton sample, seed 3" in out
    assert "  mass.curb_mass_kg: 1,984–2,646 lb; base 2,359 lb" in out
    with open(out_file, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 32
    lengths = [float(r["dimensions.length_mm"]) for r in rows]
    assert 3300 <= min(lengths) and max(lengths) <= 3500
    assert {r["kei.length"] for r in rows} == {"pass", "fail"}
    for r in rows:
        assert (r["kei.length"] == "fail") == (float(r["dimensions.length_mm"]) > 3400)


@pytest.mark.parametrize("argv, says", [
    (("--vary", "dimensions.length_mm"), "--vary dimensions.length_mm: expected FIELD=START:STOP:STEP"),
    (("--vary", "dimensions.length_mm=3300:3500"), "FIELD=LOW:HIGH needs --sample N"),
    (("--vary", "dimensions.length_mm=3300:3500:50:1"), "expected FIELD=START:STOP:STEP"),
    (("--vary", "dimensions.length_mm=3300:abc:50"), "'abc' is not a number"),
    (("--vary", "dimensions.length_mm=3300:3,500:50"), "'3,500' is not a number"),
    (("--vary", "dimensions.length_mm=nan:3500:50"), "'nan' is not a number"),
    (("--vary", "dimensions.length_mm=3300:1e999:50"), "'1e999' is too large"),
    (("--vary", "dimensions.nope_mm=1:2:1"), "--vary dimensions.nope_mm: no such field"),
    (("--vary", "package.rows.7.h_point_x_mm=1:2:1"), "--vary package.rows.7.h_point_x_mm: no such field"),
    (("--vary", "body_style=1:2:1"), "--vary body_style: is not a number field"),
    (("--vary", "safety.esc=0:1:1"), "--vary safety.esc: is not a number field"),
    (("--vary", "dimensions.length_mm=3300:3500:0"), "the step must be more than 0"),
    (("--vary", "dimensions.length_mm=3300:3500:-50"), "the step must be more than 0"),
    (("--vary", "dimensions.length_mm=3500:3300:50"), "the stop 3300 is before the start 3500: the range is empty"),
    (("--vary", "dimensions.length_mm=0:1e300:1e-300"), "the step is too small for the range"),
    (("--vary", "dimensions.length_mm=0:1e6:0.001"), "over the sweep's 256.0 MiB memory budget"),
    (("--vary", "dimensions.length_mm=1:2:1", "--vary", "dimensions.length_mm=3:4:1"), "given twice"),
    ((), "sweep needs at least one --vary"),
    (("--sample", "16", "--vary", "dimensions.length_mm=3300:3500:50"), "--sample takes FIELD=LOW:HIGH"),
    (("--sample", "16", "--vary", "dimensions.length_mm=3500:3300"), "the high end 3300 must be above the low end"),
    (("--sample", "0", "--vary", "dimensions.length_mm=3300:3500"),
     "--sample: '0' is not a whole number of at least 1"),
    (("--sample", "1e3", "--vary", "dimensions.length_mm=3300:3500"), "--sample: '1e3' is not a whole number"),
    (("--sample", "99999999999", "--vary", "dimensions.length_mm=3300:3500"), "take fewer samples"),
    (("--sample", "8", "--sampler", "grid", "--vary", "dimensions.length_mm=3300:3500"),
     "--sampler grid: use one of sobol, halton, lhs"),
    (("--seed", "1", "--vary", "dimensions.length_mm=3300:3500:50"), "--sampler and --seed apply to --sample N"),
    (("--sampler", "lhs", *LENGTHS), "--sampler and --seed apply to --sample N"),
    ((*LENGTHS, "-o", "out.xlsx"), "out.xlsx: the sweep writes a table as .parquet or .csv"),
    ((*LENGTHS, "--jobs", "0"), "--jobs: '0' is not a whole number of at least 1"),
    ((*LENGTHS, "--jobs", "two"), "--jobs: 'two' is not a whole number"),
    ((*LENGTHS, "--set", "nope=1"), "--set expects NAME=VALUE"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, says):
    code, out, err = run(capsys, "preset:kei-truck", *argv)
    assert code == 2 and out == ""
    assert says in _one_line_error(err)


def test_a_table_in_a_missing_folder_or_over_the_design_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, "preset:kei-truck", *LENGTHS, "-o", str(tmp_path / "no" / "t.parquet"))
    assert code == 2 and "t.parquet: folder does not exist" in _one_line_error(err)
    design = tmp_path / "t.csv"
    save_design(load_preset("kei-truck"), design)
    before = design.read_bytes()
    code, _, err = run(capsys, str(design), *LENGTHS, "-o", str(design), "--force")
    assert code == 2 and "is the design file itself" in _one_line_error(err)
    assert design.read_bytes() == before


@pytest.mark.parametrize("blocked, argv, says", [
    ("pyarrow", ("-o", "t.parquet"), "writing a Parquet table needs pyarrow"),
    ("pyarrow", ("-o", "t.csv"), "writing a CSV table needs pyarrow"),
    ("scipy", ("--sample", "8"), "--sample (quasi-random samples) needs scipy"),
    ("distributed", ("--scheduler", "local"), "--scheduler (running the sweep on Dask) needs dask[distributed]"),
])
def test_a_missing_optional_dependency_says_what_to_install(capsys, monkeypatch, tmp_path, blocked, argv, says):
    for name in list(sys.modules):
        if name == blocked or name.startswith(blocked + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, blocked, None)  # `import blocked` now raises ImportError
    vary = "dimensions.length_mm=3300:3500" if "--sample" in argv else "dimensions.length_mm=3300:3500:50"
    argv = tuple(str(tmp_path / a) if a.startswith("t.") else a for a in argv)
    code, out, err = run(capsys, "preset:kei-truck", "--vary", vary, *argv)
    assert code == 2 and out == ""
    line = _one_line_error(err)
    assert says in line and line.endswith("which is not installed: pip install 'keidesigner[sweep]'")
    assert os.listdir(tmp_path) == []


def _sweep_process(stderr, *extra: str) -> subprocess.Popen:
    argv = [sys.executable, "-m", "keidesigner", "sweep", "preset:kei-truck", "--vary",
            "dimensions.length_mm=3000:3500:1", "--jobs", "1", *extra]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=stderr,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_piped_output_has_no_progress_bar(tmp_path):
    out_file = tmp_path / "t.parquet"
    process = _sweep_process(subprocess.PIPE, "-o", str(out_file))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0
    assert err == b""
    assert out.decode().startswith("Kei truck") and out_file.exists()


def test_a_terminal_gets_a_progress_bar_on_stderr_that_clears_itself():
    master, slave = pty.openpty()
    try:
        process = _sweep_process(slave)
    finally:
        os.close(slave)
    seen = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the pty closes when the process ends (EIO on Linux)
            break
        if not data:
            break
        seen += data
    os.close(master)
    out = process.stdout.read().decode()
    assert process.wait(timeout=120) == 0
    text = seen.decode()
    assert "sweep [" in text and "501/501 variants" in text and "100%" in text
    assert text.endswith("\r")  # wiped: the summary on stdout starts on a clean line
    assert "sweep [" not in out and out.startswith("Kei truck")


def test_the_sweep_help_names_its_forms(capsys):
    assert main(["sweep", "--help"]) == 0
    out, _ = capsys.readouterr()
    assert "--vary FIELD=START:STOP:STEP" in out and "--scheduler ADDRESS" in out and "--with-energy" in out


# --- what the summary says --------------------------------------------------------------------------------------------

def test_a_field_the_base_leaves_empty_is_measured_from_the_value_the_model_uses(capsys):
    code, out, _ = run(capsys, "preset:kei-ev-hatch", "--vary", "road_load.drag_coefficient=0.2:0.5:0.1",
                       "--vary", "mass.cg_height_mm=300:700:100")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].endswith("; base 0.320 Cd (body style)")  # STYLE_DRAG_COEFFICIENT["hatchback"]
    assert lines[2].endswith("; base 537.6 mm (estimated)")  # the derived CG height
    # 0.3 Cd and 500 mm are nearest 0.32 and 537.6 mm: variant 7 (not variant 0, at distance 0)
    assert "  kei: variant 7, distance 0.115: road_load.drag_coefficient 0.300 Cd, mass.cg_height_mm 500 mm" in lines
    code, out, _ = run(capsys, "preset:kei-truck", "--vary", "road_load.drag_coefficient=0.2:0.5:0.1",
                       "--format", "json")
    doc = json.loads(out)
    assert doc["sweep"]["fields"][0]["base"] is None
    assert doc["sweep"]["fields"][0]["base_effective"] == 0.45
    assert doc["sweep"]["fields"][0]["base_source"] == "body style"
    assert doc["nearest_compliant"]["kei"]["values"] == {"road_load.drag_coefficient": 0.4}  # not 0.3


def test_a_field_with_no_stand_in_is_left_out_of_the_distance_and_says_so(capsys):
    code, out, _ = run(capsys, "preset:kei-truck", "--vary", "plan.maker_production_per_year=1000:5000:1000",
                       *LENGTHS)
    assert code == 0
    lines = out.splitlines()
    assert lines[1].endswith("; base empty (no value stands in for it)")
    assert ("  left out of the distance (empty in the base, with no value the model uses): "
            "plan.maker_production_per_year") in lines
    assert any(line.startswith("  kei: variant 2, distance 0.025: ") for line in lines)


def test_a_two_sided_band_reads_as_one(capsys):
    code, out, _ = run(capsys, "preset:kei-truck", "--vary", "lighting.headlamp_height_mm=300:1500:100")
    assert code == 0
    assert ("    lighting.headlamp_height_mm: fails below 600 mm (at 300–500 mm) and above 1,300 mm "
            "(at 1,400–1,500 mm)") in out.splitlines()
    assert "the other fields decide" not in out
    code, out, _ = run(capsys, "preset:kei-truck", "--vary", "lighting.headlamp_height_mm=300:1500:100",
                       "--format", "json")
    rule = next(r for r in json.loads(out)["failing_rules"] if r["rule_id"] == "us.108.headlamp_height")
    assert rule["fields"]["lighting.headlamp_height_mm"] == {
        "side": "outside", "fails_low": 300.0, "fails_high": 1500.0, "passes_low": 600.0, "passes_high": 1300.0,
        "fails_below": [300.0, 500.0], "fails_above": [1400.0, 1500.0]}


def test_a_failing_value_never_prints_as_the_passing_value_beside_it(capsys):
    code, out, _ = run(capsys, "preset:kei-ev-hatch", "--sample", "1000", "--vary", "dimensions.width_mm=1400:1550")
    assert code == 0
    lines = out.splitlines()
    line = lines[lines.index("  kei.width (kei): fails 467 of 1,000 (46.7 %)") + 1]
    match = re.fullmatch(r"    dimensions\.width_mm: fails above ([0-9,.]+) mm \(at ([0-9,.]+)–[0-9,.]+ mm\)", line)
    assert match, line
    passes, fails = (float(g.replace(",", "")) for g in match.groups())
    assert passes < 1480 < fails  # the kei limit is 1,480 mm: neither reads as it


def test_grid_values_come_out_as_typed(capsys, tmp_path):
    out_file = tmp_path / "cd.csv"
    assert run(capsys, "preset:kei-truck", "--vary", "road_load.drag_coefficient=0.15:0.75:0.15",
               "--vary", "mass.curb_mass_kg=700.5:700.7:0.1", "-o", str(out_file))[0] == 0
    with open(out_file, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted({r["road_load.drag_coefficient"] for r in rows}) == ["0.15", "0.3", "0.45", "0.6", "0.75"]
    assert sorted({r["mass.curb_mass_kg"] for r in rows}) == ["700.5", "700.6", "700.7"]
    assert [r["variant"] for r in rows] == [str(i) for i in range(15)]
    code, out, _ = run(capsys, "preset:kei-truck", "--vary", "road_load.drag_coefficient=0.15:0.45:0.1",
                       "--format", "json")
    assert json.loads(out)["sweep"]["fields"][0]["high"] == 0.45  # not 0.45000000000000007


def test_a_vanishing_step_is_refused_in_one_short_line(capsys):
    code, _, err = run(capsys, "preset:kei-truck", "--vary", "dimensions.length_mm=0:1:1e-300")
    line = _one_line_error(err)
    assert code == 2 and len(line) < 200
    assert "the grid has more than 10^12 variants of 1 field: far over the sweep's 256.0 MiB memory budget" in line


# --- an existing table ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_an_existing_table_is_kept_unless_forced(capsys, tmp_path, suffix):
    out_file = tmp_path / f"t{suffix}"
    out_file.write_bytes(b"hours of work")
    code, out, err = run(capsys, "preset:kei-truck", *LENGTHS, "-o", str(out_file))
    assert code == 2 and out == ""
    assert _one_line_error(err) == f"keidesigner: {out_file}: already exists (use --force to overwrite)"
    assert out_file.read_bytes() == b"hours of work" and os.listdir(tmp_path) == [out_file.name]
    code, out, err = run(capsys, "preset:kei-truck", *LENGTHS, "-o", str(out_file), "--force")
    assert code == 0 and out_file.read_bytes() != b"hours of work"


@pytest.mark.parametrize("backend", [("--jobs", "2"), ("--jobs", "2", "--scheduler", "local")],
                         ids=["pool", "dask"])
@pytest.mark.parametrize("how, code", [("ctrl-c", 130), ("sigterm", 143)])
def test_a_stopped_sweep_stops_quietly_and_leaves_no_file(tmp_path, backend, how, code):
    """Ctrl-C reaches the whole process group (Dask's workers printed 70-140 lines of tracebacks); SIGTERM (kill,
    timeout, a stopped job) reaches the command alone (it left its hidden temporary table behind)."""
    out_file = tmp_path / "fresh.csv"
    argv = [sys.executable, "-m", "keidesigner", "sweep", "preset:kei-truck", "--vary",
            "dimensions.wheelbase_mm=1800:2600:2", "--vary", "dimensions.length_mm=3000:3500:1", "--vary",
            "dimensions.width_mm=1300:1500:25", *backend, "-o", str(out_file)]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(tmp_path.iterdir()) and time.monotonic() < deadline:  # the table's temporary file: started
        time.sleep(0.05)
    time.sleep(1.0)  # into the work: the cluster or the pool running
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == code, err.decode()
    assert err == b"" and list(tmp_path.iterdir()) == []


def test_a_bundle_without_pyarrow_does_not_tell_its_user_to_pip_install(capsys, monkeypatch, tmp_path):
    for name in list(sys.modules):
        if name == "pyarrow" or name.startswith("pyarrow."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # the import fails, as in the bundle
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    code, out, err = run(capsys, "preset:kei-truck", "--vary", "dimensions.length_mm=3300:3500:50",
                         "-o", str(tmp_path / "t.csv"))
    assert code == 2 and out == ""
    assert _one_line_error(err).endswith("writing a CSV table needs pyarrow, which this installed program does not "
                                         "carry: use the Python package (pip install 'keidesigner[sweep]')")
