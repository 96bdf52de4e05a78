"""Faults and hostile input, second series: endless files and foreign encodings.

Every file the tool reads (rule files and folders, the calendar file, registries, event
logs) has a byte limit, also when it is a pipe or a device that never ends; UTF-16 and
UTF-32 files are named as such. The command-line cases run ``python -m
decree_rules`` in a real process, under a memory limit where memory is the point.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from decree_rules.core.diagnostics import (
    DecreeRulesError,
    InputError,
    RuleSyntaxError,
)
from decree_rules.core.reading import foreign_encoding
from decree_rules.io.events import read_events
from decree_rules.io.registry import read_actors
from decree_rules.lang.load import (
    MAX_RULE_FILES,
    MAX_RULES_BYTES,
    MAX_RULES_CHARS,
    load_rules,
)
from decree_rules.time.overrides import MAX_CALENDAR_BYTES, load_overrides

ROOT = Path(__file__).parents[1]
SHIPPED = ROOT / "rules" / "decree.rules"
EXAMPLES = ROOT / "examples"
ACTORS = str(EXAMPLES / "actors.jsonl")
EVENTS = str(EXAMPLES / "events.jsonl")
CHECK = ("check", "--actors", ACTORS, "--events", EVENTS)

MEMORY = 512 * 1024**2
"""The address space a refused endless input may use: well above what the command needs
(it runs in 100 MiB), far below what reading /dev/zero for long would take."""

FAST = 10.0
"""Seconds a refused input may take on a busy shared machine (it takes about 0.5)."""


def cli(*argv: str, cwd: Path | None = None) -> tuple[int, str, float]:
    """Exit code, stderr and seconds of ``python -m decree_rules argv`` under MEMORY."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "decree_rules", *argv],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        preexec_fn=limit,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return done.returncode, done.stderr, time.monotonic() - started


def first_error(err: str) -> str:
    return next(line for line in err.splitlines() if ": error: " in line)


def refused(err: str) -> None:
    assert "internal error" not in err and "Traceback" not in err, err


# ---- 4. unbounded reads ----------------------------------------------------------------

DEV_ZERO = [
    pytest.param(
        ("lint", "/dev/zero"),
        f"/dev/zero: error: the rule file is too large: more than {MAX_RULES_BYTES:,} bytes",
        id="lint /dev/zero",
    ),
    pytest.param(
        (*CHECK, "--as-of", "2025-12-31", "--rules", "/dev/zero"),
        f"/dev/zero: error: the rule file is too large: more than {MAX_RULES_BYTES:,} bytes",
        id="check --rules /dev/zero",
    ),
    pytest.param(
        (*CHECK, "--as-of", "2025-12-31", "--calendar", "/dev/zero"),
        f"/dev/zero: error: the overrides file is too large: more than "
        f"{MAX_CALENDAR_BYTES:,} bytes",
        id="check --calendar /dev/zero",
    ),
    pytest.param(
        ("due", "--after", "2018-02-27", "--days", "10", "--calendar", "/dev/zero"),
        f"/dev/zero: error: the overrides file is too large: more than "
        f"{MAX_CALENDAR_BYTES:,} bytes",
        id="due --calendar /dev/zero",
    ),
]


@pytest.mark.parametrize(("argv", "line"), DEV_ZERO)
def test_dev_zero_is_refused_at_once_in_bounded_memory(argv: tuple[str, ...], line: str) -> None:
    code, err, seconds = cli(*argv)
    refused(err)
    assert (code, first_error(err)) == (2, line)
    assert seconds < FAST


