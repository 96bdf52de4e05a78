"""The reporting side of the checks: problems found on records, located when shown.

A :class:`~decree_rules.io.checker.Checker` runs the field checks of
:mod:`decree_rules.io.fields` on the raw records of one file and collects every problem as a
:class:`~decree_rules.io.checker.Pending` defect, located in the text (a line, a column, the
source line) only when it is shown. Read strictly, the defects are raised at once, in file
order; read leniently, the defective rows are rejected
(:class:`~decree_rules.io.records.RejectedRow`) and the others are used.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Final, Literal, TypeVar

import attrs

from decree_rules.core.diagnostics import DecreeRulesError, ErrorGroup, InputError, raise_collected
from decree_rules.core.ids import same_form
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import Level, Role
from decree_rules.io import fields
from decree_rules.io.fields import (
    MISSING,
    MISSING_FIELD,
    MOMENT_EXAMPLES,
    Example,
    Hint,
    Problem,
    Suggester,
    not_given,
)
from decree_rules.io.formats import Broken, Format, JsonObject, Raw, Record, not_json_in
from decree_rules.io.records import Actor, Event, Loaded, Moment, RejectedRow
from decree_rules.io.sources import clip, quote, shown_id

__all__ = ["ERROR_LIMIT", "Checker", "Pending"]

ERROR_LIMIT: Final = 100
"""At most this many errors are shown; the rest are counted."""


_E = TypeVar("_E", Role, Level)
_R = TypeVar("_R", Actor, Event)
_T = TypeVar("_T")


@attrs.frozen
class Pending:
    """A defect found at ``line`` (where its record starts), built when shown.

    ``owner`` is the record (or broken row) it rejects; None for a defect of the file.
    ``error`` is the error when it was made already (a syntax error of the file).
    """

    line: int
    field: str | None
    code: str
    message: str
    owner: Record | Broken | None = None
    hint: str | None = None
    item: object = None
    args: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    error: DecreeRulesError | None = None

    def build(self, filename: str) -> DecreeRulesError:
        if self.error is not None:
            return self.error
        assert isinstance(self.owner, Record)
        spot = self.owner.spot(self.field, self.item)
        return InputError(
            self.message,
            Location(filename, spot.line, spot.column, spot.length, self.field),
            code=self.code,
            source_line=clip(spot.source_line, spot.column) if spot.source_line else None,
            hint=self.hint,
            args=self.args,
        )


def row_message(pending: Pending) -> str:
    if pending.field is None:
        return pending.message
    return f"field '{pending.field}': {pending.message}"


class Checker:
    """Checks raw records field by field, collecting every defect."""

    def __init__(
        self,
        filename: str,
        fmt: Format,
        quiet: frozenset[str],
        rejected_actors: frozenset[str] = frozenset(),
        *,
        unit: str = "line",
    ) -> None:
        self.filename = filename
        self.unit = unit  # what a record's number counts: a file's lines, or rows in memory
        self.format = fmt
        self.quiet = quiet  # required columns already reported missing from a CSV header
        self.rejected_actors = rejected_actors  # registry rows a lenient read rejected
        self.errors: list[Pending] = []
        self._suggestions: dict[tuple[str, str], str | None] = {}
        self._suggesters: dict[str, Suggester] = {}

    # ----- reporting

    def report(self, record: Record, field: str | None, problem: Problem) -> None:
        """Record a problem of ``record``; it is located in the text only if it is shown."""
        hint = self.hint(field, problem.hint)
        self.errors.append(
            Pending(
                record.line,
                field,
                problem.code,
                problem.message,
                record,
                hint,
                problem.item,
                problem.args,
            )
        )

    def take(self, record: Record, field: str, result: _T | Problem) -> _T | None:
        """The value a check gave, or None when it found a problem (then reported)."""
        if isinstance(result, Problem):
            self.report(record, field, result)
            return None
        return result

    def add(self, errors: Iterable[DecreeRulesError]) -> None:
        for error in errors:
            where = error.location
            self.errors.append(
                Pending(where.line or 0, where.field, error.code, error.message, error=error)
            )

    def add_broken(self, rows: Iterable[Broken]) -> None:
        for row in rows:
            error = row.error
            self.errors.append(Pending(row.line, None, error.code, error.message, row, error=error))

    # ----- lenient reading

    def usable(
        self, records: Sequence[Record], made: Sequence[_R | None]
    ) -> dict[str, tuple[Record, _R]]:
        """The records without a defect, by id, in file order."""
        bad = {id(pending.owner) for pending in self.errors}
        alive: dict[str, tuple[Record, _R]] = {}
        for record, thing in zip(records, made, strict=True):
            if id(record) in bad:
                continue
            if thing is None or thing.id in alive:  # neither happens without a defect
                self.report(record, None, Problem("DR-I044", "the record could not be used"))
                continue
            alive[thing.id] = (record, thing)
        return alive

    def reject_dependents(
        self,
        alive: dict[str, tuple[Record, _R]],
        link: Callable[[_R], str | None],
        field: str,
        problem: Callable[[str, bool], Problem],
    ) -> None:
        """Reject, in ``alive``, every record whose ``link`` names a record not in it.

        ``problem(target, rejected)`` is the problem reported on ``field``; ``rejected``
        tells whether the row it depends on was rejected or never read.
        """
        gone = self.rejected_ids()
        links = {}
        for ident, (_, thing) in alive.items():
            target = link(thing)
            if target is not None:
                links[ident] = target
        for ident, target in cascade(links, lambda target: target not in alive):
            record, _ = alive.pop(ident)
            self.report(record, field, problem(target, target in gone))
            gone.add(ident)

    def rejected_ids(self) -> set[str]:
        ids: set[str] = set()
        for pending in self.errors:
            owner = pending.owner
            if isinstance(owner, Broken) and owner.id is not None:
                ids.add(owner.id)
            elif isinstance(owner, Record):
                ident = owner.values.get("id")
                if isinstance(ident, str):
                    ids.add(same_form(ident))
        return ids

    def loaded(
        self,
        raw: Raw,
        alive: Mapping[str, tuple[Record, _R]],
        kind: Literal["actor", "event"],
    ) -> Loaded[_R]:
        grouped: dict[int, list[Pending]] = {}
        owners: dict[int, Record | Broken] = {}
        for pending in self.errors:
            assert pending.owner is not None, "a defect of the file is raised, never skipped"
            key = id(pending.owner)
            grouped.setdefault(key, []).append(pending)
            owners[key] = pending.owner
        rejected = []
        for key, found in grouped.items():
            owner = owners[key]
            if isinstance(owner, Broken):
                ident = owner.id
            else:
                value = owner.values.get("id")
                ident = shown_id(value) if isinstance(value, str) and value.strip() else None
            defects = ((row_message(pending), pending.code, pending.field) for pending in found)
            rejected.append(RejectedRow.of(self.filename, owner.line, ident, defects, kind=kind))
        rejected.sort(key=lambda row: row.line)
        return Loaded(
            tuple(thing for _, thing in alive.values()),
            tuple(rejected),
            len(raw.records) + len(raw.broken),
        )

    def raise_if_any(self) -> None:
        # In file order, record by record; within a record, in the order of the checks.
        ordered = sorted(self.errors, key=lambda pending: pending.line)
        shown = [pending.build(self.filename) for pending in ordered[:ERROR_LIMIT]]
        if len(ordered) > ERROR_LIMIT:
            raise ErrorGroup(shown, truncated=len(ordered) - ERROR_LIMIT)
        raise_collected(shown, limit=ERROR_LIMIT)

    def example(self, field: str, *examples: object) -> str:
        if self.format is Format.CSV:
            shown = [csv_text(value) for value in examples]
        else:
            shown = [f'"{field}": {json.dumps(value, ensure_ascii=False)}' for value in examples]
        return "e.g. " + " or ".join(shown)

    def suggestion(self, value: str, kind: str, candidates: Iterable[str]) -> str | None:
        """The closest of ``candidates``; one ``kind`` always names the same candidates."""
        key = (kind, value)
        if key not in self._suggestions:
            if len(self.errors) >= ERROR_LIMIT:
                return None  # not shown anyway; keep huge broken files fast
            if kind not in self._suggesters:
                self._suggesters[kind] = Suggester(candidates)
            self._suggestions[key] = self._suggesters[kind](value)
        return self._suggestions[key]

    def did_you_mean(self, value: str, kind: str, candidates: Iterable[str], otherwise: str) -> str:
        close = self.suggestion(value, kind, candidates)
        return f"did you mean '{close}'?" if close is not None else otherwise

    def hint(self, field: str | None, hint: Hint) -> str | None:
        """The hint as shown: an example written for ``field`` and this file's format."""
        if hint is None or isinstance(hint, str):
            return hint
        if isinstance(hint, Example):
            assert field is not None
            return hint.lead + self.example(field, *hint.values)
        otherwise = self.hint(field, hint.otherwise)
        assert otherwise is not None
        return self.did_you_mean(hint.value, hint.among, hint.candidates, otherwise)

    # ----- fields

    def raw(
        self,
        record: Record,
        field: str,
        examples: tuple[object, ...],
        *,
        required: bool,
        missing: str = MISSING_FIELD,
    ) -> object:
        """The field's value, or MISSING when absent, null or empty (reported if required)."""
        value = record.values.get(field, MISSING)
        if field in not_json_fields(record.values):
            return MISSING  # reported by duplicates()
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.report(record, field, not_given(value, examples, missing))
            return MISSING
        if value is MISSING and required and field not in self.quiet:
            self.report(record, field, not_given(value, examples, missing))
        return value

    def ident(
        self,
        record: Record,
        field: str,
        example: str,
        *,
        required: bool = False,
        noun: str = "id",
    ) -> str | None:
        """An id: no space at either end, in NFC (``fields.ident``)."""
        value = self.raw(record, field, (example,), required=required)
        if value is MISSING:
            return None
        return self.take(record, field, fields.ident(value, example, noun))

    def code(
        self, record: Record, field: str, example: str, *, required: bool = False
    ) -> str | None:
        value = self.raw(record, field, (example,), required=required)
        return None if value is MISSING else self.take(record, field, fields.code(value, example))

    def name(self, record: Record, field: str, example: str) -> str | None:
        value = self.raw(record, field, (example,), required=False)
        return None if value is MISSING else self.take(record, field, fields.name(value, example))

    def choice(
        self,
        record: Record,
        field: str,
        kind: type[_E],
        noun: str,
        example: str,
        *,
        required: bool,
        missing: str = MISSING_FIELD,
    ) -> _E | None:
        value = self.raw(record, field, (example,), required=required, missing=missing)
        if value is MISSING:
            return None
        return self.take(record, field, fields.member(value, kind, noun, example))

    def day(self, record: Record, field: str, example: str) -> date | None:
        value = self.raw(record, field, (example,), required=False)
        return None if value is MISSING else self.take(record, field, fields.day(value, example))

    def moment(self, record: Record, field: str, *, required: bool) -> Moment | None:
        """A date (kept as a date) or an ISO date-time (aware, or naive = the actor's time)."""
        value = self.raw(record, field, MOMENT_EXAMPLES, required=required)
        return None if value is MISSING else self.take(record, field, fields.moment(value))

    def listed(
        self,
        record: Record,
        field: str,
        example: list[str],
        check: Callable[[str], str | Problem],
    ) -> tuple[str, ...]:
        """A list field whose entries pass ``check``; the problems of all entries come first."""
        value = self.raw(record, field, (example,), required=False)
        if value is MISSING:
            return ()
        found = fields.entries(value, example, csv=self.format is Format.CSV)
        if isinstance(found, Problem):
            self.report(record, field, found)
            return ()
        for entry in found:
            if isinstance(entry, Problem):
                self.report(record, field, entry)
        good: list[str] = []
        for entry in found:
            if isinstance(entry, str):
                checked = self.take(record, field, check(entry))
                if checked is not None:
                    good.append(checked)
        return tuple(good)

    def flag(self, record: Record, field: str) -> bool | None:
        value = self.raw(record, field, (True,), required=False)
        if value is MISSING:
            return None
        return self.take(record, field, fields.flag(value, csv=self.format is Format.CSV))

    def duplicates(self, record: Record) -> None:
        """The defects of a JSON record's syntax: keys given twice, values that are not JSON."""
        for key in repeated_keys(record.values):
            self.report(record, key, REPEATED_KEY)
        for key in not_json_fields(record.values):
            found = not_json_in(record.values[key])
            assert found is not None
            self.report(record, key, not_json(found.name))


