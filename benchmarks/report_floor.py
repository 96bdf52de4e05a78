#!/usr/bin/env python3
"""The report's floor: write the findings of a JSON report with the standard library only.

    python benchmarks/report_floor.py REPORT.json

Loads the report that ``decree-rules check --format json`` wrote (not timed), then times
encoding every finding again with one ``json.JSONEncoder(ensure_ascii=False)``, the
fastest way the standard library has. That is the least any Python checker that writes
this contract's report must spend on its output alone, before reading a row or counting a
deadline. Prints ``{"seconds": ..., "findings": ...}``.
"""

from __future__ import annotations

import json
import sys
import time


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        findings = json.load(handle)["findings"]
    encode = json.JSONEncoder(ensure_ascii=False).encode
    start = time.perf_counter()
    for finding in findings:
        encode(finding)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "findings": len(findings)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
