"""The JSON Schemas (draft 2020-12) of what decree_rules reads and writes, made from code.

A registry row, an event row, the JSON report with every kind of step, the answer of
``due``, the calendar overrides file (its TOML read as data) and the error body of the
service. The shipped files (``decree_rules/_schemas/*.json``, read by
:mod:`decree_rules.core.schemas`) are what :func:`all_schemas` makes; a test keeps them
equal, and ``python -m decree_rules.report.schemas`` writes them again after a change.

The schemas of steps and facts are generated from the step classes' field types, the
same types their JSON encoder is generated from (:mod:`decree_rules.core.facts`).
"""

from __future__ import annotations

import enum
import json
import sys
import types
import typing
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final, cast

import attrs

# Imported for their step classes: every step of the report is in its schema.
import decree_rules.engine.steps
import decree_rules.time.days
import decree_rules.time.steps
from decree_rules.core.facts import Fact, step_classes
from decree_rules.core.periods import Period
from decree_rules.core.schemas import DRAFT, SCHEMA_NAMES, schema_id
from decree_rules.core.vocabulary import Level, Role
from decree_rules.engine.steps import Status
from decree_rules.report.due_report import DUE_FORMAT_VERSION
from decree_rules.report.json_report import REPORT_FORMAT_VERSION

__all__ = ["all_schemas", "write_schemas"]

_ = (decree_rules.engine.steps, decree_rules.time.days, decree_rules.time.steps)

DAY: Final = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
PERIOD: Final = {"type": "string", "pattern": r"^\d{4}(-Q[1-4])?$"}
_ID: Final = {"type": "string", "minLength": 1}
_TEXT_OR_NULL: Final = {"type": ["string", "null"]}
_MOMENT: Final = {
    "type": "string",
    "description": "an ISO 8601 date (2024-02-15), or a date-time with an offset "
    "(2024-02-15T10:00:00+05:00, ...Z) or without one (local time of the actor's tz)",
    "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$",
}
_WORDS: Final = {"type": "array", "items": {"type": "string", "minLength": 1}}


def _head(name: str, title: str, description: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": schema_id(name), "title": title, "description": description}


def actor_schema() -> dict[str, Any]:
    """One row of the actor registry (contract section 1), as JSON."""
    return {
        **_head("actor", "decree_rules registry row", "One office of the actor registry."),
        "type": "object",
        "required": ["id", "role"],
        "properties": {
            "id": _ID,
            "role": {"enum": [role.value for role in Role]},
            "level": {"enum": [*(level.value for level in Level), None]},
            "body": _TEXT_OR_NULL,
            "parent": _TEXT_OR_NULL,
            "tz": {"type": ["string", "null"], "description": "an IANA zone, e.g. Asia/Almaty"},
            "from": {"anyOf": [DAY, {"type": "null"}]},
            "until": {"anyOf": [DAY, {"type": "null"}]},
            "name": _TEXT_OR_NULL,
        },
        "if": {"properties": {"role": {"const": "akim"}}},
        "then": {"required": ["level"], "properties": {"level": {"type": "string"}}},
        "additionalProperties": True,
    }


def event_schema() -> dict[str, Any]:
    """One row of the event log (contract section 2), as JSON."""
    return {
        **_head(
            "event",
            "decree_rules event row",
            "One thing an office did. Actions, channels, recipients and participant tags "
            "are the words the rule files declare.",
        ),
        "type": "object",
        "required": ["id", "actor", "action", "time"],
        "properties": {
            "id": _ID,
            "actor": _ID,
            "action": _ID,
            "time": _MOMENT,
            "end": {"anyOf": [_MOMENT, {"type": "null"}]},
            "ref": {"type": ["string", "null"]},
            "refs": {
                "anyOf": [
                    {"type": "array", "items": _ID, "uniqueItems": True},
                    {"type": "null"},
                ],
                "description": "the events this one follows up, when it names several (a "
                "consolidated report of the rector reports it names); not with 'ref'",
            },
            "period": {"anyOf": [PERIOD, {"type": "null"}]},
            "channels": _WORDS,
            "to": _WORDS,
            "participants": _WORDS,
            "videoconference": {"type": "boolean"},
        },
        "not": {
            "required": ["ref", "refs"],
            "properties": {"ref": {"type": "string"}, "refs": {"type": "array", "minItems": 1}},
        },
        "additionalProperties": True,
    }


def calendar_schema() -> dict[str, Any]:
    """The calendar overrides file (``--calendar``), its TOML read as data."""
    day = {"anyOf": [DAY, {"description": "a TOML date"}]}
    act = {"type": "string", "minLength": 1, "description": "the act that made the day"}
    return {
        **_head(
            "calendar",
            "decree_rules calendar overrides",
            "Days off and working days the holidays package does not know yet (TOML).",
        ),
        "type": "object",
        "properties": {
            "day_off": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["date", "act"],
                    "properties": {"date": day, "act": act, "reason": {"type": "string"}},
                    "additionalProperties": False,
                },
            },
            "working_day": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["date", "act"],
                    "properties": {"date": day, "act": act},
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    }


