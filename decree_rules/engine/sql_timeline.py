"""The timeline as SQL: raw events, as a warehouse holds them, placed in local time.

The statements read ``raw_events`` (the contract's fields, ``time`` and ``end_time`` as
text), ``office`` (with each office's zone, ``tz``), ``tenure`` and ``zones`` (each zone's
offsets, from :func:`decree_rules.time.offsets.zone_rows`), and make the tables the
clauses' statements read, by the rules of :mod:`decree_rules.engine.timeline`
(``docs/deadlines``, rule 1):

- ``events``: the events that take part, with their local day, the local day they ended
  (``end_day``), their instant in UTC seconds, their local ``clock`` (seconds after
  midnight; NULL for a date), and ``seq``, their place in time order
  (events of one instant by their ids, as people count them: ``e2`` before ``e10``, then
  by the exact text);
- ``set_aside``: the events that take no part and why, as the Python engine's step codes
  (``unknown_actor``, ``after_as_of``, ``office_absent``), or ``zone_not_loaded`` when the
  office's zone has no rows in ``zones``;
- ``rejected``: the rows the reader's lenient mode rejects, each with its first problem's
  field and the reader's code: a required field missing or empty, an unknown action,
  channel, recipient or participant, a malformed period, a follow-up of itself, a
  ``time`` or ``end_time`` that is no date or date-time this script reads (DR-I028), no
  such date (DR-I027), a year outside 1900-2999 (DR-I029), an offset no clock uses
  (DR-I064), an end before the start (DR-I037); every row of an id used twice (DR-I031);
  and the follow-ups of rows not kept, down the chain (DR-I043).

The script reads the forms of the contract: ``2024-02-15``, and ``2024-02-15T10:00`` with
seconds, a fraction of up to six digits and an offset (``Z``, ``+05:00``, ``+0500``,
``+05``) as options; ``T`` may be ``t`` or a space. A wall time without an offset is read
in the office's zone as Python's ``zoneinfo`` reads it (the first of a repeated hour).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from decree_rules.core.vocabulary import DEFAULT_TZ, DEPUTY_PREFIX, Vocabulary
from decree_rules.engine.sql import Dialect, covers, length_of, literal_day, quote
from decree_rules.lang.load import shipped_vocabulary

__all__ = ["timeline_sql"]

# One pattern for both dialects (no backslashes: PostgreSQL and RE2 read it alike).
_MOMENT = (
    "^([0-9]{4})-([0-9]{2})-([0-9]{2})"
    "(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,6}))?)?"
    "([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$"
)
_PARTS = ("y", "mo", "d", "h", "mi", "s", "f", "z")


def timeline_sql(as_of: date, dialect: Dialect, vocabulary: Vocabulary | None = None) -> list[str]:
    """The statements that make ``events``, ``set_aside`` and ``rejected`` from the raw
    rows; ``vocabulary``: the words the rules declare (default: the shipped rules')."""
    words = vocabulary if vocabulary is not None else shipped_vocabulary()
    return [
        "CREATE TEMP TABLE raw_rows AS SELECT CAST(row_number() OVER () AS BIGINT) AS row_no,"
        " r.* FROM raw_events r",
        _zone_spans(),
        _parts(dialect),
        _parsed(),
        _placed(),
        *_bad_entries(words),
        _checked(words, dialect),
        _rejected(),
        _verdict(as_of, dialect),
        "CREATE TEMP TABLE set_aside AS SELECT id, actor, reason FROM verdict"
        " WHERE reason IS NOT NULL",
        _events(dialect),
    ]


def _not_in(value: str, words: tuple[str, ...]) -> str:
    """SQL: ``value`` is none of ``words`` (any value, when there are none)."""
    if not words:
        return "TRUE"
    return f"{value} NOT IN (" + ", ".join(quote(word) for word in words) + ")"


_LISTS = (("channels", "channels"), ("to", "recipients"), ("participants", "participants"))
"""The list fields whose entries must be words the rules know: (field, column)."""


def _bad_entries(words: Vocabulary) -> list[str]:
    """The statements that make ``bad_entries``: for each row and list field, an entry
    the rules do not know (a participant may also be an office of ``office``, or
    ``deputy_of:`` one), found with joins, not a query per entry."""
    arms = " UNION ALL ".join(
        f"SELECT row_no, '{field}' AS field, unnest({column}) AS x FROM raw_rows"
        for field, column in _LISTS
    )
    prefix = len(DEPUTY_PREFIX)
    participant = f"{_not_in('e.x', words.participants)} AND k.actor IS NULL AND kd.actor IS NULL"
    return [
        f"CREATE TEMP TABLE entries AS {arms}",
        "CREATE TEMP TABLE bad_entries AS SELECT e.row_no, e.field, min(e.x) AS x"
        " FROM entries e LEFT JOIN office k ON k.actor = e.x"
        f" LEFT JOIN office kd ON substr(e.x, 1, {prefix}) = '{DEPUTY_PREFIX}'"
        f" AND kd.actor = substr(e.x, {prefix + 1})"
        f" WHERE (e.field = 'channels' AND {_not_in('e.x', words.channels)})"
        f" OR (e.field = 'to' AND {_not_in('e.x', words.recipients)})"
        f" OR (e.field = 'participants' AND {participant})"
        " GROUP BY e.row_no, e.field",
    ]


def _checked(words: Vocabulary, dialect: Dialect) -> str:
    """Each raw row's first problem, in the order the reader checks a row's fields: a
    required field missing or empty (DR-I018, DR-I019), an action, period, channel,
    recipient or participant the rules do not know (DR-I036, DR-I038 to DR-I041), a
    follow-up of itself (DR-I042), a ``time`` or ``end`` the script cannot read (the
    codes of :func:`_moment`), an end before the start (DR-I037; two times compare as
    instants, else as local days, as the reader); NULL field and code for a row with
    none."""
    has_self = (
        "r.id = ANY(r.refs)" if dialect is Dialect.POSTGRES else "list_contains(r.refs, r.id)"
    )
    bad = {field: f"b_{field}.x" for field, _ in _LISTS}
    joins = "".join(
        f" LEFT JOIN bad_entries b_{field} ON b_{field}.row_no = r.row_no"
        f" AND b_{field}.field = '{field}'"
        for field, _ in _LISTS
    )
    period = (
        "r.period ~ '^[0-9]{4}(-Q[1-4])?$'"
        if dialect is Dialect.POSTGRES
        else "regexp_full_match(r.period, '[0-9]{4}(-Q[1-4])?')"
    )
    checks: list[tuple[str, str, str, str]] = []  # test, field, code, value
    for field in ("id", "actor", "action", "time"):
        checks.append((f"r.{field} IS NULL", field, "DR-I018", "NULL"))
        checks.append((f"r.{field} = ''", field, "DR-I019", f"r.{field}"))
    checks += [
        (_not_in("r.action", words.actions), "action", "DR-I036", "r.action"),
        (f"r.period IS NOT NULL AND NOT {period}", "period", "DR-I038", "r.period"),
        *((f"{bad[f]} IS NOT NULL", f, c, bad[f]) for f, c in (
            ("channels", "DR-I039"), ("to", "DR-I040"), ("participants", "DR-I041"),
        )),
        ("r.ref = r.id", "ref", "DR-I042", "r.ref"),
        (f"coalesce({has_self}, FALSE)", "refs", "DR-I042", "r.id"),
        ("NOT r.ok", "time", "r.t_code", "r.time"),
        ("NOT r.e_ok", "end", "r.e_code", "r.end_time"),
        ("p.ends_before", "end", "DR-I037", "r.end_time"),
    ]  # fmt: skip

    def case(pick: Callable[[tuple[str, str, str, str]], str]) -> str:
        return "CASE " + " ".join(f"WHEN {c[0]} THEN {pick(c)}" for c in checks) + " END"

    field = case(lambda c: quote(c[1]))
    code = case(lambda c: c[2] if c[2].startswith("r.") else quote(c[2]))
    value = case(lambda c: c[3])
    return (
        f"CREATE TEMP TABLE checked AS SELECT r.row_no, r.id, r.actor, r.ref, r.refs,"
        f" {field} AS field, {code} AS code, CAST({value} AS VARCHAR) AS value"
        f" FROM moment_parts r LEFT JOIN placed p ON p.row_no = r.row_no{joins}"
    )


def _rejected() -> str:
    """``rejected``: each row's first problem; then, among the rows with none, every row of
    an id used more than once (DR-I031: the script cannot tell which came first, so it
    keeps none of them); then every follow-up (``ref``, ``refs``) of an event that is not
    among the rows kept, and so on down (DR-I043), as the reader's lenient mode."""
    return (
        "CREATE TEMP TABLE rejected AS WITH RECURSIVE"
        " clean AS (SELECT * FROM checked WHERE code IS NULL),"
        " twice AS (SELECT id FROM clean GROUP BY id HAVING count(*) > 1),"
        " kept AS (SELECT * FROM clean WHERE id NOT IN (SELECT id FROM twice)),"
        # Each follow-up link as a row, so that the chain is walked with equality joins.
        " links AS (SELECT id, ref AS target FROM kept WHERE ref IS NOT NULL"
        " UNION ALL SELECT id, unnest(refs) AS target FROM kept),"
        " followed(id) AS (SELECT l.id FROM links l LEFT JOIN kept k ON k.id = l.target"
        " WHERE k.id IS NULL UNION SELECT l.id FROM links l JOIN followed f ON l.target = f.id)"
        " SELECT row_no, id, actor, field, code, value FROM checked WHERE code IS NOT NULL"
        " UNION ALL SELECT row_no, id, actor, 'id', 'DR-I031', id FROM clean"
        " WHERE id IN (SELECT id FROM twice)"
        " UNION ALL SELECT c.row_no, c.id, c.actor, CASE WHEN c.ref IS NOT NULL THEN 'ref'"
        " ELSE 'refs' END, 'DR-I043', coalesce(c.ref, array_to_string(c.refs, ','))"
        " FROM kept c WHERE c.id IN (SELECT id FROM followed)"
    )


def _parts(dialect: Dialect) -> str:
    """Each raw event with the parts of its ``time`` and ``end_time`` as text (NULL where
    absent; those of ``end_time`` prefixed ``e_``)."""
    if dialect is Dialect.DUCKDB:
        names = ", ".join(f"'{name}'" for name in _PARTS)
        picked = ", ".join(
            f"NULLIF(m.{x}.{name}, '') AS {prefix}{name}"
            for x, prefix in (("x", ""), ("xe", "e_"))
            for name in _PARTS
        )
        inner = (
            f"SELECT r.*, regexp_extract(r.time, '{_MOMENT}', [{names}]) AS x,"
            f" regexp_extract(r.end_time, '{_MOMENT}', [{names}]) AS xe FROM raw_rows r"
        )
    else:
        picked = ", ".join(
            f"m.{x}[{i}] AS {prefix}{name}"
            for x, prefix in (("x", ""), ("xe", "e_"))
            for i, name in enumerate(_PARTS, 1)
        )
        inner = (
            f"SELECT r.*, regexp_match(r.time, '{_MOMENT}') AS x,"
            f" regexp_match(r.end_time, '{_MOMENT}') AS xe FROM raw_rows r"
        )
    return (
        "CREATE TEMP TABLE moment_raw AS SELECT m.row_no, m.id, m.actor, m.action, m.time,"
        " m.end_time,"
        " m.period, m.ref, m.refs, m.channels, m.recipients, m.videoconference,"
        f" m.participants, {picked} FROM ({inner}) m"
    )


def _parsed() -> str:
    """The parts as numbers, whether they make a moment the reader accepts, and the
    moment's wall time (UTC seconds, as if the wall clock were UTC) and stated offset:
    of ``time``, and prefixed ``e_`` of ``end_time``."""
    time, end = _moment("", "q."), _moment("e_", "q.")
    return (
        f"CREATE TEMP TABLE moment_parts AS SELECT q.*, {time['wall']} AS wall,"
        f" {time['micro']} AS micro, {time['stated']} AS stated, q.h IS NOT NULL AS timed,"
        f" {end['wall']} AS e_wall, {end['micro']} AS e_micro, {end['stated']} AS e_stated,"
        " q.e_h IS NOT NULL AS e_timed"
        " FROM (SELECT q.*, q.t_code IS NULL AS ok, q.e_code IS NULL AS e_ok"
        f" FROM (SELECT q.*, {time['code']} AS t_code,"
        f" CASE WHEN q.end_time IS NOT NULL THEN {end['code']} END AS e_code"
        " FROM moment_raw q) q) q"
    )


def _moment(prefix: str, table: str) -> dict[str, str]:
    """The expressions of one moment's parts (columns ``<prefix>y`` ... ``<prefix>z``)."""
    y, mo, d, h, mi, sec, f, z = (f"{table}{prefix}{part}" for part in _PARTS)
    year, month, day = (f"CAST({p} AS INTEGER)" for p in (y, mo, d))
    leap = f"({year} % 4 = 0 AND ({year} % 100 <> 0 OR {year} % 400 = 0))"
    last_day = (
        f"CASE WHEN {month} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END"
        f" WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    zone_minutes = (
        f"CASE WHEN length({z}) = 6 THEN CAST(substr({z}, 5, 2) AS INTEGER)"
        f" WHEN length({z}) = 5 THEN CAST(substr({z}, 4, 2) AS INTEGER) ELSE 0 END"
    )
    stated = (
        f"CASE WHEN {z} IS NULL THEN NULL WHEN {z} IN ('Z', 'z') THEN 0"
        f" ELSE (CASE WHEN substr({z}, 1, 1) = '-' THEN -1 ELSE 1 END)"
        f" * (CAST(substr({z}, 2, 2) AS INTEGER) * 3600 + {zone_minutes} * 60) END"
    )
    # The reader's code for what is wrong, in the order it asks (NULL: nothing is): not a
    # date or date-time at all, no such date, no such clock time, a year outside
    # 1900-2999, an offset no clock uses.
    code = (
        f"CASE WHEN {y} IS NULL THEN 'DR-I028'"
        f" WHEN {month} NOT BETWEEN 1 AND 12 OR {day} < 1 OR {day} > {last_day} THEN 'DR-I027'"
        f" WHEN {h} IS NOT NULL AND (CAST({h} AS INTEGER) > 23 OR CAST({mi} AS INTEGER) > 59"
        f" OR coalesce(CAST({sec} AS INTEGER), 0) > 59) THEN 'DR-I028'"
        f" WHEN {year} NOT BETWEEN 1900 AND 2999 THEN 'DR-I029'"
        f" WHEN {z} IS NOT NULL AND ({stated}) NOT BETWEEN -43200 AND 50400 THEN 'DR-I064' END"
    )
    clock = (
        f"CASE WHEN {h} IS NULL THEN 0 ELSE CAST({h} AS INTEGER) * 3600"
        f" + CAST({mi} AS INTEGER) * 60 + coalesce(CAST({sec} AS INTEGER), 0) END"
    )
    # Without an end its parts are NULL, and so is its wall time.
    valid = f"{table}{prefix}ok"
    return {
        "code": code,
        "stated": stated,
        "micro": f"CASE WHEN {f} IS NULL THEN 0 ELSE CAST(rpad({f}, 6, '0') AS INTEGER) END",
        "wall": f"CASE WHEN {valid} THEN (make_date({year}, {month}, {day})"
        f" - DATE '1970-01-01') * CAST(86400 AS BIGINT) + {clock} END",
    }


def _placed() -> str:
    """Each moment's office, zone, the zone's offset at it, its UTC seconds and local day;
    the same of its end (prefixed ``e_``), and whether it ends before it starts."""

    def spans(prefix: str) -> str:
        # A stated offset: the zone's offset at that instant; a wall time: at that wall
        # clock (its first occurrence). Equality on the zone, then a range: no query per row.
        wall, stated = f"p.{prefix}wall", f"p.{prefix}stated"
        return (
            f" LEFT JOIN zone_spans {prefix}zu ON {prefix}zu.zone = p.tz AND {stated} IS NOT NULL"
            f" AND {prefix}zu.utc_lo <= {wall} - {stated} AND {wall} - {stated} < {prefix}zu.utc_hi"
            f" LEFT JOIN zone_spans {prefix}zw ON {prefix}zw.zone = p.tz AND {stated} IS NULL"
            f" AND {prefix}zw.wall_lo <= {wall} AND {wall} < {prefix}zw.wall_hi"
        )

    def offset(prefix: str) -> str:
        return f"coalesce({prefix}zu.utc_offset, {prefix}zw.utc_offset)"

    def utc_and_day(prefix: str) -> str:
        wall, stated, local = (f"p.{prefix}{c}" for c in ("wall", "stated", "offset"))
        local = "p.local_offset" if not prefix else local
        return (
            f"CASE WHEN {stated} IS NOT NULL THEN {wall} - {stated} ELSE {wall} - {local}"
            f" END AS {prefix}utc,"
            f" CASE WHEN {stated} IS NOT NULL THEN DATE '1970-01-01'"
            f" + CAST(floor(({wall} - {stated} + {local}) / 86400.0) AS INTEGER)"
            f" ELSE DATE '1970-01-01' + CAST(floor({wall} / 86400.0) AS INTEGER) END"
            f" AS {prefix}day"
        )

    return (
        "CREATE TEMP TABLE placed AS SELECT p.*, CASE WHEN p.e_utc IS NULL THEN FALSE"
        " WHEN p.timed AND p.e_timed THEN p.e_utc * 1000000 + p.e_micro < p.utc * 1000000"
        " + p.micro ELSE p.e_day < p.day END AS ends_before"
        f" FROM (SELECT p.*, {utc_and_day('')}, {utc_and_day('e_')}"
        f" FROM (SELECT p.*, {offset('')} AS local_offset, {offset('e_')} AS e_offset"
        " FROM (SELECT m.*, o.actor IS NOT NULL AS known,"
        f" coalesce(o.tz, '{DEFAULT_TZ}') AS tz FROM moment_parts m"
        f" LEFT JOIN office o ON o.actor = m.actor WHERE m.ok AND m.e_ok) p{spans('')}"
        f"{spans('e_')}) p) p"
    )


_FAR = 10**15  # seconds: before and after every instant a moment can have


def _zone_spans() -> str:
    """``zone_spans``: for each row of ``zones``, the UTC seconds and the wall-clock seconds
    its offset holds for: from its change to the next change in UTC; and from its wall
    time to the earliest wall time of a later change, so that a wall time falls in the
    span of the latest change whose wall time it has reached (the rule the offsets follow,
    :func:`~decree_rules.time.offsets.zone_changes`), even where a clock went back."""
    order = "PARTITION BY z.zone ORDER BY z.utc_from NULLS FIRST"
    return (
        "CREATE TEMP TABLE zone_spans AS SELECT z.zone, z.utc_offset,"
        f" coalesce(z.utc_from, -{_FAR}) AS utc_lo,"
        f" coalesce(lead(z.utc_from) OVER ({order}), {_FAR}) AS utc_hi,"
        f" coalesce(z.wall_from, -{_FAR}) AS wall_lo,"
        f" coalesce(min(z.wall_from) OVER ({order}"
        f" ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), {_FAR}) AS wall_hi"
        " FROM zones z"
    )


def _verdict(as_of: date, dialect: Dialect) -> str:
    """Each placed event that does not end before it starts, with why it takes no part
    (``reason``), or NULL when it takes part: asked once per event, in one place."""
    return (
        "CREATE TEMP TABLE verdict AS SELECT p.*, CASE"
        " WHEN NOT p.known THEN 'unknown_actor'"
        " WHEN p.local_offset IS NULL THEN 'zone_not_loaded'"
        f" WHEN p.day > {literal_day(as_of)} THEN 'after_as_of'"
        f" WHEN NOT {covers(dialect, 'p.actor', 'p.day')} THEN 'office_absent' END AS reason"
        " FROM placed p WHERE p.row_no NOT IN (SELECT row_no FROM rejected)"
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


def _events(dialect: Dialect) -> str:
    double = "double precision" if dialect is Dialect.POSTGRES else "DOUBLE"
    instant = f"CAST(p.utc * 1000000 + p.micro AS {double}) / 1000000.0"
    collate = ' COLLATE "C"' if dialect is Dialect.POSTGRES else ""
    # The local clock, in seconds after midnight (NULL for a date): what the closing hour
    # of an office is compared with when an action counts as done (engine.settle.done_day).
    local_wall = (
        "CASE WHEN p.stated IS NOT NULL THEN p.wall - p.stated + p.local_offset ELSE p.wall END"
    )
    clock = f"CASE WHEN p.timed THEN CAST((({local_wall}) % 86400 + 86400) % 86400 AS INTEGER) END"
    return (
        "CREATE TEMP TABLE events AS SELECT CAST(row_number() OVER (ORDER BY p.instant,"
        f" p.nat_key{collate}, p.id{collate}) - 1 AS INTEGER) AS seq, p.id, p.actor, p.action,"
        " p.day, CASE WHEN p.e_day > p.day THEN p.e_day ELSE p.day END AS end_day, p.period,"
        " p.ref, coalesce(p.named, FALSE) AS named, p.refs, p.instant,"
        " p.timed, p.channels, p.recipients, coalesce(p.videoconference, FALSE) AS video,"
        f" p.participants, {clock} AS clock"
        f" FROM (SELECT p.*, {instant} AS instant, {_natural(dialect, 'p.id')} AS nat_key,"
        f" {length_of(dialect, 'p.refs')} > 0 AS named FROM verdict p WHERE p.reason IS NULL) p"
    )
