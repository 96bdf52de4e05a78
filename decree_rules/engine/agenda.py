"""What falls due next and what is already overdue, read from a check's findings.

``decree-rules agenda --as-of D --days N`` lists two kinds of duty of the check as of D
(the same findings ``check`` reports; nothing is evaluated again or differently):

* **overdue**: status ``violated``: not done, and its due date passed before D
  (:func:`~decree_rules.engine.settle.settle`: violated exactly when ``D > due``);
* **upcoming**: status ``pending`` with a due date from D to D + N, both included
  (pending with a due date means ``due >= D``: it is not overdue yet).

``fulfilled`` and ``late`` duties are done, ``exempt`` ones are not owed: none is listed.
A pending duty without a due date (the decree gives none, e.g. clause 12.5) cannot fall
due, and one due after D + N is not yet near: those are counted, not listed. The duties of
a period that has not begun by D (next year's meetings) are not owed yet, so the check has
none and neither has the agenda.

The items come overdue first by due date, then upcoming by due date, then by clause,
office and the duty's period or trigger: a total order, the same on every run. Each
carries a :class:`~decree_rules.time.countdown.Countdown` counted with the check's
working-day calendar.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

import attrs

from decree_rules.core.facts import Step
from decree_rules.core.ids import natural_key, tie_key
from decree_rules.engine.evaluate import Finding, Status
from decree_rules.engine.steps import LastOfYear
from decree_rules.time.calendars import WorkingCalendar
from decree_rules.time.countdown import Countdown, countdown

__all__ = ["Agenda", "AgendaItem", "AgendaKind", "DutyIdentity", "duty_identity", "make_agenda"]


UID_NAMESPACE = uuid.UUID("5d0f3c52-6a63-4c1e-9a0e-0d6f1c1b7a13")
"""The namespace of the duties' UIDs; fixed for good: a new one would make every calendar
that imported an agenda hold each duty twice."""

UID_DOMAIN = "decree-rules"


class AgendaKind(enum.Enum):
    """Why a duty is on the agenda."""

    OVERDUE = "overdue"
    UPCOMING = "upcoming"


@attrs.frozen
class DutyIdentity:
    """What names one duty whatever the as-of date: its clause, its office, and its period
    (a duty owed per period, such as clause 6's report on the year's last meeting, which
    keeps its name if a later meeting becomes the last one) or else its trigger."""

    rule: str
    actor: str
    period: str | None
    trigger: str | None

    def key(self) -> str:
        """The identity as one text: ``clause|office|period|trigger`` (empty when absent)."""
        return "|".join((self.rule, self.actor, self.period or "", self.trigger or ""))

    def uid(self) -> str:
        """A name for the duty other systems keep (the agenda's iCalendar ``UID``): a
        version 5 UUID of :meth:`key`, ``...@decree-rules``."""
        return f"{uuid.uuid5(UID_NAMESPACE, self.key())}@{UID_DOMAIN}"


def duty_identity(finding: Finding) -> DutyIdentity:
    """The identity of ``finding``'s duty: per office and period, or per office and trigger
    (the contract's "one finding per duty")."""
    per_period = finding.period is not None and (
        finding.trigger is None or any(isinstance(step, LastOfYear) for step in finding.steps)
    )
    if per_period:
        return DutyIdentity(finding.rule, finding.actor, finding.period, None)
    return DutyIdentity(finding.rule, finding.actor, None, finding.trigger)


@attrs.frozen
class AgendaItem:
    """One duty on the agenda: the check's finding, why it is listed, and its time left."""

    finding: Finding
    kind: AgendaKind
    countdown: Countdown

    @property
    def due(self) -> date:
        """The due date (every listed duty has one)."""
        return self.countdown.due

    @property
    def identity(self) -> DutyIdentity:
        """The duty's identity (the same on every run and every as-of date)."""
        return duty_identity(self.finding)


@attrs.frozen
class Agenda:
    """The duties due from ``as_of`` to ``until`` (``as_of`` + ``days``) and those overdue.

    ``undated`` counts the pending duties without a due date, ``later`` those due after
    ``until``; ``undated_clauses`` names the clauses of the undated ones. ``offices`` are
    the offices it was narrowed to (empty: all); ``calendar`` and ``zone_data`` name the
    check's working-day calendar and time-zone data; ``warnings`` are the check's (what the
    calendar's data lacks, say, which the working days counted depend on).
    """

    as_of: date
    days: int
    until: date
    items: tuple[AgendaItem, ...]
    undated: int = 0
    undated_clauses: tuple[str, ...] = ()
    later: int = 0
    offices: tuple[str, ...] = ()
    calendar: str = ""
    zone_data: str = ""
    warnings: tuple[Step, ...] = ()

    @property
    def overdue(self) -> tuple[AgendaItem, ...]:
        """The overdue items, oldest due date first."""
        return tuple(item for item in self.items if item.kind is AgendaKind.OVERDUE)

    @property
    def upcoming(self) -> tuple[AgendaItem, ...]:
        """The upcoming items, nearest due date first."""
        return tuple(item for item in self.items if item.kind is AgendaKind.UPCOMING)


def window_end(as_of: date, days: int) -> date:
    """``as_of`` + ``days``; the last date there is when that is beyond it."""
    try:
        return as_of + timedelta(days=days)
    except OverflowError:
        return date.max


def make_agenda(
    findings: Iterable[Finding],
    as_of: date,
    days: int,
    calendar: WorkingCalendar,
    *,
    offices: Iterable[str] = (),
    zone_data: str = "",
    warnings: Iterable[Step] = (),
) -> Agenda:
    """The agenda of ``findings`` (a check's, as of ``as_of``) for the next ``days`` days,
    counted with ``calendar`` (the check's). ``offices``, ``zone_data`` and ``warnings``
    are recorded."""
    until = window_end(as_of, days)
    items: list[AgendaItem] = []
    undated = 0
    undated_clauses: dict[str, None] = {}
    later = 0
    for finding in findings:
        due = finding.due
        if finding.status is Status.VIOLATED and due is not None:
            items.append(AgendaItem(finding, AgendaKind.OVERDUE, countdown(calendar, as_of, due)))
        elif finding.status is Status.PENDING:
            if due is None:
                undated += 1
                undated_clauses[finding.rule] = None
            elif due > until:
                later += 1
            else:
                count = countdown(calendar, as_of, due)
                items.append(AgendaItem(finding, AgendaKind.UPCOMING, count))
    items.sort(key=_order)
    clauses = tuple(sorted(undated_clauses, key=natural_key))
    return Agenda(
        as_of,
        days,
        until,
        tuple(items),
        undated,
        clauses,
        later,
        offices=tuple(offices),
        calendar=calendar.description,
        zone_data=zone_data,
        warnings=tuple(warnings),
    )


def _order(item: AgendaItem) -> tuple[object, ...]:
    finding = item.finding
    return (
        item.kind is not AgendaKind.OVERDUE,
        item.due,
        natural_key(finding.rule),
        tie_key(finding.actor),
        tie_key(finding.period or ""),
        tie_key(finding.trigger or ""),
    )
