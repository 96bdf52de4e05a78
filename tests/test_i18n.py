"""Reports in Kazakh and Russian: complete catalogs, local dates and plurals, same findings."""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from strategies import steps

from decree_rules.apps.cli import main
from decree_rules.core.facts import Step
from decree_rules.engine.evaluate import Report, evaluate
from decree_rules.explain import catalog
from decree_rules.explain.catalog import LANGUAGES, LOCALE_DIR, words_for
from decree_rules.explain.sentences import fmt_day, sentence
from decree_rules.io.events import load_events
from decree_rules.io.registry import load_actors
from decree_rules.lang.load import load_decree
from decree_rules.report.json_report import report_to_json
from decree_rules.report.text_report import report_to_text
from decree_rules.time import days as D
from decree_rules.time import steps as T

babel = pytest.importorskip("babel", reason="the i18n extra (Babel) is not installed")
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
POT = LOCALE_DIR / "decree_rules.pot"
# The keywords of `pybabel extract` (docs/translations.rst): w.t(msgid, ...),
# w.n(singular, plural, count, ...) and N_(msgid) where a message is written but used later.
KEYWORDS = {"t": None, "n": (1, 2), "N_": None}
_FIELD = re.compile(r"\{(\w+)\}")


def _po(lang: str) -> Catalog:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "decree_rules.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _code_messages() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for _name, _line, message, _comments, _context in extract_from_dir(
        ROOT,
        method_map=[
            ("decree_rules/explain/**.py", "python"),
            ("decree_rules/report/**.py", "python"),
        ],
        keywords=KEYWORDS,
    ):
        found.add(tuple(message) if isinstance(message, (tuple, list)) else message)  # type: ignore[arg-type]
    return found


def problems(po: Catalog, wanted: set[str | tuple[str, str]]) -> list[str]:
    """What is wrong with a catalog: missing, fuzzy, empty or field-losing messages."""
    found: list[str] = []
    for key in sorted(wanted, key=str):
        msgid = key[0] if isinstance(key, tuple) else key
        message = po.get(msgid)
        if message is None:
            found.append(f"missing: {msgid!r}")
            continue
        if message.fuzzy:
            found.append(f"fuzzy: {msgid!r}")
        raw = message.string
        strings = tuple(raw) if isinstance(raw, (tuple, list)) else (raw or "",)
        if isinstance(key, tuple) and len(strings) != po.num_plurals:
            found.append(f"{len(strings)} plural forms, not {po.num_plurals}: {msgid!r}")
        fields = set(_FIELD.findall(" ".join(key) if isinstance(key, tuple) else key))
        for text in strings:
            if not text or not text.strip():
                found.append(f"empty: {msgid!r}")
            elif not set(_FIELD.findall(text)) <= fields:
                found.append(f"a field the message does not have: {msgid!r} -> {text!r}")
    return found


# ---- the catalogs --------------------------------------------------------------------------


