"""Running scenarios: evaluate each small world and hold its findings to what it expects.

The results are values (:class:`ScenarioResult`, :class:`Check`);
:mod:`~decree_rules.apps.scenarios.render` words them.
Only what a scenario names is judged: findings it says nothing about pass, unless it says
``expect no other findings``.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import attrs

from decree_rules.apps.scenarios.model import (
    Expectation,
    FindingExpected,
    NoFinding,
    NoOtherFindings,
    Scenario,
    ScenarioFile,
    Unmatched,
    Value,
)
from decree_rules.apps.scenarios.parse import SCENARIO_SUFFIX, parse_scenarios
from decree_rules.apps.scenarios.world import scenario_world
from decree_rules.core.diagnostics import (
    DecreeRulesError,
    ErrorGroup,
    InputError,
    raise_collected,
)
from decree_rules.core.provenance import RuleFile
from decree_rules.core.source import Location, source_lines, span_location
from decree_rules.engine.evaluate import Finding, Report, evaluate
from decree_rules.io.records import Actor, Event
from decree_rules.io.sources import read_file
from decree_rules.lang.model import Decree
from decree_rules.time.calendars import WorkingCalendar


class Outcome(enum.Enum):
    """How one expectation fared; anything but ``MET`` fails the scenario."""

    MET = "met"
    NO_FINDING = "no_finding"  # no finding matches the expectation's clause, office, ...
    AMBIGUOUS = "ambiguous"  # several findings match: name the period or the trigger
    WRONG_STATUS = "wrong_status"
    WRONG_DUE = "wrong_due"
    WRONG_EVIDENCE = "wrong_evidence"
    UNWANTED_FINDING = "unwanted_finding"  # 'no finding for ...', but there is one
    EVENT_USED = "event_used"  # 'event e5 unmatched', but a finding used it
    OTHER_FINDINGS = "other_findings"  # 'no other findings', but some are not expected


@attrs.frozen
class Check:
    """One expectation and what the evaluation gave for it."""

    expectation: Expectation
    outcome: Outcome
    findings: tuple[Finding, ...] = ()
    """The findings that match it (or, for a failure, that it was compared with)."""
    differences: tuple[str, ...] = ()
    """For a failure: the parts that differ (``status``, ``due``, ``evidence``)."""

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.MET


@attrs.frozen
class ScenarioResult:
    """A scenario and the outcome of each of its expectations, or the error that stopped it."""

    scenario: Scenario
    checks: tuple[Check, ...] = ()
    error: DecreeRulesError | None = None
    report: Report | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def passed(self) -> bool:
        return self.error is None and all(check.passed for check in self.checks)


@attrs.frozen
class FileResult:
    """One scenario file: the result of each scenario, or the error that stopped its reading."""

    file: str
    results: tuple[ScenarioResult, ...] = ()
    error: DecreeRulesError | None = None
    lines: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)
    """The file's lines, to show the expectations that failed as they are written."""
    bad_rules: str | None = None
    """When ``error`` is the rules' and not the file's: the rules that cannot be used."""

    @property
    def passed(self) -> bool:
        return self.error is None and all(result.passed for result in self.results)


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The scenario files at ``paths``: files as given, folders searched for ``*.scenario``."""
    found: list[Path] = []
    for path in paths:
        target = Path(path)
        if target.is_dir():
            found.extend(sorted(target.rglob(f"*{SCENARIO_SUFFIX}")))
        else:
            found.append(target)
    return found


def run_file(path: str | os.PathLike[str], decree: Decree, calendar: WorkingCalendar) -> FileResult:
    """Read and run every scenario of the file at ``path``."""
    try:
        name, text = read_file(path)
    except DecreeRulesError as error:
        return FileResult(os.fspath(path), error=error)
    return run_text(text, name, decree, calendar)


def run_text(text: str, filename: str, decree: Decree, calendar: WorkingCalendar) -> FileResult:
    """Run the scenarios written in ``text``."""
    text = text.removeprefix("\ufeff")
    try:
        parsed = parse_scenarios(text, filename)
    except DecreeRulesError as error:
        return FileResult(filename, error=error)
    lines = source_lines(text)
    return FileResult(
        filename,
        tuple(
            run_scenario(scenario, lines, parsed, decree, calendar) for scenario in parsed.scenarios
        ),
        lines=tuple(lines),
    )


def run_scenario(
    scenario: Scenario,
    lines: Sequence[str],
    parsed: ScenarioFile,
    decree: Decree,
    calendar: WorkingCalendar,
) -> ScenarioResult:
    """Evaluate one scenario's world and check each of its expectations.

    Every mistake of the scenario is reported at once: its settings, its office and event
    lines, and the names its expectations use (checked against the lines as written).
    """
    errors: list[DecreeRulesError] = []
    as_of, clauses = date.min, frozenset(number.text for number in scenario.clauses)
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    try:
        as_of, clauses = _settings(scenario, decree, parsed.file)
    except DecreeRulesError as error:
        errors.append(error)
    try:
        actors, events = scenario_world(scenario, lines, parsed.file, decree.vocabulary)
    except DecreeRulesError as error:
        errors.append(error)
    known = frozenset(clause.number for clause in decree.clauses)
    offices = {line.id.text for line in scenario.offices}
    try:
        _check_names(scenario, known, clauses, offices, {e.id.text for e in scenario.events})
    except DecreeRulesError as error:
        errors.append(error)
    if errors:
        found = sorted(
            (one for error in errors for one in getattr(error, "errors", (error,))),
            key=lambda one: (one.location.line or 0, one.location.column or 0),
        )
        grouped = found[0] if len(found) == 1 else ErrorGroup(found)
        return ScenarioResult(scenario, error=_with_lines(grouped, lines))
    report = evaluate(decree, actors, events, as_of, calendar=calendar)
    judged = tuple(f for f in report.findings if not clauses or f.rule in clauses)
    checks = [
        _check(expectation, judged, report, scenario) for expectation in scenario.expectations
    ]
    return ScenarioResult(scenario, tuple(checks), report=report)


def _with_lines(error: DecreeRulesError, lines: Sequence[str]) -> DecreeRulesError:
    """The error with the scenario file's line shown under each of its messages."""
    if isinstance(error, ErrorGroup):
        shown = [_with_lines(one, lines) for one in error.errors]
        return ErrorGroup(shown, truncated=error.truncated)
    line = error.location.line
    if error.source_line is None and line and 0 < line <= len(lines):
        return error.with_source_line(lines[line - 1])
    return error


