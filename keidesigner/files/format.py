"""The .kei design file: UTF-8 JSON, `{"format": "keidesigner.design", "version": 5, ...the design...}`.

Loading refuses anything that is not exactly a valid design with one `DesignFileError` line; it never evaluates
or unpickles anything. Older versions pass through the migration chain; newer ones are refused.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from ..common import PathError
from ..design import Design
from ..design.edit import one_line, shown_key
from ..design.front_end_estimate import estimated_front_end
from ..design.package_estimate import estimated_package
from ..design.plan import EMPTY_PLAN
from ..design.road_load import default_road_load

FORMAT_NAME = "keidesigner.design"
CURRENT_VERSION = 6
MAX_FILE_BYTES = 1_000_000
MAX_NOTES: int = Design.model_fields["notes"].metadata[0].max_length  # what the model takes
SUFFIX = ".kei"


class MigrationError(ValueError):
    """An older file's field that a migration step needs and cannot read; `field` is its path in that version."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


_MISSING = object()  # a field the older version required and the file lacks


def _shown(value: Any) -> str:
    """A file's value as the file writes it (JSON: null, true, "450"), or 'nothing' for a missing field."""
    if value is _MISSING:
        return "nothing (the field is missing)"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the curb weight distribution (`mass.curb_front_axle_pct`); older designs estimate it."""
    mass = document.get("mass")
    if isinstance(mass, dict) and "curb_front_axle_pct" not in mass:
        document["mass"] = {**mass, "curb_front_axle_pct": None}
    return document


def _v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Version 3 draws the seats: an occupant package (`package`) replaces the typed seat count
    (`occupancy.seats`), the one belt type (`safety.seat_belts`) and the LATCH count (`safety.latch_positions`),
    which become the estimated package's seats, belts and anchorages (design/package_estimate.py); lighting gains
    the centre high-mounted stop lamp, which older files never declared: off, at three quarters of the height.

    A document that is not a version-2 design is passed on as it is, for validation to refuse by field."""
    occupancy, safety = document.get("occupancy"), document.get("safety")
    dimensions, lighting = document.get("dimensions"), document.get("lighting")
    if not all(isinstance(x, dict) for x in (occupancy, safety, dimensions, lighting)):
        return document
    seats, belt, latch = occupancy.get("seats", _MISSING), safety.get("seat_belts", _MISSING), \
        safety.get("latch_positions", _MISSING)
    # the fields this step consumes, checked as version 2 did: nothing else would name them once they are gone
    if type(seats) is not int or not 1 <= seats <= 10:
        raise MigrationError("occupancy.seats", f"{_shown(seats)} is not a whole number of seats from 1 to 10")
    if belt not in ("lap_shoulder", "lap", "none"):
        raise MigrationError("safety.seat_belts", f"{_shown(belt)} is not one of lap_shoulder, lap, none")
    if type(latch) is not int or not 0 <= latch <= seats:
        raise MigrationError("safety.latch_positions",
                             f"{_shown(latch)} is not a whole number from 0 to the {seats} seats")
    try:
        package = estimated_package(document.get("body_style"), dimensions, seats, belt, latch)
    except (KeyError, TypeError, ValueError):
        return document  # the body style or dimensions are not valid: validation names the field
    document["occupancy"] = {k: v for k, v in occupancy.items() if k != "seats"}
    document["safety"] = {k: v for k, v in safety.items() if k not in ("seat_belts", "latch_positions")}
    height = dimensions["height_mm"]
    document["lighting"] = {**lighting, "chmsl": False, "chmsl_height_mm": round(0.75 * height, 1)}
    document["package"] = package
    return document


