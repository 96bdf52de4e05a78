"""Registries and event logs from rows in memory: mappings, Arrow tables, DataFrames.

The rows go through exactly the checks of the file readers
(:func:`decree_rules.io.registry.check_actor_records`,
:func:`decree_rules.io.events.check_event_records`): the same messages and codes, located
by the part (``actors`` or ``events``), the 1-based row index and the field instead of a
file, a line and a column::

    events:3: error: field 'actor': unknown actor 'akim.nobody' (not in the actor registry)

A date or a date-time value (from a Parquet or database column) is taken as its ISO text,
so it is read as the same value written in a file would be. :func:`check_records` checks
records built by hand, which :func:`~decree_rules.engine.evaluate.evaluate` calls.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

from decree_rules.core.diagnostics import Diagnostic, InputError, raise_collected
from decree_rules.core.periods import Period
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import Level, Role, Vocabulary
from decree_rules.io.checker import ERROR_LIMIT
from decree_rules.io.events import BOTH_REFS, check_event_records, rejected_ids
from decree_rules.io.formats import Broken, Format, JsonObject, NotJson, Raw, Record, Spot
from decree_rules.io.records import Actor, Event, Loaded
from decree_rules.io.registry import check_actor_records
from decree_rules.io.sources import describe

__all__ = [
    "actors_from_rows",
    "check_records",
    "events_from_rows",
    "read_actor_rows",
    "read_event_rows",
    "rows_of",
]

ACTORS_PART: Final = "actors"
EVENTS_PART: Final = "events"


class RowRecord(Record):
    """A row given in memory: ``line`` is its 1-based index; it has no text to point in."""

    __slots__ = ()

    def __init__(self, values: Mapping[str, object], row: int) -> None:
        self.values = values
        self.line = row

    def spot(self, field: str | None, item: object = None) -> Spot:
        return Spot(self.line, None, 1, "")


def rows_of(data: object, part: str = EVENTS_PART) -> Iterable[object]:
    """The rows of ``data``: an iterable of mappings, a pyarrow Table or RecordBatch (or
    anything with ``to_pylist()``), or a pandas DataFrame (``to_dict("records")``).

    Anything else (one mapping, a string) is an
    :class:`~decree_rules.core.diagnostics.InputError` located at ``part``.
    """
    to_pylist = getattr(data, "to_pylist", None)
    if callable(to_pylist):
        rows: Iterable[object] = to_pylist()
        return rows
    to_dict = getattr(data, "to_dict", None)
    if callable(to_dict) and hasattr(data, "columns"):
        return [_without_nan(row) for row in to_dict("records")]
    if isinstance(data, Mapping | str | bytes) or not isinstance(data, Iterable):
        found = type(data).__name__
        raise InputError(
            f"expected rows (a list of mappings, or a table), found a {found}",
            Location(part),
            code="DR-I010",
            hint='e.g. [{"id": "e1", "actor": "akim.almaty-region", ...}, ...]',
            args={"found": found},
        )
    return data


def _without_nan(row: Mapping[str, object]) -> dict[str, object]:
    """A DataFrame's row: NaN there is a missing value (pandas fills gaps with it)."""
    return {
        key: None if isinstance(value, float) and math.isnan(value) else value
        for key, value in row.items()
    }


