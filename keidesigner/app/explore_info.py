"""What the Explore tab says about one variant: its field values, its verdicts and the rule that binds it.

Qt-free (the text is HTML for a label). The map's colours come from the batch engine; the words about one variant
come from the scalar model and rule engine, which the engines agree with: the variant is built and checked again
(about 0.1-0.2 ms), so a refusal reads in the user's units and locale and each finding as the Compliance tab shows
it. The binding rule is the one failing (all of them, a few named), else the one closest to its limit, measured as
a share of the limit, among the rules the sweep moves (a rule no value in the map changes binds nowhere in it).
"""

from __future__ import annotations

import html
import math

from ..design import Design, EditError, field_info
from ..design.fieldspec import FieldSpec
from ..design.units import Formatter, entry_decimals
from ..rules import evaluate
from ..rules.finding import WHOLE_UNITS, Finding, Status
from .explore_fields import current_value
from .explore_map import SweepMap

GROUP_WORDS = {"all": "kei and US", "us": "US", "kei": "kei"}
GROUP_LABEL = {"kei": "Kei", "us": "US"}
NAMED_FAILURES = 3  # failing rules the map moves, named with their figures; more are counted
NAMED_FIXED = 4  # failing rules the map does not move, named by title; more are counted
FAIL_STYLE = "color: #ae2012;"
PASS_STYLE = "color: #1f7a6f;"
QUIET_STYLE = "color: #666;"


def field_text(spec: FieldSpec, value: float | None, fmt: Formatter) -> str:
    """'Length 3,300 mm', 'Length 133.66 in': a field's title and value in the user's units, as its field in the
    Parameters dock shows it."""
    if value is None:
        return f"{spec.title} auto"
    places = 0 if spec.kind == "int" else entry_decimals(spec.unit, fmt.system)
    unit = fmt.unit(spec.unit)
    number = fmt.value(float(value), spec.unit, places=places, with_unit=False, trim=True)
    return f"{spec.title} {number}{'' if not unit or unit in WHOLE_UNITS else ('' if unit == '°' else ' ') + unit}"


def rule_name(finding: Finding) -> str:
    return f"{GROUP_LABEL.get(finding.group, finding.group)} · {finding.title}"


def finding_text(finding: Finding, fmt: Formatter) -> str:
    """'Kei · Length 3,450 mm (≤ 3,400 mm, -50 mm)'; a finding without numbers by its status ('no, required')."""
    shown = finding.show(fmt)
    numbers = ", ".join(t for t in (shown.limit, shown.margin) if t and t != "—")
    measured = shown.measured if shown.measured and shown.measured != "—" else ""
    return f"{rule_name(finding)} {measured}{f' ({numbers})' if numbers else ''}".replace("  ", " ")


def closeness(finding: Finding) -> float:
    """A passing finding's margin as a share of the limit it is nearest (0: on it); inf without a margin."""
    margin = finding.margin
    if margin is None:
        return math.inf
    limits = [abs(v) for v in (finding.minimum, finding.maximum) if v is not None]
    scale = max(min(limits) if limits else 0.0, abs(float(finding.measured)), 1e-9)
    return margin / scale


def verdicts(findings: tuple[Finding, ...], group: str) -> str:
    """'Kei pass · US FAIL (7)', the group that counts on the map in bold."""
    parts = []
    for g in ("kei", "us"):
        fails = sum(1 for f in findings if f.group == g and f.status is Status.fail)
        word = f"<span style='{FAIL_STYLE}'>FAIL ({fails})</span>" if fails else \
            f"<span style='{PASS_STYLE}'>pass</span>"
        text = f"{GROUP_LABEL[g]} {word}"
        parts.append(f"<b>{text}</b>" if group in ("all", g) else f"<span style='{QUIET_STYLE}'>{text}</span>")
    return " · ".join(parts)


