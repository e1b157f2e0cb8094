"""Numbers as people type and read them in the real window: locales, display rounding, units that never edit.

Each case of the field report is here with its right value: '36.5' typed under de_DE was stored as 365 kW, '36,5'
under en_US likewise; Up then Down at 1,480 mm in inches stored 1,480.058 mm and failed the kei width as
'58.27 in ≤ 58.27 in'; German readers read '3,395 mm' as 3.395 mm.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from window_actions import settle, type_into

from keidesigner.design import UnitSystem, with_value
from keidesigner.rules import Status

LOCALES = ("de_DE", "en_US", "ja_JP")


@pytest.fixture
def locale_window(request, make_window):
    """The main window made under a locale (QLocale's default, as the user's system would set it)."""
    name = request.param
    QLocale.setDefault(QLocale(name))
    try:
        yield name, make_window()
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.C))


def press(qtbot, window, path: str, key: Qt.Key) -> None:
    spin = window.parameters.editors[path].spin
    spin.setFocus()
    qtbot.keyClick(spin, key)


# --- typing under a locale --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("locale_window", LOCALES, indirect=True)
@pytest.mark.parametrize("typed", ["36.5", "36,5"])
def test_a_decimal_point_or_comma_is_a_decimal_separator_in_every_locale(qtbot, locale_window, typed):
    _, window = locale_window
    type_into(qtbot, window, "powertrain.engine_power_kw", typed)
    settle(qtbot, window)
    assert window.document.design.powertrain.engine_power_kw == 36.5  # never 365


@pytest.mark.parametrize("locale_window", LOCALES, indirect=True)
@pytest.mark.parametrize("typed", ["1,48,0", "1.4.80,5,2", "3.40.0"])
def test_a_misplaced_group_separator_is_refused_at_the_field(qtbot, locale_window, typed):
    _, window = locale_window
    before = window.document.design
    type_into(qtbot, window, "dimensions.length_mm", typed)
    settle(qtbot, window)
    assert window.document.design == before and not window.document.dirty
    error = window.parameters.errors["dimensions.length_mm"]
    assert error.isVisible() and "group separator in the wrong place" in error.text()
    assert window.parameters.editors["dimensions.length_mm"].spin.lineEdit().text().startswith(
        "3,395" if locale_window[0] != "de_DE" else "3.395")


@pytest.mark.parametrize("locale_window", ["de_DE"], indirect=True)
def test_the_locales_grouping_is_read_where_it_groups(qtbot, locale_window):
    _, window = locale_window
    type_into(qtbot, window, "dimensions.length_mm", "3.350")  # de_DE: three thousand three hundred and fifty
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == 3350
    type_into(qtbot, window, "dimensions.length_mm", "3.360,5")
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == 3360.5  # a metric length takes 0.1 mm


@pytest.mark.parametrize("locale_window", LOCALES, indirect=True)
def test_every_number_shown_follows_the_locale(qtbot, locale_window):
    name, window = locale_window
    group, decimal = {"de_DE": (".", ","), "en_US": (",", "."), "ja_JP": (",", ".")}[name]
    type_into(qtbot, window, "dimensions.wheelbase_mm", f"1{group}950")
    settle(qtbot, window)
    assert window.document.design.dimensions.wheelbase_mm == 1950
    length = f"3{group}395 mm"
    assert window.parameters.editors["dimensions.length_mm"].spin.lineEdit().text() == length
    assert window.parameters.derived_labels["rear_overhang_mm"].text() == "755 mm"
    assert window.parameters.derived_labels["ssf"].text().startswith(f"0{decimal}9")
    kei = window.compliance.groups["kei"]
    rows = {kei.child(i).data(0, Qt.ItemDataRole.UserRole): kei.child(i) for i in range(kei.childCount())}
    assert rows["kei.length"].text(2) == length and rows["kei.length"].text(3) == f"≤ 3{group}400 mm"
    assert rows["kei.power"].text(2) == f"36{decimal}80 kW"
    assert f"3{group}395 × 1{group}475 × 1{group}765 mm" in window.verdict_label.text()
    assert window.undo_action.text() == f"&Undo Wheelbase 1{group}905 → 1{group}950 mm"
    window.compliance.select_rule("us.216a.roof_crush")
    detail = window.compliance.detail.text()
    # the requirement, 25.0075 kN, shown rounded the way that passes
    assert f"12{decimal}00 kN" in detail and f"25{decimal}01 kN" in detail


# --- display rounding never changes a stored value --------------------------------------------------------------------

@pytest.fixture
def at_the_kei_width(window, qtbot):
    window.document.set_value("dimensions.width_mm", 1480.0)
    window.document.undo_stack.setClean()
    settle(qtbot, window)
    return window


def test_switching_units_is_not_an_edit(qtbot, at_the_kei_width):
    window = at_the_kei_width
    design = window.document.design
    for system in (UnitSystem.us, UnitSystem.metric, UnitSystem.us):
        window.set_units(system)
        settle(qtbot, window)
    assert window.document.design == design
    assert not window.document.dirty and not window.isWindowModified()
    assert window.document.undo_stack.count() == 1  # only the width edit of the fixture


def test_up_then_down_in_inches_returns_exactly_the_stored_width(qtbot, at_the_kei_width):
    window = at_the_kei_width
    window.set_units(UnitSystem.us)
    press(qtbot, window, "dimensions.width_mm", Qt.Key.Key_Up)
    settle(qtbot, window)
    assert window.document.design.dimensions.width_mm > 1480
    press(qtbot, window, "dimensions.width_mm", Qt.Key.Key_Down)
    settle(qtbot, window)
    assert window.document.design.dimensions.width_mm == 1480.0  # exactly, not 1,480.058
    assert window.document.analysis.by_id("kei.width").status is Status.pass_
    # and a run of steps that ends where it started is no edit: no '*', no undo step
    assert not window.document.dirty and window.document.undo_stack.count() == 1


def test_retyping_the_displayed_value_changes_nothing(qtbot, at_the_kei_width):
    window = at_the_kei_width
    window.set_units(UnitSystem.us)
    spin = window.parameters.editors["dimensions.width_mm"].spin
    shown = spin.lineEdit().text()
    assert shown == "58.27 in"
    for text in (shown, "58.27", "58,27"):
        type_into(qtbot, window, "dimensions.width_mm", text)
        settle(qtbot, window)
        assert window.document.design.dimensions.width_mm == 1480.0, text
    assert not window.document.dirty


def test_digits_beyond_the_display_are_kept(qtbot, window):
    window.set_units(UnitSystem.us)
    type_into(qtbot, window, "dimensions.length_mm", "131.2345")
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == pytest.approx(131.2345 * 25.4, abs=1e-6)


def test_full_width_digits_from_an_input_method_are_typed_and_read(qtbot, window):
    line = window.parameters.editors["dimensions.length_mm"].spin.lineEdit()
    line.selectAll()
    commit = QInputMethodEvent()  # what an input method sends when the user accepts its composed text
    commit.setCommitString("３，３５０．５")
    QApplication.sendEvent(line, commit)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == 3350.5


def test_a_failure_never_reads_as_equal_to_its_limit(qtbot, window):
    window.set_units(UnitSystem.us)
    window.document.set_value("dimensions.width_mm", 1480.058)
    settle(qtbot, window)
    kei = window.compliance.groups["kei"]
    row = next(kei.child(i) for i in range(kei.childCount())
               if kei.child(i).data(0, Qt.ItemDataRole.UserRole) == "kei.width")
    assert row.text(0) == "FAIL"
    measured, limit, margin = row.text(2), row.text(3), row.text(4)
    assert limit.removeprefix("≤ ") != measured, (measured, limit)
    assert margin.startswith("-") and margin.strip("-0.in ") != "", margin


# --- selection follows the finding ------------------------------------------------------------------------------------

def test_fixing_a_selected_finding_keeps_that_finding_selected(qtbot, window):
    window.compliance.select_rule("us.138.tpms")
    assert "TPMS" in window.compliance.detail.text() or "Tyre pressure" in window.compliance.detail.text()
    window.parameters.editors["safety.tpms"].box.setChecked(True)
    settle(qtbot, window)
    selected = window.compliance.tree.selectedItems()
    assert [item.data(0, Qt.ItemDataRole.UserRole) for item in selected] == ["us.138.tpms"]
    assert "Tyre pressure monitoring" in window.compliance.detail.text()
    assert window.document.analysis.by_id("us.138.tpms").status is Status.pass_


# --- the default layout shows the evidence ----------------------------------------------------------------------------

def test_the_default_layout_shows_every_column_and_gives_the_3d_view_room(qtbot, window):
    window.resize(1500, 920)
    window.default_layout()
    qtbot.wait(50)
    tree = window.compliance.tree
    header = tree.header()
    visible = tree.viewport().width()
    for column in range(tree.columnCount()):
        assert not header.isSectionHidden(column)
        assert header.sectionViewportPosition(column) + min(header.sectionSize(column), 60) <= visible, column
    assert header.sectionSize(6) >= 150  # the citation has room; its full text is in the tooltip
    view = window.centralWidget()
    assert view.width() >= 1000 and view.height() >= 420, (view.width(), view.height())


def test_rule_settings_are_seen_and_changed_in_the_window(qtbot, window, monkeypatch):
    from keidesigner.app.rule_settings import RuleSettingsDialog
    from keidesigner.rules.settings import PairedReading

    lsv = with_value(window.document.design, "us_class", "lsv")
    window.document.replace(with_value(lsv, "powertrain.top_speed_kmh", 25 * 1.609344), "LSV at 25 mph")
    settle(qtbot, window)
    assert window.document.analysis.by_id("us.500.speed").status is Status.pass_
    def choose_metric(dialog):
        combo = dialog.editors["paired_units"]
        combo.setCurrentIndex(combo.findData(PairedReading.metric.value))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RuleSettingsDialog, "exec", choose_metric)
    window.edit_rule_settings()
    settle(qtbot, window)
    assert window.document.analysis.by_id("us.500.speed").status is Status.fail  # 40.23 > 40 km/h
    assert window.settings.value("rules/paired_units") == "metric"
    assert not window.document.dirty or window.document.undo_stack.count() == 1


def test_a_failing_group_is_listed_first(qtbot, window):
    tree = window.compliance.tree
    first = tree.topLevelItem(0).text(0)
    assert first.startswith("US truck") and first.endswith("FAIL")  # the truck fails US rules, passes kei
    window.document.set_value("dimensions.length_mm", 3500.0)
    settle(qtbot, window)
    assert tree.topLevelItem(0).text(0).startswith("Kei")  # both fail: kei first
    assert all(tree.topLevelItem(i).isExpanded() for i in range(tree.topLevelItemCount()))


@pytest.mark.parametrize("typed, message", [
    ("4", "at least"), ("100,5", "at most"), ("1,2,3", "group separator in the wrong place"), ("abc", None),
])
def test_rule_settings_refuse_a_bad_value_and_say_so(qtbot, window, typed, message):
    from keidesigner.app.rule_settings import RuleSettingsDialog

    dialog = RuleSettingsDialog(window.document.settings, window.document.formatter, window)
    spin = dialog.editors["frontal_decel_limit_g"]
    spin.lineEdit().setText(typed if message else "")
    dialog.accept()
    assert dialog.result() != RuleSettingsDialog.DialogCode.Accepted and dialog.accepted_rules is None
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text().startswith("Frontal crash deceleration limit: ")
    if message:
        assert message in dialog.error.text()
    dialog.deleteLater()


# --- what a field does with the wheel, the keys and the slider -----------------------------------------------------

def wheel(qtbot, widget, steps: int = 1) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_panel_and_never_edits_a_field_it_passes(qtbot, window):
    window.parameters.setFocus()
    editor = window.parameters.editors["dimensions.length_mm"]
    for widget in (editor.spin, editor.slider):
        assert not widget.hasFocus()
        wheel(qtbot, widget, 2)
        settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == 3395 and not window.document.dirty
    window.activateWindow()
    editor.spin.setFocus()
    qtbot.waitUntil(editor.spin.hasFocus)
    wheel(qtbot, editor.spin, 1)  # a focused field takes the wheel: one step
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == 3400


@pytest.mark.parametrize("path, key", [("mass.cg_height_mm", "cg_height_mm"), ("mass.rated_gvwr_kg", "min_gvwr_kg"),
                                       ("mass.curb_front_axle_pct", "curb_front_axle_pct")])
def test_stepping_an_auto_field_starts_from_its_estimate(qtbot, window, path, key):
    estimate = getattr(window.document.analysis.derived, key)
    press(qtbot, window, path, Qt.Key.Key_Up)
    settle(qtbot, window)
    from keidesigner.design import get_value

    value = get_value(window.document.design, path)
    assert value is not None and abs(value - estimate) <= 0.1, (value, estimate)  # not the field's minimum
    assert value >= estimate - 1e-9  # rounded up to the field's decimals, the way of the step


def test_typed_text_is_taken_before_a_step_and_esc_takes_it_back(qtbot, window):
    spin = window.parameters.editors["dimensions.length_mm"].spin
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "3000")
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == 3005  # 3,000 typed, then one 5 mm step up
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "3333")
    qtbot.keyClick(spin, Qt.Key.Key_Escape)
    assert spin.lineEdit().text() == "3,005 mm"
    spin.clearFocus()
    settle(qtbot, window)
    assert window.document.design.dimensions.length_mm == 3005


def test_a_slider_notch_moves_the_way_it_is_moved_and_stores_clean_values(qtbot, window):
    window.set_units(UnitSystem.us)
    editor = window.parameters.editors["powertrain.top_speed_kmh"]
    start = window.document.design.powertrain.top_speed_kmh
    editor.slider.setValue(editor.slider.value() + 1)
    settle(qtbot, window)
    after = window.document.design.powertrain.top_speed_kmh
    assert after > start
    assert after == round(after, 9)  # no float noise stored
    editor = window.parameters.editors["structure.roof_strength_kn"]
    editor.slider.setValue(editor.slider.value() + 1)
    settle(qtbot, window)
    roof = window.document.design.structure.roof_strength_kn
    assert roof > 12.0 and roof == round(roof, 9)


def test_switching_the_powertrain_and_back_keeps_its_values(qtbot, window):
    gas = window.document.design.powertrain
    combo = window.parameters.kind_combo
    for kind in ("electric", "gas"):
        combo.setCurrentIndex(combo.findData(kind))
        combo.activated.emit(combo.currentIndex())
        settle(qtbot, window)
    assert window.document.design.powertrain == gas  # 36.8 kW and 34 L, not the defaults


def test_save_as_asks_before_a_suffix_lands_on_an_existing_file(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from keidesigner.files import load_design, load_preset, save_design

    existing = tmp_path / "exists.kei"
    save_design(load_preset("kei-van"), existing)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "exists"), ""))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    assert not window.save_as()
    assert asked and "exists.kei" in asked[0]
    assert load_design(existing) == load_preset("kei-van")  # untouched
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "UPPER.KEI"), ""))
    assert window.save_as() and (tmp_path / "UPPER.KEI").exists() and not (tmp_path / "UPPER.KEI.kei").exists()
