"""Dated cases from Kazakh law, each with the exact due date, and calendar properties.

Working days: the Labour Code (art. 84-85) and the Law "On holidays in the Republic of
Kazakhstan" (13 December 2001 No. 267): Saturday and Sunday are days off; a public holiday
on a weekend day moves the day off to the next working day, except the religious holidays
(Orthodox Christmas on 7 January and the first day of Kurban ait), which are never moved;
the Government transfers days off each year by resolution. Holidays changed by the law of
2022: First President Day (1 December) was abolished, Independence Day became one day
(16 December, no longer 16-17), and Republic Day (25 October) became a public holiday.

The transfers below are those of holidays 0.109 (``holidays.KZ``), each checked against
the Government resolutions as we know them (one per year; the package cites them on
adilet.zan.kz). Where we are unsure, a comment says so.

Deadlines are counted as the Civil Code counts terms (arts. 173-175): from the day after
the anchor; a last day that is not a working day moves to the next working day.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    ZONE_CHANGES,
    days,
    fixed_offsets,
    instants_near_zone_changes,
    naive_datetimes,
    overlay_calendars,
    units,
    years,
)
from words import MEETING_ENDED, MEETING_STARTS, note, reason_off, working

from decree_rules.core.periods import Period, period_bounds, quarter_bounds
from decree_rules.core.vocabulary import Level, Role, Unit
from decree_rules.engine.evaluate import evaluate
from decree_rules.io.records import Actor, Event
from decree_rules.lang.load import load_decree
from decree_rules.time.calendars import (
    KazakhCalendar,
    WorkingCalendar,
    next_working_day,
)
from decree_rules.time.overrides import OverlayCalendar
from decree_rules.time.terms import (
    deadline_after,
    deadline_before,
    deadline_day_of_next_month,
    deadline_fixed,
    window_deadline,
)
from decree_rules.time.zones import (
    load_zone,
    local_day,
    to_instant,
    zone_data_version,
)

KZ = KazakhCalendar()

Due = Callable[[], date]


def days_after(anchor: date, amount: int, unit: Unit = Unit.CALENDAR_DAYS) -> Due:
    """The due day of a term of ``amount`` ``unit`` after ``anchor`` (e.g. clause 6)."""
    return lambda: deadline_after(KZ, anchor, amount, unit, start=MEETING_ENDED).due


def month_after(anchor: date, months: int = 1) -> Due:
    """The due day of a term of ``months`` months after ``anchor`` (e.g. clause 9)."""
    return days_after(anchor, months, Unit.MONTHS)


def notice_before(anchor: date, amount: int = 10) -> Due:
    """The last day to publish a notice ``amount`` days before ``anchor`` (clause 5)."""
    return lambda: deadline_before(KZ, anchor, amount, Unit.CALENDAR_DAYS, start=MEETING_STARTS).due


def by_day_of_next_month(period: Period, day: int = 10) -> Due:
    """The due day of "by the 10th of the following month" for ``period`` (clause 7)."""
    return lambda: deadline_day_of_next_month(KZ, period, day).due


def by_fixed(year: int, month: int, day: int) -> Due:
    """The due day of "by 15 January" (clause 12.2)."""
    return lambda: deadline_fixed(KZ, year, month, day).due


def first_working_from(day: date) -> Due:
    return lambda: next_working_day(KZ, day)[0]


def ended_at(instant: str, tz: str, amount: int = 10) -> Due:
    """Ten days after a meeting that ended at a UTC instant, by the actor's local day."""
    moment = datetime.fromisoformat(instant).replace(tzinfo=UTC)
    return lambda: (
        deadline_after(
            KZ, local_day(moment, tz), amount, Unit.CALENDAR_DAYS, start=MEETING_ENDED
        ).due
    )


def d(text: str) -> date:
    return date.fromisoformat(text)


