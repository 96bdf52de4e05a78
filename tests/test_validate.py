"""The validator: names it does not know, clauses that do not fit together, warnings."""

from __future__ import annotations

import attrs
import pytest
from declared import WORDS

from decree_rules.core.diagnostics import DecreeRulesError, ErrorGroup
from decree_rules.lang.load import load_decree, parse_rules
from decree_rules.lang.validate import lint, validate

HEADER = 'decree "Test"\nclause 15 "F"\n  text kk "x"\n  enters into force on 2016-01-01\n'


def _messages(body: str) -> list[str]:
    """The first lines of the errors of ``body``; the contract's words are declared after it."""
    text = HEADER + body + WORDS
    decree = parse_rules(text, filename="v.rules", validated=False)
    with pytest.raises(DecreeRulesError) as caught:
        validate(decree, sources={"v.rules": text})
    error = caught.value
    errors = error.errors if isinstance(error, ErrorGroup) else (error,)
    return [e.render().splitlines()[0] for e in errors]


def _clause(lines: str, number: str = "2") -> str:
    return f'clause {number} "T"\n  text kk "x"\n{lines}'


def test_the_shipped_rules_are_valid() -> None:
    load_decree()


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        pytest.param(
            "  every year\n  akimm must do reporting_meeting\n  during quarter 1\n",
            "v.rules:8:3: error: unknown role or group 'akimm'; did you mean 'akim'?",
            id="a misspelt role",
        ),
        pytest.param(
            "  every year\n  akim must do reporting_meting\n  during quarter 1\n",
            "v.rules:8:16: error: unknown action 'reporting_meting'; "
            "did you mean 'reporting_meeting'?",
            id="a misspelt action",
        ),
        pytest.param(
            "  for each reporting_meeting by akim\n  the same actor must do report_posted on"
            " webpage\n  within 10 calendar days after the meeting ends\n",
            "v.rules:8:43: error: unknown channel 'webpage'",
            id="an unknown channel",
        ),
        pytest.param(
            "  for each reporting_meeting by akim\n  the same actor must do results_reported to"
            " president\n  within 1 month after the meeting ends\n",
            "v.rules:8:46: error: unknown recipient 'president'",
            id="an unknown recipient",
        ),
        pytest.param(
            "  for each reporting_meeting by akim\n  the same actor must ensure that meeting"
            " includes council\n  when that meeting is held\n",
            "v.rules:8:52: error: unknown participant tag 'council'; "
            "did you mean 'public_council'?",
            id="an unknown participant tag",
        ),
        pytest.param(
            "  every year\n  akim must do reporting_meeting\n  during quarter 5\n",
            "v.rules:9:3: error: there is no quarter 5; quarters are 1 to 4",
            id="quarter 5",
        ),
        pytest.param(
            "  every year\n  government must do schedule_approved\n  by 30 February\n",
            "v.rules:9:3: error: February has no day 30 every year",
            id="30 February",
        ),
        pytest.param(
            "  every year\n  akim must do reporting_meeting\n"
            "  within 10 calendar days after the meeting ends\n",
            "v.rules:9:3: error: clause 2: a term counted from an event needs "
            "'for each <action> by ...'",
            id="a term with no event to count from",
        ),
        pytest.param(
            "  every year\n  the same actor must do reporting_meeting\n  during quarter 1\n",
            "v.rules:8:3: error: clause 2: 'the same actor' refers to the event that creates the "
            "duty; the clause needs 'for each <action> by ...'",
            id="the same actor without an event",
        ),
        pytest.param(
            "  for each reporting_meeting by akim\n  the same actor must do report_posted\n"
            "  during quarter 1\n",
            "v.rules:9:3: error: clause 2: this deadline belongs to a yearly duty; "
            "the clause needs 'every year'",
            id="a window on a per-event duty",
        ),
        pytest.param(
            "  every year\n  akim must do reporting_meeting\n  during quarter 1\n"
            "  except colour red\n",
            "v.rules:10:10: error: unknown exemption field 'colour'",
            id="an unknown exemption field",
        ),
        pytest.param(
            "  for each reporting_meeting by akim\n  the same actor must do report_posted\n"
            "  when that meeting is held\n",
            "v.rules:9:3: error: clause 2: 'when that meeting is held' fits only 'ensure that "
            "meeting includes ...' or 'attend that meeting ...'",
            id="a meeting-day deadline on an action",
        ),
        pytest.param(
            "  every year\n  akim must do reporting_meeting\n  by 15 January\n"
            "  one event serves every meeting of the same year\n",
            "v.rules:10:3: error: clause 2: 'one event serves every meeting ...' qualifies a "
            "notice ('at least N calendar days before the meeting starts')",
            id="sharing without a notice",
        ),
        pytest.param(
            "  every year\n  akim must do reporting_meeting\n  by 15 January\n"
            "  events earlier in the year count\n",
            "v.rules:10:3: error: clause 2: 'events earlier in the year count' qualifies a window "
            "('during quarter N')",
            id="early events without a window",
        ),
    ],
)
def test_rule_errors(lines: str, message: str) -> None:
    assert message in _messages(_clause(lines))


