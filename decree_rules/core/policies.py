"""Named rules for counting terms, which a rule file selects and every explanation cites.

The decree's deadlines are counted as the Civil Code counts terms (arts. 173-176). Each
rule of that scheme is a named policy, so legal staff can see which one produced a date
and switch one off for a clause (``counting civil_code without shift_forward``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs


class Policy(enum.Enum):
    """One counting rule; the value is the name written in rule files."""

    START_NEXT_DAY = "start_next_day"
    MONTH_CLAMP = "month_clamp"
    SHIFT_FORWARD = "shift_forward"
    END_OF_DAY_LOCAL = "end_of_day_local"
    NOTICE_UNSHIFTED = "notice_unshifted"
    FIXED_DATE_INCLUSIVE = "fixed_date_inclusive"


POLICY_TEXT = {
    Policy.START_NEXT_DAY: "a term starts the day after its anchor (Civil Code art. 173)",
    Policy.MONTH_CLAMP: "a month term ends on the same-numbered day, or the month's last day "
    "(Civil Code art. 174)",
    Policy.SHIFT_FORWARD: "a last day that is not a working day moves to the next working day "
    "(Civil Code art. 175)",
    Policy.END_OF_DAY_LOCAL: "an action may be done until 24:00 local time of the last day "
    "(Civil Code art. 176)",
    Policy.NOTICE_UNSHIFTED: "a notice counted backwards is never moved",
    Policy.FIXED_DATE_INCLUSIVE: "'by 15 January' includes the 15th",
}

BUNDLES: dict[str, frozenset[Policy]] = {"civil_code": frozenset(Policy)}
"""Named sets of policies; ``civil_code`` is every policy above."""

OFFICE_CLOSING_HOUR = 18
"""Without ``end_of_day_local`` the last day ends when offices close (art. 176 p. 2)."""


class UnknownPolicyError(ValueError):
    """A policy or bundle name that does not exist."""


def valid_names() -> tuple[str, ...]:
    """Every name a ``counting`` line accepts: bundles first, then the policies."""
    return (*BUNDLES, *(policy.value for policy in Policy))


@attrs.frozen
class Counting:
    """The set of policies a deadline is counted by."""

    policies: frozenset[Policy] = frozenset(Policy)

    @classmethod
    def from_names(cls, names: Iterable[str], without: Iterable[str] = ()) -> Counting:
        """``counting civil_code without shift_forward`` -> the policies it names."""
        chosen: set[Policy] = set()
        for name in names:
            chosen |= _lookup(name)
        for name in without:
            chosen -= _lookup(name)
        return cls(frozenset(chosen))

    def __contains__(self, policy: object) -> bool:
        return policy in self.policies

    def names(self) -> tuple[str, ...]:
        """The policy names, in the order of :class:`Policy`."""
        return tuple(policy.value for policy in Policy if policy in self.policies)

    def describe(self) -> str:
        """``civil_code`` when complete, else the names (or ``none``)."""
        for name, bundle in BUNDLES.items():
            if self.policies == bundle:
                return name
        return ", ".join(self.names()) or "none"


CIVIL_CODE = Counting()


def _lookup(name: str) -> frozenset[Policy]:
    if name in BUNDLES:
        return BUNDLES[name]
    for policy in Policy:
        if policy.value == name:
            return frozenset({policy})
    raise UnknownPolicyError(name)
