"""Struct-of-arrays: the variants as one float64 array per varied field, every other field the base design's value.

A varied field reads as an array of shape (n,) in its stored unit (`dimensions.length_mm` in mm); a field that does
not vary reads as the base design's own value (a Python float or int, None, a bool or an enum), so that arithmetic
on it broadcasts and a figure that depends on no varied field stays a scalar.

Field paths are dotted, as `design.edit` spells them ('package.rows.0.seats.1.seating_width_mm'). Declarations of
what a computation reads use patterns: a '*' segment matches any one segment ('package.rows.*.h_point_x_mm'), and a
pattern shorter than a path matches every path below it ('mass' covers 'mass.curb_mass_kg').
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..design import Design
from ..design.edit import get_value


@lru_cache(maxsize=4096)
def _segments(text: str) -> tuple[str, ...]:
    return tuple(text.split("."))


def matches(pattern: str, path: str) -> bool:
    """Whether `pattern` covers the field `path` ('*' is any one segment; a shorter pattern covers what is below)."""
    p, f = _segments(pattern), _segments(path)
    return len(p) <= len(f) and all(a == "*" or a == b for a, b in zip(p, f))


def covers(patterns: tuple[str, ...] | frozenset[str], paths: tuple[str, ...]) -> bool:
    """Whether any pattern covers any of the paths."""
    return any(matches(p, f) for p in patterns for f in paths)


def is_whole_number_field(base: Design, path: str) -> bool:
    """Whether `Variants` hands the field to the model as an int: the base holds an int there (bool excluded)."""
    value = get_value(base, path)
    return isinstance(value, int) and not isinstance(value, bool)


def prepared(base: Design, columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The columns as float64 arrays holding what each variant gives the model: a field whose base value is an int
    takes `int(value)` (`Variants.values` truncates toward zero), so it is truncated here; such a column with NaN
    or infinity raises ValueError or OverflowError, as `int()` does on the scalar path."""
    out = {}
    for path, column in columns.items():
        values = np.asarray(column, dtype=np.float64)
        if is_whole_number_field(base, path):
            if np.isnan(values).any():
                raise ValueError(f"{path}: cannot convert float NaN to integer (a whole-number field)")
            if np.isinf(values).any():
                raise OverflowError(f"{path}: cannot convert float infinity to integer (a whole-number field)")
            values = np.trunc(values)
        out[path] = values
    return out


class BaseValues:
    """The base design's value at a path, looked up once."""

    def __init__(self, base: Design) -> None:
        self.base = base
        self._cache: dict[str, Any] = {}

    def __getitem__(self, path: str) -> Any:
        try:
            return self._cache[path]
        except KeyError:
            value = self._cache[path] = get_value(self.base, path)
            return value


class Columns:
    """n variants: `cols[path]` is the varied field's float64 array (n,), or the base design's value."""

    __slots__ = ("base", "n", "_columns")

    def __init__(self, base: BaseValues, columns: dict[str, np.ndarray], n: int) -> None:
        self.base = base
        self.n = n
        self._columns = columns

    def __getitem__(self, path: str) -> Any:
        column = self._columns.get(path)
        return self.base[path] if column is None else column

    def varies(self, path: str) -> bool:
        return path in self._columns

    @property
    def varied(self) -> tuple[str, ...]:
        return tuple(self._columns)

    def rows(self, start: int, stop: int) -> Columns:
        """The variants start..stop (views, no copy)."""
        return Columns(self.base, {k: v[start:stop] for k, v in self._columns.items()}, stop - start)
