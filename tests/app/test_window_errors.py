"""Every error the user can cause through the window is one dialog naming their path, never an escaped exception."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from keidesigner.app import export_dialog


@pytest.fixture
def dialogs(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append((title, text)))
    return shown


@pytest.fixture
def no_escapes(monkeypatch):
    """An exception escaping a Qt slot is printed and swallowed by PySide6: catch it as a failure instead."""
    escaped = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: escaped.append(info))
    return escaped


@pytest.mark.parametrize("where", ["missing folder", "a folder"])
def test_export_report_to_a_place_that_cannot_take_it(window, tmp_path, monkeypatch, dialogs, no_escapes, where):
    target = tmp_path / "nowhere" / "r.pdf" if where == "missing folder" else tmp_path
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.report_action.trigger()
    assert not no_escapes
    assert len(dialogs) == 1
    title, text = dialogs[0]
    assert title == "Cannot write report" and str(target) in text and "\n" not in text
    assert ("folder does not exist" if where == "missing folder" else "is a folder") in text


def test_export_model_to_a_missing_folder(window, tmp_path, monkeypatch, dialogs, no_escapes):
    target = tmp_path / "nowhere" / "truck.glb"
    monkeypatch.setattr(export_dialog, "ask_export_target", lambda *a, **k: (str(target), None))
    window.export_action.trigger()
    assert not no_escapes
    assert len(dialogs) == 1 and str(target) in dialogs[0][1] and ".tmp" not in dialogs[0][1]
