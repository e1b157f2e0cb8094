"""The Explore tab: a two-field sweep of the design, its map, and a click that applies a variant.

The map is checked against the scalar reference (`batch.evaluate_scalar`) run directly on the same grid, and against
cells worked out by hand from the kei truck's figures: the kei box allows 3,400 mm × 1,480 mm, and the model refuses a
body narrower than its track plus a tyre (1,300 + 145 = 1,445 mm).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtTest import QTest
from window_actions import fresh_window_script

from keidesigner.app.explore_colors import COMPLIANT, INVALID_GREY
from keidesigner.app.explore_legend import INVALID_TEXT
from keidesigner.app.explore_map import INVALID, NOT_DONE
from keidesigner.batch import evaluate_scalar, grid
from keidesigner.design import UnitSystem
from keidesigner.design.units import MM_PER_IN
from keidesigner.report.numbers import qt_formatter

LENGTH, WIDTH, HEIGHT = "dimensions.length_mm", "dimensions.width_mm", "dimensions.height_mm"
# 5 lengths × 4 widths around the kei box's corner: 3,350 ... 3,450 mm and 1,440 ... 1,500 mm
LENGTHS, WIDTHS = (3350.0, 3450.0, 5), (1440.0, 1500.0, 4)


def explore(window):
    window.show_tab("explore")
    return window.explore.ensure_built()


def set_axes(panel, x=LENGTH, xr=LENGTHS, y=WIDTH, yr=WIDTHS) -> None:
    assert panel.x_axis.combo.set_path(x) and panel.y_axis.combo.set_path(y)
    panel.x_axis.set_range(*xr)
    panel.y_axis.set_range(*yr)


def run_to_end(qtbot, panel, timeout: int = 30_000):
    panel.run()
    qtbot.waitUntil(lambda: panel.sweep is not None and panel.sweep.finished, timeout=timeout)
    return panel.sweep


def slowed(panel, seconds: float = 0.01) -> None:
    """Each slice of the sweep takes at least `seconds`: a run lasts long enough to be cancelled or superseded
    whichever engine evaluates it (the vectorised one does 40,000 variants in some 40 ms)."""
    evaluate = panel.job.evaluate

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return evaluate(*args, **kwargs)

    panel.job.evaluate = slow


def cell(sweep, x: float, y: float) -> int:
    request = sweep.request
    column = int(np.flatnonzero(np.isclose(request.xs, x))[0])
    row = int(np.flatnonzero(np.isclose(request.ys, y))[0])
    return request.index(column, row)


@pytest.mark.parametrize("group", ["kei", "us", "all"])
def test_the_map_is_what_the_scalar_engine_says_cell_by_cell(qtbot, window, group):
    panel = explore(window)
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    assert sweep.request.shape == (4, 5)

    reference = evaluate_scalar(grid(window.document.design, {LENGTH: (3350, 3450, 25), WIDTH: (1440, 1500, 20)}))
    assert len(reference) == 20
    counts = sweep.failing(group)
    wanted = reference.failing(None if group == "all" else group)
    for i in range(len(reference)):
        at = cell(sweep, reference.variants.columns[LENGTH][i], reference.variants.columns[WIDTH][i])
        if not reference.valid[i]:
            assert counts[at] == INVALID
        else:
            assert counts[at] == wanted[i], (group, i)
    assert (counts != NOT_DONE).all()


def test_kei_cells_worked_out_by_hand(qtbot, window):
    panel = explore(window)
    panel.group.setCurrentIndex(panel.group.findData("kei"))
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    kei = sweep.failing("kei")
    compliant = {(x, y) for x in (3350, 3375, 3400) for y in (1460, 1480)}
    for x in (3350, 3375, 3400, 3425, 3450):
        for y in (1440, 1460, 1480, 1500):
            got = kei[cell(sweep, x, y)]
            if y == 1440:
                assert got == INVALID  # narrower than the track and a tyre
            elif (x, y) in compliant:
                assert got == 0
            else:
                assert got == (x > 3400) + (y > 1480), (x, y)
    # the compliant cells are drawn in the compliant colour, the invalid ones grey and hatched
    image = panel.plot.image.image
    column, row = sweep.request.cell(cell(sweep, 3400, 1480))
    assert tuple(image[row, column, :3]) == COMPLIANT
    column, row = sweep.request.cell(cell(sweep, 3425, 1480))
    assert tuple(image[row, column, :3]) != COMPLIANT
    assert "1 failing" in panel.legend.texts() and "2 failing" in panel.legend.texts()


def test_invalid_variants_are_shown_as_invalid(qtbot, window):
    panel = explore(window)
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    refused = cell(sweep, 3400, 1440)
    assert not sweep.valid[refused]
    column, row = sweep.request.cell(refused)
    assert tuple(panel.plot.image.image[row, column, :3]) == INVALID_GREY
    hatched = panel.plot.hatch.path().boundingRect()
    assert hatched.height() > 0 and hatched.contains(QPointF(*panel.plot.cell_center(refused)))
    assert not hatched.contains(QPointF(*panel.plot.cell_center(cell(sweep, 3400, 1460))))
    assert INVALID_TEXT in panel.legend.texts()
    assert "refused by the model" in panel.status.text()
    panel._hovered(refused)
    text = panel.info.text()
    assert "refuses this variant" in text and "Front track" in text and "1,440" in text
    assert "Click to apply" not in text
    before = window.document.design
    assert not panel.apply_variant(refused)
    assert window.document.design is before


def test_hovering_a_cell_names_its_values_verdicts_and_the_binding_rule(qtbot, window):
    panel = explore(window)
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    panel.group.setCurrentIndex(panel.group.findData("kei"))
    panel._hovered(cell(sweep, 3450, 1480))
    text = panel.info.text()
    assert "Length 3,450 mm" in text and "Width 1,480 mm" in text
    assert "FAIL (1)" in text and "Kei · Length 3,450 mm" in text and "-50 mm" in text
    panel._hovered(cell(sweep, 3400, 1460))
    text = panel.info.text()
    assert "Closest to its limit" in text and "Kei · Length 3,400 mm" in text  # 0 mm to spare beats 20 mm
    panel._hovered(-1)
    assert "Current design" in panel.info.text()


def test_the_pointer_over_a_cell_describes_it(qtbot, window):
    panel = explore(window)
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    QTest.mouseMove(panel.plot.viewport(), view_point(panel, cell(sweep, 3425, 1460)))
    qtbot.waitUntil(lambda: "Length 3,425 mm" in panel.info.text())
    assert "Width 1,460 mm" in panel.info.text() and "Click to apply" in panel.info.text()
    assert panel.plot.cursor.isVisible()


def view_point(panel, index: int):
    """Where cell `index` is in the plot's viewport (widget pixels)."""
    plot = panel.plot
    x, y = plot.cell_center(index)
    return plot.mapFromScene(plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y)))


