"""What the engine found, as facts: who owes a duty and why, what discharged it, the verdict,
why an event discharged nothing, and the report's warnings.

With the term steps of :mod:`decree_rules.time.steps` they make every finding's
explanation; the explain layer words them. The codes are documented in
``docs/steps.rst``; they never change meaning (extend, never rename).
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from decree_rules.core.facts import Cite, Fact, Step
from decree_rules.core.periods import Period
from decree_rules.core.vocabulary import Level, Role
from decree_rules.time.days import CalendarNotice


class Status(enum.Enum):
    """What became of a duty (the contract's statuses)."""

    FULFILLED = "fulfilled"
    LATE = "late"
    VIOLATED = "violated"
    PENDING = "pending"
    EXEMPT = "exempt"


class OwedBasis(enum.Enum):
    """Why an office owes a duty."""

    GROUP = "group"  # it is one of a group the clause names
    OFFICE = "office"  # its role (and level) is what the clause names
    SAME_ACTOR = "same_actor"  # it held the event that created the duty
    NEAREST_ABOVE = "nearest_above"  # it is the nearest office of a group above the event's


class ConditionName(enum.Enum):
    """What a rule's condition on an event looks at."""

    CHANNEL = "channel"
    RECIPIENT = "recipient"
    VIDEOCONFERENCE = "videoconference"


class ScopeKind(enum.Enum):
    """What creates a clause's duties."""

    EVENT = "event"  # each event of an action ('for each ...')
    QUARTER = "quarter"  # each quarter from the office's first event of an action
    PERIOD = "period"  # each year, or once


# ---- values nested in steps --------------------------------------------------------------


@attrs.frozen
class When(Fact):
    """When an event happened, as the office saw it: its local ``day``, the local
    ``clock`` time (``"14:00"``) when the log gave a time, the office's zone, and the
    local day it ended when that is another day."""

    kind = "when"
    day: date
    tz: str
    clock: str | None = None
    end_day: date | None = None


@attrs.frozen
class Failed(Fact):
    """The condition an event failed: a ``channel``, a ``recipient`` (one of ``wanted``;
    the event had ``actual``) or the ``videoconference`` link."""

    kind = "failed_condition"
    condition: ConditionName
    wanted: tuple[str, ...] = ()
    actual: tuple[str, ...] = ()


@attrs.frozen
class Wanted(Fact):
    """A condition a duty's event must meet (``condition`` as in :class:`Failed`)."""

    kind = "wanted_condition"
    condition: ConditionName
    any_of: tuple[str, ...] = ()


@attrs.frozen
class DutyRef(Fact):
    """A duty, by its office and its period or triggering event."""

    kind = "duty"
    actor: str
    period: Period | None = None
    trigger: str | None = None


# ---- who owes the duty, and what created it ------------------------------------------------


@attrs.frozen
class ClauseCited(Step):
    """The clause the duty comes from, with its title."""

    code = "clause"
    shared = True
    clause: str
    title: str

    def cites(self) -> tuple[Cite, ...]:
        return (Cite(law="decree", clause=self.clause),)


@attrs.frozen
class OwedBy(Step):
    """``actor`` owes the duty, and why (``basis``).

    ``group`` names the group it is one of (or the group searched above ``below``, the
    office whose event created the duty); ``role`` and ``level`` are the office's own.
    """

    code = "owed_by"
    shared = True
    actor: str
    basis: OwedBasis
    role: Role
    level: Level | None = None
    group: str | None = None
    below: str | None = None


@attrs.frozen
class OwedOnce(Step):
    """The duty is owed once, not per period."""

    code = "owed_once"
    shared = True


@attrs.frozen
class OwedFromQuarter(Step):
    """Owed every quarter from ``period``, the quarter of the office's first ``action``."""

    code = "owed_from_quarter"
    shared = True
    period: Period
    action: str
    event: str
    day: date


@attrs.frozen
class CreatedBy(Step):
    """The duty was created by ``event`` (``action``) of ``actor``."""

    code = "created_by"
    shared = True
    action: str
    event: str
    actor: str
    when: When


@attrs.frozen
class LastOfYear(Step):
    """The duty counts from ``event``, the last of ``count`` ``action`` events of ``actor``
    in the year ``period``."""

    code = "last_of_year"
    shared = True
    action: str
    period: Period
    actor: str
    event: str
    when: When
    count: int


@attrs.frozen
class MetAtMeeting(Step):
    """The duty is met or missed at the meeting itself."""

    code = "met_at_meeting"
    shared = True
    when: When


@attrs.frozen
class NoDateGiven(Step):
    """The decree gives no date for the duty."""

    code = "no_deadline"
    shared = True


# ---- what discharged it, and the verdict --------------------------------------------------


@attrs.frozen
class NotCounted(Step):
    """An event that would have discharged the duty but failed a condition."""

    code = "not_counted"
    action: str
    event: str
    day: date
    failed: Failed


@attrs.frozen
class Exempt(Step):
    """The clause excepts the office (its ``field`` is ``value``)."""

    code = "exempt"
    field: str
    value: str
    actor: str


@attrs.frozen
class DueBeforeInForce(Step):
    """The duty's last day, ``due``, is before the decree entered into force: no duty was
    owed before the law (deadlines.md rule 9), so the duty is exempt."""

    code = "due_before_in_force"
    due: date
    in_force: date

    def cites(self) -> tuple[Cite, ...]:
        return (Cite(law="decree", clause="15"),)


@attrs.frozen
class DueBeforeText(Step):
    """The duty's last day, ``due``, is before the text it was made under applied (from
    ``valid_from``, given by ``act``): no duty is owed before the law, so it is exempt."""

    code = "due_before_text"
    clause: str
    due: date
    valid_from: date
    act: str

    def cites(self) -> tuple[Cite, ...]:
        return (Cite(law=self.act, clause=self.clause),)


Exemption = Exempt | DueBeforeInForce | DueBeforeText
"""Why a duty is exempt: the clause excepts the office, or its last day is before the law."""


@attrs.frozen
class TextApplied(Step):
    """The text of a clause that an act changed which the duty was made under: the
    decree as adopted (``act`` None), or as amended by ``act`` (its title, number and
    date); it applies from ``valid_from`` to the day before ``valid_until`` (None: in
    force). A duty follows the text that applied on the day it arose."""

    code = "text_applied"
    shared = True
    clause: str
    valid_from: date | None
    valid_until: date | None
    act: str | None = None
    act_title: str | None = None
    act_number: str | None = None
    act_dated: date | None = None

    def cites(self) -> tuple[Cite, ...]:
        return (Cite(law=self.act or "decree", clause=self.clause),)


@attrs.frozen
class Evidence(Step):
    """The event that discharged the duty, and whether in time (``status``).

    ``counted_day`` is the day the action counts as done: its local day, or the next day
    when it came after ``closing_hour`` and end_of_day_local is off (art. 176 p. 2);
    ``on_due_day`` when it came on the due day itself, in time until 24:00 (art. 176).
    ``notice_days``: for a notice, the days between it and the meeting; ``days_late``:
    for a late duty with a deadline, the days after ``due``.
    """

    code = "evidence"
    action: str
    event: str
    when: When
    status: Status
    counted_day: date
    due: date | None = None
    closing_hour: int | None = None
    on_due_day: bool = False
    notice_days: int | None = None
    days_late: int | None = None

    def cites(self) -> tuple[Cite, ...]:
        if self.closing_hour is not None:
            return (Cite(law="civil_code", article="176 p. 2"),)
        if self.on_due_day:
            return (Cite(law="civil_code", article="176", policy="end_of_day_local"),)
        return ()


@attrs.frozen
class Verdict(Step):
    """No event discharged the duty: ``status`` as of ``as_of`` (``due`` None: no deadline).

    ``action`` and ``conditions`` are what the duty asks for.
    """

    code = "verdict"
    status: Status
    action: str
    as_of: date
    conditions: tuple[Wanted, ...] = ()
    due: date | None = None


@attrs.frozen
class Participants(Step):
    """Who took part in the meeting: the duty wants one of ``wanted``; ``present`` of them
    are among the meeting's ``listed`` participants. ``due`` is the meeting's end day."""

    code = "participants"
    status: Status
    wanted: tuple[str, ...]
    present: tuple[str, ...]
    listed: tuple[str, ...]
    due: date


# ---- why an event discharged nothing ------------------------------------------------------


@attrs.frozen
class UnknownActor(Step):
    """The event's office is not in the registry."""

    code = "unknown_actor"
    actor: str


@attrs.frozen
class AfterAsOf(Step):
    """The event is later than the date the report is made as of."""

    code = "after_as_of"
    action: str
    day: date
    as_of: date


@attrs.frozen
class OfficeAbsent(Step):
    """The office did not exist on the event's day (``valid_from`` .. ``valid_until``)."""

    code = "office_absent"
    actor: str
    day: date
    valid_from: date | None = None
    valid_until: date | None = None


@attrs.frozen
class ParentOnDay(Step):
    """The parent ``actor`` had on ``day``, the day of the event that created the duty,
    for an office the registry moved under another parent: ``parent`` from ``since`` to
    ``until`` (None: open), and the parents it had on other days (``others``)."""

    code = "parent_on_day"
    actor: str
    day: date
    parent: str | None
    since: date | None = None
    until: date | None = None
    others: tuple[str, ...] = ()


@attrs.frozen
class TermFromBelow(Step):
    """'the term runs from the last meeting of the year of the actor or of GROUP under
    it': the last meeting that year of an office of ``group`` under ``actor``
    (``meeting``, of ``office``, ended ``ended``), and whether it ended after the actor's
    own last meeting (``own``, ended ``own_ended``), so that the term runs from it."""

    code = "term_from_below"
    actor: str
    group: str
    meeting: str
    office: str
    ended: date
    own: str
    own_ended: date
    later: bool


@attrs.frozen
class HeldBeforeWindow(Step):
    """The meeting that discharged a window duty was held on ``day``, before the window
    opened on ``window_start``: the rule line 'events earlier in the year count' counts it."""

    code = "held_before_window"
    event: str
    day: date
    window_start: date


@attrs.frozen
class Part(Fact):
    """One of the events that met a duty's conditions together, and its local day."""

    kind = "part"
    event: str
    day: date


@attrs.frozen
class MetTogether(Step):
    """'events may meet the conditions together': the ``parts`` met the duty's conditions
    only together; it was met on the day of the last."""

    code = "met_together"
    parts: tuple[Part, ...]


@attrs.frozen
class Gap(Fact):
    """Days between two rows of an office when it did not exist, both included."""

    kind = "gap"
    first: date
    last: date


@attrs.frozen
class OfficeBounds(Step):
    """A warning: the office exists only from ``valid_from`` or until ``valid_until``
    within the days checked, so it owes no duty of a period or an event outside them
    (``gaps``: the days between its rows, when it was abolished and formed again)."""

    code = "office_bounds"
    actor: str
    valid_from: date | None = None
    valid_until: date | None = None
    gaps: tuple[Gap, ...] = ()


@attrs.frozen
class BeforeInForce(Step):
    """The event is before the decree entered into force."""

    code = "before_in_force"
    day: date
    in_force: date


@attrs.frozen
class NoClauseUses(Step):
    """No clause uses the event's action."""

    code = "no_clause_uses"
    action: str


@attrs.frozen
class NotAsked(Step):
    """No clause asks this office for the action; ``clauses`` ask other offices."""

    code = "not_asked"
    actor: str
    role: Role
    action: str
    clauses: tuple[str, ...]
    level: Level | None = None


@attrs.frozen
class NoOpenDuty(Step):
    """The office could owe a duty of ``clause`` that the event discharges, but owes none
    (``scope`` says what creates them; ``action`` is the creating action)."""

    code = "no_open_duty"
    clause: str
    actor: str
    scope: ScopeKind
    action: str | None = None


@attrs.frozen
class NeedsCondition(Step):
    """The event failed a condition of ``clause``."""

    code = "needs_condition"
    clause: str
    failed: Failed


@attrs.frozen
class AlreadyDischarged(Step):
    """The duty the event could discharge was discharged already, by ``by``."""

    code = "already_discharged"
    clause: str
    duty: DutyRef
    by: tuple[str, ...]


@attrs.frozen
class RefusedRef(Step):
    """The event's ``ref`` names no open duty of ``clause`` (``by_event``: the clause's
    duties are created by events at all)."""

    code = "refused_ref"
    clause: str
    ref: str
    by_event: bool


@attrs.frozen
class RefusedRefs(Step):
    """The event's ``refs`` name no open duty of ``clause`` (``by_event``: the clause's
    duties are created by events at all): none of the events named created one."""

    code = "refused_refs"
    clause: str
    refs: tuple[str, ...]
    by_event: bool


@attrs.frozen
class RefusedPeriod(Step):
    """The event's ``period`` has no open duty of ``actor`` under ``clause``."""

    code = "refused_period"
    clause: str
    period: Period
    actor: str


@attrs.frozen
class NoticeOtherYear(Step):
    """A notice published in ``year`` announces that year's meetings, not ``meeting`` of
    ``meeting_year``."""

    code = "notice_other_year"
    clause: str
    year: int
    meeting: str
    meeting_year: int


@attrs.frozen
class TooLongBefore(Step):
    """A notice on ``day`` is too long before the meeting it would announce."""

    code = "too_long_before"
    clause: str
    day: date
    meeting: str
    meeting_day: date


@attrs.frozen
class BeforeTrigger(Step):
    """The event on ``day`` is before the event the duty counts from."""

    code = "before_trigger"
    clause: str
    day: date
    action: str
    trigger: str
    trigger_day: date


@attrs.frozen
class BeforeTriggerStarted(Step):
    """The event at ``when``, on the day of the event the duty counts from, came before
    that event (``action`` ``trigger``, at ``trigger_when``) began."""

    code = "before_trigger_started"
    clause: str
    when: When
    action: str
    trigger: str
    trigger_when: When


@attrs.frozen
class BeforeFirstDay(Step):
    """The event on ``day`` is before ``first_day``, when the duty can first be met."""

    code = "before_first_day"
    clause: str
    day: date
    first_day: date
    duty: DutyRef


@attrs.frozen
class AfterMeeting(Step):
    """A notice published on ``day`` is after the meeting it would announce."""

    code = "after_meeting"
    clause: str
    day: date
    meeting: str
    meeting_day: date


@attrs.frozen
class AfterMeetingStarted(Step):
    """A notice published on the day of the meeting it would announce, at ``when``, when
    the meeting had started already (at ``meeting_when``)."""

    code = "after_meeting_started"
    clause: str
    when: When
    meeting: str
    meeting_when: When


@attrs.frozen
class BeforePeriod(Step):
    """The ``action`` on ``day`` names ``period``, which began only on ``first_day``."""

    code = "before_period"
    clause: str
    action: str
    day: date
    period: Period
    first_day: date


@attrs.frozen
class AfterLastDay(Step):
    """The event on ``day`` is after ``last_day``, the last day that counts for ``period``."""

    code = "after_last_day"
    clause: str
    day: date
    last_day: date
    period: Period | None = None


# ---- the report's warnings ------------------------------------------------------------------


@attrs.frozen
class EmptyLog(Step):
    """The event log has no events."""

    code = "empty_log"


@attrs.frozen
class NoOfficeAbove(Step):
    """No office of ``group`` is above ``actor`` in the registry, so ``event`` (of
    ``clause``) created no duty."""

    code = "no_office_above"
    clause: str
    action: str
    event: str
    actor: str
    group: str


@attrs.frozen
class NoOfficeBound(Step):
    """No office of the registry is one ``clause`` binds (``bound``: the roles and groups
    named), so the clause creates no duty in this check: a gap, not a pass."""

    code = "no_office_bound"
    clause: str
    bound: tuple[str, ...]


@attrs.frozen
class CalendarData(Step):
    """The working-day data lacks or only estimates something about a year of a due date."""

    code = "calendar_data"
    notice: CalendarNotice
