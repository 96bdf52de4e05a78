"""Writing a report whole or not at all, and never over an input.

:func:`atomic_output` writes to a temporary file beside the target (the same filesystem),
flushes and syncs it, and renames it over the target only when the writing is complete:
a kill, an interrupt or a full disk leaves the previous file as it was, and two writers of
one path each leave a whole file (the last rename wins). The temporary file is
``.<name>.<pid>.<random>.tmp``; one left by a writer that was killed (its process is gone)
is removed by the next write to the same target. A target that is not a regular file (a
device such as ``/dev/null``, a named pipe) is written directly, as it cannot be replaced.

:func:`refuse_inputs` refuses a target that is one of the files the command reads.
:class:`GuardedText` turns a failed write into a
:class:`~decree_rules.core.diagnostics.UsageError` with a code, so a full disk is a message,
not an internal error.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.source import Location

_DEFAULT_MODE = 0o666  # a new file's permission bits before the umask, as open() makes it


class GuardedText:
    """A text stream whose failed writes raise ``error(exc)`` (a
    :class:`~decree_rules.core.diagnostics.UsageError`).

    A closed pipe (:class:`BrokenPipeError`) is passed on as it is: the reader went away,
    which the command line ends quietly.
    """

    def __init__(self, stream: TextIO, error: Callable[[OSError], UsageError]) -> None:
        self._stream = stream
        self._error = error

    def write(self, text: str, /) -> int:
        """Write ``text``; a failure is the :class:`~decree_rules.core.diagnostics.UsageError`
        the stream was given."""
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._error(exc) from None

    def flush(self) -> None:
        """Flush; a failure is the :class:`~decree_rules.core.diagnostics.UsageError` the
        stream was given."""
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._error(exc) from None

    def write_bytes(self, data: bytes, /) -> None:
        """Write ``data`` as they are (a Parquet file), after the text written so far."""
        self.flush()
        try:
            self._stream.buffer.write(data)
            self._stream.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._error(exc) from None


def write_error(
    path: str,
    field: str,
    hint: str | None = None,
    *,
    what: str = "the report",
    code: str = "DR-U001",
) -> Callable[[OSError], UsageError]:
    """The error of ``what`` that cannot be written to ``path`` (``DR-U001`` for a report)."""

    def error(exc: OSError) -> UsageError:
        reason = exc.strerror or str(exc)
        return UsageError(
            f"cannot write {what}: {reason}",
            Location(path, field=field),
            code=code,
            hint=hint,
            args={"path": path, "reason": reason},
        )

    return error


_NEW_FILE_HINT = (
    "the report is written to a new file in the same folder, then renamed over {name}: "
    "the folder must let you make files"
)


def refuse_inputs(
    target: str | os.PathLike[str], inputs: Sequence[tuple[str, str | os.PathLike[str]]], field: str
) -> None:
    """Refuse (``DR-U012``) a ``target`` that is one of ``inputs``, (option, path) pairs.

    The same file is the same (device, inode) when both exist, whatever the names (a
    symbolic or hard link, ``./``); else the same resolved path.
    """
    where = os.fspath(target)
    for option, path in inputs:
        if _same_file(where, os.fspath(path)):
            raise UsageError(
                f"the report would overwrite the file given to {option}",
                Location(where, field=field),
                code="DR-U012",
                hint=f"write the report to another file, e.g. {field} report.json",
                args={"path": where, "input": option, "input_path": os.fspath(path)},
            )


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (or cannot be seen)
        return os.path.realpath(first) == os.path.realpath(second)


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    *,
    field: str = "--output",
    encoding: str = "utf-8",
    what: str = "the report",
    code: str = "DR-U001",
) -> Iterator[GuardedText]:
    """A text stream that replaces ``path`` when the ``with`` block ends without an error.

    The temporary file is made at once, so a folder that cannot be written is found
    before the work starts. On any error, interrupt or signal that ends the block, the
    temporary file is removed and ``path`` is left untouched. It keeps the permission
    bits of the file it replaces (a new file gets the umask's, as ``open()`` gives).
    Errors of the output itself are ``code`` (``DR-U001``), naming ``path`` and ``field``;
    ``what`` says what is written ("the report", "the rule file").
    """
    shown = os.fspath(path)
    errors = functools.partial(write_error, shown, field, what=what, code=code)
    error = errors()
    target = os.path.realpath(shown)  # through a symbolic link: replace what it points to
    existing = _existing(target, error)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        yield from _direct(target, encoding, error)
        return
    stream, temporary = _temporary(target, existing, encoding, errors)
    try:
        yield GuardedText(stream, error)
    except BaseException:
        # After a failed write the buffer may fail again: the first error is the one.
        with contextlib.suppress(OSError):
            stream.close()
        _discard(temporary)
        raise
    try:
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            stream.close()
        _discard(temporary)
        if isinstance(exc, OSError):
            raise error(exc) from None
        raise
    _sync_folder(os.path.dirname(target))


def _existing(target: str, error: Callable[[OSError], UsageError]) -> os.stat_result | None:
    """The file ``target`` names, if there is one; refuse a folder."""
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:  # e.g. a path under a file: "Not a directory"
        raise error(exc) from None
    if stat.S_ISDIR(existing.st_mode):
        raise error(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    return existing


def _temporary(
    target: str,
    existing: os.stat_result | None,
    encoding: str,
    errors: Callable[..., Callable[[OSError], UsageError]],
) -> tuple[TextIO, str]:
    """A new temporary file beside ``target``, open, with the mode ``target`` has or gets;
    ``errors(hint)`` makes the error of a write that fails."""
    error = errors()
    folder, name = os.path.split(target)
    try:
        if existing is not None:  # refuse what open(path, "w") would refuse
            os.close(os.open(target, os.O_WRONLY))
    except OSError as exc:
        raise error(exc) from None
    _remove_stale(folder, name)
    try:
        prefix = f".{name}.{os.getpid()}."
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    except OSError as exc:
        denied = exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
        hint = _NEW_FILE_HINT.format(name=name) if denied and existing is not None else None
        raise errors(hint)(exc) from None
    try:
        _take_mode(handle, existing)
        return open(handle, "w", encoding=encoding), temporary
    except OSError as exc:
        os.close(handle)
        _discard(temporary)
        raise error(exc) from None


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _direct(
    target: str, encoding: str, error: Callable[[OSError], UsageError]
) -> Iterator[GuardedText]:
    try:
        stream = open(target, "w", encoding=encoding)  # noqa: SIM115
    except OSError as exc:
        raise error(exc) from None
    with contextlib.closing(stream):
        guarded = GuardedText(stream, error)
        yield guarded
        guarded.flush()


def _take_mode(handle: int, existing: os.stat_result | None) -> None:
    """Give the temporary file the permission bits (and owner) the target has or would
    have: mkstemp makes it 0600."""
    if existing is None:
        os.fchmod(handle, _DEFAULT_MODE & ~_umask())
        return
    os.fchmod(handle, stat.S_IMODE(existing.st_mode))
    with contextlib.suppress(OSError):  # only root, or the owner for a group of theirs
        os.fchown(handle, existing.st_uid, existing.st_gid)


def _umask() -> int:
    """This process's umask, read without changing it where Linux tells it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale(folder: str, name: str) -> None:
    """Remove the temporary files of earlier writers of ``name`` that were killed."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.[a-z0-9_]+\.tmp\Z")
    try:
        entries = list(os.scandir(folder or "."))
    except OSError:
        return
    for entry in entries:
        found = pattern.match(entry.name)
        if found is None or not process_gone(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_uid == os.getuid():
                os.unlink(entry.path)


def process_gone(pid: int) -> bool:
    """Whether no process ``pid`` runs on this machine (one of another user still runs)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such pid (or none so large)
        return True
    except PermissionError:  # another user's process
        return False
    return False


def _sync_folder(folder: str) -> None:
    """Make the rename durable (best effort: not every system can sync a folder)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder or ".", os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
