"""Hostile and malformed input: every bad input tried, and the exact message it gets.

One table per kind of input (rule files, event logs, registries, command-line arguments).
Each row is run through the command line, which must exit 2 with the row's message as the
first error line and never a traceback. Then fuzzing (a fixed number of examples per
property, counted), code-free rule files, bounded resources, and internal errors.

The large-file runs are marked ``slow``: plain ``pytest`` skips them, ``pytest -m slow``
runs them.
"""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import event_log_lines, keyword_texts, mutated_rule_texts

from decree_rules.apps.cli import main
from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.io.events import load_events, parse_events, read_events
from decree_rules.io.formats import MAX_RECORD_CHARS
from decree_rules.io.records import Loaded
from decree_rules.io.registry import parse_actors
from decree_rules.lang.grammar import parser, shipped_rules_path
from decree_rules.lang.load import MAX_RULES_CHARS, parse_rules
from decree_rules.lang.validate import lint

ROOT = Path(__file__).parents[1]
SHIPPED = shipped_rules_path() / "decree.rules"

REGISTRY = (
    '{"id": "akim.r", "role": "akim", "level": "region"}\n{"id": "gov", "role": "government"}\n'
)
ACTORS = {actor.id: actor for actor in parse_actors(REGISTRY, filename="actors.jsonl")}


