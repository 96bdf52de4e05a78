"""``decree-rules format``: rule files in the canonical layout, comments kept.

Without an option it prints the formatted text; ``--check`` says which files would change
(with a diff) and exits 1 if any would; ``--diff`` prints the diff only; ``--write`` rewrites
the files that change, each replaced whole (a temporary file renamed over it).
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from decree_rules.core.diagnostics import DecreeRulesError, UsageError, raise_collected
from decree_rules.core.source import Location
from decree_rules.io.output import atomic_output
from decree_rules.lang.layout import format_source
from decree_rules.lang.load import read_rule_sources

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

EXIT_OK, EXIT_CHANGES, EXIT_BAD_INPUT = 0, 1, 2


def run_format(
    paths: Sequence[str],
    *,
    mode: str,
    out: SupportsWrite[str] = sys.stdout,
    err: SupportsWrite[str] = sys.stderr,
) -> int:
    """Format the rule files at ``paths`` (default: the shipped rules); ``mode`` is
    ``print``, ``check``, ``diff`` or ``write``. Returns the exit code."""
    if mode == "write" and not paths:
        raise UsageError(
            "--write needs the rule files or folder to rewrite",
            Location("format", field="--write"),
            code="DR-U030",
            hint="e.g. decree-rules format --write rules/",
        )
    formatted = _formatted(paths)
    if mode == "print":
        for name, _, new in formatted:
            if len(formatted) > 1:
                out.write(f"# ==> {name} <==\n")
            out.write(new)
        return EXIT_OK
    changed = [(name, old, new) for name, old, new in formatted if old != new]
    if mode in ("check", "diff"):
        for name, old, new in changed:
            diff = difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=name,
                tofile=f"{name} (formatted)",
            )
            out.write("".join(diff))
        if mode == "check":
            for name, _, _ in changed:
                err.write(f"decree-rules: would reformat {name}\n")
            err.write(_summary(len(formatted), len(changed), "would be reformatted") + "\n")
            return EXIT_CHANGES if changed else EXIT_OK
        return EXIT_OK
    for name, _, new in changed:
        _replace(Path(name), new)
        err.write(f"decree-rules: reformatted {name}\n")
    err.write(_summary(len(formatted), len(changed), "reformatted") + "\n")
    return EXIT_OK


def _formatted(paths: Sequence[str]) -> list[tuple[str, str, str]]:
    """(name, text, formatted text) of every rule file; raises every file's syntax errors."""
    targets: Sequence[str | None] = paths or [None]  # None: the shipped rules
    sources = [source for path in targets for source in read_rule_sources(path)]
    formatted: list[tuple[str, str, str]] = []
    errors: list[DecreeRulesError] = []
    for name, text in sources:
        try:
            formatted.append((name, text, format_source(text, name)))
        except DecreeRulesError as error:
            errors.extend(getattr(error, "errors", (error,)))
    raise_collected(errors)
    return formatted


def _summary(files: int, changed: int, what: str) -> str:
    noun = "file" if files == 1 else "files"
    return f"{files} {noun}: {changed} {what}, {files - changed} already formatted"


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole: a temporary file beside it, renamed over it."""
    with atomic_output(path, field="--write", what="the rule file", code="DR-U031") as out:
        out.write(text)