# ---- steps and facts ------------------------------------------------------------------


_SIMPLE: Final[dict[Any, dict[str, Any]]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {},
    Any: {},
    date: {"$ref": "#/$defs/day"},
    Period: {"$ref": "#/$defs/period"},
}


def _value_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of a JSON value of a field of type ``hint`` (as the codec writes it)."""
    simple = _SIMPLE.get(hint)
    if simple is not None:
        return dict(simple)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return {"type": "array", "items": _value_schema(typing.get_args(hint)[0], defs)}
    arguments = typing.get_args(hint)
    facts = all(isinstance(a, type) and issubclass(a, Fact) for a in arguments)
    if origin in (types.UnionType, typing.Union) and facts:
        return {"oneOf": [_fact_ref(a, defs, tagged=True) for a in arguments]}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if isinstance(hint, type) and issubclass(hint, Fact):
        return _fact_ref(hint, defs, tagged=False)
    raise TypeError(f"no schema for a value of type {hint!r}")


def _fields_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls)):
        hint = hints[field.name]
        arguments = typing.get_args(hint)
        optional = typing.get_origin(hint) in (types.UnionType, typing.Union) and (
            type(None) in arguments
        )
        if optional:
            rest = tuple(a for a in arguments if a is not type(None))
            hint = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
        else:
            required.append(field.name)
        properties[field.name] = _value_schema(hint, defs)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _fact_ref(cls: type, defs: dict[str, Any], *, tagged: bool) -> dict[str, Any]:
    kind = cast("type[Fact]", cls).kind
    name = f"fact_{kind}" + ("_tagged" if tagged else "")
    if name not in defs:
        defs[name] = {}  # a placeholder while its fields are made (facts may nest)
        shape = _fields_schema(cls, defs)
        if tagged:
            shape["properties"] = {"kind": {"const": kind}, **shape["properties"]}
            shape["required"] = ["kind", *shape["required"]]
        defs[name] = shape
    return {"$ref": f"#/$defs/{name}"}


def _step_defs() -> dict[str, Any]:
    """``$defs`` with every step (``step_<code>``), fact, day and period, and ``step``."""
    defs: dict[str, Any] = {"day": DAY, "period": PERIOD}
    defs["cite"] = {
        "type": "object",
        "properties": {key: {"type": "string"} for key in ("law", "article", "clause", "policy")},
        "additionalProperties": False,
    }
    groups: dict[str, list[dict[str, Any]]] = {}
    for code, cls in sorted(step_classes().items()):
        defs[f"step_{code}"] = {
            "type": "object",
            "required": ["code", "args"],
            "properties": {
                "code": {"const": code},
                "args": _fields_schema(cls, defs),
                "cites": {"type": "array", "items": {"$ref": "#/$defs/cite"}, "minItems": 1},
            },
            "additionalProperties": False,
        }
        groups.setdefault(code[0], []).append(
            {"if": _code_is({"const": code}), "then": {"$ref": f"#/$defs/step_{code}"}}
        )
    # Chosen by the code, first letter then code (a discriminator in two levels), not by
    # trying every kind (oneOf): a report of a million steps validates in linear time.
    defs["step"] = {
        "description": "one fact behind a finding, a reason or a warning (docs/steps.rst)",
        "type": "object",
        "required": ["code", "args"],
        "properties": {"code": {"enum": sorted(step_classes())}},
        "allOf": [
            {"if": _code_is({"pattern": f"^{letter}"}), "then": {"allOf": choices}}
            for letter, choices in sorted(groups.items())
        ],
    }
    return dict(sorted(defs.items()))


def _code_is(test: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {"code": test}}


def _steps() -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": "#/$defs/step"}}


def report_schema() -> dict[str, Any]:
    """The JSON report of ``check --format json`` (contract section 4), with its steps."""
    count = {"type": "integer", "minimum": 0}
    statuses = [status.value for status in Status]
    finding = {
        "type": "object",
        "required": ["rule", "actor", "period", "trigger", "due", "status", "evidence",
                     "explanation", "steps"],
        "properties": {
            "rule": {"type": "string", "minLength": 1},
            "actor": _ID,
            "period": {"anyOf": [PERIOD, {"type": "null"}]},
            "trigger": {"type": ["string", "null"]},
            "due": {"anyOf": [DAY, {"type": "null"}]},
            "status": {"enum": statuses},
            "evidence": {"type": "array", "items": {"type": "string"}},
            "explanation": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "steps": _steps(),
        },
    }  # fmt: skip
    unmatched = {
        "type": "object",
        "required": ["id", "reason"],
        "properties": {
            "id": {"type": "string"},
            "reason": {"type": "string"},
            "code": {"type": "string"},
            "steps": _steps(),
        },
    }
    rejected = {
        "type": "object",
        "required": ["file", "line", "id", "kind", "errors", "codes"],
        "properties": {
            "file": {"type": "string"},
            "line": {"type": "integer", "minimum": 0},
            "id": {"type": ["string", "null"]},
            "kind": {"enum": ["actor", "event"]},
            "errors": {"type": "array", "items": {"type": "string"}},
            "codes": {"type": "array", "items": {"$ref": "#/$defs/code"}},
            "problems": {"type": "array", "items": {"$ref": "#/$defs/problem"}},
        },
    }
    defs = _step_defs()
    defs["code"] = {"type": "string", "pattern": "^DR-[SRWIU][0-9]{3}$"}
    defs["problem"] = _problem_schema()
    return {
        **_head(
            "report",
            "decree_rules JSON report",
            f"The report of check --format json (format_version {REPORT_FORMAT_VERSION}).",
        ),
        "type": "object",
        "required": ["as_of", "satisfied", "findings", "unmatched_events", "summary"],
        "properties": {
            "as_of": DAY,
            "satisfied": {"type": "boolean"},
            "findings": {"type": "array", "items": finding},
            "unmatched_events": {"type": "array", "items": unmatched},
            "summary": {
                "type": "object",
                "required": statuses,
                "properties": {status: count for status in statuses},
                "additionalProperties": False,
            },
            "rejected_rows": {"type": "array", "items": rejected},
            "format_version": {"type": "string"},
            "events": {"type": "object", "additionalProperties": count},
            "actors": {"type": "object", "additionalProperties": count},
            "calendar": {"type": "object", "additionalProperties": {"type": "string"}},
            "warnings": {"type": "array", "items": {"type": "string"}},
            "warning_steps": _steps(),
            "rules": {"type": "string"},
            "rules_used": _rules_used_schema(),
            "selection": {"type": "object"},
            "comparison": _comparison_schema(),
        },
        "$defs": defs,
    }


def _rules_used_schema() -> dict[str, Any]:
    """The rule files a check used, their digests, the library, and the compiled engine
    when one decided clauses (docs/reports.rst, docs/engines.rst)."""
    clauses = {"type": "array", "items": {"type": "string"}}
    return {
        "type": "object",
        "required": ["source", "files", "sha256", "engine", "workspace"],
        "properties": {
            "source": {"type": "string"},
            "files": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "sha256"],
                    "properties": {
                        "path": {"type": "string"},
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    },
                    "additionalProperties": False,
                },
            },
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "engine": {"type": "string"},
            "workspace": {"type": ["string", "null"]},
            "evaluator": {
                "description": "The compiled engine (absent: the Python engine decided"
                " every clause): its name and version, the clauses it decided and those"
                " decided in Python in the same evaluation.",
                "type": "object",
                "required": ["name", "version", "compiled", "python"],
                "properties": {
                    "name": {"enum": ["duckdb"]},
                    "version": {"type": "string"},
                    "compiled": clauses,
                    "python": clauses,
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    }


def _comparison_schema() -> dict[str, Any]:
    """``check --compare``: the findings whose status or due date differ (docs/reports.rst)."""
    side = {
        "type": ["object", "null"],
        "required": ["status", "due"],
        "properties": {
            "status": {"enum": [status.value for status in Status]},
            "due": {"type": ["string", "null"], "format": "date"},
        },
        "additionalProperties": False,
    }
    change = {
        "type": "object",
        "required": ["rule", "actor", "period", "trigger", "this", "other"],
        "properties": {
            "rule": {"type": "string"},
            "actor": {"type": "string"},
            "period": {"type": ["string", "null"]},
            "trigger": {"type": ["string", "null"]},
            "this": side,
            "other": side,
        },
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "required": ["rules_used", "differing", "findings"],
        "properties": {
            "rules_used": _rules_used_schema(),
            "differing": {"type": "integer", "minimum": 0},
            "findings": {"type": "array", "items": change},
        },
        "additionalProperties": False,
    }


def _problem_schema() -> dict[str, Any]:
    """One error or warning as data: its code, words and where (file/line or part/row)."""
    return {
        "type": "object",
        "required": ["code", "message", "location"],
        "properties": {
            "code": {"$ref": "#/$defs/code"},
            "severity": {"enum": ["error", "warning"]},
            "message": {"type": "string"},
            "hint": {"type": ["string", "null"]},
            "location": {
                "type": "object",
                "properties": {
                    "file": {"type": ["string", "null"]},
                    "line": {"type": ["integer", "null"]},
                    "column": {"type": ["integer", "null"]},
                    "part": {"type": "string"},
                    "row": {"type": ["integer", "null"]},
                    "field": {"type": ["string", "null"]},
                },
                "additionalProperties": False,
            },
            "args": {"type": "object"},
        },
    }


def due_schema() -> dict[str, Any]:
    """The answer of ``due --format json`` (and of the service's ``POST /v1/due``)."""
    return {
        **_head(
            "due",
            "decree_rules deadline",
            f"One deadline with its arithmetic (format_version {DUE_FORMAT_VERSION}).",
        ),
        "type": "object",
        "required": ["due", "steps", "explanation"],
        "properties": {
            "anchor": {"type": ["string", "null"]},
            "raw": DAY,
            "due": DAY,
            "shifted": {"type": "boolean"},
            "steps": _steps(),
            "explanation": {"type": "array", "items": {"type": "string"}},
            "counting": {"type": "string"},
            "calendar": {"type": "string"},
            "time_zones": {"type": "string"},
            "warnings": {"type": "array", "items": {"type": "string"}},
            "format_version": {"type": "string"},
        },
        "$defs": _step_defs(),
    }


def errors_schema() -> dict[str, Any]:
    """The body of every error answer of the service (contract section 6)."""
    return {
        **_head("errors", "decree_rules errors", "All the errors of one request, at once."),
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/problem"}}
        },
        "$defs": {
            "code": {"type": "string", "pattern": "^DR-[SRWIU][0-9]{3}$"},
            "problem": _problem_schema(),
        },
    }  # fmt: skip


def all_schemas() -> Mapping[str, dict[str, Any]]:
    """Every schema by its name (``decree-rules schema NAME``)."""
    made = {
        "actor": actor_schema(),
        "event": event_schema(),
        "report": report_schema(),
        "due": due_schema(),
        "calendar": calendar_schema(),
        "errors": errors_schema(),
    }
    assert tuple(made) == SCHEMA_NAMES
    return made


def schema_text(schema: Mapping[str, Any]) -> str:
    """A schema as the shipped file holds it."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> None:
    """Write every schema to ``folder/NAME.json``."""
    for name, schema in all_schemas().items():
        (folder / f"{name}.json").write_text(schema_text(schema), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - run by hand after a change
    write_schemas(
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "_schemas"
    )
