"""One deadline, asked the way ``decree-rules due`` (and later the service) asks it.

A :class:`DueQuestion` holds the fields as given (text and whole numbers); :func:`answer`
checks them, counts the term with :mod:`decree_rules.time.terms` and returns a
:class:`DueAnswer` of facts. A field that cannot be used is a
:class:`~decree_rules.core.diagnostics.UsageError` that names it: ``field_name`` says how
(``--tz`` on the command line).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import attrs

from decree_rules.core.diagnostics import DecreeRulesError, UsageError
from decree_rules.core.limits import FIRST_DAY, LAST_DAY, MAX_TERMS, TERM_REASON, iso_date
from decree_rules.core.periods import Period
from decree_rules.core.policies import Counting
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import DEFAULT_TZ, Unit
from decree_rules.lang.load import load_counting
from decree_rules.time import terms
from decree_rules.time.calendars import WorkingCalendar
from decree_rules.time.days import CalendarNotice
from decree_rules.time.terms import DueDate
from decree_rules.time.zones import UnknownZoneError, load_zone, local_day


@attrs.frozen
class DueQuestion:
    """A deadline to count: from ``after`` or ``before`` (a date or date-time) a term of
    ``days``, ``working_days``, ``months`` or ``years``; or ``by`` a fixed date; or for a
    ``quarter`` (``2020-Q4``), day ``day_of_next_month`` of the month after it, or the
    quarter's window. ``tz`` is the office's zone, ``counting`` the policies."""

    after: str | None = None
    before: str | None = None
    quarter: str | None = None
    by: str | None = None
    days: int | None = None
    working_days: int | None = None
    months: int | None = None
    years: int | None = None
    day_of_next_month: int | None = None
    tz: str = DEFAULT_TZ
    counting: str = "civil_code"


@attrs.frozen
class DueAnswer:
    """The deadline with its steps, the anchor's local day, the counting policies used,
    the calendar's description and what its data lacks for the years of the dates."""

    deadline: DueDate
    anchor: date | None
    counting: Counting
    calendar: str
    notices: tuple[CalendarNotice, ...]


# A date YYYY-MM-DD, then T (or a space) and a time: the event log's date-times.
_DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ].+", re.ASCII | re.DOTALL)


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def answer(
    question: DueQuestion,
    calendar: WorkingCalendar,
    *,
    where: str = "decree-rules due",
    field_name: Callable[[str], str] = _option,
) -> DueAnswer:
    """Count the deadline ``question`` asks for on ``calendar``."""
    asking = _Asking(question, where, field_name)
    counting = asking.counting()
    deadline, anchor = asking.deadline(calendar, counting)
    years = sorted({deadline.raw.year, deadline.due.year})
    notices = tuple(n for n in (calendar.data_warning(y) for y in years) if n is not None)
    return DueAnswer(deadline, anchor, counting, calendar.description, notices)


