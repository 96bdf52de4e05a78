"""The words of one language: gettext catalogs, dates the local way, holiday names.

English is the source language: the ``msgid`` of every message is its English text, so
English needs no catalog and no Babel, and reads exactly as before. Kazakh (``kk``) and
Russian (``ru``) are read from the ``.po`` files in ``decree_rules/explain/locale`` (the
files translators and legal staff edit); they need Babel, the ``i18n`` extra, both to read
a ``.po`` and for the CLDR names of months and weekdays.

A ``decree_rules.mo`` next to a ``.po`` (``pybabel compile -d decree_rules/explain/locale
-D decree_rules``) is used when it is at least as new as the ``.po``; otherwise the ``.po``
is compiled in memory on first use, so a fresh ``pip install .`` works with no build step.

>>> words_for("en").t("due {day}", day="Mon 2020-03-02")
'due Mon 2020-03-02'
"""

from __future__ import annotations

import functools
import gettext
import io
from datetime import date
from pathlib import Path
from typing import Any, Final

from decree_rules.core.diagnostics import UsageError
from decree_rules.core.source import Location
from decree_rules.core.vocabulary import MONTH_NAMES

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "Words", "language_error", "words_for"]

LANGUAGES: Final = ("en", "kk", "ru")
"""The languages reports are written in; English is the default."""

DOMAIN: Final = "decree_rules"
LOCALE_DIR: Final = Path(__file__).parent / "locale"

NEEDS_BABEL = "DR-U080"
UNKNOWN_LANGUAGE = "DR-U081"

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The official patterns: "2024 жылғы 26 наурыз", "26 марта 2024 г." (CLDR month names).
_DATE_PATTERNS = {"kk": "y 'жылғы' d MMMM", "ru": "d MMMM y 'г'."}
_MONTH_YEAR_PATTERNS = {"kk": "y 'жылғы' MMMM", "ru": "LLLL y 'г'."}


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs where it is written; it is looked up later."""
    return message


# format_map, not format(**fields): the fields are a new dict already (40% faster).
def _english(message: str, /, **fields: Any) -> str:
    return message.format_map(fields) if fields else message


def _english_plural(singular: str, plural: str, count: int, /, **fields: Any) -> str:
    fields["n"] = count
    return (singular if count == 1 else plural).format_map(fields)


def _english_day(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}"


class Words:
    """The messages, dates and names of one language.

    ``t`` looks a message up and fills its named fields; ``n`` does the same for a message
    with plural forms, chosen by the catalog's ``Plural-Forms`` (Russian has three: 1 день,
    2 дня, 5 дней). Legal day counts are always numbers with these forms, never Babel's
    ``format_timedelta`` (which turns 10 days into "1 week").
    """

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self._gettext = translations.gettext
        self._ngettext = translations.ngettext
        self._days: dict[date, str] = {}
        self._holidays: dict[str, str] | None = None
        if lang == "en":  # the msgids are the English: no lookup (a national report is long)
            self.t = _english  # type: ignore[method-assign]
            self.n = _english_plural  # type: ignore[method-assign]

    def t(self, message: str, /, **fields: Any) -> str:
        """The message in this language, its ``{fields}`` filled."""
        text = self._gettext(message)
        return text.format_map(fields) if fields else text

    def n(self, singular: str, plural: str, count: int, /, **fields: Any) -> str:
        """The form of the message for ``count`` (given as the field ``n``)."""
        fields["n"] = count
        return self._ngettext(singular, plural, count).format_map(fields)

    # ---- dates -------------------------------------------------------------------------

    def day(self, day: date) -> str:
        """``Fri 2018-03-09``; ``2018 жылғы 9 наурыз (жұма)``; ``9 марта 2018 г. (пятница)``."""
        try:
            return self._days[day]
        except KeyError:
            pass
        if self.lang == "en":
            text = _english_day(day)
        else:
            text = f"{self.date_text(day)} ({self.weekday_name(day.weekday())})"
        self._days[day] = text
        return text

    def date_text(self, day: date) -> str:
        """A date without its weekday: ``2024 жылғы 26 наурыз``, ``26 марта 2024 г.``."""
        if self.lang == "en":
            return day.isoformat()
        from babel.dates import format_date

        return format_date(day, _DATE_PATTERNS[self.lang], locale=self.lang)

    def month_year(self, day: date) -> str:
        """``February 2023``, ``2023 жылғы ақпан``, ``февраль 2023 г.``."""
        if self.lang == "en":
            return f"{MONTH_NAMES[day.month - 1]} {day.year}"
        from babel.dates import format_date

        return format_date(day, _MONTH_YEAR_PATTERNS[self.lang], locale=self.lang)

    def fixed_date(self, day_of_month: int, month: int, year: int) -> str:
        """``15 January 2023`` (a fixed date the rules name), the local way elsewhere."""
        if self.lang == "en":
            return f"{day_of_month} {MONTH_NAMES[month - 1]} {year}"
        try:
            return self.date_text(date(year, month, day_of_month))
        except ValueError:  # a day the month does not have: as the rules wrote it
            return f"{day_of_month:02d}.{month:02d}.{year}"

    def weekday_name(self, weekday: int) -> str:
        """The weekday's full name (``weekday`` 0 is Monday), from CLDR for kk and ru."""
        if self.lang == "en":
            return _WEEKDAY_NAMES[weekday]
        from babel.dates import get_day_names

        return str(get_day_names("wide", "format", self.lang)[weekday])

    # ---- names -------------------------------------------------------------------------

    def holiday(self, name: str) -> str:
        """A public holiday's name: Kazakh from the ``holidays`` package's own Kazakh data,
        Russian from this project's catalog
        (``HOLIDAY_NAMES``)."""
        if self.lang == "en":
            return name
        if self.lang == "kk":
            if self._holidays is None:
                self._holidays = _kazakh_holiday_names()
            found = self._holidays.get(name)
            if found is not None:
                return found
        if name.endswith(_OBSERVED):
            base = name.removesuffix(_OBSERVED)
            return self.t("{holiday} (observed)", holiday=self.holiday(base))
        return self._gettext(name)