CASES = [
    # --- weekend days the Government made working days: a term ending on one is not moved
    pytest.param(
        days_after(d("2016-02-24"), 10), d("2016-03-05"), id="Sat 2016-03-05 worked (for 03-07)"
    ),
    pytest.param(
        days_after(d("2017-03-08"), 10), d("2017-03-18"), id="Sat 2017-03-18 worked (for 03-20)"
    ),
    pytest.param(
        days_after(d("2017-06-21"), 10), d("2017-07-01"), id="Sat 2017-07-01 worked (for 07-07)"
    ),
    pytest.param(
        days_after(d("2018-04-18"), 10), d("2018-04-28"), id="Sat 2018-04-28 worked (for 04-30)"
    ),
    pytest.param(
        days_after(d("2018-04-25"), 10), d("2018-05-05"), id="Sat 2018-05-05 worked (for 05-08)"
    ),
    pytest.param(
        days_after(d("2018-08-15"), 10), d("2018-08-25"), id="Sat 2018-08-25 worked (for 08-31)"
    ),
    pytest.param(
        days_after(d("2018-12-19"), 10), d("2018-12-29"), id="Sat 2018-12-29 worked (for 12-31)"
    ),
    pytest.param(
        days_after(d("2019-04-24"), 10), d("2019-05-04"), id="Sat 2019-05-04 worked (for 05-10)"
    ),
    pytest.param(
        days_after(d("2020-12-10"), 10), d("2020-12-20"), id="Sun 2020-12-20 worked (for 12-18)"
    ),
    pytest.param(
        days_after(d("2021-06-23"), 10), d("2021-07-03"), id="Sat 2021-07-03 worked (for 07-05)"
    ),
    pytest.param(
        days_after(d("2022-08-17"), 10), d("2022-08-27"), id="Sat 2022-08-27 worked (for 08-29)"
    ),
    pytest.param(
        days_after(d("2022-10-12"), 10), d("2022-10-22"), id="Sat 2022-10-22 worked (for 10-24)"
    ),
    pytest.param(
        days_after(d("2023-06-21"), 10), d("2023-07-01"), id="Sat 2023-07-01 worked (for 07-07)"
    ),
    pytest.param(
        days_after(d("2024-04-24"), 10), d("2024-05-04"), id="Sat 2024-05-04 worked (for 05-08)"
    ),
    # --- the Government's transfers, every year 2016-2025: a term ending on the day off
    # moved there runs past it (and past the holiday it bridges)
    pytest.param(
        days_after(d("2016-02-26"), 10),
        d("2016-03-09"),
        id="2016: Mon 03-07 off (from Sat 03-05), 03-08 holiday: due Wed 03-09",
    ),
    pytest.param(
        days_after(d("2017-03-10"), 10),
        d("2017-03-24"),
        id="2017: Mon 03-20 off (from Sat 03-18), Nauryz 21-23: due Fri 03-24",
    ),
    pytest.param(
        days_after(d("2017-06-27"), 10),
        d("2017-07-10"),
        id="2017: Fri 07-07 off (from Sat 07-01), weekend: due Mon 07-10",
    ),
    pytest.param(
        days_after(d("2018-02-27"), 10),
        d("2018-03-12"),
        id="2018: Fri 03-09 off (from Sat 03-03), weekend: due Mon 03-12 (deadlines.md)",
    ),
    pytest.param(
        days_after(d("2018-04-20"), 10),
        d("2018-05-02"),
        id="2018: Mon 04-30 off (from Sat 04-28), 05-01 holiday: due Wed 05-02",
    ),
    pytest.param(
        days_after(d("2018-04-28"), 10),
        d("2018-05-10"),
        id="2018: Tue 05-08 off (from Sat 05-05), 05-09 Victory Day: due Thu 05-10",
    ),
    pytest.param(
        days_after(d("2018-08-21"), 10),
        d("2018-09-03"),
        id="2018: Fri 08-31 off (from Sat 08-25), weekend: due Mon 09-03",
    ),
    pytest.param(
        days_after(d("2018-12-21"), 10),
        d("2019-01-03"),
        id="2018: Mon 12-31 off (from Sat 12-29), New Year 1-2 Jan: due Thu 2019-01-03",
    ),
    pytest.param(
        days_after(d("2019-04-30"), 10),
        d("2019-05-13"),
        id="2019: Fri 05-10 off (from Sat 05-04), weekend: due Mon 05-13",
    ),
    pytest.param(
        days_after(d("2019-12-24"), 10),
        d("2020-01-05"),
        id="2020: Fri 01-03 off, Sat off, Sun 01-05 worked: due Sun 2020-01-05",
    ),
    # holidays.KZ moves the day off for Victory Day (Sat 9 May 2020), due on Mon 11 May,
    # to Fri 8 May, so Mon 11 May is a working day: Resolution No. 820 of 2019 says "from
    # Monday 11 May 2020 to Friday 8 May 2020" (as quoted in the press; we have not seen
    # its text on adilet.zan.kz).
    pytest.param(
        days_after(d("2020-04-28"), 10),
        d("2020-05-11"),
        id="2020: Fri 05-08 off (from Mon 05-11), 05-09/10 weekend: due Mon 05-11",
    ),
    pytest.param(
        days_after(d("2020-12-08"), 10),
        d("2020-12-20"),
        id="2020: Fri 12-18 off, Sat off, Sun 12-20 worked: due Sun 12-20",
    ),
    pytest.param(
        days_after(d("2021-06-25"), 10),
        d("2021-07-07"),
        id="2021: Mon 07-05 off (from Sat 07-03), 07-06 Capital Day: due Wed 07-07",
    ),
    pytest.param(
        days_after(d("2022-02-25"), 10),
        d("2022-03-09"),
        id="2022: Mon 03-07 off (from Sat 03-05), 03-08 holiday: due Wed 03-09",
    ),
    # 2022: the March transfer we know; the August and October ones (bridges to
    # Constitution Day and to Republic Day, a holiday again from 2022) we recall less
    # surely, and could not find the resolution's text to check them.
    pytest.param(
        days_after(d("2022-08-19"), 10),
        d("2022-08-31"),
        id="2022: Mon 08-29 off (from Sat 08-27), 08-30 Constitution Day: due Wed 08-31",
    ),
    pytest.param(
        days_after(d("2022-10-14"), 10),
        d("2022-10-26"),
        id="2022: Mon 10-24 off (from Sat 10-22), 10-25 Republic Day: due Wed 10-26",
    ),
    pytest.param(
        days_after(d("2023-06-27"), 10),
        d("2023-07-10"),
        id="2023: Fri 07-07 off (from Sat 07-01), weekend: due Mon 07-10",
    ),
    pytest.param(
        days_after(d("2024-04-28"), 10),
        d("2024-05-10"),
        id="2024: Wed 05-08 off (from Sat 05-04), 05-09 Victory Day: due Fri 05-10",
    ),
    pytest.param(
        days_after(d("2024-12-24"), 10),
        d("2025-01-05"),
        id="2025: Fri 01-03 off, Sat off, Sun 01-05 worked: due Sun 2025-01-05",
    ),
    pytest.param(
        first_working_from(d("2020-01-03")),
        d("2020-01-05"),
        id="the first working day from Fri 2020-01-03 is Sun 01-05",
    ),
    # --- holidays on a weekend: the day off moves to the next working day
    pytest.param(
        days_after(d("2016-12-22"), 10),
        d("2017-01-04"),
        id="New Year 2017 on Sun-Mon, Tue 01-03 off in its place: due Wed 01-04",
    ),
    pytest.param(
        days_after(d("2021-12-22"), 10),
        d("2022-01-05"),
        id="New Year 2022 on Sat-Sun, Mon-Tue 01-03/04 off: due Wed 01-05",
    ),
    pytest.param(
        days_after(d("2020-02-27"), 10),
        d("2020-03-10"),
        id="8 March 2020 on Sun, Mon 03-09 off: due Tue 03-10",
    ),
    pytest.param(
        days_after(d("2025-02-26"), 10),
        d("2025-03-11"),
        id="8 March 2025 on Sat, Mon 03-10 off: due Tue 03-11",
    ),
    pytest.param(
        days_after(d("2016-04-21"), 10),
        d("2016-05-03"),
        id="1 May 2016 on Sun, Mon 05-02 off: due Tue 05-03",
    ),
    pytest.param(
        days_after(d("2016-04-27"), 10),
        d("2016-05-11"),
        id="7 May 2016 on Sat, 9 May Mon: the day off for 7 May is Tue 05-10; due Wed 05-11",
    ),
    pytest.param(
        days_after(d("2021-04-29"), 10),
        d("2021-05-11"),
        id="Victory Day 2021 on Sun, Mon 05-10 off: due Tue 05-11",
    ),
    pytest.param(
        days_after(d("2025-06-26"), 10),
        d("2025-07-08"),
        id="Capital Day 2025 on Sun, Mon 07-07 off: due Tue 07-08",
    ),
    pytest.param(
        days_after(d("2025-08-20"), 10),
        d("2025-09-02"),
        id="Constitution Day 2025 on Sat, Mon 09-01 off: due Tue 09-02",
    ),
    pytest.param(
        days_after(d("2025-10-15"), 10),
        d("2025-10-28"),
        id="Republic Day 2025 on Sat, Mon 10-27 off: due Tue 10-28",
    ),
    pytest.param(
        days_after(d("2019-11-21"), 10),
        d("2019-12-03"),
        id="First President Day 2019 on Sun, Mon 12-02 off: due Tue 12-03",
    ),
    pytest.param(
        days_after(d("2017-12-06"), 10),
        d("2017-12-20"),
        id="Independence Day 2017 on Sat-Sun, Mon-Tue 12-18/19 off: due Wed 12-20",
    ),
    pytest.param(
        days_after(d("2023-12-06"), 10),
        d("2023-12-19"),
        id="Independence Day 2023 (one day) on Sat, Mon 12-18 off: due Tue 12-19",
    ),
    # --- holidays that changed in 2022
    pytest.param(
        days_after(d("2021-11-21"), 10),
        d("2021-12-02"),
        id="1 December 2021 (Wed) is still First President Day: due Thu 12-02",
    ),
    pytest.param(
        days_after(d("2022-11-21"), 10),
        d("2022-12-01"),
        id="1 December 2022 (Thu) is a working day since the 2022 law",
    ),
    pytest.param(
        days_after(d("2021-12-07"), 10),
        d("2021-12-20"),
        id="17 December 2021 (Fri) is still Independence Day: due Mon 12-20",
    ),
    pytest.param(
        days_after(d("2024-12-07"), 10),
        d("2024-12-17"),
        id="17 December 2024 (Tue) is a working day: Independence Day is one day",
    ),
    pytest.param(
        days_after(d("2021-10-15"), 10),
        d("2021-10-25"),
        id="25 October 2021 (Mon) is a working day: Republic Day is a holiday from 2022",
    ),
    pytest.param(
        days_after(d("2023-10-15"), 10),
        d("2023-10-26"),
        id="25 October 2023 (Wed) is Republic Day: due Thu 10-26",
    ),
    # --- religious holidays: days off, never moved off a weekend
    pytest.param(
        days_after(d("2019-08-01"), 10),
        d("2019-08-12"),
        id="Kurban ait 2019 on Sun 08-11 is not moved: Mon 08-12 works",
    ),
    pytest.param(
        days_after(d("2022-06-29"), 10),
        d("2022-07-11"),
        id="Kurban ait 2022 on Sat 07-09 is not moved: due Mon 07-11",
    ),
    pytest.param(
        days_after(d("2025-05-27"), 10),
        d("2025-06-09"),
        id="Kurban ait 2025 on Fri 06-06 is a day off: due Mon 06-09",
    ),
    pytest.param(
        days_after(d("2023-06-18"), 10),
        d("2023-06-29"),
        id="Kurban ait 2023 on Wed 06-28 is a day off: due Thu 06-29",
    ),
    pytest.param(
        days_after(d("2022-12-28"), 10),
        d("2023-01-09"),
        id="Orthodox Christmas 2023 on Sat 01-07 is not moved: due Mon 01-09",
    ),
    pytest.param(
        days_after(d("2023-12-28"), 10),
        d("2024-01-08"),
        id="Orthodox Christmas 2024 on Sun 01-07 is not moved: Mon 01-08 works",
    ),
    pytest.param(
        days_after(d("2019-12-28"), 10),
        d("2020-01-08"),
        id="Orthodox Christmas 2020 on Tue 01-07 is a day off: due Wed 01-08",
    ),
    # --- Nauryz, 21-23 March, with the days off for its weekend days
    pytest.param(
        days_after(d("2020-03-11"), 10),
        d("2020-03-26"),
        id="Nauryz 2020 on Sat-Mon, Tue-Wed 03-24/25 off: due Thu 03-26",
    ),
    pytest.param(
        days_after(d("2021-03-11"), 10),
        d("2021-03-25"),
        id="Nauryz 2021 on Sun-Tue, Wed 03-24 off: due Thu 03-25",
    ),
    pytest.param(
        days_after(d("2024-03-11"), 10),
        d("2024-03-26"),
        id="Nauryz 2024 on Thu-Sat, Mon 03-25 off: due Tue 03-26 (deadlines.md)",
    ),
    pytest.param(
        days_after(d("2025-03-11"), 10),
        d("2025-03-26"),
        id="Nauryz 2025 on Fri-Sun, Mon-Tue 03-24/25 off: due Wed 03-26",
    ),
    pytest.param(
        days_after(d("2019-03-15"), 5, Unit.WORKING_DAYS),
        d("2019-03-27"),
        id="5 working days from Fri 2019-03-15 skip Nauryz 21-25 March: Wed 03-27",
    ),
    # --- leap days and month ends (art. 174)
    pytest.param(
        month_after(d("2016-01-31")),
        d("2016-02-29"),
        id="one month from 2016-01-31 is Mon 2016-02-29 (deadlines.md)",
    ),
    pytest.param(
        month_after(d("2024-01-31")),
        d("2024-02-29"),
        id="one month from 2024-01-31 is Thu 2024-02-29",
    ),
    pytest.param(
        month_after(d("2020-01-31")),
        d("2020-03-02"),
        id="one month from 2020-01-31 is Sat 2020-02-29: due Mon 03-02",
    ),
    pytest.param(
        days_after(d("2020-02-29"), 1, Unit.YEARS),
        d("2021-03-01"),
        id="one year from 2020-02-29 is Sun 2021-02-28: due Mon 03-01",
    ),
    pytest.param(
        days_after(d("2024-02-19"), 10),
        d("2024-02-29"),
        id="ten days from 2024-02-19 land on the leap day",
    ),
    pytest.param(
        notice_before(d("2024-03-10")),
        d("2024-02-29"),
        id="notice ten days before 2024-03-10 is the leap day",
    ),
    pytest.param(
        month_after(d("2023-01-30")),
        d("2023-02-28"),
        id="one month from 2023-01-30 clamps to Tue 2023-02-28",
    ),
    pytest.param(
        month_after(d("2021-03-31")),
        d("2021-04-30"),
        id="one month from 2021-03-31 clamps to Fri 2021-04-30",
    ),
    pytest.param(
        month_after(d("2023-05-31")),
        d("2023-06-30"),
        id="one month from 2023-05-31 clamps to Fri 2023-06-30",
    ),
    pytest.param(
        month_after(d("2025-08-31")),
        d("2025-09-30"),
        id="one month from 2025-08-31 clamps to Tue 2025-09-30",
    ),
    pytest.param(
        month_after(d("2024-12-31"), 2),
        d("2025-02-28"),
        id="two months from 2024-12-31 in one step: Fri 2025-02-28",
    ),
    pytest.param(
        month_after(d("2021-11-30")),
        d("2021-12-30"),
        id="one month from 2021-11-30 is Thu 2021-12-30, no clamp",
    ),
    # --- notices counted backwards are never moved (rule 7)
    pytest.param(
        notice_before(d("2022-03-18")),
        d("2022-03-08"),
        id="notice for 2022-03-18 is due on 8 March, a holiday, all the same",
    ),
    pytest.param(
        notice_before(d("2024-03-31")),
        d("2024-03-21"),
        id="notice for 2024-03-31 is due on Nauryz, all the same",
    ),
    # --- quarters and years whose report is due in the next year
    pytest.param(
        by_day_of_next_month(Period(2016, 4)),
        d("2017-01-10"),
        id="progress for 2016-Q4 by Tue 2017-01-10",
    ),
    pytest.param(
        by_day_of_next_month(Period(2019, 4)),
        d("2020-01-10"),
        id="progress for 2019-Q4 by Fri 2020-01-10",
    ),
    pytest.param(
        by_day_of_next_month(Period(2020, 4)),
        d("2021-01-11"),
        id="progress for 2020-Q4: Sun 2021-01-10, due Mon 01-11 (deadlines.md)",
    ),
    pytest.param(
        by_day_of_next_month(Period(2024, 4)),
        d("2025-01-10"),
        id="progress for 2024-Q4 by Fri 2025-01-10",
    ),
    pytest.param(
        by_day_of_next_month(Period(2021, 1)),
        d("2021-04-12"),
        id="progress for 2021-Q1: Sat 2021-04-10, due Mon 04-12",
    ),
    pytest.param(
        by_day_of_next_month(Period(2023, 2)),
        d("2023-07-10"),
        id="progress for 2023-Q2: Mon 2023-07-10, after the 07-07 day off",
    ),
    pytest.param(
        by_fixed(2017, 1, 15), d("2017-01-16"), id="by 15 January 2017, a Sunday: Mon 01-16"
    ),
    pytest.param(
        by_fixed(2023, 1, 15), d("2023-01-16"), id="by 15 January 2023, a Sunday: Mon 01-16"
    ),
    pytest.param(by_fixed(2016, 1, 15), d("2016-01-15"), id="by 15 January 2016, a Friday"),
    # --- evening UTC instants: the local day in the actor's zone decides the term
    pytest.param(
        ended_at("2023-12-26T18:30", "Asia/Almaty"),
        d("2024-01-08"),
        id="ended 2023-12-26T18:30Z in Almaty (UTC+6): local 12-27, +10 Sat 01-06: Mon 01-08",
    ),
    pytest.param(
        ended_at("2023-12-26T18:30", "Asia/Aqtobe"),
        d("2024-01-05"),
        id="the same instant in Aqtobe (UTC+5): local 12-26, +10: Fri 2024-01-05",
    ),
    pytest.param(
        ended_at("2024-12-20T18:30", "Asia/Almaty"),
        d("2024-12-30"),
        id="ended 2024-12-20T18:30Z in Almaty (UTC+5 since 03-01): local 12-20: Mon 12-30",
    ),
    pytest.param(
        ended_at("2017-12-21T18:30", "Asia/Qyzylorda"),
        d("2018-01-03"),
        id="ended 2017-12-21T18:30Z in Qyzylorda (UTC+6): local 12-22, +10 Mon 01-01: Wed 01-03",
    ),
    pytest.param(
        ended_at("2019-12-20T18:30", "Asia/Qyzylorda"),
        d("2019-12-30"),
        id="ended 2019-12-20T18:30Z in Qyzylorda (UTC+5 since 2018-12-21): local 12-20: Mon 12-30",
    ),
]


