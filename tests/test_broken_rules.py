"""Every mistake in tests/broken-rules/ is located to its line and column, with no traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.lang.load import load_decree

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "tests" / "broken-rules").glob("*.rules"))
_EXPECT = re.compile(r"# expect: (\d+):(\d+) (DR-[A-Z]\d*) (.+)")


def _expected(path: Path) -> tuple[int, int, str, str]:
    found = _EXPECT.fullmatch(path.read_text(encoding="utf-8").split("\n", 1)[0])
    assert found, f"{path.name}: the first line must be '# expect: LINE:COL CODE words'"
    return int(found.group(1)), int(found.group(2)), found.group(3), found.group(4)


def test_there_are_broken_files_kept_aside() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_broken_rule_file_is_located(path: Path) -> None:
    line, column, code, words = _expected(path)
    with pytest.raises(DecreeRulesError) as caught:
        load_decree(path)
    first = caught.value.diagnostics[0]
    assert (first.location.line, first.location.column) == (line, column), first.render()
    assert first.code.startswith(code), first.render()
    assert words in f"{first.message} {first.hint}", first.render()
    done = subprocess.run(
        [sys.executable, "-m", "decree_rules", "lint", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert f"{path.name}:{line}:{column}: error:" in done.stderr
    json.dumps(first.to_dict())  # the diagnostic is data a program can read
