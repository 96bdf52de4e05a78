"""The HTTP service of contract section 6: the check, one deadline, the rules, health.

JSON in, JSON out, stateless: every request is checked and evaluated on its own, against
the rules read once at start. Each error answer is ``{"errors": [...]}``, every error
with its code, message, hint and location (``{"part": "events", "row": 3, "field":
"actor"}``, rows 1-based), all errors of a request at once:

* ``400`` a body that is not a JSON object, a missing or ill-typed request field;
* ``422`` rows that fail the checks of the file readers, a deadline that cannot be
  counted, an ``as_of`` outside the years the tool can count;
* ``413`` a body or a number of events over the server's limits;
* ``504`` a request that took longer than the server's time limit.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import Any, Final

import attrs
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from decree_rules import __version__
from decree_rules.core.diagnostics import DecreeRulesError, Diagnostic, UsageError
from decree_rules.core.provenance import RuleFile, RulesUsed
from decree_rules.core.source import Location
from decree_rules.io.memory import error_json, read_actor_rows, read_event_rows
from decree_rules.io.records import Actor, Loaded
from decree_rules.lang.load import load_decree
from decree_rules.lang.model import Decree

__all__ = ["Limits", "RequestError", "Service", "make_app"]

REQUEST: Final = "request"
"""The part of a request's own fields in error locations."""


@attrs.frozen
class Limits:
    """What one request may ask of the server."""

    body_bytes: int = 32 * 1024 * 1024
    """The largest body read; a national log is checked with the command line."""
    events: int = 100_000
    """The most events in one ``POST /v1/check``."""
    seconds: float = 60.0
    """The longest a request may take; then it is answered 504 and its work dropped."""


class RequestError(Exception):
    """Errors that end a request with ``status`` (their diagnostics are its body)."""

    def __init__(self, status: int, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message)
        self.status = status
        self.diagnostics = tuple(diagnostics)


def _usage(code: str, message: str, field: str | None, hint: str | None = None,
           **args: object) -> Diagnostic:  # fmt: skip
    return UsageError(message, Location(REQUEST, field=field), code=code, hint=hint,
                      args=args).diagnostic  # fmt: skip


def error_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    """One error of an answer: the contract's ``code``, ``message``, ``hint`` and
    ``location``, with the severity and the message's arguments."""
    where = diagnostic.location
    found = error_json(diagnostic)
    if where.file == REQUEST:
        found["location"] = {"part": REQUEST, "field": where.field}
    return found


def errors_response(status: int, diagnostics: Sequence[Diagnostic]) -> JSONResponse:
    """The answer ``status`` with ``{"errors": [...]}``."""
    return JSONResponse({"errors": [error_dict(d) for d in diagnostics]}, status_code=status)


