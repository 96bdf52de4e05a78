"""The Kazakh calendar of the ``holidays`` package, read from the package's own data.

**Transfers.** The Government's yearly transfers come from the package's table of them,
``special_public_holidays`` (``holidays/countries/kazakhstan.py``): for each year, entries
``(month, day, from_month, from_day)`` or ``(..., from_year)``, the day made a day off and
the day worked in its place. **Days in lieu.** A holiday on a weekend gives a day off on
the next working day; the package adds those days only when it observes holidays, so they
are the names a year has with ``observed=True`` and lacks with ``observed=False``.

The package's English names are never parsed for dates or kinds. They are only matched,
on a day with several names, against the names the package's own label formats make
(``substituted_label``, ``observed_label``): so a transfer whose name is missing, or an
observed day whose name no holiday explains, is a change of the package this code cannot
read, and an error (DR-I070 to DR-I072), not a silent guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs
from holidays import HolidayBase, country_holidays
from holidays.version import __version__ as HOLIDAYS_VERSION

from decree_rules.core.diagnostics import InputError
from decree_rules.core.source import Location
from decree_rules.time.days import (
    DayOff,
    EstimatedHoliday,
    HolidayInLieu,
    MovedDayOff,
    PublicHoliday,
)

__all__ = [
    "HOLIDAYS_VERSION",
    "TESTED_RELEASES",
    "KazakhYear",
    "Labels",
    "Transfer",
    "package_transfers",
    "read_transfers",
    "read_year",
]

COUNTRY = "KZ"
LANGUAGE = "en_US"
"""The language of the names: the default language of KZ is Kazakh, and the reports are
English."""

TESTED_RELEASES = "0.101 to 0.109"
"""The ``holidays`` releases whose Kazakh data this code was checked against (pyproject)."""

_WHERE = Location("holidays/countries/kazakhstan.py")
_HINT = (
    f"decree_rules was checked with holidays {TESTED_RELEASES}: install one of them "
    "(pip install 'holidays>=0.101,<=0.109') until decree_rules reads the new data"
)


@attrs.frozen
class Transfer:
    """A Government transfer: ``day_off`` made a day off, ``worked`` worked in its place.

    ``worked`` is usually a Saturday or a Sunday; it may be a weekday day off that the
    transfer moves (2020: the day in lieu of Victory Day, Mon 05-11, moved to Fri 05-08).
    """

    day_off: date
    worked: date


@attrs.frozen
class Labels:
    """The package's formats for the names it makes (in ``LANGUAGE``)."""

    substituted: str
    """A transferred day off: ``Day off (substituted from %s)``."""
    date_format: str
    """The worked day in it: ``%m/%d/%Y``."""
    observed: str
    """A day in lieu: ``%s (observed)``."""
    estimated: str
    """A holiday whose date is estimated: ``%s (estimated)``."""
    observed_estimated: str
    """A day in lieu of an estimated holiday: ``%s (observed, estimated)``."""

    @classmethod
    def of(cls, data: HolidayBase) -> Labels:
        """The formats of ``data``, translated as its names are."""
        found: dict[str, str] = {}
        for field, attribute in (
            ("substituted", "substituted_label"),
            ("date_format", "substituted_date_format"),
            ("observed", "observed_label"),
            ("estimated", "estimated_label"),
            ("observed_estimated", "observed_estimated_label"),
        ):
            raw = getattr(data, attribute, None)
            text = data.tr(raw) if isinstance(raw, str) else None
            if not isinstance(text, str) or (field != "date_format" and text.count("%s") != 1):
                raise _shape_error(
                    f"its label {attribute} is {raw!r}, not a format with one '%s'",
                    {"attribute": attribute},
                )
            found[field] = text
        return cls(**found)

    def moved(self, worked: date) -> str:
        """The name the package gives a day off transferred from ``worked``."""
        return self.substituted % worked.strftime(self.date_format)

    def in_lieu(self, holiday: str) -> tuple[str, ...]:
        """The names the package may give a day in lieu of ``holiday``."""
        names = [self.observed % holiday]
        base = _without(self.estimated, holiday)
        if base is not None:
            names.append(self.observed_estimated % base)
        return tuple(names)

    def estimate(self, name: str) -> tuple[str, bool] | None:
        """``(holiday, in_lieu)`` when ``name`` is of an estimated date; None otherwise."""
        base = _without(self.estimated, name)
        if base is not None:
            return base, False
        base = _without(self.observed_estimated, name)
        return (base, True) if base is not None else None


