"""The occupant package in the real window: seat rows and locations edited as a designer edits them, each change one
undo step with a readable text, the DSP count beside each seat's width, the estimated package's note, findings that
lead to their seat, the occupants in the 3D view, and numbers in the user's locale."""

from __future__ import annotations

import json

import numpy as np
import pytest
from old_versions import as_version_2
from PySide6.QtCore import QLocale, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from window_actions import settle, type_into

from keidesigner.design import with_value, with_values
from keidesigner.design.package import MAX_ROWS, MAX_SEATS_PER_ROW
from keidesigner.rules import Status

WIDTH = "package.rows.0.seats.0.seating_width_mm"  # the kei truck's bench: 1,150 mm, declared for 2


def dsp_label(window, seat: str):
    """The DSP count shown under a seat location's width ('package.rows.0.seats.1')."""
    from PySide6.QtWidgets import QLabel

    label = window.parameters.package_page.findChild(QLabel, f"dsp.{seat}")
    assert label is not None, seat
    return label


def finding(window, rule_id: str):
    return window.document.analysis.by_id(rule_id)


def click(qtbot, window, name: str) -> None:
    """Click a button of the package tab by its object name, as a user would."""
    from PySide6.QtWidgets import QAbstractButton

    window.parameters.setCurrentWidget(window.parameters.package_page)
    button = window.parameters.package_page.findChild(QAbstractButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def structure(design) -> tuple[int, ...]:
    return tuple(len(row.seats) for row in design.package.rows)


# --- a seat's width, its DSPs and its finding ------------------------------------------------------------------------

def test_editing_a_seats_width_updates_its_dsp_label_and_finding(qtbot, window):
    label = dsp_label(window, "package.rows.0.seats.0")
    assert label.text() == "3 DSPs (2 declared) · outboard both sides"
    assert "ffe1dc" in label.styleSheet()  # highlighted: the US counts more than declared
    assert finding(window, "us.10.positions.1.1").status is Status.fail
    box = window.parameters.package_page.row_boxes[0].seats[0]

    type_into(qtbot, window, WIDTH, "1040")
    settle(qtbot, window)
    assert window.document.design.package.rows[0].seats[0].seating_width_mm == 1040
    assert label.text() == "2 DSPs · outboard both sides"
    assert "ffe1dc" not in label.styleSheet()
    assert finding(window, "us.10.positions.1.1").status is Status.pass_
    rows = window.compliance.groups["us"]
    shown = {rows.child(i).data(0, Qt.ItemDataRole.UserRole): rows.child(i) for i in range(rows.childCount())}
    assert shown["us.10.positions.1.1"].text(0) == "pass" and shown["us.10.positions.1.1"].text(2) == "1,040 mm"
    assert window.undo_action.text() == "&Undo Seating surface width (row 1, seat 1) 1,150 → 1,040 mm"
    assert window.document.undo_stack.count() == 1
    assert window.parameters.package_page.row_boxes[0].seats[0] is box  # values updated in place, nothing rebuilt


def test_a_value_the_package_refuses_is_refused_at_the_field(qtbot, make_window):
    window = make_window("kei-van")
    window.parameters.setCurrentWidget(window.parameters.package_page)
    before = window.document.design
    path = "package.rows.0.seats.0.seating_width_mm"
    type_into(qtbot, window, path, "900")  # 900 + 480 + 120 gap > 1,355 mm of shoulder room
    settle(qtbot, window)
    assert window.document.design == before and not window.document.dirty
    error = window.parameters.errors[path]
    assert error.isVisibleTo(window) and "more than the 1,355 mm shoulder room" in error.text()
    assert error.text().startswith("Seat locations (row 1): ")
    qtbot.waitUntil(lambda: window.parameters.editors[path].spin.lineEdit().text() == "480 mm")


# --- rows and seats added and removed ---------------------------------------------------------------------------

def test_add_and_remove_row_and_seat_are_one_undo_step_each(qtbot, make_window):
    window = make_window("kei-van")
    doc = window.document
    original = doc.design
    assert structure(original) == (2, 2)

    click(qtbot, window, "add_row")
    assert structure(doc.design) == (2, 2, 2) and doc.undo_stack.count() == 1
    assert doc.design.package.rows[2].h_point_x_mm > doc.design.package.rows[1].h_point_x_mm
    assert window.undo_action.text() == "&Undo Add row 3"
    assert len(window.parameters.package_page.row_boxes) == 3
    assert "package.rows.2.seats.1.backset_mm" in window.parameters.editors

    click(qtbot, window, "add_seat.package.rows.1")  # a full row: its seats share the room
    assert structure(doc.design) == (2, 3, 2) and doc.undo_stack.count() == 2
    widths = [s.seating_width_mm for s in doc.design.package.rows[1].seats]
    assert widths == [410, 410, 410]  # (1,355 − 2 × 60 mm gaps) / 3, down to the 5 mm step
    assert window.undo_action.text() == "&Undo Add seat (row 2), its seats narrowed to 410 mm"
    assert dsp_label(window, "package.rows.1.seats.2").text() == "1 DSP · outboard"
    assert dsp_label(window, "package.rows.1.seats.1").text() == "1 DSP · inboard"

    click(qtbot, window, "remove.package.rows.1.seats.0")
    assert structure(doc.design) == (2, 2, 2) and doc.undo_stack.count() == 3
    assert window.undo_action.text() == "&Undo Remove seat (row 2, seat 1)"
    click(qtbot, window, "remove.package.rows.0")
    assert structure(doc.design) == (2, 2) and doc.undo_stack.count() == 4
    assert window.undo_action.text() == "&Undo Remove row 1"

    for steps in range(4, 0, -1):
        doc.undo_stack.undo()
        settle(qtbot, window)
        assert doc.undo_stack.index() == steps - 1
    assert doc.design == original  # exactly the design the steps started from
    assert [len(box.seats) for box in window.parameters.package_page.row_boxes] == [2, 2]
    assert set(p for p in window.parameters.editors if p.startswith("package.rows.2")) == set()
    doc.undo_stack.redo()
    settle(qtbot, window)
    assert structure(doc.design) == (2, 2, 2)


def test_rows_and_seats_are_refused_beyond_their_limits_with_a_message(qtbot, make_window):
    window = make_window("kei-truck")  # one row, one bench
    doc = window.document
    click(qtbot, window, "remove.package.rows.0.seats.0")
    assert doc.undo_stack.count() == 0
    assert "only seat location" in window.parameters.errors["package.rows.0"].text()
    assert window.parameters.errors["package.rows.0"].isVisibleTo(window)
    click(qtbot, window, "remove.package.rows.0")
    assert doc.undo_stack.count() == 0
    assert window.parameters.errors["package.rows.0"].text() == (
        "the package has one seat row, and a design needs at least one")

    roomy = with_values(doc.design, {"package.cabin_width_mm": 1400, "package.rows.0.seats.0.seating_width_mm": 400})
    doc.replace(roomy, "narrow bench")
    settle(qtbot, window)
    for _ in range(MAX_SEATS_PER_ROW - 1):
        click(qtbot, window, "add_seat.package.rows.0")
        assert not window.parameters.errors["package.rows.0"].isVisibleTo(window)
    assert len(doc.design.package.rows[0].seats) == MAX_SEATS_PER_ROW
    steps = doc.undo_stack.count()
    click(qtbot, window, "add_seat.package.rows.0")
    assert doc.undo_stack.count() == steps
    assert window.parameters.errors["package.rows.0"].text() == "row 1 has 4 seat locations, the most a row takes"

    doc.replace(with_value(roomy, "dimensions.length_mm", 3400), "room behind")
    settle(qtbot, window)
    for _ in range(MAX_ROWS - 1):
        click(qtbot, window, "add_row")
        assert not window.parameters.errors["package.rows"].isVisibleTo(window)
    assert len(doc.design.package.rows) == MAX_ROWS
    click(qtbot, window, "add_row")
    assert len(doc.design.package.rows) == MAX_ROWS
    assert window.parameters.errors["package.rows"].text() == "the package has 3 seat rows, the most a design takes"


def test_choosing_bucket_makes_a_bench_a_seat_for_one_in_one_step(qtbot, window):
    combo = window.parameters.editors["package.rows.0.seats.0.kind"].combo
    combo.setCurrentIndex(combo.findData("bucket"))
    combo.activated.emit(combo.currentIndex())
    settle(qtbot, window)
    seat = window.document.design.package.rows[0].seats[0]
    assert seat.kind == "bucket" and seat.declared_positions == 1
    assert window.document.undo_stack.count() == 1
    assert window.undo_action.text() == "&Undo Seat kind (row 1, seat 1) bench → bucket"


def test_a_head_restraint_switches_between_none_and_a_height(qtbot, make_window):
    window = make_window("kei-van")
    path = "package.rows.1.seats.0.head_restraint_mm"
    editor = window.parameters.editors[path]
    assert editor.fitted.isChecked() and editor.spin.lineEdit().text() == "750 mm"
    editor.fitted.click()
    settle(qtbot, window)
    assert window.document.design.package.rows[1].seats[0].head_restraint_mm is None
    assert editor.spin.lineEdit().text() == "none" and not editor.slider.isEnabled()
    assert window.undo_action.text() == "&Undo Head restraint height (row 2, seat 1) 750 → none"
    editor.fitted.click()
    settle(qtbot, window)
    assert window.document.design.package.rows[1].seats[0].head_restraint_mm == 750
    type_into(qtbot, window, path, "none")
    settle(qtbot, window)
    assert window.document.design.package.rows[1].seats[0].head_restraint_mm is None
    assert not editor.fitted.isChecked()


# --- the estimated package of an older file --------------------------------------------------------------------------

def version_2_file(tmp_path, preset: str = "kei-van"):
    """A preset as KeiDesigner's format 2 wrote it: seats typed as a count, no package, no CHMSL, a typed crush zone."""
    from keidesigner.files import load_preset

    doc = as_version_2(load_preset(preset), seats=4, belt="lap_shoulder", latch=2)
    path = tmp_path / "old-van.kei"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_an_edit_of_the_package_clears_estimated_in_the_same_step(qtbot, window, tmp_path):
    assert window.open_path(version_2_file(tmp_path))
    settle(qtbot, window)
    doc, page = window.document, window.parameters.package_page
    assert doc.design.package.estimated
    tab = window.parameters.indexOf(page)
    assert window.parameters.tabText(tab) == "Occupant package (estimated)"
    window.parameters.setCurrentWidget(page)
    assert page.note.isVisibleTo(window)
    estimated = doc.design

    type_into(qtbot, window, "package.rows.0.h_point_z_mm", f"{estimated.package.rows[0].h_point_z_mm + 10:.0f}")
    settle(qtbot, window)
    assert not doc.design.package.estimated
    assert doc.undo_stack.count() == 1 and window.undo_action.text().startswith("&Undo H-point height (row 1) ")
    assert not page.note.isVisibleTo(window) and window.parameters.tabText(tab) == "Occupant package"
    assert doc.analysis.by_id("us.package.estimated").status is Status.pass_

    doc.undo_stack.undo()
    settle(qtbot, window)
    assert doc.design == estimated and page.note.isVisibleTo(window)

    click(qtbot, window, "package_keep_estimate")  # taken as drawn, without an edit
    assert not doc.design.package.estimated and doc.undo_stack.count() == 1
    assert doc.design.package.rows == estimated.package.rows

    doc.undo_stack.undo()
    click(qtbot, window, "add_row")  # a structural edit clears it too
    assert not doc.design.package.estimated and doc.undo_stack.count() == 1


def test_an_edit_outside_the_package_keeps_it_estimated(qtbot, window, tmp_path):
    assert window.open_path(version_2_file(tmp_path))
    type_into(qtbot, window, "occupancy.payload_kg", "120")
    settle(qtbot, window)
    assert window.document.design.package.estimated


# --- findings lead to their seat -----------------------------------------------------------------------------------

def visible_in(page, widget) -> bool:
    top_left = widget.mapTo(page.viewport(), QPoint(0, 0))
    return page.viewport().rect().contains(QRect(top_left, widget.size()))


def test_selecting_a_dsp_finding_focuses_that_seats_width(qtbot, make_window):
    window = make_window("kei-van")
    window.activateWindow()
    page = window.parameters.package_page
    assert window.parameters.currentWidget() is not page
    window.compliance.select_rule("us.10.positions.2.2")
    path = "package.rows.1.seats.1.seating_width_mm"
    editor = window.parameters.editors[path]
    assert window.parameters.currentWidget() is page
    qtbot.waitUntil(lambda: editor.spin.hasFocus() or editor.isAncestorOf(QApplication.focusWidget()), timeout=2000)
    assert visible_in(page, window.parameters.rows[path])
    assert visible_in(page, page.row_boxes[1].seats[1])  # the whole seat, for context

    window.compliance.select_rule("us.10.positions.1.1")  # back up to the first seat
    qtbot.waitUntil(lambda: window.parameters.editors[WIDTH].spin.hasFocus(), timeout=2000)
    assert visible_in(page, window.parameters.rows[WIDTH])
    window.compliance.select_rule("kei.length")  # a vehicle field: back to its tab
    assert window.parameters.currentWidget() is window.parameters.vehicle_page


# --- the rule settings reach the DSP counts --------------------------------------------------------------------------

def test_rule_settings_show_the_occupant_settings_and_the_divisors_recount(qtbot, window, monkeypatch):
    from keidesigner.app.rule_settings import RuleSettingsDialog
    from keidesigner.rules.settings import OCCUPANT_LABEL, Occupant

    seen = {}

    def divide_by_400(dialog):
        occupant = dialog.editors["occupant"]
        seen["occupants"] = [occupant.itemText(i) for i in range(occupant.count())]
        seen["angle"] = dialog.editors["headroom_line_deg"].lineEdit().text()
        dialog.editors["dsp_narrow_divisor_mm"].lineEdit().setText("400")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RuleSettingsDialog, "exec", divide_by_400)
    window.edit_rule_settings()
    settle(qtbot, window)
    assert seen["occupants"] == [OCCUPANT_LABEL[o] for o in Occupant]
    assert seen["angle"] == "8°"
    assert window.document.settings.dsp_narrow_divisor_mm == 400
    assert dsp_label(window, "package.rows.0.seats.0").text() == "2 DSPs · outboard both sides"  # 1,150 / 400
    assert finding(window, "us.10.positions.1.1").status is Status.pass_
    assert not window.document.dirty  # a setting is not an edit of the design


