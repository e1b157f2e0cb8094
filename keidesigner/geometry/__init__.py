"""design -> Scene of named trimesh parts; mesh export; 2-D outlines for drawings. Knows nothing of Qt.

Millimetres; x forward, y left, z up; origin on the ground, on the centre line, at the vehicle's front-most point.
"""

from .build import build_scene
from .export import EXPORT_FORMATS, export_design, export_scene
from .outlines import Dimension, Outline, outlines
from .scene import KEI_BOX_MM, Part, Scene

__all__ = [
    "EXPORT_FORMATS", "KEI_BOX_MM", "Dimension", "Outline", "Part", "Scene", "build_scene", "export_design",
    "export_scene", "outlines",
]
