"""The Part 555 pathway: what a temporary exemption (49 U.S.C. 30113, 49 CFR Part 555) for this design would have to
cover, and what the regulatory reference confirms about the basis chosen (B26, all [C] there):

- economic hardship: only a manufacturer that produced no more than 10,000 vehicles in its most recent
  production year; an exemption for at most 3 years;
- new safety feature, low-emission vehicle, equal overall safety: at most 2,500 vehicles sold in the
  US in any 12 months; at most 2 years;
- any basis: renewable on reapplication, after notice and comment; each exempted vehicle carries a permanent label
  naming the standards it is exempted from.

What cannot be checked is said as such: whether NHTSA would grant a petition, the good-faith efforts and the
hardship the economic basis asks the petitioner to show, the safety argument of the other bases.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..design.plan import ExemptionBasis
from .matrix import Matrix

HARDSHIP_PRODUCTION_MAX = 10_000  # vehicles produced in the most recent year [C]
HARDSHIP_YEARS = 3  # [C]
OTHER_SALES_MAX = 2_500  # vehicles sold in the US in any 12 months [C]
OTHER_YEARS = 2  # [C]
CITATION = "49 U.S.C. 30113; 49 CFR Part 555"

BASIS_TEXT = {
    ExemptionBasis.economic_hardship: "substantial economic hardship to a manufacturer that tried in good faith",
    ExemptionBasis.new_safety_feature: "development or field evaluation of a new safety feature",
    ExemptionBasis.low_emission: "development or field evaluation of a low-emission vehicle",
    ExemptionBasis.equal_safety: "overall safety at least equal to that of a non-exempted vehicle",
}


@dataclass(frozen=True)
class Check:
    """One statement about the exemption: `ok` True (met), False (not met) or None (cannot be checked here)."""

    what: str
    ok: bool | None


@dataclass(frozen=True)
class ExemptionAssessment:
    basis: ExemptionBasis | None
    standards: tuple[str, ...]  # labels of the standards the petition would name
    years: int | None  # the longest exemption the basis allows
    checks: tuple[Check, ...]
    facts: tuple[str, ...] = ()  # what the basis means, stated, not checked

    @property
    def needed(self) -> bool:
        return bool(self.standards)


def assess_exemption(matrix: Matrix, basis: ExemptionBasis | None, us_sales_per_year: int | None,
                     maker_production_per_year: int | None) -> ExemptionAssessment:
    """What an exemption would cover (the matrix's screened failures and the standards planned exempt) and the
    checks of the chosen basis against the plan's volumes."""
    standards = tuple(r.standard.label for r in matrix.to_exempt)
    checks: list[Check] = []
    if not standards:
        checks.append(Check("Nothing to exempt: no screened failure and no standard planned exempt.", True))
        return ExemptionAssessment(basis, standards, None, tuple(checks))
    if basis is None:
        checks.append(Check("No exemption basis chosen: choose one of economic hardship, a new safety feature, a "
                            "low-emission vehicle or equal overall safety.", False))
        return ExemptionAssessment(None, standards, None, tuple(checks))
    if basis is ExemptionBasis.economic_hardship:
        years = HARDSHIP_YEARS
        if maker_production_per_year is None:
            checks.append(Check(f"Economic hardship is open only to a manufacturer that produced no more than "
                                f"{HARDSHIP_PRODUCTION_MAX:,} vehicles in its most recent year: the plan does not "
                                "state the maker's production.", None))
        else:
            ok = maker_production_per_year <= HARDSHIP_PRODUCTION_MAX
            checks.append(Check(f"The maker produced {maker_production_per_year:,} vehicles last year: "
                                f"{'within' if ok else 'over'} the {HARDSHIP_PRODUCTION_MAX:,} economic hardship "
                                "allows.", ok))
        checks.append(Check("The good-faith efforts to comply and the hardship itself are for the petition to show; "
                            "they cannot be checked here.", None))
    else:
        years = OTHER_YEARS
        if us_sales_per_year is None:
            checks.append(Check(f"This basis allows at most {OTHER_SALES_MAX:,} vehicles sold in the US in any 12 "
                                "months: the plan does not state the planned sales.", None))
        else:
            ok = us_sales_per_year <= OTHER_SALES_MAX
            checks.append(Check(f"{us_sales_per_year:,} vehicles a year planned: {'within' if ok else 'over'} the "
                                f"{OTHER_SALES_MAX:,} in any 12 months this basis allows.", ok))
        checks.append(Check(f"The case for {BASIS_TEXT[basis]} is for the petition to make; it cannot be checked "
                            "here.", None))
    checks.append(Check("Whether NHTSA would grant the petition cannot be checked.", None))
    facts = (f"An exemption lasts at most {years} years, renewable on reapplication after notice and comment; each "
             "vehicle carries a permanent label naming the exempted standards.",)
    return ExemptionAssessment(basis, standards, years, tuple(checks), facts)
