#!/usr/bin/env python3
"""Two revisions of the library, timed on the same log in the same run, turn about.

    python benchmarks/compare.py BASE [HEAD] --actors A --events E [--rounds 5]

BASE and HEAD are git revisions of this repository (HEAD defaults to the work tree as it
is). Each is checked out into a temporary worktree and run from its own source with this
interpreter (the dependencies must be installed in it), ``decree-rules check ... --format
json`` and, with ``--text``, ``--format text`` too. The runs alternate (base, head, base,
head, ...) so that the machine's load falls on both alike; the verdict compares medians of
wall time and of CPU time (user + system, all processes). Exit code 1 when HEAD is slower
than ``--limit`` (default 1.10) times BASE on the median CPU time of every format.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _worktree(revision: str, folder: Path) -> Path:
    target = folder / revision.replace("/", "_")
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "-f", str(target), revision],
        check=True,
        capture_output=True,
    )
    return target


def _entry_point(tree: Path) -> str:
    """The ``module:function`` of the tree's ``decree-rules`` console script."""
    config = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
    return str(config["project"]["scripts"]["decree-rules"])


def _run(tree: Path, arguments: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (this child and its children), exit code."""
    module, function = _entry_point(tree).split(":")
    code = f"import sys; from {module} import {function} as m; sys.exit(m(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # From the tree itself: the current folder comes first on the path of "python -c".
    done = subprocess.run([sys.executable, "-c", code, *arguments], env=env, cwd=tree, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the revision to compare against, e.g. HEAD~3")
    parser.add_argument("head", nargs="?", help="the revision to time (default: the work tree)")
    parser.add_argument("--actors", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--as-of", default="2025-12-31")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", help="passed to check --jobs")
    parser.add_argument("--text", action="store_true", help="also time --format text")
    parser.add_argument("--limit", type=float, default=1.10)
    args = parser.parse_args(argv)
    formats = ["json", "text"] if args.text else ["json"]
    with tempfile.TemporaryDirectory(prefix="decree-rules-compare-") as scratch:
        folder = Path(scratch)
        trees = {"base": _worktree(args.base, folder)}
        trees["head"] = _worktree(args.head, folder) if args.head else REPO
        try:
            times = {(side, fmt): ([], []) for side in trees for fmt in formats}
            sizes: dict[tuple[str, str], int] = {}
            for _ in range(args.rounds):
                for fmt in formats:
                    for side, tree in trees.items():
                        out = folder / f"{side}.{fmt}"
                        command = [
                            "check", "--actors", args.actors, "--events", args.events,
                            "--as-of", args.as_of, "--format", fmt, "--output", str(out),
                        ]  # fmt: skip
                        if args.jobs:
                            command += ["--jobs", args.jobs]
                        wall, cpu, code = _run(tree, command)
                        if code not in (0, 1) or not out.exists():
                            print(f"{side} {fmt}: exit code {code}", file=sys.stderr)
                            return 2
                        times[(side, fmt)][0].append(wall)
                        times[(side, fmt)][1].append(cpu)
                        sizes[(side, fmt)] = out.stat().st_size
        finally:
            for tree in trees.values():
                if tree != REPO:
                    subprocess.run(
                        ["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                        check=False,
                        capture_output=True,
                    )
    slower = False
    print(f"| format | side | wall (median of {args.rounds}) | CPU (median) | report bytes |")
    print("|---|---|---|---|---|")
    for fmt in formats:
        for side in trees:
            walls, cpus = times[(side, fmt)]
            print(
                f"| {fmt} | {side} | {statistics.median(walls):.2f} s "
                f"| {statistics.median(cpus):.2f} s | {sizes[(side, fmt)]:,} |"
            )
        wall_ratio = statistics.median(times[("head", fmt)][0]) / statistics.median(
            times[("base", fmt)][0]
        )
        cpu_ratio = statistics.median(times[("head", fmt)][1]) / statistics.median(
            times[("base", fmt)][1]
        )
        print(f"| {fmt} | head/base | {wall_ratio:.3f} | {cpu_ratio:.3f} | |")
        slower = slower or cpu_ratio > args.limit
    return 1 if slower else 0


if __name__ == "__main__":
    raise SystemExit(main())
