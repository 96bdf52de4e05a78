"""Words: the only layer that turns facts (steps) into sentences."""
