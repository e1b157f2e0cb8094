"""What the energy text says the figures rest on: every powertrain input the model takes, what it does not take, the
accessory load's origin, and the range band of every powertrain."""

from __future__ import annotations

import pytest

from keidesigner.analysis import analyse
from keidesigner.design import with_values
from keidesigner.energy.summary import assumption_rows, result_rows
from keidesigner.files import load_preset

TEMPLATE = {"kei-van": "2012 Ford Fusion", "kei-hybrid-wagon": "2016 TOYOTA Prius Two",
            "kei-ev-hatch": "2022 Renault Zoe ZE50 R135"}


@pytest.fixture(scope="module")
def estimates():
    return {name: analyse(load_preset(name)).energy for name in TEMPLATE}


@pytest.mark.parametrize("preset, shown", [
    ("kei-van", {"Engine power": "36.8 kW"}),
    ("kei-hybrid-wagon", {"Engine power": "38.0 kW", "Motor power": "10.0 kW", "Battery": "0.9 kWh"}),
    ("kei-ev-hatch", {"Motor power": "47.0 kW", "Battery": "20.0 kWh"}),
])
def test_the_powertrain_inputs_are_among_the_assumptions(estimates, preset, shown):
    rows = {r.title: r for r in assumption_rows(estimates[preset])}
    assert {t: rows[t].value for t in ("Engine power", "Motor power", "Battery") if t in rows} == shown
    if "Engine power" in rows:
        assert "the displacement does not enter the model" in rows["Engine power"].note
    if "Battery" in rows:
        assert "its mass is whatever the typed curb mass holds" in rows["Battery"].note


@pytest.mark.parametrize("preset", list(TEMPLATE))
def test_the_accessory_load_says_whose_it_is_and_what_comparing_powertrains_needs(estimates, preset):
    note = next(r.note for r in assumption_rows(estimates[preset]) if r.title == "Accessory load")
    assert note.startswith(f"the FASTSim template's ({TEMPLATE[preset]})")
    assert "biases a comparison between powertrains" in note and "road_load.accessory_load_w" in note
    typed = analyse(with_values(load_preset(preset), {"road_load.accessory_load_w": 400})).energy
    assert next(r for r in assumption_rows(typed) if r.title == "Accessory load").note == "typed"


@pytest.mark.parametrize("preset", list(TEMPLATE))
def test_every_powertrain_s_range_shows_its_band(estimates, preset):
    e = estimates[preset]
    band = e.label_range_band
    assert e.to_dict()["label_range_mi_band"] == [round(band.low, 1), round(band.high, 1)]
    note = next(r.note for r in result_rows(e) if r.title == "Range (label)")
    assert note.startswith(f"band {round(band.low * 1.609344)}–{round(band.high * 1.609344)} km "
                           f"({round(band.low)}–{round(band.high)} mi)"), note
