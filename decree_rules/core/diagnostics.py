"""One error hierarchy for everything a user can get wrong.

Every error carries a :class:`Location` and renders like a compiler message::

    rules/decree.rules:12:18: error: expected a duration like '10 calendar days', found 'ten'
        within ten calendar days after the meeting ends
               ^^^
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from decree_rules.core.source import Location


class DecreeRulesError(Exception):
    """Base of every error the library raises for bad input.

    ``source_line`` is the text of the offending line, shown under the message with a
    caret; ``hint`` is a sentence with a valid example.
    """

    kind = "error"

    def __init__(
        self,
        message: str,
        location: Location,
        *,
        source_line: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.source_line = source_line
        self.hint = hint

    def render(self) -> str:
        # The field goes after "error:", so tools that parse "file:line:col: error:" work.
        field = ""
        if self.location.field is not None:
            name = self.location.field
            field = f"argument {name}: " if name.startswith("-") else f"field '{name}': "
        lines = [f"{self.location.prefix()}: {self.kind}: {field}{self.message}"]
        if self.source_line is not None:
            column = self.location.column
            shown, index = _around(self.source_line.rstrip("\r\n"), column)
            lines.append("    " + _printable(shown))
            if index is not None:
                pad = _caret_padding(shown, index)
                width = max(1, min(self.location.length, max(1, len(shown) - index)))
                lines.append("    " + pad + "^" * width)
        if self.hint:
            lines.append(f"    hint: {self.hint}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


class RuleSyntaxError(DecreeRulesError):
    """A rule file that does not follow the grammar."""


class RuleError(DecreeRulesError):
    """A rule file that parses but says something impossible (unknown role, bad clause)."""


class InputError(DecreeRulesError):
    """A defect in an actor registry or an event log."""


class UsageError(DecreeRulesError):
    """A bad command-line argument or an unusable path."""


class ErrorGroup(DecreeRulesError):
    """Several errors found in one pass; all of them are reported, not just the first."""

    def __init__(self, errors: Sequence[DecreeRulesError], *, truncated: int = 0) -> None:
        if not errors:
            raise ValueError("an ErrorGroup needs at least one error")
        self.errors: tuple[DecreeRulesError, ...] = tuple(errors)
        self.truncated = truncated
        first = self.errors[0]
        super().__init__(first.message, first.location)

    def render(self) -> str:
        parts = [error.render() for error in self.errors]
        count = len(self.errors) + self.truncated
        noun = "error" if count == 1 else "errors"
        summary = f"{count} {noun}"
        if self.truncated:
            summary += f" ({self.truncated} more not shown)"
        parts.append(summary)
        return "\n".join(parts)


def raise_collected(errors: Iterable[DecreeRulesError], *, limit: int = 100) -> None:
    """Raise the errors as one group (or the single error), if there are any."""
    collected = list(errors)
    if not collected:
        return
    if len(collected) == 1:
        raise collected[0]
    shown = collected[:limit]
    raise ErrorGroup(shown, truncated=len(collected) - len(shown))


def _printable(text: str) -> str:
    # Invisible characters (zero-width spaces, direction marks) are shown, so the user
    # can see why an innocent-looking word was not recognised.
    return "".join(_visible(ch) for ch in text)


def _visible(ch: str) -> str:
    if ch == "\t":
        return " "
    if ch in _INVISIBLE or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
        return f"<U+{ord(ch):04X}>"
    return ch


_SHOWN = 500
"""How much of a long source line is shown under a message."""


def _around(line: str, column: int | None) -> tuple[str, int | None]:
    """The part of ``line`` to show, and the caret's index in it."""
    index = None if column is None else column - 1
    if len(line) <= _SHOWN:
        return line, index
    if index is None or index < _SHOWN - 40:
        return line[:_SHOWN] + "…", index
    start = index - (_SHOWN - 40)
    return "…" + line[start : index + 40] + "…", index - start + 1


def _caret_padding(line: str, index: int) -> str:
    return "".join(" " * len(_visible(ch)) for ch in line[: max(0, index)])


_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad"
)
