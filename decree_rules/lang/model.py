"""The decree as data: frozen value objects built from rule files.

Every node carries a :class:`Span` (where it was written); spans are excluded from
equality so that ``parse(format(decree)) == decree``. Names written by the user (roles,
actions, channels) stay :class:`Term` objects with their own span, so the validator can
point at the exact word it does not know.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from decree_rules.core.provenance import RuleFile
from decree_rules.core.source import NO_SPAN, Span
from decree_rules.core.vocabulary import Unit, Vocabulary, WordKind


def _span() -> Span:
    return attrs.field(default=NO_SPAN, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Term:
    """A name the user wrote: a role, group, level, action, channel, recipient or tag."""

    name: str
    span: Span = _span()


@attrs.frozen
class Text:
    """The clause in one language (``kk`` is authoritative)."""

    language: Term
    text: str
    span: Span = _span()


@attrs.frozen
class Note:
    """An interpretation note that legal staff can read and change."""

    text: str
    span: Span = _span()


@attrs.frozen
class Acknowledgement:
    """``acknowledge DR-W001 "why"``: a lint warning weighed, and why the clause is right."""

    code: str
    reason: str
    span: Span = _span()


# ---- who -------------------------------------------------------------------------


@attrs.frozen
class Group:
    """A named set of offices: several roles, or one role at some levels."""

    name: Term
    roles: tuple[Term, ...]
    levels: tuple[Term, ...] = ()
    notes: tuple[Note, ...] = ()
    span: Span = _span()


# ---- the words of the event log -------------------------------------------------


@attrs.frozen
class Word:
    """A declared word: ``action report_posted "the report posted"``, and what it means.

    ``meeting``: an action declared ``is a meeting``.
    """

    kind: WordKind
    name: Term
    meaning: str
    meeting: bool = False
    notes: tuple[Note, ...] = ()
    span: Span = _span()


# ---- what creates duties ---------------------------------------------------------


class ConditionKind(enum.Enum):
    """What a condition on an event looks at."""

    CHANNEL = "on"
    RECIPIENT = "to"
    VIDEOCONFERENCE = "with videoconference"


@attrs.frozen
class Condition:
    """The event must have one of ``any_of`` in the field ``kind`` looks at."""

    kind: ConditionKind
    any_of: tuple[Term, ...] = ()
    span: Span = _span()


@attrs.frozen
class EveryYear:
    """One duty per bound office and calendar year."""

    span: Span = _span()


@attrs.frozen
class EveryQuarter:
    """One duty per quarter, from the quarter of the office's first ``since_first`` event."""

    since_first: Term
    span: Span = _span()


@attrs.frozen
class Once:
    """A single duty, not tied to a period."""

    span: Span = _span()


@attrs.frozen
class ForEachEvent:
    """One duty per matching event (``last_of_year``: per office and year, its last one)."""

    action: Term
    by: tuple[Term, ...]
    conditions: tuple[Condition, ...] = ()
    last_of_year: bool = False
    span: Span = _span()


Scope = EveryYear | EveryQuarter | Once | ForEachEvent


class BoundKind(enum.Enum):
    """Who owes a duty."""

    LISTED = "listed"  # the offices named (roles or groups)
    SAME_ACTOR = "the same actor"  # the office whose event created the duty
    NEAREST_ABOVE = "the nearest above"  # the closest superior office of a group


@attrs.frozen
class Bound:
    """Who owes a duty: the offices named, the event's own office, or the nearest above."""

    kind: BoundKind
    who: tuple[Term, ...] = ()
    span: Span = _span()


@attrs.frozen
class DoAction:
    """The bound office must log an event of ``action`` meeting every condition."""

    action: Term
    conditions: tuple[Condition, ...] = ()
    span: Span = _span()


@attrs.frozen
class EnsureIncluded:
    """The triggering meeting must list one of ``any_of`` among its participants."""

    any_of: tuple[Term, ...]
    span: Span = _span()


@attrs.frozen
class Attend:
    """The bound office must be among the triggering meeting's participants."""

    deputy_allowed: bool = False
    span: Span = _span()


Duty = DoAction | EnsureIncluded | Attend


@attrs.frozen
class Obligation:
    """A clause's '... must ...' line: who owes the duty, and what discharges it."""

    bound: Bound
    duty: Duty
    span: Span = _span()


# ---- by when ---------------------------------------------------------------------


class Anchor(enum.Enum):
    """The day of the triggering event a term counts from."""

    MEETING_STARTS = "the meeting starts"
    MEETING_ENDS = "the meeting ends"
    REPORT_RECEIVED = "the report is received"


class PeriodKind(enum.Enum):
    """The period a 'by day N of the month after the ...' deadline follows."""

    QUARTER = "quarter"
    YEAR = "year"


@attrs.frozen
class Duration:
    """A length of a term: ``amount`` ``unit`` (10 calendar days, 1 month)."""

    amount: int
    unit: Unit
    span: Span = _span()


