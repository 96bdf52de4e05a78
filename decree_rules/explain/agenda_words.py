"""The words of ``decree-rules agenda``: a few small functions, each from typed values.

The agenda's text, its JSON ``countdown`` and its calendar events are worded here, in the
explain layer, beside :mod:`decree_rules.explain.sentences` (whose day format and plurals
they share), so that a translation finds every sentence of the agenda in one place.

>>> from datetime import date
>>> from decree_rules.time.countdown import Countdown
>>> countdown_words(Countdown(date(2025, 6, 30), date(2025, 7, 10), 10, 7))
'due in 10 calendar days (7 working days)'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from decree_rules.core.ids import shown_id as _id
from decree_rules.explain.sentences import fmt_day
from decree_rules.time import countdown as C

__all__ = [
    "agenda_empty",
    "agenda_event_title",
    "agenda_heading",
    "agenda_not_listed",
    "agenda_reminder",
    "countdown_words",
]


def _plural(amount: int, singular: str, plural: str) -> str:
    return f"{amount} {singular if abs(amount) == 1 else plural}"


def countdown_words(count: C.Countdown, *, dated: bool = False) -> str:
    """``due in 10 calendar days (7 working days)``, ``due today``, or ``overdue by ...``;
    ``dated`` adds the day counted from (``as of Mon 2025-06-30``)."""
    if count.due_today:
        words = "due today"
    else:
        days = _plural(abs(count.calendar_days), "calendar day", "calendar days")
        working = _plural(abs(count.working_days), "working day", "working days")
        verb = "overdue by" if count.overdue else "due in"
        words = f"{verb} {days} ({working})"
    return f"as of {fmt_day(count.as_of)}: {words}" if dated else words


def agenda_heading(as_of: date, days: int, until: date) -> str:
    """The first line of an agenda: its date and how far ahead it looks."""
    ahead = _plural(days, "day", "days")
    return (
        f"Agenda as of {fmt_day(as_of)}: duties overdue, and duties due in the next "
        f"{ahead} (to {fmt_day(until)})"
    )


def agenda_not_listed(undated: int, clauses: Sequence[str], later: int, until: date) -> str:
    """What the agenda leaves out, counted: the open duties with no due date, and those
    due after its last day ('' when there are none)."""
    parts = []
    if undated:
        named = ", ".join(clauses)
        noun = "clause" if len(clauses) == 1 else "clauses"
        parts.append(
            f"{_plural(undated, 'pending duty has', 'pending duties have')} no due date "
            f"({noun} {named})"
        )
    if later:
        parts.append(
            f"{_plural(later, 'pending duty falls', 'pending duties fall')} due "
            f"after {fmt_day(until)}"
        )
    return "; ".join(parts) + ": not listed" if parts else ""


def agenda_empty(days: int) -> str:
    """What an agenda with nothing to list says."""
    return f"nothing is overdue, and nothing falls due in the next {_plural(days, 'day', 'days')}"


def agenda_event_title(rule: str, title: str, actor: str, overdue: bool) -> str:
    """The title of a duty's calendar event: its clause, the clause's title, the office."""
    mark = "OVERDUE: " if overdue else ""
    return f'{mark}clause {rule} "{title}" ({_id(actor)})'


def agenda_reminder(rule: str, actor: str, due: date, days_before: int) -> str:
    """The words of a calendar event's reminder, ``days_before`` the due date."""
    return (
        f"in {_plural(days_before, 'day', 'days')}: clause {rule} of {_id(actor)} is due "
        f"{fmt_day(due)}"
    )
