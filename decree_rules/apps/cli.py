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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decree_rules.report.common import ReportLike
    from decree_rules.time.calendars import WorkingCalendar

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
    """The command line's options: check, lint, format and due."""
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
    check.add_argument("--format", choices=("text", "json", "html"), default="text")
    check.add_argument("--output", metavar="FILE", help="write the report here, not to stdout")
    check.add_argument(
        "--lenient",
        action="store_true",
        help="skip rows with defects instead of stopping (exit 2); the report lists each "
        "rejected row with its errors",
    )
    check.add_argument(
        "--jobs",
        type=_jobs_arg,
        metavar="N",
        help="processes that check a large log's pieces and evaluate its partitions of "
        "offices (default: every usable core); the report is the same for any N",
    )
    check.add_argument(
        "--work-dir",
        metavar="DIR",
        help="where a large check keeps its intermediate files (default: the system's "
        "temporary folder, $TMPDIR); they are removed when it ends",
    )
    _calendar_option(check)

    lint = commands.add_parser(
        "lint",
        help="check rule files and print errors and warnings",
        description="Parse and check rule files; print every error and warning.",
    )
    lint.add_argument("rules", nargs="?", metavar="PATH", help="rule file or folder")

    fmt = commands.add_parser(
        "format",
        help="lay rule files out in the canonical way, keeping every comment",
        description=(
            "Lay rule files out in the canonical way (one item a line, one blank line "
            "between blocks), keeping every comment and blank line between items. Prints "
            "the result unless --check, --diff or --write is given."
        ),
    )
    fmt.add_argument("rules", nargs="*", metavar="PATH", help="rule files or folders")
    fmt_mode = fmt.add_mutually_exclusive_group()
    fmt_mode.add_argument(
        "--check",
        action="store_const",
        const="check",
        dest="mode",
        help="exit 1, with a diff, if a file would change",
    )
    fmt_mode.add_argument(
        "--diff", action="store_const", const="diff", dest="mode", help="print what would change"
    )
    fmt_mode.add_argument(
        "--write", action="store_const", const="write", dest="mode", help="rewrite the files"
    )

    test = commands.add_parser(
        "test",
        help="run scenario files and say which expectations hold",
        description=(
            "Run scenario files (*.scenario): small worlds of offices and events, a date, "
            "and the findings expected. Each file runs against the rule files of the "
            "nearest folder above it that has some (else the shipped rules), or --rules. "
            "Exit 0 all pass, 1 some fail, 2 a file cannot be used."
        ),
    )
    test.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="scenario files or folders (default: the scenarios shipped with the rules)",
    )
    test.add_argument("--rules", metavar="PATH", help="run every scenario against these rules")
    test.add_argument("--format", choices=("text", "json"), default="text")
    _calendar_option(test)

    due = commands.add_parser(
        "due",
        help="compute one deadline and show the arithmetic",
        description=(
            "Compute one deadline as the rules count it (Civil Code arts. 173-176) and print "
            "every step. Examples: --after 2018-02-27 --days 10;  --after 2016-01-31 --months 1;"
            "  --before 2016-01-11 --days 10;  --quarter 2020-Q4 --day-of-next-month 10;"
            "  --by 2023-01-15;  --quarter 2019-Q2 (a window)."
        ),
    )
    anchor = due.add_mutually_exclusive_group(required=True)
    anchor.add_argument("--after", metavar="WHEN", help="a term runs after this date or time")
    anchor.add_argument("--before", metavar="WHEN", help="a notice is counted back from this")
    anchor.add_argument("--quarter", metavar="PERIOD", help="a quarter like 2020-Q4 (or a year)")
    anchor.add_argument("--by", metavar="DATE", help="a fixed date like 2023-01-15")
    length = due.add_mutually_exclusive_group()
    length.add_argument("--days", type=_count_arg, metavar="N", help="calendar days")
    length.add_argument("--working-days", type=_count_arg, metavar="N", help="working days")
    length.add_argument("--months", type=_count_arg, metavar="N", help="months")
    length.add_argument("--years", type=_count_arg, metavar="N", help="years")
    length.add_argument(
        "--day-of-next-month",
        type=_count_arg,
        metavar="N",
        help="with --quarter: day N of the month after the period",
    )
    due.add_argument(
        "--tz",
        default="Asia/Almaty",
        metavar="ZONE",
        help="the office's IANA zone, for a date-time (default Asia/Almaty)",
    )
    due.add_argument(
        "--counting",
        default="civil_code",
        metavar="POLICIES",
        help="e.g. 'civil_code' (default) or 'civil_code without shift_forward'",
    )
    due.add_argument("--format", choices=("text", "json"), default="text")
    _calendar_option(due)
    return parser


def _calendar_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--calendar",
        metavar="FILE",
        help="a TOML file of extra days off and working days (with the acts that ordered "
        "them) over the holidays package's Kazakh calendar",
    )


def _working_calendar(path: str | None) -> WorkingCalendar:
    from decree_rules.time.calendars import KazakhCalendar

    if path is None:
        return KazakhCalendar()
    from decree_rules.time.overrides import OverlayCalendar, load_overrides

    return OverlayCalendar(KazakhCalendar(), load_overrides(path))


