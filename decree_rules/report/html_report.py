"""The HTML report: one standalone page; every input string is escaped."""

from __future__ import annotations

import html

from decree_rules.core.provenance import RulesUsed
from decree_rules.explain.sentences import sentence
from decree_rules.report.common import STATUS_ORDER, ReportLike, by_status, explained_unmatched

_HTML_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 70rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd;
         vertical-align: top; }
.violated { color: #a00; } .late { color: #a60; } .pending { color: #05a; }
details summary { cursor: pointer; } ol { margin: .25rem 0; }
"""


def report_to_html(
    report: ReportLike, *, rules_source: str | None = None, rules_used: RulesUsed | None = None
) -> str:
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
        "<p>" + esc(", ".join(f"{summary[s.value]} {s.value}" for s in STATUS_ORDER)) + "</p>",
        "<p>"
        + esc(f"working days: {report.calendar}; time zones: {report.zone_data}")
        + "".join(f"<br>{esc(line)}" for line in (rules_used.lines() if rules_used else ()))
        + (
            f"<br>rules: {esc(rules_source)}"
            if rules_source is not None and rules_used is None
            else ""
        )
        + "</p>",
    ]
    for status, chosen in by_status(report).items():
        if not chosen:
            continue
        parts.append(f'<h2 class="{status.value}">{status.value} ({len(chosen)})</h2>')
        parts.append(
            "<table><tr><th>clause</th><th>office</th><th>period</th><th>trigger</th>"
            "<th>due</th><th>evidence</th><th>why</th></tr>"
        )
        for finding, lines_of in chosen:
            reasons = "".join(f"<li>{esc(line)}</li>" for line in lines_of)
            parts.append(
                "<tr>"
                f"<td>{esc(finding.rule)}</td><td>{esc(finding.actor)}</td>"
                f"<td>{esc(finding.period or '')}</td><td>{esc(finding.trigger or '')}</td>"
                f"<td>{esc(finding.due.isoformat() if finding.due else '')}</td>"
                f"<td>{esc(', '.join(finding.evidence))}</td>"
                f"<td><details><summary>{esc(lines_of[-1])}</summary>"
                f"<ol>{reasons}</ol></details></td>"
                "</tr>"
            )
        parts.append("</table>")
    if report.unmatched_events:
        parts.append(f"<h2>unmatched events ({len(report.unmatched_events)})</h2><table>")
        parts.extend(
            f"<tr><td>{esc(event_id)}</td><td>{esc(why)}</td></tr>"
            for event_id, why in explained_unmatched(report)
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
        parts.extend(f"<li>{esc(sentence(warning))}</li>" for warning in report.warnings)
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
