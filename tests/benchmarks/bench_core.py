"""Core speed: designs validated and checked per second on one core, and load + check of a design file.

The baseline, measured in the same run, is `json.loads` of the same design file's text: the least any loader does.
Target: at least 10,000 full checks (validate + evaluate every rule) per second on one core, for every preset.
"""

from __future__ import annotations

import json

from keidesigner.design import Design
from keidesigner.files import load_design, preset_names
from keidesigner.files.presets import _folder
from keidesigner.rules import evaluate

try:
    from .timing import measure, row
except ImportError:  # run as a script
    from timing import measure, row


def main() -> None:
    print("Core: validate + check (one core; target ≥ 10,000 full checks/s for every preset)")
    names = preset_names()
    paths = {n: _folder() / f"{n}.kei" for n in names}
    texts = {n: paths[n].read_text(encoding="utf-8") for n in names}
    dicts = {n: {k: v for k, v in json.loads(t).items() if k not in ("format", "version")} for n, t in texts.items()}
    baseline = measure(lambda: json.loads(texts["kei-truck"]), runs=800, batch=10)
    print(row("baseline: json.loads of a .kei", baseline))
    slowest = float("inf")
    for name in names:
        data = dicts[name]
        measure(lambda data=data: evaluate(Design.model_validate(data)), runs=200)  # warm: first-call caches
        design = Design.model_validate(data)
        validate = measure(lambda data=data: Design.model_validate(data), runs=800, batch=10)
        check = measure(lambda design=design: evaluate(design), runs=800, batch=10)
        full = measure(lambda data=data: evaluate(Design.model_validate(data)), runs=800, batch=10)
        path = str(paths[name])
        load_check = measure(lambda path=path: evaluate(load_design(path)), runs=300, batch=4)
        print(f" {name}")
        print(row("validate", validate, baseline))
        print(row("evaluate (all rules)", check, baseline))
        print(row("validate + evaluate", full, baseline) + f"   = {full.per_second:,.0f} full checks/s")
        print(row("load file + evaluate", load_check, baseline))
        slowest = min(slowest, full.per_second)
    print(f"  slowest preset: {slowest:,.0f} full checks/s — {'OK' if slowest >= 10_000 else 'UNDER 10,000'}")


if __name__ == "__main__":
    main()
