"""The ``decree-rules`` command: a thin layer over the library.

Exit codes (the public contract, ``docs/cli.rst``):

* 0: every duty fulfilled or pending (``lint``: no errors; ``due``, ``format``: done);
* 1: some duty late or violated;
* 2: the input could not be used (the message names the file, line and field), an
  argument is wrong, the report cannot be written (``--output``, or a full standard
  output: ``DR-U013``), or an internal error (a bug; a message, never a traceback);
* 128 + the signal: stopped by a signal, in order (the workers killed, the work folder
  and any unfinished report removed, the previous ``--output`` report untouched):
  130 Ctrl-C (``SIGINT``), 143 ``SIGTERM``, 129 ``SIGHUP``; the message on stderr is
  ``decree-rules: interrupted`` (with ``(SIGTERM)`` or ``(SIGHUP)``).

A reader of standard output that goes away (``... | head``) ends the command quietly,
with 2. ``--output`` is written whole or not at all (:mod:`decree_rules.io.output`).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decree_rules.core.diagnostics import DecreeRulesError, UsageError
    from decree_rules.core.provenance import RuleFile
    from decree_rules.io.output import GuardedText
    from decree_rules.io.records import Actor
    from decree_rules.lang.model import Decree
    from decree_rules.report.common import ReportLike
    from decree_rules.report.comparison import Comparison
    from decree_rules.time.calendars import WorkingCalendar

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_SIGNAL_BASE = 128
"""Stopped by signal N: exit 128 + N (130 SIGINT, 143 SIGTERM, 129 SIGHUP)."""

STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
"""The signals that stop a command in order (those the system has)."""


MAX_DIGITS = 9
"""The most digits of a whole-number option: every sensible one is far shorter."""


def _as_of(text: str) -> date:
    from decree_rules.core.limits import iso_date

    try:
        return iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2025-12-31, found {text!r}"
        ) from None


def _check_as_of(day: date, command: str = "check") -> None:
    """Refuse a day nothing could be owed by, or beyond the working-day calendar."""
    from decree_rules.core.diagnostics import UsageError
    from decree_rules.core.limits import IN_FORCE, LAST_DAY
    from decree_rules.core.source import Location

    where = Location(f"decree-rules {command}", field="--as-of")
    values = {"as_of": day.isoformat(), "first": IN_FORCE.isoformat(), "last": LAST_DAY.isoformat()}
    if day < IN_FORCE:
        raise UsageError(
            f"{day.isoformat()} is before the decree came into force on "
            f"{IN_FORCE.isoformat()} (clause 15): nothing could be owed before it",
            where,
            code="DR-U020",
            hint=f"a date from {IN_FORCE.isoformat()} to {LAST_DAY.isoformat()}, "
            "e.g. --as-of 2025-12-31",
            args=values,
        )
    if day > LAST_DAY:
        raise UsageError(
            f"{day.isoformat()} is after {LAST_DAY.isoformat()}: the working-day calendar "
            f"(the holidays package's Kazakh calendar) has no data after {LAST_DAY.year}",
            where,
            code="DR-U021",
            hint=f"a date from {IN_FORCE.isoformat()} to {LAST_DAY.isoformat()}, "
            "e.g. --as-of 2025-12-31",
            args=values,
        )


def build_parser() -> argparse.ArgumentParser:
    """The command line's options: check, agenda, diff, schema, serve, lsp, lint, format,
    test, init and due."""
    from decree_rules.apps import embedding, options  # options of some commands, apart

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
    embedding.add_event_sources(check)  # --events FILE, or --events-sql QUERY --db URL
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
    check.add_argument(
        "--format", choices=("text", "json", "html", "csv", "parquet"), default="text"
    )
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
    for option, metavar, what in (
        ("--clause", "N", "clauses, e.g. 6 or 6,12.2"),
        ("--actor", "ID", "offices (registry ids)"),
        ("--status", "S", "statuses: fulfilled, late, violated, pending, exempt"),
    ):
        check.add_argument(
            option,
            action="append",
            metavar=metavar,
            help=f"report only the findings of these {what} (comma-separated, or repeated); "
            "the summary and the exit code are those of the findings shown",
        )
    options.check_options(check, _calendar_option)  # --compare, --calendar, --lang, --quiet
    options.add_commands(
        commands, options.ArgTypes(_as_of, _count_arg, _jobs_arg, _calendar_option)
    )

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
    test.add_argument(
        "-q", "--quiet", action="store_true", help="list only the scenarios that fail"
    )
    _calendar_option(test)

    init = commands.add_parser(
        "init",
        help="make a workspace: a copy of the rules and their scenarios to edit and test",
        description=(
            "Make a workspace in DIR (a new or empty folder): a copy of the shipped rules "
            "and their scenarios in DIR/rules, and DIR/decree-rules.toml naming them. "
            "Every command run in DIR or below then uses those rules."
        ),
    )
    init.add_argument("dir", metavar="DIR", help="the folder to make")

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
    options.lang_option(due)
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


def _whole(text: str) -> int | None:
    """``text`` as a whole number written in the digits 0-9, if it is one of sane length."""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    return int(text)


def _count_arg(text: str) -> int:
    number = _whole(text)
    if number is None:
        raise argparse.ArgumentTypeError(
            f"expected a whole number like 10 (at most {MAX_DIGITS} digits), found {_shown(text)}"
        )
    return number


def _jobs_arg(text: str) -> int:
    number = _whole(text)
    if number is None or number < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of at least 1, found {_shown(text)}"
        )
    return number


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:30] + "…") + f" ({len(text):,} characters)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: the process's) and return the exit code."""
    args = build_parser().parse_args(argv)
    from decree_rules.core.diagnostics import DecreeRulesError

    # Looked up at each call, so that a command can be replaced (tests do).
    commands = {
        "check": _check,
        "agenda": _agenda,
        "lint": _lint,
        "due": _due,
        "diff": _diff,
        "format": _format,
        "test": _test,
        "init": _init,
        "lsp": _lsp,
    }
    from decree_rules.apps import embedding, engines

    commands.update(embedding.COMMANDS | engines.COMMANDS)
    try:
        with _signals_stop_the_command():
            from decree_rules.apps.settings import apply_workspace

            apply_workspace(args)
            code = commands[args.command](args)
            _stdout(args.command).flush()
            return code
    except DecreeRulesError as error:
        if error.code == STDOUT_FAILED:
            _drop_stdout()  # else the interpreter fails again flushing it at exit
        print(error.render(), file=sys.stderr)
        _errors_as_json(args, error)
        return EXIT_BAD_INPUT
    except Interrupted as stop:
        name = signal.Signals(stop.signum).name
        shown = "" if stop.signum == signal.SIGINT else f" ({name})"
        print(f"decree-rules: interrupted{shown}", file=sys.stderr)
        return EXIT_SIGNAL_BASE + stop.signum
    except KeyboardInterrupt:  # raised without the signal (SIGINT handled by another)
        print("decree-rules: interrupted", file=sys.stderr)
        return EXIT_SIGNAL_BASE + signal.SIGINT
    except BrokenPipeError:
        # The reader of the output went away (`... | head`): stop quietly.
        _drop_stdout()
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


