"""``.. decree-catalogue::``: every clause of the shipped rules, beside its law.

For each clause: the Kazakh text (authoritative) beside the English translation, the rule
lines that encode it and the counting policies its terms use, its notes, and a worked
example: a finding of the shipped example (``examples/``), computed by the library when
the documentation is built and told in English and in Kazakh. Nothing here is typed by
hand, so the page cannot fall behind the rules or the engine.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
AS_OF = date(2025, 12, 31)
_PREFERENCE = ("late", "violated", "fulfilled", "pending", "exempt")


def _example_findings() -> dict[str, list[Any]]:
    from decree_rules.engine.evaluate import evaluate
    from decree_rules.io.events import load_events
    from decree_rules.io.registry import load_actors
    from decree_rules.lang.load import load_decree

    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    report = evaluate(load_decree(), actors, events, AS_OF)
    found: dict[str, list[Any]] = {}
    for finding in report.findings:
        found.setdefault(finding.rule, []).append(finding)
    return found


def _worked(findings: list[Any]) -> Any:
    """The finding that shows the most: a late one, one moved by a day off, ..."""
    from decree_rules.time.steps import ShiftDayOff

    def score(finding: Any) -> tuple[int, int, int]:
        shifted = any(isinstance(step, ShiftDayOff) for step in finding.steps)
        return (
            _PREFERENCE.index(finding.status.value),
            0 if shifted else 1,
            -len(finding.steps),
        )

    return min(findings, key=score)


def _quoted_block(text: str, indent: str = "     ") -> list[str]:
    return [f"{indent}{line}" if line else "" for line in text.splitlines() or [""]]


class CatalogueDirective(SphinxDirective):
    """Every clause with its Kazakh text, translation, rule lines, policy and an example."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from decree_rules.engine.plan import make_plan
        from decree_rules.explain.sentences import explanation
        from decree_rules.lang.format import counting_text, rule_lines
        from decree_rules.lang.load import load_decree
        from decree_rules.report.html_report import clause_notes
        from decree_rules.report.text_report import headline

        decree = load_decree()
        plans = {duty.number: duty for duty in make_plan(decree).duties}
        examples = _example_findings()
        lines: list[str] = []
        for clause in decree.clauses:
            title = f"Clause {clause.number}: {clause.title}"
            lines += [title, "-" * len(title), ""]
            kazakh = clause.text("kk") or "(no Kazakh text in the rule file)"
            english = clause.text("en") or "(no translation in the rule file)"
            lines += [
                ".. list-table::",
                "   :header-rows: 1",
                "   :widths: 50 50",
                "",
                "   * - Қазақша (authoritative)",
                "     - English (working translation)",
                "   * - .. rst-class:: lang-kk",
                "",
                *_quoted_block(kazakh, "       "),
                "     - " + english,
                "",
            ]
            plan = plans.get(clause.number)
            if clause.rule is not None:
                lines += [
                    "The rule lines (``rules/decree.rules``):",
                    "",
                    ".. code-block:: text",
                    "",
                ]
                lines += [f"   {line}" for line in rule_lines(clause.rule)]
                if clause.counting is not None:
                    lines.append(f"   {counting_text(clause.counting)}")
                lines.append("")
            if plan is not None:
                lines += [
                    f"Deadline policy: terms are counted by ``{plan.counting.describe()}``"
                    f" ({_policy_words(plan.counting)}).",
                    "",
                ]
            else:
                lines += ["This clause sets no duty of its own.", ""]
            for note in clause_notes(clause):
                lines += [".. note::", "", *_quoted_block(note.text, "   "), ""]
            chosen = examples.get(clause.number)
            if chosen:
                finding = _worked(chosen)
                lines += [
                    f"Worked example, computed from ``examples/`` as of {AS_OF.isoformat()} "
                    f"when this page was built ({finding.status.value}):",
                    "",
                    ".. code-block:: text",
                    "",
                    f"   {headline(finding)}",
                    *(f"       {line}" for line in explanation(finding)),
                    "",
                    "The same finding in Kazakh (``--lang kk``):",
                    "",
                    ".. code-block:: text",
                    "",
                    *(f"   {line}" for line in explanation(finding, "kk")),
                    "",
                ]
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(
            self.state, StringList(lines, source="decree_catalogue"), container
        )
        return list(container.children)


def _policy_words(counting: Any) -> str:
    names = counting.names()
    return ", ".join(f"``{name}``" for name in names) if names else "none of the Civil Code's"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("decree-catalogue", CatalogueDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
