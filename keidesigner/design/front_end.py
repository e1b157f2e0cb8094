"""The front end: where the passenger compartment begins, what ahead of it does not crush, the bonnet, the windscreen
and the front rails. The body shell is drawn from these fields and the frontal checks read them: the crush length is
derived from them, never typed.

Longitudinal positions are measured like the occupant package's H-points: behind the front wheel centre line,
negative ahead of it (a cab-over's firewall and windscreen stand ahead of its front axle). Heights are above the
ground at curb mass. The front-most point of the vehicle (bumper face) is `dimensions.front_overhang_mm` ahead of the
front wheel centre line.

Crush length (derived.py, `crush_length_mm`): the bumper face to the firewall, less the length of the rigid block
(engine or motor unit) that stands ahead of the firewall. It assumes the block stacks up against the firewall and
does not crush, that everything else ahead of the firewall crushes fully, and that the firewall itself does not move:
the length a constant-deceleration screening can spend (a = v² / 2d).
"""

from __future__ import annotations

import math

from .fields import Frozen, quantity


class FrontEnd(Frozen):
    firewall_x_mm: float = quantity(
        title="Firewall behind front axle", unit="mm", ge=-2000, le=6000, step=5,
        description="Where the passenger compartment begins: the dash panel (firewall) behind the front wheel "
        "centre line; negative ahead of it, as in a cab-over. The crush length runs from the bumper face to here.",
    )
    block_length_mm: float = quantity(
        title="Rigid block ahead of firewall", unit="mm", ge=0, le=1500, step=5,
        description="Fore-aft length of the engine or motor unit that stands ahead of the firewall and does not "
        "crush; 0 when nothing rigid is there (an engine under the seats or behind them).",
    )
    bonnet_leading_edge_height_mm: float = quantity(
        title="Bonnet leading edge height", unit="mm", ge=200, le=2500, step=5,
        description="Height of the top of the front face, where the bonnet begins (on a cab-over, the top of the "
        "flat front below the windscreen).",
    )
    cowl_x_mm: float = quantity(
        title="Windscreen base behind front axle", unit="mm", ge=-2000, le=6000, step=5,
        description="The cowl point, where the bonnet ends and the windscreen begins, behind the front wheel centre "
        "line; negative ahead of it.",
    )
    cowl_height_mm: float = quantity(
        title="Windscreen base height", unit="mm", ge=200, le=2500, step=5,
        description="Height of the cowl point above the ground.",
    )
    windscreen_rake_deg: float = quantity(
        title="Windscreen rake", unit="°", ge=0, le=75, step=0.5,
        description="Angle of the windscreen from the vertical in side view: 0 stands upright, larger lays it back.",
    )
    rail_offset_mm: float = quantity(
        title="Front rail offset", unit="mm", ge=50, le=1250, step=5,
        description="Lateral distance of each front longitudinal rail's centre line from the vehicle's centre line.",
    )

    def windscreen_run_mm(self, rise_mm: float) -> float:
        """How far rearward (mm) the windscreen runs over a rise of rise_mm above its base."""
        return windscreen_run_mm(rise_mm, self.windscreen_rake_deg)


def windscreen_run_mm(rise_mm: float, windscreen_rake_deg: float) -> float:
    """How far rearward (mm) a windscreen raked `windscreen_rake_deg` from the vertical runs over a rise of rise_mm
    above its base."""
    return rise_mm * math.tan(math.radians(windscreen_rake_deg))
