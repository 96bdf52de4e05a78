"""The command line: exit codes, outputs and messages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from decree_rules.apps.cli import main

ROOT = Path(__file__).parents[1]
ACTORS = str(ROOT / "examples" / "actors.jsonl")
EVENTS = str(ROOT / "examples" / "events.jsonl")


def _check(*extra: str) -> list[str]:
    return ["check", "--actors", ACTORS, "--events", EVENTS, "--as-of", "2025-12-31", *extra]


def test_check_the_example_exits_1_for_violations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_check()) == 1
    out = capsys.readouterr().out
    assert out.startswith("Decree check as of 2025-12-31: NOT satisfied")


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_check("--format", "json")) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2025-12-31" and data["satisfied"] is False


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.json"
    assert main(_check("--format", "json", "--output", str(target))) == 1
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["as_of"] == "2025-12-31"


def test_exit_0_when_every_duty_is_fulfilled_or_pending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actors = tmp_path / "actors.jsonl"
    actors.write_text('{"id": "akim.x", "role": "akim", "level": "rural"}\n', encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text(
        '{"id": "e1", "actor": "akim.x", "action": "reporting_meeting", "time": "2016-02-01"}\n',
        encoding="utf-8",
    )
    code = main(
        ["check", "--actors", str(actors), "--events", str(events), "--as-of", "2016-06-01"]
    )
    assert code == 0
    assert "Decree check as of 2016-06-01: satisfied" in capsys.readouterr().out


def test_bad_input_exits_2_with_a_located_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(
        '{"id": "e1", "actor": "akim.aktobe-region", "action": "reporting_meeting",'
        ' "time": "2023-02-29"}\n',
        encoding="utf-8",
    )
    code = main(["check", "--actors", ACTORS, "--events", str(events), "--as-of", "2025-12-31"])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{events}:1:" in err and "field 'time'" in err and "2023-02-29" in err
    assert "Traceback" not in err


def test_a_broken_rule_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "bad.rules"
    rules.write_text('decree "T"\nclause 1 "A"\n  during quarter two\n', encoding="utf-8")
    assert main(_check("--rules", str(rules))) == 2
    err = capsys.readouterr().err
    assert "bad.rules:3:18: error: expected a number, found 'two'" in err


def test_missing_files_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--actors", "nowhere.jsonl", "--events", EVENTS])
    assert code == 2
    assert "nowhere.jsonl" in capsys.readouterr().err


def test_a_directory_instead_of_a_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--actors", str(tmp_path), "--events", EVENTS]) == 2
    assert "directory" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    assert main(_check("--output", str(locked / "r.txt"))) == 2
    assert "cannot write the report" in capsys.readouterr().err


def test_output_into_a_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_check("--output", str(tmp_path / "no" / "such" / "r.txt"))) == 2
    err = capsys.readouterr().err
    assert "cannot write the report" in err and "--output" in err


def test_a_bad_as_of_date_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["check", "--actors", ACTORS, "--events", EVENTS, "--as-of", "2025-13-01"])
    assert stopped.value.code == 2
    assert "expected a date like 2025-12-31, found '2025-13-01'" in capsys.readouterr().err


def test_lint_prints_warnings_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = (ROOT / "rules" / "decree.rules").read_text(encoding="utf-8")
    unacknowledged = tmp_path / "decree.rules"
    unacknowledged.write_text(
        "\n".join(line for line in shipped.split("\n") if "acknowledge" not in line),
        encoding="utf-8",
    )
    assert main(["lint", str(unacknowledged)]) == 0
    err = capsys.readouterr().err
    assert "clause 12.1 has no deadline" in err
    assert err.rstrip().endswith("1 file, 21 clauses: 0 errors, 3 warnings")


def test_lint_exits_2_on_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "r.rules"
    rules.write_text(
        'decree "T"\nclause 2 "A"\n  text kk "x"\n  every year\n  akimm must do reporting_meeting\n'
        "  during quarter 1\n",
        encoding="utf-8",
    )
    assert main(["lint", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "r.rules:5:3: error: unknown role or group 'akimm'; did you mean 'akim'?" in err
    assert "no clause says when the decree enters into force" in err


def test_format_prints_the_shipped_rules_as_they_are(capsys: pytest.CaptureFixture[str]) -> None:
    # They are in the canonical layout already, comments and all.
    assert main(["format"]) == 0
    shipped = ROOT / "rules" / "decree.rules"
    assert capsys.readouterr().out == shipped.read_text(encoding="utf-8")


def test_the_installed_console_script_runs_outside_the_checkout(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "decree_rules.apps.cli", "check", "--actors", ACTORS, "--events",
         EVENTS, "--as-of", "2025-12-31", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["violated"] > 0


def test_python_dash_m_runs_the_command_line() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "decree_rules", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: decree-rules") and "check" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "decree_rules", "due", "--by", "2023-01-15", "--tz", "Mars/Base"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "argument --tz: unknown time zone 'Mars/Base'" in bad.stderr
