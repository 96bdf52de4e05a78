"""Steps to sentences: the only place where the package's findings become words.

Each step (:mod:`decree_rules.time.steps`, :mod:`decree_rules.engine.steps`) is one
sentence of a finding's explanation; :func:`explanation` renders a finding's steps,
:func:`sentence` one step. The words here are the project's English, kept byte for byte
from the reports legal staff already read.

>>> from datetime import date
>>> from decree_rules.time.steps import AddDays
>>> sentence(AddDays(10, date(2020, 3, 1)))
'+10 calendar days = Sun 2020-03-01'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from decree_rules.core.facts import Step
from decree_rules.core.ids import shown_id as _id
from decree_rules.core.vocabulary import MONTH_NAMES, Level, Role, Unit
from decree_rules.engine import steps as E
from decree_rules.engine.steps import ConditionName, OwedBasis, ScopeKind, Status
from decree_rules.time import days as D
from decree_rules.time import steps as T

__all__ = [
    "calendar_notice",
    "day_off",
    "explanation",
    "fmt_day",
    "office_words",
    "reason",
    "sentence",
    "sentences",
    "workday_note",
]

# English names, not strftime's: %a and %B follow the process locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@functools.lru_cache(maxsize=8192)
def fmt_day(day: date) -> str:
    """``Fri 2018-03-09``, whatever the locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}"


def sentence(step: Step) -> str:
    """The sentence of one step."""
    return _RENDER[type(step)](step)


def sentences(steps: Iterable[Step]) -> tuple[str, ...]:
    """The sentences of several steps, in order.

    A national report words the same shared step (a clause, a year's window) many times:
    its sentence is made once.
    """
    render = _RENDER
    return tuple(
        step.remember("en", sentence) if step.shared else render[type(step)](step) for step in steps
    )


def explanation(finding: Any) -> tuple[str, ...]:
    """A finding's explanation: the sentences of its ``steps``."""
    return sentences(finding.steps)


def reason(unmatched: Any) -> str:
    """Why an event is unmatched: the sentences of its ``reasons``, joined by semicolons."""
    return "; ".join(sentences(unmatched.reasons))


_S = TypeVar("_S", bound=Step)
_RENDER: dict[type[Step], Callable[[Any], str]] = {}


def _renders(cls: type[_S]) -> Callable[[Callable[[_S], str]], Callable[[_S], str]]:
    def register(function: Callable[[_S], str]) -> Callable[[_S], str]:
        _RENDER[cls] = function
        return function

    return register


def rendered_classes() -> frozenset[type[Step]]:
    """The step classes this module can word (a test checks it is every one)."""
    return frozenset(_RENDER)


# ---- small words -----------------------------------------------------------------------


def _plural(amount: int, singular: str, plural: str) -> str:
    return f"{amount} {singular if abs(amount) == 1 else plural}"


def _weekday(weekday: int) -> str:
    return f"a {_WEEKDAY_NAMES[weekday]}"


def _listed(items: Sequence[str]) -> str:
    return ", ".join(items) if items else "none"


