"""The compliance plan: how the designer means to show compliance with each US standard the rules do not screen.

A homologation engineer keeps a compliance matrix: for every applicable standard, how compliance will be shown. The
plan stores the designer's side of it, one entry per standard the designer has said something about:

- `declared`: compliance will be shown by a test, a supplier's certificate or an analysis (`method`), with a
  reference (test report, certificate, drawing) in `reference`;
- `exempt`: the standard is to be exempted under 49 CFR Part 555 (the basis is the plan's `exemption_basis`);
- `open`: named, but with no plan yet (a note may say why).

Which standards apply and which KeiDesigner screens with its own rules is not stored: it follows from the vehicle
(rules/catalogue.py and rules/matrix.py). A standard the plan does not name is `open` unless the rules screen it.
Standards are named by their number in Part 571 ('208', '202a', '305a') or by Part ('565', '567', '581').
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from .fields import Frozen, choice
from .message import FieldValueError, Msg

STANDARD_NUMBER = re.compile(r"\A\d{3}[a-z]?\Z")
# The numbers a plan may name: the catalogue's (rules/catalogue.py STANDARDS; a test holds the two equal). The design
# layer cannot import the rules, so the list is kept here too.
PLANNABLE = frozenset((
    "101 102 103 104 105 106 108 109 110 111 113 114 116 117 118 119 120 121 122 123 124 125 126 127 129 131 135 "
    "136 138 139 141 201 202 202a 203 204 205 206 207 208 209 210 212 213 213a 213b 214 216 216a 217 217a 218 219 "
    "220 221 222 223 224 225 226 301 302 303 304 305 305a 401 403 404 500 565 567 581").split())
NOT_EXEMPTIBLE = frozenset({"565", "567"})  # Part 555 exempts from safety and bumper standards, not VIN or labels


class PlanStatus(StrEnum):
    declared = "declared"
    exempt = "exempt"
    open = "open"


class ShownBy(StrEnum):
    test = "test"
    certificate = "certificate"  # a supplier's certificate for fitted equipment (tyres, glazing, belts)
    analysis = "analysis"
    none = "none"  # not yet chosen (open) or not needed (exempt)


class ExemptionBasis(StrEnum):
    """The four bases of 49 U.S.C. 30113 / 49 CFR Part 555 (regulatory reference B26)."""

    economic_hardship = "economic_hardship"
    new_safety_feature = "new_safety_feature"
    low_emission = "low_emission"
    equal_safety = "equal_safety"


class PlanEntry(Frozen):
    standard: str = Field(..., title="Standard", min_length=1, max_length=40,
                          description="The FMVSS number in 49 CFR 571 ('208', '202a') or the Part ('565', '567', "
                          "'581').")
    status: PlanStatus = choice(title="Status", description="Declared (shown by test, certificate or analysis), "
                                "exempt (under Part 555) or open (no plan yet).")
    shown_by: ShownBy = choice(title="Shown by", description="How a declared standard will be shown.")
    reference: str = Field(..., title="Reference", max_length=500,
                           description="Test report, certificate or document the declaration rests on, or a note.")

    @field_validator("standard")
    @classmethod
    def _a_standard_number(cls, number: str) -> str:
        if not STANDARD_NUMBER.match(number):
            raise FieldValueError("", Msg("'{0}' is not a standard's number: write the three digits and an optional "
                                          "letter alone, as in 208 or 202a", number))
        if number not in PLANNABLE:
            raise FieldValueError("", Msg("there is no standard {0} in Part 571 or Parts 565, 567 and 581 (reserved "
                                          "or not a standard)", number))
        return number

    @field_validator("reference")
    @classmethod
    def _one_line(cls, text: str) -> str:
        bad = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Zl", "Zp")), None)
        if bad is not None:
            raise FieldValueError("", Msg("holds a control character or line break (U+{0}); a reference is one line "
                                          "of text", f"{ord(bad):04X}"))
        return text

    @model_validator(mode="after")
    def _declared_says_how(self) -> PlanEntry:
        if self.status is PlanStatus.declared and self.shown_by is ShownBy.none:
            raise FieldValueError("shown_by", Msg("a declared standard says how it will be shown: test, certificate "
                                                  "or analysis"))
        if self.status is PlanStatus.exempt and self.shown_by is not ShownBy.none:
            raise FieldValueError("shown_by", Msg("an exempt standard is not shown: its method is none"))
        if self.status is PlanStatus.exempt and self.standard in NOT_EXEMPTIBLE:
            raise FieldValueError("status", Msg("Part {0} cannot be exempted under Part 555, which exempts from "
                                                "safety and bumper standards", self.standard))
        return self


class CompliancePlan(Frozen):
    entries: tuple[PlanEntry, ...] = Field(..., title="Entries", max_length=len(PLANNABLE),
                                           description="The standards the designer has planned, one entry each.")
    exemption_basis: ExemptionBasis | None = Field(
        ..., title="Exemption basis", description="The Part 555 basis the exempt standards are planned under; "
        "empty when nothing is to be exempted.")
    us_sales_per_year: int | None = Field(
        ..., title="Planned US sales a year", ge=1, le=10_000_000, json_schema_extra={"unit": "vehicles"},
        description="Vehicles of this design to be sold in the US in any 12 months; empty when not yet known.")
    maker_production_per_year: int | None = Field(
        ..., title="Maker's production last year", ge=0, le=100_000_000, json_schema_extra={"unit": "vehicles"},
        description="Vehicles the manufacturer produced in its most recent production year (all models, "
        "worldwide), which the economic-hardship basis limits; empty when not stated.")

    @model_validator(mode="after")
    def _one_entry_a_standard(self) -> CompliancePlan:
        seen: set[str] = set()
        for i, entry in enumerate(self.entries):
            if entry.standard in seen:
                raise FieldValueError(f"entries.{i}.standard", Msg("{0} is planned twice", entry.standard))
            seen.add(entry.standard)
        return self

    def entry(self, standard: str) -> PlanEntry | None:
        return next((e for e in self.entries if e.standard == standard), None)


EMPTY_PLAN = {"entries": [], "exemption_basis": None, "us_sales_per_year": None, "maker_production_per_year": None}