class Interrupted(BaseException):
    """A signal that stops the command; raised in the main thread, like KeyboardInterrupt,
    so that every ``with`` and ``finally`` on the way cleans up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_stop_the_command() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into :class:`Interrupted` while the command runs.

    A signal ignored when the command starts (``nohup``, a background job) stays ignored.
    Once one has arrived, the next are ignored: the cleanup is short, and it finishes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return
    stopping: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        if not stopping:
            stopping.append(signum)
            raise Interrupted(signum)

    previous: dict[signal.Signals, object] = {}
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is None:
            continue
        current = signal.getsignal(number)
        if current is signal.SIG_IGN:
            continue
        if number == signal.SIGINT and current is not signal.default_int_handler:
            continue  # a program that runs main() handles Ctrl-C its own way
        previous[number] = current
        signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]


STDOUT_FAILED = "DR-U013"

_WHAT = {
    "check": "the report",
    "agenda": "the agenda",
    "format": "the rules",
    "due": "the deadline",
    "test": "the results",
}


def _errors_as_json(args: argparse.Namespace, error: DecreeRulesError) -> None:
    """With ``--format json`` and no ``--output``, a program reading standard output gets
    the errors too, as ``{"errors": [...]}`` (the service's shape, each with its code and
    location), unless the report had begun to be written there."""
    if getattr(args, "format", None) != "json" or getattr(args, "output", None):
        return
    if error.code == STDOUT_FAILED or getattr(args, "report_started", False):
        return
    import json

    from decree_rules.core.diagnostics import DecreeRulesError as _Error
    from decree_rules.io.memory import error_json

    errors = [error_json(diagnostic) for diagnostic in error.diagnostics]
    with contextlib.suppress(_Error):  # standard output failing too: stderr has the errors
        _stdout(args.command).write(json.dumps({"errors": errors}, ensure_ascii=False) + "\n")


def _stdout(command: str) -> GuardedText:
    """Standard output, whose failed writes are ``DR-U013`` (not internal errors)."""
    from decree_rules.io.output import GuardedText

    stream = sys.stdout if sys.stdout is not None else _Closed()  # `>&-` closed it
    return GuardedText(stream, lambda exc: _stdout_error(exc, _WHAT.get(command, "it")))


class _Closed(io.StringIO):
    """Where standard output is closed: writing fails as writing to a closed descriptor."""

    def write(self, text: str, /) -> int:
        raise OSError(errno.EBADF, "it is closed")


def _stdout_error(exc: OSError, what: str) -> UsageError:
    from decree_rules.core.diagnostics import UsageError
    from decree_rules.core.source import Location

    reason = exc.strerror or str(exc)
    if exc.errno == errno.EBADF:
        hint = "give standard output a file, e.g. '> out.txt'"
    else:
        hint = "standard output goes to a full disk or a failing device; free some space"
    if what == "the report":
        hint += ", or write the report to a file with --output FILE"
    return UsageError(
        f"cannot write {what} to standard output: {reason}",
        Location("decree-rules"),
        code=STDOUT_FAILED,
        hint=hint,
        args={"what": what, "reason": reason, "errno": exc.errno},
    )


def _drop_stdout() -> None:
    """Send what is still buffered for standard output nowhere."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # AttributeError: none
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _input_files(args: argparse.Namespace) -> list[tuple[str, str | os.PathLike[str]]]:
    """(option, path) of every file ``check`` reads: the report may not overwrite one."""
    from pathlib import Path

    from decree_rules.lang.grammar import shipped_rules_path

    files: list[tuple[str, str | os.PathLike[str]]] = [("--actors", args.actors)]
    if args.events is not None:
        files.append(("--events", args.events))
    if args.calendar is not None:
        files.append(("--calendar", args.calendar))
    rules = Path(args.rules) if args.rules is not None else shipped_rules_path()
    found = sorted(rules.glob("*.rules")) if rules.is_dir() else [rules]
    files.extend(("--rules", path) for path in found)
    return files


