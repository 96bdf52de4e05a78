"""A check's partition files read back: findings and unmatched events merged in report order.

Each partition's worker writes its findings and unmatched events, already rendered as JSON
and sorted, in batches of pickled tuples (``_dump_all``); the report merges the files as
it is written (``_Findings``, ``_Unmatched``), so that they are never all held at once.
Used by :mod:`decree_rules.pipeline.parallel`.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import json
import pickle
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from decree_rules.core.facts import step_from_json
from decree_rules.engine.evaluate import Finding, FindingKey, Status, UnmatchedEvent

# Findings and unmatched events are merged from every partition at once, a batch of each
# held in memory: small batches keep that bounded when there are hundreds of partitions.
_MERGE_BATCH = 200


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

    def records(self) -> Iterator[tuple[str, str]]:
        """(id, JSON text) of every unmatched event, in report order (by natural id)."""
        with _gc_paused():
            merged = heapq.merge(*(_batches(path) for path in self._paths), key=_first)
            for _, event_id, text in merged:
                if event_id not in self._dropped:
                    yield event_id, text

    def __iter__(self) -> Iterator[UnmatchedEvent]:
        for event_id, text in self.records():
            reasons = tuple(step_from_json(step) for step in json.loads(text)["steps"])
            yield UnmatchedEvent(event_id, reasons)


def _first(record: tuple[Any, ...]) -> Any:
    return record[0]


@attrs.frozen
class _Head:
    """What a report lists of a finding besides its sentences."""

    rule: str
    actor: str
    period: str | None
    trigger: str | None
    due: date | None
    status: Status
    evidence: tuple[str, ...]


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
        steps=tuple(step_from_json(step) for step in data["steps"]),
    )
