"""Clause items into the model: one header, clauses with at most one duty each.

The parser hands over each block's items in the order they were written; this module
groups them into :class:`~decree_rules.lang.model.Clause` and
:class:`~decree_rules.lang.model.Rule` nodes and reports what does not make a clause:
a second scope, '... must ...' line or deadline, a duty missing one of its three parts,
a qualifying line without a duty, a missing or a second ``decree`` header, a second
``counting`` line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from decree_rules.core.diagnostics import DecreeRulesError, RuleError
from decree_rules.core.source import Location, Span, source_lines, span_location
from decree_rules.lang.model import (
    Acknowledgement,
    Act,
    After,
    Before,
    ChangeKind,
    Clause,
    ClauseChange,
    CountingLine,
    DayOfNextMonth,
    Decree,
    EarlyEvents,
    EveryQuarter,
    EveryYear,
    Exemption,
    FixedDate,
    ForEachEvent,
    Group,
    NoDeadline,
    Note,
    Obligation,
    Once,
    OnMeetingDay,
    RepealedAct,
    Rule,
    Sharing,
    Straddle,
    TermFrom,
    Text,
    Together,
    Window,
    Word,
)
from decree_rules.lang.parse import ActDraft, ActItem, ClauseDraft, Header, InForce

_ITEM_NAMES: dict[type, str] = {
    EveryYear: "'every year'",
    EveryQuarter: "'every quarter ...'",
    Once: "'once'",
    ForEachEvent: "'for each ...'",
    Obligation: "a '... must ...' line",
    Window: "a deadline",
    FixedDate: "a deadline",
    DayOfNextMonth: "a deadline",
    After: "a deadline",
    Before: "a deadline",
    OnMeetingDay: "a deadline",
    NoDeadline: "a deadline",
    EarlyEvents: "'events earlier in the year count'",
    Sharing: "'one event serves ...'",
    TermFrom: "'the term runs from ...'",
    Together: "'events may meet the conditions together'",
    InForce: "'enters into force on ...'",
    ClauseChange: "'amended by ...' (or 'added by', 'repealed by') line",
}

_SCOPES = (EveryYear, EveryQuarter, Once, ForEachEvent)
_DEADLINES = (Window, FixedDate, DayOfNextMonth, After, Before, OnMeetingDay, NoDeadline)


def assemble(
    blocks: list[Any], sources: Sequence[tuple[str, str]], errors: list[DecreeRulesError]
) -> Decree:
    """The decree made of the blocks of every file; what does not fit goes to ``errors``.

    ``blocks`` are what :func:`~decree_rules.lang.parse.parse_blocks` returns for each
    file of ``sources`` (the (name, text) pairs, for the lines shown under the messages).
    """
    lines = {name: source_lines(text) for name, text in sources}
    headers = [b for b in blocks if isinstance(b, Header)]
    groups = tuple(b for b in blocks if isinstance(b, Group))
    words = tuple(b for b in blocks if isinstance(b, Word))
    acts = tuple(_assemble_act(b, lines, errors) for b in blocks if isinstance(b, ActDraft))
    clauses = []
    for block in blocks:
        if isinstance(block, ClauseDraft):
            clause = _assemble_clause(block, lines, errors)
            if clause is not None:
                clauses.append(clause)
    if not headers:
        first = sources[0][0] if sources else "<rules>"
        errors.append(
            RuleError(
                "the rules have no 'decree' header",
                Location(first, 1, 1),
                code="DR-R018",
                source_line=(lines.get(first) or [""])[0],
                hint='start the file with: decree "<the decree\'s title>"',
            )
        )
        return Decree("", groups=groups, clauses=tuple(clauses), words=words, acts=acts)
    for extra in headers[1:]:
        errors.append(
            _error(
                "DR-R019", extra.span, "a second 'decree' header", lines, "keep one 'decree' block"
            )
        )
    header = headers[0]
    return Decree(
        header.title,
        titles=tuple(i[1] for i in header.items if isinstance(i, tuple) and i[0] == "title"),
        preambles=tuple(i[1] for i in header.items if isinstance(i, tuple) and i[0] == "preamble"),
        notes=tuple(i for i in header.items if isinstance(i, Note)),
        groups=groups,
        clauses=tuple(clauses),
        counting=_single_counting(header.items, "the decree", lines, errors),
        words=words,
        acts=acts,
        span=header.span,
    )


def _single_counting(
    items: Sequence[Any], owner: str, lines: dict[str, list[str]], errors: list[DecreeRulesError]
) -> CountingLine | None:
    found = [item for item in items if isinstance(item, CountingLine)]
    for extra in found[1:]:
        errors.append(
            _error(
                "DR-R020",
                extra.span,
                f"{owner} has a second 'counting' line; the first is on line {found[0].span.line}",
                lines,
                "state the counting once: counting civil_code without shift_forward",
                args={"owner": owner, "first_line": found[0].span.line},
            )
        )
    return found[0] if found else None


@attrs.define
class _Items:
    """A clause's items, sorted: those it may have many of, and one of each other kind."""

    texts: list[Text] = attrs.Factory(list)
    notes: list[Note] = attrs.Factory(list)
    acknowledged: list[Acknowledgement] = attrs.Factory(list)
    repeals: list[RepealedAct] = attrs.Factory(list)
    exemptions: list[Exemption] = attrs.Factory(list)
    single: dict[str, Any] = attrs.Factory(dict)


