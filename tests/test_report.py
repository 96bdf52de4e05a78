"""Reports on the shipped example: golden text and JSON, and the JSON contract's shape."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from decree_rules.core.facts import step_classes, step_from_json
from decree_rules.engine.evaluate import Report, evaluate
from decree_rules.explain.sentences import sentence
from decree_rules.io.inputs import load_actors, load_events
from decree_rules.lang.load import load_decree
from decree_rules.report.json_report import (
    _finding_dict,
    finding_json,
    report_to_dict,
    report_to_json,
)
from decree_rules.report.text_report import report_to_text

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2025, 12, 31)
REFRESH = (
    "If the change is intended, refresh the golden files with "
    "`UPDATE_GOLDEN=1 pytest tests/test_report.py` and read `git diff tests/golden`."
)


@pytest.fixture(scope="module")
def example_report() -> Report:
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    return evaluate(load_decree(), actors, events, AS_OF)


@pytest.fixture(scope="module")
def example_text(example_report: Report) -> str:
    """The whole text report of the example, as ``decree-rules check`` writes it."""
    return report_to_text(example_report, rules_source="decree.rules")


@pytest.fixture(scope="module")
def example_json(example_report: Report) -> str:
    """The whole JSON report of the example, as ``decree-rules check`` writes it."""
    return report_to_json(example_report, rules_source="decree.rules")


def _mask_versions(text: str) -> str:
    # The zone and holiday data versions change with upgrades; the findings must not.
    text = re.sub(r"tzdata \d{4}[a-z]", "tzdata <version>", text)
    return re.sub(r"holidays \d+\.\d+", "holidays <version>", text)


def _golden(path: Path, actual: str | None) -> None:
    """Check that the golden file ``path`` holds ``actual``, its data versions masked
    (``None``: that there is no such file); with ``UPDATE_GOLDEN`` set, write (or delete)
    the file instead."""
    shown = path.relative_to(ROOT).as_posix()
    update = bool(os.environ.get("UPDATE_GOLDEN"))
    if actual is None:
        if update:
            path.unlink(missing_ok=True)
        assert not path.exists(), f"{shown} is left over: the report has no such part. {REFRESH}"
        return
    actual = _mask_versions(actual)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{shown} is missing. {REFRESH}"
    assert actual == path.read_text(encoding="utf-8"), f"{shown} differs from the report. {REFRESH}"


def test_text_report_of_the_example(example_text: str) -> None:
    _golden(GOLDEN / "example-report.txt", example_text)


def test_json_report_of_the_example(example_json: str) -> None:
    _golden(GOLDEN / "example-report.json", example_json)


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
        assert set(unmatched) == {"id", "reason", "code", "steps"} and unmatched["reason"]
        assert unmatched["code"] == unmatched["steps"][0]["code"]
    assert data["format_version"] == "1.1"


def test_every_finding_carries_steps_whose_sentences_are_its_explanation(
    example_report: Report,
) -> None:
    data: dict[str, Any] = json.loads(report_to_json(example_report))
    codes = step_classes()
    assert len(data["findings"]) == len(example_report.findings) > 1000
    for finding in data["findings"]:
        assert finding["steps"], finding
        for step in finding["steps"]:
            assert {"code", "args"} <= set(step) <= {"code", "args", "cites"}
            assert step["code"] in codes and isinstance(step["args"], dict)
            assert step.get("cites", [{}]), "an empty cites list is left out"
        steps = [step_from_json(step) for step in finding["steps"]]
        assert [sentence(step) for step in steps] == finding["explanation"]
    for unmatched in data["unmatched_events"]:
        reasons = [sentence(step_from_json(step)) for step in unmatched["steps"]]
        assert "; ".join(reasons) == unmatched["reason"]
    assert [sentence(step_from_json(s)) for s in data["warning_steps"]] == data["warnings"]


def test_a_finding_line_is_the_json_of_the_finding(example_report: Report) -> None:
    for finding in example_report.findings:
        line = finding_json(finding)
        assert line == json.dumps(_finding_dict(finding), ensure_ascii=False)
        assert "\n" not in line


def test_every_step_of_the_example_survives_a_json_round_trip(example_report: Report) -> None:
    seen: set[str] = set()
    for finding in example_report.findings:
        for step in finding.steps:
            assert step_from_json(json.loads(json.dumps(step.to_json()))) == step
            seen.add(step.code)
    for unmatched in example_report.unmatched_events:
        for step in unmatched.reasons:
            assert step_from_json(step.to_json()) == step
            seen.add(step.code)
    # The example exercises most of the codes (the rest: tests/test_steps.py).
    assert len(seen) >= 25, sorted(seen)


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
