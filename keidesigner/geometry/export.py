"""Write a design's scene as a mesh file: STL, OBJ, PLY or GLB, chosen by the path's extension, in millimetres.

GLB and OBJ keep one named object per part with its colour; PLY keeps the colours in one mesh; STL is geometry
only. The file is written to a temporary file beside the target and moved into place, so a failure never leaves
a partial file behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..common import PathError, write_atomic
from ..design import Design
from .build import build_scene
from .scene import Scene

EXPORT_FORMATS: dict[str, str] = {".stl": "stl", ".obj": "obj", ".ply": "ply", ".glb": "glb"}


class ExportError(PathError, ValueError):
    """A model that cannot be exported to the path asked for (an unknown file type)."""


def file_type_for(path: str | os.PathLike) -> str:
    suffix = Path(path).suffix.lower()
    try:
        return EXPORT_FORMATS[suffix]
    except KeyError:
        known = ", ".join(EXPORT_FORMATS)
        raise ExportError(path, f"cannot export to '{suffix or Path(path).name}': use one of {known}") from None


def scene_bytes(scene: Scene, file_type: str, with_envelope: bool = False) -> bytes:
    data = scene.to_trimesh_scene(with_envelope=with_envelope).export(file_type=file_type)
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def export_scene(scene: Scene, path: str | os.PathLike, with_envelope: bool = False) -> Path:
    path = Path(path)
    file_type = file_type_for(path)  # refuse before any work or any file
    write_atomic(path, scene_bytes(scene, file_type, with_envelope))
    return path


def export_design(design: Design, path: str | os.PathLike, with_envelope: bool = False) -> Path:
    """Write the design's scene to path (format from the extension); the kei envelope only if with_envelope."""
    file_type_for(path)
    return export_scene(build_scene(design), path, with_envelope=with_envelope)
