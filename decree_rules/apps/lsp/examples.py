"""A clause's deadline in words, and a worked example counted by the library.

The example is asked the way ``decree-rules due`` asks (:mod:`decree_rules.pipeline.due`)
for a day of the year of ``today``, which the server takes from the client or from its
own clock: the library below this layer never reads the clock.
"""

from __future__ import annotations

from datetime import date

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.core.vocabulary import Unit
from decree_rules.lang.format import counting_text, deadline_text
from decree_rules.lang.model import (
    After,
    Before,
    Clause,
    DayOfNextMonth,
    Decree,
    FixedDate,
    PeriodKind,
    Window,
)
from decree_rules.pipeline.due import DueQuestion, answer
from decree_rules.report.due_report import due_to_text
from decree_rules.time.calendars import KazakhCalendar

_UNIT_FIELD = {
    Unit.CALENDAR_DAYS: "days",
    Unit.WORKING_DAYS: "working_days",
    Unit.MONTHS: "months",
    Unit.YEARS: "years",
}


def _question(clause: Clause, today: date, counting: str) -> tuple[str, DueQuestion] | None:
    """What to ask for the clause's deadline, and the sentence that introduces it."""
    assert clause.rule is not None
    deadline = clause.rule.deadline
    year = today.year
    quarter = f"{year}-Q{(today.month - 1) // 3 + 1}"
    if isinstance(deadline, After | Before):
        term = {_UNIT_FIELD[deadline.duration.unit]: deadline.duration.amount}
        anchor = deadline.anchor.value
        side = "after" if isinstance(deadline, After) else "before"
        question = DueQuestion(
            **{side: today.isoformat()},  # type: ignore[arg-type]
            **term,  # type: ignore[arg-type]
            counting=counting,
        )
        return f"when {anchor} on {today.isoformat()} (today)", question
    if isinstance(deadline, Window):
        period = f"{year}-Q{deadline.quarter}"
        return f"for {year}", DueQuestion(quarter=period, counting=counting)
    if isinstance(deadline, DayOfNextMonth):
        period = quarter if deadline.period is PeriodKind.QUARTER else str(year)
        question = DueQuestion(quarter=period, day_of_next_month=deadline.day, counting=counting)
        return f"for {period}", question
    if isinstance(deadline, FixedDate):
        by = date(year, deadline.month, deadline.day).isoformat()
        return f"for {year}", DueQuestion(by=by, counting=counting)
    return None


def worked_example(clause: Clause, decree: Decree, today: date) -> str:
    """Markdown: the clause's deadline as the rule file words it, and its arithmetic for a
    day of ``today``'s year (or why the clause has none)."""
    if clause.rule is None:
        return "**Deadline:** none: the clause sets no duty"
    counting_line = clause.counting or decree.counting
    counting = "civil_code"
    if counting_line is not None:
        counting = counting_text(counting_line).removeprefix("counting ")
    words = deadline_text(clause.rule.deadline)
    shown = f"**Deadline:** {words} (counting {counting})"
    asked = _question(clause, today, counting)
    if asked is None:
        return shown + "\n\nNo date is counted: the duty is met, or not, as it stands."
    intro, question = asked
    try:
        text = due_to_text(answer(question, KazakhCalendar()))
    except DecreeRulesError as exc:
        return shown + f"\n\nNo worked example: {exc.message}"
    return f"{shown}\n\n**Worked example** {intro}:\n\n```text\n{text}```"
