"""The 3D view under real GL: what it draws after view options change, and what reaches the main window."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

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
    window.document.set_value("dimensions.height_mm", 1400)
    with qtbot.waitSignal(window.refreshed, timeout=3000):
        pass
    next_frame(qtbot, viewer)
    after = drawn_mask(frame_pixels(viewer))
    out, err = capfd.readouterr()
    assert "Error while drawing item" not in out + err
    assert after.mean() > 0.02, f"only {after.mean():.1%} of the view is drawn after the edit"
    assert np.mean(before != after) > 0.002, "the edit did not change the wireframe"
