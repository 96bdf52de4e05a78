"""The shipped JSON Schemas: made from the code, and every output validates against them."""

from __future__ import annotations

import copy
import functools
import io
import json
import tomllib
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from strategies import steps

from decree_rules.apps.cli import main
from decree_rules.core.facts import Step
from decree_rules.core.schemas import SCHEMA_NAMES, load_schema, schema_text
from decree_rules.report.schemas import all_schemas
from decree_rules.report.schemas import schema_text as made_text

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).parents[1]
GOLDEN = ROOT / "tests" / "golden" / "example"
EXAMPLES = ROOT / "examples"


@functools.cache
def _validator(name: str) -> Any:
    return jsonschema.Draft202012Validator(
        load_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _errors(name: str, document: object) -> list[str]:
    return [error.message for error in _validator(name).iter_errors(document)]


def test_the_shipped_schemas_are_the_ones_the_code_makes() -> None:
    made = all_schemas()
    assert tuple(made) == SCHEMA_NAMES
    for name, schema in made.items():
        assert schema_text(name) == made_text(schema), (
            f"{name}.json is stale: run python -m decree_rules.report.schemas"
        )


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_schema_command_prints_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "report"]) == 0
    assert capsys.readouterr().out == schema_text("report")
    assert main(["schema", "reprot"]) == 2
    assert "DR-U060" not in (err := capsys.readouterr().err) and "no schema named" in err


@pytest.fixture(scope="module")
def example_report() -> dict[str, Any]:
    out = io.StringIO()
    args = ["check", "--actors", str(EXAMPLES / "actors.jsonl"),
            "--events", str(EXAMPLES / "events.jsonl"),
            "--as-of", "2025-12-31", "--format", "json"]  # fmt: skip
    with redirect_stdout(out):
        assert main(args) == 1
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def test_the_example_worlds_check_json_validates(example_report: dict[str, Any]) -> None:
    assert len(example_report["findings"]) == 1022
    assert _errors("report", example_report) == []


def test_the_golden_report_and_findings_validate() -> None:
    head = json.loads((GOLDEN / "report-head.json").read_text(encoding="utf-8"))
    for path in sorted(GOLDEN.glob("clause-*.jsonl")):
        head["findings"] += [json.loads(line) for line in path.read_text().splitlines() if line]
    assert len(head["findings"]) > 900
    assert _errors("report", head) == []


def test_a_wrong_report_fails(example_report: dict[str, Any]) -> None:
    cases = {
        "status": lambda d: d["findings"][0].__setitem__("status", "done"),
        "as_of": lambda d: d.pop("as_of"),
        "due": lambda d: d["findings"][0].__setitem__("due", "12 March"),
        "step code": lambda d: d["findings"][0]["steps"][0].__setitem__("code", "no_such_step"),
        "step args": lambda d: d["findings"][0]["steps"][-1]["args"].__setitem__("extra", 1),
        "summary": lambda d: d["summary"].__setitem__("fulfilled", -1),
    }
    small = {**example_report, "findings": example_report["findings"][:30]}
    assert _errors("report", small) == []
    for what, change in cases.items():
        document = copy.deepcopy(small)
        change(document)  # type: ignore[no-untyped-call]
        assert _errors("report", document), what


def test_the_due_json_validates_and_a_wrong_one_fails() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["due", "--after", "2018-02-27", "--days", "10", "--format", "json"]) == 0
    answer = json.loads(out.getvalue())
    assert answer["due"] == "2018-03-12"
    assert _errors("due", answer) == []
    answer["steps"][0]["args"] = {"day": 20180312}
    assert _errors("due", answer)


@functools.cache
def _step_validator() -> Any:
    schema = {"$defs": load_schema("report")["$defs"], "$ref": "#/$defs/step"}
    return jsonschema.Draft202012Validator(schema)


@given(steps())
def test_every_kind_of_step_validates_against_the_step_schema(step: Step) -> None:
    validator = _step_validator()
    assert list(validator.iter_errors(json.loads(json.dumps(step.to_json())))) == []


def test_the_example_rows_validate_and_wrong_rows_fail() -> None:
    for name, path in (("actor", "actors.jsonl"), ("event", "events.jsonl")):
        rows = [json.loads(line) for line in (EXAMPLES / path).read_text().splitlines()]
        assert all(_errors(name, row) == [] for row in rows), name
    assert _errors("actor", {"id": "akim.a", "role": "akim"})  # an akim needs a level
    assert _errors("actor", {"id": "x", "role": "minister"})
    assert _errors("event", {"id": "e1", "actor": "a", "action": "x", "time": 2024})
    assert _errors("event", {"id": "e1", "actor": "a", "time": "2024-02-15"})


def test_the_example_calendar_file_validates() -> None:
    data = tomllib.loads((EXAMPLES / "calendar-overrides.toml").read_text(encoding="utf-8"))
    # TOML dates are dates; as JSON they are ISO text.
    as_json = json.loads(json.dumps(data, default=str))
    assert as_json["day_off"] and _errors("calendar", as_json) == []
    assert _errors("calendar", {"day_off": [{"date": "2026-05-08"}]})  # no act
    assert _errors("calendar", {"holiday": []})


def test_a_lenient_reports_errors_carry_their_codes_and_locations(tmp_path: Path) -> None:
    lines = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    row = json.loads(lines[3])
    lines[3] = json.dumps({**row, "actor": "akim.nobody", "time": "2024-13-01"})
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    args = ["check", "--actors", str(EXAMPLES / "actors.jsonl"), "--events", str(events),
            "--as-of", "2025-12-31", "--format", "json", "--lenient"]  # fmt: skip
    with redirect_stdout(out):
        main(args)
    report = json.loads(out.getvalue())
    (rejected,) = report["rejected_rows"]
    found = [(p["code"], p["location"]["line"], p["location"]["field"])
             for p in rejected["problems"]]  # fmt: skip
    assert found == [("DR-I012", 4, "actor"), ("DR-I027", 4, "time")]
    assert rejected["codes"] == [code for code, *_ in found]
    assert _errors("report", report) == []


def test_a_json_check_that_cannot_run_gives_its_errors_as_json(tmp_path: Path) -> None:
    """With --format json, standard output gets {"errors": [...]} (the errors schema) as
    well as stderr's messages; not with --output, nor in text."""
    import subprocess
    import sys

    bad = tmp_path / "events.jsonl"
    bad.write_text(
        '{"id": "x", "actor": "nobody", "action": "reporting_meeting", "time": "2020-01-01"}\n'
        '{"id": "x", "actor": "government", "action": "forms_approved", "time": "2020-13-01"}\n',
        encoding="utf-8",
    )
    actors = str(ROOT / "examples" / "actors.jsonl")
    base = [sys.executable, "-m", "decree_rules", "check", "--actors", actors,
            "--events", str(bad), "--as-of", "2020-12-31"]  # fmt: skip
    done = subprocess.run([*base, "--format", "json"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "events.jsonl:1:" in done.stderr
    answer = json.loads(done.stdout)
    assert _errors("errors", answer) == []
    found = [(e["code"], e["location"]["line"], e["location"]["field"]) for e in answer["errors"]]
    assert ("DR-I012", 1, "actor") in found and len(found) >= 3
    for extra in (["--format", "text"], ["--format", "json", "--output", str(tmp_path / "r")]):
        quiet = subprocess.run([*base, *extra], capture_output=True, text=True, check=False)
        assert (quiet.returncode, quiet.stdout) == (2, "")
    assert not (tmp_path / "r").exists()
