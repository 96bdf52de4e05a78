"""The timeline as SQL: raw events, as a warehouse holds them, placed in local time.

The statements read ``raw_events`` (the contract's fields, ``time`` as text), ``office``
(with each office's zone, ``tz``), ``tenure`` and ``zones`` (each zone's offsets, from
:func:`decree_rules.time.offsets.zone_rows`), and make the tables the clauses' statements
read, by the rules of :mod:`decree_rules.engine.timeline` (``docs/deadlines``, rule 1):

- ``events``: the events that take part, with their local day, their instant in UTC
  seconds, and ``seq``, their place in time order (events of one instant by their ids, as
  people count them: ``e2`` before ``e10``, then by the exact text);
- ``set_aside``: the events that take no part and why, as the Python engine's step codes
  (``unknown_actor``, ``after_as_of``, ``office_absent``), or ``zone_not_loaded`` when the
  office's zone has no rows in ``zones``;
- ``rejected``: the rows whose ``time`` is not a date or a date-time this script reads
  (``DR-I028``, the reader's code), or outside the years and offsets the reader accepts.

The script reads the forms of the contract: ``2024-02-15``, and ``2024-02-15T10:00`` with
seconds, a fraction of up to six digits and an offset (``Z``, ``+05:00``, ``+0500``,
``+05``) as options; ``T`` may be ``t`` or a space. A wall time without an offset is read
in the office's zone as Python's ``zoneinfo`` reads it (the first of a repeated hour).
"""

from __future__ import annotations

from datetime import date

from decree_rules.core.vocabulary import DEFAULT_TZ
from decree_rules.engine.sql import Dialect

__all__ = ["timeline_sql"]

# One pattern for both dialects (no backslashes: PostgreSQL and RE2 read it alike).
_MOMENT = (
    "^([0-9]{4})-([0-9]{2})-([0-9]{2})"
    "(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,6}))?)?"
    "([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$"
)
_PARTS = ("y", "mo", "d", "h", "mi", "s", "f", "z")


def timeline_sql(as_of: date, dialect: Dialect) -> list[str]:
    """The statements that make ``events``, ``set_aside`` and ``rejected`` from the raw rows."""
    return [
        _parts(dialect),
        _parsed(),
        "CREATE TEMP TABLE rejected AS SELECT id, actor, 'time' AS field, 'DR-I028' AS code,"
        " time AS value FROM moment_parts WHERE NOT ok",
        _placed(dialect),
        _set_aside(as_of),
        _events(as_of, dialect),
    ]


def _parts(dialect: Dialect) -> str:
    """Each raw event with the parts of its ``time`` as text (NULL where absent)."""
    if dialect is Dialect.DUCKDB:
        names = ", ".join(f"'{name}'" for name in _PARTS)
        picked = ", ".join(f"NULLIF(m.x.{name}, '') AS {name}" for name in _PARTS)
        inner = f"SELECT r.*, regexp_extract(r.time, '{_MOMENT}', [{names}]) AS x FROM raw_events r"
    else:
        picked = ", ".join(f"m.x[{i}] AS {name}" for i, name in enumerate(_PARTS, 1))
        inner = f"SELECT r.*, regexp_match(r.time, '{_MOMENT}') AS x FROM raw_events r"
    return (
        "CREATE TEMP TABLE moment_raw AS SELECT m.id, m.actor, m.action, m.time, m.period,"
        " m.ref, m.refs, m.channels, m.recipients, m.videoconference, m.participants,"
        f" {picked} FROM ({inner}) m"
    )


def _parsed() -> str:
    """The parts as numbers, whether they make a moment the reader accepts, and the
    moment's wall time (UTC seconds, as if the wall clock were UTC) and stated offset."""
    year, month, day = (f"CAST({p} AS INTEGER)" for p in ("y", "mo", "d"))
    leap = f"({year} % 4 = 0 AND ({year} % 100 <> 0 OR {year} % 400 = 0))"
    last_day = (
        f"CASE WHEN {month} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END"
        f" WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    zone_minutes = (
        "CASE WHEN length(z) = 6 THEN CAST(substr(z, 5, 2) AS INTEGER)"
        " WHEN length(z) = 5 THEN CAST(substr(z, 4, 2) AS INTEGER) ELSE 0 END"
    )
    stated = (
        "CASE WHEN z IS NULL THEN NULL WHEN z IN ('Z', 'z') THEN 0"
        " ELSE (CASE WHEN substr(z, 1, 1) = '-' THEN -1 ELSE 1 END)"
        f" * (CAST(substr(z, 2, 2) AS INTEGER) * 3600 + {zone_minutes} * 60) END"
    )
    ok = (
        f"y IS NOT NULL AND {year} BETWEEN 1900 AND 2999 AND {month} BETWEEN 1 AND 12"
        f" AND {day} >= 1 AND {day} <= {last_day}"
        " AND (h IS NULL OR (CAST(h AS INTEGER) <= 23 AND CAST(mi AS INTEGER) <= 59"
        " AND coalesce(CAST(s AS INTEGER), 0) <= 59))"
        f" AND (z IS NULL OR ({stated}) BETWEEN -43200 AND 50400)"
    )
    micro = "CASE WHEN f IS NULL THEN 0 ELSE CAST(rpad(f, 6, '0') AS INTEGER) END"
    clock = (
        "CASE WHEN h IS NULL THEN 0 ELSE CAST(h AS INTEGER) * 3600 + CAST(mi AS INTEGER) * 60"
        " + coalesce(CAST(s AS INTEGER), 0) END"
    )
    return (
        f"CREATE TEMP TABLE moment_parts AS SELECT q.*, CASE WHEN q.ok THEN"
        f" (make_date({year}, {month}, {day}) - DATE '1970-01-01') * CAST(86400 AS BIGINT)"
        f" + {clock} END AS wall, {micro} AS micro, {stated} AS stated, h IS NOT NULL AS timed"
        f" FROM (SELECT r.*, coalesce({ok}, FALSE) AS ok FROM moment_raw r) q"
    )


