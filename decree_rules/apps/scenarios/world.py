"""A scenario's offices and events as registry and log records, checked like a file's.

Each office and event line becomes one record for the same checks as a registry or an
event log (:mod:`decree_rules.io.registry`, :mod:`decree_rules.io.events`), so a bad role,
an unknown actor or a malformed time gets the message it gets in a log, located at its
place in the scenario file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from decree_rules.apps.scenarios.model import EventLine, Field, OfficeLine, Scenario
from decree_rules.core.diagnostics import DecreeRulesError, InputError, raise_collected
from decree_rules.core.source import Location, Span, span_location
from decree_rules.core.vocabulary import Vocabulary
from decree_rules.io.events import EventChecker
from decree_rules.io.formats import Format, Record, Spot
from decree_rules.io.records import Actor, Event
from decree_rules.io.registry import ActorChecker, merge_tenures

OFFICE_FIELDS = ("parent", "tz", "body", "from", "until", "name")
"""The fields an office line may have after its role and level."""
EVENT_FIELDS = (
    "end",
    "ref",
    "refs",
    "period",
    "channels",
    "to",
    "participants",
    "videoconference",
)
"""The fields an event line may have after its time."""
_LISTS = frozenset({"channels", "to", "participants", "refs"})
_FLAGS = {"yes": True, "true": True, "no": False, "false": False}


class ScenarioRecord(Record):
    """One office or event line, with the place of each of its values."""

    __slots__ = ("lines", "places")

    def __init__(
        self,
        values: Mapping[str, object],
        line: int,
        lines: Sequence[str],
        places: Mapping[str, Span],
    ) -> None:
        self.values = values
        self.line = line
        self.lines = lines
        self.places = places

    def spot(self, field: str | None, item: object = None) -> Spot:
        source = self.lines[self.line - 1] if 0 < self.line <= len(self.lines) else ""
        place = None
        if field is not None:
            if isinstance(item, str):
                place = self.places.get(f"{field}\0{item}")
            place = place or self.places.get(field)
        if place is None:
            return Spot(self.line, None, 1, source)
        where = span_location(place)
        line = where.line or self.line
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else source
        return Spot(line, where.column, where.length, text)


def _example(field: str, *examples: object) -> str:
    """The checkers' examples as a scenario line writes them: ``at 2024-02-15``,
    ``channels website and regional_press``, ``videoconference true``, ``akim region``."""
    return "e.g. " + " or ".join(_written(field, value) for value in examples)


def _written(field: str, value: object) -> str:
    if isinstance(value, list | tuple):
        text = " and ".join(str(item) for item in value)
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value)
    if field == "time":
        return f"at {text}"
    if field == "level":
        return f"akim {text} (the level after the role)"
    return f"{field} {text}"


class _Offices(ActorChecker):
    def example(self, field: str, *examples: object) -> str:
        return _example(field, *examples)


class _Events(EventChecker):
    def example(self, field: str, *examples: object) -> str:
        return _example(field, *examples)


def scenario_world(
    scenario: Scenario,
    lines: Sequence[str],
    filename: str,
    vocabulary: Vocabulary | None = None,
) -> tuple[tuple[Actor, ...], tuple[Event, ...]]:
    """The checked offices and events of ``scenario``; raises every defect found.

    Its actions, channels, recipients and tags are checked against ``vocabulary``, the
    words of the rules it tests (default: the shipped rules').
    """
    errors: list[DecreeRulesError] = []
    office_records = [_office_record(line, lines, errors) for line in scenario.offices]
    offices = _Offices(filename, Format.JSONL, frozenset())
    drafts = [offices.actor(record) for record in office_records]
    offices.actor_links(office_records, drafts, complete=True)
    event_records = [_event_record(line, lines, errors) for line in scenario.events]
    joined = merge_tenures([draft.actor for draft in drafts if draft.actor is not None])
    actors = {actor.id: actor for actor in joined}
    rejected = frozenset(
        draft.id for draft in drafts if draft.actor is None and draft.id is not None
    )
    checker = _Events(filename, Format.JSONL, frozenset(), rejected, vocabulary=vocabulary)
    events = [checker.event(record, actors) for record in event_records]
    checker.event_links(event_records, complete=True)
    for found in (offices, checker):
        try:
            found.raise_if_any()
        except DecreeRulesError as error:
            errors.append(error)
    raise_collected(_flatten(errors))
    return tuple(actors.values()), tuple(event for event in events if event is not None)


def _flatten(errors: Iterable[DecreeRulesError]) -> list[DecreeRulesError]:
    flat: list[DecreeRulesError] = []
    for error in errors:
        flat.extend(getattr(error, "errors", (error,)))
    return sorted(flat, key=lambda error: (error.location.line or 0, error.location.column or 0))


def _office_record(
    line: OfficeLine, lines: Sequence[str], errors: list[DecreeRulesError]
) -> ScenarioRecord:
    values: dict[str, object] = {"id": line.id.text, "role": line.role.text}
    places = {"id": line.id.span, "role": line.role.span}
    if line.level is not None:
        values["level"] = line.level.text
        places["level"] = line.level.span
    else:
        places["level"] = line.role.span  # a missing level is shown after the role
    _add_fields(line.fields, OFFICE_FIELDS, "an office", values, places, errors)
    return ScenarioRecord(values, line.span.line, lines, places)


def _event_record(
    line: EventLine, lines: Sequence[str], errors: list[DecreeRulesError]
) -> ScenarioRecord:
    values: dict[str, object] = {
        "id": line.id.text,
        "actor": line.actor.text,
        "action": line.action.text,
        "time": _instant(line.time.text),
    }
    places = {
        "id": line.id.span,
        "actor": line.actor.span,
        "action": line.action.span,
        "time": line.time.span,
    }
    _add_fields(line.fields, EVENT_FIELDS, "an event", values, places, errors)
    return ScenarioRecord(values, line.span.line, lines, places)


def _instant(text: str) -> str:
    """``2020-02-20 14:00`` as the log writes it, ``2020-02-20T14:00``."""
    return text.replace(" ", "T", 1)


def _add_fields(  # noqa: PLR0917 - one private helper of the two record builders
    fields: Iterable[Field],
    allowed: Sequence[str],
    what: str,
    values: dict[str, object],
    places: dict[str, Span],
    errors: list[DecreeRulesError],
) -> None:
    for field in fields:
        if field.name not in allowed:
            errors.append(_unknown_field(field, allowed, what))
            continue
        if field.name in values:
            errors.append(
                InputError(
                    f"the field '{field.name}' is given twice",
                    span_location(field.span),
                    code="DR-T004",
                    hint="keep one, or list the values with 'and': channels website and "
                    "regional_press",
                    args={"field": field.name},
                )
            )
            continue
        places[field.name] = field.span
        if field.name in _LISTS:
            values[field.name] = [value.text for value in field.values]
            for value in field.values:
                places[f"{field.name}\0{value.text}"] = value.span
            continue
        if len(field.values) > 1:
            errors.append(
                InputError(
                    f"the field '{field.name}' takes one value, not a list",
                    span_location(field.values[1].span),
                    code="DR-T005",
                    hint=f"only {', '.join(sorted(_LISTS))} are lists",
                    args={"field": field.name},
                )
            )
            continue
        value = field.values[0]
        places[field.name] = value.span
        if field.name == "videoconference":
            values[field.name] = _FLAGS.get(value.text.lower(), value.text)
        elif field.name in ("end",):
            values[field.name] = _instant(value.text)
        else:
            values[field.name] = value.text


def _unknown_field(field: Field, allowed: Sequence[str], what: str) -> InputError:
    from difflib import get_close_matches

    close = get_close_matches(field.name, allowed, n=1)
    listed = ", ".join(allowed)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return InputError(
        f"unknown field '{field.name}' for {what}",
        Location(field.span.file, field.span.line, field.span.column, length=len(field.name)),
        code="DR-T003",
        hint=f"{hint}the fields of {what} are {listed}",
        args={"field": field.name, "known": list(allowed)},
    )
