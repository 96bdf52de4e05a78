"""Faults and hostile input, second series: endless files, dates out of range, encodings.

Every file the tool reads (rule files and folders, the calendar file, registries, event
logs) has a byte limit, also when it is a pipe or a device that never ends; every date
and term a command or a rule gives is checked against the range the law and the
working-day calendar can mean, before any arithmetic; UTF-16 and UTF-32 files are named
as such; a CSV file separated by ';' gets the hint; rule files with CR or CRLF line ends
are read, with the right line numbers. The command-line cases run ``python -m
decree_rules`` in a real process, under a memory limit where memory is the point.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from declared import declarations
from hypothesis import given
from hypothesis import strategies as st

from decree_rules.core.diagnostics import (
    DecreeRulesError,
    Diagnostic,
    InputError,
    RuleError,
    RuleSyntaxError,
)
from decree_rules.core.limits import (
    FIRST_DAY,
    IN_FORCE,
    LAST_DAY,
    MAX_TERMS,
    DateOutOfRange,
    iso_date,
)
from decree_rules.core.periods import Period
from decree_rules.core.reading import foreign_encoding
from decree_rules.core.vocabulary import Unit
from decree_rules.io.events import read_events
from decree_rules.io.registry import parse_actors, read_actors
from decree_rules.lang.format import format_decree
from decree_rules.lang.load import (
    MAX_RULE_FILES,
    MAX_RULES_BYTES,
    MAX_RULES_CHARS,
    load_decree,
    load_rules,
    parse_rules,
)
from decree_rules.lang.validate import lint
from decree_rules.pipeline.due import DueQuestion, answer
from decree_rules.time import terms
from decree_rules.time.calendars import FixedCalendar, KazakhCalendar
from decree_rules.time.overrides import MAX_CALENDAR_BYTES, load_overrides

ROOT = Path(__file__).parents[1]
SHIPPED = ROOT / "rules" / "decree.rules"
EXAMPLES = ROOT / "examples"
ACTORS = str(EXAMPLES / "actors.jsonl")
EVENTS = str(EXAMPLES / "events.jsonl")
CHECK = ("check", "--actors", ACTORS, "--events", EVENTS)
KZ = KazakhCalendar()

MEMORY = 512 * 1024**2
"""The address space a refused endless input may use: well above what the command needs
(it runs in 100 MiB), far below what reading /dev/zero for long would take."""

FAST = 10.0
"""Seconds a refused input may take on a busy shared machine (it takes about 0.5)."""


def cli(*argv: str, cwd: Path | None = None) -> tuple[int, str, float]:
    """Exit code, stderr and seconds of ``python -m decree_rules argv`` under MEMORY."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "decree_rules", *argv],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        preexec_fn=limit,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return done.returncode, done.stderr, time.monotonic() - started


def first_error(err: str) -> str:
    return next(line for line in err.splitlines() if ": error: " in line)


def refused(err: str) -> None:
    assert "internal error" not in err and "Traceback" not in err, err


# ---- 4. unbounded reads ----------------------------------------------------------------

DEV_ZERO = [
    pytest.param(
        ("lint", "/dev/zero"),
        f"/dev/zero: error: the rule file is too large: more than {MAX_RULES_BYTES:,} bytes",
        id="lint /dev/zero",
    ),
    pytest.param(
        (*CHECK, "--as-of", "2025-12-31", "--rules", "/dev/zero"),
        f"/dev/zero: error: the rule file is too large: more than {MAX_RULES_BYTES:,} bytes",
        id="check --rules /dev/zero",
    ),
    pytest.param(
        (*CHECK, "--as-of", "2025-12-31", "--calendar", "/dev/zero"),
        f"/dev/zero: error: the overrides file is too large: more than "
        f"{MAX_CALENDAR_BYTES:,} bytes",
        id="check --calendar /dev/zero",
    ),
    pytest.param(
        ("due", "--after", "2018-02-27", "--days", "10", "--calendar", "/dev/zero"),
        f"/dev/zero: error: the overrides file is too large: more than "
        f"{MAX_CALENDAR_BYTES:,} bytes",
        id="due --calendar /dev/zero",
    ),
]


