"""Rule text to model nodes: Lark parses, a Transformer reshapes.

Syntax errors are collected per block (a ``decree``, ``group`` or ``clause`` starting at
the beginning of a line), so one broken clause does not hide the errors of the next. The
Transformer decides nothing: it turns each piece of the tree into its model node with its
span, and hands a block's items over as written (:class:`Header`, :class:`ClauseDraft`);
:mod:`decree_rules.lang.assemble` groups them into clauses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
from lark import Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError
from lark.tree import Meta

from decree_rules.core.diagnostics import DecreeRulesError, RuleSyntaxError, raise_collected
from decree_rules.core.source import Location, Span, source_lines
from decree_rules.core.vocabulary import MONTH_NAMES, Unit, WordKind
from decree_rules.lang import grammar
from decree_rules.lang.model import (
    Acknowledgement,
    After,
    Anchor,
    Attend,
    Before,
    Bound,
    BoundKind,
    ChangeKind,
    ClauseChange,
    Condition,
    ConditionKind,
    CountingLine,
    DayOfNextMonth,
    DoAction,
    Duration,
    EarlyEvents,
    EnsureIncluded,
    EveryQuarter,
    EveryYear,
    Exemption,
    FixedDate,
    ForEachEvent,
    Group,
    NoDeadline,
    Note,
    Obligation,
    Once,
    OnMeetingDay,
    PeriodKind,
    RepealedAct,
    Sharing,
    Straddle,
    Term,
    TermFrom,
    Text,
    Together,
    Window,
    Word,
)
from decree_rules.lang.syntax_help import syntax_error

# ---- syntax ----------------------------------------------------------------------

_BLOCK_START = re.compile(
    r"^(decree|group|action|channel|recipient|participant|clause|act)\b", re.MULTILINE
)


def parse_blocks(text: str, filename: str) -> list[Any]:
    """The blocks of one rule file as model nodes and drafts, in file order.

    The first syntax error of every block is raised (an ErrorGroup when there are several).
    """
    lark = grammar.parser()
    lines = source_lines(text)
    try:
        tree = lark.parse(text, start="start")
    except UnexpectedInput:
        pass
    else:
        return list(_transform(tree, filename, lines))
    # Parse block by block to report the first error of each block, then move the line
    # numbers to the block's place in the file.
    errors: list[DecreeRulesError] = []
    results: list[Any] = []
    chunks = list(block_chunks(text, _BLOCK_START))
    for index, (start_line, chunk) in enumerate(chunks):
        try:
            tree = lark.parse(chunk, start="start")
        except UnexpectedInput as exc:
            _shift_error(exc, start_line - 1)
            following = None
            if index + 1 < len(chunks):  # the block ends where the next one starts
                next_line, next_chunk = chunks[index + 1]
                word = _BLOCK_START.match(next_chunk)
                following = (next_line, word.group(1) if word else "")
            errors.append(syntax_error(exc, filename, lines, lark, following=following))
            continue
        _shift_lines(tree, start_line - 1)
        results.extend(_transform(tree, filename, lines))
    if not errors:
        # Chunking can split a quoted text that contains a line starting with 'clause';
        # the whole-file error is then the honest one.
        try:
            lark.parse(text, start="start")
        except UnexpectedInput as exc:
            errors.append(syntax_error(exc, filename, lines, lark))
    raise_collected(errors)
    return results


def block_chunks(text: str, block_start: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    """The text cut where ``block_start`` matches: each piece with its first line (from 1),
    to parse block by block and report the first error of each."""
    starts = [m.start() for m in block_start.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    line = 1
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
        yield line, text[begin:end]
        line += text.count("\n", begin, end)


def _shift_lines(tree: Tree[Token], offset: int) -> None:
    """Move the line numbers of a block parsed on its own to its place in the file."""
    if not offset:
        return
    for subtree in tree.iter_subtrees():
        meta = subtree.meta
        if not getattr(meta, "empty", True):
            meta.line += offset
            meta.end_line += offset
        for child in subtree.children:
            if isinstance(child, Token):
                if child.line is not None:
                    child.line += offset
                if child.end_line is not None:
                    child.end_line += offset


def _shift_error(exc: UnexpectedInput, offset: int) -> None:
    if isinstance(exc.line, int) and exc.line > 0:
        exc.line += offset


def parse_counting(text: str, *, filename: str = "<counting>") -> CountingLine:
    """The words of a ``counting`` line on their own: ``civil_code without shift_forward``.

    For counting written outside a rule file (the ``--counting`` option of
    ``decree-rules due``). A syntax error is raised as in a rule file; the names are not
    checked here (:func:`decree_rules.lang.validate.validate_counting` does).
    """
    lark = grammar.parser()
    lines = source_lines(text)
    try:
        tree = lark.parse(text, start="counting_expr")
    except UnexpectedToken as exc:
        raise syntax_error(_what_counting_takes(exc, text), filename, lines, lark) from None
    except UnexpectedInput as exc:
        raise syntax_error(exc, filename, lines, lark) from None
    words = _reshape(tree, filename, lines)
    assert isinstance(words, CountingLine)
    return words


def _what_counting_takes(exc: UnexpectedToken, text: str) -> UnexpectedToken:
    """``exc`` expecting what the text before its token can really be followed by.

    The LALR tables share the state after a name with the rule file's, whose lookaheads
    include the first words of the next line: in ``x y`` the parser reduces on ``y`` and
    then expects nothing. The interactive parser, fed the text before ``y``, knows.
    """
    end = len(text) if exc.token.type == "$END" else exc.token.start_pos or 0
    before = grammar.parser().parse_interactive(text[:end], start="counting_expr")
    try:
        before.exhaust_lexer()
    except UnexpectedInput:  # not expected: the parser read this far before
        return exc
    takes: set[str] = before.accepts()  # type: ignore[no-untyped-call]
    found = UnexpectedToken(exc.token, takes)  # type: ignore[no-untyped-call]
    found.line, found.column = exc.line, exc.column
    return found


def _transform(tree: Tree[Token], filename: str, lines: list[str]) -> list[Any]:
    return list(_reshape(tree, filename, lines))


def _reshape(tree: Tree[Token], filename: str, lines: list[str]) -> Any:
    return transform_located(_ToModel(filename), tree, lines)


def transform_located(
    transformer: Transformer[Token, Any], tree: Tree[Token], lines: list[str]
) -> Any:
    """``transformer`` applied to ``tree``; an error it raises is raised as itself (not
    wrapped by lark), with its line of the file shown under it."""
    try:
        return transformer.transform(tree)
    except VisitError as exc:
        original = exc.orig_exc
        if isinstance(original, DecreeRulesError):
            line = original.location.line
            if original.source_line is None and line is not None and 0 < line <= len(lines):
                original = original.with_source_line(lines[line - 1])
            raise original from None
        raise


# ---- transformer: tree to model nodes --------------------------------------------


@attrs.frozen
class InForce:
    """``enters into force on DATE``, until ``assemble`` puts the day on its clause."""

    day: date
    span: Span


@attrs.frozen
class Header:
    """A ``decree`` block: its title and its items (titles, preambles, notes, counting)."""

    title: str
    items: tuple[Any, ...]
    span: Span


@attrs.frozen
class ActDraft:
    """An ``act`` block: its name, title and items (number, date, entry into force, ...)."""

    name: Term
    title: str
    items: tuple[Any, ...]
    span: Span


@attrs.frozen
class ActItem:
    """One line of an ``act`` block that is not a text or a note: what, and its value."""

    what: str
    value: Any
    span: Span


@attrs.frozen
class ClauseDraft:
    """A ``clause`` block as written: number, title and items in order, not yet grouped."""

    number: Token
    title: str
    items: tuple[Any, ...]
    span: Span


def unquote(token: str) -> str:
    """The text of a quoted token, its escapes read (``\\"`` a quote, ``\\n`` a line break)."""
    body = str(token)[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


class SpanTransformer(Transformer[Token, Any]):
    """A Transformer that knows its file: the spans of tree nodes and of tokens.

    The rule language's and the scenario language's transformers build on it."""

    def __init__(self, filename: str) -> None:
        super().__init__()
        self.filename = filename

    def _span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.filename, 0, 0, 0, 0)
        return Span(self.filename, meta.line, meta.column, meta.end_line, meta.end_column)

    def _token_span(self, token: Token) -> Span:
        return Span(
            self.filename,
            token.line or 0,
            token.column or 0,
            token.end_line or 0,
            token.end_column or 0,
        )


@v_args(meta=True, inline=True)
class _ToModel(SpanTransformer):
    """Reshapes the parse tree into model nodes, attaching spans; decides nothing."""

    def _term(self, token: Token) -> Term:
        return Term(str(token), span=self._token_span(token))

    def start(self, meta: Meta, *blocks: Any) -> list[Any]:
        return list(blocks)

    def decree(self, meta: Meta, title: Token, *items: Any) -> Header:
        return Header(unquote(title), tuple(items), self._span(meta))

    def title(self, meta: Meta, language: Token, value: Token) -> tuple[str, Text]:
        return ("title", Text(self._term(language), unquote(value), span=self._span(meta)))

    def preamble(self, meta: Meta, language: Token, value: Token) -> tuple[str, Text]:
        return ("preamble", Text(self._term(language), unquote(value), span=self._span(meta)))

    def group(self, meta: Meta, name: Token, first: Token, members: Any, *notes: Note) -> Group:
        kind, names = members
        if kind == "levels":
            return Group(
                self._term(name),
                (self._term(first),),
                tuple(self._term(n) for n in names),
                tuple(notes),
                span=self._span(meta),
            )
        roles = (self._term(first), *(self._term(n) for n in names))
        return Group(self._term(name), roles, (), tuple(notes), span=self._span(meta))

    def roles(self, meta: Meta, *names: Token) -> tuple[str, tuple[Token, ...]]:
        return ("roles", names)

    def levels(self, meta: Meta, *names: Token) -> tuple[str, tuple[Token, ...]]:
        return ("levels", names)

    def action_word(self, meta: Meta, name: Token, meaning: Token, *items: Any) -> Word:
        meeting = bool(items) and items[0] is True
        notes = tuple(items[1:] if meeting else items)
        return self._word(meta, WordKind.ACTION, name, meaning, notes, meeting=meeting)

    def is_meeting(self, meta: Meta) -> bool:
        return True

    def channel_word(self, meta: Meta, name: Token, meaning: Token, *notes: Note) -> Word:
        return self._word(meta, WordKind.CHANNEL, name, meaning, notes)

    def recipient_word(self, meta: Meta, name: Token, meaning: Token, *notes: Note) -> Word:
        return self._word(meta, WordKind.RECIPIENT, name, meaning, notes)

    def participant_word(self, meta: Meta, name: Token, meaning: Token, *notes: Note) -> Word:
        return self._word(meta, WordKind.PARTICIPANT, name, meaning, notes)

    def _word(
        self,
        meta: Meta,
        kind: WordKind,
        name: Token,
        meaning: Token,
        notes: tuple[Note, ...],
        *,
        meeting: bool = False,
    ) -> Word:
        return Word(kind, self._term(name), unquote(meaning), meeting, notes, span=self._span(meta))

    def clause(self, meta: Meta, number: Token, title: Token, *items: Any) -> ClauseDraft:
        return ClauseDraft(number, unquote(title), tuple(items), self._span(meta))

    def text(self, meta: Meta, language: Token, value: Token) -> Text:
        return Text(self._term(language), unquote(value), span=self._span(meta))

    def note(self, meta: Meta, value: Token) -> Note:
        return Note(unquote(value), span=self._span(meta))

    def acknowledgement(self, meta: Meta, code: Token, reason: Token) -> Acknowledgement:
        return Acknowledgement(str(code), unquote(reason), span=self._span(meta))

    # scopes
    def every_year(self, meta: Meta) -> EveryYear:
        return EveryYear(span=self._span(meta))

    def every_quarter(self, meta: Meta, action: Token) -> EveryQuarter:
        return EveryQuarter(self._term(action), span=self._span(meta))

    def once(self, meta: Meta) -> Once:
        return Once(span=self._span(meta))

    def for_each(self, meta: Meta, action: Token, *rest: Any) -> ForEachEvent:
        return self._for_each(meta, action, rest, last=False)

    def for_each_last(self, meta: Meta, action: Token, *rest: Any) -> ForEachEvent:
        return self._for_each(meta, action, rest, last=True)

    def _for_each(
        self, meta: Meta, action: Token, rest: tuple[Any, ...], *, last: bool
    ) -> ForEachEvent:
        conditions: tuple[Condition, ...] = ()
        if len(rest) == 2:
            conditions, names = rest
        else:
            (names,) = rest
        return ForEachEvent(
            self._term(action),
            names,
            conditions,
            last_of_year=last,
            span=self._span(meta),
        )

    # obligations
    def obligation(self, meta: Meta, bound: Bound, duty: Any) -> Obligation:
        return Obligation(bound, duty, span=self._span(meta))

    def listed(self, meta: Meta, names: tuple[Term, ...]) -> Bound:
        return Bound(BoundKind.LISTED, names, span=self._span(meta))

    def same_actor(self, meta: Meta) -> Bound:
        return Bound(BoundKind.SAME_ACTOR, span=self._span(meta))

    def nearest_above(self, meta: Meta, group: Token) -> Bound:
        return Bound(BoundKind.NEAREST_ABOVE, (self._term(group),), span=self._span(meta))

    def do_action(self, meta: Meta, action: Token, *conditions: tuple[Condition, ...]) -> DoAction:
        return DoAction(
            self._term(action), conditions[0] if conditions else (), span=self._span(meta)
        )

    def ensure_included(self, meta: Meta, names: tuple[Term, ...]) -> EnsureIncluded:
        return EnsureIncluded(names, span=self._span(meta))

    def attend(self, meta: Meta, *deputy: Any) -> Attend:
        return Attend(deputy_allowed=bool(deputy), span=self._span(meta))

    def deputy_allowed(self, meta: Meta) -> bool:
        return True

    def conditions(self, meta: Meta, *conditions: Condition) -> tuple[Condition, ...]:
        return conditions

    def on_channel(self, meta: Meta, names: tuple[Term, ...]) -> Condition:
        return Condition(ConditionKind.CHANNEL, names, span=self._span(meta))

    def to_recipient(self, meta: Meta, names: tuple[Term, ...]) -> Condition:
        return Condition(ConditionKind.RECIPIENT, names, span=self._span(meta))

    def with_videoconference(self, meta: Meta) -> Condition:
        return Condition(ConditionKind.VIDEOCONFERENCE, span=self._span(meta))

    def alternatives(self, meta: Meta, *names: Token) -> tuple[Term, ...]:
        return tuple(self._term(n) for n in names)

    def names(self, meta: Meta, *names: Token) -> tuple[Term, ...]:
        return tuple(self._term(n) for n in names)

    # deadlines
    def window(self, meta: Meta, quarter: Token) -> Window:
        return Window(_number(quarter, self.filename), span=self._span(meta))

    def fixed_date(self, meta: Meta, day: Token, month: Token) -> FixedDate:
        return FixedDate(
            _number(day, self.filename), MONTH_NAMES.index(str(month)) + 1, span=self._span(meta)
        )

    def day_of_next_month(self, meta: Meta, day: Token, period: PeriodKind) -> DayOfNextMonth:
        return DayOfNextMonth(_number(day, self.filename), period, span=self._span(meta))

    def per_quarter(self, meta: Meta) -> PeriodKind:
        return PeriodKind.QUARTER

    def per_year(self, meta: Meta) -> PeriodKind:
        return PeriodKind.YEAR

    def after(self, meta: Meta, duration: Duration, anchor: Anchor) -> After:
        return After(duration, anchor, span=self._span(meta))

    def counting(self, meta: Meta, words: CountingLine) -> CountingLine:
        return attrs.evolve(words, span=self._span(meta))

    def counting_expr(
        self, meta: Meta, names: tuple[Term, ...], *without: tuple[Term, ...]
    ) -> CountingLine:
        return CountingLine(names, without[0] if without else (), span=self._span(meta))

    def before(self, meta: Meta, duration: Duration, anchor: Anchor) -> Before:
        return Before(duration, anchor, span=self._span(meta))

    def on_meeting_day(self, meta: Meta) -> OnMeetingDay:
        return OnMeetingDay(span=self._span(meta))

    def no_deadline(self, meta: Meta) -> NoDeadline:
        return NoDeadline(span=self._span(meta))

    def duration(self, meta: Meta, amount: Token, unit: Unit) -> Duration:
        return Duration(_number(amount, self.filename), unit, span=self._span(meta))

    def calendar_days(self, meta: Meta) -> Unit:
        return Unit.CALENDAR_DAYS

    def working_days(self, meta: Meta) -> Unit:
        return Unit.WORKING_DAYS

    def months(self, meta: Meta) -> Unit:
        return Unit.MONTHS

    def years(self, meta: Meta) -> Unit:
        return Unit.YEARS

    def meeting_starts(self, meta: Meta) -> Anchor:
        return Anchor.MEETING_STARTS

    def meeting_ends(self, meta: Meta) -> Anchor:
        return Anchor.MEETING_ENDS

    def report_received(self, meta: Meta) -> Anchor:
        return Anchor.REPORT_RECEIVED

    def early_events(self, meta: Meta) -> EarlyEvents:
        return EarlyEvents(span=self._span(meta))

    def exemption(self, meta: Meta, field: Token, value: Token) -> Exemption:
        return Exemption(self._term(field), self._term(value), span=self._span(meta))

    def sharing(self, meta: Meta) -> Sharing:
        return Sharing(span=self._span(meta))

    def sharing_all(self, meta: Meta) -> Sharing:
        return Sharing(every_duty=True, span=self._span(meta))

    def sharing_named(self, meta: Meta) -> Sharing:
        return Sharing(named=True, span=self._span(meta))

    def term_from(self, meta: Meta, *below: Term) -> TermFrom:
        return TermFrom(below[0] if below else None, span=self._span(meta))

    def term_below(self, meta: Meta, group: Token) -> Term:
        return self._term(group)

    def together(self, meta: Meta) -> Together:
        return Together(span=self._span(meta))

    def repeal(
        self, meta: Meta, kind: Token, number: Token, dated: Token, title: Token, *published: str
    ) -> RepealedAct:
        return RepealedAct(
            self._term(kind),
            _number(number, self.filename),
            _date(dated, self.filename),
            unquote(title),
            published[0] if published else None,
            span=self._span(meta),
        )

    def published(self, meta: Meta, value: Token) -> str:
        return unquote(value)

    def in_force(self, meta: Meta, day: Token) -> InForce:
        return InForce(_date(day, self.filename), self._span(meta))

    # the law over time
    def act(self, meta: Meta, name: Token, title: Token, *items: Any) -> ActDraft:
        return ActDraft(self._term(name), unquote(title), tuple(items), self._span(meta))

    def act_number(self, meta: Meta, value: Token) -> ActItem:
        return ActItem("number", unquote(value), self._span(meta))

    def dated(self, meta: Meta, day: Token) -> ActItem:
        return ActItem("dated", _date(day, self.filename), self._span(meta))

    def straddle(self, meta: Meta, reading: Straddle) -> ActItem:
        return ActItem("straddle", reading, self._span(meta))

    def straddle_first(self, meta: Meta) -> Straddle:
        return Straddle.FIRST_DAY

    def straddle_last(self, meta: Meta) -> Straddle:
        return Straddle.LAST_DAY

    def decree_repeal(self, meta: Meta, day: Token) -> ActItem:
        return ActItem("repeals_decree", _date(day, self.filename), self._span(meta))

    def amended_by(self, meta: Meta, act: Token, *day: date) -> ClauseChange:
        return self._change(meta, ChangeKind.AMENDED, act, day)

    def added_by(self, meta: Meta, act: Token, *day: date) -> ClauseChange:
        return self._change(meta, ChangeKind.ADDED, act, day)

    def repealed_by(self, meta: Meta, act: Token, *day: date) -> ClauseChange:
        return self._change(meta, ChangeKind.REPEALED, act, day)

    def change_from(self, meta: Meta, day: Token) -> date:
        return _date(day, self.filename)

    def _change(
        self, meta: Meta, kind: ChangeKind, act: Token, day: tuple[date, ...]
    ) -> ClauseChange:
        return ClauseChange(kind, self._term(act), day[0] if day else None, span=self._span(meta))


MAX_DIGITS = 9
"""The most digits a number of a rule file may have: every number of the language (a
quarter, a day, a term, an act's number) is far smaller, and a longer one is a typo."""


def _number(token: Token, filename: str) -> int:
    text = str(token)
    if len(text) <= MAX_DIGITS:
        return int(text)
    shown = text if len(text) <= 20 else f"{text[:12]}… ({len(text):,} digits)"
    raise RuleSyntaxError(
        f"the number {shown} is too long: a number in a rule file has at most {MAX_DIGITS} digits",
        Location(filename, token.line, token.column, length=len(text)),
        code="DR-S011",
        hint="e.g. within 10 calendar days after the meeting ends",
        args={"digits": len(text), "limit": MAX_DIGITS},
    )


def _date(token: Token, filename: str) -> date:
    try:
        return date.fromisoformat(str(token))
    except ValueError:
        raise RuleSyntaxError(
            f"'{token}' is not a real date",
            Location(filename, token.line, token.column, length=len(str(token))),
            code="DR-S010",
            hint="dates are written YYYY-MM-DD, like 2016-01-01",
            args={"text": str(token)},
        ) from None


__all__ = [
    "ActDraft",
    "ActItem",
    "ClauseDraft",
    "Header",
    "InForce",
    "parse_blocks",
    "parse_counting",
]
