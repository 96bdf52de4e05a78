"""What a command uses when its options leave it open: the workspace's files, else the
shipped rules; and the record of which rule files it used.

:func:`apply_workspace` fills in ``--rules``, ``--calendar`` and the scenario paths from
the workspace the command runs in (found by walking up from the current folder), unless
they are given; :func:`rules_used` names the rule files with their SHA-256 for the report.
"""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Sequence

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.provenance import RuleFile, RulesUsed
from decree_rules.core.source import Location, shown_path
from decree_rules.engine.evaluate import Status
from decree_rules.io.records import Actor
from decree_rules.io.workspace import Workspace, find_workspace, init_workspace
from decree_rules.lang.model import Decree
from decree_rules.report.common import ReportLike
from decree_rules.report.selection import Selection, select, statuses

SHIPPED = "the decree's shipped rules"


def apply_workspace(args: argparse.Namespace) -> Workspace | None:
    """Fill the options ``args`` leaves open from the workspace, if there is one."""
    workspace = None if args.command == "init" else find_workspace()
    args.workspace = workspace
    args.rules_from = "--rules"
    rules = getattr(args, "rules", None)
    if rules in (None, []):
        args.rules_from = "workspace" if workspace is not None else "shipped"
        if workspace is not None:
            found = shown_path(os.fspath(workspace.rules))
            args.rules = [found] if isinstance(rules, list) else found
    if workspace is None:
        return None
    if getattr(args, "calendar", "absent") is None and workspace.calendar is not None:
        args.calendar = shown_path(os.fspath(workspace.calendar))
    if args.command == "test" and not args.paths and workspace.scenarios is not None:
        args.paths = [shown_path(os.fspath(workspace.scenarios))]
    return workspace


def rules_used(args: argparse.Namespace, files: tuple[RuleFile, ...]) -> RulesUsed:
    """The rule files the command read (``files``, with their digests), where they came
    from, and the engine."""
    rules = args.rules[0] if isinstance(args.rules, list) and args.rules else args.rules
    workspace: Workspace | None = getattr(args, "workspace", None)
    config = None if workspace is None else shown_path(os.fspath(workspace.config))
    came_from = getattr(args, "rules_from", "--rules" if rules else "shipped")
    if came_from == "shipped" or not rules:
        source = SHIPPED
    elif came_from == "workspace":
        source = f"{shown_path(os.fspath(rules))} (the workspace {config})"
    else:
        source = f"{rules} (--rules)"
    path = shown_path(os.fspath(rules)) if rules else SHIPPED
    return RulesUsed(source, files, workspace=config, path=path)


def init(args: argparse.Namespace) -> int:
    """``decree-rules init DIR``: a workspace with a copy of the shipped rules."""
    made = init_workspace(args.dir)
    rules = sorted(made.rules.rglob("*.rules"))
    scenarios = sorted(made.rules.rglob("*.scenario"))
    print(
        f"decree-rules: made a workspace in {args.dir}: {made.config.name}, "
        f"{len(rules)} rule file(s) and {len(scenarios)} scenario file(s) in "
        f"{os.path.join(args.dir, 'rules')}\n"
        f"  next: cd {args.dir} && decree-rules test   (every scenario should pass)\n"
        f"  then edit {os.path.join(args.dir, 'rules', 'decree.rules')}, and run "
        "decree-rules test again",
    )
    return 0


class _Chosen:
    """The selection of ``check --clause/--actor/--status``, checked against the rules and
    the registry."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection

    def apply(self, report: ReportLike) -> ReportLike:
        return select(report, self.selection)


def selection_of(args: argparse.Namespace, decree: Decree, actors: Sequence[Actor]) -> _Chosen:
    """``--clause``, ``--actor`` and ``--status`` as a
    :class:`~decree_rules.report.selection.Selection`; a clause, an
    office or a status that is none of the rules' (the registry's) is a usage error."""
    clauses = _listed(getattr(args, "clause", None))
    offices = _listed(getattr(args, "actor", None))
    names = _listed(getattr(args, "status", None))
    command = getattr(args, "command", None) or "check"
    known_clauses = [clause.number for clause in decree.clauses]
    for number in clauses:
        if number not in known_clauses:
            raise _unknown(command, "--clause", "clause", number, known_clauses, code="DR-U038")
    known_offices = [actor.id for actor in actors]
    for office in offices:
        if office not in known_offices:
            raise _unknown(command, "--actor", "office", office, known_offices, code="DR-U039")
    known_statuses = [status.value for status in Status]
    for name in names:
        if name not in known_statuses:
            raise _unknown(command, "--status", "status", name, known_statuses, code="DR-U040")
    return _Chosen(Selection(clauses, offices, statuses(names)))


def _listed(values: Sequence[str] | None) -> tuple[str, ...]:
    found: list[str] = []
    for value in values or ():
        found.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(dict.fromkeys(found))


def _unknown(
    command: str, option: str, noun: str, value: str, known: Sequence[str], *, code: str
) -> UsageError:
    close = difflib.get_close_matches(value, known, n=1)
    listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    where = {"office": "not in the registry", "clause": "not in the rules"}
    plural = "statuses" if noun == "status" else f"{noun}s"
    return UsageError(
        f"{value!r} is {where.get(noun, 'not a status')}",
        Location(command, field=option),
        code=code,
        hint=(f"did you mean '{close[0]}'? " if close else "") + f"the {plural} are {listed}",
        args={noun: value},
    )
