"""Counting terms the way the Civil Code of Kazakhstan does (arts. 172-176).

Every deadline carries its arithmetic as plain English steps, because legal staff read
them next to each finding; see ``../shared/spec/deadlines.md`` for the rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import attrs
from holidays import HolidayBase, country_holidays
from holidays.version import __version__ as _HOLIDAYS_VERSION

from decree_rules.core.periods import Period, month_length, period_bounds, quarter_bounds
from decree_rules.core.policies import CIVIL_CODE, Counting, Policy
from decree_rules.core.vocabulary import MONTH_NAMES, Unit
from decree_rules.time.zones import load_zone

# English names, not strftime's: %a and %B follow the process locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# A calendar where no working day comes within this many days is broken; stop rather
# than loop forever (the longest real run of days off in Kazakhstan is under two weeks).
_MAX_SEARCH = 366

ONE_DAY = timedelta(days=1)


# --- calendars ------------------------------------------------------------------------


@runtime_checkable
class WorkingCalendar(Protocol):
    """Which days are working days, and why the others are not."""

    @property
    def description(self) -> str:
        """What the calendar is and which data it comes from, for reports."""
        ...

    def day_off_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (e.g. ``a Sunday``); None for a working day."""
        ...

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""
        ...

    def working_day_note(self, day: date) -> str | None:
        """A note for a working day that looks like a day off (a weekend day made working)."""
        ...

    def data_warning(self, year: int) -> str | None:
        """A sentence when the data for ``year`` is missing or only estimated; else None."""
        ...


def _weekday_phrase(day: date) -> str:
    return f"a {_WEEKDAY_NAMES[day.weekday()]}"


# holidays names the Government's transfers "Day off (substituted from MM/DD/YYYY)"
# in its en_US translation.
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")
_OBSERVED = re.compile(r"^(.*) \(observed\)$")


def _holiday_phrase(name: str) -> str:
    """One holidays.KZ name as a phrase legal staff can read."""
    substituted = _SUBSTITUTED.match(name)
    if substituted is not None:
        month, day, year = (int(part) for part in substituted.groups())
        try:
            source = date(year, month, day)
        except ValueError:
            return f"a public holiday ({name})"
        return f"a day off moved by the Government from {fmt_day(source)}"
    observed = _OBSERVED.match(name)
    if observed is not None:
        return f"a day off in place of {observed.group(1)}, which fell on a weekend"
    return f"a public holiday ({name})"


