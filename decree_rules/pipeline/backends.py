"""The engine a check runs on, made and closed around one evaluation."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from decree_rules.engine.evaluate import PartResult, evaluate_part

if TYPE_CHECKING:
    from decree_rules.engine.compiled import CompiledBackend


MEMORY_LIMIT = "1GB"
"""DuckDB's ``memory_limit`` for each partition's database in a check."""


@contextlib.contextmanager
def compiled_backend(engine: str) -> Iterator[CompiledBackend | None]:
    """The compiled engine's backend for ``engine`` ``"duckdb"`` (closed after), else None
    (the Python engine decides every clause)."""
    if engine != "duckdb":
        yield None
        return
    from decree_rules.engine.compiled import CompiledBackend

    # One thread per database: a check already runs one partition per core, and each
    # partition's SQL takes a fraction of a second; more threads only add memory. The
    # limit caps DuckDB's own memory per partition (it spills to the temporary folder
    # past it): the 1 GiB, far above what a partition of 1M events needs.
    backend = CompiledBackend(threads=1, memory_limit=MEMORY_LIMIT)
    try:
        yield backend
    finally:
        backend.close()


def evaluate_on(engine: str, *args: Any, **kwargs: Any) -> PartResult:
    """:func:`~decree_rules.engine.evaluate.evaluate_part` on ``engine``."""
    with compiled_backend(engine) as backend:
        return evaluate_part(*args, backend=backend, **kwargs)
