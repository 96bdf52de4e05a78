"""Event logs from where they live: Parquet files, SQLite and PostgreSQL queries.

The same log gives the same findings from JSON Lines, Parquet, SQLite and PostgreSQL;
a bad row is located by its row number and column. PostgreSQL is a real server started
here (initdb and pg_ctl into a temporary folder, as a non-root user), or the tests skip.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from decree_rules.apps.cli import main
from decree_rules.io.external import read_parquet_events, read_sql_events

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
ACTORS = str(EXAMPLES / "actors.jsonl")
FIELDS = ("id", "actor", "action", "time", "end", "ref", "period", "channels", "to",
          "participants", "videoconference")  # fmt: skip
LISTS = ("channels", "to", "participants")


def _rows() -> list[dict[str, Any]]:
    text = (EXAMPLES / "events.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


def _check(*events: str) -> tuple[int, dict[str, Any] | None, str]:
    out, err = io.StringIO(), io.StringIO()
    args = ["check", "--actors", ACTORS, *events, "--as-of", "2025-12-31", "--format", "json"]
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, (json.loads(out.getvalue()) if out.getvalue() else None), err.getvalue()


@pytest.fixture(scope="module")
def from_jsonl() -> dict[str, Any]:
    code, report, _ = _check("--events", str(EXAMPLES / "events.jsonl"))
    assert code == 1 and report is not None
    return report


def _same(report: dict[str, Any] | None, expected: dict[str, Any]) -> None:
    assert report is not None
    for key in ("findings", "unmatched_events", "summary", "events"):
        assert report[key] == expected[key], key


# ---- Parquet --------------------------------------------------------------------------


def _parquet(path: Path, rows: list[dict[str, Any]]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_struct_array(pa.array(rows)), path)


def test_a_parquet_log_gives_the_json_lines_findings(
    tmp_path: Path, from_jsonl: dict[str, Any]
) -> None:
    target = tmp_path / "events.parquet"
    _parquet(target, _rows())
    code, report, _ = _check("--events", str(target))
    assert code == 1
    _same(report, from_jsonl)


def test_a_bad_parquet_row_is_located_by_row_and_column(tmp_path: Path) -> None:
    rows = _rows()
    rows[2] = {**rows[2], "actor": "akim.nobody"}
    target = tmp_path / "events.parquet"
    _parquet(target, rows)
    code, _, err = _check("--events", str(target))
    assert code == 2
    assert f"{target}:3: error: field 'actor': unknown actor 'akim.nobody'" in err


def test_a_file_that_is_not_parquet_inside_is_an_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    target = tmp_path / "events.parquet"
    target.write_bytes(b"PAR1 but nothing after")
    code, _, err = _check("--events", str(target))
    assert code == 2 and "DR-I080" not in err and "the Parquet file cannot be read" in err


def test_a_log_from_a_pipe_is_not_looked_into(from_jsonl: dict[str, Any]) -> None:
    writer = subprocess.Popen(["cat", str(EXAMPLES / "events.jsonl")], stdout=subprocess.PIPE)
    assert writer.stdout is not None
    try:
        code, report, err = _check("--events", f"/dev/fd/{writer.stdout.fileno()}")
    finally:
        writer.stdout.close()
        writer.wait()
    assert code == 1, err
    _same(report, from_jsonl)


# ---- SQLite ---------------------------------------------------------------------------


def _sqlite(path: Path, rows: list[dict[str, Any]]) -> None:
    with sqlite3.connect(path) as db:
        columns = ", ".join(f'"{name}" TEXT' for name in FIELDS)
        db.execute(f"CREATE TABLE events ({columns}, note TEXT)")
        for row in rows:
            values = [";".join(row[f]) if f in LISTS and f in row else row.get(f)
                      for f in FIELDS]  # fmt: skip
            if isinstance(values[-1], bool):
                values[-1] = int(values[-1])  # SQLite has no booleans: 0 and 1
            db.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(FIELDS))}, 'x')", values)
    db.close()


def test_an_sqlite_query_gives_the_json_lines_findings(
    tmp_path: Path, from_jsonl: dict[str, Any]
) -> None:
    target = tmp_path / "log.db"
    _sqlite(target, _rows())
    code, report, _ = _check("--events-sql", "SELECT * FROM events", "--db", f"sqlite:///{target}")
    assert code == 1
    _same(report, from_jsonl)


def test_a_bad_sqlite_row_is_located_by_row_and_column(tmp_path: Path) -> None:
    rows = _rows()
    rows[4] = {**rows[4], "time": "2024-13-01"}
    rows[6] = {**rows[6], "id": rows[0]["id"]}
    target = tmp_path / "log.db"
    _sqlite(target, rows)
    query = "SELECT * FROM events ORDER BY rowid"
    code, _, err = _check("--events-sql", query, "--db", f"sqlite:///{target}")
    assert code == 2
    assert "query:5: error: field 'time': no such date: '2024-13-01'" in err
    assert (
        f"query:7: error: field 'id': duplicate id '{rows[0]['id']}': already used on row 1" in err
    )


def test_query_and_url_mistakes_are_errors_not_tracebacks(tmp_path: Path) -> None:
    target = tmp_path / "log.db"
    _sqlite(target, _rows()[:3])
    code, _, err = _check("--events-sql", "SELECT * FROM nowhere", "--db", f"sqlite:///{target}")
    assert code == 2 and "the query failed: no such table: nowhere" in err
    code, _, err = _check("--events-sql", "SELECT 1", "--db", "mysql://localhost/x")
    assert code == 2 and "not a database URL" in err
    code, _, err = _check("--events", str(EXAMPLES / "events.jsonl"), "--db", f"sqlite:///{target}")
    assert code == 2 and "go together" in err
    code, _, err = _check("--events-sql", "SELECT 1", "--db", f"sqlite:///{tmp_path}/none.db")
    assert code == 2 and "no SQLite database" in err
    assert "Traceback" not in err


def _unreadable_parquet(path: Path, patch: pytest.MonkeyPatch) -> object:
    target = path / "e.parquet"
    target.write_bytes(b"PAR1 and no more")
    return read_parquet_events(target, {}, lenient=False)


def _refused_query(path: Path, patch: pytest.MonkeyPatch) -> object:
    sqlite3.connect(path / "e.db").close()
    return read_sql_events("SELECT * FROM nowhere", f"sqlite:///{path}/e.db", {}, lenient=False)


EXTERNAL_CASES: dict[str, tuple[Callable[[Path, pytest.MonkeyPatch], object], None]] = {
    "DR-I080": (_unreadable_parquet, None),
    "DR-I081": (_refused_query, None),
    "DR-I082": (
        lambda path, patch: read_sql_events("SELECT 1", f"sqlite:///{path}/no.db", {},
                                            lenient=False),
        None,
    ),
}  # fmt: skip
"""The input codes of this module, each with a case that raises it (test_io_codes)."""


# ---- PostgreSQL -----------------------------------------------------------------------

# The server: the session's fixture ``postgres`` (tests/conftest.py).


def _load_postgres(url: str, table: str, rows: list[dict[str, Any]]) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        columns = ", ".join(
            f'"{name}" ' + ("text[]" if name in LISTS else "boolean" if name == "videoconference"
                            else "text")
            for name in FIELDS
        )  # fmt: skip
        db.execute(f"DROP TABLE IF EXISTS {table}".encode())
        db.execute(f"CREATE TABLE {table} (n serial, {columns})".encode())
        with db.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(f'{chr(34)}{f}{chr(34)}' for f in FIELDS)}) "
                f"VALUES ({', '.join(['%s'] * len(FIELDS))})".encode(),
                [[row.get(f) for f in FIELDS] for row in rows],
            )


def test_a_postgresql_query_gives_the_json_lines_findings(
    postgres: str, from_jsonl: dict[str, Any]
) -> None:
    _load_postgres(postgres, "events", _rows())
    query = "SELECT id, actor, action, time, \"end\", ref, period, channels, \"to\", " \
            "participants, videoconference FROM events ORDER BY n"  # fmt: skip
    code, report, err = _check("--events-sql", query, "--db", postgres)
    assert code == 1, err
    _same(report, from_jsonl)


def test_a_bad_postgresql_row_is_located_by_row_and_column(postgres: str) -> None:
    rows = _rows()[:20]
    rows[3] = {**rows[3], "action": "report_postd"}
    _load_postgres(postgres, "broken", rows)
    code, _, err = _check("--events-sql", "SELECT * FROM broken ORDER BY n", "--db", postgres)
    assert code == 2
    assert "query:4: error: field 'action': unknown action 'report_postd'" in err
    code, _, err = _check("--events-sql", "SELECT * FROM missing", "--db", postgres)
    assert code == 2 and "the query failed" in err and "Traceback" not in err
