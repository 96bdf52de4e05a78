"""Reports on the shipped example: golden text and JSON, and the JSON contract's shape."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from decree_rules.engine.evaluate import Report, evaluate
from decree_rules.io.events import load_events
from decree_rules.io.registry import load_actors
from decree_rules.lang.validate import load_decree
from decree_rules.report.writers import report_to_dict, report_to_json, report_to_text

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def example_report() -> Report:
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    return evaluate(load_decree(), actors, events, AS_OF)


def _mask_versions(text: str) -> str:
    # The zone and holiday data versions change with upgrades; the findings must not.
    text = re.sub(r"tzdata \d{4}[a-z]", "tzdata <version>", text)
    return re.sub(r"holidays \d+\.\d+", "holidays <version>", text)


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    actual = _mask_versions(actual)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_text_report_of_the_example(example_report: Report) -> None:
    _golden("example-report.txt", report_to_text(example_report, rules_source="decree.rules"))


def test_json_report_of_the_example(example_report: Report) -> None:
    _golden("example-report.json", report_to_json(example_report, rules_source="decree.rules"))


def test_the_example_exercises_every_status_and_every_dated_clause(example_report: Report) -> None:
    summary = example_report.summary()
    assert all(summary[status] > 0 for status in summary), summary
    rules = {finding.rule for finding in example_report.findings}
    assert rules == {
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
        "12.1", "12.2", "12.3", "12.4", "12.5", "12.6", "13",
    }  # fmt: skip
    assert not example_report.satisfied


def test_every_example_event_is_evidence_trigger_or_unmatched(example_report: Report) -> None:
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    accounted = {e for f in example_report.findings for e in f.evidence}
    accounted |= {f.trigger for f in example_report.findings if f.trigger}
    unmatched = {u.id for u in example_report.unmatched_events}
    assert accounted | unmatched == {e.id for e in events}
    assert not accounted & unmatched


def test_the_csv_registry_gives_the_same_report(example_report: Report) -> None:
    actors = load_actors(EXAMPLES / "actors.csv")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    assert evaluate(load_decree(), actors, events, AS_OF) == example_report


# ---- the JSON contract ----------------------------------------------------------------

FINDING_KEYS = {"rule", "actor", "period", "trigger", "due", "status", "evidence", "explanation"}


def test_json_has_the_contract_fields_with_the_contract_types(example_report: Report) -> None:
    data: dict[str, Any] = json.loads(report_to_json(example_report))
    assert data["as_of"] == "2025-12-31"
    assert data["satisfied"] is False
    assert set(data["summary"]) == {"fulfilled", "late", "violated", "pending", "exempt"}
    assert sum(data["summary"].values()) == len(data["findings"])
    for finding in data["findings"]:
        assert set(finding) >= FINDING_KEYS
        assert isinstance(finding["rule"], str)
        assert finding["status"] in data["summary"]
        assert finding["period"] is None or re.fullmatch(r"\d{4}(-Q[1-4])?", finding["period"])
        assert finding["due"] is None or date.fromisoformat(finding["due"])
        assert all(isinstance(e, str) for e in finding["evidence"])
        assert finding["explanation"] and all(isinstance(s, str) for s in finding["explanation"])
    for unmatched in data["unmatched_events"]:
        assert set(unmatched) == {"id", "reason"} and unmatched["reason"]


def test_one_finding_per_duty(example_report: Report) -> None:
    keys = [(f.rule, f.actor, f.period, f.trigger) for f in example_report.findings]
    assert len(keys) == len(set(keys))


def test_satisfied_matches_the_absence_of_late_and_violated(example_report: Report) -> None:
    data = report_to_dict(example_report)
    assert data["satisfied"] == (data["summary"]["late"] + data["summary"]["violated"] == 0)
    assert data["events"]["read"] == data["events"]["used"] + data["events"]["unmatched"]


def test_an_empty_report_is_valid_json() -> None:
    empty = evaluate(load_decree(), [], [], date(2015, 1, 1))
    data = json.loads(report_to_json(empty))
    assert data["findings"] == [] and data["unmatched_events"] == [] and data["satisfied"]


def test_json_has_one_finding_a_line(example_report: Report) -> None:
    lines = report_to_json(example_report).splitlines()
    finding_lines = [line for line in lines if line.startswith('    {"rule": ')]
    assert len(finding_lines) == len(example_report.findings)