def _plain(value: object) -> object:
    """A value as the file readers would have it: dates and date-times as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _split_rows(data: object, part: str, *, cells: bool = False) -> Raw:
    """The rows of ``data`` as raw records; a row that is no mapping is a broken row.

    ``cells``: numbers are a table's cells, read as their text (SQLite's 0 and 1 flags).
    """
    raw = Raw()
    for index, row in enumerate(rows_of(data, part), start=1):
        if not isinstance(row, Mapping):
            found = describe(row) if isinstance(row, list | str | int | float | bool) else None
            shown = found or f"a {type(row).__name__}"
            error = InputError(
                f"expected a mapping (field -> value) for each row, found {shown}",
                Location(part, index),
                code="DR-I010",
                hint='each row is one record, e.g. {"id": "e1", "actor": "akim.almaty-region"}',
                args={"found": shown},
            )
            raw.broken.append(Broken(index, None, error))
            continue
        values = JsonObject()
        bad: list[str] = []
        for key, value in row.items():
            name = key if isinstance(key, str) else str(key)
            if isinstance(value, float) and not math.isfinite(value):
                # Refused as NaN and Infinity in a JSON file are (DR-I061).
                word = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
                values[name] = NotJson(word)
                bad.append(name)
            elif cells and isinstance(value, int | float) and not isinstance(value, bool):
                values[name] = str(value)
            else:
                values[name] = _plain(value)
        values.not_json = tuple(bad)
        raw.records.append(RowRecord(values, index))
    return raw


def read_actor_rows(
    rows: object, *, lenient: bool = False, part: str = ACTORS_PART
) -> Loaded[Actor]:
    """The registry in ``rows`` (mappings with the fields of a registry row), checked as a
    registry file is: strictly (any defect raises) or leniently (defective rows rejected).

    Errors are located by ``part``, the row's 1-based index and the field.
    """
    raw = _split_rows(rows, part)
    if not raw.records and not raw.broken:
        raise InputError(
            "the registry has no rows",
            Location(part),
            code="DR-I017",
            hint='an actor registry needs one row per office, e.g. {"id": "akim.almaty-region", '
            '"role": "akim", "level": "region"}',
        )
    return check_actor_records(raw, filename=part, fmt=Format.JSON, lenient=lenient, unit="row")


def actors_from_rows(rows: object, *, part: str = ACTORS_PART) -> tuple[Actor, ...]:
    """The offices of ``rows``, read strictly (:func:`read_actor_rows`)."""
    return read_actor_rows(rows, lenient=False, part=part).records


def read_event_rows(
    rows: object,
    actors: Loaded[Actor] | Mapping[str, Actor] | Iterable[Actor],
    *,
    lenient: bool = False,
    vocabulary: Vocabulary | None = None,
    part: str = EVENTS_PART,
    cells: bool = False,
) -> Loaded[Event]:
    """The event log in ``rows``, checked as a log file is against the registry ``actors``
    and the words of ``vocabulary`` (default: the shipped rules').

    Errors are located by ``part``, the row's 1-based index and the field. ``cells``:
    the values are a table's cells, as in CSV (a list may be ``;``-separated text, a flag
    a word like ``yes`` or ``1``): rows of an SQL query.
    """
    gone: frozenset[str] = frozenset()
    if isinstance(actors, Loaded):
        gone = rejected_ids(actors)
        known = {actor.id: actor for actor in actors.records}
    elif isinstance(actors, Mapping):
        known = dict(actors)
    else:
        known = {actor.id: actor for actor in actors}
    raw = _split_rows(rows, part, cells=cells)
    return check_event_records(
        raw,
        known,
        filename=part,
        fmt=Format.CSV if cells else Format.JSON,
        lenient=lenient,
        rejected_actors=gone,
        vocabulary=vocabulary,
        unit="row",
    )


def events_from_rows(
    rows: object,
    actors: Loaded[Actor] | Mapping[str, Actor] | Iterable[Actor],
    *,
    vocabulary: Vocabulary | None = None,
    part: str = EVENTS_PART,
) -> tuple[Event, ...]:
    """The events of ``rows``, read strictly (:func:`read_event_rows`)."""
    return read_event_rows(rows, actors, vocabulary=vocabulary, part=part).records


def located(location: Location) -> dict[str, Any]:
    """A location as the service's errors give it: ``part``, ``row`` and ``field`` for a
    row in memory; ``file``, ``line``, ``column`` and ``field`` for a file."""
    if location.file in (ACTORS_PART, EVENTS_PART) and location.column is None:
        return {"part": location.file, "row": location.line, "field": location.field}
    return {
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "field": location.field,
    }


def error_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """One error as the service and ``check --format json`` give it: its ``code``,
    ``severity``, ``message``, ``hint``, ``location`` (:func:`located`) and ``args``."""
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "location": located(diagnostic.location),
        "args": dict(diagnostic.args),
    }


def part_names() -> Sequence[str]:
    """The parts a request's rows are located in."""
    return (ACTORS_PART, EVENTS_PART)


_BUILT_ACTOR: Final = "<memory>"


def _where(record: Actor | Event, part: str, row: int, field: str | None) -> Location:
    """Where a record is: the file and line it was read from, else its part and row."""
    given = record.location
    if isinstance(given, Location) and given.file != _BUILT_ACTOR:
        return Location(given.file, given.line, field=field)
    return Location(part, row, field=field)


_NONE: Final = type(None)
_ACTOR_TYPES: Final[tuple[tuple[str, tuple[type, ...], str], ...]] = (
    ("id", (str,), "a string"),
    ("role", (Role,), "a Role"),
    ("level", (Level, _NONE), "a Level or None"),
    ("body", (str, _NONE), "a string or None"),
    ("parent", (str, _NONE), "a string or None"),
    ("tz", (str,), "a string"),
    ("valid_from", (date, _NONE), "a date or None"),
    ("valid_until", (date, _NONE), "a date or None"),
    ("name", (str, _NONE), "a string or None"),
)
_MOMENT: Final = "a date or a datetime"
_EVENT_TYPES: Final[tuple[tuple[str, tuple[type, ...], str], ...]] = (
    ("id", (str,), "a string"),
    ("actor", (str,), "a string"),
    ("action", (str,), "a string"),
    ("time", (date,), _MOMENT),
    ("end", (date, _NONE), _MOMENT + " or None"),
    ("ref", (str, _NONE), "a string or None"),
    ("period", (Period, _NONE), "a Period or None"),
    ("videoconference", (bool,), "a bool"),
)


def _type_error(
    record: Actor | Event, part: str, row: int, field: str, expected: str, *, value: object
) -> InputError:
    found = type(value).__name__
    return InputError(
        f"expected {expected}, found {found} {value!r:.60}",
        _where(record, part, row, field),
        code="DR-I020",
        hint=f"build the {part[:-1]} with {field}= {expected}",
        args={"expected": expected, "found": found},
    )


