"""Reports on the shipped example: golden text and JSON per clause, and the JSON contract's
shape."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from decree_rules.core.facts import step_classes, step_from_json
from decree_rules.engine.evaluate import Report, Status, evaluate
from decree_rules.explain.sentences import sentence
from decree_rules.io.events import load_events
from decree_rules.io.registry import load_actors
from decree_rules.lang.load import load_decree
from decree_rules.report.common import STATUS_ORDER, explained_findings
from decree_rules.report.json_report import (
    _finding_dict,
    _unmatched_dict,
    finding_json,
    report_to_dict,
    report_to_json,
    unmatched_json,
)
from decree_rules.report.text_report import headline, report_to_text

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_GOLDEN = Path(__file__).parent / "golden" / "example"
AS_OF = date(2025, 12, 31)
REFRESH = (
    "If the change is intended, refresh the golden files with "
    "`UPDATE_GOLDEN=1 pytest tests/test_report.py` and read `git diff tests/golden` "
    "(tests/golden/README.md)."
)
CLAUSES = (
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
    "12.1", "12.2", "12.3", "12.4", "12.5", "12.6", "13",
)  # fmt: skip
"""The clauses with findings in the example, in the order the reports list them."""
DETAILED = (Status.VIOLATED, Status.LATE, Status.PENDING)
"""The statuses whose findings the text report explains (the others get a headline)."""
FINDINGS_OPEN = '  "findings": ['


@pytest.fixture(scope="module")
def example_report() -> Report:
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    return evaluate(load_decree(), actors, events, AS_OF)


@pytest.fixture(scope="module")
def example_text(example_report: Report) -> str:
    """The whole text report of the example, as ``decree-rules check`` writes it."""
    return report_to_text(example_report, rules_source="decree.rules")


@pytest.fixture(scope="module")
def example_json(example_report: Report) -> str:
    """The whole JSON report of the example, as ``decree-rules check`` writes it."""
    return report_to_json(example_report, rules_source="decree.rules")


def _mask_versions(text: str) -> str:
    # The zone and holiday data versions change with upgrades; the findings must not.
    text = re.sub(r"tzdata \d{4}[a-z]", "tzdata <version>", text)
    return re.sub(r"holidays \d+\.\d+", "holidays <version>", text)


def _golden(path: Path, actual: str | None) -> None:
    """Check that the golden file ``path`` holds ``actual``, its data versions masked
    (``None``: that there is no such file); with ``UPDATE_GOLDEN`` set, write (or delete)
    the file instead."""
    shown = path.relative_to(ROOT).as_posix()
    update = bool(os.environ.get("UPDATE_GOLDEN"))
    if actual is None:
        if update:
            path.unlink(missing_ok=True)
        assert not path.exists(), f"{shown} is left over: the report has no such part. {REFRESH}"
        return
    actual = _mask_versions(actual)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{shown} is missing. {REFRESH}"
    expected = path.read_text(encoding="utf-8")
    # A calendar notice names the holidays release in JSON too: any release may be installed.
    assert _any_release(actual) == _any_release(expected), (
        f"{shown} differs from the report. {REFRESH}"
    )


def _any_release(text: str) -> str:
    return re.sub(r'"version": "\d+\.\d+"', '"version": "<version>"', text)


# ---- the golden files, per clause -------------------------------------------------------
#
# tests/golden/example/ holds the example's text and JSON reports split into pieces that
# legal staff can review: clause-<n>.txt and clause-<n>.jsonl for each clause with
# findings, and report.txt and report-head.json for the rest (tests/golden/README.md).


@pytest.fixture(scope="module")
def example_pieces(example_report: Report, example_text: str, example_json: str) -> dict[str, str]:
    """The golden files of the example by name, unmasked."""
    head, finding_lines = _split_json(example_json)
    pieces = {"report.txt": _text_head(example_text), "report-head.json": head}
    texts: dict[str, list[str]] = {}
    for finding, sentences in explained_findings(example_report):
        lines = texts.setdefault(finding.rule, [])
        lines.append(f"{headline(finding)} | {finding.status.value.upper()}")
        lines.extend(f"    {sentence}" for sentence in sentences)
    jsons: dict[str, list[str]] = {}
    for line in finding_lines:
        jsons.setdefault(json.loads(line)["rule"], []).append(line)
    assert list(texts) == list(jsons)
    for clause in texts:
        pieces[f"clause-{clause}.txt"] = "\n".join(texts[clause]) + "\n"
        pieces[f"clause-{clause}.jsonl"] = "\n".join(jsons[clause]) + "\n"
    return pieces


def _split_json(text: str) -> tuple[str, list[str]]:
    """The JSON report without its findings' lines (a valid JSON text whose ``findings``
    are ``[]``), and those lines, each a finding's JSON."""
    lines = text.split("\n")
    start = lines.index(FINDINGS_OPEN) + 1
    end = lines.index("  ],", start)
    found = lines[start:end]
    assert all(line.startswith("    {") for line in found)
    assert all(line.endswith(",") for line in found[:-1]) and not found[-1].endswith(",")
    head = "\n".join(lines[:start] + lines[end:])
    return head, [line.removeprefix("    ").removesuffix(",") for line in found]


