"""Sphinx configuration for the decree_rules documentation.

Build with::

    sphinx-build -W -n --keep-going -b html docs /tmp/docs-out

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
    "decree_tables",  # docs/_ext: the tables of step codes and diagnostic codes
    "decree_catalogue",  # docs/_ext: each clause beside its law, with a computed example
]


autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": True}

# Every cross-reference must resolve (the suite builds with -W -n). The documentation is
# built offline, without intersphinx, so names of the standard library and of the other
# packages cannot resolve and are let through: everything of decree_rules must.
nitpicky = True
_OUTSIDE = (
    "_typeshed|argparse|attr|attrs|babel|collections|concurrent|contextlib|datetime|enum|"
    "gettext|holidays|hypothesis|icalendar|io|lark|lsprotocol|os|pathlib|psycopg|pyarrow|"
    "pygls|pygments|re|socket|sqlite3|starlette|threading|tomllib|types|typing|uvicorn|"
    "zoneinfo|builtins|json|signal|subprocess|multiprocessing|queue|decimal|ipaddress"
)
nitpick_ignore_regex = [
    (r"py:.*", rf"({_OUTSIDE})(\..*)?"),
    # Private helpers (a leading underscore) are not documented, nor typeshed's protocols.
    (r"py:.*", r"decree_rules(\.\w+)*\._\w+"),
    (r"py:.*", r"SupportsWrite"),
    # Names a module imports only for type checking: autodoc sees the bare name.
    (r"py:class", r"Comparison|ProgressLine|Commands|date|CompiledBackend"),
    # The enum members autodoc shows in a default value (Counting's policies).
    (r"py:class", r"'\w+'>(}\)\))?"),
]

exclude_patterns = ["_build"]
templates_path: list[str] = []

html_theme = "alabaster"
html_title = "decree_rules"
html_theme_options = {
    "description": "The Kazakh presidential decree on reporting meetings, as rules",
    "fixed_sidebar": False,
}
