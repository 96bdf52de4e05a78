"""Rules to a plan: for each clause that sets a duty, what creates it, who owes it, what
discharges it, by when, and how its terms are counted.

A clause that an act amended has one duty plan per text, each with the days it applies
(:class:`Applies`): a duty is made under the text that applied on the day it arose (its
period's first day, or its trigger's local day). The plan is what an engine executes;
making one takes microseconds.
"""

from __future__ import annotations

from datetime import date

import attrs

from decree_rules.core.policies import CIVIL_CODE, Counting
from decree_rules.lang.model import (
    Act,
    Bound,
    Clause,
    Deadline,
    Decree,
    DoAction,
    Duty,
    Exemption,
    ForEachEvent,
    Scope,
    Straddle,
    Term,
    Version,
    clause_versions,
)


@attrs.frozen
class Applies:
    """The days one text of a clause applies, and which text a period follows.

    ``act`` gave the text (None: the decree as adopted); it applies from ``valid_from``
    up to the day before ``valid_until`` (None: still in force). ``changes`` are the days
    the clause's text changes (or it is repealed), each with the reading of the act that
    changes it for a period that straddles that day.
    """

    act: Act | None
    valid_from: date
    valid_until: date | None
    changes: tuple[tuple[date, Straddle], ...]
    since: date | None = None
    """The day the text began to apply, as the report names it (the decree's entry into
    force for its own text)."""

    def arose(self, first: date, last: date) -> date:
        """The day a duty of the period ``first``..``last`` arose, for choosing its text:
        the first day, unless the last change inside it reads 'on its last day'."""
        inside = [reading for day, reading in self.changes if first < day <= last]
        return last if inside and inside[-1] is Straddle.LAST_DAY else first

    def covers(self, day: date) -> bool:
        """Whether a duty that arose on ``day`` is made under this text."""
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


ALWAYS = Applies(None, date.min, None, ())
"""A clause no act changed: its one text applies whenever the decree does."""


@attrs.frozen
class DutyPlan:
    """One clause's duty, ready to be executed.

    ``index`` is the clause's place in the decree (findings are ordered by it);
    ``at_meeting`` says the duty is met or missed at the triggering meeting itself (who
    took part), so it is decided where the meeting is, whoever owes it.
    """

    index: int
    number: str
    title: str
    scope: Scope
    bound: Bound
    duty: Duty
    deadline: Deadline
    counting: Counting
    early_events: bool
    shared: bool
    """'one event serves ...': an event discharges every open duty it fits."""
    exemptions: tuple[Exemption, ...]
    at_meeting: bool
    applies: Applies = ALWAYS
    term_below: tuple[Term, ...] = ()
    """'the term runs from ... or of GROUP under it': the group whose meetings count."""
    together: bool = False
    """'events may meet the conditions together'."""
    versioned: bool = False
    """Whether the clause has more than one text (its findings then name theirs)."""
    shared_named: bool = False
    """'one event serves every open duty it names': an event with ``refs`` discharges
    every open duty of the events it names; any other, one (``shared`` is False)."""

    @property
    def per_event(self) -> bool:
        """Whether each event of an action creates its own duty ('for each ...')."""
        return isinstance(self.scope, ForEachEvent)


@attrs.frozen
class Plan:
    """The decree's duties in clause order, and the day it entered into force."""

    decree: Decree
    duties: tuple[DutyPlan, ...]
    in_force: date

    def uses_action(self, action: str) -> tuple[str, ...]:
        """The clauses whose duties an event of ``action`` creates or discharges."""
        return tuple(
            duty.number
            for duty in self.duties
            if (isinstance(duty.duty, DoAction) and duty.duty.action.name == action)
            or (isinstance(duty.scope, ForEachEvent) and duty.scope.action.name == action)
        )


def make_plan(decree: Decree) -> Plan:
    """The plan of ``decree``'s clauses that set a duty, in clause order (a clause's texts
    in the order they applied)."""
    if not decree.amended:
        duties = [
            _duty_plan(index, decree, clause, ALWAYS, versioned=False)
            for index, clause in enumerate(decree.clauses)
            if clause.rule is not None
        ]
        return Plan(decree, tuple(duties), decree.in_force or date.min)
    made: list[DutyPlan] = []
    for index, versions in enumerate(clause_versions(decree).values()):
        changes = tuple((v.valid_from, v.straddle) for v in versions[1:])
        for place, version in enumerate(versions):
            if version.clause.rule is None:
                continue
            applies = _applies(version, changes, first=place == 0)
            made.append(
                _duty_plan(index, decree, version.clause, applies, versioned=len(versions) > 1)
            )
    return Plan(decree, tuple(made), decree.in_force or date.min)


def _applies(
    version: Version, changes: tuple[tuple[date, Straddle], ...], *, first: bool
) -> Applies:
    # The decree's own text covers everything before its first change: what lies before
    # the entry into force is left out by the engine, as for a clause no act changed.
    start = date.min if first and version.act is None else version.valid_from
    return Applies(version.act, start, version.valid_until, changes, version.valid_from)


def _duty_plan(
    index: int, decree: Decree, clause: Clause, applies: Applies, *, versioned: bool
) -> DutyPlan:
    rule = clause.rule
    assert rule is not None
    return DutyPlan(
        index=index,
        number=clause.number,
        title=clause.title,
        scope=rule.scope,
        bound=rule.obligation.bound,
        duty=rule.obligation.duty,
        deadline=rule.deadline,
        counting=counting_of(decree, clause),
        early_events=rule.early_events is not None,
        shared=rule.sharing is not None and not rule.sharing.named,
        shared_named=rule.sharing is not None and rule.sharing.named,
        exemptions=rule.exemptions,
        at_meeting=not isinstance(rule.obligation.duty, DoAction),
        applies=applies,
        term_below=(rule.term_from.below,)
        if rule.term_from is not None and rule.term_from.below is not None
        else (),
        together=rule.together is not None,
        versioned=versioned,
    )


def counting_of(decree: Decree, clause: Clause) -> Counting:
    """The policies ``clause``'s terms are counted by: its own line, else the decree's."""
    line = clause.counting or decree.counting
    if line is None:
        return CIVIL_CODE
    return Counting.from_names((t.name for t in line.names), (t.name for t in line.without))
