"""`python -m keidesigner.energy.recalibrate`: recompute the calibration from data/calibration_set.csv, write
data/calibration.json and print the leave-one-out table (the README's accuracy table is this output)."""

from __future__ import annotations

import sys
from pathlib import Path

from .calibration import DATA, RESULT_FILE, calibrate


def main() -> int:
    out = Path(__file__).with_name(DATA) / RESULT_FILE
    result = calibrate()
    out.write_text(result.to_json(), encoding="utf-8")
    for h in result.held_out:
        print(f"{h.powertrain:8s} {h.name:40s} EPA {h.epa_combined:7.1f} predicted {h.predicted_combined:7.1f} "
              f"{100 * h.error:+6.1f} %")
    print(f"within ±15 %: {100 * result.share_within(0.15):.0f} % of {len(result.held_out)} cars; wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
