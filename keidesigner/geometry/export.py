"""Write a design's scene as a mesh file: STL, OBJ, PLY or GLB, chosen by the path's extension.

Units and axes, per format:

- GLB (glTF 2.0 binary): always metres, +Y up, the vehicle's front facing +Z, +X to the vehicle's left. The glTF
  2.0 specification (Khronos, version 2.0.1, section 3.4 "Coordinate System and Units") says: "glTF uses a
  right-handed coordinate system. glTF defines +Y as up, +Z as forward, and -X as right; the front of a glTF asset
  faces +Z." and "The units for all linear distances are meters."
  (https://registry.khronos.org/glTF/specs/2.0/glTF-2.0.html#coordinate-system-and-units). The model's frame
  (x forward, y left, z up, millimetres; see `scene.py`) is mapped by the proper rotation (X, Y, Z) = (y, z, x)
  / 1000 (a cyclic permutation, determinant +1, so every face keeps its outward winding), baked into the vertices:
  no node carries a transform.
  The origin stays where the model has it: on the ground (Y = 0), on the centre line (X = 0), at the vehicle's
  front-most point (Z = 0); the vehicle occupies Z in [-length, 0].
- STL, OBJ and PLY carry no unit of their own: they are written in millimetres unless another unit (`mm`, `m`,
  `in`) is asked for, in the model's own axes (x forward, y left, z up, same origin): these formats define no
  frame, and 3-D printing slicers and most CAD programs take them as z up. The unit and axes are written into
  the file: the OBJ's first comment line, a PLY `comment` header line right after `format`, and the binary STL's
  80-byte header (which never starts with "solid", so no reader takes the file for ASCII STL).

GLB and OBJ keep one named object per part with its colour (vertex colours); PLY keeps the colours in one mesh; STL
is geometry only. Every file goes through `keidesigner.common.write_atomic`: the target is either the old file or
the complete new one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..common import PathError, write_atomic
from ..design import Design
from .build import build_scene
from .scene import Scene

if TYPE_CHECKING:
    import trimesh

EXPORT_FORMATS: dict[str, str] = {".stl": "stl", ".obj": "obj", ".ply": "ply", ".glb": "glb"}

# Length units for the unit-less formats, as the number of the unit in one millimetre (1 in = 25.4 mm exactly,
# by the international yard and pound agreement of 1959).
LENGTH_UNITS: dict[str, float] = {"mm": 1.0, "m": 1e-3, "in": 1.0 / 25.4}
UNIT_NAMES: dict[str, str] = {"mm": "millimetres", "m": "metres", "in": "inches"}
DEFAULT_UNITS = "mm"
GLTF_UNITS = "m"

# Model frame (x forward, y left, z up, mm) -> glTF frame (+X left, +Y up, +Z forward, m). Rows: glTF X = y,
# glTF Y = z, glTF Z = x. A rotation (det +1) scaled by 1/1000.
GLTF_FROM_MODEL: np.ndarray = np.array(
    [
        [0.0, 1e-3, 0.0, 0.0],
        [0.0, 0.0, 1e-3, 0.0],
        [1e-3, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ]
)

MODEL_AXES = "x forward, y left, z up"
STL_HEADER_BYTES = 80


class ExportError(PathError, ValueError):
    """A model that cannot be exported to the path asked for (an unknown file type, or a unit the format refuses)."""


def file_type_for(path: str | os.PathLike) -> str:
    """The trimesh file type ("stl", "obj", "ply" or "glb") for path's extension, any case.

    Raises ExportError (one line, naming the path) for any other extension.
    """
    suffix = Path(path).suffix.lower()
    try:
        return EXPORT_FORMATS[suffix]
    except KeyError:
        known = ", ".join(EXPORT_FORMATS)
        raise ExportError(path, f"cannot export to '{suffix or Path(path).name}': use one of {known}") from None


def units_for(path: str | os.PathLike, units: str | None = None) -> str:
    """The length unit the file at path will be written in: `units`, or the format's default.

    GLB is always "m" (glTF defines metres); STL, OBJ and PLY default to "mm" and take "mm", "m" or "in".
    Raises ExportError for an unknown extension, an unknown unit, or a unit other than metres for GLB.
    """
    file_type = file_type_for(path)
    if file_type == "glb":
        if units not in (None, GLTF_UNITS):
            raise ExportError(path, f"glTF (.glb) is always in metres; units '{units}' apply to STL, OBJ and PLY")
        return GLTF_UNITS
    if units is None:
        return DEFAULT_UNITS
    if units not in LENGTH_UNITS:
        raise ExportError(path, f"unknown unit '{units}': use one of {', '.join(LENGTH_UNITS)}")
    return units


def unit_statement(units: str) -> str:
    """One ASCII line naming the unit and axes, short enough for the binary STL header (at most 80 bytes)."""
    return f"KeiDesigner model; units: {units}; axes: {MODEL_AXES}"


def _matrix(file_type: str, units: str) -> np.ndarray:
    if file_type == "glb":
        return GLTF_FROM_MODEL
    matrix = np.eye(4)
    matrix[:3, :3] *= LENGTH_UNITS[units]
    return matrix


def _transformed(scene: Scene, matrix: np.ndarray, with_envelope: bool) -> trimesh.Scene:
    # A mirror (det < 0) would export the vehicle's mirror image (trimesh would reverse each face to keep it
    # outward, so nothing else would show it).
    assert np.linalg.det(matrix[:3, :3]) > 0, "export transforms must be proper rotations and scales"
    out = scene.to_trimesh_scene(with_envelope=with_envelope)
    for mesh in out.geometry.values():
        mesh.apply_transform(matrix)
    return out


def _with_statement(data: bytes, file_type: str, statement: str) -> bytes:
    line = statement.encode("ascii")
    if file_type == "stl":
        # Binary STL: 80 header bytes the format leaves free, then the face count. trimesh writes zeros there.
        assert len(line) <= STL_HEADER_BYTES and not line.lower().startswith(b"solid")
        return line.ljust(STL_HEADER_BYTES, b" ") + data[STL_HEADER_BYTES:]
    if file_type == "ply":
        # A `comment` line may stand anywhere between the `format` line and `end_header`: right after `format`, so
        # it is the first thing a person reading the header sees.
        at = data.index(b"\n", data.index(b"\nformat ") + 1) + 1
        return data[:at] + b"comment " + line + b"\n" + data[at:]
    return data


def scene_bytes(scene: Scene, file_type: str, with_envelope: bool = False, units: str | None = None) -> bytes:
    """The scene encoded as file_type ("stl", "obj", "ply", "glb"); units as in `units_for` (None: the default).

    Raises ValueError for a unit GLB cannot take or that does not exist (callers with a path get ExportError from
    `units_for` first).
    """
    if file_type == "glb":
        if units not in (None, GLTF_UNITS):
            raise ValueError(f"glTF is always in metres, not '{units}'")
        units = GLTF_UNITS
    units = units or DEFAULT_UNITS
    if units not in LENGTH_UNITS:
        raise ValueError(f"unknown unit '{units}'")
    tri = _transformed(scene, _matrix(file_type, units), with_envelope)
    kwargs = {"header": unit_statement(units)} if file_type == "obj" else {}
    data = tri.export(file_type=file_type, **kwargs)
    data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return data if file_type == "glb" else _with_statement(data, file_type, unit_statement(units))


def export_scene(scene: Scene, path: str | os.PathLike, with_envelope: bool = False,
                 units: str | None = None) -> Path:
    """Write scene to path (format from the extension, units as in `units_for`); returns the path.

    Raises ExportError before any work for an unknown extension or unit, PathError when the file cannot be written.
    """
    path = Path(path)
    file_type = file_type_for(path)  # refuse before any work or any file
    units = units_for(path, units)
    write_atomic(path, scene_bytes(scene, file_type, with_envelope, units))
    return path


def export_design(design: Design, path: str | os.PathLike, with_envelope: bool = False,
                  units: str | None = None) -> Path:
    """Write the design's scene to path (format from the extension); the kei envelope only if with_envelope.

    units: "mm" (default), "m" or "in" for STL, OBJ and PLY; GLB is always metres, +Y up, front +Z (None or "m").
    Raises ExportError (one line) for an unknown extension or unit, PathError when the file cannot be written.
    """
    units_for(path, units)
    return export_scene(build_scene(design), path, with_envelope=with_envelope, units=units)
