"""Counting terms: the worked examples of deadlines.md, dated cases and properties."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    aware_datetimes,
    days,
    fixed_calendars,
    fixed_offsets,
    month_counts,
    month_end_days,
    naive_datetimes,
    periods,
    quarters,
    tz_names,
    units,
    years,
)
from words import MEETING_ENDED, MEETING_STARTS, lines, note, reason_off, working

from decree_rules.core.periods import Period, period_bounds, quarter_bounds
from decree_rules.core.vocabulary import Unit
from decree_rules.explain.sentences import (
    day_off,
    fmt_day,
)
from decree_rules.time.calendars import (
    FixedCalendar,
    KazakhCalendar,
    WorkingCalendar,
    next_working_day,
)
from decree_rules.time.terms import (
    DueDate as Deadline,
)
from decree_rules.time.terms import (
    add_days,
    add_months,
    deadline_after,
    deadline_before,
    deadline_day_of_next_month,
    deadline_fixed,
    window_deadline,
)
from decree_rules.time.zones import (
    UnknownZoneError,
    load_zone,
    local_day,
    to_instant,
)

KZ = KazakhCalendar()


def after(anchor: date, amount: int, unit: Unit = Unit.CALENDAR_DAYS) -> Deadline:
    return deadline_after(KZ, anchor, amount, unit, start=MEETING_ENDED)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- the worked examples of deadlines.md ----------------------------------------------


def test_example_report_within_10_days_of_2018_02_27_moves_past_a_transferred_day_off() -> None:
    deadline = after(date(2018, 2, 27), 10)
    assert deadline.raw == date(2018, 3, 9)
    assert deadline.due == date(2018, 3, 12)
    assert deadline.shifted
    assert lines(deadline) == (
        "the meeting e1 ended Tue 2018-02-27; the term starts the next day "
        "(Civil Code art. 173, start_next_day)",
        "+10 calendar days = Fri 2018-03-09",
        "Fri 2018-03-09 is a day off moved by the Government from Sat 2018-03-03; "
        "Sat 2018-03-10 is a Saturday; Sun 2018-03-11 is a Sunday; "
        "due Mon 2018-03-12, the next working day (Civil Code art. 175, shift_forward)",
    )


def test_example_report_within_10_days_of_2024_03_11_moves_past_nauryz() -> None:
    deadline = after(date(2024, 3, 11), 10)
    assert deadline.raw == date(2024, 3, 21)
    assert deadline.due == date(2024, 3, 26)
    last = lines(deadline)[-1]
    assert "Thu 2024-03-21 is a public holiday (Nowruz Holiday)" in last
    assert "Sat 2024-03-23 is a public holiday (Nowruz Holiday) and a Saturday" in last
    assert "Mon 2024-03-25 is a day off in place of Nowruz Holiday, which fell on a weekend" in last
    assert last.endswith(
        "due Tue 2024-03-26, the next working day (Civil Code art. 175, shift_forward)"
    )


def test_example_progress_for_2020_q4_by_the_10th_moves_off_a_sunday() -> None:
    deadline = deadline_day_of_next_month(KZ, Period(2020, 4), 10)
    assert (deadline.raw, deadline.due) == (date(2021, 1, 10), date(2021, 1, 11))
    assert lines(deadline) == (
        "2020-Q4 ends Thu 2020-12-31; day 10 of the next month = Sun 2021-01-10 "
        "(the day itself included, fixed_date_inclusive)",
        "Sun 2021-01-10 is a Sunday; due Mon 2021-01-11, the next working day "
        "(Civil Code art. 175, shift_forward)",
    )


def test_example_one_month_from_2016_01_31_is_the_leap_day() -> None:
    deadline = deadline_after(KZ, date(2016, 1, 31), 1, Unit.MONTHS, start=MEETING_ENDED)
    assert (deadline.raw, deadline.due) == (date(2016, 2, 29), date(2016, 2, 29))
    assert lines(deadline)[1] == (
        "+1 month = Mon 2016-02-29 (February 2016 has no day 31: the last day of the month, "
        "Civil Code art. 174, month_clamp)"
    )
    assert lines(deadline)[2] == "due Mon 2016-02-29"


def test_example_schedule_by_15_january_2023_moves_off_a_sunday() -> None:
    deadline = deadline_fixed(KZ, 2023, 1, 15)
    assert (deadline.raw, deadline.due) == (date(2023, 1, 15), date(2023, 1, 16))
    assert lines(deadline) == (
        "by 15 January 2023 = Sun 2023-01-15 (the day itself included, fixed_date_inclusive)",
        "Sun 2023-01-15 is a Sunday; due Mon 2023-01-16, the next working day "
        "(Civil Code art. 175, shift_forward)",
    )


def test_example_notice_for_a_meeting_on_2016_01_11_stays_on_new_years_day() -> None:
    deadline = deadline_before(KZ, date(2016, 1, 11), 10, Unit.CALENDAR_DAYS, start=MEETING_STARTS)
    assert deadline.raw == deadline.due == date(2016, 1, 1)
    assert not deadline.shifted
    assert lines(deadline) == (
        "the meeting e1 starts Mon 2016-01-11",
        "10 calendar days before = Fri 2016-01-01: the last day to publish",
        "Fri 2016-01-01 is a public holiday (New Year's Day); "
        "a notice counted backwards is never moved (notice_unshifted)",
    )


@pytest.mark.parametrize(
    ("tz", "day"),
    [
        pytest.param("Asia/Aqtobe", date(2023, 12, 31), id="aqtobe-utc+5-still-2023"),
        pytest.param("Asia/Almaty", date(2024, 1, 1), id="almaty-utc+6-already-2024"),
    ],
)
def test_example_meeting_at_2023_12_31t18_30z_counts_for_the_zones_year(tz: str, day: date) -> None:
    assert local_day(utc("2023-12-31T18:30"), tz) == day


# --- dated cases ----------------------------------------------------------------------


def _after(anchor: date, amount: int, unit: Unit = Unit.CALENDAR_DAYS) -> Callable[[], Deadline]:
    return lambda: after(anchor, amount, unit)


DATED: list[tuple[str, Callable[[], Deadline], date, date, str]] = [
    (
        "Sun 2025-01-05 was made a working day, so a term ending on it is not moved",
        _after(date(2024, 12, 26), 10),
        date(2025, 1, 5),
        date(2025, 1, 5),
        "due Sun 2025-01-05, a Sunday made a working day by the Government",
    ),
    (
        "Fri 2025-01-03 is the day off moved from Sun 2025-01-05",
        _after(date(2024, 12, 24), 10),
        date(2025, 1, 3),
        date(2025, 1, 5),
        "Fri 2025-01-03 is a day off moved by the Government from Sun 2025-01-05",
    ),
    (
        "Orthodox Christmas on Sun 2018-01-07 has no observed day: Mon 2018-01-08 works",
        _after(date(2017, 12, 28), 10),
        date(2018, 1, 7),
        date(2018, 1, 8),
        "Sun 2018-01-07 is a public holiday (Orthodox Christmas) and a Sunday; due Mon 2018-01-08",
    ),
    (
        "Eid al-Adha on Sun 2024-06-16 has no observed day either",
        _after(date(2024, 6, 6), 10),
        date(2024, 6, 16),
        date(2024, 6, 17),
        "Sun 2024-06-16 is a public holiday (Eid al-Adha) and a Sunday; due Mon 2024-06-17",
    ),
    (
        "one month from 2024-01-29 is the leap day itself, no clamp",
        _after(date(2024, 1, 29), 1, Unit.MONTHS),
        date(2024, 2, 29),
        date(2024, 2, 29),
        "+1 month = Thu 2024-02-29",
    ),
    (
        "one year from the leap day 2016-02-29 clamps to 2017-02-28",
        _after(date(2016, 2, 29), 1, Unit.YEARS),
        date(2017, 2, 28),
        date(2017, 2, 28),
        "+1 year = Tue 2017-02-28 (February 2017 has no day 29",
    ),
    (
        "one month from 2018-03-31 clamps to Mon 2018-04-30, itself a moved day off",
        _after(date(2018, 3, 31), 1, Unit.MONTHS),
        date(2018, 4, 30),
        date(2018, 5, 2),
        "April 2018 has no day 31",
    ),
    (
        "two months from 2019-12-31 in one step is 2020-02-29, not chained to 02-28",
        _after(date(2019, 12, 31), 2, Unit.MONTHS),
        date(2020, 2, 29),
        date(2020, 3, 2),
        "+2 months = Sat 2020-02-29 (February 2020 has no day 31",
    ),
    (
        "a shift across the year end: Mon 2018-12-31 off, 1-2 January holidays",
        _after(date(2018, 12, 21), 10),
        date(2018, 12, 31),
        date(2019, 1, 3),
        "Mon 2018-12-31 is a day off moved by the Government from Sat 2018-12-29",
    ),
    (
        "New Year 2016 on Fri-Sat with the observed Monday: due Tue 2016-01-05",
        _after(date(2015, 12, 31), 1),
        date(2016, 1, 1),
        date(2016, 1, 5),
        "Mon 2016-01-04 is a day off in place of New Year's Day, which fell on a weekend",
    ),
    (
        "working days skip Nauryz 2024 and name it",
        _after(date(2024, 3, 15), 5, Unit.WORKING_DAYS),
        date(2024, 3, 27),
        date(2024, 3, 27),
        "+5 working days = Wed 2024-03-27 (days off not counted: "
        "Thu 2024-03-21, a public holiday (Nowruz Holiday)",
    ),
    (
        "Q4 2023 progress is due in the next year, on Wed 2024-01-10",
        lambda: deadline_day_of_next_month(KZ, Period(2023, 4), 10),
        date(2024, 1, 10),
        date(2024, 1, 10),
        "2023-Q4 ends Sun 2023-12-31; day 10 of the next month = Wed 2024-01-10",
    ),
    (
        "a whole year's period: day 10 after 2018 is Thu 2019-01-10",
        lambda: deadline_day_of_next_month(KZ, Period(2018), 10),
        date(2019, 1, 10),
        date(2019, 1, 10),
        "2018 ends Mon 2018-12-31",
    ),
    (
        "by 15 January 2022, a Saturday: due Mon 2022-01-17",
        lambda: deadline_fixed(KZ, 2022, 1, 15),
        date(2022, 1, 15),
        date(2022, 1, 17),
        "Sat 2022-01-15 is a Saturday; Sun 2022-01-16 is a Sunday; due Mon 2022-01-17",
    ),
    (
        "shift=False leaves a day off as the last day, and says so",
        lambda: deadline_fixed(KZ, 2023, 1, 15, shift=False),
        date(2023, 1, 15),
        date(2023, 1, 15),
        "Sun 2023-01-15 is a Sunday; due Sun 2023-01-15 all the same",
    ),
    (
        "the Q1 2024 window ends on Sun 2024-03-31 and is not extended",
        lambda: window_deadline(2024, 1),
        date(2024, 3, 31),
        date(2024, 3, 31),
        "due Sun 2024-03-31, the window's last day (a window is not extended to a working day)",
    ),
    (
        "a notice one month before 2016-03-31 clamps to 2016-02-29",
        lambda: deadline_before(KZ, date(2016, 3, 31), 1, Unit.MONTHS, start=MEETING_STARTS),
        date(2016, 2, 29),
        date(2016, 2, 29),
        "1 month before = Mon 2016-02-29 (February 2016 has no day 31",
    ),
]


@pytest.mark.parametrize(
    ("compute", "raw", "due", "text"),
    [pytest.param(*case[1:], id=case[0]) for case in DATED],
)
def test_dated_case(compute: Callable[[], Deadline], raw: date, due: date, text: str) -> None:
    deadline = compute()
    assert (deadline.raw, deadline.due) == (raw, due)
    assert deadline.shifted == (raw != due)
    assert any(text in step for step in lines(deadline)), lines(deadline)


def test_window_steps() -> None:
    assert lines(window_deadline(2018, 2)) == (
        "during quarter 2 of 2018: Sun 2018-04-01 .. Sat 2018-06-30",
        "due Sat 2018-06-30, the window's last day (a window is not extended to a working day)",
    )


@pytest.mark.parametrize(
    ("instant", "day", "offset_hours"),
    [
        pytest.param("2024-02-29T17:30", date(2024, 2, 29), 6, id="last-evening-at-utc+6-is-02-29"),
        pytest.param(
            "2024-02-29T18:30",
            date(2024, 2, 29),
            5,
            id="clocks-went-back-at-midnight-so-23:30-repeats-on-02-29",
        ),
        pytest.param(
            "2024-03-01T18:30",
            date(2024, 3, 1),
            5,
            id="after-the-change-23:30-at-utc+5-stays-on-03-01-(stale-zones-say-03-02)",
        ),
        pytest.param(
            "2023-03-01T18:30", date(2023, 3, 2), 6, id="a-year-earlier-00:30-at-utc+6-is-03-02"
        ),
    ],
)
def test_evening_utc_instants_in_almaty(instant: str, day: date, offset_hours: int) -> None:
    moment = utc(instant)
    assert local_day(moment, "Asia/Almaty") == day
    assert moment.astimezone(load_zone("Asia/Almaty")).utcoffset() == timedelta(hours=offset_hours)


def test_local_day_of_dates_and_naive_datetimes_is_as_written() -> None:
    assert local_day(date(2024, 3, 1), "Asia/Almaty") == date(2024, 3, 1)
    assert local_day(datetime(2024, 2, 29, 23, 59), "Asia/Almaty") == date(2024, 2, 29)


def test_to_instant() -> None:
    # 03-01 begins at 00:00 UTC+5: at 18:00Z the clocks went back from 00:00 to 23:00 of 02-29.
    assert to_instant(date(2024, 3, 1), "Asia/Almaty") == utc("2024-02-29T19:00")
    assert to_instant(date(2024, 2, 29), "Asia/Almaty") == utc("2024-02-28T18:00")
    # A repeated wall time is read as its first occurrence (still UTC+6).
    assert to_instant(datetime(2024, 2, 29, 23, 30), "Asia/Almaty") == utc("2024-02-29T17:30")
    # ... and fold=1 as its second (already UTC+5).
    second = datetime(2024, 2, 29, 23, 30, fold=1)
    assert to_instant(second, "Asia/Almaty") == utc("2024-02-29T18:30")
    assert to_instant(second, "Asia/Almaty") > to_instant(
        datetime(2024, 2, 29, 23, 45), "Asia/Almaty"
    )
    aware = utc("2024-03-01T18:30")
    assert to_instant(aware, "Asia/Almaty") == aware
    assert to_instant(aware, "Asia/Almaty").tzinfo is UTC


def test_unknown_zone_fails_for_every_kind_of_moment() -> None:
    for moment in (date(2024, 1, 1), datetime(2024, 1, 1), utc("2024-01-01T00:00")):
        with pytest.raises(UnknownZoneError):
            local_day(moment, "Asia/Nowhere")
        with pytest.raises(UnknownZoneError):
            to_instant(moment, "Asia/Nowhere")


def test_fmt_day() -> None:
    assert fmt_day(date(2018, 3, 9)) == "Fri 2018-03-09"


def test_kazakh_calendar_reasons_and_description() -> None:
    assert KZ.description.startswith(f"holidays {holidays.version.__version__} ")
    assert KZ.description.endswith("(Kazakhstan)")
    assert isinstance(KZ, WorkingCalendar)
    assert reason_off(KZ, date(2018, 3, 9)) == (
        "a day off moved by the Government from Sat 2018-03-03"
    )
    assert reason_off(KZ, date(2018, 3, 3)) is None  # the Saturday worked instead
    assert note(KZ, date(2018, 3, 3)) == ("a Saturday made a working day by the Government")
    assert note(KZ, date(2018, 3, 5)) is None
    assert reason_off(KZ, date(2018, 3, 5)) is None
    assert working(KZ, date(2018, 3, 5))
    assert not working(KZ, date(2018, 3, 10))


def test_fixed_calendar() -> None:
    calendar = FixedCalendar(
        days_off={date(2024, 5, 1): "a public holiday (Test Day)"},
        working_days=(date(2024, 5, 4),),
        weekend=(4, 5, 6),
        description="test calendar",
    )
    assert isinstance(calendar, WorkingCalendar)
    assert calendar.description == "test calendar"
    assert reason_off(calendar, date(2024, 5, 1)) == "a public holiday (Test Day)"
    assert reason_off(calendar, date(2024, 5, 3)) == "a Friday"
    assert working(calendar, date(2024, 5, 4))
    assert note(calendar, date(2024, 5, 4)) == "a Saturday made a working day"
    assert note(calendar, date(2024, 5, 2)) is None
    deadline = deadline_after(calendar, date(2024, 4, 30), 1, Unit.CALENDAR_DAYS)
    assert deadline.due == date(2024, 5, 2)
    # Friday and Sunday are off; the Saturday was made working.
    day, skipped = next_working_day(calendar, date(2024, 5, 3))
    assert day == date(2024, 5, 4)
    assert [(s.day, day_off(s.reasons)) for s in skipped] == [(date(2024, 5, 3), "a Friday")]
    assert FixedCalendar().description == "fixed calendar"
    assert hash(FixedCalendar()) == hash(FixedCalendar())
    assert calendar != FixedCalendar(weekend=(4, 5, 6), description="test calendar")
    assert working(FixedCalendar(), date(2024, 5, 1))


def test_a_calendar_without_working_days_fails_instead_of_looping() -> None:
    with pytest.raises(ValueError, match="no working day"):
        next_working_day(FixedCalendar(weekend=range(7)), date(2024, 1, 1))


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        quarter_bounds(2024, 5)
    with pytest.raises(ValueError):
        after(date(2024, 1, 1), -1)
    with pytest.raises(ValueError):
        deadline_day_of_next_month(KZ, Period(2024, 1), 32)
    with pytest.raises(ValueError):
        FixedCalendar(weekend=(7,))


def test_day_of_next_month_clamps_a_day_the_month_lacks() -> None:
    deadline = deadline_day_of_next_month(KZ, Period(2024, 1), 31, shift=False)
    assert deadline.raw == date(2024, 4, 30)
    assert "April 2024 has no day 31" in lines(deadline)[0]


# --- properties -----------------------------------------------------------------------


def _assert_earliest_working_day(calendar: WorkingCalendar, deadline: Deadline) -> None:
    assert deadline.due >= deadline.raw
    assert working(calendar, deadline.due)
    day = deadline.raw
    while day < deadline.due:
        assert not working(calendar, day)
        # every day passed over is named, with its reason, in the last step
        assert f"{fmt_day(day)} is {reason_off(calendar, day)}" in lines(deadline)[-1]
        day += timedelta(days=1)
    assert fmt_day(deadline.due) in lines(deadline)[-1]


@given(days, st.integers(min_value=0, max_value=60), units)
def test_shifted_due_is_the_earliest_working_day_from_raw(
    anchor: date, amount: int, unit: Unit
) -> None:
    deadline = after(anchor, amount, unit)
    _assert_earliest_working_day(KZ, deadline)
    assert deadline.raw >= anchor
    assert (deadline.raw == anchor) == (amount == 0)
    if unit is Unit.CALENDAR_DAYS:
        assert deadline.raw == add_days(anchor, amount)


@given(fixed_calendars(), days, st.integers(min_value=0, max_value=40), units)
def test_shifted_due_is_the_earliest_working_day_on_any_calendar(
    calendar: FixedCalendar, anchor: date, amount: int, unit: Unit
) -> None:
    deadline = deadline_after(calendar, anchor, amount, unit)
    _assert_earliest_working_day(calendar, deadline)


@given(days, st.integers(min_value=0, max_value=60), units)
def test_no_shift_keeps_the_raw_day(anchor: date, amount: int, unit: Unit) -> None:
    deadline = deadline_after(KZ, anchor, amount, unit, shift=False)
    assert deadline.due == deadline.raw
    assert not deadline.shifted
    shifted = deadline_after(KZ, anchor, amount, unit)
    assert shifted.raw == deadline.raw


@given(days, st.integers(min_value=0, max_value=60), units)
def test_working_days_count_exactly(anchor: date, amount: int, unit: Unit) -> None:
    if unit is not Unit.WORKING_DAYS:
        return
    deadline = after(anchor, amount, unit)
    counted = sum(
        working(KZ, anchor + timedelta(days=offset))
        for offset in range(1, (deadline.raw - anchor).days + 1)
    )
    assert counted == amount
    assert amount == 0 or working(KZ, deadline.raw)


def _clamp(anchor: date, months: int) -> date:
    """add_months, computed another way: try the same day, step back until it exists."""
    month_index = anchor.month - 1 + months
    year = anchor.year + month_index // 12
    month = month_index % 12 + 1
    day = anchor.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


@given(days, month_counts)
def test_add_months_matches_the_clamp_formula(anchor: date, months: int) -> None:
    result, clamped = add_months(anchor, months)
    assert result == _clamp(anchor, months)
    assert clamped == (result.day != anchor.day)
    assert (result.year * 12 + result.month) - (anchor.year * 12 + anchor.month) == months


@given(days | month_end_days, month_counts, month_counts)
def test_chaining_month_steps_can_only_lose_days(anchor: date, n: int, m: int) -> None:
    chained = add_months(add_months(anchor, n)[0], m)[0]
    direct = add_months(anchor, n + m)[0]
    assert chained <= direct
    if anchor.day <= 28:
        assert chained == direct


@given(aware_datetimes, fixed_offsets, tz_names)
def test_local_day_does_not_depend_on_the_offset_written(
    moment: datetime, other: timezone, tz: str
) -> None:
    assert local_day(moment, tz) == local_day(moment.astimezone(other), tz)
    assert local_day(moment, tz) == local_day(moment.astimezone(UTC), tz)
    assert to_instant(moment, tz) == to_instant(moment.astimezone(other), tz) == moment


@given(naive_datetimes, tz_names)
def test_naive_wall_time_is_local(moment: datetime, tz: str) -> None:
    assert local_day(moment, tz) == moment.date()
    assert local_day(to_instant(moment, tz), tz) == moment.date()


@given(days, st.integers(min_value=0, max_value=60), units)
def test_backward_notice_is_never_later_nor_moved(anchor: date, amount: int, unit: Unit) -> None:
    deadline = deadline_before(KZ, anchor, amount, unit, start=MEETING_STARTS)
    assert deadline.raw == deadline.due
    assert deadline.raw <= anchor
    if unit is Unit.CALENDAR_DAYS:
        assert deadline.raw == add_days(anchor, -amount)
    reason = reason_off(KZ, deadline.raw)
    if reason is not None:
        assert lines(deadline)[-1] == (
            f"{fmt_day(deadline.raw)} is {reason}; a notice counted backwards is never moved "
            "(notice_unshifted)"
        )


@given(years)
def test_quarters_partition_the_year(year: int) -> None:
    bounds = [quarter_bounds(year, quarter) for quarter in (1, 2, 3, 4)]
    assert bounds[0][0] == date(year, 1, 1)
    assert bounds[-1][1] == date(year, 12, 31)
    for (_, end), (start, _) in itertools.pairwise(bounds):
        assert start == end + timedelta(days=1)
    assert (
        sum((end - start).days + 1 for start, end in bounds)
        == (date(year, 12, 31) - date(year, 1, 1)).days + 1
    )
    assert period_bounds(Period(year)) == (date(year, 1, 1), date(year, 12, 31))


@given(years, quarters)
def test_window_is_the_quarters_last_day(year: int, quarter: int) -> None:
    deadline = window_deadline(year, quarter)
    assert deadline.raw == deadline.due == quarter_bounds(year, quarter)[1]


@given(periods, st.integers(min_value=1, max_value=28))
def test_day_of_next_month_follows_the_period(period: Period, day: int) -> None:
    deadline = deadline_day_of_next_month(KZ, period, day)
    end = period_bounds(period)[1]
    assert deadline.raw == add_months(end.replace(day=1), 1)[0].replace(day=day)
    _assert_earliest_working_day(KZ, deadline)
