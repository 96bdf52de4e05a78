"""``agenda --lang`` and ``diff --lang``: the same duties and differences, in Kazakh and Russian.

Each language's output is checked against the English run of the same command: the same
UIDs, due dates, clauses and offices in the same order, and the sentences mostly Cyrillic
with none of the agenda's English words left. The Russian plural forms are checked with
the CLDR rule for Russian written out here (one: 1, 21; few: 2-4, 22; many: 5, 11, 12).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from decree_rules.apps.cli import main
from decree_rules.explain import agenda_words as A
from decree_rules.time.countdown import Countdown

pytest.importorskip("babel", reason="the i18n extra (Babel) is not installed")
icalendar = pytest.importorskip("icalendar", reason="the calendars extra is not installed")

ROOT = Path(__file__).parents[1]
ACTORS = str(ROOT / "examples" / "actors.jsonl")
EVENTS = str(ROOT / "examples" / "events.jsonl")
RULES = str(ROOT / "rules")
AMENDED = str(ROOT / "examples" / "amended" / "rules")
AS_OF = "2025-06-30"
LOCAL = ("kk", "ru")

# An id, a code or a file name (akim.aktobe-city, fixed_date_inclusive, e0096): not words.
_ID = re.compile(r"[A-Za-z0-9]+(?:[._\-/][A-Za-z0-9]+)+")
# The English words of the agenda's own messages: none may be left in kk or ru.
_ENGLISH = re.compile(
    r"\b(due|overdue|calendar|working|days?|clause|pending|dut(?:y|ies)|agenda|listed|"
    r"upcoming|today|offices?|differences?|here|under)\b",
    re.IGNORECASE,
)


def cyrillic_share(text: str) -> float:
    """The share of Cyrillic letters among the letters of ``text``, ids and codes aside."""
    words = _ID.sub(" ", text)
    cyrillic = len(re.findall(r"[\u0400-\u04ff]", words))
    latin = len(re.findall(r"[A-Za-z]", words))
    return cyrillic / max(cyrillic + latin, 1)


def english_left(texts: Iterable[str]) -> set[str]:
    return {m.group(0).lower() for text in texts for m in _ENGLISH.finditer(_ID.sub(" ", text))}


def ru_form(n: int) -> int:
    """CLDR's plural category of ``n`` in Russian: 0 one, 1 few, 2 many."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def _run(tmp: Path, *args: str) -> tuple[int, str]:
    target = tmp / "out"
    code = main([*args, "--output", str(target)])
    return code, target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def agendas(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """The example's agenda as of 2025-06-30, in every language and format."""
    tmp = tmp_path_factory.mktemp("agenda")
    found: dict[tuple[str, str], str] = {}
    for lang in ("en", *LOCAL):
        for form in ("text", "json", "ics"):
            code, text = _run(
                tmp,
                "agenda", "--actors", ACTORS, "--events", EVENTS, "--as-of", AS_OF,
                "--format", form, "--lang", lang,
            )  # fmt: skip
            assert code == 1  # the example has overdue duties
            found[lang, form] = text
    return found


# ---- the agenda ---------------------------------------------------------------------------


def _items(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    keys = ("uid", "kind", "rule", "actor", "period", "trigger", "due", "status")
    return [(*(item[key] for key in keys), item["calendar_days"]) for item in data["items"]]


@pytest.mark.parametrize("lang", LOCAL)
def test_json_lists_the_same_duties_with_sentences_in_the_language(
    agendas: dict[tuple[str, str], str], lang: str
) -> None:
    english = json.loads(agendas["en", "json"])
    local = json.loads(agendas[lang, "json"])
    assert local.pop("lang") == lang and "lang" not in english
    assert local.keys() == english.keys()  # the keys stay English
    assert _items(local) == _items(english) and len(english["items"]) >= 3
    assert local["summary"] == english["summary"]
    for mine, theirs in zip(local["items"], english["items"], strict=True):
        assert mine["steps"] == theirs["steps"]  # the facts are the same; the words are not
        assert len(mine["explanation"]) == len(theirs["explanation"])
    sentences = [item["countdown"] for item in local["items"]]
    sentences += [line for item in local["items"] for line in item["explanation"]]
    sentences += local["warnings"]
    assert cyrillic_share("\n".join(sentences)) > 0.8
    assert not english_left(sentences)


def _headlines(text: str) -> list[tuple[str, str]]:
    """(clause number, office) of each item's headline: ``  пункт 4 | akim.x | ...``."""
    rows = re.findall(r"^  (\S+(?: \S+)?) \| (\S+) \|", text, re.MULTILINE)
    return [(re.sub(r"[^\d.]", "", clause).strip("."), actor) for clause, actor in rows]


@pytest.mark.parametrize("lang", LOCAL)
def test_text_lists_the_same_duties_mostly_in_cyrillic(
    agendas: dict[tuple[str, str], str], lang: str
) -> None:
    english, local = agendas["en", "text"], agendas[lang, "text"]
    assert _headlines(local) == _headlines(english) and _headlines(english)
    assert len(local.splitlines()) == len(english.splitlines())
    assert cyrillic_share(local) > 0.8
    # Only the rule files' lines (as the check's text report writes them) stay English.
    words = [line for line in local.splitlines() if not line.startswith(("  rules:", "  engine:"))]
    assert not english_left(words)
    assert ": not listed" in english
    assert ("не включено в повестку" if lang == "ru" else "күн тәртібіне енгізілмеген") in local


def _events(text: str) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("lang", LOCAL)
def test_ics_has_the_same_events_worded_in_the_language(
    agendas: dict[tuple[str, str], str], lang: str
) -> None:
    english, local = _events(agendas["en", "ics"]), _events(agendas[lang, "ics"])
    assert local.keys() == english.keys() and english
    words = [str(icalendar.Calendar.from_ical(agendas[lang, "ics"])["X-WR-CALNAME"])]
    for uid, event in local.items():
        theirs = english[uid]
        for key in ("DTSTART", "DTEND", "SEQUENCE", "DTSTAMP"):
            assert event.decoded(key) == theirs.decoded(key)
        assert event.get("CATEGORIES").to_ical() == theirs.get("CATEGORIES").to_ical()
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(days=-3)
        words += [str(event["SUMMARY"]), str(event["DESCRIPTION"]), str(alarm["DESCRIPTION"])]
        overdue = str(theirs["SUMMARY"]).startswith("OVERDUE: ")
        mark = "ПРОСРОЧЕНО: " if lang == "ru" else "МЕРЗІМІ ӨТКЕН: "
        assert str(event["SUMMARY"]).startswith(mark) == overdue
        if lang == "ru":  # the reminder 3 days before: "через 3 дня" (few)
            assert str(alarm["DESCRIPTION"]).startswith("через 3 дня: ")
    assert cyrillic_share("\n".join(words)) > 0.8
    assert not english_left(words)


def test_english_is_the_default_and_unchanged(
    agendas: dict[tuple[str, str], str], tmp_path: Path
) -> None:
    code, default = _run(
        tmp_path, "agenda", "--actors", ACTORS, "--events", EVENTS, "--as-of", AS_OF
    )
    assert code == 1
    assert default == agendas["en", "text"]
    assert cyrillic_share(default) == 0
    assert default.startswith(
        "Agenda as of Mon 2025-06-30: duties overdue, and duties due in the next 30 days "
        "(to Wed 2025-07-30)\n"
    )
    assert "due in 10 calendar days (7 working days)" in default


# ---- Russian plural forms -------------------------------------------------------------------

_CALENDAR = ("календарный день", "календарных дня", "календарных дней")
_WORKING = ("рабочий день", "рабочих дня", "рабочих дней")
_DAY = ("день", "дня", "дней")


@pytest.mark.parametrize("n", [1, 2, 5, 11, 12, 21, 22, 25, 101, 111])
def test_russian_counts_take_the_one_few_many_forms(n: int) -> None:
    as_of = date(2025, 6, 30)
    form = ru_form(n)
    ahead = A.countdown_words(Countdown(as_of, as_of + timedelta(n), n, n), lang="ru")
    assert ahead == f"до срока: {n} {_CALENDAR[form]} ({n} {_WORKING[form]})"
    late = A.countdown_words(Countdown(as_of, as_of - timedelta(n), -n, -n), lang="ru")
    assert late == f"просрочено на {n} {_CALENDAR[form]} ({n} {_WORKING[form]})"
    heading = A.agenda_heading(as_of, n, as_of + timedelta(n), lang="ru")
    nearest = "ближайший" if form == 0 else "ближайшие"
    assert f" в {nearest} {n} {_DAY[form]} (по " in heading
    assert f"через {n} {_DAY[form]}: " in A.agenda_reminder("6", "akim.x", as_of, n, lang="ru")
    assert A.agenda_empty(n, lang="ru").endswith(f"{nearest} {n} {_DAY[form]} сроков нет")


@pytest.mark.parametrize(("n", "english"), [(1, "1 day"), (2, "2 days"), (5, "5 days")])
def test_english_and_kazakh_counts(n: int, english: str) -> None:
    as_of = date(2025, 6, 30)
    assert A.agenda_empty(n).endswith(f"in the next {english}")
    # Kazakh does not change the noun after a number.
    assert A.agenda_empty(n, lang="kk") == (
        f"мерзімі өткен міндет жоқ, алдағы {n} күнде мерзімі келетін міндет те жоқ"
    )
    assert A.agenda_reminder("6", "akim.x", as_of, n).startswith(f"in {english}: clause 6 ")


def test_undated_and_later_duties_are_counted_in_russian() -> None:
    until = date(2025, 7, 30)
    said = A.agenda_not_listed(2, ("12.5", "12.6"), 5, until, lang="ru")
    assert said == (
        "не включено в повестку: 2 обязанности, ожидающие исполнения, без срока "
        "(пункты 12.5, 12.6); 5 обязанностей, ожидающих исполнения, со сроком после "
        "30 июля 2025 г. (среда)"
    )
    assert A.agenda_not_listed(1, ("12.5",), 0, until, lang="ru") == (
        "не включено в повестку: 1 обязанность, ожидающая исполнения, без срока (пункт 12.5)"
    )
    assert A.agenda_not_listed(0, (), 0, until, lang="ru") == ""


# ---- decree-rules diff and check --compare ----------------------------------------------------


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["diff", *args])
    return code, capsys.readouterr().out


_CLAUSE_5 = {
    "ru": "пункт 5: срок уведомления 10 calendar days -> 1 month, с 2018-01-11 "
    "(акт amendment_2018)",
    "kk": "5-тармақ: хабарлау мерзімі 10 calendar days -> 1 month, 2018-01-11 күннен бастап "
    "(amendment_2018 актісі)",
}


@pytest.mark.parametrize("lang", LOCAL)
def test_diff_names_clause_5s_change_in_the_language(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    code, english = _diff(capsys, RULES, AMENDED)
    assert code == 1
    assert "clause 5: notice 10 calendar days -> 1 month, from 2018-01-11 (act amendment_2018)" in (
        english.splitlines()
    )
    code, local = _diff(capsys, RULES, AMENDED, "--lang", lang)
    assert code == 1
    assert _CLAUSE_5[lang] in local.splitlines()
    assert len(local.splitlines()) == len(english.splitlines())
    counted = re.search(r"^(\d+) differences? in (\d+) clauses?$", english, re.MULTILINE)
    assert counted is not None
    differences, clauses = int(counted[1]), int(counted[2])
    if lang == "ru":
        noun = ("различие", "различия", "различий")[ru_form(differences)]
        place = "пункте" if ru_form(clauses) == 0 else "пунктах"
        assert local.rstrip().endswith(f"{differences} {noun} в {clauses} {place}")
    else:
        assert local.rstrip().endswith(f"{clauses} тармақта {differences} айырмашылық")
    opening = "пункт " if lang == "ru" else ""
    clause = re.compile(rf"{opening}\d+(?:\.\d+)?" + ("" if lang == "ru" else "-тармақ") + ": ")
    shown = [line for line in local.splitlines()[2:-2] if line]  # the differences
    assert len(shown) == differences
    assert all(clause.match(line) for line in shown), shown


@pytest.mark.parametrize("lang", LOCAL)
def test_diff_json_has_the_same_differences_and_local_sentences(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    english = json.loads(_diff(capsys, RULES, AMENDED, "--format", "json")[1])
    local = json.loads(_diff(capsys, RULES, AMENDED, "--format", "json", "--lang", lang)[1])
    assert "lang" not in english and local.pop("lang") == lang
    strip = [{k: v for k, v in d.items() if k != "sentence"} for d in local["differences"]]
    assert strip == [
        {k: v for k, v in d.items() if k != "sentence"} for d in english["differences"]
    ]
    assert _CLAUSE_5[lang] in [d["sentence"] for d in local["differences"]]
    # Without the parts of the rules it quotes (as the rule language writes them), each
    # sentence is in the language.
    for difference in local["differences"]:
        said = difference["sentence"]
        parts = [str(part) for part in (difference.get("old"), difference.get("new")) if part]
        for part in sorted(parts, key=len, reverse=True):  # "a" may begin "a and b"
            said = said.replace(part.replace("\n", "; "), " ")
        assert cyrillic_share(said) > 0.8, said
        assert not english_left([said]), said


def test_diff_at_two_days_names_the_days_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _diff(capsys, AMENDED, "--at", "2017-12-31", "--at", "2019-01-01", "--lang", "ru")
    assert code == 1
    head = text.splitlines()[0]
    assert re.fullmatch(r"правила: (\S+) на 31 декабря 2017 г\. -> \1 на 1 января 2019 г\.", head)


def test_check_compare_section_follows_the_checks_lang(tmp_path: Path) -> None:
    def section(lang: str) -> list[str]:
        code, text = _run(
            tmp_path,
            "check", "--actors", ACTORS, "--events", EVENTS, "--as-of", "2025-12-31",
            "--compare", AMENDED, "--clause", "5", "--lang", lang,
        )  # fmt: skip
        assert code in (0, 1)
        lines = text.splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith(("COMPARED", "СРАВНЕНИЕ"))]
        assert len(starts) == 1
        return lines[starts[0] :]

    english, russian = section("en"), section("ru")
    assert english[0].startswith("COMPARED WITH THE RULES ")
    count = re.search(r"\((\d+) findings? differ\)", english[0])
    assert count is not None and int(count[1]) == len(english) - 1
    assert len(russian) == len(english)
    form = ("различается", "различаются", "различаются")[ru_form(int(count[1]))]
    assert russian[0].startswith("СРАВНЕНИЕ С ПРАВИЛАМИ ") and f"({form} {count[1]} " in russian[0]
    for mine, theirs in zip(russian[1:], english[1:], strict=True):
        assert mine.startswith("  пункт 5 | ") and theirs.startswith("  clause 5 | ")
        assert mine.split(" | ")[1] == theirs.split(" | ")[1]  # the same office, in order
        assert "здесь " in mine and " here; " in theirs


# ---- the pages' samples ---------------------------------------------------------------------


def _block(page: str, after: str) -> list[str]:
    """The lines of the literal block that follows ``after`` on a page, dedented."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    found = re.search(re.escape(after) + r"::\n\n((?:   .*\n|\n)+)", text)
    assert found is not None, after
    return [line.removeprefix("   ") for line in found[1].rstrip("\n").splitlines()]


def _shown_lines_are_printed(shown: list[str], printed: str) -> None:
    lines = printed.splitlines()
    for line in shown:
        if line != "...":
            assert line in lines, line


def test_the_agenda_pages_russian_and_kazakh_samples_are_printed(tmp_path: Path) -> None:
    russian = _block("agenda.rst", "in Russian\n(abridged)")
    command = russian[0].removeprefix("$ decree-rules ").split()
    assert command[-2:] == ["--lang", "ru"]
    options = [ROOT / part if part.startswith("examples/") else part for part in command]
    args = [str(part) for part in options]
    _shown_lines_are_printed(russian[1:], _run(tmp_path, *args)[1])
    kazakh = _block("agenda.rst", "and in Kazakh, the same upcoming duty")
    _shown_lines_are_printed(kazakh, _run(tmp_path, *args[:-1], "kk")[1])


def test_the_cli_pages_russian_diff_sample_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _block("cli.rst", "stay as the rule language writes them")
    assert shown[0] == "$ decree-rules diff rules examples/amended/rules --lang ru"
    code, printed = _diff(capsys, RULES, AMENDED, "--lang", "ru")
    assert code == 1
    # The paths as the page's command, run in the project's folder, names them.
    printed = printed.replace(RULES, "rules").replace(AMENDED, "examples/amended/rules")
    _shown_lines_are_printed(shown[1:], printed)


def test_without_babel_agenda_and_diff_stop_at_once_and_english_works(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from decree_rules.explain.catalog import words_for

    monkeypatch.setitem(sys.modules, "babel", None)  # import babel fails
    words_for.cache_clear()
    target = tmp_path / "agenda.txt"
    agenda = ["agenda", "--actors", ACTORS, "--events", EVENTS, "--as-of", AS_OF]
    try:
        assert main([*agenda, "--lang", "kk", "--output", str(target)]) == 2
        err = capsys.readouterr().err
        assert "cannot write in 'kk': Kazakh and Russian reports need Babel" in err
        assert "Traceback" not in err and not target.exists()  # stopped before the check
        assert main(["diff", RULES, AMENDED, "--lang", "ru"]) == 2
        assert "cannot write in 'ru'" in capsys.readouterr().err
        assert main(["diff", RULES, AMENDED]) == 1
        assert "8 differences in 2 clauses" in capsys.readouterr().out
    finally:
        words_for.cache_clear()