@pytest.mark.parametrize(("due", "expected"), CASES)
def test_dated_case(due: Due, expected: date) -> None:
    assert due() == expected


def test_there_are_enough_dated_cases_and_every_transfer_year_is_covered() -> None:
    assert len(CASES) >= 40
    ids = " ".join(str(case.id) for case in CASES)
    for year in range(2016, 2026):
        assert f"{year}: " in ids, year


@pytest.mark.parametrize(
    ("year", "days_off", "working"),
    [
        pytest.param(2016, ["2016-03-07"], ["2016-03-05"], id="2016"),
        pytest.param(2017, ["2017-03-20", "2017-07-07"], ["2017-03-18", "2017-07-01"], id="2017"),
        pytest.param(
            2018,
            ["2018-03-09", "2018-04-30", "2018-05-08", "2018-08-31", "2018-12-31"],
            ["2018-03-03", "2018-04-28", "2018-05-05", "2018-08-25", "2018-12-29"],
            id="2018",
        ),
        pytest.param(2019, ["2019-05-10"], ["2019-05-04"], id="2019"),
        # 2020: the day off of Mon 11 May (for Victory Day on a Saturday) moved to Fri 8 May,
        # so no weekend day was worked for it (see CASES).
        pytest.param(
            2020,
            ["2020-01-03", "2020-05-08", "2020-12-18"],
            ["2020-01-05", "2020-12-20"],
            id="2020",
        ),
        pytest.param(2021, ["2021-07-05"], ["2021-07-03"], id="2021"),
        pytest.param(
            2022,
            ["2022-03-07", "2022-08-29", "2022-10-24"],
            ["2022-03-05", "2022-08-27", "2022-10-22"],
            id="2022",
        ),
        pytest.param(2023, ["2023-07-07"], ["2023-07-01"], id="2023"),
        pytest.param(2024, ["2024-05-08"], ["2024-05-04"], id="2024"),
        pytest.param(2025, ["2025-01-03"], ["2025-01-05"], id="2025"),
        pytest.param(2015, [], [], id="2015-had-no-transfers"),
    ],
)
def test_the_transfers_of_each_year_are_exactly_these(
    year: int, days_off: list[str], working: list[str]
) -> None:
    """Every Government transfer of the year: the days off and the weekend days worked."""
    found_off = []
    found_working = []
    day = date(year, 1, 1)
    while day.year == year:
        reason = reason_off(KZ, day)
        if reason is not None and reason.startswith("a day off moved by the Government"):
            found_off.append(day.isoformat())
        if note(KZ, day) is not None:
            found_working.append(day.isoformat())
        day += timedelta(days=1)
    assert (found_off, found_working) == (days_off, working)


