"""Facts, not prose: the typed values an explanation is made of, and their JSON form.

A :class:`Step` is one fact behind a finding (``add_days``: 10 calendar days were added,
giving 2020-03-01), with a stable ``code``, typed arguments (dates, ids, counts, the
reasons a day is off) and what it cites (a Civil Code article, a clause of the decree).
The engine and the term arithmetic return steps; only the explain layer turns them into
sentences. A :class:`Fact` is a value nested in a step (a day off and why).

Every fact has a JSON form, read back by :func:`step_from_json`; arguments that are None
and an empty ``cites`` are left out, and a nested fact is tagged with its ``kind`` only
where it may be one of several kinds (the reasons a day is off)::

    {"code": "add_days", "args": {"amount": 10, "day": "2020-03-01"}}
    {"code": "term_start", "args": {...}, "cites": [{"law": "civil_code", "article": "173",
     "policy": "start_next_day"}]}

Each class's encoder is generated once from its field types, so that writing a million
findings' steps costs about what building them did.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import json
import json.encoder
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar, cast

import attrs

from decree_rules.core.periods import Period

__all__ = [
    "Cite",
    "Fact",
    "Step",
    "fact_from_json",
    "step_classes",
    "step_from_json",
]


@attrs.frozen
class Cite:
    """What a step applies: an article of a law, a clause of the decree, a named policy.

    ``law`` is ``civil_code`` or ``decree``; ``article`` an article (``"173"``, or
    ``"176 p. 2"``); ``clause`` a clause number of the rule file; ``policy`` a counting
    policy of :mod:`decree_rules.core.policies`.
    """

    law: str | None = None
    article: str | None = None
    clause: str | None = None
    policy: str | None = None

    def to_json(self) -> dict[str, str]:
        """The set fields only: ``{"law": "civil_code", "article": "173", ...}``."""
        pairs = (
            ("law", self.law),
            ("article", self.article),
            ("clause", self.clause),
            ("policy", self.policy),
        )
        return {key: value for key, value in pairs if value is not None}


_FACTS: dict[str, type[Fact]] = {}
_STEPS: dict[str, type[Step]] = {}


class Fact:
    """A typed value nested in a step; subclasses are ``@attrs.frozen`` with a ``kind``."""

    __slots__ = ()
    kind: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if kind is not None and not issubclass(cls, Step):
            _register(_FACTS, kind, cls)

    def to_json(self) -> dict[str, Any]:
        """``{"kind": ..., <fields>}``."""
        return {"kind": self.kind, **_encoder(type(self))(self)}


class Step(Fact):
    """One fact behind a finding, a reason or a warning; subclasses set ``code``.

    ``shared`` marks the kinds of step one object of which usually serves many findings
    (the clause, who owes it, a year's window): their words and JSON are remembered.
    """

    # Words and JSON made for a shared step, by key: kept on the step, so they live as long
    # as it does (not an attrs field: no part of its value, equality or pickle).
    __slots__ = ("_remembered",)
    _remembered: dict[str, str]
    code: ClassVar[str]
    shared: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if code is not None:
            _register(_STEPS, code, cls)

    def cites(self) -> tuple[Cite, ...]:
        """What this step applies (nothing, unless a subclass says)."""
        return ()

    def to_json(self) -> dict[str, Any]:
        """``{"code": ..., "args": {...}, "cites": [...]}``; no ``cites`` when it cites nothing."""
        data: dict[str, Any] = {"code": self.code, "args": _encoder(type(self))(self)}
        cites = self.cites()
        if cites:
            data["cites"] = [cite.to_json() for cite in cites]
        return data

    def remember(self, key: str, compute: Callable[[Step], str]) -> str:
        """``compute(self)``, made once per key for a step of a ``shared`` kind."""
        if not self.shared:
            return compute(self)
        try:
            return self._remembered[key]
        except AttributeError:
            object.__setattr__(self, "_remembered", {})
        except KeyError:
            pass
        text = self._remembered[key] = compute(self)
        return text

    def json_text(self) -> str:
        """``to_json()`` as JSON text (``", "`` and ``": "`` separators, non-ASCII kept),
        made without building the dictionaries: what a report writes a million times."""
        if not self.shared:
            return _json_text(self)
        return self.remember("json", _json_text)


def _json_text(step: Step) -> str:
    text = _text_encoder(type(step))(step)
    cites = step.cites()
    if not cites:
        return f'{{"code": "{step.code}", "args": {text}}}'
    listed = ", ".join([_cite_text(cite) for cite in cites])
    return f'{{"code": "{step.code}", "args": {text}, "cites": [{listed}]}}'


def _register(table: dict[str, Any], key: str, cls: type) -> None:
    known = table.get(key)
    # attrs makes a new class for slots: the same definition registers twice.
    if known is not None and known.__qualname__ != cls.__qualname__:
        raise TypeError(f"{key!r} is the code of {known.__qualname__} already")
    table[key] = cls


def step_classes() -> Mapping[str, type[Step]]:
    """Every step code and its class (the classes of the modules imported so far)."""
    return dict(_STEPS)


def step_from_json(data: Mapping[str, Any]) -> Step:
    """The step ``data`` (as :meth:`Step.to_json` writes it) stands for."""
    cls = _STEPS.get(data["code"])
    if cls is None:
        raise ValueError(f"unknown step code {data['code']!r}")
    return _decode_fields(cls, data["args"])


def fact_from_json(data: Mapping[str, Any]) -> Fact:
    """The nested fact ``data`` (as :meth:`Fact.to_json` writes it) stands for."""
    cls = _FACTS.get(data["kind"])
    if cls is None:
        raise ValueError(f"unknown fact kind {data['kind']!r}")
    return _decode_fields(cls, {k: v for k, v in data.items() if k != "kind"})


# ---- the codec -------------------------------------------------------------------------

_F = TypeVar("_F", bound=Fact)
_ENCODERS: dict[type, Callable[[Any], dict[str, Any]]] = {}
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        # Each class's annotations are read in its own module (Fact's ClassVars in this one).
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    """The generated ``fields -> JSON values`` function of ``cls``, made on first use.

    Keys in the order of the fields; an argument that is None is left out: the JSON form
    says only what is so.
    """
    encode = _ENCODERS.get(cls)
    if encode is None:
        hints = _hints(cls)
        names: dict[str, Any] = {}
        lines = ["def encode(obj):", "    data = {}"]
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls)):
            hint = hints[field.name]
            inner = _without_none(hint)
            if inner is None:
                expression = _expression(hint, f"obj.{field.name}", names)
                lines.append(f"    data[{field.name!r}] = {expression}")
            else:
                expression = _expression(inner, "value", names)
                lines.append(f"    value = obj.{field.name}")
                lines.append(f"    if value is not None: data[{field.name!r}] = {expression}")
        lines.append("    return data")
        exec("\n".join(lines) + "\n", names)
        encode = _ENCODERS[cls] = names["encode"]
    return encode


_TEXT_ENCODERS: dict[type, Callable[[Any], str]] = {}
_quoted: Callable[[str], str] = json.encoder.encode_basestring


@functools.cache
def _cite_text(cite: Cite) -> str:
    return json.dumps(cite.to_json(), ensure_ascii=False)


def _text_encoder(cls: type) -> Callable[[Any], str]:
    """The generated ``fields -> JSON text`` function of ``cls``: the text of the
    :func:`_encoder` dictionary, keys in the same order (present fields, then the
    optional ones that are set), made as one expression of strings."""
    encode = _TEXT_ENCODERS.get(cls)
    if encode is None:
        hints = _hints(cls)
        names: dict[str, Any] = {"_q": _quoted}
        pieces: list[str] = []
        for number, field in enumerate(attrs.fields(cast("type[attrs.AttrsInstance]", cls))):
            hint = hints[field.name]
            inner = _without_none(hint)
            if inner is None:
                key = f"{', ' if pieces else ''}{_quoted(field.name)}: "
                pieces.append(f"{key!r} + {_text(hint, f'obj.{field.name}', names)}")
            else:
                if not pieces:  # a first field that may be left out: no leading comma
                    raise TypeError(f"{cls.__qualname__}: the first field must not be optional")
                key = f", {_quoted(field.name)}: "
                value = f"v{number}"
                pieces.append(
                    f"('' if ({value} := obj.{field.name}) is None "
                    f"else {key!r} + {_text(inner, value, names)})"
                )
        body = " + ".join(pieces) if pieces else "''"
        source = f"def encode(obj):\n    return '{{' + {body} + '}}'\n"
        exec(source, names)
        encode = _TEXT_ENCODERS[cls] = names["encode"]
    return encode


def _shape(hint: Any) -> tuple[str, Any]:
    """What kind of value a field holds, for the codec: one of ``str``, ``int``, ``bool``,
    ``any``, ``date``, ``period``, ``enum``, ``fact`` (one class), ``facts`` (one of several
    kinds, tagged) and ``tuple`` (with the shape's argument: the item type)."""
    simple = {str: "str", int: "int", bool: "bool", float: "any", Any: "any"}
    if hint in simple:
        return simple[hint], None
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        if all(isinstance(a, type) and issubclass(a, Fact) for a in typing.get_args(hint)):
            return "facts", None
    elif origin is tuple:
        return "tuple", typing.get_args(hint)[0]
    elif hint is _dt.date or hint is Period:
        return ("date" if hint is _dt.date else "period"), None
    elif isinstance(hint, type) and issubclass(hint, enum.Enum | Fact):
        return ("enum" if issubclass(hint, enum.Enum) else "fact"), hint
    raise TypeError(f"facts hold plain values, dates, enums and facts, not {hint!r}")


# JSON text of a value of each shape; ``{v}`` is the value's expression.
_TEXT_OF = {
    "str": "_q({v})",
    "int": "str({v})",
    "bool": "('true' if {v} else 'false')",
    "date": "'\"' + {v}.isoformat() + '\"'",
    "period": "'\"' + str({v}) + '\"'",
    # _value_, not value: the member's own attribute, without enum's descriptor.
    "enum": "_q({v}._value_)",
    "facts": "_tagged({v})",
}


def _text(hint: Any, value: str, names: dict[str, Any]) -> str:
    """A Python expression that turns ``value`` (of type ``hint``) into JSON text."""
    shape, argument = _shape(hint)
    if shape == "tuple":
        item = _text(argument, "item", names)
        return f"'[' + ', '.join([{item} for item in {value}]) + ']'"
    if shape == "fact":
        name = f"_encode_{argument.__qualname__.replace('.', '_')}"
        names[name] = _text_encoder(argument)
        return f"{name}({value})"
    if shape not in _TEXT_OF:
        raise TypeError(f"no JSON text for a value of type {hint!r}")
    names.setdefault("_tagged", _tagged_text)
    return _TEXT_OF[shape].format(v=value)


def _tagged_text(fact: Fact) -> str:
    fields = _text_encoder(type(fact))(fact)
    kind = f'"kind": {_quoted(fact.kind)}'
    return "{" + kind + (", " + fields[1:] if fields != "{}" else "}")


def _without_none(hint: Any) -> Any:
    """``X`` for a hint ``X | None``; None for a hint that excludes None."""
    if typing.get_origin(hint) not in (types.UnionType, typing.Union):
        return None
    arguments = typing.get_args(hint)
    rest = tuple(a for a in arguments if a is not type(None))
    if len(rest) == len(arguments):
        return None
    return rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007


# The JSON value of a value of each shape; ``{v}`` is the value's expression.
_VALUE_OF = {
    "str": "{v}",
    "int": "{v}",
    "bool": "{v}",
    "any": "{v}",
    "date": "{v}.isoformat()",
    "period": "str({v})",
    "enum": "{v}.value",
    "fact": "_encoder(type({v}))({v})",  # always this kind of fact: its fields only
    "facts": "{v}.to_json()",  # one of several kinds of fact: tagged with its kind
}


def _expression(hint: Any, value: str, names: dict[str, Any]) -> str:
    """A Python expression that turns ``value`` (of type ``hint``) into a JSON value."""
    shape, argument = _shape(hint)
    if shape == "tuple":
        if _shape(argument)[0] in ("str", "int", "bool"):
            return f"list({value})"
        return f"[{_expression(argument, 'item', names)} for item in {value}]"
    names.setdefault("_encoder", _encoder)
    return _VALUE_OF[shape].format(v=value)


def _decode_fields(cls: type[_F], data: Mapping[str, Any]) -> _F:
    hints = _hints(cls)
    values = {}
    for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls)):
        if field.name in data:
            values[field.name] = _decode(hints[field.name], data[field.name])
        elif field.default is attrs.NOTHING:
            values[field.name] = None  # left out of the JSON form because it was None
    return cls(**values)


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    inner = _without_none(hint)
    if inner is not None:
        return _decode(inner, value)
    shape, argument = _shape(hint)
    if shape == "tuple":
        return tuple(_decode(argument, item) for item in value)
    return _READ[shape](argument, value)


# The value of each shape, from its JSON value.
_READ: dict[str, Callable[[Any, Any], Any]] = {
    "str": lambda _, value: value,
    "int": lambda _, value: value,
    "bool": lambda _, value: value,
    "any": lambda _, value: value,
    "date": lambda _, value: _dt.date.fromisoformat(value),
    "period": lambda _, value: Period.parse(value),
    "enum": lambda cls, value: cls(value),
    "fact": lambda cls, value: _decode_fields(cls, value),
    "facts": lambda _, value: fact_from_json(value),
}
