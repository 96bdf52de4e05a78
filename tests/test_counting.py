"""Counting policies: selected by name, switched off per clause, cited in explanations."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from words import lines

from decree_rules.apps.cli import main
from decree_rules.core.diagnostics import DecreeRulesError, ErrorGroup, RuleSyntaxError
from decree_rules.core.policies import CIVIL_CODE, Counting, Policy, UnknownPolicyError
from decree_rules.core.vocabulary import Level, Role, Unit
from decree_rules.engine.evaluate import Status, evaluate
from decree_rules.io.records import Actor, Event
from decree_rules.lang.load import load_counting, load_decree, parse_rules
from decree_rules.lang.parse import parse_counting
from decree_rules.lang.validate import validate, validate_counting
from decree_rules.time.calendars import (
    FixedCalendar,
    KazakhCalendar,
)
from decree_rules.time.terms import (
    deadline_after,
    deadline_before,
    deadline_fixed,
)

WEEKENDS = FixedCalendar()
KZ = KazakhCalendar()


def without(*names: str) -> Counting:
    return Counting.from_names(["civil_code"], names)


def test_names_and_bundles() -> None:
    assert Counting.from_names(["civil_code"]) == CIVIL_CODE
    assert without("shift_forward").names() == (
        "start_next_day",
        "month_clamp",
        "end_of_day_local",
        "notice_unshifted",
        "fixed_date_inclusive",
    )
    assert Counting.from_names(["shift_forward"]).policies == {Policy.SHIFT_FORWARD}
    assert CIVIL_CODE.describe() == "civil_code"
    with pytest.raises(UnknownPolicyError):
        Counting.from_names(["civil"])


def test_without_start_next_day_the_anchor_is_day_one() -> None:
    # Wed 2019-02-06 + 10 days = Sat 02-16 -> Mon 02-18; from the day itself: Fri 02-15.
    assert deadline_after(WEEKENDS, date(2019, 2, 6), 10, Unit.CALENDAR_DAYS).due == date(
        2019, 2, 18
    )
    counted = deadline_after(
        WEEKENDS, date(2019, 2, 6), 10, Unit.CALENDAR_DAYS,
        counting=without("start_next_day"),
    )  # fmt: skip
    assert counted.due == date(2019, 2, 15)
    assert "start_next_day is not applied" in lines(counted)[0]


def test_without_month_clamp_the_count_runs_on() -> None:
    clamped = deadline_after(WEEKENDS, date(2021, 1, 31), 1, Unit.MONTHS)
    assert clamped.raw == date(2021, 2, 28)
    rolled = deadline_after(
        WEEKENDS, date(2021, 1, 31), 1, Unit.MONTHS,
        counting=without("month_clamp"),
    )  # fmt: skip
    assert rolled.raw == date(2021, 3, 3)
    assert "month_clamp is not applied" in lines(rolled)[1]


def test_without_shift_forward_a_day_off_stays_the_last_day() -> None:
    kept = deadline_after(
        KZ, date(2018, 2, 27), 10, Unit.CALENDAR_DAYS,
        counting=without("shift_forward"),
    )  # fmt: skip
    assert kept.due == date(2018, 3, 9)
    assert "shift_forward is not applied" in lines(kept)[-1]


def test_without_notice_unshifted_a_notice_moves_earlier() -> None:
    unmoved = deadline_before(KZ, date(2016, 1, 11), 10, Unit.CALENDAR_DAYS)
    assert unmoved.due == date(2016, 1, 1)
    moved = deadline_before(
        KZ, date(2016, 1, 11), 10, Unit.CALENDAR_DAYS,
        counting=without("notice_unshifted"),
    )  # fmt: skip
    assert moved.due == date(2015, 12, 31)
    assert "notice_unshifted is not applied" in lines(moved)[-1]


def test_without_fixed_date_inclusive_the_day_is_excluded() -> None:
    # 15 January 2019 is a Tuesday; excluded, the last day is Monday the 14th.
    assert deadline_fixed(KZ, 2019, 1, 15).due == date(2019, 1, 15)
    assert deadline_fixed(KZ, 2019, 1, 15, counting=without("fixed_date_inclusive")).due == date(
        2019, 1, 14
    )


RULES = """decree "Test"
  counting civil_code
