"""Model objects back to rule-file text, in the canonical layout.

``parse_rules(format_decree(d)) == d`` for every decree (spans aside); comments are not
part of the model and are not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from decree_rules.core.vocabulary import MONTH_NAMES, Unit
from decree_rules.lang.model import (
    Act,
    After,
    Attend,
    Before,
    Bound,
    BoundKind,
    Clause,
    Condition,
    ConditionKind,
    CountingLine,
    DayOfNextMonth,
    Deadline,
    Decree,
    DoAction,
    Duration,
    EnsureIncluded,
    EveryQuarter,
    EveryYear,
    FixedDate,
    ForEachEvent,
    Group,
    NoDeadline,
    Note,
    Once,
    OnMeetingDay,
    RepealedAct,
    Rule,
    Scope,
    Term,
    Window,
    Word,
)

_INDENT = "  "


def format_decree(decree: Decree) -> str:
    """The whole decree as one rule file."""
    blocks = [_header(decree)]
    blocks.extend(_group(group) for group in decree.groups)
    blocks.extend(_glossary(decree.words))
    blocks.extend(_act(act) for act in decree.acts)
    blocks.extend(_clause(clause) for clause in decree.clauses)
    return "\n\n".join(blocks) + "\n"


def quote(text: str) -> str:
    """A rule-file string literal for ``text``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped.replace(chr(9), chr(92) + "t")}"'


def _header(decree: Decree) -> str:
    lines = [f"decree {quote(decree.title)}"]
    lines += [f"{_INDENT}title {t.language.name} {quote(t.text)}" for t in decree.titles]
    lines += [f"{_INDENT}preamble {t.language.name} {quote(t.text)}" for t in decree.preambles]
    if decree.counting is not None:
        lines.append(_INDENT + counting_text(decree.counting))
    lines += _notes(decree.notes)
    return "\n".join(lines)


def _notes(notes: tuple[Note, ...]) -> list[str]:
    return [f"{_INDENT}note {quote(note.text)}" for note in notes]


def _group(group: Group) -> str:
    if group.levels:
        members = f"{group.roles[0].name} at {_names(group.levels)}"
    else:
        members = _names(group.roles)
    return "\n".join([f"group {group.name.name} = {members}", *_notes(group.notes)])


def _glossary(words: tuple[Word, ...]) -> list[str]:
    """The declarations, line by line; a blank line where the kind of word changes."""
    blocks: list[list[str]] = []
    kind = None
    for word in words:
        if word.kind is not kind:
            blocks.append([])
            kind = word.kind
        blocks[-1].append(_word(word))
    return ["\n".join(block) for block in blocks]


def _word(word: Word) -> str:
    line = f"{word.kind.value} {word.name.name} {quote(word.meaning)}"
    return "\n".join([line + (" is a meeting" if word.meeting else ""), *_notes(word.notes)])


def _act(act: Act) -> str:
    lines = [f"act {act.name.name} {quote(act.title)}"]
    if act.number is not None:
        lines.append(f"{_INDENT}number {quote(act.number)}")
    if act.dated is not None:
        lines.append(f"{_INDENT}dated {act.dated.isoformat()}")
    if act.in_force is not None:
        lines.append(f"{_INDENT}enters into force on {act.in_force.isoformat()}")
    lines += [f"{_INDENT}text {t.language.name} {quote(t.text)}" for t in act.texts]
    lines.append(
        f"{_INDENT}a period that straddles it follows the text in force on its "
        f"{act.straddle.value} day"
    )
    if act.repeals_decree is not None:
        lines.append(f"{_INDENT}repeals the decree from {act.repeals_decree.isoformat()}")
    lines += _notes(act.notes)
    return "\n".join(lines)


def _clause(clause: Clause) -> str:
    lines = [f"clause {clause.number} {quote(clause.title)}"]
    change = clause.change
    if change is not None:
        since = f" from {change.from_day.isoformat()}" if change.from_day is not None else ""
        lines.append(f"{_INDENT}{change.kind.value} by {change.act.name}{since}")
    lines += [f"{_INDENT}text {t.language.name} {quote(t.text)}" for t in clause.texts]
    if clause.rule is not None:
        lines += [_INDENT + line for line in rule_lines(clause.rule)]
    if clause.counting is not None:
        lines.append(_INDENT + counting_text(clause.counting))
    lines += [_INDENT + _repeal(act) for act in clause.repeals]
    if clause.in_force is not None:
        lines.append(f"{_INDENT}enters into force on {clause.in_force.isoformat()}")
    lines += _notes(clause.notes)
    lines += [f"{_INDENT}acknowledge {a.code} {quote(a.reason)}" for a in clause.acknowledged]
    return "\n".join(lines)


