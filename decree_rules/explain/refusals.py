"""Why an event discharged nothing, and the report's warnings, in words."""

from __future__ import annotations

from decree_rules.core.ids import shown_id as _id
from decree_rules.core.vocabulary import Role
from decree_rules.engine import steps as E
from decree_rules.engine.steps import ScopeKind
from decree_rules.explain.catalog import Words
from decree_rules.explain.days import calendar_notice
from decree_rules.explain.words import (
    _duty_name,
    _failed,
    _ids,
    _listed,
    _named,
    _office_messages,
    _renders,
    _when,
)

# ---- why an event discharged nothing ---------------------------------------------------------


@_renders(E.UnknownActor)
def _unknown_actor(step: E.UnknownActor, w: Words) -> str:
    return w.t("unknown actor {actor}", actor=_named(step.actor))


@_renders(E.AfterAsOf)
def _after_as_of(step: E.AfterAsOf, w: Words) -> str:
    return w.t(
        "after as-of: {action} on {day} is later than {as_of}, the date the report is made as of",
        action=step.action,
        day=w.day(step.day),
        as_of=w.day(step.as_of),
    )


@_renders(E.OfficeAbsent)
def _office_absent(step: E.OfficeAbsent, w: Words) -> str:
    parts = []
    if step.valid_from is not None:
        parts.append(w.t("from {date}", date=w.date_text(step.valid_from)))
    if step.valid_until is not None:
        parts.append(w.t("until {date}", date=w.date_text(step.valid_until)))
    existence = w.t("exists {dates}", dates=" ".join(parts)) if parts else w.t("no dates")
    return w.t(
        "the office {actor} did not exist on {day} ({existence}); its events there create and "
        "discharge nothing",
        actor=_id(step.actor),
        day=w.day(step.day),
        existence=existence,
    )


@_renders(E.DueBeforeInForce)
def _due_before_in_force(step: E.DueBeforeInForce, w: Words) -> str:
    return w.t(
        "the last day, {due}, is before the decree entered into force on {in_force}: no duty "
        "was owed before the law: exempt",
        due=w.day(step.due),
        in_force=w.day(step.in_force),
    )


@_renders(E.BeforeInForce)
def _before_in_force(step: E.BeforeInForce, w: Words) -> str:
    return w.t(
        "{day} is before the decree entered into force on {in_force}",
        day=w.day(step.day),
        in_force=w.day(step.in_force),
    )


@_renders(E.NoClauseUses)
def _no_clause_uses(step: E.NoClauseUses, w: Words) -> str:
    return w.t("no clause uses the action {action}", action=step.action)


@_renders(E.NotAsked)
def _not_asked(step: E.NotAsked, w: Words) -> str:
    office = _office_messages(w)[(step.role, step.level if step.role is Role.AKIM else None)]
    return w.n(
        "no clause asks {office} ({actor}) for {action}; {action} counts under clause "
        "{clauses} for other offices",
        "no clause asks {office} ({actor}) for {action}; {action} counts under clauses "
        "{clauses} for other offices",
        len(step.clauses),
        office=office,
        actor=_id(step.actor),
        action=step.action,
        clauses=", ".join(step.clauses),
    )


@_renders(E.NoOpenDuty)
def _no_open_duty(step: E.NoOpenDuty, w: Words) -> str:
    if step.scope is ScopeKind.EVENT:
        created = w.t(
            "its duties are created by {action} events, and none created one", action=step.action
        )
    elif step.scope is ScopeKind.QUARTER:
        created = w.t(
            "its duties run from the quarter of the office's first {action}, and there is none",
            action=step.action,
        )
    else:
        created = w.t("no period of this clause is owed by the office as of this date")
    return w.t(
        "clause {clause}: {actor} has no duty it could discharge ({created})",
        clause=step.clause,
        actor=_id(step.actor),
        created=created,
    )


@_renders(E.NeedsCondition)
def _needs_condition(step: E.NeedsCondition, w: Words) -> str:
    return w.t(
        "clause {clause} needs an event {failed}",
        clause=step.clause,
        failed=_failed(step.failed, w),
    )


@_renders(E.AlreadyDischarged)
def _already_discharged(step: E.AlreadyDischarged, w: Words) -> str:
    return w.t(
        "clause {clause}: the duty it could discharge ({duty}) was already discharged by {by}",
        clause=step.clause,
        duty=_duty_name(step.duty),
        by=", ".join(_ids(step.by)),
    )


@_renders(E.RefusedRef)
def _refused_ref(step: E.RefusedRef, w: Words) -> str:
    if not step.by_event:
        return w.t(
            "clause {clause}: it refers to {ref}, but the duties of this clause are not created "
            "by events (give 'period' instead of 'ref')",
            clause=step.clause,
            ref=_id(step.ref),
        )
    return w.t(
        "clause {clause}: it refers to {ref}, which created no open duty of this clause",
        clause=step.clause,
        ref=_id(step.ref),
    )


@_renders(E.RefusedRefs)
def _refused_refs(step: E.RefusedRefs, w: Words) -> str:
    if not step.by_event:
        return w.t(
            "clause {clause}: it names {refs} in 'refs', but the duties of this clause are not "
            "created by events (give 'period' instead of 'refs')",
            clause=step.clause,
            refs=", ".join(_ids(step.refs)),
        )
    return w.t(
        "clause {clause}: it names {refs} in 'refs', and none of them created an open duty of "
        "this clause",
        clause=step.clause,
        refs=", ".join(_ids(step.refs)),
    )


