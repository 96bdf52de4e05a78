#!/usr/bin/env python3
"""Where the time and the memory of one check go, stage by stage, in one process.

    python benchmarks/stages.py --actors A --events E [--as-of 2025-12-31]

Runs what ``decree-rules check --format json`` runs, through the public API
(``load_decree``, ``load_actors``, ``load_events``, ``evaluate``, ``report_to_json``), and
prints after each stage its wall time, the resident memory then, and the peak so far
(``VmRSS`` and ``VmHWM`` from ``/proc/self/status``; Linux only). Run by hand when
``run.py`` says the check is slow or large.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import date
from pathlib import Path


def memory() -> tuple[float, float]:
    """(current, peak) resident MiB of this process."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return float("nan"), float("nan")
    rss = re.search(r"^VmRSS:\s*(\d+) kB", status, re.M)
    hwm = re.search(r"^VmHWM:\s*(\d+) kB", status, re.M)
    return (
        int(rss.group(1)) / 1024 if rss else float("nan"),
        int(hwm.group(1)) / 1024 if hwm else float("nan"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--as-of", default="2025-12-31", type=date.fromisoformat)
    args = parser.parse_args(argv)
    rows: list[tuple[str, float, float, float, str]] = []
    clock = time.perf_counter()

    def stage(name: str, note: str = "") -> None:
        nonlocal clock
        now = time.perf_counter()
        rss, peak = memory()
        rows.append((name, now - clock, rss, peak, note))
        print(
            f"{name:<28} {now - clock:8.2f} s  {rss:9,.0f} MiB now  {peak:9,.0f} MiB peak  {note}",
            file=sys.stderr,
            flush=True,
        )
        clock = time.perf_counter()

    stage("start")
    from decree_rules.engine.evaluate import evaluate
    from decree_rules.io.events import load_events
    from decree_rules.io.registry import load_actors
    from decree_rules.lang.load import load_decree
    from decree_rules.report.json_report import report_to_json

    stage("import")
    decree = load_decree()
    stage("load_decree")
    actors = load_actors(args.actors)
    stage("load_actors", f"{len(actors):,} actors")
    events = load_events(args.events, {actor.id: actor for actor in actors})
    stage("load_events", f"{len(events):,} events")
    report = evaluate(decree, actors, events, args.as_of)
    stage(
        "evaluate", f"{len(report.findings):,} findings, {len(report.unmatched_events):,} unmatched"
    )
    text = report_to_json(report, rules_source="the decree's shipped rules")
    stage("report_to_json", f"{len(text.encode('utf-8')) / 2**20:,.0f} MiB of JSON")
    print("| stage | seconds | RSS after, MiB | peak so far, MiB | note |")
    print("|---|---:|---:|---:|---|")
    for name, seconds, rss, peak, note in rows[1:]:
        print(f"| {name} | {seconds:.2f} | {rss:,.0f} | {peak:,.0f} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
