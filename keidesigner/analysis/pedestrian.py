"""Pedestrian head impact (proposed FMVSS 228), measured on the body as drawn: where the child and adult head-impact
zones fall, on the bonnet or on the hard windscreen base, cowl and beyond.

The zones are bands of wrap-around distance (WAD) on the front structure: child 1,000-1,700 mm, adult
1,700-2,100 mm [S] (GTR 9 test-area procedure; docs/sources.md "Front end"). WAD is measured on the scene's own mesh
(geometry/wad.py) at DEFAULT_LATERAL_COUNT sections across the width; the windscreen base is the design's cowl
point (front_end.cowl_x_mm), where the shell's windscreen begins.

The NPRM (89 FR 76922, 19 Sep 2024) would cover passenger cars, MPVs, trucks and buses of GVWR up to 4,536 kg
[C for GVWR]; it is a proposal, so every finding here is advisory: it warns, never fails. A forward-control vehicle
(the front row at most `forward_control_r_point_mm` behind the front axle; UN R127 exempts such N1 goods vehicles
[C]; NHTSA's position is not known) gets "applicability uncertain": one whose firewall and windscreen base stand
ahead of the front axle (a cab-over) with the front row's H-point at most that far behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..design import Derived, Design, USClass
from ..design.message import LazyMsg, Msg, Num
from ..geometry.body import FREE_WINDSCREEN_THICKNESS_MM, GLASS_PROUD_MM, GLASS_THICKNESS_MM
from ..geometry.wad import (
    ADULT_ZONE_MM,
    CHILD_ZONE_MM,
    WadLine,
    front_structure,
    lateral_positions,
    lines_from_tapes,
    section_tapes,
    zone_share,
)
from ..rules import Basis, Finding, RuleSettings, Status

# how far ahead of the cowl line the windscreen's outer face may stand (geometry/body.py: the pane stands proud of
# the shell and is up to 8 mm thick), plus a millimetre: tape points there are on the glass, not the bonnet
WINDSCREEN_FACE_MM = GLASS_PROUD_MM + max(GLASS_THICKNESS_MM, FREE_WINDSCREEN_THICKNESS_MM) + 1.0
RULE_PREFIX = "us.228."  # the findings measured on the geometry: the rules' own findings never start so
PEDESTRIAN_GVWR_SCOPE_KG = 4536.0  # 10,000 lb, the NPRM's scope [C]
PEDESTRIAN_CITATION = "Proposed 49 CFR 571.228 (NPRM, 89 FR 76922, 2024); GTR 9 head test areas"
ZONES = {"child": CHILD_ZONE_MM, "adult": ADULT_ZONE_MM}


@dataclass(frozen=True)
class ZoneShares:
    """One head-impact zone across the width: (K,) arrays over the sections, mm of WAD band.

    lateral: section y; ahead: WAD band on the bonnet (ahead of the windscreen base); behind: on the windscreen
    base, cowl or beyond; unreached: past the end of the tape (off the rear of the roof)."""

    name: str
    start_mm: float
    end_mm: float
    lateral: np.ndarray
    ahead: np.ndarray
    behind: np.ndarray
    unreached: np.ndarray

    @property
    def hard_share(self) -> float:
        """Share (0..1) of the zone, over every section, that lies on or behind the windscreen base."""
        total = (self.end_mm - self.start_mm) * len(self.lateral)
        return float(self.behind.sum()) / total if total > 0 else 0.0


@dataclass(frozen=True)
class PedestrianZones:
    """The child and adult zones of a design, whether it is a forward-control vehicle, and the WAD lines (DEFAULT
    distances 1,000 / 1,700 / 2,100 mm) measured on the same sections, for drawing."""

    zones: dict[str, ZoneShares]
    windscreen_base_x_mm: float
    forward_control: bool
    lines: dict[float, WadLine]


def pedestrian_zones(design: Design, scene, settings: RuleSettings) -> PedestrianZones:
    """Measure the zones on `scene` (the design's Scene). Raises ValueError when a section misses the body (a body
    narrower than twice the side margin)."""
    vertices, faces = front_structure(scene)
    lateral = lateral_positions(vertices)
    tapes = section_tapes(vertices, faces, lateral)
    cowl_x = -(design.dimensions.front_overhang_mm + design.front_end.cowl_x_mm)
    # the glass stands proud of the cowl line: an upright windscreen's face is up to WINDSCREEN_FACE_MM ahead of it
    split = cowl_x + WINDSCREEN_FACE_MM
    zones = {}
    for name, (start, end) in ZONES.items():
        shares = [zone_share(tape, split, start, end) for tape in tapes]
        zones[name] = ZoneShares(name, start, end, lateral, np.array([s.ahead_mm for s in shares]),
                                 np.array([s.behind_mm for s in shares]),
                                 np.array([s.unreached_mm for s in shares]))
    # a cab-over as drawn: the passenger compartment and the windscreen begin ahead of the front axle and the front
    # row sits within the R127 distance behind it
    front = design.front_end
    forward = (front.firewall_x_mm < 0 and front.cowl_x_mm < 0
               and design.package.rows[0].h_point_x_mm <= settings.forward_control_r_point_mm)
    return PedestrianZones(zones, cowl_x, forward, lines_from_tapes(tapes, lateral))


def pedestrian_json(zones: PedestrianZones) -> dict:
    """The zones as data for `check --format json`: where the windscreen base is (mm behind the bumper face), the
    sections' y (mm, left positive), and per zone its WAD band and, in mm of band summed over the sections, how much
    lies on the bonnet, on hard areas and past the tape's end, plus the hard share (0..1)."""
    return {
        "windscreen_base_from_front_mm": -zones.windscreen_base_x_mm,  # from the bumper face, rearward
        "forward_control": zones.forward_control,
        "sections_y_mm": [float(y) for y in next(iter(zones.zones.values())).lateral],
        "zones": {name: {"wad_mm": [z.start_mm, z.end_mm], "on_bonnet_mm": float(z.ahead.sum()),
                         "on_hard_areas_mm": float(z.behind.sum()), "unreached_mm": float(z.unreached.sum()),
                         "hard_share": z.hard_share} for name, z in zones.zones.items()},
    }


