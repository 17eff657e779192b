"""Backups (工具 menu): automatic rotating backups whose failures stay visible, 立即备份, 从备份恢复…."""

from __future__ import annotations

from ui.host.protocol import Feature, WindowHost


def install(host: WindowHost) -> object:
    """Add the backup entries to the 工具 menu; automatic backups start with the interactive session."""
    from ui.features.backups.feature import BackupsFeature

    return BackupsFeature(host)


FEATURE = Feature("backups", install)
