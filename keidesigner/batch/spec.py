"""What a sweep varies, from the command line's `--vary FIELD=START:STOP:STEP` (a grid) or `--vary FIELD=LOW:HIGH`
with `--sample N` (space-filling samples), parsed strictly: every refusal is one line naming the spec at fault."""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass

import numpy as np

from ..common import UserError
from ..design import Design
from ..design.edit import EditError, field_info, get_value
from .variants import Variants, check_numeric_field, grid, grid_count, grid_values, sample

# The variants' values are held in memory (one float64 per field and variant); everything else streams. 256 MiB is
# 32 million values: a million variants of 32 fields, or 10 million of 3.
VALUES_BUDGET_BYTES = 256 * 2**20
SAMPLERS = ("sobol", "halton", "lhs")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class SweepError(UserError):
    """A sweep the command line refuses: one line."""


@dataclass(frozen=True)
class Axis:
    """One varied field: its dotted path, the range swept (low, high; a grid's step, None for a sample), its unit,
    whether it holds whole numbers, and the base design's value (None where the base leaves it empty). `places`:
    the decimals a grid's start, stop and step were typed with (its values are rounded to them; None: not
    rounded). `effective` and `effective_source`: where the base leaves the field empty, the value the model uses
    instead and where it comes from ("body style", "estimated", ...; batch/effective.py), None when there is none."""

    path: str
    low: float
    high: float
    step: float | None
    unit: str
    integer: bool
    base_value: float | None
    places: int | None = None
    effective: float | None = None
    effective_source: str | None = None

    @property
    def count(self) -> int:
        """A grid axis's number of values (both ends included); 0 for a sample axis."""
        return grid_count(self.low, self.high, self.step, self.places) if self.step is not None else 0

    def values(self) -> np.ndarray:
        """A grid axis's values, as the variants take them."""
        return grid_values(self.low, self.high, self.step, self.places)

    @property
    def reference(self) -> float | None:
        """The value distances are measured from: the base's, else the one the model uses for it, else None."""
        return self.base_value if self.base_value is not None else self.effective


@dataclass(frozen=True)
class Plan:
    """The sweep asked for: a full-factorial grid, or `samples` points by `sampler` from `seed`."""

    axes: tuple[Axis, ...]
    samples: int | None = None
    sampler: str = "sobol"
    seed: int = 0

    @property
    def kind(self) -> str:
        return "grid" if self.samples is None else "sample"

    @property
    def count(self) -> int:
        return self.samples if self.samples is not None else math.prod(a.count for a in self.axes)

    def record(self) -> dict:
        """The sweep as asked, for a table's metadata: grid or sample (sampler, seed, size), each field's range as
        given, its step and number of values, its unit and the base's value (or the one the model uses)."""
        doc: dict = {"kind": self.kind, "variants": self.count}
        if self.samples is not None:
            doc |= {"sampler": self.sampler, "seed": self.seed, "samples": self.samples}
        doc["fields"] = [{"path": a.path, "unit": a.unit, "low": a.low, "high": a.high, "step": a.step,
                          "values": a.count or None, "base": a.base_value, "base_effective": a.reference,
                          "base_source": "design" if a.base_value is not None else a.effective_source,
                          "in_distance": a.reference is not None}
                         for a in self.axes]
        return doc

    def variants(self, base: Design) -> Variants:
        if self.samples is None:
            return grid(base, {a.path: (a.low, a.high, a.step) for a in self.axes},
                        {a.path: a.places for a in self.axes})
        with warnings.catch_warnings():  # scipy warns that Sobol' balance wants a power of 2: the summary's business
            warnings.simplefilter("ignore", UserWarning)
            return sample(base, {a.path: (a.low, a.high) for a in self.axes}, self.samples, self.sampler, self.seed)


