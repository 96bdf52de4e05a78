"""Reading a file the tool is given: opened within a limit, decoded as UTF-8 or refused.

Every file is read here: rule files (:mod:`decree_rules.lang.load`), the calendar file
(:mod:`decree_rules.time.overrides`), registries and event logs
(:mod:`decree_rules.io.sources`). A :class:`FileKind` says how large that kind of file may
be and which codes and words its errors have; the checks are the same for all:

* a regular file is read up to :attr:`FileKind.max_bytes`, anything else (a pipe, a FIFO,
  a device such as ``/dev/zero``) up to :attr:`FileKind.max_stream_bytes`, so that no
  input, however endless, is read until memory runs out;
* the bytes must be UTF-8 (a byte-order mark is allowed); a file in UTF-16 or UTF-32,
  with a byte-order mark or plainly without one (every other byte NUL), is named as such.
"""

from __future__ import annotations

import contextlib
import enum
import os
import stat
from collections.abc import Iterator, Mapping
from typing import BinaryIO, Final

import attrs

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.core.source import Location

__all__ = [
    "INPUT_FILE_CODES",
    "Failure",
    "FileKind",
    "decode",
    "foreign_encoding",
    "opened",
    "read_bytes",
    "read_rest",
    "read_text",
    "too_large",
]


class Failure(enum.Enum):
    """What can go wrong in reading a file, whatever its kind."""

    MISSING = "missing"
    DIRECTORY = "directory"
    PERMISSION = "permission"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too_large"
    ENCODING = "encoding"


@attrs.frozen
class FileKind:
    """One kind of file: its limits, the error class and codes, and the words of its hints.

    ``noun`` names it in messages ("file", "rule file"). With ``path_in_args`` every
    reading error carries the path (and the reason) in its arguments.
    """

    noun: str
    error: type[DecreeRulesError]
    codes: Mapping[Failure, str]
    max_bytes: int
    max_stream_bytes: int
    too_large_hint: str
    encoding_hint: str
    path_in_args: bool = False

    def fail(
        self,
        failure: Failure,
        message: str,
        where: Location,
        *,
        hint: str | None = None,
        source_line: str | None = None,
        args: Mapping[str, object] | None = None,
    ) -> DecreeRulesError:
        values = dict(args or {})
        if self.path_in_args:
            values = {"path": where.file, **values}
        return self.error(
            message,
            where,
            code=self.codes[failure],
            hint=hint,
            source_line=source_line,
            args=values,
        )

    def with_limits(self, max_bytes: int, max_stream_bytes: int) -> FileKind:
        """The same kind with other limits."""
        return attrs.evolve(self, max_bytes=max_bytes, max_stream_bytes=max_stream_bytes)


INPUT_FILE_CODES: Final[Mapping[Failure, str]] = {
    Failure.MISSING: "DR-I001",
    Failure.DIRECTORY: "DR-I002",
    Failure.PERMISSION: "DR-I003",
    Failure.UNREADABLE: "DR-I004",
    Failure.TOO_LARGE: "DR-I005",
    Failure.ENCODING: "DR-I006",
}
"""The codes of reading an input file (a registry, a log, a calendar or workspace file)."""


@contextlib.contextmanager
def opened(name: str, kind: FileKind) -> Iterator[tuple[BinaryIO, int]]:
    """The file opened for reading, and how many bytes may be read from it."""
    where = Location(name)
    try:
        with open(name, "rb") as handle:
            regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
            # /dev/zero and endless pipes must not be read until memory runs out.
            yield handle, kind.max_bytes if regular else kind.max_stream_bytes
    except FileNotFoundError:
        raise _cannot(kind, Failure.MISSING, where, "it does not exist", "") from None
    except IsADirectoryError:
        raise _cannot(kind, Failure.DIRECTORY, where, "it is a directory", "") from None
    except PermissionError as exc:
        reason = exc.strerror or str(exc)
        raise _cannot(kind, Failure.PERMISSION, where, "permission denied", reason) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _cannot(kind, Failure.UNREADABLE, where, reason, reason, shown=True) from None


def _cannot(
    kind: FileKind,
    failure: Failure,
    where: Location,
    said: str,
    reason: str,
    *,
    shown: bool = False,
) -> DecreeRulesError:
    args: dict[str, object] = {}
    if shown or (kind.path_in_args and reason):
        args["reason"] = reason
    return kind.fail(failure, f"cannot read the {kind.noun}: {said}", where, args=args)


def too_large(name: str, kind: FileKind, limit: int) -> DecreeRulesError:
    """The error of a file with more than ``limit`` bytes."""
    return kind.fail(
        Failure.TOO_LARGE,
        f"the {kind.noun} is too large: more than {limit:,} bytes",
        Location(name),
        hint=kind.too_large_hint,
        args={"limit": limit},
    )