@pytest.fixture
def endless_fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO that a writer fills without end (until the reader goes away)."""
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        ["/bin/sh", "-c", f"exec cat /dev/zero > '{fifo}'"],
        stderr=subprocess.DEVNULL,
    )
    try:
        yield fifo
    finally:
        writer.kill()
        writer.wait(timeout=10)


@pytest.mark.parametrize("option", ["--rules", "--calendar"])
def test_a_fifo_that_never_ends_is_refused_like_a_large_file(
    endless_fifo: Path, option: str
) -> None:
    code, err, seconds = cli(*CHECK, "--as-of", "2025-12-31", option, str(endless_fifo))
    refused(err)
    limit = MAX_RULES_BYTES if option == "--rules" else MAX_CALENDAR_BYTES
    kind = "rule file" if option == "--rules" else "overrides file"
    assert code == 2
    assert first_error(err) == (
        f"{endless_fifo}: error: the {kind} is too large: more than {limit:,} bytes"
    )
    assert seconds < FAST


def test_rules_from_a_pipe_are_read(tmp_path: Path) -> None:
    """A pipe that ends is read like a file (``lint <(cat decree.rules)``)."""
    fifo = tmp_path / "rules"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["/bin/sh", "-c", f"exec cat '{SHIPPED}' > '{fifo}'"])
    try:
        code, err, _ = cli("lint", str(fifo))
    finally:
        writer.wait(timeout=30)
    assert code == 0, err
    assert err.splitlines()[-1].startswith("1 file, 21 clauses: 0 errors")


def test_a_folder_of_rule_files_has_a_total_bound(tmp_path: Path) -> None:
    half = b"#" * (MAX_RULES_BYTES // 2 + 1) + b"\n"
    (tmp_path / "a.rules").write_bytes(half)
    (tmp_path / "b.rules").write_bytes(half)
    with pytest.raises(RuleSyntaxError) as raised:
        load_rules(tmp_path)
    assert raised.value.code == "DR-S006"
    assert raised.value.message.startswith(
        f"the 2 rule files are too large: more than {MAX_RULES_BYTES:,} bytes together"
    )
    assert raised.value.location.file.endswith("b.rules")


def test_a_folder_of_too_many_rule_files_is_refused_before_reading(tmp_path: Path) -> None:
    for number in range(MAX_RULE_FILES + 1):
        (tmp_path / f"r{number:04d}.rules").touch()
    with pytest.raises(RuleSyntaxError) as raised:
        load_rules(tmp_path)
    assert (raised.value.code, raised.value.arguments["files"]) == ("DR-S006", MAX_RULE_FILES + 1)
    assert raised.value.message == (
        f"the folder has {MAX_RULE_FILES + 1:,} rule files; the rules may have at most "
        f"{MAX_RULE_FILES:,}"
    )


def test_one_limit_and_message_for_every_kind_of_file(tmp_path: Path) -> None:
    calendar = tmp_path / "big.toml"
    calendar.write_bytes(b"#" * (MAX_CALENDAR_BYTES + 1))
    with pytest.raises(InputError) as too_big:
        load_overrides(calendar)
    assert (too_big.value.code, too_big.value.arguments) == (
        "DR-I005",
        {"limit": MAX_CALENDAR_BYTES},
    )
    rules = tmp_path / "big.rules"
    rules.write_bytes(b"#" * (MAX_RULES_BYTES + 1))
    with pytest.raises(RuleSyntaxError) as too_many:
        load_rules(rules)
    assert too_many.value.code == "DR-S006"
    assert too_many.value.arguments["limit"] == MAX_RULES_BYTES
    # Just under the limit is read, and meets the parser's own limit of characters; no
    # text the parser would take (4 bytes a character at most) is over the byte limit.
    rules.write_bytes(b"#" * (MAX_RULES_BYTES - 1))
    with pytest.raises(RuleSyntaxError) as parsed:
        load_rules(rules)
    assert parsed.value.arguments["characters"] == MAX_RULES_BYTES - 1
    assert 4 * MAX_RULES_CHARS < MAX_RULES_BYTES


# ---- 8. encodings, -----------------------------------------------

ENCODINGS = [
    ("utf-16", "UTF-16 (little-endian)"),
    ("utf-16-le", "UTF-16 (little-endian)"),
    ("utf-16-be", "UTF-16 (big-endian)"),
    ("utf-32", "UTF-32 (little-endian)"),
    ("utf-32-le", "UTF-32 (little-endian)"),
    ("utf-32-be", "UTF-32 (big-endian)"),
]


def _registry(path: Path) -> object:
    return read_actors(path, lenient=False)


def _event_log(path: Path) -> object:
    actors = read_actors(EXAMPLES / "actors.jsonl", lenient=False).records
    return read_events(path, {actor.id: actor for actor in actors}, lenient=False)


FILE_KINDS: Mapping[str, tuple[Path, str, Callable[[Path], object], str]] = {
    "registry": (EXAMPLES / "actors.csv", "a.csv", _registry, "file"),
    "event log": (EXAMPLES / "events.jsonl", "e.jsonl", _event_log, "file"),
    "rule file": (SHIPPED, "r.rules", load_rules, "rule file"),
    "calendar": (EXAMPLES / "calendar-overrides.toml", "c.toml", load_overrides, "overrides file"),
}


@pytest.mark.parametrize(("encoding", "said"), ENCODINGS)
@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_utf16_and_utf32_files_are_named(
    tmp_path: Path, kind: str, encoding: str, said: str
) -> None:
    source, name, read, noun = FILE_KINDS[kind]
    path = tmp_path / name
    path.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(DecreeRulesError) as raised:
        read(path)
    assert raised.value.message == f"the {noun} is {said}, not UTF-8"
    assert (raised.value.location.line, raised.value.location.column) == (1, 1)
    assert raised.value.code in {"DR-I006", "DR-S005"}
    assert (raised.value.hint or "").startswith("save it as UTF-8")


def test_the_command_line_names_the_encoding(tmp_path: Path) -> None:
    (tmp_path / "events.jsonl").write_bytes(
        (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").encode("utf-16")
    )
    code, err, _ = cli("check", "--actors", ACTORS, "--events", "events.jsonl", cwd=tmp_path)
    refused(err)
    assert (code, err.splitlines()[:2]) == (
        2,
        [
            "events.jsonl:1:1: error: the file is UTF-16 (little-endian), not UTF-8",
            "    hint: save it as UTF-8 (in a text editor: Save As, Encoding: UTF-8), or "
            "convert it with iconv -f UTF-16LE -t UTF-8",
        ],
    )


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"", None),
        (b"\x00" * 64, None),
        (b'{"id": "e1"}\n', None),
        ("Әкім, Қазақстан\n".encode(), None),
        ("Акимат, Казахстан\n".encode("cp1251"), None),
        ('{"id": "Әкім"}\n'.encode("utf-16-le"), "UTF-16LE"),
        ('{"id": "Әкім"}\n'.encode("utf-32-be"), "UTF-32BE"),
        (b"\xff\xfe\x00\x00", "UTF-32LE"),
        (b"\xff\xfe", "UTF-16LE"),
        (b"\xfe\xff", "UTF-16BE"),
    ],
)
def test_foreign_encodings_are_told_from_utf8(data: bytes, found: str | None) -> None:
    assert foreign_encoding(data) == found
