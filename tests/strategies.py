"""Shared hypothesis strategies for the test suite (add new ones here, grouped by topic)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from declared import ACTIONS, CHANNELS, RECIPIENTS, TAGS
from hypothesis import strategies as st

from decree_rules.core.periods import Period
from decree_rules.core.vocabulary import MONTH_NAMES, Unit, WordKind
from decree_rules.time.calendars import FixedCalendar, KazakhCalendar
from decree_rules.time.overrides import OverlayCalendar, Overrides

# --- days and times -------------------------------------------------------------------

# The years the decree has been in force, plus a margin; holidays.KZ covers them all.
FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2030, 12, 31)

# Kazakh zones (west at UTC+5 before 2024-03-01, the rest at UTC+6) and two references.
TZ_NAMES = (
    "Asia/Almaty",
    "Asia/Qostanay",
    "Asia/Aqtobe",
    "Asia/Aqtau",
    "Asia/Atyrau",
    "Asia/Oral",
    "Asia/Qyzylorda",
    "UTC",
    "Europe/Moscow",
)

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
month_end_days = days.filter(lambda day: day.day >= 28)
tz_names = st.sampled_from(TZ_NAMES)

# datetime.timezone accepts offsets strictly inside +-24 h; real ones lie in -12 h .. +14 h.
fixed_offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)

naive_datetimes = st.datetimes(
    min_value=datetime(2016, 1, 1), max_value=datetime(2030, 12, 31, 23, 59, 59)
)
aware_datetimes = st.datetimes(
    min_value=datetime(2016, 1, 1),
    max_value=datetime(2030, 12, 31, 23, 59, 59),
    timezones=fixed_offsets,
)

# --- terms ----------------------------------------------------------------------------

units = st.sampled_from(tuple(Unit))
amounts = st.integers(min_value=0, max_value=120)
month_counts = st.integers(min_value=-240, max_value=240)
years = st.integers(min_value=2016, max_value=2030)
quarters = st.integers(min_value=1, max_value=4)
periods = st.builds(Period, years, st.none() | quarters)

# --- calendars ------------------------------------------------------------------------


@st.composite
def fixed_calendars(draw: st.DrawFn) -> FixedCalendar:
    """A FixedCalendar with random days off and weekend days made working around 2016-2030.

    Never all seven weekdays off, so a working day always exists within a week plus the
    runs of days off.
    """
    weekend = draw(st.sets(st.integers(min_value=0, max_value=6), max_size=3))
    days_off = draw(st.dictionaries(days, st.sampled_from(("a public holiday (Test Day)",))))
    working = draw(st.frozensets(days, max_size=20))
    return FixedCalendar(days_off=days_off, working_days=working, weekend=weekend)


# --- rule files -----------------------------------------------------------------------

# Words the grammar treats as keywords in some position; a generated name avoids them so
# the formatter's output means the same thing when read back.
_KEYWORDS = frozenset(
    [
        "decree",
        "title",
        "preamble",
        "note",
        "group",
        "at",
        "clause",
        "text",
        "every",
        "year",
        "quarter",
        "from",
        "the",
        "of",
        "first",
        "once",
        "for",
        "each",
        "last",
        "by",
        "same",
        "actor",
        "nearest",
        "above",
        "must",
        "do",
        "ensure",
        "that",
        "meeting",
        "includes",
        "attend",
        "in",
        "person",
        "or",
        "a",
        "deputy",
        "and",
        "on",
        "to",
        "with",
        "videoconference",
        "during",
        "day",
        "month",
        "after",
        "within",
        "least",
        "before",
        "no",
        "deadline",
        "not",
        "moved",
        "working",
        "calendar",
        "days",
        "months",
        "years",
        "starts",
        "ends",
        "report",
        "is",
        "received",
        "events",
        "earlier",
        "count",
        "except",
        "one",
        "event",
        "serves",
        "repeals",
        "published",
        "enters",
        "into",
        "force",
        "it",
        "counting",
        "without",
        "when",
        "held",
        "action",
        "channel",
        "recipient",
        "participant",
    ]
)
_MONTH_NAMES = list(MONTH_NAMES)

names = st.builds(
    str.__add__,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz_"),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789_.:-", max_size=12),
).filter(lambda word: word not in _KEYWORDS and word not in _MONTH_NAMES)
texts = st.text(
    st.characters(
        categories=None,
        exclude_categories=["Cs"],
        exclude_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=40,
)


def _terms(min_size: int = 1) -> st.SearchStrategy[tuple[object, ...]]:
    from decree_rules.lang.model import Term

    return st.lists(names.map(Term), min_size=min_size, max_size=3).map(tuple)


@st.composite
def decrees(draw: st.DrawFn) -> object:
    """Random, syntactically complete decrees (they need not validate)."""
    from decree_rules.lang import model as m

    def condition() -> st.SearchStrategy[m.Condition]:
        return st.one_of(
            st.builds(m.Condition, st.just(m.ConditionKind.CHANNEL), _terms()),
            st.builds(m.Condition, st.just(m.ConditionKind.RECIPIENT), _terms()),
            st.just(m.Condition(m.ConditionKind.VIDEOCONFERENCE)),
        )

    conditions = st.lists(condition(), max_size=3).map(tuple)
    durations = st.builds(m.Duration, st.integers(0, 400), units)
    scopes = st.one_of(
        st.just(m.EveryYear()),
        st.builds(m.EveryQuarter, names.map(m.Term)),
        st.just(m.Once()),
        st.builds(
            m.ForEachEvent,
            names.map(m.Term),
            _terms(),
            conditions,
            last_of_year=st.booleans(),
        ),
    )
    bounds = st.one_of(
        st.builds(m.Bound, st.just(m.BoundKind.LISTED), _terms()),
        st.just(m.Bound(m.BoundKind.SAME_ACTOR)),
        st.builds(m.Bound, st.just(m.BoundKind.NEAREST_ABOVE), _terms().map(lambda t: t[:1])),
    )
    duties = st.one_of(
        st.builds(m.DoAction, names.map(m.Term), conditions),
        st.builds(m.EnsureIncluded, _terms()),
        st.builds(m.Attend, st.booleans()),
    )
    deadlines = st.one_of(
        st.builds(m.Window, st.integers(0, 9)),
        st.builds(m.FixedDate, st.integers(1, 31), st.integers(1, 12)),
        st.builds(m.DayOfNextMonth, st.integers(0, 40), st.sampled_from(tuple(m.PeriodKind))),
        st.builds(m.After, durations, st.sampled_from(tuple(m.Anchor))),
        st.builds(m.Before, durations, st.sampled_from(tuple(m.Anchor))),
        st.just(m.OnMeetingDay()),
        st.just(m.NoDeadline()),
    )
    rules = st.builds(
        m.Rule,
        scopes,
        st.builds(m.Obligation, bounds, duties),
        deadlines,
        st.none() | st.just(m.EarlyEvents()),
        st.lists(st.builds(m.Exemption, names.map(m.Term), names.map(m.Term)), max_size=2).map(
            tuple
        ),
        st.none() | st.just(m.Sharing()),
    )
    notes = st.lists(st.builds(m.Note, texts), max_size=2).map(tuple)
    countings = st.builds(m.CountingLine, _terms(), _terms(0))
    language_texts = st.lists(st.builds(m.Text, names.map(m.Term), texts), max_size=2).map(tuple)
    acts = st.builds(
        m.RepealedAct,
        names.map(m.Term),
        st.integers(0, 10_000),
        st.dates(),
        texts,
        st.none() | texts,
    )
    clause_numbers = st.builds(
        lambda major, minor: f"{major}" if minor is None else f"{major}.{minor}",
        st.integers(0, 99),
        st.none() | st.integers(0, 99),
    )
    clauses = st.builds(
        m.Clause,
        clause_numbers,
        texts,
        language_texts,
        st.none() | rules,
        st.lists(acts, max_size=2).map(tuple),
        st.none() | st.dates(),
        notes,
        st.none() | countings,
    )

    def group(draw_roles: tuple[m.Term, ...], levels: tuple[m.Term, ...]) -> tuple[m.Term, ...]:
        return draw_roles[:1] if levels else draw_roles

    group_levels = draw(st.lists(_terms(0), max_size=3))
    groups = []
    for levels in group_levels:
        roles = draw(_terms())
        groups.append(
            m.Group(
                draw(names.map(m.Term)),
                group(roles, levels),  # type: ignore[arg-type]
                levels,  # type: ignore[arg-type]
                draw(notes),
            )
        )
    kinds = st.sampled_from(tuple(WordKind))
    words = st.builds(
        lambda kind, name, meaning, meeting, notes: m.Word(
            kind, name, meaning, meeting and kind is WordKind.ACTION, notes
        ),
        kinds,
        names.map(m.Term),
        texts,
        st.booleans(),
        notes,
    )
    return m.Decree(
        draw(texts),
        draw(st.lists(st.builds(m.Text, names.map(m.Term), texts), max_size=2).map(tuple)),
        draw(st.lists(st.builds(m.Text, names.map(m.Term), texts), max_size=1).map(tuple)),
        draw(notes),
        tuple(groups),
        tuple(draw(st.lists(clauses, max_size=4))),
        draw(st.none() | countings),
        draw(st.lists(words, max_size=4).map(tuple)),
    )


_RULE_WORDS = st.sampled_from(
    sorted(_KEYWORDS)
    + _MONTH_NAMES
    + ['"text"', "10", "2016-01-01", "12.2", ",", "=", "heads", "reporting_meeting", "\n", "#"]
)


def rule_texts() -> st.SearchStrategy[str]:
    """Text that looks like rule files: keyword soup, and arbitrary Unicode."""
    soup = st.lists(_RULE_WORDS, max_size=40).map(" ".join)
    return st.one_of(
        soup, st.text(max_size=200), soup.map(lambda s: 'decree "x"\nclause 1 "t"\n' + s)
    )


# --- zone changes and working-day overrides -------------------------------------------

# The clock changes of Kazakh zones in the decree's years, as UTC instants, with the
# offsets before and after: Qyzylorda went from UTC+6 to UTC+5 at 2018-12-21 00:00 local
# (tzdata 2018h), Almaty (and so Astana) and Qostanay at 2024-03-01 00:00 local (2024a).
ZONE_CHANGES: dict[str, tuple[datetime, int, int]] = {
    "Asia/Qyzylorda": (datetime(2018, 12, 20, 18, tzinfo=UTC), 6, 5),
    "Asia/Almaty": (datetime(2024, 2, 29, 18, tzinfo=UTC), 6, 5),
    "Asia/Qostanay": (datetime(2024, 2, 29, 18, tzinfo=UTC), 6, 5),
}


@st.composite
def instants_near_zone_changes(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone with a clock change and an instant within three days of it, at any offset."""
    zone = draw(st.sampled_from(sorted(ZONE_CHANGES)))
    change = ZONE_CHANGES[zone][0]
    minutes = draw(st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60))
    return zone, (change + timedelta(minutes=minutes)).astimezone(draw(fixed_offsets))