def _jobs(requested: int | None) -> int | None:
    """``--jobs``, at most the usable cores (more processes would only share them)."""
    from decree_rules.pipeline import parallel

    cores = parallel.usable_cores()
    if requested is None or requested <= cores:
        return requested
    print(
        f"decree-rules: --jobs {requested} is more than the {_count(cores, 'usable core')}; "
        f"using {cores}",
        file=sys.stderr,
    )
    return cores


def _check(args: argparse.Namespace) -> int:
    from decree_rules.apps import engines, options
    from decree_rules.io.output import atomic_output, refuse_inputs

    if args.output:  # at once, before the (longer) imports of the check
        refuse_inputs(args.output, _input_files(args), "--output")
    jobs = _jobs(args.jobs)

    from decree_rules.io.registry import read_actors
    from decree_rules.lang.load import load_decree
    from decree_rules.pipeline.parallel import check_partitioned
    from decree_rules.time.zones import load_zone

    if args.as_of is not None:
        _check_as_of(args.as_of)
    if args.compare:
        from decree_rules.apps.compare import check_compare_options

        check_compare_options(args)
    options.load_words(args.lang)
    args.engine_chosen = engine = engines.chosen_engine(args)
    decree = load_decree(args.rules)
    actors = read_actors(args.actors, lenient=args.lenient)
    from decree_rules.apps.settings import selection_of

    chosen = selection_of(args, decree, actors.records)  # before the check: a typo fails fast
    as_of = args.as_of or datetime.now(load_zone("Asia/Almaty")).date()
    progress = options.progress_line(args)
    with contextlib.ExitStack() as stack:
        # Made now, so an output that cannot be written stops the check before it starts;
        # it replaces the old report only once written whole.
        out = stack.enter_context(atomic_output(args.output)) if args.output else None
        # The log is read piece by piece and evaluated by partitions of offices: memory
        # stays bounded, and every core is used; the report is the same as one evaluation's.
        from decree_rules.pipeline.external import check_external, is_external

        if is_external(args.events, args.events_sql) or args.db is not None:
            # Parquet, or a query's rows: read whole, the same checks (docs/embedding.rst).
            report: ReportLike = check_external(
                decree,
                actors,
                as_of,
                events=args.events,
                query=args.events_sql,
                url=args.db,
                calendar=_working_calendar(args.calendar),
                lenient=args.lenient,
                engine=engine,
            )
        else:
            report = stack.enter_context(
                check_partitioned(
                    decree,
                    actors,
                    args.events,
                    as_of,
                    calendar=_working_calendar(args.calendar),
                    lenient=args.lenient,
                    jobs=jobs,
                    workdir=args.work_dir,
                    progress=progress,
                    engine=engine,
                )
            )
        if progress is not None:
            progress.close()
        rejected = report.rejected_rows
        if rejected:
            events_rejected = len(rejected) - len(actors.rejected)
            print(
                f"decree-rules: --lenient: {_count(len(rejected), 'row')} rejected "
                f"({len(actors.rejected)} of {actors.rows} in {args.actors}, "
                f"{events_rejected} of {report.events_read + events_rejected} in "
                f"{args.events or 'the query'}); the report lists them",
                file=sys.stderr,
            )
        shown = chosen.apply(report)
        comparison = None
        if args.compare:
            from decree_rules.apps.compare import compared

            calendar = _working_calendar(args.calendar)
            comparison = compared(
                args, stack=stack, shown=shown, actors=actors, as_of=as_of, jobs=jobs,
                calendar=calendar,
            )  # fmt: skip
        _write_report(
            args, shown, out or _stdout("check"), decree, actors.records, comparison=comparison
        )
        return EXIT_OK if shown.satisfied else EXIT_VIOLATIONS
    raise AssertionError("unreachable")  # pragma: no cover - the block returns