def _month_year(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _month_words(amount: int, unit: Unit) -> str:
    if unit is Unit.MONTHS:
        return _plural(amount, "month", "months")
    return _plural(amount, "year", "years")


def office_words(role: Role, level: Level | None) -> str:
    """``a district akim``, ``an education head``, ``the government``."""
    if role is Role.GOVERNMENT:
        return "the government"
    if role is Role.AKIM:
        words = f"{level.value.replace('_', ' ')} " if level is not None else ""
        return f"an {words}akim" if words[:1] in ("", "a", "e", "i", "o", "u") else f"a {words}akim"
    words = role.value.replace("_", " ")
    return f"an {words}" if words[0] in "aeiou" else f"a {words}"


def _when(when: E.When) -> str:
    text = fmt_day(when.day)
    if when.clock is not None:
        text += f" {when.clock} local time ({when.tz})"
    if when.end_day is not None:
        text += f" to {fmt_day(when.end_day)}"
    return text


def _failed(failed: E.Failed) -> str:
    wanted = " or ".join(failed.wanted)
    if failed.condition is ConditionName.CHANNEL:
        return f"published on {wanted} (channels: {_listed(failed.actual)})"
    if failed.condition is ConditionName.RECIPIENT:
        return f"sent to {wanted} (to: {_listed(failed.actual)})"
    return "with a video link (videoconference: true)"


_CONDITION_WORDS = {
    ConditionName.CHANNEL: "on",
    ConditionName.RECIPIENT: "to",
    ConditionName.VIDEOCONFERENCE: "with",
}


def _action_words(action: str, conditions: Sequence[E.Wanted]) -> str:
    parts = [
        "with videoconference"
        if wanted.condition is ConditionName.VIDEOCONFERENCE
        else f"{_CONDITION_WORDS[wanted.condition]} " + " or ".join(wanted.any_of)
        for wanted in conditions
    ]
    return f"{action} {' and '.join(parts)}".rstrip()


def _duty_name(duty: E.DutyRef) -> str:
    if duty.period is not None:
        return f"{_id(duty.actor)}, {duty.period}"
    if duty.trigger is not None:
        return f"{_id(duty.actor)}, {_id(duty.trigger)}"
    return _id(duty.actor)


def _ids(ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(_id(ident) for ident in ids)


def _named(ident: str) -> str:
    """An id in quotes: ``'akim.x'``, or JSON-quoted when it needs it."""
    shown = _id(ident)
    return f"'{ident}'" if shown == ident else shown


# ---- days ------------------------------------------------------------------------------


def day_off(reasons: Iterable[D.DayOff]) -> str:
    """Why a day is off: ``a public holiday (Nauryz) and a Saturday``."""
    return " and ".join(_day_off(reason) for reason in reasons)


def _day_off(reason: D.DayOff) -> str:
    return _DAY_OFF[type(reason)](reason)


def _day_off_by_act(reason: D.DayOffByAct) -> str:
    if reason.reason:
        return f"a day off by {reason.act} ({reason.reason})"
    return f"a day off by {reason.act}"


_DAY_OFF: dict[type, Callable[[Any], str]] = {
    D.Weekend: lambda reason: _weekday(reason.weekday),
    D.PublicHoliday: lambda reason: f"a public holiday ({reason.name})",
    D.HolidayInLieu: lambda reason: (
        f"a day off in place of {reason.holiday}, which fell on a weekend"
    ),
    D.MovedDayOff: lambda reason: (
        f"a day off moved by the Government from {fmt_day(reason.moved_from)}"
    ),
    D.StatedDayOff: lambda reason: reason.reason,
    D.DayOffByAct: _day_off_by_act,
}


def workday_note(note: D.WorkdayNote) -> str:
    """Why a day that looks off is worked: ``a Saturday made a working day by ...``."""
    if isinstance(note, D.WorkedByGovernment):
        return f"{_weekday(note.weekday)} made a working day by the Government"
    if isinstance(note, D.WorkedAsStated):
        return f"{_weekday(note.weekday)} made a working day"
    if note.weekday is None:
        return f"a working day by {note.act}"
    return f"{_weekday(note.weekday)} made a working day by {note.act}"


def calendar_notice(notice: D.CalendarNotice) -> str:
    """What a calendar's data lacks for a year, as one sentence."""
    if isinstance(notice, D.YearNotCovered):
        year = notice.year
        return (
            f"{year}: holidays {notice.version} has no Kazakh calendar for {year} (it covers "
            f"{notice.first}-{notice.last}); only Saturdays and Sundays are days off in {year}"
        )
    if isinstance(notice, D.YearUncertain):
        year = notice.year
        parts: list[str] = []
        if notice.estimated:
            estimates = [f"{h.name} as estimated ({h.day.isoformat()})" for h in notice.estimated]
            parts.append("gives " + " and ".join(estimates))
        if notice.no_transfers:
            parts.append(f"has no Government transfer resolution for {year}")
            effect = "a transferred day"
        else:
            effect = "a day if the holiday is announced for another day"
        facts = " and ".join(parts)
        return f"{year}: holidays {notice.version} {facts}; dates in {year} may be off by {effect}"
    names = " and ".join(f"{h.name} on {h.day.isoformat()}" for h in notice.estimated)
    return (
        f"{notice.year}: the transfers come from {notice.source}, but {names} is still "
        f"an estimate in {notice.base}; if it is announced for another day, make the "
        "estimated day a [[working_day]] and the announced day a [[day_off]] there"
    )


def _skipped_note(skipped: Sequence[D.SkippedDay]) -> str:
    """The days off not counted: plain weekend days as a number, the rest by name."""
    weekend = 0
    named: list[str] = []
    for entry in skipped:
        reason = day_off(entry.reasons)
        if reason == _weekday(entry.day.weekday()):
            weekend += 1
        else:
            named.append(f"{fmt_day(entry.day)}, {reason}")
    if weekend:
        named.append(_plural(weekend, "weekend day", "weekend days"))
    if not named:
        return ""
    return " (days off not counted: " + "; ".join(named) + ")"


# ---- the term's arithmetic ---------------------------------------------------------------

_ANCHOR_VERBS = {
    T.AnchorKind.MEETING_STARTS: "started",
    T.AnchorKind.MEETING_ENDS: "ended",
    T.AnchorKind.REPORT_RECEIVED: "was received",
    T.AnchorKind.DATE: "is",
}
_NOTICE_VERBS = {
    T.AnchorKind.MEETING_STARTS: "starts",
    T.AnchorKind.MEETING_ENDS: "ends",
    T.AnchorKind.REPORT_RECEIVED: "is received",
    T.AnchorKind.DATE: "is",
}
_LAST_DAY = "the last day to publish"
_MEETING_ANCHORS = frozenset({T.AnchorKind.MEETING_STARTS, T.AnchorKind.MEETING_ENDS})


def _anchor(kind: T.AnchorKind, event: str | None, verbs: dict[T.AnchorKind, str]) -> str:
    # The anchor says it: the rules let only a meeting's start or end anchor a meeting term.
    noun = "meeting" if kind in _MEETING_ANCHORS else "report"
    return f"the {noun} {_id(event or '')} {verbs[kind]}"


@_renders(T.TermStart)
def _term_start(step: T.TermStart) -> str:
    if step.anchor is T.AnchorKind.DATE:
        anchor = "the anchor is"
    else:
        anchor = _anchor(step.anchor, step.event, _ANCHOR_VERBS)
    if step.next_day:
        start = "the term starts the next day (Civil Code art. 173, start_next_day)"
    else:
        start = "the term starts that same day (start_next_day is not applied)"
    return f"{anchor} {fmt_day(step.day)}; {start}"


@_renders(T.NoticeFrom)
def _notice_from(step: T.NoticeFrom) -> str:
    if step.anchor is T.AnchorKind.DATE:
        return f"the day counted back from is {fmt_day(step.day)}"
    anchor = _anchor(step.anchor, step.event, _NOTICE_VERBS)
    return f"{anchor} {fmt_day(step.day)}"


@_renders(T.AddDays)
def _add_days(step: T.AddDays) -> str:
    return f"+{_plural(step.amount, 'calendar day', 'calendar days')} = {fmt_day(step.day)}"


@_renders(T.AddWorkingDays)
def _add_working_days(step: T.AddWorkingDays) -> str:
    words = _plural(step.amount, "working day", "working days")
    return f"+{words} = {fmt_day(step.day)}{_skipped_note(step.skipped)}"


@_renders(T.AddMonths)
def _add_months(step: T.AddMonths) -> str:
    return f"+{_month_words(step.amount, step.unit)} = {fmt_day(step.day)}"


@_renders(T.SubtractDays)
def _subtract_days(step: T.SubtractDays) -> str:
    words = _plural(step.amount, "calendar day", "calendar days")
    return f"{words} before = {fmt_day(step.day)}: {_LAST_DAY}"


@_renders(T.SubtractWorkingDays)
def _subtract_working_days(step: T.SubtractWorkingDays) -> str:
    words = _plural(step.amount, "working day", "working days")
    return f"{words} before = {fmt_day(step.day)}{_skipped_note(step.skipped)}: {_LAST_DAY}"


@_renders(T.SubtractMonths)
def _subtract_months(step: T.SubtractMonths) -> str:
    return f"{_month_words(step.amount, step.unit)} before = {fmt_day(step.day)}: {_LAST_DAY}"


def _months_line(step: T.MonthClamp | T.MonthRunOn, note: str) -> str:
    words = _month_words(step.amount, step.unit)
    if step.before:
        return f"{words} before = {fmt_day(step.day)} ({note}): {_LAST_DAY}"
    return f"+{words} = {fmt_day(step.day)} ({note})"


@_renders(T.MonthClamp)
def _month_clamp(step: T.MonthClamp) -> str:
    note = (
        f"{_month_year(step.clamped)} has no day {step.wanted}: "
        "the last day of the month, Civil Code art. 174, month_clamp"
    )
    return _months_line(step, note)


@_renders(T.MonthRunOn)
def _month_run_on(step: T.MonthRunOn) -> str:
    note = (
        f"{_month_year(step.clamped)} has no day {step.wanted}: the count runs on "
        f"to {fmt_day(step.run_to)}; month_clamp is not applied"
    )
    return _months_line(step, note)


def _inclusive(text: str, named: date, day: date, inclusive: bool) -> str:
    if inclusive:
        return f"{text} = {fmt_day(named)} (the day itself included, fixed_date_inclusive)"
    return (
        f"{text}: the day itself excluded (fixed_date_inclusive is not applied), "
        f"last day {fmt_day(day)}"
    )


@_renders(T.ByFixedDate)
def _fixed_date(step: T.ByFixedDate) -> str:
    text = f"by {step.day_of_month} {MONTH_NAMES[step.month - 1]} {step.year}"
    return _inclusive(text, step.named, step.day, step.inclusive)


@_renders(T.ByDayOfNextMonth)
def _day_of_next_month(step: T.ByDayOfNextMonth) -> str:
    text = (
        f"{step.period} ends {fmt_day(step.period_end)}; day {step.day_of_month} of the next month"
    )
    line = _inclusive(text, step.named, step.day, step.inclusive)
    if step.short_month:
        line += f" ({_month_year(step.named)} has no day {step.day_of_month}: its last day)"
    return line


@_renders(T.WindowSpan)
def _window(step: T.WindowSpan) -> str:
    return (
        f"during quarter {step.quarter} of {step.year}: "
        f"{fmt_day(step.first)} .. {fmt_day(step.last)}"
    )


@_renders(T.WindowDue)
def _window_due(step: T.WindowDue) -> str:
    return (
        f"due {fmt_day(step.day)}, the window's last day "
        "(a window is not extended to a working day)"
    )


@_renders(T.Due)
def _due(step: T.Due) -> str:
    if step.note is None:
        return f"due {fmt_day(step.day)}"
    return f"due {fmt_day(step.day)}, {workday_note(step.note)}"


@_renders(T.ShiftDayOff)
def _shift_day_off(step: T.ShiftDayOff) -> str:
    parts = [f"{fmt_day(entry.day)} is {day_off(entry.reasons)}" for entry in step.skipped]
    last = f"due {fmt_day(step.due)}, the next working day (Civil Code art. 175, shift_forward)"
    if step.note is not None:
        last += f": {workday_note(step.note)}"
    return "; ".join([*parts, last])


@_renders(T.ShiftNotApplied)
def _shift_not_applied(step: T.ShiftNotApplied) -> str:
    day = fmt_day(step.day)
    return (
        f"{day} is {day_off(step.reasons)}; due {day} all the same "
        "(shift_forward is not applied to this term)"
    )


@_renders(T.NoticeUnshifted)
def _notice_unshifted(step: T.NoticeUnshifted) -> str:
    return (
        f"{fmt_day(step.day)} is {day_off(step.reasons)}; a notice counted backwards is "
        "never moved (notice_unshifted)"
    )


@_renders(T.NoticeMovedEarlier)
def _notice_moved_earlier(step: T.NoticeMovedEarlier) -> str:
    return (
        f"{fmt_day(step.day)} is {day_off(step.reasons)}; due {fmt_day(step.due)}, the working "
        "day before (notice_unshifted is not applied)"
    )


# ---- who owes what -------------------------------------------------------------------------


@_renders(E.ClauseCited)
def _clause(step: E.ClauseCited) -> str:
    return f'clause {step.clause} "{step.title}"'


@_renders(E.OwedBy)
def _owed_by(step: E.OwedBy) -> str:
    actor = _id(step.actor)
    if step.basis is OwedBasis.SAME_ACTOR:
        return f"owed by {actor}, the office that held it"
    if step.basis is OwedBasis.NEAREST_ABOVE:
        return f"owed by {actor}, the nearest of {step.group} above {_id(step.below or '')}"
    if step.basis is OwedBasis.GROUP:
        return f"owed by {actor} (one of {step.group})"
    return f"owed by {actor} ({office_words(step.role, step.level)})"


@_renders(E.OwedOnce)
def _owed_once(step: E.OwedOnce) -> str:
    return "owed once"


@_renders(E.OwedFromQuarter)
def _owed_from_quarter(step: E.OwedFromQuarter) -> str:
    return (
        f"owed every quarter from {step.period}, the quarter of its first {step.action} "
        f"({_id(step.event)} on {fmt_day(step.day)})"
    )


@_renders(E.CreatedBy)
def _created_by(step: E.CreatedBy) -> str:
    return f"created by {step.action} {_id(step.event)} of {_id(step.actor)}, {_when(step.when)}"


@_renders(E.LastOfYear)
def _last_of_year(step: E.LastOfYear) -> str:
    others = f"; {step.count} that year" if step.count > 1 else ""
    return (
        f"the last {step.action} of {step.period} by {_id(step.actor)} is {_id(step.event)}, "
        f"held {_when(step.when)}{others}"
    )


@_renders(E.MetAtMeeting)
def _met_at_meeting(step: E.MetAtMeeting) -> str:
    return f"met or missed at the meeting itself, held {_when(step.when)}"


@_renders(E.NoDateGiven)
def _no_deadline(step: E.NoDateGiven) -> str:
    return "the decree gives no date for this duty"


# ---- what discharged it ----------------------------------------------------------------------


@_renders(E.NotCounted)
def _not_counted(step: E.NotCounted) -> str:
    return (
        f"{step.action} {_id(step.event)} on {fmt_day(step.day)} was not counted: "
        f"the clause needs an event {_failed(step.failed)}"
    )


@_renders(E.Exempt)
def _exempt(step: E.Exempt) -> str:
    return f"the clause excepts {step.field} '{step.value}' ({_id(step.actor)}): exempt"


def _plural_days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


@_renders(E.Evidence)
def _evidence(step: E.Evidence) -> str:
    done = f"{step.action} {_id(step.event)} on {_when(step.when)}"
    if step.closing_hour is not None:
        done += (
            f" (after the {step.closing_hour}:00 close of office hours, so it counts as done "
            f"on {fmt_day(step.counted_day)}: Civil Code art. 176 p. 2, end_of_day_local is "
            "not applied)"
        )
    elif step.on_due_day:
        done += " (on the due day, before 24:00 local time: Civil Code art. 176, end_of_day_local)"
    if step.status is Status.FULFILLED:
        if step.due is None:
            return f"{done}: fulfilled"
        if step.notice_days is not None:
            return f"{done}, {step.notice_days} days before the meeting: on time: fulfilled"
        return f"{done}: on or before the due date: fulfilled"
    if step.notice_days is not None:
        last = fmt_day(step.due) if step.due is not None else "unknown"
        return (
            f"{done}: {_plural_days(step.notice_days)} before the meeting, "
            f"after the last day to publish, {last}: late"
        )
    return f"{done}: {_plural_days(step.days_late or 0)} after the due date: late"


@_renders(E.Verdict)
def _verdict(step: E.Verdict) -> str:
    action = _action_words(step.action, step.conditions)
    if step.due is None:
        return f"no {action} yet; the duty has no deadline: pending until done"
    if step.status is Status.VIOLATED:
        return (
            f"no {action} by {fmt_day(step.due)} nor since, as of {fmt_day(step.as_of)}: violated"
        )
    return (
        f"no {action} yet; due {fmt_day(step.due)}, not passed as of {fmt_day(step.as_of)}: pending"
    )


@_renders(E.Participants)
def _participants(step: E.Participants) -> str:
    if step.status is Status.FULFILLED:
        present = " and ".join(_ids(step.present))
        return f"the meeting lists {present} among its participants: fulfilled"
    want = " or ".join(_ids(step.wanted))
    listed = _listed(_ids(step.listed))
    if step.status is Status.PENDING:
        return (
            f"the meeting's participants ({listed}) do not include {want} yet; "
            f"it ends {fmt_day(step.due)}: pending"
        )
    return f"the meeting's participants ({listed}) do not include {want}: violated"


# ---- why an event discharged nothing ---------------------------------------------------------


@_renders(E.UnknownActor)
def _unknown_actor(step: E.UnknownActor) -> str:
    return f"unknown actor {_named(step.actor)}"


@_renders(E.AfterAsOf)
def _after_as_of(step: E.AfterAsOf) -> str:
    return (
        f"after as-of: {step.action} on {fmt_day(step.day)} is later than "
        f"{fmt_day(step.as_of)}, the date the report is made as of"
    )


@_renders(E.OfficeAbsent)
def _office_absent(step: E.OfficeAbsent) -> str:
    parts = []
    if step.valid_from is not None:
        parts.append(f"from {step.valid_from.isoformat()}")
    if step.valid_until is not None:
        parts.append(f"until {step.valid_until.isoformat()}")
    existence = "exists " + " ".join(parts) if parts else "no dates"
    return (
        f"the office {_id(step.actor)} did not exist on {fmt_day(step.day)} "
        f"({existence}); its events there create and discharge nothing"
    )


@_renders(E.NoClauseUses)
def _no_clause_uses(step: E.NoClauseUses) -> str:
    return f"no clause uses the action {step.action}"


@_renders(E.NotAsked)
def _not_asked(step: E.NotAsked) -> str:
    office = office_words(step.role, step.level)
    many = "s" if len(step.clauses) > 1 else ""
    return (
        f"no clause asks {office} ({_id(step.actor)}) for {step.action}; "
        f"{step.action} counts under clause{many} {', '.join(step.clauses)} for other offices"
    )


_CREATED_BY = {
    ScopeKind.EVENT: "its duties are created by {action} events, and none created one",
    ScopeKind.QUARTER: (
        "its duties run from the quarter of the office's first {action}, and there is none"
    ),
    ScopeKind.PERIOD: "no period of this clause is owed by the office as of this date",
}


@_renders(E.NoOpenDuty)
def _no_open_duty(step: E.NoOpenDuty) -> str:
    created = _CREATED_BY[step.scope].format(action=step.action)
    actor = _id(step.actor)
    return f"clause {step.clause}: {actor} has no duty it could discharge ({created})"


@_renders(E.NeedsCondition)
def _needs_condition(step: E.NeedsCondition) -> str:
    return f"clause {step.clause} needs an event {_failed(step.failed)}"


@_renders(E.AlreadyDischarged)
def _already_discharged(step: E.AlreadyDischarged) -> str:
    return (
        f"clause {step.clause}: the duty it could discharge ({_duty_name(step.duty)}) was "
        f"already discharged by {', '.join(_ids(step.by))}"
    )


@_renders(E.RefusedRef)
def _refused_ref(step: E.RefusedRef) -> str:
    if not step.by_event:
        return (
            f"clause {step.clause}: it refers to {_id(step.ref)}, but the duties of this clause "
            "are not created by events (give 'period' instead of 'ref')"
        )
    return (
        f"clause {step.clause}: it refers to {_id(step.ref)}, which created no open duty of this "
        "clause"
    )


@_renders(E.RefusedPeriod)
def _refused_period(step: E.RefusedPeriod) -> str:
    return f"clause {step.clause}: its period {step.period} has no open duty of {_id(step.actor)}"


@_renders(E.NoticeOtherYear)
def _notice_other_year(step: E.NoticeOtherYear) -> str:
    return (
        f"clause {step.clause}: published in {step.year}, it announces meetings of "
        f"{step.year}, not the meeting {_id(step.meeting)} of {step.meeting_year} "
        f"(give 'period': \"{step.meeting_year}\" or 'ref' to announce it)"
    )


@_renders(E.TooLongBefore)
def _too_long_before(step: E.TooLongBefore) -> str:
    return (
        f"clause {step.clause}: {fmt_day(step.day)} is too long before the meeting "
        f"{_id(step.meeting)} on {fmt_day(step.meeting_day)} to announce it"
    )


@_renders(E.BeforeTrigger)
def _before_trigger(step: E.BeforeTrigger) -> str:
    return (
        f"clause {step.clause}: {fmt_day(step.day)} is before the {step.action} "
        f"{_id(step.trigger)} on {fmt_day(step.trigger_day)} that the duty counts from"
    )


@_renders(E.BeforeTriggerStarted)
def _before_trigger_started(step: E.BeforeTriggerStarted) -> str:
    return (
        f"clause {step.clause}: {_when(step.when)} is before the {step.action} "
        f"{_id(step.trigger)} that the duty counts from had started ({_when(step.trigger_when)})"
    )


@_renders(E.BeforeFirstDay)
def _before_first_day(step: E.BeforeFirstDay) -> str:
    return (
        f"clause {step.clause}: {fmt_day(step.day)} is before {fmt_day(step.first_day)}, "
        f"when the {_duty_name(step.duty)} duty can first be discharged"
    )


@_renders(E.AfterMeeting)
def _after_meeting(step: E.AfterMeeting) -> str:
    return (
        f"clause {step.clause}: published {fmt_day(step.day)}, after the meeting "
        f"{_id(step.meeting)} on {fmt_day(step.meeting_day)} it would announce"
    )


@_renders(E.AfterMeetingStarted)
def _after_meeting_started(step: E.AfterMeetingStarted) -> str:
    return (
        f"clause {step.clause}: published {_when(step.when)}, when the meeting "
        f"{_id(step.meeting)} it would announce had started ({_when(step.meeting_when)}): "
        "a notice must come before the meeting"
    )


@_renders(E.BeforePeriod)
def _before_period(step: E.BeforePeriod) -> str:
    return (
        f"clause {step.clause}: {step.action} on {fmt_day(step.day)}, before its period "
        f"{step.period} began on {fmt_day(step.first_day)}"
    )


@_renders(E.AfterLastDay)
def _after_last_day(step: E.AfterLastDay) -> str:
    return (
        f"clause {step.clause}: {fmt_day(step.day)} is after {fmt_day(step.last_day)}, "
        f"the last day that counts for {step.period}"
    )


# ---- warnings ---------------------------------------------------------------------------------


@_renders(E.EmptyLog)
def _empty_log(step: E.EmptyLog) -> str:
    return "the event log has no events: every duty due by the as-of date is violated"


@_renders(E.NoOfficeAbove)
def _no_office_above(step: E.NoOfficeAbove) -> str:
    return (
        f"clause {step.clause}: {step.action} {_id(step.event)} of {_id(step.actor)}: no office of "
        f"{step.group} above it in the registry (check its 'parent'); no duty could be assigned"
    )


@_renders(E.NoOfficeBound)
def _no_office_bound(step: E.NoOfficeBound) -> str:
    return (
        f"clause {step.clause}: the registry has no office of {_listed(step.bound)}, which "
        "the clause binds; it creates no duty in this check (is an office missing from the "
        "registry?)"
    )


@_renders(E.CalendarData)
def _calendar_data(step: E.CalendarData) -> str:
    return f"calendar data: {calendar_notice(step.notice)}"


# The law in force and its texts over time are worded there; it registers them here.
from decree_rules.explain import law_over_time, readings  # noqa: E402, F401
