"""Saving from the real main window into hostile places: a read-only folder, a full disk, a folder where the file
should be, and names the file system refuses.

Each case runs through Save (the document's own file is the target, so an old file sits there) and through Save As
(a new name in a folder that already holds another design). Every failure must show exactly one error dialog whose
first line is `PATH: problem`, keep the design in memory and the window dirty, leave every byte in the folder as it
was (old file intact, no temp or partial file), remember nothing in the recent-files list, and let a later Save As
to a sane place succeed.

Read-only folders and full disks are real where this machine allows it (a tmpfs mounted read-only or filled up;
chmod for a non-root user, whom it stops) and skipped otherwise; a simulated variant of each (os-level calls
patched to fail as the kernel would) always runs.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ContextManager

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from keidesigner.files import dumps_design, load_design, load_preset, save_design

PRESET = "kei-truck"
STILL_OPEN = "The design is still open and unsaved."


@dataclass
class Hostile:
    """A prepared place to save into: `root` is the folder whose whole content must come out of the failed save
    unchanged; `during` is wrapped around the save (the simulated variants patch os calls there)."""

    root: Path
    target: Path
    problem: str
    shown_path: str = ""
    during: Callable[[], ContextManager] = contextlib.nullcontext
    cleanup: Callable[[], None] = lambda: None

    def __post_init__(self) -> None:
        self.shown_path = self.shown_path or str(self.target)


class Mounts:
    """tmpfs file systems mounted under tmp_path for one test, all unmounted afterwards."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.mounted: list[Path] = []

    @staticmethod
    def _run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, capture_output=True, text=True, timeout=30)

    def mount(self, name: str, options: str = "size=1m") -> Path:
        """A fresh tmpfs at tmp_path/name; skips the test where this machine cannot mount (not Linux, not root,
        no mount permission in a container): the simulated variant covers the case there."""
        if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("mounting a tmpfs needs root on Linux; the simulated variant covers this case")
        point = self.tmp_path / name
        point.mkdir()
        result = self._run("mount", "-t", "tmpfs", "-o", f"{options},mode=0755", "tmpfs", str(point))
        if result.returncode:
            pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()}); the simulated variant covers this case")
        self.mounted.append(point)
        return point

    def remount(self, point: Path, options: str) -> None:
        result = self._run("mount", "-o", f"remount,{options}", str(point))
        assert result.returncode == 0, result.stderr

    def unmount_all(self) -> None:
        for point in reversed(self.mounted):
            if self._run("umount", str(point)).returncode:
                self._run("umount", "-l", str(point))  # still busy: detach now, the kernel frees it when released


@pytest.fixture
def mounts(tmp_path):
    mounts = Mounts(tmp_path)
    yield mounts
    mounts.unmount_all()


def _hostile_folder(tmp_path: Path, old: bytes | None) -> tuple[Path, Path]:
    """A plain folder holding another design, and the target (holding `old` when given)."""
    root = tmp_path / "hostile"
    root.mkdir(exist_ok=True)
    return root, _populate(root, old)


def _populate(folder: Path, old: bytes | None) -> Path:
    save_design(load_preset("kei-van"), folder / "other.kei")
    target = folder / "design.kei"
    if old is not None:
        target.write_bytes(old)
    return target


def _inside(folder: Path, path) -> bool:
    with contextlib.suppress(TypeError, ValueError):
        return Path(os.fsdecode(path)).resolve().is_relative_to(folder.resolve())
    return False


# --- the cases -------------------------------------------------------------------------------------------------
def read_only_real(tmp_path, mounts, monkeypatch, old):
    if os.name != "posix":
        pytest.skip("no read-only folder to be made here; the simulated variant covers this case")
    if os.geteuid() != 0:
        # chmod stops anyone but root
        root, target = _hostile_folder(tmp_path, old)
        root.chmod(0o555)
        return Hostile(root, target, "permission denied", cleanup=lambda: root.chmod(0o755))
    root = mounts.mount("hostile")
    target = _populate(root, old)
    mounts.remount(root, "ro")
    return Hostile(root, target, "could not write: Read-only file system")


