"""The HTML report, in a real headless Chromium: what is on screen after filtering, sorting,
searching; self-contained; every input string escaped; readable with scripts off."""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from system import require_program

from decree_rules.apps.cli import main
from decree_rules.engine.evaluate import Report, Status, evaluate
from decree_rules.io.events import load_events
from decree_rules.io.registry import load_actors
from decree_rules.lang.load import load_decree
from decree_rules.report.html_report import clause_key, office_names, report_to_html

pytest.importorskip("websockets", reason="the test extra's websockets is not installed")
from cdp import Browser

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
SCREENSHOT = ROOT / "docs" / "_static" / "report-example.png"
VISIBLE = "Array.from(document.querySelectorAll('#findings tbody tr')).filter(r => r.getClientRects().length > 0)"  # noqa: E501


@pytest.fixture(scope="module")
def example() -> tuple[Report, dict[str, str | None]]:
    actors = load_actors(EXAMPLES / "actors.jsonl")
    events = load_events(EXAMPLES / "events.jsonl", {a.id: a for a in actors})
    return evaluate(load_decree(), actors, events, date(2025, 12, 31)), office_names(actors)


@pytest.fixture(scope="module")
def pages(
    example: tuple[Report, dict[str, str | None]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    report, names = example
    folder = tmp_path_factory.mktemp("html")
    made = {}
    for lang in ("en", "kk"):
        path = folder / f"report-{lang}.html"
        page = report_to_html(report, lang=lang, decree=load_decree(), offices=names)
        path.write_text(page, encoding="utf-8")
        made[lang] = path
    return made


@pytest.fixture(scope="module")
def chromium() -> Path:
    return require_program("chromium", package="chromium")


# ---- without a browser -------------------------------------------------------------------------


def test_the_page_is_one_file_that_asks_for_nothing(pages: dict[str, Path]) -> None:
    text = pages["en"].read_text(encoding="utf-8")
    assert "default-src 'none'" in text  # the page may not load anything, even by mistake
    for needle in ("http://", "https://", "<link", " src="):
        assert needle not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_clause_keys_sort_the_way_the_decree_numbers() -> None:
    assert sorted(["12.2", "2", "10", "12.1", "1"], key=clause_key) == [
        "1",
        "2",
        "10",
        "12.1",
        "12.2",
    ]


# ---- in Chromium ------------------------------------------------------------------------------


def test_filtering_sorting_and_searching_what_is_on_screen(
    chromium: Path, pages: dict[str, Path], example: tuple[Report, dict[str, str | None]]
) -> None:
    report, names = example
    statuses = Counter(f.status for f in report.findings)
    with Browser(chromium) as browser:
        page = browser.open(pages["en"].as_uri())
        assert page.evaluate("document.getElementById('filters').hidden") is False
        assert page.evaluate(f"{VISIBLE}.length") == len(list(report.findings))

        def choose(name: str, value: str) -> None:
            page.evaluate(
                f"(() => {{ const e = document.querySelector('#filters [name={name}]');"
                f" e.value = {json.dumps(value)};"
                " e.dispatchEvent(new Event('change', {bubbles: true})); })()"
            )

        choose("status", "late")
        shown = page.evaluate(f"{VISIBLE}.map(r => r.dataset.status)")
        assert shown == ["late"] * statuses[Status.LATE]
        assert page.evaluate("document.getElementById('shown').textContent") == str(len(shown))
        # What the reader sees says it too: the status badge of each row on screen.
        badges = page.evaluate(f"{VISIBLE}.map(r => r.cells[5].innerText)")
        assert set(badges) == {"late"}

        choose("status", "")
        choose("clause", "6")
        choose("office", "akim.mugalzhar-district")
        rows = page.evaluate(f"{VISIBLE}.map(r => [r.dataset.clause, r.dataset.office])")
        expected = [
            f for f in report.findings if f.rule == "6" and f.actor == "akim.mugalzhar-district"
        ]
        assert rows == [["6", "akim.mugalzhar-district"]] * len(expected) and expected
        office = page.evaluate(f"{VISIBLE}[0].cells[1].innerText")
        assert names["akim.mugalzhar-district"] in office  # the registry's name, beside the id

        choose("clause", "")
        choose("office", "")
        page.evaluate(
            "(() => { const q = document.querySelector('#filters [name=q]'); q.value = 'e0352';"
            " q.dispatchEvent(new Event('input', {bubbles: true})); })()"
        )
        found = page.evaluate(f"{VISIBLE}.map(r => r.innerText)")
        assert found and all("e0352" in text for text in found)
        page.evaluate(
            "(() => { const q = document.querySelector('#filters [name=q]'); q.value = '';"
            " q.dispatchEvent(new Event('input', {bubbles: true})); })()"
        )

        # Sorting by the due column (the fifth): on screen in date order, then reversed.
        page.evaluate("document.querySelectorAll('#findings th button')[4].click()")
        dues = page.evaluate(f"{VISIBLE}.map(r => r.cells[4].dataset.sort)")
        assert dues == sorted(dues)
        page.evaluate("document.querySelectorAll('#findings th button')[4].click()")
        assert page.evaluate(f"{VISIBLE}.map(r => r.cells[4].dataset.sort)") == sorted(
            dues, reverse=True
        )

        # Nothing but the file itself was asked for.
        assert {url for url in browser.requested() if url != "about:blank"} == {
            pages["en"].as_uri()
        }
        if os.environ.get("UPDATE_SCREENSHOT") == "1":  # the pictures in docs/reports.rst
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(SCREENSHOT, height=900)
            choose("status", "late")
            page.evaluate("document.getElementById('findings-list').scrollIntoView()")
            page.screenshot(SCREENSHOT.with_name("report-findings.png"), height=900)
            page.evaluate("document.getElementById('timelines').scrollIntoView()")
            page.screenshot(SCREENSHOT.with_name("report-timeline.png"), height=700)


def test_links_timelines_and_the_printed_page(chromium: Path, pages: dict[str, Path]) -> None:
    with Browser(chromium) as browser:
        page = browser.open(pages["en"].as_uri())
        # A finding links to its clause's Kazakh text and notes.
        page.evaluate("document.querySelector('#findings tbody tr a[href=\"#clause-6\"]').click()")
        assert page.evaluate("location.hash") == "#clause-6"
        assert "Орталық және жергілікті" in page.evaluate(
            "document.getElementById('clause-6').innerText"
        )
        # The timelines are drawn: bars, event marks, and a due date moved by days off.
        assert page.evaluate("document.querySelectorAll('svg.timeline rect.bar').length") > 100
        assert page.evaluate("document.querySelectorAll('svg.timeline rect.moved').length") > 0
        assert page.evaluate("document.querySelectorAll('svg.timeline circle.event').length") > 0
        # Printed: no controls, and every reasoning unfolded.
        page.send("Emulation.setEmulatedMedia", media="print")
        assert page.evaluate("getComputedStyle(document.getElementById('filters')).display") == (
            "none"
        )
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate("Array.from(document.querySelectorAll('details')).every(d => d.open)")
        page.send("Emulation.setEmulatedMedia", media="")


def test_the_kazakh_page_in_the_browser(chromium: Path, pages: dict[str, Path]) -> None:
    with Browser(chromium) as browser:
        page = browser.open(pages["kk"].as_uri())
        assert page.evaluate("document.documentElement.lang") == "kk"
        heading = page.evaluate("document.querySelector('h1').innerText")
        assert heading.startswith("Жарлықтың орындалуын 2025 жылғы 31 желтоқсан")
        page.evaluate(
            "(() => { const e = document.querySelector('#filters [name=status]');"
            " e.value = 'violated'; e.dispatchEvent(new Event('change', {bubbles: true})); })()"
        )
        assert set(page.evaluate(f"{VISIBLE}.map(r => r.cells[5].innerText)")) == {"орындалмаған"}


def test_with_scripts_off_the_page_is_the_whole_table(
    chromium: Path, pages: dict[str, Path], example: tuple[Report, dict[str, str | None]]
) -> None:
    with Browser(chromium) as browser:
        page = browser.open("about:blank")
        page.send("Emulation.setScriptExecutionDisabled", value=True)
        page.send("Page.navigate", url=pages["en"].as_uri())
        page.wait_for("document.readyState === 'complete' && !!document.getElementById('findings')")
        # The page's own script did not run: no controls that would not work, every row shown.
        assert page.evaluate("document.getElementById('filters').getClientRects().length") == 0
        assert page.evaluate(f"{VISIBLE}.length") == len(list(example[0].findings))
        assert page.evaluate("document.getElementById('shown').textContent") == "1022"


def test_every_input_string_is_escaped(chromium: Path, tmp_path: Path) -> None:
    hostile = '<img src=x onerror="window.pwned=1">'
    actors = [
        {
            "id": "government",
            "role": "government",
            "name": "</style><script>window.pwned=2</script>",
        },
        {"id": "akim.x", "role": "akim", "level": "region", "name": hostile},
    ]
    events = [
        {"id": '"><script>window.pwned=3</script>', "actor": "akim.x",
         "action": "reporting_meeting", "time": "2020-02-10T10:00:00+06:00"},
    ]  # fmt: skip
    (tmp_path / "actors.jsonl").write_text("\n".join(json.dumps(a) for a in actors) + "\n")
    (tmp_path / "events.jsonl").write_text("\n".join(json.dumps(e) for e in events) + "\n")
    out = tmp_path / "report.html"
    argv = ["check", "--actors", str(tmp_path / "actors.jsonl"), "--events"]
    argv += [str(tmp_path / "events.jsonl"), "--as-of", "2020-12-31", "--format", "html"]
    assert main([*argv, "--output", str(out)]) == 1
    text = out.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in text and "<img" not in text
    with Browser(chromium) as browser:
        page = browser.open(out.as_uri())
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 1  # its own
        body = page.evaluate("document.body.innerText")
        assert hostile in body and "</style><script>window.pwned=2</script>" in body
