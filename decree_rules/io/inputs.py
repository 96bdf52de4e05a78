"""Reading the actor registry and the event log (contract sections 1 and 2).

Both files come as JSON Lines, a JSON array or CSV with the same column names. Every
defect in a file is collected and reported at once (file, line, column and field, the
offending line with a caret, and a hint with a valid example); nothing but the library's
own :class:`~decree_rules.core.diagnostics.InputError` (or an
:class:`~decree_rules.core.diagnostics.ErrorGroup` of them) escapes for bad content.

Reading happens in two steps: the file is split into raw records, each remembering where
it came from, and the records are then checked field by field against the contract.

:func:`read_actors` and :func:`read_events` can also read *leniently*: a row with any
defect is rejected (listed as a :class:`RejectedRow` with every message) and the others
are used, so nothing is silently dropped: ``rows == len(records) + len(rejected)``. A row
that depends on a rejected row (an event of a rejected office, a follow-up of a rejected
event, an office under a rejected parent) is rejected too. Defects of the file as a whole
still raise, lenient or not: a file that cannot be read or is not UTF-8, a CSV header
without a required column or with a repeated one, a JSON array that breaks off (the rest
of the file cannot be split into records), a quote never closed in a CSV file (it swallows
the rest of the file), text around the array, and a registry of which no row is usable.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import csv
import difflib
import functools
import importlib.resources
import json
import os
import re
import sqlite3
import stat
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import PurePath
from types import MappingProxyType
from typing import Any, BinaryIO, Final, Generic, Literal, TypeVar

import attrs

from decree_rules.core.diagnostics import (
    DecreeRulesError,
    ErrorGroup,
    InputError,
    raise_collected,
)
from decree_rules.core.periods import Period
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import (
    DEFAULT_TZ,
    DEPUTY_PREFIX,
    MONTH_NAMES,
    Action,
    Channel,
    Level,
    ParticipantTag,
    Recipient,
    Role,
    values,
)
from decree_rules.io.records import Actor, Event, Moment
from decree_rules.time.zones import UnknownZoneError, load_zone

__all__ = [
    "ACTOR_FIELDS",
    "ERROR_LIMIT",
    "EVENT_FIELDS",
    "FORMATS",
    "MAX_RECORD_CHARS",
    "EventStream",
    "Loaded",
    "RejectedRow",
    "StreamEnd",
    "load_actors",
    "load_events",
    "parse_actors",
    "parse_events",
    "read_actors",
    "read_events",
]

ERROR_LIMIT: Final = 100
"""At most this many errors are shown; the rest are counted."""

MAX_RECORD_CHARS: Final = 1_000_000
"""A record (a line, a CSV row or an array element) longer than this is a defect: real
records are well under a kilobyte, and a huge one is a corrupt or hostile file."""

_SHOWN_CHARS: Final = 500
"""A source line longer than this is cut when shown under a message."""

FORMATS: Final = ("jsonl", "json", "csv")

ACTOR_FIELDS: Final = frozenset(  # other fields of a registry record are ignored
    {"id", "role", "level", "body", "parent", "tz", "from", "until", "name"}
)
EVENT_FIELDS: Final = frozenset(  # other fields of an event go to Event.extra
    {
        "id",
        "actor",
        "action",
        "time",
        "end",
        "ref",
        "period",
        "channels",
        "to",
        "participants",
        "videoconference",
    }
)

_LINK_FIELDS: Final = ("id", "ref")
_NO_EXTRA: Final[Mapping[str, Any]] = MappingProxyType({})

_ACTOR_EXAMPLE = '{"id": "akim.almaty-region", "role": "akim", "level": "region"}'
_EVENT_EXAMPLE = (
    '{"id": "e1", "actor": "akim.almaty-region", "action": "reporting_meeting", '
    '"time": "2024-02-15"}'
)
_ACTOR_CSV_HEADER = "id,role,level,body,parent,tz,from,until,name"
_EVENT_CSV_HEADER = "id,actor,action,time,end,ref,period,channels,to,participants,videoconference"

_E = TypeVar("_E", Role, Level, Action, Channel, Recipient)


# --------------------------------------------------------------------------- public API


@attrs.frozen
class RejectedRow:
    """A row that ``--lenient`` reading skipped, with every reason it was rejected.

    ``line`` is where the row starts; ``id`` is its id when one could be read (shown with
    invisible characters as ``<U+200B>``); ``kind`` is ``"actor"`` or ``"event"``.
    """

    file: str
    line: int
    id: str | None
    messages: tuple[str, ...]
    kind: Literal["actor", "event"] = attrs.field(kw_only=True)


_R = TypeVar("_R", Actor, Event)


@attrs.frozen
class Loaded(Generic[_R]):
    """What a lenient read gives: the records used, the rows rejected, and the rows read.

    ``rows == len(records) + len(rejected)`` always: nothing is dropped silently.
    """

    records: tuple[_R, ...]
    rejected: tuple[RejectedRow, ...] = ()
    rows: int = attrs.field(
        default=attrs.Factory(lambda self: len(self.records) + len(self.rejected), takes_self=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.rows != len(self.records) + len(self.rejected):
            raise ValueError(
                f"{self.rows} rows read, but {len(self.records)} used and "
                f"{len(self.rejected)} rejected"
            )


def read_actors(path: str | os.PathLike[str], *, lenient: bool) -> Loaded[Actor]:
    """Read the actor registry at ``path`` (JSON Lines, JSON array or CSV).

    Strict (``lenient=False``) raises :class:`InputError` or an ``ErrorGroup`` for any
    defect. Lenient rejects the defective rows and raises only for defects of the whole
    file (see the module's description), or when no row at all can be used.
    """
    name, text = _read(path)
    return _actors(text, filename=name, fmt=None, lenient=lenient)


def read_events(
    path: str | os.PathLike[str],
    actors: Loaded[Actor] | Mapping[str, Actor],
    *,
    lenient: bool,
) -> Loaded[Event]:
    """Read the event log at ``path``; ``actors`` is the registry as read.

    Given the :class:`Loaded` registry, an event of an office whose registry row was
    rejected is rejected with that reason. Strict reading raises for any defect.
    """
    name, text = _read(path)
    if isinstance(actors, Loaded):
        known = {actor.id: actor for actor in actors.records}
        gone = frozenset(row.id for row in actors.rejected if row.id is not None)
    else:
        known, gone = dict(actors), frozenset()
    return _events(text, known, filename=name, fmt=None, lenient=lenient, rejected_actors=gone)


def load_actors(path: str | os.PathLike[str]) -> tuple[Actor, ...]:
    """Read the actor registry at ``path`` (JSON Lines, JSON array or CSV)."""
    return read_actors(path, lenient=False).records


def load_events(path: str | os.PathLike[str], actors: Mapping[str, Actor]) -> tuple[Event, ...]:
    """Read the event log at ``path``; ``actors`` maps actor ids to the registry."""
    return read_events(path, actors, lenient=False).records


def parse_actors(text: str, *, filename: str, fmt: str | None = None) -> tuple[Actor, ...]:
    """Read an actor registry from ``text``; ``filename`` is used in messages.

    ``fmt`` is ``"jsonl"``, ``"json"``, ``"csv"`` or None to detect it from the file
    name and the first character. Raises :class:`InputError` or an ``ErrorGroup``.
    """
    return _actors(text, filename=filename, fmt=fmt, lenient=False).records


def parse_events(
    text: str, actors: Mapping[str, Actor], *, filename: str, fmt: str | None = None
) -> tuple[Event, ...]:
    """Read an event log from ``text``; an empty log is valid and has no events.

    ``actors`` maps actor ids to the registry entries events must name. Raises
    :class:`InputError` or an ``ErrorGroup`` with every defect found.
    """
    return _events(text, actors, filename=filename, fmt=fmt, lenient=False).records


def _actors(text: str, *, filename: str, fmt: str | None, lenient: bool) -> Loaded[Actor]:
    text = _strip_bom(text)
    kind = _detect(filename, fmt, text)
    if not text.strip():
        raise _no_records(filename, kind)
    raw = _split(
        text, filename, kind, required=("id", "role"), example=_ACTOR_EXAMPLE, lenient=lenient
    )
    checker = _Checker(filename, kind, raw.missing_columns)
    checker.add(raw.errors)
    checker.add_broken(raw.broken)
    if not raw.records and not raw.errors and not raw.broken:
        raise _no_records(filename, kind)
    drafts = [checker.actor(record) for record in raw.records]
    checker.actor_links(raw.records, drafts, complete=raw.complete)
    if not lenient or raw.errors:
        checker.raise_if_any()
        return Loaded(tuple(draft.actor for draft in drafts if draft.actor is not None))
    alive = checker.usable(raw.records, [draft.actor for draft in drafts])
    checker.cascade(alive, lambda actor: actor.parent, "parent", _unknown_parent)
    if not alive:
        checker.raise_if_any()  # no office is usable: nothing could be checked
    return checker.loaded(raw, alive, "actor")


def _events(
    text: str,
    actors: Mapping[str, Actor],
    *,
    filename: str,
    fmt: str | None,
    lenient: bool,
    rejected_actors: frozenset[str] = frozenset(),
) -> Loaded[Event]:
    text = _strip_bom(text)
    kind = _detect(filename, fmt, text)
    if not text.strip():
        return Loaded(())
    raw = _split(
        text,
        filename,
        kind,
        required=("id", "actor", "action", "time"),
        example=_EVENT_EXAMPLE,
        lenient=lenient,
    )
    checker = _Checker(filename, kind, raw.missing_columns, rejected_actors)
    checker.add(raw.errors)
    checker.add_broken(raw.broken)
    events = []
    for record in raw.records:
        event = checker.event(record, actors)
        if event is not None:
            # Only the id and the ref are looked at again: a long log keeps less in memory.
            record.values = {
                key: record.values[key] for key in _LINK_FIELDS if key in record.values
            }
        events.append(event)
    checker.event_links(raw.records, complete=raw.complete)
    if not lenient or raw.errors:
        checker.raise_if_any()
        return Loaded(tuple(event for event in events if event is not None))
    alive = checker.usable(raw.records, events)
    checker.cascade(alive, lambda event: event.ref, "ref", _unknown_ref)
    return checker.loaded(raw, alive, "event")


STREAM_CHUNK_BYTES = 4 * 1024**2
"""How much of a JSON Lines log :class:`EventStream` reads and checks at a time."""

_FIRST_PIECE_BYTES: Final = 4 * 1024**2


@attrs.frozen
class StreamEnd:
    """What an :class:`EventStream` found once the whole log was read.

    ``late_rejected`` holds ids of events already given out that a later row showed to be
    unusable (a ``ref`` to an event that never came, or came rejected): drop them.
    ``rows == accepted - len(late_rejected) + len(rejected)``.
    """

    rejected: tuple[RejectedRow, ...]
    late_rejected: frozenset[str]
    rows: int


@attrs.frozen
class _Defect:
    """A defect kept after its piece of the file was let go: its row, message and error."""

    row: int
    id: str | None
    message: str
    error: DecreeRulesError | None


ID_INDEX_IN_MEMORY = 1_000_000
"""How many event ids :class:`EventStream` keeps in a dict before it moves them to disk."""


class _IdIndex:
    """Every event id seen and the line of its first row; past a size, kept on disk.

    A dict costs some 130 bytes an id; beyond :data:`ID_INDEX_IN_MEMORY` ids they move,
    a batch at a time, into an SQLite table in a temporary folder, so reading a log of
    any length keeps the index's memory bounded.
    """

    def __init__(self, workdir: str | None = None) -> None:
        self._workdir = workdir
        self._recent: dict[str, int] = {}
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._db: sqlite3.Connection | None = None

    def get(self, ident: str) -> int | None:
        line = self._recent.get(ident)
        if line is None and self._db is not None:
            row = self._db.execute("SELECT line FROM ids WHERE id = ?", (ident,)).fetchone()
            line = row[0] if row is not None else None
        return line

    def __contains__(self, ident: object) -> bool:
        return isinstance(ident, str) and self.get(ident) is not None

    def __iter__(self) -> Iterator[str]:
        yield from self._recent
        if self._db is not None:
            for (ident,) in self._db.execute("SELECT id FROM ids"):
                yield ident

    def add(self, ident: str, line: int) -> None:
        """Add an id not seen before."""
        self._recent[ident] = line
        if len(self._recent) >= ID_INDEX_IN_MEMORY:
            self._move_to_disk()

    def add_all(self, pairs: Iterable[tuple[str, int]]) -> None:
        """Add (id, line) pairs of ids not seen before."""
        self._recent.update(pairs)
        if len(self._recent) >= ID_INDEX_IN_MEMORY:
            self._move_to_disk()

    def any_of(self, idents: Collection[str]) -> bool:
        """Whether any of ``idents`` was seen."""
        if not self._recent.keys().isdisjoint(idents):
            return True
        return self._db is not None and any(self.get(ident) is not None for ident in idents)

    def _move_to_disk(self) -> None:
        if self._db is None:
            # The work folder around it may be removed first (a strict read that stops).
            self._folder = tempfile.TemporaryDirectory(
                prefix="decree-rules-ids-", dir=self._workdir, ignore_cleanup_errors=True
            )
            self._db = sqlite3.connect(os.path.join(self._folder.name, "ids.sqlite"))
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")
        self._db.executemany("INSERT INTO ids VALUES (?, ?)", self._recent.items())
        self._recent = {}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


class EventStream:
    """An event log read piece by piece, so that a national log is never held whole.

    Iterating gives the usable events in file order; :meth:`finish` then checks what
    needs the whole file (``ref`` to a later event) and, reading strictly, raises every
    defect found, as :func:`read_events` would. Only JSON Lines is read piece by piece;
    a JSON array or a CSV file is read whole first. Memory grows only with the ids
    (for duplicates and refs) and with the defective rows.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        actors: Loaded[Actor] | Mapping[str, Actor],
        *,
        lenient: bool,
        workdir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.name = os.fspath(path)
        self._workdir = os.fspath(workdir) if workdir is not None else None
        if isinstance(actors, Loaded):
            self.actors: Mapping[str, Actor] = {actor.id: actor for actor in actors.records}
            self.gone_actors = frozenset(row.id for row in actors.rejected if row.id is not None)
        else:
            self.actors, self.gone_actors = dict(actors), frozenset()
        self.lenient = lenient
        self.accepted = 0
        self._end: StreamEnd | None = None
        self._whole: Loaded[Event] | None = None
        self._rows = 0
        self._complete = True
        self._checker = _Checker(self.name, "jsonl", frozenset(), self.gone_actors)
        self._defects: list[_Defect] = []
        self._built = 0
        self._first = _IdIndex(self._workdir)  # every id seen: for duplicates and refs
        self._dead: set[str] = set()  # ids whose first row was rejected
        self._gone: set[str] = set()  # ids of every rejected row (for the message)
        # Rows whose ref names an event not seen yet, or one of these: settled at the end.
        self._waiting: dict[str, tuple[str, _Record]] = {}
        self._bad_forward: list[tuple[str, _Record]] = []

    def __iter__(self) -> Iterator[Event]:
        for text, lines_before in self.pieces():
            yield from self.read_piece(text, lines_before)
        if self._whole is not None:
            yield from self._whole.records

    def pieces(self) -> Iterator[tuple[str, int]]:
        """The log's pieces as (decoded text, lines of the file before it), in order.

        Give each to :meth:`read_piece`, or check it elsewhere with :func:`check_piece` and
        offer the result to :meth:`take_checked`. A JSON array or a CSV file gives no
        pieces: it is read whole here, and its events are then in :attr:`whole_events`.
        """
        with _opened(self.name) as (handle, limit):
            # The first piece is large whatever the piece size: a whole JSON value spread
            # over lines is recognised in it (and told apart from a broken first line).
            block = handle.read(min(max(STREAM_CHUNK_BYTES, _FIRST_PIECE_BYTES), limit + 1))
            taken = len(block)
            if taken > limit:
                raise _too_much(self.name, limit)
            if _detect(self.name, None, block[:4096].decode("utf-8-sig", "replace")) != "jsonl":
                data = block + handle.read(limit + 1 - taken)
                if len(data) > limit:
                    raise _too_much(self.name, limit)
                self._whole = _events(
                    _decode(data, self.name),
                    self.actors,
                    filename=self.name,
                    fmt=None,
                    lenient=self.lenient,
                    rejected_actors=self.gone_actors,
                )
                self.accepted = len(self._whole.records)
                return
            lines_before = 0
            carry: list[bytes] = []
            while block:
                # Whole lines only: a piece never splits a record or a UTF-8 character.
                cut = block.rfind(b"\n") + 1
                if cut:
                    piece = b"".join([*carry, block[:cut]])
                    carry = [block[cut:]]
                    yield _decode(piece, self.name, lines_before), lines_before
                    lines_before += piece.count(b"\n")
                else:
                    carry.append(block)
                block = handle.read(STREAM_CHUNK_BYTES)
                taken += len(block)
                if taken > limit:
                    raise _too_much(self.name, limit)
            tail = b"".join(carry)
            if tail:
                yield _decode(tail, self.name, lines_before), lines_before

    @property
    def whole_events(self) -> tuple[Event, ...]:
        """The events of a JSON array or CSV log, once :meth:`pieces` has read it."""
        return self._whole.records if self._whole is not None else ()

    def read_piece(self, text: str, lines_before: int) -> list[Event]:
        """Check one piece from :meth:`pieces`, row by row: its usable events, in order."""
        return self._piece(_Text(text, lines_before))

    def take_checked(self, rows: Sequence[tuple[int, str, str | None]]) -> bool:
        """Accept a piece that :func:`check_piece` found clean: (line, id, ref) of its rows.

        The rows are accepted only if their ids and refs are clean too (no id seen before,
        every ref to an earlier usable event); otherwise nothing changes and the piece
        must be read with :meth:`read_piece`, which reports what is wrong.
        """
        first = self._first
        places = {ident: place for place, (_, ident, _) in enumerate(rows)}
        if len(places) != len(rows) or first.any_of(places.keys()):
            return False  # an id repeated
        for place, (_, _, ref) in enumerate(rows):
            if ref is None:
                continue
            earlier = places.get(ref)
            if earlier is not None:
                if earlier >= place:
                    return False  # a ref to itself, or to a row further on
                continue
            if ref not in first or ref in self._waiting or (self.lenient and ref in self._dead):
                return False
        first.add_all((ident, line) for line, ident, _ in rows)
        self._rows += len(rows)
        self.accepted += len(rows)
        return True

    def _piece(self, source: _Text) -> list[Event]:
        checker = self._checker
        raw = _split_jsonl(source, self.name, _EVENT_EXAMPLE)
        if raw.errors:  # the file is not JSON Lines at all: nothing can be read
            checker.add(raw.errors)
            checker.raise_if_any()
        checker.add_broken(raw.broken)
        self._rows += len(raw.records) + len(raw.broken)
        self._complete = self._complete and raw.complete
        self._gone.update(row.id for row in raw.broken if row.id is not None)
        events: list[Event] = []
        for record in raw.records:
            mark = len(checker.errors)
            event = checker.event(record, self.actors)
            ident, ref = record.values.get("id"), record.values.get("ref")
            self._links(record, ident, ref)
            if len(checker.errors) > mark or event is None:
                if isinstance(ident, str):
                    self._reject(ident, record.line)
                if isinstance(ref, str) and ref.strip() and ref != ident and ref not in self._first:
                    self._bad_forward.append((ref, record))
                continue
            if event.ref is not None and not self._ref_alive_so_far(event, record):
                continue
            record.values = {
                key: record.values[key] for key in _LINK_FIELDS if key in record.values
            }
            events.append(event)
        self.accepted += len(events)
        self._keep_defects()
        return events

    def _links(self, record: _Record, ident: object, ref: object) -> None:
        if isinstance(ident, str) and ident.strip():
            first = self._first.get(ident)
            if first is not None:
                self._checker.duplicate_id(record, ident, first)
            else:
                self._first.add(ident, record.line)
        if isinstance(ref, str) and ref.strip() and ref == ident:
            self._checker.self_reference(record)

    def _reject(self, ident: str, line: int) -> None:
        self._gone.add(ident)
        if self._first.get(ident) == line:  # not a later row repeating a usable id
            self._dead.add(ident)

    def _ref_alive_so_far(self, event: Event, record: _Record) -> bool:
        """Whether the event may stay, as far as its ``ref`` can be judged yet."""
        ref = event.ref
        assert ref is not None
        if ref not in self._first or ref in self._waiting:
            # The event it follows comes later, or may yet be rejected: wait for the end.
            self._waiting[event.id] = (ref, record)
            return True
        if ref in self._dead and self.lenient:
            self._checker.error(record, "ref", _unknown_ref(ref, True))
            self._reject(event.id, record.line)
            return False
        return True

    def _keep_defects(self, *, build_all: bool = False) -> None:
        """Turn this piece's defects into small records, so the piece can be let go.

        The first ``ERROR_LIMIT`` are rendered (a strict read shows them); the defects found
        at the end (``build_all``) are few and may come before those, so all are rendered.
        """
        checker = self._checker
        for pending in sorted(checker.errors, key=lambda pending: pending.line):
            owner = pending.owner
            if isinstance(owner, _Broken):
                ident = owner.id
            elif isinstance(owner, _Record):
                value = owner.values.get("id")
                ident = _shown_id(value) if isinstance(value, str) and value.strip() else None
            else:
                ident = None
            error = pending.build(self.name) if build_all or self._built < ERROR_LIMIT else None
            self._built += error is not None
            self._defects.append(_Defect(pending.line, ident, _row_message(pending), error))
        checker.errors = []

    def finish(self) -> StreamEnd:
        """Settle what needs the whole log; raise every defect when reading strictly."""
        if self._end is not None:
            return self._end
        if self._whole is not None:
            self._end = StreamEnd(self._whole.rejected, frozenset(), self._whole.rows)
            return self._end
        checker = self._checker
        for ref, record in self._bad_forward:
            if ref not in self._first and self._complete:
                checker.unknown_ref(record, ref, self._first)
        late: set[str] = set()
        if self.lenient:
            children: dict[str, list[str]] = {}
            for ident, (ref, _) in self._waiting.items():
                children.setdefault(ref, []).append(ident)
            work = [
                (ident, ref, record)
                for ident, (ref, record) in self._waiting.items()
                if ref not in self._first or ref in self._dead
            ]
            while work:
                ident, ref, record = work.pop()
                if ident in late:
                    continue
                late.add(ident)
                if ref not in self._first and self._complete:
                    checker.unknown_ref(record, ref, None)  # a row message: no hint shown
                else:
                    checker.error(record, "ref", _unknown_ref(ref, ref in self._gone))
                self._gone.add(ident)
                self._dead.add(ident)
                for child in children.get(ident, ()):
                    child_ref, child_record = self._waiting[child]
                    work.append((child, child_ref, child_record))
        else:
            for ref, record in self._waiting.values():
                if ref not in self._first and self._complete:
                    checker.unknown_ref(record, ref, self._first)
        self._waiting.clear()
        self._keep_defects(build_all=True)
        defects = sorted(self._defects, key=lambda defect: defect.row)
        if defects and not self.lenient:
            shown = [defect.error for defect in defects[:ERROR_LIMIT] if defect.error is not None]
            if len(defects) > ERROR_LIMIT:
                raise ErrorGroup(shown, truncated=len(defects) - ERROR_LIMIT)
            raise_collected(shown, limit=ERROR_LIMIT)
        rows: dict[int, list[_Defect]] = {}
        for defect in defects:
            rows.setdefault(defect.row, []).append(defect)
        rejected = tuple(
            RejectedRow(
                self.name,
                row,
                found[0].id,
                tuple(dict.fromkeys(defect.message for defect in found)),
                kind="event",
            )
            for row, found in rows.items()
        )
        self._end = StreamEnd(rejected, frozenset(late), self._rows)
        # The id index of a national log is large; nothing needs it any more.
        self._first.close()
        self._first, self._dead, self._gone, self._defects = (
            _IdIndex(self._workdir),
            set(),
            set(),
            [],
        )
        return self._end


def check_piece(
    text: str,
    lines_before: int,
    name: str,
    actors: Mapping[str, Actor],
    gone_actors: frozenset[str] = frozenset(),
) -> list[Event] | None:
    """The events of a piece of a JSON Lines log (from :meth:`EventStream.pieces`) when no
    row of it has a defect of its own, else None.

    It looks at each row alone, so pieces can be checked in other processes at once;
    :meth:`EventStream.take_checked` then checks the ids and refs against the rows before.
    ``actors`` and ``gone_actors`` are the stream's ``actors`` and ``gone_actors``.
    """
    raw = _split_jsonl(_Text(text, lines_before), name, _EVENT_EXAMPLE)
    if raw.errors or raw.broken or not raw.complete:
        return None
    checker = _Checker(name, "jsonl", frozenset(), gone_actors)
    events: list[Event] = []
    for record in raw.records:
        event = checker.event(record, actors)
        if checker.errors or event is None:
            return None
        values = record.values
        if values.get("id") != event.id or values.get("ref") != event.ref:
            return None  # only the row-by-row reading can say how they differ
        events.append(event)
    return events


def _unknown_parent(parent: str, rejected: bool) -> str:
    why = "its registry row was rejected" if rejected else "no readable row has that id"
    return f"unknown actor {_quote(parent)} ({why})"


def _unknown_ref(ref: str, rejected: bool) -> str:
    why = "its row was rejected" if rejected else "no readable row of this file has that id"
    return f"refers to unknown event {_quote(ref)} ({why})"


# --------------------------------------------------------------------------- reading


MAX_FILE_BYTES: Final = 2 * 1024**3
"""The largest registry or log read: ten years of a whole country is well under 1 GiB."""

MAX_STREAM_BYTES: Final = 256 * 1024**2
"""The most read from something that is not a regular file (a pipe, a device)."""


def _read(path: str | os.PathLike[str]) -> tuple[str, str]:
    name = os.fspath(path)
    with _opened(name) as (handle, limit):
        data = handle.read(limit + 1)
        if len(data) > limit:
            raise _too_much(name, limit)
    return name, _decode(data, name)


@contextlib.contextmanager
def _opened(name: str) -> Iterator[tuple[BinaryIO, int]]:
    """The file opened for reading, and how many bytes may be read from it."""
    where = Location(name)
    try:
        with open(name, "rb") as handle:
            regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
            # /dev/zero and endless pipes must not be read until memory runs out.
            yield handle, MAX_FILE_BYTES if regular else MAX_STREAM_BYTES
    except FileNotFoundError:
        raise InputError("cannot read the file: it does not exist", where) from None
    except IsADirectoryError:
        raise InputError("cannot read the file: it is a directory", where) from None
    except PermissionError:
        raise InputError("cannot read the file: permission denied", where) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot read the file: {reason}", where) from None


def _too_much(name: str, limit: int) -> InputError:
    return InputError(
        f"the file is too large: more than {limit:,} bytes",
        Location(name),
        hint="split the log by year, or check that the path names a data file",
    )


def _decode(data: bytes, name: str, lines_before: int = 0) -> str:
    try:
        return data.decode("utf-8-sig" if not lines_before else "utf-8")
    except UnicodeDecodeError as exc:
        # The positions are in the bytes after any BOM, which exc.object holds.
        body = bytes(exc.object)
        bad = exc.start
        line = lines_before + body.count(b"\n", 0, bad) + 1
        line_start = body.rfind(b"\n", 0, bad) + 1
        line_end = body.find(b"\n", bad)
        if line_end < 0:
            line_end = len(body)
        column = len(body[line_start:bad].decode("utf-8", "replace")) + 1
        source = body[line_start:line_end].decode("utf-8", "replace")
        raise InputError(
            f"not valid UTF-8: byte 0x{body[bad]:02X} cannot be decoded",
            Location(name, line, column),
            source_line=source,
            hint="save the file with the UTF-8 encoding (the file may be in another "
            "encoding, e.g. Windows-1251 or Latin-1)",
        ) from None


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _detect(filename: str, fmt: str | None, text: str) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise ValueError(f"fmt must be one of {', '.join(FORMATS)} or None, not {fmt!r}")
        return fmt
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    first = text.lstrip()[:1]
    if first == "[":
        return "json"
    if first == "{":
        return "jsonl"
    return "csv"


def _no_records(filename: str, kind: str) -> InputError:
    if kind == "csv":
        example = f"a header row ({_ACTOR_CSV_HEADER}) and one row per office"
    else:
        example = _ACTOR_EXAMPLE if kind == "jsonl" else f"[{_ACTOR_EXAMPLE}]"
    return InputError(
        "the file has no records",
        Location(filename),
        hint=f"an actor registry needs one record per office, e.g. {example}",
    )


class _Text:
    """The decoded file (or a piece of it), with line lookups by character offset.

    ``lines_before`` is how many lines of the file come before the piece: line numbers
    are always the file's.
    """

    def __init__(self, text: str, lines_before: int = 0) -> None:
        self.text = text
        self.lines_before = lines_before
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def numbers(self) -> range:
        """The file's numbers of the lines in this text."""
        return range(self.lines_before + 1, self.lines_before + len(self.starts) + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.lines_before + index + 1, offset - self.starts[index] + 1

    def line(self, number: int) -> str:
        start = self.starts[number - self.lines_before - 1]
        end = self.text.find("\n", start)
        return self.text[start : len(self.text) if end < 0 else end].rstrip("\r")

    def bounds(self, number: int) -> tuple[int, int]:
        """Offsets of line ``number`` without its line ending."""
        start = self.starts[number - self.lines_before - 1]
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end


@attrs.frozen
class _Spot:
    line: int
    column: int | None
    length: int
    source_line: str


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers which keys it had more than once."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    # Interned keys: a million records share one "id" string instead of a million.
    obj = _JsonObject((sys.intern(key), value) for key, value in pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _ in pairs:
            if key in seen and key not in repeated:
                repeated.append(key)
            seen.add(key)
        obj.duplicates = tuple(repeated)
    return obj


_DECODER: Final = json.JSONDecoder(object_pairs_hook=_object_pairs)
_JSON_SPACE: Final = re.compile(r"[ \t\n\r]*")


@functools.cache
def _key_pattern(field: str) -> re.Pattern[str]:
    return re.compile(re.escape(json.dumps(field, ensure_ascii=False)) + r"[ \t\r\n]*:[ \t\r\n]*")


class _Record:
    """One raw record and where it came from."""

    __slots__ = ("line", "values")

    values: Mapping[str, object]
    line: int

    def spot(self, field: str | None, item: object = None) -> _Spot:
        raise NotImplementedError


class _JsonRecord(_Record):
    __slots__ = ("end", "start", "text")

    def __init__(self, values: Mapping[str, object], text: _Text, start: int, end: int) -> None:
        self.values = values
        self.text = text
        self.start = start
        self.end = end
        self.line = text.position(start)[0]

    def spot(self, field: str | None, item: object = None) -> _Spot:
        text = self.text
        whole = _Spot(self.line, None, 1, text.line(self.line))
        if field is None:
            return whole
        match = _key_pattern(field).search(text.text, self.start, self.end)
        if match is None:
            return whole
        begin, value_start = match.start(), match.end()
        try:
            value_end = _DECODER.raw_decode(text.text, value_start)[1]
        except (ValueError, RecursionError):
            value_end = value_start + 1
        if item is not None:
            literal = json.dumps(item, ensure_ascii=False)
            found = text.text.find(literal, value_start, value_end)
            if found >= 0:
                begin, value_end = found, found + len(literal)
        line, column = text.position(begin)
        return _Spot(line, column, max(1, value_end - begin), text.line(line))


class _CsvRecord(_Record):
    __slots__ = ("cells", "source_line")

    def __init__(
        self,
        values: Mapping[str, object],
        line: int,
        source_line: str,
        cells: Mapping[str, tuple[int, int]] | None,
    ) -> None:
        self.values = values
        self.line = line
        self.source_line = source_line
        self.cells = cells

    def spot(self, field: str | None, item: object = None) -> _Spot:
        if self.cells is None or field is None or field not in self.cells:
            return _Spot(self.line, None, 1, self.source_line)
        column, length = self.cells[field]
        if isinstance(item, str):
            # A list cell: point at the ';'-separated part that is the item.
            offset = column - 1
            for part in self.source_line[offset : offset + length].split(";"):
                if part.strip() == item:
                    lead = len(part) - len(part.lstrip())
                    return _Spot(self.line, offset + lead + 1, len(item), self.source_line)
                offset += len(part) + 1
        return _Spot(self.line, column, max(1, length), self.source_line)


@attrs.frozen(eq=False)
class _Broken:
    """A row that could not be split into a record: its line, its id if one shows, why."""

    line: int
    id: str | None
    error: DecreeRulesError


@attrs.define
class _Raw:
    records: list[_Record] = attrs.Factory(list)
    errors: list[DecreeRulesError] = attrs.Factory(list)
    """Defects of the file as a whole."""
    broken: list[_Broken] = attrs.Factory(list)
    """Rows with a syntax defect of their own; the rows around them were read."""
    complete: bool = True
    """False when a syntax error stopped reading before the end of the file."""
    missing_columns: frozenset[str] = frozenset()


def _split(
    text: str,
    filename: str,
    kind: str,
    *,
    required: Sequence[str],
    example: str,
    lenient: bool = False,
) -> _Raw:
    source = _Text(text)
    if kind == "jsonl":
        return _split_jsonl(source, filename, example)
    if kind == "json":
        return _split_array(source, filename, example)
    return _split_csv(source, filename, required, lenient=lenient)


def _syntax(filename: str, source: _Text, offset: int, message: str, hint: str) -> InputError:
    line, column = source.position(offset)
    return InputError(
        message,
        Location(filename, line, column),
        source_line=_clip(source.line(line), column),
        hint=hint,
    )


def _clip(line: str, column: int | None) -> str | None:
    """``line`` to show under a message: cut when long, left out when the caret is far."""
    if len(line) <= _SHOWN_CHARS:
        return line
    if column is not None and column > _SHOWN_CHARS:
        return None
    # One character more than is shown, so the renderer knows to mark the cut.
    return line[: _SHOWN_CHARS + 1]


_ID_NEAR_START: Final = re.compile(r'"id"[ \t]*:[ \t]*("(?:[^"\\\n]|\\.){0,200}")')


def _guess_id(text: str) -> str | None:
    """The id of a record that is not valid JSON, when it is plain to see near the start."""
    match = _ID_NEAR_START.search(text, 0, 2000)
    if match is None:
        return None
    try:
        value = json.loads(match.group(1))
    except ValueError:
        return None
    return _shown_id(value) if isinstance(value, str) and value.strip() else None


def _shown_id(value: str) -> str:
    return _short("".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in value), 200)


def _too_large(filename: str, source: _Text, offset: int, size: int, what: str) -> InputError:
    return _syntax(
        filename,
        source,
        offset,
        f"the {what} is too large: {size:,} characters; a record may have at most "
        f"{MAX_RECORD_CHARS:,}",
        "a record is one office or one event of a few hundred characters; the file may be "
        "corrupt, or hold something else (an attachment, a data dump)",
    )


def _json_message(exc: ValueError | RecursionError) -> str:
    if isinstance(exc, json.JSONDecodeError) and exc.msg == "Invalid control character at":
        char = exc.doc[exc.pos] if exc.pos < len(exc.doc) else "?"
        return (
            f"malformed JSON: a control character <U+{ord(char):04X}> inside a string "
            "(write it as an escape like \\n, or remove it)"
        )
    if isinstance(exc, json.JSONDecodeError):
        reason = exc.msg
    elif isinstance(exc, RecursionError):
        reason = "nested too deeply"
    else:
        reason = str(exc).split(";")[0]
    return "malformed JSON: " + reason[:1].lower() + reason[1:]


def _split_jsonl(source: _Text, filename: str, example: str) -> _Raw:
    raw = _Raw()
    hint = "each line must hold one complete JSON object, e.g. " + example
    for number in source.numbers():
        start, end = source.bounds(number)
        if end - start > MAX_RECORD_CHARS:
            head = source.text[start : start + 2000]
            if head.strip():
                error = _too_large(filename, source, start, end - start, "line")
                raw.broken.append(_Broken(number, _guess_id(head), error))
                continue
        line = source.text[start:end]
        stripped = line.lstrip(" \t\r")
        if not stripped.strip():
            continue
        first = start + len(line) - len(stripped)
        try:
            value, stop = _DECODER.raw_decode(line, first - start)
        except (ValueError, RecursionError) as exc:
            first_try = not raw.records and not raw.errors and not raw.broken
            whole = _whole_value(source.text) if first_try else None
            if isinstance(whole, dict | list):
                found = (
                    "one object spread over several lines"
                    if isinstance(whole, dict)
                    else "a JSON array spread over several lines"
                )
                raw.errors.append(
                    _syntax(
                        filename,
                        source,
                        first,
                        f"expected one JSON object a line (JSON Lines), found {found}",
                        "write each record on one line, or put the records in a JSON array "
                        f"in a .json file: [{example}, ...]",
                    )
                )
                raw.complete = False
                return raw
            offset = exc.pos if isinstance(exc, json.JSONDecodeError) else first - start
            error = _syntax(filename, source, start + offset, _json_message(exc), hint)
            raw.broken.append(_Broken(number, _guess_id(line), error))
            raw.complete = False
            continue
        rest = line[stop:]
        if rest.strip(" \t\r"):
            offset = start + stop + len(rest) - len(rest.lstrip(" \t\r"))
            error = _syntax(
                filename,
                source,
                offset,
                "malformed JSON: unexpected text after the end of the record",
                hint,
            )
            raw.broken.append(_Broken(number, _guess_id(line), error))
            raw.complete = False
            continue
        if not isinstance(value, dict):
            error = _syntax(
                filename,
                source,
                first,
                f"expected a JSON object for each record, found {_describe(value)}",
                hint,
            )
            raw.broken.append(_Broken(number, None, error))
            continue
        raw.records.append(_JsonRecord(value, source, first, end))
    return raw


def _whole_value(text: str) -> object:
    """The whole text as one JSON value, or None."""
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError):
        return None


def _split_array(source: _Text, filename: str, example: str) -> _Raw:
    raw = _Raw()
    text = source.text
    hint = f"a JSON array of records looks like [{example}, ...]"

    def skip(position: int) -> int:
        match = _JSON_SPACE.match(text, position)
        return match.end() if match else position

    def fail(offset: int, message: str) -> _Raw:
        raw.errors.append(_syntax(filename, source, offset, message, hint))
        raw.complete = False
        return raw

    position = skip(0)
    if not text.startswith("[", position):
        return fail(position, "expected a JSON array of records, starting with '['")
    position = skip(position + 1)
    if text.startswith("]", position):
        position += 1
    else:
        while True:
            if position >= len(text):
                return fail(len(text), "malformed JSON: the array is not closed with ']'")
            try:
                value, stop = _DECODER.raw_decode(text, position)
            except (ValueError, RecursionError) as exc:
                offset = exc.pos if isinstance(exc, json.JSONDecodeError) else position
                return fail(offset, _json_message(exc))
            if stop - position > MAX_RECORD_CHARS:
                error = _too_large(filename, source, position, stop - position, "record")
                guess = _guess_id(text[position : position + 2000])
                raw.broken.append(_Broken(source.position(position)[0], guess, error))
            elif isinstance(value, dict):
                raw.records.append(_JsonRecord(value, source, position, stop))
            else:
                error = _syntax(
                    filename,
                    source,
                    position,
                    f"expected a JSON object for each record, found {_describe(value)}",
                    hint,
                )
                raw.broken.append(_Broken(source.position(position)[0], None, error))
            position = skip(stop)
            if text.startswith(",", position):
                comma = position
                position = skip(position + 1)
                if text.startswith("]", position):
                    raw.errors.append(
                        _syntax(
                            filename,
                            source,
                            comma,
                            "malformed JSON: a comma after the last record",
                            "remove the comma before the closing ']'",
                        )
                    )
                    position += 1
                    break
                continue
            if text.startswith("]", position):
                position += 1
                break
            if position >= len(text):
                return fail(position, "malformed JSON: the array is not closed with ']'")
            return fail(
                position,
                f"malformed JSON: expected ',' or ']' after a record, found {text[position]!r}",
            )
    position = skip(position)
    if position < len(text):
        raw.errors.append(
            _syntax(
                filename,
                source,
                position,
                "malformed JSON: unexpected text after the closing ']'",
                "the file must hold a single JSON array",
            )
        )
    return raw


def _split_csv(source: _Text, filename: str, required: Sequence[str], *, lenient: bool) -> _Raw:
    raw = _Raw()
    text = source.text
    lines = [
        text[start:end]
        for start, end in zip(source.starts, [*source.starts[1:], len(text)], strict=True)
    ]
    if lines and not lines[-1]:
        lines.pop()
    reader = csv.reader(iter(lines), strict=True)
    header: list[str] | None = None
    header_line = 0
    previous = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number = max(1, min(previous + 1, len(source.starts)))
            error = InputError(
                "malformed CSV: " + _csv_reason(str(exc)),
                Location(filename, number),
                source_line=_clip(source.line(number), None),
                hint="put a value with commas, quotes or line breaks in double quotes, "
                'doubling any quote inside: "Akim of ""Almaty"" Region"',
            )
            raw.complete = False
            # A quote never closed swallows the rest of the file: no row after it is read.
            swallowed = str(exc).startswith("unexpected end of data")
            if not lenient or header is None or swallowed:
                raw.errors.append(error)
                break
            previous = reader.line_num
            raw.broken.append(_Broken(number, _csv_id(header, source.line(number)), error))
            continue
        first, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header, header_line = [cell.strip() for cell in row], first
            raw.missing_columns = _check_header(
                raw, filename, source, header_line, header, required
            )
            continue
        line = source.line(first)
        size = (
            source.starts[previous] - source.starts[first - 1]
            if previous < len(source.starts)
            else len(source.text) - source.starts[first - 1]
        )
        if size > MAX_RECORD_CHARS:
            error = _too_large(filename, source, source.starts[first - 1], size, "row")
            raw.broken.append(_Broken(first, _csv_id(header, line), error))
            continue
        extra = row[len(header) :]
        if any(cell.strip() for cell in extra):
            error = InputError(
                f"this row has {len(row)} cells but the header on line {header_line} "
                f"names {len(header)} columns",
                Location(filename, first),
                source_line=_clip(line, None),
                hint="put a value that contains a comma in double quotes, e.g. "
                '"Akim, Almaty Region"',
            )
            raw.broken.append(_Broken(first, _csv_id(header, line), error))
            continue
        record = {
            name: cell.strip()
            for name, cell in zip(header, row, strict=False)
            if name and cell.strip()
        }
        cells = None
        if first == previous and '"' not in line:
            cells = _cell_spans(header, line)
        raw.records.append(_CsvRecord(record, first, line, cells))
    return raw


def _csv_id(header: Sequence[str], line: str) -> str | None:
    """The id cell of a CSV row that could not be read, when it is plain to see."""
    if "id" not in header:
        return None
    cells = line.split(",")
    index = header.index("id")
    value = cells[index].strip() if index < len(cells) else ""
    return _shown_id(value) if value and '"' not in value else None


def _csv_reason(reason: str) -> str:
    if reason.startswith("unexpected end of data"):
        return "a quoted value that starts on this line is never closed"
    if reason.startswith("',' expected after '\"'"):
        return "a closing quote must be followed by a comma or the end of the line"
    if reason.startswith("new-line character seen in unquoted field"):
        return "a line break inside a value that is not in double quotes"
    if reason.startswith("field larger than field limit"):
        return f"a value is longer than {csv.field_size_limit():,} characters"
    return reason


def _check_header(
    raw: _Raw,
    filename: str,
    source: _Text,
    number: int,
    header: list[str],
    required: Sequence[str],
) -> frozenset[str]:
    line = source.line(number)
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raw.errors.append(
                InputError(
                    f"column '{name}' appears more than once in the header",
                    Location(filename, number, field=name),
                    source_line=line,
                    hint="name each column once",
                )
            )
        seen.add(name)
    missing = [name for name in required if name not in seen]
    for name in missing:
        raw.errors.append(
            InputError(
                f"the header has no '{name}' column",
                Location(filename, number, field=name),
                source_line=line,
                hint="the first row names the columns, e.g. "
                + (_EVENT_CSV_HEADER if "actor" in required else _ACTOR_CSV_HEADER),
            )
        )
    return frozenset(missing)


def _cell_spans(header: list[str], line: str) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    position = 0
    for name, cell in zip(header, line.split(","), strict=False):
        lead = len(cell) - len(cell.lstrip())
        spans[name] = (position + lead + 1, max(1, len(cell.strip())))
        position += len(cell) + 1
    return spans


# --------------------------------------------------------------------------- values


# re.ASCII: only the digits 0-9 (not, say, Arabic-Indic digits) make an ISO date.
_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DATETIME: Final = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ].*", re.ASCII | re.DOTALL)
_TIME_ONLY: Final = re.compile(
    r"[Tt]?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?", re.ASCII
)
_YEARS: Final = (1900, 2999)
"""Years a date may have: a wider range is a typo, and would overflow date arithmetic."""
# Characters no id, code or list entry may hold: control characters (a line break in an id
# would forge a line of the text report), invisible and direction-changing ones (an id that
# looks like another), and lone surrogates (from a "\ud800" escape; they are not text and
# cannot be written out as UTF-8). A display name may hold tabs and line breaks.
_NOT_IN_CODES: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]"
)
_NOT_IN_TEXT: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_BAD_HINT: Final = "remove the character; the file may have been pasted from a formatted document"


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def _bad_character(value: str, char: str) -> str:
    code = f"<U+{ord(char):04X}>"
    if "\ud800" <= char <= "\udfff":
        what = f"a lone surrogate {code} (half of a character, not text)"
    elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        what = f"a control character {code}"
    else:
        what = f"an invisible character {code}"
    return f"{_quote(value)} contains {what}"