def binding_text(findings: tuple[Finding, ...], sweep: SweepMap | None, group: str, fmt: Formatter) -> str:
    """The failing rules of `group`: those the map's two fields move named with their figures (a few), those
    failing all over the map by title; or, when none fails, the rule closest to its limit."""
    counted = [f for f in findings if group == "all" or f.group == group]

    def moves(f: Finding) -> bool:
        return sweep is None or (f.rule_id in sweep.status and sweep.varying(f.rule_id))

    failing = [f for f in counted if f.status is Status.fail]
    if failing:
        named = [f for f in failing if moves(f)]
        fixed = [f for f in failing if not moves(f)]
        lines = [html.escape(finding_text(f, fmt)) for f in named[:NAMED_FAILURES]]
        if len(named) > NAMED_FAILURES:
            lines.append(f"and {fmt.number(len(named) - NAMED_FAILURES, 0)} more")
        if fixed:
            titles = ", ".join(html.escape(f.title) for f in fixed[:NAMED_FIXED])
            more = f" and {fmt.number(len(fixed) - NAMED_FIXED, 0)} more" if len(fixed) > NAMED_FIXED else ""
            label = "Also failing everywhere on the map" if named else "Failing everywhere on the map"
            lines.append(f"<span style='{QUIET_STYLE}'>{label}: {titles}{more}</span>")
        return "<b>Fails</b><br>" + "<br>".join(lines)
    moving = [f for f in counted if f.margin is not None and sweep is not None and moves(f)]
    candidates = moving or [f for f in counted if f.margin is not None]
    if not candidates:
        return f"<span style='{QUIET_STYLE}'>No rule of this group has a margin here.</span>"
    closest = min(candidates, key=closeness)
    return f"<b>Closest to its limit</b><br>{html.escape(finding_text(closest, fmt))}"


def describe(sweep: SweepMap, index: int, specs: tuple[FieldSpec, FieldSpec], group: str, fmt: Formatter,
             heading: str = "") -> str:
    """HTML for variant `index` of the map: its two values, then whether it is evaluated, refused by the model
    (and why), or its verdicts and binding rule."""
    request = sweep.request
    values = request.variants.values(index)
    head = " · ".join(html.escape(field_text(s, values[s.path], fmt)) for s in specs)
    top = f"{heading}<b>{head}</b>"
    if not sweep.done[index]:
        return f"{top}<br><span style='{QUIET_STYLE}'>not evaluated yet</span>"
    try:
        design = request.variants.design(index)
    except EditError as exc:
        return (f"{top}<br><b>The model refuses this variant</b><br>"
                f"{html.escape(refusal_text(exc, request.design, fmt))}")
    evaluation = evaluate(design, None, request.settings)
    return f"{top}<br>{verdicts(evaluation.findings, group)}<br>{binding_text(evaluation.findings, sweep, group, fmt)}"


def describe_design(design: Design, findings: tuple[Finding, ...], sweep: SweepMap | None,
                    specs: tuple[FieldSpec, FieldSpec], group: str, fmt: Formatter) -> str:
    """HTML for the current design, as the map would describe it (shown while the pointer is off the map)."""
    head = " · ".join(html.escape(field_text(s, current_value(design, None, s.path), fmt)) for s in specs)
    text = f"<span style='{QUIET_STYLE}'>Current design</span><br><b>{head}</b><br>{verdicts(findings, group)}"
    return f"{text}<br>{binding_text(findings, sweep, group, fmt)}"


def refusal_text(exc: EditError, design: Design, fmt: Formatter) -> str:
    """'Wheelbase: ...': the model's reason, after the title of the field it refuses."""
    try:
        title = field_info(exc.path, design).title or exc.path
    except (KeyError, AttributeError, TypeError, IndexError):
        title = exc.path
    return f"{title}: {exc.render(fmt)}" if exc.path else exc.render(fmt)


__all__ = ["closeness", "describe", "describe_design", "field_text", "finding_text", "refusal_text", "rule_name",
           "verdicts"]
