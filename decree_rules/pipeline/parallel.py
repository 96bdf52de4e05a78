"""Checks a national log in bounded memory and on several cores, by partitions of offices.

The log is read piece by piece (:class:`~decree_rules.io.stream.EventStream`) and each event
is written to the partition of its office, and also to the partitions of the offices whose
duties it creates (a rector's report to the ministry creates the education head's duty).
Each partition is then evaluated on its own, in a pool of processes, and writes its
findings, already rendered as JSON, sorted by
:data:`~decree_rules.engine.evaluate.FindingKey`. The report merges the partitions' files as
it is written, so findings are never all held at once. The result is the same, byte for
byte, as one :func:`~decree_rules.engine.evaluate.evaluate` of the whole log;
``tests/test_partitioned.py`` checks it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import pickle
import tempfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.facts import Step
from decree_rules.core.periods import Period
from decree_rules.core.source import Location
from decree_rules.engine.evaluate import (
    Status,
    WarningKey,
    bounded_offices,
    natural_key,
    report_warnings,
    unbound_clauses,
)
from decree_rules.engine.offices import Offices, trigger_owners
from decree_rules.engine.steps import NoOfficeAbove
from decree_rules.io.records import Actor, Event, Loaded, RejectedRow
from decree_rules.io.stream import EventStream, check_piece
from decree_rules.lang.model import Decree, ForEachEvent
from decree_rules.pipeline.backends import evaluate_on
from decree_rules.pipeline.merged import (
    _batches,
    _dump_all,
    _Findings,
    _gc_paused,
    _Head,
    _Unmatched,
)
from decree_rules.pipeline.progress import Progress, teller
from decree_rules.pipeline.workers import work_folder, worker_pool
from decree_rules.report.common import Headline
from decree_rules.report.json_report import finding_json, unmatched_json
from decree_rules.time.calendars import WorkingCalendar
from decree_rules.time.zones import zone_data_version

PARTITION_BYTES = 8 * 1024**2
"""About this much of a JSON Lines log (some 50,000 events) goes to one partition."""

PARALLEL_FROM_BYTES = 2 * 1024**2
"""A smaller log (some 12,000 events) is checked in one partition, in this process."""

HELD_EVENTS = 500_000
"""A check in one process and one partition (a log under some 8 MiB, or a small one on any
number of cores) keeps up to this many events (the first of the log, some 300 MiB) in
memory and evaluates them from there: only the events after them are written to the
partition's files and read back, so memory stays bounded.

With several partitions in one process the events are written and read back: measured
at 200,000 events, evaluating each partition's events where the reading left them
(spread over the memory of all of them) costs more than writing and reading them."""

_BATCH = 2000  # events pickled together: fewer, larger writes and reads


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@attrs.frozen
class _Partial:
    """What one partition's worker sends back (its findings stay in its files)."""

    counts: dict[str, int]
    unmatched: int
    foreign_used: set[str]
    shared_unmatched: set[str]
    warnings: list[tuple[WarningKey, Step]]
    due_years: set[int]


@attrs.frozen
class PartitionedReport:
    """A report whose findings and unmatched events are read back from the partitions.

    It offers what :class:`~decree_rules.engine.evaluate.Report` offers to the report writers;
    it is valid only inside the ``with check_partitioned(...)`` block that made it.
    """

    as_of: date
    findings: _Findings
    unmatched_events: _Unmatched
    warnings: tuple[Step, ...]
    calendar: str
    zone_data: str
    events_read: int
    rejected_rows: tuple[RejectedRow, ...]
    actors_read: int
    counts: Mapping[str, int]

    @property
    def satisfied(self) -> bool:
        return not (self.counts[Status.LATE.value] or self.counts[Status.VIOLATED.value])

    def summary(self) -> dict[str, int]:
        return {status.value: self.counts[status.value] for status in Status}

    def finding_lines(self) -> Iterator[str]:
        """Every finding as the JSON report writes it, in order."""
        for _, text in self.findings.records():
            yield text

    def unmatched_lines(self) -> Iterator[str]:
        """Every unmatched event as the JSON report writes it, in order."""
        for _, text in self.unmatched_events.records():
            yield text

    def explained_unmatched(self) -> Iterator[tuple[str, str]]:
        """Every unmatched event's id and reason, read from its written JSON."""
        for event_id, text in self.unmatched_events.records():
            yield event_id, json.loads(text)["reason"]

    def explained_findings(self) -> Iterator[tuple[Headline, Sequence[str]]]:
        """Every finding's headline and sentences, in order, read from its written JSON
        (its steps are not read back)."""
        for _, text in self.findings.records():
            data = json.loads(text)
            due = data["due"]
            head = _Head(
                data["rule"],
                data["actor"],
                data["period"],
                data["trigger"],
                date.fromisoformat(due) if due is not None else None,
                Status(data["status"]),
                tuple(data["evidence"]),
            )
            yield head, data["explanation"]


