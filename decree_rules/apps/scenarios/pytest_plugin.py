"""A pytest plugin: every ``*.scenario`` file pytest is pointed at is collected, and each
of its scenarios is a test item.

It is registered under the ``pytest11`` entry point, so ``pytest rules/scenarios`` works
wherever decree_rules is installed; ``-p no:decree_rules`` turns it off, and
``--scenario-rules PATH`` runs every file against those rules. A failure is shown
as ``decree-rules test`` shows it. Nothing heavy is imported until a scenario file is found.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from decree_rules.apps.scenarios.run import FileResult, RuleSets, ScenarioResult

_SUFFIX = ".scenario"


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--scenario-rules PATH``: the rules every scenario file runs against."""
    parser.getgroup("decree_rules").addoption(
        "--scenario-rules",
        metavar="PATH",
        default=None,
        help="run every *.scenario file against these rule files (default: the *.rules of "
        "the nearest folder above each file, else the shipped rules)",
    )


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """A collector for each scenario file."""
    if file_path.suffix == _SUFFIX:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def _rule_sets(config: pytest.Config) -> RuleSets:
    from decree_rules.apps.scenarios.run import RuleSets

    found: RuleSets | None = getattr(config, "_decree_rule_sets", None)
    if found is None:
        found = RuleSets(config.getoption("scenario_rules", None))
        config._decree_rule_sets = found  # type: ignore[attr-defined]
    return found


class ScenarioFile(pytest.File):
    """One scenario file: run once, one item per scenario."""

    def collect(self) -> Iterator[pytest.Item]:
        from decree_rules.apps.scenarios.run import FileResult, run_file
        from decree_rules.core.diagnostics import DecreeRulesError
        from decree_rules.time.calendars import KazakhCalendar

        try:
            decree = _rule_sets(self.config).for_file(self.path)
        except DecreeRulesError as error:
            result = FileResult(str(self.path), error=error)
        else:
            result = run_file(self.path, decree, KazakhCalendar())
        if result.error is not None:
            yield ScenarioItem.from_parent(self, name=self.path.name, file_result=result)
            return
        for index, scenario in enumerate(result.results):
            yield ScenarioItem.from_parent(
                self,
                name=f"{scenario.scenario.title} [line {scenario.scenario.span.line}]",
                file_result=result,
                index=index,
            )


class ScenarioFailure(Exception):
    """A scenario whose expectations do not hold, or that cannot be run."""


class ScenarioItem(pytest.Item):
    """One scenario of a file (or the file itself, when it cannot be read)."""

    def __init__(self, *, file_result: FileResult, index: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.file_result = file_result
        self.index = index

    def _result(self) -> ScenarioResult | None:
        return None if self.index is None else self.file_result.results[self.index]

    def runtest(self) -> None:
        result = self._result()
        if result is None or not result.passed:
            raise ScenarioFailure

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if not isinstance(excinfo.value, ScenarioFailure):
            return str(super().repr_failure(excinfo))
        from decree_rules.apps.scenarios.render import results_to_text
        from decree_rules.apps.scenarios.run import FileResult

        result = self._result()
        shown = (
            self.file_result
            if result is None
            else FileResult(self.file_result.file, (result,), lines=self.file_result.lines)
        )
        return results_to_text([shown]).rstrip("\n")

    def reportinfo(self) -> tuple[Path, int | None, str]:
        result = self._result()
        line = None if result is None else result.scenario.span.line - 1
        return self.path, line, f"scenario: {self.name}"