def number(text: str, where: str) -> float:
    """A plain decimal number ('3300', '-0.5', '1e3'); no separators, spaces, 'nan' or 'inf'."""
    if not _NUMBER.fullmatch(text):
        raise SweepError(f"{where}: '{text}' is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise SweepError(f"{where}: '{text}' is too large")
    return value


def typed_places(text: str) -> int:
    """The decimals a number was typed with: '0.15' 2, '3300' 0, '2.5e-3' 4, '1e3' 0."""
    mantissa, _, exponent = text.lower().partition("e")
    fraction = mantissa.partition(".")[2]
    return max(0, len(fraction) - (int(exponent) if exponent else 0))


def whole(text: str, where: str, minimum: int) -> int:
    """A whole number written in digits, at least `minimum`."""
    if not re.fullmatch(r"[+-]?[0-9]+", text) or int(text) < minimum:
        raise SweepError(f"{where}: '{text}' is not a whole number of at least {minimum}")
    return int(text)


def _axis(base: Design, spec: str, sampled: bool) -> Axis:
    where = f"--vary {spec}"
    path, sep, body = spec.partition("=")
    form = "FIELD=LOW:HIGH (with --sample)" if sampled else "FIELD=START:STOP:STEP"
    if not sep or not path or not body:
        raise SweepError(f"{where}: expected {form}")
    try:
        check_numeric_field(base, path)
    except EditError as exc:
        raise SweepError(f"--vary {exc}") from None
    parts = body.split(":")
    if len(parts) != (2 if sampled else 3):
        if sampled and len(parts) == 3:
            raise SweepError(f"{where}: --sample takes FIELD=LOW:HIGH; a START:STOP:STEP grid is run without --sample")
        if not sampled and len(parts) == 2:
            raise SweepError(f"{where}: FIELD=LOW:HIGH needs --sample N; a grid takes FIELD=START:STOP:STEP")
        raise SweepError(f"{where}: expected {form}")
    values = [number(p, where) for p in parts]
    low, high = values[0], values[1]
    step = None if sampled else values[2]
    extra = field_info(path, base).json_schema_extra
    unit = extra.get("unit", "") if isinstance(extra, dict) else ""
    current = get_value(base, path)
    integer = isinstance(current, int)
    if sampled:
        if integer:
            raise SweepError(f"{where}: {path} holds whole numbers; sweep it with a grid (START:STOP:STEP)")
        if not high > low:
            raise SweepError(f"{where}: the high end {parts[1]} must be above the low end {parts[0]}")
    else:
        if not step > 0:
            raise SweepError(f"{where}: the step must be more than 0")
        if high < low:
            raise SweepError(f"{where}: the stop {parts[1]} is before the start {parts[0]}: the range is empty")
        if integer and not (low.is_integer() and step.is_integer()):
            raise SweepError(f"{where}: {path} holds whole numbers; give a whole start and step")
    places = None if sampled else max(typed_places(p) for p in parts)
    return Axis(path, low, high, step, unit, integer, None if current is None else float(current), places)


def plan(base: Design, specs: list[str], samples: str | None = None, sampler: str | None = None,
         seed: str | None = None) -> Plan:
    """The sweep the command line asks for, checked against the base design and the memory budget."""
    if not specs:
        raise SweepError("sweep needs at least one --vary FIELD=START:STOP:STEP (or FIELD=LOW:HIGH with --sample N)")
    sampled = samples is not None
    if not sampled and (sampler is not None or seed is not None):
        raise SweepError("--sampler and --seed apply to --sample N; a grid (START:STOP:STEP) has neither")
    axes = tuple(_axis(base, spec, sampled) for spec in specs)
    seen: set[str] = set()
    for axis in axes:
        if axis.path in seen:
            raise SweepError(f"--vary {axis.path}: given twice")
        seen.add(axis.path)
    if sampled:
        if sampler is not None and sampler not in SAMPLERS:
            raise SweepError(f"--sampler {sampler}: use one of {', '.join(SAMPLERS)}")
        result = Plan(axes, whole(samples, "--sample", 1), sampler or "sobol",
                      0 if seed is None else whole(seed, "--seed", 0))
    else:
        for axis in axes:
            if not math.isfinite((axis.high - axis.low) / axis.step):
                raise SweepError(f"--vary {axis.path}: the step is too small for the range")
        result = Plan(axes)
    _check_budget(result)
    return result


TOO_MANY = 10**12  # variants beyond which a refusal names no number: a step of 1e-300 makes one of 300 digits


def _check_budget(p: Plan) -> None:
    values = p.count * len(p.axes)
    if values * 8 > VALUES_BUDGET_BYTES:
        what = "grid" if p.samples is None else "sample"
        fields = f"{len(p.axes)} field{'s' if len(p.axes) > 1 else ''}"
        if p.count > TOO_MANY:
            size = f"far over the sweep's {_size(VALUES_BUDGET_BYTES)} memory budget"
            count = "more than 10^12"
        else:
            size = f"{_size(values * 8)} of values, over the sweep's {_size(VALUES_BUDGET_BYTES)} memory budget"
            count = f"{p.count:,}"
        raise SweepError(f"the {what} has {count} variants of {fields}: {size}; "
                         + ("coarsen a step or narrow a range" if p.samples is None else "take fewer samples"))


def _size(n: float) -> str:
    """'1.5 GiB': a byte count as people read it."""
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024:
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} TiB"
