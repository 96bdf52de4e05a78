"""Time zones from the ``tzdata`` package, never from the host's zone files.

Host zone files older than tzdata 2024a put Almaty at UTC+6 after 2024-03-01, which
would move evening events to the wrong day; the ``tzdata`` wheel is versioned with the
project, so every machine counts days the same way.
"""

from __future__ import annotations

import functools
import importlib.resources
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
