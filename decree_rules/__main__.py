"""``python -m decree_rules``: the same command as ``decree-rules``."""

from decree_rules.apps.cli import main

raise SystemExit(main())