@contextlib.contextmanager
def check_partitioned(  # noqa: PLR0913 - the public entry point; its options are keyword-only
    decree: Decree,
    actors: Loaded[Actor],
    events_path: str | os.PathLike[str],
    as_of: date,
    *,
    calendar: WorkingCalendar,
    lenient: bool,
    jobs: int | None = None,
    partitions: int | None = None,
    workdir: str | os.PathLike[str] | None = None,
    progress: Callable[[Progress], None] | None = None,
    engine: str = "python",
) -> Iterator[PartitionedReport]:
    """Check the log at ``events_path``; yield the report while its files exist.

    ``jobs`` processes evaluate (default, and at most: every usable core); ``partitions``
    (default: one per :data:`PARTITION_BYTES` of log) bounds the memory of each.
    Intermediate files go to a work folder in ``workdir`` (default: the system's temporary
    folder) and are removed after, also when the check stops early (:mod:`.workers`).
    ``progress``, if given, is called as the log is read (every few thousand rows) and as
    each partition is evaluated; ``engine`` is ``"python"`` or ``"duckdb"`` (:doc:`engines`).
    """
    workers = max(1, min(jobs if jobs is not None else usable_cores(), usable_cores()))
    count = partitions if partitions is not None else _partitions_for(events_path, workers)
    with contextlib.ExitStack() as cleanup:
        base = os.fspath(workdir) if workdir is not None else tempfile.gettempdir()
        try:
            spill = cleanup.enter_context(work_folder(base))
        except OSError as exc:
            raise _work_error(exc, base) from None
        # Closed before the folder it keeps its ids in, whatever stops the check.
        stream = cleanup.enter_context(
            EventStream(
                events_path,
                actors,
                lenient=lenient,
                workdir=spill,
                vocabulary=decree.vocabulary,
            )
        )
        where = os.fspath(events_path)
        registry = actors.records
        tell = teller(progress, stream, where, count)
        shared = _Shared(
            decree, registry, as_of, calendar, where, count, stream.actors, stream.gone_actors,
            engine,
        )  # fmt: skip
        try:
            pool = None
            if workers > 1 and count > 1:
                # Started now, while this process is small: forked later, each would start
                # as large as the reading makes this process. Killed, not awaited, when the
                # check stops early; they die with this process.
                pool = cleanup.enter_context(
                    worker_pool(min(workers, count), _start_worker, (shared,))
                )

            def router() -> _Router:
                # Rarely needed here (a damaged piece, a JSON array or CSV log): built on
                # demand, on the stream's own index of the registry.
                offices = Offices(decree, registry, by_id=stream.actors)
                return _Router(offices, count, spill, "main")

            redo: frozenset[int] = frozenset()
            if pool is None:
                # This process is the only worker: one index of the registry serves the
                # routing and every partition.
                _start_worker(shared)
                cleanup.callback(_WORKER.clear)  # keep nothing once the check is over
            held: list[list[_Held]] = []
            with _gc_paused():
                if pool is None:
                    here = _worker_router(spill, "main")
                    held = here.hold(HELD_EVENTS if count == 1 else 0)
                    _spill(here, stream, tell)
                else:
                    redo = _spill_checked_elsewhere(
                        stream, pool, min(workers, count), spill, router, tell=tell
                    )
            end = stream.finish()
            late = end.late_rejected
            tasks = [(index, count, spill, late, redo) for index in range(count)]
            if pool is None:
                done: Iterator[_Partial] = _run_here(tasks, held)
            else:
                done = pool.map(_run_partition, tasks)
            partials = []
            tell(reading=False)
            for partial in done:
                partials.append(partial)
                tell(reading=False, partials=partials)
        except OSError as exc:
            raise _work_error(exc, base) from None
        foreign_used = set().union(*(p.foreign_used for p in partials))
        dropped = frozenset(
            event_id
            for p in partials
            for event_id in p.shared_unmatched
            if event_id in foreign_used
        )
        counts = {status.value: sum(p.counts[status.value] for p in partials) for status in Status}
        events_read = stream.accepted - len(late)
        yield PartitionedReport(
            as_of=as_of,
            findings=_Findings(
                [spill / f"findings-{i}" for i in range(count)], sum(counts.values())
            ),
            unmatched_events=_Unmatched(
                [spill / f"unmatched-{i}" for i in range(count)],
                sum(p.unmatched for p in partials) - len(dropped),
                dropped,
            ),
            warnings=report_warnings(
                events_read,
                (warning for p in partials for warning in p.warnings),
                (year for p in partials for year in p.due_years),
                calendar,
                unbound=unbound_clauses(decree, Offices(decree, registry, by_id=stream.actors)),
                bounded=bounded_offices(registry, decree.in_force, as_of),
            ),
            calendar=calendar.description,
            zone_data=f"tzdata {zone_data_version()}",
            events_read=events_read,
            rejected_rows=(*actors.rejected, *end.rejected),
            actors_read=len(registry),
            counts=counts,
        )


