"""Casework on an open case: its in-memory state, the edits, the session and the store editor."""
