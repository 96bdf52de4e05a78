"""Scenario text to :mod:`~decree_rules.apps.scenarios.model` values.

The grammar is ``grammar/scenario.lark``; the Transformer here only reshapes its tree.
Syntax errors are worded like those of rule files (the same code, caret and hint), and the
first error of every ``scenario`` block is reported, not only the file's first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lark import Token, v_args
from lark.exceptions import UnexpectedInput
from lark.tree import Meta

from decree_rules.apps.scenarios.model import (
    EventLine,
    Expectation,
    Field,
    FindingExpected,
    NoFinding,
    NoOtherFindings,
    OfficeLine,
    Scenario,
    ScenarioFile,
    Unmatched,
    Value,
)
from decree_rules.core.diagnostics import DecreeRulesError, RuleSyntaxError, raise_collected
from decree_rules.core.source import Location, Span, source_lines, span_location
from decree_rules.lang import grammar
from decree_rules.lang.parse import SpanTransformer, block_chunks, transform_located, unquote
from decree_rules.lang.syntax_help import SyntaxWords, syntax_error

SCENARIO_SUFFIX = ".scenario"

SCENARIO_WORDS = SyntaxWords(
    terminals={
        "ID": "an id like akim.almaty-region or e1",
        "WORD": "a word like akim or tz",
        "WHEN": "a date like 2020-02-20, or a date and time like 2020-02-20 14:00",
        "STRING": 'a quoted text like "..."',
        "CLAUSE_ID": "a clause number like 6 or 12.2",
        "PERIOD": "a period like 2020 or 2020-Q1",
        "STATUS": "a status: fulfilled, late, violated, pending or exempt",
        "$END": "the end of the file",
    },
    examples={
        "scenario": 'scenario "Clause 6: a report on its due date is on time"',
        "as": "as of 2020-12-31",
        "of": "as of 2020-12-31",
        "clauses": "clauses 6, 7",
        "office": "office akim.aktobe-region: akim region, tz Asia/Aqtobe",
        "event": "event e1: akim.aktobe-region reporting_meeting at 2020-02-20 14:00",
        "at": "event e1: akim.aktobe-region reporting_meeting at 2020-02-20 14:00",
        "expect": "expect clause 6 for akim.aktobe-region in 2020: late, due 2020-03-02",
        "for": "expect clause 6 for akim.aktobe-region in 2020: late, due 2020-03-02",
        "in": "expect clause 6 for akim.aktobe-region in 2020: late",
        "due": "expect clause 6 for akim.aktobe-region in 2020: late, due 2020-03-02",
        "evidence": "expect clause 6 for akim.aktobe-region in 2020: late, evidence e2",
        "no": "expect no finding for clause 7   or   expect no other findings",
        "triggered": "expect clause 6 for akim.aktobe-region triggered by e1: fulfilled",
        "note": 'note "Why this scenario matters"',
    },
    line_examples={
        "scenario": 'scenario "Clause 6: a report on its due date is on time"',
        "as": "as of 2020-12-31",
        "clause": "clauses 6, 7",
        "clauses": "clauses 6, 7",
        "note": 'note "Why this scenario matters"',
        "office": "office akim.mugalzhar-district: akim district, parent akim.aktobe-region, "
        "tz Asia/Aqtobe",
        "event": "event e2: akim.mugalzhar-district report_posted at 2020-03-06 14:30, "
        "channels website, ref e1",
        "expect": "expect clause 6 for akim.aktobe-region in 2020: late, due 2020-03-02, "
        "evidence e2   or   expect no finding for clause 7   or   expect event e5 unmatched",
    },
)

_BLOCK_START = re.compile(r"^[ \t]*scenario\b", re.MULTILINE)


def parse_scenarios(text: str, filename: str) -> ScenarioFile:
    """The scenarios of one file; raises the first syntax error of every block.

    >>> parse_scenarios('scenario "none" as of 2020-12-31', "x.scenario").scenarios[0].title
    'none'
    """
    lark = grammar.scenario_parser()
    lines = source_lines(text)
    try:
        tree = lark.parse(text)
    except UnexpectedInput as first:
        errors = _block_errors(text, filename, lines) or [
            syntax_error(first, filename, lines, lark, words=SCENARIO_WORDS)
        ]
        raise_collected(errors)
        raise AssertionError("unreachable") from None
    shared, scenarios = transform_located(_ToModel(filename), tree, lines)
    return ScenarioFile(
        filename,
        tuple(
            Scenario(
                title=draft.title,
                as_of=draft.as_of,
                clauses=draft.clauses,
                offices=(*shared, *draft.offices),
                events=draft.events,
                expectations=draft.expectations,
                notes=draft.notes,
                span=draft.span,
            )
            for draft in scenarios
        ),
    )


def _block_errors(text: str, filename: str, lines: list[str]) -> list[DecreeRulesError]:
    """The first syntax error of each block (shared offices, then each scenario)."""
    lark = grammar.scenario_parser()
    errors: list[DecreeRulesError] = []
    for first_line, chunk in block_chunks(text, _BLOCK_START):
        offset = first_line - 1
        try:
            lark.parse(chunk)
        except UnexpectedInput as exc:
            if isinstance(exc.line, int) and exc.line > 0:
                exc.line += offset
            errors.append(syntax_error(exc, filename, lines, lark, words=SCENARIO_WORDS))
    return errors


class _Draft:
    """A scenario block's items, sorted by kind, before the shared offices join them."""

    def __init__(self, title: str, span: Span) -> None:
        self.title = title
        self.span = span
        self.as_of: Value | None = None
        self.clauses: tuple[Value, ...] = ()
        self.offices: tuple[OfficeLine, ...] = ()
        self.events: tuple[EventLine, ...] = ()
        self.expectations: tuple[Expectation, ...] = ()
        self.notes: tuple[str, ...] = ()


