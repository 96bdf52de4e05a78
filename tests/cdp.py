"""A small Chrome DevTools Protocol client: a real headless Chromium, driven over websockets.

>>> with Browser(chromium) as browser:  # doctest: +SKIP
...     page = browser.open("file:///tmp/report.html")
...     page.evaluate("document.title")
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


class Page:
    """One tab, attached to with a flat session."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call ``method`` in this tab and return its result."""
        return self.browser.send(method, session=self.session, **params)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited if a promise)."""
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> None:
        """Wait until ``expression`` is true in the page."""
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {expression}")
            time.sleep(0.05)

    def screenshot(self, path: Path, *, width: int = 1280, height: int = 1400) -> None:
        """A PNG of the page's top, ``width`` by ``height`` CSS pixels."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))


class Browser:
    """A headless Chromium with its own new profile, stopped (and waited for) on exit."""

    def __init__(self, program: Path, *extra: str) -> None:
        self.program = program
        self.extra = extra
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        # Chromium's helpers may still write to the profile as it is removed.
        self._profile = tempfile.TemporaryDirectory(
            prefix="decree-chromium-", ignore_cleanup_errors=True
        )
        self.process = subprocess.Popen(
            [
                str(self.program),
                *FLAGS,
                f"--user-data-dir={self._profile.name}",
                "--remote-debugging-port=0",
                *self.extra,
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its helper processes are stopped with it
        )
        self._stack = contextlib.ExitStack()
        try:
            self.socket: ClientConnection = self._stack.enter_context(
                connect(self._address(), max_size=None, open_timeout=30)
            )
        except BaseException:
            self._stop()
            raise
        return self

    def _address(self) -> str:
        assert self.process.stderr is not None
        deadline = time.monotonic() + 60
        for line in self.process.stderr:
            found = _LISTENING.search(line)
            if found:
                return found.group(1)
            if time.monotonic() > deadline:
                break
        raise AssertionError(f"chromium did not start (exit {self.process.poll()})")

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
        self._stop()

    def _stop(self) -> None:
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait()
        self._signal(signal.SIGKILL)  # a helper that outlived the browser
        if self.process.stderr is not None:
            self.process.stderr.close()
        self._profile.cleanup()

    def _signal(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, number)  # the group this browser leads

    def send(self, method: str, *, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Call ``method`` and return its result; events that come meanwhile are kept."""
        ident = next(self._ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        while True:
            reply = json.loads(self.socket.recv(timeout=60))
            if reply.get("id") == ident:
                if "error" in reply:
                    raise AssertionError(f"{method} failed: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def open(self, url: str) -> Page:
        """A new tab on ``url``, loaded, with its network requests recorded."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        page.send("Network.enable")
        page.send("Page.enable")
        page.send("Page.navigate", url=url)
        page.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")
        return page

    def requested(self) -> list[str]:
        """The URL of every request any tab made."""
        return [
            event["params"]["request"]["url"]
            for event in self.events
            if event.get("method") == "Network.requestWillBeSent"
        ]
