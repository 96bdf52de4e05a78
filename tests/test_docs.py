"""The documentation builds without warnings, and the README's commands are the real ones."""

from __future__ import annotations

import re
import subprocess
import sys
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


def _readme_blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(\w*)\n(.*?)```", text, flags=re.DOTALL)


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