def _v3_to_v4(document: dict[str, Any]) -> dict[str, Any]:
    """Version 4 draws the front end (`front_end`): the typed crush zone (`structure.front_crush_zone_mm`) goes,
    and the firewall of the estimated front end (design/front_end_estimate.py) is placed to keep that crush length;
    the notes say what was typed, what the front end keeps and that it is estimated.

    A document that is not a version-3 design is passed on as it is, for validation to refuse by field."""
    structure, dimensions, package = document.get("structure"), document.get("dimensions"), document.get("package")
    if not all(isinstance(x, dict) for x in (structure, dimensions, package)):
        return document
    crush = structure.get("front_crush_zone_mm", _MISSING)
    if type(crush) not in (int, float) or not 100 <= crush <= 1500:
        raise MigrationError("structure.front_crush_zone_mm", f"{_shown(crush)} is not a length from 100 to 1500 mm")
    try:
        front_row = package["rows"][0]["h_point_x_mm"]
        front_end, kept = estimated_front_end(document.get("body_style"), dimensions, float(crush), float(front_row))
    except (KeyError, IndexError, TypeError, ValueError):
        return document  # the body style, dimensions or package are not valid: validation names the field
    document["structure"] = {k: v for k, v in structure.items() if k != "front_crush_zone_mm"}
    document["front_end"] = front_end
    note = (f"[Format 4] This file typed a front crush zone of {crush:g} mm; the front end is now drawn and the "
            f"crush length derived from it. The front end was estimated for the body style, its firewall placed to "
            f"keep {kept:g} mm of crush: check the Front end fields.")
    notes = document.get("notes")
    if isinstance(notes, str):
        joined = f"{notes}\n\n{note}" if notes.strip() else note
        document["notes"] = joined if len(joined) <= MAX_NOTES else notes  # full notes stay the designer's
    return document


def _v4_to_v5(document: dict[str, Any]) -> dict[str, Any]:
    """Version 5 adds the compliance plan (`plan`, design/plan.py); older designs have none: every standard the
    rules do not screen is open."""
    if "plan" in document:  # an extra field in a version-4 file, refused as validation refuses any extra field
        raise MigrationError("plan", "version 4 had no compliance plan; a file with one must say version 5")
    document["plan"] = dict(EMPTY_PLAN)
    return document


def _v5_to_v6(document: dict[str, Any]) -> dict[str, Any]:
    """Version 6 adds the energy model's road load (`road_load`, design/road_load.py); older designs take every
    default: the body style's drag coefficient, the frontal area measured on the 3-D model, class C tyres and the
    powertrain template's accessory load."""
    if "road_load" in document:  # an extra field in a version-5 file, refused as validation refuses any extra field
        raise MigrationError("road_load", "version 5 had no road load; a file with one must say version 6")
    document["road_load"] = default_road_load().model_dump(mode="json")
    return document


# MIGRATIONS[n] turns a version-n document (a dict) into a version n+1 document.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6,
}


class DesignFileError(PathError):
    """A design file that cannot be loaded or saved; str() is one line naming the path and the problem."""


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


class _NonFinite(str):
    """NaN or Infinity in a file: kept as a marker so that the refusal can name the field it stands in."""


