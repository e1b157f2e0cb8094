"""How hard the reliability tests push: a short run in `make test`, a long one in `make soak` (KEIDESIGNER_SOAK=1)."""

from __future__ import annotations

import os

SOAK = os.environ.get("KEIDESIGNER_SOAK") == "1"


def scale(short: int, soak: int) -> int:
    """A case count: `short` in `make test`, `soak` in `make soak`; KEIDESIGNER_SOAK_SCALE multiplies the soak one."""
    if not SOAK:
        return short
    return int(soak * float(os.environ.get("KEIDESIGNER_SOAK_SCALE", "1")))
