#!/usr/bin/env python3
"""Generate the example actor registry and event log shipped with decree_rules.

    python examples/generate.py            # writes actors.jsonl, actors.csv, events.jsonl
    python examples/generate.py --keys     # also prints the labelled events (defects and
                                           # edge cases) with their ids, for README.md

Deterministic: one ``random.Random(SEED)``, no clock, no host zone data. Re-running it
reproduces byte-identical files. Standard library only.

The world and every deliberate defect are described in ``README.md`` beside this file.
Compliant behaviour is drawn at random inside safe margins (a report 2-9 days after a
meeting, a schedule 12-25 days before it, progress between the 2nd and the 9th of the next
month), so it never depends on the holiday calendar; the defects and edge cases are fixed
dates, chosen against the Kazakh working-day calendar and listed in README.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

SEED = 20160101
FIRST_YEAR = 2016  # clause 15: in force from 1 January 2016
LAST_YEAR = 2025  # README.md uses --as-of 2025-12-31
HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------

ACTOR_FIELDS = ("id", "role", "level", "body", "parent", "tz", "from", "until", "name")

REGION = "akim.aktobe-region"
ACTORS: list[dict[str, str]] = [
    {
        "id": "government",
        "role": "government",
        "tz": "Asia/Almaty",
        "name": "Қазақстан Республикасының Үкіметі (Government of the Republic of Kazakhstan)",
    },
    {
        "id": "ministry.defence",
        "role": "central_body_head",
        "body": "defence",
        "tz": "Asia/Almaty",
        "name": "Minister of Defence of the Republic of Kazakhstan",
    },
    {
        "id": "ministry.finance",
        "role": "central_body_head",
        "body": "finance",
        "tz": "Asia/Almaty",
        "name": "Minister of Finance of the Republic of Kazakhstan",
    },
    {
        "id": "ministry.education",
        "role": "education_head",
        "body": "education",
        "tz": "Asia/Almaty",
        "name": "Minister of Education and Science of the Republic of Kazakhstan",
    },
    {
        "id": "agency.anticorruption",
        "role": "anticorruption_head",
        "body": "anticorruption",
        "tz": "Asia/Almaty",
        "name": "Chairman of the Agency for Civil Service Affairs and Anti-Corruption",
    },
    # The two rectors carry no tz: they exercise the default zone (Asia/Almaty).
    {
        "id": "rector.kaznu",
        "role": "rector",
        "name": "Rector, al-Farabi Kazakh National University (Almaty)",
    },
    {
        "id": "rector.enu",
        "role": "rector",
        "name": "Rector, L. N. Gumilyov Eurasian National University (Astana)",
    },
    {
        "id": "akim.astana",
        "role": "akim",
        "level": "capital",
        "tz": "Asia/Almaty",
        "name": "Астана қаласының әкімі",
    },
    {
        "id": REGION,
        "role": "akim",
        "level": "region",
        "tz": "Asia/Aqtobe",
        "name": "Ақтөбе облысының әкімі",
    },
    {
        "id": "akim.kargaly-district",
        "role": "akim",
        "level": "district",
        "parent": REGION,
        "tz": "Asia/Aqtobe",
        "name": "Қарғалы ауданының әкімі",
    },
    {
        "id": "akim.mugalzhar-district",
        "role": "akim",
        "level": "district",
        "parent": REGION,
        "tz": "Asia/Aqtobe",
        "name": "Мұғалжар ауданының әкімі",
    },
    {
        "id": "akim.aktobe-city",
        "role": "akim",
        "level": "regional_city",
        "parent": REGION,
        "tz": "Asia/Aqtobe",
        "name": "Ақтөбе қаласының әкімі",
    },
    {
        "id": "akim.aktobe-city.astana-district",
        "role": "akim",
        "level": "city_district",
        "parent": "akim.aktobe-city",
        "tz": "Asia/Aqtobe",
        "from": "2018-05-01",
        "name": "Ақтөбе қаласы Астана ауданының әкімі",
    },
    {
        "id": "akim.kargaly-district.bador",
        "role": "akim",
        "level": "rural",
        "parent": "akim.kargaly-district",
        "tz": "Asia/Aqtobe",
        "name": "Akim of Bador rural okrug, Kargaly district",
    },
    {
        "id": "akim.mugalzhar-district.embi",
        "role": "akim",
        "level": "rural",
        "parent": "akim.mugalzhar-district",
        "tz": "Asia/Aqtobe",
        "name": "Ембі қаласының әкімі",
    },
    {
        "id": "akim.mugalzhar-district.kumzhargan",
        "role": "akim",
        "level": "rural",
        "parent": "akim.mugalzhar-district",
        "tz": "Asia/Aqtobe",
        "until": "2021-12-31",
        "name": "Құмжарған ауылдық округінің әкімі",
    },
]
ACTOR_BY_ID = {actor["id"]: actor for actor in ACTORS}

HEADS = ("ministry.defence", "ministry.finance", "ministry.education", "agency.anticorruption")
RECTORS = ("rector.kaznu", "rector.enu")
TOP_AKIMS = ("akim.astana", REGION)
DISTRICT_LEVEL = ("akim.kargaly-district", "akim.mugalzhar-district", "akim.aktobe-city")
EXECUTIVE_AKIMS = TOP_AKIMS + DISTRICT_LEVEL
MINOR_AKIMS = (
    "akim.aktobe-city.astana-district",
    "akim.kargaly-district.bador",
    "akim.mugalzhar-district.embi",
    "akim.mugalzhar-district.kumzhargan",
)

# --------------------------------------------------------------------------------------
# Local time, without the host's zone data
# --------------------------------------------------------------------------------------

ALMATY_TO_UTC5 = datetime(2024, 3, 1)  # Almaty/Astana: UTC+6 until 2024-03-01 00:00, then +5


def utc_offset_hours(tz: str, local: datetime) -> int:
    """UTC offset of ``local`` (a naive local date-time) in the two zones used here."""
    if tz == "Asia/Aqtobe":
        return 5
    if tz == "Asia/Almaty":
        return 6 if local < ALMATY_TO_UTC5 else 5
    raise ValueError(tz)


def tz_of(actor: str) -> str:
    return ACTOR_BY_ID[actor].get("tz", "Asia/Almaty")


# Fixed-date public holidays, only to keep random meetings off obvious days off. Deadlines
# never depend on this list: compliant actions keep a margin that no shift can eat.
FIXED_HOLIDAYS = {
    (1, 1),
    (1, 2),
    (1, 7),
    (3, 8),
    (3, 21),
    (3, 22),
    (3, 23),
    (5, 1),
    (5, 7),
    (5, 9),
    (7, 6),
    (8, 30),
    (10, 25),
    (12, 1),
    (12, 16),
    (12, 17),
}


def is_workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


# --------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------

FORMS = ("date", "offset", "naive", "z")


@dataclass
class Ev:
    """One planned event; ``day``/``at`` are the actor's local day and time."""

    key: str
    actor: str
    action: str
    day: date
    at: time
    form: str
    end_day: date | None = None
    end_at: time | None = None
    ref: str | None = None  # key of the referenced event
    period: str | None = None
    channels: list[str] | None = None
    to: list[str] | None = None
    participants: list[str] | None = None
    videoconference: bool | None = None
    label: str | None = None  # deliberate defect or edge case (printed by --keys)
    id: str = field(default="")

    def utc(self) -> datetime:
        local = datetime.combine(self.day, self.at)
        return local - timedelta(hours=utc_offset_hours(tz_of(self.actor), local))

    def render_moment(self, day: date, at: time) -> str:
        local = datetime.combine(day, at)
        if self.form == "date":
            return day.isoformat()
        if self.form == "naive":
            return local.isoformat(timespec="seconds")
        hours = utc_offset_hours(tz_of(self.actor), local)
        if self.form == "offset":
            return local.isoformat(timespec="seconds") + f"+{hours:02d}:00"
        return (local - timedelta(hours=hours)).isoformat(timespec="seconds") + "Z"

    def record(self, ids: dict[str, str]) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "actor": self.actor,
            "action": self.action,
            "time": self.render_moment(self.day, self.at),
        }
        if self.end_day is not None:
            out["end"] = self.render_moment(self.end_day, self.end_at or time(17, 0))
        if self.ref is not None:
            out["ref"] = ids[self.ref]
        if self.period is not None:
            out["period"] = self.period
        if self.channels is not None:
            out["channels"] = self.channels
        if self.to is not None:
            out["to"] = self.to
        if self.participants is not None:
            out["participants"] = self.participants
        if self.videoconference is not None:
            out["videoconference"] = self.videoconference
        return out


