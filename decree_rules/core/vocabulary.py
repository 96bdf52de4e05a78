"""The fixed words of the public contract (roles, levels), and the shape of the declared ones.

Roles and levels are the registry's, fixed by ``../shared/spec/contract.md``: rule files
and registries are both checked against them, and they never change (extend, never
rename). Actions, channels, recipients and participant tags are declared in the rule
files (:class:`Vocabulary`); event logs are checked against the rules in use.
"""

from __future__ import annotations

import enum
import functools

import attrs


class Role(enum.Enum):
    """The kinds of office the decree binds (the registry's ``role``)."""

    CENTRAL_BODY_HEAD = "central_body_head"
    ANTICORRUPTION_HEAD = "anticorruption_head"
    AKIM = "akim"
    RECTOR = "rector"
    EDUCATION_HEAD = "education_head"
    GOVERNMENT = "government"


class Level(enum.Enum):
    """The levels of akims (the registry's ``level``), from region to rural."""

    REGION = "region"
    REPUBLICAN_CITY = "republican_city"
    CAPITAL = "capital"
    DISTRICT = "district"
    REGIONAL_CITY = "regional_city"
    CITY_DISTRICT = "city_district"
    RURAL = "rural"


PARENT_LEVELS: dict[Level, tuple[Level, ...]] = {
    Level.REGION: (),
    Level.REPUBLICAN_CITY: (),
    Level.CAPITAL: (),
    Level.DISTRICT: (Level.REGION,),
    Level.REGIONAL_CITY: (Level.REGION,),
    Level.CITY_DISTRICT: (Level.REPUBLICAN_CITY, Level.CAPITAL, Level.REGIONAL_CITY),
    Level.RURAL: (Level.DISTRICT, Level.REGIONAL_CITY),
}
"""The levels an akim's ``parent`` (the superior akim) may have, by the akim's level.

The top of the hierarchy (regions, the city of republican significance and the capital)
has no parent; a district and a city of regional significance are a region's; a city
district is its city's; a rural okrug (or settlement) is its district's, or its city's of
regional significance."""


class WordKind(enum.Enum):
    """The kinds of word a rule file declares for the event log, by the keyword declaring
    them: what an office did (``action``), where it was published (``channel``), whom it
    was sent to (``recipient``), who took part besides offices (``participant``)."""

    ACTION = "action"
    CHANNEL = "channel"
    RECIPIENT = "recipient"
    PARTICIPANT = "participant"


@attrs.frozen
class Vocabulary:
    """The words of an event log: the ones the rule files declare, in declaration order.

    The shipped rules declare the contract's words (``../shared/spec/contract.md``,
    section 2); rule files of one's own may declare more. ``meetings`` are the actions
    declared ``is a meeting``: the ones 'that meeting' and 'the meeting ends' can refer to.
    """

    actions: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()

    def words(self, kind: WordKind) -> tuple[str, ...]:
        """The declared words of ``kind``."""
        found: tuple[str, ...] = getattr(self, _FIELDS[kind])
        return found


_FIELDS = {
    WordKind.ACTION: "actions",
    WordKind.CHANNEL: "channels",
    WordKind.RECIPIENT: "recipients",
    WordKind.PARTICIPANT: "participants",
}


DEPUTY_PREFIX = "deputy_of:"
"""A participant ``deputy_of:<actor id>``: a deputy of that office (``attend that meeting
in person or by a deputy``). Built in, not declared: it names an office of the registry,
not a word of a list, and the grammar's ``or by a deputy`` is what reads it."""

# English month names for rule files and messages (strftime's %B follows the locale).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DEFAULT_TZ = "Asia/Almaty"


@functools.cache
def values(kind: type[enum.Enum]) -> tuple[str, ...]:
    """The contract strings of an enum, in declaration order."""
    return tuple(str(member.value) for member in kind)


class Unit(enum.Enum):
    """Units a term is counted in (the words used in rule files)."""

    CALENDAR_DAYS = "calendar days"
    WORKING_DAYS = "working days"
    MONTHS = "months"
    YEARS = "years"
