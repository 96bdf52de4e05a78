"""``decree-rules lsp``: the language server of rule and scenario files, over stdio.

Built on pygls (the optional extra ``[lsp]``). Every answer comes from
:mod:`decree_rules.apps.lsp.analysis`; this module only turns its values into protocol
messages. The diagnostics are ``decree-rules lint``'s (a rule file) or ``decree-rules
test``'s reading of a scenario file, published on open, change and save.

The day of a clause's worked example is the client's (``initializationOptions``:
``{"today": "2026-03-01"}``) or else the server's clock, in Asia/Almaty.
"""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.workspace import ServerTextPosition, TextDocument

from decree_rules.apps.lsp import analysis
from decree_rules.apps.lsp.analysis import Kind, Range
from decree_rules.core.diagnostics import Severity
from decree_rules.core.limits import iso_date
from decree_rules.core.source import shown_path
from decree_rules.lang.model import Decree

VERSION = "0.1.0"


class RulesServer(LanguageServer):
    """The server, with what it knows of each open document: its last good decree."""

    def __init__(self) -> None:
        super().__init__(
            "decree-rules", VERSION, text_document_sync_kind=lsp.TextDocumentSyncKind.Full
        )
        self.decrees: dict[str, Decree] = {}
        self.kinds: dict[str, Kind] = {}
        self.today: date | None = None

    def day(self) -> date:
        """Today: the client's, when it said, else the server's clock in Asia/Almaty."""
        if self.today is not None:
            return self.today
        from decree_rules.time.zones import load_zone

        return datetime.now(load_zone("Asia/Almaty")).date()


def _path(uri: str) -> str:
    parsed = urlparse(uri)
    return shown_path(unquote(parsed.path)) if parsed.scheme == "file" else uri


def _range(found: Range, document: TextDocument) -> lsp.Range:
    """``found`` (lines from 0, columns in code points) in the position encoding the
    client and the server agreed on (UTF-16 by default: a character outside the Basic
    Multilingual Plane, such as an emoji, is two units there)."""
    in_code_points = lsp.Range(
        lsp.Position(found.line, found.column), lsp.Position(found.end_line, found.end_column)
    )
    return document.position_codec.range_to_client_units(document.lines, in_code_points)


def _where(document: TextDocument, position: lsp.Position) -> ServerTextPosition:
    """The client's position in code points, as the analysis counts columns."""
    return document.position_codec.position_from_client_units(document.lines, position)


_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
}

_COMPLETION_KIND = {
    "keyword": lsp.CompletionItemKind.Keyword,
    "action": lsp.CompletionItemKind.Function,
    "channel": lsp.CompletionItemKind.EnumMember,
    "recipient": lsp.CompletionItemKind.EnumMember,
    "participant": lsp.CompletionItemKind.EnumMember,
    "group": lsp.CompletionItemKind.Class,
    "role": lsp.CompletionItemKind.Constant,
    "level": lsp.CompletionItemKind.Constant,
    "policy": lsp.CompletionItemKind.Property,
}

_SYMBOL_KIND = {
    "clause": lsp.SymbolKind.Module,
    "group": lsp.SymbolKind.Class,
    "decree": lsp.SymbolKind.File,
    "scenario": lsp.SymbolKind.Event,
}


def make_server() -> RulesServer:
    """A server with every feature registered."""
    server = RulesServer()

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: RulesServer, params: lsp.InitializedParams) -> None:
        pass

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: RulesServer, params: lsp.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        ls.kinds[document.uri] = analysis.kind_of(document.uri, document.language_id)
        _publish(ls, document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: RulesServer, params: lsp.DidChangeTextDocumentParams) -> None:
        _publish(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: RulesServer, params: lsp.DidSaveTextDocumentParams) -> None:
        _publish(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RulesServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.decrees.pop(uri, None)
        ls.kinds.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))

    _register_queries(server)
    return server


