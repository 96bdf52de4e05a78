"""The commands for systems that embed decree_rules: ``schema`` and ``serve``.

Kept out of :mod:`decree_rules.apps.cli`, which only adds their parsers
(:func:`add_commands`) and dispatches to them (:data:`COMMANDS`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Final

__all__ = ["COMMANDS", "add_commands"]


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


def run_schema(args: argparse.Namespace) -> int:
    """Print the schema ``args.name``."""
    from decree_rules.core.schemas import schema_text

    sys.stdout.write(schema_text(args.name))
    return 0


COMMANDS: Final[dict[str, Callable[[argparse.Namespace], int]]] = {"schema": run_schema}
"""The commands of this module by name, for the command line's dispatch."""