def _agenda(args: argparse.Namespace) -> int:
    from decree_rules.apps.agenda import run_agenda

    return run_agenda(args)


def _write_report(
    args: argparse.Namespace,
    report: ReportLike,
    out: GuardedText,
    decree: Decree,
    actors: Sequence[Actor],
    *,
    comparison: Comparison | None = None,
) -> None:
    from decree_rules.apps.engines import with_evaluator
    from decree_rules.apps.settings import rules_used
    from decree_rules.report.html_report import office_names, report_to_html
    from decree_rules.report.json_report import write_json
    from decree_rules.report.text_report import report_to_text

    used = with_evaluator(rules_used(args, decree.files), args, decree)
    source = used.path
    lang = args.lang
    args.report_started = True  # an error now is not followed by JSON errors on stdout
    # JSON is streamed to its destination; the text and HTML reports are built whole.
    if args.format == "json":
        write_json(
            report, out, rules_source=source, rules_used=used, comparison=comparison, lang=lang
        )
    elif args.format == "html":
        names = office_names(actors)
        out.write(
            report_to_html(
                report, rules_source=source, rules_used=used, lang=lang, decree=decree,
                offices=names,
            )
        )  # fmt: skip
    elif args.format in ("csv", "parquet"):  # one row per finding (report.tables)
        from decree_rules.report.tables import write_table

        write_table(report, out, args.format)
    else:
        text = report_to_text(report, rules_source=source, rules_used=used, lang=lang)
        if comparison is not None:
            from decree_rules.report.comparison import comparison_lines

            text += "\n".join(comparison_lines(comparison, lang)[1:]) + "\n"
        out.write(text)


