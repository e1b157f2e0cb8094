"""Evaluation: every kei rule and the chosen US pathway's rules, plus a verdict per group."""

from __future__ import annotations

from dataclasses import dataclass

from ..design import Derived, Design, USClass, derive
from .context import Context, dsp_formula
from .finding import STATUS_ORDER, Finding, Status
from .kei import KEI_RULES
from .settings import RuleSettings
from .us import us_rules

DEFAULT_SETTINGS = RuleSettings()

PATHWAY_TITLES = {
    USClass.passenger_car: "US passenger car",
    USClass.mpv: "US multipurpose passenger vehicle",
    USClass.truck: "US truck",
    USClass.lsv: "US low-speed vehicle",
}


@dataclass(frozen=True, slots=True)
class Evaluation:
    design: Design
    us_class: USClass
    derived: Derived
    findings: tuple[Finding, ...]

    def group(self, name: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.group == name)

    def verdict(self, group: str) -> str:
        """'fail' when any finding of the group fails, else 'pass'."""
        return "fail" if any(f.status is Status.fail for f in self.findings if f.group == group) else "pass"

    @property
    def verdicts(self) -> dict[str, str]:
        return {"kei": self.verdict("kei"), "us": self.verdict("us")}

    @property
    def passed(self) -> bool:
        return not any(f.status is Status.fail for f in self.findings)

    def counts(self, group: str) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for f in self.findings:
            if f.group == group:
                counts[f.status] += 1
        return counts

    def sorted(self, group: str) -> list[Finding]:
        """A group's findings, fails first, then warnings, then the rest; stable within a status."""
        return sorted(self.group(group), key=lambda f: STATUS_ORDER[f.status])

    def by_id(self, rule_id: str) -> Finding:
        for f in self.findings:
            if f.rule_id == rule_id:
                return f
        raise KeyError(rule_id)


def evaluate(
    design: Design, us_class: USClass | str | None = None, settings: RuleSettings = DEFAULT_SETTINGS
) -> Evaluation:
    """Check a design against the kei definition and a US pathway (the design's own class unless given)."""
    cls = USClass(us_class) if us_class is not None else design.us_class
    ctx = Context(design=design, derived=derive(design, dsp_formula(settings)), settings=settings, us_class=cls)
    findings: list[Finding] = []
    for rule in KEI_RULES + us_rules(cls):
        found = rule(ctx)
        if isinstance(found, Finding):
            findings.append(found)
        else:
            findings.extend(found)
    return Evaluation(design=design, us_class=cls, derived=ctx.derived, findings=tuple(findings))