def rule_lines(rule: Rule) -> list[str]:
    """The lines of a clause that state its duty, in reading order."""
    lines = [
        scope_text(rule.scope),
        f"{_bound(rule.obligation.bound)} must {_duty(rule.obligation.duty)}",
        deadline_text(rule.deadline),
    ]
    if rule.early_events is not None:
        lines.append("events earlier in the year count")
    lines += [f"except {e.field.name} {e.value.name}" for e in rule.exemptions]
    if rule.sharing is not None and rule.sharing.named:
        lines.append("one event serves every open duty it names")
    elif rule.sharing is not None and rule.sharing.every_duty:
        lines.append("one event serves every open duty it fits")
    elif rule.sharing is not None:
        lines.append("one event serves every meeting of the same year")
    if rule.term_from is not None:
        below = rule.term_from.below
        lines.append(
            "the term runs from the last meeting of the year of the actor"
            + (f" or of {below.name} under it" if below is not None else "")
        )
    if rule.together is not None:
        lines.append("events may meet the conditions together")
    return lines


def counting_text(counting: CountingLine) -> str:
    """A ``counting`` line."""
    text = f"counting {_names(counting.names)}"
    if counting.without:
        text += f" without {_names(counting.without)}"
    return text


def scope_text(scope: Scope) -> str:
    """The line of a clause that says what creates its duties."""
    if isinstance(scope, EveryYear):
        return "every year"
    if isinstance(scope, EveryQuarter):
        return f"every quarter from the quarter of the first {scope.since_first.name}"
    if isinstance(scope, Once):
        return "once"
    assert isinstance(scope, ForEachEvent)
    conditions = f" {_conditions(scope.conditions)}" if scope.conditions else ""
    if scope.last_of_year:
        return f"for each last {scope.action.name}{conditions} of the year by {_names(scope.by)}"
    return f"for each {scope.action.name}{conditions} by {_names(scope.by)}"


def _bound(bound: Bound) -> str:
    if bound.kind is BoundKind.SAME_ACTOR:
        return "the same actor"
    if bound.kind is BoundKind.NEAREST_ABOVE:
        return f"the nearest {bound.who[0].name} above the actor"
    return _names(bound.who)


def _duty(duty: DoAction | EnsureIncluded | Attend) -> str:
    if isinstance(duty, DoAction):
        conditions = f" {_conditions(duty.conditions)}" if duty.conditions else ""
        return f"do {duty.action.name}{conditions}"
    if isinstance(duty, EnsureIncluded):
        return "ensure that meeting includes " + " or ".join(t.name for t in duty.any_of)
    return "attend that meeting in person" + (" or by a deputy" if duty.deputy_allowed else "")


def _conditions(conditions: tuple[Condition, ...]) -> str:
    return " and ".join(_condition(c) for c in conditions)


def _condition(condition: Condition) -> str:
    if condition.kind is ConditionKind.VIDEOCONFERENCE:
        return "with videoconference"
    return f"{condition.kind.value} " + " or ".join(t.name for t in condition.any_of)


def deadline_text(deadline: Deadline) -> str:
    """The deadline line as written in a rule file."""
    return _DEADLINE_TEXT[type(deadline)](deadline)


_DEADLINE_TEXT: dict[type, Callable[[Any], str]] = {
    Window: lambda d: f"during quarter {d.quarter}",
    FixedDate: lambda d: f"by {d.day} {MONTH_NAMES[d.month - 1]}",
    DayOfNextMonth: lambda d: f"by day {d.day} of the month after the {d.period.value}",
    After: lambda d: f"within {duration_text(d.duration)} after {d.anchor.value}",
    Before: lambda d: f"at least {duration_text(d.duration)} before {d.anchor.value}",
    OnMeetingDay: lambda d: "when that meeting is held",
    NoDeadline: lambda d: "no deadline",
}


_SINGULAR = {
    Unit.CALENDAR_DAYS: "calendar day",
    Unit.WORKING_DAYS: "working day",
    Unit.MONTHS: "month",
    Unit.YEARS: "year",
}


def duration_text(duration: Duration) -> str:
    """``10 calendar days``, ``1 month``: a length of a term as a rule file writes it."""
    unit = _SINGULAR[duration.unit] if duration.amount == 1 else duration.unit.value
    return f"{duration.amount} {unit}"


def _repeal(act: RepealedAct) -> str:
    text = f"repeals {act.kind.name} {act.number} of {act.dated.isoformat()} {quote(act.title)}"
    if act.published is not None:
        text += f" published {quote(act.published)}"
    return text


def _names(terms: tuple[Term, ...]) -> str:
    return ", ".join(term.name for term in terms)
