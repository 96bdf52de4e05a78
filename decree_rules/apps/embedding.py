"""The commands for systems that embed decree_rules: ``schema``, ``serve``, and the
event logs of ``check`` that are no text file (``--events-sql``, Parquet).

Kept out of :mod:`decree_rules.apps.cli`, which only adds their parsers
(:func:`add_commands`, :func:`~decree_rules.apps.embedding.add_event_sources`) and
dispatches to them (:data:`COMMANDS`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, Final

__all__ = ["COMMANDS", "add_commands", "add_event_sources"]


def add_event_sources(check: argparse.ArgumentParser) -> None:
    """``check``'s event log: ``--events FILE`` (Parquet too), or ``--events-sql QUERY
    --db URL``."""
    logs = check.add_mutually_exclusive_group(required=True)
    logs.add_argument(
        "--events", metavar="FILE", help="event log (JSON Lines, JSON array, CSV or Parquet)"
    )
    logs.add_argument(
        "--events-sql", metavar="QUERY", help="the events as a query's rows (with --db)"
    )
    check.add_argument(
        "--db", metavar="URL", help="sqlite:///path.db or postgresql://user@host:5432/db"
    )


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``schema`` and ``serve`` to the command line's subcommands."""
    from decree_rules.core.schemas import SCHEMA_NAMES

    schema = commands.add_parser(
        "schema",
        help="print a JSON Schema of an input row or an output",
        description="Print the JSON Schema (draft 2020-12) shipped with the package: "
        + ", ".join(SCHEMA_NAMES)
        + ".",
    )
    schema.add_argument("name", metavar="NAME", help="one of " + ", ".join(SCHEMA_NAMES))

    serve = commands.add_parser(
        "serve",
        help="answer checks over HTTP (needs the [service] extra)",
        description="Serve POST /v1/check, POST /v1/due, GET /v1/rules, GET /v1/health and "
        "GET /openapi.json (JSON, stateless) with the rules read at start.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=_number(int, 0, 65535), default=8080, help="port (8080)")
    serve.add_argument(
        "--rules",
        metavar="PATH",
        help="rule file or folder (default: the decree's rules shipped with the package)",
    )
    serve.add_argument(
        "--max-body-bytes",
        type=_number(int, 1, 2**40),
        default=32 * 1024 * 1024,
        metavar="N",
        help="the largest request body (default 32 MiB)",
    )
    serve.add_argument(
        "--max-events",
        type=_number(int, 1, 10**9),
        default=100_000,
        metavar="N",
        help="the most events a check request may have (default 100000)",
    )
    serve.add_argument(
        "--timeout",
        type=_number(float, 0.0001, 86400),
        default=60.0,
        metavar="SECONDS",
        help="the longest a request may take before it is answered 504 (default 60)",
    )


def _number(kind: Callable[[str], float], low: float, high: float) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, found {text!r:.40}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a number from {low:g} to {high:g}")
        return value

    return parse


def run_schema(args: argparse.Namespace) -> int:
    """Print the schema ``args.name``."""
    from decree_rules.core.schemas import schema_text

    sys.stdout.write(schema_text(args.name))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Serve until stopped (Ctrl-C, SIGTERM); bad rules stop it before it listens."""
    try:
        import uvicorn

        from decree_rules.apps.service.app import Limits, make_app
    except ImportError as exc:
        from decree_rules.core.diagnostics import UsageError
        from decree_rules.core.source import Location

        raise UsageError(
            f"the service needs packages that are not installed ({exc.name})",
            Location("serve"),
            code="DR-U068",
            hint="pip install 'decree_rules[service]'",
            args={"missing": exc.name},
        ) from None
    from decree_rules.apps.settings import rules_used

    limits = Limits(args.max_body_bytes, args.max_events, args.timeout)
    app = make_app(args.rules, limits, used_of=lambda files: rules_used(args, files))
    print(f"decree-rules: serving on http://{args.host}:{args.port}", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


COMMANDS: Final[dict[str, Callable[[argparse.Namespace], int]]] = {
    "schema": run_schema,
    "serve": run_serve,
}
"""The commands of this module by name, for the command line's dispatch."""
