"""A sweep's table, one row per variant, written as it is computed: Parquet (pyarrow) or CSV, by the output's
extension, through the project's atomic writer (a failed or interrupted sweep leaves the old file or none).

Columns, in order:

- `variant`: the variant's number, 0-based in the sweep's order (the summary's "variant N");
- one per varied field, named by its dotted path (`dimensions.length_mm`): the value the variant was evaluated
  with, in the field's stored unit (whole-number fields as integers);
- `valid` (bool); `invalid_field`, `invalid_reason`: the field the design model refused and its one-line reason
  (empty for a valid variant);
- `kei_verdict`, `us_verdict`: `pass` or `fail` (empty for an invalid variant); `failing_rules`: how many rules
  fail, kei and US together (empty for an invalid variant); `smallest_margin`: the smallest margin of any rule,
  whatever its unit (result.py, `smallest_margin`);
- for every rule, `<rule_id>`: its status as text (`fail`, `warn`, `pass`, `info`, `not_applicable`; empty when
  the rule made no finding for that variant: an invalid variant, or a seat location without that position) and
  `<rule_id>.margin`: its margin in the rule's unit (empty where the finding has none);
- `derived.<key>`: each derived figure (design/derived.py FIGURES) in the unit its key ends with;
- with --with-energy, `energy.label_combined` (mpg, or MPGe for an electric design) and `energy.label_range_mi`.

"Empty" is a null in Parquet and an empty cell in CSV. Parquet files carry, in their schema metadata
(`keidesigner`), the base design (its name, source and SHA-256), the pathway, the rule settings, the sweep (grid or
sample, sampler, seed and size, each field's range and step), the engine and the unit of every numeric column (of a
margin, the rule's unit as the base design's finding states it). A CSV file has no such place: the summary's JSON
(`--format json`) carries the same record. The rule columns are
the base design's rules in the order findings are listed, then any rule only some variants get (sorted by id); such
a rule found after rows were written has the file rewritten with the new column, still in chunks.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..common import atomic_path, path_error
from ..design import FIGURES
from .optional import require
from .result import CODE_STATUS, MISSING
from .spec import Axis, SweepError

if TYPE_CHECKING:
    from .chunk import ChunkOutput, ChunkResult

FORMATS = {".parquet": "parquet", ".csv": "csv"}
STATUS_TEXT = [CODE_STATUS[code].value for code in sorted(CODE_STATUS)]  # index = status code
VERDICTS = ["pass", "fail"]
_ID_PART = re.compile(r"(\d+)")


def table_format(path: str | os.PathLike[str]) -> str:
    """'parquet' or 'csv' by the output's extension; SweepError for any other."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise SweepError(f"{path}: the sweep writes a table as .parquet or .csv; give a name ending in one of them")
    return kind


def rule_order(rule_id: str) -> list[Any]:
    """Sort key of rule ids with their numbers in numeric order ('us.fit.knee.2' before 'us.fit.knee.10')."""
    return [int(p) if p.isdigit() else p for p in _ID_PART.split(rule_id)]


@dataclass(frozen=True)
class Layout:
    """The table's columns: the varied fields, the rules (ids and groups, in column order), the derived figures and
    whether the energy columns are there."""

    axes: tuple[Axis, ...]
    rules: tuple[str, ...]
    groups: dict[str, str] = field(default_factory=dict)
    energy: bool = False
    base_rules: int = 0  # how many of `rules` are the base design's (the rest: found in variants, sorted by id)

    @classmethod
    def start(cls, axes: tuple[Axis, ...], base_rules: list[tuple[str, str, str]], energy: bool) -> Layout:
        """From the base design's rules: (rule id, group, unit) in the order findings are listed."""
        return cls(axes, tuple(r[0] for r in base_rules), {r[0]: r[1] for r in base_rules}, energy, len(base_rules))

    def grown(self, rules: dict[str, str]) -> Layout | None:
        """This layout with the rules (id -> group) it lacks (None when it lacks none)."""
        new = {r: g for r, g in rules.items() if r not in self.groups}
        if not new:
            return None
        extra = sorted([*self.rules[self.base_rules:], *new], key=rule_order)
        return replace(self, rules=self.rules[:self.base_rules] + tuple(extra), groups=self.groups | new)

    def names(self) -> list[str]:
        names = ["variant"] + [a.path for a in self.axes]
        names += ["valid", "invalid_field", "invalid_reason", "kei_verdict", "us_verdict", "failing_rules",
                  "smallest_margin"]
        for rule in self.rules:
            names += [rule, f"{rule}.margin"]
        names += [f"derived.{f.key}" for f in FIGURES]
        if self.energy:
            from .energy import COLUMNS

            names += list(COLUMNS)
        return names

    def schema(self, pa, kind: str, metadata: dict[str, str] | None = None):
        """The Arrow schema: status and verdict columns dictionary-encoded in Parquet, plain text in CSV."""
        text = pa.dictionary(pa.int8(), pa.string()) if kind == "parquet" else pa.string()
        types = [pa.int64()] + [pa.int64() if a.integer else pa.float64() for a in self.axes]
        types += [pa.bool_(), pa.string(), pa.string(), text, text, pa.int16(), pa.float64()]
        types += [text, pa.float64()] * len(self.rules)
        types += [pa.float64()] * (len(FIGURES) + (2 if self.energy else 0))
        return pa.schema(list(zip(self.names(), types)), metadata=metadata)