def click(qtbot, panel, index: int) -> None:
    QTest.mouseClick(panel.plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view_point(panel, index))


def test_clicking_a_cell_applies_both_values_as_one_undo_step(qtbot, window):
    document = window.document
    panel = explore(window)
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    before, steps = document.design, document.undo_stack.count()
    target = cell(sweep, 3375, 1460)
    click(qtbot, panel, target)
    qtbot.waitUntil(lambda: document.design is not before)
    design = document.design
    assert (design.dimensions.length_mm, design.dimensions.width_mm) == (3375.0, 1460.0)
    assert document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText() == "Explore: Length 3,395 → 3,375 mm, Width 1,475 → 1,460 mm"
    qtbot.waitUntil(lambda: panel.plot.marker_position() == (3375.0, 1460.0))
    assert not panel.stale  # only the map's own fields changed: it still holds

    document.undo_stack.undo()
    assert (document.design.dimensions.length_mm, document.design.dimensions.width_mm) == (3395.0, 1475.0)
    assert document.design == before
    qtbot.waitUntil(lambda: panel.plot.marker_position() == (3395.0, 1475.0))
    document.undo_stack.redo()
    assert (document.design.dimensions.length_mm, document.design.dimensions.width_mm) == (3375.0, 1460.0)


def test_the_undo_text_follows_the_unit_system(qtbot, window):
    panel = explore(window)
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    assert panel.apply_variant(cell(sweep, 3350, 1480))
    window.set_units(UnitSystem.us)
    assert window.document.undo_stack.undoText() == "Explore: Length 133.7 → 131.9 in, Width 58.1 → 58.3 in"


