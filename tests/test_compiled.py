"""The compiled engine agrees with the Python engine, fact for fact.

The Python engine is the reference: every world below is evaluated twice, once by it
alone and once with the compiled engine deciding the clauses it carries, and the two
reports must be equal -- every finding (status, due day, evidence, trigger, period and
every step with its arguments), every unmatched event with its reasons, every warning.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import worlds

from decree_rules.apps.cli import main
from decree_rules.apps.scenarios.parse import parse_scenarios
from decree_rules.apps.scenarios.run import rules_beside, scenario_files
from decree_rules.apps.scenarios.world import scenario_world
from decree_rules.core.source import source_lines
from decree_rules.engine.evaluate import Report, evaluate
from decree_rules.engine.plan import make_plan
from decree_rules.engine.script import compile_script
from decree_rules.engine.sql import Dialect, created_in_sql, unsupported
from decree_rules.io.events import read_events
from decree_rules.io.records import Actor, Event
from decree_rules.io.registry import read_actors
from decree_rules.lang.load import load_decree
from decree_rules.lang.model import Decree
from decree_rules.time.calendars import KazakhCalendar, WorkingCalendar
from decree_rules.time.overrides import OverlayCalendar, Overrides, load_overrides

duckdb = pytest.importorskip("duckdb", reason="the compiled engine needs the duckdb extra")

from decree_rules.engine.compiled import (  # noqa: E402
    CompiledBackend,
    DuckDBExecutor,
    Executor,
    PostgresExecutor,
    engine_used,
    warehouse_rows,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DECREE = load_decree()
COMPILED = [
    *("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"),
    *("12.1", "12.2", "12.3", "12.4", "12.5", "12.6", "13"),
]
"""The clauses of the shipped rules the compiled engine carries, in plan order."""
_BACKEND = CompiledBackend(threads=1)  # one database for the module: as a service keeps one


def both(
    decree: Decree,
    actors: object,
    events: object,
    as_of: date,
    calendar: WorkingCalendar | None = None,
) -> tuple[Report, Report, CompiledBackend]:
    reference = evaluate(decree, actors, events, as_of, calendar=calendar)  # type: ignore[arg-type]
    backend = _BACKEND
    backend.compiled.clear()
    compiled = evaluate(
        decree,
        actors,  # type: ignore[arg-type]
        events,  # type: ignore[arg-type]
        as_of,
        calendar=calendar,
        backend=backend,
    )
    return reference, compiled, backend


def assert_agree(reference: Report, compiled: Report) -> None:
    assert len(compiled.findings) == len(reference.findings)
    for ours, theirs in zip(compiled.findings, reference.findings, strict=True):
        assert ours == theirs, f"finding differs:\n{ours}\n{theirs}"
    assert compiled.unmatched_events == reference.unmatched_events
    assert compiled.warnings == reference.warnings
    assert compiled == reference


def _example_lists() -> tuple[list[Actor], list[Event]]:
    """The example world's offices and events, as lists."""
    actors = read_actors(EXAMPLES / "actors.jsonl", lenient=False)
    events = read_events(EXAMPLES / "events.jsonl", actors, lenient=False)
    return list(actors.records), list(events.records)


def _example(as_of: date) -> tuple[object, object]:
    actors = read_actors(EXAMPLES / "actors.jsonl", lenient=False)
    events = read_events(EXAMPLES / "events.jsonl", actors, lenient=False)
    return actors.records, events.records


def test_the_compiled_engine_carries_every_clause_of_the_shipped_rules() -> None:
    plan = make_plan(DECREE)
    carried = [d.number for d in plan.duties if unsupported([d]) is None]
    assert carried == COMPILED
    used = engine_used(DECREE)
    assert used.compiled == tuple(carried)
    assert used.python == ()


@pytest.mark.parametrize("as_of", [date(2016, 3, 31), date(2019, 7, 1), date(2025, 12, 31)])
def test_the_example_world_agrees(as_of: date) -> None:
    actors, events = _example(as_of)
    reference, compiled, backend = both(DECREE, actors, events, as_of)
    assert backend.compiled == COMPILED
    assert_agree(reference, compiled)


