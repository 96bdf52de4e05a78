#!/usr/bin/env python3
"""The floor: read an event log with the standard library and nothing else.

    python benchmarks/floor.py EVENTS.jsonl

``json.loads`` per line and ``datetime.fromisoformat`` (``date.fromisoformat`` for a
date-only value) on ``time`` and ``end``: the least any JSON Lines checker in Python has to
do. ``decree-rules check`` is compared with this (target: at most 2x at 1M events).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime


def main(path: str) -> int:
    loads = json.loads
    parse_dt = datetime.fromisoformat
    parse_d = date.fromisoformat
    n = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = loads(line)
            value = record["time"]
            parse_dt(value) if "T" in value else parse_d(value)
            end = record.get("end")
            if end is not None:
                parse_dt(end) if "T" in end else parse_d(end)
            n += 1
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