_ACTS = (
    "Resolution of the Government No. 1 of 2025-12-20",
    "Resolution of the Government No. 2 of 2026-04-01",
)


@st.composite
def overrides(draw: st.DrawFn) -> Overrides:
    """Overrides with random days off and working days (never the same day), 2016-2030."""
    off = draw(st.sets(days, max_size=15))
    working = draw(st.sets(days, max_size=15)) - off
    acts = st.sampled_from(_ACTS)
    reasons = st.sampled_from(("", "a bridge day"))
    return Overrides(
        days_off={day: (draw(reasons), draw(acts)) for day in sorted(off)},
        working_days={day: draw(acts) for day in sorted(working)},
        source="test.toml",
    )


# One instance for every example: it loads each year once.
_KAZAKH = KazakhCalendar()


@st.composite
def overlay_calendars(draw: st.DrawFn) -> OverlayCalendar:
    """Random overrides over the Kazakh calendar or over a random fixed calendar."""
    base = draw(st.just(_KAZAKH) | fixed_calendars())
    return OverlayCalendar(base, draw(overrides()))


# --- hostile input ----------------------------------------------------------------------

# Characters that break naive parsers or hide in plain sight: invisible and direction
# marks, a BOM, NUL, a Cyrillic look-alike of 'e', a Kazakh letter, line separators.
ODD_CHARACTERS = (
    "\u200b",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\x00",
    "\x7f",
    "\u0435",
    "\u04d9",
    "\u2028",
    "\u0085",
    "\r",
    "\t",
    "\\",
    '"',
    "#",
    "=",
    "{",
    "$",
    "`",
)

