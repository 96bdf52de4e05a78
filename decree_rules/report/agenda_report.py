"""The agenda as text for legal staff, and as JSON for other systems (``docs/agenda.rst``).

Both list the same items in the same order (:mod:`decree_rules.engine.agenda`): overdue
first, then upcoming, each with its finding's explanation.
"""

from __future__ import annotations

import json
from typing import Any

from decree_rules.core.ids import shown_id
from decree_rules.core.provenance import RulesUsed
from decree_rules.engine.agenda import Agenda, AgendaItem
from decree_rules.engine.steps import ClauseCited
from decree_rules.explain.agenda_words import (
    agenda_empty,
    agenda_heading,
    agenda_not_listed,
    countdown_words,
)
from decree_rules.explain.catalog import words_for
from decree_rules.explain.sentences import explanation, sentence
from decree_rules.report.text_report import headline

AGENDA_FORMAT_VERSION = "1.0"
"""The version of the agenda's JSON shape: a new key is a minor version, never a rename."""


def clause_title(item: AgendaItem) -> str:
    """The title of the clause the item's duty comes from (its ``clause`` step)."""
    for step in item.finding.steps:
        if isinstance(step, ClauseCited):
            return step.title
    return ""


def agenda_to_text(agenda: Agenda, *, rules_used: RulesUsed | None = None, lang: str = "en") -> str:
    """The agenda for legal staff: the overdue duties, then the upcoming, each explained."""
    w = words_for(lang)
    overdue, upcoming = agenda.overdue, agenda.upcoming
    lines = [
        agenda_heading(agenda.as_of, agenda.days, agenda.until, lang),
        "",
        w.t(
            "  {overdue} overdue, {upcoming} upcoming", overdue=len(overdue), upcoming=len(upcoming)
        ),
    ]
    left_out = agenda_not_listed(
        agenda.undated, agenda.undated_clauses, agenda.later, agenda.until, lang
    )
    if left_out:
        lines.append("  " + left_out)
    if agenda.offices:
        offices = ", ".join(shown_id(office) for office in agenda.offices)
        lines.append(w.t("  offices: {offices}", offices=offices))
    if rules_used is not None:
        lines += ["  " + line for line in rules_used.lines()]
    if agenda.calendar:
        lines.append(
            w.t(
                "  working days: {calendar}; time zones: {zones}",
                calendar=agenda.calendar,
                zones=agenda.zone_data,
            )
        )
    sections = (
        (w.t("OVERDUE ({count})", count=len(overdue)), overdue),
        (w.t("UPCOMING ({count})", count=len(upcoming)), upcoming),
    )
    for name, items in sections:
        if not items:
            continue
        lines += ["", name]
        for item in items:
            said = countdown_words(item.countdown, lang=lang)
            lines.append(f"  {headline(item.finding, w)} | {said}")
            lines.extend(f"      {line}" for line in explanation(item.finding, lang))
    if not agenda.items:
        lines += ["", agenda_empty(agenda.days, lang)]
    if agenda.warnings:
        lines += ["", w.t("WARNINGS ({count})", count=len(agenda.warnings))]
        lines += [f"  {sentence(warning, lang)}" for warning in agenda.warnings]
    return "\n".join(lines) + "\n"


def item_dict(item: AgendaItem, uid: str, lang: str = "en") -> dict[str, Any]:
    """One item as the agenda's JSON writes it."""
    finding = item.finding
    return {
        "kind": item.kind.value,
        "rule": finding.rule,
        "title": clause_title(item),
        "actor": finding.actor,
        "period": finding.period,
        "trigger": finding.trigger,
        "due": item.due.isoformat(),
        "status": finding.status.value,
        "calendar_days": item.countdown.calendar_days,
        "working_days": item.countdown.working_days,
        "countdown": countdown_words(item.countdown, lang=lang),
        "uid": uid,
        "explanation": list(explanation(finding, lang)),
        "steps": [step.to_json() for step in finding.steps],
    }


def agenda_to_dict(
    agenda: Agenda, *, rules_used: RulesUsed | None = None, lang: str = "en"
) -> dict[str, Any]:
    """The agenda as a JSON object (``docs/agenda.rst`` documents every key); the keys and
    codes are English in every language, ``lang`` words the sentences (and is given as
    ``lang`` when it is not English)."""
    overdue = len(agenda.overdue)
    data: dict[str, Any] = {
        "format_version": AGENDA_FORMAT_VERSION,
        "as_of": agenda.as_of.isoformat(),
        "days": agenda.days,
        "until": agenda.until.isoformat(),
        "offices": list(agenda.offices),
        "satisfied": overdue == 0,
        "summary": {
            "overdue": overdue,
            "upcoming": len(agenda.items) - overdue,
            "undated": agenda.undated,
            "undated_clauses": list(agenda.undated_clauses),
            "later": agenda.later,
        },
        "items": [item_dict(item, item.identity.uid(), lang) for item in agenda.items],
        "calendar": {"working_days": agenda.calendar, "time_zones": agenda.zone_data},
        "warnings": [sentence(warning, lang) for warning in agenda.warnings],
        "warning_steps": [warning.to_json() for warning in agenda.warnings],
    }
    if rules_used is not None:
        data["rules_used"] = rules_used.to_dict()
    if lang != "en":
        data["lang"] = lang
    return data


def agenda_to_json(agenda: Agenda, *, rules_used: RulesUsed | None = None, lang: str = "en") -> str:
    """:func:`agenda_to_dict` as JSON text (UTF-8 kept, indented, a final newline)."""
    data = agenda_to_dict(agenda, rules_used=rules_used, lang=lang)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