@pytest.mark.parametrize(("argv", "line"), DEV_ZERO)
def test_dev_zero_is_refused_at_once_in_bounded_memory(argv: tuple[str, ...], line: str) -> None:
    code, err, seconds = cli(*argv)
    refused(err)
    assert (code, first_error(err)) == (2, line)
    assert seconds < FAST


@pytest.fixture
def endless_fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO that a writer fills without end (until the reader goes away)."""
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        ["/bin/sh", "-c", f"exec cat /dev/zero > '{fifo}'"],
        stderr=subprocess.DEVNULL,
    )
    try:
        yield fifo
    finally:
        writer.kill()
        writer.wait(timeout=10)


@pytest.mark.parametrize("option", ["--rules", "--calendar"])
def test_a_fifo_that_never_ends_is_refused_like_a_large_file(
    endless_fifo: Path, option: str
) -> None:
    code, err, seconds = cli(*CHECK, "--as-of", "2025-12-31", option, str(endless_fifo))
    refused(err)
    limit = MAX_RULES_BYTES if option == "--rules" else MAX_CALENDAR_BYTES
    kind = "rule file" if option == "--rules" else "overrides file"
    assert code == 2
    assert first_error(err) == (
        f"{endless_fifo}: error: the {kind} is too large: more than {limit:,} bytes"
    )
    assert seconds < FAST


def test_rules_from_a_pipe_are_read(tmp_path: Path) -> None:
    """A pipe that ends is read like a file (``lint <(cat decree.rules)``)."""
    fifo = tmp_path / "rules"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["/bin/sh", "-c", f"exec cat '{SHIPPED}' > '{fifo}'"])
    try:
        code, err, _ = cli("lint", str(fifo))
    finally:
        writer.wait(timeout=30)
    assert code == 0, err
    assert err.splitlines()[-1].startswith("1 file, 21 clauses: 0 errors")


def test_a_folder_of_rule_files_has_a_total_bound(tmp_path: Path) -> None:
    half = b"#" * (MAX_RULES_BYTES // 2 + 1) + b"\n"
    (tmp_path / "a.rules").write_bytes(half)
    (tmp_path / "b.rules").write_bytes(half)
    with pytest.raises(RuleSyntaxError) as raised:
        load_rules(tmp_path, validated=False)
    assert raised.value.code == "DR-S006"
    assert raised.value.message.startswith(
        f"the 2 rule files are too large: more than {MAX_RULES_BYTES:,} bytes together"
    )
    assert raised.value.location.file.endswith("b.rules")


def test_a_folder_of_too_many_rule_files_is_refused_before_reading(tmp_path: Path) -> None:
    for number in range(MAX_RULE_FILES + 1):
        (tmp_path / f"r{number:04d}.rules").touch()
    with pytest.raises(RuleSyntaxError) as raised:
        load_rules(tmp_path, validated=False)
    assert (raised.value.code, raised.value.arguments["files"]) == ("DR-S006", MAX_RULE_FILES + 1)
    assert raised.value.message == (
        f"the folder has {MAX_RULE_FILES + 1:,} rule files; the rules may have at most "
        f"{MAX_RULE_FILES:,}"
    )


def test_one_limit_and_message_for_every_kind_of_file(tmp_path: Path) -> None:
    calendar = tmp_path / "big.toml"
    calendar.write_bytes(b"#" * (MAX_CALENDAR_BYTES + 1))
    with pytest.raises(InputError) as too_big:
        load_overrides(calendar)
    assert (too_big.value.code, too_big.value.arguments) == (
        "DR-I005",
        {"limit": MAX_CALENDAR_BYTES},
    )
    rules = tmp_path / "big.rules"
    rules.write_bytes(b"#" * (MAX_RULES_BYTES + 1))
    with pytest.raises(RuleSyntaxError) as too_many:
        load_rules(rules, validated=False)
    assert too_many.value.code == "DR-S006"
    assert too_many.value.arguments["limit"] == MAX_RULES_BYTES
    # Just under the limit is read, and meets the parser's own limit of characters; no
    # text the parser would take (4 bytes a character at most) is over the byte limit.
    rules.write_bytes(b"#" * (MAX_RULES_BYTES - 1))
    with pytest.raises(RuleSyntaxError) as parsed:
        load_rules(rules, validated=False)
    assert parsed.value.arguments["characters"] == MAX_RULES_BYTES - 1
    assert 4 * MAX_RULES_CHARS < MAX_RULES_BYTES


# ---- 5. dates and terms out of range ---------------------------------------------------

OUT_OF_RANGE = [
    pytest.param(
        (*CHECK, "--as-of", "9999-12-31"),
        "decree-rules check: error: argument --as-of: 9999-12-31 is after 2100-12-31: the "
        "working-day calendar (the holidays package's Kazakh calendar) has no data after 2100",
        id="--as-of 9999-12-31",
    ),
    pytest.param(
        (*CHECK, "--as-of", "0001-01-01"),
        "decree-rules check: error: argument --as-of: 0001-01-01 is before the decree came "
        "into force on 2016-01-01 (clause 15): nothing could be owed before it",
        id="--as-of 0001-01-01",
    ),
    pytest.param(
        (*CHECK, "--as-of", "2015-12-31"),
        "decree-rules check: error: argument --as-of: 2015-12-31 is before the decree came "
        "into force on 2016-01-01 (clause 15): nothing could be owed before it",
        id="--as-of the day before",
    ),
    pytest.param(
        (*CHECK, "--as-of", "20161231"),
        "decree-rules check: error: argument --as-of: expected a date like 2025-12-31, "
        "found '20161231'",
        id="--as-of 20161231",
    ),
    pytest.param(
        (*CHECK, "--as-of", "2016-W52-6"),
        "decree-rules check: error: argument --as-of: expected a date like 2025-12-31, "
        "found '2016-W52-6'",
        id="--as-of a week date",
    ),
    pytest.param(
        ("due", "--after", "2018-02-27", "--months", "99999"),
        "decree-rules due: error: argument --months: a term of 99,999 months is longer "
        "than a year (0 to 12 months)",
        id="due --months 99999",
    ),
    pytest.param(
        ("due", "--after", "9999-12-31", "--days", "1"),
        "decree-rules due: error: argument --after: 9999-12-31 is outside the years the "
        "working-day calendar covers, 1991 to 2100",
        id="due --after 9999-12-31",
    ),
    pytest.param(
        ("due", "--before", "2016-W02-1", "--days", "10"),
        "decree-rules due: error: argument --before: expected a date like 2018-02-27 or a "
        "date-time like 2023-12-31T18:30:00Z, found '2016-W02-1'",
        id="due --before a week date",
    ),
    pytest.param(
        ("due", "--by", "20230115"),
        "decree-rules due: error: argument --by: expected a date like 2018-02-27 or a "
        "date-time like 2023-12-31T18:30:00Z, found '20230115'",
        id="due --by 20230115",
    ),
    pytest.param(
        ("due", "--after", "2018-02-27", "--working-days", "1" + "0" * 40),
        "decree-rules due: error: argument --working-days: expected a whole number like 10 "
        "(at most 9 digits), found '100000000000000000000000000000…' (41 characters)",
        id="due --working-days with 41 digits",
    ),
]


@pytest.mark.parametrize(("argv", "line"), OUT_OF_RANGE)
def test_dates_and_terms_out_of_range_name_the_option(argv: tuple[str, ...], line: str) -> None:
    code, err, _ = cli(*argv)
    refused(err)
    assert (code, first_error(err)) == (2, line)


def _rules_with(old: str, new: str, tmp_path: Path) -> tuple[Path, int]:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "r.rules"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line


def test_a_rule_term_of_99999_months_fails_lint_and_check_on_its_line(tmp_path: Path) -> None:
    path, line = _rules_with(
        "within 1 month after the meeting ends",
        "within 99999 months after the meeting ends",
        tmp_path,
    )
    expected = (
        f"r.rules:{line}:10: error: a term of 99,999 months is longer than a year "
        "(at most 12 months)"
    )
    for argv in (("lint", "r.rules"), (*CHECK, "--as-of", "2025-12-31", "--rules", "r.rules")):
        code, err, _ = cli(*argv, cwd=tmp_path)
        refused(err)
        assert (code, first_error(err)) == (2, expected)
    with pytest.raises(RuleError) as raised:
        load_decree(path)
    assert raised.value.code == "DR-R042"
    assert raised.value.arguments == {"amount": 99999, "unit": "months", "limit": 12}


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("367 calendar days", "a term of 367 calendar days is longer than a year (at most 366"),
        ("261 working days", "a term of 261 working days is longer than a year (at most 260"),
        ("13 months", "a term of 13 months is longer than a year (at most 12 months)"),
        ("2 years", "a term of 2 years is longer than a year (at most 1 years)"),
    ],
)
def test_every_unit_of_a_rule_term_is_bounded_by_a_year(term: str, found: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "within 10 calendar days after the meeting ends", f"within {term} after the meeting ends"
    )
    found_lint = [
        d
        for d in lint(parse_rules(text, filename="r.rules", validated=False))
        if d.code == "DR-R042"
    ]
    assert len(found_lint) == 2  # clauses 6 and 8
    assert all(d.message.startswith(found) for d in found_lint)
    assert "the decree's duties recur every year" in (found_lint[0].hint or "")


def test_the_longest_terms_pass_lint() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    for term in ("366 calendar days", "260 working days", "12 months", "1 years"):
        changed = text.replace("within 10 calendar days", f"within {term}")
        assert [d for d in lint(parse_rules(changed, validated=False)) if d.kind == "error"] == []


def test_a_number_of_thousands_of_digits_is_a_syntax_error_not_a_crash() -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "within 10 calendar days", "within " + "9" * 5000 + " calendar days", 1
    )
    with pytest.raises(RuleSyntaxError) as raised:
        parse_rules(text, filename="r.rules", validated=False)
    assert raised.value.code == "DR-S011"
    assert raised.value.message == (
        "the number 999999999999… (5,000 digits) is too long: a number in a rule file has "
        "at most 9 digits"
    )
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "9" * 5000 in t)
    assert raised.value.location.line == line


def test_events_in_year_9999_or_1_are_located_errors(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "akim.s", "role": "akim", "level": "region"}\n')
    (tmp_path / "e.jsonl").write_text(
        '{"id": "e1", "actor": "akim.s", "action": "reporting_meeting", '
        '"time": "9999-12-31T23:59:59-12:00"}\n'
        '{"id": "e2", "actor": "akim.s", "action": "reporting_meeting", "time": "0001-01-01"}\n'
    )
    code, err, _ = cli(
        "check", "--actors", "a.jsonl", "--events", "e.jsonl", "--as-of", "2025-12-31", cwd=tmp_path
    )
    refused(err)
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert code == 2
    assert errors == [
        "e.jsonl:1:64: error: field 'time': the year 9999 is outside the supported range "
        "1900-2999: '9999-12-31T23:59:59-12:00'",
        "e.jsonl:2:64: error: field 'time': the year 1 is outside the supported range "
        "1900-2999: '0001-01-01'",
    ]


def test_events_at_the_ends_of_the_log_range_are_after_as_of(tmp_path: Path) -> None:
    """The latest moment a log may name (year 2999, UTC-12) is after any --as-of."""
    from decree_rules.engine.evaluate import evaluate

    actors = parse_actors(
        '{"id": "akim.s", "role": "akim", "level": "region", "until": "2999-12-31"}\n',
        filename="a.jsonl",
    )
    path = tmp_path / "e.jsonl"
    path.write_text(
        '{"id": "e1", "actor": "akim.s", "action": "reporting_meeting", '
        '"time": "2999-12-31T23:59:59-12:00", "period": "2999"}\n'
        '{"id": "e2", "actor": "akim.s", "action": "reporting_meeting", '
        '"time": "1900-01-01T00:00:00+14:00"}\n'
    )
    events = read_events(path, {a.id: a for a in actors}, lenient=False)
    report = evaluate(load_decree(), actors, events.records, LAST_DAY)
    reasons = {item.id: item.code for item in report.unmatched_events}
    assert reasons["e1"] == "after_as_of"
    assert set(reasons) == {"e1", "e2"}


# -- the library's arithmetic


@pytest.mark.parametrize(
    "count",
    [
        lambda: terms.deadline_after(FixedCalendar(), date.max, 1, Unit.CALENDAR_DAYS),
        lambda: terms.deadline_after(FixedCalendar(), date(2018, 1, 1), 99999, Unit.MONTHS),
        lambda: terms.deadline_after(FixedCalendar(), date(2018, 1, 1), 10**12, Unit.CALENDAR_DAYS),
        lambda: terms.deadline_after(FixedCalendar(), date(9999, 12, 30), 5, Unit.WORKING_DAYS),
        lambda: terms.deadline_before(FixedCalendar(), date(1, 1, 2), 5, Unit.WORKING_DAYS),
        lambda: terms.deadline_before(FixedCalendar(), date(1, 1, 2), 5, Unit.YEARS),
        lambda: terms.deadline_fixed(FixedCalendar(), 10000, 1, 15),
        lambda: terms.deadline_fixed(
            FixedCalendar(days_off={date.max: "the last day"}), 9999, 12, 31
        ),
        lambda: terms.deadline_day_of_next_month(FixedCalendar(), Period(9999, 4), 10),
        lambda: terms.add_days(date.max, 1),
        lambda: terms.add_months(date(9999, 12, 25), 1),
    ],
    ids=lambda _: "",
)
def test_the_term_arithmetic_raises_a_typed_error_past_the_ends_of_dates(
    count: Callable[[], object],
) -> None:
    with pytest.raises(DateOutOfRange) as raised:
        count()
    assert isinstance(raised.value, ValueError)
    assert str(raised.value).endswith(
        "is outside the dates that can be counted (0001-01-01 to 9999-12-31)"
    )


def test_the_arithmetic_names_the_count_that_overflowed() -> None:
    with pytest.raises(DateOutOfRange, match=r"^2018-01-01 \+ 99999 months is outside"):
        terms.deadline_after(FixedCalendar(), date(2018, 1, 1), 99999, Unit.MONTHS)
    with pytest.raises(DateOutOfRange, match=r"^0001-01-02 - 5 years is outside"):
        terms.deadline_before(FixedCalendar(), date(1, 1, 2), 5, Unit.YEARS)


_UNITS = st.sampled_from(tuple(MAX_TERMS))


@given(
    st.dates(min_value=IN_FORCE, max_value=LAST_DAY),
    _UNITS.flatmap(lambda unit: st.tuples(st.just(unit), st.integers(0, MAX_TERMS[unit]))),
)
def test_terms_within_the_bounds_never_raise(anchor: date, term: tuple[Unit, int]) -> None:
    unit, amount = term
    after = terms.deadline_after(KZ, anchor, amount, unit)
    before = terms.deadline_before(KZ, anchor, amount, unit)
    assert anchor <= after.raw <= after.due <= anchor + timedelta(days=366 + 400)
    assert anchor - timedelta(days=366 + 400) <= before.due <= before.raw <= anchor


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY), st.integers(1, 31))
def test_fixed_and_next_month_days_within_the_bounds_never_raise(day: date, number: int) -> None:
    assert terms.deadline_fixed(KZ, day.year, day.month, day.day).due >= day
    quarter = Period(day.year, (day.month - 1) // 3 + 1)
    assert terms.deadline_day_of_next_month(KZ, quarter, number).due > day


@pytest.mark.parametrize(
    ("question", "field", "code"),
    [
        (DueQuestion(after="2018-02-27", days=367), "days", "DR-U023"),
        (DueQuestion(after="2018-02-27", working_days=261), "working_days", "DR-U023"),
        (DueQuestion(after="2018-02-27", months=13), "months", "DR-U023"),
        (DueQuestion(after="2018-02-27", years=2), "years", "DR-U023"),
        (DueQuestion(after="2018-02-27", days=-1), "days", "DR-U023"),
        (DueQuestion(after="1990-12-31", days=1), "after", "DR-U022"),
        (DueQuestion(before="2101-01-01T00:00:00+05:00", days=1), "before", "DR-U022"),
        (DueQuestion(by="9999-12-31"), "by", "DR-U022"),
        (DueQuestion(quarter="9999-Q4", day_of_next_month=10), "quarter", "DR-U022"),
        (DueQuestion(quarter="1990"), "quarter", "DR-U022"),
        (DueQuestion(by="2023-W02-7"), "by", "DR-U011"),
        (DueQuestion(after="20180227T1000", days=1), "after", "DR-U011"),
    ],
)
def test_a_due_question_out_of_range_names_its_field(
    question: DueQuestion, field: str, code: str
) -> None:
    with pytest.raises(DecreeRulesError) as raised:
        answer(question, KZ, where="POST /v1/due", field_name=lambda name: name)
    assert (raised.value.code, raised.value.location.field) == (code, field)


def test_the_ends_of_the_ranges_are_answered() -> None:
    assert answer(DueQuestion(after="2100-12-31", years=1), KZ).deadline.due == date(2102, 1, 2)
    assert answer(DueQuestion(before="1991-01-01", working_days=260), KZ).deadline.due == date(
        1990, 1, 2
    )
    assert answer(DueQuestion(by="2100-12-31"), KZ).deadline.raw == LAST_DAY


def test_the_calendar_covers_the_documented_years() -> None:
    import holidays

    data = holidays.country_holidays("KZ", years=2020)
    assert data.start_year <= FIRST_DAY.year and LAST_DAY.year <= data.end_year


def test_only_iso_dates_are_dates() -> None:
    assert iso_date("2016-12-31") == date(2016, 12, 31)
    for text in ("20161231", "2016-W52-6", "2016-366", "２０１６-12-31", "2016-12-31 "):
        with pytest.raises(ValueError, match="expected a date YYYY-MM-DD"):
            iso_date(text)


# ---- 8. encodings, separators, line ends -----------------------------------------------

ENCODINGS = [
    ("utf-16", "UTF-16 (little-endian)"),
    ("utf-16-le", "UTF-16 (little-endian)"),
    ("utf-16-be", "UTF-16 (big-endian)"),
    ("utf-32", "UTF-32 (little-endian)"),
    ("utf-32-le", "UTF-32 (little-endian)"),
    ("utf-32-be", "UTF-32 (big-endian)"),
]


def _registry(path: Path) -> object:
    return read_actors(path, lenient=False)


def _event_log(path: Path) -> object:
    actors = read_actors(EXAMPLES / "actors.jsonl", lenient=False).records
    return read_events(path, {actor.id: actor for actor in actors}, lenient=False)


FILE_KINDS: Mapping[str, tuple[Path, str, Callable[[Path], object], str]] = {
    "registry": (EXAMPLES / "actors.csv", "a.csv", _registry, "file"),
    "event log": (EXAMPLES / "events.jsonl", "e.jsonl", _event_log, "file"),
    "rule file": (SHIPPED, "r.rules", load_rules, "rule file"),
    "calendar": (EXAMPLES / "calendar-overrides.toml", "c.toml", load_overrides, "overrides file"),
}


@pytest.mark.parametrize(("encoding", "said"), ENCODINGS)
@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_utf16_and_utf32_files_are_named(
    tmp_path: Path, kind: str, encoding: str, said: str
) -> None:
    source, name, read, noun = FILE_KINDS[kind]
    path = tmp_path / name
    path.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(DecreeRulesError) as raised:
        read(path)
    assert raised.value.message == f"the {noun} is {said}, not UTF-8"
    assert (raised.value.location.line, raised.value.location.column) == (1, 1)
    assert raised.value.code in {"DR-I006", "DR-S005"}
    assert (raised.value.hint or "").startswith("save it as UTF-8")


def test_the_command_line_names_the_encoding(tmp_path: Path) -> None:
    (tmp_path / "events.jsonl").write_bytes(
        (EXAMPLES / "events.jsonl").read_text(encoding="utf-8").encode("utf-16")
    )
    code, err, _ = cli("check", "--actors", ACTORS, "--events", "events.jsonl", cwd=tmp_path)
    refused(err)
    assert (code, err.splitlines()[:2]) == (
        2,
        [
            "events.jsonl:1:1: error: the file is UTF-16 (little-endian), not UTF-8",
            "    hint: save it as UTF-8 (in a text editor: Save As, Encoding: UTF-8), or "
            "convert it with iconv -f UTF-16LE -t UTF-8",
        ],
    )


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"", None),
        (b"\x00" * 64, None),
        (b'{"id": "e1"}\n', None),
        ("Әкім, Қазақстан\n".encode(), None),
        ("Акимат, Казахстан\n".encode("cp1251"), None),
        ('{"id": "Әкім"}\n'.encode("utf-16-le"), "UTF-16LE"),
        ('{"id": "Әкім"}\n'.encode("utf-32-be"), "UTF-32BE"),
        (b"\xff\xfe\x00\x00", "UTF-32LE"),
        (b"\xff\xfe", "UTF-16LE"),
        (b"\xfe\xff", "UTF-16BE"),
    ],
)
def test_foreign_encodings_are_told_from_utf8(data: bytes, found: str | None) -> None:
    assert foreign_encoding(data) == found


CSV_HEADERS = [
    pytest.param("id;role;level\ngov;government;\n", ";", "';'", id="semicolons"),
    pytest.param("id\trole\ngov\tgovernment\n", "\t", "tabs", id="tabs"),
    pytest.param("id|role\ngov|government\n", "|", "'|'", id="bars"),
]


@pytest.mark.parametrize(("text", "separator", "said"), CSV_HEADERS)
def test_a_csv_file_separated_by_something_else_gets_the_hint(
    text: str, separator: str, said: str
) -> None:
    with pytest.raises(InputError) as raised:
        parse_actors(text, filename="a.csv")
    assert (raised.value.code, raised.value.message) == (
        "DR-I051",
        f"the columns are separated by {said}; use ','",
    )
    assert raised.value.arguments == {"separator": separator}
    assert raised.value.location.line == 1
    assert "id,role,level" in (raised.value.hint or "")


def test_a_semicolon_csv_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id;role\ngovernment;government\n", encoding="utf-8")
    code, err, _ = cli(
        "check", "--actors", "a.csv", "--events", EVENTS, "--as-of", "2025-12-31", cwd=tmp_path
    )
    refused(err)
    assert (code, err.splitlines()[:2]) == (
        2,
        ["a.csv:1: error: the columns are separated by ';'; use ','", "    id;role"],
    )


def test_a_one_column_csv_without_separators_still_names_the_missing_column() -> None:
    with pytest.raises(InputError) as raised:
        parse_actors("id\ngov\n", filename="a.csv")
    assert raised.value.code == "DR-I016"


@pytest.mark.parametrize("end", ["\r", "\r\n"], ids=["CR", "CRLF"])
def test_rule_files_with_cr_or_crlf_line_ends_are_read(tmp_path: Path, end: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    (tmp_path / "lf.rules").write_bytes(text.encode())
    (tmp_path / "other.rules").write_bytes(text.replace("\n", end).encode())
    read, expected = load_decree(tmp_path / "other.rules"), load_decree(tmp_path / "lf.rules")
    assert format_decree(read) == format_decree(expected)
    spans = [(c.number, c.span.line, c.span.end_line) for c in read.clauses]
    assert spans == [(c.number, c.span.line, c.span.end_line) for c in expected.clauses]


@pytest.mark.parametrize("end", ["\r", "\r\n"], ids=["CR", "CRLF"])
def test_an_error_in_a_cr_file_is_on_the_right_line(tmp_path: Path, end: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    line = text[: text.index("  akim must do reporting_meeting")].count("\n") + 1
    bad = text.replace("  akim must do reporting_meeting", "  akimm must do reporting_meeting")
    (tmp_path / "r.rules").write_bytes(bad.replace("\n", end).encode())
    code, err, _ = cli("lint", "r.rules", cwd=tmp_path)
    refused(err)
    assert code == 2
    assert err.splitlines()[:3] == [
        f"r.rules:{line}:3: error: unknown role or group 'akimm'; did you mean 'akim'?",
        "      akimm must do reporting_meeting",
        "      ^^^^^",
    ]


def test_a_syntax_error_in_a_cr_only_text_is_located() -> None:
    text = 'decree "T"\rclause 1 "A"\r  during quarter two\r'
    with pytest.raises(RuleSyntaxError) as raised:
        parse_rules(text, filename="r.rules", validated=False)
    assert raised.value.render().splitlines()[:3] == [
        "r.rules:3:18: error: expected a number, found 'two'",
        "      during quarter two",
        "                     ^^^",
    ]


# ---- every new code has a case, joined to the tables of test_io_codes and test_lang_codes


def _lang(text: str) -> list[Diagnostic]:
    try:
        decree = parse_rules(text, filename="c.rules", validated=False)
    except DecreeRulesError as error:
        return list(error.diagnostics)
    return [found.diagnostic for found in lint(decree, sources={"c.rules": text})]


_CLAUSE_6 = (
    'decree "T"\nclause 15 "F"\n  text kk "x"\n  enters into force on 2016-01-01\n'
    'clause 6 "T"\n  text kk "x"\n  for each reporting_meeting by akim\n'
    "  the same actor must do report_posted\n  within {} after the meeting ends\n"
) + declarations("reporting_meeting", "report_posted")

LANG_CASES: dict[str, tuple[Callable[[Path], list[Diagnostic]], Mapping[str, Any]]] = {
    "DR-S011": (
        lambda _: _lang(_CLAUSE_6.format("1234567890 calendar days")),
        {"digits": 10, "limit": 9},
    ),
    "DR-R042": (
        lambda _: _lang(_CLAUSE_6.format("13 months")),
        {"amount": 13, "unit": "months", "limit": 12},
    ),
}

IO_CASES: dict[str, tuple[Callable[[Path, pytest.MonkeyPatch], object], dict[str, Any] | None]] = {
    "DR-I051": (
        lambda path, patch: parse_actors("id;role\ngov;government\n", filename="a.csv"),
        {"separator": ";"},
    ),
}


@pytest.mark.parametrize("code", sorted(LANG_CASES))
def test_each_new_language_code_is_located_on_its_line(code: str, tmp_path: Path) -> None:
    produce, args = LANG_CASES[code]
    (found,) = [d for d in produce(tmp_path) if d.code == code]
    assert found.location.line == 9 and found.location.column == 10
    assert {key: found.args[key] for key in args} == args
