"""``check --engine python|duckdb|auto`` and ``decree-rules compile --dialect``.

Kept apart from :mod:`decree_rules.apps.cli` to keep it short; imports nothing heavy, so
``decree-rules --help`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decree_rules.core.provenance import RulesUsed

ENGINES = ("python", "duckdb", "auto")

AUTO_BYTES: int | None = None
"""``--engine auto`` runs the compiled engine for a log of at least this many bytes, when
DuckDB is installed: the size from which it was measured faster than the Python engine.
None while it is not faster at any size measured: at 1M events (docs/engines.rst) a
whole check took 56.8 s on it against 46.5 s on the Python engine, so ``auto`` runs
Python."""


def engine_option(check: argparse.ArgumentParser) -> None:
    """``check``'s ``--engine``."""
    check.add_argument(
        "--engine",
        choices=ENGINES,
        default="python",
        help="python (default), duckdb: the compiled engine decides the clauses it carries "
        "(needs the duckdb extra), auto: the engine measured faster for the log's size",
    )


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    as_of: Callable[[str], date],
) -> None:
    """Add ``compile`` to the command line's subcommands."""
    compile_ = commands.add_parser(
        "compile",
        help="print the SQL the compiled engine runs, for DuckDB or PostgreSQL",
        description="Print the SQL of the clauses the compiled engine carries: the input "
        "tables to fill, the timeline that places the raw events in local time, then each "
        "clause's statements (docs/engines.rst).",
    )
    compile_.add_argument("--dialect", choices=("duckdb", "postgres"), default="duckdb")
    compile_.add_argument(
        "--rules",
        metavar="PATH",
        help="rule file or folder (default: the workspace's, else the shipped rules)",
    )
    compile_.add_argument(
        "--as-of", type=as_of, required=True, metavar="DATE", help="the as-of date"
    )
    compile_.add_argument(
        "--zone",
        action="append",
        default=[],
        type=_zone,
        metavar="NAME",
        help="an IANA zone some office uses besides Kazakhstan's (repeatable)",
    )


def _zone(text: str) -> str:
    from decree_rules.time.zones import UnknownZoneError, load_zone

    try:
        load_zone(text)
    except UnknownZoneError:
        raise argparse.ArgumentTypeError(
            f"unknown time zone {text!r} (an IANA name, e.g. Europe/Moscow)"
        ) from None
    return text


def chosen_engine(args: argparse.Namespace) -> str:
    """The engine a check runs on: ``python`` or ``duckdb`` (``auto`` decided)."""
    engine: str = getattr(args, "engine", "python")
    if engine == "duckdb":
        from decree_rules.engine.compiled import load_duckdb

        load_duckdb()  # DR-U110 now, before the check starts
        return engine
    if engine == "auto":
        from decree_rules.engine.compiled import duckdb_version

        events = getattr(args, "events", None)
        try:
            large = (
                AUTO_BYTES is not None
                and events is not None
                and os.path.getsize(events) >= AUTO_BYTES
            )
        except OSError:
            large = False
        return "duckdb" if large and duckdb_version() is not None else "python"
    return "python"


def with_evaluator(used: RulesUsed, args: argparse.Namespace, decree: object) -> RulesUsed:
    """``used`` naming the compiled engine, when the check ran on it."""
    if getattr(args, "engine_chosen", "python") != "duckdb":
        return used
    import attrs

    from decree_rules.engine.compiled import engine_used
    from decree_rules.lang.model import Decree

    assert isinstance(decree, Decree)
    return attrs.evolve(used, evaluator=engine_used(decree))


def run_compile(args: argparse.Namespace) -> int:
    """``decree-rules compile``: the SQL on stdout."""
    from decree_rules.engine.script import compile_script
    from decree_rules.engine.sql import Dialect
    from decree_rules.lang.load import load_decree

    decree = load_decree(args.rules)
    script = compile_script(
        decree, as_of=args.as_of, dialect=Dialect(args.dialect), zones=tuple(args.zone)
    )
    sys.stdout.write(script)
    return 0


COMMANDS = {"compile": run_compile}
