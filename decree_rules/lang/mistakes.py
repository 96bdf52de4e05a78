"""The mistakes people make in rule files, labelled: ``grammar/decree.mistakes.toml``.

Each entry has broken snippets and the hint their error gets; :func:`mistake_hint` finds
the entry whose snippets make the parser stop where, and as, it stopped.
"""

from __future__ import annotations

import functools
import tomllib

import attrs
from lark import Lark
from lark.exceptions import UnexpectedInput, UnexpectedToken

from decree_rules.lang import grammar

HEADER = 'decree "x"\n'
"""What is put before a snippet that is whole blocks."""
CLAUSE = 'decree "x"\nclause 1 "t"\n  '
"""What is put before a snippet that is lines of a clause."""


@attrs.frozen
class Mistake:
    """One labelled mistake: its hint, and snippets that make it."""

    label: str
    hint: str
    snippets: tuple[str, ...]
    blocks: bool = False

    def texts(self) -> tuple[str, ...]:
        """Each snippet as a whole (broken) rule file."""
        before = HEADER if self.blocks else CLAUSE
        return tuple(before + snippet + "\n" for snippet in self.snippets)


@functools.cache
def mistakes() -> tuple[Mistake, ...]:
    """The entries of the mistakes file, in order."""
    path = grammar.grammar_path().with_name("decree.mistakes.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Mistake(
            entry["label"],
            entry["hint"],
            tuple(entry["snippets"]),
            bool(entry.get("blocks", False)),
        )
        for entry in data["mistake"]
    )


def mistake_hint(exc: UnexpectedInput, lark: Lark) -> str | None:
    """The hint of the mistake ``exc`` is an instance of, if it is one of the file's.

    Two errors are the same mistake when the parser stopped in the same state (whatever
    came before the block) wanting the same words, at the same kind of word.
    """
    if not isinstance(exc, UnexpectedToken) or exc.state is None:
        return None
    key = (exc.state.position, frozenset(exc.accepts or ()), exc.token.type)
    return _signatures(lark).get(key)


@functools.cache
def _signatures(lark: Lark) -> dict[tuple[object, frozenset[str], str], str]:
    """Where and how each snippet stops the parser, and its entry's hint (first wins)."""
    found: dict[tuple[object, frozenset[str], str], str] = {}
    for mistake in mistakes():
        for text in mistake.texts():
            try:
                lark.parse(text, start="start")
            except UnexpectedToken as exc:
                if exc.state is not None:
                    key = (exc.state.position, frozenset(exc.accepts or ()), exc.token.type)
                    found.setdefault(key, mistake.hint)
    return found
