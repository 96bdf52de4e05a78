"""The pieces of the input layer on their own: formats, the field checks, the codes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from decree_rules.core.diagnostics import InputError
from decree_rules.core.vocabulary import Role
from decree_rules.io.checker import cascade
from decree_rules.io.events import EVENT_SHAPE, EventChecker, parse_events, plain_event
from decree_rules.io.fields import MOMENT_EXAMPLES, Example, Problem, parse_moment
from decree_rules.io.formats import Format, detect, split_jsonl
from decree_rules.io.records import Actor
from decree_rules.io.registry import parse_actors
from decree_rules.io.sources import SourceText

GOV = '{"id": "gov", "role": "government"}'

# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [
        ("a.jsonl", "[", Format.JSONL),  # the suffix wins over the first character
        ("a.ndjson", "", Format.JSONL),
        ("a.CSV", "{", Format.CSV),
        ("a.txt", "  [", Format.JSON),
        ("a.txt", "\n{", Format.JSONL),
        ("a.json", "id,role", Format.CSV),  # .json says nothing: a JSON Lines file may have it
    ],
)
def test_the_format_is_detected_from_the_suffix_then_the_first_character(
    filename: str, text: str, expected: Format
) -> None:
    assert detect(filename, None, text) is expected


def test_a_format_may_be_named_by_its_value() -> None:
    assert [Format.of(member.value) for member in Format] == list(Format)
    assert Format.of(Format.CSV) is Format.CSV and Format.of(None) is None
    assert detect("a.csv", "json", "id,role") is Format.JSON
    with pytest.raises(ValueError, match="fmt must be one of jsonl, json, csv or None, not 'xml'"):
        Format.of("xml")


def test_the_readers_take_a_format() -> None:
    expected = (Actor(id="gov", role=Role.GOVERNMENT),)
    assert parse_actors(f"[{GOV}]", filename="a.txt", fmt=Format.JSON) == expected
    assert parse_actors("id,role\ngov,government\n", filename="a", fmt=Format.CSV) == expected


# --------------------------------------------------------------------------- dates and times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        (
            "2024-02-15T10:00:00+05:00",
            datetime(2024, 2, 15, 10, tzinfo=timezone(timedelta(hours=5))),
        ),
        ("2024-02-15 10:00Z", datetime(2024, 2, 15, 10, tzinfo=UTC)),
        ("2024-02-15T10:00:00", datetime(2024, 2, 15, 10)),  # naive: the actor's local time
        ("2999-12-31", date(2999, 12, 31)),
    ],
)
def test_the_one_parser_reads_dates_and_date_times(text: str, expected: date) -> None:
    assert parse_moment(text, MOMENT_EXAMPLES) == expected


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("2023-02-29", "DR-I027", "no such date: '2023-02-29' (February 2023 has 28 days)"),
        ("2024-13-01", "DR-I027", "no such date: '2024-13-01' (there is no month 13)"),
        ("0000-01-01", "DR-I027", "no such date: '0000-01-01' (there is no year 0)"),
        ("2024-02-30T10:00", "DR-I027", "no such date: '2024-02-30' (February 2024 has 29 days)"),
        ("1899-12-31", "DR-I029", "the year 1899 is outside the supported range 1900-2999: "
         "'1899-12-31'"),
        ("3000-01-01T00:00", "DR-I029", "the year 3000 is outside the supported range "
         "1900-2999: '3000-01-01T00:00'"),
        ("2024-02-15T25:00", "DR-I028", "expected a date-time like 2024-02-15T10:00:00+05:00, "
         "found '2024-02-15T25:00' (hour must be in 0..23)"),
        ("10:00", "DR-I028", "a time without a date: '10:00'"),
        ("15.02.2024", "DR-I028", "expected a date like 2024-02-15 or a date-time like "
         "2024-02-15T10:00:00+05:00, found '15.02.2024'"),
        ("２０２４-02-15", "DR-I028", "expected a date like 2024-02-15 or a date-time like "
         "2024-02-15T10:00:00+05:00, found '２０２４-02-15'"),
    ],
)  # fmt: skip
def test_the_one_parser_says_what_is_wrong(text: str, code: str, message: str) -> None:
    problem = parse_moment(text, MOMENT_EXAMPLES)
    assert isinstance(problem, Problem)
    assert (problem.code, problem.message) == (code, message)
    assert problem.hint == Example(MOMENT_EXAMPLES) or problem.message.startswith("a time")


def test_a_date_only_field_takes_no_time() -> None:
    assert parse_moment("2022-06-08", ("2022-06-08",), times=False) == date(2022, 6, 8)
    problem = parse_moment("2022-06-08T00:00", ("2022-06-08",), times=False)
    assert isinstance(problem, Problem) and problem.code == "DR-I028"
    assert problem.message == "expected a date like 2024-02-15, found '2022-06-08T00:00'"


def test_registries_and_logs_share_the_parser() -> None:
    """An impossible day reads the same in a registry's 'from' and a log's 'time'."""
    registry = '{"id": "gov", "role": "government", "from": "2023-02-29"}'
    log = '{"id": "e1", "actor": "gov", "action": "forms_approved", "time": "2023-02-29"}'
    with pytest.raises(InputError) as office:
        parse_actors(registry, filename="a.jsonl")
    actors = {"gov": Actor(id="gov", role=Role.GOVERNMENT)}
    with pytest.raises(InputError) as event:
        parse_events(log, actors, filename="e.jsonl")
    assert (
        office.value.message
        == event.value.message
        == ("no such date: '2023-02-29' (February 2023 has 28 days)")
    )
    assert office.value.code == event.value.code == "DR-I027"
    assert event.value.arguments == {"date": "2023-02-29"}


# --------------------------------------------------------------------------- the cascade


def test_the_cascade_rejects_what_depends_on_a_rejected_row_and_so_on_down() -> None:
    # e2 -> e1 (rejected), e3 -> e2, e4 -> e3, e5 -> e9 (never read), e6 -> e7 (usable).
    links = {"e2": "e1", "e3": "e2", "e4": "e3", "e5": "e9", "e6": "e7"}
    usable = {"e2", "e3", "e4", "e5", "e6", "e7"}
    rejected = list(cascade(links, lambda ident: ident not in usable))
    assert sorted(rejected) == [("e2", "e1"), ("e3", "e2"), ("e4", "e3"), ("e5", "e9")]
    order = [ident for ident, _ in rejected]
    assert order.index("e2") < order.index("e3") < order.index("e4")


def test_the_cascade_gives_each_row_once_and_judges_before_it_starts() -> None:
    seen: set[str] = set()

    def unusable(ident: str) -> bool:
        seen.add(ident)
        return ident == "a"

    # b and c follow a, d follows b, e follows d: each is given once.
    links = {"b": "a", "c": "a", "d": "b", "e": "d"}
    steps = cascade(links, unusable)
    first = next(steps)
    assert seen == {"a", "b", "d"}  # every link was judged before the first row came out
    rest = [first, *steps]
    assert sorted(ident for ident, _ in rest) == ["b", "c", "d", "e"]


# --------------------------------------------------------------------------- the fast path


def test_the_fast_path_and_the_full_checks_judge_a_rejected_office_alike() -> None:
    line = (
        '{"id": "e1", "actor": "gov", "action": "forms_approved", "time": "2024-02-15", '
        '"participants": ["deputy_of:akim.gone"]}'
    )
    raw = split_jsonl(SourceText(line + "\n"), "e.jsonl", EVENT_SHAPE)
    actors = {"gov": Actor(id="gov", role=Role.GOVERNMENT)}
    gone = frozenset({"akim.gone"})
    assert plain_event(raw.records[0], actors, "e.jsonl", gone) is None
    checker = EventChecker("e.jsonl", Format.JSONL, frozenset(), gone)
    assert checker.checked_event(raw.records[0], actors) is None
    assert [(pending.code, pending.message) for pending in checker.errors] == [
        (
            "DR-I041",
            "unknown participant 'deputy_of:akim.gone': the registry row of 'akim.gone' "
            "was rejected",
        )
    ]
    # Once the office is in the registry, the same record is plain.
    known = actors | {"akim.gone": Actor(id="akim.gone", role=Role.GOVERNMENT)}
    assert plain_event(raw.records[0], known, "e.jsonl") is not None
