"""View ▸ Show Pedestrian Zones: the WAD 1,000 / 1,700 / 2,100 mm lines on the 3D model, measured off the GUI thread,
shown and hidden by the toggle, remembered, following edits, never from a stale scene."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from window_actions import settle, type_into

from keidesigner.app import wad_worker
from keidesigner.app.viewer import ADULT_ZONE_RGBA, CHILD_ZONE_RGBA, MM, WAD_LIFT_MM, wad_segments
from keidesigner.geometry.wad import DEFAULT_DISTANCES_MM
from keidesigner.rules import Status


def wait_for_lines(qtbot, window) -> dict:
    qtbot.waitUntil(lambda: bool(window.viewer.gl.wad_lines) and not window.wad_worker.busy, timeout=5000)
    return window.viewer.gl.wad_lines


def on_the_body(lines: dict, scene) -> None:
    lo, hi = scene.bounds
    for line in lines.values():
        points = line.points[line.reached]
        assert len(points), line.distance_mm
        assert np.all(points >= lo - 1e-6) and np.all(points <= hi + 1e-6), line.distance_mm


@pytest.mark.gl
def test_the_toggle_shows_and_hides_the_wad_lines_and_is_remembered(qtbot, gl, make_window, settings):
    window = make_window("kei-ev-hatch")
    viewer = window.viewer.gl
    assert not window.pedestrian_action.isChecked() and viewer.wad_item is None  # off by default: nothing drawn

    window.pedestrian_action.trigger()
    lines = wait_for_lines(qtbot, window)
    assert sorted(lines) == list(DEFAULT_DISTANCES_MM)
    on_the_body(lines, window.scene)
    assert viewer.wad_item.visible()
    pos = np.asarray(viewer.wad_item.pos)
    lo, hi = window.scene.bounds
    assert np.all(pos / MM >= lo - 1e-3) and np.all(pos / MM <= hi + np.asarray(WAD_LIFT_MM) + 1e-3)
    colours = {tuple(np.round(np.asarray(c, dtype=float), 3)) for c in viewer.wad_item.color}
    assert colours == {tuple(np.round(CHILD_ZONE_RGBA, 3)), tuple(np.round(ADULT_ZONE_RGBA, 3))}  # both zones
    assert settings.value("view/pedestrian_zones", type=bool) is True

    window.pedestrian_action.trigger()
    assert not viewer.wad_item.visible() and viewer.wad_lines is None
    type_into(qtbot, window, "lighting.headlamp_height_mm", "700")  # an edit while off draws nothing
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not window.wad_worker.busy, timeout=5000)
    qtbot.wait(50)
    assert viewer.wad_lines is None and not viewer.wad_item.visible()

    window.pedestrian_action.trigger()
    again = make_window("kei-ev-hatch")  # the next start remembers it
    assert again.pedestrian_action.isChecked()
    on_the_body(wait_for_lines(qtbot, again), again.scene)


@pytest.mark.gl
def test_the_lines_follow_an_edit_and_come_from_the_worker(qtbot, gl, make_window, monkeypatch):
    threads = []
    measure = wad_worker.measure

    def recorded(analysis):
        threads.append(threading.current_thread())
        return measure(analysis)

    monkeypatch.setattr(wad_worker, "measure", recorded)
    window = make_window("kei-truck")
    window.pedestrian_action.trigger()
    before = wait_for_lines(qtbot, window)
    assert threads and all(t is not threading.main_thread() for t in threads)

    type_into(qtbot, window, "front_end.bonnet_leading_edge_height_mm", "900")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.viewer.gl.wad_lines is not before, timeout=5000)
    after = wait_for_lines(qtbot, window)
    on_the_body(after, window.scene)
    assert after == window.viewer.gl.wad_lines


def test_stale_results_are_dropped(qtbot, qapp, monkeypatch):
    """Three analyses asked for while the first is measured: the first's result is stale and dropped, the second is
    never measured, and only the third's zones arrive."""
    from keidesigner.analysis import analyse
    from keidesigner.files import load_preset

    gate = threading.Event()
    measured = []

    def slow(analysis):
        measured.append(analysis)
        if len(measured) == 1:
            gate.wait(5)
        return {1000.0: analysis}  # which analysis, as the result

    monkeypatch.setattr(wad_worker, "measure", slow)
    worker = wad_worker.WadWorker()
    got = []
    worker.ready.connect(lambda scene, lines: got.append((scene, lines)))
    scenes = [analyse(load_preset(p)) for p in ("kei-truck", "kei-van", "kei-ev-hatch")]
    worker.request(scenes[0])
    qtbot.waitUntil(lambda: len(measured) == 1, timeout=2000)
    worker.request(scenes[1])
    worker.request(scenes[2])
    gate.set()
    qtbot.waitUntil(lambda: len(got) == 1 and not worker.busy, timeout=5000)
    qtbot.wait(50)
    assert got == [(scenes[2], {1000.0: scenes[2]})]
    assert measured == [scenes[0], scenes[2]] and worker.dropped == 1
    worker.wait()


