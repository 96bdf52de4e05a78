"""An event log read piece by piece, so that a national log is never held whole.

:class:`EventStream` reads a JSON Lines log some MiB at a time and checks each piece as
:func:`~decree_rules.io.events.read_events` would; only the ids (for duplicates and refs,
past a size on disk) and the defective rows are kept. :func:`check_piece` checks a piece
alone, in another process, and :meth:`EventStream.take_checked` then checks its ids.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import warnings
import weakref
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Final, Self

import attrs

from decree_rules.core.diagnostics import DecreeRulesError, ErrorGroup, raise_collected
from decree_rules.core.reading import read_rest
from decree_rules.core.vocabulary import Vocabulary
from decree_rules.io.checker import ERROR_LIMIT, cascade_all, row_message
from decree_rules.io.events import (
    EVENT_SHAPE,
    LINK_FIELDS,
    EventChecker,
    dangling_ref,
    link,
    named_links,
    read_event_text,
    rejected_ids,
)
from decree_rules.io.formats import Broken, Format, Record, detect, split_jsonl
from decree_rules.io.records import Actor, Event, Loaded, RejectedRow
from decree_rules.io.sources import SourceText, decode, opened, shown_id, too_much
from decree_rules.lang.load import shipped_vocabulary

__all__ = ["ID_INDEX_IN_MEMORY", "STREAM_CHUNK_BYTES", "EventStream", "StreamEnd", "check_piece"]

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
    code: str
    error: DecreeRulesError | None
    field: str | None = None


_Link = tuple[str, int | None]
"""An event a row names: its id, and its 1-based place in the row's ``refs`` (None: the
row's ``ref``), as :func:`~decree_rules.io.events.named_links` gives them."""

ID_INDEX_IN_MEMORY = 1_000_000
"""How many event ids :class:`EventStream` keeps in a dict before it moves them to disk."""


class _IdIndex:
    """Every event id seen and the line of its first row; past a size, kept on disk.

    A dict costs some 130 bytes an id; beyond :data:`ID_INDEX_IN_MEMORY` ids they move,
    a batch at a time, into an SQLite table in a temporary folder, so reading a log of
    any length keeps the index's memory bounded. :meth:`close` closes the table and
    removes its folder; an index dropped unclosed does so too, with a ResourceWarning.
    """

    def __init__(self, workdir: str | None = None) -> None:
        self._workdir = workdir
        self._recent: dict[str, int] = {}
        self._db: sqlite3.Connection | None = None
        self._folder: str | None = None
        self._dropped: weakref.finalize[[sqlite3.Connection, str], _IdIndex] | None = None

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
            self._open_table()
            assert self._db is not None
        self._db.executemany("INSERT INTO ids VALUES (?, ?)", self._recent.items())
        self._recent = {}

    def _open_table(self) -> None:
        folder = tempfile.mkdtemp(prefix="decree-rules-ids-", dir=self._workdir)
        try:
            db = sqlite3.connect(os.path.join(folder, "ids.sqlite"))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        # From here on, close() or the index's end removes both, whatever fails next.
        self._db, self._folder = db, folder
        self._dropped = weakref.finalize(self, _remove_dropped, db, folder)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")

    def close(self) -> None:
        """Forget every id; close the table on disk and remove its folder, if there is one."""
        self._recent = {}
        if self._dropped is not None and self._dropped.detach() is not None:
            assert self._db is not None and self._folder is not None
            _remove(self._db, self._folder)
        self._db = self._folder = self._dropped = None


def _remove(db: sqlite3.Connection, folder: str) -> None:
    """Close the id table, then remove its folder (gone already if the work folder was)."""
    try:
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_dropped(db: sqlite3.Connection, folder: str) -> None:
    """What an id index dropped unclosed does: the same as :meth:`_IdIndex.close`, and warn."""
    _remove(db, folder)
    warnings.warn(
        f"an EventStream was dropped unclosed: removed its id index {folder!r}; "
        "call finish() or close(), or read the stream in a with block",
        ResourceWarning,
        stacklevel=1,
    )


