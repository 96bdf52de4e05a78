"""Where input text comes from: opening a file within limits, decoding it, finding lines.

A registry or log is read whole (or, by :mod:`decree_rules.io.stream`, piece by piece) from
a regular file of at most :data:`MAX_FILE_BYTES`, or from a pipe or device of at most
:data:`MAX_STREAM_BYTES`; it must be UTF-8 (a byte-order mark is allowed). The reading is
:mod:`decree_rules.core.reading`'s, the same for every kind of file.
:class:`~decree_rules.io.sources.SourceText` turns character offsets into the file's line
and column numbers. The helpers at the end show text and values inside messages.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Final

from decree_rules.core import reading
from decree_rules.core.diagnostics import DecreeRulesError, InputError
from decree_rules.core.reading import INPUT_FILE_CODES, FileKind

__all__ = ["MAX_FILE_BYTES", "MAX_STREAM_BYTES", "SourceText"]

SHOWN_CHARS: Final = 500
"""A source line longer than this is cut when shown under a message."""


MAX_FILE_BYTES: Final = 2 * 1024**3
"""The largest registry or log read: ten years of a whole country is well under 1 GiB."""

MAX_STREAM_BYTES: Final = 256 * 1024**2
"""The most read from something that is not a regular file (a pipe, a device)."""


def file_kind() -> FileKind:
    """How registries and logs are read: the limits above (looked up at each call)."""
    return _KIND.with_limits(MAX_FILE_BYTES, MAX_STREAM_BYTES)


_KIND: Final = FileKind(
    noun="file",
    error=InputError,
    codes=INPUT_FILE_CODES,
    max_bytes=MAX_FILE_BYTES,
    max_stream_bytes=MAX_STREAM_BYTES,
    too_large_hint="split the log by year, or check that the path names a data file",
    encoding_hint="save the file with the UTF-8 encoding (the file may be in another "
    "encoding, e.g. Windows-1251 or Latin-1)",
)


def read_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    name = os.fspath(path)
    return name, reading.read_text(name, file_kind())


@contextlib.contextmanager
def opened(name: str) -> Iterator[tuple[BinaryIO, int]]:
    """The file opened for reading, and how many bytes may be read from it."""
    with reading.opened(name, file_kind()) as found:
        yield found


def too_much(name: str, limit: int) -> DecreeRulesError:
    return reading.too_large(name, file_kind(), limit)


def decode(data: bytes, name: str, lines_before: int = 0) -> str:
    return reading.decode(data, name, file_kind(), lines_before)


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


class SourceText:
    """The decoded file (or a piece of it), with line lookups by character offset.

    ``lines_before`` is how many lines of the file come before the piece: line numbers
    are always the file's.
    """

    def __init__(self, text: str, lines_before: int = 0) -> None:
        self.text = text
        self.lines_before = lines_before
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def numbers(self) -> range:
        """The file's numbers of the lines in this text."""
        return range(self.lines_before + 1, self.lines_before + len(self.starts) + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.lines_before + index + 1, offset - self.starts[index] + 1

    def line(self, number: int) -> str:
        start = self.starts[number - self.lines_before - 1]
        end = self.text.find("\n", start)
        return self.text[start : len(self.text) if end < 0 else end].rstrip("\r")

    def bounds(self, number: int) -> tuple[int, int]:
        """Offsets of line ``number`` without its line ending."""
        start = self.starts[number - self.lines_before - 1]
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end


def clip(line: str, column: int | None) -> str | None:
    """``line`` to show under a message: cut when long, left out when the caret is far."""
    if len(line) <= SHOWN_CHARS:
        return line
    if column is not None and column > SHOWN_CHARS:
        return None
    # One character more than is shown, so the renderer knows to mark the cut.
    return line[: SHOWN_CHARS + 1]


def shown_id(value: str) -> str:
    return short("".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in value), 200)


def describe(value: object) -> str:
    """A JSON value as a message names it: ``null``, ``a number (3)``, ``a string ('x')``."""
    for kinds, shown in _DESCRIBED:
        if isinstance(value, kinds):
            return shown(value)
    return type(value).__name__


# In order: a bool is an int too.
_DESCRIBED: Final[tuple[tuple[type | tuple[type, ...], Callable[[Any], str]], ...]] = (
    (type(None), lambda _: "null"),
    (bool, lambda value: "true" if value else "false"),
    ((int, float), lambda value: f"a number ({short(json.dumps(value))})"),
    (str, lambda value: f"a string ({quote(value)})"),
    (list, lambda value: f"an array ({short(json.dumps(value, ensure_ascii=False))})"),
    (dict, lambda value: f"an object ({short(json.dumps(value, ensure_ascii=False))})"),
)


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str) -> str:
    shown = "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in text)
    return "'" + short(shown) + "'"
