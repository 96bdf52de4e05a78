"""Workspaces: a folder of rule files and scenarios that legal staff edit, and its config.

A workspace is a folder with a ``decree-rules.toml`` file. Every command run in it, or in
a folder below it, finds that file by walking up from the current folder (as ruff and
pytest find theirs) and uses the rules, scenarios and calendar it names; without one,
the shipped rules are used. ``decree-rules init DIR`` makes a workspace with a copy of the
shipped rules and their scenarios. The library's functions never look for a workspace:
they use what they are given (:func:`find_workspace` does the looking for a caller).

The file::

    # decree-rules workspace: the commands run in this folder use these files.
    rules = "rules"                 # a rule file, or a folder of *.rules files
    scenarios = "rules/scenarios"   # what `decree-rules test` runs
    # calendar = "calendar.toml"    # days off and working days over the Kazakh calendar
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import tomllib
from pathlib import Path
from typing import Final

import attrs

from decree_rules.core import reading
from decree_rules.core.diagnostics import UsageError
from decree_rules.core.source import Location, shown_path
from decree_rules.lang import grammar
from decree_rules.time.overrides import CALENDAR_FILE

CONFIG_NAME: Final = "decree-rules.toml"
"""The name of a workspace's configuration file."""

CONFIG_FILE: Final = attrs.evolve(
    CALENDAR_FILE,
    noun="workspace file",
    too_large_hint="a workspace file names a few paths; is this decree-rules.toml?",
    encoding_hint="save decree-rules.toml as UTF-8",
)
"""How a workspace file is read: as small as a calendar file, with the same checks."""

_KEYS: Final = ("rules", "scenarios", "calendar")

_TEMPLATE: Final = """\
# decree-rules workspace: the commands run in this folder (or below it) use these files.
# Paths are relative to this file. Edit the rules, then run `decree-rules test`.
rules = "rules"                 # a rule file, or a folder of *.rules files
scenarios = "rules/scenarios"   # the scenario files `decree-rules test` runs
# calendar = "calendar.toml"    # extra days off and working days (see docs/deadlines.rst)
"""


@attrs.frozen
class Workspace:
    """A workspace's configuration: where its file is, and the paths it names."""

    config: Path
    rules: Path
    scenarios: Path | None = None
    calendar: Path | None = None

    @property
    def root(self) -> Path:
        return self.config.parent


def find_workspace(start: str | os.PathLike[str] | None = None) -> Workspace | None:
    """The workspace of ``start`` (default: the current folder) or of the nearest folder
    above it, or None when there is none."""
    folder = Path(start if start is not None else os.getcwd()).resolve()
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG_NAME
        if config.is_file():
            return load_workspace(config)
    return None


def load_workspace(config: str | os.PathLike[str]) -> Workspace:
    """Read a workspace's configuration file; a bad key or path is a located error."""
    path = Path(config)
    shown = shown_path(path)
    text = reading.read_text(shown, CONFIG_FILE)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"the workspace file is not valid TOML: {exc}",
            Location(shown),
            code="DR-U032",
            hint='write one key a line, e.g. rules = "rules"',
        ) from None
    for key in data:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            raise UsageError(
                f"unknown key '{key}' in the workspace file",
                _at_key(shown, text, key),
                code="DR-U033",
                hint=(f"did you mean '{close[0]}'? " if close else "")
                + "the keys are rules, scenarios and calendar",
                args={"key": key},
            )
    found: dict[str, Path | None] = {}
    for key in _KEYS:
        found[key] = _path(data, key, path.parent, shown, text)
    return Workspace(
        config=path,
        rules=found["rules"] or path.parent / "rules",
        scenarios=found["scenarios"],
        calendar=found["calendar"],
    )


def _path(data: dict[str, object], key: str, base: Path, shown: str, text: str) -> Path | None:
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise UsageError(
            f"'{key}' must be a path in quotes, relative to the workspace file",
            _at_key(shown, text, key),
            code="DR-U034",
            hint=f'e.g. {key} = "{"rules" if key == "rules" else key + "/"}"',
            args={"key": key},
        )
    target = (base / value).resolve() if not os.path.isabs(value) else Path(value)
    if not target.exists():
        raise UsageError(
            f"'{key}' names {value!r}, which does not exist (relative to {shown_path(base)})",
            _at_key(shown, text, key),
            code="DR-U035",
            hint="correct the path, or remove the line to use the default",
            args={"key": key, "path": value},
        )
    return target


def _at_key(shown: str, text: str, key: str) -> Location:
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    if match is None:
        return Location(shown, field=key)
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return Location(
        shown,
        line,
        column + (len(match.group()) - len(match.group().lstrip())),
        length=len(key),
        field=key,
    )


def init_workspace(folder: str | os.PathLike[str]) -> Workspace:
    """Make a workspace in ``folder`` (new, or empty): the shipped rules and their
    scenarios copied into ``rules/``, and a ``decree-rules.toml`` naming them."""
    target = Path(folder)
    shown = shown_path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(
            "cannot make a workspace there: it is not an empty folder",
            Location(shown, field="DIR"),
            code="DR-U036",
            hint="name a new folder, e.g. decree-rules init my-rules",
            args={"path": shown},
        )
    shipped = grammar.shipped_rules_path()
    try:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copytree(
            shipped,
            target / "rules",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        (target / CONFIG_NAME).write_text(_TEMPLATE, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(
            f"cannot make the workspace: {reason}",
            Location(shown, field="DIR"),
            code="DR-U037",
            args={"path": shown, "reason": reason},
        ) from None
    return load_workspace(target / CONFIG_NAME)
