"""Rules to a plan: for each clause that sets a duty, what creates it, who owes it, what
discharges it, by when, and how its terms are counted.

The plan is what an engine executes; making one takes microseconds.
"""

from __future__ import annotations

from datetime import date

import attrs

from decree_rules.core.policies import CIVIL_CODE, Counting
from decree_rules.lang.model import (
    Bound,
    Clause,
    Deadline,
    Decree,
    DoAction,
    Duty,
    Exemption,
    ForEachEvent,
    Scope,
)


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
    exemptions: tuple[Exemption, ...]
    at_meeting: bool

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
    """The plan of ``decree``'s clauses that set a duty, in file order."""
    duties = [
        _duty_plan(index, decree, clause)
        for index, clause in enumerate(decree.clauses)
        if clause.rule is not None
    ]
    return Plan(decree, tuple(duties), decree.in_force or date.min)


def _duty_plan(index: int, decree: Decree, clause: Clause) -> DutyPlan:
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
        shared=rule.sharing is not None,
        exemptions=rule.exemptions,
        at_meeting=not isinstance(rule.obligation.duty, DoAction),
    )


def counting_of(decree: Decree, clause: Clause) -> Counting:
    """The policies ``clause``'s terms are counted by: its own line, else the decree's."""
    line = clause.counting or decree.counting
    if line is None:
        return CIVIL_CODE
    return Counting.from_names((t.name for t in line.names), (t.name for t in line.without))