def _without(label: str, name: str) -> str | None:
    """What ``name`` holds in place of ``%s`` when it is ``label`` filled in; else None."""
    before, _, after = label.partition("%s")
    inner = len(name) - len(before) - len(after)
    if inner > 0 and name.startswith(before) and name.endswith(after):
        return name[len(before) : len(name) - len(after)]
    return None


# ---- the table of transfers ---------------------------------------------------------------


def _shape_error(what: str, args: Mapping[str, Any]) -> InputError:
    return InputError(
        f"holidays {HOLIDAYS_VERSION}: the Kazakh calendar's data has changed shape: {what}",
        _WHERE,
        code="DR-I070",
        hint=_HINT,
        args={"version": HOLIDAYS_VERSION, **args},
    )


def _entries(value: object) -> tuple[object, ...]:
    """A year's value of the table as a tuple of entries (holidays allows one bare entry)."""
    if isinstance(value, tuple) and value and all(isinstance(part, tuple) for part in value):
        return value
    return (value,)


def _transfer(year: int, entry: object) -> Transfer | None:
    """One entry of the table: a transfer, None for a one-off holiday, else an error."""
    shape = "(month, day, from month, from day[, from year]) or (month, day, name)"
    if not isinstance(entry, tuple) or len(entry) not in (3, 4, 5):
        raise _shape_error(
            f"special_public_holidays[{year}] holds {entry!r}, not {shape}",
            {"year": year, "entry": repr(entry)},
        )
    if len(entry) == 3:
        month, day, name = entry
        if isinstance(month, int) and isinstance(day, int) and isinstance(name, str | tuple):
            return None
    elif all(type(part) is int for part in entry):
        to_month, to_day, from_month, from_day, *from_year = entry
        try:
            return Transfer(
                date(year, to_month, to_day),
                date(from_year[0] if from_year else year, from_month, from_day),
            )
        except ValueError:
            pass
    raise _shape_error(
        f"special_public_holidays[{year}] holds {entry!r}, not {shape} of a real day",
        {"year": year, "entry": repr(entry)},
    )


def read_transfers(data: object) -> tuple[Transfer, ...]:
    """Every transfer in the table of ``data`` (a ``holidays.KZ``), by year; DR-I070 if it
    has changed shape."""
    table = getattr(data, "special_public_holidays", None)
    if not isinstance(table, Mapping) or not all(type(year) is int for year in table):
        raise _shape_error(
            "it has no table of transfers by year (special_public_holidays)",
            {"attribute": "special_public_holidays"},
        )
    found: list[Transfer] = []
    for year in sorted(table):
        for entry in _entries(table[year]):
            transfer = _transfer(year, entry)
            if transfer is not None:
                found.append(transfer)
    return tuple(found)


def package_transfers() -> tuple[Transfer, ...]:
    """Every transfer of the installed package's table (DR-I070 if it has changed shape)."""
    return read_transfers(load())


# ---- one year as facts ----------------------------------------------------------------------


@attrs.frozen
class KazakhYear:
    """One year of the package's Kazakh calendar, as facts.

    ``days_off``: the reasons other than a weekend that a day of the year is off;
    ``worked``: the Saturdays and Sundays of the year made working days; ``estimated``:
    the holidays whose date the package only estimates; ``first``-``last``: the years the
    package covers.
    """

    year: int
    first: int
    last: int
    days_off: dict[date, tuple[DayOff, ...]] = attrs.field(hash=False)
    worked: frozenset[date]
    estimated: tuple[EstimatedHoliday, ...]


def load(year: int | None = None, *, observed: bool = True) -> HolidayBase:
    """The package's data for ``year`` alone, or for no year (its tables only).

    ``expand=False``: a lookup of another year's day must not load that year into it.
    """
    years = () if year is None else year
    return country_holidays(
        COUNTRY, years=years, language=LANGUAGE, expand=False, observed=observed
    )


def _names(data: HolidayBase, day: date) -> tuple[str, ...]:
    return tuple(dict.fromkeys(data.get_list(day)))


