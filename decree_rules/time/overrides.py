"""Working-day overrides: days off and working days the ``holidays`` package does not know yet.

The Government transfers days off each year by a resolution; a release of ``holidays``
made before it cannot know the transfers. An overrides file (TOML) states them, naming
the act for each day, and :class:`OverlayCalendar` lays them over another calendar::

    # Government resolution on transferring days off in 2026
    [[day_off]]
    date = 2026-05-08
    reason = "a day off moved by the Government from Sat 2026-05-16"
    act = "Resolution of the Government No. 1000 of 2025-12-25"

    [[working_day]]
    date = 2026-05-16
    act = "Resolution of the Government No. 1000 of 2025-12-25"

``date`` is a TOML date (``2026-05-08``) or the same as a string (``"2026-05-08"``);
``act`` is required; ``reason`` (days off only) is optional. Every mistake in the file is
reported at once, as an :class:`~decree_rules.core.diagnostics.InputError` with its line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Final

import attrs

from decree_rules.core import reading
from decree_rules.core.diagnostics import InputError, raise_collected
from decree_rules.core.reading import INPUT_FILE_CODES, FileKind
from decree_rules.core.source import Location
from decree_rules.time.calendars import WorkingCalendar
from decree_rules.time.days import (
    CalendarNotice,
    DayOff,
    DayOffByAct,
    EstimatedHoliday,
    OverridesLeaveEstimate,
    WorkdayNote,
    WorkedByAct,
)

__all__ = [
    "MAX_CALENDAR_BYTES",
    "OverlayCalendar",
    "Overrides",
    "load_overrides",
    "parse_overrides",
]

DAY_OFF = "day_off"
WORKING_DAY = "working_day"
_KEYS = {DAY_OFF: ("date", "act", "reason"), WORKING_DAY: ("date", "act")}
_WHAT = {DAY_OFF: "a day off", WORKING_DAY: "a working day"}

_EXAMPLE_ACT = "Resolution of the Government No. 1000 of 2025-12-25"
_EXAMPLE_ENTRY = (
    f'[[day_off]] then date = 2026-05-08 and act = "{_EXAMPLE_ACT}", each on its own line'
)
_DATE_HINT = 'write the day as a TOML date, date = 2026-05-08, or as a string, date = "2026-05-08"'
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")
_BARE_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
_HEADER = re.compile(r"""^\s*\[\[\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*\]\]\s*(?:#.*)?$""")
_TABLE = re.compile(r"^\s*\[")


# --- the overrides --------------------------------------------------------------------


def _freeze_days_off(days_off: Mapping[date, tuple[str, str]]) -> Mapping[date, tuple[str, str]]:
    return MappingProxyType(dict(days_off))


def _freeze_working_days(working_days: Mapping[date, str]) -> Mapping[date, str]:
    return MappingProxyType(dict(working_days))


@attrs.frozen
class Overrides:
    """Days off and working days from an overrides file, each with the act that made it.

    ``days_off`` maps a day to ``(reason, act)`` (``reason`` may be empty);
    ``working_days`` maps a day to its act; ``source`` names the file, for reports.
    A day cannot be both.
    """

    # hash=False: a read-only mapping is not hashable; equality still compares it.
    days_off: Mapping[date, tuple[str, str]] = attrs.field(
        factory=dict, converter=_freeze_days_off, hash=False
    )
    working_days: Mapping[date, str] = attrs.field(
        factory=dict, converter=_freeze_working_days, hash=False
    )
    source: str = "overrides"

    def __attrs_post_init__(self) -> None:
        both = sorted(set(self.days_off) & set(self.working_days))
        if both:
            days = ", ".join(day.isoformat() for day in both)
            raise ValueError(f"{self.source}: a day cannot be both off and working: {days}")

    @property
    def years(self) -> frozenset[int]:
        """The years with at least one entry."""
        return frozenset(day.year for day in (*self.days_off, *self.working_days))

    def covers(self, day: date) -> bool:
        """Whether the overrides say anything about ``day``."""
        return day in self.days_off or day in self.working_days


def _plural(amount: int, singular: str, plural: str) -> str:
    return f"{amount} {singular if amount == 1 else plural}"


@attrs.frozen
class OverlayCalendar:
    """``base`` with the days of ``overrides`` laid over it.

    A day off of the overrides is off and a working day is working, whatever ``base``
    says; every other day is as in ``base``. Reasons and notes name the act.
    """

    base: WorkingCalendar
    overrides: Overrides

    @property
    def description(self) -> str:
        days_off = _plural(len(self.overrides.days_off), "day off", "days off")
        working = _plural(len(self.overrides.working_days), "working day", "working days")
        return f"{self.base.description} + {days_off} and {working} from {self.overrides.source}"

    def why_off(self, day: date) -> tuple[DayOff, ...]:
        if day in self.overrides.working_days:
            return ()
        entry = self.overrides.days_off.get(day)
        if entry is not None:
            reason, act = entry
            return (DayOffByAct(act, reason),)
        return self.base.why_off(day)

    def working_day_note(self, day: date) -> WorkdayNote | None:
        act = self.overrides.working_days.get(day)
        if act is not None:
            if not self.base.why_off(day):
                return WorkedByAct(act)
            return WorkedByAct(act, day.weekday())
        if day in self.overrides.days_off:
            return None
        return self.base.working_day_note(day)

    def estimated_holidays(self, year: int) -> tuple[EstimatedHoliday, ...]:
        """The base's estimated holidays of ``year`` on days the overrides do not settle."""
        return tuple(
            holiday
            for holiday in self.base.estimated_holidays(year)
            if not self.overrides.covers(holiday.day)
        )

    def data_warning(self, year: int) -> CalendarNotice | None:
        """The base's warning, unless the overrides have entries in ``year``.

        An overrides file for a year is taken to carry that year's transfers, so a warning
        about missing transfers is dropped. A holiday the base only estimates (Kurban ait)
        is another matter: the overrides settle it only if they have an entry on its day,
        so it stays as a shorter note that says where to add the announced date.
        """
        warning = self.base.data_warning(year)
        if warning is None or year not in self.overrides.years:
            return warning
        estimated = self.estimated_holidays(year)
        if not estimated:
            return None
        return OverridesLeaveEstimate(year, self.overrides.source, self.base.description, estimated)


# --- reading the file -----------------------------------------------------------------


MAX_CALENDAR_BYTES: Final = 1024**2
"""The most bytes read of a calendar file (a pipe or a device alike): 1 MiB. An entry has
about 150 bytes and a year about ten entries, so this is centuries of transfers; a larger
file is no calendar file, and ``/dev/zero`` is refused at once."""

CALENDAR_FILE: Final = FileKind(
    noun="overrides file",
    error=InputError,
    codes=INPUT_FILE_CODES,
    max_bytes=MAX_CALENDAR_BYTES,
    max_stream_bytes=MAX_CALENDAR_BYTES,
    too_large_hint="a calendar file lists a few days off and working days a year, each "
    f"as {_EXAMPLE_ENTRY}; is this the calendar file?",
    encoding_hint="save the file with the UTF-8 encoding, as TOML requires",
)
"""How calendar files are read (:mod:`decree_rules.core.reading`)."""


def load_overrides(path: str | os.PathLike[str]) -> Overrides:
    """Read an overrides file; every mistake is reported at once as InputErrors."""
    name = os.fspath(path)
    return parse_overrides(reading.read_text(name, CALENDAR_FILE), name)


def parse_overrides(text: str, source: str = "<overrides>") -> Overrides:
    """The overrides in ``text`` (TOML); ``source`` names it in errors and descriptions."""
    return _Parser(text, source).parse()


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.lines = text.splitlines()
        self.errors: list[InputError] = []
        # The [[day_off]] / [[working_day]] headers, in order, and where each entry ends.
        self.headers: dict[str, list[int]] = {}
        self.table_lines: list[int] = []
        for number, line in enumerate(self.lines, start=1):
            if _TABLE.match(line):
                self.table_lines.append(number)
            header = _HEADER.match(line)
            if header is not None:
                key = next(group for group in header.groups() if group is not None)
                self.headers.setdefault(key, []).append(number)

    # -- the whole file

    def parse(self) -> Overrides:
        try:
            document = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            raise self._syntax_error(exc) from None
        for key in document:
            if key not in _KEYS:
                line = self._key_line(key)
                self._error(
                    "DR-I047",
                    f"unknown key '{key}': an overrides file holds only [[day_off]] and "
                    "[[working_day]] entries",
                    line,
                    hint=f"write each day as an entry: {_EXAMPLE_ENTRY}",
                    args={"key": key},
                )
        days_off: dict[date, tuple[str, str]] = {}
        working_days: dict[date, str] = {}
        first_line: dict[date, tuple[str, int | None]] = {}
        for kind in (DAY_OFF, WORKING_DAY):
            for index, entry in self._entries(document, kind):
                day, act, reason = self._entry(kind, index, entry)
                if day is None:
                    continue
                header = self._header_line(kind, index)
                position = self._field_position(kind, index, "date", header)
                seen = first_line.get(day)
                if seen is not None:
                    self._clash(kind, day, position, seen)
                    continue
                first_line[day] = (kind, position[0])
                if act is None or reason is None:
                    continue
                if kind == DAY_OFF:
                    days_off[day] = (reason, act)
                else:
                    working_days[day] = act
        # In file order; errors without a line (rare) last.
        self.errors.sort(key=lambda error: (error.location.line is None, error.location.line or 0))
        raise_collected(self.errors)
        return Overrides(days_off, working_days, self.source)

    def _entries(self, document: Mapping[str, Any], kind: str) -> list[tuple[int, dict[str, Any]]]:
        value = document.get(kind)
        if value is None:
            return []
        if not isinstance(value, list):
            self._error(
                "DR-I048",
                f"'{kind}' must be a list of [[{kind}]] entries, found a {_toml_type(value)}",
                self._key_line(kind),
                field=kind,
                hint=f"start each entry with its own header line: {_EXAMPLE_ENTRY}",
                args={"table": kind, "found": _toml_type(value)},
            )
            return []
        entries: list[tuple[int, dict[str, Any]]] = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                entries.append((index, entry))
            else:
                self._error(
                    "DR-I048",
                    f"each '{kind}' entry must be a table, found a {_toml_type(entry)}",
                    self._key_line(kind),
                    field=kind,
                    hint=f"start each entry with its own header line: {_EXAMPLE_ENTRY}",
                    args={"table": kind, "found": _toml_type(entry)},
                )
        return entries

    # -- one entry

    def _entry(
        self, kind: str, index: int, entry: dict[str, Any]
    ) -> tuple[date | None, str | None, str | None]:
        """The entry's day, act and reason; the day even if the rest is wrong (for clashes).

        The act is None if anything in the entry is wrong, so the entry is not used.
        """
        header = self._header_line(kind, index)
        ok = True
        for key in entry:
            if key not in _KEYS[kind]:
                line, column, length = self._field_position(kind, index, key, header)
                allowed = ", ".join(_KEYS[kind])
                self._error(
                    "DR-I047",
                    f"unknown key '{key}' in a [[{kind}]] entry",
                    line,
                    column,
                    length,
                    field=key,
                    hint=f"the keys of [[{kind}]] are {allowed}; e.g. date = 2026-05-08",
                    args={"key": key, "table": kind},
                )
                ok = False
        day = self._date(kind, index, entry, header)
        act = self._text(kind, index, entry, header, "act", required=True)
        reason = self._text(kind, index, entry, header, "reason", required=False)
        return day, act if ok else None, reason

    def _date(
        self, kind: str, index: int, entry: dict[str, Any], header: int | None
    ) -> date | None:
        if "date" not in entry:
            self._error(
                "DR-I018",
                f"a [[{kind}]] entry has no 'date'",
                header,
                field="date",
                hint=_DATE_HINT,
                args={"table": kind, "key": "date"},
            )
            return None
        value = entry["date"]
        line, column, length = self._field_position(kind, index, "date", header)
        code = "DR-I028"  # a date-time, or text that is no day
        if isinstance(value, datetime):
            problem = "a date and time"
        elif isinstance(value, date):
            return value
        elif isinstance(value, str):
            if _ISO_DATE.match(value):
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    pass
            problem = f"the string {value!r}"
        else:
            problem = f"a {_toml_type(value)}"
            code = "DR-I020"
        self._error(
            code,
            f"'date' must be a day like 2026-05-08, found {problem}",
            line,
            column,
            length,
            field="date",
            hint=_DATE_HINT,
            args={"found": problem},
        )
        return None

    def _text(
        self,
        kind: str,
        index: int,
        entry: dict[str, Any],
        header: int | None,
        key: str,
        *,
        required: bool,
    ) -> str | None:
        if key not in _KEYS[kind]:
            return ""
        example = f'{key} = "{_EXAMPLE_ACT}"' if key == "act" else f'{key} = "a bridge day"'
        if key not in entry:
            if not required:
                return ""
            self._error(
                "DR-I018",
                f"a [[{kind}]] entry has no '{key}': name the act that made the day {_WHAT[kind]}",
                header,
                field=key,
                hint=f"add {example}",
                args={"table": kind, "key": key},
            )
            return None
        value = entry[key]
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        found = "an empty string" if isinstance(value, str) else f"a {_toml_type(value)}"
        line, column, length = self._field_position(kind, index, key, header)
        self._error(
            "DR-I019" if isinstance(value, str) else "DR-I020",
            f"'{key}' must be text, found {found}",
            line,
            column,
            length,
            field=key,
            hint=f"write it in double quotes: {example}",
            args={"key": key, "found": found},
        )
        return None

    def _clash(
        self,
        kind: str,
        day: date,
        position: tuple[int | None, int | None, int],
        seen: tuple[str, int | None],
    ) -> None:
        other_kind, other_line = seen
        where = f" on line {other_line}" if other_line is not None else ""
        code = "DR-I050"
        if other_kind == kind:
            code = "DR-I049"
            message = f"{day.isoformat()} is listed twice as {_WHAT[kind]} (first{where})"
            hint = "list each day once; remove or merge the second entry"
        else:
            message = f"{day.isoformat()} is both {_WHAT[other_kind]}{where} and {_WHAT[kind]}"
            hint = (
                "a day is either a [[day_off]] or a [[working_day]]: keep the one the act "
                "says, e.g. a Saturday worked in place of a Friday off is a [[working_day]]"
            )
        line, column, length = position
        args = {"date": day.isoformat(), "first_line": other_line}
        self._error(code, message, line, column, length, field="date", hint=hint, args=args)

    # -- positions

    def _header_line(self, kind: str, index: int) -> int | None:
        headers = self.headers.get(kind, [])
        return headers[index] if index < len(headers) else None

    def _entry_span(self, header: int | None) -> range | None:
        if header is None:
            return None
        following = [number for number in self.table_lines if number > header]
        end = following[0] if following else len(self.lines) + 1
        return range(header + 1, end)

    def _field_position(
        self, kind: str, index: int, key: str, header: int | None
    ) -> tuple[int | None, int | None, int]:
        """The line, column and length of ``key``'s value in the entry (or its header)."""
        pattern = re.compile(
            rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=\s*"""
        )
        span = self._entry_span(header)
        if span is not None:
            for number in span:
                match = pattern.match(self.lines[number - 1])
                if match is not None:
                    line = self.lines[number - 1]
                    return number, match.end() + 1, _token_length(line[match.end() :])
            return header, None, 1
        # An inline entry (day_off = [{date = ...}]): the key's n-th occurrence, if any.
        inline = re.compile(rf"""(?:^|[{{,\s])(?:{re.escape(key)}|"{re.escape(key)}")\s*=\s*""")
        hits: list[tuple[int, int, int]] = []
        start = self._key_line(kind) or 1
        for number, line in enumerate(self.lines[start - 1 :], start=start):
            for match in inline.finditer(line):
                hits.append((number, match.end() + 1, _token_length(line[match.end() :])))
        if index < len(hits):
            return hits[index]
        return self._key_line(kind), None, 1

    def _key_line(self, key: str) -> int | None:
        escaped = re.escape(key)
        pattern = re.compile(
            rf"""^\s*(?:\[\[?\s*)?(?:{escaped}|"{escaped}"|'{escaped}')\s*(?:[=.\]])"""
        )
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None

    # -- errors

    def _error(
        self,
        code: str,
        message: str,
        line: int | None,
        column: int | None = None,
        length: int = 1,
        *,
        field: str | None = None,
        hint: str | None = None,
        args: Mapping[str, object] | None = None,
    ) -> None:
        source_line = self.lines[line - 1] if line is not None and line <= len(self.lines) else None
        if source_line is None:
            column = None
        self.errors.append(
            InputError(
                message,
                Location(self.source, line, column, length, field),
                code=code,
                source_line=source_line,
                hint=hint,
                args=args,
            )
        )

    def _syntax_error(self, exc: tomllib.TOMLDecodeError) -> InputError:
        message = str(exc)
        line: int | None = None
        column: int | None = None
        position = _TOML_POSITION.search(message)
        if position is not None:
            line, column = int(position.group(1)), int(position.group(2))
            message = message[: position.start()]
        elif _TOML_AT_END.search(message):
            message = _TOML_AT_END.sub("", message)
            if self.lines:
                line = len(self.lines)
                column = len(self.lines[-1]) + 1
        source_line = None
        if line is not None and 1 <= line <= len(self.lines):
            source_line = self.lines[line - 1]
        else:
            column = None
        reason = f"{message[:1].lower()}{message[1:]}"
        code, args = "DR-I046", {"reason": reason}
        message = f"malformed TOML: {reason}"
        length = 1
        # tomllib calls a date like 2026-02-30 a stray character; say what is wrong.
        bad_date = _impossible_date(source_line) if source_line is not None else None
        if bad_date is not None:
            start, token = bad_date
            code, args = "DR-I027", {"date": token}
            message = f"malformed TOML: {token} is not a day of the calendar"
            column, length = start + 1, len(token)
        return InputError(
            message,
            Location(self.source, line, column, length),
            code=code,
            source_line=source_line,
            hint=f"an entry is {_EXAMPLE_ENTRY}; text goes in double quotes, days as 2026-05-08",
            args=args,
        )


def _impossible_date(line: str) -> tuple[int, str] | None:
    """The first unquoted ``YYYY-MM-DD`` on ``line`` that is no real day, and where it starts."""
    for match in _BARE_DATE.finditer(line):
        if line[: match.start()].count('"') % 2:
            continue
        try:
            date.fromisoformat(match.group(0))
        except ValueError:
            return match.start(), match.group(0)
    return None


def _token_length(rest: str) -> int:
    """The length of the TOML value at the start of ``rest`` (a string, or up to a space)."""
    if rest[:1] in ('"', "'"):
        end = rest.find(rest[0], 1)
        return end + 1 if end > 0 else max(1, len(rest.rstrip()))
    match = re.match(r"[^\s,#}\]]+", rest)
    return len(match.group(0)) if match else 1


def _toml_type(value: object) -> str:
    """The TOML word for a parsed value's type."""
    return next((word for kinds, word in _TOML_TYPES if isinstance(value, kinds)), "time")


# In order: a bool is an int too, and a datetime a date. tomllib gives nothing else but a time.
_TOML_TYPES: Final[tuple[tuple[type | tuple[type, ...], str], ...]] = (
    (bool, "boolean"),
    ((int, float), "number"),
    (datetime, "date and time"),
    (date, "date"),
    (str, "string"),
    (list, "list"),
    (dict, "table"),
)
