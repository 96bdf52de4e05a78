"""The compiled engine: the duties the plan's SQL decides, run in DuckDB.

A :class:`CompiledBackend` takes, within one evaluation, the clauses whose plan compiles
(:func:`decree_rules.engine.sql.unsupported` says which) and decides their duties in
DuckDB: which duties exist, which event discharged each, which events were noted against
a duty for failing a condition, and why every other event fits none. The Python engine
decides the rest of the clauses in the same evaluation, and the facts of both are stated
with the same steps, so a report does not show which engine decided a finding; the report
names the engine and the clauses it compiled.

DuckDB is the optional extra ``[duckdb]``; without it the engine stops with DR-U110.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.facts import Step
from decree_rules.core.ids import tie_key
from decree_rules.core.periods import Period, period_bounds, quarter_bounds
from decree_rules.core.provenance import EngineUsed
from decree_rules.core.source import Location
from decree_rules.engine.conditions import failed_condition
from decree_rules.engine.discharge import Ledger, duty_ref, refusal_step
from decree_rules.engine.duties import Duty, DutyMaker
from decree_rules.engine.plan import DutyPlan, Plan, make_plan
from decree_rules.engine.sql import (
    TABLES,
    Dialect,
    clause_sql,
    clauses,
    create_table,
    created_in_sql,
    unsupported,
)
from decree_rules.engine.steps import (
    AlreadyDischarged,
    NeedsCondition,
    NoOfficeAbove,
    NotCounted,
    OwedFromQuarter,
    OwedOnce,
)
from decree_rules.engine.timeline import Resolved
from decree_rules.io.records import Actor, Event
from decree_rules.lang.model import (
    After,
    Anchor,
    Before,
    BoundKind,
    DayOfNextMonth,
    Decree,
    DoAction,
    EveryQuarter,
    FixedDate,
    ForEachEvent,
    Once,
    Window,
)

__all__ = [
    "CompiledBackend",
    "Decided",
    "DuckDBExecutor",
    "Executor",
    "PostgresExecutor",
    "duckdb_version",
    "engine_used",
    "load_duckdb",
    "terms_rows",
    "warehouse_rows",
]

NEEDS_DUCKDB = "DR-U110"

Decided = tuple[Duty, Sequence[Resolved], Sequence[Step]]
"""A duty, the events that discharged it and the events noted against it."""


def load_duckdb() -> Any:
    """The ``duckdb`` module, or DR-U110 with how to install it."""
    try:
        import duckdb
        import pyarrow  # noqa: F401  (the tables go in as Arrow)
    except ImportError:
        raise UsageError(
            "the compiled engine needs DuckDB (and pyarrow), which are not installed",
            Location("decree-rules check", field="--engine"),
            code=NEEDS_DUCKDB,
            hint="install the duckdb extra: pip install 'decree_rules[duckdb]', "
            "or choose --engine python",
            args={"package": "duckdb", "extra": "duckdb"},
        ) from None
    return duckdb


def duckdb_version() -> str | None:
    """DuckDB's version, or None when it is not installed."""
    try:
        import duckdb
    except ImportError:
        return None
    return str(duckdb.__version__)


class DuckDBExecutor:
    """Runs the compiled engine's statements in an in-memory DuckDB database; the input
    tables go in as Arrow tables. ``threads`` and ``memory_limit`` (e.g. ``"1GB"``) are
    DuckDB's settings (None: its defaults)."""

    dialect = Dialect.DUCKDB

    def __init__(self, *, threads: int | None = None, memory_limit: str | None = None) -> None:
        duckdb = load_duckdb()
        config: dict[str, Any] = {}
        if threads is not None:
            config["threads"] = threads
        if memory_limit is not None:
            config["memory_limit"] = memory_limit
            # Spilled data goes where temporary files go, not into the working folder.
            config["temp_directory"] = os.path.join(tempfile.gettempdir(), "decree-rules-duckdb")
        self._connection: Any = duckdb.connect(":memory:", config=config)

    def execute(self, statement: str) -> None:
        self._connection.execute(statement)

    def fetch(self, query: str) -> list[tuple[Any, ...]]:
        # Through Arrow, column by column: some times faster than fetchall() for lists.
        relation = self._connection.sql(query)
        table = (
            relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()
        )  # DuckDB 2 names it to_arrow_table
        return list(zip(*table.to_pydict().values(), strict=True))

    def insert(self, name: str, kind: str, rows: Iterable[tuple[Any, ...]]) -> None:
        names = [column for column, _ in TABLES[kind]]
        listed = list(zip(*rows, strict=True)) or [() for _ in names]
        self.insert_columns(name, kind, dict(zip(names, map(list, listed), strict=True)))

    def insert_columns(self, name: str, kind: str, columns: dict[str, list[Any]]) -> None:
        import pyarrow as pa

        self.execute(create_table(name, kind, self.dialect))
        if not columns or not next(iter(columns.values())):
            return
        types = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "DATE": pa.date32(),
                 "BOOLEAN": pa.bool_(), "VARCHAR[]": pa.list_(pa.string()),
                 "DOUBLE": pa.float64(), "BIGINT": pa.int64()}  # fmt: skip
        table = pa.table(
            {column: pa.array(columns[column], type=types[type_]) for column, type_ in TABLES[kind]}
        )
        self._connection.register("_incoming", table)
        try:
            self._connection.execute(f"INSERT INTO {name} SELECT * FROM _incoming")
        finally:
            self._connection.unregister("_incoming")

    def close(self) -> None:
        self._connection.close()


