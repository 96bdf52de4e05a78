"""Working-day calendars: which days are working days, and why the others are not.

:class:`KazakhCalendar` is the calendar of Kazakhstan from the ``holidays`` package;
:class:`FixedCalendar` is one given in full (tests, other countries, what-ifs);
:class:`~decree_rules.time.overrides.OverlayCalendar` lays an overrides file over either.
Every answer is a fact (:mod:`decree_rules.time.days`), worded by the explain layer.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import attrs

from decree_rules.time.days import (
    CalendarNotice,
    DayOff,
    EstimatedHoliday,
    SkippedDay,
    StatedDayOff,
    Weekend,
    WorkdayNote,
    WorkedAsStated,
    WorkedByGovernment,
    YearNotCovered,
    YearUncertain,
)
from decree_rules.time.kazakh_data import HOLIDAYS_VERSION as _HOLIDAYS_VERSION
from decree_rules.time.kazakh_data import (
    KazakhYear,
    Transfer,
    package_transfers,
    read_year,
)

MAX_SEARCH = 366
"""A calendar where no working day comes within this many days is broken: stop rather than
loop forever (the longest real run of days off in Kazakhstan is under two weeks)."""

ONE_DAY = timedelta(days=1)


@runtime_checkable
class WorkingCalendar(Protocol):
    """Which days are working days, and why the others are not."""

    @property
    def description(self) -> str:
        """What the calendar is and which data it comes from, for reports."""
        ...

    def why_off(self, day: date) -> tuple[DayOff, ...]:
        """Every reason ``day`` is not a working day; empty for a working day."""
        ...

    def working_day_note(self, day: date) -> WorkdayNote | None:
        """Why a working day that looks like a day off (a weekend day) is worked."""
        ...

    def data_warning(self, year: int) -> CalendarNotice | None:
        """What the data for ``year`` lacks or only estimates; None when it is complete."""
        ...

    def estimated_holidays(self, year: int) -> tuple[EstimatedHoliday, ...]:
        """The holidays of ``year`` whose date the data only estimates."""
        ...


def is_working_day(calendar: WorkingCalendar, day: date) -> bool:
    """Whether ``day`` is a working day of ``calendar``."""
    return not calendar.why_off(day)


class KazakhCalendar:
    """The working-day calendar of Kazakhstan from the ``holidays`` package (country KZ).

    Weekends are Saturday and Sunday; public holidays, the days off in place of a holiday
    on a weekend, and the Government's yearly transfers (days off moved, and the weekend
    days worked in exchange) come from ``holidays.KZ``, read from the package's own data
    (:mod:`decree_rules.time.kazakh_data`): the transfers from its table of them, not
    from the English names it gives the days. Years load on first use, and each day's
    answer is kept: a national check asks about the same days very often.
    """

    _WEEKEND = (5, 6)

    def __init__(self) -> None:
        self._transfers: tuple[Transfer, ...] | None = None
        self._years: dict[int, KazakhYear] = {}
        self._off: dict[date, tuple[DayOff, ...]] = {}

    @property
    def description(self) -> str:
        return f"holidays {_HOLIDAYS_VERSION} (Kazakhstan)"

    def transfers(self) -> tuple[Transfer, ...]:
        """Every transfer in the package's table, every year (DR-I070 if unreadable)."""
        if self._transfers is None:
            self._transfers = package_transfers()
        return self._transfers

    def _year(self, year: int) -> KazakhYear:
        data = self._years.get(year)
        if data is None:
            data = self._years[year] = read_year(year, self.transfers())
        return data

    def why_off(self, day: date) -> tuple[DayOff, ...]:
        known = self._off.get(day)
        if known is None:
            data = self._year(day.year)
            reasons = list(data.days_off.get(day, ()))
            if day.weekday() in self._WEEKEND and day not in data.worked:
                reasons.append(Weekend(day.weekday()))
            known = self._off[day] = tuple(reasons)
        return known

    def working_day_note(self, day: date) -> WorkdayNote | None:
        data = self._year(day.year)
        if day in data.worked and day not in data.days_off:
            return WorkedByGovernment(day.weekday())
        return None

    def data_warning(self, year: int) -> CalendarNotice | None:
        """Whether holidays.KZ only estimates ``year`` or lacks the Government's transfers.

        Kurban ait (Eid al-Adha) is marked estimated until its date is announced, and the
        transfers of days off come in a Government resolution each year, which a package
        released before it cannot know. Some past years had no transfers at all (2015), so
        only a year later than the latest year with any transfer is flagged.
        """
        data = self._year(year)
        if not data.first <= year <= data.last:
            return YearNotCovered(year, _HOLIDAYS_VERSION, data.first, data.last)
        latest = self._latest_transfer_year(data.first, data.last)
        no_transfers = latest is None or year > latest
        if not data.estimated and not no_transfers:
            return None
        return YearUncertain(year, _HOLIDAYS_VERSION, data.estimated, no_transfers)

    def estimated_holidays(self, year: int) -> tuple[EstimatedHoliday, ...]:
        """The holidays of ``year`` whose date holidays.KZ only estimates, with readable names."""
        return self._year(year).estimated

    def _latest_transfer_year(self, first: int, last: int) -> int | None:
        """The latest year of the package's range with a day off moved or a day worked."""
        years = {
            day.year
            for transfer in self.transfers()
            for day in (transfer.day_off, transfer.worked)
            if first <= day.year <= last
        }
        return max(years, default=None)


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

    ``days_off`` values are shown as the reason verbatim (e.g. ``a public holiday (X)``).
    """

    # hash=False: a read-only mapping is not hashable; equality still compares it.
    days_off: Mapping[date, str] = attrs.field(factory=dict, converter=_freeze_days_off, hash=False)
    working_days: frozenset[date] = attrs.field(default=(), converter=_freeze_days)
    weekend: frozenset[int] = attrs.field(default=(5, 6), converter=_freeze_weekend)
    description: str = "fixed calendar"

    def why_off(self, day: date) -> tuple[DayOff, ...]:
        reasons: list[DayOff] = []
        if day in self.days_off:
            reasons.append(StatedDayOff(self.days_off[day]))
        if day.weekday() in self.weekend and day not in self.working_days:
            reasons.append(Weekend(day.weekday()))
        return tuple(reasons)

    def working_day_note(self, day: date) -> WorkdayNote | None:
        weekend = day.weekday() in self.weekend
        if weekend and day in self.working_days and day not in self.days_off:
            return WorkedAsStated(day.weekday())
        return None

    def data_warning(self, year: int) -> CalendarNotice | None:
        """Always None: a fixed calendar is exactly the data its user gave."""
        return None

    def estimated_holidays(self, year: int) -> tuple[EstimatedHoliday, ...]:
        """Always empty: a fixed calendar estimates nothing."""
        return ()


def next_working_day(calendar: WorkingCalendar, day: date) -> tuple[date, tuple[SkippedDay, ...]]:
    """The earliest working day on or after ``day``, and the days off skipped, with reasons."""
    return _nearest_working_day(calendar, day, ONE_DAY)


def previous_working_day(
    calendar: WorkingCalendar, day: date
) -> tuple[date, tuple[SkippedDay, ...]]:
    """The latest working day on or before ``day``, and the days off skipped, with reasons."""
    return _nearest_working_day(calendar, day, -ONE_DAY)


def _nearest_working_day(
    calendar: WorkingCalendar, day: date, step: timedelta
) -> tuple[date, tuple[SkippedDay, ...]]:
    skipped: list[SkippedDay] = []
    current = day
    for _ in range(MAX_SEARCH):
        reasons = calendar.why_off(current)
        if not reasons:
            return current, tuple(skipped)
        skipped.append(SkippedDay(current, reasons))
        current += step
    raise ValueError(
        f"{calendar.description}: no working day within {MAX_SEARCH} days of {day.isoformat()}"
    )