_HOSTILE_WORDS = st.sampled_from(
    sorted(_KEYWORDS)
    + _MONTH_NAMES
    + ['"text"', '"', "10", "0", "99999999999999999999", "2016-02-30", "2016-01-01"]
    + ["12.2", "1.2.3", ",", "=", "heads", "akim", "rector", "reporting_meeting", "website"]
    + ["civil_code", "shift_forward", "body", "defence", "kk", "\n", "\n\n", "#", "include"]
    + ["{{", "}}", "$(", ")", "`", "__import__('os')", "әкім", "\u0435very"]
    + list(ODD_CHARACTERS)
)


def keyword_texts() -> st.SearchStrategy[str]:
    """Text built from the rule language's words, with odd characters mixed in."""
    soup = st.lists(_HOSTILE_WORDS, max_size=60).map(" ".join)
    header = 'decree "x"\n  counting civil_code\nclause 1 "t"\n  text kk "x"\n'
    return st.one_of(soup, soup.map(lambda s: header + s))


@st.composite
def mutated_rule_texts(draw: st.DrawFn, text: str) -> str:
    """``text`` (a rule file) cut to its header and a few clauses, then damaged 1-4 times.

    The damage is line-level (drop, duplicate, swap, truncate), word-level (a keyword or
    an odd word in place of another) or character-level (an odd character inserted, a
    span deleted).
    """
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("clause ")]
    first = draw(st.integers(0, len(starts) - 1))
    last = min(len(starts), first + draw(st.integers(1, 3)))
    end = starts[last] if last < len(starts) else len(lines)
    lines = lines[: starts[0]] + lines[starts[first] : end]
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        how = draw(
            st.sampled_from(["drop", "duplicate", "swap", "truncate", "word", "char", "delete"])
        )
        if how == "drop" and len(lines) > 1:
            del lines[index]
        elif how == "duplicate":
            lines.insert(index, line)
        elif how == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif how == "truncate":
            lines[index] = line[: draw(st.integers(0, len(line)))]
        elif how == "word":
            words = line.split(" ")
            at = draw(st.integers(0, len(words) - 1))
            words[at] = draw(_HOSTILE_WORDS)
            lines[index] = " ".join(words)
        elif how == "char":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(ODD_CHARACTERS)) + line[at:]
        else:
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + line[at + draw(st.integers(1, 20)) :]
    return "\n".join(lines)


