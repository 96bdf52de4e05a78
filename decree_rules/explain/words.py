"""The registry of step words and the small words sentences share (lists, offices, times)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from decree_rules.core.facts import Step
from decree_rules.core.ids import shown_id as _id
from decree_rules.core.vocabulary import Level, Role, Unit
from decree_rules.engine import steps as E
from decree_rules.engine.steps import ConditionName
from decree_rules.explain.catalog import Words, words_for

_S = TypeVar("_S", bound=Step)
_Render = Callable[[Any, Words], str]
_RENDER: dict[type[Step], _Render] = {}


def _renders(cls: type[_S]) -> Callable[[Callable[[_S, Words], str]], Callable[[_S, Words], str]]:
    def register(function: Callable[[_S, Words], str]) -> Callable[[_S, Words], str]:
        _RENDER[cls] = function
        return function

    return register


def rendered_classes() -> frozenset[type[Step]]:
    """The step classes this module can word (a test checks it is every one)."""
    return frozenset(_RENDER)


# ---- small words -----------------------------------------------------------------------


def _weekday(weekday: int, w: Words) -> str:
    return w.t("a {weekday}", weekday=w.weekday_name(weekday))


def _listed(items: Sequence[str], w: Words) -> str:
    return ", ".join(items) if items else w.t("none")


def _or(items: Iterable[str], w: Words) -> str:
    return w.t(" or ").join(items)


def _and(items: Iterable[str], w: Words) -> str:
    return w.t(" and ").join(items)


def _month_words(amount: int, unit: Unit, w: Words) -> str:
    if unit is Unit.MONTHS:
        return w.n("{n} month", "{n} months", amount)
    return w.n("{n} year", "{n} years", amount)


def _office_messages(w: Words) -> dict[tuple[Role, Level | None], str]:
    # One message for each office, so that each language words it whole.
    return {
        (Role.GOVERNMENT, None): w.t("the government"),
        (Role.CENTRAL_BODY_HEAD, None): w.t("a central body head"),
        (Role.ANTICORRUPTION_HEAD, None): w.t("an anticorruption head"),
        (Role.RECTOR, None): w.t("a rector"),
        (Role.EDUCATION_HEAD, None): w.t("an education head"),
        (Role.AKIM, None): w.t("an akim"),
        (Role.AKIM, Level.REGION): w.t("a region akim"),
        (Role.AKIM, Level.REPUBLICAN_CITY): w.t("a republican city akim"),
        (Role.AKIM, Level.CAPITAL): w.t("a capital akim"),
        (Role.AKIM, Level.DISTRICT): w.t("a district akim"),
        (Role.AKIM, Level.REGIONAL_CITY): w.t("a regional city akim"),
        (Role.AKIM, Level.CITY_DISTRICT): w.t("a city district akim"),
        (Role.AKIM, Level.RURAL): w.t("a rural akim"),
    }


def office_words(role: Role, level: Level | None, lang: str = "en") -> str:
    """``a district akim``, ``an education head``, ``the government``."""
    key = (role, level if role is Role.AKIM else None)
    return _office_messages(words_for(lang))[key]


def _when(when: E.When, w: Words) -> str:
    text = w.day(when.day)
    if when.clock is not None:
        text = w.t("{day} {clock} local time ({tz})", day=text, clock=when.clock, tz=when.tz)
    if when.end_day is not None:
        text = w.t("{start} to {end}", start=text, end=w.day(when.end_day))
    return text


def _failed(failed: E.Failed, w: Words) -> str:
    wanted = _or(failed.wanted, w)
    if failed.condition is ConditionName.CHANNEL:
        return w.t(
            "published on {wanted} (channels: {actual})",
            wanted=wanted,
            actual=_listed(failed.actual, w),
        )
    if failed.condition is ConditionName.RECIPIENT:
        return w.t(
            "sent to {wanted} (to: {actual})", wanted=wanted, actual=_listed(failed.actual, w)
        )
    return w.t("with a video link (videoconference: true)")


def _action_words(action: str, conditions: Sequence[E.Wanted], w: Words) -> str:
    parts = []
    for wanted in conditions:
        if wanted.condition is ConditionName.VIDEOCONFERENCE:
            parts.append(w.t("with videoconference"))
        elif wanted.condition is ConditionName.CHANNEL:
            parts.append(w.t("on {channels}", channels=_or(wanted.any_of, w)))
        else:
            parts.append(w.t("to {recipients}", recipients=_or(wanted.any_of, w)))
    if not parts:
        return action
    return w.t("{action} {conditions}", action=action, conditions=_and(parts, w))


def _duty_name(duty: E.DutyRef) -> str:
    if duty.period is not None:
        return f"{_id(duty.actor)}, {duty.period}"
    if duty.trigger is not None:
        return f"{_id(duty.actor)}, {_id(duty.trigger)}"
    return _id(duty.actor)


def _ids(ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(_id(ident) for ident in ids)


def _named(ident: str) -> str:
    """An id in quotes: ``'akim.x'``, or JSON-quoted when it needs it."""
    shown = _id(ident)
    return f"'{ident}'" if shown == ident else shown
