"""Write, or check, the snapshot of the Kazakh calendar's settled years.

``tests/data/kz-calendar-snapshot.csv`` lists, for each year it covers, every day off
for a reason other than a plain Saturday or Sunday (a public holiday, on a weekend or
not, a day in lieu, a day off moved by the Government) and every Saturday or Sunday made
a working day, each reason on its own row with its kind, as ``KazakhCalendar`` reports
it. ``tests/test_calendar_data.py`` makes the same rows from the installed ``holidays``
package and fails with a diff if a year of the snapshot changed; later years are not
compared, so a release that brings next year's transfers passes.

Run from the repository's root, to accept a change on purpose (then review the diff)::

    python tests/snapshot_calendar.py             # rewrite the snapshot, same years
    python tests/snapshot_calendar.py --last 2027 # add a year that has become settled
    python tests/snapshot_calendar.py --check     # exit 1 and print the diff if it differs
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import attrs

if __package__ in (None, ""):
    # Run as a script: the package is importable from the checkout.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from decree_rules.time.calendars import KazakhCalendar, WorkingCalendar
from decree_rules.time.days import DayOff, Weekend, WorkdayNote
from decree_rules.time.kazakh_data import HOLIDAYS_VERSION

SNAPSHOT = Path(__file__).parent / "data" / "kz-calendar-snapshot.csv"
FIRST, LAST = 2016, 2026
"""The decree is in force from 2016; 2026 is the last year over (the date is 2026-12)."""
HEADER = ("day", "weekday", "kind", "reason")
_YEARS = re.compile(r"^# years: (\d{4})-(\d{4})$", flags=re.MULTILINE)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _reason(fact: DayOff | WorkdayNote) -> str:
    """A fact's values but its weekday (a column of its own), e.g. a holiday's name."""
    values = (
        value
        for field, value in attrs.asdict(fact, recurse=False).items()
        if field != "weekday" and value not in (None, "")
    )
    return " ".join(
        value.isoformat() if isinstance(value, date) else str(value) for value in values
    )


def _days(first: int, last: int) -> Iterator[date]:
    day, end = date(first, 1, 1), date(last, 12, 31)
    while day <= end:
        yield day
        day += timedelta(days=1)


def rows(calendar: WorkingCalendar, first: int, last: int) -> list[tuple[str, str, str, str]]:
    """The snapshot's rows for ``first``-``last``: (day, weekday, kind, reason)."""
    found: list[tuple[str, str, str, str]] = []
    for day in _days(first, last):
        facts: list[DayOff | WorkdayNote] = [
            r for r in calendar.why_off(day) if not isinstance(r, Weekend)
        ]
        note = calendar.working_day_note(day)
        if note is not None:
            facts.append(note)
        for fact in facts:
            found.append((day.isoformat(), _WEEKDAYS[day.weekday()], fact.kind, _reason(fact)))
    return found


def render(calendar: WorkingCalendar, first: int, last: int) -> str:
    """The snapshot file for ``first``-``last``, as ``calendar`` has those years."""
    out = io.StringIO()
    out.write(
        "# The Kazakh working-day calendar as decree_rules reads it from the holidays package:\n"
        "# every day off other than a plain Saturday or Sunday, and every Saturday or Sunday\n"
        "# made a working day, one row per reason. tests/test_calendar_data.py fails if the\n"
        "# installed package changes a year below. Rewrite on purpose, and review the diff:\n"
        "#     python tests/snapshot_calendar.py [--last YEAR]\n"
        f"# made with: {calendar.description}\n"
        f"# years: {first}-{last}\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(calendar, first, last))
    return out.getvalue()


def years_of(text: str) -> tuple[int, int]:
    """The ``# years: FIRST-LAST`` of a snapshot."""
    found = _YEARS.search(text)
    if found is None:
        raise ValueError("the snapshot has no '# years: FIRST-LAST' line")
    return int(found.group(1)), int(found.group(2))


def _data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def differences(snapshot: str, calendar: WorkingCalendar) -> str | None:
    """None if ``calendar`` has the snapshot's years as it records them, else a diff.

    Only the snapshot's years are made again: years after it may change freely. The
    comment lines (the package's version among them) are not compared.
    """
    first, last = years_of(snapshot)
    now = render(calendar, first, last)
    expected, actual = _data_lines(snapshot), _data_lines(now)
    if expected == actual:
        return None
    diff = difflib.unified_diff(
        expected, actual, "snapshot", calendar.description, n=1, lineterm=""
    )
    return "\n".join(diff)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the snapshot (or check it with ``--check``); the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, help=f"first year (default: the file's, or {FIRST})")
    parser.add_argument("--last", type=int, help=f"last year (default: the file's, or {LAST})")
    parser.add_argument("--output", type=Path, default=SNAPSHOT, help="the snapshot file")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    old = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    first, last = years_of(old) if old is not None else (FIRST, LAST)
    first, last = args.first or first, args.last or last
    calendar = KazakhCalendar()
    if args.check:
        if old is None:
            print(f"{args.output}: no snapshot", file=sys.stderr)
            return 1
        diff = differences(old, calendar)
        if diff is not None:
            print(diff)
            return 1
        return 0
    text = render(calendar, first, last)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(_data_lines(text)) - 1} rows, {first}-{last}, {HOLIDAYS_VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
