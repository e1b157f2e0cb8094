"""What a vehicle is: the design model, its units and derived figures. Knows nothing of Qt or files."""

from .derived import FIGURES, Derived, derive
from .edit import EditError, field_info, get_value, switch_powertrain, with_value, with_values
from .front_end import FrontEnd
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
from .package import Package, SeatKind, SeatLocation, SeatRow
from .seating import DSP_571_10, DspFormula, Seating, SeatPlace, seating
from .units import UnitSystem, format_value

__all__ = [
    "DSP_571_10", "FIGURES", "POWERTRAIN_KINDS", "BodyStyle", "Derived", "Design", "Dimensions", "DspFormula",
    "EditError", "ElectricPowertrain", "Frame", "FrontEnd", "GasPowertrain", "HybridPowertrain", "Lighting", "Mass",
    "Material",
    "Occupancy", "Package", "Safety", "SeatBelts", "SeatKind", "SeatLocation", "SeatPlace", "SeatRow", "Seating",
    "Structure", "USClass", "UnitSystem", "derive", "field_info", "format_value", "get_value", "seating",
    "switch_powertrain", "with_value", "with_values",
]
