"""The reference: every variant through the scalar model and rule engine, one design at a time.

Slow (about 60–150 µs a variant) but the definition of right: the vectorised engine must give the same result.
Also the path for rules that are not vectorised.
"""

from __future__ import annotations

import numpy as np

from ..design import FIGURES, USClass
from ..design.edit import EditError
from ..rules import DEFAULT_SETTINGS, RuleSettings, evaluate
from ..rules.finding import Finding
from .result import MISSING, STATUS_CODES, BatchResult
from .variants import Variants


def evaluate_scalar(variants: Variants, us_class: USClass | str | None = None,
                    settings: RuleSettings = DEFAULT_SETTINGS) -> BatchResult:
    """Every variant validated and evaluated by the scalar engine (`rules.evaluate`)."""
    n = len(variants)
    valid = np.zeros(n, dtype=bool)
    invalid_field = np.full(n, "", dtype=object)
    invalid_reason = np.full(n, "", dtype=object)
    derived = {f.key: np.full(n, np.nan) for f in FIGURES}
    status: dict[str, np.ndarray] = {}
    margin: dict[str, np.ndarray] = {}
    group: dict[str, str] = {}
    for i in range(n):
        try:
            design = variants.design(i)
        except EditError as exc:
            invalid_field[i], invalid_reason[i] = exc.path, str(exc)
            continue
        valid[i] = True
        evaluation = evaluate(design, us_class, settings)
        for figure in FIGURES:
            derived[figure.key][i] = float(getattr(evaluation.derived, figure.key))
        for finding in evaluation.findings:
            _record(finding, i, n, status, margin, group)
    return BatchResult(variants, valid, invalid_field, invalid_reason, derived, status, margin, group,
                       scalar_rules=tuple(status))


def _record(finding: Finding, i: int, n: int, status: dict, margin: dict, group: dict) -> None:
    rule = finding.rule_id
    if rule not in status:
        status[rule] = np.full(n, MISSING, dtype=np.int8)
        margin[rule] = np.full(n, np.nan)
        group[rule] = finding.group
    status[rule][i] = STATUS_CODES[finding.status]
    m = finding.margin
    margin[rule][i] = np.nan if m is None else float(m)
