"""What changes between two texts of the rules: clause by clause, part by part, from when.

:func:`compare_rules` compares two rule sets over time (the decree and the decree with an
amending act, say): on each day either set changes, the texts in force that day are
compared, and each difference is reported once, from the first day it holds.
:func:`compare_days` compares one rule set on two days. A difference is data (the part of
the clause, the old and the new wording in the rule language, the day, the act); the
explain layer words it ("clause 5: notice 10 calendar days -> 1 month, from 2018-01-11").

>>> from decree_rules.lang.load import load_decree
>>> [d.aspect.value for d in compare_days(load_decree(), date(2017, 1, 1), date(2019, 1, 1))]
[]
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from decree_rules.lang.format import (
    counting_text,
    deadline_text,
    duration_text,
    rule_lines,
    scope_text,
)
from decree_rules.lang.model import (
    After,
    Before,
    Clause,
    Decree,
    Rule,
    clause_versions,
    version_on,
)


class Aspect(enum.Enum):
    """The part of a clause that differs."""

    ADDED = "added"  # the clause is in the new text only
    REMOVED = "removed"  # the clause is in the old text only (repealed)
    TITLE = "title"
    TEXT = "text"  # the clause's text in one language (``language``)
    NOTICE = "notice"  # 'at least N ... before': the length of the notice
    TERM = "term"  # 'within N ... after': the length of the term
    DEADLINE = "deadline"  # another kind of deadline
    SCOPE = "scope"  # what creates the duties
    OBLIGATION = "obligation"  # the '... must ...' line: who owes what
    COUNTING = "counting"
    QUALIFIERS = "qualifiers"  # 'events earlier ... count', 'except ...', 'one event serves'
    DUTY = "duty"  # a duty set or taken away (the clause sets one in one text only)


@attrs.frozen
class Difference:
    """One part of one clause that reads otherwise in the new text, from ``since``.

    ``old`` and ``new`` are that part as the rule language writes it (None where the
    part is absent); ``act`` is the act that gave the new text, if any.
    """

    clause: str
    aspect: Aspect
    old: str | None
    new: str | None
    since: date | None = None
    act: str | None = None
    language: str | None = None

    def to_json(self) -> dict[str, object]:
        pairs = {
            "clause": self.clause,
            "aspect": self.aspect.value,
            "old": self.old,
            "new": self.new,
            "since": self.since.isoformat() if self.since is not None else None,
            "act": self.act,
            "language": self.language,
        }
        return {key: value for key, value in pairs.items() if value is not None}


def compare_clauses(old: Clause | None, new: Clause | None) -> list[Difference]:
    """The parts that differ between two texts of one clause (either may be missing)."""
    if old is None and new is None:
        return []
    if old is None or new is None:
        present = new or old
        assert present is not None
        aspect = Aspect.ADDED if old is None else Aspect.REMOVED
        title = present.title
        return [
            Difference(
                present.number,
                aspect,
                None if old is None else title,
                None if new is None else title,
            )
        ]
    number = new.number
    found: list[Difference] = []
    if old.title != new.title:
        found.append(Difference(number, Aspect.TITLE, old.title, new.title))
    languages = dict.fromkeys(t.language.name for t in (*old.texts, *new.texts))
    for language in languages:
        before, after = old.text(language), new.text(language)
        if before != after:
            found.append(Difference(number, Aspect.TEXT, before, after, language=language))
    found.extend(_compare_rules(number, old.rule, new.rule))
    before_counting = counting_text(old.counting) if old.counting else None
    after_counting = counting_text(new.counting) if new.counting else None
    if before_counting != after_counting:
        found.append(Difference(number, Aspect.COUNTING, before_counting, after_counting))
    return found


def _compare_rules(number: str, old: Rule | None, new: Rule | None) -> list[Difference]:
    if old is None and new is None:
        return []
    if old is None or new is None:
        before = "\n".join(rule_lines(old)) if old is not None else None
        after = "\n".join(rule_lines(new)) if new is not None else None
        return [Difference(number, Aspect.DUTY, before, after)]
    found: list[Difference] = []
    if scope_text(old.scope) != scope_text(new.scope):
        found.append(Difference(number, Aspect.SCOPE, scope_text(old.scope), scope_text(new.scope)))
    must_old, must_new = rule_lines(old)[1], rule_lines(new)[1]
    if must_old != must_new:
        found.append(Difference(number, Aspect.OBLIGATION, must_old, must_new))
    found.extend(_compare_deadlines(number, old, new))
    qualifiers_old, qualifiers_new = rule_lines(old)[3:], rule_lines(new)[3:]
    if qualifiers_old != qualifiers_new:
        found.append(
            Difference(
                number,
                Aspect.QUALIFIERS,
                "; ".join(qualifiers_old) or None,
                "; ".join(qualifiers_new) or None,
            )
        )
    return found


def _compare_deadlines(number: str, old: Rule, new: Rule) -> list[Difference]:
    before, after = old.deadline, new.deadline
    if deadline_text(before) == deadline_text(after):
        return []
    for kind, aspect in ((Before, Aspect.NOTICE), (After, Aspect.TERM)):
        if isinstance(before, kind) and isinstance(after, kind) and before.anchor == after.anchor:
            return [
                Difference(
                    number, aspect, duration_text(before.duration), duration_text(after.duration)
                )
            ]
    return [Difference(number, Aspect.DEADLINE, deadline_text(before), deadline_text(after))]


def compare_days(decree: Decree, first: date, second: date) -> list[Difference]:
    """What differs in ``decree`` between the texts in force on ``first`` and ``second``;
    each difference is dated by the day its new text applies from."""
    old, new = decree.at(first), decree.at(second)
    starts = _starts(decree, second)
    found: list[Difference] = []
    for number in _numbers((old, new)):
        for difference in compare_clauses(_clause(old, number), _clause(new, number)):
            since, act = starts.get(number, (None, None))
            found.append(attrs.evolve(difference, since=since, act=act))
    return found


def compare_rules(old: Decree, new: Decree) -> list[Difference]:
    """What differs between two rule sets over time: on each day either changes (from
    the earlier entry into force on), the texts in force that day are compared; each
    difference is reported from the first day it holds, until it no longer does."""
    days = sorted({*_change_days(old), *_change_days(new)})
    found: list[Difference] = []
    holding: set[tuple[str, Aspect, str | None, str | None, str | None]] = set()
    for day in days:
        before, after = old.at(day), new.at(day)
        starts = _starts(new, day)
        now: set[tuple[str, Aspect, str | None, str | None, str | None]] = set()
        for number in _numbers((before, after)):
            for difference in compare_clauses(_clause(before, number), _clause(after, number)):
                key = (
                    difference.clause,
                    difference.aspect,
                    difference.old,
                    difference.new,
                    difference.language,
                )
                now.add(key)
                if key not in holding:
                    act = starts.get(number, (None, None))[1]
                    found.append(attrs.evolve(difference, since=day, act=act))
        holding = now
    return found


def _change_days(decree: Decree) -> set[date]:
    days = {v.valid_from for versions in clause_versions(decree).values() for v in versions}
    return {day for day in days if day != date.min}


def _starts(decree: Decree, day: date) -> dict[str, tuple[date, str | None]]:
    """For each clause, the day its text in force on ``day`` began, and the act."""
    found: dict[str, tuple[date, str | None]] = {}
    for number, versions in clause_versions(decree).items():
        version = version_on(versions, day)
        if version is not None and version.applies_on(day):
            act = version.act.name.name if version.act is not None else None
            found[number] = (version.valid_from, act)
    return found


def _numbers(decrees: Iterable[Decree]) -> list[str]:
    return list(dict.fromkeys(c.number for decree in decrees for c in decree.clauses))


def _clause(decree: Decree, number: str) -> Clause | None:
    for clause in decree.clauses:
        if clause.number == number:
            return clause
    return None


__all__ = ["Aspect", "Difference", "compare_clauses", "compare_days", "compare_rules"]