def _text_blocks(text: str) -> tuple[list[str], list[str]]:
    """The text report's head and its sections (``VIOLATED (10)`` and the lines under it),
    which blank lines separate."""
    blocks = text.removesuffix("\n").split("\n\n")
    headers = (i for i, block in enumerate(blocks) if re.match(r"[A-Z][A-Z ]* \(\d+\)\n", block))
    first = next(headers, len(blocks))
    return blocks[:first], blocks[first:]


def _text_head(text: str) -> str:
    """The text report without its sections of findings: its head (the summary and the
    counts), then the unmatched events, rejected rows and warnings."""
    head, sections = _text_blocks(text)
    statuses = tuple(f"{status.value.upper()} (" for status in STATUS_ORDER)
    return "\n\n".join(head + [s for s in sections if not s.startswith(statuses)]) + "\n"


def _text_from_pieces(pieces: dict[str, str]) -> str:
    """The whole text report, put back together from its golden files."""
    findings: list[tuple[str, str, list[str]]] = []  # headline, status, sentences
    for clause in CLAUSES:
        for line in pieces[f"clause-{clause}.txt"].splitlines():
            if line.startswith("    "):
                findings[-1][2].append(line.removeprefix("    "))
            else:
                headline, shown = line.rsplit(" | ", 1)
                findings.append((headline, shown.lower(), []))
    sections = []
    for status in STATUS_ORDER:
        chosen = [finding for finding in findings if finding[1] == status.value]
        if not chosen:
            continue
        lines = [f"{status.value.upper()} ({len(chosen)})"]
        for headline, _, sentences in chosen:
            lines.append(f"  {headline}")
            if status in DETAILED:
                lines.extend(f"      {sentence}" for sentence in sentences)
        sections.append("\n".join(lines))
    head, rest = _text_blocks(pieces["report.txt"])
    return "\n\n".join([*head, *sections, *rest]) + "\n"


def _json_from_pieces(pieces: dict[str, str]) -> str:
    """The whole JSON report, put back together from its golden files."""
    lines = [line for c in CLAUSES for line in pieces[f"clause-{c}.jsonl"].splitlines()]
    head = pieces["report-head.json"].split("\n")
    at = head.index(FINDINGS_OPEN) + 1
    return "\n".join([*head[:at], ",\n".join(f"    {line}" for line in lines), *head[at:]])


@pytest.mark.parametrize("clause", CLAUSES)
def test_golden_findings_of_the_clause(clause: str, example_pieces: dict[str, str]) -> None:
    for name in (f"clause-{clause}.txt", f"clause-{clause}.jsonl"):
        _golden(EXAMPLE_GOLDEN / name, example_pieces.get(name))


def test_golden_head_of_the_text_report(example_pieces: dict[str, str]) -> None:
    _golden(EXAMPLE_GOLDEN / "report.txt", example_pieces["report.txt"])


def test_golden_head_of_the_json_report(example_pieces: dict[str, str]) -> None:
    _golden(EXAMPLE_GOLDEN / "report-head.json", example_pieces["report-head.json"])


def test_there_is_a_golden_file_for_each_clause_with_findings_and_no_other(
    example_pieces: dict[str, str],
) -> None:
    on_disk = {path.name for path in EXAMPLE_GOLDEN.iterdir()} if EXAMPLE_GOLDEN.is_dir() else set()
    stale, missing = sorted(on_disk - set(example_pieces)), sorted(set(example_pieces) - on_disk)
    if os.environ.get("UPDATE_GOLDEN"):
        for name in stale + missing:
            _golden(EXAMPLE_GOLDEN / name, example_pieces.get(name))
        return
    assert not stale and not missing, (
        f"in {EXAMPLE_GOLDEN.relative_to(ROOT).as_posix()}, left over (the report has no such "
        f"part, e.g. the clause has no findings any more): {stale}; missing: {missing}. {REFRESH}"
    )


def test_the_golden_pieces_put_back_together_are_the_whole_reports(
    example_pieces: dict[str, str], example_text: str, example_json: str
) -> None:
    # The tests above check each piece against its file; this one, that nothing is lost
    # by the split, so the files together are the whole reports, byte for byte.
    assert sorted(name for name in example_pieces if name.startswith("clause-")) == sorted(
        f"clause-{clause}{suffix}" for clause in CLAUSES for suffix in (".txt", ".jsonl")
    )
    assert json.loads(example_pieces["report-head.json"])["findings"] == []
    assert _json_from_pieces(example_pieces) == example_json
    assert _text_from_pieces(example_pieces) == example_text


def test_the_example_exercises_every_status_and_every_dated_clause(example_report: Report) -> None:
    summary = example_report.summary()
    assert all(summary[status] > 0 for status in summary), summary
    rules = [finding.rule for finding in example_report.findings]
    assert tuple(dict.fromkeys(rules)) == CLAUSES
    assert not example_report.satisfied


