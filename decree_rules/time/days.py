"""Why a day is off, why a weekend day is worked, and what a calendar's data lacks: as facts.

A :class:`~decree_rules.time.calendars.WorkingCalendar` answers with these values; the
explain layer words them ("a day off moved by the Government from Sat 2018-03-03").
"""

from __future__ import annotations

from datetime import date

import attrs

from decree_rules.core.facts import Fact

# ---- days off ---------------------------------------------------------------------------


@attrs.frozen
class Weekend(Fact):
    """A Saturday or a Sunday (``weekday`` 0 is Monday) that is not made a working day."""

    kind = "weekend"
    weekday: int


@attrs.frozen
class PublicHoliday(Fact):
    """A public holiday; ``name`` as the calendar's data gives it (English)."""

    kind = "public_holiday"
    name: str


@attrs.frozen
class HolidayInLieu(Fact):
    """A day off in place of a holiday that fell on a weekend (``holiday``: its name)."""

    kind = "holiday_in_lieu"
    holiday: str


@attrs.frozen
class MovedDayOff(Fact):
    """A day off the Government moved here from a weekend day, ``moved_from``."""

    kind = "moved_day_off"
    moved_from: date


@attrs.frozen
class StatedDayOff(Fact):
    """A day off a fixed calendar states, with its own ``reason`` (shown as given)."""

    kind = "stated_day_off"
    reason: str


@attrs.frozen
class DayOffByAct(Fact):
    """A day off an overrides file states, by ``act`` (``reason`` may be empty)."""

    kind = "day_off_by_act"
    act: str
    reason: str = ""


DayOff = Weekend | PublicHoliday | HolidayInLieu | MovedDayOff | StatedDayOff | DayOffByAct


@attrs.frozen
class SkippedDay(Fact):
    """A day off passed over while counting or shifting, and every reason it is off."""

    kind = "skipped_day"
    day: date
    reasons: tuple[DayOff, ...]


# ---- weekend days made working -----------------------------------------------------------


@attrs.frozen
class WorkedByGovernment(Fact):
    """A weekend day the Government made a working day."""

    kind = "worked_by_government"
    weekday: int


@attrs.frozen
class WorkedAsStated(Fact):
    """A weekend day a fixed calendar states as a working day."""

    kind = "worked_as_stated"
    weekday: int


@attrs.frozen
class WorkedByAct(Fact):
    """A working day by ``act`` of an overrides file; ``weekday`` when it would be off."""

    kind = "worked_by_act"
    act: str
    weekday: int | None = None


WorkdayNote = WorkedByGovernment | WorkedAsStated | WorkedByAct


# ---- what the calendar data lacks ----------------------------------------------------------


@attrs.frozen
class EstimatedHoliday(Fact):
    """A holiday whose date the data only estimates (Kurban ait until it is announced)."""

    kind = "estimated_holiday"
    day: date
    name: str


@attrs.frozen
class YearNotCovered(Fact):
    """The ``holidays`` data (``version``) has no calendar for ``year``; it covers
    ``first``-``last``: only weekends are days off."""

    kind = "year_not_covered"
    year: int
    version: str
    first: int
    last: int


@attrs.frozen
class YearUncertain(Fact):
    """The ``holidays`` data for ``year`` estimates some holidays, or has no transfers."""

    kind = "year_uncertain"
    year: int
    version: str
    estimated: tuple[EstimatedHoliday, ...]
    no_transfers: bool


@attrs.frozen
class OverridesLeaveEstimate(Fact):
    """An overrides file (``source``) has ``year``'s transfers, but a holiday the base
    calendar (``base``) only estimates is not settled by it."""

    kind = "overrides_leave_estimate"
    year: int
    source: str
    base: str
    estimated: tuple[EstimatedHoliday, ...]


CalendarNotice = YearNotCovered | YearUncertain | OverridesLeaveEstimate
