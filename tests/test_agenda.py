"""``decree-rules agenda``: checked against answers worked out from the check's findings.

The expected agenda is made here from the JSON report of ``decree-rules check`` (its
statuses and due dates) and from the ``holidays`` package's own days off and worked
weekend days, not from the agenda's code: the overdue duties are the violated ones, the
upcoming the pending ones due in the window, and the days left are counted day by day.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from decree_rules.apps.cli import main
from decree_rules.time.calendars import FixedCalendar
from decree_rules.time.countdown import countdown, working_days_between

ROOT = Path(__file__).parents[1]
ACTORS = str(ROOT / "examples" / "actors.jsonl")
EVENTS = str(ROOT / "examples" / "events.jsonl")

AS_OF_DATES = ("2017-03-01", "2021-06-01", "2023-03-20", "2025-06-30")
Row = dict[str, Any]


def _run(command: str, *options: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([command, "--actors", ACTORS, "--events", EVENTS, *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@functools.cache
def _check_findings(as_of: str, calendar: str | None = None) -> tuple[Row, ...]:
    """The findings of ``decree-rules check`` as of ``as_of`` (its JSON report)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.json"
        options = ["--as-of", as_of, "--format", "json", "--output", str(target)]
        if calendar is not None:
            options += ["--calendar", calendar]
        code = main(["check", "--actors", ACTORS, "--events", EVENTS, *options])
        assert code in (0, 1)
        return tuple(json.loads(target.read_text(encoding="utf-8"))["findings"])


@functools.cache
def _kz(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year)


def _is_working(day: date, extra_off: Iterable[date] = ()) -> bool:
    """A working day as the holidays package has it: a weekday that is no holiday or day
    off of its list, or a weekend day the Government made a working day."""
    data = _kz(day.year)
    if day in set(extra_off):
        return False
    if day in data.weekend_workdays:
        return True
    return day.weekday() < 5 and day not in data


def _working_between(first: date, last: date, extra_off: Iterable[date] = ()) -> int:
    """Working days after ``first`` up to and including ``last``, counted one by one."""
    off = tuple(extra_off)
    days = (last - first).days
    return sum(_is_working(first + timedelta(days=n), off) for n in range(1, days + 1))


def _clause_order(rule: str) -> tuple[int, ...]:
    return tuple(int(part) for part in rule.split("."))


def _expected(
    as_of: str, days: int, *, actor: str | None = None, extra_off: Iterable[date] = ()
) -> list[Row]:
    """The agenda worked out from the check's findings."""
    start = date.fromisoformat(as_of)
    until = start + timedelta(days=days)
    off = tuple(extra_off)
    calendar = str(_overrides_file(off)) if off else None
    rows = []
    for finding in _check_findings(as_of, calendar):
        if (actor is not None and finding["actor"] != actor) or finding["due"] is None:
            continue
        due = date.fromisoformat(finding["due"])
        if finding["status"] == "violated":
            kind = "overdue"
            working = -_working_between(due, start, off)
        elif finding["status"] == "pending" and start <= due <= until:
            kind = "upcoming"
            working = _working_between(start, due, off)
        else:
            continue
        rows.append(
            {
                "kind": kind,
                "rule": finding["rule"],
                "actor": finding["actor"],
                "period": finding["period"],
                "trigger": finding["trigger"],
                "due": finding["due"],
                "status": finding["status"],
                "calendar_days": (due - start).days,
                "working_days": working,
                "explanation": finding["explanation"],
            }
        )
    rows.sort(
        key=lambda r: (
            r["kind"] != "overdue",
            r["due"],
            _clause_order(r["rule"]),
            r["actor"],
            r["period"] or "",
            r["trigger"] or "",
        )
    )
    return rows


_OVERRIDES: dict[tuple[date, ...], Path] = {}


def _overrides_file(days_off: tuple[date, ...]) -> Path:
    """A calendar overrides file making ``days_off`` days off (made once per set)."""
    if days_off not in _OVERRIDES:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="agenda-calendar-"))
        text = "".join(
            f'[[day_off]]\ndate = {day.isoformat()}\nact = "a test act"\n' for day in days_off
        )
        path = folder / "overrides.toml"
        path.write_text(text, encoding="utf-8")
        _OVERRIDES[days_off] = path
    return _OVERRIDES[days_off]


def _agenda_json(
    capsys: pytest.CaptureFixture[str], as_of: str, days: int, *options: str
) -> tuple[int, dict[str, Any]]:
    code, out, err = _run(
        "agenda",
        "--as-of",
        as_of,
        "--days",
        str(days),
        "--format",
        "json",
        *options,
        capsys=capsys,
    )
    assert err == "", err
    return code, json.loads(out)


