"""The progress line of a long check, on a terminal's standard error.

``decree-rules check`` shows one line, rewritten in place, while a large log is read and
its partitions are evaluated: rows read and how much of the file, the rate, then the
partitions done and the findings so far. Only when standard error is a terminal, and not
with ``--quiet``; the line is cleared before the report is written.
"""

from __future__ import annotations

import time
from typing import TextIO

from decree_rules.pipeline.progress import Progress

__all__ = ["ProgressLine"]

_CLEAR = "\r\x1b[K"


class ProgressLine:
    """Call it with each :class:`~decree_rules.pipeline.progress.Progress`; ``close`` it."""

    def __init__(self, out: TextIO, *, every: float = 0.2) -> None:
        self._out = out
        self._every = every
        self._started = time.monotonic()
        self._last = 0.0
        self._reading = True
        self._shown = False

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        changed = progress.reading != self._reading
        last_partition = not progress.reading and progress.done == progress.partitions
        if not (changed or last_partition) and now - self._last < self._every:
            return
        self._reading, self._last = progress.reading, now
        self._out.write(_CLEAR + self.text(progress, now - self._started))
        self._out.flush()
        self._shown = True

    @staticmethod
    def text(progress: Progress, elapsed: float) -> str:
        """The line for ``progress`` after ``elapsed`` seconds."""
        rate = f"{progress.rows / elapsed:,.0f} rows/s" if elapsed > 0 else ""
        if progress.reading:
            share = ""
            if progress.total_bytes:
                percent = 100 * progress.read_bytes / progress.total_bytes
                share = f"{percent:.0f}% of {progress.total_bytes / 1e6:.1f} MB, "
            return f"decree-rules: read {progress.rows:,} rows ({share}{rate})"
        return (
            f"decree-rules: {progress.rows:,} rows read; evaluated {progress.done} of "
            f"{progress.partitions} partitions, {progress.findings:,} findings so far"
        )

    def close(self) -> None:
        """Clear the line (the report comes next)."""
        if self._shown:
            self._out.write(_CLEAR)
            self._out.flush()
            self._shown = False
