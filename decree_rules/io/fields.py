"""The field checks: each turns a raw value into a typed value or a :class:`Problem`.

A check reports nothing itself. It returns the value, or a Problem: the code of the
defect, the message, a hint and the message's values. The reporting
:class:`~decree_rules.io.checker.Checker` locates a problem in the file and builds the
error; the fast path of plain records (:func:`~decree_rules.io.events.plain_event`) only
asks whether there is one. So both read a field the same way, and a plain value costs a
check and nothing more: a message is made only for a value that has a defect.

A check is given a value that is there: a field that is absent, null or blank is the
caller's to handle (reported if the field is required, see ``not_given``).
"""

from __future__ import annotations

import calendar
import difflib
import enum
import functools
import importlib.resources
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Final, TypeVar, cast

import attrs

from decree_rules.core.ids import same_form
from decree_rules.core.periods import Period
from decree_rules.core.vocabulary import (
    DEFAULT_TZ,
    DEPUTY_PREFIX,
    MONTH_NAMES,
    Level,
    Role,
    Vocabulary,
    values,
)
from decree_rules.io.records import Actor, Moment
from decree_rules.io.sources import describe, quote
from decree_rules.time.zones import UnknownZoneError, load_zone

__all__ = ["Example", "Lexicon", "Problem", "Suggest", "lexicon", "parse_moment"]

_E = TypeVar("_E", Role, Level)


# --------------------------------------------------------------------------- problems


@attrs.frozen
class Example:
    """A hint showing valid values, written as the file writes them: ``e.g. "tz": "UTC"``.

    The checker renders it for the field and the format; ``lead`` goes before the ``e.g.``.
    """

    values: tuple[object, ...]
    lead: str = ""


@attrs.frozen
class Suggest:
    """A hint naming the candidate closest to ``value`` ("did you mean ...?").

    ``among`` names the set of candidates (one name always means the same set, so the
    checker builds its index once); ``otherwise`` is the hint when none is close.
    """

    value: str
    among: str
    candidates: Iterable[str] = attrs.field(eq=False, repr=False)
    otherwise: str | Example


Hint = str | Example | Suggest | None


@attrs.frozen
class Problem:
    """What is wrong with a value: a ``DR-I`` code, the message, a hint, the values.

    ``item`` is the entry of a list field the problem is about, so that the caret can
    point at it.
    """

    code: str
    message: str
    hint: Hint = None
    args: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    item: object = attrs.field(default=None, hash=False)


MISSING: Final = object()
"""The value of a field a record does not have."""

MISSING_FIELD: Final = "missing required field"


def blank(value: object) -> bool:
    """Whether a value counts as not given: null, or text of only spaces."""
    return value is None or value is MISSING or (isinstance(value, str) and not value.strip())


def not_given(value: object, examples: tuple[object, ...], missing: str) -> Problem:
    """The problem of a required field that is absent (``MISSING``) or empty."""
    if value is MISSING:
        return Problem("DR-I018", missing, Example(examples))
    return Problem("DR-I019", "required field is empty", Example(examples))


def wrong_type(expected: str, value: object, hint: Hint, *, item: bool = False) -> Problem:
    """The problem of a value of another JSON type; ``item``: an entry of a list."""
    found = describe(value)
    return Problem(
        "DR-I020",
        f"expected {expected}, found {found}" + (" in it" if item else ""),
        hint,
        {"expected": expected, "found": found},
        value if item else None,
    )


# --------------------------------------------------------------------------- text

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


def bad_character(value: str, char: str, *, item: bool = False) -> Problem:
    shown = f"<U+{ord(char):04X}>"
    if "\ud800" <= char <= "\udfff":
        what = f"a lone surrogate {shown} (half of a character, not text)"
    elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        what = f"a control character {shown}"
    else:
        what = f"an invisible character {shown}"
    return Problem(
        "DR-I021",
        f"{quote(value)} contains {what}",
        BAD_HINT,
        {"value": value, "character": f"U+{ord(char):04X}"},
        value if item else None,
    )


def text(value: object, examples: tuple[object, ...]) -> str | Problem:
    """Any string."""
    if isinstance(value, str):
        return value
    return wrong_type("a string", value, Example(examples))


def code(value: object, example: str) -> str | Problem:
    """An id or a word of the vocabulary: a string with no invisible or control character."""
    if (
        isinstance(value, str)
        and NOT_IN_CODES.search(value) is None
        and value
        and not value.isspace()
    ):
        return value
    if blank(value):
        return not_given(value, (example,), MISSING_FIELD)
    return _checked_text(value, example, NOT_IN_CODES)