def _settings(scenario: Scenario, decree: Decree, filename: str) -> tuple[date, frozenset[str]]:
    errors: list[DecreeRulesError] = []
    as_of = date.min
    if scenario.as_of is None:
        errors.append(
            InputError(
                f"the scenario {scenario.title!r} has no 'as of' date",
                span_location(scenario.span),
                code="DR-T010",
                hint="add a line like: as of 2020-12-31",
            )
        )
    else:
        as_of = _day(scenario.as_of, errors)
    known = {clause.number for clause in decree.clauses}
    for number in scenario.clauses:
        if number.text not in known:
            errors.append(_no_clause(number, known))
    raise_collected(errors)
    return as_of, frozenset(number.text for number in scenario.clauses)


def _day(value: Value, errors: list[DecreeRulesError]) -> date:
    try:
        return date.fromisoformat(value.text)
    except ValueError:
        errors.append(
            InputError(
                f"'{value.text}' is not a date: 'as of' takes a date like 2020-12-31",
                span_location(value.span),
                code="DR-T001",
                args={"value": value.text},
            )
        )
        return date.min


def _no_clause(number: Value, known: Iterable[str]) -> InputError:
    return InputError(
        f"the rules have no clause {number.text}",
        span_location(number.span),
        code="DR-T006",
        hint="the clauses are " + ", ".join(sorted(known, key=_clause_key)),
        args={"clause": number.text},
    )


