"""Load on the HTTP service: requests per second and latency of 1,000-event checks.

Starts ``decree-rules serve`` on 127.0.0.1 (a free port), sends ``--requests`` POST
/v1/check requests of one 1,000-event world from ``--clients`` threads, and prints the
rate and the p50 / p95 latency. Bounded: at most ``--requests`` requests and
``--max-seconds`` of sending; every request has a 60 s timeout; the server is stopped at
the end. Run by hand (``pip install -e '.[service]'``), not in CI::

    python benchmarks/service.py --requests 60 --clients 2
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def world(events: int) -> dict[str, Any]:
    """A generated national world cut to ``events`` events (refs kept inside the cut)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--events", str(events), "--out", folder],
            check=True, capture_output=True,
        )  # fmt: skip
        actors = [json.loads(line) for line in (out / "actors.jsonl").open(encoding="utf-8")]
        kept: list[dict[str, Any]] = []
        ids: set[str] = set()
        for line in (out / "events.jsonl").open(encoding="utf-8"):
            event = json.loads(line)
            if event.get("ref") in (None, *ids):
                kept.append(event)
                ids.add(event["id"])
            if len(kept) == events:
                break
    return {"as_of": "2025-12-31", "actors": actors, "events": kept}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def post(url: str, body: bytes) -> float:
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"status {answer.status}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args()

    data = world(args.events)
    body = json.dumps(data).encode()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "decree_rules", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/v1/health", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        post(url + "/v1/check", body)  # warm up: the first request builds the plan
        latencies: list[float] = []
        lock = threading.Lock()
        left = [args.requests]
        stop_at = time.monotonic() + args.max_seconds

        def client() -> None:
            while time.monotonic() < stop_at:
                with lock:
                    if left[0] == 0:
                        return
                    left[0] -= 1
                took = post(url + "/v1/check", body)
                with lock:
                    latencies.append(took)

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print(f"{len(data['events'])} events, {len(data['actors'])} actors, "
          f"{len(body):,} bytes a request; {len(latencies)} requests from {args.clients} "
          f"clients in {wall:.1f} s")  # fmt: skip
    p50 = statistics.median(latencies)
    print(f"{len(latencies) / wall:.2f} requests/s; p50 {p50 * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
