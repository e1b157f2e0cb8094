"""design -> Scene: the one entry point the viewer, the exporters and the outlines share."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..design import Design, Seating
from ..design.kei import KEI_BOX_MM
from ..design.seating import seating as place_seats
from .body import BodyPlan, bed_piece, glass_piece, plan_body, shell_piece, surface_s, underframe_piece
from .lamps import bumpers_piece, chmsl_piece, lamps_piece
from .primitives import Piece, box, merge
from .scene import ENVELOPE, OCCUPANTS, SEATS, Color, Part, Scene
from .seats import DEFAULT_SITTING_HEIGHT_MM, occupants_piece, seats_piece
from .wheels import wheels_piece

GLASS: Color = (0.13, 0.17, 0.22, 1.0)
TYRE: Color = (0.09, 0.09, 0.10, 1.0)
RIM: Color = (0.72, 0.73, 0.75, 1.0)
HEADLAMP: Color = (1.0, 0.96, 0.82, 1.0)
TAIL_LAMP: Color = (0.85, 0.06, 0.06, 1.0)
UNDERBODY: Color = (0.16, 0.16, 0.17, 1.0)
BUMPER: Color = (0.20, 0.20, 0.22, 1.0)
BED: Color = (0.86, 0.86, 0.84, 1.0)
SEAT: Color = (0.26, 0.27, 0.30, 1.0)
OCCUPANT: Color = (0.96, 0.74, 0.22, 1.0)  # crash-test-dummy yellow: reads as a figure against seats and trim
FOOTWELL_WALL_MM = 60.0  # occupants' toes stop this far behind the firewall (or the body's front surface)

# translucent so the vehicle shows through it
ENVELOPE_COLOR: Color = (0.25, 0.60, 1.0, 0.12)


@lru_cache(maxsize=1)
def _envelope_piece() -> Piece:
    length, width, height = KEI_BOX_MM
    return box((-length, -width / 2, 0.0), (0.0, width / 2, height))


def _envelope() -> Part:
    """The kei box: starts at the vehicle's front (x = 0), centred on its width, on the ground.

    A fresh mesh each time (over cached arrays, copied): a caller transforming one scene's mesh in place must not
    move the next scene's box.
    """
    piece = _envelope_piece()
    return Part(ENVELOPE, piece.vertices.copy(), piece.faces.copy(), ENVELOPE_COLOR)


def _two_tone(n_faces: int, second: np.ndarray, first: Color, other: Color) -> np.ndarray:
    colors = np.empty((n_faces, 4), dtype=np.float32)
    colors[:] = first
    colors[second] = other
    return colors


def _toe_limit_x(design: Design, plan: BodyPlan) -> float:
    """Model x (mm) of the front wall of the front row's footwell, less FOOTWELL_WALL_MM: the firewall (the feet
    stand behind the dash panel), or the body's front surface at the feet where that is further back (a cab-over's
    firewall ahead of its face)."""
    z = design.package.rows[0].floor_z_mm + 50.0
    firewall = -(design.dimensions.front_overhang_mm + design.front_end.firewall_x_mm)
    return min(float(plan.x(surface_s(plan, z, rear=False))), firewall) - FOOTWELL_WALL_MM


def build_scene(design: Design, *, seating: Seating | None = None, sitting_height_mm: float | None = None) -> Scene:
    """Named parts of the vehicle, the occupants and the kei envelope; see scene.py for origin, axes, colour
    conventions and which parts are viewing aids.

    Parts: body, glass, wheels (tyres with rims), headlamps (white), tail_lamps (red, the pair), bumpers, chmsl
    (red, when the design has one), bed (trucks with a cargo bed), seats (every seat location, as the rules check
    it), occupants (a figure per designated seating position; absent when the seats make none), envelope.

    seating: the design's seats as placed and counted (an Analysis passes its own, counted with the rule settings'
    571.10 formula); default `design.seating.seating(design)`. sitting_height_mm: the occupants' sitting height;
    default DEFAULT_SITTING_HEIGHT_MM (the Hybrid III 50th-percentile male). Raises ValueError for a sitting height
    outside seats.SITTING_RANGE_MM.
    """
    plan = plan_body(design)
    body_color: Color = plan.shape.color

    headlamps, tail_lamps, lamp_bar = lamps_piece(design, plan)
    shell = shell_piece(plan)
    body = merge([shell, underframe_piece(plan)] + ([lamp_bar] if lamp_bar is not None else []))
    body_colors = _two_tone(len(body.faces), np.arange(len(body.faces)) >= len(shell.faces), body_color, UNDERBODY)
    wheels, is_rim = wheels_piece(design)

    parts = [
        Part("body", *body, body_color, body_colors),
        Part("glass", *glass_piece(plan), GLASS),
        Part("wheels", *wheels, TYRE, _two_tone(len(wheels.faces), is_rim, TYRE, RIM)),
        Part("headlamps", *headlamps, HEADLAMP),
        Part("tail_lamps", *tail_lamps, TAIL_LAMP),
        Part("bumpers", *bumpers_piece(design, plan), BUMPER),
    ]
    # its own part, not the tail lamps': they are a pair centred at the tail lamp height, which drawings dimension
    chmsl: Piece | None = chmsl_piece(design, plan)
    if chmsl is not None:
        parts.append(Part("chmsl", *chmsl, TAIL_LAMP))
    if design.body_style.traits.cargo_bed:
        parts.append(Part("bed", *bed_piece(plan), BED))
    seats = place_seats(design) if seating is None else seating
    parts.append(Part(SEATS, *seats_piece(design, seats), SEAT))
    occupants = occupants_piece(design, seats, DEFAULT_SITTING_HEIGHT_MM if sitting_height_mm is None
                                else sitting_height_mm, _toe_limit_x(design, plan))
    if occupants is not None:
        parts.append(Part(OCCUPANTS, *occupants, OCCUPANT))
    parts.append(_envelope())
    return Scene(parts)
