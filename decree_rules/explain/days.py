"""Why a day is off or worked, and what a calendar's data lacks, in words."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from decree_rules.explain.catalog import Words, words_for
from decree_rules.explain.words import _and, _weekday
from decree_rules.time import days as D

# ---- days ------------------------------------------------------------------------------


def day_off(reasons: Iterable[D.DayOff], lang: str = "en") -> str:
    """Why a day is off: ``a public holiday (Nauryz) and a Saturday``."""
    return _day_offs(reasons, words_for(lang))


def _day_offs(reasons: Iterable[D.DayOff], w: Words) -> str:
    return _and((_DAY_OFF[type(reason)](reason, w) for reason in reasons), w)


def _day_off_by_act(reason: D.DayOffByAct, w: Words) -> str:
    if reason.reason:
        return w.t("a day off by {act} ({reason})", act=reason.act, reason=reason.reason)
    return w.t("a day off by {act}", act=reason.act)


_DAY_OFF: dict[type, Callable[[Any, Words], str]] = {
    D.Weekend: lambda reason, w: _weekday(reason.weekday, w),
    D.PublicHoliday: lambda reason, w: w.t(
        "a public holiday ({name})", name=w.holiday(reason.name)
    ),
    D.HolidayInLieu: lambda reason, w: w.t(
        "a day off in place of {holiday}, which fell on a weekend",
        holiday=w.holiday(reason.holiday),
    ),
    D.MovedDayOff: lambda reason, w: w.t(
        "a day off moved by the Government from {day}", day=w.day(reason.moved_from)
    ),
    D.StatedDayOff: lambda reason, w: reason.reason,
    D.DayOffByAct: _day_off_by_act,
}


def workday_note(note: D.WorkdayNote, lang: str = "en") -> str:
    """Why a day that looks off is worked: ``a Saturday made a working day by ...``."""
    return _workday_note(note, words_for(lang))


def _workday_note(note: D.WorkdayNote, w: Words) -> str:
    if isinstance(note, D.WorkedByGovernment):
        return w.t(
            "{weekday} made a working day by the Government", weekday=_weekday(note.weekday, w)
        )
    if isinstance(note, D.WorkedAsStated):
        return w.t("{weekday} made a working day", weekday=_weekday(note.weekday, w))
    if note.weekday is None:
        return w.t("a working day by {act}", act=note.act)
    return w.t(
        "{weekday} made a working day by {act}", weekday=_weekday(note.weekday, w), act=note.act
    )


def calendar_notice(notice: D.CalendarNotice, lang: str = "en") -> str:
    """What a calendar's data lacks for a year, as one sentence."""
    w = words_for(lang)
    if isinstance(notice, D.YearNotCovered):
        return w.t(
            "{year}: holidays {version} has no Kazakh calendar for {year} (it covers "
            "{first}-{last}); only Saturdays and Sundays are days off in {year}",
            year=notice.year,
            version=notice.version,
            first=notice.first,
            last=notice.last,
        )
    if isinstance(notice, D.YearUncertain):
        return _year_uncertain(notice, w)
    names = _and(
        (
            w.t("{name} on {day}", name=w.holiday(h.name), day=w.date_text(h.day))
            for h in notice.estimated
        ),
        w,
    )
    return w.t(
        "{year}: the transfers come from {source}, but {names} is still "
        "an estimate in {base}; if it is announced for another day, make the "
        "estimated day a [[working_day]] and the announced day a [[day_off]] there",
        year=notice.year,
        source=notice.source,
        names=names,
        base=notice.base,
    )


def _year_uncertain(notice: D.YearUncertain, w: Words) -> str:
    year = notice.year
    parts: list[str] = []
    if notice.estimated:
        estimates = [
            w.t("{name} as estimated ({day})", name=w.holiday(h.name), day=w.date_text(h.day))
            for h in notice.estimated
        ]
        parts.append(w.t("gives {estimates}", estimates=_and(estimates, w)))
    if notice.no_transfers:
        parts.append(w.t("has no Government transfer resolution for {year}", year=year))
        return w.t(
            "{year}: holidays {version} {facts}; dates in {year} may be off by a transferred day",
            year=year,
            version=notice.version,
            facts=_and(parts, w),
        )
    return w.t(
        "{year}: holidays {version} {facts}; dates in {year} may be off by a day if the "
        "holiday is announced for another day",
        year=year,
        version=notice.version,
        facts=_and(parts, w),
    )


def _skipped_note(skipped: Sequence[D.SkippedDay], w: Words) -> str:
    """The days off not counted: plain weekend days as a number, the rest by name."""
    weekend = 0
    named: list[str] = []
    for entry in skipped:
        only = entry.reasons[0] if len(entry.reasons) == 1 else None
        if isinstance(only, D.Weekend) and only.weekday == entry.day.weekday():
            weekend += 1
        else:
            named.append(
                w.t("{day}, {reason}", day=w.day(entry.day), reason=_day_offs(entry.reasons, w))
            )
    if weekend:
        named.append(w.n("{n} weekend day", "{n} weekend days", weekend))
    if not named:
        return ""
    return w.t(" (days off not counted: {days})", days="; ".join(named))
