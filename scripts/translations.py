#!/usr/bin/env python3
"""Refresh the Qt Linguist sources: extract strings from ui/, fill English from the glossary.

    .venv/bin/python scripts/translations.py     # update resources/translations/workbench_en.ts

The source language is Simplified Chinese. ``en_glossary.json`` maps each Chinese source text
to its English translation; strings without an entry stay "unfinished" and are listed, so a
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
GLOSSARY = ROOT / "resources" / "translations" / "en_glossary.json"


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), *sources, "-no-obsolete", "-source-language", "zh_CN", "-target-language", "en", "-ts", str(TS)],
        cwd=ROOT,
        check=True,
    )
    glossary: dict[str, str] = json.loads(GLOSSARY.read_text(encoding="utf-8"))
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