def _not_a(kind: str, found: object, part: str, row: int) -> InputError:
    """A row given in memory that is not a record of ``kind`` at all."""
    name = type(found).__name__
    return InputError(
        f"expected an {kind}, found {name}",
        Location(part, row),
        code="DR-I020",
        args={"expected": kind, "found": name},
    )


def _actor_errors(actor: object, row: int) -> list[InputError]:
    if not isinstance(actor, Actor):
        return [_not_a("Actor", actor, ACTORS_PART, row)]
    errors = []
    for field, kinds, expected in _ACTOR_TYPES:
        value = getattr(actor, field)
        if not isinstance(value, kinds) or isinstance(value, datetime):
            errors.append(_type_error(actor, ACTORS_PART, row, field, expected, value=value))
    return errors


def _event_errors(event: object, row: int) -> list[InputError]:
    if not isinstance(event, Event):
        return [_not_a("Event", event, EVENTS_PART, row)]
    errors = []
    for field, kinds, expected in _EVENT_TYPES:
        value = getattr(event, field)
        if not isinstance(value, kinds):
            errors.append(_type_error(event, EVENTS_PART, row, field, expected, value=value))
    for field in ("channels", "to", "participants", "refs"):
        value = getattr(event, field)
        if not isinstance(value, tuple) or not all(isinstance(item, str) for item in value):
            errors.append(
                _type_error(event, EVENTS_PART, row, field, "a tuple of strings", value=value)
            )
    return errors


def check_records(actors: Sequence[object], events: Sequence[object]) -> None:
    """Check records built by hand before they are evaluated: the types of their fields,
    duplicate ids, events of offices not in ``actors`` and refs to no event.

    Raises an :class:`~decree_rules.core.diagnostics.InputError` (or an ``ErrorGroup`` of
    all of them) located by the file and line a record was read from, else by
    ``actors``/``events`` and its 1-based index; records from the readers pass.
    """
    errors: list[InputError] = []
    offices: dict[str, int] = {}
    for row, actor in enumerate(actors, start=1):
        found = _actor_errors(actor, row)
        errors.extend(found)
        if found or not isinstance(actor, Actor):
            continue
        if actor.id in offices:
            errors.append(_duplicate(actor, ACTORS_PART, row, offices[actor.id]))
        else:
            offices[actor.id] = row
    ids: dict[str, int] = {}
    good: list[tuple[int, Event]] = []
    for row, event in enumerate(events, start=1):
        found = _event_errors(event, row)
        errors.extend(found)
        if found or not isinstance(event, Event):
            continue
        good.append((row, event))
        if event.id in ids:
            errors.append(_duplicate(event, EVENTS_PART, row, ids[event.id]))
        else:
            ids[event.id] = row
        if event.actor not in offices:
            errors.append(
                InputError(
                    f"unknown actor '{event.actor}' (not among the actors given)",
                    _where(event, EVENTS_PART, row, "actor"),
                    code="DR-I012",
                    hint="the actor must be the id of one of the actors evaluated",
                    args={"actor": event.actor},
                )
            )
    for row, event in good:
        if event.ref is not None and event.ref not in ids:
            errors.append(
                InputError(
                    f"refers to unknown event '{event.ref}' (not among the events given)",
                    _where(event, EVENTS_PART, row, "ref"),
                    code="DR-I043",
                    args={"ref": event.ref},
                )
            )
        errors.extend(_refs_errors(event, row, ids))
    raise_collected(errors, limit=ERROR_LIMIT)


def _refs_errors(event: Event, row: int, ids: Mapping[str, int]) -> list[InputError]:
    """The defects of an event's ``refs`` built by hand: next to a ``ref``, an id named
    twice, or one of no event given (each entry named by its 1-based place)."""
    errors = []
    where = _where(event, EVENTS_PART, row, "refs")
    if event.refs and event.ref is not None:
        errors.append(
            InputError(
                BOTH_REFS.message,
                where,
                code=BOTH_REFS.code,
                hint="give ref for one event, or refs alone with every id",
            )
        )
    first: dict[str, int] = {}
    for entry, ref in enumerate(event.refs, start=1):
        if ref in first:
            errors.append(
                InputError(
                    f"entry {entry} names '{ref}' again (entry {first[ref]} names it already)",
                    where,
                    code="DR-I084",
                    args={"ref": ref, "entry": entry, "first": first[ref]},
                )
            )
            continue
        first[ref] = entry
        if ref not in ids:
            message = f"entry {entry} refers to unknown event '{ref}' (not among the events given)"
            errors.append(
                InputError(message, where, code="DR-I043", args={"ref": ref, "entry": entry})
            )
        elif ref == event.id:
            message = f"entry {entry}: an event cannot refer to itself"
            errors.append(InputError(message, where, code="DR-I042", args={"entry": entry}))
    return errors


def _duplicate(record: Actor | Event, part: str, row: int, first: int) -> InputError:
    return InputError(
        f"duplicate id '{record.id}': already used by {part[:-1]} {first}",
        _where(record, part, row, "id"),
        code="DR-I031",
        hint=f"every {part[:-1]} needs its own id",
        args={"id": record.id, "first_row": first},
    )
