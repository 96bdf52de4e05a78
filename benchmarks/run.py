#!/usr/bin/env python3
"""Speed and memory of ``decree-rules check`` at national scale (run by hand, not in CI).

    python benchmarks/run.py                 # 10k, 100k and 1M events
    python benchmarks/run.py --big           # and 5M, and the 1M log twice
    python benchmarks/run.py --sizes 10000   # a quick look

For each size it generates a log with ``benchmarks/generate.py`` (cached in a temporary
directory), then measures, each in a fresh subprocess, the wall time and the peak resident
memory of

- ``check``: ``decree-rules check --actors A --events E --as-of ... --format json
  --output /dev/null`` (exit code 1 is normal: the log has late and violated duties);
- ``floor``: ``benchmarks/floor.py``, reading the same events with ``json.loads`` and
  ``fromisoformat`` only;
- ``report-floor`` (with the verification below): ``benchmarks/report_floor.py``, encoding
  the findings of the check's report again with the standard library's JSON encoder, and
  nothing else: what the output alone costs;
- ``baseline``: ``benchmarks/baseline.py``, clauses 2, 6 and 9 by a per-duty linear scan
  (skipped above 100k when it would take more than ``--baseline-limit`` seconds; the time
  is then extrapolated and labelled so);
- ``duckdb``: ``benchmarks/duck.py``, clauses 5, 6 and 9 in SQL (skipped when duckdb is not
  installed: ``pip install duckdb``).
- ``warehouse``: ``benchmarks/warehouse.py``, ``decree-rules compile``'s script run in DuckDB
  on the raw log (``read_json``): every clause's findings and the unmatched events, no
  report.

Then (unless ``--no-verify``) it runs the check once more writing the report, and compares
its counts with what the generator meant (``expected.json``) and with the baseline's and
DuckDB's counts for their clauses. Writes Markdown to stdout and to ``--out``
(default ``benchmarks/results.md``). See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
AS_OF = "2025-12-31"
YEARS = "2016-2025"
GNU_TIME = "/usr/bin/time"

# Targets (issue 5)
TARGET_FLOOR_RATIO = 8.0  # check / floor at 1M, the Python engine (issue 16; was 2x)
TARGET_COMPILED_RATIO = {200_000: 3.0, 1_000_000: 1.5}  # check --engine duckdb / floor
TARGET_BASELINE_RATIO = 10.0  # baseline / check at 100k
TARGET_SCALING = 11.0  # check time 1M / 100k
TARGET_PEAK_MIB = 1024.0  # check peak at 1M
# Bounded memory for larger inputs: the 1M log twice over the same registry may take at
# most this much more memory than the 1M log (sampling and the allocator vary by ~5%).
TARGET_BOUNDED_GROWTH = 1.15
TARGET_HELP_S = 0.3
TARGET_RULES_MS = 50.0

# Run in a fresh interpreter: the peak memory of this one child only.
_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], 'wb')).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'\\nPEAK_KB {peak}\\n')\n"
    "sys.exit(rc)\n"
)


@dataclass
class Measure:
    seconds: float
    peak_mib: float | None
    rc: int
    stdout: str = ""
    stderr: str = ""


@dataclass
class Row:
    size: int
    events: int
    actors: int
    tool: str
    seconds: float | None
    peak_mib: float | None
    note: str = ""
    extrapolated: bool = False


@dataclass
class SizeResult:
    size: int
    events: int = 0
    actors: int = 0
    gen_seconds: float | None = None
    rows: dict[str, Row] = field(default_factory=dict)
    counts: dict[str, dict] = field(default_factory=dict)  # tool -> clause -> status -> n
    agreement: list[str] = field(default_factory=list)
    work: float = 0.0  # baseline work estimate: events x scans
    digest: str = ""  # library sources while this size was measured
    twice: Row | None = None  # 1M only: the log twice over the same registry


def _tree_pss_kib(root: int) -> int | None:
    """Summed proportional set size of ``root`` and its descendants (Linux), in KiB.

    PSS shares each page among the processes that map it, so forked workers sharing
    pages with their parent are not counted twice (summed RSS would be).
    """
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(found.group(1)) if found else 0
    return total or None


def _watch_tree(proc: subprocess.Popen[bytes], peak: list[int]) -> None:
    while proc.poll() is None:
        found = _tree_pss_kib(proc.pid)
        if found is not None and found > peak[0]:
            peak[0] = found
        time.sleep(0.25)


def measure(
    cmd: list[str], *, timeout: float | None = None, env: dict[str, str] | None = None
) -> Measure:
    """Wall time and peak memory of ``cmd`` in a fresh process.

    The peak is the larger of the biggest single process's RSS (``/usr/bin/time -v``) and
    the summed PSS of the whole process tree sampled every 0.25 s (``check`` runs worker
    processes; Linux only).
    """
    with tempfile.TemporaryDirectory(prefix="decree-bench-") as tmp:
        out_path = os.path.join(tmp, "stdout")
        tree_peak = [0]
        if os.path.exists(GNU_TIME):
            report = os.path.join(tmp, "time")
            full = [GNU_TIME, "-v", "-o", report, *cmd]
            start = time.perf_counter()
            with open(out_path, "wb") as out:
                proc = subprocess.Popen(full, stdout=out, stderr=subprocess.PIPE, env=env)
                watcher = threading.Thread(target=_watch_tree, args=(proc, tree_peak), daemon=True)
                if os.path.exists("/proc/self/smaps_rollup"):
                    watcher.start()
                try:
                    _, err = proc.communicate(timeout=timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.communicate()
                    raise
            seconds = time.perf_counter() - start
            text = Path(report).read_text(errors="replace")
            found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
            peak = int(found.group(1)) / 1024 if found else None
            stderr = err.decode(errors="replace")
        else:
            full = [PY, "-c", _RUSAGE_WRAPPER, out_path, *cmd]
            start = time.perf_counter()
            done = subprocess.run(full, stderr=subprocess.PIPE, timeout=timeout, env=env)
            proc_rc = done.returncode
            seconds = time.perf_counter() - start
            stderr = done.stderr.decode(errors="replace")
            found = re.search(r"PEAK_KB (\d+)", stderr)
            peak = int(found.group(1)) / 1024 if found else None
            if sys.platform == "darwin" and peak is not None:
                peak /= 1024  # bytes there
            stderr = stderr[: found.start()] if found else stderr
            stdout = Path(out_path).read_text(errors="replace")
            return Measure(seconds, peak, proc_rc, stdout, stderr)
        stdout = Path(out_path).read_text(errors="replace")
    if tree_peak[0]:
        peak = max(peak or 0.0, tree_peak[0] / 1024)
    return Measure(seconds, peak, proc.returncode, stdout, stderr)


def check_command() -> list[str]:
    found = shutil.which("decree-rules", path=os.path.dirname(PY)) or shutil.which("decree-rules")
    return [found] if found else [PY, "-m", "decree_rules.apps.cli"]


def has_duckdb() -> str | None:
    try:
        return metadata.version("duckdb")
    except metadata.PackageNotFoundError:
        return None


# ---------------------------------------------------------------------------- machine


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text()
        model = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
        if model:
            cpu = model.group(1).strip()
        mhz = re.search(r"^cpu MHz\s*:\s*(.+)$", info, re.M)
        if mhz:
            cpu += f" ({float(mhz.group(1)):.0f} MHz)"
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    memory = "unknown"
    try:
        meminfo = Path("/proc/meminfo").read_text()
        total = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
        avail = re.search(r"^MemAvailable:\s*(\d+) kB", meminfo, re.M)
        if total:
            memory = f"{int(total.group(1)) / 1024**2:.1f} GiB"
            if avail:
                memory += f" ({int(avail.group(1)) / 1024**2:.1f} GiB available at start)"
    except OSError:
        pass
    versions = []
    for name in ("decree_rules", "lark", "attrs", "holidays", "tzdata", "duckdb"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    commit = "unknown"
    try:
        commit = subprocess.run(
            ["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(HERE.parent), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if dirty:
            commit += " (with uncommitted changes)"
    except (OSError, subprocess.CalledProcessError):
        pass
    return [
        ("CPU", cpu),
        ("cores", f"{os.cpu_count()} logical, {usable} usable by this process"),
        ("memory", memory),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("packages", ", ".join(versions)),
        ("library commit", commit),
        (
            "peak memory from",
            "the larger of /usr/bin/time -v (biggest process) and the summed PSS of the "
            "process tree, sampled every 0.25 s"
            if os.path.exists(GNU_TIME)
            else "getrusage (biggest process)",
        ),
    ]


def library_digest() -> str:
    """A digest of the library's sources, rules and grammar: other people edit them while
    a benchmark runs, and a run that straddles an edit measures two libraries."""
    digest = hashlib.sha256()
    root = HERE.parent
    for folder, pattern in (("decree_rules", "*.py"), ("rules", "*"), ("grammar", "*")):
        for path in sorted((root / folder).rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def mem_total_mib() -> float | None:
    try:
        meminfo = Path("/proc/meminfo").read_text()
    except OSError:
        return None
    found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    return int(found.group(1)) / 1024 if found else None


# ---------------------------------------------------------------------------- start-up


RULES_TIMER = """
import json, time
t0 = time.perf_counter()
from decree_rules.lang.load import load_decree
t1 = time.perf_counter()
load_decree()
t2 = time.perf_counter()
n = 20
for _ in range(n):
    load_decree()
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "mean": (t3 - t2) / n}))
"""


def startup() -> dict[str, float]:
    helps = []
    for _ in range(7):
        helps.append(measure([*check_command(), "--help"]).seconds)
    runs = [json.loads(measure([PY, "-c", RULES_TIMER]).stdout) for _ in range(3)]
    # An empty DECREE_RULES_CACHE_DIR turns the parser cache off: the first run on a machine.
    uncached = {**os.environ, "DECREE_RULES_CACHE_DIR": ""}
    cold = [json.loads(measure([PY, "-c", RULES_TIMER], env=uncached).stdout) for _ in range(3)]
    return {
        "rules_cold": statistics.median(r["first"] for r in cold),
        "help_min": min(helps),
        "help_median": statistics.median(helps),
        "rules_import": statistics.median(r["import"] for r in runs),
        "rules_first": statistics.median(r["first"] for r in runs),
        "rules_mean": statistics.median(r["mean"] for r in runs),
    }


# ---------------------------------------------------------------------------- data


def generator_digest() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]


def dataset(cache: Path, size: int, args: argparse.Namespace) -> tuple[Path, float | None]:
    """The generated directory for ``size`` (reused when the generator and its arguments
    are unchanged); and the generation time when it was generated now."""
    gen_args = [
        "--seed", str(args.seed), "--events", str(size), "--years", YEARS,
        "--late-rate", str(args.late_rate), "--missing-rate", str(args.missing_rate),
    ]  # fmt: skip
    key = {"args": gen_args, "generator": generator_digest()}
    target = cache / f"seed{args.seed}-n{size}"
    stamp = target / "cache-key.json"
    if stamp.exists() and (target / "events.jsonl").exists():
        try:
            if json.loads(stamp.read_text()) == key:
                return target, None
        except ValueError:
            pass
    if target.exists():
        shutil.rmtree(target)
    result = measure([PY, str(HERE / "generate.py"), *gen_args, "--out", str(target)])
    if result.rc != 0:
        raise SystemExit(f"generate.py failed for {size}:\n{result.stderr}")
    stamp.write_text(json.dumps(key))
    return target, result.seconds


def baseline_work(actors_path: Path, events: int) -> float:
    """Events scanned by baseline.py: one scan per clause 2 duty, two per 6 and 9 duty."""
    heads = ("central_body_head", "anticorruption_head", "education_head")
    scans = 0
    with open(actors_path, encoding="utf-8") as handle:
        for line in handle:
            actor = json.loads(line)
            role, level = actor["role"], actor.get("level")
            if role == "akim":
                scans += 1
            if role in heads or level in ("region", "republican_city", "capital"):
                scans += 4  # clauses 6 and 9
            elif level in ("district", "regional_city"):
                scans += 2  # clause 6
    return float(scans) * events


def doubled_log(data: Path) -> tuple[Path, int]:
    """The log of ``data`` written twice, the second copy's ids and refs suffixed ``b``.

    The registry stays the same, so only the log grows: the check's memory must not.
    """
    source = data / "events.jsonl"
    target = data / "events-twice.jsonl"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        partial = target.with_suffix(".partial")
        with open(source, encoding="utf-8") as inp, open(partial, "w", encoding="utf-8") as out:
            seconds: list[str] = []
            for line in inp:
                out.write(line)
                record = json.loads(line)
                record["id"] += "b"
                if record.get("ref"):
                    record["ref"] += "b"
                seconds.append(json.dumps(record, ensure_ascii=False) + "\n")
                if len(seconds) >= 10_000:
                    out.writelines(seconds)
                    seconds.clear()
            out.writelines(seconds)
        partial.replace(target)
    with open(target, "rb") as handle:
        count = sum(1 for line in handle if line.strip())
    return target, count


def run_twice_log(cache: Path, args: argparse.Namespace, results: list[SizeResult]) -> None:
    """Check the 1M log written twice over the 1M registry: is memory bounded by the log?"""
    one = next((r for r in results if r.size == 1_000_000 and r.rows.get("check")), None)
    if one is None or one.rows["check"].peak_mib is None:
        return
    data, _ = dataset(cache, 1_000_000, args)
    events, count = doubled_log(data)
    log(f"== the 1M log twice over the same registry: {count:,} events, {one.actors:,} actors")
    cmd = [
        *check_command(), "check", "--actors", str(data / "actors.jsonl"), "--events",
        str(events), "--as-of", AS_OF, "--format", "json", "--output", os.devnull,
    ]  # fmt: skip
    m = measure(cmd, timeout=args.timeout)
    note = {0: "", 1: "exit 1 (late/violated duties: normal)"}.get(m.rc, f"FAILED exit {m.rc}")
    one.twice = Row(
        1_000_000, count, one.actors, "check, log twice", m.seconds, m.peak_mib, note, False
    )
    log(f"   check     {m.seconds:.2f} s, {m.peak_mib or 0:.0f} MiB {note}")


def _clause_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def tool_counts(stdout: str) -> dict:
    try:
        return json.loads(stdout.strip().splitlines()[-1])["clauses"]
    except (ValueError, IndexError, KeyError):
        return {}


def compare(name: str, theirs: dict, ours: dict, clauses: tuple[str, ...]) -> str:
    diffs = []
    for clause in clauses:
        a, b = theirs.get(clause, {}), ours.get(clause, {})
        for status in sorted(set(a) | set(b)):
            if a.get(status, 0) != b.get(status, 0):
                diffs.append(f"{clause} {status} {a.get(status, 0)} vs {b.get(status, 0)}")
    if not diffs:
        return f"{name} agrees with check on clauses {', '.join(clauses)}"
    return f"{name} differs from check: " + "; ".join(diffs[:8])


# ---------------------------------------------------------------------------- running


def _same_report(check: list[str], report: Path, data: Path) -> str:
    """Whether ``check --engine duckdb`` writes the report ``report`` holds, but for the
    evaluator it names: compared line by line, never loaded whole."""
    other = data / "report-duckdb.json"
    m = measure([*check, "--engine", "duckdb", "--output", str(other)])
    try:
        if m.rc not in (0, 1):
            return f"check --engine duckdb FAILED exit {m.rc}"
        with open(report, encoding="utf-8") as ours, open(other, encoding="utf-8") as theirs:
            for number, (a, b) in enumerate(itertools.zip_longest(ours, theirs), start=1):
                if a != b and (b is None or '"evaluator"' not in b):
                    return f"check --engine duckdb DIFFERS from check at line {number}"
        return "check --engine duckdb writes the same report as check (but for its evaluator)"
    finally:
        other.unlink(missing_ok=True)


def run_size(
    size: int, cache: Path, args: argparse.Namespace, done: list[SizeResult]
) -> SizeResult:
    data, gen_seconds = dataset(cache, size, args)
    digest = library_digest()
    expected = json.loads((data / "expected.json").read_text())
    res = SizeResult(size, expected["events"], expected["actors"], gen_seconds)
    actors, events = str(data / "actors.jsonl"), str(data / "events.jsonl")
    n = res.events
    log(f"== {size:,}: {n:,} events, {res.actors:,} actors")

    def row(
        tool: str,
        m: Measure | None,
        note: str = "",
        seconds: float | None = None,
        extrapolated: bool = False,
    ) -> None:
        res.rows[tool] = Row(
            size,
            n,
            res.actors,
            tool,
            m.seconds if m else seconds,
            m.peak_mib if m else None,
            note,
            extrapolated,
        )
        shown = res.rows[tool].seconds
        log(
            f"   {tool:<9} {'-' if shown is None else f'{shown:.2f} s'}"
            f"{'' if not m or m.peak_mib is None else f', {m.peak_mib:.0f} MiB'} {note}"
        )

    # check (skipped when an earlier size says it cannot fit in memory)
    check = [
        *check_command(),
        "check",
        "--actors",
        actors,
        "--events",
        events,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]
    total = mem_total_mib()
    prior = [d for d in done if d.rows.get("check") and d.rows["check"].peak_mib]
    predicted_peak = None
    if prior:
        last = prior[-1]
        predicted_peak = last.rows["check"].peak_mib * n / last.events
    if total and predicted_peak and predicted_peak > 0.9 * total and not args.force:
        t_last = prior[-1].rows["check"].seconds or 0
        row(
            "check",
            None,
            f"not run: about {predicted_peak / 1024:.0f} GiB needed (linear "
            f"from {prior[-1].size:,}), {total / 1024:.0f} GiB on this machine; time "
            "extrapolated linearly",
            seconds=t_last * n / prior[-1].events,
            extrapolated=True,
        )
    else:
        m = measure([*check, "--output", os.devnull], timeout=args.timeout)
        note = {0: "", 1: "exit 1 (late/violated duties: normal)"}.get(m.rc, f"FAILED exit {m.rc}")
        if m.rc not in (0, 1):
            note += ": " + m.stderr.strip().splitlines()[-1][:200] if m.stderr.strip() else ""
        row("check", m, note)

    row("floor", measure([PY, str(HERE / "floor.py"), events]))

    # baseline
    res.work = baseline_work(Path(actors), n)
    measured = [d for d in done if d.rows.get("baseline") and not d.rows["baseline"].extrapolated]
    if args.no_baseline:
        pass
    else:
        predicted = None
        if measured:
            ref = measured[-1]
            predicted = ref.rows["baseline"].seconds * res.work / ref.work
        if size <= 100_000 or predicted is None or predicted <= args.baseline_limit:
            m = measure(
                [
                    PY,
                    str(HERE / "baseline.py"),
                    "--actors",
                    actors,
                    "--events",
                    events,
                    "--as-of",
                    AS_OF,
                ]
            )
            res.counts["baseline"] = tool_counts(m.stdout)
            row("baseline", m, "" if m.rc == 0 else f"FAILED exit {m.rc}")
        else:
            row(
                "baseline",
                None,
                f"EXTRAPOLATED from {measured[-1].size:,} (events x duties scanned), not run: "
                f"over the {args.baseline_limit:.0f} s limit",
                seconds=predicted,
                extrapolated=True,
            )

    # duckdb
    if args.no_duckdb:
        pass
    elif has_duckdb() is None:
        row("duckdb", None, "skipped: duckdb not installed (pip install duckdb)")
    else:
        m = measure(
            [PY, str(HERE / "duck.py"), "--actors", actors, "--events", events, "--as-of", AS_OF]
        )
        res.counts["duckdb"] = tool_counts(m.stdout)
        row("duckdb", m, f"{os.cpu_count()} threads" if m.rc == 0 else f"FAILED exit {m.rc}")

    # the compiled engine: the same check, with --engine duckdb
    if not args.no_duckdb and has_duckdb() is not None:
        m = measure([*check, "--engine", "duckdb", "--output", os.devnull], timeout=args.timeout)
        note = {0: "", 1: "exit 1 (normal)"}.get(m.rc, f"FAILED exit {m.rc}")
        row("check-duckdb", m, f"check --engine duckdb; {note}".rstrip("; "))

    # the rules where the data is: compile's script run in DuckDB on the raw log
    if not args.no_duckdb and has_duckdb() is not None:
        m = measure(
            [PY, str(HERE / "warehouse.py"), "--actors", actors, "--events", events,
             "--as-of", AS_OF],
            timeout=args.timeout,
        )  # fmt: skip
        res.counts["warehouse"] = tool_counts(m.stdout)
        note = f"FAILED exit {m.rc}"
        if m.rc == 0:
            spent = json.loads(m.stdout.strip().splitlines()[-1])["seconds"]
            note = (
                "compile's script in DuckDB on the raw log (read_json "
                f"{spent['read_json']:.2f} s, script {spent['script']:.2f} s; every core)"
            )
        row("warehouse", m, note)

    # verify
    check_row = res.rows.get("check")
    if not args.no_verify and n > args.verify_max:
        res.agreement.append(
            f"not verified: above --verify-max {args.verify_max:,} events the report is "
            "too large for tally.py to load"
        )
    elif (
        not args.no_verify
        and check_row
        and not check_row.extrapolated
        and check_row.note[:6] != "FAILED"
    ):
        report = data / "report.json"
        m = measure([*check, "--output", str(report)], timeout=args.timeout)
        if m.rc in (0, 1):
            t = measure(
                [
                    PY,
                    str(HERE / "tally.py"),
                    str(report),
                    "--expected",
                    str(data / "expected.json"),
                    "--json",
                ]
            )
            got = json.loads(t.stdout)
            res.counts["check"] = got["clauses"]
            if got["differences"]:
                res.agreement.append(
                    "check differs from the generator's intent: "
                    + "; ".join(got["differences"][:10])
                )
            else:
                res.agreement.append(
                    f"check matches the generator's intent (every clause and status; "
                    f"{got['unmatched_events']:,} unmatched events as meant)"
                )
            reasons = ", ".join(f"{v:,} {k}" for k, v in got["unmatched_reasons"].items())
            res.agreement.append(f"unmatched events by reason: {reasons}")
            if "baseline" in res.counts:
                res.agreement.append(
                    compare("baseline", res.counts["baseline"], got["clauses"], ("2", "6", "9"))
                )
            if "duckdb" in res.counts:
                res.agreement.append(
                    compare("duckdb", res.counts["duckdb"], got["clauses"], ("5", "6", "9"))
                )
            if "warehouse" in res.counts:
                every = tuple(sorted(got["clauses"], key=_clause_order))
                res.agreement.append(
                    compare("the warehouse script", res.counts["warehouse"], got["clauses"], every)
                )
            if "check-duckdb" in res.rows:
                res.agreement.append(_same_report(check, report, data))
            # What writing this report costs on its own, with the standard library.
            r = measure([PY, str(HERE / "report_floor.py"), str(report)])
            if r.rc == 0:
                encoded = json.loads(r.stdout)
                row(
                    "report-floor",
                    None,
                    f"json encoding of the report's {encoded['findings']:,} findings alone "
                    "(one process; loading the report not timed)",
                    seconds=encoded["seconds"],
                )
        report.unlink(missing_ok=True)
        for line in res.agreement:
            log("   " + line)
    after = library_digest()
    res.digest = digest if after == digest else f"{digest} -> {after} (changed while measured)"
    return res


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- output


def fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("yes" if ok else "**no**")


def markdown(
    args: argparse.Namespace,
    start: dict[str, float],
    results: list[SizeResult],
    when: str,
    elapsed: float,
    digests: tuple[str, str],
) -> str:
    out = ["# decree_rules: speed and memory at national scale", ""]
    out.append(
        f"Generated by `python benchmarks/run.py{' --big' if args.big else ''}"
        f"{' --sizes ' + args.sizes if args.sizes else ''}` on {when} "
        f"({elapsed / 60:.1f} min in all). Logs: `benchmarks/generate.py --seed {args.seed} "
        f"--years {YEARS} --late-rate {args.late_rate} --missing-rate {args.missing_rate}`; "
        f"check `--as-of {AS_OF}`. How to read this: `benchmarks/README.md`."
    )
    out += ["", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in machine()]
    per_size = {r.digest for r in results}
    if len(per_size) > 1 or any("changed" in d for d in per_size):
        out.append(
            "| library sources per size | "
            + ", ".join(f"{r.size:,}: {r.digest}" for r in results)
            + " |"
        )
    if digests[0] == digests[1]:
        out.append(f"| library sources | digest {digests[0]}, unchanged during the run |")
    else:
        out.append(
            f"| library sources | **changed during the run** (digest {digests[0]} at "
            f"the start, {digests[1]} at the end): the sizes may measure different "
            "code; run again |"
        )

    out += ["", "## Start-up", "", "| what | time | target | met |", "|---|---|---|---|"]
    out.append(
        f"| `decree-rules --help` (min of 7; median {start['help_median']:.3f} s) | "
        f"{start['help_min']:.3f} s | < {TARGET_HELP_S} s | "
        f"{verdict(start['help_min'] < TARGET_HELP_S)} |"
    )
    out.append(f"| `import decree_rules.lang.load` | {start['rules_import'] * 1000:.0f} ms | | |")
    out.append(
        f"| `load_decree()` first call in a process (shipped rules; parser tables cached) | "
        f"{start['rules_first'] * 1000:.0f} ms | < {TARGET_RULES_MS:.0f} ms | "
        f"{verdict(start['rules_first'] * 1000 < TARGET_RULES_MS)} |"
    )
    if "rules_cold" in start:
        out.append(
            "| `load_decree()` first call with no parser cache (the first run on a machine, "
            f"or `DECREE_RULES_CACHE_DIR=''`) | {start['rules_cold'] * 1000:.0f} ms | | |"
        )
    out.append(
        f"| `load_decree()` later calls, mean of 20 | {start['rules_mean'] * 1000:.1f} ms "
        f"| < {TARGET_RULES_MS:.0f} ms | "
        f"{verdict(start['rules_mean'] * 1000 < TARGET_RULES_MS)} |"
    )

    out += [
        "",
        "## Results",
        "",
        "| size | events | actors | tool | seconds | events/s | peak MiB | note |",
        "|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for res in results:
        if res.gen_seconds is not None:
            out.append(
                f"| {res.size:,} | {res.events:,} | {res.actors:,} | generate | "
                f"{fmt_s(res.gen_seconds)} | {res.events / res.gen_seconds:,.0f} | | |"
            )
        tools = (
            "check",
            "check-duckdb",
            "warehouse",
            "floor",
            "report-floor",
            "baseline",
            "duckdb",
        )
        for tool in tools:
            row = res.rows.get(tool)
            if row is None:
                continue
            rate = f"{row.events / row.seconds:,.0f}" if row.seconds else "-"
            secs = fmt_s(row.seconds)
            if row.extrapolated and row.seconds:
                secs = f"~{secs} (extrapolated)"
            peak = f"{row.peak_mib:,.0f}" if row.peak_mib is not None else "-"
            out.append(
                f"| {res.size:,} | {row.events:,} | {row.actors:,} | {tool} | {secs} | "
                f"{rate} | {peak} | {row.note} |"
            )
        if res.twice is not None and res.twice.seconds:
            row = res.twice
            peak = f"{row.peak_mib:,.0f}" if row.peak_mib is not None else "-"
            out.append(
                f"| {res.size:,} twice | {row.events:,} | {row.actors:,} | check | "
                f"{fmt_s(row.seconds)} | {row.events / row.seconds:,.0f} | {peak} | "
                f"the same log twice (ids suffixed), the same registry; {row.note} |"
            )

    by_size = {r.size: r for r in results}

    def seconds(size: int, tool: str) -> tuple[float | None, bool]:
        res = by_size.get(size)
        row = res.rows.get(tool) if res else None
        if row is None or row.seconds is None:
            return None, False
        return row.seconds, row.extrapolated

    out += [
        "",
        "## Ratios and targets",
        "",
        "| measure | value | target | met |",
        "|---|---:|---:|---|",
    ]
    for size in sorted(by_size):
        c, cx = seconds(size, "check")
        f, _ = seconds(size, "floor")
        if c and f:
            target = f"<= {TARGET_FLOOR_RATIO:g}x" if size == 1_000_000 else ""
            met = verdict(c / f <= TARGET_FLOOR_RATIO) if size == 1_000_000 and not cx else "-"
            out.append(
                f"| check / floor at {size:,}{' (extrapolated)' if cx else ''} | "
                f"{c / f:.1f}x | {target} | {met} |"
            )
    for size in sorted(by_size):
        c, _ = seconds(size, "check-duckdb")
        f, _ = seconds(size, "floor")
        if c and f:
            wanted = TARGET_COMPILED_RATIO.get(size)
            target = f"<= {wanted:g}x" if wanted else ""
            met = verdict(c / f <= wanted) if wanted else "-"
            out.append(
                f"| check --engine duckdb / floor at {size:,} | {c / f:.1f}x | {target} | {met} |"
            )
    informational = (
        (
            "warehouse",
            "the warehouse script (read_json and compile's SQL, no report) / floor at {}",
        ),
        ("report-floor", "report floor / floor at {} (encoding the findings alone, one process)"),
    )
    for tool, label in informational:
        for size in sorted(by_size):
            t, _ = seconds(size, tool)
            f, _ = seconds(size, "floor")
            if t and f:
                out.append(f"| {label.format(f'{size:,}')} | {t / f:.1f}x | | - |")
    for size in sorted(by_size):
        b, bx = seconds(size, "baseline")
        c, cx = seconds(size, "check")
        if b and c:
            label = " (EXTRAPOLATED baseline)" if bx or cx else ""
            target = f">= {TARGET_BASELINE_RATIO:g}x" if size == 100_000 else ""
            met = verdict(b / c >= TARGET_BASELINE_RATIO) if size == 100_000 and not bx else "-"
            out.append(f"| baseline / check at {size:,}{label} | {b / c:.1f}x | {target} | {met} |")
    c1, _ = seconds(100_000, "check")
    c2, _ = seconds(1_000_000, "check")
    if c1 and c2:
        ratio_events = by_size[1_000_000].events / by_size[100_000].events
        out.append(
            f"| check time 1M / 100k ({ratio_events:.1f}x the events) | {c2 / c1:.1f}x | "
            f"<= {TARGET_SCALING:g}x | {verdict(c2 / c1 <= TARGET_SCALING)} |"
        )
    c3, x3 = seconds(5_000_000, "check")
    if c2 and c3:
        ratio_events = by_size[5_000_000].events / by_size[1_000_000].events
        out.append(
            f"| check time 5M / 1M ({ratio_events:.1f}x the events)"
            f"{' (extrapolated)' if x3 else ''} | {c3 / c2:.1f}x | | - |"
        )
    for size in sorted(by_size):
        row = by_size[size].rows.get("check")
        if row and row.peak_mib is not None:
            target = f"< {TARGET_PEAK_MIB:,.0f} MiB" if size == 1_000_000 else ""
            met = verdict(row.peak_mib < TARGET_PEAK_MIB) if size == 1_000_000 else "-"
            out.append(
                f"| check peak memory at {size:,} | {row.peak_mib:,.0f} MiB | {target} | {met} |"
            )
    one = by_size.get(1_000_000)
    if one is not None and one.twice is not None:
        first, second = one.rows["check"], one.twice
        if first.peak_mib and second.peak_mib and first.seconds and second.seconds:
            growth = second.peak_mib / first.peak_mib
            out.append(
                f"| check peak memory, the 1M log twice over the same registry "
                f"({second.events / first.events:.1f}x the events) | "
                f"{second.peak_mib:,.0f} MiB ({growth:.2f}x the 1M peak) | bounded: "
                f"<= {TARGET_BOUNDED_GROWTH:g}x | {verdict(growth <= TARGET_BOUNDED_GROWTH)} |"
            )
            out.append(
                f"| check time, the 1M log twice / the 1M log | "
                f"{second.seconds / first.seconds:.1f}x | | - |"
            )
    for size in sorted(by_size):
        d, _ = seconds(size, "duckdb")
        c, cx = seconds(size, "check")
        if d and c:
            out.append(
                f"| duckdb / check at {size:,}{' (extrapolated)' if cx else ''} | "
                f"{d / c:.3f}x (check is {c / d:.0f}x slower) | | - |"
            )

    out += ["", "## Do the tools agree?", ""]
    for res in results:
        for line in res.agreement:
            out.append(f"- {res.size:,}: {line}")
    if not any(res.agreement for res in results):
        out.append("- not verified (`--no-verify`)")
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--big",
        action="store_true",
        help="also 5M events, and the 1M log twice over the same registry",
    )
    parser.add_argument("--sizes", help="comma-separated sizes instead of 10k,100k,1M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--late-rate", type=float, default=0.05)
    parser.add_argument("--missing-rate", type=float, default=0.03)
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "decree_rules_bench",
        help="where generated logs are kept between runs",
    )
    parser.add_argument(
        "--baseline-limit",
        type=float,
        default=600.0,
        help="above 100k, skip the baseline when predicted to take longer",
    )
    parser.add_argument("--timeout", type=float, default=None, help="per check run, seconds")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-duckdb", action="store_true")
    parser.add_argument(
        "--no-verify",
        action="store_true",
        help="skip the second check run that compares the report's counts",
    )
    parser.add_argument(
        "--verify-max",
        type=int,
        default=1_500_000,
        help="verify only logs up to this many events (tally.py loads the whole report)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="run check even when it is predicted not to fit in memory",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [10_000, 100_000, 1_000_000]
    if args.big and 5_000_000 not in sizes:
        sizes.append(5_000_000)
    if has_duckdb() is None and not args.no_duckdb:
        log("duckdb is not installed: its rows are skipped (pip install duckdb)")
    args.cache.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    first_digest = library_digest()
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    log("start-up timings ...")
    start = startup()
    results: list[SizeResult] = []
    for size in sorted(sizes):
        results.append(run_size(size, args.cache, args, results))
    if args.big:
        run_twice_log(args.cache, args, results)
    digests = (first_digest, library_digest())
    if digests[0] != digests[1]:
        log("warning: the library's sources changed during the run; run again")
    text = markdown(args, start, results, when, time.perf_counter() - began, digests)
    sys.stdout.write(text)
    args.out.write_text(text, encoding="utf-8")
    log(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
