"""Which events discharge which duties: per clause, in time order, each event the earliest
open duty it fits (or, for a shared notice, every open duty it fits).

What is found is recorded as facts: the evidence of each duty, the events a duty did not
count (they failed a condition) and, for each event that discharged nothing, why.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import attrs

from decree_rules.core.facts import Step
from decree_rules.core.periods import Period, period_bounds
from decree_rules.core.vocabulary import DEPUTY_PREFIX
from decree_rules.engine.conditions import failed_condition
from decree_rules.engine.duties import Duty
from decree_rules.engine.plan import DutyPlan
from decree_rules.engine.steps import (
    AfterLastDay,
    AfterMeeting,
    AfterMeetingStarted,
    AlreadyDischarged,
    BeforeFirstDay,
    BeforePeriod,
    BeforeTrigger,
    BeforeTriggerStarted,
    DutyRef,
    Failed,
    NeedsCondition,
    NotCounted,
    NoticeOtherYear,
    RefusedPeriod,
    RefusedRef,
    RefusedRefs,
    TooLongBefore,
)
from decree_rules.engine.timeline import Resolved
from decree_rules.lang.model import After, Anchor, Before, Condition, DoAction, EnsureIncluded


@attrs.define
class Ledger:
    """What an evaluation learns about events across clauses: why each one that was
    offered to a duty was refused, and which were used (as a trigger or as evidence)."""

    refusals: defaultdict[str, list[Step]] = attrs.Factory(lambda: defaultdict(list))
    used: set[str] = attrs.Factory(set)


@attrs.frozen
class Discharged:
    """What discharged a clause's duties: evidence and not-counted events per duty."""

    evidence: dict[Duty, list[Resolved]]
    notes: dict[Duty, list[Step]]

    def evidence_of(self, duty: Duty) -> Sequence[Resolved]:
        return self.evidence.get(duty, ())

    def notes_of(self, duty: Duty) -> Sequence[Step]:
        return self.notes.get(duty, ())


def discharge(
    plan: DutyPlan, duties: Sequence[Duty], events: Sequence[Resolved], ledger: Ledger
) -> Discharged:
    """Match ``events`` (the clause's action, in time order) to ``duties`` (in order).

    ``duties`` are of ``plan`` or of another text of its clause with the same action (a
    clause an act changed): they compete for the events as one clause's duties do.
    """
    for duty in duties:
        if duty.trigger is not None:
            ledger.used.add(duty.trigger.id)
    found = Discharged({}, {})
    if plan.at_meeting:
        for duty in duties:
            if duty.exempt is None and duty.trigger is not None and _attended(duty):
                found.evidence[duty] = [duty.trigger]
        return found
    matching = _Matching(plan, duties, found, ledger)
    matching.run(events)
    matching.left_parts()
    return found


def _conditions(plan: DutyPlan) -> tuple[Condition, ...]:
    kind = plan.duty
    return kind.conditions if isinstance(kind, DoAction) else ()


def wanted_participants(duty: Duty) -> tuple[str, ...]:
    """Who must be among the triggering meeting's participants for ``duty``."""
    kind = duty.plan.duty
    if isinstance(kind, DoAction):
        return ()
    if isinstance(kind, EnsureIncluded):
        return tuple(t.name for t in kind.any_of)
    wanted = [duty.actor.id]
    if kind.deputy_allowed:
        wanted.append(DEPUTY_PREFIX + duty.actor.id)
    return tuple(wanted)


def _attended(duty: Duty) -> bool:
    assert duty.trigger is not None
    participants = duty.trigger.event.participants
    return any(p in participants for p in wanted_participants(duty))


