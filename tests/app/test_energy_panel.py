"""The Energy panel: the EPA-cycle figures of the design in view, worked out off the GUI thread, stale results dropped,
greyed while an edit is estimated, the model's refusal in one line, and what an edit did to the figures."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QLocale
from window_actions import fresh_window_script, settle, type_into

from keidesigner.app import energy_worker
from keidesigner.app.energy_panel import COMPUTING, NO_FIGURE
from keidesigner.design import UnitSystem
from keidesigner.energy import EnergyModelError, estimate, inputs_for
from keidesigner.energy.summary import assumption_rows, result_rows
from keidesigner.geometry.frontal_area import frontal_area_m2
from keidesigner.report.numbers import qt_formatter

FIRST_ESTIMATE_MS = 30_000  # the first one imports FASTSim (0.3-1 s here; more on a loaded CI machine)


def wait_for_figures(qtbot, window, timeout: int = FIRST_ESTIMATE_MS) -> None:
    """Until the panel shows the outcome of the design in view and nothing more is being worked out."""
    def shown() -> bool:
        outcome = window.energy.outcome
        return (outcome is not None and outcome.design is window.document.design and not window.energy.stale
                and not window.energy_worker.busy)

    qtbot.waitUntil(shown, timeout=timeout)


def edit(qtbot, window, path: str, text: str) -> None:
    type_into(qtbot, window, path, text)
    settle(qtbot, window)


def test_the_panel_shows_the_presets_figures_once_the_worker_has_them(qtbot, make_window):
    window = make_window("kei-ev-hatch")
    wait_for_figures(qtbot, window)
    design = window.document.design
    expected = estimate(inputs_for(design, frontal_area_m2(window.scene)))
    fmt = window.document.formatter
    rows = result_rows(expected, fmt)
    panel = window.energy
    assert panel.combined_text == rows[0].value and rows[0].value.endswith(" MPGe")
    assert rows[0].note in panel.combined_note.text()  # the band (and the metric consumption)
    assert panel.figures.texts() == [(r.title, r.value, r.note) for r in rows[1:]]
    assert [r[0] for r in panel.figures.texts()][:3] == ["City / highway (label)", "Consumption (label)",
                                                         "Range (label)"]
    assert panel.assumptions.texts() == [(r.title, r.value, r.note) for r in assumption_rows(expected, fmt)]
    assert COMPUTING not in panel.status.text() and panel.figures_box.isEnabled()
    assert panel.error.isHidden()
    # the window keeps the estimate with the analysis: the report and an export do not compute it again
    assert window.analysis.__dict__["energy"].label_combined == pytest.approx(expected.label_combined)


def test_the_figures_follow_the_units_and_the_locale(qtbot, make_window):
    window = make_window("kei-truck")
    wait_for_figures(qtbot, window)
    window.set_units(UnitSystem.us)
    assert "mi" in dict((t, v) for t, v, _ in window.energy.figures.texts())["Range (label)"]
    assert window.energy.assumptions.texts()[0][1].endswith(" lb")  # the test mass
    german = qt_formatter(UnitSystem.metric, QLocale("de_DE"))
    window.set_formatter(german)
    e = window.analysis.energy
    assert window.energy.combined_text == f"{german.number(e.label_combined, 1)} mpg"
    assert "," in window.energy.combined_text  # 32,1 mpg


def test_the_figures_of_the_design_before_stay_greyed_while_an_edit_is_estimated(qtbot, make_window, monkeypatch):
    window = make_window("kei-truck")
    wait_for_figures(qtbot, window)
    before = window.energy.combined_text
    gate = threading.Event()
    compute = energy_worker.compute

    def held(analysis):
        gate.wait(10)
        return compute(analysis)

    monkeypatch.setattr(energy_worker, "compute", held)
    edit(qtbot, window, "mass.curb_mass_kg", "950")
    panel = window.energy
    # at once, and all the while the worker is at it: the old figures, greyed, under 'computing…'
    for _ in range(2):
        assert panel.stale and panel.status.text() == COMPUTING
        assert panel.combined_text == before != NO_FIGURE  # never blank
        assert not any(w.isEnabled() for w in panel.figure_widgets)
        qtbot.wait(300)  # past the settle time: the worker is held
    assert window.energy_worker.running
    gate.set()
    wait_for_figures(qtbot, window)
    assert panel.status.text() != COMPUTING and all(w.isEnabled() for w in panel.figure_widgets)
    assert panel.combined_text != before  # 100 kg more costs economy


def test_only_the_last_of_two_quick_edits_is_shown(qtbot, make_window, monkeypatch):
    """An edit whose estimate is still running when the next one comes: its result is dropped, and the panel only
    ever shows the figures of the last design."""
    window = make_window("kei-truck")
    wait_for_figures(qtbot, window)
    gate = threading.Event()
    computed = []
    compute = energy_worker.compute

    def held(analysis):
        computed.append(analysis.design.mass.curb_mass_kg)
        if len(computed) == 1:
            gate.wait(10)
        return compute(analysis)

    monkeypatch.setattr(energy_worker, "compute", held)
    shown = []
    show = window.energy.show_outcome
    monkeypatch.setattr(window.energy, "show_outcome",
                        lambda outcome, *args: (shown.append(outcome.design.mass.curb_mass_kg), show(outcome, *args)))
    dropped = window.energy_worker.dropped
    edit(qtbot, window, "mass.curb_mass_kg", "900")
    qtbot.waitUntil(lambda: computed == [900.0], timeout=3000)  # running, held
    edit(qtbot, window, "mass.curb_mass_kg", "1000")
    gate.set()
    wait_for_figures(qtbot, window)
    assert computed == [900.0, 1000.0]
    assert shown == [1000.0]  # never the first edit's figures
    assert window.energy_worker.dropped == dropped + 1
    assert window.energy.outcome.design.mass.curb_mass_kg == 1000.0
    expected = estimate(inputs_for(window.document.design, frontal_area_m2(window.scene)))
    assert window.energy.combined_text == result_rows(expected, window.document.formatter)[0].value


def test_a_design_the_model_cannot_drive_shows_why_in_one_line_and_no_figures(qtbot, make_window):
    window = make_window("kei-ev-hatch")
    wait_for_figures(qtbot, window)
    # 2 kW cannot pull 1,200 kg through the city cycle: FASTSim falls too far behind the trace
    design = window.document.design
    with pytest.raises(EnergyModelError) as refused:
        estimate(inputs_for(design.model_copy(update={"powertrain": design.powertrain.model_copy(
            update={"motor_power_kw": 2.0})}), frontal_area_m2(window.scene)))
    edit(qtbot, window, "powertrain.motor_power_kw", "2")
    wait_for_figures(qtbot, window)
    panel = window.energy
    assert not panel.error.isHidden()
    assert panel.error.text() == f"No estimate: {refused.value}" and "\n" not in panel.error.text()
    assert panel.combined_text == NO_FIGURE
    assert {value for _, value, _ in panel.figures.texts()} == {NO_FIGURE}
    assert {value for _, value, _ in panel.assumptions.texts()} == {NO_FIGURE}
    assert not panel.figures_box.isEnabled() and not panel.assumptions_box.isEnabled()
    assert panel.change_text == ""
    # a drivable power again: the figures come back and the message goes
    edit(qtbot, window, "powertrain.motor_power_kw", "47")
    wait_for_figures(qtbot, window)
    assert panel.error.isHidden() and panel.combined_text.endswith(" MPGe") and panel.figures_box.isEnabled()


def test_an_unexpected_failure_is_one_line_in_the_panel_not_a_dialog(qtbot, make_window, monkeypatch, capsys):
    window = make_window("kei-truck")
    wait_for_figures(qtbot, window)

    def broken(analysis):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(energy_worker, "compute", broken)
    edit(qtbot, window, "mass.curb_mass_kg", "880")
    qtbot.waitUntil(lambda: not window.energy.error.isHidden() and not window.energy_worker.busy, timeout=5000)
    assert window.energy.error.text() == ("No estimate: the energy model failed (ZeroDivisionError: float division "
                                          "by zero)")
    assert window.energy.combined_text == NO_FIGURE
    assert "ZeroDivisionError" in capsys.readouterr().err  # the traceback, for a bug report


def delta(text: str, unit: str) -> float:
    """The signed number before `unit` in a trade-off text ('+45 kg curb mass → -0.8 mpg …' → -0.8 for 'mpg')."""
    match = re.search(r"([+-][\d.,]+) " + re.escape(unit), text)
    assert match, text
    return float(match.group(1).replace(",", ""))


def test_a_mass_edit_says_what_it_costs_in_the_panel_and_the_findings_it_touched(qtbot, make_window):
    window = make_window("kei-ev-hatch")
    wait_for_figures(qtbot, window)
    before = window.analysis.energy
    mass = window.document.design.mass.curb_mass_kg
    edit(qtbot, window, "mass.curb_mass_kg", f"{mass + 45:g}")
    wait_for_figures(qtbot, window)
    after = window.analysis.energy
    text = window.energy.change_text
    assert text.startswith("Change: +45 kg curb mass → "), text
    assert delta(text, "MPGe") < 0 and delta(text, "km range") < 0
    assert delta(text, "MPGe") == pytest.approx(round(after.label_combined - before.label_combined), abs=1e-9)
    assert "(label)" in text and "Cd" not in text  # only what changed is named

    # the findings' detail: under a finding the heavier car changed (the roof-crush load follows the mass) ...
    window.compliance.select_rule("us.216a.roof_crush")
    assert "Energy: +45 kg curb mass → " in window.compliance.detail_text
    # ... and not under one it left alone
    window.compliance.select_rule("kei.length")
    assert "Energy:" not in window.compliance.detail_text

    # in US units: pounds and miles
    window.set_units(UnitSystem.us)
    assert window.energy.change_text.startswith("Change: +99 lb curb mass → ")
    assert delta(window.energy.change_text, "mi range") < 0
    window.compliance.select_rule("us.216a.roof_crush")
    assert "Energy: +99 lb curb mass → " in window.compliance.detail_text

    # an edit the estimate does not depend on: the detail says nothing of energy, the panel names the last change
    window.set_units(UnitSystem.metric)
    edit(qtbot, window, "lighting.headlamp_height_mm", "700")
    wait_for_figures(qtbot, window)
    assert window.energy.change_text.startswith("Last change: +45 kg curb mass")
    window.compliance.select_rule("us.216a.roof_crush")
    assert "Energy:" not in window.compliance.detail_text


def test_a_gasoline_edit_reads_in_mpg_and_litres(qtbot, make_window):
    window = make_window("kei-truck")
    wait_for_figures(qtbot, window)
    mass = window.document.design.mass.curb_mass_kg
    edit(qtbot, window, "mass.curb_mass_kg", f"{mass + 45:g}")
    wait_for_figures(qtbot, window)
    text = window.energy.change_text
    assert text.startswith("Change: +45 kg curb mass → ")
    assert delta(text, "mpg") < 0 and delta(text, "L/100 km") > 0 and "range" not in text


def test_opening_another_design_is_no_change_to_explain(qtbot, make_window):
    window = make_window("kei-truck")
    wait_for_figures(qtbot, window)
    window.new_from_preset("kei-van")
    wait_for_figures(qtbot, window)
    assert window.energy.change_text == ""


def test_starting_the_window_does_not_import_fastsim(tmp_path):
    """FASTSim (0.3-1 s to import, 150 MB) is the energy worker's to import, on its first run, on its own thread: the
    window starts without it, and then gets its figures."""
    script = r"""