@_renders(E.RefusedPeriod)
def _refused_period(step: E.RefusedPeriod, w: Words) -> str:
    return w.t(
        "clause {clause}: its period {period} has no open duty of {actor}",
        clause=step.clause,
        period=step.period,
        actor=_id(step.actor),
    )


@_renders(E.NoticeOtherYear)
def _notice_other_year(step: E.NoticeOtherYear, w: Words) -> str:
    return w.t(
        "clause {clause}: published in {year}, it announces meetings of {year}, not the meeting "
        "{meeting} of {meeting_year} (give 'period': \"{meeting_year}\" or 'ref' to announce it)",
        clause=step.clause,
        year=step.year,
        meeting=_id(step.meeting),
        meeting_year=step.meeting_year,
    )


@_renders(E.TooLongBefore)
def _too_long_before(step: E.TooLongBefore, w: Words) -> str:
    return w.t(
        "clause {clause}: {day} is too long before the meeting {meeting} on {meeting_day} to "
        "announce it",
        clause=step.clause,
        day=w.day(step.day),
        meeting=_id(step.meeting),
        meeting_day=w.day(step.meeting_day),
    )


@_renders(E.BeforeTrigger)
def _before_trigger(step: E.BeforeTrigger, w: Words) -> str:
    return w.t(
        "clause {clause}: {day} is before the {action} {trigger} on {trigger_day} that the duty "
        "counts from",
        clause=step.clause,
        day=w.day(step.day),
        action=step.action,
        trigger=_id(step.trigger),
        trigger_day=w.day(step.trigger_day),
    )


@_renders(E.BeforeTriggerStarted)
def _before_trigger_started(step: E.BeforeTriggerStarted, w: Words) -> str:
    return w.t(
        "clause {clause}: {when} is before the {action} {trigger} that the duty counts from had "
        "started ({trigger_when})",
        clause=step.clause,
        when=_when(step.when, w),
        action=step.action,
        trigger=_id(step.trigger),
        trigger_when=_when(step.trigger_when, w),
    )


@_renders(E.BeforeFirstDay)
def _before_first_day(step: E.BeforeFirstDay, w: Words) -> str:
    return w.t(
        "clause {clause}: {day} is before {first_day}, when the {duty} duty can first be "
        "discharged",
        clause=step.clause,
        day=w.day(step.day),
        first_day=w.day(step.first_day),
        duty=_duty_name(step.duty),
    )


@_renders(E.AfterMeeting)
def _after_meeting(step: E.AfterMeeting, w: Words) -> str:
    return w.t(
        "clause {clause}: published {day}, after the meeting {meeting} on {meeting_day} it "
        "would announce",
        clause=step.clause,
        day=w.day(step.day),
        meeting=_id(step.meeting),
        meeting_day=w.day(step.meeting_day),
    )


@_renders(E.AfterMeetingStarted)
def _after_meeting_started(step: E.AfterMeetingStarted, w: Words) -> str:
    return w.t(
        "clause {clause}: published {when}, when the meeting {meeting} it would announce had "
        "started ({meeting_when}): a notice must come before the meeting",
        clause=step.clause,
        when=_when(step.when, w),
        meeting=_id(step.meeting),
        meeting_when=_when(step.meeting_when, w),
    )


@_renders(E.BeforePeriod)
def _before_period(step: E.BeforePeriod, w: Words) -> str:
    return w.t(
        "clause {clause}: {action} on {day}, before its period {period} began on {first_day}",
        clause=step.clause,
        action=step.action,
        day=w.day(step.day),
        period=step.period,
        first_day=w.day(step.first_day),
    )


@_renders(E.AfterLastDay)
def _after_last_day(step: E.AfterLastDay, w: Words) -> str:
    return w.t(
        "clause {clause}: {day} is after {last_day}, the last day that counts for {period}",
        clause=step.clause,
        day=w.day(step.day),
        last_day=w.day(step.last_day),
        period=step.period,
    )


# ---- warnings ---------------------------------------------------------------------------------


@_renders(E.EmptyLog)
def _empty_log(step: E.EmptyLog, w: Words) -> str:
    return w.t("the event log has no events: every duty due by the as-of date is violated")


@_renders(E.NoOfficeAbove)
def _no_office_above(step: E.NoOfficeAbove, w: Words) -> str:
    return w.t(
        "clause {clause}: {action} {event} of {actor}: no office of {group} above it in the "
        "registry (check its 'parent'); no duty could be assigned",
        clause=step.clause,
        action=step.action,
        event=_id(step.event),
        actor=_id(step.actor),
        group=step.group,
    )


@_renders(E.NoOfficeBound)
def _no_office_bound(step: E.NoOfficeBound, w: Words) -> str:
    return w.t(
        "clause {clause}: the registry has no office of {bound}, which the clause binds; it "
        "creates no duty in this check (is an office missing from the registry?)",
        clause=step.clause,
        bound=_listed(step.bound, w),
    )


@_renders(E.CalendarData)
def _calendar_data(step: E.CalendarData, w: Words) -> str:
    return w.t("calendar data: {notice}", notice=calendar_notice(step.notice, w.lang))
