"""Whether an event meets a rule's conditions: a channel, a recipient, the video link."""

from __future__ import annotations

from collections.abc import Sequence

from decree_rules.engine.steps import ConditionName, Failed, Wanted
from decree_rules.engine.timeline import Resolved
from decree_rules.lang.model import Condition, ConditionKind

_CONDITION_NAMES = {
    ConditionKind.CHANNEL: ConditionName.CHANNEL,
    ConditionKind.RECIPIENT: ConditionName.RECIPIENT,
    ConditionKind.VIDEOCONFERENCE: ConditionName.VIDEOCONFERENCE,
}


def failed_condition(ev: Resolved, conditions: Sequence[Condition]) -> Failed | None:
    """The first of ``conditions`` that ``ev`` does not meet, or None when it meets all."""
    for condition in conditions:
        wanted = tuple(t.name for t in condition.any_of)
        if condition.kind is ConditionKind.CHANNEL:
            if not any(w in ev.event.channels for w in wanted):
                return Failed(ConditionName.CHANNEL, wanted, ev.event.channels)
        elif condition.kind is ConditionKind.RECIPIENT:
            if not any(w in ev.event.to for w in wanted):
                return Failed(ConditionName.RECIPIENT, wanted, ev.event.to)
        elif condition.kind is ConditionKind.VIDEOCONFERENCE and not ev.event.videoconference:
            return Failed(ConditionName.VIDEOCONFERENCE)
    return None


def wanted_conditions(conditions: Sequence[Condition]) -> tuple[Wanted, ...]:
    """What ``conditions`` ask of an event, as facts."""
    return tuple(
        Wanted(_CONDITION_NAMES[c.kind], tuple(t.name for t in c.any_of)) for c in conditions
    )
