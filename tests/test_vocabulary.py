"""The words of the event log are declared in the rule files, and logs are checked by them.

The worked example: a copy of the shipped rules with a new action, ``minutes_published``,
and a new clause 16 ("the akim shall publish the minutes within 5 working days after the
meeting"). Checked with ``--rules`` it gives fulfilled and late findings for clause 16,
on every reading path; the same log against the shipped rules is refused.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from declared import ACTIONS, CHANNELS, MEETINGS, RECIPIENTS, TAGS, declared

from decree_rules.apps.cli import main
from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.core.vocabulary import Level, Role, Vocabulary
from decree_rules.io import stream as io_stream
from decree_rules.io.events import (
    EVENT_SHAPE,
    EventChecker,
    parse_events,
    plain_event,
    read_events,
)
from decree_rules.io.formats import Format, split
from decree_rules.io.records import Actor
from decree_rules.io.registry import read_actors
from decree_rules.io.stream import EventStream, check_piece
from decree_rules.lang.format import format_decree
from decree_rules.lang.layout import format_source
from decree_rules.lang.load import load_decree, parse_rules, shipped_vocabulary
from decree_rules.lang.validate import lint, validate
from decree_rules.pipeline import parallel as partitioned

ROOT = Path(__file__).parents[1]

MINUTES_RULES = """\
action minutes_published "the minutes of a reporting meeting published"

clause 16 "Minutes published within 5 working days"
  text kk "Әкімдер есеп беру кездесуінің хаттамасын кездесу аяқталған күннен бастап 5 жұмыс күні ішінде жарияласын."
  text en "The akim shall publish the minutes within 5 working days after the meeting."
  for each reporting_meeting by akim
  the same actor must do minutes_published on website
  within 5 working days after the meeting ends
"""  # noqa: E501 - the Kazakh text is one line

OFFICES: list[dict[str, Any]] = [
    {"id": "akim.embi", "role": "akim", "level": "rural", "tz": "Asia/Aqtobe",
     "from": "2020-01-01"},
    {"id": "akim.shubarkuduk", "role": "akim", "level": "rural", "tz": "Asia/Aqtobe",
     "from": "2020-01-01"},
]  # fmt: skip

# Meetings and their minutes; e4 is 3 days late (8 and 9 March 2020 were days off).
EVENTS: list[dict[str, Any]] = [
    {"id": "e1", "actor": "akim.embi", "action": "reporting_meeting",
     "time": "2020-02-20T10:00:00"},
    {"id": "e2", "actor": "akim.embi", "action": "minutes_published", "time": "2020-02-25",
     "ref": "e1", "channels": ["website"]},
    {"id": "e3", "actor": "akim.embi", "action": "reporting_meeting",
     "time": "2020-03-05T10:00:00"},
    {"id": "e4", "actor": "akim.embi", "action": "minutes_published", "time": "2020-03-16",
     "ref": "e3", "channels": ["website"]},
    {"id": "e5", "actor": "akim.shubarkuduk", "action": "reporting_meeting",
     "time": "2020-02-10T15:00:00", "end": "2020-02-11T12:00:00"},
    {"id": "e6", "actor": "akim.shubarkuduk", "action": "minutes_published",
     "time": "2020-02-18T09:00:00+05:00", "channels": ["website"]},
]  # fmt: skip


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A folder with ``rules/`` (the shipped rules and clause 16), the offices and the log."""
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(ROOT / "rules" / "decree.rules", rules / "decree.rules")
    (rules / "minutes.rules").write_text(MINUTES_RULES, encoding="utf-8")
    _write_jsonl(tmp_path / "offices.jsonl", OFFICES)
    _write_jsonl(tmp_path / "events.jsonl", EVENTS)
    return tmp_path


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def _check(world: Path, *args: str, events: str = "events.jsonl") -> tuple[int, str]:
    out = world / "report.out"
    out.unlink(missing_ok=True)
    code = main(
        [
            "check",
            "--actors",
            str(world / "offices.jsonl"),
            "--events",
            str(world / events),
            "--as-of",
            "2020-12-31",
            "--output",
            str(out),
            *args,
        ]
    )
    return code, out.read_text(encoding="utf-8") if out.exists() else ""


# ---- the shipped rules declare the contract's words ------------------------------------


def test_the_shipped_rules_declare_exactly_the_contracts_words() -> None:
    assert load_decree().vocabulary == Vocabulary(
        actions=ACTIONS,
        channels=CHANNELS,
        recipients=RECIPIENTS,
        participants=TAGS,
        meetings=MEETINGS,
    )
    assert shipped_vocabulary() == load_decree().vocabulary


