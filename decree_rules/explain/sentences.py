"""Steps to sentences: the only place where the package's findings become words.

Each step (:mod:`decree_rules.time.steps`, :mod:`decree_rules.engine.steps`) is one
sentence of a finding's explanation; :func:`explanation` renders a finding's steps,
:func:`sentence` one step. Every sentence is a message of the gettext catalogs
(:mod:`decree_rules.explain.catalog`) with named fields, filled from the step's values:
the English ``msgid`` is the project's English, kept byte for byte from the reports legal
staff already read, and ``locale/{kk,ru}/LC_MESSAGES/decree_rules.po`` hold the Kazakh
and the Russian. A new step's words are one ``w.t("...")`` here and an entry in each
``.po`` (``docs/translations.rst``).

>>> from datetime import date
>>> from decree_rules.time.steps import AddDays
>>> sentence(AddDays(10, date(2020, 3, 1)))
'+10 calendar days = Sun 2020-03-01'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from decree_rules.core.facts import Step
from decree_rules.core.ids import shown_id as _id
from decree_rules.core.vocabulary import Role
from decree_rules.engine import steps as E
from decree_rules.engine.steps import OwedBasis, Status
from decree_rules.explain import law_over_time as _law  # noqa: F401 - registers its words
from decree_rules.explain import readings as _readings  # noqa: F401 - registers its words
from decree_rules.explain import refusals as _refusals  # noqa: F401 - registers its words
from decree_rules.explain.catalog import N_, Words, words_for
from decree_rules.explain.days import (
    _day_offs,
    _skipped_note,
    _workday_note,
    calendar_notice,
    day_off,
    workday_note,
)
from decree_rules.explain.words import (
    _RENDER,
    _action_words,
    _and,
    _failed,
    _ids,
    _listed,
    _month_words,
    _office_messages,
    _or,
    _renders,
    _when,
    office_words,
    rendered_classes,
)
from decree_rules.time import steps as T

__all__ = [
    "calendar_notice",
    "day_off",
    "explanation",
    "fmt_day",
    "office_words",
    "reason",
    "rendered_classes",
    "sentence",
    "sentences",
    "workday_note",
]


def fmt_day(day: date, lang: str = "en") -> str:
    """``Fri 2018-03-09``, whatever the process locale; the local way in ``kk`` and ``ru``."""
    return words_for(lang).day(day)


def sentence(step: Step, lang: str = "en") -> str:
    """The sentence of one step."""
    return _RENDER[type(step)](step, words_for(lang))


def sentences(steps: Iterable[Step], lang: str = "en") -> tuple[str, ...]:
    """The sentences of several steps, in order.

    A national report words the same shared step (a clause, a year's window) many times:
    its sentence is made once per language.
    """
    render = _RENDER
    w = words_for(lang)

    def compute(step: Step) -> str:
        return render[type(step)](step, w)

    return tuple(
        step.remember(lang, compute) if step.shared else render[type(step)](step, w)
        for step in steps
    )


def explanation(finding: Any, lang: str = "en") -> tuple[str, ...]:
    """A finding's explanation: the sentences of its ``steps``."""
    return sentences(finding.steps, lang)


def reason(unmatched: Any, lang: str = "en") -> str:
    """Why an event is unmatched: the sentences of its ``reasons``, joined by semicolons."""
    return "; ".join(sentences(unmatched.reasons, lang))


# ---- the term's arithmetic ---------------------------------------------------------------


# The rules let only a meeting's start or end anchor a meeting term.
_ANCHORS = {
    T.AnchorKind.MEETING_STARTS: N_("the meeting {event} started"),
    T.AnchorKind.MEETING_ENDS: N_("the meeting {event} ended"),
    T.AnchorKind.REPORT_RECEIVED: N_("the report {event} was received"),
    T.AnchorKind.DATE: N_("the report {event} is"),
}
_NOTICE_ANCHORS = {
    T.AnchorKind.MEETING_STARTS: N_("the meeting {event} starts"),
    T.AnchorKind.MEETING_ENDS: N_("the meeting {event} ends"),
    T.AnchorKind.REPORT_RECEIVED: N_("the report {event} is received"),
    T.AnchorKind.DATE: N_("the report {event} is"),
}


def _anchor(kind: T.AnchorKind, event: str | None, w: Words, *, notice: bool) -> str:
    table = _NOTICE_ANCHORS if notice else _ANCHORS
    return w.t(table[kind], event=_id(event or ""))


def _last_day(w: Words) -> str:
    return w.t("the last day to publish")


@_renders(T.TermStart)
def _term_start(step: T.TermStart, w: Words) -> str:
    if step.anchor is T.AnchorKind.DATE:
        anchor = w.t("the anchor is {day}", day=w.day(step.day))
    else:
        anchor = w.t(
            "{anchor} {day}",
            anchor=_anchor(step.anchor, step.event, w, notice=False),
            day=w.day(step.day),
        )
    if step.next_day:
        start = w.t("the term starts the next day (Civil Code art. 173, start_next_day)")
    else:
        start = w.t("the term starts that same day (start_next_day is not applied)")
    return w.t("{anchor}; {start}", anchor=anchor, start=start)


@_renders(T.NoticeFrom)
def _notice_from(step: T.NoticeFrom, w: Words) -> str:
    if step.anchor is T.AnchorKind.DATE:
        return w.t("the day counted back from is {day}", day=w.day(step.day))
    return w.t(
        "{anchor} {day}",
        anchor=_anchor(step.anchor, step.event, w, notice=True),
        day=w.day(step.day),
    )


@_renders(T.AddDays)
def _add_days(step: T.AddDays, w: Words) -> str:
    return w.n(
        "+{n} calendar day = {day}", "+{n} calendar days = {day}", step.amount, day=w.day(step.day)
    )


@_renders(T.AddWorkingDays)
def _add_working_days(step: T.AddWorkingDays, w: Words) -> str:
    return w.n(
        "+{n} working day = {day}{skipped}",
        "+{n} working days = {day}{skipped}",
        step.amount,
        day=w.day(step.day),
        skipped=_skipped_note(step.skipped, w),
    )


@_renders(T.AddMonths)
def _add_months(step: T.AddMonths, w: Words) -> str:
    return w.t(
        "+{months} = {day}", months=_month_words(step.amount, step.unit, w), day=w.day(step.day)
    )


@_renders(T.SubtractDays)
def _subtract_days(step: T.SubtractDays, w: Words) -> str:
    return w.n(
        "{n} calendar day before = {day}: {last}",
        "{n} calendar days before = {day}: {last}",
        step.amount,
        day=w.day(step.day),
        last=_last_day(w),
    )


@_renders(T.SubtractWorkingDays)
def _subtract_working_days(step: T.SubtractWorkingDays, w: Words) -> str:
    return w.n(
        "{n} working day before = {day}{skipped}: {last}",
        "{n} working days before = {day}{skipped}: {last}",
        step.amount,
        day=w.day(step.day),
        skipped=_skipped_note(step.skipped, w),
        last=_last_day(w),
    )


@_renders(T.SubtractMonths)
def _subtract_months(step: T.SubtractMonths, w: Words) -> str:
    return w.t(
        "{months} before = {day}: {last}",
        months=_month_words(step.amount, step.unit, w),
        day=w.day(step.day),
        last=_last_day(w),
    )


def _months_line(step: T.MonthClamp | T.MonthRunOn, note: str, w: Words) -> str:
    months = _month_words(step.amount, step.unit, w)
    if step.before:
        return w.t(
            "{months} before = {day} ({note}): {last}",
            months=months,
            day=w.day(step.day),
            note=note,
            last=_last_day(w),
        )
    return w.t("+{months} = {day} ({note})", months=months, day=w.day(step.day), note=note)


@_renders(T.MonthClamp)
def _month_clamp(step: T.MonthClamp, w: Words) -> str:
    note = w.t(
        "{month} has no day {wanted}: the last day of the month, Civil Code art. 174, month_clamp",
        month=w.month_year(step.clamped),
        wanted=step.wanted,
    )
    return _months_line(step, note, w)


@_renders(T.MonthRunOn)
def _month_run_on(step: T.MonthRunOn, w: Words) -> str:
    note = w.t(
        "{month} has no day {wanted}: the count runs on to {day}; month_clamp is not applied",
        month=w.month_year(step.clamped),
        wanted=step.wanted,
        day=w.day(step.run_to),
    )
    return _months_line(step, note, w)


def _inclusive(text: str, named: date, day: date, inclusive: bool, w: Words) -> str:
    if inclusive:
        return w.t(
            "{text} = {day} (the day itself included, fixed_date_inclusive)",
            text=text,
            day=w.day(named),
        )
    return w.t(
        "{text}: the day itself excluded (fixed_date_inclusive is not applied), last day {day}",
        text=text,
        day=w.day(day),
    )


@_renders(T.ByFixedDate)
def _fixed_date(step: T.ByFixedDate, w: Words) -> str:
    text = w.t("by {date}", date=w.fixed_date(step.day_of_month, step.month, step.year))
    return _inclusive(text, step.named, step.day, step.inclusive, w)


@_renders(T.ByDayOfNextMonth)
def _day_of_next_month(step: T.ByDayOfNextMonth, w: Words) -> str:
    text = w.t(
        "{period} ends {end}; day {day_of_month} of the next month",
        period=step.period,
        end=w.day(step.period_end),
        day_of_month=step.day_of_month,
    )
    line = _inclusive(text, step.named, step.day, step.inclusive, w)
    if step.short_month:
        line += w.t(
            " ({month} has no day {day_of_month}: its last day)",
            month=w.month_year(step.named),
            day_of_month=step.day_of_month,
        )
    return line


@_renders(T.WindowSpan)
def _window(step: T.WindowSpan, w: Words) -> str:
    return w.t(
        "during quarter {quarter} of {year}: {first} .. {last}",
        quarter=step.quarter,
        year=step.year,
        first=w.day(step.first),
        last=w.day(step.last),
    )


@_renders(T.WindowDue)
def _window_due(step: T.WindowDue, w: Words) -> str:
    return w.t(
        "due {day}, the window's last day (a window is not extended to a working day)",
        day=w.day(step.day),
    )


@_renders(T.Due)
def _due(step: T.Due, w: Words) -> str:
    if step.note is None:
        return w.t("due {day}", day=w.day(step.day))
    return w.t("due {day}, {note}", day=w.day(step.day), note=_workday_note(step.note, w))


@_renders(T.ShiftDayOff)
def _shift_day_off(step: T.ShiftDayOff, w: Words) -> str:
    parts = [
        w.t("{day} is {reason}", day=w.day(entry.day), reason=_day_offs(entry.reasons, w))
        for entry in step.skipped
    ]
    last = w.t(
        "due {day}, the next working day (Civil Code art. 175, shift_forward)", day=w.day(step.due)
    )
    if step.note is not None:
        last = w.t("{due}: {note}", due=last, note=_workday_note(step.note, w))
    return "; ".join([*parts, last])


@_renders(T.ShiftNotApplied)
def _shift_not_applied(step: T.ShiftNotApplied, w: Words) -> str:
    return w.t(
        "{day} is {reason}; due {day} all the same (shift_forward is not applied to this term)",
        day=w.day(step.day),
        reason=_day_offs(step.reasons, w),
    )


@_renders(T.NoticeUnshifted)
def _notice_unshifted(step: T.NoticeUnshifted, w: Words) -> str:
    return w.t(
        "{day} is {reason}; a notice counted backwards is never moved (notice_unshifted)",
        day=w.day(step.day),
        reason=_day_offs(step.reasons, w),
    )


@_renders(T.NoticeMovedEarlier)
def _notice_moved_earlier(step: T.NoticeMovedEarlier, w: Words) -> str:
    return w.t(
        "{day} is {reason}; due {due}, the working day before (notice_unshifted is not applied)",
        day=w.day(step.day),
        reason=_day_offs(step.reasons, w),
        due=w.day(step.due),
    )


# ---- who owes what -------------------------------------------------------------------------


@_renders(E.ClauseCited)
def _clause(step: E.ClauseCited, w: Words) -> str:
    return w.t('clause {clause} "{title}"', clause=step.clause, title=step.title)


@_renders(E.OwedBy)
def _owed_by(step: E.OwedBy, w: Words) -> str:
    actor = _id(step.actor)
    if step.basis is OwedBasis.SAME_ACTOR:
        return w.t("owed by {actor}, the office that held it", actor=actor)
    if step.basis is OwedBasis.NEAREST_ABOVE:
        return w.t(
            "owed by {actor}, the nearest of {group} above {below}",
            actor=actor,
            group=step.group,
            below=_id(step.below or ""),
        )
    if step.basis is OwedBasis.GROUP:
        return w.t("owed by {actor} (one of {group})", actor=actor, group=step.group)
    office = _office_messages(w)[(step.role, step.level if step.role is Role.AKIM else None)]
    return w.t("owed by {actor} ({office})", actor=actor, office=office)


@_renders(E.OwedOnce)
def _owed_once(step: E.OwedOnce, w: Words) -> str:
    return w.t("owed once")


@_renders(E.OwedFromQuarter)
def _owed_from_quarter(step: E.OwedFromQuarter, w: Words) -> str:
    return w.t(
        "owed every quarter from {period}, the quarter of its first {action} ({event} on {day})",
        period=step.period,
        action=step.action,
        event=_id(step.event),
        day=w.day(step.day),
    )


@_renders(E.CreatedBy)
def _created_by(step: E.CreatedBy, w: Words) -> str:
    return w.t(
        "created by {action} {event} of {actor}, {when}",
        action=step.action,
        event=_id(step.event),
        actor=_id(step.actor),
        when=_when(step.when, w),
    )


@_renders(E.LastOfYear)
def _last_of_year(step: E.LastOfYear, w: Words) -> str:
    fields = {
        "action": step.action,
        "period": step.period,
        "actor": _id(step.actor),
        "event": _id(step.event),
        "when": _when(step.when, w),
    }
    if step.count > 1:
        return w.n(
            "the last {action} of {period} by {actor} is {event}, held {when}; {n} that year",
            "the last {action} of {period} by {actor} is {event}, held {when}; {n} that year",
            step.count,
            **fields,
        )
    return w.t("the last {action} of {period} by {actor} is {event}, held {when}", **fields)


@_renders(E.MetAtMeeting)
def _met_at_meeting(step: E.MetAtMeeting, w: Words) -> str:
    return w.t("met or missed at the meeting itself, held {when}", when=_when(step.when, w))


@_renders(E.NoDateGiven)
def _no_deadline(step: E.NoDateGiven, w: Words) -> str:
    return w.t("the decree gives no date for this duty")


# ---- what discharged it ----------------------------------------------------------------------


@_renders(E.NotCounted)
def _not_counted(step: E.NotCounted, w: Words) -> str:
    return w.t(
        "{action} {event} on {day} was not counted: the clause needs an event {failed}",
        action=step.action,
        event=_id(step.event),
        day=w.day(step.day),
        failed=_failed(step.failed, w),
    )


@_renders(E.Exempt)
def _exempt(step: E.Exempt, w: Words) -> str:
    return w.t(
        "the clause excepts {field} '{value}' ({actor}): exempt",
        field=step.field,
        value=step.value,
        actor=_id(step.actor),
    )


def _done(step: E.Evidence, w: Words) -> str:
    done = w.t(
        "{action} {event} on {when}",
        action=step.action,
        event=_id(step.event),
        when=_when(step.when, w),
    )
    if step.closing_hour is not None:
        return w.t(
            "{done} (after the {hour}:00 close of office hours, so it counts as done on {day}: "
            "Civil Code art. 176 p. 2, end_of_day_local is not applied)",
            done=done,
            hour=step.closing_hour,
            day=w.day(step.counted_day),
        )
    if step.on_due_day:
        return w.t(
            "{done} (on the due day, before 24:00 local time: Civil Code art. 176, "
            "end_of_day_local)",
            done=done,
        )
    return done


@_renders(E.Evidence)
def _evidence(step: E.Evidence, w: Words) -> str:
    done = _done(step, w)
    if step.status is Status.FULFILLED:
        if step.due is None:
            return w.t("{done}: fulfilled", done=done)
        if step.notice_days is not None:
            return w.n(
                "{done}, {n} days before the meeting: on time: fulfilled",
                "{done}, {n} days before the meeting: on time: fulfilled",
                step.notice_days,
                done=done,
            )
        return w.t("{done}: on or before the due date: fulfilled", done=done)
    if step.notice_days is not None:
        last = w.day(step.due) if step.due is not None else w.t("unknown")
        return w.n(
            "{done}: {n} day before the meeting, after the last day to publish, {last}: "
            "published with insufficient notice: late",
            "{done}: {n} days before the meeting, after the last day to publish, {last}: "
            "published with insufficient notice: late",
            step.notice_days,
            done=done,
            last=last,
        )
    return w.n(
        "{done}: {n} day after the due date: late",
        "{done}: {n} days after the due date: late",
        step.days_late or 0,
        done=done,
    )


@_renders(E.Verdict)
def _verdict(step: E.Verdict, w: Words) -> str:
    action = _action_words(step.action, step.conditions, w)
    if step.due is None:
        return w.t("no {action} yet; the duty has no deadline: pending until done", action=action)
    if step.status is Status.VIOLATED:
        return w.t(
            "no {action} by {due} nor since, as of {as_of}: violated",
            action=action,
            due=w.day(step.due),
            as_of=w.day(step.as_of),
        )
    return w.t(
        "no {action} yet; due {due}, not passed as of {as_of}: pending",
        action=action,
        due=w.day(step.due),
        as_of=w.day(step.as_of),
    )


@_renders(E.Participants)
def _participants(step: E.Participants, w: Words) -> str:
    if step.status is Status.FULFILLED:
        return w.t(
            "the meeting lists {present} among its participants: fulfilled",
            present=_and(_ids(step.present), w),
        )
    want = _or(_ids(step.wanted), w)
    listed = _listed(_ids(step.listed), w)
    if step.status is Status.PENDING:
        return w.t(
            "the meeting's participants ({listed}) do not include {want} yet; it ends {day}: "
            "pending",
            listed=listed,
            want=want,
            day=w.day(step.due),
        )
    return w.t(
        "the meeting's participants ({listed}) do not include {want}: violated",
        listed=listed,
        want=want,
    )