class Log:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.events: list[Ev] = []
        self.keys: set[str] = set()

    # ---- random helpers -------------------------------------------------------------

    def day_between(self, lo: date, hi: date) -> date:
        """A random working day in [lo, hi] (lo itself when there is none)."""
        days = [lo + timedelta(n) for n in range((hi - lo).days + 1)]
        working = [d for d in days if is_workday(d)]
        return self.rng.choice(working) if working else lo

    def office_time(self) -> time:
        return time(self.rng.randint(9, 17), self.rng.choice((0, 15, 30, 45)))

    def form(self, meeting: bool = False) -> str:
        weights = (20, 35, 25, 20) if meeting else (45, 20, 20, 15)
        return self.rng.choices(FORMS, weights)[0]

    # ---- adding ---------------------------------------------------------------------

    def add(
        self,
        key: str,
        actor: str,
        action: str,
        day: date,
        *,
        at: time | None = None,
        form: str | None = None,
        **fields: object,
    ) -> str:
        if key in self.keys:
            raise ValueError(f"duplicate key {key}")
        self.keys.add(key)
        meeting = action == "reporting_meeting"
        ev = Ev(
            key=key,
            actor=actor,
            action=action,
            day=day,
            at=at if at is not None else self.office_time(),
            form=form if form is not None else self.form(meeting),
            **fields,
        )  # type: ignore[arg-type]
        self.events.append(ev)
        return key


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def first_day_after_quarter(year: int, quarter: int) -> date:
    return date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)


