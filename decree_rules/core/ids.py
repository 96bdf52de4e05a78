"""Ids of offices and events: one written form, one order, one way to show them.

* :func:`same_form`: an id as it is compared. Two ids that differ only by their Unicode
  normalisation (a Kazakh ``ә`` or a Cyrillic ``й`` composed, or as a letter and a
  combining mark) look the same and are the same id: every id is read in NFC.
* :func:`natural_key` and :func:`tie_key`: the order of ids where the time of events
  does not decide, the way people count (``e2`` before ``e10``), then the exact text; so a
  report depends on what a log says, not on the order of its lines.
* :func:`shown_id`: an id as a report shows it among other words, quoted when it holds
  something that could pass for the report's own layout (``|``, spaces at its ends, an
  invisible character).

>>> sorted(["e10", "e2", "e02", "e1"], key=tie_key)
['e1', 'e02', 'e2', 'e10']
>>> shown_id("akim.x"), shown_id("akim.x | 2020")
('akim.x', '"akim.x | 2020"')
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Final

__all__ = ["natural_key", "same_form", "shown_id", "tie_key"]


def same_form(text: str) -> str:
    """``text`` in Unicode normalisation form NFC (as is when it is ASCII: most ids are)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# ASCII digits only: str.isdigit() is also true of '²', which int() cannot read.
_DIGITS: Final = re.compile(r"([0-9]+)")


# Most ids are a word and a number (e123): their key is made without splitting.
_WORD_NUMBER: Final = re.compile(r"([^0-9]*)([0-9]+)").fullmatch


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """Sorts ids the way people count: e2 before e10 (``e02`` and ``e2`` are equal here)."""
    simple = _WORD_NUMBER(text)
    if simple is not None:  # what the split below gives for it, made at once
        return ((0, simple[1]), (int(simple[2]), ""), (0, ""))
    return tuple(
        (int(part), "") if index % 2 else (0, part)
        for index, part in enumerate(_DIGITS.split(text))
    )


def tie_key(text: str) -> tuple[tuple[tuple[int, str], ...], str]:
    """A total order of ids: :func:`natural_key`, then the text itself (``e02`` before ``e2``)."""
    return natural_key(text), text


# What cannot stand bare among the columns of a text report: the column mark, quotes
# and backslashes (a bare id could then pass for a quoted one), and any character that
# is not printable or is a space at either end.
_PLAIN: Final = re.compile(r'[^|"\\]*')
# Most ids are letters, digits and a few marks: those are shown as they are at once.
_SAFE: Final = re.compile(r"[\w.:\-/@+]+").fullmatch


def shown_id(text: str) -> str:
    """``text`` as is when it can stand among other words unmistakably, else JSON-quoted
    with every character that is not printable written as an escape (``\\u2028``)."""
    if _SAFE(text) is not None:
        return text
    if (
        text
        and text.isprintable()
        and not text[0].isspace()
        and not text[-1].isspace()
        and _PLAIN.fullmatch(text)
    ):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else json.dumps(ch)[1:-1] for ch in quoted)