class PostgresExecutor:
    """Runs the compiled engine's PostgreSQL statements on a ``psycopg`` connection (in
    autocommit mode: the tables are temporary, of this session). For a warehouse's own
    data, ``decree-rules compile --dialect postgres`` prints the same statements."""

    dialect = Dialect.POSTGRES

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, statement: str) -> None:
        self._connection.execute(statement.encode())

    def fetch(self, query: str) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self._connection.execute(query.encode()).fetchall()
        return rows

    def insert_columns(self, name: str, kind: str, columns: dict[str, list[Any]]) -> None:
        names = [column for column, _ in TABLES[kind]]
        self.insert(name, kind, zip(*(columns[column] for column in names), strict=True))

    def insert(self, name: str, kind: str, rows: Iterable[tuple[Any, ...]]) -> None:
        self.execute(create_table(name, kind, self.dialect))
        listed = list(rows)
        if not listed:
            return
        places = ", ".join(["%s"] * len(TABLES[kind]))
        with self._connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {name} VALUES ({places})".encode(), listed)

    def close(self) -> None:
        """The connection is the caller's: it stays open."""


class Executor(Protocol):
    """Where the compiled statements run: DuckDB, or PostgreSQL."""

    dialect: Dialect

    def execute(self, statement: str) -> None: ...
    def fetch(self, query: str) -> list[tuple[Any, ...]]: ...
    def insert(self, name: str, kind: str, rows: Iterable[tuple[Any, ...]]) -> None: ...
    def insert_columns(self, name: str, kind: str, columns: dict[str, list[Any]]) -> None: ...
    def close(self) -> None: ...


