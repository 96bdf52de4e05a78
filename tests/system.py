"""Real programs the tests need (Chromium, PostgreSQL, Node.js), installed on demand.

The brief asks for real parts, not mocks: a test that needs a program calls
:func:`require_program`, which finds it on ``PATH`` (or in ``extra_dirs``), installs its
Debian package when the tests run as root and it is missing, and otherwise skips the
test with a message that says what is missing and how to get it. A test never passes
silently without the program.

>>> chromium = require_program("chromium", package="chromium")  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

# apt-get update once per test session, and only when something must be installed.
_UPDATED: list[bool] = []
# An install takes minutes at most on this machine's registries; more means it hangs.
_INSTALL_TIMEOUT_S = 900


def _find(name: str, extra_dirs: Sequence[str]) -> Path | None:
    found = shutil.which(name)
    if found:
        return Path(found)
    for folder in extra_dirs:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _apt_get(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(
        ["apt-get", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=_INSTALL_TIMEOUT_S,
        check=False,
    )


@functools.cache
def _install(package: str) -> str | None:
    """Install a Debian package; return why it could not be, or None."""
    if shutil.which("apt-get") is None:
        return "apt-get is not available (not a Debian system)"
    if os.geteuid() != 0:
        return "the tests do not run as root, so they cannot install Debian packages"
    if not _UPDATED:
        update = _apt_get("update")
        if update.returncode != 0:
            return f"apt-get update failed: {update.stderr.strip()[-300:]}"
        _UPDATED.append(True)
    done = _apt_get("install", "-y", "--no-install-recommends", package)
    if done.returncode != 0:
        return f"apt-get install {package} failed: {done.stderr.strip()[-300:]}"
    return None


def find_program(
    name: str, *, package: str, extra_dirs: Sequence[str] = ()
) -> tuple[Path | None, str]:
    """The program's path (installing ``package`` if needed), or None and why not."""
    found = _find(name, extra_dirs)
    if found is not None:
        return found, ""
    why = _install(package)
    if why is None:
        found = _find(name, extra_dirs)
        if found is not None:
            return found, ""
        why = f"Debian package {package} installed but {name} is still not found"
    return None, f"{name} is missing and could not be installed: {why}"


def require_program(name: str, *, package: str, extra_dirs: Sequence[str] = ()) -> Path:
    """The program's path, or skip the calling test with a clear message."""
    found, why = find_program(name, package=package, extra_dirs=extra_dirs)
    if found is None:
        pytest.skip(f"{why} (install the Debian package {package} to run this test)")
    return found
