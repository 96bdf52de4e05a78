"""The ``decree-rules`` command: a thin layer over the library.

Exit codes (the public contract): 0 every duty fulfilled or pending; 1 some duty late or
violated; 2 the input could not be used (the message names the file, line and field).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2025-12-31, found {text!r}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="decree-rules",
        description=(
            "Check what officials did against the decree on annual reporting meetings "
            "with the population."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check an event log against the rules",
        description="Check an event log against the rules and report every duty.",
    )
    check.add_argument("--actors", required=True, metavar="FILE", help="actor registry")
    check.add_argument("--events", required=True, metavar="FILE", help="event log")
    check.add_argument(
        "--rules",
        metavar="PATH",
        help="rule file or folder (default: the decree's rules shipped with the package)",
    )
    check.add_argument(
        "--as-of",
        type=_as_of,
        metavar="DATE",
        help="the date to judge as of, YYYY-MM-DD (default: today in Asia/Almaty)",
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--output", metavar="FILE", help="write the report here, not to stdout")

    lint = commands.add_parser(
        "lint",
        help="check rule files and print errors and warnings",
        description="Parse and check rule files; print every error and warning.",
    )
    lint.add_argument("rules", nargs="?", metavar="PATH", help="rule file or folder")

    fmt = commands.add_parser(
        "format",
        help="print rule files in the canonical layout",
        description="Print rule files in the canonical layout (comments are dropped).",
    )
    fmt.add_argument("rules", nargs="?", metavar="PATH", help="rule file or folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from decree_rules.errors import DecreeRulesError

    try:
        if args.command == "check":
            return _check(args)
        if args.command == "lint":
            return _lint(args)
        return _format(args)
    except DecreeRulesError as error:
        print(error.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _check(args: argparse.Namespace) -> int:
    from decree_rules.errors import Location, UsageError
    from decree_rules.evaluation import evaluate
    from decree_rules.inputs import load_actors, load_events
    from decree_rules.report import report_to_json, report_to_text
    from decree_rules.validation import load_decree
    from decree_rules.zones import load_zone

    decree = load_decree(args.rules)
    actors = load_actors(args.actors)
    events = load_events(args.events, {actor.id: actor for actor in actors})
    as_of = args.as_of or datetime.now(load_zone("Asia/Almaty")).date()
    report = evaluate(decree, actors, events, as_of)
    source = args.rules or "the decree's shipped rules"
    render = report_to_json if args.format == "json" else report_to_text
    text = render(report, rules_source=str(source))
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"cannot write the report: {exc.strerror or exc}",
                Location(os.fspath(args.output), field="--output"),
            ) from None
    else:
        sys.stdout.write(text)
    return EXIT_OK if report.satisfied else EXIT_VIOLATIONS


def _lint(args: argparse.Namespace) -> int:
    from decree_rules.parse import parse_sources, read_rule_sources
    from decree_rules.validation import lint

    sources = read_rule_sources(args.rules)
    decree = parse_sources(sources)
    found = lint(decree, sources=dict(sources))
    for item in found:
        print(item.render(), file=sys.stderr)
    errors = [item for item in found if item.kind == "error"]
    clauses = len(decree.clauses)
    print(
        f"{_count(len(sources), 'file')}, {_count(clauses, 'clause')}: "
        f"{_count(len(errors), 'error')}, {_count(len(found) - len(errors), 'warning')}",
        file=sys.stderr,
    )
    return EXIT_BAD_INPUT if errors else EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _format(args: argparse.Namespace) -> int:
    from decree_rules.format import format_decree
    from decree_rules.validation import load_decree

    sys.stdout.write(format_decree(load_decree(args.rules)))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