# --- time zones -----------------------------------------------------------------------


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("instant", "tz", "day"),
    [
        # Qyzylorda: UTC+6 until 2018-12-21 00:00 local, then UTC+5 (clocks back one hour).
        pytest.param("2018-12-20T17:30", "Asia/Qyzylorda", "2018-12-20", id="qyz-23:30+06"),
        pytest.param("2018-12-20T17:59", "Asia/Qyzylorda", "2018-12-20", id="qyz-23:59+06"),
        pytest.param("2018-12-20T18:00", "Asia/Qyzylorda", "2018-12-20", id="qyz-23:00+05-again"),
        pytest.param("2018-12-20T18:59", "Asia/Qyzylorda", "2018-12-20", id="qyz-23:59+05"),
        pytest.param("2018-12-20T19:00", "Asia/Qyzylorda", "2018-12-21", id="qyz-00:00+05"),
        pytest.param("2017-12-31T18:30", "Asia/Qyzylorda", "2018-01-01", id="qyz-2017-is-utc+6"),
        pytest.param("2018-12-31T18:30", "Asia/Qyzylorda", "2018-12-31", id="qyz-2018-end-utc+5"),
        # Almaty (Astana keeps Almaty's time) and Qostanay: UTC+5 from 2024-03-01 00:00.
        pytest.param("2024-02-29T17:59", "Asia/Almaty", "2024-02-29", id="alm-23:59+06"),
        pytest.param("2024-02-29T18:00", "Asia/Almaty", "2024-02-29", id="alm-23:00+05-again"),
        pytest.param("2024-02-29T19:00", "Asia/Almaty", "2024-03-01", id="alm-00:00+05"),
        pytest.param("2023-12-31T18:30", "Asia/Almaty", "2024-01-01", id="alm-2023-end-utc+6"),
        pytest.param("2024-12-31T18:30", "Asia/Almaty", "2024-12-31", id="alm-2024-end-utc+5"),
        pytest.param("2023-12-31T18:30", "Asia/Qostanay", "2024-01-01", id="qos-2023-end-utc+6"),
        pytest.param("2024-12-31T18:30", "Asia/Qostanay", "2024-12-31", id="qos-2024-end-utc+5"),
        # The west was UTC+5 all along.
        pytest.param("2023-12-31T18:30", "Asia/Aqtobe", "2023-12-31", id="aqtobe-utc+5"),
        pytest.param("2023-12-31T18:30", "Asia/Oral", "2023-12-31", id="oral-utc+5"),
        pytest.param("2023-12-31T19:00", "Asia/Atyrau", "2024-01-01", id="atyrau-midnight"),
    ],
)
def test_local_day_of_utc_instants(instant: str, tz: str, day: str) -> None:
    assert local_day(utc(instant), tz) == date.fromisoformat(day)


