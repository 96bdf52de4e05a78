"""Errors as values: every diagnostic has a stable code, a severity, a place and arguments.

A :class:`Diagnostic` is what a check finds: ``DR-S...`` a rule file that does not follow
the grammar, ``DR-R...`` a rule that says something impossible, ``DR-W...`` advice about a
usable rule file, ``DR-I...`` a defect of a registry, an event log or a calendar file,
``DR-U...`` a bad command-line argument or path (the table: :mod:`decree_rules.core.codes`).
The exceptions the library raises carry one (:class:`DecreeRulesError`) or several
(:class:`ErrorGroup`), pickle and unpickle whole, and render like a compiler message::

    rules/decree.rules:12:18: error: expected a duration like '10 calendar days', found 'ten'
        within ten calendar days after the meeting ends
               ^^^
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from decree_rules.core import codes
from decree_rules.core.render import render
from decree_rules.core.source import Location


class Severity(enum.Enum):
    """How bad a diagnostic is: an error stops the work, a warning is advice."""

    ERROR = "error"
    WARNING = "warning"


def _arguments(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value) if value else {}


@attrs.frozen
class Diagnostic:
    """One thing a check found, as data: what (``code``), how bad, where, and the values.

    ``message`` is the English sentence; ``args`` are the values it was made from (names,
    ids, numbers), for programs that branch on them. ``source_line`` is the text of the
    line shown under the message with a caret, ``hint`` a sentence with a valid example.
    """

    code: str
    severity: Severity
    message: str
    location: Location
    source_line: str | None = None
    hint: str | None = None
    args: Mapping[str, Any] = attrs.field(factory=dict, converter=_arguments, hash=False)

    def render(self) -> str:
        """``file:line:col: error: message``, the source line, a caret and the hint."""
        return render(self)

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as JSON-ready data (the service's and the report's error shape)."""
        where = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "location": {
                "file": where.file,
                "line": where.line,
                "column": where.column,
                "length": where.length,
                "field": where.field,
            },
            "args": dict(self.args),
        }


class DecreeRulesError(Exception):
    """Base of every error the library raises for bad input; it carries a :class:`Diagnostic`.

    The attributes (``code``, ``message``, ``location``, ``source_line``, ``hint``,
    ``args``) are the diagnostic's. ``code`` must be one of :data:`~decree_rules.core.codes.CODES`:
    every raise site names what it found.
    """

    severity = Severity.ERROR

    def __init__(
        self,
        message: str,
        location: Location,
        *,
        code: str,
        source_line: str | None = None,
        hint: str | None = None,
        args: Mapping[str, Any] | None = None,
    ) -> None:
        if code not in codes.CODES:
            raise ValueError(f"{code!r} is not a diagnostic code of decree_rules.core.codes")
        super().__init__(message)
        self.diagnostic = Diagnostic(
            code,
            self.severity,
            message,
            location,
            source_line=source_line,
            hint=hint,
            args=args,
        )

    @classmethod
    def from_diagnostic(cls, diagnostic: Diagnostic) -> DecreeRulesError:
        """The exception of the class that ``diagnostic``'s code belongs to."""
        kind = _CLASS_OF_PREFIX.get(diagnostic.code[:4], cls)
        if diagnostic.severity is Severity.WARNING:
            kind = RuleWarning
        error = kind.__new__(kind)
        Exception.__init__(error, diagnostic.message)
        error.diagnostic = diagnostic
        return error

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles its args and calls __init__(*args): rebuild from the value.
        return (_rebuild, (type(self), self.diagnostic))

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def message(self) -> str:
        return self.diagnostic.message

    @property
    def location(self) -> Location:
        return self.diagnostic.location

    @property
    def source_line(self) -> str | None:
        return self.diagnostic.source_line

    @property
    def hint(self) -> str | None:
        return self.diagnostic.hint

    @property
    def arguments(self) -> Mapping[str, Any]:
        """The message's arguments (``args`` is Python's own attribute of exceptions)."""
        return self.diagnostic.args

    @property
    def kind(self) -> str:
        """``"error"`` or ``"warning"``."""
        return self.diagnostic.severity.value

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every diagnostic this exception carries (one, or a group's)."""
        return (self.diagnostic,)

    def with_source_line(self, source_line: str | None) -> DecreeRulesError:
        """The same error showing ``source_line`` under its message."""
        return self.from_diagnostic(attrs.evolve(self.diagnostic, source_line=source_line))

    def render(self) -> str:
        return self.diagnostic.render()

    def __str__(self) -> str:
        return self.render()


def _rebuild(kind: type[DecreeRulesError], diagnostic: Diagnostic) -> DecreeRulesError:
    error = kind.__new__(kind)
    Exception.__init__(error, diagnostic.message)
    error.diagnostic = diagnostic
    return error


class RuleSyntaxError(DecreeRulesError):
    """A rule file that does not follow the grammar."""


class RuleError(DecreeRulesError):
    """A rule file that parses but says something impossible (unknown role, bad clause)."""


class RuleWarning(RuleError):
    """Advice about a rule file that is still usable."""

    severity = Severity.WARNING


class InputError(DecreeRulesError):
    """A defect in an actor registry, an event log or a calendar file."""


class UsageError(DecreeRulesError):
    """A bad command-line argument or an unusable path."""


_CLASS_OF_PREFIX: dict[str, type[DecreeRulesError]] = {
    "DR-S": RuleSyntaxError,
    "DR-R": RuleError,
    "DR-W": RuleWarning,
    "DR-I": InputError,
    "DR-U": UsageError,
}


class ErrorGroup(DecreeRulesError):
    """Several errors found in one pass; all of them are reported, not just the first."""

    def __init__(self, errors: Sequence[DecreeRulesError], *, truncated: int = 0) -> None:
        if not errors:
            raise ValueError("an ErrorGroup needs at least one error")
        self.errors: tuple[DecreeRulesError, ...] = tuple(errors)
        self.truncated = truncated
        Exception.__init__(self, self.errors[0].message)
        self.diagnostic = self.errors[0].diagnostic

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_group, (self.errors, self.truncated))

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(error.diagnostic for error in self.errors)

    def render(self) -> str:
        parts = [error.render() for error in self.errors]
        count = len(self.errors) + self.truncated
        noun = "error" if count == 1 else "errors"
        summary = f"{count} {noun}"
        if self.truncated:
            summary += f" ({self.truncated} more not shown)"
        parts.append(summary)
        return "\n".join(parts)


def _rebuild_group(errors: tuple[DecreeRulesError, ...], truncated: int) -> ErrorGroup:
    return ErrorGroup(errors, truncated=truncated)


def raise_collected(errors: Iterable[DecreeRulesError], *, limit: int = 100) -> None:
    """Raise the errors as one group (or the single error), if there are any."""
    collected = list(errors)
    if not collected:
        return
    if len(collected) == 1:
        raise collected[0]
    shown = collected[:limit]
    raise ErrorGroup(shown, truncated=len(collected) - len(shown))
