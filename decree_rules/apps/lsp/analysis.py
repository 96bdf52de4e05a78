"""What the language server says about a document, as plain values (no protocol types).

Each function takes the text of a rule or scenario file and answers one question of the
editor: its diagnostics (those of ``decree-rules lint`` and of ``decree-rules test``'s
reading, the very same :class:`~decree_rules.core.diagnostics.Diagnostic` values), the
hover of a word, what may be written at a place (lark's interactive parser says which
terminals it accepts), where a name is defined, the outline, and the canonical layout.
Positions are 0-based lines and columns, as the protocol counts them.
:mod:`decree_rules.apps.lsp.server` turns these values into protocol messages.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from datetime import date

import attrs
from lark import Lark
from lark.exceptions import UnexpectedInput
from lark.lexer import PatternStr

from decree_rules.core.codes import CODES
from decree_rules.core.diagnostics import DecreeRulesError, Diagnostic, Severity
from decree_rules.core.policies import POLICY_TEXT, Policy, valid_names
from decree_rules.core.source import Span
from decree_rules.core.vocabulary import MONTH_NAMES, Level, Role
from decree_rules.lang import grammar
from decree_rules.lang.layout import format_source
from decree_rules.lang.load import parse_sources
from decree_rules.lang.model import Clause, Decree
from decree_rules.lang.parse import block_chunks
from decree_rules.lang.validate import EXEMPTION_FIELDS, LANGUAGES, lint_advice

from .examples import worked_example
from .symbols import Symbols, symbols

SCENARIO_SUFFIX = ".scenario"


class Kind(enum.Enum):
    """The two languages the server reads."""

    RULES = "decree-rules"
    SCENARIO = "decree-scenario"


def kind_of(path: str, language_id: str | None = None) -> Kind:
    """A scenario file by its suffix or the editor's language id, else a rule file."""
    if path.endswith(SCENARIO_SUFFIX) or language_id == Kind.SCENARIO.value:
        return Kind.SCENARIO
    return Kind.RULES


# ---- diagnostics -----------------------------------------------------------------


@attrs.frozen
class Analysis:
    """A document's diagnostics, and its decree when it is a rule file that parses."""

    diagnostics: tuple[Diagnostic, ...]
    decree: Decree | None = None


def analyse(
    text: str, filename: str, kind: Kind, others: Sequence[tuple[str, str]] = ()
) -> Analysis:
    """What ``decree-rules lint`` (a rule file) or ``decree-rules test`` (reading a
    scenario file) finds in ``text``: the same diagnostics, in file order.

    ``others`` are the (name, text) of the other rule files of its rule set (the folder's
    ``*.rules``), read with it as ``lint`` reads a folder; only the diagnostics of
    ``filename`` are returned. When another file has an error (it is broken, or not of
    this rule set) the file is checked alone, as ``lint FILE`` checks it.
    """
    if kind is Kind.SCENARIO:
        from decree_rules.apps.scenarios.parse import parse_scenarios

        try:
            parse_scenarios(text, filename)
        except DecreeRulesError as exc:
            return Analysis(exc.diagnostics)
        return Analysis(())
    others = [item for item in others if item[0] != filename]
    if others:
        found, decree = _lint([*others, (filename, text)])
        foreign = [d for d in found if d.location.file != filename]
        if not any(d.severity is Severity.ERROR for d in foreign):
            return Analysis(_of_file(found, filename), decree)
        # The other files cannot be used with it (broken, or not of its rule set): the
        # file is checked alone, as `lint FILE` would.
    found, decree = _lint([(filename, text)])
    return Analysis(tuple(found), decree)


def _lint(sources: list[tuple[str, str]]) -> tuple[list[Diagnostic], Decree | None]:
    try:
        decree = parse_sources(sources)
    except DecreeRulesError as exc:
        return list(exc.diagnostics), None
    found, _ = lint_advice(decree, sources=dict(sources))
    return [d for error in found for d in error.diagnostics], decree


def _of_file(found: Iterable[Diagnostic], filename: str) -> tuple[Diagnostic, ...]:
    return tuple(item for item in found if item.location.file == filename)


def message_of(diagnostic: Diagnostic) -> str:
    """The message an editor shows: lint's message and, on the next line, its hint."""
    if diagnostic.hint:
        return f"{diagnostic.message}\nhint: {diagnostic.hint}"
    return diagnostic.message


