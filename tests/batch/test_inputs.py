"""Each twin declares at least what its scalar rule reads, so that a rule whose declared inputs hold no varied field
may be evaluated once and given to every variant.

The scalar rules run on a recording design: every field they read (through a property or a method too), every derived
figure and every seat location's figure is noted, and must be covered by the twin's declaration (derived figures
followed down to the fields they are made of). Text the rules write lazily (LazyMsg) is not rendered, so what only
the explanation reads is not required; what the status, the margin, the fix or an eager message reads is.
"""

from __future__ import annotations

from typing import Any

import pytest
from batch_strategies import rule_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from soak import scale
from strategies import valid_designs

from keidesigner.batch import engine  # noqa: F401 - registers the twins
from keidesigner.batch.columns import _segments
from keidesigner.batch.twin import DERIVED, FIGURE_TWINS, TWINS, field_patterns
from keidesigner.design import USClass, derive
from keidesigner.design.seating import Seating
from keidesigner.files import load_preset
from keidesigner.rules import DEFAULT_SETTINGS
from keidesigner.rules.context import Context, dsp_formula
from keidesigner.rules.kei import KEI_RULES
from keidesigner.rules.us import us_rules

PRESETS = ("kei-ev-hatch", "kei-hybrid-wagon", "kei-roadster", "kei-truck", "kei-van")


class Recorded:
    """A design model (or tuple of models) that notes in `log` the dotted path of every field read through it."""

    def __init__(self, obj: Any, path: str, log: set[str]) -> None:
        self._obj, self._path, self._log = obj, path, log

    def _join(self, name: str) -> str:
        return f"{self._path}.{name}" if self._path else name

    def __getattr__(self, name: str) -> Any:
        obj = self._obj
        cls = type(obj)
        if name in cls.model_fields:
            return _wrap(getattr(obj, name), self._join(name), self._log)
        attr = getattr(cls, name, None)
        if isinstance(attr, property):
            return attr.fget(self)  # reads its fields through the recorder
        if callable(attr):
            return attr.__get__(self)
        return getattr(obj, name)

    def __getitem__(self, i: int) -> Any:
        return _wrap(self._obj[i], self._join(str(i)), self._log)

    def __iter__(self):
        return (self[i] for i in range(len(self._obj)))

    def __len__(self) -> int:
        return len(self._obj)


def _wrap(value: Any, path: str, log: set[str]) -> Any:
    if isinstance(value, BaseModel) or (isinstance(value, tuple) and value and isinstance(value[0], BaseModel)):
        return Recorded(value, path, log)
    log.add(path)
    return value


class RecordedPlace:
    """A seat location (SeatPlace): its seat read through a recorder, its counted figures noted as derived ones."""

    FIGURES = {"dsp": "seating.dsp", "positions": "seating.positions", "outboard": "seating.outboard",
               "x_mm": "seating.x_mm"}

    def __init__(self, place, log: set[str]) -> None:
        self._place, self._log = place, log

    def __getattr__(self, name: str) -> Any:
        place = self._place
        if name == "seat":
            return Recorded(place.seat, place.path, self._log)
        if name in self.FIGURES:
            self._log.add(DERIVED + self.FIGURES[name])
        elif name == "z_mm":  # seating.seating: the row's H-point height
            self._log.add(f"package.rows.{place.row}.h_point_z_mm")
        elif name in ("left_mm", "right_mm", "clear_left_mm", "clear_right_mm"):
            self._log.add(DERIVED + "seating.outboard")
        attr = getattr(type(place), name, None)
        if isinstance(attr, property):
            return attr.fget(self)
        return getattr(place, name)


class RecordedSeating:
    def __init__(self, seating: Seating, log: set[str]) -> None:
        self._seating, self._log = seating, log
        self.places = tuple(RecordedPlace(p, log) for p in seating.places)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(Seating, name)
        return attr.fget(self) if isinstance(attr, property) else attr.__get__(self)


class RecordedDerived:
    def __init__(self, derived, log: set[str]) -> None:
        self._derived, self._log = derived, log

    def __getattr__(self, name: str) -> Any:
        if name == "seating":
            return RecordedSeating(self._derived.seating, self._log)
        self._log.add(DERIVED + name)
        return getattr(self._derived, name)


def reads(rule, design, us_class, rule_settings_) -> set[str]:
    """The fields and derived figures the scalar `rule` reads of `design`."""
    log: set[str] = set()
    derived = derive(design, dsp_formula(rule_settings_))
    ctx = Context(design=Recorded(design, "", log), derived=RecordedDerived(derived, log), settings=rule_settings_,
                  us_class=us_class)
    rule(ctx)
    return log


def _covers(pattern: str, other: str) -> bool:
    """Whether the declared pattern covers the pattern or path `other` ('*' covers only '*' or an index)."""
    p, q = _segments(pattern), _segments(other)
    return len(p) <= len(q) and all(a == "*" or a == b for a, b in zip(p, q))


def undeclared(rule, design, us_class, rule_settings_) -> set[str]:
    twin = TWINS[rule]
    declared = field_patterns(twin.inputs)
    missing = set()
    for name in reads(rule, design, us_class, rule_settings_):
        if name.startswith(DERIVED):
            key = name.removeprefix(DERIVED)
            if key not in FIGURE_TWINS:
                missing.add(name)
                continue
            needed = field_patterns((name,))
        else:
            needed = frozenset({name})
        missing |= {n for n in needed if not any(_covers(d, n) for d in declared)}
    return missing


def _check_every_rule(design, us_class, rule_settings_) -> None:
    cls = USClass(us_class) if us_class else design.us_class
    problems = {}
    for rule in KEI_RULES + us_rules(cls):
        missing = undeclared(rule, design, cls, rule_settings_)
        if missing:
            problems[TWINS[rule].name] = sorted(missing)
    assert problems == {}


@pytest.mark.parametrize("us_class", (None, "passenger_car", "mpv", "truck", "lsv"))
@pytest.mark.parametrize("preset_name", PRESETS)
def test_twins_declare_what_the_scalar_rules_read_of_the_presets(preset_name, us_class):
    _check_every_rule(load_preset(preset_name), us_class, DEFAULT_SETTINGS)


@settings(max_examples=scale(100, 1000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(design=valid_designs(), us_class=st.sampled_from((None, "passenger_car", "mpv", "truck", "lsv")),
       chosen=st.one_of(st.just(DEFAULT_SETTINGS), rule_settings()))
def test_twins_declare_what_the_scalar_rules_read_of_random_designs(design, us_class, chosen):
    _check_every_rule(design, us_class, chosen)


def test_every_rule_of_every_pathway_has_a_twin():
    for cls in USClass:
        assert [r for r in KEI_RULES + us_rules(cls) if r not in TWINS] == []
