"""Checks a dated event log against the decree's duties: plan, decide, and state the facts.

``evaluate`` is pure: the as-of date and the working-day calendar are passed in, the clock
is never read. For each clause of the plan it creates the duties (per office and period,
or per triggering event), lets the events discharge them in time order, and settles each
duty's status. Every finding carries its explanation as typed steps (no prose: the
explain layer words them). Every event ends up as a finding's trigger or evidence, or in
``unmatched_events`` with its reasons.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Protocol

import attrs

from decree_rules.core.facts import Step
from decree_rules.core.ids import natural_key, tie_key
from decree_rules.core.periods import quarter_bounds
from decree_rules.engine.discharge import Ledger, discharge
from decree_rules.engine.duties import Duty, DutyMaker, TieKey, WarningKey
from decree_rules.engine.offices import Offices, offices_for
from decree_rules.engine.plan import DutyPlan, Plan, make_plan
from decree_rules.engine.settle import settle
from decree_rules.engine.steps import (
    BeforeInForce,
    CalendarData,
    ClauseCited,
    DueBeforeInForce,
    EmptyLog,
    Gap,
    HeldBeforeWindow,
    MetTogether,
    NoClauseUses,
    NoDateGiven,
    NoOfficeBound,
    NoOpenDuty,
    NotAsked,
    OfficeBounds,
    Part,
    ScopeKind,
    Status,
    TextApplied,
)
from decree_rules.engine.timeline import Resolved, resolve
from decree_rules.io.memory import check_records
from decree_rules.io.records import Actor, Event, RejectedRow
from decree_rules.lang.model import (
    BoundKind,
    Decree,
    DoAction,
    EveryQuarter,
    ForEachEvent,
    Window,
)
from decree_rules.time.calendars import KazakhCalendar, WorkingCalendar
from decree_rules.time.zones import zone_data_version

__all__ = [
    "Backend",
    "Finding",
    "FindingKey",
    "PartResult",
    "Report",
    "Status",
    "UnmatchedEvent",
    "WarningKey",
    "bounded_offices",
    "evaluate",
    "evaluate_part",
    "natural_key",
    "report_warnings",
]


@attrs.frozen
class Finding:
    """One duty and what became of it (the contract's finding object).

    ``steps`` are the facts behind it, in the order of its explanation's sentences
    (:func:`decree_rules.explain.sentences.explanation` words them).
    """

    rule: str
    actor: str
    period: str | None
    trigger: str | None
    due: date | None
    status: Status
    evidence: tuple[str, ...]
    steps: tuple[Step, ...]


@attrs.frozen
class UnmatchedEvent:
    """An event that is no finding's trigger or evidence, and every reason why.

    ``code`` is the code of its first (main) reason.
    """

    id: str
    reasons: tuple[Step, ...]
    actor: str = attrs.field(default="", eq=False)
    """The event's office (where a partitioned check decides whether to report it)."""

    @property
    def code(self) -> str:
        return self.reasons[0].code


@attrs.frozen
class Report:
    """The result of one evaluation."""

    as_of: date
    findings: tuple[Finding, ...]
    unmatched_events: tuple[UnmatchedEvent, ...]
    warnings: tuple[Step, ...] = ()
    calendar: str = ""
    zone_data: str = ""
    events_read: int = 0
    rejected_rows: tuple[RejectedRow, ...] = ()
    """Rows a lenient read skipped (registry and event log); empty when reading strictly."""
    actors_read: int = 0

    @property
    def satisfied(self) -> bool:
        """True exactly when no duty is late or violated (exit code 0)."""
        return not any(f.status in (Status.LATE, Status.VIOLATED) for f in self.findings)

    def summary(self) -> dict[str, int]:
        """How many findings have each status."""
        counts = {status.value: 0 for status in Status}
        for finding in self.findings:
            counts[finding.status.value] += 1
        return counts


def evaluate(
    decree: Decree,
    actors: Iterable[Actor],
    events: Iterable[Event],
    as_of: date,
    *,
    calendar: WorkingCalendar | None = None,
    rejected: Sequence[RejectedRow] = (),
    backend: Backend | None = None,
) -> Report:
    """Check ``events`` by ``actors`` against ``decree`` as things stood on ``as_of``.

    ``rejected`` lists the rows a lenient read skipped; they are carried into the report.
    Raises :class:`~decree_rules.core.diagnostics.InputError` (or a group) for records of
    the wrong types, duplicate ids, events of offices not in ``actors`` and refs to no
    event (:func:`decree_rules.io.memory.check_records`).
    """
    working = calendar if calendar is not None else KazakhCalendar()
    offices = tuple(actors)
    logged = tuple(events)
    # Records built by hand are checked as the readers check rows: located errors, not a
    # TypeError deep in the engine.
    check_records(offices, logged)
    part = evaluate_part(decree, offices, enumerate(logged), as_of, working, backend=backend)
    return Report(
        as_of=as_of,
        findings=tuple(finding for _, finding in part.findings),
        unmatched_events=tuple(part.unmatched_events),
        warnings=report_warnings(
            len(logged),
            part.warnings,
            part.due_years,
            working,
            unbound=unbound_clauses(decree, offices_for(decree, offices)),
            bounded=bounded_offices(offices, decree.in_force, as_of),
        ),
        calendar=working.description,
        zone_data=f"tzdata {zone_data_version()}",
        events_read=len(logged),
        rejected_rows=tuple(rejected),
        actors_read=len(offices),
    )


FindingKey = tuple[int, date, tuple[int, int], float, str, TieKey]
"""Orders findings: clause, due day, period, trigger instant, office, trigger's id.

A total order, so findings evaluated in separate partitions merge into the same sequence a
single evaluation gives.
"""


@attrs.frozen
class PartResult:
    """What evaluating the duties of some offices gives, before partitions are merged.

    ``findings`` are sorted by key; ``unmatched_events`` (by natural id) holds every event
    given that nothing used, whichever its office; ``used`` the ids of the events used as
    a trigger or as evidence; ``warnings`` every warning, whichever the office of the
    event it is about.
    """

    findings: list[tuple[FindingKey, Finding]]
    unmatched_events: list[UnmatchedEvent]
    used: frozenset[str]
    warnings: list[tuple[WarningKey, Step]]
    due_years: set[int]


def evaluate_part(
    decree: Decree,
    actors: Sequence[Actor],
    events: Iterable[tuple[int, Event]],
    as_of: date,
    calendar: WorkingCalendar,
    *,
    owns: Callable[[str], bool] | None = None,
    offices: Offices | None = None,
    backend: Backend | None = None,
) -> PartResult:
    """Evaluate the duties of the offices ``owns`` accepts (all when None).

    ``events`` are pairs of (place in the whole log, event): the events of those offices and
    of the other offices whose events create duties for them. ``offices``, when given, is
    :class:`~decree_rules.engine.offices.Offices` of this decree and ``actors``, kept from
    an earlier call. ``backend``, when given, decides the clauses it takes (the compiled
    engine, :mod:`decree_rules.engine.compiled`); the others are decided here.
    """
    who = offices_for(decree, actors if offices is None else offices)
    plan = make_plan(decree)
    timeline = resolve(events, who.actors, as_of)
    local = actors if owns is None else tuple(a for a in actors if owns(a.id))
    maker = DutyMaker(plan, who, local, timeline.events, as_of=as_of, calendar=calendar, owns=owns)
    ledger = Ledger()
    findings: list[tuple[FindingKey, Finding]] = []
    due_years: set[int] = set()
    for texts in _competing(plan.duties):
        duty_plan = texts[0]
        cited = {id(text): _cited(text) for text in texts}
        for duty, evidence, notes in _decide(texts, maker, ledger, backend):
            finding = _finding(duty, cited[id(duty.plan)], evidence, notes, as_of)
            findings.append(((duty_plan.index, *duty.sort_key()), finding))
            if duty.due is not None:
                due_years.add(duty.due.year)
    reasons = _Reasons(plan, who, ledger)
    taking_part = {ev.id for ev in timeline.events}
    unmatched = [
        UnmatchedEvent(event_id, (why,), actor)
        for event_id, (actor, why) in timeline.set_aside.items()
        if event_id not in taking_part
    ]
    unmatched.extend(
        UnmatchedEvent(ev.id, reasons.of(ev), ev.actor.id)
        for ev in timeline.events
        if ev.id not in ledger.used
    )
    unmatched.sort(key=lambda u: tie_key(u.id))
    return PartResult(findings, unmatched, frozenset(ledger.used), maker.warnings, due_years)


class Backend(Protocol):
    """An engine that decides some clauses' duties within an evaluation (the compiled one)."""

    def takes(self, texts: Sequence[DutyPlan]) -> bool: ...

    def decide(
        self, plan: DutyPlan, maker: DutyMaker, ledger: Ledger
    ) -> list[tuple[Duty, Sequence[Resolved], Sequence[Step]]]: ...


def _decide(
    texts: Sequence[DutyPlan], maker: DutyMaker, ledger: Ledger, backend: Backend | None
) -> Iterable[tuple[Duty, Sequence[Resolved], Sequence[Step]]]:
    """The duties of one clause's competing texts, with their evidence and notes, in the
    order findings are reported: from ``backend`` when it takes them, else decided here."""
    if backend is not None and backend.takes(texts):
        return backend.decide(texts[0], maker, ledger)
    duty_plan = texts[0]
    duties = [duty for text in texts for duty in maker.create(text)]
    if len(texts) > 1:
        duties.sort(key=Duty.sort_key)
    action = duty_plan.duty.action.name if isinstance(duty_plan.duty, DoAction) else ""
    found = discharge(duty_plan, duties, maker.events_of(action), ledger)
    return [(duty, found.evidence_of(duty), found.notes_of(duty)) for duty in duties]


def _competing(plans: Sequence[DutyPlan]) -> list[list[DutyPlan]]:
    """The duty plans whose duties compete for the same events: one clause's texts with
    the same action and the same way of being met (each plan alone, for most clauses)."""
    groups: dict[tuple[int, str, bool], list[DutyPlan]] = {}
    for plan in plans:
        action = plan.duty.action.name if isinstance(plan.duty, DoAction) else ""
        groups.setdefault((plan.index, action, plan.at_meeting), []).append(plan)
    return list(groups.values())


def _cited(plan: DutyPlan) -> tuple[Step, ...]:
    """The first steps of a finding: the clause, and the text of it the duty was made
    under when an act changed the clause."""
    cited = ClauseCited(plan.number, plan.title)
    if not plan.versioned:
        return (cited,)
    applies = plan.applies
    act = applies.act
    text = TextApplied(
        plan.number,
        applies.since,
        applies.valid_until,
        act.name.name if act is not None else None,
        act.title if act is not None else None,
        act.number if act is not None else None,
        act.dated if act is not None else None,
    )
    return (cited, text)


def _finding(
    duty: Duty,
    cited: tuple[Step, ...],
    evidence: Sequence[Resolved],
    notes: Sequence[Step],
    as_of: date,
) -> Finding:
    status, verdict = settle(duty, evidence, as_of)
    steps: list[Step] = [*cited, *duty.context]
    due = duty.due
    if duty.exempt is not None:
        if isinstance(duty.exempt, DueBeforeInForce) and duty.deadline is not None:
            steps.extend(duty.deadline.steps)  # the arithmetic that put the day before the law
        steps.append(duty.exempt)
        due = None
    else:
        if duty.deadline is not None:
            steps.extend(duty.deadline.steps)
        else:
            steps.append(NoDateGiven())
        steps.extend(notes)
        early = _held_before_window(duty, evidence)
        if early is not None:
            steps.append(early)
        if len(evidence) > 1 and duty.plan.together:
            steps.append(MetTogether(tuple(Part(ev.id, ev.day) for ev in evidence)))
        if verdict is not None:
            steps.append(verdict)
    return Finding(
        rule=duty.plan.number,
        actor=duty.actor.id,
        period=str(duty.period) if duty.period is not None else None,
        trigger=duty.trigger.id if duty.trigger is not None else None,
        due=due,
        status=status,
        evidence=tuple(ev.id for ev in evidence),
        steps=tuple(steps),
    )


def _held_before_window(duty: Duty, evidence: Sequence[Resolved]) -> Step | None:
    """The step saying a window duty was met by a meeting held before its window, which
    the rule line 'events earlier in the year count' counts (None otherwise)."""
    rule = duty.plan.deadline
    if not (evidence and duty.plan.early_events and isinstance(rule, Window) and duty.period):
        return None
    start = quarter_bounds(duty.period.year, rule.quarter)[0]
    last = evidence[-1]
    return HeldBeforeWindow(last.id, last.day, start) if last.day < start else None


def unbound_clauses(decree: Decree, offices: Offices) -> tuple[Step, ...]:
    """A warning for each clause that binds no office of the registry (in clause order)."""
    found: list[Step] = []
    for duty in make_plan(decree).duties:
        bound = duty.bound
        named = [bound.who] if bound.kind is not BoundKind.SAME_ACTOR else []
        if bound.kind is not BoundKind.LISTED and isinstance(duty.scope, ForEachEvent):
            named.append(duty.scope.by)  # whose events create the duty
        for names in named:
            if names and not offices.bound_actors(names):
                found.append(NoOfficeBound(duty.number, tuple(t.name for t in names)))
                break
    return tuple(found)


def bounded_offices(
    actors: Iterable[Actor], in_force: date | None, as_of: date
) -> tuple[Step, ...]:
    """A warning for each office that begins or ends (or has a gap) within the days
    checked, in registry order: it owes no duty of a period or event outside its days,
    and the report says so rather than leave the missing findings unexplained."""
    first = in_force or date.min
    found: list[Step] = []
    for actor in actors:
        starts = actor.valid_from is not None and first < actor.valid_from <= as_of
        ends = actor.valid_until is not None and first <= actor.valid_until < as_of
        gaps = tuple(
            Gap(earlier.valid_until + timedelta(days=1), later.valid_from - timedelta(days=1))
            for earlier, later in itertools.pairwise(actor.tenures)
            if earlier.valid_until is not None
            and later.valid_from is not None
            and later.valid_from > earlier.valid_until + timedelta(days=1)
        )
        if starts or ends or gaps:
            found.append(
                OfficeBounds(
                    actor.id,
                    actor.valid_from if starts else None,
                    actor.valid_until if ends else None,
                    gaps,
                )
            )
    return tuple(found)


def report_warnings(
    events_read: int,
    keyed: Iterable[tuple[WarningKey, Step]],
    due_years: Iterable[int],
    calendar: WorkingCalendar,
    *,
    unbound: Iterable[Step] = (),
    bounded: Iterable[Step] = (),
) -> tuple[Step, ...]:
    """The report's warnings in their fixed order: empty log, clauses that bind no office,
    offices that begin or end within the days checked, clauses, calendar data."""
    warnings: list[Step] = []
    if not events_read:
        warnings.append(EmptyLog())
    warnings.extend(unbound)
    warnings.extend(bounded)
    warnings.extend(step for _, step in sorted(keyed, key=lambda pair: pair[0]))
    for year in sorted(set(due_years)):
        notice = calendar.data_warning(year)
        if notice is not None:
            warnings.append(CalendarData(notice))
    return tuple(warnings)


class _Reasons:
    """Why an event that was given discharged and created nothing.

    What does not come from the ledger depends only on the event's action and its
    office's role and level: that is worked out once per (action, role, level), and each
    event's steps (which name its office) are made from it.
    """

    def __init__(self, plan: Plan, who: Offices, ledger: Ledger) -> None:
        self.plan = plan
        self.who = who
        self.ledger = ledger
        self._clauses: dict[str, tuple[str, ...]] = {}
        self._owed: dict[tuple[str, int, int], tuple[DutyPlan, ...]] = {}

    def of(self, ev: Resolved) -> tuple[Step, ...]:
        refused = self.ledger.refusals.get(ev.id)
        if refused:
            return tuple(dict.fromkeys(refused))
        in_force = self.plan.in_force
        if ev.day < in_force:
            return (BeforeInForce(ev.day, in_force),)
        action = ev.action
        clauses = self._clauses.get(action)
        if clauses is None:
            clauses = self._clauses[action] = self.plan.uses_action(action)
        if not clauses:
            return (NoClauseUses(action),)
        actor = ev.actor
        # Enum members are singletons: their ids key the role and level (as Offices does).
        key = (action, id(actor.role), id(actor.level))
        owed = self._owed.get(key)
        if owed is None:
            owed = self._owed[key] = tuple(
                duty for duty in self.plan.duties if self._may_owe(duty, actor, action)
            )
        if owed:
            return tuple(_no_open_duty(duty, actor) for duty in owed)
        return (NotAsked(actor.id, actor.role, action, clauses, actor.level),)

    def _may_owe(self, duty: DutyPlan, actor: Actor, action: str) -> bool:
        """Whether ``actor`` could owe a duty of ``duty`` discharged by ``action`` (its role
        and level decide)."""
        kind = duty.duty
        if not isinstance(kind, DoAction) or kind.action.name != action:
            return False
        bound = duty.bound
        if bound.kind is BoundKind.LISTED:
            return self.who.matches(actor, bound.who)
        scope = duty.scope
        if bound.kind is BoundKind.SAME_ACTOR and isinstance(scope, ForEachEvent):
            return self.who.matches(actor, scope.by)
        return self.who.matches(actor, bound.who)


def _no_open_duty(duty: DutyPlan, actor: Actor) -> NoOpenDuty:
    scope = duty.scope
    if isinstance(scope, ForEachEvent):
        return NoOpenDuty(duty.number, actor.id, ScopeKind.EVENT, scope.action.name)
    if isinstance(scope, EveryQuarter):
        return NoOpenDuty(duty.number, actor.id, ScopeKind.QUARTER, scope.since_first.name)
    return NoOpenDuty(duty.number, actor.id, ScopeKind.PERIOD)