@attrs.frozen
class Range:
    """From (line, column) to (end_line, end_column), 0-based, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


def diagnostic_range(diagnostic: Diagnostic) -> Range:
    """Where the caret of ``lint`` would be: the located word, on its line."""
    where = diagnostic.location
    line = max((where.line or 1) - 1, 0)
    column = max((where.column or 1) - 1, 0)
    length = where.length if where.column is not None else 0
    return Range(line, column, line, column + length)


def span_range(span: Span) -> Range:
    """A model span (1-based) as a range."""
    return Range(span.line - 1, span.column - 1, span.end_line - 1, span.end_column - 1)


# ---- words at a place ------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:\-]*")
_CLAUSE_HEADER = re.compile(r"^clause[ \t]+([0-9]+(?:\.[0-9]+)*)")
_BLOCK_START = re.compile(
    r"^(decree|group|action|channel|recipient|participant|clause)\b", re.MULTILINE
)
_SCENARIO_BLOCK = re.compile(r"^[ \t]*scenario\b", re.MULTILINE)


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line] if 0 <= line < len(lines) else ""


def word_at(text: str, line: int, column: int) -> tuple[str, Range] | None:
    """The name under (or just before) the cursor, and where it is written."""
    source = _line(text, line)
    for match in _NAME.finditer(source):
        if match.start() <= column <= match.end():
            return match.group(), Range(line, match.start(), line, match.end())
    return None


def clause_at(text: str, line: int, column: int) -> str | None:
    """The clause number when the cursor is on a clause's ``clause N`` header."""
    match = _CLAUSE_HEADER.match(_line(text, line))
    if match is None or column > match.end(1):
        return None
    return match.group(1)


# ---- hover -----------------------------------------------------------------------

_SCENARIO_CLAUSES = re.compile(r"\bclauses?[ \t]+[0-9][0-9.]*(?:[ \t]*,[ \t]*[0-9][0-9.]*)*")
_CLAUSE_ID = re.compile(r"[0-9]+(?:\.[0-9]+)*")


def scenario_clause_at(text: str, line: int, column: int) -> tuple[str, Range] | None:
    """The clause number under the cursor in a scenario's ``clauses 6, 7`` or
    ``expect clause 6 ...`` (or on the word ``clause`` before one)."""
    source = _line(text, line)
    for found in _SCENARIO_CLAUSES.finditer(source):
        if not found.start() <= column <= found.end():
            continue
        numbers = list(_CLAUSE_ID.finditer(source, found.start(), found.end()))
        chosen = next((n for n in numbers if n.start() <= column <= n.end()), numbers[0])
        return chosen.group(), Range(line, chosen.start(), line, chosen.end())
    return None


def scenario_hover(
    text: str, decree: Decree | None, line: int, column: int, today: date
) -> tuple[str, Range] | None:
    """A clause named by a scenario, from the rules the scenario runs against."""
    found = scenario_clause_at(text, line, column)
    if found is None or decree is None:
        return None
    number, where = found
    clauses = [c for c in decree.clauses if c.number == number]
    return (clause_hover(clauses[0], decree, today), where) if clauses else None


def hover(
    text: str, decree: Decree | None, line: int, column: int, today: date
) -> tuple[str, Range] | None:
    """Markdown for the clause header or the name under the cursor; ``today`` (the
    client's or the server's clock) is the day of the clause's worked example."""
    if decree is None:
        return None
    number = clause_at(text, line, column)
    if number is not None:
        found = [c for c in decree.clauses if c.number == number]
        if found:
            source = _line(text, line)
            return clause_hover(found[0], decree, today), Range(line, 0, line, len(source))
    word = word_at(text, line, column)
    if word is None:
        return None
    name, where = word
    shown = name_hover(name, decree, symbols(decree))
    return (shown, where) if shown else None


def clause_hover(clause: Clause, decree: Decree, today: date) -> str:
    """A clause: its title, Kazakh and English texts, its deadline in words and a worked
    example for a day of ``today``'s year."""
    parts = [f"**clause {clause.number}**: {clause.title}"]
    for language, label in (("kk", "Kazakh (authoritative)"), ("en", "English")):
        said = clause.text(language)
        if said is not None:
            parts.append(f"**{label}:** {said}")
    parts.append(worked_example(clause, decree, today))
    return "\n\n".join(parts)


