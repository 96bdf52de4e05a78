"""The rules as one SQL script for a warehouse: what ``decree-rules compile`` prints.

The script creates the input tables (the contract's fields of the raw events, the
registry's offices, tenures and parents), writes in the zones' offsets and the terms' due
days, checks and places the raw events as the reader and the timeline do
(:mod:`decree_rules.engine.sql_timeline`), runs each compiled clause's statements
(:mod:`decree_rules.engine.sql`) and leaves ``findings`` and ``unmatched``
(:mod:`decree_rules.engine.sql_findings`). docs/engines.rst says how to run it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from decree_rules.core.vocabulary import DEFAULT_TZ
from decree_rules.engine.compiled import terms_rows
from decree_rules.engine.duties import DutyMaker
from decree_rules.engine.offices import offices_for
from decree_rules.engine.plan import DutyPlan, Plan, make_plan
from decree_rules.engine.sql import (
    Dialect,
    clause_sql,
    clauses,
    create_table,
    created_in_sql,
    terms_values,
    unsupported,
)
from decree_rules.engine.sql_findings import findings_sql, reasons_sql, unmatched_sql, used_sql
from decree_rules.engine.sql_timeline import timeline_sql
from decree_rules.lang.model import After, Before, Decree
from decree_rules.time.calendars import KazakhCalendar, WorkingCalendar
from decree_rules.time.offsets import country_zones, zone_rows
from decree_rules.time.zones import zone_data_version

__all__ = ["TERM_DAYS_AFTER", "TERM_YEARS_BEFORE", "compile_script"]


def compile_script(
    decree: Decree,
    *,
    as_of: date,
    dialect: Dialect,
    calendar: WorkingCalendar | None = None,
    zones: Sequence[str] = (),
) -> str:
    """The SQL the compiled engine runs for ``decree`` as of ``as_of``, in ``dialect``:
    the input tables, the timeline (raw events checked as the reader checks them and
    placed in local time, on the offsets of Kazakhstan's zones and of ``zones``, written
    in), then each clause's statements, with the offices it binds chosen from ``office``
    and its terms' due days (on ``calendar``, default the Kazakh one) written in, and last
    the findings and the unmatched events; the clauses it does not carry are listed in a
    comment."""
    plan: Plan = make_plan(decree)
    maker = DutyMaker(
        plan,
        offices_for(decree, []),
        [],
        [],
        as_of=as_of,
        calendar=calendar if calendar is not None else KazakhCalendar(),
        owns=None,
    )
    script = _Script(plan, maker, dialect)
    script.inputs(sorted({*country_zones("KZ"), DEFAULT_TZ, *zones}))
    script.add(
        "the timeline: events (those that take part, in time order), set_aside (why the"
        " others take no part), rejected (the rows the reader's lenient mode rejects, with"
        " the field and code of the first problem)",
        timeline_sql(as_of, dialect, decree.vocabulary),
    )
    script.add(
        "findings: every duty as the report has it (clause, office, period, trigger, due"
        " day, status, evidence), in report order by clause_order then k; used: the events"
        " that created, or were evidence of, a duty; reasons: why the walk of each clause"
        " found that an event discharged none of its duties",
        [create_table(name, name, dialect) for name in ("findings", "used", "reasons")],
    )
    group = 0
    for texts in clauses(plan):
        missing = unsupported(texts)
        if missing is not None:
            script.add(f"clause {missing.clause}: not compiled ({missing.feature})", [])
            continue
        script.clause(group, texts[0])
        group += 1
    if all(unsupported(texts) is None for texts in clauses(plan)):
        script.add(
            "unmatched: every event that is no finding's trigger or evidence, with the code"
            " of its first reason, as the report's unmatched events",
            [unmatched_sql(plan, maker.who.groups)],
        )
    else:
        script.add(
            "unmatched: not made, since some clauses are not compiled (decree-rules check"
            " gives every unmatched event)",
            [],
        )
    return script.text()


class _Script:
    """The lines of a printed script, as :func:`compile_script` writes them."""

    def __init__(self, plan: Plan, maker: DutyMaker, dialect: Dialect) -> None:
        self.plan = plan
        self.maker = maker
        self.dialect = dialect
        as_of = maker.as_of
        self.lines = [
            f"-- decree_rules: the duties of the decree as SQL, as of {as_of.isoformat()}",
            f"-- dialect: {dialect.value}. Fill raw_events, tenure, office and parent"
            " (office.local: the offices whose duties are decided here, all of them in one"
            " database; office.tz: NULL for Asia/Almaty), then run (docs/engines.rst).",
        ]
        self.first = max(plan.in_force, date(max(as_of.year - TERM_YEARS_BEFORE, 1), 1, 1))
        self.last = as_of + timedelta(days=TERM_DAYS_AFTER)
        self.shared_terms: dict[tuple[Any, ...], str] = {}

    def add(self, comment: str, statements: Iterable[str]) -> None:
        self.lines.append(f"-- {comment}")
        self.lines.extend(statement + ";" for statement in statements)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def inputs(self, zones: list[str]) -> None:
        """The input tables, and the zones' offsets written in."""
        dialect = self.dialect
        self.lines.extend(
            create_table(kind, kind, dialect) + ";"
            for kind in ("raw_events", "tenure", "office", "parent")
        )
        self.add(
            f"zones: the UTC offsets of {', '.join(zones)} (tzdata {zone_data_version()})",
            [
                create_table("zones", "zones", dialect),
                terms_values("zones", list(zone_rows(zones)), dialect),
            ],
        )

    def clause(self, group: int, one: DutyPlan) -> None:
        """The statements of one compiled clause, as group ``group``, its inputs first."""
        dialect, maker = self.dialect, self.maker
        self.add(f"clause {one.number}: {one.title}", [])
        terms = None
        rule = one.deadline
        if created_in_sql(one) and isinstance(rule, After | Before):
            key = (type(rule), rule.duration, one.counting)
            terms = self.shared_terms.get(key)
            if terms is None:
                terms = self.shared_terms[key] = f"eterm_{group}"
                rows: list[tuple[object, ...]] = [
                    (day, maker.event_due(one, day)) for day in _days(self.first, self.last)
                ]
                self.add(
                    f"{terms}: the due day of the term counted from each day from"
                    f" {self.first.isoformat()} to {self.last.isoformat()}, on the"
                    " working-day calendar",
                    [create_table(terms, "eterm", dialect), terms_values(terms, rows, dialect)],
                )
        elif one.per_event and not one.at_meeting:
            self.add(
                f"duty_{group}: the duties, one per triggering event and office, numbered k"
                " in report order (made by decree_rules' DutyMaker: the term runs from the"
                " meetings of the offices below)",
                [create_table(f"duty_{group}", "eduty", dialect)],
            )
        elif not one.per_event:
            name = f"terms_{group}"
            self.lines.append(create_table(name, "terms", dialect) + ";")
            self.lines.append(terms_values(name, terms_rows(one, maker), dialect) + ";")
        statements = clause_sql(
            group, one, maker.who.groups, in_force=self.plan.in_force, as_of=maker.as_of,
            dialect=dialect, terms=terms,
        )  # fmt: skip
        statements.append(
            findings_sql(group, one, order=one.index, as_of=maker.as_of, dialect=dialect)
        )
        statements.append(used_sql(group, one, dialect))
        why = reasons_sql(group, one, order=one.index, dialect=dialect)
        if why is not None:
            statements.append(why)
        self.lines.extend(statement + ";" for statement in statements)


TERM_YEARS_BEFORE = 50
"""A printed script counts terms from days of at most this many years before its as-of
date (and none before the decree)."""

TERM_DAYS_AFTER = 366
"""... and up to this many days after it: a meeting that started by the as-of date and ends
later still has its term; one that ends later than this has none (its status is NULL)."""


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
