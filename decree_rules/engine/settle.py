"""A duty's status, from its facts alone: the one place where a status is decided.

``settle`` is pure: the duty, what discharged it and the as-of date in; the status and the
step that states the verdict out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from decree_rules.core.facts import Step
from decree_rules.core.policies import OFFICE_CLOSING_HOUR, Policy
from decree_rules.engine.conditions import wanted_conditions
from decree_rules.engine.discharge import wanted_participants
from decree_rules.engine.duties import Duty
from decree_rules.engine.steps import Evidence, Participants, Status, Verdict
from decree_rules.engine.timeline import Resolved
from decree_rules.lang.model import Before, DoAction
from decree_rules.time.zones import load_zone


def settle(duty: Duty, evidence: Sequence[Resolved], as_of: date) -> tuple[Status, Step | None]:
    """The status of ``duty`` as of ``as_of``, and the step that says why.

    An exempt duty is ``exempt`` (its step is the exemption, given by the caller).
    """
    if duty.exempt is not None:
        return Status.EXEMPT, None
    if duty.plan.at_meeting:
        return _participants(duty, as_of)
    if evidence:
        # Several events are evidence only when they met the conditions together: the
        # duty was met when the last of them came.
        return _evidence(duty, evidence[-1])
    kind = duty.plan.duty
    assert isinstance(kind, DoAction)
    due = duty.due
    status = Status.VIOLATED if due is not None and as_of > due else Status.PENDING
    return status, Verdict(status, kind.action.name, as_of, wanted_conditions(kind.conditions), due)


def done_day(ev: Resolved, duty: Duty) -> tuple[date, int | None]:
    """The day an action counts as done on, and the closing hour when that made it the
    next day (without end_of_day_local, art. 176 p. 2)."""
    moment = ev.event.time
    if Policy.END_OF_DAY_LOCAL in duty.plan.counting or not isinstance(moment, datetime):
        return ev.day, None
    local = moment if moment.tzinfo is None else moment.astimezone(load_zone(ev.actor.tz))
    if local.hour < OFFICE_CLOSING_HOUR:
        return ev.day, None
    return ev.day + timedelta(days=1), OFFICE_CLOSING_HOUR


def _evidence(duty: Duty, ev: Resolved) -> tuple[Status, Step]:
    counted, closing = done_day(ev, duty)
    due = duty.due
    status = Status.FULFILLED if due is None or counted <= due else Status.LATE
    on_due_day = closing is None and isinstance(ev.event.time, datetime) and counted == due
    notice_days = None
    days_late = None
    if due is not None and isinstance(duty.plan.deadline, Before) and duty.trigger is not None:
        notice_days = (duty.trigger.day - ev.day).days
    elif status is Status.LATE:
        assert due is not None
        days_late = (counted - due).days
    step = Evidence(
        ev.action,
        ev.id,
        ev.when(),
        status,
        counted,
        due,
        closing,
        on_due_day,
        notice_days,
        days_late,
    )
    return status, step


def _participants(duty: Duty, as_of: date) -> tuple[Status, Step]:
    assert duty.trigger is not None and duty.due is not None
    participants = duty.trigger.event.participants
    wanted = wanted_participants(duty)
    present = tuple(p for p in wanted if p in participants)
    if present:
        status = Status.FULFILLED
    elif as_of <= duty.due:
        status = Status.PENDING
    else:
        status = Status.VIOLATED
    return status, Participants(status, wanted, present, participants, duty.due)
