"""Case packages (文件 menu): export a case with its evidence as ``.wbcase`` (optionally sealed), import one."""

from __future__ import annotations

from ui.host.protocol import Feature, WindowHost


def install(host: WindowHost) -> object:
    """Add 导入案例包 and 导出案例包 to the 文件 menu's import/export section."""
    from ui.features.packages.actions import PackageActions

    return PackageActions(host)


FEATURE = Feature("packages", install)
