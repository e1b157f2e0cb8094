"""The Analysis of one design: derived figures, findings and verdicts now; scene and outlines when first asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from ..design import Derived, Design, USClass
from ..rules import DEFAULT_SETTINGS, Evaluation, Finding, RuleSettings, Status, evaluate
from ..rules.finding import STATUS_ORDER
from ..rules.settings import SITTING_HEIGHT_MM

if TYPE_CHECKING:
    from ..energy import EnergyEstimate
    from ..geometry import Outline, Scene
    from ..rules.matrix import Matrix
    from .pedestrian import PedestrianZones

KEI_BOX_RULES = ("kei.length", "kei.width", "kei.height")


class KeiOverrun(NamedTuple):
    """How far (mm, ≥ 0) the design pushes through each face of the kei box, from the kei findings' margins."""

    length_mm: float
    width_mm: float
    height_mm: float

    @property
    def over(self) -> tuple[bool, bool, bool]:
        return (self.length_mm > 0, self.width_mm > 0, self.height_mm > 0)


@dataclass(frozen=True, eq=False)
class Analysis:
    design: Design
    settings: RuleSettings
    evaluation: Evaluation
    _outlines: dict = field(default_factory=dict, repr=False)

    # --- what the rules say ----------------------------------------------------------------------------------
    @property
    def derived(self) -> Derived:
        return self.evaluation.derived

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.evaluation.findings

    @property
    def us_class(self) -> USClass:
        return self.evaluation.us_class

    def group(self, name: str) -> tuple[Finding, ...]:
        return self.evaluation.group(name)

    def verdict(self, group: str) -> str:
        return self.evaluation.verdict(group)

    @property
    def verdicts(self) -> dict[str, str]:
        return self.evaluation.verdicts

    @property
    def passed(self) -> bool:
        return self.evaluation.passed

    def counts(self, group: str) -> dict[Status, int]:
        return self.evaluation.counts(group)

    def sorted(self, group: str) -> list[Finding]:
        return self.evaluation.sorted(group)

    def by_id(self, rule_id: str) -> Finding:
        return self.evaluation.by_id(rule_id)

    @cached_property
    def _by_field(self) -> dict[str, Finding]:
        found: dict[str, Finding] = {}
        for f in sorted(self.findings, key=lambda f: STATUS_ORDER[f.status]):
            if f.field is not None:
                found.setdefault(f.field, f)
        return found

    def finding_for(self, field_path: str) -> Finding | None:
        """The finding about a design field ('lighting.headlamp_height_mm'), the most pressing when several are."""
        return self._by_field.get(field_path)

    @cached_property
    def kei_overrun(self) -> KeiOverrun:
        excess = []
        for rule_id in KEI_BOX_RULES:
            margin = self.by_id(rule_id).margin
            excess.append(max(-margin, 0.0) if margin is not None else 0.0)
        return KeiOverrun(*excess)

    # --- geometry, built once when first needed ---------------------------------------------------------------
    @cached_property
    def scene(self) -> Scene:
        """The 3-D scene, its seats those the rules counted and its occupants the settings' occupant."""
        from ..geometry import build_scene

        return build_scene(self.design, seating=self.derived.seating,
                           sitting_height_mm=SITTING_HEIGHT_MM[self.settings.occupant])

    @cached_property
    def pedestrian(self) -> PedestrianZones:
        """The pedestrian head-impact zones measured on this analysis's scene (about 12 ms on first use)."""
        from .pedestrian import pedestrian_zones

        return pedestrian_zones(self.design, self.scene, self.settings)

    @cached_property
    def pedestrian_findings(self) -> tuple[Finding, ...]:
        """The advisory findings of the head-impact zones (analysis/pedestrian.py), from `pedestrian`."""
        from .pedestrian import pedestrian_findings

        return pedestrian_findings(self.design, self.derived, self.us_class, self.settings, self.pedestrian)

    @cached_property
    def frontal_area_m2(self) -> float:
        """The exterior's front projection on this analysis's scene, m² (geometry/frontal_area.py; 6–8 ms)."""
        from ..geometry.frontal_area import frontal_area_m2

        return frontal_area_m2(self.scene)

    @cached_property
    def energy(self) -> EnergyEstimate:
        """The EPA-cycle fuel economy or consumption and range (energy/), FASTSim imported on first use. The frontal
        area is the design's typed one, else measured on the scene. Raises EnergyModelError when the vehicle cannot
        be simulated (for example too little power to follow a cycle)."""
        from ..energy import estimate, inputs_for

        typed = self.design.road_load.frontal_area_m2 is not None
        return estimate(inputs_for(self.design, None if typed else self.frontal_area_m2))

    @cached_property
    def matrix(self) -> Matrix:
        """The compliance matrix of this analysis's findings and the design's plan (rules/matrix.py), built once: the
        status bar, the plan tab, the command line and the report's cover, section and annex all read it."""
        from ..rules.matrix import compliance_matrix

        return compliance_matrix(self.evaluation)

    def complete(self, zones: PedestrianZones | None = None) -> Analysis:
        """This analysis with the findings measured on the geometry (the pedestrian zones) among its findings: what
        the command line and the report show. `zones`: the zones measured already (the desktop app measures them
        off its GUI thread and passes them in), else measured now."""
        ev = self.evaluation
        from .pedestrian import RULE_PREFIX

        if any(f.rule_id.startswith(RULE_PREFIX) for f in ev.findings):
            return self
        if zones is not None:
            self.__dict__["pedestrian"] = zones  # the cached_property's slot: the same zones, not measured again
        full = Evaluation(ev.design, ev.us_class, ev.derived, ev.findings + self.pedestrian_findings)
        done = Analysis(self.design, self.settings, full)
        done.__dict__.update({k: v for k, v in self.__dict__.items()
                              if k in ("scene", "pedestrian", "frontal_area_m2", "energy")})
        return done

    def outline(self, view: str) -> Outline:
        """The 2-D outline of one view ('side', 'front', 'top'), from this analysis's scene; the three are made
        together on first use (a drawing wants them all, and they share each part's solid) and cached. Raises
        ValueError for an unknown view."""
        from ..geometry.outlines import VIEWS, all_outlines

        if view not in VIEWS:
            raise ValueError(f"unknown view '{view}': use one of {', '.join(VIEWS)}")
        if not self._outlines:
            self._outlines.update(all_outlines(self.design, VIEWS, self.scene))
        return self._outlines[view]


def analyse(design: Design, settings: RuleSettings = DEFAULT_SETTINGS,
            us_class: USClass | str | None = None, *, complete: bool = False) -> Analysis:
    """Analyse a design against the kei definition and a US pathway (the design's own class unless given);
    complete=True adds the findings measured on the geometry (Analysis.complete)."""
    analysis = Analysis(design, settings, evaluate(design, us_class, settings))
    return analysis.complete() if complete else analysis
