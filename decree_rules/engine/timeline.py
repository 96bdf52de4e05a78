"""Events placed in time: each event's local days in its office's zone and its instant.

Resolved once per evaluation; an event that cannot take part (its office is unknown or did
not exist that day, or it is later than the as-of date) is set aside with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

import attrs

from decree_rules.core.facts import Step
from decree_rules.core.ids import tie_key
from decree_rules.engine.steps import AfterAsOf, OfficeAbsent, UnknownActor, When
from decree_rules.io.records import Actor, Event
from decree_rules.time.zones import load_zone, local_day, to_instant


@attrs.frozen
class Resolved:
    """An event with its local days and its instant, resolved once.

    ``order`` is its place in the whole log as read; it decides nothing (events of one
    instant are ordered by their ids, see :func:`in_time_order`).
    """

    event: Event
    actor: Actor
    day: date
    end_day: date
    instant: datetime
    order: int
    # The event's id and action, asked for a million times: attributes, not properties.
    id: str
    action: str

    def when(self) -> When:
        """When it happened, as its office saw it."""
        moment = self.event.time
        clock = None
        if isinstance(moment, datetime):
            local = moment if moment.tzinfo is None else moment.astimezone(load_zone(self.actor.tz))
            # Not %H:%M: strftime costs more than the rest of the sentence.
            clock = f"{local.hour:02d}:{local.minute:02d}"
        end_day = self.end_day if self.end_day != self.day else None
        return When(self.day, self.actor.tz, clock, end_day)


@attrs.frozen
class Timeline:
    """The events that take part, in time order, and those set aside with the reason."""

    events: tuple[Resolved, ...]
    set_aside: Mapping[str, tuple[str, Step]]
    """Event id -> (its office's id, why it takes no part)."""


def resolve(
    events: Iterable[tuple[int, Event]], actors: Mapping[str, Actor], as_of: date
) -> Timeline:
    """Place ``events`` (pairs of place in the log and event) in time, as of ``as_of``."""
    usable: list[Resolved] = []
    aside: dict[str, tuple[str, Step]] = {}
    for order, event in events:
        actor = actors.get(event.actor)
        if actor is None:
            aside[event.id] = (event.actor, UnknownActor(event.actor))
            continue
        day = local_day(event.time, actor.tz)
        end_day = local_day(event.end, actor.tz) if event.end is not None else day
        if day > as_of:
            aside[event.id] = (event.actor, AfterAsOf(event.action, day, as_of))
            continue
        if not actor.exists_on(day):
            why = OfficeAbsent(actor.id, day, actor.valid_from, actor.valid_until)
            aside[event.id] = (event.actor, why)
            continue
        instant = to_instant(event.time, actor.tz)
        resolved = Resolved(
            event, actor, day, max(end_day, day), instant, order, event.id, event.action
        )
        usable.append(resolved)
    return Timeline(in_time_order(usable), aside)


def in_time_order(events: list[Resolved]) -> tuple[Resolved, ...]:
    """``events`` by instant; events of one instant by their ids, as people count them
    (:func:`~decree_rules.core.ids.tie_key`: e2 before e10), never by their place in the
    log: a log in another order gives the same report."""
    events.sort(key=lambda ev: ev.instant)
    instants = [ev.instant for ev in events]
    start = 0
    for index in (i for i in range(1, len(instants)) if instants[i] != instants[i - 1]):
        if index - start > 1:
            events[start:index] = sorted(events[start:index], key=lambda ev: tie_key(ev.id))
        start = index
    if len(events) - start > 1:
        events[start:] = sorted(events[start:], key=lambda ev: tie_key(ev.id))
    return tuple(events)
