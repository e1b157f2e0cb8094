"""What every rule receives, and the small helpers rules share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..design import Derived, Design, USClass
from ..design.units import UnitSystem, format_value
from .finding import Basis, Finding, Status
from .settings import RuleSettings

# GVWR scope ceiling of most FMVSS named in the reference: 4,536 kg (10,000 lb).
GVWR_SCOPE_KG = 4536.0


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


Rule = Callable[[Context], Finding]


def mm(value: float) -> str:
    """'558.8 mm (22.0 in)': regulations stated in inches are quoted in both."""
    return f"{format_value(value, 'mm')} ({format_value(value, 'mm', UnitSystem.us)})"


def bounded(
    rule_id: str, title: str, group: str, *, measured: float, unit: str, basis: Basis, citation: str,
    minimum: float | None = None, maximum: float | None = None, field: str | None = None,
    ok: str, too_low: str = "", too_high: str = "", warn_if: Callable[[float], str | None] | None = None,
    fail_status: Status = Status.fail, strict_minimum: bool = False, strict_maximum: bool = False,
) -> Finding:
    """A finding for a number that must stay within [minimum, maximum] (or the open side of a strict limit)."""
    status, explanation = Status.pass_, ok
    if minimum is not None and (measured <= minimum if strict_minimum else measured < minimum):
        status, explanation = fail_status, too_low
    elif maximum is not None and (measured >= maximum if strict_maximum else measured > maximum):
        status, explanation = fail_status, too_high
    elif warn_if is not None and (warning := warn_if(measured)):
        status, explanation = Status.warn, warning
    return Finding(
        rule_id=rule_id, title=title, group=group, status=status, basis=basis, citation=citation,
        explanation=explanation, unit=unit, measured=measured, minimum=minimum, maximum=maximum, field=field,
        strict_minimum=strict_minimum, strict_maximum=strict_maximum,
    )


def equipment(
    rule_id: str, title: str, *, present: bool, citation: str, field: str, basis: Basis = Basis.regulation,
    ok: str, missing: str, missing_status: Status = Status.fail,
) -> Finding:
    return Finding(
        rule_id=rule_id, title=title, group="us", status=Status.pass_ if present else missing_status, basis=basis,
        citation=citation, explanation=ok if present else missing, measured=present, required=True, field=field,
    )


def not_applicable(
    rule_id: str, title: str, why: str, *, citation: str, basis: Basis = Basis.regulation, group: str = "us",
    field: str | None = None,
) -> Finding:
    return Finding(
        rule_id=rule_id, title=title, group=group, status=Status.not_applicable, basis=basis, citation=citation,
        explanation=why, field=field,
    )
