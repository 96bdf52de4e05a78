"""``decree-rules diff OLD [NEW]`` and ``check --compare OTHER_RULES``: two texts of the rules
side by side, as rule changes and as findings that change.

``diff OLD NEW`` compares two rule sets over time (each difference from the day it
holds); ``diff OLD NEW --at D`` the texts both have in force on D; ``diff RULES --at D1
--at D2`` one rule set on two days. Exit 0 when nothing differs, 1 when something does
(as ``diff`` does), 2 on bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
from collections.abc import Iterable
from datetime import date

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.provenance import RulesUsed
from decree_rules.core.source import Location, shown_path
from decree_rules.engine.evaluate import Finding
from decree_rules.io.output import GuardedText
from decree_rules.io.records import Actor, Loaded
from decree_rules.lang.compare import Difference, compare_days, compare_rules
from decree_rules.lang.load import load_decree
from decree_rules.lang.model import Decree, decree_at
from decree_rules.report.common import ReportLike
from decree_rules.report.comparison import (
    Comparison,
    compare_findings,
    differences_to_dict,
    differences_to_text,
    rules_on,
)
from decree_rules.time.calendars import WorkingCalendar

EXIT_SAME = 0
EXIT_DIFFERENT = 1


def _days(args: argparse.Namespace) -> tuple[date, ...]:
    from decree_rules.core.limits import iso_date

    days: list[date] = []
    for text in args.at or ():
        try:
            days.append(iso_date(text))
        except ValueError:
            raise UsageError(
                f"expected a date like 2018-01-11, found {text!r}",
                Location("decree-rules diff", field="--at"),
                code="DR-U041",
                args={"text": text},
            ) from None
    return tuple(days)


def check_compare_options(args: argparse.Namespace) -> None:
    """``check --compare`` reads the log twice, and reports in text or JSON."""
    if args.format == "html":
        raise UsageError(
            "--compare lists the findings that differ in the text and JSON reports; "
            "the HTML report does not show them",
            Location("decree-rules check", field="--compare"),
            code="DR-U043",
            hint="use --format text or --format json with --compare",
            args={"format": args.format},
        )
    if not os.path.isfile(args.events):
        raise UsageError(
            f"--compare reads the event log twice, so it must be a file: {args.events} is not",
            Location("decree-rules check", field="--events"),
            code="DR-U043",
            hint="save the log to a file first",
            args={"path": args.events},
        )


def run_diff(args: argparse.Namespace, out: GuardedText) -> int:
    """``decree-rules diff``: print what differs; 1 when something does."""
    from decree_rules.apps.options import load_words

    lang = args.lang
    load_words(lang)  # a missing Babel fails before the rules are read
    days = _days(args)
    old = load_decree(args.old)
    old_used = _used(args.old, old)
    if args.new is None:
        if len(days) != 2:
            raise UsageError(
                "with one rule set, give the two days to compare: --at D1 --at D2",
                Location("decree-rules diff", field="--at"),
                code="DR-U042",
                hint="decree-rules diff rules --at 2017-12-31 --at 2019-01-01",
                args={"days": len(days)},
            )
        new, new_used = old, old_used
        differences = compare_days(old, days[0], days[1])
        labels = (
            rules_on(str(old_used.path), days[0], lang),
            rules_on(str(old_used.path), days[1], lang),
        )
    else:
        if len(days) > 1:
            raise UsageError(
                "with two rule sets, give at most one day (--at D)",
                Location("decree-rules diff", field="--at"),
                code="DR-U042",
                hint="decree-rules diff rules examples/amended/rules --at 2019-01-01",
                args={"days": len(days)},
            )
        new = load_decree(args.new)
        new_used = _used(args.new, new)
        labels = (str(old_used.path), str(new_used.path))
        if days:
            differences = _differences_on(old, new, days[0])
            labels = (rules_on(labels[0], days[0], lang), rules_on(labels[1], days[0], lang))
        else:
            differences = compare_rules(old, new)
    if args.format == "json":
        pair = (days[0], days[1]) if len(days) == 2 else None
        data = differences_to_dict(differences, old=old_used, new=new_used, days=pair, lang=lang)
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(differences_to_text(differences, old=labels[0], new=labels[1], lang=lang))
    return EXIT_DIFFERENT if differences else EXIT_SAME


def _differences_on(old: Decree, new: Decree, day: date) -> list[Difference]:
    """What differs between the texts two rule sets have in force on ``day``."""
    return compare_rules(decree_at(old, day), decree_at(new, day))


def _used(path: str, decree: Decree) -> RulesUsed:
    shown = shown_path(path)
    return RulesUsed(shown, decree.files, path=shown)


def other_rules_used(path: str, decree: Decree) -> RulesUsed:
    """The rules ``check --compare`` compared with: each file with its digest."""
    shown = shown_path(path)
    return RulesUsed(f"{shown} (--compare)", decree.files, path=shown)


def compare_check(
    other: RulesUsed, this: Iterable[Finding], theirs: Iterable[Finding]
) -> Comparison:
    """The comparison ``check --compare`` reports: the duties that differ."""
    return Comparison(other, compare_findings(this, theirs))


def compared(
    args: argparse.Namespace,
    *,
    stack: contextlib.ExitStack,
    shown: ReportLike,
    actors: Loaded[Actor],
    as_of: date,
    jobs: int | None,
    calendar: WorkingCalendar,
) -> Comparison:
    """``check --compare``: the same log checked against the other rules, and the findings
    (of those shown) whose status or due date differ."""
    from decree_rules.apps.settings import selection_of
    from decree_rules.lang.load import load_decree
    from decree_rules.pipeline.parallel import check_partitioned

    other = load_decree(args.compare)
    theirs = stack.enter_context(
        check_partitioned(
            other,
            actors,
            args.events,
            as_of,
            calendar=calendar,
            lenient=args.lenient,
            jobs=jobs,
            workdir=args.work_dir,
            engine=getattr(args, "engine_chosen", "python"),  # the check's own engine
        )
    )
    chosen = selection_of(args, other, actors.records)
    return compare_check(
        other_rules_used(args.compare, other), shown.findings, chosen.apply(theirs).findings
    )
