"""The lossless formatter: a rule file in the canonical layout, every comment kept.

The layout: each block (``decree``, ``group``, ``action``, ``clause``, ...) starts at the
margin, each of its items (``text``, ``note``, ``for each ...``, the deadline, ...) on a line
of its own two spaces in, one space between words, none before a comma, one blank line
between blocks (the declarations of words may follow each other line by line, as in a
glossary: a blank line between two of them is kept, none is added).
A blank line the author left between two items of a block is kept (several become one);
every comment stays where it was: a comment on its own line stays on its own line, before
the same item or block; a comment at the end of a line stays at the end of that line.

It works on the parse tree's item boundaries, not on the model, so the order of blocks and
items is the author's, quoted texts are kept exactly as written, and a new kind of item in
the grammar is laid out without a change here. ``parse(format_source(x)) == parse(x)`` and
``format_source(format_source(x)) == format_source(x)``.

>>> print(format_source('group heads=central_body_head ,rector   # who\\n note "x"'), end="")
group heads = central_body_head, rector  # who
  note "x"
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs
from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from decree_rules.lang import grammar
from decree_rules.lang.parse import parse_blocks

_INDENT = "  "
_HEADER_PARTS = frozenset({"roles", "levels", "is_meeting"})
"""Subtrees that continue a block's first line rather than start an item."""
_WORDS = frozenset({"action_word", "channel_word", "recipient_word", "participant_word"})
"""The declarations of words: one may follow another on the next line, as in a glossary."""

