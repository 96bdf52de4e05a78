"""Every diagnostic of the rule language has its own code, and each code is produced.

The ``DR-S`` (syntax and reading), ``DR-R`` (meaning) and ``DR-W`` (advice) rows of
:data:`decree_rules.core.codes.CODES` each have a case here: an input that produces that
code, with the values the message was made from in ``args``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from decree_rules.core.codes import CODES
from decree_rules.core.diagnostics import DecreeRulesError, Diagnostic
from decree_rules.lang.load import load_rules, parse_rules
from decree_rules.lang.validate import lint

LANG = Path(__file__).parents[1] / "decree_rules" / "lang"
PREFIXES = ("DR-S", "DR-R", "DR-W")

H = 'decree "T"\n'
FORCE = 'clause 15 "F"\n  text kk "x"\n  enters into force on 2016-01-01\n'


def found_in(text: str) -> list[Diagnostic]:
    """The diagnostics of one rule text: its syntax or assembly errors, else lint's."""
    try:
        decree = parse_rules(text, filename="c.rules")
    except DecreeRulesError as error:
        return list(error.diagnostics)
    return [found.diagnostic for found in lint(decree, sources={"c.rules": text})]


def clause(lines: str, number: str = "2") -> str:
    """A rule text with the header, an entry into force, and a clause of ``lines``."""
    return H + FORCE + f'clause {number} "T"\n  text kk "x"\n{lines}'


def file_found(tmp_path: Path, content: str | bytes | None, name: str = "c.rules") -> Any:
    """The diagnostics of loading ``name`` under ``tmp_path`` (None: a path not made)."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DecreeRulesError) as caught:
        load_rules(path)
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
}


def _unreadable(tmp_path: Path) -> list[Diagnostic]:
    path = tmp_path / "c.rules"
    path.write_text(H, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_bytes", refuse)
        with pytest.raises(DecreeRulesError) as caught:
            load_rules(path)
    return list(caught.value.diagnostics)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_produced_by_its_case(code: str, tmp_path: Path) -> None:
    produce, args = CASES[code]
    found = produce(tmp_path)
    codes = [diagnostic.code for diagnostic in found]
    assert code in codes, [d.render() for d in found]
    diagnostic = found[codes.index(code)]
    for key, value in args.items():
        assert diagnostic.args.get(key) == value, (key, dict(diagnostic.args))
    assert diagnostic.to_dict()["code"] == code


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
    for module in sorted(LANG / name for name in ("load.py", "parse.py", "syntax_help.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in kinds
                and not any(keyword.arg == "code" for keyword in node.keywords)
            ):
                unnamed.append(f"{module.name}:{node.lineno}")
    assert unnamed == []