# --------------------------------------------------------------------------------------
# Deliberate defects and edge cases (each one is documented in README.md)
# --------------------------------------------------------------------------------------

HEAD_MEETING_DAY = {
    ("ministry.finance", 2017): date(2017, 5, 19),  # report at 23:59 local on the due day
    ("ministry.finance", 2019): date(2019, 5, 15),  # schedule with 5 days' notice
    ("ministry.finance", 2021): date(2021, 7, 14),  # held in Q3: clause 1 late
    ("agency.anticorruption", 2019): date(2019, 5, 24),  # report 18:30Z = next local day
}
RECTOR_MEETING_DAY = {
    ("rector.enu", 2020): date(2020, 9, 25),  # report posted late
    ("rector.kaznu", 2022): date(2022, 9, 16),  # education head late on its results
    ("rector.enu", 2025): date(2025, 9, 26),  # results to the ministry late (December)
}
# (actor, year) -> list of (start, end or None)
AKIM_MEETINGS = {
    ("akim.astana", 2016): [(date(2016, 1, 11), None)],  # notice edge: schedule on 01-01
    (REGION, 2016): [(date(2016, 1, 29), date(2016, 1, 31))],  # clause 9 due 2016-02-29
    (REGION, 2019): [(date(2019, 2, 8), None)],  # results to the Government only, then late
    ("akim.kargaly-district", 2018): [(date(2018, 2, 26), date(2018, 2, 27))],
    ("akim.mugalzhar-district", 2020): [(date(2020, 2, 20), None)],  # report late
    ("akim.aktobe-city", 2024): [(date(2024, 3, 11), None)],  # Nauryz: due 2024-03-26
    ("akim.astana", 2025): [(date(2025, 2, 13), None)],  # report 18:30Z on the due day
}
NO_MEETING = {("akim.kargaly-district", 2021)}
REGION_TWO_MEETINGS = {2017, 2020, 2024}
MISSING_PROGRESS = {("akim.aktobe-city", 2019, 3)}
# progress posts whose local day (and time, form) is fixed: (actor, year, quarter)
PROGRESS_FIXED = {
    ("ministry.education", 2022, 1): (
        date(2022, 4, 15),
        time(11, 0),
        "date",
        "progress for 2022-Q1 posted late",
    ),
    (REGION, 2023, 4): (
        date(2023, 12, 31),
        time(23, 30),
        "z",
        "2023-12-31T18:30:00Z in Asia/Aqtobe: local 2023-12-31",
    ),
    ("akim.mugalzhar-district", 2020, 4): (
        date(2021, 1, 11),
        time(10, 0),
        "date",
        "progress for 2020-Q4 on its due day Mon 2021-01-11",
    ),
    (REGION, 2025, 4): (date(2026, 1, 8), time(9, 0), "z", "after as-of"),
}
# progress posts may omit `period` (earliest open quarter) only for actors with no gap
PROGRESS_PERIOD_OPTIONAL = {"ministry.defence", "akim.mugalzhar-district"}
GOV_SCHEDULE_DAY = {
    2016: date(2016, 1, 13),
    2020: date(2020, 1, 24),  # late: due Wed 2020-01-15
    2023: date(2023, 1, 16),  # 15 January is a Sunday: due Mon 2023-01-16
    2026: date(2026, 1, 9),  # after as-of
}
HEADS_REF_OPTIONAL = {"ministry.defence", "agency.anticorruption"}
# education head's clause 11 reports without `ref` in these years (earliest open duty)
EDU_NO_REF_YEARS = {2017, 2019, 2024}


