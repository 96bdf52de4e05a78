"""The words of the law over time: the text of a clause a duty was made under, a duty due
before its text applied, the parent of a moved office, the days an office exists, and
what differs between two texts of the rules (registered with
:mod:`decree_rules.explain.words`; the Kazakh and Russian are in the catalogs)."""

from __future__ import annotations

from datetime import timedelta

from decree_rules.core.ids import shown_id as _id
from decree_rules.engine.steps import DueBeforeText, OfficeBounds, ParentOnDay, TextApplied
from decree_rules.explain.catalog import N_, Words, words_for
from decree_rules.explain.words import _renders
from decree_rules.lang.compare import Aspect, Difference


@_renders(DueBeforeText)
def _due_before_text(step: DueBeforeText, w: Words) -> str:
    return w.t(
        "the last day, {due}, is before this text of clause {clause} applied, from "
        "{valid_from} (act {act}): no duty was owed before it: exempt",
        due=w.day(step.due),
        clause=step.clause,
        valid_from=w.day(step.valid_from),
        act=step.act,
    )


@_renders(TextApplied)
def _text_applied(step: TextApplied, w: Words) -> str:
    if step.act is None:
        text = w.t("the text of clause {clause} as the decree adopted it", clause=step.clause)
    else:
        named = step.act
        if step.act_number and step.act_dated is not None:
            named = w.t(
                "{act} (No. {number} of {dated})",
                act=step.act,
                number=step.act_number,
                dated=step.act_dated.isoformat(),
            )
        elif step.act_number:
            named = w.t("{act} (No. {number})", act=step.act, number=step.act_number)
        text = w.t(
            "the text of clause {clause} as amended by act {act}", clause=step.clause, act=named
        )
    days = []
    if step.valid_from is not None:
        days.append(w.t("from {day}", day=w.day(step.valid_from)))
    if step.valid_until is not None:
        days.append(w.t("until {day}", day=w.day(step.valid_until - timedelta(days=1))))
    else:
        days.append(w.t("still in force"))
    return w.t(
        "under {text}, which applies {days}: the text in force when the duty arose",
        text=text,
        days=", ".join(days),
    )


# ---- offices over time ----------------------------------------------------------------


@_renders(ParentOnDay)
def _parent_on_day(step: ParentOnDay, w: Words) -> str:
    if step.parent is None:
        held = w.t(
            "on {day} {actor} had no parent in the registry",
            day=w.day(step.day),
            actor=_id(step.actor),
        )
    else:
        held = w.t(
            "on {day} the parent of {actor} was {parent}",
            day=w.day(step.day),
            actor=_id(step.actor),
            parent=_id(step.parent),
        )
        days = []
        if step.since is not None:
            days.append(w.t("from {date}", date=step.since.isoformat()))
        if step.until is not None:
            days.append(w.t("until {date}", date=step.until.isoformat()))
        if days:
            held = w.t("{said} ({days})", said=held, days=" ".join(days))
    if step.others:
        held = w.t(
            "{said}; on other days: {others}",
            said=held,
            others=", ".join(_id(other) for other in step.others),
        )
    return held


@_renders(OfficeBounds)
def _office_bounds(step: OfficeBounds, w: Words) -> str:
    days = []
    if step.valid_from is not None:
        days.append(w.t("from {date}", date=step.valid_from.isoformat()))
    if step.valid_until is not None:
        days.append(w.t("until {date}", date=step.valid_until.isoformat()))
    if days:
        said = w.t("the office {actor} exists {days}", actor=_id(step.actor), days=" ".join(days))
    else:
        said = w.t("the office {actor} exists", actor=_id(step.actor))
    if step.gaps:
        gaps = ", ".join(f"{gap.first.isoformat()} .. {gap.last.isoformat()}" for gap in step.gaps)
        if days:
            said = w.t("{said}, but not {gaps}", said=said, gaps=gaps)
        else:
            said = w.t("{said} but not {gaps}", said=said, gaps=gaps)
    return w.t(
        "{said}: it owes no duty for a period or an event on a day it did not exist", said=said
    )


# ---- what changes between two texts of the rules ----------------------------------------


def difference_sentence(difference: Difference, lang: str = "en") -> str:
    """One difference in words legal staff read:
    ``clause 5: notice 10 calendar days -> 1 month, from 2018-01-11 (act amendment_2018)``.
    The parts of the clause (``old`` and ``new``) are quoted in the rule language.
    """
    w = words_for(lang)
    clause, aspect = difference.clause, difference.aspect
    old, new = difference.old, difference.new
    if aspect is Aspect.ADDED:
        said = w.t('clause {clause} "{title}" is added', clause=clause, title=new)
    elif aspect is Aspect.REMOVED:
        said = w.t(
            'clause {clause} "{title}" no longer applies (repealed)', clause=clause, title=old
        )
    elif aspect is Aspect.TITLE:
        said = w.t('clause {clause}: title "{old}" -> "{new}"', clause=clause, old=old, new=new)
    elif aspect is Aspect.TEXT:
        said = _text_change(difference, w)
    elif aspect is Aspect.NOTICE:
        said = w.t("clause {clause}: notice {old} -> {new}", clause=clause, old=old, new=new)
    elif aspect is Aspect.TERM:
        said = w.t("clause {clause}: term {old} -> {new}", clause=clause, old=old, new=new)
    else:
        said = w.t(
            "clause {clause}: {part} {old} -> {new}",
            clause=clause,
            part=w.t(_PART_WORDS[aspect]),
            old=_quoted(old, w),
            new=_quoted(new, w),
        )
    if difference.since is not None:
        said = w.t("{said}, from {date}", said=said, date=difference.since.isoformat())
    if difference.act is not None:
        said = w.t("{said} (act {act})", said=said, act=difference.act)
    return said


_PART_WORDS = {
    Aspect.SCOPE: N_("what creates the duties"),
    Aspect.OBLIGATION: N_("who owes what"),
    Aspect.DEADLINE: N_("deadline"),
    Aspect.COUNTING: N_("counting"),
    Aspect.QUALIFIERS: N_("qualifying lines"),
    Aspect.DUTY: N_("duty"),
}


def _text_change(difference: Difference, w: Words) -> str:
    language = {
        "kk": w.t("the Kazakh text"),
        "ru": w.t("the Russian text"),
        "en": w.t("the English text"),
    }.get(difference.language or "", difference.language or "")
    clause = difference.clause
    if difference.old is None:
        return w.t("clause {clause}: {text} is added", clause=clause, text=language)
    if difference.new is None:
        return w.t("clause {clause}: {text} is not given", clause=clause, text=language)
    return w.t("clause {clause}: {text} is reworded", clause=clause, text=language)


def _quoted(part: str | None, w: Words) -> str:
    if part is None:
        return w.t("(none)")
    return "'" + part.replace("\n", "; ") + "'"