_TRUE: Final = frozenset({"true", "1", "yes"})
_FALSE: Final = frozenset({"false", "0", "no"})


def _no_such_date(text: str) -> str | None:
    """Why ``YYYY-MM-DD`` text is not a real date, or None when it is one."""
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    try:
        date(year, month, day)
    except ValueError:
        days = calendar.monthrange(year, month)[1]
        return f"{MONTH_NAMES[month - 1]} {year} has {days} days"
    return None


def _year_message(year: int, text: str) -> str:
    return f"the year {year} is outside the supported range {_YEARS[0]}-{_YEARS[1]}: {_quote(text)}"


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"a number ({_short(json.dumps(value))})"
    if isinstance(value, str):
        return f"a string ({_quote(value)})"
    if isinstance(value, list):
        return f"an array ({_short(json.dumps(value, ensure_ascii=False))})"
    if isinstance(value, dict):
        return f"an object ({_short(json.dumps(value, ensure_ascii=False))})"
    return type(value).__name__


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(text: str) -> str:
    shown = "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in text)
    return "'" + _short(shown) + "'"


class _Suggester:
    """Finds the option closest to a misspelt value ("did you mean ...?").

    Large option sets (a registry of thousands of offices) are first narrowed to the
    options sharing the most three-letter pieces with the value, so a file full of
    unknown ids is not compared with every id one by one.
    """

    _NARROW_ABOVE: Final = 200

    def __init__(self, options: Iterable[str]) -> None:
        self.options = list(dict.fromkeys(options))
        self.by_lower: dict[str, str] = {}
        for option in self.options:
            self.by_lower.setdefault(option.lower(), option)
        self.index: dict[str, list[str]] | None = None
        if len(self.by_lower) > self._NARROW_ABOVE:
            index: dict[str, list[str]] = {}
            for lower in self.by_lower:
                for piece in _pieces(lower):
                    index.setdefault(piece, []).append(lower)
            self.index = index

    def __call__(self, value: str) -> str | None:
        wanted = value.strip().lower()
        if not wanted:
            return None
        if wanted in self.by_lower:
            return self.by_lower[wanted]
        pool: Iterable[str] = self.by_lower
        if self.index is not None:
            counts: Counter[str] = Counter()
            for piece in _pieces(wanted):
                counts.update(self.index.get(piece, ()))
            pool = [lower for lower, _ in counts.most_common(50)]
        close = difflib.get_close_matches(wanted, pool, n=1, cutoff=0.6)
        if close:
            return self.by_lower[close[0]]
        if len(wanted) >= 4:
            containing = [lower for lower in self.by_lower if wanted in lower]
            if len(containing) == 1:
                return self.by_lower[containing[0]]
        return None


