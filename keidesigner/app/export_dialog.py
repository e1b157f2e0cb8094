"""File ▸ Export 3D model…: ask where to write the model and, for STL, OBJ and PLY, in which length unit.

GLB needs no question: glTF is always metres, +Y up, front +Z. STL, OBJ and PLY carry no unit, so the program that
reads them has to be told; the unit chosen last is offered first (QSettings key `export/units`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from ..geometry import DEFAULT_UNITS, EXPORT_FORMATS, LENGTH_UNITS, UNIT_NAMES

UNITS_KEY = "export/units"
# (filter text, suffix); the first is the dialog's default
FILTERS: tuple[tuple[str, str], ...] = (
    ("glTF binary, metres, Y up (*.glb)", ".glb"),
    ("STL mesh (*.stl)", ".stl"),
    ("OBJ mesh with part names (*.obj)", ".obj"),
    ("PLY mesh with colours (*.ply)", ".ply"),
)
UNIT_LABELS: dict[str, str] = {unit: f"{UNIT_NAMES[unit]} ({unit})" for unit in LENGTH_UNITS}


def ask_export_path(parent: QWidget | None, start: str) -> Path | None:
    """The file the user chose in a save dialog, or None on cancel.

    A name typed without an extension gets the one of the file type selected in the dialog.
    """
    path, chosen = QFileDialog.getSaveFileName(parent, "Export 3D model", start, ";;".join(f for f, _ in FILTERS))
    if not path:
        return None
    result = Path(path)
    if not result.suffix:
        result = result.with_name(result.name + dict(FILTERS).get(chosen, ".glb"))
    return result


def ask_units(parent: QWidget | None, path: Path, current: str) -> str | None:
    """The length unit ("mm", "m" or "in") to write path in, `current` offered first; None on cancel."""
    labels = list(UNIT_LABELS.values())
    index = list(UNIT_LABELS).index(current) if current in UNIT_LABELS else 0
    label, ok = QInputDialog.getItem(
        parent, "Export units",
        f"{path.suffix[1:].upper()} files carry no unit. Write \u201c{path.name}\u201d in:\n"
        "(axes as in the app: x forward, y left, z up)",
        labels, index, False,
    )
    if not ok:
        return None
    return next(unit for unit, text in UNIT_LABELS.items() if text == label)


def ask_export_target(parent: QWidget | None, start: str, settings: QSettings) -> tuple[Path, str | None] | None:
    """(path, units) for an export, or None when the user cancelled either question.

    units is None for GLB (always metres) and for an extension the exporter does not know (the export then reports
    it); for STL, OBJ and PLY it is the unit chosen, which is remembered in settings for the next export.
    """
    path = ask_export_path(parent, start)
    if path is None:
        return None
    if EXPORT_FORMATS.get(path.suffix.lower()) in (None, "glb"):
        return path, None
    remembered = str(settings.value(UNITS_KEY, DEFAULT_UNITS))
    units = ask_units(parent, path, remembered if remembered in LENGTH_UNITS else DEFAULT_UNITS)
    if units is None:
        return None
    settings.setValue(UNITS_KEY, units)
    return path, units