class _Asking:
    """The checks of one question, each naming the field at fault."""

    def __init__(self, question: DueQuestion, where: str, name: Callable[[str], str]) -> None:
        self.question = question
        self.where = where
        self.name = name

    def bad(self, code: str, field: str, message: str, hint: str, **values: object) -> UsageError:
        where = Location(self.where, field=self.name(field))
        return UsageError(message, where, code=code, hint=hint, args=values)

    def counting(self) -> Counting:
        question = self.question
        try:
            load_zone(question.tz)
        except UnknownZoneError:
            message = f"unknown time zone {question.tz!r}"
            raise self.bad(
                "DR-U003", "tz", message, "e.g. --tz Asia/Aqtobe", zone=question.tz
            ) from None
        try:
            line = load_counting(question.counting, filename=self.name("counting"))
        except DecreeRulesError as exc:
            # The words of a counting line, read by the grammar; the field keeps its own
            # wording, made from the first finding's values.
            first = exc.diagnostics[0]
            if first.code == "DR-R009":  # an unknown counting policy
                raise self.bad(
                    "DR-U004",
                    "counting",
                    f"unknown counting policy {first.args['name']!r}",
                    "expected " + ", ".join(first.args["expected"]),
                    name=first.args["name"],
                ) from None
            raise self.bad(
                "DR-U005",
                "counting",
                f"expected policy names, found {question.counting!r}",
                "e.g. --counting civil_code  or  --counting 'civil_code without shift_forward'",
            ) from None
        names = [term.name for term in line.names]
        return Counting.from_names(names, [term.name for term in line.without])

    def term(self) -> tuple[int, Unit | None]:
        question = self.question
        for amount, unit, field in (
            (question.days, Unit.CALENDAR_DAYS, "days"),
            (question.working_days, Unit.WORKING_DAYS, "working_days"),
            (question.months, Unit.MONTHS, "months"),
            (question.years, Unit.YEARS, "years"),
        ):
            if amount is None:
                continue
            limit = MAX_TERMS[unit]
            if not 0 <= amount <= limit:
                too = "longer than a year" if amount > limit else "negative"
                raise self.bad(
                    "DR-U023",
                    field,
                    f"a term of {amount:,} {unit.value} is {too} (0 to {limit} {unit.value})",
                    f"{TERM_REASON}; e.g. --months 1 or --days 10",
                    amount=amount,
                    unit=unit.value,
                    limit=limit,
                )
            return amount, unit
        return 0, None

    def moment(self, text: str, field: str) -> date | datetime:
        try:
            if _DATE_TIME.fullmatch(text):
                found: date | datetime = datetime.fromisoformat(text)
            else:
                found = iso_date(text)
        except ValueError:
            raise UsageError(
                f"expected a date like 2018-02-27 or a date-time like 2023-12-31T18:30:00Z, "
                f"found {text!r}",
                Location(self.where, field=self.name(field)),
                code="DR-U011",
                args={"text": text},
            ) from None
        day = found.date() if isinstance(found, datetime) else found
        if not FIRST_DAY <= day <= LAST_DAY:
            raise self.out_of_range(field, day.isoformat())
        return found

    def out_of_range(self, field: str, shown: str) -> UsageError:
        return self.bad(
            "DR-U022",
            field,
            f"{shown} is outside the years the working-day calendar covers, "
            f"{FIRST_DAY.year} to {LAST_DAY.year}",
            f"a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}, e.g. "
            f"--{self.name(field).lstrip('-')} 2018-02-27"
            if field != "quarter"
            else "e.g. --quarter 2020-Q4",
            value=shown,
            first=FIRST_DAY.isoformat(),
            last=LAST_DAY.isoformat(),
        )

    def deadline(
        self, calendar: WorkingCalendar, counting: Counting
    ) -> tuple[DueDate, date | None]:
        question = self.question
        if question.after or question.before:
            return self._from_anchor(calendar, counting)
        if question.by:
            day = self.moment(question.by, "by")
            if isinstance(day, datetime):
                raise self.bad(
                    "DR-U007", "by", "expected a date, found a date-time", "e.g. --by 2023-01-15"
                )
            return terms.deadline_fixed(
                calendar, day.year, day.month, day.day, counting=counting
            ), None
        return self._for_period(calendar, counting), None

    def _from_anchor(self, calendar: WorkingCalendar, counting: Counting) -> tuple[DueDate, date]:
        question = self.question
        field = "after" if question.after else "before"
        text = question.after or question.before
        assert text is not None
        anchor = local_day(self.moment(text, field), question.tz)
        amount, unit = self.term()
        if unit is None:
            raise self.bad(
                "DR-U006", field, "a term needs a length", "e.g. --days 10 or --months 1"
            )
        count = terms.deadline_after if question.after else terms.deadline_before
        return count(calendar, anchor, amount, unit, counting=counting), anchor

    def _for_period(self, calendar: WorkingCalendar, counting: Counting) -> DueDate:
        question = self.question
        try:
            period = Period.parse(question.quarter or "")
        except ValueError as exc:
            raise self.bad(
                "DR-U008", "quarter", str(exc), "e.g. --quarter 2020-Q4", period=question.quarter
            ) from None
        if not FIRST_DAY.year <= period.year <= LAST_DAY.year:
            raise self.out_of_range("quarter", str(period))
        day = question.day_of_next_month
        if day is not None:
            if not 1 <= day <= 31:
                raise self.bad(
                    "DR-U009",
                    "day_of_next_month",
                    f"there is no day {day} in a month",
                    "a day from 1 to 31, e.g. --day-of-next-month 10",
                    day=day,
                )
            return terms.deadline_day_of_next_month(calendar, period, day, counting=counting)
        if period.quarter is not None and self.term()[1] is None:
            return terms.window_deadline(period.year, period.quarter)
        raise self.bad(
            "DR-U010",
            "quarter",
            "a period needs --day-of-next-month N, or is a quarter's window by itself",
            "e.g. --quarter 2020-Q4 --day-of-next-month 10",
        )
