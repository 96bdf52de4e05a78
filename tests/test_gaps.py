"""No silent gaps: a clause that binds no office of the registry is warned about."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from test_partitioned import partitioned_check

from decree_rules.engine.evaluate import Report, evaluate
from decree_rules.engine.steps import NoOfficeBound
from decree_rules.io.events import load_events
from decree_rules.io.registry import load_actors
from decree_rules.lang.load import load_decree

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = date(2025, 12, 31)


def _without(tmp_path: Path, role: str) -> tuple[Path, Path]:
    """The example's registry and log without the offices of ``role`` (and their events)."""
    rows = [json.loads(line) for line in (EXAMPLES / "actors.jsonl").read_text().splitlines()]
    kept = [row for row in rows if row["role"] != role]
    gone = {row["id"] for row in rows if row["role"] == role}
    actors = tmp_path / "actors.jsonl"
    actors.write_text("".join(json.dumps(row) + "\n" for row in kept), encoding="utf-8")
    events = tmp_path / "events.jsonl"
    lines = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").splitlines()
    events.write_text(
        "".join(line + "\n" for line in lines if json.loads(line)["actor"] not in gone),
        encoding="utf-8",
    )
    return actors, events


def _report(actors: Path, events: Path) -> Report:
    registry = load_actors(actors)
    log = load_events(events, {a.id: a for a in registry})
    return evaluate(load_decree(), registry, log, AS_OF)


def test_the_example_registry_binds_every_clause() -> None:
    report = _report(EXAMPLES / "actors.jsonl", EXAMPLES / "events.jsonl")
    assert not [w for w in report.warnings if isinstance(w, NoOfficeBound)]


def test_a_registry_without_the_government_warns_for_clauses_12(tmp_path: Path) -> None:
    report = _report(*_without(tmp_path, "government"))
    gaps = [w for w in report.warnings if isinstance(w, NoOfficeBound)]
    assert [(w.clause, w.bound) for w in gaps] == [
        (number, ("government",)) for number in ("12.1", "12.2", "12.3", "12.4", "12.5", "12.6")
    ]
    assert not any(f.rule.startswith("12.") for f in report.findings)


def test_a_registry_without_an_education_head_warns_for_clause_11(tmp_path: Path) -> None:
    report = _report(*_without(tmp_path, "education_head"))
    gaps = [w for w in report.warnings if isinstance(w, NoOfficeBound)]
    assert [w.clause for w in gaps] == ["11"]


def test_the_warning_is_in_every_report_and_changes_nothing_else(tmp_path: Path) -> None:
    actors, events = _without(tmp_path, "government")
    code, text = partitioned_check(actors, events, tmp_path / "r.txt", jobs=2, parts=3)
    assert "clause 12.1: the registry has no office of government, which the clause binds" in text
    code_json, raw = partitioned_check(
        actors, events, tmp_path / "r.json", jobs=1, parts=1, extra=("--format", "json")
    )
    data = json.loads(raw)
    codes = [step["code"] for step in data["warning_steps"]]
    assert codes.count("no_office_bound") == 6
    assert code == code_json == (0 if data["satisfied"] else 1)
