"""The one place the batch package chooses its engine: the vectorised `engine.evaluate_batch` when it is there, else
the scalar reference. Both take and give the same things, so switching is this module's business alone."""

from __future__ import annotations

import importlib
import importlib.util

from ..design import Design, USClass
from ..rules import DEFAULT_SETTINGS, RuleSettings
from .result import BatchResult
from .scalar import evaluate_scalar
from .variants import Variants


def _engine():
    # find_spec, not `except ImportError`: an engine that exists but fails to import must say so, not be skipped
    if importlib.util.find_spec(f"{__package__}.engine") is None:
        return None
    return importlib.import_module(f"{__package__}.engine").evaluate_batch


_EVALUATE_BATCH = _engine()
ENGINE = "vectorised" if _EVALUATE_BATCH is not None else "scalar"  # what `evaluate` runs, for the summary and benches


def evaluate(variants: Variants, us_class: USClass | str | None = None,
             settings: RuleSettings = DEFAULT_SETTINGS) -> BatchResult:
    """Every variant validated and evaluated, by the vectorised engine when present, else the scalar reference."""
    if _EVALUATE_BATCH is not None:
        return _EVALUATE_BATCH(variants, us_class, settings)
    return evaluate_scalar(variants, us_class, settings)


def base_rules(base: Design, us_class: USClass | str | None,
               settings: RuleSettings) -> list[tuple[str, str, str]]:
    """(rule id, group, unit) of every finding the base design gets, in the order findings are listed: the table's
    first guess at its rule columns (a variant may add a few: a wider seat may count a position more)."""
    from ..rules import evaluate as evaluate_one

    return [(f.rule_id, f.group, f.unit) for f in evaluate_one(base, us_class, settings).findings]
