"""The layer contract (``[tool.importlinter]`` in pyproject.toml) holds, and would catch a
lower layer importing a higher one.

The check runs ``lint-imports`` on a copy of the package, so that a copy with one bad
import added can show that the contract is not a formality.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LAYERS = ("core", "lang", "time", "io", "engine", "explain", "report", "pipeline", "apps")


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    lint = shutil.which("lint-imports", path=os.path.dirname(sys.executable))
    if lint is None:
        pytest.skip("lint-imports is not installed: pip install '.[test]' installs it")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [lint, "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "decree_rules", tree / "decree_rules", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_every_subpackage_is_a_layer_in_the_contract() -> None:
    found = {p.name for p in (ROOT / "decree_rules").iterdir() if (p / "__init__.py").exists()}
    assert found == set(LAYERS)
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f"layers = {list(reversed(LAYERS))!r}".replace("'", '"') in config


def test_the_package_keeps_the_contract(tmp_path: Path) -> None:
    result = _lint_imports(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import"),
    [
        ("core/vocabulary.py", "import decree_rules.apps.cli"),
        ("engine/evaluate.py", "from decree_rules.report import writers"),
        ("lang/model.py", "import decree_rules.time.zones"),
    ],
)
def test_a_lower_layer_importing_a_higher_one_breaks_it(
    tmp_path: Path, module: str, bad_import: str
) -> None:
    tree = _copy(tmp_path)
    target = tree / "decree_rules" / module
    text = target.read_text(encoding="utf-8")
    # After the module's docstring and `from __future__`, where an import may stand.
    anchor = "from __future__ import annotations\n"
    assert anchor in text
    target.write_text(text.replace(anchor, anchor + bad_import + "\n", 1), encoding="utf-8")
    result = _lint_imports(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "0 kept, 1 broken" in result.stdout
    importer = "decree_rules." + module.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout


def test_no_module_of_the_package_is_over_800_lines() -> None:
    """A module that grows past this holds several jobs: split it along its seams."""
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "decree_rules").rglob("*.py")
    }
    assert {path: size for path, size in sizes.items() if size > 800} == {}
