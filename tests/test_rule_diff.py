"""``decree-rules diff`` and ``check --compare`` (issue 13, point 3)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from decree_rules.explain.law_over_time import difference_sentence
from decree_rules.lang.compare import Aspect, compare_clauses, compare_days, compare_rules
from decree_rules.lang.load import load_decree, parse_rules

ROOT = Path(__file__).resolve().parents[1]
AMENDED = ROOT / "examples" / "amended" / "rules"
ACTORS = ROOT / "examples" / "actors.jsonl"
EVENTS = ROOT / "examples" / "events.jsonl"


EXAMPLE_CHECK = (
    "check", "--actors", str(ACTORS), "--events", str(EVENTS), "--as-of", "2025-12-31",
)  # fmt: skip
"""The example world's check, as the README runs it."""


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decree_rules", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd or ROOT,
    )


def test_diff_of_the_decree_and_the_amended_rules_in_words() -> None:
    done = _cli("diff", "rules", "examples/amended/rules")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "rules: rules -> examples/amended/rules"
    assert (
        "clause 5: notice 10 calendar days -> 1 month, from 2018-01-11 (act amendment_2018)"
        in lines
    )
    assert (
        "clause 1: who owes what 'heads must do reporting_meeting with videoconference' -> "
        "'heads must do reporting_meeting with videoconference and on website', from "
        "2018-07-01 (act amendment_2018)"
    ) in lines
    assert lines[-1] == "8 differences in 2 clauses"


def test_diff_in_json() -> None:
    done = _cli("diff", "rules", "examples/amended/rules", "--format", "json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["format_version"] == "1.0"
    assert [f["path"] for f in data["new"]["files"]] == [
        "examples/amended/rules/amendment-2018.rules",
        "examples/amended/rules/decree.rules",
    ]
    notice = [d for d in data["differences"] if d["aspect"] == "notice"]
    assert notice == [
        {
            "clause": "5",
            "aspect": "notice",
            "old": "10 calendar days",
            "new": "1 month",
            "since": "2018-01-11",
            "act": "amendment_2018",
            "sentence": "clause 5: notice 10 calendar days -> 1 month, from 2018-01-11 "
            "(act amendment_2018)",
        }
    ]
    assert {d["clause"] for d in data["differences"]} == {"1", "5"}


def test_one_rule_set_on_two_days() -> None:
    done = _cli("diff", "examples/amended/rules", "--at", "2017-12-31", "--at", "2018-03-01")
    assert done.returncode == 1, done.stderr
    assert "clause 5: notice 10 calendar days -> 1 month, from 2018-01-11" in done.stdout
    assert "clause 1" not in done.stdout  # its change comes on 2018-07-01
    same = _cli("diff", "examples/amended/rules", "--at", "2018-02-01", "--at", "2018-03-01")
    assert same.returncode == 0
    assert "no clause differs" in same.stdout and "0 differences in 0 clauses" in same.stdout


def test_two_rule_sets_on_one_day() -> None:
    before = _cli("diff", "rules", "examples/amended/rules", "--at", "2017-06-01")
    assert before.returncode == 0, before.stdout
    after = _cli("diff", "rules", "examples/amended/rules", "--at", "2019-06-01")
    assert after.returncode == 1
    assert "clause 5: notice" in after.stdout and "clause 1:" in after.stdout


def test_the_same_rules_do_not_differ() -> None:
    done = _cli("diff", "rules", "rules/decree.rules")
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "0 differences in 0 clauses")


def test_diff_usage_errors_are_located() -> None:
    one_day = _cli("diff", "rules", "--at", "2018-01-01")
    assert one_day.returncode == 2
    assert "--at D1 --at D2" in one_day.stderr and "DR-U042" not in one_day.stdout
    bad = _cli("diff", "rules", "--at", "2018-02-30", "--at", "2019-01-01")
    assert bad.returncode == 2 and "expected a date like 2018-01-11" in bad.stderr
    missing = _cli("diff", "rules", "no-such-rules")
    assert missing.returncode == 2 and "no-such-rules" in missing.stderr


H = 'decree "T"\nclause 15 "F"\n  text kk "x"\n  enters into force on 2016-01-01\n'
WORDS = 'action reporting_meeting "m" is a meeting\naction report_posted "p"\nchannel website "w"\n'


def _clause(lines: str) -> Any:
    return parse_rules(H + WORDS + 'clause 6 "T"\n  text kk "x"\n' + lines).clause("6")


EACH = "  for each reporting_meeting by akim\n  the same actor must do report_posted on website\n"


def test_each_part_of_a_clause_is_compared() -> None:
    ten = _clause(EACH + "  within 10 calendar days after the meeting ends\n")
    five = _clause(EACH + "  within 5 working days after the meeting ends\n")
    (term,) = compare_clauses(ten, five)
    assert (term.aspect, term.old, term.new) == (Aspect.TERM, "10 calendar days", "5 working days")
    assert difference_sentence(term) == "clause 6: term 10 calendar days -> 5 working days"
    start = _clause(EACH + "  within 10 calendar days after the meeting starts\n")
    (deadline,) = compare_clauses(ten, start)
    assert deadline.aspect is Aspect.DEADLINE
    assert deadline.new == "within 10 calendar days after the meeting starts"
    counted = _clause(
        EACH + "  within 10 calendar days after the meeting ends\n"
        "  counting civil_code without shift_forward\n"
    )
    (counting,) = compare_clauses(ten, counted)
    assert counting.aspect is Aspect.COUNTING and counting.old is None
    (removed,) = compare_clauses(ten, None)
    assert removed.aspect is Aspect.REMOVED
    assert difference_sentence(removed) == 'clause 6 "T" no longer applies (repealed)'
    assert compare_clauses(ten, ten) == []