def _unquote(text: str) -> str:
    """An id or text as meant: a quoted one without its quotes, a bare one as it is."""
    return unquote(text) if len(text) >= 2 and text[0] == text[-1] == '"' else text


@v_args(meta=True, inline=True)
class _ToModel(SpanTransformer):
    """Reshapes the parse tree into model values, attaching spans."""

    def _value(self, token: Token) -> Value:
        return Value(_unquote(str(token)), self._token_span(token))

    def _date(self, token: Token) -> date:
        try:
            return date.fromisoformat(str(token))
        except ValueError:
            raise RuleSyntaxError(
                f"'{token}' is not a date: expected a date like 2020-03-02",
                Location(self.filename, token.line, token.column, length=len(token)),
                code="DR-T001",
                args={"value": str(token)},
            ) from None

    def start(self, meta: Meta, *items: Any) -> tuple[list[OfficeLine], list[_Draft]]:
        offices = [item for item in items if isinstance(item, OfficeLine)]
        return offices, [item for item in items if isinstance(item, _Draft)]

    def scenario(self, meta: Meta, title: Token, *items: Any) -> _Draft:
        draft = _Draft(_unquote(str(title)), self._span(meta))
        for item in items:
            if isinstance(item, OfficeLine):
                draft.offices = (*draft.offices, item)
                continue
            kind, value = item
            if kind == "as_of":
                if draft.as_of is not None:
                    raise RuleSyntaxError(
                        "a scenario has one 'as of' date; this is the second",
                        span_location(value.span),
                        code="DR-T002",
                        hint="keep one line like: as of 2020-12-31",
                    )
                draft.as_of = value
            elif kind == "clauses":
                draft.clauses = (*draft.clauses, *value)
            elif kind == "event":
                draft.events = (*draft.events, value)
            elif kind == "expect":
                draft.expectations = (*draft.expectations, value)
            else:
                draft.notes = (*draft.notes, value)
        return draft

    def as_of(self, meta: Meta, when: Token) -> tuple[str, Value]:
        return "as_of", self._value(when)

    def clauses(self, meta: Meta, *numbers: Token) -> tuple[str, tuple[Value, ...]]:
        return "clauses", tuple(self._value(number) for number in numbers)

    def note(self, meta: Meta, text: Token) -> tuple[str, str]:
        return "note", _unquote(str(text))

    def office(self, meta: Meta, ident: Token, role: Token, *rest: Any) -> OfficeLine:
        level = None
        if rest and isinstance(rest[0], Token):
            level, rest = self._value(rest[0]), rest[1:]
        return OfficeLine(self._value(ident), self._value(role), level, rest, self._span(meta))

    def event(
        self, meta: Meta, ident: Token, actor: Token, action: Token, when: Token, *fields: Field
    ) -> tuple[str, EventLine]:
        line = EventLine(
            self._value(ident),
            self._value(actor),
            self._value(action),
            self._value(when),
            fields,
            self._span(meta),
        )
        return "event", line

    def field(self, meta: Meta, name: Token, *values: Token) -> Field:
        return Field(str(name), tuple(self._value(v) for v in values), self._span(meta))

    def expect(self, meta: Meta, expectation: Any) -> tuple[str, Expectation]:
        return "expect", expectation

    def finding_expected(
        self, meta: Meta, rule: Token, actor: Token, *rest: Any
    ) -> FindingExpected:
        pairs = [item for item in rest if isinstance(item, tuple)]
        selectors = {key: value for key, value in pairs if key in ("period", "trigger")}
        status = next(str(item) for item in rest if isinstance(item, Token))
        outcomes = {key: value for key, value in pairs if key in _OUTCOMES}
        rule_value, actor_value = self._value(rule), self._value(actor)
        places = {"rule": rule_value.span, "actor": actor_value.span}
        trigger: Value | None = selectors.get("trigger")
        if trigger is not None:
            places["trigger"] = trigger.span
        evidence: tuple[Value, ...] | None = outcomes.get("evidence")
        for value in evidence or ():
            places[f"evidence:{value.text}"] = value.span
        return FindingExpected(
            rule=rule_value.text,
            actor=actor_value.text,
            status=status,
            period=selectors.get("period"),
            trigger=None if trigger is None else trigger.text,
            due=outcomes.get("due"),
            evidence=None if evidence is None else tuple(value.text for value in evidence),
            span=self._span(meta),
            places=places,
        )

    def no_finding(self, meta: Meta, rule: Token, *rest: Any) -> NoFinding:
        rule_value = self._value(rule)
        places = {"rule": rule_value.span}
        actor = None
        if rest:
            actor = self._value(rest[0])
            places["actor"] = actor.span
        selectors = dict(rest[1:])
        trigger: Value | None = selectors.get("trigger")
        if trigger is not None:
            places["trigger"] = trigger.span
        return NoFinding(
            rule_value.text,
            None if actor is None else actor.text,
            selectors.get("period"),
            None if trigger is None else trigger.text,
            self._span(meta),
            places,
        )

    def unmatched(self, meta: Meta, event: Token) -> Unmatched:
        value = self._value(event)
        return Unmatched(value.text, self._span(meta), {"event": value.span})

    def no_others(self, meta: Meta) -> NoOtherFindings:
        return NoOtherFindings(self._span(meta))

    def in_period(self, meta: Meta, period: Token) -> tuple[str, str]:
        return "period", str(period)

    def triggered_by(self, meta: Meta, event: Token) -> tuple[str, Value]:
        return "trigger", self._value(event)

    def due(self, meta: Meta, when: Token) -> tuple[str, date]:
        return "due", self._date(when)

    def no_due(self, meta: Meta) -> tuple[str, bool]:
        return "due", False

    def evidence(self, meta: Meta, *events: Token) -> tuple[str, tuple[Value, ...]]:
        return "evidence", tuple(self._value(event) for event in events)

    def no_evidence(self, meta: Meta) -> tuple[str, tuple[Value, ...]]:
        return "evidence", ()


_OUTCOMES = ("due", "evidence")


__all__ = ["SCENARIO_SUFFIX", "SCENARIO_WORDS", "parse_scenarios"]
