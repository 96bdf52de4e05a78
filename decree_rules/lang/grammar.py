"""Where the grammar and the shipped rules live, and the one LALR parser built from them.

In a checkout they are the top-level ``grammar/`` and ``rules/`` folders; in an installed
wheel they are packaged under ``decree_rules/_data/``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from pathlib import Path

import lark
from lark import Lark

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # decree_rules/


def _data_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def grammar_path() -> Path:
    """The ``decree.lark`` file."""
    return _data_dir("grammar") / "decree.lark"


def scenario_grammar_path() -> Path:
    """The ``scenario.lark`` file: the language of scenario files."""
    return _data_dir("grammar") / "scenario.lark"


def shipped_rules_path() -> Path:
    """The folder of the decree's own rule files."""
    return _data_dir("rules")


START_RULES = ("start", "counting_expr")
"""The rules a text can be parsed as: ``start`` a rule file, ``counting_expr`` the words of
a ``counting`` line (``civil_code without shift_forward``). Pass one as ``start=``."""


@functools.cache
def parser() -> Lark:
    """The LALR parser of both start rules, built once per process (tables cached on disk)."""
    grammar = grammar_path().read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        start=list(START_RULES),
        propagate_positions=True,
        maybe_placeholders=False,
        cache=_cache_file(grammar),
    )


@functools.cache
def scenario_parser() -> Lark:
    """The LALR parser of scenario files, built once per process."""
    grammar = scenario_grammar_path().read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        cache=_cache_file(grammar),
    )


def _cache_file(grammar: str) -> str | bool:
    """Where lark keeps the analysed grammar, or False to analyse it every time.

    Lark's cache is a pickle, and loading a pickle runs code: it is kept only in a folder
    that this user owns and no one else may write to (``$DECREE_RULES_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/decree_rules``, else ``~/.cache/decree_rules``; an empty
    ``DECREE_RULES_CACHE_DIR`` turns the cache off). Saves some 50 ms per process.
    """
    configured = os.environ.get("DECREE_RULES_CACHE_DIR")
    if configured == "" or not hasattr(os, "getuid"):
        return False
    if configured is not None:
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "decree_rules"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    private = (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
    if not private:
        return False
    key = f"{grammar}\0{lark.__version__}\0{sys.version_info[:2]}".encode()
    return str(folder / f"lark-{hashlib.sha256(key).hexdigest()[:20]}.pickle")
