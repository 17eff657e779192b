"""帮助: the offline user guide (the docs rendered in the app) and the keyboard-shortcut list."""

from __future__ import annotations

from ui.host.protocol import Feature, WindowHost


def install(host: WindowHost) -> object:
    """Add 用户指南 (F1) and 键盘快捷键 to the 帮助 menu."""
    from ui.features.help.feature import HelpFeature

    return HelpFeature(host)


FEATURE = Feature("help", install)
