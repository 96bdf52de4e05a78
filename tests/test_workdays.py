"""Working-day overrides (decree_rules.time.overrides) and the calendars' data warnings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
import words
from hypothesis import given
from strategies import days, overlay_calendars
from words import estimated, lines, note, reason_off, warning, working

from decree_rules.core.diagnostics import DecreeRulesError, ErrorGroup, InputError
from decree_rules.core.vocabulary import Unit
from decree_rules.time.calendars import (
    FixedCalendar,
    KazakhCalendar,
    WorkingCalendar,
    next_working_day,
)
from decree_rules.time.overrides import (
    OverlayCalendar,
    Overrides,
    load_overrides,
    parse_overrides,
)
from decree_rules.time.terms import (
    deadline_after,
)

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "calendar-overrides.toml"
KZ = KazakhCalendar()
ACT = "Resolution of the Government No. 1234 of 2025-12-20"
# The installed release: the reports name it, whichever it is.
HV = holidays.version.__version__

GOOD = f"""\
# Government resolution on transferring days off in 2026, not yet in the holidays package
[[day_off]]
date = 2026-01-02
reason = "a day off moved by the Government from Sat 2026-01-03"
act = "{ACT}"

[[working_day]]
date = 2026-01-03
act = "{ACT}"
"""


# --- data warnings --------------------------------------------------------------------


def test_kazakh_calendar_warns_for_2026_estimated_kurban_ait_and_no_transfers() -> None:
    assert warning(KZ, 2026) == (
        f"2026: holidays {HV} gives Eid al-Adha (Kurban ait) as estimated (2026-05-27) and "
        "has no Government transfer resolution for 2026; dates in 2026 may be off by a "
        "transferred day"
    )
    assert estimated(KZ, 2026) == ((date(2026, 5, 27), "Eid al-Adha (Kurban ait)"),)
    assert estimated(KZ, 2025) == ()


@pytest.mark.parametrize("year", [*range(2016, 2026), 2015, 2001])
def test_kazakh_calendar_does_not_warn_for_years_it_knows(year: int) -> None:
    # 2015 had no transfers at all, and is not flagged: later years have some.
    assert warning(KZ, year) is None


def test_kazakh_calendar_warns_for_every_year_after_the_last_transfers() -> None:
    for year in range(2026, 2031):
        warning = words.warning(KZ, year)
        assert warning is not None
        assert warning.startswith(f"{year}: holidays {HV} ")
        assert f"has no Government transfer resolution for {year}" in warning


@pytest.mark.parametrize("year", [1985, 2101])
def test_kazakh_calendar_warns_outside_the_packages_range(year: int) -> None:
    assert warning(KZ, year) == (
        f"{year}: holidays {HV} has no Kazakh calendar for {year} (it covers 1991-2100); "
        f"only Saturdays and Sundays are days off in {year}"
    )


def _has_transfers(year: int) -> bool:
    """Transfer data in holidays.KZ for ``year``, read without decree_rules."""
    data = holidays.country_holidays("KZ", years=year, language="en_US")
    names = [name for day in data for name in data.get_list(day)]
    return any(name.startswith("Day off (substituted from") for name in names) or any(
        day.year == year for day in data.weekend_workdays
    )


def test_the_missing_transfers_warning_matches_a_scan_of_every_later_year() -> None:
    with_transfers = [year for year in range(1991, 2101) if _has_transfers(year)]
    assert with_transfers[-1] == 2025
    assert 2015 not in with_transfers  # a past year without transfers
    for year in (*range(1991, 2031), 2099, 2100):
        warning = words.warning(KZ, year) or ""
        assert ("has no Government transfer resolution" in warning) == (
            year > with_transfers[-1]
        ), year


def test_fixed_calendar_never_warns() -> None:
    assert warning(FixedCalendar(), 2026) is None
    assert warning(FixedCalendar(), 1900) is None


# --- the overlay ----------------------------------------------------------------------


def _overlay(text: str = GOOD, base: WorkingCalendar = KZ) -> OverlayCalendar:
    return OverlayCalendar(base, parse_overrides(text, "2026.toml"))


def test_overlay_days_reasons_and_notes() -> None:
    calendar = _overlay()
    assert isinstance(calendar, WorkingCalendar)
    assert calendar.description == (
        f"holidays {HV} (Kazakhstan) + 1 day off and 1 working day from 2026.toml"
    )
    # Fri 2026-01-02 is New Year's Day in the base; the override's reason names the act.
    assert reason_off(calendar, date(2026, 1, 2)) == (
        f"a day off by {ACT} (a day off moved by the Government from Sat 2026-01-03)"
    )
    assert reason_off(calendar, date(2026, 1, 3)) is None
    assert working(calendar, date(2026, 1, 3))
    assert note(calendar, date(2026, 1, 3)) == f"a Saturday made a working day by {ACT}"
    assert note(calendar, date(2026, 1, 2)) is None
    # Every other day is the base's.
    assert reason_off(calendar, date(2026, 1, 4)) == "a Sunday"
    assert reason_off(calendar, date(2026, 1, 1)) == "a public holiday (New Year's Day)"
    assert note(calendar, date(2025, 1, 5)) == note(KZ, date(2025, 1, 5))
    assert working(calendar, date(2026, 1, 5))


def test_overlay_terms_count_with_the_overrides() -> None:
    calendar = OverlayCalendar(KZ, load_overrides(EXAMPLE))
    # Fri 2026-05-08 is off in the example: ten days from 04-28 run past it to Tue 05-12.
    deadline = deadline_after(calendar, date(2026, 4, 28), 10, Unit.CALENDAR_DAYS)
    assert (deadline.raw, deadline.due) == (date(2026, 5, 8), date(2026, 5, 12))
    last = lines(deadline)[-1]
    assert "Fri 2026-05-08 is a day off by Resolution of the Government No. 1000" in last
    # Sat 2026-05-16 is worked in the example: a term ending on it is not moved.
    deadline = deadline_after(calendar, date(2026, 5, 6), 10, Unit.CALENDAR_DAYS)
    assert deadline.due == date(2026, 5, 16)
    last = lines(deadline)[-1]
    assert "a Saturday made a working day by Resolution of the Government No. 1000" in last
    # Without the overrides both days are as the holidays package has them.
    assert deadline_after(KZ, date(2026, 4, 28), 10, Unit.CALENDAR_DAYS).due == (date(2026, 5, 8))
    assert next_working_day(KZ, date(2026, 5, 16))[0] == date(2026, 5, 18)


def test_a_working_day_override_on_a_base_holiday_and_on_a_plain_weekday() -> None:
    text = f"""\
