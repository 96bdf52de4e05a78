"""Checks a dated event log against the decree's duties.

``evaluate`` is pure: the as-of date and the working-day calendar are passed in, the
clock is never read. For each clause it creates the duties (per office and period, or
per triggering event), then lets events discharge them in time order, and explains every
finding in plain sentences. Every event ends up as a finding's trigger or evidence, or in
``unmatched_events`` with a reason.
"""

from __future__ import annotations

import enum
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

import attrs

from decree_rules.core.periods import Period, period_bounds, quarter_bounds
from decree_rules.core.policies import CIVIL_CODE, OFFICE_CLOSING_HOUR, Counting, Policy
from decree_rules.core.vocabulary import DEPUTY_PREFIX, Level, Role
from decree_rules.io.records import Actor, Event, RejectedRow
from decree_rules.lang.model import (
    After,
    Anchor,
    Attend,
    Before,
    BoundKind,
    Clause,
    Condition,
    ConditionKind,
    DayOfNextMonth,
    Decree,
    DoAction,
    EnsureIncluded,
    EveryQuarter,
    EveryYear,
    FixedDate,
    ForEachEvent,
    NoDeadline,
    Once,
    OnMeetingDay,
    Rule,
    Term,
    Window,
)
from decree_rules.time import calendars as cal
from decree_rules.time.calendars import Deadline, WorkingCalendar, fmt_day
from decree_rules.time.zones import load_zone, zone_data_version


class Status(enum.Enum):
    FULFILLED = "fulfilled"
    LATE = "late"
    VIOLATED = "violated"
    PENDING = "pending"
    EXEMPT = "exempt"


@attrs.frozen
class Finding:
    """One duty and what became of it (the contract's finding object)."""

    rule: str
    actor: str
    period: str | None
    trigger: str | None
    due: date | None
    status: Status
    evidence: tuple[str, ...]
    explanation: tuple[str, ...]


@attrs.frozen
class UnmatchedEvent:
    id: str
    reason: str


@attrs.frozen
class Report:
    """The result of one evaluation."""

    as_of: date
    findings: tuple[Finding, ...]
    unmatched_events: tuple[UnmatchedEvent, ...]
    warnings: tuple[str, ...] = ()
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
) -> Report:
    """Check ``events`` by ``actors`` against ``decree`` as things stood on ``as_of``.

    ``rejected`` lists the rows a lenient read skipped; they are carried into the report.
    """
    working = calendar if calendar is not None else cal.KazakhCalendar()
    offices = tuple(actors)
    logged = tuple(events)
    part = evaluate_part(decree, offices, enumerate(logged), as_of, working)
    findings = tuple(finding for _, finding in part.findings)
    return Report(
        as_of=as_of,
        findings=findings,
        unmatched_events=tuple(part.unmatched_events),
        warnings=report_warnings(len(logged), part.warnings, part.due_years, working),
        calendar=working.description,
        zone_data=f"tzdata {zone_data_version()}",
        events_read=len(logged),
        rejected_rows=tuple(rejected),
        actors_read=len(offices),
    )


FindingKey = tuple[int, date, tuple[int, int], float, str, int]
"""Orders findings: clause, due day, period, trigger instant, office, trigger's place in the log.

A total order, so findings evaluated in separate partitions merge into the same sequence a
single evaluation gives.
"""

WarningKey = tuple[int, float, int]


@attrs.frozen
class PartResult:
    """What evaluating one partition of the offices gives, before partitions are merged.

    ``findings`` and ``unmatched_events`` are sorted (by key, and by natural id);
    ``foreign_used`` holds the ids of events of other partitions that this one used (as
    the trigger of a duty of its own), so their home partition does not call them unmatched.
    """

    findings: list[tuple[FindingKey, Finding]]
    unmatched_events: list[UnmatchedEvent]
    foreign_used: set[str]
    warnings: list[tuple[WarningKey, str]]
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
) -> PartResult:
    """Evaluate the duties of the offices ``owns`` accepts (all when None).

    ``events`` are pairs of (place in the whole log, event): the events of those offices
    and the events of other offices routed here because they create duties for them
    (:func:`trigger_owners`). Each event is reported unmatched only by its own office's
    partition. ``offices``, when given, is :class:`Offices` of this decree and ``actors``,
    kept from an earlier partition.
    """
    return _Evaluation(decree, tuple(actors), events, as_of, calendar, owns, offices).run()


def report_warnings(
    events_read: int,
    keyed: Iterable[tuple[WarningKey, str]],
    due_years: Iterable[int],
    calendar: WorkingCalendar,
) -> tuple[str, ...]:
    """The report's warnings in their fixed order: empty log, clauses, calendar data."""
    warnings: list[str] = []
    if not events_read:
        warnings.append("the event log has no events: every duty due by the as-of date is violated")
    warnings.extend(text for _, text in sorted(keyed, key=lambda pair: pair[0]))
    # Calendars written before data_warning joined the protocol have no such method.
    data_warning = getattr(calendar, "data_warning", None)
    if data_warning is not None:
        for year in sorted(set(due_years)):
            warning = data_warning(year)
            if warning is not None:
                warnings.append(f"calendar data: {warning}")
    return tuple(warnings)