# --- the occupants in the 3D view ------------------------------------------------------------------------------------

def with_fake_people(scene, aid: bool):
    """The window's scene with 'seats' and 'occupants' parts that are boxes standing well above the roof, so that
    they show from the side whatever the body does. aid: the occupants are a viewing aid, not a vehicle part (not
    exported or measured), as the geometry makes them; else a vehicle part, as it made them before."""
    import trimesh

    from keidesigner.geometry import Part, Scene

    class ViewingAid(Part):
        is_vehicle = False

    class VehiclePart(Part):
        is_vehicle = True

    def box(name, x, colour, kind=Part):
        mesh = trimesh.creation.box(extents=(500, 500, 600))
        mesh.apply_translation((x, 0, scene.bounds[1][2] + 500))
        return kind(name, np.asarray(mesh.vertices), np.asarray(mesh.faces), colour)

    others = [p for p in scene.parts if p.name not in ("seats", "occupants")]  # the real ones, where the scene has them
    return Scene([*others, box("seats", -2600, (0.2, 0.2, 0.2, 1)),
                  box("occupants", -1200, (0.9, 0.5, 0.1, 1), ViewingAid if aid else VehiclePart)])


def figure_share(pixels: np.ndarray) -> float:
    """The share of the frame in the figures' yellow-orange (the occupants' colour, and the fake people's)."""
    lit = pixels[..., :2].max(axis=-1)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return float(((red > 1.6 * blue) & (green > 1.3 * blue) & (lit > 80)).mean())


