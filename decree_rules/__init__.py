"""decree_rules: the Kazakh presidential decree on reporting meetings, as rules.

The public API, imported lazily so that the command line starts fast::

    from decree_rules import load_decree, load_actors, load_events, evaluate
    decree = load_decree()                      # the shipped rules
    actors = load_actors("examples/actors.jsonl")
    events = load_events("examples/events.jsonl", {a.id: a for a in actors},
                         vocabulary=decree.vocabulary)  # the words the rules declare
    report = evaluate(decree, actors, events, date(2025, 12, 31))

A national log is better checked with ``check_partitioned``: bounded memory, every core.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_decree": "decree_rules.lang.load",
    "validate": "decree_rules.lang.validate",
    "lint": "decree_rules.lang.validate",
    "load_rules": "decree_rules.lang.load",
    "parse_rules": "decree_rules.lang.load",
    "format_decree": "decree_rules.lang.format",
    "load_actors": "decree_rules.io.registry",
    "load_events": "decree_rules.io.events",
    "evaluate": "decree_rules.engine.evaluate",
    "Report": "decree_rules.engine.evaluate",
    "Finding": "decree_rules.engine.evaluate",
    "Status": "decree_rules.engine.evaluate",
    "report_to_json": "decree_rules.report.json_report",
    "report_to_text": "decree_rules.report.text_report",
    "KazakhCalendar": "decree_rules.time.calendars",
    "FixedCalendar": "decree_rules.time.calendars",
    "WorkingCalendar": "decree_rules.time.calendars",
    "DecreeRulesError": "decree_rules.core.diagnostics",
    "Selection": "decree_rules.report.selection",
    "select": "decree_rules.report.selection",
    "find_workspace": "decree_rules.io.workspace",
    "EventStream": "decree_rules.io.stream",
    "Vocabulary": "decree_rules.core.vocabulary",
    "read_actors": "decree_rules.io.registry",
    "read_events": "decree_rules.io.events",
    "read_actor_rows": "decree_rules.io.memory",
    "read_event_rows": "decree_rules.io.memory",
    "actors_from_rows": "decree_rules.io.memory",
    "events_from_rows": "decree_rules.io.memory",
    "write_json": "decree_rules.report.json_report",
    "check_partitioned": "decree_rules.pipeline.parallel",
    "explanation": "decree_rules.explain.sentences",
}

__all__ = [
    "DecreeRulesError",
    "EventStream",
    "Finding",
    "FixedCalendar",
    "KazakhCalendar",
    "Report",
    "Selection",
    "Status",
    "Vocabulary",
    "WorkingCalendar",
    "__version__",
    "actors_from_rows",
    "check_partitioned",
    "evaluate",
    "events_from_rows",
    "explanation",
    "find_workspace",
    "format_decree",
    "lint",
    "load_actors",
    "load_decree",
    "load_events",
    "load_rules",
    "parse_rules",
    "read_actor_rows",
    "read_actors",
    "read_event_rows",
    "read_events",
    "report_to_json",
    "report_to_text",
    "select",
    "validate",
    "write_json",
]

if TYPE_CHECKING:
    from decree_rules.core.diagnostics import DecreeRulesError
    from decree_rules.core.vocabulary import Vocabulary
    from decree_rules.engine.evaluate import Finding, Report, Status, evaluate
    from decree_rules.explain.sentences import explanation
    from decree_rules.io.events import load_events, read_events
    from decree_rules.io.memory import (
        actors_from_rows,
        events_from_rows,
        read_actor_rows,
        read_event_rows,
    )
    from decree_rules.io.registry import load_actors, read_actors
    from decree_rules.io.stream import EventStream
    from decree_rules.io.workspace import find_workspace
    from decree_rules.lang.format import format_decree
    from decree_rules.lang.load import load_decree, load_rules, parse_rules
    from decree_rules.lang.validate import lint, validate
    from decree_rules.pipeline.parallel import check_partitioned
    from decree_rules.report.json_report import report_to_json, write_json
    from decree_rules.report.selection import Selection, select
    from decree_rules.report.text_report import report_to_text
    from decree_rules.time.calendars import FixedCalendar, KazakhCalendar, WorkingCalendar


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'decree_rules' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
