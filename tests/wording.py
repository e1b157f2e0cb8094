"""How explanations may write numbers, shared by the rule tests."""

from __future__ import annotations

import re

from keidesigner.design import POWERTRAIN_KINDS, field_info
from keidesigner.rules import Finding
from keidesigner.rules.finding import Shown

NEGATIVE = re.compile(r"(?<![\w.])[-−]\d")


def stray_negative(finding: Finding, shown: Shown) -> re.Match | None:
    """A negative number in the explanation, where none belongs: amounts (shortfalls, excesses) are said as
    positive. A signed position (a firewall ahead of the front axle) is the one exception: its target is said as
    its field holds it, for the designer to type."""
    text = shown.explanation
    if finding.fix is not None and _signed(finding.fix.field):
        text = text.replace(shown.target, "")
    return NEGATIVE.search(text)


def _signed(path: str) -> bool:
    """Whether the field at `path` takes negative values (for a powertrain field, in any powertrain)."""
    section, _, leaf = path.partition(".")
    if section == "powertrain":
        infos = [model.model_fields[leaf] for model in POWERTRAIN_KINDS.values() if leaf in model.model_fields]
    else:
        infos = [field_info(path)]
    return any((getattr(m, "ge", None) or 0) < 0 for info in infos for m in info.metadata)
