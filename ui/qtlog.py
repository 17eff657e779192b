"""Route Qt's own messages (qDebug, qWarning…) into Python logging."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
# Harmless messages of the offscreen platform and QtWebEngine without a GPU (see env-notes.md).
_IGNORED = ("propagateSizeHints", "QRhiGles2", "Failed to initialize Vulkan", "Fallback to software")


def _handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(mode, logging.WARNING)
    if level <= logging.WARNING and any(token in message for token in _IGNORED):
        level = logging.DEBUG
    log.log(level, "%s (%s:%s)", message, context.file or "?", context.line)


def install() -> None:
    """Install the handler (idempotent)."""
    qInstallMessageHandler(_handler)