# --------------------------------------------------------------------------------------
# Behaviour, year by year
# --------------------------------------------------------------------------------------


def head_year(log: Log, actor: str, year: int) -> None:
    rng = log.rng
    k = f"{actor}/{year}"
    day = HEAD_MEETING_DAY.get((actor, year)) or log.day_between(
        date(year, 4, 12), date(year, 6, 19)
    )

    # clause 5: schedule on the website and in the central press, 12-25 days ahead
    channels = ["website", "central_press"]
    if rng.random() < 0.25:
        channels.append("regional_press")
    label = None
    sched_day = log.day_between(day - timedelta(25), day - timedelta(12))
    if (actor, year) == ("ministry.finance", 2019):
        sched_day, label = date(2019, 5, 10), "schedule published 5 days before the meeting"
    if (actor, year) == ("ministry.defence", 2022):
        channels, label = ["website"], "schedule on the website only (no press)"
    log.add(f"{k}/schedule", actor, "schedule_published", sched_day, channels=channels, label=label)

    # clauses 1, 4, 12.3: the meeting
    participants = ["public_council", "national_holdings"]
    video: bool | None = True
    label = None
    if actor == "ministry.defence" and rng.random() < 0.3:
        video = False  # no video link; Defence is exempt from clause 1 anyway
    if (actor, year) == ("agency.anticorruption", 2017):
        video, label = None, "meeting without videoconference (the only one that year)"
    if (actor, year) == ("ministry.finance", 2021):
        label = "meeting held in Q3 (2021-07-14)"
    if (actor, year) == ("ministry.finance", 2024):
        participants, label = ["public_council"], "meeting without national_holdings"
    if (actor, year) == ("ministry.finance", 2017):
        label = "meeting 2017-05-19; its report is posted 23:59 local on the due day"
    if (actor, year) == ("agency.anticorruption", 2019):
        label = "meeting 2019-05-24; its report is posted 18:30Z on the due day"
    meeting = log.add(
        f"{k}/meeting",
        actor,
        "reporting_meeting",
        day,
        participants=participants,
        videoconference=video,
        label=label,
    )

    # clause 6: report on the website, 2-9 days after
    at = form = label = None
    rday = log.day_between(day + timedelta(2), day + timedelta(9))
    if (actor, year) == ("ministry.finance", 2017):
        rday, at, form = date(2017, 5, 29), time(23, 59), "naive"
        label = "report 2017-05-29T23:59:00 local, the last minute of the due day"
    if (actor, year) == ("agency.anticorruption", 2019):
        rday, at, form = date(2019, 6, 4), time(0, 30), "z"
        label = "report 2019-06-03T18:30:00Z = 2019-06-04 00:30 in Almaty"
    log.add(
        f"{k}/report",
        actor,
        "report_posted",
        rday,
        at=at,
        form=form,
        channels=["website"],
        ref=meeting,
        label=label,
    )
    if (actor, year) == ("ministry.finance", 2018):
        log.add(
            f"{k}/report-again",
            actor,
            "report_posted",
            rday + timedelta(3),
            channels=["website"],
            ref=meeting,
            label="second report for the same meeting",
        )

    # clause 9: results to the Administration and the Government within a month
    to = ["presidential_administration", "government"]
    label = None
    if (actor, year) == ("ministry.finance", 2023):
        to, label = ["government"], "results sent to the Government only"
    # `ref` is left out now and then (the evaluator takes the earliest open duty), only by
    # heads that never miss a clause 9 report, so no gap can swallow the event
    ref = meeting if actor not in HEADS_REF_OPTIONAL or rng.random() < 0.8 else None
    log.add(
        f"{k}/results",
        actor,
        "results_reported",
        log.day_between(day + timedelta(8), day + timedelta(26)),
        to=to,
        ref=ref,
        label=label,
    )


