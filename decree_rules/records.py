"""Input records: offices (actors) and the things they did (events).

Loaded by :mod:`decree_rules.inputs`; consumed by :mod:`decree_rules.evaluation`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import attrs

from decree_rules.errors import Location
from decree_rules.vocabulary import DEFAULT_TZ, Action, Level, Role

_NOWHERE = Location("<memory>")

_PERIOD = re.compile(r"^([0-9]{4})(?:-Q([1-4]))?$")


@attrs.frozen(order=True)
class Period:
    """A calendar year (``quarter`` is None) or one quarter of it."""

    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2024`` or ``2024-Q1``; raise ValueError otherwise."""
        match = _PERIOD.match(text)
        if match is None:
            raise ValueError(f"expected a period like '2024' or '2024-Q1', found {text!r}")
        quarter = match.group(2)
        return cls(int(match.group(1)), int(quarter) if quarter else None)

    def __str__(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"


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
    """One thing an office did, as logged."""

    id: str
    actor: str
    action: Action
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