def test_a_clause_without_kazakh_text() -> None:
    assert _messages('clause 3 "T"\n  text en "x"\n') == [
        "v.rules:5:1: error: clause 3 has no Kazakh text"
    ]


def test_an_unknown_language() -> None:
    assert _messages('clause 3 "T"\n  text kk "x"\n  text de "x"\n') == [
        "v.rules:7:8: error: unknown language 'de'"
    ]


def test_a_clause_number_used_twice() -> None:
    messages = _messages(_clause("", "3") + _clause("", "3"))
    assert messages == ["v.rules:7:1: error: clause 3 is defined twice (first on line 5)"]


def test_groups_are_checked() -> None:
    messages = _messages(
        "group akim = rector\ngroup g = akim at region, town\ngroup h = rector at region\n"
    )
    assert messages == [
        "v.rules:5:7: error: 'akim' is a role; a group needs a name of its own",
        "v.rules:6:27: error: unknown level 'town'",
        "v.rules:7:11: error: levels belong to akims, not to 'rector'",
    ]


def test_the_nearest_above_needs_a_group_of_akims() -> None:
    messages = _messages(
        "group heads = central_body_head\n"
        + _clause(
            "  for each reporting_meeting by akim\n"
            "  the nearest heads above the actor must attend that meeting in person\n"
            "  when that meeting is held\n"
        )
    )
    assert messages == [
        "v.rules:9:15: error: 'the nearest ... above' walks up the akims' 'parent' links; "
        "group 'heads' is not a group of akims"
    ]


def test_entry_into_force_is_required_once() -> None:
    text = 'decree "T"\nclause 1 "A"\n  text kk "x"\n'
    decree = parse_rules(text, filename="v.rules", validated=False)
    with pytest.raises(DecreeRulesError) as caught:
        validate(decree)
    assert "no clause says when the decree enters into force" in caught.value.render()


def test_every_error_in_a_file_is_reported() -> None:
    messages = _messages(
        _clause("  every year\n  akimm must do reporting_meting\n  during quarter 5\n")
    )
    assert len(messages) == 3


def test_lint_warns_about_duties_without_a_deadline() -> None:
    decree = load_decree()
    unacknowledged = attrs.evolve(
        decree, clauses=tuple(attrs.evolve(c, acknowledged=()) for c in decree.clauses)
    )
    found = lint(unacknowledged)
    warnings = [f for f in found if f.kind == "warning"]
    assert [w.message.split(":")[0] for w in warnings] == [
        "clause 12.1 has no deadline",
        "clause 12.5 has no deadline",
        "clause 12.6 has no deadline",
    ]
    assert all(f.kind == "warning" for f in found)