def ident(value: object, example: str, noun: str = "id") -> str | Problem:
    """An id (of an office or an event, or naming one): a :func:`code` that neither starts
    nor ends with a space, in Unicode NFC (:func:`~decree_rules.core.ids.same_form`).

    ``noun`` names what it is in a message: ``id``, or ``body`` (compared as exactly).
    """
    found = code(value, example)
    if isinstance(found, Problem):
        return found
    if found[0].isspace() or found[-1].isspace():
        return padded(found, found.strip(), noun=noun)
    return same_form(found)


def padded(value: str, example: object, *, item: bool = False, noun: str = "id") -> Problem:
    """The problem of an id with a space (of any kind) at its start or its end.

    ``example`` is the field's value without it, for the hint.
    """
    article = "an" if noun[:1] in "aeiou" else "a"
    at_start = value[0].isspace()
    char = value[0] if at_start else value[-1]
    where = "starts" if at_start else "ends"
    return Problem(
        "DR-I060",
        f"{quote(value)} {where} with a space, {char_name(char)}: {article} {noun} may not "
        f"start or end with one (it would be another {noun} than {quote(value.strip())})",
        Example((example,), "remove the space, "),
        {"value": value, "character": f"U+{ord(char):04X}", "at": "start" if at_start else "end"},
        value if item else None,
    )


def name(value: object, example: str) -> str | Problem:
    """A display name: a string that may hold tabs and line breaks, but no other control."""
    return _checked_text(value, example, NOT_IN_TEXT)


def _checked_text(value: object, example: str, forbidden: re.Pattern[str]) -> str | Problem:
    found = text(value, (example,))
    if isinstance(found, Problem):
        return found
    bad = forbidden.search(found)
    return found if bad is None else bad_character(found, bad.group())


# --------------------------------------------------------------------------- words


_MEMBERS: Final[Mapping[type[enum.Enum], Mapping[str, enum.Enum]]] = {
    kind: {str(member.value): member for member in kind} for kind in (Role, Level)
}

_CODE_OF_NOUN: Final = {
    "role": "DR-I023",
    "level": "DR-I024",
    "action": "DR-I036",
    "channel": "DR-I039",
    "recipient": "DR-I040",
}


def member(
    value: object, kind: type[_E], noun: str, example: object, *, item: bool = False
) -> _E | Problem:
    """The word of ``kind`` (a role or a level) that ``value`` is."""
    found = _MEMBERS[kind].get(value) if isinstance(value, str) else None
    if found is not None:
        return cast(_E, found)
    return unknown_word(value, values(kind), noun, example, item=item)


def unknown_word(
    value: object, names: Sequence[str], noun: str, example: object, *, item: bool = False
) -> Problem:
    """The problem of a value that is none of ``names`` (a role, an action, ...)."""
    if not isinstance(value, str):
        return wrong_type("a string", value, Example((example,)))
    # A look-alike letter from another alphabet (Cyrillic 'е' for 'e') is named.
    odd = next((ch for ch in value if not ch.isascii() and ch.isprintable()), None)
    look = ""
    if odd is not None:
        look = f" (with the non-Latin letter '{odd}', {char_name(odd)})"
    expected = f"expected one of: {', '.join(names)}" if names else f"the rules declare no {noun}"
    return Problem(
        _CODE_OF_NOUN[noun],
        f"unknown {noun} {quote(value)}{look}; {expected}",
        Suggest(value, noun, names, Example((example,))),
        {"value": value},
        value if item else None,
    )


