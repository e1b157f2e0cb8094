"""Fuel economy, electric consumption and range on the EPA cycles, computed with NREL's FASTSim and calibrated on
small cars. Importing this package does not import FASTSim: the first simulation does."""

from .estimate import Band, EnergyEstimate, estimate
from .inputs import EPA_TEST_LOAD_KG, EnergyInputs, inputs_for
from .vehicle import EnergyModelError

__all__ = ["EPA_TEST_LOAD_KG", "Band", "EnergyEstimate", "EnergyInputs", "EnergyModelError", "estimate", "inputs_for"]
