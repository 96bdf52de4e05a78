"""The lossless formatter: the canonical layout, every comment kept, nothing else changed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import commented_rule_files

from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.lang.layout import format_source
from decree_rules.lang.load import parse_rules

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "rules" / "decree.rules"

MESSY = """\
# header comment

# second group
decree   "Test"   # trailing on header
    title en   "T"
  # inside decree
  note "a # not a comment"


# before group
group heads=central_body_head ,rector   # who
   note "x"
group akims = akim at region, district
clause 6 "Report"
  text kk "..."
  for each last reporting_meeting of the year  # mid-item
     by heads, akims

  the same actor must do report_posted on website
  within 10 calendar days after the meeting ends   # trailing deadline
  # last words of clause 6
# final comment
"""

TIDY = """\
# header comment

# second group
decree "Test"  # trailing on header
  title en "T"
  # inside decree
  note "a # not a comment"

# before group
group heads = central_body_head, rector  # who
  note "x"

group akims = akim at region, district

clause 6 "Report"
  text kk "..."
  # mid-item
  for each last reporting_meeting of the year by heads, akims

  the same actor must do report_posted on website
  within 10 calendar days after the meeting ends  # trailing deadline
  # last words of clause 6
# final comment
"""


def _comments(text: str) -> list[str]:
    code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text, flags=re.DOTALL)
    return [c.rstrip() for c in re.findall(r"#[^\n]*", code)]


def test_a_messy_file_is_laid_out_and_keeps_every_comment() -> None:
    assert format_source(MESSY) == TIDY
    assert parse_rules(TIDY, validated=False) == parse_rules(MESSY, validated=False)


def test_the_shipped_rules_are_formatted_and_keep_their_comments() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert format_source(text) == text
    assert len(_comments(text)) >= 13


def test_a_file_with_a_syntax_error_is_not_touched() -> None:
    with pytest.raises(DecreeRulesError) as caught:
        format_source('decree "x"\nclause 6 "t"\n  withn 10 calendar days\n', "r.rules")
    assert caught.value.location.line == 3


@settings(max_examples=50)  # a generated file takes some 0.15 s to make and check
@given(commented_rule_files())
def test_formatting_changes_layout_only_and_is_idempotent(text: str) -> None:
    formatted = format_source(text)
    assert parse_rules(formatted, validated=False) == parse_rules(text, validated=False)
    assert format_source(formatted) == formatted
    assert _comments(formatted) == _comments(text)
    for line in formatted.splitlines():
        assert line == line.rstrip()
        assert not line.startswith("\t")


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decree_rules", "format", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_check_diff_and_write(tmp_path: Path) -> None:
    target = tmp_path / "messy.rules"
    target.write_text(MESSY, encoding="utf-8")
    checked = _cli("--check", str(target))
    assert checked.returncode == 1
    assert "+group heads = central_body_head, rector  # who" in checked.stdout
    assert f"would reformat {target}" in checked.stderr
    assert target.read_text(encoding="utf-8") == MESSY
    diffed = _cli("--diff", str(target))
    assert diffed.returncode == 0 and diffed.stdout == checked.stdout
    target.chmod(0o640)
    written = _cli("--write", str(target))
    assert written.returncode == 0, written.stderr
    assert target.read_text(encoding="utf-8") == TIDY
    assert target.stat().st_mode & 0o777 == 0o640
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left
    again = _cli("--check", str(target))
    assert again.returncode == 0
    assert "1 file: 0 would be reformatted, 1 already formatted" in again.stderr


def test_check_passes_on_the_shipped_rules() -> None:
    done = _cli("--check", "rules")
    assert done.returncode == 0, done.stdout + done.stderr


def test_write_needs_a_path_outside_a_workspace(tmp_path: Path) -> None:
    done = _cli("--write", cwd=tmp_path)
    assert done.returncode == 2
    assert "--write needs the rule files or folder to rewrite" in done.stderr
    assert "Traceback" not in done.stderr
