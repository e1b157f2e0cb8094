"""Design files as older versions of KeiDesigner wrote them, made from today's designs, for the migration tests."""

from __future__ import annotations

import json
from typing import Any

from keidesigner.design import Design, derive
from keidesigner.files import dumps_design


def as_version_5(design: Design) -> dict[str, Any]:
    """The design as a version-5 file held it: no road load."""
    doc = json.loads(dumps_design(design)) | {"version": 5}
    doc.pop("road_load")
    return doc


def as_version_4(design: Design) -> dict[str, Any]:
    """The design as a version-4 file held it: no compliance plan."""
    doc = as_version_5(design) | {"version": 4}
    doc.pop("plan")
    return doc


def as_version_3(design: Design, crush_mm: float | None = None) -> dict[str, Any]:
    """The design as a version-3 file held it: a typed front crush zone (`structure.front_crush_zone_mm`, 100 to 1,500
    mm) instead of the front end; unless given, the crush length the front end derives, within those bounds."""
    doc = as_version_4(design) | {"version": 3}
    doc.pop("front_end")
    crush = min(max(round(derive(design).crush_length_mm, 1), 100.0), 1500.0) if crush_mm is None else crush_mm
    doc["structure"] = {**doc["structure"], "front_crush_zone_mm": crush}
    return doc


def as_version_2(design: Design, seats: int | None = None, belt: str | None = None,
                 latch: int | None = None, crush_mm: float | None = None) -> dict[str, Any]:
    """The design as a version-2 file held it: a typed seat count, one belt type and a LATCH count instead of the
    occupant package, no CHMSL. Unless given, the seat count is the design's designated seating capacity (capped at
    version 2's 10), the belt type its first seat's and the LATCH count its rear seats'."""
    doc = as_version_3(design, crush_mm) | {"version": 2}
    package = doc.pop("package")
    first = package["rows"][0]["seats"][0]
    rear_latch = sum(s["latch_positions"] for row in package["rows"][1:] for s in row["seats"])
    seats = min(derive(design).seats, 10) if seats is None else seats
    doc["occupancy"] = {"seats": seats, **doc["occupancy"]}
    doc["safety"] = {**doc["safety"], "latch_positions": min(rear_latch, seats) if latch is None else latch,
                     "seat_belts": first["belt"] if belt is None else belt}
    doc["lighting"] = {k: v for k, v in doc["lighting"].items() if k not in ("chmsl", "chmsl_height_mm")}
    return doc


def as_version_1(design: Design, **kwargs: Any) -> dict[str, Any]:
    """Version 1 also had no curb weight distribution."""
    doc = as_version_2(design, **kwargs) | {"version": 1}
    doc["mass"] = {k: v for k, v in doc["mass"].items() if k != "curb_front_axle_pct"}
    return doc
