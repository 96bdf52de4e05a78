"""The three file formats: JSON Lines, a JSON array, and CSV, behind one protocol.

A splitter turns the text of a file into raw records, each remembering where it came
from (so that a message can point at a field), the rows broken beyond reading, and the
defects of the file as a whole. The records are then checked field by field
(:mod:`decree_rules.io.fields`); the splitters know nothing of what a field means.
"""

from __future__ import annotations

import csv
import enum
import functools
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any, Final, Protocol

import attrs

from decree_rules.core.diagnostics import DecreeRulesError, InputError
from decree_rules.core.source import Location
from decree_rules.io.sources import SourceText, clip, describe, shown_id

__all__ = ["MAX_RECORD_CHARS", "Broken", "Format", "Raw", "Record", "Spot"]

MAX_RECORD_CHARS: Final = 1_000_000
"""A record (a line, a CSV row or an array element) longer than this is a defect: real
records are well under a kilobyte, and a huge one is a corrupt or hostile file."""


class Format(enum.Enum):
    """The file formats of registries and logs."""

    JSONL = "jsonl"
    """JSON Lines: one JSON object a line (``.jsonl``, ``.ndjson``)."""
    JSON = "json"
    """A JSON array of objects."""
    CSV = "csv"
    """CSV with a header row; list fields separated by ``;``."""

    @classmethod
    def of(cls, fmt: Format | str | None) -> Format | None:
        """``fmt`` as a Format (its value may be given), or None to detect it."""
        if fmt is None or isinstance(fmt, Format):
            return fmt
        try:
            return cls(fmt)
        except ValueError:
            names = ", ".join(member.value for member in cls)
            raise ValueError(f"fmt must be one of {names} or None, not {fmt!r}") from None


@attrs.frozen
class Shape:
    """What a record of one kind of file looks like, for the hints of syntax errors."""

    required: tuple[str, ...]
    """The fields (CSV columns) every record needs."""
    example: str
    """A valid record as a JSON object."""
    csv_header: str
    """A valid CSV header row."""
    exact: frozenset[str] = frozenset()
    """The CSV columns whose cells are taken as written: the spaces around an id are part
    of it (RFC 4180), and the checks refuse them; other cells are trimmed."""


def detect(filename: str, fmt: Format | str | None, text: str) -> Format:
    """``fmt``, or the format the file name's suffix or the first character says."""
    given = Format.of(fmt)
    if given is not None:
        return given
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return Format.JSONL
    if suffix == ".csv":
        return Format.CSV
    first = text.lstrip()[:1]
    if first == "[":
        return Format.JSON
    if first == "{":
        return Format.JSONL
    return Format.CSV


@attrs.frozen
class Spot:
    """Where a value is in the file: its line, column and length, and the line itself."""

    line: int
    column: int | None
    length: int
    source_line: str


class JsonObject(dict[str, Any]):
    """A JSON object that remembers which keys it had more than once, and which of its
    keys hold (at any depth) ``NaN``, ``Infinity`` or ``-Infinity``: Python's json reads
    them, but they are not JSON (RFC 8259), so the checks refuse them."""

    duplicates: tuple[str, ...] = ()
    not_json: tuple[str, ...] = ()


@attrs.frozen
class NotJson:
    """What ``NaN``, ``Infinity`` or ``-Infinity`` is read as: ``name`` is the word."""

    name: str


_CONSTANTS_READ = [0]  # how many NaN and Infinity words the decoder met, ever


def _constant(name: str) -> NotJson:
    _CONSTANTS_READ[0] += 1
    return NotJson(name)


def _decode_record(text: str, position: int) -> tuple[Any, int]:
    """:data:`DECODER`'s ``raw_decode``, marking in the object read the keys that hold a
    word that is not JSON (looked for only when the decoder met one: almost never)."""
    before = _CONSTANTS_READ[0]
    value, stop = DECODER.raw_decode(text, position)
    if _CONSTANTS_READ[0] != before and isinstance(value, JsonObject):
        value.not_json = tuple(key for key, item in value.items() if not_json_in(item))
    return value, stop


