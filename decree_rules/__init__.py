"""decree_rules: the Kazakh presidential decree on reporting meetings, as rules.

The public API, imported lazily so that the command line starts fast::

    from decree_rules import load_decree, load_actors, load_events, evaluate
    decree = load_decree()                      # the shipped rules
    actors = load_actors("examples/actors.jsonl")
    events = load_events("examples/events.jsonl", {a.id: a for a in actors})
    report = evaluate(decree, actors, events, date(2025, 12, 31))

A national log is better checked with ``check_partitioned``: bounded memory, every core.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_decree": "decree_rules.validation",
    "validate": "decree_rules.validation",
    "lint": "decree_rules.validation",
    "load_rules": "decree_rules.parse",
    "parse_rules": "decree_rules.parse",
    "format_decree": "decree_rules.format",
    "load_actors": "decree_rules.inputs",
    "load_events": "decree_rules.inputs",
    "evaluate": "decree_rules.evaluation",
    "Report": "decree_rules.evaluation",
    "Finding": "decree_rules.evaluation",
    "Status": "decree_rules.evaluation",
    "report_to_json": "decree_rules.report",
    "report_to_text": "decree_rules.report",
    "KazakhCalendar": "decree_rules.calendar",
    "FixedCalendar": "decree_rules.calendar",
    "WorkingCalendar": "decree_rules.calendar",
    "DecreeRulesError": "decree_rules.errors",
    "EventStream": "decree_rules.inputs",
    "read_actors": "decree_rules.inputs",
    "read_events": "decree_rules.inputs",
    "write_json": "decree_rules.report",
    "check_partitioned": "decree_rules.partitioned",
}

__all__ = [
    "DecreeRulesError",
    "EventStream",
    "Finding",
    "FixedCalendar",
    "KazakhCalendar",
    "Report",
    "Status",
    "WorkingCalendar",
    "__version__",
    "check_partitioned",
    "evaluate",
    "format_decree",
    "lint",
    "load_actors",
    "load_decree",
    "load_events",
    "load_rules",
    "parse_rules",
    "read_actors",
    "read_events",
    "report_to_json",
    "report_to_text",
    "validate",
    "write_json",
]

if TYPE_CHECKING:
    from decree_rules.calendar import FixedCalendar, KazakhCalendar, WorkingCalendar
    from decree_rules.errors import DecreeRulesError
    from decree_rules.evaluation import Finding, Report, Status, evaluate
    from decree_rules.format import format_decree
    from decree_rules.inputs import EventStream, load_actors, load_events, read_actors, read_events
    from decree_rules.parse import load_rules, parse_rules
    from decree_rules.partitioned import check_partitioned
    from decree_rules.report import report_to_json, report_to_text, write_json
    from decree_rules.validation import lint, load_decree, validate


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'decree_rules' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