[[working_day]]
date = 2026-03-09
act = "{ACT}"

[[working_day]]
date = "2026-03-10"
act = "{ACT}"
"""
    calendar = _overlay(text)
    # Mon 2026-03-09 is the day off for 8 March (a Sunday) in the base.
    assert reason_off(KZ, date(2026, 3, 9)) is not None
    assert working(calendar, date(2026, 3, 9))
    assert note(calendar, date(2026, 3, 9)) == f"a Monday made a working day by {ACT}"
    assert note(calendar, date(2026, 3, 10)) == f"a working day by {ACT}"


def test_overlay_data_warning() -> None:
    calendar = _overlay()
    # The overrides cover 2026, so the missing transfers are no longer a warning, but
    # Kurban ait is still an estimate: a shorter note says where to put the real date.
    assert warning(calendar, 2026) == (
        "2026: the transfers come from 2026.toml, but Eid al-Adha (Kurban ait) on 2026-05-27 "
        f"is still an estimate in holidays {HV} (Kazakhstan); if it is announced for another "
        "day, make the estimated day a [[working_day]] and the announced day a [[day_off]] there"
    )
    assert warning(calendar, 2027) == warning(KZ, 2027)
    assert warning(calendar, 2025) is None
    # An entry on the estimated day settles it.
    settled = _overlay(
        GOOD + f'\n[[day_off]]\ndate = 2026-05-27\nreason = "Kurban ait"\nact = "{ACT}"\n'
    )
    assert estimated(settled, 2026) == ()
    assert warning(settled, 2026) is None
    # A base without warnings has none with overrides either.
    assert _overlay(base=FixedCalendar()).data_warning(2026) is None
    assert _overlay(base=FixedCalendar()).estimated_holidays(2026) == ()


def test_overrides_values_and_years() -> None:
    overrides = parse_overrides(GOOD, "x.toml")
    assert overrides.days_off == {
        date(2026, 1, 2): ("a day off moved by the Government from Sat 2026-01-03", ACT)
    }
    assert overrides.working_days == {date(2026, 1, 3): ACT}
    assert overrides.source == "x.toml"
    assert overrides.years == frozenset({2026})
    assert overrides == parse_overrides(GOOD, "x.toml")
    assert hash(overrides) == hash(parse_overrides(GOOD, "x.toml"))


def test_reason_is_optional_and_an_empty_file_is_no_overrides() -> None:
    overrides = parse_overrides(f'[[day_off]]\ndate = 2026-05-08\nact = "{ACT}"\n')
    assert overrides.days_off == {date(2026, 5, 8): ("", ACT)}
    assert reason_off(OverlayCalendar(KZ, overrides), date(2026, 5, 8)) == f"a day off by {ACT}"
    empty = parse_overrides("# nothing yet\n", "empty.toml")
    assert (dict(empty.days_off), dict(empty.working_days)) == ({}, {})
    assert OverlayCalendar(KZ, empty).description.endswith(
        "+ 0 days off and 0 working days from empty.toml"
    )


def test_inline_tables_are_read_too() -> None:
    text = f'day_off = [{{date = 2026-05-08, act = "{ACT}"}}]\nworking_day = []\n'
    assert parse_overrides(text).days_off == {date(2026, 5, 8): ("", ACT)}


def test_overrides_refuse_a_day_both_off_and_working() -> None:
    with pytest.raises(ValueError, match="both off and working: 2026-01-02"):
        Overrides({date(2026, 1, 2): ("", ACT)}, {date(2026, 1, 2): ACT})


def test_the_shipped_example_loads() -> None:
    overrides = load_overrides(EXAMPLE)
    assert set(overrides.days_off) == {date(2026, 5, 8)}
    assert set(overrides.working_days) == {date(2026, 5, 16)}
    assert all("EXAMPLE" in act for _, act in overrides.days_off.values())
    assert "an example" in EXAMPLE.read_text(encoding="utf-8").lower()


# --- errors ---------------------------------------------------------------------------


def _error(text: str) -> DecreeRulesError:
    with pytest.raises(DecreeRulesError) as info:
        parse_overrides(text, "o.toml")
    return info.value


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        pytest.param(
            '[[day_off]]\ndate = 2026-01-02\nact = "x\n',
            [
                "o.toml:3:9: error: malformed TOML: illegal character '\\n'",
                '    act = "x',
                "            ^",
                "    hint: an entry is [[day_off]] then date = 2026-05-08 and act = ",
            ],
            id="syntax-error-with-line-and-column",
        ),
        pytest.param(
            "[[day_off]]\ndate = ",
            ["o.toml:2:8: error: malformed TOML: invalid value", "    date = "],
            id="syntax-error-at-the-end",
        ),
        pytest.param(
            '[[day_off]]\ndate = 2026-13-01\nact = "x"\n',
            [
                "o.toml:2:8: error: malformed TOML: 2026-13-01 is not a day of the calendar",
                "    date = 2026-13-01",
                "           ^^^^^^^^^^",
            ],
            id="month-13-is-a-syntax-error",
        ),
        pytest.param(
            f'[[day_off]]\ndate = 2026-01-02\nact = "{ACT}"\ncolour = "red"\n',
            [
                "o.toml:4:10: error: field 'colour': unknown key 'colour' in a [[day_off]] entry",
                '    colour = "red"',
                "             ^^^^^",
                "    hint: the keys of [[day_off]] are date, act, reason; e.g. date = 2026-05-08",
            ],
            id="unknown-key",
        ),
        pytest.param(
            f'[[working_day]]\ndate = 2026-01-03\nact = "{ACT}"\nreason = "x"\n',
            ["o.toml:4:10: error: field 'reason': unknown key 'reason' in a [[working_day]]"],
            id="a-working-day-has-no-reason",
        ),
        pytest.param(
            f'[[day_off]]\nreason = "no date"\nact = "{ACT}"\n',
            [
                "o.toml:1: error: field 'date': a [[day_off]] entry has no 'date'",
                "    [[day_off]]",
                "    hint: write the day as a TOML date, date = 2026-05-08, or as a string, "
                'date = "2026-05-08"',
            ],
            id="missing-date",
        ),
        pytest.param(
            f'[[day_off]]\ndate = "2026-02-30"\nact = "{ACT}"\n',
            [
                "o.toml:2:8: error: field 'date': 'date' must be a day like 2026-05-08, "
                "found the string '2026-02-30'",
                '    date = "2026-02-30"',
                "           ^^^^^^^^^^^^",
            ],
            id="impossible-date-string",
        ),
        pytest.param(
            f'[[day_off]]\ndate = "2 January 2026"\nact = "{ACT}"\n',
            ["o.toml:2:8: error: field 'date': 'date' must be a day like 2026-05-08"],
            id="date-string-not-iso",
        ),
        pytest.param(
            f'[[day_off]]\ndate = 2026-01-02T10:00:00\nact = "{ACT}"\n',
            [
                "o.toml:2:8: error: field 'date': 'date' must be a day like 2026-05-08, found a "
                "date and time",
                "           ^^^^^^^^^^^^^^^^^^^",
            ],
            id="date-with-a-time",
        ),
        pytest.param(
            f'[[day_off]]\ndate = 20260102\nact = "{ACT}"\n',
            [
                "o.toml:2:8: error: field 'date': 'date' must be a day like 2026-05-08, found a "
                "number"
            ],
            id="date-as-a-number",
        ),
        pytest.param(
            "[[day_off]]\ndate = 2026-01-02\n",
            [
                "o.toml:1: error: field 'act': a [[day_off]] entry has no 'act': name the act "
                "that made the day a day off",
                '    hint: add act = "Resolution of the Government No. 1000 of 2025-12-25"',
            ],
            id="missing-act",
        ),
        pytest.param(
            '[[working_day]]\ndate = 2026-01-03\nact = "  "\n',
            ["o.toml:3:7: error: field 'act': 'act' must be text, found an empty string"],
            id="blank-act",
        ),
        pytest.param(
            f'[[day_off]]\ndate = 2026-01-02\nact = "{ACT}"\n\n'
            f'[[working_day]]\ndate = "2026-01-02"\nact = "{ACT}"\n',
            [
                "o.toml:6:8: error: field 'date': 2026-01-02 is both a day off on line 2 and "
                "a working day",
                "    hint: a day is either a [[day_off]] or a [[working_day]]",
            ],
            id="both-off-and-working",
        ),
        pytest.param(
            f'[[working_day]]\ndate = 2026-01-03\nact = "{ACT}"\n\n'
            f'[[working_day]]\ndate = 2026-01-03\nact = "{ACT}"\n',
            [
                "o.toml:6:8: error: field 'date': 2026-01-03 is listed twice as a working day "
                "(first on line 2)",
                "    hint: list each day once",
            ],
            id="duplicate",
        ),
        pytest.param(
            "[holidays]\nyear = 2026\n",
            [
                "o.toml:1: error: unknown key 'holidays': an overrides file holds only "
                "[[day_off]] and [[working_day]] entries",
                "    [holidays]",
            ],
            id="unknown-table",
        ),
        pytest.param(
            "day_off = 3\n",
            [
                "o.toml:1: error: field 'day_off': 'day_off' must be a list of [[day_off]] "
                "entries, found a number"
            ],
            id="not-a-list",
        ),
        pytest.param(
            "day_off = [1]\n",
            ["o.toml:1: error: field 'day_off': each 'day_off' entry must be a table"],
            id="not-a-table",
        ),
    ],
)
def test_a_bad_file_is_an_input_error_with_its_line(text: str, rendered: list[str]) -> None:
    error = _error(text)
    assert isinstance(error, InputError)
    lines = iter(error.render().splitlines())
    # Each expected line starts one of the rendered lines, in this order.
    for expected in rendered:
        assert any(line.startswith(expected) for line in lines), (expected, error.render())
    assert error.hint


def test_every_mistake_is_reported_at_once_in_file_order() -> None:
    text = f"""\
