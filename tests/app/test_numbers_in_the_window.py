"""Numbers as people type and read them in the real window: locales, display rounding, units that never edit.

Each case of the field report is here with its right value: '36.5' typed under de_DE was stored as 365 kW, '36,5'
under en_US likewise; Up then Down at 1,480 mm in inches stored 1,480.058 mm and failed the kei width as
'58.27 in ≤ 58.27 in'; German readers read '3,395 mm' as 3.395 mm.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
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
    assert f"12{decimal}0 kN" in detail and f"25{decimal}1 kN" in detail


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
    from keidesigner.rules import RuleSettings
    from keidesigner.rules.settings import PairedReading

    lsv = with_value(window.document.design, "us_class", "lsv")
    window.document.replace(with_value(lsv, "powertrain.top_speed_kmh", 25 * 1.609344), "LSV at 25 mph")
    settle(qtbot, window)
    assert window.document.analysis.by_id("us.500.speed").status is Status.pass_
    monkeypatch.setattr(RuleSettingsDialog, "exec", lambda self: RuleSettingsDialog.DialogCode.Accepted)
    monkeypatch.setattr(RuleSettingsDialog, "rules", lambda self: RuleSettings(paired_units=PairedReading.metric))
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
