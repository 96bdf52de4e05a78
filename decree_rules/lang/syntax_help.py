"""The wording of syntax errors: what was expected, in words, and a valid line to copy.

Lark reports a syntax error as the terminals it could accept (``INT``, ``WITHIN``, ...)
and the token it found. :func:`syntax_error` turns that into a message a rule author can
act on: terminals as words (``a number``, ``'within'``), a whole duration where one is
expected, a character named by its Unicode name (an invisible one said to be invisible),
and a hint with a valid line for the word before the error.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

import attrs
from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from decree_rules.core.diagnostics import RuleSyntaxError
from decree_rules.core.source import Location
from decree_rules.lang.mistakes import mistake_hint

_TERMINAL_WORDS = {
    "NAME": "a name",
    "INT": "a number",
    "STRING": 'a quoted text like "..."',
    "DATE": "a date like 2016-01-01",
    "CLAUSE_ID": "a clause number like 6 or 12.2",
    "MONTH": "a month name like January",
    "$END": "the end of the file",
}

_EXAMPLES = {
    "within": "within 10 calendar days after the meeting ends",
    "least": "at least 10 calendar days before the meeting starts",
    "at": "at least 10 calendar days before the meeting starts",
    "by": "by 15 January   or   by day 10 of the month after the quarter",
    "day": "by day 10 of the month after the quarter",
    "during": "during quarter 2",
    "quarter": "during quarter 2",
    "must": "the same actor must do report_posted on website",
    "do": "the same actor must do report_posted on website",
    "on": "on website   or   on central_press or regional_press",
    "to": "to presidential_administration and to government",
    "each": "for each reporting_meeting by heads",
    "for": "for each reporting_meeting by heads",
    "every": "every year   or   every quarter from the quarter of the first reporting_meeting",
    "clause": 'clause 6 "Report and problem list posted"',
    "text": 'text kk "..."',
    "note": 'note "Counts from the end of the last meeting of the year."',
    "group": "group heads = central_body_head, anticorruption_head, education_head",
    "decree": 'decree "..."',
    "action": 'action minutes_published "the minutes of a meeting published"',
    "channel": 'channel website "the body\'s official internet resource"',
    "recipient": 'recipient government "the Government"',
    "participant": 'participant public_council "the public council of the body"',
    "after": "within 10 calendar days after the meeting ends",
    "before": "at least 10 calendar days before the meeting starts",
    "except": "except body defence",
    "enters": "enters into force on 2016-01-01",
    "repeals": 'repeals decree 615 of 2014-08-15 "..." published "..."',
    "the": "the same actor must ...   or   the meeting ends",
    "counting": "counting civil_code   or   counting civil_code without shift_forward",
    "without": "counting civil_code without shift_forward",
}

_UNITS = ("calendar days", "working days", "months", "years")
_UNITS_TEXT = "a unit: 'calendar days', 'working days', 'months' or 'years'"


@attrs.frozen
class SyntaxWords:
    """The words of one language's syntax errors: its terminals said in words, and a valid
    line to show after each word an error can follow."""

    terminals: dict[str, str]
    examples: dict[str, str]
    line_examples: dict[str, str] = attrs.field(factory=dict)
    """A valid line by the first word of the line, for an error after a word with no
    example of its own (a language whose lines each start with their kind)."""


RULE_WORDS = SyntaxWords(_TERMINAL_WORDS, _EXAMPLES)
"""The words of rule files' syntax errors."""


def syntax_error(
    exc: UnexpectedInput,
    filename: str,
    lines: list[str],
    lark: Lark,
    *,
    following: tuple[int, str] | None = None,
    words: SyntaxWords = RULE_WORDS,
) -> RuleSyntaxError:
    """The error of ``exc``; ``following`` is the line and first word of the next block.

    Its code says what went wrong: ``DR-S001`` a word that does not fit, ``DR-S002`` a
    block that ends before it is complete, ``DR-S003`` a quote never closed, ``DR-S004`` a
    character that no word has; ``args`` hold the words the message lists.
    """
    line = exc.line if exc.line and exc.line > 0 else max(1, len(lines))
    column = exc.column if exc.column and exc.column > 0 else 1
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    previous = _previous_word(source_line, column, lines, line)
    kind = _first_word(source_line, column, lines, line)
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(
            filename, line, column, source_line, (previous, kind), words, lines
        )
    return _unexpected_word(
        exc, filename, lines, lark, following=following, previous=(previous, kind), words=words
    )


