"""Hypothesis profiles: ``ci`` (default, reproducible) and ``dev`` (more examples).

Choose one with the environment variable ``HYPOTHESIS_PROFILE``.
"""

from __future__ import annotations

import os

from hypothesis import settings

# ci: the same examples on every run, so a red build is reproducible; no deadline because
# shared CI machines have noisy timings; print_blob so a failure can be replayed locally.
settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The golden scenario files fail on purpose (tests/test_scenarios.py reads them): the
# plugin that collects *.scenario files must not run them as tests.
collect_ignore_glob = ["golden/*"]