def rector_year(log: Log, actor: str, year: int) -> str:
    """A rector's year; returns the key of its report to the education authority."""
    k = f"{actor}/{year}"
    day = RECTOR_MEETING_DAY.get((actor, year)) or log.day_between(
        date(year, 9, 2), date(year, 9, 26)
    )
    meeting = log.add(f"{k}/meeting", actor, "reporting_meeting", day)

    rday = log.day_between(day + timedelta(2), day + timedelta(9))
    label = None
    if (actor, year) == ("rector.enu", 2020):
        rday, label = date(2020, 10, 9), "report posted late (due Mon 2020-10-05)"
    log.add(
        f"{k}/report", actor, "report_posted", rday, channels=["website"], ref=meeting, label=label
    )

    sday = log.day_between(day + timedelta(6), day + timedelta(24))
    label = None
    if (actor, year) == ("rector.kaznu", 2022):
        sday, label = date(2022, 10, 5), "results to the ministry; the ministry is late on them"
    if (actor, year) == ("rector.enu", 2025):
        sday, label = date(2025, 12, 5), "results to the ministry late (due 2025-10-28)"
    return log.add(
        f"{k}/results",
        actor,
        "results_reported",
        sday,
        to=["education_authority"],
        ref=meeting,
        label=label,
    )


def education_on_rectors(log: Log, year: int, rector_results: list[str]) -> None:
    """Clause 11: the education head passes each rector's results on within a month."""
    by_key = {ev.key: ev for ev in log.events}
    reports = sorted((by_key[key] for key in rector_results), key=lambda ev: ev.day)
    last = date(year, 1, 1)
    for report in reports:
        day = max(report.day + timedelta(4), last + timedelta(1))
        day = log.day_between(day, day + timedelta(7))
        at = form = label = None
        if report.key == "rector.kaznu/2022/results":
            day, label = date(2022, 11, 18), "late on KazNU's results (due Mon 2022-11-07)"
        if report.key == "rector.enu/2025/results":
            day, at, form = date(2026, 1, 5), time(10, 0), "offset"
            label = "after as-of: passes on ENU's December results"
        ref = None if year in EDU_NO_REF_YEARS else report.key
        log.add(
            f"ministry.education/{year}/on-{report.actor}",
            "ministry.education",
            "results_reported",
            day,
            at=at,
            form=form,
            to=["presidential_administration", "government"],
            ref=ref,
            label=label,
        )
        last = day


def akim_participants(log: Log, actor: str, year: int) -> list[str]:
    rng = log.rng
    if actor in TOP_AKIMS:
        out = ["public_council", "government_members", "national_holdings"]
        if rng.random() < 0.3:
            out.append("ministry.finance")
        return out
    top = REGION if rng.random() < 0.5 else f"deputy_of:{REGION}"
    return ["public_council", top]


