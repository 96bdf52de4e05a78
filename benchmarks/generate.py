#!/usr/bin/env python3
"""A national-scale actor registry and event log for benchmarking ``decree-rules check``.

    python benchmarks/generate.py --seed 1 --events 100000 --years 2016-2025 \\
        --late-rate 0.05 --missing-rate 0.03 --out DIR

writes ``DIR/actors.jsonl`` and ``DIR/events.jsonl`` (JSON Lines, contract fields only,
events in time order, ids ``e1``, ``e2``, ... in that order) and ``DIR/expected.json``: what
the generator *meant* -- for every clause, how many duties it made fulfilled, late,
violated, pending or exempt, and how many events it made defective (so they should come
out unmatched). ``--as-of`` for the check is the last day of the last year: the log is
cut there (nothing after it is written).

Standard library only; deterministic for a seed (one ``random.Random(seed)``, no clock, no
host zone data: the UTC offsets of the six Kazakh zones used are written below and were
checked against tzdata 2024a+). Memory stays bounded whatever ``--events`` is: events are
written in sorted runs of ``--chunk`` lines to a temporary directory and merged.

The world, the scaling and what every rate means: ``README.md`` beside this file.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

IN_FORCE = date(2016, 1, 1)  # clause 15

# --------------------------------------------------------------------------------------
# Time zones: (offset before, [(local switch moment, offset after)])
# --------------------------------------------------------------------------------------

ZONES: dict[str, tuple[int, list[tuple[datetime, int]]]] = {
    "Asia/Almaty": (6, [(datetime(2024, 3, 1), 5)]),  # UTC+6 -> +5 on 2024-03-01 00:00
    "Asia/Qyzylorda": (6, [(datetime(2018, 12, 21), 5)]),  # +6 -> +5 on 2018-12-21 00:00
    "Asia/Aqtobe": (5, []),
    "Asia/Oral": (5, []),
    "Asia/Atyrau": (5, []),
    "Asia/Aqtau": (5, []),
}
DEFAULT_TZ = "Asia/Almaty"


def utc_offset(tz: str, local: datetime) -> int:
    first, changes = ZONES[tz]
    offset = first
    for switch, after in changes:
        if local >= switch:
            offset = after
    return offset


EPOCH = date(1970, 1, 1).toordinal()

# --------------------------------------------------------------------------------------
# The registry (real structure; district and okrug names are synthetic)
# --------------------------------------------------------------------------------------

# slug, name, zone, number of districts, cities of regional significance, from, former
REGIONS: list[tuple[str, str, str, int, list[str], str | None, str | None]] = [
    (
        "abai",
        "Абай облысы",
        "Asia/Almaty",
        10,
        ["semey", "kurchatov"],
        "2022-06-08",
        "east-kazakhstan",
    ),
    ("akmola", "Ақмола облысы", "Asia/Almaty", 17, ["kokshetau", "stepnogorsk"], None, None),
    ("aktobe", "Ақтөбе облысы", "Asia/Aqtobe", 12, ["aktobe"], None, None),
    ("almaty", "Алматы облысы", "Asia/Almaty", 9, ["konaev", "alatau"], None, None),
    ("atyrau", "Атырау облысы", "Asia/Atyrau", 7, ["atyrau"], None, None),
    (
        "east-kazakhstan",
        "Шығыс Қазақстан облысы",
        "Asia/Almaty",
        9,
        ["oskemen", "ridder"],
        None,
        None,
    ),
    ("jambyl", "Жамбыл облысы", "Asia/Almaty", 10, ["taraz"], None, None),
    (
        "jetisu",
        "Жетісу облысы",
        "Asia/Almaty",
        8,
        ["taldykorgan", "tekeli"],
        "2022-06-08",
        "almaty",
    ),
    (
        "karaganda",
        "Қарағанды облысы",
        "Asia/Almaty",
        7,
        ["karaganda", "balkhash", "saran", "temirtau", "shakhtinsk", "priozersk"],
        None,
        None,
    ),
    (
        "kostanay",
        "Қостанай облысы",
        "Asia/Almaty",
        16,
        ["kostanay", "rudny", "lisakovsk", "arkalyk"],
        None,
        None,
    ),
    ("kyzylorda", "Қызылорда облысы", "Asia/Qyzylorda", 7, ["kyzylorda"], None, None),
    ("mangystau", "Маңғыстау облысы", "Asia/Aqtau", 5, ["aktau", "zhanaozen"], None, None),
    (
        "north-kazakhstan",
        "Солтүстік Қазақстан облысы",
        "Asia/Almaty",
        13,
        ["petropavl"],
        None,
        None,
    ),
    (
        "pavlodar",
        "Павлодар облысы",
        "Asia/Almaty",
        10,
        ["pavlodar", "ekibastuz", "aksu"],
        None,
        None,
    ),
    (
        "turkistan",
        "Түркістан облысы",
        "Asia/Almaty",
        14,
        ["turkistan", "kentau", "arys"],
        None,
        None,
    ),
    (
        "ulytau",
        "Ұлытау облысы",
        "Asia/Almaty",
        3,
        ["zhezkazgan", "satbayev", "karazhal"],
        "2022-06-08",
        "karaganda",
    ),
    ("west-kazakhstan", "Батыс Қазақстан облысы", "Asia/Oral", 12, ["oral"], None, None),
]

# slug, name, level, from, former top akim (before 'from'), city districts (slug, from)
CITIES: list[tuple[str, str, str, str | None, str | None, list[tuple[str, str | None]]]] = [
    (
        "astana",
        "Астана қаласының әкімі",
        "capital",
        None,
        None,
        [
            ("almaty", None),
            ("esil", None),
            ("saryarka", None),
            ("baikonur", "2018-05-15"),
            ("nura", "2022-09-01"),
        ],
    ),
    (
        "almaty-city",
        "Алматы қаласының әкімі",
        "republican_city",
        None,
        None,
        [
            ("alatau", None),
            ("almaly", None),
            ("auezov", None),
            ("bostandyk", None),
            ("jetysu", None),
            ("medeu", None),
            ("nauryzbay", None),
            ("turksib", None),
        ],
    ),
    (
        "shymkent",
        "Шымкент қаласының әкімі",
        "republican_city",
        "2018-06-19",
        "turkistan",
        [
            ("abay", None),
            ("al-farabi", None),
            ("enbekshi", None),
            ("karatau", None),
            ("turan", "2018-09-01"),
        ],
    ),
]
# districts of cities of regional significance (their top akim is the region)
REGIONAL_CITY_DISTRICTS = {
    ("karaganda", "karaganda"): [("kazybek-bi", None), ("alikhan-bokeikhan", None)],
    ("aktobe", "aktobe"): [("astana", "2018-05-01"), ("almaty", "2018-05-01")],
}

# body, role, from, until (dates approximate: they exercise the registry's from/until)
CENTRAL_BODIES: list[tuple[str, str, str | None, str | None]] = [
    ("defence", "central_body_head", None, None),
    ("finance", "central_body_head", None, None),
    ("education", "education_head", None, None),
    ("foreign-affairs", "central_body_head", None, None),
    ("internal-affairs", "central_body_head", None, None),
    ("justice", "central_body_head", None, None),
    ("health", "central_body_head", None, None),
    ("labour", "central_body_head", None, None),
    ("national-economy", "central_body_head", None, None),
    ("energy", "central_body_head", None, None),
    ("agriculture", "central_body_head", None, None),
    ("industry", "central_body_head", None, None),
    ("investments-development", "central_body_head", None, "2018-12-31"),
    ("digital-development", "central_body_head", "2019-06-17", None),
    ("ecology", "central_body_head", "2019-06-17", None),
    ("trade", "central_body_head", "2019-06-17", None),
    ("emergencies", "central_body_head", "2020-09-07", None),
    ("culture-sport", "central_body_head", None, None),
    ("information", "central_body_head", None, None),
    ("science-higher-education", "central_body_head", "2022-06-11", None),
    ("anticorruption", "anticorruption_head", None, None),
]
RECTORS: list[tuple[str, str | None]] = [  # slug, tz (None: the default zone)
    ("kaznu", None),
    ("enu", None),
    ("satbayev", "Asia/Almaty"),
    ("kaznpu", "Asia/Almaty"),
    ("kaznmu", None),
    ("kaznaru", "Asia/Almaty"),
    ("conservatory", None),
    ("academy-of-arts", "Asia/Almaty"),
    ("womens-pedagogical", None),
    ("kaznui", None),
]

RURAL_MEAN = 13.6  # ~2,300 rural okrugs over 169 districts


@dataclass
class Office:
    id: str
    role: str
    kind: str  # head, rector, government, top, lower, city_district, rural
    tz: str
    level: str | None = None
    body: str | None = None
    parent: str | None = None
    top: str | None = None  # clause 13: the top akim over a lower akim's meetings
    former_top: str | None = None  # who its meetings list before 'top' existed
    valid_from: date | None = None
    valid_until: date | None = None
    name: str | None = None
    write_tz: bool = True

    def exists(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    def years(self, first: int, last: int) -> list[int]:
        """Years the office exists all year long (from/until are set so that no other
        year has a duty the generator would have to split)."""
        return [
            y
            for y in range(first, last + 1)
            if self.exists(date(y, 1, 1)) and self.exists(date(y, 12, 31))
        ]

    def record(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "role": self.role}
        if self.level:
            out["level"] = self.level
        if self.body:
            out["body"] = self.body
        if self.parent:
            out["parent"] = self.parent
        if self.write_tz:
            out["tz"] = self.tz
        if self.valid_from:
            out["from"] = self.valid_from.isoformat()
        if self.valid_until:
            out["until"] = self.valid_until.isoformat()
        if self.name:
            out["name"] = self.name
        return out


@dataclass
class District:
    office: Office
    key: float  # thinning order
    rural_base: int
    rural: list[Office] = field(default_factory=list)  # filled by add_lower


@dataclass
class World:
    fixed: list[Office]  # government, heads, rectors, top akims, city districts
    districts: list[District]  # districts and cities of regional significance


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def build_world(rng: random.Random) -> World:
    fixed: list[Office] = [
        Office(
            "government",
            "government",
            "government",
            DEFAULT_TZ,
            name="Government of the Republic of Kazakhstan",
        )
    ]
    for body, role, since, until in CENTRAL_BODIES:
        ident = "agency.anticorruption" if role == "anticorruption_head" else f"ministry.{body}"
        fixed.append(
            Office(
                ident,
                role,
                "head",
                DEFAULT_TZ,
                body=body,
                valid_from=_d(since),
                valid_until=_d(until),
                name=f"Head of {body} (central body)",
            )
        )
    for slug, tz in RECTORS:
        fixed.append(
            Office(
                f"rector.{slug}",
                "rector",
                "rector",
                tz or DEFAULT_TZ,
                write_tz=tz is not None,
                name=f"Rector, national university {slug}",
            )
        )
    region_ids = {slug: f"akim.{slug}-region" for slug, *_ in REGIONS}
    for slug, name, level, since, _former, _ in CITIES:
        fixed.append(
            Office(
                f"akim.{slug}",
                "akim",
                "top",
                DEFAULT_TZ,
                level=level,
                valid_from=_d(since),
                name=name,
            )
        )
    zones: dict[str, str] = {}
    for slug, name, tz, _, _, since, _ in REGIONS:
        zones[slug] = tz
        fixed.append(
            Office(
                region_ids[slug],
                "akim",
                "top",
                tz,
                level="region",
                valid_from=_d(since),
                name=name,
                write_tz=tz != DEFAULT_TZ or rng.random() < 0.5,
            )
        )
    # city districts of the capital and the cities of republican significance
    for slug, _, _, _since, former, parts in CITIES:
        for part, part_since in parts:
            fixed.append(
                Office(
                    f"akim.{slug}.{part}-district",
                    "akim",
                    "city_district",
                    DEFAULT_TZ,
                    level="city_district",
                    parent=f"akim.{slug}",
                    top=f"akim.{slug}",
                    former_top=region_ids[former] if former else None,
                    valid_from=_d(part_since),
                    name=f"Akim of {part} district, {slug}",
                )
            )
    districts: list[District] = []
    for slug, _, tz, count, cities, _since, former in REGIONS:
        region = region_ids[slug]
        old = region_ids[former] if former else None
        for n in range(1, count + 1):
            office = Office(
                f"{region}.district-{n:02d}",
                "akim",
                "lower",
                tz,
                level="district",
                parent=region,
                top=region,
                former_top=old,
                name=f"Akim of district {n:02d}, {slug} region (synthetic)",
                write_tz=tz != DEFAULT_TZ or rng.random() < 0.7,
            )
            base = max(4, round(rng.gauss(RURAL_MEAN, 4)))
            districts.append(District(office, rng.random(), base))
        for city in cities:
            office = Office(
                f"{region}.{city}-city",
                "akim",
                "lower",
                tz,
                level="regional_city",
                parent=region,
                top=region,
                former_top=old,
                name=f"Akim of the city of {city}",
            )
            parts = REGIONAL_CITY_DISTRICTS.get((slug, city), [])
            # a city with districts is never thinned away (its districts are always kept)
            districts.append(District(office, -1.0 if parts else rng.random(), 0))
            for part, part_since in parts:
                fixed.append(
                    Office(
                        f"{office.id}.{part}-district",
                        "akim",
                        "city_district",
                        tz,
                        level="city_district",
                        parent=office.id,
                        top=region,
                        former_top=old,
                        valid_from=_d(part_since),
                        name=f"Akim of {part} district, city of {city}",
                    )
                )
    return World(fixed, districts)


def add_lower(
    world: World, rng: random.Random, replicas: float, keep: float, first: int, last: int
) -> list[District]:
    """The districts kept (``keep``), each ``replicas`` times (fractional: some districts
    get one copy more), with their rural okrugs: ~2,300 okrugs at replicas 1; ~1% of the
    okrugs are created (``from``) or merged (``until``) during the years."""
    units: list[District] = []
    whole = int(replicas)
    for district in world.districts:
        if district.key >= keep:
            continue
        copies = 1
        if district.office.level == "district":
            copies = max(1, whole + (1 if district.key < replicas - whole else 0))
        for j in range(1, copies + 1):
            office = district.office
            base = district.rural_base
            if j > 1:  # a synthetic copy of the district, with its own okrugs
                office = Office(
                    f"{office.id}-{j:03d}",
                    office.role,
                    office.kind,
                    office.tz,
                    level=office.level,
                    parent=office.parent,
                    top=office.top,
                    former_top=office.former_top,
                    name=f"{office.name}, copy {j}",
                    write_tz=office.write_tz,
                )
                base = max(4, round(rng.gauss(RURAL_MEAN, 4)))
            unit = District(office, district.key, base)
            for k in range(1, base + 1):
                since = until = None
                draw = rng.random()
                if draw < 0.01 and last > first:
                    since = date(rng.randint(first, last - 1), 5, 1)  # active the next year
                elif draw < 0.02 and last > first:
                    until = date(rng.randint(first, last - 1), 12, 31)  # merged at year end
                unit.rural.append(
                    Office(
                        f"{office.id}.okrug-{k:03d}",
                        "akim",
                        "rural",
                        office.tz,
                        level="rural",
                        parent=office.id,
                        valid_from=since,
                        valid_until=until,
                        write_tz=office.write_tz,
                    )
                )
            units.append(unit)
    return units


# --------------------------------------------------------------------------------------
# How many events: a closed form used to pick the scale
# --------------------------------------------------------------------------------------

M_CAP = 12.0  # executive akims: at most 12 meetings a year on average; then more districts
RURAL_CAP = 2.0  # rural akims: at most 2 (only the first counts; the second is unmatched)
HEAD_CAP = 3.0  # central heads hold at most 3 meetings a year on average
RECTOR_CAP = 2.0


def per_year(kind: str, m: float) -> float:
    """Events a year for one office (before late and missing actions are drawn)."""
    if kind == "rural":
        return min(m, RURAL_CAP)
    if kind == "city_district":
        return m
    if kind == "lower":  # schedule, meetings, report, 4 progress
        return 6 + m
    if kind == "top":  # + results
        return 7 + m
    if kind == "head":
        return 7 + min(m, HEAD_CAP)
    if kind == "rector":  # meetings, report, results, the education head's answer
        return 3 + min(m, RECTOR_CAP)
    return 3  # government: schedule approved, problems, measures


def _estimate(
    world: World,
    m: float,
    replicas: float,
    keep: float,
    first: int,
    last: int,
    missing: float = 0.0,
) -> float:
    total = sum(len(o.years(first, last)) * per_year(o.kind, m) for o in world.fixed)
    for d in world.districts:
        if d.key >= keep:
            continue
        years = len(d.office.years(first, last))
        copies = replicas if d.office.level == "district" else 1
        total += copies * years * (per_year("lower", m) + d.rural_base * per_year("rural", m))
    # a missing year of meetings takes its follow-ups with it; half the missing actions
    # are not done at all (the other half are defective events)
    return total * (1 - missing) * (1 - missing / 2)


def choose_scale(
    world: World, target: int, first: int, last: int, missing: float
) -> tuple[float, float, float]:
    """(meetings per akim-year, district replicas, fraction of districts kept) for ~target."""

    def estimate(world: World, m: float, r: float, k: float, first: int, last: int) -> float:
        return _estimate(world, m, r, k, first, last, missing)

    def solve(f, lo: float, hi: float) -> float:
        for _ in range(60):
            mid = (lo + hi) / 2
            if f(mid) < target:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    if estimate(world, 1, 1, 1.01, first, last) >= target:
        keep = solve(lambda k: estimate(world, 1, 1, k, first, last), 0.0, 1.01)
        return 1.0, 1.0, max(keep, 0.02)
    if estimate(world, M_CAP, 1, 1.01, first, last) >= target:
        return solve(lambda m: estimate(world, m, 1, 1.01, first, last), 1, M_CAP), 1.0, 1.01
    return M_CAP, solve(lambda r: estimate(world, M_CAP, r, 1.01, first, last), 1, 10_000), 1.01


# --------------------------------------------------------------------------------------
# Writing events: sorted runs on disk, merged at the end (bounded memory)
# --------------------------------------------------------------------------------------

REF = "@@REF@@"


class Sink:
    def __init__(self, rng: random.Random, cutoff: date, tmp: str, chunk: int) -> None:
        self.rng = rng
        self.cutoff = cutoff
        self.tmp = tmp
        self.chunk = chunk
        self.buffer: list[str] = []
        self.runs: list[str] = []
        self.count = 0

    def add(
        self,
        office: Office,
        action: str,
        day: date,
        *,
        end: date | None = None,
        ref: int | None = None,
        keep: bool = False,
        **fields: object,
    ) -> int | None:
        """Queue one event; None (nothing written) when its day is after the cut-off."""
        if day > self.cutoff:
            return None
        rng = self.rng
        draw = rng.random()
        form = (
            "date" if draw < 0.4 else "offset" if draw < 0.65 else "naive" if draw < 0.85 else "z"
        )
        if form == "date":
            hour = minute = 0
            local = datetime(day.year, day.month, day.day, 12)  # sorts as local noon
            text = day.isoformat()
        else:
            hour, minute = rng.randint(9, 17), rng.choice((0, 0, 15, 30, 45))
            local = datetime(day.year, day.month, day.day, hour, minute)
            text = self._stamp(office.tz, local, form)
        offset = utc_offset(office.tz, local)
        key = (
            (day.toordinal() - EPOCH) * 86400
            + local.hour * 3600
            + local.minute * 60
            - offset * 3600
        )
        record: dict[str, object] = {"actor": office.id, "action": action, "time": text}
        if end is not None:
            if form == "date":
                record["end"] = end.isoformat()
            else:
                record["end"] = self._stamp(
                    office.tz, datetime(end.year, end.month, end.day, 17, 0), form
                )
        if ref is not None:
            record["ref"] = REF
        record.update(fields)
        ident = self.count
        self.count += 1
        line = json.dumps(record, ensure_ascii=False)
        self.buffer.append(
            f"{key:012d}{ident:010d}\t{ident}\t{1 if keep else 0}\t"
            f"{'' if ref is None else ref}\t{line}\n"
        )
        if len(self.buffer) >= self.chunk:
            self._flush()
        return ident

    @staticmethod
    def _stamp(tz: str, local: datetime, form: str) -> str:
        offset = utc_offset(tz, local)
        if form == "naive":
            return local.isoformat()
        if form == "offset":
            return f"{local.isoformat()}+{offset:02d}:00"
        return f"{(local - timedelta(hours=offset)).isoformat()}Z"

    def _flush(self) -> None:
        if not self.buffer:
            return
        self.buffer.sort()
        path = os.path.join(self.tmp, f"run{len(self.runs):05d}.txt")
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(self.buffer)
        self.runs.append(path)
        self.buffer = []

    def merge(self, target: Path) -> int:
        """Write the sorted log with ids e1.. in time order; refs rewritten. Returns count."""
        self._flush()
        files = [open(p, encoding="utf-8") for p in self.runs]  # noqa: SIM115
        ids: dict[str, str] = {}  # generator id -> final id, only for events referred to
        n = 0
        try:
            with open(target, "w", encoding="utf-8") as out:
                write = out.write
                for line in heapq.merge(*files):
                    _, gen, keep, ref, body = line.split("\t", 4)
                    n += 1
                    final = f"e{n}"
                    if keep == "1":
                        ids[gen] = final
                    if ref:
                        body = body.replace(REF, ids[ref], 1)
                    write(f'{{"id": "{final}", {body[1:]}')
        finally:
            for f in files:
                f.close()
            for p in self.runs:
                os.unlink(p)
        return n


# --------------------------------------------------------------------------------------
# Behaviour: what each office does in a year
# --------------------------------------------------------------------------------------

OK, LATE, MISSING = "ok", "late", "missing"


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


class Generator:
    def __init__(
        self, args: argparse.Namespace, sink: Sink, rng: random.Random, world: World, m: float
    ) -> None:
        self.rng = rng
        self.sink = sink
        self.first, self.last = args.first, args.last
        self.cutoff = date(self.last, 12, 31)
        self.late = args.late_rate
        self.missing = args.missing_rate
        self.m = m
        self.by_id = {o.id: o for o in world.fixed}
        for d in world.districts:
            self.by_id[d.office.id] = d.office
        self.expected: dict[str, Counter[str]] = {}
        self.defective = 0
        self.extra = 0  # meetings that discharge nothing: expected unmatched
        self.education = self.by_id["ministry.education"]

    # -- helpers --

    def expect(self, clause: str, status: str) -> None:
        self.expected.setdefault(clause, Counter())[status] += 1

    def fate(self) -> str:
        draw = self.rng.random()
        if draw < self.missing:
            return MISSING
        if draw < self.missing + self.late:
            return LATE
        return OK

    def between(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))

    def count(self, mean: float) -> int:
        whole = int(mean)
        return max(1, whole + (1 if self.rng.random() < mean - whole else 0))

    def settle(self, clause: str, fate: str, day: date | None, due_raw: date) -> None:
        """Expected status of a duty discharged by an action planned for ``day``.

        Compliant days keep a margin no holiday shift can eat; late days are at least a week
        past the raw due day (the longest shift in the Kazakh calendar is about 5 days)."""
        if fate == MISSING or day is None or day > self.cutoff:
            self.expect(clause, "pending" if due_raw >= self.cutoff else "violated")
        else:
            self.expect(clause, "fulfilled" if fate == OK else "late")

    def defect(self) -> bool:
        """A missing action is either not done (False) or done wrongly (True): an event
        that fails the clause's conditions and must come out unmatched."""
        return self.rng.random() < 0.5

    # -- meetings --

    def meetings(
        self, office: Office, year: int, window: int, mean: float, multi: float
    ) -> tuple[str, list[tuple[date, date]]]:
        """The season's meeting days: in the window quarter, a quarter late, or none."""
        fate = self.fate()
        if fate == MISSING:
            return fate, []
        if window == 1:
            lo, hi = (
                (date(year, 1, 20), date(year, 3, 25))
                if fate == OK
                else (date(year, 4, 3), date(year, 5, 31))
            )
        elif window == 2:
            lo, hi = (
                (date(year, 4, 5), date(year, 6, 25))
                if fate == OK
                else (date(year, 7, 3), date(year, 8, 31))
            )
        else:
            lo, hi = (
                (date(year, 9, 2), date(year, 9, 26))
                if fate == OK
                else (date(year, 10, 2), date(year, 10, 31))
            )
        days = sorted(self.between(lo, hi) for _ in range(self.count(mean)))
        out = []
        for start in days:
            end = (
                start + timedelta(days=self.rng.randint(1, 2))
                if self.rng.random() < multi
                else start
            )
            out.append((start, end))
        return fate, out

    def schedule(
        self, office: Office, year: int, meets: list[tuple[date, date]], channels: list[str]
    ) -> None:
        """Clause 5: one schedule for the year's meetings, 12-25 days before the first."""
        first = meets[0][0]
        fate = self.fate()
        if fate == OK:
            day = first - timedelta(days=self.rng.randint(12, 25))
        else:
            day = first - timedelta(days=self.rng.randint(3, 9))
        if year == self.first and day.year < year:
            day = date(year, 1, 3)
        period = str(year) if day.year < year or self.rng.random() < 0.2 else None
        valid = True
        if fate == MISSING:
            if self.defect():
                self.defective += 1
                valid = False
                bad = ["website"] if self.rng.random() < 0.5 else channels[1:]
                self.sink.add(
                    office,
                    "schedule_published",
                    day,
                    channels=bad,
                    **({"period": period} if period else {}),
                )
        else:
            self.sink.add(
                office,
                "schedule_published",
                day,
                channels=channels,
                **({"period": period} if period else {}),
            )
        for start, _ in meets:
            if fate == MISSING or not valid:
                self.expect("5", "violated")
            else:
                self.expect("5", "fulfilled" if (start - day).days >= 10 else "late")

    def emit_meetings(
        self, office: Office, meets: list[tuple[date, date]], participants, video: bool | None
    ) -> int | None:
        """Write the meetings; returns the generator id of the last (by end day)."""
        last_key = max(range(len(meets)), key=lambda i: (meets[i][1], i))
        last = None
        for i, (start, end) in enumerate(meets):
            fields: dict[str, object] = {}
            people = participants(start)
            if people:
                fields["participants"] = people
            if video is not None:
                fields["videoconference"] = video
            ident = self.sink.add(
                office,
                "reporting_meeting",
                start,
                end=end if end != start else None,
                keep=i == last_key,
                **fields,
            )
            if i == last_key:
                last = ident
        return last

    def follow_up(
        self,
        clause: str,
        office: Office,
        action: str,
        anchor: date,
        ref: int | None,
        debt: dict[str, bool],
        *,
        ok: tuple[int, int],
        late_months: int,
        late: tuple[int, int],
        good: dict[str, object],
        bad: dict[str, object],
        always_ref: bool = False,
        keep: bool = False,
    ) -> tuple[str, date | None]:
        """A report after the meetings (clauses 6, 8, 9, 10, 11). ``anchor`` is the day the
        term counts from; due_raw is anchor + 10 days or + 1 month (before any shift)."""
        fate = self.fate()
        due_raw = anchor + timedelta(days=10) if late_months == 0 else add_months(anchor, 1)
        if fate == OK:
            day = anchor + timedelta(days=self.rng.randint(*ok))
        else:
            base = anchor + timedelta(days=10) if late_months == 0 else add_months(anchor, 1)
            day = base + timedelta(days=self.rng.randint(*late))
        # without 'ref' the event goes to the earliest open duty: only when none is open
        use_ref = always_ref or debt.get(clause, False) or self.rng.random() < 0.85
        written = None
        if fate == MISSING:
            if self.defect():
                self.defective += 1
                self.sink.add(office, action, day, ref=ref, **bad)
        else:
            written = self.sink.add(
                office, action, day, ref=ref if use_ref else None, keep=keep, **good
            )
        self.settle(clause, fate, day if written is not None else None, due_raw)
        if fate == MISSING or (written is None and due_raw < self.cutoff):
            debt[clause] = True
        return fate, day if written is not None else None

    # -- offices --

    def akim(self, office: Office, debt: dict[str, bool]) -> None:
        kind = office.kind
        first_meeting: date | None = None
        for year in office.years(self.first, self.last):
            mean = min(self.m, RURAL_CAP) if kind == "rural" else self.m
            fate, meets = self.meetings(
                office, year, 1, mean, 0.1 if kind in ("top", "lower") else 0.0
            )
            self.expect("2", {OK: "fulfilled", LATE: "late", MISSING: "violated"}[fate])
            if not meets:
                continue
            first_meeting = first_meeting or meets[0][0]
            if kind in ("rural", "city_district"):
                self.lower_meetings(office, meets, executive=False)
                continue
            channels = ["website", "regional_press"]
            if kind == "top" and self.rng.random() < 0.3:
                channels = ["website", "regional_press", "central_press"]
            self.schedule(office, year, meets, channels)
            if kind == "top":
                last = self.top_meetings(office, meets)
            else:
                last = self.lower_meetings(office, meets, executive=True)
            last_end = max(end for _, end in meets)
            self.follow_up(
                "6",
                office,
                "report_posted",
                last_end,
                last,
                debt,
                ok=(2, 9),
                late_months=0,
                late=(8, 20),
                good={"channels": ["website"]},
                bad={"channels": ["regional_press"]},
            )
            if kind == "top":
                self.results(office, last_end, last, debt)
        if kind in ("top", "lower") and first_meeting is not None:
            self.progress(office, first_meeting, debt)

    def top_meetings(self, office: Office, meets: list[tuple[date, date]]) -> int | None:
        def people(day: date) -> list[str]:
            out = []
            if self.rng.random() >= self.missing:
                out.append("public_council")
                self.expect("4", "fulfilled")
            else:
                self.expect("4", "violated")
            if self.rng.random() >= self.missing:
                out.append("government_members")
                self.expect("12.4", "fulfilled")
            else:
                self.expect("12.4", "violated")
            if self.rng.random() < 0.5:
                out.append("national_holdings")
            return out

        return self.emit_meetings(office, meets, people, None)

    def lower_meetings(
        self, office: Office, meets: list[tuple[date, date]], *, executive: bool
    ) -> int | None:
        top = self.by_id.get(office.top) if office.top else None
        rng = self.rng

        def people(day: date) -> list[str]:
            out = []
            if executive:
                if rng.random() >= self.missing:
                    out.append("public_council")
                    self.expect("4", "fulfilled")
                else:
                    self.expect("4", "violated")
            if office.kind == "rural":
                if rng.random() < 0.4:
                    out.append(office.parent)
                return out
            # clause 13: the top akim (or a deputy) of a district, regional city, city district
            owes = top is not None and top.exists(day)
            who = office.top if owes else office.former_top
            if rng.random() >= self.missing:
                if who:
                    out.append(who if rng.random() < 0.5 else f"deputy_of:{who}")
                if owes:
                    self.expect("13", "fulfilled")
            elif owes:
                self.expect("13", "violated")
            if (
                office.kind == "city_district"
                and office.parent != office.top
                and rng.random() < 0.5
            ):
                out.append(office.parent)  # the regional city's akim: not enough for 13
            return out

        last = self.emit_meetings(office, meets, people, None)
        if not executive:
            # only the first meeting of the year discharges clause 2; the others are
            # accounted for only when they create a clause 13 duty
            owing = sum(
                1
                for start, _ in meets[1:]
                if office.kind == "city_district" and top is not None and top.exists(start)
            )
            self.extra += len(meets) - 1 - owing
        return last

    def results(
        self, office: Office, last_end: date, last: int | None, debt: dict[str, bool]
    ) -> None:
        """Clause 9: heads and top akims, to the Administration and the Government."""
        both = ["presidential_administration", "government"]
        self.follow_up(
            "9",
            office,
            "results_reported",
            last_end,
            last,
            debt,
            ok=(8, 26),
            late_months=1,
            late=(8, 25),
            good={"to": both},
            bad={"to": [both[self.rng.randint(0, 1)]]},
            always_ref=office.id == self.education.id,
        )

    def progress(self, office: Office, first_meeting: date, debt: dict[str, bool]) -> None:
        """Clause 7: every quarter from the quarter of the first meeting."""
        year, quarter = first_meeting.year, (first_meeting.month - 1) // 3 + 1
        while (year, quarter) <= (self.last, 4):
            start = date(year, 3 * quarter - 2, 1)
            nxt = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
            due_raw = nxt + timedelta(days=9)
            period = f"{year}-Q{quarter}"
            if office.exists(start) and office.exists(due_raw):
                fate = self.fate()
                day = (
                    nxt + timedelta(days=self.rng.randint(1, 8))
                    if fate == OK
                    else nxt + timedelta(days=self.rng.randint(19, 27))
                )
                keep_period = debt.get("7", False) or self.rng.random() < 0.9
                written = None
                if fate == MISSING:
                    if self.defect() and day <= self.cutoff:
                        self.defective += 1
                        self.sink.add(
                            office,
                            "progress_posted",
                            day,
                            channels=["regional_press"],
                            period=period,
                        )
                else:
                    fields: dict[str, object] = {"channels": ["website"]}
                    if keep_period:
                        fields["period"] = period
                    written = self.sink.add(office, "progress_posted", day, **fields)
                self.settle("7", fate, day if written is not None else None, due_raw)
                if written is None and due_raw < self.cutoff:
                    debt["7"] = True
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)

    def head(self, office: Office, debt: dict[str, bool]) -> None:
        first_meeting = None
        for year in office.years(self.first, self.last):
            fate, meets = self.meetings(office, year, 2, min(self.m, HEAD_CAP), 0.1)
            no_video = self.rng.random() < self.missing / 2  # a year without the video link
            if office.body == "defence":
                self.expect("1", "exempt")
            elif not meets or no_video:
                self.expect("1", "violated")
            else:
                self.expect("1", "fulfilled" if fate == OK else "late")
            if not meets:
                continue
            first_meeting = first_meeting or meets[0][0]
            channels = ["website", "central_press"]
            if self.rng.random() < 0.4:
                channels.append("regional_press")
            self.schedule(office, year, meets, channels)

            def people(day: date) -> list[str]:
                out = []
                for clause, tag in (("4", "public_council"), ("12.3", "national_holdings")):
                    if self.rng.random() >= self.missing:
                        out.append(tag)
                        self.expect(clause, "fulfilled")
                    else:
                        self.expect(clause, "violated")
                return out

            last = self.emit_meetings(office, meets, people, not no_video)
            last_end = max(end for _, end in meets)
            self.follow_up(
                "6",
                office,
                "report_posted",
                last_end,
                last,
                debt,
                ok=(2, 9),
                late_months=0,
                late=(8, 20),
                good={"channels": ["website"]},
                bad={"channels": ["central_press"]},
                always_ref=office.id == self.education.id,
            )
            self.results(office, last_end, last, debt)
        if first_meeting is not None:
            self.progress(office, first_meeting, debt)

    def rectors(self, rectors: list[Office], debt: dict[str, dict[str, bool]]) -> None:
        """Rectors year by year, with the education head's answers (clause 11)."""
        education = self.education
        for year in range(self.first, self.last + 1):
            received: list[tuple[date, int]] = []
            for office in rectors:
                if year not in office.years(self.first, self.last):
                    continue
                fate, meets = self.meetings(office, year, 3, min(self.m, RECTOR_CAP), 0.0)
                self.expect("3", {OK: "fulfilled", LATE: "late", MISSING: "violated"}[fate])
                if not meets:
                    continue
                last = self.emit_meetings(office, meets, lambda day: [], None)
                last_end = max(end for _, end in meets)
                own = debt.setdefault(office.id, {})
                self.follow_up(
                    "8",
                    office,
                    "report_posted",
                    last_end,
                    last,
                    own,
                    ok=(2, 9),
                    late_months=0,
                    late=(8, 20),
                    good={"channels": ["website"]},
                    bad={"channels": ["regional_press"]},
                )
                _, day = self.follow_up(
                    "10",
                    office,
                    "results_reported",
                    last_end,
                    last,
                    own,
                    ok=(6, 24),
                    late_months=1,
                    late=(8, 25),
                    good={"to": ["education_authority"]},
                    bad={"to": ["government"]},
                    always_ref=True,
                    keep=True,
                )
                if day is not None:  # a report to the education authority: clause 11
                    received.append((day, self._last_id()))
            edu = debt.setdefault(education.id, {})
            for day, rector_report in sorted(received):
                if not education.exists(day):
                    continue
                self.follow_up(
                    "11",
                    education,
                    "results_reported",
                    day,
                    rector_report,
                    edu,
                    ok=(4, 20),
                    late_months=1,
                    late=(8, 20),
                    good={"to": ["presidential_administration", "government"]},
                    bad={"to": ["presidential_administration"]},
                    always_ref=True,
                )

    def _last_id(self) -> int:
        return self.sink.count - 1

    def government(self, office: Office) -> None:
        for year in range(self.first, self.last + 1):
            if year == self.first:
                if year == IN_FORCE.year:
                    self.sink.add(office, "forms_approved", date(year, 1, 12))
                    self.expect("12.1", "fulfilled")
                else:  # approved before the log starts: not in it
                    self.expect("12.1", "pending")
            fate = self.fate()
            if fate == OK:
                lo = date(year, 1, 4) if year == self.first else date(year - 1, 12, 22)
                day = self.between(lo, date(year, 1, 14))
            else:
                day = self.between(date(year, 1, 25), date(year, 2, 20))
            if fate != MISSING:
                self.sink.add(office, "schedule_approved", day, period=str(year))
            self.settle("12.2", fate, None if fate == MISSING else day, date(year, 1, 15))
            for clause, action, lo, hi in (
                ("12.5", "problems_posted", date(year, 5, 4), date(year, 6, 26)),
                ("12.6", "measures_agreed", date(year, 8, 3), date(year, 10, 30)),
            ):
                if self.rng.random() < self.missing:
                    self.expect(clause, "pending")
                    continue
                self.sink.add(office, action, self.between(lo, hi), period=str(year))
                self.expect(clause, "fulfilled")

    def run(self, world: World, units: list[District]) -> None:
        debt: dict[str, dict[str, bool]] = {}
        rectors = []
        for office in world.fixed:
            if office.kind == "government":
                self.government(office)
            elif office.kind == "head":
                self.head(office, debt.setdefault(office.id, {}))
            elif office.kind == "rector":
                rectors.append(office)
            else:
                self.akim(office, debt.setdefault(office.id, {}))
        # the education head's clause 9 debt must be known before it answers rectors
        self.rectors(rectors, debt)
        for district in units:
            self.akim(district.office, {})
            for rural in district.rural:
                self.akim(rural, {})


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events", type=int, default=100_000, help="target number of events")
    parser.add_argument("--years", default="2016-2025", help="FIRST-LAST, e.g. 2016-2025")
    parser.add_argument("--late-rate", type=float, default=0.05)
    parser.add_argument("--missing-rate", type=float, default=0.03)
    parser.add_argument(
        "--chunk",
        type=int,
        default=200_000,
        help="events held in memory before a sorted run goes to disk",
    )
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    first, _, last = args.years.partition("-")
    args.first, args.last = int(first), int(last or first)
    if args.last < args.first:
        parser.error("--years: the last year is before the first")
    if args.first < IN_FORCE.year:
        parser.error(f"--years: the decree is in force from {IN_FORCE.year}")
    if not 0 <= args.late_rate + args.missing_rate <= 1:
        parser.error("--late-rate + --missing-rate must be between 0 and 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    world = build_world(rng)
    m, replicas, keep = choose_scale(world, args.events, args.first, args.last, args.missing_rate)
    units = add_lower(world, rng, replicas, keep, args.first, args.last)
    args.out.mkdir(parents=True, exist_ok=True)

    offices = list(world.fixed)
    for district in units:
        offices.append(district.office)
        offices.extend(district.rural)
    with open(args.out / "actors.jsonl", "w", encoding="utf-8") as out:
        for office in offices:
            out.write(json.dumps(office.record(), ensure_ascii=False) + "\n")

    with tempfile.TemporaryDirectory(prefix="decree-gen-", dir=args.out) as tmp:
        sink = Sink(rng, date(args.last, 12, 31), tmp, args.chunk)
        gen = Generator(args, sink, rng, world, m)
        gen.run(world, units)
        written = sink.merge(args.out / "events.jsonl")

    expected = {
        "as_of": f"{args.last}-12-31",
        "events": written,
        "actors": len(offices),
        "scale": {
            "meetings_per_akim_year": round(m, 3),
            "district_replicas": round(replicas, 3),
            "districts_kept": round(min(keep, 1.0), 3),
        },
        "args": {
            "seed": args.seed,
            "events": args.events,
            "years": args.years,
            "late_rate": args.late_rate,
            "missing_rate": args.missing_rate,
        },
        "clauses": {
            c: dict(sorted(v.items()))
            for c, v in sorted(
                gen.expected.items(), key=lambda kv: [int(p) for p in kv[0].split(".")]
            )
        },
        "unmatched_events": gen.defective + gen.extra,
        "unmatched_detail": {"defective": gen.defective, "extra_meetings": gen.extra},
        "note": "intended statuses; near the cut-off (the as-of day) a holiday shift can "
        "turn an expected 'violated' into 'pending'",
    }
    (args.out / "expected.json").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    print(
        f"{len(offices)} actors, {written} events "
        f"(meetings/akim-year {m:.2f}, district replicas {replicas:.2f}, "
        f"districts kept {min(keep, 1.0):.0%}) -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
