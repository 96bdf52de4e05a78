"""The registry indexed for the rule lines: roles, groups, and the nearest office above."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date

from decree_rules.engine.plan import make_plan
from decree_rules.io.records import Actor
from decree_rules.lang.model import BoundKind, Decree, ForEachEvent, Term


class Offices:
    """The registry indexed for the rule lines: roles, groups and the nearest office above.

    Built once from a decree and a registry; a process that evaluates many partitions of one
    log shares one (:func:`~decree_rules.engine.evaluate.evaluate_part`'s ``offices``), so
    that no partition pays again for the whole registry.
    """

    def __init__(
        self,
        decree: Decree,
        actors: Sequence[Actor],
        by_id: Mapping[str, Actor] | None = None,
    ) -> None:
        """``by_id``, when given, is ``actors`` already indexed by id: shared, not copied
        (a national registry's index is tens of MiB in every process)."""
        self.decree = decree
        self.actors: Mapping[str, Actor] = (
            by_id if by_id is not None else {actor.id: actor for actor in actors}
        )
        self.groups = {group.name.name: group for group in decree.groups}
        self._match_cache: dict[tuple[int, int, int], bool] = {}
        self._bound_cache: dict[int, list[Actor]] = {}

    def matches(self, actor: Actor, names: Sequence[Term]) -> bool:
        """Whether ``actor`` is one of the roles or groups ``names`` (cached)."""
        # Asked once per event and duty; the answer depends only on the office's role and
        # level, so the cache stays small whatever the registry. Keyed by the identity of
        # the rule's own tuple: only pass tuples from the model. Enum members are
        # singletons, and their ids hash much faster than they do.
        key = (id(actor.role), id(actor.level), id(names))
        known = self._match_cache.get(key)
        if known is None:
            known = self._match_cache[key] = self.match(actor, names)
        return known

    def match(self, actor: Actor, names: Sequence[Term]) -> bool:
        """As :meth:`matches`, without the cache."""
        for term in names:
            group = self.groups.get(term.name)
            if group is None:
                if actor.role.value == term.name:
                    return True
                continue
            if actor.role.value not in {r.name for r in group.roles}:
                continue
            if not group.levels or (
                actor.level is not None and actor.level.value in {lv.name for lv in group.levels}
            ):
                return True
        return False

    def group_of(self, actor: Actor, names: Sequence[Term]) -> str | None:
        """The first group of ``names`` that ``actor`` is in; None when only its role is
        named."""
        for term in names:
            if term.name in self.groups and self.match(actor, (term,)):
                return term.name
        return None

    def nearest_above(
        self, actor: Actor, group: tuple[Term, ...], day: date | None = None
    ) -> Actor | None:
        """The closest office of ``group`` up ``actor``'s parent links (None: there is none).

        On ``day``, the links are the parents the offices had that day, and an office
        that did not exist that day breaks the chain (an office moved under another parent,
        a region formed later); without a day, each office's last parent.
        """
        for above in self._chain(actor, day):
            if self.matches(above, group):
                return above
        return None

    def above_on(self, actor: Actor, day: date) -> list[str]:
        """The offices up ``actor``'s parent links on ``day``, nearest first."""
        return [above.id for above in self._chain(actor, day)]

    def _chain(self, actor: Actor, day: date | None) -> Iterator[Actor]:
        """The offices up ``actor``'s parent links (on ``day``, as :meth:`nearest_above`
        reads them), nearest first, until a link is missing, loops or did not exist."""
        seen = {actor.id}
        current = actor
        while True:
            link = current.parent_on(day)
            if link is None or link in seen:
                return
            parent = self.actors.get(link)
            if parent is None or (day is not None and not parent.exists_on(day)):
                return
            yield parent
            seen.add(link)
            current = parent

    def ever_above(self, actor: Actor, group: tuple[Term, ...]) -> set[str]:
        """Every office of ``group`` that is, or was, the nearest above ``actor`` on some
        day: each chain of the parents it and the offices above it have had."""
        found: set[str] = set()
        work = [(actor, frozenset({actor.id}))]
        while work:
            current, seen = work.pop()
            for link in current.parents():
                parent = self.actors.get(link)
                if parent is None or link in seen:
                    continue
                if self.matches(parent, group):
                    found.add(parent.id)
                else:
                    work.append((parent, seen | {link}))
        return found

    def bound_actors(self, who: tuple[Term, ...]) -> list[Actor]:
        """The offices ``who`` names, in registry order."""
        bound = self._bound_cache.get(id(who))
        if bound is None:
            bound = self._bound_cache[id(who)] = [
                a for a in self.actors.values() if self.matches(a, who)
            ]
        return bound


def offices_for(decree: Decree, actors: Sequence[Actor] | Offices) -> Offices:
    """``actors`` indexed for ``decree``: the :class:`Offices` given, or built here."""
    if not isinstance(actors, Offices):
        return Offices(decree, actors)
    if actors.decree is not decree:
        raise ValueError("offices were indexed for another decree")
    return actors


def trigger_owners(
    decree: Decree, actors: Sequence[Actor] | Offices
) -> Callable[[Actor, str], frozenset[str]]:
    """For an office and an action: the other offices whose duties such an event may create
    and whose own events discharge them.

    A superset (dates and conditions are not looked at); a partitioned run sends the event
    to the partitions of these offices as well as to its own. Duties met at the meeting
    itself (who took part) are left out: they are decided where the meeting is.
    ``actors`` is the registry, or :class:`Offices` already built from it for this decree.
    Nothing is cached here: the caller asks once per office and action.
    """
    who = offices_for(decree, actors)
    duties = [
        duty
        for duty in make_plan(decree).duties
        if isinstance(duty.scope, ForEachEvent) and not duty.at_meeting
    ]

    def owners(actor: Actor, action: str) -> frozenset[str]:
        found: set[str] = set()
        for duty in duties:
            scope = duty.scope
            assert isinstance(scope, ForEachEvent)
            if (
                duty.term_below
                and scope.action.name == action
                and who.matches(actor, duty.term_below)
            ):
                # A lower office's meeting moves the start of the term of those above it.
                found.update(who.ever_above(actor, scope.by))
            if scope.action.name != action or not who.matches(actor, scope.by):
                continue
            bound = duty.bound
            if bound.kind is BoundKind.NEAREST_ABOVE:
                found.update(who.ever_above(actor, bound.who))
            elif bound.kind is not BoundKind.SAME_ACTOR:
                found.update(owner.id for owner in who.bound_actors(bound.who))
        found.discard(actor.id)
        return frozenset(found)

    return owners
