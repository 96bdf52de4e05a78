"""One consolidated report that names several rector reports: the event field ``refs``
(issue 13, point 6, clause 11), read by every reader and used by the engine."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_hostile import ACTORS as HOSTILE_ACTORS
from test_hostile import ev
from test_partitioned import in_memory, partitioned_check
from test_stream import through_both

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.core.schemas import load_schema
from decree_rules.core.vocabulary import Role
from decree_rules.engine.evaluate import evaluate
from decree_rules.engine.steps import AlreadyDischarged, RefusedRefs
from decree_rules.explain.sentences import sentence
from decree_rules.io.events import parse_events, read_events
from decree_rules.io.external import read_sql_events
from decree_rules.io.memory import check_records, read_event_rows
from decree_rules.io.records import Actor, Event
from decree_rules.io.registry import parse_actors
from decree_rules.lang.load import load_decree
from decree_rules.report.json_report import report_to_dict

HEAD = "ministry.education"
ACTORS = {
    HEAD: Actor(id=HEAD, role=Role.EDUCATION_HEAD, body="education"),
    **{f"rector.{n}": Actor(id=f"rector.{n}", role=Role.RECTOR) for n in "abcd"},
}
ANSWER = ["presidential_administration", "government"]


def row(ident: str, actor: str, day: str, **fields: object) -> dict[str, Any]:
    """A results_reported row: a rector's to the education authority, else the head's."""
    to = ["education_authority"] if actor.startswith("rector.") else ANSWER
    return {"id": ident, "actor": actor, "action": "results_reported", "time": day, "to": to} | {
        key: value for key, value in fields.items() if value is not None
    }


def rector_reports() -> list[dict[str, Any]]:
    """Four rector reports of 2025, due (one month on, moved off weekends) 10-15, 11-03,
    11-06 and 11-10."""
    days = ("2025-09-15", "2025-10-01", "2025-10-06", "2025-10-10")
    return [
        row(f"r{i}", f"rector.{n}", day)
        for i, (n, day) in enumerate(zip("abcd", days, strict=True), 1)
    ]


def jsonl(rows: Sequence[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def events(text: str, name: str = "e.jsonl") -> tuple[Event, ...]:
    return parse_events(text, ACTORS, filename=name)


def rendered(text: str, name: str = "e.jsonl") -> str:
    with pytest.raises(DecreeRulesError) as raised:
        events(text, name)
    return raised.value.render()


# ---- the readers ---------------------------------------------------------------------------


CSV_HEADER = "id,actor,action,time,to,refs\n"


def test_refs_read_the_same_from_json_lines_a_json_array_csv_and_rows() -> None:
    rows = [*rector_reports(), row("c1", HEAD, "2025-10-13", refs=["r1", "r2", "r4"])]
    from_lines = events(jsonl(rows))
    from_array = events(json.dumps(rows), "e.json")
    csv = CSV_HEADER + "".join(
        f"{r['id']},{r['actor']},results_reported,{r['time']},{';'.join(r['to'])},"
        + " ; ".join(r.get("refs", []))
        + "\n"
        for r in rows
    )
    from_csv = events(csv, "e.csv")
    from_rows = read_event_rows(rows, ACTORS).records
    assert from_lines == from_array == from_csv == from_rows
    consolidated = from_lines[-1]
    assert (consolidated.ref, consolidated.refs) == (None, ("r1", "r2", "r4"))
    assert consolidated.follows == ("r1", "r2", "r4")
    assert from_lines[0].follows == ()


def test_a_forward_reference_and_an_empty_list_are_accepted() -> None:
    rows = [row("c1", HEAD, "2025-10-13", refs=["r1"]), *rector_reports()]
    rows.append(row("c2", HEAD, "2025-10-14", refs=[]))
    found = {event.id: event for event in events(jsonl(rows))}
    assert found["c1"].refs == ("r1",)
    assert found["c2"].refs == found["c2"].follows == ()


@pytest.mark.parametrize(
    ("refs", "extra", "code", "message", "args"),
    [
        (
            ["r1", "r9"],
            {},
            "DR-I043",
            "entry 2 refers to unknown event 'r9' (no event in this file has that id)",
            {"ref": "r9", "entry": 2},
        ),
        (
            ["r1", "c1"],
            {},
            "DR-I042",
            "entry 2: an event cannot refer to itself",
            {"entry": 2},
        ),
        (
            ["r1", "r2", "r1"],
            {},
            "DR-I084",
            "entry 3 names 'r1' again (entry 1 names it already)",
            {"ref": "r1", "entry": 3, "first": 1},
        ),
        (
            ["r2"],
            {"ref": "r1"},
            "DR-I083",
            "both 'ref' and 'refs' given: it is not clear which events this one follows up",
            {},
        ),
        (["r1", "r2 "], {}, "DR-I060", "'r2 ' ends with a space", None),
        ("r1", {}, "DR-I020", "expected an array of strings, found a string", None),
        (["r1", 7], {}, "DR-I020", "expected an array of strings, found a number (7) in it", None),
    ],
    ids=["dangling", "itself", "twice", "with ref", "padded", "not a list", "not a string"],
)
def test_each_defect_of_refs_has_its_code_field_and_place(
    refs: object, extra: dict[str, Any], code: str, message: str, args: dict[str, Any] | None
) -> None:
    rows = [*rector_reports(), row("c1", HEAD, "2025-10-13", refs=refs, **extra)]
    with pytest.raises(DecreeRulesError) as raised:
        events(jsonl(rows))
    (found,) = raised.value.diagnostics
    assert found.code == code
    assert found.message.startswith(message)
    assert (found.location.line, found.location.field) == (5, "refs")
    if args is not None:
        assert dict(found.args) == args


def test_the_message_of_a_dangling_entry_points_at_it() -> None:
    rows = [*rector_reports(), row("c1", HEAD, "2025-10-13", refs=["r1", "r5"])]
    hint = "    hint: each entry of 'refs' must be the id of another event in this file"
    assert rendered(jsonl(rows)) == (
        "e.jsonl:5:165: error: field 'refs': entry 2 refers to unknown event 'r5' (no event "
        "in this file has that id)\n"
        '    {"id": "c1", "actor": "ministry.education", "action": "results_reported", "time": '
        '"2025-10-13", "to": ["presidential_administration", "government"], "refs": ["r1", '
        '"r5"]}\n' + " " * 168 + "^^^^\n" + hint
    )
    csv = (
        CSV_HEADER + "r1,rector.a,results_reported,2025-09-15,education_authority,\n"
        "c1,ministry.education,results_reported,2025-10-13,government,r1;r9\n"
    )
    assert rendered(csv, "e.csv") == (
        "e.csv:3:65: error: field 'refs': entry 2 refers to unknown event 'r9' (no event in "
        "this file has that id)\n"
        "    c1,ministry.education,results_reported,2025-10-13,government,r1;r9\n"
        + " " * 68
        + "^^\n"
        + hint
    )


def test_a_lenient_read_rejects_what_follows_a_rejected_report() -> None:
    """c1 names r2, whose row is rejected: c1 goes, and c2, which follows c1 up."""
    rows = rector_reports()
    rows[1]["time"] = "2025-10-32"
    rows += [
        row("c1", HEAD, "2025-10-13", refs=["r1", "r2"]),
        row("c2", HEAD, "2025-10-14", ref="c1"),
        row("c3", HEAD, "2025-10-15", refs=["r3", "r9"]),
        row("c4", HEAD, "2025-10-16", refs=["r4"]),
    ]
    loaded = read_events_text(jsonl(rows), lenient=True)
    assert [event.id for event in loaded.records] == ["r1", "r3", "r4", "c4"]
    assert [(r.id, r.codes, r.fields, r.messages[-1]) for r in loaded.rejected] == [
        ("r2", ("DR-I027",), ("time",), loaded.rejected[0].messages[0]),
        (
            "c1",
            ("DR-I043",),
            ("refs",),
            "field 'refs': entry 2 refers to unknown event 'r2' (its row was rejected)",
        ),
        (
            "c2",
            ("DR-I043",),
            ("ref",),
            "field 'ref': refers to unknown event 'c1' (its row was rejected)",
        ),
        (
            "c3",
            ("DR-I043",),
            ("refs",),
            "field 'refs': entry 2 refers to unknown event 'r9' (no event in this file has that "
            "id)",
        ),
    ]


def read_events_text(text: str, *, lenient: bool) -> Any:
    from decree_rules.io.events import read_event_text

    return read_event_text(text, ACTORS, filename="e.jsonl", fmt=None, lenient=lenient)


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_the_stream_reads_refs_as_the_whole_file_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lenient: bool
) -> None:
    from decree_rules.io import stream as io_stream

    monkeypatch.setattr(io_stream, "STREAM_CHUNK_BYTES", 200)
    monkeypatch.setattr(io_stream, "_FIRST_PIECE_BYTES", 200)
    rows = [row("c0", HEAD, "2025-10-12", refs=["r4", "r1"]), *rector_reports()]
    rows[2]["actor"] = "rector.nobody"  # r2 is rejected
    rows += [
        row("c1", HEAD, "2025-10-13", refs=["r1", "r2"]),
        row("c2", HEAD, "2025-10-14", refs=["c1", "r3"]),
        row("c3", HEAD, "2025-10-15", refs=["r3", "r7"]),
        row("c4", HEAD, "2025-10-16", refs=["c4"]),
        row("c5", HEAD, "2025-10-17", refs=["c9", "r1"]),
        row("c9", HEAD, "2025-10-18", refs=["r4"]),
    ]
    path = tmp_path / "e.jsonl"
    path.write_text(jsonl(rows), encoding="utf-8")
    whole, streamed = through_both(path, ACTORS, lenient=lenient)
    assert streamed == whole
    if lenient:
        assert isinstance(whole, tuple)
        kept, rejected, _ = whole
        assert [event.id for event in kept] == ["c0", "r1", "r3", "r4", "c5", "c9"]
        assert [r.id for r in rejected] == ["r2", "c1", "c2", "c3", "c4"]


_TARGETS = ["e1", "e2", "e3", "e4", "e9", "BAD"]


@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["e1", "e2", "e3", "e4"]),
            st.one_of(
                st.none(),
                st.sampled_from(_TARGETS),
                st.lists(st.sampled_from(_TARGETS), min_size=1, max_size=3),
            ),
        ),
        max_size=8,
    ),
    lenient=st.booleans(),
    size=st.sampled_from([16, 64, 4096]),
)
def test_any_graph_of_ref_and_refs_reads_the_same_piece_by_piece(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, str | list[str] | None]],
    lenient: bool,
    size: int,
) -> None:
    """Rows that name one event ('ref'), several ('refs', repeats and all), or none, of
    ids that come earlier, later, never, or in a rejected row: the stream with pieces of
    16 bytes on reads them as the whole file does, strictly and leniently."""
    from decree_rules.io import stream as io_stream

    lines = []
    for ident, named in rows:
        fields: dict[str, object] = {"id": ident}
        if named == "BAD" or (isinstance(named, list) and "BAD" in named):
            fields["time"] = "2016-02-30"
        if isinstance(named, list):
            fields["refs"] = [name for name in named if name != "BAD"]
        elif named is not None and named != "BAD":
            fields["ref"] = named
        lines.append(ev(**fields))
    path = tmp_path_factory.mktemp("refs") / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(io_stream, "STREAM_CHUNK_BYTES", size)
        patch.setattr(io_stream, "_FIRST_PIECE_BYTES", size)
        patch.setattr(io_stream, "ID_INDEX_IN_MEMORY", 2 if size < 100 else 1_000_000)
        whole, streamed = through_both(path, HOSTILE_ACTORS, lenient=lenient)
    assert streamed == whole, json.dumps(rows)


def test_rows_in_memory_arrow_a_dataframe_and_sql_give_the_same_events(tmp_path: Path) -> None:
    pyarrow = pytest.importorskip("pyarrow")
    pandas = pytest.importorskip("pandas")
    rows = [*rector_reports(), row("c1", HEAD, "2025-10-13", refs=["r1", "r3"])]
    for r in rows:
        r.setdefault("refs", None)
    expected = read_event_rows(rows, ACTORS).records
    assert expected[-1].refs == ("r1", "r3")
    table = pyarrow.Table.from_pylist(rows)
    assert str(table.schema.field("refs").type) == "list<item: string>"
    assert read_event_rows(table, ACTORS).records == expected
    assert read_event_rows(pandas.DataFrame(rows), ACTORS).records == expected
    db = tmp_path / "log.db"
    with sqlite3.connect(db) as con:
        con.execute('CREATE TABLE log (id, actor, action, time, "to", refs)')
        con.executemany(
            "INSERT INTO log VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    r["id"],
                    r["actor"],
                    r["action"],
                    r["time"],
                    ";".join(r["to"]),
                    ";".join(r["refs"] or ()),
                )
                for r in rows
            ],
        )
    con.close()
    query = 'SELECT id, actor, action, time, "to", refs FROM log'
    from_sql = read_sql_events(query, f"sqlite:///{db}", ACTORS, lenient=False).records
    assert [(e.id, e.refs) for e in from_sql] == [(e.id, e.refs) for e in expected]
    bad = [*rows[:-1], {**rows[-1], "refs": ["r1", "r8"]}]
    with pytest.raises(DecreeRulesError) as raised:
        read_event_rows(bad, ACTORS)
    assert raised.value.render().startswith(
        "events:5: error: field 'refs': entry 2 refers to unknown event 'r8'"
    )


def test_events_built_by_hand_are_checked_for_refs() -> None:
    r1 = Event(id="r1", actor="rector.a", action="results_reported", time=date(2025, 9, 15))
    c1 = Event(
        id="c1",
        actor=HEAD,
        action="results_reported",
        time=date(2025, 10, 13),
        ref="r1",
        refs=("r1", "r9", "r1", "c1"),
    )
    with pytest.raises(DecreeRulesError) as raised:
        check_records(list(ACTORS.values()), [r1, c1])
    found = [(d.code, d.message, d.location.field) for d in raised.value.diagnostics]
    assert found == [
        (
            "DR-I083",
            "both 'ref' and 'refs' given: it is not clear which events this one follows up",
            "refs",
        ),
        ("DR-I043", "entry 2 refers to unknown event 'r9' (not among the events given)", "refs"),
        ("DR-I084", "entry 3 names 'r1' again (entry 1 names it already)", "refs"),
        ("DR-I042", "entry 4: an event cannot refer to itself", "refs"),
    ]
    odd = Event(
        id="c2",
        actor=HEAD,
        action="results_reported",
        time=date(2025, 10, 13),
        refs=["r1"],  # type: ignore[arg-type]
    )
    with pytest.raises(DecreeRulesError) as raised:
        check_records(list(ACTORS.values()), [r1, odd])
    assert raised.value.diagnostics[0].message.startswith("expected a tuple of strings")


@given(
    st.lists(
        st.text(st.characters(whitelist_categories=("Ll", "Nd")), min_size=1, max_size=6),
        unique_by=lambda name: unicodedata.normalize("NFC", name),
        max_size=5,
    )
)
def test_refs_survive_being_written_and_read_again(names: list[str]) -> None:
    """Any list of distinct ids, written as JSON Lines and as CSV, reads back as it was
    (in Unicode NFC, as every id is read)."""
    targets = [unicodedata.normalize("NFC", f"t{name}") for name in names]
    rows = [row(ident, "rector.a", "2025-09-15") for ident in targets]
    rows.append(row("c1", HEAD, "2025-10-13", refs=targets))
    assert events(jsonl(rows))[-1].refs == tuple(targets)
    csv = CSV_HEADER + "".join(
        f"{r['id']},{r['actor']},results_reported,{r['time']},{';'.join(r['to'])},"
        f"{';'.join(r.get('refs', []))}\n"
        for r in rows
    )
    assert events(csv, "e.csv")[-1].refs == tuple(targets)


# ---- the engine ----------------------------------------------------------------------------


def evaluated(rows: list[dict[str, Any]], as_of: date = date(2025, 12, 31)) -> dict[str, Any]:
    report = evaluate(load_decree(), tuple(ACTORS.values()), events(jsonl(rows)), as_of)
    return report_to_dict(report)


def clause_11(report: dict[str, Any]) -> dict[str, tuple[str, list[str], str]]:
    return {
        f["trigger"]: (f["status"], f["evidence"], f["due"])
        for f in report["findings"]
        if f["rule"] == "11"
    }


def test_a_consolidated_report_discharges_the_three_it_names_of_four() -> None:
    rows = [*rector_reports(), row("c1", HEAD, "2025-10-13", refs=["r1", "r2", "r4"])]
    report = evaluated(rows)
    assert clause_11(report) == {
        "r1": ("fulfilled", ["c1"], "2025-10-15"),
        "r2": ("fulfilled", ["c1"], "2025-11-03"),
        "r3": ("violated", [], "2025-11-06"),
        "r4": ("fulfilled", ["c1"], "2025-11-10"),
    }
    assert report["unmatched_events"] == []


def test_a_named_report_answered_already_keeps_its_evidence_and_a_late_one_is_late() -> None:
    rows = [
        *rector_reports(),
        row("a1", HEAD, "2025-09-20", ref="r1"),
        row("c1", HEAD, "2025-11-04", refs=["r1", "r2", "r3"]),
    ]
    assert clause_11(evaluated(rows)) == {
        "r1": ("fulfilled", ["a1"], "2025-10-15"),
        "r2": ("late", ["c1"], "2025-11-03"),
        "r3": ("fulfilled", ["c1"], "2025-11-06"),
        "r4": ("violated", [], "2025-11-10"),
    }


def test_refs_naming_only_answered_reports_is_already_discharged() -> None:
    rows = [
        *rector_reports(),
        row("a1", HEAD, "2025-09-20", ref="r1"),
        row("c1", HEAD, "2025-10-13", refs=["r1"]),
    ]
    report = evaluated(rows)
    (unmatched,) = report["unmatched_events"]
    assert (unmatched["id"], unmatched["code"]) == ("c1", AlreadyDischarged.code)


def test_refs_naming_no_duty_of_the_clause_are_refused_in_words() -> None:
    """c1 names two events that created no duty of clause 11: a rector's report to the
    Government (not to the education authority) and a meeting; r1's duty stays open."""
    rows = [
        rector_reports()[0],
        row("g1", "rector.a", "2025-09-15") | {"to": ["government"]},
        {"id": "m1", "actor": "rector.b", "action": "reporting_meeting", "time": "2025-03-03"},
        row("c1", HEAD, "2025-10-13", refs=["g1", "m1"]),
    ]
    report = evaluated(rows)
    reasons = {u["id"]: u for u in report["unmatched_events"]}
    c1 = reasons["c1"]
    assert c1["code"] == RefusedRefs.code
    assert c1["steps"][0] == {
        "code": "refused_refs",
        "args": {"clause": "11", "refs": ["g1", "m1"], "by_event": True},
    }
    assert c1["reason"] == (
        "clause 11: it names g1, m1 in 'refs', and none of them created an open duty of this clause"
    )
    step = RefusedRefs("11", ("g1", "m1"), by_event=True)
    assert sentence(step, "ru") == (
        "пункт 11: событие называет в 'refs' события g1, m1, но ни одно из них не породило "
        "неисполненной обязанности по этому пункту"
    )
    assert sentence(step, "kk").startswith("11-тармақ: оқиға 'refs' өрісінде g1, m1 оқиғаларын")
    other = RefusedRefs("9", ("g1",), by_event=False)
    assert sentence(other, "en") == (
        "clause 9: it names g1 in 'refs', but the duties of this clause are not created by "
        "events (give 'period' instead of 'refs')"
    )


