"""Checks a parsed decree means something: known names, clauses that fit together.

Errors stop evaluation; warnings (a duty without a deadline) are advice for the author.
Every message points at the word or line, says what was found and what was expected. Each
kind of finding has its own code (``DR-R...`` errors, ``DR-W...`` warnings), and its
``args`` hold the values the message was made from.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from decree_rules.core.diagnostics import DecreeRulesError, RuleError, raise_collected
from decree_rules.core.limits import MAX_TERMS, TERM_REASON
from decree_rules.core.policies import valid_names
from decree_rules.core.source import Span, source_lines, span_location
from decree_rules.core.vocabulary import DEPUTY_PREFIX, Level, Role, WordKind, values
from decree_rules.lang.advice import Advice, advise
from decree_rules.lang.model import (
    Act,
    After,
    Anchor,
    Attend,
    Before,
    Bound,
    BoundKind,
    ChangeKind,
    Clause,
    Condition,
    ConditionKind,
    CountingLine,
    DayOfNextMonth,
    Decree,
    DoAction,
    EnsureIncluded,
    EveryQuarter,
    EveryYear,
    Exemption,
    FixedDate,
    ForEachEvent,
    Group,
    OnMeetingDay,
    PeriodKind,
    Rule,
    Term,
    Window,
    Word,
    change_day,
)

LANGUAGES = ("kk", "ru", "en")
EXEMPTION_FIELDS = ("body", "role", "level", "id")


def validate(decree: Decree, *, sources: Mapping[str, str] | None = None) -> None:
    """Raise every error found in ``decree`` (as an ErrorGroup when there are several)."""
    checker = _Checker(decree, sources or {})
    raise_collected([*checker.errors(), *checker.advice().errors])


def validate_counting(line: CountingLine, *, sources: Mapping[str, str] | None = None) -> None:
    """Raise an error for each name of ``line`` that is no counting bundle or policy.

    The same errors as a ``counting`` line of a rule file (``DR-R009``, with a suggestion);
    ``sources`` gives the text the line was read from, to show it under the messages.
    """
    lines = {name: source_lines(text) for name, text in (sources or {}).items()}
    raise_collected(_counting_errors(line, lambda span: _line_in(lines, span)))


def lint(decree: Decree, *, sources: Mapping[str, str] | None = None) -> list[DecreeRulesError]:
    """Errors and the warnings not acknowledged, in file order; nothing is raised."""
    return list(lint_advice(decree, sources=sources)[0])


def lint_advice(
    decree: Decree, *, sources: Mapping[str, str] | None = None
) -> tuple[list[DecreeRulesError], tuple[DecreeRulesError, ...]]:
    """What ``lint`` shows (errors and warnings, in file order), and the warnings that
    the rule files acknowledge (not shown, counted)."""
    checker = _Checker(decree, sources or {})
    advice = checker.advice()
    found = [*checker.errors(), *advice.errors, *advice.shown]
    ordered = sorted(found, key=lambda e: (e.location.file, e.location.line or 0))
    return ordered, advice.acknowledged


class _Checker:
    def __init__(self, decree: Decree, sources: Mapping[str, str]) -> None:
        self.decree = decree
        self.lines = {name: source_lines(text) for name, text in sources.items()}
        self.groups: dict[str, Group] = {}
        self.vocabulary = decree.vocabulary
        self.found: list[DecreeRulesError] = []

    # -- reporting --

    def _add(
        self,
        code: str,
        span: Span,
        message: str,
        hint: str | None = None,
        args: Mapping[str, Any] | None = None,
    ) -> None:
        self.found.append(
            RuleError(
                message,
                span_location(span),
                code=code,
                source_line=self._line(span),
                hint=hint,
                args=args,
            )
        )

    def _line(self, span: Span) -> str | None:
        return _line_in(self.lines, span)

    def _unknown(
        self, code: str, term: Term, what: str, choices: Sequence[str], example: str
    ) -> None:
        self.found.append(
            _unknown_name(code, term, what, choices, example, source_line=self._line(term.span))
        )

    # -- errors --

    def errors(self) -> list[DecreeRulesError]:
        self.found = []
        self._check_header()
        self._check_groups()
        self._check_words()
        seen: dict[str, Clause] = {}
        for clause in self.decree.clauses:
            if clause.change is not None:
                self._check_change(clause)
                self._check_clause(clause)
                continue
            if clause.number in seen:
                first = seen[clause.number]
                self._add(
                    "DR-R013",
                    clause.span,
                    f"clause {clause.number} is defined twice (first on line {first.span.line})",
                    "give each clause its own number, like 12.1 and 12.2",
                    {"clause": clause.number, "first_line": first.span.line},
                )
            seen[clause.number] = clause
            self._check_clause(clause)
        self._check_in_force()
        self._check_versions()
        return list(self.found)

    # -- the law over time --

    def _check_change(self, clause: Clause) -> None:
        """An ``amended by`` line: a known act, a day, and a clause that exists (or not)."""
        change = clause.change
        assert change is not None
        act = self.decree.act(change.act.name)
        if act is None:
            names = [a.name.name for a in self.decree.acts]
            self._unknown("DR-R073", change.act, "act", names, 'act amendment_2018 "..."')
            return
        base = [c for c in self.decree.clauses if c.number == clause.number and c.change is None]
        kind = change.kind
        if kind is ChangeKind.ADDED and base:
            self._add(
                "DR-R076",
                change.span,
                f"clause {clause.number} is in the decree (line {base[0].span.line}): "
                "an act amends it rather than adds it",
                f"amended by {change.act.name}",
                {"clause": clause.number, "first_line": base[0].span.line},
            )
        elif kind is not ChangeKind.ADDED and not base:
            self._add(
                "DR-R075",
                change.span,
                f"the decree has no clause {clause.number} to be {kind.value}",
                f"added by {change.act.name}   (for a clause the act adds)",
                {"clause": clause.number, "change": kind.value},
            )
        day = change_day(clause, act)
        in_force = self.decree.in_force
        if day is None:
            self._add(
                "DR-R074",
                change.span,
                f"clause {clause.number}: act {act.name.name} states no entry into force, "
                "so the day this text applies from is unknown",
                f"{kind.value} by {act.name.name} from 2018-01-11   "
                "(or add 'enters into force on ...' to the act)",
                {"clause": clause.number, "act": act.name.name},
            )
        elif in_force is not None and day <= in_force:
            self._add(
                "DR-R077",
                change.span,
                f"clause {clause.number}: a text {kind.value} from {day.isoformat()} "
                f"would apply no later than the decree itself ({in_force.isoformat()})",
                f"{kind.value} by {act.name.name} from a day after {in_force.isoformat()}",
                {
                    "clause": clause.number,
                    "from": day.isoformat(),
                    "in_force": in_force.isoformat(),
                },
            )

    def _check_versions(self) -> None:
        """Acts named twice (DR-R078); two texts of one clause from the same day (DR-R072)."""
        acts: dict[str, Act] = {}
        for act in self.decree.acts:
            for text in act.texts:
                self._check_language(text.language)
            if act.name.name in acts:
                self._add(
                    "DR-R078",
                    act.name.span,
                    f"act {act.name.name} is defined twice "
                    f"(first on line {acts[act.name.name].span.line})",
                    "give each act its own name, like amendment_2018 and amendment_2020",
                    {"act": act.name.name, "first_line": acts[act.name.name].span.line},
                )
                continue
            acts[act.name.name] = act
        first: dict[tuple[str, object], Clause] = {}
        for clause in self.decree.clauses:
            if clause.change is None:
                continue
            day = change_day(clause, acts.get(clause.change.act.name))
            if day is None:
                continue
            key = (clause.number, day)
            if key in first:
                earlier = first[key]
                self._add(
                    "DR-R072",
                    clause.span,
                    f"clause {clause.number} has two texts from {day.isoformat()} "
                    f"(the other on line {earlier.span.line})",
                    "keep one text per day; a later change needs its own 'from' day",
                    {
                        "clause": clause.number,
                        "from": day.isoformat(),
                        "first_line": earlier.span.line,
                    },
                )
            else:
                first[key] = clause

    def _check_header(self) -> None:
        if not self.decree.title.strip():
            self._add(
                "DR-R024", self.decree.span, "the decree has an empty title", 'decree "<title>"'
            )
        for text in (*self.decree.titles, *self.decree.preambles):
            self._check_language(text.language)
        self._check_counting(self.decree.counting)

    def _check_language(self, term: Term) -> None:
        if term.name not in LANGUAGES:
            self._unknown("DR-R010", term, "language", LANGUAGES, 'text kk "..."')

    def _check_groups(self) -> None:
        self.groups = {}
        roles = values(Role)
        for group in self.decree.groups:
            name = group.name.name
            if name in self.groups:
                self._add(
                    "DR-R014",
                    group.name.span,
                    f"group '{name}' is defined twice",
                    args={"group": name},
                )
            elif name in roles:
                self._add(
                    "DR-R015",
                    group.name.span,
                    f"'{name}' is a role; a group needs a name of its own",
                    "group heads = central_body_head, anticorruption_head",
                    {"name": name},
                )
            self.groups[name] = group
            for role in group.roles:
                if role.name not in roles:
                    self._unknown("DR-R002", role, "role", roles, "group heads = central_body_head")
            if group.levels:
                if group.roles[0].name != Role.AKIM.value:
                    self._add(
                        "DR-R016",
                        group.roles[0].span,
                        f"levels belong to akims, not to '{group.roles[0].name}'",
                        "group top_akims = akim at region, republican_city, capital",
                        {"role": group.roles[0].name},
                    )
                for level in group.levels:
                    if level.name not in values(Level):
                        self._unknown(
                            "DR-R004", level, "level", values(Level), "akim at region, district"
                        )

    def _check_who(self, names: Iterable[Term]) -> None:
        choices = (*values(Role), *self.groups)
        for term in names:
            if term.name not in choices:
                self._unknown("DR-R001", term, "role or group", choices, "heads, executive_akims")

    def _check_words(self) -> None:
        """Each word declared once per kind; no participant tag in the built-in form."""
        first: dict[tuple[WordKind, str], Word] = {}
        for word in self.decree.words:
            name, kind = word.name.name, word.kind.value
            earlier = first.setdefault((word.kind, name), word)
            if earlier is not word:
                self._add(
                    "DR-R060",
                    word.name.span,
                    f"{kind} '{name}' is declared twice (first on line {earlier.span.line})",
                    "declare each word once; keep the declaration that says what it means",
                    {"kind": kind, "name": name, "first_line": earlier.span.line},
                )
            if word.kind is WordKind.PARTICIPANT and name.startswith(DEPUTY_PREFIX):
                self._add(
                    "DR-R061",
                    word.name.span,
                    f"participant '{name}' cannot be declared: '{DEPUTY_PREFIX}<actor id>' is "
                    "built in (a deputy of an office of the registry)",
                    "an event lists a deputy as deputy_of:<actor id>, and 'attend that meeting "
                    "in person or by a deputy' counts it; declare tags like public_council",
                    {"name": name},
                )

    def _check_word(
        self, code: str, term: Term, kind: WordKind, what: str, *, example: str, lead: str = ""
    ) -> None:
        """A word a clause names must be declared. The hint's example is ``lead`` and
        ``example`` (the contract's word), or the first word declared when it is not one."""
        declared = self.vocabulary.words(kind)
        if term.name in declared:
            return
        if declared:
            shown = example if example in declared else declared[0]
            self._unknown(code, term, what, declared, lead + shown)
            return
        self.found.append(
            RuleError(
                f"unknown {what} '{term.name}'",
                span_location(term.span),
                code=code,
                source_line=self._line(term.span),
                hint=f"the rules declare no {what}; declare it in a line of its own, e.g. "
                f'{kind.value} {term.name} "what it means"',
                args={"name": term.name, "kind": what, "suggestion": None, "expected": []},
            )
        )

    def _check_action(self, term: Term) -> None:
        self._check_word("DR-R005", term, WordKind.ACTION, "action", example="report_posted")

    def _check_conditions(self, conditions: Iterable[Condition]) -> None:
        for condition in conditions:
            if condition.kind is ConditionKind.CHANNEL:
                for term in condition.any_of:
                    self._check_word(
                        "DR-R006", term, WordKind.CHANNEL, "channel", example="website", lead="on "
                    )
            elif condition.kind is ConditionKind.RECIPIENT:
                for term in condition.any_of:
                    self._check_word(
                        "DR-R007",
                        term,
                        WordKind.RECIPIENT,
                        "recipient",
                        example="government",
                        lead="to ",
                    )

    def _check_counting(self, line: CountingLine | None) -> None:
        if line is not None:
            self.found.extend(_counting_errors(line, self._line))

    def _check_clause(self, clause: Clause) -> None:
        self._check_counting(clause.counting)
        for text in clause.texts:
            self._check_language(text.language)
        # A text an act gives quotes that act, in the languages the rules have it in (an
        # illustrative act has no Kazakh original); a repeal needs no text at all.
        changed = clause.change is not None
        if clause.text("kk") is None and not (changed and (clause.texts or clause.rule is None)):
            self._add(
                "DR-R025",
                clause.span,
                f"clause {clause.number} has no Kazakh text",
                'every clause quotes the authoritative text it comes from: text kk "..."',
                {"clause": clause.number},
            )
        for act in clause.repeals:
            if act.kind.name not in ("decree", "resolution", "law", "order"):
                self._unknown(
                    "DR-R011",
                    act.kind,
                    "kind of act",
                    ("decree", "resolution", "law", "order"),
                    "decree",
                )
        if clause.rule is not None:
            self._check_rule(clause, clause.rule)

    def _check_rule(self, clause: Clause, rule: Rule) -> None:
        self._check_scope_names(rule.scope)
        self._check_obligation_names(rule.obligation.bound, rule.obligation.duty)
        for exemption in rule.exemptions:
            self._check_exemption(exemption)
        self._check_numbers(rule.deadline, rule)
        self._check_combination(clause, rule)

    def _check_scope_names(self, scope: object) -> None:
        if isinstance(scope, ForEachEvent):
            self._check_action(scope.action)
            self._check_who(scope.by)
            self._check_conditions(scope.conditions)
        elif isinstance(scope, EveryQuarter):
            self._check_action(scope.since_first)

    def _check_obligation_names(self, bound: Bound, duty: object) -> None:
        if bound.kind is BoundKind.LISTED:
            self._check_who(bound.who)
        elif bound.kind is BoundKind.NEAREST_ABOVE:
            self._check_nearest(bound.who[0])
        if isinstance(duty, DoAction):
            self._check_action(duty.action)
            self._check_conditions(duty.conditions)
        elif isinstance(duty, EnsureIncluded):
            for term in duty.any_of:
                self._check_word(
                    "DR-R008",
                    term,
                    WordKind.PARTICIPANT,
                    "participant tag",
                    example="public_council",
                )

    def _check_exemption(self, exemption: Exemption) -> None:
        field, value = exemption.field, exemption.value
        if field.name not in EXEMPTION_FIELDS:
            self._unknown("DR-R012", field, "exemption field", EXEMPTION_FIELDS, "body defence")
        elif field.name == "role" and value.name not in values(Role):
            self._unknown("DR-R002", value, "role", values(Role), "except role rector")
        elif field.name == "level" and value.name not in values(Level):
            self._unknown("DR-R004", value, "level", values(Level), "except level rural")

    def _check_nearest(self, term: Term) -> None:
        group = self.groups.get(term.name)
        if group is None:
            self._unknown(
                "DR-R003",
                term,
                "group",
                tuple(self.groups),
                "the nearest top_akims above the actor",
            )
        elif group.roles[0].name != Role.AKIM.value or len(group.roles) != 1:
            self._add(
                "DR-R017",
                term.span,
                f"'the nearest ... above' walks up the akims' 'parent' links; "
                f"group '{term.name}' is not a group of akims",
                "the nearest top_akims above the actor must attend that meeting in person",
                {"group": term.name},
            )

    def _check_numbers(self, deadline: object, rule: Rule) -> None:
        if isinstance(deadline, Window) and not 1 <= deadline.quarter <= 4:
            self._add(
                "DR-R028",
                deadline.span,
                f"there is no quarter {deadline.quarter}; quarters are 1 to 4",
                "during quarter 2",
                {"quarter": deadline.quarter},
            )
        if isinstance(deadline, FixedDate):
            # 29 February is refused: it would not exist in most years.
            last = stdlib_calendar.monthrange(2023, deadline.month)[1]
            if not 1 <= deadline.day <= last:
                month = stdlib_calendar.month_name[deadline.month]
                self._add(
                    "DR-R029",
                    deadline.span,
                    f"{month} has no day {deadline.day} every year",
                    "by 15 January",
                    {"month": month, "day": deadline.day},
                )
        if isinstance(deadline, DayOfNextMonth) and not 1 <= deadline.day <= 28:
            self._add(
                "DR-R030",
                deadline.span,
                f"day {deadline.day} does not exist in every month; use a day from 1 to 28",
                "by day 10 of the month after the quarter",
                {"day": deadline.day},
            )
        durations = []
        if isinstance(deadline, After | Before):
            durations.append(deadline.duration)
        for duration in durations:
            if duration.amount < 1:
                self._add(
                    "DR-R031",
                    duration.span,
                    f"a term of {duration.amount} {duration.unit.value} counts nothing",
                    "within 10 calendar days after the meeting ends",
                    {"amount": duration.amount, "unit": duration.unit.value},
                )
            limit = MAX_TERMS[duration.unit]
            if duration.amount > limit:
                self._add(
                    "DR-R042",
                    duration.span,
                    f"a term of {duration.amount:,} {duration.unit.value} is longer than a "
                    f"year (at most {limit} {duration.unit.value})",
                    f"{TERM_REASON}; e.g. within 1 month after the meeting ends",
                    {"amount": duration.amount, "unit": duration.unit.value, "limit": limit},
                )

    def _check_combination(self, clause: Clause, rule: Rule) -> None:
        """The scope, the bound, the duty and the deadline fit together (in this order)."""
        self._check_deadline_fits_scope(clause.number, rule)
        self._check_bound_fits_scope(clause.number, rule)
        self._check_meeting_duty(clause.number, rule)
        self._check_qualifiers(clause.number, rule)

    def _check_deadline_fits_scope(self, number: str, rule: Rule) -> None:
        scope, deadline = rule.scope, rule.deadline
        per_event = isinstance(scope, ForEachEvent)
        if isinstance(deadline, Window | FixedDate) and not isinstance(scope, EveryYear):
            self._add(
                "DR-R032",
                deadline.span,
                f"clause {number}: this deadline belongs to a yearly duty; "
                "the clause needs 'every year'",
                "every year ... during quarter 2",
                {"clause": number},
            )
        if isinstance(deadline, DayOfNextMonth):
            needed = EveryQuarter if deadline.period is PeriodKind.QUARTER else EveryYear
            if not isinstance(scope, needed):
                word = "every quarter ..." if needed is EveryQuarter else "every year"
                self._add(
                    "DR-R033",
                    deadline.span,
                    f"clause {number}: 'by day N of the month after the "
                    f"{deadline.period.value}' needs '{word}'",
                    "every quarter from the quarter of the first reporting_meeting",
                    {"clause": number, "period": deadline.period.value, "scope": word},
                )
        if isinstance(deadline, After | Before | OnMeetingDay) and not per_event:
            self._add(
                "DR-R034",
                deadline.span,
                f"clause {number}: a term counted from an event needs 'for each <action> by ...'",
                "for each reporting_meeting by heads",
                {"clause": number},
            )

    def _check_bound_fits_scope(self, number: str, rule: Rule) -> None:
        scope, bound, duty = rule.scope, rule.obligation.bound, rule.obligation.duty
        if bound.kind is not BoundKind.LISTED and not isinstance(scope, ForEachEvent):
            self._add(
                "DR-R035",
                bound.span,
                f"clause {number}: '{bound.kind.value}' refers to the event that creates "
                "the duty; the clause needs 'for each <action> by ...'",
                "for each reporting_meeting by heads",
                {"clause": number, "bound": bound.kind.value},
            )
        meetings, actions = self.vocabulary.meetings, self.vocabulary.actions
        # An action not declared is reported as such, not as one that is no meeting.
        unknown = isinstance(scope, ForEachEvent) and scope.action.name not in actions
        if (
            isinstance(duty, EnsureIncluded | Attend)
            and not unknown
            and not (isinstance(scope, ForEachEvent) and scope.action.name in meetings)
        ):
            if meetings:
                needs, hint = f"'for each {meetings[0]} by ...'", f"for each {meetings[0]} by heads"
            else:
                needs = "'for each ACTION by ...' of an action declared 'is a meeting'"
                hint = 'e.g. action reporting_meeting "a reporting meeting" is a meeting'
            self._add(
                "DR-R036",
                duty.span,
                f"clause {number}: 'that meeting' needs {needs}",
                hint,
                {"clause": number},
            )

    def _check_meeting_duty(self, number: str, rule: Rule) -> None:
        deadline = rule.deadline
        meeting_duty = isinstance(rule.obligation.duty, EnsureIncluded | Attend)
        if meeting_duty != isinstance(deadline, OnMeetingDay):
            if meeting_duty:
                self._add(
                    "DR-R037",
                    deadline.span,
                    f"clause {number}: a duty met at the meeting itself is due "
                    "'when that meeting is held'",
                    "when that meeting is held",
                    {"clause": number},
                )
            else:
                self._add(
                    "DR-R038",
                    deadline.span,
                    f"clause {number}: 'when that meeting is held' fits only "
                    "'ensure that meeting includes ...' or 'attend that meeting ...'",
                    "within 10 calendar days after the meeting ends",
                    {"clause": number},
                )

    def _check_qualifiers(self, number: str, rule: Rule) -> None:
        scope, deadline, duty = rule.scope, rule.deadline, rule.obligation.duty
        if (
            isinstance(deadline, After | Before)
            and deadline.anchor is not Anchor.REPORT_RECEIVED
            and isinstance(scope, ForEachEvent)
            and scope.action.name in self.vocabulary.actions
            and scope.action.name not in self.vocabulary.meetings
        ):
            self._add(
                "DR-R039",
                deadline.span,
                f"clause {number}: '{deadline.anchor.value}' needs a meeting; this duty is "
                f"created by '{scope.action.name}'",
                "within 1 month after the report is received",
                {"clause": number, "anchor": deadline.anchor.value, "action": scope.action.name},
            )
        if rule.early_events is not None and not isinstance(deadline, Window):
            self._add(
                "DR-R040",
                rule.early_events.span,
                f"clause {number}: 'events earlier in the year count' qualifies a window "
                "('during quarter N')",
                "during quarter 2",
                {"clause": number},
            )
        sharing = rule.sharing
        if sharing is not None and (sharing.named or sharing.every_duty):
            by_event = isinstance(scope, ForEachEvent) or not sharing.named
            if not isinstance(duty, DoAction) or not by_event:
                self._add(
                    "DR-R082" if sharing.named else "DR-R081",
                    sharing.span,
                    f"clause {number}: 'one event serves every open duty it "
                    f"{'names' if sharing.named else 'fits'}' qualifies a duty done by an event "
                    "('... must do ACTION')"
                    + (", created by events ('for each ACTION ...')" if sharing.named else ""),
                    "the same actor must do results_reported to government",
                    {"clause": number},
                )
        elif rule.sharing is not None and not (
            isinstance(deadline, Before) and isinstance(duty, DoAction)
        ):
            self._add(
                "DR-R041",
                rule.sharing.span,
                f"clause {number}: 'one event serves every meeting ...' qualifies a notice "
                "('at least N calendar days before the meeting starts')",
                "at least 10 calendar days before the meeting starts",
                {"clause": number},
            )
        self._check_readings(number, rule)

    def _check_readings(self, number: str, rule: Rule) -> None:
        """'the term runs from ...' and 'events may meet the conditions together'."""
        term_from, scope, deadline = rule.term_from, rule.scope, rule.deadline
        if term_from is not None:
            if not (
                isinstance(scope, ForEachEvent)
                and scope.last_of_year
                and isinstance(deadline, After)
                and deadline.anchor is not Anchor.REPORT_RECEIVED
            ):
                self._add(
                    "DR-R079",
                    term_from.span,
                    f"clause {number}: 'the term runs from ...' qualifies a term after the "
                    "last meeting of the year ('for each last ... of the year' and "
                    "'within ... after the meeting ends')",
                    "within 1 month after the meeting ends",
                    {"clause": number},
                )
            elif term_from.below is not None:
                self._check_who((term_from.below,))
        together = rule.together
        duty = rule.obligation.duty
        if together is not None and not (isinstance(duty, DoAction) and len(duty.conditions) > 1):
            self._add(
                "DR-R080",
                together.span,
                f"clause {number}: 'events may meet the conditions together' needs a duty "
                "with two conditions or more",
                "the same actor must do results_reported to presidential_administration "
                "and to government",
                {"clause": number},
            )

    def _check_in_force(self) -> None:
        stated = [c for c in self.decree.clauses if c.in_force is not None and c.change is None]
        if not stated:
            self._add(
                "DR-R026",
                self.decree.span,
                "no clause says when the decree enters into force",
                "add a clause with: enters into force on 2016-01-01",
            )
        for extra in stated[1:]:
            self._add(
                "DR-R027",
                extra.span,
                f"clause {extra.number} states a second entry into force "
                f"(clause {stated[0].number} already does)",
                "keep one 'enters into force on ...' line",
                {"clause": extra.number, "first_clause": stated[0].number},
            )

    # -- warnings --

    def advice(self) -> Advice:
        return advise(self.decree, self._line)


def _line_in(lines: Mapping[str, list[str]], span: Span) -> str | None:
    file_lines = lines.get(span.file)
    if file_lines and 0 < span.line <= len(file_lines):
        return file_lines[span.line - 1]
    return None


def _counting_errors(
    line: CountingLine, source_line: Callable[[Span], str | None]
) -> list[DecreeRulesError]:
    """The names of a ``counting`` line that are no bundle or policy (``DR-R009``).

    ``source_line`` gives the text shown under a message, for the span of a name.
    """
    choices = valid_names()
    return [
        _unknown_name(
            "DR-R009",
            term,
            "counting policy",
            choices,
            "counting civil_code without shift_forward",
            source_line=source_line(term.span),
        )
        for term in (*line.names, *line.without)
        if term.name not in choices
    ]


def _unknown_name(
    code: str,
    term: Term,
    what: str,
    choices: Sequence[str],
    example: str,
    *,
    source_line: str | None = None,
) -> RuleError:
    """``unknown <what> 'name'; did you mean ...?``, with the choices and an example."""
    close = difflib.get_close_matches(term.name, choices, n=1)
    message = f"unknown {what} '{term.name}'"
    if close:
        message += f"; did you mean '{close[0]}'?"
    return RuleError(
        message,
        span_location(term.span),
        code=code,
        source_line=source_line,
        hint=f"expected one of {_listing(choices)}; e.g. {example}",
        args={
            "name": term.name,
            "kind": what,
            "suggestion": close[0] if close else None,
            "expected": list(choices),
        },
    )


def _listing(choices: Sequence[str]) -> str:
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 2:
        return " or ".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