class CompiledBackend:
    """Decides the compiled clauses of one evaluation with the plan's SQL.

    ``executor`` runs it (default: a new in-memory DuckDB database, with ``threads`` and
    ``memory_limit``). ``compiled`` lists the clause numbers it decided, in plan order.
    """

    def __init__(
        self,
        executor: Executor | None = None,
        *,
        threads: int | None = None,
        memory_limit: str | None = None,
    ) -> None:
        self._run: Executor = (
            executor
            if executor is not None
            else DuckDBExecutor(threads=threads, memory_limit=memory_limit)
        )
        self._loaded_for: DutyMaker | None = None
        self._events: list[Resolved] = []
        self._groups = 0
        self.compiled: list[str] = []

    def close(self) -> None:
        self._run.close()

    def takes(self, texts: Sequence[DutyPlan]) -> bool:
        """Whether this engine decides the competing texts ``texts`` of one clause."""
        return unsupported(list(texts)) is None

    def decide(self, plan: DutyPlan, maker: DutyMaker, ledger: Ledger) -> list[Decided]:
        """The duties of ``plan`` with their evidence and notes, in the order findings are
        reported; the events' refusals and uses go into ``ledger`` as the Python engine
        records them."""
        self._load_events(maker)
        group = self._groups
        self._groups += 1
        if plan.number not in self.compiled:
            self.compiled.append(plan.number)
        if plan.at_meeting:
            return self._meetings(group, plan, maker, ledger)
        if plan.per_event:
            return self._per_event(group, plan, maker, ledger)
        run = self._run
        run.insert(f"terms_{group}", "terms", terms_rows(plan, maker))
        self._run_clause(group, plan, maker)
        rows = run.fetch(
            f"SELECT k, actor, period, accept_from, accept_until, first_seq FROM duty_{group}"
            " ORDER BY k"
        )
        duties = _Duties(plan, maker, self._events)
        made = [duties.make(row) for row in rows]
        return self._walked(group, plan, made, ledger, ("first", "bound", "terms"))

    def _run_clause(self, group: int, plan: DutyPlan, maker: DutyMaker) -> None:
        """The clause's statements, in one round trip (a server's latency is per call)."""
        statements = clause_sql(
            group,
            plan,
            maker.who.groups,
            in_force=maker.in_force,
            as_of=maker.as_of,
            dialect=self._run.dialect,
        )
        self._run.execute(";\n".join(statements))

    def _per_event(
        self, group: int, plan: DutyPlan, maker: DutyMaker, ledger: Ledger
    ) -> list[Decided]:
        """The duties created by each event with a term (a notice before the meeting, a
        report after it): created and discharged in SQL, their steps made by the same
        DutyMaker (or, where the SQL does not create them, made by it and discharged in
        SQL)."""
        if not created_in_sql(plan):
            return self._made_here(group, plan, maker, ledger)
        run = self._run
        scope, rule = plan.scope, plan.deadline
        assert isinstance(scope, ForEachEvent)
        if isinstance(rule, After | Before):
            ends = rule.anchor is Anchor.MEETING_ENDS
            anchors = {
                ev.end_day if ends else ev.day
                for ev in maker.events_of(scope.action.name)
                if ev.day >= maker.in_force
            }
            rows = [(day, maker.event_due(plan, day)) for day in sorted(anchors)]
            run.insert(f"eterm_{group}", "eterm", rows)
        self._run_clause(group, plan, maker)
        if plan.bound.kind is BoundKind.NEAREST_ABOVE:
            for (seq,) in run.fetch(
                f"SELECT t.seq FROM trig_{group} t JOIN above_{group} w ON w.actor = t.actor"
                " AND w.day = t.day WHERE w.owner IS NULL ORDER BY t.seq"
            ):
                maker.warnings.append(_no_office_above(plan, self._events[seq]))
        actors, events = maker.who.actors, self._events
        duties: list[Duty] = []
        for _, owner, seq, year, count, related in run.fetch(
            f"SELECT k, actor, trigger_seq, of_year, n, related FROM duty_{group} ORDER BY k"
        ):
            trigger = events[seq]
            ledger.used.add(trigger.id)
            period = Period(year) if year is not None else None
            duty = maker.event_duty(
                plan, actors[owner], trigger, period=period, related=frozenset(related), count=count
            )
            duties.append(duty)
        return self._walked(group, plan, duties, ledger, ("eterm", "trig", "by", "bound", "above"))

    def _made_here(
        self, group: int, plan: DutyPlan, maker: DutyMaker, ledger: Ledger
    ) -> list[Decided]:
        """The duties of ``plan`` made by the DutyMaker, discharged by the walk in SQL."""
        run = self._run
        duties = maker.create(plan)
        for duty in duties:
            if duty.trigger is not None:
                ledger.used.add(duty.trigger.id)
        triggers = [duty.trigger for duty in duties]
        run.insert_columns(
            f"duty_{group}",
            "eduty",
            {
                "k": list(range(1, len(duties) + 1)),
                "actor": [duty.actor.id for duty in duties],
                "period": [_period_text(duty.belongs_period()) for duty in duties],
                "accept_from": [duty.accept_from for duty in duties],
                "accept_until": [duty.accept_until for duty in duties],
                "exempt": [duty.exempt is not None for duty in duties],
                "related": [sorted(duty.related) for duty in duties],
                "trigger_day": [t.day if t is not None else None for t in triggers],
                "trigger_year": [t.day.year if t is not None else None for t in triggers],
                "trigger_instant": [
                    t.instant.timestamp() if t is not None else None for t in triggers
                ],
                "trigger_timed": [
                    t is not None and isinstance(t.event.time, datetime) for t in triggers
                ],
                "trigger_seq": [None for _ in duties],
                "due": [duty.due for duty in duties],
                "of_year": [duty.period.year if duty.period else None for duty in duties],
            },
        )
        self._run_clause(group, plan, maker)
        return self._walked(group, plan, duties, ledger, ())

    def _walked(
        self,
        group: int,
        plan: DutyPlan,
        duties: list[Duty],
        ledger: Ledger,
        inputs: tuple[str, ...],
    ) -> list[Decided]:
        """What the walk of ``walk_<g>`` found for ``duties`` (numbered k from 1), with the
        events' refusals and uses put in ``ledger``; the group's tables are dropped."""
        run = self._run
        walk = _Walk(plan, duties, self._events, ledger)
        for row in run.fetch(
            f"SELECT seq, chosen, noted, fails, fitting, refused_k, refusal, period_k"
            f" FROM walk_{group} ORDER BY seq"
        ):
            walk.record(*row)
        names = ("duty", "cand", "step", "walk", *inputs)
        run.execute(";".join(f"DROP TABLE IF EXISTS {name}_{group}" for name in names))
        return [
            (duty, walk.evidence.get(k, ()), walk.notes.get(k, ()))
            for k, duty in enumerate(duties, start=1)
        ]

    def _meetings(
        self, group: int, plan: DutyPlan, maker: DutyMaker, ledger: Ledger
    ) -> list[Decided]:
        """The duties met at each triggering meeting: which meetings create them, who
        owes each (on the meeting's day), and whether the meeting listed who it must."""
        run, who = self._run, maker.who
        self._run_clause(group, plan, maker)
        made: list[Decided] = []
        for seq, owner_id, _, attended in run.fetch(
            f"SELECT seq, owner, exempt, attended FROM meet_{group} ORDER BY seq, owner"
        ):
            trigger = self._events[seq]
            if owner_id is None:
                maker.warnings.append(_no_office_above(plan, trigger))
                continue
            if maker.owns is not None and not maker.owns(trigger.actor.id):
                continue
            duty = maker.meeting_duty(plan, who.actors[owner_id], trigger)
            ledger.used.add(trigger.id)
            evidence = [trigger] if duty.exempt is None and attended else []
            made.append((duty, evidence, ()))
        names = ("by", "bound", "above", "meet")
        run.execute(";".join(f"DROP TABLE IF EXISTS {name}_{group}" for name in names))
        made.sort(key=lambda decided: decided[0].sort_key())
        return made

    # ---- the input tables -----------------------------------------------------------------

    def _load_events(self, maker: DutyMaker) -> None:
        if self._loaded_for is maker:
            return
        for name in ("events", "tenure", "office", "parent"):
            self._run.execute(f"DROP TABLE IF EXISTS {name}")
        # Only the events of the actions the compiled clauses use, column by column.
        wanted = _actions_used(maker.plan)
        events: list[Resolved] = []
        for action in sorted(wanted):
            events.extend(maker.events_of(action))
        self._events = events
        period_text: dict[Any, str | None] = {None: None}
        for ev in events:
            named = ev.event.period
            if named not in period_text:
                period_text[named] = str(named)
        self._run.insert_columns(
            "events",
            "events",
            {
                "seq": list(range(len(events))),
                "id": [ev.id for ev in events],
                "actor": [ev.actor.id for ev in events],
                "action": [ev.action for ev in events],
                "day": [ev.day for ev in events],
                "end_day": [ev.end_day for ev in events],
                "period": [period_text[ev.event.period] for ev in events],
                "ref": [ev.event.ref for ev in events],
                "named": [bool(ev.event.refs) for ev in events],
                "channels": [list(ev.event.channels) for ev in events],
                "recipients": [list(ev.event.to) for ev in events],
                "refs": [list(ev.event.refs) for ev in events],
                "instant": [ev.instant.timestamp() for ev in events],
                "timed": [isinstance(ev.event.time, datetime) for ev in events],
                "video": [bool(ev.event.videoconference) for ev in events],
                "participants": [list(ev.event.participants) for ev in events],
            },
        )
        actors = list(maker.who.actors.values())
        self._run.insert("tenure", "tenure", _tenure_rows(actors))
        self._run.insert("parent", "parent", _parent_rows(actors))
        local = {actor.id for actor in maker.local}
        self._run.insert("office", "office", _office_rows(actors, local))
        self._loaded_for = maker  # held, so that a later evaluation is never taken for it


