"""The mistakes people make in rule files get messages that name them, on the right line.

The labelled snippets live beside the grammar (``grammar/decree.mistakes.toml``); every one
of them is tested here, so an entry added there is tested without a line added here.
"""

from __future__ import annotations

import pytest

from decree_rules.core.diagnostics import DecreeRulesError, Diagnostic
from decree_rules.lang.load import parse_rules
from decree_rules.lang.mistakes import mistakes

H = 'decree "x"\nclause 1 "A"\n'
RULE = "  for each reporting_meeting by heads\n  the same actor must do report_posted on website\n"


def _diagnostic(text: str) -> Diagnostic:
    with pytest.raises(DecreeRulesError) as caught:
        parse_rules(text, filename="r.rules", validated=False)
    (diagnostic,) = caught.value.diagnostics
    return diagnostic


@pytest.mark.parametrize(
    ("label", "text"),
    [(m.label, text) for m in mistakes() for text in m.texts()],
)
def test_each_labelled_snippet_gets_its_hint(label: str, text: str) -> None:
    (mistake,) = [m for m in mistakes() if m.label == label]
    diagnostic = _diagnostic(text)
    assert diagnostic.hint == mistake.hint
    assert diagnostic.location.line is not None and diagnostic.location.line >= 2


def test_the_hint_comes_with_the_snippet_anywhere_in_a_file() -> None:
    # The same mistake deep in a file with other blocks before it.
    text = (
        H + RULE + '  note "x"\nclause 2 "B"\n' + RULE + "  within 10 days after the meeting ends\n"
    )
    diagnostic = _diagnostic(text)
    assert diagnostic.location.line == 9
    assert diagnostic.hint is not None and "'10 calendar days'" in diagnostic.hint


@pytest.mark.parametrize(
    ("line", "wrong", "right"),
    [
        ("  withn 10 calendar days after the meeting ends", "withn", "within"),
        ("  within 10 calender days after the meeting ends", "calender", "calendar"),
        ("  within 10 calendar days aftr the meeting ends", "aftr", "after"),
        ("  within 10 calendar days after the meeting ens", "ens", "ends"),
        ("  at lest 10 calendar days before the meeting starts", "lest", "least"),
    ],
)
def test_a_misspelt_keyword_is_named_as_one(line: str, wrong: str, right: str) -> None:
    diagnostic = _diagnostic(H + RULE + line + "\n")
    assert diagnostic.code == "DR-S016"
    assert diagnostic.message == (
        f"'{wrong}' is not a word of the rule language here; did you mean '{right}'?"
    )
    assert diagnostic.location.line == 5
    assert diagnostic.location.column == line.index(wrong) + 1
    assert diagnostic.location.length == len(wrong)


def test_a_word_that_only_looks_like_a_keyword_is_not_called_one() -> None:
    # 'two' is close to 'to', but 'to' does not fit there either.
    diagnostic = _diagnostic(H + RULE + "  during quarter two\n")
    assert diagnostic.code == "DR-S001"
    assert diagnostic.message == "expected a number, found 'two'"


def test_a_missing_word_is_reported_on_the_line_where_it_is_missing() -> None:
    diagnostic = _diagnostic(
        H + RULE + "  within 10 calendar days after the meeting\n" + '  note "x"\n'
    )
    assert diagnostic.code == "DR-S017"
    assert diagnostic.location.line == 5
    assert diagnostic.location.column == len("  within 10 calendar days after the meeting") + 1
    assert diagnostic.message == (
        "expected one of 'ends', 'starts' after 'meeting', but line 5 ends there"
    )
    assert diagnostic.hint == (
        "a valid line looks like: within 10 calendar days after the meeting ends"
    )


def test_a_complete_line_followed_by_a_wrong_one_is_reported_on_the_wrong_one() -> None:
    diagnostic = _diagnostic(H + "  12\n")
    assert diagnostic.code == "DR-S001"
    assert diagnostic.location.line == 3
