"""Reports for people (text) and for systems (JSON, the public contract's shape)."""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Protocol, TextIO

from decree_rules.engine.evaluate import Finding, Status, UnmatchedEvent
from decree_rules.io.records import RejectedRow


class Listing(Protocol):
    """The unmatched events: counted, and iterated (perhaps read back from files)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[UnmatchedEvent]: ...


class ReportLike(Protocol):
    """What the writers read of a report: a :class:`~decree_rules.engine.evaluate.Report`, or
    a :class:`~decree_rules.pipeline.parallel.PartitionedReport` read back from its partitions."""

    @property
    def as_of(self) -> date: ...
    @property
    def findings(self) -> Iterable[Finding]: ...
    @property
    def unmatched_events(self) -> Listing: ...
    @property
    def warnings(self) -> Sequence[str]: ...
    @property
    def calendar(self) -> str: ...
    @property
    def zone_data(self) -> str: ...
    @property
    def events_read(self) -> int: ...
    @property
    def rejected_rows(self) -> Sequence[RejectedRow]: ...
    @property
    def actors_read(self) -> int: ...
    @property
    def satisfied(self) -> bool: ...
    def summary(self) -> Mapping[str, int]: ...


REPORT_FORMAT_VERSION = "1"

_STATUS_ORDER = (Status.VIOLATED, Status.LATE, Status.PENDING, Status.FULFILLED, Status.EXEMPT)


def report_to_dict(
    report: ReportLike, *, rules_source: str | None = None, with_lists: bool = True
) -> dict[str, Any]:
    """The report as the contract's JSON object (plus extra keys, never renamed ones).

    ``with_lists=False`` leaves the long lists empty (for writers that stream them).
    """
    data: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "satisfied": report.satisfied,
        "findings": [_finding_dict(f) for f in report.findings] if with_lists else [],
        "unmatched_events": [{"id": u.id, "reason": u.reason} for u in report.unmatched_events]
        if with_lists
        else [],
        "summary": dict(report.summary()),
        "rejected_rows": [_rejected_dict(row) for row in report.rejected_rows]
        if with_lists
        else [],
        "format_version": REPORT_FORMAT_VERSION,
        # read = used + unmatched + rejected: every row of the log is accounted for.
        "events": {
            "read": report.events_read + _rejected(report, "event"),
            "used": report.events_read - len(report.unmatched_events),
            "unmatched": len(report.unmatched_events),
            "rejected": _rejected(report, "event"),
        },
        "actors": {
            "read": report.actors_read + _rejected(report, "actor"),
            "used": report.actors_read,
            "rejected": _rejected(report, "actor"),
        },
        "calendar": {"working_days": report.calendar, "time_zones": report.zone_data},
        "warnings": list(report.warnings),
    }
    if rules_source is not None:
        data["rules"] = rules_source
    return data


def _rejected(report: ReportLike, kind: str) -> int:
    return sum(1 for row in report.rejected_rows if row.kind == kind)


def _rejected_dict(row: RejectedRow) -> dict[str, Any]:
    return {
        "file": row.file,
        "line": row.line,
        "id": row.id,
        "kind": row.kind,
        "errors": list(row.messages),
        "codes": list(row.codes),
    }


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "actor": finding.actor,
        "period": finding.period,
        "trigger": finding.trigger,
        "due": finding.due.isoformat() if finding.due is not None else None,
        "status": finding.status.value,
        "evidence": list(finding.evidence),
        "explanation": list(finding.explanation),
    }


# One encoder for every finding: json.dumps with an option builds a new one per call,
# a fifth of the cost of a finding's line.
_FINDING_ENCODER = json.JSONEncoder(ensure_ascii=False)


def finding_json(finding: Finding) -> str:
    """One finding as the JSON report writes it (one line)."""
    return _FINDING_ENCODER.encode(_finding_dict(finding))


def report_to_json(report: ReportLike, *, rules_source: str | None = None) -> str:
    """The JSON report, UTF-8 text with a trailing newline."""
    buffer = io.StringIO()
    write_json(report, buffer, rules_source=rules_source)
    return buffer.getvalue()


def write_json(report: ReportLike, out: TextIO, *, rules_source: str | None = None) -> None:
    """Write the JSON report to ``out``, one finding and one unmatched event a line.

    Written piece by piece, so a national report is never held as one string; a line a
    finding keeps it readable and easy to grep or diff.
    """
    data = report_to_dict(report, rules_source=rules_source, with_lists=False)
    out.write("{\n")
    keys = list(data)
    for position, key in enumerate(keys):
        if key == "findings":
            # A partitioned report hands over its findings rendered already.
            lines = getattr(report, "finding_lines", None)
            _write_lines(
                out,
                key,
                lines() if lines is not None else (finding_json(f) for f in report.findings),
            )
        elif key == "unmatched_events":
            _write_list(
                out, key, ({"id": u.id, "reason": u.reason} for u in report.unmatched_events)
            )
        elif key == "rejected_rows":
            _write_list(out, key, (_rejected_dict(row) for row in report.rejected_rows))
        else:
            out.write(f"  {json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)}")
        out.write(",\n" if position < len(keys) - 1 else "\n")
    out.write("}\n")


def _write_list(out: TextIO, key: str, items: Iterable[dict[str, Any]]) -> None:
    _write_lines(out, key, (json.dumps(item, ensure_ascii=False) for item in items))


def _write_lines(out: TextIO, key: str, lines: Iterator[str] | Iterable[str]) -> None:
    out.write(f"  {json.dumps(key)}: [")
    separator = "\n    "
    for line in lines:
        out.write(separator)
        out.write(line)
        separator = ",\n    "
    out.write("\n  ]" if separator != "\n    " else "]")


def report_to_text(report: ReportLike, *, rules_source: str | None = None) -> str:
    """A report for legal staff: problems first, each with its reasoning."""
    summary = report.summary()
    verdict = "satisfied" if report.satisfied else "NOT satisfied: some duties are late or violated"
    lines = [
        f"Decree check as of {report.as_of.isoformat()}: {verdict}",
        "",
        "  " + ", ".join(f"{summary[s.value]} {s.value}" for s in _STATUS_ORDER),
        f"  events: {report.events_read + _rejected(report, 'event')} read, "
        f"{report.events_read - len(report.unmatched_events)} used, "
        f"{len(report.unmatched_events)} unmatched"
        + (f", {_rejected(report, 'event')} rejected" if report.rejected_rows else ""),
    ]
    if report.rejected_rows:
        lines.append(
            f"  registry: {report.actors_read + _rejected(report, 'actor')} offices read, "
            f"{report.actors_read} used, {_rejected(report, 'actor')} rejected"
        )
    if rules_source is not None:
        lines.append(f"  rules: {rules_source}")
    lines.append(f"  working days: {report.calendar}; time zones: {report.zone_data}")
    for status in _STATUS_ORDER:
        chosen = [f for f in report.findings if f.status is status]
        if not chosen:
            continue
        lines += ["", f"{status.value.upper()} ({len(chosen)})"]
        detailed = status in (Status.VIOLATED, Status.LATE, Status.PENDING)
        for finding in chosen:
            lines.append("  " + _headline(finding))
            if detailed:
                lines.extend(f"      {sentence}" for sentence in finding.explanation)
    if report.unmatched_events:
        lines += ["", f"UNMATCHED EVENTS ({len(report.unmatched_events)})"]
        lines += [f"  {u.id}: {u.reason}" for u in report.unmatched_events]
    if report.rejected_rows:
        lines += ["", f"REJECTED ROWS ({len(report.rejected_rows)})"]
        for row in report.rejected_rows:
            lines.append(f"  {row.file}:{row.line}" + (f" {row.id}" if row.id else ""))
            lines.extend(f"      {message}" for message in row.messages)
    if report.warnings:
        lines += ["", f"WARNINGS ({len(report.warnings)})"]
        lines += [f"  {w}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def _headline(finding: Finding) -> str:
    parts = [f"clause {finding.rule}", finding.actor]
    if finding.period is not None:
        parts.append(finding.period)
    if finding.trigger is not None:
        parts.append(f"trigger {finding.trigger}")
    parts.append(f"due {finding.due.isoformat()}" if finding.due is not None else "no due date")
    if finding.evidence and finding.status is not Status.FULFILLED:
        parts.append("evidence " + ", ".join(finding.evidence))
    elif finding.evidence:
        parts.append("by " + ", ".join(finding.evidence))
    return " | ".join(parts)


_HTML_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 70rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd;
         vertical-align: top; }
.violated { color: #a00; } .late { color: #a60; } .pending { color: #05a; }
details summary { cursor: pointer; } ol { margin: .25rem 0; }
"""