def ev(**fields: object) -> str:
    """A valid event as a JSON line, with ``fields`` added or replaced."""
    record: dict[str, object] = {
        "id": "e1",
        "actor": "akim.r",
        "action": "reporting_meeting",
        "time": "2016-02-15",
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


GOOD = ev()
ACTIONS = (
    "reporting_meeting, schedule_published, report_posted, progress_posted, results_reported, "
    "forms_approved, schedule_approved, problems_posted, measures_agreed"
)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a small registry and event log; messages name files relatively."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "actors.jsonl").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "events.jsonl").write_text(GOOD + "\n", encoding="utf-8")
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def error_line(err: str) -> str:
    """The first line of stderr that is an error message (argparse prints usage first)."""
    return next(line for line in err.splitlines() if ": error: " in line)


def check_args(actors: str = "actors.jsonl", events: str = "events.jsonl") -> list[str]:
    return ["check", "--actors", actors, "--events", events, "--as-of", "2016-12-31"]


def write(path: Path, content: str | bytes) -> None:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


# ---- event logs ------------------------------------------------------------------------

# (file name, content, first error line, what --lenient does: "row" rejects one row and
# goes on, "file" still exits 2)
EVENT_LOGS = [
    pytest.param(
        "events.jsonl",
        '{"id": "e1", "actor": "akim.r" "action": "x"}\n',
        "events.jsonl:1:32: error: malformed JSON: expecting ',' delimiter",
        "row",
        id="malformed JSON",
    ),
    pytest.param(
        "events.jsonl",
        '{"id": "e1", "action": "reporting_meeting", "time": "2016-02-15"}\n',
        "events.jsonl:1: error: field 'actor': missing required field",
        "row",
        id="missing field",
    ),
    pytest.param(
        "events.jsonl",
        ev(time="") + "\n",
        "events.jsonl:1:64: error: field 'time': required field is empty",
        "row",
        id="empty field",
    ),
    pytest.param(
        "events.jsonl",
        ev(time=20160215) + "\n",
        "events.jsonl:1:64: error: field 'time': expected a string, found a number (20160215)",
        "row",
        id="wrong type",
    ),
    pytest.param(
        "events.jsonl",
        ev(time="2023-02-29") + "\n",
        "events.jsonl:1:64: error: field 'time': no such date: '2023-02-29' "
        "(February 2023 has 28 days)",
        "row",
        id="impossible date",
    ),
    pytest.param(
        "events.jsonl",
        ev(time="10:00") + "\n",
        "events.jsonl:1:64: error: field 'time': a time without a date: '10:00'",
        "row",
        id="time without a date",
    ),
    pytest.param(
        "events.jsonl",
        ev(time="2016-02-15T25:00") + "\n",
        "events.jsonl:1:64: error: field 'time': expected a date-time like "
        "2024-02-15T10:00:00+05:00, found '2016-02-15T25:00' (hour must be in 0..23)",
        "row",
        id="impossible hour",
    ),
    pytest.param(
        "events.jsonl",
        ev(time="9999-01-01") + "\n",
        "events.jsonl:1:64: error: field 'time': the year 9999 is outside the supported range "
        "1900-2999: '9999-01-01'",
        "row",
        id="year out of range",
    ),
    pytest.param(
        "events.jsonl",
        ev(actor="akim.rr") + "\n",
        "events.jsonl:1:14: error: field 'actor': unknown actor 'akim.rr' "
        "(not in the actor registry)",
        "row",
        id="unknown actor",
    ),
    pytest.param(
        "events.jsonl",
        ev(action="meeting") + "\n",
        f"events.jsonl:1:33: error: field 'action': unknown action 'meeting'; expected one of: "
        f"{ACTIONS}",
        "row",
        id="unknown action",
    ),
    pytest.param(
        "events.jsonl",
        GOOD + "\n" + GOOD + "\n",
        "events.jsonl:2:2: error: field 'id': duplicate id 'e1': already used on line 1",
        "row",
        id="duplicate id",
    ),
    pytest.param(
        "events.jsonl",
        ev(ref="e9") + "\n",
        "events.jsonl:1:86: error: field 'ref': refers to unknown event 'e9' "
        "(no event in this file has that id)",
        "row",
        id="ref to nothing",
    ),
    pytest.param(
        "events.jsonl",
        ev(end="2016-02-14") + "\n",
        "events.jsonl:1:86: error: field 'end': the event ends before it starts: "
        "end 2016-02-14 is before time 2016-02-15",
        "row",
        id="end before time",
    ),
    pytest.param(
        "events.jsonl",
        ev(participants=["publik_council"]) + "\n",
        "events.jsonl:1:103: error: field 'participants': unknown participant 'publik_council': "
        "expected an actor id from the registry, deputy_of:<actor id>, or one of: "
        "public_council, national_holdings, government_members",
        "row",
        id="unknown participant",
    ),
    pytest.param(
        "events.jsonl",
        "\ufeff" + GOOD + "\n" + ev(id="e2", time="2016-13-01") + "\n",
        "events.jsonl:2:64: error: field 'time': no such date: '2016-13-01' (there is no month 13)",
        "row",
        id="BOM, the lines still right",
    ),
    pytest.param(
        "events.jsonl",
        GOOD + "\r\n" + ev(id="e2", action="meetng") + "\r\n",
        f"events.jsonl:2:33: error: field 'action': unknown action 'meetng'; expected one of: "
        f"{ACTIONS}",
        "row",
        id="CRLF, the columns still right",
    ),
    pytest.param(
        "events.jsonl",
        (ev(name="Аким") + "\n").encode("cp1251"),
        "events.jsonl:1:95: error: not valid UTF-8: byte 0xC0 cannot be decoded",
        "file",
        id="Windows-1251",
    ),
    pytest.param(
        "events.jsonl",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "events.jsonl:1:1: error: not valid UTF-8: byte 0x89 cannot be decoded",
        "file",
        id="a picture",
    ),
    pytest.param(
        "events.jsonl",
        GOOD + "\n" + ev(id="e2", note="x" * 10_000_000) + "\n",
        "events.jsonl:2:1: error: the line is too large: 10,000,096 characters; "
        "a record may have at most 1,000,000",
        "row",
        id="a 10 MB line",
    ),
    pytest.param(
        "events.json",
        "[" + GOOD + ",\n" + ev(id="e2", note="x" * 2_000_000) + "]\n",
        "events.json:2:1: error: the record is too large: 2,000,096 characters; "
        "a record may have at most 1,000,000",
        "row",
        id="a 2 MB array element",
    ),
    pytest.param(
        "events.json",
        "[\n" + GOOD + ",\n",
        "events.json:3:1: error: malformed JSON: the array is not closed with ']'",
        "file",
        id="JSON array not closed",
    ),
    pytest.param(
        "events.json",
        "[" + GOOD + ",]\n",
        "events.json:1:86: error: malformed JSON: a comma after the last record",
        "file",
        id="JSON array with a trailing comma",
    ),
    pytest.param(
        "events.jsonl",
        "[\n" + GOOD + "\n]\n",
        "events.jsonl:1:1: error: expected one JSON object a line (JSON Lines), found a JSON "
        "array spread over several lines",
        "file",
        id="JSON array in a .jsonl file",
    ),
    pytest.param(
        "events.jsonl",
        '{"id": ' + "[" * 100_000 + "\n",
        "events.jsonl:1:1: error: malformed JSON: nested too deeply",
        "row",
        id="100,000 nested arrays",
    ),
    pytest.param(
        "events.jsonl",
        '{"id": ' + "1" * 5000 + "}\n",
        "events.jsonl:1:1: error: malformed JSON: exceeds the limit (4300 digits) for integer "
        "string conversion: value has 5000 digits",
        "row",
        id="a 5000-digit number",
    ),
    pytest.param(
        "events.jsonl",
        '{"id": "e\x001"}\n',
        "events.jsonl:1:10: error: malformed JSON: a control character <U+0000> inside a string "
        "(write it as an escape like \\n, or remove it)",
        "row",
        id="a NUL byte",
    ),
    pytest.param(
        "events.jsonl",
        ev(id="e\u00001") + "\n",
        "events.jsonl:1:2: error: field 'id': 'e<U+0000>1' contains a control character <U+0000>",
        "row",
        id="an escaped NUL",
    ),
    pytest.param(
        "events.jsonl",
        ev(id="e1\nclause 6 | akim.r | 2016 | fulfilled") + "\n",
        "events.jsonl:1:2: error: field 'id': 'e1<U+000A>clause 6 | akim.r | 2016 | fulfilled' "
        "contains a control character <U+000A>",
        "row",
        id="a line break in an id (a forged report line)",
    ),
    pytest.param(
        "events.jsonl",
        GOOD.replace('"e1"', '"e\\ud8001"') + "\n",
        "events.jsonl:1:2: error: field 'id': 'e<U+D800>1' contains a lone surrogate <U+D800> "
        "(half of a character, not text)",
        "row",
        id="a lone surrogate escape",
    ),
    pytest.param(
        "events.jsonl",
        ev(actor="akim\u202e.r") + "\n",
        "events.jsonl:1:14: error: field 'actor': 'akim<U+202E>.r' contains an invisible "
        "character <U+202E>",
        "row",
        id="a right-to-left override",
    ),
    pytest.param(
        "events.jsonl",
        ev(action="reporting\u200b_meeting") + "\n",
        "events.jsonl:1:33: error: field 'action': unknown action 'reporting<U+200B>_meeting'; "
        f"expected one of: {ACTIONS}",
        "row",
        id="a zero-width space",
    ),
    pytest.param(
        "events.jsonl",
        ev(action="reporting_m\u0435eting") + "\n",
        "events.jsonl:1:33: error: field 'action': unknown action 'reporting_m\u0435eting' "
        "(with the non-Latin letter '\u0435', U+0435 CYRILLIC SMALL LETTER IE); "
        f"expected one of: {ACTIONS}",
        "row",
        id="a Cyrillic look-alike",
    ),
    pytest.param(
        "events.jsonl",
        '"e1"\n',
        "events.jsonl:1:1: error: expected a JSON object for each record, found a string ('e1')",
        "row",
        id="not an object",
    ),
    pytest.param(
        "events.csv",
        "id,actor,action,time\ne1,akim.r,reporting_meeting,2016-02-15,extra\n",
        "events.csv:2: error: this row has 5 cells but the header on line 1 names 4 columns",
        "row",
        id="CSV: too many cells",
    ),
    pytest.param(
        "events.csv",
        'id,actor,action,time\ne1,akim.r,"reporting_meeting,2016-02-15\n'
        "e2,akim.r,reporting_meeting,2016-02-16\n",
        "events.csv:2: error: malformed CSV: a quoted value that starts on this line is never "
        "closed",
        "file",
        id="CSV: a quote never closed",
    ),
    pytest.param(
        "events.csv",
        'id,actor,action,time\ne1,akim.r,"reporting_meeting"x,2016-02-15\n'
        "e2,akim.r,reporting_meeting,2016-02-16\n",
        "events.csv:2: error: malformed CSV: a closing quote must be followed by a comma or the "
        "end of the line",
        "row",
        id="CSV: text after a closing quote",
    ),
    pytest.param(
        "events.csv",
        "id,actor,action\ne1,akim.r,reporting_meeting\n",
        "events.csv:1: error: field 'time': the header has no 'time' column",
        "file",
        id="CSV: a required column missing",
    ),
    pytest.param(
        "events.csv",
        "id,actor,action,time,name\ne1,akim.r,reporting_meeting,2016-02-15," + "x" * 200_000,
        "events.csv:2: error: malformed CSV: a value is longer than 131,072 characters",
        "row",
        id="CSV: a 200 KB cell",
    ),
    pytest.param(
        "events.csv",
        "id,actor,action,time\ne1,akim.r,reporting_meeting,2016-02-15\x00\n",
        "events.csv:2:29: error: field 'time': expected a date like 2024-02-15 or a date-time "
        "like 2024-02-15T10:00:00+05:00, found '2016-02-15<U+0000>'",
        "row",
        id="CSV: a NUL byte",
    ),
]


@pytest.mark.parametrize(("name", "content", "head", "lenient"), EVENT_LOGS)
def test_bad_event_logs_exit_2_with_the_message(
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    head: str,
    lenient: str,
) -> None:
    write(workdir / name, content)
    code, out, err = run(check_args(events=name), capsys)
    assert (code, err.splitlines()[0]) == (2, head)
    assert out == ""
    assert len(err) < 10_000  # a 10 MB line is cut, not printed


@pytest.mark.parametrize(("name", "content", "head", "lenient"), EVENT_LOGS)
def test_bad_event_logs_with_lenient(
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    head: str,
    lenient: str,
) -> None:
    write(workdir / name, content)
    code, out, err = run([*check_args(events=name), "--lenient", "--format", "json"], capsys)
    if lenient == "file":
        assert (code, err.splitlines()[0]) == (2, head)
        return
    assert code in (0, 1), err
    report = json.loads(out)
    rows = report["rejected_rows"]
    line = int(head.split(":")[1])
    assert [row["line"] for row in rows] == [line]
    assert rows[0]["errors"][0] == head.split(": error: ", 1)[1]
    assert rows[0]["file"] == name and rows[0]["kind"] == "event"
    events = report["events"]
    assert events["read"] == events["used"] + events["unmatched"] + events["rejected"]
    assert events["rejected"] == 1
    assert err.startswith("decree-rules: --lenient: 1 row rejected (0 of 2 in actors.jsonl, ")


def test_the_text_report_lists_the_rejected_rows(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "actors.jsonl", REGISTRY + '{"id": "x", "role": "minister"}\n')
    write(
        workdir / "events.jsonl",
        GOOD + "\n" + ev(id="e2", actor="x") + "\n" + ev(id="e3", time="2016-02-30") + "\n",
    )
    code, out, err = run([*check_args(), "--lenient"], capsys)
    assert code == 1
    assert err == (
        "decree-rules: --lenient: 3 rows rejected (1 of 3 in actors.jsonl, 2 of 3 in "
        "events.jsonl); the report lists them\n"
    )
    lines = out.splitlines()
    assert "  events: 3 read, 1 used, 0 unmatched, 2 rejected" in lines
    assert "  registry: 3 offices read, 2 used, 1 rejected" in lines
    start = lines.index("REJECTED ROWS (3)")
    assert lines[start + 1 : start + 7] == [
        "  actors.jsonl:3 x",
        f"      field 'role': unknown role 'minister'; expected one of: {ROLES}",
        "  events.jsonl:2 e2",
        "      field 'actor': unknown actor 'x' (its registry row was rejected)",
        "  events.jsonl:3 e3",
        "      field 'time': no such date: '2016-02-30' (February 2016 has 29 days)",
    ]


def test_strict_reports_have_no_rejected_rows(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run([*check_args(), "--format", "json"], capsys)
    report = json.loads(out)
    assert report["rejected_rows"] == []
    assert report["events"]["rejected"] == 0
    assert report["actors"] == {"read": 2, "used": 2, "rejected": 0}
    _, out, _ = run(check_args(), capsys)
    assert "REJECTED" not in out and "rejected" not in out


@pytest.mark.parametrize("content", ["", "\n\n", "\ufeff", "\ufeff\r\n  \r\n"])
def test_an_empty_event_log_is_not_an_error(
    workdir: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    write(workdir / "events.jsonl", content)
    code, out, _ = run([*check_args(), "--format", "json"], capsys)
    assert code == 1  # every duty due by then is violated
    report = json.loads(out)
    assert report["events"] == {"read": 0, "used": 0, "unmatched": 0, "rejected": 0}
    assert "the event log has no events" in report["warnings"][0]


# ---- registries ------------------------------------------------------------------------

R = '{"id": "akim.r", "role": "akim", "level": "region"}'
ROLES = "central_body_head, anticorruption_head, akim, rector, education_head, government"

REGISTRIES = [
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "gov", "role": government}\n',
        "actors.jsonl:2:23: error: malformed JSON: expecting value",
        "row",
        id="malformed JSON",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "gov"}\n',
        "actors.jsonl:2: error: field 'role': missing required field",
        "row",
        id="missing role",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "gov", "role": "minister"}\n',
        f"actors.jsonl:2:15: error: field 'role': unknown role 'minister'; expected one of: "
        f"{ROLES}",
        "row",
        id="unknown role",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "akim.d", "role": "akim", "level": "oblast"}\n',
        "actors.jsonl:2:34: error: field 'level': unknown level 'oblast'; expected one of: "
        "region, republican_city, capital, district, regional_city, city_district, rural",
        "row",
        id="unknown level",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "gov", "role": "government", "tz": "Asia/Astana"}\n',
        "actors.jsonl:2:37: error: field 'tz': unknown time zone 'Asia/Astana'",
        "row",
        id="unknown zone",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "akim.d", "role": "akim", "level": "district", "parent": "akim.x"}\n',
        "actors.jsonl:2:55: error: field 'parent': unknown actor 'akim.x' "
        "(no actor in this file has that id)",
        "row",
        id="parent that is not there",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "akim.a", "role": "akim", "level": "district", "parent": "akim.b"}\n'
        '{"id": "akim.b", "role": "akim", "level": "district", "parent": "akim.a"}\n',
        "actors.jsonl:2:55: error: field 'parent': the parent chain loops: "
        "akim.a -> akim.b -> akim.a",
        "rows 2 3",
        id="parent loop",
    ),
    pytest.param(
        "actors.jsonl",
        R + "\n" + R + "\n",
        "actors.jsonl:2:2: error: field 'id': duplicate id 'akim.r': already used on line 1",
        "row",
        id="duplicate id",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "gov\\n", "role": "government"}\n',
        "actors.jsonl:2:2: error: field 'id': 'gov<U+000A>' contains a control character <U+000A>",
        "row",
        id="a line break in an id",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "gov", "role": "government", "from": "2020-01-01", "until": "2019-01-01"}\n',
        "actors.jsonl:2:59: error: field 'until': the office ends before it starts: "
        "until 2019-01-01 is before from 2020-01-01",
        "row",
        id="until before from",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "gov", "role": "government", "from": "2019-02-29"}\n',
        "actors.jsonl:2:37: error: field 'from': no such date: '2019-02-29' "
        "(February 2019 has 28 days)",
        "row",
        id="impossible date",
    ),
    pytest.param(
        "actors.jsonl",
        R + '\n{"id": "gov", "role": "government", "name": "' + "Ә" * 3_000_000 + '"}\n',
        "actors.jsonl:2:1: error: the line is too large: 3,000,047 characters; "
        "a record may have at most 1,000,000",
        "row",
        id="a 6 MB line",
    ),
    pytest.param(
        "actors.jsonl",
        '{"id": "gov", "role": "government", "name": "Үкімет"}\n'.encode("cp1251", "replace"),
        "actors.jsonl:1:47: error: not valid UTF-8: byte 0xEA cannot be decoded",
        "file",
        id="Windows-1251",
    ),
    pytest.param(
        "actors.jsonl",
        '{"id": "gov", "role": "government", "name": "Regierung für"}\n'.encode("latin-1"),
        "actors.jsonl:1:57: error: not valid UTF-8: byte 0xFC cannot be decoded",
        "file",
        id="Latin-1",
    ),
    pytest.param(
        "actors.jsonl", "", "actors.jsonl: error: the file has no records", "file", id="empty"
    ),
    pytest.param(
        "actors.jsonl",
        "\ufeff\r\n \n\t\n",
        "actors.jsonl: error: the file has no records",
        "file",
        id="a BOM and blank lines",
    ),
    pytest.param(
        "actors.jsonl",
        '{"id": "a", "role": "akim"}\n',
        "actors.jsonl:1: error: field 'level': missing required field: an akim needs a level",
        "file",
        id="no usable row",
    ),
    pytest.param(
        "actors.csv",
        "id,role,level\nakim.r,akim,region\ngov,government,,extra\n",
        "actors.csv:3: error: this row has 4 cells but the header on line 1 names 3 columns",
        "row",
        id="CSV: too many cells",
    ),
    pytest.param(
        "actors.csv",
        "id,level\nakim.r,region\n",
        "actors.csv:1: error: field 'role': the header has no 'role' column",
        "file",
        id="CSV: a required column missing",
    ),
    pytest.param(
        "actors.json",
        "[" + R + ",\n",
        "actors.json:2:1: error: malformed JSON: the array is not closed with ']'",
        "file",
        id="JSON array not closed",
    ),
]


