"""The steps of a term's arithmetic (Civil Code arts. 173-176), as facts.

:mod:`decree_rules.time.terms` returns them; each is one line of a finding's explanation
once the explain layer words it. ``before`` marks a notice counted back from its anchor.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from decree_rules.core.facts import Cite, Step
from decree_rules.core.periods import Period
from decree_rules.core.vocabulary import Unit
from decree_rules.time.days import DayOff, SkippedDay, WorkdayNote


class AnchorKind(enum.Enum):
    """What a term counts from."""

    MEETING_STARTS = "meeting_starts"
    MEETING_ENDS = "meeting_ends"
    REPORT_RECEIVED = "report_received"
    DATE = "date"  # a date given as such (``decree-rules due``)


def _civil_code(article: str | None, policy: str) -> tuple[Cite, ...]:
    return (Cite(law="civil_code", article=article, policy=policy),)


@attrs.frozen
class TermStart(Step):
    """The day a term counts from, and whether it starts the next day (art. 173).

    ``anchor`` says what ``day`` is: the start or end of the event ``event`` (of action
    ``action``), the day a report was received, or a date given as such.
    """

    code = "term_start"
    anchor: AnchorKind
    day: date
    next_day: bool
    event: str | None = None
    action: str | None = None

    def cites(self) -> tuple[Cite, ...]:
        return _civil_code("173", "start_next_day") if self.next_day else ()


@attrs.frozen
class NoticeFrom(Step):
    """The day a notice is counted back from (``anchor`` as in
    :class:`~decree_rules.time.steps.TermStart`)."""

    code = "notice_from"
    anchor: AnchorKind
    day: date
    event: str | None = None
    action: str | None = None


@attrs.frozen
class AddDays(Step):
    """``amount`` calendar days added: the term's last day is ``day``."""

    code = "add_days"
    shared = True
    amount: int
    day: date


@attrs.frozen
class AddWorkingDays(Step):
    """``amount`` working days counted: ``day``, passing over the days off ``skipped``."""

    code = "add_working_days"
    shared = True
    amount: int
    day: date
    skipped: tuple[SkippedDay, ...] = ()


@attrs.frozen
class AddMonths(Step):
    """``amount`` months (or years, ``unit``) added from the anchor in one step: ``day``."""

    code = "add_months"
    shared = True
    amount: int
    unit: Unit
    day: date


@attrs.frozen
class SubtractDays(Step):
    """A notice of ``amount`` calendar days: the last day to publish is ``day``."""

    code = "subtract_days"
    shared = True
    amount: int
    day: date


@attrs.frozen
class SubtractWorkingDays(Step):
    """A notice of ``amount`` working days: ``day``, passing over ``skipped``."""

    code = "subtract_working_days"
    shared = True
    amount: int
    day: date
    skipped: tuple[SkippedDay, ...] = ()


@attrs.frozen
class SubtractMonths(Step):
    """A notice of ``amount`` months (or years): the last day to publish is ``day``."""

    code = "subtract_months"
    shared = True
    amount: int
    unit: Unit
    day: date


@attrs.frozen
class MonthClamp(Step):
    """A month term whose day the month lacks ends on the month's last day (art. 174).

    ``clamped`` is that last day, ``wanted`` the anchor's day of the month; ``day`` is the
    term's last day (``clamped``, or the day before when the term starts on its anchor).
    """

    code = "month_clamp"
    shared = True
    amount: int
    unit: Unit
    day: date
    clamped: date
    wanted: int
    before: bool = False

    def cites(self) -> tuple[Cite, ...]:
        return _civil_code("174", "month_clamp")


@attrs.frozen
class MonthRunOn(Step):
    """Without month_clamp, the days the month lacks run on into the next: ``run_to``."""

    code = "month_run_on"
    shared = True
    amount: int
    unit: Unit
    day: date
    clamped: date
    wanted: int
    run_to: date
    before: bool = False


@attrs.frozen
class ByFixedDate(Step):
    """A fixed day of a year (``by 15 January``): ``named``, the last day ``day``.

    ``inclusive`` (fixed_date_inclusive): the named day itself counts, so ``day`` is it.
    """

    code = "fixed_date"
    shared = True
    day_of_month: int
    month: int
    year: int
    named: date
    day: date
    inclusive: bool

    def cites(self) -> tuple[Cite, ...]:
        return (Cite(policy="fixed_date_inclusive"),) if self.inclusive else ()


@attrs.frozen
class ByDayOfNextMonth(Step):
    """Day ``day_of_month`` of the month after ``period`` (which ends ``period_end``).

    ``named`` is that day (the month's last when it is shorter: ``short_month``), ``day``
    the last day of the term.
    """

    code = "day_of_next_month"
    shared = True
    period: Period
    period_end: date
    day_of_month: int
    named: date
    day: date
    inclusive: bool
    short_month: bool

    def cites(self) -> tuple[Cite, ...]:
        return (Cite(policy="fixed_date_inclusive"),) if self.inclusive else ()


@attrs.frozen
class WindowSpan(Step):
    """A quarter's window: ``first`` .. ``last`` of quarter ``quarter`` of ``year``."""

    code = "window"
    shared = True
    quarter: int
    year: int
    first: date
    last: date


@attrs.frozen
class WindowDue(Step):
    """A window is due its last day, never moved to a working day."""

    code = "window_due"
    shared = True
    day: date


@attrs.frozen
class Due(Step):
    """The last day is a working day (``note`` when it is a weekend day made working)."""

    code = "due"
    shared = True
    day: date
    note: WorkdayNote | None = None


@attrs.frozen
class ShiftDayOff(Step):
    """The last day is not a working day: due the next working day ``due`` (art. 175)."""

    code = "shift_day_off"
    shared = True
    skipped: tuple[SkippedDay, ...]
    due: date
    note: WorkdayNote | None = None

    def cites(self) -> tuple[Cite, ...]:
        return _civil_code("175", "shift_forward")


@attrs.frozen
class ShiftNotApplied(Step):
    """The last day ``day`` is off, and stays the due day (shift_forward is off)."""

    code = "shift_not_applied"
    shared = True
    day: date
    reasons: tuple[DayOff, ...]


@attrs.frozen
class NoticeUnshifted(Step):
    """The last day to publish ``day`` is off, and a notice is never moved."""

    code = "notice_unshifted"
    shared = True
    day: date
    reasons: tuple[DayOff, ...]

    def cites(self) -> tuple[Cite, ...]:
        return (Cite(policy="notice_unshifted"),)


@attrs.frozen
class NoticeMovedEarlier(Step):
    """Without notice_unshifted, a last day to publish that is off moves back to ``due``."""

    code = "notice_moved_earlier"
    shared = True
    day: date
    reasons: tuple[DayOff, ...]
    due: date


TermStep = (
    TermStart
    | NoticeFrom
    | AddDays
    | AddWorkingDays
    | AddMonths
    | SubtractDays
    | SubtractWorkingDays
    | SubtractMonths
    | MonthClamp
    | MonthRunOn
    | ByFixedDate
    | ByDayOfNextMonth
    | WindowSpan
    | WindowDue
    | Due
    | ShiftDayOff
    | ShiftNotApplied
    | NoticeUnshifted
    | NoticeMovedEarlier
)
