"""The Kazakh calendar's data: read from the holidays package's tables, and guarded.

Three guards, so that an upstream change is caught loudly rather than silently misread:
the package's label formats and the shape of its transfer table are the ones the adapter
was written for; every transfer of the table is in the package's days and no other name
looks like one; and the settled years 2016-2026 are exactly the snapshot
``tests/data/kz-calendar-snapshot.csv`` (``python tests/snapshot_calendar.py`` rewrites
it on purpose). Then what the adapter does when the data it reads does not fit.
"""

from __future__ import annotations

import pickle
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import snapshot_calendar
from holidays.countries.kazakhstan import Kazakhstan, KazakhstanStaticHolidays
from words import reason_off

from decree_rules.apps.cli import main
from decree_rules.core.diagnostics import DecreeRulesError, InputError
from decree_rules.time import kazakh_data
from decree_rules.time.calendars import KazakhCalendar, WorkingCalendar
from decree_rules.time.days import (
    DayOff,
    HolidayInLieu,
    MovedDayOff,
    PublicHoliday,
    WorkdayNote,
)
from decree_rules.time.kazakh_data import Labels, Transfer, load, read_transfers

ROOT = Path(__file__).parents[1]
KZ = KazakhCalendar()
V = kazakh_data.HOLIDAYS_VERSION

# ---- the package's formats and the shape of its table -------------------------------------


def test_the_package_names_days_with_the_formats_the_adapter_was_checked_with() -> None:
    assert Labels.of(load()) == Labels(
        substituted="Day off (substituted from %s)",
        date_format="%m/%d/%Y",
        observed="%s (observed)",
        estimated="%s (estimated)",
        observed_estimated="%s (observed, estimated)",
    )
    assert Labels.of(load()).moved(date(2018, 3, 3)) == "Day off (substituted from 03/03/2018)"


def test_the_transfer_table_has_the_shape_the_adapter_reads() -> None:
    # One table, special_public_holidays; no observed or per-region special days.
    specials = {name for name in vars(KazakhstanStaticHolidays) if name.startswith("special_")}
    assert specials == {"special_public_holidays"}
    assert {"substituted_label", "substituted_date_format"} <= set(vars(KazakhstanStaticHolidays))
    assert Kazakhstan.subdivisions == ()
    table: dict[int, tuple[Any, ...]] = KazakhstanStaticHolidays.special_public_holidays
    assert all(type(year) is int for year in table)
    entries: list[tuple[int, tuple[Any, ...]]] = [
        (year, entry)
        for year, value in table.items()
        for entry in (value if isinstance(value[0], tuple) else (value,))
    ]
    # Only transfers (month, day, from month, from day[, from year]): a one-off holiday
    # (month, day, name) would be read as a public holiday; look at it first.
    assert all(len(entry) in (4, 5) and all(type(p) is int for p in entry) for _, entry in entries)
    assert len(read_transfers(load())) == len(entries) == 52


def test_the_adapter_reads_the_transfers_of_2016_to_2025_from_the_table() -> None:
    transfers = [t for t in KZ.transfers() if t.day_off.year >= 2016]
    assert transfers[:2] == [
        Transfer(date(2016, 3, 7), date(2016, 3, 5)),
        Transfer(date(2017, 3, 20), date(2017, 3, 18)),
    ]
    # 2014's day off on 3 January was paid for with Saturday 28 December 2013.
    assert Transfer(date(2014, 1, 3), date(2013, 12, 28)) in KZ.transfers()
    by_year = {year: sum(t.day_off.year == year for t in transfers) for year in range(2016, 2027)}
    assert by_year == {
        2016: 1, 2017: 2, 2018: 5, 2019: 1, 2020: 3, 2021: 1,
        2022: 3, 2023: 1, 2024: 1, 2025: 1, 2026: 0,
    }  # fmt: skip


def _facts(first: int, last: int) -> list[tuple[date, DayOff | WorkdayNote | None]]:
    found: list[tuple[date, DayOff | WorkdayNote | None]] = []
    for year in range(first, last + 1):
        data = KZ._year(year)
        found += [(day, r) for day, reasons in data.days_off.items() for r in reasons]
        found += [(day, KZ.working_day_note(day)) for day in data.worked]
    return found


def test_every_transfer_is_in_the_days_and_no_other_name_looks_like_one() -> None:
    """1999-2030, the years with transfers and a margin: the table and the names agree."""
    transfers = [t for t in KZ.transfers() if 1999 <= t.day_off.year <= 2030]
    facts = _facts(1999, 2030)
    moved = {(day, r.moved_from) for day, r in facts if isinstance(r, MovedDayOff)}
    assert moved == {(t.day_off, t.worked) for t in transfers}
    worked = {day for day, r in facts if r is not None and r.kind == "worked_by_government"}
    assert worked == {t.worked for t in transfers if t.worked.weekday() >= 5}
    names = {r.name for _, r in facts if isinstance(r, PublicHoliday)}
    # A label the adapter did not read would be left as a "public holiday".
    assert not [n for n in names if "substituted" in n or "observed" in n or "Day off" in n]
    assert {r.holiday for _, r in facts if isinstance(r, HolidayInLieu)} <= names