def not_json_in(value: object) -> NotJson | None:
    """The first ``NaN`` or ``Infinity`` in ``value``, at any depth, or None."""
    work = [value]
    while work:
        item = work.pop()
        if isinstance(item, NotJson):
            return item
        if isinstance(item, dict):
            work.extend(reversed(item.values()))
        elif isinstance(item, list):
            work.extend(reversed(item))
    return None


def _object_pairs(pairs: list[tuple[str, Any]]) -> JsonObject:
    # Interned keys: a million records share one "id" string instead of a million. A loop
    # is twice as fast as building the object from a generator, for every record.
    obj = JsonObject()
    intern = sys.intern
    for key, value in pairs:
        obj[intern(key)] = value
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _ in pairs:
            if key in seen and key not in repeated:
                repeated.append(key)
            seen.add(key)
        obj.duplicates = tuple(repeated)
    return obj


DECODER: Final = json.JSONDecoder(object_pairs_hook=_object_pairs, parse_constant=_constant)
_JSON_SPACE: Final = re.compile(r"[ \t\n\r]*")


@functools.cache
def _key_pattern(field: str) -> re.Pattern[str]:
    return re.compile(re.escape(json.dumps(field, ensure_ascii=False)) + r"[ \t\r\n]*:[ \t\r\n]*")


class Record:
    """One raw record and where it came from."""

    __slots__ = ("line", "values")

    values: Mapping[str, object]
    line: int

    def spot(self, field: str | None, item: object = None) -> Spot:
        raise NotImplementedError


class JsonRecord(Record):
    __slots__ = ("end", "start", "text")

    def __init__(
        self, values: Mapping[str, object], text: SourceText, start: int, end: int
    ) -> None:
        self.values = values
        self.text = text
        self.start = start
        self.end = end
        self.line = text.position(start)[0]

    def spot(self, field: str | None, item: object = None) -> Spot:
        text = self.text
        whole = Spot(self.line, None, 1, text.line(self.line))
        if field is None:
            return whole
        match = _key_pattern(field).search(text.text, self.start, self.end)
        if match is None:
            return whole
        begin, value_start = match.start(), match.end()
        try:
            value_end = DECODER.raw_decode(text.text, value_start)[1]
        except (ValueError, RecursionError):
            value_end = value_start + 1
        if item is not None:
            literal = json.dumps(item, ensure_ascii=False)
            found = text.text.find(literal, value_start, value_end)
            if found >= 0:
                begin, value_end = found, found + len(literal)
        line, column = text.position(begin)
        return Spot(line, column, max(1, value_end - begin), text.line(line))


class CsvRecord(Record):
    __slots__ = ("cells", "source_line")

    def __init__(
        self,
        values: Mapping[str, object],
        line: int,
        source_line: str,
        cells: Mapping[str, tuple[int, int]] | None,
    ) -> None:
        self.values = values
        self.line = line
        self.source_line = source_line
        self.cells = cells

    def spot(self, field: str | None, item: object = None) -> Spot:
        if self.cells is None or field is None or field not in self.cells:
            return Spot(self.line, None, 1, self.source_line)
        column, length = self.cells[field]
        if isinstance(item, str):
            # A list cell: point at the ';'-separated part that is the item.
            offset = column - 1
            for part in self.source_line[offset : offset + length].split(";"):
                if part.strip() == item:
                    lead = len(part) - len(part.lstrip())
                    return Spot(self.line, offset + lead + 1, len(item), self.source_line)
                offset += len(part) + 1
        return Spot(self.line, column, max(1, length), self.source_line)


@attrs.frozen(eq=False)
class Broken:
    """A row that could not be split into a record: its line, its id if one shows, why."""

    line: int
    id: str | None
    error: DecreeRulesError


@attrs.define
class Raw:
    """What splitting a file into records gives: the records, the defects of the file,
    the rows that could not be read, whether it was read to the end, and the columns a CSV
    header lacks."""

    records: list[Record] = attrs.Factory(list)
    errors: list[DecreeRulesError] = attrs.Factory(list)
    """Defects of the file as a whole."""
    broken: list[Broken] = attrs.Factory(list)
    """Rows with a syntax defect of their own; the rows around them were read."""
    complete: bool = True
    """False when a syntax error stopped reading before the end of the file."""
    missing_columns: frozenset[str] = frozenset()


