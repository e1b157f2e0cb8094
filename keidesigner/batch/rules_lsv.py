"""Twins of the low-speed-vehicle rules (rules/us.py, FMVSS 500): the speed band, the weight limit, the equipment."""

from __future__ import annotations

import numpy as np

from ..design.package import SeatBelts
from ..rules import us
from .outcome import bounded, equipment
from .twin import View, twin

LSV_FLAGS = tuple(path for path, _ in us._LSV_EQUIPMENT)


@twin(us.lsv_speed, "us", inputs=("powertrain.top_speed_kmh",))
def lsv_speed(v: View) -> dict:
    """More than 32 km/h (20 mph), not more than 40 km/h (25 mph), as the settings read paired units."""
    return {"us.500.speed": bounded(v.field("powertrain.top_speed_kmh"), minimum=v.paired(us.LSV_MIN_SPEED, "min"),
                                    strict_minimum=True, maximum=v.paired(us.LSV_MAX_SPEED, "max"))}


@twin(us.lsv_gvwr, "us", inputs=("derived.gvwr_kg",))
def lsv_gvwr(v: View) -> dict:
    """A GVWR less than 1,361 kg (3,000 lb): a strict maximum."""
    return {"us.500.gvwr": bounded(v.figure("gvwr_kg"), maximum=v.paired(us.LSV_GVWR, "max"), strict_maximum=True)}


@twin(us.lsv_equipment, "us", inputs=(*LSV_FLAGS, "package.rows.*.seats.*.belt", "derived.seating.positions"))
def lsv_equipment(v: View) -> dict:
    """Every FMVSS 500 S5 item fitted, and a belt at every seat location that makes a designated seating position."""
    fitted = all(v.field(path) for path in LSV_FLAGS)
    if not fitted:
        return {"us.500.equipment": equipment(False)}
    unbelted = False
    for place, positions in zip(v.places, v.figure("seating.positions")):
        if v.field(f"{place.path}.belt") is SeatBelts.none:
            unbelted = np.logical_or(unbelted, np.greater(positions, 0))
    return {"us.500.equipment": equipment(np.logical_not(unbelted))}
