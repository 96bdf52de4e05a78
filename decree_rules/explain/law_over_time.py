"""The words of the law in force over time: days before the decree entered into force,
the text of a clause a duty was made under, and a duty due before its text applied
(registered with :mod:`decree_rules.explain.sentences`)."""

from __future__ import annotations

from datetime import timedelta

from decree_rules.engine.steps import BeforeInForce, DueBeforeInForce, DueBeforeText, TextApplied
from decree_rules.explain.sentences import _renders, fmt_day


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
