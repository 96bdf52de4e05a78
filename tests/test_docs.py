"""The documentation builds without warnings, and the README's commands are the real ones."""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_sphinx_builds_without_warnings(tmp_path: Path) -> None:
    pytest.importorskip("sphinx")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(ROOT / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # The rule catalogue (docs/_ext/decree_catalogue.py) shows each clause in Kazakh, and
    # its worked example computed at the build, in Kazakh too.
    catalogue = (tmp_path / "html" / "catalogue.html").read_text(encoding="utf-8")
    assert "аяқталған күннен бастап күнтізбелік 10 күннен кешіктірмей" in catalogue  # clause 6
    assert "+10 күнтізбелік күн = 2020 жылғы 1 наурыз (жексенбі)" in catalogue
    assert "due Mon 2020-03-02, the next working day" in catalogue


def _readme_blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```([\w-]*)\n(.*?)```", text, flags=re.DOTALL)


def test_readme_opens_with_the_two_set_up_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.startswith("```bash\n")
    (lang1, run_job), (lang2, run_tests) = _readme_blocks()[:2]
    assert (lang1, lang2) == ("bash", "bash")
    assert "decree-rules check --actors examples/actors.jsonl" in run_job
    assert "--as-of 2025-12-31" in run_job
    assert run_tests.strip().endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    run_tests = _readme_blocks()[1][1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci.splitlines()


def _python_blocks() -> list[tuple[str, str, str | None]]:
    """(where, code, the printed output the page shows after it) of every Python example."""
    found: list[tuple[str, str, str | None]] = []
    block = re.compile(r"^\.\. code-block:: python\n\n((?:   .*\n|\n)+)", flags=re.MULTILINE)
    printed = re.compile(r"It prints:\n\n\.\. code-block:: text\n\n((?:   .*\n|\n)+)")
    for page in sorted((ROOT / "docs").glob("*.rst")):
        text = page.read_text(encoding="utf-8")
        for match in block.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            code = textwrap.dedent(match.group(1))
            output = printed.match(text, match.end())
            shown = textwrap.dedent(output.group(1)) if output else None
            found.append((f"{page.name}:{line}", code, shown))
    return found


def test_the_docs_show_what_some_examples_print() -> None:
    assert sum(shown is not None for _, _, shown in _python_blocks()) >= 2


def _mask(text: str) -> str:
    text = re.sub(r"tzdata \d{4}[a-z]", "tzdata <version>", text)
    return re.sub(r"holidays \d+\.\d+", "holidays <version>", text).strip()


@pytest.mark.parametrize(
    ("where", "code", "shown"), _python_blocks(), ids=[w for w, _, _ in _python_blocks()]
)
def test_every_python_example_in_the_docs_runs(
    where: str, code: str, shown: str | None, tmp_path: Path
) -> None:
    """The examples are the library's real API: each runs as shown, and prints what the
    page says it prints. They run from a folder with the repository's examples in it."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    if code.lstrip().startswith(">>>"):
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        test = doctest.DocTestParser().get_doctest(code, {}, where, where, 0)
        output: list[str] = []
        runner.run(test, out=output.append)
        assert runner.failures == 0, "".join(output)
        return
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{where}:\n{done.stderr}"
    if shown is not None:
        assert _mask(done.stdout) == _mask(shown), where


def test_the_readme_python_example_runs(tmp_path: Path) -> None:
    code = next(block for lang, block in _readme_blocks() if lang == "python")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "'clause', 'owed_by'" in done.stdout and '"format_version": "1.2"' in done.stdout


# ---- the commands of the scenarios page, run as shown ---------------------------------


def _console_commands(page: str) -> list[tuple[str, str, str]]:
    """(where, command, output shown) of every ``$ `` line in the page's console blocks."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    block = re.compile(r"^\.\. code-block:: console\n\n((?:   .*\n|\n)+)", flags=re.MULTILINE)
    found: list[tuple[str, str, str]] = []
    for match in block.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        body = textwrap.dedent(match.group(1)).strip("\n")
        for part in re.split(r"^(?=\$ )", body, flags=re.MULTILINE):
            if part.strip():
                command, _, shown = part.partition("\n")
                assert command.startswith("$ "), f"{page}:{line}: output before a command"
                found.append((f"{page}:{line}", command[2:], shown))
    return found


def _mask_run(text: str) -> str:
    text = re.sub(r"sha256 [0-9a-f]{64}", "sha256 <hash>", text)
    text = re.sub(r"engine: decree_rules \S+", "engine: decree_rules <version>", text)
    text = re.sub(r" in \d+\.\d+s", " in <time>", text)
    return "\n".join(row.rstrip() for row in text.strip("\n").splitlines())


_SCENARIO_COMMANDS = _console_commands("scenarios.rst")


def test_the_scenarios_page_shows_its_commands() -> None:
    commands = [command.split()[:2] for _, command, _ in _SCENARIO_COMMANDS]
    assert commands.count(["decree-rules", "test"]) >= 3 and ["pytest", "-q"] in commands


@pytest.mark.parametrize(
    ("where", "command", "shown"), _SCENARIO_COMMANDS, ids=[w for w, _, _ in _SCENARIO_COMMANDS]
)
def test_every_command_of_the_scenarios_page_prints_what_it_shows(
    where: str, command: str, shown: str
) -> None:
    """Each command runs from the repository's root as shown, prints exactly the output
    below it (checksums and timings aside) and exits as its last line says."""
    program, *args = shlex.split(command)
    runs = {
        "decree-rules": [sys.executable, "-m", "decree_rules"],
        "pytest": [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
    }
    assert program in runs, f"{where}: the test does not know how to run {program!r}"
    done = subprocess.run(
        [*runs[program], *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert _mask_run(done.stdout) == _mask_run(shown), where
    last = shown.strip().splitlines()[-1]
    failed = " 0 failed" not in last if program == "decree-rules" else " failed" in last
    errors = program == "decree-rules" and not last.endswith(" 0 errors")
    assert done.returncode == (2 if errors else 1 if failed else 0), where


def test_the_scenario_shown_in_the_format_reference_passes() -> None:
    from decree_rules.apps.scenarios.run import run_text
    from decree_rules.lang.load import load_decree
    from decree_rules.time.calendars import KazakhCalendar

    text = (ROOT / "docs" / "scenarios.rst").read_text(encoding="utf-8")
    block = re.search(
        r"^\.\. code-block:: decree-scenario\n\n((?:   .*\n|\n)+)", text, flags=re.MULTILINE
    )
    assert block is not None
    scenario = textwrap.dedent(block.group(1))
    result = run_text(scenario, "scenarios.rst", load_decree(), KazakhCalendar())
    assert len(result.results) == 1 and result.passed, result


# ---- the how-to of a new action, run as shown ----------------------------------------


def _how_to_steps(page: Path) -> list[tuple[str, str, str]]:
    """The files (``file``, path, text) and commands (``command``, line, output shown) of
    a how-to page, in the order the page gives them."""
    text = page.read_text(encoding="utf-8")
    block = re.compile(
        r"^\.\. code-block:: (text|decree-rules|console)\n"
        r"((?:   :caption: .*\n)?)\n((?:   .*\n|\n)+)",
        flags=re.MULTILINE,
    )
    steps: list[tuple[str, str, str]] = []
    for kind, caption, body in block.findall(text):
        body = textwrap.dedent(body).strip("\n") + "\n"
        if kind != "console":
            assert caption, "a file of a how-to names its path in a caption"
            steps.append(("file", caption.split(":caption:")[1].strip(), body))
            continue
        for command in re.split(r"^(?=\$ )", body, flags=re.MULTILINE):
            if command.strip():
                line, _, shown = command.partition("\n")
                steps.append(("command", line.removeprefix("$ "), shown))
    return steps


def test_the_how_to_of_a_new_action_runs_as_shown(tmp_path: Path) -> None:
    """docs/new-action.rst: every file it shows is written and every command it shows run,
    in its order, in a folder with the repository's rules and examples; each prints what
    it shows."""
    for folder in ("rules", "examples"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    steps = _how_to_steps(ROOT / "docs" / "new-action.rst")
    assert [kind for kind, _, _ in steps].count("command") == 4
    for kind, what, shown in steps:
        if kind == "file":
            (tmp_path / what).write_text(shown, encoding="utf-8")
            continue
        done = subprocess.run(
            ["bash", "-c", what], cwd=tmp_path, env=env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        assert _mask_run(_mask(done.stdout + done.stderr)) == _mask_run(_mask(shown)), what