class KazakhCalendar:
    """The working-day calendar of Kazakhstan from the ``holidays`` package (country KZ).

    Weekends are Saturday and Sunday; public holidays, holidays moved off a weekend and
    the Government's yearly transfers come from ``holidays.KZ``, whose
    ``weekend_workdays`` are weekend days made working days. Years load on first use.
    """

    _WEEKEND = (5, 6)

    def __init__(self) -> None:
        self._years: dict[int, HolidayBase] = {}

    @property
    def description(self) -> str:
        return f"holidays {_HOLIDAYS_VERSION} (Kazakhstan)"

    def _year(self, year: int) -> HolidayBase:
        data = self._years.get(year)
        if data is None:
            # en_US: the default language of KZ is Kazakh, and the reasons are parsed.
            # expand=False: a lookup must not silently load other years into this one.
            data = country_holidays("KZ", years=year, language="en_US", expand=False)
            self._years[year] = data
        return data

    def _names(self, day: date) -> tuple[str, ...]:
        names: list[str] = []
        for name in self._year(day.year).get_list(day):
            if name not in names:
                names.append(name)
        return tuple(names)

    def _weekend_workday(self, day: date) -> bool:
        return day.weekday() in self._WEEKEND and day in self._year(day.year).weekend_workdays

    def day_off_reason(self, day: date) -> str | None:
        reasons = [_holiday_phrase(name) for name in self._names(day)]
        if day.weekday() in self._WEEKEND and not self._weekend_workday(day):
            reasons.append(_weekday_phrase(day))
        return " and ".join(reasons) if reasons else None

    def is_working_day(self, day: date) -> bool:
        return self.day_off_reason(day) is None

    def working_day_note(self, day: date) -> str | None:
        if self._weekend_workday(day) and not self._names(day):
            return f"{_weekday_phrase(day)} made a working day by the Government"
        return None

    def data_warning(self, year: int) -> str | None:
        """Whether holidays.KZ only estimates ``year`` or lacks the Government's transfers.

        Kurban ait (Eid al-Adha) is marked estimated until its date is announced, and the
        transfers of days off come in a Government resolution each year, which a package
        released before it cannot know. Some past years had no transfers at all (2015), so
        only a year later than the latest year with any transfer data is flagged.
        """
        version = _HOLIDAYS_VERSION
        data = self._year(year)
        first, last = int(data.start_year), int(data.end_year)
        if not first <= year <= last:
            return (
                f"{year}: holidays {version} has no Kazakh calendar for {year} (it covers "
                f"{first}-{last}); only Saturdays and Sundays are days off in {year}"
            )
        estimated = self.estimated_holidays(year)
        latest = self._latest_transfer_year(data)
        no_transfers = latest is None or year > latest
        if not estimated and not no_transfers:
            return None
        parts = []
        if estimated:
            names = [f"{name} as estimated ({day.isoformat()})" for day, name in estimated]
            parts.append("gives " + " and ".join(names))
        if no_transfers:
            parts.append(f"has no Government transfer resolution for {year}")
            effect = "a transferred day"
        else:
            effect = "a day if the holiday is announced for another day"
        facts = " and ".join(parts)
        return f"{year}: holidays {version} {facts}; dates in {year} may be off by {effect}"

    def estimated_holidays(self, year: int) -> tuple[tuple[date, str], ...]:
        """The holidays of ``year`` whose date holidays.KZ only estimates, as readable names."""
        found: list[tuple[date, str]] = []
        data = self._year(year)
        for day in sorted(data):
            for name in data.get_list(day):
                if not name.endswith("estimated)"):
                    continue
                base, _, label = name.rpartition(" (")
                observed = " (observed)" if label.startswith("observed") else ""
                if base == "Eid al-Adha":
                    base = "Eid al-Adha (Kurban ait)"
                found.append((day, base + observed))
        return tuple(found)

    def _has_transfers(self, year: int) -> bool:
        """Whether holidays.KZ has any Government transfer (day off or working day) in ``year``."""
        data = self._year(year)
        if any(day.year == year for day in data.weekend_workdays):
            return True
        return any(
            _SUBSTITUTED.match(name) is not None for day in data for name in data.get_list(day)
        )

    def _latest_transfer_year(self, data: HolidayBase) -> int | None:
        """The latest year of the package's range with transfer data.

        holidays keeps its special days in a table by year (``special_public_holidays``);
        only those years are checked, latest first, so a call loads a year or two. Without
        the table (another release) every year of the range is checked.
        """
        first, last = int(data.start_year), int(data.end_year)
        table = getattr(data, "special_public_holidays", None)
        years = table if isinstance(table, dict) else range(first, last + 1)
        for year in sorted((y for y in years if first <= y <= last), reverse=True):
            if self._has_transfers(year):
                return year
        return None


def _freeze_days_off(days_off: Mapping[date, str]) -> Mapping[date, str]:
    return MappingProxyType(dict(days_off))


def _freeze_days(days: Collection[date]) -> frozenset[date]:
    return frozenset(days)


def _freeze_weekend(weekend: Collection[int]) -> frozenset[int]:
    days = frozenset(weekend)
    if not days <= frozenset(range(7)):
        raise ValueError(f"weekend days are 0 (Monday) .. 6 (Sunday), found {sorted(days)}")
    return days


