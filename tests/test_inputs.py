"""Reading the actor registry and the event log: formats, every defect, exact messages."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decree_rules.core.diagnostics import DecreeRulesError, ErrorGroup, InputError
from decree_rules.core.periods import Period
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import Level, Role
from decree_rules.io.events import EVENT_FIELDS, load_events, parse_events, read_events
from decree_rules.io.records import Actor, Event, Loaded
from decree_rules.io.registry import ACTOR_FIELDS, load_actors, parse_actors, read_actors

DATA = Path(__file__).parent / "data" / "inputs"

REGISTRY = (
    '{"id": "akim.almaty-region", "role": "akim", "level": "region"}\n'
    '{"id": "akim.talgar", "role": "akim", "level": "district", "parent": "akim.almaty-region"}\n'
    '{"id": "akim.aktobe-region", "role": "akim", "level": "region", "tz": "Asia/Aqtobe"}\n'
    '{"id": "gov", "role": "government"}\n'
)
ACTORS = {actor.id: actor for actor in parse_actors(REGISTRY, filename="actors.jsonl")}

EVENT = '{"id": "e1", "actor": "akim.talgar", "action": "reporting_meeting", "time": "2024-02-15"'


def event_line(**fields: object) -> str:
    """A valid JSON Lines event with ``fields`` added or replaced."""
    record: dict[str, object] = {
        "id": "e1",
        "actor": "akim.talgar",
        "action": "reporting_meeting",
        "time": "2024-02-15",
    }
    record.update(fields)
    return json.dumps(record)


def actor_error(text: str, filename: str = "actors.jsonl") -> DecreeRulesError:
    with pytest.raises(DecreeRulesError) as info:
        parse_actors(text, filename=filename)
    return info.value


def event_error(text: str, filename: str = "events.jsonl") -> DecreeRulesError:
    with pytest.raises(DecreeRulesError) as info:
        parse_events(text, ACTORS, filename=filename)
    return info.value


def head_and_hint(error: DecreeRulesError) -> tuple[str, str | None]:
    assert not isinstance(error, ErrorGroup), error.render()
    lines = error.render().splitlines()
    hints = [line.strip() for line in lines if line.startswith("    hint: ")]
    return lines[0], hints[0] if hints else None


# --------------------------------------------------------------------------- good input


def test_the_three_formats_give_equal_actors() -> None:
    jsonl = load_actors(DATA / "actors.jsonl")
    array = load_actors(DATA / "actors.json")
    table = load_actors(DATA / "actors.csv")
    assert jsonl == array == table
    assert [actor.id for actor in jsonl] == [
        "akim.almaty-region",
        "akim.talgar",
        "akim.aktobe-region",
        "min.finance",
        "gov",
    ]
    region, talgar, aktobe, finance, gov = jsonl
    assert region == Actor(
        id="akim.almaty-region",
        role=Role.AKIM,
        level=Level.REGION,
        name="Akim of Almaty Region",
    )
    assert talgar.parent == "akim.almaty-region"
    assert talgar.tz == "Asia/Almaty"
    assert aktobe.tz == "Asia/Aqtobe"
    assert aktobe.valid_from == date(2022, 6, 8)
    assert finance.body == "finance"
    assert finance.level is None
    assert finance.valid_until == date(2030, 12, 31)
    assert gov.role is Role.GOVERNMENT


def test_actor_locations_are_the_lines_of_the_records() -> None:
    assert [actor.location.line for actor in load_actors(DATA / "actors.jsonl")] == [1, 2, 4, 5, 6]
    assert [actor.location.line for actor in load_actors(DATA / "actors.json")] == [2, 8, 9, 10, 11]
    assert [actor.location.line for actor in load_actors(DATA / "actors.csv")] == [2, 3, 4, 5, 6]
    assert load_actors(DATA / "actors.csv")[0].location.file == str(DATA / "actors.csv")


def test_the_three_formats_give_equal_events() -> None:
    actors = {actor.id: actor for actor in load_actors(DATA / "actors.jsonl")}
    jsonl = load_events(DATA / "events.jsonl", actors)
    array = load_events(DATA / "events.json", actors)
    table = load_events(DATA / "events.csv", actors)
    assert jsonl == array == table
    e1, e2, e3, e4 = jsonl
    assert e1 == Event(
        id="e1",
        actor="akim.talgar",
        action="reporting_meeting",
        time=date(2024, 2, 15),
        end=date(2024, 2, 16),
        participants=("akim.almaty-region", "deputy_of:akim.almaty-region", "public_council"),
        videoconference=True,
    )
    assert e2.time == datetime(2024, 2, 20, 10, tzinfo=timezone(timedelta(hours=5)))
    assert e2.ref == "e1"
    assert e2.channels == ("regional_press", "website")
    assert e3.time == datetime(2024, 4, 1, 9, 30)  # naive: local time of the actor, kept
    assert e3.period == Period(2024, 1)
    assert e3.to == ("presidential_administration", "government")
    assert e3.videoconference is False
    assert e4.time == datetime(2024, 1, 10, 4, tzinfo=UTC)
    assert e4.period == Period(2024)
    for events in (jsonl, array, table):
        assert events[1].extra == {"note": "posted late in the day"}
        assert events[0].extra == {}


def test_event_locations_are_the_lines_of_the_records() -> None:
    actors = {actor.id: actor for actor in load_actors(DATA / "actors.jsonl")}
    lines = {
        "events.jsonl": [1, 2, 3, 4],
        "events.json": [2, 4, 6, 8],
        "events.csv": [2, 3, 4, 5],
    }
    for name, expected in lines.items():
        events = load_events(DATA / name, actors)
        assert [event.location for event in events] == [
            Location(str(DATA / name), line) for line in expected
        ]


def test_unknown_extra_fields_are_kept_and_ignored() -> None:
    text = event_line(note="moved from the hall", meta={"source": "akimat.kz"}, n=3)
    (event,) = parse_events(text, ACTORS, filename="events.jsonl")
    assert event.extra == {"note": "moved from the hall", "meta": {"source": "akimat.kz"}, "n": 3}
    registry = '{"id": "gov", "role": "government", "phone": "+7 727 000 00 00"}'
    assert parse_actors(registry, filename="actors.jsonl") == (
        Actor(id="gov", role=Role.GOVERNMENT),
    )


def test_csv_lists_and_booleans() -> None:
    header = "id,actor,action,time,channels,participants,videoconference\n"
    rows = [
        "e1,akim.talgar,report_posted,2024-02-15,website; regional_press ;,,YES\n",
        "e2,akim.talgar,reporting_meeting,2024-02-15,,public_council;akim.talgar,0\n",
        "e3,akim.talgar,reporting_meeting,2024-02-15,,,False\n",
        "e4,akim.talgar,reporting_meeting,2024-02-15,,,\n",
        'e5,akim.talgar,reporting_meeting,2024-02-15,,"national_holdings; gov",true\n',
    ]
    events = parse_events(header + "".join(rows), ACTORS, filename="events.csv")
    assert [event.channels for event in events] == [("website", "regional_press"), (), (), (), ()]
    assert events[1].participants == ("public_council", "akim.talgar")
    assert events[4].participants == ("national_holdings", "gov")
    assert [event.videoconference for event in events] == [True, False, False, False, True]


@pytest.mark.parametrize("word", ["true", "TRUE", "1", "yes", "Yes"])
def test_csv_true_words(word: str) -> None:
    text = f"id,actor,action,time,videoconference\ne1,gov,forms_approved,2024-01-10,{word}\n"
    assert parse_events(text, ACTORS, filename="e.csv")[0].videoconference is True


@pytest.mark.parametrize("word", ["false", "False", "0", "no", "NO"])
def test_csv_false_words(word: str) -> None:
    text = f"id,actor,action,time,videoconference\ne1,gov,forms_approved,2024-01-10,{word}\n"
    assert parse_events(text, ACTORS, filename="e.csv")[0].videoconference is False


def test_json_array_reports_each_elements_real_line() -> None:
    text = (
        "[\n"
        '  {"id": "e1", "actor": "akim.talgar", "action": "reporting_meeting",\n'
        '   "time": "2024-02-15"},\n'
        "\n"
        "  {\n"
        '    "id": "e2",\n'
        '    "actor": "akim.talgar",\n'
        '    "action": "report_posted",\n'
        '    "time": "2023-02-29"\n'
        "  },\n"
        '  {"id": "e3", "actor": "akim.talgr", "action": "report_posted", "time": "2024-03-01"}\n'
        "]\n"
    )
    error = event_error(text, "events.json")
    assert error.render() == (
        "events.json:9:5: error: field 'time': no such date: '2023-02-29' "
        "(February 2023 has 28 days)\n"
        '        "time": "2023-02-29"\n'
        "        ^^^^^^^^^^^^^^^^^^^^\n"
        '    hint: e.g. "time": "2024-02-15" or "time": "2024-02-15T10:00:00+05:00"\n'
        "events.json:11:16: error: field 'actor': unknown actor 'akim.talgr' "
        "(not in the actor registry)\n"
        '      {"id": "e3", "actor": "akim.talgr", "action": "report_posted", '
        '"time": "2024-03-01"}\n'
        "                   ^^^^^^^^^^^^^^^^^^^^^\n"
        "    hint: did you mean 'akim.talgar'?\n"
        "2 errors"
    )
    good = text.replace("2023-02-29", "2024-02-29").replace("talgr", "talgar")
    events = parse_events(good, ACTORS, filename="events.json")
    assert [event.location.line for event in events] == [2, 5, 11]


def test_time_forms() -> None:
    lines = [
        event_line(id="a", time="2024-02-15"),
        event_line(id="b", time="2024-02-15T10:00:00+05:00"),
        event_line(id="c", time="2024-02-15T05:00:00Z"),
        event_line(id="d", time="2024-02-15T10:00"),
        event_line(id="e", time="2024-02-15 10:00:00"),
    ]
    events = parse_events("\n".join(lines), ACTORS, filename="events.jsonl")
    five = timezone(timedelta(hours=5))
    assert [event.time for event in events] == [
        date(2024, 2, 15),
        datetime(2024, 2, 15, 10, tzinfo=five),
        datetime(2024, 2, 15, 5, tzinfo=UTC),
        datetime(2024, 2, 15, 10),
        datetime(2024, 2, 15, 10),
    ]
    assert type(events[0].time) is date


@pytest.mark.parametrize(
    ("time", "end"),
    [
        ("2024-02-15", "2024-02-15"),  # a one-day meeting
        ("2024-02-15T10:00:00+05:00", "2024-02-15"),  # same local day
        ("2024-02-15", "2024-02-15T09:00"),
        ("2024-06-15T10:00:00+05:00", "2024-06-15T10:00"),  # naive end: Almaty time, equal
        ("2024-06-15T10:00", "2024-06-15T05:00:00Z"),  # 05:00Z is 10:00 in Almaty (UTC+5)
        ("2024-02-15T10:00", "2024-02-15T04:00:00Z"),  # ... and UTC+6 before 2024-03-01
        ("2024-06-14T20:00:00Z", "2024-06-15"),  # 20:00Z on the 14th is the 15th in Almaty
    ],
)
def test_end_not_before_time_is_accepted(time: str, end: str) -> None:
    (event,) = parse_events(event_line(time=time, end=end), ACTORS, filename="e.jsonl")
    assert event.end is not None


def test_end_uses_the_actors_zone() -> None:
    # 10:00 naive in Aqtobe (UTC+5) is 05:00Z; an end at 04:30Z is before it.
    text = event_line(actor="akim.aktobe-region", time="2024-06-01T10:00", end="2024-06-01T04:30Z")
    head, _ = head_and_hint(event_error(text))
    assert head == (
        "events.jsonl:1:104: error: field 'end': the event ends before it starts: "
        "end 2024-06-01T04:30:00+00:00 is before time 2024-06-01T10:00:00 (Asia/Aqtobe, UTC+05:00)"
    )


def test_period_as_number_and_empty_optional_fields() -> None:
    text = event_line(period=2024, ref="", end=None, channels=[], to=None)
    (event,) = parse_events(text, ACTORS, filename="e.jsonl")
    assert event.period == Period(2024)
    assert (event.ref, event.end, event.channels, event.to) == (None, None, (), ())


def test_blank_lines_crlf_and_bom_in_json_lines(tmp_path: Path) -> None:
    text = "\r\n" + event_line(id="e1") + "\r\n\r\n   \r\n" + event_line(id="e2") + "\r\n"
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    events = load_events(path, ACTORS)
    assert [(event.id, event.location.line) for event in events] == [("e1", 2), ("e2", 5)]


def test_crlf_and_bom_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_bytes(b"\xef\xbb\xbfid,role,level\r\nakim.x,akim,region\r\n\r\ngov,government,\r\n")
    actors = load_actors(path)
    assert [(actor.id, actor.location.line) for actor in actors] == [("akim.x", 2), ("gov", 4)]
    assert actors[0].level is Level.REGION


def test_crlf_errors_point_at_the_right_column(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_bytes(b"id,role,level\r\nakim.x,akim,oblast\r\n")
    with pytest.raises(InputError) as info:
        load_actors(path)
    assert info.value.render() == (
        f"{path}:2:13: error: field 'level': unknown level 'oblast'; expected one of: region, "
        "republican_city, capital, district, regional_city, city_district, rural\n"
        "    akim.x,akim,oblast\n"
        "                ^^^^^^\n"
        "    hint: e.g. region"
    )


def test_bom_in_text() -> None:
    assert parse_actors('\ufeff{"id": "gov", "role": "government"}', filename="a.jsonl")


def test_an_empty_event_log_has_no_events(tmp_path: Path) -> None:
    for name, content in [
        ("e.jsonl", ""),
        ("e.json", "  \n"),
        ("e.csv", "\ufeff"),
        ("e2.json", "[]"),
        ("e3.csv", "id,actor,action,time\n"),
    ]:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert load_events(path, ACTORS) == ()


@pytest.mark.parametrize(
    ("filename", "fmt", "text"),
    [
        ("actors.json", None, '{"id": "gov", "role": "government"}\n'),  # sniffed: JSON Lines
        ("actors.txt", None, '  [{"id": "gov", "role": "government"}]'),  # sniffed: array
        ("actors", None, "id,role\ngov,government\n"),  # sniffed: CSV
        ("actors.ndjson", None, '{"id": "gov", "role": "government"}'),
        ("actors.txt", "csv", "id,role\ngov,government\n"),
        ("actors.csv", "jsonl", '{"id": "gov", "role": "government"}'),
        ("actors.csv", "json", '[{"id": "gov", "role": "government"}]'),
    ],
)
def test_format_detection(filename: str, fmt: str | None, text: str) -> None:
    assert parse_actors(text, filename=filename, fmt=fmt) == (
        Actor(id="gov", role=Role.GOVERNMENT),
    )


def test_a_json_array_is_expected_when_asked_for() -> None:
    with pytest.raises(InputError) as info:
        parse_actors('\n {"id": "gov", "role": "government"}', filename="a.txt", fmt="json")
    assert info.value.render().splitlines()[0] == (
        "a.txt:2:2: error: expected a JSON array of records, starting with '['"
    )


def test_an_unknown_format_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="fmt must be one of"):
        parse_actors("", filename="a", fmt="xml")


# --------------------------------------------------------------------------- bad registry


ACTOR_CASES = [
    pytest.param(
        '{"id": "a", "role" "akim"}',
        "actors.jsonl:1:20: error: malformed JSON: expecting ':' delimiter",
        "hint: each line must hold one complete JSON object, e.g. "
        '{"id": "akim.almaty-region", "role": "akim", "level": "region"}',
        id="malformed-json",
    ),
    pytest.param(
        '{"id": "a"}',
        "actors.jsonl:1: error: field 'role': missing required field",
        'hint: e.g. "role": "akim"',
        id="missing-field",
    ),
    pytest.param(
        '{"id": "", "role": "rector"}',
        "actors.jsonl:1:2: error: field 'id': required field is empty",
        'hint: e.g. "id": "akim.almaty-region"',
        id="empty-field",
    ),
    pytest.param(
        '{"id": 42, "role": "rector"}',
        "actors.jsonl:1:2: error: field 'id': expected a string, found a number (42)",
        'hint: e.g. "id": "akim.almaty-region"',
        id="id-number",
    ),
    pytest.param(
        '{"id": "a", "role": ["akim"]}',
        """actors.jsonl:1:13: error: field 'role': expected a string, found an array (["akim"])""",
        'hint: e.g. "role": "akim"',
        id="role-array",
    ),
    pytest.param(
        '{"id": "a", "role": "Akim", "level": "region"}',
        "actors.jsonl:1:13: error: field 'role': unknown role 'Akim'; expected one of: "
        "central_body_head, anticorruption_head, akim, rector, education_head, government",
        "hint: did you mean 'akim'?",
        id="role-case",
    ),
    pytest.param(
        '{"id": "a", "role": "minister"}',
        "actors.jsonl:1:13: error: field 'role': unknown role 'minister'; expected one of: "
        "central_body_head, anticorruption_head, akim, rector, education_head, government",
        'hint: e.g. "role": "akim"',
        id="role-unknown",
    ),
    pytest.param(
        '{"id": "a", "role": "akim"}',
        "actors.jsonl:1: error: field 'level': missing required field: an akim needs a level",
        'hint: e.g. "level": "region"',
        id="akim-without-level",
    ),
    pytest.param(
        '{"id": "a", "role": "rector", "level": "region"}',
        "actors.jsonl:1:31: error: field 'level': only akims have a level; "
        "this actor's role is 'rector'",
        'hint: remove the level, or correct the role to "akim"',
        id="level-not-allowed",
    ),
    pytest.param(
        '{"id": "a", "role": "akim", "level": "oblast"}',
        "actors.jsonl:1:29: error: field 'level': unknown level 'oblast'; expected one of: "
        "region, republican_city, capital, district, regional_city, city_district, rural",
        'hint: e.g. "level": "region"',
        id="level-unknown",
    ),
    pytest.param(
        '{"id": "a", "role": "rector", "tz": "Asia/Almati"}',
        "actors.jsonl:1:31: error: field 'tz': unknown time zone 'Asia/Almati'",
        "hint: did you mean 'Asia/Almaty'?",
        id="zone-typo",
    ),
    pytest.param(
        '{"id": "a", "role": "rector", "tz": "Mars/Olympus"}',
        "actors.jsonl:1:31: error: field 'tz': unknown time zone 'Mars/Olympus'",
        'hint: an IANA zone name, e.g. "tz": "Asia/Almaty" or "tz": "Asia/Aqtobe"',
        id="zone-unknown",
    ),
    pytest.param(
        '{"id": "a", "role": "rector", "from": "2023-02-29"}',
        "actors.jsonl:1:31: error: field 'from': no such date: '2023-02-29' "
        "(February 2023 has 28 days)",
        'hint: e.g. "from": "2022-06-08"',
        id="impossible-date",
    ),
    pytest.param(
        '{"id": "a", "role": "rector", "from": "0202-01-01"}',
        "actors.jsonl:1:31: error: field 'from': the year 202 is outside the supported range "
        "1900-2999: '0202-01-01'",
        'hint: e.g. "from": "2022-06-08"',
        id="year-out-of-range",
    ),
    pytest.param(
        '{"id": "a", "role": "rector", "until": "31.12.2024"}',
        "actors.jsonl:1:31: error: field 'until': expected a date like 2024-02-15, "
        "found '31.12.2024'",
        'hint: e.g. "until": "2024-12-31"',
        id="date-form",
    ),
    pytest.param(
        '{"id": "a", "role": "rector", "from": "2024-01-01T00:00:00"}',
        "actors.jsonl:1:31: error: field 'from': expected a date like 2024-02-15, "
        "found '2024-01-01T00:00:00'",
        'hint: e.g. "from": "2022-06-08"',
        id="date-time-not-a-date",
    ),
    pytest.param(
        '{"id": "a", "role": "rector", "from": "2024-01-01", "until": "2023-12-31"}',
        "actors.jsonl:1:53: error: field 'until': the office ends before it starts: "
        "until 2023-12-31 is before from 2024-01-01",
        "hint: swap the dates, or correct one of them",
        id="until-before-from",
    ),
    pytest.param(
        '{"id": "a", "role": "rector"}\n{"id": "b", "role": "rector"}\n'
        '{"id": "a", "role": "government"}',
        "actors.jsonl:3:2: error: field 'id': duplicate id 'a': already used on line 1",
        "hint: every office needs its own id, e.g. akim.almaty-region and akim.almaty-city",
        id="duplicate-id",
    ),
    pytest.param(
        '{"id": "akim.r", "role": "akim", "level": "region"}\n'
        '{"id": "akim.d", "role": "akim", "level": "district", "parent": "akim.rr"}',
        "actors.jsonl:2:55: error: field 'parent': unknown actor 'akim.rr' "
        "(no actor in this file has that id)",
        "hint: did you mean 'akim.r'?",
        id="parent-unknown",
    ),
    pytest.param(
        '{"id": "akim.d", "role": "akim", "level": "district", "parent": "akim.d"}',
        "actors.jsonl:1:55: error: field 'parent': an actor cannot be its own parent",
        'hint: the parent is the superior akim, e.g. "parent": "akim.almaty-region"',
        id="parent-self",
    ),
    pytest.param(
        '{"id": "r", "role": "rector"}\n'
        '{"id": "akim.d", "role": "akim", "level": "district", "parent": "r"}',
        "actors.jsonl:2:55: error: field 'parent': the parent must be an akim, but 'r' is a rector",
        "hint: the parent is the superior akim (a district's region, a rural akim's district)",
        id="parent-not-akim",
    ),
    pytest.param(
        '{"id": "x", "role": "rector"}\n'
        '{"id": "akim.b", "role": "akim", "level": "district", "parent": "akim.a"}\n'
        '{"id": "akim.a", "role": "akim", "level": "region", "parent": "akim.b"}',
        "actors.jsonl:2:55: error: field 'parent': the parent chain loops: "
        "akim.b -> akim.a -> akim.b",
        "hint: a parent must be higher up: a rural akim's parent is a district, "
        "a district's parent is a region",
        id="parent-loop",
    ),
    pytest.param(
        '"akim.a"',
        "actors.jsonl:1:1: error: expected a JSON object for each record, found a string "
        "('akim.a')",
        "hint: each line must hold one complete JSON object, e.g. "
        '{"id": "akim.almaty-region", "role": "akim", "level": "region"}',
        id="not-an-object",
    ),
    pytest.param(
        '{"id": "a", "role": "central_body_head", "body": 7}',
        "actors.jsonl:1:42: error: field 'body': expected a string, found a number (7)",
        'hint: e.g. "body": "finance"',
        id="body-number",
    ),
    pytest.param(
        "",
        "actors.jsonl: error: the file has no records",
        "hint: an actor registry needs one record per office, e.g. "
        '{"id": "akim.almaty-region", "role": "akim", "level": "region"}',
        id="empty-registry",
    ),
]


@pytest.mark.parametrize(("text", "head", "hint"), ACTOR_CASES)
def test_registry_defects(text: str, head: str, hint: str) -> None:
    assert head_and_hint(actor_error(text)) == (head, hint)


@pytest.mark.parametrize(
    ("filename", "text"),
    [
        ("actors.jsonl", "\n  \n\r\n"),
        ("actors.json", "[ ]"),
        ("actors.csv", "id,role,level\n"),
        ("actors.csv", ""),
    ],
)
def test_an_empty_registry_is_an_error(filename: str, text: str) -> None:
    head, _ = head_and_hint(actor_error(text, filename))
    assert head == f"{filename}: error: the file has no records"


def test_registry_caret_rendering() -> None:
    error = actor_error('{"id": "a", "role": "rector", "tz": "Asia/Almati"}')
    assert error.render() == (
        "actors.jsonl:1:31: error: field 'tz': unknown time zone 'Asia/Almati'\n"
        '    {"id": "a", "role": "rector", "tz": "Asia/Almati"}\n'
        "                                  ^^^^^^^^^^^^^^^^^^^\n"
        "    hint: did you mean 'Asia/Almaty'?"
    )


def test_a_key_given_twice() -> None:
    error = actor_error('{"id": "a", "id": "b", "role": "rector"}')
    assert error.render() == (
        "actors.jsonl:1:2: error: field 'id': given more than once in the same record\n"
        '    {"id": "a", "id": "b", "role": "rector"}\n'
        "     ^^^^^^^^^\n"
        "    hint: keep one of the values; the other would be silently ignored"
    )


# --------------------------------------------------------------------------- bad event log


TIME_HINT = 'hint: e.g. "time": "2024-02-15" or "time": "2024-02-15T10:00:00+05:00"'

EVENT_CASES = [
    pytest.param(
        EVENT,
        "events.jsonl:1:89: error: malformed JSON: expecting ',' delimiter",
        "hint: each line must hold one complete JSON object, e.g. "
        '{"id": "e1", "actor": "akim.almaty-region", "action": "reporting_meeting", '
        '"time": "2024-02-15"}',
        id="malformed-json",
    ),
    pytest.param(
        EVENT + "} trailing",
        "events.jsonl:1:91: error: malformed JSON: unexpected text after the end of the record",
        "hint: each line must hold one complete JSON object, e.g. "
        '{"id": "e1", "actor": "akim.almaty-region", "action": "reporting_meeting", '
        '"time": "2024-02-15"}',
        id="text-after-record",
    ),
    pytest.param(
        '{"id": "e1", "actor": "akim.talgar", "action": "reporting_meeting"}',
        "events.jsonl:1: error: field 'time': missing required field",
        TIME_HINT,
        id="missing-field",
    ),
    pytest.param(
        event_line(actor=""),
        "events.jsonl:1:14: error: field 'actor': required field is empty",
        'hint: e.g. "actor": "akim.almaty-region"',
        id="empty-field",
    ),
    pytest.param(
        event_line(time=None),
        "events.jsonl:1:69: error: field 'time': required field is empty",
        TIME_HINT,
        id="null-field",
    ),
    pytest.param(
        event_line(time=20240215),
        "events.jsonl:1:69: error: field 'time': expected a string, found a number (20240215)",
        TIME_HINT,
        id="wrong-type",
    ),
    pytest.param(
        event_line(time="2023-02-29"),
        "events.jsonl:1:69: error: field 'time': no such date: '2023-02-29' "
        "(February 2023 has 28 days)",
        TIME_HINT,
        id="impossible-date",
    ),
    pytest.param(
        event_line(time="2023-02-29T10:00:00+05:00"),
        "events.jsonl:1:69: error: field 'time': no such date: '2023-02-29' "
        "(February 2023 has 28 days)",
        TIME_HINT,
        id="impossible-date-time",
    ),
    pytest.param(
        event_line(time="2024-13-01"),
        "events.jsonl:1:69: error: field 'time': no such date: '2024-13-01' (there is no month 13)",
        TIME_HINT,
        id="impossible-month",
    ),
    pytest.param(
        event_line(time="9999-12-32"),
        "events.jsonl:1:69: error: field 'time': no such date: '9999-12-32' "
        "(December 9999 has 31 days)",
        TIME_HINT,
        id="impossible-day-in-the-last-year",
    ),
    pytest.param(
        event_line(time="9999-12-31T23:59:59-23:59"),
        "events.jsonl:1:69: error: field 'time': the year 9999 is outside the supported range "
        "1900-2999: '9999-12-31T23:59:59-23:59'",
        TIME_HINT,
        id="year-out-of-range",
    ),
    pytest.param(
        event_line(end="0001-01-01"),
        "events.jsonl:1:91: error: field 'end': the year 1 is outside the supported range "
        "1900-2999: '0001-01-01'",
        'hint: e.g. "end": "2024-02-15" or "end": "2024-02-15T10:00:00+05:00"',
        id="year-out-of-range-date",
    ),
    pytest.param(
        event_line(time="0000-01-01"),
        "events.jsonl:1:69: error: field 'time': no such date: '0000-01-01' (there is no year 0)",
        TIME_HINT,
        id="year-zero",
    ),
    pytest.param(
        event_line(time="\u0662\u0660\u0662\u0664-01-01"),
        "events.jsonl:1:69: error: field 'time': expected a date like 2024-02-15 or a "
        "date-time like 2024-02-15T10:00:00+05:00, found '\u0662\u0660\u0662\u0664-01-01'",
        TIME_HINT,
        id="non-ascii-digits",
    ),
    pytest.param(
        event_line(time="10:00"),
        "events.jsonl:1:69: error: field 'time': a time without a date: '10:00'",
        'hint: write the day too, e.g. "time": "2024-02-15T10:00:00+05:00"',
        id="time-without-date",
    ),
    pytest.param(
        event_line(time="2024-02-15T24:30"),
        "events.jsonl:1:69: error: field 'time': expected a date-time like "
        "2024-02-15T10:00:00+05:00, found '2024-02-15T24:30' (hour must be in 0..23)",
        TIME_HINT,
        id="impossible-hour",
    ),
    pytest.param(
        event_line(time="15 Feb 2024"),
        "events.jsonl:1:69: error: field 'time': expected a date like 2024-02-15 or a "
        "date-time like 2024-02-15T10:00:00+05:00, found '15 Feb 2024'",
        TIME_HINT,
        id="not-a-time",
    ),
    pytest.param(
        event_line(actor="akim.talgr"),
        "events.jsonl:1:14: error: field 'actor': unknown actor 'akim.talgr' "
        "(not in the actor registry)",
        "hint: did you mean 'akim.talgar'?",
        id="unknown-actor-close",
    ),
    pytest.param(
        event_line(actor="ministry.x"),
        "events.jsonl:1:14: error: field 'actor': unknown actor 'ministry.x' "
        "(not in the actor registry)",
        'hint: the actor must be an id from the actor registry, e.g. "actor": "akim.almaty-region"',
        id="unknown-actor",
    ),
    pytest.param(
        event_line(action="meeting"),
        "events.jsonl:1:38: error: field 'action': unknown action 'meeting'; expected one of: "
        "reporting_meeting, schedule_published, report_posted, progress_posted, "
        "results_reported, forms_approved, schedule_approved, problems_posted, measures_agreed",
        "hint: did you mean 'reporting_meeting'?",
        id="unknown-action",
    ),
    pytest.param(
        event_line() + "\n" + event_line(action="report_posted"),
        "events.jsonl:2:2: error: field 'id': duplicate id 'e1': already used on line 1",
        "hint: every event needs its own id, e.g. e1, e2, e3",
        id="duplicate-id",
    ),
    pytest.param(
        event_line(ref="e0"),
        "events.jsonl:1:91: error: field 'ref': refers to unknown event 'e0' "
        "(no event in this file has that id)",
        "hint: 'ref' must be the id of another event in this file",
        id="ref-to-nothing",
    ),
    pytest.param(
        event_line(ref="e1"),
        "events.jsonl:1:91: error: field 'ref': an event cannot refer to itself",
        """hint: 'ref' names the earlier event this one follows up, e.g. "ref": "e1\"""",
        id="ref-to-itself",
    ),
    pytest.param(
        event_line(end="2024-02-14"),
        "events.jsonl:1:91: error: field 'end': the event ends before it starts: "
        "end 2024-02-14 is before time 2024-02-15",
        """hint: 'time' is when it began and 'end' when it ended, e.g. "end": "2024-02-16\"""",
        id="end-before-time",
    ),
    pytest.param(
        event_line(time="2024-02-15T10:00:00+05:00", end="2024-02-15T09:59"),
        "events.jsonl:1:106: error: field 'end': the event ends before it starts: "
        "end 2024-02-15T09:59:00 (Asia/Almaty, UTC+06:00) is before time 2024-02-15T10:00:00+05:00",
        """hint: 'time' is when it began and 'end' when it ended, e.g. "end": "2024-02-16\"""",
        id="end-before-time-instant",
    ),
    pytest.param(
        event_line(period="Q1 2024"),
        "events.jsonl:1:91: error: field 'period': expected a period like 2024 or 2024-Q1, "
        "found 'Q1 2024'",
        'hint: e.g. "period": "2024" or "period": "2024-Q1"',
        id="period",
    ),
    pytest.param(
        event_line(period=2024.5),
        "events.jsonl:1:91: error: field 'period': expected a period like 2024 or 2024-Q1, "
        "found a number (2024.5)",
        'hint: e.g. "period": "2024" or "period": "2024-Q1"',
        id="period-float",
    ),
    pytest.param(
        event_line(channels="website"),
        "events.jsonl:1:91: error: field 'channels': expected an array of strings, "
        "found a string ('website')",
        'hint: e.g. "channels": ["website", "regional_press"]',
        id="list-as-string",
    ),
    pytest.param(
        event_line(channels=["website", "newspaper"]),
        "events.jsonl:1:115: error: field 'channels': unknown channel 'newspaper'; "
        "expected one of: central_press, regional_press, website",
        'hint: e.g. "channels": ["website", "regional_press"]',
        id="unknown-channel",
    ),
    pytest.param(
        event_line(to=["president"]),
        "events.jsonl:1:98: error: field 'to': unknown recipient 'president'; "
        "expected one of: presidential_administration, government, education_authority",
        "hint: did you mean 'presidential_administration'?",
        id="unknown-recipient",
    ),
    pytest.param(
        event_line(participants=["public-council"]),
        "events.jsonl:1:108: error: field 'participants': unknown participant "
        "'public-council': expected an actor id from the registry, deputy_of:<actor id>, "
        "or one of: public_council, national_holdings, government_members",
        "hint: did you mean 'public_council'?",
        id="unknown-participant",
    ),
    pytest.param(
        event_line(participants=["deputy_of:akim.talgr"]),
        "events.jsonl:1:108: error: field 'participants': unknown participant "
        "'deputy_of:akim.talgr': 'akim.talgr' is not in the actor registry",
        "hint: did you mean 'deputy_of:akim.talgar'?",
        id="unknown-deputy",
    ),
    pytest.param(
        event_line(participants=["gov", 3]),
        "events.jsonl:1:115: error: field 'participants': expected an array of strings, "
        "found a number (3) in it",
        'hint: e.g. "participants": ["public_council", "deputy_of:akim.almaty-region"]',
        id="list-item-type",
    ),
    pytest.param(
        event_line(videoconference="true"),
        "events.jsonl:1:91: error: field 'videoconference': expected true or false, "
        "found a string ('true')",
        'hint: e.g. "videoconference": true or "videoconference": false',
        id="boolean-as-string",
    ),
]


