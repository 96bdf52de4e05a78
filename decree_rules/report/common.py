"""What every report writer reads of a report, whatever made it.

A :class:`~decree_rules.engine.evaluate.Report` of one evaluation, or a
:class:`~decree_rules.pipeline.parallel.PartitionedReport` read back from a check's
partitions, whose findings were written already: :class:`Rendered` says so, and
:func:`explained_findings` gives each finding with its sentences either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Protocol, runtime_checkable

from decree_rules.core.facts import Step
from decree_rules.engine.evaluate import Finding, Status, UnmatchedEvent
from decree_rules.explain.sentences import explanation, reason
from decree_rules.io.records import RejectedRow

STATUS_ORDER = (Status.VIOLATED, Status.LATE, Status.PENDING, Status.FULFILLED, Status.EXEMPT)
"""The order reports list statuses in: problems first."""


class Listing(Protocol):
    """The unmatched events: counted, and iterated (perhaps read back from files)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[UnmatchedEvent]: ...


class ReportLike(Protocol):
    """What the writers read of a report: a :class:`~decree_rules.engine.evaluate.Report`, or
    a :class:`~decree_rules.pipeline.parallel.PartitionedReport` read back from its partitions."""

    @property
    def as_of(self) -> date: ...
    @property
    def findings(self) -> Iterable[Finding]: ...
    @property
    def unmatched_events(self) -> Listing: ...
    @property
    def warnings(self) -> Sequence[Step]: ...
    @property
    def calendar(self) -> str: ...
    @property
    def zone_data(self) -> str: ...
    @property
    def events_read(self) -> int: ...
    @property
    def rejected_rows(self) -> Sequence[RejectedRow]: ...
    @property
    def actors_read(self) -> int: ...
    @property
    def satisfied(self) -> bool: ...
    def summary(self) -> Mapping[str, int]: ...


class Headline(Protocol):
    """What a report lists of a finding besides its sentences."""

    @property
    def rule(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def period(self) -> str | None: ...
    @property
    def trigger(self) -> str | None: ...
    @property
    def due(self) -> date | None: ...
    @property
    def status(self) -> Status: ...
    @property
    def evidence(self) -> Sequence[str]: ...


@runtime_checkable
class Rendered(Protocol):
    """A report whose findings are written already: as the JSON report's lines, and with
    their sentences, so that no writer has to read their steps back."""

    def finding_lines(self) -> Iterator[str]: ...
    def explained_findings(self) -> Iterator[tuple[Headline, Sequence[str]]]: ...
    def unmatched_lines(self) -> Iterator[str]: ...
    def explained_unmatched(self) -> Iterator[tuple[str, str]]: ...


def explained_findings(
    report: ReportLike, lang: str = "en"
) -> Iterator[tuple[Headline, Sequence[str]]]:
    """Every finding of ``report`` in order, with its explanation's sentences in ``lang``.

    A report read back from partitions has its English sentences written already; in
    another language they are made from the findings' steps.
    """
    if lang == "en" and isinstance(report, Rendered):
        return report.explained_findings()
    return ((finding, explanation(finding, lang)) for finding in report.findings)


def explained_unmatched(report: ReportLike, lang: str = "en") -> Iterator[tuple[str, str]]:
    """Every unmatched event of ``report`` in order: its id and its reason."""
    if lang == "en" and isinstance(report, Rendered):
        return report.explained_unmatched()
    return ((u.id, reason(u, lang)) for u in report.unmatched_events)


def by_status(
    report: ReportLike, lang: str = "en"
) -> dict[Status, list[tuple[Headline, Sequence[str]]]]:
    """The findings with their sentences, grouped by status (one pass over them)."""
    groups: dict[Status, list[tuple[Headline, Sequence[str]]]] = {s: [] for s in STATUS_ORDER}
    for finding, lines in explained_findings(report, lang):
        groups[finding.status].append((finding, lines))
    return groups


def rejected(report: ReportLike, kind: str) -> int:
    """How many of the report's rejected rows are of ``kind`` (``actor`` or ``event``)."""
    return sum(1 for row in report.rejected_rows if row.kind == kind)
