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

    @property
    def sha256(self) -> str:
        """One digest of all the files' contents, in order (the same rules in another
        folder have the same digest)."""
        combined = hashlib.sha256()
        for file in self.files:
            combined.update(bytes.fromhex(file.sha256))
        return combined.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "files": [{"path": f.path, "sha256": f.sha256} for f in self.files],
            "sha256": self.sha256,
            "engine": self.engine,
            "workspace": self.workspace,
        }

    def lines(self) -> list[str]:
        """The header lines of a text report or a listing: each file and its digest."""
        shown = [f"rules: {self.source}"]
        shown += [f"  {file.path}  sha256 {file.sha256}" for file in self.files]
        shown.append(f"engine: {self.engine}")
        return shown
