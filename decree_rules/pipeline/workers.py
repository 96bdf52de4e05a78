"""The worker processes and the work folder of a check: neither outlives the check.

Workers die with the process that started them: on Linux the kernel kills them when it
ends (``prctl(PR_SET_PDEATHSIG, SIGKILL)``), even by ``SIGKILL``; elsewhere a thread in
each worker watches for its parent to change. They ignore ``SIGINT`` (the terminal sends
Ctrl-C to every process of the command; the main process alone handles it), and when
the check stops with an error or an interrupt they are killed at once rather than
awaited.

The work folder is ``decree-rules-<pid>-<random>`` in the work dir. It is removed when the
check ends, however it ends, except when the process is killed outright (``SIGKILL``,
a power cut); such a folder is removed by the next check that uses the same work dir,
once no process with its pid runs on the machine that made it.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from decree_rules.io.output import process_gone

FOLDER_PREFIX = "decree-rules-"
"""Every work folder's name starts so: ``decree-rules-<pid>-<random>``."""

_OWNER = ".owner"  # in each work folder: the name of the machine that made it
_FOLDER = re.compile(rf"{re.escape(FOLDER_PREFIX)}(\d+)-[a-z0-9_]+\Z")
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_WATCH_SECONDS = 0.5


@contextlib.contextmanager
def work_folder(base: str) -> Iterator[Path]:
    """A new work folder in ``base``, removed after; stale ones of dead checks go first."""
    remove_stale_folders(base)
    with tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", dir=base) as made:
        folder = Path(made)
        (folder / _OWNER).write_text(socket.gethostname(), encoding="utf-8")
        yield folder


def remove_stale_folders(base: str) -> list[str]:
    """Remove the work folders in ``base`` of checks that were killed; their names.

    Only folders of this user, made on this machine by a process that no longer runs.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed  # making the new folder says what is wrong with base
    host = socket.gethostname()
    for entry in entries:
        found = _FOLDER.match(entry.name)
        if found is None or not process_gone(int(found.group(1))):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat().st_uid != os.getuid():
                continue
            if Path(entry.path, _OWNER).read_text(encoding="utf-8") != host:
                continue
        except (OSError, UnicodeDecodeError):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(entry.path)
    return removed


@contextlib.contextmanager
def worker_pool(
    workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes (forked where the system can) that die with this one.

    The processes are started at once. Left normally, the pool finishes its work and
    stops; left by an exception (an error, Ctrl-C, a signal turned into an exception), its
    workers are killed first.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start,
        initargs=(os.getpid(), initializer, initargs),
    )
    try:
        # Forked with the stop signals blocked: a Ctrl-C at that moment waits until the
        # worker ignores it, rather than stopping the worker with this process's handler.
        with _stop_signals_blocked():
            started = pool.submit(_ready)
        started.result()
        yield pool
    except BaseException:
        kill_workers(pool)
        raise
    pool.shutdown(wait=True)


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's processes now (they may be writing), then release the pool."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    # An interrupted pool.map() has cancelled its futures already. Seeing the workers die,
    # the pool's own thread marks every pending future failed, and one cancelled raises
    # InvalidStateError there, printed as a traceback (CPython 3.11's terminate_broken
    # does not skip done futures): drop those first, so the stop stays quiet.
    pending = getattr(pool, "_pending_work_items", None) or {}
    for key, item in list(pending.items()):
        if item.future.done():
            pending.pop(key, None)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)


def _ready() -> None:
    """Nothing: submitted once so that the pool starts its processes."""


def _stop_signals() -> set[signal.Signals]:
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    return {getattr(signal, name) for name in names if hasattr(signal, name)}


@contextlib.contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _stop_signals())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _start(parent: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    """The first thing a worker does: die with ``parent``, leave Ctrl-C to it, then
    ``initializer(*initargs)``."""
    for number in _stop_signals():  # not the parent's handlers: Ctrl-C is its; end on others
        signal.signal(number, signal.SIG_IGN if number == signal.SIGINT else signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked with them blocked
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _stop_signals())
    if not _die_with_parent():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the kernel was told
        os._exit(1)
    initializer(*initargs)


def _die_with_parent() -> bool:
    """Ask Linux to kill this process when its parent ends; whether it could."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    """Where the kernel cannot be asked: end this worker once its parent is gone."""
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)