def _floats(pa, values: np.ndarray):
    values = np.asarray(values, dtype=np.float64)
    missing = np.isnan(values)
    return pa.array(values, mask=missing if missing.any() else None, type=pa.float64())


def _texts(pa, values: np.ndarray, valid: np.ndarray):
    """An object array of strings, "" (and every row of a valid variant) as null."""
    if valid.all():
        return pa.nulls(len(values), pa.string())
    return pa.array(values, mask=(values == "") | valid, type=pa.string())


def _coded(pa, codes: np.ndarray, labels: list[str]):
    codes = np.asarray(codes, dtype=np.int8)
    missing = codes < 0
    indices = pa.array(codes, mask=missing if missing.any() else None, type=pa.int8())
    return pa.DictionaryArray.from_arrays(indices, pa.array(labels, type=pa.string()))


def record_batch(layout: Layout, chunk: ChunkResult):
    """One chunk's rows as an Arrow record batch of `layout` (the Parquet schema: status and verdicts
    dictionary-encoded; the writer casts them to text for CSV)."""
    pa = require("pyarrow", "writing the sweep's table")
    r = chunk.result
    n = len(r)
    valid = r.valid
    columns = [pa.array(np.arange(chunk.start, chunk.start + n, dtype=np.int64))]
    for axis in layout.axes:
        values = r.variants.columns[axis.path]
        columns.append(pa.array(np.trunc(values).astype(np.int64)) if axis.integer else _floats(pa, values))
    columns += [pa.array(valid, type=pa.bool_()), _texts(pa, r.invalid_field, valid),
                _texts(pa, r.invalid_reason, valid)]
    for group in ("kei", "us"):
        fails = (r.failing(group) > 0).astype(np.int8)
        columns.append(_coded(pa, np.where(valid, fails, MISSING), VERDICTS))
    columns.append(pa.array(r.failing(), mask=~valid, type=pa.int16()))
    columns.append(_floats(pa, r.smallest_margin()))
    nothing = np.full(n, MISSING, dtype=np.int8)
    for rule in layout.rules:
        columns.append(_coded(pa, r.status.get(rule, nothing), STATUS_TEXT))
        columns.append(_floats(pa, r.margin[rule]) if rule in r.margin else pa.nulls(n, pa.float64()))
    columns += [_floats(pa, r.derived[f.key]) for f in FIGURES]
    if layout.energy:
        from .energy import COLUMNS

        columns += [_floats(pa, chunk.energy[name]) for name in COLUMNS]
    return pa.RecordBatch.from_arrays(columns, schema=layout.schema(pa, "parquet"))


def metadata(layout: Layout, info: dict[str, Any]) -> dict[str, str]:
    """The Parquet schema's `keidesigner` entry: `info` (base design, pathway, engine, ...) and each numeric
    column's unit (`info["rule_units"]`: the base design's rules' units, for their margins)."""
    from ..design.derived import FIGURE_BY_KEY

    info = dict(info)
    rule_units = info.pop("rule_units", {})
    units = {a.path: a.unit for a in layout.axes}
    units |= {f"{rule}.margin": rule_units[rule] for rule in layout.rules if rule in rule_units}
    units |= {f"derived.{k}": f.unit for k, f in FIGURE_BY_KEY.items()}
    if layout.energy:
        units |= {"energy.label_combined": info.get("energy_unit", ""), "energy.label_range_mi": "mi"}
    return {"keidesigner": json.dumps(info | {"units": units}, ensure_ascii=False)}


