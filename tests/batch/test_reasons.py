"""The reasons the batch engine writes for refused variants are the model's own, without building the model.

A validator's refusal text is made by a message function of its module (design/model.py, package.py), which the
validator calls and the batch twin of its condition (`Check.says`) calls too, with the values the model would hold.
Here every condition of every validator that any preset (or a crafted design) can reach is tripped by scans of its
fields, one at a time and in pairs, at values with many decimals, halves and quarters, -0.0, thousands and negative
thousands, every number the design holds and a hair either side; and for each, the reason the twin renders is
compared with the one the model gives. With every message function replaced by one that writes its own name and
arguments (value and type), the two must still agree: the twin calls the validator's own function with the very
arguments the validator passes it, so editing a message cannot leave the batch engine behind.
"""

from __future__ import annotations

import dataclasses
import inspect
import itertools
import math
from functools import cache

import numpy as np
import pytest
from batch_strategies import all_numbers, crafted_designs, field_bounds_at, numeric_paths

from keidesigner.batch import Variants, differences, engine, evaluate_batch, evaluate_scalar, sample
from keidesigner.batch.columns import BaseValues, Columns, prepared
from keidesigner.batch.validate import Check, checks, first_failure
from keidesigner.design import Design
from keidesigner.design import model as design_model
from keidesigner.design import package as design_package
from keidesigner.design.edit import EditError
from keidesigner.design.message import Msg
from keidesigner.files import load_preset

PRESETS = ("kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster", "kei-truck", "kei-van")
DESIGNS = {**{name: load_preset(name) for name in PRESETS}, **crafted_designs()}
MESSAGE_MODULES = (design_model, design_package)
PER_CHECK = 12  # tripping variants compared per design and condition
GRID = 25  # values per field of a pair scan


def _message_functions() -> dict[str, object]:
    return {name: fn for module in MESSAGE_MODULES for name, fn in vars(module).items()
            if name.endswith("_message") and inspect.isfunction(fn) and fn.__module__ == module.__name__}


def _key(check: Check) -> tuple:
    """A condition of a validator, whichever fields a scan varies: the field refused, the message, what it reads."""
    return check.path, check.says.__name__, check.reads


def _single(design: Design, path: str) -> np.ndarray:
    lo, hi = field_bounds_at(design, path)
    xs = np.linspace(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo), 241)
    numbers = np.array(all_numbers(design))
    return np.concatenate([xs, xs + 0.123456789, np.round(xs) + 0.5, np.round(xs) + 0.25, np.round(xs) + 0.125,
                           numbers, numbers + 1e-7, numbers - 1e-7, numbers - 0.05, [-0.0, 0.0, lo, hi]])


def _pair(design: Design, a: str, b: str) -> dict[str, np.ndarray]:
    axes = []
    for path in (a, b):
        lo, hi = field_bounds_at(design, path)
        axes.append(np.linspace(lo, hi, GRID) + 0.0625)
    mesh = np.meshgrid(*axes, indexing="ij")
    return {a: mesh[0].ravel(), b: mesh[1].ravel()}


@dataclasses.dataclass(frozen=True)
class Tripped:
    """Variants of one scan whose first failure is a validator's condition: the scan, its columns, its checks, and
    the rows of each of those conditions (a few of each, spread over the scan)."""

    variants: Variants
    cols: Columns
    checks: tuple[Check, ...]
    rows: dict[int, np.ndarray]  # index into `checks` -> rows


def _scan(design: Design, columns: dict[str, np.ndarray]) -> Tripped:
    v = Variants(design, columns)
    cols = Columns(BaseValues(design), prepared(design, v.columns), len(v))
    found = checks(design, tuple(columns))
    code = first_failure(cols, found)
    rows = {}
    for k in np.unique(code[code >= 0]).tolist():
        if found[k].kind == "model":
            where = np.flatnonzero(code == k)
            rows[k] = where[np.unique(np.linspace(0, len(where) - 1, PER_CHECK).round().astype(int))]
    return Tripped(v, cols, found, rows)


@cache
def tripped(name: str) -> tuple[Tripped, ...]:
    """Every scan of the design `name` that trips some validator's condition."""
    design = DESIGNS[name]
    paths = numeric_paths(design)
    scans = [{p: _single(design, p)} for p in paths]
    pairs = {tuple(sorted(pair)) for c in checks(design, tuple(paths)) if c.kind == "model"
             for pair in itertools.combinations(set(c.inputs), 2)}
    scans += [_pair(design, a, b) for a, b in sorted(pairs)]
    out = tuple(_scan(design, columns) for columns in scans)
    return tuple(t for t in out if t.rows)


