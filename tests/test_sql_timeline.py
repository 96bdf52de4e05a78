"""The timeline in SQL agrees with the Python timeline (decree_rules.engine.timeline).

The zone offsets table against ``zoneinfo``; then the raw events a warehouse holds, placed
in time by the statements of :mod:`decree_rules.engine.sql_timeline` on DuckDB and on a
real PostgreSQL server, against :func:`~decree_rules.engine.timeline.resolve`: the same
events take part, in the same order, with the same local days and instants, and the others
are set aside for the same reasons.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import worlds

from decree_rules.apps.cli import main
from decree_rules.core.ids import tie_key
from decree_rules.core.vocabulary import Level, Role
from decree_rules.engine.sql import Dialect
from decree_rules.engine.sql_timeline import timeline_sql
from decree_rules.engine.timeline import resolve
from decree_rules.io.records import Actor, Event
from decree_rules.time.offsets import country_zones, zone_changes, zone_rows
from decree_rules.time.zones import load_zone

duckdb = pytest.importorskip("duckdb", reason="the SQL timeline tests need the duckdb extra")

from decree_rules.engine.compiled import (  # noqa: E402
    DuckDBExecutor,
    Executor,
    PostgresExecutor,
    warehouse_rows,
)

ZONES = (*country_zones("KZ"), "Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# ---- the offsets table ---------------------------------------------------------------------


@settings(max_examples=300)
@given(
    zone=st.sampled_from(ZONES),
    seconds=st.integers(
        int(datetime(1900, 1, 1, tzinfo=UTC).timestamp()),
        int(datetime(2999, 12, 31, tzinfo=UTC).timestamp()),
    ),
)
def test_the_offsets_table_gives_zoneinfos_offset_at_every_instant(zone: str, seconds: int) -> None:
    changes = zone_changes(zone)
    utc = [c.utc_from for c in changes[1:]]
    found = changes[bisect.bisect_right(utc, seconds)].offset  # type: ignore[type-var]
    moment = EPOCH + timedelta(seconds=seconds)
    expected = moment.astimezone(load_zone(zone)).utcoffset()
    assert expected is not None
    assert found == expected.total_seconds()


def _near_changes() -> st.SearchStrategy[tuple[str, int]]:
    """A zone and a wall time within two hours of one of its changes (repeated or skipped
    hours are there)."""

    def around(zone: str) -> st.SearchStrategy[tuple[str, int]]:
        walls = [c.utc_from + c.offset for c in zone_changes(zone)[1:] if c.utc_from is not None]
        return st.tuples(
            st.just(zone), st.sampled_from(walls).flatmap(lambda w: st.integers(w - 7200, w + 7200))
        )

    return st.sampled_from(ZONES[:-1]).flatmap(around)


@settings(max_examples=300)
@given(near=_near_changes())
def test_a_wall_time_is_read_with_the_offset_zoneinfo_reads_it_with(near: tuple[str, int]) -> None:
    zone, wall = near
    changes = zone_changes(zone)
    walls = [c.wall_from for c in changes[1:]]
    found = changes[bisect.bisect_right(walls, wall)].offset  # type: ignore[type-var]
    naive = datetime(1970, 1, 1) + timedelta(seconds=wall)
    expected = naive.replace(tzinfo=load_zone(zone)).utcoffset()  # fold=0: the first
    assert expected is not None
    assert found == expected.total_seconds()


def test_almaty_moved_to_utc_plus_5_on_1_march_2024() -> None:
    last = zone_changes("Asia/Almaty")[-1]
    assert last.offset == 5 * 3600
    assert EPOCH + timedelta(seconds=last.utc_from or 0) == datetime(2024, 2, 29, 18, tzinfo=UTC)
    # 23:00-23:59 on 29 February came twice: a wall time from 23:00 on is the second offset
    # only after the first hour ends (the wall time of the change at the greater offset).
    assert last.wall_from == (last.utc_from or 0) + 6 * 3600


# ---- the statements, on DuckDB and PostgreSQL ----------------------------------------------


def _place(
    run: Executor, dialect: Dialect, actors: Sequence[Actor], events: Sequence[Event], as_of: date
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    made = ["raw_events", "tenure", "office", "parent", "zones"]
    try:
        for name, rows in warehouse_rows(actors, events).items():
            run.insert(name, name, rows)
        run.insert("zones", "zones", zone_rows([*ZONES, *(a.tz for a in actors)]))
        for statement in timeline_sql(as_of, dialect):
            run.execute(statement)
            if statement.startswith("CREATE"):
                made.append(statement.split()[3])
        placed = run.fetch(
            "SELECT id, day, end_day, instant, timed, named FROM events ORDER BY seq"
        )
        aside = sorted(run.fetch("SELECT id, reason FROM set_aside"))
        rejected = sorted(run.fetch("SELECT id, field, code FROM rejected"))
        return placed, aside, rejected
    finally:
        for table in made:
            run.execute(f"DROP TABLE IF EXISTS {table}")


def _agrees(
    run: Executor, dialect: Dialect, actors: Sequence[Actor], events: Sequence[Event], as_of: date
) -> None:
    placed, aside, rejected = _place(run, dialect, actors, events, as_of)
    timeline = resolve(enumerate(events), {a.id: a for a in actors}, as_of)
    assert rejected == []
    assert placed == [
        (
            ev.id,
            ev.day,
            ev.end_day,
            ev.instant.timestamp(),
            isinstance(ev.event.time, datetime),
            bool(ev.event.refs),
        )
        for ev in timeline.events
    ]
    assert aside == sorted((id_, why.code) for id_, (_, why) in timeline.set_aside.items())


@pytest.fixture(scope="module")
def on_duckdb() -> Iterator[Executor]:
    run = DuckDBExecutor(threads=1)
    yield run
    run.close()


@pytest.fixture(scope="module")
def on_postgres(postgres_connection: object) -> Executor:
    return PostgresExecutor(postgres_connection)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(world=worlds())
def test_duckdb_places_random_worlds_as_the_python_timeline(
    on_duckdb: Executor, world: tuple[tuple[Actor, ...], tuple[Event, ...], date]
) -> None:
    _agrees(on_duckdb, Dialect.DUCKDB, *world)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(world=worlds())
def test_postgresql_places_random_worlds_as_the_python_timeline(
    on_postgres: Executor, world: tuple[tuple[Actor, ...], tuple[Event, ...], date]
) -> None:
    _agrees(on_postgres, Dialect.POSTGRES, *world)


def _office(id_: str, tz: str = "Asia/Almaty", **kwargs: object) -> Actor:
    return Actor(id=id_, role=Role.AKIM, level=Level.DISTRICT, tz=tz, **kwargs)  # type: ignore[arg-type]


def _hard_log() -> tuple[list[Actor], list[Event]]:
    """Ties at one instant (ids that sort as people count), the hour Almaty repeated on
    29 February 2024, the hour Berlin skipped on 31 March 2024, a fraction of a second,
    offsets written three ways, a day-only event, an unknown office, one after the as-of
    date and one before its office existed."""
    actors = [
        _office("akim.a"),
        _office("akim.b", tz="Europe/Berlin"),
        _office("akim.c", valid_from=date(2024, 6, 1)),
    ]
    noon = datetime(2024, 3, 5, 12, 0, tzinfo=load_zone("Asia/Almaty"))
    times: list[tuple[str, str, date | datetime]] = [
        *((id_, "akim.a", noon) for id_ in ("e10", "e2", "e02", "e1x", "x", "e1")),
        ("fold", "akim.a", datetime(2024, 2, 29, 23, 30)),
        ("gap", "akim.b", datetime(2024, 3, 31, 2, 30)),
        ("frac", "akim.a", datetime(2024, 4, 1, 9, 0, 0, 120000)),
        ("utc", "akim.a", datetime(2024, 4, 1, 20, 0, tzinfo=UTC)),
        ("day", "akim.b", date(2024, 4, 2)),
        ("ghost", "akim.nobody", date(2024, 4, 2)),
        ("late", "akim.a", date(2024, 12, 31)),
        ("early", "akim.c", date(2024, 5, 1)),
    ]
    events = [Event(id=i, actor=a, action="reporting_meeting", time=t) for i, a, t in times]
    return actors, events


@pytest.mark.parametrize("dialect", list(Dialect))
def test_ties_repeated_and_skipped_hours_and_set_aside_events(
    dialect: Dialect, request: pytest.FixtureRequest
) -> None:
    run = request.getfixturevalue("on_duckdb" if dialect is Dialect.DUCKDB else "on_postgres")
    actors, events = _hard_log()
    _agrees(run, dialect, actors, events, date(2024, 12, 1))
    placed, aside, _ = _place(run, dialect, actors, events, date(2024, 12, 1))
    tied = [row[0] for row in placed if row[0] in ("e10", "e2", "e02", "e1x", "x", "e1")]
    assert tied == sorted(tied, key=tie_key) == ["e1", "e1x", "e02", "e2", "e10", "x"]
    assert {row[0]: row[1] for row in aside} == {
        "ghost": "unknown_actor",
        "late": "after_as_of",
        "early": "office_absent",
    }


@pytest.mark.parametrize("dialect", list(Dialect))
def test_a_time_the_script_cannot_read_is_rejected_and_the_rest_placed(
    dialect: Dialect, request: pytest.FixtureRequest
) -> None:
    run = request.getfixturevalue("on_duckdb" if dialect is Dialect.DUCKDB else "on_postgres")
    actors = [_office("akim.a"), _office("akim.m", tz="Asia/Tokyo")]
    made = ["raw_events", "tenure", "office", "parent", "zones"]
    rows = warehouse_rows(actors, [])
    texts = {
        "ok": "2024-02-15T10:00:00+05:00",
        "feb30": "2024-02-30",
        "hour25": "2024-02-15T25:00",
        "words": "next tuesday",
        "offset": "2024-02-15T10:00+15:00",
        "year": "0999-01-01",
        "tokyo": "2024-02-15T10:00",
    }
    ends = {
        "bad-end": ("2024-02-15", "2024-02-31"),
        "ends-before": ("2024-02-15T10:00:00+05:00", "2024-02-15T09:59:00+05:00"),
        "ends-day-before": ("2024-02-15", "2024-02-14T23:00"),
        "two-days": ("2024-02-15T10:00+05:00", "2024-02-16"),
    }
    moments = {id_: (text, None) for id_, text in texts.items()} | ends
    rows["raw_events"] = [
        (
            id_,
            "akim.m" if id_ == "tokyo" else "akim.a",
            "reporting_meeting",
            time,
            end,
            *([None] * 2),
            [],
            [],
            [],
            False,
            [],
        )
        for id_, (time, end) in moments.items()
    ]
    try:
        for name, held in rows.items():
            run.insert(name, name, held)
        run.insert("zones", "zones", zone_rows(["Asia/Almaty"]))  # not Tokyo
        for statement in timeline_sql(date(2024, 12, 31), dialect):
            run.execute(statement)
            if statement.startswith("CREATE"):
                made.append(statement.split()[3])
        rejected = sorted(run.fetch("SELECT id, field, code FROM rejected"))
        assert rejected == sorted(
            [
                ("feb30", "time", "DR-I027"),
                ("hour25", "time", "DR-I028"),
                ("words", "time", "DR-I028"),
                ("offset", "time", "DR-I064"),
                ("year", "time", "DR-I029"),
                ("bad-end", "end", "DR-I027"),
                ("ends-before", "end", "DR-I037"),
                ("ends-day-before", "end", "DR-I037"),
            ]
        )
        assert sorted(run.fetch("SELECT id, day, end_day FROM events")) == [
            ("ok", date(2024, 2, 15), date(2024, 2, 15)),
            ("two-days", date(2024, 2, 15), date(2024, 2, 16)),
        ]
        assert run.fetch("SELECT id, reason FROM set_aside") == [("tokyo", "zone_not_loaded")]
    finally:
        for table in made:
            run.execute(f"DROP TABLE IF EXISTS {table}")


READ_JSON = (
    'CREATE TEMP TABLE raw_events AS SELECT id, actor, action, time, "end" AS end_time,'
    ' period, ref, refs, channels, "to" AS recipients, videoconference, participants'
    " FROM read_json('{path}', format = 'newline_delimited', columns = {{id: 'VARCHAR',"
    " actor: 'VARCHAR', action: 'VARCHAR', time: 'VARCHAR', \"end\": 'VARCHAR',"
    " period: 'VARCHAR', ref: 'VARCHAR', refs: 'VARCHAR[]', channels: 'VARCHAR[]',"
    " \"to\": 'VARCHAR[]', videoconference: 'BOOLEAN', participants: 'VARCHAR[]'}})"
)
"""How a DuckDB user loads a JSON Lines log as it is (docs/engines.rst shows it)."""


def test_a_log_duckdb_reads_itself_is_placed_as_the_python_timeline_places_it(
    on_duckdb: Executor,
) -> None:
    from decree_rules.io.events import read_events
    from decree_rules.io.registry import read_actors

    examples = Path(__file__).resolve().parent.parent / "examples"
    registry = read_actors(examples / "actors.jsonl", lenient=False)
    log = examples / "events.jsonl"
    events = read_events(log, registry, lenient=False).records
    actors = registry.records
    as_of = date(2025, 12, 31)
    made = ["raw_events", "tenure", "office", "parent", "zones"]
    try:
        on_duckdb.execute(READ_JSON.format(path=str(log).replace("'", "''")))
        for name, rows in warehouse_rows(actors, []).items():
            if name != "raw_events":
                on_duckdb.insert(name, name, rows)
        on_duckdb.insert("zones", "zones", zone_rows(list(country_zones("KZ"))))
        for statement in timeline_sql(as_of, Dialect.DUCKDB):
            on_duckdb.execute(statement)
            if statement.startswith("CREATE"):
                made.append(statement.split()[3])
        placed = on_duckdb.fetch("SELECT id, day, end_day, instant FROM events ORDER BY seq")
        assert on_duckdb.fetch("SELECT count(*) FROM rejected") == [(0,)]
        aside = sorted(on_duckdb.fetch("SELECT id, reason FROM set_aside"))
    finally:
        for table in made:
            on_duckdb.execute(f"DROP TABLE IF EXISTS {table}")
    timeline = resolve(enumerate(events), {a.id: a for a in actors}, as_of)
    assert placed == [(e.id, e.day, e.end_day, e.instant.timestamp()) for e in timeline.events]
    assert aside == sorted((id_, why.code) for id_, (_, why) in timeline.set_aside.items())
    assert len(placed) + len(aside) == len(events) == 823


# ---- the command -----------------------------------------------------------------------------


def test_compile_writes_in_kazakhstans_zones_and_those_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["compile", "--as-of", "2025-12-31", "--zone", "Europe/Moscow"]) == 0
    out = capsys.readouterr().out
    for zone in (*country_zones("KZ"), "Europe/Moscow"):
        assert f"('{zone}', NULL, NULL, " in out
    assert "CREATE TEMP TABLE set_aside AS" in out


def test_compile_refuses_an_unknown_zone(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["compile", "--as-of", "2025-12-31", "--zone", "Asia/Nowhere"])
    assert stop.value.code == 2
    assert "unknown time zone 'Asia/Nowhere'" in capsys.readouterr().err


def test_the_examples_in_the_docstrings_run() -> None:
    import doctest

    from decree_rules.engine import compiled
    from decree_rules.time import offsets

    for module in (offsets, compiled):
        assert doctest.testmod(module).failed == 0, module.__name__


# ---- the reader's checks, in SQL ---------------------------------------------------------------


def _hostile_rows(good_actor: str) -> list[dict[str, object]]:
    """Rows with one defect each (and follow-ups of defective rows), beside clean ones."""
    day = "2024-03-01T10:00+05:00"
    meeting = {"actor": good_actor, "action": "reporting_meeting", "time": day}
    return [
        {"id": "ok-1", **meeting},
        {"id": "ok-2", **meeting, "participants": [f"deputy_of:{good_actor}", "public_council"]},
        {"id": "ok-3", **meeting, "ref": "ok-1", "period": "2024"},
        {"id": "dance", **meeting, "action": "dance"},
        {"id": "no-time", "actor": good_actor, "action": "reporting_meeting"},
        {"id": "", **meeting},
        {"id": "no-actor", "action": "reporting_meeting", "time": day},
        {"id": "q5", **meeting, "period": "2024-Q5"},
        {"id": "fax", **meeting, "action": "schedule_published", "channels": ["website", "fax"]},
        {"id": "mars", **meeting, "action": "results_reported", "to": ["mars"]},
        {"id": "nobody", **meeting, "participants": ["public_council", "nobody"]},
        {"id": "bad-deputy", **meeting, "participants": ["deputy_of:nowhere"]},
        {"id": "self", **meeting, "ref": "self"},
        {"id": "self-refs", **meeting, "refs": ["ok-1", "self-refs"]},
        {"id": "feb30", **meeting, "time": "2024-02-30"},
        {"id": "words", **meeting, "time": "next tuesday"},
        {"id": "year", **meeting, "time": "0999-03-01"},
        {"id": "offset", **meeting, "time": "2024-03-01T10:00+14:30"},
        {"id": "bad-end", **meeting, "end": "2024-03-01T24:00"},
        {"id": "ends-before", **meeting, "end": "2024-03-01T09:00+05:00"},
        {"id": "dangling", **meeting, "ref": "nope"},
        {"id": "follows-dangling", **meeting, "ref": "dangling"},
        {"id": "follows-follower", **meeting, "refs": ["ok-1", "follows-dangling"]},
        {"id": "follows-rejected", **meeting, "ref": "dance"},
    ]


def _raw_tuple(row: dict[str, object]) -> tuple[object, ...]:
    return (
        row.get("id"),
        row.get("actor"),
        row.get("action"),
        row.get("time"),
        row.get("end"),
        row.get("period"),
        row.get("ref"),
        row.get("refs"),
        row.get("channels"),
        row.get("to"),
        row.get("videoconference"),
        row.get("participants"),
    )


@pytest.mark.parametrize("dialect", list(Dialect))
def test_the_script_rejects_the_rows_the_lenient_reader_rejects(
    dialect: Dialect, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Missing and empty fields, unknown words, a malformed period or time, follow-ups of
    themselves, of no event and of rejected rows (down the chain): the script's
    ``rejected`` has each row the reader's lenient mode rejects, with its first code and
    field, and places the rest as the Python timeline places them. The DuckDB run loads
    the log with ``read_json``, as the docs show."""
    from decree_rules.io.events import read_events
    from decree_rules.io.registry import read_actors

    run = request.getfixturevalue("on_duckdb" if dialect is Dialect.DUCKDB else "on_postgres")
    examples = Path(__file__).resolve().parent.parent / "examples"
    registry = read_actors(examples / "actors.jsonl", lenient=False)
    actors = registry.records
    good = next(a.id for a in actors if a.id.startswith("akim."))
    rows = _hostile_rows(good)
    log = tmp_path / "events.jsonl"
    log.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    read = read_events(log, registry, lenient=True)
    expected = [(r.id or "", r.fields[0], r.codes[0]) for r in read.rejected]
    as_of = date(2025, 12, 31)
    made = ["raw_events", "tenure", "office", "parent", "zones"]
    try:
        if dialect is Dialect.DUCKDB:
            run.execute(READ_JSON.format(path=str(log).replace("'", "''")))
        else:
            run.insert("raw_events", "raw_events", [_raw_tuple(row) for row in rows])
        for name, held in warehouse_rows(actors, []).items():
            if name != "raw_events":
                run.insert(name, name, held)
        run.insert("zones", "zones", zone_rows(list(country_zones("KZ"))))
        for statement in timeline_sql(as_of, dialect):
            run.execute(statement)
            if statement.startswith("CREATE"):
                made.append(statement.split()[3])
        rejected = sorted(
            (id_ or "", field, code)
            for id_, field, code in run.fetch("SELECT id, field, code FROM rejected")
        )
        placed = run.fetch("SELECT id, day FROM events ORDER BY seq")
    finally:
        for table in made:
            run.execute(f"DROP TABLE IF EXISTS {table}")
    assert rejected == sorted(expected)
    assert {code for _, _, code in rejected} == {
        "DR-I018", "DR-I019", "DR-I027", "DR-I028", "DR-I029", "DR-I036", "DR-I037",
        "DR-I038", "DR-I039", "DR-I040", "DR-I041", "DR-I042", "DR-I043", "DR-I064",
    }  # fmt: skip
    timeline = resolve(enumerate(read.records), {a.id: a for a in actors}, as_of)
    assert placed == [(e.id, e.day) for e in timeline.events]
    assert [id_ for id_, _ in placed] == ["ok-1", "ok-2", "ok-3"]


