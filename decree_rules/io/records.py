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

__all__ = ["Actor", "Event", "Loaded", "Moment", "RejectedRow"]

_NOWHERE = Location("<memory>")

Moment = date | datetime
"""A date (already a local day) or a date-time (aware, or naive = local to the actor)."""


@attrs.frozen
class Actor:
    """One office (not a person) from the registry."""

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

    def exists_on(self, day: date) -> bool:
        """Whether the office exists on ``day`` (both ends inclusive)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until


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
