"""Counting terms the way the Civil Code of Kazakhstan does (arts. 172-176).

Each function returns a :class:`DueDate`: the last day before and after any shift, and
the steps that got there, as facts (:mod:`decree_rules.time.steps`) that the explain layer
words for legal staff. See ``../shared/spec/deadlines.md`` for the rules.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import attrs

from decree_rules.core.facts import Step
from decree_rules.core.limits import DateOutOfRange
from decree_rules.core.periods import Period, month_length, period_bounds, quarter_bounds
from decree_rules.core.policies import CIVIL_CODE, Counting, Policy
from decree_rules.core.vocabulary import Unit
from decree_rules.time.calendars import (
    MAX_SEARCH,
    ONE_DAY,
    WorkingCalendar,
    next_working_day,
    previous_working_day,
)
from decree_rules.time.days import SkippedDay
from decree_rules.time.steps import (
    AddDays,
    AddMonths,
    AddWorkingDays,
    AnchorKind,
    ByDayOfNextMonth,
    ByFixedDate,
    Due,
    MonthClamp,
    MonthRunOn,
    NoticeFrom,
    NoticeMovedEarlier,
    NoticeUnshifted,
    ShiftDayOff,
    ShiftNotApplied,
    SubtractDays,
    SubtractMonths,
    SubtractWorkingDays,
    TermStart,
    TermStep,
    WindowDue,
    WindowSpan,
)

__all__ = [
    "AnchorRef",
    "DateOutOfRange",
    "DueDate",
    "add_days",
    "add_months",
    "deadline_after",
    "deadline_before",
    "deadline_day_of_next_month",
    "deadline_fixed",
    "window_deadline",
]


@attrs.frozen
class DueDate:
    """The last day of a term: before (``raw``) and after (``due``) any shift, with steps."""

    raw: date
    due: date
    steps: tuple[Step, ...]

    @property
    def shifted(self) -> bool:
        """Whether the last day moved to another working day (art. 175)."""
        return self.due != self.raw


@attrs.frozen
class AnchorRef:
    """What a term counts from: an event's start or end (``event``, of ``action``), the
    day a report was received, or a date."""

    kind: AnchorKind = AnchorKind.DATE
    event: str | None = None
    action: str | None = None


_A_DATE = AnchorRef()


def add_days(anchor: date, days: int) -> date:
    """``anchor`` plus ``days`` calendar days (negative goes back).

    Raises :class:`~decree_rules.core.limits.DateOutOfRange` past the ends of Python's dates.
    """
    try:
        return anchor + timedelta(days=days)
    except OverflowError:
        raise DateOutOfRange(f"{anchor.isoformat()} {_signed(days)} days") from None


def _signed(amount: int) -> str:
    return f"- {-amount}" if amount < 0 else f"+ {amount}"


@contextlib.contextmanager
def _within_dates(what: Callable[[], str]) -> Iterator[None]:
    """Turn date arithmetic that overflows into :class:`DateOutOfRange` naming the count."""
    try:
        yield
    except (OverflowError, DateOutOfRange):
        raise DateOutOfRange(what()) from None


def add_months(anchor: date, months: int) -> tuple[date, bool]:
    """``anchor`` plus ``months`` in one step, clamped to the month's end (art. 174).

    Returns the day and whether it was clamped. Never chain calls: 01-31 + 1 + 1 month is
    03-28, but + 2 months is 03-31. Raises :class:`~decree_rules.core.limits.DateOutOfRange`
    past the ends of Python's dates.
    """
    year, month0 = divmod(anchor.year * 12 + anchor.month - 1 + months, 12)
    if not date.min.year <= year <= date.max.year:
        raise DateOutOfRange(f"{anchor.isoformat()} {_signed(months)} months")
    month = month0 + 1
    length = month_length(year, month)
    if anchor.day > length:
        return date(year, month, length), True
    return date(year, month, anchor.day), False


def _months_step(
    anchor: date, amount: int, unit: Unit, counting: Counting, *, before: bool, next_day: bool
) -> tuple[date, TermStep]:
    """``anchor`` plus (or minus) the months of ``amount`` ``unit`` in one step."""
    months = amount if unit is Unit.MONTHS else 12 * amount
    clamped, was_clamped = add_months(anchor, -months if before else months)
    raw = clamped
    run_to: date | None = None
    if was_clamped and Policy.MONTH_CLAMP not in counting:
        # Without art. 174 the missing days run on into the next month.
        raw = run_to = clamped + timedelta(days=anchor.day - clamped.day)
    if not next_day:
        raw = max(anchor, raw - ONE_DAY)
    if not was_clamped:
        kind = SubtractMonths if before else AddMonths
        return raw, kind(amount, unit, raw)
    if run_to is None:
        return raw, MonthClamp(amount, unit, raw, clamped, anchor.day, before=before)
    return raw, MonthRunOn(amount, unit, raw, clamped, anchor.day, run_to, before=before)


def _finish(calendar: WorkingCalendar, raw: date, steps: list[TermStep], shift: bool) -> DueDate:
    """Append the last step: the raw day, or the next working day (art. 175)."""
    reasons = calendar.why_off(raw)
    if not reasons:
        steps.append(Due(raw, calendar.working_day_note(raw)))
        return DueDate(raw, raw, tuple(steps))
    if not shift:
        steps.append(ShiftNotApplied(raw, reasons))
        return DueDate(raw, raw, tuple(steps))
    due, skipped = next_working_day(calendar, raw)
    steps.append(ShiftDayOff(skipped, due, calendar.working_day_note(due)))
    return DueDate(raw, due, tuple(steps))


def _count_working_days(
    calendar: WorkingCalendar, anchor: date, amount: int, direction: int
) -> tuple[date, tuple[SkippedDay, ...]]:
    """The ``amount``-th working day after (direction 1) or before (-1) ``anchor``."""
    skipped: list[SkippedDay] = []
    current = anchor
    counted = 0
    gap = 0
    while counted < amount:
        current += timedelta(days=direction)
        reasons = calendar.why_off(current)
        if not reasons:
            counted += 1
            gap = 0
            continue
        skipped.append(SkippedDay(current, reasons))
        gap += 1
        if gap >= MAX_SEARCH:
            raise ValueError(
                f"{calendar.description}: no working day within {MAX_SEARCH} days "
                f"of {current.isoformat()}"
            )
    return current, tuple(skipped)


def _check_amount(amount: int) -> None:
    if amount < 0:
        raise ValueError(f"a term is counted in whole units, 0 or more; found {amount}")


def deadline_after(
    calendar: WorkingCalendar,
    anchor: date,
    amount: int,
    unit: Unit,
    *,
    start: AnchorRef = _A_DATE,
    shift: bool | None = None,
    counting: Counting = CIVIL_CODE,
) -> DueDate:
    """The last day of a term of ``amount`` ``unit`` after ``anchor`` (arts. 173-175).

    ``start`` says what the anchor is (an event's start or end, or a date).
    ``shift`` overrides the ``shift_forward`` policy of ``counting`` when given.
    """
    _check_amount(amount)
    with _within_dates(lambda: f"{anchor.isoformat()} + {amount} {unit.value}"):
        return _after(calendar, anchor, amount, unit, start=start, shift=shift, counting=counting)


def _after(
    calendar: WorkingCalendar,
    anchor: date,
    amount: int,
    unit: Unit,
    *,
    start: AnchorRef,
    shift: bool | None,
    counting: Counting,
) -> DueDate:
    if shift is None:
        shift = Policy.SHIFT_FORWARD in counting
    next_day = Policy.START_NEXT_DAY in counting
    steps: list[TermStep] = [TermStart(start.kind, anchor, next_day, start.event, start.action)]
    # Counting from the anchor itself makes the anchor the first of the days.
    base = anchor if next_day else anchor - ONE_DAY
    if unit is Unit.CALENDAR_DAYS:
        raw = max(anchor, add_days(base, amount))
        steps.append(AddDays(amount, raw))
    elif unit is Unit.MONTHS or unit is Unit.YEARS:
        raw, step = _months_step(anchor, amount, unit, counting, before=False, next_day=next_day)
        steps.append(step)
    elif unit is Unit.WORKING_DAYS:
        raw, skipped = _count_working_days(calendar, base, amount, 1)
        steps.append(AddWorkingDays(amount, raw, skipped))
    else:  # pragma: no cover - Unit is closed; this guards a future member
        raise ValueError(f"unsupported unit {unit!r}")
    return _finish(calendar, raw, steps, shift)


def deadline_before(
    calendar: WorkingCalendar,
    anchor: date,
    amount: int,
    unit: Unit,
    *,
    start: AnchorRef = _A_DATE,
    counting: Counting = CIVIL_CODE,
) -> DueDate:
    """The latest day of a notice counted back from ``anchor`` (rule 7); never moved.

    Moving it later would shorten the notice, and the law gives no rule to move it
    earlier, so a day off stays the last day.
    """
    _check_amount(amount)
    with _within_dates(lambda: f"{anchor.isoformat()} - {amount} {unit.value}"):
        return _before(calendar, anchor, amount, unit, start=start, counting=counting)


def _before(
    calendar: WorkingCalendar,
    anchor: date,
    amount: int,
    unit: Unit,
    *,
    start: AnchorRef,
    counting: Counting,
) -> DueDate:
    steps: list[TermStep] = [NoticeFrom(start.kind, anchor, start.event, start.action)]
    if unit is Unit.CALENDAR_DAYS:
        raw = add_days(anchor, -amount)
        steps.append(SubtractDays(amount, raw))
    elif unit is Unit.MONTHS or unit is Unit.YEARS:
        raw, step = _months_step(anchor, amount, unit, counting, before=True, next_day=True)
        steps.append(step)
    elif unit is Unit.WORKING_DAYS:
        raw, skipped = _count_working_days(calendar, anchor, amount, -1)
        steps.append(SubtractWorkingDays(amount, raw, skipped))
    else:  # pragma: no cover - Unit is closed; this guards a future member
        raise ValueError(f"unsupported unit {unit!r}")
    reasons = calendar.why_off(raw)
    if not reasons:
        return DueDate(raw, raw, tuple(steps))
    if Policy.NOTICE_UNSHIFTED in counting:
        steps.append(NoticeUnshifted(raw, reasons))
        return DueDate(raw, raw, tuple(steps))
    due, _ = previous_working_day(calendar, raw)
    steps.append(NoticeMovedEarlier(raw, reasons, due))
    return DueDate(raw, due, tuple(steps))


def deadline_fixed(
    calendar: WorkingCalendar,
    year: int,
    month: int,
    day: int,
    *,
    shift: bool | None = None,
    counting: Counting = CIVIL_CODE,
) -> DueDate:
    """A fixed day of ``year`` ("by 15 January"): the day itself included (rule 8), then moved."""
    if not date.min.year <= year <= date.max.year:
        raise DateOutOfRange(f"the year {year}")
    named = date(year, month, day)
    inclusive = Policy.FIXED_DATE_INCLUSIVE in counting
    if shift is None:
        shift = Policy.SHIFT_FORWARD in counting
    with _within_dates(lambda: f"{named.isoformat()} and the working day after it"):
        raw = named if inclusive else named - ONE_DAY
        step = ByFixedDate(day, month, year, named, raw, inclusive)
        return _finish(calendar, raw, [step], shift)


def deadline_day_of_next_month(
    calendar: WorkingCalendar,
    period: Period,
    day: int,
    *,
    shift: bool | None = None,
    counting: Counting = CIVIL_CODE,
) -> DueDate:
    """Day ``day`` of the month after ``period`` ends (e.g. the 10th), then moved (art. 175).

    A day the month lacks (the 31st of April) is its last day, as in art. 174.
    """
    if not 1 <= day <= 31:
        raise ValueError(f"a day of the month is 1..31, found {day}")
    if not date.min.year <= period.year <= date.max.year:
        raise DateOutOfRange(f"the period {period}")
    with _within_dates(lambda: f"day {day} of the month after {period}"):
        return _day_of_next_month(calendar, period, day, shift, counting)


def _day_of_next_month(
    calendar: WorkingCalendar, period: Period, day: int, shift: bool | None, counting: Counting
) -> DueDate:
    end = period_bounds(period)[1]
    first = end + ONE_DAY
    length = month_length(first.year, first.month)
    named = first.replace(day=min(day, length))
    inclusive = Policy.FIXED_DATE_INCLUSIVE in counting
    raw = named if inclusive else named - ONE_DAY
    if shift is None:
        shift = Policy.SHIFT_FORWARD in counting
    step = ByDayOfNextMonth(period, end, day, named, raw, inclusive, short_month=day > length)
    return _finish(calendar, raw, [step], shift)


def window_deadline(year: int, quarter: int) -> DueDate:
    """The last day of a quarter's window (rule 4); a window is never moved (rule 5 aside)."""
    first, last = quarter_bounds(year, quarter)
    return DueDate(last, last, (WindowSpan(quarter, year, first, last), WindowDue(last)))