def test_almaty_repeats_the_hour_before_midnight_on_2024_02_29() -> None:
    zone = load_zone("Asia/Almaty")
    first = utc("2024-02-29T17:30").astimezone(zone)
    second = utc("2024-02-29T18:30").astimezone(zone)
    # The same wall time twice, an hour apart, told apart by fold.
    wall = datetime(2024, 2, 29, 23, 30)
    assert first.replace(tzinfo=None) == second.replace(tzinfo=None) == wall
    assert (first.fold, second.fold) == (0, 1)
    assert (first.utcoffset(), second.utcoffset()) == (timedelta(hours=6), timedelta(hours=5))
    assert local_day(first, "Asia/Almaty") == local_day(second, "Asia/Almaty") == date(2024, 2, 29)
    # A naive repeated wall time is the first occurrence unless fold=1 says otherwise.
    assert to_instant(datetime(2024, 2, 29, 23, 30), "Asia/Almaty") == utc("2024-02-29T17:30")
    assert to_instant(datetime(2024, 2, 29, 23, 30, fold=1), "Asia/Almaty") == utc(
        "2024-02-29T18:30"
    )
    # Midnight of 03-01 comes once, at UTC+5.
    assert to_instant(datetime(2024, 3, 1), "Asia/Almaty") == utc("2024-02-29T19:00")


