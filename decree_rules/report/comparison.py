"""The findings whose status or due date differ under another text of the rules
(``check --compare OTHER_RULES``), and the differences between two texts of the rules
(``decree-rules diff``), as text and as JSON.

A finding is the same duty under both texts when its clause, office, period and trigger
are the same; a duty that one text sets and the other does not is listed with the other
side empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from decree_rules.core.provenance import RulesUsed
from decree_rules.engine.evaluate import Finding, Status
from decree_rules.explain.catalog import Words, words_for
from decree_rules.explain.law_over_time import difference_sentence
from decree_rules.lang.compare import Difference
from decree_rules.report.text_report import status_word

DIFF_FORMAT_VERSION = "1.0"
"""The version of the JSON that ``decree-rules diff --format json`` writes."""

_Key = tuple[str, str, str | None, str | None]


@attrs.frozen
class FindingChange:
    """One duty whose status or due date differs: as this check found it, and under the
    other rules (``None`` status: that side has no such duty)."""

    rule: str
    actor: str
    period: str | None
    trigger: str | None
    status: Status | None
    due: date | None
    other_status: Status | None
    other_due: date | None

    def to_dict(self) -> dict[str, Any]:
        def side(status: Status | None, due: date | None) -> dict[str, Any] | None:
            if status is None:
                return None
            return {"status": status.value, "due": due.isoformat() if due else None}

        return {
            "rule": self.rule,
            "actor": self.actor,
            "period": self.period,
            "trigger": self.trigger,
            "this": side(self.status, self.due),
            "other": side(self.other_status, self.other_due),
        }


@attrs.frozen
class Comparison:
    """What ``check --compare`` found: the other rules, and each duty that differs."""

    other_rules: RulesUsed
    changes: tuple[FindingChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rules_used": self.other_rules.to_dict(),
            "differing": len(self.changes),
            "findings": [change.to_dict() for change in self.changes],
        }


def compare_findings(
    this: Iterable[Finding], other: Iterable[Finding]
) -> tuple[FindingChange, ...]:
    """The duties whose status or due date differ between two checks of one log, in the
    order of ``this`` (then the duties only the other check has, in its order)."""
    theirs: dict[_Key, tuple[Status, date | None]] = {_key(f): (f.status, f.due) for f in other}
    changes: list[FindingChange] = []
    seen: set[_Key] = set()
    for finding in this:
        key = _key(finding)
        seen.add(key)
        found = theirs.get(key)
        if found is not None and found == (finding.status, finding.due):
            continue
        other_status, other_due = found if found is not None else (None, None)
        changes.append(FindingChange(*key, finding.status, finding.due, other_status, other_due))
    for key, (status, due) in theirs.items():
        if key not in seen:
            changes.append(FindingChange(*key, None, None, status, due))
    return tuple(changes)


def _key(finding: Finding) -> _Key:
    return (finding.rule, finding.actor, finding.period, finding.trigger)


def comparison_lines(comparison: Comparison, lang: str = "en") -> list[str]:
    """The section a text report ends with, in the report's language."""
    w = words_for(lang)
    other = comparison.other_rules.path
    changes = comparison.changes
    head = w.n(
        "COMPARED WITH THE RULES {rules} ({n} finding differ)",
        "COMPARED WITH THE RULES {rules} ({n} findings differ)",
        len(changes),
        rules=other,
    )
    lines = ["", head]
    for change in changes:
        where = w.t("clause {clause}", clause=change.rule) + f" | {change.actor}"
        if change.period is not None:
            where += f" | {change.period}"
        if change.trigger is not None:
            where += " | " + w.t("trigger {event}", event=change.trigger)
        said = w.t(
            "  {where}: {this} here; {other} under {rules}",
            where=where,
            this=_side(change.status, change.due, w),
            other=_side(change.other_status, change.other_due, w),
            rules=other,
        )
        lines.append(said)
    return lines


def _side(status: Status | None, due: date | None, w: Words) -> str:
    if status is None:
        return w.t("no such duty")
    if due is None:
        return status_word(status, w)
    return w.t("{status}, due {date}", status=status_word(status, w), date=w.date_text(due))


# ---- decree-rules diff --------------------------------------------------------------------


def rules_on(rules: str, day: date, lang: str = "en") -> str:
    """``rules on 2018-01-11``: a rule set's texts in force on a day (``diff --at``)."""
    w = words_for(lang)
    return w.t("{rules} on {day}", rules=rules, day=w.date_text(day))


def differences_to_text(
    differences: Sequence[Difference], *, old: str, new: str, lang: str = "en"
) -> str:
    """What ``decree-rules diff`` prints: one sentence a difference."""
    w = words_for(lang)
    clauses = len({d.clause for d in differences})
    lines = [w.t("rules: {old} -> {new}", old=old, new=new), ""]
    lines += [difference_sentence(d, lang) for d in differences]
    if not differences:
        lines.append(w.t("no clause differs"))
    counted = w.n("{n} difference", "{n} differences", len(differences))
    lines += [
        "",
        w.n(
            "{differences} in {n} clause",
            "{differences} in {n} clauses",
            clauses,
            differences=counted,
        ),
    ]
    return "\n".join(lines) + "\n"


def differences_to_dict(
    differences: Sequence[Difference],
    *,
    old: RulesUsed,
    new: RulesUsed,
    days: tuple[date, date] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The JSON of ``decree-rules diff --format json``: each difference with its sentence
    (in ``lang``; the keys and codes stay English, and ``lang`` is given when not English)."""
    data: dict[str, Any] = {
        "format_version": DIFF_FORMAT_VERSION,
        "old": old.to_dict(),
        "new": new.to_dict(),
        "differences": [
            d.to_json() | {"sentence": difference_sentence(d, lang)} for d in differences
        ],
    }
    if days is not None:
        data["days"] = [day.isoformat() for day in days]
    if lang != "en":
        data["lang"] = lang
    return data
