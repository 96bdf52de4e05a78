"""Faults and hostile input, second series: the identity of offices and events, a report
that depends on what a log says and not on the order of its lines, notices and posts read
as the rule notes say, and the values JSON does not have.

Each defect is shown in every format it can be written in (JSON Lines, a JSON array,
CSV) and on both reading paths (the fast path of plain records and the full checks; the
piece-by-piece stream and the whole-file read): one rule, the same message.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_partitioned import EXAMPLES, ROOT, in_memory, partitioned_check

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.core.ids import natural_key, shown_id, tie_key
from decree_rules.engine.evaluate import Report, evaluate
from decree_rules.explain.sentences import explanation, reason
from decree_rules.io.events import EVENT_SHAPE, EventChecker, parse_events, plain_event, read_events
from decree_rules.io.formats import Format, split_jsonl
from decree_rules.io.records import Actor
from decree_rules.io.registry import parse_actors, read_actors
from decree_rules.io.sources import SourceText
from decree_rules.io.stream import EventStream
from decree_rules.lang.load import load_decree
from decree_rules.report.json_report import report_to_json
from decree_rules.report.text_report import report_to_text
from decree_rules.time.calendars import KazakhCalendar

DECREE = load_decree()
CALENDAR = KazakhCalendar()

# A Cyrillic 'й' is 'и' + U+0306 COMBINING BREVE decomposed (NFD); a Latin Kazakh 'ä' is
# 'a' + U+0308. (A Cyrillic Kazakh 'ә' is one letter with no decomposition.)
NFC_ID = "akim.қаратай-district"
NFD_ID = unicodedata.normalize("NFD", NFC_ID)
assert NFC_ID != NFD_ID and unicodedata.normalize("NFC", NFD_ID) == NFC_ID

REGION = {"id": "akim.r", "role": "akim", "level": "region"}
ACTOR_COLUMNS = ["id", "role", "level", "parent"]
EVENT_COLUMNS = ["id", "actor", "action", "time", "ref", "participants"]


def write(
    path: Path, rows: Sequence[Mapping[str, object]], fmt: Format, columns: list[str]
) -> Path:
    """``rows`` as a file of ``fmt``; in CSV a value is written as is, quoted if need be."""
    if fmt is Format.JSONL:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    elif fmt is Format.JSON:
        text = json.dumps(rows, ensure_ascii=False) + "\n"
    else:

        def cell(value: object) -> str:
            shown = ";".join(value) if isinstance(value, list) else str(value or "")
            return f'"{shown}"' if shown != shown.strip() or "," in shown else shown

        lines = [",".join(columns)]
        lines += [",".join(cell(row.get(column)) for column in columns) for row in rows]
        text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def errors(call: object) -> list[tuple[str, str, str | None]]:
    """(code, message, field) of every error ``call`` raises."""
    with pytest.raises(DecreeRulesError) as raised:
        call()  # type: ignore[operator]
    return [(d.code, d.message, d.location.field) for d in raised.value.diagnostics]


def unlined(found: list[tuple[str, str, str | None]]) -> list[tuple[str, str, str | None]]:
    """The errors without the line numbers in their messages (a CSV file has a header)."""
    return [(code, re.sub(r"line \d+", "line N", message), field) for code, message, field in found]


def registry_errors(
    tmp_path: Path, rows: Sequence[Mapping[str, object]], fmt: Format
) -> list[tuple[str, str, str | None]]:
    path = write(tmp_path / f"actors.{fmt.value}", rows, fmt, ACTOR_COLUMNS)
    return errors(lambda: read_actors(path, lenient=False))


def event_errors(
    tmp_path: Path, rows: Sequence[Mapping[str, object]], fmt: Format, actors: dict[str, Actor]
) -> list[tuple[str, str, str | None]]:
    """The errors of a log read whole; of a JSON Lines log, also as the stream reads it."""
    path = write(tmp_path / f"events.{fmt.value}", rows, fmt, EVENT_COLUMNS)
    whole = errors(lambda: read_events(path, actors, lenient=False))

    def streamed() -> None:
        with EventStream(path, actors, lenient=False) as stream:
            list(stream)
            stream.finish()

    assert errors(streamed) == whole
    return whole


def both_paths(line: str, actors: dict[str, Actor]) -> tuple[object, object, list[str]]:
    """A JSON line read by the fast path and by the full checks: their events, the codes."""
    raw = split_jsonl(SourceText(line + "\n"), "events.jsonl", EVENT_SHAPE)
    (record,) = raw.records
    fast = plain_event(record, actors, "events.jsonl")
    checker = EventChecker("events.jsonl", Format.JSONL, frozenset())
    full = checker.checked_event(record, actors)
    return fast, full, [pending.code for pending in checker.errors]


ALL_FORMATS = [Format.JSONL, Format.JSON, Format.CSV]
ACTORS = {
    actor.id: actor
    for actor in parse_actors(
        json.dumps(REGION) + "\n" + json.dumps({"id": NFC_ID, "role": "akim", "level": "region"}),
        filename="a.jsonl",
    )
}


# ---- 7. the identity of offices -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=lambda fmt: fmt.value)
@pytest.mark.parametrize("padded", ["akim.d ", " akim.d", "akim.d\u00a0", "\u3000akim.d"])
def test_an_id_with_a_space_at_an_end_is_refused_in_every_format(
    tmp_path: Path, fmt: Format, padded: str
) -> None:
    rows: list[Mapping[str, object]] = [
        REGION,
        {"id": padded, "role": "akim", "level": "district", "parent": "akim.r"},
    ]
    found = registry_errors(tmp_path, rows, fmt)
    (code, message, field), *_ = found
    assert (code, field) == ("DR-I060", "id")
    char = padded[0] if padded[0] != "a" else padded[-1]
    assert f"U+{ord(char):04X}" in message and "another id than 'akim.d'" in message
    # The same rows, two offices in JSON before, a duplicate in CSV: one error everywhere.
    assert found == registry_errors(tmp_path, rows, Format.JSONL)


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=lambda fmt: fmt.value)
def test_a_parent_with_a_space_is_refused_too(tmp_path: Path, fmt: Format) -> None:
    rows = [REGION, {"id": "akim.d", "role": "akim", "level": "district", "parent": "akim.r "}]
    assert [(c, f) for c, _, f in registry_errors(tmp_path, rows, fmt)] == [("DR-I060", "parent")]


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=lambda fmt: fmt.value)
def test_a_body_with_a_space_would_escape_its_exemption(tmp_path: Path, fmt: Format) -> None:
    rows = [{"id": "ministry.defence", "role": "central_body_head", "body": "defence "}]
    path = write(tmp_path / f"actors.{fmt.value}", rows, fmt, ["id", "role", "body"])
    ((code, message, field),) = errors(lambda: read_actors(path, lenient=False))
    assert (code, field) == ("DR-I060", "body")
    assert "a body may not start or end with one (it would be another body than 'defence')" in (
        message
    )


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=lambda fmt: fmt.value)
def test_ids_the_same_in_nfc_are_one_office(tmp_path: Path, fmt: Format) -> None:
    rows = [
        {"id": NFC_ID, "role": "akim", "level": "region"},
        {"id": NFD_ID, "role": "akim", "level": "region"},
    ]
    ((code, message, field),) = registry_errors(tmp_path, rows, fmt)
    assert (code, field) == ("DR-I031", "id")
    assert message.startswith(f"duplicate id '{NFC_ID}': already used on line ")
    assert "with 'й' as 'и' + U+0306 COMBINING BREVE" in message
    assert "compared in Unicode NFC" in message


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=lambda fmt: fmt.value)
def test_event_ids_and_references_follow_the_same_rule(tmp_path: Path, fmt: Format) -> None:
    meeting = {"id": "e1", "actor": "akim.r", "action": "reporting_meeting", "time": "2020-02-10"}
    rows = [
        meeting,
        {**meeting, "id": "e2 "},
        {**meeting, "id": "e3", "actor": " akim.r"},
        {**meeting, "id": "e4", "action": "report_posted", "ref": "e1\u00a0"},
        {**meeting, "id": "eй"},
        {**meeting, "id": unicodedata.normalize("NFD", "eй")},
    ]
    found = event_errors(tmp_path, rows, fmt, ACTORS)
    assert [(code, field) for code, _, field in found] == [
        ("DR-I060", "id"),
        ("DR-I060", "actor"),
        ("DR-I060", "ref"),
        ("DR-I031", "id"),
    ]
    assert unlined(found) == unlined(event_errors(tmp_path, rows, Format.JSONL, ACTORS))


def test_a_participant_with_a_space_is_refused_on_both_paths() -> None:
    line = json.dumps(
        {
            "id": "e1",
            "actor": "akim.r",
            "action": "reporting_meeting",
            "time": "2020-02-10",
            "participants": ["public_council", "akim.r "],
        }
    )
    fast, full, codes = both_paths(line, ACTORS)
    assert fast is None and full is None and codes == ["DR-I060"]


def test_an_event_naming_an_office_in_nfd_is_of_the_nfc_office(tmp_path: Path) -> None:
    line = json.dumps(
        {
            "id": unicodedata.normalize("NFD", "eй"),
            "actor": NFD_ID,
            "action": "reporting_meeting",
            "time": "2020-02-10",
            "participants": [f"deputy_of:{NFD_ID}", NFD_ID],
        },
        ensure_ascii=False,
    )
    fast, full, codes = both_paths(line, ACTORS)
    assert codes == [] and fast == full
    assert full is not None and full.id == "eй" and full.actor == NFC_ID  # type: ignore[attr-defined]
    assert full.participants == (f"deputy_of:{NFC_ID}", NFC_ID)  # type: ignore[attr-defined]
    # And through the stream, in a whole check: the meeting is the office's.
    path = tmp_path / "events.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with EventStream(path, ACTORS, lenient=False) as stream:
        (event,) = list(stream)
        stream.finish()
    assert event == full
    report = evaluate(DECREE, ACTORS.values(), [event], date(2020, 12, 31), calendar=CALENDAR)
    assert any(f.trigger == "eй" and f.actor == NFC_ID for f in report.findings)


def test_the_stream_finds_a_duplicate_written_in_another_form(tmp_path: Path) -> None:
    meeting = {"id": "eй", "actor": "akim.r", "action": "reporting_meeting", "time": "2020-02-10"}
    rows = [meeting, {**meeting, "id": unicodedata.normalize("NFD", "eй"), "time": "2020-03-01"}]
    path = write(tmp_path / "events.jsonl", rows, Format.JSONL, EVENT_COLUMNS)
    with EventStream(path, ACTORS, lenient=True) as stream:
        kept = list(stream)
        end = stream.finish()
    assert [event.id for event in kept] == ["eй"]
    assert [row.codes for row in end.rejected] == [("DR-I031",)]


# ---- 8. values JSON does not have; offices out of place; offsets no clock has ----------------


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("fmt", [Format.JSONL, Format.JSON], ids=lambda fmt: fmt.value)
def test_nan_and_infinity_are_refused_where_they_stand(
    tmp_path: Path, word: str, fmt: Format
) -> None:
    event = json.dumps({"id": "e1", "actor": "akim.r", "action": "reporting_meeting"})
    line = event[:-1] + f', "time": "2020-02-10", "score": {{"values": [1, {word}]}}}}'
    text = line + "\n" if fmt is Format.JSONL else f"[{line}]\n"
    path = tmp_path / f"events.{fmt.value}"
    path.write_text(text, encoding="utf-8")
    found = errors(lambda: read_events(path, ACTORS, lenient=False))
    assert found == [("DR-I061", f"{word} is not a JSON value (JSON has no NaN or Infinity, "
                      "though some programs write them)", "score")]  # fmt: skip
    assert both_paths(line, ACTORS) == (None, None, ["DR-I061"])
    loaded = read_events(path, ACTORS, lenient=True)
    assert loaded.records == () and loaded.rejected[0].codes == ("DR-I061",)
    # In a registry as well, and in a contract field: one error, not one for its type too.
    registry = tmp_path / f"actors.{fmt.value}"
    row = f'{{"id": "akim.r", "role": "akim", "level": "region", "from": {word}}}'
    registry.write_text(row + "\n" if fmt is Format.JSONL else f"[{row}]\n", encoding="utf-8")
    assert [c for c, _, _ in errors(lambda: read_actors(registry, lenient=False))] == ["DR-I061"]


HIERARCHY = [
    {"id": "akim.r", "role": "akim", "level": "region"},
    {"id": "akim.d", "role": "akim", "level": "district", "parent": "akim.r"},
    {"id": "akim.o", "role": "akim", "level": "rural", "parent": "akim.d"},
    {"id": "akim.c", "role": "akim", "level": "regional_city", "parent": "akim.r"},
    {"id": "akim.c.a", "role": "akim", "level": "city_district", "parent": "akim.c"},
    {"id": "akim.c.o", "role": "akim", "level": "rural", "parent": "akim.c"},
    {"id": "akim.almaty", "role": "akim", "level": "republican_city"},
    {"id": "akim.almaty.a", "role": "akim", "level": "city_district", "parent": "akim.almaty"},
]


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=lambda fmt: fmt.value)
def test_offices_out_of_place_in_the_hierarchy_are_refused(tmp_path: Path, fmt: Format) -> None:
    path = write(tmp_path / f"ok.{fmt.value}", HIERARCHY, fmt, ACTOR_COLUMNS)
    assert len(read_actors(path, lenient=False).records) == len(HIERARCHY)
    rows = [
        *HIERARCHY,
        {"id": "akim.x", "role": "akim", "level": "district", "parent": "akim.o"},
        {"id": "akim.y", "role": "akim", "level": "region", "parent": "akim.r"},
        {"id": "akim.z", "role": "akim", "level": "rural", "parent": "akim.almaty"},
        {"id": "rector.u", "role": "rector", "parent": "akim.r"},
    ]
    found = registry_errors(tmp_path, rows, fmt)
    assert [(code, field) for code, _, field in found] == [
        ("DR-I063", "parent"),
        ("DR-I062", "parent"),
        ("DR-I063", "parent"),
        ("DR-I062", "parent"),
    ]
    assert found[0][1] == (
        "the parent of the akim of a district (district) must be the akim of a region "
        "(region), but 'akim.o' is the akim of a rural okrug or settlement (rural)"
    )
    assert "top of the hierarchy and has no parent" in found[1][1]
    assert unlined(found) == unlined(registry_errors(tmp_path, rows, Format.JSONL))


def test_a_loop_is_still_told_as_a_loop(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "role": "akim", "level": "district", "parent": "b"},
        {"id": "b", "role": "akim", "level": "district", "parent": "a"},
    ]
    assert [c for c, _, _ in registry_errors(tmp_path, rows, Format.JSONL)] == ["DR-I035"]


@pytest.mark.parametrize(
    ("time", "code"),
    [
        ("2020-02-10T10:00:00+23:59", "DR-I064"),
        ("2020-02-10T10:00:00+14:01", "DR-I064"),
        ("2020-02-10T10:00:00-12:30", "DR-I064"),
        ("2020-02-10T10:00:00+14:00", None),
        ("2020-02-10T10:00:00-12:00", None),
        ("2020-02-10T10:00:00+05:45", None),
    ],
)
def test_offsets_no_clock_uses_are_refused(tmp_path: Path, time: str, code: str | None) -> None:
    row = {"id": "e1", "actor": "akim.r", "action": "reporting_meeting", "time": time}
    fast, full, codes = both_paths(json.dumps(row), ACTORS)
    assert codes == ([code] if code else [])
    assert (fast is None) == (full is None) == (code is not None)
    if code is not None:
        for fmt in ALL_FORMATS:
            ((found, message, field),) = event_errors(tmp_path, [row], fmt, ACTORS)
            assert (found, field) == (code, "time") and "-12:00 to +14:00" in message


def test_an_id_that_could_forge_columns_is_quoted_in_the_text_report() -> None:
    forged = "akim.x | 2020 | trigger e9"
    registry = parse_actors(
        json.dumps({"id": forged, "role": "akim", "level": "region"}), filename="a.jsonl"
    )
    lines = [
        {"id": "m | 1", "actor": forged, "action": "reporting_meeting", "time": "2020-02-10"},
        {
            "id": "late\u2028line",
            "actor": forged,
            "action": "measures_agreed",
            "time": "2021-02-10",
        },
    ]
    log = parse_events(
        "\n".join(json.dumps(line) for line in lines), {a.id: a for a in registry}, filename="e"
    )
    report = evaluate(DECREE, registry, log, date(2020, 12, 31), calendar=CALENDAR)
    text = report_to_text(report)
    # The finding headlines (a warning about a clause also starts with "  clause ").
    section = text.split("\nWARNINGS (")[0]
    headlines = [line for line in section.splitlines() if line.startswith("  clause ")]
    assert headlines
    for headline in headlines:
        # A reader who takes quoted text as one value finds the real columns.
        columns = re.sub(r'"(?:[^"\\]|\\.)*"', "Q", headline).split(" | ")
        assert columns[1] == "Q", headline
        # clause, office, [period,] [trigger,] due, [evidence]: never more than six.
        assert len(columns) <= 6 and columns[0].startswith("  clause "), headline
    assert '  clause 6 | "akim.x | 2020 | trigger e9" | 2020 | trigger "m | 1" | due ' in text
    assert '  "late\\u2028line": after as-of' in text
    assert "\u2028" not in text
    sentences = [s for f in report.findings for s in explanation(f)]
    assert any('owed by "akim.x | 2020 | trigger e9"' in s for s in sentences)
    assert any('is "m | 1", held' in s for s in sentences)
    assert shown_id("akim.x") == "akim.x" and shown_id(" a") == '" a"'


# ---- 9. a report of what the log says, not of the order of its lines --------------------


def _small_world() -> tuple[tuple[Actor, ...], list[str]]:
    """Offices with many events at one instant: meetings, posts, schedules, reports."""
    actors = parse_actors(
        "\n".join(
            json.dumps(row)
            for row in [
                {"id": "akim.r", "role": "akim", "level": "region"},
                {"id": "akim.d", "role": "akim", "level": "district", "parent": "akim.r"},
                {"id": "gov", "role": "government"},
            ]
        ),
        filename="a.jsonl",
    )
    site = ["website", "regional_press"]
    meeting = "2020-02-10T10:00:00+06:00"
    rows: list[Mapping[str, object]] = []
    for actor in ("akim.d", "akim.r"):
        rows += [
            {"id": f"{actor}.m{n}", "actor": actor, "action": "reporting_meeting", "time": meeting}
            for n in (2, 10, 1)
        ]
        rows += [
            {"id": f"{actor}.s{n}", "actor": actor, "action": "schedule_published",
             "time": "2020-01-20T09:00:00+06:00", "channels": site}
            for n in (3, 20)
        ]  # fmt: skip
        rows += [
            {"id": f"{actor}.p{n}", "actor": actor, "action": "report_posted",
             "time": "2020-02-15T09:00:00+06:00", "channels": ["website"]}
            for n in (10, 2, 1)
        ]  # fmt: skip
        rows += [
            {"id": f"{actor}.g{n}", "actor": actor, "action": "progress_posted",
             "time": "2020-04-05", "channels": ["website"]}
            for n in (11, 1, 2)
        ]  # fmt: skip
    rows += [
        {"id": f"r{n}", "actor": "akim.r", "action": "results_reported", "time": "2020-03-01",
         "to": ["presidential_administration", "government"]}
        for n in (9, 10)
    ]  # fmt: skip
    return actors, [json.dumps(row) for row in rows]


SMALL_ACTORS, SMALL_LOG = _small_world()


def _report(lines: list[str]) -> Report:
    registry = {actor.id: actor for actor in SMALL_ACTORS}
    log = parse_events("\n".join(lines), registry, filename="events.jsonl")
    return evaluate(DECREE, SMALL_ACTORS, log, date(2020, 12, 31), calendar=CALENDAR)


SMALL_REPORT = _report(SMALL_LOG)


def test_events_of_one_instant_are_taken_by_their_ids_as_people_count() -> None:
    evidence = {(f.rule, f.actor, f.period): f.evidence for f in SMALL_REPORT.findings}
    assert evidence[("6", "akim.d", "2020")] == ("akim.d.p1",)
    assert evidence[("7", "akim.d", "2020-Q1")] == ("akim.d.g1",)
    assert evidence[("7", "akim.d", "2020-Q2")] == ("akim.d.g2",)
    assert evidence[("9", "akim.r", "2020")] == ("r9",)
    # The last meeting of the year: the greatest id of the latest instant, m10 (not m2).
    assert {f.trigger for f in SMALL_REPORT.findings if f.rule == "6"} == {
        "akim.d.m10",
        "akim.r.m10",
    }
    assert [u.id for u in SMALL_REPORT.unmatched_events][:3] == [
        "akim.d.g11",
        "akim.d.p2",
        "akim.d.p10",
    ]


@settings(max_examples=40)
@given(st.permutations(SMALL_LOG))
def test_any_order_of_the_log_gives_the_same_report(lines: list[str]) -> None:
    assert report_to_json(_report(lines)) == report_to_json(SMALL_REPORT)


def test_ids_order_as_people_count_them() -> None:
    assert sorted(["e10", "e2", "e02", "e1", "x", "²", "e١"], key=tie_key) == [
        "e1", "e02", "e2", "e10", "e١", "x", "²",
    ]  # fmt: skip
    assert natural_key("²") == ((0, "²"),)  # no digit run: not read as a number


@given(st.text(alphabet=st.sampled_from("ae0129-²١ \n"), max_size=8))
def test_the_quick_key_of_a_word_and_a_number_is_the_split_one(text: str) -> None:
    # natural_key makes the key of "e123" without splitting: the same key as the split.
    parts = re.split(r"([0-9]+)", text)
    split = tuple((int(p), "") if i % 2 else (0, p) for i, p in enumerate(parts))
    assert natural_key(text) == split


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A national world from the benchmark generator, with meetings at shared instants."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--seed", "3", "--events",
         "6000", "--years", "2016-2019", "--out", str(out)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return out


def shuffled(source: Path, target: Path, seed: int) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()
    random.Random(seed).shuffle(lines)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_a_shuffled_example_gives_the_same_report_from_the_command_line(tmp_path: Path) -> None:
    actors = EXAMPLES / "actors.jsonl"
    log = shuffled(EXAMPLES / "events.jsonl", tmp_path / "events.jsonl", 1)
    code, report = partitioned_check(
        actors, log, tmp_path / "r.json", jobs=1, parts=1, extra=("--format", "json")
    )
    assert code == 1 and report == in_memory(actors, EXAMPLES / "events.jsonl")


def test_a_shuffled_national_log_gives_the_same_report_in_partitions(
    generated: Path, tmp_path: Path
) -> None:
    actors = generated / "actors.jsonl"
    log = shuffled(generated / "events.jsonl", tmp_path / "events.jsonl", 2)
    code, report = partitioned_check(
        actors, log, tmp_path / "r.json", jobs=2, parts=5, extra=("--format", "json")
    )
    assert code == 1 and report == in_memory(actors, generated / "events.jsonl")


# ---- 10. what legal staff read is what runs ------------------------------------------------


def _check(rows: Sequence[Mapping[str, object]], as_of: date) -> Report:
    """The report on ``rows`` of the region akim's log."""
    actors = parse_actors(json.dumps(REGION), filename="a.jsonl")
    lines = "\n".join(json.dumps(row) for row in rows)
    log = parse_events(lines, {a.id: a for a in actors}, filename="events.jsonl")
    return evaluate(DECREE, actors, log, as_of, calendar=CALENDAR)


