"""The H5 service for the benchmark, in its own process: the real app plus one bare FastAPI JSON route.

    python -m tests.bench.h5_server_child FOLDER PORT

The bare route ``GET /bench/bare`` is added to the same FastAPI app behind the same middleware, so
the ratio of the two throughputs is the cost of what ``me/summary`` does (session, rate limits,
audit chain, archive queries, masking), not of the server around it.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))


def main() -> None:
    import uvicorn

    from app.core.secrets import SecretStore
    from app.h5.api import create_app
    from app.h5.config import build_config
    from app.h5.runtime import open_runtime
    from tests.bench.h5data import SEED
    from tests.memkeyring import MemoryKeyring

    folder, port, residents = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    big = 10_000_000
    config = build_config(
        {
            "keys": {"source": "file", "key_file": str(folder / "master.key")},
            "demo": {"residents": residents, "seed": SEED},
            "limits": {"ip_per_minute": big, "session_per_minute": big, "exchange_per_ip_per_minute": big},
            "log": {"access_log": False},
        },
        demo=True,
        db_url=f"sqlite+pysqlite:///{folder / 'h5.sqlite3'}",
        default_db_url="",
        demo_key_file=folder / "unused.key",
    )
    runtime = open_runtime(config, SecretStore(MemoryKeyring()))
    app = create_app(runtime, purge=False, server_process=True)  # as `workbench h5 serve` does

    async def bare() -> dict[str, object]:
        return {"ok": True, "items": [1, 2, 3], "message": "bare FastAPI JSON endpoint"}

    app.app.add_api_route("/bench/bare", bare, methods=["GET"])
    uvicorn.run(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False, http="httptools", loop="uvloop"
    )


if __name__ == "__main__":
    main()