@pytest.mark.parametrize(("name", "content", "head", "lenient"), REGISTRIES)
def test_bad_registries_exit_2_with_the_message(
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    head: str,
    lenient: str,
) -> None:
    write(workdir / name, content)
    code, out, err = run(check_args(actors=name), capsys)
    assert (code, err.splitlines()[0]) == (2, head)
    assert out == "" and len(err) < 10_000


@pytest.mark.parametrize(("name", "content", "head", "lenient"), REGISTRIES)
def test_bad_registries_with_lenient(
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    head: str,
    lenient: str,
) -> None:
    write(workdir / name, content)
    code, out, err = run([*check_args(actors=name), "--lenient", "--format", "json"], capsys)
    if lenient == "file":
        assert (code, err.splitlines()[0]) == (2, head)
        return
    assert code in (0, 1), err
    report = json.loads(out)
    rows = report["rejected_rows"]
    expected = [int(n) for n in lenient.split()[1:]] or [int(head.split(":")[1])]
    assert [row["line"] for row in rows] == expected
    assert rows[0]["errors"][0] == head.split(": error: ", 1)[1]
    assert {row["kind"] for row in rows} == {"actor"}
    actors = report["actors"]
    assert actors == {"read": 1 + len(rows), "used": 1, "rejected": len(rows)}


