"""Steps are facts with stable codes: each has words, a JSON form, and survives it."""

from __future__ import annotations

import json
import pickle

from hypothesis import given
from strategies import steps

from decree_rules.core.facts import Step, step_classes, step_from_json
from decree_rules.explain.sentences import rendered_classes, sentence


def test_every_step_class_has_words() -> None:
    assert rendered_classes() == set(step_classes().values())


def test_codes_are_lower_snake_case_and_unique() -> None:
    codes = step_classes()
    assert all(code.replace("_", "").isalpha() and code.islower() for code in codes)
    assert len({cls.__qualname__ for cls in codes.values()}) == len(codes)


@given(steps())
def test_a_step_survives_its_json_form(step: Step) -> None:
    data = json.loads(json.dumps(step.to_json(), ensure_ascii=False))
    assert {"code", "args"} <= set(data) <= {"code", "args", "cites"}
    assert data["code"] == step.code and ("cites" in data) == bool(step.cites())
    assert step_from_json(data) == step


@given(steps())
def test_a_step_pickles_and_always_has_a_sentence(step: Step) -> None:
    assert pickle.loads(pickle.dumps(step)) == step
    # Total: a step read from someone else's JSON is worded too, whatever its arguments.
    text = sentence(step)
    assert isinstance(text, str) and text.strip()
