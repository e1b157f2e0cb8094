"""An evaluation as an aligned text table (for the terminal) or a JSON document (for tools)."""

from __future__ import annotations

import textwrap
from dataclasses import fields
from typing import Any

from ..design.derived import FIGURE_BY_KEY, figure_text
from ..design.units import Formatter, UnitSystem, formatter
from .engine import PATHWAY_TITLES, Evaluation
from .finding import Status

STATUS_LABEL = {
    Status.fail: "FAIL", Status.warn: "WARN", Status.pass_: "pass", Status.info: "info", Status.not_applicable: "n/a",
}
GROUP_TITLE = {"kei": "Kei (Japan)"}


def group_title(ev: Evaluation, group: str) -> str:
    return GROUP_TITLE.get(group) or PATHWAY_TITLES[ev.us_class]


def evaluation_json(ev: Evaluation, source: str, system: UnitSystem = UnitSystem.metric) -> dict[str, Any]:
    """The evaluation as data. Numbers stay in the units the design stores (each finding says its `unit`; derived
    figures end in theirs), whatever `system`; the explanations, text for people, are written in `system`."""
    return {
        "file": source,
        "design": ev.design.name,
        "pathway": ev.us_class.value,
        "verdict": ev.verdicts,
        "units": {"numbers": "stored (metric)", "explanations": UnitSystem(system).value},
        "derived": {f.name: getattr(ev.derived, f.name) for f in fields(ev.derived) if f.name != "seating"},
        "front_end": ev.design.front_end.model_dump(mode="json"),
        "package": ev.design.package.model_dump(mode="json"),
        "seating": seating_json(ev),
        "findings": [f.to_json(formatter(system)) for f in ev.findings],
    }


def seating_json(ev: Evaluation) -> list[dict[str, Any]]:
    """Each seat location as the rules count it: where it is (mm, model axes: x forward from the vehicle's front,
    y left, z up), its 571.10 designated seating positions, the positions counted and how many are outboard."""
    return [{
        "path": p.path, "row": p.row + 1, "seat": p.index + 1, "kind": p.seat.kind.value,
        "seating_width_mm": p.seat.seating_width_mm, "declared_positions": p.seat.declared_positions,
        "dsp_571_10": p.dsp, "positions": p.positions, "outboard_positions": p.outboard,
        "h_point_mm": [p.x_mm, p.centre_y_mm, p.z_mm], "clear_left_mm": p.clear_left_mm,
        "clear_right_mm": p.clear_right_mm,
    } for p in ev.derived.seating.places]


def seats_line(ev: Evaluation, fmt: Formatter) -> str:
    """'Seats: row 1 bench 1,150 mm → 3 DSPs (2 declared)': what each seat location counts as."""
    parts = []
    for p in ev.derived.seating.places:
        declared = "" if p.dsp == p.seat.declared_positions else f" ({p.seat.declared_positions} declared)"
        width = fmt.value(p.seat.seating_width_mm, "mm")
        parts.append(f"row {p.row + 1} {p.seat.kind.value} {width} → {p.dsp} DSP{'' if p.dsp == 1 else 's'}"
                     f"{declared}")
    return f"Designated seating capacity {ev.derived.seats}: " + "; ".join(parts)


def weights_line(ev: Evaluation, fmt: Formatter) -> str:
    """'GVWR 1,337 kg (minimum) · minimum GAWR front 663 kg, rear 675 kg': the ratings a Part 567 label carries,
    minimums rounded up as everywhere they are shown."""
    d = ev.derived
    gvwr = figure_text(FIGURE_BY_KEY["gvwr_kg"], d, fmt)
    if ev.design.mass.rated_gvwr_kg is None:
        gvwr += " (minimum)"
    front = figure_text(FIGURE_BY_KEY["gvwr_front_axle_kg"], d, fmt)
    rear = figure_text(FIGURE_BY_KEY["gvwr_rear_axle_kg"], d, fmt)
    return f"GVWR {gvwr} · minimum GAWR front {front}, rear {rear}"


def evaluation_text(ev: Evaluation, source: str, system: UnitSystem = UnitSystem.metric) -> str:
    lines = [f"{ev.design.name}  ({source})", weights_line(ev, formatter(system)), seats_line(ev, formatter(system))]
    for group in ("kei", "us"):
        counts = ev.counts(group)
        verdict = ev.verdict(group).upper()
        lines.append("")
        lines.append(
            f"{group_title(ev, group)}: {verdict}  "
            f"({counts[Status.fail]} fail, {counts[Status.warn]} warn, {counts[Status.pass_]} pass)"
        )
        if group == "us":  # the verdict speaks for the screened standards only
            from .matrix import compliance_matrix

            lines.append(f"  The US verdict covers the screened standards. {compliance_matrix(ev).summary} "
                         "(keidesigner matrix FILE).")
        rows = [("", "rule", "measured", "limit", "margin", "basis", "citation")]
        notes: list[tuple[int, str]] = []
        fmt = formatter(system)
        for f in ev.sorted(group):
            shown = f.show(fmt)
            rows.append((STATUS_LABEL[f.status], f.rule_id, shown.measured, shown.limit, shown.margin, f.basis.value,
                         f.citation))
            if f.status in (Status.fail, Status.warn):
                notes.append((len(rows) - 1, shown.explanation))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        right = {2, 3, 4}
        note_at = dict(notes)
        for index, row in enumerate(rows):
            cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
            lines.append("  " + "  ".join(cells).rstrip())
            if index in note_at:
                lines.extend(textwrap.wrap(note_at[index], 100, initial_indent=" " * 8, subsequent_indent=" " * 8))
    return "\n".join(lines)