class Lexicon:
    """The declared words of the rules in use, as the checks of an event log look them up.

    Made once per vocabulary (:func:`lexicon`). The examples of the hints are the
    contract's words when the rules declare them, else the first words declared.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        # Each action as the rules write it: every event of it shares the one string.
        self.actions: Mapping[str, str] = {name: name for name in vocabulary.actions}
        self.channels = frozenset(vocabulary.channels)
        self.recipients = frozenset(vocabulary.recipients)
        self.tags = vocabulary.participants
        self.tag_set = frozenset(self.tags)
        self.action_example = _examples(["reporting_meeting"], vocabulary.actions)[0]
        self.channel_examples = _examples(["website", "regional_press"], vocabulary.channels)
        self.recipient_examples = _examples(["presidential_administration"], vocabulary.recipients)
        tags = _examples(["public_council"], vocabulary.participants)[:1]
        self.participant_examples = [*tags, f"{DEPUTY_PREFIX}akim.almaty-region"]

    def action(self, value: object) -> str | Problem:
        """The ``action`` of an event: a declared action."""
        found = self.actions.get(value) if isinstance(value, str) else None
        if found is not None:
            return found
        return unknown_word(value, self.vocabulary.actions, "action", self.action_example)

    def channel(self, entry: str) -> str | Problem:
        """An entry of ``channels``."""
        if entry in self.channels:
            return entry
        names = self.vocabulary.channels
        return unknown_word(entry, names, "channel", self.channel_examples, item=True)

    def recipient(self, entry: str) -> str | Problem:
        """An entry of ``to``."""
        if entry in self.recipients:
            return entry
        names = self.vocabulary.recipients
        return unknown_word(entry, names, "recipient", self.recipient_examples, item=True)

    def participant(
        self, entry: str, actors: Mapping[str, Actor], rejected: Iterable[str]
    ) -> str | Problem:
        """An entry of ``participants``: an actor id, ``deputy_of:<actor id>``, or a tag.

        Given back in NFC, as every id; one with a space at its start or end is refused.
        """
        if entry in actors or entry in self.tag_set:
            return entry
        if entry[0].isspace() or entry[-1].isspace():
            return padded(entry, [entry.strip()], item=True)
        return self._named_participant(same_form(entry), actors, rejected)

    def _named_participant(
        self, entry: str, actors: Mapping[str, Actor], rejected: Iterable[str]
    ) -> str | Problem:
        """:meth:`participant` for an entry that is not plainly an actor's id or a tag."""
        if entry in actors or entry in self.tag_set:
            return entry
        deputy = entry.startswith(DEPUTY_PREFIX)
        whose = entry[len(DEPUTY_PREFIX) :] if deputy else entry
        args = {"participant": entry}
        if whose in rejected:
            return Problem(
                "DR-I041",
                f"unknown participant {quote(entry)}: the registry row of {quote(whose)} "
                "was rejected",
                args=args,
                item=entry,
            )
        if deputy:
            if whose in actors:
                return entry
            return Problem(
                "DR-I041",
                f"unknown participant {quote(entry)}: {quote(whose)} is not in the actor registry",
                Suggest(
                    entry,
                    "deputy",
                    (DEPUTY_PREFIX + ident for ident in actors),
                    f"write {DEPUTY_PREFIX}<actor id> with an id from the actor registry",
                ),
                args,
                entry,
            )
        tags = f", or one of: {', '.join(self.tags)}" if self.tags else ""
        return Problem(
            "DR-I041",
            f"unknown participant {quote(entry)}: expected an actor id from the "
            f"registry{',' if tags else ' or'} {DEPUTY_PREFIX}<actor id>{tags}",
            Suggest(
                entry,
                "participant",
                itertools.chain(self.tags, actors),
                Example((self.participant_examples,)),
            ),
            args,
            entry,
        )


def _examples(preferred: list[str], declared: Sequence[str]) -> list[str]:
    """The words of ``preferred`` that are declared, else the first declared, else them."""
    found = [word for word in preferred if word in declared]
    if found:
        return found
    return [declared[0]] if declared else preferred


@functools.cache
def lexicon(vocabulary: Vocabulary) -> Lexicon:
    """The :class:`Lexicon` of ``vocabulary``, made once per process."""
    return Lexicon(vocabulary)


def known_actor(
    actor_id: str, actors: Mapping[str, Actor], rejected: Iterable[str], example: str
) -> Actor | Problem:
    """The registry's office that an event names."""
    actor = actors.get(actor_id)
    if actor is not None:
        return actor
    args = {"actor": actor_id}
    if actor_id in rejected:
        return Problem(
            "DR-I012",
            f"unknown actor {quote(actor_id)} (its registry row was rejected)",
            None,
            args,
        )
    lead = "the actor must be an id from the actor registry"
    otherwise: str | Example = Example((next(iter(actors)),), lead + ", ") if actors else lead
    return Problem(
        "DR-I012",
        f"unknown actor {quote(actor_id)} (not in the actor registry)",
        Suggest(actor_id, "actor", actors, otherwise),
        args,
    )


def zone_name(value: str) -> str | Problem:
    """An IANA time zone known to the bundled zone data."""
    try:
        load_zone(value)
    except UnknownZoneError:
        return Problem(
            "DR-I026",
            f"unknown time zone {quote(value)}",
            Suggest(
                value,
                "time zone",
                zone_names(),
                Example((DEFAULT_TZ, "Asia/Aqtobe"), "an IANA zone name, "),
            ),
            {"zone": value},
        )
    return value


