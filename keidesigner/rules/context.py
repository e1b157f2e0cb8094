"""What every rule receives, and the small helpers rules share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from ..design import Derived, Design, DspFormula, USClass
from ..design.message import Msg
from .finding import Basis, Finding, Fix, Status, above, below
from .settings import PairedReading, RuleSettings


@dataclass(frozen=True, slots=True)
class Paired:
    """A limit the CFR states in two units: the metric figure and the US customary one, both in the stored unit.

    `value(reading, side)` is the figure that applies under the user's reading (a RuleSettings choice); `side` is
    "min" or "max", so that "either" takes the one that lets a vehicle pass.
    """

    metric: float
    us: float

    def value(self, reading: PairedReading, side: str) -> float:
        if reading is PairedReading.metric:
            return self.metric
        if reading is PairedReading.us:
            return self.us
        return max(self.metric, self.us) if side == "max" else min(self.metric, self.us)


@dataclass(frozen=True, slots=True)
class Context:
    design: Design
    derived: Derived
    settings: RuleSettings
    us_class: USClass

    @property
    def is_lsv(self) -> bool:
        return self.us_class is USClass.lsv

    @property
    def is_electrified(self) -> bool:
        return self.design.powertrain.kind in ("electric", "hybrid")

    def paired(self, limit: Paired, side: str) -> float:
        return limit.value(self.settings.paired_units, side)

    @property
    def dsp_formula(self) -> DspFormula:
        return dsp_formula(self.settings)


def dsp_formula(settings: RuleSettings) -> DspFormula:
    """The 571.10 count with the divisors the settings give (the threshold and split are confirmed constants)."""
    return _formula(settings.dsp_narrow_divisor_mm, settings.dsp_wide_divisor_mm)


@lru_cache(maxsize=32)
def _formula(narrow: float, wide: float) -> DspFormula:
    return DspFormula(narrow_divisor_mm=narrow, wide_divisor_mm=wide)


Rule = Callable[[Context], "Finding | tuple[Finding, ...]"]  # a per-seat rule gives one finding per seat location


def bounded(
    rule_id: str, title: str, group: str, *, measured: float, unit: str, basis: Basis, citation: str,
    minimum: float | None = None, maximum: float | None = None, field: str | None = None,
    ok: Msg, too_low: Msg | None = None, too_high: Msg | None = None,
    warn_if: Callable[[float], Msg | None] | None = None, fail_status: Status = Status.fail,
    strict_minimum: bool = False, strict_maximum: bool = False, fix: Fix | None | bool = True, min_places: int = 0,
) -> Finding:
    """A finding for a number that must stay within [minimum, maximum] (or the open side of a strict limit).

    fix=True: `field` holds the measured value itself, so the limit missed is what to type into it; pass a Fix when
    the field relates to the measured value otherwise (crush length for a deceleration), False for none.
    """
    status, message, found_fix = Status.pass_, ok, None
    if minimum is not None and below(measured, minimum, strict_minimum):
        status, message = fail_status, too_low or ok
        if fix is True and field:
            found_fix = Fix(field, minimum, unit, "up", strict_minimum, measured)
    elif maximum is not None and above(measured, maximum, strict_maximum):
        status, message = fail_status, too_high or ok
        if fix is True and field:
            found_fix = Fix(field, maximum, unit, "down", strict_maximum, measured)
    elif warn_if is not None and (warning := warn_if(measured)) is not None:
        status, message = Status.warn, warning
    if isinstance(fix, Fix) and status is fail_status and status is not Status.pass_:
        found_fix = fix
    return Finding(
        rule_id, title, group, status, basis, citation, message, unit, measured, minimum, maximum,
        strict_minimum, strict_maximum, None, field, found_fix, min_places,
    )


def equipment(
    rule_id: str, title: str, *, present: bool, citation: str, field: str, basis: Basis = Basis.regulation,
    ok: Msg | str, missing: Msg | str, missing_status: Status = Status.fail,
) -> Finding:
    message = ok if present else missing
    return Finding(
        rule_id, title, "us", Status.pass_ if present else missing_status, basis, citation,
        message if isinstance(message, Msg) else Msg(message), measured=present, required=True, field=field,
    )


def not_applicable(
    rule_id: str, title: str, why: Msg | str, *, citation: str, basis: Basis = Basis.regulation, group: str = "us",
    field: str | None = None,
) -> Finding:
    return Finding(rule_id, title, group, Status.not_applicable, basis, citation,
                   why if isinstance(why, Msg) else Msg(why), field=field)
