"""What a rule says about a design, and how that reads: one set of numbers for the verdict, the table and the text.

A finding holds numbers, not text. Its measured value, limit, margin, the target that would pass and its explanation
are rendered together by `Finding.show(formatter)`, at one precision chosen so that a failure never reads `x ≤ x`
and a stated target, typed into its field, passes.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any, NamedTuple

from ..design.message import Msg
from ..design.units import METRIC, Formatter, UnitSystem, formatter, round_to


class Status(StrEnum):
    fail = "fail"
    warn = "warn"
    pass_ = "pass"
    info = "info"
    not_applicable = "not_applicable"


class Basis(StrEnum):
    regulation = "regulation"  # a limit confirmed in the regulation text or a secondary copy of it
    screening = "screening"  # an engineering estimate of whether a test would be passed
    advisory = "advisory"  # consumer information or an unconfirmed figure; never fails a design


# Order in which findings are listed: what needs attention first.
STATUS_ORDER = {Status.fail: 0, Status.warn: 1, Status.pass_: 2, Status.info: 3, Status.not_applicable: 4}
WHOLE_UNITS = ("seats", "positions", "vehicles")  # counted, never fractional
MAX_EXTRA_PLACES = 9  # decimals a failure may need to read differently from its limit (a file may hold any float)


SAME_REL_TOL = 1e-12  # `same`: relative tolerance (math.isclose)
SAME_ABS_TOL = 1e-9  # and absolute, in the finding's unit


def same(a: float, b: float) -> bool:
    """Equal up to floating-point noise: 22 in typed in inches is 558.8 mm, not 558.8000000000001 mm."""
    return math.isclose(a, b, rel_tol=SAME_REL_TOL, abs_tol=SAME_ABS_TOL)


def below(value: float, limit: float, strict: bool = False) -> bool:
    """value under a minimum: less than it, or (strict minimum, 'more than') equal to it."""
    return value < limit and not same(value, limit) or strict and same(value, limit)


def above(value: float, limit: float, strict: bool = False) -> bool:
    """value over a maximum: more than it, or (strict maximum, 'less than') equal to it."""
    return value > limit and not same(value, limit) or strict and same(value, limit)


def _formatter(fmt: Formatter | UnitSystem | str) -> Formatter:
    return fmt if isinstance(fmt, Formatter) else formatter(fmt)


def places_apart(a: float, b: float, places: int, direction: str = "nearest") -> int:
    """The fewest decimals, from `places` to MAX_EXTRA_PLACES more, at which `a` (rounded to the nearest) and `b`
    (rounded `direction`) read differently and their difference does not read 0: a failing value must not print as
    the limit or the passing value beside it (1,480.2 mm is not 1,480 mm). Both in display units."""
    for extra in range(MAX_EXTRA_PLACES + 1):
        p = places + extra
        if round_to(a, p) != round_to(b, p, direction) and round_to(abs(a - b), p) != 0:
            return p
    return places + MAX_EXTRA_PLACES


class Fix(NamedTuple):
    """What to type into a field to pass: at least (direction "up") or at most ("down") `value`, in `unit`."""

    field: str
    value: float
    unit: str
    direction: str  # "up" | "down"
    strict: bool = False  # the limit itself does not pass ("more than 32 km/h")
    current: float | None = None  # the field's value now, which the target must read differently from

    def shown(self, fmt: Formatter, places: int) -> float:
        """The target in display units, rounded outward to `places` so that typing what is shown passes."""
        exact = fmt.shown(self.value, self.unit)
        target = round_to(exact, places, self.direction)
        if self.strict and same(target, exact):
            target += (1 if self.direction == "up" else -1) * 10.0**-places
        return target


class Shown(NamedTuple):
    """A finding as read: every number at one precision."""

    measured: str
    limit: str
    margin: str
    target: str
    explanation: str
    places: int


class Finding(NamedTuple):
    rule_id: str
    title: str
    group: str  # "kei" or "us"
    status: Status
    basis: Basis
    citation: str
    message: Msg  # the explanation; {measured}, {limit}, {excess}, {target}, ... are the finding's own numbers
    unit: str = ""
    measured: float | bool | None = None
    minimum: float | None = None  # lower limit, inclusive unless strict_minimum
    maximum: float | None = None  # upper limit, inclusive unless strict_maximum
    strict_minimum: bool = False  # the measured value must be over the minimum ("more than 32 km/h")
    strict_maximum: bool = False  # the measured value must be under the maximum ("less than 1,361 kg")
    required: bool | None = None  # for equipment: must the measured flag be true
    field: str | None = None  # dotted design path the finding is about, for the editor to select
    fix: Fix | None = None  # on a failure: what to type into `field` to pass
    min_places: int = 0  # decimals the numbers need at least (64 PS = 47.07 kW must not read as 64 hp's 47.7)

    # --- numbers -------------------------------------------------------------------------------------------------
    @property
    def numeric(self) -> bool:
        return isinstance(self.measured, (int, float)) and not isinstance(self.measured, bool)

    @property
    def margin(self) -> float | None:
        """Distance to the nearest limit in the finding's unit: positive inside, negative outside."""
        if not self.numeric:
            return None
        sides = []
        if self.minimum is not None:
            sides.append(0.0 if same(self.measured, self.minimum) else self.measured - self.minimum)
        if self.maximum is not None:
            sides.append(0.0 if same(self.measured, self.maximum) else self.maximum - self.measured)
        return min(sides) if sides else None

    @property
    def violated(self) -> float | None:
        """The limit the measured value is outside of, if any."""
        if not self.numeric:
            return None
        if self.minimum is not None and below(self.measured, self.minimum, self.strict_minimum):
            return self.minimum
        if self.maximum is not None and above(self.measured, self.maximum, self.strict_maximum):
            return self.maximum
        return None

    @property
    def explanation(self) -> str:
        """The explanation in metric units and English digits (command line, JSON)."""
        return self.show(METRIC).explanation

    def _limits(self) -> list[tuple[float, str, bool]]:
        """(limit, rounding toward the passing side, strict) for each limit: a maximum shown rounded down and a
        minimum rounded up, so that the figure shown, typed into its field, passes."""
        limits = []
        if self.minimum is not None:
            limits.append((self.minimum, "up", self.strict_minimum))
        if self.maximum is not None:
            limits.append((self.maximum, "down", self.strict_maximum))
        return limits

    def places(self, fmt: Formatter) -> int:
        """Decimals of this finding's numbers in `fmt`: the unit's own; enough that each limit, rounded toward the
        passing side, reads as its nearest value (up to one more: 58.268 in reads '≤ 58.26 in', never '≤ 58.3 in');
        and enough that the measured value reads differently from a limit it misses, or from a strict limit it
        passes ('32.19 km/h' is not '> 32.19 km/h')."""
        if not self.numeric or self.unit in WHOLE_UNITS:
            return 0
        places = max(fmt.exact_places(self.measured, self.unit), self.min_places)
        base = fmt.places(self.unit)
        for limit, direction, _ in self._limits():
            shown = fmt.shown(limit, self.unit)
            needed = fmt.exact_places(limit, self.unit)
            while needed < base + 1 and round_to(shown, needed, direction) != round_to(shown, needed):
                needed += 1
            places = max(places, needed)
        shown_m = fmt.shown(self.measured, self.unit)
        violated = self.violated
        for limit, direction, strict in self._limits():
            shown_l = fmt.shown(limit, self.unit)
            if limit != violated and not strict:
                # an inclusive limit passed may read as equal to the value ('1,480 mm ≤ 1,480 mm'), never beyond
                # it once rounded toward its passing side ('1,404.1 kg ≥ 1,404.2 kg')
                if not same(shown_m, shown_l):
                    for extra in range(MAX_EXTRA_PLACES + 1):
                        p = places + extra
                        m, lim = round_to(shown_m, p), round_to(shown_l, p, direction)
                        if (m >= lim) if direction == "up" else (m <= lim):
                            places = p
                            break
                continue
            if same(shown_m, shown_l):
                continue  # on a strict limit: "1,361 kg" is not "< 1,361 kg"
            places = places_apart(shown_m, shown_l, places, direction)
        return places

    def limit_value_text(self, limit: float, fmt: Formatter, places: int, with_unit: bool = True) -> str:
        """A limit as read: rounded toward its passing side, or as the measured value reads when it is that value."""
        direction = "up" if limit == self.minimum else "down"
        if self.numeric and same(self.measured, limit):
            direction = "nearest"
        return fmt.value(limit, self.unit, places=places, direction=direction, with_unit=with_unit)

    def limit_text(self, fmt: Formatter | UnitSystem = METRIC, places: int | None = None) -> str:
        fmt = _formatter(fmt)
        if self.required is not None:
            return "required" if self.required else "not required"
        places = self.places(fmt) if places is None else places
        lo, hi = self.minimum, self.maximum
        above_sign, below_sign = (">" if self.strict_minimum else "≥"), ("<" if self.strict_maximum else "≤")
        if lo is not None and hi is not None:
            low = self.limit_value_text(lo, fmt, places, with_unit=False)
            high = self.limit_value_text(hi, fmt, places)
            if self.strict_minimum or self.strict_maximum:
                return f"{above_sign} {low}, {below_sign} {high}"
            return f"{low} – {high}"
        if hi is not None:
            return f"{below_sign} {self.limit_value_text(hi, fmt, places)}"
        if lo is not None:
            return f"{above_sign} {self.limit_value_text(lo, fmt, places)}"
        return "—"

    def measured_text(self, fmt: Formatter | UnitSystem = METRIC, places: int | None = None) -> str:
        fmt = _formatter(fmt)
        if self.measured is None:
            return "—"
        if isinstance(self.measured, bool):
            return "yes" if self.measured else "no"
        return fmt.value(self.measured, self.unit, places=self.places(fmt) if places is None else places)

    def margin_text(self, fmt: Formatter | UnitSystem = METRIC, places: int | None = None) -> str:
        fmt = _formatter(fmt)
        m = self.margin
        if m is None:
            return "—"
        places = self.places(fmt) if places is None else places
        text = fmt.signed(m, self.unit, places)
        if self.violated is not None and not text.startswith("-"):
            return "-" + text  # on a limit it must not reach ("less than 1,361 kg" at 1,361 kg)
        return text

    def target_places(self, fmt: Formatter, places: int | None = None) -> int:
        """Decimals of the target: the finding's own when it is in the finding's unit, else the target unit's
        reading; more when the target would read the same as the field's current value (411 mm and 411.3 mm both
        read 16.2 in)."""
        fix = self.fix
        if fix is None:
            return 0
        if fix.unit != self.unit or places is None:
            places = self.places(fmt) if fix.unit == self.unit else fmt.places(fix.unit)
        if fix.current is not None and fix.unit not in WHOLE_UNITS:
            current = fmt.shown(fix.current, fix.unit)
            for _ in range(MAX_EXTRA_PLACES):
                if round_to(current, places) != fix.shown(fmt, places):
                    break
                places += 1
        return places

    def target_text(self, fmt: Formatter | UnitSystem = METRIC, places: int | None = None) -> str:
        fmt = _formatter(fmt)
        if self.fix is None:
            return ""
        places = self.target_places(fmt, places)
        return f"{fmt.number(self.fix.shown(fmt, places), places)} {fmt.unit(self.fix.unit)}".rstrip()

    def show(self, fmt: Formatter | UnitSystem = METRIC) -> Shown:
        """Measured, limit, margin, target and explanation, all at the same precision."""
        fmt = _formatter(fmt)
        places = self.places(fmt)
        values: dict[str, Any] = {}
        if self.numeric:
            values["measured"] = fmt.value(self.measured, self.unit, places=places)
            for name, limit in (("minimum", self.minimum), ("maximum", self.maximum)):
                if limit is not None:
                    values[name] = self.limit_value_text(limit, fmt, places)
            m = self.margin
            if m is not None:
                values["excess"] = fmt.value(abs(m), self.unit, places=places)
        target = self.target_text(fmt, places)
        values["target"] = target
        if self.fix is not None and self.fix.current is not None:
            values["current"] = fmt.value(self.fix.current, self.fix.unit, places=self.target_places(fmt, places))
        return Shown(self.measured_text(fmt, places), self.limit_text(fmt, places), self.margin_text(fmt, places),
                     target, self.message.render(fmt, **values), places)

    def explain(self, fmt: Formatter = METRIC) -> str:
        return self.show(fmt).explanation

    # --- data ----------------------------------------------------------------------------------------------------
    def limit_json(self) -> dict[str, Any] | None:
        if self.required is not None:
            return {"required": self.required}
        limit: dict[str, Any] = {k: v for k, v in (("min", self.minimum), ("max", self.maximum)) if v is not None}
        if self.strict_minimum:
            limit["min_exclusive"] = True
        if self.strict_maximum:
            limit["max_exclusive"] = True
        return limit or None

    def to_json(self, fmt: Formatter = METRIC) -> dict[str, Any]:
        """The finding as data: numbers in the stored unit (`unit`), the explanation written by `fmt`."""
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "group": self.group,
            "status": self.status.value,
            "measured": self.measured,
            "limit": self.limit_json(),
            "unit": self.unit,
            "margin": self.margin,
            "basis": self.basis.value,
            "citation": self.citation,
            "explanation": self.explain(fmt),
            "field": self.field,
            "fix": None if self.fix is None else {"field": self.fix.field, "value": self.fix.value,
                                                   "unit": self.fix.unit, "direction": self.fix.direction,
                                                   "exclusive": self.fix.strict},
        }
