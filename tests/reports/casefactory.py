"""Synthetic but realistic level-3 mipin-case/1 cases for the report tests and benchmarks.

``demo_case_data()`` returns the bundled demo case when it exists (resources/demo/demo-case.json)
and otherwise an equivalent hand-written one; ``make_large_case(objects=1000)`` spreads that
many test objects over the 22 technical units (it uses tests/bench/casegen.py when that
generator exists, so both benchmarks measure the same case).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILE = ROOT / "resources" / "demo" / "demo-case.json"

TECHNICAL = [
    "PE-1", "PE-2", "PE-3", "NC-1", "NC-2", "NC-3", "NC-4", "NC-5", "DC-1", "DC-2", "DC-3",
    "DC-4", "DC-5", "DC-6", "AD-1", "AD-2", "AD-3", "AD-4", "AD-5", "AD-6", "AD-7", "AD-8",
]  # fmt: skip
MANAGEMENT = [
    "MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6", "PM-1", "PM-2", "PM-3", "PM-4", "PM-5",
    "BO-1", "BO-2", "BO-3", "BO-4", "BO-5", "ER-1", "ER-2", "ER-3",
]  # fmt: skip

SYSTEM = {
    "name": "梧州市全民健康信息平台（示例）",
    "level": 3,
    "client": "梧州市卫生健康委员会",
    "assessor": "广西示例密码测评技术有限公司",
    "report_no": "GXMP-2026-0917",
}


def _ok(name: str, record: str, algorithms: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "D": "√", "A": "√", "K": "√", "record": record}
    if algorithms:
        out["algorithms"] = algorithms
    out.update(extra)
    return out


def _obj(name: str, d: str, a: str | None, k: str | None, record: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "D": d, "record": record}
    if a is not None:
        out["A"] = a
    if k is not None:
        out["K"] = k
    out.update(extra)
    return out


def _hand_written_demo() -> dict[str, Any]:
    units: list[dict[str, Any]] = [
        {
            "id": "PE-1",
            "objects": [
                _obj(
                    "主机房电子门禁系统",
                    "√",
                    "×",
                    "×",
                    "门禁卡为 CPU 卡，采用 SM4 一卡一密挑战-响应鉴别；读卡器安全模块未取得商用密码产品认证证书，"
                    "密钥由厂商工具生成并明文导入。",
                    algorithms=["SM4"],
                ),
            ],
        },
        {
            "id": "PE-2",
            "objects": [
                _obj(
                    "门禁进出记录",
                    "×",
                    None,
                    None,
                    "门禁记录以明文存储于门禁管理服务器数据库，未采用 MAC 或数字签名保护完整性。",
                )
            ],
        },
        {
            "id": "PE-3",
            "objects": [
                _obj("视频监控记录", "×", None, None, "NVR 录像未采用密码技术进行完整性保护。"),
            ],
        },
        {
            "id": "NC-1",
            "objects": [
                _ok(
                    "政务外网 SSL VPN 通道",
                    "采用经认证的 SSL VPN 安全网关，TLCP 协议，SM2 证书双向鉴别。",
                    ["SM2", "SM3", "SM4"],
                    protocols=["TLCP"],
                ),
                _obj(
                    "互联网 HTTPS 访问通道",
                    "√",
                    "×",
                    "√",
                    "负载均衡设备使用 TLS 1.2 与 RSA-2048 证书，未使用国密算法。",
                    algorithms=["RSA-2048", "AES-128", "SHA-256"],
                    protocols=["TLS 1.2"],
                ),
            ],
        },
        {
            "id": "NC-2",
            "objects": [
                _ok(
                    "政务外网 SSL VPN 通道",
                    "TLCP 记录层 HMAC-SM3 保护通信数据完整性。",
                    ["HMAC-SM3"],
                    protocols=["TLCP"],
                ),
                _obj(
                    "互联网 HTTPS 访问通道",
                    "√",
                    "×",
                    "√",
                    "TLS 1.2 使用 HMAC-SHA256。",
                    algorithms=["HMAC-SHA256"],
                    protocols=["TLS 1.2"],
                ),
            ],
        },
        {
            "id": "NC-3",
            "objects": [
                _ok("政务外网 SSL VPN 通道", "TLCP 采用 SM4 加密通信数据。", ["SM4"], protocols=["TLCP"]),
                _obj(
                    "互联网 HTTPS 访问通道",
                    "√",
                    "×",
                    "√",
                    "TLS 1.2 使用 AES-128-GCM 加密。",
                    algorithms=["AES-128"],
                    protocols=["TLS 1.2"],
                ),
            ],
        },
        {
            "id": "NC-4",
            "objects": [_obj("边界防火墙访问控制策略", "×", None, None, "防火墙策略配置未采用 MAC 进行完整性保护。")],
        },
        {"id": "NC-5", "applicable": False, "na_reason": "系统不存在从外部连接到内部网络的设备，不涉及安全接入认证。"},
        {
            "id": "DC-1",
            "objects": [
                _ok("堡垒机", "运维人员使用 SM2 智能密码钥匙登录堡垒机。", ["SM2", "SM3"], module_level=2),
                _obj("应用服务器（麒麟 V10）", "×", None, None, "操作系统仅使用口令登录，未采用密码技术进行身份鉴别。"),
                _obj("数据库服务器", "×", None, None, "数据库管理系统仅使用口令登录。"),
            ],
        },
        {
            "id": "DC-2",
            "objects": [
                _ok("堡垒机", "通过 IPSec VPN 接入运维区，运维通道采用 SM4 加密。", ["SM4"], protocols=["IPSec"]),
                _obj(
                    "应用服务器（麒麟 V10）",
                    "√",
                    "×",
                    "√",
                    "SSH-2 远程管理，使用 AES-256 与 ECDSA-P256。",
                    algorithms=["AES-256", "ECDSA-P256"],
                    protocols=["SSH-2"],
                ),
            ],
        },
        {
            "id": "DC-3",
            "objects": [_obj("应用服务器（麒麟 V10）", "×", None, None, "系统访问控制信息未做完整性保护。")],
        },
        {"id": "DC-4", "applicable": False, "na_reason": "系统未使用安全标记，本测评单元不适用。"},
        {
            "id": "DC-5",
            "objects": [
                _obj(
                    "日志服务器",
                    "√",
                    "√",
                    "×",
                    "日志采用 HMAC-SM3 完整性保护，密钥以明文形式存放于配置文件。",
                    algorithms=["HMAC-SM3"],
                    module_level=1,
                ),
            ],
        },
        {
            "id": "DC-6",
            "objects": [
                _obj("应用服务器（麒麟 V10）", "×", None, None, "重要可执行程序未采用数字签名验证来源真实性。")
            ],
        },
        {
            "id": "AD-1",
            "objects": [
                _ok("平台管理端", "管理员使用 SM2 数字证书（智能密码钥匙）登录，签名验签服务器验证。", ["SM2", "SM3"]),
                _obj(
                    "居民服务移动端",
                    "√",
                    "√",
                    "×",
                    "采用 SM2 协同签名，密钥分量存储不符合要求。",
                    algorithms=["SM2"],
                    module_level=1,
                ),
            ],
        },
        {
            "id": "AD-2",
            "objects": [_obj("平台管理端", "×", None, None, "权限表未做完整性保护。")],
        },
        {"id": "AD-3", "applicable": False, "na_reason": "业务应用未使用安全标记。"},
        {
            "id": "AD-4",
            "objects": [
                _obj(
                    "居民健康档案数据（传输）",
                    "√",
                    "×",
                    "√",
                    "应用层采用 AES-256 加密传输敏感字段。",
                    algorithms=["AES-256"],
                ),
            ],
        },
        {
            "id": "AD-5",
            "objects": [
                _ok("居民健康档案数据（存储）", "敏感字段使用服务器密码机 SM4 加密存储。", ["SM4"], module_level=2),
                _obj("业务附件文件", "√", "×", "√", "附件使用 AES-256 加密存储。", algorithms=["AES-256"]),
            ],
        },
        {
            "id": "AD-6",
            "objects": [
                _obj(
                    "居民健康档案数据（传输）",
                    "√",
                    "√",
                    "√",
                    "应用层使用 HMAC-SM3 保护传输完整性。",
                    algorithms=["HMAC-SM3"],
                ),
            ],
        },
        {
            "id": "AD-7",
            "objects": [
                _obj(
                    "居民健康档案数据（存储）",
                    "√",
                    "√",
                    "×",
                    "使用 HMAC-SM3，密钥由应用自行保管。",
                    algorithms=["HMAC-SM3"],
                ),
                _obj(
                    "业务附件文件",
                    "×",
                    None,
                    None,
                    "附件仅计算 SM3 杂凑值，未使用 MAC 或数字签名。",
                    algorithms=["SM3"],
                ),
            ],
        },
        {
            "id": "AD-8",
            "applicable": False,
            "na_reason": "平台不涉及可能需要法律责任认定的原发与接收行为。",
        },
    ]
    results = {
        "MS-1": "符合", "MS-2": "部分符合", "MS-3": "符合", "MS-4": "部分符合", "MS-5": "符合", "MS-6": "部分符合",
        "PM-1": "符合", "PM-2": "部分符合", "PM-3": "符合", "PM-4": "不符合", "PM-5": "符合",
        "BO-1": "符合", "BO-2": "部分符合", "BO-3": "符合", "BO-4": "符合", "BO-5": "不符合",
        "ER-1": "符合", "ER-2": "部分符合", "ER-3": "符合",
    }  # fmt: skip
    for unit_id in MANAGEMENT:
        units.append({"id": unit_id, "result": results[unit_id], "record": f"{unit_id} 访谈与文档审查记录。"})
    return {
        "format": "mipin-case/1",
        "system": dict(SYSTEM),
        "threshold": 60,
        "units": units,
        "compensations": [
            {
                "unit": "AD-4",
                "object": "居民健康档案数据（传输）",
                "from_unit": "NC-3",
                "from_object": "政务外网 SSL VPN 通道",
            }
        ],
        "risk_decisions": [
            {
                "item": "8.1",
                "unit": "DC-1",
                "object": "应用服务器（麒麟 V10）",
                "decision": "mitigated",
                "mitigation": "服务器仅能经堡垒机运维，堡垒机采用 SM2 证书鉴别且无高风险。",
            },
            {
                "item": "8.1",
                "unit": "DC-1",
                "object": "数据库服务器",
                "decision": "mitigated",
                "mitigation": "数据库服务器仅能经堡垒机运维。",
            },
        ],
    }


def demo_case_data() -> dict[str, Any]:
    """The demo case: the bundled file when present, else the hand-written equivalent."""
    if DEMO_FILE.exists():
        return json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return _hand_written_demo()


def hand_written_demo() -> dict[str, Any]:
    """The hand-written demo (always available; independent of the engine engineer's file)."""
    return _hand_written_demo()


_PATTERNS: list[tuple[str, str | None, str | None, dict[str, Any]]] = [
    ("√", "√", "√", {"algorithms": ["SM2", "SM3", "SM4"]}),
    ("√", "×", "√", {"algorithms": ["RSA-2048", "AES-256"]}),
    ("√", "√", "×", {"algorithms": ["SM4"], "module_level": 1}),
    ("√", "×", "×", {"algorithms": ["3DES-2KEY"]}),
    ("×", None, None, {}),
    ("√", "√", "√", {"algorithms": ["SM4"]}),
    ("/", "/", "/", {}),
    ("√", "×", "√", {"algorithms": ["RSA-1024"]}),
]


def make_large_case(units: int = 41, objects: int = 1000) -> dict[str, Any]:
    """A level-3 case with ``objects`` test objects spread over the technical units.

    Every unit is tested; management results cycle through 符合/部分符合/不符合. Uses
    ``tests.bench.casegen.make_large_case`` when it exists.
    """
    try:
        from tests.bench.casegen import make_large_case as upstream  # type: ignore[import-not-found]
    except ImportError:
        pass
    else:
        return upstream(units=units, objects=objects)  # type: ignore[no-any-return]
    data = copy.deepcopy(_hand_written_demo())
    data["system"]["name"] = "梧州市区域卫生信息大平台（1000 对象示例）"
    tech = [u for u in data["units"] if u["id"] in TECHNICAL and u.get("applicable", True)]
    for unit in tech:
        unit["objects"] = []
    for i in range(objects):
        unit = tech[i % len(tech)]
        d, a, k, extra = _PATTERNS[(i // len(tech)) % len(_PATTERNS)]
        obj: dict[str, Any] = {"name": f"测评对象-{i + 1:04d}（{unit['id']}）", "D": d}
        if a is not None:
            obj["A"] = a
        if k is not None:
            obj["K"] = k
        obj.update(copy.deepcopy(extra))
        obj["record"] = f"对象 {i + 1} 的现场核查记录：配置检查、协议抓包与密钥管理访谈结果。"
        unit["objects"].append(obj)
    # The first object of every unit must count so that no applicable unit ends up all-excluded.
    for unit in tech:
        first = unit["objects"][0]
        first.update({"D": "√", "A": "√", "K": "√"})
    data["compensations"] = []
    data["risk_decisions"] = []
    return data