def _clause_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def _check_names(
    scenario: Scenario,
    known: frozenset[str],
    clauses: frozenset[str],
    offices: set[str],
    events: set[str],
) -> None:
    """Every clause an expectation names is one of the rules' (and of the scenario's
    'clauses', if it has that line), every office and event one of the scenario's; each
    error points at the name as written."""
    errors: list[DecreeRulesError] = []
    for expectation in scenario.expectations:
        if isinstance(expectation, NoOtherFindings):
            continue
        rule = getattr(expectation, "rule", None)
        if rule is not None:
            place = expectation.place("rule")
            if rule not in known:
                errors.append(_no_clause(Value(rule, place), known))
            elif clauses and rule not in clauses:
                errors.append(
                    InputError(
                        f"clause {rule} is not one of this scenario's clauses "
                        f"({', '.join(sorted(clauses, key=_clause_key))})",
                        span_location(place),
                        code="DR-T008",
                        hint="add it to the 'clauses' line, or remove this expectation",
                        args={"clause": rule},
                    )
                )
        actor = getattr(expectation, "actor", None)
        if actor is not None and actor not in offices:
            where = span_location(expectation.place("actor"))
            errors.append(_unknown(where, "office", actor, offices, "DR-T007"))
        for key, event in _events_named(expectation):
            if event not in events:
                where = span_location(expectation.place(key))
                errors.append(_unknown(where, "event", event, events, "DR-T009"))
    raise_collected(errors)


def _events_named(expectation: Expectation) -> tuple[tuple[str, str], ...]:
    """The events an expectation names, each with the key of its place."""
    if isinstance(expectation, Unmatched):
        return (("event", expectation.event),)
    named: list[tuple[str, str]] = []
    trigger = getattr(expectation, "trigger", None)
    if trigger is not None:
        named.append(("trigger", trigger))
    if isinstance(expectation, FindingExpected) and expectation.evidence:
        named.extend((f"evidence:{event}", event) for event in expectation.evidence)
    return tuple(named)


def _unknown(where: Location, kind: str, name: str, known: set[str], code: str) -> InputError:
    from difflib import get_close_matches

    close = get_close_matches(name, sorted(known), n=1)
    listed = ", ".join(sorted(known)) or "none"
    hint = f"did you mean '{close[0]}'? " if close else ""
    return InputError(
        f"no {kind} '{name}' in this scenario",
        where,
        code=code,
        hint=f"{hint}the scenario's {kind}s: {listed}",
        args={kind: name},
    )


def _check(
    expectation: Expectation,
    findings: tuple[Finding, ...],
    report: Report,
    scenario: Scenario,
) -> Check:
    """One expectation against the findings judged (those of the scenario's clauses); an
    event is unmatched or used in the whole report, whatever the clauses."""
    if isinstance(expectation, FindingExpected):
        return _check_finding(expectation, findings)
    if isinstance(expectation, NoFinding):
        found = tuple(f for f in findings if _selects(expectation, f))
        return Check(expectation, Outcome.UNWANTED_FINDING if found else Outcome.MET, found)
    if isinstance(expectation, Unmatched):
        if any(event.id == expectation.event for event in report.unmatched_events):
            return Check(expectation, Outcome.MET)
        used = tuple(f for f in report.findings if expectation.event in (f.trigger, *f.evidence))
        return Check(expectation, Outcome.EVENT_USED, used)
    assert isinstance(expectation, NoOtherFindings)
    expected = [e for e in scenario.expectations if isinstance(e, FindingExpected)]
    others = tuple(f for f in findings if not any(_selects(e, f) for e in expected))
    return Check(expectation, Outcome.OTHER_FINDINGS if others else Outcome.MET, others)


def _selects(expectation: FindingExpected | NoFinding, finding: Finding) -> bool:
    if finding.rule != expectation.rule:
        return False
    if expectation.actor is not None and finding.actor != expectation.actor:
        return False
    if expectation.period is not None and finding.period != expectation.period:
        return False
    return expectation.trigger is None or finding.trigger == expectation.trigger


