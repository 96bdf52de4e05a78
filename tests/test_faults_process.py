"""Faults of the process: kills, signals, a full disk, an output over an input, --jobs.

The command runs in real processes: ``python -m decree_rules``, or
``tests/data/faults_check.py`` (the same ``main``, with test-only knobs that force a pool
of workers on the small example, hang the workers, or pause in the middle of writing the
report). The example's check takes about half a second.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from decree_rules.apps.cli import main
from decree_rules.io.output import atomic_output
from decree_rules.lang.grammar import shipped_rules_path
from decree_rules.pipeline.workers import FOLDER_PREFIX, remove_stale_folders

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
HELPER = ROOT / "tests" / "data" / "faults_check.py"
AS_OF = "2025-12-31"
OLD = b'{"an": "old report", "kept": true}\n'
PIPE = subprocess.PIPE

needs_proc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(os, "fork"),
    reason="needs Linux (fork, /proc, PR_SET_PDEATHSIG) to watch the worker processes",
)


def check_args(*extra: str, as_of: str = AS_OF, folder: Path = EXAMPLES) -> list[str]:
    return [
        "check",
        *("--actors", str(folder / "actors.jsonl"), "--events", str(folder / "events.jsonl")),
        *("--as-of", as_of, *extra),
    ]


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "decree_rules", *args]


def helper(*args: str) -> list[str]:
    return [sys.executable, str(HELPER), *args]


def environment(**knobs: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FAULTS_")}
    env.pop("DECREE_RULES_DEBUG", None)
    return {**env, "PYTHONPATH": str(ROOT), **knobs}


def run(
    argv: list[str], cwd: Path | None = None, **knobs: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        argv, capture_output=True, env=environment(**knobs), cwd=cwd, timeout=60, check=False
    )


def start(argv: list[str], **knobs: str) -> subprocess.Popen[bytes]:
    # A session of its own, so that the test can send Ctrl-C to it and its workers only.
    return subprocess.Popen(
        argv, stdout=PIPE, stderr=PIPE, env=environment(**knobs), start_new_session=True
    )


@pytest.fixture(scope="module")
def reference() -> bytes:
    """The JSON report of the example, checked in one process (``--jobs 1``)."""
    done = run(command(*check_args("--format", "json", "--jobs", "1")))
    assert done.returncode == 1, done.stderr
    return done.stdout


def wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not so after {seconds} s")
        time.sleep(0.02)


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie, dead but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as status:
            return status.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def beats(work: Path) -> dict[str, int]:
    """The files the hung workers keep appending to, and their sizes."""
    return {path.name: path.stat().st_size for path in work.glob(f"{FOLDER_PREFIX}*/beat-*")}


def writers(work: Path) -> set[int]:
    return {int(name.removeprefix("beat-")) for name in beats(work)}


def hung_check(work: Path, *extra: str, workers: int = 2, **knobs: str) -> subprocess.Popen[bytes]:
    """A check whose workers (pids: ``writers(work)``) evaluate their partitions forever."""
    work.mkdir()
    knobs = {"FAULTS_PARTS": "4", "FAULTS_CORES": "2", "FAULTS_HANG_PARTITION": "1", **knobs}
    argv = check_args("--jobs", "2", "--work-dir", str(work), "--format", "json", *extra)
    process = start(helper(*argv), **knobs)
    wait_for(lambda: len(writers(work)) == workers or process.poll() is not None)
    assert process.poll() is None, process.communicate()
    return process


def end(process: subprocess.Popen[bytes], pids: set[int]) -> tuple[str, str]:
    """Whatever a test found: no process of it is left running; its stdout and stderr."""
    try:
        out, err = process.communicate(timeout=20)
    finally:
        for pid in [process.pid, *pids]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(5)
    return out.decode(), err.decode()


# ---- killing a check --------------------------------------------------------------------


@needs_proc
def test_the_workers_die_with_a_killed_check(tmp_path: Path) -> None:
    work = tmp_path / "work"
    process = hung_check(work)
    pids = writers(work)
    assert len(pids) == 2 and process.pid not in pids
    try:
        process.send_signal(signal.SIGKILL)  # nothing can run in it: the kernel kills them
        process.wait(5)
        wait_for(lambda: not any(alive(pid) for pid in pids), seconds=5)
        written = beats(work)
        time.sleep(0.2)  # ten heartbeats of a worker still running
        assert beats(work) == written
    finally:
        end(process, pids)
    # Its folder is left, and recognisable; the next check in the work dir removes it.
    (left,) = work.iterdir()
    assert left.name.startswith(f"{FOLDER_PREFIX}{process.pid}-")
    assert run(command(*check_args("--work-dir", str(work)))).returncode == 1
    assert list(work.iterdir()) == []


SIGNALS = [
    pytest.param("SIGTERM", 143, "decree-rules: interrupted (SIGTERM)", id="SIGTERM"),
    pytest.param("SIGINT", 130, "decree-rules: interrupted", id="Ctrl-C"),
]


@needs_proc
@pytest.mark.parametrize(("name", "code", "message"), SIGNALS)
def test_a_signal_stops_the_check_in_order(
    tmp_path: Path, name: str, code: int, message: str
) -> None:
    report = tmp_path / "r.json"
    report.write_bytes(OLD)
    work = tmp_path / "work"
    process = hung_check(work, "--output", str(report))
    pids = writers(work)
    number = getattr(signal, name)
    if number == signal.SIGINT:
        os.killpg(process.pid, number)  # as a terminal sends Ctrl-C: to every process
    else:
        process.send_signal(number)
    out, err = end(process, pids)
    assert (process.returncode, err, out) == (code, message + "\n", "")
    assert not any(alive(pid) for pid in pids)
    assert list(work.iterdir()) == []  # the work folder is removed
    assert report.read_bytes() == OLD  # the old report is untouched,
    assert sorted(path.name for path in tmp_path.iterdir()) == ["r.json", "work"]  # no .tmp


@pytest.mark.parametrize("name", ["SIGKILL", "SIGTERM"])
def test_a_kill_while_the_report_is_written_keeps_the_old_one(
    tmp_path: Path, reference: bytes, name: str
) -> None:
    report = tmp_path / "r.json"
    report.write_bytes(OLD)
    report.chmod(0o640)
    marker = tmp_path / "writing"
    argv = check_args("--format", "json", "--output", str(report))
    process = start(helper(*argv), FAULTS_PAUSE_WRITE=f"200:30:{marker}")
    try:
        wait_for(lambda: marker.exists() or process.poll() is not None)
        (partial,) = tmp_path.glob(f".r.json.{process.pid}.*.tmp")
        assert partial.stat().st_size > 0  # half of it written
        process.send_signal(getattr(signal, name))
    finally:
        _, err = end(process, set())
    assert report.read_bytes() == OLD
    left = sorted(path.name for path in tmp_path.iterdir() if path != marker)
    if name == "SIGTERM":
        stopped = (143, "decree-rules: interrupted (SIGTERM)\n", ["r.json"])
        assert (process.returncode, err, left) == stopped
        return
    # Killed: at most the unfinished report is left beside it, which the next check
    # removes; that one replaces the report whole, and keeps its mode.
    assert (process.returncode, left) == (-signal.SIGKILL, [partial.name, "r.json"])
    assert run(command(*argv)).returncode == 1
    assert report.read_bytes() == reference
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert sorted(path.name for path in tmp_path.iterdir() if path != marker) == ["r.json"]


def test_two_checks_writing_one_report_each_write_it_whole(
    tmp_path: Path, reference: bytes
) -> None:
    target = tmp_path / "r.json"
    # Each pauses half a second after 200 writes: they write the same path at once.
    processes = [
        start(helper(*check_args("--format", "json", "--output", str(target), as_of=when)),
              FAULTS_PAUSE_WRITE="200:0.5")
        for when in (AS_OF, "2020-12-31")
    ]  # fmt: skip
    earlier = run(command(*check_args("--format", "json", as_of="2020-12-31"))).stdout
    for process in processes:
        _, err = end(process, set())
        assert process.returncode == 1, err
    assert target.read_bytes() in (reference, earlier)  # the last rename wins
    assert json.loads(target.read_bytes())["as_of"] in (AS_OF, "2020-12-31")
    assert [path.name for path in tmp_path.iterdir()] == ["r.json"]
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


# ---- --jobs, a full standard output, an output over an input --------------------------------


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@needs_proc
def test_jobs_beyond_the_usable_cores_are_capped(tmp_path: Path, reference: bytes) -> None:
    cores = usable_cores()
    said = (
        f"decree-rules: --jobs 1000 is more than the {cores} usable "
        f"{'core' if cores == 1 else 'cores'}; using {cores}\n"
    )
    # Eight partitions, hung: as many processes evaluate them as there are cores.
    work = tmp_path / "work"
    process = hung_check(
        work, "--jobs", "1000", workers=min(cores, 8), FAULTS_PARTS="8", FAULTS_CORES=""
    )
    pids = writers(work)
    time.sleep(0.2)
    assert writers(work) == pids and len(pids) == min(cores, 8)
    process.send_signal(signal.SIGTERM)
    _, err = end(process, pids)
    assert err == said + "decree-rules: interrupted (SIGTERM)\n"
    # And the report is the one of a single process.
    done = run(helper(*check_args("--format", "json", "--jobs", "1000")), FAULTS_PARTS="4")
    assert (done.returncode, done.stderr.decode()) == (1, said)
    assert done.stdout == reference


FULL = [
    pytest.param(check_args("--format", "json"), "the report", id="check"),
    pytest.param(["format"], "the rules", id="format"),
    pytest.param(["due", "--after", "2018-02-27", "--days", "10"], "the deadline", id="due"),
]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="this system has no /dev/full")
@pytest.mark.parametrize(("argv", "what"), FULL)
def test_a_full_standard_output_is_a_message(argv: list[str], what: str) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            command(*argv), stdout=full, stderr=PIPE, env=environment(), timeout=60, check=False
        )
    err = done.stderr.decode()
    assert done.returncode == 2
    assert err.splitlines()[0] == (
        f"decree-rules: error: cannot write {what} to standard output: No space left on device"
    )
    assert "Traceback" not in err and "internal error" not in err and "Exception" not in err


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell to close stdout")
def test_a_closed_standard_output_is_a_message() -> None:
    """``>&-``: Python has no sys.stdout at all; ``lint`` (which prints to stderr) is fine."""
    due = ["due", "--after", "2018-02-27", "--days", "10"]
    closed = [
        subprocess.run(
            ["sh", "-c", 'exec "$@" >&-', "sh", *command(*argv)],
            stderr=PIPE, env=environment(), timeout=60, check=False,
        )
        for argv in (due, ["lint"])
    ]  # fmt: skip
    assert [done.returncode for done in closed] == [2, 0]
    assert closed[0].stderr.decode().splitlines() == [
        "decree-rules: error: cannot write the deadline to standard output: it is closed",
        "    hint: give standard output a file, e.g. '> out.txt'",
    ]
    assert " clauses: 0 errors, " in closed[1].stderr.decode()


OVER_INPUTS = ["--events", "--actors", "--calendar", "--rules", "link", "hard link", "./"]


@pytest.mark.parametrize("case", OVER_INPUTS)
def test_an_output_over_an_input_is_refused(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("actors.jsonl", "events.jsonl"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    shutil.copy(EXAMPLES / "calendar-overrides.toml", tmp_path / "calendar.toml")
    shutil.copytree(shipped_rules_path(), tmp_path / "rules")
    inputs = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    target, option = {
        "--events": ("events.jsonl", "--events"),
        "--actors": (str(tmp_path / "actors.jsonl"), "--actors"),
        "--calendar": ("calendar.toml", "--calendar"),
        "--rules": ("rules/decree.rules", "--rules"),
        "link": ("link.jsonl", "--events"),
        "hard link": ("hard.jsonl", "--actors"),
        "./": ("./rules/../events.jsonl", "--events"),
    }[case]
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "events.jsonl")
    os.link(tmp_path / "actors.jsonl", tmp_path / "hard.jsonl")
    argv = check_args("--calendar", "calendar.toml", "--rules", "rules", folder=tmp_path)
    monkeypatch.chdir(tmp_path)
    if case == "--events":  # the plainest case, in a process of its own
        done = run(command(*argv, "--output", target), cwd=tmp_path)
        code, err = done.returncode, done.stderr.decode()
    else:
        code, err = main([*argv, "--output", target]), capsys.readouterr().err
    assert (code, err.splitlines()) == (
        2,
        [
            f"{target}: error: argument --output: the report would overwrite the file given "
            f"to {option}",
            "    hint: write the report to another file, e.g. --output report.json",
        ],
    )
    assert {path: path.read_bytes() for path in inputs} == inputs  # every input untouched
    assert not list(tmp_path.glob(".*.tmp"))


# ---- the pieces, in this process --------------------------------------------------------


def test_only_the_folders_of_dead_checks_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid is free now
    host = socket.gethostname()
    made = {
        f"{FOLDER_PREFIX}{dead.pid}-abcd1234": host,  # removed: its check is gone
        f"{FOLDER_PREFIX}{os.getpid()}-abcd1234": host,  # a check that runs
        f"{FOLDER_PREFIX}{dead.pid}-efgh5678": "another-machine",  # a pid of elsewhere
        f"{FOLDER_PREFIX}{dead.pid}-ijkl9012": "",  # no owner written yet
        f"{FOLDER_PREFIX}abcd1234": host,  # an earlier version's folder, without a pid
    }
    for name, owner in made.items():
        (tmp_path / name).mkdir()
        if owner:
            (tmp_path / name / ".owner").write_text(owner, encoding="utf-8")
    stale = tmp_path / f"{FOLDER_PREFIX}{dead.pid}-abcd1234"
    assert remove_stale_folders(str(tmp_path)) == [str(stale)]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(set(made) - {stale.name})


def test_the_report_is_written_through_a_link_and_into_a_device(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(OLD)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with atomic_output(link) as out:
        out.write("new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"
    with atomic_output(os.devnull) as out:  # a device is written, never replaced
        out.write("gone\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    with pytest.raises(RuntimeError), atomic_output(real) as out:
        out.write("half")
        raise RuntimeError("stopped")
    assert real.read_text(encoding="utf-8") == "new\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.json", "real.json"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_a_folder_that_takes_no_new_file_is_said_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "r.json"
    report.write_bytes(OLD)
    tmp_path.chmod(0o500)  # the file may be written, the folder may not take a new one
    try:
        code = main(check_args("--output", str(report)))
    finally:
        tmp_path.chmod(0o700)
    assert code == 2 and report.read_bytes() == OLD
    assert capsys.readouterr().err.splitlines() == [
        f"{report}: error: argument --output: cannot write the report: Permission denied",
        "    hint: the report is written to a new file in the same folder, then renamed over "
        "r.json: the folder must let you make files",
    ]


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="this system has no SIGHUP")
def test_a_hang_up_stops_the_command_and_its_handler_is_restored(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def hung_up(args: object) -> int:
        os.kill(os.getpid(), signal.SIGHUP)  # as when the terminal closes
        time.sleep(5)  # not reached: the signal stops the command first
        return 0

    monkeypatch.setattr("decree_rules.apps.cli._lint", hung_up)
    before = signal.getsignal(signal.SIGHUP)
    assert main(["lint"]) == 129
    assert capsys.readouterr().err == "decree-rules: interrupted (SIGHUP)\n"
    assert signal.getsignal(signal.SIGHUP) is before