def _register_hover(server: RulesServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: RulesServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        text, where = document.source, _where(document, params.position)
        if ls.kinds.get(uri, analysis.kind_of(uri)) is Kind.SCENARIO:
            found = analysis.scenario_hover(
                text, _scenario_rules(uri), where.line, where.character, ls.day()
            )
        else:
            found = analysis.hover(text, ls.decrees.get(uri), where.line, where.character, ls.day())
        if found is None:
            return None
        markdown, place = found
        content = lsp.MarkupContent(lsp.MarkupKind.Markdown, markdown)
        return lsp.Hover(content, _range(place, document))


def _register_queries(server: RulesServer) -> None:
    _register_hover(server)

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[" ", ","])
    )
    def completion(ls: RulesServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        text, where = document.source, _where(document, params.position)
        kind = ls.kinds.get(uri, analysis.kind_of(uri))
        items = [
            lsp.CompletionItem(
                label=item.label,
                kind=_COMPLETION_KIND.get(item.what, lsp.CompletionItemKind.Value),
                detail=f"{item.what}: {item.detail}" if item.detail else item.what,
            )
            for item in analysis.completions(text, where.line, where.character, kind)
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: RulesServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        text, where = document.source, _where(document, params.position)
        found = analysis.definition(text, ls.decrees.get(uri), where.line, where.character)
        if found is None:
            return None
        file, place = found
        target = uri if file == _path(uri) else Path(file).resolve().as_uri()
        return lsp.Location(target, _range(place, ls.workspace.get_text_document(target)))

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: RulesServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        text = document.source
        kind = ls.kinds.get(uri, analysis.kind_of(uri))
        return [
            lsp.DocumentSymbol(
                name=block.name,
                detail=block.detail,
                kind=_SYMBOL_KIND.get(block.kind, lsp.SymbolKind.Constant),
                range=_range(block.range, document),
                selection_range=_range(block.selection, document),
            )
            for block in analysis.outline(text, kind)
        ]

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    def formatting(
        ls: RulesServer, params: lsp.DocumentFormattingParams
    ) -> list[lsp.TextEdit] | None:
        uri = params.text_document.uri
        if ls.kinds.get(uri, analysis.kind_of(uri)) is Kind.SCENARIO:
            return None
        document = ls.workspace.get_text_document(uri)
        text = document.source
        laid_out = analysis.formatted(text, _path(uri))
        if laid_out is None or laid_out == text:
            return None if laid_out is None else []
        return [lsp.TextEdit(_range(analysis.whole(text), document), laid_out)]


def _publish(ls: RulesServer, uri: str) -> None:
    document = ls.workspace.get_text_document(uri)
    kind = ls.kinds.get(uri, analysis.kind_of(uri))
    found = analysis.analyse(document.source, _path(uri), kind, _rule_set(uri, kind))
    if found.decree is not None:
        ls.decrees[uri] = found.decree
    diagnostics = [
        lsp.Diagnostic(
            range=_range(analysis.diagnostic_range(item), document),
            message=analysis.message_of(item),
            severity=_SEVERITY[item.severity],
            code=item.code,
            source="decree-rules",
            data={"args": _plain(item.args)},
        )
        for item in found.diagnostics
    ]
    ls.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(uri, diagnostics, version=document.version)
    )


def _scenario_rules(uri: str) -> Decree | None:
    """The rules a scenario file runs against (as ``decree-rules test`` chooses them: the
    nearest folder above it with rule files, else the shipped rules); None if unusable."""
    from decree_rules.apps.scenarios.run import RuleSets
    from decree_rules.core.diagnostics import DecreeRulesError

    parsed = urlparse(uri)
    place = unquote(parsed.path) if parsed.scheme == "file" else "untitled.scenario"
    try:
        return RuleSets().for_file(place)
    except DecreeRulesError:
        return None


def _rule_set(uri: str, kind: Kind) -> list[tuple[str, str]]:
    """The other rule files of the folder of a rule file on disk, as ``lint`` reads the
    folder (none when it cannot be read: the file is then checked alone)."""
    if kind is not Kind.RULES or urlparse(uri).scheme != "file":
        return []
    folder = Path(unquote(urlparse(uri).path)).parent
    if len(list(folder.glob("*.rules"))) < 2:
        return []
    from decree_rules.core.diagnostics import DecreeRulesError
    from decree_rules.lang.load import read_rule_sources

    try:
        return read_rule_sources(folder)
    except DecreeRulesError:
        return []


def _plain(value: Any) -> Any:
    """The diagnostic's arguments as JSON values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def serve(today: str | None = None) -> int:
    """Serve over stdin and stdout until the client says exit."""
    server = make_server()
    if today is not None:
        server.today = iso_date(today)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: RulesServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("today"), str):
            with contextlib.suppress(ValueError):  # not a date: the server's clock
                ls.today = iso_date(options["today"])

    # The protocol gets copies of the standard streams, which pygls closes when it ends;
    # anything printed meanwhile goes to stderr, never into the protocol's stream.
    with (
        os.fdopen(os.dup(sys.stdin.fileno()), "rb") as stdin,
        os.fdopen(os.dup(sys.stdout.fileno()), "wb") as stdout,
        contextlib.redirect_stdout(sys.stderr),
    ):
        server.start_io(stdin, stdout)
    return 0