# ---- the worked example -----------------------------------------------------------------


def test_the_new_clause_is_checked_with_the_rules_that_declare_its_action(world: Path) -> None:
    assert lint(load_decree(world / "rules")) == []
    code, text = _check(world, "--rules", str(world / "rules"), "--format", "json")
    assert code == 1  # one late duty
    report = json.loads(text)
    found = {f["trigger"]: f for f in report["findings"] if f["rule"] == "16"}
    assert {trigger: f["status"] for trigger, f in found.items()} == {
        "e1": "fulfilled",
        "e3": "late",
        "e5": "fulfilled",
    }
    assert (found["e1"]["due"], found["e1"]["evidence"]) == ("2020-02-27", ["e2"])
    assert found["e3"]["explanation"] == [
        'clause 16 "Minutes published within 5 working days"',
        "owed by akim.embi, the office that held it",
        "created by reporting_meeting e3 of akim.embi, Thu 2020-03-05 10:00 local time "
        "(Asia/Aqtobe)",
        "the meeting e3 ended Thu 2020-03-05; the term starts the next day "
        "(Civil Code art. 173, start_next_day)",
        "+5 working days = Fri 2020-03-13 (days off not counted: Sun 2020-03-08, a public "
        "holiday (International Women's Day) and a Sunday; Mon 2020-03-09, a day off in "
        "place of International Women's Day, which fell on a weekend; 1 weekend day)",
        "due Fri 2020-03-13",
        "minutes_published e4 on Mon 2020-03-16: 3 days after the due date: late",
    ]
    # A meeting over two days: the term counts from the day it ended.
    assert "the meeting e5 ended Tue 2020-02-11" in " ".join(found["e5"]["explanation"])
    assert report["unmatched_events"] == []
    assert report["events"] == {"read": 6, "used": 6, "unmatched": 0, "rejected": 0}


def test_the_text_report_explains_the_late_minutes(world: Path) -> None:
    code, text = _check(world, "--rules", str(world / "rules"))
    assert code == 1
    assert "  clause 16 | akim.embi | trigger e3 | due 2020-03-13 | evidence e4\n" in text
    assert "      minutes_published e4 on Mon 2020-03-16: 3 days after the due date: late\n" in text


