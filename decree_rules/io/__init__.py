"""Records in and out of files: the actor registry and the event log, with every check."""