def test_the_template_holds_exactly_the_messages_of_the_code() -> None:
    with POT.open("rb") as handle:
        template = {
            tuple(m.id) if isinstance(m.id, (tuple, list)) else m.id
            for m in read_po(handle)
            if m.id
        }
    assert template == _code_messages(), (
        "decree_rules.pot is out of date: run the pybabel extract command of "
        "docs/translations.rst, then pybabel update"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_in_every_catalog(lang: str) -> None:
    assert problems(_po(lang), _code_messages()) == []


def test_a_missing_fuzzy_or_empty_message_is_found() -> None:
    wanted = _code_messages()
    po = _po("ru")
    some = sorted((m for m in wanted if isinstance(m, str)), key=str)
    del po[some[0]]
    po[some[1]].flags.add("fuzzy")
    po[some[2]].string = ""
    found = problems(po, wanted)
    assert [line.split(":")[0] for line in found] == ["missing", "fuzzy", "empty"]


def test_english_needs_no_catalog_and_the_english_catalog_is_the_source() -> None:
    for message in _po("en"):
        if message.id:
            assert message.string == message.id


# ---- dates, plurals and names -----------------------------------------------------------------


def test_dates_the_official_way() -> None:
    day = date(2024, 3, 26)
    assert fmt_day(day) == "Tue 2024-03-26"
    assert fmt_day(day, "kk") == "2024 жылғы 26 наурыз (сейсенбі)"
    assert fmt_day(day, "ru") == "26 марта 2024 г. (вторник)"
    assert words_for("kk").month_year(date(2023, 2, 1)) == "2023 жылғы ақпан"
    assert words_for("ru").month_year(date(2023, 2, 1)) == "февраль 2023 г."


@pytest.mark.parametrize(
    ("amount", "russian"),
    [(1, "день"), (2, "дня"), (4, "дня"), (5, "дней"), (11, "дней"), (21, "день"), (22, "дня")],
)
def test_russian_counts_have_their_three_forms(amount: int, russian: str) -> None:
    step = T.AddDays(amount, date(2020, 3, 1))
    assert sentence(step, "ru").startswith(f"+{amount} календарн")
    assert sentence(step, "ru").split(" = ")[0].endswith(f" {russian}")
    # Ten days stay ten days (Babel's format_timedelta would say "1 week").
    assert "10" in sentence(T.AddDays(10, date(2020, 3, 1)), "kk")


def test_holiday_names_in_kazakh_come_from_the_holidays_package() -> None:
    import holidays

    kazakh = holidays.country_holidays("KZ", years=2024, language="kk")
    reason = D.PublicHoliday("Nowruz Holiday")
    assert kazakh[date(2024, 3, 21)] in sentence_of_day_off(reason, "kk")
    assert "Наурыз мейрамы" in sentence_of_day_off(reason, "ru")
    assert "Праздник единства народа Казахстана" in sentence_of_day_off(
        D.PublicHoliday("Kazakhstan's People Solidarity Holiday"), "ru"
    )


def sentence_of_day_off(reason: D.DayOff, lang: str) -> str:
    from decree_rules.explain.sentences import day_off

    return day_off([reason], lang)


def test_every_holiday_of_the_calendar_has_a_russian_name() -> None:
    import holidays

    ru = words_for("ru")
    names = {
        name.removesuffix(" (observed)").removesuffix(" (estimated)")
        for value in holidays.country_holidays("KZ", years=range(2016, 2031)).values()
        for name in value.split("; ")
        if not name.startswith("Day off")  # a transfer: a MovedDayOff, worded by its date
    }
    untranslated = sorted(name for name in names if ru.holiday(name) == name)
    assert untranslated == []
    assert set(names) <= set(catalog.HOLIDAY_NAMES)


@given(steps())
def test_every_step_has_words_in_every_language(step: Step) -> None:
    # Every field a translation names is filled (a missing one would raise KeyError).
    for lang in ("kk", "ru"):
        assert sentence(step, lang).strip()


# ---- the reports -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_report() -> Report:
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    return evaluate(load_decree(), actors, events, date(2025, 12, 31))


def _cyrillic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)


def test_kazakh_and_russian_reports_are_cyrillic_differ_and_name_the_same_findings(
    example_report: Report,
) -> None:
    reports = {lang: json.loads(report_to_json(example_report, lang=lang)) for lang in LANGUAGES}
    heads = {
        lang: [
            (f["rule"], f["actor"], f["period"], f["trigger"], f["due"], f["status"], f["steps"])
            for f in data["findings"]
        ]
        for lang, data in reports.items()
    }
    assert heads["kk"] == heads["en"] == heads["ru"]
    assert set(reports["kk"]) == set(reports["en"]) | {"lang"}
    words = {
        lang: " ".join(line for f in data["findings"] for line in f["explanation"])
        for lang, data in reports.items()
    }
    assert words["kk"] != words["ru"] != words["en"] != words["kk"]
    texts = {lang: report_to_text(example_report, lang=lang) for lang in ("kk", "ru")}
    for lang in ("kk", "ru"):
        # Ids, action codes and policy names stay as written: most letters are Cyrillic.
        assert _cyrillic_share(words[lang]) > 0.5
        assert _cyrillic_share(texts[lang]) > 0.5
    assert "ә" in texts["kk"] and "ә" not in texts["ru"]  # a Kazakh letter
    assert "Указа" in texts["ru"] and "Жарлық" in texts["kk"]