class _Matching:
    """The matching of one clause's events to its duties (open duties change as it goes)."""

    def __init__(
        self, plan: DutyPlan, duties: Sequence[Duty], found: Discharged, ledger: Ledger
    ) -> None:
        self.plan = plan
        # A clause an act changed has duties of several texts, whose conditions may differ.
        self.one_text = len({id(duty.plan) for duty in duties}) <= 1
        # 'events may meet the conditions together': each open duty's parts so far.
        self.together = any(duty.plan.together for duty in duties)
        self.parts: dict[Duty, list[Resolved]] = {}
        self.met: dict[Duty, set[int]] = {}
        self.found = found
        self.ledger = ledger
        self.by_actor: dict[str, list[Duty]] = defaultdict(list)
        # An event that names its period can only fit that period's duties: looking at
        # those first spares scanning ten years of an office's quarterly duties per event.
        self.by_period: dict[tuple[str, Period], list[Duty]] = defaultdict(list)
        self.timeless: set[str] = set()  # offices with a duty of no period: scan them whole
        for duty in duties:
            self.by_actor[duty.actor.id].append(duty)
            period = duty.belongs_period()
            if period is None:
                self.timeless.add(duty.actor.id)
            else:
                self.by_period[(duty.actor.id, period)].append(duty)

    def is_open(self, duty: Duty) -> bool:
        return duty.exempt is None and duty not in self.found.evidence

    def run(self, events: Sequence[Resolved]) -> None:
        for ev in events:
            own = self.by_actor.get(ev.actor.id)
            if not own:
                continue
            named = ev.event.period
            likely = (
                self.by_period.get((ev.actor.id, named))
                if named is not None
                and ev.event.ref is None
                and not ev.event.refs
                and ev.actor.id not in self.timeless
                else None
            )
            for duty in self._choose(ev, own, likely):
                self.found.evidence.setdefault(duty, []).append(ev)
                self.ledger.used.add(ev.id)

    def _choose(self, ev: Resolved, own: list[Duty], likely: list[Duty] | None) -> list[Duty]:
        """The duties ``ev`` discharges, from the office's ``own``; ``likely`` (a part of
        ``own``, in the same order) holds every duty that can fit, when known."""
        failed, own, likely = self._conditions_met(ev, own, likely)
        if failed is not None and self.together:
            completed = self._together(ev, own)
            if completed is not None:
                if not completed:  # a part of a duty's conditions, kept for later events
                    self.ledger.refusals[ev.id].append(NeedsCondition(self.plan.number, failed))
                return completed
        if failed is not None:
            self.ledger.refusals[ev.id].append(NeedsCondition(self.plan.number, failed))
            for duty in own:
                if self.is_open(duty) and _refusal(duty, ev) is None:
                    note = NotCounted(ev.action, ev.id, ev.day, failed)
                    self.found.notes.setdefault(duty, []).append(note)
                    break
            return []
        if likely is not None:
            chosen = self._fit(ev, likely, explain_refusal=False)
            if chosen is not None:
                return chosen
        chosen = self._fit(ev, own, explain_refusal=True)
        assert chosen is not None
        return chosen

    def _together(self, ev: Resolved, own: list[Duty]) -> list[Duty] | None:
        """For 'events may meet the conditions together': the duty ``ev`` completes (its
        earlier parts become evidence with it), [] when it meets a part of an open duty's
        conditions not met yet, None when it meets no new part of any."""
        for duty in own:
            if not duty.plan.together or not self.is_open(duty) or _refusal(duty, ev):
                continue
            conditions = _conditions(duty.plan)
            meets = {i for i, c in enumerate(conditions) if failed_condition(ev, (c,)) is None}
            have = self.met.setdefault(duty, set())
            if not meets or meets <= have:
                continue
            parts = self.parts.setdefault(duty, [])
            parts.append(ev)
            have |= meets
            if len(have) < len(conditions):
                return []
            self.found.evidence[duty] = parts[:-1]  # run() adds ``ev``, the last part
            self.ledger.used.update(part.id for part in parts[:-1])
            return [duty]
        return None

    def left_parts(self) -> None:
        """The parts of duties never completed: events that did not count, as notes."""
        for duty, parts in self.parts.items():
            if duty in self.found.evidence:
                continue
            conditions = _conditions(duty.plan)
            for part in parts:
                failed = failed_condition(part, conditions)
                assert failed is not None
                note = NotCounted(part.action, part.id, part.day, failed)
                self.found.notes.setdefault(duty, []).append(note)

    def _conditions_met(
        self, ev: Resolved, own: list[Duty], likely: list[Duty] | None
    ) -> tuple[Failed | None, list[Duty], list[Duty] | None]:
        """The condition ``ev`` fails, or the duties whose conditions it meets: all of them
        for one text of the clause; for several texts, those of the texts it meets."""
        if self.one_text:
            return failed_condition(ev, _conditions(own[0].plan)), own, likely
        plans = {id(duty.plan): duty.plan for duty in own}
        if len(plans) == 1:
            return failed_condition(ev, _conditions(own[0].plan)), own, likely
        fails = {key: failed_condition(ev, _conditions(plan)) for key, plan in plans.items()}
        first = fails[id(own[0].plan)]
        if all(failure is not None for failure in fails.values()):
            return first, own, likely
        kept = [duty for duty in own if fails[id(duty.plan)] is None]
        if likely is not None:
            likely = [duty for duty in likely if fails[id(duty.plan)] is None]
        return None, kept, likely

    def _fit(self, ev: Resolved, own: list[Duty], *, explain_refusal: bool) -> list[Duty] | None:
        """As :meth:`_choose`, among ``own``; None if none fits and ``explain_refusal`` is
        False (the first refusal, in the order of all the office's duties, is the one told).
        """
        fitting: list[Duty] = []
        first_refused: tuple[_Refusal, Duty] | None = None
        for duty in own:
            if duty.exempt is not None:
                continue
            refusal = _refusal(duty, ev)
            if refusal is None:
                shared = duty.plan.shared or (duty.plan.shared_named and bool(ev.event.refs))
                if not shared and self.is_open(duty):
                    return [duty]
                fitting.append(duty)
            elif first_refused is None or (
                first_refused[0] is _Refusal.PERIOD and refusal is not _Refusal.PERIOD
            ):
                # The refusal told is the first, unless it is only that the period is
                # another: a duty of the event's own period says more.
                first_refused = (refusal, duty)
        open_duties = [duty for duty in fitting if self.is_open(duty)]
        if open_duties:
            return open_duties
        if fitting:
            done = fitting[0]
            by = tuple(e.id for e in self.found.evidence_of(done))
            self.ledger.refusals[ev.id].append(
                AlreadyDischarged(self.plan.number, duty_ref(done), by)
            )
        elif not explain_refusal:
            return None
        elif first_refused is not None:
            self.ledger.refusals[ev.id].append(_refusal_step(*first_refused, ev))
        return []


