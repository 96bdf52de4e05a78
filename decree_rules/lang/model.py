"""The decree as data: frozen value objects built from rule files.

Every node carries a :class:`~decree_rules.core.source.Span` (where it was written); spans
are excluded from equality so that ``parse(format(decree)) == decree``. Names written by the
user (roles, actions, channels) stay :class:`Term` objects with their own span, so the
validator can point at the exact word it does not know.
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
class TermFrom:
    """Where a term after the last meeting of the year runs from: the office's own last
    meeting (``below`` None), or the later of it and the last meeting that year of the
    offices of the group ``below`` under it."""

    below: Term | None = None
    span: Span = _span()


@attrs.frozen
class Together:
    """Several events may meet the duty's conditions together; met on the last one's day."""

    span: Span = _span()


@attrs.frozen
class Sharing:
    """One event may discharge every duty of the clause whose meeting is in its year (a
    notice), or, ``every_duty``, every open duty of the clause it fits; or, ``named``, every
    open duty of the events it names in ``refs`` (and one duty when it names none)."""

    every_duty: bool = False
    named: bool = False
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
    term_from: TermFrom | None = None
    together: Together | None = None
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


class ChangeKind(enum.Enum):
    """What an amending act does to a clause."""

    AMENDED = "amended"  # new wording of a clause the decree has
    ADDED = "added"  # a clause the decree did not have
    REPEALED = "repealed"  # the clause no longer applies


@attrs.frozen
class ClauseChange:
    """``amended by ACT [from DATE]``: the clause block is the text ``act`` gives it, from
    ``from_day`` (default: the act's entry into force)."""

    kind: ChangeKind
    act: Term
    from_day: date | None = None
    span: Span = _span()


class Straddle(enum.Enum):
    """Which text a period that straddles an act's date follows (the act's transitional
    provision): the one in force on the period's first day, or on its last day."""

    FIRST_DAY = "first"
    LAST_DAY = "last"


@attrs.frozen
class Act:
    """An act that amends the decree: its name in the rules, title, number, date, entry
    into force, texts and notes; and, if it does, the day it repeals the whole decree."""

    name: Term
    title: str
    number: str | None = None
    dated: date | None = None
    in_force: date | None = None
    straddle: Straddle = Straddle.FIRST_DAY
    repeals_decree: date | None = None
    texts: tuple[Text, ...] = ()
    notes: tuple[Note, ...] = ()
    span: Span = _span()


@attrs.frozen
class Clause:
    """One clause of the decree: number, title, texts, the duty it sets (if any), notes.

    ``change`` is set on a later text of a clause: the act that amends, adds or repeals it.
    """

    number: str
    title: str
    texts: tuple[Text, ...] = ()
    rule: Rule | None = None
    repeals: tuple[RepealedAct, ...] = ()
    in_force: date | None = None
    notes: tuple[Note, ...] = ()
    counting: CountingLine | None = None
    acknowledged: tuple[Acknowledgement, ...] = ()
    change: ClauseChange | None = None
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
    acts: tuple[Act, ...] = ()
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
        """The clause ``number`` as adopted (its first text in the rules)."""
        for clause in self.clauses:
            if clause.number == number:
                return clause
        raise KeyError(number)

    def act(self, name: str) -> Act | None:
        for act in self.acts:
            if act.name.name == name:
                return act
        return None

    def group(self, name: str) -> Group | None:
        for group in self.groups:
            if group.name.name == name:
                return group
        return None

    @property
    def in_force(self) -> date | None:
        """The entry into force stated by a clause (clause 15 of the decree)."""
        for clause in self.clauses:
            if clause.in_force is not None and clause.change is None:
                return clause.in_force
        return None

    def at(self, day: date) -> Decree:
        """The text in force on ``day`` (:func:`decree_at`): one text per clause."""
        return decree_at(self, day)

    @property
    def amended(self) -> bool:
        """Whether the rules hold an act that changes the decree."""
        return bool(self.acts) or any(c.change is not None for c in self.clauses)


# ---- the law over time ------------------------------------------------------------


@attrs.frozen
class Version:
    """One text of a clause and the days it applies: from ``valid_from`` up to the day
    before ``valid_until`` (None: still in force).

    ``act`` is the act that gave the text (None: the decree as adopted); ``straddle`` is
    the reading of that act for a period that straddles ``valid_from``. A version whose
    clause ``repealed`` sets nothing: the clause no longer applies from ``valid_from``.
    """

    clause: Clause
    act: Act | None
    valid_from: date
    valid_until: date | None
    straddle: Straddle = Straddle.FIRST_DAY

    @property
    def repealed(self) -> bool:
        change = self.clause.change
        return change is not None and change.kind is ChangeKind.REPEALED

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


def change_day(clause: Clause, act: Act | None) -> date | None:
    """The day a changed clause's text applies from: its own ``from``, else the act's
    entry into force (None when neither is known, which validation reports)."""
    change = clause.change
    if change is None:
        return None
    if change.from_day is not None:
        return change.from_day
    return act.in_force if act is not None else None


def clause_versions(decree: Decree) -> dict[str, tuple[Version, ...]]:
    """Every clause's texts in the order they applied, in clause order (the decree's
    clauses first, then clauses an act added).

    The decree's own text applies from its entry into force (from the earliest day when
    it states none); an act that repeals the whole decree ends every clause on that day.
    """
    adopted = decree.in_force or date.min
    texts: dict[str, list[tuple[date, Clause, Act | None]]] = {}
    for clause in decree.clauses:
        act = decree.act(clause.change.act.name) if clause.change is not None else None
        start = change_day(clause, act) if clause.change is not None else adopted
        texts.setdefault(clause.number, []).append((start or adopted, clause, act))
    ends = [(act.repeals_decree, act) for act in decree.acts if act.repeals_decree is not None]
    end = min(ends, key=lambda pair: pair[0]) if ends else None
    found: dict[str, tuple[Version, ...]] = {}
    for number, written in texts.items():
        written.sort(key=lambda item: item[0])
        versions: list[Version] = []
        for place, (start, clause, act) in enumerate(written):
            until = written[place + 1][0] if place + 1 < len(written) else None
            if end is not None and start >= end[0]:
                break
            if end is not None and (until is None or until > end[0]):
                until = end[0]
            straddle = act.straddle if act is not None else Straddle.FIRST_DAY
            versions.append(Version(clause, act, start, until, straddle))
        if end is not None and versions and versions[-1].valid_until == end[0]:
            last = versions[-1].clause
            repeal = Clause(
                last.number,
                last.title,
                change=ClauseChange(ChangeKind.REPEALED, end[1].name, end[0]),
            )
            versions.append(Version(repeal, end[1], end[0], None, end[1].straddle))
        found[number] = tuple(versions)
    return found


def version_on(versions: tuple[Version, ...], day: date) -> Version | None:
    """Of one clause's ``versions`` (:func:`clause_versions`), the one that applies on
    ``day``; the first (the text as adopted) when ``day`` is before all of them."""
    if day < versions[0].valid_from:
        return versions[0]
    for version in versions:
        if version.applies_on(day):
            return version
    return None


def decree_at(decree: Decree, day: date) -> Decree:
    """The decree as it stood on ``day``: each clause in the text that applied that day
    (the text as adopted before the entry into force); repealed clauses are left out."""
    current: list[Clause] = []
    for versions in clause_versions(decree).values():
        chosen = version_on(versions, day)
        if chosen is not None and not chosen.repealed:
            current.append(attrs.evolve(chosen.clause, change=None))
    return attrs.evolve(decree, clauses=tuple(current), acts=())
