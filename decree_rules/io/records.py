"""Input records: offices (actors) and the things they did (events).

Loaded by :mod:`decree_rules.io.inputs`; consumed by :mod:`decree_rules.engine.evaluate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import attrs

from decree_rules.core.periods import Period
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import DEFAULT_TZ, Action, Level, Role

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
