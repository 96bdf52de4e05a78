"""The pieces of the input layer on their own: formats, the field checks, the codes."""

from __future__ import annotations

import pytest

from decree_rules.core.vocabulary import Role
from decree_rules.io.formats import Format, detect
from decree_rules.io.records import Actor
from decree_rules.io.registry import parse_actors

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