class TableWriter:
    """Writes a sweep's chunks, in order, to `path` (.parquet or .csv). A context manager: entering creates the
    temporary file beside the target (so a place that cannot be written is refused before any work); a clean exit
    commits it (fsync, rename over the target); an exception removes it and leaves the target as it was. A write
    that fails (a full disk) is a PathError naming `path`."""

    def __init__(self, path: str | os.PathLike[str], layout: Layout, info: dict[str, Any]) -> None:
        self.path = path
        self.kind = table_format(path)
        self.pa = require("pyarrow", f"writing a {'CSV' if self.kind == 'csv' else 'Parquet'} table")
        self.layout = layout
        self.info = info
        self.rows = 0
        self._stack = contextlib.ExitStack()
        self._tmp: Path | None = None
        self._writer = None
        self._schema = None
        self._pending: list = []  # Parquet: rows not yet in a row group
        self._pending_rows = 0

    def __enter__(self) -> TableWriter:
        with self._stack as stack:
            self._tmp = stack.enter_context(atomic_path(self.path))
            stack.callback(self._close)  # runs before the commit: the file is complete when it is renamed
            self._io(self._open)
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc) -> bool:
        return self._stack.__exit__(*exc)

    def write(self, output: ChunkOutput) -> None:
        """A chunk's rows (made where it was evaluated, in its own layout), in the table's columns."""
        grown = self.layout.grown(output.rules)
        if grown is not None:
            self._io(self._regrow, grown)
        batch = _conformed(self.pa, output.table, self._schema)
        self._io(self._write, batch)
        self.rows += len(batch)

    # --- the file ---------------------------------------------------------------------------------------------
    def _io(self, fn, *args) -> None:
        try:
            fn(*args)
        except OSError as exc:  # pyarrow's I/O errors are OSErrors too
            raise path_error(self.path, exc) from None

    def _open(self) -> None:
        pa = self.pa
        info = metadata(self.layout, self.info) if self.kind == "parquet" else None
        self._schema = self.layout.schema(pa, self.kind, info)
        if self.kind == "parquet":
            pq = require("pyarrow.parquet", "writing a Parquet table")
            # dictionary pages for the text columns only: trying them on a million distinct floats costs a sixth of
            # the writing and makes the file larger (measured: 0.91 s and 8.3 MiB against 0.76 s and 6.0 MiB)
            text = [f.name for f in self._schema if pa.types.is_dictionary(f.type) or pa.types.is_string(f.type)]
            self._writer = pq.ParquetWriter(str(self._tmp), self._schema, compression="zstd", use_dictionary=text)
        else:
            from pyarrow import csv

            self._writer = csv.CSVWriter(str(self._tmp), self._schema,
                                         write_options=csv.WriteOptions(quoting_style="needed"))

    def _write(self, batch) -> None:
        if self.kind != "parquet":
            self._writer.write_batch(batch)
            return
        # row groups of ROW_GROUP rows whatever the chunks (their size follows the workers and the machine's
        # speed), so that the same sweep gives the same bytes in one process, on a pool or on Dask
        self._pending.append(batch)
        self._pending_rows += batch.num_rows
        while self._pending_rows >= ROW_GROUP:
            self._row_group(ROW_GROUP)

    def _row_group(self, rows: int) -> None:
        table = self.pa.Table.from_batches(self._pending, schema=self._schema)
        self._writer.write_table(table.slice(0, rows).combine_chunks(), row_group_size=rows)
        rest = table.slice(rows)
        self._pending = rest.to_batches() if rest.num_rows else []
        self._pending_rows = rest.num_rows

    def _close(self) -> None:
        if self._writer is not None:
            if self._pending_rows:
                self._io(self._row_group, self._pending_rows)
            writer, self._writer = self._writer, None
            self._io(writer.close)

    def _regrow(self, layout: Layout) -> None:
        """Rewrite the rows written so far with the columns of rules a later chunk brought (batch by batch, beside
        the target), then go on with the new layout."""
        self._close()
        old = self._tmp.with_name(self._tmp.name + ".old")
        os.replace(self._tmp, old)
        try:
            previous = self._schema
            self.layout = layout
            self._open()
            for batch in _read_back(self.kind, old, previous):
                self._write(_conformed(self.pa, batch, self._schema))
        finally:
            old.unlink(missing_ok=True)


ROW_GROUP = 50_000  # rows a Parquet row group holds (the last one fewer)


def _read_back(kind: str, path: Path, schema):
    if kind == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetFile(str(path)) as f:
            yield from f.iter_batches(batch_size=65536)
        return
    from pyarrow import csv

    reader = csv.open_csv(str(path), read_options=csv.ReadOptions(block_size=16 << 20),
                          convert_options=csv.ConvertOptions(column_types=schema, strings_can_be_null=True,
                                                             quoted_strings_can_be_null=False))
    yield from reader


def _conformed(pa, batch, schema):
    """`batch` with `schema`'s columns: those it has (cast to the schema's type: text for CSV), empty ones for those
    it lacks (a rule's status with the labels every chunk carries, so that equal tables compare equal)."""
    n = batch.num_rows
    arrays = []
    for f in schema:
        i = batch.schema.get_field_index(f.name)
        if i >= 0:
            column = batch.column(i)
            arrays.append(column if column.type == f.type else column.cast(f.type))
        elif pa.types.is_dictionary(f.type):
            arrays.append(_coded(pa, np.full(n, MISSING, dtype=np.int8), STATUS_TEXT))
        else:
            arrays.append(pa.nulls(n, f.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
