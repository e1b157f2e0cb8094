"""The vectorised engine gives what the scalar reference gives: validity, the refused field and its reason, every
derived figure, every rule's status and margin, for random variants of every preset under every US pathway, with the
default rule settings and with others."""

from __future__ import annotations

import numpy as np
import pytest
from batch_strategies import rule_settings, variants_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keidesigner.batch import Variants, differences, evaluate_batch, evaluate_scalar, grid
from keidesigner.design.kei import KEI
from keidesigner.files import load_preset
from keidesigner.rules import DEFAULT_SETTINGS

PRESETS = ("kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster", "kei-truck", "kei-van")
CLASSES = (None, "passenger_car", "mpv", "truck", "lsv")
EXAMPLES = 40  # per preset and pathway: 25 × 40 batches of 1–48 variants, some 12,000 variants in all
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
