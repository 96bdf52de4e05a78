"""The Pygments lexers: registered plugins, the grammars' keywords, no error tokens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lark.lexer import PatternStr

from decree_rules.lang.grammar import parser, scenario_parser, shipped_rules_path

pygments = pytest.importorskip("pygments", reason="the [highlight] extra is not installed")

from pygments.lexers import get_lexer_by_name, get_lexer_for_filename  # noqa: E402
from pygments.token import Error, Keyword, Literal, Name, String  # noqa: E402

from decree_rules.apps.highlight import (  # noqa: E402
    RULE_KEYWORDS,
    SCENARIO_KEYWORDS,
    RulesLexer,
    ScenarioLexer,
)

RULES = shipped_rules_path() / "decree.rules"
SCENARIOS = sorted((shipped_rules_path() / "scenarios").glob("*.scenario"))
PYGMENTIZE = Path(sys.executable).parent / "pygmentize"


def _keywords(lark: object) -> set[str]:
    return {
        t.pattern.value
        for t in lark.terminals  # type: ignore[attr-defined]
        if isinstance(t.pattern, PatternStr) and t.pattern.value[:1].isalpha()
    }


def test_the_keywords_are_the_grammars() -> None:
    assert set(RULE_KEYWORDS) == _keywords(parser())
    assert set(SCENARIO_KEYWORDS) == _keywords(scenario_parser())


def test_the_lexers_are_found_by_name_and_file_name() -> None:
    assert isinstance(get_lexer_by_name("decree-rules"), RulesLexer)
    assert isinstance(get_lexer_by_name("decree-scenario"), ScenarioLexer)
    assert isinstance(get_lexer_for_filename("my.rules"), RulesLexer)
    assert isinstance(get_lexer_for_filename("clause-06.scenario"), ScenarioLexer)


def test_the_shipped_files_have_no_error_token() -> None:
    files: list[tuple[Path, RulesLexer | ScenarioLexer]] = [(RULES, RulesLexer())]
    files += [(path, ScenarioLexer()) for path in SCENARIOS]
    for path, lexer in files:
        text = path.read_text(encoding="utf-8")
        tokens = list(lexer.get_tokens(text))
        bad = [value for kind, value in tokens if kind in Error]
        assert bad == [], path.name
        assert "".join(value for _, value in tokens) == text.replace("\r\n", "\n")


def test_keywords_strings_and_clause_numbers_get_their_tokens() -> None:
    text = RULES.read_text(encoding="utf-8")
    tokens = [(kind, value) for kind, value in RulesLexer().get_tokens(text) if value.strip()]
    index = tokens.index((Keyword, "clause"))
    assert tokens[index + 1] == (Name.Label, "1")
    assert tokens[index + 2][0] in String
    kinds = dict((value, kind) for kind, value in tokens)
    assert kinds["must"] in Keyword
    assert kinds["report_posted"] in Name
    assert kinds["2016-01-01"] in Literal.Date
    scenario = SCENARIOS[0].read_text(encoding="utf-8")
    found = {(value, kind) for kind, value in ScenarioLexer().get_tokens(scenario)}
    assert ("expect", Keyword) in found
    assert any(kind in Literal.Date for _, kind in found)


@pytest.mark.skipif(not PYGMENTIZE.exists(), reason="pygmentize is not next to this Python")
def test_pygmentize_highlights_the_shipped_rules() -> None:
    shown = subprocess.run(
        [str(PYGMENTIZE), "-l", "decree-rules", "-f", "html", str(RULES)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert '<span class="k">clause</span>' in shown
    assert '<span class="nl">6</span>' in shown
    assert '<span class="s2">"Report and problem list posted within 10 days"' in shown
    assert 'class="err"' not in shown
    guessed = subprocess.run(
        [str(PYGMENTIZE), "-N", str(RULES)], capture_output=True, text=True, check=True
    ).stdout
    assert guessed.strip() == "decree-rules"