def _lint(args: argparse.Namespace) -> int:
    from decree_rules.lang.load import parse_sources, read_rules
    from decree_rules.lang.validate import lint_advice

    sources, files = read_rules(args.rules)
    decree = parse_sources(sources)
    found, acknowledged = lint_advice(decree, sources=dict(sources))
    for item in found:
        print(item.render(), file=sys.stderr)
    from decree_rules.apps.settings import rules_used

    for line in rules_used(args, files).lines():
        print(line, file=sys.stderr)
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

    return run_format(args.rules, mode=args.mode or "print", out=_stdout("format"))


def _test(args: argparse.Namespace) -> int:
    import json

    from decree_rules.apps.scenarios.render import results_to_dict, results_to_text
    from decree_rules.apps.scenarios.run import RuleSets, run_paths
    from decree_rules.lang.grammar import shipped_rules_path

    paths = args.paths or [shipped_rules_path() / "scenarios"]
    rules = RuleSets(args.rules)
    results = run_paths(paths, rules, _working_calendar(args.calendar))
    from decree_rules.core.provenance import engine

    if args.format == "json":
        data = results_to_dict(results)
        data["rules"] = _rules_block(rules.used)
        data["engine"] = engine()
        _stdout("test").write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        header = [
            f"rules: {name}  sha256 {entry['sha256']}"
            for name, entry in _rules_block(rules.used).items()
        ]
        header.append(f"engine: {engine()}")
        _stdout("test").write(results_to_text(results, header=header, quiet=args.quiet))
    if any(f.error is not None or any(r.error for r in f.results) for f in results):
        return EXIT_BAD_INPUT
    return EXIT_OK if all(f.passed for f in results) else EXIT_VIOLATIONS


def _rules_block(used: dict[str | None, tuple[RuleFile, ...]]) -> dict[str, dict[str, str]]:
    """Each rule file the scenarios ran against, with the SHA-256 of its bytes."""
    return {file.path: {"sha256": file.sha256} for files in used.values() for file in files}


def _init(args: argparse.Namespace) -> int:
    from decree_rules.apps.settings import init

    return init(args)


def _diff(args: argparse.Namespace) -> int:
    from decree_rules.apps.compare import run_diff

    return run_diff(args, _stdout("diff"))


def _lsp(args: argparse.Namespace) -> int:
    from decree_rules.apps.lsp import serve_command

    return serve_command()


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
    from decree_rules.apps import options

    options.load_words(args.lang)
    found = answer(question, _working_calendar(args.calendar))
    out = _stdout("due")
    if args.format == "json":
        out.write(json.dumps(due_to_dict(found, args.lang), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(due_to_text(found, args.lang))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