def test_choosing_a_field_in_us_units_converts_its_range(qtbot, window):
    window.set_units(UnitSystem.us)
    panel = explore(window)
    panel.x_axis.combo.set_path(HEIGHT)  # 1,765 mm = 69.49 in: about ±15 % in whole inches
    panel.x_axis.combo.set_path(LENGTH)
    assert panel.x_axis.combo.currentText().strip() == "Length (in)"
    start, stop = panel.x_axis.start.stored(), panel.x_axis.stop.stored()
    assert start == pytest.approx(114 * MM_PER_IN) and stop == pytest.approx(154 * MM_PER_IN)
    assert panel.x_axis.start.text() == "114 in" and panel.x_axis.stop.text() == "154 in"
    axis = panel.x_axis.axis()
    values = axis.values(window.document.formatter)
    assert len(values) == 41 and values[1] == pytest.approx(115 * MM_PER_IN)  # a whole inch a step

    panel.x_axis.set_range(133 * MM_PER_IN, 137 * MM_PER_IN, 5)
    panel.y_axis.set_range(58 * MM_PER_IN, 59 * MM_PER_IN, 3)
    sweep = run_to_end(qtbot, panel)
    assert panel.plot.xs.tolist() == pytest.approx([133, 134, 135, 136, 137])
    assert panel.plot.ys.tolist() == pytest.approx([58, 58.5, 59])
    assert panel.plot.axes["bottom"].labelText == "Length (in)"
    panel._hovered(-1)
    assert "Length 133.66 in · Width 58.07 in" in panel.info.text()  # as the Parameters dock shows them
    panel._hovered(sweep.request.index(1, 1))
    assert "Length 134 in · Width 58.5 in" in panel.info.text()
    # 134 in = 3,403.6 mm is over the kei length, 133 in = 3,378.2 mm is not; 58.5 in = 1,485.9 mm over its width
    kei = sweep.failing("kei")
    assert [kei[sweep.request.index(c, 0)] for c in range(5)] == [0, 1, 1, 1, 1]
    assert [kei[sweep.request.index(0, r)] for r in range(3)] == [0, 1, 1]
    # back to metric: the same map, its axis in millimetres
    window.set_units(UnitSystem.metric)
    assert panel.plot.xs[0] == pytest.approx(133 * MM_PER_IN)
    assert panel.plot.axes["bottom"].labelText == "Length (mm)"


def test_group_headings_cannot_be_chosen(qtbot, window):
    combo = explore(window).x_axis.combo
    combo.set_path("dimensions.tire_width_mm")  # the last of the Dimensions: the Powertrain heading is next
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.path() == "powertrain.displacement_cc"
    QTest.keyClick(combo, Qt.Key.Key_Up)
    assert combo.path() == "dimensions.tire_width_mm"
    assert combo.model().item(0).text() == "Dimensions" and not combo.model().item(0).isSelectable()


def test_axis_numbers_are_in_the_users_locale(qtbot, window):
    panel = explore(window)
    window.set_formatter(qt_formatter(UnitSystem.metric, QLocale("de_DE")))
    assert panel.plot.axes["bottom"].tickStrings([3400.0, 3600.0], 1.0, 200.0) == ["3.400", "3.600"]
    assert panel.x_axis.start.text() == "2.900 mm"


def test_cancel_stops_the_run(qtbot, window):
    panel = explore(window)
    slowed(panel)
    set_axes(panel, xr=(2900.0, 3900.0, 200), yr=(1450.0, 1680.0, 200))  # 40,000 variants: seconds at least
    panel.run()
    qtbot.waitUntil(lambda: panel.sweep.count_done > 0, timeout=10_000)
    assert panel.cancel_button.isEnabled()
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: not panel.job.running, timeout=10_000)
    done = panel.sweep.count_done
    assert 0 < done < len(panel.sweep)
    assert "Cancelled" in panel.status.text()
    assert not panel.cancel_button.isEnabled()
    qtbot.wait(300)
    assert panel.sweep.count_done == done  # nothing arrives after the cancel
    assert not panel.sweep.finished


def test_a_new_run_supersedes_the_one_before(qtbot, window):
    panel = explore(window)
    slowed(panel)
    set_axes(panel, xr=(2900.0, 3900.0, 200), yr=(1450.0, 1680.0, 200))
    panel.run()
    first = panel.sweep.request
    time.sleep(0.4)  # the first run's chunks queue up for the GUI thread meanwhile
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    assert sweep.request is not first and len(sweep) == 20
    assert panel.job.dropped > 0  # the first run's queued chunks were thrown away, not drawn
    assert sweep.count_done == 20


def test_an_edit_of_another_field_fades_the_map_and_restarts_a_run(qtbot, window):
    document = window.document
    panel = explore(window)
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    document.set_value(HEIGHT, 1700.0, merge=False)
    qtbot.waitUntil(lambda: panel.stale)
    assert panel.note.isVisible() and panel.plot.image.opacity() < 1
    assert not panel.apply_variant(cell(sweep, 3400, 1460))  # its colours are of the design before
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: not panel.stale)  # the design the map is of, again
    assert panel.plot.image.opacity() == 1

    slowed(panel)
    set_axes(panel, xr=(2900.0, 3900.0, 200), yr=(1450.0, 1680.0, 200))
    panel.run()
    running = panel.sweep.request
    document.set_value(HEIGHT, 1700.0, merge=False)
    qtbot.waitUntil(lambda: panel.sweep.request is not running, timeout=5_000)
    assert panel.sweep.request.design is document.design  # restarted on the design as it now is
    assert panel.sweep.request.xs is running.xs
    panel.job.cancel()
    qtbot.waitUntil(lambda: not panel.job.running, timeout=10_000)