class Splitter(Protocol):
    """Splits a file's text into raw records, broken rows and defects of the whole file."""

    def __call__(
        self, source: SourceText, filename: str, shape: Shape, *, lenient: bool
    ) -> Raw: ...


def split(text: str, filename: str, fmt: Format, shape: Shape, *, lenient: bool = False) -> Raw:
    """The records of ``text``, a file in format ``fmt``."""
    return _SPLITTERS[fmt](SourceText(text), filename, shape, lenient=lenient)


def _syntax(
    filename: str,
    source: SourceText,
    offset: int,
    message: str,
    hint: str,
    *,
    code: str,
    args: Mapping[str, object] | None = None,
) -> InputError:
    line, column = source.position(offset)
    return InputError(
        message,
        Location(filename, line, column),
        code=code,
        source_line=clip(source.line(line), column),
        hint=hint,
        args=args,
    )


def _malformed(
    filename: str, source: SourceText, offset: int, reason: str, hint: str
) -> InputError:
    """A defect of the JSON syntax; ``reason`` says which."""
    message = "malformed JSON: " + reason
    return _syntax(filename, source, offset, message, hint, code="DR-I008", args={"reason": reason})


def _not_an_object(
    filename: str, source: SourceText, offset: int, value: object, hint: str
) -> InputError:
    found = describe(value)
    message = f"expected a JSON object for each record, found {found}"
    return _syntax(filename, source, offset, message, hint, code="DR-I010", args={"found": found})


_ID_NEAR_START: Final = re.compile(r'"id"[ \t]*:[ \t]*("(?:[^"\\\n]|\\.){0,200}")')


def _guess_id(text: str) -> str | None:
    """The id of a record that is not valid JSON, when it is plain to see near the start."""
    match = _ID_NEAR_START.search(text, 0, 2000)
    if match is None:
        return None
    try:
        value = json.loads(match.group(1))
    except ValueError:
        return None
    return shown_id(value) if isinstance(value, str) and value.strip() else None


def _too_large(filename: str, source: SourceText, offset: int, size: int, what: str) -> InputError:
    return _syntax(
        filename,
        source,
        offset,
        f"the {what} is too large: {size:,} characters; a record may have at most "
        f"{MAX_RECORD_CHARS:,}",
        "a record is one office or one event of a few hundred characters; the file may be "
        "corrupt, or hold something else (an attachment, a data dump)",
        code="DR-I007",
        args={"what": what, "size": size, "limit": MAX_RECORD_CHARS},
    )


def _json_reason(exc: ValueError | RecursionError) -> str:
    """What the JSON decoder found wrong, as the end of a sentence."""
    if isinstance(exc, json.JSONDecodeError) and exc.msg == "Invalid control character at":
        char = exc.doc[exc.pos] if exc.pos < len(exc.doc) else "?"
        return (
            f"a control character <U+{ord(char):04X}> inside a string "
            "(write it as an escape like \\n, or remove it)"
        )
    if isinstance(exc, json.JSONDecodeError):
        reason = exc.msg
    elif isinstance(exc, RecursionError):
        reason = "nested too deeply"
    else:
        reason = str(exc).split(";")[0]
    return reason[:1].lower() + reason[1:]


