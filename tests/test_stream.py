"""EventStream reads a log piece by piece and must agree with read_events on every input."""

from __future__ import annotations

import gc
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_hostile import ACTORS, EVENT_LOGS, ev

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.io import stream as io_stream
from decree_rules.io.events import read_events
from decree_rules.io.formats import split_jsonl
from decree_rules.io.records import Actor, Event, Loaded
from decree_rules.io.registry import read_actors
from decree_rules.io.stream import EventStream

ROOT = Path(__file__).parents[1]


def through_both(
    path: Path, actors: Loaded[Actor] | dict[str, Actor], *, lenient: bool
) -> tuple[object, object]:
    """What read_events and EventStream make of ``path``: a result or a rendered error."""

    def whole() -> object:
        try:
            loaded = read_events(path, actors, lenient=lenient)
        except DecreeRulesError as error:
            return error.render()
        return list(loaded.records), loaded.rejected, loaded.rows

    def streamed() -> object:
        try:
            with EventStream(path, actors, lenient=lenient) as stream:
                events: list[Event] = list(stream)
                end = stream.finish()
        except DecreeRulesError as error:
            return error.render()
        kept = [event for event in events if event.id not in end.late_rejected]
        assert stream.accepted == len(events)
        assert end.rows == len(kept) + len(end.rejected)
        return kept, end.rejected, end.rows

    return whole(), streamed()