@pytest.mark.gl
@pytest.mark.parametrize("aid", [False, True], ids=["vehicle-part", "viewing-aid"])
def test_show_occupants_hides_and_shows_the_occupants_part(qtbot, gl, make_window, settings, aid):
    from test_viewer import frame_pixels, next_frame

    window = make_window()
    viewer = window.viewer
    assert not window.occupants_action.isChecked()  # off by default
    viewer.set_envelope_visible(False)
    viewer.set_view("side")
    next_frame(qtbot, viewer)
    scene = with_fake_people(window.analysis.scene, aid)
    assert scene["occupants"].is_vehicle is not aid
    viewer.show_scene(scene)
    assert "seats" in viewer.gl.shown_parts and "occupants" not in viewer.gl.shown_parts
    hidden = figure_share(frame_pixels(viewer))

    window.occupants_action.trigger()
    assert "occupants" in viewer.gl.shown_parts and "seats" in viewer.gl.shown_parts
    shown = figure_share(frame_pixels(viewer))
    assert shown > hidden + 0.003, (hidden, shown)
    assert settings.value("view/occupants", type=bool) is True

    window.occupants_action.trigger()
    assert "occupants" not in viewer.gl.shown_parts and "seats" in viewer.gl.shown_parts
    assert figure_share(frame_pixels(viewer)) == pytest.approx(hidden, abs=1e-4)

    window.occupants_action.trigger()
    again = make_window()  # the next start remembers it
    assert again.occupants_action.isChecked()
    again.viewer.show_scene(scene)
    assert "occupants" in again.viewer.gl.shown_parts