class EventStream:
    """An event log read piece by piece, so that a national log is never held whole.

    Iterating gives the usable events in file order; :meth:`finish` then checks what needs
    the whole file (``ref`` to a later event) and, reading strictly, raises every defect
    found, as :func:`~decree_rules.io.events.read_events` would. Only JSON Lines is read
    piece by piece; a JSON array or a CSV file is read whole first. Memory grows only with
    the ids (for duplicates and refs) and with the defective rows. Its words are checked
    against ``vocabulary``, as :func:`~decree_rules.io.events.read_events` checks them
    (default: the shipped rules').

    Past :data:`ID_INDEX_IN_MEMORY` ids, the ids are kept in a temporary folder (in
    ``workdir``, default the system's): :meth:`finish` removes it, however it ends, and so
    do :meth:`close` and the end of a ``with`` block, for a stream not read to the end.
    An error while reading closes the stream too. A closed stream cannot be read further.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        actors: Loaded[Actor] | Mapping[str, Actor],
        *,
        lenient: bool,
        workdir: str | os.PathLike[str] | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.name = os.fspath(path)
        self._workdir = os.fspath(workdir) if workdir is not None else None
        if isinstance(actors, Loaded):
            self.actors: Mapping[str, Actor] = {actor.id: actor for actor in actors.records}
            self.gone_actors = rejected_ids(actors)
        else:
            self.actors, self.gone_actors = dict(actors), frozenset()
        self.lenient = lenient
        self.vocabulary = vocabulary if vocabulary is not None else shipped_vocabulary()
        self.accepted = 0
        self.bytes_read = 0  # of the file, as its pieces are handed out (for progress)
        self._end: StreamEnd | None = None
        self._whole: Loaded[Event] | None = None
        self._rows = 0
        self._complete = True
        self._checker = EventChecker(
            self.name, Format.JSONL, frozenset(), self.gone_actors, vocabulary=self.vocabulary
        )
        self._defects: list[_Defect] = []
        self._built = 0
        self._first = _IdIndex(self._workdir)  # every id seen: for duplicates and refs
        self._dead: set[str] = set()  # ids whose first row was rejected
        self._gone: set[str] = set()  # ids of every rejected row (for the message)
        # Rows whose ref (or an entry of refs) names an event not seen yet, or one of
        # these: settled at the end. Each link is (id named, place in refs or None).
        self._waiting: dict[str, tuple[list[_Link], Record]] = {}
        self._bad_forward: list[tuple[_Link, Record]] = []
        self._closed = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the ids and the defects kept, and remove the id index's folder.

        :meth:`finish` does it; call it (or read the stream in a ``with`` block) when the
        stream is not read to the end. Closing a closed stream does nothing.
        """
        self._closed = True
        # The id index of a national log is large; nothing needs it any more.
        self._first.close()
        self._dead, self._gone, self._defects = set(), set(), []
        self._waiting, self._bad_forward = {}, []

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(f"the EventStream of {self.name!r} is closed")

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
        An error closes the stream.
        """
        self._check_open()
        try:
            yield from self._pieces()
        except Exception:
            self.close()
            raise

    def _pieces(self) -> Iterator[tuple[str, int]]:
        with opened(self.name) as (handle, limit):
            # The first piece is large whatever the piece size: a whole JSON value spread
            # over lines is recognised in it (and told apart from a broken first line).
            block = handle.read(min(max(STREAM_CHUNK_BYTES, _FIRST_PIECE_BYTES), limit + 1))
            taken = len(block)
            if taken > limit:
                raise too_much(self.name, limit)
            head = block[:4096].decode("utf-8-sig", "replace")
            if detect(self.name, None, head) is not Format.JSONL:
                data = read_rest(handle, limit, block)
                if data is None:
                    raise too_much(self.name, limit)
                self._whole = read_event_text(
                    decode(data, self.name),
                    self.actors,
                    filename=self.name,
                    fmt=None,
                    lenient=self.lenient,
                    rejected_actors=self.gone_actors,
                    vocabulary=self.vocabulary,
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
                    self.bytes_read += len(piece)
                    yield decode(piece, self.name, lines_before), lines_before
                    lines_before += piece.count(b"\n")
                else:
                    carry.append(block)
                block = handle.read(STREAM_CHUNK_BYTES)
                taken += len(block)
                if taken > limit:
                    raise too_much(self.name, limit)
            tail = b"".join(carry)
            if tail:
                self.bytes_read += len(tail)
                yield decode(tail, self.name, lines_before), lines_before

    @property
    def whole_events(self) -> tuple[Event, ...]:
        """The events of a JSON array or CSV log, once :meth:`pieces` has read it."""
        return self._whole.records if self._whole is not None else ()

    def read_piece(self, text: str, lines_before: int) -> list[Event]:
        """Check one piece from :meth:`pieces`, row by row: its usable events, in order.

        A defect of the whole file (it is not JSON Lines after all) closes the stream.
        """
        self._check_open()
        try:
            return self._piece(SourceText(text, lines_before))
        except Exception:
            self.close()
            raise

    def take_checked(self, rows: Sequence[tuple[int, str, str | None]]) -> bool:
        """Accept a piece that :func:`check_piece` found clean: (line, id, ref) of its rows.

        The rows are accepted only if their ids and refs are clean too (no id seen before,
        every ref to an earlier usable event); otherwise nothing changes and the piece
        must be read with :meth:`read_piece`, which reports what is wrong.
        """
        self._check_open()
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

    def _piece(self, source: SourceText) -> list[Event]:
        checker = self._checker
        raw = split_jsonl(source, self.name, EVENT_SHAPE)
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
            ident, links = link(record.values.get("id")), named_links(record.values)
            self._links(record, ident, links)
            if len(checker.errors) > mark or event is None:
                if ident is not None:
                    self._reject(ident, record.line)
                for named in links:
                    if named[0] != ident and named[0] not in self._first:
                        self._bad_forward.append((named, record))
                continue
            if links and not self._ref_alive_so_far(event, record, links):
                continue
            record.values = {key: record.values[key] for key in LINK_FIELDS if key in record.values}
            events.append(event)
        self.accepted += len(events)
        self._keep_defects()
        return events

    def _links(self, record: Record, ident: str | None, links: Sequence[_Link]) -> None:
        """Check the row's id and the events it names (as :func:`link` gives them) against
        the rows before."""
        if ident is not None:
            first = self._first.get(ident)
            if first is not None:
                self._checker.duplicate_id(record, ident, first)
            else:
                self._first.add(ident, record.line)
        for ref, entry in links:
            if ref == ident:
                self._checker.self_reference(record, entry)

    def _reject(self, ident: str, line: int) -> None:
        self._gone.add(ident)
        if self._first.get(ident) == line:  # not a later row repeating a usable id
            self._dead.add(ident)

    def _ref_alive_so_far(self, event: Event, record: Record, links: list[_Link]) -> bool:
        """Whether the event may stay, as far as its ``ref`` or ``refs`` can be judged yet."""
        if any(ref not in self._first or ref in self._waiting for ref, _ in links):
            # An event it follows comes later, or may yet be rejected: wait for the end.
            self._waiting[event.id] = (links, record)
            return True
        for ref, entry in links:
            if ref in self._dead and self.lenient:
                field = "ref" if entry is None else "refs"
                self._checker.report(record, field, dangling_ref(ref, True, entry))
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
            if isinstance(owner, Broken):
                ident = owner.id
            elif isinstance(owner, Record):
                value = owner.values.get("id")
                ident = shown_id(value) if isinstance(value, str) and value.strip() else None
            else:
                ident = None
            error = pending.build(self.name) if build_all or self._built < ERROR_LIMIT else None
            self._built += error is not None
            message = row_message(pending)
            defect = _Defect(pending.line, ident, message, pending.code, error, pending.field)
            self._defects.append(defect)
        checker.errors = []

    def _unusable(self, ident: str) -> bool:
        """Whether no usable event has the id: never read, or its first row rejected."""
        return ident not in self._first or ident in self._dead

    def finish(self) -> StreamEnd:
        """Settle what needs the whole log; raise every defect when reading strictly.

        Either way, the stream is then closed (:meth:`close`); a finished stream gives
        the same :class:`StreamEnd` again.
        """
        if self._end is not None:
            return self._end
        self._check_open()
        try:
            self._end = self._settle()
        finally:
            self.close()
        return self._end

    def _settle(self) -> StreamEnd:
        if self._whole is not None:
            return StreamEnd(self._whole.rejected, frozenset(), self._whole.rows)
        late = self._settle_refs()
        self._keep_defects(build_all=True)
        defects = sorted(self._defects, key=lambda defect: defect.row)
        if defects and not self.lenient:
            shown = [defect.error for defect in defects[:ERROR_LIMIT] if defect.error is not None]
            if len(defects) > ERROR_LIMIT:
                raise ErrorGroup(shown, truncated=len(defects) - ERROR_LIMIT)
            raise_collected(shown, limit=ERROR_LIMIT)
        return StreamEnd(self._rejected_rows(defects), frozenset(late), self._rows)

    def _settle_refs(self) -> set[str]:
        """Report the refs that only the whole log can judge; the ids rejected so, late."""
        checker = self._checker
        for (ref, entry), record in self._bad_forward:
            if ref not in self._first and self._complete:
                checker.unknown_ref(record, ref, self._first, entry)
        late: set[str] = set()
        if self.lenient:
            late = self._reject_waiting()
        else:
            for links, record in self._waiting.values():
                for ref, entry in links:
                    if ref not in self._first and self._complete:
                        checker.unknown_ref(record, ref, self._first, entry)
        self._waiting.clear()
        return late

    def _reject_waiting(self) -> set[str]:
        """Reject the waiting rows whose ref chain ends in no usable event: their ids."""
        checker = self._checker
        late: set[str] = set()
        links = {
            ident: tuple(ref for ref, _ in named) for ident, (named, _) in self._waiting.items()
        }
        found = list(cascade_all(links, self._unusable))
        self._gone.update(ident for ident, _ in found)
        for ident, ref in found:
            named, record = self._waiting[ident]
            late.add(ident)
            # Every event it names that no row has, as the whole file's checks tell them;
            # else the one it follows that was rejected.
            unknown = [link for link in named if link[0] not in self._first]
            for target, entry in unknown if self._complete else ():
                checker.unknown_ref(record, target, None, entry)  # a row message: no hint
            if not unknown or not self._complete:
                entry = dict(named)[ref]
                field = "ref" if entry is None else "refs"
                checker.report(record, field, dangling_ref(ref, ref in self._gone, entry))
            self._gone.add(ident)
            self._dead.add(ident)
        return late

    def _rejected_rows(self, defects: Sequence[_Defect]) -> tuple[RejectedRow, ...]:
        """The rejected rows, in file order, each with every defect found in it."""
        rows: dict[int, list[_Defect]] = {}
        for defect in defects:
            rows.setdefault(defect.row, []).append(defect)
        return tuple(
            RejectedRow.of(
                self.name,
                row,
                found[0].id,
                ((defect.message, defect.code, defect.field) for defect in found),
                kind="event",
            )
            for row, found in rows.items()
        )


def check_piece(
    text: str,
    lines_before: int,
    name: str,
    actors: Mapping[str, Actor],
    gone_actors: frozenset[str] = frozenset(),
    *,
    vocabulary: Vocabulary | None = None,
) -> list[Event] | None:
    """The events of a piece of a JSON Lines log (from :meth:`EventStream.pieces`) when no
    row of it has a defect of its own, else None.

    It looks at each row alone, so pieces can be checked in other processes at once;
    :meth:`EventStream.take_checked` then checks the ids and refs against the rows before.
    ``actors``, ``gone_actors`` and ``vocabulary`` are the stream's.
    """
    raw = split_jsonl(SourceText(text, lines_before), name, EVENT_SHAPE)
    if raw.errors or raw.broken or not raw.complete:
        return None
    checker = EventChecker(name, Format.JSONL, frozenset(), gone_actors, vocabulary=vocabulary)
    events: list[Event] = []
    for record in raw.records:
        event = checker.event(record, actors)
        if checker.errors or event is None:
            return None
        values = record.values
        if values.get("id") != event.id or values.get("ref") != event.ref or event.refs:
            # Only the row-by-row reading can say how they differ; and it alone checks
            # the several links of 'refs' (rare: a consolidated report).
            return None
        events.append(event)
    return events
