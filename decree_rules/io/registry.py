"""Reading the actor registry (contract section 1): one row per office.

Every defect is collected and reported at once. Read leniently, a row with a defect is
rejected and so is every office under a rejected parent; a registry of which no row is
usable still raises.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final

import attrs

from decree_rules.core.diagnostics import InputError
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import DEFAULT_TZ, PARENT_LEVELS, Level, Role
from decree_rules.io.checker import Checker, duplicate_id
from decree_rules.io.fields import MISSING, Example, Problem, Suggest, zone_name
from decree_rules.io.formats import Format, Raw, Record, Shape, detect, split
from decree_rules.io.records import Actor, Loaded, Tenure
from decree_rules.io.sources import quote, read_file, strip_bom

__all__ = [
    "ACTOR_FIELDS",
    "check_actor_records",
    "load_actors",
    "merge_tenures",
    "parse_actors",
    "read_actors",
]

ACTOR_FIELDS: Final = frozenset(  # other fields of a registry record are ignored
    {"id", "role", "level", "body", "parent", "tz", "from", "until", "name"}
)


_ACTOR_EXAMPLE = '{"id": "akim.almaty-region", "role": "akim", "level": "region"}'
_ACTOR_CSV_HEADER = "id,role,level,body,parent,tz,from,until,name"
ACTOR_SHAPE: Final = Shape(
    ("id", "role"), _ACTOR_EXAMPLE, _ACTOR_CSV_HEADER, frozenset({"id", "parent", "body"})
)


def read_actors(path: str | os.PathLike[str], *, lenient: bool) -> Loaded[Actor]:
    """Read the actor registry at ``path`` (JSON Lines, JSON array or CSV).

    Strict (``lenient=False``) raises :class:`~decree_rules.core.diagnostics.InputError` or
    an ``ErrorGroup`` for any defect. Lenient rejects the defective rows and raises only for
    defects of the whole file (see the module's description), or when no row at all can be
    used.
    """
    name, text = read_file(path)
    return read_actor_text(text, filename=name, fmt=None, lenient=lenient)


def load_actors(path: str | os.PathLike[str]) -> tuple[Actor, ...]:
    """Read the actor registry at ``path`` (JSON Lines, JSON array or CSV)."""
    return read_actors(path, lenient=False).records


def parse_actors(text: str, *, filename: str, fmt: Format | str | None = None) -> tuple[Actor, ...]:
    """Read an actor registry from ``text``; ``filename`` is used in messages.

    ``fmt`` is a :class:`~decree_rules.io.formats.Format` (or its value), or None to detect
    it from the file name and the first character. Raises
    :class:`~decree_rules.core.diagnostics.InputError` or an ``ErrorGroup``.
    """
    return read_actor_text(text, filename=filename, fmt=fmt, lenient=False).records


def read_actor_text(
    text: str, *, filename: str, fmt: Format | str | None, lenient: bool
) -> Loaded[Actor]:
    """The registry in ``text``, read strictly or leniently."""
    text = strip_bom(text)
    found = detect(filename, fmt, text)
    if not text.strip():
        raise _no_records(filename, found)
    raw = split(text, filename, found, ACTOR_SHAPE, lenient=lenient)
    if not raw.records and not raw.errors and not raw.broken:
        raise _no_records(filename, found)
    return check_actor_records(raw, filename=filename, fmt=found, lenient=lenient)


def check_actor_records(
    raw: Raw, *, filename: str, fmt: Format, lenient: bool, unit: str = "line"
) -> Loaded[Actor]:
    """The offices of records split already (from a file, or rows in memory), checked;
    ``unit`` is what the records' numbers count (``row`` for rows in memory)."""
    checker = ActorChecker(filename, fmt, raw.missing_columns, unit=unit)
    checker.add(raw.errors)
    checker.add_broken(raw.broken)
    drafts = [checker.actor(record) for record in raw.records]
    checker.actor_links(raw.records, drafts, complete=raw.complete)
    if not lenient or raw.errors:
        checker.raise_if_any()
        return Loaded(tuple(merge_tenures([d.actor for d in drafts if d.actor is not None])))
    alive = checker.usable_offices(raw.records, [draft.actor for draft in drafts])
    checker.reject_dependents(alive, lambda actor: actor.parent, "parent", _unknown_parent)
    if not alive:
        checker.raise_if_any()  # no office is usable: nothing could be checked
    return checker.loaded(raw, alive, "actor")


def merge_tenures(actors: Sequence[Actor]) -> list[Actor]:
    """One office per id, in the order first seen: the rows of an office over time (each
    with its ``from`` and ``until``) become its tenures, in date order."""
    by_id: dict[str, list[Actor]] = {}
    for actor in actors:
        by_id.setdefault(actor.id, []).append(actor)
    merged: list[Actor] = []
    for rows in by_id.values():
        if len(rows) == 1:
            merged.append(rows[0])
            continue
        rows.sort(key=lambda row: row.valid_from or date.min)
        tenures = tuple(
            Tenure(row.valid_from, row.valid_until, row.parent, row.name, row.location)
            for row in rows
        )
        first, last = rows[0], rows[-1]
        merged.append(
            attrs.evolve(
                last,
                valid_from=first.valid_from,
                valid_until=last.valid_until,
                location=first.location,
                tenures=tenures,
            )
        )
    return merged


def _unknown_parent(parent: str, rejected: bool) -> Problem:
    why = "its registry row was rejected" if rejected else "no readable row has that id"
    return Problem("DR-I033", f"unknown actor {quote(parent)} ({why})", args={"actor": parent})


def _no_records(filename: str, fmt: Format) -> InputError:
    if fmt is Format.CSV:
        example = f"a header row ({_ACTOR_CSV_HEADER}) and one row per office"
    else:
        example = _ACTOR_EXAMPLE if fmt is Format.JSONL else f"[{_ACTOR_EXAMPLE}]"
    return InputError(
        "the file has no records",
        Location(filename),
        code="DR-I017",
        hint=f"an actor registry needs one record per office, e.g. {example}",
    )


@attrs.frozen
class _ActorDraft:
    actor: Actor | None
    id: str | None
    role: Role | None
    parent: str | None
    level: Level | None = None


_AKIM_NEEDS_LEVEL: Final = "missing required field: an akim needs a level"


class ActorChecker(Checker):
    """The checks of registry records: each record, then the links between them."""

    tenure_rows: set[int]
    """The rows (by identity) that are a later row of an office with several."""

    def usable_offices(
        self, records: Sequence[Record], made: Sequence[Actor | None]
    ) -> dict[str, tuple[Record, Actor]]:
        """As :meth:`Checker.usable`; the rows of one office over time are joined."""
        later: set[int] = getattr(self, "tenure_rows", set())
        pairs = list(zip(records, made, strict=True))
        alive = self.usable(
            [r for r, _ in pairs if id(r) not in later],
            [a for r, a in pairs if id(r) not in later],
        )
        bad = {id(pending.owner) for pending in self.errors}
        for record, actor in pairs:
            joins = id(record) in later and id(record) not in bad
            if joins and actor is not None and actor.id in alive:
                first_record, first = alive[actor.id]
                alive[actor.id] = (first_record, merge_tenures([*_rows(first), actor])[0])
        return alive

    def actor(self, record: Record) -> _ActorDraft:
        start = len(self.errors)
        self.duplicates(record)
        ident = self.ident(record, "id", "akim.almaty-region", required=True)
        role = self.choice(record, "role", Role, "role", "akim", required=True)
        level: Level | None = None
        if role is None or role is Role.AKIM:
            level = self.choice(
                record,
                "level",
                Level,
                "level",
                "region",
                required=role is Role.AKIM,
                missing=_AKIM_NEEDS_LEVEL,
            )
        elif self.raw(record, "level", ("region",), required=False) is not MISSING:
            self.report(
                record,
                "level",
                Problem(
                    "DR-I025",
                    f"only akims have a level; this actor's role is '{role.value}'",
                    'remove the level, or correct the role to "akim"',
                    {"role": role.value},
                ),
            )
        body = self.ident(record, "body", "finance", noun="body")  # compared exactly
        name = self.name(record, "name", "Akim of Almaty Region")
        parent = self.ident(record, "parent", "akim.almaty-region")
        tz = self.code(record, "tz", DEFAULT_TZ)
        if tz is not None:
            tz = self.take(record, "tz", zone_name(tz))
        valid_from = self.day(record, "from", "2022-06-08")
        valid_until = self.day(record, "until", "2024-12-31")
        if valid_from is not None and valid_until is not None and valid_until < valid_from:
            self.report(
                record,
                "until",
                Problem(
                    "DR-I030",
                    f"the office ends before it starts: until {valid_until} is before "
                    f"from {valid_from}",
                    "swap the dates, or correct one of them",
                    {"from": valid_from.isoformat(), "until": valid_until.isoformat()},
                ),
            )
        actor = None
        if len(self.errors) == start and ident is not None and role is not None:
            actor = Actor(
                id=ident,
                role=role,
                level=level,
                body=body,
                parent=parent,
                tz=tz or DEFAULT_TZ,
                valid_from=valid_from,
                valid_until=valid_until,
                name=name,
                location=Location(self.filename, record.line),
            )
        return _ActorDraft(actor, ident, role, parent, level)

    def actor_links(
        self, records: Sequence[Record], drafts: Sequence[_ActorDraft], *, complete: bool
    ) -> None:
        """Duplicate ids, and parents that must be other akims in the file, of a level
        above the office's, without loops.

        When a syntax error stopped the reading (``complete`` is false), a parent that was
        not seen may be in the unread part, so it is not reported.
        """
        self.tenure_rows = set()
        first, kinds = self._first_rows(records, drafts)
        parents: dict[str, str] = {}
        where: dict[str, Record] = {}
        misplaced: dict[str, Problem] = {}
        for record, draft in zip(records, drafts, strict=True):
            if draft.parent is None:
                continue
            problem = _parent_problem(draft, kinds, complete=complete)
            if problem is not None and problem.code not in _LEVEL_CODES:
                self.report(record, "parent", problem)
            elif draft.parent not in kinds:
                continue  # an unknown parent in a file not read to the end
            elif draft.id is not None and first.get(draft.id) == record.line:
                parents[draft.id] = draft.parent
                where[draft.id] = record
                if problem is not None:
                    misplaced[draft.id] = problem
            elif problem is not None:
                self.report(record, "parent", problem)
        looped = self._parent_loops(parents, where)
        for ident, problem in misplaced.items():
            if ident not in looped:  # a loop says more than the levels in it
                self.report(where[ident], "parent", problem)

    def _first_rows(
        self, records: Sequence[Record], drafts: Sequence[_ActorDraft]
    ) -> tuple[dict[str, int], dict[str, _ActorDraft]]:
        """Report the rows that repeat an id (in NFC); the line and the draft of each id's
        first row."""
        first: dict[str, int] = {}
        kinds: dict[str, _ActorDraft] = {}
        rows: dict[str, list[_ActorDraft]] = {}
        for record, draft in zip(records, drafts, strict=True):
            if draft.id is None:
                continue
            if draft.id in first and self._another_tenure(record, draft, rows[draft.id]):
                rows[draft.id].append(draft)
                self.tenure_rows.add(id(record))
                continue
            if draft.id in first:
                self.report(
                    record,
                    "id",
                    duplicate_id(
                        draft.id,
                        first[draft.id],
                        _DATED_ROWS
                        if draft.actor is not None
                        and (draft.actor.valid_from or draft.actor.valid_until)
                        else "every office needs its own id, e.g. akim.almaty-region and "
                        "akim.almaty-city",
                        written=record.values.get("id"),
                        unit=self.unit,
                    ),
                )
                continue
            first[draft.id] = record.line
            kinds[draft.id] = draft
            rows[draft.id] = [draft]
        return first, kinds

    def _another_tenure(
        self, record: Record, draft: _ActorDraft, earlier: Sequence[_ActorDraft]
    ) -> bool:
        """Whether a row that repeats an id is a later (or earlier) row of that office:
        dated, on days no other row covers, and the same office otherwise (DR-I065)."""
        actor = draft.actor
        others = [row.actor for row in earlier]
        if actor is None or any(other is None for other in others):
            return False
        dated = [a for a in (actor, *others) if a is not None]
        if any(a.valid_from is None and a.valid_until is None for a in dated):
            return False  # an undated row covers every day: a plain duplicate
        if any(_overlap(actor, other) for other in others if other is not None):
            return False
        first = others[0]
        assert first is not None
        for field in ("role", "level", "body", "tz"):
            if getattr(actor, field) != getattr(first, field):
                shown = getattr(actor, field)
                self.report(
                    record,
                    field,
                    Problem(
                        "DR-I065",
                        f"the rows of office {quote(actor.id)} over time may change its "
                        f"parent and name, not its {field} (line {first.location.line} "
                        f"has {_shown(getattr(first, field))}, this row {_shown(shown)})",
                        "an office of another role or level is another office: give it "
                        "its own id, and an 'until' to the old one",
                        {"id": actor.id, "field": field, "first_line": first.location.line},
                    ),
                )
                return True
        return True

    def _parent_loops(self, parents: Mapping[str, str], where: Mapping[str, Record]) -> set[str]:
        """Report each loop of parents once; the ids of the offices in loops."""
        looped: set[str] = set()
        done: set[str] = set()
        for start in parents:
            path: list[str] = []
            index: dict[str, int] = {}
            node: str | None = start
            while node is not None and node not in done and node not in index:
                index[node] = len(path)
                path.append(node)
                node = parents.get(node)
            if node is not None and node in index:
                loop = path[index[node] :]
                looped.update(loop)
                first = min(loop, key=lambda member: where[member].line)
                at = loop.index(first)
                chain = [*loop[at:], *loop[:at], first]
                self.report(
                    where[first],
                    "parent",
                    Problem(
                        "DR-I035",
                        f"the parent chain loops: {' -> '.join(chain)}",
                        "a parent must be higher up: a rural akim's parent is a district, a "
                        "district's parent is a region",
                        {"chain": chain},
                    ),
                )
            done.update(path)
        return looped


_DATED_ROWS: Final = (
    "the rows of one office over time (moved, renamed, re-formed) need 'from' and "
    "'until' dates that do not overlap, e.g. until 2022-06-07 on the old row and from "
    "2022-06-08 on the new one"
)


def _rows(actor: Actor) -> list[Actor]:
    """An office's rows again, to join another one to them."""
    if not actor.tenures:
        return [actor]
    return [
        attrs.evolve(
            actor,
            valid_from=t.valid_from,
            valid_until=t.valid_until,
            parent=t.parent,
            name=t.name,
            location=t.location,
            tenures=(),
        )
        for t in actor.tenures
    ]


def _overlap(one: Actor, other: Actor) -> bool:
    """Whether two rows of an office cover a common day."""
    start = max(one.valid_from or date.min, other.valid_from or date.min)
    end = min(one.valid_until or date.max, other.valid_until or date.max)
    return start <= end


def _shown(value: object) -> str:
    if value is None:
        return "none"
    return f"'{getattr(value, 'value', value)}'"


_LEVEL_CODES: Final = frozenset({"DR-I062", "DR-I063"})  # told unless the office is in a loop

_LEVEL_WORDS: Final = {
    Level.REGION: "a region",
    Level.REPUBLICAN_CITY: "a city of republican significance",
    Level.CAPITAL: "the capital",
    Level.DISTRICT: "a district",
    Level.REGIONAL_CITY: "a city of regional significance",
    Level.CITY_DISTRICT: "a city district",
    Level.RURAL: "a rural okrug or settlement",
}


def _parent_problem(
    draft: _ActorDraft, kinds: Mapping[str, _ActorDraft], *, complete: bool
) -> Problem | None:
    """What is wrong with ``draft``'s parent, if anything; ``kinds`` are the first rows."""
    parent = draft.parent
    assert parent is not None
    if draft.id is not None and parent == draft.id:
        return Problem(
            "DR-I032",
            "an actor cannot be its own parent",
            Example(("akim.almaty-region",), "the parent is the superior akim, "),
        )
    if parent not in kinds:
        if not complete:
            return None
        return Problem(
            "DR-I033",
            f"unknown actor {quote(parent)} (no actor in this file has that id)",
            Suggest(parent, "actor", kinds, "the parent must be the id of an akim in this file"),
            {"actor": parent},
        )
    role = kinds[parent].role
    if role not in (Role.AKIM, None):
        assert role is not None
        return Problem(
            "DR-I034",
            f"the parent must be an akim, but {quote(parent)} is a {role.value}",
            "the parent is the superior akim (a district's region, a rural akim's district)",
            {"actor": parent, "role": role.value},
        )
    return _misplaced(draft, kinds[parent])


def _misplaced(child: _ActorDraft, parent: _ActorDraft) -> Problem | None:
    """The problem of an akim whose ``parent`` cannot be above it, if it is one.

    Only akims of a level that has one take a parent, and it must be of a level above
    theirs (:data:`~decree_rules.core.vocabulary.PARENT_LEVELS`).
    """
    assert child.parent is not None
    if child.role is not Role.AKIM:
        if child.role is None:
            return None
        return Problem(
            "DR-I062",
            f"only akims have a parent; this office is a {child.role.value}",
            "remove the parent",
            {"role": child.role.value, "parent": child.parent},
        )
    if child.level is None or parent.level is None or parent.role is not Role.AKIM:
        return None  # reported already: a missing or unknown level, a parent not an akim
    allowed = PARENT_LEVELS[child.level]
    if not allowed:
        return Problem(
            "DR-I062",
            f"the akim of {_LEVEL_WORDS[child.level]} ({child.level.value}) is at the top "
            f"of the hierarchy and has no parent, but its parent is {quote(child.parent)}",
            "remove the parent, or correct the level (a district's level is district)",
            {"level": child.level.value, "parent": child.parent},
        )
    if parent.level in allowed:
        return None
    expected = " or ".join(f"{_LEVEL_WORDS[level]} ({level.value})" for level in allowed)
    return Problem(
        "DR-I063",
        f"the parent of the akim of {_LEVEL_WORDS[child.level]} ({child.level.value}) must "
        f"be the akim of {expected}, but {quote(child.parent)} is the akim of "
        f"{_LEVEL_WORDS[parent.level]} ({parent.level.value})",
        "the parent is the superior akim: a district's region, a rural okrug's district, "
        "a city district's city",
        {
            "level": child.level.value,
            "parent": child.parent,
            "parent_level": parent.level.value,
            "expected": [level.value for level in allowed],
        },
    )
