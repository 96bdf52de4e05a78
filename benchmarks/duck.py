#!/usr/bin/env python3
"""Clauses 5, 6 and 9 in hand-written DuckDB SQL over the same JSON Lines files.

    python benchmarks/duck.py --actors A --events E --as-of 2025-12-31

A yardstick for ``decree-rules check``: what a columnar SQL engine does with the same
files when holidays, time zones and explanations are left out (the day is the first 10
characters of ``time``; no shift to a working day; one schedule serves every meeting of
its year; a report or a result goes to the first duty of its office it fits). Prints the
counts by clause and status as JSON.

DuckDB is a benchmark-only dependency, not one of the library's:

    pip install duckdb
"""

from __future__ import annotations

import argparse
import json
import sys

EVENT_COLUMNS = {
    "id": "VARCHAR",
    "actor": "VARCHAR",
    "action": "VARCHAR",
    "time": "VARCHAR",
    "end": "VARCHAR",
    "ref": "VARCHAR",
    "period": "VARCHAR",
    "channels": "VARCHAR[]",
    "to": "VARCHAR[]",
    "participants": "VARCHAR[]",
    "videoconference": "BOOLEAN",
}
ACTOR_COLUMNS = {
    "id": "VARCHAR",
    "role": "VARCHAR",
    "level": "VARCHAR",
    "body": "VARCHAR",
    "parent": "VARCHAR",
    "tz": "VARCHAR",
    "from": "DATE",
    "until": "DATE",
    "name": "VARCHAR",
}

SQL = """
CREATE TEMP TABLE ev AS
  SELECT *, CAST(left("time", 10) AS DATE) AS day,
         CAST(left(coalesce("end", "time"), 10) AS DATE) AS end_day
  FROM read_ndjson($events, columns = $event_columns);
CREATE TEMP TABLE act AS SELECT * FROM read_ndjson($actors, columns = $actor_columns);

-- meetings of heads and executive akims (clauses 5 and 6), with who owes clause 9
CREATE TEMP TABLE meet AS
  SELECT ev.id, ev.actor, ev.day, ev.end_day, year(ev.day) AS yr,
         (act.role <> 'akim' OR act.level IN ('region', 'republican_city', 'capital')) AS c9
  FROM ev JOIN act ON act.id = ev.actor
  WHERE ev.action = 'reporting_meeting' AND ev.day >= DATE '2016-01-01' AND ev.day <= $as_of
    AND (act.role IN ('central_body_head', 'anticorruption_head', 'education_head')
         OR (act.role = 'akim'
             AND act.level IN ('region', 'republican_city', 'capital', 'district',
                               'regional_city')));

-- clause 5: a schedule on the website and in the press, at least 10 days before
CREATE TEMP TABLE c5 AS
  WITH s AS (
    SELECT actor, day, ref, coalesce(period, CAST(year(day) AS VARCHAR)) AS yr
    FROM ev
    WHERE action = 'schedule_published' AND day <= $as_of
      AND list_contains(channels, 'website')
      AND (list_contains(channels, 'central_press') OR list_contains(channels, 'regional_press'))
  )
  SELECT CASE
           WHEN bool_or(s.day <= meet.day - 10) THEN 'fulfilled'
           WHEN count(s.day) > 0 THEN 'late'
           WHEN $as_of > meet.day - 10 THEN 'violated'
           ELSE 'pending'
         END AS status
  FROM meet
  LEFT JOIN s ON s.actor = meet.actor AND s.day <= meet.day
             AND (s.ref = meet.id OR (s.ref IS NULL AND s.yr = CAST(meet.yr AS VARCHAR)))
  GROUP BY meet.id, meet.day;

-- clauses 6 and 9: one duty per office and year, from the end of its last meeting
CREATE TEMP TABLE duty AS
  SELECT actor, yr, bool_or(c9) AS c9, list(id) AS ids,
         max(end_day) AS last_end, arg_max(day, end_day) AS last_start
  FROM meet GROUP BY actor, yr;
CREATE TEMP TABLE duty_span AS
  SELECT *, lead(last_start) OVER (PARTITION BY actor ORDER BY yr) AS next_start FROM duty;

CREATE TEMP TABLE c6 AS
  WITH r AS (
    SELECT actor, day, ref FROM ev
    WHERE action = 'report_posted' AND day <= $as_of AND list_contains(channels, 'website')
  ),
  firsts AS (
    SELECT d.actor, d.yr, d.last_end, min(r.day) AS done
    FROM duty_span d
    LEFT JOIN r ON r.actor = d.actor AND r.day >= d.last_start
               AND (d.next_start IS NULL OR r.day < d.next_start)
               AND (r.ref IS NULL OR list_contains(d.ids, r.ref))
    GROUP BY d.actor, d.yr, d.last_end
  )
  SELECT CASE
           WHEN done IS NOT NULL AND done <= last_end + 10 THEN 'fulfilled'
           WHEN done IS NOT NULL THEN 'late'
           WHEN $as_of > last_end + 10 THEN 'violated'
           ELSE 'pending'
         END AS status
  FROM firsts;

CREATE TEMP TABLE c9 AS
  WITH r AS (
    SELECT actor, day, ref FROM ev
    WHERE action = 'results_reported' AND day <= $as_of
      AND list_contains("to", 'presidential_administration')
      AND list_contains("to", 'government')
  ),
  firsts AS (
    SELECT d.actor, d.yr, CAST(d.last_end + INTERVAL 1 MONTH AS DATE) AS due, min(r.day) AS done
    FROM duty_span d
    LEFT JOIN r ON r.actor = d.actor AND r.day >= d.last_start
               AND (d.next_start IS NULL OR r.day < d.next_start)
               AND (r.ref IS NULL OR list_contains(d.ids, r.ref))
    WHERE d.c9
    GROUP BY d.actor, d.yr, d.last_end
  )
  SELECT CASE
           WHEN done IS NOT NULL AND done <= due THEN 'fulfilled'
           WHEN done IS NOT NULL THEN 'late'
           WHEN $as_of > due THEN 'violated'
           ELSE 'pending'
         END AS status
  FROM firsts;
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--as-of", required=True)
    args = parser.parse_args(argv)
    try:
        import duckdb
    except ImportError:
        print("duckdb is not installed: pip install duckdb", file=sys.stderr)
        return 3
    con = duckdb.connect()
    params = {
        "events": args.events,
        "actors": args.actors,
        "event_columns": EVENT_COLUMNS,
        "actor_columns": ACTOR_COLUMNS,
        "as_of": args.as_of,
    }
    for statement in SQL.split(";"):
        if not statement.strip():
            continue
        used = {k: v for k, v in params.items() if f"${k}" in statement}
        if "as_of" in used:
            used["as_of"] = __import__("datetime").date.fromisoformat(args.as_of)
        con.execute(statement, used)
    clauses = {}
    for clause in ("5", "6", "9"):
        rows = con.execute(f"SELECT status, count(*) FROM c{clause} GROUP BY status").fetchall()
        clauses[clause] = dict(sorted(rows))
    print(json.dumps({"clauses": clauses, "duckdb": duckdb.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