def test_every_example_event_is_evidence_trigger_or_unmatched(example_report: Report) -> None:
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    accounted = {e for f in example_report.findings for e in f.evidence}
    accounted |= {f.trigger for f in example_report.findings if f.trigger}
    unmatched = {u.id for u in example_report.unmatched_events}
    assert accounted | unmatched == {e.id for e in events}
    assert not accounted & unmatched


def test_the_csv_registry_gives_the_same_report(example_report: Report) -> None:
    actors = load_actors(EXAMPLES / "actors.csv")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    assert evaluate(load_decree(), actors, events, AS_OF) == example_report


# ---- the JSON contract ----------------------------------------------------------------

FINDING_KEYS = {"rule", "actor", "period", "trigger", "due", "status", "evidence", "explanation"}


def test_json_has_the_contract_fields_with_the_contract_types(example_report: Report) -> None:
    data: dict[str, Any] = json.loads(report_to_json(example_report))
    assert data["as_of"] == "2025-12-31"
    assert data["satisfied"] is False
    assert set(data["summary"]) == {"fulfilled", "late", "violated", "pending", "exempt"}
    assert sum(data["summary"].values()) == len(data["findings"])
    for finding in data["findings"]:
        assert set(finding) >= FINDING_KEYS
        assert isinstance(finding["rule"], str)
        assert finding["status"] in data["summary"]
        assert finding["period"] is None or re.fullmatch(r"\d{4}(-Q[1-4])?", finding["period"])
        assert finding["due"] is None or date.fromisoformat(finding["due"])
        assert all(isinstance(e, str) for e in finding["evidence"])
        assert finding["explanation"] and all(isinstance(s, str) for s in finding["explanation"])
    for unmatched in data["unmatched_events"]:
        assert set(unmatched) == {"id", "reason", "code", "steps"} and unmatched["reason"]
        assert unmatched["code"] == unmatched["steps"][0]["code"]
    assert data["format_version"] == "1.2"


def test_every_finding_carries_steps_whose_sentences_are_its_explanation(
    example_report: Report,
) -> None:
    data: dict[str, Any] = json.loads(report_to_json(example_report))
    codes = step_classes()
    assert len(data["findings"]) == len(example_report.findings) > 1000
    for finding in data["findings"]:
        assert finding["steps"], finding
        for step in finding["steps"]:
            assert {"code", "args"} <= set(step) <= {"code", "args", "cites"}
            assert step["code"] in codes and isinstance(step["args"], dict)
            assert step.get("cites", [{}]), "an empty cites list is left out"
        steps = [step_from_json(step) for step in finding["steps"]]
        assert [sentence(step) for step in steps] == finding["explanation"]
    for unmatched in data["unmatched_events"]:
        reasons = [sentence(step_from_json(step)) for step in unmatched["steps"]]
        assert "; ".join(reasons) == unmatched["reason"]
    assert [sentence(step_from_json(s)) for s in data["warning_steps"]] == data["warnings"]


def test_a_finding_line_is_the_json_of_the_finding(example_report: Report) -> None:
    for finding in example_report.findings:
        line = finding_json(finding)
        assert line == json.dumps(_finding_dict(finding), ensure_ascii=False)
        assert "\n" not in line
    for unmatched in example_report.unmatched_events:
        line = unmatched_json(unmatched)
        assert line == json.dumps(_unmatched_dict(unmatched), ensure_ascii=False)


def test_every_step_of_the_example_survives_a_json_round_trip(example_report: Report) -> None:
    seen: set[str] = set()
    for finding in example_report.findings:
        for step in finding.steps:
            assert step_from_json(json.loads(json.dumps(step.to_json()))) == step
            seen.add(step.code)
    for unmatched in example_report.unmatched_events:
        for step in unmatched.reasons:
            assert step_from_json(step.to_json()) == step
            seen.add(step.code)
    # The example exercises most of the codes (the rest: tests/test_steps.py).
    assert len(seen) >= 25, sorted(seen)


def test_one_finding_per_duty(example_report: Report) -> None:
    keys = [(f.rule, f.actor, f.period, f.trigger) for f in example_report.findings]
    assert len(keys) == len(set(keys))


def test_satisfied_matches_the_absence_of_late_and_violated(example_report: Report) -> None:
    data = report_to_dict(example_report)
    assert data["satisfied"] == (data["summary"]["late"] + data["summary"]["violated"] == 0)
    assert data["events"]["read"] == data["events"]["used"] + data["events"]["unmatched"]


def test_an_empty_report_is_valid_json() -> None:
    empty = evaluate(load_decree(), [], [], date(2015, 1, 1))
    data = json.loads(report_to_json(empty))
    assert data["findings"] == [] and data["unmatched_events"] == [] and data["satisfied"]


def test_json_has_one_finding_a_line(example_report: Report) -> None:
    lines = report_to_json(example_report).splitlines()
    finding_lines = [line for line in lines if line.startswith('    {"rule": ')]
    assert len(finding_lines) == len(example_report.findings)