def _check_finding(expectation: FindingExpected, findings: tuple[Finding, ...]) -> Check:
    matching = tuple(f for f in findings if _selects(expectation, f))
    if not matching:
        near = tuple(f for f in findings if f.rule == expectation.rule)
        return Check(expectation, Outcome.NO_FINDING, near)
    if len(matching) > 1:
        return Check(expectation, Outcome.AMBIGUOUS, matching)
    (finding,) = matching
    differences = []
    if finding.status.value != expectation.status:
        differences.append("status")
    if expectation.due is not None:
        wanted_due = None if expectation.due is False else expectation.due
        if finding.due != wanted_due:
            differences.append("due")
    if expectation.evidence is not None and set(finding.evidence) != set(expectation.evidence):
        differences.append("evidence")
    if not differences:
        return Check(expectation, Outcome.MET, matching)
    outcome = {
        "status": Outcome.WRONG_STATUS,
        "due": Outcome.WRONG_DUE,
        "evidence": Outcome.WRONG_EVIDENCE,
    }[differences[0]]
    return Check(expectation, outcome, matching, tuple(differences))


def rules_beside(scenario: str | os.PathLike[str]) -> Path | None:
    """The folder of rule files a scenario file belongs to: the nearest folder above it
    that holds ``*.rules`` files, or None (then the shipped rules are meant)."""
    for folder in Path(scenario).resolve().parents:
        try:
            if any(p.suffix == ".rules" and p.is_file() for p in folder.iterdir()):
                return folder
        except OSError:
            continue
    return None


class RuleSets:
    """Rule sets loaded once each, by folder (None: the shipped rules)."""

    def __init__(self, chosen: str | os.PathLike[str] | None = None) -> None:
        self.chosen = chosen
        self._loaded: dict[str | None, Decree] = {}
        self.used: dict[str | None, tuple[RuleFile, ...]] = {}
        """The rule files of each rule set loaded, with their SHA-256."""

    def folder_for(self, scenario: str | os.PathLike[str]) -> str | None:
        """The rules ``scenario`` runs against: ``chosen``, else the folder beside it, else
        None (the shipped rules)."""
        if self.chosen is not None:
            return os.fspath(self.chosen)
        beside = rules_beside(scenario)
        return None if beside is None else os.fspath(beside)

    def for_file(self, scenario: str | os.PathLike[str]) -> Decree:
        """The rules to run ``scenario`` against: ``chosen``, else those beside it."""
        key = self.folder_for(scenario)
        if key not in self._loaded:
            from decree_rules.lang.load import load_decree

            decree = load_decree(key)
            self._loaded[key] = decree
            self.used[key] = decree.files
        return self._loaded[key]


def run_paths(
    paths: Iterable[str | os.PathLike[str]], rules: RuleSets, calendar: WorkingCalendar
) -> list[FileResult]:
    """Run every scenario file at ``paths``, each against its rules."""
    results: list[FileResult] = []
    for path in paths:
        if Path(path).is_dir() and not scenario_files([path]):
            results.append(FileResult(os.fspath(path), error=_no_scenarios(path)))
    for path in scenario_files(paths):
        try:
            decree = rules.for_file(path)
        except DecreeRulesError as error:
            folder = rules.folder_for(path) or "the shipped rules"
            results.append(FileResult(os.fspath(path), error=error, bad_rules=folder))
            continue
        results.append(run_file(path, decree, calendar))
    return results


def _no_scenarios(folder: str | os.PathLike[str]) -> InputError:
    """A folder given to run that holds no scenario file: a mistyped path must not pass."""
    return InputError(
        f"no scenario files (*{SCENARIO_SUFFIX}) in this folder or below it",
        Location(os.fspath(folder)),
        code="DR-T011",
        hint="give a folder with scenario files, or the files themselves",
        args={"folder": os.fspath(folder)},
    )