@pytest.mark.parametrize(("text", "head", "hint"), EVENT_CASES)
def test_event_log_defects(text: str, head: str, hint: str) -> None:
    assert head_and_hint(event_error(text)) == (head, hint)


CSV_HEADER = "id,actor,action,time,channels,videoconference\n"

CSV_CASES = [
    pytest.param(
        CSV_HEADER + "e1,akim.talgar,reporting_meeting,2024-02-15,web,\n",
        "events.csv:2:45: error: field 'channels': unknown channel 'web'; "
        "expected one of: central_press, regional_press, website",
        "hint: did you mean 'website'?",
        id="unknown-channel",
    ),
    pytest.param(
        CSV_HEADER + "e1,akim.talgar,reporting_meeting,2024-02-15,,maybe\n",
        "events.csv:2:46: error: field 'videoconference': expected true or false "
        "(or yes/no, 1/0), found 'maybe'",
        "hint: e.g. true or false",
        id="boolean",
    ),
    pytest.param(
        CSV_HEADER + 'e1,akim.talgar,reporting_meeting,"2024-02-30",,\n',
        "events.csv:2: error: field 'time': no such date: '2024-02-30' (February 2024 has 29 days)",
        "hint: e.g. 2024-02-15 or 2024-02-15T10:00:00+05:00",
        id="quoted-row-has-no-column",
    ),
    pytest.param(
        CSV_HEADER + "e1,akim.talgar,reporting_meeting,10:00,,\n",
        "events.csv:2:34: error: field 'time': a time without a date: '10:00'",
        "hint: write the day too, e.g. 2024-02-15T10:00:00+05:00",
        id="time-without-date",
    ),
    pytest.param(
        CSV_HEADER + "e1,akim.talgar,reporting_meeting,2024-02-15,website,yes,extra\n",
        "events.csv:2: error: this row has 7 cells but the header on line 1 names 6 columns",
        'hint: put a value that contains a comma in double quotes, e.g. "Akim, Almaty Region"',
        id="too-many-cells",
    ),
    pytest.param(
        CSV_HEADER + 'e1,akim.talgar,"reporting_meeting,2024-02-15,,\n',
        "events.csv:2: error: malformed CSV: a quoted value that starts on this line is "
        "never closed",
        "hint: put a value with commas, quotes or line breaks in double quotes, doubling any "
        'quote inside: "Akim of ""Almaty"" Region"',
        id="unclosed-quote",
    ),
    pytest.param(
        CSV_HEADER + 'e1,akim.talgar,"reporting_meeting"x,2024-02-15,,\n',
        "events.csv:2: error: malformed CSV: a closing quote must be followed by a comma or "
        "the end of the line",
        "hint: put a value with commas, quotes or line breaks in double quotes, doubling any "
        'quote inside: "Akim of ""Almaty"" Region"',
        id="text-after-quote",
    ),
    pytest.param(
        "id,actor,action,channels\ne1,gov,forms_approved,\n",
        "events.csv:1: error: field 'time': the header has no 'time' column",
        "hint: the first row names the columns, e.g. "
        "id,actor,action,time,end,ref,period,channels,to,participants,videoconference",
        id="header-without-column",
    ),
    pytest.param(
        "id,actor,action,time,time\ne1,gov,forms_approved,2024-01-01,2024-01-02\n",
        "events.csv:1: error: field 'time': column 'time' appears more than once in the header",
        "hint: name each column once",
        id="header-repeats-column",
    ),
]


