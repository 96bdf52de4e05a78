"""The agenda as an iCalendar file (RFC 5545), written by the ``icalendar`` package.

One all-day event per listed duty, on its due date (``DTSTART;VALUE=DATE``, ``DTEND`` the
next day), with a reminder :data:`REMINDER_DAYS` days before (``VALARM``, ``DISPLAY``).
Imported again, a duty's event replaces its earlier copy instead of adding one:

* ``UID`` comes from the duty's identity alone (clause, office, and period or trigger:
  :func:`~decree_rules.engine.agenda.duty_identity`), never from the run or the item's
  place in the list: the same duty has the same UID on every run and every as-of date;
* ``DTSTAMP`` is the as-of date at 00:00 UTC (not the clock: the same inputs give the
  same file byte for byte), or the ``stamp`` a caller gives;
* ``SEQUENCE`` is the number of days from the decree's entry into force to the as-of
  date, so an agenda as of a later date is a later revision of each event it repeats.

``icalendar`` is optional (the ``calendars`` extra): :func:`require_icalendar` says how
to install it when it is missing (``DR-U090``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import ModuleType

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.limits import IN_FORCE
from decree_rules.core.source import Location
from decree_rules.engine.agenda import Agenda, AgendaItem, AgendaKind
from decree_rules.explain.agenda_words import (
    agenda_event_title,
    agenda_heading,
    agenda_reminder,
    countdown_words,
)
from decree_rules.explain.sentences import explanation
from decree_rules.report.agenda_report import clause_title

PRODID = "-//decree_rules//decree-rules agenda//EN"
REMINDER_DAYS = 3
"""The reminder goes off this many days before the due date."""

EXTRA = "calendars"
MISSING_ICALENDAR = "DR-U090"


def event_uid(item: AgendaItem) -> str:
    """The duty's UID: a UUID (version 5) of its identity, ``...@decree-rules``."""
    return item.identity.uid()


def require_icalendar(where: str = "--format") -> ModuleType:
    """The ``icalendar`` module; a usage error that tells how to install it if missing."""
    try:
        import icalendar
    except ImportError as exc:
        raise UsageError(
            "writing an iCalendar file needs the icalendar package, which is not installed",
            Location("decree-rules agenda", field=where),
            code=MISSING_ICALENDAR,
            hint=f"install the {EXTRA} extra: pip install 'decree_rules[{EXTRA}]' "
            "(or pip install icalendar), or choose --format text or json",
            args={"package": "icalendar", "extra": EXTRA, "reason": str(exc)},
        ) from None
    return icalendar


def sequence_of(as_of: date) -> int:
    """The events' ``SEQUENCE``: days from the decree's entry into force to ``as_of``."""
    return max((as_of - IN_FORCE).days, 0)


def agenda_to_ics(agenda: Agenda, *, stamp: datetime | None = None, lang: str = "en") -> str:
    """The agenda as iCalendar text (CRLF line ends, lines folded at 75 octets).

    ``stamp`` is the events' ``DTSTAMP`` (an aware time); by default the as-of date at
    00:00 UTC. ``lang`` words the calendar's name and each event's ``SUMMARY``,
    ``DESCRIPTION`` and reminder; the UIDs, dates and ``CATEGORIES`` are the same in every
    language.
    """
    ical = require_icalendar()
    when = (
        stamp.astimezone(UTC) if stamp is not None else datetime.combine(agenda.as_of, time(), UTC)
    )
    calendar = ical.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    heading = agenda_heading(agenda.as_of, agenda.days, agenda.until, lang)
    calendar.add("x-wr-calname", heading)
    for item in agenda.items:
        calendar.add_component(_event(ical, item, when, sequence_of(agenda.as_of), lang))
    text: str = calendar.to_ical().decode("utf-8")
    return text


def _event(
    ical: ModuleType, item: AgendaItem, stamp: datetime, sequence: int, lang: str = "en"
) -> object:
    finding = item.finding
    overdue = item.kind is AgendaKind.OVERDUE
    event = ical.Event()
    event.add("uid", event_uid(item))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("dtstart", item.due)
    event.add("dtend", item.due + timedelta(days=1))
    title = agenda_event_title(finding.rule, clause_title(item), finding.actor, overdue, lang)
    event.add("summary", title)
    lines = [
        countdown_words(item.countdown, dated=True, lang=lang),
        "",
        *explanation(finding, lang),
    ]
    event.add("description", "\n".join(lines))
    # The categories are the same in every language, so a calendar's filter keeps working.
    event.add("categories", [item.kind.value, f"clause {finding.rule}"])
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED")
    alarm = ical.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
    reminder = agenda_reminder(finding.rule, finding.actor, item.due, REMINDER_DAYS, lang)
    alarm.add("description", reminder)
    event.add_component(alarm)
    return event
