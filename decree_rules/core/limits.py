"""The dates and terms the tool counts with, and why each bound is where it is.

* **Terms** (:data:`MAX_TERMS`): at most a year, in any unit. The decree's duties recur
  every year (clauses 1-11) or every quarter, and its longest term is one month (clauses
  9-11); a term longer than a year would run into the next year's duty of the same
  clause, so a rule (or a ``due`` question) with one is a mistake, like
  ``within 99999 months``, and is refused before any date is counted.
* **As of** (:data:`IN_FORCE` .. :data:`LAST_DAY`): nothing can be owed before the
  decree came into force (clause 15: 1 January 2016), and the working-day calendar
  (the ``holidays`` package's Kazakh calendar) has no data after 2100.
* **Dates of one deadline** (:data:`FIRST_DAY` .. :data:`LAST_DAY`): the years the
  Kazakh calendar covers, 1991 (independence) to 2100.

With these bounds no count comes near the ends of Python's dates (years 1 to 9999);
:class:`DateOutOfRange` is what the term arithmetic raises if it is asked to anyway.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from decree_rules.core.vocabulary import Unit

__all__ = [
    "FIRST_DAY",
    "IN_FORCE",
    "LAST_DAY",
    "MAX_TERMS",
    "TERM_REASON",
    "DateOutOfRange",
    "iso_date",
]

IN_FORCE: Final = date(2016, 1, 1)
"""The day the decree came into force (clause 15): the earliest ``--as-of``."""

FIRST_DAY: Final = date(1991, 1, 1)
"""The earliest day of a deadline asked alone: the first year of the Kazakh calendar."""

LAST_DAY: Final = date(2100, 12, 31)
"""The latest ``--as-of`` and day of a deadline: the last year of the Kazakh calendar."""

MAX_TERMS: Final = {
    Unit.CALENDAR_DAYS: 366,
    Unit.WORKING_DAYS: 260,
    Unit.MONTHS: 12,
    Unit.YEARS: 1,
}
"""The longest term in each unit: a year (260 working days is 52 weeks of five)."""

TERM_REASON: Final = (
    "the decree's duties recur every year and its longest term is one month: a longer term "
    "would run into the next year's duty"
)
"""Why :data:`MAX_TERMS` is a year, for messages."""

_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def iso_date(text: str) -> date:
    """``YYYY-MM-DD`` as a date; ValueError for any other form.

    ``date.fromisoformat`` also takes ``20161231`` and week dates (``2016-W52-6``);
    the contract's dates are ``YYYY-MM-DD`` only.
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"expected a date YYYY-MM-DD, found {text!r}")
    return date.fromisoformat(text)


class DateOutOfRange(ValueError):
    """A count that would end before year 1 or after year 9999, the ends of Python's dates.

    ``what`` is the count, as in the message: ``2018-01-01 + 99999 months``.
    """

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(
            f"{what} is outside the dates that can be counted "
            f"({date.min.isoformat()} to {date.max.isoformat()})"
        )