_GOOD_EVENT = {
    "id": "e1",
    "actor": "akim.r",
    "action": "reporting_meeting",
    "time": "2016-02-15",
}
_BAD_VALUES: st.SearchStrategy[object] = st.sampled_from(
    [None, "", 7, [], {}, True, "2016-02-30", "10:00", "akim.x", "meeting", "e\u200b1", "e\n1"]
)


@st.composite
def event_log_lines(draw: st.DrawFn) -> list[str]:
    """JSON Lines of events, good and bad: wrong values, refs, duplicates, broken JSON."""
    import json

    count = draw(st.integers(0, 8))
    lines = []
    for n in range(count):
        record: dict[str, object] = dict(_GOOD_EVENT, id=f"e{n}")
        if draw(st.booleans()):
            record["ref"] = f"e{draw(st.integers(0, count))}"
        if draw(st.integers(0, 3)) == 0:
            record[draw(st.sampled_from(["id", "actor", "action", "time", "end", "ref"]))] = draw(
                _BAD_VALUES
            )
        line = json.dumps(record, ensure_ascii=False)
        damage = draw(st.integers(0, 9))
        if damage == 0:
            line = line[: draw(st.integers(0, len(line)))]
        elif damage == 1:
            line = draw(st.sampled_from(["[1]", '"x"', "null", "{} {}", ""]))
        lines.append(line)
    return lines


# --- facts (steps) ---------------------------------------------------------------------


def _fact_strategy(cls: type) -> st.SearchStrategy[object]:
    """Any instance of a fact class, its fields drawn from their types."""
    import typing

    import attrs

    hints = typing.get_type_hints(cls)
    fields = {
        field.name: _FIELD_VALUES[field.name]
        if field.name in _FIELD_VALUES
        else _value_of(hints[field.name])
        for field in attrs.fields(cls)
    }
    return st.builds(cls, **fields)


