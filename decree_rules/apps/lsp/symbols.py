"""Where each name of a rule file is defined and used, for hover and go to definition.

Built from a parsed :class:`~decree_rules.lang.model.Decree`: every
:class:`~decree_rules.lang.model.Term` the model holds, found by walking its frozen nodes,
with the block it is written in (a clause, a group, a declared word or the header). Names
that are declared (groups and the words of the event log) have a definition; roles, levels
and counting policies are the language's own and have uses only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any, cast

import attrs

from decree_rules.core.source import Span
from decree_rules.lang.model import Decree, Group, Term, Word


@attrs.frozen
class Use:
    """A name written somewhere: its span and the block it is in (``clause 6``)."""

    span: Span
    where: str


@attrs.frozen
class Symbols:
    """The definitions (groups, declared words) and the uses of every name of a decree."""

    groups: dict[str, Group]
    words: dict[str, list[Word]]
    uses: dict[str, list[Use]]

    def definition(self, name: str) -> Span | None:
        """Where ``name`` is defined: its group or its declared word, if it is either."""
        group = self.groups.get(name)
        if group is not None:
            return group.name.span
        words = self.words.get(name)
        return words[0].name.span if words else None


def _terms(node: object) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, tuple):
        for item in node:
            yield from _terms(item)
    elif attrs.has(type(node)):
        for field in attrs.fields(cast(Any, type(node))):
            if field.name not in ("span", "files"):
                yield from _terms(getattr(node, field.name))


def symbols(decree: Decree) -> Symbols:
    """The definitions and uses of ``decree``'s names, uses in file order."""
    uses: dict[str, list[Use]] = defaultdict(list)
    words: dict[str, list[Word]] = defaultdict(list)
    blocks: list[tuple[str, object, Term | None]] = [("the decree header", decree.counting, None)]
    blocks += [("the decree header", text, None) for text in (*decree.titles, *decree.preambles)]
    for group in decree.groups:
        blocks.append((f"group {group.name.name}", group, group.name))
    for word in decree.words:
        words[word.name.name].append(word)
        blocks.append((f"{word.kind.value} {word.name.name}", word, word.name))
    blocks += [(f"clause {clause.number}", clause, None) for clause in decree.clauses]
    for where, node, defined in blocks:
        for term in _terms(node):
            if term is not defined:
                uses[term.name].append(Use(term.span, where))
    for found in uses.values():
        found.sort(key=lambda use: (use.span.file, use.span.line, use.span.column))
    return Symbols({g.name.name: g for g in decree.groups}, dict(words), dict(uses))