# ---- rule files ------------------------------------------------------------------------

H = 'decree "T"\n'
CLAUSE = 'clause 2 "A"\n  text kk "x"\n  every year\n  akim must do reporting_meeting\n'

RULE_FILES = [
    pytest.param(
        H + 'include "/etc/passwd"\n',
        "r.rules:2:1: error: expected one of 'act', 'action', 'channel', 'clause', 'counting', "
        "'decree', 'group', 'note', ..., found 'include'",
        id="include",
    ),
    pytest.param(
        H + 'clause 1 "T"\n  note {{ open("/etc/passwd").read() }}\n',
        "r.rules:3:8: error: unexpected character '{' (U+007B LEFT CURLY BRACKET) after 'note'",
        id="template",
    ),
    pytest.param(
        H + "__import__('os').system('id')\n",
        "r.rules:2:1: error: expected one of 'act', 'action', 'channel', 'clause', 'counting', "
        "'decree', 'group', 'note', ..., found '__import__'",
        id="Python",
    ),
    pytest.param(
        H + 'clause 1 "T"\n  text kk `cat /etc/passwd`\n',
        "r.rules:3:11: error: unexpected character '`' (U+0060 GRAVE ACCENT)",
        id="backticks",
    ),
    pytest.param(
        H + 'clause 1 "T"\n  note $(rm -rf /)\n',
        "r.rules:3:8: error: unexpected character '$' (U+0024 DOLLAR SIGN) after 'note'",
        id="shell",
    ),
    pytest.param(
        H + "group әкімдер = akim\n",
        "r.rules:2:7: error: unexpected character 'ә' (U+04D9 CYRILLIC SMALL LETTER SCHWA) "
        "after 'group'",
        id="a Kazakh name",
    ),
    pytest.param(
        H + 'clause 1 "T"\n  every\u200f year\n',
        "r.rules:3:8: error: unexpected character U+200F RIGHT-TO-LEFT MARK "
        "(an invisible character) after 'every'",
        id="a right-to-left mark",
    ),
    pytest.param(
        H + 'clause 1 "T"\n  every\u200b year\n',
        "r.rules:3:8: error: unexpected character U+200B ZERO WIDTH SPACE "
        "(an invisible character) after 'every'",
        id="a zero-width space",
    ),
    pytest.param(
        H + 'clause 1 "T"\n  \u0435very year\n',
        "r.rules:3:3: error: unexpected character '\u0435' (U+0435 CYRILLIC SMALL LETTER IE)",
        id="a Cyrillic look-alike in a keyword",
    ),
    pytest.param(
        H + 'clause 1 "T"\n  every\x00 year\n',
        "r.rules:3:8: error: unexpected character U+0000 (an invisible character) after 'every'",
        id="a NUL byte",
    ),
    pytest.param(
        H + 'clause 1 "T"\n\ufeff  every year\n',
        "r.rules:3:1: error: unexpected character U+FEFF ZERO WIDTH NO-BREAK SPACE "
        "(an invisible character)",
        id="a BOM inside the file",
    ),
    pytest.param(
        (H + 'clause 1 "').encode() + b'\xed\xa0\x80"\n',
        "r.rules:2:11: error: not valid UTF-8: byte 0xED cannot be decoded",
        id="a lone surrogate in bytes",
    ),
    pytest.param(
        (H + 'clause 1 "Әкім"\n').encode("cp1251", "replace"),
        "r.rules:2:12: error: not valid UTF-8: byte 0xEA cannot be decoded",
        id="Windows-1251",
    ),
    pytest.param(
        H + 'clause 1 "T\n  every year\n',
        "r.rules:2:10: error: this quoted text is never closed",
        id="a quote never closed",
    ),
    pytest.param(
        'decree "T\u2028x"\nclause 1 "x"\n  during quarter two\n',
        "r.rules:3:18: error: expected a number, found 'two'",
        id="a line separator in a text",
    ),
    pytest.param(
        H.replace("\n", "\r\n") + 'clause 2 "W"\r\n  during quarter two\r\n',
        "r.rules:3:18: error: expected a number, found 'two'",
        id="CRLF",
    ),
    pytest.param(
        H + 'clause 1 "A"\n  for each reporting_meeting\nclause 2 "B"\n  text kk "x"\n',
        "r.rules:4:1: error: expected one of 'by', 'on', 'to', 'with', found 'clause'",
        id="a clause cut short before the next",
    ),
    pytest.param(
        "",
        "r.rules:1:1: error: the rules have no 'decree' header",
        id="empty",
    ),
    pytest.param(
        H + CLAUSE * 70_000,
        "r.rules: error: the rule file is too large: more than 4,194,304 bytes",
        id="5 MB of clauses",
    ),
    pytest.param(
        H + "(" * 10_000 + "\n",
        "r.rules:2:1: error: unexpected character '(' (U+0028 LEFT PARENTHESIS)",
        id="10,000 open brackets",
    ),
    pytest.param(
        H + 'clause 1 "T"\n  note ' + '"\\' * 100_000 + "\n",
        "r.rules:3:8: error: this quoted text is never closed",
        id="100,000 escaped quotes",
    ),
]