_ON_BONNET = ("{0} of the {1} head zone (WAD {2}–{3}) lies on the bonnet, ahead of the windscreen base; {measured} "
              "falls on the windscreen base, cowl or beyond, within the {maximum} the settings allow.")
_ON_HARD = ("{measured} of the {1} head zone (WAD {2}–{3}) falls on the windscreen base, cowl, A-pillars or beyond, "
            "over the {maximum} the settings allow: a head striking there meets stiff structure. A longer bonnet "
            "(the windscreen base further back) moves the zone onto the bonnet; so does a taller front, which uses "
            "up more of the wrap-around distance before the bonnet begins. {0} of the zone lies on the bonnet now.")
_UNCERTAIN = ("Applicability uncertain: a cab-over, its firewall and windscreen base ahead of the front axle and its "
              "front row {0} behind it, within the {1} of a forward-control vehicle, which UN R127 exempts when it is "
              "a goods vehicle (N1); NHTSA's proposal has not said. "
              "For the record, {measured} of the {2} head zone falls on the windscreen base, cowl or beyond.")


def pedestrian_findings(design: Design, derived: Derived, us_class: USClass, settings: RuleSettings,
                        zones: PedestrianZones) -> tuple[Finding, ...]:
    """One advisory finding per head zone, rule ids us.228.child_zone and us.228.adult_zone: warn when more of the
    zone than `head_zone_hard_share_pct` lies on hard areas, or when the vehicle is forward-control (applicability
    uncertain); pass otherwise; not applicable above the GVWR scope or for an LSV."""
    findings = []
    limit = settings.head_zone_hard_share_pct
    for name, zone in zones.zones.items():
        rule_id, title = f"{RULE_PREFIX}{name}_zone", f"Pedestrian head, {name} zone"
        field = "front_end.cowl_x_mm"
        why = None
        if us_class is USClass.lsv:
            why = Msg("The proposal covers passenger cars, MPVs, trucks and buses, not low-speed vehicles.")
        elif derived.gvwr_kg > PEDESTRIAN_GVWR_SCOPE_KG:
            why = Msg("GVWR {0} is above the proposal's scope of {1}.", Num(derived.gvwr_kg, "kg"),
                      Num(PEDESTRIAN_GVWR_SCOPE_KG, "kg", dual=True))
        if why is not None:
            findings.append(Finding(rule_id, title, "us", Status.not_applicable, Basis.advisory, PEDESTRIAN_CITATION,
                                    why, field=field))
            continue
        hard = 100.0 * zone.hard_share
        # the complement of the share measured, at its precision: the two add up to 100 % as shown
        bonnet = Num(100.0 - hard, "%")
        band = (Num(zone.start_mm, "mm"), Num(zone.end_mm, "mm"))
        if zones.forward_control:
            status = Status.warn
            front_row = design.package.rows[0].h_point_x_mm
            message = LazyMsg(_UNCERTAIN, lambda f=front_row, n=name: (
                Num(f, "mm"), Num(settings.forward_control_r_point_mm, "mm"), n))
        elif hard > limit:
            status, message = Status.warn, LazyMsg(_ON_HARD, lambda b=bonnet, n=name, bd=band: (b, n, *bd))
        else:
            status, message = Status.pass_, LazyMsg(_ON_BONNET, lambda b=bonnet, n=name, bd=band: (b, n, *bd))
        findings.append(Finding(rule_id, title, "us", status, Basis.advisory, PEDESTRIAN_CITATION, message, "%",
                                hard, maximum=limit, field=field))
    return tuple(findings)