@pytest.mark.gl
def test_a_screenshot_of_the_tab_waits_for_its_map(qtbot, gl, make_window):
    from keidesigner.app.main import when_shown

    window = make_window("kei-truck")
    window.show_tab("explore")
    window.explore.run()  # what --screenshot --tab explore does
    seen = []
    when_shown(window, lambda: seen.append((window.explore.busy, window.explore.panel.sweep.count_done)))
    qtbot.waitUntil(lambda: bool(seen), timeout=60_000)
    assert seen[0] == (False, 41 * 41)


def test_the_tab_costs_nothing_until_shown(qtbot, window):
    tab = window.explore
    assert not tab.built
    window.document.set_value(LENGTH, 3300.0)
    qtbot.wait(50)
    assert tab.panel is None and tab.layout().count() == 0
    window.show_tab("explore")
    qtbot.waitUntil(lambda: tab.built)
    assert tab.panel.plot.marker_position() == (3300.0, 1475.0)


def test_starting_the_window_imports_neither_the_panel_nor_the_batch_engine(tmp_path):
    """The batch package (with the vectorised engine, some 25 ms to import) is the Explore panel's to import, when
    the tab is first shown."""
    script = fresh_window_script("kei-truck") + r"""
window.show()
app.processEvents()
at_start = sorted(m for m in sys.modules if m.startswith(("keidesigner.batch", "keidesigner.app.explore_")))
window.show_tab("explore")
app.processEvents()
shown = "keidesigner.batch" in sys.modules and window.explore.built
print(json.dumps({"at_start": at_start, "shown": shown}))
window.document.undo_stack.setClean()
window.close()
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"at_start": ["keidesigner.app.explore_tab"], "shown": True}


def test_margin_colours_show_one_rule_in_its_unit(qtbot, window):
    panel = explore(window)
    set_axes(panel)
    sweep = run_to_end(qtbot, panel)
    panel.group.setCurrentIndex(panel.group.findData("kei"))
    panel.colour.setCurrentIndex(panel.colour.findData("margin"))
    assert panel.rule.isVisible()
    rule = panel.rule.currentData()
    assert rule in ("kei.length", "kei.width")  # the rules the map's fields move, failing on part of it
    assert panel.rule.currentText().endswith("(mm)")
    texts = panel.legend.texts()
    assert any(t.startswith("-") and t.endswith("mm fails") for t in texts)
    assert any(t.startswith("+") and t.endswith("mm passes") for t in texts)
    margin = sweep.margin_of("kei.length")
    assert margin[cell(sweep, 3450, 1460)] == pytest.approx(-50)
    assert np.isnan(margin[cell(sweep, 3450, 1440)])  # invalid: no margin


def test_a_map_of_fields_the_design_loses_goes_out_of_date(qtbot, window):
    panel = explore(window)
    set_axes(panel, "powertrain.displacement_cc", (600.0, 700.0, 5), "powertrain.engine_power_kw", (30.0, 50.0, 5))
    sweep = run_to_end(qtbot, panel)
    kei = sweep.failing("kei")
    assert kei[cell(sweep, 650, 40)] == 0 and kei[cell(sweep, 675, 40)] == 1 and kei[cell(sweep, 650, 50)] == 1
    window.document.set_powertrain("electric")
    qtbot.waitUntil(lambda: panel.stale)
    assert panel.plot.marker_position() is None
    assert panel.x_axis.combo.path() == LENGTH  # the electric powertrain has no displacement: the default again
    assert "powertrain.motor_power_kw" in panel.x_axis.combo.specs
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: not panel.stale)
    assert panel.plot.marker_position() == (658.0, 36.8)


def test_a_default_range_is_cut_to_the_values_the_model_accepts(window):
    """The EV hatch's width about ±15 % reached below its track and tyres: most of a default map was hatched."""
    from keidesigner.app.explore_fields import Axis, accepted_range, default_range, field_by_path
    from keidesigner.batch import Variants, evaluate_batch
    from keidesigner.files import load_preset

    hatch, fmt = load_preset("kei-ev-hatch"), window.document.formatter
    spec = field_by_path(hatch, WIDTH)
    start, stop = default_range(spec, hatch.dimensions.width_mm, fmt)
    axis = Axis(spec, start, stop, 41)
    before = evaluate_batch(Variants(hatch, {WIDTH: axis.values(fmt)})).valid
    assert not before.all() and before.any()  # the default range reaches widths the model refuses
    cut = Axis(spec, *accepted_range(hatch, axis, fmt), 41)
    assert start < cut.start <= hatch.dimensions.width_mm <= cut.stop <= stop
    assert evaluate_batch(Variants(hatch, {WIDTH: cut.values(fmt)})).valid.all()
    assert accepted_range(hatch, cut, fmt) == (cut.start, cut.stop)  # nothing refused: left as it is