def name_hover(name: str, decree: Decree, table: Symbols) -> str | None:
    """What ``name`` is (a group, a declared word, a role, a level, a counting policy),
    its definition and where it is used; None for a name the decree does not know."""
    parts: list[str] = []
    group = table.groups.get(name)
    if group is not None:
        members = ", ".join(r.name for r in group.roles)
        if group.levels:
            members += " at " + ", ".join(level.name for level in group.levels)
        parts.append(f"**group {name}** = {members} (line {group.name.span.line})")
        parts += [f"_{note.text}_" for note in group.notes]
    for word in table.words.get(name, ()):
        meeting = " (is a meeting)" if word.meeting else ""
        parts.append(
            f"**{word.kind.value} {name}**: {word.meaning}{meeting} (line {word.name.span.line})"
        )
    if name in {role.value for role in Role}:
        parts.append(f"**role {name}**: a role of the registry (the contract's)")
    if name in {level.value for level in Level}:
        parts.append(f"**level {name}**: a level of akims in the registry (the contract's)")
    if name in valid_names():
        parts.append(f"**counting {name}**: {_policy_text(name)}")
    if not parts:
        return None
    uses = table.uses.get(name, [])
    if uses:
        places = ", ".join(f"{use.where} (line {use.span.line})" for use in uses)
        parts.append(f"used {_times(len(uses))}: {places}")
    else:
        parts.append("not used")
    return "\n\n".join(parts)


def _policy_text(name: str) -> str:
    for policy in Policy:
        if policy.value == name:
            return POLICY_TEXT[policy]
    return "every counting policy: " + ", ".join(policy.value for policy in Policy)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


# ---- go to definition --------------------------------------------------------------


def definition(
    text: str, decree: Decree | None, line: int, column: int
) -> tuple[str, Range] | None:
    """The file and place where the group or declared word under the cursor is defined."""
    word = word_at(text, line, column)
    if word is None or decree is None:
        return None
    span = symbols(decree).definition(word[0])
    return (span.file, span_range(span)) if span is not None else None


# ---- outline ---------------------------------------------------------------------


@attrs.frozen
class Outline:
    """One block of the file: its name (``clause 6``), detail (its title) and range."""

    name: str
    detail: str
    kind: str
    range: Range
    selection: Range


_HEADER = re.compile(r'^[ \t]*(\w+)[ \t]+([^\s"=]+)?[ \t]*=?[ \t]*("(?:[^"\\\n]|\\.)*"?)?')


def outline(text: str, kind: Kind) -> list[Outline]:
    """The blocks of a file, in order: clauses, groups, words and the header (a rule
    file), scenarios (a scenario file). Read from the block starts, so a block with a
    syntax error still has its place."""
    starts = _SCENARIO_BLOCK if kind is Kind.SCENARIO else _BLOCK_START
    found: list[Outline] = []
    for first_line, chunk in block_chunks(text, starts):
        header = _HEADER.match(chunk)
        if header is None or not starts.match(chunk):
            continue  # the comments before the first block
        keyword, name, title = header.group(1), header.group(2) or "", header.group(3) or ""
        lines = chunk.rstrip().split("\n")
        while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
            lines.pop()
        last = first_line - 1 + len(lines) - 1
        label = f"{keyword} {name}".strip() if keyword != "decree" else "decree"
        if keyword == "decree" or keyword == "scenario":
            name, label = "", keyword if keyword == "decree" else title.strip('"')
        selection = Range(first_line - 1, 0, first_line - 1, header.end(2) if name else 0)
        found.append(
            Outline(
                label or keyword,
                title.strip('"') if keyword != "scenario" else "",
                keyword,
                Range(first_line - 1, 0, last, len(lines[-1])),
                selection,
            )
        )
    return found


# ---- formatting ------------------------------------------------------------------


def formatted(text: str, filename: str) -> str | None:
    """The canonical layout of a rule file (comments kept), None when it does not parse."""
    try:
        return format_source(text, filename)
    except (DecreeRulesError, UnexpectedInput):
        return None


def whole(text: str) -> Range:
    """The range of the whole text."""
    lines = text.split("\n")
    return Range(0, 0, len(lines) - 1, len(lines[-1]))


# ---- completion ------------------------------------------------------------------


@attrs.frozen
class Completion:
    """A word that may be written at the cursor, and what it is (``keyword``, ``action``)."""

    label: str
    what: str
    detail: str = ""


_DECLARED = re.compile(
    r"^(group|action|channel|recipient|participant)[ \t]+([A-Za-z_][A-Za-z0-9_.:\-]*)"
    r"(?:[ \t]+\"((?:[^\"\\]|\\.)*)\")?",
    re.MULTILINE,
)


def declared(text: str) -> dict[str, list[tuple[str, str]]]:
    """The names a rule text declares, by keyword (``group``, ``action``, ...), with their
    meaning; read line by line, so a file being typed (that does not parse) has them."""
    names: dict[str, list[tuple[str, str]]] = {}
    for match in _DECLARED.finditer(text):
        names.setdefault(match.group(1), []).append((match.group(2), match.group(3) or ""))
    return names


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    line = min(line, len(lines) - 1)
    return sum(len(x) + 1 for x in lines[:line]) + min(column, len(lines[line]))


