"""The words of the readings a rule line chooses: a term that runs from a lower office's
meeting, conditions met by several events together, and a meeting held before its window
(registered with :mod:`decree_rules.explain.words`; Kazakh and Russian in the catalogs)."""

from __future__ import annotations

from decree_rules.core.ids import shown_id as _id
from decree_rules.engine.steps import HeldBeforeWindow, MetTogether, TermFromBelow
from decree_rules.explain.catalog import Words
from decree_rules.explain.words import _renders


@_renders(TermFromBelow)
def _term_from_below(step: TermFromBelow, w: Words) -> str:
    fields = {
        "group": step.group,
        "actor": _id(step.actor),
        "meeting": _id(step.meeting),
        "office": _id(step.office),
        "ended": w.day(step.ended),
        "own": _id(step.own),
        "own_ended": w.day(step.own_ended),
    }
    if step.later:
        return w.t(
            "the last meeting of the year of {group} under {actor} is {meeting} of {office}, "
            "which ended {ended}, after {own} (ended {own_ended}): the term runs from it (the "
            "rule line 'the term runs from ... under it')",
            **fields,
        )
    return w.t(
        "the last meeting of the year of {group} under {actor} is {meeting} of {office}, "
        "which ended {ended}, not after {own} (ended {own_ended}): the term runs from {own}",
        **fields,
    )


@_renders(MetTogether)
def _met_together(step: MetTogether, w: Words) -> str:
    parts = [f"{_id(part.event)} ({w.day(part.day)})" for part in step.parts] or ["-"]
    return w.t(
        "{parts} and {last} met the conditions together (the rule line 'events may meet the "
        "conditions together'): done on the day of the last",
        parts=", ".join(parts[:-1]),
        last=parts[-1],
    )


@_renders(HeldBeforeWindow)
def _held_before_window(step: HeldBeforeWindow, w: Words) -> str:
    return w.t(
        "{event} was held on {day}, before the window opened on {start}: the rule line "
        "'events earlier in the year count' counts it",
        event=_id(step.event),
        day=w.day(step.day),
        start=w.day(step.window_start),
    )
