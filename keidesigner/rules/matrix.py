"""The compliance matrix: every standard of the catalogue against one design, as a homologation engineer keeps it.

For each standard (rules/catalogue.py): whether it applies to the vehicle's class and GVWR and why; and, where it
applies, where it stands:

- `screened`: KeiDesigner's own rules check it; its result is the worst of their findings (fail, warn or pass);
- `declared`, `exempt`, `open`: the designer's compliance plan (design/plan.py); a standard neither screened nor
  planned is `open`; a screened standard the plan marks exempt is `exempt`, with its screened result.

A US verdict of "pass" speaks for the screened standards only; `Matrix.summary` says how many are declared, to be
exempted or still open, so that a design with open standards never reads as simply compliant.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..design import USClass
from ..design.plan import PlanEntry, PlanStatus
from .catalogue import SERIES, STANDARDS, Standard, applies
from .engine import Evaluation
from .finding import Status

if TYPE_CHECKING:
    from .exemption import ExemptionAssessment

SCREENED = "screened"
NOT_APPLICABLE = "not applicable"
STATUSES = (SCREENED, PlanStatus.declared.value, PlanStatus.exempt.value, PlanStatus.open.value, NOT_APPLICABLE)
_WORST = (Status.fail, Status.warn, Status.pass_)


def rule_standards(rule_id: str) -> tuple[str, ...]:
    """The catalogue numbers a rule's findings speak for: 'us.208.belts.1.1' -> ('208',); the FMVSS 305 rule checks
    305a as well (its citation is 571.305 / 305a); the 571.10 seat count speaks for 208 and 210; rules of no
    standard (the kei box, NCAP, IIHS, the proposed 228, the fit screenings) speak for none."""
    group, _, rest = rule_id.partition(".")
    if group != "us":
        return ()
    token = rest.split(".", 1)[0]
    if token == "305":
        return ("305", "305a")
    if token == "10":  # 571.10 counts the designated seating positions whose belts and anchorages 208 and 210 ask
        return ("208", "210")
    return (token,) if token in _NUMBERS else ()


_NUMBERS = {s.number for s in STANDARDS}
_BY_NUMBER = {s.number: s for s in STANDARDS}


@lru_cache(maxsize=4096)
def _applies(number: str, us_class: USClass, gvwr_kg: float) -> tuple[bool, str]:
    # the status bar counts the matrix on every edit: applicability changes only with class and GVWR
    return applies(_BY_NUMBER[number], us_class, gvwr_kg)


def _condition(number: str, design) -> tuple[bool, str] | None:
    """Whether a catalogue condition the design can answer holds, and why; None where the design cannot say (tyres
    fitted, a trunk, a platform lift): the standard is then listed as applying, its condition in the reason."""
    kind = design.powertrain.kind
    voltage = getattr(design.powertrain, "pack_voltage_v", 0.0)
    answers = {
        "121": (False, "the design has no air brakes (the model's brakes are hydraulic)"),
        "136": (False, "the design is not a truck tractor"),
        "202": (False, "a new design is made after 1 Sep 2009, so 202a applies instead"),
        "216": (False, "216a is the standard a new design is certified to"),
        "141": (kind in ("electric", "hybrid"), f"the powertrain is {kind}"),
        "301": (kind in ("gas", "hybrid"), f"the powertrain is {kind}"),
        "303": (False, "the model has no CNG powertrain"),
        "304": (False, "the model has no CNG powertrain"),
        "305": (kind in ("electric", "hybrid") and voltage > 60.0,
                f"the powertrain is {kind}" + (f" at {voltage:g} V" if kind != "gas" else "")),
        "305a": (kind in ("electric", "hybrid"), f"the powertrain is {kind}"),
    }
    return answers.get(number)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    standard: Standard
    applies: bool
    reason: str  # why it applies or not (catalogue.applies)
    status: str  # one of STATUSES
    result: Status | None  # for a screened standard: the worst of its findings
    findings: tuple[str, ...]  # the rule ids that screen it
    entry: PlanEntry | None  # the plan's entry, if any (also shown beside a screened standard)
    failing: tuple[str, ...] = ()  # those of `findings` that fail

    @property
    def series(self) -> str:
        return next(name for name, numbers in SERIES.items() if self.standard.number in numbers)


@dataclass(frozen=True)
class Matrix:
    rows: tuple[MatrixRow, ...]
    exemption_basis: str | None

    def count(self, status: str, result: Status | None = None) -> int:
        return sum(1 for r in self.rows if r.status == status and (result is None or r.result is result))

    @property
    def applicable(self) -> int:
        return sum(1 for r in self.rows if r.applies)

    @property
    def to_exempt(self) -> tuple[MatrixRow, ...]:
        """What a Part 555 petition would have to name: the screened failures and the standards planned exempt."""
        return tuple(r for r in self.rows if r.applies and (r.status == PlanStatus.exempt.value
                                                            or r.result is Status.fail))

    @property
    def summary(self) -> str:
        """'48 applicable standards: 14 screened (6 fail) · 3 declared · 0 exempt · 31 open'."""
        return (f"{self.applicable} applicable standards: {self.count(SCREENED)} screened "
                f"({self.count(SCREENED, Status.fail)} failing) · {self.count('declared')} declared · "
                f"{self.count('exempt')} exempt · {self.count('open')} open")

    @property
    def conflicts(self) -> tuple[str, ...]:
        """Where the plan and the vehicle disagree: a plan for a standard that does not apply, a declaration the
        screening fails."""
        said = []
        for r in self.rows:
            if r.entry is None:
                continue
            if not r.applies and r.entry.status is not PlanStatus.open:
                said.append(f"{r.standard.label} is planned {r.entry.status.value} but does not apply: {r.reason}")
            elif r.status == SCREENED and r.result is Status.fail and r.entry.status is PlanStatus.declared:
                said.append(f"{r.standard.label} is declared ({r.entry.shown_by.value}) but KeiDesigner's rules "
                            "find it failing: the declaration does not stand until they pass")
        return tuple(said)

    @property
    def complete(self) -> bool:
        """Every applicable standard screened without a failure or declared: nothing open, nothing to exempt."""
        return self.count("open") == 0 and not self.to_exempt


def compliance_matrix(ev: Evaluation) -> Matrix:
    """The matrix of the evaluated design: every catalogue standard against its class (the evaluation's pathway) and
    GVWR, its findings and the design's plan."""
    by_standard: dict[str, list] = {}
    excluded: dict[str, str] = {}  # standards every one of whose findings the rules found not applicable, and why
    for f in ev.findings:
        for number in rule_standards(f.rule_id):
            if f.status is Status.not_applicable:
                excluded.setdefault(number, f.explanation)
            else:
                by_standard.setdefault(number, []).append(f)
    plan = ev.design.plan
    entries = {e.standard: e for e in plan.entries}
    rows = []
    for standard in STANDARDS:
        ok, reason = _applies(standard.number, ev.us_class, ev.derived.gvwr_kg)
        answer = _condition(standard.number, ev.design) if ok and standard.condition else None
        if answer is not None:
            ok = answer[0]
            reason = (f"{reason}; {answer[1]}" if ok else
                      f"does not apply: {standard.condition}, and {answer[1]}")
        entry = entries.get(standard.number)
        found = by_standard.get(standard.number, [])
        if ok and standard.number in excluded and standard.number not in by_standard:
            # the rules found it not applicable to this design (a convertible, no rear seat ...): they know more
            ok, reason = False, f"does not apply to this design: {excluded[standard.number]}"
        if not ok:
            rows.append(MatrixRow(standard, False, reason, NOT_APPLICABLE, None, (), entry))
        elif found:
            result = next(s for s in _WORST if any(f.status is s for f in found)) if any(
                f.status in _WORST for f in found) else Status.info
            # planned exempt, it is listed as such, its screened result beside it
            status = PlanStatus.exempt.value if entry is not None and entry.status is PlanStatus.exempt else SCREENED
            rows.append(MatrixRow(standard, True, reason, status, result, tuple(f.rule_id for f in found), entry,
                                  tuple(f.rule_id for f in found if f.status is Status.fail)))
        else:
            status = entry.status.value if entry is not None else PlanStatus.open.value
            rows.append(MatrixRow(standard, True, reason, status, None, (), entry))
    basis = plan.exemption_basis.value if plan.exemption_basis is not None else None
    return Matrix(tuple(rows), basis)


def exemption_of(matrix: Matrix, plan) -> ExemptionAssessment:
    from .exemption import assess_exemption

    return assess_exemption(matrix, plan.exemption_basis, plan.us_sales_per_year, plan.maker_production_per_year)


def matrix_json(matrix: Matrix, plan=None) -> dict[str, Any]:
    """The matrix as data; with the design's plan, the Part 555 assessment too."""
    exemption = exemption_of(matrix, plan) if plan is not None else None
    return {
        "summary": matrix.summary,
        "exemption_basis": matrix.exemption_basis,
        "to_exempt": [r.standard.number for r in matrix.to_exempt],
        "conflicts": list(matrix.conflicts),
        "exemption": None if exemption is None else {
            "standards": list(exemption.standards), "years": exemption.years,
            "checks": [{"what": c.what, "ok": c.ok} for c in exemption.checks], "facts": list(exemption.facts)},
        "standards": [{
            "standard": r.standard.label, "number": r.standard.number, "title": r.standard.title,
            "series": r.series, "applies": r.applies, "reason": r.reason, "status": r.status,
            "result": r.result.value if r.result is not None else None, "findings": list(r.findings),
            "shown_by": r.entry.shown_by.value if r.entry is not None else None,
            "reference": r.entry.reference if r.entry is not None else "",
            "citation": r.standard.citation, "mark": r.standard.mark,
        } for r in matrix.rows],
    }


_COLUMNS = ("standard", "title", "series", "applies", "status", "result", "shown_by", "reference", "reason",
            "citation", "mark")


def matrix_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for row in matrix_json(matrix)["standards"]:
        writer.writerow(["yes" if row[c] is True else "no" if row[c] is False else row[c] or "" for c in _COLUMNS])
    return out.getvalue()


def matrix_text(matrix: Matrix, title: str, plan=None) -> str:
    """The matrix for a terminal: the summary, the Part 555 assessment (with the design's plan), then each series'
    applicable standards with their status, then the standards that do not apply, one line each."""
    lines = [f"{title}: {matrix.summary}"]
    lines += [f"  Plan conflict: {c}" for c in matrix.conflicts]
    if matrix.to_exempt:
        lines.append("A Part 555 exemption would have to name: "
                     + ", ".join(r.standard.label for r in matrix.to_exempt))
        if plan is not None:
            mark = {True: "ok  ", False: "NOT ", None: "?   "}
            assessment = exemption_of(matrix, plan)
            lines += [f"  {mark[c.ok]} {c.what}" for c in assessment.checks]
            lines += [f"       {fact}" for fact in assessment.facts]
    for name in SERIES:
        rows = [r for r in matrix.rows if r.applies and r.series == name]
        if not rows:
            continue
        lines += ["", name]
        for r in rows:
            status = f"{r.status} ({r.result.value})" if r.result is not None else r.status
            how = f"  [{r.entry.shown_by.value}: {r.entry.reference}]" if r.entry is not None and r.entry.reference \
                else (f"  [{r.entry.shown_by.value}]" if r.entry is not None else "")
            lines.append(f"  {r.standard.label:<12} {status:<18} {r.standard.title}{how}")
    skipped = [r for r in matrix.rows if not r.applies]
    if skipped:
        lines += ["", "Not applicable"]
        lines += [f"  {r.standard.label:<12} {r.reason}" for r in skipped]
    return "\n".join(lines)
