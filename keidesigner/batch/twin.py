"""Vectorised twins: of each scalar rule, and of each derived figure, with what it reads declared.

A twin is a function of a `View`: the variants' fields and derived figures it declared in `inputs`, the rule settings
and the pathway. Reading anything it did not declare raises `UndeclaredInput`, so a declaration is never short of what
the twin reads; tests/batch/test_inputs.py holds each declaration to cover what the scalar rule reads as well. The
engine evaluates a twin whose declaration holds no varied field once, on the base design, and gives its outcome to
every valid variant.

Declarations are field-path patterns (columns.matches: '*' for any index, a prefix for everything below it) and
derived figures, written 'derived.<key>' (a key of FIGURE_TWINS: the keys of design.derived.FIGURES, two flags and the
seat locations' 'seating.*' figures; derive.py). A rule twin returns {rule id: Outcome}, one entry per finding the
scalar rule makes, every time (a finding some variants lack is an Outcome not `present` there). Values are arrays of
shape (n,) where they depend on a varied field, else scalars, in the units of the fields they come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from ..design import Design, DspFormula, USClass
from ..design.package import SeatKind
from ..rules.context import Paired, Rule, dsp_formula
from ..rules.occupants import _names
from ..rules.settings import RuleSettings
from .columns import Columns, covers, matches
from .outcome import Outcome

DERIVED = "derived."


class UndeclaredInput(LookupError):
    """A twin read a field or figure its declaration does not name."""


@dataclass(frozen=True)
class FigureTwin:
    key: str
    inputs: tuple[str, ...]
    compute: Callable[[View], Any]


@dataclass(frozen=True)
class Twin:
    """The vectorised twin of one scalar rule (a member of KEI_RULES or us_rules(...))."""

    name: str
    rule: Rule
    group: str  # "kei" | "us", the group of every finding it makes
    inputs: tuple[str, ...]
    compute: Callable[[View], dict[str, Outcome]]


FIGURE_TWINS: dict[str, FigureTwin] = {}
TWINS: dict[Rule, Twin] = {}


def figure(key: str, *, inputs: tuple[str, ...]) -> Callable:
    """Register a derived figure's twin (batch/derive.py)."""

    def register(fn: Callable[[View], Any]) -> Callable[[View], Any]:
        FIGURE_TWINS[key] = FigureTwin(key, tuple(inputs), fn)
        return fn

    return register


def twin(rule: Rule, group: str, *, inputs: tuple[str, ...], name: str | None = None) -> Callable:
    """Register `fn` as the vectorised twin of the scalar rule `rule` (named `name`, else after the function)."""

    def register(fn: Callable[[View], dict[str, Outcome]]) -> Callable[[View], dict[str, Outcome]]:
        if rule in TWINS:
            raise ValueError(f"{name or fn.__name__}: the rule already has a twin ({TWINS[rule].name})")
        TWINS[rule] = Twin(name or fn.__name__, rule, group, tuple(inputs), fn)
        return fn

    return register


def field_patterns(inputs: tuple[str, ...]) -> frozenset[str]:
    """The design field patterns behind `inputs`, the derived figures' own inputs followed down."""
    return _patterns(tuple(inputs))


@lru_cache(maxsize=512)
def _patterns(inputs: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for item in inputs:
        if item.startswith(DERIVED):
            out |= _patterns(FIGURE_TWINS[item.removeprefix(DERIVED)].inputs)
        else:
            out.add(item)
    return frozenset(out)


@lru_cache(maxsize=4096)
def reads_varied(inputs: tuple[str, ...], varied: tuple[str, ...]) -> bool:
    """Whether anything declared in `inputs` (followed through derived figures) is a varied field."""
    return covers(field_patterns(inputs), varied)


@lru_cache(maxsize=16384)
def declared(inputs: tuple[str, ...], name: str) -> bool:
    """Whether the declaration `inputs` names the field or figure `name`."""
    return any(matches(p, name) for p in inputs)


@dataclass(frozen=True, slots=True)
class Place:
    """A seat location of the base design, which no variant changes: where it is, its kind and the ids of its
    findings (rules.occupants._names)."""

    row: int
    index: int
    kind: SeatKind
    path: str  # 'package.rows.0.seats.1'

    @property
    def rear(self) -> bool:
        return self.row > 0

    @property
    def names(self):
        return _names(self.row, self.index, self.kind)


def places_of(base: Design) -> tuple[Place, ...]:
    return tuple(Place(r, i, seat.kind, f"package.rows.{r}.seats.{i}")
                 for r, row in enumerate(base.package.rows) for i, seat in enumerate(row.seats))


class Batch:
    """Variants being evaluated together: their columns, the settings and pathway, the base design's seat
    locations, and the derived figures, each computed once when first read."""

    def __init__(self, cols: Columns, settings: RuleSettings, us_class: USClass, places: tuple[Place, ...]) -> None:
        self.cols = cols
        self.settings = settings
        self.us_class = us_class
        self.places = places
        self.dsp: DspFormula = dsp_formula(settings)
        self._figures: dict[str, Any] = {}

    @property
    def n(self) -> int:
        return self.cols.n

    def figure(self, key: str) -> Any:
        try:
            return self._figures[key]
        except KeyError:
            twin_ = FIGURE_TWINS[key]
            value = self._figures[key] = twin_.compute(View(self, twin_.inputs, f"figure {key}"))
            return value

    def view(self, twin_: Twin) -> View:
        return View(self, twin_.inputs, f"twin {twin_.name}")


class View:
    """What one twin may read of a Batch: the fields and figures it declared."""

    __slots__ = ("_batch", "_inputs", "_who")

    def __init__(self, batch: Batch, inputs: tuple[str, ...], who: str) -> None:
        self._batch = batch
        self._inputs = inputs
        self._who = who

    def _check(self, name: str) -> None:
        if not declared(self._inputs, name):
            raise UndeclaredInput(f"{self._who} reads {name}, which its inputs do not declare")

    def field(self, path: str) -> Any:
        """The field at `path`: an array (n,) where it varies, else the base design's value."""
        self._check(path)
        return self._batch.cols[path]

    def figure(self, key: str) -> Any:
        """The derived figure `key` (a FIGURE_TWINS key)."""
        self._check(DERIVED + key)
        return self._batch.figure(key)

    @property
    def n(self) -> int:
        return self._batch.n

    @property
    def places(self) -> tuple[Place, ...]:
        return self._batch.places

    @property
    def settings(self) -> RuleSettings:
        return self._batch.settings

    @property
    def dsp(self) -> DspFormula:
        return self._batch.dsp

    @property
    def us_class(self) -> USClass:
        return self._batch.us_class

    @property
    def is_lsv(self) -> bool:
        return self._batch.us_class is USClass.lsv

    def paired(self, limit: Paired, side: str) -> float:
        return limit.value(self._batch.settings.paired_units, side)


def total(values) -> Any:
    """sum(values) as Python adds them, left to right from 0 (order matters to the last bit of a float sum)."""
    out: Any = 0
    for v in values:
        out = out + v
    return out
