"""A partitioned, multi-process check gives the very report one in-memory evaluation gives."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from decree_rules.apps.cli import main
from decree_rules.apps.settings import apply_workspace, rules_used
from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.core.provenance import RulesUsed
from decree_rules.engine.evaluate import evaluate
from decree_rules.engine.offices import trigger_owners
from decree_rules.io import stream as io_stream
from decree_rules.io.events import read_events
from decree_rules.io.registry import read_actors
from decree_rules.lang.load import load_decree
from decree_rules.pipeline import parallel as partitioned
from decree_rules.report.json_report import report_to_json
from decree_rules.report.text_report import report_to_text
from decree_rules.time.calendars import KazakhCalendar

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = date(2025, 12, 31)


def cli_rules_used() -> RulesUsed:
    """The rules the command line uses here (the repository's workspace), as it names them."""
    args = argparse.Namespace(command="check", rules=None, calendar=None)
    apply_workspace(args)
    return rules_used(args, load_decree(args.rules).files)


def in_memory(actors: Path, events: Path, *, lenient: bool = False, text: bool = False) -> str:
    """The report of one evaluate() over the whole log, as the CLI would print it."""
    registry = read_actors(actors, lenient=lenient)
    log = read_events(events, registry, lenient=lenient)
    report = evaluate(
        load_decree(),
        registry.records,
        log.records,
        AS_OF,
        calendar=KazakhCalendar(),
        rejected=(*registry.rejected, *log.rejected),
    )
    render = report_to_text if text else report_to_json
    used = cli_rules_used()
    return render(report, rules_source=used.path, rules_used=used)


def partitioned_check(
    actors: Path,
    events: Path,
    out: Path,
    *,
    jobs: int,
    parts: int,
    extra: tuple[str, ...] = (),
    piece_bytes: int | None = None,
    held: int | None = None,
) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as patch:
        if held is not None:  # a one-process check holds this many events, writes the rest
            patch.setattr(partitioned, "HELD_EVENTS", held)
        if piece_bytes is not None:  # many pieces, checked by the workers at once
            patch.setattr(io_stream, "STREAM_CHUNK_BYTES", piece_bytes)
            patch.setattr(io_stream, "_FIRST_PIECE_BYTES", piece_bytes)
        # Partitions of a few kilobytes: even the small example is cut into many.
        size = max(1, events.stat().st_size // parts + 1)
        patch.setattr(partitioned, "PARTITION_BYTES", size)
        patch.setattr(partitioned, "PARALLEL_FROM_BYTES", 0 if parts > 1 else 1 << 40)
        code = main(
            [
                "check",
                "--actors",
                str(actors),
                "--events",
                str(events),
                "--as-of",
                AS_OF.isoformat(),
                "--jobs",
                str(jobs),
                "--output",
                str(out),
                *extra,
            ]
        )
    return code, out.read_text(encoding="utf-8") if out.exists() else ""


@pytest.mark.parametrize(("jobs", "parts"), [(1, 1), (1, 5), (2, 2), (2, 9)])
def test_the_example_gives_the_same_json_report(tmp_path: Path, jobs: int, parts: int) -> None:
    actors, events = EXAMPLES / "actors.jsonl", EXAMPLES / "events.jsonl"
    code, report = partitioned_check(
        actors, events, tmp_path / "r.json", jobs=jobs, parts=parts, extra=("--format", "json")
    )
    assert code == 1
    assert report == in_memory(actors, events)
    # One process did it all: it keeps nothing of the check once the report is written.
    assert partitioned._WORKER == {}


def test_the_text_report_is_the_same_too(tmp_path: Path) -> None:
    actors, events = EXAMPLES / "actors.jsonl", EXAMPLES / "events.jsonl"
    _, report = partitioned_check(actors, events, tmp_path / "r.txt", jobs=2, parts=6)
    assert report == in_memory(actors, events, text=True)


def test_a_lenient_check_of_a_damaged_log_is_the_same(tmp_path: Path) -> None:
    lines = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].replace('"time": "', '"time": "x')  # a bad row
    lines[20] = lines[20][:-3]  # broken JSON
    lines.append(lines[30])  # a duplicate id
    # After the as-of date, by a rector: it goes to the education head's partition too,
    # and must be reported unmatched once, by its own.
    assert partitioned.partition_of("rector.enu", 7) != partitioned.partition_of(
        "ministry.education", 7
    )
    lines.append(
        '{"id": "late1", "actor": "rector.enu", "action": "results_reported", '
        '"time": "2026-02-01", "to": ["education_authority"]}'
    )
    damaged = tmp_path / "events.jsonl"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    actors = EXAMPLES / "actors.jsonl"
    code, report = partitioned_check(
        actors,
        damaged,
        tmp_path / "r.json",
        jobs=2,
        parts=7,
        extra=("--format", "json", "--lenient"),
    )
    assert code == 1
    # The three damaged rows, and a row that follows up one of them (its ref is gone).
    assert json.loads(report)["events"]["rejected"] == 4
    assert report == in_memory(actors, damaged, lenient=True)


def _lenient_damaged_log(tmp_path: Path) -> Path:
    """The example log with a bad row, broken JSON, a repeated id and a row that follows up
    the broken one (its ref is gone: the event is dropped after it was read)."""
    lines = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].replace('"time": "', '"time": "x')
    lines[20] = lines[20][:-3]
    lines.append(lines[30])
    damaged = tmp_path / "events.jsonl"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return damaged