def _work_error(exc: OSError, folder: str) -> UsageError:
    return UsageError(
        f"cannot write the intermediate files: {exc.strerror or exc}",
        Location(folder, field="--work-dir"),
        code="DR-U002",
        args={"folder": folder, "reason": exc.strerror or str(exc)},
        hint="a check keeps the partitions of the log and their findings in a temporary "
        "folder, about the size of the log and its report together; free some space there, "
        "or choose a folder with --work-dir (or TMPDIR)",
    )


def _partitions_for(path: str | os.PathLike[str], workers: int) -> int:
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # the stream reports what is wrong with the path
    if size < PARALLEL_FROM_BYTES:
        return 1  # starting processes would take longer than the check
    return max(workers, math.ceil(size / PARTITION_BYTES))


def partition_of(actor_id: str, count: int) -> int:
    """The partition of an office: stable across runs, machines and Python versions."""
    return zlib.crc32(actor_id.encode("utf-8", "surrogatepass")) % count


# ---- writing the partitions -----------------------------------------------------------


class _Router:
    """Writes each event to its office's partition and to those of the offices whose duties
    it creates, in batches of pickled plain tuples.

    Each process writes its own file of each partition (``events-<partition>.<writer>``),
    so the workers can write at once; a partition is the union of its files.
    """

    def __init__(
        self,
        offices: Offices,
        count: int,
        folder: Path,
        writer: str,
        homes: dict[str, int] | None = None,
    ) -> None:
        """``homes``, when given, maps office ids to their partitions (it may be shared)."""
        decree = offices.decree
        self._owners_of = trigger_owners(decree, offices)
        self._triggers = {
            clause.rule.scope.action.name
            for clause in decree.clauses
            if clause.rule is not None and isinstance(clause.rule.scope, ForEachEvent)
        }
        self._known = offices.actors
        self._count = count
        self._paths = [folder / f"events-{i}.{writer}" for i in range(count)]
        self._homes = homes if homes is not None else {}
        # For the actions that create duties, by action and office. A national registry
        # has few distinct routes: each is kept once, not once per office.
        self._routes: dict[str, dict[str, tuple[int, ...]]] = {}
        self._distinct: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._buffers: list[list[tuple[Any, ...]]] = [[] for _ in range(count)]
        self._held: list[list[_Held]] = []
        self._room = 0  # events that may still be held

    def hold(self, events: int) -> list[list[_Held]]:
        """Keep the next ``events`` events given to :meth:`add_event` in memory, each
        partition's in a list of :data:`_Held`, instead of writing them; the lists."""
        self._held = [[] for _ in range(self._count)]
        self._room = events
        return self._held

    def add_event(self, order: int, event: Event) -> None:
        """Route one event that this process read, held while there is room."""
        if self._room <= 0:
            self.add(order, _HERE, _fields(event))
            return
        self._room -= 1
        route = self._route(event.actor, event.action)
        shared = len(route) > 1
        for index in route:
            self._held[index].append((order, shared, event))

    def add(self, order: int, piece: int, fields: tuple[Any, ...]) -> None:
        """Route one event, given as :func:`_fields` makes it.

        ``order`` is its place in the log; ``piece`` the piece a worker checked it in
        (-1 when this process read it), so that a piece read again can be left out.
        """
        route = self._route(fields[_ACTOR - _FIELDS_FROM], fields[_ACTION - _FIELDS_FROM])
        record = (order, len(route) > 1, piece, *fields)  # _ORDER, _SHARED, _PIECE, ...
        for index in route:
            buffer = self._buffers[index]
            buffer.append(record)
            if len(buffer) >= _BATCH:
                self._dump(index)

    def _route(self, actor_id: str, action: str) -> tuple[int, ...]:
        """The partitions an event of ``actor_id`` and ``action`` goes to."""
        home = self._homes.get(actor_id)
        if home is None:
            home = self._homes[actor_id] = partition_of(actor_id, self._count)
        if action in self._triggers:
            by_office = self._routes.setdefault(action, {})
            route = by_office.get(actor_id)
            if route is None:
                actor = self._known.get(actor_id)
                others = self._owners_of(actor, action) if actor is not None else ()
                found = tuple(
                    sorted({home} | {partition_of(owner, self._count) for owner in others})
                )
                route = by_office[actor_id] = self._distinct.setdefault(found, found)
        else:
            route = (home,)
        return route

    def flush(self) -> None:
        """Write every batch still held."""
        for index, buffer in enumerate(self._buffers):
            if buffer:
                self._dump(index)

    def _dump(self, index: int) -> None:
        with open(self._paths[index], "ab") as handle:
            pickle.dump(self._buffers[index], handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._buffers[index].clear()


_TELL_EVERY = 4096  # events routed between two progress reports


def _spill(router: _Router, stream: Iterable[Event], tell: Callable[..., None]) -> None:
    for order, event in enumerate(stream):
        router.add_event(order, event)
        if not order % _TELL_EVERY:
            tell()
    router.flush()
    tell()


_HERE = -1  # the piece of an event this process read and routed itself


_Held = tuple[int, bool, Event]
"""An event held in memory for a partition: its place in the log, whether it was routed to
several partitions, the event."""

_Checked = Future[list[tuple[int, str, str | None]] | None]
"""A worker's answer for a piece: (line, id, ref) of its rows when it is clean, else None."""


def _spill_checked_elsewhere(
    stream: EventStream,
    pool: Executor,
    workers: int,
    folder: Path,
    router: Callable[[], _Router],
    *,
    tell: Callable[..., None],
) -> frozenset[int]:
    """Route the log while the pool checks and routes its pieces; the pieces read again.

    This process reads the pieces and hands each to the pool. The workers check the rows
    and write the events of a clean piece to their own partition files. Here the results
    are taken in file order: the ids and refs of a clean piece are checked against the
    rows before it, and a piece with any defect is read again here, row by row, for the
    very messages and lenient choices a one-process read makes. The events a worker wrote
    for a piece read again are left out when the partitions are read.
    """
    ahead: deque[tuple[int, str, int, _Checked]] = deque()
    window = 2 * workers  # pieces in flight: enough to keep every worker busy
    taker = _Taker(stream, router)
    for piece, (text, lines_before) in enumerate(stream.pieces()):
        checked = pool.submit(_check_piece, piece, text, lines_before, folder)
        ahead.append((piece, text, lines_before, checked))
        if len(ahead) > window:
            taker.take(*ahead.popleft())
            tell()
    while ahead:
        taker.take(*ahead.popleft())
        tell()
    return taker.finish()


class _Taker:
    """Takes the pool's answers in file order, and routes here what a worker could not."""

    def __init__(self, stream: EventStream, router: Callable[[], _Router]) -> None:
        self._stream = stream
        self._make_router = router
        self._router: _Router | None = None
        self.redo: set[int] = set()

    def _here(self) -> _Router:
        if self._router is None:
            self._router = self._make_router()
        return self._router

    def take(self, piece: int, text: str, lines_before: int, checked: _Checked) -> None:
        rows = checked.result()
        if rows is not None and self._stream.take_checked(rows):
            return
        if rows is not None:
            self.redo.add(piece)
        here = self._here()
        for event in self._stream.read_piece(text, lines_before):
            # One event a line: the line orders the events of a JSON Lines log.
            here.add(event.location.line or 0, _HERE, _fields(event))

    def finish(self) -> frozenset[int]:
        """Route a log read whole (a JSON array or CSV), flush; the pieces read again."""
        if self._stream.whole_events:
            here = self._here()
            for order, event in enumerate(self._stream.whole_events):
                here.add(order, _HERE, _fields(event))
        if self._router is not None:
            self._router.flush()
        return frozenset(self.redo)


# An event travels between processes as a plain tuple: attrs objects cost five
# times as much to pickle and unpickle. Its places, once: the router puts three in front
# of what _fields makes (place in the log, whether routed to several partitions, the piece
# a worker checked it in), and _decode reads the tuple back.
(
    _ORDER, _SHARED, _PIECE, _ID, _ACTOR, _ACTION, _TIME, _END, _REF, _PERIOD, _CHANNELS,
    _TO, _PARTICIPANTS, _VIDEO, _EXTRA, _LINE,
) = range(16)  # fmt: skip
_FIELDS_FROM = _ID  # where the fields of _fields begin in a routed record


def _fields(event: Event) -> tuple[Any, ...]:
    """The event's fields, in the places above from ``_ID`` on."""
    return (
        event.id,
        event.actor,
        event.action,
        event.time,
        event.end,
        event.refs or event.ref,  # one id, or the ids of 'refs' (a tuple)
        str(event.period) if event.period is not None else None,
        event.channels,
        event.to,
        event.participants,
        event.videoconference,
        dict(event.extra) if event.extra else None,
        event.location.line,
    )


def _decode(
    record: tuple[Any, ...], where: str, periods: dict[str, Period], actions: dict[str, str]
) -> Event:
    """The event of a routed record; ``periods`` shares one Period object per text, and
    ``actions`` one string per action."""
    period = record[_PERIOD]
    if period is not None and period not in periods:
        periods[period] = Period.parse(period)
    action = record[_ACTION]
    return Event(
        id=record[_ID],
        actor=record[_ACTOR],
        action=actions.setdefault(action, action),
        time=record[_TIME],
        end=record[_END],
        ref=None if isinstance(record[_REF], tuple) else record[_REF],
        refs=record[_REF] if isinstance(record[_REF], tuple) else (),
        period=periods[period] if period is not None else None,
        channels=record[_CHANNELS],
        to=record[_TO],
        participants=record[_PARTICIPANTS],
        videoconference=record[_VIDEO],
        extra=record[_EXTRA] or {},
        location=Location(where, record[_LINE]),
    )


# ---- evaluating one partition (in a worker process) -------------------------------------

_WORKER: dict[str, Any] = {}


@attrs.frozen
class _Shared:
    """What every worker of a check is given when it starts."""

    decree: Decree
    registry: Sequence[Actor]
    as_of: date
    calendar: WorkingCalendar
    where: str
    count: int
    actors: Mapping[str, Actor]
    gone_actors: frozenset[str]
    engine: str = "python"


def _start_worker(shared: _Shared) -> None:
    # Indexed once per process, while the main process is still reading the log: the
    # partitions this process evaluates then pay only for their own offices and events.
    _WORKER.clear()  # nothing kept from an earlier check in this process
    _WORKER.update(
        decree=shared.decree,
        registry=shared.registry,
        as_of=shared.as_of,
        calendar=shared.calendar,
        where=shared.where,
        count=shared.count,
        actors=shared.actors,
        gone_actors=shared.gone_actors,
        engine=shared.engine,
        vocabulary=shared.decree.vocabulary,
        offices=Offices(shared.decree, shared.registry, by_id=shared.actors),
        partition_of_actor={
            actor.id: partition_of(actor.id, shared.count) for actor in shared.registry
        },
    )


def _check_piece(
    piece: int, text: str, lines_before: int, folder: Path
) -> list[tuple[int, str, str | None]] | None:
    """Check a piece; if it is clean, write its events to this process's partition files
    and give (line, id, ref) of its rows for the reading process to check."""
    with _gc_paused():
        events = check_piece(
            text,
            lines_before,
            _WORKER["where"],
            _WORKER["actors"],
            _WORKER["gone_actors"],
            vocabulary=_WORKER["vocabulary"],
        )
        if events is None:
            return None
        router = _worker_router(folder, f"w{os.getpid()}")
        rows: list[tuple[int, str, str | None]] = []
        for event in events:
            line = event.location.line or 0
            router.add(line, piece, _fields(event))
            rows.append((line, event.id, event.ref))
        router.flush()
        return rows


def _worker_router(folder: Path, writer: str) -> _Router:
    """This process's router, made once from what :func:`_start_worker` indexed."""
    router: _Router | None = _WORKER.get("router")
    if router is None:
        router = _WORKER["router"] = _Router(
            _WORKER["offices"],
            _WORKER["count"],
            folder,
            writer,
            homes=_WORKER["partition_of_actor"],
        )
    return router


def _run_partition(task: tuple[int, int, Path, frozenset[str], frozenset[int]]) -> _Partial:
    with _gc_paused():
        return _evaluate_partition(*task)


def _run_here(
    tasks: Sequence[tuple[int, int, Path, frozenset[str], frozenset[int]]],
    held: list[list[_Held]],
) -> Iterator[_Partial]:
    """Evaluate the partitions in this process: the events it held, then those of the
    partition's files (all later in the log), never written and read back."""
    for task in tasks:
        index, _, _, late, _ = task
        kept = held[index] if held else []
        if held:
            held[index] = []  # each partition's events go once it is evaluated
        with _gc_paused():
            partial = _evaluate_partition(
                *task, first=(item for item in kept if item[2].id not in late)
            )
        del kept
        yield partial


def _written(
    index: int, folder: Path, late: frozenset[str], redo: frozenset[int]
) -> Iterator[_Held]:
    """The events of partition ``index``'s files, but those dropped late or written for a
    piece read again."""
    where: str = _WORKER["where"]
    periods: dict[str, Period] = {}
    actions: dict[str, str] = {}
    for path in sorted(folder.glob(f"events-{index}.*")):  # sorted: the same on every run
        for record in _batches(path):
            if record[_ID] in late or record[_PIECE] in redo:
                continue
            yield record[_ORDER], record[_SHARED], _decode(record, where, periods, actions)


def _evaluate_partition(
    index: int,
    count: int,
    folder: Path,
    late: frozenset[str],
    redo: frozenset[int],
    *,
    first: Iterable[_Held] = (),
) -> _Partial:
    """Evaluate partition ``index``: the events ``first`` (held in this process), then
    those of its files."""
    known: dict[str, int] = _WORKER["partition_of_actor"]

    def owns(actor_id: str) -> bool:
        home = known.get(actor_id)
        if home is None:  # an office not in the registry
            home = partition_of(actor_id, count)
        return home == index

    shared_ids: set[str] = set()
    foreign_ids: set[str] = set()  # events of other partitions' offices, routed here
    events: list[tuple[int, Event]] = []
    for order, shared, event in itertools.chain(first, _written(index, folder, late, redo)):
        if shared:
            shared_ids.add(event.id)
            if not owns(event.actor):
                foreign_ids.add(event.id)
        events.append((order, event))
    events.sort(key=lambda pair: pair[0])  # in log order, whoever wrote them
    part = evaluate_on(
        _WORKER["engine"],
        _WORKER["decree"],
        _WORKER["registry"],
        events,
        _WORKER["as_of"],
        _WORKER["calendar"],
        owns=owns,
        offices=_WORKER["offices"],
    )
    del events
    # Each event is reported unmatched by its own office's partition only, and a warning
    # about an event by that event's partition.
    unmatched = [u for u in part.unmatched_events if owns(u.actor)]
    warnings = [
        (key, warning)
        for key, warning in part.warnings
        if not isinstance(warning, NoOfficeAbove) or owns(warning.actor)
    ]
    counts = {status.value: 0 for status in Status}
    for _, finding in part.findings:
        counts[finding.status.value] += 1
    with open(folder / f"findings-{index}", "wb") as handle:
        _dump_all(
            (
                (key, finding_json(finding))
                for key, finding in part.findings  # in key order already
            ),
            handle,
        )
    with open(folder / f"unmatched-{index}", "wb") as handle:
        # Written here, in parallel: the main process only merges (by natural id) and copies.
        _dump_all(((natural_key(u.id), u.id, unmatched_json(u)) for u in unmatched), handle)

    return _Partial(
        counts=counts,
        unmatched=len(unmatched),
        foreign_used={ident for ident in foreign_ids if ident in part.used},
        shared_unmatched={u.id for u in unmatched if u.id in shared_ids},
        warnings=warnings,
        due_years=part.due_years,
    )
