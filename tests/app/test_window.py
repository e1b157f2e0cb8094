"""Drive the real main window: edits, powertrain, undo/redo, files, prompts, recovery, units, and the 3D view."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from window_actions import settle, type_into

from keidesigner.app import recovery
from keidesigner.app.main import offer_recovery
from keidesigner.design import format_value, with_value
from keidesigner.files import load_design, load_preset, save_design
from keidesigner.files.autosave import recoverable, write_snapshot
from keidesigner.rules import Status


def test_typing_a_length_updates_design_scene_derived_and_findings(qtbot, window):
    type_into(qtbot, window, "dimensions.length_mm", "3600")
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == 3600
    lo, hi = window.scene.bounds
    assert hi[0] - lo[0] == pytest.approx(3600, abs=1)
    assert window.parameters.derived_labels["rear_overhang_mm"].text() == "1,005 mm"
    finding = window.evaluation.by_id("kei.length")
    assert finding.status is Status.fail and finding.measured == 3600
    assert "Kei FAIL (1)" in window.verdict_label.text()
    assert window.isWindowModified()
    assert "*" in window.windowTitle() or window.windowTitle().count("[*]") == 1


def test_invalid_value_is_refused_at_the_field_and_design_stays(qtbot, window):
    before = window.document.design
    type_into(qtbot, window, "dimensions.wheelbase_mm", "3000")
    settle(qtbot, window)
    assert window.document.design == before
    error = window.parameters.errors["dimensions.wheelbase_mm"]
    assert error.isVisible() and "tyre radius" in error.text() and "3,690 mm" in error.text()
    qtbot.waitUntil(lambda: window.parameters.editors["dimensions.wheelbase_mm"].spin.value() == 1905)
    assert not window.document.dirty


def test_powertrain_switch_swaps_fields_and_keeps_values(qtbot, window):
    combo = window.parameters.kind_combo
    combo.setCurrentIndex(combo.findData("electric"))
    combo.activated.emit(combo.currentIndex())
    settle(qtbot, window)
    design = window.document.design
    assert design.powertrain.kind == "electric"
    assert design.powertrain.top_speed_kmh == 120  # shared with the gas truck
    assert "powertrain.motor_power_kw" in window.parameters.editors
    assert "powertrain.displacement_cc" not in window.parameters.editors
    assert window.evaluation.by_id("kei.displacement").status is Status.not_applicable
    window.document.undo_stack.undo()
    settle(qtbot, window)
    assert window.document.design.powertrain.kind == "gas"
    assert "powertrain.displacement_cc" in window.parameters.editors


def test_undo_redo_names_the_change_and_restores_designs(qtbot, window):
    start = window.document.design
    type_into(qtbot, window, "dimensions.wheelbase_mm", "1950")
    settle(qtbot, window)
    assert window.undo_action.text() == "&Undo Wheelbase 1,905 → 1,950 mm"
    time.sleep(1.1)  # outside the merge window: a second, separate step
    type_into(qtbot, window, "dimensions.length_mm", "3300")
    settle(qtbot, window)
    after = window.document.design
    window.undo_action.trigger()
    window.undo_action.trigger()
    settle(qtbot, window)
    assert window.document.design == start
    assert not window.document.dirty
    window.redo_action.trigger()
    window.redo_action.trigger()
    settle(qtbot, window)
    assert window.document.design == after
    assert window.parameters.editors["dimensions.length_mm"].spin.value() == 3300


def test_a_slider_drag_is_one_undo_step(qtbot, window):
    slider = window.parameters.editors["dimensions.height_mm"].slider
    start = window.document.design
    for position in range(300, 340, 4):
        slider.setValue(position)
    settle(qtbot, window)
    assert window.document.undo_stack.count() == 1
    assert window.document.design.dimensions.height_mm != start.dimensions.height_mm
    latest = format_value(window.document.design.dimensions.height_mm, "mm")
    assert window.undo_action.text().endswith(f"→ {latest}"), window.undo_action.text()
    window.document.undo_stack.undo()
    assert window.document.design == start


def test_merged_edits_are_freed(qtbot, window):
    """A long drag is one undo step, and keeps no design per intermediate position alive."""
    import gc
    import weakref

    from keidesigner.app.document import EditCommand

    spin = window.parameters.editors["dimensions.length_mm"].spin
    alive = []
    original_init = EditCommand.__init__

    def tracking_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        alive.append(weakref.ref(self))

    EditCommand.__init__ = tracking_init
    try:
        for step in range(60):
            spin.setValue(3000 + step * 5)
    finally:
        EditCommand.__init__ = original_init
    gc.collect()
    assert window.document.undo_stack.count() == 1
    assert sum(ref() is not None for ref in alive) == 1
    window.document.undo_stack.undo()
    assert window.document.design == load_preset("kei-truck")


def test_save_and_open_through_the_menu(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "mine.kei"
    type_into(qtbot, window, "dimensions.height_mm", "1800")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.save_action.trigger()
    assert load_design(target) == window.document.design
    assert not window.isWindowModified() and "mine.kei" in window.windowTitle()
    assert str(target.resolve()) in window.recent_files()

    other = tmp_path / "van.kei"
    save_design(load_preset("kei-van"), other)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    window.open_action.trigger()
    settle(qtbot, window)
    assert window.document.design == load_preset("kei-van")
    assert window.document.path == other
    assert "body" in window.scene.names


def test_dirty_prompt_cancel_keeps_and_discard_replaces(qtbot, window, monkeypatch):
    type_into(qtbot, window, "dimensions.height_mm", "1700")
    edited = window.document.design
    answers = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: answers.pop(0))
    answers.append(QMessageBox.StandardButton.Cancel)
    window.new_from_preset("kei-van")
    assert window.document.design == edited
    answers.append(QMessageBox.StandardButton.Discard)
    window.new_from_preset("kei-van")
    assert window.document.design == load_preset("kei-van")
    assert not window.document.dirty


def test_close_with_changes_can_be_cancelled(qtbot, window, monkeypatch):
    type_into(qtbot, window, "dimensions.height_mm", "1700")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()


def test_broken_file_shows_the_loader_message_and_keeps_the_design(qtbot, window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.kei"
    bad.write_text("{ not json", encoding="utf-8")
    before = window.document.design
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    assert not window.open_path(bad)
    assert window.document.design == before and window.document.path is None
    assert len(shown) == 1 and "bad.kei" in shown[0] and "line 1" in shown[0]


def test_failed_save_keeps_design_in_memory_and_unsaved(qtbot, window, tmp_path, monkeypatch):
    type_into(qtbot, window, "dimensions.height_mm", "1700")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    folder = tmp_path / "missing-folder"
    assert not window._save_to(folder / "x.kei")
    assert shown and "x.kei" in shown[0]
    assert window.document.dirty and window.document.design.dimensions.height_mm == 1700
    assert not folder.exists()


def test_units_switch_everywhere_without_changing_stored_values(qtbot, window):
    design = window.document.design
    window.set_units(window.document.units.__class__("us"))
    spin = window.parameters.editors["dimensions.length_mm"].spin
    assert spin.suffix() == " in" and spin.value() == pytest.approx(3395 / 25.4, abs=0.01)
    kei = window.compliance.groups["kei"]
    texts = [kei.child(i).text(2) for i in range(kei.childCount())]
    assert any(t.endswith(" in") for t in texts)
    assert " in" in window.verdict_label.text()
    assert window.document.design == design
    assert window.settings.value("units") == "us"
    # an edit typed in inches is stored in millimetres
    type_into(qtbot, window, "dimensions.length_mm", "130")
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == pytest.approx(3302, abs=0.01)


def test_pathway_choice_changes_class_and_rules(qtbot, window):
    combo = window.compliance.pathway
    combo.setCurrentIndex(combo.findData("lsv"))
    combo.activated.emit(combo.currentIndex())
    settle(qtbot, window)
    assert window.document.design.us_class == "lsv"
    ids = {f.rule_id for f in window.evaluation.findings}
    assert {"us.500.speed", "us.500.gvwr", "us.500.equipment"} <= ids


def test_selecting_a_finding_focuses_its_field(qtbot, window):
    window.activateWindow()
    window.compliance.select_rule("us.216a.roof_crush")
    editor = window.parameters.editors["structure.roof_strength_kn"]
    qtbot.waitUntil(lambda: editor.spin.hasFocus() or editor.hasFocus() or editor.isAncestorOf(
        window.focusWidget()) if window.focusWidget() else False, timeout=2000)
    assert "roof_crush" in window.compliance.detail.text()


def test_autosave_snapshot_is_recovered_after_a_crash(qtbot, make_window, tmp_path, monkeypatch):
    saved = tmp_path / "truck.kei"
    save_design(load_preset("kei-truck"), saved)
    time.sleep(0.01)
    crashed = with_value(load_preset("kei-truck"), "dimensions.height_mm", 1850)
    folder = tmp_path / "autosave"
    snap = write_snapshot(folder, crashed, saved)
    _pretend_dead(snap)
    window = make_window()
    monkeypatch.setattr(recovery, "ask", lambda *a, **k: recovery.RECOVER)
    assert offer_recovery(window, recoverable(folder))
    assert window.document.design == crashed and window.document.path == saved.resolve()
    assert window.document.dirty
    window.document.undo_stack.undo()
    assert window.document.design == load_preset("kei-truck")


def test_declining_recovery_removes_the_snapshot(qtbot, make_window, tmp_path, monkeypatch):
    folder = tmp_path / "autosave"
    snap = write_snapshot(folder, load_preset("kei-van"), None)
    _pretend_dead(snap)
    window = make_window()
    monkeypatch.setattr(recovery, "ask", lambda *a, **k: recovery.DISCARD)
    assert not offer_recovery(window, recoverable(folder))
    assert not snap.design_path.exists() and recoverable(folder) == []


def test_a_snapshot_older_than_the_saved_file_is_never_offered(tmp_path):
    saved = tmp_path / "truck.kei"
    folder = tmp_path / "autosave"
    snap = write_snapshot(folder, load_preset("kei-truck"), saved)
    _pretend_dead(snap)
    time.sleep(0.02)
    save_design(load_preset("kei-van"), saved)
    assert recoverable(folder) == []
    assert not snap.design_path.exists()


def test_autosave_every_twentieth_edit(qtbot, window):
    for i in range(20):
        window.document.set_value("dimensions.height_mm", 1700 + i, merge=False)
    files = list(window.autosave_dir.glob("*.kei"))
    assert len(files) == 1
    assert load_design(files[0]).dimensions.height_mm == 1719


def _pretend_dead(snap) -> None:
    """Rewrite a snapshot's owner to a process id that is not running (as after a crash)."""
    import json

    meta = json.loads(snap.meta_path.read_text())
    pid = 999_999
    while True:
        try:
            os.kill(pid, 0)
            pid -= 1
        except ProcessLookupError:
            break
    meta["pid"] = pid
    snap.meta_path.write_text(json.dumps(meta))


