"""File ▸ Export 3D model…: the unit asked for STL/OBJ/PLY reaches the file; GLB asks none and is glTF's frame."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from keidesigner.app import export_dialog


@pytest.fixture
def answers(monkeypatch, tmp_path):
    """Answer the export questions: `answers["path"]` for the save dialog, `answers["units"]` for the unit one;
    `answers["offered"]` records the unit each unit question offered first."""
    given = {"path": tmp_path / "truck.obj", "units": "mm", "offered": []}

    def ask_path(parent, start):
        return given["path"]

    def ask_units(parent, path, current):
        given["offered"].append(current)
        return given["units"]

    monkeypatch.setattr(export_dialog, "ask_export_path", ask_path)
    monkeypatch.setattr(export_dialog, "ask_units", ask_units)
    return given


def _extents(path):
    return trimesh.load(str(path), force="mesh", process=False).extents


@pytest.mark.parametrize(("units", "mm_per_unit"), [("mm", 1.0), ("m", 1000.0), ("in", 25.4)])
@pytest.mark.parametrize("suffix", [".stl", ".obj", ".ply"])
def test_the_chosen_unit_reaches_the_file(window, answers, tmp_path, suffix, units, mm_per_unit):
    answers["path"] = tmp_path / f"truck{suffix}"
    answers["units"] = units
    window.export_action.trigger()
    d = window.document.design.dimensions
    expected = np.array([d.length_mm, d.width_mm, d.height_mm]) / mm_per_unit
    np.testing.assert_allclose(_extents(answers["path"]), expected, rtol=1e-5)
    assert f"units: {units};".encode() in answers["path"].read_bytes()[:200]
    assert window.statusBar().currentMessage() == f"Exported {answers['path']} in {units}"


def test_the_last_unit_is_offered_first_next_time(window, answers):
    answers["units"] = "in"
    window.export_model()
    window.export_model()
    assert answers["offered"] == ["mm", "in"]  # mm the first time, then the unit chosen
    assert window.settings.value(export_dialog.UNITS_KEY) == "in"


def test_glb_asks_no_unit_and_is_metres_y_up(window, answers, tmp_path):
    answers["path"] = tmp_path / "truck.glb"
    window.export_model()
    assert answers["offered"] == []
    d = window.document.design.dimensions
    loaded = trimesh.load(str(answers["path"]), force="scene")
    np.testing.assert_allclose(loaded.extents, np.array([d.width_mm, d.height_mm, d.length_mm]) / 1000, atol=1e-3)


def test_cancelling_the_unit_question_writes_nothing(window, answers, tmp_path):
    answers["units"] = None
    window.export_model()
    assert list(tmp_path.glob("truck.*")) == []
    assert window.settings.value(export_dialog.UNITS_KEY) is None


def test_an_unknown_extension_is_one_error_dialog_and_no_file(window, answers, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    answers["path"] = tmp_path / "truck.step"
    window.export_model()
    assert answers["offered"] == []  # no unit question for a file that cannot be written
    assert len(shown) == 1 and "cannot export to '.step'" in shown[0] and "\n" not in shown[0]
    assert list(tmp_path.glob("truck.*")) == []


# --- the dialog functions themselves ------------------------------------------------------------------------------

def test_a_name_without_extension_takes_the_selected_file_type(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "truck"), "STL mesh (*.stl)"))
    assert export_dialog.ask_export_path(None, str(tmp_path)) == tmp_path / "truck.stl"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    assert export_dialog.ask_export_path(None, str(tmp_path)) is None


def test_the_unit_question_offers_the_three_units_and_returns_the_choice(qapp, tmp_path):
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen["items"], seen["first"], seen["label"] = dialog.comboBoxItems(), dialog.textValue(), dialog.labelText()
        dialog.setTextValue("metres (m)")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert export_dialog.ask_units(None, tmp_path / "truck.ply", "in") == "m"
    assert seen["items"] == ["millimetres (mm)", "metres (m)", "inches (in)"]
    assert seen["first"] == "inches (in)"
    assert "PLY" in seen["label"] and "z up" in seen["label"]