def report_to_html(report: ReportLike, *, rules_source: str | None = None) -> str:
    """A standalone HTML page of the report; every input string is escaped."""
    esc = html.escape
    summary = report.summary()
    verdict = "satisfied" if report.satisfied else "NOT satisfied: some duties are late or violated"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Decree check as of {esc(report.as_of.isoformat())}</title>",
        f"<style>{_HTML_STYLE}</style></head><body>",
        f"<h1>Decree check as of {esc(report.as_of.isoformat())}: {esc(verdict)}</h1>",
        "<p>" + esc(", ".join(f"{summary[s.value]} {s.value}" for s in _STATUS_ORDER)) + "</p>",
        "<p>"
        + esc(f"working days: {report.calendar}; time zones: {report.zone_data}")
        + (f"<br>rules: {esc(rules_source)}" if rules_source is not None else "")
        + "</p>",
    ]
    for status in _STATUS_ORDER:
        chosen = [f for f in report.findings if f.status is status]
        if not chosen:
            continue
        parts.append(f'<h2 class="{status.value}">{status.value} ({len(chosen)})</h2>')
        parts.append(
            "<table><tr><th>clause</th><th>office</th><th>period</th><th>trigger</th>"
            "<th>due</th><th>evidence</th><th>why</th></tr>"
        )
        for finding in chosen:
            reasons = "".join(f"<li>{esc(sentence)}</li>" for sentence in finding.explanation)
            parts.append(
                "<tr>"
                f"<td>{esc(finding.rule)}</td><td>{esc(finding.actor)}</td>"
                f"<td>{esc(finding.period or '')}</td><td>{esc(finding.trigger or '')}</td>"
                f"<td>{esc(finding.due.isoformat() if finding.due else '')}</td>"
                f"<td>{esc(', '.join(finding.evidence))}</td>"
                f"<td><details><summary>{esc(finding.explanation[-1])}</summary>"
                f"<ol>{reasons}</ol></details></td>"
                "</tr>"
            )
        parts.append("</table>")
    if report.unmatched_events:
        parts.append(f"<h2>unmatched events ({len(report.unmatched_events)})</h2><table>")
        parts.extend(
            f"<tr><td>{esc(u.id)}</td><td>{esc(u.reason)}</td></tr>"
            for u in report.unmatched_events
        )
        parts.append("</table>")
    if report.rejected_rows:
        parts.append(f"<h2>rejected rows ({len(report.rejected_rows)})</h2><table>")
        for row in report.rejected_rows:
            messages = "<br>".join(esc(message) for message in row.messages)
            parts.append(
                f"<tr><td>{esc(row.file)}:{row.line}</td><td>{esc(row.id or '')}</td>"
                f"<td>{messages}</td></tr>"
            )
        parts.append("</table>")
    if report.warnings:
        parts.append(f"<h2>warnings ({len(report.warnings)})</h2><ul>")
        parts.extend(f"<li>{esc(warning)}</li>" for warning in report.warnings)
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
