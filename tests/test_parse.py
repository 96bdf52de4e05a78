"""The rule language: the shipped rules, syntax errors, and the formatter round trip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import decrees, rule_texts

from decree_rules.core.diagnostics import (
    DecreeRulesError,
    ErrorGroup,
    RuleError,
    RuleSyntaxError,
)
from decree_rules.core.vocabulary import Unit
from decree_rules.lang.format import format_decree
from decree_rules.lang.grammar import parser, shipped_rules_path
from decree_rules.lang.load import load_decree, load_rules, parse_rules
from decree_rules.lang.model import After, Anchor, BoundKind, ForEachEvent, Window

GOLDEN = Path(__file__).parent / "golden"
SHIPPED = shipped_rules_path() / "decree.rules"

HEADER = 'decree "Test"\n'


def _first_line(error: DecreeRulesError) -> str:
    return error.render().splitlines()[0]


def _error(text: str) -> DecreeRulesError:
    with pytest.raises(DecreeRulesError) as caught:
        parse_rules(text, filename="t.rules", validated=False)
    return caught.value


# ---- the shipped rules ------------------------------------------------------------


def test_shipped_rules_cover_every_clause_of_the_decree() -> None:
    decree = load_decree()
    numbers = [clause.number for clause in decree.clauses]
    expected = [str(n) for n in range(1, 12)] + ["12"] + [f"12.{n}" for n in range(1, 7)]
    assert numbers == [*expected, "13", "14", "15"]
    for clause in decree.clauses:
        kazakh = clause.text("kk")
        assert kazakh, f"clause {clause.number} has no Kazakh text"
        assert clause.text("en"), f"clause {clause.number} has no English text"
    assert decree.in_force is not None and decree.in_force.isoformat() == "2016-01-01"
    assert len(decree.clause("14").repeals) == 2


def test_the_kazakh_text_of_each_clause_is_quoted_from_the_seed() -> None:
    seed = Path(__file__).parents[2] / "shared" / "seed" / "decree-kk.txt"
    if not seed.exists():
        pytest.skip("the shared seed is not beside this checkout")
    original = " ".join(seed.read_text(encoding="utf-8").split())
    for clause in load_decree().clauses:
        text = clause.text("kk")
        assert text is not None
        assert " ".join(text.split()) in original, clause.number


def test_clause_6_reads_as_the_decree_says() -> None:
    rule = load_decree().clause("6").rule
    assert rule is not None
    assert isinstance(rule.scope, ForEachEvent) and rule.scope.last_of_year
    assert rule.obligation.bound.kind is BoundKind.SAME_ACTOR
    deadline = rule.deadline
    assert isinstance(deadline, After)
    assert (deadline.duration.amount, deadline.duration.unit) == (10, Unit.CALENDAR_DAYS)
    assert deadline.anchor is Anchor.MEETING_ENDS


def test_windows_of_clauses_1_to_3() -> None:
    decree = load_decree()
    quarters = []
    for number in ("1", "2", "3"):
        rule = decree.clause(number).rule
        assert rule is not None and isinstance(rule.deadline, Window)
        quarters.append(rule.deadline.quarter)
    assert quarters == [2, 1, 3]


def test_spans_point_into_the_file() -> None:
    decree = load_rules(SHIPPED, validated=False)
    clause = decree.clause("6")
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert lines[clause.span.line - 1].startswith('clause 6 "')
    rule = clause.rule
    assert rule is not None
    action = rule.obligation.duty
    line = lines[action.span.line - 1]
    assert "report_posted" in line


def test_formatting_the_shipped_rules_matches_the_golden_file() -> None:
    formatted = format_decree(load_rules(SHIPPED, validated=False))
    golden = GOLDEN / "decree.formatted.rules"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(formatted, encoding="utf-8")
    assert formatted == golden.read_text(encoding="utf-8")
    assert parse_rules(formatted, validated=False) == load_rules(SHIPPED, validated=False)


def test_parser_is_built_once() -> None:
    assert parser() is parser()


def test_a_folder_of_rule_files_is_one_decree(tmp_path: Path) -> None:
    (tmp_path / "a.rules").write_text(HEADER + 'clause 1 "A"\n  text kk "a"\n', encoding="utf-8")
    (tmp_path / "b.rules").write_text('clause 2 "B"\n  text kk "b"\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    decree = load_rules(tmp_path, validated=False)
    assert [c.number for c in decree.clauses] == ["1", "2"]


# ---- syntax errors: the exact messages legal staff see ------------------------------

BROKEN = [
    pytest.param(
        HEADER + 'clause 6 "R"\n  for each reporting_meeting by heads\n'
        "  the same actor must do report_posted on website\n"
        "  within ten calendar days after the meeting ends\n",
        "t.rules:5:10: error: expected a duration like '10 calendar days', found 'ten'",
        id="a number written as a word",
    ),
    pytest.param(
        HEADER + 'clause 6 "R"\n  for each reporting_meeting by heads\n'
        "  the same actor must do report_posted on website\n"
        "  within\n  ten calendar days after the meeting ends\n",
        "t.rules:6:3: error: expected a duration like '10 calendar days', found 'ten'",
        id="the word before the error on the line above",
    ),
    pytest.param(
        HEADER + 'clause 6 "R"\n  within 10 weeks after the meeting ends\n',
        "t.rules:3:13: error: expected a unit: 'calendar days', 'working days', "
        "'months' or 'years', found 'weeks'",
        id="an unknown unit",
    ),
    pytest.param(
        HEADER + 'clause 2 "W"\n  during quarter two\n',
        "t.rules:3:18: error: expected a number, found 'two'",
        id="a quarter written as a word",
    ),
    pytest.param(
        HEADER + 'clause 12.2 "S"\n  by 15 Januar\n',
        "t.rules:3:9: error: expected a month name like January, found 'Januar'",
        id="a misspelt month",
    ),
    pytest.param(
        HEADER + 'clause 1 "T\n',
        "t.rules:2:10: error: this quoted text is never closed",
        id="an unterminated text",
    ),
    pytest.param(
        HEADER + 'clause 1 "T"\n  every\u200b year\n',
        "t.rules:3:8: error: unexpected character U+200B ZERO WIDTH SPACE (an invisible character) "
        "after 'every'",
        id="a zero-width space inside a line",
    ),
    pytest.param(
        HEADER + 'clause 1 "T"\n  еvery year\n',
        "t.rules:3:3: error: unexpected character 'е' (U+0435 CYRILLIC SMALL LETTER IE)",
        id="a Cyrillic homoglyph in a keyword",
    ),
    pytest.param(
        HEADER + 'clause 1 "T"\n  for each reporting_meeting\n',
        "t.rules:3:29: error: expected one of 'by', 'on', 'to', 'with', found the end of the file",
        id="a scope cut short",
    ),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_syntax_error_messages(text: str, message: str) -> None:
    error = _error(text)
    assert isinstance(error, RuleSyntaxError)
    assert _first_line(error) == message


def test_error_shows_the_line_and_a_caret_and_a_hint() -> None:
    error = _error(BROKEN[0].values[0])  # type: ignore[arg-type]
    assert error.render().splitlines()[1:] == [
        "      within ten calendar days after the meeting ends",
        "             ^^^",
        "    hint: a valid line looks like: within 10 calendar days after the meeting ends",
    ]


def test_every_broken_clause_is_reported_not_just_the_first() -> None:
    text = (
        HEADER + 'clause 1 "A"\n  during quarter two\n'
        'clause 2 "B"\n  text kk "ok"\n'
        'clause 3 "C"\n  within ten calendar days after the meeting ends\n'
    )
    error = _error(text)
    assert isinstance(error, ErrorGroup)
    assert [e.location.line for e in error.errors] == [3, 7]
    assert error.render().splitlines()[-1] == "2 errors"


def test_a_clause_missing_its_deadline() -> None:
    error = _error(
        HEADER + 'clause 6 "R"\n  text kk "x"\n  for each reporting_meeting by heads\n'
        "  the same actor must do report_posted on website\n"
    )
    assert isinstance(error, RuleError)
    assert _first_line(error) == (
        "t.rules:4:3: error: clause 6 is missing a deadline "
        "('within ...', 'by ...', 'during ...' or 'no deadline')"
    )


def test_a_clause_with_two_deadlines() -> None:
    error = _error(
        HEADER + 'clause 2 "W"\n  every year\n  akim must do reporting_meeting\n'
        "  during quarter 1\n  during quarter 2\n"
    )
    assert _first_line(error) == (
        "t.rules:6:3: error: clause 2 has a second a deadline; the first is on line 5"
    )


def test_no_decree_header() -> None:
    error = _error('clause 1 "A"\n  text kk "a"\n')
    assert _first_line(error) == "t.rules:1:1: error: the rules have no 'decree' header"


def test_an_impossible_date() -> None:
    error = _error(HEADER + 'clause 15 "F"\n  enters into force on 2016-02-30\n')
    assert _first_line(error) == "t.rules:3:24: error: '2016-02-30' is not a real date"


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.rules"
    path.write_bytes(b'decree "T"\nclause 1 "\xff"\n')
    with pytest.raises(RuleSyntaxError) as caught:
        load_rules(path, validated=False)
    assert caught.value.location.line == 2
    assert "not valid UTF-8: byte 0xFF" in caught.value.message


def test_a_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(DecreeRulesError) as caught:
        load_rules(tmp_path / "nothing.rules", validated=False)
    assert "no such rule file or folder" in caught.value.render()


def test_an_empty_rules_folder(tmp_path: Path) -> None:
    with pytest.raises(DecreeRulesError) as caught:
        load_rules(tmp_path, validated=False)
    assert "no '.rules' files in the folder" in caught.value.render()


# ---- properties -------------------------------------------------------------------


@given(decrees())
def test_parse_of_format_is_the_identity(decree: object) -> None:
    from decree_rules.lang.model import Decree

    assert isinstance(decree, Decree)
    assert parse_rules(format_decree(decree), validated=False) == decree


@given(rule_texts())
def test_the_parser_raises_only_its_own_errors(text: str) -> None:
    try:
        parse_rules(text, filename="fuzz.rules", validated=False)
    except DecreeRulesError as error:
        assert error.render().startswith("fuzz.rules")


@given(st.data())
def test_mutated_shipped_rules_raise_only_library_errors(data: st.DataObject) -> None:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    mutation = data.draw(st.sampled_from(["drop", "duplicate", "truncate", "swap"]))
    if mutation == "drop":
        del lines[index]
    elif mutation == "duplicate":
        lines.insert(index, lines[index])
    elif mutation == "truncate":
        lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
    else:
        other = data.draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    try:
        decree = parse_rules("\n".join(lines), filename="mutated.rules", validated=False)
    except DecreeRulesError:
        return
    from decree_rules.lang.validate import lint

    for found in lint(decree):
        assert found.render()