@pytest.mark.parametrize(("text", "head", "hint"), CSV_CASES)
def test_csv_defects(text: str, head: str, hint: str) -> None:
    assert head_and_hint(event_error(text, "events.csv")) == (head, hint)


def test_csv_caret_points_at_the_cell() -> None:
    text = CSV_HEADER + "e1,akim.talgar,reporting_meeting,2024-02-15, website;web ,\n"
    assert event_error(text, "events.csv").render() == (
        "events.csv:2:54: error: field 'channels': unknown channel 'web'; "
        "expected one of: central_press, regional_press, website\n"
        "    e1,akim.talgar,reporting_meeting,2024-02-15, website;web ,\n"
        "                                                         ^^^\n"
        "    hint: did you mean 'website'?"
    )


def test_a_missing_header_column_is_reported_once() -> None:
    rows = "".join(f"e{n},gov,forms_approved\n" for n in range(5))
    error = event_error("id,actor,action\n" + rows, "events.csv")
    assert error.render().splitlines()[0] == (
        "events.csv:1: error: field 'time': the header has no 'time' column"
    )
    assert not isinstance(error, ErrorGroup)


@pytest.mark.parametrize(
    ("text", "head", "hint"),
    [
        pytest.param(
            "[" + event_line(id="e1") + ",\n " + event_line(id="e2") + " " + event_line(id="e3"),
            "events.json:2:92: error: malformed JSON: expected ',' or ']' after a record, "
            "found '{'",
            "hint: a JSON array of records looks like [{",
            id="missing-comma",
        ),
        pytest.param(
            "[\n" + event_line() + ",\n",
            "events.json:3:1: error: malformed JSON: the array is not closed with ']'",
            "hint: a JSON array of records looks like [{",
            id="unclosed",
        ),
        pytest.param(
            "[" + event_line() + ",\n]",
            "events.json:1:91: error: malformed JSON: a comma after the last record",
            "hint: remove the comma before the closing ']'",
            id="trailing-comma",
        ),
        pytest.param(
            "[" + event_line() + "]\n]",
            "events.json:2:1: error: malformed JSON: unexpected text after the closing ']'",
            "hint: the file must hold a single JSON array",
            id="text-after-array",
        ),
        pytest.param(
            '[\n  {"id": "e1", "time": 2024-01-01}\n]',
            "events.json:2:28: error: malformed JSON: expecting ',' delimiter",
            "hint: a JSON array of records looks like [{",
            id="bad-value",
        ),
        pytest.param(
            '[\n  ["e1"]\n]',
            "events.json:2:3: error: expected a JSON object for each record, found an array "
            '(["e1"])',
            "hint: a JSON array of records looks like [{",
            id="not-an-object",
        ),
        pytest.param(
            '{\n  "id": "e1",\n  "actor": "gov"\n}\n',
            "events.json:1:1: error: expected one JSON object a line (JSON Lines), found one "
            "object spread over several lines",
            "hint: write each record on one line, or put the records in a JSON array in a "
            ".json file: [{",
            id="one-pretty-object",
        ),
    ],
)
def test_json_array_defects(text: str, head: str, hint: str) -> None:
    got_head, got_hint = head_and_hint(event_error(text, "events.json"))
    assert got_head == head
    assert got_hint is not None
    assert got_hint.startswith(hint)