def trigger_owners(
    decree: Decree, actors: Sequence[Actor] | Offices
) -> Callable[[Actor, str], frozenset[str]]:
    """For an office and an action: the other offices whose duties such an event may create
    and whose own events discharge them.

    A superset (dates and conditions are not looked at); a partitioned run sends the event
    to the partitions of these offices as well as to its own. Duties met at the meeting
    itself (who took part) are left out: they are decided where the meeting is.
    ``actors`` is the registry, or :class:`Offices` already built from it for this decree.
    Nothing is cached here: the caller asks once per office and action.
    """
    who = _offices_for(decree, actors)
    rules = [
        (clause.rule, clause.rule.scope)
        for clause in decree.clauses
        if clause.rule is not None
        and isinstance(clause.rule.scope, ForEachEvent)
        and not _decided_at_meeting(clause.rule)
    ]

    def owners(actor: Actor, action: str) -> frozenset[str]:
        found: set[str] = set()
        for rule, scope in rules:
            if scope.action.name != action or not who.matches(actor, scope.by):
                continue
            bound = rule.obligation.bound
            if bound.kind is BoundKind.NEAREST_ABOVE:
                above = who.nearest_above(actor, bound.who)
                if above is not None:
                    found.add(above.id)
            elif bound.kind is not BoundKind.SAME_ACTOR:
                found.update(owner.id for owner in who.bound_actors(bound.who))
        found.discard(actor.id)
        return frozenset(found)

    return owners


# ---- internals -------------------------------------------------------------------


@attrs.frozen
class _Ev:
    """An event with its local days and its instant, resolved once."""

    event: Event
    actor: Actor
    day: date
    end_day: date
    instant: datetime
    order: int
    id: str  # the event's, asked for a million times: an attribute, not a property

    def when(self) -> str:
        text = fmt_day(self.day)
        moment = self.event.time
        if isinstance(moment, datetime):
            zone = load_zone(self.actor.tz)
            local = moment if moment.tzinfo is None else moment.astimezone(zone)
            # Not %H:%M: strftime costs more than the rest of the sentence.
            text += f" {local.hour:02d}:{local.minute:02d} local time ({self.actor.tz})"
        if self.end_day != self.day:
            text += f" to {fmt_day(self.end_day)}"
        return text


@attrs.define
class _Duty:
    clause: Clause
    rule: Rule
    actor: Actor
    period: Period | None
    trigger: _Ev | None
    deadline: Deadline | None
    accept_from: date | None
    accept_until: date | None
    related: frozenset[str]
    context: list[str]
    exempt: str | None = None
    evidence: list[_Ev] = attrs.Factory(list)
    status: Status | None = None
    outcome: list[str] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)

    @property
    def due(self) -> date | None:
        return self.deadline.due if self.deadline is not None else None

    @property
    def is_open(self) -> bool:
        return self.status is None and self.exempt is None

    def belongs_period(self) -> Period | None:
        if self.period is not None:
            return self.period
        if self.trigger is not None:
            return Period(self.trigger.day.year)
        return None

    def sort_key(self) -> tuple[date, tuple[int, int], float, str, int]:
        period = self.period
        trigger = self.trigger
        return (
            self.due or date.max,
            (period.year, period.quarter or 0) if period else (0, 0),
            trigger.instant.timestamp() if trigger else 0.0,
            self.actor.id,
            trigger.order if trigger else 0,
        )


class _Refusal(enum.Enum):
    """Why an event cannot discharge a duty (the text is built only when reported)."""

    REF = "ref"
    PERIOD = "period"
    NOTICE_YEAR = "notice year"
    TOO_EARLY = "too early"
    TOO_LATE = "too late"


_BEFORE_WORDS = {
    Anchor.MEETING_STARTS: "starts",
    Anchor.MEETING_ENDS: "ends",
    Anchor.REPORT_RECEIVED: "is received",
}

_ANCHOR_WORDS = {
    Anchor.MEETING_STARTS: "started",
    Anchor.MEETING_ENDS: "ended",
    Anchor.REPORT_RECEIVED: "was received",
}


class Offices:
    """The registry indexed for the rule lines: roles, groups and the nearest office above.

    Built once from a decree and a registry; a process that evaluates many partitions of
    one log shares one (:func:`evaluate_part`'s ``offices``), so that no partition pays
    again for the whole registry.
    """

    def __init__(
        self,
        decree: Decree,
        actors: Sequence[Actor],
        by_id: Mapping[str, Actor] | None = None,
    ) -> None:
        """``by_id``, when given, is ``actors`` already indexed by id: shared, not copied
        (a national registry's index is tens of MiB in every process)."""
        self.decree = decree
        self.actors: Mapping[str, Actor] = (
            by_id if by_id is not None else {actor.id: actor for actor in actors}
        )
        self.groups = {group.name.name: group for group in decree.groups}
        self._match_cache: dict[tuple[Role, Level | None, int], bool] = {}
        self._bound_cache: dict[int, list[Actor]] = {}

    def matches(self, actor: Actor, names: Sequence[Term]) -> bool:
        # Asked once per event and duty; the answer depends only on the office's role and
        # level, so the cache stays small whatever the registry. Keyed by the identity of
        # the rule's own tuple: only pass tuples from the model.
        key = (actor.role, actor.level, id(names))
        known = self._match_cache.get(key)
        if known is None:
            known = self._match_cache[key] = self.match(actor, names)
        return known

    def match(self, actor: Actor, names: Sequence[Term]) -> bool:
        for term in names:
            group = self.groups.get(term.name)
            if group is None:
                if actor.role.value == term.name:
                    return True
                continue
            if actor.role.value not in {r.name for r in group.roles}:
                continue
            if not group.levels or (
                actor.level is not None and actor.level.value in {lv.name for lv in group.levels}
            ):
                return True
        return False

    def why_bound(self, actor: Actor, names: Sequence[Term]) -> str:
        for term in names:
            if term.name in self.groups and self.match(actor, (term,)):
                return f"one of {term.name}"
        return _office_words(actor)

    def nearest_above(self, actor: Actor, group: tuple[Term, ...]) -> Actor | None:
        seen = {actor.id}
        current = actor
        while current.parent is not None and current.parent not in seen:
            parent = self.actors.get(current.parent)
            if parent is None:
                return None
            if self.matches(parent, group):
                return parent
            seen.add(parent.id)
            current = parent
        return None

    def bound_actors(self, who: tuple[Term, ...]) -> list[Actor]:
        """The offices ``who`` names, in registry order."""
        bound = self._bound_cache.get(id(who))
        if bound is None:
            bound = self._bound_cache[id(who)] = [
                a for a in self.actors.values() if self.matches(a, who)
            ]
        return bound


