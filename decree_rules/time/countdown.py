"""How far a due date is from a day, in calendar days and in working days: as a fact.

``decree-rules agenda`` tells each duty's time left (or how long it is overdue) counted
with the check's own working-day calendar, so that a ``--calendar`` file's days off count
the same way for both. The count is of the days after ``as_of`` up to the due date, or
after the due date up to ``as_of`` when it has passed: the day itself is never counted,
as a term never counts the day it runs from (Civil Code art. 173).

>>> from datetime import date
>>> from decree_rules.time.calendars import FixedCalendar
>>> weekdays = FixedCalendar()
>>> left = countdown(weekdays, date(2025, 7, 4), date(2025, 7, 7))  # Fri -> Mon
>>> left.calendar_days, left.working_days
(3, 1)
>>> countdown(weekdays, date(2025, 7, 7), date(2025, 7, 4)).overdue
True
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from decree_rules.core.facts import Fact
from decree_rules.time.calendars import WorkingCalendar, is_working_day

__all__ = ["Countdown", "countdown", "working_days_between"]


@attrs.frozen
class Countdown(Fact):
    """The time from ``as_of`` to ``due``.

    ``calendar_days`` is ``due - as_of`` in days: positive while days are left, 0 on the
    due day, negative once overdue (by that many days). ``working_days`` has the same
    sign: the working days after ``as_of`` up to and including ``due`` (or, overdue, the
    working days after ``due`` up to and including ``as_of``, negated).
    """

    kind = "countdown"
    as_of: date
    due: date
    calendar_days: int
    working_days: int

    @property
    def overdue(self) -> bool:
        """Whether the due date has passed as of ``as_of``."""
        return self.calendar_days < 0

    @property
    def due_today(self) -> bool:
        """Whether ``as_of`` is the due date itself."""
        return self.calendar_days == 0


def working_days_between(calendar: WorkingCalendar, after: date, through: date) -> int:
    """How many working days of ``calendar`` lie after ``after`` up to and including
    ``through`` (0 when ``through`` is not after ``after``)."""
    count = 0
    day = after + timedelta(days=1)
    while day <= through:
        if is_working_day(calendar, day):
            count += 1
        day += timedelta(days=1)
    return count


def countdown(calendar: WorkingCalendar, as_of: date, due: date) -> Countdown:
    """The calendar and working days from ``as_of`` to ``due`` (negative: overdue)."""
    days = (due - as_of).days
    if days >= 0:
        working = working_days_between(calendar, as_of, due)
    else:
        working = -working_days_between(calendar, due, as_of)
    return Countdown(as_of, due, days, working)