@attrs.frozen
class Window:
    """During quarter ``quarter`` of the duty's year; due its last day, never shifted."""

    quarter: int
    span: Span = _span()


@attrs.frozen
class FixedDate:
    """By ``day`` ``month`` of the duty's year, the day included."""

    day: int
    month: int
    span: Span = _span()


@attrs.frozen
class DayOfNextMonth:
    """By day ``day`` of the month after the period."""

    day: int
    period: PeriodKind
    span: Span = _span()


@attrs.frozen
class After:
    """Within ``duration`` after the anchor (counted by the clause's counting policies)."""

    duration: Duration
    anchor: Anchor
    span: Span = _span()


@attrs.frozen
class Before:
    """At least ``duration`` before the anchor (a notice; never shifted)."""

    duration: Duration
    anchor: Anchor
    span: Span = _span()


@attrs.frozen
class OnMeetingDay:
    """Met (or not) at the triggering meeting itself."""

    span: Span = _span()


@attrs.frozen
class NoDeadline:
    """The decree gives no date: pending until done."""

    span: Span = _span()


Deadline = Window | FixedDate | DayOfNextMonth | After | Before | OnMeetingDay | NoDeadline


@attrs.frozen
class EarlyEvents:
    """Events earlier in the year than the window discharge a window duty."""

    span: Span = _span()


@attrs.frozen
class Exemption:
    """Offices whose ``field`` (``body``, ``role``, ``level`` or ``id``) is ``value`` are exempt."""

    field: Term
    value: Term
    span: Span = _span()


@attrs.frozen
class Sharing:
    """One event may discharge every duty of the clause whose meeting is in its year."""

    span: Span = _span()


@attrs.frozen
class CountingLine:
    """``counting civil_code without shift_forward``: the policies terms are counted by."""

    names: tuple[Term, ...]
    without: tuple[Term, ...] = ()
    span: Span = _span()


@attrs.frozen
class Rule:
    """The duty a clause sets: what creates it, who owes it, what discharges it, by when."""

    scope: Scope
    obligation: Obligation
    deadline: Deadline
    early_events: EarlyEvents | None = None
    exemptions: tuple[Exemption, ...] = ()
    sharing: Sharing | None = None
    span: Span = _span()


# ---- metadata clauses ------------------------------------------------------------


@attrs.frozen
class RepealedAct:
    """An earlier act a clause repeals: its kind, number, date, title and publication."""

    kind: Term
    number: int
    dated: date
    title: str
    published: str | None = None
    span: Span = _span()


@attrs.frozen
class Clause:
    """One clause of the decree: number, title, texts, the duty it sets (if any), notes."""

    number: str
    title: str
    texts: tuple[Text, ...] = ()
    rule: Rule | None = None
    repeals: tuple[RepealedAct, ...] = ()
    in_force: date | None = None
    notes: tuple[Note, ...] = ()
    counting: CountingLine | None = None
    acknowledged: tuple[Acknowledgement, ...] = ()
    span: Span = _span()

    def text(self, language: str) -> str | None:
        """The clause's text in ``language``, if the rule file gives it."""
        for text in self.texts:
            if text.language.name == language:
                return text.text
        return None


@attrs.frozen
class Decree:
    """A whole rule set: the header, the groups and the clauses, in file order."""

    title: str
    titles: tuple[Text, ...] = ()
    preambles: tuple[Text, ...] = ()
    notes: tuple[Note, ...] = ()
    groups: tuple[Group, ...] = ()
    clauses: tuple[Clause, ...] = ()
    counting: CountingLine | None = None
    words: tuple[Word, ...] = ()
    span: Span = _span()
    files: tuple[RuleFile, ...] = attrs.field(default=(), eq=False, repr=False)
    """The rule files it was read from, with their SHA-256 (by ``load_decree``)."""

    @property
    def vocabulary(self) -> Vocabulary:
        """The declared words, each once, in the order declared (event logs use them)."""

        def names(kind: WordKind) -> tuple[str, ...]:
            return tuple(dict.fromkeys(w.name.name for w in self.words if w.kind is kind))

        meetings = (w.name.name for w in self.words if w.kind is WordKind.ACTION and w.meeting)
        return Vocabulary(
            actions=names(WordKind.ACTION),
            channels=names(WordKind.CHANNEL),
            recipients=names(WordKind.RECIPIENT),
            participants=names(WordKind.PARTICIPANT),
            meetings=tuple(dict.fromkeys(meetings)),
        )

    def clause(self, number: str) -> Clause:
        for clause in self.clauses:
            if clause.number == number:
                return clause
        raise KeyError(number)

    def group(self, name: str) -> Group | None:
        for group in self.groups:
            if group.name.name == name:
                return group
        return None

    @property
    def in_force(self) -> date | None:
        """The entry into force stated by a clause (clause 15 of the decree)."""
        for clause in self.clauses:
            if clause.in_force is not None:
                return clause.in_force
        return None
