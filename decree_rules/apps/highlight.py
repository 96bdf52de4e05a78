"""Pygments lexers of rule files (``decree-rules``) and scenario files (``decree-scenario``).

Registered as Pygments plugins (the entry points ``pygments.lexers`` in
``pyproject.toml``): ``pygmentize -l decree-rules rules/decree.rules`` highlights the
decree, a ``*.rules`` or ``*.scenario`` file is recognised by its name, and Sphinx's
``.. code-block:: decree-rules`` uses them. The keywords are those of the grammars
(``grammar/decree.lark``, ``grammar/scenario.lark``); ``tests/test_highlight.py`` checks
that they stay the same. Needs the extra ``[highlight]`` (Pygments); nothing else in the
package imports this module.
"""

from __future__ import annotations

from typing import ClassVar

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (
    Comment,
    Keyword,
    Literal,
    Name,
    Number,
    Punctuation,
    String,
    Whitespace,
)

RULE_KEYWORDS = (
    "a", "above", "acknowledge", "act", "action", "actor", "added", "after", "amended",
    "and", "at", "attend", "before", "by", "calendar", "channel", "clause", "conditions",
    "count", "counting", "dated", "day", "days", "deadline", "decree", "deputy", "do",
    "during", "duty", "each", "earlier", "ends", "ensure", "enters", "event", "events",
    "every", "except", "first", "fits", "follows", "for", "force", "from", "group", "held",
    "in", "includes", "into", "is", "it", "its", "last", "least", "may", "meet", "meeting",
    "month", "months", "must", "names", "nearest", "no", "note", "number", "of", "on",
    "once", "one",
    "open", "or", "participant", "period", "person", "preamble", "published", "quarter",
    "received", "recipient", "repealed", "repeals", "report", "runs", "same", "serves",
    "starts", "straddles", "term", "text", "that", "the", "title", "to", "together",
    "under", "videoconference", "when", "with", "within", "without", "working", "year",
    "years",
)  # fmt: skip
"""Every keyword of ``grammar/decree.lark``."""

SCENARIO_KEYWORDS = (
    "and", "as", "at", "by", "clause", "clauses", "date", "due", "event", "evidence",
    "expect", "finding", "findings", "for", "in", "is", "no", "note", "of", "office",
    "other", "scenario", "triggered", "unmatched",
)  # fmt: skip
"""Every keyword of ``grammar/scenario.lark``."""

STATUSES = ("fulfilled", "late", "violated", "pending", "exempt")

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

_NAME = r"[A-Za-z_][A-Za-z0-9_.:\-]*"
_AFTER_NAME = r"(?![\w.:\-])"
_STRING = r'"(?:[^"\\]|\\.)*"'


class RulesLexer(RegexLexer):
    """Rule files: keywords, declared names, clause numbers, quoted texts, comments."""

    name = "decree-rules"
    aliases: ClassVar[list[str]] = ["decree-rules"]
    filenames: ClassVar[list[str]] = ["*.rules"]
    mimetypes: ClassVar[list[str]] = ["text/x-decree-rules"]
    url = "https://example.invalid/decree_rules"

    tokens: ClassVar[dict[str, list[tuple[object, ...]]]] = {
        "root": [
            (r"[ \t\r\n]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (_STRING, String.Double),
            (r"^(clause)([ \t]+)([0-9]+(?:\.[0-9]+)*)", bygroups(Keyword, Whitespace, Name.Label)),
            (rf"^(group)([ \t]+)({_NAME})", bygroups(Keyword, Whitespace, Name.Class)),
            (
                rf"^(action|channel|recipient|participant)([ \t]+)({_NAME})",
                bygroups(Keyword, Whitespace, Name.Function),
            ),
            (r"DR-[A-Z][0-9]{3}" + _AFTER_NAME, Name.Exception),
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", Literal.Date),
            (words(MONTHS, suffix=_AFTER_NAME), Name.Constant),
            (words(RULE_KEYWORDS, prefix=r"(?<![\w.:\-])", suffix=_AFTER_NAME), Keyword),
            (r"[0-9]+(?:\.[0-9]+)*", Number.Integer),
            (_NAME, Name),
            (r"[=,]", Punctuation),
        ],
    }


_WHEN = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+\-][0-9]{2}:[0-9]{2})?)?"
)


class ScenarioLexer(RegexLexer):
    """Scenario files: keywords, statuses, dates and times, ids, quoted texts, comments."""

    name = "decree-scenario"
    aliases: ClassVar[list[str]] = ["decree-scenario"]
    filenames: ClassVar[list[str]] = ["*.scenario"]
    mimetypes: ClassVar[list[str]] = ["text/x-decree-scenario"]
    url = "https://example.invalid/decree_rules"

    tokens: ClassVar[dict[str, list[tuple[object, ...]]]] = {
        "root": [
            (r"[ \t\r\n]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (_WHEN + r"(?![\w.\-])", Literal.Date),
            (r"[0-9]{4}-Q[1-4](?![\w.\-])", Literal.Date),
            (words(STATUSES, suffix=r"(?![\w.:\-])"), Keyword.Constant),
            (words(SCENARIO_KEYWORDS, prefix=r"(?<![^\s,:])", suffix=r"(?![^\s,:\"#])"), Keyword),
            (r"[0-9]+(?:\.[0-9]+)*(?![^\s,:\"#])", Number.Integer),
            (r'[^\s,:"#]+(:[^\s,:"#]+)*', Name),
            (r"[,:]", Punctuation),
        ],
    }


__all__ = ["RULE_KEYWORDS", "SCENARIO_KEYWORDS", "RulesLexer", "ScenarioLexer"]