def completions(text: str, line: int, column: int, kind: Kind) -> list[Completion]:
    """What the grammar accepts at the cursor: its keywords, and the names of the kind
    the place takes (actions after ``must do``, roles and groups before ``must``...)."""
    cursor = _offset(text, line, column)
    start = cursor
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.:-"):
        start -= 1  # the word being typed: the client filters by it
    scenario = kind is Kind.SCENARIO
    lark = grammar.scenario_parser() if scenario else grammar.parser()
    blocks = _SCENARIO_BLOCK if scenario else _BLOCK_START
    begin = max((m.start() for m in blocks.finditer(text, 0, start)), default=0)
    accepted, before = _accepted(lark, text[begin:start], scenario)
    if accepted is None:
        return []
    found: dict[str, Completion] = {}
    for terminal in sorted(accepted):
        for item in _offered(lark, terminal, before, text, scenario):
            found.setdefault(item.label, item)
    return list(found.values())


def _accepted(
    lark: Lark, text: str, scenario: bool
) -> tuple[set[str] | None, list[tuple[str, str]]]:
    """The terminals the parser accepts after ``text``, and the words it read."""
    try:
        if scenario:
            interactive = lark.parse_interactive(text)
        else:
            interactive = lark.parse_interactive(text, start="start")
        read = [(str(token), token.type) for token in interactive.iter_parse()]
        accepts: set[str] = interactive.accepts()  # type: ignore[no-untyped-call]
    except UnexpectedInput:
        return None, []
    return accepts, read


def _offered(
    lark: Lark, terminal: str, before: Sequence[tuple[str, str]], text: str, scenario: bool
) -> Iterable[Completion]:
    if terminal == "$END":
        return ()
    pattern = lark.get_terminal(terminal).pattern
    if isinstance(pattern, PatternStr):
        word = pattern.value
        return (Completion(word, "keyword"),) if word[:1].isalpha() else ()
    if terminal == "MONTH":
        return (Completion(month, "month") for month in MONTH_NAMES)
    if terminal == "STATUS":
        return (
            Completion(status, "status")
            for status in ("fulfilled", "late", "violated", "pending", "exempt")
        )
    if terminal == "NAME" and not scenario:
        return _names(before, declared(text))
    return ()


# The names a place takes, by the keyword that opens it.
_OPENERS: dict[str, tuple[str, ...]] = {
    "do": ("action",),
    "each": ("action",),
    "last": ("action",),
    "first": ("action",),
    "on": ("channel",),
    "to": ("recipient",),
    "includes": ("participant",),
    "nearest": ("group",),
    "by": ("role", "group"),
    "=": ("role",),
    "at": ("level",),
    "counting": ("policy",),
    "without": ("policy",),
    "text": ("language",),
    "title": ("language",),
    "preamble": ("language",),
    "except": ("field",),
    "except role": ("role",),
    "except level": ("level",),
    "acknowledge": ("warning",),
}


def _opener(before: Sequence[tuple[str, str]]) -> str | None:
    """The keyword that opens the list the cursor is in: ``on`` in ``on a or b or``."""
    if len(before) >= 2 and before[-2][0] == "except":
        return f"except {before[-1][0]}"  # the value of an exemption's field
    for word, terminal in reversed(before):
        if terminal == "NAME" or word in (",", "or"):
            continue
        return word if word in _OPENERS else None
    return None


def _names(
    before: Sequence[tuple[str, str]], names: dict[str, list[tuple[str, str]]]
) -> list[Completion]:
    opener = _opener(before)
    # The start of a '... must' line (a clause's item) takes roles and groups too.
    kinds = _OPENERS.get(opener, ()) if opener is not None else ("role", "group")
    out: list[Completion] = []
    for what in kinds:
        if what in ("action", "channel", "recipient", "participant", "group"):
            out += [Completion(name, what, meaning) for name, meaning in names.get(what, [])]
        elif what == "role":
            out += [Completion(role.value, "role") for role in Role]
        elif what == "level":
            out += [Completion(level.value, "level") for level in Level]
        elif what == "policy":
            out += [Completion(name, "policy") for name in valid_names()]
        elif what == "language":
            out += [Completion(language, "language") for language in LANGUAGES]
        elif what == "field":
            out += [Completion(field, "field") for field in EXEMPTION_FIELDS]
        elif what == "warning":
            out += [
                Completion(code, "warning", info.title)
                for code, info in CODES.items()
                if code.startswith("DR-W")
            ]
    return out
