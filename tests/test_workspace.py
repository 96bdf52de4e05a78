"""Workspaces: the rules legal staff edit are the rules that run; the tutorial, run."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.io.workspace import CONFIG_NAME, find_workspace, init_workspace, load_workspace

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decree_rules", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_workspace_is_found_from_any_folder_below_it(tmp_path: Path) -> None:
    made = init_workspace(tmp_path / "ws")
    below = made.rules / "scenarios"
    found = find_workspace(below)
    assert found is not None and found.config == made.config
    assert found.rules == (tmp_path / "ws" / "rules").resolve()
    assert find_workspace(tmp_path) is None  # above it: no workspace


def test_the_repository_is_a_workspace() -> None:
    found = find_workspace(ROOT / "docs")
    assert found is not None and found.rules == ROOT / "rules"


def test_an_edit_in_a_workspace_takes_effect_and_is_named(tmp_path: Path) -> None:
    assert _run("init", "ws", cwd=tmp_path).returncode == 0
    rules = tmp_path / "ws" / "rules" / "decree.rules"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(
        text.replace(
            "within 10 calendar days after the meeting ends",
            "within 15 calendar days after the meeting ends",
            1,
        ),
        encoding="utf-8",
    )
    digest = hashlib.sha256(rules.read_bytes()).hexdigest()
    args = [
        "check",
        "--actors",
        str(ROOT / "examples" / "actors.jsonl"),
        "--events",
        str(ROOT / "examples" / "events.jsonl"),
        "--as-of",
        "2025-12-31",
    ]
    inside = _run(*args, "--format", "json", cwd=tmp_path / "ws" / "rules")
    data = json.loads(inside.stdout)
    assert data["summary"]["late"] == 9  # 11 with the shipped rules: two clause 6 reports
    (used,) = data["rules_used"]["files"]
    assert used["sha256"] == digest and used["path"].endswith("decree.rules")
    assert data["rules_used"]["workspace"].endswith(CONFIG_NAME)
    outside = _run(*args, "--format", "json", cwd=tmp_path)
    assert json.loads(outside.stdout)["summary"]["late"] == 11
    assert json.loads(outside.stdout)["rules_used"]["source"] == "the decree's shipped rules"
    linted = _run("lint", cwd=tmp_path / "ws")
    assert f"rules/decree.rules  sha256 {digest}" in linted.stderr
    assert "site-packages" not in linted.stderr


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine", encoding="utf-8")
    done = _run("init", "x", cwd=tmp_path)
    assert done.returncode == 2
    assert "cannot make a workspace there: it is not an empty folder" in done.stderr
    assert (tmp_path / "x" / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("config", "code", "line", "message"),
    [
        ('rulez = "rules"\n', "DR-U033", 1, "unknown key 'rulez' in the workspace file"),
        ("# x\nrules = 5\n", "DR-U034", 2, "'rules' must be a path in quotes"),
        ('rules = "nowhere"\n', "DR-U035", 1, "'rules' names 'nowhere', which does not exist"),
        ("rules = \n", "DR-U032", None, "the workspace file is not valid TOML"),
    ],
)
def test_a_bad_workspace_file_is_a_located_error(
    tmp_path: Path, config: str, code: str, line: int | None, message: str
) -> None:
    (tmp_path / CONFIG_NAME).write_text(config, encoding="utf-8")
    with pytest.raises(DecreeRulesError) as caught:
        load_workspace(tmp_path / CONFIG_NAME)
    assert caught.value.code == code
    assert caught.value.location.line == line
    assert message in caught.value.message
    done = _run("lint", cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_format_write_rewrites_the_workspace_rules_without_a_path(tmp_path: Path) -> None:
    made = init_workspace(tmp_path / "ws")
    rules = made.rules / "decree.rules"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("\n  once\n", "\n    once\n"), encoding="utf-8"
    )
    done = _run("format", "--write", cwd=tmp_path / "ws")
    assert done.returncode == 0, done.stderr
    assert "1 reformatted" in done.stderr
    assert _run("format", "--check", cwd=tmp_path / "ws").returncode == 0


# ---- the tutorial of docs/workspace.rst, run step by step -----------------------------

_PAGE = ROOT / "docs" / "workspace.rst"


def _steps() -> list[tuple[str, str, str]]:
    """('run', command, output) for each console command and ('do', instruction, '') for
    each ``.. tutorial:`` comment, in the order of the page."""
    text = _PAGE.read_text(encoding="utf-8")
    pattern = re.compile(
        r"^\.\. code-block:: console\n\n((?:   .*\n|\n)+)|^\.\. tutorial: (.*)$", re.MULTILINE
    )
    steps: list[tuple[str, str, str]] = []
    for match in pattern.finditer(text):
        if match.group(2) is not None:
            steps.append(("do", match.group(2), ""))
            continue
        body = textwrap.dedent(match.group(1)).strip("\n")
        for part in re.split(r"^(?=\$ )", body, flags=re.MULTILINE):
            if not part.strip():
                continue
            command, _, shown = part.partition("\n")
            steps.append(("run", command.removeprefix("$ "), shown))
    return steps


def _masked(text: str) -> str:
    text = re.sub(r"sha256 [0-9a-f]{64}", "sha256 <hash>", text)
    text = re.sub(r"engine: decree_rules \S+", "engine: decree_rules <version>", text)
    text = re.sub(r"holidays \d+\.\d+", "holidays <version>", text)
    text = re.sub(r"tzdata \d{4}[a-z]", "tzdata <version>", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _do(instruction: str, cwd: Path) -> None:
    written = re.fullmatch(r"write (\S+) from (\S+)", instruction)
    if written:
        shutil.copy(ROOT / written.group(2), cwd / written.group(1))
        return
    replaced = re.fullmatch(r'in (\S+) replace "(.*)" with "(.*)" once', instruction)
    assert replaced, f"the tutorial test cannot do: {instruction}"
    path = cwd / replaced.group(1)
    old, new = (part.replace('\\"', '"') for part in replaced.group(2, 3))
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{instruction}: the text is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_workspace_tutorial_runs_as_written(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    cwd = tmp_path
    steps = _steps()
    assert sum(kind == "run" for kind, _, _ in steps) >= 7
    for kind, what, shown in steps:
        if kind == "do":
            _do(what, cwd)
            continue
        program, *args = shlex.split(what)
        if program == "cd":
            cwd = cwd / args[0]
            continue
        assert program == "decree-rules", what
        done = subprocess.run(
            [sys.executable, "-m", "decree_rules", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # lint writes to stderr: shown in the order printed
            text=True,
            check=False,
        )
        assert _masked(done.stdout) == _masked(shown), what
        assert "Traceback" not in done.stdout
