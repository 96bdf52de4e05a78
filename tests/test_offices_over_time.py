"""The registry over time: offices formed, abolished, renamed or moved under another parent
(issue 13, point 5), as several registry rows of one office with ``from`` and ``until``."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from decree_rules.apps.scenarios.run import run_text
from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.engine.steps import Gap, OfficeBounds, ParentOnDay
from decree_rules.explain.sentences import explanation, sentence
from decree_rules.io.registry import parse_actors, read_actor_text
from decree_rules.lang.load import load_decree
from decree_rules.time.calendars import KazakhCalendar

KARAGANDA = '{"id": "akim.karaganda-region", "role": "akim", "level": "region"}'
ULYTAU = '{"id": "akim.ulytau-region", "role": "akim", "level": "region", "from": "2022-06-08"}'
OLD_ROW = (
    '{"id": "akim.zhezkazgan", "role": "akim", "level": "regional_city", '
    '"parent": "akim.karaganda-region", "until": "2022-06-07", "name": "Zhezkazgan"}'
)
NEW_ROW = (
    '{"id": "akim.zhezkazgan", "role": "akim", "level": "regional_city", '
    '"parent": "akim.ulytau-region", "from": "2022-06-08", "name": "Zhezkazgan city"}'
)
REGISTRY = "\n".join([KARAGANDA, ULYTAU, OLD_ROW, NEW_ROW]) + "\n"


def test_the_rows_of_one_office_are_its_tenures() -> None:
    actors = parse_actors(REGISTRY, filename="actors.jsonl")
    assert [a.id for a in actors] == [
        "akim.karaganda-region",
        "akim.ulytau-region",
        "akim.zhezkazgan",
    ]
    city = actors[-1]
    assert [(t.valid_from, t.valid_until, t.parent) for t in city.tenures] == [
        (None, date(2022, 6, 7), "akim.karaganda-region"),
        (date(2022, 6, 8), None, "akim.ulytau-region"),
    ]
    assert city.parent_on(date(2022, 6, 7)) == "akim.karaganda-region"
    assert city.parent_on(date(2022, 6, 8)) == "akim.ulytau-region"
    assert (city.parent, city.name, city.valid_from, city.valid_until) == (
        "akim.ulytau-region",
        "Zhezkazgan city",
        None,
        None,
    )
    assert city.parents() == ("akim.karaganda-region", "akim.ulytau-region")


def test_rows_in_any_order_and_read_leniently_count_every_row() -> None:
    reordered = "\n".join([KARAGANDA, NEW_ROW, ULYTAU, OLD_ROW]) + "\n"
    strict = parse_actors(reordered, filename="actors.jsonl")
    lenient = read_actor_text(reordered, filename="actors.jsonl", fmt=None, lenient=True)
    assert lenient.records == strict
    assert lenient.rows == 4 and lenient.used_rows == 4 and lenient.rejected == ()
    assert strict[1].tenures[0].valid_until == date(2022, 6, 7)  # sorted by date


def test_a_gap_between_rows_is_days_the_office_did_not_exist() -> None:
    rows = [
        '{"id": "akim.x", "role": "akim", "level": "region", "until": "2019-12-31"}',
        '{"id": "akim.x", "role": "akim", "level": "region", "from": "2021-01-01"}',
    ]
    (office,) = parse_actors("\n".join(rows) + "\n", filename="a.jsonl")
    assert office.exists_on(date(2019, 12, 31)) and office.exists_on(date(2021, 1, 1))
    assert not office.exists_on(date(2020, 6, 1))


@pytest.mark.parametrize(
    ("second", "code", "field", "words"),
    [
        (
            '{"id": "akim.zhezkazgan", "role": "akim", "level": "regional_city", '
            '"parent": "akim.ulytau-region", "from": "2022-06-01"}',
            "DR-I031",
            "id",
            "need 'from' and 'until' dates that do not overlap",
        ),
        (
            '{"id": "akim.zhezkazgan", "role": "akim", "level": "district", '
            '"parent": "akim.ulytau-region", "from": "2022-06-08"}',
            "DR-I065",
            "level",
            "may change its parent and name, not its level (line 3 has 'regional_city', "
            "this row 'district')",
        ),
        (
            '{"id": "akim.zhezkazgan", "role": "akim", "level": "regional_city", '
            '"parent": "akim.ulytau-region"}',
            "DR-I031",
            "id",
            "duplicate id 'akim.zhezkazgan': already used on line 3",
        ),
    ],
)
def test_rows_that_cannot_be_one_office_are_located_errors(
    second: str, code: str, field: str, words: str
) -> None:
    text = "\n".join([KARAGANDA, ULYTAU, OLD_ROW, second]) + "\n"
    with pytest.raises(DecreeRulesError) as caught:
        parse_actors(text, filename="actors.jsonl")
    (found,) = caught.value.diagnostics
    assert (found.code, found.location.line, found.location.field) == (code, 4, field)
    assert words in found.render()


CITY = "office akim.zhezkazgan: akim regional_city"
OFFICES = f"""\
office akim.karaganda-region: akim region
office akim.ulytau-region: akim region, from 2022-06-08
{CITY}, parent akim.karaganda-region, until 2022-06-07
{CITY}, parent akim.ulytau-region, from 2022-06-08
"""


def _findings(scenario: str) -> list:  # type: ignore[type-arg]
    result = run_text(OFFICES + scenario, "t.scenario", load_decree(), KazakhCalendar())
    assert result.error is None, result.error
    assert all(r.passed for r in result.results), [
        (c.expectation, c.outcome) for r in result.results for c in r.checks if not c.passed
    ]
    return [f for r in result.results for c in r.checks for f in c.findings]


def test_the_top_akim_bound_is_the_one_above_on_the_meetings_day() -> None:
    findings = _findings(
        """
