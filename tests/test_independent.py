"""Due dates from the evaluator against a second, independent reading of the law.

The reference below uses the ``holidays`` package directly and the standard library's
``calendar`` module; it shares no code with ``decree_rules.calendar``.
"""

from __future__ import annotations

import calendar as stdlib
from datetime import date, timedelta
from functools import cache

import holidays
from hypothesis import given
from hypothesis import strategies as st

from decree_rules.evaluation import Report, evaluate
from decree_rules.records import Actor, Event, Period
from decree_rules.validation import load_decree
from decree_rules.vocabulary import Action, Level, Role

DECREE = load_decree()
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
    return evaluate(DECREE, [actor], events, as_of)


def _due(report: Report, rule: str, period: str | None = None) -> date | None:
    (finding,) = [f for f in report.findings if f.rule == rule and period in (None, f.period)]
    return finding.due


@given(days)
def test_ten_days_after_a_meeting_ends(end: date) -> None:
    meeting = Event("m", REGION.id, Action.REPORTING_MEETING, end)
    report = _run(REGION, [meeting], date(2025, 12, 31))
    assert _due(report, "6") == _next_working(end + timedelta(days=10))


@given(days)
def test_one_month_after_a_meeting_ends(end: date) -> None:
    meeting = Event("m", REGION.id, Action.REPORTING_MEETING, end)
    report = _run(REGION, [meeting], date(2025, 12, 31))
    assert _due(report, "9") == _next_working(_plus_months(end, 1))


@given(days)
def test_notice_ten_days_before_a_meeting_is_never_moved(start: date) -> None:
    meeting = Event("m", REGION.id, Action.REPORTING_MEETING, start)
    report = _run(REGION, [meeting], date(2025, 12, 31))
    assert _due(report, "5") == start - timedelta(days=10)


@given(st.integers(2016, 2024), st.integers(1, 4))
def test_progress_by_the_tenth_of_the_next_month(year: int, quarter: int) -> None:
    meeting = Event("m", REGION.id, Action.REPORTING_MEETING, date(2016, 1, 20))
    report = _run(REGION, [meeting], date(2025, 12, 31))
    expected = _next_working(_plus_months(date(year, 3 * quarter, 10), 1))
    assert _due(report, "7", str(Period(year, quarter))) == expected


def test_schedule_approval_by_15_january_every_year() -> None:
    report = _run(GOVERNMENT, [], date(2025, 12, 31))
    for year in range(2016, 2026):
        assert _due(report, "12.2", str(year)) == _next_working(date(year, 1, 15))
