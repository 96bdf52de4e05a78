"""How a diagnostic looks on a terminal: ``file:line:col: error: ...``, the line, a caret.

One rendering for every front end that prints text (the command line, and the language
server's message text); clients that want structure read the
:class:`~decree_rules.core.diagnostics.Diagnostic` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decree_rules.core.diagnostics import Diagnostic

SHOWN_CHARS = 500
"""How much of a long source line is shown under a message."""

_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad"
)


def render(diagnostic: Diagnostic) -> str:
    """The diagnostic as a compiler message, with the source line and a caret under it.

    >>> from decree_rules.core.diagnostics import Diagnostic, Severity
    >>> from decree_rules.core.source import Location
    >>> print(render(Diagnostic("DR-R001", Severity.ERROR, "unknown role 'akimm'",
    ...     Location("d.rules", 3, 3, length=5), source_line="  akimm must do x")))
    d.rules:3:3: error: unknown role 'akimm'
          akimm must do x
          ^^^^^
    """
    location = diagnostic.location
    # The field goes after "error:", so tools that parse "file:line:col: error:" work.
    field = ""
    if location.field is not None:
        name = location.field
        field = f"argument {name}: " if name.startswith("-") else f"field '{name}': "
    lines = [f"{location.prefix()}: {diagnostic.severity.value}: {field}{diagnostic.message}"]
    if diagnostic.source_line is not None:
        column = location.column
        shown, index = _around(diagnostic.source_line.rstrip("\r\n"), column)
        lines.append("    " + printable(shown))
        if index is not None:
            pad = _caret_padding(shown, index)
            width = max(1, min(location.length, max(1, len(shown) - index)))
            lines.append("    " + pad + "^" * width)
    if diagnostic.hint:
        lines.append(f"    hint: {diagnostic.hint}")
    return "\n".join(lines)


def printable(text: str) -> str:
    """``text`` with invisible and control characters shown as ``<U+200B>``.

    So the user can see why an innocent-looking word was not recognised.
    """
    return "".join(_visible(ch) for ch in text)


def _visible(ch: str) -> str:
    if ch == "\t":
        return " "
    if ch in _INVISIBLE or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
        return f"<U+{ord(ch):04X}>"
    return ch


def _around(line: str, column: int | None) -> tuple[str, int | None]:
    """The part of ``line`` to show, and the caret's index in it."""
    index = None if column is None else column - 1
    if len(line) <= SHOWN_CHARS:
        return line, index
    if index is None or index < SHOWN_CHARS - 40:
        return line[:SHOWN_CHARS] + "…", index
    start = index - (SHOWN_CHARS - 40)
    return "…" + line[start : index + 40] + "…", index - start + 1


def _caret_padding(line: str, index: int) -> str:
    return "".join(" " * len(_visible(ch)) for ch in line[: max(0, index)])
