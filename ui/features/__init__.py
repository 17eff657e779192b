"""The features of the main window, in order: the one list behind the tabs, ``--tab``, the self-check and screenshots.

Each feature is a package here whose ``__init__`` declares ``FEATURE`` (see
:class:`ui.host.protocol.Feature`) and imports nothing heavy: the window draws its tab bar from
these declarations before any feature module is loaded. The order is the order of the tabs and
of the entries features add to shared menus. Features never import each other (import-linter).
"""

from __future__ import annotations

from ui.features import backups, cases, checklist, h5, help, packages, plan, reports, risks, sla
from ui.host.protocol import Feature

FEATURES: tuple[Feature, ...] = (
    cases.FEATURE,
    checklist.FEATURE,
    risks.FEATURE,
    plan.FEATURE,
    sla.FEATURE,
    h5.FEATURE,
    reports.FEATURE,
    packages.FEATURE,
    backups.FEATURE,
    help.FEATURE,
)

__all__ = ["FEATURES"]
