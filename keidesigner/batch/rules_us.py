"""Twins of the US rules on lamps, bumpers, roof, crash and equipment (rules/us.py), over arrays.

Applicability reads as it does in the scalar rules: the pathway is one per batch, the GVWR scope is elementwise
(`gvwr_kg > GVWR_SCOPE` under the settings' reading of paired units, compared without tolerance as the scalar rules
compare it).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..design import USClass
from ..design.units import STANDARD_GRAVITY
from ..rules import us
from .outcome import INFO, NOT_APPLICABLE, WARN, Outcome, bounded, choose, equipment
from .twin import View, twin

GVWR = "derived.gvwr_kg"


def over_scope(v: View) -> Any:
    """us._over_scope: GVWR above the scope ceiling of most FMVSS (4,536 kg / 10,000 lb)."""
    return np.greater(v.figure("gvwr_kg"), v.paired(us.GVWR_SCOPE, "max"))


def cars_any_weight_scope(v: View) -> Any:
    """us._cars_any_weight_scope: over the scope, and not a passenger car (214 and 305 cover cars of any GVWR)."""
    return False if v.us_class is USClass.passenger_car else over_scope(v)


def _open_top(v: View) -> bool:
    return v.field("body_style").traits.open_top


# --- FMVSS 108 lamps -----------------------------------------------------------------------------------------------

def _lamp(rule, rule_id: str, field: str, low: float, high: float) -> None:
    path = f"lighting.{field}"

    @twin(rule, "us", inputs=(path,), name=rule_id)
    def lamp(v: View) -> dict:
        if v.is_lsv:
            return {rule_id: NOT_APPLICABLE}
        return {rule_id: bounded(v.field(path), minimum=low, maximum=high)}


_lamp(us.headlamp_height, "us.108.headlamp_height", "headlamp_height_mm", us.HEADLAMP_MIN_MM, us.HEADLAMP_MAX_MM)
_lamp(us.tail_lamp_height, "us.108.tail_lamp_height", "tail_lamp_height_mm", us.TAIL_LAMP_MIN_MM,
      us.TAIL_LAMP_MAX_MM)


@twin(us.chmsl, "us", inputs=("lighting.chmsl", "lighting.chmsl_height_mm", "dimensions.width_mm", GVWR))
def chmsl(v: View) -> dict:
    rule_id = "us.108.chmsl"
    if v.is_lsv:
        return {rule_id: NOT_APPLICABLE}
    fitted = v.field("lighting.chmsl")
    if v.us_class is USClass.passenger_car:
        return {rule_id: equipment(fitted)}
    out = np.logical_or(np.greater_equal(v.field("dimensions.width_mm"), us.CHMSL_WIDTH_MM),
                        np.greater(v.figure("gvwr_kg"), us.CHMSL_GVWR_KG))
    inside = (bounded(v.field("lighting.chmsl_height_mm"), minimum=us.CHMSL_MIN_MM) if fitted
              else equipment(False))
    return {rule_id: choose(out, NOT_APPLICABLE, inside)}


# --- Part 581 bumpers ------------------------------------------------------------------------------------------------

@twin(us.bumper_height, "us", inputs=("lighting.bumper_height_mm",))
def bumper_height(v: View) -> dict:
    if v.us_class is not USClass.passenger_car:
        return {"us.581.bumper_height": NOT_APPLICABLE}
    return {"us.581.bumper_height": bounded(v.field("lighting.bumper_height_mm"), minimum=us.BUMPER_MIN_MM,
                                            maximum=us.BUMPER_MAX_MM)}


# --- FMVSS 216a roof crush -------------------------------------------------------------------------------------------

@twin(us.roof_crush, "us", inputs=(GVWR, "body_style", "mass.curb_mass_kg", "structure.roof_strength_kn"))
def roof_crush(v: View) -> dict:
    """3.0 × the unloaded weight up to the 216a GVWR, 1.5 × above; not applicable to LSVs, over the scope,
    convertibles."""
    rule_id = "us.216a.roof_crush"
    if v.is_lsv:
        return {rule_id: NOT_APPLICABLE}
    gvwr = v.figure("gvwr_kg")
    scope = over_scope(v)
    if _open_top(v):
        return {rule_id: NOT_APPLICABLE}  # after the scope, which it would also make not applicable
    factor = np.where(np.less_equal(gvwr, v.paired(us.ROOF_3X_GVWR, "max")), us.ROOF_FACTOR_LIGHT,
                      us.ROOF_FACTOR_HEAVY)
    required = factor * v.field("mass.curb_mass_kg") * STANDARD_GRAVITY / 1000
    return {rule_id: choose(scope, NOT_APPLICABLE, bounded(v.field("structure.roof_strength_kn"),
                                                           minimum=required))}


# --- FMVSS 208 frontal ---------------------------------------------------------------------------------------------

@twin(us.frontal_airbags, "us", inputs=("safety.frontal_airbags",))
def frontal_airbags(v: View) -> dict:
    if v.is_lsv:
        return {"us.208.frontal_airbags": NOT_APPLICABLE}
    return {"us.208.frontal_airbags": equipment(v.field("safety.frontal_airbags"))}


@twin(us.frontal_crush, "us", inputs=("derived.crash_decel_g", "package.rows.0.h_point_x_mm"))
def frontal_crush(v: View) -> dict:
    """The 56 km/h barrier's average deceleration against the settings' limit (the scalar rule reads the front row
    to choose the field its fix names, which changes neither the status nor the margin)."""
    if v.is_lsv:
        return {"us.208.crush_pulse": NOT_APPLICABLE}
    return {"us.208.crush_pulse": bounded(v.figure("crash_decel_g"), maximum=v.settings.frontal_decel_limit_g)}


# --- FMVSS 214 / 226 side ------------------------------------------------------------------------------------------

def _fitted_in_scope(rule, rule_id: str, flag: str, out_of_scope) -> None:
    """The twin of a rule that asks for a piece of equipment: not applicable to an LSV or where `out_of_scope(v)`
    (the standard's vehicle classes and weight), else whether `flag` is fitted."""
    @twin(rule, "us", inputs=(flag, GVWR), name=rule_id)
    def fitted(v: View) -> dict:
        if v.is_lsv:
            return {rule_id: NOT_APPLICABLE}
        return {rule_id: choose(out_of_scope(v), NOT_APPLICABLE, equipment(v.field(flag)))}


_fitted_in_scope(us.side_airbags, "us.214.side_airbags", "safety.side_airbags", cars_any_weight_scope)
_fitted_in_scope(us.door_beams, "us.214.door_beams", "structure.side_door_beams", cars_any_weight_scope)


@twin(us.curtain_airbags, "us", inputs=("safety.curtain_airbags", GVWR, "body_style"))
def curtain_airbags(v: View) -> dict:
    rule_id = "us.226.ejection_mitigation"
    if v.is_lsv:
        return {rule_id: NOT_APPLICABLE}
    fitted = NOT_APPLICABLE if _open_top(v) else equipment(v.field("safety.curtain_airbags"))
    return {rule_id: choose(over_scope(v), NOT_APPLICABLE, fitted)}


# --- presence checks: 111, 126, 138, 141, 305 ----------------------------------------------------------------------

@twin(us.rear_camera, "us", inputs=("safety.rear_camera", GVWR))
def rear_camera(v: View) -> dict:
    return {"us.111.rear_visibility": choose(over_scope(v), NOT_APPLICABLE, equipment(v.field("safety.rear_camera")))}


_fitted_in_scope(us.esc, "us.126.esc", "safety.esc", over_scope)
_fitted_in_scope(us.tpms, "us.138.tpms", "safety.tpms", over_scope)


@twin(us.pedestrian_alert, "us", inputs=("powertrain.kind", "safety.pedestrian_alert_sound"))
def pedestrian_alert(v: View) -> dict:
    if v.field("powertrain.kind") not in ("electric", "hybrid"):
        return {"us.141.alert_sound": NOT_APPLICABLE}
    return {"us.141.alert_sound": equipment(v.field("safety.pedestrian_alert_sound"))}


@twin(us.electric_safety, "us", inputs=("powertrain.kind", "powertrain.pack_voltage_v", "powertrain.top_speed_kmh",
                                        GVWR))
def electric_safety(v: View) -> dict:
    """A warning (shown by test) for a high-voltage pack able to exceed 40 km/h; no margin either way."""
    rule_id = "us.305.electric_safety"
    if v.field("powertrain.kind") == "gas" or v.is_lsv:
        return {rule_id: NOT_APPLICABLE}
    low = np.logical_or(np.less_equal(v.field("powertrain.pack_voltage_v"), us.HV_DC_V),
                        np.less_equal(v.field("powertrain.top_speed_kmh"), us.HV_SPEED_KMH))
    return {rule_id: choose(np.logical_or(cars_any_weight_scope(v), low), NOT_APPLICABLE, Outcome(WARN))}


# --- weights -----------------------------------------------------------------------------------------------------

@twin(us.capacity_weight, "us", inputs=(GVWR, "derived.min_gvwr_kg"))
def capacity_weight(v: View) -> dict:
    return {"us.110.capacity_weight": bounded(v.figure("gvwr_kg"), minimum=v.figure("min_gvwr_kg"))}


@twin(us.axle_ratings, "us", inputs=("derived.gvwr_front_axle_kg", "derived.gvwr_rear_axle_kg", GVWR,
                                     "derived.curb_front_axle_pct", "derived.front_axle_estimated"))
def axle_ratings(v: View) -> dict:
    """Information, or a warning where a load at GVWR lifts an axle (an axle load ≤ 0); no margin. (The scalar
    rule's warning also names the GVWR and the curb split, and whether that is estimated.)"""
    lifted = np.less_equal(np.minimum(v.figure("gvwr_front_axle_kg"), v.figure("gvwr_rear_axle_kg")), 0)
    return {"us.567.gawr": Outcome(np.where(lifted, WARN, INFO).astype(np.int8, copy=False))}
