"""Rule text to model objects: Lark parses, a Transformer reshapes, ``assemble`` groups.

Syntax errors are collected per block (a ``decree``, ``group`` or ``clause`` starting at
the beginning of a line), so one broken clause does not hide the errors of the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import attrs
from lark import Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput, VisitError
from lark.tree import Meta

from decree_rules.core.diagnostics import (
    DecreeRulesError,
    RuleError,
    RuleSyntaxError,
    raise_collected,
)
from decree_rules.core.source import Location, Span, source_lines, span_location
from decree_rules.core.vocabulary import MONTH_NAMES, Unit
from decree_rules.lang import grammar
from decree_rules.lang.model import (
    After,
    Anchor,
    Attend,
    Before,
    Bound,
    BoundKind,
    Clause,
    Condition,
    ConditionKind,
    CountingLine,
    DayOfNextMonth,
    Decree,
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
    Rule,
    Sharing,
    Term,
    Text,
    Window,
)
from decree_rules.lang.syntax_help import syntax_error

# ---- syntax ----------------------------------------------------------------------

_BLOCK_START = re.compile(r"^(decree|group|clause)\b", re.MULTILINE)


def parse_blocks(text: str, filename: str) -> list[Any]:
    """The blocks of one rule file as model nodes and drafts, in file order.

    The first syntax error of every block is raised (an ErrorGroup when there are several).
    """
    lark = grammar.parser()
    lines = source_lines(text)
    try:
        tree = lark.parse(text)
    except UnexpectedInput:
        pass
    else:
        return list(_transform(tree, filename, lines))
    # Parse block by block to report the first error of each block, then move the line
    # numbers to the block's place in the file.
    errors: list[DecreeRulesError] = []
    results: list[Any] = []
    chunks = list(_chunks(text))
    for index, (start_line, chunk) in enumerate(chunks):
        try:
            tree = lark.parse(chunk)
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
            lark.parse(text)
        except UnexpectedInput as exc:
            errors.append(syntax_error(exc, filename, lines, lark))
    raise_collected(errors)
    return results


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    starts = [m.start() for m in _BLOCK_START.finditer(text)]
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


def _transform(tree: Tree[Token], filename: str, lines: list[str]) -> list[Any]:
    try:
        result = _ToModel(filename).transform(tree)
    except VisitError as exc:
        original = exc.orig_exc
        if isinstance(original, DecreeRulesError):
            line = original.location.line
            if original.source_line is None and line is not None and 0 < line <= len(lines):
                original = original.with_source_line(lines[line - 1])
            raise original from None
        raise
    return list(result)


# ---- transformer: tree to model nodes --------------------------------------------


@attrs.frozen
class _InForce:
    day: date
    span: Span


@attrs.frozen
class _Header:
    title: str
    items: tuple[Any, ...]
    span: Span


@attrs.frozen
class _ClauseDraft:
    number: Token
    title: str
    items: tuple[Any, ...]
    span: Span


def _unquote(token: Token) -> str:
    body = str(token)[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


@v_args(meta=True, inline=True)
class _ToModel(Transformer[Token, Any]):
    """Reshapes the parse tree into model nodes, attaching spans; decides nothing."""

    def __init__(self, filename: str) -> None:
        super().__init__()
        self.filename = filename

    def _span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.filename, 0, 0, 0, 0)
        return Span(self.filename, meta.line, meta.column, meta.end_line, meta.end_column)

    def _term(self, token: Token) -> Term:
        return Term(
            str(token),
            span=Span(
                self.filename,
                token.line or 0,
                token.column or 0,
                token.end_line or 0,
                token.end_column or 0,
            ),
        )

    def start(self, meta: Meta, *blocks: Any) -> list[Any]:
        return list(blocks)

    def decree(self, meta: Meta, title: Token, *items: Any) -> _Header:
        return _Header(_unquote(title), tuple(items), self._span(meta))

    def title(self, meta: Meta, language: Token, value: Token) -> tuple[str, Text]:
        return ("title", Text(self._term(language), _unquote(value), span=self._span(meta)))

    def preamble(self, meta: Meta, language: Token, value: Token) -> tuple[str, Text]:
        return ("preamble", Text(self._term(language), _unquote(value), span=self._span(meta)))

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

    def clause(self, meta: Meta, number: Token, title: Token, *items: Any) -> _ClauseDraft:
        return _ClauseDraft(number, _unquote(title), tuple(items), self._span(meta))

    def text(self, meta: Meta, language: Token, value: Token) -> Text:
        return Text(self._term(language), _unquote(value), span=self._span(meta))

    def note(self, meta: Meta, value: Token) -> Note:
        return Note(_unquote(value), span=self._span(meta))

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
        return Window(int(quarter), span=self._span(meta))

    def fixed_date(self, meta: Meta, day: Token, month: Token) -> FixedDate:
        return FixedDate(int(day), MONTH_NAMES.index(str(month)) + 1, span=self._span(meta))

    def day_of_next_month(self, meta: Meta, day: Token, period: PeriodKind) -> DayOfNextMonth:
        return DayOfNextMonth(int(day), period, span=self._span(meta))

    def per_quarter(self, meta: Meta) -> PeriodKind:
        return PeriodKind.QUARTER

    def per_year(self, meta: Meta) -> PeriodKind:
        return PeriodKind.YEAR

    def after(self, meta: Meta, duration: Duration, anchor: Anchor) -> After:
        return After(duration, anchor, span=self._span(meta))

    def counting(
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
        return Duration(int(amount), unit, span=self._span(meta))

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

    def repeal(
        self, meta: Meta, kind: Token, number: Token, dated: Token, title: Token, *published: str
    ) -> RepealedAct:
        return RepealedAct(
            self._term(kind),
            int(number),
            _date(dated, self.filename),
            _unquote(title),
            published[0] if published else None,
            span=self._span(meta),
        )

    def published(self, meta: Meta, value: Token) -> str:
        return _unquote(value)

    def in_force(self, meta: Meta, day: Token) -> _InForce:
        return _InForce(_date(day, self.filename), self._span(meta))


def _date(token: Token, filename: str) -> date:
    try:
        return date.fromisoformat(str(token))
    except ValueError:
        raise RuleSyntaxError(
            f"'{token}' is not a real date",
            Location(filename, token.line, token.column, length=len(str(token))),
            hint="dates are written YYYY-MM-DD, like 2016-01-01",
        ) from None


# ---- assembly: clause items into clauses and rules --------------------------------

_ITEM_NAMES: dict[type, str] = {
    EveryYear: "'every year'",
    EveryQuarter: "'every quarter ...'",
    Once: "'once'",
    ForEachEvent: "'for each ...'",
    Obligation: "a '... must ...' line",
    Window: "a deadline",
    FixedDate: "a deadline",
    DayOfNextMonth: "a deadline",
    After: "a deadline",
    Before: "a deadline",
    OnMeetingDay: "a deadline",
    NoDeadline: "a deadline",
    EarlyEvents: "'events earlier in the year count'",
    Sharing: "'one event serves ...'",
    _InForce: "'enters into force on ...'",
}

_SCOPES = (EveryYear, EveryQuarter, Once, ForEachEvent)
_DEADLINES = (Window, FixedDate, DayOfNextMonth, After, Before, OnMeetingDay, NoDeadline)


def assemble(
    blocks: list[Any], sources: Sequence[tuple[str, str]], errors: list[DecreeRulesError]
) -> Decree:
    lines = {name: source_lines(text) for name, text in sources}
    headers = [b for b in blocks if isinstance(b, _Header)]
    groups = tuple(b for b in blocks if isinstance(b, Group))
    clauses = []
    for block in blocks:
        if isinstance(block, _ClauseDraft):
            clause = _assemble_clause(block, lines, errors)
            if clause is not None:
                clauses.append(clause)
    if not headers:
        first = sources[0][0] if sources else "<rules>"
        errors.append(
            RuleError(
                "the rules have no 'decree' header",
                Location(first, 1, 1),
                source_line=(lines.get(first) or [""])[0],
                hint='start the file with: decree "<the decree\'s title>"',
            )
        )
        return Decree("", groups=groups, clauses=tuple(clauses))
    for extra in headers[1:]:
        errors.append(
            _error(extra.span, "a second 'decree' header", lines, "keep one 'decree' block")
        )
    header = headers[0]
    return Decree(
        header.title,
        titles=tuple(i[1] for i in header.items if isinstance(i, tuple) and i[0] == "title"),
        preambles=tuple(i[1] for i in header.items if isinstance(i, tuple) and i[0] == "preamble"),
        notes=tuple(i for i in header.items if isinstance(i, Note)),
        groups=groups,
        clauses=tuple(clauses),
        counting=_single_counting(header.items, "the decree", lines, errors),
        span=header.span,
    )


def _single_counting(
    items: Sequence[Any], owner: str, lines: dict[str, list[str]], errors: list[DecreeRulesError]
) -> CountingLine | None:
    found = [item for item in items if isinstance(item, CountingLine)]
    for extra in found[1:]:
        errors.append(
            _error(
                extra.span,
                f"{owner} has a second 'counting' line; the first is on line {found[0].span.line}",
                lines,
                "state the counting once: counting civil_code without shift_forward",
            )
        )
    return found[0] if found else None


def _assemble_clause(
    draft: _ClauseDraft, lines: dict[str, list[str]], errors: list[DecreeRulesError]
) -> Clause | None:
    texts: list[Text] = []
    notes: list[Note] = []
    repeals: list[RepealedAct] = []
    exemptions: list[Exemption] = []
    single: dict[str, Any] = {}
    slot_of: dict[type, str] = {
        **{kind: "scope" for kind in _SCOPES},
        **{kind: "deadline" for kind in _DEADLINES},
        Obligation: "obligation",
        EarlyEvents: "early",
        Sharing: "sharing",
        _InForce: "in_force",
    }
    before = len(errors)
    for item in draft.items:
        if isinstance(item, Text):
            texts.append(item)
        elif isinstance(item, CountingLine):
            continue
        elif isinstance(item, Note):
            notes.append(item)
        elif isinstance(item, RepealedAct):
            repeals.append(item)
        elif isinstance(item, Exemption):
            exemptions.append(item)
        else:
            slot = slot_of[type(item)]
            if slot in single:
                errors.append(
                    _error(
                        item.span,
                        f"clause {draft.number} has a second {_ITEM_NAMES[type(item)]}; "
                        f"the first is on line {single[slot].span.line}",
                        lines,
                        "a clause sets at most one duty: one scope, one '... must ...' line "
                        "and one deadline",
                    )
                )
            else:
                single[slot] = item
    rule_parts = ("scope", "obligation", "deadline")
    present = [part for part in rule_parts if part in single]
    rule = None
    if present and len(present) < len(rule_parts):
        missing = [part for part in rule_parts if part not in single]
        anchor_item = single[present[0]]
        errors.append(
            _error(
                anchor_item.span,
                f"clause {draft.number} is missing {_describe_missing(missing)}",
                lines,
                _MISSING_EXAMPLES[missing[0]],
            )
        )
    elif present:
        extras = [single[k] for k in ("early", "sharing") if k in single]
        rule = Rule(
            scope=single["scope"],
            obligation=single["obligation"],
            deadline=single["deadline"],
            early_events=single.get("early"),
            exemptions=tuple(exemptions),
            sharing=single.get("sharing"),
            span=_join_spans([single[p].span for p in rule_parts] + [e.span for e in extras]),
        )
    else:
        for orphan in [single.get("early"), single.get("sharing"), *exemptions]:
            if orphan is not None:
                errors.append(
                    _error(
                        orphan.span,
                        f"clause {draft.number} has no duty for this line to qualify",
                        lines,
                        "add the scope, the '... must ...' line and the deadline, "
                        "or remove this line",
                    )
                )
    counting = _single_counting(draft.items, f"clause {draft.number}", lines, errors)
    if len(errors) > before:
        return None
    in_force = single.get("in_force")
    return Clause(
        number=str(draft.number),
        title=draft.title,
        texts=tuple(texts),
        rule=rule,
        repeals=tuple(repeals),
        in_force=in_force.day if in_force is not None else None,
        notes=tuple(notes),
        counting=counting,
        span=draft.span,
    )


_MISSING_EXAMPLES = {
    "scope": "say what creates the duty, e.g. 'every year' "
    "or 'for each reporting_meeting by heads'",
    "obligation": "say who owes what, e.g. 'the same actor must do report_posted on website'",
    "deadline": "say by when, e.g. 'within 10 calendar days after the meeting ends' "
    "or 'no deadline'",
}


def _describe_missing(missing: list[str]) -> str:
    words = {
        "scope": "what creates the duty ('every year', 'for each ...')",
        "obligation": "who owes it (a '... must ...' line)",
        "deadline": "a deadline ('within ...', 'by ...', 'during ...' or 'no deadline')",
    }
    return " and ".join(words[m] for m in missing)


def _join_spans(spans: list[Span]) -> Span:
    real = [s for s in spans if s.line > 0]
    if not real:
        return spans[0]
    first = min(real, key=lambda s: (s.line, s.column))
    last = max(real, key=lambda s: (s.end_line, s.end_column))
    return Span(first.file, first.line, first.column, last.end_line, last.end_column)


def _error(span: Span, message: str, lines: dict[str, list[str]], hint: str) -> RuleError:
    return RuleError(message, span_location(span), source_line=_line_of(span, lines), hint=hint)


def _line_of(span: Span, lines: dict[str, list[str]]) -> str | None:
    file_lines = lines.get(span.file)
    if file_lines and 0 < span.line <= len(file_lines):
        return file_lines[span.line - 1]
    return None


__all__ = ["assemble", "parse_blocks"]
