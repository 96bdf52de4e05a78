"""Where things are written: spans in rule files, locations in any file, source lines.

Shared by every layer that reports a place: the rule language, the readers of registries
and logs, and the diagnostics.
"""

from __future__ import annotations

import os

import attrs


@attrs.frozen
class Location:
    """Where something is: a file, and optionally a line, column and field.

    ``line`` and ``column`` are 1-based. ``length`` is how many characters the caret
    underlines. ``field`` names a record field (event logs, registries).
    """

    file: str
    line: int | None = None
    column: int | None = None
    length: int = 1
    field: str | None = None

    def prefix(self) -> str:
        """``file:line:col``, as far as it is known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@attrs.frozen
class Span:
    """A region of a rule file: 1-based lines and columns, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int


NO_SPAN = Span("<memory>", 0, 0, 0, 0)


def normal_line_ends(text: str) -> str:
    """``text`` with LF line ends, when it has only CR ones (old Mac files, some exports).

    Each CR becomes one LF, so line numbers and columns stay those an editor shows. A
    text with any LF is left alone: its CRLF ends are read as LF ends anyway, and a lone
    CR inside it is a stray character, not a line end.
    """
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n")
    return text


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as messages show it: relative to the working folder when it is inside it,
    else as it is (``rules/decree.rules``, not ``../../work/rules/decree.rules``)."""
    given = os.fspath(path)
    try:
        relative = os.path.relpath(given)
    except ValueError:  # another drive (Windows)
        return given
    outside = relative == os.pardir or relative.startswith(os.pardir + os.sep)
    return given if outside else relative


def source_lines(text: str) -> list[str]:
    """The lines as the parser counts them: at LF only, not at U+2028 or a lone CR.

    A text with only CR line ends is first given LF ones (:func:`normal_line_ends`).
    """
    text = normal_line_ends(text)
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def span_location(span: Span) -> Location:
    """The :class:`Location` of a span, underlining it on its first line."""
    length = span.end_column - span.column if span.end_line == span.line else 1
    return Location(span.file, span.line or None, span.column or None, length=max(1, length))
