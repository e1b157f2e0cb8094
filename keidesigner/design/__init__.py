"""What a vehicle is: the design model, its units and derived figures. Knows nothing of Qt or files."""

from .derived import FIGURES, Derived, derive
from .edit import EditError, field_info, get_value, switch_powertrain, with_value, with_values
from .model import (
    POWERTRAIN_KINDS,
    BodyStyle,
    Design,
    Dimensions,
    ElectricPowertrain,
    Frame,
    GasPowertrain,
    HybridPowertrain,
    Lighting,
    Mass,
    Material,
    Occupancy,
    Safety,
    SeatBelts,
    Structure,
    USClass,
)
from .units import UnitSystem, format_value

__all__ = [
    "FIGURES", "POWERTRAIN_KINDS", "BodyStyle", "Derived", "Design", "Dimensions", "EditError", "ElectricPowertrain",
    "Frame", "field_info", "GasPowertrain", "HybridPowertrain", "Lighting", "Mass", "Material", "Occupancy", "Safety",
    "SeatBelts",
    "Structure", "USClass", "UnitSystem", "derive", "format_value", "get_value", "switch_powertrain", "with_value",
    "with_values",
]
