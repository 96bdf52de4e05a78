"""A report narrowed to some clauses, offices or statuses (``check --clause 6 --status late``).

The selection applies to the findings: the ones shown, their summary, and whether the
selection is satisfied (the exit code). The counts of the log and its unmatched events
stay those of the whole check, so that nothing read is hidden.

>>> Selection(clauses=("6",), statuses=(Status.LATE,)).describe()
'clause 6; status late'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from decree_rules.core.facts import Step
from decree_rules.engine.evaluate import Finding, Status
from decree_rules.io.records import RejectedRow
from decree_rules.report.common import Listing, ReportLike


@attrs.frozen
class Selection:
    """Which findings to show: each part, when given, must match (empty: any)."""

    clauses: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.clauses or self.actors or self.statuses)

    def matches(self, finding: Finding) -> bool:
        return (
            (not self.clauses or finding.rule in self.clauses)
            and (not self.actors or finding.actor in self.actors)
            and (not self.statuses or finding.status in self.statuses)
        )

    def describe(self) -> str:
        """The selection in words, for the head of a text report."""
        parts = []
        for noun, values in (
            ("clause", self.clauses),
            ("office", self.actors),
            ("status", tuple(s.value for s in self.statuses)),
        ):
            if values:
                parts.append(f"{noun}{'s' if len(values) > 1 else ''} {', '.join(values)}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "clauses": list(self.clauses),
            "actors": list(self.actors),
            "statuses": [s.value for s in self.statuses],
        }


@attrs.frozen
class SelectedReport:
    """``report`` with only the findings ``selection`` matches (a
    :class:`~decree_rules.report.common.ReportLike`)."""

    report: ReportLike
    selection: Selection

    @property
    def as_of(self) -> date:
        return self.report.as_of

    @property
    def findings(self) -> Iterator[Finding]:
        return (f for f in self.report.findings if self.selection.matches(f))

    @property
    def unmatched_events(self) -> Listing:
        return self.report.unmatched_events

    @property
    def warnings(self) -> Sequence[Step]:
        return self.report.warnings

    @property
    def calendar(self) -> str:
        return self.report.calendar

    @property
    def zone_data(self) -> str:
        return self.report.zone_data

    @property
    def events_read(self) -> int:
        return self.report.events_read

    @property
    def rejected_rows(self) -> Sequence[RejectedRow]:
        return self.report.rejected_rows

    @property
    def actors_read(self) -> int:
        return self.report.actors_read

    @property
    def satisfied(self) -> bool:
        return not any(f.status in (Status.LATE, Status.VIOLATED) for f in self.findings)

    def summary(self) -> Mapping[str, int]:
        counts = {status.value: 0 for status in Status}
        for finding in self.findings:
            counts[finding.status.value] += 1
        return counts


def select(report: ReportLike, selection: Selection) -> ReportLike:
    """The report narrowed to ``selection`` (the report itself when nothing is chosen)."""
    return SelectedReport(report, selection) if selection else report


def statuses(names: Iterable[str]) -> tuple[Status, ...]:
    """Status names (``late``, ``violated``) as statuses; raises ValueError for others."""
    return tuple(Status(name) for name in names)
