"""Report tests render real PDFs; Qt needs a platform, so default to offscreen unless one is chosen (Xvfb/xcb)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