# ---- the snapshot of the settled years -----------------------------------------------------


def test_the_settled_years_are_as_the_snapshot_records_them() -> None:
    snapshot = snapshot_calendar.SNAPSHOT.read_text(encoding="utf-8")
    assert snapshot_calendar.years_of(snapshot) == (2016, 2026)
    diff = snapshot_calendar.differences(snapshot, KZ)
    assert diff is None, (
        f"holidays {V} changes what the Kazakh calendar says about a settled year:\n{diff}\n"
        "If the change is a correction you accept, rewrite the snapshot with "
        "'python tests/snapshot_calendar.py' and review its diff."
    )


class _Edited:
    """The Kazakh calendar with one day made a plain working day."""

    def __init__(self, day: date) -> None:
        self.day = day
        self.description = KZ.description

    def why_off(self, day: date) -> tuple[DayOff, ...]:
        return () if day == self.day else KZ.why_off(day)

    def working_day_note(self, day: date) -> WorkdayNote | None:
        return None if day == self.day else KZ.working_day_note(day)

    def data_warning(self, year: int) -> None:
        return None

    def estimated_holidays(self, year: int) -> tuple[()]:
        return ()


def _snapshot(first: int = 2017, last: int = 2018) -> str:
    return snapshot_calendar.render(KZ, first, last)


def test_a_rewrite_of_a_settled_year_fails_with_a_readable_diff() -> None:
    edited: WorkingCalendar = _Edited(date(2018, 3, 9))
    diff = snapshot_calendar.differences(_snapshot(), edited)
    assert diff is not None
    assert "\n-2018-03-09,Fri,moved_day_off,2018-03-03\n" in diff
    assert " 2018-03-08,Fri,public_holiday" not in diff  # the day before is Thursday
    assert " 2018-03-08,Thu,public_holiday,International Women's Day" in diff


def test_data_for_years_after_the_snapshot_passes() -> None:
    assert snapshot_calendar.differences(_snapshot(), _Edited(date(2019, 5, 10))) is None
    assert snapshot_calendar.differences(_snapshot(), KZ) is None


def test_the_snapshot_script_checks_and_rewrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "snapshot.csv"
    assert snapshot_calendar.main(["--output", str(path), "--first", "2018", "--last", "2018"]) == 0
    text = path.read_text(encoding="utf-8")
    assert "# years: 2018-2018\n" in text and f"# made with: holidays {V} (Kazakhstan)" in text
    assert "2018-03-03,Sat,worked_by_government,\n" in text
    assert snapshot_calendar.main(["--output", str(path), "--check"]) == 0
    path.write_text(text.replace("2018-03-03,Sat,worked", "2018-03-04,Sun,worked"), "utf-8")
    assert snapshot_calendar.main(["--output", str(path), "--check"]) == 1
    assert "+2018-03-03,Sat,worked_by_government," in capsys.readouterr().out
    # Rewritten with the years it had.
    assert snapshot_calendar.main(["--output", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == text


# ---- the pin ---------------------------------------------------------------------------------


def test_the_pin_admits_every_release_with_this_kazakh_data() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in project["project"]["dependencies"] if d.startswith("holidays")]
    assert pins == ["holidays>=0.101,<1"]
    assert kazakh_data.TESTED_RELEASES.startswith("0.101 ")
    assert tuple(int(part) for part in V.split(".")[:2]) >= (0, 101)


def test_the_calendar_pickles_with_its_years() -> None:
    calendar = KazakhCalendar()
    assert reason_off(calendar, date(2018, 3, 9)) is not None
    again = pickle.loads(pickle.dumps(calendar))
    assert again.why_off(date(2018, 3, 9)) == (MovedDayOff(date(2018, 3, 3)),)


# ---- data the adapter cannot read ------------------------------------------------------------


def _tamper(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[Any, int | None, bool], None]
) -> None:
    """Make the package's data for a year pass through ``change`` (data, year, observed)."""
    real = kazakh_data.load

    def load(year: int | None = None, *, observed: bool = True) -> Any:
        data = real(year, observed=observed)
        change(data, year, observed)
        return data

    monkeypatch.setattr(kazakh_data, "load", load)


class _Table:
    def __init__(self, table: object) -> None:
        self.special_public_holidays = table


def test_the_table_reads_one_bare_entry_cross_year_entries_and_one_off_holidays() -> None:
    table = {2016: (3, 7, 3, 5), 2014: ((1, 3, 12, 28, 2013), (5, 2, 5, 4)), 2030: ((9, 9, "X"),)}
    assert read_transfers(_Table(table)) == (
        Transfer(date(2014, 1, 3), date(2013, 12, 28)),
        Transfer(date(2014, 5, 2), date(2014, 5, 4)),
        Transfer(date(2016, 3, 7), date(2016, 3, 5)),
    )


