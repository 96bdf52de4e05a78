"""The plan as SQL: one generator per kind of plan node, for DuckDB and PostgreSQL.

A duty plan the compiled engine carries becomes a short script (:func:`clause_sql`) over
these tables:

- ``events``: the events that take part, one row each, ``seq`` their place in time order
  (``named``: it names events in ``refs``);
- ``tenure``: the days each office exists (one row per row of the registry);
- ``office``: each office's role, level, body, first and last day, and whether its duties
  are decided here;
- ``parent``: each office's parent over its days;
- ``terms_<g>`` for a duty of a period: its periods with their due day and the days an
  event may discharge a duty of the period on, from the plan and the working-day calendar
  (so calendar overrides apply), computed by the same code as the Python engine's;
  ``eterm_<g>`` for a duty created by each event with a term: the due day of the term
  counted from each day (:func:`created_in_sql`; else ``duty_<g>``, the duties made by
  decree_rules).

The script chooses the offices the clause binds (``bound_<g>``), creates the duties of a
period (``duty_<g>``), of each triggering event (``trig_<g>``, ``duty_<g>``) or of each
meeting (``meet_<g>``), then walks each office's events in time order (a recursive query:
each event takes the earliest open duty it fits, or every open duty it fits for a shared
one) and leaves one row per event in ``walk_<g>``: the duties it took, the duty it was
noted against when it failed a condition, and why it fits none. For a warehouse, each
clause then adds its findings, the events it used and its reasons for the others
(:mod:`decree_rules.engine.sql_findings`). The engine words the facts later, by the
explain layer, as for the Python engine.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from decree_rules.engine.plan import DutyPlan, Plan
from decree_rules.lang.model import (
    After,
    Anchor,
    Attend,
    Before,
    BoundKind,
    Condition,
    ConditionKind,
    DayOfNextMonth,
    DoAction,
    EnsureIncluded,
    EveryQuarter,
    EveryYear,
    FixedDate,
    ForEachEvent,
    Group,
    NoDeadline,
    Once,
    OnMeetingDay,
    Term,
    Window,
)


class Dialect(enum.Enum):
    """The SQL dialects the plan compiles to."""

    DUCKDB = "duckdb"
    POSTGRES = "postgres"


@attrs.frozen
class Unsupported:
    """Why the compiled engine does not carry a duty plan (it runs in the Python engine)."""

    clause: str
    feature: str


def unsupported(texts: tuple[DutyPlan, ...] | list[DutyPlan]) -> Unsupported | None:
    """None when the compiled engine carries the competing texts of one clause; else the
    first plan feature it does not carry yet."""
    plan = texts[0]
    if plan.at_meeting:
        return _meeting_unsupported(plan)
    checks = (
        (len(texts) > 1 or plan.versioned, "a clause that an act changed"),
        (plan.together, "'events may meet the conditions together'"),
        (
            not plan.per_event and not isinstance(plan.scope, EveryYear | EveryQuarter | Once),
            f"the scope {type(plan.scope).__name__}",
        ),
        (
            not plan.per_event
            and not isinstance(plan.deadline, Window | FixedDate | DayOfNextMonth | NoDeadline),
            f"the deadline {type(plan.deadline).__name__}",
        ),
    )
    for failing, feature in checks:
        if failing:
            return Unsupported(plan.number, feature)
    return None


def _meeting_unsupported(plan: DutyPlan) -> Unsupported | None:
    """For a duty met at the triggering meeting: what of it is not compiled yet."""
    scope = plan.scope
    checks = (
        (plan.versioned, "a clause that an act changed"),
        (not isinstance(scope, ForEachEvent), "a duty met at a meeting of no event"),
        (isinstance(scope, ForEachEvent) and scope.last_of_year, "'for each last ...'"),
        (not isinstance(plan.deadline, OnMeetingDay), "a meeting duty with a term"),
    )
    for failing, feature in checks:
        if failing:
            return Unsupported(plan.number, feature)
    return None


def matches(names: tuple[Term, ...], groups: dict[str, Group], table: str = "o") -> str:
    """Whether the office ``table`` is one of the roles or groups ``names`` (as
    :meth:`~decree_rules.engine.offices.Offices.match` reads them)."""
    arms: list[str] = []
    for term in names:
        group = groups.get(term.name)
        if group is None:
            arms.append(f"{table}.role = {quote(term.name)}")
            continue
        roles = ", ".join(quote(role.name) for role in group.roles)
        arm = f"{table}.role IN ({roles})"
        if group.levels:
            levels = ", ".join(quote(level.name) for level in group.levels)
            arm += f" AND {table}.level IN ({levels})"
        arms.append(f"({arm})")
    return "(" + (" OR ".join(arms) or "FALSE") + ")"


def exempted(plan: DutyPlan, table: str = "o") -> str:
    """Whether the clause excepts the office ``table`` (its ``except`` lines)."""
    columns = {"body": "body", "role": "role", "level": "level", "id": "actor"}
    arms = [
        f"coalesce({table}.{columns[e.field.name]} = {quote(e.value.name)}, FALSE)"
        for e in plan.exemptions
        if e.field.name in columns
    ]
    return "(" + (" OR ".join(arms) or "FALSE") + ")"


def bound_sql(
    name: str, names: tuple[Term, ...], plan: DutyPlan, groups: dict[str, Group], *,
    local: bool,
) -> str:  # fmt: skip
    """The statement that fills ``name`` (actor, exempt) with the offices ``names`` binds
    (only the offices decided here when ``local``: a partition's)."""
    where = matches(names, groups) + (" AND o.local" if local else "")
    return (
        f"CREATE TEMP TABLE {name} AS SELECT o.actor, {exempted(plan)} AS exempt"
        f" FROM office o WHERE {where}"
    )


def terms_values(name: str, rows: list[tuple[object, ...]], dialect: Dialect) -> str:
    """The statement that fills the terms table ``name`` with ``rows`` (for a script)."""
    del dialect
    if not rows:
        return f"-- {name}: no period of the clause falls in the days checked"

    def literal(value: object) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, date):
            return literal_day(value)
        if isinstance(value, int):
            return str(value)
        return quote(str(value))

    values = ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
    return f"INSERT INTO {name} VALUES {values}"


