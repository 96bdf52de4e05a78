"""check --clause/--actor/--status, and select() in the API."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from decree_rules import Selection, Status, evaluate, load_actors, load_decree, load_events, select
from decree_rules.report.json_report import report_to_dict
from decree_rules.report.text_report import report_to_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    return evaluate(load_decree(), actors, events, date(2025, 12, 31))


def test_a_selection_narrows_findings_summary_and_verdict(report) -> None:  # type: ignore[no-untyped-def]
    late6 = select(report, Selection(clauses=("6",), statuses=(Status.LATE,)))
    found = list(late6.findings)
    assert [(f.rule, f.status) for f in found] == [("6", Status.LATE)] * 2
    assert late6.summary()["late"] == 2 and sum(late6.summary().values()) == 2
    assert not late6.satisfied
    fulfilled = select(report, Selection(statuses=(Status.FULFILLED,)))
    assert fulfilled.satisfied
    assert len(fulfilled.unmatched_events) == len(report.unmatched_events)  # the log stays whole
    assert select(report, Selection()) is report


def test_the_selection_is_named_in_the_reports(report) -> None:  # type: ignore[no-untyped-def]
    chosen = select(report, Selection(clauses=("6",), actors=("ministry.finance",)))
    assert report_to_dict(chosen)["selection"] == {
        "clauses": ["6"],
        "actors": ["ministry.finance"],
        "statuses": [],
    }
    assert "  selected: clause 6; office ministry.finance" in report_to_text(chosen)


def _check(*extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "decree_rules",
            "check",
            "--actors",
            str(EXAMPLES / "actors.jsonl"),
            "--events",
            str(EXAMPLES / "events.jsonl"),
            "--as-of",
            "2025-12-31",
            "--format",
            "json",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_the_command_line_filters_and_exits_by_what_it_shows() -> None:
    done = _check("--clause", "6,8", "--status", "fulfilled")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {f["rule"] for f in data["findings"]} == {"6", "8"}
    assert {f["status"] for f in data["findings"]} == {"fulfilled"}
    assert data["satisfied"] is True
    assert _check("--status", "late", "--status", "violated").returncode == 1


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--clause", "66", "'66' is not in the rules"),
        ("--actor", "ministry.financ", "did you mean 'ministry.finance'?"),
        ("--status", "lat", "did you mean 'late'?"),
    ],
)
def test_an_unknown_filter_value_is_a_usage_error(option: str, value: str, words: str) -> None:
    done = _check(option, value)
    assert done.returncode == 2
    assert words in done.stderr and f"argument {option}" in done.stderr
    # No report; with --format json, the errors as data instead (docs/cli.rst).
    if "json" in done.args:
        (error,) = json.loads(done.stdout)["errors"]
        assert error["location"]["field"] == option and words in error["message"] + error["hint"]
    else:
        assert done.stdout == ""
