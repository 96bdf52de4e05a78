"""Field values: what a date, a code or a list entry may be, and how values are shown.

Used by the checks of :mod:`decree_rules.io.checker`, :mod:`decree_rules.io.registry` and
:mod:`decree_rules.io.events`.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import importlib.resources
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Final

from decree_rules.core.vocabulary import DEFAULT_TZ, MONTH_NAMES
from decree_rules.io.records import Moment
from decree_rules.io.sources import quote
from decree_rules.time.zones import UnknownZoneError, load_zone

__all__: list[str] = []

# re.ASCII: only the digits 0-9 (not, say, Arabic-Indic digits) make an ISO date.
DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
DATETIME: Final = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ].*", re.ASCII | re.DOTALL)
TIME_ONLY: Final = re.compile(
    r"[Tt]?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?", re.ASCII
)
YEARS: Final = (1900, 2999)
"""Years a date may have: a wider range is a typo, and would overflow date arithmetic."""
# Characters no id, code or list entry may hold: control characters (a line break in an id
# would forge a line of the text report), invisible and direction-changing ones (an id that
# looks like another), and lone surrogates (from a "\ud800" escape; they are not text and
# cannot be written out as UTF-8). A display name may hold tabs and line breaks.
NOT_IN_CODES: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]"
)
NOT_IN_TEXT: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
BAD_HINT: Final = "remove the character; the file may have been pasted from a formatted document"


def char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def bad_character(value: str, char: str) -> str:
    code = f"<U+{ord(char):04X}>"
    if "\ud800" <= char <= "\udfff":
        what = f"a lone surrogate {code} (half of a character, not text)"
    elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        what = f"a control character {code}"
    else:
        what = f"an invisible character {code}"
    return f"{quote(value)} contains {what}"


TRUE: Final = frozenset({"true", "1", "yes"})
FALSE: Final = frozenset({"false", "0", "no"})


def no_such_date(text: str) -> str | None:
    """Why ``YYYY-MM-DD`` text is not a real date, or None when it is one."""
    match = DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    try:
        date(year, month, day)
    except ValueError:
        days = calendar.monthrange(year, month)[1]
        return f"{MONTH_NAMES[month - 1]} {year} has {days} days"
    return None


def year_message(year: int, text: str) -> str:
    return f"the year {year} is outside the supported range {YEARS[0]}-{YEARS[1]}: {quote(text)}"


class Suggester:
    """Finds the option closest to a misspelt value ("did you mean ...?").

    Large option sets (a registry of thousands of offices) are first narrowed to the
    options sharing the most three-letter pieces with the value, so a file full of
    unknown ids is not compared with every id one by one.
    """

    _NARROW_ABOVE: Final = 200

    def __init__(self, options: Iterable[str]) -> None:
        self.options = list(dict.fromkeys(options))
        self.by_lower: dict[str, str] = {}
        for option in self.options:
            self.by_lower.setdefault(option.lower(), option)
        self.index: dict[str, list[str]] | None = None
        if len(self.by_lower) > self._NARROW_ABOVE:
            index: dict[str, list[str]] = {}
            for lower in self.by_lower:
                for piece in _pieces(lower):
                    index.setdefault(piece, []).append(lower)
            self.index = index

    def __call__(self, value: str) -> str | None:
        wanted = value.strip().lower()
        if not wanted:
            return None
        if wanted in self.by_lower:
            return self.by_lower[wanted]
        pool: Iterable[str] = self.by_lower
        if self.index is not None:
            counts: Counter[str] = Counter()
            for piece in _pieces(wanted):
                counts.update(self.index.get(piece, ()))
            pool = [lower for lower, _ in counts.most_common(50)]
        close = difflib.get_close_matches(wanted, pool, n=1, cutoff=0.6)
        if close:
            return self.by_lower[close[0]]
        if len(wanted) >= 4:
            containing = [lower for lower in self.by_lower if wanted in lower]
            if len(containing) == 1:
                return self.by_lower[containing[0]]
        return None


def _pieces(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@functools.cache
def zone_names() -> tuple[str, ...]:
    try:
        listing = importlib.resources.files("tzdata").joinpath("zones").read_text("utf-8")
    except (OSError, ValueError):
        return ()
    return tuple(line.strip() for line in listing.splitlines() if line.strip())


def zone_of(name: str) -> tzinfo:
    try:
        return load_zone(name)
    except UnknownZoneError:
        return load_zone(DEFAULT_TZ)


def local_day(moment: Moment, zone: tzinfo) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(zone).date() if moment.tzinfo is not None else moment.date()
    return moment


def instant(moment: datetime, zone: tzinfo) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def shown_moment(moment: Moment, zone: tzinfo) -> str:
    if isinstance(moment, datetime) and moment.tzinfo is None:
        offset = moment.replace(tzinfo=zone).utcoffset() or timedelta(0)
        minutes = round(offset.total_seconds() / 60)
        sign = "-" if minutes < 0 else "+"
        shown = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        return f"{moment.isoformat()} ({zone}, {shown})"
    return moment.isoformat()


MISSING: Final = object()


_ZONES: dict[tuple[timedelta | None, str | None], tzinfo] = {}


def shared_zone(moment: datetime) -> datetime:
    """``moment`` with the one tzinfo object kept for its offset.

    ``fromisoformat`` makes a new tzinfo for every date-time: sharing one saves memory,
    and pickling a national log between processes costs a fifth as much.
    """
    zone = moment.tzinfo
    if zone is None:
        return moment
    shared = _ZONES.setdefault((zone.utcoffset(None), zone.tzname(None)), zone)
    return moment if shared is zone else moment.replace(tzinfo=shared)


def csv_text(value: object) -> str:
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
