"""The HTML report: one self-contained page a legal department can work from.

Everything is in the one file (styles, a small plain script, SVG timelines; no network,
opens from disk): a summary by clause and by office, with the registry's office names; the
findings table, sortable, filtered by clause, office and status and searchable (with
scripts off it is still the whole table); a timeline per office; and each clause's text
and notes, which every finding links to. Every input string is escaped.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from decree_rules.core.provenance import RulesUsed
from decree_rules.engine import steps as E
from decree_rules.engine.evaluate import Finding, Status
from decree_rules.explain.catalog import N_, Words, words_for
from decree_rules.explain.sentences import explanation, sentence
from decree_rules.lang.model import Clause, Decree, Note
from decree_rules.report.common import STATUS_ORDER, ReportLike, explained_unmatched
from decree_rules.report.text_report import status_word, verdict_words
from decree_rules.time import steps as T

__all__ = ["clause_key", "clause_notes", "office_names", "report_to_html"]

# The page's words (looked up in the report's language where they are used).
_WORKING_DAYS_TIME_ZONES = N_("working days: {calendar}; time zones: {zones}")
_SUMMARY_BY_CLAUSE = N_("Summary by clause")
_SUMMARY_BY_OFFICE = N_("Summary by office")
_FINDINGS = N_("Findings")
_TIMELINES_BY_OFFICE = N_("Timelines by office")
_CLAUSES_TEXT_AND_NOTES = N_("Clauses: text and notes")
_TOTAL = N_("total")
_CLAUSE = N_("clause {clause}")
_CLAUSE_LABEL = N_("clause")
_OFFICE = N_("office")
_ALL = N_("all")
_STATUS = N_("status")
_SEARCH = N_("search")
_SHOWING_OF_FINDINGS = N_("Showing {shown} of {total} findings")
_PERIOD = N_("period")
_TRIGGER = N_("trigger")
_DUE = N_("due")
_EVIDENCE = N_("evidence")
_WHY = N_("why")
_CLAUSE_TEXT = N_("clause text")
_DAYS_OFF_THAT_MOVED_THE_DUE_DATE = N_("days off that moved the due date")
_AN_EVENT = N_("an event")
_DUE_DATE = N_("due date")
_DUE_ON = N_("due {date}")
_NO_DUE_DATE = N_("no due date")
_KAZAKH_TEXT_AUTHORITATIVE = N_("Kazakh text (authoritative)")
_TRANSLATION = N_("Translation")
_NOTES = N_("Notes")
_UNMATCHED_EVENTS = N_("UNMATCHED EVENTS ({count})")
_REJECTED_ROWS = N_("REJECTED ROWS ({count})")
_WARNINGS = N_("WARNINGS ({count})")

_STYLE = """
:root { --violated: #b00020; --late: #b35c00; --pending: #0057a8; --fulfilled: #2e7d32;
        --exempt: #777; --moved: #e6a100; }
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.35rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd;
         vertical-align: top; }
