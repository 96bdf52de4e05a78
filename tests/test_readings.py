"""Readings that depend on other offices or on several events, as rule lines (issue 13,
point 6): clause 9's month from the lower akims' meetings, and conditions met together."""

from __future__ import annotations

from pathlib import Path

from decree_rules.apps.scenarios.run import FileResult, run_text
from decree_rules.engine.offices import trigger_owners
from decree_rules.engine.steps import MetTogether, TermFromBelow
from decree_rules.explain.sentences import explanation
from decree_rules.io.registry import parse_actors
from decree_rules.lang.load import load_decree
from decree_rules.lang.model import Decree
from decree_rules.time.calendars import KazakhCalendar

ROOT = Path(__file__).resolve().parents[1]
DECREE = ROOT / "rules" / "decree.rules"
OWN = "  the term runs from the last meeting of the year of the actor\n"
BELOW = (
    "  the term runs from the last meeting of the year of the actor or of lower_akims under it\n"
)
TOGETHER = "  events may meet the conditions together\n"

OFFICES = """\
office akim.aktobe-region: akim region, tz Asia/Aqtobe
office akim.mugalzhar-district: akim district, parent akim.aktobe-region, tz Asia/Aqtobe
office ministry.finance: central_body_head, body finance
"""


def _rules(tmp_path: Path, *, clause_9: str = OWN, clause_5: str = "") -> Decree:
    """The decree's rules with clause 9's reading line (and clause 5's) as given."""
    text = DECREE.read_text(encoding="utf-8")
    assert text.count(OWN) == 1  # the shipped reading, stated in clause 9
    text = text.replace(OWN, clause_9)
    notice = "  one event serves every meeting of the same year\n"
    text = text.replace(notice, notice + clause_5, 1)
    folder = tmp_path / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "decree.rules").write_text(text, encoding="utf-8")
    return load_decree(folder)


def _run(decree: Decree, scenario: str) -> FileResult:
    result = run_text(OFFICES + scenario, "t.scenario", decree, KazakhCalendar())
    assert result.error is None, result.error
    failed = [
        (c.expectation, c.outcome, [f.status for f in c.findings])
        for r in result.results
        for c in r.checks
        if not c.passed
    ]
    assert failed == []
    return result


BOTH = "presidential_administration and government"
LOWER_LATER = """
scenario "a district meets after its region"
  as of 2025-12-31
  clauses 9
  event r1: akim.aktobe-region reporting_meeting at 2025-02-10 10:00
  event d1: akim.mugalzhar-district reporting_meeting at 2025-03-20 10:00
  event p1: akim.aktobe-region results_reported at 2025-02-17 10:00, to {both}
  event p2: akim.aktobe-region results_reported at 2025-04-10 10:00, to {both}
{expect}
"""


def test_the_shipped_reading_runs_from_the_top_akims_own_meeting(tmp_path: Path) -> None:
    expect = (
        "  expect clause 9 for akim.aktobe-region in 2025: fulfilled, due 2025-03-11, evidence p1"
    )
    _run(load_decree(), LOWER_LATER.format(expect=expect, both=BOTH))
    _run(_rules(tmp_path), LOWER_LATER.format(expect=expect, both=BOTH))


def test_the_other_reading_runs_from_the_lower_akims_later_meeting(tmp_path: Path) -> None:
    """A report on 2025-02-17 does not count: a district met on 2025-03-20; the month runs
    from that meeting, to 2025-04-20 (a Sunday: Monday 2025-04-21)."""
    expect = (
        "  expect clause 9 for akim.aktobe-region in 2025: fulfilled, due 2025-04-21, evidence p2"
    )
    result = _run(_rules(tmp_path, clause_9=BELOW), LOWER_LATER.format(expect=expect, both=BOTH))
    (finding,) = result.results[0].checks[0].findings
    (step,) = [s for s in finding.steps if isinstance(s, TermFromBelow)]
    assert (step.meeting, step.office, step.own, step.later) == (
        "d1",
        "akim.mugalzhar-district",
        "r1",
        True,
    )
    words = explanation(finding)
    assert any("the last meeting of the year of lower_akims under akim.aktobe-region is d1" in w
               for w in words)  # fmt: skip
    assert any("the meeting d1 ended Thu 2025-03-20" in w for w in words)


def test_an_earlier_lower_meeting_leaves_the_term_where_it_was(tmp_path: Path) -> None:
    scenario = f"""
scenario "the district met first"
  as of 2025-12-31
  clauses 9
  event d1: akim.mugalzhar-district reporting_meeting at 2025-01-20 10:00
  event r1: akim.aktobe-region reporting_meeting at 2025-02-10 10:00
  event p1: akim.aktobe-region results_reported at 2025-02-17 10:00, to {BOTH}
  expect clause 9 for akim.aktobe-region in 2025: fulfilled, due 2025-03-11, evidence p1
"""
    result = _run(_rules(tmp_path, clause_9=BELOW), scenario)
    (finding,) = result.results[0].checks[0].findings
    (step,) = [s for s in finding.steps if isinstance(s, TermFromBelow)]
    assert not step.later
    assert "not after r1" in explanation(finding)[3]