def _unexpected_character(  # noqa: PLR0917 - one private call site
    filename: str,
    line: int,
    column: int,
    source_line: str,
    before: tuple[str | None, str | None],
    words: SyntaxWords,
    lines: list[str],
) -> RuleSyntaxError:
    previous = before[0]
    char = source_line[column - 1] if column - 1 < len(source_line) else "?"
    if char == '"':
        opened = _text_left_open(lines, line, column)
        if opened is not None:
            at, col = opened
            return RuleSyntaxError(
                f"this quoted text is never closed: it runs on to line {line}, where the "
                "next line's words were read as part of it",
                Location(filename, at, col),
                code="DR-S003",
                source_line=lines[at - 1],
                hint='close it on this line, "like this"; a text may span lines, but not '
                "swallow the next item",
                args={"runs_to_line": line},
            )
        return RuleSyntaxError(
            "this quoted text is never closed",
            Location(filename, line, column),
            code="DR-S003",
            source_line=source_line,
            hint='texts go in double quotes, "like this"; a quote inside is written \\"',
        )
    message = f"unexpected character {_describe_char(char)}"
    after = previous if previous in words.examples else None
    if after is not None:
        message += f" after '{after}'"
    hint = _hint(
        before, words, default="words are letters, digits and '_'; texts go in double quotes"
    )
    if char.isalpha() and not char.isascii():
        hint = (
            f"names and keywords are written in the Latin letters a-z, digits and '_'; "
            f"'{char}' is not one of them (Kazakh text goes in double quotes)"
        )
    return RuleSyntaxError(
        message,
        Location(filename, line, column),
        code="DR-S004",
        source_line=source_line,
        hint=hint,
        args={
            "character": char,
            "codepoint": f"U+{ord(char):04X}",
            "name": unicodedata.name(char, None),
            "after": after,
        },
    )


def _unexpected_word(
    exc: UnexpectedInput,
    filename: str,
    lines: list[str],
    lark: Lark,
    *,
    following: tuple[int, str] | None,
    previous: tuple[str | None, str | None],
    words: SyntaxWords,
) -> RuleSyntaxError:
    """A word (or the end of the block) where the grammar wants another; ``previous`` is
    the word before it and the first word of its line."""
    where = _Where(exc, lines)
    expected: set[str] = set()
    found: str | None = None  # None: the end of the file, or of the block
    if isinstance(exc, UnexpectedToken):
        expected = set(exc.accepts or exc.expected)
        token = exc.token
        if token.type != "$END":
            found = _shorten(str(token))
            where.found(f"'{found}'", len(str(token).split("\n", 1)[0]))
        elif following is not None:
            # The block ended early: what comes next is the next block, not the file's end.
            where.at_block(following, lines)
        else:
            where.at_end(lines)
    elif isinstance(exc, UnexpectedEOF):
        expected = set(exc.expected)
        if following is not None:
            where.at_block(following, lines)
    wanted, choices = _describe_expected(expected, previous[0], lark, words)
    args: dict[str, object] = {"expected": choices, "found": found}
    if found is None and following is not None:
        args["next_block"] = following[1]
    hint = _hint(previous, words)
    if isinstance(exc, UnexpectedToken) and words is RULE_WORDS:
        known = mistake_hint(exc, lark)
        better = _misspelt_keyword(exc, filename, lines, lark) or _line_cut_short(
            exc, lark, filename, lines, (wanted, args, known)
        )
        if better is not None:
            return better
        hint = known or hint
    return RuleSyntaxError(
        f"expected {wanted}, found {where.found_text}",
        Location(filename, where.line, where.column, length=max(1, where.length)),
        code="DR-S001" if found is not None else "DR-S002",
        source_line=where.source_line,
        hint=hint,
        args=args,
    )


def _misspelt_keyword(
    exc: UnexpectedToken, filename: str, lines: list[str], lark: Lark
) -> RuleSyntaxError | None:
    """The error as a misspelt keyword, if writing a keyword for the word found (or the
    word before it) lets the parser go further: ``withn`` for ``within``."""
    keywords = _keywords(lark)
    suspects: list[tuple[int, int, str]] = []
    if exc.token.type != "$END":
        suspects.append(((exc.line or 1), (exc.column or 1), str(exc.token)))
    before = _word_before(lines, exc.line or 1, exc.column or 1)
    if before is not None:
        suspects.append((before[0], before[1] - len(before[2]), before[2]))
    for line, column, text in suspects:
        if not text.isidentifier() or text in keywords:
            continue
        for keyword in difflib.get_close_matches(text, sorted(keywords), n=3, cutoff=0.75):
            if _parses_further(lines, (line, column, text), keyword, exc, lark):
                return RuleSyntaxError(
                    f"'{text}' is not a word of the rule language here; did you mean '{keyword}'?",
                    Location(filename, line, column, length=len(text)),
                    code="DR-S016",
                    source_line=lines[line - 1] if 0 < line <= len(lines) else "",
                    hint=f"write '{keyword}'",
                    args={"found": text, "keyword": keyword},
                )
    return None