def split_jsonl(source: SourceText, filename: str, shape: Shape, *, lenient: bool = False) -> Raw:
    """JSON Lines: one object a line; a bad line is a broken row, the others are read."""
    raw = Raw()
    example = shape.example
    hint = "each line must hold one complete JSON object, e.g. " + example
    for number in source.numbers():
        start, end = source.bounds(number)
        if end - start > MAX_RECORD_CHARS:
            head = source.text[start : start + 2000]
            if head.strip():
                error = _too_large(filename, source, start, end - start, "line")
                raw.broken.append(Broken(number, _guess_id(head), error))
                continue
        line = source.text[start:end]
        stripped = line.lstrip(" \t\r")
        if not stripped.strip():
            continue
        first = start + len(line) - len(stripped)
        try:
            value, stop = _decode_record(line, first - start)
        except (ValueError, RecursionError) as exc:
            first_try = not raw.records and not raw.errors and not raw.broken
            whole = _whole_value(source.text) if first_try else None
            if isinstance(whole, dict | list):
                found = (
                    "one object spread over several lines"
                    if isinstance(whole, dict)
                    else "a JSON array spread over several lines"
                )
                raw.errors.append(
                    _syntax(
                        filename,
                        source,
                        first,
                        f"expected one JSON object a line (JSON Lines), found {found}",
                        "write each record on one line, or put the records in a JSON array "
                        f"in a .json file: [{example}, ...]",
                        code="DR-I009",
                        args={"found": found},
                    )
                )
                raw.complete = False
                return raw
            offset = exc.pos if isinstance(exc, json.JSONDecodeError) else first - start
            error = _malformed(filename, source, start + offset, _json_reason(exc), hint)
            raw.broken.append(Broken(number, _guess_id(line), error))
            raw.complete = False
            continue
        rest = line[stop:]
        if rest.strip(" \t\r"):
            offset = start + stop + len(rest) - len(rest.lstrip(" \t\r"))
            reason = "unexpected text after the end of the record"
            error = _malformed(filename, source, offset, reason, hint)
            raw.broken.append(Broken(number, _guess_id(line), error))
            raw.complete = False
            continue
        if not isinstance(value, dict):
            error = _not_an_object(filename, source, first, value, hint)
            raw.broken.append(Broken(number, None, error))
            continue
        raw.records.append(JsonRecord(value, source, first, end))
    return raw


def _whole_value(text: str) -> object:
    """The whole text as one JSON value, or None."""
    try:
        return DECODER.decode(text)
    except (ValueError, RecursionError):
        return None


def split_array(source: SourceText, filename: str, shape: Shape, *, lenient: bool = False) -> Raw:
    """A JSON array of objects; a syntax error stops the reading (the rest cannot be split)."""
    return _ArrayReader(source, filename, shape).read()


class _ArrayReader:
    """The reading of one JSON array: its records, broken elements and syntax errors."""

    def __init__(self, source: SourceText, filename: str, shape: Shape) -> None:
        self.raw = Raw()
        self.source = source
        self.text = source.text
        self.filename = filename
        self.hint = f"a JSON array of records looks like [{shape.example}, ...]"

    def read(self) -> Raw:
        text, raw = self.text, self.raw
        position = self.skip(0)
        if not text.startswith("[", position):
            message = "expected a JSON array of records, starting with '['"
            error = _syntax(
                self.filename, self.source, position, message, self.hint, code="DR-I011"
            )
            raw.errors.append(error)
            raw.complete = False
            return raw
        end = self.elements(self.skip(position + 1))
        if end is not None:
            position = self.skip(end)
            if position < len(text):
                reason = "unexpected text after the closing ']'"
                fix = "the file must hold a single JSON array"
                raw.errors.append(_malformed(self.filename, self.source, position, reason, fix))
        return raw

    def skip(self, position: int) -> int:
        match = _JSON_SPACE.match(self.text, position)
        return match.end() if match else position

    def fail(self, offset: int, reason: str) -> None:
        """A syntax error that stops the reading."""
        self.raw.errors.append(_malformed(self.filename, self.source, offset, reason, self.hint))
        self.raw.complete = False

    def elements(self, position: int) -> int | None:
        """Read the elements from ``position``: where the closing ']' ends, or None if not."""
        text = self.text
        if text.startswith("]", position):
            return position + 1
        while True:
            stop = self.element(position)
            if stop is None:
                return None
            position = self.skip(stop)
            if not text.startswith(",", position):
                break
            comma, position = position, self.skip(position + 1)
            if text.startswith("]", position):
                reason = "a comma after the last record"
                fix = "remove the comma before the closing ']'"
                self.raw.errors.append(_malformed(self.filename, self.source, comma, reason, fix))
                return position + 1
        if text.startswith("]", position):
            return position + 1
        if position >= len(text):
            self.fail(position, "the array is not closed with ']'")
        else:
            self.fail(position, f"expected ',' or ']' after a record, found {text[position]!r}")
        return None

    def element(self, position: int) -> int | None:
        """Read the element at ``position``: where it ends, or None if it cannot be read."""
        text, raw, source = self.text, self.raw, self.source
        if position >= len(text):
            self.fail(len(text), "the array is not closed with ']'")
            return None
        try:
            value, stop = _decode_record(text, position)
        except (ValueError, RecursionError) as exc:
            offset = exc.pos if isinstance(exc, json.JSONDecodeError) else position
            self.fail(offset, _json_reason(exc))
            return None
        if stop - position > MAX_RECORD_CHARS:
            error = _too_large(self.filename, source, position, stop - position, "record")
            guess = _guess_id(text[position : position + 2000])
            raw.broken.append(Broken(source.position(position)[0], guess, error))
        elif isinstance(value, dict):
            raw.records.append(JsonRecord(value, source, position, stop))
        else:
            error = _not_an_object(self.filename, source, position, value, self.hint)
            raw.broken.append(Broken(source.position(position)[0], None, error))
        return stop


