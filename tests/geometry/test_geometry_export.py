"""Mesh export: format by extension; GLB in glTF's frame (metres, +Y up, front +Z); STL/OBJ/PLY in the unit asked
for with the unit written into the file; part names, colours and winding kept; atomic writes."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import trimesh

from keidesigner.common import PathError
from keidesigner.common import atomic as atomic_module
from keidesigner.files import load_preset
from keidesigner.geometry import KEI_BOX_MM, ExportError, build_scene, export_design, export_scene
from keidesigner.geometry.export import LENGTH_UNITS, unit_statement

MM_PER = {"mm": 1.0, "m": 1000.0, "in": 25.4}


@pytest.fixture(scope="module")
def truck():
    return load_preset("kei-truck")


@pytest.fixture(scope="module")
def truck_scene(truck):
    return build_scene(truck)


@pytest.fixture(scope="module")
def glb(truck, tmp_path_factory):
    """The truck exported once as GLB: (path, loaded trimesh.Scene, glTF JSON chunk)."""
    path = export_design(truck, tmp_path_factory.mktemp("glb") / "truck.glb")
    return path, trimesh.load(str(path), force="scene", process=False), _gltf_json(path.read_bytes())


def _gltf_json(data: bytes) -> dict:
    # GLB: 12-byte header, then the JSON chunk (length, type "JSON", bytes)
    assert data[:4] == b"glTF"
    length, kind = struct.unpack("<I4s", data[12:20])
    assert kind == b"JSON"
    return json.loads(data[20:20 + length])


def _load_mesh(path):
    return trimesh.load(str(path), force="mesh", process=False)


def _gltf_from_model_mm(vertices: np.ndarray) -> np.ndarray:
    """The expected mapping, written out independently of the code: glTF X = left, Y = up, Z = forward, metres."""
    x, y, z = vertices.T
    return np.column_stack((y, z, x)) / 1000.0


# --- GLB: glTF's units and axes ----------------------------------------------------------------------------------

def test_glb_is_metres_y_up_front_plus_z(truck, glb):
    # Fails on a Z-up millimetre export: its extents would be (length, width, height) in mm.
    _, loaded, _ = glb
    d = truck.dimensions
    np.testing.assert_allclose(loaded.extents, [d.width_mm / 1000, d.height_mm / 1000, d.length_mm / 1000], atol=1e-3)
    (x0, y0, z0), (x1, y1, z1) = loaded.bounds
    assert y0 == pytest.approx(0.0, abs=1e-6)  # stands on the ground plane y = 0, roof up at +height
    assert y1 == pytest.approx(d.height_mm / 1000, abs=1e-3)
    assert z1 == pytest.approx(0.0, abs=1e-6) and z0 == pytest.approx(-d.length_mm / 1000, abs=1e-3)  # front at +Z end
    assert x0 == pytest.approx(-x1, abs=1e-6)  # centred across


def test_glb_front_axle_is_at_the_plus_z_end(truck, glb):
    # The bounds alone cannot tell a vehicle's front from its back; the wheels can: the front axle sits
    # front_overhang behind the front (Z = -front_overhang), the rear one a wheelbase further back.
    _, loaded, _ = glb
    d = truck.dimensions
    radius = d.tire_diameter_mm / 2000
    z_min, z_max = loaded.geometry["wheels"].bounds[:, 2]
    assert z_max - radius == pytest.approx(-d.front_overhang_mm / 1000, abs=1e-3)
    assert z_min + radius == pytest.approx(-(d.front_overhang_mm + d.wheelbase_mm) / 1000, abs=1e-3)


def test_glb_vertices_are_the_model_rotated_into_gltf_axes(glb, truck_scene):
    # The whole mapping, vertex by vertex: scale, axes and handedness at once.
    _, loaded, doc = glb
    assert all(set(node) <= {"name", "mesh"} for node in doc["nodes"])  # baked into the vertices: no node transform
    for part in truck_scene.vehicle_parts():
        np.testing.assert_allclose(loaded.geometry[part.name].vertices, _gltf_from_model_mm(part.vertices), atol=1e-6)


def test_glb_keeps_outward_winding(glb, truck_scene):
    # A mirror (det -1) would turn every closed part inside out: negative volume.
    _, loaded, _ = glb
    for part in truck_scene.vehicle_parts():
        mesh = loaded.geometry[part.name]
        assert mesh.is_watertight, part.name
        assert mesh.volume == pytest.approx(part.mesh.volume * 1e-9, rel=1e-4), part.name
        assert mesh.volume > 0


def test_glb_keeps_one_named_node_and_mesh_per_part_and_its_colours(glb, truck_scene):
    _, loaded, doc = glb
    names = [p.name for p in truck_scene.vehicle_parts()]
    assert [n["name"] for n in doc["nodes"]] == names
    assert [m["name"] for m in doc["meshes"]] == names
    assert set(loaded.geometry) == set(names)
    for part in truck_scene.vehicle_parts():
        mesh = loaded.geometry[part.name]
        assert len(mesh.faces) == len(part.faces)
        colours = np.asarray(mesh.visual.vertex_colors)[:, :3] / 255.0
        assert np.abs(colours - np.asarray(part.color[:3])).min(axis=0).max() < 0.01, part.name


def test_glb_position_bounds_in_the_file_are_metres(glb):
    # What any glTF reader sees first: the accessors' min/max, which the spec requires for POSITION.
    _, _, doc = glb
    for mesh in doc["meshes"]:
        accessor = doc["accessors"][mesh["primitives"][0]["attributes"]["POSITION"]]
        assert max(map(abs, accessor["min"] + accessor["max"])) < 4.0, mesh["name"]  # a kei car is under 3.4 m
        assert accessor["min"][1] >= -1e-6  # nothing below the ground


def test_glb_refuses_any_unit_but_metres(tmp_path, truck):
    with pytest.raises(ExportError, match="metres") as info:
        export_design(truck, tmp_path / "truck.glb", units="mm")
    assert "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []
    export_design(truck, tmp_path / "truck.glb", units="m")  # saying what it is anyway is fine


# --- STL, OBJ, PLY: the model's axes in the unit asked for ---------------------------------------------------------

@pytest.mark.parametrize("units", [None, "mm", "m", "in"])
@pytest.mark.parametrize("suffix", [".stl", ".obj", ".ply", ".STL"])
def test_mesh_formats_are_in_the_unit_asked_for_z_up(tmp_path, truck, suffix, units):
    path = export_design(truck, tmp_path / f"truck{suffix}", units=units)
    assert path.is_file() and path.stat().st_size > 1000
    scale = 1.0 / MM_PER[units or "mm"]
    d = truck.dimensions
    loaded = _load_mesh(path)
    np.testing.assert_allclose(loaded.extents, np.array([d.length_mm, d.width_mm, d.height_mm]) * scale, rtol=1e-5)
    np.testing.assert_allclose(loaded.bounds[1][[0, 2]], [0.0, d.height_mm * scale], rtol=1e-5, atol=1e-6)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left behind


@pytest.mark.parametrize("units", ["mm", "m", "in"])
def test_the_unit_and_axes_are_written_into_each_file(tmp_path, truck, units):
    statement = unit_statement(units)
    assert f"units: {units};" in statement and "z up" in statement

    obj = export_design(truck, tmp_path / "t.obj", units=units).read_text(encoding="ascii")
    assert obj.splitlines()[0] == f"# {statement}"

    ply = export_design(truck, tmp_path / "t.ply", units=units).read_bytes()
    header = ply[:ply.index(b"end_header\n")].decode("ascii").splitlines()
    assert header[:3] == ["ply", "format binary_little_endian 1.0", f"comment {statement}"]

    stl = export_design(truck, tmp_path / "t.stl", units=units).read_bytes()
    assert stl[:80].decode("ascii").rstrip() == statement
    assert not stl[:5].lower().startswith(b"solid")  # readers take "solid..." for ASCII STL
    faces = struct.unpack("<I", stl[80:84])[0]
    assert len(stl) == 84 + 50 * faces  # still a well-formed binary STL


def test_statements_fit_the_stl_header():
    for units in LENGTH_UNITS:
        assert len(unit_statement(units).encode("ascii")) <= 80


@pytest.mark.parametrize("suffix", [".obj", ".ply"])
def test_mesh_formats_keep_winding_and_colours(tmp_path, truck, truck_scene, suffix):
    loaded = _load_mesh(export_design(truck, tmp_path / f"truck{suffix}", units="m"))
    assert loaded.volume == pytest.approx(sum(p.mesh.volume for p in truck_scene.vehicle_parts()) * 1e-9, rel=1e-4)
    colours = {tuple(c) for c in np.asarray(loaded.visual.vertex_colors)[:, :3]}
    expected = {tuple(np.round(np.asarray(p.color[:3]) * 255).astype(int)) for p in truck_scene.vehicle_parts()}
    assert expected <= colours


def test_obj_keeps_one_object_per_part(tmp_path, truck, truck_scene):
    text = export_design(truck, tmp_path / "truck.obj").read_text(encoding="ascii")
    objects = [line[2:] for line in text.splitlines() if line.startswith("o ")]
    assert objects == [p.name for p in truck_scene.vehicle_parts()]
    # the seats are the vehicle's; the occupants, like the kei box, only a viewing aid
    assert "seats" in objects and "occupants" in truck_scene and "occupants" not in objects


def test_with_envelope_adds_the_kei_box(tmp_path, truck):
    path = export_design(truck, tmp_path / "truck.stl", with_envelope=True)
    np.testing.assert_allclose(_load_mesh(path).extents, KEI_BOX_MM, atol=1.0)
    glb = trimesh.load(str(export_design(truck, tmp_path / "truck.glb", with_envelope=True)), force="scene")
    length, width, height = KEI_BOX_MM
    np.testing.assert_allclose(glb.extents, [width / 1000, height / 1000, length / 1000], atol=1e-3)


def test_exporting_leaves_the_scene_in_millimetres_z_up(tmp_path, truck):
    # The app's scene is shared with the 3D view; the export transforms copies, never the scene's own arrays.
    scene = build_scene(truck)
    before = {p.name: p.vertices.copy() for p in scene}
    for name, units in (("t.glb", None), ("t.stl", "in"), ("t.obj", "m"), ("t.ply", "mm")):
        export_scene(scene, tmp_path / name, with_envelope=True, units=units)
    assert all(np.array_equal(before[p.name], p.vertices) for p in scene)


# --- refusals and atomic writes ------------------------------------------------------------------------------------

def test_unknown_extension_is_refused_without_a_file(tmp_path, truck):
    with pytest.raises(ExportError, match=r"\.step") as info:
        export_design(truck, tmp_path / "truck.step")
    assert isinstance(info.value, (PathError, ValueError))
    assert "\n" not in str(info.value)
    with pytest.raises(ValueError):
        export_design(truck, tmp_path / "truck")
    assert list(tmp_path.iterdir()) == []


def test_unknown_unit_is_refused_without_a_file(tmp_path, truck):
    with pytest.raises(ExportError, match="'ft'") as info:
        export_design(truck, tmp_path / "truck.stl", units="ft")
    assert "\n" not in str(info.value)
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
