"""The SHA-256 that names the design a result was made from: of the file's bytes when the design is the file as
saved, else of the design's canonical serialisation (`dumps_design`). The report prints it; a sweep's table and
summary record it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..design import Design
from .format import DesignFileError, dumps_design, loads_design


@dataclass(frozen=True, slots=True)
class Digest:
    label: str  # the file's name, "NAME (with unsaved changes)" or "unsaved design"
    sha256: str
    note: str  # what was hashed, in a sentence
    of: str  # "file" (its bytes) or "design" (the canonical serialisation)


def design_digest(design: Design, source: Path | None, *, when: str = "read") -> Digest:
    """The digest of `design`, loaded from `source` (None: a preset or a design never saved). Raises OSError when
    `source` cannot be read."""
    canonical = dumps_design(design).encode("utf-8")
    if source is not None:
        source = Path(source)
        raw = source.read_bytes()
        try:
            same = loads_design(raw.decode("utf-8"), str(source)) == design
        except (DesignFileError, UnicodeDecodeError):
            same = False
        if same:
            return Digest(source.name, hashlib.sha256(raw).hexdigest(),
                          f"SHA-256 of the bytes of {source.name} as {when}.", "file")
        return Digest(f"{source.name} (with unsaved changes)", hashlib.sha256(canonical).hexdigest(),
                      "The design differs from the file on disk: SHA-256 of the design's canonical "
                      "serialisation (keidesigner.files.dumps_design), not of the file.", "design")
    return Digest("unsaved design", hashlib.sha256(canonical).hexdigest(),
                  "Not saved to a file: SHA-256 of the design's canonical serialisation "
                  "(keidesigner.files.dumps_design).", "design")
