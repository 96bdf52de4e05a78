"""Lint's advice: warnings, the ones a rule file acknowledges, and stale acknowledgements."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from declared import declared

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.lang.load import load_decree, parse_rules
from decree_rules.lang.validate import lint, lint_advice, validate

ROOT = Path(__file__).resolve().parents[1]
H = 'decree "T"\nclause 15 "F"\n  text kk "x"\n  enters into force on 2016-01-01\n'
NO_DATE = (
    'clause 12 "Forms"\n  text kk "x"\n  once\n  government must do forms_approved\n  no deadline\n'
)
WHY = '  acknowledge DR-W001 "The decree gives no date."\n'


def _advice(text: str) -> tuple[list[str], list[str]]:
    """The codes of the warnings shown and acknowledged; the words ``text`` names declared."""
    text = declared(text)
    decree = parse_rules(text, filename="a.rules", validated=False)
    shown, acknowledged = lint_advice(decree, sources={"a.rules": text})
    return [d.code for d in shown], [d.code for d in acknowledged]


def test_an_acknowledged_warning_is_counted_not_shown() -> None:
    assert _advice(H + NO_DATE) == (["DR-W001"], [])
    assert _advice(H + NO_DATE + WHY) == ([], ["DR-W001"])


def test_an_acknowledgement_answers_only_its_own_clause() -> None:
    other = NO_DATE.replace("clause 12 ", "clause 13 ")
    assert _advice(H + NO_DATE + WHY + other) == (["DR-W001"], ["DR-W001"])


def test_a_stale_acknowledgement_is_a_warning() -> None:
    yearly = NO_DATE.replace("no deadline", "by 15 January").replace("once", "every year")
    assert _advice(H + yearly + WHY) == (["DR-W003"], [])


def test_acknowledging_what_is_not_a_warning_code_is_an_error() -> None:
    text = declared(H + NO_DATE + '  acknowledge DR-S001 "x"\n')
    with pytest.raises(DecreeRulesError) as caught:
        validate(parse_rules(text, filename="a.rules", validated=False), sources={"a.rules": text})
    assert caught.value.code == "DR-R055"
    assert caught.value.location.line == 10


@pytest.mark.parametrize(
    ("title", "term", "warned"),
    [
        ("Posted within 10 days", "10 calendar days", False),
        ("Posted within 10 days", "10 working days", False),
        ("Posted within 10 days", "15 calendar days", True),
        ("Posted within 10 calendar days", "10 working days", True),
        ("Posted within 1 month", "1 month", False),
        ("Posted within 1 month", "30 calendar days", True),
        ("Posted promptly", "15 calendar days", False),
    ],
)
def test_a_title_that_contradicts_its_rule_is_a_warning(
    title: str, term: str, warned: bool
) -> None:
    text = (
        H
        + f'clause 6 "{title}"\n  text kk "x"\n  for each reporting_meeting by akim\n'
        + f"  the same actor must do report_posted\n  within {term} after the meeting ends\n"
    )
    assert _advice(text)[0] == (["DR-W002"] if warned else [])


def test_the_shipped_rules_acknowledge_their_three_dateless_duties() -> None:
    decree = load_decree()
    shown, acknowledged = lint_advice(decree)
    assert shown == []
    assert sorted(d.diagnostic.args["clause"] for d in acknowledged) == ["12.1", "12.5", "12.6"]
    assert lint(decree) == []


def test_lint_counts_the_acknowledged_warnings() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "decree_rules", "lint", "rules"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr.endswith("1 file, 21 clauses: 0 errors, 0 warnings (3 more acknowledged)\n")


def test_a_declared_word_that_no_clause_names_is_a_warning() -> None:
    minutes = 'action minutes_published "the minutes of a meeting published"\n'
    text = declared(H + NO_DATE + WHY) + minutes
    decree = parse_rules(text, filename="a.rules", validated=False)
    shown, _ = lint_advice(decree, sources={"a.rules": text})
    (warning,) = shown
    assert warning.render().splitlines()[:3] == [
        "a.rules:12:8: warning: action 'minutes_published' is declared, but no clause names it",
        '    action minutes_published "the minutes of a meeting published"',
        "           ^^^^^^^^^^^^^^^^^",
    ]
    assert warning.code == "DR-W010"
    assert "listed as unmatched" in (warning.hint or "")
    validate(decree)  # a warning: the rules can still be used