@pytest.mark.parametrize("held", [0, 150, 10**9])
def test_a_one_process_check_writes_only_the_events_it_cannot_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int
) -> None:
    actors, events = EXAMPLES / "actors.jsonl", EXAMPLES / "events.jsonl"
    written: list[int] = []
    real_dump = partitioned._Router._dump

    def dump(router: Any, index: int) -> None:
        written.append(len(router._buffers[index]))
        real_dump(router, index)

    monkeypatch.setattr(partitioned._Router, "_dump", dump)
    rows = len(events.read_text(encoding="utf-8").splitlines())
    code, report = partitioned_check(
        actors, events, tmp_path / "r.json", jobs=1, parts=1, held=held, extra=("--format", "json")
    )
    assert code == 1
    assert report == in_memory(actors, events)
    # Only the events after the first ``held`` go to the partition's files: none when all
    # fit. (The example's rows are all events.)
    assert sum(written) == max(0, rows - held)
    assert partitioned._WORKER == {}


@pytest.mark.parametrize("held", [0, 40, 10**9])
def test_a_lenient_one_process_check_drops_what_it_held_too(tmp_path: Path, held: int) -> None:
    damaged = _lenient_damaged_log(tmp_path)
    actors = EXAMPLES / "actors.jsonl"
    code, report = partitioned_check(
        actors,
        damaged,
        tmp_path / "r.json",
        jobs=1,
        parts=1,
        held=held,
        extra=("--format", "json", "--lenient"),
    )
    assert code == 1
    assert json.loads(report)["events"]["rejected"] == 4
    assert report == in_memory(actors, damaged, lenient=True)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small national world from the benchmark generator: every kind of office and link."""
    out = tmp_path_factory.mktemp("national")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--seed",
            "7",
            "--events",
            "6000",
            "--years",
            "2016-2025",
            "--late-rate",
            "0.1",
            "--missing-rate",
            "0.05",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize(("jobs", "parts", "held"), [(1, 3, None), (1, 1, 2500), (2, 11, None)])
def test_a_national_world_gives_the_same_json_report(
    national: Path, tmp_path: Path, jobs: int, parts: int, held: int | None
) -> None:
    actors, events = national / "actors.jsonl", national / "events.jsonl"
    _, report = partitioned_check(
        actors,
        events,
        tmp_path / "r.json",
        jobs=jobs,
        parts=parts,
        held=held,
        extra=("--format", "json"),
    )
    expected = in_memory(actors, events)
    assert report == expected
    # Cross-partition duties are really there: clause 11 and 13 findings exist.
    assert '"rule": "11"' in report
    assert '"rule": "13"' in report


def test_events_are_sent_to_the_partitions_whose_duties_they_create() -> None:
    decree = load_decree()
    registry = read_actors(EXAMPLES / "actors.jsonl", lenient=False).records
    owners = trigger_owners(decree, registry)
    rector = next(actor for actor in registry if actor.role.value == "rector")
    education = {actor.id for actor in registry if actor.role.value == "education_head"}
    assert education <= owners(rector, "results_reported")
    assert owners(rector, "reporting_meeting") == set()
    # Clause 13 (the region akim attends) is decided where the meeting is: not routed.
    district = next(
        actor for actor in registry if actor.level is not None and actor.level.value == "district"
    )
    assert owners(district, "reporting_meeting") == set()


def test_workers_started_by_spawn_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where processes cannot fork (Windows, macOS), workers get the rules by pickle."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    actors, events = EXAMPLES / "actors.jsonl", EXAMPLES / "events.jsonl"
    _, report = partitioned_check(
        actors, events, tmp_path / "r.json", jobs=2, parts=3, extra=("--format", "json")
    )
    assert report == in_memory(actors, events)


def test_an_id_index_on_disk_gives_the_same_report(
    national: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past io_stream.ID_INDEX_IN_MEMORY ids the reader keeps them in SQLite; same report."""
    monkeypatch.setattr(io_stream, "ID_INDEX_IN_MEMORY", 500)
    actors, events = national / "actors.jsonl", national / "events.jsonl"
    _, report = partitioned_check(
        actors, events, tmp_path / "r.json", jobs=2, parts=4, extra=("--format", "json")
    )
    assert report == in_memory(actors, events)