def _period_text(period: Period | None) -> str | None:
    return str(period) if period is not None else None


def _no_office_above(plan: DutyPlan, trigger: Resolved) -> tuple[Any, Step]:
    """The warning that no office of the bound group is above the meeting's office."""
    warning = NoOfficeAbove(
        plan.number, trigger.action, trigger.id, trigger.actor.id, plan.bound.who[0].name
    )
    return (plan.index, trigger.instant.timestamp(), tie_key(trigger.id)), warning


def _actions_used(plan: Plan) -> set[str]:
    """The actions whose events the compiled clauses of ``plan`` look at."""
    used: set[str] = set()
    for duty in plan.duties:
        if unsupported([duty]) is not None:
            continue
        if isinstance(duty.scope, ForEachEvent):
            used.add(duty.scope.action.name)
        if isinstance(duty.duty, DoAction):
            used.add(duty.duty.action.name)
        if isinstance(duty.scope, EveryQuarter):
            used.add(duty.scope.since_first.name)
    return used


def _parent_rows(
    actors: Iterable[Actor],
) -> Iterable[tuple[str, date | None, date | None, str | None]]:
    """The parent of each office over its days: one row per registry row (an office of
    one row has its parent on any day)."""
    for actor in actors:
        if not actor.tenures:
            yield (actor.id, None, None, actor.parent)
            continue
        for tenure in actor.tenures:
            yield (actor.id, tenure.valid_from, tenure.valid_until, tenure.parent)


