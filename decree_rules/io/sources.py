"""Where input text comes from: opening a file within limits, decoding it, finding lines.

A registry or log is read whole (or, by :mod:`decree_rules.io.stream`, piece by piece)
from a regular file of at most :data:`MAX_FILE_BYTES`, or from a pipe or device of at most
:data:`MAX_STREAM_BYTES`; it must be UTF-8 (a byte-order mark is allowed). :class:`SourceText`
turns character offsets into the file's line and column numbers. The helpers at the end
show text and values inside messages.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Final

from decree_rules.core.diagnostics import InputError
from decree_rules.core.source import Location

__all__ = ["MAX_FILE_BYTES", "MAX_STREAM_BYTES"]

SHOWN_CHARS: Final = 500
"""A source line longer than this is cut when shown under a message."""


MAX_FILE_BYTES: Final = 2 * 1024**3
"""The largest registry or log read: ten years of a whole country is well under 1 GiB."""

MAX_STREAM_BYTES: Final = 256 * 1024**2
"""The most read from something that is not a regular file (a pipe, a device)."""


def read_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    name = os.fspath(path)
    with opened(name) as (handle, limit):
        data = handle.read(limit + 1)
        if len(data) > limit:
            raise too_much(name, limit)
    return name, decode(data, name)


@contextlib.contextmanager
def opened(name: str) -> Iterator[tuple[BinaryIO, int]]:
    """The file opened for reading, and how many bytes may be read from it."""
    where = Location(name)
    try:
        with open(name, "rb") as handle:
            regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
            # /dev/zero and endless pipes must not be read until memory runs out.
            yield handle, MAX_FILE_BYTES if regular else MAX_STREAM_BYTES
    except FileNotFoundError:
        raise InputError("cannot read the file: it does not exist", where, code="DR-I001") from None
    except IsADirectoryError:
        raise InputError("cannot read the file: it is a directory", where, code="DR-I002") from None
    except PermissionError:
        raise InputError("cannot read the file: permission denied", where, code="DR-I003") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            f"cannot read the file: {reason}", where, code="DR-I004", args={"reason": reason}
        ) from None


def too_much(name: str, limit: int) -> InputError:
    return InputError(
        f"the file is too large: more than {limit:,} bytes",
        Location(name),
        code="DR-I005",
        hint="split the log by year, or check that the path names a data file",
        args={"limit": limit},
    )


def decode(data: bytes, name: str, lines_before: int = 0) -> str:
    try:
        return data.decode("utf-8-sig" if not lines_before else "utf-8")
    except UnicodeDecodeError as exc:
        # The positions are in the bytes after any BOM, which exc.object holds.
        body = bytes(exc.object)
        bad = exc.start
        line = lines_before + body.count(b"\n", 0, bad) + 1
        line_start = body.rfind(b"\n", 0, bad) + 1
        line_end = body.find(b"\n", bad)
        if line_end < 0:
            line_end = len(body)
        column = len(body[line_start:bad].decode("utf-8", "replace")) + 1
        source = body[line_start:line_end].decode("utf-8", "replace")
        raise InputError(
            f"not valid UTF-8: byte 0x{body[bad]:02X} cannot be decoded",
            Location(name, line, column),
            code="DR-I006",
            source_line=source,
            hint="save the file with the UTF-8 encoding (the file may be in another "
            "encoding, e.g. Windows-1251 or Latin-1)",
            args={"byte": body[bad]},
        ) from None


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