def _count_arg(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number like 10, found {text!r}")
    return int(text)


def _jobs_arg(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, found {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: the process's) and return the exit code."""
    args = build_parser().parse_args(argv)
    from decree_rules.core.diagnostics import DecreeRulesError

    # Looked up at each call, so that a command can be replaced (tests do).
    commands = {"check": _check, "lint": _lint, "due": _due, "format": _format, "test": _test}
    try:
        return commands[args.command](args)
    except DecreeRulesError as error:
        print(error.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of the output went away (`... | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BAD_INPUT
    except Exception as exc:
        # A bug, not a user error: no traceback for users unless asked for.
        if os.environ.get("DECREE_RULES_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        print(f"decree-rules: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "decree-rules: please report this, with the command line and the input files "
            "(set DECREE_RULES_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT


def _check(args: argparse.Namespace) -> int:
    from decree_rules.io.registry import read_actors
    from decree_rules.lang.load import load_decree
    from decree_rules.pipeline.parallel import check_partitioned
    from decree_rules.time.zones import load_zone

    decree = load_decree(args.rules)
    actors = read_actors(args.actors, lenient=args.lenient)
    as_of = args.as_of or datetime.now(load_zone("Asia/Almaty")).date()
    # The log is read piece by piece and evaluated by partitions of offices: memory stays
    # bounded, and every core is used; the report is the same as one evaluation's.
    with check_partitioned(
        decree,
        actors,
        args.events,
        as_of,
        calendar=_working_calendar(args.calendar),
        lenient=args.lenient,
        jobs=args.jobs,
        workdir=args.work_dir,
    ) as report:
        rejected = report.rejected_rows
        if rejected:
            events_rejected = len(rejected) - len(actors.rejected)
            print(
                f"decree-rules: --lenient: {_count(len(rejected), 'row')} rejected "
                f"({len(actors.rejected)} of {actors.rows} in {args.actors}, "
                f"{events_rejected} of {report.events_read + events_rejected} in "
                f"{args.events}); the report lists them",
                file=sys.stderr,
            )
        _write_report(args, report)
        return EXIT_OK if report.satisfied else EXIT_VIOLATIONS


def _write_report(args: argparse.Namespace, report: ReportLike) -> None:
    from decree_rules.core.diagnostics import UsageError
    from decree_rules.core.source import Location
    from decree_rules.report.html_report import report_to_html
    from decree_rules.report.json_report import write_json
    from decree_rules.report.text_report import report_to_text

    source = str(args.rules or "the decree's shipped rules")
    # JSON is streamed to its destination; the text and HTML reports are built whole.
    text = None
    if args.format == "text":
        text = report_to_text(report, rules_source=source)
    elif args.format == "html":
        text = report_to_html(report, rules_source=source)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as out:
                if text is None:
                    write_json(report, out, rules_source=source)
                else:
                    out.write(text)
        except OSError as exc:
            raise UsageError(
                f"cannot write the report: {exc.strerror or exc}",
                Location(os.fspath(args.output), field="--output"),
                code="DR-U001",
                args={"path": os.fspath(args.output), "reason": exc.strerror or str(exc)},
            ) from None
    elif text is None:
        write_json(report, sys.stdout, rules_source=source)
    else:
        sys.stdout.write(text)


def _lint(args: argparse.Namespace) -> int:
    from decree_rules.lang.load import parse_sources, read_rule_sources
    from decree_rules.lang.validate import lint_advice

    sources = read_rule_sources(args.rules)
    decree = parse_sources(sources)
    found, acknowledged = lint_advice(decree, sources=dict(sources))
    for item in found:
        print(item.render(), file=sys.stderr)
    errors = [item for item in found if item.kind == "error"]
    clauses = len(decree.clauses)
    print(
        f"{_count(len(sources), 'file')}, {_count(clauses, 'clause')}: "
        f"{_count(len(errors), 'error')}, {_count(len(found) - len(errors), 'warning')}"
        + (f" ({len(acknowledged)} more acknowledged)" if acknowledged else ""),
        file=sys.stderr,
    )
    return EXIT_BAD_INPUT if errors else EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _format(args: argparse.Namespace) -> int:
    from decree_rules.apps.formatting import run_format

    return run_format(args.rules, mode=args.mode or "print")


def _test(args: argparse.Namespace) -> int:
    import json

    from decree_rules.apps.scenarios.render import results_to_dict, results_to_text
    from decree_rules.apps.scenarios.run import RuleSets, run_paths
    from decree_rules.lang.grammar import shipped_rules_path

    paths = args.paths or [shipped_rules_path() / "scenarios"]
    rules = RuleSets(args.rules)
    results = run_paths(paths, rules, _working_calendar(args.calendar))
    if args.format == "json":
        data = results_to_dict(results)
        data["rules"] = _rules_block(rules.used)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        header = [
            f"rules: {name} (sha256 {entry['sha256'][:16]})"
            for name, entry in _rules_block(rules.used).items()
        ]
        sys.stdout.write(results_to_text(results, header=header))
    if any(f.error is not None or any(r.error for r in f.results) for f in results):
        return EXIT_BAD_INPUT
    return EXIT_OK if all(f.passed for f in results) else EXIT_VIOLATIONS


def _rules_block(used: dict[str | None, list[tuple[str, str]]]) -> dict[str, dict[str, str]]:
    import hashlib

    return {
        name: {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
        for sources in used.values()
        for name, text in sources
    }


def _due(args: argparse.Namespace) -> int:
    import json

    from decree_rules.pipeline.due import DueQuestion, answer
    from decree_rules.report.due_report import due_to_dict, due_to_text

    question = DueQuestion(
        after=args.after,
        before=args.before,
        quarter=args.quarter,
        by=args.by,
        days=args.days,
        working_days=args.working_days,
        months=args.months,
        years=args.years,
        day_of_next_month=args.day_of_next_month,
        tz=args.tz,
        counting=args.counting,
    )
    found = answer(question, _working_calendar(args.calendar))
    if args.format == "json":
        sys.stdout.write(json.dumps(due_to_dict(found), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(due_to_text(found))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
