"""The sweep's progress bar: on stderr while stderr is a terminal, nothing at all when it is piped or a file."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
INTERVAL_S = 0.2  # redraw at most this often


class Progress:
    """`update(done)` after each chunk; `close()` wipes the bar so the summary starts on a clean line."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.started = time.perf_counter()
        self._drawn = 0.0
        self._width = 0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if done < self.total and now - self._drawn < INTERVAL_S:
            return
        self._drawn = now
        share = done / self.total if self.total else 1.0
        filled = int(round(share * WIDTH))
        elapsed = now - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        left = f", {_clock((self.total - done) / rate)} left" if 0 < done < self.total and rate > 0 else ""
        line = (f"sweep [{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%}  {done:,}/{self.total:,} variants  "
                f"{rate:,.0f}/s{left}")
        self._write("\r" + line.ljust(self._width))
        self._width = len(line)

    def close(self) -> None:
        if self.enabled and self._width:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
