"""``decree-rules serve``: the HTTP service of contract section 6 (extra ``[service]``).

:func:`~decree_rules.apps.service.app.make_app` makes the ASGI application (Starlette);
:func:`serve` runs it with uvicorn. See ``docs/embedding.rst``.
"""
