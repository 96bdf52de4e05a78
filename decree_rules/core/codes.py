"""The table of diagnostic codes: one stable code for each thing a check can find.

A code never changes meaning and is never reused; a new check gets a new code. Programs
branch on the code (``DR-I012``), people read the message. The documentation's table
(``docs/errors.rst``) is made from :data:`CODES`, and a test checks that every code the
package raises is here and every code here is raised somewhere.

Prefixes: ``DR-S`` syntax of rule files, ``DR-R`` rules that say something impossible,
``DR-W`` warnings about usable rule files, ``DR-I`` registries, event logs and calendar
files, ``DR-U`` command-line arguments and paths, ``DR-T`` scenario files (tests of the
rules).
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
    ("DR-S011", "a number with too many digits"),
    ("DR-S016", "a misspelt keyword"),
    ("DR-S017", "a line that stops before it is complete"),
    # ---- DR-R: rules that say something impossible ----------------------------------
    ("DR-R001", "an unknown role or group"),
    ("DR-R002", "an unknown role"),
    ("DR-R003", "an unknown group"),
    ("DR-R004", "an unknown level of akims"),
    ("DR-R005", "an unknown action"),
    ("DR-R006", "an unknown channel"),
    ("DR-R007", "an unknown recipient"),
    ("DR-R008", "an unknown participant tag"),
    ("DR-R009", "an unknown counting policy"),
    ("DR-R010", "an unknown language"),
    ("DR-R011", "an unknown kind of act"),
    ("DR-R012", "an unknown exemption field"),
    ("DR-R013", "a clause number used twice"),
    ("DR-R014", "a group defined twice"),
    ("DR-R015", "a group named like a role"),
    ("DR-R016", "levels given for a role other than akim"),
    ("DR-R017", "'the nearest ... above' a group that is not of akims"),
    ("DR-R018", "rules without a 'decree' header"),
    ("DR-R019", "a second 'decree' header"),
    ("DR-R020", "a second 'counting' line"),
    ("DR-R021", "a clause with a second scope, '... must ...' line, deadline or qualifier"),
    ("DR-R022", "a clause whose duty is missing a part"),
    ("DR-R023", "a qualifying line in a clause without a duty"),
    ("DR-R024", "a decree with an empty title"),
    ("DR-R025", "a clause without its Kazakh text"),
    ("DR-R026", "rules that never enter into force"),
    ("DR-R027", "a second entry into force"),
    ("DR-R028", "a quarter that does not exist"),
    ("DR-R029", "a fixed date that some years do not have"),
    ("DR-R030", "a day of the month that some months do not have"),
    ("DR-R031", "a term that counts nothing"),
    ("DR-R032", "a yearly deadline without 'every year'"),
    ("DR-R033", "'by day N of the month after ...' without the scope of its period"),
    ("DR-R034", "a term counted from an event without 'for each ...'"),
    ("DR-R035", "'the same actor' or 'the nearest ... above' without 'for each ...'"),
    ("DR-R036", "'that meeting' without 'for each' of an action declared 'is a meeting'"),
    ("DR-R037", "a duty met at the meeting that is not due 'when that meeting is held'"),
    ("DR-R038", "'when that meeting is held' on a duty not met at the meeting"),
    ("DR-R039", "a term counted from a meeting on a duty no meeting creates"),
    ("DR-R040", "'events earlier in the year count' without a window"),
    ("DR-R041", "'one event serves every meeting ...' without a notice"),
    ("DR-R042", "a term longer than a year"),
    ("DR-R055", "an acknowledgement of something that is not a warning code"),
    ("DR-R060", "a word of the event log declared twice"),
    ("DR-R061", "a participant tag declared in the built-in form 'deputy_of:...'"),
    # ---- DR-W: warnings about rule files that are still usable ----------------------
    ("DR-W001", "a duty without a deadline, which can never be violated"),
    ("DR-W002", "a title that says another term than its rule counts"),
    ("DR-W003", "an acknowledgement of a warning the clause does not have"),
    ("DR-W010", "a declared word of the event log that no clause names"),
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
    ("DR-I051", "CSV columns separated by ';' or tabs, not commas"),
    ("DR-I060", "id with a space at its start or end"),
    ("DR-I061", "NaN or Infinity, which are not JSON"),
    ("DR-I062", "parent of an office that cannot have one"),
    ("DR-I063", "parent at a level that is not above the office's"),
    ("DR-I064", "UTC offset that no clock uses"),
    # The holidays package's Kazakh data (decree_rules.time.kazakh_data), read as facts.
    ("DR-I070", "holidays data of a shape decree_rules cannot read"),
    ("DR-I071", "holidays transfer not in its own calendar"),
    ("DR-I072", "holidays day in lieu that names no holiday"),
    # ---- DR-U: command-line arguments and paths --------------------------------------
    ("DR-U001", "the report cannot be written where --output says"),
    ("DR-U002", "the intermediate files cannot be written (--work-dir)"),
    ("DR-U003", "an unknown time zone (--tz)"),
    ("DR-U004", "an unknown counting policy (--counting)"),
    ("DR-U005", "--counting is not a list of policy names"),
    ("DR-U006", "a term without a length (--days, --working-days, --months, --years)"),
    ("DR-U007", "a date-time where a date is wanted (--by)"),
    ("DR-U008", "not a period like 2020-Q4 (--quarter)"),
    ("DR-U009", "a day a month cannot have (--day-of-next-month)"),
    ("DR-U010", "a period without a day of the next month, and not a quarter"),
    ("DR-U011", "not a date or a date-time (--after, --before, --by)"),
    ("DR-U012", "--output names a file the check reads (--actors, --events, --calendar, --rules)"),
    ("DR-U013", "standard output cannot be written (a full disk, /dev/full, a failing device)"),
    ("DR-U080", "a Kazakh or Russian report, and Babel not installed (the i18n extra)"),
    ("DR-U081", "not a language the reports are written in (en, kk, ru)"),
    ("DR-U020", "a date before the decree came into force (--as-of)"),
    ("DR-U021", "a date after the last year of the working-day calendar (--as-of)"),
    ("DR-U022", "a date outside the calendar's years (--after, --before, --by, --quarter)"),
    ("DR-U023", "a term longer than a year, or negative (--days, --months, ...)"),
    ("DR-U030", "format --write without the rule files to rewrite"),
    ("DR-U031", "a rule file that format --write cannot rewrite"),
    ("DR-U032", "a workspace file (decree-rules.toml) that is not valid TOML"),
    ("DR-U033", "an unknown key in a workspace file"),
    ("DR-U034", "a workspace path that is not a text"),
    ("DR-U035", "a workspace path that does not exist"),
    ("DR-U036", "init into a folder that is not new or empty"),
    ("DR-U037", "a workspace that cannot be written"),
    ("DR-U038", "a clause the rules do not have (--clause)"),
    ("DR-U039", "an office the registry does not have (--actor)"),
    ("DR-U040", "not a status (--status)"),
    # ---- DR-T: scenario files, the tests legal staff write ----------------------------
    ("DR-T001", "a date in a scenario that does not exist"),
    ("DR-T002", "a scenario with two 'as of' dates"),
    ("DR-T003", "an unknown field on an office or event line"),
    ("DR-T004", "a field given twice on one line"),
    ("DR-T005", "a list given for a field that takes one value"),
    ("DR-T006", "a clause the rules do not have"),
    ("DR-T007", "an expectation about an office the scenario does not list"),
    ("DR-T008", "an expectation about a clause outside the scenario's 'clauses'"),
    ("DR-T009", "an expectation about an event the scenario does not list"),
    ("DR-T010", "a scenario without an 'as of' date"),
    ("DR-T011", "a folder with no scenario files"),
)
