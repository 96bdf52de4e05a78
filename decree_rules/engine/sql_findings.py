"""What a warehouse reads back from the printed script: findings and unmatched events.

Each compiled clause adds its duties to ``findings`` (:func:`findings_sql`: the duty, its
due day, its status as :func:`~decree_rules.engine.settle.settle` decides it, its
evidence), the events it used to ``used`` (:func:`used_sql`) and why its walk found that
the others discharged none of its duties to ``reasons`` (:func:`reasons_sql`, the codes of
the steps the Python engine records); :func:`unmatched_sql` then gives every unmatched
event with the code of its first reason, as the report does. The engine itself does not
run these: it makes findings and reasons as Python objects, with their steps.
"""

from __future__ import annotations

from datetime import date

from decree_rules.core.policies import OFFICE_CLOSING_HOUR, Policy
from decree_rules.engine.plan import DutyPlan, Plan
from decree_rules.engine.sql import (
    Dialect,
    gather,
    length_of,
    list_of,
    literal_day,
    matches,
    quote,
)
from decree_rules.lang.model import After, Before, BoundKind, DoAction, ForEachEvent, Group

__all__ = ["CLOSING_CLOCK", "findings_sql", "reasons_sql", "unmatched_sql", "used_sql"]


CLOSING_CLOCK = OFFICE_CLOSING_HOUR * 3600
"""The closing hour as a local clock, in seconds after midnight."""


def findings_sql(group: int, plan: DutyPlan, *, order: int, as_of: date, dialect: Dialect) -> str:
    """The statement that adds the findings of group ``group`` to ``findings``, as the
    report has them: the duty, its due day (none when exempt), its status (as
    :func:`~decree_rules.engine.settle.settle` decides it) and its evidence in time order;
    ``order`` is the clause's place in the decree (findings sort by it, then ``k``)."""
    g = str(group)
    empty = "ARRAY[]::text[]" if dialect is Dialect.POSTGRES else "CAST([] AS VARCHAR[])"
    one = list_of(dialect, "e.id")
    head = f"INSERT INTO findings SELECT {order}, {quote(plan.number)}"
    day = literal_day(as_of)
    if plan.at_meeting:
        return (
            f"{head}, row_number() OVER (ORDER BY e.end_day, e.instant, m.owner, e.seq),"
            " m.owner, CAST(NULL AS VARCHAR), e.id,"
            " CASE WHEN m.exempt THEN CAST(NULL AS DATE) ELSE e.end_day END,"
            " CASE WHEN m.exempt THEN 'exempt' WHEN m.attended THEN 'fulfilled'"
            f" WHEN {day} <= e.end_day THEN 'pending' ELSE 'violated' END,"
            f" CASE WHEN m.attended AND NOT m.exempt THEN {one} ELSE {empty} END"
            f" FROM meet_{g} m JOIN events e ON e.seq = m.seq"
            " JOIN office o ON o.actor = e.actor AND o.local WHERE m.owner IS NOT NULL"
        )
    counted = "l.day"
    if Policy.END_OF_DAY_LOCAL not in plan.counting:
        # Done after the closing hour, it counts as done the next day (art. 176 p. 2).
        counted = f"CASE WHEN l.clock >= {CLOSING_CLOCK} THEN l.day + 1 ELSE l.day END"
    unknown = ""
    if plan.per_event and isinstance(plan.deadline, After | Before):
        unknown = " WHEN d.due IS NULL THEN NULL"  # the anchor is outside the terms table
    status = (
        f"CASE WHEN d.exempt THEN 'exempt'{unknown} WHEN v.k IS NOT NULL THEN CASE WHEN"
        f" d.due IS NULL OR {counted} <= d.due THEN 'fulfilled' ELSE 'late' END"
        f" WHEN d.due IS NOT NULL AND {day} > d.due THEN 'violated' ELSE 'pending' END"
    )
    if plan.per_event:
        period, trigger = "CAST(d.of_year AS VARCHAR)", "te.id"
        joins = " LEFT JOIN events te ON te.seq = d.trigger_seq"
    else:
        period, trigger, joins = "d.period", "CAST(NULL AS VARCHAR)", ""
    return (
        f"{head}, d.k, d.actor, {period}, {trigger},"
        f" CASE WHEN d.exempt THEN CAST(NULL AS DATE) ELSE d.due END, {status},"
        f" coalesce(v.evidence, {empty}) FROM duty_{g} d"
        f" LEFT JOIN (SELECT u.k, {gather(dialect)}(e.id ORDER BY e.seq) AS evidence,"
        " max(e.seq) AS last_seq FROM (SELECT unnest(w.chosen) AS k, w.seq"
        f" FROM walk_{g} w) u JOIN events e ON e.seq = u.seq GROUP BY u.k) v ON v.k = d.k"
        f" LEFT JOIN events l ON l.seq = v.last_seq{joins}"
    )