def test_the_same_log_is_refused_by_the_shipped_rules(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _check(world)
    assert code == 2
    err = capsys.readouterr().err
    events = world / "events.jsonl"
    expected = (
        f"{events}:2:36: error: field 'action': unknown action 'minutes_published'; expected "
        "one of: reporting_meeting, schedule_published, report_posted, progress_posted, "
        "results_reported, forms_approved, schedule_approved, problems_posted, measures_agreed"
    )
    lines = err.splitlines()
    assert lines[0] == expected
    assert lines[2].index("^") == lines[1].index('"action": "minutes_published"')
    assert lines[3] == "    hint: did you mean 'schedule_published'?"
    assert sum("unknown action 'minutes_published'" in line for line in lines) == 3
    assert lines[-1] == "3 errors"


def _as_json_array(world: Path) -> str:
    (world / "events.json").write_text(json.dumps(EVENTS, indent=1), encoding="utf-8")
    return "events.json"


def _as_csv(world: Path) -> str:
    columns = ["id", "actor", "action", "time", "end", "ref", "channels"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    for row in EVENTS:
        writer.writerow({**row, "channels": ";".join(row.get("channels", []))})
    (world / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return "events.csv"


def test_every_format_gives_the_same_report(world: Path) -> None:
    rules = ("--rules", str(world / "rules"), "--format", "json")
    _, jsonl = _check(world, *rules)
    for events in (_as_json_array(world), _as_csv(world)):
        code, report = _check(world, *rules, events=events)
        assert code == 1
        assert _findings(report) == _findings(jsonl), events


def _findings(report: str) -> Any:
    data = json.loads(report)
    return data["findings"], data["unmatched_events"], data["summary"]


@pytest.mark.parametrize(("jobs", "parts"), [(1, 3), (2, 2), (2, 3)])
def test_every_number_of_jobs_gives_the_same_report(
    world: Path, jobs: int, parts: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = ("--rules", str(world / "rules"), "--format", "json")
    _, whole = _check(world, *rules)
    # Pieces of a few rows, checked by the workers (check_piece), and several partitions.
    monkeypatch.setattr(io_stream, "STREAM_CHUNK_BYTES", 300)
    monkeypatch.setattr(io_stream, "_FIRST_PIECE_BYTES", 300)
    monkeypatch.setattr(partitioned, "PARTITION_BYTES", 400)
    monkeypatch.setattr(partitioned, "PARALLEL_FROM_BYTES", 0)
    code, report = _check(world, *rules, "--jobs", str(jobs))
    assert code == 1
    assert report == whole


# ---- the readers take the declared words ------------------------------------------------


def _minutes_vocabulary(world: Path) -> Vocabulary:
    return load_decree(world / "rules").vocabulary


def test_every_reader_takes_the_declared_words(world: Path) -> None:
    vocabulary = _minutes_vocabulary(world)
    actors = read_actors(world / "offices.jsonl", lenient=False)
    path = world / "events.jsonl"
    whole = read_events(path, actors, lenient=False, vocabulary=vocabulary).records
    assert [event.action for event in whole][:2] == ["reporting_meeting", "minutes_published"]
    with EventStream(path, actors, lenient=False, vocabulary=vocabulary) as stream:
        assert list(stream) == list(whole)
        stream.finish()
    text = path.read_text(encoding="utf-8")
    by_id = {actor.id: actor for actor in actors.records}
    assert check_piece(text, 0, str(path), by_id, vocabulary=vocabulary) == list(whole)
    assert check_piece(text, 0, str(path), by_id) is None  # the shipped words: refused
    assert parse_events(text, by_id, filename="e.jsonl", vocabulary=vocabulary) == whole


def test_a_lenient_read_rejects_the_rows_of_undeclared_actions(world: Path) -> None:
    actors = read_actors(world / "offices.jsonl", lenient=False)
    loaded = read_events(world / "events.jsonl", actors, lenient=True)
    assert [row.line for row in loaded.rejected] == [2, 4, 6]
    assert loaded.rejected[0].codes == ("DR-I036",)
    with EventStream(world / "events.jsonl", actors, lenient=True) as stream:
        assert [event.id for event in stream] == ["e1", "e3", "e5"]
        assert [row.line for row in stream.finish().rejected] == [2, 4, 6]


def test_the_fast_path_and_the_checks_agree_on_declared_words(world: Path) -> None:
    vocabulary = _minutes_vocabulary(world)
    actors = {a.id: a for a in read_actors(world / "offices.jsonl", lenient=False).records}
    raw = split(
        (world / "events.jsonl").read_text(encoding="utf-8"),
        "e.jsonl",
        Format.JSONL,
        EVENT_SHAPE,
        lenient=False,
    )
    for record in raw.records:
        fast = plain_event(record, actors, "e.jsonl", vocabulary=vocabulary)
        checker = EventChecker("e.jsonl", Format.JSONL, frozenset(), vocabulary=vocabulary)
        assert fast is not None and fast == checker.checked_event(record, actors)
        shipped = plain_event(record, actors, "e.jsonl")  # the shipped rules' words
        assert (shipped is None) == (fast.action == "minutes_published")


def test_declared_channels_recipients_and_tags_are_the_logs_words() -> None:
    rules = declared(
        'decree "T"\nclause 15 "F"\n  text kk "x"\n  enters into force on 2016-01-01\n'
        'clause 1 "A"\n  text kk "x"\n  for each hearing by akim\n'
        "  the same actor must do notice_sent on noticeboard and to ombudsman\n"
        "  within 5 working days after the meeting ends\n"
        'clause 2 "B"\n  text kk "x"\n  for each hearing by akim\n'
        "  the same actor must ensure that meeting includes elders\n  when that meeting is held\n"
        'action hearing "a public hearing" is a meeting\naction notice_sent "a notice sent"\n'
        'channel noticeboard "the noticeboard"\nrecipient ombudsman "the ombudsman"\n'
        'participant elders "the council of elders"\n'
    )
    decree = parse_rules(rules, filename="r.rules", validated=False)
    assert lint(decree) == []
    words = decree.vocabulary
    actors = {"akim.x": Actor("akim.x", Role.AKIM, Level.REGION)}
    good = (
        '{"id": "e1", "actor": "akim.x", "action": "hearing", "time": "2020-02-20", '
        '"participants": ["elders"]}\n'
        '{"id": "e2", "actor": "akim.x", "action": "notice_sent", "time": "2020-02-21", '
        '"channels": ["noticeboard"], "to": ["ombudsman"]}\n'
    )
    assert len(parse_events(good, actors, filename="e.jsonl", vocabulary=words)) == 2
    with pytest.raises(DecreeRulesError) as caught:
        parse_events(good.replace("noticeboard", "website"), actors, filename="e.jsonl",
                     vocabulary=words)  # fmt: skip
    assert caught.value.render().splitlines()[0] == (
        "e.jsonl:2:93: error: field 'channels': unknown channel 'website'; expected one of: "
        "noticeboard"
    )
    with pytest.raises(DecreeRulesError) as caught:
        parse_events(good.replace('"elders"', '"public_council"'), actors, filename="e.jsonl",
                     vocabulary=words)  # fmt: skip
    assert "or one of: elders" in caught.value.render()


# ---- the rule language -------------------------------------------------------------------

H = 'decree "T"\nclause 15 "F"\n  text kk "x"\n  enters into force on 2016-01-01\n'


def _errors(text: str) -> list[str]:
    decree = parse_rules(text, filename="r.rules", validated=False)
    with pytest.raises(DecreeRulesError) as caught:
        validate(decree, sources={"r.rules": text})
    return [line for line in caught.value.render().splitlines() if ": error: " in line]


def test_a_meeting_is_what_the_rules_declare_one() -> None:
    attend = (
        'clause 13 "A"\n  text kk "x"\n  for each hearing by akim\n'
        "  the same actor must attend that meeting in person\n  when that meeting is held\n"
    )
    meeting = 'action hearing "a public hearing" is a meeting\n'
    validate(parse_rules(H + attend + meeting, validated=False))
    assert _errors(H + attend + meeting.replace(" is a meeting", "")) == [
        "r.rules:8:23: error: clause 13: 'that meeting' needs 'for each ACTION by ...' of an "
        "action declared 'is a meeting'"
    ]
    other = 'action reporting_meeting "a meeting" is a meeting\naction hearing "a hearing"\n'
    assert _errors(H + attend + other) == [
        "r.rules:8:23: error: clause 13: 'that meeting' needs 'for each reporting_meeting by ...'"
    ]


def test_an_undeclared_action_is_reported_once() -> None:
    text = (
        H + 'clause 6 "A"\n  text kk "x"\n  for each reporting_meeting by akim\n'
        "  the same actor must do report_posted\n  within 10 calendar days after the meeting ends\n"
        'action report_posted "the report posted"\n'
    )
    assert _errors(text) == ["r.rules:7:12: error: unknown action 'reporting_meeting'"]


def test_rules_that_declare_no_words_say_how_to_declare_one() -> None:
    text = H + 'clause 2 "A"\n  text kk "x"\n  every year\n  akim must do reporting_meeting\n'
    text += "  during quarter 1\n"
    decree = parse_rules(text, filename="r.rules", validated=False)
    with pytest.raises(DecreeRulesError) as caught:
        validate(decree, sources={"r.rules": text})
    assert caught.value.render().splitlines() == [
        "r.rules:8:16: error: unknown action 'reporting_meeting'",
        "      akim must do reporting_meeting",
        "                   ^^^^^^^^^^^^^^^^^",
        "    hint: the rules declare no action; declare it in a line of its own, e.g. action "
        'reporting_meeting "what it means"',
    ]


def test_a_word_declared_twice_is_an_error_once_per_kind() -> None:
    text = declared(H + 'clause 2 "A"\n  text kk "x"\n  every year\n  government must do '
                    "forms_approved to government\n  no deadline\n")  # fmt: skip
    assert "recipient government" in text
    validate(parse_rules(text, validated=False))  # a role and a recipient may share a name
    twice = text + 'action forms_approved "again"\n'
    assert _errors(twice) == [
        f"r.rules:{twice.count(chr(10))}:8: error: action 'forms_approved' is declared twice "
        "(first on line 10)"
    ]


def test_the_declarations_survive_formatting() -> None:
    text = ROOT.joinpath("rules", "decree.rules").read_text(encoding="utf-8")
    decree = parse_rules(text, validated=False)
    assert parse_rules(format_decree(decree), validated=False) == decree
    assert format_source(text) == text
    squeezed = 'action  a "x"  is  a  meeting\n\n\naction b "y"\nchannel c "z" note "n"\n'
    assert format_source(squeezed) == (
        'action a "x" is a meeting\n\naction b "y"\nchannel c "z"\n  note "n"\n'
    )


def test_an_event_of_a_declared_action_no_clause_names_is_unmatched(world: Path) -> None:
    (world / "rules" / "minutes.rules").write_text(
        'action minutes_published "the minutes of a reporting meeting published"\n',
        encoding="utf-8",
    )
    code, text = _check(world, "--rules", str(world / "rules"), "--format", "json")
    assert code == 0
    reasons = {item["id"]: item["reason"] for item in json.loads(text)["unmatched_events"]}
    assert reasons["e2"] == "no clause uses the action minutes_published"