def read_only_simulated(tmp_path, mounts, monkeypatch, old):
    root, target = _hostile_folder(tmp_path, old)
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        # what open(2) answers for a new file in a folder the user may not write (EACCES)
        if flags & os.O_CREAT and _inside(root, path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    @contextlib.contextmanager
    def during():
        with monkeypatch.context() as patch:
            patch.setattr(os, "open", refusing_open)
            yield

    return Hostile(root, target, "permission denied", during=during)


def full_disk_real(tmp_path, mounts, monkeypatch, old):
    point = mounts.mount("hostile-disk", "size=256k")
    root = point / "designs"
    root.mkdir()
    target = _populate(root, old)
    # fill every page that is left; the filler sits outside the checked folder
    with open(point / "filler", "wb", buffering=0) as fh:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while fh.write(b"\0" * size):
                    pass
    assert os.statvfs(point).f_bavail == 0, "the tmpfs did not fill up"
    return Hostile(root, target, "could not write: No space left on device")


class _FillingFile:
    """A file on a disk that fills up mid-write: part of the data lands, then ENOSPC, as write(2) reports it."""

    def __init__(self, real) -> None:
        self.real = real

    def write(self, data) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


def full_disk_simulated(tmp_path, mounts, monkeypatch, old):
    root, target = _hostile_folder(tmp_path, old)
    real_fdopen = os.fdopen
    opened = []

    def fdopen(fd, *args, **kwargs):
        opened.append(fd)
        return _FillingFile(real_fdopen(fd, *args, **kwargs))

    @contextlib.contextmanager
    def during():
        with monkeypatch.context() as patch:
            patch.setattr(os, "fdopen", fdopen)
            yield
        assert opened, "the save never opened its temp file: the simulated full disk was not exercised"

    return Hostile(root, target, "could not write: No space left on device", during=during)


def existing_folder(tmp_path, mounts, monkeypatch, old):
    root, _ = _hostile_folder(tmp_path, None)
    # a folder under the target's name, with something in it (that must survive)
    target = root / "design.kei"
    target.mkdir()
    (target / "inside.txt").write_text("keep me")
    return Hostile(root, target, "is a folder; choose a file name")


def name_too_long(tmp_path, mounts, monkeypatch, old):
    root, _ = _hostile_folder(tmp_path, None)
    target = root / ("long-" * 60 + ".kei")  # 304 bytes, over any common file system's 255
    return Hostile(root, target, "could not write: File name too long")


def name_with_nul(tmp_path, mounts, monkeypatch, old):
    root, _ = _hostile_folder(tmp_path, None)
    target = root / "bad\0name.kei"
    return Hostile(root, target, "not a valid file name", shown_path=repr(str(target)))


SAVE_CASES = [read_only_real, read_only_simulated, full_disk_real, full_disk_simulated, existing_folder]
SAVE_AS_ONLY = [name_too_long, name_with_nul]  # no file can exist under these names, so nothing to Save over


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes (None for a folder) under root."""
    return {
        str(p.relative_to(root)): None if p.is_dir() else p.read_bytes() for p in sorted(root.rglob("*"))
    }


@pytest.mark.parametrize(
    "case, via",
    [pytest.param(c, v, id=f"{c.__name__}-{v}") for c in SAVE_CASES for v in ("save", "save_as")]
    + [pytest.param(c, "save_as", id=f"{c.__name__}-save_as") for c in SAVE_AS_ONLY],
)
def test_failed_save_shows_one_error_and_changes_nothing(case, via, make_window, tmp_path, mounts, monkeypatch):
    old = dumps_design(load_preset(PRESET)).encode()
    hostile = case(tmp_path, mounts, monkeypatch, old if via == "save" else None)
    try:
        _check_failed_save(hostile, via, old, make_window, tmp_path, monkeypatch)
    finally:
        hostile.cleanup()


def _check_failed_save(hostile: Hostile, via, old, make_window, tmp_path, monkeypatch) -> None:
    window = make_window(PRESET, hostile.target if via == "save" else None)
    window.document.set_value("dimensions.length_mm", 3300)
    design = window.document.design
    assert window.document.dirty and design.dimensions.length_mm == 3300
    path_before, recent_before = window.document.path, window.recent_files()
    last_folder_before = window.settings.value("last_folder")
    files_before = _snapshot(hostile.root)
    if via == "save":
        assert hostile.target.is_dir() or files_before["design.kei"] == old

    shown, asked = [], []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append((parent, title, text)))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or (str(hostile.target), "")
    )
    with hostile.during():
        saved = window.save() if via == "save" else window.save_as()

    assert saved is False
    assert len(asked) == (via == "save_as")
    assert len(shown) == 1, shown
    parent, title, text = shown[0]
    assert parent is window and title == "Cannot save design"
    assert "\0" not in text  # Qt would cut the message off at a NUL
    first, *rest = text.split("\n")
    assert first == f"{hostile.shown_path}: {hostile.problem}"
    assert rest == [STILL_OPEN]

    assert window.document.design == design
    assert window.document.path == path_before
    assert window.document.dirty and window.isWindowModified()
    assert window.file_label.text().endswith(" — modified")
    assert window.recent_files() == recent_before and window.settings.value("last_folder") == last_folder_before
    assert _snapshot(hostile.root) == files_before  # old file byte-identical, no temp, partial or backup file

    # the window is not stuck: Save As somewhere sane works and saves what was in memory
    rescue = tmp_path / "rescued.kei"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(rescue), ""))
    assert window.save_as()
    assert len(shown) == 1
    assert not window.document.dirty and not window.isWindowModified()
    assert window.document.path == rescue and load_design(rescue) == design
