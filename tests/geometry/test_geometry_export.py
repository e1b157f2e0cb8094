"""Mesh export: format by extension, millimetres, part names and colours in GLB, atomic writes."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from keidesigner.common import PathError
from keidesigner.common import atomic as atomic_module
from keidesigner.files import load_preset
from keidesigner.geometry import KEI_BOX_MM, build_scene, export_design


@pytest.fixture(scope="module")
def truck():
    return load_preset("kei-truck")


def _load(path):
    return trimesh.load(str(path), force="scene" if path.suffix == ".glb" else "mesh", process=False)


@pytest.mark.parametrize("suffix", [".stl", ".obj", ".ply", ".glb", ".STL"])
def test_export_writes_the_vehicle_in_millimetres(tmp_path, truck, suffix):
    path = export_design(truck, tmp_path / f"truck{suffix}")
    assert path.is_file() and path.stat().st_size > 1000
    d = truck.dimensions
    loaded = _load(path)
    np.testing.assert_allclose(loaded.extents, [d.length_mm, d.width_mm, d.height_mm], atol=1.0)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left behind


def test_with_envelope_adds_the_kei_box(tmp_path, truck):
    path = export_design(truck, tmp_path / "truck.stl", with_envelope=True)
    np.testing.assert_allclose(_load(path).extents, KEI_BOX_MM, atol=1.0)


def test_glb_keeps_part_names_and_colours(tmp_path, truck):
    scene = build_scene(truck)
    loaded = trimesh.load(str(export_design(truck, tmp_path / "truck.glb")), force="scene")
    assert set(loaded.geometry) == {p.name for p in scene.vehicle_parts()}
    for part in scene.vehicle_parts():
        mesh = loaded.geometry[part.name]
        assert len(mesh.faces) == len(part.faces)
        colours = np.asarray(mesh.visual.vertex_colors)[:, :3] / 255.0
        assert np.abs(colours - np.asarray(part.color[:3])).min(axis=0).max() < 0.01, part.name


def test_unknown_extension_is_refused_without_a_file(tmp_path, truck):
    with pytest.raises(ValueError, match=r"\.step") as info:
        export_design(truck, tmp_path / "truck.step")
    assert "\n" not in str(info.value)
    with pytest.raises(ValueError):
        export_design(truck, tmp_path / "truck")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_old_file_and_no_partial(tmp_path, truck, monkeypatch):
    path = tmp_path / "truck.glb"
    path.write_bytes(b"previous export")

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module.os, "replace", explode)
    with pytest.raises(PathError, match="truck.glb: could not write: No space left on device"):
        export_design(truck, path)
    assert path.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["truck.glb"]
