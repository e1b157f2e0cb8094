"""The 3D view under real GL: what it draws after view options change, and what reaches the main window."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from window_actions import fresh_window_script

BACKGROUND = np.array([236, 239, 243])


def frame_pixels(viewer) -> np.ndarray:
    """(H, W, 3) int RGB of the 3D view as it draws now."""
    image = viewer.grabFramebuffer().convertToFormat(viewer.grabFramebuffer().Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def drawn_mask(pixels: np.ndarray) -> np.ndarray:
    return np.abs(pixels - BACKGROUND).max(axis=-1) > 12


def next_frame(qtbot, viewer) -> None:
    with qtbot.waitSignal(viewer.frame_drawn, timeout=3000):
        pass


@pytest.mark.gl
def test_wireframe_before_any_edit_still_draws_the_vehicle(qtbot, gl, window, capfd):
    """View ▸ Wireframe on a freshly opened design: the vehicle stays on screen, drawn as its edges."""
    viewer = window.viewer
    viewer.set_envelope_visible(False)  # the translucent kei box would tint the vehicle's area by itself
    viewer.set_view("side")
    next_frame(qtbot, viewer)
    solid = drawn_mask(frame_pixels(viewer))
    rows, cols = np.nonzero(solid)
    assert solid.mean() > 0.05, f"the solid vehicle covers only {solid.mean():.1%} of the view"
    box = (slice(rows.min(), rows.max() + 1), slice(cols.min(), cols.max() + 1))
    capfd.readouterr()

    window.wireframe_action.trigger()
    assert window.wireframe_action.isChecked()
    next_frame(qtbot, viewer)
    wire = drawn_mask(frame_pixels(viewer))
    qtbot.wait(50)  # any later paint would print its errors too

    out, err = capfd.readouterr()
    assert "Error while drawing item" not in out + err
    inside = wire[box].mean()
    assert inside > 0.10, f"only {inside:.1%} of the vehicle's area is drawn in wireframe"
    assert wire[box].mean() < solid[box].mean() - 0.05, "wireframe draws the same filled faces as solid"

    window.wireframe_action.trigger()
    next_frame(qtbot, viewer)
    again = drawn_mask(frame_pixels(viewer))
    assert np.mean(again[box] == solid[box]) > 0.99, "solid view does not come back after wireframe"


@pytest.mark.gl
def test_wireframe_stays_on_through_an_edit(qtbot, gl, window, capfd):
    viewer = window.viewer
    viewer.set_envelope_visible(False)
    viewer.set_view("side")
    window.wireframe_action.trigger()
    next_frame(qtbot, viewer)
    before = drawn_mask(frame_pixels(viewer))
    capfd.readouterr()
    # the refresh and the frame after it, awaited together: the frame can come in the same turn as the refresh
    with qtbot.waitSignals([window.refreshed, viewer.frame_drawn], order="simple", timeout=3000):
        window.document.set_values({"dimensions.height_mm": 1650, "package.headliner_height_mm": 1620})
    after = drawn_mask(frame_pixels(viewer))
    out, err = capfd.readouterr()
    assert "Error while drawing item" not in out + err
    assert after.mean() > 0.02, f"only {after.mean():.1%} of the view is drawn after the edit"
    assert np.mean(before != after) > 0.002, "the edit did not change the wireframe"


def image_pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


@pytest.mark.gl
def test_a_window_grab_contains_the_3d_view(qtbot, gl, window):
    """--screenshot grabs the window: the native 3D view must be in the picture, where it is on screen."""
    from PySide6.QtCore import QPoint

    from keidesigner.app.viewer import grab_window

    viewer = window.viewer
    viewer.set_view("side")
    next_frame(qtbot, viewer)
    view = frame_pixels(viewer)
    shot = image_pixels(grab_window(window).toImage())
    origin = viewer.container.mapTo(window, QPoint(0, 0))
    height, width = view.shape[:2]
    inside = shot[origin.y(): origin.y() + height, origin.x(): origin.x() + width]
    assert drawn_mask(inside).mean() > 0.05, "the grab shows no vehicle where the 3D view is"
    assert np.mean(np.abs(inside - view).max(axis=-1) <= 2) > 0.99


@pytest.mark.gl
def test_dragging_orbits_and_the_wheel_zooms(qtbot, gl, window):
    from PySide6.QtCore import QCoreApplication, QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtTest import QTest

    view = window.viewer.gl
    qtbot.wait(50)  # the default layout resizes the view (and the fitted camera moves back) once it is laid out
    azimuth, elevation, distance = view.opts["azimuth"], view.opts["elevation"], view.opts["distance"]
    centre = QPoint(view.width() // 2, view.height() // 2)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    for step in range(1, 6):
        QTest.mouseMove(view, centre + QPoint(10 * step, 4 * step))
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(50, 20))
    assert view.opts["azimuth"] == pytest.approx(azimuth - 50)
    assert view.opts["elevation"] == pytest.approx(elevation + 20)

    wheel = QWheelEvent(QPointF(centre), QPointF(view.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QCoreApplication.sendEvent(view, wheel)
    assert view.opts["distance"] < distance


@pytest.mark.gl
def test_shortcuts_reach_the_main_window_while_the_3d_view_has_focus(qtbot, gl, window):
    """The 3D view is a native window of its own: the menu shortcuts must still work when it has the focus."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    view = window.viewer.gl
    window.activateWindow()
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.requestActivate()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is view, timeout=3000)

    QTest.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # View ▸ Side view
    assert view.orthographic and view.opts["azimuth"] == -90.0
    QTest.keyClick(view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.wireframe_action.isChecked() and view.wireframe

    window.document.set_values({"dimensions.height_mm": 1650, "package.headliner_height_mm": 1620})
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Edit ▸ Undo
    assert window.document.design.dimensions.height_mm != 1650

    azimuth = view.opts["azimuth"]
    QTest.keyPress(view, Qt.Key.Key_Left)  # the view's own keys still orbit
    QTest.keyRelease(view, Qt.Key.Key_Left)
    assert view.opts["azimuth"] > azimuth


QUIT_ON_FIRST_FRAME = fresh_window_script("kei-van", gl=True) + r"""
window.viewer.frame_drawn.connect(app.quit)
window.show()
app.exec()
print("clean exit")
"""


@pytest.mark.gl
def test_quitting_from_the_first_frame_signal_exits_cleanly(gl):
    """frame_drawn may close every window (app.quit() does): that once crashed inside the GL window's paint."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", QUIT_ON_FIRST_FRAME], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("clean exit")


@pytest.mark.gl
@pytest.mark.parametrize("view", ["iso", "side", "front"])
def test_the_vehicle_fits_a_wide_low_view(qtbot, gl, view):
    """With the compliance panel docked below, the 3D view is about 1,100 × 520: the vehicle and the kei box must
    still fit, top to bottom and side to side, and keep fitting as the view is resized."""
    from keidesigner.app.viewer import VehicleView
    from keidesigner.files import load_preset
    from keidesigner.geometry import build_scene

    viewer = VehicleView()
    qtbot.addWidget(viewer)
    viewer.resize(600, 600)
    viewer.show_scene(build_scene(load_preset("kei-van")))
    viewer.gl.grid.setVisible(False)  # the ground grid runs to the edges by design
    viewer.set_view(view)
    with qtbot.waitSignal(viewer.frame_drawn, timeout=5000):
        viewer.show()
    for width, height in ((600, 600), (1100, 520), (1400, 420)):
        if (viewer.gl.width(), viewer.gl.height()) != (width, height):
            with qtbot.waitSignal(viewer.frame_drawn, timeout=3000):
                viewer.resize(width, height)
        assert (viewer.gl.width(), viewer.gl.height()) == (width, height)
        drawn = drawn_mask(frame_pixels(viewer))
        assert drawn.mean() > 0.03, f"{width} × {height}: nothing drawn"
        edges = np.concatenate([drawn[0], drawn[-1], drawn[:, 0], drawn[:, -1]])
        assert not edges.any(), f"{width} × {height}: the vehicle or the kei box runs off the view"


@pytest.mark.gl
def test_the_users_zoom_is_kept_when_the_view_is_resized(qtbot, gl, window):
    from PySide6.QtCore import QCoreApplication, QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    view = window.viewer.gl
    wheel = QWheelEvent(QPointF(10, 10), QPointF(view.mapToGlobal(QPoint(10, 10))), QPoint(0, 0), QPoint(0, -240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QCoreApplication.sendEvent(view, wheel)
    distance = view.opts["distance"]
    window.resize(window.width() + 200, window.height() - 200)
    qtbot.wait(100)
    assert view.opts["distance"] == distance
