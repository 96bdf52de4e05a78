"""The parser's tables are cached only in a private folder (a pickle there runs code)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from decree_rules.lang.grammar import _cache_file

GRAMMAR = "start: 'x'\n"


def test_the_cache_lives_in_a_private_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DECREE_RULES_CACHE_DIR", str(folder))
    found = _cache_file(GRAMMAR)
    assert isinstance(found, str) and Path(found).parent == folder
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_folder_others_may_write_to_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("DECREE_RULES_CACHE_DIR", str(folder))
    assert _cache_file(GRAMMAR) is False


def test_an_empty_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECREE_RULES_CACHE_DIR", "")
    assert _cache_file(GRAMMAR) is False


def test_a_new_grammar_gets_a_new_cache_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DECREE_RULES_CACHE_DIR", str(tmp_path))
    assert _cache_file(GRAMMAR) != _cache_file(GRAMMAR + "y: 'y'\n")


def test_a_cached_parser_reads_the_rules_as_a_fresh_one_does(tmp_path: Path) -> None:
    script = (
        "from decree_rules.lang.load import load_decree\n"
        "from decree_rules.lang.format import format_decree\n"
        "print(format_decree(load_decree()))\n"
    )
    runs = []
    for setting in (str(tmp_path), str(tmp_path), ""):
        env = {**os.environ, "DECREE_RULES_CACHE_DIR": setting}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
        )
        runs.append(done.stdout)
    assert len(list(tmp_path.glob("lark-*.pickle"))) == 1  # written by the first run
    assert runs[0] == runs[1] == runs[2]
    assert "clause 13" in runs[0]