def read_bytes(name: str, kind: FileKind) -> bytes:
    """The whole file, refused when it has more bytes than its kind allows."""
    with opened(name, kind) as (handle, limit):
        data = read_rest(handle, limit)
        if data is None:
            raise too_large(name, kind, limit)
    return data


CHUNK_BYTES: Final = 1024**2
"""What is read at a time from a pipe or a device, whose size is not known."""


def read_rest(handle: BinaryIO, limit: int, head: bytes = b"") -> bytes | None:
    """``head`` and the rest of ``handle``; None when that is more than ``limit`` bytes.

    A regular file is read in one piece of its size (not of the limit: the memory is
    taken before it is read); a pipe or device a piece at a time, so that ``/dev/zero``
    costs no more than the limit.
    """
    try:
        size = os.fstat(handle.fileno()).st_size - handle.tell()
        regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        size, regular = 0, False
    pieces = [head] if head else []
    total = len(head)
    if regular and size > 0:
        piece = handle.read(min(size, limit + 1 - total))
        pieces.append(piece)
        total += len(piece)
    while total <= limit:
        piece = handle.read(min(CHUNK_BYTES, limit + 1 - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    if total > limit:
        return None
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def read_text(name: str, kind: FileKind) -> str:
    """The whole file, decoded (a byte-order mark is dropped)."""
    return decode(read_bytes(name, kind), name, kind)


# ---- encodings ---------------------------------------------------------------------

# UTF-32 before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
_MARKS: Final = (
    (b"\xff\xfe\x00\x00", "UTF-32LE"),
    (b"\x00\x00\xfe\xff", "UTF-32BE"),
    (b"\xff\xfe", "UTF-16LE"),
    (b"\xfe\xff", "UTF-16BE"),
)
_SAID: Final = {
    "UTF-32LE": "UTF-32 (little-endian)",
    "UTF-32BE": "UTF-32 (big-endian)",
    "UTF-16LE": "UTF-16 (little-endian)",
    "UTF-16BE": "UTF-16 (big-endian)",
}
_SAMPLE: Final = 4096


def foreign_encoding(data: bytes) -> str | None:
    """The encoding (``UTF-16LE``...) the start of ``data`` plainly is, if UTF-16 or UTF-32.

    A byte-order mark says it; without one, text of mostly Latin letters in UTF-16 has
    a NUL in every other byte (in UTF-32 three NULs of every four), which no text file in
    UTF-8 has. Anything else is None: the UTF-8 decoder says what is wrong with it.
    """
    for mark, encoding in _MARKS:
        if data.startswith(mark):
            return encoding
    sample = data[: _SAMPLE - _SAMPLE % 4]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    return _by_nuls(sample[: len(sample) - len(sample) % 4])


def _by_nuls(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 by where the NULs are, in ``sample`` (a multiple of 4 bytes)."""
    # The share of NUL bytes at each place modulo 4: "a" is 61 00 00 00 in UTF-32LE.
    nul = [sample[lane::4].count(0) * 4 / len(sample) for lane in range(4)]
    even, odd = (nul[0] + nul[2]) / 2, (nul[1] + nul[3]) / 2
    found = {
        "UTF-32LE": nul[2] == nul[3] == 1.0 and nul[0] < 0.5,
        "UTF-32BE": nul[0] == nul[1] == 1.0 and nul[3] < 0.5,
        "UTF-16LE": odd > 0.5 and even < 0.1,
        "UTF-16BE": even > 0.5 and odd < 0.1,
    }
    return next((encoding for encoding, plain in found.items() if plain), None)


def decode(data: bytes, name: str, kind: FileKind, lines_before: int = 0) -> str:
    """``data`` as text; ``lines_before`` is how many lines of the file come before it.

    At the start of a file (``lines_before`` 0) a UTF-8 byte-order mark is dropped, and a
    file in UTF-16 or UTF-32 is refused by the name of its encoding.
    """
    if not lines_before:
        encoding = foreign_encoding(data)
        if encoding is not None:
            raise kind.fail(
                Failure.ENCODING,
                f"the {kind.noun} is {_SAID[encoding]}, not UTF-8",
                Location(name, 1, 1),
                hint="save it as UTF-8 (in a text editor: Save As, Encoding: UTF-8), or "
                f"convert it with iconv -f {encoding} -t UTF-8",
                args={"encoding": encoding},
            )
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
        source = body[line_start:line_end].decode("utf-8", "replace").rstrip("\r")
        raise kind.fail(
            Failure.ENCODING,
            f"not valid UTF-8: byte 0x{body[bad]:02X} cannot be decoded",
            Location(name, line, column),
            source_line=source,
            hint=kind.encoding_hint,
            args={"byte": body[bad]},
        ) from None
