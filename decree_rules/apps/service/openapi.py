"""The OpenAPI 3.1 document of the service, made from the shipped JSON Schemas.

Shipped as ``openapi.json`` beside this module and served at ``GET /openapi.json``; a
test keeps the file equal to :func:`openapi_document`, and
``python -m decree_rules.apps.service.openapi`` writes it again after a change.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import sys
from pathlib import Path
from typing import Any

from decree_rules import __version__
from decree_rules.core.schemas import load_schema

__all__ = ["openapi_document", "shipped_text"]


def _json(schema: dict[str, Any] | str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _errors(*statuses: int) -> dict[str, Any]:
    words = {
        400: "a body that is not a JSON object, or a missing or ill-typed field",
        413: "a body or a number of events over the server's limits",
        422: "rows that fail the checks of the readers, or a deadline that cannot be counted",
        504: "a request over the server's time limit",
    }
    return {str(status): _json("errors", words[status]) for status in statuses}


def openapi_document() -> dict[str, Any]:
    """The document: the five routes, with the shipped schemas as components."""
    rows = {"type": "array", "items": {"$ref": "#/components/schemas/actor"}}
    check_request = {
        "type": "object",
        "required": ["as_of", "actors", "events"],
        "properties": {
            "as_of": {"type": "string", "format": "date"},
            "actors": rows,
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/event"}},
            "lang": {"enum": ["en", "kk", "ru"], "default": "en"},
            "lenient": {"type": "boolean", "default": False},
        },
    }
    counts = ("days", "working_days", "months", "years", "day_of_next_month")
    due_request = {
        "type": "object",
        "description": "one of after, before, quarter, by; the fields of decree-rules due",
        "properties": {
            **{name: {"type": "string"} for name in ("after", "before", "quarter", "by")},
            **{name: {"type": "integer", "minimum": 0} for name in counts},
            "tz": {"type": "string", "default": "Asia/Almaty"},
            "counting": {"type": "string", "default": "civil_code"},
            "lang": {"enum": ["en", "kk", "ru"], "default": "en"},
        },
    }
    free = {"type": "object"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "decree_rules",
            "version": __version__,
            "description": "Checks what officials did against the decree on annual "
            "reporting meetings with the population. Stateless; JSON in, JSON out.",
        },
        "paths": {
            "/v1/check": {"post": {
                "summary": "check a registry and an event log as of a date",
                "requestBody": {"required": True, **_json(check_request, "the rows")},
                "responses": {"200": _json("report", "the JSON report (satisfied or not)"),
                              **_errors(400, 413, 422, 504)},
            }},
            "/v1/due": {"post": {
                "summary": "one deadline, with its arithmetic",
                "requestBody": {"required": True, **_json(due_request, "the question")},
                "responses": {"200": _json("due", "the due day, its steps and sentences"),
                              **_errors(400, 413, 422, 504)},
            }},
            "/v1/rules": {"get": {
                "summary": "the clauses in force on a day, each in the text that applies then",
                "parameters": [{
                    "name": "on", "in": "query", "required": False,
                    "schema": {"type": "string", "format": "date"},
                    "description": "the day (default: today in Asia/Almaty)",
                }],
                "responses": {"200": _json(free, "number, title, texts, deadline, version")},
            }},
            "/v1/health": {"get": {
                "summary": "whether the server is up, and the rules it runs",
                "responses": {"200": _json({
                    "type": "object", "required": ["status", "version", "rules_sha256"],
                    "properties": {"status": {"const": "ok"}, "version": {"type": "string"},
                                   "rules_sha256": {"type": "string"}},
                }, "ok")},
            }},
            "/openapi.json": {"get": {
                "summary": "this document",
                "responses": {"200": _json(free, "the OpenAPI 3.1 document")},
            }},
        },
        "components": {
            "schemas": {name: load_schema(name)
                        for name in ("actor", "event", "report", "due", "errors")},
        },
    }  # fmt: skip


def document_text() -> str:
    """The document as the shipped file holds it."""
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n"


@functools.cache
def shipped_text() -> str:
    """The shipped ``openapi.json``."""
    folder = importlib.resources.files("decree_rules.apps.service")
    return (folder / "openapi.json").read_text(encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - run by hand after a change
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("openapi.json")
    target.write_text(document_text(), encoding="utf-8")
