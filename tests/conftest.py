"""Hypothesis profiles: ``ci`` (default, reproducible) and ``dev`` (more examples).

Choose one with the environment variable ``HYPOTHESIS_PROFILE``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from system import require_program

# ci: the same examples on every run, so a red build is reproducible; no deadline because
# shared CI machines have noisy timings; print_blob so a failure can be replayed locally.
settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The golden scenario files fail on purpose (tests/test_scenarios.py reads them): the
# plugin that collects *.scenario files must not run them as tests.
collect_ignore_glob = ["golden/*"]


# ---- a real PostgreSQL server ------------------------------------------------------------

PG_BIN = "/usr/lib/postgresql/15/bin"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def postgres_connection(postgres: str) -> Iterator[object]:
    """A psycopg connection (autocommit) to the session's PostgreSQL server, per module."""
    psycopg = pytest.importorskip("psycopg", reason="the PostgreSQL tests need psycopg")
    connection = psycopg.connect(postgres, autocommit=True)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A real PostgreSQL 15 server on 127.0.0.1 for the session (installed with the Debian
    package when missing, run as ``nobody`` under root); its URL. Skips with the reason
    when it cannot start."""
    pytest.importorskip("psycopg")
    pg_ctl = require_program("pg_ctl", package="postgresql", extra_dirs=[PG_BIN])
    initdb = pg_ctl.with_name("initdb")
    folder = Path(tempfile.mkdtemp(prefix="decree-pg-", dir="/tmp"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as a user")
        shutil.chown(folder, "nobody")
        as_user = ["runuser", "-u", "nobody", "--"]
    data, port = folder / "data", _free_port()
    try:
        subprocess.run([*as_user, str(initdb), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8"], check=True, capture_output=True,
                       timeout=120)  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run([*as_user, str(pg_ctl), "-D", str(data), "-o", options,
                        "-l", str(folder / "log"), "-w", "-t", "60", "start"],
                       check=True, capture_output=True, timeout=120)  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started: {exc}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=120, check=False)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