@pytest.mark.parametrize(
    ("table", "args"),
    [
        (None, {"attribute": "special_public_holidays"}),
        ({"2016": (3, 7, 3, 5)}, {"attribute": "special_public_holidays"}),
        ({2016: (3, 7, 3)}, {"year": 2016, "entry": "(3, 7, 3)"}),
        ({2016: ((3, 7, 3, 5), (2, 30, 2, 28))}, {"year": 2016, "entry": "(2, 30, 2, 28)"}),
        ({2016: ((3, 7, "3", 5),)}, {"year": 2016, "entry": "(3, 7, '3', 5)"}),
        ({2016: [(3, 7, 3, 5)]}, {"year": 2016, "entry": "[(3, 7, 3, 5)]"}),
    ],
)
def test_a_table_of_another_shape_is_an_error(table: object, args: dict[str, object]) -> None:
    with pytest.raises(InputError) as raised:
        read_transfers(_Table(table))
    assert raised.value.code == "DR-I070"
    assert dict(raised.value.arguments) == {"version": V, **args}
    assert raised.value.message.startswith(f"holidays {V}: the Kazakh calendar's data has ")
    assert "0.101 to 0.109" in (raised.value.hint or "")


def _bad_table(monkeypatch: pytest.MonkeyPatch) -> object:
    def change(data: Any, year: int | None, observed: bool) -> None:
        data.special_public_holidays = {2027: ((5, 8, 5),)}

    _tamper(monkeypatch, change)
    return KazakhCalendar().why_off(date(2027, 5, 8))


def _transfer_not_in_days(monkeypatch: pytest.MonkeyPatch) -> object:
    def change(data: Any, year: int | None, observed: bool) -> None:
        # The table (read after the year's days were made) has a transfer its days lack.
        data.special_public_holidays = {**data.special_public_holidays, 2027: (5, 10, 5, 8)}

    _tamper(monkeypatch, change)
    return KazakhCalendar().why_off(date(2027, 5, 10))


def _in_lieu_of_nothing(monkeypatch: pytest.MonkeyPatch) -> object:
    def change(data: Any, year: int | None, observed: bool) -> None:
        if year == 2026 and observed:
            data.pop(date(2026, 3, 9))
            data[date(2026, 3, 9)] = "Women's Day (moved)"

    _tamper(monkeypatch, change)
    return KazakhCalendar().why_off(date(2026, 3, 9))


DATA_CASES: dict[str, tuple[Callable[[Path, pytest.MonkeyPatch], object], dict[str, Any]]] = {
    "DR-I070": (
        lambda path, patch: _bad_table(patch),
        {"version": V, "year": 2027, "entry": "(5, 8, 5)"},
    ),
    "DR-I071": (
        lambda path, patch: _transfer_not_in_days(patch),
        {"version": V, "day_off": "2027-05-10", "worked": "2027-05-08"},
    ),
    "DR-I072": (
        lambda path, patch: _in_lieu_of_nothing(patch),
        {"version": V, "day": "2026-03-09", "name": "Women's Day (moved)"},
    ),
}
"""A case for each code of the package's data, for tests/test_io_codes.py too."""


@pytest.mark.parametrize("code", sorted(DATA_CASES))
def test_data_the_adapter_cannot_read_is_an_error_not_a_guess(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, args = DATA_CASES[code]
    with pytest.raises(InputError) as raised:
        case(tmp_path, monkeypatch)
    assert raised.value.code == code
    assert dict(raised.value.arguments) == args


def test_a_missing_transfer_is_worded_with_the_name_the_adapter_looked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(InputError) as raised:
        _transfer_not_in_days(monkeypatch)
    assert raised.value.render() == (
        f"holidays/countries/kazakhstan.py: error: holidays {V}: its table moves a day off "
        "from 2027-05-08 to 2027-05-10, but 2027-05-10 is not named 'Day off (substituted "
        "from 05/08/2027)' in its calendar\n"
        f"    hint: decree_rules was checked with holidays 0.101 to 0.109: install one of them "
        "(pip install 'holidays>=0.101,<=0.109') until decree_rules reads the new data"
    )


def test_a_worked_saturday_the_package_leaves_off_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def change(data: Any, year: int | None, observed: bool) -> None:
        data.weekend_workdays.discard(date(2018, 3, 3))

    _tamper(monkeypatch, change)
    with pytest.raises(InputError) as raised:
        KazakhCalendar().working_day_note(date(2018, 3, 3))
    assert raised.value.code == "DR-I071"
    assert dict(raised.value.arguments) == {
        "version": V,
        "day_off": "2018-03-09",
        "worked": "2018-03-03",
    }


def test_the_command_line_reports_unreadable_data_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def change(data: Any, year: int | None, observed: bool) -> None:
        data.special_public_holidays = None

    _tamper(monkeypatch, change)
    assert main(["due", "--after", "2018-02-27", "--days", "10"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"holidays/countries/kazakhstan.py: error: holidays {V}: the Kazakh calendar's data "
        "has changed shape: it has no table of transfers by year (special_public_holidays)"
    )
    with pytest.raises(DecreeRulesError):
        _bad_table(monkeypatch)