def _keywords(lark: Lark) -> frozenset[str]:
    return frozenset(
        t.pattern.value
        for t in lark.terminals
        if t.pattern.type == "str" and str(t.pattern.value).isalpha()
    )


_CODE = re.compile(r'("(?:[^"\\]|\\.)*")|#.*')


def _word_before(lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    """The last word before ``line``:``column``: its line, the column after it, its text."""
    row = line
    text = lines[row - 1][: column - 1] if 0 < row <= len(lines) else ""
    while row > 0:
        code = _CODE.sub(lambda match: match.group(1) or "", text).rstrip()
        if code:
            word = re.search(r'("(?:[^"\\]|\\.)*"|[^\s"]+)$', code)
            found = word.group(1) if word else code.split()[-1]
            return row, len(code) + 1, found
        row -= 1
        text = lines[row - 1] if row > 0 else ""
    return None


def _parses_further(
    lines: list[str], word: tuple[int, int, str], keyword: str, exc: UnexpectedToken, lark: Lark
) -> bool:
    """Whether the block with ``word`` (line, column, text) replaced by ``keyword`` parses,
    or fails later than ``exc``."""
    line, column, text = word
    if not 0 < line <= len(lines):
        return False
    first = line
    while first > 1 and not _BLOCK_WORD.match(lines[first - 1]):
        first -= 1
    last = line
    while last < len(lines) and not _BLOCK_WORD.match(lines[last]):
        last += 1
    block = list(lines[first - 1 : last])
    row = block[line - first]
    block[line - first] = row[: column - 1] + keyword + row[column - 1 + len(text) :]
    try:
        lark.parse("\n".join(block), start="start")
    except UnexpectedInput as again:
        at = (again.line or 0, again.column or 0)
        if at <= (line - first + 1, column + len(keyword) - 1):
            return False  # the keyword does not fit there either
        if at[0] == line - first + 1:  # back to the columns of the line as written
            at = (at[0], at[1] - (len(keyword) - len(text)))
        return at > ((exc.line or 0) - first + 1, exc.column or 0)
    return True


_BLOCK_WORD = re.compile(r"(decree|group|action|channel|recipient|participant|clause|act)\b")


def _line_cut_short(
    exc: UnexpectedToken,
    lark: Lark,
    filename: str,
    lines: list[str],
    said: tuple[str, dict[str, object], str | None],
) -> RuleSyntaxError | None:
    """A line that stops before it is complete, reported on that line, not on the next.

    ``said`` is what the message says was wanted, its args, and the hint of the labelled
    mistake it is (if it is one)."""
    wanted, args, known = said
    if exc.token.type == "$END" or not exc.line:
        return None
    before = _word_before(lines, exc.line, exc.column or 1)
    if before is None or before[0] == exc.line:
        return None
    if set(exc.accepts or exc.expected) & _block_starters(lark):
        return None  # the block could end there: it is the next line that is wrong
    if exc.token.type not in _item_starters(lark):
        return None  # a name, a number or a text: the line goes on, with a wrong word
    line, end_column, last = before
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    first_word = (source_line.split() or [""])[0]
    return RuleSyntaxError(
        f"expected {wanted} after '{_shorten(last)}', but line {line} ends there",
        Location(filename, line, end_column, length=1),
        code="DR-S017",
        source_line=source_line,
        hint=known
        or _hint(
            (first_word, first_word),
            RULE_WORDS,
            default=f"finish the line: {source_line.strip()} ...",
        ),
        args={**args, "after": last},
    )


@functools.cache
def _item_starters(lark: Lark) -> frozenset[str]:
    """The keywords a line of a clause starts with: when the next line starts with one,
    the line before it stopped short."""
    interactive = lark.parse_interactive('decree "x"\nclause 1 "t"\n', start="start")
    interactive.exhaust_lexer()
    accepted = frozenset(interactive.accepts())  # type: ignore[no-untyped-call]
    return accepted - {"NAME", "$END"}


@functools.cache
def _block_starters(lark: Lark) -> frozenset[str]:
    """The words a block starts with, and the end of the file: where one of them is
    wanted, the block before could end, so its last line was complete."""
    interactive = lark.parse_interactive("", start="start")
    return frozenset(interactive.accepts())  # type: ignore[no-untyped-call]


_ITEM_AFTER_BREAK = re.compile(r"\n[ \t]*(text|note|for|within|at|by|every|the|clause)\b")


def _text_left_open(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """Where an earlier quoted text starts that ran on over a line break into the next
    item (``"Report posted`` then ``text kk "x"``): the quote really left open."""
    upto = "\n".join([*lines[: line - 1], lines[line - 1][: column - 1]])
    texts = list(re.finditer(r'"(?:[^"\\]|\\.)*"', upto, flags=re.DOTALL))
    if not texts or not _ITEM_AFTER_BREAK.search(texts[-1].group()):
        return None
    start = texts[-1].start()
    at = upto.count("\n", 0, start) + 1
    return at, start - (upto.rfind("\n", 0, start) + 1) + 1


class _Where:
    """Where a syntax error is shown, and what it says was found there."""

    def __init__(self, exc: UnexpectedInput, lines: list[str]) -> None:
        self.line = exc.line if exc.line and exc.line > 0 else max(1, len(lines))
        self.column = exc.column if exc.column and exc.column > 0 else 1
        self.source_line = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        self.found_text = "the end of the file"
        self.length = 1

    def found(self, text: str, length: int) -> None:
        self.found_text, self.length = text, length

    def at_block(self, following: tuple[int, str], lines: list[str]) -> None:
        """At the first word of the next block (``following``: its line and word)."""
        self.line, word = following
        self.source_line = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        self.column, self.found_text, self.length = 1, f"'{word}'", len(word)

    def at_end(self, lines: list[str]) -> None:
        """After the last character of the file."""
        self.line = max(1, len(lines))
        self.source_line = lines[self.line - 1] if lines else ""
        self.column = len(self.source_line) + 1


def _describe_expected(
    expected: set[str], previous: str | None, lark: Lark, said: SyntaxWords
) -> tuple[str, list[str]]:
    """What the parser could accept, in words, and the choices those words list."""
    if previous in ("within", "least") and "INT" in expected:
        return "a duration like '10 calendar days'", ["a duration like '10 calendar days'"]
    if "CALENDAR" in expected and "WORKING" in expected:
        return _UNITS_TEXT, list(_UNITS)
    words: list[str] = []
    patterns = {t.name: t.pattern for t in lark.terminals}
    for name in sorted(expected):
        if name in said.terminals:
            words.append(said.terminals[name])
            continue
        pattern = patterns.get(name)
        if pattern is not None and pattern.type == "str":
            words.append(f"'{pattern.value}'")
        else:
            words.append(name.lower())
    words = sorted(set(words), key=lambda w: (not w.startswith("'"), w))
    choices = list(words)
    if len(words) > 8:
        words = [*words[:8], "..."]
    if len(words) == 1:
        return words[0], choices
    return "one of " + ", ".join(words), choices


def _previous_word(source_line: str, column: int, lines: list[str], line: int) -> str | None:
    """The last word before ``column``, on this line or the nearest line above with one."""
    before = _text_before(source_line, column, lines, line)
    words = re.findall(r"[A-Za-z_]+|\S", before)
    return words[-1] if words else None


def _text_before(source_line: str, column: int, lines: list[str], line: int) -> str:
    """The text before ``column``, or the nearest line above that has some (comments
    left out): the line the word before the error is on."""
    before = source_line[: column - 1]
    row = line - 1  # the line above, numbered from 1
    while not before.strip() and row > 0:
        before = lines[row - 1].split("#", 1)[0] if row <= len(lines) else ""
        row -= 1
    return before


def _first_word(source_line: str, column: int, lines: list[str], line: int) -> str | None:
    """The first word of the line the word before the error is on: the kind of line."""
    found = re.match(r"\s*([A-Za-z_]+)", _text_before(source_line, column, lines, line))
    return found.group(1) if found else None


def _hint(
    before: tuple[str | None, str | None], words: SyntaxWords, default: str | None = None
) -> str | None:
    """A valid line for the word before the error, else for the kind of its line."""
    previous, kind = before
    if previous is not None and previous in words.examples:
        return f"a valid line looks like: {words.examples[previous]}"
    if kind is not None and kind in words.line_examples:
        return f"a valid line looks like: {words.line_examples[kind]}"
    return default


def _shorten(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= 40 else first[:37] + "..."


def _describe_char(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    if char.isprintable() and not char.isspace() and name and not _is_invisible(char):
        return f"'{char}' ({code} {name})"
    return f"{code} {name}".rstrip() + " (an invisible character)"


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Cc")


__all__ = ["RULE_WORDS", "SyntaxWords", "syntax_error"]