th button { font: inherit; font-weight: bold; border: 0; background: none; padding: 0;
            cursor: pointer; } th button::after { content: " \\2195"; color: #999; }
td.num, th.num { text-align: right; } .nowrap { white-space: nowrap; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: .6rem; color: #fff;
         font-size: .8rem; white-space: nowrap; }
.st-violated { background: var(--violated); } .st-late { background: var(--late); }
.st-pending { background: var(--pending); } .st-fulfilled { background: var(--fulfilled); }
.st-exempt { background: var(--exempt); }
code { font-size: .85em; } .id { color: #555; }
#filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: .5rem 0;
           padding: .5rem; background: #f4f4f4; }
#filters[hidden] { display: none; }
#filters label { display: flex; flex-direction: column; font-size: .8rem; }
details summary { cursor: pointer; } ol { margin: .25rem 0; padding-left: 1.2rem; }
.clause { border-top: 1px solid #ccc; padding: .5rem 0; }
.clause blockquote { margin: .25rem 0 .25rem 1rem; }
.timeline-box { overflow-x: auto; } svg.timeline { font-size: 10px; display: block; }
svg .bar { opacity: .85; } svg .moved { fill: var(--moved); }
svg .st-violated { fill: var(--violated); } svg .st-late { fill: var(--late); }
svg .st-pending { fill: var(--pending); } svg .st-fulfilled { fill: var(--fulfilled); }
svg .st-exempt { fill: var(--exempt); }
svg .event { fill: #000; } svg .axis { stroke: #999; } svg text { fill: #333; }
svg .due { stroke: #000; stroke-width: 1.5; }
.legend span { margin-right: 1rem; white-space: nowrap; }
.legend i { display: inline-block; width: 1.2em; height: .7em; margin-right: .3em; }
@media print {
  #filters, .noprint { display: none !important; }
  body { margin: 0; font-size: 9pt; } a { color: inherit; text-decoration: none; }
  tr, .clause, figure { break-inside: avoid; } th button::after { content: ""; }
  .timeline-box { overflow: visible; } svg.timeline { max-width: 100%; height: auto; }
}
"""

# Plain JavaScript: the table works without it; with it, the filters appear.
_SCRIPT = """
(function () {
  var form = document.getElementById("filters");
  var table = document.getElementById("findings");
  if (!form || !table) return;
  form.hidden = false;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown");
  function value(name) { return form.elements.namedItem(name).value; }
  function apply() {
    var clause = value("clause"), office = value("office"), status = value("status");
    var words = value("q").toLowerCase().split(/\\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var ok = (!clause || row.dataset.clause === clause) &&
               (!office || row.dataset.office === office) &&
               (!status || row.dataset.status === status) &&
               words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) count += 1;
    });
    shown.textContent = String(count);
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (cell, index) {
    var button = cell.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var ascending = cell.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (c) { c.removeAttribute("aria-sort"); });
      cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      function key(row) {
        var c = row.cells[index];
        return c.getAttribute("data-sort") || c.textContent.trim();
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"),
                                 function (d) { d.open = true; });
  });
  apply();
})();
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def clause_key(number: str) -> str:
    """A sort key that puts clause 2 before 10 and 12.1 before 12.2: ``0012.0001``."""
    parts = [part.zfill(4) if part.isdigit() else part for part in number.split(".")]
    return ".".join(parts + ["0000"] * (2 - len(parts)))


def report_to_html(
    report: ReportLike,
    *,
    rules_source: str | None = None,
    rules_used: RulesUsed | None = None,
    lang: str = "en",
    decree: Decree | None = None,
    offices: Mapping[str, str | None] | None = None,
) -> str:
    """The report as one self-contained HTML page in ``lang``; every input string escaped.

    ``decree`` gives the clauses' titles, texts and notes; ``offices`` the registry's name
    of each office id (:func:`office_names`).
    """
    w = words_for(lang)
    names = dict(offices or {})
    clauses = {clause.number: clause for clause in (decree.clauses if decree else ())}
    findings = list(report.findings)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_esc(lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(verdict_words(report, w))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        *_head(report, w, rules_source, rules_used),
        *_summary_by_clause(findings, clauses, w),
        *_summary_by_office(findings, names, w),
        *_findings_table(findings, names, clauses, w),
        *_timelines(findings, names, report.as_of, w),
        *_clause_texts(findings, clauses, w),
        *_others(report, w),
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def office_names(actors: Iterable[Any]) -> dict[str, str | None]:
    """Each office's id and the name the registry gives it (None where it gives none)."""
    return {actor.id: actor.name for actor in actors}


def _head(
    report: ReportLike, w: Words, rules_source: str | None, rules_used: RulesUsed | None
) -> list[str]:
    summary = report.summary()
    badges = " ".join(
        f'<span class="badge st-{s.value}">{_esc(status_word(s, w))}: {summary[s.value]}</span>'
        for s in STATUS_ORDER
    )
    calendar, zones = report.calendar, report.zone_data
    data = [w.t(_WORKING_DAYS_TIME_ZONES, calendar=calendar, zones=zones)]
    data += rules_used.lines() if rules_used else []
    if rules_source is not None and rules_used is None:
        data.append(f"rules: {rules_source}")
    return [
        f"<h1>{_esc(verdict_words(report, w))}</h1>",
        f"<p>{badges}</p>",
        '<p class="id">' + "<br>".join(_esc(line) for line in data) + "</p>",
        '<nav class="noprint"><a href="#by-clause">'
        + _esc(w.t(_SUMMARY_BY_CLAUSE))
        + '</a> · <a href="#by-office">'
        + _esc(w.t(_SUMMARY_BY_OFFICE))
        + '</a> · <a href="#findings-list">'
        + _esc(w.t(_FINDINGS))
        + '</a> · <a href="#timelines">'
        + _esc(w.t(_TIMELINES_BY_OFFICE))
        + '</a> · <a href="#clauses">'
        + _esc(w.t(_CLAUSES_TEXT_AND_NOTES))
        + "</a></nav>",
    ]


def _counts_row(head: str, counts: Counter[Status]) -> str:
    cells = "".join(f'<td class="num">{counts[s] or ""}</td>' for s in STATUS_ORDER)
    return f'<tr>{head}{cells}<td class="num">{sum(counts.values())}</td></tr>'


def _counts_head(first: Sequence[str], w: Words) -> str:
    cells = "".join(f"<th>{_esc(label)}</th>" for label in first)
    statuses = "".join(f'<th class="num">{_esc(status_word(s, w))}</th>' for s in STATUS_ORDER)
    return f"<thead><tr>{cells}{statuses}<th class='num'>{_esc(w.t(_TOTAL))}</th></tr></thead>"


def _summary_by_clause(
    findings: Sequence[Finding], clauses: Mapping[str, Clause], w: Words
) -> list[str]:
    counts: dict[str, Counter[Status]] = defaultdict(Counter)
    for finding in findings:
        counts[finding.rule][finding.status] += 1
    rows = []
    for rule in sorted(counts, key=clause_key):
        clause = clauses.get(rule)
        title = _title(clause, w) if clause is not None else ""
        head = (
            f'<td class="nowrap"><a href="#clause-{_esc(rule)}">'
            f"{_esc(w.t(_CLAUSE, clause=rule))}</a></td><td>{_esc(title)}</td>"
        )
        rows.append(_counts_row(head, counts[rule]))
    return [
        f'<h2 id="by-clause">{_esc(w.t(_SUMMARY_BY_CLAUSE))}</h2>',
        "<table>" + _counts_head((w.t(_CLAUSE_LABEL), ""), w),
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]


def _summary_by_office(
    findings: Sequence[Finding], names: Mapping[str, str | None], w: Words
) -> list[str]:
    counts: dict[str, Counter[Status]] = defaultdict(Counter)
    for finding in findings:
        counts[finding.actor][finding.status] += 1
    rows = [
        _counts_row(f"<td>{_office_cell(actor, names)}</td>", counts[actor])
        for actor in sorted(counts)
    ]
    return [
        f'<h2 id="by-office">{_esc(w.t(_SUMMARY_BY_OFFICE))}</h2>',
        "<table>" + _counts_head((w.t(_OFFICE),), w),
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]


def _office_cell(actor: str, names: Mapping[str, str | None]) -> str:
    name = names.get(actor)
    if not name:
        return f"<code>{_esc(actor)}</code>"
    return f'{_esc(name)}<br><code class="id">{_esc(actor)}</code>'


def _title(clause: Clause, w: Words) -> str:
    # The rule files' titles are English: another language shows its text's first words.
    if w.lang == "en":
        return clause.title
    text = clause.text(w.lang) or clause.text("kk") or clause.title
    return text if len(text) <= 90 else text[:88].rsplit(" ", 1)[0] + " …"


def _findings_table(
    findings: Sequence[Finding],
    names: Mapping[str, str | None],
    clauses: Mapping[str, Clause],
    w: Words,
) -> list[str]:
    rules = sorted({f.rule for f in findings}, key=clause_key)
    actors = sorted({f.actor for f in findings})

    def options(values: Iterable[tuple[str, str]]) -> str:
        return "".join(f'<option value="{_esc(v)}">{_esc(label)}</option>' for v, label in values)

    every = _esc(w.t(_ALL))
    form = (
        '<form id="filters" hidden role="search">'
        f'<label>{_esc(w.t(_CLAUSE_LABEL))}<select name="clause"><option value="">{every}</option>'
        + options((r, w.t(_CLAUSE, clause=r)) for r in rules)
        + f'</select></label><label>{_esc(w.t(_OFFICE))}<select name="office">'
        f'<option value="">{every}</option>'
        + options((a, f"{names.get(a) or a} ({a})" if names.get(a) else a) for a in actors)
        + f'</select></label><label>{_esc(w.t(_STATUS))}<select name="status">'
        f'<option value="">{every}</option>'
        + options((s.value, status_word(s, w)) for s in STATUS_ORDER)
        + f'</select></label><label>{_esc(w.t(_SEARCH))}<input name="q" type="search" '
        'size="30"></label><span>'
        + _esc(w.t(_SHOWING_OF_FINDINGS, shown="\x00", total=len(findings))).replace(
            "\x00", f'<output id="shown">{len(findings)}</output>'
        )
        + "</span></form>"
    )
    labels = [
        w.t(_CLAUSE_LABEL),
        w.t(_OFFICE),
        w.t(_PERIOD),
        w.t(_TRIGGER),
        w.t(_DUE),
        w.t(_STATUS),
        w.t(_EVIDENCE),
    ]
    head = "".join(f'<th scope="col"><button type="button">{_esc(x)}</button></th>' for x in labels)
    head += f'<th scope="col">{_esc(w.t(_WHY))}</th>'
    order = {status: index for index, status in enumerate(STATUS_ORDER)}
    rows = [
        _finding_row(index, finding, names=names, clauses=clauses, order=order, w=w)
        for index, finding in enumerate(findings)
    ]
    return [
        f'<h2 id="findings-list">{_esc(w.t(_FINDINGS))}</h2>',
        form,
        f'<table id="findings"><thead><tr>{head}</tr></thead><tbody>',
        *rows,
        "</tbody></table>",
    ]


def _finding_row(
    index: int,
    finding: Finding,
    *,
    names: Mapping[str, str | None],
    clauses: Mapping[str, Clause],
    order: Mapping[Status, int],
    w: Words,
) -> str:
    lines = explanation(finding, w.lang)
    # The summary is the last sentence, the verdict; the list gives the reasoning before it.
    reasons = "".join(f"<li>{_esc(line)}</li>" for line in lines[:-1])
    status = finding.status
    due = finding.due
    link = (
        f' <a href="#clause-{_esc(finding.rule)}">{_esc(w.t(_CLAUSE_TEXT))}</a>'
        if finding.rule in clauses
        else ""
    )
    return (
        f'<tr id="f-{index}" data-clause="{_esc(finding.rule)}" '
        f'data-office="{_esc(finding.actor)}" data-status="{status.value}">'
        f'<td class="nowrap" data-sort="{clause_key(finding.rule)}">'
        f'<a href="#clause-{_esc(finding.rule)}">{_esc(finding.rule)}</a></td>'
        f'<td data-sort="{_esc(finding.actor)}">{_office_cell(finding.actor, names)}</td>'
        f"<td>{_esc(finding.period or '')}</td><td>{_esc(finding.trigger or '')}</td>"
        f'<td class="nowrap" data-sort="{due.isoformat() if due else ""}">'
        f"{_esc(w.date_text(due)) if due else ''}</td>"
        f'<td data-sort="{order[status]}"><span class="badge st-{status.value}">'
        f"{_esc(status_word(status, w))}</span></td>"
        f"<td>{_esc(', '.join(finding.evidence))}</td>"
        f"<td><details><summary>{_esc(lines[-1] if lines else '')}</summary>"
        f"<ol>{reasons}</ol>{link}</details></td></tr>"
    )


# ---- timelines ------------------------------------------------------------------------------


@attrs.frozen
class _Bar:
    rule: str
    start: date
    due: date | None
    moved_from: date | None
    events: tuple[date, ...]
    status: Status
    index: int


def _bar(index: int, finding: Finding) -> _Bar | None:
    days: list[date] = []
    events: list[date] = []
    moved: date | None = None
    for step in finding.steps:
        if isinstance(step, T.WindowSpan):
            days.append(step.first)
        elif isinstance(step, (T.TermStart, T.NoticeFrom)):
            days.append(step.day)
        elif isinstance(step, T.ShiftDayOff) and step.skipped:
            moved = step.skipped[0].day
        elif isinstance(step, (E.CreatedBy, E.LastOfYear, E.MetAtMeeting, E.Evidence)):
            events.append(step.when.day)
    due = finding.due
    if due is not None:
        days.append(due)
    days += events
    if not days:
        return None
    return _Bar(finding.rule, min(days), due, moved, tuple(events), finding.status, index)


_YEAR, _LEFT, _LANE, _TOP = 360, 70, 16, 18  # a year is 360 px: a day is about one


def _timelines(
    findings: Sequence[Finding], names: Mapping[str, str | None], as_of: date, w: Words
) -> list[str]:
    by_office: dict[str, list[_Bar]] = defaultdict(list)
    for index, finding in enumerate(findings):
        bar = _bar(index, finding)
        if bar is not None:
            by_office[finding.actor].append(bar)
    legend = (
        '<p class="legend">'
        + "".join(
            f'<span><i class="st-{s.value}"></i>{_esc(status_word(s, w))}</span>'
            for s in STATUS_ORDER
        )
        + f'<span><i style="background:var(--moved)"></i>'
        f"{_esc(w.t(_DAYS_OFF_THAT_MOVED_THE_DUE_DATE))}</span>"
        f"<span>● {_esc(w.t(_AN_EVENT))}</span>"
        f"<span>| {_esc(w.t(_DUE_DATE))}</span></p>"
    )
    parts = [f'<h2 id="timelines">{_esc(w.t(_TIMELINES_BY_OFFICE))}</h2>', legend]
    for position, actor in enumerate(sorted(by_office)):
        name = names.get(actor) or actor
        shown = f"{name} ({actor})" if names.get(actor) else actor
        parts.append(
            f"<figure><details{' open' if position == 0 else ''}>"
            f"<summary>{_esc(shown)}</summary>"
            f"{_svg(actor, by_office[actor], as_of, w)}</details></figure>"
        )
    return parts


def _svg(actor: str, bars: Sequence[_Bar], as_of: date, w: Words) -> str:
    first = min(bar.start for bar in bars)
    last = max([as_of, *(bar.due for bar in bars if bar.due), *(e for b in bars for e in b.events)])
    first, last = date(first.year, 1, 1), date(last.year, 12, 31)
    lanes = sorted({bar.rule for bar in bars}, key=clause_key)
    height = _TOP + _LANE * len(lanes) + 4
    width = _LEFT + _YEAR * (last.year - first.year + 1) + 5

    def x(day: date) -> int:
        return round(_LEFT + (day - first).days * _YEAR / 365.25)

    out = [
        f'<div class="timeline-box"><svg class="timeline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_esc(w.t(_TIMELINES_BY_OFFICE))}: {_esc(actor)}">'
    ]
    for year in range(first.year, last.year + 1):
        left = x(date(year, 1, 1))
        out.append(
            f'<line class="axis" x1="{left}" y1="12" x2="{left}" y2="{height}"/>'
            f'<text x="{left + 2}" y="10">{year}</text>'
        )
    for lane, rule in enumerate(lanes):
        top = _TOP + lane * _LANE
        out.append(f'<text x="2" y="{top + 11}">{_esc(w.t(_CLAUSE, clause=rule))}</text>')
        for bar in (b for b in bars if b.rule == rule):
            out.append(_bar_svg(bar, top, x, w))
    out.append("</svg></div>")
    return "".join(out)


def _bar_svg(bar: _Bar, top: int, x: Callable[[date], int], w: Words) -> str:
    end = bar.due or bar.start
    left, right = x(bar.start), x(end)
    label = " · ".join(
        [
            w.t(_CLAUSE, clause=bar.rule),
            w.t(_DUE_ON, date=w.date_text(bar.due)) if bar.due else w.t(_NO_DUE_DATE),
            status_word(bar.status, w),
        ]
    )
    parts = [
        f'<a href="#f-{bar.index}"><title>{_esc(label)}</title>'
        f'<rect class="bar st-{bar.status.value}" x="{left}" y="{top + 3}" '
        f'width="{max(right - left, 1.5)}" height="{_LANE - 6}"/>'
    ]
    if bar.moved_from is not None and bar.due is not None:
        start = x(bar.moved_from)
        parts.append(
            f'<rect class="moved" x="{start}" y="{top + 1}" width="{max(right - start, 1.5)}" '
            f'height="3"><title>{_esc(w.t(_DAYS_OFF_THAT_MOVED_THE_DUE_DATE))}</title></rect>'
        )
    if bar.due is not None:
        bottom = top + _LANE - 1
        parts.append(f'<line class="due" x1="{right}" y1="{top + 1}" x2="{right}" y2="{bottom}"/>')
    parts += [
        f'<circle class="event" cx="{x(day)}" cy="{top + _LANE / 2}" r="2"/>' for day in bar.events
    ]
    parts.append("</a>")
    return "".join(parts)


# ---- the clauses and the rest -----------------------------------------------------------------


def clause_notes(node: object) -> list[Note]:
    """Every note a clause carries, its own and those of its rule's lines."""
    found: list[Note] = []
    if isinstance(node, Note):
        return [node]
    if isinstance(node, tuple):
        for item in node:
            found += clause_notes(item)
    elif attrs.has(type(node)):
        for field in attrs.fields(type(node)):  # type: ignore[arg-type]
            if field.name != "span":
                found += clause_notes(getattr(node, field.name))
    return found


def _clause_texts(
    findings: Sequence[Finding], clauses: Mapping[str, Clause], w: Words
) -> list[str]:
    if not clauses:
        return []
    used = {finding.rule for finding in findings}
    parts = [f'<h2 id="clauses">{_esc(w.t(_CLAUSES_TEXT_AND_NOTES))}</h2>']
    for number in sorted(clauses, key=clause_key):
        if number not in used:
            continue
        clause = clauses[number]
        parts.append(
            f'<section class="clause" id="clause-{_esc(number)}">'
            f"<h3>{_esc(w.t(_CLAUSE, clause=number))}: {_esc(clause.title)}</h3>"
        )
        kazakh = clause.text("kk")
        if kazakh:
            parts.append(
                f"<p><b>{_esc(w.t(_KAZAKH_TEXT_AUTHORITATIVE))}</b></p>"
                f'<blockquote lang="kk">{_esc(kazakh)}</blockquote>'
            )
        translation = clause.text(w.lang) if w.lang != "kk" else None
        if translation:
            parts.append(
                f"<p><b>{_esc(w.t(_TRANSLATION))}</b></p>"
                f'<blockquote lang="{_esc(w.lang)}">{_esc(translation)}</blockquote>'
            )
        notes = clause_notes(clause)
        if notes:
            parts.append(
                f"<p><b>{_esc(w.t(_NOTES))}</b></p><ul>"
                + "".join(f'<li lang="en">{_esc(note.text)}</li>' for note in notes)
                + "</ul>"
            )
        parts.append("</section>")
    return parts


def _others(report: ReportLike, w: Words) -> list[str]:
    parts: list[str] = []
    if report.unmatched_events:
        parts.append(
            f"<h2>{_esc(w.t(_UNMATCHED_EVENTS, count=len(report.unmatched_events)))}</h2><table>"
        )
        parts.extend(
            f"<tr><td><code>{_esc(event_id)}</code></td><td>{_esc(why)}</td></tr>"
            for event_id, why in explained_unmatched(report, w.lang)
        )
        parts.append("</table>")
    if report.rejected_rows:
        parts.append(
            f"<h2>{_esc(w.t(_REJECTED_ROWS, count=len(report.rejected_rows)))}</h2><table>"
        )
        for row in report.rejected_rows:
            messages = "<br>".join(_esc(message) for message in row.messages)
            parts.append(
                f"<tr><td>{_esc(row.file)}:{row.line}</td><td>{_esc(row.id or '')}</td>"
                f"<td>{messages}</td></tr>"
            )
        parts.append("</table>")
    if report.warnings:
        parts.append(f"<h2>{_esc(w.t(_WARNINGS, count=len(report.warnings)))}</h2><ul>")
        parts.extend(f"<li>{_esc(sentence(warning, w.lang))}</li>" for warning in report.warnings)
        parts.append("</ul>")
    return parts