def test_csv_rows_spanning_lines_keep_the_line_count() -> None:
    text = 'id,role,name\nrector.kaznu,rector,"Rector of\nthe Al-Farabi University"\nakim.x,akim,\n'
    head, _ = head_and_hint(actor_error(text, "actors.csv"))
    assert head == (
        "actors.csv:4: error: field 'level': missing required field: an akim needs a level"
    )
    good = parse_actors(text.replace("akim.x,akim,", "gov,government,"), filename="a.csv")
    assert [(actor.location.line, actor.name) for actor in good] == [
        (2, "Rector of\nthe Al-Farabi University"),
        (4, None),
    ]


def test_suggestions_in_a_large_registry() -> None:
    registry = "\n".join(
        json.dumps({"id": f"akim.district-{n}", "role": "akim", "level": "district"})
        for n in range(2000)
    )
    actors = {actor.id: actor for actor in parse_actors(registry, filename="a.jsonl")}
    text = "\n".join(
        [
            event_line(id="e1", actor="akim.distrct-1234"),
            event_line(id="e2", actor="AKIM.DISTRICT-7"),
            event_line(id="e3", actor="nobody"),
        ]
    )
    with pytest.raises(ErrorGroup) as info:
        parse_events(text, actors, filename="events.jsonl")
    hints = [error.hint for error in info.value.errors]
    assert hints == [
        "did you mean 'akim.district-1234'?",
        "did you mean 'akim.district-7'?",
        'the actor must be an id from the actor registry, e.g. "actor": "akim.district-0"',
    ]


