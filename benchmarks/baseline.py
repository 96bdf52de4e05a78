#!/usr/bin/env python3
"""The baseline: clauses 2, 6 and 9 checked the straightforward way a user might write.

    python benchmarks/baseline.py --actors A --events E --as-of 2025-12-31

For every duty (actor x year) it scans the whole event list for matching events: a
per-duty linear scan in plain Python, no indexes. No holidays (no shift to a working day),
no time zones (the day is the first 10 characters of ``time``), no explanations. Prints the
counts by clause and status as JSON. It exists to show what the evaluator's design buys:
``run.py`` compares its time with ``decree-rules check`` (target: check at least 10x faster
at 100k events).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date, timedelta

HEADS = ("central_body_head", "anticorruption_head", "education_head")
EXECUTIVE = ("region", "republican_city", "capital", "district", "regional_city")
TOP = ("region", "republican_city", "capital")


def day_of(text: str) -> date:
    return date.fromisoformat(text[:10])


def plus_one_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


def exists(actor: dict, day: date) -> bool:
    if actor.get("from") and day < date.fromisoformat(actor["from"]):
        return False
    return not (actor.get("until") and day > date.fromisoformat(actor["until"]))


def status(done: date | None, due: date, as_of: date) -> str:
    if done is not None:
        return "fulfilled" if done <= due else "late"
    return "violated" if as_of > due else "pending"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actors", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--as-of", required=True, type=date.fromisoformat)
    args = parser.parse_args(argv)
    as_of = args.as_of
    with open(args.actors, encoding="utf-8") as f:
        actors = [json.loads(line) for line in f if line.strip()]
    with open(args.events, encoding="utf-8") as f:
        events = [json.loads(line) for line in f if line.strip()]
    years = range(2016, as_of.year + 1)
    counts = {"2": Counter(), "6": Counter(), "9": Counter()}
    used: set[str] = set()

    # clause 2: every akim, a reporting meeting in the first quarter of each year
    for actor in actors:
        if actor["role"] != "akim":
            continue
        for year in years:
            start, due = date(year, 1, 1), date(year, 3, 31)
            if start > as_of or not (exists(actor, start) and exists(actor, due)):
                continue
            first = None
            for event in events:
                if (
                    event["actor"] == actor["id"]
                    and event["action"] == "reporting_meeting"
                    and event["time"][:4] == str(year)
                ):
                    day = day_of(event["time"])
                    if first is None or day < first:
                        first = day
            counts["2"][status(first, due, as_of)] += 1

    # clauses 6 and 9: counted from the end of the last meeting of the year
    def follow_up(clause: str, action: str, ok, add_term) -> None:
        for actor in actors:
            role, level = actor["role"], actor.get("level")
            if clause == "6" and not (role in HEADS or (role == "akim" and level in EXECUTIVE)):
                continue
            if clause == "9" and not (role in HEADS or (role == "akim" and level in TOP)):
                continue
            for year in years:
                last_end = last_start = None
                meetings = set()
                for event in events:
                    if (
                        event["actor"] == actor["id"]
                        and event["action"] == "reporting_meeting"
                        and event["time"][:4] == str(year)
                    ):
                        meetings.add(event["id"])
                        end = day_of(event.get("end") or event["time"])
                        if last_end is None or end > last_end:
                            last_end, last_start = end, day_of(event["time"])
                if last_end is None or last_start > as_of:
                    continue
                due = add_term(last_end)
                best = None
                for event in events:
                    if (
                        event["actor"] == actor["id"]
                        and event["action"] == action
                        and event["id"] not in used
                        and ok(event)
                        and (event.get("ref") is None or event["ref"] in meetings)
                        and last_start <= day_of(event["time"]) <= as_of
                        and (best is None or day_of(event["time"]) < day_of(best["time"]))
                    ):
                        best = event
                if best is not None:
                    used.add(best["id"])
                done = day_of(best["time"]) if best is not None else None
                counts[clause][status(done, due, as_of)] += 1

    follow_up(
        "6",
        "report_posted",
        lambda e: "website" in e.get("channels", []),
        lambda end: end + timedelta(days=10),
    )
    follow_up(
        "9",
        "results_reported",
        lambda e: {"presidential_administration", "government"} <= set(e.get("to", [])),
        plus_one_month,
    )
    print(json.dumps({"clauses": {c: dict(v) for c, v in counts.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