def test_a_repeal_is_a_difference_from_its_day(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(ROOT / "rules" / "decree.rules", folder / "decree.rules")
    (folder / "act.rules").write_text(
        'act a1 "An act"\n  enters into force on 2020-01-01\n'
        'clause 12.5 "Problems posted"\n  repealed by a1\n',
        encoding="utf-8",
    )
    old, new = load_decree(), load_decree(folder)
    (repeal,) = compare_rules(old, new)
    assert (repeal.clause, repeal.aspect, repeal.since, repeal.act) == (
        "12.5",
        Aspect.REMOVED,
        date(2020, 1, 1),
        "a1",
    )
    assert compare_days(new, date(2019, 1, 1), date(2021, 1, 1))[0].aspect is Aspect.REMOVED


def _findings(rules: str, tmp_path: Path, name: str) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    out = tmp_path / name
    _cli(
        *EXAMPLE_CHECK,
        "--rules",
        rules,
        "--format",
        "json",
        "--output",
        str(out),
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return {
        (f["rule"], f["actor"], f["period"], f["trigger"]): (f["status"], f["due"])
        for f in report["findings"]
    }


def test_check_compare_lists_exactly_the_findings_that_differ(tmp_path: Path) -> None:
    ours = _findings(str(ROOT / "rules"), tmp_path, "a.json")
    theirs = _findings(str(AMENDED), tmp_path, "b.json")
    expected = {key for key in ours.keys() | theirs.keys() if ours.get(key) != theirs.get(key)}
    assert expected  # the amendment changes clauses 1 and 5 of the example world
    out = tmp_path / "c.json"
    done = _cli(
        *EXAMPLE_CHECK,
        "--compare",
        str(AMENDED),
        "--format",
        "json",
        "--output",
        str(out),
    )
    assert done.returncode == 1  # the example's own violations, as without --compare
    comparison = json.loads(out.read_text(encoding="utf-8"))["comparison"]
    found = {(f["rule"], f["actor"], f["period"], f["trigger"]) for f in comparison["findings"]}
    assert found == expected and comparison["differing"] == len(expected)
    assert {key[0] for key in found} == {"1", "5"}
    for change in comparison["findings"]:
        key = (change["rule"], change["actor"], change["period"], change["trigger"])
        assert (change["this"]["status"], change["this"]["due"]) == ours[key]
        assert (change["other"]["status"], change["other"]["due"]) == theirs[key]
    assert comparison["rules_used"]["files"][0]["path"].endswith("amendment-2018.rules")


def test_check_compare_in_text_follows_the_selection() -> None:
    done = _cli(
        *EXAMPLE_CHECK,
        "--compare",
        str(AMENDED),
        "--clause",
        "5",
        "--actor",
        "akim.astana",
    )
    section = done.stdout.split("COMPARED WITH THE RULES ", 1)[1].splitlines()
    assert section[0].endswith("differ)")
    assert section[1:] and all(
        line.startswith("  clause 5 | akim.astana |") for line in section[1:]
    )
    assert all(" here; " in line and " under " in line for line in section[1:])


def test_check_compare_refuses_html_and_pipes() -> None:
    html = _cli(
        *EXAMPLE_CHECK, "--compare", str(AMENDED), "--format", "html",
    )  # fmt: skip
    assert html.returncode == 2 and "--format text or --format json" in html.stderr
    piped = subprocess.run(
        [
            sys.executable, "-m", "decree_rules", "check", "--actors", str(ACTORS),
            "--events", "/dev/stdin", "--as-of", "2025-12-31", "--compare", str(AMENDED),
        ],
        input=EVENTS.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert piped.returncode == 2 and "must be a file" in piped.stderr


def test_the_compared_report_validates_against_the_shipped_schema(tmp_path: Path) -> None:
    jsonschema = __import__("pytest").importorskip("jsonschema")
    from decree_rules.core.schemas import load_schema

    out = tmp_path / "c.json"
    _cli(
        *EXAMPLE_CHECK, "--compare", str(AMENDED), "--rules", str(AMENDED), "--format", "json",
        "--output", str(out),
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    codes = {s["code"] for f in report["findings"] for s in f["steps"]}
    assert {"text_applied", "due_before_text"} <= codes  # the amended texts' own steps
    assert report["comparison"]["differing"] == 0  # the same rules on both sides
    validator = jsonschema.Draft202012Validator(load_schema("report"))
    assert list(validator.iter_errors(report)) == []
    report["comparison"]["findings"] = [{"rule": "5", "actor": "x"}]
    assert list(validator.iter_errors(report))
