"""The words of facts, for tests that assert on sentences legal staff read.

The library's calendars and term arithmetic return facts; these helpers word them with the
explain layer, so a test can say what the report would say.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from decree_rules.explain.sentences import calendar_notice, day_off, sentences, workday_note
from decree_rules.time.calendars import WorkingCalendar, is_working_day
from decree_rules.time.steps import AnchorKind
from decree_rules.time.terms import AnchorRef, DueDate

MEETING_ENDED = AnchorRef(AnchorKind.MEETING_ENDS, "e1", "reporting_meeting")
MEETING_STARTS = AnchorRef(AnchorKind.MEETING_STARTS, "e1", "reporting_meeting")


def lines(deadline: DueDate) -> tuple[str, ...]:
    """The sentences of a deadline's steps."""
    return sentences(deadline.steps)


def reason_off(calendar: WorkingCalendar, day: date) -> str | None:
    """Why ``day`` is off, as a report says it; None for a working day."""
    reasons = calendar.why_off(day)
    return day_off(reasons) if reasons else None


def note(calendar: WorkingCalendar, day: date) -> str | None:
    """The note on a worked weekend day, as a report says it."""
    found = calendar.working_day_note(day)
    return workday_note(found) if found is not None else None


def warning(calendar: WorkingCalendar, year: int) -> str | None:
    """The calendar's data warning for ``year``, as a report says it."""
    found = calendar.data_warning(year)
    return calendar_notice(found) if found is not None else None


def working(calendar: WorkingCalendar, day: date) -> bool:
    assert is_working_day(calendar, day) == (not calendar.why_off(day))
    return is_working_day(calendar, day)


def estimated(calendar: WorkingCalendar, year: int) -> tuple[tuple[date, str], ...]:
    return tuple((h.day, h.name) for h in calendar.estimated_holidays(year))


def warnings_of(report: Any) -> list[str]:
    from decree_rules.explain.sentences import sentence

    return [sentence(w) for w in report.warnings]
