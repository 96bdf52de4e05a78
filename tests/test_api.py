"""The package's public names: importable from the top, and the right objects."""

from __future__ import annotations

import importlib
import subprocess
import sys

import decree_rules


def test_every_public_name_resolves() -> None:
    for name in decree_rules.__all__:
        assert getattr(decree_rules, name) is not None, name


def test_functions_are_not_shadowed_by_their_modules() -> None:
    importlib.import_module("decree_rules.engine.evaluate")
    importlib.import_module("decree_rules.lang.validate")
    from decree_rules import evaluate, load_decree, validate

    for function in (evaluate, validate, load_decree):
        assert callable(function) and not hasattr(function, "__path__")
        assert function.__module__.startswith("decree_rules.")


def test_importing_the_package_does_not_load_the_heavy_stages() -> None:
    code = (
        "import sys, decree_rules, decree_rules.apps.cli; "
        "heavy = {'lark', 'holidays', 'decree_rules.engine.evaluate'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_all_lists_exactly_the_lazy_exports() -> None:
    exported = set(decree_rules.__all__) - {"__version__"}
    assert exported == set(decree_rules._EXPORTS)
