"""Findings as tables: CSV and Parquet from check, Arrow from a report, one row a finding."""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from decree_rules.apps.cli import main
from decree_rules.engine.evaluate import evaluate
from decree_rules.io.events import load_events
from decree_rules.io.registry import load_actors
from decree_rules.lang.load import load_decree
from decree_rules.report.tables import COLUMNS, to_arrow, to_csv

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
CHECK = ["check", "--actors", str(EXAMPLES / "actors.jsonl"),
         "--events", str(EXAMPLES / "events.jsonl"), "--as-of", "2025-12-31"]  # fmt: skip


@pytest.fixture(scope="module")
def findings() -> list[dict[str, Any]]:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([*CHECK, "--format", "json"]) == 1
    found: list[dict[str, Any]] = json.loads(out.getvalue())["findings"]
    return found


def test_check_writes_csv_with_one_row_per_finding(
    tmp_path: Path, findings: list[dict[str, Any]]
) -> None:
    target = tmp_path / "findings.csv"
    assert main([*CHECK, "--format", "csv", "--output", str(target)]) == 1
    with target.open(encoding="utf-8", newline="") as opened:
        rows = list(csv.DictReader(opened))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(findings) == 1022
    for row, finding in zip(rows, findings, strict=True):
        assert (row["rule"], row["actor"], row["status"]) == (
            finding["rule"], finding["actor"], finding["status"],
        )  # fmt: skip
        assert row["due"] == (finding["due"] or "")
        assert row["evidence"] == ";".join(finding["evidence"])
        assert json.loads(row["steps"]) == finding["steps"]
        assert json.loads(row["explanation"]) == finding["explanation"]
    assert not [p for p in tmp_path.iterdir() if p.name != "findings.csv"]  # no temporary


def test_check_writes_parquet_with_the_same_rows(
    tmp_path: Path, findings: list[dict[str, Any]]
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "findings.parquet"
    assert main([*CHECK, "--format", "parquet", "--output", str(target)]) == 1
    table = pq.read_table(target)
    assert tuple(table.column_names) == COLUMNS
    assert str(table.schema.field("due").type) == "date32[day]"
    rows = table.to_pylist()
    assert len(rows) == 1022
    assert [(r["rule"], r["actor"], r["period"], r["trigger"], r["status"]) for r in rows] == [
        (f["rule"], f["actor"], f["period"], f["trigger"], f["status"]) for f in findings
    ]
    assert [json.loads(r["steps"]) for r in rows] == [f["steps"] for f in findings]
    assert [r["evidence"] for r in rows] == [f["evidence"] for f in findings]


def test_to_arrow_of_an_evaluated_report_matches_the_check() -> None:
    pytest.importorskip("pyarrow")
    decree = load_decree()
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    report = evaluate(decree, actors, events, date(2025, 12, 31))
    table = to_arrow(report)
    assert table.num_rows == len(report.findings)
    late = [row for row in table.to_pylist() if row["status"] == "late"]
    assert len(late) == report.summary()["late"] == 11
    first = report.findings[0]
    assert table.slice(0, 1).to_pylist()[0]["due"] == first.due
    assert to_csv(report).count("\n") >= len(report.findings) + 1
