"""Where the grammar and the shipped rules live, and the one LALR parser built from them.

In a checkout they are the top-level ``grammar/`` and ``rules/`` folders; in an installed
wheel they are packaged under ``decree_rules/_data/``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lark import Lark

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def grammar_path() -> Path:
    """The ``decree.lark`` file."""
    return _data_dir("grammar") / "decree.lark"


def shipped_rules_path() -> Path:
    """The folder of the decree's own rule files."""
    return _data_dir("rules")


@functools.cache
def parser() -> Lark:
    """The LALR parser, built once per process."""
    return Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        cache=False,
    )
