"""Event logs from where they live: Parquet files and SQL queries (SQLite, PostgreSQL).

The rows go through the checks of every other reader (:mod:`decree_rules.io.memory`),
located by the row number (1-based) and the column: ``events.parquet:3: error: field
'actor': ...``, ``query:3: error: field 'time': ...``. Date and date-time columns are read
as their ISO text; in a query's rows a list column may be ``;``-separated text (as in
CSV) and a flag a word like ``true`` or ``1``, since SQL has no arrays of its own (a
PostgreSQL array is taken as a list).

``--db`` URLs: ``sqlite:///path/to/log.db`` (opened read-only) or
``postgresql://user@host:port/dbname`` (psycopg 3, the ``[postgres]`` extra; run in a
read-only transaction).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final
from urllib.parse import unquote, urlsplit

from decree_rules.core.diagnostics import InputError, UsageError
from decree_rules.core.source import Location, shown_path
from decree_rules.core.vocabulary import Vocabulary
from decree_rules.io.memory import read_event_rows
from decree_rules.io.records import Actor, Event, Loaded

__all__ = ["QUERY_PART", "is_parquet", "read_parquet_events", "read_sql_events"]

QUERY_PART: Final = "query"
"""Where a query's rows are located in messages: ``query:ROW``."""

_MAGIC: Final = b"PAR1"


def is_parquet(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a Parquet file (its first bytes say so).

    Only a regular file is looked into: a pipe's first bytes would be gone for the
    reader of JSON Lines.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as opened:
            return opened.read(4) == _MAGIC
    except OSError:
        return False  # the usual reader reports why it cannot be read


def read_parquet_events(
    path: str | os.PathLike[str],
    actors: Loaded[Actor] | Mapping[str, Actor],
    *,
    lenient: bool,
    vocabulary: Vocabulary | None = None,
) -> Loaded[Event]:
    """The event log in the Parquet file at ``path``, checked row by row."""
    shown = shown_path(path)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise _missing("pyarrow", "arrow", shown) from None
    try:
        table = pq.read_table(os.fspath(path))
    except (OSError, ValueError) as exc:  # pyarrow's errors are OSError and ValueError kinds
        raise InputError(
            f"the Parquet file cannot be read: {str(exc)[:300]}",
            Location(shown),
            code="DR-I080",
            hint="write it again with pyarrow or pandas (to_parquet), or give JSON Lines",
            args={"reason": str(exc)[:300]},
        ) from None
    return read_event_rows(table, actors, lenient=lenient, vocabulary=vocabulary, part=shown)


def read_sql_events(
    query: str,
    url: str,
    actors: Loaded[Actor] | Mapping[str, Actor],
    *,
    lenient: bool,
    vocabulary: Vocabulary | None = None,
) -> Loaded[Event]:
    """The event log that ``query`` selects from the database at ``url``, checked row by
    row; the query's column names are the fields."""
    with _rows(query, url) as rows:
        return read_event_rows(
            rows, actors, lenient=lenient, vocabulary=vocabulary, part=QUERY_PART, cells=True
        )


@contextmanager
def _rows(query: str, url: str) -> Iterator[list[dict[str, Any]]]:
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        yield _sqlite_rows(query, url)
    elif scheme in ("postgresql", "postgres"):
        yield _postgres_rows(query, url)
    else:
        raise UsageError(
            f"not a database URL this tool reads: {url[:80]!r}",
            Location("check", field="--db"),
            code="DR-U070",
            hint="sqlite:///path/to/log.db or postgresql://user@host:5432/dbname",
            args={"url": url[:200]},
        )


def _query_error(exc: Exception, url: str) -> InputError:
    reason = " ".join(str(exc).split())[:300]
    return InputError(
        f"the query failed: {reason}",
        Location(QUERY_PART),
        code="DR-I081",
        hint="the query must select the events' fields as columns: "
        "SELECT id, actor, action, time, ... FROM events",
        args={"reason": reason, "database": _without_password(url)},
    )


def _sqlite_rows(query: str, url: str) -> list[dict[str, Any]]:
    import sqlite3

    # sqlite:///relative/path.db, sqlite:////absolute/path.db (as SQLAlchemy writes them)
    rest = url[len("sqlite://") :]
    path = unquote(rest[1:] if rest.startswith("/") else rest)
    if not os.path.isfile(path):
        raise InputError(
            f"no SQLite database at {path!r}",
            Location("check", field="--db"),
            code="DR-I082",
            hint="sqlite:///relative/path.db or sqlite:////absolute/path.db",
            args={"path": path},
        )
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _query_error(exc, url) from None
    try:
        cursor = connection.execute(query)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor]
    except sqlite3.Error as exc:
        raise _query_error(exc, url) from None
    finally:
        connection.close()


def _postgres_rows(query: str, url: str) -> list[dict[str, Any]]:
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError:
        raise _missing("psycopg", "postgres", "--db") from None
    try:
        with psycopg.connect(url, row_factory=dict_row, connect_timeout=30) as connection:
            connection.read_only = True
            with connection.cursor() as cursor:
                cursor.execute(query.encode())
                return list(cursor.fetchall())
    except psycopg.Error as exc:
        raise _query_error(exc, url) from None


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _missing(module: str, extra: str, where: str) -> UsageError:
    return UsageError(
        f"reading this needs {module}, which is not installed",
        Location(where),
        code="DR-U071",
        hint=f"pip install 'decree_rules[{extra}]'",
        args={"module": module, "extra": extra},
    )