@pytest.mark.parametrize(("content", "head"), RULE_FILES)
def test_bad_rule_files_exit_2_with_the_message(
    workdir: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, head: str
) -> None:
    write(workdir / "r.rules", content)
    started = time.perf_counter()
    code, _, err = run(["lint", "r.rules"], capsys)
    assert (code, err.splitlines()[0]) == (2, head)
    assert time.perf_counter() - started < 5
    code, _, err = run([*check_args(), "--rules", "r.rules"], capsys)
    assert (code, err.splitlines()[0]) == (2, head)


def test_kazakh_letters_in_names_get_a_hint(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "r.rules", H + "group әкімдер = akim\n")
    _, _, err = run(["lint", "r.rules"], capsys)
    assert err.splitlines()[1:4] == [
        "    group әкімдер = akim",
        "          ^",
        "    hint: names and keywords are written in the Latin letters a-z, digits and '_'; "
        "'ә' is not one of them (Kazakh text goes in double quotes)",
    ]


def test_invisible_characters_are_shown_in_the_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "r.rules", H + 'clause 1 "T"\n  every\u200b year\n')
    _, _, err = run(["lint", "r.rules"], capsys)
    assert err.splitlines()[1:3] == ["      every<U+200B> year", "           ^"]


def test_a_bom_at_the_start_of_a_rule_file_is_fine(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "r.rules", "\ufeff" + SHIPPED.read_text(encoding="utf-8"))
    code, _, err = run(["lint", "r.rules"], capsys)
    assert code == 0, err


# ---- command-line arguments -----------------------------------------------------------

CLI_ARGUMENTS = [
    pytest.param(
        [*check_args()[:-1], "2025-13-01"],
        "decree-rules check: error: argument --as-of: expected a date like 2025-12-31, "
        "found '2025-13-01'",
        id="an impossible --as-of",
    ),
    pytest.param(
        [*check_args()[:-1], "31.12.2025"],
        "decree-rules check: error: argument --as-of: expected a date like 2025-12-31, "
        "found '31.12.2025'",
        id="a --as-of in another form",
    ),
    pytest.param(
        ["check", "--actors", "actors.jsonl"],
        "decree-rules check: error: one of the arguments --events --events-sql is required",
        id="no --events",
    ),
    pytest.param(
        [*check_args(), "--output", "folder"],
        "folder: error: argument --output: cannot write the report: Is a directory",
        id="--output a folder",
    ),
    pytest.param(
        [*check_args(), "--output", "no/such/folder/r.txt"],
        "no/such/folder/r.txt: error: argument --output: cannot write the report: "
        "No such file or directory",
        id="--output in a missing folder",
    ),
    pytest.param(
        [*check_args(), "--output", "actors.jsonl/r.txt"],
        "actors.jsonl/r.txt: error: argument --output: cannot write the report: Not a directory",
        id="--output under a file",
    ),
    pytest.param(
        [*check_args(), "--work-dir", "actors.jsonl"],
        "actors.jsonl: error: argument --work-dir: cannot write the intermediate files: "
        "Not a directory",
        id="--work-dir a file",
    ),
    pytest.param(
        [*check_args(), "--work-dir", "no/such/folder"],
        "no/such/folder: error: argument --work-dir: cannot write the intermediate files: "
        "No such file or directory",
        id="--work-dir missing",
    ),
    pytest.param(
        [*check_args(), "--jobs", "0"],
        "decree-rules check: error: argument --jobs: expected a whole number of at least 1, "
        "found '0'",
        id="--jobs 0",
    ),
    pytest.param(
        [*check_args(), "--rules", "missing.rules"],
        "missing.rules: error: no such rule file or folder",
        id="--rules missing",
    ),
    pytest.param(
        [*check_args(), "--rules", "folder"],
        "folder: error: no '.rules' files in the folder",
        id="--rules an empty folder",
    ),
    pytest.param(
        check_args(actors="folder"),
        "folder: error: cannot read the file: it is a directory",
        id="--actors a folder",
    ),
    pytest.param(
        check_args(events="nowhere.jsonl"),
        "nowhere.jsonl: error: cannot read the file: it does not exist",
        id="--events missing",
    ),
    pytest.param(
        check_args(actors=os.devnull),
        f"{os.devnull}: error: the file has no records",
        id="--actors /dev/null",
    ),
    pytest.param(
        ["lint", "missing.rules"],
        "missing.rules: error: no such rule file or folder",
        id="lint a missing file",
    ),
    pytest.param(
        ["format", "folder"],
        "folder: error: no '.rules' files in the folder",
        id="format an empty folder",
    ),
]