def read_year(year: int, transfers: tuple[Transfer, ...]) -> KazakhYear:
    """``year`` of the package as facts, checked against the table of ``transfers``.

    DR-I071 when a transfer of the table is not in the year's days; DR-I072 when a day the
    package adds for observing holidays has a name no holiday of the year explains.
    """
    data, plain = load(year), load(year, observed=False)
    labels = Labels.of(data)
    moved_to: dict[date, dict[str, Transfer]] = {}
    for transfer in transfers:
        if transfer.day_off.year == year:
            moved_to.setdefault(transfer.day_off, {})[labels.moved(transfer.worked)] = transfer
    in_lieu = {
        name: holiday
        for day in plain
        for holiday in _names(plain, day)
        for name in labels.in_lieu(holiday)
    }
    days_off: dict[date, tuple[DayOff, ...]] = {}
    for day in sorted(d for d in data if d.year == year):
        kept = frozenset(plain.get_list(day)) if day in plain else frozenset()
        days_off[day] = tuple(
            _reason(day, name, moved_to.get(day, {}), kept, in_lieu) for name in _names(data, day)
        )
    for day, moved in moved_to.items():
        missing = [t for name, t in moved.items() if name not in _names(data, day)]
        if missing:
            raise _missing_transfer(missing[0], labels)
    worked = frozenset(
        day for day in data.weekend_workdays if day.year == year and day.weekday() in (5, 6)
    )
    _check_worked(year, transfers, data, worked)
    return KazakhYear(
        year,
        int(data.start_year),
        int(data.end_year),
        days_off,
        worked,
        _estimated(data, labels, year),
    )


def _reason(
    day: date,
    name: str,
    moved: Mapping[str, Transfer],
    kept: frozenset[str],
    in_lieu: Mapping[str, str],
) -> DayOff:
    """What one name of ``day`` says: a transfer, a day in lieu, or a public holiday."""
    transfer = moved.get(name)
    if transfer is not None:
        return MovedDayOff(transfer.worked)
    if name in kept:
        return PublicHoliday(name)
    holiday = in_lieu.get(name)
    if holiday is None:
        raise InputError(
            f"holidays {HOLIDAYS_VERSION}: {day.isoformat()} is a day off only when holidays "
            f"are observed, but its name {name!r} is not the observed label of any holiday "
            f"of {day.year}",
            _WHERE,
            code="DR-I072",
            hint=_HINT,
            args={"version": HOLIDAYS_VERSION, "day": day.isoformat(), "name": name},
        )
    return HolidayInLieu(holiday)


def _missing_transfer(transfer: Transfer, labels: Labels) -> InputError:
    day, worked = transfer.day_off.isoformat(), transfer.worked.isoformat()
    return InputError(
        f"holidays {HOLIDAYS_VERSION}: its table moves a day off from {worked} to {day}, "
        f"but {day} is not named {labels.moved(transfer.worked)!r} in its calendar",
        _WHERE,
        code="DR-I071",
        hint=_HINT,
        args={"version": HOLIDAYS_VERSION, "day_off": day, "worked": worked},
    )


def _check_worked(
    year: int, transfers: tuple[Transfer, ...], data: HolidayBase, worked: frozenset[date]
) -> None:
    """DR-I071 unless every weekend day the table has worked in ``year`` is a working day.

    The package leaves a worked Saturday a day off when it is a holiday of the same year
    (a transfer that moves the holiday itself); then the day carries the holiday's name.
    """
    for transfer in transfers:
        day = transfer.worked
        if day.year != year or day.weekday() not in (5, 6) or day in worked or day in data:
            continue
        raise InputError(
            f"holidays {HOLIDAYS_VERSION}: its table has {day.isoformat()} worked in place "
            f"of {transfer.day_off.isoformat()}, but it is not among its weekend working days",
            _WHERE,
            code="DR-I071",
            hint=_HINT,
            args={
                "version": HOLIDAYS_VERSION,
                "day_off": transfer.day_off.isoformat(),
                "worked": day.isoformat(),
            },
        )


def _estimated(data: HolidayBase, labels: Labels, year: int) -> tuple[EstimatedHoliday, ...]:
    found: list[EstimatedHoliday] = []
    for day in sorted(d for d in data if d.year == year):
        for name in data.get_list(day):
            estimate = labels.estimate(name)
            if estimate is None:
                continue
            base, in_lieu = estimate
            if base == "Eid al-Adha":
                base = "Eid al-Adha (Kurban ait)"
            found.append(EstimatedHoliday(day, base + (" (observed)" if in_lieu else "")))
    return tuple(found)
