"""The compliance engine: rules as pure functions of a design, grouped into kei and US pathways."""

from .engine import DEFAULT_SETTINGS, PATHWAY_TITLES, Evaluation, evaluate
from .finding import Basis, Finding, Status
from .settings import RuleSettings

__all__ = ["DEFAULT_SETTINGS", "PATHWAY_TITLES", "Basis", "Evaluation", "Finding", "RuleSettings", "Status",
           "evaluate"]
