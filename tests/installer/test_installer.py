"""The installer's files, fast (no bundle is built here: `make bundle` and CI do that).

Desktop entry and MIME type, install.sh/uninstall.sh into a temporary HOME, the Inno Setup script, the PyInstaller
spec, the package list of pyproject.toml, and the self-test in-process.
"""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
INSTALLER = ROOT / "installer"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(RESOURCES / "keidesigner.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_keys():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "KeiDesigner"
    assert entry["Exec"].split()[0] == "keidesigner" and entry["Exec"].endswith("%f")
    assert entry["Icon"] == "keidesigner"
    assert entry["MimeType"] == "application/x-keidesigner;"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_file_validates():
    result = subprocess.run(["desktop-file-validate", str(RESOURCES / "keidesigner.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_mime_xml_declares_kei():
    root = ET.parse(RESOURCES / "keidesigner-mime.xml").getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == "application/x-keidesigner"
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.kei"]
    assert mime.find(f"{MIME_NS}comment").text


def test_icons_exist_and_are_square_pngs():
    svg = ET.parse(RESOURCES / "icons" / "keidesigner.svg").getroot()
    assert svg.get("viewBox") == "0 0 256 256"
    for size in (256, 48):
        data = (RESOURCES / "icons" / f"keidesigner-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (size, size)


def test_the_wheel_carries_every_resource(tmp_path):
    """What a non-editable install (and so the bundle) gets: every preset, icon, desktop and MIME file, the fonts and
    their licence."""
    import subprocess
    import sys
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("keidesigner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    resources = ROOT / "resources"
    expected = [p.relative_to(resources).as_posix()
                for pattern in ("presets/*.kei", "icons/*", "*.desktop", "*.xml", "fonts/*")
                for p in resources.glob(pattern)]
    assert len(expected) >= 5 + 2 + 2 + 3
    assert {"fonts/NotoSansCJKjp-Regular-JIS2004.otf", "fonts/OFL.txt"} <= set(expected)
    missing = [e for e in expected if f"keidesigner/resources/{e}" not in names]
    assert not missing, missing


def test_every_subpackage_is_in_pyproject():
    """A non-editable install (the bundle's) only has the packages pyproject.toml lists."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"keidesigner." + p.parent.relative_to(ROOT / "keidesigner").as_posix().replace("/", ".")
             for p in (ROOT / "keidesigner").glob("*/__init__.py")}
    missing = sorted(found - listed)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


# --- install.sh / uninstall.sh ----------------------------------------------------------------------------------------

@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """The layout of the Linux archive, with a stand-in program."""
    bundle = tmp_path / "keidesigner-0.0.0-linux-x86_64"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "share" / "icons").mkdir(parents=True)
    program = bundle / "keidesigner"
    program.write_text("#!/bin/sh\necho keidesigner-fake \"$@\"\n")
    program.chmod(0o755)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(INSTALLER / "linux" / script, bundle / script)
    shutil.copy2(RESOURCES / "keidesigner.desktop", bundle / "share" / "keidesigner.desktop")
    shutil.copy2(RESOURCES / "keidesigner-mime.xml", bundle / "share" / "keidesigner-mime.xml")
    for name in ("keidesigner.svg", "keidesigner-256.png", "keidesigner-48.png"):
        shutil.copy2(RESOURCES / "icons" / name, bundle / "share" / "icons" / name)
    return bundle


def run_script(script: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(["sh", str(script), *args], env=env, capture_output=True, text=True, timeout=60)


def all_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts")
def test_install_then_uninstall_in_home(fake_bundle: Path, tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    result = run_script(fake_bundle / "install.sh", home, "--user")
    assert result.returncode == 0, result.stderr
    local = home / ".local"
    app = local / "lib" / "keidesigner"
    assert (app / "keidesigner").is_file() and (app / "uninstall.sh").is_file()
    link = local / "bin" / "keidesigner"
    assert link.is_symlink() and link.resolve() == (app / "keidesigner").resolve()
    assert subprocess.run([str(link), "x"], capture_output=True, text=True).stdout.strip() == "keidesigner-fake x"
    desktop = local / "share" / "applications" / "keidesigner.desktop"
    assert f'Exec="{app}/keidesigner" %f' in desktop.read_text()
    assert "MimeType=application/x-keidesigner;" in desktop.read_text()
    assert (local / "share" / "mime" / "packages" / "keidesigner.xml").is_file()
    icons = local / "share" / "icons" / "hicolor"
    for name in ("scalable/apps/keidesigner.svg", "256x256/apps/keidesigner.png", "48x48/apps/keidesigner.png"):
        assert (icons / name).is_file(), name
    manifest = (app / "install-manifest.txt").read_text()
    assert f"f {desktop}" in manifest and f"l {link}" in manifest

    # installing again replaces the installation cleanly
    again = run_script(fake_bundle / "install.sh", home, "--user")
    assert again.returncode == 0, again.stderr

    result = run_script(app / "uninstall.sh", home)
    assert result.returncode == 0, result.stderr
    assert all_files(home) == set(), "uninstall.sh left files behind"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts")
def test_uninstall_keeps_what_was_there_before(fake_bundle: Path, tmp_path: Path):
    home = tmp_path / "home"
    apps = home / ".local" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / "other.desktop").write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    (home / ".local" / "bin").mkdir()
    (home / ".local" / "bin" / "tool").write_text("#!/bin/sh\n")
    before = all_files(home)
    assert run_script(fake_bundle / "install.sh", home, "--user").returncode == 0
    result = run_script(fake_bundle / "uninstall.sh", home, "--user")  # from the extracted archive this time
    assert result.returncode == 0, result.stderr
    after = all_files(home) - {".local/share/applications/mimeinfo.cache"}  # refreshed cache of a folder that stays
    assert after == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts")
def test_uninstall_without_installation_fails_cleanly(tmp_path: Path):
    result = run_script(INSTALLER / "linux" / "uninstall.sh", tmp_path, "--user")
    assert result.returncode == 1 and "no KeiDesigner installation" in result.stderr


def test_install_refuses_a_folder_without_bundle(tmp_path: Path):
    shutil.copy2(INSTALLER / "linux" / "install.sh", tmp_path / "install.sh")
    result = run_script(tmp_path / "install.sh", tmp_path, "--user")
    assert result.returncode == 1 and "extracted KeiDesigner folder" in result.stderr


# --- Windows and macOS ------------------------------------------------------------------------------------------------

def test_inno_setup_script_declares_association_and_start_menu():
    text = (INSTALLER / "windows" / "keidesigner.iss").read_text(encoding="utf-8")
    sections = {line.strip() for line in text.splitlines() if line.startswith("[")}
    assert {"[Setup]", "[Files]", "[Icons]", "[Registry]"} <= sections
    assert "ChangesAssociations=yes" in text
    assert '#define DocExt ".kei"' in text
    assert 'Subkey: "Software\\Classes\\{#DocExt}"' in text
    assert 'Subkey: "Software\\Classes\\{#DocProgId}\\shell\\open\\command"' in text
    assert '"""{app}\\{#AppExe}"" ""%1"""' in text
    registry = [line for line in text.splitlines() if line.startswith("Root:")]
    assert registry and all(line.startswith("Root: HKA;") for line in registry)
    assert 'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in text
    assert 'Source: "{#BundleDir}\\*"' in text and "recursesubdirs" in text


def test_spec_is_python_and_declares_the_macos_document_type():
    text = (INSTALLER / "keidesigner.spec").read_text(encoding="utf-8")
    tree = ast.parse(text)
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= calls
    for key in ("CFBundleDocumentTypes", "UTExportedTypeDeclarations", "LSItemContentTypes",
                "public.filename-extension"):
        assert key in text
    assert 'collect_data_files("keidesigner.resources")' in text
    assert 'collect_data_files("trimesh")' in text


def test_build_script_compiles():
    ast.parse((INSTALLER / "build.py").read_text(encoding="utf-8"))


# --- the self-test, in-process ----------------------------------------------------------------------------------------

def test_self_test_in_process(capsys):
    from keidesigner.selftest import run_self_test

    assert run_self_test() == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.startswith("self-test ok: ") and out.count("\n") == 1


def test_self_test_fails_in_one_line_without_the_japanese_font(capsys, monkeypatch):
    """As if the font files were left out of an installation: nothing registers, and the self-test says so."""
    import keidesigner.fonts
    from keidesigner.selftest import run_self_test

    monkeypatch.setattr(keidesigner.fonts, "FONT_FILES", ("NoSuchFont-Regular.otf",))
    monkeypatch.setattr(keidesigner.fonts, "_registered", None)
    assert run_self_test() == 1
    err = capsys.readouterr().err
    assert err.startswith("self-test failed: Qt draws no Japanese text: ") and err.count("\n") == 1, err
    assert "NoSuchFont-Regular.otf is missing or unreadable" in err


def test_self_test_covers_one_energy_run_per_powertrain(capsys):
    from keidesigner.selftest import run_self_test

    assert run_self_test() == 0
    assert "3 powertrains through the EPA cycles" in capsys.readouterr().out


def test_self_test_runs_a_sweep_on_worker_processes(capsys):
    from keidesigner.selftest import run_self_test

    assert run_self_test() == 0
    out = capsys.readouterr().out
    assert "a sweep on 2 forked worker processes" in out or "a sweep on 2 spawned worker processes" in out, out


def test_self_test_fails_in_one_line_when_a_sweep_on_workers_disagrees(capsys, monkeypatch):
    from keidesigner.batch import backends
    from keidesigner.selftest import run_self_test

    real = backends.Pool.results

    def one_short(self, tasks):
        results = list(real(self, tasks))
        return iter(results[:-1])

    monkeypatch.setattr(backends.Pool, "results", one_short)
    assert run_self_test() == 1
    err = capsys.readouterr().err
    assert "disagrees with the same sweep in this process" in err and err.count("\n") == 1, err


def test_self_test_fails_in_one_line_when_a_frozen_program_cannot_start_workers(capsys, monkeypatch):
    """A bundle whose stand-in for polars (installer/runtime_hooks) was taken for the real one swept in one process,
    and its self-test said 'ok'."""
    from keidesigner.selftest import run_self_test

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr("keidesigner.batch.backends.start_method", lambda with_energy: "fork")  # it could fork
    monkeypatch.setattr("keidesigner.batch.sweep.start_method", lambda with_energy: "spawn")  # yet did not
    assert run_self_test() == 1
    err = capsys.readouterr().err
    assert "a sweep could not start worker processes" in err and err.count("\n") == 1, err


def test_self_test_fails_in_one_line_without_the_calibration(capsys, monkeypatch):
    """As if the energy model's data were left out of an installation (a bundle once missed it)."""
    from keidesigner.energy import calibration
    from keidesigner.selftest import run_self_test

    monkeypatch.setattr(calibration, "RESULT_FILE", "no-such-file.json")
    calibration.bundled.cache_clear()
    try:
        assert run_self_test() == 1
        err = capsys.readouterr().err
        assert err.startswith("self-test failed: ") and "calibration" in err and err.count("\n") == 1
    finally:
        monkeypatch.undo()
        calibration.bundled.cache_clear()


def test_the_bundle_runtime_hook_lets_fastsim_run_without_its_frame_packages():
    """The bundle leaves out pandas, polars and plotly (installer/runtime_hooks/fastsim_frames.py stands in for
    them): FASTSim must still import and drive every powertrain, and a real use must fail naming what is missing."""
    hook = INSTALLER / "runtime_hooks" / "fastsim_frames.py"
    code = (f"exec(open({str(hook)!r}).read())\n"
            "import sys\n"
            "from keidesigner.analysis import analyse\n"
            "from keidesigner.files import load_preset\n"
            "for name in ('kei-truck', 'kei-ev-hatch', 'kei-hybrid-wagon'):\n"
            "    print(round(analyse(load_preset(name)).energy.label_combined, 1))\n"
            "assert type(sys.modules['polars']).__name__ == '_Absent'\n"
            "import pandas\n"
            "try:\n"
            "    pandas.DataFrame({})\n"
            "except RuntimeError as exc:\n"
            "    print(exc)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    figures = [float(x) for x in out.splitlines()[:3]]
    assert 25 < figures[0] < 60 and 100 < figures[1] < 160 and 25 < figures[2] < 60
    assert "pandas.DataFrame is not part of the KeiDesigner bundle" in out


def test_the_spec_collects_the_energy_data_and_runs_the_hook():
    text = (INSTALLER / "keidesigner.spec").read_text(encoding="utf-8")
    assert 'collect_data_files("keidesigner.energy")' in text
    assert "fastsim_frames.py" in text
