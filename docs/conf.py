"""Sphinx configuration for the decree_rules documentation.

Build with::

    sphinx-build -W --keep-going -b html docs /tmp/docs-out

Needs Sphinx and the package's own dependencies (``pip install '.[docs]'``); the theme is
the built-in ``alabaster``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The repository root, so that autodoc imports ``decree_rules`` from this checkout even
# when the package is not installed.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from decree_rules import __version__  # noqa: E402 - needs the path above

project = "decree_rules"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "decree_tables",  # docs/_ext: the tables of step codes and diagnostic codes
    "decree_catalogue",  # docs/_ext: each clause beside its law, with a computed example
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
