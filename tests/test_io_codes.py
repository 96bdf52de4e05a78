"""Every defect of a registry, an event log or a calendar file has its own DR-I code.

Each code of the DR-I table is raised by one input below, with the values of its message
as arguments; and no input of the hostile suite gives an error without a code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_calendar_data import DATA_CASES
from test_external import EXTERNAL_CASES
from test_faults_limits import IO_CASES
from test_hostile import EVENT_LOGS

from decree_rules.core import reading
from decree_rules.core.codes import CODES
from decree_rules.core.diagnostics import DecreeRulesError, InputError
from decree_rules.core.vocabulary import Level, Role
from decree_rules.engine.evaluate import evaluate
from decree_rules.io import sources
from decree_rules.io.checker import Checker
from decree_rules.io.events import parse_events, read_events
from decree_rules.io.formats import MAX_RECORD_CHARS, Format, split_jsonl
from decree_rules.io.records import Actor
from decree_rules.io.registry import ACTOR_SHAPE, parse_actors, read_actors
from decree_rules.io.sources import SourceText
from decree_rules.lang.load import load_decree
from decree_rules.report.json_report import report_to_dict
from decree_rules.time.overrides import load_overrides, parse_overrides

ACTORS = {
    "akim.r": Actor(id="akim.r", role=Role.AKIM, level=Level.REGION),
    "gov": Actor(id="gov", role=Role.GOVERNMENT),
}
ACT = 'act = "Resolution No. 1"'


def event(**fields: object) -> str:
    record: dict[str, object] = {
        "id": "e1",
        "actor": "akim.r",
        "action": "reporting_meeting",
        "time": "2024-02-15",
    }
    record.update(fields)
    return json.dumps({key: value for key, value in record.items() if value is not None})


def events(text: str, name: str = "e.jsonl") -> object:
    return parse_events(text, ACTORS, filename=name)


def actors(text: str, name: str = "a.jsonl") -> object:
    return parse_actors(text, filename=name)


def _permission_denied(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reading, "open", refuse, raising=False)
    return read_actors(path / "a.jsonl", lenient=False)


def _too_large(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 10)
    (path / "a.jsonl").write_text('{"id": "gov", "role": "government"}\n', encoding="utf-8")
    return read_actors(path / "a.jsonl", lenient=False)


def _not_utf8(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    (path / "e.jsonl").write_bytes(b'{"id": "e\xff1"}\n')
    return read_events(path / "e.jsonl", ACTORS, lenient=False)


def _unusable_record(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    # A safeguard: a record that made nothing without a defect of its own.
    raw = split_jsonl(SourceText('{"id": "a"}\n'), "a.jsonl", ACTOR_SHAPE)
    checker = Checker("a.jsonl", Format.JSONL, frozenset())
    checker.usable(raw.records, [None])
    checker.raise_if_any()
    return None


Case = Callable[[Path, pytest.MonkeyPatch], object]
HUGE = event(note="x" * MAX_RECORD_CHARS)


def _text(reader: Callable[..., object], text: str, *args: Any) -> Case:
    return lambda path, patch: reader(text, *args)


CASES: dict[str, tuple[Case, dict[str, Any] | None]] = {
    "DR-I001": (lambda path, patch: read_actors(path / "none.jsonl", lenient=False), {}),
    "DR-I002": (lambda path, patch: read_actors(path, lenient=False), {}),
    "DR-I003": (_permission_denied, {}),
    "DR-I004": (
        lambda path, patch: read_actors(path / ("x" * 300), lenient=False),
        {"reason": "File name too long"},
    ),
    "DR-I005": (_too_large, {"limit": 10}),
    "DR-I006": (_not_utf8, {"byte": 0xFF}),
    "DR-I007": (
        _text(events, HUGE),
        {"what": "line", "size": len(HUGE), "limit": MAX_RECORD_CHARS},
    ),
    "DR-I008": (_text(events, '{"id": "e1",'), None),
    "DR-I009": (_text(events, '{\n"id": "e1"\n}\n'), None),
    "DR-I010": (_text(events, "[1]\n"), {"found": "an array ([1])"}),
    "DR-I011": (
        lambda path, patch: parse_events("{}", ACTORS, filename="e.txt", fmt=Format.JSON),
        {},
    ),
    "DR-I012": (_text(events, event(actor="akim.nobody")), {"actor": "akim.nobody"}),
    "DR-I013": (_text(actors, 'id,role\n"gov,government\n', "a.csv"), None),
    "DR-I014": (
        _text(actors, "id,role\ngov,government,x\n", "a.csv"),
        {"cells": 3, "columns": 2, "header_line": 1},
    ),
    "DR-I015": (_text(actors, "id,role,id\ngov,government,gov\n", "a.csv"), {"column": "id"}),
    "DR-I016": (_text(actors, "id\ngov\n", "a.csv"), {"column": "role"}),
    "DR-I017": (_text(actors, "\n"), {}),
    "DR-I018": (_text(events, event(time=None)), {}),
    "DR-I019": (_text(events, event(time="")), {}),
    "DR-I020": (_text(events, event(time=5)), {"expected": "a string", "found": "a number (5)"}),
    "DR-I021": (
        _text(events, event(id="e\u200b1")),
        {"value": "e\u200b1", "character": "U+200B"},
    ),
    "DR-I022": (_text(events, event()[:-1] + ', "id": "e2"}'), {}),
    "DR-I023": (_text(actors, '{"id": "a", "role": "akimm"}'), {"value": "akimm"}),
    "DR-I024": (
        _text(actors, '{"id": "a", "role": "akim", "level": "city"}'),
        {"value": "city"},
    ),
    "DR-I025": (
        _text(actors, '{"id": "g", "role": "government", "level": "region"}'),
        {"role": "government"},
    ),
    "DR-I026": (
        _text(actors, '{"id": "g", "role": "government", "tz": "Asia/Almati"}'),
        {"zone": "Asia/Almati"},
    ),
    "DR-I027": (_text(events, event(time="2023-02-29")), {"date": "2023-02-29"}),
    "DR-I028": (_text(events, event(time="10:00")), {"value": "10:00"}),
    "DR-I029": (_text(events, event(time="1899-12-31")), {"year": 1899, "value": "1899-12-31"}),
    "DR-I030": (
        _text(
            actors, '{"id": "g", "role": "government", "from": "2024-01-02", "until": "2024-01-01"}'
        ),
        {"from": "2024-01-02", "until": "2024-01-01"},
    ),
    "DR-I031": (
        _text(events, event() + "\n" + event()),
        {"id": "e1", "first_line": 1},
    ),
    "DR-I032": (
        _text(actors, '{"id": "a", "role": "akim", "level": "region", "parent": "a"}'),
        {},
    ),
    "DR-I033": (
        _text(actors, '{"id": "a", "role": "akim", "level": "district", "parent": "b"}'),
        {"actor": "b"},
    ),
    "DR-I034": (
        _text(
            actors,
            '{"id": "g", "role": "government"}\n'
            '{"id": "a", "role": "akim", "level": "district", "parent": "g"}',
        ),
        {"actor": "g", "role": "government"},
    ),
    "DR-I035": (
        _text(
            actors,
            '{"id": "a", "role": "akim", "level": "district", "parent": "b"}\n'
            '{"id": "b", "role": "akim", "level": "district", "parent": "a"}',
        ),
        {"chain": ["a", "b", "a"]},
    ),
    "DR-I036": (_text(events, event(action="meeting")), {"value": "meeting"}),
    "DR-I037": (
        _text(events, event(end="2024-02-14")),
        {"time": "2024-02-15", "end": "2024-02-14"},
    ),
    "DR-I038": (_text(events, event(period="2024-Q5")), {"value": "2024-Q5"}),
    "DR-I039": (_text(events, event(channels=["radio"])), {"value": "radio"}),
    "DR-I040": (_text(events, event(to=["mayor"])), {"value": "mayor"}),
    "DR-I041": (_text(events, event(participants=["nobody"])), {"participant": "nobody"}),
    "DR-I042": (_text(events, event(ref="e1")), {}),
    "DR-I043": (_text(events, event(ref="e9")), {"ref": "e9"}),
    "DR-I044": (_unusable_record, {}),
    "DR-I083": (_text(events, event(id="e2", ref="e1", refs=["e1"])), {}),
    "DR-I084": (
        _text(events, event(id="e2", refs=["e1", "e1"])),
        {"ref": "e1", "entry": 2, "first": 1},
    ),
    "DR-I045": (
        _text(
            events,
            "id,actor,action,time,videoconference\ne1,akim.r,reporting_meeting,2024-02-15,maybe\n",
            "e.csv",
        ),
        {"value": "maybe"},
    ),
    "DR-I046": (_text(parse_overrides, "[[day_off]\n"), None),
    "DR-I047": (_text(parse_overrides, "colour = 1\n"), {"key": "colour"}),
    "DR-I048": (_text(parse_overrides, "day_off = 1\n"), {"table": "day_off", "found": "number"}),
    "DR-I049": (
        _text(
            parse_overrides,
            f"[[day_off]]\ndate = 2026-01-02\n{ACT}\n[[day_off]]\ndate = 2026-01-02\n{ACT}\n",
        ),
        {"date": "2026-01-02", "first_line": 2},
    ),
    "DR-I050": (
        _text(
            parse_overrides,
            f"[[day_off]]\ndate = 2026-01-02\n{ACT}\n[[working_day]]\ndate = 2026-01-02\n{ACT}\n",
        ),
        {"date": "2026-01-02", "first_line": 2},
    ),
    "DR-I060": (
        _text(events, event(actor="akim.r ")),
        {"value": "akim.r ", "character": "U+0020", "at": "end"},
    ),
    "DR-I061": (_text(events, event(score=float("nan"))), {"value": "NaN"}),
    "DR-I062": (
        _text(
            actors,
            '{"id": "a", "role": "akim", "level": "region"}\n'
            '{"id": "b", "role": "akim", "level": "region", "parent": "a"}',
        ),
        {"level": "region", "parent": "a"},
    ),
    "DR-I063": (
        _text(
            actors,
            '{"id": "a", "role": "akim", "level": "rural"}\n'
            '{"id": "b", "role": "akim", "level": "district", "parent": "a"}',
        ),
        {
            "level": "district",
            "parent": "a",
            "parent_level": "rural",
            "expected": ["region"],
        },
    ),
    "DR-I064": (
        _text(events, event(time="2024-02-15T10:00:00+23:59")),
        {"offset": "+23:59", "value": "2024-02-15T10:00:00+23:59"},
    ),
    "DR-I065": (
        _text(
            actors,
            '{"id": "a", "role": "akim", "level": "region", "until": "2021-12-31"}\n'
            '{"id": "a", "role": "akim", "level": "capital", "from": "2022-01-01"}',
        ),
        {"id": "a", "field": "level", "first_line": 1},
    ),
    # DR-I070..DR-I072: the holidays package's Kazakh data.
    **DATA_CASES,
}

CASES.update(IO_CASES)
CASES.update(EXTERNAL_CASES)


def test_every_input_code_has_a_case() -> None:
    registered = {code for code in CODES if code.startswith("DR-I")}
    assert set(CASES) == registered


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_input_code_is_raised_with_its_arguments(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, arguments = CASES[code]
    with pytest.raises(DecreeRulesError) as raised:
        case(tmp_path, monkeypatch)
    found = [d for d in raised.value.diagnostics if d.code == code]
    assert found, [d.code for d in raised.value.diagnostics]
    assert all(isinstance(error, InputError) for error in _errors(raised.value))
    if arguments is not None:
        assert dict(found[0].args) == arguments


def _errors(error: DecreeRulesError) -> list[DecreeRulesError]:
    return list(getattr(error, "errors", (error,)))


def test_the_calendar_file_shares_the_file_codes(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        load_overrides(tmp_path / "none.toml")
    with pytest.raises(InputError) as folder:
        load_overrides(tmp_path)
    (tmp_path / "o.toml").write_bytes(b"\xff")
    with pytest.raises(InputError) as encoding:
        load_overrides(tmp_path / "o.toml")
    assert [missing.value.code, folder.value.code, encoding.value.code] == [
        "DR-I001",
        "DR-I002",
        "DR-I006",
    ]
    with pytest.raises(DecreeRulesError) as entry:
        parse_overrides("[[day_off]]\nreason = 1\n")
    assert {d.code for d in entry.value.diagnostics} == {"DR-I018", "DR-I020"}


def test_the_contract_example_of_an_unknown_actor() -> None:
    with pytest.raises(InputError) as raised:
        events(event(actor="akim.nobody"))
    shown = raised.value.diagnostic.to_dict()
    assert (shown["code"], shown["message"]) == (
        "DR-I012",
        "unknown actor 'akim.nobody' (not in the actor registry)",
    )
    assert shown["args"] == {"actor": "akim.nobody"}
    assert shown["location"]["field"] == "actor"


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
@pytest.mark.parametrize(("name", "content", "head", "how"), EVENT_LOGS)
def test_no_hostile_log_gives_an_error_without_a_code(
    tmp_path: Path, name: str, content: str | bytes, head: str, how: str, lenient: bool
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    try:
        loaded = read_events(path, ACTORS, lenient=lenient)
    except DecreeRulesError as error:
        codes = [d.code for d in error.diagnostics]
    else:
        codes = [code for row in loaded.rejected for code in row.codes]
    assert codes and all(code in CODES for code in codes), codes


def test_a_rejected_row_has_a_code_for_each_message(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    bad = event(id="e2", actor="akim.nobody", time="2024-02-30", channels=["radio"])
    path.write_text(event() + "\n" + bad + "\n" + event(id="e3", ref="e2") + "\n")
    loaded = read_events(path, ACTORS, lenient=True)
    assert [(row.line, row.codes) for row in loaded.rejected] == [
        (2, ("DR-I012", "DR-I027", "DR-I039")),
        (3, ("DR-I043",)),
    ]
    assert all(len(row.codes) == len(row.messages) for row in loaded.rejected)
    report = evaluate(
        load_decree(),
        tuple(ACTORS.values()),
        loaded.records,
        date(2024, 12, 31),
        rejected=loaded.rejected,
    )
    rows = report_to_dict(report)["rejected_rows"]
    assert [row["codes"] for row in rows] == [list(row.codes) for row in loaded.rejected]
    assert list(rows[0]) == ["file", "line", "id", "kind", "errors", "codes", "problems"]
