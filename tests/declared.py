"""The contract's words of the event log, and rule texts that declare them.

A rule file declares every action, channel, recipient and participant tag its clauses
name. Tests that write small rule texts of their own declare the words with
:func:`declared`, which adds a declaration of each contract word the text names at the
end of the text, so that no line number of the text changes.
"""

from __future__ import annotations

import re

ACTIONS = (
    "reporting_meeting",
    "schedule_published",
    "report_posted",
    "progress_posted",
    "results_reported",
    "forms_approved",
    "schedule_approved",
    "problems_posted",
    "measures_agreed",
)
CHANNELS = ("central_press", "regional_press", "website")
RECIPIENTS = ("presidential_administration", "government", "education_authority")
TAGS = ("public_council", "national_holdings", "government_members")
"""The contract's words (``../shared/spec/contract.md``, section 2), in its order."""

MEETINGS = ("reporting_meeting",)

_KINDS = (("action", ACTIONS), ("channel", CHANNELS), ("recipient", RECIPIENTS))
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:\-]*")
# The words that name a recipient only after 'to' (government is a role too).
_AFTER_TO = re.compile(r"\bto ([A-Za-z_]+)|\bor ([A-Za-z_]+)")


def declaration(kind: str, name: str) -> str:
    """The line declaring ``name``: ``action reporting_meeting "..." is a meeting``."""
    meeting = " is a meeting" if kind == "action" and name in MEETINGS else ""
    return f'{kind} {name} "the {kind} {name}"{meeting}\n'


def declarations(*names: str) -> str:
    """The lines declaring ``names`` (contract words), in the contract's order."""
    lines = [declaration(kind, word) for kind, words in _KINDS for word in words if word in names]
    lines += [declaration("participant", tag) for tag in TAGS if tag in names]
    return "".join(lines)


WORDS = declarations(*ACTIONS, *CHANNELS, *RECIPIENTS, *TAGS)
"""Every word of the contract declared, as the shipped rules declare them."""


def named(text: str) -> set[str]:
    """The contract words ``text`` names (``government`` only as a recipient: ``to ...``)."""
    found = set(_NAME.findall(text)) & {*ACTIONS, *CHANNELS, *RECIPIENTS, *TAGS}
    found.discard("government")
    recipients = {word for pair in _AFTER_TO.findall(text) for word in pair if word}
    return found | (recipients & {"government"})


def declared(text: str, *more: str) -> str:
    """``text`` and, after it, the declarations of the contract words it names and ``more``."""
    words = declarations(*named(text), *more)
    if not words:
        return text
    return text + ("" if text.endswith("\n") or not text else "\n") + words
