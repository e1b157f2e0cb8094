"""Sweeps end to end through the Python API: the plan, the summary (hand-checked on small grids), the table in
Parquet and CSV read back, rules that only some variants get, atomic writing, and the same result whether the chunks
run in this process, on a process pool or on a Dask LocalCluster."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import multiprocessing
import os
import subprocess
import sys
import textwrap
import types

import numpy as np
import pyarrow.parquet as pq
import pytest

from keidesigner.analysis import analyse
from keidesigner.batch import chunk as chunk_module
from keidesigner.batch.spec import SweepError, plan
from keidesigner.batch.summary import summary_json, summary_text
from keidesigner.batch.sweep import Options, chunk_size, probe_size, run_sweep
from keidesigner.batch.table import TableWriter
from keidesigner.common import PathError
from keidesigner.design import FIGURES
from keidesigner.design.edit import with_values
from keidesigner.design.units import formatter
from keidesigner.energy import EnergyModelError
from keidesigner.energy.vehicle import ENGINE_START, TOO_LITTLE_POWER, TOP_SPEED
from keidesigner.files import dumps_design
from keidesigner.rules import DEFAULT_SETTINGS

LENGTHS = ["dimensions.length_mm=3300:3500:50"]
INLINE = Options(jobs=1)


def _rows(path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def _without_run(summary) -> dict:
    doc = summary_json(summary)
    doc.pop("run")
    doc.pop("output", None)
    return doc


# --- the plan ---------------------------------------------------------------------------------------------------

def test_a_grid_plan_counts_both_ends(truck):
    p = plan(truck, ["dimensions.length_mm=3300:3500:50", "mass.curb_mass_kg=700:1000:100"])
    assert p.kind == "grid" and p.count == 5 * 4
    length = p.axes[0]
    assert (length.unit, length.base_value, length.integer) == ("mm", truck.dimensions.length_mm, False)


def test_a_sample_plan_is_reproducible_from_its_seed(truck):
    specs = ["dimensions.length_mm=3300:3500", "mass.curb_mass_kg=700:1000"]
    a = plan(truck, specs, "16", "halton", "7").variants(truck)
    b = plan(truck, specs, "16", "halton", "7").variants(truck)
    c = plan(truck, specs, "16", "halton", "8").variants(truck)
    assert np.array_equal(a.columns["dimensions.length_mm"], b.columns["dimensions.length_mm"])
    assert not np.array_equal(a.columns["dimensions.length_mm"], c.columns["dimensions.length_mm"])


def test_a_whole_number_field_takes_a_whole_grid_and_no_sample(truck):
    path = "package.rows.0.seats.0.declared_positions"
    assert plan(truck, [f"{path}=1:3:1"]).axes[0].integer
    with pytest.raises(SweepError, match="whole"):
        plan(truck, [f"{path}=1:3:0.5"])
    with pytest.raises(SweepError, match="whole numbers; sweep it with a grid"):
        plan(truck, [f"{path}=1:3"], "8")


# --- the summary, hand-checked -----------------------------------------------------------------------------------

def test_a_length_sweep_of_the_truck_fails_kei_above_3400(truck):
    """3,300–3,500 mm in 50 mm steps: 3,300, 3,350 and 3,400 are kei-compliant (the limit is ≤ 3,400 mm), 3,450 and
    3,500 fail kei.length; the truck fails the same nine US rules at every length."""
    s = run_sweep(truck, plan(truck, LENGTHS), "preset:kei-truck", options=INLINE)
    assert (s.variants, s.invalid) == (5, 0)
    assert s.compliant == {"all": 0, "kei": 3, "us": 0}
    kei = s.bindings["kei.length"]
    assert kei.fails == 2
    span = kei.spans["dimensions.length_mm"]
    assert (span.side, span.fail_low, span.fail_high, span.ok_low, span.ok_high) == ("above", 3450, 3500, 3300, 3400)
    failing = s.failing_rules
    assert [b.rule_id for b in failing if b.fails == 5] == [
        "us.108.chmsl", "us.216a.roof_crush", "us.208.crush_pulse", "us.214.side_airbags",
        "us.226.ejection_mitigation", "us.111.rear_visibility", "us.138.tpms", "us.10.positions.1.1",
        "us.225.latch"]
    assert failing[-1].rule_id == "kei.length"
    # the kei-compliant variant nearest the base (3,395 mm) is 3,400 mm: |3,400 − 3,395| / 200 = 0.025
    near = s.nearest["kei"]
    assert (near.index, near.values, near.distance) == (2, {"dimensions.length_mm": 3400.0}, pytest.approx(0.025))
    assert s.nearest["us"] is None and s.nearest["all"] is None

    text = summary_text(s, formatter("metric"))
    assert "sweep of 5 variants, full-factorial grid" in text
    assert "dimensions.length_mm: 3,300–3,500 mm, step 50 mm (5 values); base 3,395 mm" in text
    assert "Compliant: kei 3 of 5 (60.0 %) · US 0 of 5 (0.0 %) · kei and US 0 of 5 (0.0 %)" in text
    assert ("  kei.length (kei): fails 2 of 5 (40.0 %)\n"
            "    dimensions.length_mm: fails above 3,400 mm (at 3,450–3,500 mm)") in text
    assert "kei: variant 2, distance 0.025: dimensions.length_mm 3,400 mm" in text
    us = summary_text(s, formatter("us"))
    assert "fails above 133.9 in (at 135.8–137.8 in)" in us


def test_invalid_variants_are_counted_by_the_field_refused(truck):
    """Wheelbases 1,800–2,800 mm on a 3,395 mm truck: from 2,600 mm the rear overhang is shorter than the tyre
    radius, which the model refuses."""
    s = run_sweep(truck, plan(truck, ["dimensions.wheelbase_mm=1800:2800:200"]), "t", options=INLINE)
    assert (s.variants, s.invalid) == (6, 2)
    assert s.invalid_fields.most_common(1) == [("dimensions.wheelbase_mm", 2)]
    assert "rear overhang" in s.invalid_examples["dimensions.wheelbase_mm"]
    doc = summary_json(s)
    assert doc["invalid"]["count"] == 2 and doc["invalid"]["most_common_field"] == "dimensions.wheelbase_mm"
    assert "Invalid (refused by the design model): 2 of 6 (33.3 %); most often dimensions.wheelbase_mm (2)" in \
        summary_text(s, formatter())


def test_a_rule_that_depends_on_two_fields_is_decided_by_the_other_on_each(ev_hatch):
    """Roof crush fails when the EV is heavy (3 × unloaded weight beyond the roof's strength), whatever its
    length: on the mass axis it fails above a value, on the length axis the mass decides."""
    s = run_sweep(ev_hatch, plan(ev_hatch, ["dimensions.length_mm=3300:3500:100", "mass.curb_mass_kg=900:1300:100"]),
                  "e", options=INLINE)
    roof = s.bindings["us.216a.roof_crush"]
    assert roof.spans["mass.curb_mass_kg"].side == "above"
    assert roof.spans["dimensions.length_mm"].side == "within"
    heaviest_passing = roof.spans["mass.curb_mass_kg"].ok_high
    assert roof.fails == 3 * sum(1 for m in (900, 1000, 1100, 1200, 1300) if m > heaviest_passing)


# --- the table ---------------------------------------------------------------------------------------------------

def test_the_parquet_table_holds_every_variant_and_rule(truck, tmp_path):
    out = tmp_path / "sweep.parquet"
    s = run_sweep(truck, plan(truck, LENGTHS), "preset:kei-truck", options=Options(output=out, jobs=1))
    table = pq.read_table(out)
    names = table.schema.names
    ev = analyse(truck).evaluation
    rules = [f.rule_id for f in ev.findings]
    assert names[:9] == ["variant", "dimensions.length_mm", "valid", "invalid_field", "invalid_reason",
                         "kei_verdict", "us_verdict", "failing_rules", "smallest_margin"]
    assert names[9:9 + 2 * len(rules)] == [n for r in rules for n in (r, f"{r}.margin")]
    assert names[9 + 2 * len(rules):] == [f"derived.{f.key}" for f in FIGURES]
    rows = table.to_pylist()
    assert [r["variant"] for r in rows] == [0, 1, 2, 3, 4]
    assert [r["dimensions.length_mm"] for r in rows] == [3300, 3350, 3400, 3450, 3500]
    assert [r["kei.length"] for r in rows] == ["pass", "pass", "pass", "fail", "fail"]
    assert [r["kei.length.margin"] for r in rows] == [100, 50, 0, -50, -100]
    assert [r["kei_verdict"] for r in rows] == ["pass", "pass", "pass", "fail", "fail"]
    assert {r["us_verdict"] for r in rows} == {"fail"}
    assert [r["failing_rules"] for r in rows] == [9, 9, 9, 10, 10]
    assert all(r["valid"] and r["invalid_field"] is None and r["invalid_reason"] is None for r in rows)
    assert rows[0]["us.108.chmsl"] == "fail" and rows[0]["us.108.chmsl.margin"] is None  # a yes/no rule: no margin
    # each row is what the scalar model says of that design
    variant = with_values(truck, {"dimensions.length_mm": 3450.0})
    one = analyse(variant)
    assert rows[3]["derived.rear_overhang_mm"] == one.derived.rear_overhang_mm
    for f in one.findings:
        assert rows[3][f.rule_id] == f.status.value
        assert rows[3][f"{f.rule_id}.margin"] == (None if f.margin is None else pytest.approx(f.margin))
    meta = json.loads(table.schema.metadata[b"keidesigner"])
    assert meta["design"] == truck.name and meta["pathway"] == "truck" and meta["engine"] in ("scalar", "vectorised")
    assert meta["units"]["dimensions.length_mm"] == "mm" and meta["units"]["derived.gvwr_kg"] == "kg"
    assert meta["units"]["kei.length.margin"] == "mm" and meta["units"]["us.216a.roof_crush.margin"] == "kN"
    # what the table was made from: the base design's SHA-256, the rule settings, the sweep as asked
    assert meta["design_sha256"] == hashlib.sha256(dumps_design(truck).encode()).hexdigest()
    assert meta["settings"] == DEFAULT_SETTINGS.model_dump(mode="json")
    assert meta["sweep"] == {"kind": "grid", "variants": 5, "fields": [
        {"path": "dimensions.length_mm", "unit": "mm", "low": 3300.0, "high": 3500.0, "step": 50.0, "values": 5,
         "base": 3395.0, "base_effective": 3395.0, "base_source": "design",
         "in_distance": True}]}
    assert s.output == {"path": str(out), "format": "parquet", "rows": 5, "columns": len(names)}


def test_the_csv_table_has_the_same_rows_with_empty_cells_for_nothing(truck, tmp_path):
    specs = ["dimensions.wheelbase_mm=1800:2800:200"]
    run_sweep(truck, plan(truck, specs), "t", options=Options(output=tmp_path / "t.parquet", jobs=1))
    run_sweep(truck, plan(truck, specs), "t", options=Options(output=tmp_path / "t.csv", jobs=1))
    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        header = reader.fieldnames
    parquet = _rows(tmp_path / "t.parquet")
    assert header == list(parquet[0])
    assert len(rows) == len(parquet) == 6
    for text_row, row in zip(rows, parquet):
        for name, value in row.items():
            cell = text_row[name]
            if value is None:
                assert cell == "", (name, cell)
            elif isinstance(value, bool):
                assert cell == ("true" if value else "false")
            elif isinstance(value, float):
                assert float(cell) == value, (name, cell, value)  # written exactly (shortest round-trip digits)
            else:
                assert cell == str(value), (name, cell, value)
    invalid = rows[-1]
    assert invalid["valid"] == "false" and invalid["invalid_field"] == "dimensions.wheelbase_mm"
    assert "rear overhang" in invalid["invalid_reason"]
    assert invalid["kei_verdict"] == invalid["kei.length"] == invalid["kei.length.margin"] == ""
    assert invalid["derived.gvwr_kg"] == "" and invalid["failing_rules"] == ""


def test_rules_that_only_some_variants_get_have_columns_even_when_they_come_late(van, tmp_path):
    """A seat too narrow for a designated position gets no head-restraint findings. On a van whose right front
    seat is 250 mm wide, widening it brings us.202a.height.1.2 and .backset.1.2: the first chunks (one variant
    each) lack them, and the table written so far is rewritten with their columns."""
    base = with_values(van, {"package.rows.0.seats.1.seating_width_mm": 250.0})
    specs = ["package.rows.0.seats.1.seating_width_mm=250:550:100"]
    base_rules = {f.rule_id for f in analyse(base).findings}
    assert "us.202a.height.1.2" not in base_rules
    for kind in ("parquet", "csv"):
        once = run_sweep(base, plan(base, specs), "v", options=Options(output=tmp_path / f"once.{kind}", jobs=1))
        late = run_sweep(base, plan(base, specs), "v", options=Options(output=tmp_path / f"late.{kind}", jobs=1,
                                                                       probe=1, chunk=1))
        if kind == "csv":
            assert (tmp_path / "once.csv").read_bytes() == (tmp_path / "late.csv").read_bytes()
        else:  # the row groups differ (one per chunk), not the table
            assert pq.read_table(tmp_path / "once.parquet").equals(pq.read_table(tmp_path / "late.parquet"),
                                                                   check_metadata=True)
        assert _without_run(once) == _without_run(late)
    table = pq.read_table(tmp_path / "late.parquet")
    names = table.schema.names
    assert names.index("us.202a.backset.1.2") > names.index("us.cafe.footprint")  # after the base design's rules
    assert names.index("us.202a.backset.1.2") < names.index("us.202a.height.1.2")  # the late ones sorted by id
    assert table.column("us.202a.height.1.2").to_pylist()[0] is None  # 250 mm: no such finding
    assert table.column("us.202a.height.1.2").to_pylist()[1] is not None
    assert sorted(os.listdir(tmp_path)) == ["late.csv", "late.parquet", "once.csv", "once.parquet"]


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(truck, tmp_path, monkeypatch, kind):
    out = tmp_path / f"sweep.{kind}"
    out.write_bytes(b"the old table")
    calls = []
    real = TableWriter._write

    def full_disk(self, batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(self, batch)

    monkeypatch.setattr(TableWriter, "_write", full_disk)
    with pytest.raises(PathError, match=r"sweep\.\w+: could not write: No space left on device"):
        run_sweep(truck, plan(truck, LENGTHS), "t", options=Options(output=out, jobs=1, probe=2, chunk=2))
    assert out.read_bytes() == b"the old table"
    assert os.listdir(tmp_path) == [out.name]


def test_an_interrupted_sweep_writes_nothing(truck, tmp_path, monkeypatch):
    out = tmp_path / "sweep.parquet"

    def interrupted(job, start, columns):
        if start:
            raise KeyboardInterrupt
        return real(job, start, columns)

    real = chunk_module.evaluate_chunk
    monkeypatch.setattr("keidesigner.batch.sweep.evaluate_chunk", interrupted)
    monkeypatch.setattr("keidesigner.batch.backends.evaluate_chunk", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(truck, plan(truck, LENGTHS), "t", options=Options(output=out, jobs=1, probe=2, chunk=2))
    assert os.listdir(tmp_path) == []


def test_a_table_in_a_missing_folder_is_refused_before_any_work(truck, tmp_path, monkeypatch):
    monkeypatch.setattr("keidesigner.batch.sweep.evaluate_chunk", lambda *a: pytest.fail("evaluated"))
    with pytest.raises(PathError, match="folder does not exist"):
        run_sweep(truck, plan(truck, LENGTHS), "t", options=Options(output=tmp_path / "no" / "t.csv", jobs=1))


# --- energy ---------------------------------------------------------------------------------------------------------

def test_energy_columns_are_what_the_analysis_gives_each_variant(ev_hatch, truck, tmp_path):
    """The EV hatch types no frontal area: it is measured on each variant's scene (its length changes the shape).
    The truck's engine power below about 10 kW cannot follow UDDS: no figure, and the reason counted."""
    out = tmp_path / "ev.parquet"
    s = run_sweep(ev_hatch, plan(ev_hatch, ["dimensions.length_mm=3300:3500:200", "mass.curb_mass_kg=900:1100:200"]),
                  "e", with_energy=True, options=Options(output=out, jobs=1))
    assert ev_hatch.road_load.frontal_area_m2 is None
    rows = _rows(out)
    for row in rows:
        design = with_values(ev_hatch, {"dimensions.length_mm": row["dimensions.length_mm"],
                                        "mass.curb_mass_kg": row["mass.curb_mass_kg"]})
        e = analyse(design).energy
        assert row["energy.label_combined"] == pytest.approx(e.label_combined, rel=1e-12)
        assert row["energy.label_range_mi"] == pytest.approx(e.label_range_mi, rel=1e-12)
    assert s.energy_unit == "MPGe" and s.energy["simulated"] == 4
    assert json.loads(pq.read_table(out).schema.metadata[b"keidesigner"])["units"]["energy.label_combined"] == "MPGe"
    assert "Energy (EPA label, combined):" in summary_text(s, formatter())

    weak = run_sweep(truck, plan(truck, ["powertrain.engine_power_kw=5:35:30"]), "t", with_energy=True,
                     options=INLINE)
    assert weak.energy["simulated"] == 1 and dict(weak.energy["errors"]) == {TOO_LITTLE_POWER: 1}
    assert "cannot follow the UDDS speed trace" in weak.energy["examples"][TOO_LITTLE_POWER]
    assert summary_json(weak)["energy"]["failed"] == 1 and summary_json(weak)["energy"]["unit"] == "mpg"


# --- where the chunks run: the same result everywhere ----------------------------------------------------------------

SPREAD = ["dimensions.length_mm=3300:3500:25", "mass.curb_mass_kg=700:1000:100",
          "package.rows.0.seats.0.seating_width_mm=1000:1300:100"]


STARTS = ["fork", "spawn"] if "fork" in multiprocessing.get_all_start_methods() else ["spawn"]


@pytest.fixture(params=STARTS)
def started_by(request, monkeypatch):
    """Workers started each way this platform can (whatever this test process has loaded: start_method would
    choose spawn here once FASTSim is in, which an earlier test may have imported)."""
    monkeypatch.setattr("keidesigner.batch.backends.start_method", lambda with_energy: request.param)
    monkeypatch.setattr("keidesigner.batch.sweep.start_method", lambda with_energy: request.param)
    return request.param


def test_workers_are_forked_only_where_that_is_safe(monkeypatch):
    from keidesigner.batch.backends import start_method

    monkeypatch.delitem(sys.modules, "fastsim", raising=False)
    monkeypatch.delitem(sys.modules, "polars", raising=False)
    linux = sys.platform.startswith("linux")
    assert start_method(False) == ("fork" if linux else "spawn")
    assert start_method(True) == "spawn"  # the workers will run FASTSim, whose thread pools a fork leaves dead
    stand_in = types.ModuleType("polars")  # what a bundle puts there for FASTSim's import: no file, no threads
    monkeypatch.setitem(sys.modules, "polars", stand_in)
    assert start_method(False) == ("fork" if linux else "spawn")
    stand_in.__file__ = "/site-packages/polars/__init__.py"  # the real one
    assert start_method(False) == "spawn"  # nor is it safe to fork a process that has them running


def test_the_process_pool_gives_the_single_process_result(truck, tmp_path, started_by, monkeypatch):
    monkeypatch.setattr("keidesigner.batch.table.ROW_GROUP", 50)  # 144 rows: 3 row groups from chunks of 17
    p = plan(truck, SPREAD)
    one = run_sweep(truck, p, "t", options=Options(output=tmp_path / "one.parquet", jobs=1))
    pool = run_sweep(truck, p, "t", options=Options(output=tmp_path / "pool.parquet", jobs=2, parallel=True,
                                                    probe=10, chunk=17))
    assert pool.run["backend"] == "on 2 worker processes" and one.run["backend"] == "in this process"
    assert pool.run["workers_started_by"] == started_by and one.run["workers_started_by"] is None
    # the same bytes, not only the same rows: row groups follow ROW_GROUP, not the chunks (their size depends on
    # the workers and the machine's speed)
    assert (tmp_path / "pool.parquet").read_bytes() == (tmp_path / "one.parquet").read_bytes()
    assert pq.ParquetFile(tmp_path / "one.parquet").metadata.num_row_groups == 3
    assert _without_run(pool) == _without_run(one)


def test_a_dask_local_cluster_of_two_workers_gives_the_single_process_result(truck, tmp_path, started_by):
    p = plan(truck, SPREAD)
    one = run_sweep(truck, p, "t", options=Options(output=tmp_path / "one.csv", jobs=1))
    # a cluster asked for gets all but a tenth of the sweep, however small (144 variants here)
    dask = run_sweep(truck, p, "t", options=Options(output=tmp_path / "dask.csv", jobs=2, scheduler="local",
                                                    chunk=23))
    assert dask.run["backend"] == "on a local Dask cluster of 2 workers" and dask.run["seconds_starting_workers"] > 0
    assert dask.run["workers_started_by"] == started_by
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    assert _without_run(dask) == _without_run(one)


def test_an_unreachable_scheduler_is_one_line(truck):
    from keidesigner.batch.backends import ClusterError, Dask
    from keidesigner.batch.chunk import SweepJob
    from keidesigner.rules import DEFAULT_SETTINGS

    with pytest.raises(ClusterError, match=r"^--scheduler tcp://127\.0\.0\.1:9: cannot reach the Dask scheduler") as e:
        Dask(SweepJob(truck, None, DEFAULT_SETTINGS), "tcp://127.0.0.1:9", 1, timeout="1s")
    assert "\n" not in str(e.value)


def test_the_probe_leaves_a_cluster_its_work():
    assert probe_size(100_000, False, False) == 256 and probe_size(100_000, True, False) == 4
    assert probe_size(144, False, True) == 14 and probe_size(5, False, True) == 1
    assert probe_size(100, False, False) == 100  # on this machine a small sweep runs here entirely


def test_chunks_size_themselves_to_about_a_second_and_share_the_work():
    assert chunk_size(1_000_000, 300e-6, 2) == 3333  # the scalar engine: a second's work
    assert chunk_size(1_000_000, 1e-6, 2) == 50_000  # at most 50,000 however fast
    assert chunk_size(100, 300e-6, 2) == 13  # four chunks per worker
    from keidesigner.batch.backends import Dask

    # a Dask task's round trip costs ~10 ms: its chunks are larger, the same four per worker
    assert chunk_size(10_000_000, 1e-6, 2, Dask.max_chunk) == 200_000
    assert chunk_size(1_000_000, 1e-6, 2, Dask.max_chunk) == 125_000


def test_the_chunk_function_imports_nothing_of_qt(tmp_path):
    """What a worker runs (keidesigner.batch.chunk, with energy) loads neither PySide6, pyqtgraph nor OpenGL."""
    script = textwrap.dedent("""
        import pickle, sys
        import numpy as np
        from keidesigner.batch import run
        from keidesigner.batch.chunk import SweepJob, evaluate_chunk
        from keidesigner.batch.spec import plan
        from keidesigner.batch.table import Layout
        from keidesigner.files import load_preset
        from keidesigner.rules import DEFAULT_SETTINGS
        truck = load_preset("kei-truck")
        p = plan(truck, ["dimensions.length_mm=3300:3450:150"])
        layout = Layout.start(p.axes, run.base_rules(truck, None, DEFAULT_SETTINGS), True)
        job = SweepJob(truck, None, DEFAULT_SETTINGS, True, p, layout)
        out = pickle.loads(pickle.dumps(evaluate_chunk(job, 0, p.variants(truck).columns)))  # as it travels
        assert out.summary.variants == 2 and out.summary.bindings["kei.length"].fails == 1
        assert np.isfinite(out.table.column("energy.label_combined").to_numpy()).all()
        qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "OpenGL", "shiboken6"))
        print(",".join(qt) or "none")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


def test_the_summary_json_is_plain_data(truck):
    s = run_sweep(truck, plan(truck, ["dimensions.length_mm=3300:3500"], "8", "lhs", "3"), "t", options=INLINE)
    doc = json.loads(json.dumps(summary_json(s)))
    assert doc["sweep"]["kind"] == "sample" and doc["sweep"]["sampler"] == "lhs" and doc["sweep"]["seed"] == 3
    assert doc["sweep"]["variants"] == 8
    assert math.isclose(sum(doc["compliant"][g]["share"] * 8 for g in ("kei",)), doc["compliant"]["kei"]["count"])


@pytest.mark.parametrize("method, backend", [("fork", "on 2 worker processes"), ("spawn", "in this process")])
def test_a_bundled_program_runs_a_pool_only_of_forked_workers(truck, monkeypatch, method, backend):
    """A bundle has no multiprocessing.freeze_support(): a spawned worker would start the program again."""
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr("keidesigner.batch.sweep.start_method", lambda with_energy: method)
    s = run_sweep(truck, plan(truck, SPREAD), "t", options=Options(jobs=2, parallel=True, probe=10, chunk=17))
    assert s.run["backend"] == backend


def test_a_sweep_counts_the_variants_slower_than_the_cycles_by_their_cause(truck):
    # the top speed is refused before FASTSim runs, in the estimate every surface calls
    s = run_sweep(truck, plan(truck, ["powertrain.top_speed_kmh=40:120:80"]), "t", with_energy=True, options=INLINE)
    assert s.energy["simulated"] == 1
    assert summary_json(s)["energy"]["errors"] == [{
        "cause": TOP_SPEED, "count": 1,
        "example": "top speed 40 km/h is below the UDDS cycle's peak of 91.3 km/h: the EPA cycles cannot be driven"}]


ENGINES = ["powertrain.engine_power_kw=2:20:2"]  # 2 and 4 kW cannot start, 6-16 kW fall behind UDDS, 18-20 kW drive


def _first_refusals(design, values) -> tuple[dict[str, int], dict[str, str]]:
    """Each engine power's refusal by cause, and the first one's message of each: what the sweep must report."""
    counts, examples = {}, {}
    for kw in values:
        try:
            assert analyse(with_values(design, {"powertrain.engine_power_kw": kw})).energy.label_combined > 0
        except EnergyModelError as exc:
            counts[exc.cause] = counts.get(exc.cause, 0) + 1
            examples.setdefault(exc.cause, str(exc))
    return counts, examples


def test_a_sweep_counts_every_variant_it_cannot_simulate_by_cause_with_the_first_one_s_reason(truck):
    """Each refusal's message names its variant's own figures (the start-up power, where it fell behind): counted by
    those, no two were alike and five of eight were listed. By cause, every cause is listed and the counts add up."""
    s = run_sweep(truck, plan(truck, ENGINES), "t", with_energy=True, options=INLINE)
    energy = json.loads(json.dumps(summary_json(s)))["energy"]
    counts, examples = _first_refusals(truck, range(2, 21, 2))
    assert energy["simulated"] == 2 and energy["failed"] == 8
    assert counts == {ENGINE_START: 2, TOO_LITTLE_POWER: 6}
    assert energy["errors"] == [
        {"cause": TOO_LITTLE_POWER, "count": 6, "example": examples[TOO_LITTLE_POWER]},
        {"cause": ENGINE_START, "count": 2, "example": examples[ENGINE_START]},
    ]
    assert sum(e["count"] for e in energy["errors"]) == energy["failed"]
    assert "(0.33 kW, 17 % of its 2 kW)" in examples[ENGINE_START]  # the first in sweep order: 2 kW, not 4 kW
    text = summary_text(s, formatter()).splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("Energy (EPA label, combined):"))
    assert text[at].endswith("; 8 could not be simulated:")
    assert text[at + 1:at + 3] == [
        f"  {TOO_LITTLE_POWER}: 6 variants, e.g. {examples[TOO_LITTLE_POWER]}",
        f"  {ENGINE_START}: 2 variants, e.g. {examples[ENGINE_START]}",
    ]
    assert text[at + 3] == ""


def test_the_example_of_each_cause_is_the_first_in_sweep_order_however_the_chunks_ran(truck):
    """Workers finish chunks in any order; the summaries merge in sweep order, so each cause's example is the
    first variant's whatever ran them."""
    p = plan(truck, ENGINES)
    one = run_sweep(truck, p, "t", with_energy=True, options=INLINE)
    pool = run_sweep(truck, p, "t", with_energy=True, options=Options(jobs=2, parallel=True, probe=1, chunk=2))
    assert pool.run["backend"] == "on 2 worker processes"
    assert summary_json(pool)["energy"] == summary_json(one)["energy"]
    # the probe (2 kW) ran here; the first to fall behind the trace (6 kW) was the first chunk sent to the pool
    assert summary_json(pool)["energy"]["errors"][0]["example"] == _first_refusals(truck, [6])[1][TOO_LITTLE_POWER]


def test_an_energy_range_of_one_value_reads_as_that_value(truck):
    """Not "31.5 mpg to 31.5 mpg" when one variant was simulated (16 kW falls behind HWFET, 20 kW drives it)."""
    s = run_sweep(truck, plan(truck, ["powertrain.engine_power_kw=16:20:4"]), "t", with_energy=True, options=INLINE)
    assert s.energy["simulated"] == 1
    economy = f"{analyse(with_values(truck, {'powertrain.engine_power_kw': 20})).energy.label_combined:.1f} mpg"
    line = next(line for line in summary_text(s, formatter()).splitlines() if line.startswith("Energy (EPA"))
    assert line.startswith(f"Energy (EPA label, combined): {economy}, range ") and " to " not in line, line
    assert " over 1 variant; 1 could not be simulated:" in line


# --- where a rule binds, merged chunk by chunk -------------------------------------------------------------------

def _one_shot(values, fails, oks):
    """Span's answer computed from every value at once (what the merge of any chunks must give)."""
    f, o = values[fails], values[oks]
    low, high = o.min(), o.max()
    if ((f >= low) & (f <= high)).any():
        return "within", None, None
    below, above = f[f < low], f[f > high]
    side = {(True, True): "outside", (True, False): "below", (False, True): "above"}[(below.size > 0,
                                                                                      above.size > 0)]
    return side, (below.max() if below.size else None), (above.min() if above.size else None)


@pytest.mark.parametrize("seed", range(40))
def test_a_span_merged_from_chunks_in_any_order_is_the_span_of_all_values(seed):
    from keidesigner.batch.summary import Span

    rng = np.random.default_rng(seed)
    values = rng.choice(np.arange(0, 30.0), size=120)  # a grid's repeated values
    band = (values >= 8) & (values <= 20)
    fails = ~band
    if seed % 3 == 0:  # interleaved: a few failing values inside the band
        fails |= band & (rng.random(120) < 0.05)
    if seed % 5 == 0:  # one side only
        fails &= values > 10
    oks = ~fails
    if not oks.any() or not fails.any():
        return
    cuts = np.sort(rng.choice(np.arange(1, 120), size=rng.integers(1, 12), replace=False))
    parts = []
    for rows in np.split(rng.permutation(120), cuts):  # chunks of any values, some failing only
        span = Span()
        span.add(values[rows], fails[rows], oks[rows])
        parts.append(span)
    merged = Span()
    for span in parts if seed % 2 else reversed(parts):
        merged.merge(span)
    side, below, above = _one_shot(values, fails, oks)
    assert merged.side == side
    if side in ("outside", "below"):
        assert merged.fail_low == values[fails].min() and (side == "below" or merged.below == below)
    if side == "outside":
        assert merged.above == above


def test_a_band_found_in_chunks_of_one_variant_is_still_a_band(truck):
    """Each chunk sees one headlamp height: the failing ones see no passing value at all."""
    s = run_sweep(truck, plan(truck, ["lighting.headlamp_height_mm=300:1500:100"]), "t",
                  options=Options(jobs=1, probe=1, chunk=1))
    span = s.bindings["us.108.headlamp_height"].spans["lighting.headlamp_height_mm"]
    assert (span.side, span.fail_low, span.below, span.ok_low, span.ok_high, span.above, span.fail_high) == (
        "outside", 300, 500, 600, 1300, 1400, 1500)


def test_variant_numbers_are_written_with_the_formatters_separators(truck):
    s = run_sweep(truck, plan(truck, LENGTHS), "t", options=INLINE)
    s.nearest["kei"].index = 12345
    assert "  kei: variant 12,345, distance 0.025: dimensions.length_mm 3,400 mm" in summary_text(s, formatter())


# --- signs of life ---------------------------------------------------------------------------------------------------

def test_the_progress_bar_shows_no_rate_until_one_is_measured(monkeypatch):
    import io

    from keidesigner.batch import progress as progress_module

    now = [100.0]
    monkeypatch.setattr(progress_module.time, "perf_counter", lambda: now[0])
    stream = io.StringIO()
    bar = progress_module.Progress(200_000, stream=stream, enabled=True)
    now[0] += 0.2  # the first variant paid the imports
    bar.update(1)
    assert "/s" not in stream.getvalue() and "left" not in stream.getvalue()
    now[0] += 0.3
    bar.update(256)
    bar.settle(256)  # the probe is done: the rate is measured from here
    now[0] += 0.5
    bar.update(20_256)
    assert "/s" not in stream.getvalue().rsplit("\r", 1)[-1]
    now[0] += 0.5
    bar.update(40_256)
    last = stream.getvalue().rsplit("\r", 1)[-1]
    assert "40,256/200,000 variants  40,000/s, 0:04 left" in last


def test_a_long_sweep_without_a_terminal_says_how_long_once(monkeypatch, truck, capsys):
    import io

    from keidesigner.batch.progress import Progress

    stream = io.StringIO()
    quiet = Progress(200_000, stream=stream, enabled=False)
    assert not quiet.announce(599, 46.0)
    assert quiet.announce(200_000 / 46, 46.0)
    assert stream.getvalue() == ("sweep: about 1 h 12 min for 200,000 variants at 46 variants/s (run with a terminal "
                                 "for progress)\n")
    assert not Progress(200_000, stream=io.StringIO(), enabled=True).announce(10_000, 46.0)  # the bar says it
    # the sweep itself announces after the probe, on stderr, when what is left would take long
    monkeypatch.setattr("keidesigner.batch.progress.ANNOUNCE_OVER_S", -1.0)
    run_sweep(truck, plan(truck, LENGTHS), "t", options=Options(jobs=1, probe=2, progress=False))
    err = capsys.readouterr().err
    assert err.startswith("sweep: about ") and " for 5 variants at " in err
    assert err.count("\n") == 1 and "(run with a terminal for progress)" in err


def test_the_summary_says_what_a_sweep_leaves_out(truck):
    s = run_sweep(truck, plan(truck, ["dimensions.length_mm=3300:3500:100"]), "t", options=INLINE)
    assert "Not in the sweep: pedestrian head-impact zones (measured on each variant's 3-D model" in \
        summary_text(s, formatter())
    assert "pedestrian head-impact zones" in summary_json(s)["not_swept"]


def test_a_sweep_with_every_variant_refused_says_nothing_was_checked(truck):
    s = run_sweep(truck, plan(truck, ["dimensions.wheelbase_mm=3000:3400:100", "dimensions.length_mm=3000:3300:100"]),
                  "t", options=INLINE)
    assert s.invalid == s.variants == 20
    assert "Failing rules: no valid variant to check" in summary_text(s, formatter())