_KEYS = (
    "kind",
    "rule",
    "actor",
    "period",
    "trigger",
    "due",
    "status",
    "calendar_days",
    "working_days",
    "explanation",
)


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_json_lists_the_overdue_and_upcoming_duties_of_the_check(
    as_of: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = _agenda_json(capsys, as_of, 45)
    expected = _expected(as_of, 45)
    assert [{key: item[key] for key in _KEYS} for item in data["items"]] == expected
    overdue = sum(1 for row in expected if row["kind"] == "overdue")
    assert data["summary"]["overdue"] == overdue
    assert data["summary"]["upcoming"] == len(expected) - overdue
    assert code == (1 if overdue else 0)
    assert data["satisfied"] is (overdue == 0)
    assert data["as_of"] == as_of and data["days"] == 45
    assert data["until"] == (date.fromisoformat(as_of) + timedelta(days=45)).isoformat()
    findings = _check_findings(as_of)
    undated = [f for f in findings if f["status"] == "pending" and f["due"] is None]
    assert data["summary"]["undated"] == len(undated)
    later = [
        f for f in findings if f["status"] == "pending" and f["due"] and f["due"] > data["until"]
    ]
    assert data["summary"]["later"] == len(later)


def test_the_example_has_both_kinds_and_both_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    kinds = {row["kind"] for as_of in AS_OF_DATES for row in _expected(as_of, 45)}
    assert kinds == {"overdue", "upcoming"}
    code, data = _agenda_json(capsys, "2016-03-01", 45)
    expected = _expected("2016-03-01", 45)
    assert [{key: item[key] for key in _KEYS} for item in data["items"]] == expected
    assert expected and {row["kind"] for row in expected} == {"upcoming"}
    assert code == 0 and data["satisfied"] is True  # nothing overdue two months in


def test_working_days_follow_the_calendar_file(capsys: pytest.CaptureFixture[str]) -> None:
    as_of = "2025-06-30"
    extra = (date(2025, 7, 3),)  # a Thursday made a day off, inside the window
    overrides = str(_overrides_file(extra))
    _, plain = _agenda_json(capsys, as_of, 30)
    _, moved = _agenda_json(capsys, as_of, 30, "--calendar", overrides)
    expected = _expected(as_of, 30, extra_off=extra)
    assert [{key: item[key] for key in _KEYS} for item in moved["items"]] == expected
    upcoming = [
        (a, b)
        for a, b in zip(plain["items"], moved["items"], strict=True)
        if a["kind"] == "upcoming"
    ]
    assert upcoming
    for before, after in upcoming:
        assert after["calendar_days"] == before["calendar_days"]
        assert after["working_days"] == before["working_days"] - 1  # every one is due after it


def test_text_lists_the_same_items_for_legal_staff(capsys: pytest.CaptureFixture[str]) -> None:
    as_of = "2025-06-30"
    code, out, err = _run("agenda", "--as-of", as_of, "--days", "30", capsys=capsys)
    assert err == ""
    expected = _expected(as_of, 30)
    assert code == 1
    assert out.startswith("Agenda as of Mon 2025-06-30:")
    overdue = [row for row in expected if row["kind"] == "overdue"]
    upcoming = [row for row in expected if row["kind"] == "upcoming"]
    assert f"\nOVERDUE ({len(overdue)})\n" in out and f"\nUPCOMING ({len(upcoming)})\n" in out
    assert out.index("\nOVERDUE") < out.index("\nUPCOMING")
    heads = [line[2:] for line in out.splitlines() if line.startswith("  clause ")]
    assert len(heads) == len(expected)
    for line, row in zip(heads, expected, strict=True):
        parts = [f"clause {row['rule']}", row["actor"]]
        if row["period"]:
            parts.append(row["period"])
        if row["trigger"]:
            parts.append(f"trigger {row['trigger']}")
        parts.append(f"due {row['due']}")
        assert line.startswith(" | ".join(parts) + " | "), line
        days, working = abs(row["calendar_days"]), abs(row["working_days"])
        verb = "overdue by" if row["kind"] == "overdue" else "due in"
        assert line.endswith(f"{verb} {days} calendar days ({working} working days)"), line
    for row in expected:  # every item's reasoning, as the check words it
        block = "\n".join(f"      {sentence}" for sentence in row["explanation"])
        assert block in out


def _ics(capsys: pytest.CaptureFixture[str], as_of: str, days: int, *options: str) -> str:
    code, out, err = _run(
        "agenda",
        "--as-of",
        as_of,
        "--days",
        str(days),
        "--format",
        "ics",
        *options,
        capsys=capsys,
    )
    assert err == "" and code in (0, 1)
    return out


def _events(text: str) -> list[icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VEVENT"))


@pytest.mark.parametrize("as_of", ("2021-06-01", "2025-06-30"))
def test_ics_has_one_all_day_event_per_duty_on_its_due_date(
    as_of: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _ics(capsys, as_of, 45)
    expected = _expected(as_of, 45)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["PRODID"]).startswith("-//decree_rules//")
    events = _events(text)
    assert len(events) == len(expected)
    assert len({str(event["UID"]) for event in events}) == len(events)
    for event, row in zip(events, expected, strict=True):
        start = event.decoded("DTSTART")
        assert type(start) is date and start.isoformat() == row["due"]  # VALUE=DATE
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert event.decoded("DTEND") == start + timedelta(days=1)
        assert event.decoded("DTSTAMP").isoformat() == f"{as_of}T00:00:00+00:00"
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(days=-3)
        description = str(event["DESCRIPTION"])
        for sentence in row["explanation"]:  # the clause and its deadline arithmetic
            assert sentence in description
        assert f"clause {row['rule']}" in str(event["SUMMARY"])
        assert row["actor"] in str(event["SUMMARY"])
    lines = text.split("\r\n")
    assert lines[-1] == "" and all("\n" not in line for line in lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75  # folded (RFC 5545 3.1)


def test_ics_uids_are_stable_across_runs_and_as_of_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = _ics(capsys, "2025-06-30", 45)
    assert _ics(capsys, "2025-06-30", 45) == first  # the same inputs, the same file
    _, data = _agenda_json(capsys, "2025-06-30", 45)  # the JSON names each duty the same
    assert [item["uid"] for item in data["items"]] == [str(e["UID"]) for e in _events(first)]

    def by_duty(text: str, as_of: str) -> dict[tuple[Any, ...], icalendar.Component]:
        return {
            (row["rule"], row["actor"], row["period"], row["trigger"]): event
            for row, event in zip(_expected(as_of, 45), _events(text), strict=True)
        }

    earlier = by_duty(_ics(capsys, "2023-03-20", 45), "2023-03-20")
    later = by_duty(first, "2025-06-30")
    shared = earlier.keys() & later.keys()
    assert shared  # the duties overdue on both dates
    for duty in shared:
        assert str(earlier[duty]["UID"]) == str(later[duty]["UID"])
        assert later[duty].decoded("SEQUENCE") > earlier[duty].decoded("SEQUENCE")
    others = {str(e["UID"]) for k, e in earlier.items() if k not in shared}
    assert not others & {str(e["UID"]) for e in later.values()}


def test_actor_keeps_one_office(capsys: pytest.CaptureFixture[str]) -> None:
    as_of = "2025-06-30"
    office = "akim.aktobe-city"
    _, data = _agenda_json(capsys, as_of, 30, "--actor", office)
    expected = _expected(as_of, 30, actor=office)
    assert expected and {row["actor"] for row in expected} == {office}
    assert [{key: item[key] for key in _KEYS} for item in data["items"]] == expected
    assert data["offices"] == [office]
    text = _ics(capsys, as_of, 30, "--actor", office)
    assert len(_events(text)) == len(expected)


def test_days_0_lists_what_is_due_that_day(capsys: pytest.CaptureFixture[str]) -> None:
    as_of = "2021-06-30"  # the last day of clause 1's second quarter
    _, data = _agenda_json(capsys, as_of, 0)
    expected = _expected(as_of, 0)
    upcoming = [row for row in expected if row["kind"] == "upcoming"]
    assert upcoming and all(row["due"] == as_of for row in upcoming)
    assert [{key: item[key] for key in _KEYS} for item in data["items"]] == expected
    assert {item["countdown"] for item in data["items"] if item["kind"] == "upcoming"} == {
        "due today"
    }


def test_days_beyond_the_calendar_list_every_pending_duty_with_a_due_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, data = _agenda_json(capsys, "2025-06-30", 999_999_999)
    assert data["until"] == "9999-12-31" and data["summary"]["later"] == 0
    pending = [f for f in _check_findings("2025-06-30") if f["status"] == "pending"]
    assert data["summary"]["upcoming"] == sum(1 for f in pending if f["due"] is not None)


def test_an_as_of_before_the_decree_is_a_located_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run("agenda", "--as-of", "2015-06-01", capsys=capsys)
    assert code == 2 and out == ""
    assert err.startswith("decree-rules agenda: error: argument --as-of: 2015-06-01 is before")


def test_an_office_not_in_the_registry_is_a_located_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        "agenda", "--as-of", "2025-06-30", "--actor", "akim.aktobe-regoin", capsys=capsys
    )
    assert code == 2 and out == ""
    assert err.startswith("agenda: error: argument --actor: 'akim.aktobe-regoin' is not in")
    assert "did you mean 'akim.aktobe-region'?" in err
    assert "Traceback" not in err


def test_output_is_written_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "agenda.ics"
    code, out, _ = _run(
        "agenda",
        "--as-of",
        "2025-06-30",
        "--format",
        "ics",
        "--output",
        str(target),
        capsys=capsys,
    )
    assert code == 1 and out == ""
    assert target.read_bytes().decode("utf-8") == _ics(capsys, "2025-06-30", 30)
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.ics"]  # no temporary left


_WITHOUT_ICALENDAR = """
import sys
sys.modules["icalendar"] = None  # import icalendar now fails, as when it is not installed
from decree_rules.apps.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_ics_without_icalendar_says_how_to_install_it(tmp_path: Path) -> None:
    target = tmp_path / "agenda.ics"
    options = ["--as-of", "2025-06-30", "--format", "ics", "--output", str(target)]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _WITHOUT_ICALENDAR,
            "agenda",
            "--actors",
            ACTORS,
            "--events",
            EVENTS,
            *options,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert "needs the icalendar package" in done.stderr
    assert "pip install 'decree_rules[calendars]'" in done.stderr
    assert not target.exists()


# ---- the day counting of the time layer --------------------------------------------------

_DAYS = st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 12, 31))


@given(_DAYS, st.integers(0, 60), st.integers(0, 60))
def test_working_days_add_up_and_never_exceed_calendar_days(
    first: date, more: int, further: int
) -> None:
    calendar = FixedCalendar(days_off={date(2020, 3, 9): "a test day off"})
    middle, last = first + timedelta(days=more), first + timedelta(days=more + further)
    whole = working_days_between(calendar, first, last)
    assert whole == working_days_between(calendar, first, middle) + working_days_between(
        calendar, middle, last
    )
    assert 0 <= whole <= (last - first).days
    ahead, behind = countdown(calendar, first, last), countdown(calendar, last, first)
    assert (ahead.calendar_days, ahead.working_days) == (
        -behind.calendar_days,
        -behind.working_days,
    )
    assert ahead.overdue is False and behind.overdue is (last > first)


# ---- the samples of docs/agenda.rst are real output ----------------------------------------

_PAGE = ROOT / "docs" / "agenda.rst"


def _mask(text: str) -> str:
    text = re.sub(r"sha256 [0-9a-f]{64}", "sha256 <hash>", text)
    text = re.sub(r"engine: decree_rules \S+", "engine: decree_rules <version>", text)
    text = re.sub(r"holidays \d+\.\d+", "holidays <version>", text)
    text = re.sub(r"tzdata \d{4}[a-z]", "tzdata <version>", text)
    return "\n".join(row.rstrip() for row in text.strip("\n").splitlines())


def _run_shown(command: str) -> subprocess.CompletedProcess[str]:
    program, *args = shlex.split(command)
    assert program == "decree-rules"
    return subprocess.run(
        [sys.executable, "-m", "decree_rules", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _text_sample() -> tuple[str, str]:
    """The command of the page's text sample, and the output it shows."""
    text = _PAGE.read_text(encoding="utf-8")
    block = re.search(r"^\.\. code-block:: console\n\n((?:   .*\n|\n)+)", text, re.MULTILINE)
    assert block is not None
    body = textwrap.dedent(block.group(1)).strip("\n")
    command, _, shown = body.partition("\n")
    return command.removeprefix("$ "), shown


def test_the_pages_text_sample_is_what_the_command_prints() -> None:
    command, shown = _text_sample()
    done = _run_shown(command)
    assert done.returncode == 1, done.stderr
    assert _mask(done.stdout) == _mask(shown)


def test_the_pages_ics_sample_is_an_event_the_command_writes() -> None:
    text = _PAGE.read_text(encoding="utf-8")
    block = re.search(r"\(``--format ics``\)::\n\n((?:   .*\n|\n)+)", text)
    assert block is not None
    shown = textwrap.dedent(block.group(1)).strip("\n")
    done = _run_shown(_text_sample()[0] + " --format ics")
    assert shown + "\n" in done.stdout  # read as text: its CRLF line ends read as \n