# Fields whose values are a small range, not any integer.
_FIELD_VALUES: dict[str, st.SearchStrategy[object]] = {
    "weekday": st.integers(min_value=0, max_value=6),
    "month": st.integers(min_value=1, max_value=12),
    "quarter": quarters,
}


_PLAIN_VALUES: dict[object, st.SearchStrategy[object]] = {
    str: texts,
    int: st.integers(min_value=-1000, max_value=100_000),
    bool: st.booleans(),
    date: st.dates(),
    Period: periods,
    type(None): st.none(),
}


def _value_of(hint: object) -> st.SearchStrategy[object]:
    """Any value of a fact field's type (the shapes the codec knows)."""
    import enum
    import types
    import typing

    from decree_rules.core.facts import Fact

    if hint in _PLAIN_VALUES:
        return _PLAIN_VALUES[hint]
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return st.one_of(*(_value_of(argument) for argument in arguments))
    if origin is tuple:
        return st.lists(_value_of(arguments[0]), max_size=3).map(tuple)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(tuple(hint))
    if isinstance(hint, type) and issubclass(hint, Fact):
        return st.deferred(lambda: _fact_strategy(hint))
    raise TypeError(f"no strategy for {hint!r}")


def steps() -> st.SearchStrategy[object]:
    """Any step of any code the package defines."""
    import decree_rules.explain.sentences  # noqa: F401 - registers every step class
    from decree_rules.core.facts import step_classes

    classes = sorted(step_classes().values(), key=lambda cls: cls.code)
    return st.one_of(*(_fact_strategy(cls) for cls in classes))


# --- rule files with comments, for the lossless formatter -------------------------------

_COMMENTS = st.sampled_from(
    ["# a note for colleagues", '# quoted "x" inside', "#", "# clause 6 # twice", "# Бап 6"]
)


@st.composite
def commented_rule_files(draw: st.DrawFn) -> str:
    """A generated decree written out, then given comments, blank lines and odd spacing.

    Own-line comments go between any two lines (indented or not), end-of-line comments at
    the end of any line, blank lines anywhere; spaces between words become runs of spaces
    or line breaks. None of it changes what the file says.
    """
    from decree_rules.lang.format import format_decree

    text = format_decree(draw(decrees()))  # type: ignore[arg-type]
    out: list[str] = []
    for line in text.rstrip("\n").split("\n"):
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(["", "  ", "    "])) + draw(_COMMENTS))
        if draw(st.integers(0, 6)) == 0:
            out.append("")
        words = re.split(r'("(?:[^"\\]|\\.)*")', line)  # quoted texts stay whole
        for index in range(0, len(words), 2):
            words[index] = re.sub(
                " ", lambda _: draw(st.sampled_from([" ", " ", "   ", "\n      "])), words[index]
            )
        line = "".join(words)
        if draw(st.integers(0, 4)) == 0:
            line += draw(st.sampled_from([" ", "   "])) + draw(_COMMENTS)
        out.append(draw(st.sampled_from(["", "  ", "\t"])) + line)
    if draw(st.booleans()):
        out.append(draw(_COMMENTS))
    return "\n".join(out) + draw(st.sampled_from(["", "\n", "\n\n"]))


# ---- worlds: a registry and an event log, for the engines to agree on ----------------------

_WORLD_OFFICES = (
    ("ministry.finance", "central_body_head", None, "finance", None, "Asia/Almaty"),
    ("ministry.defence", "central_body_head", None, "defence", None, "Asia/Almaty"),
    ("ministry.education", "education_head", None, "education", None, "Asia/Almaty"),
    ("agency.anticorruption", "anticorruption_head", None, "anticorruption", None, "Asia/Almaty"),
    ("akim.region", "akim", "region", None, None, "Asia/Aqtobe"),
    ("akim.capital", "akim", "capital", None, None, "Asia/Almaty"),
    # Qyzylorda moved from UTC+6 to UTC+5 on 2018-12-21: local days across a zone change.
    ("akim.kyzylorda", "akim", "region", None, None, "Asia/Qyzylorda"),
    ("akim.district", "akim", "district", None, "akim.region", "Asia/Aqtobe"),
    ("akim.city", "akim", "regional_city", None, "akim.region", "Asia/Aqtobe"),
    ("akim.city.d1", "akim", "city_district", None, "akim.city", "Asia/Aqtobe"),
    ("akim.rural", "akim", "rural", None, "akim.district", "Asia/Aqtobe"),
    ("rector.kaznu", "rector", None, None, None, "Asia/Almaty"),
    ("government", "government", None, None, None, "Asia/Almaty"),
)
_WORLD_WORDS = {
    "channels": CHANNELS,
    "to": RECIPIENTS,
    # The contract's tags, and offices of the world and their deputies (clause 13).
    "participants": (*TAGS, "akim.region", "deputy_of:akim.region", "akim.city"),
}