def split_csv(source: SourceText, filename: str, shape: Shape, *, lenient: bool = False) -> Raw:
    """CSV with a header row; leniently, a row that cannot be read is a broken row."""
    return _CsvReader(source, filename, shape, lenient=lenient).read()


class _CsvReader:
    """The reading of one CSV file: the header, then each row; what is wrong with them."""

    def __init__(self, source: SourceText, filename: str, shape: Shape, *, lenient: bool) -> None:
        self.raw = Raw()
        self.source = source
        self.filename = filename
        self.shape = shape
        self.lenient = lenient
        self.header: list[str] | None = None
        self.header_line = 0

    def read(self) -> Raw:
        source = self.source
        text = source.text
        lines = [
            text[start:end]
            for start, end in zip(source.starts, [*source.starts[1:], len(text)], strict=True)
        ]
        if lines and not lines[-1]:
            lines.pop()
        reader = csv.reader(iter(lines), strict=True)
        previous = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if self.unreadable(exc, max(1, min(previous + 1, len(source.starts)))):
                    break
                previous = reader.line_num
                continue
            first, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in row):
                self.row(row, first, previous)
        return self.raw

    def unreadable(self, exc: csv.Error, number: int) -> bool:
        """Report the row at line ``number`` that csv cannot read: whether reading stops."""
        source = self.source
        reason = _csv_reason(str(exc))
        error = InputError(
            "malformed CSV: " + reason,
            Location(self.filename, number),
            code="DR-I013",
            source_line=clip(source.line(number), None),
            hint="put a value with commas, quotes or line breaks in double quotes, "
            'doubling any quote inside: "Akim of ""Almaty"" Region"',
            args={"reason": reason},
        )
        self.raw.complete = False
        # A quote never closed swallows the rest of the file: no row after it is read.
        swallowed = str(exc).startswith("unexpected end of data")
        if not self.lenient or self.header is None or swallowed:
            self.raw.errors.append(error)
            return True
        self.raw.broken.append(Broken(number, _csv_id(self.header, source.line(number)), error))
        return False

    def row(self, row: list[str], first: int, last: int) -> None:
        """The row on lines ``first`` to ``last``, not blank: the header, or a record."""
        source, raw, header = self.source, self.raw, self.header
        if header is None:
            self.header, self.header_line = [cell.strip() for cell in row], first
            raw.missing_columns = _check_header(
                raw, self.filename, source, first, header=self.header, shape=self.shape
            )
            return
        line = source.line(first)
        size = (
            source.starts[last] - source.starts[first - 1]
            if last < len(source.starts)
            else len(source.text) - source.starts[first - 1]
        )
        if size > MAX_RECORD_CHARS:
            error = _too_large(self.filename, source, source.starts[first - 1], size, "row")
            raw.broken.append(Broken(first, _csv_id(header, line), error))
            return
        extra = row[len(header) :]
        if any(cell.strip() for cell in extra):
            error = InputError(
                f"this row has {len(row)} cells but the header on line {self.header_line} "
                f"names {len(header)} columns",
                Location(self.filename, first),
                code="DR-I014",
                source_line=clip(line, None),
                hint="put a value that contains a comma in double quotes, e.g. "
                '"Akim, Almaty Region"',
                args={"cells": len(row), "columns": len(header), "header_line": self.header_line},
            )
            raw.broken.append(Broken(first, _csv_id(header, line), error))
            return
        exact = self.shape.exact
        record = {
            name: cell if name in exact else cell.strip()
            for name, cell in zip(header, row, strict=False)
            if name and cell.strip()
        }
        cells = None
        if first == last and '"' not in line:
            cells = _cell_spans(header, line, exact)
        raw.records.append(CsvRecord(record, first, line, cells))


