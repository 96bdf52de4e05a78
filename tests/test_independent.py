"""Due dates from the evaluator against a second, independent reading of the law.

The reference below uses the ``holidays`` package directly, the standard library's
``calendar`` module and a table of the Kazakh zones' UTC offsets of its own; it shares no
code with ``decree_rules.time.calendars`` or ``decree_rules.time.zones``. The last test runs the
command line once on a log of 200 meetings and compares every clause 6 and 9 due date.
"""

from __future__ import annotations

import calendar as stdlib
import json
import random
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import holidays
from hypothesis import given
from hypothesis import strategies as st

from decree_rules.core.periods import Period
from decree_rules.core.vocabulary import Level, Role
from decree_rules.engine.evaluate import Report, evaluate
from decree_rules.io.records import Actor, Event
from decree_rules.lang.load import load_decree
from decree_rules.time.calendars import KazakhCalendar

DECREE = load_decree()
CALENDAR = KazakhCalendar()
REGION = Actor("akim.r", Role.AKIM, Level.REGION)
GOVERNMENT = Actor("government", Role.GOVERNMENT)
days = st.dates(min_value=date(2016, 1, 1), max_value=date(2025, 11, 30))


@cache
def _kz(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year)


def _working(day: date) -> bool:
    kz = _kz(day.year)
    if day in kz.weekend_workdays:
        return True
    return day.weekday() < 5 and day not in kz


def _next_working(day: date) -> date:
    while not _working(day):
        day += timedelta(days=1)
    return day


def _plus_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, stdlib.monthrange(year, month)[1]))


def _run(actor: Actor, events: list[Event], as_of: date) -> Report:
    # One calendar for every example, so each year loads once (the default, a new
    # calendar per call, is what the command-line test below runs).
    return evaluate(DECREE, [actor], events, as_of, calendar=CALENDAR)


def _due(report: Report, rule: str, period: str | None = None) -> date | None:
    (finding,) = [f for f in report.findings if f.rule == rule and period in (None, f.period)]
    return finding.due


@given(days)
def test_ten_days_after_a_meeting_ends(end: date) -> None:
    meeting = Event("m", REGION.id, "reporting_meeting", end)
    report = _run(REGION, [meeting], date(2025, 12, 31))
    assert _due(report, "6") == _next_working(end + timedelta(days=10))


@given(days)
def test_one_month_after_a_meeting_ends(end: date) -> None:
    meeting = Event("m", REGION.id, "reporting_meeting", end)
    report = _run(REGION, [meeting], date(2025, 12, 31))
    assert _due(report, "9") == _next_working(_plus_months(end, 1))


@given(days)
def test_notice_ten_days_before_a_meeting_is_never_moved(start: date) -> None:
    meeting = Event("m", REGION.id, "reporting_meeting", start)
    report = _run(REGION, [meeting], date(2025, 12, 31))
    latest = start - timedelta(days=10)
    # Rule 9: a notice that would be due before 2016-01-01 is exempt, with no due date.
    assert _due(report, "5") == (latest if latest >= date(2016, 1, 1) else None)


@given(st.integers(2016, 2024), st.integers(1, 4))
def test_progress_by_the_tenth_of_the_next_month(year: int, quarter: int) -> None:
    meeting = Event("m", REGION.id, "reporting_meeting", date(2016, 1, 20))
    report = _run(REGION, [meeting], date(2025, 12, 31))
    expected = _next_working(_plus_months(date(year, 3 * quarter, 10), 1))
    assert _due(report, "7", str(Period(year, quarter))) == expected


def test_schedule_approval_by_15_january_every_year() -> None:
    report = _run(GOVERNMENT, [], date(2025, 12, 31))
    for year in range(2016, 2026):
        assert _due(report, "12.2", str(year)) == _next_working(date(year, 1, 15))


# --- the command line, on a log of many meetings --------------------------------------

# UTC offsets by a table of our own (not tzdata): Almaty and Qostanay were UTC+6 until
# 2024-03-01 00:00 local, Qyzylorda until 2018-12-21 00:00 local; the west is UTC+5.
_CHANGES = {
    "Asia/Almaty": datetime(2024, 2, 29, 18, tzinfo=UTC),
    "Asia/Qostanay": datetime(2024, 2, 29, 18, tzinfo=UTC),
    "Asia/Qyzylorda": datetime(2018, 12, 20, 18, tzinfo=UTC),
}
_ZONES = ("Asia/Almaty", "Asia/Qostanay", "Asia/Qyzylorda", "Asia/Aqtobe", "Asia/Oral")