def _placed(dialect: Dialect) -> str:
    """Each moment's office, zone, the zone's offset at it, its UTC seconds and local day."""
    del dialect  # the same in both
    by_utc = (
        "(SELECT z.utc_offset FROM zones z WHERE z.zone = p.tz"
        " AND (z.utc_from IS NULL OR z.utc_from <= p.wall - p.stated)"
        " ORDER BY z.utc_from DESC NULLS LAST LIMIT 1)"
    )
    by_wall = (
        "(SELECT z.utc_offset FROM zones z WHERE z.zone = p.tz"
        " AND (z.wall_from IS NULL OR z.wall_from <= p.wall)"
        " ORDER BY z.utc_from DESC NULLS LAST LIMIT 1)"
    )
    return (
        "CREATE TEMP TABLE placed AS SELECT p.*,"
        " CASE WHEN p.stated IS NOT NULL THEN p.wall - p.stated ELSE p.wall - p.local_offset"
        " END AS utc,"
        " CASE WHEN p.stated IS NOT NULL THEN DATE '1970-01-01'"
        " + CAST(floor((p.wall - p.stated + p.local_offset) / 86400.0) AS INTEGER)"
        " ELSE DATE '1970-01-01' + CAST(floor(p.wall / 86400.0) AS INTEGER) END AS day"
        " FROM (SELECT p.*, CASE WHEN p.stated IS NOT NULL THEN"
        f" {by_utc} ELSE {by_wall} END AS local_offset"
        " FROM (SELECT m.*, o.actor IS NOT NULL AS known,"
        f" coalesce(o.tz, '{DEFAULT_TZ}') AS tz"
        " FROM moment_parts m LEFT JOIN office o ON o.actor = m.actor WHERE m.ok) p) p"
    )


def _exists(day: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM tenure t WHERE t.actor = p.actor"
        f" AND (t.valid_from IS NULL OR t.valid_from <= {day})"
        f" AND (t.valid_until IS NULL OR {day} <= t.valid_until))"
    )


def _set_aside(as_of: date) -> str:
    limit = f"DATE '{as_of.isoformat()}'"
    return (
        "CREATE TEMP TABLE set_aside AS SELECT p.id, p.actor, CASE"
        " WHEN NOT p.known THEN 'unknown_actor'"
        " WHEN p.local_offset IS NULL THEN 'zone_not_loaded'"
        f" WHEN p.day > {limit} THEN 'after_as_of' ELSE 'office_absent' END AS reason"
        " FROM placed p WHERE NOT p.known OR p.local_offset IS NULL"
        f" OR p.day > {limit} OR NOT {_exists('p.day')}"
    )


def _natural(dialect: Dialect, column: str) -> str:
    """A text that sorts as :func:`~decree_rules.core.ids.natural_key` does: each run of
    digits as chr(1), its length without leading zeros in four digits, and those digits
    (chr(1) sorts before every character an id may hold, as the end of a word does)."""
    digits = "chr(1) || lpad(CAST(length(ltrim({x}, '0')) AS VARCHAR), 4, '0') || ltrim({x}, '0')"
    if dialect is Dialect.DUCKDB:
        run = digits.format(x="x")
        return (
            "array_to_string(list_transform(regexp_extract_all("
            f"{column}, '[0-9]+|[^0-9]+'), lambda x: CASE WHEN regexp_full_match(x, '[0-9]+')"
            f" THEN {run} ELSE x END), '')"
        )
    run = digits.format(x="n.m[1]").replace("VARCHAR", "text")
    return (
        f"(SELECT coalesce(string_agg(CASE WHEN n.m[1] ~ '^[0-9]+$' THEN {run}"
        " ELSE n.m[1] END, '' ORDER BY n.i), '')"
        f" FROM regexp_matches({column}, '[0-9]+|[^0-9]+', 'g') WITH ORDINALITY AS n(m, i))"
    )


def _events(as_of: date, dialect: Dialect) -> str:
    limit = f"DATE '{as_of.isoformat()}'"
    double = "double precision" if dialect is Dialect.POSTGRES else "DOUBLE"
    instant = f"CAST(p.utc * 1000000 + p.micro AS {double}) / 1000000.0"
    collate = ' COLLATE "C"' if dialect is Dialect.POSTGRES else ""
    length = "cardinality" if dialect is Dialect.POSTGRES else "len"
    return (
        "CREATE TEMP TABLE events AS SELECT CAST(row_number() OVER (ORDER BY p.instant,"
        f" p.nat_key{collate}, p.id{collate}) - 1 AS INTEGER) AS seq, p.id, p.actor, p.action,"
        " p.day, p.period, p.ref, coalesce(p.named, FALSE) AS named, p.refs, p.instant,"
        " p.timed, p.channels, p.recipients, coalesce(p.videoconference, FALSE) AS video,"
        " p.participants"
        f" FROM (SELECT p.*, {instant} AS instant, {_natural(dialect, 'p.id')} AS nat_key,"
        f" {length}(p.refs) > 0 AS named FROM placed p"
        f" WHERE p.known AND p.local_offset IS NOT NULL AND p.day <= {limit}"
        f" AND {_exists('p.day')}) p"
    )
