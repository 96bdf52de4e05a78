"""The evaluator on small worlds: one behaviour of the decree per test.

Each world is built in code so the test shows every input it depends on. Dates come
from the worked examples of deadlines.md wherever one applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest
from words import warnings_of

from decree_rules.core.periods import Period
from decree_rules.core.vocabulary import Level, Role
from decree_rules.engine.evaluate import (
    Finding,
    Report,
    Status,
    evaluate,
    evaluate_part,
)
from decree_rules.engine.offices import Offices
from decree_rules.explain.sentences import explanation, reason
from decree_rules.io.records import Actor, Event
from decree_rules.lang.load import load_decree
from decree_rules.lang.model import Decree
from decree_rules.time.calendars import FixedCalendar, KazakhCalendar

DECREE = load_decree()
KZ = KazakhCalendar()

REGION = Actor("akim.region", Role.AKIM, Level.REGION, tz="Asia/Aqtobe")
DISTRICT = Actor("akim.district", Role.AKIM, Level.DISTRICT, parent="akim.region")
CITY = Actor("akim.city", Role.AKIM, Level.REGIONAL_CITY, parent="akim.region")
CITY_DISTRICT = Actor("akim.city.d1", Role.AKIM, Level.CITY_DISTRICT, parent="akim.city")
RURAL = Actor("akim.rural", Role.AKIM, Level.RURAL, parent="akim.district")
ALMATY = Actor("akim.almaty", Role.AKIM, Level.REPUBLICAN_CITY)
ALMATY_DISTRICT = Actor("akim.almaty.d1", Role.AKIM, Level.CITY_DISTRICT, parent="akim.almaty")
FINANCE = Actor("ministry.finance", Role.CENTRAL_BODY_HEAD, body="finance")
DEFENCE = Actor("ministry.defence", Role.CENTRAL_BODY_HEAD, body="defence")
EDUCATION = Actor("ministry.education", Role.EDUCATION_HEAD, body="education")
RECTOR = Actor("rector.kaznu", Role.RECTOR)
RECTOR_2 = Actor("rector.enu", Role.RECTOR)
GOVERNMENT = Actor("government", Role.GOVERNMENT)


def ev(
    id: str,
    actor: Actor,
    action: str,
    time: date | datetime | str,
    **fields: Any,
) -> Event:
    """An event; ``time`` and ``end`` may be ISO strings."""
    moment = _moment(time)
    if "end" in fields and isinstance(fields["end"], str):
        fields["end"] = _moment(fields["end"])
    if "period" in fields and isinstance(fields["period"], str):
        fields["period"] = Period.parse(fields["period"])
    for key in ("channels", "to", "participants"):
        if key in fields:
            fields[key] = tuple(fields[key])
    return Event(id, actor.id, action, moment, **fields)


def _moment(value: date | datetime | str) -> date | datetime:
    if not isinstance(value, str):
        return value
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def run(
    actors: Iterable[Actor],
    events: Iterable[Event],
    as_of: str,
    decree: Decree = DECREE,
    calendar: Any = KZ,
) -> Report:
    return evaluate(decree, actors, events, date.fromisoformat(as_of), calendar=calendar)


def find(report: Report, rule: str, actor: str, key: str | None = None) -> Finding:
    """The one finding of ``rule`` for ``actor`` with period or trigger ``key``."""
    chosen = [
        f
        for f in report.findings
        if f.rule == rule and f.actor == actor and key in (None, f.period, f.trigger)
    ]
    assert len(chosen) == 1, [(f.rule, f.actor, f.period, f.trigger) for f in chosen]
    return chosen[0]


def explained(finding: Finding) -> str:
    return "\n".join(explanation(finding))


def assert_every_event_accounted_for(report: Report, events: Iterable[Event]) -> None:
    used = {e for f in report.findings for e in f.evidence}
    used |= {f.trigger for f in report.findings if f.trigger}
    unmatched = {u.id for u in report.unmatched_events}
    ids = {e.id for e in events}
    assert used | unmatched == ids
    assert not used & unmatched


# ---- worked examples of deadlines.md, through the evaluator --------------------------


def test_clause_6_report_on_the_transferred_day_off_example() -> None:
    meeting = ev("m", REGION, "reporting_meeting", "2018-02-26", end="2018-02-27")
    posted = ev("p", REGION, "report_posted", "2018-03-12", channels=["website"], ref="m")
    report = run([REGION], [meeting, posted], "2018-12-31")
    finding = find(report, "6", REGION.id, "2018")
    assert finding.due == date(2018, 3, 12)
    assert finding.status is Status.FULFILLED
    assert finding.trigger == "m" and finding.evidence == ("p",)
    text = explained(finding)
    assert "+10 calendar days = Fri 2018-03-09" in text
    assert "moved by the Government from Sat 2018-03-03" in text
    assert "due Mon 2018-03-12, the next working day (Civil Code art. 175, shift_forward)" in text


def test_clause_6_a_day_later_is_late() -> None:
    meeting = ev("m", REGION, "reporting_meeting", "2018-02-27")
    posted = ev("p", REGION, "report_posted", "2018-03-13", channels=["website"])
    finding = find(run([REGION], [meeting, posted], "2018-12-31"), "6", REGION.id)
    assert finding.status is Status.LATE
    assert explanation(finding)[-1].endswith("1 day after the due date: late")


def test_clause_6_nauryz_example() -> None:
    meeting = ev("m", REGION, "reporting_meeting", "2024-03-11")
    report = run([REGION], [meeting], "2024-12-31")
    finding = find(report, "6", REGION.id)
    assert finding.due == date(2024, 3, 26)
    assert finding.status is Status.VIOLATED


def test_clause_7_q4_due_in_january_example() -> None:
    meeting = ev("m", REGION, "reporting_meeting", "2020-11-03")
    progress = ev("q", REGION, "progress_posted", "2021-01-11", channels=["website"])
    report = run([REGION], [meeting, progress], "2021-01-31")
    finding = find(report, "7", REGION.id, "2020-Q4")
    assert finding.due == date(2021, 1, 11)
    assert finding.status is Status.FULFILLED
    assert finding.evidence == ("q",)
    # 2021-Q1 has begun by as-of and is not yet due.
    assert find(report, "7", REGION.id, "2021-Q1").status is Status.PENDING


def test_clause_9_one_month_from_31_january_is_29_february() -> None:
    meeting = ev("m", REGION, "reporting_meeting", "2016-01-31")
    results = ev(
        "r",
        REGION,
        "results_reported",
        "2016-02-29",
        to=["presidential_administration", "government"],
    )
    finding = find(run([REGION], [meeting, results], "2016-12-31"), "9", REGION.id)
    assert finding.due == date(2016, 2, 29)
    assert finding.status is Status.FULFILLED


def test_clause_12_2_schedule_approved_by_15_january_2023() -> None:
    approved = ev("s", GOVERNMENT, "schedule_approved", "2023-01-16", period="2023")
    report = run([GOVERNMENT], [approved], "2023-02-01")
    finding = find(report, "12.2", GOVERNMENT.id, "2023")
    assert finding.due == date(2023, 1, 16)
    assert finding.status is Status.FULFILLED
    assert find(report, "12.2", GOVERNMENT.id, "2016").status is Status.VIOLATED


@pytest.mark.parametrize(
    ("published", "status"),
    [("2016-01-01", Status.FULFILLED), ("2016-01-02", Status.LATE), ("2016-01-11", Status.LATE)],
)
def test_clause_5_notice_stays_on_the_new_year_holiday(published: str, status: Status) -> None:
    meeting = ev("m", REGION, "reporting_meeting", "2016-01-11")
    schedule = ev(
        "s", REGION, "schedule_published", published, channels=["website", "regional_press"]
    )
    finding = find(run([REGION], [meeting, schedule], "2016-12-31"), "5", REGION.id, "m")
    assert finding.due == date(2016, 1, 1)
    assert finding.status is status
    assert "never moved" in explained(finding)


def test_clause_5_a_december_schedule_counts_when_it_names_the_year() -> None:
    meeting = ev("m", REGION, "reporting_meeting", "2017-01-20")
    schedule = ev(
        "s",
        REGION,
        "schedule_published",
        "2016-12-28",
        channels=["website", "central_press"],
        period="2017",
    )
    plain = ev(
        "t", REGION, "schedule_published", "2016-12-29", channels=["website", "central_press"]
    )
    report = run([REGION], [meeting, schedule, plain], "2017-12-31")
    assert find(report, "5", REGION.id, "m").status is Status.FULFILLED
    reasons = {u.id: reason(u) for u in report.unmatched_events}
    assert "announces meetings of 2016" in reasons["t"]


def test_clause_5_one_schedule_serves_the_meetings_of_its_year() -> None:
    schedule = ev(
        "s", REGION, "schedule_published", "2019-01-05", channels=["website", "central_press"]
    )
    first = ev("m1", REGION, "reporting_meeting", "2019-02-01")
    second = ev("m2", REGION, "reporting_meeting", "2019-10-01")
    report = run([REGION], [schedule, first, second], "2019-12-31")
    assert find(report, "5", REGION.id, "m1").evidence == ("s",)
    assert find(report, "5", REGION.id, "m2").evidence == ("s",)


def test_clause_5_needs_both_website_and_press() -> None:
    meeting = ev("m", REGION, "reporting_meeting", "2019-02-01")
    schedule = ev("s", REGION, "schedule_published", "2019-01-05", channels=["website"])
    report = run([REGION], [meeting, schedule], "2019-12-31")
    finding = find(report, "5", REGION.id, "m")
    assert finding.status is Status.VIOLATED
    assert "s on Sat 2019-01-05 was not counted" in explained(finding)
    assert [u.id for u in report.unmatched_events] == ["s"]


def test_utc_evening_counts_by_the_local_day_of_the_actor() -> None:
    aqtobe = Actor("akim.a", Role.AKIM, Level.RURAL, tz="Asia/Aqtobe")
    almaty = Actor("akim.b", Role.AKIM, Level.RURAL, tz="Asia/Almaty")
    instant = datetime(2023, 12, 31, 18, 30, tzinfo=UTC)
    events = [
        ev("a", aqtobe, "reporting_meeting", instant),
        ev("b", almaty, "reporting_meeting", instant),
    ]
    report = run([aqtobe, almaty], events, "2024-12-31")
    assert find(report, "2", "akim.a", "2023").status is Status.LATE
    assert find(report, "2", "akim.a", "2024").status is Status.VIOLATED
    assert find(report, "2", "akim.b", "2023").status is Status.VIOLATED
    assert find(report, "2", "akim.b", "2024").status is Status.FULFILLED


@pytest.mark.parametrize(
    ("posted", "status"),
    [
        ("2018-03-12T23:59:00+06:00", Status.FULFILLED),
        ("2018-03-12T17:59:00Z", Status.FULFILLED),
        ("2018-03-13T00:01:00+06:00", Status.LATE),
        ("2018-03-12T18:01:00Z", Status.LATE),
        ("2018-03-12T23:59:00", Status.FULFILLED),
    ],
)
def test_an_action_may_be_done_until_midnight_local_time(posted: str, status: Status) -> None:
    almaty_region = Actor("akim.r", Role.AKIM, Level.REGION, tz="Asia/Almaty")
    meeting = ev("m", almaty_region, "reporting_meeting", "2018-02-27")
    post = ev("p", almaty_region, "report_posted", posted, channels=["website"])
    finding = find(run([almaty_region], [meeting, post], "2018-12-31"), "6", "akim.r")
    assert finding.status is status


# ---- windows (clauses 1-3) -------------------------------------------------------------


def test_clause_1_needs_the_video_link_and_exempts_defence() -> None:
    events = [
        ev("f", FINANCE, "reporting_meeting", "2019-05-15"),
        ev("d", DEFENCE, "reporting_meeting", "2019-05-16"),
    ]
    report = run([FINANCE, DEFENCE], events, "2019-12-31")
    finance = find(report, "1", FINANCE.id, "2019")
    assert finance.status is Status.VIOLATED
    assert "the clause needs an event with a video link" in explained(finance)
    defence = find(report, "1", DEFENCE.id, "2019")
    assert defence.status is Status.EXEMPT and defence.due is None
    assert "excepts body 'defence'" in explained(defence)


@pytest.mark.parametrize(
    ("held", "status"),
    [
        ("2019-04-01", Status.FULFILLED),
        ("2019-06-30", Status.FULFILLED),
        ("2019-07-01", Status.LATE),
        ("2019-03-31", Status.FULFILLED),
    ],
)
def test_clause_1_window_is_the_second_quarter(held: str, status: Status) -> None:
    meeting = ev("f", FINANCE, "reporting_meeting", held, videoconference=True)
    finding = find(run([FINANCE], [meeting], "2019-12-31"), "1", FINANCE.id, "2019")
    assert finding.due == date(2019, 6, 30)
    assert finding.status is status


def test_a_window_is_pending_until_it_closes() -> None:
    finding = find(run([RURAL], [], "2020-03-31"), "2", RURAL.id, "2020")
    assert finding.status is Status.PENDING
    assert find(run([RURAL], [], "2020-04-01"), "2", RURAL.id, "2020").status is Status.VIOLATED


def test_a_meeting_of_another_year_does_not_count_for_a_window() -> None:
    meeting = ev("m", RURAL, "reporting_meeting", "2019-02-01", period="2019")
    report = run([RURAL], [meeting], "2020-12-31")
    assert find(report, "2", RURAL.id, "2019").status is Status.FULFILLED
    assert find(report, "2", RURAL.id, "2020").status is Status.VIOLATED


def test_a_multi_day_meeting_is_in_the_window_by_its_start_day() -> None:
    meeting = ev("m", RECTOR, "reporting_meeting", "2019-09-30", end="2019-10-02")
    finding = find(run([RECTOR], [meeting], "2019-12-31"), "3", RECTOR.id, "2019")
    assert finding.status is Status.FULFILLED


# ---- who owes what ---------------------------------------------------------------------


def test_rural_and_city_district_akims_owe_only_clause_2() -> None:
    events = [
        ev("r", RURAL, "reporting_meeting", "2019-02-01"),
        ev("c", CITY_DISTRICT, "reporting_meeting", "2019-02-02"),
    ]
    report = run([REGION, DISTRICT, CITY, CITY_DISTRICT, RURAL], events, "2019-12-31")
    rules = {f.rule for f in report.findings if f.actor in (RURAL.id, CITY_DISTRICT.id)}
    assert rules == {"2"}


@pytest.mark.parametrize(
    ("akim", "top"),
    [(DISTRICT, REGION), (CITY, REGION), (CITY_DISTRICT, REGION), (ALMATY_DISTRICT, ALMATY)],
)
def test_clause_13_binds_the_nearest_top_akim(akim: Actor, top: Actor) -> None:
    actors = [REGION, DISTRICT, CITY, CITY_DISTRICT, ALMATY, ALMATY_DISTRICT]
    meeting = ev("m", akim, "reporting_meeting", "2019-02-01", participants=[f"deputy_of:{top.id}"])
    finding = find(run(actors, [meeting], "2019-12-31"), "13", top.id, "m")
    assert finding.status is Status.FULFILLED
    assert finding.evidence == ("m",)


def test_clause_13_without_the_top_akim_or_a_deputy_is_violated() -> None:
    meeting = ev("m", CITY_DISTRICT, "reporting_meeting", "2019-02-01", participants=[CITY.id])
    finding = find(run([REGION, CITY, CITY_DISTRICT], [meeting], "2019-12-31"), "13", REGION.id)
    assert finding.status is Status.VIOLATED
    assert "do not include akim.region or deputy_of:akim.region" in explained(finding)


def test_clause_13_without_a_parent_is_a_warning_not_a_silent_gap() -> None:
    orphan = Actor("akim.orphan", Role.AKIM, Level.DISTRICT)
    meeting = ev("m", orphan, "reporting_meeting", "2019-02-01")
    report = run([orphan], [meeting], "2019-12-31")
    assert any("no office of top_akims above it" in w for w in warnings_of(report))


def test_participation_duties_of_clauses_4_12_3_and_12_4() -> None:
    head = ev("h", FINANCE, "reporting_meeting", "2019-05-15", participants=["public_council"])
    top = ev("t", REGION, "reporting_meeting", "2019-02-01", participants=["government_members"])
    report = run([FINANCE, REGION, GOVERNMENT], [head, top], "2019-12-31")
    assert find(report, "4", FINANCE.id, "h").status is Status.FULFILLED
    assert find(report, "4", REGION.id, "t").status is Status.VIOLATED
    assert find(report, "12.3", GOVERNMENT.id, "h").status is Status.VIOLATED
    assert find(report, "12.4", GOVERNMENT.id, "t").status is Status.FULFILLED


# ---- last meeting of the year, references, periods ----------------------------------------


def test_clause_6_counts_from_the_last_meeting_of_the_year() -> None:
    events = [
        ev("m1", REGION, "reporting_meeting", "2019-02-01"),
        ev("p1", REGION, "report_posted", "2019-02-05", channels=["website"], ref="m1"),
        ev("m2", REGION, "reporting_meeting", "2019-10-01"),
        ev("p2", REGION, "report_posted", "2019-10-08", channels=["website"]),
    ]
    report = run([REGION], events, "2019-12-31")
    finding = find(report, "6", REGION.id, "2019")
    assert finding.trigger == "m2" and finding.evidence == ("p2",)
    assert finding.status is Status.FULFILLED
    reasons = {u.id: reason(u) for u in report.unmatched_events}
    assert "before the reporting_meeting m2" in reasons["p1"]
    assert_every_event_accounted_for(report, events)


def test_a_ref_limits_what_an_event_can_discharge() -> None:
    events = [
        ev("m18", FINANCE, "reporting_meeting", "2018-05-15"),
        ev("m19", FINANCE, "reporting_meeting", "2019-05-15"),
        ev("p", FINANCE, "report_posted", "2019-05-20", channels=["website"], ref="m19"),
    ]
    report = run([FINANCE], events, "2019-12-31")
    assert find(report, "6", FINANCE.id, "2018").status is Status.VIOLATED
    assert find(report, "6", FINANCE.id, "2019").status is Status.FULFILLED


def test_without_ref_or_period_the_earliest_open_duty_is_discharged() -> None:
    events = [
        ev("m18", FINANCE, "reporting_meeting", "2018-05-15"),
        ev("m19", FINANCE, "reporting_meeting", "2019-05-15"),
        ev("p", FINANCE, "report_posted", "2019-05-20", channels=["website"]),
    ]
    report = run([FINANCE], events, "2019-12-31")
    assert find(report, "6", FINANCE.id, "2018").status is Status.LATE
    assert find(report, "6", FINANCE.id, "2019").status is Status.VIOLATED


def test_clause_7_period_chooses_the_quarter() -> None:
    events = [
        ev("m", FINANCE, "reporting_meeting", "2019-05-15"),
        ev("q3", FINANCE, "progress_posted", "2019-10-02", channels=["website"], period="2019-Q3"),
    ]
    report = run([FINANCE], events, "2019-12-31")
    assert find(report, "7", FINANCE.id, "2019-Q2").status is Status.VIOLATED
    assert find(report, "7", FINANCE.id, "2019-Q3").status is Status.FULFILLED
    assert find(report, "7", FINANCE.id, "2019-Q4").status is Status.PENDING
    assert not [f for f in report.findings if f.rule == "7" and f.period == "2019-Q1"]


def test_clause_11_one_duty_per_rector_report() -> None:
    events = [
        ev("r1", RECTOR, "results_reported", "2019-10-10", to=["education_authority"]),
        ev("r2", RECTOR_2, "results_reported", "2019-10-20", to=["education_authority"]),
        ev("x", RECTOR_2, "results_reported", "2019-10-21", to=["government"]),
        ev(
            "e2",
            EDUCATION,
            "results_reported",
            "2019-11-01",
            to=["presidential_administration", "government"],
            ref="r2",
        ),
        ev(
            "e1",
            EDUCATION,
            "results_reported",
            "2019-11-15",
            to=["presidential_administration", "government"],
        ),
    ]
    report = run([RECTOR, RECTOR_2, EDUCATION], events, "2019-12-31")
    first = find(report, "11", EDUCATION.id, "r1")
    assert first.due == date(2019, 11, 11)
    assert first.status is Status.LATE and first.evidence == ("e1",)
    assert find(report, "11", EDUCATION.id, "r2").evidence == ("e2",)
    assert [u.id for u in report.unmatched_events] == ["x"]


# ---- time limits of duties ------------------------------------------------------------------


def test_an_office_created_mid_year_owes_nothing_before() -> None:
    region = Actor("akim.ulytau", Role.AKIM, Level.REGION, valid_from=date(2022, 6, 8))
    meeting = ev("m", region, "reporting_meeting", "2022-09-01")
    report = run([region], [meeting], "2023-01-31")
    assert not [f for f in report.findings if f.rule == "2" and f.period == "2022"]
    quarters = sorted(f.period or "" for f in report.findings if f.rule == "7")
    assert quarters == ["2022-Q3", "2022-Q4", "2023-Q1"]


def test_events_before_an_office_existed_are_unmatched() -> None:
    region = Actor("akim.ulytau", Role.AKIM, Level.REGION, valid_from=date(2022, 6, 8))
    meeting = ev("m", region, "reporting_meeting", "2022-02-01")
    report = run([region], [meeting], "2022-12-31")
    assert "did not exist on Tue 2022-02-01" in reason(report.unmatched_events[0])


def test_nothing_is_owed_before_entry_into_force() -> None:
    meeting = ev("m", RURAL, "reporting_meeting", "2015-03-01")
    report = run([RURAL], [meeting], "2015-12-31")
    assert report.findings == ()
    assert "before the decree entered into force" in reason(report.unmatched_events[0])


def test_a_notice_due_before_entry_into_force_is_exempt() -> None:
    """deadlines.md rule 9: the notice for a meeting on 2016-01-05 would be due 2015-12-26,
    before the law: exempt, with the arithmetic and the reason; one due 2016-01-01 is owed."""
    early = ev("m1", REGION, "reporting_meeting", "2016-01-05")
    owed = ev("m2", ALMATY, "reporting_meeting", "2016-01-11")
    report = run([REGION, ALMATY], [early, owed], "2016-12-31")
    exempt = find(report, "5", REGION.id, "m1")
    assert (exempt.status, exempt.due, exempt.evidence) == (Status.EXEMPT, None, ())
    assert [s.code for s in exempt.steps][-2:] == ["notice_unshifted", "due_before_in_force"]
    assert explanation(exempt)[-1] == (
        "the last day, Sat 2015-12-26, is before the decree entered into force on "
        "Fri 2016-01-01: no duty was owed before the law: exempt"
    )
    on_the_day = find(report, "5", ALMATY.id, "m2")
    assert (on_the_day.status, on_the_day.due) == (Status.VIOLATED, date(2016, 1, 1))


def test_events_after_as_of_are_not_used() -> None:
    meeting = ev("m", RURAL, "reporting_meeting", "2020-03-02")
    report = run([RURAL], [meeting], "2020-03-01")
    assert find(report, "2", RURAL.id, "2020").status is Status.PENDING
    assert reason(report.unmatched_events[0]).startswith("after as-of")


def test_undated_duties_stay_pending() -> None:
    report = run([GOVERNMENT], [ev("f", GOVERNMENT, "forms_approved", "2025-01-10")], "2025-12-31")
    assert find(report, "12.1", GOVERNMENT.id).status is Status.FULFILLED
    assert find(report, "12.5", GOVERNMENT.id, "2025").status is Status.PENDING
    assert find(report, "12.5", GOVERNMENT.id, "2025").due is None


def test_unmatched_reason_names_who_could_owe_it() -> None:
    post = ev("p", RURAL, "report_posted", "2020-03-02", channels=["website"])
    report = run([RURAL], [post], "2020-12-31")
    assert reason(report.unmatched_events[0]).startswith(
        "no clause asks a rural akim (akim.rural) for report_posted"
    )


def test_a_plugged_in_calendar_is_used() -> None:
    # A made-up holiday on the raw due day moves the deadline by one day.
    calendar = FixedCalendar(days_off={date(2019, 2, 11): "a public holiday (Test Day)"})
    meeting = ev("m", REGION, "reporting_meeting", "2019-02-01")
    report = run([REGION], [meeting], "2019-12-31", calendar=calendar)
    finding = find(report, "6", REGION.id)
    assert finding.due == date(2019, 2, 12)
    assert "Test Day" in explained(finding)
    assert report.calendar == "fixed calendar"


def test_evaluation_is_pure_and_repeatable() -> None:
    events = [ev("m", REGION, "reporting_meeting", "2019-02-01")]
    assert run([REGION], events, "2019-12-31") == run([REGION], events, "2019-12-31")


def test_unmatched_reason_when_the_office_owes_the_clause_but_has_no_duty() -> None:
    post = ev("p", FINANCE, "report_posted", "2019-06-02", channels=["website"])
    report = run([FINANCE], [post], "2019-12-31")
    assert reason(report.unmatched_events[0]) == (
        "clause 6: ministry.finance has no duty it could discharge (its duties are created by "
        "reporting_meeting events, and none created one)"
    )


def test_offices_indexed_once_serve_every_part_and_refuse_another_decree() -> None:
    registry = (REGION, DISTRICT, RURAL, FINANCE, GOVERNMENT)
    log = [(0, ev("m1", DISTRICT, "reporting_meeting", "2024-03-12"))]
    offices = Offices(DECREE, registry)
    shared = [
        evaluate_part(DECREE, registry, log, date(2024, 12, 31), KZ, offices=offices)
        for _ in range(2)
    ]
    fresh = evaluate_part(DECREE, registry, log, date(2024, 12, 31), KZ)
    assert shared[0].findings == shared[1].findings == fresh.findings
    assert fresh.findings  # the meeting creates duties: the comparison is not of nothing
    other = attrs.evolve(DECREE)  # equal, but not the decree the offices were indexed for
    with pytest.raises(ValueError, match="another decree"):
        evaluate_part(other, registry, log, date(2024, 12, 31), KZ, offices=offices)
