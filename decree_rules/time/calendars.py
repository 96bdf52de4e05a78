"""Working-day calendars: which days are working days, and why the others are not.

:class:`KazakhCalendar` is the calendar of Kazakhstan from the ``holidays`` package;
:class:`FixedCalendar` is one given in full (tests, other countries, what-ifs);
:class:`~decree_rules.time.overrides.OverlayCalendar` lays an overrides file over either.
Every answer is a fact (:mod:`decree_rules.time.days`), worded by the explain layer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import attrs
from holidays import HolidayBase, country_holidays
from holidays.version import __version__ as _HOLIDAYS_VERSION

from decree_rules.time.days import (
    CalendarNotice,
    DayOff,
    EstimatedHoliday,
    HolidayInLieu,
    MovedDayOff,
    PublicHoliday,
    SkippedDay,
    StatedDayOff,
    Weekend,
    WorkdayNote,
    WorkedAsStated,
    WorkedByGovernment,
    YearNotCovered,
    YearUncertain,
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


# holidays names the Government's transfers "Day off (substituted from MM/DD/YYYY)"
# in its en_US translation.
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")
_OBSERVED = re.compile(r"^(.*) \(observed\)$")


def _holiday(name: str) -> DayOff:
    """One holidays.KZ name as a fact."""
    substituted = _SUBSTITUTED.match(name)
    if substituted is not None:
        month, day, year = (int(part) for part in substituted.groups())
        try:
            return MovedDayOff(date(year, month, day))
        except ValueError:
            return PublicHoliday(name)
    observed = _OBSERVED.match(name)
    if observed is not None:
        return HolidayInLieu(observed.group(1))
    return PublicHoliday(name)


class KazakhCalendar:
    """The working-day calendar of Kazakhstan from the ``holidays`` package (country KZ).

    Weekends are Saturday and Sunday; public holidays, holidays moved off a weekend and
    the Government's yearly transfers come from ``holidays.KZ``, whose
    ``weekend_workdays`` are weekend days made working days. Years load on first use,
    and each day's answer is kept: a national check asks about the same days very often.
    """

    _WEEKEND = (5, 6)

    def __init__(self) -> None:
        self._years: dict[int, HolidayBase] = {}
        self._off: dict[date, tuple[DayOff, ...]] = {}

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
        return tuple(dict.fromkeys(self._year(day.year).get_list(day)))

    def _weekend_workday(self, day: date) -> bool:
        return day.weekday() in self._WEEKEND and day in self._year(day.year).weekend_workdays

    def why_off(self, day: date) -> tuple[DayOff, ...]:
        known = self._off.get(day)
        if known is None:
            reasons = [_holiday(name) for name in self._names(day)]
            if day.weekday() in self._WEEKEND and not self._weekend_workday(day):
                reasons.append(Weekend(day.weekday()))
            known = self._off[day] = tuple(reasons)
        return known

    def working_day_note(self, day: date) -> WorkdayNote | None:
        if self._weekend_workday(day) and not self._names(day):
            return WorkedByGovernment(day.weekday())
        return None

    def data_warning(self, year: int) -> CalendarNotice | None:
        """Whether holidays.KZ only estimates ``year`` or lacks the Government's transfers.

        Kurban ait (Eid al-Adha) is marked estimated until its date is announced, and the
        transfers of days off come in a Government resolution each year, which a package
        released before it cannot know. Some past years had no transfers at all (2015), so
        only a year later than the latest year with any transfer data is flagged.
        """
        data = self._year(year)
        first, last = int(data.start_year), int(data.end_year)
        if not first <= year <= last:
            return YearNotCovered(year, _HOLIDAYS_VERSION, first, last)
        estimated = self.estimated_holidays(year)
        latest = self._latest_transfer_year(data)
        no_transfers = latest is None or year > latest
        if not estimated and not no_transfers:
            return None
        return YearUncertain(year, _HOLIDAYS_VERSION, estimated, no_transfers)

    def estimated_holidays(self, year: int) -> tuple[EstimatedHoliday, ...]:
        """The holidays of ``year`` whose date holidays.KZ only estimates, with readable names."""
        found: list[EstimatedHoliday] = []
        data = self._year(year)
        for day in sorted(data):
            for name in data.get_list(day):
                if not name.endswith("estimated)"):
                    continue
                base, _, label = name.rpartition(" (")
                observed = " (observed)" if label.startswith("observed") else ""
                if base == "Eid al-Adha":
                    base = "Eid al-Adha (Kurban ait)"
                found.append(EstimatedHoliday(day, base + observed))
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
