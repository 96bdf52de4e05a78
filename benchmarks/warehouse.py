#!/usr/bin/env python3
"""The rules run where the data is: ``decree-rules compile``'s script in DuckDB.

    python benchmarks/warehouse.py --actors A --events E --as-of 2025-12-31

What a warehouse does with the printed script (docs/engines.rst): the registry goes into
``office``, ``tenure`` and ``parent`` (read here by decree_rules: a registry is small), the
log into ``raw_events`` with DuckDB's own ``read_json``, then the script runs as printed,
on every core, with DuckDB's memory limited as ``check`` limits it. Prints the counts by
clause and status of its ``findings``, its unmatched events and rejected rows, and the
seconds of each step, as JSON on one line.

Needs the library's ``[duckdb]`` extra.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import date

READ_JSON = (
    'CREATE TEMP TABLE raw_events AS SELECT id, actor, action, time, "end" AS end_time,'
    ' period, ref, refs, channels, "to" AS recipients, videoconference, participants'
    " FROM read_json({path}, format = 'newline_delimited', columns = {{id: 'VARCHAR',"
    " actor: 'VARCHAR', action: 'VARCHAR', time: 'VARCHAR', \"end\": 'VARCHAR',"
    " period: 'VARCHAR', ref: 'VARCHAR', refs: 'VARCHAR[]', channels: 'VARCHAR[]',"
    " \"to\": 'VARCHAR[]', videoconference: 'BOOLEAN', participants: 'VARCHAR[]'}})"
)
"""The statement docs/engines.rst gives, with the path as an SQL literal."""

INPUTS = ("raw_events", "tenure", "office", "parent")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--threads", type=int, default=None, help="default: every core")
    parser.add_argument(
        "--memory-limit", default="1GB", help="DuckDB's memory_limit (default 1GB, as check's)"
    )
    args = parser.parse_args(argv)
    try:
        import duckdb
    except ImportError:
        print("duckdb is not installed: pip install 'decree_rules[duckdb]'", file=sys.stderr)
        return 3
    from decree_rules.engine.compiled import DuckDBExecutor, warehouse_rows
    from decree_rules.engine.script import compile_script
    from decree_rules.engine.sql import Dialect, quote
    from decree_rules.io.registry import read_actors
    from decree_rules.lang.load import load_decree

    started = time.perf_counter()
    decree = load_decree()
    as_of = date.fromisoformat(args.as_of)
    registry = read_actors(args.actors, lenient=False)
    zones = sorted({actor.tz for actor in registry.records if actor.tz})
    script = compile_script(decree, as_of=as_of, dialect=Dialect.DUCKDB, zones=zones)
    run = DuckDBExecutor(threads=args.threads, memory_limit=args.memory_limit)
    for name, rows in warehouse_rows(registry.records, []).items():
        if name != "raw_events":
            run.insert(name, name, rows)
    prepared = time.perf_counter()
    run.execute(READ_JSON.format(path=quote(args.events)))
    loaded = time.perf_counter()
    creates = tuple(f"CREATE TEMP TABLE {name} (" for name in INPUTS)
    for statement in script.split(";\n"):
        body = "\n".join(line for line in statement.splitlines() if not line.startswith("--"))
        if body.strip() and not body.startswith(creates):
            run.execute(body)
    decided = time.perf_counter()
    clauses: dict[str, dict[str, int]] = {}
    for clause, status, count in run.fetch(
        "SELECT clause, coalesce(status, 'unknown'), count(*) FROM findings"
        " GROUP BY ALL ORDER BY ALL"
    ):
        clauses.setdefault(clause, {})[status] = count
    unmatched = dict(run.fetch("SELECT code, count(*) FROM unmatched GROUP BY ALL ORDER BY ALL"))
    rejected = dict(run.fetch("SELECT code, count(*) FROM rejected GROUP BY ALL ORDER BY ALL"))
    events = run.fetch("SELECT count(*) FROM raw_events")[0][0]
    run.close()
    print(
        json.dumps(
            {
                "clauses": clauses,
                "unmatched": unmatched,
                "rejected": rejected,
                "events": events,
                "statements": len(re.findall(r";\n", script)),
                "seconds": {
                    "registry_and_script": round(prepared - started, 3),
                    "read_json": round(loaded - prepared, 3),
                    "script": round(decided - loaded, 3),
                },
                "duckdb": duckdb.__version__,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
