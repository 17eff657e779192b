"""``workbench h5``: the 智桂通 health-record H5 service (serve, self-assess, keys, audit)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.bootstrap import CliContext
from app.core.errors import InputError

if TYPE_CHECKING:
    from app.h5.config import H5Config

NAME = "h5"
HELP = "智桂通健康档案 H5 服务：启动服务（可演示模式）、应用层自评、密钥与审计日志"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the h5 actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="启动 H5 服务（FastAPI/uvicorn），页面在 / ，接口在 /api/h5/v1")
    serve.add_argument("--demo", action="store_true", help="演示模式：合成居民数据与智桂通模拟器（/sim/zgt/*）")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, default=8765, help="监听端口（默认 8765）")
    _common(serve)
    serve.add_argument(
        "--workers", type=int, default=1, help="工作进程数（状态全部在数据库中，多进程与单进程行为一致）"
    )
    assess = actions.add_parser("self-assess", help="生成本服务应用层的 mipin-case/1 自评草稿")
    assess.add_argument("-o", "--output", required=True, help="输出文件（JSON）")
    assess.add_argument("--config", help="配置文件（TOML），用于记录密钥来源")
    keygen = actions.add_parser("keygen", help="生成 H5 主密钥，保存到系统密钥环或密钥文件")
    where = keygen.add_mutually_exclusive_group(required=True)
    where.add_argument("--keyring", action="store_true", help="保存到系统密钥环")
    where.add_argument("--key-file", help="写入密钥文件（属主只读，已存在时不覆盖）")
    secret = actions.add_parser("set-zgt-secret", help="把智桂通应用密钥保存到系统密钥环")
    secret.add_argument("--stdin", action="store_true", help="从标准输入读取")
    verify = actions.add_parser("audit-verify", help="校验访问审计日志的 HMAC-SM3 链")
    verify.add_argument("--demo", action="store_true", help="校验演示数据库")
    _common(verify)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", dest="h5_db", help="H5 数据库地址（默认：数据目录下的 SQLite 文件）")
    parser.add_argument("--config", help="配置文件（TOML），见 docs/h5-deploy.md")


def _config(args: argparse.Namespace, ctx: CliContext, *, check_upstream: bool = True) -> H5Config:
    from app.h5.config import build_config, read_config_file

    file_data = read_config_file(Path(args.config)) if getattr(args, "config", None) else {}
    folder = ctx.paths.data_dir / "h5"
    demo = bool(getattr(args, "demo", False))
    default = folder / ("h5-demo.sqlite3" if demo else "h5.sqlite3")
    return build_config(
        file_data,
        demo=demo,
        db_url=getattr(args, "h5_db", None),
        default_db_url=f"sqlite+pysqlite:///{default}",
        demo_key_file=folder / "demo-master.key",
        check_upstream=check_upstream,
    )


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Dispatch to the action."""
    return {
        "serve": _serve,
        "self-assess": _self_assess,
        "keygen": _keygen,
        "set-zgt-secret": _set_secret,
        "audit-verify": _audit_verify,
    }[args.action](args, ctx)


def _serve(args: argparse.Namespace, ctx: CliContext) -> int:
    if not 0 < args.port < 65536:
        raise InputError("--port", "应为 1–65535")
    if not 1 <= args.workers <= 64:
        raise InputError("--workers", "应为 1–64")
    config = _config(args, ctx)
    from app.h5.server import serve

    mode = "演示模式（合成数据，智桂通模拟器）" if config.demo else "生产模式"
    print(f"智桂通健康档案 H5 服务 · {mode} · http://{args.host}:{args.port}/ · {args.workers} 个工作进程", flush=True)
    serve(config, ctx.secrets, host=args.host, port=args.port, workers=args.workers)
    return 0


def _self_assess(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.h5.crypto import sm4_gcm_encrypt
    from app.h5.selfassess import build_case

    config = _config(args, ctx, check_upstream=False)
    try:
        sm4_gcm_encrypt(bytes(16), b"probe", b"")
        sm4 = True
    except Exception:  # an OpenSSL without SM4: the draft says so (D ×)
        sm4 = False
    case = build_case(config, sm4_available=sm4)
    out = Path(args.output)
    try:
        out.write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError("--output", f"无法写入 {out}：{exc.strerror}") from exc
    print(f"已写入 {out}（mipin-case/1 草稿；用 workbench score {out} --partial 评分）")
    return 0


def _keygen(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.core.errors import SecretStoreError
    from app.h5.keys import KEYRING_KEY, encode_key, new_master_key, write_key_file

    key = new_master_key()
    if args.key_file:
        write_key_file(Path(args.key_file), key)
        print(f'已生成密钥文件 {args.key_file}（权限 600）；在配置文件中设置 keys.source = "file"')
        return 0
    if not ctx.secrets.available:
        raise SecretStoreError(ctx.secrets.backend_warning() or "no keyring")
    if ctx.secrets.get(KEYRING_KEY):
        raise InputError("--keyring", "系统密钥环中已有 H5 主密钥，不会覆盖（覆盖会使已加密的数据无法读取）")
    ctx.secrets.set(KEYRING_KEY, encode_key(key))
    print("已生成 H5 主密钥并保存到系统密钥环")
    return 0


def _set_secret(args: argparse.Namespace, ctx: CliContext) -> int:
    import getpass

    from app.core.errors import SecretStoreError
    from app.h5.config import ZGT_SECRET_KEY

    if not ctx.secrets.available:
        raise SecretStoreError(ctx.secrets.backend_warning() or "no keyring")
    value = sys.stdin.readline().rstrip("\n") if args.stdin else getpass.getpass("智桂通应用密钥：")
    if not value:
        raise InputError("secret", "密钥为空")
    ctx.secrets.set(ZGT_SECRET_KEY, value)
    print("已保存到系统密钥环")
    return 0


def _audit_verify(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.h5.audit import AuditLog
    from app.h5.crypto import H5Keys
    from app.h5.db import current_revision, make_engine, sqlite_file
    from app.h5.keys import load_master_key

    config = _config(args, ctx, check_upstream=False)
    file = sqlite_file(config.db_url)
    if file is not None and not file.exists():
        raise InputError("--db", f"数据库文件不存在：{file}")
    engine = make_engine(config.db_url, read_only=True)
    if current_revision(engine) is None:
        engine.dispose()
        raise InputError("--db", "该数据库中没有 H5 服务的数据")
    try:
        master = load_master_key(
            source=config.key_source,
            key_file=Path(config.key_file) if config.key_file else None,
            secrets=ctx.secrets,
            demo=config.demo,
            demo_key_file=Path(config.demo_key_file),
        )
        result = AuditLog(H5Keys.derive(master)).verify(engine)
    finally:
        engine.dispose()
    if result.ok:
        print(f"审计日志完整：{result.records} 条记录，HMAC-SM3 链校验通过")
        return 0
    print(f"审计日志校验失败：{result.reason}（已校验 {result.records} 条）")
    return 1