def _pieces(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@functools.cache
def _zone_names() -> tuple[str, ...]:
    try:
        listing = importlib.resources.files("tzdata").joinpath("zones").read_text("utf-8")
    except (OSError, ValueError):
        return ()
    return tuple(line.strip() for line in listing.splitlines() if line.strip())


def _zone(name: str) -> tzinfo:
    try:
        return load_zone(name)
    except UnknownZoneError:
        return load_zone(DEFAULT_TZ)


def _local_day(moment: Moment, zone: tzinfo) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(zone).date() if moment.tzinfo is not None else moment.date()
    return moment


def _instant(moment: datetime, zone: tzinfo) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _text(moment: Moment, zone: tzinfo) -> str:
    if isinstance(moment, datetime) and moment.tzinfo is None:
        offset = moment.replace(tzinfo=zone).utcoffset() or timedelta(0)
        minutes = round(offset.total_seconds() / 60)
        sign = "-" if minutes < 0 else "+"
        shown = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        return f"{moment.isoformat()} ({zone}, {shown})"
    return moment.isoformat()


# --------------------------------------------------------------------------- checking


_MISSING: Final = object()


@attrs.frozen
class _Pending:
    """A defect found at ``line`` (where its record starts), built when shown.

    ``owner`` is the record (or broken row) it rejects; None for a defect of the file.
    ``error`` is the error when it was made already (a syntax error of the file).
    """

    line: int
    field: str | None
    message: str
    owner: _Record | _Broken | None = None
    hint: str | None = None
    item: object = None
    error: DecreeRulesError | None = None

    def build(self, filename: str) -> DecreeRulesError:
        if self.error is not None:
            return self.error
        assert isinstance(self.owner, _Record)
        spot = self.owner.spot(self.field, self.item)
        return InputError(
            self.message,
            Location(filename, spot.line, spot.column, spot.length, self.field),
            source_line=_clip(spot.source_line, spot.column),
            hint=self.hint,
        )


def _row_message(pending: _Pending) -> str:
    if pending.field is None:
        return pending.message
    return f"field '{pending.field}': {pending.message}"


@attrs.frozen
class _ActorDraft:
    actor: Actor | None
    id: str | None
    role: Role | None
    parent: str | None


class _Checker:
    """Checks raw records field by field, collecting every defect."""

    def __init__(
        self,
        filename: str,
        kind: str,
        quiet: frozenset[str],
        rejected_actors: frozenset[str] = frozenset(),
    ) -> None:
        self.filename = filename
        self.kind = kind
        self.quiet = quiet  # required columns already reported missing from a CSV header
        self.rejected_actors = rejected_actors  # registry rows a lenient read rejected
        self.errors: list[_Pending] = []
        self._suggestions: dict[tuple[str, str], str | None] = {}
        self._suggesters: dict[str, _Suggester] = {}

    # ----- reporting

    def error(
        self,
        record: _Record,
        field: str | None,
        message: str,
        *,
        hint: str | None = None,
        item: object = None,
    ) -> None:
        """Record a defect; it is rendered (located in the text) only if it is shown."""
        self.errors.append(_Pending(record.line, field, message, record, hint, item))

    def add(self, errors: Iterable[DecreeRulesError]) -> None:
        for error in errors:
            line = error.location.line or 0
            self.errors.append(_Pending(line, error.location.field, error.message, error=error))

    def add_broken(self, rows: Iterable[_Broken]) -> None:
        for row in rows:
            self.errors.append(_Pending(row.line, None, row.error.message, row, error=row.error))

    # ----- lenient reading

    def usable(
        self, records: Sequence[_Record], made: Sequence[_R | None]
    ) -> dict[str, tuple[_Record, _R]]:
        """The records without a defect, by id, in file order."""
        bad = {id(pending.owner) for pending in self.errors}
        alive: dict[str, tuple[_Record, _R]] = {}
        for record, thing in zip(records, made, strict=True):
            if id(record) in bad:
                continue
            if thing is None or thing.id in alive:  # neither happens without a defect
                self.error(record, None, "the record could not be used")
                continue
            alive[thing.id] = (record, thing)
        return alive

    def cascade(
        self,
        alive: dict[str, tuple[_Record, _R]],
        link: Callable[[_R], str | None],
        field: str,
        message: Callable[[str, bool], str],
    ) -> None:
        """Reject, in ``alive``, every record whose ``link`` names a record not in it."""
        gone = self.rejected_ids()
        children: dict[str, list[str]] = {}
        waiting: list[str] = []
        for ident, (_, thing) in alive.items():
            target = link(thing)
            if target is None:
                continue
            children.setdefault(target, []).append(ident)
            if target not in alive:
                waiting.append(ident)
        while waiting:
            ident = waiting.pop()
            entry = alive.pop(ident, None)
            if entry is None:
                continue
            record, thing = entry
            target = link(thing)
            assert target is not None
            self.error(record, field, message(target, target in gone))
            gone.add(ident)
            waiting.extend(children.get(ident, ()))

    def rejected_ids(self) -> set[str]:
        ids: set[str] = set()
        for pending in self.errors:
            owner = pending.owner
            if isinstance(owner, _Broken) and owner.id is not None:
                ids.add(owner.id)
            elif isinstance(owner, _Record):
                ident = owner.values.get("id")
                if isinstance(ident, str):
                    ids.add(ident)
        return ids

    def loaded(
        self,
        raw: _Raw,
        alive: Mapping[str, tuple[_Record, _R]],
        kind: Literal["actor", "event"],
    ) -> Loaded[_R]:
        grouped: dict[int, list[_Pending]] = {}
        owners: dict[int, _Record | _Broken] = {}
        for pending in self.errors:
            assert pending.owner is not None, "a defect of the file is raised, never skipped"
            key = id(pending.owner)
            grouped.setdefault(key, []).append(pending)
            owners[key] = pending.owner
        rejected = []
        for key, found in grouped.items():
            owner = owners[key]
            if isinstance(owner, _Broken):
                ident = owner.id
            else:
                value = owner.values.get("id")
                ident = _shown_id(value) if isinstance(value, str) and value.strip() else None
            messages = tuple(dict.fromkeys(_row_message(pending) for pending in found))
            rejected.append(RejectedRow(self.filename, owner.line, ident, messages, kind=kind))
        rejected.sort(key=lambda row: row.line)
        return Loaded(
            tuple(thing for _, thing in alive.values()),
            tuple(rejected),
            len(raw.records) + len(raw.broken),
        )

    def raise_if_any(self) -> None:
        # In file order, record by record; within a record, in the order of the checks.
        ordered = sorted(self.errors, key=lambda pending: pending.line)
        shown = [pending.build(self.filename) for pending in ordered[:ERROR_LIMIT]]
        if len(ordered) > ERROR_LIMIT:
            raise ErrorGroup(shown, truncated=len(ordered) - ERROR_LIMIT)
        raise_collected(shown, limit=ERROR_LIMIT)

    def example(self, field: str, *examples: object) -> str:
        if self.kind == "csv":
            shown = [_csv_text(value) for value in examples]
        else:
            shown = [f'"{field}": {json.dumps(value, ensure_ascii=False)}' for value in examples]
        return "e.g. " + " or ".join(shown)

    def suggestion(self, value: str, kind: str, candidates: Iterable[str]) -> str | None:
        """The closest of ``candidates``; one ``kind`` always names the same candidates."""
        key = (kind, value)
        if key not in self._suggestions:
            if len(self.errors) >= ERROR_LIMIT:
                return None  # not shown anyway; keep huge broken files fast
            if kind not in self._suggesters:
                self._suggesters[kind] = _Suggester(candidates)
            self._suggestions[key] = self._suggesters[kind](value)
        return self._suggestions[key]

    def did_you_mean(self, value: str, kind: str, candidates: Iterable[str], otherwise: str) -> str:
        close = self.suggestion(value, kind, candidates)
        return f"did you mean '{close}'?" if close is not None else otherwise

    # ----- fields

    def raw(
        self,
        record: _Record,
        field: str,
        example: Sequence[object],
        *,
        required: bool,
        missing: str = "missing required field",
    ) -> object:
        """The field's value, or _MISSING when absent, null or empty (reported if required)."""
        value = record.values.get(field, _MISSING)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(
                    record, field, "required field is empty", hint=self.example(field, *example)
                )
            return _MISSING
        if value is _MISSING and required and field not in self.quiet:
            self.error(record, field, missing, hint=self.example(field, *example))
        return value

    def string(
        self, record: _Record, field: str, example: str, *, required: bool = False
    ) -> str | None:
        value = self.text(record, field, example, required=required)
        if value is None:
            return None
        bad = (_NOT_IN_TEXT if field == "name" else _NOT_IN_CODES).search(value)
        if bad is not None:
            self.error(record, field, _bad_character(value, bad.group()), hint=_BAD_HINT)
            return None
        return value

    def choice(
        self,
        record: _Record,
        field: str,
        kind: type[_E],
        noun: str,
        example: str,
        *,
        required: bool,
        missing: str = "missing required field",
    ) -> _E | None:
        value = self.text(record, field, example, required=required, missing=missing)
        if value is None:
            return None
        return self.member(record, field, value, kind, noun, example)

    def text(
        self,
        record: _Record,
        field: str,
        example: str,
        *,
        required: bool,
        missing: str = "missing required field",
    ) -> str | None:
        """The field's value if it is a string; None (with the error reported) otherwise."""
        value = self.raw(record, field, [example], required=required, missing=missing)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.error(
                record,
                field,
                f"expected a string, found {_describe(value)}",
                hint=self.example(field, example),
            )
            return None
        return value

    def member(
        self,
        record: _Record,
        field: str,
        value: str,
        kind: type[_E],
        noun: str,
        example: object,
        *,
        item: bool = False,
    ) -> _E | None:
        try:
            return kind(value)
        except ValueError:
            pass
        names = values(kind)
        # A look-alike letter from another alphabet (Cyrillic 'е' for 'e') is named.
        odd = next((ch for ch in value if not ch.isascii() and ch.isprintable()), None)
        look = ""
        if odd is not None:
            look = f" (with the non-Latin letter '{odd}', {_char_name(odd)})"
        self.error(
            record,
            field,
            f"unknown {noun} {_quote(value)}{look}; expected one of: {', '.join(names)}",
            hint=self.did_you_mean(value, noun, names, self.example(field, example)),
            item=value if item else None,
        )
        return None

    def day(self, record: _Record, field: str, example: str) -> date | None:
        text = self.string(record, field, example)
        if text is None:
            return None
        reason = _no_such_date(text)
        if reason is not None:
            self.error(
                record,
                field,
                f"no such date: {_quote(text)} ({reason})",
                hint=self.example(field, example),
            )
            return None
        if _DATE.fullmatch(text) is None:
            self.error(
                record,
                field,
                f"expected a date like 2024-02-15, found {_quote(text)}",
                hint=self.example(field, example),
            )
            return None
        day = date.fromisoformat(text)
        if not _YEARS[0] <= day.year <= _YEARS[1]:
            self.error(
                record, field, _year_message(day.year, text), hint=self.example(field, example)
            )
            return None
        return day

    def moment(self, record: _Record, field: str, *, required: bool) -> Moment | None:
        """A date (kept as a date) or an ISO date-time (aware, or naive = the actor's time)."""
        examples = ("2024-02-15", "2024-02-15T10:00:00+05:00")
        value = self.raw(record, field, examples, required=required)
        if value is _MISSING:
            return None

        def fail(message: str, hint: str | None = None) -> None:
            self.error(record, field, message, hint=hint or self.example(field, *examples))

        if not isinstance(value, str):
            fail(f"expected a string, found {_describe(value)}")
            return None
        text = value.strip() if self.kind == "csv" else value
        if _DATE.fullmatch(text):
            reason = _no_such_date(text)
            if reason is not None:
                fail(f"no such date: {_quote(text)} ({reason})")
                return None
            day = date.fromisoformat(text)
            if not _YEARS[0] <= day.year <= _YEARS[1]:
                fail(_year_message(day.year, text))
                return None
            return day
        whole = _DATETIME.fullmatch(text)
        if whole is not None:
            try:
                moment = datetime.fromisoformat(text)
                if not _YEARS[0] <= moment.year <= _YEARS[1]:
                    fail(_year_message(moment.year, text))
                    return None
                return _shared_zone(moment)
            except ValueError as exc:
                reason = _no_such_date(whole.group(1))
                if reason is not None:
                    fail(f"no such date: {_quote(whole.group(1))} ({reason})")
                    return None
                why = str(exc)
                known = why.endswith(("must be in 0..23", "must be in 0..59"))
                fail(
                    "expected a date-time like 2024-02-15T10:00:00+05:00, found "
                    + _quote(text)
                    + (f" ({why})" if known else "")
                )
                return None
        if _TIME_ONLY.fullmatch(text):
            fail(
                f"a time without a date: {_quote(text)}",
                "write the day too, " + self.example(field, "2024-02-15T10:00:00+05:00"),
            )
            return None
        fail(
            "expected a date like 2024-02-15 or a date-time like "
            f"2024-02-15T10:00:00+05:00, found {_quote(text)}"
        )
        return None

    def items(self, record: _Record, field: str, example: list[str]) -> list[str] | None:
        """A list field: a JSON array of strings, or a CSV cell of ';'-separated values."""
        value = self.raw(record, field, [example], required=False)
        if value is _MISSING:
            return None
        if self.kind == "csv" and isinstance(value, str):
            return [part.strip() for part in value.split(";") if part.strip()]
        if not isinstance(value, list):
            self.error(
                record,
                field,
                f"expected an array of strings, found {_describe(value)}",
                hint=self.example(field, example),
            )
            return None
        good: list[str] = []
        for entry in value:
            bad = _NOT_IN_CODES.search(entry) if isinstance(entry, str) else None
            if bad is not None:
                self.error(
                    record, field, _bad_character(entry, bad.group()), hint=_BAD_HINT, item=entry
                )
            elif isinstance(entry, str) and entry.strip():
                good.append(entry)
            else:
                self.error(
                    record,
                    field,
                    f"expected an array of strings, found {_describe(entry)} in it",
                    hint=self.example(field, example),
                    item=entry,
                )
        return good

    def flag(self, record: _Record, field: str) -> bool | None:
        value = self.raw(record, field, [True], required=False)
        if value is _MISSING:
            return None
        if isinstance(value, bool):
            return value
        if self.kind == "csv" and isinstance(value, str):
            word = value.strip().lower()
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
            self.error(
                record,
                field,
                f"expected true or false (or yes/no, 1/0), found {_quote(value)}",
                hint="e.g. true or false",
            )
            return None
        self.error(
            record,
            field,
            f"expected true or false, found {_describe(value)}",
            hint=self.example(field, True, False),
        )
        return None

    def duplicates(self, record: _Record) -> None:
        if isinstance(record.values, _JsonObject):
            for key in record.values.duplicates:
                self.error(
                    record,
                    key,
                    "given more than once in the same record",
                    hint="keep one of the values; the other would be silently ignored",
                )

    # ----- actors

    def actor(self, record: _Record) -> _ActorDraft:
        start = len(self.errors)
        self.duplicates(record)
        ident = self.string(record, "id", "akim.almaty-region", required=True)
        role = self.choice(record, "role", Role, "role", "akim", required=True)
        level: Level | None = None
        if role is None or role is Role.AKIM:
            level = self.choice(
                record,
                "level",
                Level,
                "level",
                "region",
                required=role is Role.AKIM,
                missing="missing required field: an akim needs a level",
            )
        elif self.raw(record, "level", ["region"], required=False) is not _MISSING:
            self.error(
                record,
                "level",
                f"only akims have a level; this actor's role is '{role.value}'",
                hint='remove the level, or correct the role to "akim"',
            )
        body = self.string(record, "body", "finance")
        name = self.string(record, "name", "Akim of Almaty Region")
        parent = self.string(record, "parent", "akim.almaty-region")
        tz = self.string(record, "tz", DEFAULT_TZ)
        if tz is not None:
            try:
                load_zone(tz)
            except UnknownZoneError:
                self.error(
                    record,
                    "tz",
                    f"unknown time zone {_quote(tz)}",
                    hint=self.did_you_mean(
                        tz,
                        "time zone",
                        _zone_names(),
                        "an IANA zone name, " + self.example("tz", DEFAULT_TZ, "Asia/Aqtobe"),
                    ),
                )
                tz = None
        valid_from = self.day(record, "from", "2022-06-08")
        valid_until = self.day(record, "until", "2024-12-31")
        if valid_from is not None and valid_until is not None and valid_until < valid_from:
            self.error(
                record,
                "until",
                f"the office ends before it starts: until {valid_until} is before "
                f"from {valid_from}",
                hint="swap the dates, or correct one of them",
            )
        actor = None
        if len(self.errors) == start and ident is not None and role is not None:
            actor = Actor(
                id=ident,
                role=role,
                level=level,
                body=body,
                parent=parent,
                tz=tz or DEFAULT_TZ,
                valid_from=valid_from,
                valid_until=valid_until,
                name=name,
                location=Location(self.filename, record.line),
            )
        return _ActorDraft(actor, ident, role, parent)

    def actor_links(
        self, records: Sequence[_Record], drafts: Sequence[_ActorDraft], *, complete: bool
    ) -> None:
        """Duplicate ids, and parents that must be other akims in the file, without loops.

        When a syntax error stopped the reading (``complete`` is false), a parent that was
        not seen may be in the unread part, so it is not reported.
        """
        first: dict[str, int] = {}
        roles: dict[str, Role | None] = {}
        for record, draft in zip(records, drafts, strict=True):
            if draft.id is None:
                continue
            if draft.id in first:
                self.error(
                    record,
                    "id",
                    f"duplicate id {_quote(draft.id)}: already used on line {first[draft.id]}",
                    hint="every office needs its own id, e.g. akim.almaty-region and "
                    "akim.almaty-city",
                )
                continue
            first[draft.id] = record.line
            roles[draft.id] = draft.role
        parents: dict[str, str] = {}
        where: dict[str, _Record] = {}
        for record, draft in zip(records, drafts, strict=True):
            if draft.parent is None:
                continue
            if draft.id is not None and draft.parent == draft.id:
                self.error(
                    record,
                    "parent",
                    "an actor cannot be its own parent",
                    hint="the parent is the superior akim, "
                    + self.example("parent", "akim.almaty-region"),
                )
            elif draft.parent not in roles:
                if not complete:
                    continue
                self.error(
                    record,
                    "parent",
                    f"unknown actor {_quote(draft.parent)} (no actor in this file has that id)",
                    hint=self.did_you_mean(
                        draft.parent,
                        "actor",
                        roles,
                        "the parent must be the id of an akim in this file",
                    ),
                )
            elif roles[draft.parent] not in (Role.AKIM, None):
                role = roles[draft.parent]
                assert role is not None
                self.error(
                    record,
                    "parent",
                    f"the parent must be an akim, but {_quote(draft.parent)} is a {role.value}",
                    hint="the parent is the superior akim (a district's region, a rural "
                    "akim's district)",
                )
            elif draft.id is not None and first.get(draft.id) == record.line:
                parents[draft.id] = draft.parent
                where[draft.id] = record
        self._parent_loops(parents, where)

    def _parent_loops(self, parents: Mapping[str, str], where: Mapping[str, _Record]) -> None:
        done: set[str] = set()
        for start in parents:
            path: list[str] = []
            index: dict[str, int] = {}
            node: str | None = start
            while node is not None and node not in done and node not in index:
                index[node] = len(path)
                path.append(node)
                node = parents.get(node)
            if node is not None and node in index:
                loop = path[index[node] :]
                first = min(loop, key=lambda member: where[member].line)
                at = loop.index(first)
                chain = [*loop[at:], *loop[:at], first]
                self.error(
                    where[first],
                    "parent",
                    f"the parent chain loops: {' -> '.join(chain)}",
                    hint="a parent must be higher up: a rural akim's parent is a district, a "
                    "district's parent is a region",
                )
            done.update(path)

    # ----- events

    def event(self, record: _Record, actors: Mapping[str, Actor]) -> Event | None:
        if self.kind != "csv":
            fast = _plain_event(record, actors, self.filename)
            if fast is not None:
                return fast
        start = len(self.errors)
        self.duplicates(record)
        ident = self.string(record, "id", "e1", required=True)
        actor_id = self.string(record, "actor", "akim.almaty-region", required=True)
        if actor_id is not None and actor_id not in actors and actor_id in self.rejected_actors:
            self.error(
                record, "actor", f"unknown actor {_quote(actor_id)} (its registry row was rejected)"
            )
        elif actor_id is not None and actor_id not in actors:
            self.error(
                record,
                "actor",
                f"unknown actor {_quote(actor_id)} (not in the actor registry)",
                hint=self.did_you_mean(
                    actor_id,
                    "actor",
                    actors,
                    "the actor must be an id from the actor registry"
                    + (f", {self.example('actor', next(iter(actors)))}" if actors else ""),
                ),
            )
        action = self.choice(record, "action", Action, "action", "reporting_meeting", required=True)
        time = self.moment(record, "time", required=True)
        end = self.moment(record, "end", required=False)
        if time is not None and end is not None:
            known = actors.get(actor_id) if actor_id is not None else None
            zone = _zone(known.tz if known is not None else DEFAULT_TZ)
            if isinstance(time, datetime) and isinstance(end, datetime):
                before = _instant(end, zone) < _instant(time, zone)
            else:
                before = _local_day(end, zone) < _local_day(time, zone)
            if before:
                self.error(
                    record,
                    "end",
                    f"the event ends before it starts: end {_text(end, zone)} is before "
                    f"time {_text(time, zone)}",
                    hint="'time' is when it began and 'end' when it ended, "
                    + self.example("end", "2024-02-16"),
                )
        ref = self.string(record, "ref", "e1")
        period = self.period(record)
        channels = self.listed(
            record, "channels", Channel, "channel", ["website", "regional_press"]
        )
        to = self.listed(record, "to", Recipient, "recipient", ["presidential_administration"])
        participants = self.participants(record, actors)
        videoconference = self.flag(record, "videoconference")
        if len(self.errors) > start or ident is None or actor_id is None:
            return None
        if action is None or time is None:
            return None
        return Event(
            id=ident,
            actor=actor_id,
            action=action,
            time=time,
            end=end,
            ref=ref,
            period=period,
            channels=channels,
            to=to,
            participants=participants,
            videoconference=bool(videoconference),
            extra=_extra_fields(record.values),
            location=Location(self.filename, record.line),
        )

    def period(self, record: _Record) -> Period | None:
        value = self.raw(record, "period", ["2024-Q1"], required=False)
        if value is _MISSING:
            return None

        def hint() -> str:
            return self.example("period", "2024", "2024-Q1")

        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(
                record,
                "period",
                f"expected a period like 2024 or 2024-Q1, found {_describe(value)}",
                hint=hint(),
            )
            return None
        try:
            return Period.parse(value.strip() if self.kind == "csv" else value)
        except ValueError:
            self.error(
                record,
                "period",
                f"expected a period like 2024 or 2024-Q1, found {_quote(value)}",
                hint=hint(),
            )
            return None

    def listed(
        self, record: _Record, field: str, kind: type[_E], noun: str, example: list[str]
    ) -> tuple[str, ...]:
        entries = self.items(record, field, example)
        if entries is None:
            return ()
        good: list[str] = []
        for entry in entries:
            member = self.member(record, field, entry, kind, noun, example, item=True)
            if member is not None:
                good.append(str(member.value))
        return tuple(good)

    def participants(self, record: _Record, actors: Mapping[str, Actor]) -> tuple[str, ...]:
        example = ["public_council", f"{DEPUTY_PREFIX}akim.almaty-region"]
        entries = self.items(record, "participants", example)
        if entries is None:
            return ()
        tags = values(ParticipantTag)
        good: list[str] = []
        for entry in entries:
            if entry in actors or entry in tags:
                good.append(entry)
                continue
            whose = entry[len(DEPUTY_PREFIX) :] if entry.startswith(DEPUTY_PREFIX) else entry
            if whose in self.rejected_actors:
                self.error(
                    record,
                    "participants",
                    f"unknown participant {_quote(entry)}: the registry row of {_quote(whose)} "
                    "was rejected",
                    item=entry,
                )
                continue
            if entry.startswith(DEPUTY_PREFIX):
                if whose in actors:
                    good.append(entry)
                    continue
                self.error(
                    record,
                    "participants",
                    f"unknown participant {_quote(entry)}: {_quote(whose)} is not in the "
                    "actor registry",
                    hint=self.did_you_mean(
                        entry,
                        "deputy",
                        (DEPUTY_PREFIX + ident for ident in actors),
                        f"write {DEPUTY_PREFIX}<actor id> with an id from the actor registry",
                    ),
                    item=entry,
                )
                continue
            self.error(
                record,
                "participants",
                f"unknown participant {_quote(entry)}: expected an actor id from the "
                f"registry, {DEPUTY_PREFIX}<actor id>, or one of: {', '.join(tags)}",
                hint=self.did_you_mean(
                    entry, "participant", [*tags, *actors], self.example("participants", example)
                ),
                item=entry,
            )
        return tuple(good)

    def event_links(self, records: Sequence[_Record], *, complete: bool) -> None:
        """Duplicate ids, and refs that must name another event of the file.

        When a syntax error stopped the reading (``complete`` is false), a referenced event
        that was not seen may be in the unread part, so it is not reported.
        """
        first: dict[str, int] = {}
        for record in records:
            ident = record.values.get("id")
            if not isinstance(ident, str) or not ident.strip():
                continue
            if ident in first:
                self.duplicate_id(record, ident, first[ident])
            else:
                first[ident] = record.line
        for record in records:
            ref = record.values.get("ref")
            ident = record.values.get("id")
            if not isinstance(ref, str) or not ref.strip():
                continue
            if ref == ident:
                self.self_reference(record)
            elif ref not in first and complete:
                self.unknown_ref(record, ref, first)

    def duplicate_id(self, record: _Record, ident: str, first_line: int) -> None:
        self.error(
            record,
            "id",
            f"duplicate id {_quote(ident)}: already used on line {first_line}",
            hint="every event needs its own id, e.g. e1, e2, e3",
        )

    def self_reference(self, record: _Record) -> None:
        self.error(
            record,
            "ref",
            "an event cannot refer to itself",
            hint="'ref' names the earlier event this one follows up, " + self.example("ref", "e1"),
        )

    def unknown_ref(self, record: _Record, ref: str, ids: Iterable[str] | None) -> None:
        """A ref to no event of the file; ``ids`` for a "did you mean" (None: no hint)."""
        self.error(
            record,
            "ref",
            f"refers to unknown event {_quote(ref)} (no event in this file has that id)",
            hint=None
            if ids is None
            else self.did_you_mean(
                ref, "event", ids, "'ref' must be the id of another event in this file"
            ),
        )


_ACTION_VALUES: Final = {action.value: action for action in Action}
_CHANNEL_VALUES: Final = frozenset(channel.value for channel in Channel)
_RECIPIENT_VALUES: Final = frozenset(recipient.value for recipient in Recipient)
_PARTICIPANT_TAGS: Final = frozenset(tag.value for tag in ParticipantTag)


def _extra_fields(values: Mapping[str, object]) -> Mapping[str, Any]:
    """The fields of an event record that are not the contract's, for ``Event.extra``."""
    extra = {key: value for key, value in values.items() if key not in EVENT_FIELDS}
    return extra or _NO_EXTRA  # shared: most events have no extra fields


def _absent(value: object) -> bool:
    """What the checks treat as not given: no key, null, or blank text."""
    return value is None or (isinstance(value, str) and not value.strip())


def _plain_moment(value: object) -> Moment | None:
    if not isinstance(value, str):
        return None
    if _DATE.fullmatch(value):
        if _no_such_date(value) is not None:
            return None
        day = date.fromisoformat(value)
        return day if _YEARS[0] <= day.year <= _YEARS[1] else None
    if _DATETIME.fullmatch(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return _shared_zone(moment) if _YEARS[0] <= moment.year <= _YEARS[1] else None
    return None


_ZONES: dict[tuple[timedelta | None, str | None], tzinfo] = {}


def _shared_zone(moment: datetime) -> datetime:
    """``moment`` with the one tzinfo object kept for its offset.

    ``fromisoformat`` makes a new tzinfo for every date-time: sharing one saves memory,
    and pickling a national log between processes costs a fifth as much.
    """
    zone = moment.tzinfo
    if zone is None:
        return moment
    shared = _ZONES.setdefault((zone.utcoffset(None), zone.tzname(None)), zone)
    return moment if shared is zone else moment.replace(tzinfo=shared)


def _plain_code(value: object) -> str | None:
    if isinstance(value, str) and value.strip() and _NOT_IN_CODES.search(value) is None:
        return value
    return None


def _plain_list(value: object, allowed: Callable[[str], bool]) -> tuple[str, ...] | None:
    if _absent(value):
        return ()
    if not isinstance(value, list):
        return None
    for entry in value:
        if _plain_code(entry) is None or not allowed(entry):
            return None
    return tuple(value)


def _plain_event(record: _Record, actors: Mapping[str, Actor], filename: str) -> Event | None:
    """The event of a JSON record with nothing unusual in it, or None.

    A fast path for the common case: it accepts only what the full checks accept, builds
    the same Event, and leaves everything else (and every message) to them.
    ``tests/test_inputs_fast.py`` checks that on generated records.
    """
    values = record.values
    if isinstance(values, _JsonObject) and values.duplicates:
        return None
    ident = _plain_code(values.get("id"))
    actor_id = _plain_code(values.get("actor"))
    raw_action = values.get("action")
    action = _ACTION_VALUES.get(raw_action) if isinstance(raw_action, str) else None
    time = _plain_moment(values.get("time"))
    if ident is None or actor_id is None or action is None or time is None:
        return None
    actor = actors.get(actor_id)
    if actor is None:
        return None
    end: Moment | None = None
    raw_end = values.get("end")
    if not _absent(raw_end):
        end = _plain_moment(raw_end)
        if end is None:
            return None
        zone = _zone(actor.tz)
        if isinstance(time, datetime) and isinstance(end, datetime):
            if _instant(end, zone) < _instant(time, zone):
                return None
        elif _local_day(end, zone) < _local_day(time, zone):
            return None
    ref: str | None = None
    raw_ref = values.get("ref")
    if not _absent(raw_ref):
        ref = _plain_code(raw_ref)
        if ref is None:
            return None
    period: Period | None = None
    raw_period = values.get("period")
    if not _absent(raw_period):
        if isinstance(raw_period, int) and not isinstance(raw_period, bool):
            raw_period = str(raw_period)
        if not isinstance(raw_period, str):
            return None
        try:
            period = Period.parse(raw_period)
        except ValueError:
            return None
    channels = _plain_list(values.get("channels"), _CHANNEL_VALUES.__contains__)
    to = _plain_list(values.get("to"), _RECIPIENT_VALUES.__contains__)
    participants = _plain_list(
        values.get("participants"),
        lambda entry: (
            entry in actors
            or entry in _PARTICIPANT_TAGS
            or (entry.startswith(DEPUTY_PREFIX) and entry[len(DEPUTY_PREFIX) :] in actors)
        ),
    )
    if channels is None or to is None or participants is None:
        return None
    video = values.get("videoconference")
    if not _absent(video) and not isinstance(video, bool):
        return None
    return Event(
        id=ident,
        actor=actor_id,
        action=action,
        time=time,
        end=end,
        ref=ref,
        period=period,
        channels=channels,
        to=to,
        participants=participants,
        videoconference=video is True,
        extra=_extra_fields(values),
        location=Location(filename, record.line),
    )


def _csv_text(value: object) -> str:
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
