"""Energy model speed: one design through UDDS and HWFET, against the unmodified FASTSim template in the same run.

Targets (issue 14): median ≤ 100 ms for gas and electric designs, ≤ 300 ms for hybrids, on this machine. The baseline
is `bare_template_run`: FASTSim's own vehicle file of the powertrain through both cycles, with nothing of ours
around it; the ratio is what building the vehicle from the design, calibrating and labelling costs on top.
Also measured: FASTSim's first import in a fresh process (what the first estimate waits for) and the frontal area.
"""

from __future__ import annotations

import subprocess
import sys

from keidesigner.analysis import analyse
from keidesigner.energy import estimate, inputs_for
from keidesigner.energy.vehicle import bare_template_run
from keidesigner.files import load_preset
from keidesigner.geometry.frontal_area import frontal_area_m2

try:
    from .timing import measure, ms, row
except ImportError:  # run as a script
    from timing import measure, ms, row

PRESETS = {"gas": "kei-truck", "electric": "kei-ev-hatch", "hybrid": "kei-hybrid-wagon"}
TARGET_S = {"gas": 0.100, "electric": 0.100, "hybrid": 0.300}


def _import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import fastsim; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout.strip().splitlines()[-1]) for _ in range(3)]
    return sorted(runs)[1]


def main() -> None:
    print("Energy: one design through UDDS + HWFET (targets: median ≤ 100 ms gas and electric, ≤ 300 ms hybrid)")
    print(f"  FASTSim first import (fresh process, median of 3): {ms(_import_seconds()).strip()}")
    verdicts = []
    for kind, name in PRESETS.items():
        analysis = analyse(load_preset(name))
        inputs = inputs_for(analysis.design, analysis.frontal_area_m2)
        bare = measure(lambda kind=kind: bare_template_run(kind), runs=30, warmup=3)
        ours = measure(lambda inputs=inputs: estimate(inputs), runs=30, warmup=3)
        ok = ours.median_s <= TARGET_S[kind]
        verdicts.append(ok)
        print(f" {name} ({kind})")
        print(row("bare FASTSim template, both cycles", bare, unit=ms))
        print(row("design → estimate, both cycles", ours, bare, unit=ms)
              + f"   {'OK' if ok else 'OVER'} (≤ {TARGET_S[kind] * 1000:.0f} ms)")
    scene = analyse(load_preset("kei-van")).scene
    print(row("frontal area of the van's scene", measure(lambda: frontal_area_m2(scene), runs=50, warmup=3), unit=ms))
    print(f"  all within target: {'yes' if all(verdicts) else 'NO'}")


if __name__ == "__main__":
    main()
