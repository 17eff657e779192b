"""测评项目 (文件 menu): new case, the case list, the case header, mipin-case/1 import and export."""

from __future__ import annotations

from ui.host.protocol import Feature, WindowHost


def install(host: WindowHost) -> object:
    """Add the case entries of the 文件 menu."""
    from ui.features.cases.feature import CasesFeature

    return CasesFeature(host)


FEATURE = Feature("cases", install)