def parse_json(text: str, path: str | os.PathLike[str]) -> dict[str, Any]:
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_NonFinite)
    except json.JSONDecodeError as exc:
        raise DesignFileError(path, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise DesignFileError(path, "JSON nested too deeply") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's guard against 4,300+ digit integers
            raise DesignFileError(path, "a number with thousands of digits; not a design value") from None
        raise DesignFileError(path, str(exc)) from None
    if not isinstance(data, dict):
        raise DesignFileError(path, f"expected a JSON object, found {type(data).__name__}")
    return data


def migrate(document: dict[str, Any], path: str | os.PathLike[str]) -> dict[str, Any]:
    """The document brought up to CURRENT_VERSION through the migration chain."""
    if document.get("format") != FORMAT_NAME:
        raise DesignFileError(path, f"not a KeiDesigner design (format is {document.get('format')!r})")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise DesignFileError(path, f"version must be a whole number ≥ 1, found {version!r}")
    if version > CURRENT_VERSION:
        raise DesignFileError(
            path, f"written by a newer KeiDesigner (file version {version}; this program reads up to {CURRENT_VERSION})"
        )
    original = version
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DesignFileError(path, f"no migration from file version {version}")
        try:
            document = step(dict(document))
        except MigrationError as exc:
            raise DesignFileError(path, f"{exc} (a version-{original} file)") from None
        version = document["version"] = version + 1
    return document


MAX_DEPTH = 8  # a design is at most three levels deep; anything deeper is not a design


def _check_values(node: Any, path: str | os.PathLike[str]) -> None:
    """Refuse, naming the field, what pydantic's JSON parser would refuse without naming one: nesting deeper than
    its recursion limit and text holding lone surrogates (legal in JSON escapes, not in Unicode text)."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(node, ())]
    while stack:
        value, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            raise DesignFileError(path, f"{'.'.join(loc[:3])}: nested too deeply; not a design value")
        if isinstance(value, _NonFinite):
            where = f"{'.'.join(loc)}: " if loc else ""
            raise DesignFileError(path, f"{where}'{value}' is not a number a design may hold")
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                bad = f"U+{ord(value[exc.start]):04X}"
                raise DesignFileError(path, f"{'.'.join(loc)}: text holds a lone surrogate ({bad})") from None
        elif isinstance(value, dict):
            for key in value:
                try:
                    key.encode("utf-8")
                except UnicodeEncodeError:
                    where = f"{'.'.join(loc)}: " if loc else ""
                    raise DesignFileError(path, f"{where}a key holds a lone surrogate") from None
            stack.extend((v, (*loc, shown_key(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*loc, str(i))) for i, v in enumerate(value))


def design_from_document(document: dict[str, Any], path: str | os.PathLike[str]) -> Design:
    body = {k: v for k, v in migrate(document, path).items() if k not in ("format", "version")}
    _check_values(body, path)
    try:
        # strict JSON validation: "3400" is not a length and true is not a number
        return Design.model_validate_json(json.dumps(body), strict=True)
    except ValidationError as exc:
        raise DesignFileError(path, one_line(exc)) from None


def read_text(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    try:
        if p.exists() and not p.is_file() and not p.is_dir():
            raise DesignFileError(path, "not a regular file (a device, a pipe or a socket); not a design file")
        with open(p, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DesignFileError(path, "no such file") from None
    except IsADirectoryError:
        raise DesignFileError(path, "is a folder, not a design file") from None
    except ValueError:  # os-level: a NUL byte in the name
        raise DesignFileError(path, "not a valid file name") from None
    except PermissionError:
        raise DesignFileError(path, "permission denied") from None
    except OSError as exc:
        raise DesignFileError(path, exc.strerror or str(exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise DesignFileError(path, f"larger than {MAX_FILE_BYTES:,} bytes; not a design file")
    if not raw.strip():
        raise DesignFileError(path, "empty file")
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark, as Windows editors write UTF-8
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DesignFileError(path, f"not UTF-8 text (byte {exc.start})") from None


def load_design(path: str | os.PathLike[str]) -> Design:
    """The design in a .kei file, or DesignFileError."""
    return design_from_document(parse_json(read_text(path), path), path)


def loads_design(text: str, path: str = "<text>") -> Design:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise DesignFileError(path, f"larger than {MAX_FILE_BYTES:,} bytes; not a design file")
    return design_from_document(parse_json(text, path), path)


def dumps_design(design: Design) -> str:
    document = {"format": FORMAT_NAME, "version": CURRENT_VERSION, **design.model_dump(mode="json")}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """JSON Schema of the current design file version (the design plus format and version)."""
    schema = Design.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "KeiDesigner design file"
    schema["properties"] = {
        "format": {"const": FORMAT_NAME},
        "version": {"const": CURRENT_VERSION},
        **schema["properties"],
    }
    schema["required"] = ["format", "version", *schema.get("required", [])]
    return schema