def _office_rows(actors: Iterable[Actor], local: set[str]) -> Iterable[tuple[Any, ...]]:
    for a in actors:
        level = a.level.value if a.level is not None else None
        yield (a.id, a.role.value, level, a.body, a.valid_from, a.valid_until, a.id in local, a.tz)


def warehouse_rows(
    actors: Sequence[Actor], events: Iterable[Event]
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the script's input tables (``raw_events``, ``tenure``, ``office``,
    ``parent``) for a registry and a log read by decree_rules: what a warehouse holds.

    >>> sorted(warehouse_rows([], []))
    ['office', 'parent', 'raw_events', 'tenure']
    """
    raw = [
        (
            ev.id,
            ev.actor,
            ev.action,
            ev.time.isoformat(),
            ev.end.isoformat() if ev.end is not None else None,
            _period_text(ev.period),
            ev.ref,
            list(ev.refs),
            list(ev.channels),
            list(ev.to),
            bool(ev.videoconference),
            list(ev.participants),
        )
        for ev in events
    ]
    return {
        "raw_events": raw,
        "tenure": list(_tenure_rows(actors)),
        "office": list(_office_rows(actors, {a.id for a in actors})),
        "parent": list(_parent_rows(actors)),
    }


def _tenure_rows(actors: Iterable[Actor]) -> Iterable[tuple[str, date | None, date | None]]:
    """One row per span of days an office exists on (its tenures within its bounds)."""
    for actor in actors:
        if not actor.tenures:
            yield (actor.id, actor.valid_from, actor.valid_until)
            continue
        for tenure in actor.tenures:
            starts = [d for d in (actor.valid_from, tenure.valid_from) if d is not None]
            ends = [d for d in (actor.valid_until, tenure.valid_until) if d is not None]
            yield (actor.id, max(starts) if starts else None, min(ends) if ends else None)


def terms_rows(plan: DutyPlan, maker: DutyMaker) -> list[tuple[Any, ...]]:
    """The plan's periods with their due day and the days an event may come on, as the
    Python engine's duties of a period have them (engine.duties._period_duty)."""
    scope, rule = plan.scope, plan.deadline
    in_force, as_of = maker.in_force, maker.as_of
    periods: list[Period | None]
    if isinstance(scope, Once):
        periods = [None]
    elif isinstance(scope, EveryQuarter):
        periods = [
            Period(year, quarter)
            for year in range(max(in_force.year, 1), as_of.year + 1)
            for quarter in (1, 2, 3, 4)
            if quarter_bounds(year, quarter)[0] <= as_of
        ]
    else:
        periods = [Period(year) for year in range(max(in_force.year, 1), as_of.year + 1)]
    rows: list[tuple[Any, ...]] = []
    for period in periods:
        start = period_bounds(period)[0] if period is not None else None
        if start is not None and (start > as_of or start < in_force):
            continue
        accept_from, accept_until, first_day = start, None, start
        if isinstance(rule, Window):
            assert period is not None
            first_day = quarter_bounds(period.year, rule.quarter)[0]
            if not plan.early_events:
                accept_from = first_day
            accept_until = date(period.year, 12, 31)
        elif isinstance(rule, FixedDate):
            accept_from = None
        deadline = maker.period_term(plan, period)
        year = period.year if period is not None else None
        quarter = period.quarter if period is not None else None
        rows.append(
            (
                str(period) if period is not None else None,
                year,
                quarter,
                year * 4 + quarter - 1 if year is not None and quarter is not None else None,
                first_day,
                deadline.due if deadline is not None else None,
                accept_from,
                accept_until,
            )
        )
    assert not isinstance(rule, DayOfNextMonth) or all(p is not None for p in periods)
    return rows