def _notice_report(schedule_time: str) -> Report:
    """A meeting at 10:00 local time, and a schedule published at ``schedule_time``."""
    rows: list[Mapping[str, object]] = [
        {"id": "m1", "actor": "akim.r", "action": "reporting_meeting",
         "time": "2020-03-20T10:00:00"},
        {"id": "s1", "actor": "akim.r", "action": "schedule_published",
         "time": schedule_time, "channels": ["website", "regional_press"]},
    ]  # fmt: skip
    return _check(rows, date(2020, 12, 31))


def test_a_schedule_published_after_the_meeting_started_does_not_count() -> None:
    late = _notice_report("2020-03-20T12:00:00")
    (finding,) = [f for f in late.findings if f.rule == "5"]
    assert (finding.status.value, finding.evidence) == ("violated", ())
    (unmatched,) = [u for u in late.unmatched_events if u.id == "s1"]
    assert [step.code for step in unmatched.reasons] == ["after_meeting_started"]
    assert reason(unmatched) == (
        "clause 5: published Fri 2020-03-20 12:00 local time (Asia/Almaty), when the meeting "
        "m1 it would announce had started (Fri 2020-03-20 10:00 local time (Asia/Almaty)): a "
        "notice must come before the meeting"
    )
    # Two hours before it, the same day: it counts, with no notice at all: late.
    (early,) = [f for f in _notice_report("2020-03-20T08:00:00+06:00").findings if f.rule == "5"]
    assert (early.status.value, early.evidence) == ("late", ("s1",))
    # A schedule with no time of day on the meeting's day cannot be told apart: it counts.
    (dated,) = [f for f in _notice_report("2020-03-20").findings if f.rule == "5"]
    assert dated.status.value == "late"


