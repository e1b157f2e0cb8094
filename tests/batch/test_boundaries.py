"""The engines agree on both sides of every boundary.

Along one field, the vectorised engine's answer (validity, the refused field, every rule's status) changes at a few
values: the model starts refusing, a rule starts failing, an applicability scope begins. Each change is zoomed into,
33 values at a time, down to two neighbouring floats (or whole numbers), and both engines evaluate those two, and the
first scan. A `<` written for a `<=`, a tolerance applied on the wrong side or a strict limit read as inclusive moves
a change by one float, so the engines differ at one of the two; random values would almost never land there.

Every number field of every preset, and of two presets changed to reach rarer branches (batch_strategies.
crafted_designs), is scanned over its whole range (and 5 % beyond) under the design's own pathway;
random starting points (a preset or a random valid design, a few fields changed, some of them held as varied columns
of one value so that the array paths run), fields, pathways and rule settings are drawn by hypothesis.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from batch_strategies import all_numbers, crafted_designs, field_bounds_at, numeric_paths, rule_settings, values_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from soak import scale
from strategies import valid_designs

from keidesigner.batch import BatchResult, Variants, differences, evaluate_batch, evaluate_scalar
from keidesigner.batch.columns import is_whole_number_field
from keidesigner.design import Design
from keidesigner.design.edit import EditError, get_value, with_values
from keidesigner.files import load_preset
from keidesigner.rules import DEFAULT_SETTINGS

PRESETS = ("kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster", "kei-truck", "kei-van")
DESIGNS = {name: load_preset(name) for name in PRESETS}
CRAFTED = crafted_designs()
POINTS = 33  # values per zoom step
MOST_CHANGES = 24  # per field and range, the changes followed


def _signatures(r: BatchResult) -> np.ndarray:
    """int (n, k): validity, refused field and every rule's status of each variant."""
    fields = np.unique(r.invalid_field.astype(str), return_inverse=True)[1].reshape(-1)
    return np.stack([r.valid.astype(np.int64), fields, *(r.status[k].astype(np.int64) for k in sorted(r.status))],
                    axis=1)


def _values(a: float, b: float, whole: bool) -> np.ndarray:
    if whole:
        return np.unique(np.round(np.linspace(a, b, POINTS)))
    return np.unique(np.linspace(a, b, POINTS))


def _neighbours(a: float, b: float, whole: bool) -> bool:
    return b - a <= 1 if whole else math.nextafter(a, math.inf) >= b


def changes(design: Design, path: str, lo: float, hi: float, us_class, chosen) -> tuple[np.ndarray, list[float]]:
    """The first scan of [lo, hi], and the two neighbouring values on either side of each change found in it."""
    whole = is_whole_number_field(design, path)
    first = _values(lo, hi, whole)
    found: list[float] = []
    pending = [first]
    while pending and len(found) < 2 * MOST_CHANGES:
        xs = pending.pop()
        sig = _signatures(evaluate_batch(Variants(design, {path: xs}), us_class, chosen, reasons=False))
        for i in np.flatnonzero((sig[1:] != sig[:-1]).any(axis=1)).tolist():
            a, b = float(xs[i]), float(xs[i + 1])
            if _neighbours(a, b, whole):
                found += [a, b]
            else:
                pending.append(_values(a, b, whole))
    return first, found


def _agree_around(design: Design, path: str, lo: float, hi: float, us_class, chosen, held=()) -> None:
    first, found = changes(design, path, lo, hi, us_class, chosen)
    xs = np.concatenate([first, np.array(found, dtype=np.float64)])
    columns = {path: xs}
    for p in held:  # a varied column that holds the design's own value
        columns[p] = np.full(len(xs), float(get_value(design, p)))
    v = Variants(design, columns)
    assert differences(evaluate_batch(v, us_class, chosen), evaluate_scalar(v, us_class, chosen)) == [], \
        f"{path} in [{lo}, {hi}]"


@pytest.mark.parametrize("name", PRESETS + tuple(CRAFTED))
def test_every_field_of_every_preset_agrees_at_every_change(name):
    design = DESIGNS[name] if name in DESIGNS else CRAFTED[name]
    for path in numeric_paths(design):
        lo, hi = field_bounds_at(design, path)
        margin = 0.05 * (hi - lo)
        _agree_around(design, path, lo - margin, hi + margin, None, DEFAULT_SETTINGS)


@st.composite
def starting_points(draw) -> tuple[Design, list[str]]:
    """A preset or a random valid design, with up to four other number fields changed where the model accepts it;
    the changed fields."""
    design = draw(st.one_of(st.sampled_from(list(DESIGNS.values())), valid_designs()))
    numbers = all_numbers(design)
    changed: list[str] = []
    for path in draw(st.lists(st.sampled_from(numeric_paths(design)), max_size=4, unique=True)):
        value = draw(values_for(design, path, numbers))
        try:
            design = with_values(design, {path: int(value) if is_whole_number_field(design, path) else value})
            changed.append(path)
        except (EditError, ValueError, OverflowError):
            continue
    return design, changed


@settings(max_examples=scale(60, 1000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(start=starting_points(), data=st.data())
def test_random_starting_points_agree_at_every_change(start, data):
    design, changed = start
    path = data.draw(st.sampled_from(numeric_paths(design)), label="field")
    us_class = data.draw(st.sampled_from((None, "passenger_car", "mpv", "truck", "lsv")), label="class")
    chosen = data.draw(st.one_of(st.just(DEFAULT_SETTINGS), rule_settings()), label="settings")
    lo, hi = field_bounds_at(design, path)
    value = get_value(design, path)
    centre = float(value) if value is not None else 0.5 * (lo + hi)
    span = data.draw(st.sampled_from((0.02, 0.1, 0.3, None)), label="span")
    if span is None:
        lo, hi = lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)
    else:
        lo, hi = centre - span * abs(centre) - 1, centre + span * abs(centre) + 1
    held = [p for p in changed if p != path and data.draw(st.booleans(), label=f"hold {p}")]
    _agree_around(design, path, lo, hi, us_class, chosen, held)