def duty_ref(duty: Duty) -> DutyRef:
    """The duty named by its office and its period or trigger."""
    trigger = duty.trigger.id if duty.trigger is not None else None
    return DutyRef(duty.actor.id, duty.period, trigger)


class _Refusal(enum.Enum):
    """Why an event cannot discharge a duty; the step is made only when it is reported."""

    REF = "ref"
    PERIOD = "period"
    NOTICE_YEAR = "notice year"
    TOO_EARLY = "too early"
    TOO_LATE = "too late"
    AFTER_START = "after the start"
    BEFORE_START = "before the start"


def _refusal(duty: Duty, ev: Resolved) -> _Refusal | None:
    """Why ``ev`` cannot discharge ``duty``, or None; cheap, makes nothing."""
    ref, refs = ev.event.ref, ev.event.refs
    if (ref is not None and ref not in duty.related) or (
        refs and duty.related.isdisjoint(refs)  # a consolidated report: the events it names
    ):
        return _Refusal.REF
    if ev.event.period is not None:
        belongs = duty.belongs_period()
        if belongs is not None and ev.event.period != belongs:
            return _Refusal.PERIOD
    if (
        duty.trigger is not None
        and ev.event.period is None
        and ref is None
        and not refs
        and ev.day.year != duty.trigger.day.year
        and isinstance(duty.plan.deadline, Before)
    ):
        return _Refusal.NOTICE_YEAR
    if duty.accept_from is not None and ev.day <= duty.accept_from:
        early = _early_refusal(duty, ev)
        if early is not None:
            return early
    if duty.accept_until is not None and ev.day >= duty.accept_until:
        return _late_refusal(duty, ev)
    return None


def _early_refusal(duty: Duty, ev: Resolved) -> _Refusal | None:
    """Why ``ev``, on or before the first day it may come on, cannot discharge ``duty``."""
    assert duty.accept_from is not None
    if ev.day < duty.accept_from:
        return _Refusal.TOO_EARLY
    trigger = duty.trigger
    if (
        trigger is not None
        and isinstance(duty.plan.deadline, After)
        and ev.day == trigger.day
        and isinstance(ev.event.time, datetime)
        and isinstance(trigger.event.time, datetime)
        and ev.instant < trigger.instant
    ):
        return _Refusal.BEFORE_START
    return None


