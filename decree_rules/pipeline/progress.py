"""How far a check is: the facts of a progress line (the line itself is the app's)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import attrs

from decree_rules.io.stream import EventStream

__all__ = ["Progress", "teller"]


@attrs.frozen
class Progress:
    """How far a check is, for a progress line: ``rows`` of the log accepted so far,
    ``read_bytes`` of ``total_bytes`` read; then ``done`` of ``partitions`` evaluated, with
    ``findings`` so far. ``reading`` is true until the whole log is read."""

    reading: bool
    rows: int
    read_bytes: int
    total_bytes: int
    done: int = 0
    partitions: int = 0
    findings: int = 0


class _Counted(Protocol):
    @property
    def counts(self) -> Mapping[str, int]: ...


def teller(
    progress: Callable[[Progress], None] | None, stream: EventStream, path: str, count: int
) -> Callable[..., None]:
    """A function that tells ``progress`` how far the check is (nothing if it is None):
    call it with no arguments while reading, then with ``reading=False`` and the
    partitions evaluated so far."""
    try:
        total = os.path.getsize(path)
    except OSError:
        total = 0

    def tell(*, reading: bool = True, partials: Sequence[_Counted] = ()) -> None:
        if progress is None:
            return
        findings = sum(sum(p.counts.values()) for p in partials)
        rows, read = stream.accepted, stream.bytes_read
        progress(Progress(reading, rows, read, total, len(partials), count, findings))

    return tell
