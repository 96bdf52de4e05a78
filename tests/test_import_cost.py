"""The command line does not pay for the editor support: ``--help`` and ``check`` never
import pygls, lsprotocol or Pygments (only ``decree-rules lsp`` does)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"
EDITOR_ONLY = ("pygls", "lsprotocol", "pygments", "decree_rules.apps.lsp")

# Runs the command in a fresh interpreter, then lists the editor-only modules it imported.
PROBE = """
import contextlib, io, json, sys
from decree_rules.apps.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol", "pygments")
                or m.startswith("decree_rules.apps.lsp"))
print(json.dumps({"code": code, "loaded": loaded, "output": len(out.getvalue())}))
"""


def _imported(*argv: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=EXAMPLES.parent,
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("--help",), 0),
        (
            (
                "check",
                "--actors",
                str(EXAMPLES / "actors.jsonl"),
                "--events",
                str(EXAMPLES / "events.jsonl"),
                "--as-of",
                "2025-12-31",
                "--jobs",
                "1",
            ),
            1,
        ),
    ],
)
def test_the_command_line_does_not_import_the_editor_support(
    argv: tuple[str, ...], code: int
) -> None:
    found = _imported(*argv)
    assert found["code"] == code
    assert found["output"]  # the command did its work: help, or a report
    assert found["loaded"] == []


def test_the_probe_sees_the_server_when_it_is_imported() -> None:
    # The same probe on a command that loads the server module lists it: the check works.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import decree_rules.apps.lsp.server as s, sys; "
            "print(sorted(m for m in sys.modules if m.startswith('pygls'))[:1])",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "pygls" in done.stdout