@pytest.fixture(
    params=[(48, 2), (1 << 20, 1_000_000)],
    ids=["tiny pieces, ids on disk", "one piece, ids in memory"],
)
def piece_size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    size, in_memory = request.param
    monkeypatch.setattr(io_stream, "STREAM_CHUNK_BYTES", size)
    monkeypatch.setattr(io_stream, "_FIRST_PIECE_BYTES", min(size, 1 << 20))
    # Past this many ids the index moves to SQLite: 2 makes every log use the disk path.
    monkeypatch.setattr(io_stream, "ID_INDEX_IN_MEMORY", in_memory)
    return int(size)


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
@pytest.mark.parametrize(("name", "content", "head", "how"), EVENT_LOGS)
def test_every_hostile_log_reads_the_same(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    piece_size: int,
    name: str,
    content: str | bytes,
    head: str,
    how: str,
    lenient: bool,
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    if "spread over several lines" in head:
        # Recognised only whole, in the first piece: which is why that piece is 4 MiB.
        monkeypatch.setattr(io_stream, "_FIRST_PIECE_BYTES", 1 << 20)
    whole, streamed = through_both(path, ACTORS, lenient=lenient)
    assert streamed == whole


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_the_example_log_reads_the_same(piece_size: int, lenient: bool) -> None:
    actors = read_actors(ROOT / "examples" / "actors.jsonl", lenient=lenient)
    whole, streamed = through_both(ROOT / "examples" / "events.jsonl", actors, lenient=lenient)
    assert isinstance(whole, tuple)
    assert streamed == whole


REF_CASES = {
    "forward ref to a later event": [("e1", "e2"), ("e2", None)],
    "ref to an event that never comes": [("e1", None), ("e2", "e9")],
    "chain hanging from a missing event": [("e1", "e9"), ("e2", "e1"), ("e3", "e2")],
    "chain through a later rejected row": [("e1", "e2"), ("e2", "BAD")],
    "ref to a rejected earlier row": [("e1", "BAD"), ("e2", "e1")],
    "duplicate id, ref to it": [("e1", None), ("e1", None), ("e2", "e1")],
}


def ref_log(rows: list[tuple[str, str | None]]) -> str:
    lines = []
    for ident, ref in rows:
        if ref == "BAD":
            lines.append(ev(id=ident, time="2016-02-30"))
        else:
            lines.append(ev(id=ident, ref=ref) if ref else ev(id=ident))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
@pytest.mark.parametrize("rows", list(REF_CASES.values()), ids=list(REF_CASES))
def test_refs_across_pieces_read_the_same(
    tmp_path: Path, piece_size: int, rows: list[tuple[str, str | None]], lenient: bool
) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(ref_log(rows), encoding="utf-8")
    whole, streamed = through_both(path, ACTORS, lenient=lenient)
    assert streamed == whole


@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["e1", "e2", "e3", "e4"]),
            st.sampled_from([None, "e1", "e2", "e3", "e4", "e9", "BAD"]),
        ),
        max_size=8,
    ),
    lenient=st.booleans(),
    size=st.sampled_from([16, 64, 4096]),
)
def test_any_ref_graph_reads_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, str | None]],
    lenient: bool,
    size: int,
) -> None:
    path = tmp_path_factory.mktemp("refs") / "events.jsonl"
    path.write_text(ref_log(rows), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(io_stream, "STREAM_CHUNK_BYTES", size)
        patch.setattr(io_stream, "_FIRST_PIECE_BYTES", size)
        patch.setattr(io_stream, "ID_INDEX_IN_MEMORY", 2 if size < 100 else 1_000_000)
        whole, streamed = through_both(path, ACTORS, lenient=lenient)
    assert streamed == whole, json.dumps(rows)


def test_a_csv_log_is_read_whole_and_gives_the_same(tmp_path: Path, piece_size: int) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "id,actor,action,time\ne1,akim.r,reporting_meeting,2016-02-15\n"
        "e2,akim.r,reporting_meeting,2016-02-31\n",
        encoding="utf-8",
    )
    for lenient in (False, True):
        whole, streamed = through_both(path, ACTORS, lenient=lenient)
        assert streamed == whole


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[sqlite3.Connection]]:
    """Every SQLite connection opened in the test; ids go to disk past two in memory."""
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recorded(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = connect(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(sqlite3, "connect", recorded)
    monkeypatch.setattr(io_stream, "STREAM_CHUNK_BYTES", 200)
    monkeypatch.setattr(io_stream, "_FIRST_PIECE_BYTES", 200)
    monkeypatch.setattr(io_stream, "ID_INDEX_IN_MEMORY", 2)
    yield opened


def is_open(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:  # "Cannot operate on a closed database."
        return False
    return True


def id_folders(where: Path) -> list[Path]:
    return sorted(where.glob("decree-rules-ids-*"))


def defective_log(tmp_path: Path) -> Path:
    """Twenty events in some ten pieces; the fifteenth has a date that does not exist."""
    rows = [ev(id=f"e{n}") for n in range(20)]
    rows[15] = ev(id="e15", time="2016-02-30")
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("given_workdir", [True, False], ids=["workdir", "system temp"])
def test_a_strict_stream_that_raises_leaves_no_id_index_behind(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    connections: list[sqlite3.Connection],
    given_workdir: bool,
) -> None:
    path = defective_log(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    if not given_workdir:
        monkeypatch.setattr(tempfile, "tempdir", str(work))  # the system's, for this test
    stream = EventStream(path, ACTORS, lenient=False, workdir=work if given_workdir else None)
    assert len(list(stream)) == 19
    # The ids are on disk now, in a folder of their own with an open connection.
    assert len(id_folders(work)) == 1
    assert len(connections) == 1
    assert is_open(connections[0])
    with pytest.raises(DecreeRulesError, match="2016-02-30"):
        stream.finish()
    assert id_folders(work) == []
    assert not is_open(connections[0])
    with pytest.raises(ValueError, match="is closed"):
        stream.finish()


def test_a_lenient_stream_is_closed_by_finish(
    tmp_path: Path, connections: list[sqlite3.Connection]
) -> None:
    stream = EventStream(defective_log(tmp_path), ACTORS, lenient=True, workdir=tmp_path)
    assert len(list(stream)) == 19
    assert len(id_folders(tmp_path)) == 1
    end = stream.finish()
    assert [row.line for row in end.rejected] == [16]
    assert id_folders(tmp_path) == []
    assert connections and not any(is_open(connection) for connection in connections)
    assert stream.finish() is end  # finished: the same end again


def test_an_error_while_reading_closes_the_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, connections: list[sqlite3.Connection]
) -> None:
    calls: list[None] = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(None)
        if len(calls) == 5:
            raise OSError("the disk went away")
        return split_jsonl(*args, **kwargs)

    monkeypatch.setattr(io_stream, "split_jsonl", failing)
    stream = EventStream(defective_log(tmp_path), ACTORS, lenient=True, workdir=tmp_path)
    events: list[Event] = []
    with pytest.raises(OSError, match="the disk went away"):
        events.extend(stream)  # no with, no finish: the error alone closes it
    assert len(events) > 2  # the ids were on disk
    assert id_folders(tmp_path) == []
    assert connections and not any(is_open(connection) for connection in connections)


def test_a_stream_left_half_read_is_closed_by_its_with_block(
    tmp_path: Path, connections: list[sqlite3.Connection]
) -> None:
    with EventStream(defective_log(tmp_path), ACTORS, lenient=True, workdir=tmp_path) as stream:
        for event in stream:
            if event.id == "e10":
                break
        assert len(id_folders(tmp_path)) == 1
    assert id_folders(tmp_path) == []
    assert connections and not any(is_open(connection) for connection in connections)
    with pytest.raises(ValueError, match="is closed"):
        list(stream)


def test_a_stream_dropped_unclosed_warns_and_removes_its_id_index(
    tmp_path: Path, connections: list[sqlite3.Connection]
) -> None:
    stream = EventStream(defective_log(tmp_path), ACTORS, lenient=True, workdir=tmp_path)
    events = iter(stream)
    for _ in range(10):
        next(events)
    assert len(id_folders(tmp_path)) == 1
    with pytest.warns(ResourceWarning, match="EventStream was dropped unclosed"):
        del events, stream
        gc.collect()
    assert id_folders(tmp_path) == []
    assert connections and not any(is_open(connection) for connection in connections)