@pytest.mark.parametrize("dialect", list(Dialect))
def test_the_script_keeps_no_row_of_an_id_used_twice(
    dialect: Dialect, request: pytest.FixtureRequest
) -> None:
    """The reader keeps the first row of a duplicate id and rejects the later ones; a table
    has no first row, so the script rejects every row of the id (DR-I031), and a
    follow-up of it with them (DR-I043)."""
    run = request.getfixturevalue("on_duckdb" if dialect is Dialect.DUCKDB else "on_postgres")
    actors = [_office("akim.a")]
    meeting = ("akim.a", "reporting_meeting", "2024-03-01")
    raw: list[tuple[object, ...]] = [
        ("twice", *meeting, None, None, None, None, [], [], False, []),
        ("twice", *meeting, None, None, None, None, [], [], False, []),
        ("answer", *meeting, None, None, "twice", None, [], [], False, []),
        ("once", *meeting, None, None, None, None, [], [], False, []),
    ]
    rows = warehouse_rows(actors, [])
    rows["raw_events"] = raw
    made = ["raw_events", "tenure", "office", "parent", "zones"]
    try:
        for name, held in rows.items():
            run.insert(name, name, held)
        run.insert("zones", "zones", zone_rows(["Asia/Almaty"]))
        for statement in timeline_sql(date(2024, 12, 31), dialect):
            run.execute(statement)
            if statement.startswith("CREATE"):
                made.append(statement.split()[3])
        rejected = sorted(run.fetch("SELECT id, field, code FROM rejected"))
        placed = run.fetch("SELECT id FROM events")
    finally:
        for table in made:
            run.execute(f"DROP TABLE IF EXISTS {table}")
    assert rejected == [
        ("answer", "ref", "DR-I043"),
        ("twice", "id", "DR-I031"),
        ("twice", "id", "DR-I031"),
    ]
    assert placed == [("once",)]
