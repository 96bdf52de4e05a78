"""Checks a national log in bounded memory and on several cores, by partitions of offices.

The log is read piece by piece (:class:`~decree_rules.inputs.EventStream`) and each event
is written to the partition of its office, and also to the partitions of the offices whose
duties it creates (a rector's report to the ministry creates the education head's duty).
Each partition is then evaluated on its own, in a pool of processes, and writes its
findings, already rendered as JSON, sorted by :data:`~decree_rules.evaluation.FindingKey`.
The report merges the partitions' files as it is written, so findings are never all held
at once. The result is the same, byte for byte, as one :func:`evaluate` of the whole log;
``tests/test_partitioned.py`` checks it.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import json
import math
import multiprocessing
import os
import pickle
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from decree_rules.calendar import WorkingCalendar
from decree_rules.errors import Location, UsageError
from decree_rules.evaluation import (
    Finding,
    FindingKey,
    Status,
    UnmatchedEvent,
    WarningKey,
    evaluate_part,
    natural_key,
    report_warnings,
    trigger_owners,
)
from decree_rules.inputs import EventStream, Loaded, RejectedRow
from decree_rules.model import Decree, ForEachEvent
from decree_rules.records import Actor, Event, Period
from decree_rules.report import finding_json
from decree_rules.vocabulary import Action
from decree_rules.zones import zone_data_version

PARTITION_BYTES = 8 * 1024**2
"""About this much of a JSON Lines log (some 50,000 events) goes to one partition."""

PARALLEL_FROM_BYTES = 2 * 1024**2
"""A smaller log (some 12,000 events) is checked in one partition, in this process."""

_BATCH = 2000  # events pickled together: fewer, larger writes and reads
# Findings and unmatched events are merged from every partition at once, a batch of each
# held in memory: small batches keep that bounded when there are hundreds of partitions.
_MERGE_BATCH = 200


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
    warnings: list[tuple[WarningKey, str]]
    due_years: set[int]


class _Findings:
    """The findings of every partition, merged in order each time they are iterated."""

    def __init__(self, paths: Sequence[Path], count: int) -> None:
        self._paths = paths
        self._count = count

    def __len__(self) -> int:
        return self._count

    def records(self) -> Iterator[tuple[FindingKey, str]]:
        """(key, JSON text) of every finding, in report order."""
        with _gc_paused():
            yield from heapq.merge(
                *(_batches(path) for path in self._paths), key=lambda rec: rec[0]
            )

    def __iter__(self) -> Iterator[Finding]:
        for _, text in self.records():
            yield _finding_from_json(text)


class _Unmatched:
    """The unmatched events of every partition, merged by id each time they are iterated."""

    def __init__(self, paths: Sequence[Path], count: int, dropped: frozenset[str]) -> None:
        self._paths = paths
        self._count = count
        self._dropped = dropped

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[UnmatchedEvent]:
        merged = heapq.merge(
            *(_batches(path) for path in self._paths), key=lambda pair: natural_key(pair[0])
        )
        for event_id, reason in merged:
            if event_id not in self._dropped:
                yield UnmatchedEvent(event_id, reason)


@attrs.frozen
class PartitionedReport:
    """A report whose findings and unmatched events are read back from the partitions.

    It offers what :class:`~decree_rules.evaluation.Report` offers to the report writers;
    it is valid only inside the ``with check_partitioned(...)`` block that made it.
    """

    as_of: date
    findings: _Findings
    unmatched_events: _Unmatched
    warnings: tuple[str, ...]
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


@contextlib.contextmanager
def check_partitioned(
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
) -> Iterator[PartitionedReport]:
    """Check the log at ``events_path``; yield the report while its files exist.

    ``jobs`` processes evaluate (default: every usable core); ``partitions`` (default:
    one per :data:`PARTITION_BYTES` of log) bounds the memory of each. Intermediate files
    go to a temporary folder in ``workdir`` (default: the system's) and are removed after.
    """
    workers = max(1, jobs if jobs is not None else usable_cores())
    count = partitions if partitions is not None else _partitions_for(events_path, workers)
    with contextlib.ExitStack() as cleanup:
        base = os.fspath(workdir) if workdir is not None else tempfile.gettempdir()
        try:
            spill = Path(
                cleanup.enter_context(tempfile.TemporaryDirectory(prefix="decree-rules-", dir=base))
            )
        except OSError as exc:
            raise _work_error(exc, base) from None
        stream = EventStream(events_path, actors, lenient=lenient, workdir=spill)
        where = os.fspath(events_path)
        registry = actors.records
        shared = (decree, registry, as_of, calendar, where)
        try:
            pool = None
            if workers > 1 and count > 1:
                context = multiprocessing.get_context(
                    "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
                )
                pool = cleanup.enter_context(
                    ProcessPoolExecutor(
                        min(workers, count),
                        mp_context=context,
                        initializer=_start_worker,
                        initargs=shared,
                    )
                )
                # Start the workers now, while this process is small: forked later, each
                # would start as large as the reading makes this process.
                pool.submit(_ready).result()
            with _gc_paused():
                _spill(stream, decree, registry, count, spill, where)
            end = stream.finish()
            late = end.late_rejected
            tasks = [(index, count, spill, late) for index in range(count)]
            if pool is None:
                _start_worker(*shared)
                partials = [_run_partition(task) for task in tasks]
            else:
                partials = list(pool.map(_run_partition, tasks))
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
            ),
            calendar=calendar.description,
            zone_data=f"tzdata {zone_data_version()}",
            events_read=events_read,
            rejected_rows=(*actors.rejected, *end.rejected),
            actors_read=len(registry),
            counts=counts,
        )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while millions of short-lived objects are made.

    The collector would walk every live object again and again (a quarter of the reading
    time at 1M events); these loops make no reference cycles to collect.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _work_error(exc: OSError, folder: str) -> UsageError:
    return UsageError(
        f"cannot write the intermediate files: {exc.strerror or exc}",
        Location(folder, field="--work-dir"),
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


def _spill(
    stream: Iterable[Event],
    decree: Decree,
    registry: Sequence[Actor],
    count: int,
    folder: Path,
    where: str,
) -> None:
    owners_of = trigger_owners(decree, registry)
    triggers = {
        clause.rule.scope.action.name
        for clause in decree.clauses
        if clause.rule is not None and isinstance(clause.rule.scope, ForEachEvent)
    }
    known = {actor.id: actor for actor in registry}
    homes: dict[str, int] = {}
    routes: dict[tuple[str, str], tuple[int, ...]] = {}  # only for actions that create duties
    files = [open(folder / f"events-{i}", "wb") for i in range(count)]  # noqa: SIM115
    buffers: list[list[tuple[Any, ...]]] = [[] for _ in range(count)]
    try:
        for order, event in enumerate(stream):
            home = homes.get(event.actor)
            if home is None:
                home = homes[event.actor] = partition_of(event.actor, count)
            action = event.action.value
            route = routes.get((event.actor, action)) if action in triggers else (home,)
            if route is None:
                actor = known.get(event.actor)
                others = owners_of(actor, action) if actor is not None else set()
                route = routes[(event.actor, action)] = tuple(
                    sorted({home} | {partition_of(owner, count) for owner in others})
                )
            record = _encode(order, event, shared=len(route) > 1)
            for index in route:
                buffer = buffers[index]
                buffer.append(record)
                if len(buffer) >= _BATCH:
                    pickle.dump(buffer, files[index], protocol=pickle.HIGHEST_PROTOCOL)
                    buffer.clear()
        for index, buffer in enumerate(buffers):
            if buffer:
                pickle.dump(buffer, files[index], protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        for handle in files:
            handle.close()


def _encode(order: int, event: Event, *, shared: bool) -> tuple[Any, ...]:
    # Plain values only: enums and attrs objects cost much more to pickle and unpickle.
    return (
        order,
        shared,
        event.id,
        event.actor,
        event.action.value,
        event.time,
        event.end,
        event.ref,
        str(event.period) if event.period is not None else None,
        event.channels,
        event.to,
        event.participants,
        event.videoconference,
        dict(event.extra) if event.extra else None,
        event.location.line,
    )


_ACTIONS = {action.value: action for action in Action}


def _decode(record: tuple[Any, ...], where: str, periods: dict[str, Period]) -> Event:
    (_, _, ident, actor, action, time, end, ref, period, channels, to, who, video, extra, line) = (
        record
    )
    if period is not None and period not in periods:
        periods[period] = Period.parse(period)
    return Event(
        id=ident,
        actor=actor,
        action=_ACTIONS[action],
        time=time,
        end=end,
        ref=ref,
        period=periods[period] if period is not None else None,
        channels=channels,
        to=to,
        participants=who,
        videoconference=video,
        extra=extra or {},
        location=Location(where, line),
    )


def _batches(path: Path) -> Iterator[Any]:
    with open(path, "rb") as handle:
        while True:
            try:
                batch = pickle.load(handle)
            except EOFError:
                return
            yield from batch


def _dump_all(items: Iterable[Any], handle: BinaryIO) -> None:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= _MERGE_BATCH:
            pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)
            batch = []
    if batch:
        pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)


# ---- evaluating one partition (in a worker process) -------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(
    decree: Decree,
    registry: Sequence[Actor],
    as_of: date,
    calendar: WorkingCalendar,
    where: str,
) -> None:
    _WORKER.update(decree=decree, registry=registry, as_of=as_of, calendar=calendar, where=where)


def _ready() -> None:
    """Nothing: submitted once so that the pool starts its processes."""


def _run_partition(task: tuple[int, int, Path, frozenset[str]]) -> _Partial:
    index, count, folder, late = task
    with _gc_paused():
        return _evaluate_partition(index, count, folder, late)


def _evaluate_partition(index: int, count: int, folder: Path, late: frozenset[str]) -> _Partial:
    where: str = _WORKER["where"]
    periods: dict[str, Period] = {}
    shared_ids: set[str] = set()
    events: list[tuple[int, Event]] = []
    for record in _batches(folder / f"events-{index}"):
        if record[2] in late:
            continue
        if record[1]:
            shared_ids.add(record[2])
        events.append((record[0], _decode(record, where, periods)))
    homes: dict[str, bool] = {}

    def owns(actor_id: str) -> bool:
        home = homes.get(actor_id)
        if home is None:
            home = homes[actor_id] = partition_of(actor_id, count) == index
        return home

    part = evaluate_part(
        _WORKER["decree"],
        _WORKER["registry"],
        events,
        _WORKER["as_of"],
        _WORKER["calendar"],
        owns=owns,
    )
    del events
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
        _dump_all(((u.id, u.reason) for u in part.unmatched_events), handle)
    return _Partial(
        counts=counts,
        unmatched=len(part.unmatched_events),
        foreign_used=part.foreign_used,
        shared_unmatched={u.id for u in part.unmatched_events if u.id in shared_ids},
        warnings=part.warnings,
        due_years=part.due_years,
    )


def _finding_from_json(text: str) -> Finding:
    data = json.loads(text)
    return Finding(
        rule=data["rule"],
        actor=data["actor"],
        period=data["period"],
        trigger=data["trigger"],
        due=date.fromisoformat(data["due"]) if data["due"] is not None else None,
        status=Status(data["status"]),
        evidence=tuple(data["evidence"]),
        explanation=tuple(data["explanation"]),
    )