@pytest.mark.parametrize(("argv", "line"), CLI_ARGUMENTS)
def test_bad_arguments_exit_2_with_the_message(
    workdir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    (workdir / "folder").mkdir()
    try:
        code = main(argv)
    except SystemExit as stopped:  # argparse's own errors
        code = int(stopped.code or 0)
    out, err = capsys.readouterr()
    assert (code, error_line(err)) == (2, line)
    assert "Traceback" not in err and out == ""


def test_an_unknown_format_exits_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([*check_args(), "--format", "pdf"])
    assert stopped.value.code == 2
    assert "argument --format: invalid choice: 'pdf'" in capsys.readouterr().err


def test_the_html_report_escapes_every_input_string(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = '<script>alert("x")</script>&<b onmouseover=1>'
    actors = tmp_path / "actors.jsonl"
    actors.write_text(
        json.dumps({"id": f"akim.{hostile}", "role": "akim", "level": "rural", "name": hostile})
        + "\n",
        encoding="utf-8",
    )
    events = tmp_path / "events.jsonl"
    rows = [
        {"id": f"e1{hostile}", "actor": f"akim.{hostile}", "action": "reporting_meeting",
         "time": "2019-02-01"},
        {"id": f"e2{hostile}", "actor": f"akim.{hostile}", "action": "report_posted",
         "time": "2019-02-02", "channels": ["website"]},
    ]  # fmt: skip
    events.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code = main(
        ["check", "--actors", str(actors), "--events", str(events), "--as-of", "2019-12-31",
         "--format", "html"]
    )  # fmt: skip
    page = capsys.readouterr().out
    assert code == 1
    assert page.startswith("<!DOCTYPE html>")
    # The one script is the page's own (its filters), the last element of its body.
    assert page.count("<script>") == 1 and page.rindex("<script>") > page.rindex("<table")
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in page


def test_a_read_only_output_exits_2(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report is written to a new file beside r.txt, then renamed (docs/cli.rst): a
    # folder that takes no new file, as root cannot be refused by permissions here.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    code, _, err = run([*check_args(), "--output", "r.txt"], capsys)
    assert (code, err.splitlines()[0]) == (
        2,
        "r.txt: error: argument --output: cannot write the report: Permission denied",
    )


def test_an_unreadable_event_log_exits_2(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = builtins.open

    def refuse(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if str(file).endswith("events.jsonl"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", refuse)
    code, _, err = run(check_args(), capsys)
    assert (code, err.splitlines()[0]) == (
        2,
        "events.jsonl: error: cannot read the file: permission denied",
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_files_exit_2_for_real(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "events.jsonl").chmod(0o000)
    code, _, err = run(check_args(), capsys)
    assert (code, err.splitlines()[0]) == (
        2,
        "events.jsonl: error: cannot read the file: permission denied",
    )


# ---- internal errors ---------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> Any:
    raise RuntimeError("boom")


def test_an_internal_error_is_a_message_not_a_traceback(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("decree_rules.pipeline.backends.evaluate_part", _boom)
    monkeypatch.delenv("DECREE_RULES_DEBUG", raising=False)
    code, _, err = run(check_args(), capsys)
    assert code == 2
    assert err.splitlines() == [
        "decree-rules: internal error: RuntimeError: boom",
        "decree-rules: please report this, with the command line and the input files "
        "(set DECREE_RULES_DEBUG=1 to see the traceback)",
    ]


def test_the_traceback_of_an_internal_error_on_request(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("decree_rules.pipeline.backends.evaluate_part", _boom)
    monkeypatch.setenv("DECREE_RULES_DEBUG", "1")
    assert main(check_args()) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom" in err
    assert "decree-rules: internal error: RuntimeError: boom" in err


def test_a_closed_output_pipe_ends_quietly(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def closed(args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("decree_rules.apps.cli._check", closed)
    with (workdir / "stdout").open("w") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        assert main(check_args()) == 2
    assert capsys.readouterr().err == ""


def test_no_traceback_from_the_installed_command(workdir: Path) -> None:
    """In a real process: a user error, and an internal error, each without a traceback."""
    write(workdir / "events.jsonl", ev(time="2023-02-29") + "\n")
    env = {**os.environ, "DECREE_RULES_DEBUG": ""}
    user = subprocess.run(
        [sys.executable, "-m", "decree_rules.apps.cli", *check_args()],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert user.returncode == 2
    assert user.stderr.splitlines()[0] == (
        "events.jsonl:1:64: error: field 'time': no such date: '2023-02-29' "
        "(February 2023 has 28 days)"
    )
    script = textwrap.dedent(
        f"""
        import sys
        import decree_rules.pipeline.backends
        def boom(*args, **kwargs):
            raise ZeroDivisionError("division by zero")
        decree_rules.pipeline.backends.evaluate_part = boom
        from decree_rules.apps.cli import main
        sys.exit(main({check_args()!r}))
        """
    )
    write(workdir / "events.jsonl", GOOD + "\n")
    bug = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env
    )
    assert bug.returncode == 2
    assert "Traceback" not in user.stderr + bug.stderr
    assert bug.stderr.splitlines()[0] == (
        "decree-rules: internal error: ZeroDivisionError: division by zero"
    )


# ---- rule files are data --------------------------------------------------------------


_WATCHED = (
    *("open", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"),
    *("subprocess.Popen", "exec", "compile", "socket.connect", "ctypes.dlopen"),
)
_AUDIT: list[list[str]] = []  # the list being filled, while a test watches
_HOOKED: list[bool] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _AUDIT and event.startswith(_WATCHED):
        _AUDIT[-1].append(f"{event} {args!r:.200}")


@pytest.fixture
def no_side_effects() -> Iterator[list[str]]:
    """Records every file opened and every process or code started while it is active."""
    if not _HOOKED:
        sys.addaudithook(_audit)  # once: an audit hook cannot be removed
        _HOOKED.append(True)
    parser()  # the grammar file is read once, before
    seen: list[str] = []
    _AUDIT.append(seen)
    try:
        yield seen
    finally:
        _AUDIT.remove(seen)


def test_the_watch_sees_a_file_being_opened(no_side_effects: list[str]) -> None:
    SHIPPED.read_bytes()
    assert len(no_side_effects) == 1 and no_side_effects[0].startswith("open (")
    no_side_effects.clear()


HOSTILE_RULES = [
    'include "/etc/passwd"',
    "include /etc/passwd",
    '%import "/etc/passwd"',
    "{{ open('/etc/passwd').read() }}",
    "{% include '/etc/passwd' %}",
    "__import__('os').system('touch PWNED')",
    "eval(\"__import__('os')\")",
    "`touch PWNED`",
    "$(touch PWNED)",
    "${HOME}",
    "!!python/object/apply:os.system ['touch PWNED']",
    '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
    'clause 1 "$(touch PWNED)" text kk "`touch PWNED`" note "{{ config }}"',
]


@pytest.mark.parametrize("line", HOSTILE_RULES)
def test_a_rule_file_can_neither_read_files_nor_run_code(
    workdir: Path, no_side_effects: list[str], line: str
) -> None:
    text = H + line + "\n"
    try:
        decree = parse_rules(text, filename="r.rules", validated=False)
    except DecreeRulesError as error:
        assert error.render().startswith("r.rules:2:")
        assert not line.startswith("clause")  # only the line with quoted texts is valid
    else:
        assert line.startswith("clause")
        assert [c.title for c in decree.clauses] == ["$(touch PWNED)"]
        assert decree.clauses[0].text("kk") == "`touch PWNED`"
        for found in lint(decree, sources={"r.rules": text}):
            found.render()
    assert no_side_effects == []
    assert not (workdir / "PWNED").exists()


# ---- fuzzing ---------------------------------------------------------------------------

FUZZ_EXAMPLES = 2000
"""Examples per fuzz property, in CI as everywhere (the ci profile fixes the seed)."""
FUZZ_COUNTS: dict[str, int] = {}


def fuzz(
    name: str,
    strategy: st.SearchStrategy[Any],
    check: Callable[[Any], None],
    record_property: Callable[[str, object], None],
) -> None:
    """Run ``check`` on FUZZ_EXAMPLES examples of ``strategy`` and count them."""
    count = 0

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategy)
    def run_one(value: Any) -> None:
        nonlocal count
        count += 1
        check(value)

    run_one()
    FUZZ_COUNTS[name] = count
    record_property("fuzz_examples", count)
    print(f"\nfuzz {name}: {count} examples")
    assert count == FUZZ_EXAMPLES


def parse_and_lint(text: str) -> None:
    """Parse and lint ``text``; only the library's own errors may come out, rendered."""
    try:
        decree = parse_rules(text, filename="fuzz.rules", validated=False)
    except DecreeRulesError as error:
        assert error.render().startswith("fuzz.rules")
        return
    for found in lint(decree, sources={"fuzz.rules": text}):
        assert found.render().startswith("fuzz.rules")


def test_fuzz_random_text(record_property: Callable[[str, object], None]) -> None:
    fuzz("random text", st.text(max_size=300), parse_and_lint, record_property)


def test_fuzz_keyword_text(record_property: Callable[[str, object], None]) -> None:
    fuzz("keyword text", keyword_texts(), parse_and_lint, record_property)


def test_fuzz_mutated_shipped_rules(record_property: Callable[[str, object], None]) -> None:
    shipped = SHIPPED.read_text(encoding="utf-8")
    fuzz("mutated rules", mutated_rule_texts(shipped), parse_and_lint, record_property)


def check_lenient_log(lines: list[str]) -> None:
    """Strict and lenient reading agree, and the lenient counts add up."""
    text = "\n".join(lines)
    path = Path("events.jsonl")
    path.write_text(text, encoding="utf-8")
    loaded = read_events(path, ACTORS, lenient=True)
    assert loaded.rows == sum(1 for line in lines if line.strip())
    assert loaded.rows == len(loaded.records) + len(loaded.rejected)
    assert all(row.messages for row in loaded.rejected)
    try:
        strict = parse_events(text, ACTORS, filename="events.jsonl")
    except DecreeRulesError:
        assert loaded.rejected
    else:
        assert not loaded.rejected and loaded.records == strict
    ids = {event.id for event in loaded.records}
    assert all(event.ref is None or event.ref in ids for event in loaded.records)


def test_fuzz_lenient_event_logs(
    workdir: Path, record_property: Callable[[str, object], None]
) -> None:
    fuzz("lenient event logs", event_log_lines(), check_lenient_log, record_property)


# ---- bounded resources ---------------------------------------------------------------


def test_a_10_mb_line_is_quick_and_the_message_short(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(GOOD + "\n" + "x" * 10_000_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DecreeRulesError) as caught:
        load_events(path, ACTORS)
    assert time.perf_counter() - started < 5
    rendered = caught.value.render()
    assert rendered.splitlines()[0].endswith(
        ":2:1: error: the line is too large: 10,000,000 characters; "
        "a record may have at most 1,000,000"
    )
    assert len(rendered) < 1_000
    loaded = read_events(path, ACTORS, lenient=True)
    assert (loaded.rows, len(loaded.records), [r.line for r in loaded.rejected]) == (2, 1, [2])


def test_a_long_line_is_cut_where_it_is_shown() -> None:
    line = ev(action="x" * 600)
    with pytest.raises(DecreeRulesError) as caught:
        parse_events(line, ACTORS, filename="e.jsonl")
    shown = caught.value.render().splitlines()[1]
    assert shown.endswith("…") and len(shown) == 4 + 500 + 1
    far = (
        '{"id": "e1", "note": "' + "y" * 800 + '", "action": "meeting", '
        '"actor": "akim.r", "time": "2016-02-15"}'
    )
    with pytest.raises(DecreeRulesError) as caught:
        parse_events(far, ACTORS, filename="e.jsonl")
    assert len(caught.value.render().splitlines()) == 2  # the message and the hint only


def test_records_may_be_as_long_as_the_limit() -> None:
    line = ev(note="z" * (MAX_RECORD_CHARS - 200))
    assert len(line) <= MAX_RECORD_CHARS
    assert len(parse_events(line, ACTORS, filename="e.jsonl")) == 1


def test_a_rule_file_at_the_size_limit_is_parsed_block_by_block(tmp_path: Path) -> None:
    """Many blocks and one error: each block is parsed once, not re-read from the top."""
    blocks = 20_000
    text = H + 'clause 1 ""\n' * blocks + 'clause 2 "x" during\n'
    assert len(text) < MAX_RULES_CHARS
    started = time.perf_counter()
    with pytest.raises(DecreeRulesError) as caught:
        parse_rules(text, filename="r.rules", validated=False)
    assert time.perf_counter() - started < 10
    assert caught.value.render().splitlines()[0] == (
        f"r.rules:{blocks + 2}:20: error: expected 'quarter', found the end of the file"
    )


def test_blocks_are_parsed_without_the_text_before_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: each block was parsed behind one newline per line above it (quadratic)."""
    lark = parser()
    parse = lark.parse
    sizes: list[int] = []

    def measured(text: str, *args: Any, **kwargs: Any) -> Any:
        sizes.append(len(text))
        return parse(text, *args, **kwargs)

    monkeypatch.setattr(lark, "parse", measured)
    text = H + 'clause 1 ""\n' * 2000 + 'clause 2 "x" during\n'
    with pytest.raises(DecreeRulesError):
        parse_rules(text, filename="r.rules", validated=False)
    assert sum(sizes) <= 2 * len(text)  # the whole text once, then each block once


def test_blocks_parsed_one_by_one_keep_their_places_in_the_file() -> None:
    """Every span of the shipped rules is the same whether read whole or block by block."""
    import attrs

    from decree_rules.core.source import Span
    from decree_rules.core.source import source_lines as _lines
    from decree_rules.lang.parse import _BLOCK_START, _shift_lines, _transform, block_chunks

    text = SHIPPED.read_text(encoding="utf-8")
    lines = _lines(text)
    whole = _transform(parser().parse(text, start="start"), "d.rules", lines)
    blocks: list[Any] = []
    for start, chunk in block_chunks(text, _BLOCK_START):
        tree = parser().parse(chunk, start="start")
        _shift_lines(tree, start - 1)
        blocks.extend(_transform(tree, "d.rules", lines))

    def spans(node: object) -> Iterator[Span]:
        if isinstance(node, Span):
            yield node
        elif attrs.has(type(node)):
            for value in attrs.astuple(node, recurse=False):  # type: ignore[arg-type]
                yield from spans(value)
        elif isinstance(node, list | tuple):
            for item in node:
                yield from spans(item)

    assert blocks == whole
    assert list(spans(blocks)) == list(spans(whole))
    assert len(list(spans(whole))) > 300


def _peak_of_loading(path: Path, *, lenient: bool) -> dict[str, float]:
    script = textwrap.dedent(
        f"""
        import json, resource, time
        from decree_rules.io.events import read_events
        from decree_rules.io.registry import parse_actors
        actors = parse_actors({REGISTRY!r}, filename="a.jsonl")
        started = time.perf_counter()
        loaded = read_events({str(path)!r}, {{a.id: a for a in actors}}, lenient={lenient})
        print(json.dumps({{
            "seconds": time.perf_counter() - started,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "records": len(loaded.records),
            "rejected": len(loaded.rejected),
        }}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _big_log(path: Path, rows: int, time_text: str) -> float:
    with path.open("w", encoding="utf-8") as out:
        for n in range(rows):
            out.write(
                f'{{"id": "e{n}", "actor": "akim.r", "action": "report_posted", '
                f'"time": "{time_text}", "channels": ["website"]}}\n'
            )
    return path.stat().st_size / 2**20


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kilobytes on Linux")
def test_a_million_events_load_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    size_mb = _big_log(path, 1_000_000, "2024-02-15T10:00:00+05:00")
    result = _peak_of_loading(path, lenient=False)
    print(f"\n1,000,000 events, {size_mb:.0f} MB: {result}")
    assert result["records"] == 1_000_000
    assert result["peak_mb"] < 200 + 12 * size_mb
    assert result["seconds"] < 180


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kilobytes on Linux")
def test_a_million_bad_events_are_rejected_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    size_mb = _big_log(path, 1_000_000, "2024-02-30")
    result = _peak_of_loading(path, lenient=True)
    print(f"\n1,000,000 bad events, {size_mb:.0f} MB: {result}")
    assert (result["records"], result["rejected"]) == (0, 1_000_000)
    assert result["peak_mb"] < 200 + 20 * size_mb
    assert result["seconds"] < 240


@pytest.mark.slow
def test_a_rule_file_just_under_the_limit_fails_within_seconds() -> None:
    blocks = (MAX_RULES_CHARS - 100) // len('clause 1 ""\n')
    text = H + 'clause 1 ""\n' * blocks + 'clause 2 "x" during\n'
    assert len(text) <= MAX_RULES_CHARS
    started = time.perf_counter()
    with pytest.raises(DecreeRulesError):
        parse_rules(text, filename="r.rules", validated=False)
    elapsed = time.perf_counter() - started
    print(f"\n{len(text):,} characters, {blocks:,} blocks: failed in {elapsed:.1f} s")
    assert elapsed < 30


def test_loaded_counts_must_add_up() -> None:
    with pytest.raises(ValueError, match="3 rows read, but 0 used and 0 rejected"):
        Loaded((), (), 3)


def test_an_endless_device_is_not_read_to_the_end(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    code = main(["check", "--actors", "/dev/zero", "--events", "/dev/null"])
    assert code == 2
    assert capsys.readouterr().err.startswith(
        "/dev/zero: error: the file is too large: more than 268,435,456 bytes"
    )
