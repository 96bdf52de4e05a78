"""Reading the event log (contract section 2): one row per thing that happened.

Every defect is collected and reported at once. Read leniently, a row with a defect is
rejected, and so is every event of a rejected office and every follow-up (``ref``) of a
rejected event. Most rows are plain: :func:`~decree_rules.io.events.plain_event` builds
their events without the bookkeeping of messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs

from decree_rules.core.ids import same_form
from decree_rules.core.periods import Period
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import DEFAULT_TZ, Vocabulary
from decree_rules.io import fields
from decree_rules.io.checker import (
    Checker,
    cascade_all,
    duplicate_id,
    not_json_fields,
    repeated_keys,
)
from decree_rules.io.fields import (
    MISSING,
    Example,
    Lexicon,
    Problem,
    Suggest,
    blank,
    entries,
    flag,
    ident,
    in_order,
    known_actor,
    lexicon,
    moment,
    padded,
    zone_of,
)
from decree_rules.io.formats import Format, Raw, Record, Shape, detect, split
from decree_rules.io.records import Actor, Event, Loaded, Moment
from decree_rules.io.sources import quote, read_file, strip_bom
from decree_rules.lang.load import shipped_vocabulary

__all__ = [
    "EVENT_FIELDS",
    "check_event_records",
    "load_events",
    "parse_events",
    "plain_event",
    "read_events",
]


EVENT_FIELDS: Final = frozenset(  # other fields of an event go to Event.extra
    {
        "id",
        "actor",
        "action",
        "time",
        "end",
        "ref",
        "refs",
        "period",
        "channels",
        "to",
        "participants",
        "videoconference",
    }
)

LINK_FIELDS: Final = ("id", "ref", "refs")
_NO_EXTRA: Final[Mapping[str, Any]] = MappingProxyType({})


_EVENT_EXAMPLE = (
    '{"id": "e1", "actor": "akim.almaty-region", "action": "reporting_meeting", '
    '"time": "2024-02-15"}'
)
_EVENT_CSV_HEADER = "id,actor,action,time,end,ref,period,channels,to,participants,videoconference"
EVENT_SHAPE: Final = Shape(
    ("id", "actor", "action", "time"),
    _EVENT_EXAMPLE,
    _EVENT_CSV_HEADER,
    frozenset({"id", "actor", "ref"}),
)


def read_events(
    path: str | os.PathLike[str],
    actors: Loaded[Actor] | Mapping[str, Actor],
    *,
    lenient: bool,
    vocabulary: Vocabulary | None = None,
) -> Loaded[Event]:
    """Read the event log at ``path``; ``actors`` is the registry as read.

    Given the :class:`~decree_rules.io.records.Loaded` registry, an event of an office whose
    registry row was rejected is rejected with that reason. Strict reading raises for any
    defect. Actions, channels, recipients and participant tags are checked against
    ``vocabulary``, the words the rules in use declare (``decree.vocabulary``; default:
    those of the shipped rules).
    """
    name, text = read_file(path)
    if isinstance(actors, Loaded):
        known = {actor.id: actor for actor in actors.records}
        gone = rejected_ids(actors)
    else:
        known, gone = dict(actors), frozenset()
    return read_event_text(
        text,
        known,
        filename=name,
        fmt=None,
        lenient=lenient,
        rejected_actors=gone,
        vocabulary=vocabulary,
    )


def rejected_ids(actors: Loaded[Actor]) -> frozenset[str]:
    """The ids of the registry rows a lenient read rejected, as events name them (NFC;
    without the spaces that got a row rejected, so its events say why)."""
    ids = [same_form(row.id) for row in actors.rejected if row.id is not None]
    return frozenset([*ids, *(ident.strip() for ident in ids)])


def load_events(
    path: str | os.PathLike[str],
    actors: Mapping[str, Actor],
    *,
    vocabulary: Vocabulary | None = None,
) -> tuple[Event, ...]:
    """Read the event log at ``path``; ``actors`` maps actor ids to the registry.

    ``vocabulary``: the words the rules in use declare (default: the shipped rules').
    """
    return read_events(path, actors, lenient=False, vocabulary=vocabulary).records


def parse_events(
    text: str,
    actors: Mapping[str, Actor],
    *,
    filename: str,
    fmt: Format | str | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[Event, ...]:
    """Read an event log from ``text``; an empty log is valid and has no events.

    ``actors`` maps actor ids to the registry entries events must name. ``fmt`` is a
    :class:`~decree_rules.io.formats.Format` (or its value), or None to detect it from the
    file name and the first character. ``vocabulary``: the words the rules in use declare
    (default: the shipped rules'). Raises :class:`~decree_rules.core.diagnostics.InputError`
    or an ``ErrorGroup`` with every defect found.
    """
    return read_event_text(
        text, actors, filename=filename, fmt=fmt, lenient=False, vocabulary=vocabulary
    ).records


def read_event_text(
    text: str,
    actors: Mapping[str, Actor],
    *,
    filename: str,
    fmt: Format | str | None,
    lenient: bool,
    rejected_actors: frozenset[str] = frozenset(),
    vocabulary: Vocabulary | None = None,
) -> Loaded[Event]:
    """The log in ``text``, read strictly or leniently; ``actors`` is the registry."""
    text = strip_bom(text)
    found = detect(filename, fmt, text)
    if not text.strip():
        return Loaded(())
    raw = split(text, filename, found, EVENT_SHAPE, lenient=lenient)
    return check_event_records(
        raw,
        actors,
        filename=filename,
        fmt=found,
        lenient=lenient,
        rejected_actors=rejected_actors,
        vocabulary=vocabulary,
    )


def check_event_records(
    raw: Raw,
    actors: Mapping[str, Actor],
    *,
    filename: str,
    fmt: Format,
    lenient: bool,
    rejected_actors: frozenset[str] = frozenset(),
    vocabulary: Vocabulary | None = None,
    unit: str = "line",
) -> Loaded[Event]:
    """The events of records split already (from a file, or rows in memory), checked;
    ``unit`` is what the records' numbers count (``row`` for rows in memory)."""
    checker = EventChecker(
        filename, fmt, raw.missing_columns, rejected_actors, vocabulary=vocabulary, unit=unit
    )
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
    checker.reject_followups(alive)
    return checker.loaded(raw, alive, "event")


def dangling_ref(ref: str, rejected: bool, entry: int | None = None) -> Problem:
    """The problem of a follow-up of an event that was rejected, or never read; ``entry``
    is the 1-based place of ``ref`` in the row's ``refs`` (None: the row's ``ref``)."""
    why = "its row was rejected" if rejected else "no readable row of this file has that id"
    return Problem(
        "DR-I043",
        f"{_entry_words(entry)}refers to unknown event {quote(ref)} ({why})",
        args=_ref_args(ref, entry),
        item=None if entry is None else ref,
    )


def _entry_words(entry: int | None) -> str:
    return "" if entry is None else f"entry {entry} "


def _ref_args(ref: str, entry: int | None) -> dict[str, object]:
    return {"ref": ref} if entry is None else {"ref": ref, "entry": entry}


REFS_EXAMPLE: Final = ["e1", "e2"]


def named_links(values: Mapping[str, object]) -> list[tuple[str, int | None]]:
    """The events a row names, as links compare them (:func:`link`): (id, None) for its
    ``ref``, (id, place) for each entry of its ``refs`` (1-based, as its checks count
    them); entries that are no usable id are left to those checks."""
    found: list[tuple[str, int | None]] = []
    ref = link(values.get("ref"))
    if ref is not None:
        found.append((ref, None))
    raw = values.get("refs")
    if isinstance(raw, str):  # a CSV cell
        raw = [part.strip() for part in raw.split(";") if part.strip()]
    if isinstance(raw, list):
        for place, entry in enumerate(raw, 1):
            named = link(entry)
            if named is not None:
                found.append((named, place))
    return found


def refs_of(value: object, *, csv: bool) -> tuple[tuple[str, ...], list[Problem]]:
    """``refs``: the ids of the events a row follows up (a JSON array of strings, or in CSV
    a cell of ';'-separated ids), each a usable id, none twice; and the problems found."""
    found = entries(value, REFS_EXAMPLE, csv=csv)
    if isinstance(found, Problem):
        return (), [found]
    problems: list[Problem] = []
    good: dict[str, int] = {}
    for place, entry in enumerate(found, 1):
        if isinstance(entry, Problem):
            problems.append(entry)
            continue
        named = ident(entry, "e1")
        if isinstance(named, Problem) and entry.strip() != entry:
            problems.append(padded(entry, [entry.strip()], item=True))
        elif isinstance(named, Problem):
            problems.append(attrs.evolve(named, item=entry))
        elif named in good:
            problems.append(
                Problem(
                    "DR-I084",
                    f"entry {place} names {quote(named)} again (entry {good[named]} names it "
                    "already)",
                    "name each event once; it is followed up once however often it is named",
                    {"ref": named, "entry": place, "first": good[named]},
                    entry,
                )
            )
        else:
            good[named] = place
    return tuple(good), problems


BOTH_REFS: Final = Problem(
    "DR-I083",
    "both 'ref' and 'refs' given: it is not clear which events this one follows up",
    Example(
        (REFS_EXAMPLE,),
        "give 'ref' for one event, or 'refs' alone with every id (the id of 'ref' among them), ",
    ),
)


_ACTOR_EXAMPLE: Final = "akim.almaty-region"


class EventChecker(Checker):
    """The checks of event records: each record, then duplicate ids and refs.

    Actions, channels, recipients and participant tags are checked against
    ``vocabulary`` (default: the words of the shipped rules).
    """

    def __init__(
        self,
        filename: str,
        fmt: Format,
        quiet: frozenset[str],
        rejected_actors: frozenset[str] = frozenset(),
        *,
        vocabulary: Vocabulary | None = None,
        unit: str = "line",
    ) -> None:
        super().__init__(filename, fmt, quiet, rejected_actors, unit=unit)
        self.words = lexicon(vocabulary if vocabulary is not None else shipped_vocabulary())

    def event(self, record: Record, actors: Mapping[str, Actor]) -> Event | None:
        """The record's event, or None with every problem reported."""
        if self.format is not Format.CSV:
            fast = _plain_event(record, actors, self.filename, self.rejected_actors, self.words)
            if fast is not None:
                return fast
        return self.checked_event(record, actors)

    def checked_event(self, record: Record, actors: Mapping[str, Actor]) -> Event | None:
        """:meth:`event` without the fast path: every field is checked and reported."""
        start = len(self.errors)
        self.duplicates(record)
        ident = self.ident(record, "id", "e1", required=True)
        actor_id = self.ident(record, "actor", _ACTOR_EXAMPLE, required=True)
        actor = None
        if actor_id is not None:
            found = known_actor(actor_id, actors, self.rejected_actors, _ACTOR_EXAMPLE)
            actor = self.take(record, "actor", found)
        words = self.words
        action = self.action(record)
        time = self.moment(record, "time", required=True)
        end = self.moment(record, "end", required=False)
        if time is not None and end is not None:
            problem = in_order(time, end, zone_of(actor.tz if actor is not None else DEFAULT_TZ))
            if problem is not None:
                self.report(record, "end", problem)
        ref = self.ident(record, "ref", "e1")
        refs = self.refs(record)
        period = self.period(record)
        channels = self.listed(record, "channels", words.channel_examples, words.channel)
        to = self.listed(record, "to", words.recipient_examples, words.recipient)
        participants = self.listed(
            record,
            "participants",
            words.participant_examples,
            lambda entry: words.participant(entry, actors, self.rejected_actors),
        )
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
            refs=refs,
            period=period,
            channels=channels,
            to=to,
            participants=participants,
            videoconference=bool(videoconference),
            extra=_extra_fields(record.values),
            location=Location(self.filename, record.line),
        )

    def action(self, record: Record) -> str | None:
        """The event's ``action``: one the rules declare."""
        example = self.words.action_example
        value = self.raw(record, "action", (example,), required=True)
        return None if value is MISSING else self.take(record, "action", self.words.action(value))

    def refs(self, record: Record) -> tuple[str, ...]:
        """The event's ``refs`` (:func:`refs_of`); refused next to a ``ref``."""
        value = self.raw(record, "refs", (REFS_EXAMPLE,), required=False)
        if value is MISSING:
            return ()
        found, problems = refs_of(value, csv=self.format is Format.CSV)
        for problem in problems:
            self.report(record, "refs", problem)
        if not blank(record.values.get("ref")):
            self.report(record, "refs", BOTH_REFS)
        return found

    def period(self, record: Record) -> Period | None:
        value = self.raw(record, "period", ("2024-Q1",), required=False)
        return None if value is MISSING else self.take(record, "period", fields.period(value))

    def event_links(self, records: Sequence[Record], *, complete: bool) -> None:
        """Duplicate ids, and refs that must name another event of the file.

        When a syntax error stopped the reading (``complete`` is false), a referenced event
        that was not seen may be in the unread part, so it is not reported.
        """
        first: dict[str, int] = {}
        for record in records:
            ident = link(record.values.get("id"))
            if ident is None:
                continue
            if ident in first:
                self.duplicate_id(record, ident, first[ident])
            else:
                first[ident] = record.line
        for record in records:
            own = link(record.values.get("id"))
            links = named_links(record.values)
            # A row's references to itself first: the piecewise reading finds them at once,
            # the unknown ones only at the end, and reports them in the same order.
            for ref, entry in links:
                if ref == own:
                    self.self_reference(record, entry)
            for ref, entry in links:
                if ref != own and ref not in first and complete:
                    self.unknown_ref(record, ref, first, entry)

    def reject_followups(self, alive: dict[str, tuple[Record, Event]]) -> None:
        """Reject, in ``alive``, every event that follows up (``ref``, ``refs``) one that is
        not in it, and so on down."""
        gone = self.rejected_ids()
        links = {name: event.follows for name, (_, event) in alive.items() if event.follows}
        found = list(cascade_all(links, lambda target: target not in alive))
        gone.update(name for name, _ in found)
        for name, target in found:
            record, event = alive.pop(name)
            entry = event.refs.index(target) + 1 if event.refs else None
            field = "ref" if entry is None else "refs"
            self.report(record, field, dangling_ref(target, target in gone, entry))

    def duplicate_id(self, record: Record, ident: str, first_line: int) -> None:
        """Report ``record``'s id (``ident``, in NFC) as used on ``first_line`` already."""
        hint = "every event needs its own id, e.g. e1, e2, e3"
        written = record.values.get("id")
        problem = duplicate_id(ident, first_line, hint, written=written, unit=self.unit)
        self.report(record, "id", problem)

    def self_reference(self, record: Record, entry: int | None = None) -> None:
        """A ``ref`` (``entry`` None) or an entry of ``refs`` that names the row itself."""
        if entry is None:
            lead = "'ref' names the earlier event this one follows up, "
            problem = Problem("DR-I042", "an event cannot refer to itself", Example(("e1",), lead))
            self.report(record, "ref", problem)
            return
        own = link(record.values.get("id"))
        lead = "'refs' names the earlier events this one follows up, "
        problem = Problem(
            "DR-I042",
            f"entry {entry}: an event cannot refer to itself",
            Example((REFS_EXAMPLE,), lead),
            {"entry": entry},
            own,
        )
        self.report(record, "refs", problem)

    def unknown_ref(
        self, record: Record, ref: str, ids: Iterable[str] | None, entry: int | None = None
    ) -> None:
        """A ref to no event of the file; ``ids`` for a "did you mean" (None: no hint);
        ``entry`` the place of ``ref`` in the row's ``refs`` (None: it is the ``ref``)."""
        field = "ref" if entry is None else "refs"
        otherwise = (
            "'ref' must be the id of another event in this file"
            if entry is None
            else "each entry of 'refs' must be the id of another event in this file"
        )
        self.report(
            record,
            field,
            Problem(
                "DR-I043",
                f"{_entry_words(entry)}refers to unknown event {quote(ref)} "
                "(no event in this file has that id)",
                None if ids is None else Suggest(ref, "event", ids, otherwise),
                _ref_args(ref, entry),
                None if entry is None else ref,
            ),
        )


def link(value: object) -> str | None:
    """An ``id`` or ``ref`` as links between rows compare it (in NFC), or None when it is
    no usable id (blank, or with a space at an end: its own check reports why)."""
    if not isinstance(value, str) or not value.strip():
        return None
    if value[0].isspace() or value[-1].isspace():
        return None
    return same_form(value)


def _extra_fields(values: Mapping[str, object]) -> Mapping[str, Any]:
    """The fields of an event record that are not the contract's, for ``Event.extra``."""
    if values.keys() <= EVENT_FIELDS:
        return _NO_EXTRA  # shared: most events have no extra fields
    return {key: value for key, value in values.items() if key not in EVENT_FIELDS}


def plain_event(
    record: Record,
    actors: Mapping[str, Actor],
    filename: str,
    rejected_actors: Iterable[str] = frozenset(),
    *,
    vocabulary: Vocabulary | None = None,
) -> Event | None:
    """The event of a JSON record with no problem, or None.

    The fast path for the common case: the same field checks as
    ``EventChecker.checked_event``, without the reporting, so it accepts only what
    they accept and builds the same Event; a record with any problem is left to them.
    ``tests/test_inputs_fast.py`` checks that on generated records. ``vocabulary``: the
    words the rules in use declare (default: the shipped rules').
    """
    words = lexicon(vocabulary if vocabulary is not None else shipped_vocabulary())
    return _plain_event(record, actors, filename, rejected_actors, words)


def _plain_event(
    record: Record,
    actors: Mapping[str, Actor],
    filename: str,
    rejected_actors: Iterable[str],
    words: Lexicon,
) -> Event | None:
    """:func:`~decree_rules.io.events.plain_event` with the words looked up already."""
    values = record.values
    if repeated_keys(values) or not_json_fields(values) or "refs" in values:
        return None  # a row with 'refs' (rare) is left to the checks that report
    ident = fields.ident(values.get("id"), "e1")
    actor_id = fields.ident(values.get("actor"), _ACTOR_EXAMPLE)
    named = values.get("action")
    action = words.actions.get(named) if isinstance(named, str) else None
    time = moment(values.get("time"))
    if (
        isinstance(ident, Problem)
        or isinstance(actor_id, Problem)
        or action is None
        or isinstance(time, Problem)
    ):
        return None
    actor = known_actor(actor_id, actors, rejected_actors, _ACTOR_EXAMPLE)
    if isinstance(actor, Problem):
        return None
    # Most rows have none of the optional scalar fields: nothing to look at then.
    options = (
        _NO_OPTIONS
        if values.keys().isdisjoint(_OPTIONS)
        else _plain_options(values, time, actor.tz)
    )
    if options is None:
        return None
    channels = _plain_list(values.get("channels"), words.channel_examples, words.channel)
    to = _plain_list(values.get("to"), words.recipient_examples, words.recipient)
    participants = _plain_list(
        values.get("participants"),
        words.participant_examples,
        lambda entry: words.participant(entry, actors, rejected_actors),
    )
    if channels is None or to is None or participants is None:
        return None
    end, ref, period, video = options
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
        videoconference=video,
        extra=_extra_fields(values),
        location=Location(filename, record.line),
    )