def _period_start(column: str) -> str:
    """The first day of the period written in ``column`` (``2024`` or ``2024-Q2``)."""
    year = f"CAST(substr({column}, 1, 4) AS INTEGER)"
    quarter = f"CAST(substr({column}, 7, 1) AS INTEGER)"
    month = f"CASE WHEN length({column}) = 7 THEN {quarter} * 3 - 2 ELSE 1 END"
    return f"make_date({year}, {month}, 1)"


def used_sql(group: int, plan: DutyPlan, dialect: Dialect) -> str:
    """The statement that adds to ``used`` the events group ``group`` used: the triggers of
    its duties, the meetings its duties were met at, the events that discharged one."""
    g = str(group)
    if plan.at_meeting:
        return (
            f"INSERT INTO used SELECT DISTINCT m.seq FROM meet_{g} m JOIN events e"
            " ON e.seq = m.seq JOIN office o ON o.actor = e.actor AND o.local"
            " WHERE m.owner IS NOT NULL"
        )
    took = f"SELECT seq FROM walk_{g} WHERE {length_of(dialect, 'chosen')} > 0"
    if plan.per_event:
        took += f" UNION SELECT trigger_seq FROM duty_{g} WHERE trigger_seq IS NOT NULL"
    return f"INSERT INTO used {took}"


def reasons_sql(group: int, plan: DutyPlan, *, order: int, dialect: Dialect) -> str | None:
    """The statement that adds to ``reasons`` why each event the walk of group ``group``
    looked at discharged none of its duties, as the code of the step the Python engine
    records (:mod:`decree_rules.engine.discharge`); None for a duty met at a meeting."""
    if plan.at_meeting:
        return None
    g = str(group)
    ref = "CASE WHEN c.named THEN 'refused_refs' ELSE 'refused_ref' END"
    if plan.per_event:
        early = "'too_long_before'" if isinstance(plan.deadline, Before) else "'before_trigger'"
        late = "'after_meeting'"
    else:
        early = (
            "CASE WHEN c.period IS NOT NULL AND c.period = d.period"
            f" AND d.accept_from = {_period_start('d.period')} THEN 'before_period'"
            " ELSE 'before_first_day' END"
        )
        late = "'after_last_day'"
    refusal = (
        f"CASE w.refusal WHEN 'ref' THEN {ref} WHEN 'period' THEN 'refused_period'"
        f" WHEN 'notice year' THEN 'notice_other_year' WHEN 'too early' THEN {early}"
        f" WHEN 'too late' THEN {late} WHEN 'after the start' THEN 'after_meeting_started'"
        " WHEN 'before the start' THEN 'before_trigger_started' END"
    )
    return (
        f"INSERT INTO reasons SELECT w.seq, {order}, {group}, CASE"
        " WHEN w.fails IS NOT NULL THEN 'needs_condition'"
        f" WHEN {length_of(dialect, 'w.chosen')} > 0 THEN NULL"
        f" WHEN {length_of(dialect, 'w.fitting')} > 0 THEN 'already_discharged'"
        f" WHEN w.refused_k IS NOT NULL THEN {refusal}"
        " WHEN w.period_k IS NOT NULL THEN 'refused_period' END"
        f" FROM walk_{g} w JOIN events c ON c.seq = w.seq LEFT JOIN duty_{g} d ON d.k = w.refused_k"
    )


def unmatched_sql(plan: Plan, groups: dict[str, Group]) -> str:
    """The statement that makes ``unmatched``: every event that is no finding's trigger or
    evidence, with the code of its first reason, as the report's unmatched events: the
    first refusal a clause recorded (in clause order), else before the decree, no clause
    uses its action, no open duty of a clause it could owe, not asked of its office; and
    the events set aside, with their reasons."""
    actions: set[str] = set()
    owe: list[str] = []
    for duty in plan.duties:
        kind, scope, bound = duty.duty, duty.scope, duty.bound
        if isinstance(scope, ForEachEvent):
            actions.add(scope.action.name)
        if not isinstance(kind, DoAction):
            continue
        actions.add(kind.action.name)
        names = bound.who
        if bound.kind is BoundKind.SAME_ACTOR and isinstance(scope, ForEachEvent):
            names = scope.by
        owe.append(f"(e.action = {quote(kind.action.name)} AND {matches(names, groups, 'e_o')})")
    named = ", ".join(quote(action) for action in sorted(actions)) or "NULL"
    may_owe = " OR ".join(owe) or "FALSE"
    return (
        "CREATE TEMP TABLE unmatched AS SELECT e.id, e.actor, coalesce("
        "(SELECT r.code FROM reasons r WHERE r.seq = e.seq AND r.code IS NOT NULL"
        " ORDER BY r.clause_order, r.grp LIMIT 1),"
        f" CASE WHEN e.day < {literal_day(plan.in_force)} THEN 'before_in_force'"
        f" WHEN e.action NOT IN ({named}) THEN 'no_clause_uses'"
        f" WHEN {may_owe} THEN 'no_open_duty' ELSE 'not_asked' END) AS code"
        " FROM events e JOIN office e_o ON e_o.actor = e.actor"
        " WHERE e.seq NOT IN (SELECT seq FROM used)"
        " UNION ALL SELECT id, actor, reason FROM set_aside"
    )