def test_a_schedule_at_nine_for_a_meeting_at_ten_counts() -> None:
    (finding,) = [f for f in _notice_report("2020-03-20T09:00:00").findings if f.rule == "5"]
    assert (finding.status.value, finding.evidence) == ("late", ("s1",))


def test_a_post_before_its_period_began_says_so() -> None:
    rows: list[Mapping[str, object]] = [
        {"id": "m1", "actor": "akim.r", "action": "reporting_meeting", "time": "2019-02-10"},
        {"id": "g1", "actor": "akim.r", "action": "progress_posted",
         "time": "2019-06-20", "period": "2019-Q3", "channels": ["website"]},
    ]  # fmt: skip
    report = _check(rows, date(2019, 12, 31))
    (unmatched,) = report.unmatched_events
    assert unmatched.id == "g1" and unmatched.code == "before_period"
    assert reason(unmatched) == (
        "clause 7: progress_posted on Thu 2019-06-20, before its period 2019-Q3 began on "
        "Mon 2019-07-01"
    )
    (q3,) = [f for f in report.findings if f.rule == "7" and f.period == "2019-Q3"]
    assert q3.status.value == "violated" and q3.evidence == ()


@pytest.mark.parametrize(("posted", "counts"), [("09:00", False), ("15:00", True)])
def test_a_report_posted_before_the_meeting_started_does_not_count(
    posted: str, counts: bool
) -> None:
    rows: list[Mapping[str, object]] = [
        {"id": "m1", "actor": "akim.r", "action": "reporting_meeting",
         "time": "2020-03-20T14:00:00"},
        {"id": "p1", "actor": "akim.r", "action": "report_posted",
         "time": f"2020-03-20T{posted}:00", "channels": ["website"]},
    ]  # fmt: skip
    report = _check(rows, date(2020, 12, 31))
    (finding,) = [f for f in report.findings if f.rule == "6"]
    assert finding.evidence == (("p1",) if counts else ())
    if not counts:
        (unmatched,) = [u for u in report.unmatched_events if u.id == "p1"]
        assert reason(unmatched) == (
            "clause 6: Fri 2020-03-20 09:00 local time (Asia/Almaty) is before the "
            "reporting_meeting m1 that the duty counts from had started (Fri 2020-03-20 "
            "14:00 local time (Asia/Almaty))"
        )
