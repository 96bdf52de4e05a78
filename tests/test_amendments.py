"""The law over time: acts that amend, add and repeal clauses from a date (issue 13).

The illustrative amendment of ``examples/amended/rules`` (not a real act) is checked by its
scenarios (``examples/amended/rules/scenarios``, collected by pytest); these tests check
the model (:meth:`Decree.at`), the one-line transitional reading, repeals, the steps a
finding of a changed clause carries, and that the shipped rules' findings are untouched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from decree_rules.apps.scenarios.run import FileResult, run_text
from decree_rules.engine.steps import DueBeforeText, TextApplied
from decree_rules.explain.sentences import explanation
from decree_rules.lang.format import format_decree
from decree_rules.lang.load import load_decree, parse_rules
from decree_rules.lang.model import ChangeKind, Decree, Straddle, clause_versions
from decree_rules.time.calendars import KazakhCalendar

ROOT = Path(__file__).resolve().parents[1]
AMENDED = ROOT / "examples" / "amended" / "rules"
DECREE = ROOT / "rules" / "decree.rules"
AMENDMENT = AMENDED / "amendment-2018.rules"
CALENDAR = KazakhCalendar()

OFFICES = """\
office ministry.finance: central_body_head, body finance, tz Asia/Almaty
office akim.aktobe-region: akim region, tz Asia/Aqtobe
office government: government
"""


def _rules_folder(tmp_path: Path, amendment: str) -> Path:
    """A rules folder: the decree's own rules and ``amendment``."""
    folder = tmp_path / "rules"
    folder.mkdir(parents=True)
    shutil.copy(DECREE, folder / "decree.rules")
    (folder / "amendment.rules").write_text(amendment, encoding="utf-8")
    return folder


def _run(decree: Decree, scenarios: str) -> FileResult:
    return run_text(OFFICES + scenarios, "t.scenario", decree, CALENDAR)


def _failures(result: FileResult) -> list[str]:
    assert result.error is None, result.error
    return [s.scenario.title for s in result.results if not s.passed]


# ---- the model --------------------------------------------------------------------------


def test_the_text_in_force_on_a_day() -> None:
    decree = load_decree(AMENDED)
    assert decree.amended and not load_decree().amended
    assert "10 days" in decree.at(date(2018, 1, 10)).clause("5").title
    assert "one month" in decree.at(date(2018, 1, 11)).clause("5").title
    assert "live stream" not in decree.at(date(2018, 6, 30)).clause("1").title
    assert "live stream" in decree.at(date(2018, 7, 1)).clause("1").title
    # Before the entry into force: the text as adopted; one text per clause on any day.
    before = decree.at(date(2015, 6, 1))
    assert "10 days" in before.clause("5").title
    for day in (date(2015, 6, 1), date(2018, 3, 1), date(2030, 1, 1)):
        numbers = [clause.number for clause in decree.at(day).clauses]
        assert len(numbers) == len(set(numbers)) == 21
    assert all(c.change is None for c in decree.at(date(2019, 1, 1)).clauses)


def test_each_text_of_a_clause_has_its_days() -> None:
    versions = clause_versions(load_decree(AMENDED))
    five = versions["5"]
    assert [(v.valid_from, v.valid_until) for v in five] == [
        (date(2016, 1, 1), date(2018, 1, 11)),
        (date(2018, 1, 11), None),
    ]
    assert five[0].act is None and five[1].act is not None
    assert five[1].act.number == "ILLUSTRATIVE-1" and five[1].straddle is Straddle.FIRST_DAY
    assert [v.valid_from for v in versions["1"]] == [date(2016, 1, 1), date(2018, 7, 1)]
    assert len(versions["6"]) == 1


def test_the_formatter_keeps_acts_and_changes() -> None:
    decree = load_decree(AMENDED)
    again = parse_rules(format_decree(decree))
    assert again == decree and again.acts == decree.acts