scenario "moved"
  as of 2023-12-31
  clauses 13
  event z1: akim.zhezkazgan reporting_meeting at 2022-06-07 10:00
  event z2: akim.zhezkazgan reporting_meeting at 2022-06-08 10:00
  expect clause 13 for akim.karaganda-region triggered by z1: violated
  expect clause 13 for akim.ulytau-region triggered by z2: violated
  expect no other findings
"""
    )
    by_trigger = {f.trigger: f for f in findings}
    step = next(s for s in by_trigger["z2"].steps if isinstance(s, ParentOnDay))
    assert (step.parent, step.since, step.others) == (
        "akim.ulytau-region",
        date(2022, 6, 8),
        ("akim.karaganda-region",),
    )
    assert (
        "on Wed 2022-06-08 the parent of akim.zhezkazgan was akim.ulytau-region "
        "(from 2022-06-08); on other days: akim.karaganda-region"
    ) in explanation(by_trigger["z2"])
    old = next(s for s in by_trigger["z1"].steps if isinstance(s, ParentOnDay))
    assert (old.parent, old.until) == ("akim.karaganda-region", date(2022, 6, 7))


def test_a_parent_that_did_not_exist_binds_no_one() -> None:
    """Before 2022-06-08 no office is above a city whose only row names Ulytau."""
    result = run_text(
        "office akim.ulytau-region: akim region, from 2022-06-08\n"
        "office akim.satpayev: akim regional_city, parent akim.ulytau-region\n"
        """
scenario "parent not yet formed"
  as of 2022-12-31
  clauses 13
  event s1: akim.satpayev reporting_meeting at 2022-03-01 10:00
  event s2: akim.satpayev reporting_meeting at 2022-09-01 10:00
  expect no finding for clause 13 for akim.ulytau-region triggered by s1
  expect clause 13 for akim.ulytau-region triggered by s2: violated
""",
        "t.scenario",
        load_decree(),
        KazakhCalendar(),
    )
    assert result.error is None and all(r.passed for r in result.results)


def test_the_report_says_why_duties_of_a_new_or_abolished_office_are_absent(
    tmp_path: Path,
) -> None:
    actors = tmp_path / "actors.jsonl"
    actors.write_text(REGISTRY, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text(
        '{"id": "e1", "actor": "akim.ulytau-region", "action": "reporting_meeting", '
        '"time": "2023-02-10T10:00:00+06:00"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.json"
    for jobs in ("1", "2"):
        subprocess.run(
            [
                sys.executable, "-m", "decree_rules", "check", "--actors", str(actors),
                "--events", str(events), "--as-of", "2023-12-31", "--format", "json",
                "--output", str(out), "--jobs", jobs,
            ],
            check=False,
            cwd=tmp_path,
        )  # fmt: skip
        report = json.loads(out.read_text(encoding="utf-8"))
        bounds = [w for w in report["warning_steps"] if w["code"] == "office_bounds"]
        assert bounds == [
            {"code": "office_bounds", "args": {"actor": "akim.ulytau-region",
                                               "valid_from": "2022-06-08", "gaps": []}},
        ]  # fmt: skip
        assert (
            "the office akim.ulytau-region exists from 2022-06-08: it owes no duty for a "
            "period or an event on a day it did not exist"
        ) in report["warnings"]
        clause_2 = {f["period"] for f in report["findings"] if f["rule"] == "2"
                    and f["actor"] == "akim.ulytau-region"}  # fmt: skip
        assert clause_2 == {"2023"}
        assert report["actors"] == {"read": 3, "used": 3, "rejected": 0}


def test_a_gap_is_named_in_the_warning() -> None:
    step = OfficeBounds("akim.x", None, None, (Gap(date(2020, 1, 1), date(2020, 12, 31)),))
    assert sentence(step) == (
        "the office akim.x exists but not 2020-01-01 .. 2020-12-31: it owes no duty for a "
        "period or an event on a day it did not exist"
    )