def _model_says(v: Variants, row: int) -> str:
    with pytest.raises(EditError) as refused:
        v.design(row)
    return str(refused.value)


def _compare(name: str) -> set[tuple]:
    """Compares the twins' reasons with the model's for every tripped condition of the design; the conditions."""
    seen = set()
    for t in tripped(name):
        for k, rows in t.rows.items():
            check = t.checks[k]
            rendered = check.reasons(t.cols, rows)
            assert len(rendered) == len(rows)
            for row, text in zip(rows.tolist(), rendered):
                assert text == _model_says(t.variants, row), (name, check.path, t.variants.values(row))
            seen.add(_key(check))
    return seen


@pytest.mark.parametrize("name", list(DESIGNS))
def test_every_validator_condition_renders_the_models_reason(name):
    seen = _compare(name)
    reachable = {_key(c) for c in checks(DESIGNS[name], tuple(numeric_paths(DESIGNS[name]))) if c.kind == "model"}
    assert seen == reachable, sorted(reachable - seen)  # the scans trip every condition a variant can fail


def test_every_message_function_is_tripped_somewhere():
    """Across the designs, every message function of the validators renders some refused variant here."""
    used = {key[1] for name in DESIGNS for t in tripped(name) for k in t.rows for key in [_key(t.checks[k])]}
    assert used == set(_message_functions())


def test_a_twin_calls_its_validators_message_function_with_the_validators_arguments(monkeypatch):
    """Every message function replaced by one that writes its name and its arguments' reprs (so 2 and 2.0
    differ): each refused variant's reason from the model and from the twin must still be the same."""
    def tagged(name):
        def says(*args):
            return Msg("{0}", f"{name}{args!r}")
        return says

    for name in DESIGNS:
        tripped(name)  # scanned with the real functions: the scans are shared with the other tests
    for module in MESSAGE_MODULES:
        for name, fn in list(vars(module).items()):
            if name.endswith("_message") and inspect.isfunction(fn) and fn.__module__ == module.__name__:
                monkeypatch.setattr(module, name, tagged(name))
    for name in DESIGNS:
        for t in tripped(name):
            fresh = checks(t.variants.base, t.variants.fields)  # made after the replacement, as a sweep's are
            for k, rows in t.rows.items():
                check = fresh[k]
                assert check.says.__qualname__.startswith("test_a_twin_calls"), check.path
                for row, text in zip(rows.tolist(), check.reasons(t.cols, rows)):
                    assert text == _model_says(t.variants, row)


def test_every_validator_check_has_a_message_function_that_reads_what_it_declares():
    """Reasons are rendered once for each set of values of a check's inputs: what the message reads must be among
    them."""
    functions = set(_message_functions().values())
    for design in DESIGNS.values():
        for check in checks(design, tuple(numeric_paths(design))):
            if check.kind != "model":
                assert check.says is None and check.reads == ()
                continue
            assert check.says in functions, check.path
            read = {p for r in check.reads for p in ((r,) if isinstance(r, str) else r)}
            assert read <= set(check.inputs), check.path
            assert len(check.reads) == len(inspect.signature(check.says).parameters), check.path


@pytest.mark.parametrize("changes, expected", [
    ({"dimensions.wheelbase_mm": 3225.5, "dimensions.length_mm": 3495.25},
     "dimensions.wheelbase_mm: wheelbase + front overhang (3,705.5 mm) must leave a rear overhang of at least the "
     "tyre radius (278.5 mm) within the length 3,495.25 mm"),
    ({"dimensions.wheelbase_mm": 2916.0000000001},
     "dimensions.wheelbase_mm: wheelbase + front overhang (3,396 mm) must leave a rear overhang of at least the "
     "tyre radius (278.5 mm) within the length 3,395 mm"),
    ({"package.rows.1.h_point_x_mm": -0.0, "package.rows.0.h_point_x_mm": 0.0},
     "package.rows.1.h_point_x_mm: 0 mm is not behind the row ahead (0 mm); rows are listed front to back"),
    ({"front_end.firewall_x_mm": -480.0},
     "front_end.firewall_x_mm: -480 mm puts the firewall 0 mm ahead of the bumper face, outside the 3,395 mm length"),
    ({"package.rows.0.seats.0.head_restraint_mm": 1199.995},
     "package.rows.0.seats.0.head_restraint_mm: 1,200 mm along the torso line puts its top at 1,706 mm, through the "
     "1,600 mm headliner"),
])
def test_reasons_read_as_the_model_writes_them(ev_hatch, changes, expected):
    """English digits (str.format's grouping, which no locale changes), thousands grouped, decimals shown where the
    value has them (up to two more than a reading's), no '-0'."""
    v = Variants(ev_hatch, {p: np.array([x]) for p, x in changes.items()})
    r = evaluate_batch(v)
    assert r.invalid_reason.tolist() == [expected] == [_model_says(v, 0)]


