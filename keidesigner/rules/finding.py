"""What a rule says about a design."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..design.units import UnitSystem, format_value


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


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    title: str
    group: str  # "kei" or "us"
    status: Status
    basis: Basis
    citation: str
    explanation: str
    unit: str = ""
    measured: float | bool | None = None
    minimum: float | None = None  # lower limit, inclusive unless strict_minimum
    maximum: float | None = None  # upper limit, inclusive unless strict_maximum
    strict_minimum: bool = False  # the measured value must be over the minimum ("more than 32 km/h")
    strict_maximum: bool = False  # the measured value must be under the maximum ("less than 1,361 kg")
    required: bool | None = None  # for equipment: must the measured flag be true
    field: str | None = None  # dotted design path the finding is about, for the editor to select

    @property
    def margin(self) -> float | None:
        """Distance to the nearest limit in the finding's unit: positive inside, negative outside."""
        if not isinstance(self.measured, (int, float)) or isinstance(self.measured, bool):
            return None
        sides = []
        if self.minimum is not None:
            sides.append(self.measured - self.minimum)
        if self.maximum is not None:
            sides.append(self.maximum - self.measured)
        return min(sides) if sides else None

    def limit_text(self, system: UnitSystem = UnitSystem.metric) -> str:
        if self.required is not None:
            return "required" if self.required else "not required"
        lo, hi = self.minimum, self.maximum
        above, below = (">" if self.strict_minimum else "≥"), ("<" if self.strict_maximum else "≤")
        if lo is not None and hi is not None:
            low = format_value(lo, self.unit, system, with_unit=False, precise=True)
            high = format_value(hi, self.unit, system, precise=True)
            if self.strict_minimum or self.strict_maximum:
                return f"{above} {low}, {below} {high}"
            return f"{low} – {high}"
        if hi is not None:
            return f"{below} {format_value(hi, self.unit, system, precise=True)}"
        if lo is not None:
            return f"{above} {format_value(lo, self.unit, system, precise=True)}"
        return "—"

    def measured_text(self, system: UnitSystem = UnitSystem.metric) -> str:
        if self.measured is None:
            return "—"
        if isinstance(self.measured, bool):
            return "yes" if self.measured else "no"
        return format_value(self.measured, self.unit, system, precise=True)

    def margin_text(self, system: UnitSystem = UnitSystem.metric) -> str:
        m = self.margin
        if m is None:
            return "—"
        text = format_value(m, self.unit, system, precise=True)
        if text.startswith("-"):
            return text
        if m < 0 or (m == 0 and self._at_strict_limit()):
            return f"-{text}"  # outside by less than the display precision, or on a limit it must not reach
        return f"+{text}"

    def _at_strict_limit(self) -> bool:
        return (self.strict_minimum and self.measured == self.minimum) or (
            self.strict_maximum and self.measured == self.maximum)

    def limit_json(self) -> dict[str, Any] | None:
        if self.required is not None:
            return {"required": self.required}
        limit: dict[str, Any] = {k: v for k, v in (("min", self.minimum), ("max", self.maximum)) if v is not None}
        if self.strict_minimum:
            limit["min_exclusive"] = True
        if self.strict_maximum:
            limit["max_exclusive"] = True
        return limit or None

    def to_json(self) -> dict[str, Any]:
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
            "explanation": self.explanation,
            "field": self.field,
        }
