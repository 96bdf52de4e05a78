"""The words of ``decree-rules agenda``: a few small functions, each from typed values.

The agenda's text, its JSON ``countdown`` and its calendar events are worded here, in the
explain layer, beside :mod:`decree_rules.explain.sentences` (whose day format and plurals
they share), so that a translation finds every sentence of the agenda in one place. Each
takes ``lang`` (``en``, ``kk`` or ``ru``): the messages are in the catalogs
(:mod:`decree_rules.explain.catalog`), the counts take each language's plural forms.

>>> from datetime import date
>>> from decree_rules.time.countdown import Countdown
>>> countdown_words(Countdown(date(2025, 6, 30), date(2025, 7, 10), 10, 7))
'due in 10 calendar days (7 working days)'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from decree_rules.core.ids import shown_id as _id
from decree_rules.explain.catalog import words_for
from decree_rules.time import countdown as C

__all__ = [
    "agenda_empty",
    "agenda_event_title",
    "agenda_heading",
    "agenda_not_listed",
    "agenda_reminder",
    "countdown_words",
]


def countdown_words(count: C.Countdown, *, dated: bool = False, lang: str = "en") -> str:
    """``due in 10 calendar days (7 working days)``, ``due today``, or ``overdue by ...``;
    ``dated`` adds the day counted from (``as of Mon 2025-06-30``)."""
    w = words_for(lang)
    if count.due_today:
        words = w.t("due today")
    else:
        calendar_days, working_days = abs(count.calendar_days), abs(count.working_days)
        days = w.n("{n} calendar day", "{n} calendar days", calendar_days)
        working = w.n("{n} working day", "{n} working days", working_days)
        if count.overdue:
            words = w.t("overdue by {days} ({working})", days=days, working=working)
        else:
            words = w.t("due in {days} ({working})", days=days, working=working)
    if dated:
        return w.t("as of {day}: {words}", day=w.day(count.as_of), words=words)
    return words


def agenda_heading(as_of: date, days: int, until: date, lang: str = "en") -> str:
    """The first line of an agenda: its date and how far ahead it looks."""
    w = words_for(lang)
    return w.n(
        "Agenda as of {day}: duties overdue, and duties due in the next {n} day (to {until})",
        "Agenda as of {day}: duties overdue, and duties due in the next {n} days (to {until})",
        days,
        day=w.day(as_of),
        until=w.day(until),
    )


def agenda_not_listed(
    undated: int, clauses: Sequence[str], later: int, until: date, lang: str = "en"
) -> str:
    """What the agenda leaves out, counted: the open duties with no due date, and those
    due after its last day ('' when there are none)."""
    w = words_for(lang)
    parts = []
    if undated:
        named = w.n(
            "clause {clauses}", "clauses {clauses}", len(clauses), clauses=", ".join(clauses)
        )
        parts.append(
            w.n(
                "{n} pending duty has no due date ({clauses})",
                "{n} pending duties have no due date ({clauses})",
                undated,
                clauses=named,
            )
        )
    if later:
        parts.append(
            w.n(
                "{n} pending duty falls due after {day}",
                "{n} pending duties fall due after {day}",
                later,
                day=w.day(until),
            )
        )
    return w.t("{parts}: not listed", parts="; ".join(parts)) if parts else ""


def agenda_empty(days: int, lang: str = "en") -> str:
    """What an agenda with nothing to list says."""
    return words_for(lang).n(
        "nothing is overdue, and nothing falls due in the next {n} day",
        "nothing is overdue, and nothing falls due in the next {n} days",
        days,
    )


def agenda_event_title(rule: str, title: str, actor: str, overdue: bool, lang: str = "en") -> str:
    """The title of a duty's calendar event: its clause, the clause's title, the office."""
    w = words_for(lang)
    if overdue:
        return w.t(
            'OVERDUE: clause {clause} "{title}" ({actor})',
            clause=rule,
            title=title,
            actor=_id(actor),
        )
    return w.t('clause {clause} "{title}" ({actor})', clause=rule, title=title, actor=_id(actor))


def agenda_reminder(rule: str, actor: str, due: date, days_before: int, lang: str = "en") -> str:
    """The words of a calendar event's reminder, ``days_before`` the due date."""
    w = words_for(lang)
    return w.n(
        "in {n} day: clause {clause} of {actor} is due {day}",
        "in {n} days: clause {clause} of {actor} is due {day}",
        days_before,
        clause=rule,
        actor=_id(actor),
        day=w.day(due),
    )