_OBSERVED = " (observed)"

HOLIDAY_NAMES: Final = (
    N_("New Year's Day"),
    N_("Orthodox Christmas"),
    N_("International Women's Day"),
    N_("Nowruz Holiday"),
    N_("Kazakhstan's People Solidarity Holiday"),
    N_("Defender of the Fatherland Day"),
    N_("Victory Day"),
    N_("Capital Day"),
    N_("Constitution Day"),
    N_("Republic Day"),
    N_("First President Day"),
    N_("Independence Day"),
    N_("Eid al-Adha"),
    N_("Eid al-Adha (Kurban ait)"),
)
"""The holidays' English names (as holidays.KZ gives them), for the catalogs: the Russian
names are the project's; a test checks every name of the calendar's years is here."""


def _kazakh_holiday_names() -> dict[str, str]:
    """English holiday name -> the Kazakh name holidays.KZ gives the same day."""
    import holidays

    years = range(2016, date.today().year + 6)
    english = holidays.country_holidays("KZ", years=years, language="en_US")
    kazakh = holidays.country_holidays("KZ", years=years, language="kk")
    names: dict[str, str] = {}
    for day, name in english.items():
        local = kazakh.get(day)
        if local is None:
            continue
        for one, other in zip(name.split("; "), local.split("; "), strict=False):
            names.setdefault(one, other)
    # The name the project gives an estimated Kurban ait (time.kazakh_data).
    if "Eid al-Adha" in names:
        names.setdefault("Eid al-Adha (Kurban ait)", names["Eid al-Adha"])
    return names


def language_error(lang: str, why: str, code: str, hint: str) -> UsageError:
    """A language that cannot be used, as a command-line error."""
    return UsageError(
        f"cannot write in '{lang}': {why}",
        Location("--lang"),
        code=code,
        hint=hint,
        args={"lang": lang},
    )


@functools.cache
def words_for(lang: str = "en") -> Words:
    """The words of ``lang`` (``en``, ``kk`` or ``ru``), loaded once."""
    if lang not in LANGUAGES:
        raise language_error(
            lang,
            "not a language the reports are written in",
            UNKNOWN_LANGUAGE,
            "use one of " + ", ".join(LANGUAGES),
        )
    if lang == "en":
        return Words("en", gettext.NullTranslations())
    return Words(lang, _load(lang))


def _load(lang: str) -> gettext.NullTranslations:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    try:
        import babel  # noqa: F401 - the dates and the .po reader both need it
    except ImportError:
        raise language_error(
            lang,
            "Kazakh and Russian reports need Babel (its CLDR dates and the .po catalogs)",
            NEEDS_BABEL,
            "install it with: pip install 'decree_rules[i18n]' (English needs nothing)",
        ) from None
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    return gettext.GNUTranslations(io.BytesIO(compile_po(po.read_bytes(), lang)))


def compile_po(data: bytes, lang: str) -> bytes:
    """A ``.po`` file's bytes as ``.mo`` bytes (fuzzy and empty messages left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(data), locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()
