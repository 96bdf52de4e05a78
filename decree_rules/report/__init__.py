"""Outputs for people and systems: the JSON, text and HTML reports."""