def _late_refusal(duty: Duty, ev: Resolved) -> _Refusal | None:
    """Why ``ev``, on or after the last day it may come on, cannot discharge ``duty``."""
    assert duty.accept_until is not None
    if ev.day > duty.accept_until:
        return _Refusal.TOO_LATE
    return _Refusal.AFTER_START if _after_start(duty, ev) else None


def _after_start(duty: Duty, ev: Resolved) -> bool:
    """Whether ``ev``, on the day of the meeting its notice duty counts back from, came
    when the meeting had started: compared by instant when both have a time of day."""
    trigger, rule = duty.trigger, duty.plan.deadline
    return (
        trigger is not None
        and isinstance(rule, Before)
        and rule.anchor is Anchor.MEETING_STARTS
        and isinstance(ev.event.time, datetime)
        and isinstance(trigger.event.time, datetime)
        and ev.instant >= trigger.instant
    )


def _refusal_step(refusal: _Refusal, duty: Duty, ev: Resolved) -> Step:
    """The refusal as a fact, to report it."""
    return _REFUSAL_STEPS[refusal](duty, ev)


def _refused_ref(duty: Duty, ev: Resolved) -> Step:
    by_event = duty.trigger is not None
    if ev.event.refs:
        return RefusedRefs(duty.plan.number, ev.event.refs, by_event=by_event)
    assert ev.event.ref is not None
    return RefusedRef(duty.plan.number, ev.event.ref, by_event=by_event)


def _refused_period(duty: Duty, ev: Resolved) -> Step:
    assert ev.event.period is not None
    return RefusedPeriod(duty.plan.number, ev.event.period, ev.actor.id)


def _notice_other_year(duty: Duty, ev: Resolved) -> Step:
    trigger = duty.trigger
    assert trigger is not None
    return NoticeOtherYear(duty.plan.number, ev.day.year, trigger.id, trigger.day.year)


def _too_early(duty: Duty, ev: Resolved) -> Step:
    number, trigger = duty.plan.number, duty.trigger
    if trigger is not None and isinstance(duty.plan.deadline, Before):
        return TooLongBefore(number, ev.day, trigger.id, trigger.day)
    if trigger is not None:
        return BeforeTrigger(number, ev.day, trigger.action, trigger.id, trigger.day)
    assert duty.accept_from is not None
    period = duty.period
    if (
        period is not None
        and ev.event.period == period
        and duty.accept_from == period_bounds(period)[0]
    ):
        return BeforePeriod(number, ev.action, ev.day, period, duty.accept_from)
    return BeforeFirstDay(number, ev.day, duty.accept_from, duty_ref(duty))


def _too_late(duty: Duty, ev: Resolved) -> Step:
    number, trigger = duty.plan.number, duty.trigger
    if trigger is not None:
        return AfterMeeting(number, ev.day, trigger.id, trigger.day)
    assert duty.accept_until is not None
    return AfterLastDay(number, ev.day, duty.accept_until, duty.period)


def _after_meeting_started(duty: Duty, ev: Resolved) -> Step:
    trigger = duty.trigger
    assert trigger is not None
    return AfterMeetingStarted(duty.plan.number, ev.when(), trigger.id, trigger.when())


def _before_trigger_started(duty: Duty, ev: Resolved) -> Step:
    trigger = duty.trigger
    assert trigger is not None
    number = duty.plan.number
    return BeforeTriggerStarted(number, ev.when(), trigger.action, trigger.id, trigger.when())


_REFUSAL_STEPS = {
    _Refusal.REF: _refused_ref,
    _Refusal.PERIOD: _refused_period,
    _Refusal.NOTICE_YEAR: _notice_other_year,
    _Refusal.TOO_EARLY: _too_early,
    _Refusal.TOO_LATE: _too_late,
    _Refusal.AFTER_START: _after_meeting_started,
    _Refusal.BEFORE_START: _before_trigger_started,
}


def refusal_step(kind: str, duty: Duty, ev: Resolved) -> Step:
    """The step of a refusal named by its value ('ref', 'period', 'too early', 'too late',
    ...), as a compiled engine that decided it reports it."""
    return _refusal_step(_Refusal(kind), duty, ev)