_OPTIONS: Final = frozenset({"end", "ref", "period", "videoconference"})
_NO_OPTIONS: Final = (None, None, None, False)


def _plain_options(
    values: Mapping[str, object], time: Moment, tz: str
) -> tuple[Moment | None, str | None, Period | None, bool] | None:
    """``end``, ``ref``, ``period`` and ``videoconference`` when none has a problem, else None.

    Each as ``EventChecker.checked_event`` takes it: a blank field is left out.
    """
    end: Moment | None = None
    raw = values.get("end")
    if not blank(raw):
        given = moment(raw)
        if isinstance(given, Problem) or in_order(time, given, zone_of(tz)) is not None:
            return None
        end = given
    ref: str | None = None
    raw = values.get("ref")
    if not blank(raw):
        named = ident(raw, "e1")
        if isinstance(named, Problem):
            return None
        ref = named
    period: Period | None = None
    raw = values.get("period")
    if not blank(raw):
        covered = fields.period(raw)
        if isinstance(covered, Problem):
            return None
        period = covered
    video = False
    raw = values.get("videoconference")
    if not blank(raw):
        linked = flag(raw, csv=False)
        if isinstance(linked, Problem):
            return None
        video = linked
    return end, ref, period, video


def _plain_list(
    value: object, example: list[str], check: Callable[[str], str | Problem]
) -> tuple[str, ...] | None:
    """A list field with no problem, as :meth:`Checker.listed` gives it, else None."""
    if blank(value):
        return ()
    found = entries(value, example, csv=False)
    if isinstance(found, Problem):
        return None
    checked: list[str] = []
    for entry in found:
        if isinstance(entry, Problem):
            return None
        taken = check(entry)
        if isinstance(taken, Problem):
            return None
        checked.append(taken)
    return tuple(checked)
