"""The reporting side of the checks: defects collected on records, located when shown.

A :class:`Checker` checks the raw records of one file field by field and collects every
defect (a :class:`Pending`, located in the text only when it is shown). Read strictly,
the defects are raised at once, in file order; read leniently, the defective rows are
rejected (:class:`~decree_rules.io.records.RejectedRow`) and the others are used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Final, Literal, TypeVar

import attrs

from decree_rules.core.diagnostics import DecreeRulesError, ErrorGroup, InputError, raise_collected
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import Action, Channel, Level, Recipient, Role, values
from decree_rules.io.fields import (
    BAD_HINT,
    DATE,
    DATETIME,
    FALSE,
    MISSING,
    NOT_IN_CODES,
    NOT_IN_TEXT,
    TIME_ONLY,
    TRUE,
    YEARS,
    Suggester,
    bad_character,
    char_name,
    csv_text,
    no_such_date,
    shared_zone,
    year_message,
)
from decree_rules.io.formats import Broken, Format, JsonObject, Raw, Record
from decree_rules.io.records import Actor, Event, Loaded, Moment, RejectedRow
from decree_rules.io.sources import clip, describe, quote, shown_id

__all__ = ["ERROR_LIMIT"]

ERROR_LIMIT: Final = 100
"""At most this many errors are shown; the rest are counted."""


_E = TypeVar("_E", Role, Level, Action, Channel, Recipient)
_R = TypeVar("_R", Actor, Event)


@attrs.frozen
class Pending:
    """A defect found at ``line`` (where its record starts), built when shown.

    ``owner`` is the record (or broken row) it rejects; None for a defect of the file.
    ``error`` is the error when it was made already (a syntax error of the file).
    """

    line: int
    field: str | None
    message: str
    owner: Record | Broken | None = None
    hint: str | None = None
    item: object = None
    error: DecreeRulesError | None = None

    def build(self, filename: str) -> DecreeRulesError:
        if self.error is not None:
            return self.error
        assert isinstance(self.owner, Record)
        spot = self.owner.spot(self.field, self.item)
        return InputError(
            self.message,
            Location(filename, spot.line, spot.column, spot.length, self.field),
            source_line=clip(spot.source_line, spot.column),
            hint=self.hint,
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
    ) -> None:
        self.filename = filename
        self.format = fmt
        self.quiet = quiet  # required columns already reported missing from a CSV header
        self.rejected_actors = rejected_actors  # registry rows a lenient read rejected
        self.errors: list[Pending] = []
        self._suggestions: dict[tuple[str, str], str | None] = {}
        self._suggesters: dict[str, Suggester] = {}

    # ----- reporting

    def error(
        self,
        record: Record,
        field: str | None,
        message: str,
        *,
        hint: str | None = None,
        item: object = None,
    ) -> None:
        """Record a defect; it is rendered (located in the text) only if it is shown."""
        self.errors.append(Pending(record.line, field, message, record, hint, item))

    def add(self, errors: Iterable[DecreeRulesError]) -> None:
        for error in errors:
            line = error.location.line or 0
            self.errors.append(Pending(line, error.location.field, error.message, error=error))

    def add_broken(self, rows: Iterable[Broken]) -> None:
        for row in rows:
            self.errors.append(Pending(row.line, None, row.error.message, row, error=row.error))

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
                self.error(record, None, "the record could not be used")
                continue
            alive[thing.id] = (record, thing)
        return alive

    def cascade(
        self,
        alive: dict[str, tuple[Record, _R]],
        link: Callable[[_R], str | None],
        field: str,
        message: Callable[[str, bool], str],
    ) -> None:
        """Reject, in ``alive``, every record whose ``link`` names a record not in it."""
        gone = self.rejected_ids()
        children: dict[str, list[str]] = {}
        waiting: list[str] = []
        for ident, (_, thing) in alive.items():
            target = link(thing)
            if target is None:
                continue
            children.setdefault(target, []).append(ident)
            if target not in alive:
                waiting.append(ident)
        while waiting:
            ident = waiting.pop()
            entry = alive.pop(ident, None)
            if entry is None:
                continue
            record, thing = entry
            target = link(thing)
            assert target is not None
            self.error(record, field, message(target, target in gone))
            gone.add(ident)
            waiting.extend(children.get(ident, ()))

    def rejected_ids(self) -> set[str]:
        ids: set[str] = set()
        for pending in self.errors:
            owner = pending.owner
            if isinstance(owner, Broken) and owner.id is not None:
                ids.add(owner.id)
            elif isinstance(owner, Record):
                ident = owner.values.get("id")
                if isinstance(ident, str):
                    ids.add(ident)
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
            messages = tuple(dict.fromkeys(row_message(pending) for pending in found))
            rejected.append(RejectedRow(self.filename, owner.line, ident, messages, kind=kind))
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

    # ----- fields

    def raw(
        self,
        record: Record,
        field: str,
        example: Sequence[object],
        *,
        required: bool,
        missing: str = "missing required field",
    ) -> object:
        """The field's value, or MISSING when absent, null or empty (reported if required)."""
        value = record.values.get(field, MISSING)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(
                    record, field, "required field is empty", hint=self.example(field, *example)
                )
            return MISSING
        if value is MISSING and required and field not in self.quiet:
            self.error(record, field, missing, hint=self.example(field, *example))
        return value

    def string(
        self, record: Record, field: str, example: str, *, required: bool = False
    ) -> str | None:
        value = self.text(record, field, example, required=required)
        if value is None:
            return None
        bad = (NOT_IN_TEXT if field == "name" else NOT_IN_CODES).search(value)
        if bad is not None:
            self.error(record, field, bad_character(value, bad.group()), hint=BAD_HINT)
            return None
        return value

    def choice(
        self,
        record: Record,
        field: str,
        kind: type[_E],
        noun: str,
        example: str,
        *,
        required: bool,
        missing: str = "missing required field",
    ) -> _E | None:
        value = self.text(record, field, example, required=required, missing=missing)
        if value is None:
            return None
        return self.member(record, field, value, kind, noun, example)

    def text(
        self,
        record: Record,
        field: str,
        example: str,
        *,
        required: bool,
        missing: str = "missing required field",
    ) -> str | None:
        """The field's value if it is a string; None (with the error reported) otherwise."""
        value = self.raw(record, field, [example], required=required, missing=missing)
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.error(
                record,
                field,
                f"expected a string, found {describe(value)}",
                hint=self.example(field, example),
            )
            return None
        return value

    def member(
        self,
        record: Record,
        field: str,
        value: str,
        kind: type[_E],
        noun: str,
        example: object,
        *,
        item: bool = False,
    ) -> _E | None:
        try:
            return kind(value)
        except ValueError:
            pass
        names = values(kind)
        # A look-alike letter from another alphabet (Cyrillic 'е' for 'e') is named.
        odd = next((ch for ch in value if not ch.isascii() and ch.isprintable()), None)
        look = ""
        if odd is not None:
            look = f" (with the non-Latin letter '{odd}', {char_name(odd)})"
        self.error(
            record,
            field,
            f"unknown {noun} {quote(value)}{look}; expected one of: {', '.join(names)}",
            hint=self.did_you_mean(value, noun, names, self.example(field, example)),
            item=value if item else None,
        )
        return None

    def day(self, record: Record, field: str, example: str) -> date | None:
        text = self.string(record, field, example)
        if text is None:
            return None
        reason = no_such_date(text)
        if reason is not None:
            self.error(
                record,
                field,
                f"no such date: {quote(text)} ({reason})",
                hint=self.example(field, example),
            )
            return None
        if DATE.fullmatch(text) is None:
            self.error(
                record,
                field,
                f"expected a date like 2024-02-15, found {quote(text)}",
                hint=self.example(field, example),
            )
            return None
        day = date.fromisoformat(text)
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.error(
                record, field, year_message(day.year, text), hint=self.example(field, example)
            )
            return None
        return day

    def moment(self, record: Record, field: str, *, required: bool) -> Moment | None:
        """A date (kept as a date) or an ISO date-time (aware, or naive = the actor's time)."""
        examples = ("2024-02-15", "2024-02-15T10:00:00+05:00")
        value = self.raw(record, field, examples, required=required)
        if value is MISSING:
            return None

        def fail(message: str, hint: str | None = None) -> None:
            self.error(record, field, message, hint=hint or self.example(field, *examples))

        if not isinstance(value, str):
            fail(f"expected a string, found {describe(value)}")
            return None
        text = value.strip() if self.format is Format.CSV else value
        if DATE.fullmatch(text):
            reason = no_such_date(text)
            if reason is not None:
                fail(f"no such date: {quote(text)} ({reason})")
                return None
            day = date.fromisoformat(text)
            if not YEARS[0] <= day.year <= YEARS[1]:
                fail(year_message(day.year, text))
                return None
            return day
        whole = DATETIME.fullmatch(text)
        if whole is not None:
            try:
                moment = datetime.fromisoformat(text)
                if not YEARS[0] <= moment.year <= YEARS[1]:
                    fail(year_message(moment.year, text))
                    return None
                return shared_zone(moment)
            except ValueError as exc:
                reason = no_such_date(whole.group(1))
                if reason is not None:
                    fail(f"no such date: {quote(whole.group(1))} ({reason})")
                    return None
                why = str(exc)
                known = why.endswith(("must be in 0..23", "must be in 0..59"))
                fail(
                    "expected a date-time like 2024-02-15T10:00:00+05:00, found "
                    + quote(text)
                    + (f" ({why})" if known else "")
                )
                return None
        if TIME_ONLY.fullmatch(text):
            fail(
                f"a time without a date: {quote(text)}",
                "write the day too, " + self.example(field, "2024-02-15T10:00:00+05:00"),
            )
            return None
        fail(
            "expected a date like 2024-02-15 or a date-time like "
            f"2024-02-15T10:00:00+05:00, found {quote(text)}"
        )
        return None

    def items(self, record: Record, field: str, example: list[str]) -> list[str] | None:
        """A list field: a JSON array of strings, or a CSV cell of ';'-separated values."""
        value = self.raw(record, field, [example], required=False)
        if value is MISSING:
            return None
        if self.format is Format.CSV and isinstance(value, str):
            return [part.strip() for part in value.split(";") if part.strip()]
        if not isinstance(value, list):
            self.error(
                record,
                field,
                f"expected an array of strings, found {describe(value)}",
                hint=self.example(field, example),
            )
            return None
        good: list[str] = []
        for entry in value:
            bad = NOT_IN_CODES.search(entry) if isinstance(entry, str) else None
            if bad is not None:
                self.error(
                    record, field, bad_character(entry, bad.group()), hint=BAD_HINT, item=entry
                )
            elif isinstance(entry, str) and entry.strip():
                good.append(entry)
            else:
                self.error(
                    record,
                    field,
                    f"expected an array of strings, found {describe(entry)} in it",
                    hint=self.example(field, example),
                    item=entry,
                )
        return good

    def flag(self, record: Record, field: str) -> bool | None:
        value = self.raw(record, field, [True], required=False)
        if value is MISSING:
            return None
        if isinstance(value, bool):
            return value
        if self.format is Format.CSV and isinstance(value, str):
            word = value.strip().lower()
            if word in TRUE:
                return True
            if word in FALSE:
                return False
            self.error(
                record,
                field,
                f"expected true or false (or yes/no, 1/0), found {quote(value)}",
                hint="e.g. true or false",
            )
            return None
        self.error(
            record,
            field,
            f"expected true or false, found {describe(value)}",
            hint=self.example(field, True, False),
        )
        return None

    def duplicates(self, record: Record) -> None:
        if isinstance(record.values, JsonObject):
            for key in record.values.duplicates:
                self.error(
                    record,
                    key,
                    "given more than once in the same record",
                    hint="keep one of the values; the other would be silently ignored",
                )
