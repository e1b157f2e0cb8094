"""`keidesigner FILE --screenshot PNG`: the documented way to look at the program without a person at the screen."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage


def test_screenshot_of_a_preset_leaves_user_settings_alone(gl, tmp_path):
    out = tmp_path / "shot.png"
    config = tmp_path / "config"
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "keidesigner", "preset:kei-van", "--screenshot", str(out)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 700
    # the window really drew something: many distinct colours, not one flat fill
    sample = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(sample) > 50
    assert not config.exists() and not (tmp_path / "data").exists()


def test_screenshot_of_a_missing_file_fails_in_one_line(gl, tmp_path):
    result = subprocess.run([sys.executable, "-m", "keidesigner", str(tmp_path / "none.kei"), "--screenshot",
                             str(tmp_path / "x.png")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"keidesigner: {tmp_path / 'none.kei'}: no such file"]
    assert not (tmp_path / "x.png").exists()


@pytest.mark.gl
def test_the_screenshot_waits_for_the_findings_measured_in_the_background(qtbot, gl, make_window):
    # found trying it: the picture showed the warning count before the head zones had joined the table
    from keidesigner.app.main import when_shown

    window = make_window("kei-truck")
    seen = []
    when_shown(window, lambda: seen.append(
        (window.wad_worker.busy, [f.rule_id for f in window.compliance.evaluation.findings],
         window.energy_worker.busy, window.energy.combined_text)))
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)  # the first estimate imports FASTSim
    busy, ids, estimating, combined = seen[0]
    assert not busy and "us.228.child_zone" in ids
    assert not estimating and combined.endswith(" mpg")  # the Energy tab's figures, not its 'computing…'