def test_duplicate_ids_in_a_json_array_name_the_first_elements_line() -> None:
    text = "[\n" + event_line() + ",\n\n" + event_line(action="report_posted") + "\n]"
    head, _ = head_and_hint(event_error(text, "events.json"))
    assert head == "events.json:4:2: error: field 'id': duplicate id 'e1': already used on line 2"


def test_a_json_array_in_a_json_lines_file() -> None:
    error = event_error("[\n" + event_line() + "\n]\n", "events.jsonl")
    assert error.render().splitlines()[0] == (
        "events.jsonl:1:1: error: expected one JSON object a line (JSON Lines), found a JSON "
        "array spread over several lines"
    )


# --------------------------------------------------------------------------- files and bytes


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes(event_line().encode() + b"\n" + b'{"id": "e2", "note": "Caf\xe9 \xc3\xa9"}\n')
    with pytest.raises(InputError) as info:
        load_events(path, ACTORS)
    assert info.value.render() == (
        f"{path}:2:26: error: not valid UTF-8: byte 0xE9 cannot be decoded\n"
        '    {"id": "e2", "note": "Caf\ufffd \u00e9"}\n'
        "                             ^\n"
        "    hint: save the file with the UTF-8 encoding (the file may be in another encoding, "
        "e.g. Windows-1251 or Latin-1)"
    )


