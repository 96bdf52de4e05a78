"""The language server of rule and scenario files (``decree-rules lsp``, extra ``[lsp]``).

:mod:`~decree_rules.apps.lsp.analysis` answers the editor's questions as plain values,
:mod:`~decree_rules.apps.lsp.server` speaks the protocol (pygls); only the server imports
pygls, and nothing imports this package but the ``lsp`` command.
"""

from __future__ import annotations


def serve_command() -> int:
    """Run the server over stdio; without pygls, a ``DR-U050`` error that names the extra."""
    try:
        from decree_rules.apps.lsp.server import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol", "cattrs"):
            raise
        from decree_rules.core.diagnostics import UsageError
        from decree_rules.core.source import Location

        raise UsageError(
            f"decree-rules lsp needs pygls and lsprotocol, which are not installed ({exc})",
            Location("decree-rules lsp"),
            code="DR-U050",
            hint="install the extra: pip install 'decree_rules[lsp]'",
            args={"missing": getattr(exc, "name", None)},
        ) from None
    return serve()
