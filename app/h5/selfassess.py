"""``workbench h5 self-assess``: a ``mipin-case/1`` draft of the H5 service's own application layer.

The platform the service belongs to is a level-3 密评 target, so the service describes its own
cryptography the way an assessor would record it — as plain JSON data (this module never
imports the 密评 engine). The draft is honest about what the code alone cannot show:

* AD-5 / AD-7 / DC-5: SM4-GCM field encryption and the HMAC-SM3 chains are implemented (D √,
  A √); the master key sits in the OS keyring or a key file, not in a certified cryptographic
  module, so K is × until the key moves into a 服务器密码机/KMS;
* AD-2: each session's binding to its archive carries an HMAC-SM3, checked on every request;
* AD-4 / AD-6: transport security is the TLCP gateway's (docs/h5-deploy.md); they stay
  **untested** — the assessor checks the deployed gateway (``workbench score --partial``);
* AD-1: residents are authenticated by 智桂通's real-name login (a third-party identity
  service); D is × and high-risk item 9.1 is recorded as mitigated by that service;
* AD-3 / AD-8: not applicable (no security labels; viewing one's own archive involves no
  legal liability).

Every other unit of the level-3 catalogue is left out (untested): this is a draft of one layer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.h5.config import H5Config

OBJECT = "智桂通健康档案H5服务"
STORE = "H5服务数据库（档案读模型、会话、反馈）"
AUDIT = "H5服务访问审计日志"


def _key_record(config: H5Config) -> str:
    where = f"密钥文件 {config.key_file}" if config.key_source == "file" else "操作系统密钥环"
    return (
        f"主密钥（256 位）保存在{where}，不存数据库；按用途以 HKDF-SM3 派生子密钥。"
        "未使用经认证的密码模块（服务器密码机/KMS），K 判 ×。"
    )


def build_case(config: H5Config, *, sm4_available: bool) -> dict[str, Any]:
    """The ``mipin-case/1`` draft for the service described by ``config``."""
    key = _key_record(config)
    sm4 = ["SM4"] if sm4_available else []
    stamp = datetime.now(UTC).astimezone().strftime("%Y-%m-%d")
    units: list[dict[str, Any]] = [
        {
            "id": "AD-1",
            "record": "居民经智桂通 APP 实名登录，H5 以一次性令牌在服务端调用 getUserInfoByToken 换取实名身份，"
            "再按证件号码与姓名匹配档案；本服务自身未用密码技术鉴别用户。",
            "objects": [
                {
                    "name": "居民登录（智桂通令牌交换）",
                    "D": "×",
                    "record": "身份鉴别依赖智桂通第三方实名身份服务；会话令牌为 256 位随机数，仅保存其 HMAC-SM3。",
                }
            ],
        },
        {
            "id": "AD-2",
            "objects": [
                {
                    "name": "会话与档案的绑定关系",
                    "D": "√",
                    "A": "√",
                    "K": "×",
                    "algorithms": ["HMAC-SM3"],
                    "record": "每个会话与档案的绑定（令牌摘要、档案、人员假名、过期时间）带 HMAC-SM3，每次请求校验。"
                    + key,
                }
            ],
        },
        {"id": "AD-3", "applicable": False, "na_reason": "系统未使用安全标记。"},
        {
            "id": "AD-4",
            "record": "服务部署在 TLCP/TLS 终结网关之后（见 docs/h5-deploy.md），"
            "传输机密性由网关保障，需现场核查网关配置。",
            "objects": [{"name": "居民终端—TLCP 网关—H5 服务"}],
        },
        {
            "id": "AD-5",
            "objects": [
                {
                    "name": STORE,
                    "D": "√" if sm4_available else "×",
                    "A": "√" if sm4_available else "×",
                    "K": "×",
                    "algorithms": [*sm4, "HMAC-SM3"],
                    "record": "证件号码、姓名、电话、反馈内容以 SM4-GCM 字段级加密存储（随机 96 位 IV，"
                    "以表/列/行为附加数据）；证件号码以 HMAC-SM3 盲索引查找，从不以明文查询。" + key,
                }
            ],
        },
        {
            "id": "AD-6",
            "record": "传输完整性由 TLCP 网关保障，需现场核查。",
            "objects": [{"name": "居民终端—TLCP 网关—H5 服务"}],
        },
        {
            "id": "AD-7",
            "objects": [
                {
                    "name": AUDIT,
                    "D": "√",
                    "A": "√",
                    "K": "×",
                    "algorithms": ["HMAC-SM3"],
                    "record": "访问审计日志逐条以 HMAC-SM3 链式保护（含前一条 MAC），链头加锁；"
                    "workbench h5 audit-verify 可发现改动、删除、重排和截断。" + key,
                },
                {
                    "name": STORE,
                    "D": "√" if sm4_available else "×",
                    "A": "√" if sm4_available else "×",
                    "K": "×",
                    "algorithms": [*sm4],
                    "record": "加密字段的 SM4-GCM 认证标签保护其完整性，改动后解密失败。" + key,
                },
            ],
        },
        {
            "id": "AD-8",
            "applicable": False,
            "na_reason": "居民仅查看本人档案并提交纠错申请，不涉及法律责任认定的业务。",
        },
        {
            "id": "DC-5",
            "objects": [
                {
                    "name": AUDIT,
                    "D": "√",
                    "A": "√",
                    "K": "×",
                    "algorithms": ["HMAC-SM3"],
                    "record": "审计记录只存假名（HMAC-SM3），不存身份；链式 HMAC-SM3 保护完整性。" + key,
                }
            ],
        },
    ]
    return {
        "format": "mipin-case/1",
        "system": {
            "name": "梧州市健康档案智桂通H5服务（应用层自评草稿）",
            "level": 3,
            "client": "梧州市卫生健康委员会",
            "assessor": f"H5 服务自评（workbench h5 self-assess，{stamp}）",
        },
        "threshold": 60,
        "units": units,
        "compensations": [],
        "risk_decisions": [
            {
                "item": "9.1",
                "unit": "AD-1",
                "object": "居民登录（智桂通令牌交换）",
                "decision": "mitigated",
                "reason": "用户身份由智桂通实名身份服务（第三方身份鉴别服务）保证。",
                "mitigation": "智桂通 APP 实名登录 + 服务端 getUserInfoByToken 核验，令牌一次性使用。",
            }
        ],
    }