def exec_akim_year(log: Log, actor: str, year: int) -> None:
    rng = log.rng
    k = f"{actor}/{year}"
    if (actor, year) in NO_MEETING:
        return
    meetings = AKIM_MEETINGS.get((actor, year))
    if meetings is None:
        start = log.day_between(date(year, 1, 22), date(year, 3, 6))
        end = None
        if actor == REGION and rng.random() < 0.5:
            end = start + timedelta(1)
        meetings = [(start, end)]
        if actor == REGION and year in REGION_TWO_MEETINGS:
            second = log.day_between((end or start) + timedelta(7), (end or start) + timedelta(14))
            meetings.append((second, None))

    first = meetings[0][0]
    label = None
    sched_day = log.day_between(max(date(year, 1, 3), first - timedelta(25)), first - timedelta(12))
    at = form = None
    if (actor, year) == ("akim.astana", 2016):
        sched_day, at, form = date(2016, 1, 1), time(12, 0), "date"
        label = "schedule on 2016-01-01 (a holiday) for the meeting of 2016-01-11"
    log.add(
        f"{k}/schedule",
        actor,
        "schedule_published",
        sched_day,
        at=at,
        form=form,
        channels=["website", "regional_press"],
        label=label,
    )

    keys = []
    for n, (start, end) in enumerate(meetings, 1):
        participants = akim_participants(log, actor, year)
        label = None
        if (actor, year) == ("akim.aktobe-city", 2017):
            participants.remove("public_council")
            label = "meeting without public_council"
        if (actor, year) == ("akim.mugalzhar-district", 2019):
            participants, label = ["public_council"], "meeting without the region akim or deputy"
        if (actor, year) == ("akim.astana", 2021):
            participants.remove("government_members")
            label = "meeting without government_members"
        if (actor, year) in AKIM_MEETINGS:
            label = label or f"meeting {start}" + (f" .. {end}" if end else "")
        at = time(10, 0) if end else None
        keys.append(
            log.add(
                f"{k}/meeting{n}",
                actor,
                "reporting_meeting",
                start,
                at=at,
                end_day=end,
                end_at=time(17, 0) if end else None,
                participants=participants,
                label=label,
            )
        )
    last_end = meetings[-1][1] or meetings[-1][0]

    rday = log.day_between(last_end + timedelta(2), last_end + timedelta(9))
    at = form = label = None
    special = {
        ("akim.kargaly-district", 2018): (
            date(2018, 3, 12),
            "report on Mon 2018-03-12, the shifted due day",
        ),
        ("akim.mugalzhar-district", 2020): (
            date(2020, 3, 6),
            "report posted late (due Mon 2020-03-02)",
        ),
        ("akim.aktobe-city", 2024): (
            date(2024, 3, 26),
            "report on Tue 2024-03-26, the shifted due day",
        ),
        ("akim.astana", 2025): (
            date(2025, 2, 24),
            "report 2025-02-24T18:30:00Z = 23:30 local (UTC+5)",
        ),
    }
    if (actor, year) in special:
        rday, label = special[(actor, year)]
        if (actor, year) == ("akim.astana", 2025):
            at, form = time(23, 30), "z"
    log.add(
        f"{k}/report",
        actor,
        "report_posted",
        rday,
        at=at,
        form=form,
        channels=["website"],
        ref=keys[-1],
        label=label,
    )

    if actor in TOP_AKIMS:
        to = ["presidential_administration", "government"]
        sday = log.day_between(last_end + timedelta(8), last_end + timedelta(26))
        label = None
        if (actor, year) == (REGION, 2016):
            sday, label = date(2016, 2, 29), "results on 2016-02-29, one month from 2016-01-31"
        if (actor, year) == (REGION, 2019):
            log.add(
                f"{k}/results-gov-only",
                actor,
                "results_reported",
                date(2019, 2, 20),
                to=["government"],
                ref=keys[-1],
                label="results to the Government only",
            )
            sday, label = date(2019, 3, 20), "results to both, late (due Mon 2019-03-11)"
        log.add(f"{k}/results", actor, "results_reported", sday, to=to, ref=keys[-1], label=label)


def minor_akim_year(log: Log, actor: str, year: int) -> None:
    rng = log.rng
    record = ACTOR_BY_ID[actor]
    if "from" in record and date(year, 1, 1) < date.fromisoformat(record["from"]):
        return
    if "until" in record and date(year, 3, 31) > date.fromisoformat(record["until"]):
        return
    day = log.day_between(date(year, 1, 25), date(year, 3, 20))
    label = None
    participants: list[str] | None = None
    if actor == "akim.aktobe-city.astana-district":
        top = REGION if rng.random() < 0.5 else f"deputy_of:{REGION}"
        participants = [top, "akim.aktobe-city"]
        if year == 2023:
            participants, label = ["akim.aktobe-city"], "meeting with the city akim only"
    elif rng.random() < 0.5:
        participants = [record["parent"]]
    if (actor, year) == ("akim.kargaly-district.bador", 2022):
        day, label = date(2022, 4, 14), "meeting held in Q2 (2022-04-14)"
    meeting = log.add(
        f"{actor}/{year}/meeting",
        actor,
        "reporting_meeting",
        day,
        participants=participants,
        label=label,
    )
    if (actor, year) == ("akim.mugalzhar-district.embi", 2024):
        log.add(
            f"{actor}/{year}/report",
            actor,
            "report_posted",
            day + timedelta(5),
            channels=["website"],
            ref=meeting,
            label="report by a rural akim (no duty)",
        )