def _offices_for(decree: Decree, actors: Sequence[Actor] | Offices) -> Offices:
    """``actors`` indexed for ``decree``: the :class:`Offices` given, or built here."""
    if not isinstance(actors, Offices):
        return Offices(decree, actors)
    if actors.decree is not decree:
        raise ValueError("offices were indexed for another decree")
    return actors


class _Evaluation:
    def __init__(
        self,
        decree: Decree,
        actors: tuple[Actor, ...],
        events: Iterable[tuple[int, Event]],
        as_of: date,
        calendar: WorkingCalendar,
        owns: Callable[[str], bool] | None = None,
        offices: Offices | None = None,
    ) -> None:
        self.decree = decree
        self.as_of = as_of
        self.calendar = calendar
        self.in_force = decree.in_force or date.min
        self.who = _offices_for(decree, actors if offices is None else offices)
        self.actors = self.who.actors
        self.owns = owns
        # The offices whose duties are evaluated here: matching the rules' names against
        # these only keeps a partition's cost from growing with the whole registry.
        self.local = actors if owns is None else tuple(a for a in actors if owns(a.id))
        self._local_bound: dict[int, list[Actor]] = {}
        self.counting = {clause.number: _counting_of(decree, clause) for clause in decree.clauses}
        self.unmatched: dict[str, str] = {}
        self.rejections: dict[str, list[str]] = defaultdict(list)
        self.used: set[str] = set()
        self.warnings: list[tuple[WarningKey, str]] = []
        self.usable = self._prepare(events)
        self.by_action: dict[str, list[_Ev]] = defaultdict(list)
        for ev in self.usable:
            self.by_action[ev.event.action.value].append(ev)

    def _home(self, actor_id: str) -> bool:
        """Whether the office's duties and its events' fate are decided here."""
        return self.owns is None or self.owns(actor_id)

    # -- events --

    def _prepare(self, events: Iterable[tuple[int, Event]]) -> list[_Ev]:
        prepared: list[_Ev] = []
        # Only the event's own partition reports it unmatched.
        for order, event in events:
            home = self._home(event.actor)
            actor = self.actors.get(event.actor)
            if actor is None:
                if home:
                    self.unmatched[event.id] = f"unknown actor '{event.actor}'"
                continue
            day = cal.local_day(event.time, actor.tz)
            end_day = cal.local_day(event.end, actor.tz) if event.end is not None else day
            if day > self.as_of:
                if home:
                    self.unmatched[event.id] = (
                        f"after as-of: {event.action.value} on {fmt_day(day)} is later than "
                        f"{fmt_day(self.as_of)}, the date the report is made as of"
                    )
                continue
            if not actor.exists_on(day):
                if home:
                    self.unmatched[event.id] = (
                        f"the office {actor.id} did not exist on {fmt_day(day)} "
                        f"({_existence(actor)}); its events there create and discharge nothing"
                    )
                continue
            instant = cal.to_instant(event.time, actor.tz)
            prepared.append(_Ev(event, actor, day, max(end_day, day), instant, order, event.id))
        prepared.sort(key=lambda ev: (ev.instant, ev.order))
        return prepared

    # -- who --

    def _matches(self, actor: Actor, names: Sequence[Term]) -> bool:
        return self.who.matches(actor, names)

    def _may_owe(self, rule: Rule, actor: Actor, action: str) -> bool:
        """Whether ``actor`` could owe a duty of ``rule`` discharged by ``action``."""
        duty = rule.obligation.duty
        if not isinstance(duty, DoAction) or duty.action.name != action:
            return False
        bound = rule.obligation.bound
        if bound.kind is BoundKind.LISTED:
            return self._matches(actor, bound.who)
        scope = rule.scope
        if bound.kind is BoundKind.SAME_ACTOR and isinstance(scope, ForEachEvent):
            return self._matches(actor, scope.by)
        return self._matches(actor, bound.who)

    def _exemption(self, rule: Rule, actor: Actor) -> str | None:
        for exemption in rule.exemptions:
            field, value = exemption.field.name, exemption.value.name
            actual = {
                "body": actor.body,
                "role": actor.role.value,
                "level": actor.level.value if actor.level else None,
                "id": actor.id,
            }.get(field)
            if actual == value:
                return f"the clause excepts {field} '{value}' ({actor.id}): exempt"
        return None

    # -- run --

    def run(self) -> PartResult:
        findings: list[tuple[FindingKey, Finding]] = []
        due_years: set[int] = set()
        for index, clause in enumerate(self.decree.clauses):
            rule = clause.rule
            if rule is None:
                continue
            duties = self._create(clause, rule)
            self._discharge(clause, rule, duties)
            findings.extend(((index, *duty.sort_key()), self._finding(duty)) for duty in duties)
            due_years.update(duty.due.year for duty in duties if duty.due is not None)
        unmatched = [
            UnmatchedEvent(ev.id, self._unmatched_reason(ev))
            for ev in self.usable
            if ev.id not in self.used and self._home(ev.actor.id)
        ]
        prepared_ids = {ev.id for ev in self.usable}
        early_unmatched = [
            UnmatchedEvent(event_id, reason)
            for event_id, reason in self.unmatched.items()
            if event_id not in prepared_ids
        ]
        foreign_used = {
            ev.id for ev in self.usable if ev.id in self.used and not self._home(ev.actor.id)
        }
        return PartResult(
            findings=findings,
            unmatched_events=sorted(
                [*early_unmatched, *unmatched], key=lambda u: natural_key(u.id)
            ),
            foreign_used=foreign_used,
            warnings=self.warnings,
            due_years=due_years,
        )

    # -- creating duties --

    def _create(self, clause: Clause, rule: Rule) -> list[_Duty]:
        scope = rule.scope
        if isinstance(scope, ForEachEvent):
            duties = self._per_event(clause, rule, scope)
        else:
            duties = self._per_period(clause, rule)
        duties.sort(key=_Duty.sort_key)
        return duties

    def _bound_actors(self, rule: Rule) -> list[Actor]:
        """The offices the rule binds whose duties are evaluated here, in registry order."""
        who = rule.obligation.bound.who
        bound = self._local_bound.get(id(who))
        if bound is None:
            bound = self._local_bound[id(who)] = [
                actor for actor in self.local if self.who.matches(actor, who)
            ]
        return bound

    def _per_period(self, clause: Clause, rule: Rule) -> list[_Duty]:
        scope = rule.scope
        duties: list[_Duty] = []
        who = rule.obligation.bound.who
        for actor in self._bound_actors(rule):
            owed = f"owed by {actor.id} ({self.who.why_bound(actor, who)})"
            if isinstance(scope, Once):
                once = self._period_duty(clause, rule, actor, None, [owed, "owed once"])
                if once is not None and _existed_between(actor, self.in_force, self.as_of):
                    duties.append(once)
                continue
            if isinstance(scope, EveryQuarter):
                first = self._first_event(actor, scope.since_first.name)
                if first is None:
                    continue
                start = Period(first.day.year, (first.day.month - 1) // 3 + 1)
                since = (
                    f"owed every quarter from {start}, the quarter of its first "
                    f"{scope.since_first.name} ({first.id} on {fmt_day(first.day)})"
                )
                for period in _quarters(start, self.as_of):
                    duty = self._period_duty(clause, rule, actor, period, [owed, since])
                    if duty is not None:
                        duties.append(duty)
                continue
            assert isinstance(scope, EveryYear)
            for year in range(max(self.in_force.year, 1), self.as_of.year + 1):
                duty = self._period_duty(clause, rule, actor, Period(year), [owed])
                if duty is not None:
                    duties.append(duty)
        return duties

    def _first_event(self, actor: Actor, action: str) -> _Ev | None:
        for ev in self.by_action.get(action, ()):
            if ev.actor.id == actor.id and ev.day >= self.in_force:
                return ev
        return None

    def _period_duty(
        self,
        clause: Clause,
        rule: Rule,
        actor: Actor,
        period: Period | None,
        context: list[str],
    ) -> _Duty | None:
        deadline_rule = rule.deadline
        start = period_bounds(period)[0] if period else None
        accept_from = start
        accept_until: date | None = None
        deadline: Deadline | None
        first_day = start
        if isinstance(deadline_rule, Window):
            assert period is not None
            deadline = cal.window_deadline(period.year, deadline_rule.quarter)
            window_start = quarter_bounds(period.year, deadline_rule.quarter)[0]
            first_day = window_start
            if rule.early_events is None:
                accept_from = window_start
            accept_until = date(period.year, 12, 31)
        elif isinstance(deadline_rule, FixedDate):
            assert period is not None
            deadline = cal.deadline_fixed(
                self.calendar,
                period.year,
                deadline_rule.month,
                deadline_rule.day,
                counting=self.counting[clause.number],
            )
            accept_from = None
        elif isinstance(deadline_rule, DayOfNextMonth):
            assert period is not None
            deadline = cal.deadline_day_of_next_month(
                self.calendar, period, deadline_rule.day, counting=self.counting[clause.number]
            )
        elif isinstance(deadline_rule, NoDeadline):
            deadline = None
        else:  # validated away: per-event deadlines need a per-event scope
            raise AssertionError(f"deadline {deadline_rule!r} in a periodic clause")
        if start is not None and (start > self.as_of or start < self.in_force):
            return None
        if first_day is not None and not actor.exists_on(first_day):
            return None
        if deadline is not None and not actor.exists_on(deadline.due):
            return None
        return _Duty(
            clause=clause,
            rule=rule,
            actor=actor,
            period=period,
            trigger=None,
            deadline=deadline,
            accept_from=accept_from,
            accept_until=accept_until,
            related=frozenset(),
            context=context,
            exempt=self._exemption(rule, actor),
        )

    def _per_event(self, clause: Clause, rule: Rule, scope: ForEachEvent) -> list[_Duty]:
        triggers = [
            ev
            for ev in self.by_action.get(scope.action.name, ())
            if ev.day >= self.in_force
            and self._matches(ev.actor, scope.by)
            and not _failed_conditions(ev, scope.conditions)
        ]
        groups: list[tuple[_Ev, Period | None, frozenset[str], int]] = []
        if scope.last_of_year:
            by_year: dict[tuple[str, int], list[_Ev]] = defaultdict(list)
            for ev in triggers:
                by_year[(ev.actor.id, ev.day.year)].append(ev)
            for (_, year), evs in by_year.items():
                last = max(evs, key=lambda ev: (ev.end_day, ev.instant, ev.order))
                groups.append((last, Period(year), frozenset(ev.id for ev in evs), len(evs)))
        else:
            groups = [(ev, None, frozenset({ev.id}), 1) for ev in triggers]
        bound = rule.obligation.bound
        duties: list[_Duty] = []
        number_index = self.decree.clauses.index(clause)
        at_meeting = _decided_at_meeting(rule)
        for trigger, period, related, count in groups:
            if bound.kind is BoundKind.SAME_ACTOR:
                owners = [trigger.actor]
            elif bound.kind is BoundKind.NEAREST_ABOVE:
                above = self.who.nearest_above(trigger.actor, bound.who)
                if above is None:
                    if self._home(trigger.actor.id):
                        self.warnings.append(
                            (
                                (number_index, trigger.instant.timestamp(), trigger.order),
                                f"clause {clause.number}: {trigger.event.action.value} "
                                f"{trigger.id} of {trigger.actor.id}: no office of "
                                f"{bound.who[0].name} above it in the registry (check its "
                                "'parent'); no duty could be assigned",
                            )
                        )
                    continue
                owners = [above]
            elif at_meeting:
                owners = self.who.bound_actors(bound.who)
            else:
                owners = self._bound_actors(rule)
            for owner in owners:
                here = self._home(trigger.actor.id if at_meeting else owner.id)
                if not owner.exists_on(trigger.day) or not here:
                    continue
                duties.append(
                    self._event_duty(clause, rule, owner, trigger, period, related, count)
                )
        return duties

    def _event_duty(
        self,
        clause: Clause,
        rule: Rule,
        owner: Actor,
        trigger: _Ev,
        period: Period | None,
        related: frozenset[str],
        count: int,
    ) -> _Duty:
        action = trigger.event.action.value
        bound = rule.obligation.bound
        if bound.kind is BoundKind.SAME_ACTOR:
            owed = f"owed by {owner.id}, the office that held it"
        elif bound.kind is BoundKind.NEAREST_ABOVE:
            owed = (
                f"owed by {owner.id}, the nearest of {bound.who[0].name} above {trigger.actor.id}"
            )
        else:
            owed = f"owed by {owner.id} ({self.who.why_bound(owner, bound.who)})"
        if period is not None:
            others = f"; {count} that year" if count > 1 else ""
            created = (
                f"the last {action} of {period} by {trigger.actor.id} is {trigger.id}, "
                f"held {trigger.when()}{others}"
            )
        else:
            created = f"created by {action} {trigger.id} of {trigger.actor.id}, {trigger.when()}"
        deadline_rule = rule.deadline
        accept_from: date | None = trigger.day
        accept_until: date | None = None
        deadline: Deadline
        if isinstance(deadline_rule, After | Before):
            anchor = trigger.end_day if deadline_rule.anchor is Anchor.MEETING_ENDS else trigger.day
            noun = "meeting" if action == "reporting_meeting" else "report"
        if isinstance(deadline_rule, After):
            deadline = cal.deadline_after(
                self.calendar,
                anchor,
                deadline_rule.duration.amount,
                deadline_rule.duration.unit,
                anchor_text=f"the {noun} {trigger.id} {_ANCHOR_WORDS[deadline_rule.anchor]}",
                counting=self.counting[clause.number],
            )
        elif isinstance(deadline_rule, Before):
            deadline = cal.deadline_before(
                self.calendar,
                anchor,
                deadline_rule.duration.amount,
                deadline_rule.duration.unit,
                anchor_text=f"the {noun} {trigger.id} {_BEFORE_WORDS[deadline_rule.anchor]}",
                counting=self.counting[clause.number],
            )
            # A notice serves meetings of the year it was published in, or of the year
            # it names in 'period' (checked in _refusal).
            accept_until = trigger.day
            accept_from = None
        elif isinstance(deadline_rule, OnMeetingDay):
            deadline = Deadline(
                raw=trigger.end_day,
                due=trigger.end_day,
                steps=(f"met or missed at the meeting itself, held {trigger.when()}",),
            )
        elif isinstance(deadline_rule, NoDeadline):
            return _Duty(
                clause,
                rule,
                owner,
                period,
                trigger,
                None,
                trigger.day,
                None,
                related,
                [owed, created],
                self._exemption(rule, owner),
            )
        else:  # validated away
            raise AssertionError(f"deadline {deadline_rule!r} in a per-event clause")
        return _Duty(
            clause=clause,
            rule=rule,
            actor=owner,
            period=period,
            trigger=trigger,
            deadline=deadline,
            accept_from=accept_from,
            accept_until=accept_until,
            related=related,
            context=[owed, created],
            exempt=self._exemption(rule, owner),
        )

    # -- discharging duties --

    def _discharge(self, clause: Clause, rule: Rule, duties: list[_Duty]) -> None:
        for duty in duties:
            if duty.trigger is not None:
                self.used.add(duty.trigger.id)
        duty_kind = rule.obligation.duty
        if isinstance(duty_kind, EnsureIncluded | Attend):
            for duty in duties:
                if duty.exempt is None:
                    self._check_participants(duty, duty_kind)
            return
        assert isinstance(duty_kind, DoAction)
        by_actor: dict[str, list[_Duty]] = defaultdict(list)
        # An event that names its period can only fit that period's duties: looking at
        # those first spares scanning ten years of an office's quarterly duties per event.
        by_period: dict[tuple[str, Period], list[_Duty]] = defaultdict(list)
        timeless: set[str] = set()  # offices with a duty of no period: scan them whole
        for duty in duties:
            by_actor[duty.actor.id].append(duty)
            period = duty.belongs_period()
            if period is None:
                timeless.add(duty.actor.id)
            else:
                by_period[(duty.actor.id, period)].append(duty)
        shared = rule.sharing is not None
        for ev in self.by_action.get(duty_kind.action.name, ()):
            own = by_actor.get(ev.actor.id)
            if not own:
                continue
            named = ev.event.period
            likely = (
                by_period.get((ev.actor.id, named))
                if named is not None and ev.event.ref is None and ev.actor.id not in timeless
                else None
            )
            chosen = self._choose(clause, duty_kind, ev, own, shared=shared, likely=likely)
            done, _ = _done_day(ev, self.counting[clause.number])
            for duty in chosen:
                duty.evidence.append(ev)
                duty.status = (
                    Status.FULFILLED if duty.due is None or done <= duty.due else Status.LATE
                )
                self.used.add(ev.id)

    def _choose(
        self,
        clause: Clause,
        duty_kind: DoAction,
        ev: _Ev,
        own: list[_Duty],
        *,
        shared: bool,
        likely: list[_Duty] | None = None,
    ) -> list[_Duty]:
        """The duties ``ev`` discharges, from the office's ``own``; ``likely`` (a part of
        ``own``, in the same order) holds every duty that can fit, when known."""
        number = clause.number
        failed = _failed_conditions(ev, duty_kind.conditions)
        if failed:
            reason = f"clause {number} needs an event {failed}"
            self.rejections[ev.id].append(reason)
            for duty in own:
                if duty.is_open and self._refusal(duty, ev) is None:
                    duty.notes.append(
                        f"{ev.event.action.value} {ev.id} on {fmt_day(ev.day)} was not counted: "
                        f"the clause needs an event {failed}"
                    )
                    break
            return []
        if likely is not None:
            chosen = self._fit(clause, ev, likely, shared=shared, explain_refusal=False)
            if chosen is not None:
                return chosen
        chosen = self._fit(clause, ev, own, shared=shared, explain_refusal=True)
        assert chosen is not None
        return chosen

    def _fit(
        self, clause: Clause, ev: _Ev, own: list[_Duty], *, shared: bool, explain_refusal: bool
    ) -> list[_Duty] | None:
        """As :meth:`_choose`, among ``own``; None if none fits and ``explain_refusal`` is
        False (the first refusal, in the order of all the office's duties, is the one told).
        """
        number = clause.number
        fitting: list[_Duty] = []
        first_refused: tuple[_Refusal, _Duty] | None = None
        for duty in own:
            if duty.exempt is not None:
                continue
            refusal = self._refusal(duty, ev)
            if refusal is None:
                if duty.is_open and not shared:
                    return [duty]
                fitting.append(duty)
            elif first_refused is None:
                first_refused = (refusal, duty)
        open_duties = [duty for duty in fitting if duty.is_open]
        if open_duties:
            return open_duties
        if fitting:
            done = fitting[0]
            by = ", ".join(e.id for e in done.evidence)
            self.rejections[ev.id].append(
                f"clause {number}: the duty it could discharge ({_duty_name(done)}) was "
                f"already discharged by {by}"
            )
        elif not explain_refusal:
            return None
        elif first_refused is not None:
            self.rejections[ev.id].append(self._refusal_text(*first_refused, ev))
        return []

    def _refusal(self, duty: _Duty, ev: _Ev) -> _Refusal | None:
        """Why ``ev`` cannot discharge ``duty``, or None; cheap, builds no text."""
        ref = ev.event.ref
        if ref is not None and ref not in duty.related:
            return _Refusal.REF
        if ev.event.period is not None:
            belongs = duty.belongs_period()
            if belongs is not None and ev.event.period != belongs:
                return _Refusal.PERIOD
        if (
            duty.trigger is not None
            and ev.event.period is None
            and ref is None
            and ev.day.year != duty.trigger.day.year
            and isinstance(duty.rule.deadline, Before)
        ):
            return _Refusal.NOTICE_YEAR
        if duty.accept_from is not None and ev.day < duty.accept_from:
            return _Refusal.TOO_EARLY
        if duty.accept_until is not None and ev.day > duty.accept_until:
            return _Refusal.TOO_LATE
        return None

    def _refusal_text(self, refusal: _Refusal, duty: _Duty, ev: _Ev) -> str:
        number = duty.clause.number
        ref = ev.event.ref
        trigger = duty.trigger
        if refusal is _Refusal.REF:
            if trigger is None:
                return (
                    f"clause {number}: it refers to {ref}, but the duties of this clause are "
                    "not created by events (give 'period' instead of 'ref')"
                )
            return f"clause {number}: it refers to {ref}, which created no open duty of this clause"
        if refusal is _Refusal.PERIOD:
            return (
                f"clause {number}: its period {ev.event.period} has no open duty of {ev.actor.id}"
            )
        if refusal is _Refusal.NOTICE_YEAR:
            assert trigger is not None
            return (
                f"clause {number}: published in {ev.day.year}, it announces meetings of "
                f"{ev.day.year}, not the meeting {trigger.id} of {trigger.day.year} "
                f"(give 'period': \"{trigger.day.year}\" or 'ref' to announce it)"
            )
        if refusal is _Refusal.TOO_EARLY:
            if trigger is not None and isinstance(duty.rule.deadline, Before):
                return (
                    f"clause {number}: {fmt_day(ev.day)} is too long before the meeting "
                    f"{trigger.id} on {fmt_day(trigger.day)} to announce it"
                )
            if trigger is not None:
                return (
                    f"clause {number}: {fmt_day(ev.day)} is before the "
                    f"{trigger.event.action.value} {trigger.id} on "
                    f"{fmt_day(trigger.day)} that the duty counts from"
                )
            assert duty.accept_from is not None
            return (
                f"clause {number}: {fmt_day(ev.day)} is before {fmt_day(duty.accept_from)}, "
                f"when the {_duty_name(duty)} duty can first be discharged"
            )
        if trigger is not None:
            return (
                f"clause {number}: published {fmt_day(ev.day)}, after the meeting "
                f"{trigger.id} on {fmt_day(trigger.day)} it would announce"
            )
        assert duty.accept_until is not None
        return (
            f"clause {number}: {fmt_day(ev.day)} is after {fmt_day(duty.accept_until)}, "
            f"the last day that counts for {duty.period}"
        )

    def _check_participants(self, duty: _Duty, kind: EnsureIncluded | Attend) -> None:
        assert duty.trigger is not None
        participants = duty.trigger.event.participants
        if isinstance(kind, EnsureIncluded):
            wanted = [t.name for t in kind.any_of]
        else:
            wanted = [duty.actor.id]
            if kind.deputy_allowed:
                wanted.append(DEPUTY_PREFIX + duty.actor.id)
        present = [p for p in wanted if p in participants]
        listed = ", ".join(participants) if participants else "none"
        if present:
            duty.status = Status.FULFILLED
            duty.evidence.append(duty.trigger)
            duty.outcome.append(
                f"the meeting lists {' and '.join(present)} among its participants: fulfilled"
            )
            return
        want = " or ".join(wanted)
        if duty.due is not None and self.as_of <= duty.due:
            duty.outcome.append(
                f"the meeting's participants ({listed}) do not include {want} yet; "
                f"it ends {fmt_day(duty.due)}: pending"
            )
            duty.status = Status.PENDING
            return
        duty.outcome.append(
            f"the meeting's participants ({listed}) do not include {want}: violated"
        )
        duty.status = Status.VIOLATED

    # -- findings --

    def _finding(self, duty: _Duty) -> Finding:
        lines = [f'clause {duty.clause.number} "{duty.clause.title}"', *duty.context]
        due = duty.due
        if duty.exempt is not None:
            lines.append(duty.exempt)
            status = Status.EXEMPT
            due = None
        else:
            if duty.deadline is not None:
                lines.extend(duty.deadline.steps)
            else:
                lines.append("the decree gives no date for this duty")
            lines.extend(duty.notes)
            status = self._settle(duty)
            lines.extend(duty.outcome)
        return Finding(
            rule=duty.clause.number,
            actor=duty.actor.id,
            period=str(duty.period) if duty.period is not None else None,
            trigger=duty.trigger.id if duty.trigger is not None else None,
            due=due,
            status=status,
            evidence=tuple(ev.id for ev in duty.evidence),
            explanation=tuple(lines),
        )

    def _settle(self, duty: _Duty) -> Status:
        if duty.status is not None and duty.outcome:
            return duty.status
        action = _action_words(duty)
        if duty.evidence:
            ev = duty.evidence[0]
            done_day, closing = _done_day(ev, self.counting[duty.clause.number])
            done = f"{ev.event.action.value} {ev.id} on {ev.when()}"
            if closing is not None:
                done += f" ({closing})"
            elif isinstance(ev.event.time, datetime) and done_day == duty.due:
                done += (
                    " (on the due day, before 24:00 local time: Civil Code art. 176, "
                    "end_of_day_local)"
                )
            if duty.status is Status.FULFILLED:
                if duty.due is None:
                    duty.outcome.append(f"{done}: fulfilled")
                elif isinstance(duty.rule.deadline, Before) and duty.trigger is not None:
                    notice = (duty.trigger.day - ev.day).days
                    duty.outcome.append(
                        f"{done}, {notice} days before the meeting: on time: fulfilled"
                    )
                else:
                    duty.outcome.append(f"{done}: on or before the due date: fulfilled")
                return Status.FULFILLED
            assert duty.due is not None
            if isinstance(duty.rule.deadline, Before) and duty.trigger is not None:
                notice = (duty.trigger.day - ev.day).days
                duty.outcome.append(
                    f"{done}: {notice} day{'s' if notice != 1 else ''} before the meeting, "
                    f"after the last day to publish, {fmt_day(duty.due)}: late"
                )
            else:
                late_by = (done_day - duty.due).days
                duty.outcome.append(
                    f"{done}: {late_by} day{'s' if late_by != 1 else ''} after the due date: late"
                )
            duty.status = Status.LATE
            return Status.LATE
        if duty.due is None:
            duty.outcome.append(f"no {action} yet; the duty has no deadline: pending until done")
            duty.status = Status.PENDING
            return Status.PENDING
        if self.as_of > duty.due:
            duty.outcome.append(
                f"no {action} by {fmt_day(duty.due)} nor since, as of "
                f"{fmt_day(self.as_of)}: violated"
            )
            duty.status = Status.VIOLATED
            return Status.VIOLATED
        duty.outcome.append(
            f"no {action} yet; due {fmt_day(duty.due)}, not passed as of "
            f"{fmt_day(self.as_of)}: pending"
        )
        duty.status = Status.PENDING
        return Status.PENDING

    # -- unmatched --

    def _unmatched_reason(self, ev: _Ev) -> str:
        rejected = self.rejections.get(ev.id)
        if rejected:
            return "; ".join(dict.fromkeys(rejected))
        if ev.day < self.in_force:
            return (
                f"{fmt_day(ev.day)} is before the decree entered into force on "
                f"{fmt_day(self.in_force)}"
            )
        action = ev.event.action.value
        clauses = [
            c.number
            for c in self.decree.clauses
            if c.rule is not None and _uses_action(c.rule, action)
        ]
        office = _office_words(ev.actor)
        if not clauses:
            return f"no clause uses the action {action}"
        owed = [
            c
            for c in self.decree.clauses
            if c.rule is not None and self._may_owe(c.rule, ev.actor, action)
        ]
        if owed:
            return "; ".join(
                f"clause {c.number}: {ev.actor.id} has no duty it could discharge "
                f"({_created_by(c.rule)})"
                for c in owed
                if c.rule is not None
            )
        return (
            f"no clause asks {office} ({ev.actor.id}) for {action}; "
            f"{action} counts under clause{'s' if len(clauses) > 1 else ''} "
            f"{', '.join(clauses)} for other offices"
        )


def _decided_at_meeting(rule: Rule) -> bool:
    """Whether the duty is met or missed at the meeting itself (who took part).

    It needs only the meeting, so a partitioned run decides it in the meeting's partition,
    whoever owes it, and does not send the meeting to the owner's partition.
    """
    return not isinstance(rule.obligation.duty, DoAction)


def _counting_of(decree: Decree, clause: Clause) -> Counting:
    line = clause.counting or decree.counting
    if line is None:
        return CIVIL_CODE
    return Counting.from_names((t.name for t in line.names), (t.name for t in line.without))


def _done_day(ev: _Ev, counting: Counting) -> tuple[date, str | None]:
    """The day an action counts as done on, and why when that is not its local day."""
    moment = ev.event.time
    if Policy.END_OF_DAY_LOCAL in counting or not isinstance(moment, datetime):
        return ev.day, None
    local = moment if moment.tzinfo is None else moment.astimezone(load_zone(ev.actor.tz))
    if local.hour < OFFICE_CLOSING_HOUR:
        return ev.day, None
    counted = ev.day + timedelta(days=1)
    return counted, (
        f"after the {OFFICE_CLOSING_HOUR}:00 close of office hours, so it counts as done on "
        f"{fmt_day(counted)}: Civil Code art. 176 p. 2, end_of_day_local is not applied"
    )


def _created_by(rule: Rule) -> str:
    scope = rule.scope
    if isinstance(scope, ForEachEvent):
        return f"its duties are created by {scope.action.name} events, and none created one"
    if isinstance(scope, EveryQuarter):
        return (
            f"its duties run from the quarter of the office's first {scope.since_first.name}, "
            "and there is none"
        )
    return "no period of this clause is owed by the office as of this date"


def _uses_action(rule: Rule, action: str) -> bool:
    duty = rule.obligation.duty
    scope = rule.scope
    if isinstance(duty, DoAction) and duty.action.name == action:
        return True
    return isinstance(scope, ForEachEvent) and scope.action.name == action


def _office_words(actor: Actor) -> str:
    if actor.role is Role.GOVERNMENT:
        return "the government"
    if actor.role is Role.AKIM:
        level = f"{actor.level.value.replace('_', ' ')} " if actor.level is not None else ""
        return f"an {level}akim" if level[:1] in ("", "a", "e", "i", "o", "u") else f"a {level}akim"
    words = actor.role.value.replace("_", " ")
    return f"an {words}" if words[0] in "aeiou" else f"a {words}"


def _failed_conditions(ev: _Ev, conditions: Sequence[Condition]) -> str | None:
    for condition in conditions:
        wanted = [t.name for t in condition.any_of]
        if condition.kind is ConditionKind.CHANNEL:
            if not any(w in ev.event.channels for w in wanted):
                return (
                    f"published on {' or '.join(wanted)} (channels: {_listed(ev.event.channels)})"
                )
        elif condition.kind is ConditionKind.RECIPIENT:
            if not any(w in ev.event.to for w in wanted):
                return f"sent to {' or '.join(wanted)} (to: {_listed(ev.event.to)})"
        elif condition.kind is ConditionKind.VIDEOCONFERENCE and not ev.event.videoconference:
            return "with a video link (videoconference: true)"
    return None


def _listed(items: Sequence[str]) -> str:
    return ", ".join(items) if items else "none"


def _action_words(duty: _Duty) -> str:
    kind = duty.rule.obligation.duty
    assert isinstance(kind, DoAction)
    parts = []
    for condition in kind.conditions:
        if condition.kind is ConditionKind.VIDEOCONFERENCE:
            parts.append("with videoconference")
        else:
            parts.append(f"{condition.kind.value} " + " or ".join(t.name for t in condition.any_of))
    return f"{kind.action.name} {' and '.join(parts)}".rstrip()


def _duty_name(duty: _Duty) -> str:
    if duty.period is not None:
        return f"{duty.actor.id}, {duty.period}"
    if duty.trigger is not None:
        return f"{duty.actor.id}, {duty.trigger.id}"
    return duty.actor.id


def _quarters(start: Period, as_of: date) -> Iterable[Period]:
    year, quarter = start.year, start.quarter or 1
    last = (as_of.year, (as_of.month - 1) // 3 + 1)
    while (year, quarter) <= last:
        yield Period(year, quarter)
        quarter += 1
        if quarter == 5:
            year, quarter = year + 1, 1


def _existed_between(actor: Actor, first: date, last: date) -> bool:
    if actor.valid_from is not None and actor.valid_from > last:
        return False
    return actor.valid_until is None or actor.valid_until >= first


def _existence(actor: Actor) -> str:
    parts = []
    if actor.valid_from is not None:
        parts.append(f"from {actor.valid_from.isoformat()}")
    if actor.valid_until is not None:
        parts.append(f"until {actor.valid_until.isoformat()}")
    return "exists " + " ".join(parts) if parts else "no dates"


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """Sorts ids the way people count: e2 before e10."""
    return tuple(
        (int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", text)
    )
