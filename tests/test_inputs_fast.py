"""The fast path for plain JSON events accepts only what the full checks accept.

Every record is read both ways: when the fast path gives an event, the full checks must
give the very same event and no message; when it gives none, the full checks decide.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile import ACTORS

from decree_rules.io.events import EVENT_SHAPE, EventChecker, plain_event
from decree_rules.io.formats import Format, JsonRecord, split_jsonl
from decree_rules.io.records import Event
from decree_rules.io.sources import SourceText

# For each field: values the full checks accept, and values they reject. Records mostly
# hold good values, so that the fast path is taken often and its edges are reached.
FIELD_VALUES: dict[str, tuple[list[Any], list[Any]]] = {
    "id": (["e1", "e2", "e\u0438\u0306"], ["", " ", "e\u200b1", 7, None, "e\n1", "e1 "]),
    "actor": (["akim.r", "gov"], ["akim.x", "", None, 3, " gov"]),
    "action": (["reporting_meeting", "schedule_published"], ["meeting", "", 1]),
    "time": (
        [
            "2016-02-15",
            "2016-02-15T10:00:00+06:00",
            "2016-02-15T10:00:00",
            "2016-02-15 10:00Z",
            "2999-12-31",
        ],
        [
            "2016-02-30",
            "1899-12-31",
            "2016-02-15T25:00:00",
            "10:00",
            "２０１６-02-15",
            "",
            None,
            1,
            "2016-02-15T10:00:00+23:59",
        ],
    ),
    "end": (
        [None, "", "2016-02-16", "2016-02-15T12:00:00+06:00", "2016-02-15"],
        ["2016-02-14", "2016-02-15T09:00:00+06:00", "x", 5],
    ),
    "ref": ([None, "", "e0"], ["e\u202e0", 1, ["e0"], "e0\u00a0"]),
    "period": ([None, "", "2016", "2016-Q2", 2016, "2016\n"], [True, "2016-Q5", 2016.0]),
    "channels": (
        [None, "", [], ["website"], ["website", "regional_press"]],
        [["radio"], "website", [1], [""], ["website", " "]],
    ),
    "to": ([None, [], ["government"], ["presidential_administration"]], [["x"], {}]),
    "participants": (
        [None, [], ["public_council"], ["gov"], ["deputy_of:akim.r"]],
        [["deputy_of:x"], ["nobody"], [2], ["gov\u200b"], [" gov"]],
    ),
    "videoconference": ([None, "", True, False], ["true", 1]),
    "note": (["anything", 1, None], [float("nan"), [float("-inf")]]),
}


@st.composite
def records(draw: st.DrawFn) -> str:
    fields = draw(st.lists(st.sampled_from(sorted(FIELD_VALUES)), unique=True))
    required = ["id", "actor", "action", "time"]
    chosen = {}
    for name in dict.fromkeys([*required, *fields]):
        good, bad = FIELD_VALUES[name]
        pick = bad if bad and draw(st.integers(0, 9)) == 0 else good
        chosen[name] = draw(st.sampled_from(pick))
    if draw(st.integers(0, 9)) == 0:
        chosen.pop(draw(st.sampled_from(required)))
    line = json.dumps(chosen, ensure_ascii=False)
    if draw(st.integers(0, 19)) == 0:  # a key given twice
        line = line[:-1] + ', "id": "e2"}'
    return line


def both_ways(line: str) -> tuple[object, object, int]:
    source = SourceText(line + "\n")
    raw = split_jsonl(source, "events.jsonl", EVENT_SHAPE)
    assert len(raw.records) == 1 and not raw.broken
    record = raw.records[0]
    assert isinstance(record, JsonRecord)
    fast = plain_event(record, ACTORS, "events.jsonl")
    checker = EventChecker("events.jsonl", Format.JSONL, frozenset())
    full = checker.checked_event(record, ACTORS)
    return fast, full, len(checker.errors)


@settings(max_examples=2000)
@given(records())
def test_the_fast_path_agrees_with_the_full_checks(line: str) -> None:
    fast, full, errors = both_ways(line)
    if fast is not None:
        assert errors == 0, line
        assert isinstance(fast, Event) and isinstance(full, Event), line
        # extra and location are left out of Event equality: compare them too.
        assert (fast, dict(fast.extra), fast.location) == (
            full,
            dict(full.extra),
            full.location,
        ), line


def test_plain_records_take_the_fast_path() -> None:
    line = json.dumps(
        {
            "id": "e1",
            "actor": "akim.r",
            "action": "reporting_meeting",
            "time": "2016-02-15T10:00:00+06:00",
            "end": "2016-02-15T12:00:00+06:00",
            "participants": ["public_council", "deputy_of:akim.r"],
            "channels": ["website"],
            "period": "2016",
            "videoconference": True,
            "note": "kept in extra",
        }
    )
    fast, full, errors = both_ways(line)
    assert isinstance(fast, Event) and fast == full and errors == 0
    assert fast.extra == {"note": "kept in extra"}