def progress(log: Log, actor: str, first: tuple[int, int]) -> None:
    """Clause 7: quarterly progress from the quarter of the first meeting."""
    rng = log.rng
    year, quarter = first
    while (year, quarter) <= (LAST_YEAR, 4):
        period = f"{year}-Q{quarter}"
        fixed = PROGRESS_FIXED.get((actor, year, quarter))
        if (actor, year, quarter) in MISSING_PROGRESS:
            pass
        elif fixed is not None:
            day, at, form, label = fixed
            log.add(
                f"{actor}/{period}/progress",
                actor,
                "progress_posted",
                day,
                at=at,
                form=form,
                channels=["website"],
                period=period,
                label=label,
            )
        elif (year, quarter) != (LAST_YEAR, 4):  # 2025-Q4 is due in January 2026: pending
            start = first_day_after_quarter(year, quarter)
            day = log.day_between(start + timedelta(1), start + timedelta(8))
            keep = actor not in PROGRESS_PERIOD_OPTIONAL or rng.random() < 0.75
            log.add(
                f"{actor}/{period}/progress",
                actor,
                "progress_posted",
                day,
                channels=["website"],
                period=period if keep else None,
            )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def government_year(log: Log, year: int) -> None:
    if year == FIRST_YEAR:
        log.add("government/forms", "government", "forms_approved", date(2016, 1, 12))
    day = GOV_SCHEDULE_DAY.get(year) or log.day_between(date(year - 1, 12, 22), date(year, 1, 14))
    label = {
        2020: "schedule for 2020 approved late",
        2023: "schedule for 2023 approved on Mon 2023-01-16 (15 Jan is a Sunday)",
        2026: "after as-of",
    }.get(year)
    log.add(
        f"government/{year}/schedule",
        "government",
        "schedule_approved",
        day,
        period=str(year),
        label=label,
    )
    if year > LAST_YEAR or year == 2025:
        return  # 2025: problems and measures not yet done (pending)
    log.add(
        f"government/{year}/problems",
        "government",
        "problems_posted",
        log.day_between(date(year, 5, 4), date(year, 6, 26)),
        period=str(year),
    )
    log.add(
        f"government/{year}/measures",
        "government",
        "measures_agreed",
        log.day_between(date(year, 8, 3), date(year, 10, 30)),
        period=str(year),
    )


def build() -> list[Ev]:
    log = Log(random.Random(SEED))
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        government_year(log, year)
        for actor in HEADS:
            head_year(log, actor, year)
        for actor in EXECUTIVE_AKIMS:
            exec_akim_year(log, actor, year)
        for actor in MINOR_AKIMS:
            minor_akim_year(log, actor, year)
        education_on_rectors(log, year, [rector_year(log, actor, year) for actor in RECTORS])
    government_year(log, LAST_YEAR + 1)
    for actor in HEADS:
        progress(log, actor, (FIRST_YEAR, 2))
    for actor in EXECUTIVE_AKIMS:
        progress(log, actor, (FIRST_YEAR, 1))

    # ids in time order (a date-only event counts as local noon), ties by actor and key
    def order(ev: Ev) -> tuple[datetime, str, str]:
        local = datetime.combine(ev.day, time(12, 0) if ev.form == "date" else ev.at)
        utc = local - timedelta(hours=utc_offset_hours(tz_of(ev.actor), local))
        return utc, ev.actor, ev.key

    events = sorted(log.events, key=order)
    for n, ev in enumerate(events, 1):
        ev.id = f"e{n:04d}"
    return events


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def actor_records() -> list[dict[str, object]]:
    return [{name: a[name] for name in ACTOR_FIELDS if name in a} for a in ACTORS]


def actors_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ACTOR_FIELDS)
    for actor in ACTORS:
        # list fields (none in the registry today) would be joined with ';'
        writer.writerow(
            [
                ";".join(v) if isinstance(v := actor.get(name, ""), list) else v
                for name in ACTOR_FIELDS
            ]
        )
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Write the example registry and event log beside this script "
        "(actors.jsonl, actors.csv, events.jsonl); the same bytes on every run."
    )
    parser.add_argument(
        "--keys",
        action="store_true",
        help="also print the labelled events (defects and edge cases) with their ids",
    )
    args = parser.parse_args(argv)
    events = build()
    ids = {ev.key: ev.id for ev in events}
    files = {
        "actors.jsonl": jsonl(actor_records()),
        "actors.csv": actors_csv(),
        "events.jsonl": jsonl([ev.record(ids) for ev in events]),
    }
    for name, text in files.items():
        (HERE / name).write_bytes(text.encode("utf-8"))
    print(f"{len(ACTORS)} actors, {len(events)} events written to {HERE}")
    if args.keys:
        for ev in events:
            if ev.label:
                print(f"{ev.id}  {ev.actor:34} {ev.action:19} {ev.label}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