def test_the_amended_rules_lint_clean() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "decree_rules", "lint", str(AMENDED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors, 0 warnings" in done.stderr


# ---- which text a duty follows --------------------------------------------------------

NO_STREAM_2018 = """
scenario "2018 without a stream"
  as of 2018-12-31
  clauses 1
  event m5: ministry.finance reporting_meeting at 2018-05-15 10:00, videoconference yes
  expect clause 1 for ministry.finance in 2018: {status}, due 2018-06-30
"""


def test_the_transitional_reading_is_one_line(tmp_path: Path) -> None:
    """'on its first day' (the act's line): 2018 follows the old text; 'on its last day':
    the new one, and a meeting without the stream no longer discharges it."""
    text = AMENDMENT.read_text(encoding="utf-8")
    assert "follows the text in force on its first day" in text
    first = load_decree(_rules_folder(tmp_path / "a", text))
    assert _failures(_run(first, NO_STREAM_2018.format(status="fulfilled"))) == []
    last_text = text.replace("on its first day", "on its last day", 1)
    last = load_decree(_rules_folder(tmp_path / "b", last_text))
    assert clause_versions(last)["1"][1].straddle is Straddle.LAST_DAY
    assert _failures(_run(last, NO_STREAM_2018.format(status="violated"))) == []


def test_a_finding_names_the_text_it_was_made_under() -> None:
    decree = load_decree(AMENDED)
    result = _run(
        decree,
        """
scenario "two meetings, two texts"
  as of 2018-12-31
  clauses 5
  event m1: akim.aktobe-region reporting_meeting at 2018-01-05 10:00
  event m2: akim.aktobe-region reporting_meeting at 2018-06-05 10:00
  expect clause 5 for akim.aktobe-region triggered by m1: violated, due 2017-12-26
  expect clause 5 for akim.aktobe-region triggered by m2: violated, due 2018-05-05
""",
    )
    assert _failures(result) == []
    findings = {f.trigger: f for c in result.results[0].checks for f in c.findings}
    old, new = (
        next(s for s in findings[t].steps if isinstance(s, TextApplied)) for t in ("m1", "m2")
    )
    assert old.act is None and old.valid_from == date(2016, 1, 1)
    assert old.valid_until == date(2018, 1, 11)
    assert (new.act, new.act_number, new.act_dated) == (
        "amendment_2018",
        "ILLUSTRATIVE-1",
        date(2017, 12, 20),
    )
    words = explanation(findings["m2"])
    assert "as amended by act amendment_2018 (No. ILLUSTRATIVE-1 of 2017-12-20)" in words[1]
    assert "as the decree adopted it" in explanation(findings["m1"])[1]
    assert new.to_json()["cites"] == [{"law": "amendment_2018", "clause": "5"}]


def test_a_duty_due_before_its_text_applied_is_exempt() -> None:
    """A meeting on 2018-01-20 under the one-month text: notice due 2017-12-20, before the
    text applied on 2018-01-11."""
    result = _run(
        load_decree(AMENDED),
        """
scenario "notice before the text"
  as of 2018-12-31
  clauses 5
  event m2: akim.aktobe-region reporting_meeting at 2018-01-20 10:00
  expect clause 5 for akim.aktobe-region triggered by m2: exempt, no due date, no evidence
""",
    )
    assert _failures(result) == []
    ((finding,),) = [c.findings for c in result.results[0].checks]
    step = finding.steps[-1]
    assert isinstance(step, DueBeforeText)
    assert (step.due, step.valid_from, step.act) == (
        date(2017, 12, 20),
        date(2018, 1, 11),
        "amendment_2018",
    )
    assert "before this text of clause 5 applied" in explanation(finding)[-1]


def test_no_notice_is_owed_before_the_decree() -> None:
    """A meeting on 2016-01-05: clause 5's notice day 2015-12-26 is before 2016-01-01."""
    result = _run(
        load_decree(),
        """
scenario "before the law"
  as of 2016-12-31
  clauses 5
  event m1: akim.aktobe-region reporting_meeting at 2016-01-05 10:00
  expect clause 5 for akim.aktobe-region triggered by m1: exempt, no due date, no evidence
""",
    )
    assert _failures(result) == []
    ((finding,),) = [c.findings for c in result.results[0].checks]
    assert finding.steps[-1].code == "due_before_in_force"


def test_the_texts_of_a_clause_share_its_events(tmp_path: Path) -> None:
    """Clause 7 amended from 2018-04-01 (by day 15): one post without a period discharges
    one quarter's duty, of whichever text, never two."""
    amendment = ACT + (
        'clause 7 "Progress posted by the 15th"\n'
        "  amended by a1 from 2018-04-01\n"
        '  text en "by the 15th"\n'
        "  every quarter from the quarter of the first reporting_meeting\n"
        "  heads, executive_akims must do progress_posted on website\n"
        "  by day 15 of the month after the quarter\n"
    )
    decree = load_decree(_rules_folder(tmp_path, amendment))
    result = _run(
        decree,
        """
scenario "one post, one duty"
  as of 2018-09-30
  clauses 7
  event m1: akim.aktobe-region reporting_meeting at 2018-02-01 10:00
  event p1: akim.aktobe-region progress_posted at 2018-04-05 10:00, channels website
  event p2: akim.aktobe-region progress_posted at 2018-07-14 10:00, channels website
  expect clause 7 for akim.aktobe-region in 2018-Q1: fulfilled, due 2018-04-10, evidence p1
  expect clause 7 for akim.aktobe-region in 2018-Q2: fulfilled, due 2018-07-16, evidence p2
  expect clause 7 for akim.aktobe-region in 2018-Q3: pending, due 2018-10-15, no evidence
  expect no other findings
""",
    )
    assert _failures(result) == []


# ---- repeal ---------------------------------------------------------------------------

ACT = 'act a1 "An act"\n  number "1"\n  dated 2017-12-01\n  enters into force on 2018-01-01\n'


def test_a_repealed_clause_owes_nothing_after_and_its_duties_before_survive(
    tmp_path: Path,
) -> None:
    amendment = ACT + 'clause 12.2 "Schedule approved"\n  repealed by a1 from 2020-01-01\n'
    decree = load_decree(_rules_folder(tmp_path, amendment))
    assert [v.clause.change.kind for v in clause_versions(decree)["12.2"] if v.clause.change] == [
        ChangeKind.REPEALED
    ]
    assert all(c.number != "12.2" for c in decree.at(date(2020, 1, 1)).clauses)
    result = _run(
        decree,
        """
scenario "repealed from 2020"
  as of 2021-12-31
  clauses 12.2
  expect clause 12.2 for government in 2019: violated, due 2019-01-15
  expect no finding for clause 12.2 for government in 2020
  expect no finding for clause 12.2 for government in 2021
""",
    )
    assert _failures(result) == []


def test_repealing_the_whole_decree(tmp_path: Path) -> None:
    amendment = ACT + "  repeals the decree from 2021-01-01\n"
    decree = load_decree(_rules_folder(tmp_path, amendment))
    assert decree.at(date(2021, 1, 1)).clauses == ()
    assert len(decree.at(date(2020, 12, 31)).clauses) == 21
    result = _run(
        decree,
        """
scenario "the decree repealed"
  as of 2022-12-31
  clauses 2
  event m1: akim.aktobe-region reporting_meeting at 2020-02-10 10:00
  event m2: akim.aktobe-region reporting_meeting at 2021-02-10 10:00
  expect clause 2 for akim.aktobe-region in 2020: fulfilled, evidence m1
  expect no finding for clause 2 for akim.aktobe-region in 2021
  expect no finding for clause 2 for akim.aktobe-region in 2022
""",
    )
    assert _failures(result) == []


# ---- the shipped rules are untouched ---------------------------------------------------


def test_the_shipped_rules_carry_no_text_step(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "decree_rules",
            "check",
            "--actors",
            str(ROOT / "examples" / "actors.jsonl"),
            "--events",
            str(ROOT / "examples" / "events.jsonl"),
            "--as-of",
            "2025-12-31",
            "--format",
            "json",
            "--output",
            str(out),
        ],
        check=False,
        cwd=tmp_path,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    codes = {step["code"] for f in report["findings"] for step in f["steps"]}
    assert "text_applied" not in codes and "due_before_text" not in codes
    assert report["summary"]["late"] == 11 and report["summary"]["violated"] == 10
