"""Reusable widgets of the casework tabs: score panel, unit panel, delegates, editors."""
