"""The HTTP service, started for real (uvicorn on 127.0.0.1) and called over HTTP."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from decree_rules.apps.cli import main

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"


def _rows(name: str) -> list[dict[str, Any]]:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    def __init__(self, *options: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "decree_rules", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, *options], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            try:
                self.call("GET", "/v1/health")
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("the server did not answer within 60 s")

    def call(self, method: str, path: str, body: object = None, raw: bytes | None = None
             ) -> tuple[int, Any]:  # fmt: skip
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def tight() -> Iterator[Server]:
    running = Server("--max-events", "100", "--max-body-bytes", "100000", "--timeout", "0.001")
    yield running
    running.stop()


def _cli_report() -> dict[str, Any]:
    out = io.StringIO()
    args = ["check", "--actors", str(EXAMPLES / "actors.jsonl"),
            "--events", str(EXAMPLES / "events.jsonl"),
            "--as-of", "2025-12-31", "--format", "json"]  # fmt: skip
    with redirect_stdout(out):
        assert main(args) == 1
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def test_check_gives_the_command_lines_findings(server: Server) -> None:
    body = {"as_of": "2025-12-31", "actors": _rows("actors.jsonl"),
            "events": _rows("events.jsonl")}  # fmt: skip
    status, report = server.call("POST", "/v1/check", body)
    assert status == 200
    cli = _cli_report()
    assert report["satisfied"] is False and len(report["findings"]) == 1022
    for key in ("findings", "unmatched_events", "summary", "warning_steps", "events", "actors"):
        assert report[key] == cli[key], key
    assert report["rules_used"]["sha256"] == cli["rules_used"]["sha256"]


def test_malformed_requests_get_400_with_located_errors(server: Server) -> None:
    status, answer = server.call("POST", "/v1/check", raw=b'{"as_of": ')
    assert status == 400 and answer["errors"][0]["code"] == "DR-U061"
    status, answer = server.call("POST", "/v1/check", {"actors": {}, "lenient": "no"})
    assert status == 400
    found = {(e["code"], e["location"]["field"]) for e in answer["errors"]}
    assert found == {("DR-U062", "as_of"), ("DR-U063", "actors"), ("DR-U063", "lenient"),
                     ("DR-U062", "events")}  # fmt: skip
    assert all(e["location"]["part"] == "request" for e in answer["errors"])


def test_rows_that_fail_the_checks_get_422_with_every_error_located(server: Server) -> None:
    events = _rows("events.jsonl")[:5]
    events[2] = {**events[2], "actor": "akim.nobody"}
    events[4] = {**events[4], "id": events[0]["id"], "time": "2024-13-01"}
    body = {"as_of": "2025-12-31", "actors": _rows("actors.jsonl"), "events": events}
    status, answer = server.call("POST", "/v1/check", body)
    assert status == 422
    found = [(e["code"], e["location"]) for e in answer["errors"]]
    assert ("DR-I012", {"part": "events", "row": 3, "field": "actor"}) in found
    assert ("DR-I027", {"part": "events", "row": 5, "field": "time"}) in found
    assert ("DR-I031", {"part": "events", "row": 5, "field": "id"}) in found
    assert all(e["message"] and e["severity"] == "error" for e in answer["errors"])


def test_lenient_check_reports_the_rejected_rows(server: Server) -> None:
    events = _rows("events.jsonl")
    events[2] = {**events[2], "actor": "akim.nobody"}
    body = {"as_of": "2025-12-31", "actors": _rows("actors.jsonl"), "events": events,
            "lenient": True}  # fmt: skip
    status, report = server.call("POST", "/v1/check", body)
    assert status == 200
    (row,) = report["rejected_rows"]
    assert (row["file"], row["line"], row["codes"]) == ("events", 3, ["DR-I012"])
    (problem,) = row["problems"]
    assert problem["code"] == "DR-I012"
    assert problem["location"] == {"part": "events", "row": 3, "field": "actor"}


def test_due_answers_and_refuses(server: Server) -> None:
    status, answer = server.call("POST", "/v1/due", {"after": "2018-02-27", "days": 10})
    assert (status, answer["due"]) == (200, "2018-03-12")
    assert [step["code"] for step in answer["steps"]][:2] == ["term_start", "add_days"]
    assert answer["explanation"][-1].endswith("(Civil Code art. 175, shift_forward)")
    status, answer = server.call("POST", "/v1/due", {"days": 10})
    assert status == 400 and answer["errors"][0]["code"] == "DR-U062"
    status, answer = server.call("POST", "/v1/due", {"after": "2018-02-27", "days": 10,
                                                     "tz": "Mars/Olympus"})  # fmt: skip
    assert status == 422
    assert [(e["code"], e["location"]) for e in answer["errors"]] == [
        ("DR-U003", {"part": "request", "field": "tz"})
    ]


def test_rules_health_and_openapi(server: Server) -> None:
    from decree_rules.apps.service.openapi import document_text, shipped_text

    status, rules = server.call("GET", "/v1/rules")
    assert status == 200
    numbers = [clause["number"] for clause in rules["clauses"]]
    assert "6" in numbers and "12.2" in numbers
    six = rules["clauses"][numbers.index("6")]
    assert six["deadline"] == "within 10 calendar days after the meeting ends"
    assert "kk" in six["texts"]
    status, health = server.call("GET", "/v1/health")
    assert status == 200 and health["status"] == "ok"
    assert health["rules_sha256"] == rules["version"]["rules_sha256"]
    status, document = server.call("GET", "/openapi.json")
    assert status == 200 and document["openapi"] == "3.1.0"
    assert json.loads(shipped_text()) == document
    assert shipped_text() == document_text(), "run python -m decree_rules.apps.service.openapi"
    assert set(document["paths"]) == {"/v1/check", "/v1/due", "/v1/rules", "/v1/health",
                                      "/openapi.json"}  # fmt: skip
    status, answer = server.call("GET", "/v1/check")
    assert status == 405 and answer["errors"][0]["code"] == "DR-U067"


def test_errors_validate_against_the_errors_schema(server: Server) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from decree_rules.core.schemas import load_schema

    status, answer = server.call("POST", "/v1/check", {"as_of": "2016"})
    assert status == 400
    assert list(jsonschema.Draft202012Validator(load_schema("errors")).iter_errors(answer)) == []


def test_the_limits_are_errors_in_the_contracts_shape(tight: Server) -> None:
    actors = _rows("actors.jsonl")
    events = _rows("events.jsonl")
    world = {"as_of": "2025-12-31", "actors": actors, "events": events}
    status, answer = tight.call("POST", "/v1/check", world)
    assert status == 413 and answer["errors"][0]["code"] == "DR-U064"
    few = [{"id": f"e{n}", "actor": "x", "action": "y", "time": "2024-01-01"} for n in range(101)]
    status, answer = tight.call("POST", "/v1/check", {**world, "events": few})
    assert status == 413
    assert (answer["errors"][0]["code"], answer["errors"][0]["location"]["field"]) == (
        "DR-U065", "events",
    )  # fmt: skip
    status, answer = tight.call("POST", "/v1/check", {**world, "events": events[:90]})
    assert status == 504 and answer["errors"][0]["code"] == "DR-U066"


def test_serve_refuses_bad_rules_before_it_listens(tmp_path: Path) -> None:
    (tmp_path / "bad.rules").write_text('clause 1 "x"\n  akimm must do reporting_meeting\n')
    done = subprocess.run(
        [sys.executable, "-m", "decree_rules", "serve", "--port", str(_free_port()),
         "--rules", str(tmp_path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "error:" in done.stderr and "Traceback" not in done.stderr


def test_check_and_due_in_kazakh_say_what_the_command_line_says(server: Server) -> None:
    pytest.importorskip("babel")
    body = {"as_of": "2025-12-31", "actors": _rows("actors.jsonl"),
            "events": _rows("events.jsonl"), "lang": "kk"}  # fmt: skip
    status, report = server.call("POST", "/v1/check", body)
    assert status == 200
    out = io.StringIO()
    args = ["check", "--actors", str(EXAMPLES / "actors.jsonl"),
            "--events", str(EXAMPLES / "events.jsonl"),
            "--as-of", "2025-12-31", "--format", "json", "--lang", "kk"]  # fmt: skip
    with redirect_stdout(out):
        assert main(args) == 1
    cli = json.loads(out.getvalue())
    assert report["findings"] == cli["findings"] and report["warnings"] == cli["warnings"]
    assert "тармағы" in report["findings"][0]["explanation"][0]
    status, due = server.call("POST", "/v1/due", {"after": "2018-02-27", "days": 10, "lang": "ru"})
    assert status == 200 and "2018" in due["explanation"][-1]
    assert any("календарных дней" in sentence for sentence in due["explanation"])
    status, answer = server.call(
        "POST", "/v1/due", {"after": "2018-02-27", "days": 1, "lang": "de"}
    )
    assert status == 400
    assert [(e["code"], e["location"]["field"]) for e in answer["errors"]] == [("DR-U063", "lang")]


def test_rules_in_force_on_a_day_name_their_text() -> None:
    amended = Server("--rules", str(EXAMPLES / "amended" / "rules"))
    try:
        status, before = amended.call("GET", "/v1/rules?on=2018-01-10")
        assert status == 200 and before["on"] == "2018-01-10"
        five = {c["number"]: c for c in before["clauses"]}["5"]
        assert five["deadline"] == "at least 10 calendar days before the meeting starts"
        assert five["text_version"] == {"act": None, "from": "2016-01-01", "until": "2018-01-11"}
        status, after = amended.call("GET", "/v1/rules?on=2018-01-11")
        five = {c["number"]: c for c in after["clauses"]}["5"]
        assert five["deadline"] == "at least 1 month before the meeting starts"
        assert five["text_version"] == {
            "act": "amendment_2018",
            "from": "2018-01-11",
            "until": None,
        }
        assert len(after["clauses"]) == 21
        status, answer = amended.call("GET", "/v1/rules?on=2018-13-01")
        assert status == 400 and answer["errors"][0]["location"]["field"] == "on"
    finally:
        amended.stop()
