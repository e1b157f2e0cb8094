"""The `keidesigner` command line: check, new, schema, export, headless; exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from keidesigner.cli import main
from keidesigner.files import load_design, load_preset, save_design

FINDING_KEYS = {"rule_id", "status", "measured", "limit", "unit", "margin", "basis", "citation", "explanation"}


@pytest.fixture(autouse=True)
def _qt_platform(monkeypatch):
    # main() sets QT_QPA_PLATFORM when there is no display; keep that from leaking into other tests
    monkeypatch.setenv("QT_QPA_PLATFORM", os.environ.get("QT_QPA_PLATFORM", "offscreen"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _preset_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.kei"
    save_design(load_preset(name), path)
    return path


def _one_line_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("keidesigner: ")
    assert "Traceback" not in err
    return lines[0]


# --- check -------------------------------------------------------------------------------------------------------

def test_check_text_for_the_truck_fails_with_exit_1(capsys, tmp_path):
    path = _preset_file(tmp_path, "kei-truck")
    code, out, err = run(capsys, "check", str(path))
    assert code == 1 and err == ""
    assert out.startswith(f"Kei truck (cab-over, gas)  ({path})")
    assert "Kei (Japan): PASS" in out and "US truck: FAIL" in out
    header = next(line for line in out.splitlines() if "rule" in line and "measured" in line)
    for column in ("rule", "measured", "limit", "margin", "basis", "citation"):
        assert column in header
    fail_row = next(line for line in out.splitlines() if "us.216a.roof_crush" in line)
    assert fail_row.strip().startswith("FAIL") and "12.00 kN" in fail_row and "≥ 25.01 kN" in fail_row
    assert "49 CFR 571.216a" in fail_row
    # fails come before passes in the US table, explanations follow failing rows
    us_part = out[out.index("US truck"):]
    assert us_part.index("FAIL") < us_part.index("pass")
    assert "stiffen the pillars" in out


def test_check_text_for_the_ev_hatch_passes_with_exit_0(capsys):
    code, out, _ = run(capsys, "check", "preset:kei-ev-hatch")
    assert code == 0
    assert "Kei (Japan): PASS" in out and "US passenger car: PASS" in out
    assert "FAIL" not in out


def test_check_json_for_one_file(capsys, tmp_path):
    path = _preset_file(tmp_path, "kei-truck")
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    assert code == 1
    doc = json.loads(out)
    assert isinstance(doc, dict)
    assert {"file", "design", "verdict", "derived", "findings"} <= set(doc)
    assert doc["file"] == str(path)
    assert doc["design"] == "Kei truck (cab-over, gas)"
    assert doc["verdict"] == {"kei": "pass", "us": "fail"}
    assert doc["derived"]["footprint_ft2"] == 26.7
    assert doc["derived"]["min_gvwr_kg"] == pytest.approx(1404.12, abs=0.01)  # three DSPs on the bench
    assert doc["derived"]["seats"] == 3
    assert len(doc["findings"]) == 38  # with the windscreen fit, the small-overlap advice and the two head zones
    # the package and what each seat counts as, in the stored units
    assert doc["package"]["rows"][0]["seats"][0]["seating_width_mm"] == 1150.0
    assert doc["seating"] == [{
        "path": "package.rows.0.seats.0", "row": 1, "seat": 1, "kind": "bench", "seating_width_mm": 1150.0,
        "declared_positions": 2, "dsp_571_10": 3, "positions": 3, "outboard_positions": 2,
        "h_point_mm": [-940.0, 0.0, 840.0], "clear_left_mm": 80.0, "clear_right_mm": 80.0}]
    for f in doc["findings"]:
        assert FINDING_KEYS <= set(f)
        assert f["citation"] and f["explanation"]
    roof = next(f for f in doc["findings"] if f["rule_id"] == "us.216a.roof_crush")
    assert roof["status"] == "fail" and roof["measured"] == 12.0 and roof["unit"] == "kN"
    assert roof["limit"]["min"] == pytest.approx(25.007, abs=0.001)
    assert roof["margin"] == pytest.approx(-13.007, abs=0.001)
    assert roof["basis"] == "regulation" and roof["citation"] == "49 CFR 571.216a"
    camera = next(f for f in doc["findings"] if f["rule_id"] == "us.111.rear_visibility")
    assert camera["measured"] is False and camera["limit"] == {"required": True} and camera["margin"] is None


def test_check_json_for_several_files_is_a_list(capsys, tmp_path):
    paths = [str(_preset_file(tmp_path, n)) for n in ("kei-ev-hatch", "kei-van")]
    code, out, _ = run(capsys, "check", "--format", "json", *paths, "preset:kei-roadster")
    docs = json.loads(out)
    assert isinstance(docs, list) and len(docs) == 3
    assert [d["file"] for d in docs] == paths + ["preset:kei-roadster"]
    assert code == 1  # the van fails US rules


def test_check_several_text(capsys):
    code, out, _ = run(capsys, "check", "preset:kei-ev-hatch", "preset:kei-ev-hatch")
    assert code == 0 and out.count("Kei EV hatchback  (preset:kei-ev-hatch)") == 2


def test_check_class_lsv_changes_the_pathway(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", "--class", "lsv", "preset:kei-ev-hatch")
    doc = json.loads(out)
    assert doc["pathway"] == "lsv"
    ids = {f["rule_id"] for f in doc["findings"]}
    assert {"us.500.speed", "us.500.gvwr", "us.500.equipment"} <= ids
    assert code == 1  # 130 km/h is no LSV
    code, out, _ = run(capsys, "check", "--class", "lsv", "preset:kei-ev-hatch")
    assert "US low-speed vehicle: FAIL" in out and "us.500.speed" in out


def test_check_units_us_shows_inches(capsys):
    _, out, _ = run(capsys, "check", "--units", "us", "preset:kei-ev-hatch")
    assert "133.66 in" in out  # 3,395 mm
    assert "≤ 133.85 in" in out  # 3,400 mm = 133.858 in, shown the way that passes when typed
    assert "22.0 – 54.0 in" in out
    assert "3,395 mm" not in out
    _, metric, _ = run(capsys, "check", "preset:kei-ev-hatch")
    assert "3,395 mm" in metric and "133.66 in" not in metric


def test_check_set_changes_a_rule_setting(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", "--set", "frontal_decel_limit_g=25",
                       "preset:kei-ev-hatch")
    doc = json.loads(out)
    pulse = next(f for f in doc["findings"] if f["rule_id"] == "us.208.crush_pulse")
    assert pulse["status"] == "fail" and pulse["limit"] == {"max": 25.0}
    assert code == 1


@pytest.mark.parametrize("setting", ["frontal_decel_limit_g=abc", "frontal_decel_limit_g=1", "nonsense=3", "x"])
def test_check_bad_setting_exit_2(capsys, setting):
    code, out, err = run(capsys, "check", "--set", setting, "preset:kei-ev-hatch")
    assert code == 2 and out == ""
    assert "--set" in _one_line_error(err)


@pytest.mark.parametrize("content", [b"{not json", b"", b"[]", b"\xff\xfe\x00", b'{"format": "keidesigner.design"}'])
def test_check_bad_file_exit_2_one_line(capsys, tmp_path, content):
    path = tmp_path / "bad.kei"
    path.write_bytes(content)
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and out == ""
    assert str(path) in _one_line_error(err)


def test_check_missing_file_and_unknown_preset_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "nope.kei"))
    assert code == 2 and "no such file" in _one_line_error(err)
    code, _, err = run(capsys, "check", "preset:kei-limousine")
    assert code == 2 and "kei-limousine" in _one_line_error(err)


def test_check_bad_file_among_good_ones_exit_2(capsys, tmp_path):
    bad = tmp_path / "bad.kei"
    bad.write_text("[]")
    code, _, err = run(capsys, "check", "preset:kei-ev-hatch", str(bad))
    assert code == 2
    _one_line_error(err)


# --- new / schema --------------------------------------------------------------------------------------------------

def test_new_list_lists_the_five_presets(capsys):
    code, out, _ = run(capsys, "new", "--list")
    assert code == 0
    assert out.split() == ["kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster", "kei-truck", "kei-van"]


def test_new_writes_a_loadable_file_and_refuses_to_overwrite(capsys, tmp_path):
    path = tmp_path / "mine.kei"
    code, out, _ = run(capsys, "new", "--preset", "kei-van", "-o", str(path))
    assert code == 0 and str(path) in out
    assert load_design(path) == load_preset("kei-van")
    path.write_text("precious")
    code, out, err = run(capsys, "new", "--preset", "kei-van", "-o", str(path))
    assert code == 2 and "--force" in _one_line_error(err)
    assert path.read_text() == "precious"
    code, _, _ = run(capsys, "new", "--preset", "kei-truck", "-o", str(path), "--force")
    assert code == 0 and load_design(path) == load_preset("kei-truck")


def test_new_default_preset_is_the_truck(capsys, tmp_path):
    path = tmp_path / "default.kei"
    assert run(capsys, "new", "-o", str(path))[0] == 0
    assert load_design(path) == load_preset("kei-truck")


@pytest.mark.parametrize("argv", [["new"], ["new", "--preset", "kei-limousine", "-o", "{tmp}/x.kei"],
                                  ["new", "-o", "{tmp}/no/such/folder/x.kei"]])
def test_new_errors_exit_2(capsys, tmp_path, argv):
    code, out, err = run(capsys, *[a.format(tmp=tmp_path) for a in argv])
    assert code == 2
    _one_line_error(err)
    assert not (tmp_path / "x.kei").exists()


def test_schema_prints_valid_json(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"format", "version", "dimensions", "powertrain"} <= set(schema["properties"])


# --- export --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("units", "mm_per_unit"), [(None, 1.0), ("mm", 1.0), ("m", 1000.0), ("in", 25.4)])
@pytest.mark.parametrize("suffix", [".stl", ".obj", ".ply"])
def test_export_mesh_formats_in_the_unit_asked_for(capsys, tmp_path, suffix, units, mm_per_unit):
    import numpy as np
    import trimesh

    out = tmp_path / f"van{suffix}"
    code, stdout, err = run(capsys, "export", "preset:kei-van", "-o", str(out), *(["--units", units] if units else []))
    assert code == 0, err
    assert stdout.startswith(f"wrote {out} (") and "z up" in stdout
    d = load_preset("kei-van").dimensions
    loaded = trimesh.load(str(out), force="mesh", process=False)
    np.testing.assert_allclose(loaded.extents, np.array([d.length_mm, d.width_mm, d.height_mm]) / mm_per_unit,
                               rtol=1e-5)
    assert f"units: {units or 'mm'};".encode() in out.read_bytes()[:200]


def test_export_glb_is_metres_y_up(capsys, tmp_path):
    import numpy as np
    import trimesh

    out = tmp_path / "van.glb"
    code, stdout, err = run(capsys, "export", "preset:kei-van", "-o", str(out))
    assert code == 0, err
    assert "metres" in stdout
    d = load_preset("kei-van").dimensions
    loaded = trimesh.load(str(out), force="scene")
    np.testing.assert_allclose(loaded.extents, np.array([d.width_mm, d.height_mm, d.length_mm]) / 1000, atol=1e-3)


@pytest.mark.parametrize("units", ["mm", "m", "in"])
def test_export_refuses_units_for_glb_in_one_line(capsys, tmp_path, units):
    out = tmp_path / "van.GLB"
    code, stdout, err = run(capsys, "export", "preset:kei-van", "-o", str(out), "--units", units)
    assert code == 2 and stdout == ""
    line = _one_line_error(err)
    assert "--units" in line and "metres" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["-o", "van.step"], ["-o", "van.step", "--units", "mm"], ["-o", "van"]])
def test_export_unknown_extension_exit_2_one_line(capsys, tmp_path, argv):
    argv = [a if not a.startswith("van") else str(tmp_path / a) for a in argv]
    code, stdout, err = run(capsys, "export", "preset:kei-van", *argv)
    assert code == 2 and stdout == ""
    assert "cannot export" in _one_line_error(err)
    assert list(tmp_path.iterdir()) == []


def test_export_unknown_unit_is_a_usage_error(capsys, tmp_path):
    code, stdout, err = run(capsys, "export", "preset:kei-van", "-o", str(tmp_path / "van.stl"), "--units", "ft")
    assert code == 2 and stdout == "" and "--units" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_export_unit_choices_are_the_exporters(capsys):
    from keidesigner.geometry import LENGTH_UNITS

    code, out, _ = run(capsys, "export", "--help")
    assert code == 0
    assert "--units {" + ",".join(LENGTH_UNITS) + "}" in out and "metres" in out


# --- headless -------------------------------------------------------------------------------------------------------

def test_headless_writes_check_results(capsys, tmp_path):
    out_dir = tmp_path / "out" / "nested"
    code, out, err = run(capsys, "headless", "preset:kei-ev-hatch", "-o", str(out_dir))
    assert code == 0, err
    text = (out_dir / "check.txt").read_text(encoding="utf-8")
    assert "US passenger car: PASS" in text
    doc = json.loads((out_dir / "check.json").read_text(encoding="utf-8"))
    assert doc["verdict"] == {"kei": "pass", "us": "pass"} and doc["file"] == "preset:kei-ev-hatch"
    assert doc["energy"]["label_combined_mpge"] > 0 and "EPA cycles" in text
    assert "kei pass, US pass" in out
    assert f"wrote {out_dir / 'check.txt'}" in out and f"wrote {out_dir / 'check.json'}" in out
    assert (out_dir / "model.glb").stat().st_size > 0
    assert (out_dir / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert f"wrote {out_dir / 'report.pdf'}" in out


def test_headless_model_glb(capsys, tmp_path):
    code, _, _ = run(capsys, "headless", "preset:kei-van", "-o", str(tmp_path))
    assert (tmp_path / "model.glb").read_bytes()[:4] == b"glTF"
    assert code == 0


def test_headless_default_is_the_truck_and_exits_0_once_written(capsys, tmp_path, monkeypatch):
    # headless exits 0 whatever the verdicts (they are in the files; `check` is the gate)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "headless")
    assert code == 0
    assert "kei pass, US fail" in out
    doc = json.loads((tmp_path / "out" / "check.json").read_text(encoding="utf-8"))
    assert doc["design"] == "Kei truck (cab-over, gas)" and doc["verdict"]["us"] == "fail"


def test_headless_output_is_a_file_exit_2(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "headless", "preset:kei-van", "-o", str(blocker))
    assert code == 2
    _one_line_error(err)


def test_headless_bad_design_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "headless", str(tmp_path / "missing.kei"), "-o", str(tmp_path / "out"))
    assert code == 2
    _one_line_error(err)
    assert not (tmp_path / "out").exists()


# --- usage errors ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["check"],
    ["check", "--bogus", "preset:kei-van"],
    ["check", "--format", "xml", "preset:kei-van"],
    ["check", "--class", "bus", "preset:kei-van"],
    ["check", "--units", "imperial", "preset:kei-van"],
    ["new", "--bogus"],
    ["schema", "extra"],
    ["headless", "a", "b"],
    ["--bogus-option"],
])
def test_bad_options_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == "" and err.strip()
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, says", [
    (["check", "--format", "xml", "preset:kei-van"], "check: argument --format: invalid choice: 'xml'"),
    (["energy", "preset:kei-van", "--format", "xml"], "energy: argument --format: invalid choice: 'xml'"),
    (["matrix", "preset:kei-van", "--class", "bus"], "matrix: argument --class: invalid choice: 'bus'"),
    (["sweep", "preset:kei-van", "--class", "foo"], "sweep: argument --class: invalid choice: 'foo'"),
    (["export", "preset:kei-van", "-o", "a.stl", "--units", "ft"], "export: argument --units: invalid choice"),
    (["report", "preset:kei-van", "-o", "a.pdf", "--units", "si"], "report: argument --units: invalid choice"),
    (["new", "--bogus"], "unrecognized arguments: --bogus"),
    (["schema", "extra"], "unrecognized arguments: extra"),
    (["headless", "a", "b"], "unrecognized arguments: b"),
    (["check"], "check: the following arguments are required: FILE"),
    (["--units", "imperial"], "argument --units: invalid choice: 'imperial'"),
])
def test_usage_errors_are_one_line_without_the_usage_block(capsys, argv, says):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    line = _one_line_error(err)
    assert says in line and "usage:" not in err


def test_unknown_command_exit_2(capsys):
    # an unknown command is taken as a file for the desktop app, which refuses it before any window opens
    code, out, err = run(capsys, "frobnicate")
    assert code == 2 and out == ""
    _one_line_error(err)


def test_help_and_version_exit_0(capsys):
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0 and "--class" in out and "--units" in out
    code, out, _ = run(capsys, "--version")
    assert code == 0 and "keidesigner 0.1.0" in out


# --- as a process ---------------------------------------------------------------------------------------------------

def test_python_m_keidesigner_help():
    result = subprocess.run([sys.executable, "-m", "keidesigner", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage: keidesigner" in result.stdout and "check" in result.stdout


def test_installed_script(tmp_path):
    script = Path(sys.executable).with_name("keidesigner")
    if not script.exists():
        pytest.skip(f"no installed keidesigner script next to {sys.executable}")
    bad = tmp_path / "bad.kei"
    bad.write_text("{")
    result = subprocess.run([str(script), "check", "preset:kei-ev-hatch"], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    assert "US passenger car: PASS" in result.stdout
    result = subprocess.run([str(script), "check", str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "line 1, column 2" in result.stderr


def test_check_into_a_closed_pipe_prints_no_traceback():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte is written
    try:
        result = subprocess.run([sys.executable, "-m", "keidesigner", "check", "preset:kei-truck"],
                                stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr == "" and result.returncode == 141


# --- errors the user can cause: one line naming the user's path, exit 2, nothing half-written ----------------------

@pytest.mark.parametrize("name", ["report.pdf", "model.glb", "check.txt", "check.json"])
def test_headless_refuses_a_folder_where_a_result_goes_before_writing_anything(capsys, tmp_path, name):
    out = tmp_path / "out"
    (out / name).mkdir(parents=True)
    code, stdout, err = run(capsys, "headless", "preset:kei-truck", "-o", str(out))
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1 and str(out / name) in err and "is a folder" in err
    assert sorted(p.name for p in out.iterdir()) == [name]  # nothing else was written


def test_export_into_a_missing_folder_names_the_users_path_not_a_temporary_file(capsys, tmp_path):
    target = tmp_path / "no" / "such" / "x.glb"
    code, _, err = run(capsys, "export", "preset:kei-truck", "-o", str(target))
    assert code == 2 and err.count("\n") == 1
    assert f"{target}: folder does not exist" in err and ".tmp" not in err


def test_report_onto_a_folder_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "report", "preset:kei-truck", "-o", str(tmp_path))
    assert code == 2 and err.count("\n") == 1 and "is a folder" in err


def test_a_nan_in_a_file_is_refused_naming_the_field(capsys, tmp_path):
    from keidesigner.files import dumps_design, load_preset

    path = tmp_path / "nan.kei"
    path.write_text(dumps_design(load_preset("kei-truck")).replace('"height_mm": 1765.0', '"height_mm": NaN'))
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and err.count("\n") == 1
    assert "dimensions.height_mm" in err and "NaN" in err


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_every_file_written_gets_the_mode_the_umask_gives(capsys, tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        assert run(capsys, "new", "-o", str(tmp_path / "a.kei"))[0] == 0
        assert run(capsys, "export", "preset:kei-truck", "-o", str(tmp_path / "a.stl"))[0] == 0
        assert run(capsys, "report", "preset:kei-truck", "-o", str(tmp_path / "a.pdf"))[0] == 0
        assert run(capsys, "headless", "preset:kei-truck", "-o", str(tmp_path / "out"))[0] == 0
    finally:
        os.umask(previous)
    files = [tmp_path / "a.kei", tmp_path / "a.stl", tmp_path / "a.pdf", *sorted((tmp_path / "out").iterdir())]
    assert len(files) == 7
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_an_existing_file_keeps_its_own_mode(capsys, tmp_path):
    target = tmp_path / "shared.glb"
    target.write_bytes(b"old")
    target.chmod(0o664)
    assert run(capsys, "export", "preset:kei-truck", "-o", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o664 and target.read_bytes() != b"old"


def test_check_json_carries_the_axle_loads(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", "preset:kei-truck")
    derived = json.loads(out)["derived"]
    assert derived["gvwr_front_axle_kg"] + derived["gvwr_rear_axle_kg"] == pytest.approx(derived["gvwr_kg"])
    assert derived["curb_front_axle_pct"] == 58.0 and derived["front_axle_estimated"] is True


def test_check_text_states_gvwr_and_the_minimum_gawrs(capsys):
    _, out, _ = run(capsys, "check", "preset:kei-truck")
    # minimums rounded up: 1,404.12 kg of capacity weight is not covered by a rating of 1,404 kg
    assert out.splitlines()[1] == "GVWR 1,405 kg (minimum) · minimum GAWR front 708 kg, rear 697 kg"
    assert out.splitlines()[2] == "Designated seating capacity 3: row 1 bench 1,150 mm → 3 DSPs (2 declared)"
    _, out, _ = run(capsys, "check", "--units", "us", "preset:kei-truck")
    assert out.splitlines()[1].startswith("GVWR 3,096 lb (minimum) · minimum GAWR front 1,560 lb")
    assert out.splitlines()[2].endswith("bench 45.3 in → 3 DSPs (2 declared)")


def test_check_json_writes_explanations_in_the_units_asked_for(capsys):
    _, out, _ = run(capsys, "check", "--format", "json", "--units", "us", "preset:kei-truck")
    doc = json.loads(out)
    assert doc["units"] == {"numbers": "stored (metric)", "explanations": "us"}
    roof = next(f for f in doc["findings"] if f["rule_id"] == "us.216a.roof_crush")
    assert roof["unit"] == "kN" and roof["measured"] == 12.0  # data stays in stored units
    assert "lbf" in roof["explanation"] and " kN" not in roof["explanation"]


@pytest.mark.parametrize("name", ["r.txt", "r", "report.PDF.kei"])
def test_report_needs_a_pdf_name(capsys, tmp_path, name):
    code, _, err = run(capsys, "report", "preset:kei-truck", "-o", str(tmp_path / name))
    assert code == 2 and err.count("\n") == 1 and "ending in .pdf" in err
    assert list(tmp_path.iterdir()) == []


def test_report_never_overwrites_its_own_design_file(capsys, tmp_path):
    design = _preset_file(tmp_path, "kei-truck")
    alias = tmp_path / "design.pdf"
    alias.symlink_to(design)
    before = design.read_bytes()
    code, _, err = run(capsys, "report", str(design), "-o", str(alias))
    assert code == 2 and "is the design file itself" in err
    assert design.read_bytes() == before


def test_check_json_carries_the_front_end_its_crush_length_and_the_head_zones(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", "preset:kei-ev-hatch")
    doc = json.loads(out)
    assert doc["front_end"]["firewall_x_mm"] == 270.0 and doc["front_end"]["block_length_mm"] == 300.0
    assert doc["derived"]["crush_length_mm"] == 450.0  # 480 overhang + 270 - 300
    zones = doc["pedestrian"]["zones"]
    assert zones["child"]["wad_mm"] == [1000.0, 1700.0] and zones["adult"]["wad_mm"] == [1700.0, 2100.0]
    for zone in zones.values():
        band = (zone["wad_mm"][1] - zone["wad_mm"][0]) * len(doc["pedestrian"]["sections_y_mm"])
        assert zone["on_bonnet_mm"] + zone["on_hard_areas_mm"] + zone["unreached_mm"] == pytest.approx(band)
    ids = {f["rule_id"] for f in doc["findings"]}
    assert {"us.228.child_zone", "us.228.adult_zone", "us.iihs.small_overlap"} <= ids


# --- energy ----------------------------------------------------------------------------------------------------------

def test_energy_text_gives_the_label_figures_with_their_band(capsys):
    code, out, err = run(capsys, "energy", "preset:kei-truck")
    assert code == 0 and not err
    assert "Combined (label)" in out and " mpg" in out and "band " in out and "L/100 km" in out
    assert "Calibration" in out and "leave-one-out" in out


def test_energy_json_keys_say_what_they_hold(capsys):
    code, out, _ = run(capsys, "energy", "preset:kei-ev-hatch", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["design"] and doc["powertrain"] == "electric"
    for key in ("unadjusted_combined_mpge", "label_combined_mpge", "label_range_mi", "label_combined_kwh_per_100mi"):
        assert isinstance(doc[key], float), key
    assert doc["inputs"]["frontal_area_source"] == "3-D model"


def test_energy_us_units_show_miles_only(capsys):
    _, out, _ = run(capsys, "energy", "preset:kei-ev-hatch", "--units", "us")
    assert " mi" in out and " km" not in out and "ft²" in out


def test_check_json_includes_energy_only_when_asked(capsys):
    _, out, _ = run(capsys, "check", "preset:kei-van", "--format", "json")
    assert "energy" not in json.loads(out)
    _, out, _ = run(capsys, "check", "preset:kei-van", "--format", "json", "--with-energy")
    energy = json.loads(out)["energy"]
    assert energy["powertrain"] == "gas" and energy["label_combined_mpg"] > 0
    _, text, _ = run(capsys, "check", "preset:kei-van", "--with-energy")
    assert "EPA cycles" in text


def _weak_truck_file(tmp_path: Path) -> Path:
    """A 10 kW engine under 1,500 kg: FASTSim cannot drive it through the city cycle."""
    from keidesigner.design import with_values

    weak = with_values(load_preset("kei-truck"), {"powertrain.engine_power_kw": 10, "mass.curb_mass_kg": 1500})
    path = tmp_path / "weak.kei"
    save_design(weak, path)
    return path


def test_energy_of_a_vehicle_that_cannot_follow_the_cycle_exits_2_in_one_line(capsys, tmp_path):
    path = _weak_truck_file(tmp_path)
    code, out, err = run(capsys, "energy", str(path))
    assert code == 2
    assert f"{path}: no energy estimate: the vehicle cannot follow the UDDS speed trace" in _one_line_error(err)
    assert f"({path}) — EPA cycles: no estimate: the vehicle cannot follow the UDDS speed trace" in out


def test_check_with_energy_keeps_every_file_s_findings_when_one_cannot_be_simulated(capsys, tmp_path):
    weak = _weak_truck_file(tmp_path)
    code_without, text_without, _ = run(capsys, "check", "preset:kei-van", str(weak))
    code, text, err = run(capsys, "check", "preset:kei-van", str(weak), "--with-energy")
    assert code == code_without == 1
    blocks = text.split("\n\n")
    for block in text_without.rstrip("\n").split("\n\n"):  # every finding as without --with-energy
        assert block in blocks
    assert "Kei van (one-box, gas) — EPA cycles (gas), FASTSim, calibrated" in text
    reason = next(line for line in text.splitlines() if "EPA cycles: no estimate: " in line)
    assert "cannot follow the UDDS speed trace" in reason and text.index(str(weak)) < text.index(reason)
    assert err.startswith(f"warning: {weak}: no energy estimate: the vehicle cannot follow") and err.count("\n") == 1

    code, out, _ = run(capsys, "check", "preset:kei-van", str(weak), "--with-energy", "--format", "json")
    van, truck = json.loads(out)
    assert code == 1 and van["energy"]["label_combined_mpg"] > 0 and truck["file"] == str(weak)
    assert list(truck["energy"]) == ["error"] and "cannot follow the UDDS speed trace" in truck["energy"]["error"]
    assert truck["findings"] and truck["verdict"]


def test_energy_takes_several_files_as_check_does(capsys, tmp_path):
    weak = _weak_truck_file(tmp_path)
    code, out, err = run(capsys, "energy", "preset:kei-van", str(weak), "preset:kei-ev-hatch")
    blocks = out.rstrip("\n").split("\n\n")
    assert code == 2 and len(blocks) == 3
    assert blocks[0].startswith("Kei van (one-box, gas)  (preset:kei-van) — EPA cycles (gas)")
    assert blocks[1].startswith("Kei truck") and f"({weak}) — EPA cycles: no estimate: " in blocks[1]
    assert blocks[2].startswith("Kei EV hatchback  (preset:kei-ev-hatch) — EPA cycles (electric)")
    assert f"{weak}: no energy estimate" in _one_line_error(err)

    code, out, _ = run(capsys, "energy", "preset:kei-van", str(weak), "--format", "json")
    van, truck = json.loads(out)
    assert code == 2 and van["file"] == "preset:kei-van" and van["label_combined_mpg"] > 0
    assert truck["file"] == str(weak) and truck["design"] and "cannot follow" in truck["error"]
    code, out, _ = run(capsys, "energy", "preset:kei-van", "preset:kei-roadster", "--format", "json")
    assert code == 0 and [d["file"] for d in json.loads(out)] == ["preset:kei-van", "preset:kei-roadster"]
    # one file: one object, as before
    code, out, _ = run(capsys, "energy", "preset:kei-van", "--format", "json")
    assert code == 0 and json.loads(out)["file"] == "preset:kei-van"


def test_headless_writes_everything_when_the_vehicle_cannot_be_simulated(capsys, tmp_path):
    from keidesigner.design import with_values

    weak = with_values(load_preset("kei-truck"), {"powertrain.engine_power_kw": 10, "mass.curb_mass_kg": 1500})
    path = tmp_path / "weak.kei"
    save_design(weak, path)
    code, out, err = run(capsys, "headless", str(path), "-o", str(tmp_path / "out"))
    assert code == 0 and "warning: no energy estimate: the vehicle cannot follow" in err
    doc = json.loads((tmp_path / "out" / "check.json").read_text(encoding="utf-8"))
    assert "too little power" in doc["energy"]["error"]
    assert (tmp_path / "out" / "report.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("argv, says", [
    (["chek", "preset:kei-truck"], "keidesigner: chek: no such command or file (did you mean check?)"),
    (["sweeep"], "keidesigner: sweeep: no such command or file (did you mean sweep?)"),
    (["frobnicate"], "keidesigner: frobnicate: no such command or file (commands: check, matrix, energy, sweep, "),
])
def test_a_mistyped_command_is_named_as_one(capsys, argv, says):
    """'chek FILE' was read as the app's FILE: 'unrecognized arguments: FILE'."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(says) and err.count("\n") == 1