@pytest.mark.parametrize(
    ("tz", "utc_text"),
    [
        pytest.param("Asia/Almaty", "2023-12-31T17:30", id="almaty-utc+6"),
        pytest.param("Asia/Aqtobe", "2023-12-31T18:30", id="aqtobe-utc+5"),
        pytest.param("Asia/Qyzylorda", "2023-12-31T18:30", id="qyzylorda-utc+5"),
    ],
)
def test_a_naive_timestamp_is_local_time_of_the_actors_zone(tz: str, utc_text: str) -> None:
    naive = datetime(2023, 12, 31, 23, 30)
    assert local_day(naive, tz) == date(2023, 12, 31)
    assert to_instant(naive, tz) == utc(utc_text)
    # ... and the evaluator reads an event's naive time so: a meeting at 23:30 on
    # 2023-12-31 counts for 2023 (clause 2, late after the first quarter), none for 2024.
    akim = Actor("akim.r", Role.AKIM, Level.REGION, tz=tz)
    meeting = Event("m", akim.id, "reporting_meeting", naive)
    report = evaluate(load_decree(), [akim], [meeting], date(2024, 12, 31))
    clause2 = {f.period: f for f in report.findings if f.rule == "2"}
    assert clause2["2023"].evidence == ("m",)
    assert clause2["2024"].evidence == ()


