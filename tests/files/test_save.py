"""Atomic saving: the target is the old file or the new one, a backup is kept, failures leave no debris."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from keidesigner.common import PathError
from keidesigner.design import with_value
from keidesigner.files import DesignFileError, dumps_design, load_design, load_preset, save_design, write_atomic
from keidesigner.files import save as save_module


def _one_line_error(info, path) -> str:
    assert type(info.value) is DesignFileError
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def test_first_save_writes_the_file_and_no_backup(van, tmp_path):
    path = tmp_path / "van.kei"
    save_design(van, path)
    assert path.read_text(encoding="utf-8") == dumps_design(van)
    assert sorted(os.listdir(tmp_path)) == ["van.kei"]


def test_second_save_keeps_the_previous_file_as_bak(van, tmp_path):
    path = tmp_path / "van.kei"
    save_design(van, path)
    first = path.read_bytes()
    newer = with_value(van, "name", "Van, second edition")
    save_design(newer, path)
    assert sorted(os.listdir(tmp_path)) == ["van.kei", "van.kei.bak"]
    assert (tmp_path / "van.kei.bak").read_bytes() == first
    assert load_design(path) == newer
    # a third save rotates: the backup now holds the second edition
    save_design(with_value(van, "name", "third"), path)
    assert load_design(tmp_path / "van.kei.bak") == newer
    assert sorted(os.listdir(tmp_path)) == ["van.kei", "van.kei.bak"]


def test_save_without_backup(van, tmp_path):
    path = tmp_path / "van.kei"
    save_design(van, path, backup=False)
    save_design(with_value(van, "name", "b"), path, backup=False)
    assert sorted(os.listdir(tmp_path)) == ["van.kei"]


def test_saved_file_is_readable_by_others(van, tmp_path):
    path = tmp_path / "van.kei"
    save_design(van, path)
    assert path.stat().st_mode & 0o777 == 0o644


def test_relative_path_in_the_current_folder(van, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    save_design(van, "here.kei")
    assert load_design(tmp_path / "here.kei") == van


def _fail_on(monkeypatch, name: str):
    calls = []

    def boom(*args, **kwargs):
        calls.append(args)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, name, boom)
    return calls


def _save_failing(van, tmp_path, monkeypatch, fail: str, *, backup: bool):
    path = tmp_path / "van.kei"
    save_design(van, path, backup=backup)
    old = path.read_bytes()
    calls = _fail_on(monkeypatch, fail)
    with pytest.raises(DesignFileError) as info:
        save_design(with_value(van, "name", "half-written"), path, backup=backup)
    monkeypatch.undo()
    assert calls, f"os.{fail} was never called"
    message = _one_line_error(info, path)
    assert "No space left on device" in message
    assert path.read_bytes() == old  # the old file, intact
    assert load_design(path) == van
    return sorted(os.listdir(tmp_path))


@pytest.mark.parametrize("fail", ["fsync", "replace"])
def test_failed_save_without_backup_keeps_old_file_and_leaves_no_temp_files(van, tmp_path, monkeypatch, fail):
    assert _save_failing(van, tmp_path, monkeypatch, fail, backup=False) == ["van.kei"]


def test_failed_fsync_with_backup_keeps_old_file_and_leaves_no_temp_files(van, tmp_path, monkeypatch):
    assert _save_failing(van, tmp_path, monkeypatch, "fsync", backup=True) == ["van.kei"]


def test_failed_replace_with_backup_leaves_no_temp_files(van, tmp_path, monkeypatch):
    listing = _save_failing(van, tmp_path, monkeypatch, "replace", backup=True)
    assert all(name == "van.kei" or name == "van.kei.bak" for name in listing), listing


def test_failed_final_rename_with_backup_keeps_old_file(van, tmp_path, monkeypatch):
    """Only the rename over the target fails (the backup rotation succeeds): old file intact, backup = old file."""
    path = tmp_path / "van.kei"
    save_design(van, path)
    old = path.read_bytes()
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == path:
            raise OSError(5, "Input/output error")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(DesignFileError) as info:
        save_design(with_value(van, "name", "new"), path)
    monkeypatch.undo()
    assert "Input/output error" in _one_line_error(info, path)
    assert path.read_bytes() == old
    assert sorted(os.listdir(tmp_path)) == ["van.kei", "van.kei.bak"]
    assert (tmp_path / "van.kei.bak").read_bytes() == old


def test_failed_write_leaves_no_temp_file(van, tmp_path, monkeypatch):
    path = tmp_path / "van.kei"
    real_fdopen = os.fdopen

    class Broken:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Broken(real_fdopen(fd, *a, **k)))
    with pytest.raises(DesignFileError):
        save_design(van, path)
    assert os.listdir(tmp_path) == []


def test_save_into_a_missing_folder(van, tmp_path):
    path = tmp_path / "no" / "such" / "folder" / "van.kei"
    with pytest.raises(DesignFileError) as info:
        save_design(van, path)
    assert "folder does not exist" in _one_line_error(info, path)
    assert not (tmp_path / "no").exists()


def test_save_to_a_path_that_is_a_folder(van, tmp_path):
    folder = tmp_path / "looks-like.kei"
    folder.mkdir()
    with pytest.raises(DesignFileError) as info:
        save_design(van, folder)
    assert "folder" in _one_line_error(info, folder)
    assert folder.is_dir() and os.listdir(folder) == []
    assert sorted(os.listdir(tmp_path)) == ["looks-like.kei"]


def test_save_below_a_file_is_refused(van, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    with pytest.raises(DesignFileError) as info:
        save_design(van, plain / "van.kei")
    _one_line_error(info, plain / "van.kei")
    assert plain.read_text() == "x"


def test_permission_error_is_reported_in_one_line(van, tmp_path, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    path = tmp_path / "van.kei"
    with pytest.raises(DesignFileError) as info:
        save_design(van, path)
    assert "permission denied" in _one_line_error(info, path)


def test_write_atomic_writes_exact_bytes(tmp_path):
    path = tmp_path / "blob.bin"
    data = bytes(range(256)) * 10
    write_atomic(path, data)
    assert path.read_bytes() == data
    write_atomic(path, b"second", backup=True)
    assert path.read_bytes() == b"second"
    assert (tmp_path / ("blob.bin" + save_module.BACKUP_SUFFIX)).read_bytes() == data


def test_a_file_name_with_a_nul_byte_is_refused_in_one_line(van, tmp_path):
    with pytest.raises(DesignFileError) as info:
        save_design(van, tmp_path / "a\0b.kei")
    assert str(info.value).endswith("b.kei': not a valid file name")
    assert os.listdir(tmp_path) == []


def test_a_line_break_in_the_folder_name_still_gives_one_line(van, tmp_path):
    with pytest.raises(DesignFileError) as info:
        save_design(van, tmp_path / "no\nsuch" / "design.kei")
    assert len(str(info.value).splitlines()) == 1
    assert str(info.value).endswith(": folder does not exist") and "\\n" in str(info.value)


def test_saving_through_a_symlink_writes_the_file_it_points_to(van, tmp_path):
    real = tmp_path / "real.kei"
    save_design(load_preset("kei-truck"), real)
    link = tmp_path / "link.kei"
    link.symlink_to(real)
    save_design(van, link)
    assert link.is_symlink() and load_design(real) == van
    assert (tmp_path / "real.kei.bak").is_file() and not (tmp_path / "link.kei.bak").exists()


def test_a_target_that_is_not_a_regular_file_is_refused_and_left_alone(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(PathError, match="not a regular file"):
        write_atomic(fifo, b"%PDF")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.pdf"]
