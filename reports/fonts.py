"""Register the bundled CJK TrueType font with reportlab (embedded and subset in every PDF).

reportlab cannot use CFF/OTF outlines, so the bundled font is WenQuanYi Micro Hei (glyf TTC).
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.core.paths import resource_path

FONT_NAME = "WQYMicroHei"
"""The reportlab font name to use in styles and table commands."""

_registered = False
_lock = threading.Lock()


def register_fonts() -> str:
    """Register the bundled font once and return its reportlab name (thread-safe)."""
    global _registered
    with _lock:
        if _registered:
            return FONT_NAME
        font = TTFont(FONT_NAME, str(resource_path("fonts", "wqy-microhei.ttc")), subfontIndex=0)
        pdfmetrics.registerFont(font)
        # One face for all styles: bold/italic Chinese is drawn with the same face.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT_NAME, bold, italic, FONT_NAME)
        _registered = True
        return FONT_NAME
