"""One deadline's answer, for people (its sentences) and for systems (JSON)."""

from __future__ import annotations

from typing import Any, Protocol

from decree_rules.core.facts import Step
from decree_rules.core.policies import Counting
from decree_rules.explain.catalog import words_for
from decree_rules.explain.sentences import calendar_notice, sentences
from decree_rules.time.days import CalendarNotice
from decree_rules.time.terms import DueDate
from decree_rules.time.zones import zone_data_version

DUE_FORMAT_VERSION = "1.1"
"""1.1: ``steps`` are facts (as in the report's findings), ``explanation`` their sentences."""


class DueLike(Protocol):
    """What the writers read of an answer (:class:`~decree_rules.pipeline.due.DueAnswer`)."""

    @property
    def deadline(self) -> DueDate: ...
    @property
    def anchor(self) -> Any: ...
    @property
    def counting(self) -> Counting: ...
    @property
    def calendar(self) -> str: ...
    @property
    def notices(self) -> tuple[CalendarNotice, ...]: ...


def due_to_dict(answer: DueLike, lang: str = "en") -> dict[str, Any]:
    """The answer as JSON-ready data (English keys; the sentences in ``lang``)."""
    deadline = answer.deadline
    steps: tuple[Step, ...] = deadline.steps
    return {
        "anchor": answer.anchor.isoformat() if answer.anchor else None,
        "raw": deadline.raw.isoformat(),
        "due": deadline.due.isoformat(),
        "shifted": deadline.shifted,
        "steps": [step.to_json() for step in steps],
        "explanation": list(sentences(steps, lang)),
        "counting": answer.counting.describe(),
        "calendar": answer.calendar,
        "time_zones": f"tzdata {zone_data_version()}",
        "warnings": [calendar_notice(notice, lang) for notice in answer.notices],
        "format_version": DUE_FORMAT_VERSION,
    }


def due_to_text(answer: DueLike, lang: str = "en") -> str:
    """The steps' sentences, the due day, and what the calendar's data lacks."""
    w = words_for(lang)
    lines = list(sentences(answer.deadline.steps, lang))
    lines.append(w.t("due: {date}", date=w.date_text(answer.deadline.due)))
    lines += [
        w.t("warning: calendar data: {notice}", notice=calendar_notice(n, lang))
        for n in answer.notices
    ]
    return "\n".join(lines) + "\n"
