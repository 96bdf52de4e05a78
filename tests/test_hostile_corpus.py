"""The hostile inputs and faults kept aside in ``tests/hostile/cases.toml``, each run as a
real ``decree-rules`` process: the documented exit code, the place named, no traceback,
nothing left behind. A full disk is made with a tiny tmpfs where the machine allows it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CASES: list[dict[str, Any]] = tomllib.loads(
    (ROOT / "tests" / "hostile" / "cases.toml").read_text(encoding="utf-8")
)["case"]


def _write_files(case: dict[str, Any], folder: Path) -> None:
    for name, content in case.get("files", {}).items():
        if isinstance(content, dict):
            (folder / name).write_bytes(content["text"].encode(content["encoding"]))
        else:
            (folder / name).write_text(content, encoding="utf-8")


def _run(
    args: list[str], work: Path, stdout: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(work)}
    process = subprocess.Popen(
        [sys.executable, "-m", "decree_rules", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: what is left of it can be found
    )
    out, err = process.communicate(timeout=120)
    _assert_no_process_left(process.pid)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _assert_no_process_left(group: int) -> None:
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == group:
                left.append(int(entry.name))
        except (ProcessLookupError, PermissionError):
            continue
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"processes left behind: {left}"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_hostile_case_ends_as_documented(case: dict[str, Any], tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    work = tmp_path / "work"
    inputs.mkdir()
    work.mkdir()
    _write_files(case, inputs)
    before = {name: (inputs / name).read_bytes() for name in case.get("unchanged", [])}
    args = [arg.format(ex=EXAMPLES, tmp=inputs) for arg in case["args"]]
    if case.get("stdout") == "full":
        if not Path("/dev/full").exists():
            pytest.skip("this system has no /dev/full to fill standard output with")
        with open("/dev/full", "w") as full:
            done = _run(args, work, stdout=full)
    else:
        done = _run(args, work)
    assert done.returncode == case["exit"], done.stderr
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    for text in case["stderr"]:
        assert text in done.stderr, done.stderr
    assert list(work.iterdir()) == [], "intermediate files left behind"
    for name, content in before.items():
        assert (inputs / name).read_bytes() == content, f"{name} was changed"


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Any:
    """A 64 KiB filesystem (tmpfs), mounted for the test and unmounted after."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({made.stderr.strip() or 'not root'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_leaves_the_old_report_whole(tiny_disk: Path, tmp_path: Path) -> None:
    report = tiny_disk / "report.json"
    report.write_text('{"an": "old report"}\n', encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    done = _run(
        [
            "check",
            "--actors",
            str(EXAMPLES / "actors.jsonl"),
            "--events",
            str(EXAMPLES / "events.jsonl"),
            "--as-of",
            "2025-12-31",
            "--format",
            "json",
            "--output",
            str(report),
        ],
        work,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "No space left on device" in done.stderr
    assert str(report) in done.stderr
    assert report.read_text(encoding="utf-8") == '{"an": "old report"}\n'
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["report.json"]
    assert list(work.iterdir()) == []
