"""Sphinx configuration for the decree_rules documentation.

Build with::

    sphinx-build -W --keep-going -b html docs /tmp/docs-out

Only Sphinx itself is needed (the built-in ``alabaster`` theme, no other extensions).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# The repository root, so that autodoc imports ``decree_rules`` from this checkout even
# when the package is not installed.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decree_rules import __version__  # noqa: E402 - needs the path above

project = "decree_rules"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

# The package's own dependencies are mocked only when they are missing, so the API pages
# build on a machine that has Sphinx and nothing else. With the dependencies installed
# (``pip install '.[docs]'``) the real modules are used.
autodoc_mock_imports = [
    name
    for name in ("lark", "attrs", "holidays", "tzdata")
    if importlib.util.find_spec(name) is None
]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": True}

nitpicky = False

exclude_patterns = ["_build"]
templates_path: list[str] = []

html_theme = "alabaster"
html_title = "decree_rules"
html_theme_options = {
    "description": "The Kazakh presidential decree on reporting meetings, as rules",
    "fixed_sidebar": False,
}
