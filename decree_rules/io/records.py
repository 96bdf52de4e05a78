"""Input records: offices (actors), the things they did (events), and the rows rejected.

Read by :mod:`decree_rules.io.registry`, :mod:`decree_rules.io.events` and
:mod:`decree_rules.io.stream`; consumed by :mod:`decree_rules.engine.evaluate`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

import attrs

from decree_rules.core.periods import Period
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import DEFAULT_TZ, Level, Role

__all__ = ["Actor", "Event", "Loaded", "Moment", "RejectedRow", "Tenure"]

_NOWHERE = Location("<memory>")

Moment = date | datetime
"""A date (already a local day) or a date-time (aware, or naive = local to the actor)."""


@attrs.frozen
class Tenure:
    """One row of an office whose registry has several: the days it covers (both ends
    inclusive; None: open) and the parent and name it has on those days."""

    valid_from: date | None
    valid_until: date | None
    parent: str | None = None
    name: str | None = None
    location: Location = attrs.field(default=_NOWHERE, eq=False, repr=False)

    def covers(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until


@attrs.frozen
class Actor:
    """One office (not a person) from the registry.

    An office whose registry gives several rows (created, abolished, renamed or moved
    under another parent) has them as ``tenures``, in date order: it exists on the days
    they cover, and has the parent and name of the row covering the day. ``valid_from``
    .. ``valid_until`` then span them all, and ``parent`` and ``name`` are the last row's.
    """

    id: str
    role: Role
    level: Level | None = None
    body: str | None = None
    parent: str | None = None
    tz: str = DEFAULT_TZ
    valid_from: date | None = None
    valid_until: date | None = None
    name: str | None = None
    location: Location = attrs.field(default=_NOWHERE, eq=False, repr=False)
    tenures: tuple[Tenure, ...] = ()

    def exists_on(self, day: date) -> bool:
        """Whether the office exists on ``day`` (both ends inclusive)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return not self.tenures or any(tenure.covers(day) for tenure in self.tenures)

    def tenure_on(self, day: date) -> Tenure | None:
        """The row of a changing office that covers ``day`` (None: none, or no rows)."""
        for tenure in self.tenures:
            if tenure.covers(day):
                return tenure
        return None

    def parent_on(self, day: date | None) -> str | None:
        """The parent the office has on ``day`` (any day: its only, or last, parent)."""
        if day is None or not self.tenures:
            return self.parent
        tenure = self.tenure_on(day)
        return tenure.parent if tenure is not None else None

    def parents(self) -> tuple[str, ...]:
        """Every parent the office has had, each once."""
        found = [t.parent for t in self.tenures] if self.tenures else [self.parent]
        return tuple(dict.fromkeys(p for p in found if p is not None))


@attrs.frozen
class Event:
    """One thing an office did, as logged; ``action`` is a word the rules declare."""

    id: str
    actor: str
    action: str
    time: Moment
    end: Moment | None = None
    ref: str | None = None
    period: Period | None = None
    channels: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    videoconference: bool = False
    extra: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    location: Location = attrs.field(default=_NOWHERE, eq=False, repr=False)
    refs: tuple[str, ...] = ()
    """The events this one follows up, when it names several (a consolidated report of
    the rector reports it names); an event gives ``ref`` or ``refs``, never both."""

    @property
    def follows(self) -> tuple[str, ...]:
        """The ids of the events this one follows up: its ``ref``, or its ``refs``."""
        return (self.ref,) if self.ref is not None else self.refs


@attrs.frozen
class RejectedRow:
    """A row that ``--lenient`` reading skipped, with every reason it was rejected.

    ``line`` is where the row starts; ``id`` is its id when one could be read (shown with
    invisible characters as ``<U+200B>``); ``codes`` are the ``DR-I`` codes of the
    ``messages``, one each; ``kind`` is ``"actor"`` or ``"event"``.
    """

    file: str
    line: int
    id: str | None
    messages: tuple[str, ...]
    codes: tuple[str, ...]
    kind: Literal["actor", "event"] = attrs.field(kw_only=True)
    fields: tuple[str | None, ...] = attrs.field(default=(), kw_only=True)
    """The field of each message (None: the row as a whole), when known."""

    def __attrs_post_init__(self) -> None:
        if len(self.codes) != len(self.messages):
            raise ValueError(f"{len(self.messages)} messages but {len(self.codes)} codes")
        if self.fields and len(self.fields) != len(self.messages):
            raise ValueError(f"{len(self.messages)} messages but {len(self.fields)} fields")

    @classmethod
    def of(
        cls,
        file: str,
        line: int,
        id: str | None,
        defects: Iterable[tuple[str, str] | tuple[str, str, str | None]],
        *,
        kind: Literal["actor", "event"],
    ) -> RejectedRow:
        """The row rejected for ``defects``, (message, code) or (message, code, field):
        each message once."""
        found: dict[str, tuple[str, str | None]] = {}
        for defect in defects:
            found.setdefault(defect[0], (defect[1], defect[2] if len(defect) > 2 else None))
        return cls(
            file,
            line,
            id,
            tuple(found),
            tuple(code for code, _ in found.values()),
            kind=kind,
            fields=tuple(field for _, field in found.values()),
        )


_R = TypeVar("_R", Actor, Event)


@attrs.frozen
class Loaded(Generic[_R]):
    """What a lenient read gives: the records used, the rows rejected, and the rows read.

    ``rows`` is the rows used plus the rows rejected, always: nothing is dropped
    silently. An office of several rows (its tenures) counts them all.
    """

    records: tuple[_R, ...]
    rejected: tuple[RejectedRow, ...] = ()
    rows: int = attrs.field(
        default=attrs.Factory(lambda self: self.used_rows + len(self.rejected), takes_self=True)
    )

    @property
    def used_rows(self) -> int:
        """The rows the records were read from."""
        return sum(len(getattr(record, "tenures", ())) or 1 for record in self.records)

    def __attrs_post_init__(self) -> None:
        if self.rows != self.used_rows + len(self.rejected):
            raise ValueError(
                f"{self.rows} rows read, but {self.used_rows} used and "
                f"{len(self.rejected)} rejected"
            )
