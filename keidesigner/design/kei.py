"""Japan's kei (keijidōsha) class, defined once: the box and the other limits (regulatory reference, section A).

The rules check a design against these; the 3D scene draws the box from them; the drawings dimension against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .units import KW_PER_HP, KW_PER_PS


@dataclass(frozen=True)
class KeiLimits:
    length_mm: float = 3400.0  # [S] R1–R4
    width_mm: float = 1480.0
    height_mm: float = 2000.0
    displacement_cc: float = 660.0
    seats: int = 4  # persons [S] R1, R2
    payload_kg: float = 350.0  # kei trucks and vans [S] R1, R2
    power_ps: float = 64.0  # Japanese makers' voluntary agreement, not a statute [S] R3, R5
    ev_convention_kw: float = 47.0  # production kei EVs' peak motor output [S] R6, R7

    @property
    def box_mm(self) -> tuple[float, float, float]:
        """(length, width, height) in mm."""
        return (self.length_mm, self.width_mm, self.height_mm)

    @property
    def power_kw(self) -> float:
        """64 PS = 47.07 kW, the makers' agreement."""
        return self.power_ps * KW_PER_PS

    @property
    def press_power_kw(self) -> float:
        """64 hp = 47.72 kW, the figure the US press quotes for the same agreement."""
        return self.power_ps * KW_PER_HP


KEI = KeiLimits()
KEI_BOX_MM: tuple[float, float, float] = KEI.box_mm
