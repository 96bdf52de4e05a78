"""The table of diagnostic codes: one stable code for each thing a check can find.

A code never changes meaning and is never reused; a new check gets a new code. Programs
branch on the code (``DR-I012``), people read the message. The documentation's table
(``docs/errors.rst``) is made from :data:`CODES`, and a test checks that every code the
package raises is here and every code here is raised somewhere.

Prefixes: ``DR-S`` syntax of rule files, ``DR-R`` rules that say something impossible,
``DR-W`` warnings about usable rule files, ``DR-I`` registries, event logs and calendar
files, ``DR-U`` command-line arguments and paths.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class CodeInfo:
    """A code and what it means, for the table in the docs."""

    code: str
    title: str


def _table(*rows: tuple[str, str]) -> dict[str, CodeInfo]:
    table: dict[str, CodeInfo] = {}
    for code, title in rows:
        if code in table:
            raise ValueError(f"code {code} is defined twice")
        table[code] = CodeInfo(code, title)
    return table


# Used only until every raise site names its own code (a test lists any that do not).
UNCLASSIFIED = "DR-E000"
UNCLASSIFIED_SYNTAX = "DR-S000"
UNCLASSIFIED_RULE = "DR-R000"
UNCLASSIFIED_WARNING = "DR-W000"
UNCLASSIFIED_INPUT = "DR-I000"
UNCLASSIFIED_USAGE = "DR-U000"

CODES: dict[str, CodeInfo] = _table(
    # ---- DR-S: rule files that do not follow the grammar ----------------------------
    ("DR-S001", "a word that does not fit where it stands in a rule file"),
    ("DR-S002", "a block of a rule file ends before it is complete"),
    ("DR-S003", "a quoted text that is never closed"),
    ("DR-S004", "a character that is no part of any word of the language"),
    ("DR-S005", "a rule file that is not UTF-8"),
    ("DR-S006", "rules too large to parse"),
    ("DR-S007", "no such rule file or folder"),
    ("DR-S008", "a folder without rule files"),
    ("DR-S009", "a rule file that cannot be read"),
    ("DR-S010", "a date that does not exist"),
    # ---- DR-R: rules that say something impossible ----------------------------------
    # ---- DR-W: warnings about rule files that are still usable ----------------------
    # ---- DR-I: registries, event logs and calendar files -----------------------------
    # ---- DR-U: command-line arguments and paths --------------------------------------
)
