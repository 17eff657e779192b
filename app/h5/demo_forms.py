"""Synthetic national forms for the demo: 高血压/2型糖尿病随访服务记录表 and 健康体检表.

The field names follow h5-health-records.md §7.2 (``HypertensionFollowup``, ``DiabetesFollowup``,
``HealthExam``), the values the 填表说明 of 国家基本公共卫生服务规范（第三版）. Every value is
drawn from a seeded :class:`random.Random`, so the same seed gives the same forms.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from functools import cache
from typing import Any

from app.core.paths import resource_path

HTN_SYMPTOMS = ("头痛头晕", "恶心呕吐", "眼花耳鸣", "呼吸困难", "心悸胸闷", "鼻衄出血不止", "四肢发麻", "下肢水肿")
T2DM_SYMPTOMS = ("多饮", "多食", "多尿", "视力模糊", "感染", "手脚麻木", "下肢浮肿", "体重明显下降")
HTN_DRUGS = (
    ("苯磺酸氨氯地平片", 1, "5", "mg"),
    ("硝苯地平缓释片", 2, "20", "mg"),
    ("厄贝沙坦片", 1, "150", "mg"),
    ("缬沙坦胶囊", 1, "80", "mg"),
    ("吲达帕胺片", 1, "2.5", "mg"),
    ("琥珀酸美托洛尔缓释片", 1, "47.5", "mg"),
)
T2DM_DRUGS = (
    ("盐酸二甲双胍片", 3, "0.5", "g"),
    ("格列美脲片", 1, "2", "mg"),
    ("阿卡波糖片", 3, "50", "mg"),
    ("磷酸西格列汀片", 1, "100", "mg"),
)
INSULINS = (
    ("门冬胰岛素30注射液", "早餐前 12 单位、晚餐前 10 单位，皮下注射"),
    ("甘精胰岛素注射液", "睡前 10 单位，皮下注射"),
)
VISIT_WAYS = ("门诊", "家庭", "电话")


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    # A plain walk: random.choices rebuilds its cumulative table on every call (5× slower here).
    r = rng.random() * sum(weights.values())
    last = ""
    for key, weight in weights.items():
        r -= weight
        last = key
        if r < 0:
            return key
    return last


def _meds(rng: random.Random, pool: tuple[tuple[str, int, str, str], ...], n: int) -> list[dict[str, Any]]:
    out = []
    for seq, (name, times, dose, unit) in enumerate(rng.sample(pool, n), start=1):
        out.append(
            {"seq": seq, "drugName": name, "timesPerDay": times, "dosePerTime": dose, "unit": unit, "usage": "口服"}
        )
    return out


def followup_payload(
    rng: random.Random,
    *,
    kind: str,
    visit: date,
    next_visit: date | None,
    height_m: float,
    weight: float,
    age: int,
    org: str,
    doctor: str,
    lost: bool = False,
) -> dict[str, Any]:
    """One 随访服务记录表 (``kind`` ``HTN`` or ``T2DM``) with every field of the national form."""
    way = _pick(rng, {"门诊": 0.55, "家庭": 0.3, "电话": 0.15})
    if lost:
        return {
            "visitDate": visit.isoformat(),
            "visitWay": way,
            "lostReason": rng.choice(("外出务工，电话未接通", "暂住外地，联系不上", "本人拒绝随访")),
            "visitClass": "失访",
            "nextVisitDate": next_visit.isoformat() if next_visit else None,
            "doctorName": doctor,
            "orgName": org,
        }
    sbp = int(rng.gauss(138 if kind == "HTN" else 132, 12))
    dbp = int(rng.gauss(84, 8))
    bmi = round(weight / height_m**2, 1)
    heart = int(rng.gauss(76, 8))
    symptoms = [] if rng.random() < 0.6 else rng.sample(HTN_SYMPTOMS if kind == "HTN" else T2DM_SYMPTOMS, 1)
    adverse = rng.random() < 0.05
    smoke = 0 if rng.random() < 0.7 else rng.choice((5, 10, 20))
    drink = 0 if rng.random() < 0.7 else rng.choice((1, 2, 3))
    target_w = round(min(weight, 24 * height_m**2), 1)
    common: dict[str, Any] = {
        "visitDate": visit.isoformat(),
        "visitWay": way,
        "symptoms": symptoms or ["无症状"],
        "symptomOther": "",
        "sbp": sbp,
        "dbp": dbp,
        "weight": round(weight, 1),
        "weightTarget": target_w,
        "bmi": bmi,
        "bmiTarget": round(target_w / height_m**2, 1),
        "heartRate": heart,
        "signOther": "",
        "smokePerDay": smoke,
        "smokeTarget": 0,
        "drinkPerDay": drink,
        "drinkTarget": 0 if drink == 0 else 1,
        "exerciseTimesPerWeek": rng.choice((0, 2, 3, 5, 7)),
        "exerciseMinutes": rng.choice((15, 30, 45, 60)),
        "exerciseTimesTarget": 5,
        "exerciseMinutesTarget": 30,
        "psychAdjust": _pick(rng, {"良好": 0.75, "一般": 0.2, "差": 0.05}),
        "complianceBehavior": _pick(rng, {"良好": 0.7, "一般": 0.25, "差": 0.05}),
        "auxExam": "",
        "medAdherence": _pick(rng, {"规律": 0.75, "间断": 0.2, "不服药": 0.05}),
        "adverseReaction": {"present": adverse, "detail": "服药后轻度踝部水肿" if adverse else ""},
        "referral": None,
        "nextVisitDate": next_visit.isoformat() if next_visit else None,
        "doctorName": doctor,
        "orgName": org,
    }
    if kind == "HTN":
        common["saltIntake"] = _pick(rng, {"轻": 0.4, "中": 0.45, "重": 0.15})
        common["saltTarget"] = "轻"
        common["medications"] = _meds(rng, HTN_DRUGS, rng.choice((1, 1, 2)))
        controlled = sbp < (150 if age >= 65 else 140) and dbp < 90
    else:
        fbg = round(max(4.2, rng.gauss(7.4, 1.4)), 1)
        common["stapleFoodGramsPerDay"] = rng.choice((250, 300, 350, 400))
        common["stapleFoodTarget"] = 250
        common["dorsalisPedisPulse"] = _pick(rng, {"触及正常": 0.9, "减弱": 0.08, "消失": 0.02})
        common["fbg"] = fbg
        common["hba1c"] = round(rng.gauss(7.2, 0.8), 1) if rng.random() < 0.4 else None
        common["hba1cDate"] = visit.isoformat() if common["hba1c"] is not None else None
        common["hypoglycemia"] = _pick(rng, {"无": 0.85, "偶尔": 0.13, "频繁": 0.02})
        common["medications"] = _meds(rng, T2DM_DRUGS, rng.choice((1, 1, 2)))
        common["insulin"] = None
        if rng.random() < 0.15:
            name, usage = rng.choice(INSULINS)
            common["insulin"] = {"type": name, "usage": usage}
        controlled = fbg < 7.0
    if adverse:
        common["visitClass"] = "不良反应"
    elif rng.random() < 0.02:
        common["visitClass"] = "并发症"
        common["referral"] = {
            "reason": "血压（血糖）控制不佳，建议上级医院调整方案",
            "orgDept": "梧州市红十字会医院 内分泌科",
        }
    else:
        common["visitClass"] = "控制满意" if controlled else "控制不满意"
    return common


@cache
def ref_ranges() -> dict[str, dict[str, Any]]:
    """The reference ranges of ``resources/h5-service/terms.json`` by item code."""
    data = json.loads(resource_path("h5-service", "terms.json").read_text(encoding="utf-8"))
    return {r["itemCode"]: r for r in data["refRanges"]}


def _range(code: str, sex: str) -> tuple[float, float]:
    r = ref_ranges()[code]
    if "male" in r:
        low, high = r["male"] if sex == "1" else r["female"]
        return float(low), float(high)
    return float(r["low"]), float(r["high"])


def _lab(code: str, value: float, sex: str) -> dict[str, Any]:
    r = ref_ranges()[code]
    low, high = _range(code, sex)
    flag, text = "", ""
    if value > high:
        flag, text = "↑", "偏高"
    elif value < low and low > 0:
        flag, text = "↓", "偏低"
    ref = f"<{high:g}" if low == 0 else f"{low:g}～{high:g}"
    if code == "HDL":
        ref = f"≥{low:g}"
        flag, text = ("↓", "偏低") if value < low else ("", "")
    return {
        "group": r["group"],
        "itemCode": code,
        "itemName": r["itemName"],
        "value": value,
        "unit": r["unit"],
        "refRange": ref,
        "abnormalFlag": flag,
        "abnormalText": text,
    }


def _labs(rng: random.Random, sex: str, diabetic: bool) -> list[dict[str, Any]]:
    male = sex == "1"
    values = {
        "HGB": round(rng.gauss(142 if male else 128, 12)),
        "WBC": round(rng.gauss(6.2, 1.5), 1),
        "PLT": round(rng.gauss(220, 50)),
        "FBG": round(max(3.8, rng.gauss(7.6 if diabetic else 5.4, 1.3 if diabetic else 0.6)), 1),
        "ALT": round(max(5, rng.gauss(26, 12))),
        "AST": round(max(8, rng.gauss(24, 8))),
        "ALB": round(rng.gauss(44, 3), 1),
        "TBIL": round(max(3, rng.gauss(12, 5)), 1),
        "DBIL": round(max(0.5, rng.gauss(3.5, 1.5)), 1),
        "SCR": round(rng.gauss(82 if male else 62, 15)),
        "BUN": round(rng.gauss(5.4, 1.3), 1),
        "K": round(rng.gauss(4.2, 0.35), 2),
        "NA": round(rng.gauss(141, 2.2)),
        "TC": round(max(2.5, rng.gauss(5.0, 0.9)), 2),
        "TG": round(max(0.4, rng.gauss(1.6, 0.7)), 2),
        "LDL": round(max(1.0, rng.gauss(3.0, 0.7)), 2),
        "HDL": round(max(0.6, rng.gauss(1.3, 0.3)), 2),
    }
    labs = [_lab(code, float(v), sex) for code, v in values.items()]
    labs.insert(
        3,
        {
            "group": "尿常规",
            "itemCode": "URINE",
            "itemName": "尿蛋白/尿糖/尿酮体/尿潜血",
            "value": "－/" + ("＋" if diabetic and rng.random() < 0.3 else "－") + "/－/－",
            "unit": "",
            "refRange": "均为阴性（－）",
            "abnormalFlag": "",
            "abnormalText": "",
        },
    )
    ecg = _pick(rng, {"正常": 0.8, "窦性心动过缓": 0.08, "ST-T 改变": 0.08, "左心室高电压": 0.04})
    labs.append(
        {
            "group": "心电图",
            "itemCode": "ECG",
            "itemName": "心电图",
            "value": ecg,
            "unit": "",
            "refRange": "正常",
            "abnormalFlag": "" if ecg == "正常" else "异常",
            "abnormalText": "" if ecg == "正常" else "异常",
        }
    )
    return labs


def exam_payload(
    rng: random.Random,
    *,
    day: date,
    sex: str,
    age: int,
    height_m: float,
    weight: float,
    diabetic: bool,
    hypertensive: bool,
    org: str,
    doctor: str,
    drugs: list[dict[str, Any]],
) -> dict[str, Any]:
    """One 健康体检表 with its sections (症状 … 健康指导)."""
    sbp = int(rng.gauss(140 if hypertensive else 124, 12))
    dbp = int(rng.gauss(84 if hypertensive else 76, 8))
    bmi = round(weight / height_m**2, 1)
    labs = _labs(rng, sex, diabetic)
    abnormal = [
        f"{lab['itemName']}{lab['abnormalText']}（{lab['value']}{lab['unit']}）" for lab in labs if lab["abnormalText"]
    ]
    if sbp >= 140 or dbp >= 90:
        abnormal.insert(0, f"血压偏高（{sbp}/{dbp} mmHg）")
    if bmi >= 24:
        abnormal.append("超重" if bmi < 28 else "肥胖")
    elderly = age >= 65
    general: dict[str, Any] = {
        "temperature": round(rng.uniform(36.2, 37.0), 1),
        "pulse": int(rng.gauss(75, 8)),
        "respiration": rng.choice((16, 17, 18, 19, 20)),
        "bpLeft": f"{sbp}/{dbp}",
        "bpRight": f"{sbp + rng.randint(-4, 4)}/{dbp + rng.randint(-3, 3)}",
        "height": round(height_m * 100, 1),
        "weight": round(weight, 1),
        "waist": round(rng.gauss(86 if sex == "1" else 80, 7), 1),
        "bmi": bmi,
    }
    if elderly:
        general.update(
            {
                "elderlyHealthSelfAssess": _pick(
                    rng, {"满意": 0.4, "基本满意": 0.45, "说不清楚": 0.1, "不太满意": 0.05}
                ),
                "elderlySelfCareLevel": _pick(
                    rng, {"可自理（0～3分）": 0.85, "轻度依赖（4～8分）": 0.12, "中度依赖（9～18分）": 0.03}
                ),
                "elderlyCognition": "粗筛阴性",
                "elderlyEmotion": "粗筛阴性",
            }
        )
    problems = []
    if hypertensive and rng.random() < 0.15:
        problems.append("心脏疾病：冠心病")
    if diabetic and rng.random() < 0.1:
        problems.append("眼部疾病：糖尿病视网膜病变")
    return {
        "header": {"examDate": day.isoformat(), "orgName": org, "doctorName": doctor},
        "symptoms": ["无症状"]
        if rng.random() < 0.6
        else rng.sample(("头晕", "乏力", "关节肿痛", "视力模糊", "手脚麻木"), 1),
        "general": general,
        "lifestyle": {
            "exerciseFrequency": _pick(rng, {"每天": 0.3, "每周一次以上": 0.3, "偶尔": 0.25, "不锻炼": 0.15}),
            "exerciseMinutes": rng.choice((20, 30, 40, 60)),
            "exerciseYears": rng.randint(1, 20),
            "exerciseType": rng.choice(("散步", "广场舞", "太极拳", "骑自行车")),
            "diet": rng.sample(("荤素均衡", "荤食为主", "素食为主", "嗜盐", "嗜油", "嗜糖"), 1),
            "smoking": _pick(rng, {"从不吸烟": 0.7, "已戒烟": 0.1, "吸烟": 0.2}),
            "drinking": _pick(rng, {"从不": 0.65, "偶尔": 0.25, "经常": 0.08, "每天": 0.02}),
            "occupationalExposure": "无",
        },
        "organFunction": {
            "lips": "红润",
            "dentition": _pick(rng, {"正常": 0.6, "缺齿": 0.3, "义齿（假牙）": 0.1}),
            "pharynx": "无充血",
            "visionLeft": round(rng.uniform(0.5, 1.2), 1),
            "visionRight": round(rng.uniform(0.5, 1.2), 1),
            "hearing": _pick(rng, {"听见": 0.9, "听不清或无法听见": 0.1}),
            "motorFunction": _pick(rng, {"可顺利完成": 0.92, "无法独立完成任何一个动作": 0.08}),
        },
        "physical": {
            "fundus": "未检",
            "skin": "正常",
            "sclera": "正常",
            "lymphNodes": "未触及",
            "lung": {"barrelChest": "否", "breathSound": "正常", "rales": "无"},
            "heart": {"rate": general["pulse"], "rhythm": "齐", "murmur": "无"},
            "abdomen": {
                "tenderness": "无",
                "mass": "无",
                "hepatomegaly": "无",
                "splenomegaly": "无",
                "shiftingDullness": "无",
            },
            "legEdema": _pick(rng, {"无": 0.9, "单侧": 0.04, "双侧不对称": 0.03, "双侧对称": 0.03}),
            "dorsalisPedisPulse": "触及双侧对称" if diabetic else "未检",
        },
        "labs": labs,
        "problems": problems,
        "hospitalizations": [],
        "medications": [
            {
                "drugName": d["drugName"],
                "usage": d["usage"],
                "dose": f"每次{d['dosePerTime']}{d['unit']}，每日{d['timesPerDay']}次",
                "duration": "长期",
                "adherence": "规律",
            }
            for d in drugs
        ],
        "vaccinations": [{"name": "流感疫苗", "date": (day - timedelta(days=40)).isoformat(), "org": org}]
        if elderly and rng.random() < 0.3
        else [],
        "assessment": {"normal": not abnormal, "abnormal": abnormal[:4]},
        "guidance": {
            "managedChronic": hypertensive or diabetic,
            "recheck": bool(abnormal),
            "referral": False,
            "riskControl": [x for x in ("戒烟" if rng.random() < 0.2 else "", "饮食", "锻炼") if x]
            + (["减体重"] if bmi >= 24 else []),
            "weightTargetKg": round(min(weight, 24 * height_m**2), 1) if bmi >= 24 else None,
        },
    }
