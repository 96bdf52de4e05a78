"""Calendar years and quarters, the periods duties are owed for (counted from 1 January)."""

from __future__ import annotations

import calendar
import re
from datetime import date

import attrs

_PERIOD = re.compile(r"^([0-9]{4})(?:-Q([1-4]))?$")


@attrs.frozen(order=True)
class Period:
    """A calendar year (``quarter`` is None) or one quarter of it."""

    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2024`` or ``2024-Q1``; raise ValueError otherwise."""
        match = _PERIOD.match(text)
        if match is None:
            raise ValueError(f"expected a period like '2024' or '2024-Q1', found {text!r}")
        quarter = match.group(2)
        return cls(int(match.group(1)), int(quarter) if quarter else None)

    def __str__(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"


def month_length(year: int, month: int) -> int:
    """The number of days of ``month`` of ``year`` (December 9999 too)."""
    return calendar.monthrange(year, month)[1]


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter counted from 1 January (rule 4)."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"a quarter is 1..4, found {quarter}")
    first = date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    return first, date(year, last_month, month_length(year, last_month))


def period_bounds(period: Period) -> tuple[date, date]:
    """First and last day of a year or of one of its quarters."""
    if period.quarter is None:
        return date(period.year, 1, 1), date(period.year, 12, 31)
    return quarter_bounds(period.year, period.quarter)
