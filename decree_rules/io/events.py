"""Reading the event log (contract section 2): one row per thing that happened.

Every defect is collected and reported at once. Read leniently, a row with a defect is
rejected, and so is every event of a rejected office and every follow-up (``ref``) of a
rejected event. Most rows are plain: :func:`plain_event` builds their events without the
bookkeeping of messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Final, TypeVar

from decree_rules.core.periods import Period
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import (
    DEFAULT_TZ,
    DEPUTY_PREFIX,
    Action,
    Channel,
    ParticipantTag,
    Recipient,
    values,
)
from decree_rules.io.checker import Checker
from decree_rules.io.fields import (
    DATE,
    DATETIME,
    MISSING,
    NOT_IN_CODES,
    YEARS,
    instant,
    local_day,
    no_such_date,
    shared_zone,
    shown_moment,
    zone_of,
)
from decree_rules.io.formats import Format, JsonObject, Record, Shape, detect, split
from decree_rules.io.records import Actor, Event, Loaded, Moment
from decree_rules.io.sources import describe, quote, read_file, strip_bom

__all__ = ["EVENT_FIELDS", "load_events", "parse_events", "read_events"]

_E = TypeVar("_E", Channel, Recipient)

EVENT_FIELDS: Final = frozenset(  # other fields of an event go to Event.extra
    {
        "id",
        "actor",
        "action",
        "time",
        "end",
        "ref",
        "period",
        "channels",
        "to",
        "participants",
        "videoconference",
    }
)

LINK_FIELDS: Final = ("id", "ref")
_NO_EXTRA: Final[Mapping[str, Any]] = MappingProxyType({})


_EVENT_EXAMPLE = (
    '{"id": "e1", "actor": "akim.almaty-region", "action": "reporting_meeting", '
    '"time": "2024-02-15"}'
)
_EVENT_CSV_HEADER = "id,actor,action,time,end,ref,period,channels,to,participants,videoconference"
EVENT_SHAPE: Final = Shape(("id", "actor", "action", "time"), _EVENT_EXAMPLE, _EVENT_CSV_HEADER)


def read_events(
    path: str | os.PathLike[str],
    actors: Loaded[Actor] | Mapping[str, Actor],
    *,
    lenient: bool,
) -> Loaded[Event]:
    """Read the event log at ``path``; ``actors`` is the registry as read.

    Given the :class:`Loaded` registry, an event of an office whose registry row was
    rejected is rejected with that reason. Strict reading raises for any defect.
    """
    name, text = read_file(path)
    if isinstance(actors, Loaded):
        known = {actor.id: actor for actor in actors.records}
        gone = frozenset(row.id for row in actors.rejected if row.id is not None)
    else:
        known, gone = dict(actors), frozenset()
    return read_event_text(
        text, known, filename=name, fmt=None, lenient=lenient, rejected_actors=gone
    )


def load_events(path: str | os.PathLike[str], actors: Mapping[str, Actor]) -> tuple[Event, ...]:
    """Read the event log at ``path``; ``actors`` maps actor ids to the registry."""
    return read_events(path, actors, lenient=False).records


def parse_events(
    text: str, actors: Mapping[str, Actor], *, filename: str, fmt: Format | str | None = None
) -> tuple[Event, ...]:
    """Read an event log from ``text``; an empty log is valid and has no events.

    ``fmt`` is a :class:`~decree_rules.io.formats.Format` (or its value), or None to
    detect it from the file name and the first character.

    ``actors`` maps actor ids to the registry entries events must name. Raises
    :class:`InputError` or an ``ErrorGroup`` with every defect found.
    """
    return read_event_text(text, actors, filename=filename, fmt=fmt, lenient=False).records


def read_event_text(
    text: str,
    actors: Mapping[str, Actor],
    *,
    filename: str,
    fmt: Format | str | None,
    lenient: bool,
    rejected_actors: frozenset[str] = frozenset(),
) -> Loaded[Event]:
    """The log in ``text``, read strictly or leniently; ``actors`` is the registry."""
    text = strip_bom(text)
    found = detect(filename, fmt, text)
    if not text.strip():
        return Loaded(())
    raw = split(text, filename, found, EVENT_SHAPE, lenient=lenient)
    checker = EventChecker(filename, found, raw.missing_columns, rejected_actors)
    checker.add(raw.errors)
    checker.add_broken(raw.broken)
    events = []
    for record in raw.records:
        event = checker.event(record, actors)
        if event is not None:
            # Only the id and the ref are looked at again: a long log keeps less in memory.
            record.values = {key: record.values[key] for key in LINK_FIELDS if key in record.values}
        events.append(event)
    checker.event_links(raw.records, complete=raw.complete)
    if not lenient or raw.errors:
        checker.raise_if_any()
        return Loaded(tuple(event for event in events if event is not None))
    alive = checker.usable(raw.records, events)
    checker.cascade(alive, lambda event: event.ref, "ref", unknown_ref_message)
    return checker.loaded(raw, alive, "event")


def unknown_ref_message(ref: str, rejected: bool) -> str:
    why = "its row was rejected" if rejected else "no readable row of this file has that id"
    return f"refers to unknown event {quote(ref)} ({why})"


class EventChecker(Checker):
    """The checks of event records: each record, then duplicate ids and refs."""

    def event(self, record: Record, actors: Mapping[str, Actor]) -> Event | None:
        if self.format is not Format.CSV:
            fast = plain_event(record, actors, self.filename)
            if fast is not None:
                return fast
        start = len(self.errors)
        self.duplicates(record)
        ident = self.string(record, "id", "e1", required=True)
        actor_id = self.string(record, "actor", "akim.almaty-region", required=True)
        if actor_id is not None and actor_id not in actors and actor_id in self.rejected_actors:
            self.error(
                record, "actor", f"unknown actor {quote(actor_id)} (its registry row was rejected)"
            )
        elif actor_id is not None and actor_id not in actors:
            self.error(
                record,
                "actor",
                f"unknown actor {quote(actor_id)} (not in the actor registry)",
                hint=self.did_you_mean(
                    actor_id,
                    "actor",
                    actors,
                    "the actor must be an id from the actor registry"
                    + (f", {self.example('actor', next(iter(actors)))}" if actors else ""),
                ),
            )
        action = self.choice(record, "action", Action, "action", "reporting_meeting", required=True)
        time = self.moment(record, "time", required=True)
        end = self.moment(record, "end", required=False)
        if time is not None and end is not None:
            known = actors.get(actor_id) if actor_id is not None else None
            zone = zone_of(known.tz if known is not None else DEFAULT_TZ)
            if isinstance(time, datetime) and isinstance(end, datetime):
                before = instant(end, zone) < instant(time, zone)
            else:
                before = local_day(end, zone) < local_day(time, zone)
            if before:
                self.error(
                    record,
                    "end",
                    f"the event ends before it starts: end {shown_moment(end, zone)} is before "
                    f"time {shown_moment(time, zone)}",
                    hint="'time' is when it began and 'end' when it ended, "
                    + self.example("end", "2024-02-16"),
                )
        ref = self.string(record, "ref", "e1")
        period = self.period(record)
        channels = self.listed(
            record, "channels", Channel, "channel", ["website", "regional_press"]
        )
        to = self.listed(record, "to", Recipient, "recipient", ["presidential_administration"])
        participants = self.participants(record, actors)
        videoconference = self.flag(record, "videoconference")
        if len(self.errors) > start or ident is None or actor_id is None:
            return None
        if action is None or time is None:
            return None
        return Event(
            id=ident,
            actor=actor_id,
            action=action,
            time=time,
            end=end,
            ref=ref,
            period=period,
            channels=channels,
            to=to,
            participants=participants,
            videoconference=bool(videoconference),
            extra=_extra_fields(record.values),
            location=Location(self.filename, record.line),
        )

    def period(self, record: Record) -> Period | None:
        value = self.raw(record, "period", ["2024-Q1"], required=False)
        if value is MISSING:
            return None

        def hint() -> str:
            return self.example("period", "2024", "2024-Q1")

        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(
                record,
                "period",
                f"expected a period like 2024 or 2024-Q1, found {describe(value)}",
                hint=hint(),
            )
            return None
        try:
            return Period.parse(value.strip() if self.format is Format.CSV else value)
        except ValueError:
            self.error(
                record,
                "period",
                f"expected a period like 2024 or 2024-Q1, found {quote(value)}",
                hint=hint(),
            )
            return None

    def listed(
        self, record: Record, field: str, kind: type[_E], noun: str, example: list[str]
    ) -> tuple[str, ...]:
        entries = self.items(record, field, example)
        if entries is None:
            return ()
        good: list[str] = []
        for entry in entries:
            member = self.member(record, field, entry, kind, noun, example, item=True)
            if member is not None:
                good.append(str(member.value))
        return tuple(good)

    def participants(self, record: Record, actors: Mapping[str, Actor]) -> tuple[str, ...]:
        example = ["public_council", f"{DEPUTY_PREFIX}akim.almaty-region"]
        entries = self.items(record, "participants", example)
        if entries is None:
            return ()
        tags = values(ParticipantTag)
        good: list[str] = []
        for entry in entries:
            if entry in actors or entry in tags:
                good.append(entry)
                continue
            whose = entry[len(DEPUTY_PREFIX) :] if entry.startswith(DEPUTY_PREFIX) else entry
            if whose in self.rejected_actors:
                self.error(
                    record,
                    "participants",
                    f"unknown participant {quote(entry)}: the registry row of {quote(whose)} "
                    "was rejected",
                    item=entry,
                )
                continue
            if entry.startswith(DEPUTY_PREFIX):
                if whose in actors:
                    good.append(entry)
                    continue
                self.error(
                    record,
                    "participants",
                    f"unknown participant {quote(entry)}: {quote(whose)} is not in the "
                    "actor registry",
                    hint=self.did_you_mean(
                        entry,
                        "deputy",
                        (DEPUTY_PREFIX + ident for ident in actors),
                        f"write {DEPUTY_PREFIX}<actor id> with an id from the actor registry",
                    ),
                    item=entry,
                )
                continue
            self.error(
                record,
                "participants",
                f"unknown participant {quote(entry)}: expected an actor id from the "
                f"registry, {DEPUTY_PREFIX}<actor id>, or one of: {', '.join(tags)}",
                hint=self.did_you_mean(
                    entry, "participant", [*tags, *actors], self.example("participants", example)
                ),
                item=entry,
            )
        return tuple(good)

    def event_links(self, records: Sequence[Record], *, complete: bool) -> None:
        """Duplicate ids, and refs that must name another event of the file.

        When a syntax error stopped the reading (``complete`` is false), a referenced event
        that was not seen may be in the unread part, so it is not reported.
        """
        first: dict[str, int] = {}
        for record in records:
            ident = record.values.get("id")
            if not isinstance(ident, str) or not ident.strip():
                continue
            if ident in first:
                self.duplicate_id(record, ident, first[ident])
            else:
                first[ident] = record.line
        for record in records:
            ref = record.values.get("ref")
            ident = record.values.get("id")
            if not isinstance(ref, str) or not ref.strip():
                continue
            if ref == ident:
                self.self_reference(record)
            elif ref not in first and complete:
                self.unknown_ref(record, ref, first)

    def duplicate_id(self, record: Record, ident: str, first_line: int) -> None:
        self.error(
            record,
            "id",
            f"duplicate id {quote(ident)}: already used on line {first_line}",
            hint="every event needs its own id, e.g. e1, e2, e3",
        )

    def self_reference(self, record: Record) -> None:
        self.error(
            record,
            "ref",
            "an event cannot refer to itself",
            hint="'ref' names the earlier event this one follows up, " + self.example("ref", "e1"),
        )

    def unknown_ref(self, record: Record, ref: str, ids: Iterable[str] | None) -> None:
        """A ref to no event of the file; ``ids`` for a "did you mean" (None: no hint)."""
        self.error(
            record,
            "ref",
            f"refers to unknown event {quote(ref)} (no event in this file has that id)",
            hint=None
            if ids is None
            else self.did_you_mean(
                ref, "event", ids, "'ref' must be the id of another event in this file"
            ),
        )


_ACTION_VALUES: Final = {action.value: action for action in Action}
_CHANNEL_VALUES: Final = frozenset(channel.value for channel in Channel)
_RECIPIENT_VALUES: Final = frozenset(recipient.value for recipient in Recipient)
_PARTICIPANT_TAGS: Final = frozenset(tag.value for tag in ParticipantTag)


def _extra_fields(values: Mapping[str, object]) -> Mapping[str, Any]:
    """The fields of an event record that are not the contract's, for ``Event.extra``."""
    extra = {key: value for key, value in values.items() if key not in EVENT_FIELDS}
    return extra or _NO_EXTRA  # shared: most events have no extra fields