clause 6 "Report"
  text kk "x"
  for each reporting_meeting by akim
  the same actor must do report_posted on website
  within 10 calendar days after the meeting ends
{override}
clause 15 "In force"
  text kk "x"
  enters into force on 2016-01-01
action reporting_meeting "a reporting meeting" is a meeting
action report_posted "the report posted"
channel website "the website"
"""

REGION = Actor("akim.r", Role.AKIM, Level.REGION, tz="Asia/Almaty")


def _report_status(override: str, posted: datetime) -> Status:
    text = RULES.format(override=override)
    decree = parse_rules(text, validated=False)
    validate(decree)
    events = [
        Event("m", REGION.id, "reporting_meeting", date(2019, 2, 1)),
        Event("p", REGION.id, "report_posted", posted, channels=("website",)),
    ]
    report = evaluate(decree, [REGION], events, date(2019, 12, 31))
    (finding,) = [f for f in report.findings if f.rule == "6"]
    return finding.status


def test_end_of_day_local_lets_an_action_count_until_midnight() -> None:
    # 2019-02-11 (Monday) is the due day.
    assert _report_status("", datetime(2019, 2, 11, 23, 30)) is Status.FULFILLED
    override = "  counting civil_code without end_of_day_local"
    assert _report_status(override, datetime(2019, 2, 11, 17, 59)) is Status.FULFILLED
    assert _report_status(override, datetime(2019, 2, 11, 18, 0)) is Status.LATE


def test_a_clause_override_changes_only_that_clause() -> None:
    override = "  counting civil_code without shift_forward"
    decree = parse_rules(RULES.format(override=override), validated=False)
    assert decree.clause("6").counting is not None
    assert decree.counting is not None and decree.clause("15").counting is None


def test_an_unknown_policy_is_an_error_listing_the_valid_names() -> None:
    text = RULES.format(override="  counting civil_code without shift_forwards")
    decree = parse_rules(text, filename="p.rules", validated=False)
    with pytest.raises(DecreeRulesError) as caught:
        validate(decree, sources={"p.rules": text})
    rendered = caught.value.render()
    assert rendered.splitlines()[0] == (
        "p.rules:8:31: error: unknown counting policy 'shift_forwards'; "
        "did you mean 'shift_forward'?"
    )
    assert "'civil_code', 'start_next_day', 'month_clamp', 'shift_forward'" in rendered


def test_the_shipped_rules_count_by_the_civil_code() -> None:
    decree = load_decree()
    assert decree.counting is not None
    assert [t.name for t in decree.counting.names] == ["civil_code"]


# ---- a counting expression on its own ---------------------------------------------------


def test_a_counting_expression_parses_into_a_counting_line() -> None:
    line = load_counting("civil_code without shift_forward, month_clamp")
    assert [t.name for t in line.names] == ["civil_code"]
    assert [t.name for t in line.without] == ["shift_forward", "month_clamp"]
    assert line == parse_counting("civil_code  without\n shift_forward,month_clamp")
    assert (line.span.line, line.span.column, line.span.end_column) == (1, 1, 46)
    assert load_counting("civil_code") == parse_counting("civil_code")
    assert load_counting("civil_code").without == ()


def test_a_counting_expression_is_the_counting_line_of_a_rule_file() -> None:
    decree = parse_rules(
        RULES.format(override="  counting civil_code without shift_forward"), validated=False
    )
    assert decree.clause("6").counting == parse_counting("civil_code without shift_forward")


def test_an_unknown_name_in_a_counting_expression_is_the_rule_file_error() -> None:
    with pytest.raises(DecreeRulesError) as caught:
        load_counting("civil_code without shift_forwards", filename="--counting")
    assert caught.value.code == "DR-R009"
    assert caught.value.arguments["suggestion"] == "shift_forward"
    assert caught.value.render().splitlines() == [
        "--counting:1:20: error: unknown counting policy 'shift_forwards'; "
        "did you mean 'shift_forward'?",
        "    civil_code without shift_forwards",
        "                       ^^^^^^^^^^^^^^",
        "    hint: expected one of 'civil_code', 'start_next_day', 'month_clamp', "
        "'shift_forward', 'end_of_day_local', 'notice_unshifted' or 'fixed_date_inclusive'; "
        "e.g. counting civil_code without shift_forward",
    ]
    # The message and hint are those of the same name in a rule file's counting line.
    text = RULES.format(override="  counting civil_code without shift_forwards")
    with pytest.raises(DecreeRulesError) as in_file:
        validate(parse_rules(text, filename="p.rules", validated=False), sources={"p.rules": text})
    assert in_file.value.message == caught.value.message
    assert in_file.value.hint == caught.value.hint


def test_every_unknown_name_of_a_counting_expression_is_reported() -> None:
    with pytest.raises(ErrorGroup) as caught:
        load_counting("civil_kode without shift_foward")
    assert [e.arguments["suggestion"] for e in caught.value.errors] == [
        "civil_code",
        "shift_forward",
    ]
    line = parse_counting("civil_kode")  # parsing alone does not check the names
    with pytest.raises(DecreeRulesError, match="did you mean 'civil_code'"):
        validate_counting(line)


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "DR-S002", "--counting:1:1: error: expected a name, found the end of the file"),
        ("  ", "DR-S002", "--counting:1:3: error: expected a name, found the end of the file"),
        ("civil_code without", "DR-S002",
         "--counting:1:19: error: expected a name, found the end of the file"),
        ("civil_code,", "DR-S002",
         "--counting:1:12: error: expected a name, found the end of the file"),
        ("civil_code without ,", "DR-S001", "--counting:1:20: error: expected a name, found ','"),
        ("start_next_day month_clamp", "DR-S001",
         "--counting:1:16: error: expected one of ',', 'without', the end of the file, "
         "found 'month_clamp'"),
        ("a without b without c", "DR-S001",
         "--counting:1:13: error: expected one of ',', the end of the file, found 'without'"),
        ("civil_code\u200b", "DR-S004",
         "--counting:1:11: error: unexpected character U+200B ZERO WIDTH SPACE "
         "(an invisible character)"),
    ],
)  # fmt: skip
def test_a_malformed_counting_expression_is_a_syntax_error(
    text: str, code: str, message: str
) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_counting(text, filename="--counting")
    assert caught.value.code == code
    assert caught.value.render().splitlines()[0] == message


def test_without_with_nothing_after_it_expects_a_name() -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        load_counting("civil_code without", filename="--counting")
    assert caught.value.code == "DR-S002"
    assert dict(caught.value.arguments) == {"expected": ["a name"], "found": None}
    where = caught.value.location
    assert (where.file, where.line, where.column) == ("--counting", 1, 19)


_PIECES = st.sampled_from(["a", "_", ",", " ", "\n", "#", '"', "without", "civil_code", "é"])


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_a_counting_expression_raises_only_the_library_s_errors(text: str) -> None:
    try:
        line = load_counting(text, filename="--counting")
    except DecreeRulesError as error:
        assert error.render().startswith("--counting")
    else:
        assert line.names


# ---- decree-rules due ------------------------------------------------------------------

NO_SHIFT = "civil_code without shift_forward"


@pytest.mark.parametrize(
    ("args", "due"),
    [
        (["--after", "2018-02-27", "--days", "10"], "2018-03-12"),
        (["--after", "2024-03-11", "--days", "10"], "2024-03-26"),
        (["--after", "2016-01-31", "--months", "1"], "2016-02-29"),
        (["--before", "2016-01-11", "--days", "10"], "2016-01-01"),
        (["--quarter", "2020-Q4", "--day-of-next-month", "10"], "2021-01-11"),
        (["--by", "2023-01-15"], "2023-01-16"),
        (["--quarter", "2019-Q2"], "2019-06-30"),
        (["--after", "2023-12-31T18:30:00Z", "--tz", "Asia/Aqtobe", "--days", "10"], "2024-01-10"),
        (["--after", "2023-12-31T18:30:00Z", "--tz", "Asia/Almaty", "--days", "10"], "2024-01-11"),
        (["--after", "2018-02-27", "--days", "10", "--counting", NO_SHIFT], "2018-03-09"),
        (["--after", "2024-03-19", "--working-days", "3"], "2024-03-27"),
    ],
)  # fmt: skip
def test_due_command(args: list[str], due: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", *args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == due
    assert data["steps"] and all(step["code"] for step in data["steps"])
    assert len(data["explanation"]) == len(data["steps"])


def test_due_command_text_shows_the_arithmetic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--after", "2018-02-27", "--days", "10"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "due: 2018-03-12"
    assert "moved by the Government from Sat 2018-03-03" in out[-2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--after", "2018-02-30", "--days", "1"], "argument --after: expected a date like"),
        (["--after", "2018-02-27"], "argument --after: a term needs a length"),
        (["--after", "2018-02-27", "--days", "1", "--tz", "Mars/Base"], "unknown time zone"),
        (["--after", "2018-02-27", "--days", "1", "--counting", "x"], "unknown counting policy"),
        (["--quarter", "2020-Q5"], "argument --quarter: expected a period like"),
        (["--quarter", "2020"], "a period needs --day-of-next-month N"),
    ],
)  # fmt: skip
def test_due_command_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["due", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


_NAMES_HINT = (
    "    hint: e.g. --counting civil_code  or  --counting 'civil_code without shift_forward'"
)
_POLICIES_HINT = (
    "    hint: expected civil_code, start_next_day, month_clamp, shift_forward, "
    "end_of_day_local, notice_unshifted, fixed_date_inclusive"
)


@pytest.mark.parametrize(
    ("counting", "stderr"),
    [
        ("civil_code without shift_foward",
         ["decree-rules due: error: argument --counting: unknown counting policy 'shift_foward'",
          _POLICIES_HINT]),
        ("civil_kode, month_clamp",
         ["decree-rules due: error: argument --counting: unknown counting policy 'civil_kode'",
          _POLICIES_HINT]),
        ("",
         ["decree-rules due: error: argument --counting: expected policy names, found ''",
          _NAMES_HINT]),
        ("civil_code without",
         ["decree-rules due: error: argument --counting: expected policy names, "
          "found 'civil_code without'", _NAMES_HINT]),
        # The words of a counting line: names are separated by commas, as in a rule file.
        ("start_next_day month_clamp",
         ["decree-rules due: error: argument --counting: expected policy names, "
          "found 'start_next_day month_clamp'", _NAMES_HINT]),
        ("civil_code,",
         ["decree-rules due: error: argument --counting: expected policy names, "
          "found 'civil_code,'", _NAMES_HINT]),
    ],
)  # fmt: skip
def test_due_counting_errors_name_the_option_with_a_hint(
    counting: str, stderr: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["due", "--after", "2018-02-27", "--days", "10", "--counting", counting]) == 2
    assert capsys.readouterr().err.splitlines() == stderr


def test_due_counting_takes_the_words_of_a_counting_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["due", "--after", "2018-02-27", "--days", "10", "--format", "json", "--counting"]
    assert main([*args, "civil_code without shift_forward, month_clamp"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2018-03-09"
    kept = "start_next_day, end_of_day_local, notice_unshifted, fixed_date_inclusive"
    assert data["counting"] == kept
    assert main([*args, "start_next_day, month_clamp,shift_forward"]) == 0
    assert json.loads(capsys.readouterr().out)["counting"] == (
        "start_next_day, month_clamp, shift_forward"
    )


def test_due_command_with_a_calendar_overrides_file(capsys: pytest.CaptureFixture[str]) -> None:
    overrides = str(Path(__file__).parents[1] / "examples" / "calendar-overrides.toml")
    args = ["due", "--after", "2026-04-28", "--days", "10", "--format", "json"]
    assert main(args) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["due"] == "2026-05-08"
    assert plain["warnings"] and "2026" in plain["warnings"][0]
    assert main([*args, "--calendar", overrides]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2026-05-12"
    assert "from " in data["calendar"] and "calendar-overrides.toml" in data["calendar"]
    assert any("day off by Resolution" in line for line in data["explanation"])


def test_check_with_a_calendar_overrides_file(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).parents[1]
    code = main(
        ["check", "--actors", str(root / "examples" / "actors.jsonl"), "--events",
         str(root / "examples" / "events.jsonl"), "--as-of", "2025-12-31", "--format", "json",
         "--calendar", str(root / "examples" / "calendar-overrides.toml")]
    )  # fmt: skip
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert "calendar-overrides.toml" in data["calendar"]["working_days"]


def test_a_broken_overrides_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "o.toml"
    broken.write_text("[[day_off]]\ndate = 2026-13-01\nact = 'x'\n", encoding="utf-8")
    assert main(["due", "--by", "2026-01-15", "--calendar", str(broken)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and "Traceback" not in err
