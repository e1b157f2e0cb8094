"""The compliance plan tab: the matrix as a table, filtered by status, the plan edited in place one undo step at a
time, the Part 555 fields and assessment, and the tab following the design."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from window_actions import settle

from keidesigner.app.plan_panel import REFERENCE, SHOWN_BY, STATUS, planned
from keidesigner.design.plan import PlanEntry, PlanStatus, ShownBy
from keidesigner.rules.catalogue import STANDARDS
from keidesigner.rules.matrix import NOT_APPLICABLE, compliance_matrix


def show_plan(qtbot, window):
    window.plan_dock.raise_()
    qtbot.waitUntil(lambda: window.plan.in_view)
    settle(qtbot, window)
    return window.plan


def row_of(panel, label: str) -> int:
    """The table's (filtered) row of a standard."""
    proxy = panel.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data() == label:
            return row
    raise KeyError(label)


def cell(panel, label: str, column: int):
    return panel.proxy.index(row_of(panel, label), column)


def edit(qtbot, window, label: str, column: int, value) -> bool:
    done = window.plan.proxy.setData(cell(window.plan, label, column), value, Qt.ItemDataRole.EditRole)
    settle(qtbot, window)
    return done


def test_the_table_lists_every_catalogue_standard_once_with_the_matrix_status(qtbot, window):
    panel = show_plan(qtbot, window)
    matrix = compliance_matrix(window.analysis.evaluation)
    labels = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert labels == [s.label for s in STANDARDS]
    assert len(set(labels)) == len(STANDARDS)
    for r, row in enumerate(matrix.rows):
        shown = panel.proxy.index(r, STATUS).data()
        assert shown == ("n/a" if row.status == NOT_APPLICABLE else row.status)
    assert panel.summary.text() == matrix.summary
    assert cell(panel, "FMVSS 106", SHOWN_BY).data() == "certificate"
    assert "supplier" in cell(panel, "FMVSS 106", REFERENCE).data()
    assert cell(panel, "FMVSS 108", STATUS + 1).data() == "FAIL"  # the screened result beside it


def test_filtering_shows_only_the_chosen_status(qtbot, window):
    panel = show_plan(qtbot, window)
    matrix = panel.matrix
    for status in ("screened", "declared", "exempt", "open", NOT_APPLICABLE):
        panel.set_filter(status)
        statuses = {panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 12) for r in range(panel.proxy.rowCount())}
        assert panel.proxy.rowCount() == matrix.count(status)
        assert statuses == {status}
    assert panel.filter.currentText() == f"Not applicable ({matrix.count(NOT_APPLICABLE)})"
    panel.filter.setCurrentIndex(0)
    assert panel.proxy.rowCount() == len(STANDARDS)


def test_declaring_a_standard_in_the_table_is_one_undo_step(qtbot, window):
    panel = show_plan(qtbot, window)
    before = window.document.design
    steps = window.document.undo_stack.count()
    table = panel.table
    index = cell(panel, "FMVSS 101", STATUS)
    table.setCurrentIndex(index)
    table.edit(index)
    combo = table.viewport().findChild(QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "declared · test", "declared · certificate", "declared · analysis", "exempt", "open"]
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    settle(qtbot, window)
    assert window.document.design.plan.entry("101") == PlanEntry(standard="101", status="declared",
                                                                 shown_by="test", reference="")
    assert window.document.undo_stack.count() == steps + 1
    assert window.undo_action.text() == "&Undo Plan FMVSS 101: declared (test)"
    assert cell(panel, "FMVSS 101", STATUS).data() == "declared"
    assert "6 declared" in panel.summary.text()
    window.undo_action.trigger()
    settle(qtbot, window)
    assert window.document.design == before
    assert cell(panel, "FMVSS 101", STATUS).data() == "open"


def test_a_reference_is_a_plan_entry_and_clearing_it_drops_the_entry(qtbot, window):
    panel = show_plan(qtbot, window)
    table = panel.table
    index = cell(panel, "FMVSS 101", REFERENCE)
    table.setCurrentIndex(index)
    table.edit(index)
    line = table.viewport().findChild(QLineEdit)
    assert line.maxLength() == 500
    line.setText("controls drawing D-101")
    table.commitData(line)
    settle(qtbot, window)
    assert window.document.design.plan.entry("101").reference == "controls drawing D-101"
    assert cell(panel, "FMVSS 101", STATUS).data() == "open"
    assert edit(qtbot, window, "FMVSS 101", REFERENCE, "")
    assert window.document.design.plan.entry("101") is None  # an open entry with nothing in it says nothing


def test_a_screened_standard_can_be_planned_exempt_and_set_back(qtbot, window):
    panel = show_plan(qtbot, window)
    before = window.document.design
    assert edit(qtbot, window, "FMVSS 108", STATUS, ("exempt", ShownBy.none))
    assert window.document.design.plan.entry("108").status is PlanStatus.exempt
    assert cell(panel, "FMVSS 108", STATUS).data() == "exempt"
    assert cell(panel, "FMVSS 108", STATUS + 1).data() == "FAIL"
    assert edit(qtbot, window, "FMVSS 108", STATUS, ("screened", ShownBy.none))
    assert window.document.design == before
    assert cell(panel, "FMVSS 108", STATUS).data() == "screened"


