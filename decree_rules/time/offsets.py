"""A zone's UTC offsets as a table: what SQL needs to place events in local time.

The rows come from the same ``tzdata`` package as :func:`~decree_rules.time.zones.load_zone`
(its TZif files), so a database counts local days as the Python engine does. Each row is
an offset and the moment it starts, both as UTC seconds since 1970 and as the wall time
from which a local time without an offset is read with it:

>>> changes = zone_changes("Asia/Almaty")
>>> [(c.offset, c.utc_from) for c in changes][-2:]
[(21600, 1099166400), (18000, 1709229600)]

A wall time repeated or skipped by a change is read as Python's ``zoneinfo`` reads one
with ``fold=0``: with the offset before the change. That is why ``wall_from`` is the
change's UTC moment plus the *greater* of the two offsets.
"""

from __future__ import annotations

import functools
import importlib.resources
import struct
from datetime import UTC, datetime, timedelta

import attrs

from decree_rules.time.zones import UnknownZoneError, load_zone

__all__ = ["ZoneChange", "country_zones", "zone_changes", "zone_rows"]

# The last instant a log may name (io.fields.YEARS ends with 2999): rules of zones that
# still change their clocks are followed up to it.
_HORIZON = int(datetime(3000, 1, 1, tzinfo=UTC).timestamp())


@attrs.frozen
class ZoneChange:
    """From ``utc_from`` (None: since ever) the zone is ``offset`` seconds ahead of UTC;
    a wall time at or after ``wall_from`` (None: any) is read with this offset."""

    utc_from: int | None
    wall_from: int | None
    offset: int


@functools.cache
def zone_changes(name: str) -> tuple[ZoneChange, ...]:
    """The offsets of zone ``name`` in time order (UnknownZoneError if there is none)."""
    load_zone(name)  # the same check of the name as everywhere else
    resource = importlib.resources.files("tzdata.zoneinfo")
    for part in name.split("/"):
        resource = resource.joinpath(part)
    try:
        data = resource.read_bytes()
    except OSError as exc:  # pragma: no cover - load_zone read it a moment ago
        raise UnknownZoneError(f"unknown time zone {name!r}") from exc
    times, offsets, first, footer = _read_tzif(data)
    changes = [ZoneChange(None, None, first)]
    for moment, offset in zip(times, offsets, strict=True):
        _append(changes, moment, offset)
    if "," in footer:  # a rule of daylight saving time: followed with zoneinfo
        _follow_rule(changes, name, times[-1] if times else -(2**40))
    return tuple(changes)


def zone_rows(names: list[str]) -> list[tuple[str, int | None, int | None, int]]:
    """Rows ``(zone, utc_from, wall_from, offset)`` of the zones ``names``, each once."""
    rows: list[tuple[str, int | None, int | None, int]] = []
    for name in sorted(set(names)):
        rows.extend((name, c.utc_from, c.wall_from, c.offset) for c in zone_changes(name))
    return rows


@functools.cache
def country_zones(country: str) -> tuple[str, ...]:
    """The zones tzdata's ``zone1970.tab`` lists for ``country`` (ISO 3166 code).

    >>> country_zones("KZ")[:2]
    ('Asia/Almaty', 'Asia/Qyzylorda')
    """
    table = importlib.resources.files("tzdata.zoneinfo").joinpath("zone1970.tab")
    zones = []
    for line in table.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if not line.startswith("#") and len(fields) >= 3 and country in fields[0].split(","):
            zones.append(fields[2])
    return tuple(zones)


def _append(changes: list[ZoneChange], moment: int, offset: int) -> None:
    before = changes[-1].offset
    if offset == before:
        return  # a change of name or of daylight-saving flag only: no change of the clock
    changes.append(ZoneChange(moment, moment + max(before, offset), offset))


def _read_tzif(data: bytes) -> tuple[list[int], list[int], int, str]:
    """(transition times, offsets after each, the offset before the first, footer)."""
    if data[:4] != b"TZif":
        raise ValueError("not a TZif file")
    version = data[4]
    counts = struct.unpack(">6l", data[20:44])
    size = 4
    body = 44
    if version >= ord("2"):
        # Skip the 32-bit block: the 64-bit one after it holds the same and more.
        body += _block_size(counts, 4)
        counts = struct.unpack(">6l", data[body + 20 : body + 44])
        body += 44
        size = 8
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    del isutcnt, isstdcnt, leapcnt, charcnt
    fmt = ">%d%s" % (timecnt, "q" if size == 8 else "l")  # noqa: UP031 (struct format)
    times = list(struct.unpack(fmt, data[body : body + timecnt * size]))
    at = body + timecnt * size
    indices = list(data[at : at + timecnt])
    at += timecnt
    types = [struct.unpack(">lBB", data[at + 6 * i : at + 6 * i + 6]) for i in range(typecnt)]
    footer = ""
    if size == 8:
        end = body + _block_size(counts, 8)
        footer = data[end:].strip(b"\n").decode("ascii")
    # Before the first change zoneinfo uses the first standard-time type of the file, as
    # RFC 8536 says readers should, else the first type.
    standard = [utoff for utoff, isdst, _ in types if not isdst]
    first = standard[0] if standard else types[0][0]
    return times, [types[i][0] for i in indices], first, footer


def _block_size(counts: tuple[int, ...], size: int) -> int:
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    return (
        timecnt * size + timecnt + typecnt * 6 + charcnt + leapcnt * (size + 4) + isstdcnt + isutcnt
    )


def _follow_rule(changes: list[ZoneChange], name: str, last: int) -> None:
    """The changes after the file's last one, found a day at a time, then to the second."""
    zone = load_zone(name)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)

    def offset_at(moment: int) -> int:
        when = epoch + timedelta(seconds=moment)
        found = when.astimezone(zone).utcoffset()
        assert found is not None
        return int(found.total_seconds())

    moment = last + 1  # every change the file lists is at or before its last transition
    current = offset_at(moment)
    day = 86_400
    while moment < _HORIZON:
        later = moment + day
        found = offset_at(later)
        if found != current:
            low, high = moment, later  # the offset changes in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                if offset_at(middle) == current:
                    low = middle
                else:
                    high = middle
            _append(changes, high, found)
            current = found
        moment = later
