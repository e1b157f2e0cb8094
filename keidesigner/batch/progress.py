"""The sweep's progress bar: on stderr while stderr is a terminal; when it is piped or a file, nothing but one line
for a sweep that will take long (`announce`)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
INTERVAL_S = 0.2  # redraw at most this often
RATE_AFTER_S = 1.0  # a rate and the time left are shown once measured over this long (the probe's first variant
# pays the imports: a rate from it alone reads "5/s, 50:40:48 left")
ANNOUNCE_OVER_S = 600.0  # without a bar, a sweep expected to take longer says so once


class Progress:
    """`update(done)` after each chunk; `close()` wipes the bar so the summary starts on a clean line."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.started = time.perf_counter()
        self._since = (self.started, 0)  # (time, done) the rate is measured from
        self._drawn = 0.0
        self._width = 0

    def settle(self, done: int) -> None:
        """The work so far was start-up (the probe): measure the rate from here."""
        self._since = (time.perf_counter(), done)

    def announce(self, seconds_left: float, rate: float) -> bool:
        """Without a bar, one line on the stream when the sweep is expected to take more than ANNOUNCE_OVER_S;
        whether it was written."""
        if self.enabled or seconds_left <= ANNOUNCE_OVER_S:
            return False
        self._write(f"sweep: about {duration(seconds_left)} for {self.total:,} variants at {rate:,.0f} variants/s "
                    "(run with a terminal for progress)\n")
        return True

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if done < self.total and now - self._drawn < INTERVAL_S:
            return
        self._drawn = now
        share = done / self.total if self.total else 1.0
        filled = int(round(share * WIDTH))
        since, done_then = self._since
        elapsed = now - since
        rate = (done - done_then) / elapsed if elapsed >= RATE_AFTER_S and done > done_then else 0.0
        speed = f"  {rate:,.0f}/s" if rate > 0 else ""
        left = f", {_clock((self.total - done) / rate)} left" if 0 < done < self.total and rate > 0 else ""
        line = (f"sweep [{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%}  {done:,}/{self.total:,} variants"
                f"{speed}{left}")
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


def duration(seconds: float) -> str:
    """'1 h 12 min', '25 min', '40 s': a time to wait, as people say it."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = int(round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours:,} h {minutes} min" if minutes else f"{hours:,} h"
    return f"{minutes} min"


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