def cascade(links: Mapping[str, str], unusable: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """The lenient cascade: the rows that depend on an unusable row, and so on down.

    ``links`` maps the id of each row still in use that depends on another row (an
    event's ``ref``, an office's ``parent``) to that row's id; ``unusable`` says, before
    anything is given out, which ids are rejected or were never read. Gives (id, the id
    it depends on) for every row to reject, each once, a row before those depending on it.
    """
    return cascade_all({ident: (target,) for ident, target in links.items()}, unusable)


def cascade_all(
    links: Mapping[str, Sequence[str]], unusable: Callable[[str], bool]
) -> Iterator[tuple[str, str]]:
    """:func:`cascade` for rows that may depend on several rows (an event's ``refs``): a
    row is rejected when any of them is; given with the first of them, in its order, that
    is unusable or rejected too (whichever way the rejections were reached)."""
    children: dict[str, list[str]] = {}
    for ident, targets in links.items():
        for target in targets:
            children.setdefault(target, []).append(ident)
    work = [ident for ident, targets in links.items() if any(map(unusable, targets))]
    done: dict[str, None] = {}  # in the order found: a row before those depending on it
    while work:
        ident = work.pop()
        if ident in done:
            continue
        done[ident] = None
        work.extend(children.get(ident, ()))
    for ident in done:
        yield ident, next(t for t in links[ident] if t in done or unusable(t))


def repeated_keys(values: Mapping[str, object]) -> tuple[str, ...]:
    """The keys a JSON object had more than once (a CSV header with one is a file defect)."""
    return values.duplicates if isinstance(values, JsonObject) else ()


def not_json_fields(values: Mapping[str, object]) -> tuple[str, ...]:
    """The keys of a JSON record whose values hold ``NaN`` or ``Infinity``."""
    return values.not_json if isinstance(values, JsonObject) else ()


def not_json(word: str) -> Problem:
    """The problem of ``NaN``, ``Infinity`` or ``-Infinity`` in a JSON record."""
    return Problem(
        "DR-I061",
        f"{word} is not a JSON value (JSON has no NaN or Infinity, though some programs "
        "write them)",
        f'write a number, null, or a string such as "{word}"',
        {"value": word},
    )


REPEATED_KEY: Final = Problem(
    "DR-I022",
    "given more than once in the same record",
    "keep one of the values; the other would be silently ignored",
)


def duplicate_id(
    ident: str, first_line: int, hint: str, *, written: object = None, unit: str = "line"
) -> Problem:
    """The problem of an id already used by an earlier row of the file.

    ``ident`` is the id in NFC; ``written`` how this row wrote it, named when that is not
    NFC (other Unicode code points for the same letters); ``unit`` what ``first_line``
    counts (``row`` for rows in memory).
    """
    also = ""
    if isinstance(written, str) and written != ident:
        also = f" ({_other_form(written)}; ids are compared in Unicode NFC)"
    return Problem(
        "DR-I031",
        f"duplicate id {quote(ident)}: already used on {unit} {first_line}{also}",
        hint,
        {"id": ident, "first_line": first_line},
    )


def _other_form(written: str) -> str:
    """How ``written`` differs from its NFC form: ``written here with 'й' as 'и' + U+0306
    COMBINING BREVE``."""
    for index, char in enumerate(written):
        if index and unicodedata.combining(char):
            base = written[index - 1]
            letter = unicodedata.normalize("NFC", base + char)
            return (
                f"written here with {quote(letter)} as {quote(base)} + {fields.char_name(char)}, "
                "the same letter in other Unicode code points"
            )
    return f"written here as {quote(ascii(written)[1:-1])}, other Unicode code points"


def csv_text(value: object) -> str:
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