def test_a_lower_meeting_is_sent_to_the_partition_of_the_office_above(tmp_path: Path) -> None:
    decree = _rules(tmp_path, clause_9=BELOW)
    actors = parse_actors(
        '{"id": "r", "role": "akim", "level": "region"}\n'
        '{"id": "d", "role": "akim", "level": "district", "parent": "r"}\n',
        filename="a.jsonl",
    )
    owners = trigger_owners(decree, actors)
    assert "r" in owners(actors[1], "reporting_meeting")
    assert "r" not in trigger_owners(load_decree(), actors)(actors[1], "results_reported")


TWO_DAYS = """
scenario "the Administration and the Government on two days"
  as of 2025-12-31
  clauses 9
  event m1: ministry.finance reporting_meeting at 2025-05-15 10:00, videoconference yes
  event a1: ministry.finance results_reported at 2025-06-01 10:00, to presidential_administration
  event g1: ministry.finance results_reported at 2025-06-20 10:00, to government
{expect}
"""


def test_conditions_met_together_are_met_on_the_later_day(tmp_path: Path) -> None:
    decree = _rules(tmp_path, clause_9=OWN + TOGETHER)
    expect = (
        "  expect clause 9 for ministry.finance in 2025: late, due 2025-06-16, evidence a1 and g1"
    )
    result = _run(decree, TWO_DAYS.format(expect=expect))
    (finding,) = result.results[0].checks[0].findings
    (step,) = [s for s in finding.steps if isinstance(s, MetTogether)]
    assert [part.event for part in step.parts] == ["a1", "g1"]
    words = explanation(finding)
    assert any("a1 (Sun 2025-06-01) and g1 (Fri 2025-06-20) met the conditions together" in w
               for w in words)  # fmt: skip
    assert words[-1].startswith("results_reported g1 on Fri 2025-06-20")


def test_without_the_line_a_report_to_each_leaves_the_duty_violated() -> None:
    expect = "  expect clause 9 for ministry.finance in 2025: violated, due 2025-06-16, no evidence"
    _run(load_decree(), TWO_DAYS.format(expect=expect))


def test_one_part_alone_is_not_enough_and_says_why(tmp_path: Path) -> None:
    decree = _rules(tmp_path, clause_9=OWN + TOGETHER)
    scenario = """
scenario "only the Administration"
  as of 2025-12-31
  clauses 9
  event m1: ministry.finance reporting_meeting at 2025-05-15 10:00, videoconference yes
  event a1: ministry.finance results_reported at 2025-06-01 10:00, to presidential_administration
  expect clause 9 for ministry.finance in 2025: violated, due 2025-06-16, no evidence
  expect event a1 unmatched
"""
    result = _run(decree, scenario)
    finding = result.results[0].checks[0].findings[0]
    assert "not_counted" in [s.code for s in finding.steps]


def test_a_schedule_on_the_website_and_in_the_press_on_two_days(tmp_path: Path) -> None:
    decree = _rules(tmp_path, clause_5=TOGETHER)
    scenario = """
scenario "website, then the newspaper"
  as of 2025-12-31
  clauses 5
  event m1: akim.aktobe-region reporting_meeting at 2025-03-20 10:00
  event w1: akim.aktobe-region schedule_published at 2025-03-01 10:00, channels website
  event n1: akim.aktobe-region schedule_published at 2025-03-02 10:00, channels regional_press
  expect clause 5 for akim.aktobe-region triggered by m1: fulfilled, due 2025-03-10,{evidence}
""".format(evidence=" evidence w1 and n1")
    _run(decree, scenario)
    late = scenario.replace("2025-03-02 10:00", "2025-03-12 10:00").replace(
        "fulfilled, due", "late, due"
    )
    _run(decree, late)


CONSOLIDATED = """
scenario "one consolidated report for two rector reports"
  office kaznu.rector: rector
  office enu.rector: rector
  office ministry.education: education_head, body education
  as of 2025-12-31
  clauses 11
  event k1: kaznu.rector results_reported at 2025-10-01 10:00, to education_authority
  event n1: enu.rector results_reported at 2025-10-05 10:00, to education_authority
  event c1: ministry.education results_reported at 2025-10-20 10:00, to {both}
{expect}
"""


NAMES = "  one event serves every open duty it names\n"
FITS = "  one event serves every open duty it fits\n"