_SLOT_OF: dict[type, str] = {
    **{kind: "scope" for kind in _SCOPES},
    **{kind: "deadline" for kind in _DEADLINES},
    Obligation: "obligation",
    EarlyEvents: "early",
    Sharing: "sharing",
    TermFrom: "term_from",
    Together: "together",
    InForce: "in_force",
    ClauseChange: "change",
}
_RULE_PARTS = ("scope", "obligation", "deadline")
_QUALIFIERS = ("early", "sharing", "term_from", "together")


def _assemble_clause(
    draft: ClauseDraft, lines: dict[str, list[str]], errors: list[DecreeRulesError]
) -> Clause | None:
    before = len(errors)
    items = _sort_items(draft, lines, errors)
    rule = _rule_of(draft, items, lines, errors)
    counting = _single_counting(draft.items, f"clause {draft.number}", lines, errors)
    if len(errors) > before:
        return None
    in_force = items.single.get("in_force")
    change = items.single.get("change")
    if change is not None and change.kind is ChangeKind.REPEALED and rule is not None:
        errors.append(
            _error(
                "DR-R070",
                rule.span,
                f"clause {draft.number} is repealed here, so it sets no duty",
                lines,
                "a repeal needs only the clause's number and title: "
                'clause 12.5 "Problems posted" repealed by amendment_2018 from 2019-01-01',
                args={"clause": str(draft.number)},
            )
        )
        return None
    return Clause(
        number=str(draft.number),
        title=draft.title,
        texts=tuple(items.texts),
        rule=rule,
        repeals=tuple(items.repeals),
        in_force=in_force.day if in_force is not None else None,
        notes=tuple(items.notes),
        counting=counting,
        acknowledged=tuple(items.acknowledged),
        change=change,
        span=draft.span,
    )


_ACT_LINES = {
    "number": 'number "123"',
    "dated": "dated 2017-12-20",
    "in_force": "enters into force on 2018-01-11",
    "straddle": "a period that straddles it follows the text in force on its first day",
    "repeals_decree": "repeals the decree from 2030-01-01",
}


def _assemble_act(
    draft: ActDraft, lines: dict[str, list[str]], errors: list[DecreeRulesError]
) -> Act:
    """An ``act`` block; a line given twice is reported (the first one counts)."""
    found: dict[str, Any] = {}
    texts: list[Text] = []
    notes: list[Note] = []
    for item in draft.items:
        if isinstance(item, Text):
            texts.append(item)
            continue
        if isinstance(item, Note):
            notes.append(item)
            continue
        what, value = (
            (item.what, item.value) if isinstance(item, ActItem) else ("in_force", item.day)
        )
        if what in found:
            errors.append(
                _error(
                    "DR-R071",
                    item.span,
                    f"act {draft.name.name} has a second '{_ACT_LINES[what].split()[0]}' line",
                    lines,
                    f"state it once, e.g. {_ACT_LINES[what]}",
                    args={"act": draft.name.name, "line": what},
                )
            )
            continue
        found[what] = value
    return Act(
        draft.name,
        draft.title,
        number=found.get("number"),
        dated=found.get("dated"),
        in_force=found.get("in_force"),
        straddle=found.get("straddle", Straddle.FIRST_DAY),
        repeals_decree=found.get("repeals_decree"),
        texts=tuple(texts),
        notes=tuple(notes),
        span=draft.span,
    )


