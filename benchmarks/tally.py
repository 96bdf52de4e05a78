#!/usr/bin/env python3
"""Count a ``decree-rules check --format json`` report by clause and status.

    python benchmarks/tally.py REPORT.json [--expected DIR/expected.json] [--json]

Prints the counts, and with ``--expected`` the differences from what the generator meant
(``benchmarks/generate.py`` writes ``expected.json`` beside the log). ``--json`` prints
one JSON object instead (used by ``run.py``). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict

STATUSES = ("fulfilled", "late", "violated", "pending", "exempt")


def clause_key(clause: str) -> list[int]:
    return [int(part) for part in clause.split(".")]


def tally(report: dict) -> dict:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for finding in report["findings"]:
        counts[finding["rule"]][finding["status"]] += 1
    reasons: Counter[str] = Counter()
    for item in report["unmatched_events"]:
        reason = item["reason"]
        # group by the shape of the reason, not its ids and dates
        head = reason.split(":", 1)[0] if reason.startswith("clause") else reason[:40]
        if "already discharged" in reason:
            head = "already discharged"
        elif "needs an event" in reason:
            head = "fails a condition"
        reasons[head] += 1
    return {
        "clauses": {c: dict(counts[c]) for c in sorted(counts, key=clause_key)},
        "unmatched_events": len(report["unmatched_events"]),
        "unmatched_reasons": dict(reasons.most_common(12)),
        "summary": report.get("summary", {}),
    }


def differences(got: dict, expected: dict) -> list[str]:
    out = []
    clauses = set(got["clauses"]) | set(expected["clauses"])
    for clause in sorted(clauses, key=clause_key):
        have = got["clauses"].get(clause, {})
        want = expected["clauses"].get(clause, {})
        for status in STATUSES:
            if have.get(status, 0) != want.get(status, 0):
                out.append(
                    f"clause {clause} {status}: check {have.get(status, 0)}, "
                    f"generator meant {want.get(status, 0)}"
                )
    if got["unmatched_events"] != expected["unmatched_events"]:
        out.append(
            f"unmatched events: check {got['unmatched_events']}, generator meant "
            f"{expected['unmatched_events']} {expected.get('unmatched_detail', '')}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report")
    parser.add_argument("--expected")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with open(args.report, encoding="utf-8") as handle:
        got = tally(json.load(handle))
    diffs: list[str] = []
    if args.expected:
        with open(args.expected, encoding="utf-8") as handle:
            diffs = differences(got, json.load(handle))
    if args.json:
        print(json.dumps({**got, "differences": diffs}))
        return 0
    print("clause  " + "  ".join(f"{s:>9}" for s in STATUSES))
    for clause, counts in got["clauses"].items():
        print(f"{clause:<7} " + "  ".join(f"{counts.get(s, 0):>9}" for s in STATUSES))
    print(f"unmatched events: {got['unmatched_events']}")
    for reason, n in got["unmatched_reasons"].items():
        print(f"  {n:>8}  {reason}")
    if args.expected:
        print("differences from the generator's intent:" if diffs else "matches the intent")
        for line in diffs:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
