"""What the Explore tab can sweep: the design's numeric fields, grouped as the Parameters dock shows them, and the
values along one axis of a sweep, chosen in the user's units.

Qt-free. An axis is chosen in display units (inches for a length in US units) and its values are round numbers
there: the values the map's cells stand for are the values a click on a cell types into the design, so each is
rounded to the decimals its field takes (0.1 mm, 0.01 in) before it is converted to the stored unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..design import Derived, Design, get_value
from ..design.fieldspec import FieldSpec, _spec, grouped_fields
from ..design.package import Package, SeatLocation, SeatRow
from ..design.units import Formatter, entry_decimals, from_display, to_display

DEFAULT_STEPS = 41
MAX_STEPS = 200  # a side of the map: 200 × 200 = 40,000 variants, a few seconds on the scalar engine
SPREAD = 0.15  # the default range: about ±15 % around the current value
NICE = (1.0, 2.0, 2.5, 5.0, 10.0)
# optional fields left empty ("auto") and the derived figure that estimates them: the sweep's centre
AUTO_FROM = {"mass.cg_height_mm": "cg_height_mm", "mass.rated_gvwr_kg": "min_gvwr_kg",
             "mass.curb_front_axle_pct": "curb_front_axle_pct"}
PACKAGE_GROUP = "Occupant package"


def _numeric(specs: list[FieldSpec]) -> list[FieldSpec]:
    return [s for s in specs if s.kind in ("int", "float")]


def _where(row: int, seat: int | None = None) -> str:
    return f" (row {row + 1})" if seat is None else f" (row {row + 1}, seat {seat + 1})"


def _titled(spec: FieldSpec, suffix: str) -> FieldSpec:
    return FieldSpec(**{**{f: getattr(spec, f) for f in spec.__slots__}, "title": spec.title + suffix})


def numeric_fields(design: Design) -> list[tuple[str, list[FieldSpec]]]:
    """(group title, numeric fields) in the order of the Parameters dock; the occupant package last, each seat
    row's and seat location's fields named by where they are ('H30 (row 1)', 'Backset (row 1, seat 2)')."""
    groups = [(title, _numeric(specs)) for title, specs in grouped_fields(design.powertrain.kind)]
    package = _numeric([_spec(f"package.{name}", Package, name) for name in Package.model_fields
                        if name not in ("rows", "estimated")])
    for r, row in enumerate(design.package.rows):
        package += [_titled(_spec(f"package.rows.{r}.{name}", SeatRow, name), _where(r))
                    for name in SeatRow.model_fields if name != "seats"]
        for s, _seat in enumerate(row.seats):
            package += [_titled(_spec(f"package.rows.{r}.seats.{s}.{name}", SeatLocation, name), _where(r, s))
                        for name in SeatLocation.model_fields]
    groups.append((PACKAGE_GROUP, _numeric(package)))
    return [(title, specs) for title, specs in groups if specs]


def field_by_path(design: Design, path: str) -> FieldSpec | None:
    for _title, specs in numeric_fields(design):
        for spec in specs:
            if spec.path == path:
                return spec
    return None


def current_value(design: Design, derived: Derived | None, path: str) -> float | None:
    """The field's value in the design, or for an "auto" field what it is estimated at (None when neither, or
    when the design has no such field: another powertrain, fewer seats)."""
    try:
        value = get_value(design, path)
    except (AttributeError, IndexError):
        return None
    if value is None and derived is not None and path in AUTO_FROM:
        value = getattr(derived, AUTO_FROM[path], None)
    return None if value is None else float(value)


def nice_step(raw: float) -> float:
    """The round step (1, 2, 2.5 or 5 × a power of ten) nearest `raw`."""
    power = 10.0 ** math.floor(math.log10(raw))
    return min((f * power for f in NICE), key=lambda s: abs(math.log(s / raw)))


def default_range(spec: FieldSpec, value: float | None, fmt: Formatter, steps: int = DEFAULT_STEPS
                  ) -> tuple[float, float]:
    """(start, stop) in stored units: about ±SPREAD around `value`, inside the field's bounds, its ends and step
    round numbers in the user's units (2,875 to 3,875 mm in steps of 25; 113 to 153 in in steps of 1). A field
    with no value to centre on spans its bounds."""
    unit, system = spec.unit, fmt.system
    lo = to_display(spec.minimum, unit, system) if spec.minimum is not None else -math.inf
    hi = to_display(spec.maximum, unit, system) if spec.maximum is not None else math.inf
    if value is None:
        if math.isinf(lo) or math.isinf(hi):
            return (0.0, 1.0)
        return spec.minimum, spec.maximum
    shown = to_display(value, unit, system)
    half = SPREAD * abs(shown) if shown else SPREAD * (hi - lo if math.isfinite(hi - lo) else 1.0)
    resolution = 1.0 if spec.kind == "int" else 10.0 ** -entry_decimals(unit, system)
    step = max(nice_step(2 * half / (steps - 1)), resolution) if half > 0 else resolution
    # the ends on a multiple of the step, or of twice a step of 2.5 (300–400 kg, not 297.5–397.5)
    anchor = 2 * step if math.isclose(step / 10.0 ** math.floor(math.log10(step)), 2.5) else step
    start = anchor * round((shown - step * (steps - 1) / 2) / anchor)
    if start < lo:
        start = step * math.ceil(lo / step - 1e-9)
    stop = start + step * (steps - 1)
    if stop > hi:
        stop = step * math.floor(hi / step + 1e-9)
        start = max(stop - step * (steps - 1), step * math.ceil(lo / step - 1e-9))
    places = _places(step)
    return (round(from_display(round(start, places), unit, system), 9),
            round(from_display(round(stop, places), unit, system), 9))


def accepted_range(design: Design, axis: Axis, fmt: Formatter) -> tuple[float, float]:
    """(start, stop) in stored units: `axis`'s range cut to the run of its values the model accepts with every
    other field as `design` has it, the run around the design's own value (or the longest run), so a default map is
    not mostly hatched (a width below the track and tyres, a length below the wheelbase and overhangs). The range as
    it was when every value is accepted, none is, or fewer than two in a run."""
    from ..batch.run import evaluate
    from ..batch.variants import Variants

    try:
        values = axis.values(fmt)
    except ValueError:
        return axis.start, axis.stop
    valid = evaluate(Variants(design, {axis.path: values})).valid
    if valid.all() or not valid.any():
        return axis.start, axis.stop
    edges = np.flatnonzero(np.diff(np.concatenate(([0], valid.astype(np.int8), [0]))))
    runs = list(zip(edges[::2], edges[1::2] - 1))  # (first, last) index of each accepted run
    value = get_value(design, axis.path)
    if value is not None:
        around = [r for r in runs if values[r[0]] <= value <= values[r[1]]]
        runs = around or runs
    first, last = max(runs, key=lambda r: r[1] - r[0])
    if last == first:
        return axis.start, axis.stop
    return float(values[first]), float(values[last])


def _places(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) + 1


@dataclass(frozen=True)
class Axis:
    """One side of the map: a field, its range (stored units) and how many values along it."""

    spec: FieldSpec
    start: float
    stop: float
    steps: int

    @property
    def path(self) -> str:
        return self.spec.path

    def values(self, fmt: Formatter) -> np.ndarray:
        """The stored values along the axis: `steps` evenly spaced in display units, each rounded to the decimals
        the field takes there (a whole number for a count), duplicates dropped. Raises ValueError for a range that
        is empty or reversed, or fewer than 2 steps."""
        if self.steps < 2:
            raise ValueError(f"{self.spec.title}: at least 2 steps")
        if not self.stop > self.start:
            raise ValueError(f"{self.spec.title}: the end must be above the start")
        unit, system = self.spec.unit, fmt.system
        places = 0 if self.spec.kind == "int" else entry_decimals(unit, system)
        shown = np.linspace(to_display(self.start, unit, system), to_display(self.stop, unit, system), self.steps)
        shown = np.unique(np.round(shown, places))
        stored = np.array([from_display(float(v), unit, system) for v in shown])
        stored = np.unique(np.round(stored)) if self.spec.kind == "int" else np.round(stored, 9)
        if len(stored) < 2:
            raise ValueError(f"{self.spec.title}: the range holds one value only")
        return stored


__all__ = ["DEFAULT_STEPS", "MAX_STEPS", "Axis", "accepted_range", "current_value", "default_range", "field_by_path",
           "numeric_fields"]