[[day_off]]
date = 2026-01-02
act = "{ACT}"
colour = "red"

[[day_off]]
act = "{ACT}"

[[working_day]]
date = 2026-01-02
act = 5

[extra]
"""
    error = _error(text)
    assert isinstance(error, ErrorGroup)
    assert all(isinstance(inner, InputError) for inner in error.errors)
    assert [(e.location.line, e.location.field) for e in error.errors] == [
        (4, "colour"),
        (6, "date"),
        (10, "date"),
        (11, "act"),
        (13, None),
    ]
    assert error.render().endswith("5 errors")


def test_unreadable_files_are_input_errors_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(InputError) as info:
        load_overrides(missing)
    assert info.value.render() == (
        f"{missing}: error: cannot read the overrides file: it does not exist"
    )
    with pytest.raises(InputError, match="it is a directory"):
        load_overrides(tmp_path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[[day_off]]\ndate = 2026-01-02\nact = "R\xe9solution"\n')
    with pytest.raises(InputError) as info:
        load_overrides(latin)
    assert info.value.render().startswith(
        f"{latin}:3:9: error: not valid UTF-8: byte 0xE9 cannot be decoded"
    )
    latin.write_bytes(b'\xef\xbb\xbf\n[[day_off]]\nact = "R\xe9solution"\n')
    with pytest.raises(InputError, match="byte 0xE9") as info:
        load_overrides(latin)
    assert info.value.location.line == 3
    good = tmp_path / "good.toml"
    good.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())  # a byte-order mark is fine
    assert load_overrides(good).source == str(good)


# --- properties -----------------------------------------------------------------------


@given(overlay_calendars(), days)
def test_an_override_always_decides_the_day(calendar: OverlayCalendar, day: date) -> None:
    overrides = calendar.overrides
    for worked in overrides.working_days:
        assert words.working(calendar, worked)
        assert reason_off(calendar, worked) is None
        found = words.note(calendar, worked)
        assert found is not None and overrides.working_days[worked] in found
    for off, (_, act) in overrides.days_off.items():
        assert not working(calendar, off)
        reason = reason_off(calendar, off)
        assert reason is not None and reason.startswith(f"a day off by {act}")
        assert note(calendar, off) is None
    if not overrides.covers(day):
        assert reason_off(calendar, day) == reason_off(calendar.base, day)
        assert note(calendar, day) == note(calendar.base, day)
    for year in (day.year, day.year + 1):
        if year not in overrides.years:
            assert warning(calendar, year) == warning(calendar.base, year)
        elif warning(calendar.base, year) is None:
            assert warning(calendar, year) is None


@given(overlay_calendars(), days)
def test_next_working_day_on_an_overlay_is_the_first_not_off(
    calendar: OverlayCalendar, day: date
) -> None:
    found, skipped = next_working_day(calendar, day)
    assert working(calendar, found)
    assert [s.day for s in skipped] == [day + timedelta(days=n) for n in range((found - day).days)]
