"""The shipped JSON Schemas (draft 2020-12), read from the package's ``_schemas`` folder.

``actor`` and ``event`` (a registry row and an event row), ``report`` (the JSON report,
with every kind of step), ``due`` (one deadline), ``calendar`` (the overrides file, its
TOML read as data) and ``errors`` (the service's error body). They are made from the
code by :mod:`decree_rules.report.schemas`, and a test keeps the files equal to it.
"""

from __future__ import annotations

import importlib.resources
import json
from typing import Any, Final

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.source import Location

__all__ = ["DRAFT", "SCHEMA_NAMES", "load_schema", "schema_id", "schema_text"]

DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_NAMES: Final = ("actor", "event", "report", "due", "calendar", "errors")


def schema_id(name: str) -> str:
    """The ``$id`` of a schema: a name, not a place to fetch it from."""
    return f"urn:decree-rules:schema:{name}"


def schema_text(name: str) -> str:
    """The text of the shipped schema ``name``; an unknown name is a ``DR-U060``."""
    if name not in SCHEMA_NAMES:
        raise UsageError(
            f"no schema named {name!r}",
            Location("schema", field="NAME"),
            code="DR-U060",
            hint="one of " + ", ".join(SCHEMA_NAMES),
            args={"name": name, "names": list(SCHEMA_NAMES)},
        )
    folder = importlib.resources.files("decree_rules") / "_schemas"
    return (folder / f"{name}.json").read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """The shipped schema ``name`` as data."""
    data: dict[str, Any] = json.loads(schema_text(name))
    return data