def _csv_id(header: Sequence[str], line: str) -> str | None:
    """The id cell of a CSV row that could not be read, when it is plain to see."""
    if "id" not in header:
        return None
    cells = line.split(",")
    index = header.index("id")
    value = cells[index].strip() if index < len(cells) else ""
    return shown_id(value) if value and '"' not in value else None


def _csv_reason(reason: str) -> str:
    if reason.startswith("unexpected end of data"):
        return "a quoted value that starts on this line is never closed"
    if reason.startswith("',' expected after '\"'"):
        return "a closing quote must be followed by a comma or the end of the line"
    if reason.startswith("new-line character seen in unquoted field"):
        return "a line break inside a value that is not in double quotes"
    if reason.startswith("field larger than field limit"):
        return f"a value is longer than {csv.field_size_limit():,} characters"
    return reason


def _check_header(
    raw: Raw,
    filename: str,
    source: SourceText,
    number: int,
    *,
    header: list[str],
    shape: Shape,
) -> frozenset[str]:
    line = source.line(number)
    separator = _other_separator(header, shape)
    if separator is not None:
        said = "tabs" if separator == "\t" else f"'{separator}'"
        raw.errors.append(
            InputError(
                f"the columns are separated by {said}; use ','",
                Location(filename, number),
                code="DR-I051",
                source_line=line,
                hint="CSV columns are separated by commas (';' separates the values of a "
                "list field inside a cell); e.g. " + shape.csv_header,
                args={"separator": separator},
            )
        )
        return frozenset(shape.required)
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raw.errors.append(
                InputError(
                    f"column '{name}' appears more than once in the header",
                    Location(filename, number, field=name),
                    code="DR-I015",
                    source_line=line,
                    hint="name each column once",
                    args={"column": name},
                )
            )
        seen.add(name)
    missing = [name for name in shape.required if name not in seen]
    for name in missing:
        raw.errors.append(
            InputError(
                f"the header has no '{name}' column",
                Location(filename, number, field=name),
                code="DR-I016",
                source_line=line,
                hint="the first row names the columns, e.g. " + shape.csv_header,
                args={"column": name},
            )
        )
    return frozenset(missing)


_OTHER_SEPARATORS: Final = (";", "\t", "|")


def _other_separator(header: list[str], shape: Shape) -> str | None:
    """The separator of a header that is one column of names separated by something else."""
    if len(header) != 1:
        return None
    for separator in _OTHER_SEPARATORS:
        names = {name.strip() for name in header[0].split(separator)}
        if len(names) > 1 and names & set(shape.required):
            return separator
    return None


def _cell_spans(header: list[str], line: str, exact: frozenset[str]) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    position = 0
    for name, cell in zip(header, line.split(","), strict=False):
        if name in exact and cell.strip():
            spans[name] = (position + 1, len(cell))
        else:
            lead = len(cell) - len(cell.lstrip())
            spans[name] = (position + lead + 1, max(1, len(cell.strip())))
        position += len(cell) + 1
    return spans


_SPLITTERS: Final[Mapping[Format, Splitter]] = {
    Format.JSONL: split_jsonl,
    Format.JSON: split_array,
    Format.CSV: split_csv,
}