def test_zone_data_version_is_an_iana_release_new_enough_for_2024() -> None:
    version = zone_data_version()
    assert len(version) == 5 and version[:4].isdigit() and version[4].isalpha(), version
    assert version >= "2024a", version


# --- properties -----------------------------------------------------------------------


def _offset_hours(zone: str, moment: datetime) -> int:
    """The zone's UTC offset at ``moment``, from the table of changes (not from tzdata)."""
    change, before, after = ZONE_CHANGES[zone]
    return before if moment < change else after


@given(instants_near_zone_changes(), fixed_offsets)
def test_local_day_near_a_zone_change_does_not_depend_on_the_offset_written(
    zone_and_moment: tuple[str, datetime], other: timezone
) -> None:
    zone, moment = zone_and_moment
    expected = (moment.astimezone(UTC) + timedelta(hours=_offset_hours(zone, moment))).date()
    assert local_day(moment, zone) == expected
    assert local_day(moment.astimezone(other), zone) == expected
    assert local_day(moment.astimezone(UTC), zone) == expected


@given(naive_datetimes, st.sampled_from(sorted(ZONE_CHANGES)))
def test_naive_wall_time_round_trips_through_the_instant(moment: datetime, zone: str) -> None:
    instant = to_instant(moment, zone)
    assert local_day(instant, zone) == moment.date()
    assert instant.astimezone(load_zone(zone)).replace(tzinfo=None, fold=0) == moment


