"""The text report, for legal staff: problems first, each with its reasoning."""

from __future__ import annotations

from decree_rules.core.ids import shown_id
from decree_rules.core.provenance import RulesUsed
from decree_rules.engine.evaluate import Status
from decree_rules.explain.sentences import sentence
from decree_rules.report.common import (
    STATUS_ORDER,
    Headline,
    ReportLike,
    by_status,
    explained_unmatched,
    rejected,
)


def report_to_text(
    report: ReportLike, *, rules_source: str | None = None, rules_used: RulesUsed | None = None
) -> str:
    """A report for legal staff: problems first, each with its reasoning."""
    lines = _head(report, rules_source, rules_used)
    lines += _findings(report)
    lines += _unmatched(report)
    lines += _rejected_rows(report)
    if report.warnings:
        lines += ["", f"WARNINGS ({len(report.warnings)})"]
        lines += [f"  {sentence(w)}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def _head(report: ReportLike, rules_source: str | None, rules_used: RulesUsed | None) -> list[str]:
    """The verdict and the counts."""
    summary = report.summary()
    verdict = "satisfied" if report.satisfied else "NOT satisfied: some duties are late or violated"
    lines = [
        f"Decree check as of {report.as_of.isoformat()}: {verdict}",
        "",
        "  " + ", ".join(f"{summary[s.value]} {s.value}" for s in STATUS_ORDER),
        f"  events: {report.events_read + rejected(report, 'event')} read, "
        f"{report.events_read - len(report.unmatched_events)} used, "
        f"{len(report.unmatched_events)} unmatched"
        + (f", {rejected(report, 'event')} rejected" if report.rejected_rows else ""),
    ]
    if report.rejected_rows:
        lines.append(
            f"  registry: {report.actors_read + rejected(report, 'actor')} offices read, "
            f"{report.actors_read} used, {rejected(report, 'actor')} rejected"
        )
    selection = getattr(report, "selection", None)  # a report narrowed by check --clause ...
    if selection:
        lines.append(f"  selected: {selection.describe()} (the counts above are of these)")
    if rules_used is not None:  # the files, their digests and the engine
        lines += ["  " + line for line in rules_used.lines()]
    elif rules_source is not None:
        lines.append(f"  rules: {rules_source}")
    lines.append(f"  working days: {report.calendar}; time zones: {report.zone_data}")
    return lines


def _findings(report: ReportLike) -> list[str]:
    """A section per status: a headline per finding, and the reasoning of the problems."""
    lines: list[str] = []
    for status, chosen in by_status(report).items():
        if not chosen:
            continue
        lines += ["", f"{status.value.upper()} ({len(chosen)})"]
        detailed = status in (Status.VIOLATED, Status.LATE, Status.PENDING)
        for finding, explained in chosen:
            lines.append("  " + _headline(finding))
            if detailed:
                lines.extend(f"      {line}" for line in explained)
    return lines


def _unmatched(report: ReportLike) -> list[str]:
    if not report.unmatched_events:
        return []
    lines = ["", f"UNMATCHED EVENTS ({len(report.unmatched_events)})"]
    return lines + [
        f"  {shown_id(event_id)}: {why}" for event_id, why in explained_unmatched(report)
    ]


def _rejected_rows(report: ReportLike) -> list[str]:
    if not report.rejected_rows:
        return []
    lines = ["", f"REJECTED ROWS ({len(report.rejected_rows)})"]
    for row in report.rejected_rows:
        lines.append(f"  {row.file}:{row.line}" + (f" {shown_id(row.id)}" if row.id else ""))
        lines.extend(f"      {message}" for message in row.messages)
    return lines


def _headline(finding: Headline) -> str:
    """``clause 6 | akim.x | 2020 | trigger e1 | due ...``: an id that could pass for more
    columns (it holds a ``|``, say) is shown JSON-quoted, so the columns are always these."""
    parts = [f"clause {finding.rule}", shown_id(finding.actor)]
    if finding.period is not None:
        parts.append(finding.period)
    if finding.trigger is not None:
        parts.append(f"trigger {shown_id(finding.trigger)}")
    parts.append(f"due {finding.due.isoformat()}" if finding.due is not None else "no due date")
    evidence = ", ".join(shown_id(ident) for ident in finding.evidence)
    if evidence and finding.status is not Status.FULFILLED:
        parts.append("evidence " + evidence)
    elif evidence:
        parts.append("by " + evidence)
    return " | ".join(parts)