@pytest.mark.gl
@pytest.mark.parametrize("preset", ["kei-ev-hatch", "kei-truck"])
def test_the_occupants_show_through_the_body(qtbot, gl, make_window, preset):
    """The figures sit inside a closed shell: shown, the shell and its glass turn see-through (the people are seen,
    the body still is) and everything else stays as drawn; hidden, the body is opaque again."""
    from test_viewer import frame_pixels, next_frame

    from keidesigner.geometry.build import OCCUPANT

    assert OCCUPANT[0] > 1.6 * OCCUPANT[2] and OCCUPANT[1] > 1.3 * OCCUPANT[2]  # what figure_share looks for
    window = make_window(preset)
    viewer = window.viewer
    viewer.set_envelope_visible(False)
    viewer.set_view("side")
    next_frame(qtbot, viewer)

    closed = figure_share(frame_pixels(viewer))
    window.occupants_action.trigger()
    next_frame(qtbot, viewer)
    assert viewer.gl.see_through is not None and viewer.gl.see_through.visible()
    assert figure_share(frame_pixels(viewer)) > closed + 0.005  # two or three people: about one per cent or more
    window.occupants_action.trigger()
    next_frame(qtbot, viewer)
    assert not viewer.gl.see_through.visible()
    assert figure_share(frame_pixels(viewer)) == pytest.approx(closed, abs=1e-4)