def _local(instant: datetime, tz: str) -> date:
    change = _CHANGES.get(tz)
    hours = 6 if change is not None and instant < change else 5
    return (instant + timedelta(hours=hours)).date()


def _moment(rng: random.Random, day: date, tz: str) -> tuple[str, date]:
    """A time on or about ``day`` as the log would write it, and its local day."""
    kind = rng.randrange(3)
    if kind == 0:
        return day.isoformat(), day
    if kind == 1:  # naive: local wall time in the actor's zone
        return f"{day.isoformat()}T{rng.randrange(24):02}:{rng.randrange(60):02}:00", day
    # An evening UTC instant: the local day is often the next one.
    instant = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
        hours=rng.randrange(15, 22), minutes=rng.randrange(60)
    )
    return instant.strftime("%Y-%m-%dT%H:%M:00Z"), _local(instant, tz)


def _meetings(rng: random.Random, actor: str, tz: str, count: int) -> list[dict[str, str]]:
    """``count`` meetings at random days 2016-2025, at least four days apart."""
    meetings: list[dict[str, str]] = []
    taken: list[date] = []
    span = (date(2025, 11, 25) - date(2016, 1, 2)).days
    while len(meetings) < count:
        start_text, start = _moment(rng, date(2016, 1, 2) + timedelta(rng.randrange(span)), tz)
        if any(abs((start - other).days) < 4 for other in taken):
            continue
        meeting = {"actor": actor, "action": "reporting_meeting", "time": start_text}
        end = start
        if rng.random() < 0.4:  # over two or three days, within the year
            end_text, end = _moment(rng, start + timedelta(rng.randrange(1, 3)), tz)
            if end.year != start.year or end <= start:
                continue
            meeting["end"] = end_text
        meeting["_start"], meeting["_end"] = start.isoformat(), end.isoformat()
        taken.append(start)
        meetings.append(meeting)
    return meetings


def test_the_command_line_agrees_on_every_clause_6_and_9_due(tmp_path: Path) -> None:
    rng = random.Random(20160101)
    actors = [
        {"id": f"akim.r{number}", "role": "akim", "level": "region", "tz": tz}
        for number, tz in enumerate(_ZONES)
    ]
    meetings = [m for a in actors for m in _meetings(rng, a["id"], a["tz"], 40)]
    # The last meeting of each actor's year (by its local start day) sets both terms.
    last: dict[tuple[str, str], tuple[str, date]] = {}
    for number, meeting in enumerate(sorted(meetings, key=lambda m: m["_start"])):
        meeting["id"] = f"m{number:04}"
        key = (meeting["actor"], meeting["_start"][:4])
        last[key] = (meeting["id"], date.fromisoformat(meeting["_end"]))
    (tmp_path / "actors.jsonl").write_text("\n".join(json.dumps(a) for a in actors) + "\n")
    (tmp_path / "events.jsonl").write_text(
        "".join(
            json.dumps({k: v for k, v in m.items() if not k.startswith("_")}) + "\n"
            for m in meetings
        )
    )

    result = subprocess.run(
        [sys.executable, "-m", "decree_rules.apps.cli", "check",
         "--actors", str(tmp_path / "actors.jsonl"), "--events", str(tmp_path / "events.jsonl"),
         "--format", "json", "--as-of", "2025-12-31"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    # 1: there are violations (a crash exits 1 too, with no report on stdout)
    assert result.returncode == 1 and result.stdout, result.stderr
    findings = json.loads(result.stdout)["findings"]

    found = {
        (f["rule"], f["actor"], f["period"]): (f["trigger"], f["due"])
        for f in findings
        if f["rule"] in ("6", "9")
    }
    expected = {}
    for (actor, year), (trigger, end) in last.items():
        expected["6", actor, year] = (trigger, _next_working(end + timedelta(days=10)).isoformat())
        expected["9", actor, year] = (trigger, _next_working(_plus_months(end, 1)).isoformat())
    assert len(meetings) == 200
    assert len(expected) > 80
    assert found == expected
