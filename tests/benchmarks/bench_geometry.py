"""Geometry speed: build_scene per preset, against the GUI's budget of one 60 Hz frame (16.7 ms); and the pedestrian
head zones measured on the body (WAD sections), which the app runs off its GUI thread, against build_scene.

Each run builds a design with a different length, so nothing caches the whole scene; per-part caches (wheel meshes,
face templates) are meant to hit. The baseline, measured in the same run, is the least a rebuild could do:
trimesh.creation.box plus one trimesh.creation.cylinder.
"""

from __future__ import annotations

import trimesh

from keidesigner.analysis.pedestrian import pedestrian_zones
from keidesigner.design import with_value
from keidesigner.files import load_preset, preset_names
from keidesigner.geometry import build_scene
from keidesigner.rules import DEFAULT_SETTINGS

try:
    from .timing import measure, ms, row
except ImportError:  # run as a script
    from timing import measure, ms, row

RUNS = 200
WAD_RUNS = 40
BUDGET_MEDIAN_S, BUDGET_P95_S = 0.005, 0.010


def main() -> None:
    print("Geometry: build_scene (one core)")
    baseline = measure(
        lambda: (trimesh.creation.box((3400, 1480, 2000)), trimesh.creation.cylinder(270, 145, sections=32)),
        runs=RUNS,
    )
    print(row("baseline: box + cylinder", baseline, unit=ms))
    for name in preset_names():
        design = load_preset(name)
        length = design.dimensions.length_mm
        # lengths that keep the design valid and differ run to run
        designs = [with_value(design, "dimensions.length_mm", length - 50 + (i % 100)) for i in range(RUNS)]
        it = iter(designs * 2)
        stats = measure(lambda it=it: build_scene(next(it)), runs=RUNS, warmup=10)
        verdict = "ok" if stats.median_s <= BUDGET_MEDIAN_S and stats.p95_s <= BUDGET_P95_S else "OVER BUDGET"
        print(f" {name}")
        print(row("build_scene", stats, baseline, unit=ms) + f"   {verdict}")
        scene = build_scene(design)
        counts = "  ".join(f"{p.name} {len(p.faces):,}" for p in scene)
        total = sum(len(p.faces) for p in scene.vehicle_parts())
        print(f"  {'triangles':<34} {counts}  (vehicle {total:,})")
        scenes = [build_scene(d) for d in designs[:WAD_RUNS]]
        it = iter(list(zip(designs, scenes)) * 2)
        wad = measure(lambda it=it: pedestrian_zones(*next(it), DEFAULT_SETTINGS), runs=WAD_RUNS, warmup=5)
        print(row("pedestrian zones (11 WAD sections)", wad, unit=ms)
              + f"  {wad.median_s / stats.median_s:6.1f}× build_scene (run off the GUI thread)")


if __name__ == "__main__":
    main()
