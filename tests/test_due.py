"""One deadline asked as data (pipeline.due): the command line's questions, and errors that
name the field in the asker's own words."""

from __future__ import annotations

from datetime import date

import pytest

from decree_rules.core.diagnostics import UsageError
from decree_rules.pipeline.due import DueQuestion, answer
from decree_rules.report.due_report import due_to_dict, due_to_text
from decree_rules.time.calendars import KazakhCalendar

KZ = KazakhCalendar()


def test_a_term_after_a_date() -> None:
    found = answer(DueQuestion(after="2018-02-27", days=10), KZ)
    assert (found.anchor, found.deadline.due) == (date(2018, 2, 27), date(2018, 3, 12))
    assert [step.code for step in found.deadline.steps] == [
        "term_start",
        "add_days",
        "shift_day_off",
    ]
    data = due_to_dict(found)
    assert data["due"] == "2018-03-12" and data["shifted"] is True
    assert data["explanation"][-1].startswith("Fri 2018-03-09 is a day off moved by the Government")
    assert due_to_text(found).endswith("due: 2018-03-12\n")


def test_a_window_a_fixed_date_and_a_day_of_the_next_month() -> None:
    assert answer(DueQuestion(quarter="2019-Q2"), KZ).deadline.due == date(2019, 6, 30)
    assert answer(DueQuestion(by="2023-01-15"), KZ).deadline.due == date(2023, 1, 16)
    question = DueQuestion(quarter="2020-Q4", day_of_next_month=10)
    assert answer(question, KZ).deadline.due == date(2021, 1, 11)


def test_the_calendar_data_lacking_for_a_year_comes_with_the_answer() -> None:
    found = answer(DueQuestion(after="2026-04-30", days=8), KZ)
    assert found.notices and "2026" in due_to_dict(found)["warnings"][0]


@pytest.mark.parametrize(
    ("question", "code", "field"),
    [
        (DueQuestion(after="2018-02-27", days=10, tz="Mars/Base"), "DR-U003", "tz"),
        (DueQuestion(after="2018-02-27", days=10, counting="civil_cod"), "DR-U004", "counting"),
        (DueQuestion(after="2018-02-27", days=10, counting="civil_code,"), "DR-U005", "counting"),
        (DueQuestion(after="2018-02-27"), "DR-U006", "after"),
        (DueQuestion(by="2023-01-15T10:00"), "DR-U007", "by"),
        (DueQuestion(quarter="2020-Q5"), "DR-U008", "quarter"),
        (DueQuestion(quarter="2020-Q4", day_of_next_month=32), "DR-U009", "day_of_next_month"),
        (DueQuestion(quarter="2020"), "DR-U010", "quarter"),
        (DueQuestion(before="yesterday", days=1), "DR-U011", "before"),
    ],
)
def test_a_field_that_cannot_be_used_is_named_as_the_asker_names_it(
    question: DueQuestion, code: str, field: str
) -> None:
    with pytest.raises(UsageError) as raised:
        answer(question, KZ, where="POST /v1/due", field_name=lambda name: name)
    assert raised.value.code == code
    assert raised.value.location.file == "POST /v1/due" and raised.value.location.field == field
    with pytest.raises(UsageError) as again:
        answer(question, KZ)
    assert again.value.location.field == "--" + field.replace("_", "-")
