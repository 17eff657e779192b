"""Case-package benchmarks: export and import a 41-unit, 1,000-object case with 100 MB of evidence.

The evidence is 100 files of 1 MiB random (incompressible) bytes, like screenshots and packet
captures, attached to the case's objects. Export writes the package (streamed, every evidence
file re-hashed) and import verifies and installs it into a second, empty store (paths, sizes,
manifest, per-member SHA-256, archive digest, the case through the engine, one transaction).
Both also run encrypted (scrypt n = 2^17, SM4-GCM when available). Baseline: copying the same
100 MB of evidence files with ``shutil.copyfile``. Best of two runs; peak RSS of the whole
benchmark process shows the evidence is streamed, never held in memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from app.core.clock import LOCAL_ZONE  # noqa: E402
from app.core.paths import AppPaths  # noqa: E402
from app.mipin.bundle import load_bundle  # noqa: E402
from app.mipin.cases import import_case  # noqa: E402
from app.mipin.evidence.records import stored_path as evidence_path  # noqa: E402
from app.mipin.packages import default_cipher, export_package, import_package  # noqa: E402
from app.mipin.tables import Evidence  # noqa: E402
from app.store import audit  # noqa: E402
from app.store.store import Store  # noqa: E402
from tests.bench.casegen import make_large_case  # noqa: E402
from tests.bench.rss import peak_rss_kb  # noqa: E402

TIMEOUT = 240
EVIDENCE_FILES = 100
EVIDENCE_SIZE = 1 << 20
PASSPHRASE = "benchmark-passphrase"


def _store(folder: Path) -> Store:
    paths = AppPaths.resolve(folder)
    paths.ensure()
    return Store.open(paths)


def _seed(store: Store) -> int:
    case_id = import_case(store, make_large_case(units=41, objects=1000))
    targets = [(u.id, o.name) for u in load_bundle(store, case_id).case.units for o in u.objects]
    rows = []
    for n in range(EVIDENCE_FILES):
        content = os.urandom(EVIDENCE_SIZE)
        sha = hashlib.sha256(content).hexdigest()
        path = evidence_path(store.paths, sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        unit_id, obj = targets[n * len(targets) // EVIDENCE_FILES]
        rows.append((sha, unit_id, obj, n))

    def add(s: Any) -> None:
        for sha, unit_id, obj, n in rows:
            s.add(
                Evidence(
                    case_id=case_id, unit_id=unit_id, object_name=obj, sha256=sha, original_name=f"截图-{n:03d}.png",
                    size=EVIDENCE_SIZE, kind="screenshot", method="配置检查", reliability=2, note="",
                    details={}, added_at=datetime(2026, 9, 20, 10, 0, tzinfo=LOCAL_ZONE),
                )
            )  # fmt: skip
        audit.append(s, case_id, "add_evidence", "bench", None, {"files": len(rows)})

    store.write(add)
    return case_id


def _best(fn: Callable[[int], object], runs: int = 2) -> float:
    best = float("inf")
    for run in range(runs):
        start = time.perf_counter()
        fn(run)
        best = min(best, time.perf_counter() - start)
    return round(best, 2)


def collect() -> list[dict[str, Any]]:
    """Export and import the big case, plain and encrypted, and the file-copy baseline."""
    with tempfile.TemporaryDirectory(prefix="bench-packages-") as tmp:
        folder = Path(tmp)
        source = _store(folder / "laptop-a")
        case_id = _seed(source)
        files = sorted(p for p in source.paths.evidence_dir.rglob("*") if p.is_file())

        def copy_files(run: int) -> None:
            target = folder / f"copy-{run}"
            target.mkdir()
            for path in files:
                shutil.copyfile(path, target / path.name)

        baseline = _best(copy_files)
        plain = folder / "case.wbcase"
        sealed = folder / "sealed.wbcase"
        export_plain = _best(lambda _run: export_package(source, case_id, plain))
        export_sealed = _best(lambda _run: export_package(source, case_id, sealed, passphrase=PASSPHRASE))
        size_mb = plain.stat().st_size / 1048576

        def importer(package: Path, passphrase: str | None) -> Callable[[int], object]:
            def run(n: int) -> object:
                store = _store(folder / f"laptop-b-{package.stem}-{n}")
                try:
                    return import_package(store, package, passphrase)
                finally:
                    store.close()

            return run

        import_plain = _best(importer(plain, None))
        import_sealed = _best(importer(sealed, PASSPHRASE))
        source.close()
    peak = round(peak_rss_kb() / 1024, 1)
    base = "copying the 100 MB of evidence files (shutil.copyfile)"
    cipher = default_cipher()
    return [
        {
            "metric": "case package export, 1,000 objects + 100 MB evidence",
            "value": export_plain,
            "unit": "s",
            "target": "< 5 s",
            "baseline": base,
            "baseline_value": baseline,
            "note": f"package {size_mb:.0f} MB",
        },
        {
            "metric": "case package import, 1,000 objects + 100 MB evidence",
            "value": import_plain,
            "unit": "s",
            "target": "< 5 s",
            "baseline": base,
            "baseline_value": baseline,
        },
        {
            "metric": f"case package export, encrypted ({cipher}, scrypt 2^17)",
            "value": export_sealed,
            "unit": "s",
            "target": "< 10 s",
            "baseline": base,
            "baseline_value": baseline,
        },
        {
            "metric": f"case package import, encrypted ({cipher})",
            "value": import_sealed,
            "unit": "s",
            "target": "< 10 s",
            "baseline": base,
            "baseline_value": baseline,
        },
        {
            "metric": "case packages: peak RSS of the whole benchmark",
            "value": peak,
            "unit": "MB",
            "target": "< 400 MB (evidence streamed)",
            "note": "includes scrypt's 128 MiB working memory (n = 2^17, r = 8) during encryption",
        },
    ]


if __name__ == "__main__":
    for row in collect():
        print(f"{row['metric']:<64} {row['value']:>8} {row['unit']}  {row.get('baseline', '')}")
