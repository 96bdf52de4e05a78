"""Time: working-day calendars, their overrides, zones, and the arithmetic of terms."""
