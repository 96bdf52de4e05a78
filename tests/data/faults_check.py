"""``decree-rules`` with test-only knobs, for ``tests/test_faults_process.py``.

    python tests/data/faults_check.py check --actors ... (the command line's arguments)

runs the command line's ``main`` in this process, as ``python -m decree_rules`` does,
after these changes, each made only when its environment variable is set:

``FAULTS_PARTS=N``
    cut any log into N partitions (the example is far below ``PARALLEL_FROM_BYTES``);
``FAULTS_CORES=N``
    pretend N cores are usable (so the pool is used on a one-core machine too);
``FAULTS_HANG_PARTITION=1``
    a worker evaluating a partition never finishes: it appends a byte to
    ``beat-<its pid>`` in the work folder every 20 ms, like a worker still writing its
    intermediate files;
``FAULTS_PAUSE_WRITE=N:SECONDS[:MARKER]``
    after N writes of the JSON report, create the file MARKER (if given) and sleep
    SECONDS, once: a window in the middle of writing the report.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from decree_rules.apps.cli import main
from decree_rules.pipeline import parallel
from decree_rules.report import json_report


def _hang(task: tuple[Any, ...]) -> Any:
    beat = Path(task[2]) / f"beat-{os.getpid()}"
    while True:
        with beat.open("ab") as handle:
            handle.write(b".")
        time.sleep(0.02)


class _Paused:
    def __init__(self, out: Any, after: int, seconds: float, marker: str | None) -> None:
        self._out, self._left, self._seconds, self._marker = out, after, seconds, marker

    def write(self, text: str) -> int:
        self._left -= 1
        if self._left == 0:
            self._out.flush()
            if self._marker:
                Path(self._marker).touch()
            time.sleep(self._seconds)
        return int(self._out.write(text))

    def flush(self) -> None:
        self._out.flush()


def _setup() -> None:
    if parts := os.environ.get("FAULTS_PARTS"):
        parallel._partitions_for = lambda path, workers: int(parts)
    if cores := os.environ.get("FAULTS_CORES"):
        parallel.usable_cores = lambda: int(cores)
    if os.environ.get("FAULTS_HANG_PARTITION"):
        parallel._run_partition = _hang  # forked workers inherit it
    if pause := os.environ.get("FAULTS_PAUSE_WRITE"):
        after, seconds, *marker = pause.split(":", 2)
        real = json_report.write_json

        def paused(report: Any, out: Any, **options: Any) -> None:
            slow = _Paused(out, int(after), float(seconds), marker[0] if marker else None)
            real(report, slow, **options)

        json_report.write_json = paused


if __name__ == "__main__":
    _setup()
    sys.exit(main(sys.argv[1:]))