def test_the_event_schema_takes_refs_and_refuses_them_beside_ref() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(load_schema("event"))
    good = row("c1", HEAD, "2025-10-13", refs=["r1", "r2"])
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**good, "ref": None})) == []
    assert list(validator.iter_errors({**good, "ref": "r1"}))
    assert list(validator.iter_errors({**good, "refs": ["r1", "r1"]}))
    assert list(validator.iter_errors({**good, "refs": ["r1", ""]}))
    assert list(validator.iter_errors({**good, "refs": "r1"}))


def test_a_partitioned_check_gives_the_report_of_one_evaluation(tmp_path: Path) -> None:
    """The consolidated report's office and the rectors' fall in different partitions; the
    rector reports reach the ministry's, where their duties are."""
    actors = tmp_path / "actors.jsonl"
    registry = [
        {"id": a.id, "role": a.role.value, **({"body": a.body} if a.body else {})}
        for a in ACTORS.values()
    ]
    actors.write_text(jsonl(registry), encoding="utf-8")
    assert parse_actors(actors.read_text(), filename="a.jsonl")
    rows = [
        *rector_reports(),
        row("c1", HEAD, "2025-10-13", refs=["r1", "r2", "r4"]),
        row("c2", HEAD, "2025-10-14", refs=["r3", "r2"]),
    ]
    log = tmp_path / "events.jsonl"
    log.write_text(jsonl(rows), encoding="utf-8")
    expected = in_memory(actors, log)
    assert '"evidence": ["c2"]' in expected.replace("\n", "")
    out = tmp_path / "out.json"
    code, got = partitioned_check(actors, log, out, jobs=2, parts=5, extra=("--format", "json"))
    assert code == 1
    assert json.loads(got) == json.loads(expected)
    events_read = read_events(log, ACTORS, lenient=False).records
    assert events_read[-1].refs == ("r3", "r2")