def test_a_strict_check_that_fails_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The id index on disk is closed before the work folder it is in is removed."""
    monkeypatch.setattr(io_stream, "ID_INDEX_IN_MEMORY", 50)
    lines = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").splitlines()
    lines[-10] = lines[-10].replace('"time": "', '"time": "x')  # found after the index moved
    damaged = tmp_path / "events.jsonl"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    code, _ = partitioned_check(
        EXAMPLES / "actors.jsonl",
        damaged,
        tmp_path / "r.json",
        jobs=1,
        parts=3,
        extra=("--format", "json", "--work-dir", str(work)),
    )
    assert code == 2
    assert list(work.iterdir()) == []


class PieceCounter:
    """Counts the pieces this process took as the workers checked them, and re-read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.taken = self.reread = 0
        take, read = io_stream.EventStream.take_checked, io_stream.EventStream.read_piece

        def counted_take(stream: io_stream.EventStream, rows: Any) -> bool:
            taken = take(stream, rows)
            self.taken += taken
            return taken

        def counted_read(stream: io_stream.EventStream, text: str, lines_before: int) -> Any:
            self.reread += 1
            return read(stream, text, lines_before)

        monkeypatch.setattr(io_stream.EventStream, "take_checked", counted_take)
        monkeypatch.setattr(io_stream.EventStream, "read_piece", counted_read)


@pytest.mark.parametrize("piece_bytes", [3000, 40_000])
def test_pieces_checked_by_the_workers_give_the_same_report(
    national: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece_bytes: int
) -> None:
    counter = PieceCounter(monkeypatch)
    actors, events = national / "actors.jsonl", national / "events.jsonl"
    _, report = partitioned_check(
        actors,
        events,
        tmp_path / "r.json",
        jobs=2,
        parts=5,
        extra=("--format", "json"),
        piece_bytes=piece_bytes,
    )
    assert report == in_memory(actors, events)
    # A clean log: every piece was taken as checked, across refs to earlier pieces.
    assert counter.taken > 10
    assert counter.reread == 0


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_a_damaged_piece_is_read_again_here_with_the_same_outcome(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lenient: bool,
) -> None:
    lines = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    lines[40] = lines[40].replace('"time": "', '"time": "x')  # a defect of the row
    lines[300] = lines[300][:-3]  # broken JSON
    lines[500] = lines[500].replace(f'"id": "{ids[500]}"', f'"id": "{ids[100]}"')  # repeated id
    # Refs that only the rows before can judge: to a rejected row, to itself, forward.
    for at, ref in ((600, ids[40]), (610, ids[610]), (620, ids[800])):
        record = json.loads(lines[at])
        record["ref"] = ref
        lines[at] = json.dumps(record, ensure_ascii=False)
    damaged = tmp_path / "events.jsonl"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    actors = EXAMPLES / "actors.jsonl"
    counter = PieceCounter(monkeypatch)
    mode = ("--lenient",) if lenient else ()
    code, report = partitioned_check(
        actors,
        damaged,
        tmp_path / "r.json",
        jobs=2,
        parts=4,
        extra=("--format", "json", *mode),
        piece_bytes=4000,
    )
    assert counter.taken > 5
    assert counter.reread >= 4  # the row defects, the repeated id, the ref to itself
    if lenient:
        assert report == in_memory(actors, damaged, lenient=True)
        assert json.loads(report)["events"]["rejected"] >= 5
    else:
        assert code == 2
        with pytest.raises(DecreeRulesError) as whole:
            read_events(damaged, read_actors(actors, lenient=False), lenient=False)
        assert whole.value.render() in capsys.readouterr().err


def test_a_json_array_log_is_read_whole_and_gives_the_same_report(tmp_path: Path) -> None:
    """A JSON array is not read in pieces: this process reads it whole and routes it."""
    lines = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").splitlines()
    array = tmp_path / "events.json"
    array.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    actors = EXAMPLES / "actors.jsonl"
    code, report = partitioned_check(
        actors, array, tmp_path / "r.json", jobs=2, parts=3, extra=("--format", "json")
    )
    assert code == 1
    assert report == in_memory(actors, array)
    assert json.loads(report)["events"]["read"] == len(lines)