class Service:
    """The routes, over the rules read at start and the server's limits."""

    def __init__(self, decree: Decree, used: RulesUsed, limits: Limits) -> None:
        self.decree = decree
        self.used = used
        self.limits = limits

    # ---- the body

    async def body(self, request: Request) -> dict[str, Any]:
        """The request's JSON object, read within the size limit."""
        limit = self.limits.body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self.too_large(int(declared))
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise self.too_large(size)
            chunks.append(chunk)
        try:
            data = json.loads(b"".join(chunks).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            reason = str(exc).split(": line")[0] if isinstance(exc, ValueError) else "not UTF-8"
            raise RequestError(400, [_usage(
                "DR-U061", f"the body is not valid JSON: {reason}", None,
                'send one JSON object, e.g. {"as_of": "2024-12-31", "actors": [], "events": []}',
            )]) from None  # fmt: skip
        if not isinstance(data, dict):
            raise RequestError(400, [_usage(
                "DR-U061", f"the body must be a JSON object, found {type(data).__name__}", None,
            )])  # fmt: skip
        return data

    def too_large(self, size: int) -> RequestError:
        limit = self.limits.body_bytes
        return RequestError(413, [_usage(
            "DR-U064", f"the body is too large: {size:,} bytes; this server takes at most "
            f"{limit:,}", None, "split the request, or check a large log with the command line",
            size=size, limit=limit,
        )])  # fmt: skip

    async def timed(self, work: Callable[[], Any]) -> Any:
        """``work()`` in a thread, within the time limit (504 past it)."""
        seconds = self.limits.seconds
        try:
            return await asyncio.wait_for(asyncio.to_thread(work), timeout=seconds)
        except TimeoutError:
            raise RequestError(504, [_usage(
                "DR-U066", f"the request took longer than this server's limit of {seconds:g} s",
                None, "send fewer events a request, or check a large log with the command line",
                limit=seconds,
            )]) from None  # fmt: skip

    # ---- routes

    async def check(self, request: Request) -> Response:
        """``POST /v1/check``: the JSON report of the rows given, as of ``as_of``."""
        body = await self.body(request)
        as_of, lenient, actors, events = self.check_fields(body)
        lang = _lang(body)
        data = await self.timed(lambda: self.run_check(as_of, lenient, actors, events, lang))
        return Response(data, media_type="application/json")

    def check_fields(self, body: Mapping[str, Any]) -> tuple[date, bool, list[Any], list[Any]]:
        problems: list[Diagnostic] = []
        as_of = _as_of(body, problems)
        lenient = body.get("lenient", False)
        if not isinstance(lenient, bool):
            problems.append(_usage("DR-U063", "expected true or false", "lenient"))
        _lang(body, problems)
        rows = {part: _rows(body, part, problems) for part in ("actors", "events")}
        if problems:
            raise RequestError(400, problems)
        if len(rows["events"]) > self.limits.events:
            count, limit = len(rows["events"]), self.limits.events
            raise RequestError(413, [_usage(
                "DR-U065", f"too many events: {count:,}; this server takes at most {limit:,} "
                "a request", "events", "split the log by office or by year, or check it with "
                "the command line", count=count, limit=limit,
            )])  # fmt: skip
        assert as_of is not None
        return as_of, lenient, rows["actors"], rows["events"]

    def run_check(
        self, as_of: date, lenient: bool, actors: list[Any], events: list[Any], lang: str = "en"
    ) -> str:
        from decree_rules.engine.evaluate import evaluate
        from decree_rules.report.json_report import report_to_json

        registry, logged = _read_rows(actors, events, self.decree, lenient=lenient)
        report = evaluate(
            self.decree,
            registry.records,
            logged.records,
            as_of,
            rejected=(*registry.rejected, *logged.rejected),
        )
        return report_to_json(report, rules_source=self.used.path, rules_used=self.used, lang=lang)

    async def due(self, request: Request) -> Response:
        """``POST /v1/due``: one deadline with its steps and sentences."""
        body = await self.body(request)
        question = _due_question(body)
        lang = _lang(body)
        return JSONResponse(await self.timed(lambda: _answer(question, lang)))

    async def rules(self, request: Request) -> Response:
        """``GET /v1/rules[?on=YYYY-MM-DD]``: the clauses in force on a day (default:
        today in Asia/Almaty), each in the text that applies then."""
        text = request.query_params.get("on")
        if text is None:
            from datetime import datetime

            from decree_rules.time.zones import load_zone

            day = datetime.now(load_zone("Asia/Almaty")).date()
        else:
            from decree_rules.core.limits import iso_date

            try:
                day = iso_date(text)
            except ValueError:
                raise RequestError(400, [_usage(
                    "DR-U063", f"expected a date like 2024-12-31, found {text!r:.60}", "on",
                )]) from None  # fmt: skip
        return JSONResponse(rules_listing(self.decree, self.used, day))

    async def health(self, request: Request) -> Response:
        """``GET /v1/health``."""
        return JSONResponse(
            {"status": "ok", "version": __version__, "rules_sha256": self.used.sha256}
        )

    async def openapi(self, request: Request) -> Response:
        """``GET /openapi.json``: the shipped OpenAPI document."""
        from decree_rules.apps.service.openapi import shipped_text

        return Response(shipped_text(), media_type="application/json")


def _as_of(body: Mapping[str, Any], problems: list[Diagnostic]) -> date | None:
    from decree_rules.apps.cli import _check_as_of
    from decree_rules.core.limits import iso_date

    value = body.get("as_of")
    if value is None:
        problems.append(_usage(
            "DR-U062", "missing required field: as_of", "as_of",
            'the date to judge as of, e.g. "as_of": "2024-12-31"',
        ))  # fmt: skip
        return None
    try:
        day = iso_date(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        problems.append(_usage(
            "DR-U063", f"expected a date like 2024-12-31, found {value!r:.60}", "as_of",
        ))  # fmt: skip
        return None
    try:
        _check_as_of(day)
    except UsageError as error:
        where = Location(REQUEST, field="as_of")
        raise RequestError(422, [attrs.evolve(error.diagnostic, location=where)]) from None
    return day


def _rows(body: Mapping[str, Any], part: str, problems: list[Diagnostic]) -> list[Any]:
    value = body.get(part)
    if value is None:
        problems.append(_usage("DR-U062", f"missing required field: {part}", part,
                               f'a list of rows, e.g. "{part}": [...]'))  # fmt: skip
        return []
    if not isinstance(value, list):
        problems.append(_usage("DR-U063", f"expected a list of rows, found "
                               f"{type(value).__name__}", part))  # fmt: skip
        return []
    return value


def _read_rows(
    actors: list[Any], events: list[Any], decree: Decree, *, lenient: bool
) -> tuple[Loaded[Actor], Any]:
    """The registry and the log, checked; all errors of both, at once (422)."""
    vocabulary = decree.vocabulary
    found: list[Diagnostic] = []
    try:
        registry = read_actor_rows(actors, lenient=lenient)
    except DecreeRulesError as error:
        found.extend(error.diagnostics)
        try:  # the offices that are usable, so the events are checked too
            registry = read_actor_rows(actors, lenient=True)
        except DecreeRulesError:
            raise RequestError(422, found) from None
    try:
        logged = read_event_rows(events, registry, lenient=lenient, vocabulary=vocabulary)
    except DecreeRulesError as error:
        found.extend(error.diagnostics)
    if found:
        raise RequestError(422, found)
    return registry, logged


_DUE_TEXT: Final = ("after", "before", "quarter", "by", "tz", "counting")
_DUE_COUNTS: Final = ("days", "working_days", "months", "years", "day_of_next_month")


def _due_question(body: Mapping[str, Any]) -> Any:
    from decree_rules.pipeline.due import DueQuestion

    problems: list[Diagnostic] = []
    values: dict[str, Any] = {}
    for name in _DUE_TEXT:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(_usage("DR-U063", f"expected a string, found {value!r:.60}", name))
        elif value is not None:
            values[name] = value
    for name in _DUE_COUNTS:
        value = body.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append(
                _usage("DR-U063", f"expected a whole number, found {value!r:.60}", name)
            )
        elif value is not None:
            values[name] = value
    anchors = [name for name in ("after", "before", "quarter", "by") if name in values]
    if not anchors and not problems:
        problems.append(_usage(
            "DR-U062", "missing required field: one of after, before, quarter, by", None,
            'e.g. {"after": "2018-02-27", "days": 10}',
        ))  # fmt: skip
    elif len(anchors) > 1:
        problems.append(_usage("DR-U063", f"give one of after, before, quarter, by, not "
                               f"{', '.join(anchors)}", anchors[1]))  # fmt: skip
    if problems:
        raise RequestError(400, problems)
    return DueQuestion(**values)


LANGUAGES = ("en", "kk", "ru")


def _lang(body: Mapping[str, Any], problems: list[Diagnostic] | None = None) -> str:
    """The request's ``lang`` (default English); one the server cannot write is reported in
    ``problems`` or raised (Kazakh and Russian need the i18n extra on the server)."""
    lang = body.get("lang", "en")
    found: list[Diagnostic] = [] if problems is None else problems
    if lang not in LANGUAGES:
        found.append(_usage(
            "DR-U063", f"the report's language {lang!r} is not one of en, kk, ru", "lang",
            'e.g. "lang": "kk"', lang=lang,
        ))  # fmt: skip
    else:
        from decree_rules.explain.catalog import words_for

        try:
            words_for(lang)
        except DecreeRulesError as error:
            found.extend(error.diagnostics)
    if found and problems is None:
        raise RequestError(400, found)
    return lang if lang in LANGUAGES else "en"


def _answer(question: Any, lang: str = "en") -> dict[str, Any]:
    from decree_rules.pipeline.due import answer
    from decree_rules.report.due_report import due_to_dict
    from decree_rules.time.calendars import KazakhCalendar

    try:
        found = answer(question, KazakhCalendar(), where=REQUEST, field_name=lambda n: n)
    except DecreeRulesError as error:
        raise RequestError(422, error.diagnostics) from None
    return due_to_dict(found, lang)


def rules_listing(decree: Decree, used: RulesUsed, day: date | None = None) -> dict[str, Any]:
    """The clauses in force on ``day`` (all the decree's own texts when None): number,
    title, texts, the deadline in words, the text's ``text_version`` (the act that gave it,
    and the days it applies), and the rules' version (SHA-256 and engine)."""
    from decree_rules.lang.format import deadline_text
    from decree_rules.lang.model import clause_versions, version_on

    clauses = []
    for versions in clause_versions(decree).values():
        chosen = versions[0] if day is None else version_on(versions, day)
        if chosen is None or chosen.repealed:
            continue
        clause, rule = chosen.clause, chosen.clause.rule
        clauses.append({
            "number": clause.number,
            "title": clause.title,
            "texts": {text.language.name: text.text for text in clause.texts},
            "deadline": None if rule is None else deadline_text(rule.deadline),
            "in_force": None if clause.in_force is None else clause.in_force.isoformat(),
            "text_version": {
                "act": None if chosen.act is None else chosen.act.name.name,
                "from": None if chosen.valid_from == date.min else chosen.valid_from.isoformat(),
                "until": None if chosen.valid_until is None else chosen.valid_until.isoformat(),
            },
        })  # fmt: skip
    return {
        "title": decree.title,
        "on": None if day is None else day.isoformat(),
        "clauses": clauses,
        "version": {"rules_sha256": used.sha256, "engine": used.engine,
                    "files": [{"path": f.path, "sha256": f.sha256} for f in used.files]},
    }  # fmt: skip


Handler = Callable[[Request], Awaitable[Response]]


def _answering(handler: Handler) -> Handler:
    """``handler``, with its request's errors answered in the contract's shape."""

    async def answered(request: Request) -> Response:
        try:
            return await handler(request)
        except RequestError as error:
            return errors_response(error.status, error.diagnostics)

    return answered


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    what = "no such route" if status == 404 else "this route does not take this method"
    diagnostic = _usage(
        "DR-U067", f"{what}: {request.method} {request.url.path}", None,
        "the routes: POST /v1/check, POST /v1/due, GET /v1/rules, GET /v1/health, "
        "GET /openapi.json", method=request.method, path=request.url.path,
    )  # fmt: skip
    return errors_response(status, [diagnostic])


def make_app(
    rules: str | None = None,
    limits: Limits | None = None,
    *,
    used_of: Callable[[tuple[RuleFile, ...]], RulesUsed] | None = None,
) -> Starlette:
    """The service over the rules at ``rules`` (default: the shipped ones), read now:
    bad rules fail here, before the server listens. ``used_of`` says where the rule
    files came from (the report's ``rules_used``; default: ``rules`` or the shipped)."""
    from decree_rules.apps.settings import SHIPPED
    from decree_rules.core.source import shown_path

    decree = load_decree(rules)
    if used_of is not None:
        used = used_of(decree.files)
    else:
        path = shown_path(rules) if rules else SHIPPED
        used = RulesUsed(f"{rules} (--rules)" if rules else SHIPPED, decree.files, path=path)
    service = Service(decree, used, limits or Limits())
    routes = [
        Route("/v1/check", _answering(service.check), methods=["POST"]),
        Route("/v1/due", _answering(service.due), methods=["POST"]),
        Route("/v1/rules", _answering(service.rules), methods=["GET"]),
        Route("/v1/health", _answering(service.health), methods=["GET"]),
        Route("/openapi.json", _answering(service.openapi), methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_found})
