"""The rule language: grammar, parsing, the frozen model of a decree, validation, the
formatter and the loader. Knows no dates of events and no files of records.

``grammar`` builds the one parser; ``parse`` turns text into model nodes, block by block;
``syntax_help`` words its syntax errors; ``assemble`` groups a block's items into clauses;
``validate`` checks what the rules mean; ``load`` reads rule files and is the entry point
(``load_decree``); ``format`` writes a decree back as text.
"""
