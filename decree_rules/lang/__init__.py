"""The rule language: grammar, parsing, the frozen model of a decree, validation, the
formatter and the loader. Knows no dates of events and no files of records."""
