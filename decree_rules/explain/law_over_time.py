"""The words of the law in force over time: days before the decree entered into force,
the text of a clause a duty was made under, and a duty due before its text applied
(registered with :mod:`decree_rules.explain.sentences`)."""

from __future__ import annotations

from datetime import timedelta

from decree_rules.core.ids import shown_id as _id
from decree_rules.engine.steps import (
    BeforeInForce,
    DueBeforeInForce,
    DueBeforeText,
    OfficeBounds,
    ParentOnDay,
    TextApplied,
)
from decree_rules.explain.sentences import _renders, fmt_day
from decree_rules.lang.compare import Aspect, Difference


@_renders(DueBeforeText)
def _due_before_text(step: DueBeforeText) -> str:
    return (
        f"the last day, {fmt_day(step.due)}, is before this text of clause {step.clause} "
        f"applied, from {fmt_day(step.valid_from)} (act {step.act}): no duty was owed "
        "before it: exempt"
    )


@_renders(TextApplied)
def _text_applied(step: TextApplied) -> str:
    if step.act is None:
        text = f"the text of clause {step.clause} as the decree adopted it"
    else:
        about = [f"No. {step.act_number}"] if step.act_number else []
        if step.act_dated is not None:
            about.append(f"of {step.act_dated.isoformat()}")
        named = f"act {step.act}" + (f" ({' '.join(about)})" if about else "")
        text = f"the text of clause {step.clause} as amended by {named}"
    since = f"from {fmt_day(step.valid_from)}" if step.valid_from is not None else ""
    until = (
        f"until {fmt_day(step.valid_until - timedelta(days=1))}"
        if step.valid_until is not None
        else "still in force"
    )
    applied = ", ".join(part for part in (since, until) if part)
    return f"under {text}, which applies {applied}: the text in force when the duty arose"


@_renders(DueBeforeInForce)
def _due_before_in_force(step: DueBeforeInForce) -> str:
    return (
        f"the last day, {fmt_day(step.due)}, is before the decree entered into force on "
        f"{fmt_day(step.in_force)}: no duty was owed before the law: exempt"
    )


@_renders(BeforeInForce)
def _before_in_force(step: BeforeInForce) -> str:
    return (
        f"{fmt_day(step.day)} is before the decree entered into force on {fmt_day(step.in_force)}"
    )


# ---- what changes between two texts of the rules ----------------------------------------

_PART_WORDS = {
    Aspect.SCOPE: "what creates the duties",
    Aspect.OBLIGATION: "who owes what",
    Aspect.DEADLINE: "deadline",
    Aspect.COUNTING: "counting",
    Aspect.QUALIFIERS: "qualifying lines",
    Aspect.DUTY: "duty",
}
_LANGUAGES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}


def difference_sentence(difference: Difference) -> str:
    """One difference in words legal staff read:
    ``clause 5: notice 10 calendar days -> 1 month, from 2018-01-11 (act amendment_2018)``.
    """
    clause = difference.clause
    aspect = difference.aspect
    if aspect is Aspect.ADDED:
        said = f'clause {clause} "{difference.new}" is added'
    elif aspect is Aspect.REMOVED:
        said = f'clause {clause} "{difference.old}" no longer applies (repealed)'
    elif aspect is Aspect.TITLE:
        said = f'clause {clause}: title "{difference.old}" -> "{difference.new}"'
    elif aspect is Aspect.TEXT:
        language = _LANGUAGES.get(difference.language or "", difference.language)
        if difference.old is None:
            change = "is added"
        elif difference.new is None:
            change = "is not given"
        else:
            change = "is reworded"
        said = f"clause {clause}: the {language} text {change}"
    elif aspect in (Aspect.NOTICE, Aspect.TERM):
        said = f"clause {clause}: {aspect.value} {difference.old} -> {difference.new}"
    else:
        part = _PART_WORDS[aspect]
        said = f"clause {clause}: {part} {_quoted(difference.old)} -> {_quoted(difference.new)}"
    if difference.since is not None:
        said += f", from {difference.since.isoformat()}"
    if difference.act is not None:
        said += f" (act {difference.act})"
    return said


def _quoted(part: str | None) -> str:
    return "(none)" if part is None else "'" + part.replace("\n", "; ") + "'"


# ---- offices over time ----------------------------------------------------------------


@_renders(ParentOnDay)
def _parent_on_day(step: ParentOnDay) -> str:
    if step.parent is None:
        held = f"on {fmt_day(step.day)} {_id(step.actor)} had no parent in the registry"
    else:
        held = f"on {fmt_day(step.day)} the parent of {_id(step.actor)} was {_id(step.parent)}"
        days = [f"from {step.since.isoformat()}"] if step.since is not None else []
        if step.until is not None:
            days.append(f"until {step.until.isoformat()}")
        if days:
            held += f" ({' '.join(days)})"
    if step.others:
        held += "; on other days: " + ", ".join(_id(other) for other in step.others)
    return held


@_renders(OfficeBounds)
def _office_bounds(step: OfficeBounds) -> str:
    days = []
    if step.valid_from is not None:
        days.append(f"from {step.valid_from.isoformat()}")
    if step.valid_until is not None:
        days.append(f"until {step.valid_until.isoformat()}")
    said = f"the office {_id(step.actor)} exists"
    said += " " + " ".join(days) if days else ""
    if step.gaps:
        gaps = ", ".join(f"{gap.first.isoformat()} .. {gap.last.isoformat()}" for gap in step.gaps)
        said += f"{',' if days else ''} but not {gaps}"
    return f"{said}: it owes no duty for a period or an event on a day it did not exist"
