"""A check of an event log that is no text file: a Parquet file or an SQL query's rows.

Read whole and evaluated in one process (:func:`~decree_rules.engine.evaluate.evaluate`):
the same checks and findings as a check of the same log in JSON Lines, which the command
line reads in pieces on every core (:mod:`decree_rules.pipeline.parallel`).
"""

from __future__ import annotations

import os
from datetime import date

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.source import Location
from decree_rules.engine.evaluate import Report, evaluate
from decree_rules.io.external import is_parquet, read_parquet_events, read_sql_events
from decree_rules.io.records import Actor, Loaded
from decree_rules.lang.model import Decree
from decree_rules.time.calendars import WorkingCalendar

__all__ = ["check_external", "is_external"]


def is_external(events: str | os.PathLike[str] | None, query: str | None) -> bool:
    """Whether the log is a query's rows or a Parquet file (not JSON Lines, JSON, CSV)."""
    return query is not None or (events is not None and is_parquet(events))


def check_external(  # noqa: PLR0913 - keyword-only options, as check_partitioned
    decree: Decree,
    actors: Loaded[Actor],
    as_of: date,
    *,
    events: str | os.PathLike[str] | None = None,
    query: str | None = None,
    url: str | None = None,
    calendar: WorkingCalendar,
    lenient: bool,
    engine: str = "python",
) -> Report:
    """Check the events of the Parquet file ``events``, or of ``query`` on the database
    at ``url``, against ``decree`` as of ``as_of``."""
    words = decree.vocabulary
    if (query is None) != (url is None):
        raise UsageError(
            "--events-sql and --db go together: the query and the database it runs on",
            Location("check", field="--db" if query is not None else "--events-sql"),
            code="DR-U072",
            hint="--events-sql 'SELECT * FROM events' --db sqlite:///log.db",
        )
    if query is not None and url is not None:
        logged = read_sql_events(query, url, actors, lenient=lenient, vocabulary=words)
    else:
        assert events is not None
        logged = read_parquet_events(events, actors, lenient=lenient, vocabulary=words)
    from decree_rules.pipeline.backends import compiled_backend

    with compiled_backend(engine) as backend:
        return evaluate(
            decree,
            actors.records,
            logged.records,
            as_of,
            calendar=calendar,
            rejected=(*actors.rejected, *logged.rejected),
            backend=backend,
        )