@attrs.frozen
class FixedCalendar:
    """A calendar given in full: days off with their reasons, and weekend days made working.

    ``days_off`` values are used as the reason verbatim (e.g. ``a public holiday (X)``).
    """

    # hash=False: a read-only mapping is not hashable; equality still compares it.
    days_off: Mapping[date, str] = attrs.field(factory=dict, converter=_freeze_days_off, hash=False)
    working_days: frozenset[date] = attrs.field(default=(), converter=_freeze_days)
    weekend: frozenset[int] = attrs.field(default=(5, 6), converter=_freeze_weekend)
    description: str = "fixed calendar"

    def day_off_reason(self, day: date) -> str | None:
        reasons: list[str] = []
        if day in self.days_off:
            reasons.append(self.days_off[day])
        if day.weekday() in self.weekend and day not in self.working_days:
            reasons.append(_weekday_phrase(day))
        return " and ".join(reasons) if reasons else None

    def is_working_day(self, day: date) -> bool:
        return self.day_off_reason(day) is None

    def working_day_note(self, day: date) -> str | None:
        weekend = day.weekday() in self.weekend
        if weekend and day in self.working_days and day not in self.days_off:
            return f"{_weekday_phrase(day)} made a working day"
        return None

    def data_warning(self, year: int) -> str | None:
        """Always None: a fixed calendar is exactly the data its user gave."""
        return None


