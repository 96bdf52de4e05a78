"""The progress line of a long check: on a terminal's stderr only, never with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from decree_rules.io import stream as io_stream
from decree_rules.io.registry import read_actors
from decree_rules.lang.load import load_decree
from decree_rules.pipeline.parallel import check_partitioned
from decree_rules.pipeline.progress import Progress
from decree_rules.time.calendars import KazakhCalendar

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
CHECK = [
    sys.executable, "-m", "decree_rules", "check",
    "--actors", str(EXAMPLES / "actors.jsonl"), "--events", str(EXAMPLES / "events.jsonl"),
    "--as-of", "2025-12-31",
]  # fmt: skip


def _on_a_terminal(extra: list[str], out: Path) -> tuple[int, str]:
    """Run the check with standard error on a pseudo-terminal; what it wrote there."""
    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [*CHECK, *extra, "--output", str(out)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=slave,
            timeout=120,
            check=False,
        )
    finally:
        os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end is closed: all was read
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    return done.returncode, data.decode("utf-8", "replace")


def test_a_terminal_sees_the_rows_the_partitions_and_the_findings(tmp_path: Path) -> None:
    code, shown = _on_a_terminal([], tmp_path / "r.txt")
    assert code == 1
    assert "decree-rules: read 823 rows (100% of 0.1 MB, " in shown and "rows/s)" in shown
    assert "evaluated 1 of 1 partitions, 1,022 findings so far" in shown
    assert shown.endswith("\r\x1b[K")  # cleared before the report
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("Decree check as of")


def test_quiet_on_a_terminal_and_a_pipe_show_nothing(tmp_path: Path) -> None:
    code, shown = _on_a_terminal(["--quiet"], tmp_path / "q.txt")
    assert (code, shown) == (1, "")
    piped = subprocess.run(
        [*CHECK, "--output", str(tmp_path / "p.txt")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (piped.returncode, piped.stderr) == (1, "")


def test_the_pipeline_reports_each_partition(monkeypatch: pytest.MonkeyPatch) -> None:
    events = EXAMPLES / "events.jsonl"
    # Pieces of 16 KB: the workers check the example's pieces, each one reported.
    monkeypatch.setattr(io_stream, "STREAM_CHUNK_BYTES", 16384)
    monkeypatch.setattr(io_stream, "_FIRST_PIECE_BYTES", 16384)
    seen: list[Progress] = []
    actors = read_actors(EXAMPLES / "actors.jsonl", lenient=False)
    with check_partitioned(
        load_decree(),
        actors,
        events,
        date(2025, 12, 31),
        calendar=KazakhCalendar(),
        lenient=False,
        jobs=2,
        partitions=4,
        progress=seen.append,
    ) as report:
        total = sum(report.summary().values())
    reading = [p for p in seen if p.reading]
    assert len(reading) > 2 and [p.rows for p in reading] == sorted(p.rows for p in reading)
    assert reading[-1].read_bytes == reading[-1].total_bytes == events.stat().st_size
    evaluating = [p for p in seen if not p.reading]
    assert [p.done for p in evaluating] == list(range(evaluating[-1].partitions + 1))
    assert evaluating[-1].partitions == 4 and evaluating[-1].findings == total == 1022
    assert evaluating[-1].rows == 823