def test_the_example_world_agrees_with_calendar_overrides() -> None:
    actors, events = _example(date(2025, 12, 31))
    overrides = load_overrides(EXAMPLES / "calendar-overrides.toml")
    calendar = OverlayCalendar(KazakhCalendar(), overrides)
    reference, compiled, _ = both(DECREE, actors, events, date(2025, 12, 31), calendar)
    assert_agree(reference, compiled)


SCENARIO_FILES = scenario_files([ROOT / "rules" / "scenarios", EXAMPLES / "amended"])


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda path: path.name)
def test_every_scenario_world_agrees(path: Path) -> None:
    folder = rules_beside(path)
    decree = load_decree(folder) if folder is not None else DECREE
    text = path.read_text(encoding="utf-8")
    parsed = parse_scenarios(text, str(path))
    lines = source_lines(text)
    checked = 0
    for scenario in parsed.scenarios:
        if scenario.as_of is None:
            continue
        actors, events = scenario_world(scenario, lines, str(path), decree.vocabulary)
        as_of = date.fromisoformat(scenario.as_of.text)
        reference, compiled, _ = both(decree, actors, events, as_of)
        assert_agree(reference, compiled)
        checked += 1
    assert checked == len(parsed.scenarios)


def _generated(folder: Path, *, seed: int, size: int) -> tuple[object, object]:
    """A national log of ``size`` events over 2016-2019 from the benchmark's generator."""
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--seed",
            str(seed),
            "--events",
            str(size),
            "--years",
            "2016-2019",
            "--late-rate",
            "0.1",
            "--missing-rate",
            "0.1",
            "--out",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    actors = read_actors(folder / "actors.jsonl", lenient=False)
    events = read_events(folder / "events.jsonl", actors, lenient=False)
    return actors.records, events.records


@pytest.mark.parametrize(("seed", "size"), [(1, 3000), (2, 6000), (7, 12000)])
def test_generated_national_logs_agree(tmp_path: Path, seed: int, size: int) -> None:
    actors, events = _generated(tmp_path, seed=seed, size=size)
    reference, compiled, _ = both(DECREE, actors, events, date(2019, 12, 31))
    assert len(reference.findings) > 1000
    assert_agree(reference, compiled)


@settings(max_examples=60)  # each example is two evaluations, one of them in DuckDB
@given(worlds())
def test_random_worlds_agree(world: tuple[tuple[object, ...], tuple[object, ...], date]) -> None:
    actors, events, as_of = world
    reference, compiled, _ = both(DECREE, actors, events, as_of)
    assert_agree(reference, compiled)


# ---- the command line -------------------------------------------------------------------------


def _example_check(*extra: str, events: Path = EXAMPLES / "events.jsonl") -> list[str]:
    """``check`` of the example world (or of ``events``) as of 2025-12-31, and ``extra``."""
    return [
        "check",
        "--actors",
        str(EXAMPLES / "actors.jsonl"),
        "--events",
        str(events),
        "--as-of",
        "2025-12-31",
        *extra,
    ]


def _check(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict[str, object]]:
    code = main(_example_check("--format", "json", "--quiet", *extra))
    return code, json.loads(capsys.readouterr().out)


def test_check_engine_duckdb_gives_the_same_report_and_names_the_engine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code_python, python = _check(capsys)
    code_duckdb, compiled = _check(capsys, "--engine", "duckdb")
    assert code_python == code_duckdb == 1
    used = compiled["rules_used"]
    assert isinstance(used, dict)
    evaluator = used.pop("evaluator")
    assert evaluator["name"] == "duckdb"
    assert evaluator["version"] == duckdb.__version__
    assert evaluator["compiled"] == COMPILED
    assert evaluator["python"] == []
    assert compiled == python
    assert "evaluator" not in python["rules_used"]  # type: ignore[operator]


