"""Every diagnostic of the rule language has its own code, and each code is produced.

The ``DR-S`` (syntax and reading), ``DR-R`` (meaning) and ``DR-W`` (advice) rows of
:data:`decree_rules.core.codes.CODES` each have a case here: an input that produces that
code, with the values the message was made from in ``args``.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from declared import declared
from test_faults_limits import LANG_CASES

from decree_rules.core import reading
from decree_rules.core.codes import CODES
from decree_rules.core.diagnostics import DecreeRulesError, Diagnostic
from decree_rules.lang.load import load_rules, parse_rules
from decree_rules.lang.validate import lint

LANG = Path(__file__).parents[1] / "decree_rules" / "lang"
PREFIXES = ("DR-S", "DR-R", "DR-W")

H = 'decree "T"\n'
FORCE = 'clause 15 "F"\n  text kk "x"\n  enters into force on 2016-01-01\n'
YEARLY = "  every year\n  akim must do reporting_meeting\n  during quarter 1\n"
EACH = "  for each reporting_meeting by akim\n"
SAME = "  the same actor must do report_posted"
AFTER = "  within 10 calendar days after the meeting ends\n"
MEETING_DAY = "  when that meeting is held\n"
GROUP_HEADS = "group heads = central_body_head\n"
NEAREST = "  the nearest {} above the actor must attend that meeting in person\n"
INCLUDES = "  the same actor must ensure that meeting includes {}\n"


def found_in(text: str) -> list[Diagnostic]:
    """The diagnostics of one rule text: its syntax or assembly errors, else lint's."""
    try:
        decree = parse_rules(text, filename="c.rules", validated=False)
    except DecreeRulesError as error:
        return list(error.diagnostics)
    return [found.diagnostic for found in lint(decree, sources={"c.rules": text})]


def clause(lines: str, number: str = "2", *, groups: str = "") -> str:
    """A rule text: the header, an entry into force, ``groups``, a clause of ``lines``, and
    the declarations of the words it names."""
    return declared(H + FORCE + groups + f'clause {number} "T"\n  text kk "x"\n{lines}')


def second(lines: str) -> str:
    """A second clause, 3, of ``lines``: for a word misspelt where clause 2 has it right."""
    return f'clause 3 "T"\n  text kk "x"\n{lines}'


