"""Findings as tables for analysts: CSV, Arrow and Parquet, one row per finding.

The columns are the JSON report's finding keys (contract section 4): ``rule``,
``actor``, ``period``, ``trigger``, ``due``, ``status``, ``evidence``, ``explanation``
and ``steps``, the steps as a JSON column (the JSON report's ``steps`` of the finding,
:doc:`steps`). In CSV ``evidence`` is ``;``-separated (as list fields of input CSV
files) and ``explanation`` a JSON array; in Arrow both are lists of strings and ``due``
a date. Arrow and Parquet need ``pyarrow`` (the ``[arrow]`` extra).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.source import Location
from decree_rules.report.common import Rendered, ReportLike
from decree_rules.report.json_report import finding_json

if TYPE_CHECKING:
    import pyarrow

    from decree_rules.io.output import GuardedText

__all__ = ["COLUMNS", "finding_rows", "to_arrow", "to_csv", "write_table"]

COLUMNS: Final = (
    "rule", "actor", "period", "trigger", "due", "status", "evidence", "explanation", "steps",
)  # fmt: skip


def _finding_dicts(report: ReportLike) -> Iterator[dict[str, Any]]:
    """Each finding as the JSON report writes it (read back from a partitioned check)."""
    if isinstance(report, Rendered):
        lines = report.finding_lines()
    else:
        lines = (finding_json(finding) for finding in report.findings)
    for line in lines:
        found: dict[str, Any] = json.loads(line)
        yield found


def finding_rows(report: ReportLike) -> Iterator[dict[str, Any]]:
    """One row per finding: the columns of ``COLUMNS``, the steps as JSON text."""
    for finding in _finding_dicts(report):
        due = finding["due"]
        yield {
            "rule": finding["rule"],
            "actor": finding["actor"],
            "period": finding["period"],
            "trigger": finding["trigger"],
            "due": None if due is None else date.fromisoformat(due),
            "status": finding["status"],
            "evidence": list(finding["evidence"]),
            "explanation": list(finding["explanation"]),
            "steps": json.dumps(finding["steps"], ensure_ascii=False),
        }


def to_csv(report: ReportLike) -> str:
    """The findings as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in finding_rows(report):
        writer.writerow([
            row["rule"], row["actor"], row["period"] or "", row["trigger"] or "",
            "" if row["due"] is None else row["due"].isoformat(), row["status"],
            ";".join(row["evidence"]), json.dumps(row["explanation"], ensure_ascii=False),
            row["steps"],
        ])  # fmt: skip
    return buffer.getvalue()


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise UsageError(
            "tables in Arrow or Parquet need pyarrow, which is not installed",
            Location("check", field="--format"),
            code="DR-U069",
            hint="pip install 'decree_rules[arrow]', or use --format csv",
        ) from None
    return pyarrow


def to_arrow(report: ReportLike) -> pyarrow.Table:
    """The findings as a pyarrow Table (the ``[arrow]`` extra)."""
    pa = _pyarrow()
    text, words = pa.string(), pa.list_(pa.string())
    schema = pa.schema([
        ("rule", text), ("actor", text), ("period", text), ("trigger", text),
        ("due", pa.date32()), ("status", text), ("evidence", words),
        ("explanation", words), ("steps", text),
    ])  # fmt: skip
    table: pyarrow.Table = pa.Table.from_pylist(list(finding_rows(report)), schema=schema)
    return table


def to_parquet_bytes(report: ReportLike) -> bytes:
    """The findings as a Parquet file's bytes."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(to_arrow(report), sink)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def write_table(report: ReportLike, out: GuardedText, fmt: str) -> None:
    """Write the findings to ``out`` as ``csv`` or ``parquet``."""
    if fmt == "csv":
        out.write(to_csv(report))
    else:
        out.write_bytes(to_parquet_bytes(report))