def test_non_utf8_bytes_after_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_bytes(b"\xef\xbb\xbfid,role,name\nx,rector,\xc0\xea\xe8\xec\n")
    with pytest.raises(InputError) as info:
        load_actors(path)
    assert info.value.location == Location(str(path), 2, 10)


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.jsonl"
    with pytest.raises(InputError) as info:
        load_actors(path)
    assert info.value.render() == f"{path}: error: cannot read the file: it does not exist"


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_events(tmp_path, ACTORS)
    assert info.value.render() == f"{tmp_path}: error: cannot read the file: it is a directory"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything"
)
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "actors.jsonl"
    path.write_text(REGISTRY, encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(InputError) as info:
            load_actors(path)
        assert info.value.render() == f"{path}: error: cannot read the file: permission denied"
    finally:
        path.chmod(0o600)


def test_files_from_the_data_folder_load_from_a_copy(tmp_path: Path) -> None:
    copy = tmp_path / "registry.txt"  # sniffed as JSON Lines
    shutil.copy(DATA / "actors.jsonl", copy)
    assert load_actors(copy) == load_actors(DATA / "actors.jsonl")


# --------------------------------------------------------------------------- many defects


def test_every_defect_in_a_file_is_reported() -> None:
    text = "\n".join(
        [
            event_line(id="e1"),
            event_line(id="e2", actor="akim.nowhere"),
            '{"id": "e3", "actor": "gov", ',
            event_line(id="e4", time="2023-02-29", action="meeting"),
            event_line(id="e1", action="report_posted"),
            "",
            event_line(id="e6", ref="e99"),
        ]
    )
    error = event_error(text)
    assert isinstance(error, ErrorGroup)
    assert [(e.location.line, e.location.field) for e in error.errors] == [
        (2, "actor"),
        (3, None),
        (4, "action"),
        (4, "time"),
        (5, "id"),
        # no 'ref' error: a syntax error stopped line 3 being read, e99 may be there
    ]
    assert error.render().splitlines()[-1] == "5 errors"


def test_a_dangling_ref_is_reported_when_the_file_reads_cleanly() -> None:
    text = "\n".join([event_line(id="e1"), event_line(id="e2", ref="e3")])
    head, _ = head_and_hint(event_error(text))
    assert head.startswith("events.jsonl:2:91: error: field 'ref': refers to unknown event 'e3'")


def test_a_ref_to_an_event_with_its_own_defect_is_not_dangling() -> None:
    text = "\n".join([event_line(id="e1", time="tomorrow"), event_line(id="e2", ref="e1")])
    error = event_error(text)
    assert not isinstance(error, ErrorGroup)
    assert error.location.field == "time"


def test_registry_defects_are_all_reported() -> None:
    text = "\n".join(
        [
            '{"id": "akim.r", "role": "akim"}',
            '{"id": "akim.r", "role": "akim", "level": "region", "tz": "UTC+5"}',
            '{"id": "x", "role": "mayor", "from": "2024-02-30"}',
            '{"id": "akim.d", "role": "akim", "level": "district", "parent": "akim.zz"}',
        ]
    )
    error = actor_error(text)
    assert isinstance(error, ErrorGroup)
    assert [(e.location.line, e.location.field) for e in error.errors] == [
        (1, "level"),
        (2, "tz"),
        (2, "id"),
        (3, "role"),
        (3, "from"),
        (4, "parent"),
    ]


def test_at_most_a_hundred_errors_are_shown() -> None:
    text = "\n".join(event_line(id=f"e{n}", action="meeting") for n in range(150))
    error = event_error(text)
    assert isinstance(error, ErrorGroup)
    assert len(error.errors) == 100
    assert error.truncated == 50
    assert error.render().splitlines()[-1] == "150 errors (50 more not shown)"


# --------------------------------------------------------------------------- robustness


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
FIELDS = st.sampled_from(sorted(ACTOR_FIELDS | EVENT_FIELDS))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(FIELDS, JSON_VALUES | st.text(max_size=30)), max_size=4))
def test_any_json_records_give_records_or_library_errors(records: list[dict[str, object]]) -> None:
    text = "\n".join(json.dumps(record) for record in records)
    for parse in (
        lambda: parse_events(text, ACTORS, filename="e.jsonl"),
        lambda: parse_actors(text, filename="a.jsonl"),
        lambda: parse_events(json.dumps(records), ACTORS, filename="e.json"),
    ):
        try:
            parse()
        except DecreeRulesError as error:
            assert error.render()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["x.jsonl", "x.json", "x.csv", "x"]))
