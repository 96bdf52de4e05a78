"""Reading the actor registry (contract section 1): one row per office.

Every defect is collected and reported at once. Read leniently, a row with a defect is
rejected and so is every office under a rejected parent; a registry of which no row is
usable still raises.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from decree_rules.core.diagnostics import InputError
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import DEFAULT_TZ, Level, Role
from decree_rules.io.checker import Checker, duplicate_id
from decree_rules.io.fields import MISSING, Example, Problem, Suggest, zone_name
from decree_rules.io.formats import Format, Record, Shape, detect, split
from decree_rules.io.records import Actor, Loaded
from decree_rules.io.sources import quote, read_file, strip_bom

__all__ = ["ACTOR_FIELDS", "load_actors", "parse_actors", "read_actors"]

ACTOR_FIELDS: Final = frozenset(  # other fields of a registry record are ignored
    {"id", "role", "level", "body", "parent", "tz", "from", "until", "name"}
)


_ACTOR_EXAMPLE = '{"id": "akim.almaty-region", "role": "akim", "level": "region"}'
_ACTOR_CSV_HEADER = "id,role,level,body,parent,tz,from,until,name"
ACTOR_SHAPE: Final = Shape(("id", "role"), _ACTOR_EXAMPLE, _ACTOR_CSV_HEADER)


def read_actors(path: str | os.PathLike[str], *, lenient: bool) -> Loaded[Actor]:
    """Read the actor registry at ``path`` (JSON Lines, JSON array or CSV).

    Strict (``lenient=False``) raises :class:`InputError` or an ``ErrorGroup`` for any
    defect. Lenient rejects the defective rows and raises only for defects of the whole
    file (see the module's description), or when no row at all can be used.
    """
    name, text = read_file(path)
    return read_actor_text(text, filename=name, fmt=None, lenient=lenient)


def load_actors(path: str | os.PathLike[str]) -> tuple[Actor, ...]:
    """Read the actor registry at ``path`` (JSON Lines, JSON array or CSV)."""
    return read_actors(path, lenient=False).records


def parse_actors(text: str, *, filename: str, fmt: Format | str | None = None) -> tuple[Actor, ...]:
    """Read an actor registry from ``text``; ``filename`` is used in messages.

    ``fmt`` is a :class:`~decree_rules.io.formats.Format` (or its value), or None to
    detect it from the file name and the first character. Raises :class:`InputError` or
    an ``ErrorGroup``.
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
    checker = ActorChecker(filename, found, raw.missing_columns)
    checker.add(raw.errors)
    checker.add_broken(raw.broken)
    if not raw.records and not raw.errors and not raw.broken:
        raise _no_records(filename, found)
    drafts = [checker.actor(record) for record in raw.records]
    checker.actor_links(raw.records, drafts, complete=raw.complete)
    if not lenient or raw.errors:
        checker.raise_if_any()
        return Loaded(tuple(draft.actor for draft in drafts if draft.actor is not None))
    alive = checker.usable(raw.records, [draft.actor for draft in drafts])
    checker.reject_dependents(alive, lambda actor: actor.parent, "parent", _unknown_parent)
    if not alive:
        checker.raise_if_any()  # no office is usable: nothing could be checked
    return checker.loaded(raw, alive, "actor")


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


_AKIM_NEEDS_LEVEL: Final = "missing required field: an akim needs a level"


class ActorChecker(Checker):
    """The checks of registry records: each record, then the links between them."""

    def actor(self, record: Record) -> _ActorDraft:
        start = len(self.errors)
        self.duplicates(record)
        ident = self.code(record, "id", "akim.almaty-region", required=True)
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
        body = self.code(record, "body", "finance")
        name = self.name(record, "name", "Akim of Almaty Region")
        parent = self.code(record, "parent", "akim.almaty-region")
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
        return _ActorDraft(actor, ident, role, parent)

    def actor_links(
        self, records: Sequence[Record], drafts: Sequence[_ActorDraft], *, complete: bool
    ) -> None:
        """Duplicate ids, and parents that must be other akims in the file, without loops.

        When a syntax error stopped the reading (``complete`` is false), a parent that was
        not seen may be in the unread part, so it is not reported.
        """
        first, roles = self._first_rows(records, drafts)
        parents: dict[str, str] = {}
        where: dict[str, Record] = {}
        for record, draft in zip(records, drafts, strict=True):
            if draft.parent is None:
                continue
            if draft.id is not None and draft.parent == draft.id:
                self.report(
                    record,
                    "parent",
                    Problem(
                        "DR-I032",
                        "an actor cannot be its own parent",
                        Example(("akim.almaty-region",), "the parent is the superior akim, "),
                    ),
                )
            elif draft.parent not in roles:
                if not complete:
                    continue
                self.report(
                    record,
                    "parent",
                    Problem(
                        "DR-I033",
                        f"unknown actor {quote(draft.parent)} (no actor in this file has that id)",
                        Suggest(
                            draft.parent,
                            "actor",
                            roles,
                            "the parent must be the id of an akim in this file",
                        ),
                        {"actor": draft.parent},
                    ),
                )
            elif roles[draft.parent] not in (Role.AKIM, None):
                role = roles[draft.parent]
                assert role is not None
                self.report(
                    record,
                    "parent",
                    Problem(
                        "DR-I034",
                        f"the parent must be an akim, but {quote(draft.parent)} is a {role.value}",
                        "the parent is the superior akim (a district's region, a rural "
                        "akim's district)",
                        {"actor": draft.parent, "role": role.value},
                    ),
                )
            elif draft.id is not None and first.get(draft.id) == record.line:
                parents[draft.id] = draft.parent
                where[draft.id] = record
        self._parent_loops(parents, where)

    def _first_rows(
        self, records: Sequence[Record], drafts: Sequence[_ActorDraft]
    ) -> tuple[dict[str, int], dict[str, Role | None]]:
        """Report the rows that repeat an id; the line and the role of each id's first row."""
        first: dict[str, int] = {}
        roles: dict[str, Role | None] = {}
        for record, draft in zip(records, drafts, strict=True):
            if draft.id is None:
                continue
            if draft.id in first:
                self.report(
                    record,
                    "id",
                    duplicate_id(
                        draft.id,
                        first[draft.id],
                        "every office needs its own id, e.g. akim.almaty-region and "
                        "akim.almaty-city",
                    ),
                )
                continue
            first[draft.id] = record.line
            roles[draft.id] = draft.role
        return first, roles

    def _parent_loops(self, parents: Mapping[str, str], where: Mapping[str, Record]) -> None:
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