def test_the_command_line_writes_the_language_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["due", "--after", "2018-02-27", "--days", "10", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "+10 календарных дней = 9 марта 2018 г. (пятница)" in out
    assert out.endswith("срок: 12 марта 2018 г.\n")
    assert main(["due", "--after", "2018-02-27", "--days", "10", "--lang", "kk"]) == 0
    out = capsys.readouterr().out
    assert "+10 күнтізбелік күн = 2018 жылғы 9 наурыз (жұма)" in out
    assert main(["due", "--after", "2018-02-27", "--days", "10", "--format", "json"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert (
        main(["due", "--after", "2018-02-27", "--days", "10", "--format", "json", "--lang", "kk"])
        == 0
    )
    kazakh = json.loads(capsys.readouterr().out)
    assert kazakh["steps"] == english["steps"] and kazakh["due"] == english["due"] == "2018-03-12"
    assert kazakh["explanation"] != english["explanation"]


def test_without_babel_kazakh_fails_with_its_code_and_english_works(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "babel", None)  # import babel fails
    words_for.cache_clear()
    try:
        assert main(["due", "--after", "2018-02-27", "--days", "10", "--lang", "kk"]) == 2
        err = capsys.readouterr().err
        assert "--lang: error: cannot write in 'kk': Kazakh and Russian reports need Babel" in err
        assert "pip install 'decree_rules[i18n]'" in err and "Traceback" not in err
        from decree_rules.core.diagnostics import UsageError

        with pytest.raises(UsageError) as caught:
            words_for("ru")
        assert caught.value.code == "DR-U080"
        assert main(["due", "--after", "2018-02-27", "--days", "10"]) == 0
        assert capsys.readouterr().out.endswith("due: 2018-03-12\n")
    finally:
        words_for.cache_clear()


def test_an_unknown_language_is_a_usage_error() -> None:
    from decree_rules.core.diagnostics import UsageError

    with pytest.raises(UsageError) as caught:
        words_for("de")
    assert caught.value.code == "DR-U081"


def test_a_compiled_catalog_is_used_when_it_is_newer(tmp_path: Path) -> None:
    po = (LOCALE_DIR / "ru" / "LC_MESSAGES" / "decree_rules.po").read_bytes()
    compiled = catalog.compile_po(po, "ru")
    import gettext

    translations = gettext.GNUTranslations(io.BytesIO(compiled))
    assert translations.gettext("owed once") == "исполняется однократно"
    assert translations.ngettext("{n} year", "{n} years", 5) == "{n} лет"


def test_no_message_is_hidden_in_an_f_string() -> None:
    """``pybabel extract`` may not see a message inside an f-string: it would stay English."""
    import ast

    hidden = []
    for path in sorted((ROOT / "decree_rules").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for joined in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
            for call in (n for n in ast.walk(joined) if isinstance(n, ast.Call)):
                func, args = call.func, call.args
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr in ("t", "n")
                    and args
                    and isinstance(args[0], ast.Constant)
                    and isinstance(args[0].value, str)
                ):
                    hidden.append(f"{path.name}:{call.lineno}")
    assert hidden == []


def test_the_checked_log_and_the_evaluated_one_say_the_same_in_kazakh(
    example_report: Report, tmp_path: Path
) -> None:
    """``check`` reads the log in partitions whose findings are written in English; in
    another language the report words them again from their steps, the same as one
    evaluation's."""
    out = tmp_path / "kk.json"
    argv = ["check", "--actors", str(EXAMPLES / "actors.jsonl"), "--events"]
    argv += [str(EXAMPLES / "events.jsonl"), "--as-of", "2025-12-31", "--format", "json"]
    assert main([*argv, "--lang", "kk", "--output", str(out)]) == 1
    checked = json.loads(out.read_text(encoding="utf-8"))
    evaluated = json.loads(report_to_json(example_report, lang="kk"))
    assert checked["findings"] == evaluated["findings"]
    assert checked["unmatched_events"] == evaluated["unmatched_events"]
    assert checked["warnings"] == evaluated["warnings"] and checked["lang"] == "kk"
