"""The JSON report: the public contract's shape (``../shared/spec/contract.md`` section 4).

Written piece by piece, one finding a line; the steps of each finding are the facts behind
its explanation (``docs/steps.rst``).
"""

from __future__ import annotations

import io
import json
import json.encoder
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from decree_rules.core.facts import Step
from decree_rules.core.provenance import RulesUsed
from decree_rules.engine.evaluate import Finding, UnmatchedEvent
from decree_rules.explain.sentences import explanation, reason, sentence
from decree_rules.io.records import RejectedRow
from decree_rules.report.common import Rendered, ReportLike, rejected

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from decree_rules.report.comparison import Comparison

REPORT_FORMAT_VERSION = "1.2"
"""1.1: findings carry ``steps``, unmatched events a ``code`` and ``steps``, and the
report ``warning_steps`` (all facts with codes; see docs/steps.rst). 1.2: ``rules_used``
names each rule file with its SHA-256, and the engine. ``comparison`` is there only with
``check --compare`` (an added key, which readers of 1.2 ignore)."""


def report_to_dict(
    report: ReportLike,
    *,
    rules_source: str | None = None,
    with_lists: bool = True,
    rules_used: RulesUsed | None = None,
    comparison: Comparison | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The report as the contract's JSON object (plus extra keys, never renamed ones).

    ``with_lists=False`` leaves the long lists empty (for writers that stream them);
    ``comparison`` (``check --compare``) adds the findings that differ under other rules.
    The keys and codes are English in every language; ``lang`` words the sentences.
    """
    data: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "satisfied": report.satisfied,
        "findings": [_finding_dict(f, lang) for f in report.findings] if with_lists else [],
        "unmatched_events": [_unmatched_dict(u, lang) for u in report.unmatched_events]
        if with_lists
        else [],
        "summary": dict(report.summary()),
        "rejected_rows": [_rejected_dict(row) for row in report.rejected_rows]
        if with_lists
        else [],
        "format_version": REPORT_FORMAT_VERSION,
        # read = used + unmatched + rejected: every row of the log is accounted for.
        "events": {
            "read": report.events_read + rejected(report, "event"),
            "used": report.events_read - len(report.unmatched_events),
            "unmatched": len(report.unmatched_events),
            "rejected": rejected(report, "event"),
        },
        "actors": {
            "read": report.actors_read + rejected(report, "actor"),
            "used": report.actors_read,
            "rejected": rejected(report, "actor"),
        },
        "calendar": {"working_days": report.calendar, "time_zones": report.zone_data},
        "warnings": [sentence(warning, lang) for warning in report.warnings],
        "warning_steps": [warning.to_json() for warning in report.warnings],
    }
    if lang != "en":
        data["lang"] = lang
    if rules_source is not None:
        data["rules"] = rules_source
    if rules_used is not None:
        data["rules_used"] = rules_used.to_dict()
    selection = getattr(report, "selection", None)  # a report narrowed by check --clause ...
    if selection:
        data["selection"] = selection.to_dict()
    if comparison is not None:
        data["comparison"] = comparison.to_dict()
    return data


def _rejected_dict(row: RejectedRow) -> dict[str, Any]:
    fields = row.fields or (None,) * len(row.messages)
    return {
        "file": row.file,
        "line": row.line,
        "id": row.id,
        "kind": row.kind,
        "errors": list(row.messages),
        "codes": list(row.codes),
        # Each error as data: its code and where, for programs that branch on them.
        "problems": [
            {
                "code": code,
                "severity": "error",
                "message": message,
                "location": _row_location(row, field),
            }
            for message, code, field in zip(row.messages, row.codes, fields, strict=True)
        ],
    }


def _row_location(row: RejectedRow, field: str | None) -> dict[str, Any]:
    """Where a rejected row's error is: a row given in memory, or a file's line."""
    if row.file in ("actors", "events"):
        return {"part": row.file, "row": row.line, "field": field}
    return {"file": row.file, "line": row.line, "field": field}


def _finding_dict(finding: Finding, lang: str = "en") -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "actor": finding.actor,
        "period": finding.period,
        "trigger": finding.trigger,
        "due": finding.due.isoformat() if finding.due is not None else None,
        "status": finding.status.value,
        "evidence": list(finding.evidence),
        "explanation": list(explanation(finding, lang)),
        "steps": [step.to_json() for step in finding.steps],
    }


def _unmatched_dict(unmatched: UnmatchedEvent, lang: str = "en") -> dict[str, Any]:
    return {
        "id": unmatched.id,
        "reason": reason(unmatched, lang),
        "code": unmatched.code,
        "steps": [step.to_json() for step in unmatched.reasons],
    }


def _encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` for plain JSON values, made fast.

    JSONEncoder.encode makes a new C encoder per call, which costs more than encoding a
    few keys: the C encoder is made once (where Python has it).
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - an interpreter without the C accelerator
        return json.JSONEncoder(ensure_ascii=False).encode
    chunks = make(None, None, json.encoder.encode_basestring, None, ": ", ", ", False, False, False)
    return lambda value: "".join(chunks(value, 0))


_encode = _encoder()
_quoted: Callable[[str], str] = json.encoder.encode_basestring


def _quoted_sentence(step: Step, lang: str = "en") -> str:
    return _quoted(sentence(step, lang))


def _optional(text: str | None) -> str:
    return "null" if text is None else _quoted(text)


def finding_json(finding: Finding, lang: str = "en") -> str:
    """One finding as the JSON report writes it (one line): the same text as
    ``json.dumps(_finding_dict(finding), ensure_ascii=False)``, made from strings, with the
    quoted sentences and the JSON of shared steps made once."""
    quoted = _quoted
    steps = finding.steps
    if lang == "en":
        sentences = ", ".join(
            [step.remember("en:json", _quoted_sentence) if step.shared else _quoted_sentence(step)
             for step in steps]
        )  # fmt: skip
    else:
        sentences = ", ".join([_quoted(text) for text in explanation(finding, lang)])
    texts = ", ".join([step.json_text() for step in steps])
    evidence = ", ".join([quoted(event) for event in finding.evidence])
    due = finding.due
    return (
        f'{{"rule": {quoted(finding.rule)}, "actor": {quoted(finding.actor)}, '
        f'"period": {_optional(finding.period)}, "trigger": {_optional(finding.trigger)}, '
        f'"due": {"null" if due is None else chr(34) + due.isoformat() + chr(34)}, '
        f'"status": "{finding.status._value_}", "evidence": [{evidence}], '
        f'"explanation": [{sentences}], "steps": [{texts}]}}'
    )


def unmatched_json(unmatched: UnmatchedEvent, lang: str = "en") -> str:
    """One unmatched event as the JSON report writes it: the text of ``_unmatched_dict``."""
    steps = ", ".join([step.json_text() for step in unmatched.reasons])
    head = _encode({"id": unmatched.id, "reason": reason(unmatched, lang), "code": unmatched.code})
    return f'{head[:-1]}, "steps": [{steps}]}}'


def report_to_json(
    report: ReportLike,
    *,
    rules_source: str | None = None,
    rules_used: RulesUsed | None = None,
    lang: str = "en",
) -> str:
    """The JSON report, UTF-8 text with a trailing newline."""
    buffer = io.StringIO()
    write_json(report, buffer, rules_source=rules_source, rules_used=rules_used, lang=lang)
    return buffer.getvalue()


def write_json(
    report: ReportLike,
    out: SupportsWrite[str],
    *,
    rules_source: str | None = None,
    rules_used: RulesUsed | None = None,
    comparison: Comparison | None = None,
    lang: str = "en",
) -> None:
    """Write the JSON report to ``out``, one finding and one unmatched event a line.

    Written piece by piece, so a national report is never held as one string; a line a
    finding keeps it readable and easy to grep or diff.
    """
    data = report_to_dict(
        report,
        rules_source=rules_source,
        with_lists=False,
        rules_used=rules_used,
        comparison=comparison,
        lang=lang,
    )
    # A partitioned report hands over its findings written already, in English.
    written = report if lang == "en" and isinstance(report, Rendered) else None
    out.write("{\n")
    keys = list(data)
    for position, key in enumerate(keys):
        if key == "findings":
            if written is not None:
                _write_lines(out, key, written.finding_lines())
            else:
                _write_lines(out, key, (finding_json(f, lang) for f in report.findings))
        elif key == "unmatched_events":
            if written is not None:
                _write_lines(out, key, written.unmatched_lines())
            else:
                lines = (unmatched_json(u, lang) for u in report.unmatched_events)
                _write_lines(out, key, lines)
        elif key == "rejected_rows":
            _write_list(out, key, (_rejected_dict(row) for row in report.rejected_rows))
        else:
            out.write(f"  {json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)}")
        out.write(",\n" if position < len(keys) - 1 else "\n")
    out.write("}\n")


def _write_list(out: SupportsWrite[str], key: str, items: Iterable[dict[str, Any]]) -> None:
    _write_lines(out, key, (json.dumps(item, ensure_ascii=False) for item in items))


def _write_lines(out: SupportsWrite[str], key: str, lines: Iterator[str] | Iterable[str]) -> None:
    out.write(f"  {json.dumps(key)}: [")
    separator = "\n    "
    for line in lines:
        out.write(separator)
        out.write(line)
        separator = ",\n    "
    out.write("\n  ]" if separator != "\n    " else "]")
