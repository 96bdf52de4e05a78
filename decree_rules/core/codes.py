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
    # ---- DR-R: rules that say something impossible ----------------------------------
    # ---- DR-W: warnings about rule files that are still usable ----------------------
    # ---- DR-I: registries, event logs and calendar files -----------------------------
    ("DR-I001", "file does not exist"),
    ("DR-I002", "path is a directory"),
    ("DR-I003", "file not readable: permission denied"),
    ("DR-I004", "file cannot be read"),
    ("DR-I005", "file too large"),
    ("DR-I006", "file not valid UTF-8"),
    ("DR-I007", "record too large"),
    ("DR-I008", "malformed JSON"),
    ("DR-I009", "JSON Lines file holding a JSON value over several lines"),
    ("DR-I010", "record not a JSON object"),
    ("DR-I011", "JSON file not an array"),
    ("DR-I012", "unknown actor"),
    ("DR-I013", "malformed CSV"),
    ("DR-I014", "CSV row with more cells than the header"),
    ("DR-I015", "CSV header naming a column twice"),
    ("DR-I016", "CSV header without a required column"),
    ("DR-I017", "registry without records"),
    ("DR-I018", "missing required field"),
    ("DR-I019", "empty required field"),
    ("DR-I020", "value of the wrong type"),
    ("DR-I021", "control or invisible character"),
    ("DR-I022", "field given twice in a record"),
    ("DR-I023", "unknown role"),
    ("DR-I024", "unknown level"),
    ("DR-I025", "level of an office that is not an akim"),
    ("DR-I026", "unknown time zone"),
    ("DR-I027", "no such date"),
    ("DR-I028", "malformed date or time"),
    ("DR-I029", "year out of range"),
    ("DR-I030", "office that ends before it starts"),
    ("DR-I031", "duplicate id"),
    ("DR-I032", "office that is its own parent"),
    ("DR-I033", "unknown parent"),
    ("DR-I034", "parent that is not an akim"),
    ("DR-I035", "loop of parents"),
    ("DR-I036", "unknown action"),
    ("DR-I037", "event that ends before it starts"),
    ("DR-I038", "malformed period"),
    ("DR-I039", "unknown channel"),
    ("DR-I040", "unknown recipient"),
    ("DR-I041", "unknown participant"),
    ("DR-I042", "event that refers to itself"),
    ("DR-I043", "reference to an unknown event"),
    ("DR-I044", "record that could not be used"),
    ("DR-I045", "CSV cell not a yes/no word"),
    ("DR-I046", "malformed TOML"),
    ("DR-I047", "unknown key"),
    ("DR-I048", "calendar entries not a list of tables"),
    ("DR-I049", "day listed twice"),
    ("DR-I050", "day both off and working"),
    # ---- DR-U: command-line arguments and paths --------------------------------------
)
