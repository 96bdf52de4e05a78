"""The fixed words of the public contract: roles, levels, actions, channels, recipients.

Rule files and input files are both checked against these; the values are the strings of
``../shared/spec/contract.md`` and never change (extend, never rename).
"""

from __future__ import annotations

import enum
import functools


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


class Action(enum.Enum):
    """What an office can be logged as doing (the event log's ``action``)."""

    REPORTING_MEETING = "reporting_meeting"
    SCHEDULE_PUBLISHED = "schedule_published"
    REPORT_POSTED = "report_posted"
    PROGRESS_POSTED = "progress_posted"
    RESULTS_REPORTED = "results_reported"
    FORMS_APPROVED = "forms_approved"
    SCHEDULE_APPROVED = "schedule_approved"
    PROBLEMS_POSTED = "problems_posted"
    MEASURES_AGREED = "measures_agreed"


class Channel(enum.Enum):
    """Where something was published (an event's ``channels``)."""

    CENTRAL_PRESS = "central_press"
    REGIONAL_PRESS = "regional_press"
    WEBSITE = "website"


class Recipient(enum.Enum):
    """Who something was sent to (an event's ``to``)."""

    PRESIDENTIAL_ADMINISTRATION = "presidential_administration"
    GOVERNMENT = "government"
    EDUCATION_AUTHORITY = "education_authority"


class ParticipantTag(enum.Enum):
    """Who took part in a meeting, besides offices (an event's ``participants``)."""

    PUBLIC_COUNCIL = "public_council"
    NATIONAL_HOLDINGS = "national_holdings"
    GOVERNMENT_MEMBERS = "government_members"


DEPUTY_PREFIX = "deputy_of:"

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
