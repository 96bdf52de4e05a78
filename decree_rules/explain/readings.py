"""The words of the readings a rule line chooses: a term that runs from a lower office's
meeting, and conditions met by several events together (registered with
:mod:`decree_rules.explain.sentences`)."""

from __future__ import annotations

from decree_rules.core.ids import shown_id as _id
from decree_rules.engine.steps import MetTogether, TermFromBelow
from decree_rules.explain.sentences import _renders, fmt_day


@_renders(TermFromBelow)
def _term_from_below(step: TermFromBelow) -> str:
    said = (
        f"the last meeting of the year of {step.group} under {_id(step.actor)} is "
        f"{_id(step.meeting)} of {_id(step.office)}, which ended {fmt_day(step.ended)}"
    )
    if step.later:
        return (
            f"{said}, after {_id(step.own)} (ended {fmt_day(step.own_ended)}): the term runs "
            "from it (the rule line 'the term runs from ... under it')"
        )
    own = f"{_id(step.own)} (ended {fmt_day(step.own_ended)})"
    return f"{said}, not after {own}: the term runs from {_id(step.own)}"


@_renders(MetTogether)
def _met_together(step: MetTogether) -> str:
    parts = [
        f"{_id(event)} ({fmt_day(day)})" for event, day in zip(step.events, step.days, strict=True)
    ]
    joined = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    return (
        f"{joined} met the conditions together (the rule line 'events may meet the "
        "conditions together'): done on the day of the last"
    )