def _absent(value: object) -> bool:
    """What the checks treat as not given: no key, null, or blank text."""
    return value is None or (isinstance(value, str) and not value.strip())


def _plain_moment(value: object) -> Moment | None:
    if not isinstance(value, str):
        return None
    if DATE.fullmatch(value):
        if no_such_date(value) is not None:
            return None
        day = date.fromisoformat(value)
        return day if YEARS[0] <= day.year <= YEARS[1] else None
    if DATETIME.fullmatch(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return shared_zone(moment) if YEARS[0] <= moment.year <= YEARS[1] else None
    return None


def _plain_code(value: object) -> str | None:
    if isinstance(value, str) and value.strip() and NOT_IN_CODES.search(value) is None:
        return value
    return None


def _plain_list(value: object, allowed: Callable[[str], bool]) -> tuple[str, ...] | None:
    if _absent(value):
        return ()
    if not isinstance(value, list):
        return None
    for entry in value:
        if _plain_code(entry) is None or not allowed(entry):
            return None
    return tuple(value)


def plain_event(record: Record, actors: Mapping[str, Actor], filename: str) -> Event | None:
    """The event of a JSON record with nothing unusual in it, or None.

    A fast path for the common case: it accepts only what the full checks accept, builds
    the same Event, and leaves everything else (and every message) to them.
    ``tests/test_inputs_fast.py`` checks that on generated records.
    """
    values = record.values
    if isinstance(values, JsonObject) and values.duplicates:
        return None
    ident = _plain_code(values.get("id"))
    actor_id = _plain_code(values.get("actor"))
    raw_action = values.get("action")
    action = _ACTION_VALUES.get(raw_action) if isinstance(raw_action, str) else None
    time = _plain_moment(values.get("time"))
    if ident is None or actor_id is None or action is None or time is None:
        return None
    actor = actors.get(actor_id)
    if actor is None:
        return None
    end: Moment | None = None
    raw_end = values.get("end")
    if not _absent(raw_end):
        end = _plain_moment(raw_end)
        if end is None:
            return None
        zone = zone_of(actor.tz)
        if isinstance(time, datetime) and isinstance(end, datetime):
            if instant(end, zone) < instant(time, zone):
                return None
        elif local_day(end, zone) < local_day(time, zone):
            return None
    ref: str | None = None
    raw_ref = values.get("ref")
    if not _absent(raw_ref):
        ref = _plain_code(raw_ref)
        if ref is None:
            return None
    period: Period | None = None
    raw_period = values.get("period")
    if not _absent(raw_period):
        if isinstance(raw_period, int) and not isinstance(raw_period, bool):
            raw_period = str(raw_period)
        if not isinstance(raw_period, str):
            return None
        try:
            period = Period.parse(raw_period)
        except ValueError:
            return None
    channels = _plain_list(values.get("channels"), _CHANNEL_VALUES.__contains__)
    to = _plain_list(values.get("to"), _RECIPIENT_VALUES.__contains__)
    participants = _plain_list(
        values.get("participants"),
        lambda entry: (
            entry in actors
            or entry in _PARTICIPANT_TAGS
            or (entry.startswith(DEPUTY_PREFIX) and entry[len(DEPUTY_PREFIX) :] in actors)
        ),
    )
    if channels is None or to is None or participants is None:
        return None
    video = values.get("videoconference")
    if not _absent(video) and not isinstance(video, bool):
        return None
    return Event(
        id=ident,
        actor=actor_id,
        action=action,
        time=time,
        end=end,
        ref=ref,
        period=period,
        channels=channels,
        to=to,
        participants=participants,
        videoconference=video is True,
        extra=_extra_fields(values),
        location=Location(filename, record.line),
    )