# --- numbers in the user's locale ----------------------------------------------------------------------------------

@pytest.fixture
def german_window(make_window):
    QLocale.setDefault(QLocale("de_DE"))
    try:
        yield make_window()
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.C))


def test_numbers_follow_de_de_in_the_package_panel(qtbot, german_window):
    window = german_window
    spin = window.parameters.editors[WIDTH].spin
    assert spin.lineEdit().text() == "1.150 mm"
    assert window.parameters.editors["package.cabin_width_mm"].spin.lineEdit().text() == "1.310 mm"
    type_into(qtbot, window, WIDTH, "1.040")  # de_DE: one thousand and forty
    settle(qtbot, window)
    assert window.document.design.package.rows[0].seats[0].seating_width_mm == 1040
    assert spin.lineEdit().text() == "1.040 mm"
    assert window.undo_action.text() == "&Undo Seating surface width (row 1, seat 1) 1.150 → 1.040 mm"
    type_into(qtbot, window, "package.rows.0.back_angle_deg", "18,5")
    settle(qtbot, window)
    assert window.document.design.package.rows[0].back_angle_deg == 18.5
    assert window.parameters.editors["package.rows.0.back_angle_deg"].spin.lineEdit().text() == "18,5°"
    page = window.parameters.package_page
    assert "designated seating positions" in page.summary.text()


def test_the_vehicle_tab_points_to_the_seats(qtbot, window):
    from PySide6.QtWidgets import QLabel

    link = window.parameters.vehicle_page.findChild(QLabel, "package_link")
    assert link.isVisibleTo(window) and "Occupant package" in link.text()
    link.linkActivated.emit("package")
    assert window.parameters.currentWidget() is window.parameters.package_page


@pytest.mark.parametrize("preset", ["kei-truck", "kei-van"])
def test_the_parameter_tabs_fit_the_default_dock_without_scrolling_sideways(qtbot, german_window, make_window, preset):
    """At the default 1,500 × 920 window the parameters dock is 400 px wide: every seat's fields fit it, in de_DE
    (longer numbers) and in US units, with the longest DSP line ('3 DSPs (2 declared) · outboard both sides')."""
    from keidesigner.design import UnitSystem

    window = make_window(preset)
    qtbot.wait(50)  # the default layout is set once the window is laid out
    assert window.size().width() == 1500 and window.parameters_dock.width() <= 410
    for page in (window.parameters.package_page, window.parameters.vehicle_page):
        window.parameters.setCurrentWidget(page)
        for system in (UnitSystem.metric, UnitSystem.us):
            window.set_units(system)
            settle(qtbot, window)
            qtbot.wait(10)
            assert page.widget().minimumSizeHint().width() <= page.viewport().width(), (page, system)
            assert page.horizontalScrollBar().maximum() == 0, (page, system)


@pytest.mark.gl
def test_the_real_occupants_follow_the_toggle_through_edits(qtbot, gl, make_window):
    window = make_window("kei-van")
    viewer = window.viewer
    assert {"seats", "occupants"} <= set(window.analysis.scene.names)
    assert "seats" in viewer.gl.shown_parts and "occupants" not in viewer.gl.shown_parts
    window.occupants_action.trigger()
    assert "occupants" in viewer.gl.shown_parts
    type_into(qtbot, window, "package.rows.1.seats.0.seating_width_mm", "450")  # a new scene: still shown
    settle(qtbot, window)
    assert window.document.design.package.rows[1].seats[0].seating_width_mm == 450
    assert "occupants" in viewer.gl.shown_parts and "seats" in viewer.gl.shown_parts
    window.occupants_action.trigger()
    assert "occupants" not in viewer.gl.shown_parts and "seats" in viewer.gl.shown_parts
