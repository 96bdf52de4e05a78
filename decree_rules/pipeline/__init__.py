"""Composition roots: read, evaluate and write, in one process or on every core."""
