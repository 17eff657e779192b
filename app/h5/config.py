"""The H5 service's configuration: a TOML file (``--config``) plus command-line overrides.

Every value is validated once, here; a bad value is an :class:`~app.core.errors.InputError`
naming the key (``limits.session_per_minute: …``), so ``workbench h5 serve`` prints one line and
exits 2. No secret is ever in the file: the master key comes from the OS keyring or a key file
(``keys.key_file``), the 智桂通 app secret from the keyring. See docs/h5-deploy.md §3.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core.errors import InputError

DEFAULT_SDK_URL = "https://zgtapp.zwfw.gxzf.gov.cn/zgt-h5/js/transferPlatformTool.min.js"
NOTICE_VERSION = "2026-12"
ZGT_SECRET_KEY = "h5-zgt-app-secret"


@dataclass(frozen=True)
class Limits:
    """Rate limits (fixed one-minute windows, counted in the shared database) and the body limit."""

    ip_per_minute: int = 600
    session_per_minute: int = 120
    exchange_per_ip_per_minute: int = 30
    body_bytes: int = 65536


@dataclass(frozen=True)
class ZgtSettings:
    """How the 智桂通 identity port is reached.

    Attributes:
        mode: ``http`` (the real platform through :class:`~app.h5.zgt.HttpZgtClient`) or
            ``simulator`` (only with ``--demo``).
        url: Base URL of the getUserInfoByToken endpoint (``http`` mode).
        app_id: The app id registered with 智桂通; the app secret is in the keyring.
        timeout_seconds: Per-attempt time-out; one retry on a network error only.
    """

    mode: str = "http"
    url: str = ""
    app_id: str = ""
    timeout_seconds: float = 3.0


@dataclass(frozen=True)
class H5Config:
    """The resolved configuration of one H5 service (also handed to ``--workers`` processes as JSON)."""

    db_url: str
    demo: bool = False
    archive_db_url: str | None = None
    demo_residents: int = 2000
    demo_seed: int = 450400
    key_source: str = "keyring"
    key_file: str | None = None
    demo_key_file: str = ""
    zgt: ZgtSettings = field(default_factory=ZgtSettings)
    idle_minutes: int = 15
    absolute_minutes: int = 120
    limits: Limits = field(default_factory=Limits)
    trusted_proxies: tuple[str, ...] = ()
    sdk_url: str = DEFAULT_SDK_URL
    allow_fuzzy_rare_chars: bool = True
    notice_version: str = NOTICE_VERSION
    access_log: bool = True

    @property
    def simulator(self) -> bool:
        """Whether the /sim/zgt/* routes and the simulated identity port are on (demo mode only)."""
        return self.demo and self.zgt.mode == "simulator"

    def to_json(self) -> str:
        """Serialise for worker processes (holds no secret)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> H5Config:
        """The inverse of :meth:`to_json`."""
        data = json.loads(text)
        data["zgt"] = ZgtSettings(**data["zgt"])
        data["limits"] = Limits(**data["limits"])
        data["trusted_proxies"] = tuple(data["trusted_proxies"])
        return cls(**data)


def _int(section: dict[str, Any], key: str, where: str, default: int, lo: int, hi: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InputError(f"{where}.{key}", f"应为 {lo}–{hi} 之间的整数")
    return value


def _str(section: dict[str, Any], key: str, where: str, default: str) -> str:
    value = section.get(key, default)
    if not isinstance(value, str):
        raise InputError(f"{where}.{key}", "应为字符串")
    return value


_KNOWN = {
    "database": {"url", "archive_url"},
    "keys": {"source", "key_file"},
    "zgt": {"mode", "url", "app_id", "timeout_seconds"},
    "session": {"idle_minutes", "absolute_minutes"},
    "limits": {"ip_per_minute", "session_per_minute", "exchange_per_ip_per_minute", "body_bytes"},
    "proxy": {"trusted"},
    "page": {"sdk_url"},
    "matching": {"allow_fuzzy_rare_chars"},
    "demo": {"residents", "seed"},
    "log": {"access_log"},
}


def read_config_file(path: Path) -> dict[str, Any]:
    """Parse a TOML config file and reject unknown sections and keys.

    Raises:
        InputError: Unreadable, not TOML, or an unknown key.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError("--config", f"无法读取配置文件 {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError("--config", f"配置文件不是有效的 TOML：{exc}") from exc
    for section, body in data.items():
        if section not in _KNOWN or not isinstance(body, dict):
            raise InputError(section, "未知的配置节")
        for key in body:
            if key not in _KNOWN[section]:
                raise InputError(f"{section}.{key}", "未知的配置项")
    return data


def build_config(
    file_data: dict[str, Any],
    *,
    demo: bool,
    db_url: str | None,
    default_db_url: str,
    demo_key_file: Path,
    check_upstream: bool = True,
) -> H5Config:
    """Validate the file's values and apply the command-line overrides.

    Args:
        file_data: The parsed config file (empty without ``--config``).
        demo: ``--demo``.
        db_url: ``--db``, overriding ``database.url``.
        default_db_url: The database when neither is given.
        demo_key_file: Where the demo's key lives without a keyring.
        check_upstream: Require the 智桂通 endpoint in production mode (not for ``self-assess``).

    Raises:
        InputError: A value is out of range or inconsistent (e.g. the simulator outside demo mode).
    """
    db = file_data.get("database", {})
    keys = file_data.get("keys", {})
    zgt = file_data.get("zgt", {})
    session = file_data.get("session", {})
    limits = file_data.get("limits", {})
    proxy = file_data.get("proxy", {})
    page = file_data.get("page", {})
    matching = file_data.get("matching", {})
    demo_section = file_data.get("demo", {})
    log_section = file_data.get("log", {})

    url = db_url or _str(db, "url", "database", "") or default_db_url
    archive_url = _str(db, "archive_url", "database", "") or None
    mode = _str(zgt, "mode", "zgt", "simulator" if demo else "http")
    if mode not in ("http", "simulator"):
        raise InputError("zgt.mode", "应为 http 或 simulator")
    if mode == "simulator" and not demo:
        raise InputError("zgt.mode", "智桂通模拟器只能在演示模式（--demo）下使用")
    timeout = zgt.get("timeout_seconds", 3.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0.1 <= timeout <= 30:
        raise InputError("zgt.timeout_seconds", "应为 0.1–30 之间的秒数")
    zgt_settings = ZgtSettings(
        mode=mode,
        url=_str(zgt, "url", "zgt", ""),
        app_id=_str(zgt, "app_id", "zgt", ""),
        timeout_seconds=float(timeout),
    )
    source = _str(keys, "source", "keys", "keyring")
    if source not in ("keyring", "file"):
        raise InputError("keys.source", "应为 keyring 或 file")
    key_file = _str(keys, "key_file", "keys", "") or None
    if source == "file" and not key_file:
        raise InputError("keys.key_file", "keys.source = file 时必须给出密钥文件路径")
    trusted = proxy.get("trusted", [])
    if not isinstance(trusted, list) or not all(isinstance(x, str) for x in trusted):
        raise InputError("proxy.trusted", "应为 IP 地址字符串的列表")
    fuzzy = matching.get("allow_fuzzy_rare_chars", True)
    if not isinstance(fuzzy, bool):
        raise InputError("matching.allow_fuzzy_rare_chars", "应为 true 或 false")
    access_log = log_section.get("access_log", True)
    if not isinstance(access_log, bool):
        raise InputError("log.access_log", "应为 true 或 false")
    sdk_url = _str(page, "sdk_url", "page", DEFAULT_SDK_URL)
    if not sdk_url.startswith("https://"):
        raise InputError("page.sdk_url", "智桂通 JS SDK 地址必须是 https://")
    idle = _int(session, "idle_minutes", "session", 15, 1, 120)
    absolute = _int(session, "absolute_minutes", "session", 120, idle, 24 * 60)
    config = H5Config(
        db_url=url,
        demo=demo,
        archive_db_url=archive_url,
        demo_residents=_int(demo_section, "residents", "demo", 2000, 10, 5_000_000),
        demo_seed=_int(demo_section, "seed", "demo", 450400, 0, 2**31 - 1),
        key_source=source,
        key_file=key_file,
        demo_key_file=str(demo_key_file),
        zgt=zgt_settings,
        idle_minutes=idle,
        absolute_minutes=absolute,
        limits=Limits(
            ip_per_minute=_int(limits, "ip_per_minute", "limits", 600, 1, 10_000_000),
            session_per_minute=_int(limits, "session_per_minute", "limits", 120, 1, 10_000_000),
            exchange_per_ip_per_minute=_int(limits, "exchange_per_ip_per_minute", "limits", 30, 1, 10_000_000),
            body_bytes=_int(limits, "body_bytes", "limits", 65536, 1024, 1 << 20),
        ),
        trusted_proxies=tuple(trusted),
        sdk_url=sdk_url,
        allow_fuzzy_rare_chars=fuzzy,
        access_log=access_log,
    )
    upstream_ok = zgt_settings.url.startswith(("https://", "http://")) and zgt_settings.app_id
    if check_upstream and mode == "http" and not upstream_ok:
        raise InputError("zgt.url", "生产模式需要配置智桂通接口地址 zgt.url 和应用标识 zgt.app_id")
    return config


def with_overrides(config: H5Config, **changes: Any) -> H5Config:
    """A copy of ``config`` with some fields replaced (tests, the embedded preview)."""
    return replace(config, **changes)
