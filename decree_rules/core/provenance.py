"""Which rules a result came from: each rule file with its SHA-256, and the engine.

Every report, ``lint`` run and ``test`` run names them, so that a finding can be traced to
the exact text that produced it (``sha256sum rules/decree.rules`` gives the same digest).
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from typing import Any

import attrs


def engine() -> str:
    """``decree_rules 0.1.0``: the name and version of this library."""
    try:
        version = metadata.version("decree_rules")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        version = "unknown"
    return f"decree_rules {version}"


@attrs.frozen
class RuleFile:
    """One rule file read: its name as shown, and the SHA-256 of its bytes."""

    path: str
    sha256: str


@attrs.frozen
class EngineUsed:
    """The compiled engine a check ran on, and the clauses it decided (the others were
    decided by the Python engine in the same evaluation). Absent from a report: the
    Python engine decided every clause."""

    name: str
    version: str
    compiled: tuple[str, ...]
    python: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "compiled": list(self.compiled),
            "python": list(self.python),
        }

    def line(self) -> str:
        """The text report's line, e.g. ``evaluated by: duckdb 2.0.1 (clauses 1, 2
        compiled; 4, 5 in Python)``."""
        python = f"; {', '.join(self.python)} in Python" if self.python else ""
        return (
            f"evaluated by: {self.name} {self.version} "
            f"(clauses {', '.join(self.compiled) or 'none'} compiled{python})"
        )


@attrs.frozen
class RulesUsed:
    """The rule files a run used, where they came from, and the engine that ran them.

    ``source`` says where the rules were found: the ``--rules`` path, the workspace's
    configuration, or the shipped rules. ``workspace`` is the configuration file, if any.
    """

    source: str
    files: tuple[RuleFile, ...]
    engine: str = attrs.field(factory=engine)
    workspace: str | None = None
    path: str | None = None
    """The rules path as given (or "the decree's shipped rules"): the report's ``rules``."""
    evaluator: EngineUsed | None = None
    """The compiled engine, when the check ran on one (``--engine duckdb``)."""

    @property
    def sha256(self) -> str:
        """One digest of all the files' contents, in order (the same rules in another
        folder have the same digest)."""
        combined = hashlib.sha256()
        for file in self.files:
            combined.update(bytes.fromhex(file.sha256))
        return combined.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source,
            "files": [{"path": f.path, "sha256": f.sha256} for f in self.files],
            "sha256": self.sha256,
            "engine": self.engine,
            "workspace": self.workspace,
        }
        if self.evaluator is not None:
            data["evaluator"] = self.evaluator.to_dict()
        return data

    def lines(self) -> list[str]:
        """The header lines of a text report or a listing: each file and its digest."""
        shown = [f"rules: {self.source}"]
        shown += [f"  {file.path}  sha256 {file.sha256}" for file in self.files]
        shown.append(f"engine: {self.engine}")
        if self.evaluator is not None:
            shown.append(self.evaluator.line())
        return shown