def _one_refusing_check(design: Design) -> tuple[Variants, Columns, np.ndarray, tuple[Check, ...]]:
    v = sample(design, {"dimensions.length_mm": (2900.0, 3600.0), "dimensions.wheelbase_mm": (2000.0, 2800.0)}, 256)
    cols = Columns(BaseValues(design), prepared(design, v.columns), len(v))
    found = checks(design, v.fields)
    return v, cols, first_failure(cols, found), found


def test_a_check_without_a_message_function_goes_through_the_model(ev_hatch):
    v, cols, code, found = _one_refusing_check(ev_hatch)
    assert (code >= 0).sum() > 50
    rendered = engine._reasons(v, cols, code, found)
    bare = tuple(dataclasses.replace(c, says=None) for c in found)
    assert engine._reasons(v, cols, code, bare)[1].tolist() == rendered[1].tolist()
    assert engine._reasons(v, cols, code, found, mode="model")[1].tolist() == rendered[1].tolist()


def test_a_twin_that_says_otherwise_than_the_model_is_a_bug(ev_hatch):
    """One refused variant of each rendering check goes through the model, every one with mode "check"."""
    v, cols, code, found = _one_refusing_check(ev_hatch)
    wrong = tuple(dataclasses.replace(c, says=lambda *a: Msg("wrong")) if c.kind == "model" else c for c in found)
    with pytest.raises(RuntimeError, match="disagrees with the model"):
        engine._reasons(v, cols, code, wrong)
    assert {found[k].says for k in np.unique(code[code >= 0])} == {design_model.no_rear_overhang_message}

    def drifting() -> tuple[Check, ...]:
        calls = itertools.count()

        def right_once(*args):  # the right text for the first variant it renders, a wrong one after
            return design_model.no_rear_overhang_message(*args) if next(calls) == 0 else Msg("wrong")
        return tuple(dataclasses.replace(c, says=right_once) if c.kind == "model" else c for c in found)

    engine._reasons(v, cols, code, drifting())  # only the first variant is compared
    with pytest.raises(RuntimeError, match="disagrees with the model"):
        engine._reasons(v, cols, code, drifting(), mode="check")


def test_the_mode_is_read_from_the_environment(monkeypatch, ev_hatch):
    v = sample(ev_hatch, {"dimensions.length_mm": (2900.0, 3600.0), "dimensions.wheelbase_mm": (2000.0, 2800.0),
                          "front_end.firewall_x_mm": (-600.0, 300.0)}, 64)
    rendered = evaluate_batch(v)
    assert (~rendered.valid).sum() > 10
    for mode in ("model", "check"):
        monkeypatch.setenv(engine.REASONS_ENV, mode)
        assert differences(evaluate_batch(v), rendered) == []
    assert differences(rendered, evaluate_scalar(v)) == []
    monkeypatch.setenv(engine.REASONS_ENV, "fast")
    with pytest.raises(ValueError, match="KEIDESIGNER_BATCH_REASONS"):
        evaluate_batch(v)
    assert (evaluate_batch(v, reasons=False).invalid_reason == "").all()  # no text, no mode needed


def test_grouped_reasons_are_spread_back_to_every_variant(truck):
    """A grid repeats the values a message reads: one rendering per set, given to every variant that has it."""
    lengths = np.repeat(np.array([2500.0, 2600.5, 2700.25]), 4)
    wheelbases = np.tile(np.array([2400.0, 2400.0, 2100.125, math.nextafter(2100.125, 0.0)]), 3)
    v = Variants(truck, {"dimensions.length_mm": lengths, "dimensions.wheelbase_mm": wheelbases})
    r = evaluate_batch(v)
    assert differences(r, evaluate_scalar(v)) == []
    assert len(set(r.invalid_reason[~r.valid].tolist())) > 3