@functools.cache
def zone_names() -> tuple[str, ...]:
    try:
        listing = importlib.resources.files("tzdata").joinpath("zones").read_text("utf-8")
    except (OSError, ValueError):
        return ()
    return tuple(line.strip() for line in listing.splitlines() if line.strip())


# --------------------------------------------------------------------------- lists and flags


def entries(value: object, example: list[str], *, csv: bool) -> Sequence[str | Problem] | Problem:
    """A list field: a JSON array of strings, or a CSV cell of ';'-separated values.

    Each entry is a string or the problem of that entry; a plain list is given back as is.
    """
    if csv and isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if not isinstance(value, list):
        return wrong_type("an array of strings", value, Example((example,)))
    for entry in value:
        if (
            not isinstance(entry, str)
            or NOT_IN_CODES.search(entry) is not None
            or not entry
            or entry.isspace()
        ):
            return [_entry(entry, example) for entry in value]
    return value


def _entry(entry: object, example: list[str]) -> str | Problem:
    bad = NOT_IN_CODES.search(entry) if isinstance(entry, str) else None
    if isinstance(entry, str) and bad is not None:
        return bad_character(entry, bad.group(), item=True)
    if isinstance(entry, str) and entry.strip():
        return entry
    return wrong_type("an array of strings", entry, Example((example,)), item=True)


_TRUE: Final = frozenset({"true", "1", "yes"})
_FALSE: Final = frozenset({"false", "0", "no"})


def flag(value: object, *, csv: bool) -> bool | Problem:
    """``videoconference``: a JSON boolean, or in CSV a word like true, yes or 1."""
    if isinstance(value, bool):
        return value
    if csv and isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        return Problem(
            "DR-I045",
            f"expected true or false (or yes/no, 1/0), found {quote(value)}",
            "e.g. true or false",
            {"value": value},
        )
    return wrong_type("true or false", value, Example((True, False)))


