"""Duties as facts: who owes what, for which period or event, by when.

:class:`DutyMaker` creates a clause's duties from the plan, the registry and the events;
a :class:`Duty` never changes once made (what discharges it is found by
:mod:`decree_rules.engine.discharge`, its status by :mod:`decree_rules.engine.settle`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

import attrs

from decree_rules.core.facts import Step
from decree_rules.core.ids import tie_key
from decree_rules.core.periods import Period, period_bounds, quarter_bounds
from decree_rules.engine.conditions import failed_condition
from decree_rules.engine.offices import Offices
from decree_rules.engine.plan import DutyPlan, Plan
from decree_rules.engine.steps import (
    CreatedBy,
    DueBeforeInForce,
    DueBeforeText,
    Exempt,
    Exemption,
    LastOfYear,
    MetAtMeeting,
    NoOfficeAbove,
    OwedBasis,
    OwedBy,
    OwedFromQuarter,
    OwedOnce,
    ParentOnDay,
    TermFromBelow,
)
from decree_rules.engine.timeline import Resolved
from decree_rules.io.records import Actor
from decree_rules.lang.model import (
    After,
    Anchor,
    Before,
    BoundKind,
    DayOfNextMonth,
    EveryQuarter,
    EveryYear,
    FixedDate,
    ForEachEvent,
    NoDeadline,
    Once,
    OnMeetingDay,
    Term,
    Window,
)
from decree_rules.time.calendars import WorkingCalendar
from decree_rules.time.steps import AnchorKind, NoticeFrom, TermStart
from decree_rules.time.terms import (
    DueDate,
    deadline_after,
    deadline_before,
    deadline_day_of_next_month,
    deadline_fixed,
    window_deadline,
)

TieKey = tuple[tuple[tuple[int, str], ...], str]
_NO_TIE: TieKey = ((), "")

_Trigger = tuple[Resolved, "Period | None", frozenset[str], int]
"""An event that creates duties, their period, the ids they belong to, events that year."""

WarningKey = tuple[int, float, tuple[tuple[tuple[int, str], ...], str]]
"""Orders warnings: clause, the triggering event's instant, its id
(:func:`~decree_rules.core.ids.tie_key`)."""


@attrs.frozen(eq=False)
class Duty:
    """One duty: owed by ``actor`` for ``period`` or because of ``trigger``, by ``deadline``.

    ``accept_from`` .. ``accept_until`` are the local days an event may discharge it on;
    ``related`` the ids of the events it belongs to (a ``ref`` must name one); ``context``
    the steps saying who owes it and what created it; ``exempt`` the exemption, if any.
    Compared by identity: two duties are never the same duty.
    """

    plan: DutyPlan
    actor: Actor
    period: Period | None
    trigger: Resolved | None
    deadline: DueDate | None
    accept_from: date | None
    accept_until: date | None
    related: frozenset[str]
    context: tuple[Step, ...]
    exempt: Exemption | None = None
    # Made once: a duty is sorted when its clause's duties are made and keyed again as a
    # finding, and the key reads the clock of its trigger and splits its id.
    _key: tuple[date, tuple[int, int], float, str, TieKey] = attrs.field(init=False, repr=False)

    @_key.default
    def _sort_key(self) -> tuple[date, tuple[int, int], float, str, TieKey]:
        period = self.period
        trigger = self.trigger
        deadline = self.deadline
        return (
            (deadline.due if deadline is not None else None) or date.max,
            (period.year, period.quarter or 0) if period else (0, 0),
            trigger.instant.timestamp() if trigger else 0.0,
            self.actor.id,
            tie_key(trigger.id) if trigger else _NO_TIE,
        )

    @property
    def due(self) -> date | None:
        return self.deadline.due if self.deadline is not None else None

    def belongs_period(self) -> Period | None:
        """The period an event's ``period`` must name: its own, or its trigger's year."""
        if self.period is not None:
            return self.period
        if self.trigger is not None:
            return Period(self.trigger.day.year)
        return None

    def sort_key(self) -> tuple[date, tuple[int, int], float, str, TieKey]:
        """Due day, period, trigger instant, office, the trigger's id
        (:func:`~decree_rules.core.ids.tie_key`)."""
        return self._key

    def home(self) -> str:
        """The office whose evaluation decides this duty: the meeting's office for a duty
        met at the meeting (it needs only the meeting), else the owner."""
        if self.plan.at_meeting and self.trigger is not None:
            return self.trigger.actor.id
        return self.actor.id


class DutyMaker:
    """Creates the duties of each clause for the offices evaluated here.

    ``owns`` says which offices' duties are decided here (all when None); ``local`` are
    those offices of the registry, in registry order.
    """

    def __init__(
        self,
        plan: Plan,
        who: Offices,
        local: Sequence[Actor],
        events: Sequence[Resolved],
        *,
        as_of: date,
        calendar: WorkingCalendar,
        owns: Callable[[str], bool] | None,
    ) -> None:
        self.plan = plan
        self.who = who
        self.local = local
        self.as_of = as_of
        self.calendar = calendar
        self.owns = owns
        self.in_force = plan.in_force
        self.by_action: dict[str, list[Resolved]] = defaultdict(list)
        for ev in events:
            self.by_action[ev.action].append(ev)
        self.warnings: list[tuple[WarningKey, Step]] = []
        self._local_bound: dict[int, list[Actor]] = {}
        self._first: dict[str, dict[str, Resolved]] = {}
        # Facts shared by many duties are made once, so that every duty of a year, an
        # office or a meeting holds the same step objects (and writing them is cheap).
        self._owed: dict[tuple[str, int], OwedBy] = {}
        self._owed_events: dict[tuple[str, int, str], OwedBy] = {}
        self._created: dict[tuple[str, int], Step] = {}
        self._met: dict[str, MetAtMeeting] = {}
        # Keyed by the duty plan's id: a clause an act changed has several plans.
        self._period_terms: dict[tuple[int, Period], DueDate | None] = {}
        self._event_terms: dict[tuple[int, date], DueDate] = {}
        self._below: dict[int, dict[tuple[str, int], Resolved]] = {}

    def create(self, duty: DutyPlan) -> list[Duty]:
        """The duties of one clause, in the order findings are reported."""
        made = self._per_event(duty) if duty.per_event else self._per_period(duty)
        made.sort(key=Duty.sort_key)
        return made

    def events_of(self, action: str) -> Sequence[Resolved]:
        """The events of ``action``, in time order."""
        return self.by_action.get(action, ())

    # ---- what a compiled engine asks of the plan (the same facts, made once) -------------

    def bound_actors(self, who: tuple[Term, ...]) -> list[Actor]:
        """The offices ``who`` names whose duties are decided here, in registry order."""
        return self._bound_actors(who)

    def owed_listed(self, actor: Actor, who: tuple[Term, ...]) -> OwedBy:
        """The step saying ``actor`` owes a duty as one of ``who``."""
        return self._owed_listed(actor, who)

    def period_term(self, duty: DutyPlan, period: Period | None) -> DueDate | None:
        """The deadline of ``duty`` for ``period`` (None: no deadline)."""
        return self._period_term(duty, period)

    def meeting_duty(self, duty: DutyPlan, owner: Actor, trigger: Resolved) -> Duty:
        """The duty ``owner`` owes at the meeting ``trigger`` (a duty met at it)."""
        return self._event_duty(duty, owner, (trigger, None, frozenset({trigger.id}), 1))

    def event_duty(
        self,
        duty: DutyPlan,
        owner: Actor,
        trigger: Resolved,
        *,
        period: Period | None,
        related: frozenset[str],
        count: int,
    ) -> Duty:
        """The duty ``owner`` owes because of ``trigger`` (of ``period`` and the ``count``
        events ``related`` for 'each last ... of the year')."""
        return self._event_duty(duty, owner, (trigger, period, related, count))

    def event_due(self, duty: DutyPlan, anchor: date) -> date:
        """The due day of ``duty``'s term counted from ``anchor``: the same for every
        trigger whose start or end (as the term reads it) is that day."""
        rule = duty.deadline
        assert isinstance(rule, After | Before)
        return self._counted(duty, rule, anchor).due

    def exemption(self, duty: DutyPlan, actor: Actor) -> Exempt | None:
        """The clause's exemption of ``actor``, if any."""
        return self._exemption(duty, actor)

    # ---- who ------------------------------------------------------------------------------

    def _bound_actors(self, who: tuple[Term, ...]) -> list[Actor]:
        """The offices ``who`` names whose duties are decided here, in registry order."""
        bound = self._local_bound.get(id(who))
        if bound is None:
            bound = self._local_bound[id(who)] = [
                actor for actor in self.local if self.who.matches(actor, who)
            ]
        return bound

    def _owed_listed(self, actor: Actor, who: tuple[Term, ...]) -> OwedBy:
        key = (actor.id, id(who))
        owed = self._owed.get(key)
        if owed is None:
            group = self.who.group_of(actor, who)
            basis = OwedBasis.OFFICE if group is None else OwedBasis.GROUP
            owed = self._owed[key] = OwedBy(actor.id, basis, actor.role, actor.level, group)
        return owed

    def _owed_by_event(
        self, owner: Actor, kind: BoundKind, who: tuple[Term, ...], trigger: Resolved
    ) -> OwedBy:
        """Owed by the office that held the event, or the nearest of a group above it."""
        above = kind is BoundKind.NEAREST_ABOVE
        key = (owner.id, id(who), trigger.actor.id if above else "")
        owed = self._owed_events.get(key)
        if owed is None:
            if above:
                group, below = who[0].name, trigger.actor.id
                basis = OwedBasis.NEAREST_ABOVE
                owed = OwedBy(owner.id, basis, owner.role, owner.level, group, below)
            else:
                owed = OwedBy(owner.id, OwedBasis.SAME_ACTOR, owner.role, owner.level)
            self._owed_events[key] = owed
        return owed

    def _exemption(self, duty: DutyPlan, actor: Actor) -> Exempt | None:
        for exemption in duty.exemptions:
            field, value = exemption.field.name, exemption.value.name
            actual = {
                "body": actor.body,
                "role": actor.role.value,
                "level": actor.level.value if actor.level else None,
                "id": actor.id,
            }.get(field)
            if actual == value:
                return Exempt(field, value, actor.id)
        return None

    # ---- duties of a period -----------------------------------------------------------------

    def _per_period(self, duty: DutyPlan) -> list[Duty]:
        scope = duty.scope
        made: list[Duty] = []
        for actor in self._bound_actors(duty.bound.who):
            owed = self._owed_listed(actor, duty.bound.who)
            if isinstance(scope, Once):
                once = self._period_duty(duty, actor, None, (owed, OwedOnce()))
                if once is not None and _existed_between(actor, self.in_force, self.as_of):
                    made.append(once)
                continue
            if isinstance(scope, EveryQuarter):
                first = self._first_event(actor, scope.since_first.name)
                if first is None:
                    continue
                start = Period(first.day.year, (first.day.month - 1) // 3 + 1)
                since = OwedFromQuarter(start, scope.since_first.name, first.id, first.day)
                for period in _quarters(start, self.as_of):
                    made_one = self._period_duty(duty, actor, period, (owed, since))
                    if made_one is not None:
                        made.append(made_one)
                continue
            assert isinstance(scope, EveryYear)
            for year in range(max(self.in_force.year, 1), self.as_of.year + 1):
                made_one = self._period_duty(duty, actor, Period(year), (owed,))
                if made_one is not None:
                    made.append(made_one)
        return made

    def _first_event(self, actor: Actor, action: str) -> Resolved | None:
        """The office's first event of ``action`` on or after the entry into force."""
        first = self._first.get(action)
        if first is None:
            first = self._first[action] = {}
            for ev in self.events_of(action):
                if ev.day >= self.in_force:
                    first.setdefault(ev.actor.id, ev)
        return first.get(actor.id)

    def _period_term(self, duty: DutyPlan, period: Period | None) -> DueDate | None:
        """The deadline of ``duty`` for ``period``: the same for every office."""
        key = (id(duty), period or _NO_PERIOD)
        if key in self._period_terms:
            return self._period_terms[key]
        rule = duty.deadline
        deadline: DueDate | None
        if isinstance(rule, Window):
            assert period is not None
            deadline = window_deadline(period.year, rule.quarter)
        elif isinstance(rule, FixedDate):
            assert period is not None
            deadline = deadline_fixed(
                self.calendar, period.year, rule.month, rule.day, counting=duty.counting
            )
        elif isinstance(rule, DayOfNextMonth):
            assert period is not None
            deadline = deadline_day_of_next_month(
                self.calendar, period, rule.day, counting=duty.counting
            )
        elif isinstance(rule, NoDeadline):
            deadline = None
        else:  # validated away: per-event deadlines need a per-event scope
            raise AssertionError(f"deadline {rule!r} in a periodic clause")
        self._period_terms[key] = deadline
        return deadline

    def _period_duty(
        self, duty: DutyPlan, actor: Actor, period: Period | None, context: tuple[Step, ...]
    ) -> Duty | None:
        rule = duty.deadline
        start = period_bounds(period)[0] if period else None
        accept_from = start
        accept_until: date | None = None
        first_day = start
        deadline = self._period_term(duty, period)
        if isinstance(rule, Window):
            assert period is not None
            window_start = quarter_bounds(period.year, rule.quarter)[0]
            first_day = window_start
            if not duty.early_events:
                accept_from = window_start
            accept_until = date(period.year, 12, 31)
        elif isinstance(rule, FixedDate):
            accept_from = None
        if start is not None and (start > self.as_of or start < self.in_force):
            return None
        if not _made_under(duty, period, self.in_force):
            return None
        if first_day is not None and not actor.exists_on(first_day):
            return None
        if deadline is not None and not actor.exists_on(deadline.due):
            return None
        return Duty(
            duty,
            actor,
            period,
            None,
            deadline,
            accept_from,
            accept_until,
            frozenset(),
            context,
            self._exemption(duty, actor),
        )

    # ---- duties of an event -------------------------------------------------------------------

    def _triggers(
        self, scope: ForEachEvent
    ) -> list[tuple[Resolved, Period | None, frozenset[str], int]]:
        """The events that create duties: (trigger, period, related ids, events that year)."""
        # Whether an office is one of ``scope.by``, asked once per office (by identity:
        # the registry's Actor objects live as long as the evaluation), not per event.
        offices: dict[int, bool] = {}
        matches, by = self.who.matches, scope.by
        triggers = []
        for ev in self.events_of(scope.action.name):
            if ev.day < self.in_force:
                continue
            actor = ev.actor
            bound = offices.get(id(actor))
            if bound is None:
                bound = offices[id(actor)] = matches(actor, by)
            if bound and failed_condition(ev, scope.conditions) is None:
                triggers.append(ev)
        if not scope.last_of_year:
            return [(ev, None, frozenset({ev.id}), 1) for ev in triggers]
        by_year: dict[tuple[str, int], list[Resolved]] = defaultdict(list)
        for ev in triggers:
            by_year[(ev.actor.id, ev.day.year)].append(ev)
        groups: list[_Trigger] = []
        for (_, year), evs in by_year.items():
            # The events are in time order, ties by id: the last of the latest is the
            # one with the greatest id, whatever the order of the log.
            last = max(reversed(evs), key=lambda ev: (ev.end_day, ev.instant))
            groups.append((last, Period(year), frozenset(ev.id for ev in evs), len(evs)))
        return groups

    def _per_event(self, duty: DutyPlan) -> list[Duty]:
        scope = duty.scope
        assert isinstance(scope, ForEachEvent)
        bound = duty.bound
        made: list[Duty] = []
        applies = duty.applies
        for trigger, period, related, count in self._triggers(scope):
            if not applies.covers(trigger.day):
                continue  # another text of the clause applied on the trigger's day
            if bound.kind is BoundKind.SAME_ACTOR:
                owners = [trigger.actor]
            elif bound.kind is BoundKind.NEAREST_ABOVE:
                above = self.who.nearest_above(trigger.actor, bound.who, trigger.day)
                if above is None:
                    self.warnings.append(
                        (
                            (duty.index, trigger.instant.timestamp(), tie_key(trigger.id)),
                            NoOfficeAbove(
                                duty.number,
                                trigger.action,
                                trigger.id,
                                trigger.actor.id,
                                bound.who[0].name,
                            ),
                        )
                    )
                    continue
                owners = [above]
            elif duty.at_meeting:
                owners = self.who.bound_actors(bound.who)
            else:
                owners = self._bound_actors(bound.who)
            for owner in owners:
                if not owner.exists_on(trigger.day):
                    continue
                home = trigger.actor.id if duty.at_meeting else owner.id
                if self.owns is not None and not self.owns(home):
                    continue
                made.append(self._event_duty(duty, owner, (trigger, period, related, count)))
        return made

    def _event_duty(self, duty: DutyPlan, owner: Actor, triggered: _Trigger) -> Duty:
        trigger, period, related, count = triggered
        bound = duty.bound
        if bound.kind is BoundKind.LISTED:
            owed = self._owed_listed(owner, bound.who)
        else:
            owed = self._owed_by_event(owner, bound.kind, bound.who, trigger)
        rule = duty.deadline
        accept_from: date | None = trigger.day
        accept_until: date | None = None
        deadline: DueDate | None
        below: Step | None = None
        if isinstance(rule, After) and duty.term_below and period is not None:
            later, below = self._later_below(duty, owner, trigger, period.year)
            deadline = self._event_term(duty, rule, later)
            accept_from = later.day  # a report counts once every meeting it reports on is held
        elif isinstance(rule, After):
            deadline = self._event_term(duty, rule, trigger)
        elif isinstance(rule, Before):
            deadline = self._event_term(duty, rule, trigger)
            # A notice serves meetings of the year it was published in, or of the year
            # it names in 'period' (checked by the refusals of discharge).
            accept_until = trigger.day
            accept_from = None
        elif isinstance(rule, OnMeetingDay):
            deadline = self._met_at_meeting(trigger)
        elif isinstance(rule, NoDeadline):
            deadline = None
        else:  # validated away
            raise AssertionError(f"deadline {rule!r} in a per-event clause")
        exempt = self._event_exemption(duty, owner, deadline)
        context: tuple[Step, ...] = (owed, self._created_by(trigger, period, count))
        if bound.kind is BoundKind.NEAREST_ABOVE and len(trigger.actor.parents()) > 1:
            context = (owed, parent_on_day(trigger.actor, trigger.day), context[1])
        if below is not None:
            context = (*context, below)
        return Duty(
            duty,
            owner,
            period,
            trigger,
            deadline,
            accept_from,
            accept_until,
            related,
            context,
            exempt,
        )

    def _event_exemption(
        self, duty: DutyPlan, owner: Actor, deadline: DueDate | None
    ) -> Exemption | None:
        """The clause excepts the office, or the duty's last day is before its law."""
        exempt: Exemption | None = self._exemption(duty, owner)
        if exempt is None and deadline is not None and deadline.due < self.in_force:
            # A notice for a meeting early in the first year would be due before the law.
            exempt = DueBeforeInForce(deadline.due, self.in_force)
        applies = duty.applies
        if exempt is None and deadline is not None and deadline.due < applies.valid_from:
            # The same for a text an act gave: its notice cannot be owed before it applied.
            act = applies.act.name.name if applies.act is not None else "decree"
            exempt = DueBeforeText(duty.number, deadline.due, applies.valid_from, act)
        return exempt

    def _later_below(
        self, duty: DutyPlan, owner: Actor, own: Resolved, year: int
    ) -> tuple[Resolved, Step | None]:
        """The meeting a term runs from under 'the term runs from ... or of GROUP under it':
        the later of ``own`` and the last meeting of ``year`` of the offices of the group
        under ``owner`` (on each meeting's day); and the step that says which."""
        index = self._below.get(id(duty))
        if index is None:
            index = self._below[id(duty)] = self._last_meetings_below(duty)
        lower = index.get((owner.id, year))
        if lower is None:
            return own, None
        later = (lower.end_day, lower.instant) > (own.end_day, own.instant)
        step = TermFromBelow(
            owner.id,
            duty.term_below[0].name,
            lower.id,
            lower.actor.id,
            lower.end_day,
            own.id,
            own.end_day,
            later,
        )
        return (lower if later else own), step

    def _last_meetings_below(self, duty: DutyPlan) -> dict[tuple[str, int], Resolved]:
        """For each office and year: the last meeting of an office of the group under it."""
        scope = duty.scope
        assert isinstance(scope, ForEachEvent)
        found: dict[tuple[str, int], Resolved] = {}
        for ev in self.events_of(scope.action.name):
            if ev.day < self.in_force or not self.who.matches(ev.actor, duty.term_below):
                continue
            for above in self.who.above_on(ev.actor, ev.day):
                key = (above, ev.day.year)
                known = found.get(key)
                if known is None or (ev.end_day, ev.instant) >= (known.end_day, known.instant):
                    found[key] = ev
        return found

    def _created_by(self, trigger: Resolved, period: Period | None, count: int) -> Step:
        """What created a duty: the same fact for every duty of the trigger."""
        key = (trigger.id, count if period is not None else 0)
        created = self._created.get(key)
        if created is None:
            action = trigger.action
            actor = trigger.actor.id
            if period is not None:
                created = LastOfYear(action, period, actor, trigger.id, trigger.when(), count)
            else:
                created = CreatedBy(action, trigger.id, actor, trigger.when())
            self._created[key] = created
        return created

    def _met_at_meeting(self, trigger: Resolved) -> DueDate:
        met = self._met.get(trigger.id)
        if met is None:
            met = self._met[trigger.id] = MetAtMeeting(trigger.when())
        return DueDate(trigger.end_day, trigger.end_day, (met,))

    def _event_term(self, duty: DutyPlan, rule: After | Before, trigger: Resolved) -> DueDate:
        """The deadline counted from ``trigger``: the arithmetic is the same for every
        trigger on one day, so only the first step, which names the trigger, is its own."""
        anchor = trigger.end_day if rule.anchor is Anchor.MEETING_ENDS else trigger.day
        counted = self._counted(duty, rule, anchor)
        first = counted.steps[0]
        kind = _ANCHOR_KINDS[rule.anchor]
        action = trigger.action
        if isinstance(first, TermStart):
            own: Step = TermStart(kind, anchor, first.next_day, trigger.id, action)
        else:
            own = NoticeFrom(kind, anchor, trigger.id, action)
        return DueDate(counted.raw, counted.due, (own, *counted.steps[1:]))

    def _counted(self, duty: DutyPlan, rule: After | Before, anchor: date) -> DueDate:
        """The term of ``rule`` counted from ``anchor`` on the calendar (made once a day)."""
        key = (id(duty), anchor)
        counted = self._event_terms.get(key)
        if counted is None:
            term = deadline_after if isinstance(rule, After) else deadline_before
            amount, unit = rule.duration.amount, rule.duration.unit
            counted = term(self.calendar, anchor, amount, unit, counting=duty.counting)
            self._event_terms[key] = counted
        return counted


_NO_PERIOD = Period(0)

_ANCHOR_KINDS = {
    Anchor.MEETING_STARTS: AnchorKind.MEETING_STARTS,
    Anchor.MEETING_ENDS: AnchorKind.MEETING_ENDS,
    Anchor.REPORT_RECEIVED: AnchorKind.REPORT_RECEIVED,
}


def _quarters(start: Period, as_of: date) -> Iterable[Period]:
    year, quarter = start.year, start.quarter or 1
    last = (as_of.year, (as_of.month - 1) // 3 + 1)
    while (year, quarter) <= last:
        yield Period(year, quarter)
        quarter += 1
        if quarter == 5:
            year, quarter = year + 1, 1


def parent_on_day(actor: Actor, day: date) -> ParentOnDay:
    """The parent ``actor`` had on ``day``, and the others it had (a moved office)."""
    tenure = actor.tenure_on(day)
    parent = actor.parent_on(day)
    others = tuple(p for p in actor.parents() if p != parent)
    if tenure is None:
        return ParentOnDay(actor.id, day, parent, others=others)
    return ParentOnDay(actor.id, day, parent, tenure.valid_from, tenure.valid_until, others)


def _made_under(duty: DutyPlan, period: Period | None, in_force: date) -> bool:
    """Whether a duty of ``period`` is made under this text of its clause: the text that
    applied on the day the duty arose (a duty of no period arose when the decree began)."""
    applies = duty.applies
    if period is None:
        return applies.covers(in_force)
    first, last = period_bounds(period)
    return applies.covers(applies.arose(first, last))


def _existed_between(actor: Actor, first: date, last: date) -> bool:
    if actor.valid_from is not None and actor.valid_from > last:
        return False
    return actor.valid_until is None or actor.valid_until >= first
