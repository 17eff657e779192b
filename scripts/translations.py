#!/usr/bin/env python3
"""Refresh the Qt Linguist sources: extract strings from ui/, fill English from the glossary.

    .venv/bin/python scripts/translations.py     # update resources/translations/workbench_en.ts

The source language is Simplified Chinese. ``glossary/en-*.json`` (one file per feature, so
features are translated side by side without touching one shared file) map each Chinese source
text to its English translation; strings without an entry stay "unfinished" and are listed, so a
translator can finish them in Qt Linguist. The .qm files are built by scripts/dev.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "workbench_en.ts"
GLOSSARY_DIR = ROOT / "resources" / "translations" / "glossary"


def load_glossary() -> dict[str, str]:
    """Every feature's English glossary merged (a text translated twice must agree)."""
    merged: dict[str, str] = {}
    for path in sorted(GLOSSARY_DIR.glob("en-*.json")):
        for source, english in json.loads(path.read_text(encoding="utf-8")).items():
            if merged.get(source, english) != english:
                raise SystemExit(f"{path.name}: {source!r} is translated differently elsewhere")
            merged[source] = english
    return merged


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [
            str(lupdate),
            *sources,
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-ts",
            str(TS),
        ],
        cwd=ROOT,
        check=True,
    )
    glossary = load_glossary()
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in glossary:
            translation.text = glossary[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished":
            missing.append(source)
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for text in missing:
        print(f"untranslated: {text!r}")
    print(f"{TS.name}: {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