import json, sys, threading, tempfile
from pathlib import Path
importers = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "fastsim":
            importers.append(threading.current_thread() is threading.main_thread())
        return None

sys.meta_path.insert(0, Watch())
""" + fresh_window_script("kei-hybrid-wagon") + r"""
window.show()
app.processEvents()
# not even the energy package: the panel and the window reach it only through the worker's outcomes
at_start = "fastsim" in sys.modules or bool(importers) or "keidesigner.energy" in sys.modules
import time
deadline = time.monotonic() + 60
while (window.energy.outcome is None or window.energy_worker.busy) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
print(json.dumps({"at_start": at_start, "importers": importers, "figures": window.energy.combined_text}))
window.document.undo_stack.setClean()
window.close()
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["at_start"] is False
    assert result["importers"] == [False]  # imported once, by the worker's thread
    assert result["figures"].endswith(" mpg")


def test_the_energy_tab_can_be_brought_to_the_front_and_stays_there_after_the_default_layout(qtbot, make_window):
    """--tab energy (a screenshot of the panel): the default layout, which raises the findings, keeps the tab asked
    for."""
    window = make_window("kei-truck")
    window.show_tab("energy")
    window.default_layout()
    qtbot.waitUntil(lambda: not window.energy.visibleRegion().isEmpty(), timeout=3000)
    assert window.compliance.visibleRegion().isEmpty()
    with pytest.raises(ValueError, match="unknown tab 'findings'"):
        window.show_tab("findings")