def test_any_bytes_give_records_or_library_errors(data: bytes, name: str) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    for parse in (
        lambda: parse_events(text, ACTORS, filename=name),
        lambda: parse_actors(text, filename=name),
    ):
        try:
            parse()
        except DecreeRulesError as error:
            assert error.render()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='{}[],:"\n\r ;0123456789-TZidtme', max_size=80))
def test_json_like_text_gives_records_or_library_errors(text: str) -> None:
    for name in ("x.jsonl", "x.json", "x.csv"):
        try:
            parse_events(text, ACTORS, filename=name)
        except DecreeRulesError as error:
            assert error.render()


def test_deeply_nested_json_is_an_input_error() -> None:
    head, _ = head_and_hint(event_error("[" * 100_000, "events.json"))
    assert head == "events.json:1:2: error: malformed JSON: nested too deeply"
    head, _ = head_and_hint(event_error('{"id": ' + "[" * 100_000))
    assert head == "events.jsonl:1:1: error: malformed JSON: nested too deeply"


def test_a_huge_number_is_an_input_error() -> None:
    head, _ = head_and_hint(event_error('{"id": ' + "1" * 5000 + "}"))
    assert head == (
        "events.jsonl:1:1: error: malformed JSON: exceeds the limit (4300 digits) "
        "for integer string conversion: value has 5000 digits"
    )


# --------------------------------------------------------------------------- lenient reading


LENIENT_REGISTRY = (
    '{"id": "akim.r", "role": "akim", "level": "region"}\n'
    '{"id": "akim.bad", "role": "akim", "level": "oblast"}\n'
    '{"id": "akim.d", "role": "akim", "level": "district", "parent": "akim.bad"}\n'
    '{"id": "akim.v", "role": "akim", "level": "rural", "parent": "akim.d"}\n'
    '{"id": "gov", "role": government}\n'
    '{"id": "rector.x", "role": "rector"}\n'
)


def lenient_actors(tmp_path: Path, text: str = LENIENT_REGISTRY) -> Loaded[Actor]:
    path = tmp_path / "actors.jsonl"
    path.write_text(text, encoding="utf-8")
    return read_actors(path, lenient=True)


def lenient_events(tmp_path: Path, text: str, actors: Loaded[Actor]) -> Loaded[Event]:
    path = tmp_path / "events.jsonl"
    path.write_text(text, encoding="utf-8")
    return read_events(path, actors, lenient=True)


def rows_of(loaded: Loaded[Actor] | Loaded[Event]) -> list[tuple[int, str | None, list[str]]]:
    return [(row.line, row.id, list(row.messages)) for row in loaded.rejected]