def _sort_items(
    draft: ClauseDraft, lines: dict[str, list[str]], errors: list[DecreeRulesError]
) -> _Items:
    items = _Items()
    many: dict[type, list[Any]] = {
        Text: items.texts,
        Note: items.notes,
        Acknowledgement: items.acknowledged,
        RepealedAct: items.repeals,
        Exemption: items.exemptions,
    }
    for item in draft.items:
        if isinstance(item, CountingLine):
            continue  # read by _single_counting
        if type(item) in many:
            many[type(item)].append(item)
            continue
        slot = _SLOT_OF[type(item)]
        first = items.single.get(slot)
        if first is None:
            items.single[slot] = item
            continue
        errors.append(
            _error(
                "DR-R021",
                item.span,
                f"clause {draft.number} has a second {_ITEM_NAMES[type(item)]}; "
                f"the first is on line {first.span.line}",
                lines,
                "a clause sets at most one duty: one scope, one '... must ...' line "
                "and one deadline",
                args={
                    "clause": str(draft.number),
                    "item": _ITEM_NAMES[type(item)],
                    "first_line": first.span.line,
                },
            )
        )
    return items


def _rule_of(
    draft: ClauseDraft, items: _Items, lines: dict[str, list[str]], errors: list[DecreeRulesError]
) -> Rule | None:
    single = items.single
    present = [part for part in _RULE_PARTS if part in single]
    if present and len(present) < len(_RULE_PARTS):
        missing = [part for part in _RULE_PARTS if part not in single]
        errors.append(
            _error(
                "DR-R022",
                single[present[0]].span,
                f"clause {draft.number} is missing {_describe_missing(missing)}",
                lines,
                _MISSING_EXAMPLES[missing[0]],
                args={"clause": str(draft.number), "missing": missing},
            )
        )
        return None
    if present:
        extras = [single[k] for k in _QUALIFIERS if k in single]
        return Rule(
            scope=single["scope"],
            obligation=single["obligation"],
            deadline=single["deadline"],
            early_events=single.get("early"),
            exemptions=tuple(items.exemptions),
            sharing=single.get("sharing"),
            term_from=single.get("term_from"),
            together=single.get("together"),
            span=_join_spans([single[p].span for p in _RULE_PARTS] + [e.span for e in extras]),
        )
    for orphan in [*(single.get(k) for k in _QUALIFIERS), *items.exemptions]:
        if orphan is not None:
            errors.append(
                _error(
                    "DR-R023",
                    orphan.span,
                    f"clause {draft.number} has no duty for this line to qualify",
                    lines,
                    "add the scope, the '... must ...' line and the deadline, or remove this line",
                    args={"clause": str(draft.number)},
                )
            )
    return None


_MISSING_EXAMPLES = {
    "scope": "say what creates the duty, e.g. 'every year' "
    "or 'for each reporting_meeting by heads'",
    "obligation": "say who owes what, e.g. 'the same actor must do report_posted on website'",
    "deadline": "say by when, e.g. 'within 10 calendar days after the meeting ends' "
    "or 'no deadline'",
}


def _describe_missing(missing: list[str]) -> str:
    words = {
        "scope": "what creates the duty ('every year', 'for each ...')",
        "obligation": "who owes it (a '... must ...' line)",
        "deadline": "a deadline ('within ...', 'by ...', 'during ...' or 'no deadline')",
    }
    return " and ".join(words[m] for m in missing)


def _join_spans(spans: list[Span]) -> Span:
    real = [s for s in spans if s.line > 0]
    if not real:
        return spans[0]
    first = min(real, key=lambda s: (s.line, s.column))
    last = max(real, key=lambda s: (s.end_line, s.end_column))
    return Span(first.file, first.line, first.column, last.end_line, last.end_column)


def _error(
    code: str,
    span: Span,
    message: str,
    lines: dict[str, list[str]],
    hint: str,
    *,
    args: Mapping[str, Any] | None = None,
) -> RuleError:
    return RuleError(
        message,
        span_location(span),
        code=code,
        source_line=_line_of(span, lines),
        hint=hint,
        args=args,
    )


def _line_of(span: Span, lines: dict[str, list[str]]) -> str | None:
    file_lines = lines.get(span.file)
    if file_lines and 0 < span.line <= len(file_lines):
        return file_lines[span.line - 1]
    return None


__all__ = ["assemble"]
