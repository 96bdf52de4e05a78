"""Decides: rules and records in, findings as facts (typed steps) out; writes no prose."""
