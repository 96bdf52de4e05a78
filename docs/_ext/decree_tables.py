"""Sphinx directives that write reference tables from the package itself.

``.. decree-steps::`` lists every step code (:mod:`decree_rules.core.facts`) with its
meaning, arguments and citations; ``.. decree-codes::`` lists every diagnostic code
(:mod:`decree_rules.core.codes`). Made from the code, they cannot fall behind it.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

import attrs
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def _type_name(hint: Any) -> str:
    text = str(hint) if not isinstance(hint, type) else hint.__name__
    for prefix in ("decree_rules.", "datetime.", "typing."):
        text = text.replace(prefix, "")
    for module in (
        "core.periods.",
        "core.vocabulary.",
        "engine.steps.",
        "time.days.",
        "time.steps.",
    ):
        text = text.replace(module, "")
    return text.replace("NoneType", "None")


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n")[0].split())


class _Table(SphinxDirective):
    has_content = False

    def _parse(self, lines: list[str]) -> list[nodes.Node]:
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(StringList(lines, source="decree_tables"), 0, container)
        return list(container.children)


class StepsDirective(_Table):
    """Every step code, grouped by the module that defines it."""

    def run(self) -> list[nodes.Node]:
        import decree_rules.explain.sentences  # noqa: F401 - defines every step class
        from decree_rules.core.facts import step_classes

        classes = sorted(step_classes().values(), key=lambda c: (c.__module__, c.code))
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 18 40 42",
            "",
            "   * - code",
            "     - what it states",
            "     - arguments",
        ]
        for cls in classes:
            hints = typing.get_type_hints(cls)
            fields = [
                f"``{field.name}``: {_type_name(hints[field.name])}" for field in attrs.fields(cls)
            ]
            lines += [
                f"   * - ``{cls.code}``",
                f"     - {_summary(cls)} (:class:`~{cls.__module__}.{cls.__qualname__}`)",
                "     - " + ("; ".join(fields) if fields else "none"),
            ]
        return self._parse(lines)


class CodesDirective(_Table):
    """Every diagnostic code and what it means."""

    def run(self) -> list[nodes.Node]:
        from decree_rules.core.codes import CODES

        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 15 85",
            "",
            "   * - code",
            "     - what it means",
        ]
        for info in CODES.values():
            lines += [f"   * - ``{info.code}``", f"     - {info.title}"]
        return self._parse(lines)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("decree-steps", StepsDirective)
    app.add_directive("decree-codes", CodesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