def preset_estimate(preset: str, **changes):
    from keidesigner.analysis import analyse
    from keidesigner.design import with_values
    from keidesigner.files import load_preset

    analysis = analyse(with_values(load_preset(preset), changes) if changes else load_preset(preset))
    return analysis, estimate(inputs_for(analysis.design, 2.3))


def test_the_models_warnings_show_under_the_results(qtbot, qapp):
    import dataclasses

    from keidesigner.app.energy_panel import EnergyPanel
    from keidesigner.app.energy_worker import EnergyOutcome

    analysis, e = preset_estimate("kei-truck")
    warned = dataclasses.replace(e, warnings=("falls behind the UDDS speed trace and covers 1.2 % less distance",))
    panel = EnergyPanel(qt_formatter(UnitSystem.metric))
    qtbot.addWidget(panel)
    panel.show_outcome(EnergyOutcome(analysis, warned.inputs, warned), None)
    assert not panel.warnings.isHidden() and "falls behind the UDDS speed trace" in panel.warnings.text()
    panel.show_outcome(EnergyOutcome(analysis, e.inputs, e), None)
    assert panel.warnings.isHidden()


def test_the_words_of_a_change_of_powertrain_tank_and_several_inputs():
    from keidesigner.app.energy_change import trade_off
    from keidesigner.design.units import formatter

    metric, us = formatter(UnitSystem.metric), formatter(UnitSystem.us)
    _, gas = preset_estimate("kei-truck")
    _, ev = preset_estimate("kei-ev-hatch")
    text = trade_off(gas, ev).text(metric)
    assert text.startswith("gas → electric powertrain → ") and text.endswith(f"MPGe combined (label), was "
                                                                              f"{gas.label_combined:.1f} mpg")
    _, bigger_tank = preset_estimate("kei-truck", **{"powertrain.fuel_tank_l": 40})
    text = trade_off(gas, bigger_tank).text(us)
    assert text.startswith("+1.6 gal fuel tank → no change to mpg combined") and delta(text, "mi range") > 0
    _, heavier_draggier = preset_estimate("kei-truck", **{"mass.curb_mass_kg": 900, "road_load.drag_coefficient": 0.5})
    text = trade_off(gas, heavier_draggier).text(metric)
    assert text.startswith("+50 kg curb mass, +0.05 Cd → -"), text
    assert trade_off(gas, gas) is None


def test_the_energy_tab_s_worker_gives_the_top_speed_reason():
    from keidesigner.analysis import analyse
    from keidesigner.design import with_values
    from keidesigner.files import load_preset

    lsv = with_values(load_preset("kei-truck"), {"powertrain.top_speed_kmh": 40})
    outcome = energy_worker.compute(analyse(lsv))
    assert outcome.estimate is None and outcome.inputs.top_speed_kmh == 40
    assert outcome.error.startswith("top speed 40 km/h is below the UDDS cycle's peak of 91.3 km/h")
