"""Scenario files: the format, its errors, the runner's outcomes, the command and the plugin.

Scenario texts here are tiny worlds run against the shipped rules in-process; the command
line is run as a real subprocess a few times, and the pytest plugin through ``pytester``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from decree_rules.apps.scenarios.model import (
    EventLine,
    FindingExpected,
    NoFinding,
    NoOtherFindings,
    OfficeLine,
    Unmatched,
)
from decree_rules.apps.scenarios.parse import parse_scenarios
from decree_rules.apps.scenarios.render import EXPLAINED, results_to_text
from decree_rules.apps.scenarios.run import (
    FileResult,
    Outcome,
    RuleSets,
    run_file,
    run_paths,
    run_text,
)
from decree_rules.core.diagnostics import DecreeRulesError, Diagnostic
from decree_rules.lang.load import load_decree
from decree_rules.lang.model import NoDeadline
from decree_rules.time.calendars import KazakhCalendar

pytest_plugins = ["pytester"]

ROOT = Path(__file__).parents[1]
SHIPPED = ROOT / "rules" / "scenarios"
GOLDEN = ROOT / "tests" / "golden" / "scenarios"
DECREE = load_decree()
CALENDAR = KazakhCalendar()

WORLD = """\
office akim.aktobe-region: akim region, tz Asia/Aqtobe
office akim.mugalzhar-district: akim district, parent akim.aktobe-region, tz Asia/Aqtobe
"""


def run(text: str) -> FileResult:
    return run_text(textwrap.dedent(text), "t.scenario", DECREE, CALENDAR)


def diagnostics(result: FileResult) -> list[Diagnostic]:
    """Every diagnostic of the file and of its scenarios, in order."""
    found = list(result.error.diagnostics) if result.error is not None else []
    for scenario in result.results:
        if scenario.error is not None:
            found.extend(scenario.error.diagnostics)
    return found


def outcomes(text: str) -> list[Outcome]:
    (scenario,) = run(text).results
    assert scenario.error is None, scenario.error.render()
    return [check.outcome for check in scenario.checks]


# ---- the format ---------------------------------------------------------------------


def test_every_kind_of_line_is_read() -> None:
    parsed = parse_scenarios(
        textwrap.dedent(
            """\
            # a comment
            office akim.r: akim region, tz Asia/Aqtobe, name "Ақтөбе облысының әкімі"

            scenario "Every line"
              note "Why it matters"
              as of 2020-12-31 # a comment after a line
              clauses 6, 12.2
              office akim.d: akim district, parent akim.r, from 2016-01-01
              event e1: akim.d reporting_meeting at 2020-02-20 14:00,
                end 2020-02-21T10:00+05:00, participants public_council and deputy_of:akim.r,
                videoconference yes
              event "e 2": akim.d report_posted at 2020-03-02,
                channels website and regional_press, ref e1, period 2020
              expect clause 6 for akim.d in 2020 triggered by e1: late, due 2020-03-02,
                evidence "e 2" and e1
              expect clause 12.2 for akim.d: pending, no due date, no evidence
              expect no finding for clause 6 for akim.r in 2020-Q1 triggered by e1
              expect no finding for clause 6
              expect event e1 unmatched
              expect event "e 2" is unmatched
              expect no other findings
            """
        ),
        "t.scenario",
    )
    (scenario,) = parsed.scenarios
    assert (scenario.title, scenario.notes) == ("Every line", ("Why it matters",))
    assert scenario.as_of is not None and scenario.as_of.text == "2020-12-31"
    assert [value.text for value in scenario.clauses] == ["6", "12.2"]
    shared, own = scenario.offices
    assert isinstance(shared, OfficeLine) and shared.level is not None
    assert (shared.id.text, shared.role.text, shared.level.text) == ("akim.r", "akim", "region")
    assert [(f.name, [v.text for v in f.values]) for f in shared.fields] == [
        ("tz", ["Asia/Aqtobe"]),
        ("name", ["Ақтөбе облысының әкімі"]),
    ]
    assert [f.name for f in own.fields] == ["parent", "from"]
    meeting, report = scenario.events
    assert isinstance(meeting, EventLine)
    assert (meeting.actor.text, meeting.action.text, meeting.time.text) == (
        "akim.d",
        "reporting_meeting",
        "2020-02-20 14:00",
    )
    fields = {f.name: [v.text for v in f.values] for f in meeting.fields}
    assert fields == {
        "end": ["2020-02-21T10:00+05:00"],
        "participants": ["public_council", "deputy_of:akim.r"],
        "videoconference": ["yes"],
    }
    assert report.id.text == "e 2"  # a quoted id may hold a space
    assert list(scenario.expectations) == [
        FindingExpected("6", "akim.d", "late", "2020", "e1", date(2020, 3, 2), ("e 2", "e1")),
        FindingExpected("12.2", "akim.d", "pending", None, None, False, ()),
        NoFinding("6", "akim.r", "2020-Q1", "e1"),
        NoFinding("6"),
        Unmatched("e1"),
        Unmatched("e 2"),
        NoOtherFindings(),
    ]
    expectation = scenario.expectations[0]
    assert isinstance(expectation, FindingExpected)
    assert expectation.span.line == 14  # a line may go on below, indented or not
    assert (expectation.place("actor").line, expectation.place("actor").column) == (14, 23)
    assert expectation.place("evidence:e1").line == 15


def test_offices_before_the_first_scenario_belong_to_every_scenario() -> None:
    parsed = parse_scenarios(
        WORLD + 'scenario "a"\n  as of 2020-12-31\n'
        'scenario "b"\n  as of 2021-12-31\n'
        "  office akim.x: akim rural, parent akim.mugalzhar-district\n",
        "t.scenario",
    )
    a, b = parsed.scenarios
    assert [o.id.text for o in a.offices] == ["akim.aktobe-region", "akim.mugalzhar-district"]
    assert [o.id.text for o in b.offices] == [
        "akim.aktobe-region",
        "akim.mugalzhar-district",
        "akim.x",
    ]


def test_each_block_reports_its_first_syntax_error_as_rule_files_do() -> None:
    text = (
        "office akim.x akim region\n"  # the shared offices: ':' missing
        'scenario "one"\n  as of 2020-12-31\n  expect clause 6 for akim.x: lat\n'
        'scenario "two"\n  as of 2020-12-31\n'  # no error here
        'scenario "three"\n  as of 2020-12-31\n'
        "  event e1: akim.x reporting_meeting 2020-02-20\n"
    )
    with pytest.raises(DecreeRulesError) as caught:
        parse_scenarios(text, "t.scenario")
    found = caught.value.diagnostics
    assert [(d.code, d.location.line, d.location.column) for d in found] == [
        ("DR-S001", 1, 15),
        ("DR-S001", 4, 31),
        ("DR-S001", 9, 38),
    ]
    assert caught.value.render().splitlines()[:8] == [
        "t.scenario:1:15: error: expected ':', found 'akim'",
        "    office akim.x akim region",
        "                  ^^^^",
        "    hint: a valid line looks like: office akim.mugalzhar-district: akim district, "
        "parent akim.aktobe-region, tz Asia/Aqtobe",
        "t.scenario:4:31: error: expected a status: fulfilled, late, violated, pending or "
        "exempt, found 'lat'",
        "      expect clause 6 for akim.x: lat",
        "                                  ^^^",
        "    hint: a valid line looks like: expect clause 6 for akim.aktobe-region in 2020: "
        "late, due 2020-03-02, evidence e2   or   expect no finding for clause 7   or   "
        "expect event e5 unmatched",
    ]
    assert found[2].message == "expected 'at', found '2020-02-20'"


def test_a_syntax_error_after_a_line_break_names_the_word_before_it() -> None:
    with pytest.raises(DecreeRulesError) as caught:
        parse_scenarios('scenario "x"\n  as of\n  clauses 6\n', "t.scenario")
    (found,) = caught.value.diagnostics
    assert (found.location.line, found.hint) == (3, "a valid line looks like: as of 2020-12-31")


# ---- the scenario's own mistakes: every DR-T code, at its line and column -------------

BAD = [
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  expect clause 2 for akim.x: late, due 2020-02-30\n',
        "DR-T001",
        3,
        "2020-02-30",
        id="DR-T001 a due date that does not exist",
    ),
    pytest.param(
        'scenario "s"\n  as of 2021-02-29\n', "DR-T001", 2, "2021", id="DR-T001 an as-of date"
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  as of 2021-12-31\n',
        "DR-T002",
        3,
        "2021",
        id="DR-T002 two as-of dates",
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  office akim.x: akim region, zone Asia/Aqtobe\n',
        "DR-T003",
        3,
        "zone",
        id="DR-T003 an unknown field",
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  office akim.x: akim region\n'
        "  event e1: akim.x report_posted at 2020-03-02, channels website,"
        " channels regional_press\n",
        "DR-T004",
        4,
        "channels",
        id="DR-T004 a field given twice",
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n'
        "  office akim.x: akim region, tz Asia/Aqtobe and Asia/Almaty\n",
        "DR-T005",
        3,
        "Asia/Almaty",
        id="DR-T005 a list for a field of one value",
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  clauses 6, 66\n',
        "DR-T006",
        3,
        "66",
        id="DR-T006 clauses",
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  office akim.x: akim region\n'
        "  expect no finding for clause 12.9 for akim.x\n",
        "DR-T006",
        4,
        "12.9",
        id="DR-T006 an expectation's clause",
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  office akim.x: akim region\n'
        "  expect clause 2 for akim.xx in 2020: late\n",
        "DR-T007",
        4,
        "akim.xx",
        id="DR-T007 an unknown office",
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  clauses 6\n  office akim.x: akim region\n'
        "  expect clause 2 for akim.x: late\n",
        "DR-T008",
        5,
        "2",
        id="DR-T008 a clause outside 'clauses'",
    ),
    pytest.param(
        'scenario "s"\n  as of 2020-12-31\n  office akim.x: akim region\n'
        "  event e1: akim.x reporting_meeting at 2020-02-20\n"
        "  expect clause 2 for akim.x: fulfilled, evidence e1 and e2\n",
        "DR-T009",
        5,
        "e2",
        id="DR-T009 an unknown event",
    ),
    pytest.param('scenario "s"\n  clauses 6\n', "DR-T010", 1, "scenario", id="DR-T010 no as-of"),
]


@pytest.mark.parametrize(("text", "code", "line", "word"), BAD)
def test_each_scenario_mistake_has_its_code_at_its_place(
    text: str, code: str, line: int, word: str
) -> None:
    """The error points at ``word`` (its last place on the line) in line ``line``."""
    (found,) = diagnostics(run(text))
    written = text.splitlines()[line - 1]
    column = written.rindex(word) + 1
    assert (found.code, found.location.line, found.location.column) == (code, line, column)
    assert found.source_line == written


def test_every_mistake_of_a_scenario_is_reported_at_once() -> None:
    result = run(
        'scenario "s"\n  as of 2020-12-31\n  clauses 9, 99\n'
        "  office akim.x: akim region\n"
        "  event r1: akim.x results_reportd at 2019-03-11\n"
        "  expect clause 9 for akim.y: fulfilled, evidence r1\n"
    )
    found = diagnostics(result)
    assert [(d.code, d.location.line) for d in found] == [
        ("DR-T006", 3),
        ("DR-I036", 5),  # the log's own code for an unknown action
        ("DR-T007", 6),
    ]


def test_a_folder_without_scenarios_is_an_error_not_a_pass(tmp_path: Path) -> None:
    (result,) = run_paths([tmp_path], RuleSets(ROOT / "rules"), CALENDAR)
    (found,) = diagnostics(result)
    assert (found.code, found.location.file) == ("DR-T011", os.fspath(tmp_path))


def test_the_unknown_names_of_an_expectation_are_pointed_at() -> None:
    result = run(
        'scenario "s"\n  as of 2020-12-31\n  office akim.x: akim region\n'
        "  event e1: akim.x reporting_meeting at 2020-02-20\n"
        "  expect clause 6 for akim.x triggered by e2: late, evidence e1 and e3\n"
        "  expect event e4 unmatched\n"
    )
    found = diagnostics(result)
    assert [(d.code, d.location.column, d.location.length) for d in found] == [
        ("DR-T009", 43, 2),
        ("DR-T009", 69, 2),
        ("DR-T009", 16, 2),
    ]
    assert found[0].hint == "the scenario's events: e1"


# ---- office and event lines: the registry's and the log's own checks -------------------

FIELD_ERRORS = [
    pytest.param(
        "office akim.x: akimm region",
        "akimm",
        "role",
        "unknown role 'akimm'; expected one of: central_body_head, "
        "anticorruption_head, akim, rector, education_head, government",
        "did you mean 'akim'?",
        id="a misspelt role",
    ),
    pytest.param(
        "office akim.x: akim region, tz Asia/Aqtob",
        "Asia/Aqtob",
        "tz",
        "unknown time zone 'Asia/Aqtob'",
        "did you mean 'Asia/Aqtobe'?",
        id="a misspelt zone",
    ),
    pytest.param(
        "office akim.x: akim",
        "akim",
        "level",
        "missing required field: an akim needs a level",
        "e.g. akim region (the level after the role)",
        id="a missing level, shown at the role",
    ),
    pytest.param(
        "event e1: akim.aktobe-region report_postd at 2020-03-06",
        "report_postd",
        "action",
        "unknown action 'report_postd'; expected one of: reporting_meeting, "
        "schedule_published, report_posted, progress_posted, results_reported, "
        "forms_approved, schedule_approved, problems_posted, measures_agreed",
        "did you mean 'report_posted'?",
        id="a misspelt action",
    ),
    pytest.param(
        "event e1: akim.aktobe-region report_posted at 2020-03-06, channels website and webste",
        "webste",
        "channels",
        "unknown channel 'webste'; expected one of: central_press, regional_press, website",
        "did you mean 'website'?",
        id="a misspelt channel in a list",
    ),
    pytest.param(
        "event e1: akim.aktobe-regoin reporting_meeting at 2020-02-20",
        "akim.aktobe-regoin",
        "actor",
        "unknown actor 'akim.aktobe-regoin' (not in the actor registry)",
        "did you mean 'akim.aktobe-region'?",
        id="a misspelt office",
    ),
    pytest.param(
        "event e1: akim.aktobe-region reporting_meeting at 2020-02-30 14:00",
        "2020-02-30",
        "time",
        "no such date: '2020-02-30' (February 2020 has 29 days)",
        "e.g. at 2024-02-15 or at 2024-02-15T10:00:00+05:00",
        id="a day February does not have",
    ),
    pytest.param(
        "event e1: akim.aktobe-region reporting_meeting at 2020-02-20, participants publc_council",
        "publc_council",
        "participants",
        "unknown participant 'publc_council': expected an actor id "
        "from the registry, deputy_of:<actor id>, or one of: public_council, "
        "national_holdings, government_members",
        "did you mean 'public_council'?",
        id="a misspelt participant",
    ),
]


@pytest.mark.parametrize(("line", "word", "field", "message", "hint"), FIELD_ERRORS)
def test_field_errors_are_the_logs_own_at_their_column(
    line: str, word: str, field: str, message: str, hint: str
) -> None:
    """The registry's and the log's message and did-you-mean, at ``word`` in the line."""
    office = "office akim.aktobe-region: akim region, tz Asia/Aqtobe\n"
    text = f'{office}scenario "s"\n  as of 2020-12-31\n  {line}\n'
    (found,) = diagnostics(run(text))
    where = found.location
    assert (where.file, where.line, where.column) == ("t.scenario", 4, line.rindex(word) + 3)
    assert (where.field, found.message, found.hint) == (field, message, hint)
    assert found.render().startswith(f"t.scenario:4:{where.column}: error: field '{field}': ")


# ---- the runner: how each expectation fares ------------------------------------------

MEETING = """\
scenario "s"
  as of 2020-12-31
  clauses 6
  event e1: akim.mugalzhar-district reporting_meeting at 2020-02-20 14:00
  event e2: akim.mugalzhar-district report_posted at 2020-03-06 14:30, channels website