def file_found(
    tmp_path: Path, content: str | bytes | None, name: str = "c.rules"
) -> list[Diagnostic]:
    """The diagnostics of loading ``name`` under ``tmp_path`` (None: a path not made)."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DecreeRulesError) as caught:
        load_rules(path, validated=False)
    return list(caught.value.diagnostics)


# code -> (what produces it, a subset of the args it must carry)
Case = tuple[Callable[[Path], list[Diagnostic]], Mapping[str, Any]]

CASES: dict[str, Case] = {
    "DR-S001": (
        lambda _: found_in(H + 'clause 1 "A"\n  within ten calendar days after the meeting ends\n'),
        {"found": "ten", "expected": ["a duration like '10 calendar days'"]},
    ),
    "DR-S002": (
        lambda _: found_in(H + 'clause 1 "A"\n  for each reporting_meeting\n'),
        {"found": None, "expected": ["'by'", "'on'", "'to'", "'with'"]},
    ),
    "DR-S003": (lambda _: found_in(H + 'clause 1 "A\n  every year\n'), {}),
    "DR-S016": (
        lambda _: found_in(H + 'clause 1 "A"\n  evry year\n'),
        {"found": "evry", "keyword": "every"},
    ),
    "DR-S017": (
        lambda _: found_in(
            H + 'clause 1 "A"\n  for each reporting_meeting by heads\n'
            "  heads must do report_posted\n  within 10 calendar days after the meeting\n"
            '  note "x"\n'
        ),
        {"after": "meeting", "expected": ["'ends'", "'starts'"]},
    ),
    "DR-S004": (
        lambda _: found_in(H + 'clause 1 "A"\n  every\u200byear\n'),
        {"character": "\u200b", "codepoint": "U+200B", "name": "ZERO WIDTH SPACE"},
    ),
    "DR-S005": (
        lambda tmp: file_found(tmp, (H + 'clause 1 "Әкім"\n').encode("cp1251", "replace")),
        {"byte": 0xEA},
    ),
    "DR-S006": (
        lambda _: found_in(H + 'clause 1 ""\n' * 100_000),
        {"characters": len(H) + 12 * 100_000, "limit": 1_000_000, "files": 1},
    ),
    "DR-S007": (lambda tmp: file_found(tmp, None, "nowhere.rules"), {}),
    "DR-S008": (lambda tmp: file_found(tmp, None, "."), {"suffix": ".rules"}),
    "DR-S009": (lambda tmp: _unreadable(tmp), {"reason": "Permission denied"}),
    "DR-S010": (
        lambda _: found_in(H + 'clause 1 "A"\n  enters into force on 2016-02-30\n'),
        {"text": "2016-02-30"},
    ),
    "DR-R001": (
        lambda _: found_in(clause(YEARLY.replace("akim", "akimm"))),
        {"name": "akimm", "kind": "role or group", "suggestion": "akim"},
    ),
    "DR-R002": (
        lambda _: found_in(H + FORCE + "group g = rectorr\n"),
        {"name": "rectorr", "kind": "role", "suggestion": "rector"},
    ),
    "DR-R003": (
        lambda _: found_in(clause(EACH + NEAREST.format("tops") + MEETING_DAY)),
        {"name": "tops", "kind": "group", "suggestion": None, "expected": []},
    ),
    "DR-R004": (
        lambda _: found_in(H + FORCE + "group g = akim at region, town\n"),
        {"name": "town", "kind": "level"},
    ),
    "DR-R005": (
        lambda _: found_in(
            clause(YEARLY) + second(YEARLY.replace("reporting_meeting", "reporting_meting"))
        ),
        {"name": "reporting_meting", "kind": "action", "suggestion": "reporting_meeting"},
    ),
    "DR-R006": (
        lambda _: found_in(
            clause(EACH + SAME + " on website\n" + AFTER)
            + second(EACH + SAME + " on webiste\n" + AFTER)
        ),
        {"name": "webiste", "suggestion": "website"},
    ),
    "DR-R007": (
        lambda _: found_in(clause(EACH + SAME + " to president\n" + AFTER)),
        {"name": "president", "kind": "recipient"},
    ),
    "DR-R008": (
        lambda _: found_in(
            clause(EACH + INCLUDES.format("public_council") + MEETING_DAY)
            + second(EACH + INCLUDES.format("council") + MEETING_DAY)
        ),
        {"name": "council", "suggestion": "public_council"},
    ),
    "DR-R009": (
        lambda _: found_in(clause("  counting civil_code without shift_foward\n")),
        {
            "name": "shift_foward",
            "kind": "counting policy",
            "suggestion": "shift_forward",
            "expected": [
                "civil_code",
                "start_next_day",
                "month_clamp",
                "shift_forward",
                "end_of_day_local",
                "notice_unshifted",
                "fixed_date_inclusive",
            ],
        },
    ),
    "DR-R010": (lambda _: found_in(clause('  text de "x"\n')), {"name": "de", "kind": "language"}),
    "DR-R011": (
        lambda _: found_in(clause('  repeals statute 615 of 2014-08-15 "x"\n')),
        {"name": "statute", "expected": ["decree", "resolution", "law", "order"]},
    ),
    "DR-R012": (
        lambda _: found_in(clause(YEARLY + "  except colour red\n")),
        {"name": "colour", "kind": "exemption field"},
    ),
    "DR-R013": (
        lambda _: found_in(clause("", "3") + 'clause 3 "T"\n  text kk "x"\n'),
        {"clause": "3", "first_line": 5},
    ),
    "DR-R014": (
        lambda _: found_in(H + FORCE + "group g = rector\ngroup g = rector\n"),
        {"group": "g"},
    ),
    "DR-R015": (lambda _: found_in(H + FORCE + "group akim = rector\n"), {"name": "akim"}),
    "DR-R016": (lambda _: found_in(H + FORCE + "group h = rector at region\n"), {"role": "rector"}),
    "DR-R017": (
        lambda _: found_in(
            clause(EACH + NEAREST.format("heads") + MEETING_DAY, groups=GROUP_HEADS)
        ),
        {"group": "heads"},
    ),
    "DR-R018": (lambda _: found_in('clause 1 "A"\n  text kk "x"\n'), {}),
    "DR-R019": (lambda _: found_in(H + FORCE + H), {}),
    "DR-R020": (
        lambda _: found_in(clause("  counting civil_code\n  counting civil_code\n")),
        {"owner": "clause 2", "first_line": 7},
    ),
    "DR-R021": (
        lambda _: found_in(clause(YEARLY + "  during quarter 2\n")),
        {"clause": "2", "item": "a deadline", "first_line": 9},
    ),
    "DR-R022": (
        lambda _: found_in(clause("  every year\n  akim must do reporting_meeting\n")),
        {"clause": "2", "missing": ["deadline"]},
    ),
    "DR-R023": (
        lambda _: found_in(clause("  events earlier in the year count\n")),
        {"clause": "2"},
    ),
    "DR-R024": (lambda _: found_in('decree " "\n' + FORCE), {}),
    "DR-R025": (lambda _: found_in(H + FORCE + 'clause 3 "T"\n  text en "x"\n'), {"clause": "3"}),
    "DR-R026": (lambda _: found_in(H + 'clause 1 "A"\n  text kk "x"\n'), {}),
    "DR-R027": (
        lambda _: found_in(H + FORCE + FORCE.replace("15", "16")),
        {"clause": "16", "first_clause": "15"},
    ),
    "DR-R028": (
        lambda _: found_in(clause(YEARLY.replace("quarter 1", "quarter 5"))),
        {"quarter": 5},
    ),
    "DR-R029": (
        lambda _: found_in(clause(YEARLY.replace("during quarter 1", "by 30 February"))),
        {"month": "February", "day": 30},
    ),
    "DR-R030": (
        lambda _: found_in(
            clause(
                "  every quarter from the quarter of the first reporting_meeting\n"
                "  akim must do progress_posted\n  by day 31 of the month after the quarter\n"
            )
        ),
        {"day": 31},
    ),
    "DR-R031": (
        lambda _: found_in(clause(EACH + SAME + "\n" + AFTER.replace("10", "0"))),
        {"amount": 0, "unit": "calendar days"},
    ),
    "DR-R032": (
        lambda _: found_in(clause(EACH + SAME + "\n  during quarter 1\n")),
        {"clause": "2"},
    ),
    "DR-R033": (
        lambda _: found_in(
            clause(YEARLY.replace("during quarter 1", "by day 10 of the month after the quarter"))
        ),
        {"clause": "2", "period": "quarter", "scope": "every quarter ..."},
    ),
    "DR-R034": (
        lambda _: found_in(clause(YEARLY.replace("during quarter 1", AFTER.strip()))),
        {"clause": "2"},
    ),
    "DR-R035": (
        lambda _: found_in(clause(YEARLY.replace("akim must", "the same actor must"))),
        {"clause": "2", "bound": "the same actor"},
    ),
    "DR-R036": (
        lambda _: found_in(
            clause(
                "  for each report_posted by akim\n"
                "  the same actor must attend that meeting in person\n" + MEETING_DAY
            )
        ),
        {"clause": "2"},
    ),
    "DR-R037": (
        lambda _: found_in(
            clause(EACH + "  the same actor must attend that meeting in person\n" + AFTER)
        ),
        {"clause": "2"},
    ),
    "DR-R038": (lambda _: found_in(clause(EACH + SAME + "\n" + MEETING_DAY)), {"clause": "2"}),
    "DR-R039": (
        lambda _: found_in(
            clause(
                "  for each report_posted by akim\n"
                + SAME.replace("report_posted", "results_reported")
                + "\n"
                + AFTER
            )
        ),
        {"clause": "2", "anchor": "the meeting ends", "action": "report_posted"},
    ),
    "DR-R040": (
        lambda _: found_in(
            clause(
                YEARLY.replace("during quarter 1", "by 15 January")
                + "  events earlier in the year count\n"
            )
        ),
        {"clause": "2"},
    ),
    "DR-R041": (
        lambda _: found_in(
            clause(
                YEARLY.replace("during quarter 1", "by 15 January")
                + "  one event serves every meeting of the same year\n"
            )
        ),
        {"clause": "2"},
    ),
    "DR-W001": (
        lambda _: found_in(
            clause("  every year\n  government must do forms_approved\n  no deadline\n")
        ),
        {"clause": "2"},
    ),
    "DR-W002": (
        lambda _: found_in(
            declared(
                H
                + FORCE
                + 'clause 6 "Posted within 10 days"\n  text kk "x"\n'
                + EACH
                + SAME
                + "\n  within 15 calendar days after the meeting ends\n"
            )
        ),
        {"clause": "6", "title_says": "10 days", "rule_counts": "15 calendar days"},
    ),
    "DR-W003": (
        lambda _: found_in(clause(YEARLY + '  acknowledge DR-W001 "no date"\n')),
        {"clause": "2", "code": "DR-W001"},
    ),
    "DR-R060": (
        lambda _: found_in(clause(YEARLY) + 'action reporting_meeting "again"\n'),
        {"kind": "action", "name": "reporting_meeting", "first_line": 10},
    ),
    "DR-R061": (
        lambda _: found_in(clause(YEARLY) + 'participant deputy_of:akim "a deputy"\n'),
        {"name": "deputy_of:akim"},
    ),
    "DR-W010": (
        lambda _: found_in(clause(YEARLY) + 'action minutes_published "the minutes published"\n'),
        {"kind": "action", "name": "minutes_published"},
    ),
    "DR-R055": (
        lambda _: found_in(clause(YEARLY + '  acknowledge DR-I012 "x"\n')),
        {"code": "DR-I012"},
    ),
}
ACT = 'act a1 "An amending act"\n  dated 2017-12-20\n  enters into force on 2018-01-11\n'
AMENDED = '  amended by a1\n  text en "new"\n' + YEARLY
LANG_CASES.update(
    {
        "DR-R070": (
            lambda _: found_in(ACT + clause(YEARLY) + 'clause 2 "T"\n  repealed by a1\n' + YEARLY),
            {"clause": "2"},
        ),
        "DR-R071": (
            lambda _: found_in(ACT + "  dated 2017-12-21\n" + clause(YEARLY)),
            {"act": "a1", "line": "dated"},
        ),
        "DR-R072": (
            lambda _: found_in(
                ACT + clause(YEARLY) + 'clause 2 "T"\n' + AMENDED * 1 + 'clause 2 "T"\n' + AMENDED
            ),
            {"clause": "2", "from": "2018-01-11"},
        ),
        "DR-R073": (
            lambda _: found_in(
                ACT
                + clause(YEARLY)
                + 'clause 2 "T"\n  amended by a2\n'
                + '  text en "new"\n'
                + YEARLY
            ),
            {"name": "a2"},
        ),
        "DR-R074": (
            lambda _: found_in('act a1 "An act"\n' + clause(YEARLY) + 'clause 2 "T"\n' + AMENDED),
            {"clause": "2", "act": "a1"},
        ),
        "DR-R075": (
            lambda _: found_in(ACT + clause(YEARLY) + 'clause 3 "T"\n' + AMENDED),
            {"clause": "3", "change": "amended"},
        ),
        "DR-R076": (
            lambda _: found_in(
                ACT
                + clause(YEARLY)
                + 'clause 2 "T"\n  added by a1\n'
                + '  text en "new"\n'
                + YEARLY
            ),
            {"clause": "2"},
        ),
        "DR-R077": (
            lambda _: found_in(
                ACT
                + clause(YEARLY)
                + 'clause 2 "T"\n  amended by a1 from 2015-06-01\n'
                + '  text en "new"\n'
                + YEARLY
            ),
            {"clause": "2", "from": "2015-06-01"},
        ),
        "DR-R078": (
            lambda _: found_in(ACT + ACT + clause(YEARLY)),
            {"act": "a1"},
        ),
        "DR-R079": (
            lambda _: found_in(
                clause(YEARLY + "  the term runs from the last meeting of the year of the actor\n")
            ),
            {"clause": "2"},
        ),
        "DR-R081": (
            lambda _: found_in(
                clause(
                    EACH
                    + "  the same actor must ensure that meeting includes public_council\n"
                    + MEETING_DAY
                    + "  one event serves every open duty it fits\n"
                )
            ),
            {"clause": "2"},
        ),
        "DR-R082": (
            lambda _: found_in(clause(YEARLY + "  one event serves every open duty it names\n")),
            {"clause": "2"},
        ),
        "DR-R080": (
            lambda _: found_in(clause(YEARLY + "  events may meet the conditions together\n")),
            {"clause": "2"},
        ),
    }
)
CASES.update(LANG_CASES)


def _unreadable(tmp_path: Path) -> list[Diagnostic]:
    path = tmp_path / "c.rules"
    path.write_text(H, encoding="utf-8")

    def refuse(file: object, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(file))

    with pytest.MonkeyPatch.context() as patch:
        # Every file is opened by decree_rules.core.reading.
        patch.setattr(reading, "open", refuse, raising=False)
        with pytest.raises(DecreeRulesError) as caught:
            load_rules(path, validated=False)
    return list(caught.value.diagnostics)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_produced_by_its_case(code: str, tmp_path: Path) -> None:
    produce, args = CASES[code]
    found = produce(tmp_path)
    assert [diagnostic.code for diagnostic in found] == [code], [d.render() for d in found]
    (diagnostic,) = found
    for key, value in args.items():
        assert diagnostic.args.get(key) == value, (key, dict(diagnostic.args))
    assert json.loads(json.dumps(diagnostic.to_dict()))["code"] == code  # JSON-ready args


def test_a_block_cut_short_by_the_next_one_names_it() -> None:
    (diagnostic,) = found_in(H + 'clause 1 "A"\n  for each reporting_meeting\nclause 2 "B"\n')
    assert diagnostic.code == "DR-S002"
    assert diagnostic.message == "expected one of 'by', 'on', 'to', 'with', found 'clause'"
    assert diagnostic.args["next_block"] == "clause"


def test_the_expected_words_are_all_in_the_args_when_the_message_cuts_them() -> None:
    (diagnostic,) = found_in(H + 'clause 1 "A"\n  12\n')
    assert diagnostic.code == "DR-S001" and diagnostic.message.endswith(", ..., found '12'")
    assert len(diagnostic.args["expected"]) > 8
    assert "'every'" in diagnostic.args["expected"]


def test_every_code_of_the_language_has_a_case() -> None:
    defined = {code for code in CODES if code.startswith(PREFIXES)}
    assert defined == set(CASES)


def test_every_code_the_language_names_is_in_the_table() -> None:
    named = set()
    for module in LANG.glob("*.py"):
        named |= set(re.findall(r"DR-[A-Z]\d{3}", module.read_text(encoding="utf-8")))
    assert named <= set(CODES), named - set(CODES)


def test_every_error_the_language_makes_names_its_code() -> None:
    kinds = {"DecreeRulesError", "RuleSyntaxError", "RuleError", "RuleWarning", "UsageError"}
    unnamed = []
    for module in sorted(LANG.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in kinds
                and not any(keyword.arg == "code" for keyword in node.keywords)
            ):
                unnamed.append(f"{module.name}:{node.lineno}")
    assert unnamed == []