def test_an_invalid_edit_is_refused_with_one_message_and_the_design_stays(qtbot, window):
    panel = show_plan(qtbot, window)
    before = window.document.design
    steps = window.document.undo_stack.count()
    assert not edit(qtbot, window, "FMVSS 106", SHOWN_BY, ShownBy.none)  # declared, but shown by nothing
    assert window.document.design == before
    assert window.document.undo_stack.count() == steps
    assert panel.error.isVisible()
    assert panel.error.text() == ("Not changed: FMVSS 106: a declared standard says how it will be shown: test, "
                                  "certificate or analysis")
    assert cell(panel, "FMVSS 106", SHOWN_BY).data() == "certificate"
    assert edit(qtbot, window, "FMVSS 106", SHOWN_BY, ShownBy.test)  # the next edit that holds clears the message
    assert not panel.error.isVisible()
    assert window.undo_action.text() == "&Undo Plan FMVSS 106: declared (test)"


def test_the_exemption_basis_and_sales_update_the_assessment(qtbot, window):
    panel = show_plan(qtbot, window)
    assert "the plan does not state the maker's production" in panel.checks.text()
    combo = panel.basis
    index = combo.findText("New safety feature")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    settle(qtbot, window)
    assert window.document.design.plan.exemption_basis.value == "new_safety_feature"
    assert window.undo_action.text() == "&Undo Exemption basis economic hardship → new safety feature"
    assert "2,000 vehicles a year planned: within the 2,500" in panel.checks.text()
    panel.sales.spin.setValue(3000)
    settle(qtbot, window)
    assert window.document.design.plan.us_sales_per_year == 3000
    assert "3,000 vehicles a year planned: over the 2,500" in panel.checks.text()
    assert "not met:" in panel.checks.text()
    panel.sales.stated.setChecked(False)
    settle(qtbot, window)
    assert window.document.design.plan.us_sales_per_year is None
    # the same field again within a second: the steps merge into one
    assert window.undo_action.text() == "&Undo Planned US sales a year 2,000 → not stated"
    assert "the plan does not state the planned sales" in panel.checks.text()
    assert panel.sales.not_stated.isVisible() and not panel.sales.spin.isVisible()
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    settle(qtbot, window)
    assert "No exemption basis chosen" in panel.checks.text()


def test_the_view_follows_the_pathway_chosen_in_the_findings_panel(qtbot, window):
    panel = show_plan(qtbot, window)
    assert cell(panel, "Part 581", STATUS).data() == "n/a"
    assert cell(panel, "FMVSS 404", STATUS).data() == "open"
    pathway = window.compliance.pathway
    index = pathway.findData("passenger_car")
    pathway.setCurrentIndex(index)
    pathway.activated.emit(index)
    settle(qtbot, window)
    assert cell(panel, "Part 581", STATUS).data() == "screened"  # the bumper rule screens a car
    assert cell(panel, "FMVSS 404", STATUS).data() == "n/a"
    assert cell(panel, "FMVSS 404", 7).data() == "no"
    assert "does not apply to passenger cars" in cell(panel, "FMVSS 404", 7).data(Qt.ItemDataRole.ToolTipRole)


def test_a_hidden_plan_tab_waits_and_shows_the_latest_design_when_raised(qtbot, window):
    panel = window.plan
    qtbot.waitUntil(lambda: not panel.in_view)  # the findings are in front
    window.document.set_value("us_class", "passenger_car", merge=False)
    settle(qtbot, window)
    assert panel.evaluation is None or panel.evaluation.us_class.value == "truck"  # nothing built while hidden
    show_plan(qtbot, window)
    assert panel.evaluation.design is window.document.design
    assert cell(panel, "Part 581", STATUS).data() == "screened"


def test_planned_keeps_the_order_and_drops_entries_that_say_nothing():
    entries = (PlanEntry(standard="106", status="declared", shown_by="certificate", reference="cert"),
               PlanEntry(standard="135", status="open", shown_by="none", reference="to write"))
    assert [e["standard"] for e in planned(entries, "106", status="exempt", shown_by=ShownBy.none)] == ["106", "135"]
    assert planned(entries, "135", reference="") == [entries[0].model_dump(mode="json")]
    assert planned(entries, "101", status="declared", shown_by=ShownBy.test)[-1] == {
        "standard": "101", "status": "declared", "shown_by": "test", "reference": ""}
    assert planned(entries, "106", status="screened", shown_by=ShownBy.none)[0]["status"] == "open"  # note kept


def test_the_us_banner_says_its_verdict_covers_the_screened_standards(make_window):
    window = make_window("kei-ev-hatch")
    assert window.compliance.us_banner.text().startswith("US passenger car (screened): Pass")
