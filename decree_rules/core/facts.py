"""Facts, not prose: the typed values an explanation is made of, and their JSON form.

A :class:`Step` is one fact behind a finding (``add_days``: 10 calendar days were added,
giving 2020-03-01), with a stable ``code``, typed arguments (dates, ids, counts, the
reasons a day is off) and what it cites (a Civil Code article, a clause of the decree).
The engine and the term arithmetic return steps; only the explain layer turns them into
sentences. A :class:`Fact` is a value nested in a step (a day off and why).

Every fact has a JSON form, read back by :func:`step_from_json`::

    {"code": "add_days", "args": {"amount": 10, "day": "2020-03-01"}, "cites": []}

Each class's encoder is generated once from its field types, so that writing a million
findings' steps costs about what building them did.
"""

from __future__ import annotations

import datetime as _dt
import enum
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
    """One fact behind a finding, a reason or a warning; subclasses set ``code``."""

    __slots__ = ()
    code: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if code is not None:
            _register(_STEPS, code, cls)

    def cites(self) -> tuple[Cite, ...]:
        """What this step applies (nothing, unless a subclass says)."""
        return ()

    def args(self) -> dict[str, Any]:
        """The arguments as JSON values (dates as ISO text, enums as their values)."""
        return _encoder(type(self))(self)

    def to_json(self) -> dict[str, Any]:
        """``{"code": ..., "args": {...}, "cites": [...]}``."""
        return {
            "code": self.code,
            "args": _encoder(type(self))(self),
            "cites": [cite.to_json() for cite in self.cites()],
        }


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
    """The generated ``fields -> JSON values`` function of ``cls``, made on first use."""
    encode = _ENCODERS.get(cls)
    if encode is None:
        hints = _hints(cls)
        names: dict[str, Any] = {}
        items = []
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls)):
            expression = _expression(hints[field.name], f"obj.{field.name}", names)
            items.append(f"{field.name!r}: {expression}")
        source = "def encode(obj):\n    return {" + ", ".join(items) + "}\n"
        exec(source, names)
        encode = _ENCODERS[cls] = names["encode"]
    return encode


def _expression(hint: Any, value: str, names: dict[str, Any]) -> str:
    """A Python expression that turns ``value`` (of type ``hint``) into a JSON value."""
    if hint in (str, int, bool, float, Any):
        return value
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in arguments if a is not type(None)]
        if len(rest) < len(arguments):  # X | None
            inner = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
            return f"(None if {value} is None else {_expression(inner, value, names)})"
        if all(isinstance(a, type) and issubclass(a, Fact) for a in rest):
            return f"{value}.to_json()"
        raise TypeError(f"cannot encode a value of type {hint!r}")
    if origin is tuple:
        item = arguments[0]
        if item in (str, int, bool):
            return f"list({value})"
        return f"[{_expression(item, 'item', names)} for item in {value}]"
    if hint is _dt.date:
        return f"{value}.isoformat()"
    if hint is Period:
        return f"str({value})"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return f"{value}.value"
    if isinstance(hint, type) and issubclass(hint, Fact):
        return f"{value}.to_json()"
    raise TypeError(f"cannot encode a value of type {hint!r}")


def _decode_fields(cls: type[_F], data: Mapping[str, Any]) -> _F:
    hints = _hints(cls)
    values = {
        field.name: _decode(hints[field.name], data[field.name])
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls))
        if field.name in data
    }
    return cls(**values)


def _decode(hint: Any, value: Any) -> Any:
    if hint in (str, int, bool, float, Any):
        return value
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if value is None:
            return None
        rest = [a for a in arguments if a is not type(None)]
        if len(rest) == 1:
            return _decode(rest[0], value)
        return fact_from_json(value)
    if origin is tuple:
        return tuple(_decode(arguments[0], item) for item in value)
    if hint is _dt.date:
        return _dt.date.fromisoformat(value)
    if hint is Period:
        return Period.parse(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if isinstance(hint, type) and issubclass(hint, Fact):
        return fact_from_json(value)
    raise TypeError(f"cannot decode a value of type {hint!r}")