@pytest.mark.gl
def test_3d_view_is_not_blank_and_changes_with_length(qtbot, gl, window):
    viewer = window.viewer
    viewer.set_view("side")
    qtbot.wait(100)
    first = _pixels(viewer)
    background = np.array([236, 239, 243])
    drawn = np.any(np.abs(first[..., :3].astype(int) - background) > 12, axis=-1).mean()
    assert drawn > 0.05, f"only {drawn:.1%} of the view differs from the background"
    window.document.set_values({"dimensions.height_mm": 1650, "package.headliner_height_mm": 1620})
    settle(qtbot, window)
    qtbot.wait(100)
    second = _pixels(viewer)
    changed = np.any(first != second, axis=-1).mean()
    assert changed > 0.01, f"only {changed:.2%} of pixels changed"


def _pixels(viewer) -> np.ndarray:
    image = viewer.grabFramebuffer().convertToFormat(viewer.grabFramebuffer().Format.Format_RGBA8888)
    ptr = image.constBits()
    return np.frombuffer(ptr, dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[
        :, : image.width()
    ].copy()


def test_drop_a_kei_file_opens_it(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "drop.kei"
    save_design(load_preset("kei-roadster"), path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.document.design == load_preset("kei-roadster")
    assert window.document.path == Path(path)


def test_kei_box_is_drawn_as_its_twelve_edges_and_hides_with_the_envelope(qtbot, gl, window):
    from keidesigner.geometry import KEI_BOX_MM

    edges = window.viewer.envelope_edges
    pos = np.asarray(edges.pos)
    assert pos.shape == (24, 3)
    assert np.allclose(pos.max(axis=0) - pos.min(axis=0), np.array(KEI_BOX_MM) / 1000, atol=1e-6)
    segments = pos.reshape(12, 2, 3)
    # every edge runs along one axis only: no face diagonals
    assert all(np.count_nonzero(np.abs(a - b) > 1e-9) == 1 for a, b in segments)
    window.viewer.set_envelope_visible(False)
    assert not edges.visible() and not window.viewer.items_by_part["envelope"].visible()


def test_a_file_open_event_from_the_desktop_opens_the_design(qtbot, qapp, window, tmp_path):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    from keidesigner.app.main import handle_file_open

    path = tmp_path / "van.kei"
    save_design(load_preset("kei-van"), path)
    handler = handle_file_open(qapp, window)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(str(path)))
    finally:
        qapp.removeEventFilter(handler)
    assert window.document.path == path
    assert window.document.design == load_preset("kei-van")


def test_a_white_body_is_drawn_light_not_dark(qtbot, gl, window):
    """The body faces the camera sees are lit: the white kei truck reads white in the side view."""
    viewer = window.viewer
    viewer.set_view("side")
    qtbot.wait(100)
    pixels = _pixels(viewer)[..., :3].astype(int)
    background = np.array([236, 239, 243])
    light_grey = (pixels.min(axis=-1) > 160) & (np.abs(pixels - background).max(axis=-1) > 12)
    assert light_grey.mean() > 0.03, f"only {light_grey.mean():.1%} of the view is lit body"