@st.composite
def _world_office(
    draw: st.DrawFn,
    ident: str,
    role: str,
    level: str | None,
    body: str | None,
    parent: str | None,
    tz: str,
) -> object:
    """One office of the world; one in four is created or closed within the years."""
    from decree_rules.core.vocabulary import Level, Role
    from decree_rules.io.records import Actor

    valid_from = draw(st.none() | st.dates(date(2015, 6, 1), date(2018, 12, 31)))
    valid_until = draw(st.none() | st.dates(date(2017, 1, 1), date(2019, 12, 31)))
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        valid_from, valid_until = valid_until, valid_from
    if draw(st.integers(0, 3)) > 0:  # most offices exist throughout
        valid_from = valid_until = None
    return Actor(
        ident,
        Role(role),
        Level(level) if level else None,
        body=body,
        parent=parent,
        tz=tz,
        valid_from=valid_from,
        valid_until=valid_until,
    )


@st.composite
def _moments(draw: st.DrawFn, day: date) -> date | datetime:
    """``day`` as a date, a naive local time, a time with an offset, or UTC."""
    form = draw(st.integers(0, 3))
    hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from((0, 30, 59)))
    if form == 0:
        return day
    if form == 1:
        return datetime(day.year, day.month, day.day, hour, minute)
    offset = UTC if form == 3 else timezone(timedelta(hours=draw(st.sampled_from((0, 5, 6)))))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=offset)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[tuple[object, ...], tuple[object, ...], date]:
    """A small registry of every kind of office the decree binds (some created or closed
    within the years checked, one in a zone that changed its offset) and an event log of
    the decree's actions over 2015-2019: dates, times with and without an offset,
    meetings over several days, events with and without ``ref``, ``refs`` and
    ``period``; and an as-of date. The shipped rules apply to it."""
    from decree_rules.io.records import Event

    actors = [draw(_world_office(*row)) for row in _WORLD_OFFICES]
    count = draw(st.integers(0, 40))
    events: list[Event] = []
    for number in range(1, count + 1):
        office = draw(st.sampled_from(_WORLD_OFFICES))[0]
        action = draw(st.sampled_from(ACTIONS))
        day = draw(st.dates(date(2015, 11, 1), date(2019, 12, 31)))
        moment = draw(_moments(day))
        end = None
        if action == "reporting_meeting" and draw(st.integers(0, 4)) == 0:
            end = day + timedelta(days=draw(st.integers(1, 3)))
        ref: str | None = None
        refs: tuple[str, ...] = ()
        if events and draw(st.integers(0, 3)) == 0:
            ref = draw(st.sampled_from(events)).id
        elif events and draw(st.integers(0, 5)) == 0:  # a consolidated report names several
            refs = tuple(
                draw(
                    st.lists(
                        st.sampled_from([e.id for e in events]), unique=True, min_size=1, max_size=3
                    )
                )
            )
        period = None
        if draw(st.integers(0, 3)) == 0:
            year = draw(st.integers(2015, 2019))
            quarter = draw(st.none() | st.integers(1, 4))
            period = Period(year, quarter)
        lists = {
            field: tuple(draw(st.lists(st.sampled_from(words), unique=True, max_size=3)))
            for field, words in _WORLD_WORDS.items()
        }
        events.append(
            Event(
                f"e{number}",
                office,
                action,
                moment,
                end=end,
                ref=ref,
                refs=refs,
                period=period,
                channels=lists["channels"],
                to=lists["to"],
                participants=lists["participants"],
                videoconference=draw(st.booleans()),
            )
        )
    as_of = draw(st.dates(date(2016, 1, 1), date(2020, 3, 31)))
    return tuple(actors), tuple(events), as_of