def _clause_11(tmp_path: Path, sharing: str) -> Path:
    """A folder of the decree's rules with clause 11's 'one event serves ...' line (the
    shipped one names the reports in 'refs') replaced by ``sharing`` ("": none)."""
    text = DECREE.read_text(encoding="utf-8")
    assert text.count(NAMES) == 1
    folder = tmp_path / (sharing.split()[-1] if sharing else "none")
    folder.mkdir()
    (folder / "decree.rules").write_text(text.replace(NAMES, sharing), encoding="utf-8")
    return folder


NAMED = """
scenario "one consolidated report names two of three rector reports"
  office kaznu.rector: rector
  office enu.rector: rector
  office kaznmu.rector: rector
  office ministry.education: education_head, body education
  as of 2025-12-31
  clauses 11
  event k1: kaznu.rector results_reported at 2025-10-01 10:00, to education_authority
  event n1: enu.rector results_reported at 2025-10-03 10:00, to education_authority
  event m1: kaznmu.rector results_reported at 2025-10-06 10:00, to education_authority
  event c1: ministry.education results_reported at 2025-10-20 10:00, to {both}, refs n1 and m1
  event c2: ministry.education results_reported at 2025-10-22 10:00, to {both}
{expect}
"""


def test_a_consolidated_report_serves_the_rector_reports_it_names(tmp_path: Path) -> None:
    """Clause 11's three readings of c1, which names n1 and m1 in 'refs' (c2, naming none,
    then takes the earliest duty still open): the shipped 'it names' discharges both it
    names; 'it fits' too (c2 has none left, and k1 stays open: c1 does not name it);
    without a line, c1 discharges only the earliest open duty it names, n1."""
    names = (
        "  expect clause 11 for ministry.education triggered by k1: fulfilled, evidence c2\n"
        "  expect clause 11 for ministry.education triggered by n1: fulfilled, evidence c1\n"
        "  expect clause 11 for ministry.education triggered by m1: fulfilled, evidence c1"
    )
    _run(load_decree(), NAMED.format(both=BOTH, expect=names))
    # 'it fits': c1 still serves only what it names; c2 every duty left open, k1 alone.
    _run(load_decree(_clause_11(tmp_path, FITS)), NAMED.format(both=BOTH, expect=names))
    alone = (
        "  expect clause 11 for ministry.education triggered by k1: fulfilled, evidence c2\n"
        "  expect clause 11 for ministry.education triggered by n1: fulfilled, evidence c1\n"
        "  expect clause 11 for ministry.education triggered by m1: violated, no evidence"
    )
    _run(load_decree(_clause_11(tmp_path, "")), NAMED.format(both=BOTH, expect=alone))


def test_one_consolidated_report_serves_every_rector_report_it_fits(tmp_path: Path) -> None:
    """Clause 11 with 'one event serves every open duty it fits': the education head's one
    report discharges the duty of each rector report received before it."""
    folder = _clause_11(tmp_path, FITS)
    both = (
        "  expect clause 11 for ministry.education triggered by k1: fulfilled, evidence c1\n"
        "  expect clause 11 for ministry.education triggered by n1: fulfilled, evidence c1"
    )
    _run(load_decree(folder), CONSOLIDATED.format(both=BOTH, expect=both))
    shipped = (
        "  expect clause 11 for ministry.education triggered by k1: fulfilled, evidence c1\n"
        "  expect clause 11 for ministry.education triggered by n1: violated, no evidence"
    )
    _run(load_decree(), CONSOLIDATED.format(both=BOTH, expect=shipped))


def test_the_words_say_which_reading_a_finding_rests_on() -> None:
    """A meeting before clause 1's window says the rule line counts it; a schedule with
    too little notice says so (the status stays late)."""
    scenario = """
scenario "early meeting, short notice"
  as of 2022-12-31
  clauses 1, 5
  event m1: ministry.finance reporting_meeting at 2022-03-15 11:00, videoconference yes
  event s1: ministry.finance schedule_published at 2022-03-10, channels website and central_press
  expect clause 1 for ministry.finance in 2022: fulfilled, due 2022-06-30, evidence m1
  expect clause 5 for ministry.finance triggered by m1: late, due 2022-03-05, evidence s1
"""
    result = _run(load_decree(), scenario)
    early, notice = (c.findings[0] for c in result.results[0].checks)
    said = explanation(early)
    assert (
        "m1 was held on Tue 2022-03-15, before the window opened on Fri 2022-04-01: the rule "
        "line 'events earlier in the year count' counts it"
    ) in said
    assert explanation(notice)[-1].endswith(
        "after the last day to publish, Sat 2022-03-05: published with insufficient notice: late"
    )
    assert "опубликовано без достаточного предуведомления" in explanation(notice, "ru")[-1]
