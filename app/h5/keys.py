"""Where the H5 master key comes from: the OS keyring or a key file named in the config, never the database.

A key file holds the 32-byte key base64-encoded on one line (``workbench h5 keygen --key-file``
writes one) and must be readable by its owner only. The database stores only a key check value,
so a service started with the wrong key refuses to run instead of writing unreadable rows.

For ``--demo`` on a machine without a usable keyring (a headless server), the key of the
synthetic data lives in a key file in the data folder, created owner-only; the service logs
a warning saying so. Real deployments name the key file (or use the keyring) explicitly.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import stat
from pathlib import Path

from app.core.errors import InputError, SecretStoreError
from app.core.secrets import SecretStore
from app.h5.crypto import MASTER_KEY_BYTES

log = logging.getLogger(__name__)

KEYRING_KEY = "h5-master-key"


def new_master_key() -> bytes:
    """A fresh random 256-bit master key."""
    return os.urandom(MASTER_KEY_BYTES)


def encode_key(key: bytes) -> str:
    """The text form of a key (base64, one line)."""
    return base64.b64encode(key).decode("ascii")


def decode_key(text: str, where: str) -> bytes:
    """Parse the text form of a key.

    Raises:
        InputError: Not base64 of exactly 32 bytes.
    """
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InputError(where, "密钥不是有效的 base64 文本") from exc
    if len(key) != MASTER_KEY_BYTES:
        raise InputError(where, f"密钥长度应为 {MASTER_KEY_BYTES} 字节，实际 {len(key)} 字节")
    return key


def read_key_file(path: Path) -> bytes:
    """Read a key file, refusing one that others can read.

    Raises:
        InputError: Missing, readable by group/others, or not a valid key.
    """
    where = f"keys.key_file ({path})"
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(where, "密钥文件不存在或无法读取") from exc
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(where, "密钥文件只能由属主读写（chmod 600）")
    return decode_key(path.read_text(encoding="ascii", errors="replace"), where)


def write_key_file(path: Path, key: bytes) -> None:
    """Create a key file owner-only (refuses to overwrite an existing one).

    Raises:
        InputError: The file exists already.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError as exc:
        raise InputError(str(path), "密钥文件已存在，不会覆盖") from exc
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(encode_key(key) + "\n")


def load_master_key(
    *, source: str, key_file: Path | None, secrets: SecretStore, demo: bool, demo_key_file: Path
) -> bytes:
    """Load the master key from the configured source.

    Args:
        source: ``keyring`` or ``file``.
        key_file: The key file (``source == "file"``).
        secrets: The OS keyring.
        demo: Demo mode: a missing key is created (keyring if usable, else ``demo_key_file``).
        demo_key_file: Where the demo key lives when there is no usable keyring.

    Raises:
        InputError: No key configured or found, or a key file is unsafe.
    """
    if source == "file":
        if key_file is None:
            raise InputError("keys.key_file", "keys.source = file 时必须给出密钥文件路径")
        return read_key_file(key_file)
    if source != "keyring":
        raise InputError("keys.source", "应为 keyring 或 file")
    if demo and demo_key_file.exists():
        # A demo database made on a machine without a keyring keeps its key in the data folder.
        return read_key_file(demo_key_file)
    if secrets.available:
        try:
            stored = secrets.get(KEYRING_KEY)
        except SecretStoreError as exc:
            raise InputError("keys.source", exc.user_message()) from exc
        if stored:
            return decode_key(stored, f"keyring:{KEYRING_KEY}")
        if demo:
            key = new_master_key()
            secrets.set(KEYRING_KEY, encode_key(key))
            log.info("created the H5 demo master key in the OS keyring")
            return key
        raise InputError("keys", "系统密钥环中没有 H5 主密钥；请先运行 workbench h5 keygen --keyring")
    if not demo:
        raise InputError("keys", "没有可用的系统密钥环；请在配置文件中用 keys.key_file 指定密钥文件")
    if not demo_key_file.exists():
        write_key_file(demo_key_file, new_master_key())
        log.warning("no keyring: the H5 demo key (synthetic data only) is in %s", demo_key_file)
    return read_key_file(demo_key_file)
