"""A small Language Server Protocol client: JSON-RPC over a server subprocess's stdio.

The tests of ``decree-rules lsp`` drive the real server through the protocol with it:
messages framed with ``Content-Length`` headers, requests matched to their responses by
id, notifications kept in arrival order.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

TIMEOUT_S = 30.0


class LspClient:
    """A client of a server started as ``command`` (default: ``decree-rules lsp``)."""

    def __init__(self, command: list[str] | None = None) -> None:
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "decree_rules", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._next_id = 0
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self._responses: dict[int, dict[str, Any]] = {}
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,))
        self._reader.daemon = True
        self._reader.start()

    # ---- the wire ----

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self._messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None, "a message without Content-Length"
            self._messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        stdin.flush()

    def _take(self, deadline: float) -> None:
        message = self._messages.get(timeout=max(deadline - time.monotonic(), 0.01))
        if message is None:
            raise EOFError("the server closed its output")
        if "id" in message and "method" in message:  # a request of the server's
            self._send({"id": message["id"], "result": None})
            self.notifications.append(message)
        elif "id" in message:
            self._responses[message["id"]] = message
        else:
            self.notifications.append(message)

    # ---- the protocol ----

    def request(self, method: str, params: Any) -> Any:
        """Send a request and return its result (an error response fails the test)."""
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT_S
        while ident not in self._responses:
            self._take(deadline)
        response = self._responses.pop(ident)
        assert "error" not in response, response["error"]
        return response.get("result")

    def notify(self, method: str, params: Any) -> None:
        """Send a notification."""
        self._send({"method": method, "params": params})

    def wait_for(self, method: str, uri: str | None = None, *, after: int = 0) -> dict[str, Any]:
        """The params of the first notification ``method`` (about ``uri``) from index
        ``after`` of :attr:`notifications` on."""
        deadline = time.monotonic() + TIMEOUT_S
        index = after
        while True:
            while index < len(self.notifications):
                message = self.notifications[index]
                index += 1
                params = message.get("params") or {}
                if message.get("method") == method and (uri is None or params.get("uri") == uri):
                    return dict(params)
            self._take(deadline)

    def initialize(self, options: dict[str, Any] | None = None) -> dict[str, Any]:
        """The handshake: ``initialize`` then ``initialized``; returns the capabilities."""
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "capabilities": {},
                "initializationOptions": options or {},
            },
        )
        self.notify("initialized", {})
        return dict(result["capabilities"])

    def open(self, path: Path, text: str, language: str = "decree-rules") -> str:
        """Open a document; returns its URI."""
        uri = path.resolve().as_uri()
        item = {"uri": uri, "languageId": language, "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})
        return uri

    def close(self) -> int:
        """``shutdown`` and ``exit``; returns the server's exit code."""
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            return self.process.wait(timeout=TIMEOUT_S)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()


def position(text: str, needle: str, offset: int = 0) -> dict[str, int]:
    """The protocol position of ``needle``'s first occurrence in ``text``, plus ``offset``."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return {"line": line, "character": index - (text.rfind("\n", 0, index) + 1)}
