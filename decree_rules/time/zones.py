"""Time zones from the ``tzdata`` package, never from the host's zone files.

Host zone files older than tzdata 2024a put Almaty at UTC+6 after 2024-03-01, which
would move evening events to the wrong day; the ``tzdata`` wheel is versioned with the
project, so every machine counts days the same way.
"""

from __future__ import annotations

import functools
import importlib.resources
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import tzdata


class UnknownZoneError(ValueError):
    """The name is not an IANA zone known to the bundled zone data."""


@functools.cache
def load_zone(name: str) -> ZoneInfo:
    """The zone ``name`` (e.g. ``Asia/Almaty``) from the bundled tzdata."""
    if not name or name.startswith(("/", ".")) or ".." in name or "\\" in name:
        raise UnknownZoneError(f"unknown time zone {name!r}")
    resource = importlib.resources.files("tzdata.zoneinfo")
    for part in name.split("/"):
        resource = resource.joinpath(part)
    try:
        with resource.open("rb") as handle:
            return ZoneInfo.from_file(handle, key=name)
    except (OSError, ValueError) as exc:
        raise UnknownZoneError(f"unknown time zone {name!r}") from exc


def zone_data_version() -> str:
    """The IANA release of the bundled zone data, e.g. ``2025b``."""
    return str(tzdata.IANA_VERSION)


def local_day(moment: date | datetime, tz: str) -> date:
    """The local day of ``moment`` in zone ``tz`` (rule 1).

    A date is already a local day; a naive datetime is local wall time in ``tz``; an aware
    datetime is converted to ``tz``. The zone is checked in every case so a bad name fails
    the same way whatever the moment.
    """
    zone = load_zone(tz)
    if not isinstance(moment, datetime):
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.date()
    return moment.astimezone(zone).date()


def to_instant(moment: date | datetime, tz: str) -> datetime:
    """The instant of ``moment``, in UTC: a date is its local midnight, naive is read in ``tz``.

    UTC, not ``tz``: Python compares two datetimes of one zone by wall time, ignoring
    ``fold``, and calls a repeated wall time unequal to every instant of another zone
    (PEP 495), so only a fixed-offset result orders and compares correctly.
    """
    zone = load_zone(tz)
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(0), tzinfo=zone).astimezone(UTC)
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A wall time repeated by a clock change (Almaty, 2024-02-29 23:00-23:59) is its
        # first occurrence unless the caller set fold=1; records parsed from text have 0.
        return moment.replace(tzinfo=zone).astimezone(UTC)
    return moment.astimezone(UTC)