def _assert_earliest(calendar: WorkingCalendar, raw: date, due: date) -> None:
    assert due >= raw
    assert working(calendar, due)
    day = raw
    while day < due:
        assert not working(calendar, day)
        day += timedelta(days=1)


@given(overlay_calendars(), days, st.integers(min_value=0, max_value=60), units)
def test_forward_due_is_the_earliest_working_day_from_raw_on_an_overlay(
    calendar: OverlayCalendar, anchor: date, amount: int, unit: Unit
) -> None:
    deadline = deadline_after(calendar, anchor, amount, unit)
    _assert_earliest(calendar, deadline.raw, deadline.due)


@given(days, st.integers(min_value=0, max_value=60), units)
def test_forward_due_is_the_earliest_working_day_from_raw(
    anchor: date, amount: int, unit: Unit
) -> None:
    deadline = deadline_after(KZ, anchor, amount, unit)
    _assert_earliest(KZ, deadline.raw, deadline.due)


@given(days)
def test_quarter_windows_partition_the_year(day: date) -> None:
    containing = [
        quarter
        for quarter in (1, 2, 3, 4)
        if quarter_bounds(day.year, quarter)[0] <= day <= quarter_bounds(day.year, quarter)[1]
    ]
    assert containing == [(day.month - 1) // 3 + 1]
    (quarter,) = containing
    assert period_bounds(Period(day.year, quarter)) == quarter_bounds(day.year, quarter)
    assert window_deadline(day.year, quarter).due == quarter_bounds(day.year, quarter)[1]


@given(years)
def test_quarter_windows_have_no_gap_or_overlap(year: int) -> None:
    bounds = [quarter_bounds(year, quarter) for quarter in (1, 2, 3, 4)]
    assert bounds[0][0] == date(year, 1, 1) and bounds[-1][1] == date(year, 12, 31)
    assert all(b[0] - a[1] == timedelta(days=1) for a, b in itertools.pairwise(bounds))
