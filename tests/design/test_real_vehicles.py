"""The model describes the smallest and largest real vehicles the product is for; it refuses only the impossible.

Figures are press figures (sources in docs/sources.md): Suzuki's 12 V mild hybrid (Wagon R, 2017: a 2.3 kW
starter-generator and a 10 Ah / 120 Wh lithium-ion pack on 12 V), the Citroën Ami quadricycle (5.5 kWh, 6 kW,
45 km/h, 2,410 x 1,390 x 1,520 mm, 1,728 mm wheelbase, 485 kg) and the Nissan Sakura (20 kWh, 47 kW, 3,395 x 1,475
x 1,655 mm, 2,495 mm wheelbase, 1,080 kg).
"""

from __future__ import annotations

import pytest

from keidesigner.design import EditError, derive, with_values
from keidesigner.design.edit import plain, validated
from keidesigner.files import load_preset
from keidesigner.rules import evaluate


def test_a_12_v_mild_hybrid_with_a_0_12_kwh_pack(hybrid_wagon):
    mild = with_values(hybrid_wagon, {
        "powertrain.battery_kwh": 0.12, "powertrain.pack_voltage_v": 12, "powertrain.motor_power_kw": 2.3,
        "powertrain.system_power_kw": 38.0,
    })
    assert mild.powertrain.battery_kwh == 0.12
    ev = evaluate(mild)
    assert ev.by_id("us.305.electric_safety").status == "not_applicable"  # 12 V is not a high-voltage source
    assert ev.by_id("us.141.alert_sound").status != "not_applicable"  # still a hybrid


def test_a_micro_ev_quadricycle():
    """A 2.41 m, two-seat, 5.5 kWh quadricycle: the front row of the hatch alone, under a 1,520 mm roof."""
    data = plain(load_preset("kei-ev-hatch"))
    data["package"]["rows"] = data["package"]["rows"][:1]
    data["package"]["headliner_height_mm"] = 1450.0
    base = validated(data)
    ami = with_values(base, {
        "dimensions.length_mm": 2410, "dimensions.width_mm": 1390, "dimensions.height_mm": 1520,
        "dimensions.wheelbase_mm": 1728, "dimensions.front_overhang_mm": 340, "dimensions.front_track_mm": 1210,
        "dimensions.rear_track_mm": 1210, "dimensions.tire_diameter_mm": 560, "dimensions.tire_width_mm": 155,
        "powertrain.battery_kwh": 5.5, "powertrain.motor_power_kw": 6, "powertrain.pack_voltage_v": 48,
        "powertrain.top_speed_kmh": 45, "mass.curb_mass_kg": 485, "lighting.headlamp_height_mm": 800,
        "lighting.tail_lamp_height_mm": 700, "lighting.bumper_height_mm": 420, "lighting.chmsl_height_mm": 1400,
    })
    assert ami.powertrain.battery_kwh == 5.5 and ami.dimensions.length_mm == 2410
    assert derive(ami).seats == 2


@pytest.mark.parametrize("changes, field", [
    ({"powertrain.battery_kwh": 0}, "battery_kwh"),
    ({"powertrain.battery_kwh": -1}, "battery_kwh"),
    ({"dimensions.length_mm": 500}, "length_mm"),
    ({"powertrain.motor_power_kw": 0}, "motor_power_kw"),
    ({"dimensions.ground_clearance_mm": 0}, "ground_clearance_mm"),
])
def test_the_impossible_is_still_refused(ev_hatch, changes, field):
    with pytest.raises(EditError, match=field):
        with_values(ev_hatch, changes)
