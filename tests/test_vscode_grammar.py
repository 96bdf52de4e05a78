"""The VS Code extension's TextMate grammars, run by VS Code's own tokenizer under node.

The set-up installs ``vscode-textmate`` and ``vscode-oniguruma`` with npm into a cache
folder (once; about 10 s), then ``tests/textmate_tokenize.js`` tokenizes the shipped rule
and scenario files. Without node or npm, or without the npm registry, the tests skip and
say so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from system import require_program

from decree_rules.apps.highlight import RULE_KEYWORDS, SCENARIO_KEYWORDS
from decree_rules.lang.grammar import shipped_rules_path
from decree_rules.lang.load import load_decree

VSCODE = Path(__file__).parents[1] / "editors" / "vscode"
SCRIPT = Path(__file__).parent / "textmate_tokenize.js"
RULES = shipped_rules_path() / "decree.rules"
SCENARIOS = sorted((shipped_rules_path() / "scenarios").glob("*.scenario"))
PACKAGES = ("vscode-textmate@9", "vscode-oniguruma@2")

Lines = list[dict[str, Any]]


def _cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "decree_rules" / "textmate-node"


@pytest.fixture(scope="module")
def node_modules() -> Path:
    require_program("node", package="nodejs")
    npm = require_program("npm", package="npm")
    folder = _cache()
    modules = folder / "node_modules"
    if not all((modules / name.split("@")[0] / "package.json").exists() for name in PACKAGES):
        folder.mkdir(parents=True, exist_ok=True)
        try:
            done = subprocess.run(
                [
                    str(npm),
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    str(folder),
                    *PACKAGES,
                ],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.skip("npm install of vscode-textmate took more than 300 s (no registry?)")
        if done.returncode != 0:
            pytest.skip(f"npm could not install {', '.join(PACKAGES)}: {done.stderr[-300:]}")
    return modules


def _tokenize(modules: Path, language: str, files: list[Path]) -> dict[str, Lines]:
    grammar = VSCODE / "syntaxes" / f"{language}.tmLanguage.json"
    done = subprocess.run(
        ["node", str(SCRIPT), str(grammar), f"source.{language}", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=dict(os.environ, NODE_PATH=str(modules)),
    )
    found: dict[str, Lines] = json.loads(done.stdout)
    return found


def _check_every_line(path: str, lines: Lines, root: str) -> None:
    """Nothing unrecognised or illegal, and no line left inside an open string."""
    for number, line in enumerate(lines, 1):
        assert not line["stoppedEarly"], (path, number)
        assert line["depth"] == 1, (path, number, "a line ends inside a string")
        for text, scopes in line["tokens"]:
            assert not any(s.startswith("invalid") for s in scopes), (path, number, text)
            if text.strip():
                assert scopes[0] == root
                assert len(scopes) > 1, (path, number, text, "left untokenized")


def _scopes_of(lines: Lines, word: str) -> list[list[str]]:
    return [scopes for line in lines for text, scopes in line["tokens"] if text == word]


def test_the_rules_grammar_tokenizes_the_shipped_rules(node_modules: Path) -> None:
    lines = _tokenize(node_modules, "decree-rules", [RULES])[str(RULES)]
    _check_every_line("decree.rules", lines, "source.decree-rules")
    decree = load_decree()
    headers = [
        line["tokens"] for line in lines if line["tokens"] and line["tokens"][0][0] == "clause"
    ]
    assert [tokens[2][0] for tokens in headers] == [c.number for c in decree.clauses]
    for tokens in headers:
        assert "keyword.other.clause.decree-rules" in tokens[0][1]
        assert "entity.name.section.clause-number.decree-rules" in tokens[2][1]
    titles = [tokens[4] for tokens in headers]  # the opening quote of each title
    assert all("string.quoted.double.decree-rules" in scopes for _, scopes in titles)
    for keyword in ("must", "within", "every", "note", "text"):
        assert all("keyword.other.decree-rules" in s for s in _scopes_of(lines, keyword))
    assert all(
        "entity.name.type.group.decree-rules" in s for s in _scopes_of(lines, "executive_akims")[:1]
    )
    comments = [tokens for line in lines for tokens in line["tokens"] if tokens[0].startswith("#")]
    assert comments
    assert all("comment.line.number-sign.decree-rules" in scopes for _, scopes in comments)


def test_the_scenario_grammar_tokenizes_the_shipped_scenarios(node_modules: Path) -> None:
    found = _tokenize(node_modules, "decree-scenario", SCENARIOS)
    for path, lines in found.items():
        _check_every_line(path, lines, "source.decree-scenario")
    every = [line for lines in found.values() for line in lines]
    assert all("keyword.other.decree-scenario" in s for s in _scopes_of(every, "expect"))
    assert all("constant.language.status.decree-scenario" in s for s in _scopes_of(every, "late"))
    assert _scopes_of(every, "2020-12-31")
    assert all(
        "constant.numeric.date.decree-scenario" in s for s in _scopes_of(every, "2020-12-31")
    )


def _grammar_words(language: str, scope: str) -> set[str]:
    grammar = json.loads((VSCODE / "syntaxes" / f"{language}.tmLanguage.json").read_text())
    pattern = next(p["match"] for p in grammar["patterns"] if p.get("name") == scope)
    inner = re.search(r"\(\?:([^)]*)\)", pattern)
    assert inner is not None
    return set(inner.group(1).split("|"))


def test_the_textmate_keywords_are_the_grammars() -> None:
    assert _grammar_words("decree-rules", "keyword.other.decree-rules") == set(RULE_KEYWORDS)
    words = _grammar_words("decree-scenario", "keyword.other.decree-scenario")
    assert words == set(SCENARIO_KEYWORDS)


def test_the_extension_starts_the_server_for_both_languages() -> None:
    package = json.loads((VSCODE / "package.json").read_text())
    languages = {item["id"]: item["extensions"] for item in package["contributes"]["languages"]}
    assert languages == {"decree-rules": [".rules"], "decree-scenario": [".scenario"]}
    assert "vscode-languageclient" in package["dependencies"]
    script = (VSCODE / package["main"]).read_text()
    assert 'args: ["lsp"]' in script
    assert all(f'language: "{language}"' in script for language in languages)


def test_the_extension_script_is_valid_javascript() -> None:
    node = require_program("node", package="nodejs")
    done = subprocess.run(
        [str(node), "--check", str(VSCODE / "extension.js")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
