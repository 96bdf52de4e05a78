"""Rules into a :class:`~decree_rules.lang.model.Decree`: from files and folders, or text.

The entry points of the language: :func:`load_decree` reads, parses and validates (the
decree's shipped rules by default); :func:`load_rules` reads and parses;
:func:`parse_rules` and :func:`parse_sources` take text already in memory;
:func:`load_counting` reads the words of a ``counting`` line given on their own;
:func:`shipped_vocabulary` gives the words of the event log the shipped rules declare.

Reading refuses what is not a rule file: a missing path, a folder without ``*.rules``
files (or with more than :data:`MAX_RULE_FILES`), bytes that are not UTF-8 (a file in
UTF-16 is named so), more than :data:`MAX_RULES_BYTES` bytes (a pipe or ``/dev/zero`` is
not read further) and rules larger than :data:`MAX_RULES_CHARS`. These are ``DR-S``
diagnostics (:class:`~decree_rules.core.diagnostics.RuleSyntaxError`), like a syntax
error: the text cannot be read as rules. Line ends may be LF, CRLF or CR alone.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from decree_rules.core import reading
from decree_rules.core.diagnostics import (
    DecreeRulesError,
    ErrorGroup,
    RuleSyntaxError,
    raise_collected,
)
from decree_rules.core.provenance import RuleFile
from decree_rules.core.reading import Failure, FileKind
from decree_rules.core.source import Location, normal_line_ends, shown_path
from decree_rules.core.vocabulary import Vocabulary
from decree_rules.lang import grammar
from decree_rules.lang.assemble import assemble
from decree_rules.lang.model import CountingLine, Decree
from decree_rules.lang.parse import parse_blocks, parse_counting
from decree_rules.lang.validate import validate, validate_counting

RULES_SUFFIX = ".rules"

MAX_RULES_CHARS = 1_000_000
"""The rules (all files together) may have at most this many characters. The decree's own
file has about 32,000; parsing takes about 3 seconds a megabyte, so a larger input is
refused at once rather than tying up the parser."""

MAX_RULES_BYTES = 4 * 1024**2
"""The most bytes read of rule files (all files together; a pipe or device alike): 4 MiB.
A text of :data:`MAX_RULES_CHARS` characters has at most 4,000,000 bytes in UTF-8, so the
limit refuses nothing the parser would take, and stops ``/dev/zero`` at once."""

MAX_RULE_FILES = 1000
"""The most ``*.rules`` files a folder of rules may have; the decree's rules are one."""


def load_decree(path: str | os.PathLike[str] | None = None) -> Decree:
    """Read, parse and validate rules (default: the decree's shipped rules)."""
    sources, files = read_rules(path)
    decree = parse_sources(sources)
    validate(decree, sources=dict(sources))
    return attrs.evolve(decree, files=files)


@functools.cache
def shipped_vocabulary() -> Vocabulary:
    """The words the shipped rules declare (the contract's): what event logs are checked
    against when no rules are named. Read once per process."""
    return load_decree().vocabulary


def load_rules(path: str | os.PathLike[str] | None = None, *, validated: bool = True) -> Decree:
    """Parse a rule file, or every ``*.rules`` file of a folder, into one
    :class:`~decree_rules.lang.model.Decree`.

    Without ``path`` the decree's own shipped rules are loaded. The rules are validated
    (an unknown role, a clause that cannot be evaluated raise ``RuleError``): a typo
    never silently removes a clause's findings. ``validated=False`` is for tools (a
    formatter, a linter) that take rules as they are written.
    """
    sources = read_rule_sources(path)
    decree = parse_sources(sources)
    if validated:
        validate(decree, sources=dict(sources))
    return decree


def read_rule_sources(path: str | os.PathLike[str] | None = None) -> list[tuple[str, str]]:
    """The (display name, text) of each rule file at ``path`` (default: the shipped rules)."""
    return read_rules(path)[0]


def read_rules(
    path: str | os.PathLike[str] | None = None,
) -> tuple[list[tuple[str, str]], tuple[RuleFile, ...]]:
    """The (display name, text) of each rule file at ``path`` (default: the shipped rules),
    and each file with the SHA-256 of its bytes, read once (a pipe can be read once)."""
    target = Path(path) if path is not None else grammar.shipped_rules_path()
    read = _read_all(_rule_files(target))
    sources = [(name, text) for name, text, _ in read]
    return sources, tuple(RuleFile(name, digest) for name, _, digest in read)


def parse_rules(text: str, *, filename: str = "<rules>", validated: bool = True) -> Decree:
    """Parse and validate the text of one rule file (as :func:`load_rules`).

    ``validated=False`` parses only: for tools that take rules as they are written.
    """
    decree = parse_sources([(filename, text)])
    if validated:
        validate(decree, sources={filename: text})
    return decree