# A quoted text (which may hold '#' and line breaks), a comment, or code up to either.
_SCAN = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*|[^"#]+|"', re.DOTALL)
_WORD = re.compile(r'"(?:[^"\\]|\\.)*"|[=,]|[^\s=,"]+', re.DOTALL)


@attrs.frozen
class _Comment:
    start: int
    line: int
    text: str
    own_line: bool
    indented: bool


@attrs.frozen
class _Piece:
    """A block's first line or one of its items: where it is, and its words."""

    start: int
    end: int
    line: int
    end_line: int
    text: str
    item: bool


def format_source(text: str, filename: str = "<rules>") -> str:
    """``text`` in the canonical layout; raises the file's syntax errors if it has any."""
    try:
        tree = grammar.parser().parse(text, start="start")
    except UnexpectedInput:
        parse_blocks(text, filename)  # raises every syntax error, located
        raise

    comments = list(_comments(text))
    out = _Writer()
    position = 0
    previous = ""
    for block in tree.children:
        assert isinstance(block, Tree)
        pieces = list(_pieces(block, text))
        first = pieces[0]
        glossary = previous in _WORDS and block.data in _WORDS
        out.between_blocks(_taking(comments, position, first.start), first.line, glossary)
        previous = str(block.data)
        for piece in pieces:
            # The comments since the last piece's line, and those within this piece.
            inside = _taking(comments, max(position, first.start), piece.end)
            trailing = _trailing(comments, text, piece)
            if piece.item:
                out.item(piece, inside, trailing)
            else:
                out.header(piece, inside, trailing)
            position = _line_end(text, piece.end)
    out.after_last(_taking(comments, position, len(text)))
    return out.text()


class _Writer:
    """The output lines, and the line of the source that the last of them came from."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.last_line = 0  # source line of what was written last

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n" if self.lines else ""

    def _blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def _gap(self, line: int) -> None:
        """A blank line if the source has one between what was written last and ``line``."""
        if self.last_line and line > self.last_line + 1:
            self._blank()

    def _comment(self, comment: _Comment, indent: str) -> None:
        self._gap(comment.line)
        self.lines.append(indent + comment.text)
        self.last_line = comment.line

    def between_blocks(
        self, comments: list[_Comment], block_line: int, glossary: bool = False
    ) -> None:
        """The comments before a block (kept in their groups), then one blank line at least;
        for a declaration after a declaration (``glossary``), a blank line if there was one."""
        if not glossary:
            self._blank()
        for comment in comments:
            indent = _INDENT if comment.own_line and self._in_block(comment) else ""
            if comment.own_line:
                self._comment(comment, indent)
            else:
                self.lines[-1 if self.lines[-1] else -2] += "  " + comment.text
        self._gap(block_line)
        if glossary and not comments:
            return
        if self.lines and self.lines[-1] and not self._touching(block_line):
            self._blank()

    def _in_block(self, comment: _Comment) -> bool:
        # A comment right under a block's last item, indented, is the block's last word.
        return (
            comment.indented
            and bool(self.lines)
            and self.lines[-1].startswith(_INDENT)
            and comment.line == self.last_line + 1
        )

    def _touching(self, line: int) -> bool:
        """Whether the comment written last sits right above ``line`` (it heads the block)."""
        return (
            bool(self.lines)
            and not self.lines[-1].startswith(_INDENT)
            and (self.last_line == line - 1)
        )

    def header(self, piece: _Piece, inside: list[_Comment], trailing: _Comment | None) -> None:
        for comment in inside:
            self.lines.append(comment.text)
        self._line("", piece, trailing)

    def item(self, piece: _Piece, inside: list[_Comment], trailing: _Comment | None) -> None:
        self._gap(inside[0].line if inside else piece.line)
        for comment in inside:
            self._comment(comment, _INDENT)
        self._gap(piece.line)
        self._line(_INDENT, piece, trailing)

    def _line(self, indent: str, piece: _Piece, trailing: _Comment | None) -> None:
        self.lines.append(indent + piece.text + ("  " + trailing.text if trailing else ""))
        self.last_line = piece.end_line

    def after_last(self, comments: list[_Comment]) -> None:
        for comment in comments:
            if comment.own_line:
                indent = _INDENT if self._in_block(comment) else ""
                if not indent:
                    self._gap(comment.line)
                self.lines.append(indent + comment.text)
                self.last_line = comment.line
            else:
                self.lines[-1] += "  " + comment.text


def _comments(text: str) -> Iterator[_Comment]:
    line = 1
    for match in _SCAN.finditer(text):
        chunk = match.group()
        if chunk.startswith("#"):
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = text[line_start : match.start()]
            own = not before.strip()
            yield _Comment(match.start(), line, chunk.rstrip(), own, own and bool(before))
        line += chunk.count("\n")


def _pieces(block: Tree[Token], text: str) -> Iterator[_Piece]:
    """The block's first line, then each of its items."""
    items = [
        child
        for child in block.children
        if isinstance(child, Tree) and child.data not in _HEADER_PARTS
    ]
    start = block.meta.start_pos
    header_end = items[0].meta.start_pos if items else block.meta.end_pos
    header_end = _code_end(text, start, header_end)
    yield _Piece(
        start,
        header_end,
        block.meta.line,
        _line_of(text, header_end),
        _words(text[start:header_end]),
        item=False,
    )
    for item in items:
        meta = item.meta
        yield _Piece(
            meta.start_pos,
            meta.end_pos,
            meta.line,
            meta.end_line,
            _words(text[meta.start_pos : meta.end_pos]),
            item=True,
        )


def _code_end(text: str, start: int, end: int) -> int:
    """Where the code of ``text[start:end]`` ends, before spaces and comments."""
    last = start
    for match in _SCAN.finditer(text, start, end):
        chunk = match.group()
        if not chunk.startswith("#") and chunk.strip():
            last = match.start() + len(chunk.rstrip())
    return last


def _words(code: str) -> str:
    """The words of a piece of code, one space apart, none before a comma."""
    code = _SCAN_CODE.sub(lambda match: match.group(1) or " ", code)
    return " ".join(_WORD.findall(code)).replace(" ,", ",")


# Comments removed from a piece's code before its words are taken (they are kept apart).
_SCAN_CODE = re.compile(r'("(?:[^"\\]|\\.)*")|#[^\n]*', re.DOTALL)


def _taking(comments: list[_Comment], start: int, end: int) -> list[_Comment]:
    """Remove and return the comments that start in ``[start, end)``."""
    taken = [c for c in comments if start <= c.start < end]
    for comment in taken:
        comments.remove(comment)
    return taken


def _trailing(comments: list[_Comment], text: str, piece: _Piece) -> _Comment | None:
    """The comment at the end of the piece's last line, if there is one."""
    line_end = _line_end(text, piece.end)
    for comment in comments:
        if piece.end <= comment.start < line_end and not comment.own_line:
            comments.remove(comment)
            return comment
    return None


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


__all__ = ["format_source"]