def test_the_head_zone_findings_join_the_table_from_the_worker_without_the_toggle(qtbot, make_window):
    """The compliance table shows the rules at once and the head zones once measured, off the GUI thread, whether the
    lines are shown or not; an edit measures again and the table follows."""
    window = make_window("kei-ev-hatch")
    assert not window.pedestrian_action.isChecked()
    qtbot.waitUntil(lambda: any(f.rule_id == "us.228.child_zone" for f in window.compliance.evaluation.findings),
                    timeout=5000)
    first = window.analysis.by_id("us.228.child_zone")
    assert first.status is Status.warn and 0 < first.measured < 100
    assert window.analysis.design is window.document.design
    # a windscreen base further back: the drawn body follows and less of the child zone falls on it
    type_into(qtbot, window, "front_end.cowl_x_mm", "229.2")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.analysis.design is window.document.design
                    and "us.228.child_zone" in {f.rule_id for f in window.analysis.findings}, timeout=5000)
    assert window.analysis.by_id("us.228.child_zone").measured < first.measured


def test_wad_segments_break_where_a_section_is_not_reached():
    from keidesigner.geometry.wad import WadLine

    ys = np.array([-100.0, 0.0, 100.0])
    points = np.array([[1.0, -100.0, 2.0], [np.nan] * 3, [3.0, 100.0, 4.0]])
    pos, colours = wad_segments({1000.0: WadLine(1000.0, ys, points, ~np.isnan(points[:, 0]))})
    assert len(pos) == len(colours) == 0
    points[1] = (2.0, 0.0, 3.0)
    pos, colours = wad_segments({2100.0: WadLine(2100.0, ys, points, np.ones(3, bool))})
    assert pos.shape == (4, 3) and np.allclose(colours, ADULT_ZONE_RGBA)
    assert np.allclose(pos[0] / MM, points[0] + WAD_LIFT_MM)


def test_the_head_zone_rows_stay_while_an_edit_is_measured(qtbot, make_window, monkeypatch):
    """Between an edit and its measurement the table keeps the zones measured one edit before, so rows do not
    vanish and return on every step of a drag; the measured ones replace them."""
    window = make_window("kei-ev-hatch")
    qtbot.waitUntil(lambda: any(f.rule_id == "us.228.child_zone" for f in window.compliance.evaluation.findings),
                    timeout=5000)
    gate = threading.Event()
    measure = wad_worker.measure

    def held(analysis):
        gate.wait(5)
        return measure(analysis)

    monkeypatch.setattr(wad_worker, "measure", held)
    type_into(qtbot, window, "front_end.cowl_x_mm", "129.2")
    settle(qtbot, window)
    shown = window.compliance.evaluation
    assert shown.design is window.document.design and window.wad_worker.busy
    assert [f.rule_id for f in shown.findings if f.rule_id.startswith("us.228.")] == ["us.228.child_zone",
                                                                                      "us.228.adult_zone"]
    assert not any(f.rule_id.startswith("us.228.") for f in window.analysis.findings)  # not claimed as measured
    gate.set()
    qtbot.waitUntil(lambda: any(f.rule_id == "us.228.child_zone" for f in window.analysis.findings), timeout=5000)
    assert window.compliance.evaluation is window.analysis.evaluation


def test_a_run_of_quick_edits_is_measured_once_it_pauses(qtbot, qapp, monkeypatch):
    """A slider drag's steps are not each measured (the measurement would take frames from the drag): only the
    last request, SETTLE_MS after it."""
    from keidesigner.analysis import analyse
    from keidesigner.files import load_preset

    measured = []
    monkeypatch.setattr(wad_worker, "measure", lambda analysis: measured.append(analysis))
    worker = wad_worker.WadWorker()
    got = []
    worker.ready.connect(lambda analysis, zones: got.append(analysis))
    steps = [analyse(load_preset("kei-van")) for _ in range(5)]
    for step in steps:
        worker.request(step)
        qtbot.wait(wad_worker.SETTLE_MS // 5)
    assert measured == [] and worker.busy
    qtbot.waitUntil(lambda: got == [steps[-1]] and not worker.busy, timeout=3000)
    assert measured == [steps[-1]]
    worker.wait()