def test_the_report_schema_describes_the_evaluator(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from decree_rules.core.schemas import load_schema

    validator = jsonschema.Draft202012Validator(load_schema("report"))
    _, compiled = _check(capsys, "--engine", "duckdb")
    _, python = _check(capsys)
    assert not list(validator.iter_errors(compiled))
    assert not list(validator.iter_errors(python))
    evaluator = compiled["rules_used"]["evaluator"]  # type: ignore[index]
    del evaluator["compiled"]
    evaluator["threads"] = 1
    errors = sorted(e.message for e in validator.iter_errors(compiled))
    assert errors == [
        "'compiled' is a required property",
        "Additional properties are not allowed ('threads' was unexpected)",
    ]


def test_engine_auto_runs_the_python_engine_until_duckdb_is_measured_faster(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from decree_rules.apps import engines

    assert engines.AUTO_BYTES is None  # docs/engines.rst: not faster at any size measured
    _, report = _check(capsys, "--engine", "auto")
    assert "evaluator" not in report["rules_used"]  # type: ignore[operator]


@pytest.mark.parametrize(("threshold", "compiled"), [(1, True), (10**12, False)])
def test_engine_auto_runs_duckdb_on_a_log_over_the_threshold(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    threshold: int,
    compiled: bool,
) -> None:
    from decree_rules.apps import engines

    monkeypatch.setattr(engines, "AUTO_BYTES", threshold)
    _, report = _check(capsys, "--engine", "auto")
    assert ("evaluator" in report["rules_used"]) is compiled  # type: ignore[operator]


def test_the_text_report_says_which_clauses_were_compiled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(_example_check("--engine", "duckdb", "--quiet"))
    out = capsys.readouterr().out
    assert (
        f"evaluated by: duckdb {duckdb.__version__} (clauses 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
        "11, 12.1, 12.2, 12.3, 12.4, 12.5, 12.6, 13 compiled)"
    ) in out


def test_without_duckdb_the_engine_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    code = main(_example_check("--engine", "duckdb"))
    err = capsys.readouterr().err
    assert code == 2
    assert "DR-U110" not in err or "error" in err
    assert "needs DuckDB" in err
    assert "pip install 'decree_rules[duckdb]'" in err
    assert "--engine python" in err


@pytest.mark.parametrize("dialect", list(Dialect))
def test_compile_prints_the_sql_of_the_compiled_clauses(
    capsys: pytest.CaptureFixture[str], dialect: Dialect
) -> None:
    code = main(["compile", "--dialect", dialect.value, "--as-of", "2025-12-31"])
    out = capsys.readouterr().out
    assert code == 0
    assert out == compile_script(DECREE, as_of=date(2025, 12, 31), dialect=dialect)
    assert "-- clause 7: Progress on the problems posted every quarter" in out
    assert "not compiled" not in out
    # 14 walks, the offices above (clause 13), the follow-ups of rejected rows
    assert out.count("WITH RECURSIVE") == 16
    assert out.count("CREATE TEMP TABLE meet_") == 4


def script_findings(run: Executor) -> list[tuple[object, ...]]:
    """The findings a printed script left, in report order, as report_rows gives them."""
    rows = run.fetch(
        "SELECT clause, actor, period, trigger, due, status, evidence FROM findings"
        " ORDER BY clause_order, k"
    )
    return [(*row[:6], tuple(row[6])) for row in rows]


def script_unmatched(run: Executor) -> list[tuple[object, ...]]:
    """The unmatched events a printed script left: (id, code), sorted."""
    return sorted(run.fetch("SELECT id, code FROM unmatched"))


def report_rows(report: Report) -> list[tuple[object, ...]]:
    """A report's findings as rows: clause, office, period, trigger, due day, status,
    evidence."""
    return [
        (f.rule, f.actor, f.period, f.trigger, f.due, f.status.value, f.evidence)
        for f in report.findings
    ]


def run_printed_script(run: Executor, script: str, actors: object, events: object) -> None:
    """Fill the raw tables of ``run`` from ``actors`` and ``events`` as a warehouse would
    hold them, and run ``script`` (as ``compile`` prints it) on them."""
    inputs = ("raw_events", "tenure", "office", "parent")
    for name, rows in warehouse_rows(actors, events).items():  # type: ignore[arg-type]
        run.insert(name, name, rows)
    creates = tuple(f"CREATE TEMP TABLE {name} (" for name in inputs)
    for statement in script.split(";\n"):
        body = "\n".join(line for line in statement.splitlines() if not line.startswith("--"))
        if body.strip() and not body.startswith(creates):
            run.execute(body)


def made_tables(script: str) -> list[str]:
    """The tables a printed script makes."""
    return sorted(set(re.findall(r"^CREATE TEMP TABLE (\w+)", script, re.MULTILINE)))


def _printed_script_agrees(run: Executor, dialect: Dialect) -> None:
    """Run the script ``compile`` prints on the example world's raw tables, as a warehouse
    would hold them: after placing the events in time itself, it finds every finding of
    the Python engine's report -- office, period, trigger, due day, status and evidence,
    in report order -- and sets aside the same events."""
    as_of = date(2025, 12, 31)
    actors, events = _example(as_of)
    report = evaluate(DECREE, actors, events, as_of)  # type: ignore[arg-type]
    script = compile_script(DECREE, as_of=as_of, dialect=dialect)
    made = made_tables(script)
    assert {"raw_events", "tenure", "office", "parent", "findings"} <= set(made)
    for table in made:  # what an engine run on this database left
        run.execute(f"DROP TABLE IF EXISTS {table}")
    try:
        run_printed_script(run, script, actors, events)
        assert run.fetch("SELECT count(*) FROM rejected") == [(0,)]
        aside = sorted(run.fetch("SELECT id, reason FROM set_aside"))
        assert aside == sorted(
            (u.id, u.code) for u in report.unmatched_events if u.code in SET_ASIDE
        )
        assert aside  # the example has events after the as-of date
        found = script_findings(run)
        expected = report_rows(report)
        assert {row[0] for row in found} == set(COMPILED)  # every clause that sets a duty
        assert len(found) == len(expected)
        for ours, theirs in zip(found, expected, strict=True):
            assert ours == theirs
        assert {row[5] for row in found} >= {"fulfilled", "late", "violated", "pending"}
        unmatched = script_unmatched(run)
        assert unmatched == sorted((u.id, u.code) for u in report.unmatched_events)
        assert len({code for _, code in unmatched}) >= 4
    finally:
        for table in made:  # leave the database as a check finds it
            run.execute(f"DROP TABLE IF EXISTS {table}")


@functools.cache
def _script(as_of: date, dialect: Dialect, zones: tuple[str, ...]) -> str:
    return compile_script(DECREE, as_of=as_of, dialect=dialect, zones=zones)


def _script_agrees_on(run: Executor, dialect: Dialect, world: tuple[object, ...]) -> None:
    """The printed script finds the Python report's findings on ``world``."""
    actors, events, as_of = world
    report = evaluate(DECREE, actors, events, as_of)  # type: ignore[arg-type]
    zones = tuple(sorted({a.tz for a in actors if a.tz}))  # type: ignore[attr-defined]
    script = _script(as_of, dialect, zones)
    made = made_tables(script)
    for table in made:
        run.execute(f"DROP TABLE IF EXISTS {table}")
    try:
        run_printed_script(run, script, actors, events)
        assert script_findings(run) == report_rows(report)
        assert script_unmatched(run) == sorted((u.id, u.code) for u in report.unmatched_events)
        aside = sorted(run.fetch("SELECT id, reason FROM set_aside"))
        assert aside == sorted(
            (u.id, u.code) for u in report.unmatched_events if u.code in SET_ASIDE
        )
    finally:
        for table in made:
            run.execute(f"DROP TABLE IF EXISTS {table}")


@pytest.fixture(scope="module")
def on_duckdb() -> Iterator[DuckDBExecutor]:
    run = DuckDBExecutor(threads=1)
    yield run
    run.close()


@settings(max_examples=25)  # each example is an evaluation and a whole script in DuckDB
@given(world=worlds())
def test_the_printed_duckdb_script_finds_the_report_on_random_worlds(
    on_duckdb: DuckDBExecutor, world: tuple[object, ...]
) -> None:
    """Offices of every kind, some created or closed within the years, in several zones;
    dates, local times, offsets and UTC; meetings over several days; answers with and
    without ref, refs and period competing for one duty: the script, from the raw rows,
    gives every finding the report gives (status, due day, trigger, period, evidence)
    and every unmatched event with its code."""
    _script_agrees_on(on_duckdb, Dialect.DUCKDB, world)


@pytest.mark.slow
@settings(max_examples=300)
@given(world=worlds())
def test_the_printed_duckdb_script_finds_the_report_on_many_random_worlds(
    on_duckdb: DuckDBExecutor, world: tuple[object, ...]
) -> None:
    """The same, on more worlds than the suite has time for (``-m slow``)."""
    _script_agrees_on(on_duckdb, Dialect.DUCKDB, world)


@settings(max_examples=5)  # each example is a whole script (some 600 KB) on the server
@given(world=worlds())
def test_the_printed_postgresql_script_finds_the_report_on_random_worlds(
    postgres_connection: object, world: tuple[object, ...]
) -> None:
    _script_agrees_on(PostgresExecutor(postgres_connection), Dialect.POSTGRES, world)


@pytest.mark.parametrize(("seed", "size"), [(2, 6000)])
def test_the_printed_duckdb_script_finds_the_report_on_a_generated_log(
    on_duckdb: DuckDBExecutor, tmp_path: Path, seed: int, size: int
) -> None:
    actors, events = _generated(tmp_path, seed=seed, size=size)
    _script_agrees_on(on_duckdb, Dialect.DUCKDB, (actors, events, date(2019, 12, 31)))


def test_the_last_meeting_of_a_year_among_ties_is_the_one_people_count_last() -> None:
    """Two last meetings of an office's year that end on one day at one instant: the duty
    counts from the one whose id comes last as people count ids ('m10' after 'm2'), in
    both engines and in the printed script."""
    as_of = date(2025, 12, 31)
    actors, events = _example_lists()
    meeting = next(e for e in events if e.action == "reporting_meeting" and e.time.year == 2025)
    late = datetime(2025, 11, 20, 11, 0)
    ties = [attrs.evolve(meeting, id=name, time=late, end=None) for name in ("m10", "m2")]
    world = [*events, *ties]
    reference, compiled, _ = both(DECREE, actors, world, as_of)
    assert_agree(reference, compiled)
    owed = [f for f in reference.findings if f.rule in ("6", "9") and f.actor == meeting.actor]
    assert {f.trigger for f in owed if f.period == "2025"} == {"m10"}
    run = DuckDBExecutor(threads=1)
    try:
        _script_agrees_on(run, Dialect.DUCKDB, (actors, world, as_of))
    finally:
        run.close()


_OWN_READING = "  the term runs from the last meeting of the year of the actor\n"
_BELOW_READING = (
    "  the term runs from the last meeting of the year of the actor or of lower_akims under it\n"
)


def test_clause_9_read_from_the_meetings_below_has_its_duties_made_in_python(
    tmp_path: Path,
) -> None:
    """Under clause 9's other reading the DutyMaker makes the duties and the SQL discharges
    them: both engines agree, and the printed script says so for that clause."""
    text = (ROOT / "rules" / "decree.rules").read_text(encoding="utf-8")
    assert text.count(_OWN_READING) == 1
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "decree.rules").write_text(
        text.replace(_OWN_READING, _BELOW_READING), encoding="utf-8"
    )
    decree = load_decree(folder)
    nine = next(d for d in make_plan(decree).duties if d.number == "9")
    assert nine.term_below and not created_in_sql(nine)
    actors, events = _generated(tmp_path / "log", seed=3, size=4000)
    reference, compiled, backend = both(decree, actors, events, date(2019, 12, 31))
    assert "9" in backend.compiled
    assert any(f.rule == "9" and f.evidence for f in reference.findings)
    assert_agree(reference, compiled)
    script = compile_script(decree, as_of=date(2019, 12, 31), dialect=Dialect.DUCKDB)
    assert "the term runs from the meetings of the offices below" in script
    assert script.count("CREATE TEMP TABLE trig_") == 5  # clauses 5, 6, 8, 10, 11


def test_a_meeting_that_ends_after_the_terms_table_has_no_status() -> None:
    """A term counted from a day past the script's table of terms (a meeting that ends
    more than TERM_DAYS_AFTER days after the as-of date) is not guessed: status NULL."""
    as_of = date(2025, 12, 31)
    actors, events = _example_lists()
    late = attrs.evolve(
        next(e for e in events if e.action == "reporting_meeting" and e.time.year == 2025),
        id="long-meeting",
        end=date(2027, 6, 1),
    )
    run = DuckDBExecutor(threads=1)
    try:
        run_printed_script(run, _script(as_of, Dialect.DUCKDB, ()), actors, [*events, late])
        rows = run.fetch(
            "SELECT clause, status, due FROM findings WHERE trigger = 'long-meeting'"
            " ORDER BY clause"
        )
    finally:
        run.close()
    statuses = dict((clause, (status, due)) for clause, status, due in rows)
    assert statuses["4"][1] == date(2027, 6, 1)  # met at the meeting, on its last day
    assert statuses["5"][0] is not None  # counted back from the start
    ended = [clause for clause in ("6", "8", "9", "10") if clause in statuses]
    assert ended and all(statuses[clause] == (None, None) for clause in ended)


SET_ASIDE = ("unknown_actor", "after_as_of", "office_absent")


def test_the_printed_duckdb_script_decides_what_the_engine_decides() -> None:
    run = DuckDBExecutor(threads=1)
    try:
        _printed_script_agrees(run, Dialect.DUCKDB)
    finally:
        run.close()


# ---- the PostgreSQL statements, on a real server --------------------------------------------


@pytest.fixture(scope="module")
def on_postgres(postgres_connection: object) -> CompiledBackend:
    return CompiledBackend(PostgresExecutor(postgres_connection))


def _on(backend: CompiledBackend, decree: Decree, world: tuple[object, object, date]) -> None:
    actors, events, as_of = world
    reference = evaluate(decree, actors, events, as_of)  # type: ignore[arg-type]
    compiled = evaluate(decree, actors, events, as_of, backend=backend)  # type: ignore[arg-type]
    assert_agree(reference, compiled)


def test_the_postgresql_statements_agree_on_the_example_world(
    on_postgres: CompiledBackend,
) -> None:
    for as_of in (date(2016, 3, 31), date(2025, 12, 31)):
        _on(on_postgres, DECREE, (*_example(as_of), as_of))
    assert on_postgres.compiled[: len(COMPILED)] == COMPILED


def _scenarios_on(backend: CompiledBackend, first: int | None) -> int:
    """Every scenario file's ``first`` scenarios (all: None) on ``backend``; how many."""
    checked = 0
    for path in SCENARIO_FILES:
        folder = rules_beside(path)
        decree = load_decree(folder) if folder is not None else DECREE
        text = path.read_text(encoding="utf-8")
        parsed = parse_scenarios(text, str(path))
        for scenario in parsed.scenarios[:first]:
            assert scenario.as_of is not None
            world = scenario_world(scenario, source_lines(text), str(path), decree.vocabulary)
            _on(backend, decree, (*world, date.fromisoformat(scenario.as_of.text)))
            checked += 1
    return checked


def test_the_postgresql_statements_agree_on_every_scenario_file(
    on_postgres: CompiledBackend,
) -> None:
    """The first two scenarios of each file (a server answers in milliseconds, not
    microseconds: every scenario of every file is the slow test below)."""
    assert _scenarios_on(on_postgres, 2) >= 2 * len(SCENARIO_FILES) - 2


@pytest.mark.slow
def test_the_postgresql_statements_agree_on_every_scenario(
    on_postgres: CompiledBackend,
) -> None:
    assert _scenarios_on(on_postgres, None) > 100


def test_the_postgresql_statements_agree_on_a_generated_log(
    on_postgres: CompiledBackend, tmp_path: Path
) -> None:
    actors, events = _generated(tmp_path, seed=3, size=4000)
    _on(on_postgres, DECREE, (actors, events, date(2019, 12, 31)))


def test_the_printed_postgresql_script_decides_what_the_engine_decides(
    on_postgres: CompiledBackend,
) -> None:
    _printed_script_agrees(on_postgres._run, Dialect.POSTGRES)


@settings(max_examples=15)
@given(world=worlds())
def test_the_postgresql_statements_agree_on_random_worlds(
    on_postgres: CompiledBackend, world: tuple[tuple[object, ...], tuple[object, ...], date]
) -> None:
    _on(on_postgres, DECREE, world)


# ---- the same standard of input checks --------------------------------------------------------

_BAD_LOGS = {
    "unknown actor": '{"id": "e1", "actor": "akim.nowhere", "action": "reporting_meeting", '
    '"time": "2024-02-01"}\n',
    "unknown action": '{"id": "e1", "actor": "akim.aktobe-region", "action": "meeting", '
    '"time": "2024-02-01"}\n',
    "malformed time": '{"id": "e1", "actor": "akim.aktobe-region", "action": '
    '"reporting_meeting", "time": "2023-02-29"}\n',
    "duplicate id": '{"id": "e1", "actor": "akim.aktobe-region", "action": '
    '"reporting_meeting", "time": "2024-02-01"}\n'
    '{"id": "e1", "actor": "akim.aktobe-region", "action": "report_posted", '
    '"time": "2024-02-03", "channels": ["website"]}\n',
    "dangling ref": '{"id": "e1", "actor": "akim.aktobe-region", "action": "report_posted", '
    '"time": "2024-02-03", "channels": ["website"], "ref": "e9"}\n',
}


def _run(events: Path, *extra: str) -> tuple[int, str, str]:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "decree_rules",
            *_example_check("--format", "json", *extra, events=events),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.returncode, completed.stdout, completed.stderr


@pytest.mark.parametrize("defect", sorted(_BAD_LOGS))
def test_bad_input_gets_the_same_located_errors_on_both_engines(
    tmp_path: Path, defect: str
) -> None:
    log = tmp_path / "events.jsonl"
    log.write_text(_BAD_LOGS[defect], encoding="utf-8")
    python = _run(log)
    compiled = _run(log, "--engine", "duckdb")
    assert python[0] == compiled[0] == 2
    assert compiled[1:] == python[1:]
    assert f"{log}:" in compiled[2]
    assert "Traceback" not in compiled[2]
    assert compiled[2].count("error:") == 1, compiled[2]  # the defect named, and only it


def test_a_lenient_check_accounts_for_every_row_on_both_engines(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    good = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8")
    log.write_text(good + "".join(_BAD_LOGS.values()), encoding="utf-8")
    python = _run(log, "--lenient")
    compiled = _run(log, "--lenient", "--engine", "duckdb")
    assert python[0] == compiled[0] == 1
    theirs, ours = json.loads(python[1]), json.loads(compiled[1])
    ours["rules_used"].pop("evaluator")
    assert ours == theirs
    counted = ours["events"]
    assert counted["read"] == counted["used"] + counted["unmatched"] + counted["rejected"]
    assert counted["rejected"] >= 4


def test_an_event_without_ref_takes_the_duty_before_a_later_event_with_ref() -> None:
    """The contract's time order: the education head's first answer (no ref) discharges
    the earliest open rector report's duty; the later answer naming that report finds it
    discharged. A set-at-a-time query gets this wrong; the walk in time order does not."""
    from decree_rules.core.vocabulary import Role
    from decree_rules.io.records import Actor, Event

    actors = (
        Actor("ministry.education", Role.EDUCATION_HEAD, body="education"),
        Actor("rector.a", Role.RECTOR),
        Actor("rector.b", Role.RECTOR),
    )
    authority, both_ = ("education_authority",), ("presidential_administration", "government")
    events = (
        Event("r1", "rector.a", "results_reported", date(2024, 10, 1), to=authority),
        Event("r2", "rector.b", "results_reported", date(2024, 10, 2), to=authority),
        Event("h1", "ministry.education", "results_reported", date(2024, 10, 10), to=both_),
        Event("h2", "ministry.education", "results_reported", date(2024, 10, 12), to=both_,
              ref="r1"),
    )  # fmt: skip
    reference, compiled, _ = both(DECREE, actors, events, date(2024, 12, 31))
    assert_agree(reference, compiled)
    answers = {f.trigger: f for f in compiled.findings if f.rule == "11"}
    assert answers["r1"].evidence == ("h1",)
    assert answers["r2"].evidence == ()
    assert answers["r2"].status.value == "violated"
    (unmatched,) = [u for u in compiled.unmatched_events if u.id == "h2"]
    assert unmatched.code == "already_discharged"


@pytest.mark.parametrize(("jobs", "partitions"), [(1, 3), (2, 4)])
def test_partitioned_checks_on_the_compiled_engine_write_the_same_findings(
    jobs: int, partitions: int
) -> None:
    """Each partition (in its worker process) decides its offices in its own DuckDB
    database: the merged report is the one-process report."""
    from decree_rules.pipeline.parallel import check_partitioned

    actors = read_actors(EXAMPLES / "actors.jsonl", lenient=False)
    found = {}
    for engine in ("python", "duckdb"):
        with check_partitioned(
            DECREE,
            actors,
            EXAMPLES / "events.jsonl",
            date(2025, 12, 31),
            calendar=KazakhCalendar(),
            lenient=False,
            jobs=jobs,
            partitions=partitions,
            engine=engine,
        ) as report:
            found[engine] = (
                list(report.finding_lines()),
                list(report.unmatched_lines()),
                report.warnings,
            )
    assert found["duckdb"] == found["python"]
    assert len(found["duckdb"][0]) == 1022


_KAZAKH = KazakhCalendar()


@st.composite
def _overridden(draw: st.DrawFn) -> OverlayCalendar:
    """Days off and working days moved within the worlds' years, so some land on due days."""
    days = st.dates(date(2016, 1, 1), date(2020, 3, 31))
    off = draw(st.sets(days, max_size=40))
    working = draw(st.sets(days, max_size=20)) - off
    return OverlayCalendar(
        _KAZAKH,
        Overrides(
            days_off={day: ("a bridge day", "test act") for day in sorted(off)},
            working_days={day: "test act" for day in sorted(working)},
            source="test.toml",
        ),
    )


@settings(max_examples=40)
@given(world=worlds(), calendar=_overridden())
def test_random_worlds_agree_on_an_overridden_calendar(
    world: tuple[tuple[object, ...], tuple[object, ...], date], calendar: OverlayCalendar
) -> None:
    """The terms of the compiled clauses come from the same calendar object: moved days
    move the due days of both engines alike."""
    actors, events, as_of = world
    reference, compiled, _ = both(DECREE, actors, events, as_of, calendar)
    assert_agree(reference, compiled)


def test_check_compare_on_the_compiled_engine_finds_the_same_differences(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--compare`` checks the log against the other rules on the check's own engine:
    the amended rules' differing findings are the same on both."""
    other = str(EXAMPLES / "amended" / "rules")
    _, python = _check(capsys, "--compare", other)
    _, compiled = _check(capsys, "--compare", other, "--engine", "duckdb")
    theirs, ours = python["comparison"], compiled["comparison"]
    assert isinstance(theirs, dict) and isinstance(ours, dict)
    assert ours["differing"] == theirs["differing"] > 0
    assert ours["findings"] == theirs["findings"]


def test_a_checks_databases_have_one_thread_and_a_memory_limit() -> None:
    from decree_rules.pipeline.backends import MEMORY_LIMIT, compiled_backend

    assert MEMORY_LIMIT == "1GB"
    with compiled_backend("duckdb") as backend:
        assert backend is not None
        settings = backend._run.fetch(
            "SELECT current_setting('threads'), current_setting('memory_limit'),"
            " current_setting('temp_directory')"
        )
    assert settings[0][:2] == (1, "953.6 MiB")  # 1 GB, as DuckDB shows it
    assert str(settings[0][2]).endswith("decree-rules-duckdb")
