"""``decree-rules agenda``: what falls due next and what is overdue (``docs/agenda.rst``).

The check is the one ``check`` runs (the same inputs, workspace settings, partitioned
evaluation and working-day calendar); the agenda reads its findings
(:func:`~decree_rules.engine.agenda.make_agenda`) and counts the days left with the same
calendar object. Exit codes: 0 nothing overdue, 1 some listed duty overdue (a violated
duty: the same rule as ``check``'s 1, for the duties the agenda lists), 2 unusable input.
"""

from __future__ import annotations

import argparse
import contextlib
from datetime import datetime

from decree_rules.apps.options import DEFAULT_DAYS, load_words
from decree_rules.core.provenance import RuleFile
from decree_rules.engine.agenda import Agenda
from decree_rules.io.output import GuardedText

__all__ = ["DEFAULT_DAYS", "run_agenda"]


def run_agenda(args: argparse.Namespace) -> int:
    """Run ``decree-rules agenda`` on parsed ``args``; the exit code."""
    from decree_rules.apps import cli
    from decree_rules.io.output import atomic_output, refuse_inputs

    if args.format == "ics":  # before the check: say at once what is missing
        from decree_rules.report.ical import require_icalendar

        require_icalendar()
    load_words(args.lang)  # a missing Babel, too
    if args.output:
        refuse_inputs(args.output, cli._input_files(args), "--output")
    jobs = cli._jobs(args.jobs)

    from decree_rules.apps.settings import selection_of
    from decree_rules.engine.agenda import make_agenda
    from decree_rules.io.registry import read_actors
    from decree_rules.lang.load import load_decree
    from decree_rules.pipeline.parallel import check_partitioned
    from decree_rules.time.zones import load_zone

    if args.as_of is not None:
        cli._check_as_of(args.as_of, "agenda")
    decree = load_decree(args.rules)
    actors = read_actors(args.actors, lenient=False)
    chosen = selection_of(args, decree, actors.records)  # an unknown --actor fails fast
    as_of = args.as_of or datetime.now(load_zone("Asia/Almaty")).date()
    calendar = cli._working_calendar(args.calendar)
    with contextlib.ExitStack() as stack:
        out = (
            stack.enter_context(atomic_output(args.output, what="the agenda"))
            if args.output
            else None
        )
        report = stack.enter_context(
            check_partitioned(
                decree,
                actors,
                args.events,
                as_of,
                calendar=calendar,
                lenient=False,
                jobs=jobs,
                workdir=args.work_dir,
            )
        )
        shown = chosen.apply(report)
        agenda = make_agenda(
            shown.findings,
            as_of,
            args.days,
            calendar,
            offices=chosen.selection.actors,
            zone_data=report.zone_data,
            warnings=report.warnings,
        )
        _write(args, agenda, out or cli._stdout("agenda"), decree.files)
        return cli.EXIT_VIOLATIONS if agenda.overdue else cli.EXIT_OK
    raise AssertionError("unreachable")  # pragma: no cover - the block returns


def _write(
    args: argparse.Namespace, agenda: Agenda, out: GuardedText, files: tuple[RuleFile, ...]
) -> None:
    from decree_rules.apps.settings import rules_used

    used = rules_used(args, files)
    if args.format == "ics":
        from decree_rules.report.ical import agenda_to_ics

        out.write(agenda_to_ics(agenda, lang=args.lang))
    elif args.format == "json":
        from decree_rules.report.agenda_report import agenda_to_json

        out.write(agenda_to_json(agenda, rules_used=used, lang=args.lang))
    else:
        from decree_rules.report.agenda_report import agenda_to_text

        out.write(agenda_to_text(agenda, rules_used=used, lang=args.lang))
