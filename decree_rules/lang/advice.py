"""Lint's warnings: advice about rule files that are still usable, and the ones legal
staff have acknowledged in the file.

A warning is acknowledged by a line of its clause, ``acknowledge DR-W001 "why"``: it is
then not shown, only counted. An acknowledgement that no warning of its clause needs any
more is itself a warning, so that stale ones are noticed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs

from decree_rules.core import codes
from decree_rules.core.diagnostics import DecreeRulesError, RuleError, RuleWarning
from decree_rules.core.source import Span, span_location
from decree_rules.core.vocabulary import DEPUTY_PREFIX, Unit, WordKind
from decree_rules.lang.model import (
    After,
    Before,
    Clause,
    Condition,
    ConditionKind,
    Decree,
    DoAction,
    EnsureIncluded,
    EveryQuarter,
    ForEachEvent,
    NoDeadline,
    Term,
)

LineOf = Callable[[Span], str | None]

# '10 days', '10 calendar days', '5 working days', '1 month', '2 years' in a title.
_TITLE_TERM = re.compile(
    r"\b(\d+)\s+(?:(calendar|working)\s+)?(day|days|month|months|year|years)\b", re.IGNORECASE
)


@attrs.frozen
class Advice:
    """What lint advises: the warnings shown, those acknowledged, and errors in the
    acknowledgements themselves."""

    shown: tuple[DecreeRulesError, ...]
    acknowledged: tuple[DecreeRulesError, ...]
    errors: tuple[DecreeRulesError, ...]


def advise(decree: Decree, line_of: LineOf) -> Advice:
    """Every warning of ``decree``, sorted into shown and acknowledged."""
    shown: list[DecreeRulesError] = []
    acknowledged: list[DecreeRulesError] = []
    errors: list[DecreeRulesError] = []
    for clause in decree.clauses:
        found = [*_no_deadline(clause, line_of), *_title_against_rule(clause, line_of)]
        answered = {a.code for a in clause.acknowledged}
        for warning in found:
            (acknowledged if warning.code in answered else shown).append(warning)
        raised = {warning.code for warning in found}
        for item in clause.acknowledged:
            info = codes.CODES.get(item.code)
            if info is None or not item.code.startswith("DR-W"):
                errors.append(
                    RuleError(
                        f"'{item.code}' is not the code of a warning",
                        span_location(item.span),
                        code="DR-R055",
                        source_line=line_of(item.span),
                        hint="acknowledge a warning that lint shows for this clause, "
                        'e.g. acknowledge DR-W001 "The decree gives no date."',
                        args={"code": item.code},
                    )
                )
            elif item.code not in raised:
                shown.append(
                    RuleWarning(
                        f"clause {clause.number} acknowledges {item.code}, but lint gives it "
                        "no such warning",
                        span_location(item.span),
                        code="DR-W003",
                        source_line=line_of(item.span),
                        hint="remove the line if the clause changed so that it no longer needs it",
                        args={"clause": clause.number, "code": item.code},
                    )
                )
    shown.extend(_unused_words(decree, line_of))
    return Advice(tuple(shown), tuple(acknowledged), tuple(errors))


def _unused_words(decree: Decree, line_of: LineOf) -> list[DecreeRulesError]:
    """A declared word that no clause names (``DR-W010``): a leftover, or a clause missing."""
    used = _named_words(decree)
    found: list[DecreeRulesError] = []
    reported: set[tuple[WordKind, str]] = set()
    for word in decree.words:
        key = (word.kind, word.name.name)
        if key in used or key in reported or word.name.name.startswith(DEPUTY_PREFIX):
            continue  # a deputy_of: tag is an error (DR-R061), not a word to use
        reported.add(key)
        kind, name = word.kind.value, word.name.name
        found.append(
            RuleWarning(
                f"{kind} '{name}' is declared, but no clause names it",
                span_location(word.name.span),
                code="DR-W010",
                source_line=line_of(word.name.span),
                hint=_UNUSED_ACTION if word.kind is WordKind.ACTION else _UNUSED_OTHER,
                args={"kind": kind, "name": name},
            )
        )
    return found


_UNUSED_ACTION = (
    "an event log may use it, but its events count for no duty (they are listed as "
    "unmatched); write the clause that names it, or remove the line"
)
_UNUSED_OTHER = (
    "an event log may use it, but no duty asks for it; write the clause that names it, "
    "or remove the line"
)


_CONDITION_WORDS = {
    ConditionKind.CHANNEL: WordKind.CHANNEL,
    ConditionKind.RECIPIENT: WordKind.RECIPIENT,
}


def _named_words(decree: Decree) -> set[tuple[WordKind, str]]:
    """The words the clauses name, by kind."""
    named: list[tuple[WordKind, Term]] = []

    def conditions(found: tuple[Condition, ...]) -> None:
        for condition in found:
            kind = _CONDITION_WORDS.get(condition.kind)
            if kind is not None:
                named.extend((kind, term) for term in condition.any_of)

    for clause in decree.clauses:
        rule = clause.rule
        if rule is None:
            continue
        scope, duty = rule.scope, rule.obligation.duty
        if isinstance(scope, ForEachEvent):
            named.append((WordKind.ACTION, scope.action))
            conditions(scope.conditions)
        elif isinstance(scope, EveryQuarter):
            named.append((WordKind.ACTION, scope.since_first))
        if isinstance(duty, DoAction):
            named.append((WordKind.ACTION, duty.action))
            conditions(duty.conditions)
        elif isinstance(duty, EnsureIncluded):
            named.extend((WordKind.PARTICIPANT, term) for term in duty.any_of)
    return {(kind, term.name) for kind, term in named}


def _no_deadline(clause: Clause, line_of: LineOf) -> list[DecreeRulesError]:
    rule = clause.rule
    if rule is None or not isinstance(rule.deadline, NoDeadline):
        return []
    return [
        RuleWarning(
            f"clause {clause.number} has no deadline: its duty stays pending until done and "
            "can never be violated",
            span_location(rule.deadline.span),
            code="DR-W001",
            source_line=line_of(rule.deadline.span),
            hint="this is right where the decree gives no date (12.1, 12.5, 12.6); say so "
            'with a line like: acknowledge DR-W001 "The decree gives no date."',
            args={"clause": clause.number},
        )
    ]


_UNIT_WORDS = {
    "day": (Unit.CALENDAR_DAYS, Unit.WORKING_DAYS),
    "month": (Unit.MONTHS,),
    "year": (Unit.YEARS,),
}


def _title_against_rule(clause: Clause, line_of: LineOf) -> list[DecreeRulesError]:
    """A title that says one term ('within 10 days') while the rule counts another."""
    rule = clause.rule
    if rule is None or not isinstance(rule.deadline, After | Before):
        return []
    terms = _TITLE_TERM.findall(clause.title)
    if len(terms) != 1:
        return []
    amount, kind, unit = terms[0]
    duration = rule.deadline.duration
    units = _UNIT_WORDS[unit.lower().rstrip("s")]
    if kind:
        units = (Unit.CALENDAR_DAYS if kind.lower() == "calendar" else Unit.WORKING_DAYS,)
    if int(amount) == duration.amount and duration.unit in units:
        return []
    said = " ".join(part for part in (amount, kind, unit) if part)
    counted = f"{duration.amount} {duration.unit.value}"
    return [
        RuleWarning(
            f"the title of clause {clause.number} says {said}, but its rule counts {counted}",
            span_location(duration.span),
            code="DR-W002",
            source_line=line_of(duration.span),
            hint="correct the title or the term, whichever does not say what the decree says",
            args={"clause": clause.number, "title_says": said, "rule_counts": counted},
        )
    ]
