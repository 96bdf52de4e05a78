"""Scenario files as values: offices, events, a date and the findings expected.

Every node keeps the :class:`~decree_rules.core.source.Span` it was written at (left out of
equality), so that a failed expectation and a bad field point at their line; an
expectation also keeps the place of each name it mentions (``places``), so that a clause,
office or event the scenario does not have is pointed at as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import attrs

from decree_rules.core.source import NO_SPAN, Span


@attrs.frozen
class Value:
    """One value of a field as written (quotes removed), and where."""

    text: str
    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)


@attrs.frozen
class Field:
    """``name value [and value ...]`` after a comma of an office or event line."""

    name: str
    values: tuple[Value, ...]
    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)


@attrs.frozen
class OfficeLine:
    """``office ID: ROLE [LEVEL], field, ...``: one row of the registry."""

    id: Value
    role: Value
    level: Value | None
    fields: tuple[Field, ...]
    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)


@attrs.frozen
class EventLine:
    """``event ID: ACTOR ACTION at WHEN, field, ...``: one row of the event log."""

    id: Value
    actor: Value
    action: Value
    time: Value
    fields: tuple[Field, ...]
    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)


@attrs.frozen
class FindingExpected:
    """``expect clause 6 for X [in 2020] [triggered by e1]: late[, due D][, evidence e2]``.

    ``due`` and ``evidence`` are checked only when written; ``False`` means "none"
    (``no due date``, ``no evidence``).
    """

    rule: str
    actor: str
    status: str
    period: str | None = None
    trigger: str | None = None
    due: date | bool | None = None
    evidence: tuple[str, ...] | None = None
    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)
    places: Mapping[str, Span] = attrs.field(factory=dict, eq=False, repr=False)
    """Where each name is written: ``rule``, ``actor``, ``trigger``, ``evidence:<id>``."""

    def place(self, key: str) -> Span:
        """Where ``key`` is written, or the whole expectation."""
        return self.places.get(key, self.span)


@attrs.frozen
class NoFinding:
    """``expect no finding for clause 6 [for X [in 2020] [triggered by e1]]``."""

    rule: str
    actor: str | None = None
    period: str | None = None
    trigger: str | None = None
    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)
    places: Mapping[str, Span] = attrs.field(factory=dict, eq=False, repr=False)
    """Where each name is written: ``rule``, ``actor``, ``trigger``."""

    def place(self, key: str) -> Span:
        """Where ``key`` is written, or the whole expectation."""
        return self.places.get(key, self.span)


@attrs.frozen
class Unmatched:
    """``expect event e5 unmatched``: the event discharged no duty."""

    event: str
    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)
    places: Mapping[str, Span] = attrs.field(factory=dict, eq=False, repr=False)
    """Where the event's id is written: ``event``."""

    def place(self, key: str) -> Span:
        """Where ``key`` is written, or the whole expectation."""
        return self.places.get(key, self.span)


@attrs.frozen
class NoOtherFindings:
    """``expect no other findings``: every finding of the chosen clauses is expected."""

    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)


Expectation = FindingExpected | NoFinding | Unmatched | NoOtherFindings


@attrs.frozen
class Scenario:
    """One ``scenario`` block, with the file's shared offices already in ``offices``."""

    title: str
    as_of: Value | None
    clauses: tuple[Value, ...]
    offices: tuple[OfficeLine, ...]
    events: tuple[EventLine, ...]
    expectations: tuple[Expectation, ...]
    notes: tuple[str, ...] = ()
    span: Span = attrs.field(default=NO_SPAN, eq=False, repr=False)


@attrs.frozen
class ScenarioFile:
    """A parsed scenario file: its name and its scenarios, in order."""

    file: str
    scenarios: tuple[Scenario, ...]
