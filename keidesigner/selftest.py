"""`keidesigner --self-test`: prove that this installation works, end to end, in a few seconds.

For every bundled preset: load it (through importlib.resources, as from source, a wheel or a bundle), check it
against the rules, build its 3D scene and write its PDF report into a temporary folder; drive one preset of each
powertrain through the EPA cycles (FASTSim); run a small sweep on worker processes. Then, when a display with
OpenGL is there, open the main window (isolated settings and autosave folder) until the 3D view has drawn one frame.
Without a display the report is drawn on Qt's offscreen platform and the window is skipped.

Prints one line and returns 0 ("self-test ok: ...") or 1 ("self-test failed: <reason>").
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

FRAME_TIMEOUT_S = 30.0


class SelfTestError(Exception):
    """One line: what did not work."""


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _check_resources() -> None:
    root = resources.files("keidesigner.resources")
    for name in ("icons/keidesigner.svg", "icons/keidesigner-256.png"):
        entry = root.joinpath(*name.split("/"))
        if not entry.is_file():
            raise SelfTestError(f"resource keidesigner.resources/{name} is missing")


def _presets() -> list:
    from .files import load_preset, preset_names

    names = preset_names()
    if not names:
        raise SelfTestError("no presets found in keidesigner.resources")
    designs = []
    for name in names:
        try:
            designs.append((name, load_preset(name)))
        except Exception as exc:  # a bundled preset that does not load is exactly what this test is for
            raise SelfTestError(f"preset {name}: {exc}") from None
    return designs


def _check(designs: list) -> list:
    """One analysis per preset, as the app and the report use them."""
    from .analysis import analyse

    analyses = []
    for name, design in designs:
        analysis = analyse(design)
        if not analysis.findings:
            raise SelfTestError(f"preset {name}: the rules produced no findings")
        for group in ("kei", "us"):
            if analysis.verdict(group) not in ("pass", "fail"):
                raise SelfTestError(f"preset {name}: no {group} verdict")
        analyses.append((name, analysis))
    return analyses


def _scenes(analyses: list) -> int:
    for name, analysis in analyses:
        scene = analysis.scene
        if not len(scene) or not any(len(part.faces) for part in scene):
            raise SelfTestError(f"preset {name}: the 3D scene is empty")
    return len(analyses)


def _energy(analyses: list) -> int:
    """One EPA-cycle estimate per powertrain among the presets: FASTSim, its templates and the calibration data
    are in this installation and give figures in the range small cars get."""
    done = set()
    for name, analysis in analyses:
        kind = analysis.design.powertrain.kind
        if kind in done:
            continue
        try:
            estimate = analysis.energy
        except Exception as exc:  # a missing module or template is exactly what this test is for
            raise SelfTestError(f"preset {name}: no energy estimate: {' '.join(str(exc).split())[:200]}") from None
        low, high = (60, 250) if estimate.electric else (15, 90)
        if not low < estimate.label_combined < high:
            raise SelfTestError(f"preset {name}: implausible energy estimate {estimate.label_combined:.1f} "
                                f"{estimate.unit}")
        done.add(kind)
    return len(done)


def _sweep(designs: list) -> str:
    """A 600-variant sweep of the first preset on two worker processes where this installation can start them
    (forked on Linux, a bundle included), equal to the same sweep in this process; what ran it."""
    from .batch.spec import plan
    from .batch.sweep import Options, run_sweep

    name, design = designs[0]
    p = plan(design, ["dimensions.length_mm=3200:3499:1", "mass.curb_mass_kg=700:750:25"])
    here = run_sweep(design, p, name, options=Options(jobs=1))
    pool = run_sweep(design, p, name, options=Options(jobs=2, parallel=True, probe=1, chunk=100))
    if (pool.variants, pool.compliant, pool.invalid) != (here.variants, here.compliant, here.invalid):
        raise SelfTestError(f"preset {name}: a sweep {pool.run['backend']} disagrees with the same sweep in this "
                            "process")
    from .batch.backends import start_method

    started_by = pool.run.get("workers_started_by")
    if started_by is None and not (getattr(sys, "frozen", False) and start_method(False) != "fork"):
        # only a bundle that cannot fork sweeps in one process (it has no freeze_support for spawned workers)
        raise SelfTestError(f"preset {name}: a sweep could not start worker processes ({start_method(False)})")
    method = {"fork": "forked ", "spawn": "spawned "}.get(started_by, "")
    return f"a sweep {pool.run['backend'].replace('worker', method + 'worker')}"


def _reports(analyses: list, folder: Path) -> int:
    from .report import write_report

    for name, analysis in analyses:
        out = folder / f"{name}.pdf"
        write_report(analysis, out)
        if not out.is_file() or out.stat().st_size < 1000 or out.read_bytes()[:5] != b"%PDF-":
            raise SelfTestError(f"preset {name}: the report {out.name} was not written as a PDF")
    return len(analyses)


def _draw(text: str, families: list[str]):
    """text drawn black on white at 20 pt into a 320 x 48 image, and the number of pixels it inked."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QImage, QPainter

    image = QImage(320, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    font = QFont()
    font.setFamilies(families)
    font.setPointSize(20)
    painter = QPainter(image)
    painter.setPen(Qt.GlobalColor.black)
    painter.setFont(font)
    painter.drawText(8, 36, text)
    painter.end()
    return image, sum(1 for x in range(320) for y in range(48) if image.pixel(x, y) != 0xFFFFFFFF)


def _check_fonts() -> None:
    """Qt brings no fonts, and without one it draws every character as the same empty box: the report's text would
    be unreadable. Draw a narrow and a wide letter and compare their ink. Then the same for Japanese, which DejaVu
    lacks: distinct kanji and kana must come out as distinct pictures (empty boxes are all alike)."""
    from .fonts import CJK_FAMILY, FONT_FILES, register_fonts

    narrow, wide = _draw("iiiiii", ["DejaVu Sans"])[1], _draw("WWWWWW", ["DejaVu Sans"])[1]
    if narrow == 0 or wide < 2 * narrow:
        raise SelfTestError("Qt draws no real text: no usable font on this system (install fontconfig and a font, "
                            "Debian: fonts-dejavu-core)")
    if CJK_FAMILY not in register_fonts():
        raise SelfTestError(f"Qt draws no Japanese text: the font keidesigner/resources/fonts/{FONT_FILES[0]} is "
                            "missing or unreadable (Japanese design names would print as empty boxes)")
    drawn = [_draw(char, ["DejaVu Sans", CJK_FAMILY]) for char in "軽改トダ"]
    if any(ink == 0 for _, ink in drawn) or any(a[0] == b[0] for i, a in enumerate(drawn) for b in drawn[i + 1:]):
        raise SelfTestError(f"Qt draws Japanese as empty boxes although {CJK_FAMILY} is registered "
                            "(Japanese design names would print as empty boxes)")


def _window(app, folder: Path) -> str:
    """Open the main window until the 3D view has drawn a frame; the Qt platform name on success."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtGui import QGuiApplication

    from .app.document import DesignDocument
    from .app.mainwindow import MainWindow
    from .files import DEFAULT_PRESET, load_preset

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    document = DesignDocument(load_preset(DEFAULT_PRESET), None)
    window = MainWindow(document, settings, folder / "autosave", gl=True)
    if window.viewer is None:
        raise SelfTestError("the main window has no 3D view")
    drawn = []
    loop = QEventLoop()

    def frame() -> None:
        drawn.append(True)
        loop.quit()

    window.viewer.frame_drawn.connect(frame)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(FRAME_TIMEOUT_S * 1000))
    window.show()
    if not drawn:
        loop.exec()
    timer.stop()
    window.viewer.frame_drawn.disconnect(frame)
    window.document.undo_stack.setClean()  # nothing to save: close without asking
    window.close()
    window.deleteLater()
    app.processEvents()
    if not drawn:
        raise SelfTestError(f"the main window drew no 3D frame within {FRAME_TIMEOUT_S:.0f} s "
                            f"(Qt platform '{QGuiApplication.platformName()}'; is OpenGL available?)")
    return QGuiApplication.platformName()


def _self_test() -> str:
    started = time.monotonic()
    display = _has_display()
    if not display and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the report draws with QtGui; no display, no X connection
    _check_resources()
    designs = _presets()
    analyses = _check(designs)
    checked = len(analyses)
    built = _scenes(analyses)
    swept = _sweep(designs)  # before FASTSim is loaded: workers are forked only without it
    simulated = _energy(analyses)

    try:
        from .app.main import has_opengl, make_application
    except ImportError as exc:
        raise SelfTestError(f"the desktop app cannot be imported: {exc}") from None
    app = make_application()
    _check_fonts()
    with tempfile.TemporaryDirectory(prefix="keidesigner-selftest-") as tmp:
        folder = Path(tmp)
        written = _reports(analyses, folder)
        if not display:
            window = "window skipped (no display)"
        elif not has_opengl():
            window = f"window skipped (no OpenGL on the '{app.platformName()}' platform)"
        else:
            window = f"window drew a frame ({_window(app, folder)})"
    return (f"self-test ok: {_plural(checked, 'preset')} checked, {_plural(built, 'scene')} built, "
            f"{_plural(simulated, 'powertrain')} through the EPA cycles, {swept}, "
            f"{_plural(written, 'report')} written, {window} in {time.monotonic() - started:.1f} s")


def run_self_test() -> int:
    """Run the self-test; print one line; 0 when everything worked, 1 otherwise."""
    try:
        summary = _self_test()
    except SelfTestError as exc:
        print(f"self-test failed: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the point is one line, whatever broke
        where = ""
        tb = exc.__traceback__
        while tb is not None:
            where = f" ({Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno})"
            tb = tb.tb_next
        print(f"self-test failed: {type(exc).__name__}: {exc}{where}".replace("\n", " "), file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(run_self_test())
