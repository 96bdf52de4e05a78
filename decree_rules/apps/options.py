"""The options of some commands of the command line: ``agenda``, ``diff`` and ``lsp``.

Kept apart from :mod:`decree_rules.apps.cli` to keep it short; imports nothing heavy, so
``decree-rules --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

import attrs

if TYPE_CHECKING:
    from decree_rules.apps.progress import ProgressLine

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

DEFAULT_DAYS = 30
"""How many days ahead ``agenda`` looks by default."""


@attrs.frozen
class ArgTypes:
    """The command line's converters of option values, shared by its commands."""

    as_of: Callable[[str], date]
    count: Callable[[str], int]
    jobs: Callable[[str], int]
    calendar_option: Callable[[argparse.ArgumentParser], None]


def add_commands(commands: Commands, types: ArgTypes) -> None:
    """Add ``agenda``, ``compile``, ``diff``, ``lsp``, ``schema`` and ``serve`` to the
    command line."""
    from decree_rules.apps import embedding, engines

    agenda_parser(commands, types)
    diff_parser(commands)
    embedding.add_commands(commands)
    engines.add_commands(commands, types.as_of)
    lsp = commands.add_parser(
        "lsp",
        help="run the language server of rule and scenario files (for editors)",
        description="Speak the Language Server Protocol over stdin and stdout (extra [lsp]).",
    )
    lsp.add_argument("--stdio", action="store_true", help="over stdio (the default and only)")


def diff_parser(commands: Commands) -> None:
    """The options of ``decree-rules diff``."""
    diff = commands.add_parser(
        "diff",
        help="what changes between two texts of the rules, clause by clause, from when",
        description=(
            "Compare two rule sets (the decree and the decree with an amending act, say), "
            "or one rule set on two days (--at D1 --at D2): which duties change, in words "
            "and in JSON. Exit 0 when nothing differs, 1 when something does."
        ),
    )
    diff.add_argument("old", metavar="OLD", help="rule file or folder")
    diff.add_argument("new", nargs="?", metavar="NEW", help="rule file or folder")
    diff.add_argument(
        "--at",
        action="append",
        metavar="DATE",
        help="with OLD and NEW: compare the texts in force on DATE; with OLD alone, give "
        "it twice: compare OLD's texts in force on the two days",
    )
    diff.add_argument("--format", choices=("text", "json"), default="text")
    lang_option(diff)


def agenda_parser(commands: Commands, types: ArgTypes) -> None:
    """The options of ``decree-rules agenda``; ``types`` are the command line's own."""

    agenda = commands.add_parser(
        "agenda",
        help="list the duties overdue and those due in the next days",
        description=(
            "Check the event log as 'check' does and list what is already overdue (violated "
            "duties) and what falls due from --as-of to --as-of + --days (pending duties), "
            "with the calendar and working days left. Exit 0 nothing overdue, 1 something "
            "overdue, 2 the input could not be used."
        ),
    )
    agenda.add_argument("--actors", required=True, metavar="FILE", help="actor registry")
    agenda.add_argument("--events", required=True, metavar="FILE", help="event log")
    agenda.add_argument(
        "--rules",
        metavar="PATH",
        help="rule file or folder (default: the workspace's, else the shipped rules)",
    )
    agenda.add_argument(
        "--as-of",
        type=types.as_of,
        metavar="DATE",
        help="the day the agenda starts and the check is as of, YYYY-MM-DD (default: "
        "today in Asia/Almaty)",
    )
    agenda.add_argument(
        "--days",
        type=types.count,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"list the duties due up to N days after --as-of (default {DEFAULT_DAYS}; 0: "
        "due that day)",
    )
    agenda.add_argument(
        "--actor",
        action="append",
        metavar="ID",
        help="only these offices (registry ids; comma-separated, or repeated)",
    )
    agenda.add_argument(
        "--format",
        choices=("text", "json", "ics"),
        default="text",
        help="text for people, json for programs, ics an iCalendar file (needs the "
        "calendars extra)",
    )
    agenda.add_argument("--output", metavar="FILE", help="write the agenda here, not to stdout")
    agenda.add_argument(
        "--jobs", type=types.jobs, metavar="N", help="processes for the check (as check's)"
    )
    agenda.add_argument(
        "--work-dir", metavar="DIR", help="where the check keeps its intermediate files"
    )
    types.calendar_option(agenda)
    lang_option(agenda)


def lang_option(parser: argparse.ArgumentParser) -> None:
    """``--lang en|kk|ru``: the language of the sentences, dates and labels."""
    parser.add_argument(
        "--lang",
        choices=("en", "kk", "ru"),
        default="en",
        help="the language of the sentences, dates and labels (JSON keys and codes stay "
        "English); kk and ru need the i18n extra (Babel)",
    )


def check_options(
    check: argparse.ArgumentParser, calendar_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """``check``'s ``--compare``, ``--calendar``, ``--engine``, ``--lang`` and ``--quiet``."""
    from decree_rules.apps.engines import engine_option

    check.add_argument(
        "--compare",
        metavar="OTHER_RULES",
        help="also check the log against these rules, and list the findings whose status "
        "or due date differ under them (text and JSON reports)",
    )
    calendar_option(check)
    engine_option(check)
    lang_option(check)
    check.add_argument(
        "--quiet",
        action="store_true",
        help="no progress line on standard error (shown only when it is a terminal)",
    )


def load_words(lang: str) -> None:
    """Load the language at once: a missing Babel fails before the check starts."""
    from decree_rules.explain.catalog import words_for

    words_for(lang)


def progress_line(args: argparse.Namespace) -> ProgressLine | None:
    """The progress line, when standard error is a terminal and --quiet is not given."""
    if args.quiet or sys.stderr is None or not sys.stderr.isatty():
        return None
    from decree_rules.apps.progress import ProgressLine

    return ProgressLine(sys.stderr)
