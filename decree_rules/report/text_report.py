"""The text report, for legal staff: problems first, each with its reasoning."""

from __future__ import annotations

from decree_rules.core.ids import shown_id
from decree_rules.core.provenance import RulesUsed
from decree_rules.engine.evaluate import Status
from decree_rules.explain.catalog import Words, words_for
from decree_rules.explain.sentences import sentence
from decree_rules.report.common import (
    STATUS_ORDER,
    Headline,
    ReportLike,
    by_status,
    explained_unmatched,
    rejected,
)


def status_word(status: Status, w: Words) -> str:
    """The status as the report's language says it (the JSON keeps the English code)."""
    words = {
        Status.VIOLATED: w.t("violated"),
        Status.LATE: w.t("late"),
        Status.PENDING: w.t("pending"),
        Status.FULFILLED: w.t("fulfilled"),
        Status.EXEMPT: w.t("exempt"),
    }
    return words[status]


def verdict_words(report: ReportLike, w: Words) -> str:
    """``Decree check as of ...: satisfied`` (or not), in the report's language."""
    if report.satisfied:
        verdict = w.t("satisfied")
    else:
        verdict = w.t("NOT satisfied: some duties are late or violated")
    return w.t(
        "Decree check as of {date}: {verdict}", date=w.date_text(report.as_of), verdict=verdict
    )


def summary_words(report: ReportLike, w: Words) -> str:
    """``1 violated, 2 late, ...``: the counts of each status."""
    summary = report.summary()
    return ", ".join(
        w.t("{count} {status}", count=summary[s.value], status=status_word(s, w))
        for s in STATUS_ORDER
    )


def report_to_text(
    report: ReportLike,
    *,
    rules_source: str | None = None,
    rules_used: RulesUsed | None = None,
    lang: str = "en",
) -> str:
    """A report for legal staff: problems first, each with its reasoning."""
    w = words_for(lang)
    lines = _head(report, rules_source, rules_used, w)
    lines += _findings(report, w)
    lines += _unmatched(report, w)
    lines += _rejected_rows(report, w)
    if report.warnings:
        lines += ["", w.t("WARNINGS ({count})", count=len(report.warnings))]
        lines += [f"  {sentence(warning, lang)}" for warning in report.warnings]
    return "\n".join(lines) + "\n"


def _head(
    report: ReportLike, rules_source: str | None, rules_used: RulesUsed | None, w: Words
) -> list[str]:
    """The verdict and the counts."""
    events = w.t(
        "  events: {read} read, {used} used, {unmatched} unmatched",
        read=report.events_read + rejected(report, "event"),
        used=report.events_read - len(report.unmatched_events),
        unmatched=len(report.unmatched_events),
    )
    if report.rejected_rows:
        events += w.t(", {rejected} rejected", rejected=rejected(report, "event"))
    lines = [verdict_words(report, w), "", "  " + summary_words(report, w), events]
    if report.rejected_rows:
        lines.append(
            w.t(
                "  registry: {read} offices read, {used} used, {rejected} rejected",
                read=report.actors_read + rejected(report, "actor"),
                used=report.actors_read,
                rejected=rejected(report, "actor"),
            )
        )
    selection = getattr(report, "selection", None)  # a report narrowed by check --clause ...
    if selection:
        lines.append(
            w.t(
                "  selected: {selection} (the counts above are of these)",
                selection=selection.describe(),
            )
        )
    if rules_used is not None:  # the files, their digests and the engine
        lines += ["  " + line for line in rules_used.lines()]
    elif rules_source is not None:
        lines.append(f"  rules: {rules_source}")
    lines.append(
        w.t(
            "  working days: {calendar}; time zones: {zones}",
            calendar=report.calendar,
            zones=report.zone_data,
        )
    )
    return lines


def _findings(report: ReportLike, w: Words) -> list[str]:
    """A section per status: a headline per finding, and the reasoning of the problems."""
    lines: list[str] = []
    for status, chosen in by_status(report, w.lang).items():
        if not chosen:
            continue
        lines += ["", f"{status_word(status, w).upper()} ({len(chosen)})"]
        detailed = status in (Status.VIOLATED, Status.LATE, Status.PENDING)
        for finding, explained in chosen:
            lines.append("  " + headline(finding, w))
            if detailed:
                lines.extend(f"      {line}" for line in explained)
    return lines


def _unmatched(report: ReportLike, w: Words) -> list[str]:
    if not report.unmatched_events:
        return []
    lines = ["", w.t("UNMATCHED EVENTS ({count})", count=len(report.unmatched_events))]
    return lines + [
        f"  {shown_id(event_id)}: {why}" for event_id, why in explained_unmatched(report, w.lang)
    ]


def _rejected_rows(report: ReportLike, w: Words) -> list[str]:
    if not report.rejected_rows:
        return []
    lines = ["", w.t("REJECTED ROWS ({count})", count=len(report.rejected_rows))]
    for row in report.rejected_rows:
        lines.append(f"  {row.file}:{row.line}" + (f" {shown_id(row.id)}" if row.id else ""))
        lines.extend(f"      {message}" for message in row.messages)
    return lines


def headline(finding: Headline, w: Words | None = None) -> str:
    """``clause 6 | akim.x | 2020 | trigger e1 | due ...``: an id that could pass for more
    columns (it holds a ``|``, say) is shown JSON-quoted, so the columns are always these."""
    w = w or words_for("en")
    parts = [w.t("clause {clause}", clause=finding.rule), shown_id(finding.actor)]
    if finding.period is not None:
        parts.append(finding.period)
    if finding.trigger is not None:
        parts.append(w.t("trigger {event}", event=shown_id(finding.trigger)))
    if finding.due is not None:
        parts.append(w.t("due {date}", date=w.date_text(finding.due)))
    else:
        parts.append(w.t("no due date"))
    evidence = ", ".join(shown_id(ident) for ident in finding.evidence)
    if evidence and finding.status is not Status.FULFILLED:
        parts.append(w.t("evidence {events}", events=evidence))
    elif evidence:
        parts.append(w.t("by {events}", events=evidence))
    return " | ".join(parts)