def test_the_service_takes_refs_and_locates_their_errors() -> None:
    """POST /v1/check to a real server: refs discharge what they name; a dangling entry
    is a 422 located by part, row and field."""
    from test_service import Server

    actors = [
        {"id": a.id, "role": a.role.value, **({"body": a.body} if a.body else {})}
        for a in ACTORS.values()
    ]
    rows = [*rector_reports(), row("c1", HEAD, "2025-10-13", refs=["r1", "r2", "r4"])]
    server = Server()
    try:
        status, report = server.call(
            "POST", "/v1/check", {"as_of": "2025-12-31", "actors": actors, "events": rows}
        )
        assert status == 200
        assert clause_11(report) == clause_11(evaluated(rows))
        assert clause_11(report)["r2"] == ("fulfilled", ["c1"], "2025-11-03")
        rows[-1]["refs"] = ["r1", "r5"]
        status, answer = server.call(
            "POST", "/v1/check", {"as_of": "2025-12-31", "actors": actors, "events": rows}
        )
    finally:
        server.stop()
    assert status == 422
    (error,) = answer["errors"]
    assert (error["code"], error["location"]) == (
        "DR-I043",
        {"part": "events", "row": 5, "field": "refs"},
    )
    assert error["message"].startswith("entry 2 refers to unknown event 'r5'")
