"""Build the KeiDesigner bundle (`make bundle`): a PyInstaller one-folder program made from a CLEAN virtual environment.

    python installer/build.py [--reuse-venv] [--no-archive]

1. Creates build/bundle-venv from scratch and installs the project NON-editable (`pip install .`) plus PyInstaller, so
   only the project's own dependencies can end up in the bundle (no pytest, no dev tools, no WebEngine).
2. Runs PyInstaller with installer/keidesigner.spec -> dist/keidesigner/ (macOS: also dist/KeiDesigner.app).
3. Checks the bundle: the presets are found through importlib.resources (`keidesigner new --list`), the Japanese fonts
   and their licence are there, and nothing that must not be there is (pytest, QtWebEngine, QtQml/QtQuick).
4. Linux: adds install.sh, uninstall.sh, the desktop file, the MIME type and the icons, and writes
   dist/keidesigner-<version>-linux-<machine>.tar.gz.
   Windows: compile installer/windows/keidesigner.iss with Inno Setup.

Prints the bundle's size and the build time at the end. Exit 0 on success, 1 with one line on failure.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
VENV = BUILD / "bundle-venv"
SPEC = INSTALLER / "keidesigner.spec"
PYINSTALLER = "pyinstaller>=6.10,<7"

# files of the Linux archive beside the program: (source, path inside the bundle folder)
LINUX_EXTRAS = [
    (INSTALLER / "linux" / "install.sh", "install.sh"),
    (INSTALLER / "linux" / "uninstall.sh", "uninstall.sh"),
    (ROOT / "resources" / "keidesigner.desktop", "share/keidesigner.desktop"),
    (ROOT / "resources" / "keidesigner-mime.xml", "share/keidesigner-mime.xml"),
    (ROOT / "resources" / "icons" / "keidesigner.svg", "share/icons/keidesigner.svg"),
    (ROOT / "resources" / "icons" / "keidesigner-256.png", "share/icons/keidesigner-256.png"),
    (ROOT / "resources" / "icons" / "keidesigner-48.png", "share/icons/keidesigner-48.png"),
]
# what must never be in the bundle: test tools, and Qt modules the app does not use
FORBIDDEN = re.compile(r"(^|/)(pytest|_pytest|pytestqt|hypothesis|pypdf|pip|setuptools)(/|$)"
                       r"|QtWebEngine|libQt6Qml|libQt6Quick|QtQml\.|QtQuick\.", re.IGNORECASE)


class BuildError(Exception):
    pass


def version() -> str:
    text = (ROOT / "keidesigner" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not found:
        raise BuildError("keidesigner/__init__.py: no __version__")
    return found.group(1)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(cmd: list, cwd: Path = ROOT, env: dict | None = None) -> None:
    print("+ " + " ".join(str(c) for c in cmd), flush=True)
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env)
    if result.returncode:
        raise BuildError(f"{Path(str(cmd[0])).name} {cmd[1] if len(cmd) > 1 else ''} failed "
                         f"(exit {result.returncode})")


def make_venv(reuse: bool) -> None:
    if reuse and venv_python().exists():
        print(f"reusing {VENV.relative_to(ROOT)}", flush=True)
    else:
        shutil.rmtree(VENV, ignore_errors=True)
        run([sys.executable, "-m", "venv", VENV])
        run([venv_python(), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    # setuptools builds in ./build/lib: a stale copy there could smuggle deleted modules into the wheel
    shutil.rmtree(BUILD / "lib", ignore_errors=True)
    for stale in BUILD.glob("bdist.*"):
        shutil.rmtree(stale, ignore_errors=True)
    run([venv_python(), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", "."])
    # Pillow only where PyInstaller must convert the PNG icon (.ico, .icns); the spec keeps it out of the bundle
    extra = [] if sys.platform.startswith("linux") else ["pillow"]
    run([venv_python(), "-m", "pip", "install", "-q", ".", PYINSTALLER, *extra])
    run([venv_python(), "-m", "pip", "check"])


def pyinstaller() -> None:
    # run from build/ so the source tree is not on sys.path: PyInstaller must analyse the INSTALLED package
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["KEIDESIGNER_ROOT"] = str(ROOT)
    run([venv_python(), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", DIST, "--workpath", BUILD / "pyinstaller", SPEC], cwd=BUILD, env=env)


def bundle_dir() -> Path:
    folder = DIST / "keidesigner"
    if not (folder / executable_name()).is_file():
        raise BuildError(f"{folder}: PyInstaller produced no {executable_name()}")
    return folder


def executable_name() -> str:
    return "keidesigner.exe" if os.name == "nt" else "keidesigner"


def strip_python(folder: Path) -> None:
    """Linux: strip the symbol tables of the Python runtime (libpython 23 -> 6 MB). Only those: the wheels' libraries
    were rewritten by auditwheel/patchelf, and `strip` breaks them (numpy's OpenBLAS: "ELF load command address/offset
    not page-aligned")."""
    strip = shutil.which("strip")
    if not strip or not sys.platform.startswith("linux"):
        return
    internal = folder / "_internal"
    targets = [p for p in internal.glob("libpython*.so*") if p.is_file() and not p.is_symlink()]
    dynload = internal / f"python{sys.version_info.major}.{sys.version_info.minor}" / "lib-dynload"
    targets += sorted(dynload.glob("*.so"))
    if targets:
        subprocess.run([strip, "--strip-unneeded", *targets], check=True)


def check_bundle(folder: Path) -> None:
    bad = sorted({str(p.relative_to(folder)) for p in folder.rglob("*") if FORBIDDEN.search(p.as_posix())})
    if bad:
        raise BuildError(f"the bundle holds files it must not: {', '.join(bad[:5])}")
    presets = list(folder.rglob("keidesigner/resources/presets/*.kei"))
    if not presets:
        raise BuildError("the bundle has no keidesigner/resources/presets/*.kei")
    fonts = {p.name for p in folder.rglob("keidesigner/resources/fonts/*")}
    if not {"NotoSansCJKjp-Regular-JIS2004.otf", "NotoSansCJKjp-Bold-JIS2004.otf", "OFL.txt"} <= fonts:
        raise BuildError("the bundle lacks keidesigner/resources/fonts/ (the Japanese font and its licence): "
                         f"found {sorted(fonts)}")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([folder / executable_name(), "new", "--list"], capture_output=True, text=True, env=env,
                         timeout=120)
    names = out.stdout.split()
    if out.returncode or sorted(names) != sorted(p.stem for p in presets):
        raise BuildError(f"the bundled program does not list its presets: {out.stdout!r} {out.stderr.strip()!r}")
    print(f"bundle check ok: presets {', '.join(names)}", flush=True)


def linux_archive(folder: Path, ver: str) -> Path:
    for source, target in LINUX_EXTRAS:
        dest = folder / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest)
        if dest.suffix == ".sh":
            dest.chmod(0o755)
    name = f"keidesigner-{ver}-linux-{platform.machine()}"
    archive = DIST / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=name)
    return archive


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse-venv", action="store_true", help="keep build/bundle-venv (faster, less clean)")
    parser.add_argument("--no-archive", action="store_true", help="skip the Linux .tar.gz")
    args = parser.parse_args(argv)
    start = time.monotonic()
    try:
        ver = version()
        BUILD.mkdir(exist_ok=True)
        make_venv(args.reuse_venv)
        shutil.rmtree(DIST / "keidesigner", ignore_errors=True)
        pyinstaller()
        folder = bundle_dir()
        strip_python(folder)
        check_bundle(folder)
        archive = None
        if sys.platform.startswith("linux") and not args.no_archive:
            archive = linux_archive(folder, ver)
    except (BuildError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    elapsed = time.monotonic() - start
    print(f"bundle: {folder.relative_to(ROOT)} {mib(size_of(folder))}"
          + (f", archive {archive.relative_to(ROOT)} {mib(size_of(archive))}" if archive else ""))
    if sys.platform == "darwin" and (DIST / "KeiDesigner.app").exists():
        print(f"macOS app: dist/KeiDesigner.app {mib(size_of(DIST / 'KeiDesigner.app'))}")
    if os.name == "nt":
        print(r"Windows installer: iscc installer\windows\keidesigner.iss")
    print(f"build time: {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
