"""How the program's process is set up before the heavy libraries load."""

from __future__ import annotations

import os


def quiet_blas() -> None:
    """One OpenBLAS (and OpenMP) thread unless the user says otherwise. The geometry's matrices are tiny, and
    starting a thread per core costs about 50 ms of every start that imports numpy (measured here: 140 ms against
    90 ms). Must run before numpy is imported; a value the user set is kept."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(name, "1")
