"""The command-line entry point: the composition root of the workbench.

This package is the only place in ``app`` that may import ``ui`` or ``reports``, and only lazily,
inside the command that needs them, so headless commands never load Qt.
"""
