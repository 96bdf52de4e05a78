"""Error rendering: the location, the line with a caret, invisible characters shown."""

from __future__ import annotations

from decree_rules.core.diagnostics import (
    ErrorGroup,
    InputError,
    RuleError,
    UsageError,
    raise_collected,
)
from decree_rules.core.source import Location


def test_a_located_error_with_caret_and_hint() -> None:
    error = RuleError(
        "expected a number, found 'two'",
        Location("r.rules", 3, 18, length=3),
        code="DR-S001",
        source_line="  during quarter two",
        hint="during quarter 2",
    )
    assert error.render().splitlines() == [
        "r.rules:3:18: error: expected a number, found 'two'",
        "      during quarter two",
        "                     ^^^",
        "    hint: during quarter 2",
    ]


def test_a_field_and_an_argument_go_after_error() -> None:
    field = InputError("no such date", Location("e.jsonl", 2, 40, field="time"), code="DR-I027")
    assert field.render() == "e.jsonl:2:40: error: field 'time': no such date"
    argument = UsageError("bad", Location("decree-rules due", field="--tz"), code="DR-U003")
    assert argument.render() == "decree-rules due: error: argument --tz: bad"


def test_invisible_and_control_characters_are_shown() -> None:
    where = Location("r", 1, 6)
    error = RuleError("x", where, code="DR-R001", source_line="every\u200b year\x00")
    shown, caret = error.render().splitlines()[1:3]
    assert shown == "    every<U+200B> year<U+0000>"
    assert caret == "         ^"


def test_a_long_line_is_shown_around_the_column() -> None:
    line = "a" * 3000 + "BAD" + "b" * 3000
    error = RuleError("x", Location("r", 1, 3001, length=3), code="DR-R001", source_line=line)
    shown, caret = error.render().splitlines()[1:3]
    assert len(shown) < 600 and "BAD" in shown
    assert shown.index("BAD") == caret.index("^")


def test_several_errors_are_counted() -> None:
    errors = [RuleError(f"e{n}", Location("r", n), code="DR-R001") for n in range(1, 4)]
    try:
        raise_collected(errors, limit=2)
    except ErrorGroup as group:
        assert group.render().splitlines()[-1] == "3 errors (1 more not shown)"
    else:
        raise AssertionError("no error raised")


def test_an_error_survives_a_pickle_round_trip() -> None:
    import pickle

    from decree_rules.core.diagnostics import UsageError

    error = InputError(
        "unknown actor 'akim.nobody'",
        Location("events.jsonl", 3, 12, length=11, field="actor"),
        code="DR-I012",
        source_line='{"id": "e3", "actor": "akim.nobody"}',
        hint="did you mean 'akim.almaty'?",
        args={"actor": "akim.nobody"},
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InputError
    assert copy.diagnostic == error.diagnostic
    assert copy.arguments == {"actor": "akim.nobody"} and copy.code == "DR-I012"
    assert copy.render() == error.render()
    usage = UsageError("bad", Location("x", field="--output"), code="DR-U001")
    group = ErrorGroup([error, usage], truncated=2)
    again = pickle.loads(pickle.dumps(group))
    assert type(again) is ErrorGroup and again.truncated == 2
    assert again.diagnostics == group.diagnostics
    assert again.render() == group.render()


def test_a_diagnostic_is_data_and_makes_its_exception() -> None:
    from decree_rules.core.diagnostics import DecreeRulesError, Diagnostic, Severity

    diagnostic = Diagnostic(
        "DR-I012", Severity.ERROR, "unknown actor 'x'", Location("e.jsonl", 2, field="actor")
    )
    error = DecreeRulesError.from_diagnostic(diagnostic)
    assert isinstance(error, InputError) and error.diagnostic is diagnostic
    assert diagnostic.to_dict()["location"] == {
        "file": "e.jsonl", "line": 2, "column": None, "length": 1, "field": "actor",
    }  # fmt: skip
    assert error.render() == "e.jsonl:2: error: field 'actor': unknown actor 'x'"


def test_a_code_outside_the_table_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="not a diagnostic code"):
        InputError("x", Location("e.jsonl"), code="DR-I999")


def test_the_table_holds_exactly_the_codes_the_package_raises() -> None:
    """Every code written in the package's source is in the table, and every code of the
    table is written somewhere: no code is raised unknown, none lingers unused."""
    import re
    from pathlib import Path

    from decree_rules.core.codes import CODES

    root = Path(__file__).parents[1] / "decree_rules"
    used: set[str] = set()
    for path in root.rglob("*.py"):
        if path.name == "codes.py":
            continue
        used.update(re.findall(r"DR-[SRWIUT]\d{3}", path.read_text(encoding="utf-8")))
    assert used == set(CODES)
    assert all(
        re.fullmatch(r"DR-[SRWIUT]\d{3}", code) and not code.endswith("000") for code in CODES
    )
