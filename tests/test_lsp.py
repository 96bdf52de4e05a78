"""``decree-rules lsp`` driven over stdio by a real client, through the protocol only.

One server process serves the module's tests (it starts in about a second). What it
answers is compared with what the library says of the same text: lint's diagnostics,
the rule file's clauses, the formatter's layout, ``due``'s arithmetic.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from lsp_client import LspClient, position

from decree_rules.apps.scenarios.parse import parse_scenarios
from decree_rules.core.codes import CODES
from decree_rules.core.diagnostics import DecreeRulesError
from decree_rules.core.policies import valid_names
from decree_rules.core.vocabulary import Level, Role
from decree_rules.lang.grammar import shipped_rules_path
from decree_rules.lang.layout import format_source
from decree_rules.lang.load import load_decree, parse_sources
from decree_rules.lang.model import Clause
from decree_rules.lang.validate import EXEMPTION_FIELDS, lint_advice
from decree_rules.pipeline.due import DueQuestion, answer
from decree_rules.time.calendars import KazakhCalendar
from decree_rules.time.zones import load_zone

pytest.importorskip("pygls", reason="the [lsp] extra (pygls) is not installed")

from lsprotocol import types as lsp
from lsprotocol.converters import get_converter

converter = get_converter()

RULES = shipped_rules_path() / "decree.rules"
TODAY = "2026-03-02"


@pytest.fixture(scope="module")
def client() -> Iterator[LspClient]:
    started = LspClient()
    started.capabilities = started.initialize({"today": TODAY})  # type: ignore[attr-defined]
    yield started
    assert started.close() == 0


def _open(
    client: LspClient, path: Path, text: str, language: str = "decree-rules"
) -> tuple[str, list[dict[str, Any]]]:
    mark = len(client.notifications)
    uri = client.open(path, text, language)
    published = client.wait_for("textDocument/publishDiagnostics", uri, after=mark)
    return uri, list(published["diagnostics"])


def _doc(uri: str) -> dict[str, str]:
    return {"uri": uri}


def test_the_server_announces_its_features(client: LspClient) -> None:
    capabilities = client.capabilities  # type: ignore[attr-defined]
    for feature in (
        "hoverProvider",
        "completionProvider",
        "definitionProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
    ):
        assert capabilities.get(feature), feature


def test_a_misspelt_role_gets_lints_diagnostic_on_its_line(
    client: LspClient, tmp_path: Path
) -> None:
    text = RULES.read_text(encoding="utf-8").replace(
        "  akim must do reporting_meeting\n", "  akimm must do reporting_meeting\n", 1
    )
    path = tmp_path / "decree.rules"
    _, diagnostics = _open(client, path, text)
    errors = [d for d in diagnostics if d["severity"] == 1]
    assert len(errors) == 1
    error = errors[0]
    line = position(text, "  akimm must do")["line"]
    assert error["range"]["start"] == {"line": line, "character": 2}
    assert error["range"]["end"] == {"line": line, "character": 7}
    assert error["code"] == "DR-R001"
    assert "did you mean 'akim'?" in error["message"]
    # The same words as `decree-rules lint`: one diagnostic, two front ends.
    found, _ = lint_advice(parse_sources([("x", text)]), sources={"x": text})
    lint = next(e for e in found if e.kind == "error")
    assert error["message"] == f"{lint.message}\nhint: {lint.hint}"


def test_the_shipped_rules_have_no_errors(client: LspClient, tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8")
    _, diagnostics = _open(client, tmp_path / "shipped.rules", text)
    assert [d for d in diagnostics if d["severity"] == 1] == []
    found, _ = lint_advice(parse_sources([("x", text)]), sources={"x": text})
    assert len(diagnostics) == len(found)


def test_a_syntax_error_is_the_parsers(client: LspClient, tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8").replace("within 10 calendar", "within ten calendar")
    _, diagnostics = _open(client, tmp_path / "broken.rules", text)
    with pytest.raises(DecreeRulesError) as raised:
        parse_sources([("x", text)])
    expected = raised.value.diagnostics
    assert [d["code"] for d in diagnostics] == [e.code for e in expected]
    assert [d["range"]["start"]["line"] + 1 for d in diagnostics] == [
        e.location.line for e in expected
    ]


def test_hover_on_clause_6_gives_its_texts_and_a_worked_example(
    client: LspClient, tmp_path: Path
) -> None:
    text = RULES.read_text(encoding="utf-8")
    uri, _ = _open(client, tmp_path / "hover.rules", text)
    clause = load_decree().clause("6")
    at = position(text, 'clause 6 "', 7)
    result = client.request("textDocument/hover", {"textDocument": _doc(uri), "position": at})
    shown = result["contents"]["value"]
    assert clause.text("kk") is not None
    assert clause.text("kk") in shown
    assert str(clause.text("en")) in shown
    assert "within 10 calendar days after the meeting ends" in shown
    # The worked example is the library's count for the client's day.
    due = answer(DueQuestion(after=TODAY, days=10), KazakhCalendar()).deadline.due
    assert f"due: {due.isoformat()}" in shown
    assert due.year == date.fromisoformat(TODAY).year


def test_hover_without_a_day_uses_the_servers_clock(tmp_path: Path) -> None:
    other = LspClient()
    try:
        other.initialize()
        text = RULES.read_text(encoding="utf-8")
        uri, _ = _open(other, tmp_path / "clock.rules", text)
        at = position(text, "clause 7 ")
        result = other.request("textDocument/hover", {"textDocument": _doc(uri), "position": at})
        year = datetime.now(load_zone("Asia/Almaty")).year
        assert f"{year}-Q" in result["contents"]["value"]
    finally:
        assert other.close() == 0


def test_hover_on_a_group_gives_its_definition_and_uses(client: LspClient, tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8")
    uri, _ = _open(client, tmp_path / "group.rules", text)
    at = position(text, "by heads, executive_akims", 4)
    result = client.request("textDocument/hover", {"textDocument": _doc(uri), "position": at})
    shown = result["contents"]["value"]
    decree = load_decree()
    group = decree.group("heads")
    assert group is not None
    assert f"line {group.name.span.line}" in shown
    uses = [c.number for c in decree.clauses if "heads" in _names_of(c)]
    assert uses
    for number in uses:
        assert f"clause {number} (line" in shown


def _names_of(clause: Clause) -> set[str]:
    """The roles and groups a clause binds or counts events of."""
    if clause.rule is None:
        return set()
    names = {term.name for term in clause.rule.obligation.bound.who}
    return names | {term.name for term in getattr(clause.rule.scope, "by", ())}


def test_completion_after_must_do_offers_the_declared_actions(
    client: LspClient, tmp_path: Path
) -> None:
    text = RULES.read_text(encoding="utf-8")
    cut = text.index("the same actor must do report_posted") + len("the same actor must do ")
    typing = text[:cut] + "\n" + text[cut:].split("\n", 1)[1]  # the action not yet written
    uri, _ = _open(client, tmp_path / "typing.rules", typing)
    at = position(typing, "the same actor must do \n", len("the same actor must do "))
    result = client.request("textDocument/completion", {"textDocument": _doc(uri), "position": at})
    labels = {item["label"] for item in result["items"]}
    assert "report_posted" in labels
    assert labels >= set(load_decree().vocabulary.actions)
    assert "akim" not in labels  # a role does not go there
    keywords = client.request(
        "textDocument/completion",
        {"textDocument": _doc(uri), "position": {"line": at["line"], "character": 17}},
    )
    assert {item["label"] for item in keywords["items"]} == {"must"}


def test_completion_before_must_offers_roles_and_groups(client: LspClient, tmp_path: Path) -> None:
    text = 'decree "T"\ngroup heads = akim\nclause 2 "T"\n  every year\n  \n'
    uri, _ = _open(client, tmp_path / "roles.rules", text)
    at = {"line": 4, "character": 2}
    result = client.request("textDocument/completion", {"textDocument": _doc(uri), "position": at})
    labels = {item["label"] for item in result["items"]}
    assert {"akim", "rector", "heads", "the", "note"} <= labels


def test_go_to_definition_of_a_group_and_an_action(client: LspClient, tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8")
    uri, _ = _open(client, tmp_path / "definition.rules", text)
    for use, definition in (
        ("by heads, executive_akims", "group heads ="),
        ("must do report_posted", "action report_posted "),
    ):
        word = use.split()[-1] if use.startswith("must") else "heads"
        at = position(text, use, use.index(word) + 1)
        found = client.request(
            "textDocument/definition", {"textDocument": _doc(uri), "position": at}
        )
        assert found["uri"] == uri
        start = position(text, definition, definition.index(word))
        assert found["range"]["start"] == start


def test_document_symbols_outline_the_clauses(client: LspClient, tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8")
    uri, _ = _open(client, tmp_path / "outline.rules", text)
    found = client.request("textDocument/documentSymbol", {"textDocument": _doc(uri)})
    clauses = [s for s in found if s["name"].startswith("clause ")]
    decree = load_decree()
    assert [s["name"] for s in clauses] == [f"clause {c.number}" for c in decree.clauses]
    assert [s["detail"] for s in clauses] == [c.title for c in decree.clauses]
    six = clauses[[c.number for c in decree.clauses].index("6")]
    assert six["range"]["start"]["line"] + 1 == decree.clause("6").span.line


def test_formatting_returns_the_formatters_layout(client: LspClient, tmp_path: Path) -> None:
    text = 'decree   "T"\n\n\n\nclause 2 "T"   # kept\n        text kk "x"\n every year\n'
    uri, _ = _open(client, tmp_path / "format.rules", text)
    edits = client.request(
        "textDocument/formatting",
        {"textDocument": _doc(uri), "options": {"tabSize": 2, "insertSpaces": True}},
    )
    assert len(edits) == 1
    assert edits[0]["range"]["start"] == {"line": 0, "character": 0}
    assert edits[0]["newText"] == format_source(text)
    assert edits[0]["newText"] != text


def test_a_scenario_files_syntax_error_is_tests(client: LspClient, tmp_path: Path) -> None:
    path = shipped_rules_path() / "scenarios" / "clause-06.scenario"
    text = path.read_text(encoding="utf-8").replace("as of 2021-12-31", "as of 2021-13-31x", 1)
    _, diagnostics = _open(client, tmp_path / "x.scenario", text, "decree-scenario")
    with pytest.raises(DecreeRulesError) as raised:
        parse_scenarios(text, "x.scenario")
    expected = raised.value.diagnostics
    assert diagnostics
    assert [(d["code"], d["message"]) for d in diagnostics] == [
        (e.code, f"{e.message}\nhint: {e.hint}" if e.hint else e.message) for e in expected
    ]
    _, clean = _open(client, tmp_path / "clean.scenario", path.read_text(encoding="utf-8"))
    assert clean == []


def test_without_the_extra_the_command_names_it() -> None:
    # pygls made unimportable in a fresh interpreter: the command says what to install.
    code = (
        "import sys; sys.modules['pygls'] = None; from decree_rules.apps.cli import main; "
        "raise SystemExit(main(['lsp']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "error: decree-rules lsp needs pygls" in done.stderr
    assert "pip install 'decree_rules[lsp]'" in done.stderr


def test_a_rule_file_is_read_with_the_other_files_of_its_folder(
    client: LspClient, tmp_path: Path
) -> None:
    shipped = RULES.read_text(encoding="utf-8")
    (tmp_path / "decree.rules").write_text(shipped, encoding="utf-8")
    text = (
        'clause 16 "Minutes"\n  text kk "x"\n  for each reporting_meeting by heads\n'
        "  the same actor must do report_posted on website\n"
        "  within 5 working days after the meeting ends\n"
    )
    extra = tmp_path / "more.rules"
    extra.write_text(text, encoding="utf-8")
    uri, diagnostics = _open(client, extra, text)
    # As `decree-rules lint FOLDER`: the groups and words of decree.rules are known.
    found, _ = lint_advice(
        parse_sources([("a", shipped), ("b", text)]), sources={"a": shipped, "b": text}
    )
    assert [d["code"] for d in diagnostics] == [e.code for e in found if e.location.file == "b"]
    assert not [d for d in diagnostics if d["severity"] == 1]
    at = position(text, "by heads", 4)
    target = client.request("textDocument/definition", {"textDocument": _doc(uri), "position": at})
    assert target["uri"] == (tmp_path / "decree.rules").resolve().as_uri()
    assert target["range"]["start"] == position(shipped, "group heads =", 6)


def test_completion_in_a_scenario_offers_its_keywords(client: LspClient, tmp_path: Path) -> None:
    text = 'scenario "x"\n  as of 2020-12-31\n  \n'
    uri, _ = _open(client, tmp_path / "k.scenario", text, "decree-scenario")
    result = client.request(
        "textDocument/completion",
        {"textDocument": _doc(uri), "position": {"line": 2, "character": 2}},
    )
    labels = {item["label"] for item in result["items"]}
    assert {"office", "event", "expect", "note", "scenario"} <= labels


_SHIPPED = load_decree()
_HEAD = 'decree "T"\nclause 2 "T"\n  every year\n'


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (_HEAD + "  akim must do report_posted on ", set(_SHIPPED.vocabulary.channels)),
        (_HEAD + "  akim must do results_reported to ", set(_SHIPPED.vocabulary.recipients)),
        (
            _HEAD + "  the same actor must ensure that meeting includes ",
            set(_SHIPPED.vocabulary.participants),
        ),
        (_HEAD + "  except role ", {role.value for role in Role}),
        (_HEAD + "  except ", set(EXEMPTION_FIELDS)),
        (_HEAD + "  counting civil_code without ", set(valid_names())),
        ('decree "T"\ngroup low = akim at ', {level.value for level in Level}),
        (_HEAD + "  acknowledge ", {code for code in CODES if code.startswith("DR-W")}),
    ],
    ids=[
        "channels",
        "recipients",
        "participants",
        "roles",
        "fields",
        "policies",
        "levels",
        "codes",
    ],
)
def test_completion_offers_the_names_each_place_takes(
    client: LspClient, tmp_path: Path, typed: str, expected: set[str]
) -> None:
    # The shipped rules' declarations come first, so that their words are known.
    text = RULES.read_text(encoding="utf-8") + "\n" + typed
    uri, _ = _open(client, tmp_path / "places.rules", text)
    lines = text.split("\n")
    at = {"line": len(lines) - 1, "character": len(lines[-1])}
    result = client.request("textDocument/completion", {"textDocument": _doc(uri), "position": at})
    names = {item["label"] for item in result["items"] if item["kind"] != 14}  # 14: keyword
    assert names == expected


def test_hover_on_a_clause_of_a_scenario_shows_the_rules_it_runs_against(
    client: LspClient, tmp_path: Path
) -> None:
    # The scenario's folder has its own rules, with clause 6 retitled: hover shows those.
    rules = RULES.read_text(encoding="utf-8").replace(
        '"Report and problem list posted within 10 days"', '"Our own clause 6"', 1
    )
    (tmp_path / "decree.rules").write_text(rules, encoding="utf-8")
    text = (shipped_rules_path() / "scenarios" / "clause-06.scenario").read_text(encoding="utf-8")
    uri, _ = _open(client, tmp_path / "six.scenario", text, "decree-scenario")
    at = position(text, "  clauses 6\n", len("  clauses "))
    result = client.request("textDocument/hover", {"textDocument": _doc(uri), "position": at})
    shown = result["contents"]["value"]
    assert shown.startswith("**clause 6**: Our own clause 6")
    assert str(load_decree().clause("6").text("kk")) in shown
    assert result["range"]["start"] == at


def test_diagnostics_follow_the_text_as_it_is_typed(client: LspClient, tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8")
    uri, diagnostics = _open(client, tmp_path / "typing-on.rules", text)
    assert not [d for d in diagnostics if d["severity"] == 1]
    for version, (edited, errors) in enumerate(
        [(text.replace("during quarter 2", "during quarter", 1), 1), (text, 0)], start=2
    ):
        mark = len(client.notifications)
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": edited}],
            },
        )
        published = client.wait_for("textDocument/publishDiagnostics", uri, after=mark)
        assert published["version"] == version
        found = [d for d in published["diagnostics"] if d["severity"] == 1]
        assert len(found) == errors
        # What the protocol carries is a well-formed LSP diagnostic.
        for item in published["diagnostics"]:
            typed = converter.structure(item, lsp.Diagnostic)
            assert typed.source == "decree-rules" and str(typed.code).startswith("DR-")


def test_the_answers_are_well_formed_protocol_values(client: LspClient, tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8")
    uri, _ = _open(client, tmp_path / "typed.rules", text)
    where = {"textDocument": _doc(uri), "position": position(text, "clause 6 ")}
    hover = converter.structure(client.request("textDocument/hover", where), lsp.Hover)
    assert isinstance(hover.contents, lsp.MarkupContent)
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    found = client.request("textDocument/documentSymbol", {"textDocument": _doc(uri)})
    symbols = [converter.structure(item, lsp.DocumentSymbol) for item in found]
    assert {s.kind for s in symbols} >= {lsp.SymbolKind.Module, lsp.SymbolKind.Class}
    at = {"textDocument": _doc(uri), "position": position(text, "must do report_posted", 8)}
    listed = converter.structure(client.request("textDocument/completion", at), lsp.CompletionList)
    assert listed.items and all(item.kind is not None for item in listed.items)


def test_a_broken_neighbour_leaves_the_file_checked_alone(
    client: LspClient, tmp_path: Path
) -> None:
    (tmp_path / "broken.rules").write_text('clause 99 "x"\n  within ten days\n', encoding="utf-8")
    text = RULES.read_text(encoding="utf-8")
    uri, diagnostics = _open(client, tmp_path / "decree.rules", text)
    found, _ = lint_advice(parse_sources([("x", text)]), sources={"x": text})
    assert [d["code"] for d in diagnostics] == [e.code for e in found]
    where = {"textDocument": _doc(uri), "position": position(text, "clause 6 ")}
    assert "**clause 6**" in client.request("textDocument/hover", where)["contents"]["value"]


def test_positions_are_in_utf_16_code_units_by_default(client: LspClient, tmp_path: Path) -> None:
    """The protocol counts columns in UTF-16 unless both sides agree otherwise: after an
    emoji (two units, one code point) a word is one column further right."""
    before = '  text ru "😀" '
    text = RULES.read_text(encoding="utf-8").replace(
        "  akim must do reporting_meeting\n", before + "akimm must do reporting_meeting\n", 1
    )
    _, diagnostics = _open(client, tmp_path / "decree.rules", text)
    (error,) = [d for d in diagnostics if d["code"] == "DR-R001"]
    start = len(before) + 1  # the emoji is two UTF-16 units
    assert error["range"]["start"]["character"] == start
    assert error["range"]["end"]["character"] == start + len("akimm")