# --- days and instants ----------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def fmt_day(day: date) -> str:
    """``Fri 2018-03-09``, whatever the locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}"


def local_day(moment: date | datetime, tz: str) -> date:
    """The local day of ``moment`` in zone ``tz`` (rule 1).

    A date is already a local day; a naive datetime is local wall time in ``tz``; an aware
    datetime is converted to ``tz``. The zone is checked in every case so a bad name fails
    the same way whatever the moment.
    """
    zone = load_zone(tz)
    if not isinstance(moment, datetime):
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.date()
    return moment.astimezone(zone).date()


def to_instant(moment: date | datetime, tz: str) -> datetime:
    """The instant of ``moment``, in UTC: a date is its local midnight, naive is read in ``tz``.

    UTC, not ``tz``: Python compares two datetimes of one zone by wall time, ignoring
    ``fold``, and calls a repeated wall time unequal to every instant of another zone
    (PEP 495), so only a fixed-offset result orders and compares correctly.
    """
    zone = load_zone(tz)
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(0), tzinfo=zone).astimezone(UTC)
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A wall time repeated by a clock change (Almaty, 2024-02-29 23:00-23:59) is its
        # first occurrence unless the caller set fold=1; records parsed from text have 0.
        return moment.replace(tzinfo=zone).astimezone(UTC)
    return moment.astimezone(UTC)


def add_days(anchor: date, days: int) -> date:
    """``anchor`` plus ``days`` calendar days (negative goes back)."""
    return anchor + timedelta(days=days)


def add_months(anchor: date, months: int) -> tuple[date, bool]:
    """``anchor`` plus ``months`` in one step, clamped to the month's end (art. 174).

    Returns the day and whether it was clamped. Never chain calls: 01-31 + 1 + 1 month is
    03-28, but + 2 months is 03-31.
    """
    year, month0 = divmod(anchor.year * 12 + anchor.month - 1 + months, 12)
    month = month0 + 1
    length = month_length(year, month)
    if anchor.day > length:
        return date(year, month, length), True
    return date(year, month, anchor.day), False


def next_working_day(
    calendar: WorkingCalendar, day: date
) -> tuple[date, tuple[tuple[date, str], ...]]:
    """The earliest working day on or after ``day``, and the days off skipped, with reasons."""
    return _nearest_working_day(calendar, day, ONE_DAY)


def previous_working_day(
    calendar: WorkingCalendar, day: date
) -> tuple[date, tuple[tuple[date, str], ...]]:
    """The latest working day on or before ``day``, and the days off skipped, with reasons."""
    return _nearest_working_day(calendar, day, -ONE_DAY)


def _nearest_working_day(
    calendar: WorkingCalendar, day: date, step: timedelta
) -> tuple[date, tuple[tuple[date, str], ...]]:
    skipped: list[tuple[date, str]] = []
    current = day
    for _ in range(_MAX_SEARCH):
        reason = calendar.day_off_reason(current)
        if reason is None:
            return current, tuple(skipped)
        skipped.append((current, reason))
        current += step
    raise ValueError(
        f"{calendar.description}: no working day within {_MAX_SEARCH} days of {fmt_day(day)}"
    )


# --- deadlines ------------------------------------------------------------------------


@attrs.frozen
class Deadline:
    """The last day of a term: before (``raw``) and after (``due``) any shift, with steps."""

    raw: date
    due: date
    steps: tuple[str, ...]

    @property
    def shifted(self) -> bool:
        """Whether the last day moved to a later working day (art. 175)."""
        return self.due != self.raw


def _plural(amount: int, singular: str, plural: str) -> str:
    return f"{amount} {singular if abs(amount) == 1 else plural}"


def _month_words(amount: int, unit: Unit) -> str:
    if unit is Unit.MONTHS:
        return _plural(amount, "month", "months")
    return _plural(amount, "year", "years")


def _clamp_note(day: date, wanted: int) -> str:
    return (
        f"{MONTH_NAMES[day.month - 1]} {day.year} has no day {wanted}: "
        "the last day of the month, Civil Code art. 174, month_clamp"
    )


def _months_later(anchor: date, months: int, counting: Counting) -> tuple[date, str]:
    """``anchor`` + ``months`` in one step, and a note when the day had to be fitted."""
    raw, clamped = add_months(anchor, months)
    if not clamped:
        return raw, ""
    if Policy.MONTH_CLAMP in counting:
        return raw, f" ({_clamp_note(raw, anchor.day)})"
    # Without art. 174 the missing days run on into the next month.
    rolled = raw + timedelta(days=anchor.day - raw.day)
    return rolled, (
        f" ({MONTH_NAMES[raw.month - 1]} {raw.year} has no day {anchor.day}: the count runs on "
        f"to {fmt_day(rolled)}; month_clamp is not applied)"
    )


def _due_step(calendar: WorkingCalendar, day: date) -> str:
    note = calendar.working_day_note(day)
    return f"due {fmt_day(day)}" if note is None else f"due {fmt_day(day)}, {note}"


def _finish(calendar: WorkingCalendar, raw: date, steps: list[str], shift: bool) -> Deadline:
    """Append the last step: the raw day, or the next working day (art. 175)."""
    reason = calendar.day_off_reason(raw)
    if reason is None:
        steps.append(_due_step(calendar, raw))
        return Deadline(raw, raw, tuple(steps))
    if not shift:
        steps.append(
            f"{fmt_day(raw)} is {reason}; due {fmt_day(raw)} all the same "
            "(shift_forward is not applied to this term)"
        )
        return Deadline(raw, raw, tuple(steps))
    due, skipped = next_working_day(calendar, raw)
    parts = [f"{fmt_day(day)} is {why}" for day, why in skipped]
    last = f"due {fmt_day(due)}, the next working day (Civil Code art. 175, shift_forward)"
    note = calendar.working_day_note(due)
    if note is not None:
        last += f": {note}"
    steps.append("; ".join([*parts, last]))
    return Deadline(raw, due, tuple(steps))


def _count_working_days(
    calendar: WorkingCalendar, anchor: date, amount: int, direction: int
) -> tuple[date, tuple[tuple[date, str], ...]]:
    """The ``amount``-th working day after (direction 1) or before (-1) ``anchor``."""
    skipped: list[tuple[date, str]] = []
    current = anchor
    counted = 0
    gap = 0
    while counted < amount:
        current += timedelta(days=direction)
        reason = calendar.day_off_reason(current)
        if reason is None:
            counted += 1
            gap = 0
            continue
        skipped.append((current, reason))
        gap += 1
        if gap >= _MAX_SEARCH:
            raise ValueError(
                f"{calendar.description}: no working day within {_MAX_SEARCH} days "
                f"of {fmt_day(current)}"
            )
    return current, tuple(skipped)


def _skipped_note(skipped: tuple[tuple[date, str], ...]) -> str | None:
    """The days off not counted: plain weekend days as a number, the rest by name."""
    weekend = 0
    named: list[str] = []
    for day, reason in skipped:
        if reason == _weekday_phrase(day):
            weekend += 1
        else:
            named.append(f"{fmt_day(day)}, {reason}")
    if weekend:
        named.append(_plural(weekend, "weekend day", "weekend days"))
    if not named:
        return None
    return "days off not counted: " + "; ".join(named)


def _check_amount(amount: int) -> None:
    if amount < 0:
        raise ValueError(f"a term is counted in whole units, 0 or more; found {amount}")


def deadline_after(
    calendar: WorkingCalendar,
    anchor: date,
    amount: int,
    unit: Unit,
    *,
    anchor_text: str,
    shift: bool | None = None,
    counting: Counting = CIVIL_CODE,
) -> Deadline:
    """The last day of a term of ``amount`` ``unit`` after ``anchor`` (arts. 173-175).

    ``anchor_text`` is the caller's words for the anchor, e.g. ``the meeting ended``.
    ``shift`` overrides the ``shift_forward`` policy of ``counting`` when given.
    """
    _check_amount(amount)
    if shift is None:
        shift = Policy.SHIFT_FORWARD in counting
    next_day = Policy.START_NEXT_DAY in counting
    if next_day:
        start = "the term starts the next day (Civil Code art. 173, start_next_day)"
    else:
        start = "the term starts that same day (start_next_day is not applied)"
    steps = [f"{anchor_text} {fmt_day(anchor)}; {start}"]
    # Counting from the anchor itself makes the anchor the first of the days.
    base = anchor if next_day else anchor - ONE_DAY
    if unit is Unit.CALENDAR_DAYS:
        raw = max(anchor, add_days(base, amount))
        steps.append(f"+{_plural(amount, 'calendar day', 'calendar days')} = {fmt_day(raw)}")
    elif unit is Unit.MONTHS or unit is Unit.YEARS:
        months = amount if unit is Unit.MONTHS else 12 * amount
        raw, note = _months_later(anchor, months, counting)
        if not next_day:
            raw = max(anchor, raw - ONE_DAY)
        steps.append(f"+{_month_words(amount, unit)} = {fmt_day(raw)}{note}")
    elif unit is Unit.WORKING_DAYS:
        raw, skipped = _count_working_days(calendar, base, amount, 1)
        step = f"+{_plural(amount, 'working day', 'working days')} = {fmt_day(raw)}"
        skipped_note = _skipped_note(skipped)
        if skipped_note is not None:
            step += f" ({skipped_note})"
        steps.append(step)
    else:  # pragma: no cover - Unit is closed; this guards a future member
        raise ValueError(f"unsupported unit {unit!r}")
    return _finish(calendar, raw, steps, shift)


def deadline_before(
    calendar: WorkingCalendar,
    anchor: date,
    amount: int,
    unit: Unit,
    *,
    anchor_text: str,
    last_day_text: str = "the last day to publish",
    counting: Counting = CIVIL_CODE,
) -> Deadline:
    """The latest day of a notice counted back from ``anchor`` (rule 7); never moved.

    Moving it later would shorten the notice, and the law gives no rule to move it
    earlier, so a day off stays the last day.
    """
    _check_amount(amount)
    steps = [f"{anchor_text} {fmt_day(anchor)}"]
    if unit is Unit.CALENDAR_DAYS:
        raw = add_days(anchor, -amount)
        words = _plural(amount, "calendar day", "calendar days")
        steps.append(f"{words} before = {fmt_day(raw)}: {last_day_text}")
    elif unit is Unit.MONTHS or unit is Unit.YEARS:
        months = amount if unit is Unit.MONTHS else 12 * amount
        raw, clamp = _months_later(anchor, -months, counting)
        words = _month_words(amount, unit)
        steps.append(f"{words} before = {fmt_day(raw)}{clamp}: {last_day_text}")
    elif unit is Unit.WORKING_DAYS:
        raw, skipped = _count_working_days(calendar, anchor, amount, -1)
        words = _plural(amount, "working day", "working days")
        note = _skipped_note(skipped)
        extra = f" ({note})" if note is not None else ""
        steps.append(f"{words} before = {fmt_day(raw)}{extra}: {last_day_text}")
    else:  # pragma: no cover - Unit is closed; this guards a future member
        raise ValueError(f"unsupported unit {unit!r}")
    reason = calendar.day_off_reason(raw)
    if reason is None:
        return Deadline(raw, raw, tuple(steps))
    if Policy.NOTICE_UNSHIFTED in counting:
        steps.append(
            f"{fmt_day(raw)} is {reason}; a notice counted backwards is never moved "
            "(notice_unshifted)"
        )
        return Deadline(raw, raw, tuple(steps))
    due, _ = previous_working_day(calendar, raw)
    steps.append(
        f"{fmt_day(raw)} is {reason}; due {fmt_day(due)}, the working day before "
        "(notice_unshifted is not applied)"
    )
    return Deadline(raw, due, tuple(steps))


def deadline_fixed(
    calendar: WorkingCalendar,
    year: int,
    month: int,
    day: int,
    *,
    shift: bool | None = None,
    counting: Counting = CIVIL_CODE,
) -> Deadline:
    """A fixed day of ``year`` ("by 15 January"): the day itself included (rule 8), then moved."""
    named = date(year, month, day)
    text = f"by {day} {MONTH_NAMES[month - 1]} {year}"
    raw, step = _inclusive(named, text, counting)
    if shift is None:
        shift = Policy.SHIFT_FORWARD in counting
    return _finish(calendar, raw, [step], shift)


def _inclusive(named: date, text: str, counting: Counting) -> tuple[date, str]:
    if Policy.FIXED_DATE_INCLUSIVE in counting:
        return named, f"{text} = {fmt_day(named)} (the day itself included, fixed_date_inclusive)"
    raw = named - ONE_DAY
    return raw, (
        f"{text}: the day itself excluded (fixed_date_inclusive is not applied), "
        f"last day {fmt_day(raw)}"
    )


def deadline_day_of_next_month(
    calendar: WorkingCalendar,
    period: Period,
    day: int,
    *,
    shift: bool | None = None,
    counting: Counting = CIVIL_CODE,
) -> Deadline:
    """Day ``day`` of the month after ``period`` ends (e.g. the 10th), then moved (art. 175).

    A day the month lacks (the 31st of April) is its last day, as in art. 174.
    """
    if not 1 <= day <= 31:
        raise ValueError(f"a day of the month is 1..31, found {day}")
    end = period_bounds(period)[1]
    first = end + ONE_DAY
    length = month_length(first.year, first.month)
    named = first.replace(day=min(day, length))
    raw, step = _inclusive(
        named, f"{period} ends {fmt_day(end)}; day {day} of the next month", counting
    )
    if day > length:
        month = MONTH_NAMES[named.month - 1]
        step += f" ({month} {named.year} has no day {day}: its last day)"
    if shift is None:
        shift = Policy.SHIFT_FORWARD in counting
    return _finish(calendar, raw, [step], shift)


def window_deadline(year: int, quarter: int) -> Deadline:
    """The last day of a quarter's window (rule 4); a window is never moved (rule 5 aside)."""
    first, last = quarter_bounds(year, quarter)
    steps = (
        f"during quarter {quarter} of {year}: {fmt_day(first)} .. {fmt_day(last)}",
        f"due {fmt_day(last)}, the window's last day (a window is not extended to a working day)",
    )
    return Deadline(last, last, steps)