"""


@pytest.mark.parametrize(
    ("expectation", "outcome"),
    [
        ("clause 6 for akim.mugalzhar-district in 2020: late, due 2020-03-02, evidence e2", "met"),
        ("clause 6 for akim.aktobe-region: late", "no_finding"),
        ("clause 6 for akim.mugalzhar-district: fulfilled", "wrong_status"),
        ("clause 6 for akim.mugalzhar-district: late, due 2020-03-01", "wrong_due"),
        ("clause 6 for akim.mugalzhar-district: late, no due date", "wrong_due"),
        ("clause 6 for akim.mugalzhar-district: late, no evidence", "wrong_evidence"),
        ("no finding for clause 6 for akim.aktobe-region", "met"),
        ("no finding for clause 6 for akim.mugalzhar-district in 2020", "unwanted_finding"),
        ("event e2 unmatched", "event_used"),
        ("no other findings", "other_findings"),
    ],
)
def test_each_outcome_of_an_expectation(expectation: str, outcome: str) -> None:
    assert outcomes(WORLD + MEETING + f"  expect {expectation}\n") == [Outcome(outcome)]


def test_two_findings_matching_one_expectation_is_ambiguous() -> None:
    text = WORLD + textwrap.dedent(
        """\
        scenario "two meetings"
          as of 2020-12-31
          clauses 4
          event e1: akim.mugalzhar-district reporting_meeting at 2020-02-20,
            participants public_council
          event e2: akim.mugalzhar-district reporting_meeting at 2020-03-05,
            participants public_council
          expect clause 4 for akim.mugalzhar-district: fulfilled
          expect clause 4 for akim.mugalzhar-district triggered by e2: fulfilled, due 2020-03-05
        """
    )
    assert outcomes(text) == [Outcome.AMBIGUOUS, Outcome.MET]


def test_findings_nobody_expected_fail_no_other_findings() -> None:
    text = WORLD + MEETING.replace("  clauses 6\n", "  clauses 2, 6\n")
    text += "  expect clause 6 for akim.mugalzhar-district: late\n  expect no other findings\n"
    (result,) = run(text).results
    met, others = result.checks
    assert (met.outcome, others.outcome) == (Outcome.MET, Outcome.OTHER_FINDINGS)
    assert {(f.rule, f.actor) for f in others.findings} == {
        ("2", "akim.aktobe-region"),
        ("2", "akim.mugalzhar-district"),
    }


def test_an_event_used_by_a_clause_outside_clauses_is_named() -> None:
    (result,) = run(WORLD + MEETING + "  expect event e1 unmatched\n").results
    (check,) = result.checks
    assert check.outcome is Outcome.EVENT_USED
    assert {f.rule for f in check.findings} >= {"2", "4", "6"}  # e1 is clause 2's evidence


def test_only_the_first_few_unwanted_findings_are_explained() -> None:
    text = WORLD + 'scenario "s"\n  as of 2020-12-31\n  expect no finding for clause 2\n'
    result = run(text)
    (check,) = result.results[0].checks
    assert len(check.findings) == 10 > EXPLAINED  # 2016-2020, both offices
    listing = results_to_text([result])
    assert f"(the first {EXPLAINED} of 10 are explained)" in listing
    assert listing.count("during quarter 1 of") == EXPLAINED


def test_rules_that_cannot_be_used_are_named(tmp_path: Path) -> None:
    (tmp_path / "bad.rules").write_text('decree "x"\n  counting nothing_known\n', "utf-8")
    (tmp_path / "a.scenario").write_text('scenario "s"\n  as of 2020-12-31\n', "utf-8")
    (result,) = run_paths([tmp_path], RuleSets(), CALENDAR)
    assert result.bad_rules == os.fspath(tmp_path)
    assert results_to_text([result]).splitlines()[1] == (
        f"  ERROR  its rules ({tmp_path}) cannot be used:"
    )


def test_the_failure_listing_is_the_golden_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """What legal staff read when a scenario fails: expected against actual, the finding's
    explanation, and every part that differs (tests/golden/scenarios/late-report.txt)."""
    monkeypatch.chdir(ROOT)
    result = run_file("tests/golden/scenarios/late-report.scenario", DECREE, CALENDAR)
    listing = results_to_text([result])
    golden = GOLDEN / "late-report.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(listing, encoding="utf-8")
    assert listing == golden.read_text(encoding="utf-8")


# ---- the shipped scenarios ----------------------------------------------------------


def test_every_clause_with_a_deadline_has_a_met_and_a_missed_scenario() -> None:
    dated = {
        clause.number
        for clause in DECREE.clauses
        if clause.rule is not None and not isinstance(clause.rule.deadline, NoDeadline)
    }
    statuses: dict[str, set[str]] = {}
    for path in sorted(SHIPPED.glob("*.scenario")):
        for scenario in parse_scenarios(path.read_text("utf-8"), path.name).scenarios:
            for expectation in scenario.expectations:
                if isinstance(expectation, FindingExpected):
                    statuses.setdefault(expectation.rule, set()).add(expectation.status)
    assert len(dated) == 15
    missing = {
        number: sorted(statuses.get(number, set()))
        for number in dated
        if "fulfilled" not in statuses.get(number, set())
        or not statuses.get(number, set()) & {"late", "violated"}
    }
    assert missing == {}


def test_every_shipped_scenario_file_says_what_it_covers() -> None:
    files = sorted(SHIPPED.glob("*.scenario"))
    assert {p.name for p in files} >= {"deadlines.scenario", "example-defects.scenario"}
    for path in files:
        assert path.read_text("utf-8").startswith("# "), path.name


# ---- the command line, as a real process ---------------------------------------------


def _test_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decree_rules", "test", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_passes_on_the_shipped_scenarios(tmp_path: Path) -> None:
    done = _test_command(cwd=tmp_path)  # no PATH: the scenarios beside the shipped rules
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("rules: ")
    assert done.stdout.rstrip().endswith(" passed, 0 failed, 0 errors")
    assert "deadlines.scenario" in done.stdout and "  FAIL" not in done.stdout


def test_the_command_exits_1_on_a_failure_and_writes_json(tmp_path: Path) -> None:
    scenario = GOLDEN / "late-report.scenario"
    done = _test_command(
        str(scenario), "--rules", str(ROOT / "rules"), "--format", "json", cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"passed", "files", "rules", "engine"} and data["passed"] is False
    assert data["engine"].startswith("decree_rules ")
    assert list(data["rules"]) == [str(ROOT / "rules" / "decree.rules")]  # outside the cwd
    (entry,) = data["files"]
    assert set(entry) == {"file", "error", "unusable_rules", "scenarios"}
    (result,) = entry["scenarios"]
    assert (result["line"], result["passed"], result["error"]) == (8, False, None)
    first, second = result["failures"]
    assert (first["line"], first["outcome"], first["differences"]) == (
        13,
        "wrong_status",
        ["status", "due"],
    )
    assert first["findings"] == [
        {
            "rule": "6",
            "actor": "akim.mugalzhar-district",
            "period": "2020",
            "trigger": "e0347",
            "due": "2020-03-02",
            "status": "late",
            "evidence": ["e0352"],
        }
    ]
    assert (second["line"], second["outcome"]) == (14, "event_used")


def test_the_command_exits_2_when_a_file_cannot_be_used(tmp_path: Path) -> None:
    (tmp_path / "bad.scenario").write_text(
        'scenario "s"\n  as of 2020-12-31\n  office akim.x: akimm region\n', "utf-8"
    )
    done = _test_command("bad.scenario", "--rules", str(ROOT / "rules"), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "  ERROR  s  (line 1)" in done.stdout
    assert "bad.scenario:3:18: error: field 'role': unknown role 'akimm'" in done.stdout
    assert done.stdout.rstrip().endswith("0 passed, 0 failed, 1 errors")


# ---- the pytest plugin --------------------------------------------------------------

PASSING = (
    WORLD
    + MEETING
    + ("  expect clause 6 for akim.mugalzhar-district in 2020: late, due 2020-03-02\n")
)
FAILING = MEETING.replace('"s"', '"wrong"') + (
    "  expect clause 6 for akim.mugalzhar-district in 2020: fulfilled, due 2020-03-02\n"
)


def test_the_plugin_makes_each_scenario_a_test(pytester: pytest.Pytester) -> None:
    # Rules in the folder itself: the nearest *.rules above a scenario file are its rules.
    (pytester.path / "decree.rules").write_text(
        (ROOT / "rules" / "decree.rules").read_text("utf-8"), "utf-8"
    )
    pytester.makefile(".scenario", good=PASSING, bad=PASSING + "\n" + FAILING)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*FAIL   wrong  (line *)",
            "*line *: expect clause 6 for akim.mugalzhar-district in 2020: fulfilled, due *",
            "*the status differs",
        ]
    )
    collected = pytester.runpytest(
        "-p", "no:cacheprovider", "--collect-only", "-q", "good.scenario"
    )
    collected.stdout.fnmatch_lines(["good.scenario::s [[]line 3[]]"])


def test_the_plugin_can_be_given_the_rules(pytester: pytest.Pytester) -> None:
    pytester.makefile(".scenario", good=PASSING)
    result = pytester.runpytest("-p", "no:cacheprovider", "--scenario-rules", str(ROOT / "rules"))
    result.assert_outcomes(passed=1)
