"""design -> Scene of named trimesh parts; mesh export; 2-D outlines for drawings. Knows nothing of Qt.

Millimetres; x forward, y left, z up; origin on the ground, on the centre line, at the vehicle's front-most point.
Exported GLB files are in glTF's frame instead (metres, +Y up, front +Z); see `export`.
"""

from ..design.kei import KEI_BOX_MM
from .build import build_scene
from .export import (
    DEFAULT_UNITS,
    EXPORT_FORMATS,
    LENGTH_UNITS,
    UNIT_NAMES,
    ExportError,
    export_design,
    export_scene,
    file_type_for,
    units_for,
)
from .outlines import Dimension, Outline, all_outlines, outlines
from .scene import Part, Scene

__all__ = [
    "DEFAULT_UNITS", "EXPORT_FORMATS", "KEI_BOX_MM", "LENGTH_UNITS", "UNIT_NAMES", "Dimension", "ExportError",
    "Outline", "Part", "Scene", "all_outlines", "build_scene", "export_design", "export_scene", "file_type_for",
    "outlines", "units_for",
]
