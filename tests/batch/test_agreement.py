"""The vectorised engine gives what the scalar reference gives: validity, the refused field and its reason, every
derived figure, every rule's status and margin, for random variants of every preset under every US pathway, with the
default rule settings and with others."""

from __future__ import annotations

import numpy as np
import pytest
from batch_strategies import rule_settings, variants_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from soak import scale

from keidesigner.batch import Variants, differences, evaluate_batch, evaluate_scalar, grid
from keidesigner.design.kei import KEI
from keidesigner.files import load_preset
from keidesigner.rules import DEFAULT_SETTINGS

PRESETS = ("kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster", "kei-truck", "kei-van")
CLASSES = (None, "passenger_car", "mpv", "truck", "lsv")
EXAMPLES = scale(40, 400)  # per preset and pathway: 25 × 40 batches of 1–48 variants, about 23,000 variants in all
DESIGNS = {name: load_preset(name) for name in PRESETS}


def _agree(v, us_class, rule_settings_) -> None:
    batch = evaluate_batch(v, us_class, rule_settings_)
    scalar = evaluate_scalar(v, us_class, rule_settings_)
    assert differences(batch, scalar) == []
    assert batch.scalar_rules == ()


@pytest.mark.parametrize("us_class", CLASSES)
@pytest.mark.parametrize("preset_name", PRESETS)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.data_too_large])
@given(data=st.data())
def test_random_variants_agree_with_the_scalar_engine(preset_name, us_class, data):
    v = data.draw(variants_of(DESIGNS[preset_name]), label="variants")
    chosen = data.draw(st.one_of(st.just(DEFAULT_SETTINGS), rule_settings()), label="settings")
    _agree(v, us_class, chosen)


@pytest.mark.parametrize("preset_name", PRESETS)
def test_small_chunks_change_nothing(preset_name):
    """The same batch in chunks of 7 variants (every chunk boundary crossed) and in one."""
    design = DESIGNS[preset_name]
    v = grid(design, {"dimensions.length_mm": (3200.0, 3500.0, 25.0), "mass.curb_mass_kg": (500.0, 3500.0, 500.0),
                      "package.rows.0.seats.0.seating_width_mm": (300.0, 700.0, 100.0)})
    whole, chunked = evaluate_batch(v), evaluate_batch(v, chunk_size=7)
    assert differences(whole, chunked) == [] and differences(whole, evaluate_scalar(v)) == []


def test_the_kei_length_limit_across_a_length_sweep(truck):
    """Pass up to 3,400 mm, fail above it; the margin is 3,400 − length exactly, and 0 within the `same` tolerance."""
    lengths = np.array([3300.0, 3350.0, 3399.0, 3400.0 - 1e-10, 3400.0, 3400.0 + 1e-10, 3400.000001, 3401.0, 3450.0,
                        3500.0])
    v = Variants(truck, {"dimensions.length_mm": lengths})
    r = evaluate_batch(v)
    assert differences(r, evaluate_scalar(v)) == []
    assert r.valid.all()
    status = r.status["kei.length"]
    assert status.tolist() == [2] * 6 + [0] * 4  # pass ≤ 3,400 mm (within noise), fail above
    expected = np.where(np.abs(lengths - KEI.length_mm) <= 1e-9, 0.0, KEI.length_mm - lengths)
    assert np.array_equal(r.margin["kei.length"], expected)
    assert r.margin["kei.length"][0] == 100.0 and r.margin["kei.length"][-1] == -100.0
    assert r.derived["rear_overhang_mm"].tolist() == (lengths - truck.dimensions.wheelbase_mm
                                                      - truck.dimensions.front_overhang_mm).tolist()


@pytest.mark.parametrize("reading, statuses", [
    # 32 km/h is not "more than 32 km/h (20 mph)"; 32.19 km/h is more than 20 mph (32.187 km/h) but 40.23 km/h is
    # "not more than 25 mph" only in the US reading, not more than 40 km/h only in the metric one
    ("us", [0, 2, 2, 2, 0]),
    ("metric", [0, 2, 2, 0, 0]),
    ("either", [0, 2, 2, 2, 0]),
])
def test_the_lsv_speed_band_in_each_reading_of_paired_units(truck, reading, statuses):
    from keidesigner.rules.settings import RuleSettings

    speeds = np.array([32.0, 32.19, 40.0, 40.2, 40.3])
    v = Variants(truck, {"powertrain.top_speed_kmh": speeds})
    chosen = RuleSettings(paired_units=reading)
    r = evaluate_batch(v, "lsv", chosen)
    assert differences(r, evaluate_scalar(v, "lsv", chosen)) == []
    assert r.status["us.500.speed"].tolist() == statuses


def test_the_gvwr_scope_of_the_side_impact_rules(van):
    """Up to 10,000 lb (4,535.9 kg, the US reading) an MPV needs side airbags (the van has none: fail); above it
    FMVSS 214 does not apply; the kei payload limit and the rollover advice do not care."""
    gvwr = np.array([4000.0, 4535.9, 4536.0, 6000.0])
    v = Variants(van, {"mass.rated_gvwr_kg": gvwr})
    r = evaluate_batch(v)
    assert differences(r, evaluate_scalar(v)) == []
    assert r.status["us.214.side_airbags"].tolist() == [0, 0, 4, 4]
    assert np.isnan(r.margin["us.214.side_airbags"]).all()
    assert r.derived["gvwr_kg"].tolist() == gvwr.tolist()
