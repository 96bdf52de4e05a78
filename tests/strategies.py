"""Shared hypothesis strategies for the test suite (add new ones here, grouped by topic)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import strategies as st

from decree_rules.calendar import FixedCalendar
from decree_rules.records import Period
from decree_rules.vocabulary import Unit

# --- days and times -------------------------------------------------------------------

# The years the decree has been in force, plus a margin; holidays.KZ covers them all.
FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2030, 12, 31)

# Kazakh zones (west at UTC+5 before 2024-03-01, the rest at UTC+6) and two references.
TZ_NAMES = (
    "Asia/Almaty",
    "Asia/Qostanay",
    "Asia/Aqtobe",
    "Asia/Aqtau",
    "Asia/Atyrau",
    "Asia/Oral",
    "Asia/Qyzylorda",
    "UTC",
    "Europe/Moscow",
)

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
month_end_days = days.filter(lambda day: day.day >= 28)
tz_names = st.sampled_from(TZ_NAMES)

# datetime.timezone accepts offsets strictly inside +-24 h; real ones lie in -12 h .. +14 h.
fixed_offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)

naive_datetimes = st.datetimes(
    min_value=datetime(2016, 1, 1), max_value=datetime(2030, 12, 31, 23, 59, 59)
)
aware_datetimes = st.datetimes(
    min_value=datetime(2016, 1, 1),
    max_value=datetime(2030, 12, 31, 23, 59, 59),
    timezones=fixed_offsets,
)

# --- terms ----------------------------------------------------------------------------

units = st.sampled_from(tuple(Unit))
amounts = st.integers(min_value=0, max_value=120)
month_counts = st.integers(min_value=-240, max_value=240)
years = st.integers(min_value=2016, max_value=2030)
quarters = st.integers(min_value=1, max_value=4)
periods = st.builds(Period, years, st.none() | quarters)

# --- calendars ------------------------------------------------------------------------


@st.composite
def fixed_calendars(draw: st.DrawFn) -> FixedCalendar:
    """A FixedCalendar with random days off and weekend days made working around 2016-2030.

    Never all seven weekdays off, so a working day always exists within a week plus the
    runs of days off.
    """
    weekend = draw(st.sets(st.integers(min_value=0, max_value=6), max_size=3))
    days_off = draw(st.dictionaries(days, st.sampled_from(("a public holiday (Test Day)",))))
    working = draw(st.frozensets(days, max_size=20))
    return FixedCalendar(days_off=days_off, working_days=working, weekend=weekend)