def test_strict_reading_is_unchanged(tmp_path: Path) -> None:
    actors = read_actors(DATA / "actors.jsonl", lenient=False)
    assert actors.records == load_actors(DATA / "actors.jsonl")
    assert (actors.rows, actors.rejected) == (5, ())
    events = read_events(DATA / "events.jsonl", actors, lenient=False)
    assert events.records == load_events(DATA / "events.jsonl", {a.id: a for a in actors.records})
    path = tmp_path / "a.jsonl"
    path.write_text(LENIENT_REGISTRY, encoding="utf-8")
    with pytest.raises(ErrorGroup):
        read_actors(path, lenient=False)


def test_lenient_registry_rejects_rows_and_rows_under_them(tmp_path: Path) -> None:
    actors = lenient_actors(tmp_path)
    assert [actor.id for actor in actors.records] == ["akim.r", "rector.x"]
    assert actors.rows == 6
    assert rows_of(actors) == [
        (
            2,
            "akim.bad",
            [
                "field 'level': unknown level 'oblast'; expected one of: region, "
                "republican_city, capital, district, regional_city, city_district, rural"
            ],
        ),
        (3, "akim.d", ["field 'parent': unknown actor 'akim.bad' (its registry row was rejected)"]),
        (4, "akim.v", ["field 'parent': unknown actor 'akim.d' (its registry row was rejected)"]),
        (5, "gov", ["malformed JSON: expecting value"]),
    ]
    assert {row.kind for row in actors.rejected} == {"actor"}
    assert {row.file for row in actors.rejected} == {str(tmp_path / "actors.jsonl")}


def test_lenient_events_of_rejected_offices_and_follow_ups_are_rejected(tmp_path: Path) -> None:
    actors = lenient_actors(tmp_path)
    log = "\n".join(
        [
            '{"id": "e1", "actor": "akim.r", "action": "reporting_meeting", "time": "2024-02-15"}',
            '{"id": "e2", "actor": "akim.d", "action": "reporting_meeting", "time": "2024-02-15"}',
            '{"id": "e3", "actor": "akim.r", "action": "report_posted", "time": "2024-02-30", '
            '"ref": "e1"}',
            '{"id": "e4", "actor": "akim.r", "action": "report_posted", "time": "2024-02-20", '
            '"ref": "e3"}',
            '{"id": "e5", "actor": "akim.r", "action": "reporting_meeting", "time": "2024-03-01", '
            '"participants": ["deputy_of:akim.bad"]}',
            '{"id": "e6", "actor": "gov", "action": "forms_approved", "time": "2024-01-10"}',
            '{"id": "e7", "actor": "akim.r", "action": "report_posted" "time": "2024-02-20"}',
            '{"id": "e8", "actor": "akim.r", "action": "report_posted", "time": "2024-02-21", '
            '"ref": "e7"}',
            '{"id": "e1", "actor": "akim.r", "action": "reporting_meeting", "time": "2024-02-16"}',
            "",
            '{"id": "e9", "actor": "rector.x", "action": "reporting_meeting", '
            '"time": "2024-08-01"}',
        ]
    )
    events = lenient_events(tmp_path, log, actors)
    assert [event.id for event in events.records] == ["e1", "e9"]
    assert events.rows == 10 == len(events.records) + len(events.rejected)
    assert rows_of(events) == [
        (2, "e2", ["field 'actor': unknown actor 'akim.d' (its registry row was rejected)"]),
        (3, "e3", ["field 'time': no such date: '2024-02-30' (February 2024 has 29 days)"]),
        (4, "e4", ["field 'ref': refers to unknown event 'e3' (its row was rejected)"]),
        (
            5,
            "e5",
            [
                "field 'participants': unknown participant 'deputy_of:akim.bad': the registry "
                "row of 'akim.bad' was rejected"
            ],
        ),
        (6, "e6", ["field 'actor': unknown actor 'gov' (its registry row was rejected)"]),
        (7, "e7", ["malformed JSON: expecting ',' delimiter"]),
        (8, "e8", ["field 'ref': refers to unknown event 'e7' (its row was rejected)"]),
        (9, "e1", ["field 'id': duplicate id 'e1': already used on line 1"]),
    ]
    assert {row.kind for row in events.rejected} == {"event"}


def test_lenient_row_with_several_defects_lists_them_all(tmp_path: Path) -> None:
    actors = lenient_actors(tmp_path)
    events = lenient_events(
        tmp_path, '{"id": "e1", "actor": "nobody", "action": "meet", "time": "2024-13-01"}', actors
    )
    assert events.records == ()
    assert rows_of(events) == [
        (
            1,
            "e1",
            [
                "field 'actor': unknown actor 'nobody' (not in the actor registry)",
                "field 'action': unknown action 'meet'; expected one of: reporting_meeting, "
                "schedule_published, report_posted, progress_posted, results_reported, "
                "forms_approved, schedule_approved, problems_posted, measures_agreed",
                "field 'time': no such date: '2024-13-01' (there is no month 13)",
            ],
        )
    ]


def test_lenient_csv_goes_on_after_a_broken_row(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "id,actor,action,time\n"
        'e1,akim.talgar,"reporting_meeting"x,2024-02-15\n'
        "e2,akim.talgar,reporting_meeting,2024-02-16,extra\n"
        "e3,akim.talgar,reporting_meeting,2024-02-17\n",
        encoding="utf-8",
    )
    events = read_events(path, ACTORS, lenient=True)
    assert [event.id for event in events.records] == ["e3"]
    assert rows_of(events) == [
        (
            2,
            "e1",
            ["malformed CSV: a closing quote must be followed by a comma or the end of the line"],
        ),
        (3, "e2", ["this row has 5 cells but the header on line 1 names 4 columns"]),
    ]


@pytest.mark.parametrize(
    ("name", "text", "head"),
    [
        (
            "events.csv",
            "id,actor,action\ne1,akim.talgar,reporting_meeting\n",
            "events.csv:1: error: field 'time': the header has no 'time' column",
        ),
        (
            "events.csv",
            'id,actor,action,time\ne1,akim.talgar,"reporting_meeting,2024-02-15\n',
            "events.csv:2: error: malformed CSV: a quoted value that starts on this line is "
            "never closed",
        ),
        (
            "events.json",
            "[" + event_line() + ",\n",
            "events.json:2:1: error: malformed JSON: the array is not closed with ']'",
        ),
        (
            "events.json",
            "[" + event_line() + "] x",
            "events.json:1:93: error: malformed JSON: unexpected text after the closing ']'",
        ),
    ],
)
def test_lenient_reading_still_stops_at_defects_of_the_whole_file(
    tmp_path: Path, name: str, text: str, head: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DecreeRulesError) as info:
        read_events(path, ACTORS, lenient=True)
    assert info.value.render().splitlines()[0] == f"{tmp_path}/{head}"


def test_a_registry_with_no_usable_row_stops_even_when_lenient(tmp_path: Path) -> None:
    with pytest.raises(DecreeRulesError) as info:
        lenient_actors(tmp_path, '{"id": "a", "role": "akim"}\n{"id": "b"}\n')
    assert isinstance(info.value, ErrorGroup)
    assert [error.location.line for error in info.value.errors] == [1, 2]


def test_the_id_of_a_broken_line_is_read_when_it_shows(tmp_path: Path) -> None:
    events = lenient_events(
        tmp_path,
        '{"id": "e\\u00e91", "actor": akim}\n{"actor": "x", "id": 5,\n{"x": 1, "id": "e3"',
        lenient_actors(tmp_path),
    )
    assert [(row.line, row.id) for row in events.rejected] == [(1, "eé1"), (2, None), (3, "e3")]
