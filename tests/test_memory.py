"""Registries and logs from rows in memory: the file readers' checks, located by row."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from decree_rules.core.diagnostics import DecreeRulesError, InputError, RuleError
from decree_rules.core.vocabulary import Level, Role
from decree_rules.engine.evaluate import evaluate
from decree_rules.io.events import load_events, parse_events
from decree_rules.io.memory import (
    actors_from_rows,
    events_from_rows,
    read_actor_rows,
    read_event_rows,
)
from decree_rules.io.records import Actor, Event
from decree_rules.io.registry import load_actors, parse_actors
from decree_rules.lang.grammar import shipped_rules_path
from decree_rules.lang.load import load_decree, load_rules, parse_rules

ROOT = Path(__file__).parents[1]
ACTORS = ROOT / "examples" / "actors.jsonl"
EVENTS = ROOT / "examples" / "events.jsonl"


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _found(error: DecreeRulesError) -> list[tuple[str, str, int | None, str | None]]:
    return [(d.code, d.message, d.location.line, d.location.field) for d in error.diagnostics]


def test_rows_give_the_records_the_files_give() -> None:
    actors = actors_from_rows(_rows(ACTORS))
    assert actors == load_actors(ACTORS)
    known = {actor.id: actor for actor in actors}
    assert events_from_rows(_rows(EVENTS), actors) == load_events(EVENTS, known)


BAD_EVENTS: list[Any] = [
    {"id": "e1", "actor": "akim.a", "action": "reporting_meeting", "time": "2024-02-15"},
    {"id": "e1", "actor": "akim.a", "action": "reporting_meeting", "time": "2024-02-16"},
    {"id": "e3", "actor": "akim.nobody", "action": "report_postd", "time": "2024-13-01"},
    {"id": "e4", "actor": "akim.a", "action": "report_posted", "time": 20240215},
    {"id": "e5", "actor": "akim.a", "action": "report_posted", "time": "2024-02-15",
     "channels": ["websit"], "ref": "e9", "videoconference": "yes"},
    {"id": " e6", "actor": "akim.a", "action": "report_posted", "time": "2024-02-15",
     "end": "2024-02-14"},
]  # fmt: skip
REGISTRY = [{"id": "akim.a", "role": "akim", "level": "region"}]


def test_rows_get_the_file_readers_errors_located_by_row_and_field() -> None:
    actors = actors_from_rows(REGISTRY)
    with pytest.raises(DecreeRulesError) as from_rows:
        events_from_rows(BAD_EVENTS, actors)
    text = "".join(json.dumps(row) + "\n" for row in BAD_EVENTS)
    with pytest.raises(DecreeRulesError) as from_file:
        parse_events(text, {a.id: a for a in actors}, filename="e.jsonl")
    file_found = [
        (code, message.replace("on line", "on row"), line, field)
        for code, message, line, field in _found(from_file.value)
    ]
    assert _found(from_rows.value) == file_found  # one row a line: the same numbers
    codes = {code for code, *_ in file_found}
    assert {"DR-I031", "DR-I012", "DR-I036", "DR-I027", "DR-I020", "DR-I039"} <= codes
    assert all(d.location.file == "events" for d in from_rows.value.diagnostics)
    assert all(d.location.column is None for d in from_rows.value.diagnostics)
    assert "events:2: error: field 'id': duplicate id 'e1': already used on row 1" in str(
        from_rows.value
    )


def test_registry_rows_get_the_file_readers_errors() -> None:
    rows: list[Any] = [
        {"id": "akim.a", "role": "akim"},
        {"id": "akim.b", "role": "akimm", "level": "region"},
        {"id": "akim.a", "role": "rector", "tz": "Mars/Base"},
        "not a row",
    ]
    with pytest.raises(DecreeRulesError) as caught:
        actors_from_rows(rows)
    found = {(d.code, d.location.line, d.location.field) for d in caught.value.diagnostics}
    assert {
        ("DR-I018", 1, "level"),
        ("DR-I023", 2, "role"),
        ("DR-I031", 3, "id"),
        ("DR-I026", 3, "tz"),
        ("DR-I010", 4, None),
    } <= found
    text = "".join(json.dumps(row) + "\n" for row in rows[:3])
    with pytest.raises(DecreeRulesError) as from_file:
        parse_actors(text, filename="a.jsonl")
    assert [m.replace("on line", "on row") for _, m, *_ in _found(from_file.value)] == [
        m for c, m, *_ in _found(caught.value) if c != "DR-I010"
    ]


def test_something_that_is_no_rows_is_a_located_error() -> None:
    with pytest.raises(InputError) as caught:
        events_from_rows({"id": "e1"}, actors_from_rows(REGISTRY))
    assert (caught.value.code, caught.value.location.file) == ("DR-I010", "events")


def test_an_empty_registry_is_an_error() -> None:
    with pytest.raises(InputError) as caught:
        actors_from_rows([])
    assert caught.value.code == "DR-I017"


def test_lenient_rows_reject_the_defective_ones() -> None:
    actors = read_actor_rows(REGISTRY)
    loaded = read_event_rows(BAD_EVENTS, actors, lenient=True)
    assert loaded.rows == len(BAD_EVENTS)
    assert [event.id for event in loaded.records] == ["e1"]  # the second e1 is rejected
    assert {row.line for row in loaded.rejected} == set(range(2, 7))
    fine = read_event_rows(BAD_EVENTS[:1] + BAD_EVENTS[3:4], actors, lenient=True)
    assert [event.id for event in fine.records] == ["e1"]
    assert [(row.file, row.line, row.codes) for row in fine.rejected] == [
        ("events", 2, ("DR-I020",))
    ]


def test_an_arrow_table_gives_the_same_events() -> None:
    pa = pytest.importorskip("pyarrow")
    # A table's columns are those of every row (from_pylist would take the first row's).
    actors = actors_from_rows(pa.Table.from_struct_array(pa.array(_rows(ACTORS))))
    rows = _rows(EVENTS)
    table = pa.Table.from_struct_array(pa.array(rows))
    assert events_from_rows(table, actors) == events_from_rows(rows, actors)


def test_date_values_are_read_as_their_iso_text() -> None:
    actors = actors_from_rows(REGISTRY)
    (event,) = events_from_rows(
        [{"id": "e1", "actor": "akim.a", "action": "report_posted", "time": date(2024, 2, 15)}],
        actors,
    )
    assert event.time == date(2024, 2, 15)


def test_nan_in_a_row_is_refused_as_in_json() -> None:
    actors = actors_from_rows(REGISTRY)
    row = {"id": "e1", "actor": "akim.a", "action": "report_posted", "time": float("nan")}
    with pytest.raises(InputError) as caught:
        events_from_rows([row], actors)
    assert (caught.value.code, caught.value.location.field) == ("DR-I061", "time")


# ---- records built by hand ------------------------------------------------------------


def _world() -> tuple[Any, Any, list[Event]]:
    decree = load_decree()
    actors = actors_from_rows(REGISTRY)
    good = Event("e1", "akim.a", "reporting_meeting", date(2024, 2, 15))
    return decree, actors, [good]


def test_hand_built_events_with_one_id_are_a_located_error() -> None:
    decree, actors, (good,) = _world()
    with pytest.raises(InputError) as caught:
        evaluate(
            decree, actors, [good, attrs.evolve(good, time=date(2024, 3, 1))], date(2024, 12, 31)
        )
    assert (caught.value.code, caught.value.location.file) == ("DR-I031", "events")
    assert (caught.value.location.line, caught.value.location.field) == (2, "id")


def test_a_string_time_is_a_located_error_not_a_type_error() -> None:
    decree, actors, (good,) = _world()
    broken = attrs.evolve(good, time="2024-02-15")  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        evaluate(decree, actors, [broken], date(2024, 12, 31))
    assert (caught.value.code, caught.value.location.line, caught.value.location.field) == (
        "DR-I020", 1, "time",
    )  # fmt: skip


def test_unknown_actors_refs_and_bad_actor_types_are_all_reported() -> None:
    decree, actors, (good,) = _world()
    strays = [
        attrs.evolve(good, id="e2", actor="akim.nobody"),
        attrs.evolve(good, id="e3", ref="e99"),
        attrs.evolve(good, id="e4", channels=["website"]),  # type: ignore[arg-type]
    ]
    bad_actor = Actor("akim.b", Role.AKIM, Level.REGION, tz=None)  # type: ignore[arg-type]
    with pytest.raises(DecreeRulesError) as caught:
        evaluate(decree, [*actors, bad_actor], [good, *strays], date(2024, 12, 31))
    found = {(d.code, d.location.file, d.location.line, d.location.field)
             for d in caught.value.diagnostics}  # fmt: skip
    assert found == {
        ("DR-I020", "actors", 2, "tz"),
        ("DR-I012", "events", 2, "actor"),
        ("DR-I043", "events", 3, "ref"),
        ("DR-I020", "events", 4, "channels"),
    }


def test_records_read_from_files_keep_their_file_locations() -> None:
    decree = load_decree()
    actors = load_actors(ACTORS)
    events = load_events(EVENTS, {a.id: a for a in actors})
    twice = [*events, events[0]]
    with pytest.raises(InputError) as caught:
        evaluate(decree, actors, twice, date(2025, 12, 31))
    assert caught.value.location.file.endswith("events.jsonl")
    assert caught.value.location.line == 1


# ---- rules from text are validated ----------------------------------------------------


def test_rules_from_text_with_a_typo_are_refused_unless_asked_not_to() -> None:
    text = (shipped_rules_path() / "decree.rules").read_text(encoding="utf-8")
    typo = text.replace("\n  akim must do reporting_meeting", "\n  akimm must do reporting_meeting")
    assert typo != text
    with pytest.raises(RuleError) as caught:
        parse_rules(typo, filename="decree.rules")
    assert (caught.value.code, caught.value.location.line) == ("DR-R001", 83)
    unchecked = parse_rules(typo, filename="decree.rules", validated=False)
    assert len(unchecked.clauses) == len(load_decree().clauses)


def test_load_rules_validates_a_folder(tmp_path: Path) -> None:
    text = (shipped_rules_path() / "decree.rules").read_text(encoding="utf-8")
    (tmp_path / "d.rules").write_text(text.replace("must do report_posted", "must do report_postd"))
    with pytest.raises(DecreeRulesError) as caught:
        load_rules(tmp_path)
    assert {d.code for d in caught.value.diagnostics} == {"DR-R005"}
    assert load_rules(tmp_path, validated=False).clauses


def test_a_dataframe_gives_the_same_records_and_located_errors() -> None:
    pd = pytest.importorskip("pandas")
    actors = actors_from_rows(pd.DataFrame(_rows(ACTORS)))
    assert actors == actors_from_rows(_rows(ACTORS))
    rows = _rows(EVENTS)
    assert events_from_rows(pd.DataFrame(rows), actors) == events_from_rows(rows, actors)
    rows[2] = {**rows[2], "actor": "akim.nobody"}
    with pytest.raises(DecreeRulesError) as caught:
        events_from_rows(pd.DataFrame(rows[:5]), actors)
    (found,) = _found(caught.value)
    assert (found[0], found[2], found[3]) == ("DR-I012", 3, "actor")