def parse_sources(sources: Sequence[tuple[str, str]]) -> Decree:
    """Parse several rule files as one decree, collecting every error of every file."""
    errors: list[DecreeRulesError] = []
    blocks: list[Any] = []
    sources = [(filename, normal_line_ends(text)) for filename, text in sources]
    total = sum(len(text) for _, text in sources)
    if total > MAX_RULES_CHARS:
        what = "rule file is" if len(sources) == 1 else f"{len(sources)} rule files are"
        raise RuleSyntaxError(
            f"the {what} too large: {total:,} characters; the rules may have at most "
            f"{MAX_RULES_CHARS:,}",
            Location(sources[0][0]),
            code="DR-S006",
            hint="the decree's own rules have about 32,000 characters; is this a rule file?",
            args={"characters": total, "limit": MAX_RULES_CHARS, "files": len(sources)},
        )
    for filename, text in sources:
        try:
            blocks.extend(parse_blocks(text, filename))
        except DecreeRulesError as exc:
            errors.extend(_flatten(exc))
    decree = None
    if not errors:
        decree = assemble(blocks, sources, errors)
    raise_collected(errors)
    assert decree is not None
    return decree


def load_counting(text: str, *, filename: str = "<counting>") -> CountingLine:
    """Parse and check the words of a ``counting`` line: ``civil_code without shift_forward``.

    The errors are a rule file's: a syntax error (``DR-S...``) as in any line, an unknown
    name as an unknown name in a ``counting`` line (``DR-R009``, with a suggestion).
    """
    line = parse_counting(text, filename=filename)
    validate_counting(line, sources={filename: text})
    return line


# ---- reading ---------------------------------------------------------------------


def _rule_files(target: Path) -> list[Path]:
    if target.is_dir():
        files = sorted(p for p in target.iterdir() if p.suffix == RULES_SUFFIX and p.is_file())
        if not files:
            raise RuleSyntaxError(
                f"no '{RULES_SUFFIX}' files in the folder",
                Location(shown_path(target)),
                code="DR-S008",
                hint="pass a rule file, or a folder holding files like 'decree.rules'",
                args={"path": shown_path(target), "suffix": RULES_SUFFIX},
            )
        return files
    if not target.exists():
        raise RuleSyntaxError(
            "no such rule file or folder",
            Location(shown_path(target)),
            code="DR-S007",
            args={"path": shown_path(target)},
        )
    return [target]


RULE_FILE: Final = FileKind(
    noun="rule file",
    error=RuleSyntaxError,
    codes={
        Failure.MISSING: "DR-S007",
        Failure.DIRECTORY: "DR-S009",
        Failure.PERMISSION: "DR-S009",
        Failure.UNREADABLE: "DR-S009",
        Failure.TOO_LARGE: "DR-S006",
        Failure.ENCODING: "DR-S005",
    },
    max_bytes=MAX_RULES_BYTES,
    max_stream_bytes=MAX_RULES_BYTES,
    too_large_hint="the decree's own rules have about 32,000 characters; is this a rule file?",
    encoding_hint="save the rule file as UTF-8 (Kazakh letters are fine in UTF-8)",
    path_in_args=True,
)
"""How rule files are read (:mod:`decree_rules.core.reading`): at most
:data:`MAX_RULES_BYTES` from a file, a pipe or a device alike."""


def _read_all(files: Sequence[Path]) -> list[tuple[str, str, str]]:
    """The (display name, text, SHA-256 of the bytes) of each file; all of them together
    within the limits."""
    if len(files) > MAX_RULE_FILES:
        folder = shown_path(files[0].parent)
        raise RuleSyntaxError(
            f"the folder has {len(files):,} rule files; the rules may have at most "
            f"{MAX_RULE_FILES:,}",
            Location(folder),
            code="DR-S006",
            hint="the decree's rules are one file; is this the folder of the rules?",
            args={"files": len(files), "limit": MAX_RULE_FILES},
        )
    sources: list[tuple[str, str, str]] = []
    left = MAX_RULES_BYTES
    for file in files:
        name = shown_path(file)
        # What one file may have is what the files before it left of the total.
        kind = RULE_FILE.with_limits(left, left)
        try:
            data = reading.read_bytes(name, kind)
        except RuleSyntaxError as exc:
            if exc.code != "DR-S006" or len(files) == 1:
                raise
            raise RuleSyntaxError(
                f"the {len(files)} rule files are too large: more than {MAX_RULES_BYTES:,} "
                f"bytes together (at {name})",
                Location(name),
                code="DR-S006",
                hint=RULE_FILE.too_large_hint,
                args={"files": len(files), "limit": MAX_RULES_BYTES},
            ) from None
        left -= len(data)
        text = normal_line_ends(reading.decode(data, name, RULE_FILE))
        sources.append((name, text, hashlib.sha256(data).hexdigest()))
    return sources


def _flatten(exc: DecreeRulesError) -> list[DecreeRulesError]:
    return list(exc.errors) if isinstance(exc, ErrorGroup) else [exc]


__all__ = [
    "MAX_RULES_BYTES",
    "MAX_RULES_CHARS",
    "MAX_RULE_FILES",
    "RULES_SUFFIX",
    "load_counting",
    "load_decree",
    "load_rules",
    "parse_rules",
    "parse_sources",
    "read_rule_sources",
    "shipped_vocabulary",
]
