"""Front ends: the command line (and later the language server and the service)."""