def quote(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def literal_day(day: date) -> str:
    """``day`` as an SQL date literal."""
    return f"DATE {quote(day.isoformat())}"


def covers(dialect: Dialect, actor: str, day: str) -> str:
    """SQL: the office ``actor`` exists on ``day`` (a row of ``tenure`` covers it), as
    :meth:`~decree_rules.io.records.Actor.exists_on` asks."""
    del dialect  # the same in both
    return (
        f"EXISTS (SELECT 1 FROM tenure x WHERE x.actor = {actor}"
        f" AND (x.valid_from IS NULL OR x.valid_from <= {day})"
        f" AND (x.valid_until IS NULL OR {day} <= x.valid_until))"
    )


def _has_any(dialect: Dialect, column: str, words: tuple[str, ...]) -> str:
    listed = ", ".join(quote(word) for word in words)
    if dialect is Dialect.POSTGRES:
        return f"({column} && ARRAY[{listed}]::text[])"
    return f"list_has_any({column}, [{listed}])"


def failing_condition(plan: DutyPlan, dialect: Dialect) -> str:
    """The index of the first of the plan's conditions an event fails (NULL: none)."""
    assert isinstance(plan.duty, DoAction)
    return failing_of(plan.duty.conditions, dialect)


def failing_of(conditions: tuple[Condition, ...], dialect: Dialect) -> str:
    """The index of the first of ``conditions`` an event ``e`` fails (NULL: none)."""
    arms: list[str] = []
    for index, condition in enumerate(conditions):
        words = tuple(term.name for term in condition.any_of)
        if condition.kind is ConditionKind.CHANNEL:
            test = f"NOT {_has_any(dialect, 'e.channels', words)}"
        elif condition.kind is ConditionKind.RECIPIENT:
            test = f"NOT {_has_any(dialect, 'e.recipients', words)}"
        else:
            test = "NOT coalesce(e.video, false)"
        arms.append(f"WHEN {test} THEN {index}")
    if not arms:
        return "CAST(NULL AS INTEGER)"
    return "CASE " + " ".join(arms) + " END"


# Why an event cannot discharge a duty of a period, in the order the Python engine asks
# (engine.discharge._refusal): a ref or refs (a duty of a period belongs to no event), another
# period, before the first day it may come on, after the last.
_REFUSAL = (
    "CASE WHEN c.ref IS NOT NULL OR c.named THEN 'ref'"
    " WHEN c.period IS NOT NULL AND d.period IS NOT NULL AND c.period <> d.period"
    " THEN 'period'"
    " WHEN d.accept_from IS NOT NULL AND c.day < d.accept_from THEN 'too early'"
    " WHEN d.accept_until IS NOT NULL AND c.day > d.accept_until THEN 'too late' END"
)


def group_sql(
    group: int, plan: DutyPlan, *, in_force: date, as_of: date, dialect: Dialect
) -> list[str]:
    """The statements that decide the duties of ``plan`` (a plan the compiled engine
    carries: see :func:`unsupported`), as group number ``group``."""
    assert isinstance(plan.duty, DoAction)
    g = str(group)
    statements: list[str] = []
    joins = ""
    first_column = "CAST(NULL AS INTEGER) AS first_seq"
    scope = plan.scope
    if isinstance(scope, EveryQuarter):
        statements.append(
            f"CREATE TEMP TABLE first_{g} AS SELECT actor, min(seq) AS seq FROM events"
            f" WHERE action = {quote(scope.since_first.name)}"
            f" AND day >= {literal_day(in_force)} GROUP BY actor"
        )
        # A quarter is numbered year * 4 + quarter - 1; the first event's quarter on.
        divide = "/" if dialect is Dialect.POSTGRES else "//"  # integer division
        joins = (
            f" JOIN first_{g} f ON f.actor = b.actor JOIN events fe ON fe.seq = f.seq"
            " AND CAST(EXTRACT(YEAR FROM fe.day) AS INTEGER) * 4"
            f" + (CAST(EXTRACT(MONTH FROM fe.day) AS INTEGER) - 1) {divide} 3 <= t.qn"
        )
        first_column = "f.seq AS first_seq"
    elif isinstance(scope, Once):
        joins = (
            " JOIN office o ON o.actor = b.actor"
            f" AND (o.valid_from IS NULL OR o.valid_from <= {literal_day(as_of)})"
            f" AND (o.valid_until IS NULL OR o.valid_until >= {literal_day(in_force)})"
        )
    statements.append(
        f"CREATE TEMP TABLE duty_{g} AS SELECT"
        " row_number() OVER (ORDER BY coalesce(t.due, DATE '9999-12-31'),"
        " coalesce(t.year, 0), coalesce(t.quarter, 0), b.actor) AS k,"
        f" b.actor, b.exempt, t.period, t.accept_from, t.accept_until, t.due, {first_column}"
        f" FROM bound_{g} b CROSS JOIN terms_{g} t{joins}"
        f" WHERE (t.first_day IS NULL OR {covers(dialect, 'b.actor', 't.first_day')})"
        f" AND (t.due IS NULL OR {covers(dialect, 'b.actor', 't.due')})"
    )
    statements.extend(discharge_sql(group, plan, dialect=dialect, refusal=_REFUSAL))
    return statements


def _participant(dialect: Dialect, who: str) -> str:
    """Whether the meeting ``e`` lists ``who`` (an SQL expression) among its participants."""
    if dialect is Dialect.POSTGRES:
        return f"{who} = ANY(e.participants)"
    return f"list_contains(e.participants, {who})"


def above_sql(
    group: int, plan: DutyPlan, groups: dict[str, Group], *, in_force: date, dialect: Dialect
) -> str:
    """The statement that fills ``above_<g>``: for each office and day of a meeting that
    creates the duty, the nearest office of the bound group up its parents on that day
    (NULL: none), as :meth:`~decree_rules.engine.offices.Offices.nearest_above` walks them
    -- the parent the office had that day, while it is in the registry and exists that
    day, never twice."""
    scope = plan.scope
    assert isinstance(scope, ForEachEvent)
    g = str(group)
    if dialect is Dialect.POSTGRES:
        seen, unseen = "c.seen || p.parent", "NOT p.parent = ANY(c.seen)"
        start = "ARRAY[k.actor]::text[]"
    else:
        seen, unseen = "list_append(c.seen, p.parent)", "NOT list_contains(c.seen, p.parent)"
        start = "[k.actor]"
    held = (
        "(p.valid_from IS NULL OR p.valid_from <= c.day)"
        " AND (p.valid_until IS NULL OR c.day <= p.valid_until)"
    )
    return (
        f"CREATE TEMP TABLE above_{g} AS WITH RECURSIVE"
        " keys AS (SELECT DISTINCT e.actor, e.day FROM events e"
        f" JOIN by_{g} b ON b.actor = e.actor WHERE e.action = {quote(scope.action.name)}"
        f" AND e.day >= {literal_day(in_force)}),"
        " chain(actor, day, here, seen, found) AS ("
        f" SELECT k.actor, k.day, k.actor, {start}, CAST(NULL AS VARCHAR) FROM keys k"
        " UNION ALL"
        f" SELECT c.actor, c.day, p.parent, {seen},"
        f" CASE WHEN {matches(plan.bound.who, groups)} THEN p.parent END"
        " FROM chain c JOIN parent p ON p.actor = c.here"
        " JOIN office o ON o.actor = p.parent"
        f" WHERE c.found IS NULL AND {held} AND {unseen}"
        f" AND {covers(dialect, 'p.parent', 'c.day')})"
        " SELECT c.actor, c.day, max(c.found) AS owner,"
        f" coalesce(bool_or({exempted(plan, 'x')}), FALSE) AS exempt"
        " FROM chain c LEFT JOIN office x ON x.actor = c.found GROUP BY c.actor, c.day"
    )


def meeting_sql(group: int, plan: DutyPlan, *, in_force: date, dialect: Dialect) -> list[str]:
    """The statements that decide the duties of ``plan``, a duty met at each triggering
    meeting (who took part), as group number ``group``: one row per duty in
    ``meet_<g>``, with the meeting, the office that owes it (NULL: no office of the group
    above the meeting's office that day), and whether the meeting listed who it must."""
    scope = plan.scope
    assert isinstance(scope, ForEachEvent)
    g = str(group)
    kind = plan.bound.kind
    if kind is BoundKind.SAME_ACTOR:
        owners = "JOIN by_{g} o ON o.actor = e.actor"
        owner = "e.actor"
    elif kind is BoundKind.NEAREST_ABOVE:
        owners = "JOIN above_{g} o ON o.actor = e.actor AND o.day = e.day"
        owner = "o.owner"
    else:
        owners = "CROSS JOIN bound_{g} o"
        owner = "o.actor"
    duty = plan.duty
    if isinstance(duty, EnsureIncluded):
        attended = _has_any(dialect, "e.participants", tuple(t.name for t in duty.any_of))
    else:
        assert isinstance(duty, Attend)
        attended = _participant(dialect, owner)
        if duty.deputy_allowed:
            deputy = _participant(dialect, quote("deputy_of:") + " || " + owner)
            attended = f"({attended} OR {deputy})"
    exists = covers(dialect, owner, "e.day")
    return [
        f"CREATE TEMP TABLE meet_{g} AS SELECT e.seq, {owner} AS owner, o.exempt,"
        f" {attended} AS attended"
        f" FROM events e JOIN by_{g} b ON b.actor = e.actor {owners.format(g=g)}"
        f" WHERE e.action = {quote(scope.action.name)} AND e.day >= {literal_day(in_force)}"
        f" AND ({failing_of(scope.conditions, dialect)}) IS NULL"
        f" AND ({owner} IS NULL OR {exists})"
    ]


def created_in_sql(plan: DutyPlan) -> bool:
    """Whether the SQL itself creates the duties of ``plan``, a duty created by each event
    with a term (:func:`event_duty_sql`); else decree_rules makes them and fills
    ``duty_<g>`` (a term that runs from the meetings of the offices below: clause 9's
    other reading)."""
    return plan.per_event and not plan.at_meeting and not plan.term_below


def list_of(dialect: Dialect, column: str) -> str:
    """SQL: a list of the one value ``column``."""
    return f"ARRAY[{column}]" if dialect is Dialect.POSTGRES else f"[{column}]"


def gather(dialect: Dialect) -> str:
    """The aggregate that gathers values into a list."""
    return "array_agg" if dialect is Dialect.POSTGRES else "list"


def length_of(dialect: Dialect, column: str) -> str:
    """SQL: the number of entries of the list ``column``."""
    return f"cardinality({column})" if dialect is Dialect.POSTGRES else f"len({column})"


def year_of(column: str) -> str:
    """SQL: the year of the date ``column``, as an integer."""
    return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"


def trigger_sql(group: int, plan: DutyPlan, *, in_force: date, dialect: Dialect) -> str:
    """The statement that fills ``trig_<g>`` with the events that create the duties of
    ``plan``, as :meth:`~decree_rules.engine.duties.DutyMaker._triggers` chooses them: the
    events of the scope's action by its offices (``by_<g>``), from the entry into force,
    that meet its conditions; for 'each last ... of the year', the last of each office's
    year (by the day it ended, then its instant, then its place in time order), with the
    ids of all of them (``related``) and their number (``n``)."""
    scope = plan.scope
    assert isinstance(scope, ForEachEvent)
    g = str(group)
    chosen = (
        f"FROM events e JOIN by_{g} b ON b.actor = e.actor"
        f" WHERE e.action = {quote(scope.action.name)} AND e.day >= {literal_day(in_force)}"
        f" AND ({failing_of(scope.conditions, dialect)}) IS NULL"
    )
    columns = "e.seq, e.id, e.actor, e.day, e.end_day, e.instant, e.timed"
    if not scope.last_of_year:
        return (
            f"CREATE TEMP TABLE trig_{g} AS SELECT {columns}, {list_of(dialect, 'e.id')}"
            f" AS related, CAST(1 AS BIGINT) AS n, CAST(NULL AS INTEGER) AS of_year {chosen}"
        )
    year = f"PARTITION BY e.actor, {year_of('e.day')}"
    return (
        f"CREATE TEMP TABLE trig_{g} AS SELECT seq, id, actor, day, end_day, instant, timed,"
        " related, n, of_year FROM ("
        f"SELECT {columns}, {gather(dialect)}(e.id) OVER ({year}) AS related,"
        f" count(*) OVER ({year}) AS n, {year_of('e.day')} AS of_year,"
        f" row_number() OVER ({year} ORDER BY e.end_day DESC, e.instant DESC, e.seq DESC)"
        f" AS r {chosen}) t WHERE r = 1"
    )


def event_duty_sql(
    group: int,
    plan: DutyPlan,
    groups: dict[str, Group],
    *,
    in_force: date,
    dialect: Dialect,
    terms: str,
) -> list[str]:
    """The statements that create the duties of ``plan``, a duty created by each event with
    a term (see :func:`created_in_sql`), in ``duty_<g>`` (the columns of ``eduty``), as
    :meth:`~decree_rules.engine.duties.DutyMaker._per_event` makes them: for each trigger
    (``trig_<g>``), the office that owes it -- the same office, the nearest of a group
    above it (``above_<g>``; none: no duty, and the engine warns), or each office listed
    (``bound_<g>``) -- when that office exists on the trigger's day and is decided here;
    due on the day ``terms`` (``eterm``: anchor, due) gives for the trigger's start or
    end; exempt when the clause excepts the office or the duty would be due before the
    decree; numbered ``k`` in the order findings are reported."""
    scope, rule, kind = plan.scope, plan.deadline, plan.bound.kind
    assert isinstance(scope, ForEachEvent)
    g = str(group)
    statements = [bound_sql(f"by_{g}", scope.by, plan, groups, local=False)]
    if kind is BoundKind.LISTED:
        statements.append(bound_sql(f"bound_{g}", plan.bound.who, plan, groups, local=True))
        owners, owner = f"CROSS JOIN bound_{g} w", "w.actor"
    elif kind is BoundKind.NEAREST_ABOVE:
        statements.append(above_sql(group, plan, groups, in_force=in_force, dialect=dialect))
        owners = f"JOIN above_{g} w ON w.actor = t.actor AND w.day = t.day"
        owner = "w.owner"
    else:
        owners, owner = "", "t.actor"
    statements.append(trigger_sql(group, plan, in_force=in_force, dialect=dialect))
    accept_from, accept_until = "t.day", "CAST(NULL AS DATE)"
    if isinstance(rule, Before):
        accept_from, accept_until = "CAST(NULL AS DATE)", "t.day"
    if isinstance(rule, After | Before):
        anchor = "t.end_day" if rule.anchor is Anchor.MEETING_ENDS else "t.day"
        due, term = "x.due", f" LEFT JOIN {terms} x ON x.anchor = {anchor}"
    else:
        assert isinstance(rule, NoDeadline)
        due, term = "CAST(NULL AS DATE)", ""
    before_law = f"coalesce({due} < {literal_day(in_force)}, FALSE)"
    statements.append(
        f"CREATE TEMP TABLE duty_{g} AS SELECT row_number() OVER (ORDER BY"
        " coalesce(d.due, DATE '9999-12-31'), coalesce(d.of_year, 0), d.trigger_instant,"
        " d.actor, d.trigger_seq) AS k, d.* FROM ("
        f"SELECT {owner} AS actor, CAST({year_of('t.day')} AS VARCHAR) AS period,"
        f" {accept_from} AS accept_from, {accept_until} AS accept_until,"
        f" ({exempted(plan)} OR {before_law}) AS exempt, t.related,"
        f" t.day AS trigger_day, {year_of('t.day')} AS trigger_year,"
        " t.instant AS trigger_instant, t.timed AS trigger_timed, t.seq AS trigger_seq,"
        f" {due} AS due, t.of_year, t.n"
        f" FROM trig_{g} t {owners} JOIN office o ON o.actor = {owner} AND o.local{term}"
        f" WHERE {covers(dialect, owner, 't.day')}) d"
    )
    return statements


def clauses(plan: Plan) -> list[list[DutyPlan]]:
    """The duty plans of ``plan`` by clause, in clause order (a clause's texts together)."""
    by_clause: dict[int, list[DutyPlan]] = {}
    for duty in plan.duties:
        by_clause.setdefault(duty.index, []).append(duty)
    return list(by_clause.values())


def clause_sql(
    group: int,
    plan: DutyPlan,
    groups: dict[str, Group],
    *,
    in_force: date,
    as_of: date,
    dialect: Dialect,
    terms: str | None = None,
) -> list[str]:
    """Every statement that decides ``plan`` as group ``group``, once its input tables are
    filled: ``terms_<g>`` for a duty of a period; for one created by each event with a
    term, ``terms`` (default ``eterm_<g>``), the due day for each day a term may count
    from, or ``duty_<g>`` itself where the SQL does not create the duties
    (:func:`created_in_sql`); none for a duty met at a meeting."""
    if plan.at_meeting:
        scope = plan.scope
        assert isinstance(scope, ForEachEvent)
        statements = [bound_sql(f"by_{group}", scope.by, plan, groups, local=False)]
        if plan.bound.kind is BoundKind.LISTED:
            who = plan.bound.who
            statements.append(bound_sql(f"bound_{group}", who, plan, groups, local=False))
        elif plan.bound.kind is BoundKind.NEAREST_ABOVE:
            statements.append(above_sql(group, plan, groups, in_force=in_force, dialect=dialect))
        return [*statements, *meeting_sql(group, plan, in_force=in_force, dialect=dialect)]
    if plan.per_event:
        walk = discharge_sql(group, plan, dialect=dialect, refusal=event_refusal(plan, dialect))
        if not created_in_sql(plan):
            return walk
        made = event_duty_sql(
            group, plan, groups, in_force=in_force, dialect=dialect,
            terms=terms if terms is not None else f"eterm_{group}",
        )  # fmt: skip
        return [*made, *walk]
    return [
        bound_sql(f"bound_{group}", plan.bound.who, plan, groups, local=True),
        *group_sql(group, plan, in_force=in_force, as_of=as_of, dialect=dialect),
    ]


def event_refusal(plan: DutyPlan, dialect: Dialect) -> str:
    """Why an event ``c`` cannot discharge a duty ``d`` created by an event (NULL: it can),
    in the order the Python engine asks (engine.discharge._refusal): a ref or refs to none
    of the duty's events, another period, a notice of another year, too early or before
    the trigger started, too late or after the meeting started."""
    rule = plan.deadline
    if dialect is Dialect.POSTGRES:
        has_ref, has_refs = "c.ref = ANY(d.related)", "d.related && c.refs"
    else:
        has_ref, has_refs = "list_contains(d.related, c.ref)", "list_has_any(d.related, c.refs)"
    timed_pair = "d.trigger_day IS NOT NULL AND c.timed AND d.trigger_timed"
    arms = [
        f"WHEN (c.ref IS NOT NULL AND NOT {has_ref}) OR (c.named AND NOT {has_refs}) THEN 'ref'",
        "WHEN c.period IS NOT NULL AND d.period IS NOT NULL AND c.period <> d.period THEN 'period'",
    ]
    if isinstance(rule, Before):
        arms.append(
            "WHEN d.trigger_day IS NOT NULL AND c.period IS NULL AND c.ref IS NULL"
            f" AND NOT c.named AND {year_of('c.day')} <> d.trigger_year"
            " THEN 'notice year'"
        )
    arms.append("WHEN d.accept_from IS NOT NULL AND c.day < d.accept_from THEN 'too early'")
    if isinstance(rule, After):
        arms.append(
            "WHEN d.accept_from IS NOT NULL AND c.day = d.accept_from AND c.day = d.trigger_day"
            f" AND {timed_pair} AND c.instant < d.trigger_instant THEN 'before the start'"
        )
    arms.append("WHEN d.accept_until IS NOT NULL AND c.day > d.accept_until THEN 'too late'")
    if isinstance(rule, Before) and rule.anchor is Anchor.MEETING_STARTS:
        arms.append(
            "WHEN d.accept_until IS NOT NULL AND c.day = d.accept_until"
            f" AND {timed_pair} AND c.instant >= d.trigger_instant THEN 'after the start'"
        )
    return "CASE " + " ".join(arms) + " END"


def discharge_sql(group: int, plan: DutyPlan, *, dialect: Dialect, refusal: str) -> list[str]:
    """The statements that walk the events of ``plan``'s action over the duties of
    ``duty_<g>`` (numbered ``k`` in the order findings are reported) and leave one row
    per event in ``walk_<g>``; ``refusal`` is the SQL of why an event ``c`` cannot
    discharge a duty ``d`` (NULL: it can)."""
    assert isinstance(plan.duty, DoAction)
    g = str(group)
    action = quote(plan.duty.action.name)
    # One event serves every open duty it fits: always ('... it fits'), or when it names
    # them in refs ('... it names').
    shared = "TRUE" if plan.shared else "s.named" if plan.shared_named else "FALSE"
    statements: list[str] = []
    statements.append(
        f"CREATE TEMP TABLE cand_{g} AS SELECT e.seq, e.actor, e.day, e.period, e.ref, e.named,"
        " e.refs, e.instant, e.timed,"
        f" {failing_condition(plan, dialect)} AS fails"
        f" FROM events e WHERE e.action = {action}"
        f" AND e.actor IN (SELECT actor FROM duty_{g})"
    )
    empty = "ARRAY[]::bigint[]" if dialect is Dialect.POSTGRES else "CAST([] AS BIGINT[])"
    if dialect is Dialect.POSTGRES:
        fitting = (
            f"coalesce(array_agg(d.k ORDER BY d.k) FILTER"
            f" (WHERE r.refusal IS NULL AND NOT d.exempt), {empty})"
        )
        refused = (
            "(array_agg(r.refusal ORDER BY d.k) FILTER"
            " (WHERE r.refusal <> 'period' AND NOT d.exempt))[1]"
        )
    else:
        fitting = (
            f"coalesce(list(d.k ORDER BY d.k) FILTER"
            f" (WHERE r.refusal IS NULL AND NOT d.exempt), {empty})"
        )
        refused = "arg_min(r.refusal, d.k) FILTER (WHERE r.refusal <> 'period' AND NOT d.exempt)"
    statements.append(
        f"CREATE TEMP TABLE step_{g} AS SELECT c.seq, c.actor, c.fails, c.named,"
        " row_number() OVER (PARTITION BY c.actor ORDER BY c.seq) AS n,"
        f" {fitting} AS fitting,"
        " min(d.k) FILTER (WHERE r.refusal <> 'period' AND NOT d.exempt) AS refused_k,"
        f" {refused} AS refusal,"
        " min(d.k) FILTER (WHERE r.refusal = 'period' AND NOT d.exempt) AS period_k"
        f" FROM cand_{g} c JOIN duty_{g} d ON d.actor = c.actor"
        f" CROSS JOIN LATERAL (SELECT {refusal} AS refusal) r"
        " GROUP BY c.seq, c.actor, c.fails, c.named"
    )
    if dialect is Dialect.POSTGRES:
        open_fit = (
            "ARRAY(SELECT x FROM unnest(s.fitting) WITH ORDINALITY AS u(x, i)"
            " WHERE NOT x = ANY(w.taken) ORDER BY i)"
        )
        first_open = f"({open_fit})[1]"
        pick = f"CASE WHEN {shared} THEN {open_fit} ELSE ({open_fit})[1:1] END"
        concat = "w.taken || "
    else:
        open_fit = "list_filter(s.fitting, lambda x: NOT list_contains(w.taken, x))"
        first_open = f"{open_fit}[1]"
        pick = f"CASE WHEN {shared} THEN {open_fit} ELSE {open_fit}[1:1] END"
        concat = "list_concat(w.taken, "
    chosen = f"CASE WHEN s.fails IS NOT NULL THEN {empty} ELSE {pick} END"
    taken = f"{concat}{chosen})" if dialect is Dialect.DUCKDB else f"{concat}{chosen}"
    statements.append(
        f"CREATE TEMP TABLE walk_{g} AS WITH RECURSIVE"
        " walk(actor, n, taken, seq, chosen, noted) AS ("
        f" SELECT DISTINCT actor, CAST(0 AS BIGINT), {empty}, CAST(NULL AS INTEGER),"
        f" {empty}, CAST(NULL AS BIGINT) FROM step_{g}"
        " UNION ALL"
        f" SELECT w.actor, w.n + 1, {taken}, s.seq, {chosen},"
        f" CASE WHEN s.fails IS NOT NULL THEN {first_open} END"
        f" FROM walk w JOIN step_{g} s ON s.actor = w.actor AND s.n = w.n + 1)"
        " SELECT w.seq, w.chosen, w.noted, s.fails, s.fitting, s.refused_k, s.refusal,"
        f" s.period_k FROM walk w JOIN step_{g} s ON s.seq = w.seq WHERE w.n > 0"
    )
    return statements


TABLES = {
    # What a warehouse holds (the contract's fields; ``end`` as ``end_time``, ``to`` as
    # ``recipients``), read by
    # :mod:`decree_rules.engine.sql_timeline` into ``events``; ``zones`` written in.
    "raw_events": (
        ("id", "VARCHAR"),
        ("actor", "VARCHAR"),
        ("action", "VARCHAR"),
        ("time", "VARCHAR"),
        ("end_time", "VARCHAR"),
        ("period", "VARCHAR"),
        ("ref", "VARCHAR"),
        ("refs", "VARCHAR[]"),
        ("channels", "VARCHAR[]"),
        ("recipients", "VARCHAR[]"),
        ("videoconference", "BOOLEAN"),
        ("participants", "VARCHAR[]"),
    ),
    "zones": (
        ("zone", "VARCHAR"),
        ("utc_from", "BIGINT"),
        ("wall_from", "BIGINT"),
        ("utc_offset", "INTEGER"),
    ),
    "events": (
        ("seq", "INTEGER"),
        ("id", "VARCHAR"),
        ("actor", "VARCHAR"),
        ("action", "VARCHAR"),
        ("day", "DATE"),
        ("end_day", "DATE"),
        ("period", "VARCHAR"),
        ("ref", "VARCHAR"),
        ("named", "BOOLEAN"),
        ("refs", "VARCHAR[]"),
        ("instant", "DOUBLE"),
        ("timed", "BOOLEAN"),
        ("channels", "VARCHAR[]"),
        ("recipients", "VARCHAR[]"),
        ("video", "BOOLEAN"),
        ("participants", "VARCHAR[]"),
    ),
    "eduty": (
        ("k", "BIGINT"),
        ("actor", "VARCHAR"),
        ("period", "VARCHAR"),
        ("accept_from", "DATE"),
        ("accept_until", "DATE"),
        ("exempt", "BOOLEAN"),
        ("related", "VARCHAR[]"),
        ("trigger_day", "DATE"),
        ("trigger_year", "INTEGER"),
        ("trigger_instant", "DOUBLE"),
        ("trigger_timed", "BOOLEAN"),
        ("trigger_seq", "INTEGER"),
        ("due", "DATE"),
        ("of_year", "INTEGER"),
    ),
    "eterm": (("anchor", "DATE"), ("due", "DATE")),
    "used": (("seq", "INTEGER"),),
    "reasons": (
        ("seq", "INTEGER"),
        ("clause_order", "INTEGER"),
        ("grp", "INTEGER"),
        ("code", "VARCHAR"),
    ),
    "findings": (
        ("clause_order", "INTEGER"),
        ("clause", "VARCHAR"),
        ("k", "BIGINT"),
        ("actor", "VARCHAR"),
        ("period", "VARCHAR"),
        ("trigger", "VARCHAR"),
        ("due", "DATE"),
        ("status", "VARCHAR"),
        ("evidence", "VARCHAR[]"),
    ),
    "above": (("actor", "VARCHAR"), ("day", "DATE"), ("owner", "VARCHAR"), ("exempt", "BOOLEAN")),
    "parent": (
        ("actor", "VARCHAR"),
        ("valid_from", "DATE"),
        ("valid_until", "DATE"),
        ("parent", "VARCHAR"),
    ),
    "tenure": (("actor", "VARCHAR"), ("valid_from", "DATE"), ("valid_until", "DATE")),
    "office": (
        ("actor", "VARCHAR"),
        ("role", "VARCHAR"),
        ("level", "VARCHAR"),
        ("body", "VARCHAR"),
        ("valid_from", "DATE"),
        ("valid_until", "DATE"),
        ("local", "BOOLEAN"),
        ("tz", "VARCHAR"),
    ),
    "bound": (("actor", "VARCHAR"), ("exempt", "BOOLEAN")),
    "terms": (
        ("period", "VARCHAR"),
        ("year", "INTEGER"),
        ("quarter", "INTEGER"),
        ("qn", "INTEGER"),
        ("first_day", "DATE"),
        ("due", "DATE"),
        ("accept_from", "DATE"),
        ("accept_until", "DATE"),
    ),
}
"""The input tables' columns (``bound`` and ``terms`` once per group, suffixed ``_<g>``)."""


def create_table(name: str, kind: str, dialect: Dialect) -> str:
    """The CREATE statement of an input table of ``kind`` (a key of :data:`TABLES`)."""
    columns = []
    for column, type_ in TABLES[kind]:
        if dialect is Dialect.POSTGRES:
            type_ = (
                type_.replace("VARCHAR[]", "text[]")
                .replace("VARCHAR", "text")
                .replace("DOUBLE", "double precision")
            )
        columns.append(f"{_column(column)} {type_}")
    return f"CREATE TEMP TABLE {name} ({', '.join(columns)})"


def _column(name: str) -> str:
    return f'"{name}"' if name in {"day", "year", "quarter"} else name
