"""Scenario files: tests of the rules that legal staff write, run and read."""