def period(value: object) -> Period | Problem:
    """``period``: a year or a quarter, ``2024`` or ``2024-Q1`` (a JSON number for a year)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    hint = Example(("2024", "2024-Q1"))
    if not isinstance(value, str):
        found = describe(value)
        return Problem(
            "DR-I038",
            f"expected a period like 2024 or 2024-Q1, found {found}",
            hint,
            {"value": found},
        )
    try:
        return Period.parse(value)
    except ValueError:
        return Problem(
            "DR-I038",
            f"expected a period like 2024 or 2024-Q1, found {quote(value)}",
            hint,
            {"value": value},
        )


# --------------------------------------------------------------------------- dates and times

# re.ASCII: only the digits 0-9 (not, say, Arabic-Indic digits) make an ISO date.
_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DATETIME: Final = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ].*", re.ASCII | re.DOTALL)
_TIME_ONLY: Final = re.compile(
    r"[Tt]?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?", re.ASCII
)
YEARS: Final = (1900, 2999)
"""Years a date may have: a wider range is a typo, and would overflow date arithmetic."""

MOMENT_EXAMPLES: Final = ("2024-02-15", "2024-02-15T10:00:00+05:00")

OFFSETS: Final = (timedelta(hours=-12), timedelta(hours=14))
"""The UTC offsets clocks use somewhere on Earth (Baker Island -12:00 to Kiribati +14:00):
``fromisoformat`` takes anything up to +23:59, which no zone has."""


def parse_moment(
    text: str, examples: tuple[object, ...], *, times: bool = True
) -> Moment | Problem:
    """The one parser of dates and date-times in registries and logs.

    A date ``2024-02-15`` stays a date; with ``times``, an ISO date-time is aware (with
    an offset or ``Z``) or naive (local to the actor). ``examples`` make the hint.
    """
    found: Moment
    if _DATE.fullmatch(text):
        try:
            found = date.fromisoformat(text)
        except ValueError:
            return _no_such_date(text, examples)
    elif times and (whole := _DATETIME.fullmatch(text)) is not None:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            return _no_such_date_time(text, whole.group(1), str(exc), examples)
        found = shared_zone(parsed)
    else:
        return _not_a_moment(text, examples, times=times)
    if not YEARS[0] <= found.year <= YEARS[1]:
        return _year_out_of_range(found.year, text, examples)
    if isinstance(found, datetime):
        offset = found.utcoffset()
        if offset is not None and not OFFSETS[0] <= offset <= OFFSETS[1]:
            return _offset_out_of_range(offset, text, examples)
    return found


def _no_such_date_time(text: str, day: str, why: str, examples: tuple[object, ...]) -> Problem:
    """The problem of a date-time that ``fromisoformat`` refused, with why."""
    if why_no_such_date(day) is not None:
        return _no_such_date(day, examples)
    known = why.endswith(("must be in 0..23", "must be in 0..59"))
    return Problem(
        "DR-I028",
        "expected a date-time like 2024-02-15T10:00:00+05:00, found "
        + quote(text)
        + (f" ({why})" if known else ""),
        Example(examples),
        {"value": text},
    )


def _not_a_moment(text: str, examples: tuple[object, ...], *, times: bool) -> Problem:
    """The problem of a text that is no date (nor, with ``times``, a date-time)."""
    if not times:
        return Problem(
            "DR-I028",
            f"expected a date like 2024-02-15, found {quote(text)}",
            Example(examples),
            {"value": text},
        )
    if _TIME_ONLY.fullmatch(text):
        return Problem(
            "DR-I028",
            f"a time without a date: {quote(text)}",
            Example(("2024-02-15T10:00:00+05:00",), "write the day too, "),
            {"value": text},
        )
    return Problem(
        "DR-I028",
        "expected a date like 2024-02-15 or a date-time like "
        f"2024-02-15T10:00:00+05:00, found {quote(text)}",
        Example(examples),
        {"value": text},
    )


def moment(value: object) -> Moment | Problem:
    """``time`` and ``end``: a date or a date-time, as a string."""
    if isinstance(value, str):
        return parse_moment(value, MOMENT_EXAMPLES)
    return wrong_type("a string", value, Example(MOMENT_EXAMPLES))


def day(value: object, example: str) -> date | Problem:
    """``from`` and ``until``: a date, as a string."""
    found = code(value, example)
    if isinstance(found, Problem):
        return found
    parsed = parse_moment(found, (example,), times=False)
    assert not isinstance(parsed, datetime)
    return parsed


def why_no_such_date(text: str) -> str | None:
    """Why ``YYYY-MM-DD`` text is not a day of the calendar, or None when it is one."""
    year, month, number = (int(part) for part in text.split("-"))
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    try:
        date(year, month, number)
    except ValueError:
        days = calendar.monthrange(year, month)[1]
        return f"{MONTH_NAMES[month - 1]} {year} has {days} days"
    return None


def _no_such_date(text: str, examples: tuple[object, ...]) -> Problem:
    reason = why_no_such_date(text)
    assert reason is not None, text
    return Problem(
        "DR-I027", f"no such date: {quote(text)} ({reason})", Example(examples), {"date": text}
    )


def _offset_out_of_range(offset: timedelta, text: str, examples: tuple[object, ...]) -> Problem:
    shown = _offset_text(offset)
    return Problem(
        "DR-I064",
        f"the UTC offset {shown} is not one any clock uses (they run from -12:00 to +14:00): "
        f"{quote(text)}",
        Example(examples, "Kazakhstan is at +05:00 (before 2024-03-01 also +06:00), "),
        {"offset": shown, "value": text},
    )


def _offset_text(offset: timedelta) -> str:
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _year_out_of_range(year: int, text: str, examples: tuple[object, ...]) -> Problem:
    return Problem(
        "DR-I029",
        f"the year {year} is outside the supported range {YEARS[0]}-{YEARS[1]}: {quote(text)}",
        Example(examples),
        {"year": year, "value": text},
    )


def in_order(time: Moment, end: Moment, zone: tzinfo) -> Problem | None:
    """The problem of an event whose ``end`` is before its ``time``, if it is one."""
    if isinstance(time, datetime) and isinstance(end, datetime):
        before = instant(end, zone) < instant(time, zone)
    else:
        before = local_day(end, zone) < local_day(time, zone)
    if not before:
        return None
    shown_end, shown_time = shown_moment(end, zone), shown_moment(time, zone)
    return Problem(
        "DR-I037",
        f"the event ends before it starts: end {shown_end} is before time {shown_time}",
        Example(("2024-02-16",), "'time' is when it began and 'end' when it ended, "),
        {"time": shown_time, "end": shown_end},
    )


def zone_of(tz: str) -> tzinfo:
    """The zone of an office (the default if its name is unknown: reported elsewhere)."""
    try:
        return load_zone(tz)
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
        return f"{moment.isoformat()} ({zone}, UTC{_offset_text(offset)})"
    return moment.isoformat()


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


# --------------------------------------------------------------------------- suggestions


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
