"""Scenario results in words (a pass/fail listing) and as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from decree_rules.apps.scenarios.model import FindingExpected
from decree_rules.apps.scenarios.run import Check, FileResult, Outcome, ScenarioResult
from decree_rules.engine.evaluate import Finding
from decree_rules.explain.sentences import explanation

_WHY = {
    Outcome.NO_FINDING: "no finding matches",
    Outcome.AMBIGUOUS: "several findings match: name the period ('in 2020') or the trigger "
    "('triggered by e1')",
    Outcome.WRONG_STATUS: "the status differs",
    Outcome.WRONG_DUE: "the due date differs",
    Outcome.WRONG_EVIDENCE: "the evidence differs",
    Outcome.UNWANTED_FINDING: "a finding was not expected",
    Outcome.EVENT_USED: "the event was used",
    Outcome.OTHER_FINDINGS: "findings the scenario does not expect",
}


EXPLAINED = 3
"""How many of the findings a failed 'no finding' expectation lists are explained in full."""


def outcome_summary(finding: Finding) -> str:
    """A finding as an expectation would write it: ``late, due 2020-03-02, evidence e2``."""
    parts = [finding.status.value]
    parts.append(f"due {finding.due.isoformat()}" if finding.due else "no due date")
    if finding.evidence:
        parts.append("evidence " + " and ".join(finding.evidence))
    return ", ".join(parts)


def finding_name(finding: Finding) -> str:
    """``clause 6 for akim.x in 2020 triggered by e1``."""
    words = f"clause {finding.rule} for {finding.actor}"
    if finding.period:
        words += f" in {finding.period}"
    if finding.trigger:
        words += f" triggered by {finding.trigger}"
    return words


def results_to_text(
    files: Sequence[FileResult], *, header: Sequence[str] = (), quiet: bool = False
) -> str:
    """The listing ``decree-rules test`` prints: a line per scenario, the failures explained.

    ``quiet`` leaves out the scenarios that pass (and the files where all pass)."""
    out: list[str] = [*header]
    for result in files:
        if quiet and result.passed:
            continue
        out.append(result.file)
        if result.error is not None:
            if result.bad_rules is not None:
                out.append(f"  ERROR  its rules ({result.bad_rules}) cannot be used:")
            else:
                out.append("  ERROR  the file cannot be used:")
            out.extend("    " + line for line in result.error.render().splitlines())
            continue
        lines = result.lines
        for scenario in result.results:
            if not (quiet and scenario.passed):
                out.extend(_scenario_text(scenario, lines))
    out.append(_totals(files))
    return "\n".join(out) + "\n"


def _scenario_text(result: ScenarioResult, lines: Sequence[str]) -> list[str]:
    title = result.scenario.title
    line = result.scenario.span.line
    if result.error is not None:
        out = [f"  ERROR  {title}  (line {line})"]
        out.extend("         " + text for text in result.error.render().splitlines())
        return out
    if result.passed:
        return [f"  pass   {title}"]
    out = [f"  FAIL   {title}  (line {line})"]
    for check in result.checks:
        if not check.passed:
            out.extend(_failure(check, lines))
    return out


def _failure(check: Check, lines: Sequence[str]) -> list[str]:
    line = check.expectation.span.line
    written = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    out = [f"         line {line}: {written}", f"           {_why(check)}"]
    expectation = check.expectation
    if isinstance(expectation, FindingExpected) and check.outcome not in (
        Outcome.NO_FINDING,
        Outcome.AMBIGUOUS,
    ):
        out.append(f"           expected: {_expected_summary(expectation)}")
        out.append(f"           actual:   {outcome_summary(check.findings[0])}")
        out.extend("             " + sentence for sentence in explanation(check.findings[0]))
        return out
    if check.outcome is Outcome.NO_FINDING:
        if check.findings:
            out.append(f"           the findings of clause {expectation.rule} are:")  # type: ignore[union-attr]
            out.extend(
                f"             {finding_name(f)}: {outcome_summary(f)}" for f in check.findings
            )
        else:
            out.append(f"           clause {expectation.rule} has no finding in this scenario")  # type: ignore[union-attr]
        return out
    explained = check.outcome in (Outcome.UNWANTED_FINDING, Outcome.EVENT_USED)
    for index, finding in enumerate(check.findings):
        out.append(f"           {finding_name(finding)}: {outcome_summary(finding)}")
        if explained and index < EXPLAINED:
            out.extend("             " + sentence for sentence in explanation(finding))
    if explained and len(check.findings) > EXPLAINED:
        out.append(f"           (the first {EXPLAINED} of {len(check.findings)} are explained)")
    return out


_PARTS = {"status": "the status", "due": "the due date", "evidence": "the evidence"}


def _why(check: Check) -> str:
    """Why the expectation failed: every part that differs, not only the first."""
    if len(check.differences) > 1:
        named = [_PARTS[part] for part in check.differences]
        return f"{', '.join(named[:-1])} and {named[-1]} differ"
    return _WHY[check.outcome]


def _expected_summary(expectation: FindingExpected) -> str:
    parts = [expectation.status]
    if expectation.due is False:
        parts.append("no due date")
    elif expectation.due is not None and not isinstance(expectation.due, bool):
        parts.append(f"due {expectation.due.isoformat()}")
    if expectation.evidence == ():
        parts.append("no evidence")
    elif expectation.evidence:
        parts.append("evidence " + " and ".join(expectation.evidence))
    return ", ".join(parts)


def _totals(files: Sequence[FileResult]) -> str:
    results = [r for f in files for r in f.results]
    passed = sum(r.passed for r in results)
    errors = sum(r.error is not None for r in results) + sum(f.error is not None for f in files)
    failed = len(results) - passed - sum(r.error is not None for r in results)
    noun = "scenario" if len(results) == 1 else "scenarios"
    files_noun = "file" if len(files) == 1 else "files"
    return (
        f"{len(results)} {noun} in {len(files)} {files_noun}: "
        f"{passed} passed, {failed} failed, {errors} errors"
    )


def results_to_dict(files: Sequence[FileResult]) -> dict[str, Any]:
    """The results as JSON data: each file, scenario and failed expectation, with codes."""
    return {
        "passed": all(f.passed for f in files),
        "files": [
            {
                "file": f.file,
                "error": None if f.error is None else _error_dict(f.error),
                "unusable_rules": f.bad_rules,
                "scenarios": [_scenario_dict(r) for r in f.results],
            }
            for f in files
        ],
    }


def _error_dict(error: Any) -> list[dict[str, Any]]:
    return [diagnostic.to_dict() for diagnostic in error.diagnostics]


def _scenario_dict(result: ScenarioResult) -> dict[str, Any]:
    return {
        "title": result.scenario.title,
        "line": result.scenario.span.line,
        "passed": result.passed,
        "error": None if result.error is None else _error_dict(result.error),
        "failures": [
            {
                "line": check.expectation.span.line,
                "outcome": check.outcome.value,
                "differences": list(check.differences),
                "findings": [
                    {
                        "rule": f.rule,
                        "actor": f.actor,
                        "period": f.period,
                        "trigger": f.trigger,
                        "due": f.due.isoformat() if f.due else None,
                        "status": f.status.value,
                        "evidence": list(f.evidence),
                    }
                    for f in check.findings
                ],
            }
            for check in result.checks
            if not check.passed
        ],
    }