class _Walk:
    """What the walk of the events found, as the Python engine records it: the evidence
    and notes of each duty (by its number k), the refusals and uses in the ledger."""

    def __init__(
        self, plan: DutyPlan, made: list[Duty], events: Sequence[Resolved], ledger: Ledger
    ) -> None:
        self.plan = plan
        self.made = made
        self.events = events
        self.ledger = ledger
        self.conditions = plan.duty.conditions if isinstance(plan.duty, DoAction) else ()
        self.evidence: dict[int, list[Resolved]] = {}
        self.notes: dict[int, list[Step]] = {}

    def record(  # noqa: PLR0917 (a row of walk_<g>)
        self,
        seq: int,
        chosen: list[int],
        noted: int | None,
        fails: int | None,
        fitting: list[int],
        refused_k: int | None,
        refusal: str | None,
        period_k: int | None,
    ) -> None:
        ev = self.events[seq]
        number, ledger = self.plan.number, self.ledger
        if fails is not None:
            failed = failed_condition(ev, self.conditions)
            assert failed is not None  # the SQL and the Python condition agree
            ledger.refusals[ev.id].append(NeedsCondition(number, failed))
            if noted is not None:
                note = NotCounted(ev.action, ev.id, ev.day, failed)
                self.notes.setdefault(noted, []).append(note)
        elif chosen:
            for k in chosen:
                self.evidence.setdefault(k, []).append(ev)
            ledger.used.add(ev.id)
        elif fitting:
            # Every duty it fits was discharged before: by whom, the first of them says.
            done = self.made[fitting[0] - 1]
            by = tuple(e.id for e in self.evidence.get(fitting[0], ()))
            ledger.refusals[ev.id].append(AlreadyDischarged(number, duty_ref(done), by))
        elif refused_k is not None:
            assert refusal is not None
            ledger.refusals[ev.id].append(refusal_step(refusal, self.made[refused_k - 1], ev))
        elif period_k is not None:
            ledger.refusals[ev.id].append(refusal_step("period", self.made[period_k - 1], ev))


class _Duties:
    """Makes the Duty objects of the rows the SQL created, with the Python engine's steps."""

    def __init__(self, plan: DutyPlan, maker: DutyMaker, events: Sequence[Resolved]) -> None:
        self.plan = plan
        self.maker = maker
        self.events = events
        self.context: dict[str, tuple[Step, ...]] = {}
        self.exempt: dict[str, Any] = {}
        self.periods: dict[str | None, Period | None] = {None: None}

    def make(self, row: tuple[Any, ...]) -> Duty:
        """The duty of a row of ``duty_<g>``: k, actor, period, accept_from, accept_until,
        first_seq."""
        _, actor_id, period_text, accept_from, accept_until, first_seq = row
        plan = self.plan
        actor = self.maker.who.actors[actor_id]
        period = self.periods.get(period_text)
        if period is None and period_text is not None:
            period = self.periods[period_text] = Period.parse(period_text)
        context = self.context.get(actor_id)
        if context is None:
            owed = self.maker.owed_listed(actor, plan.bound.who)
            scope = plan.scope
            if isinstance(scope, Once):
                context = (owed, OwedOnce())
            elif isinstance(scope, EveryQuarter):
                assert first_seq is not None
                first = self.events[first_seq]
                start = Period(first.day.year, (first.day.month - 1) // 3 + 1)
                since = OwedFromQuarter(start, scope.since_first.name, first.id, first.day)
                context = (owed, since)
            else:
                context = (owed,)
            self.context[actor_id] = context
        return Duty(
            plan,
            actor,
            period,
            None,
            self.maker.period_term(plan, period),
            accept_from,
            accept_until,
            frozenset(),
            context,
            self._exemption(actor),
        )

    def _exemption(self, actor: Actor) -> Any:
        if actor.id not in self.exempt:
            self.exempt[actor.id] = self.maker.exemption(self.plan, actor)
        return self.exempt[actor.id]


def engine_used(decree: Decree) -> EngineUsed:
    """The compiled engine as a report names it: DuckDB's version and the clauses of
    ``decree`` it decides."""
    compiled: list[str] = []
    python: list[str] = []
    for texts in clauses(make_plan(decree)):
        (python if unsupported(texts) else compiled).append(texts[0].number)
    return EngineUsed("duckdb", duckdb_version() or "unknown", tuple(compiled), tuple(python))
